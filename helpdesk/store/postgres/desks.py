"""The network a PostgreSQL database holds: its desks, and what one desk may learn of another.

Each hub is a desk of the same database (see ``migrations/0001_desks.sql``). Most commands work
on one desk through :class:`~helpdesk.store.postgres.store.PostgresStore`; this module answers
what only the database as a whole knows: which desks there are, each with its size and whether
it shares its businesses, and which sharing desk already knows a business by its VAT number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg

from helpdesk.domain.models import Company
from helpdesk.errors import StoreError
from helpdesk.store import records
from helpdesk.store.interface import SHARE_BUSINESSES_SETTING
from helpdesk.store.postgres.connection import connect, masked

#: The ticket states that count as open (the lifecycle's own).
_OPEN_STATES = ("new", "triaged", "in_progress", "waiting")

_OVERVIEW = """
SELECT d.name,
       (SELECT count(*) FROM tickets t WHERE t.desk_id = d.id),
       (SELECT count(*) FROM tickets t WHERE t.desk_id = d.id AND t.status = ANY(%s)),
       (SELECT count(*) FROM advisers a WHERE a.desk_id = d.id AND a.active),
       (SELECT max(t.updated) FROM tickets t WHERE t.desk_id = d.id),
       d.created_at,
       EXISTS (SELECT 1 FROM desk_settings s
               WHERE s.desk_id = d.id AND s.key = %s AND s.value = 'true'::jsonb)
FROM desks d
ORDER BY d.name
"""

# Only a desk that shares its businesses (its setting true) is asked.
_KNOWN_BY_VAT = """
SELECT d.name, c.id, c.record
FROM companies c
JOIN desks d ON d.id = c.desk_id
JOIN desk_settings s ON s.desk_id = d.id AND s.key = %s AND s.value = 'true'::jsonb
WHERE c.vat = %s AND d.name <> %s
ORDER BY d.name
LIMIT 1
"""


@dataclass(frozen=True, slots=True)
class DeskOverview:
    """One desk of the database, in figures.

    Attributes:
        name: The desk's name (``--desk NAME``).
        tickets: Its tickets.
        open: Its tickets not resolved nor closed.
        advisers: Its active advisers.
        last_change: When one of its tickets last changed (its creation, for a desk without
            tickets).
        shares: Whether it offers its businesses' details to the other desks.
    """

    name: str
    tickets: int
    open: int
    advisers: int
    last_change: datetime
    shares: bool = False


class Desks:
    """The desks of one PostgreSQL database, read on a connection of its own.

    Args:
        url: The database's libpq URL.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: psycopg.Connection | None = None

    def _rows(self, query: str, params: tuple[Any, ...] = ()) -> list[Any]:
        if self._conn is None or self._conn.closed:
            self._conn = connect(self.url)
        try:
            return self._conn.execute(query, params).fetchall()
        except psycopg.Error as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise StoreError(f"{masked(self.url)}: {reason or type(error).__name__}") from None

    def desk_names(self) -> list[str]:
        """The names of the database's desks, in alphabetical order (none before ``init``)."""
        if not self._rows("SELECT 1 FROM pg_tables WHERE tablename = 'desks'"):
            return []
        return [name for (name,) in self._rows("SELECT name FROM desks ORDER BY name")]

    def overview(self) -> list[DeskOverview]:
        """Every desk with its tickets, open tickets, advisers, last change and whether it
        shares its businesses, by name."""
        if not self.desk_names():
            return []
        return [
            DeskOverview(name, tickets, open_, advisers, changed or created, shares)
            for name, tickets, open_, advisers, changed, created, shares in self._rows(
                _OVERVIEW, (list(_OPEN_STATES), SHARE_BUSINESSES_SETTING)
            )
        ]

    def company_elsewhere(self, vat: str, desk: str) -> tuple[str, Company] | None:
        """The business with VAT number ``vat`` as another desk than ``desk`` knows it, and that
        desk's name (the first by name when several do); None when no other desk that shares
        its businesses knows it."""
        found = self._rows(_KNOWN_BY_VAT, (SHARE_BUSINESSES_SETTING, vat, desk))
        if not found:
            return None
        name, id, record = found[0]
        return name, records.company_from_record(record, id)

    def __enter__(self) -> Desks:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the next question opens another."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
