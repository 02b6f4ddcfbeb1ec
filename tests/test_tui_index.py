"""The TUI's ticket index agrees with the services it speeds up: same matches, same orders, and
counts kept right by incremental updates."""

from __future__ import annotations

import pytest

from helpdesk.services.demo import build_demo
from helpdesk.services.desk import Desk
from helpdesk.tui.index import SORTS, TicketIndex


@pytest.fixture(scope="module")
def demo() -> Desk:
    """The demo desk, 300 tickets (its clock stands at the demo's "now")."""
    return build_demo(size=300)


@pytest.fixture
def index(demo: Desk) -> TicketIndex:
    """A loaded index over the demo desk."""
    index = TicketIndex(demo)
    index.load()
    return index


@pytest.mark.parametrize(
    "query",
    [
        "",
        "+open",
        "status:new",
        "topic:ecommerce +open",
        "+due",
        "+overdue -unassigned",
        "priority.above:normal",
        "forno",
        "caffè",
        '"negozio online"',
        "not channel:phone company:srl",
    ],
)
def test_matches_are_the_services(demo: Desk, index: TicketIndex, query: str) -> None:
    expected = [t.ref for t in demo.tickets.search(query, sort="urgency")]
    assert [t.ref for t in index.select(query)] == expected


@pytest.mark.parametrize("sort", ["urgency", "ref", "created", "company", "subject", "due"])
def test_orders_are_the_domain_orders(demo: Desk, index: TicketIndex, sort: str) -> None:
    ours = {"created": "age"}.get(sort, sort)
    expected = [t.ref for t in demo.tickets.search("", sort=sort)]
    assert [t.ref for t in index.ordered(ours)] == expected


def test_descending_keeps_ties_in_reference_order(index: TicketIndex) -> None:
    refs = [t.ref for t in index.ordered("priority", descending=True)]
    ranks = [index.get(ref).priority.rank for ref in refs]  # type: ignore[union-attr]
    assert ranks == sorted(ranks, reverse=True)
    for rank in set(ranks):
        same = [ref for ref, r in zip(refs, ranks, strict=True) if r == rank]
        assert same == sorted(same)


def test_counts_follow_changes_made_here(demo: Desk, index: TicketIndex) -> None:
    before = dict(index.counts())
    new = index.new_tickets()[0]
    triaged = demo.tickets.triage(new.ref, topics=["grants"], assignee="gb")
    index.replace([triaged])
    assert index.counts()["inbox"] == before["inbox"] - 1
    fresh = TicketIndex(demo)
    fresh.load()
    assert +index.counts() == +fresh.counts()
    for sort in SORTS:
        assert [t.ref for t in index.ordered(sort)] == [t.ref for t in fresh.ordered(sort)]


def test_warming_fills_every_cache(index: TicketIndex) -> None:
    while index.warm(budget=50):
        pass
    assert set(index._keys) == set(SORTS)
    assert len(index._text) == len(index.tickets)
    assert index.pulse().total == 300
