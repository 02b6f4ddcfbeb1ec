"""The rest of a ticket's life (events, follow-ups) and the hub's webinar sessions and sign-ups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from helpdesk.dates import (
    end_of_week,
    occurrences,
)
from helpdesk.domain.enums import (
    LinkKind,
    Outcome,
    Status,
)
from helpdesk.services.demo.corpus import (
    AFTER_WEBINAR,
    AFTERWARDS,
    CALLBACK,
    CATALOGUE,
    CHASE,
    COORDINATORS,
    DEMO_NOW,
    DEMO_START,
    FOLLOWUP_TIMES,
    KEEP_CLOSED,
    KEEP_CLOSED_TOPIC,
    KEEP_OPEN,
    KEEP_OPEN_TOPIC,
    LIMIT,
    NO_ROOM,
    NOTES_FIRST,
    NOTES_RESUME,
    NOTES_TOPIC,
    NOTES_WAITING,
    NOTES_WAITING_TOPIC,
    ONLINE_SEATS,
    OUTCOME_GROUP,
    OUTCOME_NOTES,
    OUTCOMES,
    ROOM_SEATS,
    ROOMS,
    SESSION_TIMES,
    SPEAKERS,
    TOPIC_WEIGHTS,
    Course,
    Promise,
)
from helpdesk.services.demo.model import (
    SHOP_OUTCOMES,
    Company,
    Event,
    FollowUp,
    Pool,
    Session,
    Ticket,
    Triage,
    at_work,
    event_moment,
    is_holiday,
    next_workday,
    period_of,
    squeeze,
    workday_before,
)
from helpdesk.services.demo.requests import RequestPlanner


class Planner(RequestPlanner):
    """Decides every event of a ticket's life, its follow-ups, and the webinar sessions."""

    def events(self, t: Ticket) -> None:
        """The ticket's life after logging, up to its final status, never after the end."""
        ev: list[tuple[datetime, str, str, Any]] = []
        final = t.final
        if t.duplicate_of is not None:
            self._duplicate_events(t, ev)
        elif final is not Status.NEW:
            self._work_events(t, ev)
        t.events = squeeze(t.created, ev)
        if t.events:
            t.triaged_at = t.events[0][0]

    def _later(self, after: datetime, mean_hours: float, cap_days: float = 60) -> datetime:
        hours = min(self.rng.expovariate(1 / mean_hours), cap_days * 24)
        return at_work(after + timedelta(hours=hours, minutes=self.rng.randrange(5, 50)), self.rng)

    def _note(self, t: Ticket, pool: Sequence[str]) -> str:
        return self.choice(pool).format_map(t.slots)

    def _work_events(self, t: Ticket, ev: list[tuple[datetime, str, str, Any]]) -> None:
        final = t.final
        rush = t.created.date() < date(2020, 6, 1)
        coordinator = self.pick("coordinator", COORDINATORS)
        who = t.assignee = self.assignee(t)
        at = self._later(t.created, 18 if rush else 6, cap_days=5)
        ev.append((at, coordinator, "triage", Triage(t.priority, who, self.chance(0.45))))
        if t.follows is not None:
            ev.append((at + timedelta(minutes=2), coordinator, "link", LinkKind.FOLLOW_ON))
        if final is Status.TRIAGED:
            return
        at = self._later(at, 30, cap_days=10)
        ev.append((at, who, "status", Status.IN_PROGRESS))
        at = self._later(at, 2, cap_days=2)
        ev.append((at, who, "note", self._note(t, NOTES_FIRST)))
        topic_notes = NOTES_TOPIC.get(t.topic, ())
        waits = final is Status.WAITING or (final is not Status.IN_PROGRESS and self.chance(0.35))
        if waits:
            at = self._later(at, 72, cap_days=20)
            ev.append((at, who, "status", Status.WAITING))
            pool: Sequence[str] = NOTES_WAITING
            if t.topic in NOTES_WAITING_TOPIC and self.chance(0.6):
                pool = (NOTES_WAITING_TOPIC[t.topic],)
            ev.append((at + timedelta(minutes=1), who, "note", self._note(t, pool)))
            if final is Status.WAITING:
                return
            at = self._later(at, 200, cap_days=90 if t.topic == "grants" else 40)
            ev.append((at, who, "status", Status.IN_PROGRESS))
            if self.chance(0.6):
                ev.append((at + timedelta(minutes=2), who, "note", self._note(t, NOTES_RESUME)))
        if topic_notes and self.chance(0.7):
            at = self._later(at, 60, cap_days=15)
            ev.append((at, who, "note", self._note(t, topic_notes)))
        if final is Status.IN_PROGRESS:
            return
        at = self._later(
            at, 120 if t.topic in ("grants", "innovation", "industry40") else 60, cap_days=40
        )
        outcome = self.pick(
            ("outcome", t.topic),
            OUTCOMES.get(OUTCOME_GROUP.get(t.topic, t.topic), OUTCOMES["default"]),
        )
        if outcome is Outcome.NOT_ELIGIBLE and t.topic != "grants":
            outcome = Outcome.ADVISED
        closing_note = "" if self.chance(0.2) else self._note(t, OUTCOME_NOTES[outcome])
        if final is Status.RESOLVED or self.chance(0.5):
            ev.append((at, who, "status", Status.RESOLVED))
            if final is Status.RESOLVED:
                return
            at = self._later(at, 72, cap_days=12)
        closer = who if self.chance(0.8) else coordinator
        ev.append((at, closer, "close", (outcome, closing_note)))
        t.outcome = outcome

    def _duplicate_events(self, t: Ticket, ev: list[tuple[datetime, str, str, Any]]) -> None:
        coordinator = self.pick("coordinator", COORDINATORS)
        who = t.assignee = self.assignee(t)
        at = self._later(t.created, 3, cap_days=1)
        ev.append((at, coordinator, "triage", Triage(t.priority, who, False)))
        ev.append((at + timedelta(minutes=1), coordinator, "link", LinkKind.DUPLICATE_OF))
        # Closing a new or triaged ticket is refused by the lifecycle today (see the report), so
        # the duplicate is taken in hand first, as an adviser who spots it while working would.
        at = at + timedelta(minutes=self.rng.randrange(10, 120))
        ev.append((at, who, "status", Status.IN_PROGRESS))
        ev.append((at + timedelta(minutes=3), who, "close", (Outcome.DUPLICATE, None)))
        t.outcome = Outcome.DUPLICATE

    # -- follow-ups -----------------------------------------------------------------------------

    def followups(self, t: Ticket) -> None:
        """The follow-ups promised while the ticket was worked, each kept by the end of history.

        A call-back after the first answer, a reminder while waiting on the business, a check
        some weeks after closing; most are done with a result, some moved first, a few
        cancelled. One that would still be pending at the end of the history is not made.
        """
        who = t.assignee
        if t.duplicate_of is not None or not t.events or who is None:
            return
        found: list[Event] = []
        settled = next(
            (
                at
                for at, _, what, arg in t.events
                if what == "close" or (what == "status" and arg is Status.RESOLVED)
            ),
            None,
        )
        first = next((at for at, _, what, _ in t.events if what == "note"), None)
        if first is not None and self.chance(0.6):
            self._promise(t, who, first + timedelta(minutes=1), CALLBACK, settled, found)
        waiting = next(
            (at for at, _, what, arg in t.events if what == "status" and arg is Status.WAITING),
            None,
        )
        if waiting is not None and self.chance(0.55):
            resumed = next(
                (
                    at
                    for at, _, what, arg in t.events
                    if at > waiting and what == "status" and arg is Status.IN_PROGRESS
                ),
                settled,
            )
            self._promise(t, who, waiting + timedelta(minutes=2), CHASE, resumed, found)
        closed = next((at for at, _, what, _ in t.events if what == "close"), None)
        kind = AFTERWARDS.get(t.outcome) if t.outcome is not None else None
        if kind is None and t.topic == "ecommerce" and t.outcome in SHOP_OUTCOMES:
            kind = AFTERWARDS["ecommerce"]
        if closed is not None and kind is not None and self.chance(0.5):
            self._promise(t, who, closed + timedelta(minutes=2), kind, None, found)
        if found:
            t.events.extend(found)
            t.events.sort(key=event_moment)

    def _promise(
        self,
        t: Ticket,
        who: str,
        at: datetime,
        kind: Promise,
        settled: datetime | None,
        found: list[Event],
    ) -> None:
        day = next_workday(at.date() + timedelta(days=self.rng.randint(*kind.days)))
        wall = self.choice(FOLLOWUP_TIMES) if self.chance(kind.timed) else None
        followup = FollowUp(day, wall, self._note(t, kind.notes), who)
        events: list[Event] = [(at, who, "followup", followup)]
        when = self._kept(day, wall)
        early = settled - timedelta(minutes=1) if settled is not None else None
        if early is not None and at < early < when:
            if kind.early and self.chance(0.8):
                events.append((early, who, "followup_done", (followup, self._note(t, kind.early))))
            else:
                events.append((early, who, "followup_cancel", followup))
        else:
            if self.chance(0.12):
                moved = self._kept(day, wall, late=False)
                day = next_workday(day + timedelta(days=self.rng.randint(2, 7)))
                events.append((moved, who, "followup_move", (followup, day, wall)))
                when = self._kept(day, wall)
            if self.chance(0.03):
                events.append((when, who, "followup_cancel", followup))
            else:
                result = self._note(t, kind.results)
                events.append((when, who, "followup_done", (followup, result)))
        if events[-1][0] <= LIMIT:
            found.extend(events)

    def _kept(self, day: date, wall: time | None, *, late: bool = True) -> datetime:
        """When an adviser acts on a follow-up due on ``day``: on the day, or a little late."""
        if late and self.chance(0.25):
            day, wall = next_workday(day + timedelta(days=self.rng.randint(1, 2))), None
        if wall is not None:
            return datetime.combine(day, wall) + timedelta(minutes=self.rng.randrange(40))
        minute = self.rng.randrange(9 * 60, 17 * 60 + 30)
        return datetime.combine(day, time(minute // 60, minute % 60))

    # -- the present ------------------------------------------------------------------------------

    def arrivals(
        self,
        count: int,
        newcomers: int,
        companies: Sequence[Company],
        present: datetime,
        seq: int,
    ) -> list[Ticket]:
        """Requests that came in over the last days, new, for the triage inbox."""
        cum = list(accumulate(c.weight for c in companies))
        found = []
        latest = present - timedelta(minutes=30)
        for i in range(count):
            if i < newcomers or not companies:
                company = self._company()
            else:
                company = companies[self.rng.choices(range(len(companies)), cum_weights=cum)[0]]
            day = present.date() - timedelta(days=self.rng.randrange(5))
            minute = self.rng.randrange(7 * 60, 23 * 60)
            created = datetime.combine(day, time(minute // 60, minute % 60))
            if created > latest:
                created = latest - timedelta(minutes=self.rng.randrange(5, 12 * 60))
            t = Ticket(created=created, company=company, seq=seq + i, latest=latest, recent=True)
            found.append(t)
        found.sort(key=lambda t: (t.created, t.seq))
        for t in found:
            self.ticket_basics(t)
            self.ticket_details(t)
            self.texts(t)
            t.final = Status.NEW
        return found

    def keep_in_touch(
        self, t: Ticket, kind: str, today: date, present: datetime, week: list[date]
    ) -> None:
        """One follow-up pending on ``t``, due as ``kind`` says relative to today."""
        rng = self.rng
        if kind == "overdue":
            day = workday_before(today - timedelta(days=rng.randint(1, 10)))
            since = day - timedelta(days=rng.randint(3, 20))
        elif kind == "today":
            day, since = today, today - timedelta(days=rng.randint(1, 14))
        else:
            if kind == "week":
                day = self.choice([d for d in week if d.weekday() < 5] or week)
            else:
                day = next_workday(end_of_week(today) + timedelta(days=rng.randint(1, 35)))
            since = present.date() - timedelta(days=rng.randint(1, 20))
        wall = self.choice(FOLLOWUP_TIMES) if self.chance(0.5 if kind == "today" else 0.2) else None
        latest = present - timedelta(minutes=10)
        at = max(self.working_moment(since), t.last + timedelta(hours=1))
        if at >= latest:
            return
        if t.final in KEEP_OPEN:
            pool = KEEP_OPEN[t.final]
            if t.topic in KEEP_OPEN_TOPIC and self.chance(0.4):
                pool = (KEEP_OPEN_TOPIC[t.topic],)
        else:
            pool = KEEP_CLOSED_TOPIC.get(t.topic, KEEP_CLOSED) if self.chance(0.6) else KEEP_CLOSED
        who = t.assignee or "ms"
        followup = FollowUp(day, wall, self._note(t, pool), who)
        events: list[Event] = [(at, who, "followup", followup)]
        if kind != "today" and self.chance(0.2):
            # Set for an earlier day, and moved on that day.
            first = next_workday(at.date() + timedelta(days=rng.randint(2, 6)))
            moved = self._kept(first, None, late=False)
            if first < min(day, today) and moved < latest:
                followup.day = first
                events.append((moved, who, "followup_move", (followup, day, wall)))
        t.events.extend(events)

    # -- webinars -------------------------------------------------------------------------------

    def session(
        self, course: Course, start: datetime, created: datetime, seats: int | None = None
    ) -> Session:
        """A session of ``course``: its link or room, seats, speaker and hosting adviser."""
        link = place = ""
        if course.where == "room":
            place = self.choice(ROOMS)
            capacity = self.choice(ROOM_SEATS)
        else:
            capacity = self.choice(ONLINE_SEATS)
            if course.where == "zoom":
                link = f"https://us02web.zoom.us/j/{self.rng.randrange(81 * 10**9, 99 * 10**9)}"
            else:
                token = f"{self.rng.getrandbits(120):030x}"
                link = (
                    f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{token}%40thread.v2/0"
                )
        topic = course.topics[0]
        speaker = self.choice(SPEAKERS.get(topic, ("Marta Sala (Hub Innovazione)",)))
        host = (self._experts.get(topic) or ["ms"])[0]
        return Session(course, start, seats or capacity, speaker, link, place, host, created)

    def series(
        self,
        spec: tuple[Course, datetime, str],
        count: int,
        created: datetime | None = None,
    ) -> list[Session]:
        """The sessions of a series of ``count``, made together from one repeat rule."""
        course, first, rule = spec
        rule = rule.format(n=count)
        starts = [m.replace(tzinfo=None) for m in occurrences(rule, first.replace(tzinfo=UTC))]
        if created is None:
            created = max(self.working_moment((first - timedelta(days=12)).date()), DEMO_START)
        head = self.session(course, starts[0], created)
        key = f"{self.rng.getrandbits(48):012x}"
        return [
            Session(
                course,
                start,
                head.capacity,
                head.speaker,
                head.link,
                head.place,
                head.host,
                created,
                series=key,
                rule=rule,
            )
            for start in starts
        ]

    def singles(self, count: int, busy: set[date]) -> list[Session]:
        """Single sessions of the catalogue, more of them on the topics in demand at the time.

        One is always a workshop in person, so that a small desk too has a session that fills
        up and keeps a waiting list.
        """
        if count <= 0:
            return []
        options: list[tuple[Course, date]] = []
        weights: list[float] = []
        for course in CATALOGUE.values():
            month = course.first
            while month <= course.last:
                shut = course.where == "room" and any(a <= month <= b for a, b in NO_ROOM)
                if month.month != 8 and not shut:
                    options.append((course, month))
                    moment = datetime.combine(month, time())
                    weights.append(TOPIC_WEIGHTS[course.topics[0]][period_of(moment)])
                month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        # A weighted sample without replacement: the largest keys u ** (1 / w).
        keys = sorted(
            ((self.rng.random() ** (1 / w), i) for i, w in enumerate(weights)), reverse=True
        )
        chosen = [options[i] for _, i in keys[:count]]
        if count >= 2 and all(c.where != "room" for c, _ in chosen):
            # After the spring 2020 rush, when many shops had just gone online.
            lab = CATALOGUE["Laboratorio: fotografare i prodotti per il negozio online"]
            chosen[-1] = (lab, self.choice((date(2020, 9, 1), date(2020, 10, 1))))
        sessions = []
        for course, month in sorted(chosen, key=lambda o: (o[1], o[0].title)):
            start = self._session_start(course, month, busy)
            before = start.date() - timedelta(days=self.rng.randint(14, 35))
            created = max(self.working_moment(before), DEMO_START + timedelta(hours=1))
            sessions.append(self.session(course, start, created))
        return sessions

    def _session_start(self, course: Course, month: date, busy: set[date]) -> datetime:
        last = date(month.year + month.month // 12, month.month % 12 + 1, 1) - timedelta(days=1)
        first = max(month, DEMO_START.date() + timedelta(days=9))
        last = min(last, DEMO_NOW.date() - timedelta(days=5))
        days = [
            first + timedelta(days=n)
            for n in range((last - first).days + 1)
            if (first + timedelta(days=n)).weekday() in (1, 2, 3)
        ]
        days = [d for d in days if not is_holiday(d)] or days
        day = self.choice([d for d in days if d not in busy] or days)
        busy.add(day)
        if course.where == "room":
            return datetime.combine(day, self.choice((time(9, 30), time(14, 30))))
        return datetime.combine(day, self.choice(SESSION_TIMES))

    def upcoming_day(self, today: date, week: int, busy: set[date]) -> date:
        """A Tuesday, Wednesday or Thursday in the ``week``-th week after today.

        Over the Christmas holidays the session moves on a week or two.
        """
        days: list[date] = []
        while not days:
            days = [today + timedelta(days=7 * (week - 1) + n) for n in range(1, 8)]
            days = [d for d in days if d.weekday() in (1, 2, 3) and not is_holiday(d)]
            week += 1
        day = self.choice([d for d in days if d not in busy] or days)
        busy.add(day)
        return day

    def past_sign_ups(
        self, s: Session, pool: Pool, events: list[Event], *, called_off: bool
    ) -> None:
        """Who signs up for a past session, who cancels, and the attendance afterwards.

        About half the businesses with a ticket on the session's topics sign up; a popular
        session fills and keeps a short waiting list; a workshop in person has only the seats
        its room holds. A session nobody signed up for is called off.
        """
        course = s.course
        closes = s.start - timedelta(hours=2)
        off = None
        if called_off:
            off = self.working_moment((s.start - timedelta(days=2)).date())
            closes = off - timedelta(hours=1)
        since = DEMO_START  # the hub writes to every business it has helped on the topic

        def fits(t: Ticket) -> bool:
            return (
                t.seats < 3
                and t.triaged_at is not None
                and t.triaged_at + timedelta(minutes=10) < closes
            )

        companies: set[int] = set()
        if course.where == "room":
            chosen = pool.draw(
                self.rng, course.topics, since, closes, s.capacity + 7, companies, fits
            )
            s.capacity = min(s.capacity, max(3, len(chosen) - 6))
            wanted = min(len(chosen), s.capacity + self.rng.randint(3, 4))
        else:
            demand = pool.count(course.topics, since, closes) * 0.5
            wanted = min(round(demand), s.capacity)
            if demand > s.capacity and self.chance(0.7):
                wanted += self.rng.randint(1, max(2, s.capacity // 8))
            extra = self.rng.randint(0, 2)
            chosen = pool.draw(
                self.rng, course.topics, since, closes, wanted + extra, companies, fits
            )

        def opens(t: Ticket) -> datetime:
            assert t.triaged_at is not None  # as fits() made sure
            earliest = max(s.created + timedelta(hours=1), s.start - timedelta(days=21))
            return max(earliest, t.triaged_at + timedelta(minutes=10))

        mark = len(events)
        signed = self._sign_up(
            s,
            chosen[:wanted],
            chosen[wanted:],
            opens,
            closes,
            events,
            leaving=0.06,
        )
        if not signed or off is not None:
            if off is None:
                del events[mark:]  # invitations nobody took up: the session is called off
                off = self.working_moment((s.start - timedelta(days=2)).date())
            events.append((off, s.host, "webinar_cancel", s))
            return
        held = min(at_work(s.end + timedelta(minutes=self.rng.randrange(20, 600)), self.rng), LIMIT)
        events.append((held, s.host, "webinar_attend", s))
        if held + timedelta(days=12) <= LIMIT and self.chance(0.4):
            due = held.date() + timedelta(days=7)
            for index in range(self.rng.randint(1, 3)):
                done = self._kept(due, None)
                result = self.choice(AFTER_WEBINAR)
                events.append((done, s.host, "webinar_followup_done", (s, index, result)))
                s.after += 1

    def upcoming_sign_ups(
        self, s: Session, fill: str, pool: Pool, closes: datetime, events: list[Event]
    ) -> None:
        """Registrations and invitations so far for a session after today."""
        topics = s.course.topics
        seats = s.capacity
        demand = pool.count(topics, DEMO_START, closes)
        if fill == "nearly":
            wanted = seats - 1
        elif fill == "popular":
            wanted = min(round(demand * 0.5), seats + self.rng.randint(2, 4))
        elif fill == "invited":
            wanted = min(round(demand * 0.3), round(seats * 0.3))
        else:
            wanted = min(round(demand * 0.3), round(seats * self.rng.uniform(0.3, 0.55)), seats - 3)
        extra = self.rng.randint(3, 5) if fill == "invited" else self.rng.randint(0, 2)

        def fits(t: Ticket) -> bool:
            return t.seats < 3 and max(t.last, s.created) + timedelta(hours=1) < closes

        chosen = pool.draw(self.rng, topics, DEMO_START, closes, wanted + extra, set(), fits)
        signed = self._sign_up(
            s,
            chosen[:wanted],
            chosen[wanted:],
            lambda t: max(t.last, s.created) + timedelta(hours=1),
            closes,
            events,
            leaving=0.0 if fill == "nearly" else 0.05,
        )
        if fill == "nearly":
            s.capacity = max(2, min(seats, signed + 1))

    def _sign_up(
        self,
        s: Session,
        chosen: Sequence[Ticket],
        invited: Sequence[Ticket],
        opens: Callable[[Ticket], datetime],
        closes: datetime,
        events: list[Event],
        *,
        leaving: float,
    ) -> int:
        """Plan enrolments between each ticket's ``opens`` and ``closes``; returns how many.

        Sign-ups of the same day are enrolled together by the coordinator (one by their own
        adviser when alone); some were invited by their adviser first, some cancel later, and
        when more signed up than there are seats one of the first cancels, freeing a seat for
        the waiting list. ``invited`` are only invited.
        """
        rng = self.rng
        signups: list[tuple[datetime, datetime, Ticket]] = []
        for t in chosen:
            lo = opens(t)
            if lo < closes:
                signups.append((self._office(lo, closes), lo, t))
        signups.sort(key=lambda e: (e[0], e[2].seq))
        batches: list[list[tuple[datetime, datetime, Ticket]]] = []
        for signup in signups:
            moment, lo, t = signup
            if batches and batches[-1][-1][0].date() == moment.date():
                batches[-1].append(signup)
            else:
                batches.append([signup])
            t.seats += 1
            s.came[t] = rng.random()
            if self.chance(0.12):
                invite = self._office(lo, moment)
                events.append((invite, t.assignee or "ms", "webinar_invite", (s, t)))
        enrolled: list[tuple[datetime, Ticket]] = []
        for batch in batches:
            at = batch[-1][0]
            who = "ms" if len(batch) > 1 else batch[0][2].assignee or "ms"
            events.append((at, who, "webinar_enrol", (s, [t for _, _, t in batch])))
            enrolled += [(at, t) for _, _, t in batch]
        for t in invited:
            lo = opens(t)
            if lo < closes:
                invite = self._office(lo, closes)
                events.append((invite, t.assignee or "ms", "webinar_invite", (s, t)))
                s.came[t] = rng.random()  # now and then one comes without registering
        leavers = [(at, t) for at, t in enrolled if len(enrolled) >= 3 and self.chance(leaving)]
        if leaving and len(enrolled) > s.capacity:
            leavers.append(self.choice(enrolled[: s.capacity]))
        last = enrolled[-1][0] if enrolled else closes
        gone: set[int] = set()
        for at, t in leavers[: max(1, len(enrolled) // 3)]:
            start = max(at, last) + timedelta(minutes=1)
            if id(t) in gone or start >= closes:
                continue
            gone.add(id(t))
            events.append(
                (self._office(start, closes), t.assignee or "ms", "webinar_leave", (s, t))
            )
        return len(enrolled)

    def _office(self, lo: datetime, hi: datetime) -> datetime:
        """A moment in ``[lo, hi)``, in office hours when the span allows."""
        moment = lo + (hi - lo) * self.rng.random()
        office = at_work(moment, self.rng)
        if office >= hi:
            office = self.working_moment(moment.date() - timedelta(days=1))
        return office if lo <= office < hi else moment
