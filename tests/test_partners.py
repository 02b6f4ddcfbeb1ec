"""Partners and referrals through the services: the register, suggestions, every referral step,
the waiting follow-up and a late answer."""

from __future__ import annotations

from datetime import date

import pytest

from helpdesk.dates import FrozenClock
from helpdesk.dates.working_days import working_days_after
from helpdesk.domain.models import Contact
from helpdesk.domain.partners import ReferralState
from helpdesk.errors import Conflict, InvalidValue, NotFound, TransitionRefused
from helpdesk.services.desk import Desk
from helpdesk.services.partners import PartnerDraft, PartnerEdit
from helpdesk.services.tickets import TicketDraft


def _ticket(desk: Desk, topics: list[str]) -> int:
    ticket = desk.tickets.log(TicketDraft("Robot per la linea", topics=topics)).ticket
    desk.tickets.triage(ticket.ref, assignee="ms")
    return ticket.ref


@pytest.fixture
def network(desk: Desk) -> Desk:
    desk.partners.add(
        PartnerDraft(
            "Made Competence Center",
            "competence_center",
            topics=["industry40", "ai_data"],
            people=[Contact(name="Anna Neri", email="anna@made.example")],
            answer_days=5,
        )
    )
    desk.partners.add(PartnerDraft("CCIAA Como-Lecco", "chamber", topics=["grants", "export"]))
    desk.partners.add(PartnerDraft("Politecnico", "university", topics=["industry40"]))
    return desk


def test_partners_are_added_listed_and_found_by_name_or_number(network: Desk) -> None:
    names = [p.name for p in network.partners.partners()]
    assert names == ["CCIAA Como-Lecco", "Made Competence Center", "Politecnico"]
    made = network.partners.get("made competence center")
    network.partners.add(PartnerDraft("Università dell'Insubria", "university"))
    assert network.partners.get("UNIVERSITA DELL’INSUBRIA").name == "Università dell'Insubria"
    assert made.answer_days == 5 and made.people[0].name == "Anna Neri"
    assert network.partners.get(str(made.id)).name == made.name
    assert [p.name for p in network.partners.partners(kind="chamber")] == ["CCIAA Como-Lecco"]


def test_a_partner_name_is_unique_and_bad_fields_are_refused(network: Desk) -> None:
    with pytest.raises(Conflict, match="exists already"):
        network.partners.add(PartnerDraft("made competence center", "cluster"))
    with pytest.raises(Conflict, match="exists already"):
        network.partners.add(PartnerDraft("Politécnico", "cluster"))
    with pytest.raises(InvalidValue, match="Partner kind"):
        network.partners.add(PartnerDraft("X", "pizzeria"))
    with pytest.raises(InvalidValue, match="working days"):
        network.partners.add(PartnerDraft("X", "bank", answer_days="soon"))
    with pytest.raises(NotFound, match="partner list"):
        network.partners.get("Nessuno")
    assert len(network.partners.partners()) == 3


def test_edit_changes_only_what_is_given(network: Desk) -> None:
    network.partners.edit("Politecnico", PartnerEdit(topics=["ai_data"], active=False))
    poli = network.partners.get("Politecnico")
    assert poli.topics == ["ai_data"] and not poli.active and poli.kind.value == "university"


def test_suggest_ranks_by_topics_covered_with_the_reason(network: Desk) -> None:
    ref = _ticket(network, ["industry40", "ai_data"])
    _, ranked = network.partners.suggest(ref)
    assert [r.partner.name for r in ranked] == ["Made Competence Center", "Politecnico"]
    assert ranked[0].reason == "covers industry40, ai_data"


def test_every_referral_step_is_dated_signed_and_in_the_history(
    network: Desk, clock: FrozenClock
) -> None:
    ref = _ticket(network, ["industry40"])
    referral = network.referrals.refer(ref, "Made Competence Center", note="linea robot")
    # Friday 20 Nov + 5 working days (the partner's own delay) is Friday 27 Nov.
    assert referral.expected == date(2026, 11, 27)
    ticket = network.tickets.get(ref)
    waiting = ticket.pending_followups()
    assert [f.due.day for f in waiting] == [date(2026, 11, 27)]
    assert "Made Competence Center" in waiting[0].note
    clock.advance(days=1)
    network.referrals.step(referral.id, "acknowledged")
    network.referrals.step(referral.id, "answered", note="sopralluogo fissato")
    done = network.referrals.step(referral.id, "project_started", amount="15.000")
    assert done.state is ReferralState.PROJECT_STARTED and done.amount == 15000
    assert [s.state.value for s in done.steps] == [
        "sent",
        "acknowledged",
        "answered",
        "project_started",
    ]
    assert all(s.who == "ms" for s in done.steps)
    ticket = network.tickets.get(ref)
    assert not ticket.pending_followups()  # the answer came: nothing left to wait for
    lines = [c.new for c in ticket.history if c.field == "referral"]
    assert lines[0] == f"{referral.id} sent to Made Competence Center"
    assert lines[-1] == f"{referral.id} project started by Made Competence Center"
    assert len(lines) == 4


