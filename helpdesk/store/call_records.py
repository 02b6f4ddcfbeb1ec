"""Record ↔ domain conversion for grant calls and their applications.

Kept beside :mod:`helpdesk.store.records` and written the same way: datetimes as ISO 8601 with
their offset, enums as their values, amounts as whole euro cents, empty fields left out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from helpdesk.domain.calls import Application, Call, Eligibility, Funder, Stage, Step
from helpdesk.domain.enums import CompanyKind, CompanySize

Record = dict[str, Any]

CALLS = "calls"
#: Settings that belong to one desk (``deadline_followup_days``), one record per key.
DESK_SETTINGS = "desk_settings"

_EMPTY: tuple[object, ...] = (None, "", [], {})


def _compact(record: Record) -> Record:
    return {k: v for k, v in record.items() if v not in _EMPTY}


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def call_to_record(call: Call) -> Record:
    """A call as stored (its ``id`` is the document id), applications included."""
    rules = call.eligibility
    return _compact(
        {
            "title": call.title,
            "funder": call.funder.value,
            "funder_name": call.funder_name,
            "link": call.link,
            "opens": call.opens.isoformat(),
            "closes": call.closes.isoformat(),
            "budget": call.budget,
            "max_per_company": call.max_per_company,
            "kinds": [k.value for k in rules.kinds],
            "sizes": [s.value for s in rules.sizes],
            "provinces": list(rules.provinces),
            "ateco": list(rules.ateco),
            "topics": list(rules.topics),
            "ranked": call.ranked.isoformat() if call.ranked else None,
            "notes": call.notes,
            "created": call.created.isoformat() if call.created else None,
            "applications": [application_to_record(a) for a in call.applications],
        }
    )


def call_from_record(record: Record, id: int) -> Call:
    """A call from its stored form and document id."""
    get = record.get
    return Call(
        title=record["title"],
        funder=Funder(record["funder"]),
        opens=datetime.fromisoformat(record["opens"]),
        closes=datetime.fromisoformat(record["closes"]),
        id=id,
        funder_name=get("funder_name", ""),
        link=get("link", ""),
        budget=get("budget"),
        max_per_company=get("max_per_company"),
        eligibility=Eligibility(
            kinds=[CompanyKind(k) for k in get("kinds", ())],
            sizes=[CompanySize(s) for s in get("sizes", ())],
            provinces=list(get("provinces", ())),
            ateco=list(get("ateco", ())),
            topics=list(get("topics", ())),
        ),
        ranked=_dt(get("ranked")),
        notes=get("notes", ""),
        created=_dt(get("created")),
        applications=[application_from_record(a) for a in get("applications", ())],
    )


def application_to_record(application: Application) -> Record:
    """An application as stored inside its call."""
    return _compact(
        {
            "ref": application.ref,
            "company": application.company_id,
            "stage": application.stage.value,
            "amount": application.amount,
            "followup": application.followup,
            "steps": [
                _compact(
                    {
                        "stage": s.stage.value,
                        "at": s.at.isoformat(),
                        "who": s.who,
                        "amount": s.amount,
                    }
                )
                for s in application.steps
            ],
        }
    )


def application_from_record(record: Record) -> Application:
    """An application from its stored form."""
    return Application(
        ref=record["ref"],
        stage=Stage(record["stage"]),
        steps=[
            Step(
                stage=Stage(s["stage"]),
                at=datetime.fromisoformat(s["at"]),
                who=s.get("who", ""),
                amount=s.get("amount"),
            )
            for s in record.get("steps", ())
        ],
        company_id=record.get("company"),
        amount=record.get("amount"),
        followup=record.get("followup"),
    )
