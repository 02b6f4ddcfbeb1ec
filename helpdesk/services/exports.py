"""Exporting tickets: the whole desk or a filtered set, as JSON, JSON Lines or CSV.

Every format follows the export schema (:mod:`~helpdesk.services.export_schema`, documented
in ``docs/export-schema.md``), not the store's layout: records are read as the domain's
tickets and companies and written in the schema's form.

JSON
    A lossless document::

        {"format": "helpdesk-export", "version": 2, "exported": "2026-11-20T10:00:00+01:00",
         "query": "", "tickets": [...], "companies": [...], "advisers": [...],
         "topics": [...], "webinars": [...], "calls": [...], "programmes": [...],
         "partners": [...], "referrals": [...], "desk_settings": {...}}

    Companies are the ones the tickets belong to (every company when there is no filter);
    advisers, topics and programmes are all of them; webinars, with their enrolments, grant
    calls, with their applications, partners and referrals (with their steps) are all of
    them when there is no filter and none with one; the
    desk's settings always. Importing the document into an empty database gives
    the same desk: the same uids, dates, history, notes, follow-ups, links, enrolments,
    calls and applications, companies with their contacts, consent and history, settings.
    Ticket references, company, webinar and call numbers are given anew by the receiving
    database, so they may differ; links, enrolments and applications follow them.

JSON Lines
    One ticket per line in the schema's form, with ``"version": 2`` and, in place of the
    company's number, what identifies the company (name, VAT number, kind, size, ATECO code,
    town, province) and, in place of the programme's key, the programme (key, name, funders).
    Importable back: tickets keep their uid and history, their companies are found or created
    by the identity rules, and a programme the desk lacks is added.

CSV
    The import's canonical columns (:data:`~helpdesk.services.importing.columns.COLUMNS`),
    one ticket per row, topics and tags separated by ``;``, dates in ISO 8601 with their
    offset. Importable back; follow-ups, notes, history and links are not in it.

With no filter, every ticket is exported, open or not, oldest reference first.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

import orjson

from helpdesk.dates import to_iso
from helpdesk.domain.models import Company, Ticket
from helpdesk.domain.partners import Partner
from helpdesk.errors import InvalidValue
from helpdesk.files import write_atomically
from helpdesk.i18n import _
from helpdesk.services.calls import DEADLINE_DAYS_SETTING
from helpdesk.services.companies import CompanyService
from helpdesk.services.context import Context
from helpdesk.services.csv_cells import CsvWriter
from helpdesk.services.export_schema import (
    SCHEMA_VERSION,
    adviser_out,
    call_out,
    company_out,
    ticket_line,
    ticket_out,
    topic_out,
    webinar_out,
)
from helpdesk.services.importing.columns import COLUMNS
from helpdesk.services.importing.sources import EXPORT_FORMAT
from helpdesk.services.network_schema import partner_out, programme_out, referral_out
from helpdesk.services.tickets import TicketService
from helpdesk.store.interface import DeskStore

#: The formats :meth:`ExportService.export` writes.
FORMATS = ("json", "jsonl", "csv")


_INDENT = orjson.OPT_INDENT_2
#: What two lists around one value add at each end of its indented form: "[\n  [\n", "\n  ]\n]".
_NESTED = 6


@dataclass(slots=True)
class Export:
    """An export ready to be written, produced piece by piece as it is written: a desk of
    100,000 tickets is never held whole in memory, as tickets or as bytes.

    Attributes:
        tickets: How many tickets it holds.
        format: ``json``, ``jsonl`` or ``csv``.
    """

    produce: Callable[[], Iterator[bytes]]
    tickets: int
    format: str

    def __iter__(self) -> Iterator[bytes]:
        """The file's bytes, in pieces."""
        return self.produce()

    @property
    def data(self) -> bytes:
        """The file's bytes, whole."""
        return b"".join(self.produce())


