"""Webinar sessions added and edited from the webinars screen: the form keeps what was typed on
a refusal, and a larger capacity promotes the waiting list in order."""

from __future__ import annotations

from test_tui import SIZE, app_for, notices, plain, screen_text
from test_tui_data import run_async, seeded_desk
from textual.widgets import Input, Static

from helpdesk.domain.webinars import EnrolmentStatus
from helpdesk.services.desk import Desk
from helpdesk.tui.screens.webinar_form import WebinarForm
from helpdesk.tui.screens.webinars import WebinarsScreen


def _fill(app, **values: str) -> None:  # type: ignore[no-untyped-def]
    for field, value in values.items():
        app.screen.query_one(f"#webinar-{field}", Input).value = value


@run_async
async def test_add_a_session_from_the_webinars_screen(seeded: Desk) -> None:
    desk = seeded
    before = len(desk.webinars.sessions())
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "n")
        assert isinstance(app.screen, WebinarForm)
        _fill(
            app,
            title="Vendere online: le basi",
            start="10/12/2026 15:00",
            capacity="25",
            topics="ecommerce",
            link="https://meet.example.it/basi",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WebinarsScreen)
        assert "Vendere online: le basi" in screen_text(app)
    sessions = desk.webinars.sessions()
    assert len(sessions) == before + 1
    added = next(w for w in sessions if w.title == "Vendere online: le basi")
    assert (added.capacity, added.topics, added.link) == (
        25,
        ["ecommerce"],
        "https://meet.example.it/basi",
    )
    assert (added.start.day, added.start.hour) == (10, 15)


@run_async
async def test_a_refused_session_keeps_the_form_as_typed(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "n")
        _fill(app, title="Bandi", start="10/12/2026 15:00", link="meet.example.it")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WebinarForm)
        error = plain(app.screen.query_one("#webinar-form-error", Static))
        assert "is not a web address" in error
        assert app.screen.query_one("#webinar-title", Input).value == "Bandi"


@run_async
async def test_edit_capacity_promotes_and_refuses_to_drop_a_registered_business(
    seeded: Desk,
) -> None:
    desk = seeded
    desk.webinars.enrol(1, [1, 3, 2])  # capacity 2: #2 waits
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w", "E")
        form = app.screen
        assert isinstance(form, WebinarForm)
        assert form.query_one("#webinar-capacity", Input).value == "2"
        _fill(app, capacity="1")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WebinarForm)
        error = plain(form.query_one("#webinar-form-error", Static))
        assert "has 2 businesses registered; its capacity cannot go below 2" in error
        assert desk.webinars.get(1).capacity == 2
        _fill(app, capacity="3", speaker="Giulia Neri", place="Sala Volta")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WebinarsScreen)
        assert "Webinar 1: #2 moved up from the waiting list" in notices(app)
    webinar = desk.webinars.get(1)
    assert (webinar.capacity, webinar.speaker, webinar.place) == (3, "Giulia Neri", "Sala Volta")
    assert [(e.ref, e.status) for e in webinar.enrolments] == [
        (1, EnrolmentStatus.REGISTERED),
        (3, EnrolmentStatus.REGISTERED),
        (2, EnrolmentStatus.REGISTERED),
    ]


@run_async
async def test_an_ended_session_reads_as_awaiting_attendance(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        desk.clock.set("2026-12-01 12:00")  # type: ignore[attr-defined]
        await pilot.press("w", "u")  # every session
        await pilot.pause()
        text = screen_text(app)
        assert "awaiting attendance" in text
        line = next(x for x in text.splitlines() if "   1 " in x)
        assert "scheduled" not in line


@run_async
async def test_enrolling_with_no_session_on_the_topics_says_to_add_one() -> None:
    from test_tui import open_ticket

    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 5)  # triaged on credit: no session on it
        await pilot.press("w")
        await pilot.pause()
        (message,) = [n for n in notices(app) if "session" in n]
        assert message.startswith("No upcoming session on Access to credit: add one with")
        assert "helpdesk webinar add" in message
        assert "Triage it first" not in message


def test_the_hint_names_what_to_do() -> None:
    from helpdesk.tui.screens.webinars import no_session_hint

    assert no_session_hint(7, []) == "#7 has no topics: set them (t) to find webinars on them."
    assert no_session_hint(7, ["E-commerce"], going=1).startswith(
        "#7 already has a place in every upcoming session on E-commerce: add another with `"
    )
    assert no_session_hint(7, ["E-commerce", "Grants"]).startswith(
        "No upcoming session on E-commerce, Grants: add one with `helpdesk webinar add"
    )
