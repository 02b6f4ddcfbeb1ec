"""When a follow-up may be due: never in the past unless that is confirmed.

A follow-up is a promise to get back to a business later. One created (or moved) into the past
would be overdue at once, which is nearly always a slip of the keyboard (``12/3`` for ``13/12``,
a year missing): the desk refuses it unless the adviser confirms it is meant (``--allow-past``
on the command line; the terminal UI asks). A date without a time is in the past from the day
after; a date with a time, from that moment on. Dates typed without a year are read ahead (the
next such day), so they never land in the past by themselves.
"""

from __future__ import annotations

from datetime import datetime

from helpdesk.dates import When
from helpdesk.errors import InvalidDate
from helpdesk.i18n import _


class PastDue(InvalidDate):
    """A follow-up would be due in the past, and that was not confirmed."""


def is_past(when: When, now: datetime) -> bool:
    """Whether a follow-up due ``when`` would already be overdue at ``now``."""
    if when.time is None:
        return when.day < now.astimezone(when.tz).date()
    return when.at < now


def check_not_past(when: When, now: datetime, *, allow_past: bool = False) -> None:
    """Refuse a due date in the past unless ``allow_past`` says it is meant.

    Raises:
        PastDue: naming the date and the way to confirm it.
    """
    if allow_past or not is_past(when, now):
        return
    raise PastDue(
        _(
            "{date} is in the past: a follow-up there would be overdue at once. Give "
            "a later date, or confirm it is meant (--allow-past)."
        ).format(date=when.describe())
    )
