"""Persistence: the only package that imports TinyDB.

Use :func:`open_store` to get a :class:`Store` over a file, or ``Store(MemoryStorage(...))``.
"""

from __future__ import annotations

import os
from datetime import tzinfo

from helpdesk.store.storage import FileStorage, MemoryStorage
from helpdesk.store.store import Store, initial_data

__all__ = ["Store", "memory_store", "open_store"]


def open_store(
    path: str | os.PathLike[str], *, create: bool = True, tz: tzinfo | None = None
) -> Store:
    """A store over the database file at ``path``.

    Args:
        path: The JSON database file.
        create: Create the file on the first write when missing; when False a missing file is
            an error on first use (for reading commands).
        tz: The desk's time zone (Europe/Rome by default).
    """
    return Store(FileStorage(path, create=create, initial=initial_data), tz)


def memory_store(tz: tzinfo | None = None) -> Store:
    """A store held in memory, seeded like a new database."""
    return Store(MemoryStorage(initial=initial_data), tz)
