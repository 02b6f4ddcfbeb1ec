"""Record ↔ domain conversion for the hub's network: partners, referrals and programmes.

Kept beside :mod:`helpdesk.store.records` and written the same way: datetimes as ISO 8601 with
their offset, dates as ISO dates, enums as their values, empty fields left out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from helpdesk.domain.partners import Partner, PartnerKind, Referral, ReferralState, Step
from helpdesk.domain.programmes import Programme
from helpdesk.store.records import contact_from_record, contact_to_record

Record = dict[str, Any]

PARTNERS = "partners"
REFERRALS = "referrals"
PROGRAMMES = "programmes"

_EMPTY: tuple[object, ...] = (None, "", [], {})


def _compact(record: Record) -> Record:
    return {k: v for k, v in record.items() if v not in _EMPTY}


def partner_to_record(partner: Partner) -> Record:
    """A partner as stored (its ``id`` is the document id)."""
    record = _compact(
        {
            "name": partner.name,
            "kind": partner.kind.value,
            "people": [contact_to_record(p) for p in partner.people],
            "topics": list(partner.topics),
            "competences": list(partner.competences),
            "answer_days": partner.answer_days,
            "notes": partner.notes,
            "for_desk": partner.for_desk,
        }
    )
    if partner.shared:
        record["shared"] = True
    if not partner.active:
        record["active"] = False
    return record


def partner_from_record(record: Record, id: int) -> Partner:
    """A partner from its stored form and document id."""
    get = record.get
    return Partner(
        name=record["name"],
        kind=PartnerKind(record["kind"]),
        id=id,
        people=[contact_from_record(p) for p in get("people", ())],
        topics=list(get("topics", ())),
        competences=list(get("competences", ())),
        answer_days=get("answer_days"),
        notes=get("notes", ""),
        active=get("active", True),
        shared=get("shared", False),
        for_desk=get("for_desk", ""),
    )


def referral_to_record(referral: Referral) -> Record:
    """A referral as stored (its ``id`` is the document id), steps included."""
    return _compact(
        {
            "ref": referral.ref,
            "partner": referral.partner,
            "sent": referral.sent.isoformat(),
            "expected": referral.expected.isoformat(),
            "note": referral.note,
            "steps": [
                _compact(
                    {"state": s.state.value, "at": s.at.isoformat(), "who": s.who, "note": s.note}
                )
                for s in referral.steps
            ],
            "followup": referral.followup,
            "amount": referral.amount,
            "desk": referral.desk,
            "desk_ref": referral.desk_ref,
        }
    )


def referral_from_record(record: Record, id: int) -> Referral:
    """A referral from its stored form and document id."""
    get = record.get
    return Referral(
        ref=record["ref"],
        partner=record["partner"],
        sent=datetime.fromisoformat(record["sent"]),
        expected=date.fromisoformat(record["expected"]),
        id=id,
        note=get("note", ""),
        steps=[
            Step(
                ReferralState(s["state"]),
                datetime.fromisoformat(s["at"]),
                s.get("who", ""),
                s.get("note", ""),
            )
            for s in get("steps", ())
        ],
        followup=get("followup"),
        amount=get("amount"),
        desk=get("desk", ""),
        desk_ref=get("desk_ref"),
    )


def programme_to_record(programme: Programme) -> Record:
    """A programme as stored, keyed by its ``key``."""
    return _compact(
        {
            "key": programme.key,
            "name": programme.name,
            "funders": list(programme.funders),
            "start": programme.start.isoformat() if programme.start else None,
            "end": programme.end.isoformat() if programme.end else None,
        }
    )


def programme_from_record(record: Record) -> Programme:
    """A programme from its stored form."""
    start, end = record.get("start"), record.get("end")
    return Programme(
        key=record["key"],
        name=record.get("name") or record["key"],
        funders=list(record.get("funders", ())),
        start=date.fromisoformat(start) if start else None,
        end=date.fromisoformat(end) if end else None,
    )
