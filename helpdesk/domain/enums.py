"""The closed vocabularies of the desk: channels, priorities, statuses, outcomes, company kinds.

Each value is a key (stored, typed in filters and options, written in exports) and has a label
for people in the current language: ``Status.TRIAGED.label_text`` is "triaged" in English and
"presa in carico" in Italian. Labels are translated in a context named after their vocabulary,
because the same English word agrees differently in Italian (a ticket is *chiusa*, a call
*chiuso*).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Self

from helpdesk.errors import InvalidValue
from helpdesk.i18n import NC_, _, pgettext


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
        raise InvalidValue(
            _("{vocabulary} {text!r} is not one of: {choices}.").format(
                vocabulary=cls.label(), text=text, choices=choices
            )
        )

    @classmethod
    def label(cls) -> str:
        """The vocabulary's name as shown to users, e.g. ``Priority``, in the current language."""
        return cls.__name__

    @classmethod
    def label_context(cls) -> str:
        """The context its labels are translated in (see :func:`helpdesk.i18n.pgettext`)."""
        return ""

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """Each member's label in English, marked with ``NC_(label_context, …)``; a member not
        listed reads as its value with spaces (``in_progress`` → ``in progress``)."""
        return {}

    @property
    def label_text(self) -> str:
        """How the value reads for people, in the current language."""
        english = type(self).english_labels().get(self) or self.value.replace("_", " ")
        context = type(self).label_context()
        return pgettext(context, english) if context else _(english)

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

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Channel``."""
        return _("Channel")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a channel."""
        return "channel"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _CHANNEL_LABELS


class Priority(Choice):
    """How soon a ticket needs an answer; ``rank`` orders them."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Priority``."""
        return _("Priority")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a priority."""
        return "priority"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _PRIORITY_LABELS

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

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Status``."""
        return _("Status")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a ticket status."""
        return "ticket status"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _STATUS_LABELS

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

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Outcome``."""
        return _("Outcome")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a outcome."""
        return "outcome"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _OUTCOME_LABELS


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
        return _("Company kind")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a company kind."""
        return "company kind"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _COMPANY_KIND_LABELS


class CompanySize(Choice):
    """Head-count band, as the EU defines micro, small and medium enterprises."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Company size``."""
        return _("Company size")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a company size."""
        return "company size"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _COMPANY_SIZE_LABELS


class LinkKind(Choice):
    """How two tickets relate."""

    RELATED = "related"
    FOLLOW_ON = "follow_on"
    DUPLICATE_OF = "duplicate_of"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Link kind``."""
        return _("Link kind")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a link kind."""
        return "link kind"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _LINK_KIND_LABELS


#: Labels of each vocabulary, in English; ``label_text`` translates them.
_CHANNEL_LABELS: dict[Channel, str] = {
    Channel.PHONE: NC_("channel", "phone"),
    Channel.EMAIL: NC_("channel", "email"),
    Channel.WEB: NC_("channel", "web"),
    Channel.WALK_IN: NC_("channel", "walk-in"),
    Channel.EVENT: NC_("channel", "event"),
    Channel.OTHER: NC_("channel", "other"),
}


_PRIORITY_LABELS: dict[Priority, str] = {
    Priority.LOW: NC_("priority", "low"),
    Priority.NORMAL: NC_("priority", "normal"),
    Priority.HIGH: NC_("priority", "high"),
    Priority.URGENT: NC_("priority", "urgent"),
}


_STATUS_LABELS: dict[Status, str] = {
    Status.NEW: NC_("ticket status", "new"),
    Status.TRIAGED: NC_("ticket status", "triaged"),
    Status.IN_PROGRESS: NC_("ticket status", "in progress"),
    Status.WAITING: NC_("ticket status", "waiting"),
    Status.RESOLVED: NC_("ticket status", "resolved"),
    Status.CLOSED: NC_("ticket status", "closed"),
}


_OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.ADVISED: NC_("outcome", "advised"),
    Outcome.REFERRED: NC_("outcome", "referred"),
    Outcome.GRANT_APPLIED: NC_("outcome", "grant applied"),
    Outcome.PROJECT_STARTED: NC_("outcome", "project started"),
    Outcome.TRAINED: NC_("outcome", "trained"),
    Outcome.NOT_ELIGIBLE: NC_("outcome", "not eligible"),
    Outcome.NO_RESPONSE: NC_("outcome", "no response"),
    Outcome.WITHDRAWN: NC_("outcome", "withdrawn"),
    Outcome.DUPLICATE: NC_("outcome", "duplicate"),
}


_COMPANY_KIND_LABELS: dict[CompanyKind, str] = {
    CompanyKind.ARTISAN: NC_("company kind", "artisan"),
    CompanyKind.RETAIL: NC_("company kind", "retail"),
    CompanyKind.FOOD_SERVICE: NC_("company kind", "food service"),
    CompanyKind.PROFESSIONAL: NC_("company kind", "professional"),
    CompanyKind.SME: NC_("company kind", "SME"),
    CompanyKind.STARTUP: NC_("company kind", "startup"),
    CompanyKind.LARGE: NC_("company kind", "large"),
    CompanyKind.OTHER: NC_("company kind", "other"),
}


_COMPANY_SIZE_LABELS: dict[CompanySize, str] = {
    CompanySize.MICRO: NC_("company size", "micro"),
    CompanySize.SMALL: NC_("company size", "small"),
    CompanySize.MEDIUM: NC_("company size", "medium"),
    CompanySize.LARGE: NC_("company size", "large"),
}


_LINK_KIND_LABELS: dict[LinkKind, str] = {
    LinkKind.RELATED: NC_("link kind", "related"),
    LinkKind.FOLLOW_ON: NC_("link kind", "follow on"),
    LinkKind.DUPLICATE_OF: NC_("link kind", "duplicate of"),
}
