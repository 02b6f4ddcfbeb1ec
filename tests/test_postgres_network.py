"""The network seen whole (``--desk all``): a database of three desks, listed, paged, summed
and searched for its businesses, on the PostgreSQL test server."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres import Server
from test_tui_data import run_async
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.domain.models import Company, Contact
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.factory import open_desk, open_network
from helpdesk.services.network_view import NetworkView, OneDeskOnly
from helpdesk.services.tickets import TicketDraft
from helpdesk.store.postgres import set_up_desk, upgrade_database

#: The network's desks, in alphabetical order.
DESKS = ("hub-01", "hub-02", "hub-03")

#: A business every desk knows (by this VAT number), and one known to hub-01 only.
SHARED_VAT = "01114601006"
OWN_VAT = "00743110157"


def network_ready(url: str, clock: FrozenClock) -> None:
    """Three desks with the adviser ms, tickets of every priority and a shared business."""
    upgrade_database(url)
    for number, name in enumerate(DESKS, start=1):
        store = set_up_desk(url, desk=name, tz=clock.tz)
        desk = Desk(store, clock, "ms")
        desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
        desk.directory.add_adviser(f"a{number}", f"Adviser {number}")
        priorities = ["low", "normal", "high", "urgent"]
        for index in range(3 + number * 2):
            clock.advance(hours=5)
            company = None
            if index % 3 == 0:
                company = CompanyDraft("Forno Rossi", vat=SHARED_VAT, kind="food_service")
                company.province = "CO" if number == 1 else ""
                company.contacts = [Contact(name=f"Anna {name}", email=f"anna@{name}.it")]
            elif index % 3 == 1 and number == 1:
                company = CompanyDraft("Officina Bianchi", vat=OWN_VAT, kind="artisan")
            logged = desk.tickets.log(
                TicketDraft(
                    f"{name} richiesta {index}",
                    company=company,
                    priority=priorities[(index + number) % 4],
                    assignee="ms" if index % 2 else f"a{number}",
                    topics=["ecommerce"] if index % 2 else ["grants"],
                )
            )
            if index % 4 == 3:
                desk.tickets.set_status(logged.ticket.ref, "triaged")
        store.close()


@pytest.fixture
def clock() -> FrozenClock:
    """Monday 2 November 2026, 09:00 in Europe/Rome (moved on as tickets are logged)."""
    return FrozenClock("2026-11-02 09:00")


@pytest.fixture
def network_url(pg_server: Server, clock: FrozenClock) -> str:
    """A database of its own holding the three desks of :data:`DESKS`."""
    url = pg_server.create_database()
    network_ready(url, clock)
    return url


@pytest.fixture
def network(network_url: str, clock: FrozenClock) -> Iterator[NetworkView]:
    """The three desks seen whole, acting as ms."""
    view = open_network(settings(network_url), clock=clock)
    yield view
    view.close()


def settings(url: str, desk: str = "all") -> Settings:
    """Settings for ``url``'s desk ``desk``, acting as ms."""
    return Settings.from_env({}, db=url, desk=desk, adviser="ms")


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, network_url: str) -> CliRunner:
    """A CLI runner on the network's database, acting as ms, on every desk (``--desk all``)."""
    for name in ("HELPDESK_TZ", "HELPDESK_TEMPLATES", "HELPDESK_LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HELPDESK_DB", network_url)
    monkeypatch.setenv("HELPDESK_DESK", "all")
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    monkeypatch.setenv("HELPDESK_LANG", "en")
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def merged_reference(network: NetworkView, query: str, sort: str) -> list[tuple[str, int]]:
    """Every desk's whole answer, merged by sorting (desk, ticket) pairs on the same keys."""
    from helpdesk.domain.ordering import sort_keys, sort_names

    rows = []
    for name, desk in network.desks.items():
        keys = sort_keys(desk.companies.by_id(), desk.clock.today())
        names = sort_names(sort, keys)
        for position, ticket in enumerate(desk.tickets.search(query, sort=sort)):
            rows.append(([keys[n](ticket) for n, _d in names], name, position, ticket.ref))
    ordered = sorted(rows, key=lambda row: (row[1], row[2]))
    for index in reversed(range(len(names))):
        ordered.sort(key=lambda row: row[0][index], reverse=names[index][1])
    return [(name, ref) for _keys, name, _position, ref in ordered]


