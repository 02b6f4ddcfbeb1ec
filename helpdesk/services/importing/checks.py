"""Checking the rows of an import, one by one, before anything is written.

A tabular row (CSV, or flat JSON objects) is checked field by field, every problem collected
with its row and column; a helpdesk ticket record is read with the store's own rules. A valid
row becomes a :class:`Candidate`: its new ticket, built by the rules every new ticket follows
(:func:`~helpdesk.services.tickets.new_ticket`), and what it says of its company, which
:mod:`helpdesk.services.importing.service` then matches, deduplicates and writes. A long file's
tabular rows are checked on two cores (:func:`check_rows`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import PurePath
from typing import Any

from helpdesk.dates import parse_timestamp
from helpdesk.domain.enums import (
    Channel,
    Choice,
    CompanyKind,
    CompanySize,
    Outcome,
    Priority,
    Status,
)
from helpdesk.domain.models import Adviser, Change, Company, Contact, Ticket
from helpdesk.domain.privacy import parse_consent
from helpdesk.domain.programmes import Programme, Service
from helpdesk.domain.programmes import Source as Src
from helpdesk.domain.satisfaction import Satisfaction
from helpdesk.domain.taxonomy import resolve_topic, suggest_topics
from helpdesk.domain.text import fold, folded_words
from helpdesk.domain.vocabulary import (
    VOCABULARY_NAMES,
    C,
    find_choice_in,
    parse_choice,
    typed_word,
)
from helpdesk.errors import HelpdeskError, InvalidValue
from helpdesk.i18n import N_, _, ngettext
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.context import Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.export_schema import SCHEMA_VERSION, SchemaError, stored_line
from helpdesk.services.importing.columns import ColumnMap
from helpdesk.services.importing.sources import Source, SourceRow, json_kind, plain
from helpdesk.services.network_schema import line_programme
from helpdesk.services.tickets import TicketDraft, new_ticket
from helpdesk.services.validation import check_email, check_province, check_vat
from helpdesk.store import records

#: Longest subject derived from a description's first line.
SUBJECT_WIDTH = 80

_SPLIT_LIST = re.compile(r"[;,]")
#: What ``str.isspace`` calls a space (both are Unicode's whitespace), for uids.
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a row cannot be imported.

    Attributes:
        unit: ``row``, ``record`` or ``line``.
        row: The row's number in that unit.
        line: The physical line the row starts on (0 when lines mean nothing).
        column: The column as headed in the file, or None for the row as a whole.
        reason: What is wrong, as a sentence.
    """

    unit: str
    row: int
    line: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = row_words(self.unit, self.row, self.line)
        if self.column is None:
            return _("{where}: {reason}").format(where=where, reason=self.reason)
        return _("{where}, {column}: {reason}").format(
            where=where, column=self.column, reason=self.reason
        )

    def as_json(self) -> dict[str, Any]:
        """The problem for scripts."""
        return {
            "row": self.row,
            "line": self.line or None,
            "column": self.column,
            "reason": self.reason,
        }


#: The units a file's rows are counted in, as messages name them.
UNITS: dict[str, str] = {"row": N_("row"), "record": N_("record"), "line": N_("line")}


def row_words(unit: str, number: int, line: int = 0) -> str:
    """``row 3``, or ``row 3 (line 5)`` when the row starts on another line, in the current
    language."""
    name = _(UNITS.get(unit, unit))
    if line and line != number:
        return _("{unit} {number} (line {line})").format(unit=name, number=number, line=line)
    return _("{unit} {number}").format(unit=name, number=number)


