"""How commands print: Rich tables for people, JSON and CSV for scripts, one-line errors."""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from enum import StrEnum
from typing import Any

import orjson
from rich.console import Console, RenderableType
from rich.text import Text

from helpdesk.i18n import _, ngettext, pgettext
from helpdesk.render.text import for_terminal, literal
from helpdesk.services.csv_cells import CsvWriter


class Format(StrEnum):
    """Output formats of listing commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def console(stderr: bool = False) -> Console:
    """A console that never reads markup from strings: user text stays literal.

    While a pager shows standard output (:func:`paged`), it writes colour for the terminal
    behind the pager, at that terminal's width.
    """
    if not stderr and _PAGER_WIDTH:
        return _PagerConsole(
            markup=False, emoji=False, highlight=False, force_terminal=True, width=_PAGER_WIDTH[0]
        )
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


class _PagerConsole(Console):
    """A console writing to a pager, which the user may quit before the end."""

    def on_broken_pipe(self) -> None:
        """Say the pager was quit to :func:`paged` (Rich would end the process instead)."""
        raise BrokenPipeError


#: The pager used when neither ``HELPDESK_PAGER`` nor ``PAGER`` names one: ``-F`` quits at
#: once when the text fits one screen, ``-R`` shows colours, ``-X`` leaves the text on screen.
DEFAULT_PAGER = "less -FRX"

#: The terminal's width while a pager shows standard output; empty otherwise.
_PAGER_WIDTH: list[int] = []


def pager_command() -> str | None:
    """The pager to show long output through: ``$HELPDESK_PAGER``, else ``$PAGER``, else
    :data:`DEFAULT_PAGER`; None when the one set is empty or ``cat`` (no pager), as git does."""
    for name in ("HELPDESK_PAGER", "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            return None if command in ("", "cat") else command
    return DEFAULT_PAGER


@contextmanager
def paged(enabled: bool = True) -> Iterator[None]:
    """Show what the block prints on standard output through a pager, as git and gh do, when
    standard output is a terminal (never into a pipe or a file) and ``enabled``.

    The pager runs with ``LESS=FRX`` unless ``LESS`` is set. Quitting it before the end stops
    the printing quietly; a pager that cannot be started leaves the output on the terminal.
    """
    command = pager_command() if enabled and to_terminal() else None
    if command is None:
        yield
        return
    import shutil
    import subprocess

    width = shutil.get_terminal_size().columns
    environment = {**os.environ}
    environment.setdefault("LESS", "FRX")
    sys.stdout.flush()
    try:
        pager = subprocess.Popen(["/bin/sh", "-c", command], stdin=subprocess.PIPE, env=environment)
    except OSError:
        yield
        return
    assert pager.stdin is not None
    terminal = sys.stdout
    sys.stdout = io.TextIOWrapper(pager.stdin, encoding="utf-8", errors="replace")
    _PAGER_WIDTH.append(width)
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the pager was quit before the end: nothing left to show
    finally:
        _PAGER_WIDTH.clear()
        with suppress(OSError):
            sys.stdout.close()
        sys.stdout = terminal
        while True:
            try:
                pager.wait()
                break
            except KeyboardInterrupt:
                continue  # ctrl+c is the pager's to handle; the command ends with it


def show(renderable: RenderableType) -> None:
    """Print a renderable to standard output."""
    from helpdesk.render.tables import FittedTable  # what a table-less command never needs

    out = console()
    if isinstance(renderable, FittedTable):
        renderable.print_to(out)  # line by line, as its rows come
        return
    out.print(renderable)


def say(*parts: str | Text | tuple[str, str]) -> None:
    """Print one line assembled from plain strings (literal) and ``(text, style)`` pairs."""
    line = Text.assemble(*(literal(p) if isinstance(p, str) else p for p in parts))
    console().print(line, soft_wrap=True)


def sentence(template: str, **fields: str | tuple[str, str]) -> Text:
    """A translated ``template`` with its ``{name}`` fields filled, as one line.

    Each field is plain text (literal) or a ``(text, style)`` pair, so a whole sentence is
    translated at once while the names it holds (a database, a file) keep their style.
    """
    parts: list[Text] = []
    for index, piece in enumerate(_FIELD.split(template)):
        if index % 2 == 0:
            parts.append(Text(piece))
        else:
            value = fields[piece]
            parts.append(literal(value) if isinstance(value, str) else literal(*value))
    return Text.assemble(*parts)


#: A ``{name}`` field of a message.
_FIELD = re.compile(r"\{(\w+)\}")


def error(message: str) -> None:
    """One line on standard error."""
    console(stderr=True).print(
        Text.assemble((_("error: "), "bold red"), literal(message)), soft_wrap=True
    )


def note(message: str) -> None:
    """One line on standard error that is news, not an error (what opening the desk did)."""
    console(stderr=True).print(
        Text.assemble((_("note: "), "bold"), literal(message)), soft_wrap=True
    )


#: What JSON leaves as it is that a terminal acts on, in UTF-8: DEL and the C1 controls
#: (U+0080 to U+009F, the only characters whose encoding is 0xC2 then 0x80 to 0x9F).
_JSON_UNESCAPED_CONTROLS = re.compile(b"\x7f|\xc2[\x80-\x9f]")


def warn(message: str) -> None:
    """One warning line on standard error."""
    console(stderr=True).print(
        Text.assemble((_("warning: "), "yellow"), literal(message)), soft_wrap=True
    )


def emit_json(data: Any) -> None:
    """Print JSON (indented) to standard output.

    JSON escapes the C0 controls (ESC among them) itself; DEL and the C1 controls, which it
    may leave as they are, are written as ``\\u`` escapes too, so that the output is the same
    data and never acts on a terminal.
    """
    text = json_without_controls(orjson.dumps(data, option=orjson.OPT_INDENT_2)).decode()
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def json_without_controls(data: bytes) -> bytes:
    """UTF-8 JSON with DEL and the C1 controls written as ``\\u`` escapes: the same data."""
    if b"\x7f" not in data and b"\xc2" not in data:  # the usual case, told quickly
        return data
    return _JSON_UNESCAPED_CONTROLS.sub(lambda m: b"\\u%04x" % ord(m.group().decode("utf-8")), data)


def to_terminal() -> bool:
    """Whether standard output is a terminal, where control characters must not reach."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def write_text(text: str) -> None:
    """Write text as it is to standard output, made harmless when that is a terminal
    (:func:`helpdesk.render.text.for_terminal`); to a file or a pipe it stays exact."""
    sys.stdout.write(for_terminal(text) if to_terminal() else text)
    sys.stdout.flush()


