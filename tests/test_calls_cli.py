"""Tests of the ``helpdesk bando`` commands, run in-process with Typer's ``CliRunner``.

Each test runs in an empty temporary folder on a fresh desk of the store the tests run on
(``isolated_env``) with ``HELPDESK_ADVISER=ms``, on a frozen clock (Friday 20 November 2026,
10:00 in Europe/Rome).
Companies with a size and an ATECO code are made through the services, as an import would.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.domain.calls import Stage
from helpdesk.services import factory
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft

runner = CliRunner()


@pytest.fixture
def clock(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FrozenClock]:
    """The frozen clock every command of the test runs on."""
    frozen = FrozenClock("2026-11-20 10:00")
    real = factory.open_desk

    def open_frozen(settings: Settings, *, clock: object = None, create: bool = True) -> Desk:
        return real(settings, clock=frozen, create=create)

    monkeypatch.setattr(factory, "open_desk", open_frozen)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    yield frozen


def desk(clock: FrozenClock) -> Desk:
    """The desk the commands wrote, for reading back."""
    return factory.open_desk(Settings.from_env(), clock=clock)


def run(*args: str, input: str | None = None) -> Result:
    """Invoke ``helpdesk ARGS`` in-process, 300 columns wide."""
    return runner.invoke(app, list(args), env={"COLUMNS": "300"}, input=input)


def ok(*args: str) -> str:
    """Invoke, insist on success with nothing on stderr, return stdout."""
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert result.stderr == ""
    return result.stdout


def fails(*args: str) -> str:
    """Invoke, insist on a one-line failure without a traceback, return stderr."""
    result = run(*args)
    assert result.exit_code != 0, result.stdout
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: ") or "row " in result.stderr
    return result.stderr


@pytest.fixture
def setup(clock: FrozenClock) -> dict[str, int]:
    """Advisers, three tickets of different businesses, and the voucher call (call 1)."""
    ok("adviser", "add", "ms", "Marta Sala")
    d = desk(clock)

    def log(name: str, kind: str, province: str, ateco: str, size: str = "micro") -> int:
        company = CompanyDraft(name=name, kind=kind, size=size, province=province, ateco=ateco)
        draft = TicketDraft(subject=f"Bandi per {name}", company=company, topics=["grants"])
        return d.tickets.log(draft).ticket.ref

    refs = {
        "forno": log("Forno Verdi", "artisan", "CO", "10.71"),
        "trattoria": log("Trattoria Lario", "food_service", "LC", "56.10"),
        "negozio": log("Negozio Blu", "retail", "MI", "47.91.10", "small"),
    }
    ok(
        "bando", "add", "Voucher digitali I4.0", "--funder", "chamber",
        "--funder-name", "CCIAA Como-Lecco", "--opens", "1/11/2026",
        "--closes", "11/12/2026 12:00", "--budget", "500.000", "--max", "10.000",
        "--kind", "artisan,retail", "--size", "micro", "--size", "small",
        "--province", "CO,MI", "--ateco", "10,47.91", "-t", "grants",
    )  # fmt: skip
    return refs


def test_add_then_list_in_every_format(setup: dict[str, int]):
    table = ok("bando", "list")
    assert "Voucher digitali I4.0" in table and "CCIAA Como-Lecco" in table
    assert "21 days left" in table and "€10,000" in table
    (row,) = json.loads(ok("bando", "list", "--format", "json"))
    assert row["budget"] == 500000 and row["max_per_company"] == 10000
    assert row["closes"] == "2026-12-11T12:00:00+01:00" and row["status"] == "open"
    assert row["provinces"] == ["CO", "MI"] and row["ateco"] == ["10", "47.91"]
    rows = list(csv.DictReader(io.StringIO(ok("bando", "list", "--format", "csv"))))
    assert rows[0]["kinds"] == "artisan;retail" and rows[0]["days_left"] == "21"
    assert "No closed call." in ok("bando", "list", "--status", "closed")


def test_bad_add_is_one_line_and_writes_nothing(setup: dict[str, int], clock: FrozenClock):
    refused = fails("bando", "add", "X", "--closes", "1/12/2026", "--province", "Narnia")
    assert "'Narnia' is not an Italian province" in refused
    assert "needs its deadline" in fails("bando", "add", "X")
    assert "Funder kind 'pope'" in fails("bando", "add", "X", "--closes", "1/12/2026",
                                         "--funder", "pope")  # fmt: skip
    assert len(desk(clock).calls.calls()) == 1


def test_match_lists_eligible_and_near_misses_with_reasons(setup: dict[str, int]):
    out = ok("bando", "match", str(setup["forno"]))
    assert "Eligible\n" in out and "Voucher digitali I4.0" in out and "Not eligible" not in out
    out = ok("bando", "match", str(setup["trattoria"]))
    assert "Eligible for no open call." in out
    assert (
        "call 1 Voucher digitali I4.0 (closes Fri 11 Dec 2026 12:00): kind food_service not "
        "eligible (eligible: artisan, retail); province LC not eligible (eligible: CO, MI); "
        "ATECO 56.10 not in 10, 47.91"
    ) in " ".join(out.split())
    data = json.loads(ok("bando", "match", str(setup["trattoria"]), "-f", "json"))
    assert data[0]["eligible"] is False
    assert data[0]["reasons"] == [
        "kind food_service not eligible (eligible: artisan, retail)",
        "province LC not eligible (eligible: CO, MI)",
        "ATECO 56.10 not in 10, 47.91",
    ]


def test_candidates_hide_the_ineligible_only_with_a_count_and_show_them_on_request(
    setup: dict[str, int],
):
    out = ok("bando", "candidates", "1")
    assert "Forno Verdi" in out and "Negozio Blu" in out and "Trattoria" not in out
    assert "1 not eligible; --all shows them" in out
    out = " ".join(ok("bando", "candidates", "1", "--all").split())
    assert "#2 Trattoria Lario: kind food_service not eligible" in out
    rows = json.loads(ok("bando", "candidates", "1", "--all", "-f", "json"))
    trattoria = next(r for r in rows if r["company_name"] == "Trattoria Lario")
    assert not trattoria["eligible"] and "province LC not eligible" in trattoria["reasons"][1]


def test_every_step_through_the_cli_and_refused_moves(setup: dict[str, int], clock: FrozenClock):
    ref = str(setup["forno"])
    out = ok("bando", "apply", ref, "1")
    assert "interested" in out and "deadline follow-up due Thu 3 Dec 2026" in out
    assert "preparing" in ok("bando", "step", ref, "1", "preparing")
    assert "cannot go from preparing to admitted" in fails("bando", "step", ref, "1", "admitted")
    assert "deadline follow-up cancelled" in ok("bando", "step", ref, "1", "submitted")
    ok("bando", "step", ref, "1", "admitted")
    assert "needs an amount" in fails("bando", "step", ref, "1", "funded")
    assert "€9,000" in ok("bando", "step", ref, "1", "funded", "--amount", "9.000")
    assert "it is finished" in fails("bando", "step", ref, "1", "withdrawn")
    assert "not one of" in fails("bando", "step", ref, "1", "won")
    application = desk(clock).calls.get(1).application(setup["forno"])
    assert application.stage is Stage.FUNDED and application.amount == 900_000
    assert "funded €9,000" in ok("show", ref)
    assert "funded €9,000" in ok("bando", "applications", ref)


def test_apply_refuses_the_ineligible_unless_forced(setup: dict[str, int], clock: FrozenClock):
    ref = str(setup["trattoria"])
    assert "--force" in fails("bando", "apply", ref, "1")
    assert desk(clock).calls.get(1).applications == []
    ok("bando", "apply", ref, "1", "--force")
    assert "There is no ticket #99" in fails("bando", "apply", "99", "1")


def test_edit_closes_moves_follow_ups_and_settings_change_the_days(
    setup: dict[str, int], clock: FrozenClock
):
    ref = setup["forno"]
    ok("bando", "apply", str(ref), "1")
    out = ok("bando", "edit", "1", "--closes", "18/12/2026 12:00")
    assert f"#{ref}: deadline follow-up moved" in out
    due = [f.due.day.isoformat() for f in desk(clock).tickets.get(ref).pending_followups()]
    assert due == ["2026-12-11"]
    assert "5 working days" in ok("bando", "settings")
    ok("bando", "settings", "--followup-days", "1")
    due = [f.due.day.isoformat() for f in desk(clock).tickets.get(ref).pending_followups()]
    assert due == ["2026-12-17"]


def test_show_in_every_format(setup: dict[str, int]):
    ok("bando", "apply", str(setup["forno"]), "1")
    out = ok("bando", "show", "1")
    assert "kinds artisan, retail" in out and "Forno Verdi" in out and "interested" in out
    data = json.loads(ok("bando", "show", "1", "-f", "json"))
    assert data["applications"][0]["steps"][0]["who"] == "ms"
    assert "interested" in ok("bando", "show", "1", "-f", "csv")
    assert "There is no call 7" in fails("bando", "show", "7")


def test_import_csv_with_italian_headers_all_or_nothing(
    setup: dict[str, int], clock: FrozenClock, isolated_env: Path
):
    good = isolated_env / "bandi.csv"
    good.write_text(
        "\ufefftitolo;tipo ente;ente;apertura;scadenza;dotazione;contributo massimo;province\n"
        "Bando e-commerce;region;Regione Lombardia;01/10/2026;15/01/2027 16:00;2.000.000;"
        "15.000;MI,CO\n"
        "Digital Export;eu;Commissione europea;01/11/2026;28/02/2027;;;\n",
        encoding="utf-8",
    )
    bad = isolated_env / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {"title": "Fine", "funder": "region", "opens": "1/1/2027", "closes": "1/2/2027"},
                {"title": "", "funder": "pope", "opens": "1/1/2027", "closes": "someday"},
            ]
        )
    )
    result = run("bando", "import", str(bad))
    assert result.exit_code == 1
    assert "row 2, title: A call needs a title." in result.stderr
    assert "row 2, funder: Funder kind 'pope'" in result.stderr
    assert "row 2, closes:" in result.stderr
    assert "nothing was imported" in result.stderr
    assert len(desk(clock).calls.calls()) == 1
    assert "2 calls would be added" in ok("bando", "import", str(good), "--dry-run")
    assert len(desk(clock).calls.calls()) == 1
    assert "imported 2 calls" in ok("bando", "import", str(good))
    assert "already on the desk" in ok("bando", "import", str(good))
    calls = {c.title: c for c in desk(clock).calls.calls()}
    assert calls["Bando e-commerce"].max_per_company == 1_500_000
    assert calls["Bando e-commerce"].eligibility.provinces == ["MI", "CO"]
    assert calls["Digital Export"].closes.isoformat() == "2027-02-28T23:59:00+01:00"


def test_import_without_a_deadline_column_says_which(setup: dict[str, int], isolated_env: Path):
    path = isolated_env / "x.csv"
    path.write_text("title,funder,opens\nA,region,1/1/2027\n")
    assert "no column for: closes (closes/deadline)" in fails("bando", "import", str(path))
    assert "There is no file" in fails("bando", "import", "missing.csv")


def test_agenda_shows_call_deadlines_within_four_weeks(setup: dict[str, int]):
    ok("bando", "add", "Far away", "--funder", "eu", "--closes", "30/06/2027")
    ok("bando", "add", "Old call", "--funder", "eu", "--opens", "1/1/2021", "--closes", "1/3/2021")
    ok("bando", "apply", str(setup["forno"]), "1")
    out = ok("agenda")
    assert "Call deadlines, next 28 days" in out
    deadlines = out[out.index("Call deadlines") :]
    assert "Voucher digitali I4.0" in deadlines and "21 days left" in deadlines
    assert "Far away" not in deadlines and "Old call" not in deadlines
    assert "submit the application" in out  # the application's own follow-up


def test_edit_clears_a_criterion_with_an_empty_value(setup: dict[str, int], clock: FrozenClock):
    assert "province LC not eligible" in ok("bando", "match", str(setup["trattoria"]))
    ok("bando", "edit", "1", "--province", "", "--kind", "", "--ateco", "")
    assert desk(clock).calls.get(1).eligibility.provinces == []
    out = ok("bando", "match", str(setup["trattoria"]))
    assert "Eligible\n" in out and "Not eligible" not in out
    assert "needs a title" in fails("bando", "edit", "1", "--title", " ")
    assert desk(clock).calls.get(1).title == "Voucher digitali I4.0"


def test_step_on_an_earlier_day_from_the_cli(setup: dict[str, int], clock: FrozenClock):
    ref = str(setup["forno"])
    ok("bando", "apply", ref, "1")
    clock.advance(days=2)
    assert "submitted" in ok("bando", "step", ref, "1", "submitted", "--on", "yesterday 17:00")
    step = desk(clock).calls.get(1).application(setup["forno"]).steps[-1]
    assert step.at.isoformat() == "2026-11-21T17:00:00+01:00"
    assert "once it happened" in fails("bando", "step", ref, "1", "admitted", "--on", "+1d")


def test_bando_commands_in_a_real_process(isolated_env: Path):
    env = {**os.environ, "HELPDESK_ADVISER": "ms"}

    def helpdesk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "helpdesk", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert helpdesk("adviser", "add", "ms", "Marta Sala").returncode == 0
    added = helpdesk("bando", "add", "Bando chiuso", "--opens", "1/2/2021", "--closes", "1/3/2021")
    assert added.returncode == 0, added.stderr
    listed = helpdesk("bando", "list", "--format", "json")
    assert json.loads(listed.stdout)[0]["status"] == "closed"
    refused = helpdesk("bando", "add", "X", "--closes", "someday")
    assert refused.returncode == 1 and refused.stderr.startswith("error: ")
    assert "Traceback" not in refused.stderr


def test_export_then_import_from_the_command_line(
    setup: dict[str, int], clock: FrozenClock, isolated_env: Path, switch_to_new_desk
) -> None:
    ok("bando", "apply", str(setup["forno"]), "1")
    ok("bando", "settings", "--followup-days", "4")
    ok("export", "--output", "desk-export.json")
    switch_to_new_desk(isolated_env / "other.json")
    ok("adviser", "add", "ms", "Marta Sala")

    out = ok("import", "desk-export.json")

    assert "new calls 1" in out
    (call,) = desk(clock).calls.calls()
    assert [a.stage for a in call.applications] == [Stage.INTERESTED]
    assert "4 working days" in ok("bando", "settings")
