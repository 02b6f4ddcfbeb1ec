"""Reading the dates and times people type, and those imported files hold.

The rules are in :mod:`helpdesk.dates`; the words are in :mod:`helpdesk.dates.words`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from helpdesk.dates.clock import Clock, localise
from helpdesk.dates.days import days_in_month, end_of_month, end_of_week
from helpdesk.dates.formatting import MONTH_NAMES, from_iso
from helpdesk.dates.when import When
from helpdesk.dates.words import (
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
from helpdesk.domain.text import fold
from helpdesk.errors import InvalidDate
from helpdesk.i18n import _, language

# Patterns are kept as strings and used through re's own cache: compiling them all at import
# would slow every CLI command's start, and most commands never read a date.

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
#: A weekday before a date, as Italians write it and as the desk shows dates: "ven 11 dic".
_WEEKDAY_DATE_PATTERN = r"(?P<wd>[a-z]+)\s+(?P<date>\d.*)"
#: The article Italians put before a date: "il 18 marzo", "l'11 dicembre".
_ARTICLE_PATTERN = r"^(?:il\s+|l')(?=\d)"
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
    when = resolve(text, clock, ahead=ahead)
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
        return When(checked_date(match, raw), None, tz)
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
        # checked_date would, so this is the general path without its checks; when it fails,
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
        day = checked_date(match, raw)
        wall = time(0)
        if match["hour"] is not None:
            wall = checked_time(match["hour"], match["minute"], match["second"], None, raw)
        return localise(day, wall, tz, raw)
    named = _named_month_timestamp(raw, tz)
    if named is not None:
        return named
    if not re.fullmatch(_ISO_SHAPE_PATTERN, raw):
        raise InvalidDate(_unreadable_timestamp_message(raw))
    iso_day = re.match(_ISO_DATE_PATTERN, raw)
    if iso_day:
        # Checked by hand first so that "2020-02-30" says why, instead of a generic message.
        checked_date(iso_day, raw)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidDate(_unreadable_timestamp_message(raw)) from None
    return _in_zone(moment, tz, raw)


def _named_month_timestamp(raw: str, tz: tzinfo) -> datetime | None:
    """A date with its month's name and its year, and maybe a time, as Italian forms write
    them ("18 marzo 2020", "18 marzo 2020 9.12", "mer 18 mar 2020, 09:12"); None for other
    text."""
    date_part, time_match = _split_time(normalise(raw))
    date_part = re.sub(_ARTICLE_PATTERN, "", date_part)
    weekday = None
    match = re.fullmatch(_WEEKDAY_DATE_PATTERN, date_part)
    if match and match["wd"] in WEEKDAYS:
        weekday, date_part = WEEKDAYS[match["wd"]], match["date"]
    match = re.fullmatch(_DAY_MONTH_PATTERN, date_part)
    if not match or match["y"] is None or match["month"] not in MONTHS:
        return None
    day = checked_date(match, raw, month=MONTHS[match["month"]])
    if weekday is not None:
        _check_weekday(day, weekday, raw)
    wall = time(0)
    if time_match is not None:
        wall = checked_time(
            time_match["hour"], time_match["minute"], time_match["second"], time_match["ampm"], raw
        )
    return localise(day, wall, tz, raw)


def _in_zone(moment: datetime, tz: tzinfo, raw: str) -> datetime:
    """A timestamp read from ``raw`` in zone ``tz``: a naive one as a wall time there."""
    if moment.tzinfo is None:
        return localise(moment.date(), moment.time(), tz, raw)
    return moment.astimezone(tz)


def resolve(text: str, clock: Clock, *, ahead: bool = False) -> When | None:
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
    norm = normalise(raw)
    if not norm:
        return None
    today = clock.today()
    if norm in TODAY_AT:
        localise(today, TODAY_AT[norm], tz, raw)
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
            localise(day, part_of_day, tz, raw)
        return When(day, part_of_day, tz)
    wall = checked_time(
        time_match["hour"], time_match["minute"], time_match["second"], time_match["ampm"], raw
    )
    localise(day, wall, tz, raw)
    return When(day, wall, tz)


def normalise(text: str) -> str:
    # Typographic apostrophes come from phones and word processors; accents are dropped so that
    # "venerdi" (typed without the accent) and "venerdì" are the same word.
    plain = fold(text)
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
    text = re.sub(_ARTICLE_PATTERN, "", text)
    found = _resolve_plain_day(text, raw, today, ahead)
    if found is not None:
        return found
    # "ven 11 dic": a weekday before a date names the date, and must be its weekday.
    match = re.fullmatch(_WEEKDAY_DATE_PATTERN, text)
    if match and match["wd"] in WEEKDAYS:
        found = _resolve_plain_day(match["date"], raw, today, ahead)
        if found is not None:
            _check_weekday(found, WEEKDAYS[match["wd"]], raw)
        return found
    return None


def _check_weekday(day: date, weekday: int, raw: str) -> None:
    """Refuse a date typed with a weekday that is not its own ("gio 11 dic 2026")."""
    if day.weekday() != weekday:
        raise InvalidDate(
            _('"{text}" is not a date: {date} is a {weekday}.').format(
                text=raw, date=_date_words(day), weekday=_weekday_name(day)
            )
        )


def _resolve_plain_day(text: str, raw: str, today: date, ahead: bool = False) -> date | None:
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
        return checked_date(match, raw, today.year, month)
    try:
        found = checked_date(match, raw, today.year, month)
    except InvalidDate as error:
        try:  # 29/02 in a common year: next year's may be a leap year's
            return checked_date(match, raw, today.year + 1, month)
        except InvalidDate:
            raise error from None  # no such day either year: say it of this year
    if found < today:
        found = checked_date(match, raw, today.year + 1, month)
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
            _('"{text}" is not a date the desk can handle: it is too far away.').format(text=raw)
        ) from None
    return shifted


def checked_date(
    match: re.Match[str], raw: str, default_year: int | None = None, month: int | None = None
) -> date:
    """Build the date a match names, or raise InvalidDate saying why it is not one."""
    year_text = match["y"]
    if year_text is None:
        if default_year is None:
            raise InvalidDate(_('"{text}" is not a date: the year is missing.').format(text=raw))
        year = default_year
    else:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    if month is None:
        month = int(match["m"])
    day = int(match["d"])
    check_year(year, raw, "date")
    if not 1 <= month <= 12:
        raise InvalidDate(
            _('"{text}" is not a date: there is no month {month}.').format(text=raw, month=month)
        )
    if day < 1:
        raise InvalidDate(
            _('"{text}" is not a date: there is no day {day}.').format(text=raw, day=day)
        )
    last = days_in_month(year, month)
    if day > last:
        raise InvalidDate(
            _('"{text}" is not a date: {month} {year} has {days} days.').format(
                text=raw, month=_month_name(month), year=year, days=last
            )
        )
    return date(year, month, day)


def check_year(year: int, raw: str, what: str) -> None:
    """Refuse year 0 and before; ``what`` is ``"date"`` or ``"period"``, as the message says."""
    if year < 1:
        message = (
            _('"{text}" is not a period: there is no year {year}.')
            if what == "period"
            else _('"{text}" is not a date: there is no year {year}.')
        )
        raise InvalidDate(message.format(text=raw, year=year))


def checked_time(
    hour_text: str, minute_text: str | None, second_text: str | None, ampm: str | None, raw: str
) -> time:
    """Build the time the parts name, or raise InvalidDate saying why it is not one."""
    hour = int(hour_text)
    minute = int(minute_text or 0)
    second = int(second_text or 0)
    if ampm:
        if not 1 <= hour <= 12:
            raise InvalidDate(
                _('"{text}" is not a valid time: with am or pm, hours go from 1 to 12.').format(
                    text=raw
                )
            )
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    elif hour > 23:
        raise InvalidDate(
            _('"{text}" is not a valid time: hours go from 0 to 23.').format(text=raw)
        )
    if minute > 59:
        raise InvalidDate(
            _('"{text}" is not a valid time: minutes go from 0 to 59.').format(text=raw)
        )
    if second > 59:
        raise InvalidDate(
            _('"{text}" is not a valid time: seconds go from 0 to 59.').format(text=raw)
        )
    return time(hour, minute, second)


def _unreadable_message(text: str, clock: Clock) -> str:
    examples = _('"tomorrow", "next friday 15:00" or "18/03/{year}"').format(
        year=clock.today().year + 1
    )
    if not text.strip():
        return _("No date given; try {examples}.").format(examples=examples)
    return _('Cannot read "{text}" as a date; try {examples}.').format(
        text=text.strip(), examples=examples
    )


def _unreadable_timestamp_message(raw: str) -> str:
    return _(
        'Cannot read "{text}" as a date and time; expected ISO 8601 like '
        '"2020-03-18T14:35:00+01:00" or day first like "18/03/2020 14:35".'
    ).format(text=raw)


def _month_name(month: int) -> str:
    """The month's name in the current language, for messages."""
    if language() == "en":
        return MONTH_NAMES[month - 1]
    from babel.dates import get_month_names  # only when a message needs it

    return str(get_month_names("wide", "stand-alone", locale=language())[month])


def _weekday_name(day: date) -> str:
    """The day's weekday in the current language, for messages ("Friday", "venerdì")."""
    from babel.dates import format_date  # only when a message needs it

    return str(format_date(day, "EEEE", locale=language()))


def _date_words(day: date) -> str:
    """The date in words in the current language, for messages ("11 December 2026")."""
    from babel.dates import format_date  # only when a message needs it

    return str(format_date(day, "d MMMM y", locale=language()))