# -- the service ------------------------------------------------------------------------------


def test_the_network_lists_every_desk_with_its_figures(network: NetworkView) -> None:
    overview = network.overview()
    assert [d.name for d in overview] == list(DESKS)
    for row in overview:
        desk = network.desks[row.name]
        assert row.tickets == len(desk.tickets.search("", sort="ref"))
        assert row.open == len(desk.tickets.search("+open", sort="ref"))
        assert row.advisers == 2


@pytest.mark.parametrize(
    "sort", ["ref", "-priority,created", "urgency", "assignee,-ref", "company"]
)
def test_a_network_listing_is_every_desks_merged_in_order(network: NetworkView, sort: str) -> None:
    reference = merged_reference(network, "", sort)
    found = network.search("", sort=sort)
    assert [(t.desk, t.ticket.ref) for t in found] == reference
    assert len(found) == sum(len(d.tickets.search("")) for d in network.desks.values())


@pytest.mark.parametrize(("offset", "limit"), [(0, 4), (3, 5), (10, 7), (20, 10), (0, 1)])
def test_a_network_listing_pages_across_desks(
    network: NetworkView, offset: int, limit: int
) -> None:
    reference = merged_reference(network, "priority:high,urgent", "-priority,created")
    page = network.search(
        "priority:high,urgent", sort="-priority,created", offset=offset, limit=limit
    )
    assert [(t.desk, t.ticket.ref) for t in page] == reference[offset : offset + limit]


def test_the_filter_means_on_each_desk_what_it_means_there(network: NetworkView) -> None:
    mine = network.search("assignee:me", sort="ref")
    assert mine and all(t.ticket.assignee == "ms" for t in mine)
    assert len(mine) == sum(len(d.tickets.search("assignee:ms")) for d in network.desks.values())
    theirs = network.search("assignee:a2", sort="ref")
    assert {t.desk for t in theirs} == {"hub-02"}


def test_businesses_are_gathered_once_by_vat(network: NetworkView) -> None:
    companies = network.companies()
    shared = next(c for c in companies if c.vat == SHARED_VAT)
    assert list(shared.known_by) == list(DESKS)
    for name in DESKS:
        desk = network.desks[name]
        own = desk.companies.get(SHARED_VAT)
        assert shared.tickets[name] == desk.companies.ticket_counts()[own.id]
    own = next(c for c in companies if c.vat == OWN_VAT)
    assert list(own.known_by) == ["hub-01"]
    assert sorted(c.vat for c in companies) == sorted([SHARED_VAT, OWN_VAT])


def test_a_dossier_gathers_every_desks_pages(network: NetworkView) -> None:
    dossier = network.dossier(SHARED_VAT, "en")
    assert dossier.text.startswith("# Forno Rossi\n")
    for name in DESKS:
        assert f"## Desk {name}" in dossier.text
        assert f"{name} richiesta 0" in dossier.text
    assert "\n# " not in dossier.text[1:]  # each desk's page one level down


def share_businesses(url: str, clock: FrozenClock, name: str, on: bool = True) -> None:
    """Turn desk ``name``'s sharing of its businesses on (or off), as its adviser ms."""
    desk = open_desk(settings(url, name), clock=clock)
    try:
        desk.set_sharing(on)
    finally:
        desk.close()


