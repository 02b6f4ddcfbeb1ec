"""Webinars and their enrolments: the records and the pure rules of seats and waiting lists.

A webinar is one session; a series is several sessions made from one repeat rule, each a webinar
of its own that shares the series' id. Enrolments live on the webinar record and nowhere else:
a ticket's enrolments are found by looking through the webinars.

Seats:

* ``registered``, ``attended`` and ``no_show`` enrolments hold a seat; ``invited``,
  ``waitlisted`` and ``cancelled`` ones do not.
* Registering when every seat is taken puts the ticket on the waiting list, behind everyone
  already there (each place on the list gets the next number, so the order survives
  cancellations and re-enrolments).
* When a seat frees up before the session starts, the first on the waiting list takes it.
* One company holds one seat (or waiting-list place) per session, unless a second seat is asked
  for; a ticket without a company is enrolled on its own.
* Attendance is marked only once the session has started; marking it makes the session held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from helpdesk.domain.enums import Choice
from helpdesk.errors import Conflict, InvalidValue
from helpdesk.i18n import NC_, _, pgettext


class WebinarStatus(Choice):
    """Where a session stands."""

    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Webinar status``."""
        return _("Webinar status")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a webinar status."""
        return "webinar status"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _WEBINAR_STATUS_LABELS


class EnrolmentStatus(Choice):
    """Where a ticket's business stands for one session."""

    INVITED = "invited"
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Enrolment status``."""
        return _("Enrolment status")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a enrolment status."""
        return "enrolment status"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _ENROLMENT_STATUS_LABELS

    @property
    def holds_seat(self) -> bool:
        """Registered, attended and no-show enrolments count against the capacity."""
        return self in _SEATED

    @property
    def active(self) -> bool:
        """Every status but cancelled."""
        return self is not EnrolmentStatus.CANCELLED


class Repeat(Choice):
    """How often the sessions of a series repeat (an RRULE's FREQ)."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Repeat``."""
        return _("Repeat")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a repeat."""
        return "repeat"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _REPEAT_LABELS


_SEATED = frozenset({EnrolmentStatus.REGISTERED, EnrolmentStatus.ATTENDED, EnrolmentStatus.NO_SHOW})

#: What a scheduled session that has ended is called until its attendance is marked.
AWAITING_ATTENDANCE = "awaiting attendance"

#: Statuses a ticket holds while it is still "going to" an upcoming session.
GOING = frozenset({EnrolmentStatus.REGISTERED, EnrolmentStatus.WAITLISTED})


@dataclass(slots=True)
class Enrolment:
    """A ticket's business enrolled in one session.

    Attributes:
        ref: The ticket enrolled.
        company_id: The ticket's company when it was enrolled, if it had one.
        status: Where it stands.
        enrolled: When it was first enrolled (or invited).
        changed: When its status last changed.
        who: The adviser who enrolled it.
        queue: Its number on the waiting list, set when it was last waitlisted; the lowest
            waitlisted number is first in line.
        second_seat: Enrolled although its company already held a seat, because that was asked.
    """

    ref: int
    status: EnrolmentStatus
    enrolled: datetime
    changed: datetime
    who: str
    company_id: int | None = None
    queue: int | None = None
    second_seat: bool = False


@dataclass(slots=True)
class Webinar:
    """A training session, on its own or one of a series.

    Attributes:
        title: What it is called.
        start: When it begins, timezone-aware.
        duration: Its length in minutes.
        capacity: How many seats it offers.
        id: The number people use (``webinar show 3``); given by the store, 0 until saved.
        topics: Taxonomy keys it covers, matched against tickets' topics.
        speaker: Who speaks.
        link: Where to join online.
        place: Where it is held in person.
        description: What it covers.
        status: Scheduled, held or cancelled.
        series: An id shared by every session made from one repeat rule; empty for a single one.
        rule: The repeat rule the series was made from (RFC 5545 RRULE).
        created: When it was added.
        enrolments: Every enrolment, in the order they were made.
    """

    title: str
    start: datetime
    duration: int
    capacity: int
    id: int = 0
    topics: list[str] = field(default_factory=list)
    speaker: str = ""
    link: str = ""
    place: str = ""
    description: str = ""
    status: WebinarStatus = WebinarStatus.SCHEDULED
    series: str = ""
    rule: str = ""
    created: datetime | None = None
    enrolments: list[Enrolment] = field(default_factory=list)

    @property
    def end(self) -> datetime:
        """When it ends."""
        return self.start + timedelta(minutes=self.duration)

    def started(self, now: datetime) -> bool:
        """Whether it has begun by ``now``."""
        return now >= self.start

    def upcoming(self, now: datetime) -> bool:
        """Scheduled and not yet started."""
        return self.status is WebinarStatus.SCHEDULED and now < self.start

    def awaiting_attendance(self, now: datetime) -> bool:
        """Scheduled and over by ``now``: its attendance is still to be marked."""
        return self.status is WebinarStatus.SCHEDULED and now >= self.end

    def state(self, now: datetime) -> str:
        """Where it stands at ``now``, for people: a scheduled session that has ended is
        ``awaiting attendance`` and one under way is ``in progress``, not ``scheduled``."""
        if self.status is not WebinarStatus.SCHEDULED:
            return self.status.value
        if self.awaiting_attendance(now):
            return AWAITING_ATTENDANCE
        return "in progress" if self.started(now) else self.status.value

    def state_text(self, now: datetime) -> str:
        """:meth:`state` for people, in the current language (``state`` itself is a key that
        exports keep in English)."""
        state = self.state(now)
        if state == AWAITING_ATTENDANCE:
            return pgettext("webinar status", "awaiting attendance")
        if state == "in progress":
            return pgettext("webinar status", "in progress")
        return self.status.label_text

    def enrolment(self, ref: int) -> Enrolment | None:
        """The ticket's enrolment in this session, if it has one."""
        return next((e for e in self.enrolments if e.ref == ref), None)

    def with_status(self, *statuses: EnrolmentStatus) -> list[Enrolment]:
        """Enrolments in any of ``statuses``, in the order they were made."""
        return [e for e in self.enrolments if e.status in statuses]

    @property
    def seats_taken(self) -> int:
        """Seats held: registered, attended and no-show enrolments."""
        return sum(1 for e in self.enrolments if e.status.holds_seat)

    @property
    def seats_left(self) -> int:
        """Seats still free (never below zero)."""
        return max(self.capacity - self.seats_taken, 0)

    @property
    def full(self) -> bool:
        """No seat left."""
        return self.seats_left == 0

    def waiting_list(self) -> list[Enrolment]:
        """Waitlisted enrolments, first in line first."""
        waiting = self.with_status(EnrolmentStatus.WAITLISTED)
        return sorted(waiting, key=lambda e: e.queue if e.queue is not None else 0)

    def next_queue(self) -> int:
        """The number the next place on the waiting list gets."""
        return max((e.queue for e in self.enrolments if e.queue is not None), default=0) + 1

    def name(self) -> str:
        """``webinar 3 “E-commerce in una settimana”``, for messages."""
        return _("webinar {id} “{title}”").format(id=self.id, title=self.title)


