"""Calendar arithmetic on days: where a day, a week and a month begin and end."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo


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
    return date(d.year, d.month, days_in_month(d.year, d.month))


def days_in_month(year: int, month: int) -> int:
    # Worked out here rather than with calendar.monthrange, which costs importing locale.
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def next_month(first: date, months: int) -> date:
    index = first.month - 1 + months
    return date(first.year + index // 12, index % 12 + 1, 1)