def emit_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
    """Print rows as CSV with a header; lists are joined with ``;``.

    A text cell a spreadsheet would take for a formula gets a quote in front
    (:mod:`helpdesk.domain.csv_cells`); on a terminal, control characters are replaced.
    """
    out = _TerminalSafe(sys.stdout) if to_terminal() else sys.stdout
    writer = CsvWriter(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(k)) for k in columns])
    sys.stdout.flush()


class _TerminalSafe:
    """A writer that passes text on to ``stream`` with control characters replaced."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._stream.write(for_terminal(text)))


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return "" if value is None else value


def ask(question: str, yes: bool) -> None:
    """Go on when ``yes``, or when the adviser says so at a terminal; otherwise stop.

    Raises:
        InvalidValue: when not at a terminal and not told ``--yes``.
        typer.Exit: when the adviser says no.
    """
    if yes:
        return
    if not sys.stdin.isatty():
        from helpdesk.errors import InvalidValue

        raise InvalidValue(
            _("{question} Not at a terminal: add --yes to do it without asking.").format(
                question=question
            )
        )
    import typer

    if not agrees(question):
        say(_("nothing was changed"))
        raise typer.Exit(1)


def agrees(question: str) -> bool:
    """Ask ``question`` at the terminal (``[s/N]`` in Italian, ``[y/N]`` in English) until the
    answer is yes or no; no is the default. Either language's yes and no are understood: an
    adviser used to one may answer in the other."""
    import typer

    from helpdesk.domain.text import fold

    yes, no, choices = (
        pgettext("answer", "yes"),
        pgettext("answer", "no"),
        pgettext("answer", "y/N"),
    )
    while True:
        reply = typer.prompt(f"{question} [{choices}]", default="", show_default=False, err=True)
        word = fold(reply).strip()
        if word in _YES or word == fold(yes):
            return True
        if word in ("", "n", "no") or word == fold(no):
            return False
        console(stderr=True).print(literal(_("Answer {yes} or {no}.").format(yes=yes, no=no)))


#: Yes, folded, in the languages the desk speaks: a word or its first letter.
_YES = frozenset({"y", "yes", "s", "si"})


def tickets_counted(number: int) -> str:
    """``1 ticket``, ``3 tickets``, in the current language."""
    return ngettext("{count} ticket", "{count} tickets", number).format(count=number)


def companies_counted(number: int) -> str:
    """``1 company``, ``2 companies``, in the current language."""
    return ngettext("{count} company", "{count} companies", number).format(count=number)


def contacts_counted(number: int) -> str:
    """``1 contact``, ``2 contacts``, in the current language."""
    return ngettext("{count} contact", "{count} contacts", number).format(count=number)
