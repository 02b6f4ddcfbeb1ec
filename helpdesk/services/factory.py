"""One factory that wires a desk, used by the CLI, the TUI and the tests alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from typing import TYPE_CHECKING

from helpdesk.config import Settings
from helpdesk.dates import Clock, SystemClock
from helpdesk.i18n import _
from helpdesk.services.desk import Desk
from helpdesk.store import memory_store, open_store

if TYPE_CHECKING:
    from helpdesk.domain.models import Company
    from helpdesk.services.companies import KnownElsewhere
    from helpdesk.services.network_view import NetworkView
    from helpdesk.store.interface import DeskStore
    from helpdesk.store.postgres import PostgresStore
    from helpdesk.store.postgres.desks import DeskOverview, Desks


def open_desk(settings: Settings, *, clock: Clock | None = None, create: bool = True) -> Desk:
    """A desk over the database the settings name.

    Args:
        settings: Database path, acting adviser, time zone, user templates folder.
        clock: The clock to use; the system clock in the desk's zone by default.
        create: Whether a missing database may be created by the first write. Reading
            commands pass False so a mistyped path is reported instead of silently empty.

    A demo desk nobody has changed, made around an earlier day, is remade around today first
    (see :mod:`helpdesk.services.demo_days`); the desk's ``notices`` say so.
    """
    clock = clock or SystemClock(settings.timezone)
    if settings.url is not None:
        from helpdesk.services.identity import connection_actor

        store = _postgres_store(settings, clock.tz)
        try:
            chosen = settings.adviser if settings.adviser_chosen else None
            actor = connection_actor(store, chosen, database_name(settings)) or settings.adviser
        except BaseException:
            store.close()
            raise
        desk = Desk(store, clock, actor, templates=settings.templates)
        desk.companies.known_elsewhere = _known_elsewhere(settings.url, settings.desk)
        return desk
    desk = Desk(
        open_store(settings.db, create=create, tz=clock.tz),
        clock,
        settings.adviser,
        templates=settings.templates,
    )
    if settings.db.exists():
        from helpdesk.errors import HelpdeskError
        from helpdesk.services.demo_days import refresh_demo

        try:
            notice = refresh_demo(desk)
        except (HelpdeskError, OSError) as error:
            # A demo that cannot be written (a read-only copy) is shown as it is.
            reason = error.message if isinstance(error, HelpdeskError) else str(error)
            notice = _("This demo desk could not be remade around today: {reason}").format(
                reason=reason
            )
        if notice:
            desk.notices.append(notice)
    return desk


def open_database(
    settings: Settings, *, create: bool = True, set_up: bool = False, tz: tzinfo | None = None
) -> DeskStore:
    """The store of the database the settings name, without a desk around it (for moving
    whole desks between stores).

    Args:
        settings: Names the database (and, for PostgreSQL, the desk).
        create: Whether a missing file may be created by the first write.
        set_up: For PostgreSQL, bring the schema up to date and add the desk when missing.
        tz: The desk's time zone (the settings' by default).
    """
    zone_of_desk = tz or SystemClock(settings.timezone).tz
    if settings.url is None:
        return open_store(settings.db, create=create, tz=zone_of_desk)
    if not set_up:
        return _postgres_store(settings, zone_of_desk)
    _require_psycopg()
    from helpdesk.store.postgres import open_or_set_up_desk

    return open_or_set_up_desk(settings.url, desk=settings.desk, tz=zone_of_desk)


def memory_desk(clock: Clock, actor: str = "tester") -> Desk:
    """A desk held in memory, seeded like a new database: for tests and previews."""
    return Desk(memory_store(clock.tz), clock, actor)


def init_desk(
    settings: Settings, *, clock: Clock | None = None, adviser: tuple[str, str] | None = None
) -> Desk:
    """Create an empty database with the default topics at the settings' path, with its
    first adviser when ``adviser`` gives a key and a full name (in the same write: a key
    that is refused leaves no file behind).

    Raises:
        Conflict: when a file is already there (it is left untouched).
        InvalidValue: for an adviser's key or name that cannot be used.
    """
    from helpdesk.errors import Conflict

    if settings.url is not None:
        return _init_postgres_desk(settings, clock or SystemClock(settings.timezone), adviser)
    if settings.db.exists():
        raise Conflict(_("{path} already exists; it was left untouched.").format(path=settings.db))
    desk = open_desk(settings, clock=clock, create=True)
    with desk.ctx.store.transaction():
        # The first transaction on a missing file writes the new database.
        if adviser is not None:
            desk.directory.add_adviser(*adviser)
    return desk


def upgrade_database(settings: Settings) -> list[str]:
    """Bring the schema of the settings' PostgreSQL database up to date; returns the names of
    the migrations applied (none when it was up to date). A database file needs no command:
    the file store brings an older file up to date when it opens it.

    Raises:
        InvalidValue: when the settings name a database file.
        StoreError: when the server cannot be reached or a migration fails.
    """
    if settings.url is None:
        from helpdesk.errors import InvalidValue

        raise InvalidValue(
            _(
                "upgrade is for a PostgreSQL database (--db postgresql://…); a database file is "
                "brought up to date when it is opened."
            )
        )
    _require_psycopg()
    from helpdesk.store.postgres import upgrade_database as upgrade

    return upgrade(settings.url)


def _require_psycopg() -> None:
    from importlib.util import find_spec

    if find_spec("psycopg") is None:
        from helpdesk.errors import StoreError

        raise StoreError(
            _("A PostgreSQL database needs psycopg: pip install 'helpdesk[postgres]'.")
        )


def _desks_of(settings: Settings) -> Desks:
    # The desks of the settings' PostgreSQL database, on a connection of their own (closed by
    # ``with``); a database file holds one desk, and is refused.
    from helpdesk.services.network_view import one_desk_only

    if settings.url is None:
        raise one_desk_only("", [])
    _require_psycopg()
    from helpdesk.store.postgres.desks import Desks

    return Desks(settings.url)


def _known_elsewhere(url: str, desk: str) -> KnownElsewhere:
    # Asked only when a desk adds a business with a VAT number it does not know: a connection
    # of its own for that one question.
    from helpdesk.store.postgres.desks import Desks

    def look_up(vat: str) -> tuple[str, Company] | None:
        network = Desks(url)
        try:
            return network.company_elsewhere(vat, desk)
        finally:
            network.close()

    return look_up


def _postgres_store(settings: Settings, tz: tzinfo) -> PostgresStore:
    assert settings.url is not None
    _require_psycopg()
    from helpdesk.store.postgres import open_postgres_store

    return open_postgres_store(settings.url, desk=settings.desk, tz=tz)


def _init_postgres_desk(settings: Settings, clock: Clock, adviser: tuple[str, str] | None) -> Desk:
    # The schema, the desk, its topics and its first adviser in one transaction.
    assert settings.url is not None

    def add_adviser(store: PostgresStore) -> None:
        if adviser is not None:
            Desk(store, clock, settings.adviser).directory.add_adviser(*adviser)

    _require_psycopg()
    from helpdesk.store.postgres import set_up_desk

    store = set_up_desk(settings.url, desk=settings.desk, tz=clock.tz, then=add_adviser)
    return Desk(store, clock, settings.adviser, templates=settings.templates)


def database_name(settings: Settings) -> str:
    """The settings' database as messages name it: its path, or its URL without a password."""
    if settings.url is None:
        return str(settings.db)
    _require_psycopg()
    from helpdesk.store.postgres import masked

    return masked(settings.url)


