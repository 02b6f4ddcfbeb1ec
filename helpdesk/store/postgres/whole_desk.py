"""A desk's records read and written whole, laid out as the file store lays them out.

The file store keeps tables of records by number (``{"tickets": {"1": {...}}}``). Reading a
PostgreSQL desk into that shape, and writing such tables into a desk, is what the demo and
``helpdesk migrate`` need: the same records, in either store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import tzinfo
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from helpdesk.store.interface import Tables
from helpdesk.store.postgres import network
from helpdesk.store.postgres.rows import COMPANY_COLUMNS, TICKET_COLUMNS, company_row, ticket_row
from helpdesk.store.records import (
    ADVISERS,
    COMPANIES,
    DERIVED_TABLES,
    TICKET_LOGS,
    TICKETS,
    TOPICS,
    WEBINARS,
)

#: The tables of records kept by number, each with its extra columns read from the record.
_NUMBERED: dict[str, tuple[str, ...]] = {
    WEBINARS: ("title", "start"),
    "calls": (),
    "partners": ("name", "shared", "for_desk"),
    "referrals": ("ticket_ref", "partner_id"),
}

#: The tables of records kept by key, in the order they were added.
_KEYED = (ADVISERS, TOPICS, "programmes")

_SETTINGS = "desk_settings"

#: The file's own table (its format and schema stamp): no record of the desk.
_META = "_meta"

#: Every table of the schema that holds a desk's records, children before their parents.
DESK_TABLES = (
    "referrals",
    "partner_numbers",
    "partners",
    TICKETS,
    COMPANIES,
    WEBINARS,
    "calls",
    ADVISERS,
    TOPICS,
    "programmes",
    _SETTINGS,
    "other_records",
    "desk_counters",
)


def read(conn: psycopg.Connection, desk: int) -> Tables:
    """Every record of the desk, by table and number."""
    tables: Tables = {}

    def rows(query: str) -> list[Any]:
        return conn.execute(query, (desk,)).fetchall()

    tickets: dict[str, Any] = {}
    logs: dict[str, Any] = {}
    for ref, record, log in rows(
        "SELECT ref, record, log FROM tickets WHERE desk_id = %s ORDER BY ref"
    ):
        tickets[str(ref)] = record
        if log:
            logs[str(ref)] = log
    tables[TICKETS] = tickets
    tables[TICKET_LOGS] = logs
    tables[COMPANIES] = {
        str(id): record
        for id, record in rows("SELECT id, record FROM companies WHERE desk_id = %s ORDER BY id")
    }
    for name in _NUMBERED:
        found = rows(f"SELECT id, record FROM {name} WHERE desk_id = %s ORDER BY id")
        if found:
            tables[name] = {str(id): record for id, record in found}
    # Other desks' partners the desk referred to go with it as its own, under its numbers.
    copies = network.shared_partner_copies(conn, desk)
    if copies:
        merged = {**(tables.get("partners") or {}), **copies}
        tables["partners"] = dict(sorted(merged.items(), key=lambda item: int(item[0])))
    for name in _KEYED:
        found = rows(f"SELECT record FROM {name} WHERE desk_id = %s ORDER BY position")
        if found:
            tables[name] = {str(i): record for i, (record,) in enumerate(found, start=1)}
    settings = rows(f"SELECT key, value FROM {_SETTINGS} WHERE desk_id = %s ORDER BY key")
    if settings:
        tables[_SETTINGS] = {
            str(i): {"key": key, "value": value} for i, (key, value) in enumerate(settings, 1)
        }
    for name, id, record in rows(
        "SELECT table_name, id, record FROM other_records WHERE desk_id = %s "
        "ORDER BY table_name, length(id), id"
    ):
        tables.setdefault(name, {})[id] = record
    return tables


def write(
    conn: psycopg.Connection,
    desk: int,
    tables: Tables,
    texts: Callable[[Sequence[Mapping[str, Any]]], list[str]],
    progress: Callable[[int, int], None] | None = None,
    *,
    tz: tzinfo,
) -> None:
    """Replace every record of the desk by those of ``tables``; ``texts`` gives tickets'
    search texts (once their companies are written), ``progress(done, total)`` hears how many
    records are written as they are, ``tz`` is the desk's zone. Run inside a transaction."""
    skipped = {_META, TICKET_LOGS, *DERIVED_TABLES}  # logs go with their tickets' rows
    total = sum(len(t) for name, t in tables.items() if name not in skipped)
    written = 0

    def _insert(
        conn: psycopg.Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> None:
        nonlocal written
        _copy(conn, table, columns, rows, progress and (lambda n: progress(written + n, total)))
        written += len(rows) if table != "desk_counters" else 0

    for name in DESK_TABLES:
        conn.execute(
            sql.SQL("DELETE FROM {} WHERE desk_id = %s").format(sql.Identifier(name)), (desk,)
        )
    companies = tables.get(COMPANIES) or {}
    _insert(
        conn,
        COMPANIES,
        COMPANY_COLUMNS,
        [company_row(desk, int(id), dict(r)) for id, r in companies.items()],
    )
    tickets = tables.get(TICKETS) or {}
    logs = tables.get(TICKET_LOGS) or {}
    ticket_records = [dict(r) for r in tickets.values()]
    rows = [
        ticket_row(desk, int(ref), record, dict(logs[ref]) if ref in logs else None, text, tz)
        for ref, record, text in zip(tickets, ticket_records, texts(ticket_records), strict=True)
    ]
    _insert(conn, TICKETS, TICKET_COLUMNS, rows)
    desks = {name for (name,) in conn.execute("SELECT name FROM desks WHERE id <> %s", (desk,))}
    for name, extra in _NUMBERED.items():
        table = tables.get(name) or {}
        _insert(
            conn,
            name,
            ("desk_id", "id", *extra, "record"),
            [(desk, int(id), *_extra(name, r, desks), Jsonb(dict(r))) for id, r in table.items()],
        )
        if name == "partners":
            network.number_own_partners(conn, desk)
    for name in _KEYED:
        table = tables.get(name) or {}
        _insert(
            conn,
            name,
            ("desk_id", "key", "record"),
            [(desk, r["key"], Jsonb(dict(r))) for r in table.values()],
        )
    conn.execute(
        "UPDATE advisers SET active = (record->>'active')::boolean IS NOT FALSE WHERE desk_id = %s",
        (desk,),
    )
    settings = tables.get(_SETTINGS) or {}
    _insert(
        conn,
        _SETTINGS,
        ("desk_id", "key", "value"),
        [(desk, r["key"], Jsonb(r.get("value"))) for r in settings.values()],
    )
    known = {TICKETS, TICKET_LOGS, COMPANIES, *_NUMBERED, *_KEYED, _SETTINGS, _META}
    others = [
        (desk, name, str(id), Jsonb(dict(record)))
        for name, table in tables.items()
        if name not in known and name not in DERIVED_TABLES
        for id, record in table.items()
    ]
    _insert(conn, "other_records", ("desk_id", "table_name", "id", "record"), others)
    counters = [(desk, TICKETS, max(map(int, tickets), default=0))]
    counters.append((desk, COMPANIES, max(map(int, companies), default=0)))
    counters += [(desk, n, max(map(int, tables.get(n) or {}), default=0)) for n in _NUMBERED]
    _insert(conn, "desk_counters", ("desk_id", "kind", "last_id"), counters)
    network.link_shared_partners(conn, desk)
    network.link_shared_partners(conn)  # the partners this desk shares, for the other desks
    network.link_referrals_to_desks(conn, desk)
    if progress is not None:
        progress(total, total)


def _extra(table: str, record: Mapping[str, Any], desks: set[str]) -> tuple[Any, ...]:
    if table == WEBINARS:
        return (record["title"], record["start"])
    if table == "partners":
        # A desk it stands for that this database does not hold stays in the record only.
        stands_for = record.get("for_desk")
        return (
            record.get("name", ""),
            bool(record.get("shared")),
            stands_for if stands_for in desks else None,
        )
    if table == "referrals":
        return (record["ref"], record["partner"])
    return ()


def _copy(
    conn: psycopg.Connection,
    table: str,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    progress: Callable[[int], None] | None,
) -> None:
    # COPY the rows in; ``progress`` hears how many went, every thousand.
    if not rows:
        return
    query = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with conn.cursor() as cursor, cursor.copy(query) as copy:
        for done, row in enumerate(rows, start=1):
            copy.write_row(row)
            if progress is not None and not done % 1000:
                progress(done)
