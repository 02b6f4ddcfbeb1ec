"""Grant calls in and out of files: their JSON and CSV shape, and importing them.

An import reads the file with the ticket import's reader (:func:`read_source`: CSV with its
delimiter and encoding detected, JSON, JSON Lines) and follows its rules: every row is checked,
every bad row is reported with its number, field and reason, and nothing is written unless
every row is valid. A call already on the desk (same title and deadline) is not added twice.
Columns may be named in English or Italian (``title``/``titolo``, ``closes``/``scadenza``…).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from helpdesk.domain.calls import Application, Call, euros
from helpdesk.domain.text import fold
from helpdesk.errors import HelpdeskError
from helpdesk.services.calls import CallDraft, CallService
from helpdesk.services.importing.record_columns import RowProblem, map_headers, require_columns
from helpdesk.services.importing.sources import plain, read_source

#: Columns of ``bando list --format csv``.
CSV_COLUMNS = (
    "id",
    "title",
    "funder",
    "funder_name",
    "status",
    "opens",
    "closes",
    "days_left",
    "budget",
    "max_per_company",
    "kinds",
    "sizes",
    "provinces",
    "ateco",
    "topics",
    "applications",
    "link",
    "notes",
)

#: Every field an import fills, with the headers (folded) that name it.
HEADERS: dict[str, tuple[str, ...]] = {
    "title": ("title", "titolo", "bando", "call", "nome", "name"),
    "funder": ("funder", "funder kind", "tipo ente", "ente tipo", "finanziatore tipo", "kind"),
    "funder_name": ("funder name", "ente", "finanziatore", "ente erogatore", "funder_name"),
    "link": ("link", "url", "sito", "pagina"),
    "opens": ("opens", "open", "apertura", "data apertura", "dal", "start"),
    "closes": ("closes", "deadline", "scadenza", "chiusura", "data chiusura", "al", "end"),
    "budget": ("budget", "dotazione", "dotazione finanziaria", "stanziamento"),
    "max_per_company": (
        "max per company",
        "max_per_company",
        "maximum per company",
        "contributo massimo",
        "massimo per impresa",
        "max per impresa",
    ),
    "kinds": ("kinds", "company kinds", "tipologie", "tipologia impresa", "tipi impresa"),
    "sizes": ("sizes", "company sizes", "dimensioni", "dimensione"),
    "provinces": ("provinces", "province", "provincia"),
    "ateco": ("ateco", "ateco prefixes", "codici ateco", "codice ateco"),
    "topics": ("topics", "temi", "argomenti"),
    "notes": ("notes", "note"),
}

_LISTS = frozenset({"kinds", "sizes", "provinces", "ateco", "topics"})


def call_json(call: Call, now: Any, tz: tzinfo) -> dict[str, Any]:
    """A call as ``bando list --format json`` writes it: euro amounts as numbers."""
    rules = call.eligibility
    return {
        "id": call.id,
        "title": call.title,
        "funder": call.funder.value,
        "funder_name": call.funder_name,
        "status": call.status(now).value,
        "opens": call.opens.astimezone(tz).isoformat(),
        "closes": call.closes.astimezone(tz).isoformat(),
        "days_left": call.days_left(now) if now <= call.closes else None,
        "budget": _number(call.budget),
        "max_per_company": _number(call.max_per_company),
        "kinds": [k.value for k in rules.kinds],
        "sizes": [s.value for s in rules.sizes],
        "provinces": list(rules.provinces),
        "ateco": list(rules.ateco),
        "topics": list(rules.topics),
        "applications": len(call.applications),
        "link": call.link,
        "notes": call.notes,
        "ranked": call.ranked.isoformat() if call.ranked else None,
    }


def application_json(call: Call, application: Application) -> dict[str, Any]:
    """An application with its steps, for JSON output."""
    return {
        "call": call.id,
        "ref": application.ref,
        "company": application.company_id,
        "stage": application.stage.value,
        "amount": _number(application.amount),
        "steps": [
            {
                "stage": s.stage.value,
                "at": s.at.isoformat(),
                "who": s.who,
                "amount": _number(s.amount),
            }
            for s in application.steps
        ],
    }


def _number(cents: int | None) -> float | int | None:
    value = euros(cents)
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(slots=True)
class CallImport:
    """What an import found and did.

    Attributes:
        added: Calls written (none on a dry run or when any row is bad).
        valid: Rows that passed every check.
        skipped: Rows naming a call already on the desk (same title and deadline).
        problems: Every bad row's problems.
        dry_run: Nothing was meant to be written.
    """

    added: list[Call] = field(default_factory=list)
    valid: int = 0
    skipped: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False


def import_calls(
    service: CallService,
    data: bytes,
    name: str,
    *,
    dry_run: bool = False,
    fmt: str | None = None,
) -> CallImport:
    """Import calls from a CSV, JSON or JSON Lines file, all or nothing.

    Raises:
        InvalidValue: for a file that cannot be read, or has no title or deadline column.
    """
    source = read_source(data, name, fmt=fmt)
    source.read_here()
    columns = map_headers(source.headers, HEADERS)
    require_columns(source.name, columns, HEADERS, ("title", "funder", "opens", "closes"))
    result = CallImport(dry_run=dry_run)
    existing = {(fold(c.title), c.closes) for c in service.calls()}
    seen: set[tuple[str, Any]] = set()
    drafts: list[CallDraft] = []
    for row in source.rows:
        if row.error:
            result.problems.append(RowProblem(row.number, "", row.error))
            continue
        cells = {f: plain(row.values[i]) if i < len(row.values) else "" for f, i in columns.items()}
        draft, problems = _draft(cells, row.number, service.build)
        if problems:
            result.problems.extend(problems)
            continue
        assert draft is not None
        call = service.build(draft)
        key = (fold(call.title), call.closes)
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


def _draft(
    cells: dict[str, str], number: int, build: Callable[[CallDraft], Call]
) -> tuple[CallDraft | None, list[RowProblem]]:
    def listed(name: str) -> list[str]:
        text = cells.get(name, "")
        return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]

    draft = CallDraft(
        title=cells.get("title", ""),
        funder=cells.get("funder", "") or "other",
        opens=cells.get("opens", ""),
        closes=cells.get("closes", ""),
        funder_name=cells.get("funder_name", ""),
        link=cells.get("link", ""),
        budget=cells.get("budget") or None,
        max_per_company=cells.get("max_per_company") or None,
        kinds=listed("kinds"),
        sizes=listed("sizes"),
        provinces=listed("provinces"),
        ateco=listed("ateco"),
        topics=listed("topics"),
        notes=cells.get("notes", ""),
    )
    problems = []
    # Each field is checked on its own so that every bad cell of the row is reported.
    for name in cells:
        probe = _probe(draft, name)
        try:
            build(probe)
        except HelpdeskError as error:
            problems.append(RowProblem(number, name, error.message))
    if not problems:
        try:
            build(draft)
        except HelpdeskError as error:
            problems.append(RowProblem(number, "", error.message))
    return (None if problems else draft), problems


#: A draft that passes every check, into which one field at a time is put to test it alone.
_GOOD = CallDraft(
    title="probe",
    funder="other",
    opens=datetime(1970, 1, 2, tzinfo=UTC),
    closes=datetime(9999, 12, 30, tzinfo=UTC),
)


def _probe(draft: CallDraft, name: str) -> CallDraft:
    probe = CallDraft(_GOOD.title, _GOOD.funder, _GOOD.opens, _GOOD.closes)
    setattr(probe, name, getattr(draft, name))
    if name == "closes":
        probe.opens = datetime(1, 1, 2, tzinfo=UTC)
    return probe
