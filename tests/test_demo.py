"""The demo desk: complete, realistic, and the same for the same size and seed."""

from __future__ import annotations

import os
import stat
from collections import Counter
from datetime import datetime

import orjson
import pytest
from stdnum.it import iva

from helpdesk.dates import DEFAULT_TIMEZONE, zone
from helpdesk.domain.enums import LinkKind, Outcome, Status
from helpdesk.domain.models import Company, Ticket
from helpdesk.domain.taxonomy import suggest_topics
from helpdesk.errors import Conflict, InvalidValue, StoreError
from helpdesk.services.demo import DEMO_NOW, DEMO_START, build_demo, write_demo
from helpdesk.services.desk import Desk
from helpdesk.store import open_store

SIZE = 240


def _data(desk: Desk) -> dict:
    data = desk.ctx.store.storage.read()
    assert data is not None
    return data


@pytest.fixture(scope="module")
def desk() -> Desk:
    return build_demo(size=SIZE, seed=2020)


@pytest.fixture(scope="module")
def tickets(desk: Desk) -> list[Ticket]:
    return desk.ctx.store.tickets()


@pytest.fixture(scope="module")
def companies(desk: Desk) -> dict[int, Company]:
    return {c.id: c for c in desk.ctx.store.companies()}


# -- determinism ------------------------------------------------------------------------------


def test_same_seed_gives_identical_data():
    first, second = build_demo(size=150, seed=11), build_demo(size=150, seed=11)
    assert _data(first) == _data(second)
    assert orjson.dumps(_data(first)) == orjson.dumps(_data(second))


def test_another_seed_gives_other_data():
    assert _data(build_demo(size=150, seed=11)) != _data(build_demo(size=150, seed=12))


# -- size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 7, 31, SIZE])
def test_size_is_the_number_of_tickets(size):
    built = build_demo(size=size, seed=3)
    assert built.ctx.store.ticket_count() == size
    assert len(built.directory.advisers()) == 4


def test_about_half_as_many_companies_as_tickets(companies):
    assert len(companies) == SIZE // 2


def test_negative_size_is_refused():
    with pytest.raises(InvalidValue):
        build_demo(size=-1)


# -- content ----------------------------------------------------------------------------------


def test_every_status_is_present(tickets):
    assert {t.status for t in tickets} == set(Status)


def test_old_tickets_are_mostly_closed_and_recent_ones_open(tickets):
    tz = zone(DEFAULT_TIMEZONE)
    old = [t for t in tickets if t.created < datetime(2021, 6, 1, tzinfo=tz)]
    recent = [t for t in tickets if t.created > datetime(2021, 12, 1, tzinfo=tz)]
    assert sum(t.status is Status.CLOSED for t in old) > 0.85 * len(old)
    assert sum(t.is_open for t in recent) > 0.5 * len(recent)


def test_every_topic_is_used(desk, tickets):
    used = {key for t in tickets for key in t.topics}
    assert {t.key for t in desk.directory.topics()} <= used


def test_four_advisers_with_initials_and_expertise(desk, tickets):
    advisers = desk.directory.advisers()
    assert {a.key for a in advisers} == {"ms", "gb", "lf", "ac"}
    assert all(3 <= len(a.topics) <= 5 for a in advisers)
    assert {t.assignee for t in tickets if t.assignee} == {"ms", "gb", "lf", "ac"}


def test_companies_across_lombardy_with_valid_unique_vat_numbers(companies):
    assert len({c.province for c in companies.values()}) >= 6
    vats = [c.vat for c in companies.values() if c.vat]
    assert len(vats) > 0.9 * len(companies)
    assert all(iva.is_valid(v) for v in vats)
    assert len(set(vats)) == len(vats)
    assert all(c.town and c.kind and c.size and c.ateco for c in companies.values())


def test_italian_names_with_accents_apostrophes_and_quotes(companies):
    names = [c.name for c in companies.values()]
    assert any(set(n) & set("àèéìòù") for n in names)
    assert any("'" in n for n in names)
    assert any('"' in n or "«" in n for n in names)


def test_many_companies_come_back(tickets):
    per_company = Counter(t.company_id for t in tickets)
    assert None not in per_company
    assert sum(1 for n in per_company.values() if n >= 2) >= 20
    assert max(per_company.values()) >= 4


def test_contacts_are_filled_in(tickets):
    assert all(t.contact.name and t.contact.email and t.contact.phone for t in tickets)


def test_suggestions_find_each_tickets_main_topic(desk, tickets):
    taxonomy = desk.directory.topics()
    for t in tickets:
        if t.topics != ["other"]:
            assert t.topics[0] in suggest_topics(f"{t.subject}\n{t.description}", taxonomy), t


