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


def counts_query(
    narrowings: Sequence[Narrowing], desk: int, today: date, tz: tzinfo, zone: str
) -> tuple[sql.Composable, list[Any]] | None:
    """The statement that counts what each narrowing lets through on desk ``desk``, then the
    pending follow-ups overdue and due ``today``, with its parameters; None when a narrowing
    does not say all of its query (the count would then be too high)."""
    filters: list[sql.Composable] = []
    params: list[Any] = []
    for narrowing in narrowings:
        if not narrowing.complete or any(name not in COLUMNS for name in narrowing.one_of):
            return None
        conditions, values = narrowing_sql(narrowing)
        if narrowing.pending_followup:
            conditions.append(sql.SQL("next_due IS NOT NULL"))
        if narrowing.due_before is not None:
            # next_due is the soonest pending follow-up: one is due before the day when it is.
            conditions.append(sql.SQL("next_due < %s"))
            values.append(midnight(narrowing.due_before, tz))
        test = sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("true")
        filters.append(sql.SQL("count(*) FILTER (WHERE {})").format(test))
        params += values
    followups = sql.SQL(
        "SELECT count(*) FILTER (WHERE day < %s), count(*) FILTER (WHERE day = %s)"
        " FROM tickets, jsonb_array_elements(record->'followups') AS f,"
        " LATERAL (SELECT {day} AS day) AS days"
        " WHERE desk_id = %s AND next_due < %s AND {pending}"
    ).format(day=_FOLLOWUP_DAY, pending=_PENDING)
    query = sql.SQL(
        "SELECT {counts}, (SELECT ARRAY[overdue, due_today] FROM ({followups})"
        " AS pending(overdue, due_today)) FROM tickets WHERE desk_id = %s"
    ).format(counts=sql.SQL(", ").join([*filters, sql.SQL("count(*)")]), followups=followups)
    tomorrow = midnight(today + timedelta(days=1), tz)
    params = [*params, today, today, zone, desk, tomorrow, desk]
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
