"""What a demo plan is made of (companies, tickets, follow-ups, sessions) and the calendar helpers
its planning shares.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from helpdesk.domain.enums import (
    Channel,
    CompanyKind,
    CompanySize,
    Outcome,
    Priority,
    Status,
)
from helpdesk.domain.models import Contact
from helpdesk.domain.text import company_key, fold
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.demo.corpus import DEMO_NOW, UPCOMING, Course, split_items

# --------------------------------------------------------------------------------------------------
# The plan: everything decided up front with the one random generator


#: A planned event: when, who acts, what, and its argument.
Event = tuple[datetime, str, str, Any]


@dataclass(slots=True, eq=False)
class Company:
    name: str
    vat: str
    kind: CompanyKind
    size: CompanySize
    town: str
    province: str
    ateco: str
    noun: str
    products: str
    family: str
    domain: str
    weight: float
    english: bool = False
    contacts: list[Contact] = field(default_factory=list)
    draft: CompanyDraft | None = None
    id: int = 0


@dataclass(slots=True)
class Triage:
    priority: Priority
    assignee: str
    secondary: bool


@dataclass(slots=True, eq=False)
class Ticket:
    created: datetime
    company: Company
    seq: int
    topic: str = "other"
    channel: Channel = Channel.OTHER
    contact: Contact = field(default_factory=Contact)
    subject: str = ""
    description: str = ""
    priority: Priority = Priority.NORMAL
    tags: list[str] = field(default_factory=list)
    english: bool = False
    logged_by: str = "ms"
    log_assignee: str | None = None
    log_priority: Priority = Priority.NORMAL
    final: Status = Status.CLOSED
    duplicate_of: Ticket | None = None
    follows: Ticket | None = None
    uid: str = ""
    slots: dict[str, str] = field(default_factory=dict)
    #: (when, who, what, argument), in order.
    events: list[Event] = field(default_factory=list)
    ref: int = 0
    #: The last moment it may be created (arrivals of the present come up to today).
    latest: datetime = DEMO_NOW - timedelta(minutes=30)
    #: Arrived in the days before today, for the triage inbox.
    recent: bool = False
    assignee: str | None = None
    triaged_at: datetime | None = None
    outcome: Outcome | None = None
    #: Webinar enrolments planned for it.
    seats: int = 0
    #: The topics suggested when it was logged.
    suggested: list[str] = field(default_factory=list)

    @property
    def last(self) -> datetime:
        """The moment of its last planned event."""
        return self.events[-1][0] if self.events else self.created


@dataclass(slots=True, eq=False)
class FollowUp:
    """A follow-up to schedule; ``id`` is its number on the ticket, known once it is added."""

    day: date
    wall: time | None
    note: str
    who: str
    id: int = 0


@dataclass(slots=True, eq=False)
class Session:
    """A webinar session to add, with what its attendance will be decided from.

    Attributes:
        came: For each enrolled ticket, a draw from [0, 1): whether its business comes depends on
            where its enrolment stands when the session is over.
        after: How many of those who came get a follow-up "after the webinar".
        made: Those follow-ups once added: (ticket reference, follow-up number, owner).
    """

    course: Course
    start: datetime
    capacity: int
    speaker: str
    link: str
    place: str
    host: str
    created: datetime
    series: str = ""
    rule: str = ""
    id: int = 0
    came: dict[Ticket, float] = field(default_factory=dict)
    after: int = 0
    made: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.course.minutes)


@dataclass(slots=True)
class Plan:
    """Everything to play: tickets in order of arrival, and the desk's webinar events."""

    tickets: list[Ticket]
    events: list[Event]


SHOP_OUTCOMES = frozenset({Outcome.ADVISED, Outcome.TRAINED})


def event_moment(event: Event) -> datetime:
    return event[0]


def is_holiday(day: date) -> bool:
    """Whether the hub is closed for Christmas (23 December to 6 January)."""
    return (day.month, day.day) >= (12, 23) or (day.month, day.day) <= (1, 6)


def next_workday(day: date) -> date:
    """``day``, or the Monday after when it falls on a weekend."""
    weekday = day.weekday()
    return day + timedelta(days=7 - weekday) if weekday >= 5 else day


def workday_before(day: date) -> date:
    """``day``, or the Friday before when it falls on a weekend."""
    weekday = day.weekday()
    return day - timedelta(days=weekday - 4) if weekday >= 5 else day


def period_of(moment: datetime) -> int:
    if moment < datetime(2020, 7, 1):
        return 0
    if moment < datetime(2021, 1, 1):
        return 1
    return 2


