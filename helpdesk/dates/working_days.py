"""The desk's calendar of working days: the one rule every count of working days follows.

A working day is Monday to Friday, and not one of Italy's national public holidays: 1 and 6
January, Easter Monday, 25 April, 1 May, 2 June, 15 August, 1 November, 8, 25 and 26 December.
Local patron saints' days are not counted: they differ from town to town. A grant call's
deadline follow-up (so many working days before the deadline) and the day a partner's answer
to a referral is expected (so many working days after it was sent) are both counted here.
"""

from __future__ import annotations

from datetime import date, timedelta


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


#: Italy's national public holidays on fixed dates (month, day).
FIXED_HOLIDAYS = (
    (1, 1),  # Capodanno
    (1, 6),  # Epifania
    (4, 25),  # Liberazione
    (5, 1),  # Festa del lavoro
    (6, 2),  # Festa della Repubblica
    (8, 15),  # Ferragosto
    (11, 1),  # Ognissanti
    (12, 8),  # Immacolata
    (12, 25),  # Natale
    (12, 26),  # Santo Stefano
)


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a national public holiday (the fixed ones and Easter Monday)."""
    if day.weekday() >= 5 or (day.month, day.day) in FIXED_HOLIDAYS:
        return False
    return day != easter_sunday(day.year) + timedelta(days=1)


def working_days_before(day: date, count: int) -> date:
    """The working day ``count`` working days before ``day`` (``day`` itself when 0)."""
    return _step(day, count, -1)


def working_days_after(day: date, count: int) -> date:
    """The working day ``count`` working days after ``day`` (``day`` itself when 0)."""
    return _step(day, count, 1)


def _step(day: date, count: int, direction: int) -> date:
    current = day
    left = count
    while left > 0:
        current += timedelta(days=direction)
        if is_working_day(current):
            left -= 1
    return current
