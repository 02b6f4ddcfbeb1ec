"""The PostgreSQL store: the only package that imports psycopg.

:func:`open_postgres_store` opens a desk in a database that ``helpdesk init`` set up;
:func:`set_up_desk` sets one up (the schema's migrations, the desk, its default topics) and
:func:`upgrade_database` brings a database's schema up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from helpdesk.store.postgres.connection import connect, masked
from helpdesk.store.postgres.store import DEFAULT_DESK, PostgresStore

__all__ = [
    "DEFAULT_DESK",
    "PostgresStore",
    "masked",
    "open_or_set_up_desk",
    "open_postgres_store",
    "set_up_desk",
    "upgrade_database",
]


def open_postgres_store(
    url: str, *, desk: str = DEFAULT_DESK, tz: tzinfo | None = None
) -> PostgresStore:
    """The desk ``desk`` of the database at ``url`` (connected on first use)."""
    return PostgresStore(url, desk=desk, tz=tz)


def upgrade_database(url: str) -> list[str]:
    """Apply the schema migrations the database lacks; returns the names of those applied."""
    from helpdesk.store.postgres import schema

    with connect(url) as conn:
        return schema.upgrade(conn)


def set_up_desk(
    url: str,
    *,
    desk: str = DEFAULT_DESK,
    tz: tzinfo | None = None,
    then: Callable[[PostgresStore], None] | None = None,
) -> PostgresStore:
    """Bring the database's schema up to date and add the desk, with the default topics, and
    whatever ``then`` adds to it, in one transaction: if ``then`` fails there is no desk.

    Raises:
        Conflict: when the database already holds a desk of that name (left untouched).
        StoreError: when the server cannot be reached or the schema cannot be applied.
    """
    upgrade_database(url)
    store = PostgresStore(url, desk=desk, tz=tz)
    try:
        with store.transaction():
            store.create_desk()
            if then is not None:
                then(store)
    except BaseException:
        store.close()
        raise
    return store


def open_or_set_up_desk(
    url: str, *, desk: str = DEFAULT_DESK, tz: tzinfo | None = None
) -> PostgresStore:
    """The desk ``desk`` of the database at ``url``, its schema brought up to date and the
    desk added (with the default topics) when missing."""
    upgrade_database(url)
    store = PostgresStore(url, desk=desk, tz=tz)
    with store.transaction():
        if not store.has_desk():
            store.create_desk()
    return store
