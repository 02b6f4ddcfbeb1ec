"""Grant calls, their applications and the desk's settings in the export schema: written,
read back, refused with the field named, and files written before they were carried."""

from __future__ import annotations

import orjson
import pytest

from helpdesk.dates import FrozenClock
from helpdesk.domain.calls import Stage
from helpdesk.services.calls import CallDraft
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.export_schema import SchemaError, call_in, desk_settings_in
from helpdesk.services.factory import memory_desk
from helpdesk.services.importing.service import ImportOptions
from helpdesk.services.importing.sources import read_source
from helpdesk.services.tickets import TicketDraft


def with_applications(desk: Desk) -> dict:
    """A desk with a call, an application preparing and one funded; its JSON export."""
    company = CompanyDraft("Forno d'Oro", kind="artisan", province="CO", ateco="10.71")
    first = desk.tickets.log(TicketDraft("Bando e-commerce", company=company)).ticket.ref
    second = desk.tickets.log(TicketDraft("Voucher", company=CompanyDraft("Bar Lario"))).ticket.ref
    call = desk.calls.add(
        CallDraft("E-commerce 2026", "region", "1/11/2026", "15/12/2026 12:00", budget=50_000,
                  kinds=["artisan"], provinces=["CO", "LC"], ateco=["10"])
    )  # fmt: skip
    desk.calls.set_deadline_days(3)
    desk.calls.apply(first, call.id)
    desk.calls.step(first, call.id, "preparing")
    desk.calls.apply(second, call.id, force=True)
    for stage in ("submitted", "admitted"):
        desk.calls.step(second, call.id, stage)
    desk.calls.step(second, call.id, "funded", amount=2000)
    return orjson.loads(desk.exports.export("", "json").data)


def fresh(clock: FrozenClock) -> Desk:
    target = memory_desk(clock, actor="gb")
    target.directory.add_adviser("gb", "Giulio Bassi")
    return target


def test_a_call_is_written_whole_with_its_applications(desk: Desk) -> None:
    document = with_applications(desk)

    (call,) = document["calls"]
    assert list(call) == ["id", "title", "funder", "funder_name", "link", "opens", "closes",
                          "budget", "max_per_company", "eligibility", "ranked", "notes",
                          "created", "applications"]  # fmt: skip
    assert call["budget"] == 5_000_000 and call["closes"] == "2026-12-15T12:00:00+01:00"
    assert call["eligibility"] == {"kinds": ["artisan"], "sizes": [], "provinces": ["CO", "LC"],
                                   "ateco": ["10"], "topics": []}  # fmt: skip
    preparing, funded = call["applications"]
    assert preparing["stage"] == "preparing" and preparing["followup"] == 1
    assert [s["stage"] for s in funded["steps"]] == [
        "interested",
        "submitted",
        "admitted",
        "funded",
    ]
    assert funded["amount"] == 200_000 and funded["followup"] is None
    assert document["desk_settings"] == {"deadline_followup_days": 3}
    assert document["version"] == 2


def test_a_filtered_export_carries_no_call_but_the_settings(desk: Desk) -> None:
    with_applications(desk)
    document = orjson.loads(desk.exports.export("voucher", "json").data)
    assert document["calls"] == [] and document["desk_settings"]["deadline_followup_days"] == 3


def test_an_empty_desk_gets_the_calls_applications_and_settings(desk: Desk, clock) -> None:
    data = orjson.dumps(with_applications(desk))
    target = fresh(clock)

    report = target.imports.run(read_source(data, "desk.json"), ImportOptions())

    assert report.calls_added == 1 and "new calls 1" in report.summary()
    assert report.as_json()["calls_added"] == 1
    (call,) = target.calls.calls()
    assert [(a.stage, a.amount) for a in call.applications] == [
        (Stage.PREPARING, None),
        (Stage.FUNDED, 200_000),
    ]
    assert target.calls.deadline_days() == 3
    ticket = target.tickets.get(call.applications[0].ref)
    assert [f.id for f in ticket.followups if f.pending] == [call.applications[0].followup]
    # Moving the deadline moves that follow-up: no second one appears.
    target.calls.set_deadline_days(2)
    ticket = target.tickets.get(ticket.ref)
    assert len([f for f in ticket.followups if f.pending]) == 1


def test_a_desk_keeps_its_own_settings_and_calls(desk: Desk, clock) -> None:
    data = orjson.dumps(with_applications(desk))
    target = fresh(clock)
    target.calls.set_deadline_days(8)
    target.calls.add(CallDraft("E-commerce 2026", "region", "1/11/2026", "20/12/2026 12:00"))

    report = target.imports.run(read_source(data, "desk.json"), ImportOptions())

    assert report.calls_added == 0 and report.created == 2
    assert target.calls.deadline_days() == 8
    assert [len(c.applications) for c in target.calls.calls()] == [0]


def test_an_export_written_before_calls_were_carried_still_imports(desk: Desk, clock) -> None:
    document = with_applications(desk)
    del document["calls"], document["desk_settings"]
    target = fresh(clock)

    report = target.imports.run(read_source(orjson.dumps(document), "old.json"), ImportOptions())

    assert report.created == 2 and report.problems == []
    assert target.calls.calls() == [] and target.calls.deadline_days() == 5


def test_a_call_that_does_not_follow_the_schema_is_named(desk: Desk, clock) -> None:
    (call,) = with_applications(desk)["calls"]

    with pytest.raises(SchemaError, match=r"^the call: 'funder' should be one of region, "):
        call_in({**call, "funder": "pope"})
    with pytest.raises(SchemaError, match=r"eligibility: 'sizes' should be a list of micro, "):
        call_in({**call, "eligibility": {"sizes": ["huge"]}})
    with pytest.raises(SchemaError, match=r"applications 1, steps 1: 'stage' should be one of"):
        bad = {**call["applications"][0], "steps": [{"stage": "won", "at": call["opens"]}]}
        call_in({**call, "applications": [bad]})
    with pytest.raises(SchemaError, match=r"'deadline_followup_days' should be a whole number"):
        desk_settings_in({"deadline_followup_days": 99})
    assert desk_settings_in({"deadline_followup_days": 4, "later": "x"}) == {
        "deadline_followup_days": 4
    }


def test_a_bad_call_is_reported_and_the_rest_imports(desk: Desk, clock) -> None:
    document = with_applications(desk)
    document["calls"][0]["closes"] = "mid-December"
    target = fresh(clock)

    report = target.imports.run(read_source(orjson.dumps(document), "d.json"), ImportOptions())

    assert any("call 1 of the export: 'closes' should be" in w for w in report.warnings)
    assert target.calls.calls() == [] and report.created == 2


def test_a_merge_moves_the_applications_to_the_company_kept(desk: Desk) -> None:
    with_applications(desk)
    kept, gone = (c.id for c in desk.companies.list())
    desk.company_edits.merge(kept, gone)

    (call,) = desk.calls.calls()
    assert [a.company_id for a in call.applications] == [kept, kept]
