"""Templates: ``template list|show`` and ``render``."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from helpdesk.cli.output import Format, emit_csv, emit_json, say, show, write_text
from helpdesk.cli.periods import PeriodOpt, ProgrammeCut, SinceOpt, UntilOpt, programme_query
from helpdesk.cli.state import reader
from helpdesk.errors import InvalidValue
from helpdesk.i18n import N_, NC_, _, language, ngettext, pgettext
from helpdesk.render.tables import Column, FittedTable
from helpdesk.render.text import literal, one_line
from helpdesk.services.templates import USER, TemplateInfo


class Language(StrEnum):
    """Languages templates come in."""

    EN = "en"
    IT = "it"


LangOpt = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        "-l",
        help=(
            "Language of the template. Default: the name's suffix (reply-ecommerce.it), else the "
            "language helpdesk speaks."
        ),
        show_default=False,
    ),
]

templates = typer.Typer(
    help="Reply and report templates (shipped, and yours from --templates DIR).",
    no_args_is_help=True,
)

#: Columns of ``template list``.
TEMPLATE_COLUMNS = (
    Column(N_("Name"), 24, floor=12),
    Column(N_("Kind"), 9),
    Column(N_("Languages"), 9),
    Column(N_("Source"), 24, floor=8),
    Column(N_("Description")),
)

#: A template's kind as the table names it (the key stays in JSON and CSV).
TEMPLATE_KINDS = {
    "ticket": NC_("template kind", "ticket"),
    "report": NC_("template kind", "report"),
    "company": NC_("template kind", "company"),
}


def kind_text(kind: str) -> str:
    """A template's kind in the current language (an unknown kind as written)."""
    return pgettext("template kind", TEMPLATE_KINDS[kind]) if kind in TEMPLATE_KINDS else kind


def source_text(info: TemplateInfo) -> str:
    """Where a template comes from, in the current language: shipped, the user's, or both."""
    mine = sorted(language or "*" for language, f in info.files.items() if f.origin == USER)
    if not mine:
        return pgettext("template source", "shipped")
    if len(mine) == len(info.files):
        return pgettext("template source", "user")
    return _("user ({languages}), shipped").format(languages=", ".join(mine))


def description_in(info: TemplateInfo, code: str) -> str:
    """The description of a template's version in language ``code`` (else of its English one)."""
    found = info.files.get(code) or info.files.get("")
    return found.description if found and found.description else info.description


def register(app: typer.Typer) -> None:
    """Add ``template`` and ``render`` to ``app``."""
    app.add_typer(templates, name="template")
    app.command("render")(render)


@templates.command("list")
def template_list(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
) -> None:
    """List templates: name, kind (ticket or report), languages, source and description."""
    infos = reader(ctx).templates.list()
    rows = [
        {
            "name": info.name,
            "kind": info.kind,
            "languages": info.languages,
            "source": info.origin,
            "description": info.description,
            "files": [str(f.path) for f in info.files.values()],
        }
        for info in infos
    ]
    if fmt is Format.JSON:
        emit_json(rows)
    elif fmt is Format.CSV:
        emit_csv(rows, ("name", "kind", "languages", "source", "description"))
    elif not infos:
        say((_("No templates found."), "dim"))
    else:
        show(
            FittedTable(
                [replace(column, header=_(column.header)) for column in TEMPLATE_COLUMNS],
                [
                    (
                        literal(info.name, "bold"),
                        Text(kind_text(info.kind)),
                        Text(" ".join(info.languages)),
                        literal(source_text(info), "dim" if info.origin == "shipped" else "yellow"),
                        one_line(description_in(info, language())),
                    )
                    for info in infos
                ],
            )
        )


@templates.command("show")
def template_show(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="Template name, e.g. reply-ecommerce.", show_default=False)
    ],
    lang: LangOpt = None,
    path: Annotated[
        bool, typer.Option("--path", help="Print the file's path instead of its text.")
    ] = False,
) -> None:
    """Print a template's source (copy it into your --templates folder to change it)."""
    desk = reader(ctx)
    file, text = desk.templates.source(name, lang.value if lang else None)
    if path:
        write_text(f"{file.path}\n")
    else:
        write_text(text if text.endswith("\n") else text + "\n")


def render(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="Template name, e.g. reply-ecommerce or quarterly-report.it.", show_default=False
        ),
    ],
    ref: Annotated[
        str | None,
        typer.Argument(help="The ticket, for a ticket template: 42.", show_default=False),
    ] = None,
    lang: LangOpt = None,
    period: PeriodOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    query: Annotated[
        str,
        typer.Option(
            "--filter", help="For a report: only tickets matching this filter.", show_default=False
        ),
    ] = "",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of the screen.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
    programme: ProgrammeCut = None,
) -> None:
    """Render a template: a reply for a ticket (render reply-ecommerce 42 --lang it) or a
    report for a period (render quarterly-report --period 2020-Q2 -o report.md)."""
    desk = reader(ctx)
    chosen = desk.summary.period(period, since=since, until=until)
    if ref is not None and programme:
        raise InvalidValue(
            _("--programme is for reports; a ticket template takes only the ticket.")
        )
    query = programme_query(desk, query, programme)
    if ref is not None and (chosen.start or chosen.end or query):
        raise InvalidValue(
            _(
                "--period, --since, --until and --filter are for reports; a ticket template "
                "takes only the ticket."
            )
        )
    result = desk.templates.render(
        name, ref, period=chosen, query=query, language=lang.value if lang else None
    )
    if output is None:
        write_text(result.text)
        return
    from helpdesk.services.templates import write_output

    write_output(output, result.text, force=force)
    lines = len(result.text.splitlines())
    say(
        ngettext(
            "wrote {file} ({template}, {count} line)",
            "wrote {file} ({template}, {count} lines)",
            lines,
        ).format(file=output, template=result.template.filename, count=lines)
    )
