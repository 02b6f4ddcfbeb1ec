"""Webinars drawn with Rich: the catalogue, one session at a glance, suggestions and demand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from helpdesk.dates import When, format_datetime
from helpdesk.domain.webinars import Enrolment, EnrolmentStatus, Webinar, WebinarStatus
from helpdesk.render.tables import Column, FittedTable
from helpdesk.render.text import literal, one_line
from helpdesk.services.webinars import Demand, Suggestion, WebinarDetail

WEBINAR_STYLE: dict[WebinarStatus, str] = {
    WebinarStatus.SCHEDULED: "cyan",
    WebinarStatus.HELD: "green",
    WebinarStatus.CANCELLED: "dim",
}

ENROLMENT_STYLE: dict[EnrolmentStatus, str] = {
    EnrolmentStatus.INVITED: "cyan",
    EnrolmentStatus.REGISTERED: "bold green",
    EnrolmentStatus.WAITLISTED: "yellow",
    EnrolmentStatus.ATTENDED: "green",
    EnrolmentStatus.NO_SHOW: "red",
    EnrolmentStatus.CANCELLED: "dim",
}


def moment_text(moment: datetime, tz: tzinfo) -> str:
    """``Tue 1 Dec 2026 10:00``, in the desk's zone."""
    local = moment.astimezone(tz)
    wall = local.time().replace(second=0, microsecond=0, tzinfo=None)
    return When(local.date(), wall, tz).describe()


def when_text(webinar: Webinar, tz: tzinfo) -> str:
    """``Tue 1 Dec 2026 10:00–11:30``."""
    end = webinar.end.astimezone(tz)
    return f"{moment_text(webinar.start, tz)}–{end:%H:%M}"


def webinar_status_text(webinar: Webinar, now: datetime | None = None) -> Text:
    """The session's status, coloured; with ``now``, an ended session reads as awaiting its
    attendance (yellow) rather than scheduled."""
    if now is not None and webinar.awaiting_attendance(now):
        return Text(webinar.state(now), style="bold yellow")
    label = webinar.state(now) if now is not None else webinar.status.value
    return Text(label, style=WEBINAR_STYLE[webinar.status])


def enrolment_status_text(enrolment: Enrolment) -> Text:
    """The enrolment's status, coloured."""
    return Text(enrolment.status.label_text, style=ENROLMENT_STYLE[enrolment.status])


def seats_text(webinar: Webinar) -> Text:
    """``12/30`` seats taken of the capacity, red when full."""
    style = "bold red" if webinar.full else ""
    return Text(f"{webinar.seats_taken}/{webinar.capacity}", style=style)


def availability_text(webinar: Webinar) -> Text:
    """``5 seats left``, or ``full — waiting list 3``."""
    if webinar.full:
        return Text(f"full — waiting list {len(webinar.waiting_list())}", style="bold yellow")
    left = webinar.seats_left
    return Text(f"{left} seat{'s' if left != 1 else ''} left", style="green")


def where_text(webinar: Webinar) -> Text:
    """The place, the link, or both."""
    return one_line(" · ".join(x for x in (webinar.place, webinar.link) if x))


WEBINAR_COLUMNS = (
    Column("ID", 5, right=True),
    Column("When", 27, floor=21),
    Column("Title"),
    Column("Topics", 20, floor=6),
    Column("Seats", 9, right=True),
    Column("Waiting", 7, right=True),
    Column("Status", 19, floor=9),
)


def webinars_table(
    webinars: Sequence[Webinar],
    tz: tzinfo,
    *,
    title: str | None = None,
    now: datetime | None = None,
) -> FittedTable:
    """The catalogue: number, date and time, title, topics, seats taken, waiting list, status
    (as it stands at ``now`` when given: an ended session awaits its attendance)."""
    rows = [
        (
            Text(str(w.id), style="bold"),
            Text(when_text(w, tz)),
            one_line(w.title),
            literal(", ".join(w.topics), "dim"),
            seats_text(w),
            Text(str(len(w.waiting_list())) if w.waiting_list() else "", style="yellow"),
            webinar_status_text(w, now),
        )
        for w in webinars
    ]
    return FittedTable(WEBINAR_COLUMNS, rows, title=title)