def test_a_refused_move_says_which_are_possible_and_changes_nothing(network: Desk) -> None:
    ref = _ticket(network, ["grants"])
    referral = network.referrals.refer(ref, "CCIAA Como-Lecco")
    with pytest.raises(TransitionRefused, match="can go to: acknowledged, answered"):
        network.referrals.step(referral.id, "project_started")
    network.referrals.step(referral.id, "declined")
    with pytest.raises(TransitionRefused, match="finished"):
        network.referrals.step(referral.id, "answered")
    assert network.referrals.get(referral.id).state is ReferralState.DECLINED
    with pytest.raises(InvalidValue, match="Referral state"):
        network.referrals.step(referral.id, "maybe")


def test_no_answer_ends_the_wait(network: Desk) -> None:
    ref = _ticket(network, ["grants"])
    referral = network.referrals.refer(ref, "CCIAA Como-Lecco")
    network.referrals.step(referral.id, "no_answer")
    assert not network.tickets.get(ref).pending_followups()
    assert network.referrals.entries(pending=True) == []


def test_a_late_partner_surfaces_the_ticket(network: Desk, clock: FrozenClock) -> None:
    ref = _ticket(network, ["grants"])
    referral = network.referrals.refer(ref, "CCIAA Como-Lecco")
    # No delay of its own: 10 working days from Friday 20 Nov is Friday 4 Dec.
    assert referral.expected == working_days_after(date(2026, 11, 20), 10) == date(2026, 12, 4)
    clock.advance(days=14)
    assert network.referrals.entries(late=True) == []
    clock.advance(days=1)
    late = network.referrals.entries(late=True)
    assert [e.ticket.ref for e in late] == [ref]
    assert [t.ref for t in network.tickets.search("+overdue")] == [ref]


def test_a_new_expected_day_moves_the_followup(network: Desk) -> None:
    ref = _ticket(network, ["grants"])
    referral = network.referrals.refer(ref, "CCIAA Como-Lecco", expect="2026-12-15")
    assert referral.expected == date(2026, 12, 15)
    network.referrals.step(referral.id, "acknowledged", expect="2026-12-22")
    due = [f.due.day for f in network.tickets.get(ref).pending_followups()]
    assert due == [date(2026, 12, 22)]
    with pytest.raises(InvalidValue, match="in the past"):
        network.referrals.expect(referral.id, "2026-11-01")


def test_referring_twice_or_a_closed_ticket_is_refused(network: Desk) -> None:
    ref = _ticket(network, ["grants"])
    network.referrals.refer(ref, "CCIAA Como-Lecco")
    with pytest.raises(TransitionRefused, match="already waits"):
        network.referrals.refer(ref, "CCIAA Como-Lecco")
    with pytest.raises(NotFound):
        network.referrals.refer(ref, "Nessuno")
    assert len(network.referrals.entries()) == 1


def test_filters_partner_and_referred(network: Desk) -> None:
    made = _ticket(network, ["industry40"])
    chamber = _ticket(network, ["grants"])
    _ticket(network, ["grants"])
    network.referrals.refer(made, "Made Competence Center")
    referral = network.referrals.refer(chamber, "CCIAA Como-Lecco")
    network.referrals.step(referral.id, "declined")
    assert sorted(t.ref for t in network.tickets.search("+referred")) == [made, chamber]
    assert [t.ref for t in network.tickets.search("partner:made")] == [made]
    assert [t.ref for t in network.tickets.search("partner:mäde")] == [made]
    partner = network.partners.get("CCIAA Como-Lecco")
    assert [t.ref for t in network.tickets.search(f"partner:{partner.id}")] == [chamber]
    assert [t.ref for t in network.tickets.search("-partner:made +referred")] == [chamber]
