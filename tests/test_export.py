"""Tests of exports and of the round trip: export, import into an empty desk, same data.

The source desk is built through the services (so its records are what users make): companies
with contacts, tickets triaged, noted, followed up, closed and linked, a webinar with
enrolments. Round trips compare every stored field except the numbers a database gives
(ticket references, company and webinar ids), which are compared through what they point to.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Any

import orjson
import pytest

from helpdesk.dates import FrozenClock
from helpdesk.domain.enums import LinkKind, Outcome, Status
from helpdesk.domain.models import Contact
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.exports import csv_row
from helpdesk.services.factory import memory_desk
from helpdesk.services.importing.columns import COLUMNS
from helpdesk.services.importing.service import ImportOptions, ImportReport
from helpdesk.services.importing.sources import read_source
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.webinars import WebinarDraft
from helpdesk.store import records

VAT_FORNO = "02114140292"
VAT_CAFFE = "00803110154"


@pytest.fixture
def full(desk: Desk, clock: FrozenClock) -> Desk:
    """A desk with a bit of everything: see the module's documentation."""
    forno = CompanyDraft(name="Forno d'Oro S.r.l.", vat=VAT_FORNO, kind="artisan", town="Cantù",
                         province="CO", ateco="10.71")  # fmt: skip
    caffe = CompanyDraft(name="Caffè Nerò", vat=VAT_CAFFE, kind="food_service", size="micro")
    log = desk.tickets.log
    first = log(TicketDraft("Vendere online", "Negozio online?\nGrazie", "phone", forno,
                            Contact("Mario Rossi", "mario@forno.it", "031 1", "titolare"),
                            ["ecommerce"], "high", tags=["covid"], external_id="WF-1"))  # fmt: skip
    second = log(TicketDraft("Bando voucher", channel="email", company=caffe, topics=["grants"]))
    third = log(TicketDraft("Senza azienda", topics=None))
    desk.companies.find_or_create(CompanyDraft(name="Azienda senza richieste", province="LC"))
    desk.tickets.triage(first.ticket.ref, assignee="ms")
    desk.tickets.set_status(first.ticket.ref, Status.IN_PROGRESS)
    desk.tickets.add_note(first.ticket.ref, "Richiamato, inviato il bando")
    clock.advance(hours=2)
    desk.followups.add(first.ticket.ref, "+3d", "Sentire com'è andata")
    desk.tickets.link(first.ticket.ref, second.ticket.ref)
    desk.tickets.link(third.ticket.ref, first.ticket.ref, LinkKind.FOLLOW_ON)
    desk.tickets.triage(second.ticket.ref, assignee="gb")
    desk.tickets.set_status(second.ticket.ref, Status.IN_PROGRESS)
    desk.tickets.close(second.ticket.ref, Outcome.GRANT_APPLIED, "Domanda inviata")
    [webinar] = desk.webinars.add(WebinarDraft("E-commerce per artigiani", "1/12/2026 10:00",
                                               capacity=1, topics=["ecommerce"]))  # fmt: skip
    desk.webinars.enrol(webinar.id, [first.ticket.ref, second.ticket.ref])
    return desk


def empty(clock: FrozenClock) -> Desk:
    return memory_desk(clock, actor="gb")


def import_bytes(desk: Desk, data: bytes, name: str) -> ImportReport:
    report = desk.imports.run(read_source(data, name), ImportOptions())
    assert report.problems == [], [str(p) for p in report.problems]
    return report


def ticket_view(desk: Desk) -> list[dict[str, Any]]:
    """Every ticket's stored form, with numbers replaced by what they point to."""
    tickets = desk.ctx.store.tickets()
    uids = {t.ref: t.uid for t in tickets}
    companies = desk.companies.by_id()
    views = []
    for ticket in tickets:
        record = records.ticket_to_record(ticket)
        record["company"] = companies[ticket.company_id].name if ticket.company_id else None
        record["links"] = [(link.kind.value, uids[link.ref]) for link in ticket.links]
        views.append(record)
    return views


def company_view(desk: Desk) -> list[dict[str, Any]]:
    return [records.company_to_record(c) for c in desk.ctx.store.companies()]


