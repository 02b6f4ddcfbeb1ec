"""Periods for reports and filters: a year, a quarter, a month or a day."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from helpdesk.dates.clock import Clock
from helpdesk.dates.days import next_month, start_of_day
from helpdesk.dates.parsing import check_year, normalise, resolve
from helpdesk.dates.words import MONTHS
from helpdesk.errors import InvalidDate
from helpdesk.i18n import _

_QUARTER_PATTERN = r"(?P<y>\d{4})\s*-?\s*q(?P<q>\d+)|q(?P<q2>\d+)\s*[-/ ]?\s*(?P<y2>\d{4})"
_YEAR_MONTH_PATTERN = r"(?P<y>\d{4})-(?P<m>\d{1,2})|(?P<m2>\d{1,2})/(?P<y2>\d{4})"
_MONTH_YEAR_PATTERN = r"(?P<month>[a-z]+)\.?\s+(?P<y>\d{4})"


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
    norm = normalise(raw)
    tz = clock.tz
    try:
        if re.fullmatch(r"\d{4}", norm):
            year = int(norm)
            check_year(year, raw, "period")
            return start_of_day(date(year, 1, 1), tz), start_of_day(date(year + 1, 1, 1), tz)
        match = re.fullmatch(_QUARTER_PATTERN, norm)
        if match:
            year = int(match["y"] or match["y2"])
            quarter = int(match["q"] or match["q2"])
            if not 1 <= quarter <= 4:
                raise InvalidDate(
                    _('"{text}" is not a period: quarters go from Q1 to Q4.').format(text=raw)
                )
            check_year(year, raw, "period")
            first = date(year, 3 * quarter - 2, 1)
            return start_of_day(first, tz), start_of_day(next_month(first, 3), tz)
        month_start = _month_of_period(norm, raw)
        if month_start is not None:
            return start_of_day(month_start, tz), start_of_day(next_month(month_start, 1), tz)
        when = resolve(raw, clock)
        if when is None:
            year = clock.today().year
            examples = _('"{year}", "{year}-Q2", "{year}-03" or "18/03/{year}"').format(year=year)
            if not raw:
                raise InvalidDate(_("No period given; try {examples}.").format(examples=examples))
            raise InvalidDate(
                _('Cannot read "{text}" as a period; try {examples}.').format(
                    text=raw, examples=examples
                )
            )
        return start_of_day(when.day, tz), start_of_day(when.day + timedelta(days=1), tz)
    except (OverflowError, ValueError):
        # Only reachable at the edge of the calendar (year 9999), where the end does not exist.
        raise InvalidDate(
            _('"{text}" is not a period the desk can handle: it is too far away.').format(text=raw)
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
    check_year(year, raw, "period")
    if not 1 <= month <= 12:
        raise InvalidDate(
            _('"{text}" is not a period: there is no month {month}.').format(text=raw, month=month)
        )
    return date(year, month, 1)
