"""Importing tickets from CSV, JSON and JSON Lines: every row checked, one write, nothing twice.

This module is the use case and its rules; it reads files with
:mod:`~helpdesk.services.importing.sources`, maps headers with
:mod:`~helpdesk.services.importing.columns` and checks rows with
:mod:`~helpdesk.services.importing.checks`. What users
see (formats, columns, row numbers, duplicates) is documented in the README's "Import and
export"; the export's own schema in ``docs/export-schema.md``.

The rules kept here: nothing is written until every row is checked, and by default one bad row
refuses the whole import (``skip_invalid`` imports the good ones); a real import takes a backup
and writes once, in one transaction, matching companies (by the identity rules of
:mod:`helpdesk.domain.identity`) and duplicates (by ``uid``, ``external_id``, else company,
creation time and text) against the data as it is under the lock. An export's own companies,
and a JSON Lines file's companies by their number in the export, are matched against this
database only, never against each other. Imported tickets are built by the same rules as a
ticket logged by hand, each with one ``imported`` history entry; a helpdesk export's tickets
keep their history exactly.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

import orjson

from helpdesk.domain.calls import Call
from helpdesk.domain.enums import CompanyKind
from helpdesk.domain.identity import Ambiguous, CompanyIndex, Described, MatchedBy, can_be_name
from helpdesk.domain.models import Adviser, Company, Contact, Topic
from helpdesk.domain.privacy import record_consent
from helpdesk.domain.webinars import Webinar
from helpdesk.errors import InvalidValue
from helpdesk.i18n import N_, _, ngettext
from helpdesk.memory import collector_paused, keep_until_exit
from helpdesk.services.companies import CompanyDraft, described, fill_blanks
from helpdesk.services.context import Context
from helpdesk.services.csv_cells import CsvWriter
from helpdesk.services.directory import DirectoryService
from helpdesk.services.importing.checked_rows import check_rows
from helpdesk.services.importing.checks import (
    Candidate,
    Problem,
    RowChecker,
    row_words,
    text_key,
)
from helpdesk.services.importing.columns import (
    ColumnMap,
    map_columns,
)
from helpdesk.services.importing.document import Document, read_document
from helpdesk.services.importing.network import (
    NetworkPlan,
    apply_network,
    new_referrals,
    plan_network,
)
from helpdesk.services.importing.renumbering import (
    new_calls,
    new_ref,
    rewired_call,
    rewired_webinar,
)
from helpdesk.services.importing.sources import (
    Source,
    SourceRow,
    plain,
)

Progress = Callable[[str, int, int], None]


@dataclass(slots=True)
class ImportReport:
    """What an import did, or would do (a dry run), or refused to do.

    Attributes:
        source: The file's name.
        read: Data rows read (blank rows are not counted).
        created: Tickets created (on a dry run: that would be).
        updated: Existing companies completed with details from the file.
        duplicates: Rows skipped because their ticket is already there.
        rejected: Rows with problems.
        companies_created: New companies.
        advisers_added: Advisers added from a helpdesk export.
        topics_added: Topics added from a helpdesk export.
        webinars_added: Webinars added from a helpdesk export.
        calls_added: Grant calls added from a helpdesk export, with their applications.
        network_added: Programmes, partners and referrals added, by what they are.
        problems: Every problem, in row order.
        warnings: Columns ignored, links dropped, rows that disagree with their company.
        matches: Every automatic company match: ``row 3: matched by VAT: Forno d'Oro (#2)``.
        columns: Each column of a tabular file that gives a field: its header, the field and
            how it was chosen (``given``, ``header``, ``meaning``).
        ignored_columns: The headers of the columns that give no field.
        dry_run: Nothing was to be written.
        skip_invalid: Valid rows were to be imported even if others were not.
        refused: Problems stopped the import (without ``skip_invalid``).
        written: The database was written.
        backup: Where the database was copied before writing, if it existed.
        rejected_rows: The rows with problems, for a rejects file.
    """

    source: str
    read: int = 0
    created: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: int = 0
    companies_created: int = 0
    advisers_added: int = 0
    topics_added: int = 0
    webinars_added: int = 0
    calls_added: int = 0
    network_added: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    columns: list[tuple[str, str, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    matched_by_vat: int = 0
    matched_by_name: int = 0
    dry_run: bool = False
    skip_invalid: bool = False
    refused: bool = False
    written: bool = False
    backup: str | None = None
    rejected_rows: list[SourceRow] = field(default_factory=list)

    def summary(self) -> str:
        """``read 120 · created 112 · updated 0 · duplicates 6 · rejected 2`` and extras."""
        parts = [
            _("read {count}").format(count=self.read),
            _("created {count}").format(count=self.created),
            _("updated {count}").format(count=self.updated),
            _("duplicates {count}").format(count=self.duplicates),
            _("rejected {count}").format(count=self.rejected),
        ]
        extras = [
            (self.companies_created, _("new companies {count}")),
            (self.matched_by_vat, _("matched by VAT {count}")),
            (self.matched_by_name, _("matched by name {count}")),
            (self.advisers_added, _("new advisers {count}")),
            (self.topics_added, _("new topics {count}")),
            (self.webinars_added, _("new webinars {count}")),
            (self.calls_added, _("new calls {count}")),
        ]
        parts += [text.format(count=count) for count, text in extras if count]
        parts += [
            _("new {what} {count}").format(what=_(NETWORK_PARTS.get(what, what)), count=n)
            for what, n in self.network_added.items()
            if n
        ]
        return " · ".join(parts)

    def column_lines(self) -> list[str]:
        """How the file's columns were read, a line each, for a dry run to show: the field
        each gives, how it was chosen when not by a known header, and those ignored."""
        if not self.columns and not self.ignored_columns:
            return []
        how = {"given": _("given with --map"), "meaning": _("by meaning")}
        lines = [_("columns:")]
        for column, name, chosen in self.columns:
            line = f"  {column!r} → {name}"
            lines.append(f"{line} ({how[chosen]})" if chosen in how else line)
        lines += [_("  {column!r} ignored").format(column=c) for c in self.ignored_columns]
        return lines

    def as_json(self) -> dict[str, Any]:
        """The report for scripts."""
        return {
            "source": self.source,
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "companies_created": self.companies_created,
            "advisers_added": self.advisers_added,
            "topics_added": self.topics_added,
            "webinars_added": self.webinars_added,
            "calls_added": self.calls_added,
            **{f"{what}_added": n for what, n in self.network_added.items()},
            "dry_run": self.dry_run,
            "refused": self.refused,
            "written": self.written,
            "backup": self.backup,
            "warnings": list(self.warnings),
            "matches": list(self.matches),
            "columns": [
                {"column": column, "field": name, "by": how} for column, name, how in self.columns
            ],
            "ignored_columns": list(self.ignored_columns),
            "matched_by_vat": self.matched_by_vat,
            "matched_by_name": self.matched_by_name,
            "problems": [p.as_json() for p in self.problems],
        }


def rejects_file(report: ImportReport, source: Source) -> bytes:
    """The rejected rows, to fix and import again, each with an ``error`` column.

    Tabular sources give CSV in the file's own dialect (delimiter, BOM, line ending) with the
    original columns; helpdesk ticket records give JSON Lines, each record with an ``error`` key.
    """
    problems: dict[int, list[str]] = {}
    for problem in report.problems:
        text = problem.reason if problem.column is None else f"{problem.column}: {problem.reason}"
        problems.setdefault(problem.row, []).append(text)
    if source.records:
        lines = []
        for row in report.rejected_rows:
            error = "; ".join(problems.get(row.number, []))
            record = row.record if isinstance(row.record, dict) else {"record": row.record}
            lines.append(orjson.dumps({**record, "error": error}))
        return b"".join(line + b"\n" for line in lines)
    out = io.StringIO()
    writer = CsvWriter(out, delimiter=source.delimiter, lineterminator=source.newline)
    writer.writerow([*source.headers, "error"])
    for row in report.rejected_rows:
        cells = [plain(v) for v in row.values] if row.values else [plain(row.record)]
        cells += [""] * (len(source.headers) - len(cells))
        cells.append("; ".join(problems.get(row.number, [])))
        writer.writerow(cells)
    prefix = "\ufeff" if source.bom else ""
    return (prefix + out.getvalue()).encode("utf-8")


#: Rows from which a written import lets its rows and candidates go before the save, so that
#: their memory does not add to the save's peak. Below it they weigh little, and freeing them
#: one object at a time costs time that a command otherwise spends after its answer, or never.
RELEASE_ROWS_FROM = 50_000


@dataclass(slots=True)
class _Plan:
    """What the import will write."""

    tickets: list[tuple[Candidate, Company | None]] = field(default_factory=list)
    new_companies: list[Company] = field(default_factory=list)
    updated_companies: dict[int, Company] = field(default_factory=dict)
    advisers: list[Adviser] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    webinars: list[Webinar] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    network: NetworkPlan = field(default_factory=NetworkPlan)
    company_map: dict[int, Company] = field(default_factory=dict)
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)
    rejected: list[SourceRow] = field(default_factory=list)
    matches: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    by_vat: int = 0
    by_name: int = 0
    origins: dict[int, str] = field(default_factory=dict)
    uid_refs: dict[str, int] = field(default_factory=dict)
    old_uids: dict[int, str] = field(default_factory=dict)

    def writes_anything(self) -> bool:
        """Whether applying the plan changes the database at all."""
        return bool(
            self.tickets
            or self.new_companies
            or self.updated_companies
            or self.advisers
            or self.topics
            or self.webinars
            or self.calls
            or self.settings
            or self.network.writes_anything()
        )


class _Abort(Exception):
    """Leaves the import's transaction without writing."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("import aborted")
        self.report = report


