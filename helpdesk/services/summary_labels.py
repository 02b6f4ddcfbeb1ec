"""Labels of the summary's closed vocabularies, and how its months and delays read, in English
and Italian (topic labels come from the taxonomy).

The labels are messages of the catalogs. A summary carries each label in both languages (a
report template is written in one of them, whatever the interface speaks), so these functions
take the language to speak; without one they speak the current language.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from helpdesk.i18n import N_, NC_, _, language
from helpdesk.i18n.catalogs import Catalog, load_catalog

#: Labels of the closed vocabularies (topic labels come from the taxonomy), each with the context
#: it is translated in: the outcome "Advised" is not the funnel's stage of that name.
LABELS: dict[str, tuple[str, str]] = {
    # statuses
    "new": ("ticket status", NC_("ticket status", "New")),
    "triaged": ("ticket status", NC_("ticket status", "Triaged")),
    "in_progress": ("ticket status", NC_("ticket status", "In progress")),
    "waiting": ("ticket status", NC_("ticket status", "Waiting")),
    "resolved": ("ticket status", NC_("ticket status", "Resolved")),
    "closed": ("ticket status", NC_("ticket status", "Closed")),
    # channels
    "phone": ("channel", NC_("channel", "Phone")),
    "email": ("channel", NC_("channel", "Email")),
    "web": ("channel", NC_("channel", "Web form")),
    "walk_in": ("channel", NC_("channel", "Walk-in")),
    "event": ("channel", NC_("channel", "Event")),
    # company kinds
    "artisan": ("company kind", NC_("company kind", "Artisan")),
    "retail": ("company kind", NC_("company kind", "Retail")),
    "food_service": ("company kind", NC_("company kind", "Food service")),
    "professional": ("company kind", NC_("company kind", "Professional")),
    "sme": ("company kind", NC_("company kind", "SME")),
    "startup": ("company kind", NC_("company kind", "Startup")),
    "large": ("company kind", NC_("company kind", "Large company")),
    "other": ("company kind", NC_("company kind", "Other")),
    # outcomes
    "advised": ("outcome", NC_("outcome", "Advised")),
    "referred": ("outcome", NC_("outcome", "Referred")),
    "grant_applied": ("outcome", NC_("outcome", "Grant applied for")),
    "project_started": ("outcome", NC_("outcome", "Project started")),
    "trained": ("outcome", NC_("outcome", "Trained")),
    "not_eligible": ("outcome", NC_("outcome", "Not eligible")),
    "no_response": ("outcome", NC_("outcome", "No response")),
    "withdrawn": ("outcome", NC_("outcome", "Withdrawn")),
    "duplicate": ("outcome", NC_("outcome", "Duplicate")),
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
    entry = LABELS.get(key)
    if entry is None:
        return key
    context, label = entry
    return _catalog(language or _current_language()).pgettext(context, label)


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
