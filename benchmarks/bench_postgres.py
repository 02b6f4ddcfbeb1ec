"""A network on PostgreSQL: many desks, many tickets, advisers working at once.

Run by hand::

    python benchmarks/bench_postgres.py     # 12 desks, 1,000,000 tickets, 20 advisers, 180 s
    python benchmarks/bench_postgres.py --tickets 60000 --advisers 4 --seconds 30
    python benchmarks/bench_postgres.py --pause 0     # flat out: no adviser ever pauses
    python benchmarks/bench_postgres.py --url postgresql://me@db/bench     # your own database
    python benchmarks/bench_postgres.py --url postgresql://me@db/bench --no-fill --pause 0

Without ``--url`` a throwaway server is started from the machine's PostgreSQL binaries (as the
tests start theirs). Each desk is filled with copies of a demo desk's tickets (new numbers and
uids, the demo's companies and advisers), written through the store in one change. Then each
adviser, a process of its own on one of the desks, runs a mix for the given time through the
services, as the TUI and the CLI call them: list (the open tickets), filter (priority and
topic), search (a word), add, note, follow-up and triage, pausing between two operations as
people do (a random pause, ``--pause`` seconds on average; 0 runs flat out). Printed: the
machine (cores, load average) and the server's settings, how long the fill took, each
operation's count, p50 and p99 in milliseconds and its errors; then every note and ticket the
advisers added, looked for afterwards: the lost and the duplicated are counted.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import time
import uuid
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from helpdesk.dates import SystemClock
from helpdesk.dates.formatting import calendar_names
from helpdesk.services.demo import build_demo
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.store import records
from helpdesk.store.postgres import PostgresStore, open_or_set_up_desk

#: How often each operation is picked.
MIX = {"list": 25, "filter": 20, "search": 20, "add": 10, "note": 10, "followup": 5, "triage": 10}
WORDS = ["bando", "online", "digitale", "export", "sito", "formazione", "credito"]
ACTOR = "ms"

#: The throwaway server's settings beyond the tests' own: room for a network's indexes.
SERVER_SETTINGS = "-c shared_buffers=1GB -c effective_cache_size=4GB -c work_mem=8MB"

#: The server settings printed with the figures.
SHOWN = (
    "server_version",
    "shared_buffers",
    "effective_cache_size",
    "work_mem",
    "max_parallel_workers_per_gather",
    "synchronous_commit",
    "fsync",
    "jit",
)


#: Settings of the fill's own sessions: more memory to merge the GIN indexes' pending entries.
FILL_SETTINGS = "-c work_mem=64MB -c maintenance_work_mem=256MB"

#: The demo desk every desk's tickets are copied from (set before the fill's processes start).
_TEMPLATE: dict[str, Any] = {}


def fill(url: str, desks: int, tickets: int, template_size: int, jobs: int) -> list[str]:
    """Make the desks, each with ``tickets // desks`` tickets, ``jobs`` desks at a time;
    returns their names."""
    _TEMPLATE.update(build_demo(size=template_size).ctx.store.read_tables())
    names = [f"hub-{d + 1:02d}" for d in range(desks)]
    open_or_set_up_desk(url, desk=names[0]).close()  # the schema, once
    work = [(with_settings(url, FILL_SETTINGS), name, tickets // desks) for name in names]
    context = multiprocessing.get_context("fork")
    with context.Pool(max(1, min(jobs, desks))) as pool:
        for line in pool.imap(fill_desk, work):
            print(line, flush=True)
    # As the server's own vacuum keeps a desk in use: pending index entries merged, pages
    # marked all-visible, statistics current.
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) tickets, companies")
    print(f"  vacuumed in {time.perf_counter() - started:.1f} s", flush=True)
    return names


def fill_desk(work: tuple[str, str, int]) -> str:
    """Fill one desk with copies of the template's tickets (new uids); says how long it took."""
    url, name, count = work
    template = _TEMPLATE
    originals = list(template["tickets"].values())
    logs = template.get("ticket_logs", {})
    keys = list(template["tickets"])
    tables = {k: dict(v) for k, v in template.items() if k not in ("tickets", "ticket_logs")}
    copies: dict[str, Any] = {}
    copied_logs: dict[str, Any] = {}
    for ref in range(1, count + 1):
        i = (ref - 1) % len(originals)
        copies[str(ref)] = {**originals[i], "uid": uuid.uuid4().hex}
        if keys[i] in logs:
            copied_logs[str(ref)] = logs[keys[i]]
    tables["tickets"], tables["ticket_logs"] = copies, copied_logs
    started = time.perf_counter()
    store = open_or_set_up_desk(url, desk=name)
    store.write_tables(tables)
    store.close()
    return f"  {name}: {count:,} tickets in {time.perf_counter() - started:.1f} s"


