"""The PostgreSQL store on a real server: setting a database up, its schema's promises, desks,
passwords, several advisers at once, and the same answers as the file store.

The server is the test server of tests/postgres.py; the cases every store shares run in
tests/test_storage.py, and the services' tests run on PostgreSQL with
``HELPDESK_TEST_STORE=postgres``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import psycopg
import pytest
from postgres import Server, new_desk_name
from test_tui_data import run_async
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.domain.enums import Priority
from helpdesk.domain.filters import compile_query
from helpdesk.domain.models import Company
from helpdesk.domain.ordering import sort_keys, sort_names, urgency
from helpdesk.errors import Conflict, EditConflict, StoreError
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk, open_desk
from helpdesk.services.identity import ActingRefused, act_as_adviser
from helpdesk.services.tickets import TicketDraft
from helpdesk.store.interface import TicketPage
from helpdesk.store.postgres import PostgresStore, masked, set_up_desk, upgrade_database
from helpdesk.store.postgres.schema import LATEST, migrations
from helpdesk.tui.app import make_app
from helpdesk.tui.widgets.ticket_list import TicketList


@pytest.fixture
def fresh_database(pg_server: Server) -> str:
    """The URL of a new database that helpdesk never set up."""
    return pg_server.create_database()


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[CliRunner]:
    """A CLI runner in an empty folder acting as ``ms``, with no database chosen yet."""
    for name in ("HELPDESK_DB", "HELPDESK_DESK", "HELPDESK_TZ", "HELPDESK_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    monkeypatch.chdir(tmp_path)
    yield CliRunner()


def pg_desk(url: str, clock: FrozenClock, name: str | None = None) -> Desk:
    """A desk of its own in the database at ``url``, with the adviser ``ms``."""
    store = set_up_desk(url, desk=name or new_desk_name(), tz=clock.tz)
    desk = Desk(store, clock, "ms")
    desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
    return desk


def log(desk: Desk, subject: str, **fields: object) -> int:
    """Log a ticket; its reference."""
    return desk.tickets.log(TicketDraft(subject, **fields)).ticket.ref  # type: ignore[arg-type]


# -- setting a database up --------------------------------------------------------------------


def test_a_desk_is_set_up_upgraded_and_worked_through_the_cli(
    run: CliRunner, fresh_database: str, tmp_path: Path
) -> None:
    env = {"HELPDESK_DB": fresh_database}
    listed = run.invoke(app, ["list"], env=env)
    assert listed.exit_code == 1
    assert "holds no helpdesk desk yet" in listed.output
    assert "helpdesk --db URL init" in listed.output

    made = run.invoke(app, ["init", "--adviser", "ms", "--name", "Marta Sala"], env=env)
    assert made.exit_code == 0, made.output
    assert "created postgresql://postgres@/" in made.output
    assert "(desk main) with adviser ms" in made.output
    again = run.invoke(app, ["init"], env=env)
    assert again.exit_code == 1
    assert "already holds the desk 'main'; it was left untouched" in again.output

    upgraded = run.invoke(app, ["upgrade"], env=env)
    assert upgraded.exit_code == 0 and "is up to date" in upgraded.output
    added = run.invoke(
        app, ["add", "Vendere online", "-t", "ecommerce", "--company", "Caffè Nerò"], env=env
    )
    assert added.exit_code == 0, added.output
    shown = run.invoke(app, ["--db", fresh_database, "list", "caffe nero"])
    assert "Vendere online" in shown.output
    assert not (tmp_path / "tickets.json").exists()  # nothing went to a file


def test_upgrade_applies_each_missing_migration_once(run: CliRunner, fresh_database: str) -> None:
    first = run.invoke(app, ["--db", fresh_database, "upgrade"])
    assert first.exit_code == 0, first.output
    names = [
        "0001_desks.sql",
        "0002_trigram_search.sql",
        "0003_listing_order.sql",
        "0004_trigrams_by_desk.sql",
        "0005_network.sql",
        "0006_reference_count.sql",
        "0007_due_index.sql",
    ]
    assert [m.name for m in migrations()] == names
    assert f"upgraded: {', '.join(names)}" in first.output
    with psycopg.connect(fresh_database) as conn:
        versions = [v for (v,) in conn.execute("SELECT version FROM helpdesk_schema ORDER BY 1")]
    assert versions == [1, 2, 3, 4, 5, 6, 7] and LATEST == 7
    assert upgrade_database(fresh_database) == []


def test_a_database_of_a_newer_helpdesk_is_refused(fresh_database: str, clock: FrozenClock) -> None:
    pg_desk(fresh_database, clock, "main")
    with psycopg.connect(fresh_database) as conn:
        conn.execute("INSERT INTO helpdesk_schema (version, name) VALUES (99, '0099_future.sql')")
    settings = Settings.from_env({}, db=fresh_database, adviser="ms")
    with pytest.raises(StoreError, match="schema version 99, newer than this helpdesk knows"):
        open_desk(settings, clock=clock).tickets.all()
    with pytest.raises(StoreError, match="newer than this helpdesk knows"):
        upgrade_database(fresh_database)


def test_commands_for_a_file_refuse_a_server_in_one_line(run: CliRunner, pg_database: str) -> None:
    for command in (["check"], ["restore"], ["demo"]):
        result = run.invoke(app, ["--db", pg_database, *command])
        assert result.exit_code == 1, command
        assert result.output.startswith("error: This command works on a database file")
    assert not any(Path().iterdir())  # no file of the URL's name, no tickets.json


def test_desk_picks_the_hub_and_init_adds_each(run: CliRunner, pg_database: str) -> None:
    como, lecco = new_desk_name(), new_desk_name()
    for name in (como, lecco):
        made = run.invoke(app, ["--db", pg_database, "--desk", name, "init"])
        assert made.exit_code == 0, made.output
        assert f"(desk {name})" in made.output
    env = {"HELPDESK_DB": pg_database, "HELPDESK_DESK": como}
    assert run.invoke(app, ["adviser", "add", "ms", "Marta Sala"], env=env).exit_code == 0
    assert run.invoke(app, ["add", "Solo a Como"], env=env).exit_code == 0
    at_como = run.invoke(app, ["list", "--format", "json"], env=env)
    at_lecco = run.invoke(app, ["--desk", lecco, "list", "--format", "json"], env=env)
    assert "Solo a Como" in at_como.output
    assert at_lecco.exit_code == 0 and "Solo a Como" not in at_lecco.output


@pytest.mark.parametrize("name", ["Como", "all", "-x", "como hub"])
def test_a_desk_name_that_cannot_be_is_refused(run: CliRunner, pg_database: str, name: str) -> None:
    result = run.invoke(app, ["--db", pg_database, "--desk", name, "init"])
    assert result.exit_code == 1
    assert result.output.startswith("error: A desk's name is lower-case letters, digits, -")
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT count(*) FROM desks WHERE name = %s", (name,)).fetchone() == (
            0,
        )


def test_a_lost_connection_is_one_message_and_the_next_use_connects_again(
    pg_database: str, clock: FrozenClock
) -> None:
    desk = pg_desk(pg_database, clock)
    log(desk, "Prima")
    with psycopg.connect(pg_database, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'helpdesk' AND pid <> pg_backend_pid()"
        )
    with pytest.raises(StoreError, match=r"^postgresql://postgres@/helpdesk \(desk t"):
        desk.tickets.all()
    assert [t.subject for t in desk.tickets.all()] == ["Prima"]


def test_a_large_import_checked_on_two_cores_goes_in_whole(
    run: CliRunner, pg_database: str, tmp_path: Path
) -> None:
    """An import of thousands of rows checks them in a forked child too: the child must not
    talk on its parent's connection to the server."""
    name = new_desk_name()
    made = run.invoke(
        app, ["--db", pg_database, "--desk", name, "init", "--adviser", "ms", "--name", "Marta"]
    )
    assert made.exit_code == 0, made.output
    rows = ["Oggetto;Ragione sociale;Tema;Consulente"] + [
        f"Richiesta {i};Azienda {i % 300};e-commerce;ms" for i in range(2500)
    ]
    (tmp_path / "form.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    imported = subprocess.run(
        [
            sys.executable,
            "-m",
            "helpdesk",
            "--db",
            pg_database,
            "--desk",
            name,
            "import",
            "form.csv",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "HELPDESK_SERVER": "off", "HELPDESK_ADVISER": "ms"},
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    assert "created 2500" in imported.stdout
    with psycopg.connect(pg_database) as conn:
        counted = conn.execute(
            "SELECT count(*) FROM tickets JOIN desks ON desks.id = desk_id WHERE name = %s",
            (name,),
        ).fetchone()
    assert counted == (2500,)


# -- passwords --------------------------------------------------------------------------------


def test_a_desks_connection_leaves_its_short_queries_uncompiled(pg_database: str) -> None:
    # The server's JIT would compile a listing's query at a million tickets: off for a desk's
    # sessions, whatever the server's default (on, in PostgreSQL 15).
    from helpdesk.store.postgres.connection import connect

    with psycopg.connect(pg_database) as other:
        assert other.execute("SHOW jit").fetchone() == ("on",)
    with connect(pg_database) as conn:
        assert conn.execute("SHOW jit").fetchone() == ("off",)


def test_a_password_is_never_shown() -> None:
    url = "postgresql://ms:s3cret-pw@db.hub.example:5433/helpdesk?sslmode=require&password=x"
    assert masked(url) == "postgresql://ms@db.hub.example:5433/helpdesk"
    store = PostgresStore(url, desk="como")
    assert "s3cret" not in store.describe() and "s3cret" not in repr(store)
    unreachable = "postgresql://ms:s3cret-pw@/helpdesk?host=/nonexistent&connect_timeout=1"
    with pytest.raises(StoreError) as refused:
        PostgresStore(unreachable).ticket_count()
    assert "s3cret" not in refused.value.message
    assert refused.value.message.startswith("Cannot connect to postgresql://ms@/helpdesk:")


def test_the_password_file_gives_the_password(
    pg_server: Server,
    pg_database: str,
    clock: FrozenClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pg_desk(pg_database, clock, "pgpass")
    pg_server.add_role_with_password("adviser", "pw-from-file")
    url = pg_database.replace("postgres@", "adviser@")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "nowhere"))
    with pytest.raises(StoreError, match="password"):
        PostgresStore(url, desk="pgpass").ticket_count()
    passfile = tmp_path / "pgpass"
    passfile.write_text("*:*:*:adviser:pw-from-file\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    desk = open_desk(Settings.from_env({"HELPDESK_DESK": "pgpass"}, db=url), clock=clock)
    assert log(desk, "Chiamata") == 1 and desk.actor == "adviser"
    assert "pw-from-file" not in desk.location()


# -- who acts: each adviser's own role ----------------------------------------------------


def adviser_role(pg_server: Server, database: str) -> tuple[str, str]:
    """A new login role (no superuser, trusted on the socket) that reads and writes every
    table; its name and the URL of ``database`` connected as it."""
    role = "r" + uuid.uuid4().hex[:8]
    with psycopg.connect(pg_server.url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
        conn.execute(f'GRANT pg_read_all_data, pg_write_all_data TO "{role}"')
    return role, database.replace("postgres@", f"{role}@")


def test_an_adviser_acts_as_their_role_and_cannot_act_as_another(
    pg_server: Server, pg_database: str, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    boss = pg_desk(pg_database, clock)
    role, url = adviser_role(pg_server, pg_database)
    boss.directory.add_adviser(role, "Giulio Bassi")
    ref = log(boss, "Bando export")
    on_desk = {"HELPDESK_DESK": boss.ctx.store.desk}  # type: ignore[attr-defined]

    mine = open_desk(Settings.from_env(on_desk, db=url), clock=clock)
    assert mine.actor == role
    mine.tickets.triage(ref, priority="high")
    mine.tickets.add_note(ref, "Richiamato")
    ticket = boss.tickets.get(ref)
    assert [c.who for c in ticket.history if c.field == "priority"] == [role]
    assert [n.who for n in ticket.notes] == [role]
    assert open_desk(Settings.from_env(on_desk, db=url, adviser=role.upper())).actor == role

    for chosen in (
        Settings.from_env(on_desk, db=url, adviser="ms"),
        Settings.from_env({**on_desk, "HELPDESK_ADVISER": "ms"}, db=url),
    ):
        with pytest.raises(ActingRefused) as refused:
            open_desk(chosen, clock=clock)
        assert f"role {role!r}" in refused.value.message
        assert "'ms'" in refused.value.message and "s3cret" not in refused.value.message
    with pytest.raises(ActingRefused):
        act_as_adviser(mine, "ms")  # the terminal UI's choice of who you are
    assert mine.actor == role
    # A superuser could rewrite any record anyway: it may act as any adviser.
    assert open_desk(Settings.from_env(on_desk, db=pg_database, adviser="ms")).actor == "ms"


def test_the_cli_refuses_as_another_adviser_in_one_line(
    pg_server: Server, pg_database: str, clock: FrozenClock, run: CliRunner
) -> None:
    boss = pg_desk(pg_database, clock)
    role, url = adviser_role(pg_server, pg_database)
    boss.directory.add_adviser(role, "Giulio Bassi")
    ref = log(boss, "Bando export")
    where = ["--db", url, "--desk", boss.ctx.store.desk]  # type: ignore[attr-defined]
    refused = run.invoke(app, [*where, "--as", "ms", "note", str(ref), "Finta"])
    assert refused.exit_code != 0 and "Traceback" not in refused.output
    assert "you cannot act as 'ms'" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
    done = run.invoke(app, [*where, "--as", role, "note", str(ref), "Vera"])
    assert done.exit_code == 0, done.output
    assert [(n.who, n.text) for n in boss.tickets.get(ref).notes] == [(role, "Vera")]


# -- the schema's promises ----------------------------------------------------------------


def test_the_lifecycle_states_are_checked_by_the_schema(
    pg_database: str, clock: FrozenClock
) -> None:
    desk = pg_desk(pg_database, clock)
    ref = log(desk, "Stato")
    with psycopg.connect(pg_database) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("UPDATE tickets SET status = 'lost' WHERE ref = %s", (ref,))


def test_a_vat_number_is_unique_per_desk(pg_database: str, clock: FrozenClock) -> None:
    como, lecco = pg_desk(pg_database, clock), pg_desk(pg_database, clock)
    como.ctx.store.add_company(Company("Forno d'Oro", vat="01114601006"))
    with pytest.raises(Conflict, match="companies_vat_unique_per_desk"):
        como.ctx.store.add_company(Company("Forno Doro bis", vat="01114601006"))
    lecco.ctx.store.add_company(Company("Forno d'Oro", vat="01114601006"))  # another hub
    assert [c.name for c in como.ctx.store.companies()] == ["Forno d'Oro"]


def test_a_ticket_names_only_a_company_of_its_desk(pg_database: str, clock: FrozenClock) -> None:
    como, lecco = pg_desk(pg_database, clock), pg_desk(pg_database, clock)
    theirs = lecco.ctx.store.add_company(Company("Solo a Lecco"))
    draft = TicketDraft("Vendere online")
    logged = como.tickets.log(draft).ticket
    logged.company_id = theirs.id
    with pytest.raises(Conflict, match="foreign key"):
        como.ctx.store.save_ticket(logged)
    assert como.tickets.get(logged.ref).company_id is None


def test_desks_of_one_database_keep_their_records_apart(
    pg_database: str, clock: FrozenClock
) -> None:
    como, lecco = pg_desk(pg_database, clock), pg_desk(pg_database, clock)
    assert [log(como, "Bando Como"), log(como, "Sito Como"), log(lecco, "Bando Lecco")] == [1, 2, 1]
    assert [t.subject for t in como.tickets.search("bando")] == ["Bando Como"]
    assert [t.subject for t in lecco.tickets.all()] == ["Bando Lecco"]
    assert como.version() != lecco.version()


# -- several advisers at once ---------------------------------------------------------------


def test_a_change_is_seen_by_another_advisers_connection(
    pg_database: str, clock: FrozenClock
) -> None:
    name = new_desk_name()
    mine = pg_desk(pg_database, clock, name)
    theirs = Desk(PostgresStore(pg_database, desk=name, tz=clock.tz), clock, "ms")
    seen = theirs.version()
    ref = log(mine, "Nuova richiesta")
    assert theirs.version() != seen
    assert theirs.tickets.get(ref).subject == "Nuova richiesta"


def test_two_advisers_noting_the_same_ticket_at_once_lose_nothing(
    pg_database: str, clock: FrozenClock
) -> None:
    name = new_desk_name()
    first = pg_desk(pg_database, clock, name)
    ref = log(first, "Richiesta condivisa")
    advisers = [Desk(PostgresStore(pg_database, desk=name), clock, "ms") for _ in range(4)]
    start = threading.Barrier(len(advisers))
    errors: list[BaseException] = []

    def work(desk: Desk, who: int) -> None:
        try:
            start.wait()
            for n in range(15):
                desk.tickets.add_note(ref, f"nota {who}-{n}")
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(d, i)) for i, d in enumerate(advisers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    notes = [n.text for n in first.tickets.get(ref).notes]
    assert sorted(notes) == sorted(f"nota {i}-{n}" for i in range(4) for n in range(15))


def test_the_second_of_two_conflicting_edits_is_refused(
    pg_database: str, clock: FrozenClock
) -> None:
    name = new_desk_name()
    mine = pg_desk(pg_database, clock, name)
    ref = log(mine, "Da smistare")
    theirs = Desk(PostgresStore(pg_database, desk=name), clock, "ms")
    shown: dict[str, object] = {"topics": [], "priority": "normal", "assignee": None}
    theirs.tickets.triage(ref, priority="high", expected=shown)
    with pytest.raises(EditConflict, match="priority"):
        mine.tickets.triage(ref, priority="low", expected=shown)
    assert mine.tickets.get(ref).priority is Priority.HIGH


@run_async
async def test_the_tui_takes_in_another_advisers_change_when_it_is_announced(
    pg_database: str, clock: FrozenClock
) -> None:
    name = new_desk_name()
    mine = pg_desk(pg_database, clock, name)
    log(mine, "Prima richiesta")
    theirs = Desk(PostgresStore(pg_database, desk=name, tz=clock.tz), clock, "ms")
    # Polled once an hour: only the server's notification can bring the change in time.
    app = make_app(mine, watch_interval=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = app.screen.query_one(TicketList)
        assert [t.ref for t in shown.tickets] == [1]
        log(theirs, "Seconda richiesta")
        for _ in range(500):  # until the notification has come and been taken in
            if len(shown.tickets) == 2:
                break
            await pilot.pause(0.01)
        assert sorted(t.subject for t in shown.tickets) == ["Prima richiesta", "Seconda richiesta"]
    assert app._stop_watching is None  # stopped listening with the app


# -- the same answers as the file store -------------------------------------------------------

QUERIES = [
    "",
    "status:open",
    "status:new,triaged",
    "priority:high,urgent",
    "topic:ecommerce",
    "topic:ecommerce topic:grants",
    "assignee:ms",
    "+unassigned",
    "channel:email",
    "citta",
    "vend",
    '"forno d"',
    "company:forno",
    "100%",
    "a_b",
    "ref:2,3",
    "-status:new",
]


def test_every_query_finds_what_the_file_store_finds(pg_database: str, clock: FrozenClock) -> None:
    on_file = memory_desk(clock, actor="ms")
    on_file.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
    on_server = pg_desk(pg_database, clock)
    drafts = [
        TicketDraft("Vendere online", topics=["ecommerce"], priority="high", assignee="ms"),
        TicketDraft(
            "Bando città 100% digitale",
            description="Contributi per la Città",
            topics=["grants"],
            channel="email",
            company=CompanyDraft("Forno d'Oro S.r.l."),
        ),
        TicketDraft("Sito a_b", topics=["ecommerce", "grants"], priority="urgent"),
        TicketDraft("Nessun tema", company=CompanyDraft("Forno d'Oro S.r.l.")),
    ]
    for desk in (on_file, on_server):
        for draft in drafts:
            desk.tickets.log(draft)
        desk.tickets.triage(2, assignee="ms")
    for query in QUERIES:
        expected = [t.ref for t in on_file.tickets.search(query, sort="ref")]
        assert [t.ref for t in on_server.tickets.search(query, sort="ref")] == expected, query


#: The names of the sort keys.
ORDER_KEYS = list(sort_keys({}, date(2026, 11, 20)))

#: Every order the CLI and the TUI list by, each way.
ORDERS = [
    "urgency",
    "-urgency",
    "ref",
    "-ref",
    "created",
    "-age",
    "updated",
    "priority,-created",
    "-priority,status",
    "status",
    "assignee,ref",
    "-assignee",
    "channel,-priority",
    "due",
    "-due",
    "company",
    "subject",
]


def worked_desk(desk: Desk) -> Desk:
    """A desk's tickets in every state an order tells apart: ages, priorities, statuses,
    assignees, channels, follow-ups overdue, due today, later (on a day or at a time), done."""
    days = ["2026-09-01", "2026-10-20", "2026-11-19", "2026-11-20", "2026-11-01", "2026-08-15"]
    for i in range(12):
        desk.tickets.log(
            TicketDraft(
                ["Vendere online", "Bando città", "Sito web", "Credito"][i % 4],
                topics=[["ecommerce"], ["grants"], ["ecommerce", "grants"], []][i % 4],
                priority=["low", "normal", "high", "urgent", "normal"][i % 5],
                channel=["phone", "email", "web"][i % 3],
                created=datetime.fromisoformat(days[i % 6] + "T09:30:00+01:00"),
                company=CompanyDraft("Forno d'Oro S.r.l.") if i % 5 == 0 else None,
            )
        )
    desk.directory.add_adviser("gb", "Giulio Bassi")
    for ref, assignee in ((2, "ms"), (3, "gb"), (5, "ms"), (8, "gb")):
        desk.tickets.triage(ref, assignee=assignee)
    desk.tickets.set_status(5, "in_progress")
    desk.tickets.set_status(5, "waiting")
    desk.tickets.close(8, "withdrawn")
    for ref, due in ((1, "2026-11-10"), (3, "oggi"), (4, "2026-11-25 15:30"), (6, "+1w")):
        desk.followups.add(ref, due, "richiamare", allow_past=True)
    desk.followups.add(7, "2026-11-02", allow_past=True)
    desk.followups.done(7)
    desk.followups.add(9, "2026-11-25", allow_past=True)
    desk.followups.add(12, "2026-11-25 00:00", allow_past=True)
    return desk


def test_every_order_and_page_is_the_file_stores(pg_database: str, clock: FrozenClock) -> None:
    on_file = memory_desk(clock, actor="ms")
    on_file.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
    worked_desk(on_file)
    on_server = worked_desk(pg_desk(pg_database, clock))
    queries = ["", "status:open", "priority:normal,high topic:grants", "vend", "+overdue"]
    # A query no status passes (open and closed at once) finds nothing, in every order.
    for query in [*queries, "status:open status:closed"]:
        for order in ORDERS:
            expected = [t.ref for t in on_file.tickets.search(query, sort=order)]
            found = [t.ref for t in on_server.tickets.search(query, sort=order)]
            assert found == expected, (query, order)
            for offset, limit in ((0, 5), (5, 5), (10, 5), (3, None)):
                page = on_server.tickets.search(query, sort=order, offset=offset, limit=limit)
                end = None if limit is None else offset + limit
                assert [t.ref for t in page] == expected[offset:end], (query, order, offset)


def test_closed_tickets_are_merged_into_the_urgency_order_as_the_file_store_ranks_them(
    pg_database: str, clock: FrozenClock
) -> None:
    # Resolved and closed tickets score 0 and are read in reference order apart from the open
    # ones: open tickets scoring 0 (a low one logged today) and less (a low one waiting) must
    # fall among and after them as the file store sorts them.
    def more_states(desk: Desk) -> Desk:
        worked_desk(desk)
        for subject in ("Oggi", "In attesa"):
            ref = desk.tickets.log(TicketDraft(subject, priority="low")).ticket.ref
            desk.tickets.triage(ref, assignee="ms")
        desk.tickets.set_status(ref, "in_progress")
        desk.tickets.set_status(ref, "waiting")
        for ref in (2, 6, 11):
            desk.tickets.close(ref, "withdrawn")
        desk.tickets.set_status(3, "in_progress")
        desk.tickets.set_status(3, "resolved")
        return desk

    on_file = memory_desk(clock, actor="ms")
    on_file.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
    more_states(on_file)
    on_server = more_states(pg_desk(pg_database, clock))
    queries = ["", "status:done", "status:new,closed", "status:waiting,resolved", "+due"]
    for query in [*queries, "priority:low", "status:open", "+overdue status:closed"]:
        for order in ("urgency", "-urgency", "urgency,-ref", "-urgency,due", "due", "-due"):
            expected = [t.ref for t in on_file.tickets.search(query, sort=order)]
            for offset, limit in ((0, 4), (4, 4), (9, 5), (2, None)):
                page = on_server.tickets.search(query, sort=order, offset=offset, limit=limit)
                end = None if limit is None else offset + limit
                assert [t.ref for t in page] == expected[offset:end], (query, order, offset)
    scores = {t.ref: urgency(t, clock.today()) for t in on_file.tickets.search("")}
    assert min(scores.values()) < 0 and list(scores.values()).count(0.0) > 4


def test_the_server_answers_a_listing_page_it_can_say_in_sql(
    pg_database: str, clock: FrozenClock
) -> None:
    desk = worked_desk(pg_desk(pg_database, clock))
    store = desk.ctx.store
    context = desk.tickets.filter_context()
    today = clock.today()

    def page(query: str, order: str) -> list[int] | None:
        narrowing = compile_query(query, context).narrowing
        names = tuple(sort_names(order, ORDER_KEYS))
        found = store.ticket_page(TicketPage(narrowing, names, today, 1, 3), partial=True)
        return None if found is None else [t.ref for t in found]

    expected = [t.ref for t in desk.tickets.search("status:open vend", sort="due")][1:4]
    assert page("status:open vend", "due") == expected
    assert page("status:open", "company") is None  # names are folded in Python
    assert page("company:forno", "ref") is None  # the query says more than its narrowing
    assert page("not status:new", "ref") is None


def test_follow_up_moments_saved_before_schema_3_are_worked_out(
    pg_database: str, clock: FrozenClock
) -> None:
    desk = worked_desk(pg_desk(pg_database, clock))
    expected = [t.ref for t in desk.tickets.search("", sort="urgency")]
    store = desk.ctx.store
    assert isinstance(store, PostgresStore)
    with psycopg.connect(pg_database, autocommit=True) as conn:
        conn.execute(
            "UPDATE tickets SET next_due = NULL, due_zone = NULL WHERE desk_id = %s",
            (store.desk_id,),
        )
    fresh = Desk(PostgresStore(pg_database, desk=store.desk, tz=clock.tz), clock, "ms")
    assert [t.ref for t in fresh.tickets.search("", sort="urgency")] == expected
    with psycopg.connect(pg_database) as conn:
        unset = conn.execute(
            "SELECT count(*) FROM tickets WHERE desk_id = %s AND due_zone IS NULL",
            (store.desk_id,),
        ).fetchone()
    assert unset == (0,)
