"""The PostgreSQL store: the desk's records in a PostgreSQL database, for a team and a network.

It offers what the file store offers (:class:`~helpdesk.store.interface.DeskStore`) over the
schema of ``migrations/``. Every change is a transaction; a ticket read inside one is locked
until it commits, so two advisers changing the same ticket take turns and the second sees the
first's change (the services refuse an edit based on a ticket that changed meanwhile).
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, tzinfo
from typing import Any

import orjson
import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb, set_json_dumps, set_json_loads

from helpdesk.dates import DEFAULT_TIMEZONE, zone
from helpdesk.domain.calls import Call
from helpdesk.domain.enums import CompanyKind
from helpdesk.domain.filters import Narrowing
from helpdesk.domain.models import Adviser, Company, Ticket, Topic
from helpdesk.domain.programmes import Programme
from helpdesk.domain.webinars import Webinar
from helpdesk.errors import Conflict, InvalidValue, StoreError
from helpdesk.i18n import _
from helpdesk.memory import collector_paused
from helpdesk.store import call_records, records
from helpdesk.store import network_records as nr
from helpdesk.store.interface import DeskCounts, Tables, TicketPage
from helpdesk.store.postgres import counting, listing, schema, whole_desk
from helpdesk.store.postgres.connection import connect, masked
from helpdesk.store.postgres.network import NetworkRecords, link_shared_partners
from helpdesk.store.postgres.reference import BUMP, ReferenceCache
from helpdesk.store.postgres.rows import (
    COMPANY_COLUMNS,
    TICKET_COLUMNS,
    WEBINAR_COLUMNS,
    LazyNumbered,
    company_row,
    narrowing_sql,
    ticket_row,
    ticket_text,
    webinar_row,
)
from helpdesk.store.postgres.statements import LOCKED_TICKET, REVISIONS, insert_rows, update_rows

#: The desk a database's records belong to when none is named.
DEFAULT_DESK = "main"

#: How many tickets an export reads from the server at a time.
BATCH = 2000

#: Connections a forked child inherited from its parent: kept, never used nor closed.
_PARENTS_CONNECTIONS: list[psycopg.Connection] = []

#: The channel on which every committed change is announced, with the desk's number.
CHANGES_CHANNEL = "helpdesk_changes"

#: How long a listener waits for a notification before it looks whether to stop (seconds).
LISTEN_TIMEOUT = 0.5


class PostgresStore(NetworkRecords):
    """A desk's records in a PostgreSQL database.

    Args:
        url: A libpq URL (``postgresql://…``); what it leaves out comes from libpq's
            environment and password file.
        desk: The name of the desk (the hub) whose records this store reads and writes.
        tz: The desk's time zone, in which stored follow-up dates are read back.
    """

    def __init__(self, url: str, *, desk: str = DEFAULT_DESK, tz: tzinfo | None = None) -> None:
        self.url = url
        self.desk = desk
        self.tz = tz or zone(DEFAULT_TIMEZONE)
        self._conn: psycopg.Connection | None = None
        self._pid = os.getpid()
        self._desk_id: int | None = None
        self._depth = 0
        self._wrote = False
        self._wrote_reference = False
        self._reference = ReferenceCache()
        self._names_read: dict[int, str] = {}  # company names read with locked tickets
        self._dues_zone: str | None = None

    def __repr__(self) -> str:
        return f"PostgresStore({self.describe()!r})"

    # -- the connection and transactions ----------------------------------------------------

    def _connection(self) -> psycopg.Connection:
        if self._conn is not None and self._pid != os.getpid():
            # A forked child (an import checks rows on two cores) must not talk on its
            # parent's connection, nor close it (that would end the parent's session): it
            # keeps it untouched and opens its own.
            _PARENTS_CONNECTIONS.append(self._conn)
            self._conn = None
        if self._conn is None or self._conn.closed or self._conn.broken:
            conn = connect(self.url)
            set_json_dumps(_dumps, conn)
            set_json_loads(orjson.loads, conn)
            try:
                schema.check_current(conn, masked(self.url))
            except BaseException:
                conn.close()
                raise
            self._conn, self._pid = conn, os.getpid()
        return self._conn

    @property
    def desk_id(self) -> int:
        """The desk's number in the ``desks`` table.

        Raises:
            StoreError: when the database holds no desk of that name.
        """
        if self._desk_id is None:
            found = self._rows("SELECT id FROM desks WHERE name = %s", (self.desk,))
            if not found:
                others = [name for (name,) in self._rows("SELECT name FROM desks ORDER BY name")]
                missing = _(
                    "{database} holds no desk named {desk!r}: "
                    "set it up with `helpdesk --db URL --desk {desk} init`."
                )
                if others:
                    missing = _(
                        "{database} holds no desk named {desk!r}; the desks here: {desks} "
                        "(set a new one up with `helpdesk --db URL --desk {desk} init`)."
                    )
                raise StoreError(
                    missing.format(
                        database=masked(self.url), desk=self.desk, desks=", ".join(others)
                    )
                )
            self._desk_id = found[0][0]
        return self._desk_id

    def has_desk(self) -> bool:
        """Whether the database holds this store's desk."""
        return bool(self._rows("SELECT 1 FROM desks WHERE name = %s", (self.desk,)))

    def create_desk(self) -> None:
        """Add this store's desk to the database, with the default topics.

        Raises:
            InvalidValue: for a name a desk cannot have.
            Conflict: when the database holds a desk of that name already.
        """
        from helpdesk.domain.taxonomy import DEFAULT_TOPICS

        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", self.desk) or self.desk == "all":
            raise InvalidValue(
                _(
                    "A desk's name is lower-case letters, digits, - and _ (como, lecco-2), and "
                    "not 'all': not {name!r}."
                ).format(name=self.desk)
            )
        with self._writing() as conn:
            row = conn.execute(
                "INSERT INTO desks (name) VALUES (%s) ON CONFLICT (name) DO NOTHING RETURNING id",
                (self.desk,),
            ).fetchone()
            if row is None:
                raise Conflict(
                    _("{database} already holds the desk {desk!r}; it was left untouched.").format(
                        database=masked(self.url), desk=self.desk
                    )
                )
            self._desk_id = row[0]
            for topic in DEFAULT_TOPICS:
                self.save_topic(topic)
            link_shared_partners(conn, self._desk_id)

    def _sibling(self, desk: str) -> PostgresStore:
        # Another desk of the database on this connection: what it writes commits with this
        # store's transaction, and tells that desk's listeners.
        other = PostgresStore(self.url, desk=desk, tz=self.tz)
        other._conn, other._pid = self._connection(), self._pid
        return other

    def reader(self) -> PostgresStore:
        """The desk on a connection of its own (opened on first use), for another thread."""
        return PostgresStore(self.url, desk=self.desk, tz=self.tz)

    def close(self) -> None:
        """Close the connection; the next use opens another."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run a read-modify-write as one transaction (nested ones are savepoints); the
        desk's change count is raised when the outermost one commits a change."""
        conn = self._connection()
        try:
            with conn.transaction():
                self._depth += 1
                try:
                    yield
                    if self._depth == 1 and self._wrote:
                        # The notification is delivered when (and only if) the change commits.
                        reference = int(self._wrote_reference)
                        bump = {"desk": self.desk_id, "reference": reference}
                        conn.execute(BUMP, {**bump, "channel": CHANGES_CHANNEL})
                finally:
                    self._depth -= 1
                    if not self._depth:
                        self._wrote = self._wrote_reference = False
                        self._names_read.clear()
        except psycopg.errors.IntegrityError as error:
            raise Conflict(
                _("The change was refused by the database: {reason}").format(reason=_reason(error))
            ) from None
        except psycopg.Error as error:
            raise StoreError(f"{self.describe()}: {_reason(error)}") from None

    @contextmanager
    def _writing(self, *, reference: bool = False) -> Iterator[psycopg.Connection]:
        # ``reference``: the change touches companies, topics or advisers (see .reference).
        with self.transaction():
            self._wrote = True
            self._wrote_reference |= reference
            if reference:
                self._names_read.clear()
            yield self._connection()

    def _reference_rows(self, table: str) -> list[Any]:
        trust = not self._wrote_reference  # this transaction's own changes are not counted yet
        return self._reference.rows(self._rows, self.desk_id, table, trust=trust)

    def _rows(self, query: str | sql.Composable, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self._connection().execute(query, params).fetchall()  # type: ignore[arg-type]
        except psycopg.Error as error:
            if self._depth:
                raise  # the transaction says what went wrong, once
            raise StoreError(f"{self.describe()}: {_reason(error)}") from None

    def describe(self) -> str:
        """The database's URL without its password, and the desk."""
        return _("{database} (desk {desk})").format(database=masked(self.url), desk=self.desk)

    def version(self) -> Hashable:
        """The desk's change count: raised by every committed change, by any adviser."""
        row = self._rows("SELECT change_count FROM desks WHERE id = %s", (self.desk_id,))
        return (self.desk_id, row[0][0] if row else None)

    def watch_changes(self, on_change: Callable[[], None]) -> Callable[[], None]:
        """Listen, on a connection of its own, for the changes committed to this desk by any
        connection, and call ``on_change`` from the listening thread for each."""
        desk = str(self.desk_id)
        listener = connect(self.url)
        listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANGES_CHANNEL)))
        stop = threading.Event()

        def listen() -> None:
            try:
                while not stop.is_set():
                    for note in listener.notifies(timeout=LISTEN_TIMEOUT):
                        if note.payload == desk:
                            on_change()
            except psycopg.Error:
                pass  # the connection is gone: polling the version still notices changes
            finally:
                listener.close()

        thread = threading.Thread(target=listen, name="helpdesk-listen", daemon=True)
        thread.start()

        def stop_listening() -> None:
            stop.set()
            thread.join()

        return stop_listening

    def connected_adviser(self) -> str | None:
        """The adviser key the connected role stands for (its name in lower case); None for a
        superuser, who may act as any adviser (and could rewrite any record anyway)."""
        query = "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
        ((role, superuser),) = self._rows(query)
        return None if superuser else str(role).lower()

    def backup(self, reason: str) -> str | None:
        """No copy is kept by helpdesk: a server's backups are its administrator's (pg_dump)."""
        return None

    # -- the whole desk -----------------------------------------------------------------------

    def read_tables(self) -> Tables:
        """The whole desk as tables of stored records, laid out as the file store lays them."""
        return whole_desk.read(self._connection(), self.desk_id)

    def write_tables(
        self, tables: Tables, progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Replace the whole desk by these tables of stored records, in one transaction."""
        with self._writing(reference=True) as conn:
            whole_desk.write(conn, self.desk_id, tables, self._texts, progress, tz=self.tz)
        if not self._depth:  # the planner's statistics, for the rows it has never seen
            with contextlib.suppress(psycopg.Error):  # another's ANALYZE may be under way
                self._connection().execute("ANALYZE tickets, companies")

    # -- tickets ------------------------------------------------------------------------------

    def tickets(
        self,
        *,
        partial: bool = False,
        company: int | None = None,
        narrowing: Narrowing | None = None,
    ) -> list[Ticket]:
        """Every ticket, by reference (see :meth:`DeskStore.tickets`): the narrowing's tests
        run in the server, on its indexes."""
        conditions: list[sql.Composable] = [sql.SQL("desk_id = %s::integer")]
        params: list[Any] = [self.desk_id]
        if company is not None:
            conditions.append(sql.SQL("company_id = %s"))
            params.append(company)
        if narrowing:
            more, values = narrowing_sql(narrowing)
            conditions += more
            params += values
        columns = sql.SQL("ref, record" if partial else "ref, record, log")
        query = sql.SQL("SELECT {} FROM tickets WHERE {} ORDER BY ref").format(
            columns, sql.SQL(" AND ").join(conditions)
        )
        return self._built(self._rows(query, params), partial)

    def _built(self, rows: list[Any], partial: bool) -> list[Ticket]:
        tz, convert = self.tz, records.ticket_from_record
        with collector_paused():
            if partial:
                return [convert(record, ref, tz, True) for ref, record in rows]
            return [convert(records.joined(record, log), ref, tz) for ref, record, log in rows]

    def tickets_keeping_unchanged(
        self, kept: Mapping[int, tuple[int, Ticket]]
    ) -> dict[int, tuple[int, Ticket]]:
        """As the file store's, each ticket's revision standing for its record's checksum."""
        revisions = self._rows(REVISIONS, [self.desk_id])
        fresh = [ref for ref, revision in revisions if kept.get(ref, (None,))[0] != revision]
        built = dict(self.ticket_records(fresh))
        tz, convert = self.tz, records.ticket_from_record
        return {
            ref: kept[ref] if ref not in built else (revision, convert(built[ref], ref, tz, True))
            for ref, revision in sorted(revisions)
        }

    def ticket_page(self, page: TicketPage, *, partial: bool = False) -> list[Ticket] | None:
        """The page, filtered, ordered and cut by the server (see :mod:`.listing`); None for
        a query or an order it cannot say in full, or a zone without a name."""
        zone = getattr(self.tz, "key", None)
        built = listing.page_query(page, self.desk_id, self.tz, zone or "", partial=partial)
        if built is None or zone is None:
            return None
        if self._dues_zone != zone and listing.needs_dues(page):
            with self.transaction():  # rows saved before schema 3 or in another zone
                listing.work_out_dues(self._connection(), self.desk_id, self.tz, zone)
            self._dues_zone = zone
        return self._built(self._rows(*built), partial)

    def ticket_counts(self, narrowings: Sequence[Narrowing], today: date) -> DeskCounts | None:
        """Counted by the server in one statement (see :mod:`.counting`)."""
        zone = getattr(self.tz, "key", None)
        built = counting.counts_query(narrowings, self.desk_id, today, self.tz, zone or "")
        if built is None or zone is None:
            return None
        if self._dues_zone != zone:  # as for a page ordered by follow-ups
            with self.transaction():
                listing.work_out_dues(self._connection(), self.desk_id, self.tz, zone)
            self._dues_zone = zone
        return counting.desk_counts(self._rows(*built)[0], len(narrowings))

    def searchable_texts(self) -> Callable[[int], str | None] | None:
        """None: the texts are searched in the server, not handed out."""
        return None

    def ticket(self, ref: int, *, partial: bool = False) -> Ticket | None:
        """The ticket ``ref``; inside a transaction it stays locked until the commit, so that
        no other adviser changes it between this read and the save."""
        if self._depth:  # the company's name too, for the search text the save writes
            found = self._rows(LOCKED_TICKET, (self.desk_id, ref))
            if found and found[0][2] is not None:
                self._names_read[found[0][3]] = found[0][2]
        else:
            found = self._rows(
                "SELECT record, log FROM tickets WHERE desk_id = %s AND ref = %s",
                (self.desk_id, ref),
            )
        if not found:
            return None
        record, log = found[0][:2]
        if partial:
            return records.ticket_from_record(record, ref, self.tz, True)
        return records.ticket_from_record(records.joined(record, log), ref, self.tz)

    def ticket_records(self, refs: Iterable[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        """The whole stored records of tickets ``refs``, read a batch at a time."""
        wanted = list(refs)
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            rows = self._rows(
                "SELECT ref, record, log FROM tickets WHERE desk_id = %s AND ref = ANY(%s)",
                (self.desk_id, batch),
            )
            found = {ref: records.joined(record, log) for ref, record, log in rows}
            for ref in batch:
                if ref in found:
                    yield ref, found[ref]

    def whole_tickets(self, refs: Iterable[int]) -> Iterator[Ticket]:
        """The whole tickets ``refs``, one at a time, in that order (those held)."""
        for ref, record in self.ticket_records(refs):
            yield records.ticket_from_record(record, ref, self.tz)

    def ticket_refs(self) -> list[int]:
        """Every ticket's reference, in order."""
        rows = self._rows(
            "SELECT ref FROM tickets WHERE desk_id = %s ORDER BY ref", (self.desk_id,)
        )
        return [ref for (ref,) in rows]

    def ticket_count(self) -> int:
        """How many tickets the desk holds."""
        return int(
            self._rows("SELECT count(*) FROM tickets WHERE desk_id = %s", (self.desk_id,))[0][0]
        )

    def add_ticket(self, ticket: Ticket) -> Ticket:
        """Save a new ticket and give it its reference."""
        return self.add_tickets([ticket])[0]

    def add_tickets(self, tickets: Iterable[Ticket]) -> list[Ticket]:
        """Save many new tickets in one transaction."""
        batch = list(tickets)
        refs = self.add_ticket_parts([records.ticket_parts(t) for t in batch])
        for ticket, ref in zip(batch, refs, strict=True):
            ticket.ref = ref
        return batch

    def add_ticket_parts(self, parts: Sequence[tuple[dict[str, Any], dict[str, Any]]]) -> list[int]:
        """Save new tickets given in their two stored parts; returns their references."""
        if not parts:
            return []
        with self._writing() as conn:
            refs = self._next_ids("tickets", len(parts))
            texts = self._texts([record for record, _ in parts])
            rows = [
                ticket_row(self.desk_id, ref, record, log, text, self.tz)
                for ref, (record, log), text in zip(refs, parts, texts, strict=True)
            ]
            insert_rows(conn, "tickets", TICKET_COLUMNS, rows)
        return refs

    def save_ticket(self, ticket: Ticket) -> None:
        """Write back a changed ticket."""
        self.save_tickets([ticket])

    def save_tickets(self, tickets: Iterable[Ticket]) -> None:
        """Write back many changed tickets in one transaction."""
        self.save_ticket_records({t.ref: records.ticket_to_record(t) for t in tickets})

    def save_ticket_records(self, whole: Mapping[int, dict[str, Any]]) -> None:
        """Write back changed tickets given as whole stored records, in one transaction.

        Raises:
            KeyError: for a reference the desk does not hold (nothing is written then).
        """
        if not whole:
            return
        parts = {ref: records.split_log(record) for ref, record in whole.items()}
        with self._writing() as conn:
            texts = self._texts([record for record, _ in parts.values()])
            rows = [
                ticket_row(self.desk_id, ref, record, log, text, self.tz)
                for (ref, (record, log)), text in zip(parts.items(), texts, strict=True)
            ]
            update_rows(conn, "tickets", TICKET_COLUMNS, ("desk_id", "ref"), rows, "revision")

    def _texts(self, ticket_records: Sequence[Mapping[str, Any]]) -> list[str]:
        # The tickets' search texts, with their companies' names read at once.
        ids = sorted({r["company"] for r in ticket_records if r.get("company") is not None})
        names = self._company_names(ids)
        return [ticket_text(dict(r), names) for r in ticket_records]

    def _company_names(self, ids: Sequence[int]) -> dict[int, str]:
        if all(id in self._names_read for id in ids):
            return {id: self._names_read[id] for id in ids}
        rows = self._rows(
            "SELECT id, name FROM companies WHERE desk_id = %s AND id = ANY(%s)",
            (self.desk_id, list(ids)),
        )
        return dict(rows)

    def _next_ids(self, kind: str, count: int) -> list[int]:
        # Numbers from the desk's counter for this kind of record, held until the commit.
        (last,) = self._connection().execute(
            """
            INSERT INTO desk_counters (desk_id, kind, last_id) VALUES (%s, %s, %s)
            ON CONFLICT (desk_id, kind)
            DO UPDATE SET last_id = desk_counters.last_id + EXCLUDED.last_id
            RETURNING last_id
            """,
            (self.desk_id, kind, count),
        ).fetchone() or (count,)
        return list(range(last - count + 1, last + 1))

    # -- companies ----------------------------------------------------------------------------

    def _company_records(self, where: str = "", params: Sequence[Any] = ()) -> dict[int, Any]:
        rows = self._rows(
            f"SELECT id, record FROM companies WHERE desk_id = %s {where} ORDER BY id",
            (self.desk_id, *params),
        )
        return dict(rows)

    def companies(self) -> list[Company]:
        """Every company, by number."""
        raw = dict(self._reference_rows("companies"))
        with collector_paused():
            return [records.company_from_record(r, id) for id, r in raw.items()]

    def companies_by_id(self) -> Mapping[int, Company]:
        """Every company by number, each built the first time it is looked up."""
        raw = dict(self._reference_rows("companies"))
        return LazyNumbered(raw, records.company_from_record)

    def company_kinds_and_provinces(self) -> Mapping[int, tuple[CompanyKind, str]]:
        """Every company's kind and province by number, read from their columns."""
        rows = self._rows(
            "SELECT id, kind, province FROM companies WHERE desk_id = %s", (self.desk_id,)
        )
        return {id: (CompanyKind(kind), province) for id, kind, province in rows}

    def company_ticket_counts(self) -> Mapping[int, int]:
        """How many tickets each company has, by number, counted by the server."""
        return dict(self._rows(counting.TICKETS_BY_COMPANY, (self.desk_id,)))

    def company_records(self) -> Mapping[int, Mapping[str, Any]]:
        """Every company's stored record by number."""
        return self._company_records()

    def company(self, id: int) -> Company | None:
        """The company with number ``id``, if there is one."""
        found = self._company_records("AND id = %s", (id,))
        return records.company_from_record(found[id], id) if found else None

    def find_company(self, *, vat: str = "", key: str = "") -> Company | None:
        """The company with this VAT number, else the first whose name reduces to ``key``
        (unless that one has a different VAT number: then it is another company)."""
        if vat:
            found = self._company_records("AND vat = %s", (vat,))
            if found:
                id, record = next(iter(found.items()))
                return records.company_from_record(record, id)
        if not key:
            return None
        named = self.companies_named(key)
        company = named[0] if named else None
        if company is not None and vat and company.vat and company.vat != vat:
            return None
        return company

    def companies_named(self, key: str) -> list[Company]:
        """Every company whose name reduces to ``key``, by number."""
        found = self._company_records("AND name_key = %s", (key,))
        return [records.company_from_record(r, id) for id, r in found.items()]

    def add_company(self, company: Company) -> Company:
        """Save a new company and give it its number."""
        return self.add_companies([company])[0]

    def add_companies(self, companies: Iterable[Company]) -> list[Company]:
        """Save many new companies in one transaction."""
        batch = list(companies)
        if not batch:
            return batch
        with self._writing(reference=True) as conn:
            ids = self._next_ids("companies", len(batch))
            rows = [
                company_row(self.desk_id, id, records.company_to_record(c))
                for id, c in zip(ids, batch, strict=True)
            ]
            insert_rows(conn, "companies", COMPANY_COLUMNS, rows)
        for company, id in zip(batch, ids, strict=True):
            company.id = id
        return batch

    def save_company(self, company: Company) -> None:
        """Write back a changed company."""
        self.save_companies([company])

    def save_companies(self, companies: Iterable[Company]) -> None:
        """Write back changed companies in one transaction; the search texts of the tickets
        of a company whose name changed follow it."""
        batch = {c.id: c for c in companies if c.id is not None}
        if not batch:
            return
        with self._writing(reference=True) as conn:
            before = self._company_names(list(batch))
            rows = [
                company_row(self.desk_id, id, records.company_to_record(c))
                for id, c in batch.items()
            ]
            update_rows(conn, "companies", COMPANY_COLUMNS, ("desk_id", "id"), rows)
            renamed = [id for id, c in batch.items() if before.get(id) != c.name]
            if renamed:
                self._retext_tickets_of(conn, renamed)

    def _retext_tickets_of(self, conn: psycopg.Connection, companies: list[int]) -> None:
        rows = self._rows(
            "SELECT ref, record FROM tickets WHERE desk_id = %s AND company_id = ANY(%s)",
            (self.desk_id, companies),
        )
        texts = self._texts([record for _, record in rows])
        with conn.cursor() as cursor:
            cursor.executemany(
                "UPDATE tickets SET search_text = %s WHERE desk_id = %s AND ref = %s",
                [(text, self.desk_id, ref) for (ref, _), text in zip(rows, texts, strict=True)],
            )

    def remove_company(self, id: int) -> None:
        """Take a company out (after a merge has moved everything it had to another)."""
        with self._writing(reference=True) as conn:
            conn.execute("DELETE FROM companies WHERE desk_id = %s AND id = %s", (self.desk_id, id))

    # -- numbered tables: webinars, calls (partners and referrals: .network) ---------------

    def _numbered(self, table: str) -> list[tuple[int, Any]]:
        query = sql.SQL("SELECT id, record FROM {} WHERE desk_id = %s ORDER BY id").format(
            sql.Identifier(table)
        )
        return [(id, record) for id, record in self._rows(query, (self.desk_id,))]

    def _one_numbered(self, table: str, id: int) -> Any:
        query = sql.SQL("SELECT record FROM {} WHERE desk_id = %s AND id = %s").format(
            sql.Identifier(table)
        )
        found = self._rows(query, (self.desk_id, id))
        return found[0][0] if found else None

    def _add_numbered(
        self, table: str, rows: list[tuple[Any, ...]], columns: Sequence[str]
    ) -> list[int]:
        # rows: each without desk_id and id, in the order of ``columns`` after them.
        if not rows:
            return []
        with self._writing() as conn:
            ids = self._next_ids(table, len(rows))
            full = [(self.desk_id, id, *row) for id, row in zip(ids, rows, strict=True)]
            insert_rows(conn, table, ("desk_id", "id", *columns), full)
        return ids

    def _save_numbered(
        self, table: str, rows: Mapping[int, tuple[Any, ...]], columns: Sequence[str]
    ) -> None:
        if not rows:
            return
        with self._writing() as conn:
            full = [(self.desk_id, id, *row) for id, row in rows.items()]
            update_rows(conn, table, ("desk_id", "id", *columns), ("desk_id", "id"), full)

    def webinars(self) -> list[Webinar]:
        """Every webinar session with its enrolments, in the order they were added."""
        return [records.webinar_from_record(r, id) for id, r in self._numbered("webinars")]

    def webinar(self, id: int) -> Webinar | None:
        """The webinar with number ``id``, if there is one."""
        record = self._one_numbered("webinars", id)
        return records.webinar_from_record(record, id) if record is not None else None

    def add_webinar(self, webinar: Webinar) -> Webinar:
        """Save a new webinar and give it its number."""
        return self.add_webinars([webinar])[0]

    def add_webinars(self, webinars: Iterable[Webinar]) -> list[Webinar]:
        """Save many new webinars (a series) in one transaction."""
        batch = list(webinars)
        ids = self._add_numbered("webinars", [webinar_row(w) for w in batch], WEBINAR_COLUMNS)
        for webinar, id in zip(batch, ids, strict=True):
            webinar.id = id
        return batch

    def save_webinar(self, webinar: Webinar) -> None:
        """Write back a changed webinar."""
        self.save_webinars([webinar])

    def save_webinars(self, webinars: Iterable[Webinar]) -> None:
        """Write back many changed webinars in one transaction."""
        rows = {w.id: webinar_row(w) for w in webinars}
        self._save_numbered("webinars", rows, WEBINAR_COLUMNS)

    def calls(self) -> list[Call]:
        """Every grant call with its applications, in the order they were added."""
        return [call_records.call_from_record(r, id) for id, r in self._numbered("calls")]

    def call(self, id: int) -> Call | None:
        """The call with number ``id``, if there is one."""
        record = self._one_numbered("calls", id)
        return call_records.call_from_record(record, id) if record is not None else None

    def add_calls(self, calls: Iterable[Call]) -> list[Call]:
        """Save new calls in one transaction and give them their numbers."""
        batch = list(calls)
        rows = [(Jsonb(call_records.call_to_record(c)),) for c in batch]
        ids = self._add_numbered("calls", rows, ("record",))
        for call, id in zip(batch, ids, strict=True):
            call.id = id
        return batch

    def save_calls(self, calls: Iterable[Call]) -> None:
        """Write back changed calls in one transaction."""
        rows = {c.id: (Jsonb(call_records.call_to_record(c)),) for c in calls}
        self._save_numbered("calls", rows, ("record",))

    # -- keyed tables: advisers, topics, programmes, settings ---------------------------------

    def _keyed(self, table: str) -> list[Any]:
        if table in ("topics", "advisers"):
            return [record for (record,) in self._reference_rows(table)]
        query = sql.SQL("SELECT record FROM {} WHERE desk_id = %s ORDER BY position").format(
            sql.Identifier(table)
        )
        return [record for (record,) in self._rows(query, (self.desk_id,))]

    def _upsert_keyed(self, table: str, key: str, record: dict[str, Any]) -> None:
        with self._writing(reference=True) as conn:
            conn.execute(
                sql.SQL(
                    "INSERT INTO {} (desk_id, key, record) VALUES (%s, %s, %s) "
                    "ON CONFLICT (desk_id, key) DO UPDATE SET record = EXCLUDED.record"
                ).format(sql.Identifier(table)),
                (self.desk_id, key, Jsonb(record)),
            )

    def advisers(self) -> list[Adviser]:
        """Every adviser, active or not, in the order they were added."""
        return [records.adviser_from_record(r) for r in self._keyed("advisers")]

    def save_adviser(self, adviser: Adviser) -> None:
        """Add an adviser, or replace the one with the same key."""
        with self.transaction():
            self._upsert_keyed("advisers", adviser.key, records.adviser_to_record(adviser))
            self._connection().execute(
                "UPDATE advisers SET active = %s WHERE desk_id = %s AND key = %s",
                (adviser.active, self.desk_id, adviser.key),
            )

    def topics(self) -> list[Topic]:
        """The taxonomy, in its order."""
        return [records.topic_from_record(r) for r in self._keyed("topics")]

    def save_topic(self, topic: Topic) -> None:
        """Add a topic, or replace the one with the same key."""
        self._upsert_keyed("topics", topic.key, records.topic_to_record(topic))

    def programmes(self) -> list[Programme]:
        """Every programme, in the order they were added."""
        return [nr.programme_from_record(r) for r in self._keyed("programmes")]

    def save_programme(self, programme: Programme) -> None:
        """Add a programme, or replace the one with the same key."""
        self._upsert_keyed("programmes", programme.key, nr.programme_to_record(programme))

    def desk_setting(self, key: str) -> Any:
        """The value of one of the desk's own settings, or None when it was never set."""
        found = self._rows(
            "SELECT value FROM desk_settings WHERE desk_id = %s AND key = %s", (self.desk_id, key)
        )
        return found[0][0] if found else None

    def save_desk_setting(self, key: str, value: Any) -> None:
        """Set one of the desk's own settings."""
        with self._writing() as conn:
            conn.execute(
                "INSERT INTO desk_settings (desk_id, key, value) VALUES (%s, %s, %s) "
                "ON CONFLICT (desk_id, key) DO UPDATE SET value = EXCLUDED.value",
                (self.desk_id, key, Jsonb(value)),
            )


def _dumps(value: Any) -> bytes:
    return orjson.dumps(value)


def _reason(error: psycopg.Error) -> str:
    diag = getattr(error, "diag", None)
    primary = diag.message_primary if diag is not None else None
    return primary or str(error).strip().splitlines()[0]