def test_a_business_another_desk_knows_is_taken_from_there(
    network_url: str, pg_server: Server, clock: FrozenClock
) -> None:
    share_businesses(network_url, clock, "hub-01")
    store = set_up_desk(network_url, desk="hub-04", tz=clock.tz)
    store.close()
    desk = open_desk(settings(network_url, "hub-04"), clock=clock)
    try:
        desk.directory.add_adviser("ms", "Marta Sala")
        logged = desk.tickets.log(
            TicketDraft(
                "Nuova richiesta", company=CompanyDraft(vat=SHARED_VAT, town="Cantù"), topics=[]
            )
        )
        assert logged.company_known_at == "hub-01"
        company = logged.company
        assert company is not None
        assert (company.name, company.kind.value, company.province) == (
            "Forno Rossi",
            "food_service",
            "CO",
        )
        assert company.town == "Cantù"  # typed here: kept
        assert [c.email for c in company.contacts] == ["anna@hub-01.it"]
        again = desk.tickets.log(
            TicketDraft("Seconda", company=CompanyDraft(vat=SHARED_VAT), topics=[])
        )
        assert again.company_known_at is None  # this desk knows it now
        assert again.company is not None and again.company.id == company.id
    finally:
        desk.close()


def test_a_database_file_holds_one_desk(tmp_path: Path, clock: FrozenClock) -> None:
    file = Settings.from_env({}, db=tmp_path / "t.json", desk="all", adviser="ms")
    with pytest.raises(OneDeskOnly, match="a database file holds one desk"):
        open_network(file, clock=clock)


# -- the command line -------------------------------------------------------------------------


def test_desk_list_shows_each_desk(run: CliRunner, network: NetworkView) -> None:
    shown = run.invoke(app, ["desk", "list"])
    assert shown.exit_code == 0, shown.output
    for name in DESKS:
        assert name in shown.output
    data = json.loads(run.invoke(app, ["--desk", "hub-02", "desk", "list", "-f", "json"]).output)
    assert [d["desk"] for d in data] == list(DESKS)
    assert [d["tickets"] for d in data] == [d.tickets for d in network.overview()]
    rows = list(csv.DictReader(io.StringIO(run.invoke(app, ["desk", "list", "-f", "csv"]).output)))
    assert [int(r["open"]) for r in rows] == [d.open for d in network.overview()]


def test_list_all_carries_the_desk_in_every_format(run: CliRunner, network: NetworkView) -> None:
    reference = merged_reference(network, "+open", "-priority,created")[2:7]
    args = ["list", "--sort", "-priority,created", "--offset", "2", "-n", "5"]
    data = json.loads(run.invoke(app, [*args, "-f", "json"]).output)
    assert [(row["desk"], row["ref"]) for row in data] == reference
    rows = list(csv.DictReader(io.StringIO(run.invoke(app, [*args, "-f", "csv"]).output)))
    assert [(row["desk"], int(row["ref"])) for row in rows] == reference
    table = run.invoke(app, ["--no-pager", *args])
    assert table.exit_code == 0, table.output
    assert "Desk" in table.output and "5 tickets" in table.output
    for name, _ref in reference:
        assert name in table.output


def test_companies_and_dossier_across_the_network(run: CliRunner) -> None:
    data = json.loads(run.invoke(app, ["company", "list", "-f", "json"]).output)
    shared = next(row for row in data if row["vat"] == SHARED_VAT)
    assert shared["desks"] == list(DESKS)
    assert shared["tickets"] == sum(shared["tickets_by_desk"].values())
    table = run.invoke(app, ["company", "list"])
    assert "hub-01 (" in table.output and "Forno Rossi" in table.output
    dossier = run.invoke(app, ["company", "dossier", "Forno Rossi"])
    assert dossier.exit_code == 0, dossier.output
    assert "## Desk hub-03" in dossier.output


@pytest.mark.parametrize(
    "args",
    [[], ["show", "1"], ["add", "Nuova"], ["agenda"], ["webinar", "list"], ["tui"], ["export"]],
)
def test_a_one_desk_command_refuses_the_whole_network(run: CliRunner, args: list[str]) -> None:
    refused = run.invoke(app, args)
    assert refused.exit_code == 2, refused.output
    assert "works on one desk: give --desk NAME; the desks here: hub-01, hub-02, hub-03." in (
        refused.output
    )
    assert len(refused.output.strip().splitlines()) == 1


def test_an_unknown_desk_names_the_desks_there(run: CliRunner) -> None:
    refused = run.invoke(app, ["--desk", "hub-09", "list"])
    assert refused.exit_code == 1
    assert "no desk named 'hub-09'" in refused.output
    assert "the desks here: hub-01, hub-02, hub-03" in refused.output


def test_all_on_a_database_file_is_one_message(run: CliRunner, tmp_path: Path) -> None:
    file = str(tmp_path / "desk.json")
    assert run.invoke(app, ["--db", file, "init"], env={"HELPDESK_DESK": ""}).exit_code == 0
    for args in (["list"], ["summary"], ["show", "1"], ["desk", "list"], ["check"], ["demo"]):
        refused = run.invoke(app, ["--db", file, "--desk", "all", *args])
        assert refused.exit_code == 2, (args, refused.output)
        assert "a database file holds one desk" in refused.output


def test_desk_list_on_a_database_file_says_what_it_lists(run: CliRunner, tmp_path: Path) -> None:
    # Asked without --desk all: the refusal speaks of the command, not of an option not given.
    file = str(tmp_path / "desk.json")
    assert run.invoke(app, ["--db", file, "init"], env={"HELPDESK_DESK": ""}).exit_code == 0
    refused = run.invoke(app, ["--db", file, "desk", "list"], env={"HELPDESK_DESK": ""})
    assert refused.exit_code == 2
    assert "`desk list` lists the desks of a PostgreSQL database" in refused.output
    assert "--desk all" not in refused.output


