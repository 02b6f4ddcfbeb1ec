"""The terminal UI driven as an adviser drives it: keys in, then what the screen and the database
hold. Every app is built by :func:`helpdesk.tui.app.make_app`, as ``helpdesk`` builds it."""

from __future__ import annotations

from datetime import date

import pytest
from rich.text import Text
from test_tui_data import NOW, frozen, log, run_async, seed, staff
from textual.widgets import Input, OptionList, Static

from helpdesk.config import Settings
from helpdesk.domain.enums import Outcome, Priority, Status
from helpdesk.domain.webinars import EnrolmentStatus
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk, open_desk
from helpdesk.tui.app import DARK_THEME, LIGHT_THEME, HelpdeskApp, make_app
from helpdesk.tui.screens.agenda import AgendaScreen
from helpdesk.tui.screens.help import HelpScreen
from helpdesk.tui.screens.main import MainScreen
from helpdesk.tui.screens.new_ticket import TicketForm
from helpdesk.tui.screens.ticket import TicketScreen
from helpdesk.tui.screens.triage import TriageScreen
from helpdesk.tui.widgets.filter_bar import FilterBar
from helpdesk.tui.widgets.ticket_list import TicketList

SIZE = (120, 40)


@pytest.fixture
def desk(seeded: Desk) -> Desk:
    """The seeded desk (see test_tui_data) on the store the tests run on."""
    return seeded


def app_for(desk: Desk, **options: float) -> HelpdeskApp:
    """The app over ``desk``, not watching for outside changes unless asked."""
    return make_app(desk, watch_interval=options.get("watch_interval", 0))


def listed(app: HelpdeskApp) -> list[int]:
    """The references the main list shows, in order."""
    return [t.ref for t in app.screen.query_one(TicketList).tickets]


def notices(app: HelpdeskApp) -> list[str]:
    """The notifications shown so far."""
    return [n.message for n in app._notifications]


def plain(widget: Static) -> str:
    """A static's content as plain text."""
    content = widget.render()
    if isinstance(content, Text):
        return content.plain
    return str(content)


def screen_text(app: HelpdeskApp) -> str:
    """What the screen shows, as lines of plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``text`` key by key."""
    keys = ["space" if c == " " else c for c in text]
    await pilot.press(*keys)


# -- the main screen ------------------------------------------------------------------------------


