"""Tests of the filter language, compiled directly and through ``desk.tickets.search``.

The desk of ``conftest.py`` (acting adviser ``ms``, clock frozen on Friday 20 November 2026,
10:00 in Europe/Rome) is filled with the six tickets below by the ``world`` fixture. Each ticket
is logged and worked with the clock set to its creation time, so ``updated`` equals ``created``
except for #3, which gets a note at the frozen "now".

== ======================= ========= ======== ================ ======= ====== ===== ===========
#  created (Europe/Rome)   status    priority topics           assignee channel company tags
== ======================= ========= ======== ================ ======= ====== ===== ===========
1  Fri 20 Nov 2026 09:00   in_prog.  high     ecommerce        ms      phone  Forno covid
2  Fri 13 Nov 2026 10:00   waiting   urgent   grants           gb      email  Rossi
3  Sun  1 Nov 2026 00:00   new       low      marketing        –       web    Caffè promo
4  Thu 15 Oct 2026 12:00   closed    normal   –                –       walk_in –
5  Thu 19 Nov 2026 23:30   resolved  normal   cybersec.,grants ms      event  Forno covid
6  Fri 20 Nov 2026 10:00   triaged   high     training         gb      other  Rossi
== ======================= ========= ======== ================ ======= ====== ===== ===========

Follow-ups: #1 due yesterday (overdue), #2 due today, #4 due yesterday but done, #5 due Wed 25
Nov, #6 due tomorrow (Sat 21 Nov); #3 has none. End of week is Sunday 22 November.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from helpdesk.dates import FrozenClock, parse_when
from helpdesk.domain.enums import Outcome, Status
from helpdesk.domain.filters import (
    ANYTHING,
    FilterContext,
    Narrowing,
    compile_filter,
    compile_query,
)
from helpdesk.domain.models import Contact, FollowUp
from helpdesk.errors import InvalidFilter
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft

VAT_FORNO = "02114140292"
VAT_ROSSI = "00803110154"

FORNO = CompanyDraft(
    "Forno d'Oro S.r.l.", vat=VAT_FORNO, town="Como", province="CO", kind="artisan"
)
CAFFE = CompanyDraft("Caffè Nerò snc", town="Lecco", province="LC", kind="food_service")
ROSSI = CompanyDraft("Rossi Meccanica SpA", vat=VAT_ROSSI, town="Milano", province="MI", kind="sme")

ALL = [1, 2, 3, 4, 5, 6]


def _followup(desk: Desk, clock: FrozenClock, ref: int, due: str, *, done: bool = False) -> None:
    ticket = desk.tickets.get(ref)
    ticket.followups.append(
        FollowUp(
            id=1,
            due=parse_when(due, clock),
            note="Richiamare",
            who="ms",
            created=clock.now(),
            done_at=clock.now() if done else None,
        )
    )
    desk.ctx.store.save_ticket(ticket)


@pytest.fixture
def world(desk: Desk, clock: FrozenClock) -> Desk:
    """The six tickets of the module docstring."""
    now = clock.now()
    rows = [
        (
            "2026-11-20 09:00",
            TicketDraft(
                "Vendita online dei prodotti da forno",
                channel="phone",
                company=FORNO,
                contact=Contact("Anna Rossi"),
                topics=["ecommerce"],
                priority="high",
                assignee="ms",
                tags=["covid"],
            ),
            [Status.TRIAGED, Status.IN_PROGRESS],
        ),
        (
            "2026-11-13 10:00",
            TicketDraft(
                "Bando voucher digitalizzazione",
                description="Scadenza a dicembre",
                channel="email",
                company=ROSSI,
                contact=Contact("Luca Bianchi"),
                topics=["grants"],
                priority="urgent",
                assignee="gb",
            ),
            [Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING],
        ),
        (
            "2026-11-01 00:00",
            TicketDraft(
                "Sito web per il CAFFÈ",
                channel="web",
                company=CAFFE,
                topics=["marketing"],
                priority="low",
                tags=["promo"],
            ),
            [],
        ),
        (
            "2026-10-15 12:00",
            TicketDraft(
                "Richiesta generica",
                description="Il titolare vende caffe macinato",
                channel="walk-in",
                contact=Contact("Giulia Verdi"),
                topics=[],
            ),
            [Status.TRIAGED, Status.IN_PROGRESS],
        ),
        (
            "2026-11-19 23:30",
            TicketDraft(
                "Sicurezza informatica",
                channel="event",
                company=FORNO,
                contact=Contact("Marco Neri"),
                topics=["cybersecurity", "grants"],
                assignee="ms",
                tags=["covid"],
            ),
            [Status.TRIAGED, Status.IN_PROGRESS, Status.RESOLVED],
        ),
        (
            "2026-11-20 10:00",
            TicketDraft(
                "Formazione dipendenti",
                company=ROSSI,
                topics=["training"],
                priority="high",
                assignee="gb",
            ),
            [Status.TRIAGED],
        ),
    ]
    for when, draft, moves in rows:
        clock.set(when)
        ref = desk.tickets.log(draft).ticket.ref
        for status in moves:
            desk.tickets.set_status(ref, status)
    clock.set("2026-10-15 12:00")
    desk.tickets.close(4, Outcome.ADVISED)
    clock.set(now)
    desk.tickets.add_note(3, "Mandato il preventivo")
    _followup(desk, clock, 1, "yesterday")
    _followup(desk, clock, 2, "today")
    _followup(desk, clock, 4, "yesterday", done=True)
    _followup(desk, clock, 5, "25/11/2026")
    _followup(desk, clock, 6, "tomorrow")
    return desk


def matching(desk: Desk, query: str) -> list[int]:
    """Refs of the tickets a query selects, compiled against the desk's filter context."""
    predicate = compile_filter(query, desk.tickets.filter_context())
    return [t.ref for t in desk.ctx.store.tickets() if predicate(t)]


