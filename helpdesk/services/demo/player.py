"""Playing the plan through the services, with the clock set to each event's moment."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from helpdesk.dates import (
    FrozenClock,
    When,
)
from helpdesk.domain.enums import (
    LinkKind,
    Outcome,
)
from helpdesk.domain.webinars import EnrolmentStatus
from helpdesk.services.demo.corpus import DESCRIPTIONS
from helpdesk.services.demo.model import Plan, Session, Ticket
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.webinars import WebinarDraft

# --------------------------------------------------------------------------------------------------
# Playing the plan through the services


def play(desk: Desk, plan: Plan, tz: tzinfo) -> None:
    """Play every event through the services in order of time, the clock set to each.

    Tickets' own events and the desk's webinar events are merged into one timeline, so that an
    enrolment or a follow-up lands in each ticket's history in its place.
    """
    clock = desk.clock
    assert isinstance(clock, FrozenClock)
    ctx = desk.ctx
    timeline: list[tuple[datetime, int, str, str, Any, Ticket | None]] = []
    for t in plan.tickets:
        timeline.append((t.created, len(timeline), t.logged_by, "log", None, t))
        for at, who, what, arg in t.events:
            timeline.append((at, len(timeline), who, what, arg, t))
    for at, who, what, arg in plan.events:
        timeline.append((at, len(timeline), who, what, arg, None))
    timeline.sort()  # by moment, then by place in the plan (unique: nothing else is compared)
    for moment, _, who, what, arg, ticket in timeline:
        clock.set(moment.replace(tzinfo=tz))
        ctx.actor = who
        if ticket is None:
            _play_webinar(desk, what, arg, tz)
        elif what == "log":
            _log(desk, ticket)
        else:
            _play_ticket(desk, ticket, what, arg, tz)


def _log(desk: Desk, t: Ticket) -> None:
    company = t.company
    draft = TicketDraft(
        subject=t.subject,
        description=t.description,
        channel=t.channel,
        company=company.draft,
        contact=t.contact,
        topics=None,
        priority=t.log_priority,
        assignee=t.log_assignee,
        tags=t.tags,
        uid=t.uid,  # from the seed, so that the output repeats
    )
    logged = desk.tickets.log(draft)
    assert logged.company is not None
    company.id = logged.company.id
    t.ref = logged.ticket.ref
    t.suggested = logged.ticket.topics


def _play_ticket(desk: Desk, t: Ticket, what: str, arg: Any, tz: tzinfo) -> None:
    service, ref = desk.tickets, t.ref
    if what == "triage":
        topics = [t.topic]
        if arg.secondary and t.topic != "other":
            topics += [k for k in t.suggested if k != t.topic][:1]
        service.triage(ref, topics=topics, priority=arg.priority, assignee=arg.assignee)
    elif what == "status":
        service.set_status(ref, arg)
    elif what == "note":
        service.add_note(ref, arg)
    elif what == "link":
        target = t.follows if arg is LinkKind.FOLLOW_ON else t.duplicate_of
        assert target is not None
        service.link(ref, target.ref, arg)
    elif what == "close":
        outcome, note = arg
        if outcome is Outcome.DUPLICATE:
            assert t.duplicate_of is not None
            note = f"Richiesta doppia: è la stessa del #{t.duplicate_of.ref}."
        service.close(ref, outcome, note)
    elif what == "followup":
        _, made = desk.followups.add(
            ref, When(arg.day, arg.wall, tz), arg.note, who=arg.who, allow_past=True
        )
        arg.id = made.id
    elif what == "followup_done":
        followup, result = arg
        desk.followups.done(ref, followup.id, result)
    elif what == "followup_move":
        followup, day, wall = arg
        desk.followups.move(ref, followup.id, When(day, wall, tz), allow_past=True)
    elif what == "followup_cancel":
        desk.followups.cancel(ref, arg.id)
    else:  # pragma: no cover - a planning bug
        raise AssertionError(what)


def _play_webinar(desk: Desk, what: str, arg: Any, tz: tzinfo) -> None:
    webinars = desk.webinars
    if what == "webinar_add":
        head: Session = arg[0]
        course = head.course
        draft = WebinarDraft(
            title=course.title,
            start=head.start.replace(tzinfo=tz),
            duration=course.minutes,
            capacity=head.capacity,
            topics=list(course.topics),
            speaker=head.speaker,
            link=head.link,
            place=head.place,
            description=DESCRIPTIONS.get(course.title, ""),
            rule=head.rule or None,
        )
        made = webinars.add(draft)
        for webinar, session in zip(made, arg, strict=True):
            session.id = webinar.id
            webinar.series = session.series
        if head.series:
            # The service names a series at random; the demo's name comes from the seed.
            desk.ctx.store.save_webinars(made)
    elif what == "webinar_invite":
        session, t = arg
        webinars.enrol(session.id, [t.ref], invite=True)
    elif what == "webinar_enrol":
        session, group = arg
        webinars.enrol(session.id, [t.ref for t in group])
    elif what == "webinar_leave":
        session, t = arg
        webinars.cancel_enrolment(session.id, t.ref)
    elif what == "webinar_cancel":
        webinars.cancel(arg.id)
    elif what == "webinar_attend":
        _attend(desk, arg)
    elif what == "webinar_followup_done":
        session, index, result = arg
        if index < len(session.made):
            ref, number, owner = session.made[index]
            desk.ctx.actor = owner
            desk.followups.done(ref, number, result)
    else:  # pragma: no cover - a planning bug
        raise AssertionError(what)


def _attend(desk: Desk, s: Session) -> None:
    """Mark who came: most of the registered, a few from the waiting list or only invited."""
    webinar = desk.webinars.get(s.id)
    draws = {t.ref: u for t, u in s.came.items()}
    came: list[int] = []
    missed: list[int] = []
    for e in webinar.enrolments:
        u = draws.get(e.ref, 1.0)
        if e.status is EnrolmentStatus.REGISTERED:
            (came if u < 0.8 else missed).append(e.ref)
        elif (e.status is EnrolmentStatus.WAITLISTED and u < 0.12) or (
            e.status is EnrolmentStatus.INVITED and u < 0.04
        ):
            came.append(e.ref)
    first, rest = came[: s.after], came[s.after :]
    if first:
        marked = desk.webinars.attend(s.id, first, followup="+1w")
        s.made = [(t.ref, f.id, f.who) for t, f in marked.followups]
    if rest or missed:
        desk.webinars.attend(s.id, rest, missed)
