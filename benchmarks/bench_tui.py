"""How fast the terminal UI is on big desks: first paint, a filter keystroke, a sort, moving.

Run it by hand::

    python benchmarks/bench_tui.py                      # 1,000, 10,000 and 100,000 tickets
    python benchmarks/bench_tui.py --sizes 1000 10000 --runs 7

Each desk is built once, in memory: the demo generator (:func:`helpdesk.services.demo.build_demo`)
up to ``--demo-limit`` tickets, and above it the demo's tickets copied over and over (the demo
generator plays every ticket's life through the services, which takes minutes at 100,000). The
app is the real one, built by :func:`helpdesk.tui.app.make_app` and run headless at 120x40.

What is timed, each the median of ``--runs`` runs:

* first paint: from building the app (which reads every ticket) to the first frame drawn;
* warm-up: the work the app then does in slices while the adviser is idle (every column's
  sort keys, every ticket's search text), so the first sort or search of each kind is quick;
* filter keystroke: one character typed in the filter bar, the list filtered and redrawn;
* sort: ``s`` (the next column), the list sorted and redrawn;
* down, page down: the cursor moved and the list redrawn;
* preview: the ticket under the cursor drawn in the preview, once the cursor rests there.

A keystroke is timed from the key press to the end of the frame that shows its effect, in
processor time (the pilot's idle checks sleep, and sleeping is not work); the benchmark asks the
screen to draw at once instead of waiting for Textual's next 60 Hz tick. First paint is wall time.

With ``--files SHAPE ...`` it opens instead the file desks that ``bench_cli.py`` built (under
``benchmarks/out/``, one per shape and size in ``--sizes``) as ``helpdesk`` does, and times in
wall time: opening the file to the first rows drawn (Textual's own import not counted), the
dashboard and the agenda from their key to their first frame, and a note added by another
``helpdesk`` process until the list shows it, with the app watching the file as it does::

    python benchmarks/bench_tui.py --files closed open long common --sizes 10000 50000

With ``--postgres`` it fills a desk of each size in ``--sizes`` on a PostgreSQL server (a
throwaway one from the machine's binaries, as the tests start theirs, or ``--url``) with copies
of a demo desk's tickets, and times in wall time, each the median of ``--runs``: building the
app to the first rows drawn (the first page and the views' counts asked of the server), a view
chosen until its first rows are drawn, a filter typed until its rows are drawn, the next page
fetched once the cursor nears the end of the first, and another connection's change until
the list shows it (told by NOTIFY). The machine's load average is printed with the table.
``--no-fill`` runs again on the desks (``tui-SIZE``) an earlier run filled at ``--url``, their
schema brought up to date first::

    python benchmarks/bench_tui.py --postgres --sizes 100000 1000000 --runs 3
    python benchmarks/bench_tui.py --postgres --url postgresql://me@db/bench --no-fill \
        --sizes 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from helpdesk.services.demo import build_demo
from helpdesk.services.desk import Desk
from helpdesk.tui.app import HelpdeskApp, make_app
from helpdesk.tui.screens.main import PREVIEW_DELAY

SIZE = (120, 40)


def build_desk(size: int, demo_limit: int) -> Desk:
    """A desk of ``size`` tickets: the demo, or the demo's tickets repeated to reach ``size``."""
    if size <= demo_limit:
        return build_demo(size=size)
    from helpdesk.dates import FrozenClock

    base = build_demo(size=demo_limit)
    tickets = base.tickets.all()
    clock = base.clock
    assert isinstance(clock, FrozenClock)
    store = base.ctx.store
    copies = []
    while len(tickets) + len(copies) < size:
        for ticket in tickets:
            if len(tickets) + len(copies) >= size:
                break
            copy = _copy(ticket)
            copies.append(copy)
    store.add_tickets(copies)
    return base


def _copy(ticket: object) -> object:
    import copy
    import uuid

    twin = copy.deepcopy(ticket)
    twin.uid = uuid.uuid4().hex  # type: ignore[attr-defined]
    twin.ref = 0  # type: ignore[attr-defined]
    twin.links = []  # type: ignore[attr-defined]
    return twin


def draw_now(app: HelpdeskApp) -> None:
    """Draw what is pending at once (what Textual's refresh timer does on its next tick)."""
    app.screen._on_timer_update()


