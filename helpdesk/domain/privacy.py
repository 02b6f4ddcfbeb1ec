"""Personal data under the GDPR: consent answers, anonymising text, periods of inactivity.

Pure rules, no I/O: :mod:`helpdesk.services.privacy` applies them to the desk.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from helpdesk.domain.models import Company
from helpdesk.domain.text import fold, folded_words
from helpdesk.errors import InvalidValue
from helpdesk.i18n import _

#: What anonymised text reads in place of a name, an email or a phone number.
FORGOTTEN = "[forgotten]"

_YES = {"si", "sì", "s", "yes", "y", "true", "1", "x", "ok", "vero", "acconsento", "consenso"}
_NO = {"no", "n", "false", "0", "falso", "nego", "non acconsento", "rifiutato"}
#: Words that agree anywhere in an answer, or refuse at its start.
_AGREEING = frozenset({"acconsento", "accetto", "autorizzo", "agree", "accept"})
_REFUSING = frozenset({"non", "not", "rifiuto", "decline"})

_PERIOD = re.compile(r"^\s*(\d+)\s*(d|g|w|m|y|a)\s*$", re.IGNORECASE)


def parse_consent(text: str) -> bool:
    """``Sì``/``yes``/``true``/``1``/``x`` → True, ``No``/``false``/``0`` → False; a form's
    wording too: "Sì, acconsento", "Acconsento al trattamento dei dati", "Non acconsento".

    Raises:
        InvalidValue: for anything else.
    """
    word = fold(text.strip()).rstrip(".")
    if word in _YES or text.strip().lower() in _YES:
        return True
    if word in _NO:
        return False
    # An answer as a form words it: "Sì, acconsento", "Acconsento al trattamento dei dati",
    # "Non acconsento".
    said = folded_words(text).split()
    if said and (said[0] in _NO or said[0] in _REFUSING):
        return False
    if said and (said[0] in _YES or not _AGREEING.isdisjoint(said)):
        return True
    raise InvalidValue(
        _("{answer!r} is not a consent answer: use sì/yes or no.").format(answer=text.strip())
    )


@dataclass(slots=True, frozen=True)
class Period:
    """A span of time as people say it: months (a year is twelve) and days (a week is seven)."""

    months: int = 0
    days: int = 0
    text: str = ""

    def before(self, now: datetime) -> datetime:
        """The moment this period before ``now`` (the 31st of a shorter month is its last)."""
        year, month = divmod(now.year * 12 + now.month - 1 - self.months, 12)
        day = min(now.day, calendar.monthrange(year, month + 1)[1])
        return now.replace(year=year, month=month + 1, day=day) - timedelta(days=self.days)


def parse_period(text: str) -> Period:
    """A period as ``24m`` (months), ``2y`` or ``2a`` (years), ``90d`` or ``90g`` (days),
    ``8w`` (weeks).

    Raises:
        InvalidValue: for anything else.
    """
    found = _PERIOD.match(text)
    if not found or int(found.group(1)) == 0:
        raise InvalidValue(
            f"{text.strip()!r} is not a period: write it as 24m (months), 2y, 8w or 90d."
        )
    amount, unit = int(found.group(1)), found.group(2).lower()
    shown = text.strip()
    if unit in "dg":
        return Period(days=amount, text=shown)
    if unit == "w":
        return Period(days=7 * amount, text=shown)
    if unit == "m":
        return Period(months=amount, text=shown)
    return Period(months=12 * amount, text=shown)


def secrets_pattern(secrets: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern finding any of ``secrets`` in free text: names and their parts (as whole
    words, case ignored), emails, and phone numbers however they are spaced."""
    parts: set[str] = set()
    for secret in secrets:
        secret = secret.strip()
        if not secret:
            continue
        digits = "".join(c for c in secret if c.isdigit())
        if "@" in secret:
            parts.add(re.escape(secret))
        elif len(digits) >= 6 and len(digits) >= len(secret.replace(" ", "")) - 3:
            parts.add(r"\+?" + r"[\s./-]?".join(re.escape(d) for d in digits))
        else:
            parts.add(r"\b" + re.escape(secret) + r"\b")
            for word in re.split(r"[\s']+", secret):
                if len(word) >= 3 and any(c.isalpha() for c in word):
                    parts.add(r"\b" + re.escape(word) + r"\b")
    if not parts:
        return None
    # Longest first, so a full name goes before its parts.
    return re.compile("|".join(sorted(parts, key=len, reverse=True)), re.IGNORECASE)


def scrub(text: str, pattern: re.Pattern[str] | None) -> str:
    """``text`` with every secret the pattern finds replaced by :data:`FORGOTTEN`."""
    if pattern is None or not text:
        return text
    return pattern.sub(FORGOTTEN, text)


def scrub_value(value: object, pattern: re.Pattern[str] | None) -> object:
    """A history value (text, number, list of texts or None) scrubbed."""
    if isinstance(value, str):
        return scrub(value, pattern)
    if isinstance(value, list):
        return [scrub(v, pattern) if isinstance(v, str) else v for v in value]
    return value


def last_day(moments: Iterable[datetime | date | None]) -> datetime | date | None:
    """The latest of ``moments`` (dates and datetimes compared by day), None when none."""
    found = [m for m in moments if m is not None]
    if not found:
        return None
    return max(found, key=lambda m: m.date() if isinstance(m, datetime) else m)


def record_consent(company: Company, given: bool, on: date, who: str, at: datetime) -> bool:
    """Set a company's consent answer and its day, with a history line; False when it already
    had that answer."""
    if company.consent is given or (company.consented is given and company.consent is None):
        return False
    old = None if company.consented is None else ("yes" if company.consented else "no")
    company.consent = given
    company.privacy_consent = on
    company.record(
        "consent", old, f"{'yes' if given else 'no'} on {on.isoformat()}", who=who, at=at
    )
    return True
