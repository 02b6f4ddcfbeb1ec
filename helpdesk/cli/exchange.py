"""Import and export commands: ``import FILE|-`` and ``export [FILTER…]``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from helpdesk.cli.filtering import FilterCommand, query_from_args
from helpdesk.cli.inputs import read_bytes, read_input
from helpdesk.cli.output import (
    console,
    emit_json,
    json_without_controls,
    say,
    tickets_counted,
    to_terminal,
    write_text,
)
from helpdesk.cli.state import reader, writer
from helpdesk.errors import InvalidValue
from helpdesk.files import gathered
from helpdesk.i18n import _, ngettext
from helpdesk.render.text import literal

if TYPE_CHECKING:
    # Imported inside the commands: every other command starts without them.
    from helpdesk.services.importing.service import ImportReport, Progress

#: Files shorter than this get no progress bar: it would only flicker.
PROGRESS_FROM = 2000

_TABS = {"tab": "\t", "\\t": "\t", "TAB": "\t"}


class InputFormat(StrEnum):
    """What an imported file holds."""

    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


class ReportFormat(StrEnum):
    """How ``import`` reports."""

    TEXT = "text"
    JSON = "json"


class ExportFormat(StrEnum):
    """What ``export`` writes."""

    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


def register(app: typer.Typer) -> None:
    """Add ``import`` and ``export`` to ``app``."""
    app.command("import")(import_)
    app.command("export", cls=FilterCommand)(export)


def import_(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            help="CSV, JSON or JSON Lines file to import; - reads standard input.",
            show_default=False,
            metavar="FILE|-",
        ),
    ],
    fmt: Annotated[
        InputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="The file's format. Default: from its extension, else from its content.",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            help="The file's encoding, e.g. cp1252 for old Excel files. Default: UTF-8, "
            "with or without BOM.",
            show_default=False,
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(
            "--delimiter",
            help="CSV delimiter (tab or \\t for a tab). Default: detected among , ; and tab.",
            show_default=False,
        ),
    ] = None,
    map_: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="SOURCE=FIELD: read column SOURCE as FIELD (repeatable); FIELD - ignores it.",
            show_default=False,
        ),
    ] = None,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            help='A JSON file of {"source column": "field"} pairs (--map wins).',
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Check and report what would happen, and the field each column gives "
            "(chosen by its header or its meaning); write nothing.",
        ),
    ] = False,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Import the valid rows and report the others. Default: all or nothing.",
        ),
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            help="Write the rejected rows, with an error column, to this file to fix them.",
            show_default=False,
        ),
    ] = None,
    report_format: Annotated[
        ReportFormat,
        typer.Option("--report", help="Report as text, or as JSON for scripts."),
    ] = ReportFormat.TEXT,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse a row that disagrees with the company it matched (another name, "
            "town, province or kind). Default: a warning.",
        ),
    ] = False,
) -> None:
    """Import tickets from a file: every row checked first, one write, nothing twice.

    One bad row refuses the whole import unless --skip-invalid; every problem is listed.
    Companies are matched by the identity rules (README, "Companies"); --dry-run lists every
    match, and a row that disagrees with its company is a warning, or refused with --strict.
    """
    from helpdesk.services.exports import atomic_write
    from helpdesk.services.importing.columns import parse_mapping
    from helpdesk.services.importing.service import ImportOptions, rejects_file
    from helpdesk.services.importing.sources import read_source

    pairs = list(map_ or [])
    document = _read_text(mapping) if mapping is not None else None
    options = ImportOptions(parse_mapping(pairs, document), skip_invalid, dry_run, strict)
    source = read_source(
        read_input(file),
        file,
        fmt=fmt.value if fmt else None,
        encoding=encoding,
        delimiter=_TABS.get(delimiter, delimiter) if delimiter else None,
    )
    desk = writer(ctx)
    if rejects is not None:
        from helpdesk.files import refuse_database_files

        refuse_database_files(rejects)  # before the import, so that nothing is written
    as_json = report_format is ReportFormat.JSON
    with _progress(enabled=not as_json and source.size_hint() >= PROGRESS_FROM) as progress:
        report = desk.imports.run(source, options, progress)
    if rejects is not None:
        atomic_write(rejects, rejects_file(report, source))
    if as_json:
        emit_json(report.as_json())
        if report.refused:
            raise typer.Exit(1)
        return
    _print_report(report, rejects)


def _print_report(report: ImportReport, rejects: Path | None) -> None:
    err = console(stderr=True)
    for warning in report.warnings:
        err.print(Text.assemble((_("warning: "), "yellow"), literal(warning)), soft_wrap=True)
    for problem in report.problems:
        err.print(literal(str(problem)), soft_wrap=True)
    if report.dry_run:
        for line in report.column_lines():
            say(line)
        for match in report.matches:
            say(match)
    line = report.summary()
    if report.dry_run:
        line = _("{summary} (dry run: nothing was written)").format(summary=line)
    say(line)
    if rejects is not None and report.rejected:
        say(_("rejected rows written to {file}").format(file=rejects))
    if not report.refused:
        return
    rows = report.rejected
    if report.dry_run:
        message = ngettext(
            "the import would be refused: {count} row with problems; fix it, or import with "
            "--skip-invalid to take the valid rows only.",
            "the import would be refused: {count} rows with problems; fix them, or import with "
            "--skip-invalid to take the valid rows only.",
            rows,
        )
    else:
        message = ngettext(
            "nothing was imported: {count} row with problems; fix it, or import with "
            "--skip-invalid to take the valid rows only.",
            "nothing was imported: {count} rows with problems; fix them, or import with "
            "--skip-invalid to take the valid rows only.",
            rows,
        )
    raise InvalidValue(message.format(count=rows))


def _read_text(path: Path) -> str:
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValue(
            _("The mapping file {path} is not UTF-8 text.").format(path=path)
        ) from None


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Progress | None]:
    """A progress bar on standard error while rows are checked, when it is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console(stderr=True),
        transient=True,
        auto_refresh=False,  # drawn at each update: no thread, so the rows can be checked in two
    )
    task = bar.add_task(_("checking rows"), total=None)

    def update(stage: str, done: int, total: int) -> None:
        if stage == "writing":
            bar.update(task, description=_("writing"), completed=done, total=total)
        else:
            bar.update(task, completed=done, total=total)
        bar.refresh()

    with bar:
        yield update


def export(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help="Filter, as for list (e.g. status:closed created.after:2020-01-01). "
            "Default: every ticket.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="json (lossless: companies, advisers, topics, webinars, calls, programmes, "
            "partners and referrals too), jsonl (one ticket a line) or csv (the import's "
            "columns). Default: from --output's extension, else json.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically). Default: standard output.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export all or filtered tickets as JSON, JSON Lines or CSV, ready to import back."""
    from helpdesk.services.exports import atomic_write

    desk = reader(ctx)
    chosen = fmt.value if fmt else _format_of(output)
    result = desk.exports.export(query_from_args(query or []), chosen)
    if output is None:
        if to_terminal():  # made harmless for the screen: whole, as text
            data = b"".join(gathered(result))
            write_text((data if chosen == "csv" else json_without_controls(data)).decode())
            return
        sys.stdout.flush()
        for piece in gathered(result):
            sys.stdout.buffer.write(piece)
        sys.stdout.buffer.flush()
        return
    atomic_write(output, result)
    say(
        _("exported {tickets} to {file} ({format})").format(
            tickets=tickets_counted(result.tickets), file=output, format=result.format
        )
    )


def _format_of(output: Path | None) -> str:
    suffix = output.suffix.lower() if output is not None else ""
    return {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(suffix, "json")
