"""The store's interface: exactly what the services use of a store, and all they know of one.

Two stores implement it: the file store (:class:`helpdesk.store.store.Store`, TinyDB over a
JSON file or memory) and the PostgreSQL store (:class:`helpdesk.store.postgres.PostgresStore`).
New and changed tickets cross it as domain objects, whoever makes them (a form, a command, an
import). Records handed across it in their stored form (a ticket's whole record, a company's
record, the whole desk's tables) are the form :mod:`helpdesk.store.records` converts to and
from the domain; both stores keep them that way, so exports and ``helpdesk migrate`` read them
without a second conversion.
"""

from __future__ import annotations

from collections.abc import (
    Callable,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    Sequence,
)
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, runtime_checkable

from helpdesk.domain.calls import Call
from helpdesk.domain.enums import CompanyKind
from helpdesk.domain.filters import Narrowing
from helpdesk.domain.models import Adviser, Company, Ticket, Topic
from helpdesk.domain.partners import Partner, Referral
from helpdesk.domain.programmes import Programme
from helpdesk.domain.webinars import Webinar

#: The whole desk as tables of stored records: table name → record id (a string) → record.
Tables = dict[str, MutableMapping[str, Any]]

#: The desk setting (true or false, false when unset) by which a desk of a PostgreSQL database
#: offers its businesses' details to the other desks: a desk that logs a business by a VAT
#: number one of them knows takes its details from there.
SHARE_BUSINESSES_SETTING = "share_businesses"


@dataclass(frozen=True, slots=True)
class TicketPage:
    """One page of a listing, asked of the store whole: the tickets a query matches, in an
    order, from ``offset``, at most ``limit``.

    Attributes:
        narrowing: The query, as a narrowing that says all of it (``complete``).
        order: Sort keys by name (those of :func:`helpdesk.domain.ordering.sort_keys`), the
            most significant first, each with True for descending; ties keep reference order.
        today: The desk's today, for the orders that depend on it (urgency, due).
        offset: How many of the ordered tickets to pass over.
        limit: At most this many (None: every one from ``offset``).
    """

    narrowing: Narrowing
    order: tuple[tuple[str, bool], ...]
    today: date
    offset: int = 0
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class Network:
    """The desks of one database, seen from one of them.

    Attributes:
        here: The desk the store reads and writes.
        others: The other desks of the database, by name.
    """

    here: str
    others: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DeskCounts:
    """How many tickets several narrowings let through, counted by the store at once.

    Attributes:
        matching: For each narrowing asked, in order, the tickets it lets through.
        total: Every ticket of the desk.
        followups_overdue: Pending follow-ups due before today (on any ticket).
        followups_due_today: Pending follow-ups due today.
    """

    matching: list[int]
    total: int
    followups_overdue: int
    followups_due_today: int