def enrol(
    webinar: Webinar,
    ref: int,
    company_id: int | None,
    *,
    at: datetime,
    who: str,
    invite: bool = False,
    allow_second_seat: bool = False,
) -> Enrolment:
    """Enrol a ticket's business: registered while seats are left, else on the waiting list.

    An invited ticket that enrols is registered (or waitlisted) on the same enrolment; a ticket
    whose enrolment was cancelled enrols again, at the end of the waiting list if it is full.

    Args:
        webinar: The session; changed in place.
        ref: The ticket.
        company_id: The ticket's company, if any.
        at: Now.
        who: The acting adviser.
        invite: Only invite it (no seat is taken).
        allow_second_seat: Let the company hold a second seat in the session.

    Returns:
        The enrolment, new or updated.

    Raises:
        Conflict: for a session that is not scheduled or has started, a ticket already
            enrolled, or a company that already holds a seat (unless allowed).
    """
    check_open_for_enrolment(webinar, at)
    current = webinar.enrolment(ref)
    # An invitation is the one live enrolment that enrolling again upgrades rather than refuses.
    upgrading = current is not None and current.status is EnrolmentStatus.INVITED and not invite
    if current is not None and current.status.active and not upgrading:
        raise Conflict(
            _("#{ref} is already {status} for {webinar}.").format(
                ref=ref, status=current.status.label_text, webinar=webinar.name()
            )
        )
    holder = company_holder(webinar, company_id, excluding=ref)
    if holder is not None and not allow_second_seat:
        raise Conflict(
            _(
                "#{ref}'s company is already {status} for {webinar} through #{holder}; use "
                "--allow-second-seat to give it another place."
            ).format(
                ref=ref, status=holder.status.label_text, webinar=webinar.name(), holder=holder.ref
            )
        )
    if invite:
        status = EnrolmentStatus.INVITED
    elif webinar.full or webinar.waiting_list():
        status = EnrolmentStatus.WAITLISTED
    else:
        status = EnrolmentStatus.REGISTERED
    if current is None:
        current = Enrolment(ref, status, at, at, who, company_id)
        webinar.enrolments.append(current)
    else:
        current.status = status
        current.changed = at
        current.who = who
        current.company_id = company_id
    current.queue = webinar.next_queue() if status is EnrolmentStatus.WAITLISTED else None
    current.second_seat = holder is not None
    return current


