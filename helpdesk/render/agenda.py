"""Follow-ups drawn with Rich: a list of them, and the agenda."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text

from helpdesk.render.tables import Column, FittedTable
from helpdesk.render.text import literal, one_line
from helpdesk.render.tickets import followup_text, ref_text, status_text
from helpdesk.services.followups import Agenda, Entry

SECTION_STYLE = {
    "Overdue": "bold red",
    "Today": "bold yellow",
    "This week": "bold",
    "Later": "bold dim",
}


FOLLOWUP_COLUMNS = (
    Column("Due", 17),
    Column("Ref", 8, right=True),
    Column("No.", 3, right=True),
    Column("Company", 24, floor=8),
    Column("Subject", 40, floor=10),
    Column("Note"),
    Column("Who", 6),
    Column("Status", 11),
)


def followups_table(
    entries: Sequence[Entry], today: date, *, title: str | None = None
) -> FittedTable:
    """Pending follow-ups: due date, ticket, number, company, subject, note, owner, status."""
    rows = [
        (
            followup_text(e.followup, today),
            ref_text(e.ticket),
            Text(str(e.followup.id), style="dim"),
            one_line(e.company.name if e.company else ""),
            one_line(e.ticket.subject),
            one_line(e.followup.note),
            literal(e.followup.who, "dim"),
            status_text(e.ticket),
        )
        for e in entries
    ]
    return FittedTable(
        FOLLOWUP_COLUMNS, rows, title=title, title_style=SECTION_STYLE.get(title or "", "")
    )


def agenda_view(agenda: Agenda, *, who: str | None = None) -> RenderableType:
    """The agenda: overdue, today, this week and later, each a table, empty ones said so."""
    heading = Text.assemble(
        ("Agenda", "bold"),
        (f" · {who}" if who else " · whole desk", ""),
        (
            f" · {len(agenda.overdue)} overdue, {len(agenda.due_today)} today, "
            f"{len(agenda.this_week)} this week, {len(agenda.later)} later",
            "dim",
        ),
    )
    parts: list[RenderableType] = [heading]
    for title, entries in agenda.sections():
        if entries:
            parts.append(Text(""))
            parts.append(followups_table(entries, agenda.today, title=f"{title}"))
        elif title != "Later":
            parts.append(Text(""))
            parts.append(Text.assemble((title, SECTION_STYLE[title]), ("  nothing", "dim")))
    return Group(*parts)
