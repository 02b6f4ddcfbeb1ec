"""Tests of the directory use cases: companies, advisers and topics.

The desk of ``conftest.py`` acts as ``ms`` and knows advisers ``ms`` (ecommerce, marketing) and
``gb`` (grants, credit), over the default taxonomy.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from helpdesk.dates import FrozenClock
from helpdesk.domain.enums import CompanyKind, Status
from helpdesk.domain.models import Adviser, Contact, Ticket, Topic
from helpdesk.domain.taxonomy import DEFAULT_TOPICS
from helpdesk.errors import Conflict, HelpdeskError, InvalidValue, NotFound
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.tickets import TicketDraft

ROME = ZoneInfo("Europe/Rome")
VAT_FORNO = "02114140292"
VAT_ROSSI = "00803110154"


def new_company(desk: Desk, name: str, **fields: str) -> int:
    """Create a company through the service and return its number."""
    found = desk.companies.find_or_create(CompanyDraft(name, **fields))
    company, created = found.company, found.created
    assert created
    return company.id


@pytest.fixture
def companies(desk: Desk) -> Desk:
    """Three companies: 1 Forno d'Oro (Como), 2 Caffè Nerò (Lecco), 3 Rossi Meccanica (Milano)."""
    new_company(
        desk, "Forno d'Oro S.r.l.", vat=VAT_FORNO, town="Como", province="CO", kind="artisan"
    )
    new_company(desk, "Caffè Nerò snc", town="Lecco", province="lc", kind="food service")
    new_company(desk, "Rossi Meccanica SpA", vat=VAT_ROSSI, town="Milano", province="MI")
    return desk


# -- companies: list and get ------------------------------------------------------------------


def names(found: list) -> list[str]:  # type: ignore[type-arg]
    return [c.name for c in found]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Caffè Nerò snc", "Forno d'Oro S.r.l.", "Rossi Meccanica SpA"]),
        ("   ", ["Caffè Nerò snc", "Forno d'Oro S.r.l.", "Rossi Meccanica SpA"]),
        ("CAFFE", ["Caffè Nerò snc"]),
        ("nerò", ["Caffè Nerò snc"]),
        ("lecco", ["Caffè Nerò snc"]),
        ("mi", ["Rossi Meccanica SpA"]),
        ("0211414", ["Forno d'Oro S.r.l."]),
        ("o", ["Caffè Nerò snc", "Forno d'Oro S.r.l.", "Rossi Meccanica SpA"]),
        ("bologna", []),
    ],
)
def test_list_companies_by_query_sorted_by_name(
    companies: Desk, query: str, expected: list[str]
) -> None:
    assert names(companies.companies.list(query)) == expected


def test_companies_are_stored_normalised(companies: Desk) -> None:
    caffe = companies.companies.get(2)

    assert caffe.province == "LC"
    assert caffe.kind is CompanyKind.FOOD_SERVICE
    assert companies.companies.get(1).kind is CompanyKind.ARTISAN
    assert companies.companies.get(3).kind is CompanyKind.OTHER


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (1, "Forno d'Oro S.r.l."),
        ("2", "Caffè Nerò snc"),
        ("#3", "Rossi Meccanica SpA"),
        (VAT_ROSSI, "Rossi Meccanica SpA"),
        (f" {VAT_FORNO} ", "Forno d'Oro S.r.l."),
        ("FORNO D’ORO srl", "Forno d'Oro S.r.l."),
        ("caffe nero", "Caffè Nerò snc"),
        ("meccanica", "Rossi Meccanica SpA"),
        ("Lecco", "Caffè Nerò snc"),
    ],
)
def test_get_company_by_number_vat_or_name(companies: Desk, key: int | str, expected: str) -> None:
    assert companies.companies.get(key).name == expected


@pytest.mark.parametrize("key", [f"IT{VAT_FORNO}", f"IT {VAT_FORNO}", "021 141 402 92"])
def test_get_company_by_vat_as_people_write_it(companies: Desk, key: str) -> None:
    # Logging accepts "IT 02114140292"; looking the company up by the same text should too.
    assert companies.companies.get(key).name == "Forno d'Oro S.r.l."


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (9, "There is no company 9."),
        ("#42", "There is no company 42."),
        ("Pasticceria Bianchi", "No company matches 'Pasticceria Bianchi'."),
        (VAT_ROSSI[:-1] + "0", f"No company matches '{VAT_ROSSI[:-1]}0'."),
    ],
)
def test_get_unknown_company_is_not_found(companies: Desk, key: int | str, message: str) -> None:
    with pytest.raises(NotFound) as caught:
        companies.companies.get(key)

    assert str(caught.value) == message


