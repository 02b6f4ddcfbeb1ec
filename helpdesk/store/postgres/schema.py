"""The PostgreSQL schema's versions, applied in order by ``helpdesk init`` and ``upgrade``.

Each migration is one SQL file in ``migrations/``, numbered (``0001_desks.sql``); the
``helpdesk_schema`` table records which were applied. A file whose first line starts with
``-- optional:`` needs something the server may lack (an extension): when it fails it is left
unrecorded, and the next upgrade tries it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import psycopg

from helpdesk.errors import StoreError
from helpdesk.i18n import _


@dataclass(frozen=True, slots=True)
class Migration:
    """One version of the schema.

    Attributes:
        version: Its number, from the file's name.
        name: The file's name.
        sql: The statements.
        optional: Whether the schema works without it.
    """

    version: int
    name: str
    sql: str
    optional: bool


def migrations() -> list[Migration]:
    """Every migration shipped, in order."""
    folder = resources.files("helpdesk.store.postgres") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            sql = entry.read_text(encoding="utf-8")
            found.append(
                Migration(int(entry.name[:4]), entry.name, sql, sql.startswith("-- optional:"))
            )
    return sorted(found, key=lambda m: m.version)


LATEST = max(m.version for m in migrations() if not m.optional)

_LEDGER = """
CREATE TABLE IF NOT EXISTS helpdesk_schema (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


def applied(conn: psycopg.Connection) -> set[int]:
    """The versions applied to the database (empty for one helpdesk never set up)."""
    exists = conn.execute("SELECT to_regclass('helpdesk_schema') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return set()
    return {row[0] for row in conn.execute("SELECT version FROM helpdesk_schema")}


def upgrade(conn: psycopg.Connection) -> list[str]:
    """Apply the migrations the database lacks, each in its own transaction, under a lock
    that keeps two upgrades from running at once; returns the names of those applied.

    Raises:
        StoreError: when a required migration fails (it is rolled back whole), or the
            database was set up by a newer helpdesk.
    """
    done: list[str] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('helpdesk_schema'))")
        conn.execute(_LEDGER)
        have = applied(conn)
        known = {m.version for m in migrations()}
        if have - known:
            raise StoreError(
                _(
                    "This database has schema version {version}, newer than this helpdesk "
                    "knows ({latest}); upgrade helpdesk."
                ).format(version=max(have), latest=max(known))
            )
        for migration in migrations():
            if migration.version in have:
                continue
            try:
                with conn.transaction():  # a savepoint: an optional one can fail alone
                    conn.execute(migration.sql.encode())
                    conn.execute(
                        "INSERT INTO helpdesk_schema (version, name) VALUES (%s, %s)",
                        (migration.version, migration.name),
                    )
            except psycopg.Error as error:
                if migration.optional:
                    continue
                raise StoreError(
                    _("The schema migration {name} failed: {reason}")
                    .format(name=migration.name, reason=error)
                    .strip()
                ) from None
            done.append(migration.name)
    return done


def check_current(conn: psycopg.Connection, where: str) -> None:
    """Refuse a database whose schema is missing or not the one this helpdesk uses.

    Raises:
        StoreError: saying which command sets it up or brings it up to date.
    """
    have = applied(conn)
    if not have:
        raise StoreError(
            _(
                "{database} holds no helpdesk desk yet: set it up with `helpdesk --db URL init`."
            ).format(database=where)
        )
    required = {m.version for m in migrations() if not m.optional}
    if have - {m.version for m in migrations()}:
        raise StoreError(
            _(
                "{database} has schema version {version}, newer than this helpdesk knows; "
                "upgrade helpdesk."
            ).format(database=where, version=max(have))
        )
    if required - have:
        raise StoreError(
            _(
                "{database} has an older schema (version {version}): bring it up to date with "
                "`helpdesk --db URL upgrade`."
            ).format(database=where, version=max(have))
        )
