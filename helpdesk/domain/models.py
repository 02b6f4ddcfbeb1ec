"""The desk's records: tickets, companies, advisers and topics.

Plain dataclasses. A ticket's ``ref`` and a company's ``id`` are the short numbers people say
(``#42``); they are given by the store when a record is first saved and are 0 until then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from helpdesk.dates import When
from helpdesk.domain.enums import (
    Channel,
    CompanyKind,
    CompanySize,
    LinkKind,
    Outcome,
    Priority,
    Status,
)
from helpdesk.domain.programmes import Service, Source
from helpdesk.domain.satisfaction import Satisfaction
from helpdesk.i18n import language as current_language

#: A value as history records it: what JSON can hold.
HistoryValue = str | int | list[str] | None


@dataclass(slots=True)
class Contact:
    """A person at a company the desk talks to."""

    name: str = ""
    email: str = ""
    phone: str = ""
    role: str = ""

    def is_empty(self) -> bool:
        """True when no field is filled in."""
        return not (self.name or self.email or self.phone or self.role)


@dataclass(slots=True)
class Company:
    """A business the desk serves; one company has many tickets.

    The first contact is the primary one. ``consent`` is the answer to the request for consent
    to data processing (None: not asked yet), given on ``privacy_consent``. ``history`` records
    edits, merges and forgetting; ``forgotten`` is the day its personal data were anonymised.
    """

    name: str
    id: int = 0
    vat: str | None = None
    kind: CompanyKind = CompanyKind.OTHER
    size: CompanySize | None = None
    ateco: str = ""
    s3_area: str = ""
    town: str = ""
    province: str = ""
    contacts: list[Contact] = field(default_factory=list)
    privacy_consent: date | None = None
    notes: str = ""
    consent: bool | None = None
    history: list[Change] = field(default_factory=list)
    forgotten: date | None = None

    @property
    def consented(self) -> bool | None:
        """The answer on consent; a date without an answer (older data) is a yes."""
        if self.consent is None and self.privacy_consent is not None:
            return True
        return self.consent

    def record(
        self, name: str, old: HistoryValue, new: HistoryValue, *, who: str, at: datetime
    ) -> None:
        """Write a history entry: an edit, a merge, a contact added, the data forgotten."""
        self.history.append(Change(at, who, name, old, new))


@dataclass(slots=True)
class Note:
    """A dated remark on a ticket."""

    at: datetime
    who: str
    text: str


@dataclass(slots=True)
class Change:
    """One field changed on a ticket: who, when, old and new value."""

    at: datetime
    who: str
    field: str
    old: HistoryValue
    new: HistoryValue


@dataclass(slots=True)
class FollowUp:
    """A promise to get back to the business by ``due``."""

    id: int
    due: When
    note: str
    who: str
    created: datetime
    done_at: datetime | None = None
    result: str = ""
    cancelled: bool = False

    @property
    def pending(self) -> bool:
        """Neither done nor cancelled."""
        return self.done_at is None and not self.cancelled

    def is_overdue(self, today: date) -> bool:
        """Pending and due before ``today``.

        The one definition of "overdue" that the header, the views, the agenda, ``+overdue`` and
        the summary all count by. The ticket's status plays no part: closing a ticket cancels its
        pending follow-ups unless the adviser keeps them, and a kept one is still a promise.
        """
        return self.pending and self.due.day < today

    def is_due(self, today: date) -> bool:
        """Pending and due today or earlier (overdue ones included)."""
        return self.pending and self.due.day <= today


@dataclass(slots=True)
class Link:
    """A relation from one ticket to another."""

    kind: LinkKind
    ref: int


@dataclass(slots=True)
class Ticket:
    """A request from a business, from first contact to outcome."""

    uid: str
    created: datetime
    updated: datetime
    subject: str
    ref: int = 0
    channel: Channel = Channel.OTHER
    company_id: int | None = None
    contact: Contact = field(default_factory=Contact)
    description: str = ""
    topics: list[str] = field(default_factory=list)
    priority: Priority = Priority.NORMAL
    status: Status = Status.NEW
    assignee: str | None = None
    tags: list[str] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    history: list[Change] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    outcome: Outcome | None = None
    outcome_note: str = ""
    triaged_at: datetime | None = None
    closed_at: datetime | None = None
    external_id: str | None = None
    #: What the desk offered, who sent the business, the programme it counts under (its key).
    service: Service | None = None
    source: Source | None = None
    programme: str | None = None
    #: The business's score and comment, given at or after closing.
    satisfaction: Satisfaction | None = None
    #: Read without notes and history, for a list; never saved (the store refuses it).
    partial: bool = field(default=False, compare=False, repr=False)

    @property
    def is_open(self) -> bool:
        """Neither resolved nor closed."""
        return self.status.is_open

    def pending_followups(self) -> list[FollowUp]:
        """Follow-ups neither done nor cancelled, soonest first."""
        return sorted((f for f in self.followups if f.pending), key=lambda f: f.due.at)

    def next_followup(self) -> FollowUp | None:
        """The soonest pending follow-up, if any."""
        pending = self.pending_followups()
        return pending[0] if pending else None

    def set(self, name: str, value: Any, *, who: str, at: datetime) -> bool:
        """Change one field and record it in the history.

        Args:
            name: The attribute to change.
            value: Its new value.
            who: The acting adviser's key.
            at: When the change happens.

        Returns:
            True when the value changed; an unchanged value writes no history.
        """
        old = getattr(self, name)
        if old == value:
            return False
        setattr(self, name, value)
        self.history.append(Change(at, who, name, history_value(old), history_value(value)))
        self.updated = at
        return True

    def record(
        self, name: str, old: HistoryValue, new: HistoryValue, *, who: str, at: datetime
    ) -> None:
        """Write a history entry for a change that is not a plain field (a note, a follow-up…)."""
        self.history.append(Change(at, who, name, old, new))
        self.updated = at


def history_value(value: Any) -> HistoryValue:
    """Reduce a field value to what history stores: a string, number, list of strings or None."""
    if isinstance(value, Enum):
        return str(value.value)
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return str(value)


@dataclass(slots=True)
class Adviser:
    """A member of the desk's staff, known by a short key such as initials."""

    key: str
    name: str
    email: str = ""
    topics: list[str] = field(default_factory=list)
    active: bool = True


@dataclass(slots=True)
class Topic:
    """An entry of the taxonomy: stable key, labels in English and Italian, suggesting keywords."""

    key: str
    label_en: str
    label_it: str
    keywords: list[str] = field(default_factory=list)
    active: bool = True

    def label(self, language: str | None = None) -> str:
        """The label in ``language`` (``en`` or ``it``), by default the current language."""
        if language is None:
            language = current_language()
        return self.label_it if language == "it" and self.label_it else self.label_en