@runtime_checkable
class DeskStore(Protocol):
    """A desk's records: what every store offers the services.

    Every method that writes is one transaction of its own unless it runs inside
    :meth:`transaction`, which makes a read-modify-write one change: seen whole or not at all
    by others, and never interleaved with another writer's.
    """

    # -- the store itself ---------------------------------------------------------------------

    def transaction(self) -> AbstractContextManager[None]:
        """Run a read-modify-write as one change (transactions nest: the outermost commits)."""
        ...

    def close(self) -> None:
        """Let go of the file or connection; the next use opens it again."""
        ...

    def reader(self) -> DeskStore | None:
        """The desk on a connection of its own, for reads made from another thread: they then
        never run inside a change this store is making (nor see it before it commits). None
        when the store needs none: its reads are never made beside its changes (a file desk
        is read whole by the screen)."""
        ...

    def describe(self) -> str:
        """Where the data lives, for messages (never with a password)."""
        ...

    def version(self) -> Hashable:
        """A token that changes whenever the stored data changes, in this process or another."""
        ...

    def watch_changes(self, on_change: Callable[[], None]) -> Callable[[], None] | None:
        """Call ``on_change`` (from another thread) as soon as another connection commits a
        change to the desk; returns how to stop. None when the store cannot tell at once, and
        :meth:`version` is to be polled instead."""
        ...

    def connected_adviser(self) -> str | None:
        """The adviser key the store's connection stands for, when each adviser connects as
        themselves and is held to it (a PostgreSQL role, whose name is the key): changes are
        then stamped with it and no other adviser may be acted as. None when anyone may act as
        any adviser (a file, whose readers are trusted alike)."""
        ...

    def backup(self, reason: str) -> str | None:
        """Keep a copy of the database before a bulk change; returns where, if anywhere."""
        ...

    def read_tables(self) -> Tables:
        """The whole desk as tables of stored records (see :data:`Tables`)."""
        ...

    def write_tables(
        self, tables: Tables, progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Replace the whole desk by these tables of stored records, in one change;
        ``progress(done, total)`` is told how many records are written as they are."""
        ...

    # -- tickets ------------------------------------------------------------------------------

    def tickets(
        self,
        *,
        partial: bool = False,
        company: int | None = None,
        narrowing: Narrowing | None = None,
    ) -> list[Ticket]:
        """Every ticket, oldest reference first; ``partial`` leaves out notes and history,
        ``company`` keeps one company's, ``narrowing`` may leave out tickets it rules out."""
        ...

    def tickets_keeping_unchanged(
        self, kept: Mapping[int, tuple[int, Ticket]]
    ) -> dict[int, tuple[int, Ticket]]:
        """Every ticket (partial), by reference, with a stamp of its stored record (a checksum,
        a revision); a ticket whose stamp is the one in ``kept`` is ``kept``'s own object."""
        ...

    def ticket_page(self, page: TicketPage, *, partial: bool = False) -> list[Ticket] | None:
        """The page of tickets ``page`` asks for, ordered, filtered and cut by the store itself;
        None when this store does not answer such a page (the caller then reads the candidates
        with :meth:`tickets` and filters, orders and cuts them itself)."""
        ...

    def ticket_counts(self, narrowings: Sequence[Narrowing], today: date) -> DeskCounts | None:
        """How many tickets each narrowing lets through, and the follow-ups pending on
        ``today``, counted by the store itself; None when it does not count (a file, read
        whole anyway: the caller counts what it holds) or a narrowing is not ``complete``."""
        ...

    def searchable_texts(self) -> Callable[[int], str | None] | None:
        """The folded text free-text terms look in, by reference, when the store keeps it
        current; None when it does not (the text is then worked out from each ticket)."""
        ...

    def ticket(self, ref: int, *, partial: bool = False) -> Ticket | None:
        """The ticket with reference ``ref``, if there is one."""
        ...

    def whole_tickets(self, refs: Iterable[int]) -> Iterator[Ticket]:
        """The whole tickets ``refs`` (notes and history included), one at a time, in that
        order, leaving out any the desk does not hold: an export never holds a desk whole."""
        ...

    def ticket_refs(self) -> list[int]:
        """Every ticket's reference, in order."""
        ...

    def ticket_count(self) -> int:
        """How many tickets the desk holds."""
        ...

    def add_ticket(self, ticket: Ticket) -> Ticket:
        """Save a new ticket and give it its reference."""
        ...

    def add_tickets(self, tickets: Iterable[Ticket]) -> list[Ticket]:
        """Save many new tickets in one change."""
        ...

    def save_ticket(self, ticket: Ticket) -> None:
        """Write back a changed ticket."""
        ...

    def save_tickets(self, tickets: Iterable[Ticket]) -> None:
        """Write back many changed tickets in one change."""
        ...

    # -- companies ----------------------------------------------------------------------------

    def companies(self) -> list[Company]:
        """Every company, in the order they were first seen."""
        ...

    def companies_by_id(self) -> Mapping[int, Company]:
        """Every company by number."""
        ...

    def company_kinds_and_provinces(self) -> Mapping[int, tuple[CompanyKind, str]]:
        """Every company's kind and province by number."""
        ...

    def company_ticket_counts(self) -> Mapping[int, int]:
        """How many tickets each company has, by number (companies without tickets left out),
        counted without building the tickets."""
        ...

    def company_records(self) -> Mapping[int, Mapping[str, Any]]:
        """Every company's stored record by number."""
        ...

    def company(self, id: int) -> Company | None:
        """The company with number ``id``, if there is one."""
        ...

    def find_company(self, *, vat: str = "", key: str = "") -> Company | None:
        """The company with this VAT number, else the one whose name reduces to ``key``
        (unless that one has a different VAT number)."""
        ...

    def companies_named(self, key: str) -> list[Company]:
        """Every company whose name reduces to ``key``, by number."""
        ...

    def add_company(self, company: Company) -> Company:
        """Save a new company and give it its number."""
        ...

    def add_companies(self, companies: Iterable[Company]) -> list[Company]:
        """Save many new companies in one change."""
        ...

    def save_company(self, company: Company) -> None:
        """Write back a changed company."""
        ...

    def save_companies(self, companies: Iterable[Company]) -> None:
        """Write back many changed companies in one change."""
        ...

    def remove_company(self, id: int) -> None:
        """Take a company out (after a merge has moved everything it had to another)."""
        ...

    # -- webinars, calls, settings ------------------------------------------------------------

    def webinars(self) -> list[Webinar]:
        """Every webinar session with its enrolments, in the order they were added."""
        ...

    def webinar(self, id: int) -> Webinar | None:
        """The webinar with number ``id``, if there is one."""
        ...

    def add_webinar(self, webinar: Webinar) -> Webinar:
        """Save a new webinar and give it its number."""
        ...

    def add_webinars(self, webinars: Iterable[Webinar]) -> list[Webinar]:
        """Save many new webinars (a series) in one change."""
        ...

    def save_webinar(self, webinar: Webinar) -> None:
        """Write back a changed webinar."""
        ...

    def save_webinars(self, webinars: Iterable[Webinar]) -> None:
        """Write back many changed webinars in one change."""
        ...

    def calls(self) -> list[Call]:
        """Every grant call with its applications, in the order they were added."""
        ...

    def call(self, id: int) -> Call | None:
        """The call with number ``id``, if there is one."""
        ...

    def add_calls(self, calls: Iterable[Call]) -> list[Call]:
        """Save new calls in one change and give them their numbers."""
        ...

    def save_calls(self, calls: Iterable[Call]) -> None:
        """Write back changed calls in one change."""
        ...

    def desk_setting(self, key: str) -> Any:
        """The value of one of the desk's own settings, or None when it was never set."""
        ...

    def save_desk_setting(self, key: str, value: Any) -> None:
        """Set one of the desk's own settings."""
        ...

    # -- advisers and topics ------------------------------------------------------------------

    def advisers(self) -> list[Adviser]:
        """Every adviser, active or not."""
        ...

    def save_adviser(self, adviser: Adviser) -> None:
        """Add an adviser, or replace the one with the same key."""
        ...

    def topics(self) -> list[Topic]:
        """The taxonomy, in its order."""
        ...

    def save_topic(self, topic: Topic) -> None:
        """Add a topic, or replace the one with the same key."""
        ...

    # -- the network --------------------------------------------------------------------------

    def partners(self) -> list[Partner]:
        """Every partner, in the order they were added."""
        ...

    def add_partners(self, partners: Iterable[Partner]) -> list[Partner]:
        """Save new partners in one change and give them their numbers."""
        ...

    def save_partner(self, partner: Partner) -> None:
        """Write back a changed partner."""
        ...

    def referrals(self) -> list[Referral]:
        """Every referral, oldest first."""
        ...

    def add_referral(self, referral: Referral) -> Referral:
        """Save a new referral and give it its number."""
        ...

    def save_referrals(self, referrals: Iterable[Referral]) -> None:
        """Write back changed referrals in one change."""
        ...

    def network(self) -> Network | None:
        """The desks of the database this desk is one of; None when it is alone in its store
        (a file), where partners are not shared and no referral goes to another desk."""
        ...

    def share_partner(self, id: int, shared: bool) -> None:
        """Offer the desk's own partner ``id`` to every other desk of the network, or stop.

        Raises:
            NeedsNetwork: on a desk alone in its store.
        """
        ...

    def partner_referrals_elsewhere(self, id: int) -> list[tuple[str, int, int]]:
        """The referrals other desks made to the desk's own partner ``id``: each as the
        desk's name, the referral's number and its ticket's reference there."""
        ...

    def network_desk(self, name: str) -> DeskStore:
        """Another desk of the network, read and written in this store's transaction (a
        change there commits, or not, with the change here, and tells that desk's screens).

        Raises:
            NeedsNetwork: on a desk alone in its store.
            NotFound: for a desk the database does not hold.
        """
        ...

    def referral_sent_here(self, ref: int) -> tuple[str, int] | None:
        """The desk and the referral number that put ticket ``ref`` in this desk's inbox, if a
        referral of another desk did."""
        ...

    def programmes(self) -> list[Programme]:
        """Every programme, in the order they were added."""
        ...

    def save_programme(self, programme: Programme) -> None:
        """Add a programme, or replace the one with the same key."""
        ...