async def timed(app: HelpdeskApp, action: Callable[[], Awaitable[None]]) -> float:
    """Seconds of work from starting ``action`` to the end of the frame that shows it.

    Counted in processor time: Textual's test pilot sleeps between checks that the app is idle
    (50 ms and more per key), which wall time would count and the adviser never waits for.
    """
    start = time.process_time()
    await action()
    draw_now(app)
    return time.process_time() - start


async def measure(desk: Desk, runs: int) -> dict[str, list[float]]:
    """Every figure, ``runs`` times each."""
    figures: dict[str, list[float]] = {
        "first paint": [],
        "warm-up": [],
        "filter keystroke": [],
        "sort": [],
        "down": [],
        "page down": [],
        "preview": [],
    }
    for run in range(runs):
        gc.collect()
        start = time.perf_counter()
        app = make_app(desk, watch_interval=0)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            draw_now(app)
            figures["first paint"].append(time.perf_counter() - start)
            # The app warms its index (sort keys, search texts) in slices while idle; finish
            # it here so that no slice runs inside a timed keystroke.
            start = time.process_time()
            while app.index.warm():
                pass
            figures["warm-up"].append(time.process_time() - start)
            if run:
                continue
            for key in ["down"] * runs:
                figures["down"].append(await timed(app, lambda key=key: pilot.press(key)))
            for key in ["pagedown"] * runs:
                figures["page down"].append(await timed(app, lambda key=key: pilot.press(key)))
                # The preview follows once the cursor rests (see PREVIEW_DELAY): time it apart.
                figures["preview"].append(await timed(app, lambda: pilot.pause(PREVIEW_DELAY * 2)))
            for _ in range(runs):
                figures["sort"].append(await timed(app, lambda: pilot.press("s")))
            await pilot.press("slash", "ctrl+a", "backspace")
            for char in "forno via"[: max(runs, 3)].ljust(runs, "x"):
                key = "space" if char == " " else char
                figures["filter keystroke"].append(
                    await timed(app, lambda key=key: pilot.press(key))
                )
    return figures


async def measure_file(path: Path) -> dict[str, float]:
    """Seconds to the first rows, the dashboard, the agenda and another process's change, on
    a copy of the file desk at ``path``."""
    import os
    import shutil
    import subprocess
    import tempfile

    from helpdesk.config import Settings
    from helpdesk.services.factory import open_desk

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "tickets.json"
        shutil.copy(path, db)
        start = time.perf_counter()
        app = make_app(open_desk(Settings(db=db, adviser="ms")))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            draw_now(app)
            figures["first rows"] = time.perf_counter() - start
            while app.index.warm():  # what the app does in slices while the adviser reads
                pass
            for key, name in (("d", "dashboard"), ("a", "agenda")):
                start = time.perf_counter()
                await pilot.press(key)
                draw_now(app)
                figures[name] = time.perf_counter() - start
                await pilot.press("escape")
            seen = app.desk.version()
            env = {**os.environ, "HELPDESK_SERVER": "off", "HELPDESK_ADVISER": "gb"}
            note = [sys.executable, "-m", "helpdesk", "--db", str(db), "note", "1", "Richiamato"]
            subprocess.run(note, env=env, check=True, stdout=subprocess.DEVNULL)
            start = time.perf_counter()
            while app._seen == seen:  # set by the reload, which ends before the next await
                await pilot.pause(0.01)
            draw_now(app)
            figures["change on screen"] = time.perf_counter() - start
    return figures


def main_files(shapes: list[str], sizes: list[int]) -> None:
    """Time the file desks of ``bench_cli.py`` and print the table."""
    out = Path(__file__).resolve().parent / "out"
    rows = []
    for size in sizes:
        for shape in shapes:
            path = out / f"{shape}-{size}.json"
            if not path.exists():
                raise SystemExit(f"{path} is missing: run bench_cli.py --sizes {size} first.")
            rows.append((f"{shape} {size:,}", asyncio.run(measure_file(path))))
    names = list(rows[0][1])
    print()
    print("desk".ljust(14) + "".join(name.rjust(18) for name in names))
    for label, figures in rows:
        print(label.ljust(14) + "".join(f"{figures[name] * 1000:>15.0f} ms" for name in names))