def check_open_for_enrolment(webinar: Webinar, now: datetime) -> None:
    """Refuse enrolling in a session that is cancelled, held or already started.

    Raises:
        Conflict: saying which.
    """
    if webinar.status is not WebinarStatus.SCHEDULED:
        raise Conflict(
            _capital(
                _("{webinar} is {status}.").format(
                    webinar=webinar.name(), status=webinar.status.label_text
                )
            )
        )
    if webinar.started(now):
        raise Conflict(_capital(_("{webinar} has already started.").format(webinar=webinar.name())))


def company_holder(
    webinar: Webinar, company_id: int | None, *, excluding: int | None = None
) -> Enrolment | None:
    """The enrolment through which a company already holds a seat or a waiting-list place.

    Invited and cancelled enrolments hold nothing. A ticket without a company never clashes.
    """
    if company_id is None:
        return None
    for e in webinar.enrolments:
        if e.ref == excluding or e.company_id != company_id:
            continue
        if e.status not in (EnrolmentStatus.INVITED, EnrolmentStatus.CANCELLED):
            return e
    return None


def cancel_enrolment(
    webinar: Webinar, ref: int, *, at: datetime
) -> tuple[Enrolment, list[Enrolment]]:
    """Cancel a ticket's enrolment; a freed seat goes to the first on the waiting list.

    Args:
        webinar: The session; changed in place.
        ref: The ticket.
        at: Now.

    Returns:
        The cancelled enrolment and those promoted from the waiting list (at most one).

    Raises:
        InvalidValue: when the ticket is not enrolled, is already cancelled, or its attendance
            is recorded.
    """
    enrolment = webinar.enrolment(ref)
    if enrolment is None:
        raise InvalidValue(
            _("#{ref} is not enrolled in {webinar}.").format(ref=ref, webinar=webinar.name())
        )
    if enrolment.status is EnrolmentStatus.CANCELLED:
        raise InvalidValue(
            _("#{ref}'s enrolment in {webinar} is already cancelled.").format(
                ref=ref, webinar=webinar.name()
            )
        )
    if enrolment.status in (EnrolmentStatus.ATTENDED, EnrolmentStatus.NO_SHOW):
        raise InvalidValue(
            _("#{ref} is marked {status} for {webinar}; attendance cannot be cancelled.").format(
                ref=ref, status=enrolment.status.label_text, webinar=webinar.name()
            )
        )
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.changed = at
    enrolment.queue = None
    return enrolment, promote(webinar, at=at)


def promote(webinar: Webinar, *, at: datetime) -> list[Enrolment]:
    """Give free seats to the waiting list, first in line first, while the session is upcoming.

    Returns:
        The enrolments moved from waitlisted to registered, in order.
    """
    promoted: list[Enrolment] = []
    if not webinar.upcoming(at):
        return promoted
    for waiting in webinar.waiting_list():
        if webinar.full:
            break
        waiting.status = EnrolmentStatus.REGISTERED
        waiting.changed = at
        waiting.queue = None
        promoted.append(waiting)
    return promoted


def mark_attendance(
    webinar: Webinar,
    ref: int,
    company_id: int | None,
    *,
    attended: bool,
    at: datetime,
    who: str,
) -> tuple[Enrolment, EnrolmentStatus | None]:
    """Record that a ticket's business came to a session, or did not.

    Someone who came without being enrolled (or from the waiting list) is recorded as attended
    all the same; only a registered (or already marked) ticket can be a no-show. Marking
    attendance makes the session held.

    Args:
        webinar: The session; changed in place.
        ref: The ticket.
        company_id: The ticket's company, for an enrolment made here.
        attended: True for attended, False for no-show.
        at: Now.
        who: The acting adviser.

    Returns:
        The enrolment and its status before (None when it was made here).

    Raises:
        Conflict: for a cancelled session, or one that has not started by ``at``.
        InvalidValue: for a no-show of a ticket that held no seat.
    """
    check_attendance_open(webinar, at)
    enrolment = webinar.enrolment(ref)
    before = enrolment.status if enrolment is not None else None
    new = EnrolmentStatus.ATTENDED if attended else EnrolmentStatus.NO_SHOW
    if not attended and (enrolment is None or not enrolment.status.holds_seat):
        if enrolment is None:
            message = _(
                "#{ref} is not enrolled in {webinar}, so it cannot be a no-show; only a registered "
                "ticket can."
            )
        else:
            message = _(
                "#{ref} is {status} for {webinar}, so it cannot be a no-show; only a registered "
                "ticket can."
            )
        status = enrolment.status.label_text if enrolment is not None else ""
        raise InvalidValue(message.format(ref=ref, status=status, webinar=webinar.name()))
    if enrolment is None:
        enrolment = Enrolment(ref, new, at, at, who, company_id)
        webinar.enrolments.append(enrolment)
    elif enrolment.status is not new:
        enrolment.status = new
        enrolment.changed = at
        enrolment.queue = None
    webinar.status = WebinarStatus.HELD
    return enrolment, before


