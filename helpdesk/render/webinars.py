"""Webinars drawn with Rich: the catalogue, one session at a glance, suggestions and demand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from helpdesk.dates import When, format_datetime
from helpdesk.domain.webinars import Enrolment, EnrolmentStatus, Webinar, WebinarStatus
from helpdesk.i18n import N_, NC_, _, ngettext, pgettext
from helpdesk.render.tables import Column, FittedTable
from helpdesk.render.text import literal, one_line
from helpdesk.render.topics import topics_text
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
        return Text(webinar.state_text(now), style="bold yellow")
    label = webinar.state_text(now) if now is not None else webinar.status.label_text
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
        waiting = len(webinar.waiting_list())
        return Text(_("full — waiting list {count}").format(count=waiting), style="bold yellow")
    left = webinar.seats_left
    return Text(
        ngettext("{count} seat left", "{count} seats left", left).format(count=left),
        style="green",
    )


def where_text(webinar: Webinar) -> Text:
    """The place, the link, or both."""
    return one_line(" · ".join(x for x in (webinar.place, webinar.link) if x))


WEBINAR_COLUMNS = (
    Column(N_("ID"), 5, right=True),
    Column(N_("When"), 27, floor=21),
    Column(N_("Title")),
    Column(N_("Topics"), 20, floor=6),
    Column(N_("Seats"), 9, right=True),
    Column(N_("Waiting"), 7, right=True),
    Column(N_("Status"), 19, floor=9),
)


def webinars_table(
    webinars: Sequence[Webinar],
    tz: tzinfo,
    *,
    title: str | None = None,
    now: datetime | None = None,
    topic_names: Mapping[str, str] | None = None,
) -> FittedTable:
    """The catalogue: number, date and time, title, topics, seats taken, waiting list, status
    (as it stands at ``now`` when given: an ended session awaits its attendance). Topics read
    as ``topic_names`` labels them (their keys without it)."""
    rows = [
        (
            Text(str(w.id), style="bold"),
            Text(when_text(w, tz)),
            one_line(w.title),
            literal(topics_text(w.topics, topic_names or {}), "dim"),
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
        Text.assemble((_("Webinar {id}").format(id=w.id) + "  ", "dim"), literal(w.title, "bold")),
        Text.assemble(
            webinar_status_text(w, now),
            "  ",
            when_text(w, tz),
            ("  " + _("{minutes} min").format(minutes=w.duration), "dim"),
            "  ",
            (_("seats") + " ", "dim"),
            seats_text(w),
            "  ",
            availability_text(w) if w.upcoming(now) else Text(""),
        ),
    ]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    labels = [detail.topics[k].label() if k in detail.topics else k for k in w.topics]
    rows = [
        (_("Topics"), ", ".join(labels)),
        (_("Speaker"), w.speaker),
        (_("Place"), w.place),
        (_("Link"), w.link),
    ]
    for label, value in rows:
        if value:
            facts.add_row(label, literal(value))
    if detail.series:
        position = next((i for i, s in enumerate(detail.series, 1) if s.id == w.id), 0)
        others = ", ".join(str(s.id) for s in detail.series if s.id != w.id)
        facts.add_row(
            _("Series"),
            Text.assemble(
                _("session {position} of {count}").format(
                    position=position, count=len(detail.series)
                ),
                ("  " + _("(others: {ids})").format(ids=others) if others else "", "dim"),
                ("  ", ""),
                literal(w.rule, "dim"),
            ),
        )
    parts.append(facts)
    if w.description:
        parts.append(
            Panel(
                literal(w.description),
                title=_("Description"),
                title_align="left",
                box=box.ROUNDED,
                border_style="dim",
            )
        )
    registered = w.with_status(EnrolmentStatus.REGISTERED)
    parts.append(
        _people(
            _("Registered ({count}/{capacity})").format(count=len(registered), capacity=w.capacity),
            registered,
            detail,
            tz,
            empty=_("nobody yet"),
        )
    )
    waiting = w.waiting_list()
    parts.append(
        _people(
            _("Waiting list ({count})").format(count=len(waiting)),
            waiting,
            detail,
            tz,
            numbered=True,
            empty=pgettext("list", "empty"),
        )
    )
    attended = w.with_status(EnrolmentStatus.ATTENDED)
    no_show = w.with_status(EnrolmentStatus.NO_SHOW)
    if w.status is WebinarStatus.HELD or attended or no_show:
        nobody = _("nobody")
        attended_title = _("Attended ({count})").format(count=len(attended))
        no_show_title = _("No-show ({count})").format(count=len(no_show))
        parts.append(_people(attended_title, attended, detail, tz, empty=nobody))
        parts.append(_people(no_show_title, no_show, detail, tz, empty=nobody))
    for status, heading in (
        (EnrolmentStatus.INVITED, N_("Invited ({count})")),
        (EnrolmentStatus.CANCELLED, N_("Cancelled ({count})")),
    ):
        found = w.with_status(status)
        if found:
            parts.append(_people(_(heading).format(count=len(found)), found, detail, tz))
    return Group(*parts)


PEOPLE_COLUMNS = (
    Column(N_("No."), 4, right=True),
    Column(N_("Ref"), 6, right=True),
    Column(N_("Company"), 28, floor=8),
    Column(N_("Subject")),
    Column(N_("Since"), 17),
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
            company.append(" " + _("(second seat)"), style="dim")
        row = [
            Text(f"#{e.ref}", style="bold"),
            company,
            one_line(ticket.subject if ticket else _("(missing ticket)"), style="dim"),
            Text(format_datetime(e.changed, tz), style="dim"),
        ]
        rows.append([Text(f"{position}.", style="dim"), *row] if numbered else row)
    columns = [*PEOPLE_COLUMNS[1:]] if not numbered else [*PEOPLE_COLUMNS]
    table = FittedTable(columns, rows)
    return Group(Text(""), heading, table)


SUGGESTION_COLUMNS = (
    Column(N_("ID"), 5, right=True),
    Column(N_("When"), 27, floor=21),
    Column(N_("Title")),
    Column(N_("Topics"), 20, floor=6),
    Column(N_("Seats"), 26, floor=22),
    Column(N_("Note"), 30, floor=6),
)


def suggestion_note(suggestion: Suggestion) -> str:
    """What to know before enrolling a ticket in a suggested session, or empty.

    The CLI's table and the TUI's enrol dialog both show it, so they say the same.
    """
    notes = []
    if suggestion.invited:
        notes.append(pgettext("enrolment status", "invited"))
    if suggestion.company_ref is not None:
        notes.append(_("company has a place via #{ref}").format(ref=suggestion.company_ref))
    return "; ".join(notes)


def suggestions_table(
    suggestions: Sequence[Suggestion], tz: tzinfo, topic_names: Mapping[str, str] | None = None
) -> FittedTable:
    """Sessions suggested for a ticket, soonest first, with seats left or the waiting list."""
    rows = []
    for s in suggestions:
        rows.append(
            (
                Text(str(s.webinar.id), style="bold"),
                Text(when_text(s.webinar, tz)),
                one_line(s.webinar.title),
                literal(topics_text(s.topics, topic_names or {}), "dim"),
                availability_text(s.webinar),
                Text(suggestion_note(s), style="dim"),
            )
        )
    return FittedTable(SUGGESTION_COLUMNS, rows)


DEMAND_COLUMNS = (
    Column(N_("Topic"), 16, floor=8),
    Column(N_("Label")),
    Column(NC_("open tickets", "Open"), 4, right=True, context="open tickets"),
    Column(N_("Enrolled"), 8, right=True),
    Column(N_("Sessions"), 8, right=True),
    Column(N_("Seats"), 5, right=True),
    Column(N_("Left"), 4, right=True),
    Column(N_("Waiting"), 7, right=True),
    Column(N_("Short"), 5, right=True),
)


def demand_table(
    demand: Demand, tz: tzinfo, labels: Mapping[str, str] | None = None
) -> RenderableType:
    """Demand by topic against seats offered in the window, largest shortfall first.

    ``labels`` names each topic in the language spoken (the demand's own labels are English,
    as its JSON gives them).

    Open: open tickets on the topic; Enrolled: of those, registered or waitlisted for a session
    on it; Seats, Left, Waiting: of the sessions in the window; Short: unenrolled open tickets
    that even every free seat would not take.
    """
    rows = [
        (
            literal(r.topic, "bold"),
            one_line((labels or {}).get(r.topic, r.label)),
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
    title = ngettext(
        "Demand by topic · sessions in the next {count} week, {since} to {until}",
        "Demand by topic · sessions in the next {count} weeks, {since} to {until}",
        demand.weeks,
    ).format(
        count=demand.weeks,
        since=moment_text(demand.since, tz),
        until=moment_text(demand.until, tz),
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
            note = _("{place} in line").format(place=place)
        if webinar.status is WebinarStatus.CANCELLED:
            note = _("session cancelled")
        elif now is not None and webinar.awaiting_attendance(now):
            note = _("session ended: awaiting attendance")
        table.add_row(
            Text(_("webinar {id}").format(id=webinar.id), style="bold"),
            Text(moment_text(webinar.start, tz), style="dim"),
            one_line(webinar.title, 50),
            enrolment_status_text(enrolment),
            Text(note, style="dim"),
        )
    return table
