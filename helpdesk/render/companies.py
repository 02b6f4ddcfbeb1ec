"""A company and its timeline, drawn with Rich."""

from __future__ import annotations

from datetime import date, datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from helpdesk.dates import format_date
from helpdesk.i18n import N_, _
from helpdesk.render.text import literal, one_line
from helpdesk.render.tickets import ref_text, status_text
from helpdesk.services.companies import CompanyTimeline


def company_view(timeline: CompanyTimeline, now: datetime) -> RenderableType:
    """The company's facts, its contacts, then its tickets oldest first."""
    c = timeline.company
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    rows = [
        (_("VAT"), c.vat or ""),
        (_("Kind"), c.kind.label_text),
        (_("Size"), c.size.label_text if c.size else ""),
        (_("ATECO"), c.ateco),
        (_("S3 area"), c.s3_area),
        (_("Town"), ", ".join(x for x in (c.town, c.province) if x)),
        (_("Privacy consent"), _consent(c.consented, c.privacy_consent)),
        (_("Notes"), c.notes),
    ]
    for label, value in rows:
        if value:
            facts.add_row(label, literal(value))
    parts: list[RenderableType] = [
        Text.assemble((f"{c.id} ", "dim"), literal(c.name, "bold")),
        facts,
    ]
    if c.contacts:
        people = Table(
            box=box.SIMPLE_HEAD, pad_edge=False, title=_("Contacts"), title_justify="left"
        )
        for column in (_("Name"), _("Role"), _("Email"), _("Phone")):
            people.add_column(column)
        for p in c.contacts:
            people.add_row(literal(p.name), literal(p.role), literal(p.email), literal(p.phone))
        parts.append(people)
    tickets = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=_("Timeline"), title_justify="left")
    for column in (N_("Date"), N_("Ref"), N_("Subject"), N_("Topics"), N_("Status"), N_("Outcome")):
        tickets.add_column(_(column), no_wrap=column != "Subject")
    for t in timeline.tickets:
        tickets.add_row(
            Text(format_date(t.created), style="dim"),
            ref_text(t),
            one_line(t.subject),
            literal(", ".join(t.topics), "dim"),
            status_text(t),
            Text(t.outcome.label_text if t.outcome else ""),
        )
    if not timeline.tickets:
        tickets.add_row("", "", Text(_("no tickets"), style="dim"), "", "", "")
    parts.append(tickets)
    return Group(*parts)


def _consent(answer: bool | None, day: date | None) -> str:
    if answer is None:
        return ""
    said = _("yes") if answer else _("no")
    return f"{said}, {format_date(day)}" if day else said
