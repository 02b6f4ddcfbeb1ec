"""How tickets are ordered: named sort keys, and the urgency order the desk works in.

The default order puts every ticket with a follow-up due today or earlier on top, then sorts by
urgency. Urgency weighs, in this order of importance, the weights below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from helpdesk.domain.enums import Status
from helpdesk.domain.models import Company, Ticket
from helpdesk.domain.text import fold
from helpdesk.errors import InvalidValue
from helpdesk.i18n import _

#: Points for each day a ticket's oldest pending follow-up is overdue (capped at 30 days).
OVERDUE_DAY = 10.0
#: Points for a follow-up due today.
DUE_TODAY = 25.0
#: Points per priority rank (low 0, normal 1, high 2, urgent 3).
PRIORITY_RANK = 40.0
#: Points for each day since the ticket was created (capped at 60 days): old requests rise.
AGE_DAY = 0.5
#: Points for a new, untriaged ticket: nobody has looked at it yet.
UNTRIAGED = 20.0
#: Points taken off while the desk waits for the business to answer.
WAITING = -30.0


def urgency(ticket: Ticket, today: date) -> float:
    """How urgent an open ticket is; closed and resolved tickets score 0.

    Args:
        ticket: The ticket.
        today: Today's date in the desk's zone.
    """
    if not ticket.status.is_open:
        return 0.0
    score = ticket.priority.rank * PRIORITY_RANK
    age = (today - ticket.created.date()).days
    score += min(max(age, 0), 60) * AGE_DAY
    pending = [f.due.day for f in ticket.followups if f.pending]
    if pending:
        first = min(pending)
        if first < today:
            score += DUE_TODAY + min((today - first).days, 30) * OVERDUE_DAY
        elif first == today:
            score += DUE_TODAY
    if ticket.status is Status.NEW:
        score += UNTRIAGED
    elif ticket.status is Status.WAITING:
        score += WAITING
    return score


def is_due(ticket: Ticket, today: date) -> bool:
    """An open ticket with a pending follow-up due today or earlier."""
    return ticket.status.is_open and any(f.due.day <= today for f in ticket.followups if f.pending)


SortKey = Callable[[Ticket], Any]

_STATUS_ORDER = {s: i for i, s in enumerate(Status)}


def sort_keys(companies: Mapping[int, Company], today: date) -> dict[str, SortKey]:
    """The named keys ``--sort`` and the TUI's columns accept."""

    def company(t: Ticket) -> str:
        c = companies.get(t.company_id) if t.company_id is not None else None
        return fold(c.name) if c else ""

    def due(t: Ticket) -> tuple[int, Any]:
        nxt = t.next_followup()
        return (0, nxt.due.at) if nxt else (1, t.created)

    return {
        "urgency": lambda t: (not is_due(t, today), -urgency(t, today), -t.ref),
        "ref": lambda t: t.ref,
        "created": lambda t: t.created,
        "updated": lambda t: t.updated,
        "age": lambda t: t.created,
        "priority": lambda t: t.priority.rank,
        "status": lambda t: _STATUS_ORDER[t.status],
        "company": company,
        "subject": lambda t: fold(t.subject),
        "topics": lambda t: ",".join(t.topics),
        "assignee": lambda t: t.assignee or "",
        "due": due,
        "channel": lambda t: t.channel.value,
    }


def sort_names(spec: str, known: Iterable[str]) -> list[tuple[str, bool]]:
    """Read ``"priority,-created"`` into key names and directions (``-`` for descending).

    Raises:
        InvalidValue: for an unknown key, listing the known ones.
    """
    known = list(known)
    order: list[tuple[str, bool]] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        name = part.lstrip("-+").lower()
        if name not in known:
            raise InvalidValue(
                _("Cannot sort by {name!r}; sort keys are: {keys}.").format(
                    name=name, keys=", ".join(known)
                )
            )
        order.append((name, part.startswith("-")))
    return order


def sort_tickets(tickets: list[Ticket], order: list[tuple[SortKey, bool]]) -> list[Ticket]:
    """Sort by several keys, the first most significant (stable sorts, applied last key first)."""
    result = list(tickets)
    for key, descending in reversed(order):
        result.sort(key=key, reverse=descending)
    return result
