"""The main screen: the desk's pulse, views down the side, the filter bar, the list, a preview."""

from __future__ import annotations

import time
from collections import Counter
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.worker import get_current_worker

from helpdesk.domain.models import Ticket
from helpdesk.domain.numbers import format_count
from helpdesk.errors import HelpdeskError, InvalidFilter
from helpdesk.i18n import N_, _, ngettext
from helpdesk.tui.index import (
    COLUMNS,
    DEFAULT_VIEW,
    FIXED_VIEWS,
    SORTS,
    Pulse,
    View,
    first_direction,
    spoken_query,
)
from helpdesk.tui.messages import TicketsChanged
from helpdesk.tui.screens.base import DeskScreen
from helpdesk.tui.server_listing import Listing, ServerListing
from helpdesk.tui.widgets.filter_bar import FilterBar
from helpdesk.tui.widgets.footer import Footer
from helpdesk.tui.widgets.preview import TicketPreview
from helpdesk.tui.widgets.pulse import CLOCK_INTERVAL, PulseHeader
from helpdesk.tui.widgets.ticket_list import TicketList
from helpdesk.tui.widgets.views import ViewList

#: Seconds the cursor rests on a ticket before the preview draws it: holding an arrow key
#: down moves through the list without drawing every ticket passed on the way.
PREVIEW_DELAY = 0.08

#: Seconds the typing in the filter bar pauses before a desk whose store pages is asked for
#: the rows: each request takes the server's time, and the letters on the way are not wanted.
TYPING_PAUSE = 0.12

#: What each order puts first, said in the sort's own words where "ascending" would mislead
#: (the list sorts age by the moment a ticket came in, so ascending is the oldest first).
_DIRECTIONS: dict[str, tuple[str, str]] = {
    "ref": (N_("lowest first"), N_("highest first")),
    "age": (N_("oldest first"), N_("newest first")),
    "priority": (N_("lowest first"), N_("most urgent first")),
    "due": (N_("soonest first"), N_("latest first")),
}


def sort_direction(sort: str, descending: bool) -> str:
    """How the status line says the direction of ``sort``: "oldest first", "ascending"…"""
    ascending, descending_text = _DIRECTIONS.get(sort, (N_("ascending"), N_("descending")))
    return _(descending_text if descending else ascending)


#: What the status line calls each order ("by company"); the list's headings are shorter.
_ORDERS = {
    "ref": N_("number"),
    "age": N_("age"),
    "company": N_("company"),
    "subject": N_("subject"),
    "topics": N_("topics"),
    "priority": N_("priority"),
    "status": N_("status"),
    "assignee": N_("adviser"),
    "due": N_("follow-up"),
}
assert set(_ORDERS) == {c.key for c in COLUMNS}


