"""The terminal UI's first use: a user who is not an adviser says who they are before anything."""

from __future__ import annotations

from pathlib import Path

from test_tui_data import frozen, log, run_async, staff
from textual.widgets import Input, OptionList, Static

from helpdesk.config import Settings
from helpdesk.services.factory import memory_desk, open_desk
from helpdesk.tui.app import make_app
from helpdesk.tui.screens.first_use import WhoAreYouScreen
from helpdesk.tui.screens.main import MainScreen

SIZE = (120, 40)


def _desk(actor: str = "root"):  # type: ignore[no-untyped-def]
    desk = staff(memory_desk(frozen(), actor=actor))
    log(desk, "Vendere online il pane", "Forno Verdi")
    return desk


@run_async
async def test_a_user_who_is_no_adviser_picks_one_before_anything() -> None:
    desk = _desk()
    app = make_app(desk, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WhoAreYouScreen)
        listing = app.screen.query_one("#who-advisers", OptionList)
        assert listing.option_count == 2
        await pilot.press("escape")  # does not skip the question
        assert isinstance(app.screen, WhoAreYouScreen)
        assert "Pick yourself" in str(app.screen.query_one("#who-error", Static).render())
        await pilot.press("n")  # no key acts behind the question: still asked
        assert isinstance(app.screen, WhoAreYouScreen)
        await pilot.press("down", "enter")  # gb, then ms, in key order
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert desk.actor == "ms"
    ticket = desk.tickets.add_note(1, "Richiamato")
    assert ticket.notes[-1].who == "ms"


@run_async
async def test_a_new_user_adds_themselves_and_changes_are_stamped_with_them() -> None:
    desk = _desk()
    app = make_app(desk, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        key = app.screen.query_one("#who-key", Input)
        assert key.value == "root"  # the user name, so that adding yourself sticks
        key.value = ""
        key.focus()
        await pilot.press("r", "b", "enter")
        await pilot.press(*"Rita", "space", *"Bassi")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert desk.actor == "rb"
    assert desk.directory.adviser("rb").name == "Rita Bassi"


@run_async
async def test_a_bad_key_keeps_the_question_and_what_was_typed() -> None:
    desk = _desk()
    app = make_app(desk, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        key = app.screen.query_one("#who-key", Input)
        key.value = ""
        key.focus()
        await pilot.press("m", "s", "enter", *"Altra", "enter")  # ms is taken
        await pilot.pause()
        assert isinstance(app.screen, WhoAreYouScreen)
        assert app.screen.query_one("#who-name", Input).value == "Altra"
        assert desk.actor == "root"


@run_async
async def test_an_adviser_is_not_asked() -> None:
    app = make_app(_desk("ms"), watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_added_under_the_user_name_you_are_known_next_time() -> None:
    desk = _desk()
    app = make_app(desk, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#who-name", Input).focus()
        await pilot.press(*"Rita", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert desk.actor == "root"
    again = make_app(desk, watch_interval=0)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, MainScreen)


@run_async
async def test_on_a_new_desk_with_no_advisers_you_add_yourself() -> None:
    desk = memory_desk(frozen(), actor="root")
    app = make_app(desk, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WhoAreYouScreen)
        assert app.screen.query_one("#who-advisers", OptionList).option_count == 0
        assert app.focused is not None and app.focused.id == "who-key"
        app.screen.query_one("#who-name", Input).value = "Rita Otti"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert [a.key for a in desk.directory.advisers()] == ["root"]


@run_async
async def test_the_views_count_for_the_adviser_picked(tmp_path: Path) -> None:
    """ "Mine" counts the picked adviser's tickets, not those of the unknown user the app opened
    as: on a file desk, whose reload keeps what it can of what was worked out before."""
    db = tmp_path / "tickets.json"
    first = staff(open_desk(Settings(db=db, adviser="ms"), clock=frozen()))
    log(first, "Vendere online il pane", "Forno Verdi")
    first.tickets.triage(1, assignee="ms")
    first.close()
    desk = open_desk(Settings(db=db, adviser="root"), clock=frozen())
    app = make_app(desk, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.index.counts()["mine"] == 0  # root has no tickets
        await pilot.press("down", "enter")  # gb, then ms
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert desk.actor == "ms"
        assert app.index.counts()["mine"] == 1
