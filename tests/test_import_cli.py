"""Tests of ``helpdesk import`` and ``helpdesk export`` through Typer's ``CliRunner``.

Every test runs in an empty temporary folder with no ``HELPDESK_*`` variables from the shell
(``isolated_env``); the database is ``tickets.json`` there, or a PostgreSQL desk of its own with
``HELPDESK_TEST_STORE=postgres``. What was stored is read back through
the services of a fresh desk, never by trusting the command's own output.
"""

from __future__ import annotations

import io
import json
import os
import stat
import sys
from pathlib import Path

import pytest
from conftest import desk_contents
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.domain.enums import Status
from helpdesk.services.desk import Desk
from helpdesk.services.factory import open_desk

pytestmark = pytest.mark.usefixtures("isolated_env")

DATA = Path(__file__).parent / "data"
DB = Path("tickets.json")
EXCEL = str(DATA / "excel_it.csv")
BAD = str(DATA / "bad_rows.csv")

runner = CliRunner()

EXCEL_WARNING = (
    "warning: ignored column 'Colonna vuota': not a known field (map with --map COLUMN=FIELD).\n"
)
BAD_PROBLEMS = """\
row 3, created: "31/02/2020" is not a date: February 2020 has 29 days.
row 3, vat: VAT number '123' is not valid: it must have 11 digits.
row 3, province: 'BE' is not an Italian province: give its two-letter code (CO, MI, MB…) or its \
name (Como, Milano, Monza e Brianza). Did you mean BG (Bergamo), BL (Belluno), BN (Benevento)?
row 3, contact_email: 'bad-email' is not an email address.
row 3, assignee: There is no adviser 'zz'; advisers are: gb, ms.
row 3, status: Status 'opened' is not one of: new, triaged, in_progress, waiting, resolved, \
closed.
row 3, priority: Priority 'altissima' is not one of: low, normal, high, urgent.
row 4, outcome: An outcome is only for resolved or closed tickets, not new.
row 4, subject: A ticket needs a subject or a description.
row 5, created: The date "01/01/2099" is in the future.
row 6, status: A closed ticket needs an outcome.
"""


def run(*args: str, input: str | bytes | None = None) -> Result:
    """Invoke ``helpdesk ARGS`` in-process, 300 columns wide, acting as ``ms``."""
    return runner.invoke(
        app, list(args), input=input, env={"COLUMNS": "300", "HELPDESK_ADVISER": "ms"}
    )


def ok(*args: str, input: str | bytes | None = None) -> Result:
    result = run(*args, input=input)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def refused(*args: str, input: str | bytes | None = None) -> str:
    """Invoke, insist on exit 1 with exactly one ``error:`` line and nothing else; return it."""
    result = run(*args, input=input)
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def desk() -> Desk:
    return open_desk(Settings.from_env(adviser="ms"), create=False)


@pytest.fixture
def advisers(isolated_env: Path) -> None:
    """Advisers ms and gb in the test folder's database (after ``isolated_env`` moved there)."""
    ok("adviser", "add", "ms", "Marta Sala")
    ok("adviser", "add", "gb", "Giulio Bassi")


def snapshot(path: Path) -> object:
    """What the database holds and, for a file, whether it was written at all (its
    modification time and inode)."""
    contents = desk_contents(path)
    if not isinstance(contents, bytes):
        return contents
    st = path.stat()
    return contents, st.st_mtime_ns, st.st_ino


# -- import -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("advisers")
def test_an_italian_excel_file_imports_with_no_options() -> None:
    result = ok("import", EXCEL)

    assert result.stdout == (
        "read 4 · created 4 · updated 0 · duplicates 0 · rejected 0 · new companies 3 · "
        "matched by name 1\n"
    )
    assert result.stderr == EXCEL_WARNING
    tickets = desk().ctx.store.tickets()
    assert [t.external_id for t in tickets] == ["WF-001", "WF-002", "WF-003", "WF-004"]
    assert tickets[2].status is Status.CLOSED


@pytest.mark.usefixtures("advisers")
def test_importing_again_creates_nothing() -> None:
    ok("import", EXCEL)
    before = snapshot(DB)

    result = ok("import", EXCEL)

    assert result.stdout == "read 4 · created 0 · updated 0 · duplicates 4 · rejected 0\n"
    assert snapshot(DB) == before


@pytest.mark.usefixtures("advisers")
def test_bad_rows_refuse_the_import_and_are_all_named() -> None:
    before = snapshot(DB)

    result = run("import", BAD)

    assert result.exit_code == 1
    assert result.stdout == "read 6 · created 0 · updated 0 · duplicates 0 · rejected 4\n"
    assert result.stderr == BAD_PROBLEMS + (
        "error: nothing was imported: 4 rows with problems; fix them, or import with "
        "--skip-invalid to take the valid rows only.\n"
    )
    assert snapshot(DB) == before


