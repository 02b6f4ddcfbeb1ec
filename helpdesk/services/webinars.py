"""Webinars: the catalogue, enrolment with capacity and a waiting list, attendance, suggestions.

The rules of seats and waiting lists are in :mod:`helpdesk.domain.webinars`; this service reads
and writes the records around them. Enrolments are kept on the webinar and only there; every
enrolment change is also written to the ticket's history.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from helpdesk.dates import format_datetime, occurrences, parse_when
from helpdesk.domain import webinars as rules
from helpdesk.domain.models import Company, FollowUp, Ticket, Topic
from helpdesk.domain.webinars import (
    GOING,
    Enrolment,
    EnrolmentStatus,
    Repeat,
    Webinar,
    WebinarStatus,
)
from helpdesk.errors import Conflict, InvalidValue, NotFound
from helpdesk.i18n import N_, _
from helpdesk.services.context import Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.followups import FollowUpService
from helpdesk.services.tickets import TicketService
from helpdesk.services.validation import check_number
from helpdesk.services.webinar_series import MAX_SESSIONS, weekday_code

if TYPE_CHECKING:
    from helpdesk.services.webinar_edits import WebinarChanges, WebinarEdited

#: The note of the follow-up that marking attendance can add.
AFTER_WEBINAR_NOTE = N_("After the webinar: next steps")


@dataclass(slots=True)
class WebinarDraft:
    """A session (or a series) as typed, before it is checked and saved.

    Attributes:
        title: What it is called.
        start: When the (first) session begins: an expression such as ``"1/12/2026 10:00"`` or
            an aware datetime.
        duration: Minutes.
        capacity: Seats per session.
        topics: Topic keys or labels.
        speaker: Who speaks.
        link: Where to join online (a web address).
        place: Where it is held in person.
        description: What it covers.
        rule: A repeat rule (RFC 5545 RRULE) for a series; None for one session.
    """

    title: str
    start: str | datetime
    duration: int = 60
    capacity: int = 30
    topics: list[str] = field(default_factory=list)
    speaker: str = ""
    link: str = ""
    place: str = ""
    description: str = ""
    rule: str | None = None


@dataclass(slots=True)
class Enrolled:
    """One ticket enrolled: its enrolment now, and its status before (None when new)."""

    ticket: Ticket
    enrolment: Enrolment
    before: EnrolmentStatus | None


@dataclass(slots=True)
class Cancelled:
    """A cancelled enrolment and whoever took the freed seat from the waiting list."""

    webinar: Webinar
    ticket: Ticket
    enrolment: Enrolment
    promoted: list[tuple[Ticket, Enrolment]]


@dataclass(slots=True)
class Attendance:
    """What marking attendance did: who was marked, and the follow-ups added."""

    webinar: Webinar
    marked: list[Enrolled]
    followups: list[tuple[Ticket, FollowUp]]


@dataclass(slots=True)
class WebinarDetail:
    """A session with everything its full view shows beside it."""

    webinar: Webinar
    tickets: dict[int, Ticket]
    companies: Mapping[int, Company]
    series: list[Webinar]
    topics: dict[str, Topic]

    def company_name(self, enrolment: Enrolment) -> str:
        """The enrolled ticket's company name, or empty."""
        ticket = self.tickets.get(enrolment.ref)
        company_id = ticket.company_id if ticket is not None else enrolment.company_id
        company = self.companies.get(company_id) if company_id is not None else None
        return company.name if company is not None else ""


@dataclass(slots=True)
class Suggestion:
    """An upcoming session that suits a ticket.

    Attributes:
        webinar: The session.
        topics: The ticket's topics it covers.
        invited: The ticket is invited to it already.
        company_ref: Another ticket through which the company already has a place, if any.
    """

    webinar: Webinar
    topics: list[str]
    invited: bool = False
    company_ref: int | None = None

    @property
    def seats_left(self) -> int:
        """Seats still free."""
        return self.webinar.seats_left

    @property
    def waiting(self) -> int:
        """How many are on the waiting list."""
        return len(self.webinar.waiting_list())


