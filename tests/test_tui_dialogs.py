"""Dialogs never lose what the adviser typed: the close dialog, cancelling with typed text, and
the edit form that saves only what was changed (and asks about what someone else changed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui import app_for, notices, open_ticket, plain, screen_text, type_text
from test_tui_data import run_async, seeded_desk
from textual.widgets import Button, Input, OptionList, Static
from typer.testing import CliRunner

from helpdesk.cli.main import app as cli_app
from helpdesk.config import Settings
from helpdesk.domain.enums import Status
from helpdesk.domain.models import Contact
from helpdesk.errors import EditConflict, InvalidValue
from helpdesk.services.desk import Desk
from helpdesk.services.factory import open_desk
from helpdesk.tui.screens.dialogs import DiscardDialog
from helpdesk.tui.screens.edit_conflict import EditConflictDialog
from helpdesk.tui.screens.new_ticket import TicketForm
from helpdesk.tui.screens.ticket import TicketScreen
from helpdesk.tui.screens.ticket_dialogs import CloseDialog
from helpdesk.tui.screens.triage import TriageScreen

SIZE = (120, 40)


def offered(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The outcomes the close dialog offers."""
    options = app.screen.query_one("#outcome", OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


@run_async
async def test_close_dialog_offers_only_what_the_status_allows(seeded: Desk) -> None:
    desk = seeded
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
async def test_a_refused_close_keeps_the_dialog_and_its_text(seeded: Desk) -> None:
    desk = seeded
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
async def test_close_dialog_tab_order_and_cancel_asks(seeded: Desk) -> None:
    desk = seeded
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
async def test_closing_asks_about_pending_followups(seeded: Desk) -> None:
    desk = seeded
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
async def test_escape_on_a_filled_new_ticket_form_asks(seeded: Desk) -> None:
    desk = seeded
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
async def test_escape_on_a_note_with_text_asks(seeded: Desk) -> None:
    desk = seeded
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


# -- the edit form writes only what was changed ---------------------------------------------------


def test_update_writes_only_the_changed_fields_and_refuses_a_clash(seeded: Desk) -> None:
    desk = seeded
    desk.tickets.edit(2, contact=Contact("Anna Bassi", "anna@bassi.it", "035 1", "titolare"))
    opened = desk.tickets.get(2)
    desk.tickets.edit(2, subject="Bando digitale 2027", description="Nuovo testo")
    saved = desk.tickets.update(
        2, {"contact.phone": "035 2"}, expected={"contact.phone": opened.contact.phone}
    )
    assert (saved.subject, saved.description) == ("Bando digitale 2027", "Nuovo testo")
    assert saved.contact == Contact("Anna Bassi", "anna@bassi.it", "035 2", "titolare")
    with pytest.raises(EditConflict, match="changed by someone else") as raised:
        desk.tickets.update(2, {"subject": "Mine"}, expected={"subject": opened.subject})
    assert raised.value.fields == {
        "subject": ("Bando digitalizzazione", "Bando digitale 2027", "Mine")
    }
    assert desk.tickets.get(2).subject == "Bando digitale 2027"
    forced = desk.tickets.update(
        2, {"subject": "Mine"}, expected={"subject": opened.subject}, overwrite={"subject"}
    )
    assert forced.subject == "Mine"
    with pytest.raises(InvalidValue, match="Cannot edit status"):
        desk.tickets.update(2, {"status": "closed"})


@run_async
async def test_edit_form_keeps_others_changes_and_the_contacts_role(seeded: Desk) -> None:
    desk = seeded
    desk.tickets.edit(2, contact=Contact("Anna Bassi", "anna@bassi.it", "035 1", "titolare"))
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 2)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, TicketForm)
        # Another terminal: helpdesk edit 2 --subject … -d …
        desk.tickets.edit(2, subject="Bando digitale 2027", description="Nuovo testo")
        form.query_one("#contact-phone", Input).value = "035 2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, TicketForm)
        ticket = desk.tickets.get(2)
        assert (ticket.subject, ticket.description) == ("Bando digitale 2027", "Nuovo testo")
        assert ticket.contact == Contact("Anna Bassi", "anna@bassi.it", "035 2", "titolare")


