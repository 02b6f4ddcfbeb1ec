"""The main screen's tickets on a desk whose store lists and counts them itself (PostgreSQL).

A file desk is held whole by :class:`~helpdesk.tui.index.TicketIndex`, which filters, sorts
and counts in memory. A desk of hundreds of thousands of tickets is not: the screen asks the
store for the first page of its view, filter and sort, for the next page as the cursor nears
the end of the rows it has, and for the views' counts in one statement. Everything here reads
through the services and blocks; the screen calls it from worker threads, never from the UI
thread. Those reads go through a reader of the desk (:meth:`Desk.reader`), on a connection of
their own: a read made while the screen is saving a change never runs inside its transaction,
nor sees it before it commits. Nothing here imports Textual, so it is tested and benchmarked on
its own.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from helpdesk.domain.models import Ticket
from helpdesk.services.desk import Desk
from helpdesk.tui.index import Pulse, View

#: Tickets asked of the store at a time.
PAGE_SIZE = 200


def server_sort(sort: str, descending: bool) -> str:
    """The services' sort for the list's ``sort`` (a column key, or ``urgency``)."""
    return f"-{sort}" if descending else sort


@dataclass(frozen=True, slots=True)
class Listing:
    """What the list shows of one query, as the store answered it.

    Attributes:
        query: The filter query.
        sort: The list's sort key.
        descending: Whether it is reversed.
        tickets: The tickets fetched so far, in order (the first pages).
        matching: How many tickets the query matches in all; None when the store cannot
            count it (the query says more than the store can test): the count is known once
            the last page is in.
        more: Whether there are tickets after the ones fetched.
        counts: Each view's count by view key, as :meth:`TicketIndex.counts` gives them
            (empty until counted: the first rows do not wait for the counts).
        pulse: The header's figures (None until counted).
    """

    query: str
    sort: str
    descending: bool
    tickets: list[Ticket]
    matching: int | None
    more: bool
    counts: Counter[str] = field(default_factory=Counter)
    pulse: Pulse | None = None

    @property
    def question(self) -> tuple[str, str, bool]:
        """What was asked: the query, the sort key and whether it is reversed."""
        return (self.query, self.sort, self.descending)

    def with_counts(
        self, matching: int | None, counts: Counter[str], pulse: Pulse | None
    ) -> Listing:
        """This listing with its counts (``matching`` None: still unknown)."""
        if matching is None:
            matching = self.matching
        more = self.more and (matching is None or len(self.tickets) < matching)
        return dataclasses.replace(self, matching=matching, more=more, counts=counts, pulse=pulse)

    def with_rows(self, tickets: list[Ticket], *, more: bool) -> Listing:
        """This listing with the rows ``tickets`` (those it had, and the next page)."""
        matching = self.matching if self.matching is not None or more else len(tickets)
        more = more and (matching is None or len(tickets) < matching)
        return dataclasses.replace(self, tickets=tickets, matching=matching, more=more)


class ServerListing:
    """Asks the store for the pages and counts the main screen shows.

    Pages and counts are read on two readers of the desk, so that a page never waits behind
    the counting of the views (which reads far more of the desk than a page does). Reads may
    come from several threads at once (the first page, the next one): they take turns on each
    reader's connection. :meth:`close` lets the readers go.

    Args:
        desk: The services the screen works through; this reads through their reader, as the
            adviser acting there.
        page_size: Tickets asked for at a time.
    """

    def __init__(self, desk: Desk, page_size: int = PAGE_SIZE) -> None:
        self.owner = desk
        self.desk = desk.reader()
        self.counter = desk.reader()
        self.page_size = page_size
        self._kept: tuple[Hashable, Counter[str], Pulse] | None = None
        self._turn = threading.Lock()
        # Two turns where there are two connections; one where the desk reads for itself.
        self._counting_turn = self._turn if self.counter is self.desk else threading.Lock()

    def close(self) -> None:
        """Let the readers' connections go (the next read opens them again)."""
        for reader, turn in ((self.desk, self._turn), (self.counter, self._counting_turn)):
            if reader is not self.owner:
                with turn:
                    reader.close()

    def _reading(self, reader: Desk) -> Desk:
        # The adviser may have been chosen since (first use): "assignee:me" is theirs.
        reader.actor = self.owner.actor
        return reader

    def first(self, query: str, sort: str, descending: bool, *, at_least: int = 0) -> Listing:
        """The first page of ``query`` in an order, not yet counted (see :meth:`counted`).

        Args:
            query: The filter query (already known to compile).
            sort: The list's sort key.
            descending: Whether it is reversed.
            at_least: Fetch at least this many rows (a refresh keeps the rows the adviser had
                scrolled through, and the cursor on its ticket).

        Raises:
            HelpdeskError: when the store cannot be read.
        """
        limit = max(self.page_size, -(-at_least // self.page_size) * self.page_size)
        with self._turn:
            found = self._reading(self.desk).tickets.search(
                query, sort=server_sort(sort, descending), limit=limit, partial=True
            )
        more = len(found) == limit
        return Listing(query, sort, descending, found, None if more else len(found), more)

    def counted(self, listing: Listing, views: Sequence[View]) -> Listing:
        """``listing`` with how many tickets its query matches, the views' counts and the
        pulse.

        Raises:
            HelpdeskError: when the store cannot be read.
        """
        with self._counting_turn:
            by_view, pulse, matching = self._counts(listing.query, views)
        return listing.with_counts(matching, by_view, pulse)

    def _counts(
        self, query: str, views: Sequence[View]
    ) -> tuple[Counter[str], Pulse | None, int | None]:
        # The views' counts, the pulse and the query's count. The views are counted again
        # only when the desk, the day or the adviser changed: a keystroke counts its query
        # alone, and a view chosen is counted already.
        desk = self._reading(self.counter)
        queries = [v.query for v in views]
        key = (desk.version(), desk.clock.today(), desk.actor, tuple(queries))
        kept = self._kept
        if kept is not None and kept[0] == key:
            by_view, pulse = kept[1], kept[2]
            if query in queries:
                return by_view, pulse, by_view[views[queries.index(query)].key]
            counted = desk.tickets.counts([query])
            return by_view, pulse, counted.matching[0] if counted is not None else None
        counts = desk.tickets.counts([*queries, query])
        matching = counts.matching[-1] if counts is not None else None
        if counts is None:  # the query says more than the store counts: the views alone
            counts = desk.tickets.counts(queries)
        by_view = Counter[str]()
        if counts is None:
            return by_view, None, matching
        by_view.update(dict(zip((v.key for v in views), counts.matching, strict=False)))
        by_view["followups_overdue"] = counts.followups_overdue
        by_view["followups_due_today"] = counts.followups_due_today
        pulse = Pulse(
            new=by_view["inbox"],
            due_today=counts.followups_due_today,
            overdue=counts.followups_overdue,
            open=by_view["open"],
            total=counts.total,
        )
        self._kept = (key, by_view, pulse)
        return by_view, pulse, matching

    def next_page(self, listing: Listing) -> Listing:
        """``listing`` with the page after the tickets it has.

        Raises:
            HelpdeskError: when the store cannot be read.
        """
        with self._turn:
            page = self._reading(self.desk).tickets.search(
                listing.query,
                sort=server_sort(listing.sort, listing.descending),
                limit=self.page_size,
                offset=len(listing.tickets),
                partial=True,
            )
        fetched = [*listing.tickets, *page]
        matching = listing.matching
        more = len(page) == self.page_size and (matching is None or len(fetched) < matching)
        if matching is None and not more:
            matching = len(fetched)
        return dataclasses.replace(listing, tickets=fetched, matching=matching, more=more)
