"""The terminal UI on a PostgreSQL desk: the main screen asks the server for pages and counts.

The same demo desk is held twice, in memory (the file store, which the TUI reads whole) and
copied into the test server: whatever the main screen shows of the PostgreSQL desk, a page at a
time, is what it shows of the file desk at once. A small page size makes every listing span
several pages.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import psycopg
import pytest
from postgres import new_desk_name
from test_tui import plain, type_text
from test_tui_data import run_async
from textual.widgets import Static
from textual.worker import WorkerCancelled

from helpdesk.domain.enums import Status
from helpdesk.services.demo import build_demo
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.store.postgres import PostgresStore, set_up_desk
from helpdesk.tui.app import HelpdeskApp, make_app
from helpdesk.tui.index import TicketIndex
from helpdesk.tui.screens.main import MainScreen
from helpdesk.tui.screens.ticket import TicketScreen
from helpdesk.tui.server_listing import ServerListing
from helpdesk.tui.widgets.filter_bar import FilterBar
from helpdesk.tui.widgets.ticket_list import TicketList

SIZE = 300
PAGE = 40
#: A terminal that shows fewer rows than a page, so that a page is not asked for at once.
SCREEN = (120, 24)


@pytest.fixture(scope="module")
def demo() -> Desk:
    """A demo desk in memory (the file store)."""
    return build_demo(size=SIZE)


@pytest.fixture
def pg(demo: Desk, pg_database: str) -> Iterator[Desk]:
    """The demo desk copied into a desk of its own on the test server, at the same time."""
    store = set_up_desk(pg_database, desk=new_desk_name(), tz=demo.clock.tz)
    store.write_tables(demo.ctx.store.read_tables())
    yield Desk(store, demo.clock, "ms")
    store.close()


def held(demo: Desk) -> TicketIndex:
    """The file desk as the TUI holds it."""
    index = TicketIndex(demo)
    index.load()
    return index


async def settled(app: HelpdeskApp) -> None:
    """Wait until the requests to the server are answered and shown (a request replaced by a
    newer one is cancelled: its answer is never shown)."""
    while running := [w for w in app.workers if not w.is_finished]:
        for worker in running:
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()


async def scrolled_to_the_end(app: HelpdeskApp, pilot: object) -> list[int]:
    """Move to the last row until every page is in; the references shown."""
    listing = app.screen.query_one(TicketList)
    for _ in range(SIZE // PAGE + 2):
        await pilot.press("end")  # type: ignore[attr-defined]
        await settled(app)
        await pilot.pause()  # type: ignore[attr-defined]
    return [t.ref for t in listing.tickets]


def status_line(app: HelpdeskApp) -> str:
    """What the filter bar's status line says."""
    return plain(app.screen.query_one(FilterBar).query_one("#filter-status", Static))


@run_async
async def test_first_rows_are_a_page_and_scrolling_brings_the_rest(demo: Desk, pg: Desk) -> None:
    index = held(demo)
    closed = [t.ref for t in index.select("status:done")]
    assert len(closed) > 3 * PAGE  # several pages
    app = make_app(pg, watch_interval=0, page_size=PAGE)
    async with app.run_test(size=SCREEN) as pilot:
        await settled(app)
        await pilot.pause()
        listing = app.screen.query_one(TicketList)
        assert [t.ref for t in listing.tickets] == [t.ref for t in index.select("+open")]
        assert len(app.index.tickets) < SIZE  # the desk was not read whole
        await pilot.press("7")  # Closed
        await settled(app)
        await pilot.pause()
        assert [t.ref for t in listing.tickets] == closed[:PAGE]
        paged = f"1–{PAGE} of {len(closed)} · {SIZE} tickets on the desk · by urgency"
        assert status_line(app).startswith(paged)
        assert await scrolled_to_the_end(app, pilot) == closed
        assert status_line(app).startswith(f"{len(closed)} of {SIZE} tickets")


