"""Tickets drawn with Rich: the list table and the full ticket view."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from helpdesk.dates import format_age, format_date, format_datetime
from helpdesk.domain.enums import Channel, Choice, Outcome, Priority, Status
from helpdesk.domain.models import Company, FollowUp, Ticket, Topic
from helpdesk.i18n import N_, _, pgettext
from helpdesk.render.styles import (
    DUE_TODAY_STYLE,
    OVERDUE_STYLE,
    PRIORITY_STYLE,
    STATUS_STYLE,
    status_label,
)
from helpdesk.render.tables import Column, FittedTable
from helpdesk.render.text import literal, one_line
from helpdesk.services.tickets import TicketDetail

if TYPE_CHECKING:
    from rich.table import Table


def ref_text(ticket: Ticket) -> Text:
    """``#42`` in the reference style."""
    return Text(f"#{ticket.ref}", style="bold")


def status_text(ticket: Ticket) -> Text:
    """The status, coloured."""
    return Text(status_label(ticket.status), style=STATUS_STYLE[ticket.status])


def priority_text(ticket: Ticket) -> Text:
    """The priority, coloured."""
    return Text(ticket.priority.label_text, style=PRIORITY_STYLE[ticket.priority])


def followup_text(followup: FollowUp | None, today: date) -> Text:
    """A follow-up's due date, red when overdue and yellow when due today."""
    if followup is None:
        return Text("")
    style = ""
    if followup.due.day < today:
        style = OVERDUE_STYLE
    elif followup.due.day == today:
        style = DUE_TODAY_STYLE
    label = format_date(followup.due.day)
    if followup.due.time is not None:
        label += followup.due.time.strftime(" %H:%M")
    return Text(label, style=style)


def age_text(created: datetime, now: datetime) -> Text:
    """How long ago, compactly: ``3d``, ``2mo``."""
    return Text(format_age(now - created), style="dim")


#: How the fields a ticket's history records read for people.
HISTORY_FIELDS = {
    "assignee": N_("assignee"),
    "call": N_("call"),
    "channel": N_("channel"),
    "company": N_("company"),
    "contact": N_("contact"),
    "description": N_("description"),
    "followup": N_("follow-up"),
    "link": N_("link"),
    "note": N_("note"),
    "outcome": N_("outcome"),
    "outcome_note": N_("outcome note"),
    "priority": N_("priority"),
    "programme": N_("programme"),
    "referral": N_("referral"),
    "satisfaction": N_("satisfaction"),
    "service": N_("service"),
    "source": N_("source"),
    "status": N_("status"),
    "subject": N_("subject"),
    "tags": N_("tags"),
    "topics": N_("topics"),
    "webinar": N_("webinar"),
}

#: History fields whose values are keys of a vocabulary, shown as its labels.
_HISTORY_VOCABULARIES: dict[str, type[Choice]] = {
    "status": Status,
    "priority": Priority,
    "outcome": Outcome,
    "channel": Channel,
}

TICKET_COLUMNS = (
    Column(N_("Ref"), 8, right=True),
    Column(N_("Age"), 5, right=True),
    Column(N_("Company"), 24, floor=8),
    Column(N_("Subject")),
    Column(N_("Topics"), 20, floor=6),
    Column(N_("Priority"), 8),
    Column(N_("Status"), 16),
    Column(N_("Who"), 6),
    Column(N_("Follow-up"), 17),
)


def ticket_table(
    tickets: Iterable[Ticket],
    companies: Mapping[int, Company],
    now: datetime,
    *,
    title: str | None = None,
) -> FittedTable:
    """The ticket list: reference, age, company, subject, topics, priority, status, assignee and
    next follow-up, fitted to the terminal (the subject takes the remaining width).

    Rows are made as they are drawn when ``tickets`` is an iterator (a long list streams:
    see :mod:`helpdesk.render.tables`)."""

    def row(t: Ticket) -> tuple[Text, ...]:
        return ticket_row(t, companies, now)

    rows = [row(t) for t in tickets] if isinstance(tickets, Sequence) else map(row, tickets)
    return FittedTable(TICKET_COLUMNS, rows, title=title)


def ticket_row(t: Ticket, companies: Mapping[int, Company], now: datetime) -> tuple[Text, ...]:
    """One ticket's cells in the ticket list (:data:`TICKET_COLUMNS`)."""
    company = companies.get(t.company_id) if t.company_id is not None else None
    return (
        ref_text(t),
        age_text(t.created, now),
        one_line(company.name if company else ""),
        one_line(t.subject),
        literal(", ".join(t.topics), "dim"),
        priority_text(t),
        status_text(t),
        literal(t.assignee or "—", "" if t.assignee else "dim"),
        followup_text(t.next_followup(), now.date()),
    )


