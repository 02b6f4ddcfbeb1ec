"""One factory that wires a desk, used by the CLI, the TUI and the tests alike."""

from __future__ import annotations

from helpdesk.config import Settings
from helpdesk.dates import Clock, SystemClock
from helpdesk.i18n import _
from helpdesk.services.desk import Desk
from helpdesk.store import memory_store, open_store


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
    store = open_store(settings.db, create=create, tz=clock.tz)
    desk = Desk(store, clock, settings.adviser, templates=settings.templates)
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

    if settings.db.exists():
        raise Conflict(_("{path} already exists; it was left untouched.").format(path=settings.db))
    desk = open_desk(settings, clock=clock, create=True)
    with desk.ctx.store.transaction():
        # The first transaction on a missing file writes the new database.
        if adviser is not None:
            desk.directory.add_adviser(*adviser)
    return desk
