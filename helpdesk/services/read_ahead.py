"""The database read ahead between commands, so that the next worker opens it without reading.

The store keeps the copy (:func:`helpdesk.store.storage.read_ahead`) and gives it to the next
opening of the same file only while the file on disk is exactly the file read (inode, size,
modification time). The command server (:mod:`helpdesk.cli.server.serve`) calls these
between commands; they live among the services because the fronts never reach the store.
"""

from __future__ import annotations

from helpdesk.store import storage


def read_ahead(path: str) -> None:
    """Read and check the database at ``path`` ahead of the commands that will open it: the
    server's workers then open it without reading it, while it is unchanged."""
    storage.read_ahead(path)


def forget_changed_read_ahead() -> None:
    """Let go of a database read ahead whose file was replaced or deleted since: it would never
    be used, and it holds the old file open."""
    storage.forget_changed_read_ahead()
