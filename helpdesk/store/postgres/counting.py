"""How many tickets each of several narrowings lets through, counted by the server at once.

A screen's side bar asks how many tickets each view holds, and how many its filter holds,
every time the desk changes. Reading every ticket to count them in Python is what a file desk
does; here one statement scans the desk's rows once, a ``count(*) FILTER (WHERE …)`` per
narrowing, and the pending follow-ups due today and overdue are counted beside them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from psycopg import sql

from helpdesk.domain.filters import Narrowing
from helpdesk.store.interface import DeskCounts
from helpdesk.store.postgres.rows import COLUMNS, narrowing_sql

# A stored follow-up's day in the desk's zone: a date alone is its own day; a moment is read
# in the zone, as helpdesk.dates.when_from_iso reads it.
_FOLLOWUP_DAY = sql.SQL(
    "CASE WHEN length(f->>'due') = 10 THEN (f->>'due')::date"
    " ELSE ((f->>'due')::timestamptz AT TIME ZONE %s)::date END"
)
_PENDING = sql.SQL(
    "COALESCE(f->>'done_at', '') = ''"
    " AND COALESCE(f->'cancelled', 'false'::jsonb) IN ('false'::jsonb, 'null'::jsonb)"
)

#: How many tickets each company of a desk has (through the tickets' index by company).
TICKETS_BY_COMPANY = (
    "SELECT company_id, count(*) FROM tickets"
    " WHERE desk_id = %s AND company_id IS NOT NULL GROUP BY company_id"
)


def counts_query(
    narrowings: Sequence[Narrowing], desk: int, today: date, tz: tzinfo, zone: str
) -> tuple[sql.Composable, list[Any]] | None:
    """The statement that counts what each narrowing lets through on desk ``desk``, then the
    desk's tickets and the pending follow-ups overdue and due ``today``, with its parameters;
    None when a narrowing does not say all of its query (the count would then be too high).

    Each narrowing on the plain fields is counted by a statement of its own inside the one
    sent, so the server finds its rows through their index (a status, a topic) instead of
    testing every condition on every row. The narrowings on follow-ups (no index holds them)
    and the follow-ups themselves are counted together, in one pass over the rows with a
    follow-up due by the latest day asked.
    """
    tomorrow = midnight(today + timedelta(days=1), tz)
    counts: list[sql.Composable] = []
    params: list[Any] = []
    by_due: list[sql.Composable] = []
    due_params: list[Any] = []
    latest = tomorrow
    for narrowing in narrowings:
        if not narrowing.complete or any(name not in COLUMNS for name in narrowing.one_of):
            return None
        conditions, values = narrowing_sql(narrowing)
        if narrowing.pending_followup or narrowing.due_before is not None:
            if narrowing.due_before is None:
                return None  # any pending follow-up, however late: not said in next_due
            # next_due is the soonest pending follow-up: one is due before the day when it is.
            before = midnight(narrowing.due_before, tz)
            latest = max(latest, before)
            test = sql.SQL(" AND ").join([sql.SQL("next_due < %s"), *conditions])
            counts.append(sql.Identifier(f"due_{len(by_due)}"))
            by_due.append(
                sql.SQL("count(*) FILTER (WHERE {}) AS {}").format(
                    test, sql.Identifier(f"due_{len(by_due)}")
                )
            )
            due_params += [before, *values]
            continue
        test = sql.SQL(" AND ").join([sql.SQL("desk_id = %s"), *conditions])
        counts.append(sql.SQL("(SELECT count(*) FROM tickets WHERE {})").format(test))
        params += [desk, *values]
    counts.append(sql.SQL("(SELECT count(*) FROM tickets WHERE desk_id = %s)"))
    params.append(desk)
    query = sql.SQL(
        "SELECT {counts}, ARRAY[overdue, due_today] FROM (SELECT {by_due}"
        " COALESCE(sum(overdue) FILTER (WHERE next_due < %s), 0) AS overdue,"
        " COALESCE(sum(due_today) FILTER (WHERE next_due < %s), 0) AS due_today"
        " FROM tickets, LATERAL (SELECT count(*) FILTER (WHERE day < %s),"
        " count(*) FILTER (WHERE day = %s)"
        " FROM jsonb_array_elements(record->'followups') AS f,"
        " LATERAL (SELECT {day} AS day) AS days WHERE {pending}) AS pending(overdue, due_today)"
        " WHERE desk_id = %s AND next_due < %s) AS due"
    ).format(
        counts=sql.SQL(", ").join(counts),
        by_due=sql.SQL("").join(sql.SQL("{}, ").format(c) for c in by_due),
        day=_FOLLOWUP_DAY,
        pending=_PENDING,
    )
    params += [*due_params, tomorrow, tomorrow, today, today, zone, desk, latest]
    return query, params


def desk_counts(row: Sequence[Any], narrowings: int) -> DeskCounts:
    """The counts read from the row :func:`counts_query`'s statement returns."""
    overdue, due_today = row[narrowings + 1]
    return DeskCounts(
        matching=[int(n) for n in row[:narrowings]],
        total=int(row[narrowings]),
        followups_overdue=int(overdue),
        followups_due_today=int(due_today),
    )


def midnight(day: date, tz: tzinfo) -> datetime:
    """The moment ``day`` starts in zone ``tz``."""
    return datetime.combine(day, time(), tz)
