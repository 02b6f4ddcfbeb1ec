"""The JSON form of records that commands print and scripts read.

It is the stored form (one conversion, in :mod:`helpdesk.store.records`) plus the short
reference, and, for a ticket, its company's name and VAT number so a script needs no second
lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from helpdesk.domain.models import Adviser, Company, FollowUp, Ticket, Topic
from helpdesk.domain.webinars import Enrolment, Webinar
from helpdesk.store import records

if TYPE_CHECKING:
    from helpdesk.services.followups import Entry


def ticket_json(ticket: Ticket, companies: Mapping[int, Company]) -> dict[str, Any]:
    """A ticket for scripts: ``ref`` first, then every stored field, then ``company_name``."""
    company = companies.get(ticket.company_id) if ticket.company_id is not None else None
    named = (company.name, company.vat) if company is not None else None
    return _with_company(ticket.ref, records.ticket_to_record(ticket), named)


def _with_company(
    ref: int, record: Mapping[str, Any], company: tuple[str, str | None] | None
) -> dict[str, Any]:
    data: dict[str, Any] = {"ref": ref, **record}
    if company is not None:
        data["company_name"], vat = company
        if vat:
            data["company_vat"] = vat
    return data


def company_json(company: Company) -> dict[str, Any]:
    """A company for scripts: ``id`` first, then every stored field."""
    return stored_company_json(company.id, records.company_to_record(company))


def stored_company_json(id: int, record: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`company_json` from a company's stored record."""
    return {"id": id, **record}


def adviser_json(adviser: Adviser) -> dict[str, Any]:
    """An adviser for scripts."""
    return records.adviser_to_record(adviser)


def topic_json(topic: Topic) -> dict[str, Any]:
    """A topic for scripts."""
    return records.topic_to_record(topic)


def followup_json(followup: FollowUp) -> dict[str, Any]:
    """A follow-up for scripts (its stored form)."""
    return records.followup_to_record(followup)


def entry_json(entry: Entry) -> dict[str, Any]:
    """A pending follow-up with its ticket's reference, subject, status and company."""
    return {
        "ref": entry.ticket.ref,
        "subject": entry.ticket.subject,
        "status": entry.ticket.status.value,
        "company_name": entry.company.name if entry.company else None,
        **followup_json(entry.followup),
    }


def webinar_json(
    webinar: Webinar,
    tickets: Mapping[int, Ticket] | None = None,
    companies: Mapping[int, Company] | None = None,
) -> dict[str, Any]:
    """A webinar for scripts: ``id``, every stored field, then its end, seats and waiting list.

    With ``tickets`` (and ``companies``), each enrolment also carries its ticket's subject and
    company name.
    """
    data: dict[str, Any] = {"id": webinar.id, **records.webinar_to_record(webinar)}
    data["enrolments"] = [enrolment_json(e, tickets, companies) for e in webinar.enrolments]
    data["end"] = webinar.end.isoformat()
    data["seats_taken"] = webinar.seats_taken
    data["seats_left"] = webinar.seats_left
    data["waiting_list"] = [e.ref for e in webinar.waiting_list()]
    return data


def enrolment_json(
    enrolment: Enrolment,
    tickets: Mapping[int, Ticket] | None = None,
    companies: Mapping[int, Company] | None = None,
) -> dict[str, Any]:
    """An enrolment for scripts (its stored form), with the ticket's subject and company name
    when ``tickets`` and ``companies`` are given."""
    data = records.enrolment_to_record(enrolment)
    ticket = tickets.get(enrolment.ref) if tickets is not None else None
    if ticket is not None:
        data["subject"] = ticket.subject
        company = (
            companies.get(ticket.company_id)
            if companies is not None and ticket.company_id is not None
            else None
        )
        data["company_name"] = company.name if company is not None else None
    return data