def searched(desk: Desk, query: str) -> list[int]:
    """Refs the search service returns for a query, in ref order."""
    return sorted(t.ref for t in desk.tickets.search(query))


CASES = [
    # empty
    ("", ALL),
    ("   ", ALL),
    # status
    ("status:open", [1, 2, 3, 6]),
    ("status:OPEN", [1, 2, 3, 6]),
    ("status:done", [4, 5]),
    ("status:finished", [4, 5]),
    ("status:new,triaged", [3, 6]),
    ("status:in_progress", [1]),
    ("status:in-progress", [1]),
    ('status:"in progress"', [1]),
    ("status:WAITING", [2]),
    ("status:closed,open", [1, 2, 3, 4, 6]),
    ("status:open status:closed", []),
    # topic
    ("topic:ecommerce", [1]),
    ("topic:grants", [2, 5]),
    ("topic:bandi", [2, 5]),
    ('topic:"Bandi e contributi"', [2, 5]),
    ('topic:"Sicurezza informatica"', [5]),
    ("topic:formazione", [6]),
    ("topic:ecommerce,training", [1, 6]),
    ("topic:other", []),
    # assignee
    ("assignee:ms", [1, 5]),
    ("assignee:gb", [2, 6]),
    ("assignee:me", [1, 5]),
    ("assignee:none", [3, 4]),
    ("assignee:nobody", [3, 4]),
    ("assignee:gb,none", [2, 3, 4, 6]),
    # priority
    ("priority:high", [1, 6]),
    ("priority:high,urgent", [1, 2, 6]),
    ("priority.above:normal", [1, 2, 6]),
    ("priority.above:high", [2]),
    ("priority.below:normal", [3]),
    ("priority:LOW", [3]),
    # channel and outcome
    ("channel:phone", [1]),
    ("channel:walk-in", [4]),
    ("channel:email,web", [2, 3]),
    ("channel:other", [6]),
    ("outcome:advised", [4]),
    ("outcome:grant_applied", []),
    # company, province, town, kind
    ("company:forno", [1, 5]),
    ("company:FORNO", [1, 5]),
    ('company:"d\'oro"', [1, 5]),
    ("company:caffe", [3]),
    ("company:nerò", [3]),
    ("company:rossi", [2, 6]),
    ("company:rossi,caffè", [2, 3, 6]),
    (f"company:{VAT_FORNO}", [1, 5]),
    ("company:0211414", [1, 5]),
    (f"company:{VAT_ROSSI}", [2, 6]),
    ("province:CO", [1, 5]),
    ("province:co", [1, 5]),
    ("province:co,lc", [1, 3, 5]),
    ("province:MI", [2, 6]),
    ("province:TO", []),
    ("town:como", [1, 5]),
    ("town:LECCO", [3]),
    ("town:milano,como", [1, 2, 5, 6]),
    ("kind:artisan", [1, 5]),
    ("kind:food-service", [3]),
    ("kind:sme", [2, 6]),
    ("kind:startup", []),
    # tag and ref
    ("tag:covid", [1, 5]),
    ("tag:PROMO", [3]),
    ("tag:covid,promo", [1, 3, 5]),
    ("tag:nessuno", []),
    ("ref:2", [2]),
    ("ref:#1,3", [1, 3]),
    ("ref:99", []),
    # created
    ("created:today", [1, 6]),
    ("created:2026-11-01", [3]),
    ("created:1/11", [3]),
    ("created:yesterday", [5]),
    ('created:"15 ott"', [4]),
    ("created.after:2026-11-01", [1, 2, 3, 5, 6]),
    ("created.before:2026-11-01", [4]),
    ("created.after:-1w", [1, 2, 5, 6]),
    ("created.before:-1w", [3, 4]),
    ("created.after:yesterday", [1, 5, 6]),
    ("created.before:today", [2, 3, 4, 5]),
    ("created.after:today", [1, 6]),
    ('created.after:"13 nov"', [1, 2, 5, 6]),
    ("created.after:2026-11-14", [1, 5, 6]),
    ("created.after:+1d", []),
    # updated
    ("updated:today", [1, 3, 6]),
    ("updated.before:today", [2, 4, 5]),
    ("updated.after:2026-11-13", [1, 2, 3, 5, 6]),
    ("updated:2026-10-15", [4]),
    # due
    ("due:today", [2]),
    ("due:TODAY", [2]),
    ("due:overdue", [1]),
    ("due:none", [3, 4]),
    ("due:never", [3, 4]),
    ("due:tomorrow", [6]),
    ("due:25/11", [5]),
    ("due:yesterday", [1]),
    ("due.before:eow", [1, 2, 6]),
    ("due.before:today", [1]),
    ("due.after:today", [2, 5, 6]),
    ("due.after:+2d", [5]),
    # tags
    ("+open", [1, 2, 3, 6]),
    ("+unassigned", [3, 4]),
    ("-unassigned", [1, 2, 5, 6]),
    ("+mine", [1, 5]),
    ("-mine", [2, 3, 4, 6]),
    ("+due", [1, 2]),
    ("+overdue", [1]),
    ("+nofollowup", [3]),
    ("-open", [4, 5]),
    ("+OPEN", [1, 2, 3, 6]),
    # negation
    ("not status:open", [4, 5]),
    ("NOT status:open", [4, 5]),
    ("-status:open", [4, 5]),
    ("-assignee:ms", [2, 3, 4, 6]),
    ("not +mine", [2, 3, 4, 6]),
    ("not -unassigned", [3, 4]),
    ("not company:forno", [2, 3, 4, 6]),
    ("-topic:grants", [1, 3, 4, 6]),
    ("not caffè", [1, 2, 5, 6]),
    # free text: subject, description, contact name, company name; accent- and case-blind
    ("caffè", [3, 4]),
    ('"caffè"', [3, 4]),
    ('"CAFFÈ"', [3, 4]),
    ("Caffe", [3, 4]),
    ('"vende caffe"', [4]),
    ("scadenza", [2]),
    ("giulia", [4]),
    ("rossi", [1, 2, 6]),
    ("d'oro", [1, 5]),
    ("ONLINE", [1]),
    ("dipendenti", [6]),
    ("astronave", []),
    ('"sito web per"', [3]),
    # AND of several terms
    ("status:open priority:high", [1, 6]),
    ("topic:grants +mine", [5]),
    ("company:rossi status:open +due", [2]),
    ("rossi status:open -unassigned priority.above:normal", [1, 2, 6]),
    ("province:co +open not +overdue", []),
    ("caffè +unassigned status:new", [3]),
    ("  status:open    assignee:gb  ", [2, 6]),
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q or "<empty>" for q, _ in CASES])
def test_compile_filter(world: Desk, query: str, expected: list[int]) -> None:
    assert matching(world, query) == expected


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q or "<empty>" for q, _ in CASES])
def test_search_uses_the_same_filter(world: Desk, query: str, expected: list[int]) -> None:
    assert searched(world, query) == expected


