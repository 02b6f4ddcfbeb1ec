"""A whole morning at the desk, on the shipped demo with the clock a month after it was made.

A bakery phones to sell bread online: it is logged, triaged, enrolled in the next e-commerce
session, given a follow-up for next Friday and found in the agenda; another ticket is closed;
the dashboard is looked at. Each step is checked on the screen and in the database.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from test_demo_days import SHIPPED, at, shipped_day
from test_tui import SIZE, notices, plain, screen_text, type_text
from test_tui_data import run_async
from textual.widgets import Input, OptionList, SelectionList, Static

from helpdesk.config import Settings
from helpdesk.domain.enums import Outcome, Status
from helpdesk.domain.webinars import EnrolmentStatus
from helpdesk.services.factory import open_desk
from helpdesk.tui.app import make_app
from helpdesk.tui.screens.agenda import AgendaScreen
from helpdesk.tui.screens.main import MainScreen
from helpdesk.tui.screens.new_ticket import TicketForm
from helpdesk.tui.screens.ticket import TicketScreen
from helpdesk.tui.widgets.ticket_list import TicketList


@run_async
async def test_a_whole_morning_on_the_shipped_demo_a_month_on(tmp_path: Path) -> None:
    db = tmp_path / "tickets.json"
    shutil.copyfile(SHIPPED, db)
    today = shipped_day() + timedelta(days=30)
    clock = at(today, "09:00")
    desk = open_desk(Settings(db=db, adviser="ms"), clock=clock)
    assert desk.notices and "remade around today" in desk.notices[0]
    app = make_app(desk, watch_interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("remade around today" in n for n in notices(app))

        # 09:05 — a bakery phones: log it.
        clock.set(f"{today.isoformat()} 09:05")
        await pilot.press("n")
        assert isinstance(app.screen, TicketForm)
        await type_text(pilot, "Forno Bianchi")
        await pilot.press("enter")  # a new company
        form = app.screen
        await pilot.press("tab")
        await type_text(pilot, "Treviglio")
        await pilot.press("tab")
        await type_text(pilot, "Bergamo")
        form.query_one("#contact-name", Input).value = "Lucia Bianchi"
        form.query_one("#contact-email", Input).value = "lucia@fornobianchi.it"
        form.query_one("#subject", Input).value = "Vendere il pane online"
        form.query_one("#description").load_text("Vorremmo vendere pane e dolci online.")  # type: ignore[attr-defined]
        await pilot.pause()
        form.query_one("#topics", SelectionList).select("ecommerce")  # suggested, or ticked
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        ref = max(t.ref for t in desk.tickets.all())
        bakery = desk.tickets.get(ref)
        assert (bakery.status, bakery.subject) == (Status.NEW, "Vendere il pane online")
        company = desk.companies.get(bakery.company_id)
        assert (company.name, company.town, company.province) == (
            "Forno Bianchi",
            "Treviglio",
            "BG",
        )
        assert f"#{ref} logged" in notices(app)

        # Triage it: the suggested topic, priority and adviser.
        listing = app.screen.query_one(TicketList)
        assert listing.move_to(ref)
        await pilot.press("enter")
        assert isinstance(app.screen, TicketScreen)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        bakery = desk.tickets.get(ref)
        assert bakery.status is Status.TRIAGED
        assert "ecommerce" in bakery.topics
        assert bakery.assignee
        assert {c.who for c in bakery.history} == {"ms"}
        assert isinstance(app.screen, TicketScreen)

        # Enrol it in the next e-commerce session.
        upcoming = [w for w in desk.webinars.sessions(upcoming=True) if "ecommerce" in w.topics]
        assert upcoming, "the demo a month on has e-commerce sessions coming up"
        await pilot.press("w")
        await pilot.pause()
        sessions = app.screen.query_one(OptionList)
        first = sessions.get_option_at_index(0)
        assert first.id == str(upcoming[0].id)
        await pilot.press("enter")
        await pilot.pause()
        (enrolled,) = desk.webinars.for_ticket(ref)
        assert enrolled[0].id == upcoming[0].id
        assert enrolled[1].status in (EnrolmentStatus.REGISTERED, EnrolmentStatus.WAITLISTED)
        assert any(n.startswith(f"#{ref} ") and "webinar" in n for n in notices(app))

        # A follow-up for next Friday.
        friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
        await pilot.press("f")
        await type_text(pilot, "next friday")
        resolved = plain(app.screen.query_one("#resolved", Static))
        assert resolved.startswith(f"→ Fri {friday.day} ")
        await pilot.press("enter")
        await type_text(pilot, "Send the webinar link")
        await pilot.press("enter")
        await pilot.pause()
        (followup,) = desk.tickets.get(ref).followups
        assert (followup.due.day, followup.note) == (friday, "Send the webinar link")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)

        # Find it in the agenda.
        await pilot.press("a")
        assert isinstance(app.screen, AgendaScreen)
        agenda = app.screen.query_one("#agenda-list", OptionList)
        ids = [agenda.get_option_at_index(i).id for i in range(agenda.option_count)]
        assert f"{ref}/1" in ids
        ours = agenda.get_option_at_index(ids.index(f"{ref}/1"))
        assert "Forno Bianchi" in str(ours.prompt) or "Vendere il pane" in str(ours.prompt)
        await pilot.press("escape")

        # Close another ticket in progress; its pending follow-ups, if any, are cancelled (the
        # dialog's default answer to its question about them).
        other = next(t for t in desk.tickets.all() if t.status is Status.IN_PROGRESS)
        listing = app.screen.query_one(TicketList)
        if not listing.move_to(other.ref):
            await pilot.press("6")  # all open
            await pilot.pause()
            listing = app.screen.query_one(TicketList)
            assert listing.move_to(other.ref)
        await pilot.press("enter")
        assert isinstance(app.screen, TicketScreen)
        await pilot.press("c")
        await pilot.pause()
        outcomes = app.screen.query_one("#outcome", OptionList)
        wanted = [outcomes.get_option_at_index(i).id for i in range(outcomes.option_count)]
        outcomes.highlighted = wanted.index(Outcome.ADVISED.value)
        await pilot.press("ctrl+s")
        await pilot.pause()
        closed = desk.tickets.get(other.ref)
        assert (closed.status, closed.outcome) == (Status.CLOSED, Outcome.ADVISED)
        assert closed.history[-1].who == "ms"
        assert not any(f.pending for f in closed.followups)
        while not isinstance(app.screen, MainScreen):
            await pilot.press("escape")
            await pilot.pause()

        # The dashboard.
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "Dashboard" in text and "tickets" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
