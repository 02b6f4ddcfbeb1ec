"""Partners in and out of files: their JSON and CSV shape, and importing them.

An import reads the file with the ticket import's reader (:func:`read_source`: CSV with its
delimiter and encoding detected, JSON, JSON Lines) and follows its rules: every bad row is
reported with its number, field and reason, and nothing is written unless every row is valid.
A partner already on the desk (same name, case and accents ignored) is not added twice.
Columns may be named in English or Italian (``name``/``nome``, ``kind``/``tipo``…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from helpdesk.domain.models import Contact
from helpdesk.domain.partners import Partner
from helpdesk.domain.text import fold
from helpdesk.errors import HelpdeskError
from helpdesk.services.importing.record_columns import RowProblem, map_headers, require_columns
from helpdesk.services.importing.sources import plain, read_source
from helpdesk.services.partners import PartnerDraft, PartnerService

#: Columns of ``partner list --format csv``.
CSV_COLUMNS = (
    "id",
    "name",
    "kind",
    "topics",
    "competences",
    "answer_days",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
    "active",
)

#: Every field an import fills, with the headers (folded) that name it.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nome", "partner", "ente", "organizzazione", "organisation"),
    "kind": ("kind", "tipo", "tipologia", "type"),
    "topics": ("topics", "temi", "argomenti", "topic"),
    "competences": ("competences", "competenze", "skills"),
    "answer_days": ("answer days", "answer_days", "giorni risposta", "tempi di risposta"),
    "contact_name": ("contact", "contact name", "referente", "contatto"),
    "contact_email": ("email", "contact email", "e mail", "mail"),
    "contact_phone": ("phone", "contact phone", "telefono", "tel"),
    "notes": ("notes", "note"),
}


def partner_json(partner: Partner) -> dict[str, Any]:
    """A partner as ``--format json`` and ``csv`` write it (the first contact flattened)."""
    first = partner.people[0] if partner.people else Contact()
    found = {
        "id": partner.id,
        "name": partner.name,
        "kind": partner.kind.value,
        "topics": partner.topics,
        "competences": partner.competences,
        "answer_days": partner.answer_days,
        "contact_name": first.name,
        "contact_email": first.email,
        "contact_phone": first.phone,
        "people": [
            {"name": p.name, "email": p.email, "phone": p.phone, "role": p.role}
            for p in partner.people
        ],
        "notes": partner.notes,
        "active": partner.active,
    }
    # The network's marks, on a PostgreSQL desk's partners that have them.
    if partner.desk:
        found["desk"] = partner.desk
    if partner.shared:
        found["shared"] = True
    if partner.for_desk:
        found["for_desk"] = partner.for_desk
    return found


@dataclass(slots=True)
class PartnerImport:
    """What an import found and did.

    Attributes:
        added: Partners written (none on a dry run or when any row is bad).
        valid: Rows that passed every check.
        skipped: Rows naming a partner already on the desk.
        problems: Every bad row's problems.
        dry_run: Nothing was meant to be written.
    """

    added: list[Partner] = field(default_factory=list)
    valid: int = 0
    skipped: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False


def import_partners(
    service: PartnerService,
    data: bytes,
    name: str,
    *,
    dry_run: bool = False,
    fmt: str | None = None,
) -> PartnerImport:
    """Import partners from a CSV, JSON or JSON Lines file, all or nothing.

    Raises:
        InvalidValue: for a file that cannot be read, or has no name or kind column.
    """
    source = read_source(data, name, fmt=fmt)
    source.read_here()
    columns = map_headers(source.headers, HEADERS)
    require_columns(source.name, columns, HEADERS, ("name", "kind"))
    result = PartnerImport(dry_run=dry_run)
    existing = {fold(p.name) for p in service.partners()}
    seen: set[str] = set()
    drafts: list[PartnerDraft] = []
    for row in source.rows:
        if row.error:
            result.problems.append(RowProblem(row.number, "", row.error))
            continue
        cells = {f: plain(row.values[i]) if i < len(row.values) else "" for f, i in columns.items()}
        draft = _draft(cells)
        problems = _check(service, draft, cells, row.number)
        if problems:
            result.problems.extend(problems)
            continue
        key = fold(" ".join(draft.name.split()))
        if key in existing or key in seen:
            result.skipped.append(row.number)
            continue
        seen.add(key)
        drafts.append(draft)
    result.valid = len(drafts)
    if result.problems or dry_run or not drafts:
        return result
    result.added = service.add_many(drafts)
    return result


def _draft(cells: dict[str, str]) -> PartnerDraft:
    def listed(name: str) -> list[str]:
        text = cells.get(name, "")
        return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]

    contact = Contact(
        name=cells.get("contact_name", "").strip(),
        email=cells.get("contact_email", "").strip(),
        phone=cells.get("contact_phone", "").strip(),
    )
    return PartnerDraft(
        name=cells.get("name", ""),
        kind=cells.get("kind", ""),
        topics=listed("topics"),
        competences=listed("competences"),
        people=[contact],
        answer_days=cells.get("answer_days") or None,
        notes=cells.get("notes", ""),
    )


def _check(
    service: PartnerService, draft: PartnerDraft, cells: dict[str, str], number: int
) -> list[RowProblem]:
    """Every bad cell of a row, each checked on its own so that all are reported."""
    problems = []
    probes = {
        "name": PartnerDraft(draft.name, "hub"),
        "kind": PartnerDraft("probe", draft.kind),
        "topics": PartnerDraft("probe", "hub", topics=draft.topics),
        "answer_days": PartnerDraft("probe", "hub", answer_days=draft.answer_days),
    }
    for name, probe in probes.items():
        try:
            service.build(probe)
        except HelpdeskError as error:
            problems.append(RowProblem(number, name, error.message))
    return problems