@run_async
async def test_views_and_pulse_count_as_on_the_file_desk(demo: Desk, pg: Desk) -> None:
    index = held(demo)
    app = make_app(pg, watch_interval=0, page_size=PAGE)
    async with app.run_test(size=SCREEN) as pilot:
        await settled(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen._listing is not None
        counts = screen._listing.counts
        for view in index.views():
            assert counts[view.key] == index.counts()[view.key], view.key
        assert screen._listing.pulse == index.pulse()
        assert index.counts()["due"] and index.counts()["overdue"]  # the data say something


@run_async
async def test_filter_and_sort_are_asked_of_the_server(demo: Desk, pg: Desk) -> None:
    index = held(demo)
    app = make_app(pg, watch_interval=0, page_size=PAGE)
    async with app.run_test(size=SCREEN) as pilot:
        await settled(app)
        await pilot.press("2")  # Mine
        await settled(app)
        await pilot.pause()
        listing = app.screen.query_one(TicketList)
        mine = [t.ref for t in index.select("+mine +open")]
        assert [t.ref for t in listing.tickets] == mine[:PAGE]
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"vendita", "escape")
        await settled(app)
        await pilot.pause()
        typed = [t.ref for t in index.select("vendita")]
        assert typed and [t.ref for t in listing.tickets] == typed[:PAGE]
        await pilot.press("s")  # by number, highest first
        await settled(app)
        await pilot.pause()
        by_ref = [t.ref for t in index.select("vendita", "ref", descending=True)]
        assert [t.ref for t in listing.tickets] == by_ref[:PAGE]
        await pilot.press("4")  # Overdue: a view only the follow-ups decide
        await settled(app)
        await pilot.pause()
        overdue = [t.ref for t in index.select("+overdue", "ref", descending=True)]
        assert overdue and [t.ref for t in listing.tickets] == overdue[:PAGE]


@run_async
async def test_another_advisers_change_shows_up_with_the_cursor_kept(
    demo: Desk, pg: Desk, pg_database: str
) -> None:
    store = pg.ctx.store
    assert isinstance(store, PostgresStore)
    theirs = Desk(PostgresStore(pg_database, desk=store.desk, tz=pg.clock.tz), pg.clock, "gb")
    app = make_app(pg, watch_interval=3600, page_size=PAGE)  # only NOTIFY can tell in time
    async with app.run_test(size=SCREEN) as pilot:
        await settled(app)
        await pilot.press("7")  # Closed: the newest first, a new one comes in on top
        await settled(app)
        listing = app.screen.query_one(TicketList)
        for _ in range(PAGE + 5):  # onto the second page
            await pilot.press("down")
        await settled(app)
        await pilot.pause()
        kept = listing.cursor_ref
        assert kept is not None and listing.cursor_row == PAGE + 5
        before = app.screen._listing  # type: ignore[attr-defined]
        new = theirs.tickets.log(TicketDraft("Sito fermo", priority="urgent")).ticket
        theirs.tickets.triage(new.ref, topics=["ecommerce"], assignee="gb")
        theirs.tickets.set_status(new.ref, "in_progress")
        theirs.tickets.close(new.ref, "advised")
        for _ in range(500):  # until the notification has come and the list been asked again
            await pilot.pause(0.01)
            await settled(app)
            if listing.tickets and listing.tickets[0].ref == new.ref:
                break
        assert listing.tickets[0].ref == new.ref
        assert listing.cursor_ref == kept and listing.cursor_row == PAGE + 6
        after = app.screen._listing  # type: ignore[attr-defined]
        assert after.pulse.total == before.pulse.total + 1
        assert after.counts["closed"] == before.counts["closed"] + 1
    theirs.ctx.store.close()


@run_async
async def test_a_ticket_is_opened_from_a_page_and_worked(demo: Desk, pg: Desk) -> None:
    app = make_app(pg, watch_interval=0, page_size=PAGE)
    async with app.run_test(size=SCREEN) as pilot:
        await settled(app)
        await pilot.press("7")  # Closed: the second page holds the ticket opened
        await settled(app)
        listing = app.screen.query_one(TicketList)
        for _ in range(PAGE + 2):
            await pilot.press("down")
        await settled(app)
        ref = listing.cursor_ref
        assert ref is not None
        await pilot.press("enter")
        assert isinstance(app.screen, TicketScreen) and app.screen.ref == ref
        await pilot.press("o", "enter")  # reopen
        await pilot.pause()
        await pilot.press("n")
        await type_text(pilot, "Richiamato il titolare")
        await pilot.press("ctrl+s")
        await pilot.pause()
        reopened = pg.tickets.get(ref)
        assert reopened.status is Status.IN_PROGRESS
        assert [n.text for n in reopened.notes][-1:] == ["Richiamato il titolare"]
        await pilot.press("escape")
        await settled(app)
        await pilot.pause()
        assert ref not in [t.ref for t in listing.tickets]  # no longer closed
        await pilot.press("6")  # All open
        await settled(app)
        await pilot.pause()
        assert listing.move_to(ref)


