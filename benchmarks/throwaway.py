"""A throwaway PostgreSQL server for the benchmarks, started as the tests start theirs
(``tests/postgres.py``): from the machine's PostgreSQL binaries, in a temporary folder."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def start_server(settings: str = "") -> tuple[Any, str]:
    """A started server (stop it with ``.stop()``) and the URL of a database ``bench`` on it.

    Args:
        settings: More of the server's settings (``-c name=value …``).
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from postgres import Server, binaries

    folder = binaries()
    if folder is None:
        raise SystemExit("PostgreSQL's binaries are missing: apt-get install postgresql-15")
    server = Server(folder, settings)
    server.start()
    return server, server.create_database("bench")
