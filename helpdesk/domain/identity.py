"""When two descriptions of a business are the same company: the desk's identity rules.

One module, used by ``add``, the TUI form and every import, so that a company is found the
same way wherever it is named:

1. A VAT number identifies a company. A row with a VAT number matches the company with that
   number ("matched by VAT") and no other; when no company has it, the row is a new company,
   even if a company of the same name exists: two companies with one name and two VAT numbers
   are two companies, always.
2. A row without a VAT number matches by name (case, accents, punctuation and the legal form
   ignored: :func:`~helpdesk.domain.text.company_key`), and only where the places agree: the
   same town or the same province, when both sides name one; a row or company that names no
   place does not contradict one that does. Companies without a VAT number are its matches;
   only when there is none may it match one that has a VAT number (people type a name, not a
   VAT number, and a row without one does not contradict it). Several fitting companies (and
   not exactly one of them in the row's own town or province) make the row ambiguous: it is
   refused, never guessed.
3. A name that is only a number (``51``, ``#51``) never makes a new company: ``add -c 51`` is
   company number 51, and a number that is no company's is refused.

A match whose row says something else of the company (another name for a VAT match, another
town, province or kind) is reported as a disagreement, field by field: the company is never
changed behind the adviser's back, and a strict import refuses the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from helpdesk.domain.enums import CompanyKind
from helpdesk.domain.models import Company
from helpdesk.domain.text import company_key, fold
from helpdesk.i18n import N_, _


class MatchedBy(StrEnum):
    """How a row was found to be an existing company."""

    VAT = "VAT"
    NAME = "name"
    #: Named by its number (``add -c 12``), not matched: no rule was needed.
    NUMBER = "number"

    @property
    def label_text(self) -> str:
        """The rule as people read it, in the current language ("P. IVA" for VAT in Italian)."""
        return _(_MATCHED_BY_LABELS[self])


#: How each rule reads, marked for translation; ``MatchedBy.label_text`` translates it.
_MATCHED_BY_LABELS: dict[MatchedBy, str] = {
    MatchedBy.VAT: N_("VAT"),
    MatchedBy.NAME: N_("name"),
    MatchedBy.NUMBER: N_("number"),
}


@dataclass(slots=True, frozen=True)
class Disagreement:
    """A field the row gives differently from the company it matched."""

    field: str
    row: str
    company: str

    def __str__(self) -> str:
        return f"{self.field} {self.row!r} (the company has {self.company!r})"


@dataclass(slots=True)
class Match:
    """A row found to be an existing company, how, and where they differ."""

    company: Company
    by: MatchedBy
    disagreements: list[Disagreement] = field(default_factory=list)

    def describe(self) -> str:
        """``matched by VAT: Forno d'Oro (#2)``."""
        return f"matched by {self.by.value}: {self.company.name} (#{self.company.id})"


@dataclass(slots=True)
class Described:
    """What a row or a form says of a company; empty strings when it does not say."""

    name: str = ""
    vat: str = ""
    town: str = ""
    province: str = ""
    kind: CompanyKind | None = None


class Ambiguous(Exception):
    """A name without a VAT number that fits several companies."""

    def __init__(self, name: str, companies: list[Company]) -> None:
        self.companies = companies
        listed = "; ".join(f"#{c.id} {c.name} ({place_of(c) or 'no place'})" for c in companies)
        super().__init__(
            f"{len(companies)} companies are named {name!r}: {listed}. "
            "Give the VAT number, the town or the province, or the company's number."
        )


def can_be_name(text: str) -> bool:
    """Whether ``text`` can name a new company: something more than digits and the marks that
    go with numbers (``51``, ``#51``, ``1.200``, ``- 3``), and not blank."""
    return any(not (c.isdigit() or c.isspace() or c in "#.,-+") for c in text)


def place_of(company: Company) -> str:
    """``Como (CO)``, ``CO``, ``Como`` or ""."""
    if company.town and company.province:
        return f"{company.town} ({company.province})"
    return company.town or company.province


def same_place(row: Described, company: Company) -> bool:
    """Whether the row and the company name the same town or the same province."""
    if row.town and company.town and fold(row.town) == fold(company.town):
        return True
    return bool(row.province and company.province and row.province == company.province)


def places_agree(row: Described, company: Company) -> bool:
    """Rule 2's place test: the same town or province, or nothing to compare (one side names
    no place, or they name different things: a town here, a province there)."""
    comparable = (row.town and company.town) or (row.province and company.province)
    return not comparable or same_place(row, company)


def disagreements(row: Described, company: Company) -> list[Disagreement]:
    """The fields the row gives and the company holds differently."""
    found = []
    if row.name and company.name and company_key(row.name) != company_key(company.name):
        found.append(Disagreement("name", row.name, company.name))
    if row.town and company.town and fold(row.town) != fold(company.town):
        found.append(Disagreement("town", row.town, company.town))
    if row.province and company.province and row.province != company.province:
        found.append(Disagreement("province", row.province, company.province))
    if (
        row.kind is not None
        and row.kind is not CompanyKind.OTHER
        and company.kind is not CompanyKind.OTHER
        and row.kind is not company.kind
    ):
        found.append(Disagreement("kind", row.kind.value, company.kind.value))
    return found


