"""The hub's network in the export schema: partners, programmes, referrals, and a ticket's
service, source, programme and satisfaction.

Kept beside :mod:`helpdesk.services.export_schema` and written by the same rules (every field
always present, choices as their English values, moments with their offset); documented in
``docs/export-schema.md``. These parts came into version 2 as fields and parts an older reader
ignores without misreading the rest, so a file without them still imports.
"""

from __future__ import annotations

from typing import Any

from helpdesk.domain.models import Ticket
from helpdesk.domain.partners import Partner, PartnerKind, Referral, ReferralState, Step
from helpdesk.domain.programmes import Programme, Service, Source
from helpdesk.domain.satisfaction import Satisfaction
from helpdesk.i18n import N_, _
from helpdesk.services.export_schema import _contact, _Reader, contact_out

Data = dict[str, Any]


# -- a ticket's own fields ------------------------------------------------------------------


def ticket_network_out(ticket: Ticket) -> Data:
    """A ticket's ``service``, ``source``, ``programme`` (its key) and ``satisfaction``."""
    answer = ticket.satisfaction
    return {
        "service": ticket.service.value if ticket.service else None,
        "source": ticket.source.value if ticket.source else None,
        "programme": ticket.programme,
        "satisfaction": None
        if answer is None
        else {
            "score": answer.score,
            "at": answer.at.isoformat(),
            "who": answer.who,
            "comment": answer.comment,
        },
    }


def read_ticket_network(r: _Reader, ticket: Ticket) -> None:
    """Set a ticket's network fields from its schema object (absent ones stay empty).

    Raises:
        SchemaError: naming the field that cannot be read.
    """
    ticket.service = r.choice("service", Service)
    ticket.source = r.choice("source", Source)
    programme = r.data.get("programme")
    if isinstance(programme, dict):  # JSON Lines: the programme itself
        programme = programme.get("key")
    if programme is not None and not isinstance(programme, str):
        raise r._bad("programme", _("a programme's key or null"))
    ticket.programme = programme or None
    answer = r.data.get("satisfaction")
    if answer is None:
        ticket.satisfaction = None
        return
    s = _Reader(answer, f"{r.what}, satisfaction")
    score = s.number("score")
    if score is None or not 1 <= score <= 5:
        raise s._bad("score", _("a whole number from 1 to 5"))
    at = s.moment("at")
    assert at is not None
    ticket.satisfaction = Satisfaction(score, at, s.text("who"), s.text("comment"))


def line_programme(data: object, what: str) -> Programme | None:
    """The programme of a JSON Lines ticket (``{"key", "name", "funders"}``), or None."""
    if not isinstance(data, dict):
        return None
    r = _Reader(data, f"{what}, programme")
    return Programme(r.text("key", required=True), r.text("name"), r.texts("funders"))


# -- programmes -----------------------------------------------------------------------------


def programme_out(programme: Programme) -> Data:
    """A programme: ``key``, ``name``, ``funders``, ``start``, ``end`` (days or null)."""
    return {
        "key": programme.key,
        "name": programme.name,
        "funders": list(programme.funders),
        "start": programme.start.isoformat() if programme.start else None,
        "end": programme.end.isoformat() if programme.end else None,
    }


def programme_in(data: object, what: str = N_("the programme")) -> Programme:
    """A programme from its schema object."""
    r = _Reader(data, what)
    key = r.text("key", required=True)
    return Programme(key, r.text("name") or key, r.texts("funders"), r.day("start"), r.day("end"))


# -- partners -------------------------------------------------------------------------------


def partner_out(partner: Partner) -> Data:
    """A partner of the hub's network, with its number in the exporting desk."""
    return {
        "id": partner.id,
        "name": partner.name,
        "kind": partner.kind.value,
        "people": [contact_out(c) for c in partner.people],
        "topics": list(partner.topics),
        "competences": list(partner.competences),
        "answer_days": partner.answer_days,
        "notes": partner.notes,
        "active": partner.active,
    }


def partner_in(data: object, what: str = N_("the partner")) -> Partner:
    """A partner from its schema object, numbered as in the export."""
    r = _Reader(data, what)
    kind = r.choice("kind", PartnerKind)
    if kind is None:
        raise r._bad("kind", _("a kind of partner"))
    return Partner(
        name=r.text("name", required=True),
        kind=kind,
        id=r.number("id") or 0,
        people=r.each("people", _contact),
        topics=r.texts("topics"),
        competences=r.texts("competences"),
        answer_days=r.number("answer_days", optional=True),
        notes=r.text("notes"),
        active=bool(r.flag("active", True)),
    )


# -- referrals ------------------------------------------------------------------------------


def referral_out(referral: Referral) -> Data:
    """A referral: its ticket by ``ref``, its partner by ``partner`` (the export's numbers)."""
    return {
        "id": referral.id,
        "ref": referral.ref,
        "partner": referral.partner,
        "sent": referral.sent.isoformat(),
        "expected": referral.expected.isoformat(),
        "note": referral.note,
        "steps": [
            {"state": s.state.value, "at": s.at.isoformat(), "who": s.who, "note": s.note}
            for s in referral.steps
        ],
        "followup": referral.followup,
        "amount": referral.amount,
    }


def referral_in(data: object, what: str = N_("the referral")) -> Referral:
    """A referral from its schema object, numbered as in the export.

    Raises:
        SchemaError: naming the field that cannot be read.
    """
    r = _Reader(data, what)
    sent, expected = r.moment("sent"), r.day("expected")
    assert sent is not None
    if expected is None:
        raise r._bad("expected", _("an ISO 8601 date"))

    def step(x: _Reader) -> Step:
        state = x.choice("state", ReferralState)
        if state is None:
            raise x._bad("state", _("a referral state"))
        at = x.moment("at")
        assert at is not None
        return Step(state, at, x.text("who"), x.text("note"))

    steps = r.each("steps", step)
    if not steps:
        raise r._bad("steps", _("a list of at least one step"))
    return Referral(
        ref=r.number("ref") or 0,
        partner=r.number("partner") or 0,
        sent=sent,
        expected=expected,
        id=r.number("id") or 0,
        note=r.text("note"),
        steps=steps,
        followup=r.number("followup", optional=True),
        amount=r.number("amount", optional=True),
    )