@run_async
async def test_main_screen_lists_open_tickets_due_first(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        # Due today or earlier first (#2 overdue, #3 today), then by urgency; #4 is closed.
        assert listed(app) == [2, 3, 1, 6, 5]
        pulse = plain(app.screen.query_one("#pulse", Static))
        assert " 2  new" in pulse
        assert " 1  due today" in pulse
        assert " 1  overdue" in pulse
        assert " 5  open" in pulse
        assert app.screen.query_one(FilterBar).text == "+open"


@run_async
async def test_views_are_filter_queries_with_counts(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")  # Inbox
        assert listed(app) == [1, 6]
        assert app.screen.query_one(FilterBar).text == "status:new"
        await pilot.press("7")  # Closed
        assert listed(app) == [4]
        views = app.screen.query_one("#views", OptionList)
        prompts = [str(views.get_option_at_index(i).prompt) for i in range(7)]
        assert [p.split()[-1] for p in prompts] == ["2", "1", "2", "1", "1", "5", "1"]


@run_async
async def test_filter_as_you_type_and_a_bad_token_keeps_the_list(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "backspace")
        await type_text(pilot, "topic:ecommerce")
        assert listed(app) == [1]
        # A bad token from the first key: the field name becomes "xtopic".
        await pilot.press("home", "x")
        bar = app.screen.query_one(FilterBar)
        assert bar.text == "xtopic:ecommerce"
        assert bar.has_class("-invalid")
        message = plain(bar.query_one("#filter-status", Static))
        assert message.startswith(
            "✗ In 'xtopic:ecommerce': Unknown field 'xtopic' (did you mean topic:?); fields are:"
        )
        assert listed(app) == [1]  # the last good list stays
        await pilot.press("backspace", "end")
        assert not bar.has_class("-invalid")
        assert plain(bar.query_one("#filter-status", Static)).startswith("1 of 6 tickets")
        assert listed(app) == [1]
        await type_text(pilot, " pasticceria")
        assert listed(app) == [1]
        await pilot.press("enter")
        assert app.focused is app.screen.query_one(TicketList)


@run_async
async def test_bad_token_is_marked_where_it_stands(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "backspace")
        await type_text(pilot, "+open priority:hgih")
        field = app.screen.query_one("#query", Input)
        marked = field._value
        spans = [(s.start, s.end) for s in marked.spans if "red" in str(s.style)]
        assert spans == [(6, 19)]


@run_async
async def test_sort_by_key_and_by_clicking_a_heading(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")  # urgency → ref, newest first
        assert listed(app) == [6, 5, 3, 2, 1]
        await pilot.press("S")
        assert listed(app) == [1, 2, 3, 5, 6]
        listing = app.screen.query_one(TicketList)
        # The Subject heading: after the mark, Ref (width 4) and Age (4), and Company.
        x = 1 + 5 + 5 + listing._widths[2] + 1 + 2
        await pilot.click(TicketList, offset=(x, 0))
        subjects = [t.subject for t in listing.tickets]
        assert subjects == sorted(subjects, key=str.casefold)
        await pilot.click(TicketList, offset=(x, 0))
        assert [t.subject for t in listing.tickets] == sorted(subjects, key=str.casefold)[::-1]


@run_async
async def test_moving_keeps_the_preview_on_the_cursor(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")
        await pilot.pause(0.2)
        listing = app.screen.query_one(TicketList)
        assert listing.cursor_ref == 1
        preview = app.screen.query_one("#preview-body", Static)
        assert "Vendere online i nostri dolci" in screen_text(app)
        assert preview.display
        await pilot.press("end")
        assert listing.cursor_ref == 5
        await pilot.press("home")
        assert listing.cursor_ref == 2


@run_async
async def test_clicking_a_row_moves_and_a_double_click_opens(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click(TicketList, offset=(10, 3))
        assert app.screen.query_one(TicketList).cursor_ref == 1
        await pilot.click(TicketList, offset=(10, 3), times=2)
        assert isinstance(app.screen, TicketScreen)
        assert app.screen.ref == 1


# -- logging a ticket -----------------------------------------------------------------------------


@run_async
async def test_log_a_ticket_through_the_form(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, TicketForm)
        await type_text(pilot, "Panificio Monti")
        matches = app.screen.query_one("#company-matches", OptionList)
        assert matches.option_count == 1  # no match: only "new company"
        await pilot.press("enter")
        assert app.focused is not None and app.focused.id == "vat"
        await type_text(pilot, "01114601006")
        await pilot.press("tab")  # town
        await type_text(pilot, "Como")
        await pilot.press("tab")  # province
        await type_text(pilot, "co")
        form = app.screen
        form.query_one("#contact-name", Input).value = "Anna Monti"
        form.query_one("#contact-email", Input).value = "anna@panificiomonti.it"
        form.query_one("#subject", Input).value = "Vendere il pane online"
        form.query_one("#description").load_text("Vorremmo un negozio online con consegne.")
        await pilot.pause()
        assert form.query_one("#topics").selected == ["ecommerce"]
        assert not form.query_one("#save").disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        ticket = desk.tickets.get(7)
        assert ticket.subject == "Vendere il pane online"
        assert ticket.topics == ["ecommerce"]
        assert ticket.channel.value == "phone"
        assert ticket.contact.email == "anna@panificiomonti.it"
        company = desk.companies.get(ticket.company_id)
        assert (company.name, company.vat, company.town, company.province) == (
            "Panificio Monti",
            "01114601006",
            "Como",
            "CO",
        )
        assert "#7 logged" in notices(app)
        assert app.screen.query_one(TicketList).cursor_ref == 7


@run_async
async def test_the_form_finds_a_company_by_name_or_vat(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "rossi")
        matches = app.screen.query_one("#company-matches", OptionList)
        assert matches.option_count == 2
        assert "Pasticceria Rossi" in str(matches.get_option_at_index(0).prompt)
        await pilot.press("enter")
        form = app.screen
        assert form.query_one("#contact-name", Input).value == "Mario Rossi"
        form.query_one("#subject", Input).value = "Ancora una domanda"
        await pilot.press("ctrl+s")
        await pilot.pause()
        ticket = desk.tickets.get(7)
        assert ticket.company_id == desk.tickets.get(1).company_id
        assert len(desk.companies.list("rossi")) == 1


@run_async
async def test_the_form_saves_nothing_half_filled(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        form = app.screen
        assert form.query_one("#save").disabled
        form.query_one("#subject", Input).value = "Solo un oggetto"
        form.query_one("#contact-email", Input).value = "not-an-email"
        await pilot.pause()
        email_error = plain(form.query_one("#email-error", Static))
        assert email_error == "'not-an-email' is not an email address."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TicketForm)
        assert app.focused is not None and app.focused.id == "company"
        problems = plain(form.query_one("#problems", Static))
        assert problems.startswith("To save: choose a company")
        await type_text(pilot, "Nuova Ditta")
        await pilot.press("enter")  # new company
        await type_text(pilot, "01114601007")
        await pilot.pause()
        assert "check digit is wrong" in plain(form.query_one("#vat-error", Static))
        await pilot.press("escape")  # typed text: asks first
        await pilot.click("#discard")
        assert isinstance(app.screen, MainScreen)
        assert [t.ref for t in desk.tickets.all()] == [1, 2, 3, 4, 5, 6]


# -- triage ---------------------------------------------------------------------------------------


@run_async
async def test_triage_the_inbox_one_ticket_at_a_time(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, TriageScreen)
        text = screen_text(app)
        assert "Vendere online i nostri dolci" in text
        assert "E-commerce  suggested from the text" in text
        assert "ms Marta Sala  1 open  knows E-commerce" in text
        await pilot.press("enter")  # accept #1 as suggested
        first = desk.tickets.get(1)
        assert (first.status, first.topics, first.assignee) == (
            Status.TRIAGED,
            ["ecommerce"],
            "ms",
        )
        # #6: change the priority and the adviser, each with its key.
        await pilot.press("p")
        await pilot.press("down", "down", "enter")  # normal → high → urgent
        await pilot.press("a")
        options = app.screen.query_one("#choices", OptionList)
        gb = next(
            i for i in range(options.option_count) if options.get_option_at_index(i).id == "gb"
        )
        options.highlighted = gb
        await pilot.press("enter")
        await pilot.press("enter")
        await pilot.pause()
        second = desk.tickets.get(6)
        assert (second.status, second.priority, second.assignee) == (
            Status.TRIAGED,
            Priority.URGENT,
            "gb",
        )
        assert isinstance(app.screen, MainScreen)  # the inbox is empty
        assert "Inbox empty: 2 triaged." in notices(app)


@run_async
async def test_bulk_change_of_a_selection(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")  # the inbox: #1, #6
        await pilot.press("space", "space")
        assert app.screen.query_one(TicketList).selected == {1, 6}
        await pilot.press("b")
        await pilot.press("tab")  # from topics to priority
        await pilot.press("down", "down", "down")  # keep, low, normal, high
        await pilot.press("tab")
        await pilot.press("down")  # keep → gb
        await pilot.press("ctrl+s")
        await pilot.pause()
        for ref in (1, 6):
            ticket = desk.tickets.get(ref)
            assert (ticket.status, ticket.priority, ticket.assignee) == (
                Status.TRIAGED,
                Priority.HIGH,
                "gb",
            )
        assert "2 tickets changed" in notices(app)
        assert app.screen.query_one(TicketList).selected == frozenset()


# -- one ticket -----------------------------------------------------------------------------------


async def answered(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the store has answered what the screen asked of it, on a desk whose store
    pages (its rows are asked off the UI thread, once typing pauses)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_ticket(pilot, ref: int) -> None:  # type: ignore[no-untyped-def]
    """Open ticket ``ref`` from the main list, once it is answered."""
    await answered(pilot)
    assert pilot.app.screen.query_one(TicketList).move_to(ref)
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, TicketScreen)


@run_async
async def test_add_and_complete_a_follow_up(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("f")
        await type_text(pilot, "next")
        assert "-bad" in app.screen.query_one("#resolved").classes
        assert app.screen.query_one("#save").disabled
        await type_text(pilot, " friday")
        resolved = plain(app.screen.query_one("#resolved", Static))
        assert resolved == "→ Fri 27 Nov 2026"
        assert not app.screen.query_one("#save").disabled
        await pilot.press("enter")  # to the note
        await type_text(pilot, "Send the offer")
        await pilot.press("enter")
        await pilot.pause()
        (followup,) = desk.tickets.get(1).followups
        assert (followup.due.day, followup.note, followup.who) == (
            date(2026, 11, 27),
            "Send the offer",
            "ms",
        )
        assert "#1: follow-up due Fri 27 Nov 2026" in notices(app)
        await pilot.press("d")
        await type_text(pilot, "Offer sent")
        await pilot.press("enter")
        await pilot.pause()
        (followup,) = desk.tickets.get(1).followups
        assert followup.done_at is not None
        assert followup.result == "Offer sent"


@run_async
async def test_a_bad_date_keeps_save_disabled(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("f")
        await type_text(pilot, "31/02")
        resolved = plain(app.screen.query_one("#resolved", Static))
        assert "31/02" in resolved
        await pilot.press("ctrl+s")
        await pilot.press("enter")
        assert app.screen.query_one("#save").disabled
        assert desk.tickets.get(1).followups == []
        await pilot.press("escape")  # typed text: asks first
        await pilot.click("#discard")
        assert isinstance(app.screen, TicketScreen)


@run_async
async def test_enrol_in_a_suggested_webinar(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("w")
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.option_count == 1
        assert "E-commerce in una settimana" in str(choices.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        ((webinar, enrolment),) = desk.webinars.for_ticket(1)
        assert (webinar.id, enrolment.status) == (1, EnrolmentStatus.REGISTERED)
        assert "#1 registered for webinar 1: E-commerce in una settimana" in notices(app)
        assert "registered" in screen_text(app)


@run_async
async def test_the_enrol_dialog_notes_an_invitation(desk: Desk) -> None:
    """The dialog's note is the one ``webinar suggest`` prints (render.webinars.suggestion_note)."""
    desk.webinars.enrol(1, [1], invite=True)
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("w")
        choices = app.screen.query_one("#choices", OptionList)
        assert str(choices.get_option_at_index(0).prompt).endswith("  invited")
        await pilot.press("enter")
        await pilot.pause()
        ((webinar, enrolment),) = desk.webinars.for_ticket(1)
        assert (webinar.id, enrolment.status) == (1, EnrolmentStatus.REGISTERED)


@run_async
async def test_close_with_an_outcome_and_reopen(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 5)
        await pilot.press("c")
        await pilot.press("down", "enter")  # advised → referred, then the remark
        await type_text(pilot, "To the bank")
        await pilot.press("enter")
        await pilot.pause()
        ticket = desk.tickets.get(5)
        assert (ticket.status, ticket.outcome, ticket.outcome_note) == (
            Status.CLOSED,
            Outcome.REFERRED,
            "To the bank",
        )
        assert "closed" in plain(app.screen.query_one("#glance", Static))
        await pilot.press("o")
        await pilot.pause()
        ticket = desk.tickets.get(5)
        assert (ticket.status, ticket.outcome) == (Status.IN_PROGRESS, None)
        await pilot.press("escape")
        assert 5 in listed(app)


@run_async
async def test_status_note_and_link(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 3)  # waiting
        await pilot.press("s")
        options = app.screen.query_one("#choices", OptionList)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            "in_progress",
            "resolved",
        ]
        await pilot.press("enter")
        await pilot.press("n")
        await type_text(pilot, "Spoke with Gino")
        await pilot.press("ctrl+s")
        await pilot.press("l")
        await type_text(pilot, "1")
        await pilot.press("enter", "enter")
        await pilot.pause()
        ticket = desk.tickets.get(3)
        assert ticket.status is Status.IN_PROGRESS
        assert [n.text for n in ticket.notes] == ["Spoke with Gino"]
        assert [(link.kind.value, link.ref) for link in ticket.links] == [("related", 1)]
        assert [link.ref for link in desk.tickets.get(1).links] == [3]


@run_async
async def test_edit_a_ticket(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 6)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, TicketForm)
        assert form.query_one("#subject", Input).value == "Sito web e prenotazioni"
        form.query_one("#subject", Input).value = "Sito web con prenotazioni online"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert desk.tickets.get(6).subject == "Sito web con prenotazioni online"
        assert "Sito web con prenotazioni online" in screen_text(app)


@run_async
async def test_refusals_are_notifications_not_crashes(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("l")
        await type_text(pilot, "1")
        await pilot.press("enter", "enter")
        await pilot.pause()
        # Refused in the dialog, which stays open with what was typed.
        assert "#1 cannot be linked to itself." in plain(app.screen.query_one("#refusal", Static))
        assert app.screen.query_one("#other", Input).value == "1"
        await pilot.press("escape")
        await pilot.click("#discard")
        desk.tickets.close(3, "advised")
        await pilot.press("escape")
        await open_ticket(pilot, 3)
        await pilot.press("c")  # already closed: said, no dialog
        await pilot.pause()
        assert any("already closed; reopen it first" in n for n in notices(app))
        assert isinstance(app.screen, TicketScreen)


@run_async
async def test_reply_from_a_template_is_copied(desk: Desk) -> None:
    app = app_for(desk)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("r")
        choices = app.screen.query_one("#choices", OptionList)
        assert choices.get_option_at_index(0).id == "reply-ecommerce|en"
        await pilot.press("enter")
        await pilot.pause()
        assert len(copied) == 1
        assert "Pasticceria Rossi" in copied[0] or "Mario" in copied[0]
        assert "Reply for #1 copied to the clipboard" in notices(app)
        await pilot.press("escape")
        assert isinstance(app.screen, TicketScreen)


# -- agenda and webinars --------------------------------------------------------------------------


@run_async
async def test_agenda_done_and_reschedule(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, AgendaScreen)
        listing = app.screen.query_one("#agenda-list", OptionList)
        assert listing.highlighted_option is not None
        assert listing.highlighted_option.id == "2/1"  # overdue first
        await pilot.press("r")
        await type_text(pilot, "+1w")
        await pilot.press("enter")
        await pilot.pause()
        assert desk.tickets.get(2).followups[0].due.day == date(2026, 11, 27)
        assert listing.highlighted_option.id == "2/1"
        await pilot.press("d", "enter")
        await pilot.pause()
        assert desk.tickets.get(2).followups[0].done_at is not None
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_webinar_catalogue_enrol_and_attendance(desk: Desk) -> None:
    clock = desk.clock
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.press("e")
        await type_text(pilot, "1 3")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("e")
        await type_text(pilot, "2")
        await pilot.press("enter")
        await pilot.pause()
        webinar = desk.webinars.get(1)
        assert [(e.ref, e.status.value) for e in webinar.enrolments] == [
            (1, "registered"),
            (3, "registered"),
            (2, "waitlisted"),
        ]
        assert "Webinar 1: #2 waitlisted" in notices(app)
        assert "Waiting list (1)" in screen_text(app)
        clock.set("2026-12-01 11:30")  # type: ignore[attr-defined]
        await pilot.press("u")  # every session, the one held included
        await pilot.press("m")
        await pilot.press("space")  # #1 came; #3 did not
        await pilot.press("ctrl+s")
        await pilot.pause()
        webinar = desk.webinars.get(1)
        assert [(e.ref, e.status.value) for e in webinar.enrolments] == [
            (1, "attended"),
            (3, "no_show"),
            (2, "waitlisted"),
        ]
        assert "Webinar 1: 1 came, 1 did not" in notices(app)


# -- everywhere -----------------------------------------------------------------------------------


@run_async
async def test_help_lists_the_keys_of_the_screen(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("New", "Triage", "Agenda", "Webinars", "Theme", "command palette"):
            assert words in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_command_palette_runs_screen_actions(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        commands = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("New", "Triage", "Agenda", "Webinars", "Dashboard", "Sort", "Theme"):
            assert title in commands
        await pilot.press("ctrl+p")
        await type_text(pilot, "agenda")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, AgendaScreen)


@run_async
async def test_theme_toggles_light_and_dark(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == DARK_THEME
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT_THEME
        await pilot.press("ctrl+t")
        assert app.theme == DARK_THEME


@run_async
async def test_dashboard_shows_the_summary(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "Dashboard" in text and "tickets" in text
        await pilot.press("p")
        await type_text(pilot, "2026-11")
        await pilot.press("enter")
        await pilot.pause()
        assert "2026-11" in plain(app.screen.query_one("#dashboard-title", Static))


MARKUP_NAMES = ("[link=x]y[/link]", "[/]", "[@click=app.quit]esci[/]", "[bold red]Rosso")


@run_async
async def test_markup_looking_names_are_shown_as_typed() -> None:
    desk = staff(memory_desk(frozen(), actor="ms"))
    for name in MARKUP_NAMES:
        log(desk, f"Domanda di {name}", name, description=f"Da {name} [/b]")
    app = app_for(desk)
    async with app.run_test(size=(200, 40)) as pilot:
        listing = app.screen.query_one(TicketList)
        lines = [listing.render_line(y).text for y in range(1, 5)]
        for name in MARKUP_NAMES:
            assert any(name in line for line in lines), name
        await open_ticket(pilot, 3)
        glance = plain(app.screen.query_one("#glance", Static))
        assert "[@click=app.quit]esci[/]" in glance
        # Clicking the name runs nothing: the app is still there, on the ticket.
        await pilot.click("#glance", offset=(30, 0))
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, TicketScreen)
        screenshot = screen_text(app)
        assert "Da [@click=app.quit]esci[/] [/b]" in screenshot


@run_async
async def test_refresh_after_an_outside_change_keeps_the_selection(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(db=tmp_path / "desk.json", adviser="ms")
    desk = seed(open_desk(settings, clock=frozen()))
    app = make_app(desk, watch_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        listing = app.screen.query_one(TicketList)
        assert listing.move_to(6)
        colleague = open_desk(Settings(db=settings.db, adviser="gb"), clock=frozen())
        new = log(colleague, "Urgente: sito bloccato", "Ristorante Il Lago")
        colleague.tickets.triage(new, priority="urgent")
        await pilot.pause(0.5)
        assert new in listed(app)
        assert listing.cursor_ref == 6
        company = app.index.company_of(app.index.get(new))
        assert company is not None and company.name == "Ristorante Il Lago"
        pulse = plain(app.screen.query_one("#pulse", Static))
        assert " 6  open" in pulse


@run_async
async def test_now_is_the_desk_clock(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE):
        assert app.clock.now().isoformat().startswith(NOW.replace(" ", "T"))