def webinar_view(detail: WebinarDetail, now: datetime, tz: tzinfo) -> RenderableType:
    """One session at a glance: who is in, who waits (in order), who came and who did not."""
    w = detail.webinar
    parts: list[RenderableType] = [
        Text.assemble((f"Webinar {w.id}  ", "dim"), literal(w.title, "bold")),
        Text.assemble(
            webinar_status_text(w, now),
            "  ",
            when_text(w, tz),
            (f"  {w.duration} min", "dim"),
            "  ",
            ("seats ", "dim"),
            seats_text(w),
            "  ",
            availability_text(w) if w.upcoming(now) else Text(""),
        ),
    ]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    labels = [detail.topics[k].label_en if k in detail.topics else k for k in w.topics]
    rows = [
        ("Topics", ", ".join(labels)),
        ("Speaker", w.speaker),
        ("Place", w.place),
        ("Link", w.link),
    ]
    for label, value in rows:
        if value:
            facts.add_row(label, literal(value))
    if detail.series:
        position = next((i for i, s in enumerate(detail.series, 1) if s.id == w.id), 0)
        others = ", ".join(str(s.id) for s in detail.series if s.id != w.id)
        facts.add_row(
            "Series",
            Text.assemble(
                f"session {position} of {len(detail.series)}",
                (f"  (others: {others})" if others else "", "dim"),
                ("  ", ""),
                literal(w.rule, "dim"),
            ),
        )
    parts.append(facts)
    if w.description:
        parts.append(
            Panel(
                literal(w.description),
                title="Description",
                title_align="left",
                box=box.ROUNDED,
                border_style="dim",
            )
        )
    registered = w.with_status(EnrolmentStatus.REGISTERED)
    parts.append(
        _people(
            f"Registered ({len(registered)}/{w.capacity})",
            registered,
            detail,
            tz,
            empty="nobody yet",
        )
    )
    waiting = w.waiting_list()
    parts.append(
        _people(f"Waiting list ({len(waiting)})", waiting, detail, tz, numbered=True, empty="empty")
    )
    attended = w.with_status(EnrolmentStatus.ATTENDED)
    no_show = w.with_status(EnrolmentStatus.NO_SHOW)
    if w.status is WebinarStatus.HELD or attended or no_show:
        parts.append(_people(f"Attended ({len(attended)})", attended, detail, tz, empty="nobody"))
        parts.append(_people(f"No-show ({len(no_show)})", no_show, detail, tz, empty="nobody"))
    for status, heading in (
        (EnrolmentStatus.INVITED, "Invited"),
        (EnrolmentStatus.CANCELLED, "Cancelled"),
    ):
        found = w.with_status(status)
        if found:
            parts.append(_people(f"{heading} ({len(found)})", found, detail, tz))
    return Group(*parts)


PEOPLE_COLUMNS = (
    Column("No.", 4, right=True),
    Column("Ref", 6, right=True),
    Column("Company", 28, floor=8),
    Column("Subject"),
    Column("Since", 17),
)


def _people(
    title: str,
    enrolments: Sequence[Enrolment],
    detail: WebinarDetail,
    tz: tzinfo,
    *,
    numbered: bool = False,
    empty: str = "",
) -> RenderableType:
    heading = Text(title, style="bold underline")
    if not enrolments:
        return Group(Text(""), Text.assemble(heading, (f"  {empty}", "dim")))
    rows = []
    for position, e in enumerate(enrolments, 1):
        ticket = detail.tickets.get(e.ref)
        company = one_line(detail.company_name(e) or "—")
        if e.second_seat:
            company.append(" (second seat)", style="dim")
        row = [
            Text(f"#{e.ref}", style="bold"),
            company,
            one_line(ticket.subject if ticket else "(missing ticket)", style="dim"),
            Text(format_datetime(e.changed, tz), style="dim"),
        ]
        rows.append([Text(f"{position}.", style="dim"), *row] if numbered else row)
    columns = [*PEOPLE_COLUMNS[1:]] if not numbered else [*PEOPLE_COLUMNS]
    table = FittedTable(columns, rows)
    return Group(Text(""), heading, table)


