"""Follow-up dates as advisers say them, and never in the past without a confirmation.

Through the date parser, the service, the CLI and the terminal UI. The clock stands on
Monday 7 December 2026 at 10:00 in Europe/Rome unless a test moves it.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from test_tui import SIZE, app_for, open_ticket, plain, type_text
from test_tui_data import run_async, seeded_desk
from textual.widgets import Static
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.dates import FrozenClock, parse_when
from helpdesk.errors import InvalidDate
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.followup_dates import PastDue
from helpdesk.tui.screens.ticket import TicketScreen

MONDAY = "2026-12-07 10:00"


@pytest.fixture
def monday() -> FrozenClock:
    return FrozenClock(MONDAY)


@pytest.mark.parametrize(
    ("typed", "day", "wall"),
    [
        ("12 marzo", date(2027, 3, 12), None),
        ("12/03", date(2027, 3, 12), None),
        ("march 12", date(2027, 3, 12), None),
        ("12 dicembre", date(2026, 12, 12), None),
        ("7/12", date(2026, 12, 7), None),  # today is not the past
        ("12/03/2026", date(2026, 3, 12), None),  # a year given is kept
        ("dopodomani", date(2026, 12, 9), None),
        ("tra tre giorni", date(2026, 12, 10), None),
        ("fra due settimane", date(2026, 12, 21), None),
        ("in three days", date(2026, 12, 10), None),
        ("stasera", date(2026, 12, 7), time(18)),
        ("tonight", date(2026, 12, 7), time(18)),
        ("oggi pomeriggio", date(2026, 12, 7), time(15)),
        ("this afternoon", date(2026, 12, 7), time(15)),
        ("lunedì mattina", date(2026, 12, 14), time(9)),
        ("lunedi mattina", date(2026, 12, 14), time(9)),
        ("monday morning", date(2026, 12, 14), time(9)),
        ("domani sera", date(2026, 12, 8), time(18)),
        ("tomorrow afternoon", date(2026, 12, 8), time(15)),
        ("venerdì pomeriggio", date(2026, 12, 11), time(15)),
    ],
)
def test_what_advisers_say_reads_ahead(
    monday: FrozenClock, typed: str, day: date, wall: time | None
) -> None:
    when = parse_when(typed, monday, ahead=True)
    assert (when.day, when.time) == (day, wall)


def test_without_ahead_a_yearless_date_stays_in_this_year(monday: FrozenClock) -> None:
    assert parse_when("12 marzo", monday).day == date(2026, 3, 12)  # filters and reports


def test_a_yearless_29_february_ahead_is_the_next_one_there_is() -> None:
    assert parse_when("29/02", FrozenClock("2027-03-10 10:00"), ahead=True).day == date(2028, 2, 29)
    with pytest.raises(InvalidDate, match="February 2026 has 28 days"):
        parse_when("29/02", FrozenClock("2026-12-07 10:00"), ahead=True)


@pytest.mark.parametrize("typed", ["tra tantissimi giorni", "sera", "lunedì notte fonda"])
def test_words_that_name_no_date_are_refused(monday: FrozenClock, typed: str) -> None:
    with pytest.raises(InvalidDate):
        parse_when(typed, monday, ahead=True)


# -- the service ----------------------------------------------------------------------------------


@pytest.fixture
def desk(monday: FrozenClock) -> Desk:
    desk = memory_desk(monday, actor="ms")
    desk.directory.add_adviser("ms", "Marta Sala")
    return desk


def _ticket(desk: Desk) -> int:
    from helpdesk.services.tickets import TicketDraft

    return desk.tickets.log(TicketDraft("Vendere online", "")).ticket.ref


def test_a_follow_up_in_the_past_is_refused_unless_confirmed(desk: Desk) -> None:
    ref = _ticket(desk)
    for typed in ("ieri", "-3d", "1/12/2026", "stamattina"):  # 09:00 is before 10:00
        with pytest.raises(PastDue, match="is in the past"):
            desk.followups.add(ref, typed)
    assert desk.tickets.get(ref).followups == []
    _, followup = desk.followups.add(ref, "ieri", "Richiamare", allow_past=True)
    assert followup.due.day == date(2026, 12, 6)
    with pytest.raises(PastDue):
        desk.followups.move(ref, 1, "-2d")
    desk.followups.add(ref, "oggi")  # today without a time is not the past
    desk.followups.add(ref, "12 marzo")  # next March, never the past
    assert desk.tickets.get(ref).followups[-1].due.day == date(2027, 3, 12)


# -- the CLI --------------------------------------------------------------------------------------


def test_cli_refuses_a_past_date_and_takes_allow_past(
    monkeypatch: pytest.MonkeyPatch, tmp_path, monday: FrozenClock
) -> None:  # type: ignore[no-untyped-def]
    from helpdesk.services import factory

    real = factory.open_desk
    monkeypatch.setattr(
        factory,
        "open_desk",
        lambda settings, clock=None, create=True: real(settings, clock=monday, create=create),
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HELPDESK_DB", str(tmp_path / "desk.json"))
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    runner = CliRunner()
    assert runner.invoke(app, ["adviser", "add", "ms", "Marta Sala"]).exit_code == 0
    assert runner.invoke(app, ["add", "Vendere online"]).exit_code == 0
    refused = runner.invoke(app, ["followup", "add", "1", "1/12/2026"])
    assert refused.exit_code == 1
    assert refused.stderr == (
        "error: Tue 1 Dec 2026 is in the past: a follow-up there would be overdue at once. "
        "Give a later date, or confirm it is meant (--allow-past).\n"
    )
    done = runner.invoke(app, ["followup", "add", "1", "1/12/2026", "--allow-past"])
    assert done.exit_code == 0, done.stderr
    ahead = runner.invoke(app, ["followup", "add", "1", "12 marzo"], env={"COLUMNS": "200"})
    assert "Fri 12 Mar 2027" in ahead.stdout
    spoken = runner.invoke(app, ["followup", "add", "1", "lunedì mattina", "Richiamare"])
    assert "Mon 14 Dec 2026 09:00" in spoken.stdout


# -- the terminal UI ------------------------------------------------------------------------------


@run_async
async def test_the_dialog_asks_before_a_past_date_and_reads_ahead() -> None:
    desk = seeded_desk()  # Friday 20 November 2026, 10:00
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("f")
        await type_text(pilot, "18/11/2026")
        await pilot.press("ctrl+s")
        await pilot.pause()
        resolved = plain(app.screen.query_one("#resolved", Static))
        assert "Wed 18 Nov 2026 is in the past" in resolved
        assert "Save again to confirm" in resolved
        assert desk.tickets.get(1).followups == []
        await pilot.press("ctrl+s")  # confirmed
        await pilot.pause()
        assert isinstance(app.screen, TicketScreen)
        (followup,) = desk.tickets.get(1).followups
        assert followup.due.day == date(2026, 11, 18)
        await pilot.press("f")
        await type_text(pilot, "12 marzo")
        assert plain(app.screen.query_one("#resolved", Static)) == "→ Fri 12 Mar 2027"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert desk.tickets.get(1).followups[-1].due.day == date(2027, 3, 12)
