"""Referrals: a ticket's business passed on to a partner, and the answer awaited.

``refer`` records the referral (state ``sent``) with the day an answer is expected (the
partner's own delay, else :data:`~helpdesk.domain.partners.DEFAULT_ANSWER_DAYS` working days)
and schedules a follow-up on the ticket for that day, so a late partner surfaces in the agenda
and in ``+overdue``. Each step (acknowledged, answered, project started, declined, no answer)
is dated, signed and written in the ticket's history; once the partner has answered (or will
not), the waiting follow-up is cancelled, and a new expected day moves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from helpdesk.dates import format_date, parse_when
from helpdesk.dates.working_days import working_days_after
from helpdesk.domain.enums import Status
from helpdesk.domain.models import Ticket
from helpdesk.domain.partners import (
    DEFAULT_ANSWER_DAYS,
    Partner,
    Referral,
    ReferralState,
    Step,
    check_move,
)
from helpdesk.errors import InvalidValue, NotFound, TransitionRefused
from helpdesk.i18n import N_, _, message_in, message_in_every_language
from helpdesk.services.context import Context
from helpdesk.services.desk_referrals import send_to_desk, status_there
from helpdesk.services.followups import FollowUpService
from helpdesk.services.partners import PartnerService
from helpdesk.services.summary_labels import status_word
from helpdesk.services.tickets import TicketService

#: The note of the follow-up that waits for a partner's answer. Written in the desk's language
#: and recognised in either (:meth:`ReferralService.is_followup_note`).
FOLLOWUP_NOTE = N_("Answer expected from {partner} (referral {number})")


@dataclass(slots=True)
class ReferralEntry:
    """A referral with what people read beside it."""

    referral: Referral
    partner: Partner
    ticket: Ticket
    #: The status of the ticket the referral put in another desk's inbox, when it did.
    there: Status | None = None

    def is_late(self, today: date) -> bool:
        """Still waiting after the expected day."""
        return self.referral.is_late(today)


class ReferralService:
    """Referring tickets to partners and following the answers."""

    def __init__(
        self,
        ctx: Context,
        tickets: TicketService,
        followups: FollowUpService,
        partners: PartnerService,
    ) -> None:
        self._ctx = ctx
        self._tickets = tickets
        self._followups = followups
        self._partners = partners

    def get(self, id: int | str) -> Referral:
        """One referral by its number.

        Raises:
            NotFound: for an unknown number, saying how to list them.
        """
        number = parse_referral_id(id)
        for referral in self._ctx.store.referrals():
            if referral.id == number:
                return referral
        raise NotFound(
            _("No referral {number}. See `helpdesk referral list`.").format(number=number)
        )

    def for_ticket(self, ref: int | str) -> list[ReferralEntry]:
        """A ticket's referrals, oldest first."""
        ticket = self._tickets.get(ref)
        partners = {p.id: p for p in self._ctx.store.partners()}
        return [
            ReferralEntry(r, partners[r.partner], ticket, status_there(self._ctx, r))
            for r in self._ctx.store.referrals()
            if r.ref == ticket.ref and r.partner in partners
        ]

    def entries(
        self, *, pending: bool = False, late: bool = False, partner: str | None = None
    ) -> list[ReferralEntry]:
        """Referrals with their partner and ticket, the expected answer soonest first.

        Args:
            pending: Only those still waiting for the partner's answer.
            late: Only those waiting after the expected day.
            partner: Only those to this partner (number or name).
        """
        today = self._ctx.clock.today()
        partners = {p.id: p for p in self._ctx.store.partners()}
        wanted = self._partners.get(partner).id if partner else None
        found = []
        tickets = {t.ref: t for t in self._ctx.store.tickets(partial=True)}
        for referral in self._ctx.store.referrals():
            if wanted is not None and referral.partner != wanted:
                continue
            if pending and not referral.state.waiting:
                continue
            if late and not referral.is_late(today):
                continue
            ticket = tickets.get(referral.ref)
            if ticket is None or referral.partner not in partners:
                continue
            there = status_there(self._ctx, referral)
            found.append(ReferralEntry(referral, partners[referral.partner], ticket, there))
        return sorted(found, key=lambda e: (e.referral.expected, e.referral.id))

    def expected_day(self, partner: Partner, expect: str | None = None) -> date:
        """When an answer is due: the day typed, else the partner's delay in working days.

        Raises:
            InvalidDate: for an expression that names no date.
            InvalidValue: for a day before today.
        """
        today = self._ctx.clock.today()
        if expect:
            day = parse_when(expect, self._ctx.clock, ahead=True).day
            if day < today:
                raise InvalidValue(
                    _(
                        "The expected answer date {day} is in the past; give today or a later day."
                    ).format(day=format_date(day))
                )
            return day
        return working_days_after(today, partner.answer_days or DEFAULT_ANSWER_DAYS)

    def refer(
        self,
        ref: int | str,
        partner: int | str,
        *,
        note: str = "",
        expect: str | None = None,
    ) -> Referral:
        """Pass a ticket's business on to a partner, and wait for the answer.

        Raises:
            NotFound: for an unknown ticket or partner.
            InvalidValue: for a partner the desk no longer works with, or a bad date.
            TransitionRefused: for a closed ticket, or one already waiting on that partner.
        """
        with self._ctx.store.transaction():
            ticket = self._tickets.get(ref)
            found = self._partners.get(partner)
            if not found.active:
                raise InvalidValue(
                    _(
                        "The desk no longer works with {partner}; make it active again with "
                        "`helpdesk partner edit {number} --active`."
                    ).format(partner=found.name, number=found.id)
                )
            if not ticket.is_open:
                raise TransitionRefused(
                    _("#{ref} is {status}: reopen it before referring it.").format(
                        ref=ticket.ref, status=status_word(ticket.status.value)
                    )
                )
            for other in self._ctx.store.referrals():
                if other.ref == ticket.ref and other.partner == found.id and other.state.waiting:
                    raise TransitionRefused(
                        _(
                            "#{ref} already waits for {partner}'s answer (referral {number}, "
                            "{state})."
                        ).format(
                            ref=ticket.ref,
                            partner=found.name,
                            number=other.id,
                            state=other.state.label_text,
                        )
                    )
            now = self._ctx.now()
            referral = Referral(
                ref=ticket.ref,
                partner=found.id,
                sent=now,
                expected=self.expected_day(found, expect),
                note=note.strip(),
                steps=[Step(ReferralState.SENT, now, self._ctx.actor, note.strip())],
            )
            if found.for_desk:  # another desk of the network: the request lands in its inbox
                referral.desk = found.for_desk
                referral.desk_ref = send_to_desk(self._ctx, ticket, found, referral)
            self._ctx.store.add_referral(referral)
            _number, followup = self._followups.add(
                ticket.ref,
                referral.expected.isoformat(),
                self.followup_note(found, referral, self._ctx.desk_language()),
            )
            referral.followup = followup.id
            self._ctx.store.save_referrals([referral])
            self._history(ticket.ref, None, f"{referral.id} sent to {found.name}")
        return referral

    def step(
        self,
        id: int | str,
        state: str | ReferralState,
        *,
        note: str = "",
        on: str | None = None,
        expect: str | None = None,
        amount: int | str | None = None,
    ) -> Referral:
        """Move a referral on: acknowledged, answered, project started, declined, no answer.

        Args:
            id: The referral's number.
            state: Where it goes.
            note: What the partner said.
            on: When it happened (default now); not before the previous step, not in the future.
            expect: A new day the answer is expected (moves the follow-up).
            amount: Euros of the project started, when known.

        Raises:
            TransitionRefused: for a move the referral's lifecycle does not allow.
            InvalidValue: for a bad date or amount.
        """
        new = ReferralState.parse(state) if isinstance(state, str) else state
        with self._ctx.store.transaction():
            referral = self.get(id)
            partner = self._partners.get(referral.partner)
            check_move(referral, new)
            at = self._moment(on, referral)
            old = referral.state
            referral.steps.append(Step(new, at, self._ctx.actor, note.strip()))
            if amount is not None and str(amount).strip():
                referral.amount = euros(amount)
            if expect and new.waiting:
                referral.expected = self.expected_day(partner, expect)
            self._sync_followup(referral, partner)
            self._ctx.store.save_referrals([referral])
            said = f" ({note.strip()})" if note.strip() else ""
            self._history(
                referral.ref,
                f"{referral.id} {old.label_text}",
                f"{referral.id} {new.label_text} by {partner.name}{said}",
            )
        return referral

    def expect(self, id: int | str, day: str) -> Referral:
        """Set a new day the answer is expected, moving the follow-up.

        Raises:
            TransitionRefused: when the partner has answered already.
        """
        with self._ctx.store.transaction():
            referral = self.get(id)
            partner = self._partners.get(referral.partner)
            if not referral.state.waiting:
                raise TransitionRefused(
                    _("Referral {number} is {state}: no answer to wait for.").format(
                        number=referral.id, state=referral.state.label_text
                    )
                )
            old = referral.expected
            referral.expected = self.expected_day(partner, day)
            self._sync_followup(referral, partner)
            self._ctx.store.save_referrals([referral])
            self._history(
                referral.ref,
                f"{referral.id} expected {format_date(old)}",
                f"{referral.id} expected {format_date(referral.expected)}",
            )
        return referral

    @staticmethod
    def followup_note(partner: Partner, referral: Referral, language: str) -> str:
        """The waiting follow-up's note, in ``language`` (the desk's, as it is kept)."""
        return message_in(language, FOLLOWUP_NOTE).format(partner=partner.name, number=referral.id)

    @staticmethod
    def is_followup_note(note: str, referral_id: int) -> bool:
        """Whether ``note`` is the waiting follow-up's note of referral ``referral_id``, in
        whichever language the desk wrote it."""
        for template in message_in_every_language(FOLLOWUP_NOTE).values():
            head, _sep, tail = template.partition("{partner}")
            if note.startswith(head) and note.endswith(tail.format(number=referral_id)):
                return True
        return False

    def _sync_followup(self, referral: Referral, partner: Partner) -> None:
        """Keep the waiting follow-up in step: moved to the expected day, or cancelled."""
        if referral.followup is None:
            return
        ticket = self._tickets.get(referral.ref)
        current = next(
            (f for f in ticket.followups if f.id == referral.followup and f.pending), None
        )
        if current is None:
            referral.followup = None
            return
        if not referral.state.waiting:
            self._followups.cancel(ticket.ref, current.id)
            referral.followup = None
        elif current.due.day != referral.expected:
            self._followups.move(
                ticket.ref, current.id, referral.expected.isoformat(), allow_past=True
            )

    def _history(self, ref: int, old: str | None, new: str) -> None:
        ticket = self._tickets.get(ref)
        ticket.record("referral", old, new, who=self._ctx.actor, at=self._ctx.now())
        self._ctx.store.save_ticket(ticket)

    def _moment(self, on: str | None, referral: Referral) -> datetime:
        now = self._ctx.now()
        if not on:
            return now
        at = parse_when(on, self._ctx.clock).at
        if at.date() > now.date():
            raise InvalidValue(
                _("{on!r} is in the future: a step is recorded once it happened.").format(on=on)
            )
        last = referral.steps[-1].at if referral.steps else referral.sent
        if at.date() < last.date():
            raise InvalidValue(
                _("{on!r} is before the referral's last step ({last}).").format(
                    on=on, last=format_date(last.date())
                )
            )
        return max(at, last) if at.date() == last.date() else at


def parse_referral_id(id: int | str) -> int:
    """A referral number from ``3`` or ``R3``.

    Raises:
        InvalidValue: for anything else.
    """
    text = str(id).strip().lstrip("#").lstrip("Rr")
    if not text.isdigit():
        raise InvalidValue(_("Referral {id!r} is not a referral number, e.g. 3.").format(id=id))
    return int(text)


def euros(value: int | str) -> int:
    """Whole euros from ``15000``, ``15.000`` or ``15000 €``.

    Raises:
        InvalidValue: for anything that is not a whole, non-negative amount.
    """
    text = str(value).replace("€", "").replace("EUR", "").replace(".", "").replace(" ", "")
    if not text.isdigit():
        raise InvalidValue(
            _("Amount {value!r} is not a whole number of euros, e.g. 15000.").format(value=value)
        )
    return int(text)
