"""Dates and times for the whole desk: reading what people type, writing what they read.

This is the only module that parses or formats dates, and the only one that imports dateutil. The
current time always comes from an injected :class:`Clock`, so tests use :class:`FrozenClock` instead
of patching :mod:`datetime`.

Rules that every command relies on:

* Numeric dates are always day first (``1/12`` is the 1st of December), as written in Italy.
* A date typed without a year is in the current year, even when that day has already passed:
  ``1/1`` typed on 31 December is the 1st of January just gone (a filter or a report's period
  looks back). What is planned ahead (a follow-up, a webinar session) reads it with ``ahead``:
  then it is the next such day, never in the past (``12 marzo`` typed in December is next March).
* A part of the day stands for a time: morning 09:00, afternoon 15:00, evening 18:00
  (``lunedì mattina``, ``oggi pomeriggio``, ``stasera``, ``tomorrow afternoon``, ``tonight``);
  numbers may be words in offsets (``tra tre giorni``, ``in two weeks``). See
  :mod:`helpdesk.date_words`.
* A weekday (``friday``, ``venerdì``) is the next such day strictly after today, so on a Friday
  ``friday`` is a week away. ``next friday``, ``venerdì prossimo`` and ``prossimo venerdì`` mean
  exactly the same, because people use them interchangeably.
* Hours are on the 24-hour clock unless ``am``/``pm`` follows: ``alle 3`` is 03:00.
* Times are wall-clock times in the desk's zone. A time skipped when the clocks go forward (02:30 on
  the last Sunday of March in Europe/Rome) is an error that suggests the time it would become; a
  time repeated when the clocks go back is its first occurrence (still on summer time).
* Nothing is rolled over: ``31/02``, ``25:00`` or an empty string raise
  :class:`~helpdesk.errors.InvalidDate` saying why, never a nearby date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpdesk.date_words import (
    END_OF_MONTH,
    END_OF_WEEK,
    END_OF_YEAR,
    MONTHS,
    NUMBER_WORDS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    TODAY_AT,
    UNITS,
    WEEKDAYS,
)
from helpdesk.errors import InvalidDate

__all__ = [
    "DEFAULT_TIMEZONE",
    "Clock",
    "FrozenClock",
    "SystemClock",
    "When",
    "end_of_month",
    "end_of_week",
    "format_age",
    "format_date",
    "format_datetime",
    "from_iso",
    "occurrences",
    "parse_period",
    "parse_timestamp",
    "parse_when",
    "start_of_day",
    "to_iso",
    "when_from_iso",
    "zone",
]

DEFAULT_TIMEZONE = "Europe/Rome"

# English names are spelled out here rather than taken from strftime, whose %a and %b follow the
# process locale and would turn into "ven"/"nov" on an Italian machine.
_WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
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


# --------------------------------------------------------------------------------------------------
# Time zones and clocks


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
        return f"SystemClock({_zone_name(self._tz)!r})"

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
        return f"FrozenClock({self._now.isoformat()!r}, {_zone_name(self._tz)!r})"

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
            return _localise(moment.date(), moment.time(), self._tz, str(at))
        return moment.astimezone(self._tz)


# --------------------------------------------------------------------------------------------------
# What an expression resolves to


@dataclass(frozen=True, slots=True)
class When:
    """What an expression resolved to.

    Attributes:
        day: The calendar day.
        time: The wall-clock time in ``tz``, or ``None`` when only a date was given.
        tz: The zone the time is read in.
    """

    day: date
    time: time | None
    tz: tzinfo

    @property
    def at(self) -> datetime:
        """The aware moment: the day at its time, or at 00:00 when there is none (for ordering)."""
        wall = time(0) if self.time is None else self.time
        return datetime.combine(self.day, wall, tzinfo=self.tz)

    def describe(self) -> str:
        """Return an unambiguous English rendering, like ``"Fri 27 Nov 2026 15:00"``.

        Returns:
            Weekday, day, month and year, followed by the time when there is one.
        """
        text = f"{_WEEKDAY_ABBR[self.day.weekday()]} {format_date(self.day)}"
        if self.time is None:
            return text
        return f"{text} {_format_time(self.time)}"

    def to_iso(self) -> str:
        """Return the form to store: ``"2026-11-27"`` or ``"2026-11-27T15:00:00+01:00"``.

        Returns:
            The ISO date, or the ISO date and time with its UTC offset; :func:`when_from_iso`
            reads it back.
        """
        if self.time is None:
            return self.day.isoformat()
        return to_iso(self.at)


# --------------------------------------------------------------------------------------------------
# Reading what people type

# Patterns are kept as strings and used through re's own cache: compiling them all at import
# would cost every CLI command about 3 ms, and most commands never read a date.

# A trailing time. The marker words, the colon or dot, and am/pm are what tell a time from the
# numbers of a date ("1 dec 2026"); the caller drops readings that have none of them.
_TIME_PATTERN = r"""(?x)
    (?:^|\s)
    (?P<marker>(?:(?:at|alle|ore|@)\s*)+)?
    (?P<hour>\d{1,2})
    (?:(?P<sep>[:.])(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?
    \s*(?P<ampm>[ap]\.?m\.?)?
    $
"""
_YEAR_FIRST_PATTERN = r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
_DAY_FIRST_PATTERN = r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?:(?P=sep)(?P<y>\d{4}|\d{2}))?"
_DAY_MONTH_PATTERN = (
    r"(?P<d>\d{1,2})(?:st|nd|rd|th|°)?\s*(?:of\s+|di\s+)?"
    r"(?P<month>[a-z]+)\.?(?:\s+(?P<y>\d{4}|\d{2}))?"
)
_MONTH_DAY_PATTERN = r"(?P<month>[a-z]+)\.?\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+(?P<y>\d{4}))?"
_WEEKDAY_PATTERN = (
    r"(?:(?P<pre>next|prossimo|prossima)\s+)?(?P<wd>[a-z]+)(?:\s+(?P<post>prossimo|prossima))?"
)
_OFFSET_PATTERN = (
    r"(?:(?P<pre>in|tra|fra)\s+)?(?P<sign>[+-])?"
    r"(?:(?P<n>\d{1,5})\s*|(?P<word>[a-z]+)\s+)"
    r"(?P<unit>[a-z]+)(?:\s+(?P<post>ago|fa))?"
)
_ISO_INSTANT_PATTERN = (
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:[Zz]|[+-]\d{2}:?\d{2})"
)
_ISO_DATE_PATTERN = r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
_ISO_SHAPE_PATTERN = r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d.*)?|\d{8}(?:[Tt]\d.*)?"
_STAMP_DAY_FIRST_PATTERN = (
    r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?:(?:\s+|\s*[Tt,]\s*)(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?)?"
)
#: ISO dates, and dates and times as exports write them (seconds, fractions and offset optional),
#: in ASCII digits: what the quick path of :func:`parse_timestamp` reads.
_PLAIN_ISO_STAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?",
    re.ASCII,
)
_QUARTER_PATTERN = r"(?P<y>\d{4})\s*-?\s*q(?P<q>\d+)|q(?P<q2>\d+)\s*[-/ ]?\s*(?P<y2>\d{4})"
_YEAR_MONTH_PATTERN = r"(?P<y>\d{4})-(?P<m>\d{1,2})|(?P<m2>\d{1,2})/(?P<y2>\d{4})"
_MONTH_YEAR_PATTERN = r"(?P<month>[a-z]+)\.?\s+(?P<y>\d{4})"


def parse_when(text: str, clock: Clock, *, ahead: bool = False) -> When:
    """Read a date, optionally with a time, as people type it on the desk.

    Accepted, case- and accent-insensitive, in English and Italian: ISO dates (``2026-12-01``),
    day-first numeric dates (``1/12``, ``01/12/2026``, ``1.12.26``), dates with month names
    (``1 dec``, ``dec 1``, ``3 marzo 2026``), relative days (``tomorrow``, ``dopodomani``),
    offsets (``+3d``, ``2w``, ``+1m``, ``in 2 weeks``, ``tra 3 giorni``, ``3 days ago``), weekdays
    (``friday``, ``venerdì prossimo``), period ends (``eow``, ``fine mese``, ``eoy``), any of these
    followed by a time (``friday 15:00``, ``domani alle 9``, ``tomorrow 3pm``), or a time alone
    (``15:00``, ``alle 15``) for today. See the module docstring for the rules on missing years,
    weekdays and clock changes.

    Args:
        text: What the user typed.
        clock: Supplies today's date and the zone the time is read in.
        ahead: Read a date without a year as the next such day, never a past one (for what is
            planned: follow-ups, sessions).

    Returns:
        The resolved day, time (``None`` when only a date was given) and zone.

    Raises:
        InvalidDate: If the text does not name exactly one real date and time; the message quotes
            the text and says why or gives examples.
    """
    when = _resolve(text, clock, ahead=ahead)
    if when is None:
        raise InvalidDate(_unreadable_message(text, clock))
    return when


def when_from_iso(text: str, tz: tzinfo) -> When:
    """Read back what :meth:`When.to_iso` wrote.

    Args:
        text: ``"2026-11-27"`` or ``"2026-11-27T15:00:00+01:00"``.
        tz: The zone to express the time in; a stored offset from another zone is converted.

    Returns:
        The :class:`When`, with ``time`` set only if the text had one.

    Raises:
        InvalidDate: If the text is not in either form.
    """
    raw = text.strip()
    # What the desk stores, read the quick way (a large agenda or summary reads thousands): a
    # date alone, or a timestamp with its offset. Anything else takes the general path.
    try:
        if len(raw) == 10 and raw[4] == raw[7] == "-":
            return When(date.fromisoformat(raw), None, tz)
        if len(raw) > 10 and raw[10] == "T":
            moment = datetime.fromisoformat(raw)
            if moment.utcoffset() is not None:
                moment = moment.astimezone(tz)
                return When(moment.date(), moment.time(), tz)
    except ValueError:
        pass
    match = re.fullmatch(_ISO_DATE_PATTERN, raw)
    if match:
        return When(_checked_date(match, raw), None, tz)
    moment = from_iso(raw).astimezone(tz)
    return When(moment.date(), moment.time(), tz)


def parse_timestamp(text: str, tz: tzinfo) -> datetime:
    """Read a date and time from an imported file.

    Accepted: ISO 8601 with or without time and offset (``2020-03-18``, ``2020-03-18T14:35Z``,
    ``2020-03-18 14:35:00+01:00``), and day-first numeric dates with an optional time
    (``18/03/2020``, ``18/03/2020 14:35``, ``18.03.2020 9:05``, ``18-03-20``).

    Args:
        text: The cell's text.
        tz: The zone that times without an offset are wall times in, and that every result is
            converted to.

    Returns:
        An aware datetime in ``tz``; midnight when no time was given.

    Raises:
        InvalidDate: If the text is not such a timestamp, names an impossible date or time, or a
            wall time skipped by a clock change. The message quotes the text.
    """
    raw = text.strip()
    if _PLAIN_ISO_STAMP.fullmatch(raw):
        # What exports write, and what an import meets tens of thousands of times. Such text is
        # never day first and always ISO-shaped, and fromisoformat refuses every date that
        # _checked_date would, so this is the general path without its checks; when it fails,
        # the general path says why.
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return _in_zone(moment, tz, raw)
    return _read_timestamp(raw, tz)


def _read_timestamp(raw: str, tz: tzinfo) -> datetime:
    """:func:`parse_timestamp` for any text, already stripped, without the quick path."""
    match = re.fullmatch(_STAMP_DAY_FIRST_PATTERN, raw)
    if match:
        day = _checked_date(match, raw)
        wall = time(0)
        if match["hour"] is not None:
            wall = _checked_time(match["hour"], match["minute"], match["second"], None, raw)
        return _localise(day, wall, tz, raw)
    if not re.fullmatch(_ISO_SHAPE_PATTERN, raw):
        raise InvalidDate(_unreadable_timestamp_message(raw))
    iso_day = re.match(_ISO_DATE_PATTERN, raw)
    if iso_day:
        # Checked by hand first so that "2020-02-30" says why, instead of a generic message.
        _checked_date(iso_day, raw)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidDate(_unreadable_timestamp_message(raw)) from None
    return _in_zone(moment, tz, raw)


def _in_zone(moment: datetime, tz: tzinfo, raw: str) -> datetime:
    """A timestamp read from ``raw`` in zone ``tz``: a naive one as a wall time there."""
    if moment.tzinfo is None:
        return _localise(moment.date(), moment.time(), tz, raw)
    return moment.astimezone(tz)


def parse_period(text: str, clock: Clock) -> tuple[datetime, datetime]:
    """Read a period for reports and filters.

    Accepted: a year (``2020``), a quarter (``2020-Q2``, ``Q2 2020``), a month (``2020-03``,
    ``03/2020``, ``march 2020``, ``marzo 2020``), or anything :func:`parse_when` reads, which
    stands for that whole day (a time, if given, is ignored).

    Args:
        text: What the user typed.
        clock: Supplies today's date and the zone the period's bounds are in.

    Returns:
        The half-open interval ``[start, end)`` as aware datetimes at midnight in the clock's
        zone.

    Raises:
        InvalidDate: If the text is not a period; the message says why or gives examples.
    """
    raw = text.strip()
    norm = _normalise(raw)
    tz = clock.tz
    try:
        if re.fullmatch(r"\d{4}", norm):
            year = int(norm)
            _check_year(year, raw, "period")
            return start_of_day(date(year, 1, 1), tz), start_of_day(date(year + 1, 1, 1), tz)
        match = re.fullmatch(_QUARTER_PATTERN, norm)
        if match:
            year = int(match["y"] or match["y2"])
            quarter = int(match["q"] or match["q2"])
            if not 1 <= quarter <= 4:
                raise InvalidDate(f'"{raw}" is not a period: quarters go from Q1 to Q4.')
            _check_year(year, raw, "period")
            first = date(year, 3 * quarter - 2, 1)
            return start_of_day(first, tz), start_of_day(_next_month(first, 3), tz)
        month_start = _month_of_period(norm, raw)
        if month_start is not None:
            return start_of_day(month_start, tz), start_of_day(_next_month(month_start, 1), tz)
        when = _resolve(raw, clock)
        if when is None:
            year = clock.today().year
            examples = f'"{year}", "{year}-Q2", "{year}-03" or "18/03/{year}"'
            if not raw:
                raise InvalidDate(f"No period given; try {examples}.")
            raise InvalidDate(f'Cannot read "{raw}" as a period; try {examples}.')
        return start_of_day(when.day, tz), start_of_day(when.day + timedelta(days=1), tz)
    except (OverflowError, ValueError):
        # Only reachable at the edge of the calendar (year 9999), where the end does not exist.
        raise InvalidDate(
            f'"{raw}" is not a period the desk can handle: it is too far away.'
        ) from None


def _month_of_period(norm: str, raw: str) -> date | None:
    match = re.fullmatch(_YEAR_MONTH_PATTERN, norm)
    if match:
        year = int(match["y"] or match["y2"])
        month = int(match["m"] or match["m2"])
    else:
        match = re.fullmatch(_MONTH_YEAR_PATTERN, norm)
        if not match or match["month"] not in MONTHS:
            return None
        year = int(match["y"])
        month = MONTHS[match["month"]]
    _check_year(year, raw, "period")
    if not 1 <= month <= 12:
        raise InvalidDate(f'"{raw}" is not a period: there is no month {month}.')
    return date(year, month, 1)


def _resolve(text: str, clock: Clock, *, ahead: bool = False) -> When | None:
    """Return what ``text`` names, ``None`` if it is not a date expression at all.

    Raises InvalidDate for text that is shaped like a date but names none (``31/02``, ``25:00``),
    so that callers only need their own message for the ``None`` case.
    """
    raw = text.strip()
    tz = clock.tz
    if re.fullmatch(_ISO_INSTANT_PATTERN, raw):
        # A stored or pasted timestamp with an offset: same instant, read in the desk's zone.
        moment = parse_timestamp(raw, tz)
        return When(moment.date(), moment.time(), tz)
    norm = _normalise(raw)
    if not norm:
        return None
    today = clock.today()
    if norm in TODAY_AT:
        _localise(today, TODAY_AT[norm], tz, raw)
        return When(today, TODAY_AT[norm], tz)
    date_part, time_match = _split_time(norm)
    part_of_day = None
    head, _, last = date_part.rpartition(" ")
    if time_match is None and head and last in PARTS_OF_DAY:
        date_part, part_of_day = head, PARTS_OF_DAY[last]
    if not date_part and time_match is not None:
        day: date | None = today
    else:
        day = _resolve_day(date_part, raw, today, ahead)
    if day is None:
        return None
    if time_match is None:
        if part_of_day is not None:
            _localise(day, part_of_day, tz, raw)
        return When(day, part_of_day, tz)
    wall = _checked_time(
        time_match["hour"], time_match["minute"], time_match["second"], time_match["ampm"], raw
    )
    _localise(day, wall, tz, raw)
    return When(day, wall, tz)


def _normalise(text: str) -> str:
    # Typographic apostrophes come from phones and word processors; accents are dropped so that
    # "venerdi" (typed without the accent) and "venerdì" are the same word.
    folded = unicodedata.normalize("NFKD", text.replace("\u2019", "'").casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    # Keyboards without accented letters produce "venerdi'" for "venerdì".
    plain = re.sub(r"(?<=[a-z])'(?=\s|$)", "", plain.replace(",", " "))
    plain = " ".join(plain.split())
    return re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", plain)


def _split_time(norm: str) -> tuple[str, re.Match[str] | None]:
    match = re.search(_TIME_PATTERN, norm)
    if match is None:
        return norm, None
    date_part = norm[: match.start()].strip()
    marked = match["marker"] is not None or match["ampm"] is not None
    if match["sep"] is None and not marked:
        # A bare number is part of a date ("1 dec 2026"), never an hour.
        return norm, None
    if match["sep"] == "." and not marked and not date_part:
        # "1.12" alone is the 1st of December; "domani 9.30" is a time.
        return norm, None
    return date_part, match


def _resolve_day(text: str, raw: str, today: date, ahead: bool = False) -> date | None:
    if text in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[text])
    if text in END_OF_WEEK:
        return end_of_week(today)
    if text in END_OF_MONTH:
        return end_of_month(today)
    if text in END_OF_YEAR:
        return date(today.year, 12, 31)
    match = re.fullmatch(_YEAR_FIRST_PATTERN, text) or re.fullmatch(_DAY_FIRST_PATTERN, text)
    if match:
        return _yearless(match, raw, today, ahead)
    match = re.fullmatch(_DAY_MONTH_PATTERN, text) or re.fullmatch(_MONTH_DAY_PATTERN, text)
    if match and match["month"] in MONTHS:
        return _yearless(match, raw, today, ahead, MONTHS[match["month"]])
    match = re.fullmatch(_WEEKDAY_PATTERN, text)
    if match and match["wd"] in WEEKDAYS and not (match["pre"] and match["post"]):
        days = (WEEKDAYS[match["wd"]] - today.weekday()) % 7 or 7
        return today + timedelta(days=days)
    match = re.fullmatch(_OFFSET_PATTERN, text)
    if match:
        return _offset(match, raw, today)
    return None


def _yearless(
    match: re.Match[str], raw: str, today: date, ahead: bool, month: int | None = None
) -> date:
    """The date a match names, in this year when it gives none; with ``ahead``, a date without
    a year that has passed this year is next year's."""
    if not ahead or match["y"] is not None:
        return _checked_date(match, raw, today.year, month)
    try:
        found = _checked_date(match, raw, today.year, month)
    except InvalidDate as error:
        try:  # 29/02 in a common year: next year's may be a leap year's
            return _checked_date(match, raw, today.year + 1, month)
        except InvalidDate:
            raise error from None  # no such day either year: say it of this year
    if found < today:
        found = _checked_date(match, raw, today.year + 1, month)
    return found


def _offset(match: re.Match[str], raw: str, today: date) -> date | None:
    unit = UNITS.get(match["unit"])
    if unit is None:
        return None
    # "in -3d", "in 3 days ago" and "+3 days ago" each point two ways at once.
    if match["pre"] and (match["sign"] == "-" or match["post"]):
        return None
    if match["post"] and match["sign"]:
        return None
    backwards = match["sign"] == "-" or match["post"] is not None
    if match["n"] is not None:
        amount = int(match["n"])
    elif match["word"] in NUMBER_WORDS:
        amount = NUMBER_WORDS[match["word"]]
    else:
        return None
    if backwards:
        amount = -amount
    try:
        if unit in ("days", "weeks"):
            shifted: date = today + timedelta(**{unit: amount})
        else:
            # Imported here: relativedelta pulls in calendar and locale, which most commands never
            # need. Calendar months are clamped to the month's end: 31 Jan + 1 month is 28 Feb.
            from dateutil.relativedelta import relativedelta

            shifted = today + relativedelta(**{unit: amount})
    except (OverflowError, ValueError):
        raise InvalidDate(
            f'"{raw}" is not a date the desk can handle: it is too far away.'
        ) from None
    return shifted


def _checked_date(
    match: re.Match[str], raw: str, default_year: int | None = None, month: int | None = None
) -> date:
    """Build the date a match names, or raise InvalidDate saying why it is not one."""
    year_text = match["y"]
    if year_text is None:
        if default_year is None:
            raise InvalidDate(f'"{raw}" is not a date: the year is missing.')
        year = default_year
    else:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    if month is None:
        month = int(match["m"])
    day = int(match["d"])
    _check_year(year, raw, "date")
    if not 1 <= month <= 12:
        raise InvalidDate(f'"{raw}" is not a date: there is no month {month}.')
    if day < 1:
        raise InvalidDate(f'"{raw}" is not a date: there is no day {day}.')
    last = _days_in_month(year, month)
    if day > last:
        raise InvalidDate(
            f'"{raw}" is not a date: {_MONTH_NAMES[month - 1]} {year} has {last} days.'
        )
    return date(year, month, day)


def _check_year(year: int, raw: str, what: str) -> None:
    if year < 1:
        raise InvalidDate(f'"{raw}" is not a {what}: there is no year {year}.')


def _checked_time(
    hour_text: str, minute_text: str | None, second_text: str | None, ampm: str | None, raw: str
) -> time:
    """Build the time the parts name, or raise InvalidDate saying why it is not one."""
    hour = int(hour_text)
    minute = int(minute_text or 0)
    second = int(second_text or 0)
    if ampm:
        if not 1 <= hour <= 12:
            raise InvalidDate(f'"{raw}" is not a valid time: with am or pm, hours go from 1 to 12.')
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif hour > 23:
        raise InvalidDate(f'"{raw}" is not a valid time: hours go from 0 to 23.')
    if minute > 59:
        raise InvalidDate(f'"{raw}" is not a valid time: minutes go from 0 to 59.')
    if second > 59:
        raise InvalidDate(f'"{raw}" is not a valid time: seconds go from 0 to 59.')
    return time(hour, minute, second)


def _localise(day: date, wall: time, tz: tzinfo, raw: str) -> datetime:
    """Return ``day`` at ``wall`` in ``tz``, refusing a wall time that the zone skips."""
    moment = datetime.combine(day, wall, tzinfo=tz)
    # A skipped time comes back from UTC as a different wall time (02:30 becomes 03:30 in March);
    # a repeated one comes back unchanged with fold=0, the first occurrence.
    back = moment.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise InvalidDate(
            f'"{raw}" is not a valid time: {_format_time(wall)} is skipped on '
            f"{_WEEKDAY_ABBR[day.weekday()]} {format_date(day)} in {_zone_name(tz)} when the "
            f"clocks go forward; try {_format_time(back.time())}."
        )
    return moment


def _unreadable_message(text: str, clock: Clock) -> str:
    examples = f'"tomorrow", "next friday 15:00" or "18/03/{clock.today().year + 1}"'
    if not text.strip():
        return f"No date given; try {examples}."
    return f'Cannot read "{text.strip()}" as a date; try {examples}.'


def _unreadable_timestamp_message(raw: str) -> str:
    return (
        f'Cannot read "{raw}" as a date and time; expected ISO 8601 like '
        f'"2020-03-18T14:35:00+01:00" or day first like "18/03/2020 14:35".'
    )


# --------------------------------------------------------------------------------------------------
# Storage form


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


# --------------------------------------------------------------------------------------------------
# Formatting for people


def format_date(d: date | datetime) -> str:
    """Return a date as ``"27 Nov 2026"``, the same in every locale.

    Args:
        d: A date, or a datetime whose own (wall-clock) date is used as it is.

    Returns:
        Day, abbreviated English month and year.
    """
    return f"{d.day} {_MONTH_ABBR[d.month - 1]} {d.year}"


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


def _format_time(wall: time) -> str:
    return f"{wall:%H:%M:%S}" if wall.second else f"{wall:%H:%M}"


def _zone_name(tz: tzinfo) -> str:
    key = getattr(tz, "key", None)
    return str(key) if key else str(tz)


# --------------------------------------------------------------------------------------------------
# Calendar helpers


def start_of_day(d: date, tz: tzinfo) -> datetime:
    """Return the aware moment at which day ``d`` begins in ``tz``.

    Args:
        d: The day.
        tz: The zone.

    Returns:
        ``d`` at 00:00 in ``tz``.
    """
    return datetime.combine(d, time(0), tzinfo=tz)


def end_of_week(d: date) -> date:
    """Return the Sunday that ends ``d``'s ISO week (``d`` itself on a Sunday).

    Args:
        d: Any day.

    Returns:
        The Sunday of that week.
    """
    return d + timedelta(days=6 - d.weekday())


def end_of_month(d: date) -> date:
    """Return the last day of ``d``'s month.

    Args:
        d: Any day.

    Returns:
        The month's last day.
    """
    return date(d.year, d.month, _days_in_month(d.year, d.month))


def _days_in_month(year: int, month: int) -> int:
    # Worked out here rather than with calendar.monthrange, which costs importing locale.
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _next_month(first: date, months: int) -> date:
    index = first.month - 1 + months
    return date(first.year + index // 12, index % 12 + 1, 1)


# --------------------------------------------------------------------------------------------------
# Recurrences

#: The frequencies a recurrence may have: sessions repeat at most daily.
_RULE_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_RULE_UNTIL_PATTERN = r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T(?P<time>\d{6})(?P<utc>Z)?)?"
_RULE_EXAMPLE = '"FREQ=WEEKLY;BYDAY=TU;COUNT=6"'


def occurrences(rule: str, start: datetime, *, limit: int = 200) -> list[datetime]:
    """Expand an RFC 5545 recurrence rule from a first wall-clock start.

    The rule is expanded on wall-clock times in ``start``'s zone and each occurrence is then
    placed in that zone, so a session weekly on Tuesday at 10:00 stays at 10:00 across a
    daylight-saving change (its UTC offset changes instead). As in dateutil, ``start`` sets the
    time of day and where the rule begins; it is itself an occurrence only when it matches the
    rule (``FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1`` from a Tuesday begins on the next first Thursday).

    ``UNTIL`` may be a day (``20261231``, which includes that whole day), a wall-clock time in the
    zone (``20261231T120000``) or a UTC time (``20261231T110000Z``).

    Args:
        rule: The RRULE value, such as ``"FREQ=WEEKLY;BYDAY=TU;COUNT=6"``, with or without a
            leading ``RRULE:``. The frequency is DAILY, WEEKLY, MONTHLY or YEARLY.
        start: The first moment, aware; its zone is the zone the rule is expanded in.
        limit: The most occurrences accepted.

    Returns:
        The occurrences in order, aware, in ``start``'s zone; empty when the rule ends before
        its first occurrence.

    Raises:
        InvalidDate: If the rule cannot be read, has both COUNT and UNTIL, repeats more than
            ``limit`` times (or never ends), or falls on a wall time skipped when the clocks go
            forward.
        ValueError: If ``start`` is naive; that is a bug in the caller, not bad input.
    """
    tz = start.tzinfo
    if tz is None or start.utcoffset() is None:
        raise ValueError(f"occurrences needs an aware start, got {start!r}")
    raw = " ".join(rule.split())
    body = re.sub(r"(?i)^rrule:\s*", "", raw).strip().rstrip(";")
    if not body:
        raise InvalidDate(f"No repeat rule given; try {_RULE_EXAMPLE}.")
    parts: list[str] = []
    until: datetime | None = None
    names: set[str] = set()
    for part in body.split(";"):
        name, sep, value = part.strip().partition("=")
        name = name.strip().upper()
        if not sep or not name or not value.strip():
            raise InvalidDate(
                f'Cannot read the repeat rule "{raw}": "{part.strip()}" is not NAME=VALUE; '
                f"try {_RULE_EXAMPLE}."
            )
        if name in names:
            raise InvalidDate(f'Cannot read the repeat rule "{raw}": {name} is given twice.')
        names.add(name)
        if name == "UNTIL":
            until = _rule_until(value.strip(), raw, tz)
        else:
            parts.append(f"{name}={value.strip().upper()}")
    frequency = next((p.partition("=")[2] for p in parts if p.startswith("FREQ=")), None)
    if frequency is None:
        raise InvalidDate(f'The repeat rule "{raw}" needs a FREQ; try {_RULE_EXAMPLE}.')
    if frequency not in _RULE_FREQUENCIES:
        raise InvalidDate(
            f'The repeat rule "{raw}" has FREQ={frequency}; use one of '
            f"{', '.join(_RULE_FREQUENCIES)}."
        )
    if until is not None and "COUNT" in names:
        raise InvalidDate(f'The repeat rule "{raw}" has both COUNT and UNTIL; give only one.')
    # Imported here: only creating a series needs it.
    from dateutil.rrule import rrulestr

    wall_start = start.replace(tzinfo=None, fold=0)
    try:
        recurrence = rrulestr(";".join(parts), dtstart=wall_start)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise InvalidDate(
            f'Cannot read the repeat rule "{raw}" ({error}); try {_RULE_EXAMPLE}.'
        ) from None
    found: list[datetime] = []
    try:
        for wall in recurrence:
            if until is not None and wall > until:
                break
            if len(found) == limit:
                raise InvalidDate(
                    f'The repeat rule "{raw}" repeats more than {limit} times; end it sooner '
                    "with COUNT or UNTIL."
                )
            moment = datetime.combine(wall.date(), wall.time(), tzinfo=tz)
            if moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
                raise InvalidDate(
                    f'The repeat rule "{raw}" falls on {_format_time(wall.time())} on '
                    f"{_WEEKDAY_ABBR[wall.weekday()]} {format_date(wall)}, a time skipped in "
                    f"{_zone_name(tz)} when the clocks go forward; choose another time."
                )
            found.append(moment)
    except (ValueError, OverflowError) as error:
        raise InvalidDate(f'Cannot expand the repeat rule "{raw}" ({error}).') from None
    return found


def _rule_until(value: str, raw: str, tz: tzinfo) -> datetime:
    """The last wall-clock moment (naive, in ``tz``) that an UNTIL value allows."""
    match = re.fullmatch(_RULE_UNTIL_PATTERN, value.upper())
    if match is None:
        raise InvalidDate(
            f'Cannot read UNTIL={value} in the repeat rule "{raw}"; use a day such as '
            "UNTIL=20261231 or a UTC time such as UNTIL=20261231T230000Z."
        )
    day = _checked_date(match, f"UNTIL={value}")
    if match["time"] is None:
        return datetime.combine(day, time(23, 59, 59))
    digits = match["time"]
    wall = _checked_time(digits[:2], digits[2:4], digits[4:], None, f"UNTIL={value}")
    moment = datetime.combine(day, wall)
    if match["utc"]:
        moment = moment.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)
    return moment
