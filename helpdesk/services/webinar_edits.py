"""Editing a webinar session: its time, length, seats, place, link, speaker, title, topics.

A change of capacity never drops a registered business: raising it gives the new seats to the
waiting list, first in line first (each promotion written in its ticket's history); lowering it
below the seats already held is refused with the way out. A cancelled session cannot be edited,
and a session that has begun keeps its time and seats (its attendance is what is left to do).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from helpdesk.domain import webinars as rules
from helpdesk.domain.models import Ticket
from helpdesk.domain.webinars import Enrolment, EnrolmentStatus, Webinar, WebinarStatus
from helpdesk.errors import Conflict, InvalidValue
from helpdesk.i18n import _
from helpdesk.services.webinars import WebinarService, webinar_entry


@dataclass(slots=True)
class WebinarChanges:
    """What to change in a session; None leaves a field as it is.

    Attributes:
        title: A new title.
        start: A new start, as typed ("12/01/2027 10:00") or timezone-aware.
        duration: A new length in minutes.
        capacity: A new number of seats.
        topics: New topic keys or labels (replacing the old ones).
        speaker: Who speaks ("" to clear).
        link: Where to join online ("" to clear).
        place: Where it is held in person ("" to clear).
        description: What it covers ("" to clear).
    """

    title: str | None = None
    start: str | datetime | None = None
    duration: int | None = None
    capacity: int | None = None
    topics: Sequence[str] | None = None
    speaker: str | None = None
    link: str | None = None
    place: str | None = None
    description: str | None = None


@dataclass(slots=True)
class WebinarEdited:
    """The result of an edit.

    Attributes:
        webinar: The session as saved.
        changed: Names of the fields that changed, in the order of :class:`WebinarChanges`.
        promoted: Tickets moved from the waiting list to a seat by a larger capacity, in order.
    """

    webinar: Webinar
    changed: list[str] = field(default_factory=list)
    promoted: list[tuple[Ticket, Enrolment]] = field(default_factory=list)


def edit_webinar(service: WebinarService, id: int | str, changes: WebinarChanges) -> WebinarEdited:
    """Change a session's fields, keeping every registered business in its seat.

    Raises:
        NotFound: for an unknown session.
        Conflict: for a cancelled session; a new time or capacity for a session that has begun;
            a capacity below the seats already held.
        InvalidValue: for an empty title, a bad length, capacity, topic or link.
        InvalidDate: for a start that names no date and time, or one in the past.
    """
    ctx = service.context
    with ctx.store.transaction():
        webinar = service.get(id)
        now = ctx.now()
        if webinar.status is WebinarStatus.CANCELLED:
            raise Conflict(
                _("Webinar {number} is cancelled; add a new session instead.").format(
                    number=webinar.id
                )
            )
        values = _checked(service, webinar, changes, now)
        changed = [name for name, value in values.items() if getattr(webinar, name) != value]
        for name in changed:
            setattr(webinar, name, values[name])
        promoted = rules.promote(webinar, at=now) if "capacity" in changed else []
        tickets = []
        for e in promoted:
            ticket = ctx.store.ticket(e.ref)
            if ticket is None:
                continue
            ticket.record(
                "webinar",
                webinar_entry(webinar, EnrolmentStatus.WAITLISTED),
                webinar_entry(webinar, e.status) + " (promoted: more seats)",
                who=ctx.actor,
                at=now,
            )
            tickets.append((ticket, e))
        if changed:
            ctx.store.save_webinar(webinar)
            ctx.store.save_tickets(t for t, _ in tickets)
    return WebinarEdited(webinar, changed, tickets)


def _checked(
    service: WebinarService, webinar: Webinar, changes: WebinarChanges, now: datetime
) -> dict[str, object]:
    """The new values, each checked; only the fields the changes name."""
    values: dict[str, object] = {}
    begun = webinar.started(now)
    if changes.title is not None:
        title = " ".join(changes.title.split())
        if not title:
            raise InvalidValue(_("A webinar needs a title."))
        values["title"] = title
    if changes.start is not None:
        start = service.start_moment(changes.start)
        if start != webinar.start:
            if begun:
                raise Conflict(
                    _("Webinar {number} has begun; its time stays (mark its attendance).").format(
                        number=webinar.id
                    )
                )
            if start <= now:
                raise InvalidValue(
                    _("A session cannot be moved into the past; give a start after now.")
                )
        values["start"] = start
    if changes.duration is not None:
        if not 1 <= changes.duration <= 24 * 60:
            raise InvalidValue(
                _("A webinar lasts from 1 to 1440 minutes, not {minutes}.").format(
                    minutes=changes.duration
                )
            )
        values["duration"] = changes.duration
    if changes.capacity is not None:
        values["capacity"] = _capacity(webinar, changes.capacity, begun)
    if changes.topics is not None:
        values["topics"] = list(service.topic_keys(changes.topics))
    if changes.link is not None:
        link = changes.link.strip()
        if link and not re.match(r"(?i)^https?://\S+$", link):
            raise InvalidValue(
                _(
                    "The link {link!r} is not a web address; give one starting with https://."
                ).format(link=link)
            )
        values["link"] = link
    for name in ("speaker", "place", "description"):
        value = getattr(changes, name)
        if value is not None:
            values[name] = value.strip()
    return values


def _capacity(webinar: Webinar, capacity: int, begun: bool) -> int:
    if capacity < 1:
        raise InvalidValue(
            _("A webinar needs at least one seat, not {seats}.").format(seats=capacity)
        )
    if capacity == webinar.capacity:
        return capacity
    if begun:
        raise Conflict(
            _("Webinar {number} has begun; its seats stay as they are.").format(number=webinar.id)
        )
    held = webinar.seats_taken
    if capacity < held:
        raise Conflict(
            _(
                "Webinar {number} has {held} businesses registered; its capacity cannot "
                "go below {held} (nobody loses a seat). Cancel places first with "
                "`helpdesk webinar cancel-enrolment {number} REF`."
            ).format(number=webinar.id, held=held)
        )
    return capacity
