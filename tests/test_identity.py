"""The company identity rules: the domain module, ``add`` and imports applying them.

The rules are in :mod:`helpdesk.domain.identity` and the README's "Companies" section.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.domain.enums import CompanyKind
from helpdesk.domain.identity import Ambiguous, CompanyIndex, Described, MatchedBy
from helpdesk.domain.models import Company
from helpdesk.errors import Conflict, InvalidValue, NotFound
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.factory import open_desk
from helpdesk.services.importing.service import ImportOptions
from helpdesk.services.importing.sources import read_source
from helpdesk.services.tickets import TicketDraft

VAT_A = "01114601006"
VAT_B = "00488410010"

runner = CliRunner()


def bar(id: int, vat: str | None, town: str = "", province: str = "") -> Company:
    return Company("Bar Centrale", id=id, vat=vat, town=town, province=province)


# -- the rules ------------------------------------------------------------------------------


def test_a_vat_number_identifies_and_never_falls_back_to_the_name() -> None:
    index = CompanyIndex([bar(1, VAT_A, province="CO")])

    found = index.match(Described("Bar Centrale", VAT_A))
    assert found is not None and found.by is MatchedBy.VAT and found.company.id == 1
    # Same name, another VAT number: another company.
    assert index.match(Described("Bar Centrale", VAT_B, province="CO")) is None


def test_a_name_matches_only_where_the_places_agree() -> None:
    index = CompanyIndex([bar(1, None, "Como", "CO"), bar(2, None, "Lecco", "LC")])

    assert index.match(Described("bar centrale", town="como")).company.id == 1  # type: ignore[union-attr]
    assert index.match(Described("BAR CENTRALE", province="LC")).company.id == 2  # type: ignore[union-attr]
    assert index.match(Described("Bar Centrale", town="Bergamo", province="BG")) is None
    with pytest.raises(Ambiguous, match="2 companies are named 'Bar Centrale'"):
        index.match(Described("Bar Centrale"))


def test_a_match_lists_what_the_row_says_differently() -> None:
    company = Company("Forno d'Oro", id=2, vat=VAT_A, province="CO", kind=CompanyKind.FOOD_SERVICE)
    index = CompanyIndex([company])

    found = index.match(
        Described("Officina Meccanica Brivio", VAT_A, "Lecco", "LC", CompanyKind.ARTISAN)
    )

    assert found is not None
    assert [(d.field, d.row, d.company) for d in found.disagreements] == [
        ("name", "Officina Meccanica Brivio", "Forno d'Oro"),
        ("province", "LC", "CO"),
        ("kind", "artisan", "food_service"),
    ]


# -- add ------------------------------------------------------------------------------------


def test_add_refuses_a_vat_number_of_a_company_with_another_name(desk: Desk) -> None:
    desk.tickets.log(TicketDraft("Uno", company=CompanyDraft("Panificio Bianchi", vat=VAT_A)))

    with pytest.raises(Conflict) as refused:
        desk.tickets.log(TicketDraft("Due", company=CompanyDraft("Forno Verdi", vat=VAT_A)))

    assert refused.value.message == (
        "VAT 01114601006 belongs to Panificio Bianchi: use -c 'Panificio Bianchi', "
        "or check the VAT."
    )
    assert desk.ctx.store.ticket_count() == 1


def test_add_reads_a_bare_number_as_the_company_number(desk: Desk) -> None:
    first = desk.tickets.log(TicketDraft("Uno", company=CompanyDraft("Panificio Bianchi")))
    assert first.company is not None

    by_number = desk.tickets.log(TicketDraft("Due", company=CompanyDraft(f"#{first.company.id}")))
    assert by_number.company is not None and by_number.company.id == first.company.id
    with pytest.raises(NotFound, match="There is no company number 51"):
        desk.tickets.log(TicketDraft("Tre", company=CompanyDraft("51")))
    with pytest.raises(InvalidValue, match="cannot be a company's name"):
        desk.tickets.log(TicketDraft("Tre", company=CompanyDraft("1.200")))
    assert [c.name for c in desk.companies.list()] == ["Panificio Bianchi"]


def cli(db: Path, *args: str) -> Result:
    return runner.invoke(app, ["--db", str(db), "--as", "ms", *args], env={"COLUMNS": "300"})


def test_the_issue_reproduction_gives_two_companies(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert cli(a, "init").exit_code == 0
    assert cli(a, "adviser", "add", "ms", "Marta Sala").exit_code == 0
    cli(a, "add", "a", "-c", "Bar Centrale", "--vat", VAT_A, "--province", "CO")
    cli(a, "add", "b", "-c", "Bar Centrale", "--vat", VAT_B, "--province", "LC")
    assert cli(a, "export", "-o", str(tmp_path / "desk.json")).exit_code == 0
    assert cli(b, "init", "--adviser", "ms", "--name", "Marta Sala").exit_code == 0

    imported = cli(b, "import", str(tmp_path / "desk.json"))

    assert imported.exit_code == 0, imported.stderr
    listed = json.loads(cli(b, "company", "list", "--format", "json").stdout)
    assert sorted((c["name"], c["vat"], c["province"]) for c in listed) == [
        ("Bar Centrale", VAT_B, "LC"),
        ("Bar Centrale", VAT_A, "CO"),
    ]


def test_cli_add_refuses_with_the_way_out_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.json"
    cli(db, "init")
    cli(db, "adviser", "add", "ms", "Marta Sala")
    cli(db, "add", "Uno", "-c", "Panificio Bianchi", "--vat", VAT_A)

    refused = cli(db, "add", "Due", "-c", "Forno Verdi", "--vat", VAT_A)
    bare = cli(db, "add", "Tre", "-c", "51")

    assert refused.exit_code == 1
    assert "VAT 01114601006 belongs to Panificio Bianchi: use -c 'Panificio Bianchi'" in (
        refused.stderr
    )
    assert bare.exit_code == 1
    assert "There is no company number 51" in bare.stderr
    desk = open_desk(Settings(db=db, adviser="ms"), create=False)
    assert desk.ctx.store.ticket_count() == 1
    assert [c.name for c in desk.companies.list()] == ["Panificio Bianchi"]
    matched = cli(db, "add", "Quattro", "-c", "1", "--province", "LC")
    assert "(matched by number)" in matched.stdout
    assert "keeps its province" not in matched.stderr  # it had none: filled in
    again = cli(db, "add", "Cinque", "-c", "1", "--province", "MI")
    assert "Panificio Bianchi (#1) keeps its province 'LC'; this ticket said 'MI'" in again.stderr


# -- import ---------------------------------------------------------------------------------

ROWS = (
    "Ragione sociale;P.IVA;Provincia;Oggetto\n"
    f"Officina Meccanica Brivio;{VAT_A};LC;vendere online\n"
    "Bar Centrale;;CO;social\n"
)


def imported(desk: Desk, text: str, **options: bool):  # type: ignore[no-untyped-def]
    source = read_source(text.encode(), "rows.csv")
    return desk.imports.run(source, ImportOptions(**options))


def test_import_reports_every_match_and_warns_of_a_disagreeing_row(desk: Desk) -> None:
    desk.tickets.log(
        TicketDraft("x", company=CompanyDraft("Forno d'Oro", vat=VAT_A, province="CO"))
    )
    desk.tickets.log(TicketDraft("y", company=CompanyDraft("Bar Centrale", province="CO")))

    report = imported(desk, ROWS, dry_run=True)

    assert report.matches == [
        "row 2: matched by VAT: Forno d'Oro (#1)",
        "row 3: matched by name: Bar Centrale (#2)",
    ]
    assert report.warnings == [
        "row 2 matched Forno d'Oro (#1) by VAT, but the row says name "
        "'Officina Meccanica Brivio', the company \"Forno d'Oro\"; the row says province 'LC', "
        "the company 'CO'."
    ]
    strict = imported(desk, ROWS, strict=True)
    assert strict.refused and strict.rejected == 1
    assert "(--strict)" in strict.problems[0].reason
    assert desk.ctx.store.ticket_count() == 2


def test_cli_import_dry_run_lists_the_matches(tmp_path: Path) -> None:
    db = tmp_path / "a.json"
    cli(db, "init")
    cli(db, "adviser", "add", "ms", "Marta Sala")
    cli(db, "add", "x", "-c", "Forno d'Oro", "--vat", VAT_A, "--province", "CO")
    (tmp_path / "rows.csv").write_text(ROWS, encoding="utf-8")

    dry = cli(db, "import", str(tmp_path / "rows.csv"), "--dry-run")
    strict = cli(db, "import", str(tmp_path / "rows.csv"), "--strict")

    assert dry.exit_code == 0
    assert "row 2: matched by VAT: Forno d'Oro (#1)" in dry.stdout
    assert "warning: row 2 matched Forno d'Oro (#1) by VAT" in dry.stderr
    assert strict.exit_code == 1
    assert "(--strict)" in strict.stderr


def test_likely_duplicates_name_every_reason_once_per_pair() -> None:
    from helpdesk.domain.identity import likely_duplicates
    from helpdesk.domain.models import Contact

    companies = [
        Company("Forno d'Oro", id=1, vat=VAT_A, town="Como"),
        Company("Panificio Bianchi", id=2, vat=VAT_A, contacts=[Contact(phone="031 123 456")]),
        Company("Bar Centrale", id=3, vat=VAT_B, town="Como"),
        Company("Bar Centrale", id=4, vat=VAT_A, town="Lecco"),
        Company("Caffè Nerò", id=5, contacts=[Contact(phone="031123456")]),
        Company("Bar Centrale", id=6, vat="00743110157", town="Como"),
    ]

    found = [(d.first.id, d.second.id, d.reason) for d in likely_duplicates(companies)]

    assert found == [
        (1, 2, f"same VAT number {VAT_A}"),
        (1, 4, f"same VAT number {VAT_A}"),
        (2, 4, f"same VAT number {VAT_A}"),
        (2, 5, "same phone 031123456"),
    ]  # 3 and 6: one name, one town, two VAT numbers: two companies
