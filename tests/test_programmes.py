"""A ticket's service, source and programme, and satisfaction: through the services and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.domain.programmes import Service, Source
from helpdesk.errors import InvalidValue, NotFound, TransitionRefused
from helpdesk.services.desk import Desk
from helpdesk.services.programmes import Placing
from helpdesk.services.tickets import TicketDraft


def _closed(desk: Desk, subject: str = "Sito web") -> int:
    ref = desk.tickets.log(TicketDraft(subject, topics=["ecommerce"])).ticket.ref
    desk.tickets.triage(ref, assignee="ms")
    desk.tickets.set_status(ref, "in_progress")
    desk.tickets.close(ref, "advised")
    return ref


def test_placing_a_ticket_writes_history_and_refuses_unknowns(desk: Desk) -> None:
    desk.programmes.add("desk2020", "Sportello 2020", funders=["CCIAA Como", "BCC Cantù"])
    ref = desk.tickets.log(TicketDraft("Sito web", topics=["ecommerce"])).ticket.ref
    ticket = desk.programmes.place(ref, Placing("advice", "chamber", "DESK2020"))
    assert (ticket.service, ticket.source, ticket.programme) == (
        Service.ADVICE,
        Source.CHAMBER,
        "desk2020",
    )
    assert [c.field for c in desk.tickets.get(ref).history][-3:] == [
        "service",
        "source",
        "programme",
    ]
    with pytest.raises(NotFound, match="add it with"):
        desk.programmes.place(ref, Placing(programme="desk2030"))
    with pytest.raises(InvalidValue, match="Service"):
        desk.programmes.place(ref, Placing(service="massage"))
    cleared = desk.programmes.place(ref, Placing(source="none"))
    assert cleared.source is None and cleared.service is Service.ADVICE
    assert [t.ref for t in desk.tickets.search("programme:desk2020 service:advice")] == [ref]


def test_satisfaction_at_or_after_closing(desk: Desk) -> None:
    open_ref = desk.tickets.log(TicketDraft("Aperto", topics=["ecommerce"])).ticket.ref
    with pytest.raises(TransitionRefused, match="at or after closing"):
        desk.satisfaction.record(open_ref, 5)
    ref = _closed(desk)
    with pytest.raises(InvalidValue, match="1 \\(poor\\) to 5"):
        desk.satisfaction.record(ref, 6)
    ticket = desk.satisfaction.record(ref, "4", "chiaro e veloce")
    assert ticket.satisfaction is not None and ticket.satisfaction.score == 4
    again = desk.tickets.get(ref)
    assert again.satisfaction == ticket.satisfaction
    assert again.history[-1].new == "4/5: chiaro e veloce"


def test_a_survey_file_is_recorded_all_or_nothing(desk: Desk) -> None:
    first, second = _closed(desk), _closed(desk, "Marketing")
    good = f"Riferimento;Voto;Commento\n{first};5;ottimo\n#{second};3;\n".encode()
    result = desk.satisfaction.import_survey(good, "survey.csv")
    assert result.recorded == [first, second] and not result.problems
    assert desk.tickets.get(second).satisfaction.score == 3  # type: ignore[union-attr]
    assert desk.tickets.get(first).satisfaction.who == "survey"  # type: ignore[union-attr]
    bad = f"ticket,score\n{first},2\n999,4\n{second},nine\n".encode()
    result = desk.satisfaction.import_survey(bad, "survey.csv")
    assert [p.split(":")[0] for p in result.problems] == ["row 3", "row 4"]
    assert desk.tickets.get(first).satisfaction.score == 5  # type: ignore[union-attr]


def test_cli_add_edit_programme_and_satisfaction(isolated_env: Path) -> None:
    runner = CliRunner()

    def ok(*args: str) -> str:
        result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return result.stdout

    def refused(*args: str) -> str:
        result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        assert result.exit_code not in (0, 70), result.stdout
        return " ".join(result.stderr.split())

    ok("adviser", "add", "ms", "Marta Sala")
    ok("programme", "add", "desk2020", "Sportello 2020", "--funder", "CCIAA Como")
    assert "CCIAA Como" in ok("programme", "list")
    assert "No programme 'nope'" in refused("add", "Sito", "--programme", "nope")
    assert json.loads(ok("list", "-f", "json")) == []  # nothing half-written
    ok("add", "Sito", "-t", "ecommerce", "--service", "advice", "--programme", "desk2020")
    ok("edit", "1", "--source", "word_of_mouth")
    shown = json.loads(ok("show", "1", "-f", "json"))
    assert (shown["service"], shown["source"], shown["programme"]) == (
        "advice",
        "word_of_mouth",
        "desk2020",
    )
    assert "at or after closing" in refused("satisfaction", "1", "5")
    ok("triage", "1", "-a", "ms")
    ok("status", "1", "in_progress")
    ok("close", "1", "-o", "advised")
    assert "satisfaction 5/5" in ok("satisfaction", "1", "5", "--comment", "ottimo")
    survey = isolated_env / "survey.csv"
    survey.write_text("ref,score\n1,x\n", encoding="utf-8")
    assert "nothing was recorded" in refused("satisfaction", "--import", str(survey))
    assert json.loads(ok("show", "1", "-f", "json"))["satisfaction"]["score"] == 5