def test_the_server_counts_what_the_file_desk_counts_by_reading(demo: Desk, pg: Desk) -> None:
    queries = ["", "+open", "+due", "+overdue +open", "status:new", "topic:grants", "vendita"]
    counted = pg.tickets.counts(queries)
    assert counted is not None
    assert counted.matching == [len(demo.tickets.search(q)) for q in queries]
    assert counted.total == SIZE
    assert demo.tickets.counts(queries) is None  # a file desk counts what it holds
    assert pg.tickets.counts(["company:rossi"]) is None  # more than the server can test


def test_pages_are_read_beside_a_change_being_made_not_inside_it(pg: Desk) -> None:
    # The screen saves on its desk's connection (the UI thread) while its workers read pages:
    # a page read meanwhile must not see the change before it commits, nor run inside it.
    server = ServerListing(pg, PAGE)
    views = TicketIndex(pg).views()
    newest_first = ("", "ref", True)
    before = server.counted(server.first(*newest_first), views)
    assert before.pulse is not None
    saving, read = threading.Event(), threading.Event()
    logged: list[int] = []

    def log_and_wait_for_the_read() -> None:
        with pg.ctx.store.transaction():
            logged.append(pg.tickets.log(TicketDraft("Sito fermo", priority="urgent")).ticket.ref)
            saving.set()
            assert read.wait(30)

    writer = threading.Thread(target=log_and_wait_for_the_read)
    writer.start()
    try:
        assert saving.wait(30)
        during = server.counted(server.first(*newest_first), views)
    finally:
        read.set()
        writer.join()
    assert during.tickets[0].ref == before.tickets[0].ref != logged[0]
    assert during.pulse == before.pulse
    after = server.counted(server.first(*newest_first), views)
    assert after.tickets[0].ref == logged[0]
    assert after.pulse is not None and after.pulse.total == before.pulse.total + 1
    server.close()
    assert pg.tickets.search("", limit=1, sort="-ref")[0].ref == logged[0]  # its own stays open


def test_a_page_is_read_while_the_views_are_still_being_counted(
    pg: Desk, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The counting is held up in the server (waiting for a lock held here): a page asked
    # meanwhile is answered all the same, not queued behind it on one connection.
    server = ServerListing(pg, PAGE)
    views = TicketIndex(pg).views()
    count = server.counter.tickets.counts

    def held_counts(queries: list[str]) -> object:
        store = server.counter.ctx.store
        assert isinstance(store, PostgresStore)
        store._connection().execute("SELECT pg_advisory_lock(25), pg_advisory_unlock(25)")
        return count(queries)

    monkeypatch.setattr(server.counter.tickets, "counts", held_counts)
    pages: list[list[int]] = []
    with psycopg.connect(pg_database, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(25)")
        listing = server.first("+open", "ref", False)
        counter = threading.Thread(target=server.counted, args=(listing, views))
        counter.start()
        waiting = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        while holder.execute(waiting).fetchone() != (1,):  # until the counting waits
            assert counter.is_alive()
        reader = threading.Thread(
            target=lambda: pages.append(
                [t.ref for t in server.first("status:done", "ref", False).tickets]
            )
        )
        reader.start()
        reader.join(30)  # not queued behind the counting, which is still held up
        finished = not reader.is_alive()
        holder.execute("SELECT pg_advisory_unlock(25)")
    counter.join()
    reader.join()
    server.close()
    assert finished and len(pages[0]) == PAGE


def test_a_file_desk_is_its_own_reader(demo: Desk) -> None:
    assert demo.reader() is demo  # read whole by the screen, never beside its changes
    ServerListing(demo).close()
    assert demo.tickets.search("", limit=1)  # still open
