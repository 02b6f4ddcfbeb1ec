"""The command line as a user runs it: real ``python -m helpdesk`` processes.

Each process gets a clean environment (no ``HELPDESK_*`` from the developer's shell) with
``HELPDESK_DB`` pointing into ``tmp_path`` and runs in ``tmp_path``. The start-up hygiene tests
read ``python -X importtime`` to prove the commands never import Textual: the terminal UI is
imported only when it is opened, so scripts and cron jobs start fast.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpdesk.config import Settings
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.factory import open_desk
from helpdesk.services.tickets import TicketDraft

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("isolated_env"),
    pytest.mark.files_only("real processes on a database file they name: start-up, modules, pipes"),
]

ROOT = Path(__file__).resolve().parent.parent


def environment(db: Path, **extra: str) -> dict[str, str]:
    """The current environment without HELPDESK_* settings, with the database in ``db``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HELPDESK_") and k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS")
    }
    env.update(HELPDESK_DB=str(db), HELPDESK_ADVISER="ms", COLUMNS="300", PYTHONUTF8="1")
    env.update(HELPDESK_SERVER="off")  # the command runs in this process (tests/test_server.py)
    env.update(extra)
    return env


def helpdesk(
    db: Path, *args: str, python_options: tuple[str, ...] = (), input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python [OPTIONS] -m helpdesk ARGS`` in the database's folder."""
    return subprocess.run(
        [sys.executable, *python_options, "-m", "helpdesk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(db),
        cwd=db.parent,
        input=input,
        timeout=60,
    )


def imported_modules(importtime_stderr: str) -> list[str]:
    """Module names from ``-X importtime`` output (``import time: self | cumulative | name``)."""
    names = []
    for line in importtime_stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line.split("|")
        if len(fields) != 3 or fields[0].strip().endswith("[us]"):
            continue  # the header line
        names.append(fields[2].strip())
    return names


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with adviser ``ms`` (e-commerce) and no tickets, made by a real process."""
    path = tmp_path / "desk.json"
    assert helpdesk(path, "init").returncode == 0
    desk = open_desk(Settings(db=path, adviser="ms"))
    desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
    return path


def test_add_then_list_round_trip(db: Path) -> None:
    added = helpdesk(
        db, "add", "Vendere online", "-c", "Forno d'Oro S.r.l.", "-d", "-", "-a", "ms",
        input="Un negozio online per il pane\n",
    )  # fmt: skip
    assert (added.returncode, added.stderr) == (0, "")
    assert added.stdout == (
        "#1 logged · for Forno d'Oro S.r.l. (new company) · topics suggested: ecommerce\n"
    )
    listed = helpdesk(db, "list", "--format", "json")
    assert (listed.returncode, listed.stderr) == (0, "")
    [record] = json.loads(listed.stdout)
    assert (record["ref"], record["subject"], record["company_name"]) == (
        1,
        "Vendere online",
        "Forno d'Oro S.r.l.",
    )
    assert record["description"] == "Un negozio online per il pane"
    assert (record["assignee"], record["topics"]) == ("ms", ["ecommerce"])
    table = helpdesk(db, "list", "company:forno d'oro")
    assert table.returncode == 0
    row = next(line for line in table.stdout.splitlines() if line.lstrip().startswith("#1 "))
    assert "Forno d'Oro S.r.l." in row
    assert "Vendere online" in row
    assert table.stdout.splitlines()[-1] == "1 ticket"


def test_a_refusal_is_one_line_on_stderr_with_exit_code_1(db: Path) -> None:
    before = db.read_bytes()
    result = helpdesk(db, "add", "Vendere online", "--vat", "123", "-c", "Forno")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "error: VAT number '123' is not valid: it must have 11 digits.\n"
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before
    missing = helpdesk(db, "show", "42")
    assert (missing.returncode, missing.stderr) == (1, "error: There is no ticket #42.\n")


def test_a_usage_error_is_one_line_on_stderr_with_exit_code_2(db: Path) -> None:
    result = helpdesk(db, "frob")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "error: No such command 'frob'. (see `helpdesk --help`)\n"


def test_a_missing_database_is_reported_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    result = helpdesk(path, "list")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: No database at {path}.")
    assert "`helpdesk init`" in line
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path, fmt: str) -> None:
    """``helpdesk list | head -1`` on a big desk: the broken pipe ends the run quietly."""
    path = tmp_path / "big.json"
    desk = open_desk(Settings(db=path, adviser="ms"))
    with desk.ctx.store.transaction():
        for n in range(400):
            desk.tickets.log(TicketDraft(f"Richiesta numero {n}", "Testo " * 20, topics=[]))
    process = subprocess.Popen(
        [sys.executable, "-m", "helpdesk", "list", "--all", "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(path),
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read().decode()
    process.stderr.close()
    code = process.wait(timeout=60)
    assert first.strip()
    assert errors == ""
    assert code in (0, 1)


def test_an_export_to_standard_output_is_the_file_it_would_write(db: Path) -> None:
    """Written in gathered pieces: the bytes are the same as the file's, over 1 MiB of them."""
    made = helpdesk(db, "demo", "--size", "400", "--today", "2026-11-22", "--force")
    assert made.returncode == 0, made.stderr
    lines = helpdesk(db, "export", "--format", "jsonl")
    assert helpdesk(db, "export", "--output", "all.jsonl").returncode == 0
    assert lines.stdout == (db.parent / "all.jsonl").read_text(encoding="utf-8")
    assert len(lines.stdout.splitlines()) == 400
    document = helpdesk(db, "export")
    assert helpdesk(db, "export", "--output", "all.json").returncode == 0
    written = json.loads((db.parent / "all.json").read_text(encoding="utf-8"))
    printed = json.loads(document.stdout)
    assert len(document.stdout.encode()) > 1 << 20
    assert {**printed, "exported": None} == {**written, "exported": None}
    assert len(printed["tickets"]) == 400 and printed["companies"]


# -- start-up hygiene ---------------------------------------------------------------------------


def test_importtime_output_is_read_correctly(tmp_path: Path) -> None:
    """The parser sees a module that is imported (so the tests below can fail)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import textual.app"],
        capture_output=True,
        text=True,
        env=environment(tmp_path / "desk.json"),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    modules = imported_modules(result.stderr)
    assert "textual" in modules
    assert "textual.app" in modules


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--all", "--format", "json"),
        ("add", "Vendere online", "-c", "Forno d'Oro"),
        ("show", "1"),
        ("company", "show", "1"),
        ("adviser", "list"),
        ("--help",),
        ("add", "--help"),
        ("show", "99"),
    ],
    ids=lambda args: " ".join(args),
)
def test_commands_never_import_textual(db: Path, args: tuple[str, ...]) -> None:
    desk = open_desk(Settings(db=db, adviser="ms"))
    desk.tickets.log(TicketDraft("Primo", company=CompanyDraft("Forno d'Oro")))
    result = helpdesk(db, *args, python_options=("-X", "importtime"))
    assert result.returncode in (0, 1), result.stderr
    modules = imported_modules(result.stderr)
    assert "helpdesk.cli.main" in modules  # the parse worked
    assert [m for m in modules if m == "textual" or m.startswith("textual.")] == []
    assert not any("textual" in line for line in result.stderr.splitlines())


#: Runs helpdesk as ``python -m helpdesk`` would, then lists every module it imported. (Modules
#: imported through ``importlib`` do not show in ``-X importtime``.)
LIST_MODULES = (
    "import atexit, runpy, sys\n"
    "atexit.register(lambda: print(*sorted(sys.modules), sep='\\n', file=sys.stderr))\n"
    "sys.argv[:1] = ['helpdesk']\n"
    "runpy.run_module('helpdesk', run_name='__main__')\n"
)


@pytest.mark.parametrize(
    ("args", "own"),
    [
        (("add", "Vendere online", "-c", "Forno d'Oro"), "helpdesk.cli.tickets"),
        (("agenda",), "helpdesk.cli.followups"),
        (("adviser", "list"), "helpdesk.cli.directory"),
        (("--version",), None),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else str(value),
)
def test_a_command_builds_only_its_own_module(
    db: Path, args: tuple[str, ...], own: str | None
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", LIST_MODULES, *args],
        capture_output=True,
        text=True,
        env=environment(db),
        cwd=db.parent,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    modules = set(result.stderr.split())
    assert "helpdesk.cli.main" in modules
    command_modules = {m for m in modules if m.rsplit(".", 1)[0] == "helpdesk.cli"}
    shared = {
        "helpdesk.cli.server",  # the launcher's package, which imports nothing of its own
        "helpdesk.cli.main",
        "helpdesk.cli.i18n",  # every command's help in the desk's language
        "helpdesk.cli.output",
        "helpdesk.cli.state",
    }
    assert command_modules - shared - {"helpdesk.cli.filtering"} == ({own} if own else set())


#: Modules a listing never needs: templates, date parsing of what people type, VAT checks, the
#: terminal UI, and the panels and tables of ``show``.
NOT_FOR_A_LIST = ("jinja2", "dateutil", "stdnum", "textual", "rich.table", "rich.panel")


@pytest.mark.parametrize(
    ("args", "unneeded"),
    [
        (("list",), NOT_FOR_A_LIST),
        (("list", "--all", "vendere"), NOT_FOR_A_LIST),
        (("--version",), (*NOT_FOR_A_LIST, "helpdesk.services.desk", "helpdesk.store", "tempfile")),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) and len(value) < 4 else "",
)
def test_a_command_imports_nothing_it_does_not_use(
    db: Path, args: tuple[str, ...], unneeded: tuple[str, ...]
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", LIST_MODULES, *args],
        capture_output=True,
        text=True,
        env=environment(db),
        cwd=db.parent,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    modules = set(result.stderr.split())
    found = sorted(m for m in modules if m.split(".")[0] in unneeded or m.startswith(unneeded))
    assert found == []
