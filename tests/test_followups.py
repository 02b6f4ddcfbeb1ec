"""Follow-ups through the service and the CLI: add, done, move, cancel, list, agenda, when.

The desk's clock is frozen on Friday 20 November 2026 at 10:00 in Europe/Rome.
"""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.dates import FrozenClock
from helpdesk.errors import InvalidDate, InvalidValue, NotFound
from helpdesk.services.desk import Desk
from helpdesk.services.followups import Entry
from helpdesk.services.tickets import TicketDraft


def log(desk: Desk, subject: str = "Vendere online", assignee: str | None = None) -> int:
    """Log a ticket and return its reference."""
    return desk.tickets.log(TicketDraft(subject, assignee=assignee, topics=[])).ticket.ref


def history(desk: Desk, ref: int) -> list[tuple[str, object, object]]:
    """The follow-up entries of a ticket's history: (field, old, new)."""
    return [(c.field, c.old, c.new) for c in desk.tickets.get(ref).history if c.field == "followup"]


# -- the service ------------------------------------------------------------------------------


def test_add_resolves_the_date_and_records_it(desk: Desk) -> None:
    ref = log(desk)
    _, followup = desk.followups.add(ref, "next friday 15:00", "Richiamare")
    assert (followup.id, followup.due.day, followup.due.time) == (1, date(2026, 11, 27), time(15))
    assert (followup.note, followup.who, followup.pending) == ("Richiamare", "ms", True)
    stored = desk.tickets.get(ref).followups
    assert [(f.id, f.due.to_iso(), f.note) for f in stored] == [
        (1, "2026-11-27T15:00:00+01:00", "Richiamare")
    ]
    assert history(desk, ref) == [("followup", None, "#1 due Fri 27 Nov 2026 15:00: Richiamare")]


def test_the_owner_is_the_one_given_else_the_assignee_else_the_actor(desk: Desk) -> None:
    assigned = log(desk, assignee="gb")
    unassigned = log(desk)
    assert desk.followups.add(assigned, "+1d")[1].who == "gb"
    assert desk.followups.add(unassigned, "+1d")[1].who == "ms"
    assert desk.followups.add(unassigned, "+1d", who="gb")[1].who == "gb"
    with pytest.raises(NotFound, match="no adviser 'zz'"):
        desk.followups.add(unassigned, "+1d", who="zz")


def test_a_bad_date_adds_nothing(desk: Desk) -> None:
    ref = log(desk)
    with pytest.raises(InvalidDate, match='"blursday"'):
        desk.followups.add(ref, "blursday")
    with pytest.raises(InvalidDate, match="February 2026 has 28 days"):
        desk.followups.add(ref, "31/02")
    assert desk.tickets.get(ref).followups == []


def test_done_takes_the_soonest_pending_unless_told(desk: Desk) -> None:
    ref = log(desk)
    desk.followups.add(ref, "+5d", "later")
    desk.followups.add(ref, "tomorrow", "sooner")
    _, first = desk.followups.done(ref, result="Sent the notice")
    assert (first.id, first.result, first.done_at) == (2, "Sent the notice", desk.clock.now())
    _, second = desk.followups.done(ref, 1)
    assert second.id == 1 and not second.pending
    with pytest.raises(NotFound, match="#1 has no pending follow-up"):
        desk.followups.done(ref)
    with pytest.raises(InvalidValue, match="Follow-up 1 of #1 is already done"):
        desk.followups.done(ref, 1)
    assert history(desk, ref)[-2:] == [
        ("followup", "#2 due Sat 21 Nov 2026: sooner", "#2 done: Sent the notice"),
        ("followup", "#1 due Wed 25 Nov 2026: later", "#1 done"),
    ]


