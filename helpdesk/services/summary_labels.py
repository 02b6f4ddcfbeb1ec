"""Labels of the summary's closed vocabularies, and how its months and delays read, in English
and Italian (topic labels come from the taxonomy).

The labels are messages of the catalogs. A summary carries each label in both languages (a
report template is written in one of them, whatever the interface speaks), so these functions
take the language to speak; without one they speak the current language.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from helpdesk.i18n import N_, _, language
from helpdesk.i18n.catalogs import Catalog, load_catalog

# Labels of the closed vocabularies (topic labels come from the taxonomy).
LABELS: dict[str, str] = {
    # statuses
    "new": N_("New"),
    "triaged": N_("Triaged"),
    "in_progress": N_("In progress"),
    "waiting": N_("Waiting"),
    "resolved": N_("Resolved"),
    "closed": N_("Closed"),
    # channels
    "phone": N_("Phone"),
    "email": N_("Email"),
    "web": N_("Web form"),
    "walk_in": N_("Walk-in"),
    "event": N_("Event"),
    # company kinds
    "artisan": N_("Artisan"),
    "retail": N_("Retail"),
    "food_service": N_("Food service"),
    "professional": N_("Professional"),
    "sme": N_("SME"),
    "startup": N_("Startup"),
    "large": N_("Large company"),
    "other": N_("Other"),
    # outcomes
    "advised": N_("Advised"),
    "referred": N_("Referred"),
    "grant_applied": N_("Grant applied for"),
    "project_started": N_("Project started"),
    "trained": N_("Trained"),
    "not_eligible": N_("Not eligible"),
    "no_response": N_("No response"),
    "withdrawn": N_("Withdrawn"),
    "duplicate": N_("Duplicate"),
}

# Ticket statuses as sentences name them (the English catalog keeps the values).
STATUS_WORDS: dict[str, str] = {
    "new": N_("new"),
    "triaged": N_("triaged"),
    "in_progress": N_("in_progress"),
    "waiting": N_("waiting"),
    "resolved": N_("resolved"),
    "closed": N_("closed"),
}

# Labels of the rows that count what has no value.
NONE_LABELS: dict[str, str] = {
    "topic": N_("No topic"),
    "kind": N_("No company"),
    "province": N_("Unknown"),
    "adviser": N_("Unassigned"),
}


def in_language(message: str, code: str | None = None) -> str:
    """``message`` in language ``code`` (the current language when None)."""
    return _catalog(code or language()).gettext(message)


def in_both(message: str) -> tuple[str, str]:
    """``message`` in English and in Italian, as a summary's rows carry their labels."""
    return in_language(message, "en"), in_language(message, "it")


def label_of(key: str, language: str | None = None) -> str:
    """The label of a status, channel, company kind or outcome value, in ``en`` or ``it``
    (the current language when None); an unknown key is its own label."""
    label = LABELS.get(key)
    return key if label is None else in_language(label, language)


def status_word(key: str) -> str:
    """A ticket status as a sentence names it: the value itself in English (``in_progress``, as
    filters take it), the word in the current language otherwise (``in lavorazione``)."""
    return _(STATUS_WORDS.get(key, key))


def month_label(key: str, language: str | None = None) -> str:
    """``2020-04`` → ``Apr 2020`` (``aprile 2020`` in Italian)."""
    return _month_label(key, language or _current_language())


def describe_hours(hours: float | None, language: str | None = None) -> str:
    """A delay for people: ``45m``, ``3h 20m``, ``2d 4h`` (``—`` when there is none).

    Minutes are rounded; from two days on, hours are. Italian uses ``g`` for days (giorni).
    """
    if hours is None:
        return "—"
    minutes = round(hours * 60)
    day = "g" if (language or _current_language()) == "it" else "d"
    if minutes < 60:
        return f"{minutes}m"
    if minutes < 48 * 60:
        h, m = divmod(minutes, 60)
        return f"{h}h {m}m" if m else f"{h}h"
    d, h = divmod(round(hours), 24)
    return f"{d}{day} {h}h" if h else f"{d}{day}"


def _current_language() -> str:
    return language()


@cache
def _month_label(key: str, code: str) -> str:
    from babel.dates import format_date  # imported when a month is first named: it is slow

    year, month = (int(part) for part in key.split("-"))
    # Italian names the month in full, English abbreviates it, as each writes it in a table.
    pattern = "LLLL y" if code == "it" else "LLL y"
    return str(format_date(date(year, month, 1), pattern, locale=code))


@cache
def _catalog(code: str) -> Catalog:
    return load_catalog(code)
