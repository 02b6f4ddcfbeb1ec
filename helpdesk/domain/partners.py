"""The hub's network: partners, and the referrals the desk makes to them.

A partner is an organisation the desk passes businesses on to (a competence center, a chamber
of commerce, a university, a resident company of the hub…), with the topics it covers.

A referral moves ``sent → acknowledged → answered → project_started / declined``, and any
referral not yet answered may end as ``no_answer``; an acknowledged or sent one may also be
declined straight away. The moves are in :data:`REFERRAL_MOVES`; any other is refused with the
moves that are possible, like the ticket lifecycle in :mod:`helpdesk.domain.lifecycle`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from helpdesk.domain.enums import Choice
from helpdesk.domain.models import Contact
from helpdesk.domain.text import fold
from helpdesk.errors import TransitionRefused
from helpdesk.i18n import NC_, _

#: Working days a partner has to answer when it names no delay of its own.
DEFAULT_ANSWER_DAYS = 10


class PartnerKind(Choice):
    """What sort of organisation a partner is."""

    DIH = "dih"
    COMPETENCE_CENTER = "competence_center"
    CLUSTER = "cluster"
    CHAMBER = "chamber"
    ASSOCIATION = "association"
    UNIVERSITY = "university"
    BANK = "bank"
    RESIDENT = "resident"
    HUB = "hub"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Partner kind``."""
        return _("Partner kind")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a partner kind."""
        return "partner kind"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _PARTNER_KIND_LABELS


class ReferralState(Choice):
    """Where a referral stands."""

    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    PROJECT_STARTED = "project_started"
    DECLINED = "declined"
    NO_ANSWER = "no_answer"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Referral state``."""
        return _("Referral state")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a referral state."""
        return "referral state"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _REFERRAL_STATE_LABELS

    @property
    def waiting(self) -> bool:
        """Sent or acknowledged: the desk is waiting for the partner's answer."""
        return self in WAITING

    @property
    def finished(self) -> bool:
        """No move is possible any more."""
        return not REFERRAL_MOVES[self]


R = ReferralState

#: Every state a referral may move to from each state.
REFERRAL_MOVES: dict[ReferralState, tuple[ReferralState, ...]] = {
    R.SENT: (R.ACKNOWLEDGED, R.ANSWERED, R.DECLINED, R.NO_ANSWER),
    R.ACKNOWLEDGED: (R.ANSWERED, R.DECLINED, R.NO_ANSWER),
    R.ANSWERED: (R.PROJECT_STARTED, R.DECLINED),
    R.PROJECT_STARTED: (),
    R.DECLINED: (),
    R.NO_ANSWER: (),
}

#: States in which the partner still owes an answer.
WAITING = frozenset({R.SENT, R.ACKNOWLEDGED})

#: States counted as answered in the figures (the partner got at least that far).
ANSWERED_OR_LATER = frozenset({R.ANSWERED, R.PROJECT_STARTED, R.DECLINED})


@dataclass(slots=True)
class Partner:
    """An organisation of the hub's network.

    Attributes:
        name: How people call it (unique on the desk, case and accents ignored).
        kind: What sort of organisation it is.
        id: The short number people say; 0 until saved.
        people: Contact people there.
        topics: Topic keys of the desk's taxonomy it covers.
        competences: Free words for what it does (``robotica``, ``bandi regionali``).
        answer_days: Working days it usually takes to answer; None for the desk's default.
        notes: Anything else.
        active: False once the desk stops working with it (kept for the history).
        shared: Offered to every other desk of the network (a PostgreSQL database's desks).
        desk: The desk it belongs to when it is another desk's shared partner ("" for the
            desk's own): such a partner is referred to here and edited there only.
        for_desk: The desk of the same database it stands for ("" for none): referring a
            ticket to it puts a new ticket in that desk's inbox.
    """

    name: str
    kind: PartnerKind
    id: int = 0
    people: list[Contact] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    competences: list[str] = field(default_factory=list)
    answer_days: int | None = None
    notes: str = ""
    active: bool = True
    shared: bool = False
    desk: str = ""
    for_desk: str = ""


@dataclass(slots=True)
class Step:
    """One move of a referral: to which state, when, by whom, with what note."""

    state: ReferralState
    at: datetime
    who: str
    note: str = ""


