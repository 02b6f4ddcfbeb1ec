"""Personal data under the GDPR: consent recorded, data forgotten on purpose, a report of
what has been idle too long.

Forgetting anonymises and keeps the figures. A forgotten company keeps its number, kind,
size, ATECO code, S3 area, province, consent answer, and every ticket with its dates, topics,
status, outcome, follow-ups and enrolments; it loses its name (it becomes "Forgotten company
12"), VAT number, town, contacts and notes, and every mention of them (names and their parts,
emails, phone numbers) in its tickets' subjects, descriptions, notes, outcome notes, follow-up
notes and history is replaced by ``[forgotten]``. Forgetting a contact does the same for one
person. Nothing is deleted: no ticket, company or enrolment goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from helpdesk.domain.models import Change, Company, Contact, Ticket
from helpdesk.domain.privacy import (
    FORGOTTEN,
    Period,
    last_day,
    parse_consent,
    record_consent,
    scrub,
    scrub_value,
    secrets_pattern,
)
from helpdesk.domain.text import fold
from helpdesk.errors import InvalidValue, NotFound
from helpdesk.i18n import _
from helpdesk.services.companies import CompanyService
from helpdesk.services.context import Context

__all__ = ["Forgotten", "Idle", "PrivacyService", "parse_consent"]


@dataclass(slots=True)
class Forgotten:
    """What forgetting did: the companies and tickets anonymised."""

    companies: list[int]
    tickets: list[int]
    contacts: int
    backup: str | None = None


@dataclass(slots=True)
class Idle:
    """Personal data with no activity since ``last``: a company's, or a ticket's contact."""

    company: Company | None
    ticket: Ticket | None
    last: date
    contacts: int
    tickets: int

    def label(self) -> str:
        """``#12 Forno d'Oro`` or ``ticket #40 (Mario Rossi)``."""
        if self.company is not None:
            return f"#{self.company.id} {self.company.name}"
        assert self.ticket is not None
        return _("ticket #{ref} ({contact})").format(
            ref=self.ticket.ref, contact=self.ticket.contact.name or self.ticket.contact.email
        )


