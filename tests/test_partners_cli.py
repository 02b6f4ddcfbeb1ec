"""Tests of ``helpdesk partner``, ``refer`` and ``referral``, run in-process with ``CliRunner``
on a desk file in a temporary folder, with a frozen clock (Friday 20 November 2026, 10:00)
that a test can move to make an answer late."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.services import factory
from helpdesk.services.desk import Desk

runner = CliRunner()


@pytest.fixture
def clock(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FrozenClock]:
    """The frozen clock every command of the test runs on, on a desk with one ticket (#1)."""
    frozen = FrozenClock("2026-11-20 10:00")
    real = factory.open_desk

    def open_frozen(settings: Settings, *, clock: object = None, create: bool = True) -> Desk:
        return real(settings, clock=frozen, create=create)

    monkeypatch.setattr(factory, "open_desk", open_frozen)
    ok("adviser", "add", "ms", "Marta Sala")
    ok("add", "Robot per la linea", "-t", "industry40,ai_data")
    yield frozen


def run(*args: str) -> Result:
    """Invoke ``helpdesk ARGS`` in-process, 300 columns wide."""
    return runner.invoke(app, list(args), env={"COLUMNS": "300"})


def ok(*args: str) -> str:
    """Invoke, insist on success, return stdout."""
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result.stdout


def refused(*args: str) -> str:
    """Invoke, insist on a one-line refusal (no traceback), return stderr on one line."""
    result = run(*args)
    assert result.exit_code not in (0, 70), (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return " ".join(result.stderr.split())


def _partners() -> None:
    ok(
        "partner",
        "add",
        "Made CC",
        "--kind",
        "competence_center",
        "-t",
        "industry40,ai_data",
        "--contact",
        "Anna Neri",
        "--email",
        "anna@made.example",
        "--answer-days",
        "5",
    )
    ok("partner", "add", "Politecnico", "--kind", "university", "-t", "industry40")


def test_partner_add_list_show_edit(clock: FrozenClock) -> None:
    _partners()
    listed = ok("partner", "list")
    assert "Made CC" in listed and "Competence center" in listed and "Politecnico" in listed
    data = json.loads(ok("partner", "list", "-f", "json"))
    assert [p["name"] for p in data] == ["Made CC", "Politecnico"]
    assert data[0]["contact_email"] == "anna@made.example" and data[0]["answer_days"] == 5
    assert "Anna Neri" in ok("partner", "show", "made cc")
    ok("partner", "edit", "Politecnico", "--inactive", "--notes", "solo ricerca")
    again = json.loads(ok("partner", "show", "Politecnico", "-f", "json"))
    assert again["active"] is False and again["notes"] == "solo ricerca"
    assert "exists already" in refused("partner", "add", "made cc", "--kind", "cluster")
    assert "Partner kind" in refused("partner", "add", "X", "--kind", "pizzeria")
    assert "No partner" in refused("partner", "show", "Nessuno")


def test_partner_suggest_says_why(clock: FrozenClock) -> None:
    _partners()
    out = ok("partner", "suggest", "1")
    assert out.index("Made CC") < out.index("Politecnico")
    assert "covers industry40, ai_data" in out


def test_partner_import_through_the_import_reader(clock: FrozenClock, isolated_env: Path) -> None:
    good = isolated_env / "partners.csv"
    good.write_text(
        "nome;tipo;temi;referente;giorni risposta\n"
        "CCIAA Como-Lecco;chamber;grants,export;Luca Bianchi;7\n"
        "Confartigianato;association;credit;;\n",
        encoding="utf-8",
    )
    assert "2 partners would be added" in ok("partner", "import", str(good), "--dry-run")
    assert json.loads(ok("partner", "list", "-f", "json")) == []
    assert "imported 2 partners" in ok("partner", "import", str(good))
    assert "imported 0 partners, 2 already on the desk" in ok("partner", "import", str(good))
    bad = isolated_env / "bad.csv"
    bad.write_text("name,kind,answer days\nA,bank,x\nB,pizzeria,3\n", encoding="utf-8")
    message = refused("partner", "import", str(bad))
    assert "row 2, answer_days" in message and "row 3, kind" in message
    assert "nothing was imported" in message
    assert len(json.loads(ok("partner", "list", "-f", "json"))) == 2


def test_every_referral_step_from_the_cli(clock: FrozenClock) -> None:
    _partners()
    said = ok("refer", "1", "Made CC", "--note", "linea robot")
    assert "referral 1" in said and "27 Nov 2026" in said  # 5 working days: Made CC's own
    assert "Made CC" in ok("referral", "list", "--pending")
    assert "can go to" in refused("referral", "step", "1", "project_started")
    for state in ("acknowledged", "answered", "project_started"):
        assert "is now" in ok("referral", "step", "1", state)
    data = json.loads(ok("referral", "list", "-f", "json"))
    assert [s["state"] for s in data[0]["steps"]] == [
        "sent",
        "acknowledged",
        "answered",
        "project_started",
    ]
    assert "finished" in refused("referral", "step", "1", "declined")
    assert "No pending referrals" in ok("referral", "list", "--pending")
    shown = json.loads(ok("show", "1", "-f", "json"))
    fields = [c["field"] for c in shown["history"]]
    assert fields.count("referral") == 4


def test_a_late_answer_is_listed_and_surfaces_the_ticket(clock: FrozenClock) -> None:
    _partners()
    ok("refer", "1", "Politecnico")
    ok("refer", "1", "Made CC", "--expect", "2026-11-25")
    clock.advance(days=6)  # Thursday 26 November: Made CC is late, Politecnico is not
    late = json.loads(ok("referral", "list", "--late", "-f", "json"))
    assert [r["partner_name"] for r in late] == ["Made CC"]
    assert json.loads(ok("list", "+overdue", "-f", "json"))[0]["ref"] == 1
    ok("referral", "step", "2", "no_answer", "--note", "nessuna risposta")
    assert "No late referrals" in ok("referral", "list", "--late")
    assert "in the past" in refused("refer", "1", "Made CC", "--expect", "2026-01-01")
    assert "not a referral number" in refused("referral", "step", "x", "answered")


def test_show_lists_the_referrals_with_their_steps(clock: FrozenClock) -> None:
    _partners()
    ok("refer", "1", "Made CC", "--note", "linea robot")
    ok("referral", "step", "1", "acknowledged", "--note", "chiamano lunedì")
    shown = ok("show", "1")
    assert "Referrals" in shown and "R1 Made CC" in shown
    assert "acknowledged (ms): chiamano lunedì" in shown
