"""The network seen whole (``--desk all``): its desks, and a ticket list across desks."""

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
    from helpdesk.store.postgres.network import DeskOverview

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
    """The database's desks: tickets, open tickets, advisers and last change of each."""
    from rich import box

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(_("Desk"), no_wrap=True)
    for heading in (_("Tickets"), pgettext("open tickets", "Open"), _("Advisers")):
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column(_("Last change"), no_wrap=True)
    for desk in desks:
        table.add_row(
            literal(desk.name),
            Text(str(desk.tickets)),
            Text(str(desk.open)),
            Text(str(desk.advisers)),
            Text(format_datetime(desk.last_change, tz), style="dim"),
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
