"""A company and its timeline, drawn with Rich."""

from __future__ import annotations

from datetime import date, datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from helpdesk.dates import format_date
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
        ("VAT", c.vat or ""),
        ("Kind", c.kind.value.replace("_", " ")),
        ("Size", c.size.value if c.size else ""),
        ("ATECO", c.ateco),
        ("S3 area", c.s3_area),
        ("Town", ", ".join(x for x in (c.town, c.province) if x)),
        ("Privacy consent", _consent(c.consented, c.privacy_consent)),
        ("Notes", c.notes),
    ]
    for label, value in rows:
        if value:
            facts.add_row(label, literal(value))
    parts: list[RenderableType] = [
        Text.assemble((f"{c.id} ", "dim"), literal(c.name, "bold")),
        facts,
    ]
    if c.contacts:
        people = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="Contacts", title_justify="left")
        for column in ("Name", "Role", "Email", "Phone"):
            people.add_column(column)
        for p in c.contacts:
            people.add_row(literal(p.name), literal(p.role), literal(p.email), literal(p.phone))
        parts.append(people)
    tickets = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="Timeline", title_justify="left")
    for column in ("Date", "Ref", "Subject", "Topics", "Status", "Outcome"):
        tickets.add_column(column, no_wrap=column != "Subject")
    for t in timeline.tickets:
        tickets.add_row(
            Text(format_date(t.created), style="dim"),
            ref_text(t),
            one_line(t.subject),
            literal(", ".join(t.topics), "dim"),
            status_text(t),
            Text(t.outcome.value if t.outcome else ""),
        )
    if not timeline.tickets:
        tickets.add_row("", "", Text("no tickets", style="dim"), "", "", "")
    parts.append(tickets)
    return Group(*parts)


def _consent(answer: bool | None, day: date | None) -> str:
    if answer is None:
        return ""
    said = "yes" if answer else "no"
    return f"{said}, {format_date(day)}" if day else said