@pytest.mark.parametrize("key", ["²", "#³"])
def test_get_company_with_unicode_digits_is_a_clear_error(companies: Desk, key: str) -> None:
    # str.isdigit() accepts superscripts, which int() cannot read. Whether the text then finds a
    # company by name or none, it must not end in a ValueError (a traceback on bad input).
    with contextlib.suppress(HelpdeskError):
        companies.companies.get(key)


def test_get_company_by_an_ambiguous_name_lists_the_matches(companies: Desk) -> None:
    new_company(companies, "Forno Rossi")

    with pytest.raises(NotFound) as caught:
        companies.companies.get("forno")

    message = str(caught.value)
    assert message.startswith("2 companies match 'forno': ")
    assert "4 Forno Rossi" in message
    assert "1 Forno d'Oro S.r.l." in message
    assert message.endswith("use the number.")


def test_find_or_create_never_duplicates(companies: Desk) -> None:
    found = companies.companies.find_or_create(
        CompanyDraft("FORNO D’ORO srl", town="como"), Contact("Anna Rossi", "anna@fornodoro.it")
    )
    company, created = found.company, found.created

    assert created is False
    assert company.id == 1
    assert len(companies.companies.list()) == 3
    stored = companies.companies.get(1)
    assert stored.town == "Como"
    assert stored.contacts == [Contact("Anna Rossi", "anna@fornodoro.it")]


def test_a_company_needs_a_name_or_a_vat_number(companies: Desk) -> None:
    with pytest.raises(InvalidValue, match=r"^A company needs a name or a VAT number\.$"):
        companies.companies.find_or_create(CompanyDraft("  "))

    assert len(companies.companies.list()) == 3


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (CompanyDraft("X", kind="castle"), "Company kind 'castle' is not one of"),
        (CompanyDraft("X", size="huge"), "Company size 'huge' is not one of"),
        (CompanyDraft("X", province="C0"), "'C0' is not an Italian province"),
        (CompanyDraft("X", vat="12345"), "VAT number '12345' is not valid"),
    ],
)
def test_a_bad_company_field_is_refused(companies: Desk, draft: CompanyDraft, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        companies.companies.find_or_create(draft)

    assert len(companies.companies.list()) == 3


# -- companies: timeline ----------------------------------------------------------------------


def test_timeline_lists_the_company_tickets_oldest_first(companies: Desk) -> None:
    rows = [
        ("Seconda richiesta", "2026-11-10 09:00", "Forno d'Oro"),
        ("Altra ditta", "2026-10-01 09:00", "Caffè Nerò"),
        ("Prima richiesta", "2026-03-18 14:35", "FORNO D’ORO srl"),
        ("Terza richiesta", "2026-11-20 08:00", VAT_FORNO),
    ]
    for subject, created, company in rows:
        draft = CompanyDraft(vat=company) if company.isdigit() else CompanyDraft(company)
        companies.tickets.log(
            TicketDraft(
                subject,
                topics=[],
                company=draft,
                created=datetime.fromisoformat(created).replace(tzinfo=ROME),
            )
        )

    timeline = companies.companies.timeline("forno d'oro")

    assert timeline.company.id == 1
    assert [t.subject for t in timeline.tickets] == [
        "Prima richiesta",
        "Seconda richiesta",
        "Terza richiesta",
    ]
    assert [t.ref for t in timeline.tickets] == [3, 1, 4]
    assert [t.ref for t in companies.companies.timeline(2).tickets] == [2]
    assert companies.companies.timeline(3).tickets == []


def test_timeline_of_an_unknown_company_is_not_found(companies: Desk) -> None:
    with pytest.raises(NotFound, match=r"^There is no company 7\.$"):
        companies.companies.timeline(7)


# -- advisers ---------------------------------------------------------------------------------


def test_add_adviser_normalises_and_stores_it(desk: Desk) -> None:
    added = desk.directory.add_adviser(
        "  LB ",
        "  Laura   Bianchi ",
        email=" laura@hub.it ",
        topics=["Industria 4.0", "sicurezza informatica", "industry40"],
    )

    expected = Adviser("lb", "Laura Bianchi", "laura@hub.it", ["industry40", "cybersecurity"])
    assert added == expected
    assert desk.directory.adviser("LB") == expected
    assert [a.key for a in desk.directory.advisers()] == ["gb", "lb", "ms"]


@pytest.mark.parametrize("key", ["l b", "1ab", "", "   ", "lb-2", "é", "abcdefghijklmnopq", "_x"])
def test_add_adviser_refuses_a_bad_key(desk: Desk, key: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        desk.directory.add_adviser(key, "Laura Bianchi")

    assert str(caught.value).startswith(f"Adviser key {key.strip().lower()!r} should be 1–16")
    assert [a.key for a in desk.directory.advisers()] == ["gb", "ms"]


def test_add_adviser_accepts_a_sixteen_character_key(desk: Desk) -> None:
    assert desk.directory.add_adviser("abcdefghijklmnop", "Lunga Chiave").key == "abcdefghijklmnop"


@pytest.mark.parametrize("key", ["ms", "MS", " gb "])
def test_add_adviser_with_a_taken_key_is_a_conflict(desk: Desk, key: str) -> None:
    with pytest.raises(Conflict) as caught:
        desk.directory.add_adviser(key, "Qualcun Altro")

    assert str(caught.value) == f"There is already an adviser {key.strip().lower()!r}."
    assert desk.directory.adviser(key).name in ("Marta Sala", "Giulio Bassi")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "^An adviser needs a name.$"),
        ({"topics": ["grants", "astrologia"]}, "^Unknown topic 'astrologia'; topics are: "),
        ({"email": "laura(at)hub.it"}, "^'laura\\(at\\)hub.it' is not an email address.$"),
    ],
)
def test_add_adviser_refuses_bad_fields(
    desk: Desk, fields: dict[str, object], message: str
) -> None:
    args: dict[str, object] = {"name": "Laura Bianchi"} | fields
    name = args.pop("name")

    with pytest.raises(InvalidValue, match=message):
        desk.directory.add_adviser("lb", name, **args)  # type: ignore[arg-type]

    assert [a.key for a in desk.directory.advisers(include_inactive=True)] == ["gb", "ms"]


