"""Programmes and satisfaction: ``programme add|list`` and ``satisfaction``."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk.cli.inputs import read_input, refuse_bad_rows
from helpdesk.cli.output import Format, emit_csv, emit_json, say, show
from helpdesk.cli.state import reader, writer
from helpdesk.i18n import _, ngettext

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]

programmes = typer.Typer(
    help="Programmes: the funded schemes tickets are counted under, for their funders.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``programme`` group and the ``satisfaction`` command to ``app``."""
    app.add_typer(programmes, name="programme")
    app.command("satisfaction")(satisfaction)


@programmes.command("add")
def add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Short key, e.g. desk2020.", show_default=False)],
    name: Annotated[str, typer.Argument(help="Its name, e.g. 'Sportello 2020'.")],
    funder: Annotated[
        list[str] | None, typer.Option("--funder", help="Who pays for it (repeatable).")
    ] = None,
    start: Annotated[str | None, typer.Option("--start", help="First day.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last day.")] = None,
) -> None:
    """Add a programme (or change the one with that key)."""
    desk = writer(ctx)
    programme = desk.programmes.add(key, name, funders=funder, start=start, end=end)
    say(_("programme {key} {name}").format(key=programme.key, name=programme.name))


@programmes.command("list")
def list_(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    """Programmes with their funders and dates."""
    desk = reader(ctx)
    programmes = desk.programmes.programmes()
    rows = [
        {
            "key": p.key,
            "name": p.name,
            "funders": p.funders,
            "start": p.start.isoformat() if p.start else None,
            "end": p.end.isoformat() if p.end else None,
        }
        for p in programmes
    ]
    if fmt is Format.JSON:
        emit_json(rows)
        return
    if fmt is Format.CSV:
        emit_csv(rows, ("key", "name", "funders", "start", "end"))
        return
    if not rows:
        say(
            (_("No programmes yet: add one with "), "dim"),
            ('helpdesk programme add KEY "Name"', "bold"),
        )
        return
    from rich.table import Table

    from helpdesk.dates import format_date
    from helpdesk.render.text import literal

    table = Table(_("Key"), _("Name"), _("Funders"), _("From"), _("To"), box=None)
    for programme in programmes:  # dates as the desk writes them; JSON and CSV keep ISO
        table.add_row(
            literal(programme.key),
            literal(programme.name),
            literal(", ".join(programme.funders or [])),
            format_date(programme.start) if programme.start else "",
            format_date(programme.end) if programme.end else "",
        )
    show(table)


def satisfaction(
    ctx: typer.Context,
    ref: Annotated[
        str | None, typer.Argument(help="Ticket reference, e.g. 42.", show_default=False)
    ] = None,
    score: Annotated[
        str | None, typer.Argument(help="1 (poor) to 5 (excellent).", show_default=False)
    ] = None,
    comment: Annotated[str, typer.Option("--comment", "-c", help="What the business said.")] = "",
    from_file: Annotated[
        str | None,
        typer.Option(
            "--import",
            help="A survey tool's CSV (or JSON) with ticket reference and score columns, "
            "comment optional; all or nothing.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --import: check every row, write nothing.")
    ] = False,
) -> None:
    """Record a closed ticket's satisfaction score, or import a survey's answers."""
    if from_file is not None:
        if ref is not None:
            raise typer.BadParameter(_("give a TICKET and SCORE, or --import FILE, not both."))
        desk = writer(ctx)
        result = desk.satisfaction.import_survey(read_input(from_file), from_file, dry_run=dry_run)
        refuse_bad_rows(result.problems, len(result.problems), recorded=True)
        count = len(result.recorded)
        if dry_run:
            message = ngettext(
                "would record {count} answer; nothing was written.",
                "would record {count} answers; nothing was written.",
                count,
            )
        else:
            message = ngettext("recorded {count} answer.", "recorded {count} answers.", count)
        say(message.format(count=count))
        return
    if ref is None or score is None:
        raise typer.BadParameter(_("give a TICKET and a SCORE from 1 to 5, or --import FILE."))
    desk = writer(ctx)
    ticket = desk.satisfaction.record(ref, score, comment)
    assert ticket.satisfaction is not None
    say(
        (f"#{ticket.ref}", "bold"),
        " ",
        _("satisfaction {score}/5").format(score=ticket.satisfaction.score),
    )
