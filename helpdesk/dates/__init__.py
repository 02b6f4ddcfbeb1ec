"""Dates and times for the whole desk: reading what people type, writing what they read.

This is the only package that parses or formats dates, and the only one that imports dateutil. The
current time always comes from an injected :class:`Clock`, so tests use :class:`FrozenClock` instead
of patching :mod:`datetime`. One idea a module: :mod:`.clock` (zones and clocks), :mod:`.parsing`
(what people type), :mod:`.words` (the words they use), :mod:`.formatting` (what they read, and the
stored form), :mod:`.days` and :mod:`.periods` (days, weeks, months, report periods) and
:mod:`.recurrence` (repeating sessions).

Rules that every command relies on:

* Numeric dates are always day first (``1/12`` is the 1st of December), as written in Italy.
* A date typed without a year is in the current year, even when that day has already passed:
  ``1/1`` typed on 31 December is the 1st of January just gone (a filter or a report's period
  looks back). What is planned ahead (a follow-up, a webinar session) reads it with ``ahead``:
  then it is the next such day, never in the past (``12 marzo`` typed in December is next March).
* A part of the day stands for a time: morning 09:00, afternoon 15:00, evening 18:00
  (``lunedì mattina``, ``oggi pomeriggio``, ``stasera``, ``tomorrow afternoon``, ``tonight``);
  numbers may be words in offsets (``tra tre giorni``, ``in two weeks``). See
  :mod:`helpdesk.dates.words`.
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

from helpdesk.dates.clock import DEFAULT_TIMEZONE, Clock, FrozenClock, SystemClock, zone
from helpdesk.dates.days import end_of_month, end_of_week, start_of_day
from helpdesk.dates.formatting import (
    format_age,
    format_date,
    format_datetime,
    format_day,
    format_month,
    format_short_day,
    from_iso,
    relative_day,
    to_iso,
)
from helpdesk.dates.parsing import parse_timestamp, parse_when, when_from_iso
from helpdesk.dates.periods import parse_period
from helpdesk.dates.recurrence import occurrences
from helpdesk.dates.when import When

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
    "format_day",
    "format_month",
    "format_short_day",
    "from_iso",
    "occurrences",
    "parse_period",
    "parse_timestamp",
    "parse_when",
    "relative_day",
    "start_of_day",
    "to_iso",
    "when_from_iso",
    "zone",
]
