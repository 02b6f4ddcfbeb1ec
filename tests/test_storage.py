"""Tests of the store and the storages under it.

Every behavioural case runs three times, over memory (``memory_store()``), over a JSON file
(``open_store(tmp_path / "tickets.json")``) and over a desk of its own on the test PostgreSQL
server (tests/postgres.py), because every store must keep the same promises. For the file and
PostgreSQL, what was written is read back through a second, fresh store, so a test passes only
when the data reached the disk or the server and not merely a cache.

The tests after those are about the file alone: its permissions, other processes' changes (here a
second store on the same path), the atomic write and its leftovers, backups, schema migration, and
the files the store must refuse to touch.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from uuid import uuid4
from zoneinfo import ZoneInfo

import orjson
import pytest

from helpdesk import files as files_module
from helpdesk.dates import When
from helpdesk.domain.enums import (
    Channel,
    CompanyKind,
    CompanySize,
    LinkKind,
    Outcome,
    Priority,
    Status,
)
from helpdesk.domain.filters import Narrowing
from helpdesk.domain.models import (
    Adviser,
    Change,
    Company,
    Contact,
    FollowUp,
    Link,
    Note,
    Ticket,
    Topic,
)
from helpdesk.domain.programmes import Service, Source
from helpdesk.domain.satisfaction import Satisfaction
from helpdesk.domain.taxonomy import DEFAULT_TOPICS
from helpdesk.errors import DatabaseMissing, StoreError
from helpdesk.store import Store, initial_data, memory_store, open_store, records
from helpdesk.store import storage as storage_module
from helpdesk.store.storage import FileStorage

#: A fixed UTC offset: what a datetime read back from the file carries.
PLUS_ONE = timezone(timedelta(hours=1))
T0 = datetime(2026, 3, 18, 14, 35, 12, 345678, tzinfo=PLUS_ONE)
ROME = ZoneInfo("Europe/Rome")
DEFAULT_KEYS = [topic.key for topic in DEFAULT_TOPICS]
MARKUP = '[/] [link=x]y[/link] [bold red]Caffè "Nerò" d\'Oro[/bold red] \\[escaped]'


# -- helpers and fixtures ---------------------------------------------------------------------


def make_ticket(subject: str, **fields: Any) -> Ticket:
    """A new ticket with a fresh uid, created at :data:`T0` unless told otherwise."""
    fields.setdefault("created", T0)
    fields.setdefault("updated", fields["created"])
    return Ticket(uid=uuid4().hex, subject=subject, **fields)


def full_ticket() -> Ticket:
    """A ticket with every field away from its default, and text that looks like markup."""
    at = T0
    return Ticket(
        uid="0f8e3c2a9b7d4e6f8a1b2c3d4e5f6a7b",
        created=at,
        updated=at + timedelta(days=9, hours=2),
        subject='Caffè "Nerò" d\'Oro wants to sell online [link=x]y[/link] [/]',
        channel=Channel.WALK_IN,
        company_id=7,
        contact=Contact(
            "Renée O'Brien-Rossi [b]", "renee@caffe-nero.it", "+39 031 123 4567", "Titolare [/]"
        ),
        description=f"Line one\nline two: «virgolette», emoji ☕, tab\there, {MARKUP}",
        topics=["ecommerce", "grants"],
        priority=Priority.URGENT,
        status=Status.CLOSED,
        assignee="ms",
        tags=["bando-2026", "[red]hot[/red]", "città"],
        followups=[
            FollowUp(
                1,
                When(date(2026, 3, 25), time(15, 30), ROME),
                f"Richiamare {MARKUP}",
                "ms",
                at + timedelta(minutes=6),
                done_at=at + timedelta(days=7),
                result="Fatto: d'accordo [/]",
            ),
            FollowUp(
                2,
                When(date(2026, 3, 27), None, ROME),
                "Check the bando",
                "lb",
                at + timedelta(minutes=7),
                cancelled=True,
            ),
            FollowUp(
                3,
                When(date(2026, 3, 30), time(9, 0), ROME),
                "",
                "lb",
                at + timedelta(minutes=8),
            ),
        ],
        notes=[
            Note(at + timedelta(minutes=5), "ms", 'Ha chiamato "Nerò" [link=x]y[/link]'),
            Note(at + timedelta(days=1), "lb", "Seconda nota\n\n— fine"),
        ],
        history=[
            Change(at + timedelta(minutes=1), "ms", "status", "new", "triaged"),
            Change(at + timedelta(minutes=2), "ms", "topics", [], ["ecommerce", "grants"]),
            Change(at + timedelta(minutes=3), "lb", "company_id", None, 7),
            Change(at + timedelta(minutes=4), "lb", "assignee", "lb", None),
            Change(at + timedelta(minutes=4), "lb", "subject", "", MARKUP),
        ],
        links=[Link(LinkKind.FOLLOW_ON, 3), Link(LinkKind.DUPLICATE_OF, 12)],
        outcome=Outcome.GRANT_APPLIED,
        outcome_note="Domanda presentata — [/] ok",
        triaged_at=at + timedelta(minutes=1),
        closed_at=at + timedelta(days=9, seconds=1, microseconds=7),
        external_id="form-2026-0042",
        service=Service.ADVICE,
        source=Source.CHAMBER,
        programme="desk2020",
        satisfaction=Satisfaction(4, at + timedelta(days=10), "ms", "chiaro"),
    )


def full_company() -> Company:
    """A company with every field away from its default."""
    return Company(
        name='Caffè "Nerò" d\'Oro [/] S.n.c.',
        vat="01234567897",
        kind=CompanyKind.FOOD_SERVICE,
        size=CompanySize.MICRO,
        ateco="56.30.00",
        s3_area="Agrifood [link=x]y[/link]",
        town="Cantù",
        province="CO",
        contacts=[Contact("Renée", "renee@nero.it", "031 1234", "Titolare"), Contact("Solo")],
        privacy_consent=date(2025, 11, 3),
        notes=MARKUP,
        consent=False,
        history=[Change(datetime(2025, 11, 3, 9, tzinfo=ROME), "ms", "town", "Como", "Cantù")],
        forgotten=date(2025, 12, 1),
    )


def add_companies_up_to(store: Store, number: int) -> None:
    """Add companies until company ``number`` exists: a ticket may name only a company the
    store holds (PostgreSQL checks it with a foreign key)."""
    while (have := len(store.companies())) < number:
        store.add_company(Company(f"Company {have + 1}"))


@dataclass
class Backend:
    """A store under test, and a way to read its data through a fresh store.

    Attributes:
        kind: ``"memory"``, ``"file"`` or ``"postgres"``.
        store: The store the test works with.
        reopen: Returns a store that reads the same data anew (the file, from disk; memory has no
            second reader, so the same store).
        path: The database file, for the file backend.
    """

    kind: str
    store: Store
    reopen: Callable[[], Store]
    path: Path | None = None


@pytest.fixture(params=["memory", "file", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each store in turn."""
    if request.param == "memory":
        store = memory_store()
        yield Backend("memory", store, lambda: store)
        return
    if request.param == "postgres":
        from postgres import new_desk_name

        from helpdesk.store.postgres import PostgresStore, set_up_desk

        url = request.getfixturevalue("pg_database")
        store = set_up_desk(url, desk=new_desk_name())
        readers: list[PostgresStore] = []

        def reopen() -> PostgresStore:
            readers.append(PostgresStore(url, desk=store.desk))
            return readers[-1]

        yield Backend("postgres", store, reopen)  # type: ignore[arg-type]
        for opened in (store, *readers):
            opened.close()
        return
    path = tmp_path / "tickets.json"
    yield Backend("file", open_store(path), lambda: open_store(path), path)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where a file test's database lives (not created)."""
    return tmp_path / "tickets.json"


