"""Keeping in touch around today: follow-ups pending on open tickets and on businesses helped."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from helpdesk.dates import (
    end_of_week,
)
from helpdesk.domain.enums import (
    Outcome,
    Status,
)
from helpdesk.services.demo.corpus import KEEP_OPEN
from helpdesk.services.demo.model import Ticket, pending_followup_count
from helpdesk.services.demo.planner import Planner


def keep_in_touch(
    planner: Planner, tickets: list[Ticket], size: int, today: date, present: datetime
) -> None:
    """Follow-ups pending around today: overdue, due today, this week and later.

    On open tickets, and on businesses helped before (a check-in about a new grant, how the
    online shop is going); each set by its adviser some days before, a few moved since.
    """
    count = pending_followup_count(size)
    if not count:
        return
    rng = planner.rng
    working = [t for t in tickets if t.assignee and t.final in KEEP_OPEN]
    # Businesses helped before: first those the desk already kept in touch with.
    kept: list[Ticket] = []
    others: list[Ticket] = []
    for t in tickets:
        if t.assignee and t.final in (Status.RESOLVED, Status.CLOSED) and t.outcome not in NOT_KEPT:
            (kept if any(e[2] == "followup" for e in t.events) else others).append(t)
    # Some open tickets are left without one: those are the ones that slip.
    on_open = min(round(count * 0.55), len(working) * 7 // 10)
    on_kept = min(count - on_open, len(kept))
    on_others = min(count - on_open - on_kept, len(others))
    chosen = (
        rng.sample(working, on_open) + rng.sample(kept, on_kept) + rng.sample(others, on_others)
    )
    rng.shuffle(chosen)
    week = [today + timedelta(days=d) for d in range(1, (end_of_week(today) - today).days + 1)]
    total = len(chosen)
    kinds = ["overdue"] * max(2, round(total * 0.25)) + ["today"] * max(2, round(total * 0.15))
    if week:
        kinds += ["week"] * max(2, round(total * 0.25))
    kinds = (kinds + ["later"] * total)[:total]
    rng.shuffle(kinds)
    for t, kind in zip(chosen, kinds, strict=True):
        planner.keep_in_touch(t, kind, today, present, week)


NOT_KEPT = frozenset({Outcome.DUPLICATE, Outcome.NO_RESPONSE, Outcome.WITHDRAWN})
