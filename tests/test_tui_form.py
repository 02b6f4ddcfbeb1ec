"""The new-ticket form helps as it promises: topics suggested live from the text as it is typed
(as the CLI suggests them), ticked boxes that read without colour, labels never cut."""

from __future__ import annotations

from test_tui import app_for as app_over
from test_tui import screen_text, type_text
from test_tui_data import run_async, seeded_desk
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.domain.taxonomy import DEFAULT_TOPICS, suggest_topics
from helpdesk.services.desk import Desk
from helpdesk.tui.screens.new_ticket import TOPICS_HINT, TicketForm
from helpdesk.tui.widgets.toggles import TickList

BAKERY = "vorremmo vendere pane e dolci online"


def test_a_keyword_of_several_words_matches_with_words_between(cli: CliRunner) -> None:
    assert suggest_topics(BAKERY, DEFAULT_TOPICS) == ["ecommerce"]
    assert suggest_topics("vendere tutto il pane e i dolci online", DEFAULT_TOPICS) == []
    assert seeded_desk().tickets.suggest_topics(BAKERY) == ["ecommerce"]
    result = cli.invoke(app, ["add", BAKERY, "-c", "Forno Verdi"])
    assert result.exit_code == 0, result.output
    assert "topics suggested: ecommerce" in result.output


@run_async
async def test_topics_are_suggested_as_the_subject_is_typed(seeded: Desk) -> None:
    desk = seeded
    app = app_over(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, TicketForm)
        form.query_one("#subject").focus()
        await type_text(pilot, BAKERY)
        await pilot.pause()
        topics = form.query_one("#topics", TickList)
        assert topics.selected == ["ecommerce"]
        assert "suggested: E-commerce" in screen_text(app)


@run_async
async def test_ticked_and_unticked_boxes_differ_by_glyph_and_labels_are_whole(seeded: Desk) -> None:
    desk = seeded
    app = app_over(desk)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("n")
        form = app.screen
        text = " ".join(screen_text(app).split())
        # The hint wraps inside its column rather than being cut.
        for word in TOPICS_HINT.split():
            assert word in text
        topics = form.query_one("#topics", TickList)
        topics.select("ecommerce")
        await pilot.pause()
        lines = [topics.render_line(y).text for y in range(2)]
        assert lines[0].lstrip().startswith("▐X▌ E-commerce")
        assert lines[1].lstrip().startswith("▐ ▌ Grants")


@run_async
async def test_radio_choices_differ_by_glyph(seeded: Desk) -> None:
    desk = seeded
    app = app_over(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # #2, one pending follow-up
        await pilot.press("c")
        text = screen_text(app)
        assert "▐●▌ cancel them (1)" in text
        assert "▐ ▌ keep them in the agenda" in text
        await pilot.press("tab", "tab", "tab", "tab")  # to Close ticket, scrolled into view
        assert app.focused is not None and app.focused.id == "save"
        assert "Close ticket" in screen_text(app)
