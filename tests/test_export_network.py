"""The hub's network in the export contract: programmes, partners, referrals (with their steps
and answer follow-ups) and a ticket's service, source, programme and satisfaction, written,
read back without doubling, refused with the field named, and files written before they were
carried; CSV's columns in English and Italian; the command line's import of an export."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.domain.enums import Outcome, Status
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.export_schema import SchemaError
from helpdesk.services.factory import memory_desk, open_desk
from helpdesk.services.importing.service import ImportOptions
from helpdesk.services.importing.sources import read_source
from helpdesk.services.network_schema import referral_in
from helpdesk.services.partners import PartnerDraft
from helpdesk.services.programmes import Placing
from helpdesk.services.tickets import TicketDraft


def networked(desk: Desk) -> dict:
    """A desk with a programme, a partner, a referral waiting and one answered, a ticket
    placed and scored; its JSON export."""
    desk.programmes.add("desk2020", "Sportello 2020", funders=["CCIAA Como", "Banca d'Alba"])
    partner = desk.partners.add(PartnerDraft("Competence Center MADE", "competence_center"))
    company = CompanyDraft("Forno d'Oro", province="CO")
    first = desk.tickets.log(TicketDraft("Robot di confezionamento", company=company)).ticket.ref
    second = desk.tickets.log(TicketDraft("Sensori IoT")).ticket.ref
    desk.programmes.place(first, Placing("advice", "chamber", "desk2020"))
    desk.referrals.refer(first, partner.id, note="Valutare cobot")
    answered = desk.referrals.refer(second, partner.id)
    desk.referrals.step(answered.id, "acknowledged")
    desk.referrals.step(answered.id, "answered", note="Progetto pilota")
    desk.tickets.triage(second, assignee="ms")
    desk.tickets.set_status(second, Status.IN_PROGRESS)
    desk.tickets.close(second, Outcome.REFERRED, "")
    desk.satisfaction.record(second, 4, "Molto utile")
    return orjson.loads(desk.exports.export("", "json").data)


def fresh(clock: FrozenClock) -> Desk:
    target = memory_desk(clock, actor="gb")
    target.directory.add_adviser("gb", "Giulio Bassi")
    return target


def load(target: Desk, document: dict | bytes, name: str = "desk.json"):
    data = document if isinstance(document, bytes) else orjson.dumps(document)
    return target.imports.run(read_source(data, name), ImportOptions())


def test_the_network_is_written_whole(desk: Desk) -> None:
    document = networked(desk)

    assert document["programmes"] == [
        {"key": "desk2020", "name": "Sportello 2020", "funders": ["CCIAA Como", "Banca d'Alba"],
         "start": None, "end": None}
    ]  # fmt: skip
    (partner,) = document["partners"]
    assert partner["name"] == "Competence Center MADE" and partner["kind"] == "competence_center"
    waiting, answered = document["referrals"]
    assert list(waiting) == ["id", "ref", "partner", "sent", "expected", "note", "steps",
                             "followup", "amount"]  # fmt: skip
    assert waiting["followup"] == 1 and answered["followup"] is None
    assert [s["state"] for s in answered["steps"]] == ["sent", "acknowledged", "answered"]
    first, second = document["tickets"]
    assert (first["service"], first["source"], first["programme"]) == (
        "advice",
        "chamber",
        "desk2020",
    )
    assert second["satisfaction"]["score"] == 4 and second["satisfaction"]["comment"] == (
        "Molto utile"
    )
    assert second["service"] is None and second["programme"] is None


def test_a_filtered_export_carries_programmes_but_no_partner_or_referral(desk: Desk) -> None:
    networked(desk)
    document = orjson.loads(desk.exports.export("status:closed", "json").data)

    assert document["partners"] == document["referrals"] == []
    assert [p["key"] for p in document["programmes"]] == ["desk2020"]


def test_an_empty_desk_gets_the_network_and_answers_follow_the_referral(desk, clock) -> None:
    document = networked(desk)
    target = fresh(clock)
    report = load(target, document)

    assert report.network_added == {"programmes": 1, "partners": 1, "referrals": 2}
    assert "new referrals 2" in report.summary()
    waiting = target.referrals.get(1)
    ticket = target.tickets.get(waiting.ref)
    assert ticket.programme == "desk2020" and ticket.service is not None
    pending = [f for f in ticket.followups if f.pending]
    assert [f.id for f in pending] == [waiting.followup]
    # Answering the imported referral closes the follow-up that came with its ticket.
    target.referrals.step(waiting.id, "answered")
    assert not target.tickets.get(waiting.ref).pending_followups()


def test_importing_an_export_twice_doubles_nothing(desk: Desk, clock) -> None:
    document = networked(desk)
    target = fresh(clock)
    load(target, document)
    again = load(target, document)

    assert again.network_added["referrals"] == 0
    assert len(target.ctx.store.referrals()) == 2
    assert len(target.ctx.store.partners()) == 1
    assert all(len(t.followups) <= 1 for t in target.ctx.store.tickets())


def test_a_dry_run_counts_only_the_referrals_it_would_add(desk: Desk, clock) -> None:
    document = networked(desk)
    target = fresh(clock)
    data = orjson.dumps(document)
    dry = target.imports.run(read_source(data, "desk.json"), ImportOptions(dry_run=True))
    assert dry.network_added == {"programmes": 1, "partners": 1, "referrals": 2}
    load(target, document)
    dry = target.imports.run(read_source(data, "desk.json"), ImportOptions(dry_run=True))
    assert dry.network_added == {"programmes": 0, "partners": 0, "referrals": 0}


def test_a_desk_keeps_its_own_partner_and_programme(desk: Desk, clock) -> None:
    document = networked(desk)
    target = fresh(clock)
    target.programmes.add("desk2020", "Il nostro sportello")
    target.partners.add(PartnerDraft("competence center made", "dih", notes="nostro"))
    report = load(target, document)

    assert report.network_added["partners"] == report.network_added["programmes"] == 0
    [partner] = target.ctx.store.partners()
    assert partner.notes == "nostro"
    # The answer follow-up names the partner and the referral as this desk does.
    waiting = next(r for r in target.ctx.store.referrals() if r.followup is not None)
    [followup] = target.tickets.get(waiting.ref).pending_followups()
    assert followup.note == f"Answer expected from competence center made (referral {waiting.id})"
    assert {r.partner for r in target.ctx.store.referrals()} == {partner.id}
    assert target.programmes.get("desk2020").name == "Il nostro sportello"


def test_an_export_written_before_the_network_was_carried_still_imports(desk, clock) -> None:
    document = networked(desk)
    for key in ("programmes", "partners", "referrals"):
        del document[key]
    for ticket in document["tickets"]:
        for key in ("service", "source", "programme", "satisfaction"):
            del ticket[key]
    target = fresh(clock)
    report = load(target, document)

    assert report.problems == [] and report.created == 2
    assert target.ctx.store.referrals() == []
    assert all(t.satisfaction is None for t in target.ctx.store.tickets())


def test_a_referral_of_a_ticket_not_in_the_file_is_dropped_with_a_warning(desk, clock) -> None:
    document = networked(desk)
    document["referrals"][0]["ref"] = 99
    target = fresh(clock)
    report = load(target, document)

    assert any("the referral of #99 was dropped" in w for w in report.warnings)
    assert len(target.ctx.store.referrals()) == 1


def test_a_ticket_naming_a_programme_nobody_has_is_refused(desk: Desk, clock) -> None:
    document = networked(desk)
    document["programmes"] = []
    report = load(fresh(clock), document)

    assert report.refused
    assert any(p.column == "programme" and "desk2020" in p.reason for p in report.problems)


def test_a_referral_that_does_not_follow_the_schema_is_named() -> None:
    with pytest.raises(SchemaError, match="'steps' should be a list of at least one step"):
        referral_in({"ref": 1, "partner": 1, "sent": "2026-11-20T10:00:00+01:00",
                     "expected": "2026-12-04", "steps": []})  # fmt: skip
    with pytest.raises(SchemaError, match="'state' should be one of sent, acknowledged"):
        referral_in({"ref": 1, "partner": 1, "sent": "2026-11-20T10:00:00+01:00",
                     "expected": "2026-12-04",
                     "steps": [{"state": "lost", "at": "2026-11-20T10:00:00+01:00"}]})  # fmt: skip


def test_a_bad_satisfaction_is_named(desk: Desk, clock) -> None:
    document = networked(desk)
    document["tickets"][1]["satisfaction"]["score"] = 9
    report = load(fresh(clock), document)

    assert any("'score' should be a whole number from 1 to 5" in p.reason for p in report.problems)


def test_json_lines_carry_the_programme_to_a_desk_without_it(desk: Desk, clock) -> None:
    networked(desk)
    data = desk.exports.export("", "jsonl").data
    line = orjson.loads(data.splitlines()[0])
    assert line["programme"] == {
        "key": "desk2020",
        "name": "Sportello 2020",
        "funders": ["CCIAA Como", "Banca d'Alba"],
    }
    target = fresh(clock)
    target.directory.add_adviser("ms", "Marta Sala")  # JSON Lines carry no adviser
    report = load(target, data, "desk.jsonl")

    assert report.problems == [] and report.network_added["programmes"] == 1
    assert target.programmes.get("desk2020").funders == ["CCIAA Como", "Banca d'Alba"]
    scored = [t for t in target.ctx.store.tickets() if t.satisfaction]
    assert [(t.satisfaction.score, t.satisfaction.comment) for t in scored] == [(4, "Molto utile")]


CSV_IT = """\
Oggetto;Stato;Esito;Servizio;Canale di provenienza;Programma;Soddisfazione;Commento soddisfazione
Robot;chiuso;consulenza fornita;consulenza;camera di commercio;Sportello 2020;5;Ottimo
Sensori;nuovo;;formazione;passaparola;desk2020;;
"""


def test_csv_reads_service_source_programme_and_satisfaction_in_italian(desk: Desk) -> None:
    desk.programmes.add("desk2020", "Sportello 2020")
    report = load(desk, CSV_IT.encode(), "richieste.csv")

    assert report.problems == [], [str(p) for p in report.problems]
    robot, sensori = desk.ctx.store.tickets()
    assert (robot.service.value, robot.source.value, robot.programme) == (
        "advice",
        "chamber",
        "desk2020",
    )
    assert (robot.satisfaction.score, robot.satisfaction.comment) == (5, "Ottimo")
    assert (sensori.service.value, sensori.source.value) == ("training", "word_of_mouth")
    row = desk.exports.export("", "csv").data.decode().splitlines()
    assert row[0].endswith("service,source,programme,satisfaction,satisfaction_comment")
    assert row[1].endswith("advice,chamber,desk2020,5,Ottimo")


def test_csv_refuses_an_unknown_programme_and_a_score_on_an_open_ticket(desk: Desk) -> None:
    data = b"subject,status,programme,satisfaction\nRobot,new,pid,4\n"
    report = load(desk, data, "richieste.csv")

    reasons = {p.column: p.reason for p in report.problems}
    assert reasons["programme"] == "There is no programme 'pid' (known: none yet)."
    assert "only for a resolved or closed ticket" in reasons["satisfaction"]
    assert report.refused and desk.ctx.store.ticket_count() == 0


@pytest.mark.usefixtures("isolated_env")
def test_the_command_line_imports_an_export_with_its_network(clock: FrozenClock) -> None:
    source = memory_desk(clock, actor="ms")
    source.directory.add_adviser("ms", "Marta Sala")
    Path("desk.json").write_bytes(orjson.dumps(networked(source)))
    runner = CliRunner()
    env = {"COLUMNS": "300", "HELPDESK_ADVISER": "ms"}
    assert runner.invoke(app, ["adviser", "add", "ms", "Marta Sala"], env=env).exit_code == 0
    result = runner.invoke(app, ["import", "desk.json"], env=env)

    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert "new programmes 1 · new partners 1 · new referrals 2" in result.stdout
    desk = open_desk(Settings.from_env(adviser="ms"), create=False)
    assert [r.state.value for r in desk.ctx.store.referrals()] == ["sent", "answered"]