@dataclass(slots=True)
class ImportOptions:
    """How to run an import.

    Attributes:
        mapping: Source header → field overrides (see :func:`parse_mapping`).
        skip_invalid: Import the valid rows when some are not (default: all or nothing).
        dry_run: Check and plan only; write nothing.
        strict: A row that disagrees with the company it matched is a problem, not a warning.
    """

    mapping: Mapping[str, str] = field(default_factory=dict)
    skip_invalid: bool = False
    dry_run: bool = False
    strict: bool = False


class ImportService:
    """Imports files of tickets (see the module's documentation for the rules)."""

    def __init__(self, ctx: Context, directory: DirectoryService) -> None:
        self._ctx = ctx
        self._directory = directory

    def run(
        self,
        source: Source,
        options: ImportOptions | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Check every row of ``source``, then import it in one write, or report why not.

        Args:
            source: The rows, from :func:`read_source`.
            options: Mapping, all-or-nothing or not, dry run.
            progress: Called as ``progress(stage, done, total)`` while rows are checked
                (stage ``"checking"``) and once before writing (stage ``"writing"``).

        Returns:
            The report: counts, every problem, warnings; ``refused`` when problems stopped it.
            Once an import of :data:`RELEASE_ROWS_FROM` rows or more is written, the
            source's rows are let go (``source.rows`` is emptied): the report keeps the
            rejected ones, all :func:`rejects_file` needs.

        Raises:
            InvalidValue: for a file that cannot be imported at all: a mapping naming a missing
                column, or no column giving a subject or description.
        """
        options = options or ImportOptions()
        report = ImportReport(
            source.name, dry_run=options.dry_run, skip_invalid=options.skip_invalid
        )
        checker = RowChecker(self._ctx, self._directory, source)
        document = Document()
        if source.records:
            if source.document is not None:
                document = read_document(source, report.warnings.append)
                checker.doc_companies = document.companies
                checker.topic_keys |= {t.key for t in document.topics}
                checker.adviser_keys |= {a.key for a in document.advisers}
                checker.programmes |= {p.key: p for p in document.programmes}
            check = checker.check_record
        else:
            checker.columns = self._columns(source, options.mapping, report)
            check = checker.check_row

        candidates: list[Candidate] = []
        rejected: list[SourceRow] = []
        keep_until_exit(source, checker, candidates, rejected)
        with collector_paused():
            checked = check_rows(
                check,
                source,
                None if progress is None else lambda done, total: progress("checking", done, total),
            )
            total = report.read = len(source.rows)
            for row, (candidate, problems) in zip(source.rows, checked, strict=True):
                if candidate is None:
                    report.problems.extend(problems)
                    rejected.append(row)
                else:
                    candidates.append(candidate)
                    report.warnings.extend(candidate.warnings)
            del checked
        if progress is not None:
            progress("checking", total, total)

        def plan() -> _Plan:
            return self._plan(source, checker, candidates, document, options.strict)

        if options.dry_run or (rejected and not options.skip_invalid):
            # Read-only: the plan is made on the data as it is, outside any lock.
            self._fill(report, plan(), rejected, source)
            if report.refused and not options.dry_run:
                _nothing_done(report)
            return report

        if progress is not None:
            progress("writing", 0, 1)
        try:
            with self._ctx.store.transaction():
                outcome = plan()
                self._fill(report, outcome, rejected, source)
                if report.refused:
                    _nothing_done(report)
                    raise _Abort(report)
                if not outcome.writes_anything():
                    raise _Abort(report)
                report.backup = self._ctx.store.backup("before-import")
                with collector_paused():
                    self._apply(outcome, report)
                report.written = True
                if total >= RELEASE_ROWS_FROM:
                    # The store's tables hold what was planned: the candidates and the rows
                    # can go before the save, which needs the memory for the file's bytes.
                    candidates.clear()
                    del outcome
                    source.rows.clear()
                    source.read_elsewhere = None
                else:
                    keep_until_exit(outcome)
        except _Abort as abort:
            return abort.report
        if progress is not None:
            progress("writing", 1, 1)
        return report

    # -- internals ----------------------------------------------------------------------------

    def _columns(
        self, source: Source, mapping: Mapping[str, str], report: ImportReport
    ) -> ColumnMap:
        columns = map_columns(source.headers, mapping)
        if "subject" not in columns.fields and "description" not in columns.fields:
            shown = ", ".join(repr(h) for h in source.headers if h) or _("none")
            raise InvalidValue(
                _(
                    "{file} has no subject or description column (its columns: {columns}); "
                    "name one with --map COLUMN=subject."
                ).format(file=source.name, columns=shown)
            )
        report.columns, report.ignored_columns = list(columns.chosen), list(columns.ignored)
        if columns.ignored:
            names = ", ".join(repr(h) for h in columns.ignored)
            report.warnings.append(
                ngettext(
                    "ignored column {names}: not a known field (map with --map COLUMN=FIELD).",
                    "ignored columns {names}: not a known field (map with --map COLUMN=FIELD).",
                    len(columns.ignored),
                ).format(names=names)
            )
        report.warnings.extend(columns.notes)
        return columns

    def _plan(
        self,
        source: Source,
        checker: RowChecker,
        candidates: list[Candidate],
        document: Document,
        strict: bool = False,
    ) -> _Plan:
        """Match companies and duplicates against the store as it is now; change nothing.

        Companies are matched by the identity rules (:mod:`helpdesk.domain.identity`); every
        match is listed, and a row that disagrees with its company is a warning (a problem
        when ``strict``)."""
        store = self._ctx.store
        plan = _Plan()
        with collector_paused():
            companies = store.companies()
            existing = store.tickets(partial=True)
        known = CompanyIndex(companies)
        # JSON Lines from an export name each ticket's company by its number there: lines of one
        # number are one company, and lines of two numbers never match each other, only this
        # database's companies (as an export's own companies are matched).
        in_database = CompanyIndex(companies)
        line_map: dict[int, Company] = {}
        now = self._ctx.now()
        uids = plan.uid_refs
        external: set[str] = set()
        # Texts are compared only for a row with neither uid nor external id: when every row
        # has one, no text is worked out at all (a file exported by a desk has uids).
        by_text = any(not c.keyed and not c.ticket.external_id for c in candidates)
        dated: set[tuple[int | None, datetime, str]] = set()
        undated: set[tuple[int | None, str]] = set()
        for ticket in existing:
            uids[ticket.uid] = ticket.ref
            if ticket.external_id:
                external.add(ticket.external_id)
            if by_text:
                text = text_key(ticket.subject, ticket.description)
                dated.add((ticket.company_id, ticket.created, text))
                undated.add((ticket.company_id, text))

        def find(
            row: Described, where: str, rows: bool = True, index: CompanyIndex | None = None
        ) -> Company | Problem | None:
            """The company the row names (the match listed), None for a new one, or the
            row's problem (ambiguous, or disagreeing when strict and ``rows``: an export's
            own companies are matched and warned about, never refused). ``index`` is where
            to look, by default every company known so far."""
            try:
                match = (known if index is None else index).match(row)
            except Ambiguous as error:
                return Problem(source.unit, 0, 0, None, str(error))
            if match is None:
                return None
            company = match.company
            said = (
                f"{company.name} (#{company.id})"
                if company.id > 0
                else _("{company} (new, from {origin})").format(
                    company=company.name, origin=_origin(plan, company)
                )
            )
            by = match.by.label_text
            plan.matches.append(
                _("{where}: matched by {by}: {company}").format(where=where, by=by, company=said)
            )
            if match.by is MatchedBy.VAT:
                plan.by_vat += 1
            else:
                plan.by_name += 1
            if match.disagreements:
                said_differently = "; ".join(
                    _("the row says {field} {row!r}, the company {company!r}").format(
                        field=d.field, row=d.row, company=d.company
                    )
                    for d in match.disagreements
                )
                text = _("matched {company} by {by}, but {differences}").format(
                    company=said, by=by, differences=said_differently
                )
                if strict and rows:
                    return Problem(source.unit, 0, 0, None, text + " (--strict).")
                plan.warnings.append(f"{where} {text}.")
            return company

        def create(company: Company, origin: str, indexed: bool = True) -> Company:
            company.id = -(len(plan.new_companies) + 1)  # a stand-in until the store numbers it
            plan.new_companies.append(company)
            plan.origins[company.id] = origin
            if indexed:
                known.add(company)
            return company

        def complete(company: Company, draft: CompanyDraft, contact: Contact | None) -> None:
            changed = fill_blanks(company, draft, contact)
            if draft.consent is not None:
                day = draft.consent_date or now.date()
                changed |= record_consent(company, draft.consent, day, self._ctx.actor, now)
            if changed and company.id > 0:
                plan.updated_companies[company.id] = company
            if company.vat:
                known.add(company)

        doc_map = plan.company_map
        plan.network = plan_network(store, document, list(checker.line_programmes.values()))
        if source.document is not None:
            known_advisers = {a.key for a in store.advisers()}
            known_topics = {t.key for t in store.topics()}
            known_webinars = {(w.title, w.start) for w in store.webinars()}
            plan.advisers = [a for a in document.advisers if a.key not in known_advisers]
            plan.topics = [t for t in document.topics if t.key not in known_topics]
            plan.webinars = [
                w for w in document.webinars if (w.title, w.start) not in known_webinars
            ]
            plan.calls = new_calls(store.calls(), document.calls)
            plan.settings = {
                k: v for k, v in document.settings.items() if store.desk_setting(k) is None
            }
            # An export's companies are one desk's: each is a company of its own, matched
            # against this database's companies only, never against each other.
            for old_id, exported in document.companies.items():
                where = _("company {number} of the export").format(number=old_id)
                found = find(_described(exported), where, rows=False)
                if isinstance(found, Problem):
                    plan.warnings.append(
                        _("{where}: {reason} It is imported as a new one.").format(
                            where=where, reason=found.reason
                        )
                    )
                    found = None
                if found is None:
                    copy = dataclasses.replace(exported, contacts=list(exported.contacts))
                    doc_map[old_id] = create(copy, where, indexed=False)
                else:
                    complete(found, _draft_of(exported), None)
                    doc_map[old_id] = found

        for candidate in candidates:
            ticket = candidate.ticket
            uid, external_id = ticket.uid, ticket.external_id
            wanted = candidate.company
            if candidate.old_ref is not None:
                plan.old_uids[candidate.old_ref] = uid
            company: Company | None = None
            line_id = candidate.line_company
            reported: tuple[int, int, int, int] | None = None
            if candidate.export_company is not None:
                company = doc_map[candidate.export_company]
            elif line_id is not None and line_id in line_map:
                company = line_map[line_id]
            elif wanted is not None:
                # What a duplicate row reported is taken back: it matched nothing new.
                reported = (len(plan.matches), len(plan.warnings), plan.by_vat, plan.by_name)
                row = candidate.row
                where = row_words(source.unit, row.number)
                found = find(
                    _described(wanted), where, index=None if line_id is None else in_database
                )
                column = checker.columns.header("company") if checker.columns else "company_name"
                reason = ""
                if isinstance(found, Problem):
                    reason = found.reason
                elif found is None and not wanted.name:
                    column = checker.columns.header("vat") if checker.columns else "company_vat"
                    reason = _(
                        "No company has VAT number {vat}; give its name to create it."
                    ).format(vat=wanted.vat)
                elif found is None and not can_be_name(wanted.name):
                    reason = _("{name!r} cannot be a company's name: it is a number.").format(
                        name=wanted.name
                    )
                if reason:
                    plan.problems.append(Problem(source.unit, row.number, row.line, column, reason))
                    plan.rejected.append(row)
                    continue
                company = found if isinstance(found, Company) else None
                if line_id is not None and company is not None:
                    line_map[line_id] = company
            token = company.id if company is not None else None
            text = candidate.text if by_text else ""
            if candidate.keyed or external_id:
                duplicate = (candidate.keyed and uid in uids) or (
                    bool(external_id) and external_id in external
                )
            elif candidate.dated:
                duplicate = (token, candidate.created, text) in dated
            else:
                duplicate = (token, text) in undated
            if duplicate:
                plan.duplicates += 1
                if reported is not None:
                    del plan.matches[reported[0] :], plan.warnings[reported[1] :]
                    plan.by_vat, plan.by_name = reported[2:]
                continue
            if wanted is not None and company is None:
                origin = row_words(source.unit, candidate.row.number)
                indexed = line_id is None
                if isinstance(wanted, Company):
                    company = create(dataclasses.replace(wanted, id=0), origin, indexed)
                else:
                    company = create(Company(name=wanted.name), origin, indexed)
                if line_id is not None:
                    line_map[line_id] = company
                token = company.id
            if isinstance(wanted, CompanyDraft) and company is not None:
                complete(company, wanted, ticket.contact)
            elif isinstance(wanted, Company) and company is not None:
                complete(company, _draft_of(wanted), None)
            uids[uid] = 0
            if external_id:
                external.add(external_id)
            if by_text:
                dated.add((token, candidate.created, text))
                undated.add((token, text))
            plan.tickets.append((candidate, company))
        plan.network.referrals_to_add = new_referrals(plan.network, store, uids, plan.old_uids)
        return plan

    @staticmethod
    def _fill(report: ImportReport, plan: _Plan, rejected: list[SourceRow], source: Source) -> None:
        report.problems.extend(plan.problems)
        report.matches = plan.matches
        report.warnings.extend(plan.warnings)
        report.matched_by_vat = plan.by_vat
        report.matched_by_name = plan.by_name
        report.problems.sort(key=lambda p: p.row)
        rows = sorted([*rejected, *plan.rejected], key=lambda r: r.number)
        source.cells_of(rows)  # those read by the other process come back without their cells
        report.rejected_rows = rows
        report.rejected = len(rows)
        report.duplicates = plan.duplicates
        report.created = len(plan.tickets)
        report.updated = len(plan.updated_companies)
        report.companies_created = len(plan.new_companies)
        report.advisers_added = len(plan.advisers)
        report.topics_added = len(plan.topics)
        report.webinars_added = len(plan.webinars)
        report.calls_added = len(plan.calls)
        network = plan.network
        report.network_added = {
            "programmes": len(network.programmes),
            "partners": len(network.partners),
            "referrals": network.referrals_to_add,
        }
        report.refused = bool(rows) and not report.skip_invalid

    def _apply(self, plan: _Plan, report: ImportReport) -> None:
        """Write the plan: inside the caller's transaction, so the file is written once."""
        store = self._ctx.store
        for adviser in plan.advisers:
            store.save_adviser(adviser)
        for topic in plan.topics:
            store.save_topic(topic)
        for new in plan.new_companies:
            new.id = 0
        store.add_companies(plan.new_companies)
        if plan.updated_companies:
            store.save_companies(plan.updated_companies.values())
        tickets = []
        for candidate, company in plan.tickets:
            if company is not None:
                candidate.ticket.company_id = company.id
            tickets.append(candidate.ticket)
        for ticket in store.add_tickets(tickets):
            plan.uid_refs[ticket.uid] = ticket.ref
        self._relink(plan, report)
        to, known = partial(new_ref, plan.uid_refs, plan.old_uids), plan.company_map
        if plan.webinars:
            store.add_webinars(
                [rewired_webinar(w, to, known, report.warnings) for w in plan.webinars]
            )
        if plan.calls:
            store.add_calls([rewired_call(c, to, known, report.warnings) for c in plan.calls])
        for key, value in plan.settings.items():
            store.save_desk_setting(key, value)
        added = apply_network(store, plan.network, to, report.warnings)
        report.network_added["referrals"] = added

    def _relink(self, plan: _Plan, report: ImportReport) -> None:
        """Point links of imported records at the tickets' new references."""
        linking = [c for c, _company in plan.tickets if c.old_ref is not None and c.ticket.links]
        if not linking:
            return
        for candidate in linking:
            ticket, kept = candidate.ticket, []
            for link in ticket.links:
                target = new_ref(plan.uid_refs, plan.old_uids, link.ref)
                if target:
                    kept.append(dataclasses.replace(link, ref=target))
                else:
                    report.warnings.append(
                        _(
                            "the link from #{ref} to #{other} was dropped: that ticket is "
                            "neither in the file nor in the database."
                        ).format(ref=candidate.old_ref, other=link.ref)
                    )
            ticket.links = kept
        self._ctx.store.save_tickets([c.ticket for c in linking])


def _nothing_done(report: ImportReport) -> None:
    report.created = report.updated = report.companies_created = 0
    report.advisers_added = report.topics_added = report.webinars_added = report.calls_added = 0
    report.network_added = {}


def _described(company: Company | CompanyDraft) -> Described:
    """What an exported company or a row's draft says of its company."""
    if isinstance(company, Company):
        kind = company.kind if company.kind is not CompanyKind.OTHER else None
        return Described(company.name, company.vat or "", company.town, company.province, kind)
    return described(company)


def _origin(plan: _Plan, company: Company) -> str:
    return plan.origins.get(company.id) or _("this file")


#: The parts of a desk's network an import adds, as its summary names them.
NETWORK_PARTS: dict[str, str] = {
    "programmes": N_("programmes"),
    "partners": N_("partners"),
    "referrals": N_("referrals"),
}


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
