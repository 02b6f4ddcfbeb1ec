"""Tables for companies changed on purpose: likely duplicates, and idle personal data."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.table import Table
from rich.text import Text

from helpdesk.dates import format_date
from helpdesk.domain.identity import LikelyDuplicate, place_of
from helpdesk.domain.models import Company
from helpdesk.i18n import _
from helpdesk.render.text import literal, one_line
from helpdesk.services.privacy import Idle


def duplicates_table(pairs: Iterable[LikelyDuplicate]) -> Table:
    """Pairs of companies that may be one: both, and why."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column, right in (
        (_("No."), True),
        (_("Company"), False),
        (_("No."), True),
        (_("Company"), False),
        (_("Why"), False),
    ):
        table.add_column(column, justify="right" if right else "left")
    for pair in pairs:
        table.add_row(
            Text(str(pair.first.id), style="dim"),
            _named(pair.first),
            Text(str(pair.second.id), style="dim"),
            _named(pair.second),
            literal(pair.reason),
        )
    return table


def _named(company: Company) -> Text:
    text = one_line(company.name)
    extra = ", ".join(x for x in (company.vat or "", place_of(company)) if x)
    if extra:
        text.append_text(literal(f" ({extra})", "dim"))
    return text


def idle_table(found: Iterable[Idle]) -> Table:
    """Personal data with no activity since the day shown."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column, right in (
        (_("Whose"), False),
        (_("Last activity"), False),
        (_("Contacts"), True),
        (_("Tickets"), True),
    ):
        table.add_column(column, justify="right" if right else "left")
    for item in found:
        last = format_date(item.last) if item.last.year > 1 else _("never")
        table.add_row(
            one_line(item.label()),
            Text(last, style="dim"),
            Text(str(item.contacts)),
            Text(str(item.tickets)),
        )
    return table
