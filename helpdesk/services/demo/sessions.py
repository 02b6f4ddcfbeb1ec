"""Webinars: the catalogue of the history and the sessions coming up after today."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from helpdesk.services.demo.corpus import (
    CATALOGUE,
    MONTHLY,
    SESSION_TIMES,
    UPCOMING,
    WEEKLY,
)
from helpdesk.services.demo.model import (
    Event,
    Pool,
    Session,
    Ticket,
    is_holiday,
    past_session_count,
    upcoming_session_count,
)
from helpdesk.services.demo.planner import Planner

# --------------------------------------------------------------------------------------------------
# Webinars: the catalogue of the history and the sessions coming up


def past_webinars(planner: Planner, tickets: list[Ticket], size: int) -> list[Event]:
    """The sessions of 2020–2021 with their sign-ups, cancellations and attendance."""
    budget = past_session_count(size)
    if not budget:
        return []
    weekly = min(max(budget // 4, 2), 8)
    monthly = min(max(budget // 4, 2), 14)
    groups = [planner.series(WEEKLY, weekly), planner.series(MONTHLY, monthly)]
    busy = {s.start.date() for group in groups for s in group}
    groups += [[s] for s in planner.singles(budget - weekly - monthly, busy)]
    events: list[Event] = [
        (group[0].created, group[0].host, "webinar_add", group) for group in groups
    ]
    pool = Pool(tickets)
    # One session of the weekly series is called off: the speaker fell ill.
    off = groups[0][-2] if weekly >= 4 else None
    sessions = sorted((s for group in groups for s in group), key=lambda s: s.start)
    for s in sessions:
        planner.past_sign_ups(s, pool, events, called_off=s is off)
    return events


def upcoming_webinars(
    planner: Planner, tickets: list[Ticket], size: int, today: date, present: datetime
) -> list[Event]:
    """Sessions in the six weeks after today, with the registrations made so far."""
    count = upcoming_session_count(size)
    if not count:
        return []
    busy: set[date] = set()
    groups: list[tuple[list[Session], str]] = []
    for fill, week, seats, title in UPCOMING[:count]:
        course = CATALOGUE[title]
        day = planner.upcoming_day(today, int(week), busy)
        wall = time(9, 30) if course.where == "room" else planner.choice(SESSION_TIMES)
        created = planner.working_moment(
            present.date() - timedelta(days=planner.rng.randint(8, 30))
        )
        session = planner.session(course, datetime.combine(day, wall), created, int(seats))
        groups.append(([session], fill))
    if count >= 6:
        # The monthly grants series goes on: the next two first Thursdays.
        month = (today + timedelta(days=3)).replace(day=1)
        first = month + timedelta(days=(3 - month.weekday()) % 7)
        while first <= today + timedelta(days=3) or is_holiday(first):
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            first = month + timedelta(days=(3 - month.weekday()) % 7)
        course, start, _rule = MONTHLY
        created = planner.working_moment(
            present.date() - timedelta(days=planner.rng.randint(8, 30))
        )
        spec = (
            course,
            datetime.combine(first, start.time()),
            "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1;COUNT={n}",
        )
        groups.append((planner.series(spec, 2, created=created), "some"))
    events: list[Event] = [
        (group[0].created, group[0].host, "webinar_add", group) for group, _ in groups
    ]
    pool = Pool(tickets)
    closes = present - timedelta(minutes=15)
    for group, fill in groups:
        for s in group:
            planner.upcoming_sign_ups(s, fill, pool, closes, events)
    return events