def names(folder: Path) -> list[str]:
    """The names in ``folder``, sorted, without the lock file that any writer leaves."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".json.lock"))


def fingerprint(path: Path) -> tuple[bytes, int, int, int]:
    """What must not change on a file the store refuses: bytes, mtime, inode and mode."""
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, st.st_ino, stat.S_IMODE(st.st_mode)


# -- both storages: tickets -------------------------------------------------------------------


def test_add_ticket_gives_references_in_order(backend: Backend) -> None:
    store = backend.store
    first = store.add_ticket(make_ticket("First"))
    second = store.add_ticket(make_ticket("Second"))

    assert (first.ref, second.ref) == (1, 2)
    fresh = backend.reopen()
    assert fresh.ticket_count() == 2
    assert [(t.ref, t.subject) for t in fresh.tickets()] == [(1, "First"), (2, "Second")]
    assert fresh.ticket(2) == second
    assert fresh.ticket(3) is None
    assert fresh.ticket(0) is None


def test_ticket_round_trip_keeps_every_field(backend: Backend) -> None:
    original = full_ticket()
    add_companies_up_to(backend.store, 7)
    defaults = Ticket(
        uid="", created=T0 - timedelta(days=1), updated=T0 - timedelta(days=1), subject=""
    )
    unset = [
        f.name
        for f in dataclasses.fields(Ticket)
        if f.name not in ("ref", "partial")
        and getattr(original, f.name) == getattr(defaults, f.name)
    ]
    assert unset == [], "the round trip must cover every field"

    backend.store.add_ticket(make_ticket("Before"))
    saved = backend.store.add_ticket(original)
    assert saved is original
    assert original.ref == 2

    fresh = backend.reopen()
    loaded = fresh.ticket(2)
    assert loaded == original
    assert fresh.tickets()[1] == original
    # Equal aware datetimes may still differ in offset; the stored form keeps the original one.
    assert loaded is not None
    assert loaded.created.isoformat() == "2026-03-18T14:35:12.345678+01:00"
    assert loaded.closed_at is not None
    assert loaded.closed_at.isoformat() == "2026-03-27T14:35:13.345685+01:00"
    assert [f.due.to_iso() for f in loaded.followups] == [
        "2026-03-25T15:30:00+01:00",
        "2026-03-27",
        "2026-03-30T09:00:00+02:00",
    ]


def test_followup_due_keeps_its_wall_time_in_the_desk_zone(backend: Backend) -> None:
    # Created in winter (+01:00 in Rome), due at 15:00 in summer (+02:00).
    created = datetime(2026, 1, 15, 10, 0, tzinfo=ROME)
    due = When(date(2026, 7, 1), time(15, 0), ROME)
    ticket = make_ticket(
        "Call back in July",
        created=created,
        followups=[FollowUp(1, due, "Call back", "ms", created)],
    )
    backend.store.add_ticket(ticket)

    loaded = backend.reopen().ticket(ticket.ref)
    assert loaded is not None
    back = loaded.followups[0].due
    assert back.at == due.at
    assert (back.day, back.time) == (date(2026, 7, 1), time(15, 0))
    assert back.describe() == "Wed 1 Jul 2026 15:00"
    assert back.to_iso() == "2026-07-01T15:00:00+02:00"


def test_add_tickets_saves_a_batch(backend: Backend) -> None:
    store = backend.store
    store.add_ticket(make_ticket("Alone"))
    batch = [make_ticket("Bulk 1"), make_ticket("Bulk 2", tags=["x"]), make_ticket("Bulk 3")]

    returned = store.add_tickets(batch)

    assert returned == batch
    assert all(a is b for a, b in zip(returned, batch, strict=True))
    assert [t.ref for t in batch] == [2, 3, 4]
    fresh = backend.reopen()
    assert [(t.ref, t.subject) for t in fresh.tickets()] == [
        (1, "Alone"),
        (2, "Bulk 1"),
        (3, "Bulk 2"),
        (4, "Bulk 3"),
    ]
    assert fresh.tickets()[1:] == batch
    assert store.add_tickets([]) == []
    assert backend.reopen().ticket_count() == 4
    assert store.add_ticket(make_ticket("Next")).ref == 5


def test_save_tickets_writes_back_changes(backend: Backend) -> None:
    store = backend.store
    one, two, three = store.add_tickets(
        [make_ticket("One"), make_ticket("Two"), make_ticket("Three")]
    )
    one.subject = "One, edited"
    one.status = Status.TRIAGED
    one.notes.append(Note(T0 + timedelta(hours=1), "ms", "[/] note"))
    three.tags = ["urgent"]
    three.priority = Priority.HIGH

    store.save_tickets([one, three])
    two.subject = "Two, edited"
    store.save_ticket(two)

    fresh = backend.reopen()
    assert fresh.tickets() == [one, two, three]
    assert fresh.ticket(1) == one
    assert fresh.ticket_count() == 3


def test_save_tickets_with_an_unknown_reference_changes_nothing(backend: Backend) -> None:
    store = backend.store
    one, _ = store.add_tickets([make_ticket("One"), make_ticket("Two")])
    one.subject = "One, edited"
    ghost = make_ticket("Ghost")
    ghost.ref = 99

    with pytest.raises(KeyError):
        store.save_tickets([one, ghost])

    for reader in (store, backend.reopen()):
        assert [t.subject for t in reader.tickets()] == ["One", "Two"]
        assert reader.ticket(99) is None


# -- both storages: companies, advisers, topics -----------------------------------------------


def test_companies_add_save_and_get(backend: Backend) -> None:
    store = backend.store
    full = store.add_company(full_company())
    rest = store.add_companies([Company("Rossi Srl"), Company("Bianchi & C. [/]", town="Como")])

    assert full.id == 1
    assert [c.id for c in rest] == [2, 3]
    fresh = backend.reopen()
    assert fresh.company(1) == full
    assert fresh.companies() == [full, *rest]
    assert fresh.company(4) is None

    rest[0].vat = "12345678903"
    rest[0].contacts.append(Contact("Mario", phone="+39 02 555"))
    store.save_company(rest[0])
    assert backend.reopen().company(2) == rest[0]
    assert [c.name for c in backend.reopen().companies()] == [
        'Caffè "Nerò" d\'Oro [/] S.n.c.',
        "Rossi Srl",
        "Bianchi & C. [/]",
    ]
    assert store.add_company(Company("Verdi")).id == 4


def test_companies_by_id_are_looked_up_on_demand(backend: Backend) -> None:
    made = backend.store.add_companies([full_company(), Company("Rossi Srl"), Company("Verdi")])
    by_id = backend.reopen().companies_by_id()
    assert len(by_id) == 3 and list(by_id) == [1, 2, 3]
    assert by_id[2] == made[1] and by_id[2] is by_id[2]  # converted once
    assert dict(by_id) == {c.id: c for c in made}
    assert 3 in by_id and 4 not in by_id and "1" not in by_id
    assert by_id.get(4) is None
    with pytest.raises(KeyError):
        by_id[4]


SPARE = {"uid": "u1", "created": "2026-11-20T10:00:00+01:00", "subject": "Sito"}
FULL = {
    **SPARE,
    "status": "waiting",
    "priority": "urgent",
    "channel": "email",
    "outcome": "advised",
    "assignee": "gb",
    "topics": ["grants"],
    "company": 7,
}


@pytest.mark.parametrize("stored", [SPARE, FULL], ids=["fields left out", "fields given"])
def test_a_record_passes_the_narrowing_of_the_ticket_it_makes(stored: dict[str, Any]) -> None:
    record = {**stored, "updated": stored["created"]}
    ticket = records.ticket_from_record(record, 3, ZoneInfo("Europe/Rome"), True)
    values: dict[str, object] = {
        "status": ticket.status.value,
        "priority": ticket.priority.value,
        "channel": ticket.channel.value,
        "outcome": ticket.outcome.value if ticket.outcome else None,
        "assignee": ticket.assignee,
        "ref": ticket.ref,
    }

    def passes(narrowing: Narrowing) -> bool:
        return records.ticket_may_match(record, 3, narrowing, {7: "Forno Rossi"}.get)

    for name, value in values.items():
        assert passes(Narrowing({name: frozenset({value})})), name
        assert not passes(Narrowing({name: frozenset({"other value", 99})})), name
    assert passes(Narrowing(any_topic=(frozenset(ticket.topics or {"x"}),))) == bool(ticket.topics)
    assert passes(Narrowing(words=("sito",)))
    assert passes(Narrowing(words=("rossi",))) == (ticket.company_id == 7)
    assert passes(Narrowing({"unknown field": frozenset()}))  # what it cannot test, it lets by


def test_only_records_with_a_pending_followup_pass_its_narrowing() -> None:
    due = {"id": 1, "due": "2026-11-21", "created": "2026-11-20T10:00:00+01:00"}
    with_pending = Narrowing(pending_followup=True)

    def passes(followups: list[dict[str, Any]]) -> bool:
        record = {**SPARE, "updated": SPARE["created"], "followups": followups}
        return records.ticket_may_match(record, 3, with_pending, {}.get)

    done = {**due, "done_at": "2026-11-21T09:00:00+01:00"}
    cancelled = {**due, "cancelled": True}
    assert not passes([]) and not passes([done, cancelled])
    assert passes([done, due]) and passes([cancelled, due])


def test_company_records_are_the_stored_form_by_number(backend: Backend) -> None:
    made = backend.store.add_companies([full_company(), Company("Rossi Srl")])
    stored = backend.reopen().company_records()
    assert list(stored) == [1, 2] and len(stored) == 2 and 3 not in stored
    assert stored[1] == records.company_to_record(made[0])
    assert stored.get(2) == {"name": "Rossi Srl", **records.company_to_record(Company("Rossi Srl"))}
    assert stored.get(3) is None and stored.get(3, "none") == "none"


def test_a_companys_empty_fields_are_left_out_of_its_record() -> None:
    assert records.company_to_record(Company("Rossi Srl")) == {"name": "Rossi Srl", "kind": "other"}
    full = records.company_to_record(full_company())
    assert list(full) == [
        *("name", "vat", "kind", "size", "ateco", "s3_area", "town", "province", "contacts"),
        *("privacy_consent", "notes", "consent", "history", "forgotten"),
    ]
    assert full["contacts"] == [
        {"name": "Renée", "email": "renee@nero.it", "phone": "031 1234", "role": "Titolare"},
        {"name": "Solo"},
    ]
    assert records.contact_to_record(Contact(email="a@b.it", role="CEO")) == {
        "email": "a@b.it",
        "role": "CEO",
    }
    assert records.contact_to_record(Contact(phone="031 1")) == {"phone": "031 1"}
    assert records.contact_to_record(Contact()) == {}


def test_company_round_trip_keeps_every_field(backend: Backend) -> None:
    original = full_company()
    defaults = Company("")
    unset = [
        f.name
        for f in dataclasses.fields(Company)
        if f.name != "id" and getattr(original, f.name) == getattr(defaults, f.name)
    ]
    assert unset == []
    backend.store.add_company(original)
    assert backend.reopen().company(original.id) == original


def test_advisers_are_upserted_by_key(backend: Backend) -> None:
    store = backend.store
    assert store.advisers() == []
    store.save_adviser(Adviser("ms", "Maria Sala", "ms@hub.it", ["ecommerce"]))
    store.save_adviser(Adviser("lb", "Luca Bianchi"))
    changed = Adviser(
        "ms", "Maria Sala-Rossi", "maria@hub.it", ["grants", "ecommerce"], active=False
    )
    store.save_adviser(changed)

    assert backend.reopen().advisers() == [changed, Adviser("lb", "Luca Bianchi")]


def test_new_store_has_the_default_topics(backend: Backend) -> None:
    assert [t.key for t in backend.store.topics()] == DEFAULT_KEYS
    assert backend.store.topics() == list(DEFAULT_TOPICS)
    assert len(DEFAULT_KEYS) == 18


def test_topics_are_upserted_by_key(backend: Backend) -> None:
    store = backend.store
    edited = Topic("grants", "Grants [/]", "Bandi e contributi", ["bando"], active=False)
    added = Topic("space", "Space economy", "Economia dello spazio", ["satellit*"])
    store.save_topic(edited)
    store.save_topic(added)

    topics = backend.reopen().topics()
    assert [t.key for t in topics] == [*DEFAULT_KEYS, "space"]
    assert topics[DEFAULT_KEYS.index("grants")] == edited
    assert topics[-1] == added


# -- both storages: transactions --------------------------------------------------------------


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_exception_in_a_transaction_leaves_the_data_as_before(
    backend: Backend, error: type[BaseException]
) -> None:
    store = backend.store
    store.add_ticket(make_ticket("Before"))
    store.add_company(Company("Kept"))
    before = backend.path.read_bytes() if backend.path else b""

    with pytest.raises(error, match="boom"), store.transaction():
        store.add_ticket(make_ticket("Inside 1"))
        store.add_tickets([make_ticket("Inside 2"), make_ticket("Inside 3")])
        changed = store.ticket(1)
        assert changed is not None
        changed.subject = "Changed"
        store.save_ticket(changed)
        store.add_company(Company("Dropped"))
        store.save_topic(Topic("dropped", "Dropped", "Scartato"))
        store.save_adviser(Adviser("xx", "Dropped"))
        assert store.ticket_count() == 4  # visible inside the transaction
        raise error("boom")

    for reader in (store, backend.reopen()):
        assert [(t.ref, t.subject) for t in reader.tickets()] == [(1, "Before")]
        assert [c.name for c in reader.companies()] == ["Kept"]
        assert [t.key for t in reader.topics()] == DEFAULT_KEYS
        assert reader.advisers() == []
    if backend.path:
        assert backend.path.read_bytes() == before
    # The references taken inside are free again: nothing of them was kept.
    assert store.add_ticket(make_ticket("After")).ref == 2
    assert store.add_company(Company("After")).id == 2


@pytest.mark.parametrize("backend", ["memory", "file"], indirect=True)
def test_write_outside_a_transaction_raises(backend: Backend) -> None:
    store = backend.store
    store.add_ticket(make_ticket("Only"))
    data = store.storage.read()

    with pytest.raises(RuntimeError, match="write outside a transaction"):
        store.storage.write({**data, "tickets": {}})

    assert [t.subject for t in store.tickets()] == ["Only"]
    assert [t.subject for t in backend.reopen().tickets()] == ["Only"]


def test_memory_backup_is_nowhere() -> None:
    store = memory_store()
    store.add_ticket(make_ticket("One"))
    assert store.backup("before import") is None
    assert store.describe() == "memory"


# -- the file: permissions and writes ---------------------------------------------------------


def test_new_file_is_readable_by_its_owner_only(db: Path) -> None:
    store = open_store(db)
    store.add_ticket(make_ticket("Private"))
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    store.add_ticket(make_ticket("Still private"))
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_existing_file_mode_is_kept_on_rewrite(db: Path) -> None:
    store = open_store(db)
    store.add_ticket(make_ticket("One"))
    os.chmod(db, 0o640)
    inode = db.stat().st_ino

    store.add_ticket(make_ticket("Two"))
    assert db.stat().st_ino != inode  # rewritten by replacing the file, not edited in place
    assert stat.S_IMODE(db.stat().st_mode) == 0o640

    open_store(db).add_ticket(make_ticket("Three"))
    assert stat.S_IMODE(db.stat().st_mode) == 0o640
    assert open_store(db).ticket_count() == 3


def test_file_holds_orjson_with_the_format_stamp(db: Path) -> None:
    store = open_store(db)
    store.add_ticket(make_ticket('Caffè "Nerò" [/]'))
    data = orjson.loads(db.read_bytes())
    stamp = data["_meta"]["1"]
    added = ("checksum", "tables", "header_checksum")
    assert {k: v for k, v in stamp.items() if k not in added} == {
        "format": "helpdesk",
        "schema": storage_module.SCHEMA_VERSION,
    }
    assert isinstance(stamp["checksum"], int)
    assert data["tickets"]["1"]["subject"] == 'Caffè "Nerò" [/]'
    assert list(data["topics"]) == [str(i) for i in range(1, len(DEFAULT_KEYS) + 1)]
    assert "Caffè".encode() in db.read_bytes()  # UTF-8 as is, not escaped
    assert store.describe() == str(db)
    assert repr(store) == f"Store({str(db)!r})"


def test_a_transaction_writes_once_at_its_end(db: Path, replaces: list[str]) -> None:
    store = open_store(db)
    store.add_ticket(make_ticket("Zero"))
    before = db.read_bytes()
    assert replaces == [str(db)]

    with store.transaction():
        assert store.add_ticket(make_ticket("A")).ref == 2
        assert store.add_ticket(make_ticket("B")).ref == 3
        store.add_company(Company("Rossi"))
        assert db.read_bytes() == before
        assert open_store(db).ticket_count() == 1
    assert len(replaces) == 2

    store.add_tickets([make_ticket(f"Bulk {i}") for i in range(50)])
    assert len(replaces) == 3
    assert open_store(db).ticket_count() == 53
    assert [c.name for c in open_store(db).companies()] == ["Rossi"]


def test_busy_file_is_reported_after_the_lock_timeout(db: Path) -> None:
    holder = open_store(db)
    waiter = Store(FileStorage(db, lock_timeout=0.3, initial=initial_data))
    holder.add_ticket(make_ticket("One"))

    with holder.transaction():
        holder.add_ticket(make_ticket("Two"))
        with pytest.raises(StoreError) as raised:
            waiter.add_ticket(make_ticket("Waiter"))
    assert str(db) in str(raised.value)
    assert "is busy" in str(raised.value)
    assert [t.subject for t in open_store(db).tickets()] == ["One", "Two"]
    assert waiter.add_ticket(make_ticket("Waiter again")).ref == 3


# -- the file: other processes ----------------------------------------------------------------


def test_change_by_another_store_is_seen_and_no_reference_is_reused(db: Path) -> None:
    first = open_store(db)
    second = open_store(db)

    assert first.add_ticket(make_ticket("One")).ref == 1
    assert [t.subject for t in second.tickets()] == ["One"]
    assert second.add_ticket(make_ticket("Two")).ref == 2
    # The first store cached "next is 2" when it inserted #1; it must not reuse it.
    assert first.add_ticket(make_ticket("Three")).ref == 3
    assert second.add_ticket(make_ticket("Four")).ref == 4

    edited = second.ticket(1)
    assert edited is not None
    edited.subject = "Uno"  # the same length as "One": the size alone would not tell
    second.save_ticket(edited)
    second.add_company(Company("Rossi"))
    second.save_adviser(Adviser("ms", "Maria Sala"))

    assert [(t.ref, t.subject) for t in first.tickets()] == [
        (1, "Uno"),
        (2, "Two"),
        (3, "Three"),
        (4, "Four"),
    ]
    assert first.ticket(1) == edited
    assert first.add_company(Company("Bianchi")).id == 2
    assert first.advisers() == [Adviser("ms", "Maria Sala")]
    assert [(t.ref, t.subject) for t in open_store(db).tickets()][-1] == (4, "Four")
    assert [c.name for c in second.companies()] == ["Rossi", "Bianchi"]


def test_file_replaced_by_another_store_between_transactions(db: Path) -> None:
    first = open_store(db)
    first.add_tickets([make_ticket(f"T{i}") for i in range(5)])
    assert first.ticket_count() == 5
    other = open_store(db)
    other.add_ticket(make_ticket("Other"))
    with first.transaction():
        assert first.ticket_count() == 6  # fresh data inside the lock
        assert first.add_ticket(make_ticket("Mine")).ref == 7
    assert [t.subject for t in other.tickets()][-2:] == ["Other", "Mine"]


# -- the file: temporaries and backups --------------------------------------------------------


def _leave_temporaries(folder: Path) -> list[Path]:
    leftovers = [
        folder / ".tickets.json.4242.deadbeef.tmp",
        folder / ".tickets.json.77.0a1b2c3d.tmp",
    ]
    for path in leftovers:
        path.write_bytes(b'{"_meta": {"1": {"format": "helpd')  # half written
    return leftovers


def test_leftover_temporaries_are_removed_by_the_next_write(db: Path) -> None:
    open_store(db).add_ticket(make_ticket("One"))
    leftovers = _leave_temporaries(db.parent)
    unrelated = [db.parent / ".other.json.4242.deadbeef.tmp", db.parent / "notes.tmp"]
    for path in unrelated:
        path.write_text("keep me")

    reader = open_store(db)
    assert reader.ticket_count() == 1
    # A read holds no lock, so it must leave them: one could be another writer's, in progress.
    assert all(path.exists() for path in leftovers)

    reader.add_ticket(make_ticket("Two"))
    assert names(db.parent) == [
        ".other.json.4242.deadbeef.tmp",
        ".tickets.json.previous",
        "notes.tmp",
        "tickets.json",
    ]
    assert [t.subject for t in open_store(db).tickets()] == ["One", "Two"]


def test_leftover_temporaries_are_removed_by_a_long_running_store(db: Path) -> None:
    store = open_store(db)
    store.add_ticket(make_ticket("One"))
    # Another process dies mid-write while this store (an adviser's TUI) stays open.
    _leave_temporaries(db.parent)

    store.add_ticket(make_ticket("Two"))

    assert names(db.parent) == [".tickets.json.previous", "tickets.json"]


def _stamp(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns


def test_a_save_keeps_the_version_it_replaces_untouched(db: Path) -> None:
    store = open_store(db)
    store.add_ticket(make_ticket("One"))
    previous = db.with_name(".tickets.json.previous")
    assert not previous.exists()  # nothing replaced yet
    first = _stamp(db)

    store.add_ticket(make_ticket("Two"))
    assert _stamp(previous) == first  # the file replaced, untouched, under its new name
    assert [t.subject for t in open_store(previous).tickets()] == ["One"]
    second = _stamp(db)

    store.add_ticket(make_ticket("Three"))
    third = _stamp(db)
    assert third[0] not in (first[0], second[0])  # every version is a new file
    assert _stamp(previous) == second
    assert len({first, second, third}) == 3  # every version tells itself apart
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert [t.subject for t in open_store(db).tickets()] == ["One", "Two", "Three"]
    assert names(db.parent) == [".tickets.json.previous", "tickets.json"]


def test_a_previous_version_with_another_name_is_never_written_over(db: Path) -> None:
    store = open_store(db)
    for subject in ("One", "Two"):
        store.add_ticket(make_ticket(subject))
    snapshot = db.with_name("snapshot.json")  # a backup tool's hard link to the kept version
    os.link(db.with_name(".tickets.json.previous"), snapshot)
    kept = snapshot.read_bytes()

    store.add_ticket(make_ticket("Three"))

    assert snapshot.read_bytes() == kept
    assert [t.subject for t in open_store(snapshot).tickets()] == ["One"]
    assert [t.subject for t in open_store(db).tickets()] == ["One", "Two", "Three"]


def test_a_previous_version_a_reader_still_has_open_is_not_written_over(db: Path) -> None:
    store = open_store(db)
    for subject in ("One", "Two"):
        store.add_ticket(make_ticket(subject))
    previous = db.with_name(".tickets.json.previous")
    kept = previous.read_bytes()
    with previous.open("rb") as reading:  # a backup copying the folder, say, not done yet
        store.add_ticket(make_ticket("Three"))

        assert db.stat().st_ino != os.fstat(reading.fileno()).st_ino  # a new file instead
        assert reading.read() == kept
    assert [t.subject for t in open_store(previous).tickets()] == ["One", "Two"]


def test_without_hard_links_a_save_writes_a_new_file_and_keeps_nothing(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*args: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(files_module.os, "link", no_links)
    store = open_store(db)
    for subject in ("One", "Two", "Three"):
        store.add_ticket(make_ticket(subject))

    assert names(db.parent) == ["tickets.json"]
    assert [t.subject for t in open_store(db).tickets()] == ["One", "Two", "Three"]


def test_a_write_that_fails_leaves_the_file_and_its_previous_version(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(db)
    for subject in ("One", "Two"):
        store.add_ticket(make_ticket(subject))
    before = fingerprint(db)

    kept = db.with_name(".tickets.json.previous").read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files_module.os, "fsync", full_disk)
    with pytest.raises(StoreError, match="No space left on device"):
        store.add_ticket(make_ticket("Three"))
    monkeypatch.undo()

    assert fingerprint(db) == before
    assert names(db.parent) == [".tickets.json.previous", "tickets.json"]  # no half-written file
    assert db.with_name(".tickets.json.previous").read_bytes() == kept
    store.add_ticket(make_ticket("Three"))
    assert [t.subject for t in open_store(db).tickets()] == ["One", "Two", "Three"]


class _Overtaken:
    """A file handle whose reading is overtaken, halfway, by two writes from another store."""

    def __init__(self, handle: Any, writes: Callable[[], None]) -> None:
        self._handle = handle
        self._writes = writes

    def read(self) -> bytes:
        size = os.fstat(self._handle.fileno()).st_size
        half = self._handle.read(size // 2)
        self._writes()
        return half + self._handle.read()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _overtake_first_read(monkeypatch: pytest.MonkeyPatch, db: Path) -> list[str]:
    opened: list[str] = []  # by the reader, not by the writes that overtake it
    writing: list[bool] = []
    real_open = open

    def writes() -> None:
        writing.append(True)
        other = open_store(db)
        other.add_ticket(make_ticket("Two"))
        other.add_ticket(make_ticket("Three"))
        writing.clear()

    def overtaken_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if writing:
            return real_open(file, *args, **kwargs)
        opened.append(str(file))
        if len(opened) > 1:
            return real_open(file, *args, **kwargs)
        # Unbuffered: a buffered handle would have read the second half with the first.
        return _Overtaken(real_open(file, *args, buffering=0, **kwargs), writes)

    monkeypatch.setattr(files_module, "open", overtaken_open, raising=False)
    return opened


def test_a_read_overtaken_by_writes_reads_one_whole_version(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for subject in ("Zero", "One"):
        open_store(db).add_ticket(make_ticket(subject))  # a previous version the writes replace
    opened = _overtake_first_read(monkeypatch, db)
    storage = FileStorage(db, create=False)

    data = storage.read()  # two writes replace the file halfway through this read

    assert opened == [str(db)]
    assert [record["subject"] for record in data["tickets"].values()] == ["Zero", "One"]
    data = storage.read()  # the file changed since: read again
    assert opened == [str(db), str(db)]
    assert [record["subject"] for record in data["tickets"].values()] == [
        "Zero",
        "One",
        "Two",
        "Three",
    ]
    storage.read()
    assert len(opened) == 2  # it knows the version it read for the file's: no read again


def test_backup_keeps_the_last_copies(db: Path) -> None:
    store = open_store(db)
    assert store.backup("nothing yet") is None
    store.add_ticket(make_ticket("v0"))
    made: list[tuple[Path, bytes]] = []
    for i in range(storage_module.KEEP_BACKUPS + 3):
        store.add_ticket(make_ticket(f"v{i + 1}"))
        where = store.backup(f"step {i}: import/x")
        assert where is not None
        made.append((Path(where), db.read_bytes()))

    folder = db.parent / ".tickets.json.backups"
    kept = made[-storage_module.KEEP_BACKUPS :]
    assert storage_module.KEEP_BACKUPS == 5
    assert sorted(folder.iterdir()) == sorted(path for path, _ in kept)
    assert [path.name.split("-", 1)[1] for path, _ in kept] == [
        f"step-{i}--import-x.json" for i in range(3, 8)
    ]
    for path, content in kept:
        assert path.read_bytes() == content
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert open_store(db).ticket_count() == 9


# -- the file: migration ----------------------------------------------------------------------


@pytest.mark.parametrize("first_use", ["read", "write"])
def test_older_schema_is_migrated_with_a_backup(
    db: Path, monkeypatch: pytest.MonkeyPatch, first_use: str
) -> None:
    current = storage_module.SCHEMA_VERSION
    old = open_store(db)
    old.add_tickets([make_ticket("shop online"), make_ticket("bando", tags=["a"])])
    original = db.read_bytes()
    assert orjson.loads(original)["_meta"]["1"]["schema"] == current

    steps: list[int] = []

    def step(data: dict[str, Any]) -> None:
        steps.append(current)
        for key, record in list(data["tickets"].items()):
            record["subject"] = record["subject"].upper()
            record["tags"] = [*record.get("tags", []), "next"]
            data["tickets"][key] = record

    monkeypatch.setattr(storage_module, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(storage_module, "MIGRATIONS", {**storage_module.MIGRATIONS, current: step})

    store = open_store(db)
    if first_use == "read":
        assert [(t.subject, t.tags) for t in store.tickets()] == [
            ("SHOP ONLINE", ["next"]),
            ("BANDO", ["a", "next"]),
        ]
    else:
        assert store.add_ticket(make_ticket("new")).ref == 3

    data = orjson.loads(db.read_bytes())
    assert data["_meta"]["1"]["schema"] == current + 1
    assert [r["subject"] for r in data["tickets"].values()][:2] == ["SHOP ONLINE", "BANDO"]
    backups = list((db.parent / ".tickets.json.backups").iterdir())
    assert [b.name.split("-", 1)[1] for b in backups] == [f"before-schema-{current + 1}.json"]
    assert backups[0].read_bytes() == original
    assert steps == [current]

    again = open_store(db)
    assert [t.subject for t in again.tickets()][:2] == ["SHOP ONLINE", "BANDO"]
    again.add_ticket(make_ticket("later"))
    assert steps == [current]  # migrated once only
    assert len(list((db.parent / ".tickets.json.backups").iterdir())) == 1
    assert orjson.loads(db.read_bytes())["_meta"]["1"]["schema"] == current + 1


def _schema_one_file(db: Path) -> bytes:
    """A database as schema 1 wrote it: plain JSON, notes and history inside each ticket."""
    store = memory_store(ROME)
    store.add_tickets(
        [
            make_ticket(
                "Vendere online",
                notes=[Note(T0, "ms", "Richiamata")],
                history=[Change(T0, "ms", "status", "new", "triaged")],
            ),
            make_ticket("Bando", tags=["a"]),
        ]
    )
    whole = {
        str(t.ref): records.ticket_to_record(t) for t in store.tickets()
    }  # the schema 1 form of a ticket: one record with everything
    data = {**initial_data(), "tickets": whole}
    data["_meta"]["1"]["schema"] = 1
    raw = orjson.dumps(data)
    db.write_bytes(raw)
    return raw


@pytest.mark.parametrize("first_use", ["read", "write"])
def test_schema_one_moves_notes_and_history_apart(db: Path, first_use: str) -> None:
    original = _schema_one_file(db)

    store = open_store(db)
    if first_use == "read":
        ticket = store.ticket(1)
        assert ticket is not None and ticket.notes[0].text == "Richiamata"
    else:
        store.add_ticket(make_ticket("Terzo"))

    data = orjson.loads(db.read_bytes())
    assert data["_meta"]["1"]["schema"] == storage_module.SCHEMA_VERSION
    assert "notes" not in data["tickets"]["1"] and "history" not in data["tickets"]["1"]
    assert data["ticket_logs"]["1"] == {
        "notes": [{"at": T0.isoformat(), "who": "ms", "text": "Richiamata"}],
        "history": [
            {"at": T0.isoformat(), "who": "ms", "field": "status", "old": "new", "new": "triaged"}
        ],
    }
    assert "2" not in data["ticket_logs"]  # nothing to keep apart
    backups = list((db.parent / ".tickets.json.backups").iterdir())
    assert [b.read_bytes() for b in backups] == [original]

    ticket = open_store(db).ticket(1)
    assert ticket is not None
    assert [n.text for n in ticket.notes] == ["Richiamata"]
    assert [(c.field, c.old, c.new) for c in ticket.history] == [("status", "new", "triaged")]
    assert open_store(db).ticket(2).tags == ["a"]  # type: ignore[union-attr]


# -- the file: what is refused ----------------------------------------------------------------

_TINYDB_FILE = b'{"_default": {"1": {"name": "Rossi", "vat": "123"}}, "tickets": {"1": {}}}'
_META = '{{"_meta": {{"1": {{"format": "{fmt}", "schema": {schema}}}}}, "tickets": {{}}}}'

REFUSED = [
    pytest.param(b'{"_meta": ', "is not valid JSON", id="corrupt"),
    pytest.param(b"\xff\xfe\x00garbage", "is not valid JSON", id="binary"),
    pytest.param(b"", "is empty", id="empty"),
    pytest.param(b"  \n\t \n", "is empty", id="whitespace"),
    pytest.param(b"[1,2]", "is not a helpdesk database", id="json-list"),
    pytest.param(b'{"_default": {}}', "is not a helpdesk database", id="empty-tinydb"),
    pytest.param(_TINYDB_FILE, "is not a helpdesk database", id="tinydb"),
    pytest.param(
        _META.format(fmt="other", schema=1).encode(),
        "is not a helpdesk database",
        id="other-format",
    ),
    pytest.param(
        _META.format(fmt="helpdesk", schema=99).encode(),
        "newer helpdesk (schema 99",
        id="future-schema",
    ),
    pytest.param(
        _META.format(fmt="helpdesk", schema='"1"').encode(),
        "no valid schema version",
        id="schema-text",
    ),
    pytest.param(
        _META.format(fmt="helpdesk", schema=-1).encode(),
        "no valid schema version",
        id="schema-negative",
    ),
    pytest.param(_META.format(fmt="helpdesk", schema=0).encode(), "", id="schema-zero"),
]


@pytest.mark.parametrize(("content", "reason"), REFUSED)
@pytest.mark.parametrize("action", ["read", "write"])
def test_unusable_file_is_refused_and_left_untouched(
    db: Path, content: bytes, reason: str, action: str
) -> None:
    db.write_bytes(content)
    os.chmod(db, 0o644)
    os.utime(db, ns=(1_600_000_000_000_000_000, 1_600_000_000_123_456_789))
    before = fingerprint(db)
    store = open_store(db)

    attempts: list[Callable[[], object]]
    if action == "read":
        attempts = [
            store.tickets,
            store.ticket_count,
            store.topics,
            store.companies,
            lambda: store.ticket(1),
        ]
    else:
        attempts = [
            lambda: store.add_ticket(make_ticket("New")),
            lambda: store.save_topic(Topic("x", "X", "X")),
            lambda: store.add_companies([Company("Rossi")]),
        ]
    for attempt in attempts:
        with pytest.raises(StoreError) as raised:
            attempt()
        message = str(raised.value)
        assert not isinstance(raised.value, DatabaseMissing)
        assert str(db) in message
        assert reason in message
        assert "untouched" in message

    assert fingerprint(db) == before
    assert names(db.parent) == ["tickets.json"]


def test_missing_file_without_create_raises_and_creates_nothing(db: Path) -> None:
    store = open_store(db, create=False)
    for read in (
        store.tickets,
        store.ticket_count,
        store.topics,
        store.companies,
        store.advisers,
        lambda: store.ticket(1),
    ):
        with pytest.raises(DatabaseMissing) as raised:
            read()
        assert str(db) in str(raised.value)
    assert list(db.parent.iterdir()) == []

    with pytest.raises(DatabaseMissing):
        store.add_ticket(make_ticket("New"))
    assert not db.exists()
    assert names(db.parent) == []


def test_missing_file_with_create_is_made_by_the_first_write(db: Path) -> None:
    store = open_store(db)
    assert store.tickets() == []
    assert store.ticket_count() == 0
    assert store.ticket(1) is None
    assert store.companies() == []
    assert store.advisers() == []
    assert [t.key for t in store.topics()] == DEFAULT_KEYS
    assert store.backup("before anything") is None
    assert list(db.parent.iterdir()) == []

    assert store.add_ticket(make_ticket("First")).ref == 1

    assert names(db.parent) == ["tickets.json"]
    fresh = open_store(db, create=False)
    assert [t.subject for t in fresh.tickets()] == ["First"]
    assert fresh.topics() == list(DEFAULT_TOPICS)


def test_a_partial_ticket_lacks_notes_and_history_and_cannot_be_saved(backend: Backend) -> None:
    add_companies_up_to(backend.store, 7)
    saved = backend.store.add_ticket(full_ticket())
    [partial] = backend.reopen().tickets(partial=True)
    assert partial.partial is True
    assert (partial.notes, partial.history) == ([], [])
    assert partial.followups == saved.followups
    with pytest.raises(ValueError, match="without its history"):
        backend.store.save_ticket(partial)
    assert backend.reopen().ticket(saved.ref) == saved


def test_one_ticket_or_one_company_s_tickets_are_read_alone(backend: Backend) -> None:
    add_companies_up_to(backend.store, 8)
    first = backend.store.add_ticket(dataclasses.replace(full_ticket(), company_id=7))
    backend.store.add_ticket(make_ticket("Other company", company_id=8))
    third = backend.store.add_ticket(make_ticket("Same company", company_id=7))
    backend.store.add_ticket(make_ticket("No company"))
    store = backend.reopen()
    assert store.tickets(company=7) == [first, third]
    assert [t.ref for t in store.tickets(partial=True, company=8)] == [2]
    assert store.tickets(company=99) == []
    one = store.ticket(first.ref, partial=True)
    assert one is not None and one.partial and one.notes == [] and one.history == []
    assert one.subject == first.subject and one.followups == first.followups
    assert store.ticket(first.ref) == first
    assert store.ticket(99, partial=True) is None


def test_notes_and_history_are_kept_apart_from_the_ticket(db: Path) -> None:
    """Lists read every ticket; its notes and history, most of its bytes, sit in another table
    under the same reference, read only for the ticket shown or changed."""
    saved = open_store(db).add_ticket(full_ticket())
    plain = make_ticket("Nothing logged")
    open_store(db).add_ticket(plain)
    data = orjson.loads(db.read_bytes())
    assert set(data["tickets"]["1"]) & {"notes", "history"} == set()
    assert [n["text"] for n in data["ticket_logs"]["1"]["notes"]] == [n.text for n in saved.notes]
    assert len(data["ticket_logs"]["1"]["history"]) == len(saved.history)
    assert "2" not in data["ticket_logs"]
    store = open_store(db)
    ticket = store.ticket(2)
    assert ticket is not None
    ticket.notes.append(Note(T0, "ms", "Prima nota"))
    store.save_ticket(ticket)
    assert orjson.loads(db.read_bytes())["ticket_logs"]["2"] == {
        "notes": [{"at": T0.isoformat(), "who": "ms", "text": "Prima nota"}]
    }
    assert open_store(db).ticket(1) == saved


# -- reading ahead, for the command server's workers ---------------------------------------


def _edited_in_place(db: Path, old: bytes, new: bytes) -> None:
    """Change ``db``'s bytes where they lie, keeping its inode, size and modification time: the
    stamp by which a storage tells that a file is still the one it read. A store that then
    shows ``old`` was given what was read ahead; one that shows ``new`` read the file."""
    assert len(old) == len(new)
    before = db.stat()
    raw = db.read_bytes()
    assert raw.count(old) == 1
    with db.open("r+b") as file:
        file.seek(raw.index(old))
        file.write(new)
    os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (db.stat().st_ino, db.stat().st_size) == (before.st_ino, before.st_size)


def test_a_file_read_ahead_is_taken_while_it_is_unchanged(db: Path) -> None:
    open_store(db).add_ticket(make_ticket("Uno"))
    storage_module.read_ahead(db)
    _edited_in_place(db, b'"Uno"', b'"Una"')  # its checksum no longer holds on disk
    store = open_store(db)
    assert [t.subject for t in store.tickets()] == ["Uno"]  # the copy read ahead, checked
    with pytest.raises(StoreError, match="is damaged"):
        open_store(db).tickets()  # taken once: the next store reads the file
    _edited_in_place(db, b'"Una"', b'"Uno"')
    store.add_ticket(make_ticket("Due"))
    assert [t.subject for t in open_store(db).tickets()] == ["Uno", "Due"]


def test_a_file_changed_after_it_was_read_ahead_is_read_again(db: Path) -> None:
    open_store(db).add_ticket(make_ticket("Uno"))
    storage_module.read_ahead(db)
    open_store(db).add_ticket(make_ticket("Due"))  # another process's write, as it were
    assert [t.subject for t in open_store(db).tickets()] == ["Uno", "Due"]


def test_only_files_laid_out_at_this_schema_are_read_ahead(db: Path) -> None:
    open_store(db).add_ticket(make_ticket("Uno"))
    by_hand = orjson.loads(db.read_bytes())
    for key in ("checksum", "tables", "header_checksum"):
        del by_hand["_meta"]["1"][key]  # a file laid out by hand has no checksums
    db.write_bytes(orjson.dumps(by_hand, option=orjson.OPT_INDENT_2))
    storage_module.read_ahead(db)  # parsed whole by its reader instead
    _edited_in_place(db, b'"Uno"', b'"Una"')
    assert [t.subject for t in open_store(db).tickets()] == ["Una"]
    db.write_bytes(b"{not json")
    storage_module.read_ahead(db)
    with pytest.raises(StoreError, match="is not valid JSON"):
        open_store(db).tickets()
    storage_module.read_ahead(db.with_name("missing.json"))
    assert not db.with_name("missing.json").exists()


def test_a_file_not_kept_is_read_ahead_once_it_is_laid_out_again(db: Path) -> None:
    open_store(db).add_ticket(make_ticket("Uno"))
    laid_out_anew = orjson.loads(db.read_bytes())
    for key in ("checksum", "tables", "header_checksum"):
        del laid_out_anew["_meta"]["1"][key]  # by hand, so without checksums
    db.write_bytes(orjson.dumps(laid_out_anew, option=orjson.OPT_INDENT_2))
    storage_module.read_ahead(db)
    storage_module.read_ahead(db)  # refused as it is, still
    _edited_in_place(db, b'"Uno"', b'"Una"')
    assert [t.subject for t in open_store(db).tickets()] == ["Una"]
    open_store(db).add_ticket(make_ticket("Due"))  # laid out again by the save
    storage_module.read_ahead(db)
    _edited_in_place(db, b'"Due"', b'"Tre"')
    assert [t.subject for t in open_store(db).tickets()] == ["Una", "Due"]  # kept now


def test_companies_named_finds_every_company_of_one_name(backend: Backend) -> None:
    from helpdesk.domain.text import company_key

    backend.store.add_companies(
        [
            Company("Bar Centrale", vat="01114601006", province="CO"),
            Company("Forno d'Oro"),
            Company("BAR CENTRALE srl", vat="00488410010", province="LC"),
        ]
    )

    store = backend.reopen()
    named = store.companies_named(company_key("bar centrale"))

    assert [(c.id, c.province) for c in named] == [(1, "CO"), (3, "LC")]
    assert store.companies_named(company_key("nessuno")) == []
