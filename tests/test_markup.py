"""User text is data, never markup (DESIGN.md section 5).

Company names, subjects, descriptions, contact names and notes that look like Rich or Textual
markup are stored exactly, printed exactly by every command, and drawn exactly by the shared
renderables; terminal control characters are neutralised.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import desk_is_set_up
from rich.console import Console
from rich.text import Text
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.domain.models import Contact
from helpdesk.render.companies import company_view
from helpdesk.render.text import literal, one_line
from helpdesk.render.tickets import ticket_table, ticket_view
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.factory import open_desk
from helpdesk.services.tickets import TicketDraft

pytestmark = pytest.mark.usefixtures("isolated_env")

#: Text people really type that Rich or Textual would read as markup.
MARKUP = [
    "[link=https://x]banca[/link]",
    "[/]",
    "Errore [/EUR]",
    "[bold]",
    "[x] fatto",
    "C:\\Users\\[mario]",
    "[@click=app.quit]esci[/]",
]

DB = Path("tickets.json")
runner = CliRunner()


def ok(*args: str) -> Result:
    result = runner.invoke(app, list(args), env={"COLUMNS": "300", "HELPDESK_ADVISER": "ms"})
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert result.stderr == ""
    assert "\x1b" not in result.stdout
    return result


def lines_of(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def stored() -> Desk:
    return open_desk(Settings.from_env(adviser="reader"), create=False)


def cell(text: str, cap: int) -> str:
    """What a fitted table column of at most ``cap`` cells shows for ``text``."""
    return text if len(text) <= cap else text[: cap - 1] + "…"


@pytest.fixture(params=MARKUP)
def logged(request: pytest.FixtureRequest) -> str:
    """A ticket #1 whose company, subject, description, contact and note are all the text."""
    text: str = request.param
    if not desk_is_set_up():
        ok("init")
    ok("add", text, "-c", text, "-d", text, "--contact", text, "-t", "")
    ok("note", "1", text)
    return text


# -- stored and read back -------------------------------------------------------------------------


def test_markup_is_stored_exactly(logged: str) -> None:
    desk = stored()
    ticket = desk.tickets.get(1)
    [company] = desk.companies.list()
    assert ticket.subject == logged
    assert ticket.description == logged
    assert ticket.contact.name == logged
    assert [n.text for n in ticket.notes] == [logged]
    assert company.name == logged
    assert [c.name for c in company.contacts] == [logged]
    data = json.loads(ok("show", "1", "-f", "json").stdout)
    assert (data["subject"], data["description"], data["company_name"]) == (logged,) * 3
    assert data["contact"]["name"] == logged
    assert data["notes"][0]["text"] == logged


# -- printed literally by the commands -----------------------------------------------------------


def test_add_prints_the_company_literally(isolated_env: Path) -> None:
    for n, text in enumerate(MARKUP, start=1):
        assert ok("add", "Richiesta", "-c", text, "-t", "").stdout == (
            f"#{n} logged · for {text} (new company)\n"
        )


def test_list_prints_markup_literally(logged: str) -> None:
    result = ok("list")
    [row] = [line for line in lines_of(result.stdout) if line.lstrip().startswith("#1 ")]
    assert f" {cell(logged, 24)} " in row  # the company column is capped at 24 cells
    assert f" {logged} " in row  # the subject takes the rest of the width
    assert lines_of(result.stdout)[-1] == "1 ticket"


def test_list_finds_a_company_named_with_markup(logged: str) -> None:
    data = json.loads(ok("list", f"company:{logged}", "-f", "json").stdout)
    assert [t["ref"] for t in data] == [1]


def test_show_prints_markup_literally(logged: str) -> None:
    lines = lines_of(ok("show", "1").stdout)
    assert lines[0] == f"#1 {logged}"
    assert f"{logged}  other" in lines  # the company block
    assert f"contact {logged}" in lines
    assert any(re.fullmatch(rf"│ {re.escape(logged)} +│", line) for line in lines)
    notes = lines[lines.index("Notes") + 1]
    assert notes.endswith(f" ms {logged}")
    history = lines[lines.index("History") + 1]
    assert history.endswith(f" ms note — → {logged}")


def test_company_list_prints_markup_literally(logged: str) -> None:
    lines = lines_of(ok("company", "list").stdout)
    [row] = [line for line in lines if re.match(r"\s+1 {2,}", line)]
    assert re.fullmatch(rf"\s*1 +{re.escape(logged)} +other +1", row)
    data = json.loads(ok("company", "list", "-f", "json").stdout)
    assert [c["name"] for c in data] == [logged]


def test_company_show_prints_markup_literally(logged: str) -> None:
    result = ok("company", "show", "1")
    lines = lines_of(result.stdout)
    assert lines[0] == f"1 {logged}"
    assert any(re.fullmatch(rf"\s*{re.escape(logged)}", line) for line in lines)  # contacts
    [row] = [line for line in lines if " #1 " in line]
    assert f" {logged} " in row
    data = json.loads(ok("company", "show", "1", "-f", "json").stdout)
    assert data["name"] == logged
    assert [t["subject"] for t in data["tickets"]] == [logged]


def test_every_string_in_one_desk(isolated_env: Path) -> None:
    """All of them side by side: nothing crashes, nothing restyles a neighbour."""
    for text in MARKUP:
        ok("add", text, "-c", text, "-d", text, "--contact", text, "-t", "")
    out = ok("list").stdout
    rows = {int(m.group(1)): m.group(0) for m in re.finditer(r"^\s*#(\d+) .*$", out, re.M)}
    assert sorted(rows) == list(range(1, len(MARKUP) + 1))
    for n, text in enumerate(MARKUP, start=1):
        assert f" {text} " in rows[n] + " "
    companies = ok("company", "list").stdout
    for text in MARKUP:
        assert f" {text} " in companies
    for n, text in enumerate(MARKUP, start=1):
        assert lines_of(ok("show", str(n)).stdout)[0] == f"#{n} {text}"


