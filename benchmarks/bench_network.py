"""The network seen whole (``--desk all``): how long its listings and figures take.

Run by hand::

    python benchmarks/bench_network.py                    # 12 desks, 120,000 tickets
    python benchmarks/bench_network.py --tickets 1000000  # the size of the issue's network
    python benchmarks/bench_network.py --url postgresql://me@db/bench

The desks are filled as ``bench_postgres.py`` fills them (copies of a demo desk's tickets).
Then, through the services as ``helpdesk --desk all …`` calls them: opening the network, the
list of desks, the first and a later page of the open tickets in urgency order and of a
filtered listing by priority, the businesses once each, and the network's summary (beside
every desk's own summary computed one after another, what a network summary costs more). Each
is run a few times; printed: the median and the slowest, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench_postgres import fill

from helpdesk.config import Settings
from helpdesk.services.factory import open_network
from helpdesk.services.network_summary import network_summary
from helpdesk.services.summary import Period


def timed(run: Callable[[], Any], times: int) -> list[float]:
    """Milliseconds each of ``times`` runs of ``run`` took."""
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spent.append((time.perf_counter() - start) * 1000)
    return spent


def main() -> None:
    """Fill the network, time each network-wide operation, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a PostgreSQL database (default: a throwaway server)")
    parser.add_argument("--desks", type=int, default=12)
    parser.add_argument("--tickets", type=int, default=120_000, help="across every desk")
    parser.add_argument("--template", type=int, default=2000, help="demo tickets copied")
    parser.add_argument("--times", type=int, default=5, help="runs of each operation")
    parser.add_argument("--fill-jobs", type=int, default=2, help="desks filled at once")
    args = parser.parse_args()

    server = None
    url = args.url
    if url is None:
        from throwaway import start_server

        server, url = start_server()
    try:
        print(f"filling {args.desks} desks with {args.tickets:,} tickets", flush=True)
        fill(url, args.desks, args.tickets, args.template, args.fill_jobs)
        settings = Settings.from_env({}, db=url, desk="all", adviser="ms")
        opened = timed(lambda: open_network(settings).close(), args.times)
        network = open_network(settings)
        try:
            operations: dict[str, Callable[[], Any]] = {
                "open the network": lambda: None,
                "desk list": network.overview,
                "list, first 50 open": lambda: network.search("+open", limit=50, partial=True),
                "list, open 500–550": lambda: network.search(
                    "+open", limit=50, offset=500, partial=True
                ),
                "list priority:high,urgent -created, 50": lambda: network.search(
                    "priority:high,urgent", sort="-created", limit=50, partial=True
                ),
                "company list": network.companies,
                "summary": lambda: network_summary(network, Period()),
                "summary of each desk alone, one after another": lambda: [
                    desk.summary.compute(Period()) for desk in network.desks.values()
                ],
            }
            print("\n| operation | median ms | slowest ms |\n|---|---:|---:|")
            for name, run in operations.items():
                spent = opened if name == "open the network" else timed(run, args.times)
                print(f"| {name} | {statistics.median(spent):.0f} | {max(spent):.0f} |")
        finally:
            network.close()
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
