"""The whole plan: the history's tickets, covering every topic and status, and the present's."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta
from itertools import accumulate

from helpdesk.domain.enums import (
    Channel,
    Priority,
    Status,
)
from helpdesk.services.demo.corpus import DEMO_NOW, TOPIC_WEIGHTS
from helpdesk.services.demo.model import Plan, Ticket, recent_ticket_count
from helpdesk.services.demo.planner import Planner
from helpdesk.services.demo.present import keep_in_touch
from helpdesk.services.demo.sessions import past_webinars, upcoming_webinars


def make_plan(size: int, rng: random.Random, today: date, present: datetime) -> Plan:
    planner = Planner(rng)
    # Drawn first, so that the history below does not depend on today.
    later = random.Random(rng.getrandbits(64))
    arriving = recent_ticket_count(size)
    newcomers = arriving // 2
    duplicates = size // 250 + 1 if size >= 10 else 0
    regular = size - duplicates - arriving
    companies = planner.companies(min(regular, max(1, size // 2 - newcomers)) if regular else 0)
    tickets: list[Ticket] = []
    if companies:
        cum = list(accumulate(c.weight for c in companies))
        for i in range(regular):
            company = (
                companies[i]
                if i < len(companies)
                else companies[rng.choices(range(len(companies)), cum_weights=cum)[0]]
            )
            tickets.append(Ticket(created=planner.created(), company=company, seq=i))
    tickets.sort(key=lambda t: (t.created, t.seq))
    for t in tickets:
        planner.ticket_basics(t)
    _cover_topics(planner, tickets)
    for t in tickets:
        planner.ticket_details(t)
    tickets.sort(key=lambda t: (t.created, t.seq))
    tickets.extend(_duplicates(planner, tickets, duplicates))
    tickets.sort(key=lambda t: (t.created, t.seq))
    for t in tickets:
        if t.duplicate_of is None:
            planner.texts(t)
            t.final = planner.final_status(t)
        else:
            _copy_texts(t)
    _link_follow_ons(planner, tickets)
    _cover_statuses(tickets)
    for t in tickets:
        planner.events(t)
        planner.followups(t)
    events = past_webinars(planner, tickets, size)
    # The present, from its own generator.
    now = Planner(later, sharing=planner)
    arrivals = now.arrivals(arriving, newcomers, companies, present, len(tickets))
    events += upcoming_webinars(now, tickets, size, today, present)
    keep_in_touch(now, tickets, size, today, present)
    tickets.extend(arrivals)
    tickets.sort(key=lambda t: (t.created, t.seq))
    return Plan(tickets, events)


def _cover_topics(planner: Planner, tickets: list[Ticket]) -> None:
    """Make sure every topic of the taxonomy appears, when there are tickets enough."""
    if len(tickets) < 3 * len(TOPIC_WEIGHTS):
        return
    counts: dict[str, int] = {}
    for t in tickets:
        counts[t.topic] = counts.get(t.topic, 0) + 1
    for topic in TOPIC_WEIGHTS:
        if counts.get(topic):
            continue
        common = max(counts, key=lambda k: (counts[k], k))
        candidates = [t for t in tickets if t.topic == common]
        chosen = planner.choice(candidates)
        chosen.topic = topic
        counts[common] -= 1
        counts[topic] = 1


def _duplicates(planner: Planner, tickets: list[Ticket], count: int) -> list[Ticket]:
    """Requests sent twice: a web form after a phone call, an email resent days later."""
    pool = [t for t in tickets if t.created < DEMO_NOW - timedelta(days=30) and t.topic != "other"]
    found: list[Ticket] = []
    for i, index in enumerate(planner.rng.sample(range(len(pool)), min(count, len(pool)))):
        original = pool[index]
        created = original.created + timedelta(minutes=planner.rng.randrange(40, 60 * 48))
        dup = Ticket(created=created, company=original.company, seq=len(tickets) + i)
        dup.topic = original.topic
        dup.duplicate_of = original
        dup.contact = original.contact
        dup.channel = Channel.WEB if original.channel is not Channel.WEB else Channel.EMAIL
        dup.priority = original.priority
        dup.log_priority = Priority.NORMAL
        dup.logged_by = "ms"
        dup.final = Status.CLOSED
        dup.uid = uuid.UUID(int=planner.rng.getrandbits(128), version=4).hex
        found.append(dup)
    return found


def _copy_texts(t: Ticket) -> None:
    original = t.duplicate_of
    assert original is not None
    t.english = original.english
    t.slots = original.slots
    t.subject = f"R: {original.subject}" if t.channel is Channel.EMAIL else original.subject
    lead = (
        "I am sending again the request I made a few days ago."
        if original.english
        else "Vi riscrivo la richiesta che avevo già fatto, non so se vi è arrivata."
    )
    t.description = f"{lead}\n\n{original.description}"
    t.tags = list(original.tags)


def _link_follow_ons(planner: Planner, tickets: list[Ticket]) -> None:
    """Some returning companies' requests carry on from their previous one."""
    last: dict[int, Ticket] = {}
    for t in tickets:
        key = id(t.company)
        previous = last.get(key)
        if t.duplicate_of is not None:
            continue
        if (
            previous is not None
            and t.final is not Status.NEW
            and planner.chance(0.3)
            and (t.created - previous.created).days < 400
        ):
            t.follows = previous
        last[key] = t


def _cover_statuses(tickets: list[Ticket]) -> None:
    """Make sure every status appears, moving the most recent tickets if need be."""
    regular = [t for t in tickets if t.duplicate_of is None and t.follows is None]
    if len(regular) < 2 * len(Status):
        return
    present = {t.final for t in tickets}
    spare = [t for t in reversed(regular) if t.final is not Status.CLOSED]
    spare += [t for t in reversed(regular) if t.final is Status.CLOSED]
    counts: dict[Status, int] = {}
    for t in tickets:
        counts[t.final] = counts.get(t.final, 0) + 1
    for status in Status:
        if status in present:
            continue
        for t in spare:
            if counts[t.final] > 1:
                counts[t.final] -= 1
                t.final = status
                counts[status] = 1
                present.add(status)
                spare.remove(t)
                break
