"""The network in one PostgreSQL database: partners shared between desks, referrals from one
desk's ticket into another desk's inbox, and the answer coming back; a file desk refuses both.

Each test has a database of its own holding two desks (``hub-01`` acting as ``ms``, ``hub-02``
acting as ``gb``): a shared partner is seen by every desk of its database, so the desks of the
shared test database must not see these.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from postgres import Server
from psycopg.types.json import Jsonb

from helpdesk.dates import FrozenClock
from helpdesk.domain.enums import Status
from helpdesk.domain.partners import ReferralState
from helpdesk.errors import Conflict, NeedsNetwork, NotFound, StoreError, TransitionRefused
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.partners import PartnerDraft, PartnerEdit
from helpdesk.services.tickets import TicketDraft
from helpdesk.store.postgres import set_up_desk


@dataclass
class Network:
    """Two desks of one database."""

    url: str
    one: Desk
    two: Desk


def network_of(url: str, clock: FrozenClock) -> Network:
    """The desks hub-01 (acting as ms) and hub-02 (acting as gb) in the database at ``url``."""
    one = Desk(set_up_desk(url, desk="hub-01", tz=clock.tz), clock, "ms")
    two = Desk(set_up_desk(url, desk="hub-02", tz=clock.tz), clock, "gb")
    one.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
    two.directory.add_adviser("gb", "Giulio Bassi", topics=["grants"])
    return Network(url, one, two)


@pytest.fixture
def net(pg_server: Server, clock: FrozenClock) -> Iterator[Network]:
    """Two desks in a database of their own."""
    network = network_of(pg_server.create_database(), clock)
    yield network
    network.one.close()
    network.two.close()


def log(desk: Desk, subject: str, **fields: object) -> int:
    """Log a ticket; its reference."""
    return desk.tickets.log(TicketDraft(subject, **fields)).ticket.ref  # type: ignore[arg-type]


def rows(url: str, query: str) -> list[tuple[object, ...]]:
    """What a query reads from the database, on a connection of its own."""
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


# -- shared partners --------------------------------------------------------------------------


def test_a_shared_partner_is_listed_by_every_desk_under_a_number_of_its_own(
    net: Network,
) -> None:
    net.two.partners.add(PartnerDraft("Camera di Commercio", "chamber"))
    centre = net.one.partners.add(PartnerDraft("Made Competence Center", "competence_center"))
    assert [p.name for p in net.two.partners.partners()] == ["Camera di Commercio"]

    net.one.partners.share(centre.id)

    seen = {p.name: p for p in net.two.partners.partners()}
    assert set(seen) == {"Camera di Commercio", "Made Competence Center"}
    there = seen["Made Competence Center"]
    assert there.desk == "hub-01" and there.id == 2  # hub-02's own partner keeps number 1
    mine = net.one.partners.get(centre.id)
    assert mine.desk == "" and mine.shared and mine.id == centre.id
    # One record: a change by its desk is what the other desk reads.
    net.one.partners.edit(centre.id, PartnerEdit(notes="Robotica e automazione"))
    assert net.two.partners.get("made competence center").notes == "Robotica e automazione"
    assert rows(net.url, "SELECT count(*) FROM partners WHERE name LIKE 'Made%'") == [(1,)]


def test_a_desk_set_up_later_sees_the_partners_shared_before(
    net: Network, clock: FrozenClock
) -> None:
    centre = net.one.partners.add(PartnerDraft("Made", "competence_center"))
    net.one.partners.share(centre.id)
    three = Desk(set_up_desk(net.url, desk="hub-03", tz=clock.tz), clock, "ms")
    try:
        assert [(p.name, p.desk) for p in three.partners.partners()] == [("Made", "hub-01")]
    finally:
        three.close()


def test_another_desk_refers_to_a_shared_partner_but_may_not_change_it(net: Network) -> None:
    centre = net.one.partners.add(PartnerDraft("Made", "competence_center"))
    net.one.partners.share(centre.id)
    ref = log(net.two, "Robot per la saldatura")

    referral = net.two.referrals.refer(ref, "made", note="Valutazione robot")

    entry = net.two.referrals.entries()[0]
    assert entry.partner.name == "Made" and entry.referral.id == referral.id
    with pytest.raises(Conflict, match="belongs to the desk hub-01"):
        net.two.partners.edit("made", PartnerEdit(notes="no"))
    with pytest.raises(Conflict, match="belongs to the desk hub-01"):
        net.two.partners.share("made", False)


def test_unsharing_a_partner_other_desks_referred_to_is_refused_naming_the_referrals(
    net: Network,
) -> None:
    centre = net.one.partners.add(PartnerDraft("Made", "competence_center"))
    net.one.partners.share(centre.id)
    ref = log(net.two, "Robot")
    referral = net.two.referrals.refer(ref, "Made")

    with pytest.raises(Conflict) as refused:
        net.one.partners.share(centre.id, False)
    assert f"hub-02 referral {referral.id} (#{ref})" in refused.value.message
    assert "Made" in [p.name for p in net.two.partners.partners()]

    unreferred = net.one.partners.add(PartnerDraft("Polimi", "university"))
    net.one.partners.share(unreferred.id)
    net.one.partners.share(unreferred.id, False)
    assert "Polimi" not in [p.name for p in net.two.partners.partners()]
    assert not net.one.partners.get("Polimi").shared


def test_sharing_twice_or_unsharing_an_unshared_partner_says_so(net: Network) -> None:
    centre = net.one.partners.add(PartnerDraft("Made", "competence_center"))
    with pytest.raises(Conflict, match="is not shared"):
        net.one.partners.share(centre.id, False)
    net.one.partners.share(centre.id)
    with pytest.raises(Conflict, match="is shared already"):
        net.one.partners.share(centre.id)


# -- referrals into another desk's inbox ------------------------------------------------------


def desk_partner(net: Network) -> int:
    """hub-01's partner standing for hub-02; its number."""
    return net.one.partners.add(PartnerDraft("", "", desk="hub-02")).id