@dataclass(slots=True)
class DemandRow:
    """Demand for one topic against the seats offered on it.

    Attributes:
        topic: The topic key.
        label: Its English label.
        open_tickets: Open tickets with the topic.
        enrolled: Those of them registered or waitlisted for a session in the window that
            covers the topic.
        sessions: Scheduled sessions in the window covering the topic.
        seats: Their capacity, summed.
        seats_left: Their free seats, summed.
        waitlisted: Their waiting lists, summed.
    """

    topic: str
    label: str
    open_tickets: int = 0
    enrolled: int = 0
    sessions: int = 0
    seats: int = 0
    seats_left: int = 0
    waitlisted: int = 0

    @property
    def unserved(self) -> int:
        """Open tickets with the topic not yet enrolled in a session on it."""
        return self.open_tickets - self.enrolled

    @property
    def shortfall(self) -> int:
        """Unserved tickets that even every free seat would not take (0 when seats suffice)."""
        return max(self.unserved - self.seats_left, 0)


@dataclass(slots=True)
class Demand:
    """Demand by topic for the sessions starting in ``[since, until)``."""

    since: datetime
    until: datetime
    weeks: int
    rows: list[DemandRow]


class WebinarService:
    """Use cases on webinars, one method each."""

    def __init__(
        self,
        ctx: Context,
        tickets: TicketService,
        followups: FollowUpService,
        directory: DirectoryService,
    ) -> None:
        self._ctx = ctx
        self._tickets = tickets
        self._followups = followups
        self._directory = directory

    # -- reading --------------------------------------------------------------------------

    def get(self, id: int | str) -> Webinar:
        """The webinar ``id``.

        Raises:
            InvalidValue: for something that is not a number.
            NotFound: when there is no such webinar.
        """
        number = parse_webinar_id(id)
        webinar = self._ctx.store.webinar(number)
        if webinar is None:
            raise NotFound(_("There is no webinar {number}.").format(number=number))
        return webinar

    def sessions(self, *, upcoming: bool = False, topic: str | None = None) -> list[Webinar]:
        """Sessions in order of start.

        Args:
            upcoming: Only scheduled sessions that have not started.
            topic: Only sessions on this topic (a key or a label).

        Raises:
            InvalidValue: for an unknown topic.
        """
        keys = set(self._directory.topic_keys([topic])) if topic else None
        now = self._ctx.now()
        found = [
            w
            for w in self._ctx.store.webinars()
            if (not upcoming or w.upcoming(now)) and (keys is None or not keys.isdisjoint(w.topics))
        ]
        return sorted(found, key=lambda w: (w.start, w.id))

    def detail(self, id: int | str) -> WebinarDetail:
        """A session with its enrolled tickets, their companies, and its series.

        Raises:
            NotFound: when there is no such webinar.
        """
        webinar = self.get(id)
        store = self._ctx.store
        refs = {e.ref for e in webinar.enrolments}
        tickets = {t.ref: t for ref in sorted(refs) if (t := store.ticket(ref, partial=True))}
        series = rules.series_sessions(store.webinars(), webinar.series)
        return WebinarDetail(
            webinar,
            tickets,
            store.companies_by_id(),
            series,
            {t.key: t for t in store.topics()},
        )

    def for_ticket(self, ref: int | str) -> list[tuple[Webinar, Enrolment]]:
        """A ticket's enrolments, soonest session first.

        Raises:
            NotFound: when there is no such ticket.
        """
        ticket = self._tickets.get(ref)
        return rules.ticket_enrolments(self._ctx.store.webinars(), ticket.ref)

    # -- the catalogue --------------------------------------------------------------------

    def add(self, draft: WebinarDraft) -> list[Webinar]:
        """Add one session, or every session of a series when the draft has a rule.

        Raises:
            InvalidValue: for a missing title, a bad duration, capacity, topic or link.
            InvalidDate: for a start that names no date and time, or a rule that cannot be read,
                never ends or gives no session.
        """
        title = " ".join(draft.title.split())
        if not title:
            raise InvalidValue(_("A webinar needs a title."))
        if not 1 <= draft.duration <= 24 * 60:
            raise InvalidValue(
                _("A webinar lasts from 1 to 1440 minutes, not {minutes}.").format(
                    minutes=draft.duration
                )
            )
        if draft.capacity < 1:
            raise InvalidValue(
                _("A webinar needs at least one seat, not {seats}.").format(seats=draft.capacity)
            )
        link = draft.link.strip()
        if link and not re.match(r"(?i)^https?://\S+$", link):
            raise InvalidValue(
                _(
                    "The link {link!r} is not a web address; give one starting with https://."
                ).format(link=link)
            )
        topics = self._directory.topic_keys(draft.topics)
        start = self.start_moment(draft.start)
        rule = " ".join((draft.rule or "").split())
        if rule:
            starts = occurrences(rule, start, limit=MAX_SESSIONS)
            if not starts:
                raise InvalidValue(
                    _('The repeat rule "{rule}" gives no session from {start}.').format(
                        rule=rule, start=format_datetime(start, self._ctx.clock.tz)
                    )
                )
        else:
            starts = [start]
        series = uuid.uuid4().hex[:12] if rule else ""
        now = self._ctx.now()
        sessions = [
            Webinar(
                title=title,
                start=moment,
                duration=draft.duration,
                capacity=draft.capacity,
                topics=list(topics),
                speaker=draft.speaker.strip(),
                link=link,
                place=draft.place.strip(),
                description=draft.description.strip(),
                series=series,
                rule=rule,
                created=now,
            )
            for moment in starts
        ]
        return self._ctx.store.add_webinars(sessions)

    def repeat_rule(
        self,
        repeat: Repeat | str | None = None,
        *,
        rrule: str | None = None,
        byweekday: Sequence[str] = (),
        bysetpos: int | None = None,
        count: int | None = None,
        until: str | None = None,
        interval: int | None = None,
    ) -> str | None:
        """The RRULE that readable repeat options stand for, or the raw rule given.

        Args:
            repeat: daily, weekly, monthly or yearly.
            rrule: A rule written out (``"FREQ=WEEKLY;BYDAY=TU;COUNT=6"``), instead of the rest.
            byweekday: Weekdays, as codes (``TU``), names (``tuesday``, ``martedì``) or with a
                position (``1TH``, ``-1FR``); repeatable or comma-separated.
            bysetpos: Which of the month's matching days (1 first, -1 last).
            count: How many sessions.
            until: The last day (a date expression, day first).
            interval: Every how many periods (2 with weekly: every other week).

        Returns:
            The rule, or None when no repeat was asked for.

        Raises:
            InvalidValue: for options that do not make one rule.
            InvalidDate: for an ``until`` that names no date.
        """
        parts_given = bool(byweekday) or any(
            v is not None for v in (bysetpos, count, until, interval)
        )
        if rrule is not None and rrule.strip():
            if repeat is not None or parts_given:
                raise InvalidValue(_("Give either --rrule or --repeat with its options, not both."))
            return " ".join(rrule.split())
        if repeat is None:
            if parts_given:
                raise InvalidValue(
                    _(
                        "--byweekday, --bysetpos, --count, --until and --interval need --repeat "
                        "(daily, weekly, monthly or yearly)."
                    )
                )
            return None
        frequency = Repeat.parse(repeat)
        if count is not None and until is not None:
            raise InvalidValue(_("Give --count or --until to end a series, not both."))
        if count is None and until is None:
            raise InvalidValue(_("A series needs an end: --count N or --until DATE."))
        if count is not None and not 1 <= count <= MAX_SESSIONS:
            raise InvalidValue(
                _("A series has from 1 to {most} sessions, not {count}.").format(
                    most=MAX_SESSIONS, count=count
                )
            )
        if interval is not None and interval < 1:
            raise InvalidValue(
                _("--interval is a number of periods from 1 up, not {interval}.").format(
                    interval=interval
                )
            )
        if bysetpos is not None and (bysetpos == 0 or not -366 <= bysetpos <= 366):
            raise InvalidValue(
                _("--bysetpos counts from 1 (first) or -1 (last), not {bysetpos}.").format(
                    bysetpos=bysetpos
                )
            )
        parts = [f"FREQ={frequency.value.upper()}"]
        if interval is not None and interval != 1:
            parts.append(f"INTERVAL={interval}")
        days = [weekday_code(d) for value in byweekday for d in value.split(",") if d.strip()]
        if days:
            parts.append(f"BYDAY={','.join(days)}")
        if bysetpos is not None:
            parts.append(f"BYSETPOS={bysetpos}")
        if count is not None:
            parts.append(f"COUNT={count}")
        if until is not None:
            last = parse_when(until, self._ctx.clock)
            if last.time is None:
                parts.append(f"UNTIL={last.day:%Y%m%d}")
            else:
                parts.append(f"UNTIL={last.day:%Y%m%d}T{last.time:%H%M%S}")
        return ";".join(parts)

    def cancel(self, id: int | str) -> tuple[Webinar, list[Ticket]]:
        """Cancel a scheduled session; its enrolled tickets have it in their history.

        Returns:
            The session and the tickets with a live enrolment in it.

        Raises:
            Conflict: for a session already held or cancelled.
        """
        with self._ctx.store.transaction():
            webinar = self.get(id)
            if webinar.status is not WebinarStatus.SCHEDULED:
                raise Conflict(
                    _("Webinar {number} is already {status}.").format(
                        number=webinar.id, status=webinar.status.value
                    )
                )
            webinar.status = WebinarStatus.CANCELLED
            now, actor = self._ctx.now(), self._ctx.actor
            affected = []
            for e in webinar.enrolments:
                if not e.status.active:
                    continue
                ticket = self._ctx.store.ticket(e.ref)
                if ticket is None:
                    continue
                ticket.record(
                    "webinar",
                    webinar_entry(webinar, e.status),
                    f"webinar {webinar.id}: session cancelled",
                    who=actor,
                    at=now,
                )
                affected.append(ticket)
            self._ctx.store.save_webinar(webinar)
            if affected:
                self._ctx.store.save_tickets(affected)
        return webinar, affected

    # -- enrolment ------------------------------------------------------------------------

    def enrol(
        self,
        id: int | str,
        refs: Iterable[int | str],
        *,
        invite: bool = False,
        allow_second_seat: bool = False,
    ) -> tuple[Webinar, list[Enrolled]]:
        """Enrol tickets' businesses, in the order given: registered, or waitlisted when full.

        Either every ticket is enrolled or, on the first refusal, none is.

        Args:
            id: The session.
            refs: The tickets.
            invite: Only invite them (no seat taken).
            allow_second_seat: Let a company that already has a place take another.

        Raises:
            NotFound: for an unknown session or ticket.
            InvalidValue: for no ticket, or a ticket given twice.
            Conflict: for a session not open for enrolment, a ticket already enrolled, or a
                company with a place already.
        """
        with self._ctx.store.transaction():
            webinar = self.get(id)
            tickets = self._distinct_tickets(refs)
            now, actor = self._ctx.now(), self._ctx.actor
            done = []
            for ticket in tickets:
                current = webinar.enrolment(ticket.ref)
                before = current.status if current is not None else None
                enrolment = rules.enrol(
                    webinar,
                    ticket.ref,
                    ticket.company_id,
                    at=now,
                    who=actor,
                    invite=invite,
                    allow_second_seat=allow_second_seat,
                )
                self._record(ticket, webinar, before, enrolment, who=actor, at=now)
                done.append(Enrolled(ticket, enrolment, before))
            self._ctx.store.save_webinar(webinar)
            self._ctx.store.save_tickets(tickets)
        return webinar, done

    def _record(
        self,
        ticket: Ticket,
        webinar: Webinar,
        before: EnrolmentStatus | None,
        enrolment: Enrolment,
        *,
        who: str,
        at: datetime,
    ) -> None:
        """Write an enrolment's change of status in its ticket's history."""
        ticket.record(
            "webinar",
            webinar_entry(webinar, before) if before is not None else None,
            webinar_entry(webinar, enrolment.status, full=before is None, tz=self._tz),
            who=who,
            at=at,
        )

    def cancel_enrolment(self, id: int | str, ref: int | str) -> Cancelled:
        """Cancel a ticket's enrolment; the first on the waiting list takes a freed seat.

        Raises:
            NotFound: for an unknown session or ticket.
            InvalidValue: when the ticket is not enrolled, already cancelled, or marked.
        """
        with self._ctx.store.transaction():
            webinar = self.get(id)
            ticket = self._tickets.get(ref)
            now, actor = self._ctx.now(), self._ctx.actor
            current = webinar.enrolment(ticket.ref)
            before = current.status if current is not None else None
            enrolment, promoted = rules.cancel_enrolment(webinar, ticket.ref, at=now)
            ticket.record(
                "webinar",
                webinar_entry(webinar, before) if before is not None else None,
                webinar_entry(webinar, enrolment.status),
                who=actor,
                at=now,
            )
            changed = [ticket]
            moved = []
            for e in promoted:
                other = self._ctx.store.ticket(e.ref)
                if other is None:
                    continue
                other.record(
                    "webinar",
                    webinar_entry(webinar, EnrolmentStatus.WAITLISTED),
                    webinar_entry(webinar, e.status) + " (promoted from the waiting list)",
                    who=actor,
                    at=now,
                )
                changed.append(other)
                moved.append((other, e))
            self._ctx.store.save_webinar(webinar)
            self._ctx.store.save_tickets(changed)
        return Cancelled(webinar, ticket, enrolment, moved)

    def attend(
        self,
        id: int | str,
        attended: Iterable[int | str] = (),
        no_show: Iterable[int | str] = (),
        *,
        followup: str | None = None,
    ) -> Attendance:
        """Mark who came to a session that has started, and who did not; the session is held.

        Args:
            id: The session.
            attended: Tickets whose business came (enrolled or not).
            no_show: Registered tickets whose business did not come.
            followup: When given (``"+1w"``), a follow-up "After the webinar: next steps" is
                added on each ticket newly marked attended.

        Raises:
            NotFound: for an unknown session or ticket.
            InvalidValue: for no ticket, a ticket given twice or in both lists, a no-show of a
                ticket without a seat.
            InvalidDate: for a follow-up date that names no date.
            Conflict: for a cancelled session or one that has not started.
        """
        due = self._followups.when(followup) if followup is not None else None
        with self._ctx.store.transaction():
            webinar = self.get(id)
            came = self._distinct_tickets(attended, required=False)
            missed = self._distinct_tickets(no_show, required=False)
            both = [t.ref for t in came if any(m.ref == t.ref for m in missed)]
            if both:
                raise InvalidValue(
                    _("#{ref} cannot be both attended and a no-show.").format(ref=both[0])
                )
            tickets = [*came, *missed]
            if not tickets:
                raise InvalidValue(_("Give at least one ticket."))
            rules.check_attendance_open(webinar, self._ctx.now())
            now, actor = self._ctx.now(), self._ctx.actor
            marked = []
            for index, ticket in enumerate(tickets):
                enrolment, before = rules.mark_attendance(
                    webinar,
                    ticket.ref,
                    ticket.company_id,
                    attended=index < len(came),
                    at=now,
                    who=actor,
                )
                if before is not enrolment.status:
                    self._record(ticket, webinar, before, enrolment, who=actor, at=now)
                marked.append(Enrolled(ticket, enrolment, before))
            self._ctx.store.save_webinar(webinar)
            self._ctx.store.save_tickets(tickets)
            added = []
            if due is not None:
                for entry in marked:
                    if (
                        entry.enrolment.status is EnrolmentStatus.ATTENDED
                        and entry.before is not EnrolmentStatus.ATTENDED
                    ):
                        note = self._ctx.written(AFTER_WEBINAR_NOTE)
                        added.append(self._followups.add(entry.ticket.ref, due, note))
        return Attendance(webinar, marked, added)

    # -- suggestions ------------------------------------------------------------------------

    def suggest(self, ref: int | str) -> tuple[Ticket, list[Suggestion]]:
        """Upcoming sessions on the ticket's topics, soonest first, full ones included.

        Sessions the ticket is already registered or waitlisted for are left out; one it is
        only invited to is kept, marked.

        Raises:
            NotFound: for an unknown ticket.
        """
        ticket = self._tickets.get(ref)
        now = self._ctx.now()
        found = []
        for webinar in self._ctx.store.webinars():
            if not webinar.upcoming(now):
                continue
            topics = rules.matching(webinar, ticket.topics)
            if not topics:
                continue
            mine = webinar.enrolment(ticket.ref)
            if mine is not None and mine.status in GOING:
                continue
            holder = rules.company_holder(webinar, ticket.company_id, excluding=ticket.ref)
            found.append(
                Suggestion(
                    webinar,
                    topics,
                    invited=mine is not None and mine.status is EnrolmentStatus.INVITED,
                    company_ref=holder.ref if holder is not None else None,
                )
            )
        found.sort(key=lambda s: (s.webinar.start, s.webinar.id))
        return ticket, found

    def demand(self, weeks: int = 8) -> Demand:
        """Open tickets by topic against the seats of sessions starting in the next weeks.

        A ticket or session with several topics counts under each. Rows come with the largest
        shortfall first, then the most open tickets, then in the taxonomy's order.

        Args:
            weeks: How far ahead to count sessions, from now.

        Raises:
            InvalidValue: for fewer than one week.
        """
        if weeks < 1:
            raise InvalidValue(
                _("Demand is counted over one week or more, not {weeks}.").format(weeks=weeks)
            )
        store = self._ctx.store
        now = self._ctx.now()
        until = now + timedelta(weeks=weeks)
        topics = store.topics()
        order = {t.key: i for i, t in enumerate(topics)}
        labels = {t.key: t.label_en for t in topics}
        rows: dict[str, DemandRow] = {}

        def row(key: str) -> DemandRow:
            if key not in rows:
                rows[key] = DemandRow(key, labels.get(key, key))
            return rows[key]

        window = [
            w
            for w in store.webinars()
            if w.status is WebinarStatus.SCHEDULED and now <= w.start < until
        ]
        for webinar in window:
            for key in webinar.topics:
                r = row(key)
                r.sessions += 1
                r.seats += webinar.capacity
                r.seats_left += webinar.seats_left
                r.waitlisted += len(webinar.waiting_list())
        for ticket in store.tickets(partial=True):
            if not ticket.is_open:
                continue
            for key in ticket.topics:
                r = row(key)
                r.open_tickets += 1
                if any(
                    key in w.topics
                    and (e := w.enrolment(ticket.ref)) is not None
                    and e.status in GOING
                    for w in window
                ):
                    r.enrolled += 1
        ordered = sorted(
            rows.values(),
            key=lambda r: (-r.shortfall, -r.open_tickets, order.get(r.topic, len(order))),
        )
        return Demand(now, until, weeks, ordered)

    # -- internals --------------------------------------------------------------------------

    @property
    def context(self) -> Context:
        """The store, clock and actor, for the use cases kept in modules of their own."""
        return self._ctx

    def topic_keys(self, topics: Sequence[str]) -> list[str]:
        """Topic keys for keys or labels (see :class:`DirectoryService`)."""
        return list(self._directory.topic_keys(topics))

    def edit(self, id: int | str, changes: WebinarChanges) -> WebinarEdited:
        """Change a session (see :func:`helpdesk.services.webinar_edits.edit_webinar`)."""
        from helpdesk.services.webinar_edits import edit_webinar

        return edit_webinar(self, id, changes)

    @property
    def _tz(self) -> tzinfo:
        return self._ctx.clock.tz

    def start_moment(self, start: str | datetime) -> datetime:
        """A session's start from what was typed (a time of day required) or a moment."""
        if isinstance(start, datetime):
            if start.utcoffset() is None:
                raise InvalidValue(_("A webinar's start needs a time zone."))
            return start.astimezone(self._ctx.clock.tz)
        when = parse_when(start, self._ctx.clock, ahead=True)  # planned: a yearless day is next
        if when.time is None:
            raise InvalidValue(
                _(
                    '"{text}" has no time of day; give the start as "{day:%d/%m/%Y} 10:00", say.'
                ).format(text=start.strip(), day=when.day)
            )
        return when.at

    def _distinct_tickets(
        self, refs: Iterable[int | str], *, required: bool = True
    ) -> list[Ticket]:
        tickets: list[Ticket] = []
        for ref in refs:
            ticket = self._tickets.get(ref)
            if any(t.ref == ticket.ref for t in tickets):
                raise InvalidValue(_("#{ref} is given twice.").format(ref=ticket.ref))
            tickets.append(ticket)
        if required and not tickets:
            raise InvalidValue(_("Give at least one ticket."))
        return tickets


def parse_webinar_id(id: int | str) -> int:
    """A webinar number from ``3`` or ``"3"``.

    Raises:
        InvalidValue: for anything that is not a positive number.
    """
    return check_number(
        id, _("{id!r} is not a webinar number; use a number such as 3.").format(id=id)
    )


def webinar_entry(
    webinar: Webinar,
    status: EnrolmentStatus,
    *,
    full: bool = False,
    tz: tzinfo | None = None,
) -> str:
    """How an enrolment reads in a ticket's history."""
    if full and tz is not None:
        when = format_datetime(webinar.start, tz)
        return f"webinar {webinar.id} “{webinar.title}” {when}: {status.label_text}"
    return f"webinar {webinar.id}: {status.label_text}"