class MainScreen(DeskScreen[None]):
    """Where an adviser spends the day: find a ticket, open it, log a new one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash", "filter", N_("Filter"), key_display="/", tooltip=N_("Type a filter query")
        ),
        Binding("n", "new_ticket", N_("New"), tooltip=N_("Log a new ticket")),
        Binding("i", "triage_inbox", N_("Triage"), tooltip=N_("Triage new tickets one by one")),
        Binding("b", "bulk", N_("Bulk"), tooltip=N_("Change the selected tickets at once")),
        Binding("a", "agenda", N_("Agenda"), tooltip=N_("Follow-ups: overdue, today, this week")),
        Binding("w", "webinars", N_("Webinars"), tooltip=N_("The webinar catalogue")),
        Binding(
            "g",
            "calls",
            N_("Bandi"),
            tooltip=N_("Grant calls: deadlines, candidates, applications"),
        ),
        Binding("d", "dashboard", N_("Dashboard"), tooltip=N_("The summary figures")),
        Binding(
            "P", "partners", N_("Partners"), show=False, tooltip=N_("The hub's network: partners")
        ),
        Binding(
            "s", "sort", N_("Sort"), tooltip=N_("Sort by the next column (or click a heading)")
        ),
        Binding(
            "S",
            "reverse",
            N_("Reverse"),
            key_display="S",
            show=False,
            tooltip=N_("Reverse the order"),
        ),
        Binding(
            "p", "toggle_preview", N_("Preview"), show=False, tooltip=N_("Show or hide the preview")
        ),
        Binding("v", "toggle_views", N_("Views"), show=False, tooltip=N_("Show or hide the views")),
        Binding("r", "reload", N_("Reload"), show=False, tooltip=N_("Read the database again")),
        Binding("escape", "clear", N_("Clear"), show=False, tooltip=N_("Clear the selection")),
        Binding("q", "app.quit", N_("Quit"), show=False),
        # A view's key is described by the view's label (see helpdesk.tui.keys).
        *(
            Binding(str(n), f"view({n - 1})", v.label, show=False)
            for n, v in enumerate(FIXED_VIEWS, start=1)
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._query = DEFAULT_VIEW.query
        self._sort = "urgency"
        self._descending = False
        self._shown_ref: int | None = None
        self._preview_timer: Timer | None = None
        #: On a desk whose store pages (see helpdesk.tui.server_listing): what it answered.
        self._server: ServerListing | None = None
        self._listing: Listing | None = None
        #: The views' counts and the header's figures, as the store last counted them.
        self._counted: tuple[Counter[str], Pulse] | None = None
        self._fetching_more = False
        #: A ticket to put the cursor on when the store answers this query (one just logged).
        self._bring_in: tuple[str, int] | None = None
        self._typing = False

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        yield PulseHeader(id="pulse")
        with Horizontal(id="body"):
            yield ViewList(id="views")
            with Vertical(id="work"):
                yield FilterBar(id="filter")
                yield TicketList(self.index, id="tickets")
                yield TicketPreview(id="preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
        if self.index.paged:
            self._server = ServerListing(self.desk, self.helpdesk.page_size)
        self._draw_counts()
        self.query_one(TicketList).mark_sort(self._sort, self._descending)
        self._query = spoken_query(self._query)
        self._apply(self._query)
        self._preview(self.ticket_list.cursor_ref)
        self.query_one(FilterBar).set_query(self._query)
        self.query_one(TicketList).focus()
        self.set_interval(CLOCK_INTERVAL, self.tick_clock, name="clock")

    def on_unmount(self) -> None:
        """Let the connection the pages were read on go."""
        if self._server is not None:
            self._server.close()

    def tick_clock(self) -> None:
        """Move the header's clock on (the desk's clock: frozen in tests, real otherwise)."""
        self.query_one(PulseHeader).tick(self.helpdesk.clock.now())

    # -- what the screen shows -------------------------------------------------------------------

    @property
    def ticket_list(self) -> TicketList:
        """The list widget."""
        return self.query_one(TicketList)

    def _apply(self, query: str, *, keep: int | None = None) -> bool:
        """Show the tickets matching ``query``; a bad query is marked and the list kept.

        The list kept is the last good one, not counting the word typed on the way to the bad
        token's field name: typing ``status:opne`` after ``+open`` passes through ``+open
        status`` (free text, likely no ticket), and the list kept is then the ``+open`` one.
        """
        bar = self.query_one(FilterBar)
        try:
            tickets = self._select(query)
        except InvalidFilter as error:
            bar.show_error(error)
            self._fall_back(query, error, keep)
            return False
        self._query = query
        if tickets is None:  # asked of the store: shown when it answers
            self._ask_store(query, keep)
            return True
        listing = self.ticket_list
        listing.show(tickets, keep=keep if keep is not None else listing.cursor_ref)
        self._draw_status()
        self._mark_view()
        return True

    def _fall_back(self, query: str, error: InvalidFilter, keep: int | None) -> None:
        if error.end <= error.start:
            return
        bad = query[error.start : error.end]
        on_the_way = (query[: error.start] + bad.split(":", 1)[0]).strip()
        if self._query.strip() != on_the_way or ":" not in bad:
            return
        good = (query[: error.start] + query[error.end :]).strip()
        try:
            tickets = self._select(good)
        except InvalidFilter:
            return
        self._query = good
        if tickets is None:
            self._ask_store(good, keep)
            return
        listing = self.ticket_list
        listing.show(tickets, keep=keep if keep is not None else listing.cursor_ref)
        self._mark_view()

    def _select(self, query: str) -> list[Ticket] | None:
        """The tickets matching ``query`` held in memory; None on a desk whose store pages,
        once the query is known to be good (the store is then asked).

        Raises:
            InvalidFilter: pointing at the bad token.
        """
        if self._server is None:
            return self.index.select(query, self._sort, self._descending)
        self.index.compile(query)
        return None

    def _draw_status(self) -> None:
        listing = self.ticket_list
        arrow = sort_direction(self._sort, self._descending)
        order = _("urgency (due first)") if self._sort == "urgency" else _(_ORDERS[self._sort])
        total = len(self.index.tickets)
        answer = self._listing
        if answer is not None:
            total = self._counted[1].total if self._counted else total
        if answer is not None and answer.more:
            # A page of a desk the store pages: "1–200 of 109,006 · 1,000,006 on the desk".
            parts: list[tuple[str, str] | Text] = [
                (self._range(len(listing.tickets), answer.matching), "bold")
            ]
            if self._counted:
                on_the_desk = ngettext(
                    "{total} ticket on the desk", "{total} tickets on the desk", total
                ).format(total=format_count(total))
                parts.append((f" · {on_the_desk}", "dim"))
            parts.append((" · " + _("by {order}").format(order=order), "dim"))
        else:
            parts = [
                (format_count(len(listing.tickets)), "bold"),
                (
                    " "
                    + ngettext(
                        "of {total} ticket · by {order}", "of {total} tickets · by {order}", total
                    ).format(total=format_count(total), order=order),
                    "dim",
                ),
            ]
        if self._sort != "urgency":
            parts.append((f", {arrow}", "dim"))
        if listing.selected:
            chosen = len(listing.selected)
            parts.append(
                (
                    " · "
                    + ngettext(
                        "{count} selected (b to change it)",
                        "{count} selected (b to change them)",
                        chosen,
                    ).format(count=format_count(chosen)),
                    "bold",
                )
            )
        self.query_one(FilterBar).show_status(Text.assemble(*parts))

    @staticmethod
    def _range(fetched: int, matching: int | None) -> str:
        # "1–200 of 83,412": the rows fetched of those the query matches (when counted).
        if matching is None:
            return _("1–{last} and more").format(last=format_count(fetched))
        return _("1–{last} of {matching}").format(
            last=format_count(fetched), matching=format_count(matching)
        )

    def _draw_counts(self) -> None:
        helpdesk = self.helpdesk
        if self._server is None:
            pulse = self.index.pulse()
        elif self._counted is not None:
            pulse = self._counted[1]
        else:
            return
        self.query_one(PulseHeader).show(
            pulse,
            actor=self.desk.actor,
            where=self.desk.location(),
            now=helpdesk.clock.now(),
        )
        self._mark_view()

    def _mark_view(self) -> None:
        typed = self._query.strip()
        current = next(
            (v.key for v in self.index.views() if typed in (v.query, spoken_query(v.query))), None
        )
        if self._server is None:
            counts = self.index.counts()
        elif self._counted is not None:
            counts = self._counted[0]
        else:
            return
        self.query_one(ViewList).show(self.index.views(), counts, current)

    def _preview(self, ref: int | None) -> None:
        preview = self.query_one(TicketPreview)
        if not preview.display:
            return
        self._shown_ref = ref
        clock = self.helpdesk.clock
        detail = self.index.detail(ref) if ref is not None else None
        preview.show(detail, clock.now(), clock.tz)

    # -- messages from the widgets and the app -----------------------------------------------

    @on(FilterBar.QueryEdited)
    def _query_edited(self, event: FilterBar.QueryEdited) -> None:
        if self._server is not None and event.query == self._query:
            # The query asked already: a view chosen put it in the bar (and asked the store),
            # or a bad token typed was taken back. Nothing to ask; a mark of the bad token goes.
            self._draw_status()
            return
        self._typing = True
        try:
            self._apply(event.query)
        finally:
            self._typing = False

    @on(FilterBar.Left)
    def _filter_left(self) -> None:
        self.ticket_list.focus()

    @on(ViewList.ViewChosen)
    def _view_chosen(self, event: ViewList.ViewChosen) -> None:
        self._choose(event.view)

    @on(TicketList.TicketHighlighted)
    def _highlighted(self, event: TicketList.TicketHighlighted) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if event.ref != self._shown_ref:
            self._preview_timer = self.set_timer(
                PREVIEW_DELAY, partial(self._preview, event.ref), name="preview"
            )

    @on(TicketList.TicketOpened)
    def _opened(self, event: TicketList.TicketOpened) -> None:
        self.open_ticket(event.ref)

    @on(TicketList.HeadingClicked)
    def _heading_clicked(self, event: TicketList.HeadingClicked) -> None:
        if event.column == self._sort:
            self._set_sort(self._sort, not self._descending)
        else:
            self._set_sort(event.column, first_direction(event.column))

    @on(TicketList.SelectionChanged)
    def _selection_changed(self) -> None:
        self._draw_status()

    # -- a desk whose store pages: asked off the UI thread ----------------------------------------

    @property
    def answered(self) -> bool:
        """Whether the list shows the answer to the query and order asked last: always on a
        desk read whole; on a desk whose store pages, not while its answer is on its way."""
        shown = self._listing
        if self._server is None:
            return True
        return shown is not None and shown.question == self._question

    @property
    def _question(self) -> tuple[str, str, bool]:
        # What the list is to show now, as a listing's question says it.
        return (self._query, self._sort, self._descending)

    def _ask_store(self, query: str, keep: int | None) -> None:
        listing = self.ticket_list
        before = self._listing
        same = before is not None and before.question == (query, self._sort, self._descending)
        # A refresh keeps the rows scrolled through, so the cursor stays on its ticket.
        at_least = len(listing.tickets) if same else 0
        keep = keep if keep is not None else listing.cursor_ref
        self._fetching_more = False
        # While typing, asked once the typing pauses, not for every letter on the way.
        pause = TYPING_PAUSE if self._typing else 0.0
        self._fetch_first(query, self._sort, self._descending, keep, at_least, pause)

    @work(thread=True, exclusive=True, group="listing", exit_on_error=False)
    def _fetch_first(
        self,
        query: str,
        sort: str,
        descending: bool,
        keep: int | None,
        at_least: int,
        pause: float,
    ) -> None:
        # The rows first, then the counts: the first rows never wait for the counting. A
        # newer request cancels this one: it stops at the next step, its answers dropped.
        worker = get_current_worker()
        server = self._server
        assert server is not None
        if pause:
            time.sleep(pause)
            if worker.is_cancelled:
                return
        try:
            answer = server.first(query, sort, descending, at_least=at_least)
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._show_answer, answer, keep)
            counted = server.counted(answer, self.index.views())
        except HelpdeskError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.helpdesk.report, error)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_counts, counted)

    def _show_answer(self, answer: Listing, keep: int | None) -> None:
        if answer.question != self._question:
            return  # answered for a query or an order since left
        if self._bring_in is not None and self._bring_in[0] == answer.query:
            keep, self._bring_in = self._bring_in[1], None
        self._listing = answer
        self.index.replace(answer.tickets)  # held, so that opening and previews find them
        self.ticket_list.show(answer.tickets, keep=keep, more=answer.more)
        self._draw_status()

    def _show_counts(self, counted: Listing) -> None:
        shown = self._listing
        if counted.pulse is not None:
            self._counted = (counted.counts, counted.pulse)
        if shown is not None and shown.question == counted.question:
            # The rows shown may have grown meanwhile (the next page): they stay.
            self._listing = shown.with_counts(counted.matching, counted.counts, counted.pulse)
            self.ticket_list.extend(self._listing.tickets, more=self._listing.more)
        self._draw_status()
        self._draw_counts()

    @on(TicketList.NearEnd)
    def _near_end(self) -> None:
        answer = self._listing
        if self._server is None or answer is None or not answer.more or self._fetching_more:
            return
        self._fetching_more = True
        self._fetch_more(answer)

    @work(thread=True, exclusive=True, group="more", exit_on_error=False)
    def _fetch_more(self, answer: Listing) -> None:
        server = self._server
        assert server is not None
        try:
            longer = server.next_page(answer)
        except HelpdeskError as error:
            self.app.call_from_thread(self.helpdesk.report, error)
            return
        self.app.call_from_thread(self._show_more, answer, longer)

    def _show_more(self, answer: Listing, longer: Listing) -> None:
        shown = self._listing
        if shown is None or (shown.question, len(shown.tickets)) != (
            answer.question,
            len(answer.tickets),
        ):
            return  # the list was asked anew meanwhile
        self._fetching_more = False
        # The counts may have come in since the page was asked for: they stay.
        self._listing = shown.with_rows(longer.tickets, more=longer.more)
        self.index.replace(longer.tickets[len(answer.tickets) :])
        self.ticket_list.extend(longer.tickets, more=longer.more)
        self._draw_status()

    def redraw(self) -> None:
        """Every word again in the current language: header, views, filter, list, preview."""
        self.query_one(FilterBar).relabel()
        self.ticket_list.refresh()
        self.post_message(TicketsChanged(None))

    def on_tickets_changed(self, event: TicketsChanged) -> None:
        """Redraw counts, list and preview, keeping the cursor on its ticket."""
        self._draw_counts()
        self._apply(self._query, keep=self.ticket_list.cursor_ref)
        ref = self.ticket_list.cursor_ref
        if event.refs is None or ref in event.refs or ref != self._shown_ref:
            self._preview(ref)

    # -- actions ---------------------------------------------------------------------------------

    def open_ticket(self, ref: int) -> None:
        """Open the ticket screen on ``ref``."""
        from helpdesk.tui.screens.ticket import TicketScreen

        refs = [t.ref for t in self.ticket_list.tickets]
        self.app.push_screen(TicketScreen(ref, refs))

    def _choose(self, view: View) -> None:
        self.query_one(FilterBar).set_query(spoken_query(view.query))
        self._apply(spoken_query(view.query))
        self.ticket_list.focus()

    def _set_sort(self, sort: str, descending: bool) -> None:
        self._sort, self._descending = sort, descending
        self.ticket_list.mark_sort(sort, descending)
        self._apply(self._query)

    def action_view(self, number: int) -> None:
        """Show view ``number`` (0 is the inbox)."""
        views = self.index.views()
        if 0 <= number < len(views):
            self._choose(views[number])

    def action_filter(self) -> None:
        """Put the cursor in the filter bar."""
        self.query_one(FilterBar).focus_input()

    def action_sort(self) -> None:
        """Sort by the next column (urgency, then each column in turn)."""
        following = SORTS[(SORTS.index(self._sort) + 1) % len(SORTS)]
        self._set_sort(following, first_direction(following))

    def action_reverse(self) -> None:
        """Reverse the order."""
        self._set_sort(self._sort, not self._descending)

    def action_toggle_preview(self) -> None:
        """Show or hide the preview (more rows for the list)."""
        preview = self.query_one(TicketPreview)
        preview.display = not preview.display
        if preview.display:
            self._preview(self.ticket_list.cursor_ref)

    def action_toggle_views(self) -> None:
        """Show or hide the views (more room for the list)."""
        views = self.query_one(ViewList)
        views.display = not views.display

    def action_clear(self) -> None:
        """Clear the selection, else go back to the list."""
        if self.ticket_list.selected:
            self.ticket_list.clear_selection()
        self.ticket_list.focus()

    def action_reload(self) -> None:
        """Read the database again."""
        self.helpdesk.reload()

    def action_new_ticket(self) -> None:
        """Log a new ticket through the form."""
        from helpdesk.tui.screens.new_ticket import TicketForm

        def logged(draft: object) -> None:
            from helpdesk.services.tickets import TicketDraft

            if not isinstance(draft, TicketDraft):
                return
            result = self.helpdesk.act(lambda: self.desk.tickets.log(draft))
            if result is None:
                return
            self.helpdesk.saved([result.ticket], [result.company] if result.company else [])
            if self._server is not None:
                # Every open ticket, where a new one always is, once the store answers.
                self._bring_in = (spoken_query(DEFAULT_VIEW.query), result.ticket.ref)
                self._choose(DEFAULT_VIEW)
            elif not self.ticket_list.move_to(result.ticket.ref):
                # Not in the current view: show every open ticket, where a new one always is.
                self._choose(DEFAULT_VIEW)
                self.ticket_list.move_to(result.ticket.ref)
            said = _("#{ref} logged").format(ref=result.ticket.ref)
            if result.company_known_at is not None:
                known = _(
                    "Business already known at the desk {desk}: its details taken from there."
                )
                said = f"{said} · {known.format(desk=result.company_known_at)}"
            self.helpdesk.say(said)

        self.app.push_screen(TicketForm(), logged)

    def action_triage_inbox(self) -> None:
        """Triage new tickets one at a time, oldest first."""
        from helpdesk.tui.screens.triage import TriageScreen

        refs = [t.ref for t in self.index.new_tickets()]
        if not refs:
            self.helpdesk.say(_("The inbox is empty: no new tickets to triage."))
            return
        self.app.push_screen(TriageScreen(refs))

    def action_bulk(self) -> None:
        """Set topics, priority or adviser on every selected ticket (select with space)."""
        from helpdesk.tui.screens.ticket_dialogs import BulkChange, BulkDialog

        refs = sorted(self.ticket_list.selected)
        if not refs:
            self.helpdesk.say(_("Select tickets with space first, then press b."))
            return

        def apply(change: BulkChange | None) -> None:
            if change is None or change.is_empty():
                return

            def triage(ref: int) -> Ticket:
                return self.desk.tickets.triage(
                    ref, topics=change.topics, priority=change.priority, assignee=change.assignee
                )

            done = [t for ref in refs if (t := self.helpdesk.act(partial(triage, ref)))]
            self.ticket_list.clear_selection()
            if done:
                self.helpdesk.saved(done)
                self.helpdesk.say(
                    ngettext("{count} ticket changed", "{count} tickets changed", len(done)).format(
                        count=len(done)
                    )
                )

        self.app.push_screen(BulkDialog(self.index.topics, self.index.advisers, len(refs)), apply)

    def action_agenda(self) -> None:
        """Follow-ups: overdue, today, this week."""
        from helpdesk.tui.screens.agenda import AgendaScreen

        self.app.push_screen(AgendaScreen())

    def action_webinars(self) -> None:
        """The webinar catalogue."""
        from helpdesk.tui.screens.webinars import WebinarsScreen

        self.app.push_screen(WebinarsScreen())

    def action_partners(self) -> None:
        """The partners of the network and their referrals."""
        from helpdesk.tui.screens.partners import PartnersScreen

        self.app.push_screen(PartnersScreen())

    def action_calls(self) -> None:
        """The grant calls (bandi)."""
        from helpdesk.tui.screens.calls import CallsScreen

        self.app.push_screen(CallsScreen())

    def action_dashboard(self) -> None:
        """The desk's figures."""
        from helpdesk.tui.screens.dashboard import DashboardScreen

        self.app.push_screen(DashboardScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys of services this desk does not have yet."""
        if action == "webinars":
            return hasattr(self.desk, "webinars")
        if action == "dashboard":
            return hasattr(self.desk, "summary")
        return True