class PrivacyService:
    """Consent, forgetting and the report of idle personal data."""

    def __init__(self, ctx: Context, companies: CompanyService) -> None:
        self._ctx = ctx
        self._companies = companies

    # -- consent --------------------------------------------------------------------------

    def set_consent(self, key: int | str, answer: bool | str, on: date | None = None) -> Company:
        """Record a company's answer to the request for consent (yes/no), on ``on`` (today)."""
        given = parse_consent(answer) if isinstance(answer, str) else answer
        with self._ctx.store.transaction():
            company = self._companies.get(key)
            if record_consent(
                company, given, on or self._ctx.now().date(), self._ctx.actor, self._ctx.now()
            ):
                self._ctx.store.save_company(company)
        return company

    # -- forgetting -----------------------------------------------------------------------

    def forget_company(self, key: int | str) -> Forgotten:
        """Anonymise a company's personal data and every mention of it in its tickets."""
        with self._ctx.store.transaction():
            company = self._companies.get(key)
            backup = self._ctx.store.backup("before-forget")
            done = self._forget_companies([company])
        done.backup = backup
        return done

    def forget_contact(self, who: str, company: int | str | None = None) -> Forgotten:
        """Anonymise one person, found by email or name, at one company or everywhere: taken
        off the companies' contacts and the tickets' contact, and scrubbed from the text.

        Raises:
            NotFound: when no company or ticket has that person.
        """
        wanted = who.strip()
        if not wanted:
            raise InvalidValue(_("Name the contact to forget by email or name."))
        store = self._ctx.store
        now, actor = self._ctx.now(), self._ctx.actor
        with store.transaction():
            only = self._companies.get(company).id if company is not None else None
            companies = [c for c in store.companies() if only is None or c.id == only]
            people: list[Contact] = []
            changed_companies = []
            for candidate in companies:
                kept = [c for c in candidate.contacts if not _same_person(c, wanted)]
                if len(kept) != len(candidate.contacts):
                    people += [c for c in candidate.contacts if _same_person(c, wanted)]
                    candidate.contacts = kept
                    changed_companies.append(candidate)
            tickets = [
                t
                for t in store.tickets()
                if (only is None or t.company_id == only) and _same_person(t.contact, wanted)
            ]
            people += [t.contact for t in tickets]
            if not people:
                raise NotFound(
                    _("No contact {who!r}: nothing was forgotten.").format(who=wanted)
                    if company is None
                    else _(
                        "No contact {who!r} at company {company}: nothing was forgotten."
                    ).format(who=wanted, company=company)
                )
            backup = store.backup("before-forget")
            pattern = secrets_pattern(_secrets_of(people))
            touched = {t.ref: t for t in tickets}
            ids = {c.id for c in changed_companies}
            for ticket in store.tickets():
                if ticket.ref in touched or ticket.company_id in ids:
                    touched[ticket.ref] = ticket
            for ticket in touched.values():
                mine = _same_person(ticket.contact, wanted)
                _scrub_ticket(ticket, pattern, actor, now, "contact", forget_contact=mine)
            for changed in changed_companies:
                changed.notes = scrub(changed.notes, pattern)
                changed.history = [_scrub_change(c, pattern) for c in changed.history]
                changed.record("contact forgotten", None, FORGOTTEN, who=actor, at=now)
                store.save_company(changed)
            if touched:
                store.save_tickets(list(touched.values()))
        return Forgotten(sorted(ids), sorted(touched), len(people), backup)

    def _forget_companies(self, companies: list[Company]) -> Forgotten:
        store = self._ctx.store
        now, actor = self._ctx.now(), self._ctx.actor
        ids = {c.id for c in companies}
        tickets = [t for t in store.tickets() if t.company_id in ids]
        contacts = 0
        by_company: dict[int, list[Ticket]] = {}
        for ticket in tickets:
            by_company.setdefault(ticket.company_id or 0, []).append(ticket)
        for company in companies:
            mine = by_company.get(company.id, [])
            people = [*company.contacts, *(t.contact for t in mine)]
            contacts += len(company.contacts)
            secrets = [company.name, company.vat or "", *_secrets_of(people)]
            pattern = secrets_pattern(secrets)
            for ticket in mine:
                _scrub_ticket(ticket, pattern, actor, now, "company")
            company.name = f"Forgotten company {company.id}"
            company.vat = None
            company.town = ""
            company.contacts = []
            company.notes = ""
            company.history = [_scrub_change(c, pattern) for c in company.history]
            company.forgotten = now.date()
            company.record("forgotten", None, "personal data anonymised", who=actor, at=now)
        if companies:
            store.save_companies(companies)
        if tickets:
            store.save_tickets(tickets)
        return Forgotten(sorted(ids), sorted(t.ref for t in tickets), contacts)

    # -- the report -----------------------------------------------------------------------

    def idle(self, period: Period) -> list[Idle]:
        """Personal data with no activity in ``period``: companies (not yet forgotten) whose
        tickets and history are all older, and tickets without a company whose contact is."""
        since = period.before(self._ctx.now()).date()
        store = self._ctx.store
        tickets = store.tickets(partial=True)
        by_company: dict[int, list[Ticket]] = {}
        found: list[Idle] = []
        for ticket in tickets:
            if ticket.company_id is not None:
                by_company.setdefault(ticket.company_id, []).append(ticket)
            elif not ticket.contact.is_empty() and _day(_last_of(ticket)) < since:
                found.append(Idle(None, ticket, _day(_last_of(ticket)), 1, 1))
        for company in store.companies():
            if company.forgotten is not None:
                continue
            mine = by_company.get(company.id, [])
            moments: list[datetime | date | None] = [_last_of(t) for t in mine]
            moments += [c.at for c in company.history]
            moments.append(company.privacy_consent)
            last = last_day(moments)
            if last is None or _day(last) < since:
                found.append(
                    Idle(
                        company,
                        None,
                        _day(last) if last else date.min,
                        len(company.contacts),
                        len(mine),
                    )
                )
        return sorted(found, key=lambda i: (i.last, i.label()))

    def forget_idle(self, period: Period) -> Forgotten:
        """Forget everything :meth:`idle` lists, in one write after one backup."""
        store = self._ctx.store
        now, actor = self._ctx.now(), self._ctx.actor
        with store.transaction():
            found = self.idle(period)
            if not found:
                return Forgotten([], [], 0)
            backup = store.backup("before-forget")
            companies = [i.company for i in found if i.company is not None]
            done = self._forget_companies(companies)
            loose = [i.ticket.ref for i in found if i.ticket is not None]
            if loose:
                whole = [t for t in store.tickets() if t.ref in set(loose)]
                for ticket in whole:
                    pattern = secrets_pattern(_secrets_of([ticket.contact]))
                    _scrub_ticket(ticket, pattern, actor, now, "contact")
                store.save_tickets(whole)
        return Forgotten(
            done.companies, sorted({*done.tickets, *loose}), done.contacts + len(loose), backup
        )


def _same_person(contact: Contact, wanted: str) -> bool:
    if "@" in wanted:
        return bool(contact.email) and contact.email.lower() == wanted.lower()
    return bool(contact.name) and fold(contact.name) == fold(wanted)


def _secrets_of(people: Iterable[Contact]) -> list[str]:
    secrets: list[str] = []
    for person in people:
        secrets += [person.name, person.email, person.phone]
    return [s for s in secrets if s]


def _scrub_change(change: Change, pattern: re.Pattern[str] | None) -> Change:
    return Change(
        change.at,
        change.who,
        change.field,
        scrub_value(change.old, pattern),  # type: ignore[arg-type]
        scrub_value(change.new, pattern),  # type: ignore[arg-type]
    )


def _scrub_ticket(
    ticket: Ticket,
    pattern: re.Pattern[str] | None,
    who: str,
    at: datetime,
    what: str,
    forget_contact: bool = True,
) -> None:
    if forget_contact:
        ticket.contact = Contact()
    ticket.subject = scrub(ticket.subject, pattern)
    ticket.description = scrub(ticket.description, pattern)
    ticket.outcome_note = scrub(ticket.outcome_note, pattern)
    for note in ticket.notes:
        note.text = scrub(note.text, pattern)
    for followup in ticket.followups:
        followup.note = scrub(followup.note, pattern)
        followup.result = scrub(followup.result, pattern)
    ticket.history = [_scrub_change(c, pattern) for c in ticket.history]
    ticket.record("forgotten", None, f"{what}'s personal data anonymised", who=who, at=at)


def _last_of(ticket: Ticket) -> datetime:
    return ticket.updated


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment
