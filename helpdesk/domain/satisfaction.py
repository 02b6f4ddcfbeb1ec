"""What the business thought of the desk: a 1–5 score and a comment, given at or after closing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.errors import InvalidValue
from helpdesk.i18n import _


@dataclass(slots=True)
class Satisfaction:
    """A business's answer to "how did we do?".

    Attributes:
        score: 1 (poor) to 5 (excellent).
        at: When it was recorded.
        who: Who recorded it (an adviser's key, or ``survey`` for an imported answer).
        comment: What the business said.
    """

    score: int
    at: datetime
    who: str
    comment: str = ""


def check_score(value: int | str) -> int:
    """A score of 1 to 5.

    Raises:
        InvalidValue: for anything else, saying what a score is.
    """
    text = str(value).strip()
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    raise InvalidValue(
        _("Score {score!r} is not a whole number from 1 (poor) to 5 (excellent).").format(
            score=value
        )
    )
