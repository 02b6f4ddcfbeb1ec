"""Dates and times written for people, and the form they are stored in."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from helpdesk.errors import InvalidDate

# English names are spelled out here rather than taken from strftime, whose %a and %b follow the
# process locale and would turn into "ven"/"nov" on an Italian machine.
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def to_iso(dt: datetime) -> str:
    """Return the stored form of an aware datetime: ISO 8601 with offset, to the second.

    Args:
        dt: An aware datetime.

    Returns:
        For example ``"2026-11-27T15:00:00+01:00"``.

    Raises:
        ValueError: If ``dt`` is naive; that is a bug in the caller, not bad input.
    """
    if dt.utcoffset() is None:
        raise ValueError(f"to_iso needs an aware datetime, got {dt!r}")
    return dt.isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    """Read back what :func:`to_iso` wrote.

    Args:
        text: An ISO 8601 date and time with a UTC offset.

    Returns:
        The aware datetime, with the offset it was stored with.

    Raises:
        InvalidDate: If the text is not ISO 8601 or has no offset.
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidDate(f'"{text}" is not an ISO 8601 date and time.') from None
    if moment.utcoffset() is None:
        raise InvalidDate(f'"{text}" has no UTC offset, so it names no single moment.')
    return moment


def format_date(d: date | datetime) -> str:
    """Return a date as ``"27 Nov 2026"``, the same in every locale.

    Args:
        d: A date, or a datetime whose own (wall-clock) date is used as it is.

    Returns:
        Day, abbreviated English month and year.
    """
    return f"{d.day} {MONTH_ABBR[d.month - 1]} {d.year}"


def format_datetime(dt: datetime, tz: tzinfo) -> str:
    """Return a moment as ``"27 Nov 2026 15:00"`` in the given zone.

    Args:
        dt: An aware datetime; a naive one is taken as already being a wall time in ``tz``.
        tz: The zone to show the time in.

    Returns:
        Day, abbreviated English month, year and 24-hour time.
    """
    local = dt if dt.tzinfo is None else dt.astimezone(tz)
    return f"{format_date(local)} {local:%H:%M}"


def format_age(delta: timedelta) -> str:
    """Return a compact age such as ``"5m"``, ``"3h"``, ``"2d"``, ``"3w"``, ``"4mo"`` or ``"2y"``.

    Each unit is rounded down: under a minute is ``"now"``, then minutes, hours, days up to 13,
    weeks up to 8, months of 30 days up to 12, then years of 365 days. A negative delta (a moment
    in the future) gets a leading minus, except within a minute.

    Args:
        delta: How long ago something happened.

    Returns:
        The compact text.
    """
    seconds = int(abs(delta).total_seconds())
    sign = "-" if delta < timedelta(0) else ""
    days = seconds // 86400
    if seconds < 60:
        return "now"
    if seconds < 3600:
        text = f"{seconds // 60}m"
    elif seconds < 86400:
        text = f"{seconds // 3600}h"
    elif days < 14:
        text = f"{days}d"
    elif days < 63:
        text = f"{days // 7}w"
    elif days < 365:
        text = f"{min(days // 30, 12)}mo"
    else:
        text = f"{days // 365}y"
    return sign + text


def format_time(wall: time) -> str:
    return f"{wall:%H:%M:%S}" if wall.second else f"{wall:%H:%M}"


def zone_name(tz: tzinfo) -> str:
    key = getattr(tz, "key", None)
    return str(key) if key else str(tz)
