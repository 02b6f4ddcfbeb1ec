"""Counts agree everywhere: the header, the views, the agenda, ``+overdue`` and the summary count
one set of overdue follow-ups (``FollowUp.is_overdue``), on a desk with follow-ups on closed
tickets, and closing a ticket cancels its pending follow-ups unless they are kept."""

from __future__ import annotations

import json

from test_tui_data import seeded_desk
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.services.desk import Desk
from helpdesk.tui.index import TicketIndex


def desk_with_followups_on_closed_tickets() -> Desk:
    """The TUI's test desk, plus: #5 closed keeping an overdue follow-up, #3 closed cancelling
    its own (due today), and a second overdue follow-up on #2 (in progress)."""
    desk = seeded_desk()
    desk.followups.add(5, "1/11/2026", "Kept after closing", allow_past=True)
    desk.tickets.close(5, "advised", cancel_followups=False)
    desk.tickets.close(3, "advised", cancel_followups=True)
    desk.followups.add(2, "10/11/2026", "Second reminder", allow_past=True)
    return desk


def test_closing_cancels_pending_followups_with_a_history_line() -> None:
    desk = seeded_desk()
    closed = desk.tickets.close(3, "advised", cancel_followups=True)
    assert closed.pending_followups() == []
    assert [f.cancelled for f in closed.followups] == [True]
    assert ("followup", "#1 cancelled: ticket closed") in [(c.field, c.new) for c in closed.history]
    kept = desk.tickets.close(5, "advised")
    assert len(kept.pending_followups()) == 1


def test_header_views_agenda_filter_and_summary_count_the_same_set() -> None:
    desk = desk_with_followups_on_closed_tickets()
    agenda = desk.followups.agenda()
    overdue = {(e.ticket.ref, e.followup.id) for e in agenda.overdue}
    # #2's two, #5's kept one; #3's was cancelled when it closed.
    assert overdue == {(2, 1), (2, 2), (5, 2)}
    refs = {ref for ref, _ in overdue}

    index = TicketIndex(desk)
    index.load()
    pulse = index.pulse()
    assert pulse.overdue == len(overdue)
    assert pulse.due_today == len(agenda.due_today) == 0
    assert {t.ref for t in index.select("+overdue")} == refs
    overdue_view = next(v for v in index.views() if v.key == "overdue")
    assert {t.ref for t in index.select(overdue_view.query)} == refs
    assert index.counts()["overdue"] == len(refs)
    due_view = next(v for v in index.views() if v.key == "due")
    assert {t.ref for t in index.select(due_view.query)} == refs

    assert {t.ref for t in desk.tickets.search("+overdue")} == refs
    assert {t.ref for t in desk.tickets.search("due:overdue")} == refs
    assert len(desk.followups.pending(overdue_only=True)) == len(overdue)
    assert desk.summary.compute().followups.overdue == len(overdue)


def test_cli_close_cancels_unless_kept_and_counts_agree(cli: CliRunner) -> None:
    assert cli.invoke(app, ["add", "Bando", "-t", "grants"]).exit_code == 0
    for ref in ("1", "2"):
        assert cli.invoke(app, ["triage", ref, "--to", "ms"]).exit_code == 0
        assert cli.invoke(app, ["status", ref, "in_progress"]).exit_code == 0
        assert (
            cli.invoke(app, ["followup", "add", ref, "2020-01-01", "old", "--allow-past"]).exit_code
            == 0
        )
    closed = cli.invoke(app, ["close", "1", "--outcome", "advised"])
    assert closed.exit_code == 0, closed.output
    assert "1 pending follow-up cancelled (--keep-followups keeps them)" in closed.stdout
    kept = cli.invoke(app, ["close", "2", "--outcome", "advised", "--keep-followups"])
    assert kept.exit_code == 0, kept.output
    assert "1 pending follow-up kept" in kept.stdout
    shown = json.loads(cli.invoke(app, ["show", "1", "-f", "json"]).stdout)
    assert [f["cancelled"] for f in shown["followups"]] == [True]

    agenda = json.loads(cli.invoke(app, ["agenda", "--format", "json"]).stdout)
    listed = json.loads(cli.invoke(app, ["list", "+overdue", "--format", "json"]).stdout)
    followups = json.loads(cli.invoke(app, ["followup", "list", "--overdue", "-f", "json"]).stdout)
    summary = json.loads(cli.invoke(app, ["summary", "--format", "json"]).stdout)
    assert len(agenda) == len(followups) == summary["followups"]["overdue"] == 1
    assert [t["ref"] for t in listed] == [2]