def check_attendance_open(webinar: Webinar, now: datetime) -> None:
    """Refuse attendance for a cancelled session or one that has not started.

    Raises:
        Conflict: saying which.
    """
    if webinar.status is WebinarStatus.CANCELLED:
        raise Conflict(
            _capital(
                _("{webinar} was cancelled; no attendance to mark.").format(webinar=webinar.name())
            )
        )
    if not webinar.started(now):
        raise Conflict(
            _capital(
                _("{webinar} has not started yet; attendance can be marked once it has.").format(
                    webinar=webinar.name()
                )
            )
        )


def matching(webinar: Webinar, topics: Iterable[str]) -> list[str]:
    """The topics of ``topics`` the session covers, in the session's order."""
    wanted = set(topics)
    return [t for t in webinar.topics if t in wanted]


def enrolment_index(
    webinars: Iterable[Webinar], now: datetime
) -> tuple[dict[int, frozenset[int]], frozenset[int]]:
    """Who is enrolled where, for the filter language.

    Returns:
        Ticket reference → ids of the sessions it has a live (not cancelled) enrolment in; and
        the references registered or waitlisted for an upcoming session.
    """
    where: dict[int, set[int]] = {}
    going: set[int] = set()
    for webinar in webinars:
        for e in webinar.enrolments:
            if not e.status.active:
                continue
            where.setdefault(e.ref, set()).add(webinar.id)
            if e.status in GOING and webinar.upcoming(now):
                going.add(e.ref)
    return {ref: frozenset(ids) for ref, ids in where.items()}, frozenset(going)


def ticket_enrolments(webinars: Iterable[Webinar], ref: int) -> list[tuple[Webinar, Enrolment]]:
    """A ticket's enrolments with their sessions, soonest session first."""
    found = [(w, e) for w in webinars for e in w.enrolments if e.ref == ref]
    return sorted(found, key=lambda pair: (pair[0].start, pair[0].id))


def series_sessions(webinars: Iterable[Webinar], series: str) -> list[Webinar]:
    """The sessions of one series, in order."""
    if not series:
        return []
    return sorted((w for w in webinars if w.series == series), key=lambda w: (w.start, w.id))


def counts(webinar: Webinar) -> Mapping[EnrolmentStatus, int]:
    """How many enrolments the session has in each status."""
    tally = dict.fromkeys(EnrolmentStatus, 0)
    for e in webinar.enrolments:
        tally[e.status] += 1
    return tally


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_WEBINAR_STATUS_LABELS: dict[WebinarStatus, str] = {
    WebinarStatus.SCHEDULED: NC_("webinar status", "scheduled"),
    WebinarStatus.HELD: NC_("webinar status", "held"),
    WebinarStatus.CANCELLED: NC_("webinar status", "cancelled"),
}


_ENROLMENT_STATUS_LABELS: dict[EnrolmentStatus, str] = {
    EnrolmentStatus.INVITED: NC_("enrolment status", "invited"),
    EnrolmentStatus.REGISTERED: NC_("enrolment status", "registered"),
    EnrolmentStatus.WAITLISTED: NC_("enrolment status", "waitlisted"),
    EnrolmentStatus.ATTENDED: NC_("enrolment status", "attended"),
    EnrolmentStatus.NO_SHOW: NC_("enrolment status", "no-show"),
    EnrolmentStatus.CANCELLED: NC_("enrolment status", "cancelled"),
}


_REPEAT_LABELS: dict[Repeat, str] = {
    Repeat.DAILY: NC_("repeat", "daily"),
    Repeat.WEEKLY: NC_("repeat", "weekly"),
    Repeat.MONTHLY: NC_("repeat", "monthly"),
    Repeat.YEARLY: NC_("repeat", "yearly"),
}
