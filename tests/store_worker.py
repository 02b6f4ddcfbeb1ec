"""A separate process that adds tickets to a helpdesk database, for the multi-process tests.

Usage::

    python tests/store_worker.py DATABASE TAG COUNT

Opens the store, prints ``ready`` and waits for one line on stdin, so that the test decides when
the writing starts. Then it adds ``COUNT`` tickets one transaction each, subjects ``"TAG 0"``,
``"TAG 1"``…, and prints each ticket's reference as soon as ``add_ticket`` has returned, flushing
stdout each time: a printed reference is a ticket whose command had returned.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from uuid import uuid4
from zoneinfo import ZoneInfo

from helpdesk.domain.models import Ticket
from helpdesk.store import open_store


def main(argv: list[str]) -> int:
    """Add the tickets; see the module docstring.

    Args:
        argv: The command line: program, database path, tag, count.

    Returns:
        The exit status.
    """
    path, tag, count = argv[1], argv[2], int(argv[3])
    store = open_store(path)
    rome = ZoneInfo("Europe/Rome")
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(count):
        now = datetime.now(rome)
        ticket = store.add_ticket(
            Ticket(uid=uuid4().hex, created=now, updated=now, subject=f"{tag} {i}")
        )
        print(ticket.ref, flush=True)
        # A breath between adds, as between real commands: on a loaded machine one worker could
        # otherwise finish before the other is scheduled, and nothing would have interleaved.
        time.sleep(0.002)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
