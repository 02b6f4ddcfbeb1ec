"""Follow-ups drawn with Rich: a list of them, and the agenda."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text

from helpdesk.i18n import N_, _
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

#: The agenda's headings, as :meth:`Agenda.sections` names them, marked for translation.
SECTION_TITLES = {
    "Overdue": N_("Overdue"),
    "Today": N_("Today"),
    "This week": N_("This week"),
    "Later": N_("Later"),
}


FOLLOWUP_COLUMNS = (
    Column(N_("Due"), 17),
    Column(N_("Ref"), 8, right=True),
    Column(N_("No."), 3, right=True),
    Column(N_("Company"), 24, floor=8),
    Column(N_("Subject"), 40, floor=10),
    Column(N_("Note")),
    Column(N_("Who"), 6),
    Column(N_("Status"), 16),
)


def followups_table(
    entries: Sequence[Entry], today: date, *, title: str | None = None
) -> FittedTable:
    """Pending follow-ups: due date, ticket, number, company, subject, note, owner, status.

    ``title`` is one of the agenda's headings (see :data:`SECTION_TITLES`) or any other title,
    shown in the current language."""
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
    shown = _(SECTION_TITLES[title]) if title in SECTION_TITLES else title
    return FittedTable(
        FOLLOWUP_COLUMNS, rows, title=shown, title_style=SECTION_STYLE.get(title or "", "")
    )


def agenda_view(agenda: Agenda, *, who: str | None = None) -> RenderableType:
    """The agenda: overdue, today, this week and later, each a table, empty ones said so."""
    heading = Text.assemble(
        (_("Agenda"), "bold"),
        " · ",
        literal(who) if who else Text(_("whole desk")),
        (
            " · "
            + _("{overdue} overdue, {today} today, {week} this week, {later} later").format(
                overdue=len(agenda.overdue),
                today=len(agenda.due_today),
                week=len(agenda.this_week),
                later=len(agenda.later),
            ),
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
            parts.append(
                Text.assemble(
                    (_(SECTION_TITLES[title]), SECTION_STYLE[title]), ("  " + _("nothing"), "dim")
                )
            )
    return Group(*parts)
