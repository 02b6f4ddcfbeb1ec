"""How commands print: Rich tables for people, JSON and CSV for scripts, one-line errors."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Any

import orjson
from rich.console import Console, RenderableType
from rich.text import Text

from helpdesk.render.text import literal


class Format(StrEnum):
    """Output formats of listing commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def console(stderr: bool = False) -> Console:
    """A console that never reads markup from strings: user text stays literal."""
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False)


def show(renderable: RenderableType) -> None:
    """Print a renderable to standard output."""
    from helpdesk.render.tables import FittedTable  # what a table-less command never needs

    out = console()
    if out.color_system is None and isinstance(renderable, FittedTable):
        text = renderable.plain_lines(out.width)  # what print would write, written at once
        if text is not None:
            out.file.write(text)
            return
    out.print(renderable)


def say(*parts: str | Text | tuple[str, str]) -> None:
    """Print one line assembled from plain strings (literal) and ``(text, style)`` pairs."""
    line = Text.assemble(*(literal(p) if isinstance(p, str) else p for p in parts))
    console().print(line, soft_wrap=True)


def error(message: str) -> None:
    """One line on standard error."""
    console(stderr=True).print(
        Text.assemble(("error: ", "bold red"), literal(message)), soft_wrap=True
    )


def warn(message: str) -> None:
    """One warning line on standard error."""
    console(stderr=True).print(
        Text.assemble(("warning: ", "yellow"), literal(message)), soft_wrap=True
    )


def emit_json(data: Any) -> None:
    """Print JSON (indented) to standard output."""
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    sys.stdout.flush()


def emit_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
    """Print rows as CSV with a header; lists are joined with ``;``."""
    writer = csv.DictWriter(
        sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    sys.stdout.flush()


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

        raise InvalidValue(f"{question} Not at a terminal: add --yes to do it without asking.")
    import typer

    if not typer.confirm(question, default=False, err=True):
        say("nothing was changed")
        raise typer.Exit(1)


def counted(number: int, one: str, many: str = "") -> str:
    """``1 ticket``, ``3 tickets``, ``2 companies``."""
    return f"{number} {one if number == 1 else (many or one + 's')}"
