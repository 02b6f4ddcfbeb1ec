"""The commands that take ``--desk all``: a list, the businesses and a dossier across every
desk of the network (the figures are in :mod:`helpdesk.cli.summary`)."""

from __future__ import annotations

import re
from enum import StrEnum
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
    companies = {name: network.companies_of(name) for name in {item.desk for item in found}}
    if fmt in (Format.JSON, Format.CSV):
        rows = [
            {"desk": item.desk, **ticket_json(item.ticket, companies[item.desk])} for item in found
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
        show(network_ticket_table(iter(found), companies.__getitem__, now))
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


def network_summary(
    ctx: typer.Context,
    query: str,
    when: tuple[str | None, str | None, str | None],
    by: StrEnum | None,
    fmt: StrEnum,
) -> None:
    """``summary`` with ``--desk all``: the network's figures, then each desk's key figures."""
    from helpdesk.render import network as network_view
    from helpdesk.render import summary as view
    from helpdesk.services.network_summary import network_summary as compute
    from helpdesk.services.network_summary import network_summary_json
    from helpdesk.services.summary import Period
    from helpdesk.services.summary_json import breakdown_json

    network = state(ctx).network()
    period, since, until = when
    first = next(iter(network.desks.values()), None)
    chosen = first.summary.period(period, since=since, until=until) if first else Period()
    figures = compute(network, chosen, query)
    name = by.value if by is not None else None
    title = _("Network summary: {period} ({desks})").format(
        period=chosen.describe(), desks=", ".join(network.names())
    )
    if fmt.value == "json":
        emit_json(breakdown_json(figures.whole, name) if name else network_summary_json(figures))
    elif fmt.value == "csv":
        if name:
            rows = view.summary_rows(breakdown_json(figures.whole, name))
        else:
            plain = {k: v for k, v in network_summary_json(figures).items() if k != "desks"}
            rows = view.summary_rows(plain) + network_view.desk_figures_rows(figures)
        emit_csv(rows, view.CSV_COLUMNS)
    elif fmt.value == "markdown":
        from helpdesk.cli.output import write_text

        if name:
            write_text(view.breakdown_report_markdown(figures.whole, name))
        else:
            # The one-desk summary under the network's own title, then the desks' figures.
            _title, _newline, body = view.summary_markdown(figures.whole).partition("\n")
            heading = f"# {title}\n" + body.rstrip("\n")
            write_text(heading + "\n\n" + network_view.desk_figures_markdown(figures))
    elif name:
        show(view.breakdown_report(figures.whole, name))
    else:
        say((title, "bold"))
        show(view.summary_view(figures.whole))
        show(network_view.desk_figures_table(figures))