def with_settings(url: str, settings: str) -> str:
    """The URL with these server settings for its sessions (unless it names its own)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    if any(key == "options" for key, _ in query):
        return url
    encoded = urlencode([*query, ("options", settings)], quote_via=quote)
    return urlunsplit(parts._replace(query=encoded))


def adviser(
    url: str, desk_name: str, worker: int, seconds: float, pause: float, seed: int, out: Any
) -> None:
    """One adviser's session: the mix, timed, until the time is up, with a random pause of
    ``pause`` seconds on average (exponentially distributed) after each operation."""
    rng = random.Random(seed + worker)
    run = f"{seed}/{os.getppid()}"  # this run's texts differ from an earlier run's on the desks
    clock = SystemClock()
    desk = Desk(PostgresStore(url, desk=desk_name, tz=clock.tz), clock, ACTOR)
    top = desk.ctx.store.ticket_count()
    # What a session pays once, when an adviser opens it, is left out of the timings: the
    # imports, the desk's reference records and the calendar names in the desk's language.
    desk.tickets.search("status:open", limit=1, partial=True)
    calendar_names(desk.ctx.desk_language())
    ops, weights = list(MIX), list(MIX.values())
    timings: dict[str, list[float]] = defaultdict(list)
    errors: Counter[str] = Counter()
    added: list[str] = []
    notes: list[tuple[int, str]] = []
    n = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if n and pause > 0:
            time.sleep(min(rng.expovariate(1 / pause), max(0.0, end - time.monotonic())))
            if time.monotonic() >= end:
                break
        op = rng.choices(ops, weights)[0]
        ref = rng.randint(1, top)
        n += 1
        started = time.perf_counter()
        try:
            if op == "list":
                desk.tickets.search("status:open", limit=50, partial=True)
            elif op == "filter":
                desk.tickets.search("priority:high,urgent topic:ecommerce", limit=50, partial=True)
            elif op == "search":
                desk.tickets.search(rng.choice(WORDS), limit=50, partial=True)
            elif op == "add":
                subject = f"bench {run}-{worker}-{n}"
                desk.tickets.log(TicketDraft(subject, topics=["ecommerce"]))
                added.append(subject)
            elif op == "note":
                text = f"nota {run}-{worker}-{n}"
                desk.tickets.add_note(ref, text)
                notes.append((ref, text))
            elif op == "followup":
                desk.followups.add(ref, "+3d", f"richiamare {run}-{worker}-{n}")
            elif op == "triage":
                desk.tickets.triage(ref, priority=rng.choice(["low", "normal", "high"]))
        except Exception as error:  # counted, and the session goes on
            errors[f"{op}: {type(error).__name__}"] += 1
            continue
        timings[op].append((time.perf_counter() - started) * 1000)
    desk.ctx.store.close()
    out.put((desk_name, dict(timings), errors, added, notes))


def check(url: str, results: list[tuple[Any, ...]], filled: int) -> tuple[int, int]:
    """The added tickets and notes lost and duplicated, desk by desk: the tickets after the
    ``filled`` ones each desk was filled with, and the tickets noted, are read back whole."""
    lost = duplicated = 0
    by_desk: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for result in results:
        by_desk[result[0]].append(result)
    for name, found in by_desk.items():
        store = PostgresStore(url, desk=name)
        added_refs = [ref for ref in store.ticket_refs() if ref > filled]
        subjects = Counter(r["subject"] for _, r in store.ticket_records(added_refs))
        noted = sorted({ref for result in found for ref, _ in result[4]})
        texts: Counter[tuple[int, str]] = Counter()
        for ref, record in store.ticket_records(noted):
            ticket = records.ticket_from_record(record, ref, store.tz)
            texts.update((ref, note.text) for note in ticket.notes)
        for _, _, _, added, notes in found:
            for subject in added:
                lost += subjects[subject] == 0
                duplicated += subjects[subject] > 1
            for note in notes:
                lost += texts[note] == 0
                duplicated += texts[note] > 1
        store.close()
    return lost, duplicated


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def machine() -> str:
    """The machine the figures were measured on: cores, load average, Python and system."""
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} cores, load average {load}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def server_settings(url: str) -> str:
    """The server's settings that bear on the figures."""
    import psycopg

    with psycopg.connect(url) as conn:
        shown = [f"{name}={conn.execute(f'SHOW {name}').fetchone()[0]}" for name in SHOWN]
    return "server: " + ", ".join(shown)