@dataclass(slots=True)
class Candidate:
    """A valid row: its new ticket, and what it says of its company.

    Attributes:
        row: The row it was read from.
        ticket: The new ticket, not saved yet and without its company, which the import sets
            once it has matched one.
        company: What the row says of its company: a draft, a company from a record, or None.
        dated: Whether the row gave its date (an undated row is compared without one).
        keyed: Whether the row gave a uid (then the uid alone says what is a duplicate).
        old_ref: The ticket's reference in the export it came from.
        export_company: Its company's number in that export.
        line_company: Its company's number in the export a JSON Lines file came from.
        warnings: What was made of values the desk does not know (a channel, a kind of
            company, topics), which never refuse a row.
    """

    row: SourceRow
    ticket: Ticket
    company: CompanyDraft | Company | None
    dated: bool = True
    keyed: bool = False
    old_ref: int | None = None
    export_company: int | None = None
    line_company: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def created(self) -> datetime:
        """When the request arrived (now, for a row that does not say)."""
        return self.ticket.created

    @property
    def text(self) -> str:
        """The ticket's text as duplicates are compared (:func:`text_key`)."""
        return text_key(self.ticket.subject, self.ticket.description)


class _Failed(Exception):
    """A cached check that failed, kept to be reported for every row with the same value."""


class _Verdicts(dict[str, Any]):
    """One check's verdict on each text seen so far: its value, or the :class:`_Failed` saying
    why not. A text is checked the first time it is looked up; the same text again is a plain
    lookup, and most cells of a large file repeat (a few channels, statuses, provinces).
    """

    def __init__(self, check: Callable[[str], Any]) -> None:
        super().__init__()
        self._check = check

    def __missing__(self, text: str) -> Any:
        try:
            found = self._check(text)
        except HelpdeskError as error:
            found = _Failed(error.message)
        self[text] = found
        return found


