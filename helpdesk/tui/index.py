"""The tickets as the TUI holds them: read once, then filtered, sorted and counted in memory.

Everything a keystroke needs is computed once per load and kept: the folded search text of each
ticket (free-text terms look it up instead of folding again), each column's sort keys, and the
list in each order asked for. A change made by this app replaces one ticket in place; a change
made elsewhere reads the desk again, building and deriving again only the tickets whose stored
record changed. Nothing here imports Textual, so the index is tested and benchmarked on its own.

A desk whose store pages and counts itself (PostgreSQL, :attr:`TicketIndex.paged`) is not read
whole: the index then holds the tickets the screens were shown, and the main screen asks the
store (:mod:`helpdesk.tui.server_listing`).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections import ChainMap, Counter
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from helpdesk.dates import Clock, format_age, format_short_day
from helpdesk.domain.enums import Status
from helpdesk.domain.filter_words import field_word, tag_word
from helpdesk.domain.filters import FilterContext, Predicate, compile_filter, searchable_text
from helpdesk.domain.models import Adviser, Company, Ticket, Topic
from helpdesk.domain.ordering import sort_keys
from helpdesk.domain.text import fold
from helpdesk.domain.vocabulary import typed_word
from helpdesk.errors import HelpdeskError
from helpdesk.i18n import N_, NC_, language
from helpdesk.render.text import one_line
from helpdesk.render.topics import short_topic_label
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import HeldTickets, TicketDetail, detail_of


@dataclass(frozen=True, slots=True)
class View:
    """A named filter down the side of the main screen.

    Attributes:
        key: Stable name (``inbox``, ``topic:ecommerce``).
        label: What the side bar shows (English, marked: shown through ``_()``; a topic's
            view holds its label as the taxonomy words it).
        query: The filter-language query the view stands for.
        open_only: The query matches open tickets only, so counting skips the others (most of a
            desk's tickets, after a few years).
    """

    key: str
    label: str
    query: str
    open_only: bool = True


#: The fixed views, in the order of the side bar (keys 1–7 on the main screen).
FIXED_VIEWS: tuple[View, ...] = (
    View("inbox", NC_("ticket view", "Inbox"), "status:new"),
    View("mine", NC_("ticket view", "Mine"), "+mine +open"),
    View("due", NC_("ticket view", "Due"), "+due", open_only=False),
    View("overdue", NC_("ticket view", "Overdue"), "+overdue", open_only=False),
    View("waiting", NC_("ticket view", "Waiting"), "status:waiting"),
    View("open", NC_("ticket view", "All open"), "+open"),
    View("closed", NC_("ticket view", "Closed"), "status:done", open_only=False),
)

#: The view the main screen opens on.
DEFAULT_VIEW = FIXED_VIEWS[5]


#: Filter-language values the views use that are no status of their own.
_STATUS_GROUPS: dict[str, str] = {"done": "concluse", "open": "aperte"}


def spoken_query(query: str) -> str:
    """A view's ``query`` (kept with the English words) as typed in the current language.

    In Italian ``+mine +open`` reads ``+mie +aperte`` and ``status:new`` reads ``stato:nuova``:
    the filter bar shows the adviser's words; both languages' words filter alike.
    """
    if language() != "it":
        return query
    words = []
    for token in query.split():
        name, colon, value = token.partition(":")
        if token.startswith("+"):
            words.append("+" + tag_word(token[1:]))
        elif colon and name == "status":
            said = _STATUS_GROUPS.get(value)
            if said is None:
                said = typed_word(Status(value))
            words.append(f"{field_word(name)}:{said}")
        elif colon:
            words.append(f"{field_word(name)}:{value}")
        else:
            words.append(token)
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Pulse:
    """The desk at a glance, for the header.

    Attributes:
        new: Tickets nobody has triaged.
        due_today: Pending follow-ups due today (the agenda's "today").
        overdue: Overdue follow-ups (the agenda's "overdue", ``FollowUp.is_overdue``).
        open: Tickets neither resolved nor closed.
        total: Every ticket.
    """

    new: int
    due_today: int
    overdue: int
    open: int
    total: int


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the ticket list.

    Attributes:
        key: Its name, also the sort it stands for.
        title: The heading (English, marked: shown through ``_()``).
        width: Fixed width in cells, or 0 for a column that shares the remaining width.
        right: Right-aligned (numbers).
        descending: Whether the first click sorts it descending (newest, highest first).
    """

    key: str
    title: str
    width: int = 0
    right: bool = False
    descending: bool = False


#: The list's columns, left to right.
COLUMNS: tuple[Column, ...] = (
    # Translators: the ticket list's narrow heading of the ticket number (#42).
    Column("ref", N_("Ref"), 6, right=True, descending=True),
    Column("age", N_("Age"), 4, right=True),
    Column("company", N_("Company")),
    Column("subject", N_("Subject")),
    Column("topics", N_("Topics")),
    # Translators: the ticket list's narrow heading of the priority column.
    Column("priority", N_("Prio"), 6, descending=True),
    Column("status", N_("Status"), 11),
    # Translators: the ticket list's narrow heading of the adviser assigned (initials).
    Column("assignee", N_("Who"), 4),
    Column("due", N_("Follow-up"), 9),
)

#: Sort orders the ``s`` key cycles through: urgency (the desk's order), then each column.
SORTS: tuple[str, ...] = ("urgency", *(c.key for c in COLUMNS))

_COLUMN_DESCENDING = {c.key: c.descending for c in COLUMNS} | {"urgency": False}


def first_direction(sort: str) -> bool:
    """Whether sorting by ``sort`` starts descending."""
    return _COLUMN_DESCENDING.get(sort, False)


#: What one row of the list shows, cell by cell: text and a style name of ours.
Cells = tuple[tuple[str, str], ...]


class TicketIndex:
    """The desk's tickets held for the screens.

    Args:
        desk: The services; read through them only.
        clock: The clock for ages and "today"; the desk's own by default.
    """

    def __init__(self, desk: Desk, clock: Clock | None = None) -> None:
        self.desk = desk
        self.clock = clock or desk.clock
        self.tickets: list[Ticket] = []
        self.companies: MutableMapping[int, Company] = {}
        #: Whether the store lists and counts tickets itself (PostgreSQL): then the index
        #: holds only the tickets shown, until :meth:`all_tickets` (None until the first load).
        self.paged: bool | None = None
        self._holds_all = False
        self.topics: list[Topic] = []
        self.advisers: list[Adviser] = []
        self.now: datetime = self.clock.now()
        #: Who "me" was when the counts were made (``+mine`` depends on it).
        self.actor: str = ""
        #: Increases with every change, so widgets know when their caches are stale.
        self.generation = 0
        self._position: dict[int, int] = {}
        self._text: dict[int, str] = {}
        self._warmed = 0
        self._keys: dict[str, list[Any]] = {}
        self._ordered: dict[tuple[str, bool], list[Ticket]] = {}
        self._by_company: dict[int, list[Ticket]] | None = None
        self._context: FilterContext | None = None
        self._views: list[tuple[str, Predicate]] | None = None
        self._done_views: list[tuple[str, Predicate]] = []
        self._counts: Counter[str] | None = None
        self._held: HeldTickets | None = None

    # -- loading --------------------------------------------------------------------------

    def load(self) -> None:
        """Read everything afresh (at start, and when another process changed the data).

        Tickets whose stored record is unchanged keep their objects, and on the same day
        with the same topics, advisers and acting adviser what was derived from them (search
        text, sort keys, counts) is kept too: only the tickets changed, and those of changed
        companies, are worked out again.

        On a desk whose store lists and counts tickets itself (:attr:`paged`), only the
        taxonomy, the advisers and the companies are read: the main screen asks the store
        for the page it shows, and a screen that needs every ticket asks
        :meth:`all_tickets`, which reads them then.
        """
        if self.paged is None:
            self.paged = self.desk.tickets.served_in_pages()
        if self.paged:
            self._load_directory()
        else:
            self._load_all()

    def all_tickets(self) -> list[Ticket]:
        """Every ticket of the desk, by reference (read now on a :attr:`paged` desk, where
        :attr:`tickets` holds only those the screens have shown)."""
        if self.paged and not self._holds_all:
            self._load_all()
            self._holds_all = True
        return self.tickets

    def _load_directory(self) -> None:
        desk = self.desk
        # Companies built as rows name them; the ones this app changes go in the first map
        # (a ChainMap writes only there, so the store's read-only view is never written).
        read_only = cast("MutableMapping[int, Company]", desk.companies.by_id())
        self.companies = ChainMap({}, read_only)
        self.topics = desk.directory.topics(include_inactive=True)
        self.advisers = desk.directory.advisers(include_inactive=True)
        self.now, self.actor = self.clock.now(), desk.actor
        self.tickets, self._position, self._holds_all = [], {}, False
        self._text, self._warmed, self._keys = {}, 0, {}
        self._views = self._counts = None
        self._changed()

    def _load_all(self) -> None:
        desk = self.desk
        companies: MutableMapping[int, Company] = dict(desk.companies.by_id())
        topics = desk.directory.topics(include_inactive=True)
        advisers = desk.directory.advisers(include_inactive=True)
        # Without notes and history (most of a ticket's bytes): the ticket shown reads them.
        before, self._held = self._held, desk.tickets.held(self._held)
        now = self.clock.now()
        actor, self.actor = self.actor, desk.actor
        if (
            before is not None
            and not self.paged
            and actor == self.actor
            and self._keeps_derived(topics, advisers, now)
        ):
            renamed = {id for id, c in companies.items() if self.companies.get(id) != c}
            self.companies, self.now = companies, now
            built = set(self._held.built)
            changed = [t for t in self._held.tickets if t.ref in built or t.company_id in renamed]
            self.replace(changed)
            return
        self.companies, self.topics, self.advisers = companies, topics, advisers
        self.tickets = sorted(self._held.tickets, key=lambda t: t.ref)
        self._position = {t.ref: i for i, t in enumerate(self.tickets)}
        self._text = {}
        self._warmed = 0
        self.now = now
        self._keys = {}
        self._views = None
        self._counts = None
        self._changed()

    def _keeps_derived(self, topics: list[Topic], advisers: list[Adviser], now: datetime) -> bool:
        # What was derived can be kept when nothing it rests on changed but tickets and
        # companies, no ticket held went, and none came in between the ones held.
        held = self._held
        assert held is not None
        top = max(self._position, default=0)
        return (
            now.date() == self.now.date()
            and topics == self.topics
            and advisers == self.advisers
            and all(ref in held.checksums for ref in self._position)
            and all(ref in self._position or ref > top for ref in held.built)
        )

    def replace(self, tickets: Iterable[Ticket], companies: Iterable[Company] = ()) -> None:
        """Take in tickets this app changed or logged, and companies it changed or created.

        Only what those tickets touch is recomputed: their search text, their sort keys, their
        share of the counts; the orders are sorted again from the kept keys.
        """
        for company in companies:
            self.companies[company.id] = company
        for ticket in tickets:
            self._text.pop(ticket.ref, None)
            at = self._position.get(ticket.ref)
            if at is None:
                at = self._position[ticket.ref] = len(self.tickets)
                self.tickets.append(ticket)
                for sort, keys in self._keys.items():
                    keys.append(self._key_function(sort)(ticket))
            else:
                if self._counts is not None:
                    self._counts.subtract(self._membership(self.tickets[at]))
                self.tickets[at] = ticket
                for sort, keys in self._keys.items():
                    keys[at] = self._key_function(sort)(ticket)
            if self._counts is not None:
                self._counts.update(self._membership(ticket))
        self._changed()

    def _changed(self) -> None:
        # The filter context also holds webinar enrolments, which a change may have touched.
        self._context = None
        self._ordered = {}
        self._by_company = None
        self.generation += 1

    # -- reading ---------------------------------------------------------------------------

    def get(self, ref: int) -> Ticket | None:
        """The ticket ``ref``, if loaded (on a :attr:`paged` desk, read now if it is not)."""
        at = self._position.get(ref)
        if at is None and self.paged and not self._holds_all:
            try:
                ticket = self.desk.tickets.get(ref)
            except HelpdeskError:
                return None
            self.replace([ticket])
            return ticket
        return self.tickets[at] if at is not None else None

    def company_of(self, ticket: Ticket) -> Company | None:
        """A ticket's company, if it has one."""
        return self.companies.get(ticket.company_id) if ticket.company_id is not None else None

    def topic_label(self, key: str) -> str:
        """A topic's label in the current language (the key itself for a topic no longer in
        the taxonomy)."""
        for topic in self.topics:
            if topic.key == key:
                return topic.label(language())
        return key

    def topic_short_label(self, key: str) -> str:
        """A topic's label short enough for a narrow column (see :func:`short_topic_label`)."""
        for topic in self.topics:
            if topic.key == key:
                return short_topic_label(topic)
        return key

    def relabel(self) -> None:
        """The language changed: every row's words are drawn again."""
        self.generation += 1

    def detail(self, ref: int) -> TicketDetail | None:
        """A ticket with its company, the company's other tickets and linked tickets."""
        ticket = self.get(ref)
        if ticket is None:
            return None
        if self.paged and not self._holds_all:
            # The company's other tickets are the store's to find, not the few held here.
            with contextlib.suppress(HelpdeskError):
                return self.desk.tickets.detail(ref)
            return detail_of(ticket, [], self.company_of(ticket), self.topics)
        if ticket.partial:
            # Notes and history are read for the ticket shown. Should the file have gone
            # meanwhile, it is shown without them; the app's next check reports the file.
            with contextlib.suppress(HelpdeskError):
                ticket = self.desk.tickets.get(ref)
        if self._by_company is None:
            grouped: dict[int, list[Ticket]] = {}
            for t in self.tickets:
                if t.company_id is not None:
                    grouped.setdefault(t.company_id, []).append(t)
            self._by_company = grouped
        related = list(self._by_company.get(ticket.company_id, [])) if ticket.company_id else []
        related += [other for link in ticket.links if (other := self.get(link.ref)) is not None]
        return detail_of(ticket, related, self.company_of(ticket), self.topics)

    def search_text(self, ticket: Ticket) -> str:
        """The folded text free-text terms look in, computed once per ticket."""
        text = self._text.get(ticket.ref)
        if text is None:
            text = self._text[ticket.ref] = searchable_text(ticket, self.company_of(ticket))
        return text

    # -- filtering and sorting --------------------------------------------------------------

    def context(self) -> FilterContext:
        """What the filter language needs, with the cached search text."""
        if self._context is None:
            base = self.desk.tickets.filter_context(self.companies)
            self._context = dataclasses.replace(base, text_of=self.search_text)
        return self._context

    def compile(self, query: str) -> Predicate:
        """A query compiled into a predicate.

        Raises:
            InvalidFilter: pointing at the bad token.
        """
        return compile_filter(query, self.context())

    def ordered(self, sort: str = "urgency", descending: bool = False) -> list[Ticket]:
        """Every ticket in one order (kept until the next change)."""
        cached = self._ordered.get((sort, descending))
        if cached is not None:
            return cached
        keys = self._sort_keys(sort)
        # A stable sort, even reversed: ties stay in reference order both ways.
        order = sorted(range(len(self.tickets)), key=keys.__getitem__, reverse=descending)
        tickets = self.tickets
        result = self._ordered[(sort, descending)] = [tickets[i] for i in order]
        return result

    def select(self, query: str, sort: str = "urgency", descending: bool = False) -> list[Ticket]:
        """The tickets matching ``query``, in order.

        Raises:
            InvalidFilter: pointing at the bad token.
        """
        predicate = self.compile(query)
        ordered = self.ordered(sort, descending)
        if not query.strip():
            return list(ordered)
        return [t for t in ordered if predicate(t)]

    def warm(self, budget: int = 20_000) -> bool:
        """Do some of the work a first sort or free-text search would, ahead of time.

        Called while the adviser is idle, a slice at a time, so that the first keystroke of
        each kind finds its keys ready even on a desk of 100,000 tickets.

        Args:
            budget: Roughly how many tickets' worth of work to do now.

        Returns:
            True when there is more to do.
        """
        for sort in SORTS:
            if sort not in self._keys:
                self._sort_keys(sort)
                return True
        tickets = self.tickets
        done = self._warmed
        if done < len(tickets):
            end = min(done + budget, len(tickets))
            for ticket in tickets[done:end]:
                self.search_text(ticket)
            self._warmed = end
            return end < len(tickets)
        return False

    def _sort_keys(self, sort: str) -> list[Any]:
        keys = self._keys.get(sort)
        if keys is None:
            key = self._key_function(sort)
            keys = self._keys[sort] = [key(t) for t in self.tickets]
        return keys

    def _key_function(self, sort: str) -> Callable[[Ticket], Any]:
        if sort == "urgency":
            urgency = sort_keys(self.companies, self.now.date())["urgency"]

            def urgent(t: Ticket) -> Any:
                # Resolved and closed tickets are never due and score 0 (see
                # helpdesk.domain.ordering): their key is known without working it out, and
                # after a few years they are most of the desk.
                return (True, 0.0, -t.ref) if t.status in _DONE else urgency(t)

            return urgent
        if sort == "company":
            names: dict[int | None, str] = {None: ""}
            companies = self.companies

            def company(t: Ticket) -> str:
                name = names.get(t.company_id)
                if name is None:
                    found = companies.get(t.company_id) if t.company_id is not None else None
                    name = names[t.company_id] = fold(found.name) if found else ""
                return name

            return company
        return _KEYS.get(sort, _KEYS["ref"])

    # -- counting ----------------------------------------------------------------------------

    def views(self) -> list[View]:
        """The fixed views, then one per active topic (its open tickets)."""
        return [
            *FIXED_VIEWS,
            *(
                View(f"topic:{t.key}", short_topic_label(t), f"+open topic:{t.key}")
                for t in self.topics
                if t.active
            ),
        ]

    def counts(self) -> Counter[str]:
        """How many tickets each view holds, by view key, and the follow-ups the pulse counts."""
        if self._counts is None:
            counts: Counter[str] = Counter()
            for ticket in self.tickets:
                counts.update(self._membership(ticket))
            self._counts = counts
        return self._counts

    def pulse(self) -> Pulse:
        """New, due today, overdue and open tickets."""
        counts = self.counts()
        return Pulse(
            new=counts["inbox"],
            due_today=counts["followups_due_today"],
            overdue=counts["followups_overdue"],
            open=counts["open"],
            total=len(self.tickets),
        )

    def _membership(self, ticket: Ticket) -> list[str]:
        if self._views is None:
            ctx = self.context()
            self._views = [(v.key, compile_filter(v.query, ctx)) for v in FIXED_VIEWS]
            self._done_views = [
                (v.key, p)
                for v, (_, p) in zip(FIXED_VIEWS, self._views, strict=True)
                if not v.open_only
            ]
        is_open = ticket.status not in _DONE
        views = self._views if is_open else self._done_views
        found = [key for key, predicate in views if predicate(ticket)]
        if is_open:
            found += [f"topic:{key}" for key in ticket.topics]
        today = self.now.date()
        for followup in ticket.followups:
            if followup.is_overdue(today):
                found.append("followups_overdue")
            elif followup.is_due(today):
                found.append("followups_due_today")
        return found

    def new_tickets(self) -> list[Ticket]:
        """Tickets waiting for triage, oldest first."""
        if self.paged and not self._holds_all:
            return self.desk.tickets.search("status:new", sort="ref", partial=True)
        return [t for t in self.tickets if t.status is Status.NEW]

    def highest_ref(self) -> int:
        """The highest reference held (the widest number the list shows)."""
        if self.paged:
            return max(self._position, default=0)
        return self.tickets[-1].ref if self.tickets else 0

    # -- rows --------------------------------------------------------------------------------

    def cells(self, ticket: Ticket) -> Cells:
        """What the list shows for a ticket, cell by cell, with a style name for each."""
        company = self.company_of(ticket)
        today = self.now.date()
        nxt = ticket.next_followup()
        due, due_style = "", ""
        if nxt is not None:
            day = nxt.due.day
            due = format_short_day(day, today)
            due_style = "overdue" if nxt.is_overdue(today) else "due" if day == today else ""
        return (
            (f"#{ticket.ref}", "ref"),
            # A ticket logged after the index read the clock is "now", never "-1m".
            (format_age(max(self.now - ticket.created, timedelta(0))), "dim"),
            (_flat(company.name) if company else "", ""),
            (_flat(ticket.subject), ""),
            (", ".join(self.topic_short_label(key) for key in ticket.topics), "dim"),
            (ticket.priority.label_text, f"priority-{ticket.priority.value}"),
            (ticket.status.label_text, f"status-{ticket.status.value}"),
            (ticket.assignee or "—", "" if ticket.assignee else "dim"),
            (due, due_style),
        )


def _flat(text: str) -> str:
    # One line, no control characters: the rule of render.text, which every user text obeys.
    return one_line(text).plain


_STATUS_ORDER = {s: i for i, s in enumerate(Status)}
_DONE = frozenset(s for s in Status if not s.is_open)


def _due(t: Ticket) -> tuple[int, int, int] | tuple[int, float]:
    # The soonest pending follow-up first, then tickets without one by age: the domain's "due"
    # order. Follow-ups are all in the desk's zone, so day and wall time order them as their
    # moments do, without building 100,000 aware datetimes to compare.
    soonest: tuple[int, int, int] | None = None
    for f in t.followups:
        if f.pending:
            wall = f.due.time
            key = (0, f.due.day.toordinal(), wall.hour * 3600 + wall.minute * 60 if wall else 0)
            if soonest is None or key < soonest:
                soonest = key
    return soonest if soonest is not None else (1, t.created.timestamp())


#: Sort keys that need nothing beyond the ticket itself.
_KEYS: dict[str, Callable[[Ticket], Any]] = {
    "ref": lambda t: t.ref,
    "age": lambda t: t.created.timestamp(),
    "subject": lambda t: fold(t.subject),
    "topics": lambda t: ",".join(t.topics),
    "priority": lambda t: t.priority.rank,
    "status": lambda t: _STATUS_ORDER[t.status],
    "assignee": lambda t: t.assignee or "",
    "due": _due,
}
