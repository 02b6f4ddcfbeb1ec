"""A page of a listing as one query: the filter's narrowing, the order and the page in SQL.

The server then sends only the page's rows, instead of every ticket the narrowing lets
through, to be built and sorted in Python. Each order is written to rank tickets exactly as
its key in :func:`helpdesk.domain.ordering.sort_keys` ranks them, ties in reference order;
an order it has no SQL for (by company or subject, which fold names in Python) is left to the
services. The urgency and due orders are asked in two parts, each read in an order an index
keeps and cut where the page ends (see :func:`_by_urgency` and :func:`_by_due`), so that a page
does not rank every ticket its filter lets through.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

import psycopg
from psycopg import sql

from helpdesk.domain import ordering
from helpdesk.domain.enums import Priority, Status
from helpdesk.domain.filters import Narrowing
from helpdesk.store.interface import TicketPage
from helpdesk.store.postgres.counting import midnight
from helpdesk.store.postgres.rows import COLUMNS, narrowing_sql, next_due

#: The orders that rank by follow-ups: they need every row's ``next_due`` in the desk's zone.
BY_FOLLOWUPS = frozenset({"urgency", "due"})

_OPEN = sql.SQL(", ").join(sql.Literal(s.value) for s in Status if s.is_open)
_IS_OPEN = sql.SQL("status IN ({})").format(_OPEN)
_OPEN_VALUES = frozenset(s.value for s in Status if s.is_open)
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
    page: TicketPage, desk: int, tz: tzinfo, zone: str, *, partial: bool
) -> tuple[sql.Composable, list[Any]] | None:
    """The query that answers ``page`` on desk ``desk`` whose zone is ``tz`` (named ``zone``),
    with its parameters; None when the page's narrowing does not say all of its query, or its
    order has a key this module has no SQL for."""
    narrowing = page.narrowing
    if not narrowing.complete or (narrowing.pending_followup and narrowing.due_before is None):
        return None
    if any(name not in COLUMNS for name in narrowing.one_of):
        return None
    if any(name not in _ORDERS for name, _ in page.order):
        return None
    columns = sql.SQL("ref, record" if partial else "ref, record, log")
    if page.order and page.order[0][0] == "urgency":
        return _by_urgency(page, desk, tz, zone, columns)
    if len(page.order) == 1 and page.order[0][0] == "due" and narrowing.due_before is None:
        return _by_due(page, desk, tz, columns)
    where, values = _where(narrowing, desk, tz)
    query = sql.SQL(
        "SELECT {columns} FROM tickets, LATERAL (SELECT %s::date AS today,"
        " (next_due AT TIME ZONE %s)::date AS first_day) AS days"
        " WHERE {where} ORDER BY {ranking} LIMIT %s OFFSET %s"
    ).format(columns=columns, where=where, ranking=_ranking(page.order))
    return query, [page.today, zone, *values, page.limit, page.offset]


def needs_dues(page: TicketPage) -> bool:
    """Whether ``page`` reads ``next_due``: ordered or narrowed by follow-ups."""
    return page.narrowing.due_before is not None or any(
        name in BY_FOLLOWUPS for name, _ in page.order
    )


def _where(narrowing: Narrowing, desk: int, tz: tzinfo) -> tuple[sql.Composable, list[Any]]:
    conditions, values = narrowing_sql(narrowing)
    if narrowing.due_before is not None:
        # next_due is the soonest pending follow-up: one is due before the day when it is.
        conditions.append(sql.SQL("next_due < %s"))
        values.append(midnight(narrowing.due_before, tz))
    where = sql.SQL(" AND ").join([sql.SQL("desk_id = %s::integer"), *conditions])
    return where, [desk, *values]


def _ranking(order: Sequence[tuple[str, bool]]) -> sql.Composable:
    ranking: list[sql.Composable] = []
    for name, descending in order:
        for expression, reverse in _ORDERS[name]:
            ranking.append(_ranked(expression, reverse != descending))
    ranking.append(sql.SQL("ref"))  # ties keep reference order
    return sql.SQL(", ").join(ranking)


def _by_urgency(
    page: TicketPage, desk: int, tz: tzinfo, zone: str, columns: sql.Composable
) -> tuple[sql.Composable, list[Any]]:
    # A resolved or closed ticket is never due and scores 0: among them, the urgency order is
    # reference order. They are read in that order through the primary key, as many as the
    # page reaches, instead of ranked all (nine tickets in ten on a desk of many years); the
    # open ones are ranked as the order says, and the two are merged into the page. Sort keys
    # after urgency change nothing: no two tickets tie on it, ending in their references.
    descending = page.order[0][1]
    reach = None if page.limit is None else page.offset + page.limit
    statuses = page.narrowing.one_of.get("status", frozenset(s.value for s in Status))
    branches: list[sql.Composable] = []
    params: list[Any] = []
    for is_open in (True, False):
        wanted = frozenset(s for s in statuses if (s in _OPEN_VALUES) == is_open)
        if not wanted and (is_open or branches):
            continue  # (a query no status passes still asks once, and finds nothing)
        narrowing = dataclasses.replace(
            page.narrowing, one_of={**page.narrowing.one_of, "status": wanted}
        )
        where, values = _where(narrowing, desk, tz)
        if is_open:
            branches.append(
                sql.SQL(
                    "(SELECT {columns}, NOT {due} AS not_due, {urgency} AS urgency"
                    " FROM tickets, LATERAL (SELECT %s::date AS today,"
                    " (next_due AT TIME ZONE %s)::date AS first_day) AS days"
                    " WHERE {where} ORDER BY {ranking} LIMIT %s)"
                ).format(
                    columns=columns,
                    due=_IS_DUE,
                    urgency=_URGENCY,
                    where=where,
                    ranking=_ranking(page.order[:1]),
                )
            )
            params += [page.today, zone, *values, reach]
        else:
            branches.append(
                sql.SQL(
                    "(SELECT {columns}, true AS not_due, 0::float8 AS urgency FROM tickets"
                    " WHERE {where} ORDER BY ref {direction} LIMIT %s)"
                ).format(
                    columns=columns,
                    where=where,
                    direction=sql.SQL("" if descending else "DESC"),
                )
            )
            params += [*values, reach]
    query = sql.SQL(
        "SELECT {columns} FROM ({branches}) AS ranked"
        " ORDER BY not_due{not_due}, urgency{urgency}, ref{ref} LIMIT %s OFFSET %s"
    ).format(
        columns=columns,
        branches=sql.SQL(" UNION ALL ").join(branches),
        not_due=sql.SQL(" DESC" if descending else ""),
        urgency=sql.SQL("" if descending else " DESC"),
        ref=sql.SQL("" if descending else " DESC"),
    )
    return query, [*params, page.limit, page.offset]


def _by_due(
    page: TicketPage, desk: int, tz: tzinfo, columns: sql.Composable
) -> tuple[sql.Composable, list[Any]]:
    # The tickets with a follow-up pending come first, by its moment (read through its index),
    # then the others by creation (read through theirs): each as many as the page reaches,
    # instead of the whole desk ranked for every page.
    descending = page.order[0][1]
    direction = sql.SQL(" DESC" if descending else "")
    reach = None if page.limit is None else page.offset + page.limit
    where, values = _where(page.narrowing, desk, tz)
    branches = [
        sql.SQL(
            "(SELECT {columns}, {no_due} AS no_due, {key} AS due_key FROM tickets"
            " WHERE {where} AND next_due IS {test} ORDER BY {key}{direction}, ref LIMIT %s)"
        ).format(
            columns=columns,
            no_due=sql.SQL(no_due),
            key=sql.SQL(key),
            where=where,
            test=sql.SQL(test),
            direction=direction,
        )
        for no_due, key, test in (("false", "next_due", "NOT NULL"), ("true", "created", "NULL"))
    ]
    query = sql.SQL(
        "SELECT {columns} FROM ({branches}) AS ranked"
        " ORDER BY no_due{direction}, due_key{direction}, ref LIMIT %s OFFSET %s"
    ).format(columns=columns, branches=sql.SQL(" UNION ALL ").join(branches), direction=direction)
    return query, [*values, reach, *values, reach, page.limit, page.offset]


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
