"""Small things that add up: the filter bar keeps the last good list and wraps its message, and
every screen works at 80×24 as at 120×40."""

from __future__ import annotations

from test_tui import app_for, listed, screen_text, type_text
from test_tui_data import run_async, seeded_desk
from textual.widgets import Static

from helpdesk.tui.widgets.filter_bar import FilterBar


@run_async
async def test_a_bad_filter_keeps_the_last_good_list_and_wraps_its_message() -> None:
    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        before = listed(app)
        assert len(before) == 5  # +open
        await pilot.press("slash", "end")
        for bad in (" status:opne", " prio:hihg"):
            await type_text(pilot, bad)
            await pilot.pause()
            assert listed(app) == before, bad
            status = app.screen.query_one("#filter-status", Static)
            assert status.size.height > 1  # the message wraps rather than running off
            text = " ".join(screen_text(app).split())
            assert "not one of" in text or "fields are" in text
            for _ in bad:
                await pilot.press("backspace")
        await pilot.pause()
        bar = app.screen.query_one(FilterBar)
        assert not bar.has_class("-invalid")
        assert app.screen.query_one("#filter-status", Static).size.height == 1
        assert listed(app) == before