def at_work(moment: datetime, rng: random.Random) -> datetime:
    """The first office moment (Mon–Fri 8:30–18:30) at or after ``moment``."""
    day = moment.date()
    wall: time | None = moment.time()
    if moment.time() > time(18, 30):
        day, wall = day + timedelta(days=1), None
    elif moment.time() < time(8, 30):
        wall = None
    while day.weekday() >= 5:
        day, wall = day + timedelta(days=1), None
    if wall is None:
        minute = rng.randrange(8 * 60 + 30, 11 * 60)
        wall = time(minute // 60, minute % 60)
    return datetime.combine(day, wall)


def squeeze(
    start: datetime, events: list[tuple[datetime, str, str, Any]]
) -> list[tuple[datetime, str, str, Any]]:
    """Compress a ticket's events into the time left before the end of the demo."""
    if not events:
        return events
    limit = DEMO_NOW - timedelta(minutes=1)
    last = events[-1][0]
    if last <= limit:
        return events
    factor = (limit - start) / (last - start)
    return [(start + (at - start) * factor, who, what, arg) for at, who, what, arg in events]


SLUG_SKIP = frozenset(
    split_items("di, e, del, della, dell, dei, la, il, lo, l, al, da, d, c, figli")
)
SLUG_SKIP |= frozenset(split_items("societa, benefit, soc, coop, flli"))


def slug_of(name: str) -> str:
    """A plausible web domain for a company: its first significant words run together."""
    words = [w for w in company_key(name).split() if w not in SLUG_SKIP and w.isalnum()]
    slug = ""
    for word in words:
        if slug and len(slug) + len(word) > 20:
            break
        slug += word
    return slug or "azienda"


def ascii_only(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# How much of each part a demo of a given size has.


def recent_ticket_count(size: int) -> int:
    """How many requests arrived in the days before today: a few, more on a bigger desk."""
    return 0 if size < 10 else min(3 + size // 500, 30)


def pending_followup_count(size: int) -> int:
    """How many follow-ups are pending around today."""
    return 0 if size < 10 else min(6 + size // 12, 500)


def past_session_count(size: int) -> int:
    """How many webinar sessions the history holds: one per eight tickets, from 8 up to 90.

    Ninety is about one a week over the history, as much as four advisers can run.
    """
    return 0 if size < 10 else min(max(size // 8, 8), 90)


def upcoming_session_count(size: int) -> int:
    """How many single sessions come up after today (from six on, a series of two besides)."""
    return 0 if size < 10 else min(6 + size // 200, len(UPCOMING))


class Pool:
    """Worked tickets by main topic in order of arrival: the businesses a session may interest."""

    def __init__(self, tickets: Sequence[Ticket]) -> None:
        self._by_topic: dict[str, list[Ticket]] = {}
        for t in tickets:
            if t.duplicate_of is None and t.triaged_at is not None:
                self._by_topic.setdefault(t.topic, []).append(t)
        self._created = {key: [t.created for t in found] for key, found in self._by_topic.items()}

    def _spans(
        self, topics: Sequence[str], since: datetime, until: datetime
    ) -> list[tuple[list[Ticket], int, int]]:
        spans = []
        for key in topics:
            created = self._created.get(key)
            if created:
                lo, hi = bisect_left(created, since), bisect_left(created, until)
                if hi > lo:
                    spans.append((self._by_topic[key], lo, hi))
        return spans

    def count(self, topics: Sequence[str], since: datetime, until: datetime) -> int:
        """How many tickets on these main topics arrived in ``[since, until)``."""
        return sum(hi - lo for _, lo, hi in self._spans(topics, since, until))

    def draw(
        self,
        rng: random.Random,
        topics: Sequence[str],
        since: datetime,
        until: datetime,
        need: int,
        companies: set[int],
        fits: Callable[[Ticket], bool],
    ) -> list[Ticket]:
        """Up to ``need`` tickets that fit, at random, one per company not in ``companies``."""
        spans = self._spans(topics, since, until)
        population = sum(hi - lo for _, lo, hi in spans)
        chosen: list[Ticket] = []
        if need <= 0 or not population:
            return chosen
        stream: list[Ticket]
        if population <= 4 * need + 20:
            stream = [t for found, lo, hi in spans for t in found[lo:hi]]
            rng.shuffle(stream)
        else:
            # A big desk: look at a random sample rather than shuffling thousands.
            stream = []
            for index in rng.sample(range(population), min(population, 6 * need + 20)):
                for found, lo, hi in spans:
                    if index < hi - lo:
                        stream.append(found[lo + index])
                        break
                    index -= hi - lo
        for t in stream:
            if len(chosen) == need:
                break
            key = id(t.company)
            if key not in companies and fits(t):
                companies.add(key)
                chosen.append(t)
        return chosen