#: Queries whose every term the store can test on its records: it builds exactly their tickets.
NARROWED = [
    "status:open",
    "status:new,triaged",
    "topic:grants",
    "topic:ecommerce,training",
    "assignee:gb,none",
    "+mine",
    "+unassigned",
    "+open",
    "priority.above:normal",
    "priority:LOW",
    "channel:walk-in",
    "outcome:advised",
    "ref:#1,3",
    "rossi",
    "caffè",
    '"vende caffe"',
    "d'oro",
    "status:open priority:high",
    "caffè +unassigned status:new",
    "status:open status:closed",
]


@pytest.mark.parametrize(("query", "expected"), CASES, ids=[q or "<empty>" for q, _ in CASES])
def test_the_store_builds_every_ticket_a_query_matches(
    world: Desk, query: str, expected: list[int]
) -> None:
    narrowing = compile_query(query, world.tickets.filter_context()).narrowing
    built = [t.ref for t in world.ctx.store.tickets(partial=True, narrowing=narrowing)]
    assert set(expected) <= set(built)
    if query in NARROWED:
        assert built == expected
    if not narrowing:
        assert built == ALL


def test_narrowed_queries_are_all_in_the_cases() -> None:
    assert set(NARROWED) <= {query for query, _ in CASES}


def test_only_positive_terms_narrow_and_narrowings_add_up(world: Desk) -> None:
    ctx = world.tickets.filter_context()

    def narrowing(query: str) -> Narrowing:
        return compile_query(query, ctx).narrowing

    assert narrowing("status:open priority:high") == Narrowing(
        {
            "status": frozenset({"new", "triaged", "in_progress", "waiting"}),
            "priority": frozenset({"high"}),
        },
        complete=True,
    )
    assert narrowing("status:open +mine assignee:gb,ms").one_of["assignee"] == {"ms"}
    assert narrowing("status:new status:closed").one_of["status"] == frozenset()
    assert narrowing("topic:grants topic:bandi,training").any_topic == (
        frozenset({"grants"}),
        frozenset({"grants", "training"}),
    )
    assert narrowing('Caffè "Vende  CAFFE"').words == ("caffe", "vende  caffe")
    for query in ["", "not status:open", "-status:open", "-unassigned", "not caffè", "-overdue"]:
        assert not narrowing(query)
    # Whole: a follow-up pending and due before today (+overdue), before tomorrow (+due).
    today = world.clock.today()
    overdue = Narrowing(pending_followup=True, complete=True, due_before=today)
    assert narrowing("+overdue") == overdue
    assert narrowing("+due") == Narrowing(
        pending_followup=True, complete=True, due_before=today + timedelta(days=1)
    )
    assert narrowing("+due +overdue").due_before == today
    assert narrowing("status:open +due").pending_followup
    assert narrowing("company:forno province:co tag:covid created:today due:today") == ANYTHING


