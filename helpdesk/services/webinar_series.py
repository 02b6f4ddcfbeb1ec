"""Repeat rules of webinar series: how many sessions one may have, and its weekdays as people
type them in English or Italian."""

from __future__ import annotations

import re

from helpdesk.domain.text import fold
from helpdesk.errors import InvalidValue
from helpdesk.i18n import _

#: The most sessions one series may have.
MAX_SESSIONS = 200

#: Weekday codes of repeat rules, with the names people type for them.
_WEEKDAY_CODES = {
    "MO": ("monday", "lunedi"),
    "TU": ("tuesday", "martedi"),
    "WE": ("wednesday", "mercoledi"),
    "TH": ("thursday", "giovedi"),
    "FR": ("friday", "venerdi"),
    "SA": ("saturday", "sabato"),
    "SU": ("sunday", "domenica"),
}


def weekday_code(text: str) -> str:
    """An RRULE weekday (``TU``, ``1TH``, ``-1FR``) from a code or a name, English or Italian.

    Raises:
        InvalidValue: for something that is not a weekday.
    """
    match = re.fullmatch(r"([+-]?\d{1,2})?\s*([a-z]+)", fold(text.strip()))
    if match:
        position, name = match.group(1) or "", match.group(2)
        for code, names in _WEEKDAY_CODES.items():
            if name == code.lower() or any(
                len(name) >= 3 and full.startswith(name) for full in names
            ):
                return f"{position}{code}"
    raise InvalidValue(
        _(
            "{text!r} is not a weekday; use MO, TU, WE, TH, FR, SA, SU or a name such as tuesday."
        ).format(text=text.strip())
    )
