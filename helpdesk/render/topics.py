"""Topic labels short enough for a side bar or a list column.

The taxonomy's labels are whole phrases ("Grants and funding", "Partner search and open
innovation"); a narrow column would cut them to "Grants and …". Each default topic has a short
label of one or two words; a topic added later gets its label up to the first "and", else its
first words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from helpdesk.domain.models import Topic
from helpdesk.i18n import NC_, _, pgettext

#: The width a short label fits in (the views side bar's label column).
SHORT_WIDTH = 14

#: Short labels of the default taxonomy's topics, by key, translated in the context "short topic"
#: (a side bar's "Grants" is the topic *Bandi*, not the euros obtained).
SHORT_LABELS: dict[str, str] = {
    "ecommerce": NC_("short topic", "E-commerce"),
    "grants": NC_("short topic", "Grants"),
    "marketing": NC_("short topic", "Marketing"),
    "digital_tools": NC_("short topic", "Digital tools"),
    "maturity": NC_("short topic", "Maturity test"),
    "industry40": NC_("short topic", "Industry 4.0"),
    "ai_data": NC_("short topic", "AI and data"),
    "cybersecurity": NC_("short topic", "Cybersecurity"),
    "blockchain": NC_("short topic", "Blockchain"),
    "sustainability": NC_("short topic", "Sustainability"),
    "export": NC_("short topic", "Export"),
    "credit": NC_("short topic", "Credit"),
    "innovation": NC_("short topic", "Innovation"),
    "startups": NC_("short topic", "Startups"),
    "training": NC_("short topic", "Training"),
    "open_innovation": NC_("short topic", "Partners"),
    "continuity": NC_("short topic", "Continuity"),
    "other": NC_("short topic", "Other"),
}


def short_topic_label(topic: Topic) -> str:
    """The topic's short label in the current language, for the side bar and the list.

    The default one for its key, else its label in the current language up to the first "and"
    ("e" in Italian) when that is shorter, never longer than :data:`SHORT_WIDTH` unless a single
    word is.
    """
    if topic.key in SHORT_LABELS:
        return pgettext("short topic", SHORT_LABELS[topic.key])
    label = topic.label().strip()
    if len(label) <= SHORT_WIDTH:
        return label
    # Translators: the word that joins two things in a topic's label ("AI and data").
    head = label.split(" " + _("and") + " ")[0].strip()
    words: list[str] = []
    for word in head.split():
        if words and len(" ".join([*words, word])) > SHORT_WIDTH:
            break
        words.append(word)
    return " ".join(words) or label


def topic_names(topics: Iterable[Topic], *, short: bool = False) -> dict[str, str]:
    """Each topic's label in the current language, by key; ``short`` for a narrow column."""
    return {t.key: short_topic_label(t) if short else t.label() for t in topics}


def topics_text(keys: Iterable[str], names: Mapping[str, str]) -> str:
    """Topics as people read them (``Bandi, Credito``); a key the taxonomy lacks as it is."""
    return ", ".join(names.get(key, key) for key in keys)
