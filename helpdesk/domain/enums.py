"""The closed vocabularies of the desk: channels, priorities, statuses, outcomes, company kinds."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from helpdesk.errors import InvalidValue


class Choice(StrEnum):
    """A string enum that parses user input forgivingly and refuses the rest clearly."""

    @classmethod
    def parse(cls, text: str) -> Self:
        """Return the member named by ``text`` (case, spaces and dashes ignored).

        Raises:
            InvalidValue: when no member matches; the message lists the choices.
        """
        if type(text) is cls:
            return text  # already one: the common case when a checked value is copied on
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        found = cls._value2member_map_.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        for member in cls:
            if key in (member.value, member.name):
                return member
        choices = ", ".join(m.value for m in cls)
        raise InvalidValue(f"{cls.label()} {text!r} is not one of: {choices}.")

    @classmethod
    def label(cls) -> str:
        """The vocabulary's name as shown to users, e.g. ``Priority``."""
        return cls.__name__

    @classmethod
    def values(cls) -> list[str]:
        """Every member's value, in declaration order."""
        return [m.value for m in cls]


class Channel(Choice):
    """How a request reached the desk."""

    PHONE = "phone"
    EMAIL = "email"
    WEB = "web"
    WALK_IN = "walk_in"
    EVENT = "event"
    OTHER = "other"


class Priority(Choice):
    """How soon a ticket needs an answer; ``rank`` orders them."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for low up to 3 for urgent."""
        return _PRIORITY_RANK[self]


_PRIORITY_RANK = {
    Priority.LOW: 0,
    Priority.NORMAL: 1,
    Priority.HIGH: 2,
    Priority.URGENT: 3,
}


class Status(Choice):
    """Where a ticket stands in its lifecycle (see :mod:`helpdesk.domain.lifecycle`)."""

    NEW = "new"
    TRIAGED = "triaged"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        """Open means neither resolved nor closed."""
        return self not in (Status.RESOLVED, Status.CLOSED)


class Outcome(Choice):
    """What came of a closed ticket, as funders ask it."""

    ADVISED = "advised"
    REFERRED = "referred"
    GRANT_APPLIED = "grant_applied"
    PROJECT_STARTED = "project_started"
    TRAINED = "trained"
    NOT_ELIGIBLE = "not_eligible"
    NO_RESPONSE = "no_response"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"


class CompanyKind(Choice):
    """The kind of business behind a request."""

    ARTISAN = "artisan"
    RETAIL = "retail"
    FOOD_SERVICE = "food_service"
    PROFESSIONAL = "professional"
    SME = "sme"
    STARTUP = "startup"
    LARGE = "large"
    OTHER = "other"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Company kind``."""
        return "Company kind"


class CompanySize(Choice):
    """Head-count band, as the EU defines micro, small and medium enterprises."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Company size``."""
        return "Company size"


class LinkKind(Choice):
    """How two tickets relate."""

    RELATED = "related"
    FOLLOW_ON = "follow_on"
    DUPLICATE_OF = "duplicate_of"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Link kind``."""
        return "Link kind"
