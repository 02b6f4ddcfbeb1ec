"""Building the demo desk in memory and writing it to a file: the package's public API."""

from __future__ import annotations

import random
from datetime import date, datetime
from os import PathLike
from pathlib import Path

from helpdesk.dates import (
    DEFAULT_TIMEZONE,
    FrozenClock,
    format_date,
    zone,
)
from helpdesk.errors import Conflict, InvalidValue
from helpdesk.i18n import _
from helpdesk.memory import collector_paused
from helpdesk.services.demo.corpus import ADVISERS, DEMO_NOW, DEMO_START, OPENING
from helpdesk.services.demo.plan import make_plan
from helpdesk.services.demo.player import play
from helpdesk.services.demo_calls import add_demo_calls
from helpdesk.services.demo_days import stamp_demo
from helpdesk.services.demo_network import add_demo_network
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.store import open_store
from helpdesk.store.records import TICKETS

# --------------------------------------------------------------------------------------------------
# Public API


def build_demo(
    *,
    size: int = 100,
    seed: int = 2020,
    timezone: str = DEFAULT_TIMEZONE,
    today: date | None = None,
) -> Desk:
    """A realistic desk in memory, deterministic for a given size, seed and today.

    The desk holds four advisers, about ``size // 2`` companies across Lombardy and exactly
    ``size`` tickets. Almost all of them were created between :data:`DEMO_START` and
    :data:`DEMO_NOW`, each worked through the services so its history is complete, with the
    follow-ups made and kept along the way and the hub's webinars of the period; a few arrived in
    the days before ``today`` and wait to be triaged. Around ``today`` the desk has follow-ups
    pending (overdue, due today, this week, later) and webinars coming up in the next six weeks.
    Its clock is frozen at half past eight on ``today`` (at :data:`DEMO_NOW` when that is later)
    and its acting adviser is the coordinator, ``ms``. It speaks Italian.

    Args:
        size: How many tickets.
        seed: Seed of the random generators; the same size, seed and today give the same data.
        timezone: IANA name of the desk's zone; events happen at office hours there.
        today: The day the demo is looked at, :data:`DEMO_NOW`'s day or later. None means
            :data:`DEMO_NOW`'s day, so that the result never depends on the real clock; the CLI
            passes the real today.

    Returns:
        The desk, held in memory.

    Raises:
        InvalidValue: For a negative size, or a today before the end of the history.
        InvalidDate: For an unknown time zone.
    """
    return _build(size=size, seed=seed, timezone=timezone, today=today)


def write_demo(
    path: str | PathLike[str],
    *,
    size: int = 100,
    seed: int = 2020,
    force: bool = False,
    timezone: str = DEFAULT_TIMEZONE,
    today: date | None = None,
) -> int:
    """Write the demo desk to a new database file.

    The desk is built in memory and written once, through the file store, so the file is
    written atomically and readable by its owner only. With ``force`` an existing helpdesk
    database is first copied to its backups folder and then replaced.

    Args:
        path: The database file to create.
        size: How many tickets.
        seed: Seed of the random generators (see :func:`build_demo`).
        force: Replace the file if it exists.
        timezone: IANA name of the desk's zone.
        today: The day the demo is looked at (see :func:`build_demo`).

    Returns:
        The number of tickets written.

    Raises:
        Conflict: When the file exists and ``force`` is not set; the file is left unchanged.
        StoreError: When the file exists but is not a helpdesk database, or cannot be written.
        InvalidValue: For a negative size, or a today before the end of the history.
    """
    target = Path(path)
    if target.exists() and not force:
        raise _exists(target)
    desk = build_demo(size=size, seed=seed, timezone=timezone, today=today)
    data = desk.ctx.store.read_tables()
    day = DEMO_NOW.date() if today is None else today
    stamp_demo(data, size=size, seed=seed, timezone=timezone, today=day)
    store = open_store(target)
    with store.transaction():
        # Checked again under the lock: another process may have created the file meanwhile.
        if target.exists():
            if not force:
                raise _exists(target)
            store.backup("before-demo")
        store.write_tables(data)
    return len(data.get(TICKETS, {}))


def _exists(path: Path) -> Conflict:
    return Conflict(
        f"{path} already exists and was left unchanged; use --force to replace it with demo data."
    )


def _build(*, size: int, seed: int, timezone: str, today: date | None) -> Desk:
    if size < 0:
        raise InvalidValue(_("A demo needs zero or more tickets, not {size}.").format(size=size))
    day = DEMO_NOW.date() if today is None else today
    if day < DEMO_NOW.date():
        raise InvalidValue(
            f"The demo's history runs to {format_date(DEMO_NOW)}; give a today on or after it, "
            f"not {format_date(day)}."
        )
    present = max(DEMO_NOW, datetime.combine(day, OPENING))
    tz = zone(timezone)
    clock = FrozenClock(DEMO_START, timezone)
    desk = memory_desk(clock, actor="ms")
    # The hub's advisers are Italian: so is the demo desk, and what it writes in its history.
    desk.set_language("it")
    rng = random.Random(seed)
    with collector_paused(), desk.ctx.store.transaction():
        for key, name, email, topics in ADVISERS:
            desk.directory.add_adviser(key, name, email=email, topics=topics)
        play(desk, make_plan(size, rng, day, present), tz)
        # Further parts of a demo desk, each in its own module, are added here, after the plan.
        add_demo_calls(desk, present, seed)
        add_demo_network(desk, present, seed)
    clock.set(present)
    desk.ctx.actor = "ms"
    return desk
