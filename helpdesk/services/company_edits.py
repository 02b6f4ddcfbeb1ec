"""Companies and their contacts changed on purpose: edit, contacts, likely duplicates, merge.

Every change is written to the company's history (who, when, old, new). A merge moves the
other company's tickets, contacts, webinar enrolments and call applications to the one kept
and fills the kept one's blanks; the kept company's history takes in the other's and says
what was merged, and each moved ticket's history says which company it moved from. The
other company is then taken out. A backup of the database is taken first: undoing a merge is
restoring it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpdesk.domain.enums import CompanyKind, CompanySize
from helpdesk.domain.identity import LikelyDuplicate, can_be_name, likely_duplicates
from helpdesk.domain.models import Company, Contact, history_value
from helpdesk.domain.text import fold
from helpdesk.errors import Conflict, InvalidValue, NotFound
from helpdesk.i18n import _
from helpdesk.services.companies import CompanyDraft, CompanyService, fill_blanks, knows_contact
from helpdesk.services.context import Context
from helpdesk.services.validation import check_email, check_province, check_vat

#: The fields ``company edit`` changes, in the order they are shown.
EDITABLE = ("name", "vat", "kind", "size", "town", "province", "ateco", "notes")


@dataclass(slots=True)
class CompanyChanges:
    """What to change on a company; None leaves a field as it is, "" empties it."""

    name: str | None = None
    vat: str | None = None
    kind: CompanyKind | str | None = None
    size: CompanySize | str | None = None
    town: str | None = None
    province: str | None = None
    ateco: str | None = None
    notes: str | None = None


@dataclass(slots=True)
class Merged:
    """What a merge did."""

    company: Company
    other: Company
    tickets: int
    contacts: int
    enrolments: int
    backup: str | None
    filled: list[str] = field(default_factory=list)


class CompanyEditService:
    """Edits, contacts, likely duplicates and merges of companies."""

    def __init__(self, ctx: Context, companies: CompanyService) -> None:
        self._ctx = ctx
        self._companies = companies

    # -- edit -----------------------------------------------------------------------------

    def edit(self, key: int | str, changes: CompanyChanges) -> tuple[Company, list[str]]:
        """Change a company's fields; returns it and the names of the fields changed.

        Raises:
            NotFound: for an unknown company.
            InvalidValue: for a bad value, or a name without a letter.
            Conflict: for a VAT number another company has.
        """
        wanted = self._checked(changes)
        with self._ctx.store.transaction():
            company = self._companies.get(key)
            vat = wanted.get("vat")
            if isinstance(vat, str) and vat:
                holder = self._ctx.store.find_company(vat=vat)
                if holder is not None and holder.id != company.id:
                    raise Conflict(
                        _(
                            "VAT {vat} belongs to {holder} (#{holder_number}): if they are one "
                            "company, merge them: helpdesk company merge {holder_number} "
                            "{company_number}."
                        ).format(
                            vat=vat,
                            holder=holder.name,
                            holder_number=holder.id,
                            company_number=company.id,
                        )
                    )
            changed = []
            now, who = self._ctx.now(), self._ctx.actor
            for name, value in wanted.items():
                old = getattr(company, name)
                if old == value:
                    continue
                setattr(company, name, value)
                company.record(name, history_value(old), history_value(value), who=who, at=now)
                changed.append(name)
            if changed:
                self._ctx.store.save_company(company)
        return company, changed

    def _checked(self, changes: CompanyChanges) -> dict[str, object]:
        wanted: dict[str, object] = {}
        if changes.name is not None:
            name = " ".join(changes.name.split())
            if not can_be_name(name):
                raise InvalidValue(_("A company's name cannot be only a number."))
            wanted["name"] = name
        if changes.vat is not None:
            wanted["vat"] = check_vat(changes.vat) if changes.vat.strip() else None
        if changes.kind is not None:
            wanted["kind"] = CompanyKind.parse(changes.kind) if changes.kind else CompanyKind.OTHER
        if changes.size is not None:
            wanted["size"] = CompanySize.parse(changes.size) if changes.size else None
        if changes.town is not None:
            wanted["town"] = " ".join(changes.town.split())
        if changes.province is not None:
            wanted["province"] = check_province(changes.province)
        if changes.ateco is not None:
            wanted["ateco"] = changes.ateco.strip()
        if changes.notes is not None:
            wanted["notes"] = changes.notes.strip()
        return wanted

    # -- contacts -------------------------------------------------------------------------

    def add_contact(self, key: int | str, contact: Contact, *, primary: bool = False) -> Company:
        """Add a person to a company; the first contact is the primary one.

        Raises:
            InvalidValue: for a contact with no name nor email, or a bad email.
            Conflict: when the company already lists the person.
        """
        person = _checked_contact(contact)
        with self._ctx.store.transaction():
            company = self._companies.get(key)
            if knows_contact(company, person):
                raise Conflict(
                    _(
                        "{company} already lists {contact}: change them with `helpdesk contact "
                        "edit`."
                    ).format(company=company.name, contact=person.name or person.email)
                )
            if primary:
                company.contacts.insert(0, person)
            else:
                company.contacts.append(person)
            company.record(
                "contacts", None, _label(person), who=self._ctx.actor, at=self._ctx.now()
            )
            self._ctx.store.save_company(company)
        return company

    def edit_contact(
        self,
        key: int | str,
        which: str,
        *,
        name: str | None = None,
        email: str | None = None,
        phone: str | None = None,
        role: str | None = None,
        primary: bool = False,
    ) -> Company:
        """Change a company's contact, found by its number in the list (1 is the primary one),
        its name or its email; ``primary`` makes it the primary contact.

        Raises:
            NotFound: for an unknown company or contact.
            InvalidValue: for a bad email or a contact left with no name nor email.
        """
        with self._ctx.store.transaction():
            company = self._companies.get(key)
            index = find_contact(company, which)
            old = company.contacts[index]
            new = Contact(
                old.name if name is None else " ".join(name.split()),
                old.email if email is None else email,
                old.phone if phone is None else phone.strip(),
                old.role if role is None else role.strip(),
            )
            new = _checked_contact(new)
            now, who = self._ctx.now(), self._ctx.actor
            if new != old:
                company.contacts[index] = new
                company.record("contacts", _label(old), _label(new), who=who, at=now)
            if primary and index != 0:
                company.contacts.insert(0, company.contacts.pop(index))
                company.record("primary contact", None, _label(new), who=who, at=now)
            self._ctx.store.save_company(company)
        return company

    # -- duplicates and merge -------------------------------------------------------------

    def duplicates(self) -> list[LikelyDuplicate]:
        """Pairs of companies that may be one (see :func:`likely_duplicates`)."""
        return likely_duplicates(self._ctx.store.companies())

    def merge(self, keep: int | str, other: int | str) -> Merged:
        """Merge ``other`` into ``keep``: its tickets, contacts and enrolments move, blanks are
        filled, both histories say so, and ``other`` is taken out. A backup comes first.

        Raises:
            NotFound: for an unknown company.
            InvalidValue: for a company merged with itself.
            Conflict: for two companies with two different VAT numbers.
        """
        store = self._ctx.store
        with store.transaction():
            kept, gone = self._companies.get(keep), self._companies.get(other)
            if kept.id == gone.id:
                raise InvalidValue(
                    _("{company} (#{number}) cannot be merged with itself.").format(
                        company=kept.name, number=kept.id
                    )
                )
            if kept.vat and gone.vat and kept.vat != gone.vat:
                raise Conflict(
                    _(
                        "{kept} (#{kept_number}) has VAT {kept_vat} and {other} "
                        "(#{other_number}) has VAT {other_vat}: two VAT numbers are two "
                        "companies, never merged."
                    ).format(
                        kept=kept.name,
                        kept_number=kept.id,
                        kept_vat=kept.vat,
                        other=gone.name,
                        other_number=gone.id,
                        other_vat=gone.vat,
                    )
                )
            backup = store.backup("before-merge")
            now, who = self._ctx.now(), self._ctx.actor
            contacts_before = len(kept.contacts)
            before = {f: getattr(kept, f) for f in EDITABLE}
            fill_blanks(kept, _draft_of(gone))
            if not kept.notes and gone.notes:
                kept.notes = gone.notes
            if kept.consent is None and gone.consent is not None:
                kept.consent, kept.privacy_consent = gone.consent, gone.privacy_consent
            filled = [f for f in EDITABLE if getattr(kept, f) != before[f]]
            tickets = store.tickets(company=gone.id)
            for ticket in tickets:
                ticket.company_id = kept.id
                ticket.record(
                    "company",
                    f"{gone.name} (#{gone.id})",
                    f"{kept.name} (#{kept.id})",
                    who=who,
                    at=now,
                )
            if tickets:
                store.save_tickets(tickets)
            moved = 0
            changed_webinars = []
            for webinar in store.webinars():
                touched = False
                for enrolment in webinar.enrolments:
                    if enrolment.company_id == gone.id:
                        enrolment.company_id = kept.id
                        moved += 1
                        touched = True
                if touched:
                    changed_webinars.append(webinar)
            if changed_webinars:
                store.save_webinars(changed_webinars)
            # Applications to grant calls name the company too: they follow it.
            changed_calls = [
                call
                for call in store.calls()
                if [a for a in call.applications if a.company_id == gone.id]
            ]
            for call in changed_calls:
                for application in call.applications:
                    if application.company_id == gone.id:
                        application.company_id = kept.id
            if changed_calls:
                store.save_calls(changed_calls)
            label = f"{gone.name} (#{gone.id})"
            kept.history.extend(gone.history)
            kept.history.sort(key=lambda c: c.at)
            kept.record(
                "merged",
                label,
                f"{len(tickets)} tickets, {len(kept.contacts) - contacts_before} contacts, "
                f"{moved} enrolments moved here",
                who=who,
                at=now,
            )
            store.save_company(kept)
            store.remove_company(gone.id)
        return Merged(
            kept,
            gone,
            len(tickets),
            len(kept.contacts) - contacts_before,
            moved,
            backup,
            filled,
        )


def find_contact(company: Company, which: str) -> int:
    """The index of the contact ``which`` names: its number (1 is the primary), its email,
    or its name.

    Raises:
        NotFound: listing the company's contacts.
    """
    text = which.strip().lstrip("#")
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(company.contacts):
        return int(text) - 1
    for index, contact in enumerate(company.contacts):
        if contact.email and contact.email.lower() == text.lower():
            return index
        if contact.name and fold(contact.name) == fold(text):
            return index
    listed = "; ".join(f"{i} {_label(c)}" for i, c in enumerate(company.contacts, start=1)) or _(
        "none yet"
    )
    raise NotFound(
        _("{company} has no contact {which!r}; its contacts: {listed}.").format(
            company=company.name, which=which, listed=listed
        )
    )


def _checked_contact(contact: Contact) -> Contact:
    person = Contact(
        " ".join(contact.name.split()),
        check_email(contact.email),
        contact.phone.strip(),
        contact.role.strip(),
    )
    if not person.name and not person.email:
        raise InvalidValue(_("A contact needs a name or an email."))
    return person


def _label(contact: Contact) -> str:
    bits = [contact.name, contact.email, contact.phone, contact.role]
    return ", ".join(b for b in bits if b)


def _draft_of(company: Company) -> CompanyDraft:
    return CompanyDraft(
        name=company.name,
        vat=company.vat or "",
        kind=company.kind if company.kind is not CompanyKind.OTHER else None,
        size=company.size,
        town=company.town,
        province=company.province,
        ateco=company.ateco,
        contacts=list(company.contacts),
    )