class ExportService:
    """Writes tickets out for scripts, funders and other desks."""

    def __init__(self, ctx: Context, tickets: TicketService, companies: CompanyService) -> None:
        self._ctx = ctx
        self._tickets = tickets
        self._companies = companies

    def export(self, query: str = "", fmt: str = "json") -> Export:
        """Tickets matching ``query`` (every ticket when empty) in format ``fmt``.

        Raises:
            InvalidFilter: for a query that cannot be read.
            InvalidValue: for an unknown format.
        """
        if fmt not in FORMATS:
            raise InvalidValue(
                _("Unknown export format {format!r}; use json, jsonl or csv.").format(format=fmt)
            )
        if fmt != "csv" and not query.strip():
            # Everything: no ticket needs reading before it is written.
            return self._json(fmt, self._ctx.store.ticket_refs(), None, query)
        found = self._tickets.search(query, sort="ref", partial=True)
        if fmt == "csv":
            companies = self._companies.by_id()
            return Export(lambda: iter([csv_bytes(found, companies)]), len(found), fmt)
        # JSON reads each ticket whole, one at a time, when written: keep only the references.
        wanted = {t.company_id for t in found if t.company_id is not None}
        return self._json(fmt, [t.ref for t in found], wanted, query)

    def _json(self, fmt: str, refs: list[int], wanted: set[int] | None, query: str) -> Export:
        """JSON or JSON Lines in the export schema, each ticket read whole when written.
        ``wanted``: the numbers of the companies to include, or None for all of them."""
        if fmt == "jsonl":
            companies = self._companies.by_id()
            programmes = {p.key: p for p in self._ctx.store.programmes()}

            def lines() -> Iterator[bytes]:
                for ticket in self._whole(refs):
                    company = companies.get(ticket.company_id or 0)
                    programme = programmes.get(ticket.programme or "")
                    yield orjson.dumps(ticket_line(ticket, company, programme)) + b"\n"

            return Export(lines, len(refs), fmt)
        return Export(lambda: self._document(refs, wanted, query), len(refs), fmt)

    def _whole(self, refs: list[int]) -> Iterator[Ticket]:
        return self._ctx.store.whole_tickets(refs)

    def _document(self, refs: list[int], wanted: set[int] | None, query: str) -> Iterator[bytes]:
        """The lossless JSON document (see the module's documentation), exactly as
        ``orjson.dumps(document, option=OPT_INDENT_2)`` lays it out, a ticket at a time."""
        store = self._ctx.store
        head = {
            "format": EXPORT_FORMAT,
            "version": SCHEMA_VERSION,
            "exported": to_iso(self._ctx.now()),
            "query": query,
        }
        yield orjson.dumps(head, option=_INDENT)[:-2] + b',\n  "tickets": ['
        # Each ticket laid out two lists deep, where orjson indents it as deep as it goes in
        # the document, and cut out of them: no second pass to indent it.
        separator = b"\n"
        for ticket in self._whole(refs):
            yield separator + orjson.dumps([[ticket_out(ticket)]], option=_INDENT)[_NESTED:-_NESTED]
            separator = b",\n"
        yield b"]" if not refs else b"\n  ]"
        companies = self._companies.by_id()
        ids = sorted(companies) if wanted is None else sorted(wanted)
        rest = {
            "companies": [company_out(companies[i]) for i in ids if i in companies],
            "advisers": [adviser_out(a) for a in store.advisers()],
            "topics": [topic_out(t) for t in store.topics()],
            "webinars": [] if query.strip() else [webinar_out(w) for w in store.webinars()],
            "calls": [] if query.strip() else [call_out(c) for c in store.calls()],
            "programmes": [programme_out(p) for p in store.programmes()],
            "partners": [] if query.strip() else [partner_out(p) for p in exported_partners(store)],
            "referrals": [] if query.strip() else [referral_out(r) for r in store.referrals()],
            "desk_settings": {DEADLINE_DAYS_SETTING: self._deadline_days()},
        }
        yield b",\n" + orjson.dumps(rest, option=_INDENT)[2:]

    def _deadline_days(self) -> int | None:
        """The desk's working days before a call's deadline as set, or None when it keeps the
        default (an importing desk then keeps its own)."""
        value = self._ctx.store.desk_setting(DEADLINE_DAYS_SETTING)
        return value if isinstance(value, int) else None


def exported_partners(store: DeskStore) -> list[Partner]:
    """The desk's own partners, and those other desks share that its referrals name (under
    the desk's numbers): what an export, and a desk moved out of the database, keep."""
    referred = {r.partner for r in store.referrals()}
    return [p for p in store.partners() if not p.desk or p.id in referred]


def csv_row(ticket: Ticket, company: Company | None) -> dict[str, str]:
    """A ticket as a row of the import's canonical columns."""
    contact = ticket.contact
    return {
        "external_id": ticket.external_id or "",
        "uid": ticket.uid,
        "created": ticket.created.isoformat(),
        "channel": ticket.channel.value,
        "subject": ticket.subject,
        "description": ticket.description,
        "topics": ";".join(ticket.topics),
        "priority": ticket.priority.value,
        "status": ticket.status.value,
        "assignee": ticket.assignee or "",
        "tags": ";".join(ticket.tags),
        "company": company.name if company else "",
        "vat": (company.vat or "") if company else "",
        "kind": company.kind.value if company else "",
        "size": company.size.value if company and company.size else "",
        "town": company.town if company else "",
        "province": company.province if company else "",
        "ateco": company.ateco if company else "",
        "contact_name": contact.name,
        "contact_email": contact.email,
        "contact_phone": contact.phone,
        "contact_role": contact.role,
        "outcome": ticket.outcome.value if ticket.outcome else "",
        "outcome_note": ticket.outcome_note,
        "triaged": _stamp(ticket.triaged_at),
        "closed": _stamp(ticket.closed_at),
        "consent": _consent(company),
        "consent_date": company.privacy_consent.isoformat()
        if company and company.privacy_consent
        else "",
        "service": ticket.service.value if ticket.service else "",
        "source": ticket.source.value if ticket.source else "",
        "programme": ticket.programme or "",
        "satisfaction": str(answer.score) if (answer := ticket.satisfaction) else "",
        "satisfaction_comment": answer.comment if answer else "",
    }


def _consent(company: Company | None) -> str:
    answer = company.consented if company is not None else None
    return "" if answer is None else ("yes" if answer else "no")


def csv_bytes(tickets: list[Ticket], companies: Mapping[int, Company]) -> bytes:
    """Tickets as CSV in the canonical columns, UTF-8, comma-separated, with a header."""
    out = io.StringIO()
    writer = CsvWriter(out, lineterminator="\n")  # quoted against formulas, lone CRs quoted
    writer.writerow(COLUMNS)
    for ticket in tickets:
        company = companies.get(ticket.company_id) if ticket.company_id is not None else None
        row = csv_row(ticket, company)
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return out.getvalue().encode("utf-8")


def _stamp(moment: datetime | None) -> str:
    return moment.isoformat() if moment is not None else ""


def atomic_write(path: str | os.PathLike[str], data: bytes | Iterable[bytes]) -> None:
    """Write an export whole or not at all; a new file is readable by its owner only (exports
    hold personal contact data), an existing one keeps its permissions.

    Raises:
        HelpdeskError: naming the file when it cannot be written.
    """
    write_atomically(path, data, new_mode=0o600)
