"""Companies: found by VAT number or name, never duplicated, each with its timeline."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from helpdesk.domain.enums import CompanyKind, CompanySize
from helpdesk.domain.identity import (
    Ambiguous,
    CompanyIndex,
    Described,
    Match,
    MatchedBy,
    can_be_name,
    disagreements,
)
from helpdesk.domain.models import Company, Contact, Ticket
from helpdesk.domain.privacy import record_consent
from helpdesk.domain.text import company_key, fold
from helpdesk.errors import Conflict, InvalidValue, NotFound
from helpdesk.i18n import _
from helpdesk.services.context import Context
from helpdesk.services.validation import check_province, check_vat


@dataclass(slots=True)
class CompanyDraft:
    """A company as typed: at least a name or a VAT number."""

    name: str = ""
    vat: str = ""
    kind: CompanyKind | str | None = None
    size: CompanySize | str | None = None
    town: str = ""
    province: str = ""
    ateco: str = ""
    contacts: list[Contact] = field(default_factory=list)
    #: The answer to the request for consent to data processing, when the draft gives one.
    consent: bool | None = None
    #: The day of that answer (default: today).
    consent_date: date | None = None


@dataclass(slots=True)
class Found:
    """The company a draft names: found (and how) or created."""

    company: Company
    created: bool
    match: Match | None = None
    #: The desk of the network whose record of the business gave a new one its details.
    known_at: str | None = None


@dataclass(slots=True)
class CompanyTimeline:
    """A company with all its tickets, oldest first."""

    company: Company
    tickets: list[Ticket]


#: Finds the business another desk of the network knows by a VAT number: that desk's name and
#: its record there; None when no other desk knows it.
KnownElsewhere = Callable[[str], "tuple[str, Company] | None"]


class CompanyService:
    """Finding, creating and showing companies.

    Attributes:
        known_elsewhere: On a desk of a network, how a new business's VAT number is looked up
            on the other desks, so that its details are taken from there, not typed again.
    """

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self.known_elsewhere: KnownElsewhere | None = None
        self._by_id: tuple[Hashable, Mapping[int, Company]] | None = None
        self._index: tuple[Hashable, CompanyIndex] | None = None

    def list(self, query: str = "") -> list[Company]:
        """Companies whose name, VAT number, town or province contains ``query``, by name."""
        needle = fold(query.strip())
        companies = self._ctx.store.companies()
        if needle:
            companies = [c for c in companies if needle in _haystack(c)]
        return sorted(companies, key=lambda c: fold(c.name))

    def by_id(self) -> Mapping[int, Company]:
        """Every company keyed by its number: a shared, read-only view.

        Kept until the data changes (here or in another process), because a listing asks for
        it several times; change a company through :meth:`find_or_create`, never through this.
        """
        version = self._ctx.store.version()
        if self._by_id is None or self._by_id[0] != version:
            self._by_id = (version, self._ctx.store.companies_by_id())
        return self._by_id[1]

    def get(self, key: int | str) -> Company:
        """A company by number, VAT number or (unambiguous) name.

        Raises:
            NotFound: when nothing matches, or a name matches several companies.
        """
        text = str(key).strip().lstrip("#")
        if text.isascii() and text.isdigit() and len(text) < 11:
            company = self._ctx.store.company(int(text))
            if company is None:
                raise NotFound(_("There is no company {number}.").format(number=text))
            return company
        vat = _vat_digits(text)
        found = self.find(vat=vat, name="" if vat else text)
        if found is not None:
            return found
        matches = self.list(text)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(_("No company matches {text!r}.").format(text=text))
        names = "; ".join(f"{c.id} {c.name}" for c in matches[:5])
        more = "; …" if len(matches) > 5 else ""
        raise NotFound(
            _("{count} companies match {text!r}: {names}{more} — use the number.").format(
                count=len(matches), text=text, names=names, more=more
            )
        )

    def ticket_counts(self) -> dict[int, int]:
        """How many tickets each company has, by company number."""
        return dict(self._ctx.store.company_ticket_counts())

    def timeline(self, key: int | str) -> CompanyTimeline:
        """A company and all its tickets, oldest first."""
        company = self.get(key)
        tickets = self._ctx.store.tickets(company=company.id)
        return CompanyTimeline(company, sorted(tickets, key=lambda t: t.created))

    def find(self, *, vat: str = "", name: str = "") -> Company | None:
        """The company with this VAT number, else with this name once normalised."""
        return self._ctx.store.find_company(vat=vat, key=company_key(name) if name else "")

    def check(self, draft: CompanyDraft) -> CompanyDraft:
        """A draft with its fields checked and normalised.

        Raises:
            InvalidValue: for a bad VAT number, kind, size or province, or no name nor VAT.
        """
        vat = check_vat(draft.vat) if draft.vat.strip() else ""
        name = " ".join(draft.name.split())
        if not name and not vat:
            raise InvalidValue(_("A company needs a name or a VAT number."))
        return CompanyDraft(
            name=name,
            vat=vat,
            kind=CompanyKind.parse(draft.kind) if draft.kind else None,
            size=CompanySize.parse(draft.size) if draft.size else None,
            town=draft.town.strip(),
            province=check_province(draft.province),
            ateco=draft.ateco.strip(),
            contacts=list(draft.contacts),
            consent=draft.consent,
            consent_date=draft.consent_date,
        )

    def index(self) -> CompanyIndex:
        """Every company indexed for the identity rules (:mod:`helpdesk.domain.identity`)."""
        version = self._ctx.store.version()
        if self._index is None or self._index[0] != version:
            self._index = (version, CompanyIndex(self._ctx.store.companies()))
        return self._index[1]

    def match(self, draft: CompanyDraft) -> Match | None:
        """The existing company a checked draft names under the identity rules, if any.

        Raises:
            InvalidValue: when the name fits several companies.
        """
        row = described(draft)
        if self._index is not None and self._index[0] == self._ctx.store.version():
            index = self._index[1]
        else:
            # One lookup by VAT number or by name, not every company read: what a single
            # ticket needs.
            store = self._ctx.store
            if row.vat:
                by_vat = store.find_company(vat=row.vat)
                index = CompanyIndex([by_vat] if by_vat is not None else [])
            else:
                index = CompanyIndex(store.companies_named(company_key(row.name)))
        try:
            return index.match(row)
        except Ambiguous as error:
            raise InvalidValue(str(error)) from None

    def by_vat(self, vat: str) -> Company | None:
        """The company with this (checked) VAT number, if any."""
        return self._ctx.store.find_company(vat=vat) if vat else None

    def find_or_create(self, draft: CompanyDraft, contact: Contact | None = None) -> Found:
        """The company the draft names, created if it is new; blanks filled from the draft.

        The identity rules decide (:mod:`helpdesk.domain.identity`). A bare number (``51``,
        ``#51``) is the company's number, never a new company's name; an 11-digit number is a
        VAT number.

        Raises:
            InvalidValue: as :meth:`check`, for a new company with no name or a name without a
                letter, or a name that fits several companies.
            NotFound: for a company number that does not exist.
            Conflict: for a VAT number that belongs to a company of another name.
        """
        draft = self.check(numbered(draft))
        with self._ctx.store.transaction():
            number = company_number(draft.name)
            match: Match | None = None
            if number is not None and not draft.vat:
                company: Company | None = self._ctx.store.company(number)
                if company is None:
                    raise NotFound(
                        _(
                            "There is no company number {number} (see `helpdesk company list`); a "
                            "new company's name needs a letter."
                        ).format(number=number)
                    )
                row = described(replace(draft, name=""))
                match = Match(company, MatchedBy.NUMBER, disagreements(row, company))
            else:
                match = self.match(draft)
                company = match.company if match is not None else None
            if match is not None and any(d.field == "name" for d in match.disagreements):
                raise Conflict(
                    _("VAT {vat} belongs to {company}: use -c {quoted}, or check the VAT.").format(
                        vat=draft.vat,
                        company=match.company.name,
                        quoted=shell_quote(match.company.name),
                    )
                )
            created = company is None
            elsewhere = None
            if company is None and draft.vat and self.known_elsewhere is not None:
                elsewhere = self.known_elsewhere(draft.vat)
            if elsewhere is not None:
                company = Company(name=draft.name or elsewhere[1].name)
            if company is None:
                if not draft.name:
                    raise InvalidValue(
                        _("No company has VAT number {vat}; give its name to create it.").format(
                            vat=draft.vat
                        )
                    )
                if not can_be_name(draft.name):
                    raise InvalidValue(
                        _(
                            "{name!r} cannot be a company's name: a number is read as a company's "
                            "number (e.g. -c 12)."
                        ).format(name=draft.name)
                    )
                company = Company(name=draft.name)
            changed = fill_blanks(company, draft, contact)
            if elsewhere is not None:
                take_details(company, elsewhere[1])
            if draft.consent is not None:
                now = self._ctx.now()
                day = draft.consent_date or now.date()
                changed |= record_consent(company, draft.consent, day, self._ctx.actor, now)
            try:
                if created:
                    self._ctx.store.add_company(company)
                elif changed:
                    self._ctx.store.save_company(company)
            except BaseException:
                self._index = None  # it may hold what was not saved
                raise
            if self._index is not None:
                # Inside a longer transaction the data's version stays the same until its end:
                # the index, once made, is kept true by hand.
                self._index[1].add(company)
        return Found(company, created, match, elsewhere[0] if elsewhere else None)


def described(draft: CompanyDraft) -> Described:
    """What a checked draft says of its company, as the identity rules read it."""
    return Described(
        name=draft.name,
        vat=draft.vat,
        town=draft.town,
        province=draft.province,
        kind=CompanyKind.parse(draft.kind) if draft.kind else None,
    )


def company_number(text: str) -> int | None:
    """The company number written as ``51`` or ``#51``, None for anything else."""
    digits = text.strip().removeprefix("#")
    if digits.isascii() and digits.isdigit() and len(digits) < 11:
        return int(digits)
    return None


def numbered(draft: CompanyDraft) -> CompanyDraft:
    """The draft with a name that is a VAT number read as one (``-c 01114601006``)."""
    vat = _vat_digits(draft.name)
    if vat and not draft.vat.strip():
        return CompanyDraft(
            name="",
            vat=vat,
            kind=draft.kind,
            size=draft.size,
            town=draft.town,
            province=draft.province,
            ateco=draft.ateco,
            contacts=list(draft.contacts),
            consent=draft.consent,
            consent_date=draft.consent_date,
        )
    return draft


def shell_quote(text: str) -> str:
    """``'Panificio Bianchi'``, or ``"Forno d'Oro"``: quoted as a shell reads it back."""
    if "'" not in text:
        return f"'{text}'"
    escaped = "".join("\\" + c if c in '"\\$`' else c for c in text)
    return f'"{escaped}"'


def fill_blanks(company: Company, draft: CompanyDraft, contact: Contact | None = None) -> bool:
    """Copy the draft's fields into the company's empty ones, and add the draft's contacts and
    ``contact`` when the company does not know them yet; True when anything changed."""
    changed = False
    # Field by field, as an import fills tens of thousands of companies so.
    if draft.vat and not company.vat:
        company.vat = draft.vat
        changed = True
    if draft.town and not company.town:
        company.town = draft.town
        changed = True
    if draft.province and not company.province:
        company.province = draft.province
        changed = True
    if draft.ateco and not company.ateco:
        company.ateco = draft.ateco
        changed = True
    if draft.kind and company.kind is CompanyKind.OTHER:
        company.kind = CompanyKind.parse(draft.kind)
        changed = True
    if draft.size and company.size is None:
        company.size = CompanySize.parse(draft.size)
        changed = True
    for person in draft.contacts:
        if not knows_contact(company, person):
            company.contacts.append(person)
            changed = True
    if contact is not None and not contact.is_empty() and not knows_contact(company, contact):
        company.contacts.append(contact)
        changed = True
    return changed


def take_details(company: Company, known: Company) -> None:
    """Fill the new ``company``'s blanks from another desk's record of the same business
    (kind, size, sector, town, province, contacts): what this desk typed is kept."""
    if company.kind is CompanyKind.OTHER:
        company.kind = known.kind
    company.size = company.size or known.size
    company.ateco = company.ateco or known.ateco
    company.s3_area = company.s3_area or known.s3_area
    company.town = company.town or known.town
    company.province = company.province or known.province
    for person in known.contacts:
        if not knows_contact(company, person):
            company.contacts.append(replace(person))


def knows_contact(company: Company, contact: Contact) -> bool:
    """Whether the company already lists this person (same email, or same name)."""
    for known in company.contacts:
        if contact.email and known.email.lower() == contact.email.lower():
            return True
        if contact.name and fold(known.name) == fold(contact.name):
            return True
    return False


def _vat_digits(text: str) -> str:
    """The 11 digits of a VAT number written as people do (``IT 021.141.402 92``), else ""."""
    digits = text[2:] if text[:2].upper() == "IT" else text
    digits = digits.replace(" ", "").replace(".", "")
    return digits if len(digits) == 11 and digits.isascii() and digits.isdigit() else ""


def _haystack(company: Company) -> str:
    return fold(" ".join([company.name, company.vat or "", company.town, company.province]))
