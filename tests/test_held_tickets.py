"""A front end holding the desk takes in another process's change by building only the tickets
it touched: unchanged tickets keep their objects, and what the index derived from them stays
right (compared with an index read afresh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.company_edits import CompanyChanges
from helpdesk.services.desk import Desk
from helpdesk.services.factory import open_desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.tui.index import SORTS, TicketIndex


def clock() -> FrozenClock:
    return FrozenClock("2026-11-20 10:00")


def file_desk(db: Path, adviser: str) -> Desk:
    """A desk on ``db`` as one process opens it."""
    return open_desk(Settings(db=db, adviser=adviser), clock=clock())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A file desk of six tickets, three companies."""
    path = tmp_path / "tickets.json"
    desk = file_desk(path, "ms")
    desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
    desk.directory.add_adviser("gb", "Giulio Bassi", topics=["grants"])
    for n, name in enumerate(["Forno Rossi", "Bar Sport", "Officina Neri"] * 2, start=1):
        desk.tickets.log(
            TicketDraft(f"Richiesta {n}", "Vendere online", company=CompanyDraft(name=name))
        )
    return path


def test_a_second_read_keeps_the_objects_of_unchanged_tickets(db: Path) -> None:
    ours, theirs = file_desk(db, "ms"), file_desk(db, "gb")
    first = ours.tickets.held()
    assert [t.ref for t in first.tickets] == first.built == [1, 2, 3, 4, 5, 6]
    assert all(t.partial for t in first.tickets)

    theirs.tickets.add_note(1, "Richiamato")  # kept apart from the ticket: not built again
    theirs.tickets.triage(2, topics=["grants"], assignee="gb")
    theirs.tickets.log(TicketDraft("Una nuova richiesta", "Bandi"))
    second = ours.tickets.held(first)

    assert second.built == [2, 7]
    by_ref = {t.ref: t for t in second.tickets}
    for ref in (1, 3, 4, 5, 6):
        assert by_ref[ref] is first.tickets[ref - 1]
    assert by_ref[2] is not first.tickets[1] and by_ref[2].assignee == "gb"
    assert by_ref[7].subject == "Una nuova richiesta"
    assert ours.tickets.held(second).built == []  # nothing changed since


def test_a_read_after_a_change_of_our_own_builds_that_ticket_again(db: Path) -> None:
    ours = file_desk(db, "ms")
    first = ours.tickets.held()
    ours.tickets.triage(3, topics=["grants"], assignee="gb")
    second = ours.tickets.held(first)
    assert second.built == [3]
    assert second.tickets[2].assignee == "gb"


def test_the_index_takes_in_another_process_s_changes_as_a_fresh_read_would(db: Path) -> None:
    ours, theirs = file_desk(db, "ms"), file_desk(db, "gb")
    index = TicketIndex(ours)
    index.load()
    while index.warm():
        pass
    assert index.counts()["inbox"] == 6
    untouched = index.get(4)

    theirs.tickets.triage(1, topics=["grants"], assignee="gb")
    company = theirs.tickets.get(2).company_id
    assert company is not None
    theirs.company_edits.edit(company, CompanyChanges(name="Caffè Centrale"))
    theirs.tickets.log(TicketDraft("Fiera di primavera", "Stand"))
    index.load()

    fresh = TicketIndex(ours)
    fresh.load()
    assert index.get(4) is untouched
    assert index.counts()["inbox"] == 6  # one triaged, one logged
    assert +index.counts() == +fresh.counts()
    for sort in SORTS:
        assert [t.ref for t in index.ordered(sort)] == [t.ref for t in fresh.ordered(sort)]
    for query in ("caffè", "bar sport", "fiera", "assignee:gb", "status:new"):
        assert [t.ref for t in index.select(query)] == [t.ref for t in fresh.select(query)]
    assert sorted(t.ref for t in index.select("caffè")) == [2, 5]


def test_a_new_day_derives_everything_again(db: Path) -> None:
    desk = file_desk(db, "ms")
    index = TicketIndex(desk)
    index.load()
    desk.followups.add(1, "tomorrow")
    assert isinstance(index.clock, FrozenClock)
    index.load()
    assert index.counts()["followups_due_today"] == 0
    index.clock.advance(days=1)
    index.load()
    assert index.counts()["followups_due_today"] == 1
