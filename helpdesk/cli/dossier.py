"""``company dossier NAME --output FILE.md|.html``: one page on a company, from a template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from helpdesk.cli.output import say, write_text
from helpdesk.cli.state import reader, state
from helpdesk.i18n import _


def company_dossier(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="Company number, VAT number or name.", show_default=False)
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE.md (Markdown) or FILE.html (a plain page); default: the screen.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            help="it or en (default: the language helpdesk speaks).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --output file if it exists.")
    ] = False,
) -> None:
    """One page on a company: profile, requests and advice, referrals, webinars attended and
    grant applications, from the company-dossier template (copy it into your templates folder
    to change it).

    With --desk all, the pages of every desk that knows the business."""
    from helpdesk.services.dossier import company_dossier as build
    from helpdesk.services.dossier import markdown_to_html, output_format

    fmt = output_format(output) if output is not None else ".md"
    cli = state(ctx)
    if cli.network_wide:
        dossier = cli.network().dossier(key, lang)
    else:
        dossier = build(reader(ctx), key, lang)
    text = dossier.text
    if fmt == ".html":
        text = markdown_to_html(text, dossier.company, dossier.language)
    if output is None:
        write_text(text)
        return
    from helpdesk.services.templates import write_output

    write_output(output, text, force=force)
    say(
        _("wrote {file} (dossier of {company}, {language})").format(
            file=output, company=dossier.company, language=dossier.language
        )
    )
