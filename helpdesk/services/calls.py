"""Grant calls (bandi): the registry, who is eligible and why not, applications, deadlines.

The rules (eligibility, the stages of an application) are in :mod:`helpdesk.domain.calls`,
working days in :mod:`helpdesk.dates.working_days`; this service reads and writes the records
around them. Applications live on the call; every step is also written to the ticket's history.

Deadlines drive follow-ups: an application still interested or preparing has one follow-up
on its ticket, due ``N`` working days before the call closes (``N`` is a setting of the desk,
5 unless changed). It moves when the deadline moves and is cancelled when the application is
submitted or withdrawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from helpdesk.dates import When, format_datetime, parse_when
from helpdesk.dates.working_days import working_days_before
from helpdesk.domain import calls as rules
from helpdesk.domain.calls import (
    Application,
    Call,
    CallStatus,
    Eligibility,
    Funder,
    Stage,
    Step,
)
from helpdesk.domain.enums import CompanyKind, CompanySize
from helpdesk.domain.models import Company, Ticket
from helpdesk.errors import Conflict, InvalidValue, NotFound
from helpdesk.i18n import LANGUAGES, N_, _, message_in
from helpdesk.services.context import Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.followups import FollowUpService
from helpdesk.services.tickets import TicketService
from helpdesk.services.validation import check_number, check_province

T = TypeVar("T")

#: The desk setting naming how many working days before a deadline the follow-up falls.
DEADLINE_DAYS_SETTING = "deadline_followup_days"

#: Working days before a call closes that an unfinished application's follow-up falls, unless
#: the desk says otherwise.
DEFAULT_DEADLINE_DAYS = 5

#: The note of an unfinished application's deadline follow-up, written in the desk's language
#: and recognised in either (:meth:`CallService.is_deadline_note`).
DEADLINE_NOTE = N_("Call {number} “{title}” closes {closes}: submit the application")

#: How many days ahead the agenda shows call deadlines.
AGENDA_DAYS = 28

#: The time of day a deadline given without one falls at.
END_OF_DAY = time(23, 59)


@dataclass(slots=True)
class CallDraft:
    """A call as typed, before it is checked and saved.

    Dates are expressions (``"12/03/2021 12:00"``, ``"+3w"``) or aware datetimes; amounts are
    text in euro (``"12.000,50"``), whole euros, or None; lists hold what people type (kinds,
    sizes, province codes, ATECO prefixes, topic keys or labels).
    """

    title: str
    funder: str | Funder
    opens: str | datetime
    closes: str | datetime
    funder_name: str = ""
    link: str = ""
    budget: str | int | None = None
    max_per_company: str | int | None = None
    kinds: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    ateco: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass(slots=True)
class CallEdit:
    """The fields to change on a call; None leaves a field as it is, an empty list clears a
    criterion. ``ranked`` records the day the ranking was published."""

    title: str | None = None
    funder: str | None = None
    funder_name: str | None = None
    link: str | None = None
    opens: str | datetime | None = None
    closes: str | datetime | None = None
    budget: str | int | None = None
    max_per_company: str | int | None = None
    kinds: list[str] | None = None
    sizes: list[str] | None = None
    provinces: list[str] | None = None
    ateco: list[str] | None = None
    topics: list[str] | None = None
    notes: str | None = None
    ranked: str | datetime | None = None


@dataclass(slots=True)
class Judged:
    """A call judged for one business: eligible when ``reasons`` is empty."""

    call: Call
    reasons: list[str]
    application: Application | None = None

    @property
    def eligible(self) -> bool:
        """No reason against."""
        return not self.reasons


@dataclass(slots=True)
class Match:
    """The open calls for a ticket's business: eligible ones and near-misses with reasons."""

    ticket: Ticket
    company: Company | None
    eligible: list[Judged]
    near_misses: list[Judged]


@dataclass(slots=True)
class Candidate:
    """A ticket or a company judged for a call."""

    reasons: list[str]
    company: Company | None
    ticket: Ticket | None = None

    @property
    def eligible(self) -> bool:
        """No reason against."""
        return not self.reasons


@dataclass(slots=True)
class Candidates:
    """Who could apply to a call: open tickets, then the desk's companies without one."""

    call: Call
    tickets: list[Candidate]
    companies: list[Candidate]


