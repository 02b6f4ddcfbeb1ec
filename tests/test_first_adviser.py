"""Everyone acting is known, also on a new desk: a desk with no advisers yet refuses changes
from the command line with the way out, and ``init --adviser KEY --name NAME`` registers the
first adviser. These tests do not use conftest's ``isolated_env``, which lets ms act there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HELPDESK_DB", "HELPDESK_ADVISER", "HELPDESK_TZ", "HELPDESK_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def cli(*args: str, actor: str = "bob") -> Result:
    return runner.invoke(app, ["--db", "d.json", "--as", actor, *args], env={"COLUMNS": "300"})


def test_a_change_on_a_desk_with_no_adviser_is_refused_with_the_way_out(tmp_path: Path) -> None:
    assert cli("init").exit_code == 0
    before = (tmp_path / "d.json").read_bytes()

    refused = cli("add", "Vendere online")

    assert refused.exit_code == 1 and "Traceback" not in refused.stderr
    assert refused.stderr == (
        "error: This desk has no advisers yet, so 'bob' cannot change it: add yourself first "
        'with `helpdesk adviser add bob "Your Name"`, then act as bob (`helpdesk --as bob …` '
        "or HELPDESK_ADVISER=bob).\n"
    )
    assert (tmp_path / "d.json").read_bytes() == before
    assert cli("list", "--all").stdout == "No tickets match.\n"  # reading needs no name


def test_a_missing_desk_is_not_created_by_a_refused_change(tmp_path: Path) -> None:
    assert cli("add", "Vendere online").exit_code == 1
    assert not (tmp_path / "d.json").exists()


def test_adviser_add_is_the_way_in(tmp_path: Path) -> None:
    assert cli("adviser", "add", "bob", "Roberto Bassi").exit_code == 0
    added = cli("add", "Vendere online", "--format", "json")
    assert added.exit_code == 0, added.stderr
    assert json.loads(added.stdout)["ref"] == 1


def test_init_registers_the_first_adviser() -> None:
    made = cli("init", "--adviser", "ms", "--name", "Marta Sala")
    assert made.exit_code == 0, made.stderr
    assert made.stdout == (
        "created d.json with adviser ms (Marta Sala) — act as ms (`helpdesk --as ms …` or "
        "HELPDESK_ADVISER=ms), then add tickets with `helpdesk add`\n"
    )
    listed = json.loads(cli("adviser", "list", "--format", "json").stdout)
    assert [(a["key"], a["name"]) for a in listed] == [("ms", "Marta Sala")]
    assert cli("add", "Vendere online").exit_code == 1  # bob is still nobody here
    assert cli("add", "Vendere online", actor="ms").exit_code == 0
    assert "add tickets with `helpdesk add`" in cli(
        "--db", "e.json", "init", "--adviser", "ms", "--name", "Marta Sala", actor="ms"
    ).stdout.replace("d.json", "e.json")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--adviser", "ms"], "Give the first adviser both ways"),
        (["--name", "Marta Sala"], "Give the first adviser both ways"),
        (["--adviser", "M S", "--name", "Marta"], "Adviser key 'm s' should be"),
    ],
)
def test_init_with_half_or_a_bad_adviser_makes_no_file(
    tmp_path: Path, args: list[str], message: str
) -> None:
    refused = cli("init", *args)
    assert refused.exit_code == 1 and message in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "d.json").exists()


def test_init_help_says_how_to_register_the_first_adviser() -> None:
    helped = runner.invoke(app, ["init", "--help"], env={"COLUMNS": "120"})
    assert "--adviser" in helped.stdout and "--name" in helped.stdout