def webinar_view(desk: Desk) -> list[dict[str, Any]]:
    uids = {t.ref: t.uid for t in desk.ctx.store.tickets()}
    companies = desk.companies.by_id()
    views = []
    for webinar in desk.ctx.store.webinars():
        record = records.webinar_to_record(webinar)
        record["enrolments"] = [
            {**records.enrolment_to_record(e), "ref": uids[e.ref],
             "company": companies[e.company_id].name if e.company_id else None}
            for e in webinar.enrolments
        ]  # fmt: skip
        views.append(record)
    return views


# -- JSON: lossless ---------------------------------------------------------------------------


def test_the_json_export_is_a_documented_document(full: Desk) -> None:
    export = full.exports.export("", "json")
    document = orjson.loads(export.data)

    assert export.tickets == 3
    assert list(document) == ["format", "version", "exported", "query", "tickets", "companies",
                              "advisers", "topics", "webinars", "calls", "programmes",
                              "partners", "referrals", "desk_settings"]  # fmt: skip
    assert document["partners"] == document["referrals"] == document["programmes"] == []
    assert document["calls"] == []
    assert document["desk_settings"] == {"deadline_followup_days": None}
    assert (document["format"], document["version"], document["exported"]) == (
        "helpdesk-export",
        2,
        "2026-11-20T12:00:00+01:00",
    )
    assert [t["ref"] for t in document["tickets"]] == [1, 2, 3]
    assert [c["name"] for c in document["companies"]] == [
        "Forno d'Oro S.r.l.",
        "Caffè Nerò",
        "Azienda senza richieste",
    ]
    assert [a["key"] for a in document["advisers"]] == ["ms", "gb"]
    assert len(document["topics"]) == 18
    assert [w["title"] for w in document["webinars"]] == ["E-commerce per artigiani"]


def test_a_json_export_imports_into_an_empty_desk_as_the_same_data(
    full: Desk, clock: FrozenClock
) -> None:
    target = empty(clock)

    report = import_bytes(target, full.exports.export("", "json").data, "desk.json")

    assert (report.created, report.companies_created, report.advisers_added) == (3, 3, 2)
    assert report.webinars_added == 1
    assert report.warnings == []
    assert ticket_view(target) == ticket_view(full)
    assert company_view(target) == company_view(full)
    assert target.ctx.store.advisers() == full.ctx.store.advisers()
    assert target.ctx.store.topics() == full.ctx.store.topics()
    assert webinar_view(target) == webinar_view(full)


def test_an_exports_records_are_checked_in_one_process_however_many(
    full: Desk, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only tabular rows are shared with a second process; a ticket record's company is not
    # a draft, and would make that process fail and its half be checked twice.
    from helpdesk.services.importing import two_processes

    monkeypatch.setattr(two_processes, "SHARED_FROM", 2)
    forks: list[int] = []
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or -1)
    target = empty(clock)

    report = import_bytes(target, full.exports.export("", "json").data, "desk.json")

    assert report.created == 3 and forks == []
    assert ticket_view(target) == ticket_view(full)


def test_a_json_export_imported_again_creates_nothing(full: Desk) -> None:
    data = full.exports.export("", "json").data
    before = ticket_view(full)

    report = import_bytes(full, data, "desk.json")

    assert (report.read, report.created, report.duplicates, report.companies_created) == (
        3,
        0,
        3,
        0,
    )
    assert (report.advisers_added, report.topics_added, report.webinars_added) == (0, 0, 0)
    assert report.written is False
    assert ticket_view(full) == before


def test_a_filtered_json_export_holds_its_tickets_and_their_companies(full: Desk) -> None:
    document = orjson.loads(full.exports.export("status:closed", "json").data)

    assert [t["subject"] for t in document["tickets"]] == ["Bando voucher"]
    assert [c["name"] for c in document["companies"]] == ["Caffè Nerò"]
    assert document["query"] == "status:closed"
    assert document["webinars"] == []


def test_links_to_tickets_left_out_of_a_filtered_export_are_dropped_on_import(
    full: Desk, clock: FrozenClock
) -> None:
    target = empty(clock)
    target.directory.add_adviser("ms", "Marta Sala")

    report = import_bytes(target, full.exports.export("ref:1", "json").data, "one.json")

    assert report.created == 1
    assert report.warnings == [
        "the link from #1 to #2 was dropped: that ticket is neither in the file nor in the "
        "database."
    ]
    assert target.ctx.store.tickets()[0].links == []


# -- JSON Lines ---------------------------------------------------------------------------------


