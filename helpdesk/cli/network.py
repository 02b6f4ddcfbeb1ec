"""The commands that take ``--desk all``: a list, the businesses and a dossier across every
desk of the network (the figures are in :mod:`helpdesk.cli.summary`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from helpdesk.cli.output import Format, emit_csv, emit_json, paged, say, show, tickets_counted
from helpdesk.cli.state import pager_allowed, state
from helpdesk.i18n import _

if TYPE_CHECKING:
    from helpdesk.services.network_view import NetworkView


def list_network(
    ctx: typer.Context,
    text: str,
    *,
    sort: str | None,
    limit: int | None,
    offset: int,
    fmt: Format,
) -> None:
    """``list`` with ``--desk all``: every desk's tickets matching ``text``, with their desk."""
    from helpdesk.cli.tickets import CSV_COLUMNS
    from helpdesk.services.exchange import ticket_json

    network = state(ctx).network()
    if re.search(r"(?i)(^|\s)(\+mine|assignee:me)(\s|$)", text):
        _check_mine(network)
    found = network.search(text, sort=sort, limit=limit, offset=offset, partial=fmt is Format.TABLE)
    if fmt in (Format.JSON, Format.CSV):
        rows = [
            {"desk": item.desk, **ticket_json(item.ticket, network.companies_of(item.desk))}
            for item in found
        ]
        if fmt is Format.JSON:
            emit_json(rows)
        else:
            emit_csv(rows, ("desk", *CSV_COLUMNS))
        return
    if not found:
        say((_("No tickets match."), "dim"))
        return
    from helpdesk.render.network import network_ticket_table

    now = next(iter(network.desks.values())).clock.now()
    with paged(pager_allowed(ctx)):
        show(network_ticket_table(iter(found), network.companies_of, now))
        say((tickets_counted(len(found)), "dim"))


def _check_mine(network: NetworkView) -> None:
    # "mine" for a name that is no adviser's on any desk is said, not an empty list.
    from helpdesk.errors import HelpdeskError
    from helpdesk.services.identity import my_key

    failure: HelpdeskError | None = None
    for desk in network.desks.values():
        try:
            my_key(desk)
            return
        except HelpdeskError as refused:
            failure = refused
    if failure is not None:
        raise failure


def list_network_companies(ctx: typer.Context, query: str, fmt: Format) -> None:
    """``company list`` with ``--desk all``: each business once, with the desks that know it."""
    found = state(ctx).network().companies(query)
    if fmt in (Format.JSON, Format.CSV):
        rows: list[dict[str, Any]] = [
            {
                "name": c.name,
                "vat": c.vat or "",
                "desks": list(c.tickets),
                "tickets": c.total,
                "tickets_by_desk": dict(c.tickets),
            }
            for c in found
        ]
        if fmt is Format.JSON:
            emit_json(rows)
        else:
            for row, c in zip(rows, found, strict=True):
                row["tickets_by_desk"] = [f"{d}={n}" for d, n in c.tickets.items()]
            emit_csv(rows, ("name", "vat", "desks", "tickets", "tickets_by_desk"))
        return
    from helpdesk.cli.output import companies_counted
    from helpdesk.render.network import network_companies_table

    show(network_companies_table(found))
    say((companies_counted(len(found)), "dim"))


def network_dossier(
    ctx: typer.Context, key: str, output: Path | None, lang: str | None, force: bool
) -> None:
    """``company dossier`` with ``--desk all``: the business's pages from every desk."""
    from helpdesk.services.dossier import markdown_to_html, output_format

    fmt = output_format(output) if output is not None else ".md"
    dossier = state(ctx).network().dossier(key, lang)
    text = dossier.text
    if fmt == ".html":
        text = markdown_to_html(text, dossier.company, dossier.language)
    if output is None:
        from helpdesk.cli.output import write_text

        write_text(text)
        return
    from helpdesk.services.templates import write_output

    write_output(output, text, force=force)
    say(
        _("wrote {file} (dossier of {company}, {language})").format(
            file=output, company=dossier.company, language=dossier.language
        )
    )
