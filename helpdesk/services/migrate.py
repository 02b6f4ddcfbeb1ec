"""Moving a desk between stores: ``helpdesk migrate SOURCE TARGET``.

A desk file goes into a PostgreSQL database (a team outgrows one machine) and back (a desk
leaves the network, or keeps a copy). Every record is copied as it is stored, in the form
both stores share, so nothing is lost: numbers, history, follow-ups, enrolments, the demo's
stamp. The target is written in one change; one that already holds a desk's records is
refused unless it is to be replaced (a file is then backed up first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from helpdesk.config import Settings
from helpdesk.errors import Conflict, InvalidValue
from helpdesk.i18n import _
from helpdesk.services.factory import database_name, open_database
from helpdesk.store.interface import DeskStore
from helpdesk.store.records import COMPANIES, DERIVED_TABLES, TICKET_LOGS, TICKETS

#: Told ``(done, total)`` as the target's records are written.
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Migrated:
    """What a migration copied.

    Attributes:
        source: The source database, as messages name it.
        target: The target database, as messages name it.
        tickets: How many tickets.
        companies: How many companies.
        records: How many records in all (a ticket with its notes and history is one).
        backup: Where the target's former contents were kept, when it was a file replaced.
    """

    source: str
    target: str
    tickets: int
    companies: int
    records: int
    backup: str | None = None


def migrate_desk(
    source: Settings, target: Settings, *, replace: bool = False, progress: Progress | None = None
) -> Migrated:
    """Copy the desk at ``source`` into ``target``, every record as it is.

    Args:
        source: Names the desk to copy (a file, or a PostgreSQL URL and desk).
        target: Names where it goes: a file (created when missing), or a PostgreSQL database
            (its schema set up and the desk added when missing).
        replace: Replace a target that already holds a desk's records.
        progress: Told how many records are written as they are.

    Raises:
        InvalidValue: when source and target are the same database.
        Conflict: when the target holds records and ``replace`` is not set (left untouched).
        StoreError: when either cannot be read or written.
    """
    if database_name(source) == database_name(target) and source.desk == target.desk:
        raise InvalidValue(
            _("The source and the target are both {database}.").format(
                database=database_name(source)
            )
        )
    reader = open_database(source, create=False)
    writer = open_database(target, create=True, set_up=True)
    try:
        tables = reader.read_tables()
        backup = None
        with writer.transaction():
            if _holds_records(writer):
                if not replace:
                    raise Conflict(
                        _(
                            "{database} already holds a desk's records and was left untouched; "
                            "use --replace to replace them."
                        ).format(database=writer.describe())
                    )
                backup = writer.backup("before-migrate")
            writer.write_tables(tables, progress)
        return Migrated(
            source=reader.describe(),
            target=writer.describe(),
            tickets=len(tables.get(TICKETS) or {}),
            companies=len(tables.get(COMPANIES) or {}),
            records=sum(
                len(t)
                for n, t in tables.items()
                if not n.startswith("_") and n not in (TICKET_LOGS, *DERIVED_TABLES)
            ),
            backup=backup,
        )
    finally:
        reader.close()
        writer.close()


def _holds_records(store: DeskStore) -> bool:
    # Anything beyond the default topics a new desk starts with.
    return bool(
        store.ticket_count()
        or store.companies()
        or store.advisers()
        or store.webinars()
        or store.calls()
        or any(not p.desk for p in store.partners())  # others' shared partners: not its own
        or store.programmes()
    )
