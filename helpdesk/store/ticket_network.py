"""A ticket's network fields as stored: service, source, programme and satisfaction.

Written beside the ticket's other fields by :func:`helpdesk.store.records.ticket_to_record`,
left out when empty, so a desk that never uses them stores nothing more.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from helpdesk.domain.models import Ticket
from helpdesk.domain.programmes import Service, Source
from helpdesk.domain.satisfaction import Satisfaction


def network_fields(ticket: Ticket) -> dict[str, Any]:
    """The fields to add to the ticket's record."""
    record: dict[str, Any] = {}
    if ticket.service is not None:
        record["service"] = ticket.service.value
    if ticket.source is not None:
        record["source"] = ticket.source.value
    if ticket.programme:
        record["programme"] = ticket.programme
    answer = ticket.satisfaction
    if answer is not None:
        record["satisfaction"] = {
            "score": answer.score,
            "at": answer.at.isoformat(),
            "who": answer.who,
            **({"comment": answer.comment} if answer.comment else {}),
        }
    return record


def read_network_fields(record: dict[str, Any], ticket: Ticket) -> None:
    """Set the ticket's network fields from its record."""
    if "service" in record:
        ticket.service = Service(record["service"])
    if "source" in record:
        ticket.source = Source(record["source"])
    ticket.programme = record.get("programme")
    answer = record.get("satisfaction")
    if answer:
        ticket.satisfaction = Satisfaction(
            answer["score"],
            datetime.fromisoformat(answer["at"]),
            answer.get("who", ""),
            answer.get("comment", ""),
        )