def derive_subject(description: str) -> str:
    """A subject from a description: its first non-blank line, spaces collapsed, ≤ 80 characters.

    A longer line is cut at a word (unless that would leave less than half) and ends with "…".
    """
    first = next((line for line in description.splitlines() if line.strip()), "")
    line = " ".join(first.split())
    if len(line) <= SUBJECT_WIDTH:
        return line
    cut = line[: SUBJECT_WIDTH - 1]
    if line[len(cut)] != " " and " " in cut[SUBJECT_WIDTH // 2 :]:
        cut = cut[: cut.rindex(" ")]  # a whole word, unless that leaves too little
    return cut.rstrip(" ,;:.") + "…"


def text_key(subject: str, description: str) -> str:
    """A ticket's text as duplicates are compared: folded, spacing collapsed."""
    return " ".join(fold(f"{subject} {description}").split())


class RowChecker:
    """Checks rows one by one, remembering the verdict on values that repeat."""

    def __init__(self, ctx: Context, directory: DirectoryService, source: Source) -> None:
        self._ctx = ctx
        self._directory = directory
        self._source = source
        self.now = ctx.now()
        self.tz = ctx.clock.tz
        advisers = directory.advisers(include_inactive=True)
        self._adviser_names: dict[str, Adviser] = {}
        for adviser in advisers:
            self._adviser_names.setdefault(folded_words(adviser.name), adviser)
        self._history_label = (
            source.name if source.name == "standard input" else PurePath(source.name).name
        )
        self.columns: ColumnMap | None = None
        self.doc_companies: dict[int, Company] = {}
        self.topic_keys: set[str] = {t.key for t in directory.topics(include_inactive=True)}
        self.adviser_keys: set[str] = {a.key for a in advisers}
        #: Programmes a ticket may name: the desk's, an export's, and those JSON Lines carry.
        self.programmes = {p.key: p for p in ctx.store.programmes()}
        self.line_programmes: dict[str, Programme] = {}
        self._choices: dict[type[Choice], _Verdicts] = {
            enum: _Verdicts(partial(parse_choice, enum))
            for enum in (Channel, Priority, Status, Outcome, CompanyKind, CompanySize, Service, Src)
        }
        self._vats = _Verdicts(_check_vat)
        self._provinces = _Verdicts(check_province)
        self._emails = _Verdicts(check_email)
        self._consents = _Verdicts(parse_consent)
        self._lenient: dict[type[Choice], _Verdicts] = {
            enum: _Verdicts(partial(find_choice_in, enum)) for enum in (Channel, CompanyKind)
        }
        self._all_topics = directory.topics()
        self._topics = _Verdicts(self._topic_keys)
        self._advisers = _Verdicts(self._find_adviser)

    # -- cached checks ------------------------------------------------------------------------

    def _topic_keys(self, text: str) -> tuple[list[str], list[str]]:
        """The topics a cell names, by key, label or keyword in either language, and the names
        that match none."""
        keys: list[str] = []
        unknown: list[str] = []
        for name in _SPLIT_LIST.split(text):
            if not name.strip():
                continue
            topic = resolve_topic(name, self._all_topics)
            by_keyword = suggest_topics(name, self._all_topics, 1)
            key = topic.key if topic else (by_keyword[0] if by_keyword else None)
            if key is None:
                unknown.append(name.strip())
            elif key not in keys:
                keys.append(key)
        return keys, unknown

    def _find_adviser(self, text: str) -> Adviser:
        try:
            return self._directory.adviser(text)
        except HelpdeskError:
            by_name = self._adviser_names.get(folded_words(text))
            if by_name is None:
                raise
            return by_name

    # -- tabular rows -------------------------------------------------------------------------

    def check_row(self, row: SourceRow) -> tuple[Candidate | None, list[Problem]]:
        """Check a tabular row, returning its candidate ticket or every problem it has."""
        assert self.columns is not None
        columns = self.columns
        source = self._source
        problems: list[Problem] = []

        def bad(name: str | None, reason: str) -> None:
            column = None if name is None else columns.header(name)
            problems.append(Problem(source.unit, row.number, row.line, column, reason))

        warnings: list[str] = []

        def warn(name: str, reason: str) -> None:
            problem = Problem(source.unit, row.number, row.line, columns.header(name), reason)
            warnings.append(str(problem))

        if row.error:
            bad(None, row.error)
            return None, problems
        values = row.values
        width = len(values)
        cells: dict[str, str]
        if source.format == "csv":  # every cell is text
            cells = {
                name: text
                for name, index in columns.fields.items()
                if index < width and (text := values[index].strip())
            }
        else:
            cells = {}
            for name, index in columns.fields.items():
                if index >= width:
                    continue
                value = values[index]
                if isinstance(value, str):
                    text = value.strip()
                elif value is None:
                    continue
                elif isinstance(value, dict):
                    bad(name, _("A nested object cannot be imported as a value."))
                    continue
                else:
                    text = plain(value).strip()
                if text:
                    cells[name] = text
        get = cells.get

        subject = " ".join(get("subject", "").split())
        description = get("description", "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if not subject:
            subject = derive_subject(description)
        if not subject:
            bad("subject" if "subject" in columns.fields else "description", _(_NO_TEXT))

        created = self._timestamp("created", get, bad)
        if created is not None and created > self.now:
            bad("created", _('The date "{date}" is in the future.').format(date=get("created")))
        channel = self._known(Channel, "channel", get, warn) or Channel.OTHER
        priority = self._choice(Priority, "priority", get, bad) or Priority.NORMAL
        status = self._choice(Status, "status", get, bad)
        outcome = self._choice(Outcome, "outcome", get, bad)
        if status is None:
            status = Status.CLOSED if outcome is not None else Status.NEW
        if outcome is not None and status is not Status.CLOSED and status is not Status.RESOLVED:
            bad(
                "outcome",
                _("An outcome is only for resolved or closed tickets, not {status}.").format(
                    status=typed_word(status)
                ),
            )
        if status is Status.CLOSED and outcome is None and "status" in cells:
            bad("status", _("A closed ticket needs an outcome."))
        triaged = self._timestamp("triaged", get, bad)
        closed = self._timestamp("closed", get, bad)
        if closed is not None and status is not Status.CLOSED:
            bad(
                "closed",
                _("A closing date is only for closed tickets, not {status}.").format(
                    status=typed_word(status)
                ),
            )

        topics: list[str] = []
        if get("topics"):
            topics, unknown = self._topics[get("topics", "")]
            if unknown:
                topics = topics or suggest_topics(f"{subject}\n{description}", self._all_topics, 1)
                warn("topics", _unknown_topics(unknown, topics))
        assignee = None
        adviser = self._checked(self._advisers, "assignee", get, bad)
        if adviser is not None:
            if not adviser.active and status.is_open:
                bad("assignee", _("Adviser {key} is not active.").format(key=adviser.key))
            assignee = adviser.key

        email = get("contact_email", "")
        if email and self._checked(self._emails, "contact_email", get, bad) is None:
            email = ""
        # Trimmed, as checked_contact makes a contact typed by hand; its email checked above.
        contact = Contact(
            " ".join(get("contact_name", "").split()),
            email,
            get("contact_phone", ""),
            get("contact_role", ""),
        )

        company = self._company_draft(get, bad, warn)
        tags = _split(get("tags", ""))
        kind_text = get("kind", "")
        if (
            company is not None
            and company.kind is CompanyKind.OTHER
            and kind_text
            and fold(kind_text) not in (CompanyKind.OTHER.value, "altro", "altra")
        ):
            tags.append(kind_text)  # the words the form offered, kept
        network = self._network(get, bad, status)
        uid = get("uid", "")
        if uid and (len(uid) > 64 or _SPACE.search(uid)):
            bad(
                "uid",
                _("{uid!r} is not a uid: it has up to 64 characters, no spaces.").format(
                    uid=uid[:70]
                ),
            )
        if problems:
            # In the order of the file's columns, as people read the row.
            order = {columns.header(name): index for name, index in columns.fields.items()}
            problems.sort(key=lambda p: order.get(p.column or "", -1))
            return None, problems

        # The ticket is built from the checked cells by the rules of every new ticket: the
        # row's uid, else a new one; created when the row says, else now.
        draft = TicketDraft(
            subject, description, tags=tags, created=created, external_id=get("external_id")
        )
        ticket = new_ticket(
            draft,
            now=self.now,
            channel=channel,
            priority=priority,
            contact=contact,
            topics=topics,
            assignee=assignee,
            uid=uid or None,
        )
        ticket.status, ticket.outcome = status, outcome
        ticket.outcome_note = get("outcome_note", "")
        ticket.triaged_at, ticket.closed_at = triaged, closed
        ticket.service, ticket.source, ticket.programme, ticket.satisfaction = network
        ticket.history.append(self._imported(row))
        dated = created is not None
        candidate = Candidate(row, ticket, company, dated, keyed=bool(uid))
        candidate.warnings = warnings
        return candidate, []

    def _network(
        self, get: Callable[..., Any], bad: Callable[[str, str], None], status: Status
    ) -> tuple[Service | None, Src | None, str | None, Satisfaction | None]:
        """A row's service, source, programme (its key, found by key or name) and
        satisfaction."""
        service = self._choice(Service, "service", get, bad)
        source = self._choice(Src, "source", get, bad)
        key: str | None = None
        if text := get("programme"):
            names = {k: k for k in self.programmes} | {
                fold(p.name): k for k, p in self.programmes.items()
            }
            if (key := names.get(fold(text))) is None:
                known = ", ".join(self.programmes) or _("none yet")
                bad(
                    "programme",
                    _("There is no programme {name!r} (known: {known}).").format(
                        name=text, known=known
                    ),
                )
        answer: Satisfaction | None = None
        score, comment = get("satisfaction"), get("satisfaction_comment", "")
        if score or comment:
            if not (score or "").isdigit() or not 1 <= int(score) <= 5:
                bad(
                    "satisfaction",
                    _("Score {score!r} is not a whole number from 1 to 5.").format(score=score),
                )
            elif status.is_open:
                bad(
                    "satisfaction",
                    _("A score is only for a resolved or closed ticket, not {status}.").format(
                        status=typed_word(status)
                    ),
                )
            else:
                answer = Satisfaction(int(score), self.now, self._ctx.actor, comment)
        return service, source, key, answer

    def _imported(self, row: SourceRow) -> Change:
        """The history entry saying where an imported ticket came from."""
        label = f"{self._history_label} {self._source.unit} {row.number}"
        return Change(self.now, self._ctx.actor, "imported", None, label)

    def _timestamp(
        self, name: str, get: Callable[..., Any], bad: Callable[[str, str], None]
    ) -> datetime | None:
        text = get(name)
        if not text:
            return None
        try:
            return parse_timestamp(text, self.tz)
        except HelpdeskError as error:
            bad(name, error.message)
            return None

    def _choice(
        self,
        enum: type[C],
        name: str,
        get: Callable[..., Any],
        bad: Callable[[str, str], None],
    ) -> C | None:
        member: C | None = self._checked(self._choices[enum], name, get, bad)
        return member

    @staticmethod
    def _checked(
        verdicts: _Verdicts, name: str, get: Callable[..., Any], bad: Callable[[str, str], None]
    ) -> Any:
        """The verdict on the field's text, None when it is empty or refused (and reported)."""
        text = get(name)
        if not text:
            return None
        found = verdicts[text]
        if isinstance(found, _Failed):
            bad(name, str(found))
            return None
        return found

    def _known(
        self, enum: type[C], name: str, get: Callable[..., Any], warn: Callable[[str, str], None]
    ) -> C | None:
        """A vocabulary's member that a form may word its own way: one that the desk does not
        know is a warning, and the vocabulary's "other"."""
        text = get(name)
        if not text:
            return None
        member: C | None = self._lenient[enum][text]
        if member is None:
            member = enum("other")
            message = (
                _(
                    "{value!r} is not a {what} the desk knows: taken as {other}, its words kept "
                    "as a tag."
                )
                if enum is CompanyKind
                else _("{value!r} is not a {what} the desk knows: taken as {other}.")
            )
            what = _(VOCABULARY_NAMES[enum])
            warn(name, message.format(value=text, what=what, other=typed_word(member)))
        return member

    def _company_draft(
        self,
        get: Callable[..., Any],
        bad: Callable[[str, str], None],
        warn: Callable[[str, str], None],
    ) -> CompanyDraft | None:
        name = " ".join(get("company", "").split())
        vat = self._checked(self._vats, "vat", get, bad) or ""
        kind = self._known(CompanyKind, "kind", get, warn)
        size = self._choice(CompanySize, "size", get, bad)
        province = self._checked(self._provinces, "province", get, bad) or ""
        town = " ".join(get("town", "").split())
        ateco = get("ateco", "")
        consent = self._checked(self._consents, "consent", get, bad)
        consent_date = None
        if get("consent_date"):
            moment = self._timestamp("consent_date", get, bad)
            consent_date = moment.date() if moment is not None else None
        if not (name or get("vat")):
            given = [f for f in ("kind", "size", "town", "province", "ateco", "consent") if get(f)]
            if given:
                fields = self.columns.fields if self.columns else {}
                first = min(given, key=lambda f: fields.get(f, 0))
                bad(first, _("A company needs a name or a VAT number."))
            return None
        return CompanyDraft(
            name=name,
            vat=vat,
            kind=kind,
            size=size,
            town=town,
            province=province,
            ateco=ateco,
            consent=consent,
            consent_date=consent_date,
        )

    # -- helpdesk records ---------------------------------------------------------------------

    def check_record(self, row: SourceRow) -> tuple[Candidate | None, list[Problem]]:
        """Check a helpdesk ticket record, returning its candidate or its problems."""
        source = self._source
        problems: list[Problem] = []

        def bad(column: str | None, reason: str) -> None:
            problems.append(Problem(source.unit, row.number, row.line, column, reason))

        record = row.record
        if row.error:
            bad(None, row.error)
            return None, problems
        if not isinstance(record, dict):
            bad(
                None,
                _("The record is a JSON {kind}, not a ticket record.").format(
                    kind=json_kind(record)
                ),
            )
            return None, problems
        if record.get("version") == SCHEMA_VERSION and source.document is None:
            try:  # a line of a JSON Lines export (docs/export-schema.md)
                programme = line_programme(record.get("programme"), "the ticket")
                record = stored_line(record, "the ticket")
                if programme is not None and programme.key not in self.programmes:
                    self.line_programmes.setdefault(programme.key, programme)
            except SchemaError as error:
                bad(None, error.message)
                return None, problems
        try:
            ticket = records.ticket_from_record(record, 0, self.tz)
        except KeyError as error:
            bad(None, _("Not a ticket record: it has no {key!r}.").format(key=error.args[0]))
            return None, problems
        except (TypeError, ValueError, AttributeError, HelpdeskError) as error:
            bad(None, _("Not a ticket record: {reason}.").format(reason=str(error).rstrip(".")))
            return None, problems
        if not ticket.uid or not isinstance(ticket.uid, str):
            bad("uid", "A ticket record needs a uid.")
        unknown = [t for t in ticket.topics if t not in self.topic_keys]
        if unknown:
            bad("topics", _("Unknown topic {names}.").format(names=", ".join(map(repr, unknown))))
        if ticket.assignee and ticket.assignee not in self.adviser_keys:
            known = ", ".join(sorted(self.adviser_keys)) or _("none yet")
            bad(
                "assignee",
                _("There is no adviser {key!r}; advisers are: {known}.").format(
                    key=ticket.assignee, known=known
                ),
            )
        if ticket.programme and ticket.programme not in self.programmes | self.line_programmes:
            bad(
                "programme",
                _("There is no programme {name!r}; add it first.").format(name=ticket.programme),
            )
        company: Company | None = None
        company_id = record.get("company")
        if source.document is not None:
            if company_id is not None and company_id not in self.doc_companies:
                bad("company", _("The export has no company {number}.").format(number=company_id))
        elif record.get("company_name") or record.get("company_vat"):
            company = Company(
                name=str(record.get("company_name") or ""),
                vat=str(record["company_vat"]) if record.get("company_vat") else None,
            )
            fields = record.get("company_fields") or {}
            company.town, company.province = fields.get("town", ""), fields.get("province", "")
            company.ateco = fields.get("ateco", "")
            company.kind = CompanyKind(fields.get("kind", "other"))
            company.size = CompanySize(fields["size"]) if fields.get("size") else None
        ref = record.get("ref")
        old_ref = ref if isinstance(ref, int) and not isinstance(ref, bool) else None
        if problems:
            return None, problems
        exported = company_id if source.document is not None else None
        line_id = record.get("company_line_id")
        return Candidate(
            row,
            ticket,
            company,
            keyed=True,
            old_ref=old_ref,
            export_company=exported,
            line_company=line_id if isinstance(line_id, int) else None,
        ), []


_NO_TEXT = N_("A ticket needs a subject or a description.")


def _unknown_topics(unknown: list[str], suggested: list[str]) -> str:
    """What became of topic names the desk does not know."""
    names = ", ".join(map(repr, unknown))
    if suggested:
        return ngettext(
            "{names} is not a topic the desk knows: the topics are {topics}, as the request "
            "suggests.",
            "{names} are not topics the desk knows: the topics are {topics}, as the request "
            "suggests.",
            len(unknown),
        ).format(names=names, topics=", ".join(suggested))
    return ngettext(
        "{names} is not a topic the desk knows, and the request suggests none.",
        "{names} are not topics the desk knows, and the request suggests none.",
        len(unknown),
    ).format(names=names)


def _split(text: str) -> list[str]:
    found: dict[str, None] = {}
    for part in _SPLIT_LIST.split(text):
        if part.strip():
            found.setdefault(part.strip())
    return list(found)


def _check_vat(text: str) -> str:
    try:
        return check_vat(text)
    except InvalidValue:
        # Excel turns 00803110154 into the number 803110154; put the zeros back if that checks.
        digits = text.strip()
        if digits.isdigit() and 8 <= len(digits) < 11:
            try:
                return check_vat(digits.zfill(11))
            except InvalidValue:
                pass
        raise
