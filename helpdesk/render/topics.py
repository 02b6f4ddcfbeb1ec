"""Topic labels short enough for a side bar or a list column.

The taxonomy's labels are whole phrases ("Grants and funding", "Partner search and open
innovation"); a narrow column would cut them to "Grants and …". Each default topic has a short
label of one or two words; a topic added later gets its label up to the first "and", else its
first words.
"""

from __future__ import annotations

from helpdesk.domain.models import Topic

#: The width a short label fits in (the views side bar's label column).
SHORT_WIDTH = 14

#: Short labels of the default taxonomy's topics, by key.
SHORT_LABELS: dict[str, str] = {
    "ecommerce": "E-commerce",
    "grants": "Grants",
    "marketing": "Marketing",
    "digital_tools": "Digital tools",
    "maturity": "Maturity test",
    "industry40": "Industry 4.0",
    "ai_data": "AI and data",
    "cybersecurity": "Cybersecurity",
    "blockchain": "Blockchain",
    "sustainability": "Sustainability",
    "export": "Export",
    "credit": "Credit",
    "innovation": "Innovation",
    "startups": "Startups",
    "training": "Training",
    "open_innovation": "Partners",
    "continuity": "Continuity",
    "other": "Other",
}


def short_topic_label(topic: Topic) -> str:
    """The topic's short label: the default one for its key, else its English label up to the
    first " and " (when that is shorter), never longer than :data:`SHORT_WIDTH` unless a single
    word is."""
    if topic.key in SHORT_LABELS:
        return SHORT_LABELS[topic.key]
    label = topic.label_en.strip()
    if len(label) <= SHORT_WIDTH:
        return label
    head = label.split(" and ")[0].strip()
    words: list[str] = []
    for word in head.split():
        if words and len(" ".join([*words, word])) > SHORT_WIDTH:
            break
        words.append(word)
    return " ".join(words) or label
