"""The Bandi screen and a ticket's grant calls, driven with Pilot as an adviser drives them.

The seeded desk of test_tui_data (Friday 20 November 2026, 10:00), plus an open call anyone may
apply to (call 1, closing 11 December), one for Lecco only (call 2) and a closed one (call 3).
"""

from __future__ import annotations

import pytest
from test_tui import SIZE, app_for, notices, open_ticket, screen_text, type_text
from test_tui_data import run_async, seeded_desk
from textual.widgets import OptionList

from helpdesk.domain.calls import Stage
from helpdesk.services.calls import CallDraft
from helpdesk.services.desk import Desk
from helpdesk.tui.screens.calls import CallsScreen
from helpdesk.tui.screens.main import MainScreen


@pytest.fixture
def desk() -> Desk:
    desk = seeded_desk()
    desk.calls.add(
        CallDraft(
            "Voucher digitali I4.0",
            "chamber",
            "1/11/2026",
            "11/12/2026 12:00",
            funder_name="CCIAA Como-Lecco",
            max_per_company="10.000",
        )
    )
    desk.calls.add(CallDraft("Solo Lecco", "region", "1/11/2026", "31/12/2026", provinces=["LC"]))
    desk.calls.add(CallDraft("Bando chiuso", "eu", "1/1/2021", "31/3/2021"))
    return desk


def choices(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The prompts of the open choice dialog."""
    listing = app.screen.query_one("#choices", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


@run_async
async def test_bandi_screen_lists_open_calls_with_days_left_and_candidates(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, CallsScreen)
        text = screen_text(app)
        assert "Voucher digitali I4.0" in text and "21 days left" in text
        assert "Solo Lecco" in text and "Bando chiuso" not in text
        assert "Candidates" in text and "Pasticceria Rossi" in text
        await pilot.press("down")  # Solo Lecco: nobody is in Lecco
        await pilot.pause()
        text = screen_text(app)
        assert "Nobody eligible." in text and "i shows them with the reasons" in text
        await pilot.press("i")
        await pilot.pause()
        assert "province CO not eligible (eligible: LC)" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert "Bando chiuso" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_command_palette_reaches_the_bandi_screen(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        assert "Bandi" in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("ctrl+p")
        await type_text(pilot, "bandi")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CallsScreen)


@run_async
async def test_ticket_screen_applies_and_moves_through_every_step(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        text = screen_text(app)
        assert "Grant calls" in text and "eligible, not applied" in text
        assert "not eligible: province CO not eligible (eligible: LC)" in text

        await pilot.press("g")
        assert [c.startswith("apply to call 1") for c in choices(app)] == [True]
        await pilot.press("enter")
        await pilot.pause()
        assert desk.calls.get(1).application(1).stage is Stage.INTERESTED
        assert "#1 call 1: interested (deadline follow-up added)" in notices(app)
        assert [f.due.day.isoformat() for f in desk.tickets.get(1).pending_followups()] == [
            "2026-12-03"
        ]

        await pilot.press("g")
        assert [c.split("→ ")[1] for c in choices(app)] == ["preparing", "submitted", "withdrawn"]
        await pilot.press("enter")  # preparing
        await pilot.pause()
        await pilot.press("g")
        assert [c.split("→ ")[1] for c in choices(app)] == ["submitted", "withdrawn"]
        await pilot.press("enter")  # submitted
        await pilot.pause()
        assert "#1 call 1: preparing → submitted (deadline follow-up cancelled)" in notices(app)
        assert desk.tickets.get(1).pending_followups() == []

        await pilot.press("g")
        assert [c.split("→ ")[1] for c in choices(app)] == ["admitted", "not admitted", "withdrawn"]
        await pilot.press("enter")  # admitted
        await pilot.pause()
        await pilot.press("g")
        await pilot.press("enter")  # funded: the amount is asked
        await pilot.pause()
        await type_text(pilot, "99.000")
        await pilot.press("enter")
        await pilot.pause()
        assert any("more than call 1" in n for n in notices(app))
        assert desk.calls.get(1).application(1).stage is Stage.ADMITTED

        await pilot.press("g")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "8.500")
        await pilot.press("enter")
        await pilot.pause()
        application = desk.calls.get(1).application(1)
        assert application.stage is Stage.FUNDED and application.amount == 850_000
        assert "funded €8,500" in screen_text(app)
        await pilot.press("g")
        assert any("no open call" in n for n in notices(app))


@run_async
async def test_agenda_lists_call_deadlines_only_when_some_are_near(desk: Desk) -> None:
    from helpdesk.tui.screens.agenda import AgendaScreen

    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert isinstance(app.screen, AgendaScreen)
        text = screen_text(app)
        assert "Call deadlines, next 28 days" in text
        assert "21 days left  call 1 Voucher digitali I4.0" in text
        assert "Solo Lecco" not in text  # 41 days away
    empty = seeded_desk()
    app = app_for(empty)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert "Call deadlines" not in screen_text(app)