def test_varied_channels_priorities_and_tags(tickets):
    assert len({t.channel for t in tickets}) >= 5
    assert len({t.priority for t in tickets}) == 4
    tags = Counter(tag for t in tickets for tag in t.tags)
    assert {"covid", "voucher"} <= set(tags)


def test_spring_2020_is_the_busiest_season(tickets):
    by_month = Counter(t.created.strftime("%Y-%m") for t in tickets)
    spring = by_month["2020-03"] + by_month["2020-04"] + by_month["2020-05"]
    assert spring > 0.2 * len(tickets)


def test_closed_tickets_have_an_outcome_and_open_ones_none(tickets):
    for t in tickets:
        if t.status is Status.CLOSED:
            assert t.outcome is not None and t.closed_at is not None
        else:
            assert t.outcome is None and t.closed_at is None
    assert len({t.outcome for t in tickets if t.outcome}) >= 6


def test_worked_tickets_carry_advisers_notes(tickets):
    worked = [
        t
        for t in tickets
        if t.status not in (Status.NEW, Status.TRIAGED) and t.outcome is not Outcome.DUPLICATE
    ]
    assert all(t.notes for t in worked)
    assert all(n.who in {"ms", "gb", "lf", "ac"} for t in worked for n in t.notes)


def test_follow_ons_link_to_an_earlier_ticket_of_the_same_company(tickets):
    by_ref = {t.ref: t for t in tickets}
    follow_ons = [(t, x) for t in tickets for x in t.links if x.kind is LinkKind.FOLLOW_ON]
    assert follow_ons
    for ticket, link in follow_ons:
        earlier = by_ref[link.ref]
        assert earlier.company_id == ticket.company_id
        assert earlier.created < ticket.created


def test_a_duplicate_is_closed_as_duplicate_of_its_original(tickets):
    by_ref = {t.ref: t for t in tickets}
    duplicates = [t for t in tickets if t.outcome is Outcome.DUPLICATE]
    assert duplicates
    for t in duplicates:
        (link,) = [x for x in t.links if x.kind is LinkKind.DUPLICATE_OF]
        assert by_ref[link.ref].company_id == t.company_id
        assert f"#{link.ref}" in t.outcome_note


def test_history_is_in_order_within_the_demo_period(tickets):
    tz = zone(DEFAULT_TIMEZONE)
    start, end = DEMO_START.replace(tzinfo=tz), DEMO_NOW.replace(tzinfo=tz)
    previous = start
    for t in tickets:
        assert t.created >= previous  # references follow the order of arrival
        previous = t.created
        moments = [t.created] + [c.at for c in t.history]
        assert moments == sorted(moments)
        assert start <= moments[0] and moments[-1] <= end
        assert t.updated == moments[-1]
        assert t.created.tzinfo is not None


def test_other_time_zones_work():
    built = build_demo(size=40, seed=1, timezone="UTC")
    assert all(t.created.utcoffset().total_seconds() == 0 for t in built.ctx.store.tickets())


def test_clock_stands_at_the_end_of_the_demo(desk):
    assert desk.clock.now().replace(tzinfo=None) == DEMO_NOW


# -- writing ----------------------------------------------------------------------------------


def test_write_demo_creates_a_private_database_the_store_opens(tmp_path, desk):
    path = tmp_path / "tickets.json"
    assert write_demo(path, size=SIZE, seed=2020) == SIZE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    store = open_store(path, create=False)
    assert store.ticket_count() == SIZE
    assert store.storage.read() == _data(desk)


def test_write_demo_is_byte_identical_for_the_same_seed(tmp_path):
    write_demo(tmp_path / "a.json", size=80, seed=9)
    write_demo(tmp_path / "b.json", size=80, seed=9)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_write_demo_refuses_an_existing_file(tmp_path):
    path = tmp_path / "tickets.json"
    path.write_bytes(b"precious data")
    with pytest.raises(Conflict):
        write_demo(path, size=20)
    assert path.read_bytes() == b"precious data"


def test_write_demo_with_force_replaces_a_database_keeping_a_backup(tmp_path):
    path = tmp_path / "tickets.json"
    write_demo(path, size=20, seed=1)
    before = path.read_bytes()
    assert write_demo(path, size=30, seed=2, force=True) == 30
    assert open_store(path).ticket_count() == 30
    backups = list((tmp_path / ".tickets.json.backups").glob("*.json"))
    assert [b.read_bytes() for b in backups] == [before]


def test_write_demo_never_overwrites_a_file_that_is_not_a_helpdesk_database(tmp_path):
    path = tmp_path / "notes.json"
    path.write_bytes(b"not json at all")
    with pytest.raises(StoreError):
        write_demo(path, size=20, force=True)
    assert path.read_bytes() == b"not json at all"
