"""Grant calls (bandi) and applications to them: the records and their pure rules.

A call is open from ``opens`` to ``closes`` (its deadline, in the desk's zone); before it is
announced, after it is closed, and once its ranking is published it is ranked. Applications
live on the call record and only there: a ticket's applications are found by looking through
the calls, like webinar enrolments.

Eligibility is one function, :func:`eligibility_reasons`, that lists every reason a business
is not eligible (an empty list means eligible), so nobody is left out without a word.

Applications move ``interested → preparing → submitted → admitted / not_admitted``, then
``admitted → funded`` (with an amount); any unfinished application may be withdrawn. The moves
are in :data:`STAGE_MOVES`; any other is refused with the moves that are possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from helpdesk.domain.enums import Choice, CompanyKind, CompanySize
from helpdesk.domain.models import Company
from helpdesk.domain.numbers import format_euros as format_euros  # where callers look for it
from helpdesk.errors import InvalidValue, TransitionRefused
from helpdesk.i18n import NC_, _


class Funder(Choice):
    """Who pays for a call."""

    REGION = "region"
    CHAMBER = "chamber"
    MINISTRY = "ministry"
    EU = "eu"
    BANK = "bank"
    OTHER = "other"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Funder kind``."""
        return _("Funder kind")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a funder kind."""
        return "funder kind"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _FUNDER_LABELS


class CallStatus(Choice):
    """Where a call stands, derived from its dates and whether its ranking is out."""

    ANNOUNCED = "announced"
    OPEN = "open"
    CLOSED = "closed"
    RANKED = "ranked"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Call status``."""
        return _("Call status")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a call status."""
        return "call status"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _CALL_STATUS_LABELS


class Stage(Choice):
    """Where an application stands."""

    INTERESTED = "interested"
    PREPARING = "preparing"
    SUBMITTED = "submitted"
    ADMITTED = "admitted"
    NOT_ADMITTED = "not_admitted"
    FUNDED = "funded"
    WITHDRAWN = "withdrawn"

    @classmethod
    def label(cls) -> str:
        """Shown to users as ``Application stage``."""
        return _("Application stage")

    @classmethod
    def label_context(cls) -> str:
        """Labels read as a application stage."""
        return "application stage"

    @classmethod
    def english_labels(cls) -> Mapping[Any, str]:
        """English labels, marked for translation."""
        return _STAGE_LABELS

    @property
    def applying(self) -> bool:
        """Interested or preparing: the deadline still matters."""
        return self in APPLYING

    @property
    def finished(self) -> bool:
        """No move is possible any more."""
        return not STAGE_MOVES[self]


S = Stage

#: Every stage an application may move to from each stage.
STAGE_MOVES: dict[Stage, tuple[Stage, ...]] = {
    S.INTERESTED: (S.PREPARING, S.SUBMITTED, S.WITHDRAWN),
    S.PREPARING: (S.SUBMITTED, S.WITHDRAWN),
    S.SUBMITTED: (S.ADMITTED, S.NOT_ADMITTED, S.WITHDRAWN),
    S.ADMITTED: (S.FUNDED, S.WITHDRAWN),
    S.NOT_ADMITTED: (),
    S.FUNDED: (),
    S.WITHDRAWN: (),
}

#: Stages before submission: these applications get a follow-up before the deadline.
APPLYING = frozenset({S.INTERESTED, S.PREPARING})

#: Stages counted as submitted in the figures (it got at least that far).
SUBMITTED_OR_LATER = frozenset({S.SUBMITTED, S.ADMITTED, S.NOT_ADMITTED, S.FUNDED})

#: Stages counted as admitted in the figures.
ADMITTED_OR_LATER = frozenset({S.ADMITTED, S.FUNDED})


@dataclass(slots=True)
class Eligibility:
    """Who a call is for; an empty list means "any".

    Attributes:
        kinds: Company kinds admitted.
        sizes: Company sizes admitted.
        provinces: Province codes (``MI``, ``CO``) admitted.
        ateco: ATECO code prefixes admitted (``10``, ``56.10``).
        topics: Topic keys the request must touch.
    """

    kinds: list[CompanyKind] = field(default_factory=list)
    sizes: list[CompanySize] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    ateco: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)

    def is_open_to_all(self) -> bool:
        """No criterion at all."""
        return not (self.kinds or self.sizes or self.provinces or self.ateco or self.topics)


@dataclass(slots=True)
class Step:
    """One move of an application: to which stage, when, by whom, with what amount."""

    stage: Stage
    at: datetime
    who: str
    amount: int | None = None


@dataclass(slots=True)
class Application:
    """A ticket's business applying to one call.

    Attributes:
        ref: The ticket the application belongs to.
        stage: Where it stands.
        steps: Every move, first to last (the first is how it began).
        company_id: The ticket's company when the application began.
        amount: Euro cents granted, once funded.
        followup: The number of its deadline follow-up on the ticket, while there is one.
    """

    ref: int
    stage: Stage
    steps: list[Step] = field(default_factory=list)
    company_id: int | None = None
    amount: int | None = None
    followup: int | None = None

    @property
    def started(self) -> datetime:
        """When the application began."""
        return self.steps[0].at

    @property
    def changed(self) -> datetime:
        """When it last moved."""
        return self.steps[-1].at


@dataclass(slots=True)
class Call:
    """A grant call (bando).

    Attributes:
        title: What it is called.
        funder: The kind of funder.
        opens: When applications open, timezone-aware.
        closes: The deadline, timezone-aware.
        id: The number people use (``bando show 3``); given by the store, 0 until saved.
        funder_name: Who exactly pays (``Regione Lombardia``, ``CCIAA Como-Lecco``).
        link: The call's page.
        budget: The whole budget in euro cents, if known.
        max_per_company: The most one company can get in euro cents, if known.
        eligibility: Who may apply.
        ranked: When the ranking was published; the call is then ranked.
        notes: Free remarks.
        created: When it was added.
        applications: Every application, in the order they began.
    """

    title: str
    funder: Funder
    opens: datetime
    closes: datetime
    id: int = 0
    funder_name: str = ""
    link: str = ""
    budget: int | None = None
    max_per_company: int | None = None
    eligibility: Eligibility = field(default_factory=Eligibility)
    ranked: datetime | None = None
    notes: str = ""
    created: datetime | None = None
    applications: list[Application] = field(default_factory=list)

    def status(self, now: datetime) -> CallStatus:
        """Announced before it opens, open until its deadline, closed after, ranked once the
        ranking is out."""
        if self.ranked is not None and self.ranked <= now:
            return CallStatus.RANKED
        if now < self.opens:
            return CallStatus.ANNOUNCED
        if now <= self.closes:
            return CallStatus.OPEN
        return CallStatus.CLOSED

    def is_open(self, now: datetime) -> bool:
        """Taking applications now."""
        return self.status(now) is CallStatus.OPEN

    def days_left(self, now: datetime) -> int:
        """Whole calendar days from today to the deadline's day (0 on the last day)."""
        return (self.closes.astimezone(now.tzinfo).date() - now.date()).days

    def application(self, ref: int) -> Application | None:
        """The ticket's application to this call, if it has one."""
        return next((a for a in self.applications if a.ref == ref), None)

    def name(self) -> str:
        """``call 3 “Voucher digitali I4.0”``, for messages."""
        return f"call {self.id} “{self.title}”"

    @property
    def funder_text(self) -> str:
        """The funder's name, else its kind."""
        return self.funder_name or self.funder.label_text


