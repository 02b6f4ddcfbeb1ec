"""Follow-ups: promises to get back to a business, and the agenda that keeps them.

A follow-up belongs to an adviser: the one given, else the ticket's assignee, else whoever adds
it. Every change (added, done, moved, cancelled) is written to the ticket's history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from helpdesk.dates import When, end_of_week, parse_when
from helpdesk.domain.filters import WITH_PENDING_FOLLOWUP
from helpdesk.domain.models import Company, FollowUp, Ticket
from helpdesk.errors import InvalidValue, NotFound
from helpdesk.i18n import N_, _, message_in
from helpdesk.services.context import Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.followup_dates import check_not_past
from helpdesk.services.tickets import TicketService


@dataclass(slots=True)
class Entry:
    """One pending follow-up with its ticket and company, for lists and the agenda."""

    ticket: Ticket
    followup: FollowUp
    company: Company | None


@dataclass(slots=True)
class Agenda:
    """Pending follow-ups grouped the way an adviser plans a day, each group soonest first."""

    today: date
    overdue: list[Entry] = field(default_factory=list)
    due_today: list[Entry] = field(default_factory=list)
    this_week: list[Entry] = field(default_factory=list)
    later: list[Entry] = field(default_factory=list)

    def sections(self) -> list[tuple[str, list[Entry]]]:
        """The groups with their headings, in order."""
        return [
            (N_("Overdue"), self.overdue),
            (N_("Today"), self.due_today),
            (N_("This week"), self.this_week),
            (N_("Later"), self.later),
        ]

    def __len__(self) -> int:
        return sum(len(entries) for _, entries in self.sections())


class FollowUpService:
    """Adding, completing, moving and cancelling follow-ups; the agenda."""

    def __init__(self, ctx: Context, tickets: TicketService, directory: DirectoryService):
        self._ctx = ctx
        self._tickets = tickets
        self._directory = directory

    def when(self, expression: str) -> When:
        """What a date expression resolves to, today, in the desk's zone.

        Raises:
            InvalidDate: quoting the expression, with examples.
        """
        return parse_when(expression, self._ctx.clock, ahead=True)

    def add(
        self,
        ref: int | str,
        due: str | When,
        note: str = "",
        *,
        who: str | None = None,
        allow_past: bool = False,
    ) -> tuple[Ticket, FollowUp]:
        """Schedule a follow-up on a ticket.

        Args:
            ref: The ticket.
            due: A date expression (``"venerdì alle 15"``, ``"+3d"``) or a resolved When.
            note: What to do then.
            who: The adviser it belongs to; default the ticket's assignee, else the actor.
            allow_past: Confirm a due date in the past (see :mod:`.followup_dates`).

        Raises:
            InvalidDate: for an expression that names no date, or one in the past unconfirmed.
            NotFound: for an unknown ticket or adviser.
        """
        when = self.when(due) if isinstance(due, str) else due
        check_not_past(when, self._ctx.now(), allow_past=allow_past)
        owner = self._directory.adviser(who).key if who else None
        with self._ctx.store.transaction():
            ticket = self._tickets.get(ref)
            now = self._ctx.now()
            number = max((f.id for f in ticket.followups), default=0) + 1
            followup = FollowUp(
                id=number,
                due=when,
                note=note.strip(),
                who=owner or ticket.assignee or self._ctx.actor,
                created=now,
            )
            ticket.followups.append(followup)
            ticket.record(
                "followup",
                None,
                describe_followup(followup, self._ctx.desk_language()),
                who=self._ctx.actor,
                at=now,
            )
            self._ctx.store.save_ticket(ticket)
        return ticket, followup

    def done(
        self, ref: int | str, number: int | None = None, result: str = ""
    ) -> tuple[Ticket, FollowUp]:
        """Mark a follow-up done, with what came of it.

        Args:
            ref: The ticket.
            number: The follow-up's number on the ticket; default the soonest pending one.
            result: What came of it.

        Raises:
            NotFound: when the ticket has no such pending follow-up.
        """
        with self._ctx.store.transaction():
            ticket = self._tickets.get(ref)
            followup = self._pending(ticket, number)
            now = self._ctx.now()
            followup.done_at = now
            followup.result = result.strip()
            code = self._ctx.desk_language()
            if followup.result:
                done = message_in(code, N_("#{number} done: {result}"))
            else:
                done = message_in(code, N_("#{number} done"))
            ticket.record(
                "followup",
                describe_followup(followup, code),
                done.format(number=followup.id, result=followup.result),
                who=self._ctx.actor,
                at=now,
            )
            self._ctx.store.save_ticket(ticket)
        return ticket, followup

    def move(
        self, ref: int | str, number: int, due: str | When, *, allow_past: bool = False
    ) -> tuple[Ticket, FollowUp]:
        """Reschedule a pending follow-up (into the past only with ``allow_past``).

        Raises:
            InvalidDate: for an expression that names no date, or one in the past unconfirmed.
            NotFound: when the ticket has no such pending follow-up.
        """
        when = self.when(due) if isinstance(due, str) else due
        check_not_past(when, self._ctx.now(), allow_past=allow_past)
        with self._ctx.store.transaction():
            ticket = self._tickets.get(ref)
            followup = self._pending(ticket, number)
            code = self._ctx.desk_language()
            due = message_in(code, N_("#{number} due {when}"))
            old = followup.due.describe(code)
            followup.due = when
            ticket.record(
                "followup",
                due.format(number=followup.id, when=old),
                due.format(number=followup.id, when=when.describe(code)),
                who=self._ctx.actor,
                at=self._ctx.now(),
            )
            self._ctx.store.save_ticket(ticket)
        return ticket, followup

    def cancel(self, ref: int | str, number: int) -> tuple[Ticket, FollowUp]:
        """Cancel a pending follow-up (it stays in the record, marked cancelled).

        Raises:
            NotFound: when the ticket has no such pending follow-up.
        """
        with self._ctx.store.transaction():
            ticket = self._tickets.get(ref)
            followup = self._pending(ticket, number)
            followup.cancelled = True
            code = self._ctx.desk_language()
            ticket.record(
                "followup",
                describe_followup(followup, code),
                message_in(code, N_("#{number} cancelled")).format(number=followup.id),
                who=self._ctx.actor,
                at=self._ctx.now(),
            )
            self._ctx.store.save_ticket(ticket)
        return ticket, followup

    def pending(
        self,
        *,
        adviser: str | None = None,
        overdue_only: bool = False,
        open_only: bool = False,
        held: Iterable[Ticket] | None = None,
    ) -> list[Entry]:
        """Pending follow-ups, soonest first.

        Args:
            adviser: Only those belonging to this adviser key.
            overdue_only: Only those due before today.
            open_only: Only those on open tickets.
            held: Every ticket of the desk, when the caller holds them already (the terminal
                UI): no ticket is read again.
        """
        today = self._ctx.clock.today()
        companies = self._ctx.store.companies_by_id()
        entries = []
        if held is None:
            held = self._ctx.store.tickets(partial=True, narrowing=WITH_PENDING_FOLLOWUP)
        for ticket in held:
            if open_only and not ticket.is_open:
                continue
            for followup in ticket.followups:
                if not followup.pending:
                    continue
                if adviser is not None and followup.who != adviser:
                    continue
                if overdue_only and not followup.is_overdue(today):
                    continue
                company = companies.get(ticket.company_id) if ticket.company_id else None
                entries.append(Entry(ticket, followup, company))
        entries.sort(key=lambda e: (e.followup.due.at, e.ticket.ref, e.followup.id))
        return entries

    def agenda(self, adviser: str | None = None, held: Iterable[Ticket] | None = None) -> Agenda:
        """Pending follow-ups as overdue, today, this week (to Sunday; on a Sunday, the week
        ahead) and later.

        Args:
            adviser: Only this adviser's; the whole desk's when None.
            held: Every ticket of the desk, when the caller holds them already (see
                :meth:`pending`).

        Raises:
            NotFound: for an unknown adviser key.
        """
        if adviser is not None:
            adviser = self._directory.adviser(adviser).key
        today = self._ctx.clock.today()
        # On a Sunday "this week" is the week ahead, not an empty rest of today.
        week_end = end_of_week(today + timedelta(days=1))
        agenda = Agenda(today)
        for entry in self.pending(adviser=adviser, held=held):
            day = entry.followup.due.day
            if entry.followup.is_overdue(today):
                agenda.overdue.append(entry)
            elif day == today:
                agenda.due_today.append(entry)
            elif day <= week_end:
                agenda.this_week.append(entry)
            else:
                agenda.later.append(entry)
        return agenda

    @staticmethod
    def _pending(ticket: Ticket, number: int | None) -> FollowUp:
        pending = ticket.pending_followups()
        if number is None:
            if not pending:
                raise NotFound(_("#{ref} has no pending follow-up.").format(ref=ticket.ref))
            return pending[0]
        for followup in ticket.followups:
            if followup.id == number:
                if followup.done_at is not None:
                    raise InvalidValue(
                        _("Follow-up {number} of #{ref} is already done.").format(
                            number=number, ref=ticket.ref
                        )
                    )
                if followup.cancelled:
                    raise InvalidValue(
                        _("Follow-up {number} of #{ref} was cancelled.").format(
                            number=number, ref=ticket.ref
                        )
                    )
                return followup
        numbers = ", ".join(str(f.id) for f in pending) or _("none pending")
        raise NotFound(
            _("#{ref} has no follow-up {number} (follow-ups: {numbers}).").format(
                ref=ticket.ref, number=number, numbers=numbers
            )
        )


def describe_followup(followup: FollowUp, language: str) -> str:
    """A follow-up as its ticket's history keeps it, in ``language`` (the desk's): number, due
    day and note ("#1 due Fri 27 Nov 2026: Call back", "#1 scadenza ven 27 nov 2026: …")."""
    when = followup.due.describe(language)
    if followup.note:
        text = message_in(language, N_("#{number} due {when}: {note}"))
    else:
        text = message_in(language, N_("#{number} due {when}"))
    return text.format(number=followup.id, when=when, note=followup.note)
