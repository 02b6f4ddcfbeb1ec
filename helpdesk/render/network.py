"""The network seen whole (``--desk all``): its desks, a ticket list across desks, its
businesses, and each desk's key figures beside the network's summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from helpdesk.dates import format_datetime
from helpdesk.domain.models import Company
from helpdesk.i18n import N_, _, pgettext
from helpdesk.render.tables import Column, FittedTable
from helpdesk.render.text import literal, one_line
from helpdesk.render.tickets import TICKET_COLUMNS, ticket_row
from helpdesk.services.network_view import DeskTicket, NetworkCompany

if TYPE_CHECKING:
    from helpdesk.services.network_summary import NetworkSummary
    from helpdesk.store.postgres.desks import DeskOverview

#: The network's ticket list: the desk, then the columns of one desk's list.
NETWORK_TICKET_COLUMNS = (Column(N_("Desk"), 12, floor=6), *TICKET_COLUMNS)


def network_ticket_table(
    found: Iterable[DeskTicket],
    companies: Callable[[str], Mapping[int, Company]],
    now: datetime,
) -> FittedTable:
    """The tickets of several desks in one list, each with its desk first.

    Args:
        found: The tickets, in the order to show.
        companies: A desk's companies by number, given its name.
        now: The time, for ages and follow-ups.
    """

    def row(item: DeskTicket) -> tuple[Text, ...]:
        return (literal(item.desk), *ticket_row(item.ticket, companies(item.desk), now))

    return FittedTable(NETWORK_TICKET_COLUMNS, map(row, found))


def desks_table(desks: Iterable[DeskOverview], tz: tzinfo) -> Table:
    """The database's desks: tickets, open tickets, advisers, last change of each, and whether
    it shares its businesses."""
    from rich import box

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Desk"), no_wrap=True)
    for heading in (_("Tickets"), pgettext("open tickets", "Open"), _("Advisers")):
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column(_("Last change"), no_wrap=True)
    table.add_column(_("Shares businesses"), no_wrap=True)
    for desk in desks:
        table.add_row(
            literal(desk.name),
            Text(str(desk.tickets)),
            Text(str(desk.open)),
            Text(str(desk.advisers)),
            Text(format_datetime(desk.last_change, tz), style="dim"),
            Text(_("yes") if desk.shares else _("no")),
        )
    return table


def network_companies_table(found: Iterable[NetworkCompany]) -> Table:
    """The network's businesses, each once, with the desks that know it and its tickets on
    each."""
    from rich import box

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Name"))
    table.add_column(_("VAT"), no_wrap=True)
    table.add_column(_("Desks (tickets)"))
    table.add_column(_("Tickets"), justify="right", no_wrap=True)
    for company in found:
        desks = ", ".join(f"{name} ({count})" for name, count in company.tickets.items())
        table.add_row(
            one_line(company.name),
            literal(company.vat or ""),
            literal(desks),
            Text(str(company.total)),
        )
    return table


#: Headings of each desk's key figures (see ``network_summary.DESK_FIGURES``).
DESK_FIGURE_HEADINGS: dict[str, str] = {
    "requests": N_("Requests"),
    "closed": N_("Closed"),
    "open_now": N_("Open now"),
    "businesses": N_("Businesses"),
    "followups_overdue": N_("Follow-ups overdue"),
    "webinars_held": N_("Webinars held"),
    "referred": N_("Referred"),
    "grants_funded_euros": N_("Grants funded (€)"),
}


def _figure_rows(figures: NetworkSummary) -> list[tuple[str, list[int]]]:
    from helpdesk.services.network_summary import DESK_FIGURES, key_figures

    rows = [(d.desk, [d.figures()[name] for name in DESK_FIGURES]) for d in figures.desks]
    whole = key_figures(figures.whole)
    rows.append((_("Network"), [whole[name] for name in DESK_FIGURES]))
    return rows


def desk_figures_table(figures: NetworkSummary) -> Table:
    """Each desk's key figures, a desk per row, and the network's on the last."""
    from rich import box

    from helpdesk.services.network_summary import DESK_FIGURES

    table = Table(title=_("By desk"), box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    table.add_column(_("Desk"), no_wrap=True)
    for name in DESK_FIGURES:
        table.add_column(_(DESK_FIGURE_HEADINGS[name]), justify="right")
    rows = _figure_rows(figures)
    for position, (desk, values) in enumerate(rows):
        style = "bold" if position == len(rows) - 1 else ""
        table.add_row(literal(desk, style), *(Text(str(v), style=style) for v in values))
    return table


def desk_figures_markdown(figures: NetworkSummary) -> str:
    """Each desk's key figures as a Markdown table, under its heading."""
    from helpdesk.services.network_summary import DESK_FIGURES

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    headings = [_("Desk"), *(_(DESK_FIGURE_HEADINGS[name]) for name in DESK_FIGURES)]
    lines = [
        f"## {_('By desk')}",
        "",
        "| " + " | ".join(headings) + " |",
        "|" + "|".join(["---", *("---:" for _name in DESK_FIGURES)]) + "|",
    ]
    for desk, values in _figure_rows(figures):
        lines.append("| " + " | ".join([cell(desk), *(str(v) for v in values)]) + " |")
    return "\n".join(lines) + "\n"


def desk_figures_rows(figures: NetworkSummary) -> list[dict[str, object]]:
    """Each desk's key figures as the summary's long ``section,key,value`` CSV rows
    (section ``desk.NAME``)."""
    return [
        {"section": f"desk.{d.desk}", "key": name, "value": value}
        for d in figures.desks
        for name, value in d.figures().items()
    ]