def test_a_narrowing_is_complete_when_it_says_all_the_query_says(world: Desk) -> None:
    ctx = world.tickets.filter_context()
    complete = [
        "",
        "status:open",
        "priority.above:normal topic:grants +mine",
        "forno ref:1,2",
        "+overdue",
        "+open +due",
    ]
    for query in complete:
        assert compile_query(query, ctx).narrowing.complete, query
    partly = [
        "status:open company:forno",
        "-status:open",
        "+nofollowup",
        "vend due:oggi",
    ]
    for query in partly:
        assert not compile_query(query, ctx).narrowing.complete, query


def test_assignee_me_follows_the_acting_adviser(world: Desk, clock: FrozenClock) -> None:
    context = world.tickets.filter_context()
    context.me = "gb"

    mine = compile_filter("+mine", context)
    me = compile_filter("assignee:me", context)

    tickets = world.ctx.store.tickets()
    assert [t.ref for t in tickets if mine(t)] == [2, 6]
    assert [t.ref for t in tickets if me(t)] == [2, 6]


def test_filter_context_reads_the_desk(world: Desk, clock: FrozenClock) -> None:
    context = world.tickets.filter_context()

    assert context.clock is clock
    assert context.me == "ms"
    assert sorted(context.advisers) == ["gb", "ms"]
    assert [c.name for c in context.companies.values()] == [
        "Forno d'Oro S.r.l.",
        "Rossi Meccanica SpA",
        "Caffè Nerò snc",
    ]
    assert len(context.topics) == 18


def test_free_text_matches_a_company_with_a_typographic_apostrophe(desk: Desk) -> None:
    # Names pasted from Word or a phone carry ’ where people type ': company_key() already
    # treats them alike, so finding the company by either spelling should work in filters too.
    desk.tickets.log(TicketDraft("Richiesta", topics=[], company=CompanyDraft("Forno D’Oro")))

    assert matching(desk, 'company:"d\'oro"') == [1]
    assert matching(desk, '"d\'oro"') == [1]


def test_assignee_is_read_case_blind_like_every_other_value(world: Desk) -> None:
    # status:WAITING, priority:LOW, province:co all work; adviser keys are lower case.
    assert matching(world, "assignee:MS") == [1, 5]


# -- bad queries: InvalidFilter pointing at the token ---------------------------------------------