@run_async
async def test_edit_form_asks_about_a_field_someone_else_changed(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 2)
        await pilot.press("e")
        form = app.screen
        desk.tickets.edit(2, subject="Theirs")
        form.query_one("#subject", Input).value = "Mine"
        form.query_one("#contact-phone", Input).value = "035 9"
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditConflictDialog)
        shown = screen_text(app)
        assert "Theirs" in shown and "Mine" in shown
        assert desk.tickets.get(2).subject == "Theirs"  # nothing saved while asking
        await pilot.press("escape")  # back to the form, text kept
        assert app.screen is form
        assert form.query_one("#subject", Input).value == "Mine"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#theirs")
        await pilot.pause()
        ticket = desk.tickets.get(2)
        assert (ticket.subject, ticket.contact.phone) == ("Theirs", "035 9")
        await pilot.press("e")
        desk.tickets.edit(2, subject="Theirs again")
        app.screen.query_one("#subject", Input).value = "Mine at last"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.click("#mine")
        await pilot.pause()
        assert desk.tickets.get(2).subject == "Mine at last"


def test_triage_refuses_to_overwrite_a_field_changed_meanwhile(seeded: Desk) -> None:
    desk = seeded
    seen = {"topics": [], "priority": "normal", "assignee": None}
    desk.tickets.triage(1, assignee="gb")  # a colleague takes it (and it is triaged)
    with pytest.raises(EditConflict) as raised:
        desk.tickets.triage(1, topics=["ecommerce"], assignee="ms", expected=seen)
    assert raised.value.fields == {"assignee": (None, "gb", "ms")}
    assert desk.tickets.get(1).assignee == "gb"
    done = desk.tickets.triage(
        1, topics=["ecommerce"], assignee="ms", expected=seen, overwrite={"assignee"}
    )
    assert (done.assignee, done.topics) == ("ms", ["ecommerce"])


@run_async
async def test_triage_screen_asks_when_someone_else_assigned_the_ticket(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, TriageScreen)
        # Another terminal assigns #1 to gb and raises its priority; the plan says ms, normal.
        desk.tickets.triage(1, priority="high", assignee="gb")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditConflictDialog)
        assert "assignee" in screen_text(app)
        await pilot.click("#theirs")
        await pilot.pause()
        ticket = desk.tickets.get(1)
        assert (ticket.assignee, ticket.priority.value, ticket.topics) == (
            "gb",
            "high",
            ["ecommerce"],
        )


@run_async
async def test_a_status_move_never_undoes_someone_elses(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 3)  # waiting
        await pilot.press("s")
        desk.tickets.set_status(3, "resolved")  # a colleague resolves it meanwhile
        await pilot.press("enter")  # in progress, as chosen on "waiting"
        await pilot.pause()
        assert isinstance(app.screen, EditConflictDialog)
        await pilot.press("escape")
        assert desk.tickets.get(3).status is Status.RESOLVED
    with pytest.raises(EditConflict):
        desk.tickets.set_status(3, "in_progress", expected=Status.WAITING)


def test_cli_edit_writes_only_the_options_given(cli: CliRunner, tmp_path: Path) -> None:
    desk = open_desk(Settings.from_env(adviser="ms"))  # the database the cli fixture made
    desk.tickets.edit(1, contact=Contact("Anna Bassi", "anna@bassi.it", "035 1", "titolare"))
    result = cli.invoke(cli_app, ["edit", "1", "--phone", "035 2"])
    assert result.exit_code == 0, result.output
    ticket = desk.tickets.get(1)
    assert ticket.contact == Contact("Anna Bassi", "anna@bassi.it", "035 2", "titolare")
    assert ticket.subject == "Vendere online"


@run_async
async def test_a_refused_follow_up_done_keeps_the_result_typed(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 5)
        await pilot.press("d")
        await type_text(pilot, "Bank said yes")
        desk.followups.done(5, 1, "done elsewhere")  # a colleague was quicker
        await pilot.press("enter")
        await pilot.pause()
        assert "already done" in plain(app.screen.query_one("#refusal", Static))
        assert app.screen.query_one("#text", Input).value == "Bank said yes"