def desk_names(settings: Settings) -> list[str]:
    """The desks of the settings' database, by name: none for a database file (it holds one
    desk, nameless)."""
    if settings.url is None:
        return []
    with _desks_of(settings) as network:
        return network.desk_names()


def desks_overview(settings: Settings) -> list[DeskOverview]:
    """Each desk of the settings' PostgreSQL database with its tickets, open tickets, advisers
    and last change, by name.

    Raises:
        OneDeskOnly: for a database file, which holds one desk.
        StoreError: when the server cannot be reached.
    """
    if settings.url is None:
        from helpdesk.services.network_view import OneDeskOnly

        raise OneDeskOnly(
            _(
                "`desk list` lists the desks of a PostgreSQL database (--db postgresql://…); "
                "a database file holds one desk."
            )
        )
    with _desks_of(settings) as network:
        return network.overview()


def open_network(settings: Settings, *, clock: Clock | None = None) -> NetworkView:
    """Every desk of the settings' PostgreSQL database, each opened as :func:`open_desk` opens
    one (``--desk all``).

    Raises:
        OneDeskOnly: for a database file, which holds one desk.
        StoreError: when the server cannot be reached.
    """
    from helpdesk.services.network_view import NetworkView

    network = _desks_of(settings)
    desks: dict[str, Desk] = {}
    try:
        for name in network.desk_names():
            desks[name] = open_desk(replace(settings, desk=name), clock=clock, create=False)
    except BaseException:
        for desk in desks.values():
            desk.close()
        network.close()
        raise
    view = NetworkView(desks, network.overview)
    view.on_close(network.close)
    return view