BAD = [
    # (query, the bad token as typed, a fragment of the message)
    ("status:open colour:red", "colour:red", "Unknown field 'colour'; fields are: assignee,"),
    ("+open +urgentissimo", "+urgentissimo", "Unknown tag '+urgentissimo'; tags are: +open,"),
    ("-nothing status:open", "-nothing", "Unknown tag '-nothing'"),
    ("status:bogus", "status:bogus", "Status 'bogus' is not one of: new, triaged,"),
    ("status:open,bogus priority:high", "status:open,bogus", "Status 'bogus'"),
    ("topic:astrologia", "topic:astrologia", "Unknown topic 'astrologia'; topics are: ecommerce,"),
    ("+open priority:asap", "priority:asap", "Priority 'asap' is not one of: low, normal,"),
    ("priority.above:asap", "priority.above:asap", "Priority 'asap' is not one of"),
    ("assignee:zz +open", "assignee:zz", "Unknown adviser 'zz'; advisers are: gb, ms."),
    ("channel:fax", "channel:fax", "Channel 'fax' is not one of"),
    ("outcome:maybe", "outcome:maybe", "Outcome 'maybe' is not one of"),
    ("kind:castle", "kind:castle", "Company kind 'castle' is not one of"),
    ("ref:abc", "ref:abc", "ref: takes ticket numbers, e.g. ref:42,57, not 'abc'."),
    ("status: +open", "status:", "status: needs a value, e.g. status:open."),
    ("+open topic:", "topic:", "topic: needs a value, e.g. topic:ecommerce."),
    ("assignee:,", "assignee:,", "assignee: needs a value"),
    ('company:rossi "caffè', '"caffè', "quote"),
    ('"caffè', '"caffè', "quote"),
    ("status:open not", "not", "`not` needs a term after it."),
    ("not", "not", "`not` needs a term after it."),
    ("created.after:31/02", "created.after:31/02", "February 2026 has 28 days"),
    ("created.after:someday +open", "created.after:someday", 'Cannot read "someday" as a date'),
    ("created.before:25:00", "created.before:25:00", "hours go from 0 to 23"),
    ("created:ieri-ieri", "created:ieri-ieri", 'Cannot read "ieri-ieri" as a date'),
    ("updated:boh", "updated:boh", 'Cannot read "boh" as a date'),
    ("due:someday", "due:someday", 'Cannot read "someday" as a date'),
    ("due.before:mai", "due.before:mai", 'Cannot read "mai" as a date'),
    ("+open status.before:x", "status.before:x", "status has no .before form; forms: none."),
    (
        "created.during:today",
        "created.during:today",
        "created has no .during form; forms: created.after, created.before.",
    ),
    ("priority.over:high", "priority.over:high", "priority has no .over form"),
]


@pytest.mark.parametrize(("query", "token", "fragment"), BAD, ids=[q for q, _, _ in BAD])
def test_bad_token_is_reported_with_its_place(
    world: Desk, query: str, token: str, fragment: str
) -> None:
    with pytest.raises(InvalidFilter) as caught:
        compile_filter(query, world.tickets.filter_context())

    error = caught.value
    assert error.query == query
    assert query[error.start : error.end] == token
    assert fragment in error.message
    assert str(error) == error.message
    # One clear sentence: a single line, ending with a full stop, no second sentence after it.
    assert "\n" not in error.message
    assert error.message.endswith(".")
    assert not re.search(r"[.!?] [A-Z]", error.message)


@pytest.mark.parametrize(("query", "token", "fragment"), BAD[:6], ids=[q for q, _, _ in BAD[:6]])
def test_search_raises_the_same_invalid_filter(
    world: Desk, query: str, token: str, fragment: str
) -> None:
    with pytest.raises(InvalidFilter) as caught:
        world.tickets.search(query)

    assert caught.value.query[caught.value.start : caught.value.end] == token


def test_a_context_without_advisers_accepts_any_key(world: Desk, clock: FrozenClock) -> None:
    context = FilterContext(clock=clock, companies=world.companies.by_id())
    tickets = world.ctx.store.tickets()

    gb = compile_filter("assignee:gb", context)
    zz = compile_filter("assignee:zz", context)

    assert [t.ref for t in tickets if gb(t)] == [2, 6]
    assert [t.ref for t in tickets if zz(t)] == []


def test_a_number_with_a_colon_is_free_text(world: Desk) -> None:
    world.tickets.log(TicketDraft("Appuntamento ore 9:30", topics=[]))

    assert matching(world, "9:30") == [7]
    assert matching(world, "ore 9:30") == [7]


def test_a_web_address_is_free_text(world: Desk) -> None:
    # filters._term says: "ore 9:30" or "http://…" are text, not a field named "ore" or "http".
    world.tickets.log(TicketDraft("Il sito https://fornodoro.it non va", topics=[]))

    assert matching(world, "https://fornodoro.it") == [7]