SUGGESTION_COLUMNS = (
    Column("ID", 5, right=True),
    Column("When", 27, floor=21),
    Column("Title"),
    Column("Topics", 20, floor=6),
    Column("Seats", 26, floor=22),
    Column("Note", 30, floor=6),
)


def suggestion_note(suggestion: Suggestion) -> str:
    """What to know before enrolling a ticket in a suggested session, or empty.

    The CLI's table and the TUI's enrol dialog both show it, so they say the same.
    """
    notes = []
    if suggestion.invited:
        notes.append("invited")
    if suggestion.company_ref is not None:
        notes.append(f"company has a place via #{suggestion.company_ref}")
    return "; ".join(notes)


def suggestions_table(suggestions: Sequence[Suggestion], tz: tzinfo) -> FittedTable:
    """Sessions suggested for a ticket, soonest first, with seats left or the waiting list."""
    rows = []
    for s in suggestions:
        rows.append(
            (
                Text(str(s.webinar.id), style="bold"),
                Text(when_text(s.webinar, tz)),
                one_line(s.webinar.title),
                literal(", ".join(s.topics), "dim"),
                availability_text(s.webinar),
                Text(suggestion_note(s), style="dim"),
            )
        )
    return FittedTable(SUGGESTION_COLUMNS, rows)


DEMAND_COLUMNS = (
    Column("Topic", 16, floor=8),
    Column("Label"),
    Column("Open", 4, right=True),
    Column("Enrolled", 8, right=True),
    Column("Sessions", 8, right=True),
    Column("Seats", 5, right=True),
    Column("Left", 4, right=True),
    Column("Waiting", 7, right=True),
    Column("Short", 5, right=True),
)


def demand_table(demand: Demand, tz: tzinfo) -> RenderableType:
    """Demand by topic against seats offered in the window, largest shortfall first.

    Open: open tickets on the topic; Enrolled: of those, registered or waitlisted for a session
    on it; Seats, Left, Waiting: of the sessions in the window; Short: unenrolled open tickets
    that even every free seat would not take.
    """
    rows = [
        (
            literal(r.topic, "bold"),
            one_line(r.label),
            Text(str(r.open_tickets)),
            Text(str(r.enrolled)),
            Text(str(r.sessions)),
            Text(str(r.seats)),
            Text(str(r.seats_left)),
            Text(str(r.waitlisted), style="yellow" if r.waitlisted else ""),
            Text(str(r.shortfall), style="bold red" if r.shortfall else "dim"),
        )
        for r in demand.rows
    ]
    weeks = f"{demand.weeks} week{'s' if demand.weeks != 1 else ''}"
    title = (
        f"Demand by topic · sessions in the next {weeks}, "
        f"{moment_text(demand.since, tz)} to {moment_text(demand.until, tz)}"
    )
    return Group(Text(title, style="bold"), FittedTable(DEMAND_COLUMNS, rows))


def ticket_webinars(
    pairs: Sequence[tuple[Webinar, Enrolment]], tz: tzinfo, now: datetime | None = None
) -> RenderableType:
    """A ticket's enrolments: session number, date, title, and where the ticket stands (with
    ``now``, a session that has ended is noted as awaiting its attendance)."""
    table = Table.grid(padding=(0, 1))
    for webinar, enrolment in pairs:
        note = ""
        if enrolment.status is EnrolmentStatus.WAITLISTED:
            place = [e.ref for e in webinar.waiting_list()].index(enrolment.ref) + 1
            note = f"{place} in line"
        if webinar.status is WebinarStatus.CANCELLED:
            note = "session cancelled"
        elif now is not None and webinar.awaiting_attendance(now):
            note = "session ended: awaiting attendance"
        table.add_row(
            Text(f"webinar {webinar.id}", style="bold"),
            Text(moment_text(webinar.start, tz), style="dim"),
            one_line(webinar.title, 50),
            enrolment_status_text(enrolment),
            Text(note, style="dim"),
        )
    return table
