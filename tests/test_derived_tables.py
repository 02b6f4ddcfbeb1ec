"""The derived tables: company keys and ticket texts, derived at every save, searched instead
of reading every company or ticket.

Whatever path finds a company (one search of the file's bytes, or the index of every company),
the answer must be the same as the definition: the first company with the VAT number, else the
first whose name reduces to the key, unless its VAT number is another. Whatever path finds the
tickets a search can match, it must never leave out one that matches.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from helpdesk.domain.filters import Narrowing, searchable_text
from helpdesk.domain.models import Company, Contact, Ticket
from helpdesk.domain.text import company_key, fold
from helpdesk.store import open_store
from helpdesk.store.layout import Records
from helpdesk.store.records import COMPANIES, COMPANY_KEYS, TICKET_TEXTS, ticket_text

NAMES = ["Forno d'Oro S.r.l.", "FORNO D’ORO srl", "Caffè Nerò", "caffe nero", "Bottega [/]"]
VATS = [None, "01114601006", "00743110157", "12345678903"]


def expected(companies: list[Company], vat: str, key: str) -> int | None:
    """The definition, by brute force."""
    for company in companies:
        if vat and company.vat == vat:
            return company.id
    for company in companies:
        if key and company_key(company.name) == key:
            return None if vat and company.vat and company.vat != vat else company.id
    return None


def found(db: Path, vat: str, key: str) -> int | None:
    company = open_store(db).find_company(vat=vat, key=key)
    return company.id if company else None


def by_hand(data: dict[str, Any]) -> bytes:
    """``data`` written as a person editing the file would leave it: plain JSON, without the
    checksums (a file that keeps them must match them)."""
    for key in ("checksum", "tables", "header_checksum"):
        data["_meta"]["1"].pop(key, None)
    return orjson.dumps(data)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tickets.json"


def test_the_file_holds_a_key_for_every_company(db: Path) -> None:
    store = open_store(db)
    store.add_companies([Company(name, vat=vat) for name, vat in zip(NAMES, VATS, strict=False)])
    data = orjson.loads(db.read_bytes())
    assert data[COMPANY_KEYS] == {
        id: [company_key(record["name"]), record.get("vat")]
        for id, record in data[COMPANIES].items()
    }
    renamed = open_store(db).company(3)
    assert renamed is not None
    renamed.name = "Pasticceria Lario"
    open_store(db).save_company(renamed)
    assert orjson.loads(db.read_bytes())[COMPANY_KEYS]["3"] == ["pasticceria lario", VATS[2]]


def test_finding_a_company_searches_the_keys_without_reading_every_company(db: Path) -> None:
    open_store(db).add_companies([Company(f"Studio {i}", vat=None) for i in range(50)])
    open_store(db).add_companies([Company("Forno d'Oro S.r.l.", vat="01114601006")])
    store = open_store(db)
    assert store.find_company(key=company_key("FORNO D’ORO srl")).id == 51  # type: ignore[union-attr]
    assert store.find_company(vat="01114601006").id == 51  # type: ignore[union-attr]
    assert store.find_company(key="studio 7").id == 8  # type: ignore[union-attr]
    assert store.find_company(key="studio") is None
    # The same name with another VAT number is another company.
    assert store.find_company(vat="00743110157", key=company_key("Forno d'Oro")) is None
    companies = store.storage.read()[COMPANIES]
    assert isinstance(companies, Records) and companies.pristine()
    assert companies._entries is None  # the company lines were never listed


def test_random_desks_find_what_the_definition_finds(db: Path) -> None:
    rng = random.Random(3)
    model: list[Company] = []
    for round in range(30):
        if model and rng.random() < 0.3:  # rename or renumber one, through the store
            company = open_store(db).company(rng.choice(model).id)
            assert company is not None
            company.name, company.vat = rng.choice(NAMES), rng.choice(VATS)
            open_store(db).save_company(company)
            model[company.id - 1] = company
        else:
            made = [Company(rng.choice(NAMES), vat=rng.choice(VATS)) for _ in range(3)]
            model += open_store(db).add_companies(made)
        for name in NAMES:
            for vat in ["", *(v for v in VATS if v)]:
                key = company_key(name)
                assert found(db, vat, key) == expected(model, vat, key), (round, name, vat)


def test_a_file_edited_by_hand_is_matched_on_its_names_and_keyed_again(db: Path) -> None:
    open_store(db).add_companies([Company("Forno d'Oro"), Company("Caffè Nerò")])
    edited = db.read_bytes().replace(b"Caff\xc3\xa8 Ner\xc3\xb2", b"Bottega Verde")
    db.write_bytes(by_hand(orjson.loads(edited)))  # no checksums: the keys cannot be trusted
    assert found(db, "", "bottega verde") == 2
    assert found(db, "", "caffe nero") is None
    open_store(db).add_companies([Company("Pasticceria Lario")])
    keys = orjson.loads(db.read_bytes())[COMPANY_KEYS]
    assert keys == {
        "1": ["forno d oro", None],
        "2": ["bottega verde", None],
        "3": ["pasticceria lario", None],
    }
    assert found(db, "", "bottega verde") == 2


def test_data_written_whole_is_keyed_at_the_end_of_its_transaction(db: Path) -> None:
    store = open_store(db)
    with store.transaction():
        data = store.storage.read()
        data[COMPANIES] = {"1": {"name": "Forno d'Oro", "vat": "01114601006"}}
        store.storage.write(data)
    assert orjson.loads(db.read_bytes())[COMPANY_KEYS] == {"1": ["forno d oro", "01114601006"]}
    assert found(db, "01114601006", "") == 1


def test_schema_two_keys_are_dropped_and_derived_again(db: Path) -> None:
    open_store(db).add_companies([Company("Forno d'Oro")])
    data = orjson.loads(db.read_bytes())
    data["_meta"]["1"]["schema"] = 2
    data[COMPANY_KEYS] = {"1": ["something else", None]}  # not ours in a schema 2 file
    db.write_bytes(by_hand(data))
    assert found(db, "", "forno d oro") == 1
    migrated = orjson.loads(db.read_bytes())
    assert migrated["_meta"]["1"]["schema"] == 3
    assert COMPANY_KEYS not in migrated and TICKET_TEXTS not in migrated  # derived by the next
    # change, trusted only then
    assert found(db, "", "something else") is None
    open_store(db).add_companies([Company("Bottega Verde")])
    keys = orjson.loads(db.read_bytes())[COMPANY_KEYS]
    assert keys == {"1": ["forno d oro", None], "2": ["bottega verde", None]}


# -- ticket texts -------------------------------------------------------------------------------

WORDS = ["Vendere", "online", "negozio", "Caffè", "perché", "BANDO", "e-commerce", "«virgolette»"]


def ticket(rng: random.Random, company: int | None) -> Ticket:
    def text(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n))

    return Ticket(
        uid=f"{rng.getrandbits(128):032x}",
        created=datetime(2026, 11, 20, 10, tzinfo=UTC),
        updated=datetime(2026, 11, 20, 10, tzinfo=UTC),
        subject=text(2),
        description=text(rng.randint(0, 6)),
        contact=Contact(text(1)),
        company_id=company,
    )


def matches(store_path: Path, words: tuple[str, ...]) -> list[int]:
    """The tickets the store lets through for these words, then the ones that really match."""
    store = open_store(store_path)
    let_through = store.tickets(narrowing=Narrowing(words=words))
    companies = store.companies_by_id()
    return [
        t.ref
        for t in let_through
        if all(w in searchable_text(t, companies.get(t.company_id)) for w in words)
    ]


def truth(store_path: Path, words: tuple[str, ...]) -> list[int]:
    store = open_store(store_path)
    companies = store.companies_by_id()
    return [
        t.ref
        for t in store.tickets()
        if all(w in searchable_text(t, companies.get(t.company_id)) for w in words)
    ]


def test_the_file_holds_each_tickets_company_and_folded_text(db: Path) -> None:
    store = open_store(db)
    forno = store.add_company(Company("Forno d'Oro"))
    store.add_tickets([ticket(random.Random(1), forno.id), ticket(random.Random(2), None)])
    data = orjson.loads(db.read_bytes())
    names = {int(id): c["name"] for id, c in data[COMPANIES].items()}
    assert data[TICKET_TEXTS] == {
        ref: [record.get("company"), ticket_text(record, names.get)]
        for ref, record in data["tickets"].items()
    }
    assert data[TICKET_TEXTS]["1"][0] == forno.id and "forno d'oro" in data[TICKET_TEXTS]["1"][1]


def test_a_search_lets_through_every_ticket_that_matches_and_builds_few_others(db: Path) -> None:
    rng = random.Random(5)
    store = open_store(db)
    companies = store.add_companies([Company("Caffè Nerò"), Company("Bottega Verde")])
    store.add_tickets(
        ticket(rng, rng.choice([None, *(c.id for c in companies)])) for _ in range(80)
    )
    for round in range(12):
        if round % 3 == 2:  # a company renamed: its tickets' texts follow
            company = open_store(db).company(rng.choice(companies).id)
            assert company is not None
            company.name = rng.choice(["Caffè Nerò", "Bottega Verde", "Negozio online srl"])
            open_store(db).save_company(company)
        else:
            open_store(db).add_tickets([ticket(rng, companies[0].id), ticket(rng, None)])
        for word in [*WORDS, "nero", "verde online", "zzz"]:
            words = tuple(fold(w) for w in word.split())
            assert matches(db, words) == truth(db, words), (round, word)
    texts = open_store(db).storage.read()[TICKET_TEXTS]
    assert isinstance(texts, Records) and texts.pristine()
    store = open_store(db)
    assert len(store.tickets(narrowing=Narrowing(words=("zzz",)))) == 0  # none built at all


def test_a_companys_tickets_are_found_by_their_texts(db: Path) -> None:
    rng = random.Random(8)
    store = open_store(db)
    a, b = store.add_companies([Company("A"), Company("B")])
    store.add_tickets(ticket(rng, rng.choice([a.id, b.id, None])) for _ in range(40))
    everything = open_store(db).tickets()
    for company in (a, b):
        expected = [t.ref for t in everything if t.company_id == company.id]
        assert [t.ref for t in open_store(db).tickets(company=company.id)] == expected


def test_a_hand_edited_file_is_searched_whole_and_its_texts_derived_again(db: Path) -> None:
    store = open_store(db)
    store.add_tickets([ticket(random.Random(3), None)])
    subject = open_store(db).tickets()[0].subject
    edited = orjson.loads(db.read_bytes())
    edited["tickets"]["1"]["subject"] = "Sportello zzz"
    db.write_bytes(by_hand(edited))  # the texts still hold the old subject
    assert matches(db, ("zzz",)) == [1]
    assert matches(db, tuple(fold(subject).split()[:1])) == truth(
        db, tuple(fold(subject).split()[:1])
    )
    open_store(db).add_tickets([ticket(random.Random(4), None)])
    assert "sportello zzz" in orjson.loads(db.read_bytes())[TICKET_TEXTS]["1"][1]