class CompanyIndex:
    """The companies of a desk, indexed to apply the identity rules quickly."""

    def __init__(self, companies: Iterable[Company] = ()) -> None:
        self._by_vat: dict[str, Company] = {}
        self._by_key: dict[str, list[Company]] = {}
        for company in companies:
            self.add(company)

    def add(self, company: Company) -> None:
        """Index a company (a new one, or one whose VAT number was just filled in)."""
        if company.vat:
            self._by_vat.setdefault(company.vat, company)
        same = self._by_key.setdefault(company_key(company.name), [])
        if not any(c is company for c in same):
            same.append(company)

    def by_vat(self, vat: str) -> Company | None:
        """The company with this VAT number."""
        return self._by_vat.get(vat)

    def named(self, name: str) -> list[Company]:
        """The companies whose name has the same key as ``name``."""
        return list(self._by_key.get(company_key(name), ()))

    def match(self, row: Described) -> Match | None:
        """The company the row describes under the identity rules, None for a new one.

        Raises:
            Ambiguous: when a name without a VAT number fits several companies.
        """
        if row.vat:
            company = self._by_vat.get(row.vat)
            if company is None:
                return None
            return Match(company, MatchedBy.VAT, disagreements(row, company))
        if not row.name:
            return None
        fitting = [c for c in self._by_key.get(company_key(row.name), ()) if places_agree(row, c)]
        if not fitting:
            return None
        without_vat = [c for c in fitting if not c.vat]
        fitting = without_vat or fitting
        if len(fitting) > 1:
            # Where the row names a place, a company known to be there wins over ones whose
            # place is not known.
            there = [c for c in fitting if same_place(row, c)]
            if len(there) != 1:
                raise Ambiguous(row.name, fitting)
            fitting = there
        company = fitting[0]
        return Match(company, MatchedBy.NAME, disagreements(row, company))


# -- likely duplicates ----------------------------------------------------------------------

#: How alike two names' keys must be (difflib's ratio) to be "near-identical".
NEAR_IDENTICAL = 0.85


@dataclass(slots=True, frozen=True)
class LikelyDuplicate:
    """Two companies that may be one, and why."""

    first: Company
    second: Company
    reason: str


def likely_duplicates(companies: Iterable[Company]) -> list[LikelyDuplicate]:
    """Pairs of companies that may be one: the same VAT number twice, near-identical names
    where the places agree, or a contact's email or phone number in both.

    Each pair is given once, with every reason joined, lower numbers first.
    """
    from difflib import SequenceMatcher

    known = sorted(companies, key=lambda c: c.id)
    reasons: dict[tuple[int, int], list[str]] = {}
    by_id = {c.id: c for c in known}

    def note(a: Company, b: Company, reason: str) -> None:
        pair = (min(a.id, b.id), max(a.id, b.id))
        found = reasons.setdefault(pair, [])
        if reason not in found:
            found.append(reason)

    def pairs_in(groups: dict[str, list[Company]], reason: str) -> None:
        for value, group in groups.items():
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    if a.id != b.id:
                        note(a, b, reason.format(value=value))

    by_vat: dict[str, list[Company]] = {}
    by_email: dict[str, list[Company]] = {}
    by_phone: dict[str, list[Company]] = {}
    by_place: dict[str, list[Company]] = {}
    for company in known:
        if company.vat:
            by_vat.setdefault(company.vat, []).append(company)
        for contact in company.contacts:
            if contact.email:
                by_email.setdefault(contact.email.lower(), []).append(company)
            digits = "".join(c for c in contact.phone if c.isdigit())
            if len(digits) >= 6:
                by_phone.setdefault(digits, []).append(company)
        by_place.setdefault(fold(company.town) or company.province, []).append(company)
    pairs_in(by_vat, "same VAT number {value}")
    pairs_in(by_email, "same email {value}")
    pairs_in(by_phone, "same phone {value}")
    for group in by_place.values():
        keyed = [(company_key(c.name), c) for c in group]
        for i, (key_a, a) in enumerate(keyed):
            for key_b, b in keyed[i + 1 :]:
                if a.vat and b.vat and a.vat != b.vat:
                    continue  # two VAT numbers: two companies, always
                if key_a == key_b or SequenceMatcher(None, key_a, key_b).ratio() >= NEAR_IDENTICAL:
                    where = place_of(a) or "no place"
                    note(a, b, f"near-identical names in {where}")
    return [
        LikelyDuplicate(by_id[a], by_id[b], "; ".join(why))
        for (a, b), why in sorted(reasons.items())
    ]
