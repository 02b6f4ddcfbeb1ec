"""Dates and times written for people, in the current language, and the form they are stored in.

People read "ven 11 dic 2026" in Italian and "Fri 11 Dec 2026" in English: the names of days
and months come from Babel's locale data for the language (loaded once per language, when a
date is first written in it). English, the language of the code, has its names spelled out
here, so that a command printing dates in English does not load Babel at all; a test checks
they are Babel's own.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache

from helpdesk.errors import InvalidDate
from helpdesk.i18n import _, ngettext
from helpdesk.i18n import language as current_language

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


@cache
def calendar_names(language: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Abbreviated weekdays (Monday first), abbreviated months and full months in ``language``.

    English is spelled out above; any other language comes from Babel, loaded here and only
    here, once per language.
    """
    if language == "en":
        return WEEKDAY_ABBR, MONTH_ABBR, MONTH_NAMES
    from babel.dates import get_day_names, get_month_names

    days = get_day_names("abbreviated", locale=language)
    short = get_month_names("abbreviated", locale=language)
    wide = get_month_names("wide", locale=language)
    return (
        tuple(days[i] for i in range(7)),
        tuple(short[m] for m in range(1, 13)),
        tuple(wide[m] for m in range(1, 13)),
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


def format_date(d: date | datetime, language: str | None = None) -> str:
    """Return a date as ``"27 Nov 2026"`` (``"27 nov 2026"`` in Italian).

    Args:
        d: A date, or a datetime whose own (wall-clock) date is used as it is.
        language: The language to write it in; the current one by default.

    Returns:
        Day, abbreviated month and year.
    """
    months = calendar_names(language or current_language())[1]
    return f"{d.day} {months[d.month - 1]} {d.year}"


def format_short_day(day: date, today: date, language: str | None = None) -> str:
    """Return a day for a narrow column: ``"18 Nov"`` (``"18 nov"``), with the year's last two
    digits when it is not ``today``'s year (``"18 Nov 25"``)."""
    months = calendar_names(language or current_language())[1]
    text = f"{day.day} {months[day.month - 1].rstrip('.')}"
    if day.year != today.year:
        text += f" {day.year % 100:02d}"
    return text


def format_day(d: date | datetime, language: str | None = None) -> str:
    """Return a date with its weekday: ``"Fri 27 Nov 2026"`` (``"ven 27 nov 2026"``).

    Args:
        d: A date, or a datetime whose own (wall-clock) date is used as it is.
        language: The language to write it in; the current one by default.
    """
    code = language or current_language()
    weekdays = calendar_names(code)[0]
    return f"{weekdays[d.weekday()]} {format_date(d, code)}"


def format_month(year: int, month: int, language: str | None = None) -> str:
    """Return a month as ``"Apr 2020"`` (``"apr 2020"`` in Italian)."""
    months = calendar_names(language or current_language())[1]
    return f"{months[month - 1]} {year}"


def format_datetime(dt: datetime, tz: tzinfo, language: str | None = None) -> str:
    """Return a moment as ``"27 Nov 2026 15:00"`` in the given zone.

    Args:
        dt: An aware datetime; a naive one is taken as already being a wall time in ``tz``.
        tz: The zone to show the time in.
        language: The language to write it in; the current one by default.

    Returns:
        Day, abbreviated month, year and 24-hour time.
    """
    local = dt if dt.tzinfo is None else dt.astimezone(tz)
    return f"{format_date(local, language)} {local:%H:%M}"


def format_age(delta: timedelta) -> str:
    """Return a compact age such as ``"5m"``, ``"3h"``, ``"2d"``, ``"3w"``, ``"4mo"`` or ``"2y"``
    (``"5min"``, ``"3h"``, ``"2g"``, ``"3sett"``, ``"4mes"``, ``"2a"`` in Italian).

    Each unit is rounded down: under a minute is ``"now"``, then minutes, hours, days up to 13,
    weeks up to 8, months of 30 days up to 12, then years of 365 days. A negative delta (a moment
    in the future) gets a leading minus, except within a minute.

    Args:
        delta: How long ago something happened.

    Returns:
        The compact text, in the current language.
    """
    seconds = int(abs(delta).total_seconds())
    sign = "-" if delta < timedelta(0) else ""
    days = seconds // 86400
    if seconds < 60:
        # Translators: the age of something that happened less than a minute ago, in a column
        # five characters wide.
        return _("now")
    # Translators: compact ages in a column five characters wide: minutes, hours, days, weeks,
    # months, years.
    if seconds < 3600:
        text = _("{count}m").format(count=seconds // 60)
    elif seconds < 86400:
        text = _("{count}h").format(count=seconds // 3600)
    elif days < 14:
        text = _("{count}d").format(count=days)
    elif days < 63:
        text = _("{count}w").format(count=days // 7)
    elif days < 365:
        text = _("{count}mo").format(count=min(days // 30, 12))
    else:
        text = _("{count}y").format(count=days // 365)
    return sign + text


def relative_day(day: date, today: date) -> str:
    """How far ``day`` is from ``today`` in words: ``"today"``, ``"tomorrow"``, ``"yesterday"``,
    ``"in 3 days"``, ``"3 days ago"`` (``"oggi"``, ``"domani"``, ``"ieri"``, ``"tra 3 giorni"``,
    ``"3 giorni fa"`` in Italian)."""
    days = (day - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("yesterday")
    if days > 0:
        return ngettext("in {count} day", "in {count} days", days).format(count=days)
    return ngettext("{count} day ago", "{count} days ago", -days).format(count=-days)


def format_time(wall: time) -> str:
    return f"{wall:%H:%M:%S}" if wall.second else f"{wall:%H:%M}"


def zone_name(tz: tzinfo) -> str:
    key = getattr(tz, "key", None)
    return str(key) if key else str(tz)