def fill_postgres(url: str, size: int, template_size: int, batch: int = 50_000) -> str:
    """A desk of ``size`` copies of a demo desk's tickets on the server at ``url``, written
    ``batch`` tickets at a time (a million at once would not fit in memory); its name."""
    import uuid

    from helpdesk.store.postgres import open_or_set_up_desk

    template = build_demo(size=template_size).ctx.store.read_tables()
    originals = list(template["tickets"].values())
    logs = template.get("ticket_logs", {})
    keys = list(template["tickets"])

    def copies(first: int, last: int) -> list[tuple[dict[str, object], dict[str, object]]]:
        parts = []
        for ref in range(first, last + 1):
            i = (ref - 1) % len(originals)
            parts.append(({**originals[i], "uid": uuid.uuid4().hex}, logs.get(keys[i], {})))
        return parts

    # The first batch with the rest of the desk (referrals and enrolments name its tickets).
    tables = {k: dict(v) for k, v in template.items() if k not in ("tickets", "ticket_logs")}
    head = copies(1, min(batch, size))
    tables["tickets"] = {str(ref): record for ref, (record, _) in enumerate(head, start=1)}
    tables["ticket_logs"] = {str(ref): log for ref, (_, log) in enumerate(head, start=1) if log}
    name = f"tui-{size}"
    store = open_or_set_up_desk(url, desk=name)
    store.write_tables(tables)  # type: ignore[arg-type]
    for first in range(batch + 1, size + 1, batch):
        store.add_ticket_parts(copies(first, min(first + batch - 1, size)))
    store.close()
    return name


async def until(pilot: object, done: Callable[[], bool], limit: float = 120.0) -> None:
    """Let the app run until ``done()`` (or ``limit`` seconds have passed)."""
    start = time.perf_counter()
    while not done() and time.perf_counter() - start < limit:
        await pilot.pause(0.002)  # type: ignore[attr-defined]


async def measure_postgres(url: str, desk_name: str, runs: int) -> dict[str, list[float]]:
    """Wall-time figures of the TUI on the PostgreSQL desk ``desk_name``, ``runs`` times each."""
    from helpdesk.dates import FrozenClock
    from helpdesk.store.postgres import PostgresStore

    clock = build_demo(size=10).clock
    assert isinstance(clock, FrozenClock)
    figures: dict[str, list[float]] = {
        "first rows": [],
        "view": [],
        "filter": [],
        "next page": [],
        "change on screen": [],
    }
    other = Desk(PostgresStore(url, desk=desk_name, tz=clock.tz), clock, "gb")
    for _ in range(runs):
        gc.collect()
        desk = Desk(PostgresStore(url, desk=desk_name, tz=clock.tz), clock, "ms")
        for name, value in (await one_postgres_run(desk, other)).items():
            figures[name].append(value)
        desk.ctx.store.close()
    other.ctx.store.close()
    return figures


async def one_postgres_run(desk: Desk, other: Desk) -> dict[str, float]:
    """One run of :func:`measure_postgres`'s figures; ``other`` makes the change."""
    from helpdesk.services.tickets import TicketDraft
    from helpdesk.tui.screens.main import MainScreen

    figures: dict[str, float] = {}
    start = time.perf_counter()
    app = make_app(desk, watch_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)

        def answered(query: str | None = None) -> bool:
            got = screen._listing
            return got is not None and (query is None or got.query == query)

        await until(pilot, answered)
        draw_now(app)
        figures["first rows"] = time.perf_counter() - start
        start = time.perf_counter()
        # The key is handed to the app, not pressed through the pilot: the pilot's press
        # returns once the screen has settled, counts and all, after the rows are drawn.
        app.simulate_key("7")  # Closed: most of the desk
        await until(pilot, lambda: answered("status:done"))
        draw_now(app)
        figures["view"] = time.perf_counter() - start
        first = screen._listing
        assert first is not None
        start = time.perf_counter()
        app.simulate_key("end")  # near the end of the first page: the next one comes
        await until(pilot, lambda: len(screen._listing.tickets) > len(first.tickets))
        draw_now(app)
        figures["next page"] = time.perf_counter() - start
        await pilot.press("slash", "ctrl+a", "ctrl+k")
        start = time.perf_counter()
        await pilot.press(*"bando")
        await until(pilot, lambda: answered("bando"))
        draw_now(app)
        figures["filter"] = time.perf_counter() - start
        await pilot.press("escape", "6")
        await until(pilot, lambda: answered("+open"))
        before = screen._listing
        start = time.perf_counter()
        other.tickets.log(TicketDraft("Sito da rifare", priority="urgent"))
        await until(pilot, lambda: screen._listing is not before)
        draw_now(app)
        figures["change on screen"] = time.perf_counter() - start
    return figures


