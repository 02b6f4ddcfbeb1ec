"""The rest of a helpdesk export: its companies, advisers, topics, webinars, calls, partners,
referrals, programmes and desk settings, read with the store's rules before its tickets are
checked (:mod:`helpdesk.services.importing.checks`) and matched to this desk's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from helpdesk.domain.calls import Call
from helpdesk.domain.models import Adviser, Company, Topic
from helpdesk.domain.partners import Partner, Referral
from helpdesk.domain.programmes import Programme
from helpdesk.domain.webinars import Webinar
from helpdesk.i18n import N_, _
from helpdesk.services.importing.sources import Source
from helpdesk.store import call_records, records
from helpdesk.store import network_records as nr


@dataclass(slots=True)
class Document:
    """The rest of a helpdesk export, read with the store's rules."""

    companies: dict[int, Company] = field(default_factory=dict)
    advisers: list[Adviser] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    webinars: list[Webinar] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    partners: list[Partner] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)


def read_document(source: Source, bad: Callable[[str], None]) -> Document:
    """Companies, advisers, topics, webinars, calls, partners, referrals, programmes and desk
    settings of an export; unreadable ones are reported."""
    assert source.document is not None
    document = Document()
    companies = document.companies
    advisers = document.advisers
    topics = document.topics
    for error in source.document.get("errors", ()):
        bad(error)
    for position, record in enumerate(source.document["companies"], start=1):
        try:
            company = records.company_from_record(record, int(record["id"]))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            bad(unreadable(N_("company"), position, error))
            continue
        companies[company.id] = company
    for position, record in enumerate(source.document["advisers"], start=1):
        try:
            advisers.append(records.adviser_from_record(record))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            bad(unreadable(N_("adviser"), position, error))
    for position, record in enumerate(source.document["topics"], start=1):
        try:
            topics.append(records.topic_from_record(record))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            bad(unreadable(N_("topic"), position, error))
    for position, record in enumerate(source.document["webinars"], start=1):
        try:
            document.webinars.append(records.webinar_from_record(record, int(record["id"])))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            bad(unreadable(N_("webinar"), position, error))
    for position, record in enumerate(source.document.get("calls", ()), start=1):
        try:
            document.calls.append(call_records.call_from_record(record, int(record["id"])))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            bad(unreadable(N_("call"), position, error))
    network: list[tuple[str, Callable[[Any], Any], list[Any]]] = [
        (N_("partner"), lambda r: nr.partner_from_record(r, int(r["id"])), document.partners),
        (N_("referral"), lambda r: nr.referral_from_record(r, int(r["id"])), document.referrals),
        (N_("programme"), nr.programme_from_record, document.programmes),
    ]
    for what, read, into in network:
        for position, record in enumerate(source.document.get(what + "s", ()), start=1):
            try:
                into.append(read(record))
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                bad(unreadable(what, position, error))
    document.settings = dict((source.document.get("desk_settings") or [None])[0] or {})
    return document


def unreadable(what: str, position: int, error: Exception) -> str:
    """Why the export's ``position``-th ``what`` (a company, a webinar…) is left out."""
    return _("{what} {number} of the export cannot be read: {error!r}.").format(
        what=_(what), number=position, error=error
    )
