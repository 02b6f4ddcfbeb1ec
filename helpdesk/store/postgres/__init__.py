"""The PostgreSQL store: the only package that imports psycopg.

:func:`open_postgres_store` opens a desk in a database that ``helpdesk init`` set up;
:func:`set_up_desk` sets one up (the schema's migrations, the desk, its default topics) and
:func:`upgrade_database` brings a database's schema up to date.
"""

from __future__ import annotations

from datetime import tzinfo

from helpdesk.errors import Conflict
from helpdesk.store.postgres.connection import connect, is_postgres_url, masked
from helpdesk.store.postgres.store import DEFAULT_DESK, PostgresStore

__all__ = [
    "DEFAULT_DESK",
    "PostgresStore",
    "is_postgres_url",
    "masked",
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


def set_up_desk(url: str, *, desk: str = DEFAULT_DESK, tz: tzinfo | None = None) -> PostgresStore:
    """Bring the database's schema up to date and add the desk, with the default topics.

    Raises:
        Conflict: when the database already holds a desk of that name (left untouched).
        StoreError: when the server cannot be reached or the schema cannot be applied.
    """
    from helpdesk.domain.taxonomy import DEFAULT_TOPICS

    upgrade_database(url)
    with connect(url) as conn, conn.transaction():
        created = conn.execute(
            "INSERT INTO desks (name) VALUES (%s) ON CONFLICT (name) DO NOTHING RETURNING id",
            (desk,),
        ).fetchone()
    if created is None:
        raise Conflict(f"{masked(url)} already holds the desk {desk!r}; it was left untouched.")
    store = PostgresStore(url, desk=desk, tz=tz)
    with store.transaction():
        for topic in DEFAULT_TOPICS:
            store.save_topic(topic)
    return store