def test_json_lines_hold_one_ticket_a_line(full: Desk) -> None:
    export = full.exports.export("", "jsonl")
    lines = export.data.decode().splitlines()

    assert len(lines) == 3
    first = orjson.loads(lines[0])
    company = first["company"]
    assert (first["version"], first["ref"], first["subject"], company["name"], company["vat"]) == (
        2,
        1,
        "Vendere online",
        "Forno d'Oro S.r.l.",
        VAT_FORNO,
    )


def test_json_lines_import_back_with_history_and_companies_by_name(
    full: Desk, clock: FrozenClock
) -> None:
    target = empty(clock)
    target.directory.add_adviser("ms", "Marta Sala")
    target.directory.add_adviser("gb", "Giulio Bassi")

    report = import_bytes(target, full.exports.export("", "jsonl").data, "desk.jsonl")

    assert (report.created, report.companies_created) == (3, 2)
    assert ticket_view(target) == ticket_view(full)
    assert [(c.name, c.vat) for c in target.ctx.store.companies()] == [
        ("Forno d'Oro S.r.l.", VAT_FORNO),
        ("Caffè Nerò", VAT_CAFFE),
    ]


# -- CSV ----------------------------------------------------------------------------------------


def test_the_csv_export_has_the_canonical_columns(full: Desk) -> None:
    rows = list(csv.DictReader(io.StringIO(full.exports.export("", "csv").data.decode())))

    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["company"] == "Forno d'Oro S.r.l."
    assert rows[0]["description"] == "Negozio online?\nGrazie"
    assert rows[0]["created"] == "2026-11-20T10:00:00+01:00"
    assert rows[1]["status"] == "closed"
    assert rows[1]["outcome"] == "grant_applied"
    assert rows[2]["company"] == ""


def test_a_csv_export_imports_back_with_the_same_columns(full: Desk, clock: FrozenClock) -> None:
    target = empty(clock)
    target.directory.add_adviser("ms", "Marta Sala")
    target.directory.add_adviser("gb", "Giulio Bassi")

    report = import_bytes(target, full.exports.export("", "csv").data, "desk.csv")

    assert (report.created, report.companies_created) == (3, 2)

    def rows(desk: Desk) -> list[dict[str, str]]:
        companies = desk.companies.by_id()
        return [csv_row(t, companies.get(t.company_id or 0)) for t in desk.ctx.store.tickets()]

    assert rows(target) == rows(full)


def test_a_csv_export_imported_again_creates_nothing(full: Desk) -> None:
    report = import_bytes(full, full.exports.export("", "csv").data, "desk.csv")

    assert (report.created, report.duplicates) == (0, 3)


def test_an_unknown_export_format_is_refused(full: Desk) -> None:
    from helpdesk.errors import InvalidValue

    with pytest.raises(InvalidValue, match=r"^Unknown export format 'xml'; use json, jsonl or csv"):
        full.exports.export("", "xml")


# -- written a ticket at a time ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "status:closed", "ref:99"])
def test_the_json_export_is_laid_out_exactly_as_one_dump_of_the_document(
    full: Desk, query: str
) -> None:
    """Written in pieces, one ticket at a time, the document is byte for byte what dumping it
    whole gives (including an empty ticket list)."""
    export = full.exports.export(query, "json")
    pieces = list(export)
    assert len(pieces) == export.tickets + 3
    data = b"".join(pieces)
    assert data == orjson.dumps(orjson.loads(data), option=orjson.OPT_INDENT_2)
    assert len(orjson.loads(data)["tickets"]) == export.tickets


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_exported_tickets_follow_the_schema_with_every_field(full: Desk, fmt: str) -> None:
    from helpdesk.services.export_schema import ticket_out

    data = full.exports.export("", fmt).data
    if fmt == "json":
        exported = orjson.loads(data)["tickets"]
    else:
        exported = [orjson.loads(line) for line in data.splitlines()]
        for line in exported:
            assert line.pop("version") == 2
            line["company"] = line["company"] and line["company"]["name"]
    companies = full.companies.by_id()
    expected = [ticket_out(t) for t in full.tickets.all()]
    if fmt == "jsonl":
        for ticket in expected:
            ticket["company"] = companies[ticket["company"]].name if ticket["company"] else None
    assert exported == expected
    assert any(t["history"] and t["notes"] for t in exported)
    # Every field, always: empty ones too, whatever the store leaves out.
    assert all(
        len(t) == 27 and "satisfaction" in t and "outcome" in t and "external_id" in t
        for t in exported
    )