def main() -> None:
    """Fill the network, run the advisers, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a PostgreSQL database (default: a throwaway server)")
    parser.add_argument("--desks", type=int, default=12)
    parser.add_argument("--tickets", type=int, default=1_000_000, help="across every desk")
    parser.add_argument("--advisers", type=int, default=20, help="processes working at once")
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument(
        "--pause",
        type=float,
        default=1.0,
        help="seconds an adviser pauses between operations, on average (0: flat out)",
    )
    parser.add_argument("--template", type=int, default=2000, help="demo tickets copied")
    parser.add_argument("--seed", type=int, default=25)
    parser.add_argument(
        "--no-fill",
        action="store_true",
        help="run on the desks an earlier run filled at --url (same --desks and --tickets)",
    )
    parser.add_argument(
        "--fill-jobs", type=int, default=os.cpu_count() or 1, help="desks filled at once"
    )
    args = parser.parse_args()

    server = None
    if args.no_fill and args.url is None:
        parser.error("--no-fill runs on the desks of a database: give its --url")
    url = args.url
    if url is None:
        from throwaway import start_server

        server, url = start_server(SERVER_SETTINGS)
    try:
        print(machine(), flush=True)
        print(server_settings(url), flush=True)
        if args.no_fill:
            names = [f"hub-{d + 1:02d}" for d in range(args.desks)]
        else:
            print(f"filling {args.desks} desks with {args.tickets:,} tickets", flush=True)
            started = time.perf_counter()
            names = fill(url, args.desks, args.tickets, args.template, args.fill_jobs)
            print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)
        print(machine(), flush=True)
        pace = f"a pause of {args.pause:g} s on average" if args.pause > 0 else "no pause"
        print(
            f"{args.advisers} advisers for {args.seconds:.0f} s, {pace} between operations",
            flush=True,
        )
        queue: Any = multiprocessing.Queue()
        workers = [
            multiprocessing.Process(
                target=adviser,
                args=(url, names[i % len(names)], i, args.seconds, args.pause, args.seed, queue),
            )
            for i in range(args.advisers)
        ]
        for worker in workers:
            worker.start()
        results = [queue.get() for _ in workers]
        for worker in workers:
            worker.join()
        print(machine(), flush=True)
        timings: dict[str, list[float]] = defaultdict(list)
        errors: Counter[str] = Counter()
        for _, times, failed, _, _ in results:
            for op, values in times.items():
                timings[op] += values
            errors.update(failed)
        done = sum(len(values) for values in timings.values())
        print(f"\n{done:,} operations, {done / args.seconds:.1f} a second")
        print("\n| operation | count | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|")
        for op in MIX:
            values = timings.get(op, [])
            failed = sum(c for k, c in errors.items() if k.startswith(f"{op}:"))
            if values:
                print(
                    f"| {op} | {len(values):,} | {statistics.median(values):.1f} | "
                    f"{percentile(values, 99):.1f} | {failed} |"
                )
        for kind, count in errors.items():
            print(f"  error {kind}: {count}")
        lost, duplicated = check(url, results, args.tickets // args.desks)
        print(f"\nadded tickets and notes lost: {lost}, duplicated: {duplicated}")
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