@pytest.mark.usefixtures("advisers")
def test_skip_invalid_imports_the_good_rows_and_writes_the_rejects() -> None:
    result = ok("import", BAD, "--skip-invalid", "--rejects", "fix.csv")

    assert result.stdout == (
        "read 6 · created 2 · updated 0 · duplicates 0 · rejected 4 · new companies 2\n"
        "rejected rows written to fix.csv\n"
    )
    assert result.stderr == BAD_PROBLEMS
    assert [t.external_id for t in desk().ctx.store.tickets()] == ["E1", "E6"]
    rejects = Path("fix.csv").read_text(encoding="utf-8").splitlines()
    assert rejects[0] == (
        "external_id,created,company,vat,province,contact_email,topics,assignee,status,"
        "priority,channel,kind,outcome,subject,description,error"
    )
    assert [line.split(",")[0] for line in rejects[1:]] == ["E2", "E3", "E4", "E5"]
    assert rejects[-1] == (
        "E5,20/03/2020,Gialli Srl,,CO,,,,closed,,,,,Chiuso senza esito,,"
        "status: A closed ticket needs an outcome."
    )
    assert stat.S_IMODE(os.stat("fix.csv").st_mode) == 0o600


def test_a_dry_run_writes_nothing_not_even_a_new_database() -> None:
    result = run("import", EXCEL, "--dry-run", "--map", "Consulente=-")

    assert result.exit_code == 0, result.stderr
    mapped = [
        ("ID richiesta", "external_id"),
        ("Data richiesta", "created"),
        ("Ragione sociale", "company"),
        ("P.IVA", "vat"),
        ("Comune", "town"),
        ("Provincia", "province"),
        ("Referente", "contact_name"),
        ("E-mail", "contact_email"),
        ("Telefono", "contact_phone"),
        ("Tema", "topics"),
        ("Oggetto", "subject"),
        ("Descrizione", "description"),
        ("Canale", "channel"),
        ("Priorità", "priority"),
        ("Stato", "status"),
        ("Esito", "outcome"),
    ]
    columns = "".join(f"  {column!r} → {field}\n" for column, field in mapped)
    assert result.stdout == (
        "columns:\n" + columns + "  'Colonna vuota' ignored\n"
        "row 4: matched by name: Forno d'Oro S.r.l. (new, from row 2)\n"
        "read 4 · created 4 · updated 0 · duplicates 0 · rejected 0 · new companies 3 "
        "· matched by name 1 (dry run: nothing was written)\n"
    )
    assert not DB.exists()


@pytest.mark.usefixtures("advisers")
def test_a_dry_run_with_problems_exits_1_saying_it_would_be_refused() -> None:
    result = run("import", BAD, "--dry-run")

    assert result.exit_code == 1
    fields = Path(BAD).read_text().splitlines()[0].split(",")
    assert result.stdout == (
        "columns:\n"
        + "".join(f"  {name!r} → {name}\n" for name in fields)
        + "read 6 · created 2 · updated 0 · duplicates 0 · rejected 4 · new companies 2 "
        "(dry run: nothing was written)\n"
    )
    assert result.stderr.endswith(
        "error: the import would be refused: 4 rows with problems; fix them, or import with "
        "--skip-invalid to take the valid rows only.\n"
    )


@pytest.mark.usefixtures("advisers")
def test_standard_input_is_read_with_a_dash() -> None:
    csv_text = "oggetto;azienda;data\r\nVendere online;Forno d'Oro;18/03/2020 9:15\r\n"

    result = ok("import", "-", input=csv_text.encode("utf-8"))

    assert result.stdout.startswith("read 1 · created 1 ·")
    [ticket] = desk().ctx.store.tickets()
    assert ticket.history[0].new == "standard input row 2"


@pytest.mark.usefixtures("advisers")
def test_json_lines_on_standard_input_are_sniffed_or_named() -> None:
    lines = (DATA / "requests.jsonl").read_bytes()

    assert ok("import", "-", input=lines).stdout.startswith("read 2 · created 2 ·")
    assert ok("import", "-", "--format", "jsonl", input=lines).stdout.startswith(
        "read 2 · created 0 · updated 0 · duplicates 2"
    )


@pytest.mark.usefixtures("advisers")
def test_the_report_as_json_for_scripts() -> None:
    result = run("import", BAD, "--report", "json")

    assert result.exit_code == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert {k: report[k] for k in ("read", "created", "rejected", "refused", "written")} == {
        "read": 6,
        "created": 0,
        "rejected": 4,
        "refused": True,
        "written": False,
    }
    assert report["problems"][0] == {
        "row": 3,
        "line": 3,
        "column": "created",
        "reason": '"31/02/2020" is not a date: February 2020 has 29 days.',
    }
    assert len(report["problems"]) == 11


@pytest.mark.usefixtures("advisers")
def test_a_mapping_file_and_map_options_name_columns() -> None:
    Path("in.csv").write_text("Cosa;Ditta;Quando\nVendere online;Forno;18/03/2020\n")
    Path("map.json").write_text('{"Cosa": "subject", "Ditta": "company"}')

    ok("import", "in.csv", "--mapping", "map.json", "--map", "Quando=created")

    [ticket] = desk().ctx.store.tickets()
    assert ticket.subject == "Vendere online"
    assert ticket.created.date().isoformat() == "2020-03-18"


