"""The demo's network: partners, programmes, where each request came from, referrals in every
state and satisfaction scores, added to a demo desk whose history is played.

Closed requests that were referred get a finished referral (project started, declined, no
answer, or answered) dated between their opening and closing; open requests get live ones,
sent some days before the demo's present: one waiting, one acknowledged, one late, one answered.
Every touched ticket's history is put back in time order, so it reads the same whatever day
the demo is looked at. The choices are drawn from the demo's seed.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from helpdesk.dates import FrozenClock
from helpdesk.dates.working_days import working_days_after
from helpdesk.domain.enums import Outcome, Status
from helpdesk.domain.models import Change, Contact, Ticket
from helpdesk.domain.partners import (
    DEFAULT_ANSWER_DAYS,
    Partner,
    Referral,
    ReferralState,
    Step,
    rank_partners,
)
from helpdesk.domain.programmes import Service, Source
from helpdesk.domain.satisfaction import Satisfaction
from helpdesk.services.desk import Desk
from helpdesk.services.partners import PartnerDraft

#: The network around the demo's hub in Lombardy: name, kind, topics, answer days, contact.
PARTNERS: tuple[tuple[str, str, tuple[str, ...], int | None, str], ...] = (
    ("DIH Lombardia", "dih", ("maturity", "industry40", "digital_tools"), None, "Paola Ferri"),
    ("MADE Competence Center", "competence_center", ("industry40", "ai_data"), 15, "Marco Villa"),
    ("Cluster Fabbrica Intelligente", "cluster", ("industry40", "open_innovation"), 20, ""),
    ("CCIAA Como-Lecco", "chamber", ("grants", "export", "credit"), 5, "Luca Bianchi"),
    ("Confartigianato Como", "association", ("credit", "training", "continuity"), 7, ""),
    ("Politecnico di Milano", "university", ("ai_data", "innovation", "cybersecurity"), 20, ""),
    ("BCC Cantù", "bank", ("credit", "grants"), 10, "Giorgio Pozzi"),
    ("Sinergia Digitale s.r.l.", "resident", ("ecommerce", "marketing", "digital_tools"), 3, ""),
    ("Hub Innovazione Brescia", "hub", ("sustainability", "startups"), None, ""),
)

PROGRAMMES = (
    ("desk2020", "Sportello gratuito 2020", ["CCIAA Como-Lecco", "BCC Cantù"], "2020-01-01"),
    (
        "desk2021",
        "Sportello gratuito 2021",
        ["CCIAA Como-Lecco", "Regione Lombardia"],
        "2021-01-01",
    ),
)

_SOURCES = (
    (Source.CHAMBER, 30),
    (Source.ASSOCIATION, 20),
    (Source.WEBSITE, 20),
    (Source.WORD_OF_MOUTH, 15),
    (Source.EVENT, 8),
    (Source.BANK, 5),
    (Source.HUB, 2),
)

_COMMENTS = (
    "",
    "",
    "Molto utile, chiaro e veloce.",
    "Ci avete indirizzato alla persona giusta.",
    "Avremmo voluto una risposta più rapida.",
    "Ottimo supporto sul bando.",
)


def add_demo_network(desk: Desk, present: datetime, seed: int = 2020) -> None:
    """Add partners, programmes, sources, referrals and scores to a played demo desk.

    Args:
        desk: The demo desk; its clock must be a :class:`FrozenClock` (it is moved and left at
            ``present``).
        present: The moment the demo is looked at (naive, in the desk's zone).
        seed: Seed of the choices.
    """
    clock = desk.clock
    assert isinstance(clock, FrozenClock)
    rng = random.Random(seed + 24)
    store = desk.ctx.store
    clock.set(datetime(2020, 1, 7, 9, 0))
    partners = desk.partners.add_many(
        [
            PartnerDraft(
                name,
                kind,
                topics=list(topics),
                answer_days=days,
                people=[Contact(name=person)] if person else [],
            )
            for name, kind, topics, days, person in PARTNERS
        ]
    )
    for key, name, funders, start in PROGRAMMES:
        desk.programmes.add(key, name, funders=funders, start=start)
    tickets = sorted(store.tickets(), key=lambda t: t.created)
    for ticket in tickets:
        _place(ticket, rng)
    touched: dict[int, Ticket] = {t.ref: t for t in tickets}
    for ticket in tickets:
        if ticket.status is Status.CLOSED and ticket.outcome in (
            Outcome.REFERRED,
            Outcome.PROJECT_STARTED,
        ):
            _finished_referral(desk, ticket, _partner_for(ticket, partners, rng), rng)
        if ticket.closed_at is not None and ticket.outcome not in (
            Outcome.DUPLICATE,
            Outcome.WITHDRAWN,
        ):
            _score(ticket, rng, before=present.replace(tzinfo=clock.tz))
    store.save_tickets(touched.values())
    clock.set(present)
    _live_referrals(desk, present, partners, rng)
    clock.set(present)
    again = [t for ref in touched if (t := store.ticket(ref)) is not None]
    for read in again:
        if read.history:
            read.history.sort(key=lambda c: c.at)
            read.updated = max(read.updated, read.history[-1].at)
    store.save_tickets(again)


def _place(ticket: Ticket, rng: random.Random) -> None:
    """Service, source and programme, as they would have been typed when it was logged."""
    ticket.programme = "desk2020" if ticket.created.year <= 2020 else "desk2021"
    ticket.source = rng.choices([s for s, _ in _SOURCES], [w for _, w in _SOURCES])[0]
    if ticket.outcome is Outcome.TRAINED:
        ticket.service = Service.TRAINING
    elif "continuity" in ticket.topics:
        ticket.service = Service.SUPPORT
    elif "maturity" in ticket.topics:
        ticket.service = Service.ASSESSMENT
    elif ticket.status in (Status.NEW, Status.TRIAGED):
        ticket.service = None
    else:
        ticket.service = rng.choices([Service.ADVICE, Service.ORIENTATION], [3, 1])[0]


def _partner_for(ticket: Ticket, partners: list[Partner], rng: random.Random) -> Partner:
    ranked = rank_partners(ticket.topics, partners)
    return ranked[0].partner if ranked else rng.choice(partners)


def _finished_referral(desk: Desk, ticket: Ticket, partner: Partner, rng: random.Random) -> None:
    """A referral that ended before the ticket closed, with its steps in the ticket's history."""
    assert ticket.closed_at is not None
    span = ticket.closed_at - ticket.created
    sent = ticket.created + span * 0.2
    if ticket.outcome is Outcome.PROJECT_STARTED:
        path = [ReferralState.ACKNOWLEDGED, ReferralState.ANSWERED, ReferralState.PROJECT_STARTED]
    else:
        path = rng.choice(
            [
                [ReferralState.ACKNOWLEDGED, ReferralState.ANSWERED],
                [ReferralState.ACKNOWLEDGED, ReferralState.ANSWERED, ReferralState.DECLINED],
                [ReferralState.NO_ANSWER],
                [ReferralState.ANSWERED, ReferralState.PROJECT_STARTED],
            ]
        )
    who = ticket.assignee or "ms"
    referral = Referral(
        ref=ticket.ref,
        partner=partner.id,
        sent=sent,
        expected=working_days_after(sent.date(), partner.answer_days or DEFAULT_ANSWER_DAYS),
        steps=[Step(ReferralState.SENT, sent, who)],
    )
    for number, state in enumerate(path, start=1):
        at = sent + (ticket.closed_at - sent) * (0.8 * number / len(path))
        referral.steps.append(Step(state, at, who))
    if referral.state is ReferralState.PROJECT_STARTED:
        referral.amount = rng.choice((8000, 15000, 25000, 40000))
    desk.ctx.store.add_referral(referral)
    ticket.history.append(
        Change(sent, who, "referral", None, f"{referral.id} sent to {partner.name}")
    )
    for step in referral.steps[1:]:
        ticket.history.append(
            Change(step.at, who, "referral", None, f"{referral.id} {step.state.label_text}")
        )


def _score(ticket: Ticket, rng: random.Random, *, before: datetime) -> None:
    """About half of the finished requests answered the satisfaction survey (before the
    demo's present)."""
    assert ticket.closed_at is not None
    if rng.random() > 0.55:
        return
    score = rng.choices([2, 3, 4, 5], [1, 3, 6, 5])[0]
    at = ticket.closed_at + timedelta(days=rng.randint(1, 6))
    if at >= before:
        return
    ticket.satisfaction = Satisfaction(score, at, "survey", rng.choice(_COMMENTS))
    ticket.history.append(Change(at, "survey", "satisfaction", None, f"{score}/5"))


def _live_referrals(
    desk: Desk, present: datetime, partners: list[Partner], rng: random.Random
) -> None:
    """Referrals still running at the demo's present, one in each waiting state, one late."""
    clock = desk.clock
    assert isinstance(clock, FrozenClock)
    tz = clock.tz
    now = present.replace(tzinfo=tz) if present.tzinfo is None else present
    # Requests in progress with nothing pending are left so: the demo shows some that slip.
    candidates = sorted(
        (
            t
            for t in desk.ctx.store.tickets(partial=True)
            if t.is_open
            and t.topics
            and not (t.status is Status.IN_PROGRESS and not t.pending_followups())
        ),
        key=lambda t: t.created,
    )
    # (days ago it was sent, days ago the answer was due or None for the partner's delay,
    # steps: (state, days ago)), oldest requests first.
    plans: list[tuple[int, int | None, list[tuple[ReferralState, int]]]] = [
        (18, 4, [(ReferralState.ACKNOWLEDGED, 15)]),  # acknowledged, answer late
        (14, 2, []),  # sent, answer late
        (25, None, [(ReferralState.ACKNOWLEDGED, 22), (ReferralState.ANSWERED, 10)]),
        (6, None, [(ReferralState.ACKNOWLEDGED, 3)]),
        (4, None, []),
    ]
    for ticket, (sent_ago, due_ago, steps) in zip(candidates, plans, strict=False):
        sent = now - timedelta(days=sent_ago)
        if ticket.created >= sent:
            sent = ticket.created + (now - ticket.created) / 3
        clock.set(sent)
        partner = _partner_for(ticket, partners, rng)
        due = (now - timedelta(days=due_ago)).date() if due_ago is not None else None
        if due is not None and due < sent.date():
            due = None
        referral = desk.referrals.refer(
            ticket.ref,
            partner.id,
            note="Richiesta di contatto",
            expect=due.isoformat() if due else None,
        )
        for state, ago in steps:
            at = max(now - timedelta(days=ago), clock.now() + timedelta(hours=1))
            clock.set(at)
            desk.referrals.step(referral.id, state)