def test_move_and_cancel(desk: Desk) -> None:
    ref = log(desk)
    desk.followups.add(ref, "tomorrow")
    _, moved = desk.followups.move(ref, 1, "lunedì alle 9")
    assert (moved.due.day, moved.due.time) == (date(2026, 11, 23), time(9))
    _, cancelled = desk.followups.cancel(ref, 1)
    assert cancelled.cancelled and not cancelled.pending
    with pytest.raises(InvalidValue, match="was cancelled"):
        desk.followups.move(ref, 1, "+1w")
    with pytest.raises(NotFound, match="has no follow-up 7"):
        desk.followups.cancel(ref, 7)
    assert history(desk, ref)[1:] == [
        ("followup", "#1 due Sat 21 Nov 2026", "#1 due Mon 23 Nov 2026 09:00"),
        ("followup", "#1 due Mon 23 Nov 2026 09:00", "#1 cancelled"),
    ]


def test_pending_lists_soonest_first_with_filters(desk: Desk) -> None:
    a, b = log(desk, "A", assignee="gb"), log(desk, "B")
    desk.followups.add(a, "-3d", "overdue", allow_past=True)
    desk.followups.add(b, "today", "today")
    desk.followups.add(a, "+2w", "later")
    assert [e.followup.note for e in desk.followups.pending()] == ["overdue", "today", "later"]
    assert [e.followup.note for e in desk.followups.pending(adviser="gb")] == ["overdue", "later"]
    assert [e.followup.note for e in desk.followups.pending(overdue_only=True)] == ["overdue"]


def test_pending_reads_the_tickets_held_by_the_caller_when_given(desk: Desk) -> None:
    a, b = log(desk, "A", assignee="gb"), log(desk, "B")
    desk.followups.add(a, "-3d", "overdue", allow_past=True)
    desk.followups.add(b, "today", "today")
    held = desk.tickets.all(partial=True)

    def notes(entries: list[Entry]) -> list[str]:
        return [e.followup.note for e in entries]

    assert notes(desk.followups.pending(held=held)) == notes(desk.followups.pending())
    assert notes(desk.followups.pending(held=held[1:])) == ["today"]
    assert notes(desk.followups.agenda(held=held[:1]).overdue) == ["overdue"]
    assert len(desk.followups.agenda("gb", held)) == 1


def test_the_agenda_groups_overdue_today_this_week_and_later(desk: Desk) -> None:
    ref = log(desk)
    for when in ("-1d", "today 16:00", "sunday", "monday", "+1m"):
        desk.followups.add(ref, when, when, allow_past=True)
    agenda = desk.followups.agenda()
    assert [[e.followup.note for e in entries] for _, entries in agenda.sections()] == [
        ["-1d"],
        ["today 16:00"],
        ["sunday"],
        ["monday", "+1m"],
    ]
    assert len(agenda) == 5
    assert len(desk.followups.agenda("gb")) == 0
    with pytest.raises(NotFound):
        desk.followups.agenda("zz")


def test_on_a_sunday_this_week_is_the_week_ahead(desk: Desk, clock: FrozenClock) -> None:
    ref = log(desk)
    clock.set("2026-11-22 09:00")  # a Sunday
    desk.followups.add(ref, "friday", "friday")
    desk.followups.add(ref, "+8d", "next week")
    agenda = desk.followups.agenda()
    assert [e.followup.note for e in agenda.this_week] == ["friday"]
    assert [e.followup.note for e in agenda.later] == ["next week"]


def test_a_due_follow_up_lifts_its_ticket_to_the_top(desk: Desk) -> None:
    urgent = desk.tickets.log(TicketDraft("Urgent", priority="urgent", topics=[])).ticket.ref
    quiet = log(desk, "Quiet")
    assert [t.ref for t in desk.tickets.search("")] == [urgent, quiet]
    desk.followups.add(quiet, "today")
    assert [t.ref for t in desk.tickets.search("")] == [quiet, urgent]
    assert [t.ref for t in desk.tickets.search("+due")] == [quiet]
    assert [t.ref for t in desk.tickets.search("+nofollowup")] == [urgent]