def test_the_encoding_option_reads_a_windows_file() -> None:
    result = ok("import", str(DATA / "windows_cp1252.csv"), "--encoding", "cp1252")

    assert result.stdout.startswith("read 1 · created 1 ·")
    assert [c.name for c in desk().ctx.store.companies()] == ["Caffè Nerò"]


@pytest.mark.usefixtures("advisers")
def test_a_long_file_off_a_terminal_shows_no_progress_bar() -> None:
    rows = "".join(f"R{i};Richiesta {i}\n" for i in range(2500))

    result = ok("import", "-", "--format", "csv", input=f"id;oggetto\n{rows}")

    assert result.stderr == ""
    assert result.stdout == "read 2500 · created 2500 · updated 0 · duplicates 0 · rejected 0\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere.csv"], "error: There is no file nowhere.csv."),
        (
            [str(DATA / "windows_cp1252.csv")],
            f"error: {DATA / 'windows_cp1252.csv'} is not UTF-8 text (byte 0xe0 on line 1, "
            "character 21, at byte 21 of the file); if it was saved by Excel on Windows, "
            "import it with --encoding cp1252.",
        ),
        (
            [EXCEL, "--map", "Ragione sociale"],
            "error: --map 'Ragione sociale' should be SOURCE=FIELD, e.g. 'Nome ditta=company'.",
        ),
        (
            [EXCEL, "--map", "Ditta=company"],
            "error: Cannot map 'Ditta': the file has no such "
            "column ('ID richiesta', 'Data richiesta', 'Ragione sociale', 'P.IVA', 'Comune', "
            "'Provincia', 'Referente', 'E-mail', 'Telefono', 'Tema', 'Oggetto', 'Descrizione', "
            "'Canale', 'Priorità', 'Stato', 'Consulente', 'Esito', 'Colonna vuota').",
        ),
        ([EXCEL, "--mapping", "none.json"], "error: There is no file none.json."),
        (
            [EXCEL, "--encoding", "klingon"],
            "error: Unknown encoding 'klingon'; try utf-8, cp1252 or latin-1.",
        ),
        ([EXCEL, "--delimiter", ";;"], "error: The CSV delimiter must be one character, not ';;'."),
    ],
)
def test_cli_errors_are_one_line_and_exit_1(args: list[str], message: str) -> None:
    assert refused("import", *args) == message
    assert not DB.exists()


def test_an_empty_standard_input_is_one_line_error() -> None:
    assert refused("import", "-", input=b"") == (
        "error: standard input is empty: there is nothing to import."
    )


# -- export -------------------------------------------------------------------------------------


@pytest.mark.usefixtures("advisers")
def test_export_to_standard_output_and_back_into_another_database(tmp_path: Path) -> None:
    ok("import", EXCEL)

    exported = ok("export").stdout
    other = tmp_path / "other.json"
    imported = runner.invoke(
        app, ["--db", str(other), "import", "-"], input=exported.encode("utf-8")
    )

    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout == (
        "read 4 · created 4 · updated 0 · duplicates 0 · rejected 0 · new companies 3 · "
        "new advisers 2\n"
    )
    copy = open_desk(Settings(db=other, adviser="ms"), create=False)
    assert [t.uid for t in copy.ctx.store.tickets()] == [t.uid for t in desk().ctx.store.tickets()]


@pytest.mark.usefixtures("advisers")
def test_export_a_filter_to_a_file_in_the_format_its_name_says() -> None:
    ok("import", EXCEL)

    result = ok("export", "status:closed", "--output", "closed.csv")

    assert result.stdout == "exported 1 ticket to closed.csv (csv)\n"
    lines = Path("closed.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("WF-003,")
    assert stat.S_IMODE(os.stat("closed.csv").st_mode) == 0o600
    assert sorted(p.name for p in Path().iterdir() if p.name.startswith(".closed")) == []


@pytest.mark.usefixtures("advisers")
def test_export_json_lines_with_free_text_filter() -> None:
    ok("import", EXCEL)

    result = ok("export", "forno", "--format", "jsonl")

    subjects = [json.loads(line)["subject"] for line in result.stdout.splitlines()]
    assert subjects == ["Vendere online", "Social media"]


@pytest.mark.files_only("a database file that does not exist")
def test_export_of_a_missing_database_is_one_line_error() -> None:
    message = refused("export")

    assert message.startswith("error: No database at tickets.json.")


class _Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar_on_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    from helpdesk.cli.exchange import _progress

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("COLUMNS", "80")

    with _progress(enabled=True) as update:
        assert update is not None
        update("checking", 1000, 2500)
        update("writing", 0, 1)

    assert "checking rows" in terminal.getvalue()


def test_no_progress_bar_off_a_terminal_or_for_a_short_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from helpdesk.cli.exchange import _progress

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with _progress(enabled=True) as update:
        assert update is None
    monkeypatch.setattr(sys, "stderr", _Terminal())
    with _progress(enabled=False) as update:
        assert update is None