# -- eligibility --------------------------------------------------------------------------------


def ateco_digits(code: str) -> str:
    """An ATECO code or prefix reduced to its digits (``56.10.00`` → ``561000``)."""
    return "".join(c for c in code if c.isdigit())


def eligibility_reasons(
    call: Call,
    company: Company | None,
    topics: Iterable[str] | None,
    now: datetime,
    *,
    check_dates: bool = True,
) -> list[str]:
    """Every reason a business cannot apply to ``call``; an empty list means it can.

    Args:
        call: The call.
        company: The business, or None when the request has no company.
        topics: The request's topic keys; None skips the topic criterion (a company on its own).
        now: The moment to judge the call's dates at.
        check_dates: Whether a call that is not open is a reason.

    Returns:
        One short sentence per failed criterion, in a fixed order: dates, kind, size, province,
        ATECO code, topics.
    """
    rules = call.eligibility
    reasons: list[str] = []
    if check_dates:
        status = call.status(now)
        if status is CallStatus.ANNOUNCED:
            reasons.append(_("call opens on {day}").format(day=_day(call.opens)))
        elif status in (CallStatus.CLOSED, CallStatus.RANKED):
            reasons.append(_("call closed on {day}").format(day=_day(call.closes)))
    needs_company = rules.kinds or rules.sizes or rules.provinces or rules.ateco
    if company is None:
        if needs_company:
            reasons.append(_("no company on the request"))
    else:
        if rules.kinds and company.kind not in rules.kinds:
            reasons.append(
                _("kind {kind} not eligible (eligible: {eligible})").format(
                    kind=company.kind.value, eligible=_among(rules.kinds)
                )
            )
        if rules.sizes:
            if company.size is None:
                reasons.append(
                    _("size unknown (eligible: {eligible})").format(eligible=_among(rules.sizes))
                )
            elif company.size not in rules.sizes:
                reasons.append(
                    _("size {size} not eligible (eligible: {eligible})").format(
                        size=company.size.value, eligible=_among(rules.sizes)
                    )
                )
        if rules.provinces:
            province = company.province.strip().upper()
            if not province:
                reasons.append(
                    _("province unknown (eligible: {eligible})").format(
                        eligible=_among(rules.provinces)
                    )
                )
            elif province not in rules.provinces:
                reasons.append(
                    _("province {province} not eligible (eligible: {eligible})").format(
                        province=province, eligible=_among(rules.provinces)
                    )
                )
        if rules.ateco:
            digits = ateco_digits(company.ateco)
            prefixes = ", ".join(rules.ateco)
            if not digits:
                reasons.append(_("ATECO code unknown (needs {prefixes})").format(prefixes=prefixes))
            elif not any(digits.startswith(ateco_digits(p)) for p in rules.ateco):
                reasons.append(
                    _("ATECO {code} not in {prefixes}").format(
                        code=company.ateco.strip(), prefixes=prefixes
                    )
                )
    if rules.topics and topics is not None:
        mine = list(topics)
        if not set(mine) & set(rules.topics):
            # Translators: the request's topics when it has none.
            said = ", ".join(mine) or _("none")
            reasons.append(
                _("topics {topics} not among {eligible}").format(
                    topics=said, eligible=", ".join(rules.topics)
                )
            )
    return reasons