def test_an_error_quotes_markup_literally(isolated_env: Path) -> None:
    if not desk_is_set_up():
        ok("init")
    for text in MARKUP:
        result = runner.invoke(app, ["show", text], env={"COLUMNS": "300"})
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: {text!r} is not a ticket reference; use a number such as 42 or #42.\n"
        )


def test_control_characters_never_reach_the_terminal(isolated_env: Path) -> None:
    ok("add", "\x1b[31mrosso\x1b[0m", "-c", "Bar\x07 Sport", "-d", "riga\x1b[2Juno", "-t", "")
    assert stored().tickets.get(1).subject == "\x1b[31mrosso\x1b[0m"  # stored as typed
    listed = ok("list").stdout
    assert "\ufffd[31mrosso\ufffd[0m" in listed
    assert "Bar\ufffd Sport" in listed
    shown = ok("show", "1").stdout
    assert "\x07" not in shown
    assert lines_of(shown)[0] == "#1 \ufffd[31mrosso\ufffd[0m"
    assert any("riga\ufffd[2Juno" in line for line in lines_of(shown))


def test_a_company_named_only_with_punctuation_is_found_again(isolated_env: Path) -> None:
    """BUG: ``CompanyService.find`` matches names by ``company_key``, which is empty for a name
    of punctuation only such as ``[/]``; an empty key never matches, so each ticket logged for
    company ``[/]`` creates another company ``[/]``, and ``company show "[/]"`` cannot name it."""
    ok("add", "Uno", "-c", "[/]", "-t", "")
    assert (
        ok("add", "Due", "-c", "[/]", "-t", "").stdout == "#2 logged · for [/] (matched by name)\n"
    )
    assert [c.name for c in stored().companies.list()] == ["[/]"]


# -- the renderables ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", MARKUP)
def test_literal_keeps_the_text_and_adds_no_style(text: str) -> None:
    rendered = literal(text)
    assert isinstance(rendered, Text)
    assert rendered.plain == text
    assert rendered.spans == []
    assert str(rendered.style) == ""
    assert literal(text, "bold").style == "bold"
    assert one_line(text).plain == text


def test_literal_replaces_control_characters() -> None:
    assert literal("\x1b[31mrosso\x1b[0m").plain == "\ufffd[31mrosso\ufffd[0m"
    assert literal("a\x00b\x07c\x7fd\x08e\rf").plain == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"
    assert literal("riga uno\nriga\tdue").plain == "riga uno\nriga\tdue"
    assert literal(None).plain == ""
    assert literal(42).plain == "42"


def test_one_line_flattens_and_cuts() -> None:
    assert one_line("Forno\n d'Oro\t S.r.l.").plain == "Forno d'Oro S.r.l."
    assert one_line("[link=https://x]banca[/link]", 10).plain == "[link=htt…"
    assert one_line("\x1b[1m", 10).plain == "\ufffd[1m"


@pytest.fixture
def markup_desk(desk: Desk) -> Desk:
    """The in-memory desk of conftest with one ticket per markup string, all fields marked up."""
    for text in MARKUP:
        logged = desk.tickets.log(
            TicketDraft(
                text,
                description=text,
                company=CompanyDraft(f"{text} S.r.l."),
                contact=Contact(text, phone=text),
                topics=[],
                tags=[text],
            )
        )
        desk.tickets.add_note(logged.ticket.ref, text)
        desk.tickets.close(logged.ticket.ref, "withdrawn", text)
    return desk


def record(renderable: object) -> list[str]:
    """Lines of a renderable drawn by a Rich console that does read markup, 300 cells wide."""
    console = Console(record=True, width=300, color_system=None, force_terminal=False)
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


@pytest.mark.parametrize(("ref", "text"), list(enumerate(MARKUP, start=1)))
def test_ticket_view_draws_markup_literally(
    markup_desk: Desk, clock: FrozenClock, ref: int, text: str
) -> None:
    lines = record(ticket_view(markup_desk.tickets.detail(ref), clock.now(), clock.tz))
    assert lines[0] == f"#{ref} {text}"
    assert f"tags {text}" in lines
    assert f"outcome withdrawn {text}" in lines
    assert f"{text} S.r.l.  other" in lines
    assert f"contact {text}  {text}" in lines
    assert any(re.fullmatch(rf"│ {re.escape(text)} +│", line) for line in lines)
    assert any(line.endswith(f" ms {text}") for line in lines)  # the note


def test_ticket_table_draws_markup_literally(markup_desk: Desk, clock: FrozenClock) -> None:
    tickets = markup_desk.tickets.search("", sort="ref")
    lines = record(ticket_table(tickets, markup_desk.companies.by_id(), clock.now()))
    rows = [line for line in lines if re.match(r"\s*#\d+ ", line)]
    assert len(rows) == len(MARKUP)
    for row, text in zip(rows, MARKUP, strict=True):
        assert f" {cell(text + ' S.r.l.', 24)} " in row
        assert f" {text} " in row


def test_company_view_draws_markup_literally(markup_desk: Desk, clock: FrozenClock) -> None:
    for number, text in enumerate(MARKUP, start=1):
        timeline = markup_desk.companies.timeline(number)
        lines = record(company_view(timeline, clock.now()))
        assert lines[0] == f"{number} {text} S.r.l."
        [row] = [line for line in lines if f" #{number} " in line]
        assert f" {text} " in row
        assert any(line.strip().startswith(f"{text}   ") for line in lines)  # the contact