@dataclass(slots=True)
class Stepped:
    """What a step did: the application, the stage before (None when new), and the follow-up
    action taken (``"added"``, ``"moved"``, ``"cancelled"`` or ``""``)."""

    call: Call
    ticket: Ticket
    application: Application
    before: Stage | None
    followup: str = ""


class CallService:
    """Use cases on grant calls, one method each."""

    def __init__(
        self,
        ctx: Context,
        tickets: TicketService,
        followups: FollowUpService,
        directory: DirectoryService,
    ) -> None:
        self._ctx = ctx
        self._tickets = tickets
        self._followups = followups
        self._directory = directory

    # -- reading --------------------------------------------------------------------------

    def get(self, id: int | str) -> Call:
        """The call ``id``.

        Raises:
            InvalidValue: for something that is not a number.
            NotFound: when there is no such call.
        """
        number = parse_call_id(id)
        call = self._ctx.store.call(number)
        if call is None:
            raise NotFound(
                _("There is no call {number}; `bando list` shows them.").format(number=number)
            )
        return call

    def calls(self, *, status: str | None = None, funder: str | None = None) -> list[Call]:
        """Calls by deadline, the soonest first.

        Raises:
            InvalidValue: for an unknown status or funder kind.
        """
        wanted = CallStatus.parse(status) if status else None
        kind = Funder.parse(funder) if funder else None
        now = self._ctx.now()
        found = [
            c
            for c in self._ctx.store.calls()
            if (wanted is None or c.status(now) is wanted) and (kind is None or c.funder is kind)
        ]
        return sorted(found, key=lambda c: (c.closes, c.id))

    def companies(self) -> Mapping[int, Company]:
        """The desk's companies by number, to show applications with their names."""
        return self._ctx.store.companies_by_id()

    def for_ticket(self, ref: int | str) -> list[tuple[Call, Application]]:
        """A ticket's applications, soonest deadline first.

        Raises:
            NotFound: when there is no such ticket.
        """
        ticket = self._tickets.get(ref)
        found = []
        for call in self._ctx.store.calls():
            application = call.application(ticket.ref)
            if application is not None:
                found.append((call, application))
        return sorted(found, key=lambda pair: (pair[0].closes, pair[0].id))

    def upcoming_deadlines(self, days: int = AGENDA_DAYS) -> list[Call]:
        """Open calls closing from now to ``days`` days ahead, soonest first (the agenda's)."""
        now = self._ctx.now()
        today = self._ctx.clock.today()
        found = self.closing_between(today, today + timedelta(days=days - 1))
        return [c for c in found if c.is_open(now)]

    def closing_between(self, start: date, end: date) -> list[Call]:
        """Calls whose deadline falls on a day from ``start`` to ``end``, for the agenda."""
        tz = self._ctx.clock.tz
        return [c for c in self.calls() if start <= c.closes.astimezone(tz).date() <= end]

    # -- the registry ---------------------------------------------------------------------

    def add(self, draft: CallDraft) -> Call:
        """Add a call.

        Raises:
            InvalidValue: for a missing title, an unknown funder kind, company kind, size,
                topic, a bad province, link or amount, or a deadline before the opening.
            InvalidDate: for a date that names no date.
        """
        return self.add_many([draft])[0]

    def add_many(self, drafts: Sequence[CallDraft]) -> list[Call]:
        """Add calls in one write: every one is checked first, and none is saved unless all
        are valid.

        Raises:
            InvalidValue: for the first draft that cannot be accepted.
        """
        now = self._ctx.now()
        made = [self.build(d) for d in drafts]
        for call in made:
            call.created = now
        return self._ctx.store.add_calls(made)

    def build(self, draft: CallDraft) -> Call:
        """A call checked from a draft, not saved (an import checks every row this way).

        Raises:
            InvalidValue: as :meth:`add`.
        """
        title = " ".join(draft.title.split())
        if not title:
            raise InvalidValue(_("A call needs a title."))
        opens = self._moment(draft.opens, "opening", end=False)
        closes = self._moment(draft.closes, "deadline", end=True)
        call = Call(
            title=title,
            funder=Funder.parse(draft.funder),
            opens=opens,
            closes=closes,
            funder_name=" ".join(draft.funder_name.split()),
            link=_link(draft.link),
            budget=_amount(draft.budget),
            max_per_company=_amount(draft.max_per_company),
            eligibility=self._eligibility(
                draft.kinds, draft.sizes, draft.provinces, draft.ateco, draft.topics
            ),
            notes=draft.notes.strip(),
        )
        _check_call(call)
        return call

    def edit(self, id: int | str, changes: CallEdit) -> tuple[Call, list[Stepped]]:
        """Change a call; a new deadline moves the follow-ups of unfinished applications.

        Returns:
            The call, and one entry per application whose follow-up was moved or added.

        Raises:
            NotFound: for an unknown call.
            InvalidValue: as :meth:`add`.
        """
        with self._ctx.store.transaction():
            call = self.get(id)
            old_closes = call.closes
            if changes.title is not None:
                call.title = " ".join(changes.title.split())
                if not call.title:
                    raise InvalidValue(_("A call needs a title."))
            if changes.funder is not None:
                call.funder = Funder.parse(changes.funder)
            if changes.funder_name is not None:
                call.funder_name = " ".join(changes.funder_name.split())
            if changes.link is not None:
                call.link = _link(changes.link)
            if changes.opens is not None:
                call.opens = self._moment(changes.opens, "opening", end=False)
            if changes.closes is not None:
                call.closes = self._moment(changes.closes, "deadline", end=True)
            if changes.budget is not None:
                call.budget = _amount(changes.budget)
            if changes.max_per_company is not None:
                call.max_per_company = _amount(changes.max_per_company)
            if changes.ranked is not None:
                call.ranked = self._moment(changes.ranked, "ranking", end=False)
            if changes.notes is not None:
                call.notes = changes.notes.strip()
            old = call.eligibility
            call.eligibility = self._eligibility(
                [k.value for k in old.kinds] if changes.kinds is None else changes.kinds,
                [s.value for s in old.sizes] if changes.sizes is None else changes.sizes,
                old.provinces if changes.provinces is None else changes.provinces,
                old.ateco if changes.ateco is None else changes.ateco,
                old.topics if changes.topics is None else changes.topics,
            )
            _check_call(call)
            moved: list[Stepped] = []
            if call.closes != old_closes:
                moved = self._move_deadline_followups(call)
            self._ctx.store.save_calls([call])
        return call, moved

    # -- matching -------------------------------------------------------------------------

    def match(self, ref: int | str) -> Match:
        """The open calls the ticket's business is eligible for, and the open ones it misses
        with every reason why.

        Raises:
            NotFound: when there is no such ticket.
        """
        ticket = self._tickets.get(ref)
        company = self._company(ticket)
        now = self._ctx.now()
        eligible: list[Judged] = []
        near: list[Judged] = []
        for call in self.calls(status=CallStatus.OPEN.value):
            reasons = rules.eligibility_reasons(call, company, ticket.topics, now)
            judged = Judged(call, reasons, call.application(ticket.ref))
            (near if reasons else eligible).append(judged)
        return Match(ticket, company, eligible, near)

    def candidates(self, id: int | str) -> Candidates:
        """Open tickets, and companies of the desk with no open ticket, judged for a call.

        Tickets are judged on their company and topics; a company on its own is judged on its
        record alone (topics are a request's, not a company's).

        Raises:
            NotFound: for an unknown call.
        """
        call = self.get(id)
        now = self._ctx.now()
        companies = self._ctx.store.companies_by_id()
        tickets = []
        with_open_ticket: set[int] = set()
        for ticket in self._ctx.store.tickets(partial=True):
            if not ticket.is_open:
                continue
            company = companies.get(ticket.company_id) if ticket.company_id else None
            if company is not None:
                with_open_ticket.add(company.id)
            reasons = rules.eligibility_reasons(
                call, company, ticket.topics, now, check_dates=False
            )
            tickets.append(Candidate(reasons, company, ticket))
        others = [
            Candidate(
                rules.eligibility_reasons(call, company, None, now, check_dates=False), company
            )
            for id_, company in sorted(companies.items())
            if id_ not in with_open_ticket
        ]
        return Candidates(call, tickets, others)

    # -- applications ---------------------------------------------------------------------

    def apply(self, ref: int | str, id: int | str, *, force: bool = False) -> Stepped:
        """Start a ticket's application to a call, as interested; its deadline follow-up is
        added.

        Args:
            ref: The ticket.
            id: The call.
            force: Record it even though the business is not eligible (the reasons are kept
                in the history).

        Raises:
            NotFound: for an unknown ticket or call.
            TransitionRefused: for a closed call or a ticket that already applied.
            Conflict: for a business that is not eligible, with every reason, unless forced.
        """
        with self._ctx.store.transaction():
            call = self.get(id)
            ticket = self._tickets.get(ref)
            now, actor = self._ctx.now(), self._ctx.actor
            rules.check_can_apply(call, ticket.ref, now)
            company = self._company(ticket)
            reasons = rules.eligibility_reasons(
                call, company, ticket.topics, now, check_dates=False
            )
            if reasons and not force:
                raise Conflict(
                    _(
                        "#{ref} is not eligible for {call}: {reasons}. Use --force to record the "
                        "application anyway."
                    ).format(ref=ticket.ref, call=call.name(), reasons="; ".join(reasons))
                )
            application = Application(
                ref=ticket.ref,
                stage=Stage.INTERESTED,
                steps=[Step(Stage.INTERESTED, now, actor)],
                company_id=ticket.company_id,
            )
            call.applications.append(application)
            entry = f"{call.name()}: interested"
            if reasons:
                entry += f" (not eligible: {'; '.join(reasons)})"
            ticket.record("call", None, entry, who=actor, at=now)
            self._ctx.store.save_ticket(ticket)
            done = self._sync_followup(call, application)
            self._ctx.store.save_calls([call])
            ticket = self._tickets.get(ticket.ref)
        return Stepped(call, ticket, application, None, done)

    def step(
        self,
        ref: int | str,
        id: int | str,
        stage: str | Stage,
        *,
        amount: str | int | None = None,
        on: str | datetime | None = None,
    ) -> Stepped:
        """Move a ticket's application to ``stage``; funded needs the amount granted.

        Submitting or withdrawing cancels the deadline follow-up.

        Args:
            ref: The ticket.
            id: The call.
            stage: The new stage.
            amount: Euro granted, with funded only.
            on: When the step happened, if earlier than now (``"12/03/2021 11:00"``,
                ``"yesterday"``; a day alone means noon, or now for today). The history
                records the change now, saying the day; the figures count the step then.

        Raises:
            NotFound: for an unknown ticket or call, or a ticket that has not applied.
            TransitionRefused: for a move the stages do not allow.
            InvalidValue: for an amount missing on funded, given on another stage, or above
                the call's maximum per company; a step dated in the future or before the
                application's last step.
            InvalidDate: for a date that names no date.
        """
        new = Stage.parse(stage)
        with self._ctx.store.transaction():
            call = self.get(id)
            ticket = self._tickets.get(ref)
            application = call.application(ticket.ref)
            if application is None:
                raise NotFound(
                    _(
                        "#{ref} has no application to call {call}; start one with `bando apply "
                        "{ref} {call}`."
                    ).format(ref=ticket.ref, call=call.id)
                )
            before = application.stage
            rules.check_stage_move(call, ticket.ref, before, new)
            cents = self._funded_amount(call, new, amount)
            now, actor = self._ctx.now(), self._ctx.actor
            when = self._step_moment(on, application.changed) if on is not None else now
            application.stage = new
            application.steps.append(Step(new, when, actor, cents))
            if cents is not None:
                application.amount = cents
            new_text = f"{call.name()}: {new.label_text}"
            if cents is not None:
                new_text += f" {rules.format_euros(cents)}"
            if when != now:
                new_text += f" on {format_datetime(when, self._ctx.clock.tz)}"
            ticket.record(
                "call", f"call {call.id}: {before.label_text}", new_text, who=actor, at=now
            )
            self._ctx.store.save_ticket(ticket)
            done = self._sync_followup(call, application)
            self._ctx.store.save_calls([call])
            ticket = self._tickets.get(ticket.ref)
        return Stepped(call, ticket, application, before, done)

    # -- deadline follow-ups --------------------------------------------------------------

    def deadline_days(self) -> int:
        """Working days before a deadline that an unfinished application's follow-up falls."""
        value = self._ctx.store.desk_setting(DEADLINE_DAYS_SETTING)
        return int(value) if isinstance(value, int) else DEFAULT_DEADLINE_DAYS

    def set_deadline_days(self, days: int) -> int:
        """Change the desk's working days before a deadline; pending deadline follow-ups move.

        Raises:
            InvalidValue: for a number outside 0–60.
        """
        if not 0 <= days <= 60:
            raise InvalidValue(_("Give from 0 to 60 working days, not {days}.").format(days=days))
        with self._ctx.store.transaction():
            self._ctx.store.save_desk_setting(DEADLINE_DAYS_SETTING, days)
            changed = []
            for call in self._ctx.store.calls():
                if self._move_deadline_followups(call):
                    changed.append(call)
            if changed:
                self._ctx.store.save_calls(changed)
        return days

    def deadline_due(self, call: Call) -> When:
        """When an unfinished application's follow-up falls: ``N`` working days before the
        deadline, and never before today."""
        tz = self._ctx.clock.tz
        day = working_days_before(call.closes.astimezone(tz).date(), self.deadline_days())
        day = max(day, self._ctx.clock.today())
        return When(day, None, tz)

    def deadline_note(self, call: Call, language: str | None = None) -> str:
        """The note of an application's deadline follow-up, in ``language`` (by default the
        desk's, in which it is kept)."""
        code = language or self._ctx.desk_language()
        closes = format_datetime(call.closes, self._ctx.clock.tz, code)
        return message_in(code, DEADLINE_NOTE).format(
            number=call.id, title=call.title, closes=closes
        )

    def is_deadline_note(self, note: str, call: Call) -> bool:
        """Whether ``note`` names ``call``'s deadline as it stands, in either language (a desk
        that changed language keeps the notes it wrote before)."""
        return any(note == self.deadline_note(call, code) for code in LANGUAGES)

    def _sync_followup(self, call: Call, application: Application) -> str:
        """Give an unfinished application its follow-up, and cancel a finished one's.

        Called inside a transaction, after the ticket is saved (the follow-up service reads it
        again). Returns what was done: ``"added"``, ``"moved"``, ``"cancelled"`` or ``""``.
        """
        ticket = self._tickets.get(application.ref)
        current = next(
            (f for f in ticket.followups if f.id == application.followup and f.pending), None
        )
        if application.stage.applying:
            due = self.deadline_due(call)
            if current is None:
                _number, followup = self._followups.add(ticket.ref, due, self.deadline_note(call))
                application.followup = followup.id
                return "added"
            if current.due.day != due.day or not self.is_deadline_note(current.note, call):
                if current.due.day != due.day:
                    self._followups.move(ticket.ref, current.id, due)
                # The note names the deadline: it follows the new one.
                ticket = self._tickets.get(application.ref)
                for followup in ticket.followups:
                    if followup.id == current.id:
                        followup.note = self.deadline_note(call)
                self._ctx.store.save_ticket(ticket)
                return "moved"
            return ""
        if current is not None:
            self._followups.cancel(ticket.ref, current.id)
            application.followup = None
            return "cancelled"
        application.followup = None
        return ""

    def _move_deadline_followups(self, call: Call) -> list[Stepped]:
        done = []
        for application in call.applications:
            if application.stage.applying:
                what = self._sync_followup(call, application)
                if what:
                    ticket = self._tickets.get(application.ref)
                    done.append(Stepped(call, ticket, application, application.stage, what))
        return done

    # -- internals --------------------------------------------------------------------------

    def _company(self, ticket: Ticket) -> Company | None:
        if ticket.company_id is None:
            return None
        return self._ctx.store.company(ticket.company_id)

    def _funded_amount(self, call: Call, stage: Stage, amount: str | int | None) -> int | None:
        if stage is not Stage.FUNDED:
            if amount is not None:
                raise InvalidValue(_("An amount is given only when the application is funded."))
            return None
        if amount is None:
            raise InvalidValue(_("Say how much was granted: funded needs an amount in euro."))
        cents = rules.parse_euros(amount)
        if cents <= 0:
            raise InvalidValue(_("A funded application needs an amount above zero."))
        if call.max_per_company is not None and cents > call.max_per_company:
            raise InvalidValue(
                _("{amount} is more than {call}'s maximum per company, {most}.").format(
                    amount=rules.format_euros(cents),
                    call=call.name(),
                    most=rules.format_euros(call.max_per_company),
                )
            )
        return cents

    def _step_moment(self, on: str | datetime, last: datetime) -> datetime:
        """When a step recorded late happened; never in the future nor before the last step."""
        now = self._ctx.now()
        if isinstance(on, datetime):
            when = self._moment(on, "step", end=False)
        else:
            parsed = parse_when(on, self._ctx.clock)
            if parsed.time is not None:
                when = parsed.at
            elif parsed.day == self._ctx.clock.today():
                when = now
            else:
                when = datetime.combine(parsed.day, time(12), tzinfo=self._ctx.clock.tz)
        tz = self._ctx.clock.tz
        if when > now:
            raise InvalidValue(
                _("A step is recorded once it happened, not on {when}.").format(
                    when=format_datetime(when, tz)
                )
            )
        if when < last:
            raise InvalidValue(
                _(
                    "The application's last step was on {last}; a later step cannot be dated "
                    "{when}."
                ).format(last=format_datetime(last, tz), when=format_datetime(when, tz))
            )
        return when

    def _moment(self, value: str | datetime, what: str, *, end: bool) -> datetime:
        tz = self._ctx.clock.tz
        if isinstance(value, datetime):
            if value.utcoffset() is None:
                raise InvalidValue(_(_NEEDS_A_TIME_ZONE[what]))
            return value.astimezone(tz)
        if not value.strip():
            raise InvalidValue(_(_NEEDS_A_DATE[what]))
        when = parse_when(value, self._ctx.clock)
        if when.time is not None:
            return when.at
        wall = END_OF_DAY if end else time(0)
        return datetime.combine(when.day, wall, tzinfo=tz)

    def _eligibility(
        self,
        kinds: Iterable[str],
        sizes: Iterable[str],
        provinces: Iterable[str],
        ateco: Iterable[str],
        topics: Iterable[str],
    ) -> Eligibility:
        codes = []
        for prefix in ateco:
            text = prefix.strip()
            if not text:
                continue
            if not re.fullmatch(r"\d{1,2}(\.\d{1,2}){0,2}", text):
                raise InvalidValue(
                    _("ATECO prefix {text!r} is not a code such as 10, 56.10 or 47.91.10.").format(
                        text=text
                    )
                )
            codes.append(text)
        return Eligibility(
            kinds=_unique(CompanyKind.parse(k) for k in kinds if k.strip()),
            sizes=_unique(CompanySize.parse(s) for s in sizes if s.strip()),
            provinces=_unique(check_province(p) for p in provinces if p.strip()),
            ateco=_unique(codes),
            topics=self._directory.topic_keys(list(topics)),
        )


