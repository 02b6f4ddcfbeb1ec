"""The store: the desk's records kept in TinyDB over one of our storages.

This module and its siblings are the only code that imports TinyDB. Tickets and companies are
numbered by their TinyDB document id, which is the short reference people use (``#42``); ids
are never reused because records are never deleted.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import tzinfo
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Table

from helpdesk.dates import DEFAULT_TIMEZONE, zone
from helpdesk.domain.models import Adviser, Company, Ticket, Topic
from helpdesk.domain.taxonomy import DEFAULT_TOPICS
from helpdesk.store import records
from helpdesk.store.storage import Data, DeskStorage, new_data

T = TypeVar("T")

TICKETS = "tickets"
COMPANIES = "companies"
ADVISERS = "advisers"
TOPICS = "topics"


def initial_data() -> Data:
    """A new database: the format stamp and the default topic taxonomy."""
    data = new_data()
    data[TOPICS] = {
        str(i): records.topic_to_record(t) for i, t in enumerate(DEFAULT_TOPICS, start=1)
    }
    return data


class _Table(Table):
    """A TinyDB table that forgets its cached next id when the data is re-read from disk.

    Another process may have added documents since; reusing the cached id would collide.
    The query cache is off for the same reason.
    """

    default_query_cache_capacity = 0
    _seen_generation = -1

    def _get_next_id(self) -> int:
        generation = self._storage.generation
        if generation != self._seen_generation:
            self._next_id = None
            self._seen_generation = generation
        return super()._get_next_id()  # type: ignore[no-any-return]

    def replace_documents(self, documents: dict[int, dict[str, Any]]) -> None:
        """Replace whole documents by id, in one pass over the table however many there are."""

        def replace(table: dict[int, Any]) -> None:
            for doc_id, record in documents.items():
                if doc_id not in table:
                    raise KeyError(doc_id)
                table[doc_id] = record

        self._update_table(replace)


class Store:
    """Typed access to the desk's records.

    Args:
        storage: Where the data lives: a :class:`~helpdesk.store.storage.FileStorage` or a
            :class:`~helpdesk.store.storage.MemoryStorage`.
        tz: The desk's time zone, in which stored follow-up dates are read back.
    """

    def __init__(self, storage: DeskStorage, tz: tzinfo | None = None) -> None:
        self.storage = storage
        self.tz = tz or zone(DEFAULT_TIMEZONE)
        self._db = TinyDB(storage=lambda: storage)
        self._db.table_class = _Table

    def __repr__(self) -> str:
        return f"Store({self.storage.describe()!r})"

    # -- transactions ---------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run a read-modify-write as one: locked, on fresh data, written once at the end."""
        with self.storage.transaction():
            yield

    def backup(self, reason: str) -> str | None:
        """Keep a copy of the database before a bulk change; returns where, if anywhere."""
        path = self.storage.backup(reason)
        return str(path) if path else None

    def describe(self) -> str:
        """Where the data lives, for messages."""
        return self.storage.describe()

    def _raw(self, table: str) -> dict[str, Any]:
        return self.storage.read().get(table) or {}

    def _table(self, name: str) -> _Table:
        return self._db.table(name)  # type: ignore[return-value]

    # -- tickets ----------------------------------------------------------------------------

    def tickets(self) -> list[Ticket]:
        """Every ticket, oldest reference first."""
        raw = self._raw(TICKETS)
        return _bulk(
            lambda: [records.ticket_from_record(r, int(k), self.tz) for k, r in raw.items()]
        )

    def ticket(self, ref: int) -> Ticket | None:
        """The ticket with reference ``ref``, if there is one."""
        record = self._raw(TICKETS).get(str(ref))
        return records.ticket_from_record(record, ref, self.tz) if record is not None else None

    def ticket_count(self) -> int:
        """How many tickets the desk holds."""
        return len(self._raw(TICKETS))

    def add_ticket(self, ticket: Ticket) -> Ticket:
        """Save a new ticket and give it its reference."""
        with self.transaction():
            ticket.ref = self._table(TICKETS).insert(records.ticket_to_record(ticket))
        return ticket

    def add_tickets(self, tickets: Iterable[Ticket]) -> list[Ticket]:
        """Save many new tickets in one write."""
        batch = list(tickets)
        with self.transaction():
            refs = self._table(TICKETS).insert_multiple(records.ticket_to_record(t) for t in batch)
        for ticket, ref in zip(batch, refs, strict=True):
            ticket.ref = ref
        return batch

    def save_ticket(self, ticket: Ticket) -> None:
        """Write back a changed ticket."""
        self.save_tickets([ticket])

    def save_tickets(self, tickets: Iterable[Ticket]) -> None:
        """Write back many changed tickets in one write."""
        with self.transaction():
            self._table(TICKETS).replace_documents(
                {t.ref: records.ticket_to_record(t) for t in tickets}
            )

    # -- companies ------------------------------------------------------------------------

    def companies(self) -> list[Company]:
        """Every company, in the order they were first seen."""
        raw = self._raw(COMPANIES)
        return _bulk(lambda: [records.company_from_record(r, int(k)) for k, r in raw.items()])

    def company(self, id: int) -> Company | None:
        """The company with number ``id``, if there is one."""
        record = self._raw(COMPANIES).get(str(id))
        return records.company_from_record(record, id) if record is not None else None

    def add_company(self, company: Company) -> Company:
        """Save a new company and give it its number."""
        with self.transaction():
            company.id = self._table(COMPANIES).insert(records.company_to_record(company))
        return company

    def add_companies(self, companies: Iterable[Company]) -> list[Company]:
        """Save many new companies in one write."""
        batch = list(companies)
        with self.transaction():
            ids = self._table(COMPANIES).insert_multiple(
                records.company_to_record(c) for c in batch
            )
        for company, id in zip(batch, ids, strict=True):
            company.id = id
        return batch

    def save_company(self, company: Company) -> None:
        """Write back a changed company."""
        with self.transaction():
            self._table(COMPANIES).replace_documents(
                {company.id: records.company_to_record(company)}
            )

    # -- advisers and topics ----------------------------------------------------------------

    def advisers(self) -> list[Adviser]:
        """Every adviser, active or not."""
        return [records.adviser_from_record(r) for r in self._raw(ADVISERS).values()]

    def save_adviser(self, adviser: Adviser) -> None:
        """Add an adviser, or replace the one with the same key."""
        self._upsert_keyed(ADVISERS, adviser.key, records.adviser_to_record(adviser))

    def topics(self) -> list[Topic]:
        """The taxonomy, in its order."""
        return [records.topic_from_record(r) for r in self._raw(TOPICS).values()]

    def save_topic(self, topic: Topic) -> None:
        """Add a topic, or replace the one with the same key."""
        self._upsert_keyed(TOPICS, topic.key, records.topic_to_record(topic))

    def _upsert_keyed(self, table: str, key: str, record: dict[str, Any]) -> None:
        with self.transaction():
            for doc_id, existing in self._raw(table).items():
                if existing.get("key") == key:
                    self._table(table).replace_documents({int(doc_id): record})
                    return
            self._table(table).insert(record)


def _bulk(build: Callable[[], list[T]]) -> list[T]:
    # Building many small objects makes the cyclic collector rescan the heap again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return build()
    finally:
        if enabled:
            gc.enable()
