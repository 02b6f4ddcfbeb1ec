"""The store: the desk's records kept in TinyDB over one of our storages.

This module and its siblings are the only code that imports TinyDB. Tickets and companies are
numbered by their TinyDB document id, which is the short reference people use (``#42``); ids
are never reused because records are never deleted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import (
    Callable,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    Sequence,
)
from contextlib import contextmanager
from datetime import date, tzinfo
from typing import Any, TypeGuard, TypeVar

import orjson
from tinydb import TinyDB
from tinydb.table import Table

from helpdesk.dates import DEFAULT_TIMEZONE, zone
from helpdesk.domain.enums import CompanyKind
from helpdesk.domain.filters import Narrowing
from helpdesk.domain.models import Adviser, Company, Ticket, Topic
from helpdesk.domain.taxonomy import DEFAULT_TOPICS
from helpdesk.domain.text import company_key
from helpdesk.memory import collector_paused
from helpdesk.store import records
from helpdesk.store.call_records import DESK_SETTINGS
from helpdesk.store.event_tables import EventTables
from helpdesk.store.interface import DeskCounts, TicketPage
from helpdesk.store.layout import META_TABLE, SEARCHES_BEFORE_LISTING, Records, record_checksums
from helpdesk.store.network import NetworkTables
from helpdesk.store.numbered import Numbered
from helpdesk.store.records import (
    ADVISERS,
    COMPANIES,
    COMPANY_KEYS,
    TICKET_LOGS,
    TICKET_TEXTS,
    TICKETS,
    TOPICS,
    joined,
    split_log,
)
from helpdesk.store.storage import Data, DeskStorage, new_data

T = TypeVar("T")


def initial_data() -> Data:
    """A new database: the format stamp and the default topic taxonomy."""
    data = new_data()
    data[TOPICS] = {
        str(i): records.topic_to_record(t) for i, t in enumerate(DEFAULT_TOPICS, start=1)
    }
    return data


class _Table(Table):
    """A TinyDB table whose writes cost what they change, not the size of the table.

    TinyDB's own ``insert`` and ``update`` copy the whole table twice on every call, which makes
    a bulk import or a long-running session quadratic. Documents are kept in the storage's data
    as TinyDB lays them out (string ids), so reads through TinyDB's API see them as usual.

    The next id is forgotten whenever the data is re-read from disk: another process may have
    added documents since, and reusing a cached id would collide. The query cache is off for the
    same reason.
    """

    default_query_cache_capacity = 0
    _seen_generation = -1

    def _get_next_id(self) -> int:
        generation = self._desk_storage().generation
        if generation != self._seen_generation:
            self._next_id = None
            self._seen_generation = generation
        if self._next_id is None:
            table = self._desk_storage().read().get(self.name)
            if isinstance(table, Records):  # the file knows its highest id: no need to list
                top = table.top()
                self._next_id = 1 if top is None else top + 1  # type: ignore[assignment]
        return super()._get_next_id()

    def _desk_storage(self) -> DeskStorage:
        storage = self._storage
        assert isinstance(storage, DeskStorage)
        return storage

    def _documents(self) -> tuple[Data, MutableMapping[str, Any]]:
        data = self._desk_storage().read()
        return data, data.setdefault(self.name, {})

    def insert(self, document: Mapping[str, Any]) -> int:
        """Add one document; returns its id."""
        return self.insert_multiple([document])[0]

    def insert_multiple(
        self, documents: Iterable[Mapping[str, Any]], *, copy: bool = True
    ) -> list[int]:
        """Add documents in one write; returns their ids in order. With ``copy`` false, the
        documents themselves are kept (the caller's own, never to be changed by it)."""
        data, table = self._documents()
        batch = list(documents)
        if not batch:
            return []
        first = self._get_next_id()  # then numbered on from it, as TinyDB would one by one
        self._next_id = first + len(batch)  # type: ignore[assignment]
        ids = list(range(first, first + len(batch)))
        for doc_id, document in zip(ids, batch, strict=True):
            table[str(doc_id)] = dict(document) if copy else document
        self._desk_storage().write(data)
        return ids

    def replace_documents(self, documents: dict[int, dict[str, Any]]) -> None:
        """Replace whole documents by id in one write.

        Raises:
            KeyError: for an id the table does not hold (nothing is written then).
        """
        data, table = self._documents()
        missing = [doc_id for doc_id in documents if str(doc_id) not in table]
        if missing:
            raise KeyError(missing[0])
        for doc_id, record in documents.items():
            table[str(doc_id)] = record
        self._desk_storage().write(data)

    def put_documents(self, documents: Mapping[int, dict[str, Any] | None]) -> None:
        """Set documents by id in one write, adding or replacing; None removes one."""
        data, table = self._documents()
        for doc_id, record in documents.items():
            if record is not None:
                table[str(doc_id)] = record
            elif str(doc_id) in table:
                del table[str(doc_id)]
        self._desk_storage().write(data)


class Store(EventTables, NetworkTables):
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
        self._index: tuple[dict[str, int], dict[str, int]] | None = None
        self._index_stamp: tuple[int, int] = (-1, -1)
        self._depth = 0

    def __repr__(self) -> str:
        return f"Store({self.storage.describe()!r})"

    def close(self) -> None:
        """Let go of the file and the data read from it; the next read opens it again."""
        self.storage.close()

    # -- transactions ---------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run a read-modify-write as one: locked, on fresh data, written once at the end."""
        with self.storage.transaction():
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            if not self._depth:
                renamed = self._derive_company_keys()
                self._derive_ticket_texts(renamed)

    def _derive_company_keys(self) -> set[str] | None:
        # The company keys follow the companies: when both were read from a laid-out file
        # (written with keys that matched), only the companies changed since are keyed again;
        # otherwise every company is, and the table is written only if it differs. Returns the
        # numbers of the companies changed or removed that tickets may name (not the new
        # ones: only new tickets can name them), None when they may all have changed.
        data = self.storage.read()
        companies = data.get(COMPANIES)
        if companies is None:
            return set()
        keys = data.get(COMPANY_KEYS)
        if isinstance(companies, Records) and isinstance(keys, Records):
            changed, removed = companies.changes()
            known = set()
            for id, record in changed.items():
                previous = keys.get(id)
                if previous is not None:
                    known.add(id)
                if previous != (entry := _company_keys_entry(record)):
                    keys[id] = entry
            for id in removed:
                keys.pop(id, None)
            if len(keys) == len(companies):
                if changed or removed:
                    self.storage.write(data)
                return known | removed
        derived = {id: _company_keys_entry(record) for id, record in companies.items()}
        if keys is None or dict(keys.items()) != derived:
            data[COMPANY_KEYS] = derived
            self.storage.write(data)
        return None

    def _derive_ticket_texts(self, companies_changed: set[str] | None) -> None:
        # The ticket texts follow the tickets and their companies' names, as the company keys
        # follow the companies: the changed tickets, and the tickets of changed companies.
        data = self.storage.read()
        tickets = data.get(TICKETS)
        if tickets is None:
            return
        texts = data.get(TICKET_TEXTS)
        name_of = _company_names(data.get(COMPANIES) or {})
        if (
            isinstance(tickets, Records)
            and isinstance(texts, Records)
            and companies_changed is not None
            and len(companies_changed) <= RENAMES_BEFORE_REBUILDING
        ):
            changed, removed = tickets.changes()
            if companies_changed:
                changed = {
                    **{ref: tickets[ref] for ref in _tickets_of(texts, companies_changed)},
                    **changed,
                }
            for ref, record in changed.items():
                if texts.get(ref) != (entry := _ticket_text_entry(record, name_of)):
                    texts[ref] = entry
            for ref in removed:
                texts.pop(ref, None)
            if len(texts) == len(tickets):
                if changed or removed:
                    self.storage.write(data)
                return
        derived = {ref: _ticket_text_entry(r, name_of) for ref, r in tickets.items()}
        if texts is None or dict(texts.items()) != derived:
            data[TICKET_TEXTS] = derived
            self.storage.write(data)

    def connected_adviser(self) -> str | None:
        """None: a file holds nobody to an identity."""
        return None

    def backup(self, reason: str) -> str | None:
        """Keep a copy of the database before a bulk change; returns where, if anywhere."""
        path = self.storage.backup(reason)
        return str(path) if path else None

    def read_tables(self) -> Data:
        """The whole desk as tables of stored records, as the file holds them."""
        return self.storage.read()

    def write_tables(
        self, tables: Data, progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Replace the whole desk by these tables of stored records, in one write (with the
        file's format stamp when they come without it: from another store)."""
        if META_TABLE not in tables:
            tables = {**new_data(), **tables}
        with self.transaction():
            self.storage.write(tables)
        if progress is not None:
            total = sum(len(table) for name, table in tables.items() if name != META_TABLE)
            progress(total, total)

    def describe(self) -> str:
        """Where the data lives, for messages."""
        return self.storage.describe()

    def version(self) -> Hashable:
        """A token that changes whenever the stored data changes, in this process or another."""
        return self.storage.version()

    def watch_changes(self, on_change: Callable[[], None]) -> Callable[[], None] | None:
        """None: a file's changes are noticed by polling :meth:`version` (one ``stat``)."""
        return None

    def reader(self) -> None:
        """None: a file desk is read whole by the screen, never beside its changes."""

    def _raw(self, table: str) -> Mapping[str, Any]:
        data = self.storage.read()
        return (data.get(table) if data else None) or {}

    def _table(self, name: str) -> _Table:
        return self._db.table(name)  # type: ignore[return-value]

    # -- tickets ----------------------------------------------------------------------------

    def tickets(
        self,
        *,
        partial: bool = False,
        company: int | None = None,
        narrowing: Narrowing | None = None,
    ) -> list[Ticket]:
        """Every ticket, oldest reference first.

        Args:
            partial: Leave out notes and history, which a list never shows and which are most
                of the cost of reading a large desk. Partial tickets cannot be saved.
            company: Only this company's tickets.
            narrowing: Only tickets whose stored record may match a query with this narrowing
                (the query's predicate still decides): the others are never built.
        """
        raw = self._raw(TICKETS)
        tz = self.tz
        convert = records.ticket_from_record
        items: Iterable[tuple[str, Any]] = raw.items()
        candidates = self._text_candidates(company, narrowing.words if narrowing else ())
        if candidates is not None:
            keys = sorted(candidates, key=int)
            _locate(raw, keys)
            items = [(k, r) for k in keys if (r := raw.get(k)) is not None]
            if narrowing:  # the candidates hold every word: their texts were read to know
                narrowing = dataclasses.replace(narrowing, words=())
        if company is not None:
            items = [(k, r) for k, r in items if r.get("company") == company]
        if narrowing:
            company_name = _company_names(self._raw(COMPANIES))
            may_match = records.ticket_may_match
            items = [(k, r) for k, r in items if may_match(r, int(k), narrowing, company_name)]
        if partial:
            return _bulk(lambda: [convert(r, int(k), tz, True) for k, r in items])
        logs = self._raw(TICKET_LOGS)
        if candidates is not None:
            _locate(logs, [k for k, _ in items])
        return _bulk(lambda: [convert(joined(r, logs.get(k)), int(k), tz) for k, r in items])

    def tickets_keeping_unchanged(
        self, kept: Mapping[int, tuple[int, Ticket]]
    ) -> dict[int, tuple[int, Ticket]]:
        """Every ticket, notes and history left out (as :meth:`tickets` with ``partial``), by
        reference with its stored record's checksum; one whose checksum is the one in ``kept``
        is kept's own, not built again: a desk held in memory takes in a change cheaply."""
        raw, tz, build, found = self._raw(TICKETS), self.tz, records.ticket_from_record, {}
        with collector_paused():
            for key, crc in record_checksums(raw).items():
                held = kept.get(ref := int(key))
                if held is None or held[0] != crc:
                    held = (crc, build(raw[key], ref, tz, True))
                found[ref] = held
        return found

    def ticket_page(self, page: TicketPage, *, partial: bool = False) -> list[Ticket] | None:
        """None: a file is read whole anyway, and the services order what it holds."""
        return None

    def ticket_counts(self, narrowings: Sequence[Narrowing], today: date) -> DeskCounts | None:
        """None: the front ends that count hold the file's tickets, and count those."""
        return None

    def _text_candidates(self, company: int | None, words: Iterable[str]) -> set[str] | None:
        # The tickets that can be this company's and hold every word, by searching the ticket
        # texts' bytes; None when they cannot be trusted for it (every ticket is a candidate).
        # Records are listed in reference order, as TinyDB numbers them.
        data = self.storage.read()
        tickets, texts = data.get(TICKETS), data.get(TICKET_TEXTS)
        needles = [orjson.dumps(word)[1:-1] for word in words]
        if company is not None:
            needles.append(b":[" + str(company).encode() + b",")
        if not needles or not _as_saved(texts, tickets):
            return None
        if any(b"\\" in needle or not needle for needle in needles):
            return None  # written with escapes in the file: not found as it is typed
        found: set[str] | None = None
        for needle in sorted(needles, key=len, reverse=True):  # the rarest first, likely
            refs = set(texts.find_all(needle))
            found = refs if found is None else found & refs
            if not found:
                return set()
        assert found is not None
        # A needle may also have been found in the line's syntax: the texts themselves decide.
        words = tuple(words)
        return {
            ref
            for ref in found
            if (entry := texts[ref])[0] == (company if company is not None else entry[0])
            and all(word in entry[1] for word in words)
        }

    def searchable_texts(self) -> Callable[[int], str | None] | None:
        """The folded text free-text terms look in, by ticket reference, as the file holds it;
        None when the tickets or their companies changed since the file was read (the texts
        are derived when they are saved) or the file is not laid out."""
        data = self.storage.read()
        tickets, texts, companies = (data.get(n) for n in (TICKETS, TICKET_TEXTS, COMPANIES))
        if not _as_saved(texts, tickets) or not (companies is None or _as_saved(companies)):
            return None

        def text_of(ref: int) -> str | None:
            entry = texts.get(str(ref))
            return entry[1] if entry is not None else None

        return text_of

    def ticket(self, ref: int, *, partial: bool = False) -> Ticket | None:
        """The ticket with reference ``ref``, if there is one (see :meth:`tickets` for
        ``partial``)."""
        key = str(ref)
        record = self._raw(TICKETS).get(key)
        if record is None:
            return None
        if partial:
            return records.ticket_from_record(record, ref, self.tz, True)
        return records.ticket_from_record(
            joined(record, self._raw(TICKET_LOGS).get(key)), ref, self.tz
        )

    def ticket_records(self, refs: Iterable[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        """The whole stored records (ticket, notes, history) of tickets ``refs``, one at a time,
        for exports: the stored form is the exchange form, and a large desk is never held whole.
        """
        tickets, logs = self._raw(TICKETS), self._raw(TICKET_LOGS)
        refs = list(refs)
        if len(refs) == len(tickets) and [int(key) for key in tickets] == refs:
            # Every ticket in the table's order (an export of everything): read straight down.
            for key, record in tickets.items():
                yield int(key), joined(record, logs.get(key))
            return
        keys = [str(ref) for ref in refs]
        _locate(tickets, keys)
        _locate(logs, keys)
        for ref in refs:
            record = tickets.get(str(ref))
            if record is not None:
                yield ref, joined(record, logs.get(str(ref)))

    def whole_tickets(self, refs: Iterable[int]) -> Iterator[Ticket]:
        """The whole tickets ``refs``, one at a time, in that order (those held)."""
        for ref, record in self.ticket_records(refs):
            yield records.ticket_from_record(record, ref, self.tz)

    def ticket_refs(self) -> list[int]:
        """Every ticket's reference, in order, without reading any ticket."""
        return sorted(int(key) for key in self._raw(TICKETS))

    def ticket_count(self) -> int:
        """How many tickets the desk holds."""
        return len(self._raw(TICKETS))

    def add_ticket(self, ticket: Ticket) -> Ticket:
        """Save a new ticket and give it its reference."""
        return self.add_tickets([ticket])[0]

    def add_tickets(self, tickets: Iterable[Ticket]) -> list[Ticket]:
        """Save many new tickets in one write."""
        batch = list(tickets)
        refs = self.add_ticket_parts([records.ticket_parts(t) for t in batch])
        for ticket, ref in zip(batch, refs, strict=True):
            ticket.ref = ref
        return batch

    def add_ticket_parts(self, parts: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> list[int]:
        """Save new tickets given in their two stored parts, the ticket and its log (as
        :func:`~helpdesk.store.records.ticket_parts` makes them), in one write; returns their
        references in order. The parts are handed over: they are stored as they are."""
        with self.transaction():
            # Kept as given: a ticket's part is the caller's record when it has no log, which
            # the caller hands over (a large import would otherwise hold every record twice).
            refs = self._table(TICKETS).insert_multiple((r for r, _ in parts), copy=False)
            self._table(TICKET_LOGS).put_documents(
                {ref: log for ref, (_, log) in zip(refs, parts, strict=True) if log}
            )
        return refs

    def save_ticket(self, ticket: Ticket) -> None:
        """Write back a changed ticket."""
        self.save_tickets([ticket])

    def save_tickets(self, tickets: Iterable[Ticket]) -> None:
        """Write back many changed tickets in one write."""
        self.save_ticket_records({t.ref: records.ticket_to_record(t) for t in tickets})

    def save_ticket_records(self, whole: Mapping[int, dict[str, Any]]) -> None:
        """Write back many changed tickets, given as whole stored records by reference, in one
        write."""
        parts = {ref: split_log(record) for ref, record in whole.items()}
        with self.transaction():
            self._table(TICKETS).replace_documents({ref: r for ref, (r, _) in parts.items()})
            self._table(TICKET_LOGS).put_documents(
                {ref: log or None for ref, (_, log) in parts.items()}
            )

    # -- companies ------------------------------------------------------------------------

    def companies(self) -> list[Company]:
        """Every company, in the order they were first seen."""
        raw = self._raw(COMPANIES)
        return _bulk(lambda: [records.company_from_record(r, int(k)) for k, r in raw.items()])

    def companies_by_id(self) -> Mapping[int, Company]:
        """Every company by number, each converted when first looked up (a listing names few)."""
        return Numbered(self._raw(COMPANIES), records.company_from_record)

    def company_kinds_and_provinces(self) -> Mapping[int, tuple[CompanyKind, str]]:
        """Every company's kind and province by number, without building the companies: a
        summary counts tens of thousands of them by these two alone."""
        return Numbered(self._raw(COMPANIES), records.company_kind_and_province)

    def company_ticket_counts(self) -> Mapping[int, int]:
        """How many tickets each company has, by number, counted on the stored records."""
        return records.tickets_by_company(self._raw(TICKETS).values())

    def company_records(self) -> Mapping[int, Mapping[str, Any]]:
        """Every company's stored record by number, unconverted, for exports (the stored form
        is the exchange form)."""
        return Numbered(self._raw(COMPANIES), _as_stored)

    def company(self, id: int) -> Company | None:
        """The company with number ``id``, if there is one."""
        record = self._raw(COMPANIES).get(str(id))
        return records.company_from_record(record, id) if record is not None else None

    def find_company(self, *, vat: str = "", key: str = "") -> Company | None:
        """The company with this VAT number, else the one whose name reduces to ``key``
        (unless that one has a different VAT number: then it is another company).

        Args:
            vat: An 11-digit VAT number, or empty.
            key: A name reduced by :func:`helpdesk.domain.text.company_key`, or empty.
        """
        by_vat, by_key = self._company_numbers(vat, key)
        if by_vat is not None:
            return self.company(by_vat)
        company = self.company(by_key) if by_key is not None else None
        if company is not None and vat and company.vat and company.vat != vat:
            return None  # the same name with another VAT number is another company
        return company

    def companies_named(self, key: str) -> list[Company]:
        """Every company whose name reduces to ``key`` (:func:`~helpdesk.domain.text.company_key`),
        by number: one search of the company keys' bytes when they are as the file holds them."""
        data = self.storage.read()
        companies, keys = data.get(COMPANIES), data.get(COMPANY_KEYS)
        if _as_saved(keys, companies):
            ids = sorted(int(i) for i in keys.find_all(b":[" + orjson.dumps(key) + b","))
        else:
            raw = self._raw(COMPANIES)
            ids = sorted(int(i) for i, r in raw.items() if company_key(r["name"]) == key)
        found = (self.company(i) for i in ids)
        return [c for c in found if c is not None]

    def _company_numbers(self, vat: str, key: str) -> tuple[int | None, int | None]:
        # The numbers of the first company with this VAT number and of the first with this
        # key: by one search of the company keys' bytes when they are as the file holds them
        # (and match the companies), else from the index of every company.
        data = self.storage.read()
        companies, keys = data.get(COMPANIES), data.get(COMPANY_KEYS)
        if _as_saved(keys, companies):
            by_vat = keys.find(b"," + orjson.dumps(vat) + b"]") if vat else None
            by_key = keys.find(b":[" + orjson.dumps(key) + b",") if key and not by_vat else None
            return (int(by_vat) if by_vat else None, int(by_key) if by_key else None)
        index_vat, index_key = self._company_index()
        by_vat_id = index_vat.get(vat) if vat else None
        return by_vat_id, (index_key.get(key) if key and by_vat_id is None else None)

    def _company_index(self) -> tuple[dict[str, int], dict[str, int]]:
        # Built once per version of the data, then kept up to date by our own writes, so that
        # matching each row of a large import does not scan every company.
        raw = self._raw(COMPANIES)
        stamp = (self.storage.generation, len(raw))
        if self._index is None or self._index_stamp != stamp:
            by_vat: dict[str, int] = {}
            by_key: dict[str, int] = {}
            for doc_id, record in raw.items():
                _index_company(by_vat, by_key, record, int(doc_id))
            self._index = (by_vat, by_key)
        self._index_stamp = stamp
        return self._index

    def _current_index(self) -> tuple[dict[str, int], dict[str, int]] | None:
        # The index if it is built and up to date: a write keeps it so, and a command that
        # never indexed the companies does not start now.
        if self._index is None:
            return None
        stamp = (self.storage.generation, len(self._raw(COMPANIES)))
        return self._index if self._index_stamp == stamp else None

    def add_company(self, company: Company) -> Company:
        """Save a new company and give it its number."""
        return self.add_companies([company])[0]

    def add_companies(self, companies: Iterable[Company]) -> list[Company]:
        """Save many new companies in one write."""
        batch = list(companies)
        with self.transaction():
            index = self._current_index()
            rows = [records.company_to_record(c) for c in batch]
            ids = self._table(COMPANIES).insert_multiple(rows, copy=False)
            if index is not None:
                for row, id in zip(rows, ids, strict=True):
                    _index_company(*index, row, id)
                self._index_stamp = (self.storage.generation, len(self._raw(COMPANIES)))
        for company, id in zip(batch, ids, strict=True):
            company.id = id
        return batch

    def save_company(self, company: Company) -> None:
        """Write back a changed company."""
        self.save_companies([company])

    def remove_company(self, id: int) -> None:
        """Take a company out (after a merge has moved everything it had to another)."""
        with self.transaction():
            self._table(COMPANIES).put_documents({id: None})
            self._index = None

    # -- bulk changes for imports --------------------------------------------------------

    def save_companies(self, companies: Iterable[Company]) -> None:
        """Write back many changed companies in one write."""
        with self.transaction():
            index = self._current_index()
            rows = {c.id: records.company_to_record(c) for c in companies}
            self._table(COMPANIES).replace_documents(rows)
            if index is not None:
                for id, row in rows.items():
                    _index_company(*index, row, id)

    # -- desk settings ---------------------------------------------------------------------

    def desk_setting(self, key: str) -> Any:
        """The value of one of the desk's own settings, or None when it was never set."""
        for record in self._raw(DESK_SETTINGS).values():
            if record.get("key") == key:
                return record.get("value")
        return None

    def save_desk_setting(self, key: str, value: Any) -> None:
        """Set one of the desk's own settings."""
        self._upsert_keyed(DESK_SETTINGS, key, {"key": key, "value": value})

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


def _as_stored(record: dict[str, Any], id: int) -> dict[str, Any]:
    return record


#: More companies changed in one transaction than this, and every ticket text is derived again
#: rather than searched for the companies' tickets.
RENAMES_BEFORE_REBUILDING = 50


def _as_saved(table: object, source: object = None) -> TypeGuard[Records]:
    """Whether ``table`` (and the table it is derived from, if given) are as the laid-out file
    holds them, with a derived record for every source record: their bytes can be searched."""
    if not (isinstance(table, Records) and table.pristine()):
        return False
    if source is None:
        return True
    return isinstance(source, Records) and source.pristine() and len(table) == len(source)


def _company_names(companies: Mapping[str, Any]) -> Callable[[Any], str | None]:
    names: dict[Any, str | None] = {}

    def name_of(id: Any) -> str | None:
        if id not in names:
            found = companies.get(str(id)) if id is not None else None
            names[id] = found["name"] if found is not None else None
        return names[id]

    return name_of


def _tickets_of(texts: Records, companies: set[str]) -> list[str]:
    # The tickets of these companies, by their texts' company numbers.
    if texts.pristine():
        return [ref for id in companies for ref in texts.find_all(b":[" + id.encode() + b",")]
    numbers = {int(id) for id in companies}
    return [ref for ref, (company, _) in texts.items() if company in numbers]


def _ticket_text_entry(record: dict[str, Any], name_of: Callable[[Any], str | None]) -> list[Any]:
    return [record.get("company"), records.ticket_text(record, name_of)]


def _company_keys_entry(record: dict[str, Any]) -> list[Any]:
    return [company_key(record["name"]), record.get("vat")]


def _index_company(
    by_vat: dict[str, int], by_key: dict[str, int], record: dict[str, Any], id: int
) -> None:
    if record.get("vat"):
        by_vat.setdefault(record["vat"], id)
    by_key.setdefault(company_key(record["name"]), id)


def _locate(table: Mapping[str, Any], keys: list[str]) -> None:
    # Find the lines of many records read in file order at once (see Records.locate).
    if isinstance(table, Records) and len(keys) > SEARCHES_BEFORE_LISTING:
        table.locate(keys)


def _bulk(build: Callable[[], list[T]]) -> list[T]:
    with collector_paused():
        return build()
