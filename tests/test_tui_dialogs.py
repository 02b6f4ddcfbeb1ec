"""Dialogs never lose what the adviser typed: the close dialog, cancelling with typed text, and
the edit form that saves only what was changed (and asks about what someone else changed)."""

from __future__ import annotations

from test_tui import app_for, notices, open_ticket, plain, type_text
from test_tui_data import run_async, seeded_desk
from textual.widgets import Button, Input, OptionList, Static

from helpdesk.domain.enums import Status
from helpdesk.tui.screens.dialogs import DiscardDialog
from helpdesk.tui.screens.new_ticket import TicketForm
from helpdesk.tui.screens.ticket import TicketScreen
from helpdesk.tui.screens.ticket_dialogs import CloseDialog

SIZE = (120, 40)


def offered(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The outcomes the close dialog offers."""
    options = app.screen.query_one("#outcome", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


@run_async
async def test_close_dialog_offers_only_what_the_status_allows() -> None:
    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)  # new: nobody has worked on it
        await pilot.press("c")
        assert isinstance(app.screen, CloseDialog)
        assert offered(app) == ["withdrawn", "duplicate"]
        assert "closes only as" in plain(app.screen.query_one("#why", Static))
        await pilot.press("escape")
        await open_ticket_again(pilot, 5)  # in progress: everything
        await pilot.press("c")
        assert len(offered(app)) == 9


async def open_ticket_again(pilot, ref: int) -> None:  # type: ignore[no-untyped-def]
    """Back to the list and into another ticket."""
    await pilot.press("escape")
    await open_ticket(pilot, ref)


@run_async
async def test_a_refused_close_keeps_the_dialog_and_its_text() -> None:
    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 5)
        await pilot.press("c")
        await pilot.press("enter")
        await type_text(pilot, "Sent to the bank")
        # Someone closes it meanwhile: the save is refused, the dialog and the remark stay.
        desk.tickets.close(5, "advised")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CloseDialog)
        assert app.screen.query_one("#note", Input).value == "Sent to the bank"
        assert "already closed" in plain(app.screen.query_one("#close-error", Static))


@run_async
async def test_close_dialog_tab_order_and_cancel_asks() -> None:
    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 5)
        await pilot.press("c")
        dialog = app.screen
        assert app.focused is dialog.query_one("#outcome")
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#note")
        await type_text(pilot, "Sent")
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#followups")
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#cancel", Button)
        await pilot.press("enter")
        assert isinstance(app.screen, DiscardDialog)
        await pilot.press("enter")  # keep editing is the default
        assert app.screen is dialog
        assert dialog.query_one("#note", Input).value == "Sent"
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardDialog)
        await pilot.click("#discard")
        assert isinstance(app.screen, TicketScreen)
        assert desk.tickets.get(5).status is Status.IN_PROGRESS


@run_async
async def test_closing_asks_about_pending_followups() -> None:
    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 5)  # one follow-up pending
        await pilot.press("c", "enter", "enter")  # advised, no remark: cancel is the default
        await pilot.pause()
        ticket = desk.tickets.get(5)
        assert ticket.status is Status.CLOSED
        assert ticket.pending_followups() == []
        assert any("cancelled: ticket closed" in str(c.new) for c in ticket.history)
        assert any("closed (advised)" in n for n in notices(app))

    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 5)
        await pilot.press("c")
        await pilot.click("#keep-f")
        await pilot.click("#save")
        await pilot.pause()
        ticket = desk.tickets.get(5)
        assert ticket.status is Status.CLOSED
        assert len(ticket.pending_followups()) == 1


@run_async
async def test_escape_on_a_filled_new_ticket_form_asks() -> None:
    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, TicketForm)
        await pilot.press("escape")  # nothing typed: closes at once
        assert not isinstance(app.screen, TicketForm)
        await pilot.press("n")
        form = app.screen
        await type_text(pilot, "Forno")
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardDialog)
        await pilot.press("escape")  # keep editing
        assert app.screen is form
        assert form.query_one("#company", Input).value == "Forno"
        await pilot.press("escape")
        await pilot.click("#discard")
        assert not isinstance(app.screen, TicketForm)


@run_async
async def test_escape_on_a_note_with_text_asks() -> None:
    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 3)
        await pilot.press("n")
        await type_text(pilot, "Spoke with Gino")
        await pilot.press("escape")
        assert isinstance(app.screen, DiscardDialog)
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [n.text for n in desk.tickets.get(3).notes] == ["Spoke with Gino"]