def _among(values: Iterable[object]) -> str:
    return ", ".join(str(getattr(v, "value", v)) for v in values)


def _day(moment: datetime) -> str:
    return f"{moment:%d/%m/%Y}"


# -- applications -------------------------------------------------------------------------------


def check_stage_move(call: Call, ref: int, current: Stage, new: Stage) -> None:
    """Refuse a move of an application that :data:`STAGE_MOVES` does not allow.

    Raises:
        TransitionRefused: naming the ticket, the call, the move and the possible moves.
    """
    where = _("#{ref}'s application to call {call}").format(ref=ref, call=call.id)
    if new == current:
        raise TransitionRefused(
            _("{application} is already {stage}.").format(
                application=where, stage=current.label_text
            )
        )
    allowed = STAGE_MOVES[current]
    if new not in allowed:
        if not allowed:
            raise TransitionRefused(
                _("{application} is {stage}: it is finished and cannot become {new}.").format(
                    application=where, stage=current.label_text, new=new.label_text
                )
            )
        options = ", ".join(s.value for s in allowed)
        raise TransitionRefused(
            _(
                "{application} cannot go from {stage} to {new}; from {stage} it can go to: "
                "{options}."
            ).format(
                application=where, stage=current.label_text, new=new.label_text, options=options
            )
        )


