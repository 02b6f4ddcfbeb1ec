"""Topic labels short enough for a side bar or a list column.

The taxonomy's labels are whole phrases ("Grants and funding", "Partner search and open
innovation"); a narrow column would cut them to "Grants and …". Each default topic has a short
label of one or two words; a topic added later gets its label up to the first "and", else its
first words.
"""

from __future__ import annotations

from helpdesk.domain.models import Topic
from helpdesk.i18n import N_, _

#: The width a short label fits in (the views side bar's label column).
SHORT_WIDTH = 14

#: Short labels of the default taxonomy's topics, by key.
SHORT_LABELS: dict[str, str] = {
    "ecommerce": N_("E-commerce"),
    "grants": N_("Grants"),
    "marketing": N_("Marketing"),
    "digital_tools": N_("Digital tools"),
    "maturity": N_("Maturity test"),
    "industry40": N_("Industry 4.0"),
    "ai_data": N_("AI and data"),
    "cybersecurity": N_("Cybersecurity"),
    "blockchain": N_("Blockchain"),
    "sustainability": N_("Sustainability"),
    "export": N_("Export"),
    "credit": N_("Credit"),
    "innovation": N_("Innovation"),
    "startups": N_("Startups"),
    "training": N_("Training"),
    "open_innovation": N_("Partners"),
    "continuity": N_("Continuity"),
    "other": N_("Other"),
}


def short_topic_label(topic: Topic) -> str:
    """The topic's short label in the current language: the default one for its key, else its
    label up to the first "and" (when that is shorter), never longer than :data:`SHORT_WIDTH`
    unless a single word is."""
    if topic.key in SHORT_LABELS:
        return _(SHORT_LABELS[topic.key])
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