def test_advisers_list_excludes_inactive_unless_asked(desk: Desk) -> None:
    desk.directory.add_adviser("lb", "Laura Bianchi")

    desk.directory.set_adviser_active("gb", False)

    assert [a.key for a in desk.directory.advisers()] == ["lb", "ms"]
    assert [a.key for a in desk.directory.advisers(include_inactive=True)] == ["gb", "lb", "ms"]
    assert desk.directory.adviser("gb").active is False

    desk.directory.set_adviser_active("gb", True)

    assert [a.key for a in desk.directory.advisers()] == ["gb", "lb", "ms"]


def test_unknown_adviser_is_not_found_listing_the_active_ones(desk: Desk) -> None:
    with pytest.raises(NotFound) as caught:
        desk.directory.adviser("zz")

    assert str(caught.value) == "There is no adviser 'zz'; advisers are: gb, ms."


def test_check_assignee(desk: Desk) -> None:
    assert desk.directory.check_assignee(" MS ") == "ms"
    desk.directory.set_adviser_active("ms", False)

    with pytest.raises(InvalidValue, match=r"^Adviser ms is not active\.$"):
        desk.directory.check_assignee("ms")


# -- suggest_assignee -------------------------------------------------------------------------


def ticket(topics: list[str], assignee: str | None = None, status: Status = Status.NEW) -> Ticket:
    at = datetime(2026, 11, 20, 10, 0, tzinfo=ROME)
    return Ticket(
        uid=f"u{topics}{assignee}{status}",
        created=at,
        updated=at,
        subject="x",
        topics=topics,
        assignee=assignee,
        status=status,
    )


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        (["grants"], "gb"),
        (["credit", "ecommerce"], "gb"),
        (["ecommerce"], "ms"),
        (["ecommerce", "marketing", "grants"], "ms"),
        (["blockchain"], "gb"),
        ([], "gb"),
    ],
)
def test_suggest_assignee_by_expertise(desk: Desk, topics: list[str], expected: str) -> None:
    # With equal expertise and no load, the tie goes to the first key.
    assert desk.directory.suggest_assignee(ticket(topics), []) == expected


def test_suggest_assignee_then_by_open_load(desk: Desk) -> None:
    open_for_gb = [ticket([], "gb"), ticket([], "gb", Status.WAITING)]
    done_for_ms = [
        ticket([], "ms", Status.CLOSED),
        ticket([], "ms", Status.RESOLVED),
        ticket([], "ms", Status.CLOSED),
    ]
    busy_ms = [ticket([], "ms") for _ in range(3)]

    assert desk.directory.suggest_assignee(ticket([]), open_for_gb + done_for_ms) == "ms"
    assert desk.directory.suggest_assignee(ticket(["marketing"]), open_for_gb + busy_ms) == "ms"
    assert desk.directory.suggest_assignee(ticket([]), open_for_gb + busy_ms) == "gb"
    assert desk.directory.suggest_assignee(ticket(["credit"]), [ticket([], None)] * 5) == "gb"