def ticket_view(detail: TicketDetail, now: datetime, tz: tzinfo) -> RenderableType:
    """Everything about one ticket, top to bottom, for ``show`` and the TUI preview."""
    # Imported here: a list of tickets, which most commands print, needs none of them.
    from rich import box
    from rich.panel import Panel
    from rich.table import Table

    from helpdesk.render.webinars import ticket_webinars

    t = detail.ticket
    today = now.date()
    parts: list[RenderableType] = []

    head = Text.assemble(ref_text(t), " ", literal(t.subject, "bold"))
    badges = Text.assemble(
        status_text(t),
        "  ",
        priority_text(t),
        "  ",
        (t.channel.label_text, "dim"),
        "  ",
        (_("opened") + " ", "dim"),
        format_datetime(t.created, tz),
        ("  " + _("assignee") + " ", "dim"),
        literal(t.assignee) if t.assignee else Text(_("nobody")),
    )
    parts += [head, badges]
    if t.topics:
        labels = [detail.topics[k].label() if k in detail.topics else k for k in t.topics]
        parts.append(Text.assemble((_("topics") + " ", "dim"), literal(", ".join(labels))))
    if t.tags:
        parts.append(Text.assemble((_("tags") + " ", "dim"), literal(", ".join(t.tags))))
    if t.outcome:
        parts.append(
            Text.assemble(
                (_("outcome") + " ", "dim"),
                (t.outcome.label_text, "bold"),
                " ",
                literal(t.outcome_note),
            )
        )
    parts.append(_company_block(detail.company, t))
    if t.description:
        parts.append(
            Panel(
                literal(t.description),
                title=_("Description"),
                title_align="left",
                box=box.ROUNDED,
                border_style="dim",
            )
        )
    if t.followups:
        parts.append(_followups(t, today, tz))
    if detail.webinars:
        parts.append(_section(_("Webinars"), ticket_webinars(detail.webinars, tz, now)))
    if t.notes:
        notes = Table.grid(padding=(0, 1))
        notes.add_column(style="dim", no_wrap=True)
        notes.add_column(no_wrap=True)
        notes.add_column()
        for note in t.notes:
            notes.add_row(
                format_datetime(note.at, tz), literal(note.who, "bold"), literal(note.text)
            )
        parts.append(_section(_("Notes"), notes))
    if t.links:
        links = Table.grid(padding=(0, 1))
        for link in t.links:
            other = detail.linked.get(link.ref)
            links.add_row(
                Text(link.kind.label_text, style="dim"),
                Text(f"#{link.ref}", style="bold"),
                one_line(other.subject) if other else Text(_("(missing)"), style="dim"),
                status_text(other) if other else Text(""),
            )
        parts.append(_section(_("Links"), links))
    if detail.company_tickets:
        others = Table.grid(padding=(0, 1))
        for other in detail.company_tickets:
            others.add_row(
                Text(format_date(other.created), style="dim"),
                ref_text(other),
                one_line(other.subject, 60),
                status_text(other),
            )
        parts.append(_section(_("The company's other tickets"), others))
    if t.history:
        history = Table.grid(padding=(0, 1))
        history.add_column(style="dim", no_wrap=True)
        for change in t.history:
            history.add_row(
                format_datetime(change.at, tz),
                literal(change.who, "bold"),
                Text(_(HISTORY_FIELDS.get(change.field, change.field)), style="dim"),
                Text.assemble(
                    _value(change.old, change.field),
                    (" → ", "dim"),
                    _value(change.new, change.field),
                ),
            )
        parts.append(_section(_("History"), history))
    return Group(*parts)


def _company_block(company: Company | None, ticket: Ticket) -> RenderableType:
    lines: list[Text] = []
    if company is not None:
        lines.append(
            Text.assemble(
                literal(company.name, "bold"),
                ("  ", ""),
                (company.kind.label_text, "dim"),
            )
        )
        where = ", ".join(x for x in (company.town, company.province) if x)
        facts = [
            _("VAT {vat}").format(vat=company.vat) if company.vat else "",
            where,
            _("ATECO {code}").format(code=company.ateco) if company.ateco else "",
        ]
        if any(facts):
            lines.append(literal("  ·  ".join(f for f in facts if f), "dim"))
    contact = ticket.contact
    if not contact.is_empty():
        bits = [contact.name, contact.role, contact.email, contact.phone]
        lines.append(
            Text.assemble((_("contact") + " ", "dim"), literal("  ".join(b for b in bits if b)))
        )
    if not lines:
        lines.append(Text(_("no company recorded"), style="dim"))
    return Padding(Group(*lines), (1, 0, 0, 0))


def _followups(ticket: Ticket, today: date, tz: tzinfo) -> RenderableType:
    from rich.table import Table

    table = Table.grid(padding=(0, 1))
    for f in sorted(ticket.followups, key=lambda f: f.due.at):
        if f.done_at is not None:
            state = Text(pgettext("follow-up", "done"), style="dim green")
        elif f.cancelled:
            state = Text(pgettext("follow-up", "cancelled"), style="dim")
        else:
            state = Text(pgettext("follow-up", "pending"), style="bold")
        due = followup_text(f, today) if f.pending else Text(f.due.describe(), style="dim")
        result = Text.assemble(("→ ", "dim"), literal(f.result)) if f.result else Text("")
        table.add_row(
            Text(f"{f.id}.", style="dim"),
            due,
            state,
            literal(f.who, "dim"),
            literal(f.note),
            result,
        )
    return _section(_("Follow-ups"), table)


def _section(title: str, body: RenderableType) -> RenderableType:
    return Group(Text(""), Text(title, style="bold underline"), body)


def _value(value: object, field: str = "") -> Text:
    if value is None or value == "" or value == []:
        return Text("—", style="dim")
    vocabulary = _HISTORY_VOCABULARIES.get(field)
    if vocabulary is not None and isinstance(value, str) and value in vocabulary._value2member_map_:
        return Text(vocabulary(value).label_text)
    if isinstance(value, list):
        return literal(", ".join(map(str, value)))
    return literal(value)


def topics_table(topics: Sequence[Topic]) -> Table:
    """The taxonomy: key, English and Italian labels, and keyword count (the language names
    stay as each language names itself)."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    # Translators: a topic's key ("ecommerce"), unlike an adviser's or a programme's.
    table.add_column(pgettext("topic", "Key"), style="bold", no_wrap=True)
    table.add_column("English")
    table.add_column("Italiano")
    table.add_column(_("Keywords"), justify="right")
    for topic in topics:
        table.add_row(
            literal(topic.key),
            literal(topic.label_en),
            literal(topic.label_it),
            Text(str(len(topic.keywords)), style="dim"),
        )
    return table
