"""Exporting tickets: the whole desk or a filtered set, as JSON, JSON Lines or CSV.

JSON
    A lossless document::

        {"format": "helpdesk-export", "version": 1, "exported": "2026-11-20T10:00:00+01:00",
         "query": "", "tickets": [...], "companies": [...], "advisers": [...],
         "topics": [...], "webinars": [...]}

    Tickets are in their stored form plus ``ref`` (see
    :func:`~helpdesk.services.exchange.ticket_json`); companies are the ones the tickets
    belong to (every company when there is no filter), each with its ``id``; advisers and
    topics are all of them; webinars, with their enrolments, are all of them when there is no
    filter and none with one. Importing the document into an empty database gives the same
    data: the same uids, dates, history, notes, follow-ups, links and enrolments. Ticket
    references, company and webinar numbers are given anew by the receiving database, so they
    may differ; links and enrolments follow them.

JSON Lines
    One ticket per line, as :func:`~helpdesk.services.exchange.ticket_json` writes it (with the
    company's name and VAT number). Importable back: tickets keep their uid and history, and
    their companies are found or created by name and VAT number.

CSV
    The import's canonical columns (:data:`~helpdesk.services.imports.COLUMNS`), one ticket per
    row, topics and tags separated by ``;``, dates in ISO 8601 with their offset. Importable
    back; follow-ups, notes, history and links are not in it.

With no filter, every ticket is exported, open or not, oldest reference first.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from helpdesk.dates import to_iso
from helpdesk.domain.models import Company, Ticket
from helpdesk.errors import InvalidValue
from helpdesk.files import write_atomically
from helpdesk.services.companies import CompanyService
from helpdesk.services.context import Context
from helpdesk.services.exchange import (
    adviser_json,
    company_json,
    ticket_json,
    topic_json,
    webinar_json,
)
from helpdesk.services.imports import COLUMNS, EXPORT_FORMAT, EXPORT_VERSION
from helpdesk.services.tickets import TicketService

#: The formats :meth:`ExportService.export` writes.
FORMATS = ("json", "jsonl", "csv")


@dataclass(slots=True)
class Export:
    """An export ready to be written.

    Attributes:
        data: The bytes of the file.
        tickets: How many tickets it holds.
        format: ``json``, ``jsonl`` or ``csv``.
    """

    data: bytes
    tickets: int
    format: str


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
            raise InvalidValue(f"Unknown export format {fmt!r}; use json, jsonl or csv.")
        tickets = self._tickets.search(query, sort="ref")
        companies = self._companies.by_id()
        if fmt == "json":
            data = orjson.dumps(
                self.document(tickets, companies, query), option=orjson.OPT_INDENT_2
            )
        elif fmt == "jsonl":
            data = b"".join(orjson.dumps(ticket_json(t, companies)) + b"\n" for t in tickets)
        else:
            data = csv_bytes(tickets, companies)
        return Export(data, len(tickets), fmt)

    def document(
        self, tickets: list[Ticket], companies: Mapping[int, Company], query: str = ""
    ) -> dict[str, Any]:
        """The lossless JSON document for ``tickets`` (see the module's documentation)."""
        store = self._ctx.store
        if query.strip():
            wanted = {t.company_id for t in tickets if t.company_id is not None}
            chosen = [companies[i] for i in sorted(wanted) if i in companies]
        else:
            chosen = [companies[i] for i in sorted(companies)]
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported": to_iso(self._ctx.now()),
            "query": query,
            "tickets": [ticket_json(t, companies) for t in tickets],
            "companies": [company_json(c) for c in chosen],
            "advisers": [adviser_json(a) for a in store.advisers()],
            "topics": [topic_json(t) for t in store.topics()],
            "webinars": [] if query.strip() else [webinar_json(w) for w in store.webinars()],
        }


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
    }


def csv_bytes(tickets: list[Ticket], companies: Mapping[int, Company]) -> bytes:
    """Tickets as CSV in the canonical columns, UTF-8, comma-separated, with a header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for ticket in tickets:
        company = companies.get(ticket.company_id) if ticket.company_id is not None else None
        writer.writerow(csv_row(ticket, company))
    return out.getvalue().encode("utf-8")


def _stamp(moment: datetime | None) -> str:
    return moment.isoformat() if moment is not None else ""


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write an export whole or not at all; a new file is readable by its owner only (exports
    hold personal contact data), an existing one keeps its permissions.

    Raises:
        HelpdeskError: naming the file when it cannot be written.
    """
    write_atomically(path, data, new_mode=0o600)