def test_suggest_assignee_skips_inactive_advisers(desk: Desk) -> None:
    desk.directory.set_adviser_active("gb", False)

    assert desk.directory.suggest_assignee(ticket(["grants"]), []) == "ms"


def test_suggest_assignee_with_nobody_is_none(clock: FrozenClock) -> None:
    empty = memory_desk(clock, actor="ms")

    assert empty.directory.suggest_assignee(ticket(["grants"]), []) is None


def test_suggest_assignee_counts_stored_tickets(desk: Desk) -> None:
    for assignee in ["gb", "gb", "ms"]:
        desk.tickets.log(TicketDraft("Richiesta", topics=[], assignee=assignee))

    assert desk.directory.suggest_assignee(ticket([]), desk.ctx.store.tickets()) == "ms"

    for _ in range(2):
        desk.tickets.log(TicketDraft("Richiesta", topics=[], assignee="ms"))

    assert desk.directory.suggest_assignee(ticket([]), desk.ctx.store.tickets()) == "gb"


# -- topics -----------------------------------------------------------------------------------


def test_the_desk_starts_with_the_default_taxonomy(desk: Desk) -> None:
    assert desk.directory.topics() == list(DEFAULT_TOPICS)


def test_add_topic_appends_it_to_the_taxonomy(desk: Desk) -> None:
    added = desk.directory.add_topic(
        " Welfare ", " Corporate welfare ", "", ["welfare", "  ", "buoni pasto"]
    )

    assert added == Topic(
        "welfare", "Corporate welfare", "Corporate welfare", ["welfare", "buoni pasto"]
    )
    assert desk.directory.topics()[-1] == added
    assert len(desk.directory.topics()) == len(DEFAULT_TOPICS) + 1
    assert desk.directory.topic_keys(["Corporate Welfare"]) == ["welfare"]
    assert desk.tickets.suggest_topics("Vorremmo introdurre i buoni pasto") == ["welfare"]


def test_add_topic_keeps_an_italian_label(desk: Desk) -> None:
    added = desk.directory.add_topic("welfare", "Corporate welfare", "Welfare aziendale")

    assert added.label_it == "Welfare aziendale"
    assert desk.directory.topic_keys(["welfare aziendale"]) == ["welfare"]


@pytest.mark.parametrize("key", ["grants", "GRANTS", " other "])
def test_add_topic_with_a_taken_key_is_a_conflict(desk: Desk, key: str) -> None:
    with pytest.raises(Conflict) as caught:
        desk.directory.add_topic(key, "Doppione")

    assert str(caught.value) == f"There is already a topic {key.strip().lower()!r}."
    assert desk.directory.topics() == list(DEFAULT_TOPICS)


@pytest.mark.parametrize("key", ["Bad Key", "4zero", "e-commerce", "", "abcdefghijklmnopq"])
def test_add_topic_refuses_a_bad_key(desk: Desk, key: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        desk.directory.add_topic(key, "Qualcosa")

    assert str(caught.value).startswith(f"Topic key {key.strip().lower()!r} should be")
    assert desk.directory.topics() == list(DEFAULT_TOPICS)


def test_add_topic_needs_an_english_label(desk: Desk) -> None:
    with pytest.raises(InvalidValue, match=r"^A topic needs an English label\.$"):
        desk.directory.add_topic("welfare", "  ", "Welfare aziendale")


def test_topic_keys_resolves_keys_and_labels_without_repeats(desk: Desk) -> None:
    keys = desk.directory.topic_keys(
        ["bandi", "E-Commerce", "grants", "", "Accesso al credito", "CYBERSECURITY"]
    )

    assert keys == ["grants", "ecommerce", "credit", "cybersecurity"]


def test_topic_keys_names_every_unknown_topic(desk: Desk) -> None:
    with pytest.raises(InvalidValue) as caught:
        desk.directory.topic_keys(["astrologia", "bandi", " tarocchi ", "in"])

    known = ", ".join(t.key for t in DEFAULT_TOPICS)
    assert str(caught.value) == (
        f"Unknown topics 'astrologia', 'tarocchi', 'in'; topics are: {known}."
    )


def test_topic_keys_names_a_single_unknown_topic(desk: Desk) -> None:
    with pytest.raises(InvalidValue, match=r"^Unknown topic 'astrologia'; topics are: ecommerce,"):
        desk.directory.topic_keys(["astrologia"])
