"""Companies and contacts changed on purpose, and personal data under the GDPR: services and CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.domain.models import Contact
from helpdesk.domain.privacy import FORGOTTEN, parse_consent, parse_period
from helpdesk.errors import Conflict, InvalidValue, NotFound
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.company_edits import CompanyChanges
from helpdesk.services.desk import Desk
from helpdesk.services.factory import open_desk
from helpdesk.services.importing.service import ImportOptions
from helpdesk.services.importing.sources import read_source
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.webinars import WebinarDraft

VAT_A = "01114601006"
VAT_B = "00488410010"


def log(desk: Desk, subject: str, company: CompanyDraft | None, **fields: object) -> int:
    return desk.tickets.log(TicketDraft(subject, company=company, **fields)).ticket.ref  # type: ignore[arg-type]


# -- edit -----------------------------------------------------------------------------------


def test_edit_changes_fields_and_writes_the_history(desk: Desk) -> None:
    log(desk, "x", CompanyDraft("Forno d'Oro", province="CO"))

    _, changed = desk.company_edits.edit(
        1, CompanyChanges(name="Forno d'Oro S.r.l.", town="Cantù", kind="artisan")
    )

    assert changed == ["name", "kind", "town"]
    stored = desk.companies.get(1)
    assert (stored.name, stored.town, stored.kind.value) == (
        "Forno d'Oro S.r.l.",
        "Cantù",
        "artisan",
    )
    assert [(c.field, c.old, c.new, c.who) for c in stored.history] == [
        ("name", "Forno d'Oro", "Forno d'Oro S.r.l.", "ms"),
        ("kind", "other", "artisan", "ms"),
        ("town", "", "Cantù", "ms"),
    ]
    assert desk.company_edits.edit(1, CompanyChanges(town="Cantù"))[1] == []


def test_edit_refuses_a_vat_number_of_another_company_with_the_merge(desk: Desk) -> None:
    log(desk, "x", CompanyDraft("Forno d'Oro", vat=VAT_A))
    log(desk, "y", CompanyDraft("Panificio Bianchi"))

    with pytest.raises(Conflict, match=r"merge them: helpdesk company merge 1 2\.$"):
        desk.company_edits.edit(2, CompanyChanges(vat=VAT_A))
    with pytest.raises(InvalidValue, match="cannot be only a number"):
        desk.company_edits.edit(2, CompanyChanges(name="42"))
    assert desk.companies.get(2).vat is None


# -- contacts -------------------------------------------------------------------------------


def test_contacts_are_added_edited_and_one_is_primary(desk: Desk) -> None:
    log(desk, "x", CompanyDraft("Forno d'Oro"), contact=Contact("Mario Rossi", "mario@forno.it"))
    edits = desk.company_edits

    edits.add_contact(1, Contact("Lucia Verdi", role="titolare"))
    edits.add_contact(1, Contact("Anna Neri", "anna@forno.it"), primary=True)
    edits.edit_contact(1, "mario@forno.it", phone="031 1", primary=True)
    edits.edit_contact(1, "3", role="socia")

    contacts = desk.companies.get(1).contacts
    assert [(c.name, c.phone, c.role) for c in contacts] == [
        ("Mario Rossi", "031 1", ""),
        ("Anna Neri", "", ""),
        ("Lucia Verdi", "", "socia"),
    ]
    with pytest.raises(Conflict, match="already lists MARIO ROSSI"):
        edits.add_contact(1, Contact("MARIO ROSSI"))
    with pytest.raises(NotFound, match="has no contact 'Pino'; its contacts: 1 Mario Rossi"):
        edits.edit_contact(1, "Pino", role="x")
    with pytest.raises(InvalidValue, match="is not an email"):
        edits.add_contact(1, Contact("Pino", "pino@"))


# -- duplicates and merge -------------------------------------------------------------------


def test_duplicates_find_near_names_in_one_place_and_shared_emails(desk: Desk) -> None:
    log(desk, "a", CompanyDraft("Forno d'Oro", town="Como"))
    log(desk, "b", CompanyDraft("Forno dOro snc", vat=VAT_A, town="Como"))
    log(desk, "c", CompanyDraft("Bar Centrale", town="Lecco"), contact=Contact("Gi", "gi@bar.it"))
    log(desk, "d", CompanyDraft("Caffè Nerò", town="Erba"), contact=Contact("Gi", "GI@bar.it"))
    log(desk, "e", CompanyDraft("Forno d'Oro", vat=VAT_B, town="Lecco"))

    found = [(d.first.id, d.second.id, d.reason) for d in desk.company_edits.duplicates()]

    assert found == [
        (1, 2, "near-identical names in Como"),
        (3, 4, "same email gi@bar.it"),
    ]


def test_merge_moves_tickets_contacts_and_enrolments_after_a_backup(desk: Desk) -> None:
    keep = log(desk, "a", CompanyDraft("Forno d'Oro", vat=VAT_A), contact=Contact("Mario"))
    other = log(desk, "b", CompanyDraft("Forno Doro", town="Como"), contact=Contact("Lucia"))
    [webinar] = desk.webinars.add(WebinarDraft("E-commerce", "1/12/2026 10:00", capacity=5))
    desk.webinars.enrol(webinar.id, [other])

    merged = desk.company_edits.merge(1, 2)

    assert (merged.tickets, merged.contacts, merged.enrolments) == (1, 1, 1)
    assert merged.filled == ["town"]
    assert [c.id for c in desk.companies.list()] == [1]
    company = desk.companies.get(1)
    assert [c.name for c in company.contacts] == ["Mario", "Lucia"]
    assert company.history[-1].field == "merged"
    assert company.history[-1].old == "Forno Doro (#2)"
    moved = desk.tickets.get(other)
    assert moved.company_id == 1
    assert (moved.history[-1].field, moved.history[-1].old) == ("company", "Forno Doro (#2)")
    assert desk.ctx.store.webinar(webinar.id).enrolments[0].company_id == 1  # type: ignore[union-attr]
    assert desk.tickets.get(keep).company_id == 1


def test_two_vat_numbers_are_never_merged(desk: Desk) -> None:
    log(desk, "a", CompanyDraft("Bar Centrale", vat=VAT_A))
    log(desk, "b", CompanyDraft("Bar Centrale", vat=VAT_B))

    with pytest.raises(Conflict, match="two VAT numbers are two companies"):
        desk.company_edits.merge(1, 2)
    with pytest.raises(InvalidValue, match="cannot be merged with itself"):
        desk.company_edits.merge(1, 1)
    assert len(desk.companies.list()) == 2


# -- consent and forgetting -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "answer"),
    [("Sì", True), ("si", True), ("YES", True), ("true", True), ("No", False), ("false", False)],
)
def test_consent_answers_in_italian_and_english(text: str, answer: bool) -> None:
    assert parse_consent(text) is answer


def test_consent_is_recorded_with_its_day_from_add_and_changed_later(desk: Desk) -> None:
    log(desk, "x", CompanyDraft("Forno d'Oro", consent=True))
    company = desk.companies.get(1)
    assert (company.consent, company.privacy_consent) == (True, date(2026, 11, 20))

    desk.privacy.set_consent(1, "no", date(2026, 11, 21))

    company = desk.companies.get(1)
    assert (company.consented, company.privacy_consent) == (False, date(2026, 11, 21))
    assert [(c.field, c.old, c.new) for c in company.history] == [
        ("consent", None, "yes on 2026-11-20"),
        ("consent", "yes", "no on 2026-11-21"),
    ]


def test_imports_read_consent_columns_in_italian(desk: Desk) -> None:
    text = (
        "Ragione sociale;Oggetto;Consenso al trattamento dei dati;Data consenso\n"
        "Forno d'Oro;pane online;Sì;03/11/2026\n"
        "Bar Centrale;social;No;\n"
        "Caffè Nerò;altro;forse;\n"
    )
    report = desk.imports.run(read_source(text.encode(), "rows.csv"), ImportOptions())
    assert [str(p) for p in report.problems] == [
        "row 4, Consenso al trattamento dei dati: 'forse' is not a consent answer: "
        "use sì/yes or no."
    ]

    report = desk.imports.run(
        read_source(text.encode(), "rows.csv"), ImportOptions(skip_invalid=True)
    )

    forno, bar = desk.companies.list()[1], desk.companies.list()[0]
    assert (forno.consent, forno.privacy_consent) == (True, date(2026, 11, 3))
    assert (bar.consent, bar.privacy_consent) == (False, date(2026, 11, 20))


def test_forgetting_a_company_anonymises_it_and_keeps_the_figures(desk: Desk) -> None:
    ref = log(
        desk,
        "Forno d'Oro vuole vendere online",
        CompanyDraft("Forno d'Oro", vat=VAT_A, town="Cantù", province="CO", kind="artisan"),
        description="Chiamato Mario Rossi al 031 123456, scrivere a mario@forno.it",
        contact=Contact("Mario Rossi", "mario@forno.it", "031 123456"),
        topics=["ecommerce"],
    )
    desk.tickets.add_note(ref, "Mario richiama lunedì")

    done = desk.privacy.forget_company(1)

    assert (done.companies, done.tickets, done.contacts) == ([1], [ref], 1)
    company = desk.companies.get(1)
    assert (company.name, company.vat, company.town, company.contacts) == (
        "Forgotten company 1", None, "", [],
    )  # fmt: skip
    assert (company.province, company.kind.value, company.forgotten) == (
        "CO", "artisan", date(2026, 11, 20),
    )  # fmt: skip
    ticket = desk.tickets.get(ref)
    assert ticket.contact == Contact()
    assert ticket.subject == f"{FORGOTTEN} vuole vendere online"
    assert ticket.description == (f"Chiamato {FORGOTTEN} al {FORGOTTEN}, scrivere a {FORGOTTEN}")
    assert ticket.notes[0].text == f"{FORGOTTEN} richiama lunedì"
    assert (ticket.topics, ticket.created, ticket.company_id) == (["ecommerce"], ticket.created, 1)
    assert "Mario" not in repr(ticket.history) and "mario@" not in repr(company.history)
    assert desk.ctx.store.ticket_count() == 1


def test_forgetting_a_contact_takes_them_off_everywhere(desk: Desk) -> None:
    log(desk, "a", CompanyDraft("Forno d'Oro"), contact=Contact("Anna Neri", "anna@x.it"),
        description="Anna Neri chiede il bando")  # fmt: skip
    log(desk, "b", CompanyDraft("Bar Centrale"), contact=Contact("Luca", "luca@x.it"))
    desk.company_edits.add_contact(2, Contact("Anna Neri", "anna@x.it"))

    done = desk.privacy.forget_contact("anna@x.it")

    assert done.companies == [1, 2]
    assert [c.name for c in desk.companies.get(1).contacts] == []
    assert [c.name for c in desk.companies.get(2).contacts] == ["Luca"]
    assert desk.tickets.get(1).description == f"{FORGOTTEN} chiede il bando"
    assert desk.tickets.get(2).contact.name == "Luca"
    with pytest.raises(NotFound, match=r"No contact 'pino@x\.it'"):
        desk.privacy.forget_contact("pino@x.it")


def test_the_privacy_report_lists_what_is_idle_and_forgets_it(
    desk: Desk, clock: FrozenClock
) -> None:
    log(desk, "old", CompanyDraft("Forno d'Oro"), contact=Contact("Mario"))
    log(desk, "loose", None, contact=Contact("Pino", "pino@x.it"))
    clock.advance(days=800)
    log(desk, "new", CompanyDraft("Bar Centrale"), contact=Contact("Luca"))

    idle = desk.privacy.idle(parse_period("24m"))

    assert [i.label() for i in idle] == ["#1 Forno d'Oro", "ticket #2 (Pino)"]
    assert desk.privacy.idle(parse_period("3y")) == []
    done = desk.privacy.forget_idle(parse_period("24m"))
    assert (done.companies, done.tickets) == ([1], [1, 2])
    assert desk.companies.get(1).name == "Forgotten company 1"
    assert desk.tickets.get(2).contact == Contact()
    assert desk.companies.get(2).name == "Bar Centrale"
    assert desk.privacy.idle(parse_period("24m")) == []


@pytest.mark.parametrize("text", ["24", "m", "0m", "24x", ""])
def test_a_bad_period_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue, match="is not a period"):
        parse_period(text)


# -- CLI ------------------------------------------------------------------------------------

runner = CliRunner()


def cli(db: Path, *args: str, input: str | None = None) -> Result:
    return runner.invoke(
        app, ["--db", str(db), "--as", "ms", *args], env={"COLUMNS": "300"}, input=input
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "desk.json"
    assert cli(path, "init").exit_code == 0
    assert cli(path, "adviser", "add", "ms", "Marta Sala").exit_code == 0
    cli(path, "add", "a", "-c", "Forno d'Oro", "--town", "Como", "--contact", "Mario Rossi",
        "--email", "mario@forno.it", "--consent", "sì", "-d", "Parla Mario Rossi")  # fmt: skip
    cli(path, "add", "b", "-c", "Forno dOro srl", "--vat", VAT_A, "--town", "Como")
    return path


def desk_of(db: Path) -> Desk:
    return open_desk(Settings(db=db, adviser="ms"), create=False)


def test_cli_company_edit_and_consent(db: Path) -> None:
    edited = cli(db, "company", "edit", "1", "--town", "Cantù", "--kind", "artisan")
    consent = cli(db, "company", "consent", "1", "no", "--on", "2026-11-03")
    bad = cli(db, "company", "edit", "1", "--vat", VAT_A)

    assert edited.stdout == "company 1 Forno d'Oro: changed kind, town\n"
    assert consent.stdout == "company 1 Forno d'Oro: consent no on 2026-11-03\n"
    assert bad.exit_code == 1 and "helpdesk company merge 2 1" in bad.stderr
    company = desk_of(db).companies.get(1)
    assert (company.town, company.consent) == ("Cantù", False)


def test_cli_duplicates_and_merge_with_yes(db: Path) -> None:
    listed = cli(db, "company", "duplicates", "--format", "json")
    refused = cli(db, "company", "merge", "2", "1")
    merged = cli(db, "company", "merge", "2", "1", "--yes")

    assert json.loads(listed.stdout) == [
        {"first": 1, "first_name": "Forno d'Oro", "second": 2, "second_name": "Forno dOro srl",
         "reason": "near-identical names in Como"}
    ]  # fmt: skip
    assert refused.exit_code == 1 and "add --yes" in refused.stderr
    assert merged.exit_code == 0, merged.stderr
    assert merged.stdout.startswith(
        "merged #1 Forno d'Oro into #2 Forno dOro srl: 1 ticket, 1 contact, 0 enrolments moved\n"
        "backup before the merge: "
    )
    assert "(restore it to undo)" in merged.stdout
    assert [c.id for c in desk_of(db).companies.list()] == [2]


def test_cli_contacts_add_edit_list(db: Path) -> None:
    added = cli(db, "contact", "add", "1", "Lucia Verdi", "--role", "titolare", "--primary")
    edited = cli(db, "contact", "edit", "1", "mario@forno.it", "--phone", "031 1")
    listed = cli(db, "contact", "list", "1", "--format", "json")
    twice = cli(db, "contact", "add", "1", "lucia verdi")

    assert added.stdout == "added primary contact Lucia Verdi to Forno d'Oro (#1)\n"
    assert edited.stdout == "contacts of Forno d'Oro (#1): Lucia Verdi; Mario Rossi\n"
    assert [
        (c["number"], c["primary"], c["name"], c["phone"]) for c in json.loads(listed.stdout)
    ] == [
        (1, True, "Lucia Verdi", ""),
        (2, False, "Mario Rossi", "031 1"),
    ]
    assert twice.exit_code == 1 and "already lists lucia verdi" in twice.stderr


def test_cli_forget_and_privacy_report(db: Path) -> None:
    report = cli(db, "privacy", "report", "--older-than", "1d", "--format", "json")
    assert json.loads(report.stdout) == []
    refused = cli(db, "contact", "forget", "mario@forno.it")
    forgot = cli(db, "contact", "forget", "mario@forno.it", "--yes")
    company = cli(db, "company", "forget", "2", "--yes")
    bad = cli(db, "privacy", "report", "--older-than", "soon")

    assert refused.exit_code == 1 and "add --yes" in refused.stderr
    assert (
        forgot.stdout == "forgot mario@forno.it: 2 mentions in 1 company and 1 ticket anonymised\n"
    )
    assert company.stdout.startswith("forgot company 2: 0 contacts, 1 ticket anonymised")
    assert bad.exit_code == 1 and "'soon' is not a period" in bad.stderr
    desk = desk_of(db)
    assert desk.tickets.get(1).description == f"Parla {FORGOTTEN}"
    assert desk.companies.get(2).name == "Forgotten company 2"


def test_cli_privacy_report_shows_then_forgets_with_yes(tmp_path: Path) -> None:
    db = tmp_path / "old.json"
    old = open_desk(Settings(db=db, adviser="ms"), clock=FrozenClock("2020-03-02 10:00"))
    old.directory.add_adviser("ms", "Marta Sala")
    log(old, "Negozio online", CompanyDraft("Forno d'Oro"), contact=Contact("Mario Rossi"))

    listed = cli(db, "privacy", "report", "--older-than", "24m")
    refused = cli(db, "privacy", "report", "--older-than", "24m", "--forget")
    forgot = cli(db, "privacy", "report", "--older-than", "24m", "--forget", "--yes")
    again = cli(db, "privacy", "report", "--older-than", "24m", "--format", "json")

    assert listed.exit_code == 0
    assert "#1 Forno d'Oro" in listed.stdout and "2 Mar 2020" in listed.stdout
    assert "1 with no activity in 24m" in listed.stdout
    assert refused.exit_code == 1 and "add --yes" in refused.stderr
    assert "#1 Forno d'Oro" in refused.stdout  # the dry run came first
    assert forgot.exit_code == 0, forgot.stderr
    assert "forgot the personal data of 1 company and 1 ticket; figures kept" in forgot.stdout
    assert json.loads(again.stdout) == []
    desk = desk_of(db)
    assert desk.companies.get(1).name == "Forgotten company 1"
    assert desk.ctx.store.ticket_count() == 1
