"""What the desk offers, who sent the business, and the programme that pays for it.

A ticket's *service* (orientation, advice…) is kept apart from its topics (what it is about);
its *source* says who sent the business to the desk; its *programme* is the funded scheme it
is counted under (e.g. the 2020 free advisory desk, funded by a chamber of commerce and local
banks), so that figures can be cut by programme for the funders who ask.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from helpdesk.domain.enums import Choice
from helpdesk.errors import InvalidValue
from helpdesk.i18n import NC_, _


class Service(Choice):
    """What the desk gave the business."""

    ORIENTATION = "orientation"
    ADVICE = "advice"
    TRAINING = "training"
    SUPPORT = "support"
    ASSESSMENT = "assessment"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Service``."""
        return _("Service")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a service."""
        return "service"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _SERVICE_LABELS


class Source(Choice):
    """Who sent the business to the desk."""

    CHAMBER = "chamber"
    ASSOCIATION = "association"
    BANK = "bank"
    WEBSITE = "website"
    EVENT = "event"
    WORD_OF_MOUTH = "word_of_mouth"
    HUB = "hub"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Source``."""
        return _("Source")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a source."""
        return "source"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _SOURCE_LABELS


@dataclass(slots=True)
class Programme:
    """A funded scheme tickets are counted under.

    Attributes:
        key: Short stable name (``desk2020``), what tickets store.
        name: How people call it.
        funders: Who pays for it.
        start: First day it runs, if known.
        end: Last day it runs, if known.
    """

    key: str
    name: str
    funders: list[str] = field(default_factory=list)
    start: date | None = None
    end: date | None = None


_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}")


def check_programme_key(key: str) -> str:
    """A programme key, lower-cased; refused unless letters, digits, ``-`` and ``_``.

    Raises:
        InvalidValue: naming the key and what a key may hold.
    """
    folded = key.strip().lower()
    if not _KEY.fullmatch(folded):
        raise InvalidValue(
            f"Programme key {key!r} must be 1–32 letters, digits, '-' or '_', e.g. desk2020."
        )
    return folded


_SERVICE_LABELS: dict[Service, str] = {
    Service.ORIENTATION: NC_("service", "Orientation"),
    Service.ADVICE: NC_("service", "Advice"),
    Service.TRAINING: NC_("service", "Training"),
    Service.SUPPORT: NC_("service", "Psychological and business-continuity support"),
    Service.ASSESSMENT: NC_("service", "Assessment"),
}


_SOURCE_LABELS: dict[Source, str] = {
    Source.CHAMBER: NC_("source", "Chamber of commerce"),
    Source.ASSOCIATION: NC_("source", "Trade association"),
    Source.BANK: NC_("source", "Bank"),
    Source.WEBSITE: NC_("source", "Website"),
    Source.EVENT: NC_("source", "Event"),
    Source.WORD_OF_MOUTH: NC_("source", "Word of mouth"),
    Source.HUB: NC_("source", "Another hub"),
}
