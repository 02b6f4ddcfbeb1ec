"""The PostgreSQL store keeps the desk's companies, topics and advisers between reads while no
one changes them: what it hands out is always what the server holds.

Another adviser's change to them, this adviser's own change inside a transaction (and its
rollback), and a change to tickets alone, each against what a listing then sees.
"""

from __future__ import annotations

import psycopg
import pytest
from postgres import Server, new_desk_name
from test_postgres import log, pg_desk

from helpdesk.dates import FrozenClock
from helpdesk.domain.models import Company, Topic
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.store.postgres import PostgresStore, set_up_desk


def two_advisers(url: str, clock: FrozenClock) -> tuple[Desk, Desk]:
    """Two advisers' desks on one desk of the database, each with its own connection."""
    name = new_desk_name()
    mine = pg_desk(url, clock, name)
    theirs = Desk(PostgresStore(url, desk=name, tz=clock.tz), clock, "ms")
    return mine, theirs


def test_another_advisers_new_and_renamed_companies_are_seen_at_once(
    pg_database: str, clock: FrozenClock
) -> None:
    mine, theirs = two_advisers(pg_database, clock)
    ref = log(mine, "Sito nuovo", company=CompanyDraft("Rossi Srl"))
    assert [t.subject for t in theirs.tickets.search("company:rossi")] == ["Sito nuovo"]
    company = theirs.ctx.store.companies()[0]
    company.name = "Bianchi Snc"
    mine.ctx.store.save_company(company)
    log(mine, "Altra richiesta", company=CompanyDraft("Verdi Spa"))
    assert theirs.tickets.search("company:rossi") == []
    assert [t.ref for t in theirs.tickets.search("company:bianchi")] == [ref]
    names = {c.name for c in theirs.ctx.store.companies_by_id().values()}
    assert names == {"Bianchi Snc", "Verdi Spa"}


def test_another_advisers_new_adviser_and_topic_are_seen_at_once(
    pg_database: str, clock: FrozenClock
) -> None:
    mine, theirs = two_advisers(pg_database, clock)
    assert [a.key for a in theirs.ctx.store.advisers()] == ["ms"]
    before = [t.key for t in theirs.ctx.store.topics()]
    mine.directory.add_adviser("gb", "Giulia Bassi")
    mine.ctx.store.save_topic(Topic("droni", "Drones", "Droni", ["drone"]))
    assert [a.key for a in theirs.ctx.store.advisers()] == ["ms", "gb"]
    assert [t.key for t in theirs.ctx.store.topics()] == [*before, "droni"]
    log(mine, "Droni in agricoltura", topics=["droni"], assignee="gb")
    found = theirs.tickets.search("assignee:gb topic:droni")
    assert [t.subject for t in found] == ["Droni in agricoltura"]


def test_a_change_of_ones_own_is_seen_inside_its_transaction_and_gone_after_a_rollback(
    pg_database: str, clock: FrozenClock
) -> None:
    desk = pg_desk(pg_database, clock)
    store = desk.ctx.store
    assert store.companies() == []
    with pytest.raises(RuntimeError), store.transaction():
        store.add_company(Company("Rossi Srl"))
        assert [c.name for c in store.companies()] == ["Rossi Srl"]
        assert [c.name for c in store.companies_by_id().values()] == ["Rossi Srl"]
        raise RuntimeError("rolled back")
    assert store.companies() == []
    store.add_company(Company("Verdi Spa"))
    assert [c.name for c in store.companies()] == ["Verdi Spa"]


def test_the_kept_records_are_handed_back_while_only_tickets_change(
    pg_database: str, clock: FrozenClock
) -> None:
    mine, theirs = two_advisers(pg_database, clock)
    log(mine, "Prima", company=CompanyDraft("Rossi Srl"))
    store = theirs.ctx.store
    assert isinstance(store, PostgresStore)
    first = store._reference.rows(store._rows, store.desk_id, "companies", trust=True)
    mine.tickets.add_note(1, "richiamato")
    mine.tickets.log(TicketDraft("Seconda"))
    again = store._reference.rows(store._rows, store.desk_id, "companies", trust=True)
    assert again is first and [record["name"] for _, record in again] == ["Rossi Srl"]
    log(mine, "Terza", company=CompanyDraft("Verdi Spa"))
    moved = store._reference.rows(store._rows, store.desk_id, "companies", trust=True)
    assert [record["name"] for _, record in moved] == ["Rossi Srl", "Verdi Spa"]


def test_a_desk_written_whole_leaves_the_planner_its_statistics(
    pg_server: Server, clock: FrozenClock
) -> None:
    url = pg_server.create_database()
    source = pg_desk(url, clock)
    for n in range(3):
        log(source, f"Richiesta {n}", company=CompanyDraft(f"Impresa {n}"))
    target = set_up_desk(url, desk=new_desk_name(), tz=clock.tz)
    target.write_tables(source.ctx.store.read_tables())
    with psycopg.connect(url) as conn:
        analysed = conn.execute(
            "SELECT relname FROM pg_stat_user_tables"
            " WHERE relname IN ('tickets', 'companies') AND last_analyze IS NOT NULL"
            " ORDER BY relname"
        ).fetchall()
    assert analysed == [("companies",), ("tickets",)]
    assert [t.subject for t in target.tickets()] == ["Richiesta 0", "Richiesta 1", "Richiesta 2"]


def test_a_ticket_saved_after_its_company_was_renamed_in_one_transaction_is_found_by_the_new_name(
    pg_database: str, clock: FrozenClock
) -> None:
    desk = pg_desk(pg_database, clock)
    ref = log(desk, "Sito nuovo", company=CompanyDraft("Rossi Srl"))
    store = desk.ctx.store
    with store.transaction():
        ticket = store.ticket(ref)
        assert ticket is not None
        company = store.companies()[0]
        company.name = "Bianchi Snc"
        store.save_company(company)
        ticket.subject = "Sito rinnovato"
        store.save_ticket(ticket)
    assert desk.tickets.search("rossi") == []
    assert [t.subject for t in desk.tickets.search("bianchi")] == ["Sito rinnovato"]