def filled_desk(url: str, size: int) -> str:
    """The desk of ``size`` tickets an earlier run filled at ``url``, its schema brought up to
    date; its name."""
    from helpdesk.store.postgres import PostgresStore, upgrade_database

    name = f"tui-{size}"
    upgrade_database(url)
    store = PostgresStore(url, desk=name)
    try:
        if not store.has_desk():
            raise SystemExit(f"{store.describe()}: no such desk; fill it (leave --no-fill out)")
        count = store.ticket_count()
    finally:
        store.close()
    print(f"a desk of {count:,} tickets filled by an earlier run: {name}", file=sys.stderr)
    return name


def main_postgres(
    url: str | None, sizes: list[int], runs: int, template: int, *, fill: bool = True
) -> None:
    """Fill a PostgreSQL desk of each size (or take the one filled before), time the TUI on it
    and print the table."""
    import os

    server = None
    if url is None:
        from throwaway import start_server

        server, url = start_server()
    rows = []
    try:
        for size in sizes:
            if fill:
                start = time.perf_counter()
                name = fill_postgres(url, size, template)
                filled = time.perf_counter() - start
                print(f"filled a desk of {size:,} tickets in {filled:.0f} s", file=sys.stderr)
            else:
                name = filled_desk(url, size)
            figures = asyncio.run(measure_postgres(url, name, runs))
            rows.append((size, {k: statistics.median(v) for k, v in figures.items()}))
            medians = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in rows[-1][1].items())
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"{size:,}: {medians} (load {load})", file=sys.stderr, flush=True)
    finally:
        if server is not None:
            server.stop()
    names = list(rows[0][1])
    print()
    print("tickets".rjust(9) + "".join(name.rjust(18) for name in names))
    for size, medians in rows:
        print(f"{size:>9,}" + "".join(f"{medians[n] * 1000:>15.0f} ms" for n in names))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nload average (1, 5, 15 min) at the end: {load}; {os.cpu_count()} cores")


def main() -> None:
    """Parse the options, build the desks, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median shown)")
    parser.add_argument(
        "--demo-limit",
        type=int,
        default=10_000,
        help="largest desk made by the demo generator; bigger ones repeat its tickets",
    )
    parser.add_argument(
        "--files",
        nargs="+",
        metavar="SHAPE",
        help="time the file desks bench_cli.py built for these shapes instead",
    )
    parser.add_argument(
        "--postgres", action="store_true", help="time the TUI on PostgreSQL desks instead"
    )
    parser.add_argument("--url", help="with --postgres: a database (default: a throwaway server)")
    parser.add_argument(
        "--template", type=int, default=2000, help="with --postgres: demo tickets copied"
    )
    parser.add_argument(
        "--no-fill",
        action="store_true",
        help="with --postgres and --url: run on the desks an earlier run filled there",
    )
    args = parser.parse_args()
    if args.no_fill and (not args.postgres or args.url is None):
        parser.error("--no-fill runs on the desks of a PostgreSQL database: give --postgres --url")
    if args.postgres:
        main_postgres(args.url, args.sizes, args.runs, args.template, fill=not args.no_fill)
        return
    if args.files:
        main_files(args.files, args.sizes)
        return
    rows = []
    for size in args.sizes:
        start = time.perf_counter()
        desk = build_desk(size, args.demo_limit)
        built = time.perf_counter() - start
        print(f"built a desk of {size:,} tickets in {built:.1f} s", file=sys.stderr, flush=True)
        figures = asyncio.run(measure(desk, args.runs))
        rows.append((size, {name: statistics.median(v) for name, v in figures.items()}))
        del desk
    names = list(rows[0][1])
    print()
    print("tickets".rjust(9) + "".join(name.rjust(18) for name in names))
    for size, medians in rows:
        cells = "".join(f"{medians[name] * 1000:>15.1f} ms" for name in names)
        print(f"{size:>9,}" + cells)


if __name__ == "__main__":
    main()
