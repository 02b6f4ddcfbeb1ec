"""Time zones and the clock the desk reads the time from.

The current time always comes from an injected :class:`Clock`, so tests use
:class:`FrozenClock` instead of patching :mod:`datetime`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpdesk.dates.formatting import format_day, format_time, zone_name
from helpdesk.errors import InvalidDate

DEFAULT_TIMEZONE = "Europe/Rome"


def zone(name: str) -> tzinfo:
    """Return the IANA time zone called ``name``.

    Args:
        name: An IANA zone name such as ``"Europe/Rome"`` or ``"UTC"``.

    Returns:
        The zone, as a :class:`zoneinfo.ZoneInfo`.

    Raises:
        InvalidDate: If no zone has that name.
    """
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError and OSError cover malformed keys and folder names such as "Europe".
        raise InvalidDate(
            f'Unknown time zone "{name}"; use an IANA name such as "Europe/Rome" or "UTC".'
        ) from None


class Clock(Protocol):
    """Where the desk reads the current time; injected so that tests can freeze it."""

    def now(self) -> datetime:
        """Return the current moment, timezone-aware, in the desk's zone."""

    @property
    def tz(self) -> tzinfo:
        """The desk's time zone."""

    def today(self) -> date:
        """Return the current date in the desk's zone."""


class SystemClock:
    """A :class:`Clock` over the machine's real time.

    Args:
        timezone: IANA name of the desk's zone.

    Raises:
        InvalidDate: If ``timezone`` is not a known zone.
    """

    def __init__(self, timezone: str = DEFAULT_TIMEZONE) -> None:
        self._tz = zone(timezone)

    def __repr__(self) -> str:
        return f"SystemClock({zone_name(self._tz)!r})"

    @property
    def tz(self) -> tzinfo:
        """The desk's time zone."""
        return self._tz

    def now(self) -> datetime:
        """Return the current moment, timezone-aware, in the desk's zone."""
        return datetime.now(self._tz)

    def today(self) -> date:
        """Return the current date in the desk's zone."""
        return self.now().date()


class FrozenClock:
    """A :class:`Clock` that stands still until told to move, for tests.

    Args:
        at: The moment to stand at: an aware datetime (converted to the zone), a naive one (read
            as a wall time in the zone), or an ISO 8601 string of either kind.
        timezone: IANA name of the desk's zone.

    Raises:
        InvalidDate: If ``at`` cannot be read or names a wall time skipped by a clock change, or
            ``timezone`` is unknown.
    """

    def __init__(self, at: datetime | str, timezone: str = DEFAULT_TIMEZONE) -> None:
        self._tz = zone(timezone)
        self._now = self._coerce(at)

    def __repr__(self) -> str:
        return f"FrozenClock({self._now.isoformat()!r}, {zone_name(self._tz)!r})"

    @property
    def tz(self) -> tzinfo:
        """The desk's time zone."""
        return self._tz

    def now(self) -> datetime:
        """Return the frozen moment, timezone-aware, in the desk's zone."""
        return self._now

    def today(self) -> date:
        """Return the frozen date in the desk's zone."""
        return self._now.date()

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward (or back, with negative values) by elapsed time.

        The step is real elapsed time, so ``advance(days=1)`` across the March clock change lands
        at 13:00 when it started at 12:00, as a real clock would.

        Args:
            **delta: Keyword arguments of :class:`datetime.timedelta` (``days``, ``hours``,
                ``minutes``...).

        Returns:
            The new current moment.
        """
        self._now = (self._now.astimezone(UTC) + timedelta(**delta)).astimezone(self._tz)
        return self._now

    def set(self, at: datetime | str) -> None:
        """Move the clock to another moment.

        Args:
            at: The moment, read as in the constructor.

        Raises:
            InvalidDate: If ``at`` cannot be read.
        """
        self._now = self._coerce(at)

    def _coerce(self, at: datetime | str) -> datetime:
        moment = at
        if isinstance(moment, str):
            try:
                moment = datetime.fromisoformat(moment.strip())
            except ValueError:
                raise InvalidDate(f'Cannot read "{at}" as an ISO 8601 date and time.') from None
        if moment.tzinfo is None:
            return localise(moment.date(), moment.time(), self._tz, str(at))
        return moment.astimezone(self._tz)


def localise(day: date, wall: time, tz: tzinfo, raw: str) -> datetime:
    """Return ``day`` at ``wall`` in ``tz``, refusing a wall time that the zone skips."""
    moment = datetime.combine(day, wall, tzinfo=tz)
    # A skipped time comes back from UTC as a different wall time (02:30 becomes 03:30 in March);
    # a repeated one comes back unchanged with fold=0, the first occurrence.
    back = moment.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise InvalidDate(
            f'"{raw}" is not a valid time: {format_time(wall)} is skipped on '
            f"{format_day(day)} in {zone_name(tz)} when the "
            f"clocks go forward; try {format_time(back.time())}."
        )
    return moment