def test_a_referral_to_another_desk_lands_in_its_inbox_in_the_same_transaction(
    net: Network,
) -> None:
    number = desk_partner(net)
    assert net.one.partners.get(number).name == "Desk hub-02"
    ref = log(
        net.one,
        "Bando digitalizzazione",
        description="Chiede del voucher regionale",
        topics=["grants"],
        company=CompanyDraft("Falegnameria Brambilla", vat="00743110157"),
    )
    before = net.two.ctx.store.version()

    referral = net.one.referrals.refer(ref, number, note="Seguite voi il bando")

    assert referral.desk == "hub-02" and referral.desk_ref is not None
    arrived = net.two.tickets.get(referral.desk_ref)
    assert arrived.status is Status.NEW and arrived.assignee is None
    assert arrived.subject == "Bando digitalizzazione"
    assert arrived.description == "Chiede del voucher regionale"
    assert arrived.topics == ["grants"]
    assert arrived.notes[0].text == (
        f"Referred by the desk hub-01 (request {ref}): Seguite voi il bando"
    )
    company = net.two.ctx.store.company(arrived.company_id or 0)
    assert company is not None and company.vat == "00743110157"
    assert net.two.ctx.store.version() != before  # the other desk's screens hear of it
    entry = net.one.referrals.entries()[0]
    assert entry.there is Status.NEW


def test_a_referral_that_fails_leaves_no_ticket_in_the_other_desk(net: Network) -> None:
    number = desk_partner(net)
    ref = log(net.one, "Bando")
    net.one.referrals.refer(ref, number)
    with pytest.raises(TransitionRefused, match="already waits"):
        net.one.referrals.refer(ref, number)
    assert net.two.ctx.store.ticket_count() == 1

    # A failure after the ticket was put there takes it back with the referral.
    store = net.one.ctx.store
    original = store.add_referral

    def failing(referral: object) -> object:
        raise StoreError("the server went away")

    store.add_referral = failing  # type: ignore[method-assign]
    other = log(net.one, "Altro bando")
    with pytest.raises(StoreError):
        net.one.referrals.refer(other, number)
    store.add_referral = original  # type: ignore[method-assign]
    assert net.two.ctx.store.ticket_count() == 1
    assert len(net.one.referrals.entries()) == 1