def parse_call_id(id: int | str) -> int:
    """A call number from ``3`` or ``"3"``.

    Raises:
        InvalidValue: for anything that is not a positive number.
    """
    return check_number(id, _("{id!r} is not a call number; use a number such as 3.").format(id=id))


#: What a moment of a call lacks, by which moment it is (``_moment``'s ``what``).
_NEEDS_A_TIME_ZONE = {
    "opening": N_("A call's opening needs a time zone."),
    "deadline": N_("A call's deadline needs a time zone."),
    "ranking": N_("A call's ranking needs a time zone."),
    "step": N_("A call's step needs a time zone."),
}
_NEEDS_A_DATE = {
    "opening": N_("A call needs its opening date."),
    "deadline": N_("A call needs its deadline date."),
    "ranking": N_("A call needs its ranking date."),
    "step": N_("A call needs its step date."),
}


def _unique(values: Iterable[T]) -> list[T]:
    found: list[T] = []
    for value in values:
        if value not in found:
            found.append(value)
    return found


def _link(text: str) -> str:
    link = text.strip()
    if link and not re.match(r"(?i)^https?://\S+$", link):
        raise InvalidValue(
            _("The link {link!r} is not a web address; give one starting with https://.").format(
                link=link
            )
        )
    return link


def _amount(value: str | int | None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return rules.parse_euros(value)


def _check_call(call: Call) -> None:
    if call.closes <= call.opens:
        raise InvalidValue(
            _(
                "The deadline {closes:%d/%m/%Y %H:%M} is not after the opening "
                "{opens:%d/%m/%Y %H:%M}."
            ).format(closes=call.closes, opens=call.opens)
        )
    if (
        call.budget is not None
        and call.max_per_company is not None
        and call.max_per_company > call.budget
    ):
        raise InvalidValue(
            _("The maximum per company {most} is more than the budget {budget}.").format(
                most=rules.format_euros(call.max_per_company),
                budget=rules.format_euros(call.budget),
            )
        )
