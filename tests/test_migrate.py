"""``helpdesk migrate``: a desk file into PostgreSQL and back, with nothing lost.

Losslessness is judged by the export contract (helpdesk.services.export_schema): the whole
desk exported from the source and from the target must be the same, apart from the moment of
the export.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from postgres import Server
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.dates import DEFAULT_TIMEZONE, SystemClock
from helpdesk.services.demo import write_demo as write_demo_around


def write_demo(path: Path, *, size: int, seed: int = 2020) -> None:
    """A demo desk made around today, so that opening it does not remake it."""
    write_demo_around(path, size=size, seed=seed, today=SystemClock(DEFAULT_TIMEZONE).today())


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner in an empty folder acting as ``ms``."""
    for name in ("HELPDESK_DB", "HELPDESK_DESK", "HELPDESK_TZ", "HELPDESK_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def exported(run: CliRunner, database: str) -> dict[str, object]:
    """The whole desk as the export contract writes it, without the moment of the export."""
    result = run.invoke(app, ["--db", database, "export"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    document.pop("exported")
    return document


def test_a_desk_goes_to_postgresql_and_back_without_loss(
    run: CliRunner, pg_server: Server, tmp_path: Path
) -> None:
    write_demo(tmp_path / "desk.json", size=80, seed=7)
    url = pg_server.create_database()
    there = run.invoke(app, ["migrate", "desk.json", url])
    assert there.exit_code == 0, there.output
    assert there.output.startswith("copied 80 tickets, 40 companies and ")
    assert "to postgresql://postgres@/db" in there.output
    before = exported(run, "desk.json")
    assert len(before["tickets"]) == 80  # type: ignore[arg-type]
    assert exported(run, url) == before

    back = run.invoke(app, ["migrate", url, "back.json"])
    assert back.exit_code == 0, back.output
    assert exported(run, "back.json") == before
    # The copies are desks to work on: numbering goes on where the source left it.
    added = run.invoke(app, ["--db", url, "add", "Dopo la migrazione"])
    assert added.exit_code == 0, added.output
    assert "#81 logged" in added.output


def test_a_target_holding_a_desk_is_left_untouched_unless_replaced(
    run: CliRunner, pg_server: Server, tmp_path: Path
) -> None:
    write_demo(tmp_path / "desk.json", size=20)
    write_demo(tmp_path / "other.json", size=30, seed=1)
    url = pg_server.create_database()
    assert run.invoke(app, ["migrate", "other.json", url]).exit_code == 0
    kept = exported(run, url)

    refused = run.invoke(app, ["migrate", "desk.json", url])
    assert refused.exit_code == 1
    assert "already holds a desk's records and was left untouched; use --replace" in (
        refused.output
    )
    assert exported(run, url) == kept

    assert run.invoke(app, ["migrate", "desk.json", url, "--replace"]).exit_code == 0
    assert exported(run, url) == exported(run, "desk.json")

    onto_file = run.invoke(app, ["migrate", url, "other.json", "--replace"])
    assert onto_file.exit_code == 0, onto_file.output
    assert "its former contents are in " in onto_file.output
    assert exported(run, "other.json") == exported(run, "desk.json")


def test_a_desk_cannot_be_migrated_onto_itself(run: CliRunner, tmp_path: Path) -> None:
    write_demo(tmp_path / "desk.json", size=5)
    before = (tmp_path / "desk.json").read_bytes()
    result = run.invoke(app, ["migrate", "desk.json", "desk.json"])
    assert result.exit_code == 1
    assert result.output == "error: The source and the target are both desk.json.\n"
    assert (tmp_path / "desk.json").read_bytes() == before