def test_closing_the_ticket_there_records_the_answer_here(net: Network) -> None:
    number = desk_partner(net)
    ref = log(net.one, "Bando")
    referral = net.one.referrals.refer(ref, number)
    assert referral.desk_ref is not None
    waiting = net.one.tickets.get(ref).pending_followups()
    assert [f.id for f in waiting] == [referral.followup]

    net.two.tickets.set_status(referral.desk_ref, "triaged")
    net.two.tickets.set_status(referral.desk_ref, "in_progress")
    assert net.one.referrals.entries()[0].there is Status.IN_PROGRESS
    net.two.tickets.close(referral.desk_ref, "grant_applied", "Domanda presentata")

    answered = net.one.referrals.get(referral.id)
    assert answered.state is ReferralState.ANSWERED
    assert answered.steps[-1].note == (
        f"The desk hub-02 closed #{referral.desk_ref}: grant_applied (Domanda presentata)"
    )
    assert answered.followup is None
    assert net.one.tickets.get(ref).pending_followups() == []
    assert net.one.referrals.entries()[0].there is Status.CLOSED


def test_a_desk_partner_names_a_desk_of_the_database(net: Network) -> None:
    with pytest.raises(NotFound, match="no other desk named 'hub-09'; its other desks: hub-02"):
        net.one.partners.add(PartnerDraft("", "", desk="hub-09"))
    with pytest.raises(NotFound, match="no other desk named 'hub-01'"):
        net.one.partners.add(PartnerDraft("", "", desk="hub-01"))


# -- a file desk ------------------------------------------------------------------------------


def test_a_file_desk_refuses_the_network(clock: FrozenClock) -> None:
    desk = memory_desk(clock, actor="ms")
    desk.partners.add(PartnerDraft("Made", "competence_center"))
    with pytest.raises(NeedsNetwork, match="PostgreSQL") as refused:
        desk.partners.share("Made")
    assert refused.value.exit_code == 2
    with pytest.raises(NeedsNetwork):
        desk.partners.add(PartnerDraft("", "", desk="hub-02"))
    assert [p.name for p in desk.partners.partners()] == ["Made"]
    assert not desk.partners.get("Made").shared


def test_the_note_of_an_arriving_ticket_is_in_the_receiving_desks_language(net: Network) -> None:
    net.two.set_language("it")
    number = desk_partner(net)
    ref = log(net.one, "Bando")
    referral = net.one.referrals.refer(ref, number)
    arrived = net.two.tickets.get(referral.desk_ref or 0)
    assert arrived.notes[0].text == f"Segnalata dallo sportello hub-01 (richiesta {ref})"


def test_schema_5_keeps_the_partner_numbers_and_referrals_of_a_schema_4_database(
    pg_server: Server, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpdesk.store.postgres import schema, upgrade_database

    url = pg_server.create_database()
    every = schema.migrations()
    monkeypatch.setattr(schema, "migrations", lambda: [m for m in every if m.version <= 4])
    upgrade_database(url)
    with psycopg.connect(url) as conn:  # a desk of schema 4, with partners and a referral
        (desk,) = conn.execute("INSERT INTO desks (name) VALUES ('como') RETURNING id").fetchone()
        for id, name in ((3, "Made"), (7, "Polimi")):
            conn.execute(
                "INSERT INTO partners (desk_id, id, name, record) VALUES (%s, %s, %s, %s)",
                (desk, id, name, Jsonb({"name": name, "kind": "university"})),
            )
        conn.execute(
            "INSERT INTO tickets (desk_id, ref, created, updated, status, priority, channel, "
            "record, created_day) VALUES (%s, 1, now(), now(), 'new', 'normal', 'phone', "
            "'{}', current_date)",
            (desk,),
        )
        conn.execute(
            "INSERT INTO referrals (desk_id, id, ticket_ref, partner_id, record) "
            "VALUES (%s, 1, 1, 7, '{}')",
            (desk,),
        )
    monkeypatch.setattr(schema, "migrations", lambda: every)

    assert upgrade_database(url) == [
        "0005_network.sql",
        "0006_reference_count.sql",
        "0007_due_index.sql",
    ]

    numbers = rows(url, "SELECT id, owner_desk_id, partner_id FROM partner_numbers ORDER BY id")
    assert [(id, partner) for id, _owner, partner in numbers] == [(3, 3), (7, 7)]
    # The referral's partner is held through its number: neither goes while it names them.
    with pytest.raises(psycopg.errors.ForeignKeyViolation), psycopg.connect(url) as conn:
        conn.execute("DELETE FROM partner_numbers WHERE id = 7")
    lecco = Desk(set_up_desk(url, desk="lecco", tz=clock.tz), clock, "ms")
    try:
        assert lecco.partners.partners() == []  # nothing shared yet
    finally:
        lecco.close()
