"""The desk's reference records (companies, topics, advisers), kept by a connection between
reads while no one changes them.

A listing names its rows' companies and checks its query against the desk's topics and
advisers: reading them all from the server for every listing costs more than the listing's
own query on a desk with many companies. These records change seldom, and every change to them
raises the desk's ``reference_count`` in the same commit (see :func:`bump_query`). So a store
keeps what it read with the count it read it under, and asks the server for the records again
only when the count moved: one statement, which sends the rows back only then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from psycopg import sql

#: The tables whose records are kept, each with the columns its rows give and their order.
TABLES = {
    "companies": ("id, record", "id"),
    "topics": ("record", "position"),
    "advisers": ("record", "position"),
}

#: Raises the desk's counts when a change commits: every change, and the reference records'.
BUMP = """
WITH bumped AS (
    UPDATE desks SET change_count = change_count + 1,
                     reference_count = reference_count + %(reference)s
    WHERE id = %(desk)s RETURNING id
)
SELECT pg_notify(%(channel)s, id::text) FROM bumped
"""


class ReferenceCache:
    """The reference records one connection read, each table's with the count it was read
    under. A change of this connection's own is seen before its commit raises the count:
    :meth:`rows` is then told not to trust (nor keep) what it has."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[int, list[Any]]] = {}

    def forget(self) -> None:
        """Drop every kept record (a new connection, another desk's)."""
        self._kept.clear()

    def rows(
        self,
        run: Callable[[sql.Composable, Sequence[Any]], list[Any]],
        desk: int,
        table: str,
        *,
        trust: bool,
    ) -> list[Any]:
        """The table's rows on desk ``desk``, in their order, each a tuple of
        :data:`TABLES`' columns, asked of the server through ``run(query, params)``; read
        again only when the desk's reference count moved (always when ``trust`` is False)."""
        columns, order = TABLES[table]
        kept = self._kept.get(table) if trust else None
        query = sql.SQL(
            "SELECT d.reference_count, {columns} FROM desks d"
            " LEFT JOIN {table} r ON r.desk_id = d.id AND d.reference_count <> %s"
            " WHERE d.id = %s ORDER BY r.{order}"
        ).format(
            columns=sql.SQL(", ").join(sql.SQL("r.") + sql.SQL(c) for c in columns.split(", ")),
            table=sql.Identifier(table),
            order=sql.Identifier(order),
        )
        found = run(query, (kept[0] if kept else -1, desk))
        if not found:
            return []  # no such desk
        count = found[0][0]
        if kept is not None and kept[0] == count:
            return kept[1]
        rows = [tuple(row[1:]) for row in found if row[-1] is not None]
        if trust:
            self._kept[table] = (count, rows)
        return rows