# -- the CLI ----------------------------------------------------------------------------------


def test_cli_followup_add_prints_the_resolved_date(cli: CliRunner) -> None:
    result = cli.invoke(app, ["followup", "add", "1", "2027-03-18 15:30", "Richiamare"])
    assert result.exit_code == 0
    assert result.stdout == "#1 follow-up 1 due Thu 18 Mar 2027 15:30 (ms)\n"
    data = json.loads(cli.invoke(app, ["followup", "add", "1", "18/03/2027", "-f", "json"]).stdout)
    assert (data["ref"], data["id"], data["due"], data["who"]) == (1, 2, "2027-03-18", "ms")


def test_cli_followup_done_move_cancel_and_list(cli: CliRunner) -> None:
    for when in ("2027-01-10", "2027-01-05", "2027-02-01"):
        assert cli.invoke(app, ["followup", "add", "1", when]).exit_code == 0
    assert cli.invoke(app, ["followup", "done", "1", "--result", "ok"]).stdout == (
        "#1 follow-up 2 done\n"
    )
    assert cli.invoke(app, ["followup", "move", "1", "1", "2027-01-20"]).stdout == (
        "#1 follow-up 1 now due Wed 20 Jan 2027\n"
    )
    assert cli.invoke(app, ["followup", "cancel", "1", "3"]).stdout == (
        "#1 follow-up 3 cancelled\n"
    )
    listed = json.loads(cli.invoke(app, ["followup", "list", "--mine", "-f", "json"]).stdout)
    assert [(e["ref"], e["id"], e["due"]) for e in listed] == [(1, 1, "2027-01-20")]
    csv = cli.invoke(app, ["followup", "list", "--format", "csv"]).stdout.splitlines()
    assert csv[0] == "ref,id,due,who,note,subject,company_name,status"
    assert csv[1].startswith("1,1,2027-01-20,ms,,Vendere online,")


def test_cli_followup_errors_are_one_line(cli: CliRunner) -> None:
    bad_date = cli.invoke(app, ["followup", "add", "1", "blursday"])
    assert bad_date.exit_code == 1
    assert bad_date.stderr.startswith('error: Cannot read "blursday" as a date')
    assert bad_date.stderr.count("\n") == 1
    missing = cli.invoke(app, ["followup", "done", "1"])
    assert (missing.exit_code, missing.stderr) == (1, "error: #1 has no pending follow-up.\n")
    unknown = cli.invoke(app, ["followup", "move", "9", "1", "+1d"])
    assert (unknown.exit_code, unknown.stderr) == (1, "error: There is no ticket #9.\n")


def test_cli_agenda_sections_as_json(cli: CliRunner) -> None:
    cli.invoke(app, ["followup", "add", "1", "2020-01-01", "old", "--allow-past"])
    cli.invoke(app, ["followup", "add", "1", "2099-01-01", "far"])
    rows = json.loads(cli.invoke(app, ["agenda", "--format", "json"]).stdout)
    assert [(r["section"], r["note"]) for r in rows] == [("overdue", "old"), ("later", "far")]
    table = cli.invoke(app, ["agenda"], env={"COLUMNS": "160"}).stdout
    assert "Overdue" in table and "old" in table and "far" in table
    assert cli.invoke(app, ["agenda", "--adviser", "zz"]).exit_code == 1


def test_cli_when_shows_what_an_expression_means(cli: CliRunner) -> None:
    result = cli.invoke(app, ["when", "venerdì", "prossimo", "alle", "15", "--today", "2026-11-22"])
    assert result.stdout == "Fri 27 Nov 2026 15:00  2026-11-27T15:00:00+01:00\n"
    bad = cli.invoke(app, ["when", "31/02", "--today", "2026-11-22"])
    assert (bad.exit_code, bad.stderr) == (
        1,
        'error: "31/02" is not a date: February 2026 has 28 days.\n',
    )
