"""The export schema (docs/export-schema.md): what a reader refuses, and older versions read."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import orjson
import pytest

from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.export_schema import SchemaError, company_in, ticket_in
from helpdesk.services.importing.service import ImportOptions
from helpdesk.services.importing.sources import read_source
from helpdesk.services.tickets import TicketDraft

ROME = ZoneInfo("Europe/Rome")


def exported(desk: Desk) -> dict:
    desk.tickets.log(TicketDraft("Vendere online", company=CompanyDraft("Forno d'Oro")))
    return orjson.loads(desk.exports.export("", "json").data)


def test_a_field_that_does_not_read_is_named(desk: Desk) -> None:
    ticket = exported(desk)["tickets"][0]

    with pytest.raises(SchemaError, match=r"^the ticket: 'status' should be one of new, "):
        ticket_in({**ticket, "status": "open"}, ROME)
    with pytest.raises(SchemaError, match=r"^the ticket: 'uid' should be text\.$"):
        ticket_in({**ticket, "uid": None}, ROME)
    with pytest.raises(SchemaError, match="'created' should be an ISO 8601 date and time"):
        ticket_in({**ticket, "created": "2026-11-20"}, ROME)
    with pytest.raises(SchemaError, match=r"the ticket, notes 1: 'at' should be"):
        ticket_in({**ticket, "notes": [{"who": "ms", "text": "x"}]}, ROME)
    with pytest.raises(SchemaError, match="is not a JSON object"):
        company_in([1, 2])


def test_an_import_reports_a_ticket_that_does_not_follow_the_schema(desk: Desk) -> None:
    document = exported(desk)
    document["tickets"][0]["priority"] = "very"
    data = orjson.dumps(document)

    report = desk.imports.run(read_source(data, "desk.json"), ImportOptions(dry_run=True))

    assert [str(p) for p in report.problems] == [
        "record 1: the ticket: 'priority' should be one of low, normal, high, urgent."
    ]


def test_a_version_1_export_is_still_read(desk: Desk) -> None:
    document = {
        "format": "helpdesk-export",
        "version": 1,
        "tickets": [
            {"ref": 3, "uid": "u1", "created": "2026-11-01T10:00:00+01:00",
             "updated": "2026-11-01T10:00:00+01:00", "subject": "Vecchio", "company": 7}
        ],
        "companies": [{"id": 7, "name": "Forno Antico", "kind": "artisan"}],
        "advisers": [],
        "topics": [],
        "webinars": [],
    }  # fmt: skip

    report = desk.imports.run(read_source(orjson.dumps(document), "old.json"), ImportOptions())

    assert (report.created, report.companies_created) == (1, 1)
    [ticket] = desk.tickets.all()
    assert ticket.subject == "Vecchio"
    assert desk.companies.get(ticket.company_id).name == "Forno Antico"  # type: ignore[arg-type]