def check_can_apply(call: Call, ref: int, now: datetime) -> None:
    """Refuse a new application to a call that does not take them, or a second one.

    Raises:
        TransitionRefused: for a closed or ranked call, or a ticket that already applied.
    """
    existing = call.application(ref)
    if existing is not None:
        raise TransitionRefused(
            f"#{ref} already has an application to call {call.id} "
            f"({existing.stage.label_text}); move it with `bando step`."
        )
    status = call.status(now)
    if status in (CallStatus.CLOSED, CallStatus.RANKED):
        raise TransitionRefused(
            f"{call.name()} closed on {_day(call.closes)}: it takes no new application."
        )


# -- euro -------------------------------------------------------------------------------------

_CENT = Decimal("0.01")


def parse_euros(text: str | int | Decimal) -> int:
    """Euro cents from ``12000``, ``"12.000"``, ``"12.000,50"``, ``"12000.50"``, ``"€ 1.500"``.

    A dot followed by exactly three digits groups thousands (Italian style); a comma is the
    decimal mark when there is one.

    Raises:
        InvalidValue: for anything that is not a non-negative amount.
    """
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, Decimal):
        value = text
    else:
        raw = text.strip().replace("€", "").replace("EUR", "").replace(" ", "").replace("'", "")
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
            raw = raw.replace(".", "")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise InvalidValue(
                _("{text!r} is not an amount in euro; write it as 12000 or 12.000,50.").format(
                    text=text.strip()
                )
            ) from None
    if not value.is_finite() or value < 0:
        raise InvalidValue(
            _("{text} is not an amount in euro; give a positive amount.").format(text=text)
        )
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def euros(cents: int | None) -> Decimal | None:
    """Cents as a Decimal of euros, for JSON and CSV."""
    return None if cents is None else (Decimal(cents) / 100).quantize(_CENT)


# -- the filter language's view ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Applied:
    """One application as the filter language sees it from its ticket."""

    call: int
    stage: Stage
    closes: datetime


def application_index(calls: Iterable[Call]) -> dict[int, tuple[Applied, ...]]:
    """Ticket reference → its applications, for ``bando:ID``, ``+applying`` and ``deadline``."""
    index: dict[int, list[Applied]] = {}
    for call in calls:
        for application in call.applications:
            index.setdefault(application.ref, []).append(
                Applied(call.id, application.stage, call.closes)
            )
    return {ref: tuple(entries) for ref, entries in index.items()}


_FUNDER_LABELS: dict[Funder, str] = {
    Funder.REGION: NC_("funder kind", "Region"),
    Funder.CHAMBER: NC_("funder kind", "Chamber of commerce"),
    Funder.MINISTRY: NC_("funder kind", "Ministry"),
    Funder.EU: NC_("funder kind", "European Union"),
    Funder.BANK: NC_("funder kind", "Bank or foundation"),
    Funder.OTHER: NC_("funder kind", "Other"),
}


_CALL_STATUS_LABELS: dict[CallStatus, str] = {
    CallStatus.ANNOUNCED: NC_("call status", "announced"),
    CallStatus.OPEN: NC_("call status", "open"),
    CallStatus.CLOSED: NC_("call status", "closed"),
    CallStatus.RANKED: NC_("call status", "ranked"),
}


_STAGE_LABELS: dict[Stage, str] = {
    Stage.INTERESTED: NC_("application stage", "interested"),
    Stage.PREPARING: NC_("application stage", "preparing"),
    Stage.SUBMITTED: NC_("application stage", "submitted"),
    Stage.ADMITTED: NC_("application stage", "admitted"),
    Stage.NOT_ADMITTED: NC_("application stage", "not admitted"),
    Stage.FUNDED: NC_("application stage", "funded"),
    Stage.WITHDRAWN: NC_("application stage", "withdrawn"),
}
