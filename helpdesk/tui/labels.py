"""The words the terminal UI shows for the desk's closed vocabularies, in the current language.

Each table holds the English word marked for the catalogs; the functions translate it when it
is shown, so a switch of language shows the new words at once. Keys typed by users (``high``,
``in_progress``) stay as they are: these are only what the screens read out.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from helpdesk.domain.enums import Channel, CompanyKind, LinkKind, Outcome, Priority, Status
from helpdesk.domain.models import Topic
from helpdesk.i18n import N_, _, language
from helpdesk.render.topics import SHORT_WIDTH, short_topic_label

STATUS_LABELS: dict[Status, str] = {
    Status.NEW: N_("new"),
    Status.TRIAGED: N_("triaged"),
    Status.IN_PROGRESS: N_("in progress"),
    Status.WAITING: N_("waiting"),
    Status.RESOLVED: N_("resolved"),
    Status.CLOSED: N_("closed"),
}

PRIORITY_LABELS: dict[Priority, str] = {
    Priority.LOW: N_("low"),
    Priority.NORMAL: N_("normal"),
    Priority.HIGH: N_("high"),
    Priority.URGENT: N_("urgent"),
}

CHANNEL_LABELS: dict[Channel, str] = {
    Channel.PHONE: N_("phone"),
    Channel.EMAIL: N_("e-mail"),
    Channel.WEB: N_("web"),
    Channel.WALK_IN: N_("walk-in"),
    Channel.EVENT: N_("event"),
    Channel.OTHER: N_("other"),
}

OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.ADVISED: N_("advised"),
    Outcome.REFERRED: N_("referred"),
    Outcome.GRANT_APPLIED: N_("grant applied"),
    Outcome.PROJECT_STARTED: N_("project started"),
    Outcome.TRAINED: N_("trained"),
    Outcome.NOT_ELIGIBLE: N_("not eligible"),
    Outcome.NO_RESPONSE: N_("no response"),
    Outcome.WITHDRAWN: N_("withdrawn"),
    Outcome.DUPLICATE: N_("duplicate"),
}

KIND_LABELS: dict[CompanyKind, str] = {
    CompanyKind.ARTISAN: N_("artisan"),
    CompanyKind.RETAIL: N_("retail"),
    CompanyKind.FOOD_SERVICE: N_("food service"),
    CompanyKind.PROFESSIONAL: N_("professional"),
    CompanyKind.SME: N_("SME"),
    CompanyKind.STARTUP: N_("startup"),
    CompanyKind.LARGE: N_("large"),
    CompanyKind.OTHER: N_("other"),
}

LINK_LABELS: dict[LinkKind, str] = {
    LinkKind.RELATED: N_("related"),
    LinkKind.FOLLOW_ON: N_("follow-on request"),
    LinkKind.DUPLICATE_OF: N_("duplicate of"),
}


def status_text(status: Status) -> str:
    """A status as the adviser reads it: ``in lavorazione``, ``in progress``."""
    return _(STATUS_LABELS[status])


def priority_text(priority: Priority) -> str:
    """A priority as the adviser reads it: ``alta``, ``high``."""
    return _(PRIORITY_LABELS[priority])


def channel_text(channel: Channel) -> str:
    """A channel as the adviser reads it: ``telefono``, ``phone``."""
    return _(CHANNEL_LABELS[channel])


def outcome_text(outcome: Outcome) -> str:
    """An outcome as the adviser reads it: ``consulenza fornita``, ``advised``."""
    return _(OUTCOME_LABELS[outcome])


def kind_text(kind: CompanyKind) -> str:
    """A kind of business as the adviser reads it: ``artigiana``, ``artisan``."""
    return _(KIND_LABELS[kind])


def link_text(kind: LinkKind) -> str:
    """How two tickets relate, as the adviser reads it."""
    return _(LINK_LABELS[kind])


def widest(labels: dict[Status, str] | dict[Priority, str]) -> int:
    """The cells the longest of ``labels`` takes in the current language."""
    return max(len(_(label)) for label in labels.values())


def short_day(day: date, today: date) -> str:
    """A day in a narrow column: ``18 Nov`` (``18 nov``), with the year when not this year's."""
    text = f"{day.day} {_month_abbreviations(language())[day.month - 1]}"
    if day.year != today.year:
        text += f" {day.year % 100:02d}"
    return text


@cache
def _month_abbreviations(code: str) -> tuple[str, ...]:
    """The months' short names in ``code``, as Babel's locale data writes them (once a language)."""
    from babel import Locale

    names = Locale.parse(code).months["format"]["abbreviated"]
    return tuple(str(names[month]).rstrip(".") for month in range(1, 13))


#: Short Italian labels of the default taxonomy's topics, by key, for the side bar and the list
#: (the English ones are :data:`helpdesk.render.topics.SHORT_LABELS`). Data, like the
#: taxonomy's own labels, not messages.
SHORT_TOPIC_LABELS_IT: dict[str, str] = {
    "ecommerce": "E-commerce",
    "grants": "Bandi",
    "marketing": "Marketing",
    "digital_tools": "Strumenti",
    "maturity": "Test maturità",
    "industry40": "Industria 4.0",
    "ai_data": "IA e dati",
    "cybersecurity": "Cybersicurezza",
    "blockchain": "Blockchain",
    "sustainability": "Sostenibilità",
    "export": "Export",
    "credit": "Credito",
    "innovation": "Innovazione",
    "startups": "Startup",
    "training": "Formazione",
    "open_innovation": "Partner",
    "continuity": "Continuità",
    "other": "Altro",
}


def short_topic_text(topic: Topic) -> str:
    """A topic's label short enough for a narrow column, in the current language.

    In Italian: the short label of a default topic, else the Italian label up to the first
    " e " (when that is shorter), cut to whole words within :data:`SHORT_WIDTH`.
    """
    if language() != "it":
        return short_topic_label(topic)
    if topic.key in SHORT_TOPIC_LABELS_IT:
        return SHORT_TOPIC_LABELS_IT[topic.key]
    label = topic.label_it.strip() or topic.label_en.strip()
    if len(label) <= SHORT_WIDTH:
        return label
    words: list[str] = []
    for word in label.split(" e ")[0].split():
        if words and len(" ".join([*words, word])) > SHORT_WIDTH:
            break
        words.append(word)
    return " ".join(words) or label


def format_count(value: int) -> str:
    """A whole number as the current language writes it: ``1.234`` in Italian, ``1,234`` in
    English (the thousands separator from Babel's locale data, looked up once a language)."""
    return f"{value:,}".replace(",", _group_separator(language()))


@cache
def _group_separator(code: str) -> str:
    from babel.numbers import get_group_symbol

    return str(get_group_symbol(code))
