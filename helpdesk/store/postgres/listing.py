"""A page of a listing as one query: the filter's narrowing, the order and the page in SQL.

The server then sends only the page's rows, instead of every ticket the narrowing lets
through, to be built and sorted in Python. Each order is written to rank tickets exactly as
its key in :func:`helpdesk.domain.ordering.sort_keys` ranks them, ties in reference order;
an order it has no SQL for (by company or subject, which fold names in Python) is left to the
services.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

import psycopg
from psycopg import sql

from helpdesk.domain import ordering
from helpdesk.domain.enums import Priority, Status
from helpdesk.store.interface import TicketPage
from helpdesk.store.postgres.rows import COLUMNS, narrowing_sql, next_due

#: The orders that rank by follow-ups: they need every row's ``next_due`` in the desk's zone.
BY_FOLLOWUPS = frozenset({"urgency", "due"})

_OPEN = sql.SQL(", ").join(sql.Literal(s.value) for s in Status if s.is_open)
_IS_OPEN = sql.SQL("status IN ({})").format(_OPEN)
_RANK = sql.SQL("CASE priority {} END").format(
    sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(p.value), sql.Literal(p.rank))
        for p in Priority
    )
)
_STATUS_ORDER = sql.SQL("CASE status {} END").format(
    sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(s.value), sql.Literal(i))
        for i, s in enumerate(Status)
    )
)
# `today` and `first_day` (the soonest pending follow-up's day in the desk's zone) come from
# the query's LATERAL; the weights are the domain's own, as double precision numbers like the
# domain's floats (numeric arithmetic on every ranked row costs more, and ranks the same: the
# weights are halves and whole numbers, exact in both).
_IS_DUE = sql.SQL("({} AND first_day IS NOT NULL AND first_day <= today)").format(_IS_OPEN)


def _weight(value: float) -> sql.Composable:
    return sql.SQL("{}::float8").format(sql.Literal(value))


_URGENCY = sql.SQL(
    "CASE WHEN {open} THEN {rank} * {priority_rank}"
    " + LEAST(GREATEST(today - created_day, 0), 60) * {age_day}"
    " + CASE WHEN first_day < today THEN {due_today} + LEAST(today - first_day, 30) * {overdue}"
    " WHEN first_day = today THEN {due_today} ELSE 0 END"
    " + CASE status WHEN 'new' THEN {untriaged} WHEN 'waiting' THEN {waiting} ELSE 0 END"
    " ELSE 0 END"
).format(
    open=_IS_OPEN,
    rank=_RANK,
    priority_rank=_weight(ordering.PRIORITY_RANK),
    age_day=_weight(ordering.AGE_DAY),
    due_today=_weight(ordering.DUE_TODAY),
    overdue=_weight(ordering.OVERDUE_DAY),
    untriaged=_weight(ordering.UNTRIAGED),
    waiting=_weight(ordering.WAITING),
)

#: Sort key name → the expressions it ranks by, each with True when it ranks in reverse.
_ORDERS: dict[str, list[tuple[sql.Composable, bool]]] = {
    # (not is_due, -urgency, -ref)
    "urgency": [
        (sql.SQL("NOT {}").format(_IS_DUE), False),
        (_URGENCY, True),
        (sql.SQL("ref"), True),
    ],
    "ref": [(sql.SQL("ref"), False)],
    "created": [(sql.SQL("created"), False)],
    "age": [(sql.SQL("created"), False)],
    "updated": [(sql.SQL("updated"), False)],
    "priority": [(_RANK, False)],
    "status": [(_STATUS_ORDER, False)],
    "assignee": [(sql.SQL("COALESCE(assignee, '') COLLATE \"C\""), False)],
    "channel": [(sql.SQL('channel COLLATE "C"'), False)],
    # (0, next follow-up's moment) or (1, created)
    "due": [(sql.SQL("next_due IS NULL"), False), (sql.SQL("COALESCE(next_due, created)"), False)],
}


def page_query(
    page: TicketPage, desk: int, zone: str, *, partial: bool
) -> tuple[sql.Composable, list[Any]] | None:
    """The query that answers ``page`` on desk ``desk`` whose zone is ``zone``, with its
    parameters; None when the page's narrowing does not say all of its query, or its order
    has a key this module has no SQL for."""
    narrowing = page.narrowing
    if not narrowing.complete or narrowing.pending_followup:
        return None
    if any(name not in COLUMNS for name in narrowing.one_of):
        return None
    ranking: list[sql.Composable] = []
    for name, descending in page.order:
        if name not in _ORDERS:
            return None
        for expression, reverse in _ORDERS[name]:
            ranking.append(_ranked(expression, reverse != descending))
    ranking.append(sql.SQL("ref"))  # ties keep reference order
    conditions, values = narrowing_sql(narrowing)
    where = sql.SQL(" AND ").join([sql.SQL("desk_id = %s::integer"), *conditions])
    columns = sql.SQL("ref, record" if partial else "ref, record, log")
    query = sql.SQL(
        "SELECT {columns} FROM tickets, LATERAL (SELECT %s::date AS today,"
        " (next_due AT TIME ZONE %s)::date AS first_day) AS days"
        " WHERE {where} ORDER BY {ranking} LIMIT %s OFFSET %s"
    ).format(columns=columns, where=where, ranking=sql.SQL(", ").join(ranking))
    return query, [page.today, zone, desk, *values, page.limit, page.offset]


def work_out_dues(conn: psycopg.Connection, desk: int, tz: tzinfo, zone: str) -> None:
    """Work out ``next_due`` in zone ``zone`` for the desk's rows saved before the schema kept
    it, or in another zone; a row saved meanwhile (another revision) already has it. Run
    inside a transaction."""
    rows = conn.execute(
        "SELECT ref, revision, record FROM tickets"
        " WHERE desk_id = %s AND due_zone IS DISTINCT FROM %s",
        (desk, zone),
    ).fetchall()
    with conn.cursor() as cursor:
        cursor.executemany(
            "UPDATE tickets SET next_due = %s, due_zone = %s"
            " WHERE desk_id = %s AND ref = %s AND revision = %s",
            [(next_due(record, tz), zone, desk, ref, rev) for ref, rev, record in rows],
        )


def _ranked(expression: sql.Composable, descending: bool) -> sql.Composable:
    return sql.SQL("{} DESC" if descending else "{}").format(expression)