def test_the_network_in_a_real_process(network_url: str, tmp_path: Path) -> None:
    env = {
        "HELPDESK_DB": network_url,
        "HELPDESK_ADVISER": "ms",
        "HELPDESK_LANG": "it",
        "PATH": "/usr/bin:/bin",
    }
    listed = subprocess.run(
        [sys.executable, "-m", "helpdesk", "--desk", "all", "list", "-f", "csv", "--all"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    assert {row["desk"] for row in rows} == set(DESKS)
    refused = subprocess.run(
        [sys.executable, "-m", "helpdesk", "--desk", "all", "agenda"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert refused.returncode == 2
    assert refused.stderr.strip().startswith("errore:") or "sportello" in refused.stderr
    assert "Traceback" not in refused.stderr


# -- the figures for the whole network --------------------------------------------------------


def test_the_network_summary_adds_up_the_desks(network: NetworkView) -> None:
    from helpdesk.services.network_summary import key_figures, network_summary
    from helpdesk.services.summary import Period, percentile

    figures = network_summary(network, Period())
    own = {name: desk.summary.compute(Period()) for name, desk in network.desks.items()}
    assert [d.desk for d in figures.desks] == list(DESKS)
    whole = key_figures(figures.whole)
    for figure in ("requests", "closed", "open_now", "followups_overdue", "referred"):
        assert whole[figure] == sum(key_figures(s)[figure] for s in own.values()), figure
    assert [d.figures() for d in figures.desks] == [key_figures(s) for s in own.values()]
    for name in ("topic", "status", "adviser"):
        counts: dict[str, int] = {}
        for summary in own.values():
            for row in summary.breakdown(name).rows:
                counts[row.key] = counts.get(row.key, 0) + row.count
        assert figures.whole.breakdown(name).as_dict() == counts, name
    # One business every desk knows is one business of the network, not three.
    assert figures.whole.businesses.served == 2
    # A median is the whole network's, not an average of the desks' medians.
    ages = [
        max((figures.whole.generated - t.created).days, 0)
        for desk in network.desks.values()
        for t in desk.tickets.search("+open")
    ]
    median = percentile(ages, 50)
    assert figures.whole.open.median_age_days == (int(median) if median is not None else None)


def test_the_network_summary_takes_the_filter_on_every_desk(network: NetworkView) -> None:
    from helpdesk.services.network_summary import network_summary
    from helpdesk.services.summary import Period

    mine = network_summary(network, Period(), "assignee:me")
    expected = sum(len(d.tickets.search("assignee:ms", sort="ref")) for d in network.desks.values())
    assert mine.whole.received == expected
    theirs = network_summary(network, Period(), "assignee:a3")
    assert [d.desk for d in theirs.desks] == ["hub-03"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_summary_all_in_every_format(run: CliRunner, network: NetworkView, fmt: str) -> None:
    from helpdesk.services.network_summary import network_summary
    from helpdesk.services.summary import Period

    figures = network_summary(network, Period())
    result = run.invoke(app, ["summary", "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.output
    if fmt == "json":
        data = json.loads(out)
        assert data["tickets"]["received"] == figures.whole.received
        assert [d["desk"] for d in data["desks"]] == list(DESKS)
        assert sum(d["requests"] for d in data["desks"]) == figures.whole.received
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        requests = [r for r in rows if r["key"] == "requests" and r["section"].startswith("desk.")]
        assert [r["section"] for r in requests] == [f"desk.{name}" for name in DESKS]
        assert sum(int(r["value"]) for r in requests) == figures.whole.received
    else:
        assert "By desk" in out
        for name in DESKS:
            assert name in out
        if fmt == "markdown":
            assert "| Desk | Requests |" in out


# -- a business another desk knows ------------------------------------------------------------


def new_desk(url: str, clock: FrozenClock, name: str = "hub-04") -> Desk:
    """A new desk of the network, with the adviser ms, opened as a command opens it."""
    store = set_up_desk(url, desk=name, tz=clock.tz)
    Desk(store, clock, "ms").directory.add_adviser("ms", "Marta Sala")
    store.close()
    return open_desk(settings(url, name), clock=clock)


def test_add_says_in_italian_where_a_business_was_known(
    run: CliRunner, network_url: str, clock: FrozenClock
) -> None:
    share_businesses(network_url, clock, "hub-01")
    new_desk(network_url, clock).close()
    env = {"HELPDESK_DESK": "hub-04", "HELPDESK_LANG": "it"}
    args = ["add", "Vendere online", "-c", SHARED_VAT, "--format", "json"]
    logged = run.invoke(app, args, env=env)
    assert logged.exit_code == 0, logged.output
    assert "Impresa già nota allo sportello hub-01: dati ripresi." in logged.stderr
    assert json.loads(logged.stdout)["company_name"] == "Forno Rossi"
    again = run.invoke(app, args, env=env)
    assert again.exit_code == 0 and "già nota" not in again.stderr  # this desk knows it now


@run_async
async def test_the_tui_says_where_a_new_business_was_known(
    network_url: str, clock: FrozenClock
) -> None:
    from test_tui import SIZE, notices, type_text

    from helpdesk.tui.app import make_app
    from helpdesk.tui.screens.main import MainScreen
    from helpdesk.tui.screens.new_ticket import TicketForm

    share_businesses(network_url, clock, "hub-01")
    desk = new_desk(network_url, clock)
    app = make_app(desk, watch_interval=0)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("n")
            assert isinstance(app.screen, TicketForm)
            await type_text(pilot, "Forno Rossi")
            await pilot.press("enter")
            await type_text(pilot, SHARED_VAT)
            app.screen.query_one("#subject").value = "Vendere il pane online"  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert any(
                "already known at the desk hub-01: its details taken from there" in n
                for n in notices(app)
            )
        company = desk.companies.get(SHARED_VAT)
        assert (company.kind.value, company.province) == ("food_service", "CO")
    finally:
        desk.close()


# -- sharing businesses, by each desk's consent -------------------------------------------------


def log_shared_business(desk: Desk) -> tuple[str | None, Company]:
    """Log a ticket on ``desk`` for the business every other desk knows, by its VAT number and
    a name; where its details were taken from (None: typed here) and the business."""
    logged = desk.tickets.log(
        TicketDraft("Richiesta", company=CompanyDraft("Forno", vat=SHARED_VAT), topics=[])
    )
    assert logged.company is not None
    return logged.company_known_at, logged.company


def test_no_desk_shares_its_businesses_until_it_says_so(
    network_url: str, clock: FrozenClock
) -> None:
    desk = new_desk(network_url, clock)
    try:
        assert not desk.shares_businesses()
        known_at, company = log_shared_business(desk)
        assert known_at is None
        assert (company.name, company.province, company.contacts) == ("Forno", "", [])
    finally:
        desk.close()


def test_sharing_turned_on_then_off_again(network_url: str, clock: FrozenClock) -> None:
    share_businesses(network_url, clock, "hub-02")
    desk = new_desk(network_url, clock, "hub-04")
    try:
        known_at, company = log_shared_business(desk)
        assert known_at == "hub-02"  # hub-01 knows it too, but does not share
        assert [c.email for c in company.contacts] == ["anna@hub-02.it"]
    finally:
        desk.close()
    share_businesses(network_url, clock, "hub-02", on=False)
    desk = new_desk(network_url, clock, "hub-05")
    try:
        assert log_shared_business(desk) == (None, desk.companies.get(SHARED_VAT))
        assert desk.companies.get(SHARED_VAT).contacts == []
    finally:
        desk.close()


def test_desk_sharing_is_shown_and_set_in_both_languages(
    run: CliRunner, network_url: str, clock: FrozenClock
) -> None:
    english = {"HELPDESK_DESK": "hub-01"}
    italian = {"HELPDESK_DESK": "hub-01", "HELPDESK_LANG": "it"}

    def line(args: list[str], env: dict[str, str]) -> str:
        answer = run.invoke(app, ["desk", "sharing", *args], env=env)
        assert answer.exit_code == 0, answer.output
        assert len(answer.stdout.strip().splitlines()) == 1
        return answer.stdout.strip()

    assert line([], english).startswith("This desk keeps its businesses' details to itself")
    assert line([], italian).startswith("Questo sportello tiene per sé i dati delle sue imprese")
    assert line(["on"], english) == (
        "This desk now offers its businesses' details to the other desks of the database."
    )
    assert line([], italian) == (
        "Questo sportello offre i dati delle sue imprese agli altri sportelli dell'archivio."
    )
    data = json.loads(run.invoke(app, ["desk", "list", "-f", "json"]).output)
    assert {d["desk"]: d["shares_businesses"] for d in data} == {
        "hub-01": True,
        "hub-02": False,
        "hub-03": False,
    }
    table = run.invoke(app, ["desk", "list"], env={"COLUMNS": "200"}).output
    assert "Shares businesses" in table
    assert [row.split()[-1] for row in table.splitlines() if row.strip().startswith("hub-")] == [
        "yes",
        "no",
        "no",
    ]
    assert line(["off"], italian) == (
        "Questo sportello non offre più i dati delle sue imprese agli altri sportelli."
    )
    assert line([], english).startswith("This desk keeps its businesses' details to itself")
    desk = new_desk(network_url, clock)
    try:
        assert log_shared_business(desk)[0] is None
    finally:
        desk.close()
    refused = run.invoke(app, ["desk", "sharing", "maybe"], env=english)
    assert refused.exit_code == 2 and "Traceback" not in refused.output


def test_desk_sharing_on_a_database_file_is_one_message(run: CliRunner, tmp_path: Path) -> None:
    file = str(tmp_path / "desk.json")
    env = {"HELPDESK_DESK": ""}
    assert run.invoke(app, ["--db", file, "init"], env=env).exit_code == 0
    for args, message in (
        ([], "a database file holds one desk"),
        (["on"], "a database file holds one desk"),
        (["--lang", "it"], "un archivio su file ha un solo sportello"),
    ):
        lang = args[:2] if args[:1] == ["--lang"] else []
        rest = args[2:] if lang else args
        refused = run.invoke(app, ["--db", file, *lang, "desk", "sharing", *rest], env=env)
        assert refused.exit_code == 2, (args, refused.output)
        assert message in refused.output
        assert len(refused.output.strip().splitlines()) == 1