@dataclass(slots=True)
class Referral:
    """A ticket's business passed on to a partner, and the answer awaited.

    Attributes:
        ref: The ticket.
        partner: The partner's number.
        sent: When the referral was made.
        expected: The day an answer is due.
        id: The referral's number on the desk; 0 until saved.
        note: What was asked of the partner.
        steps: Every move, the first being ``sent``.
        followup: The number of the ticket's follow-up that waits for the answer, while one does.
        amount: Euros of the project started, when known.
        desk: The desk of the network the ticket was passed to ("" when the partner is no desk).
        desk_ref: The reference of the ticket the referral put in that desk's inbox.
    """

    ref: int
    partner: int
    sent: datetime
    expected: date
    id: int = 0
    note: str = ""
    steps: list[Step] = field(default_factory=list)
    followup: int | None = None
    amount: int | None = None
    desk: str = ""
    desk_ref: int | None = None

    @property
    def state(self) -> ReferralState:
        """The latest step's state."""
        return self.steps[-1].state if self.steps else R.SENT

    def is_late(self, today: date) -> bool:
        """Still waiting for an answer after the day it was expected."""
        return self.state.waiting and self.expected < today

    def reached(self, states: Iterable[ReferralState]) -> bool:
        """True when any step went to one of ``states``."""
        wanted = frozenset(states)
        return any(s.state in wanted for s in self.steps)


def check_move(referral: Referral, new: ReferralState) -> None:
    """Refuse a move :data:`REFERRAL_MOVES` does not allow.

    Raises:
        TransitionRefused: naming the referral, the move and the moves that are possible.
    """
    current = referral.state
    name = _("Referral {id} (#{ref})").format(id=referral.id, ref=referral.ref)
    if new == current:
        raise TransitionRefused(
            _("{referral} is already {state}.").format(referral=name, state=current.label_text)
        )
    allowed = REFERRAL_MOVES[current]
    if not allowed:
        raise TransitionRefused(
            _("{referral} is {state}: it is finished, no step can follow.").format(
                referral=name, state=current.label_text
            )
        )
    if new not in allowed:
        options = ", ".join(s.value for s in allowed)
        raise TransitionRefused(
            _(
                "{referral} cannot go from {state} to {new}; from {state} it can go to: {options}."
            ).format(referral=name, state=current.label_text, new=new.label_text, options=options)
        )


@dataclass(frozen=True, slots=True)
class Ranked:
    """A partner suggested for a ticket, with the reason."""

    partner: Partner
    topics: tuple[str, ...]
    score: int

    @property
    def reason(self) -> str:
        """Why it is suggested, for people."""
        return _("covers {topics}").format(topics=", ".join(self.topics))


def rank_partners(topics: Iterable[str], partners: Iterable[Partner]) -> list[Ranked]:
    """Active partners covering any of ``topics``, the most topics covered first.

    Ties keep the partners' order by name, so the list reads the same every time.
    """
    wanted = list(dict.fromkeys(topics))
    found = []
    for partner in partners:
        if not partner.active:
            continue
        common = tuple(t for t in wanted if t in partner.topics)
        if common:
            found.append(Ranked(partner, common, len(common)))
    return sorted(found, key=lambda r: (-r.score, fold(r.partner.name)))


@dataclass(frozen=True, slots=True)
class Referred:
    """One referral as the filter language sees it from its ticket."""

    partner: int
    name: str
    state: ReferralState


def referral_index(
    referrals: Iterable[Referral], partners: Iterable[Partner]
) -> dict[int, tuple[Referred, ...]]:
    """Ticket reference → its referrals, for ``partner:X`` and ``+referred``."""
    names = {p.id: p.name for p in partners}
    index: dict[int, list[Referred]] = {}
    for referral in referrals:
        index.setdefault(referral.ref, []).append(
            Referred(referral.partner, names.get(referral.partner, ""), referral.state)
        )
    return {ref: tuple(entries) for ref, entries in index.items()}


_PARTNER_KIND_LABELS: dict[PartnerKind, str] = {
    PartnerKind.DIH: NC_("partner kind", "Digital innovation hub"),
    PartnerKind.COMPETENCE_CENTER: NC_("partner kind", "Competence center"),
    PartnerKind.CLUSTER: NC_("partner kind", "Cluster"),
    PartnerKind.CHAMBER: NC_("partner kind", "Chamber of commerce"),
    PartnerKind.ASSOCIATION: NC_("partner kind", "Trade association"),
    PartnerKind.UNIVERSITY: NC_("partner kind", "University or research centre"),
    PartnerKind.BANK: NC_("partner kind", "Bank or foundation"),
    PartnerKind.RESIDENT: NC_("partner kind", "Resident company of the hub"),
    PartnerKind.HUB: NC_("partner kind", "Another hub of the network"),
}


_REFERRAL_STATE_LABELS: dict[ReferralState, str] = {
    ReferralState.SENT: NC_("referral state", "sent"),
    ReferralState.ACKNOWLEDGED: NC_("referral state", "acknowledged"),
    ReferralState.ANSWERED: NC_("referral state", "answered"),
    ReferralState.PROJECT_STARTED: NC_("referral state", "project started"),
    ReferralState.DECLINED: NC_("referral state", "declined"),
    ReferralState.NO_ANSWER: NC_("referral state", "no answer"),
}
