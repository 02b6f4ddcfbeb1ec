"""The statements the store sends for many rows at once (insert them, replace them by their key
columns), and those it sends for one ticket."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql

#: Every ticket's reference and revision on desk %s.
REVISIONS = "SELECT ref, revision FROM tickets WHERE desk_id = %s"

#: A ticket's record and log, locked until the commit, with its company's name and number
#: (which the search text its save writes holds).
LOCKED_TICKET = """
SELECT t.record, t.log, c.name, c.id FROM tickets t
LEFT JOIN companies c ON c.desk_id = t.desk_id AND c.id = t.company_id
WHERE t.desk_id = %s AND t.ref = %s FOR UPDATE OF t
"""


def insert_rows(
    conn: psycopg.Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert rows in one round of statements."""
    query = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, columns)),
        sql.SQL(", ").join(sql.Placeholder() * len(columns)),
    )
    with conn.cursor() as cursor:
        cursor.executemany(query, rows)


def update_rows(
    conn: psycopg.Connection,
    table: str,
    columns: Sequence[str],
    keys: Sequence[str],
    rows: list[tuple[Any, ...]],
    counter: str | None = None,
) -> None:
    """Replace rows found by their key columns.

    Raises:
        KeyError: for a row the table does not hold (the transaction then writes nothing).
    """
    sets = [
        sql.SQL("{} = %({})s").format(sql.Identifier(c), sql.SQL(c))
        for c in columns
        if c not in keys
    ]
    if counter:
        sets.append(sql.SQL("{0} = {0} + 1").format(sql.Identifier(counter)))
    where = sql.SQL(" AND ").join(
        sql.SQL("{} = %({})s").format(sql.Identifier(k), sql.SQL(k)) for k in keys
    )
    query = sql.SQL("UPDATE {} SET {} WHERE {}").format(
        sql.Identifier(table), sql.SQL(", ").join(sets), where
    )
    named = [dict(zip(columns, row, strict=True)) for row in rows]
    with conn.cursor() as cursor:
        cursor.executemany(query, named, returning=False)
        if cursor.rowcount != len(rows):
            raise KeyError(f"{table}: {len(rows) - cursor.rowcount} of the records are gone")
