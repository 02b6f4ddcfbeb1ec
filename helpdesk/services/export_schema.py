"""The export schema, version 2: the desk as other programs and other desks read it.

A contract, documented in ``docs/export-schema.md``: every object has every field, always
(empty text ``""``, empty lists ``[]``, no value ``null``), in the names and forms written
here, whatever the store's layout is. The store may change how it keeps its records; this
module is what keeps the export the same. Conversions go both ways between the domain's
records and the schema's objects; reading an object checks it and names the field it cannot
read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, tzinfo
from enum import Enum
from typing import Any, TypeVar

from helpdesk.dates import when_from_iso
from helpdesk.domain.calls import Application, Call, Eligibility, Funder, Stage, Step
from helpdesk.domain.enums import (
    Channel,
    CompanyKind,
    CompanySize,
    LinkKind,
    Outcome,
    Priority,
    Status,
)
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
from helpdesk.domain.programmes import Programme
from helpdesk.domain.webinars import Enrolment, EnrolmentStatus, Webinar, WebinarStatus
from helpdesk.errors import InvalidValue
from helpdesk.i18n import N_, _

#: The schema's version, written in every export; a reader refuses a newer one.
SCHEMA_VERSION = 2

E = TypeVar("E", bound=Enum)
Data = dict[str, Any]


class SchemaError(InvalidValue):
    """An object that does not follow the schema, naming the field."""


# -- writing --------------------------------------------------------------------------------


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def contact_out(contact: Contact) -> Data:
    """A person: ``name``, ``email``, ``phone``, ``role``."""
    return {
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "role": contact.role,
    }


def change_out(change: Change) -> Data:
    """A history entry: ``at``, ``who``, ``field``, ``old``, ``new``."""
    return {
        "at": change.at.isoformat(),
        "who": change.who,
        "field": change.field,
        "old": change.old,
        "new": change.new,
    }


def ticket_out(ticket: Ticket) -> Data:
    """A ticket, with its company's number in the same export (or null)."""
    from helpdesk.services.network_schema import ticket_network_out  # it reads this module

    return {
        "ref": ticket.ref,
        "uid": ticket.uid,
        "external_id": ticket.external_id,
        "created": ticket.created.isoformat(),
        "updated": ticket.updated.isoformat(),
        "subject": ticket.subject,
        "description": ticket.description,
        "channel": ticket.channel.value,
        "company": ticket.company_id,
        "contact": contact_out(ticket.contact),
        "topics": list(ticket.topics),
        "priority": ticket.priority.value,
        "status": ticket.status.value,
        "assignee": ticket.assignee,
        "tags": list(ticket.tags),
        "triaged_at": _stamp(ticket.triaged_at),
        "closed_at": _stamp(ticket.closed_at),
        "outcome": ticket.outcome.value if ticket.outcome else None,
        "outcome_note": ticket.outcome_note,
        "followups": [
            {
                "id": f.id,
                "due": f.due.to_iso(),
                "note": f.note,
                "who": f.who,
                "created": f.created.isoformat(),
                "done_at": _stamp(f.done_at),
                "result": f.result,
                "cancelled": f.cancelled,
            }
            for f in ticket.followups
        ],
        "notes": [{"at": n.at.isoformat(), "who": n.who, "text": n.text} for n in ticket.notes],
        "history": [change_out(c) for c in ticket.history],
        "links": [{"kind": link.kind.value, "ref": link.ref} for link in ticket.links],
        **ticket_network_out(ticket),
    }


def company_out(company: Company) -> Data:
    """A company: the first of its contacts is the primary one."""
    return {
        "id": company.id,
        "name": company.name,
        "vat": company.vat,
        "kind": company.kind.value,
        "size": company.size.value if company.size else None,
        "ateco": company.ateco,
        "s3_area": company.s3_area,
        "town": company.town,
        "province": company.province,
        "contacts": [contact_out(c) for c in company.contacts],
        "consent": company.consent,
        "consent_date": company.privacy_consent.isoformat() if company.privacy_consent else None,
        "notes": company.notes,
        "forgotten": company.forgotten.isoformat() if company.forgotten else None,
        "history": [change_out(c) for c in company.history],
    }


def adviser_out(adviser: Adviser) -> Data:
    """An adviser: ``key``, ``name``, ``email``, ``topics``, ``active``."""
    return {
        "key": adviser.key,
        "name": adviser.name,
        "email": adviser.email,
        "topics": list(adviser.topics),
        "active": adviser.active,
    }


def topic_out(topic: Topic) -> Data:
    """A topic of the taxonomy."""
    return {
        "key": topic.key,
        "label_en": topic.label_en,
        "label_it": topic.label_it,
        "keywords": list(topic.keywords),
        "active": topic.active,
    }


def webinar_out(webinar: Webinar) -> Data:
    """A webinar session with its enrolments (tickets by ``ref``, companies by ``company``)."""
    return {
        "id": webinar.id,
        "title": webinar.title,
        "start": webinar.start.isoformat(),
        "duration": webinar.duration,
        "capacity": webinar.capacity,
        "topics": list(webinar.topics),
        "speaker": webinar.speaker,
        "link": webinar.link,
        "place": webinar.place,
        "description": webinar.description,
        "status": webinar.status.value,
        "series": webinar.series,
        "rule": webinar.rule,
        "created": _stamp(webinar.created),
        "enrolments": [
            {
                "ref": e.ref,
                "company": e.company_id,
                "status": e.status.value,
                "enrolled": e.enrolled.isoformat(),
                "changed": e.changed.isoformat(),
                "who": e.who,
                "queue": e.queue,
                "second_seat": e.second_seat,
            }
            for e in webinar.enrolments
        ],
    }


def call_out(call: Call) -> Data:
    """A grant call with its eligibility and applications (tickets by ``ref``, companies by
    ``company``); amounts in euro cents."""
    rules = call.eligibility
    return {
        "id": call.id,
        "title": call.title,
        "funder": call.funder.value,
        "funder_name": call.funder_name,
        "link": call.link,
        "opens": call.opens.isoformat(),
        "closes": call.closes.isoformat(),
        "budget": call.budget,
        "max_per_company": call.max_per_company,
        "eligibility": {
            "kinds": [k.value for k in rules.kinds],
            "sizes": [s.value for s in rules.sizes],
            "provinces": list(rules.provinces),
            "ateco": list(rules.ateco),
            "topics": list(rules.topics),
        },
        "ranked": _stamp(call.ranked),
        "notes": call.notes,
        "created": _stamp(call.created),
        "applications": [
            {
                "ref": a.ref,
                "company": a.company_id,
                "stage": a.stage.value,
                "amount": a.amount,
                "followup": a.followup,
                "steps": [
                    {
                        "stage": s.stage.value,
                        "at": s.at.isoformat(),
                        "who": s.who,
                        "amount": s.amount,
                    }
                    for s in a.steps
                ],
            }
            for a in call.applications
        ],
    }


def ticket_line(
    ticket: Ticket, company: Company | None, programme: Programme | None = None
) -> Data:
    """A ticket as a line of JSON Lines: the ticket, what identifies its company, and its
    programme whole (``{"key", "name", "funders"}``), so that a desk without it can add it."""
    line = {"version": SCHEMA_VERSION, **ticket_out(ticket)}
    if ticket.programme:
        line["programme"] = {
            "key": ticket.programme,
            "name": programme.name if programme else ticket.programme,
            "funders": list(programme.funders) if programme else [],
        }
    line["company"] = (
        None
        if company is None
        else {
            "id": company.id,
            "name": company.name,
            "vat": company.vat,
            "kind": company.kind.value,
            "size": company.size.value if company.size else None,
            "ateco": company.ateco,
            "town": company.town,
            "province": company.province,
        }
    )
    return line


# -- reading --------------------------------------------------------------------------------


class _Reader:
    """Reads the fields of one object, naming the object and the field it cannot read."""

    def __init__(self, data: object, what: str) -> None:
        what = _(what)  # the defaults of the ``*_in`` functions are marked, not translated
        if not isinstance(data, Mapping):
            raise SchemaError(_("{what} is not a JSON object.").format(what=what))
        self.data = data
        self.what = what

    def _bad(self, name: str, expected: str) -> SchemaError:
        return SchemaError(
            _("{what}: {name!r} should be {expected}.").format(
                what=self.what, name=name, expected=expected
            )
        )

    def text(self, name: str, *, required: bool = False) -> str:
        value = self.data.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value):
            raise self._bad(name, _("text"))
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._bad(name, _("text or null"))
        return value

    def number(self, name: str, *, optional: bool = False) -> int | None:
        value = self.data.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._bad(name, _("a whole number"))
        return value

    def flag(self, name: str, default: bool | None = False) -> bool | None:
        value = self.data.get(name, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self._bad(name, _("true or false"))
        return value

    def texts(self, name: str) -> list[str]:
        value = self.data.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._bad(name, _("a list of texts"))
        return list(value)

    def items(self, name: str) -> list[Any]:
        value = self.data.get(name) or []
        if not isinstance(value, list):
            raise self._bad(name, _("a list"))
        return value

    def moment(self, name: str, *, optional: bool = False) -> datetime | None:
        value = self.data.get(name)
        if value is None and optional:
            return None
        try:
            moment = datetime.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise self._bad(name, _("an ISO 8601 date and time with its offset")) from None
        if moment.tzinfo is None:
            raise self._bad(name, _("an ISO 8601 date and time with its offset"))
        return moment

    def day(self, name: str) -> date | None:
        value = self.data.get(name)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self._bad(name, _("an ISO 8601 date")) from None

    def choice(self, name: str, enum: type[E], default: E | None = None) -> E | None:
        value = self.data.get(name)
        if value is None:
            return default
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in enum)
            raise self._bad(name, _("one of {allowed}").format(allowed=allowed)) from None

    def history_value(self, name: str) -> Any:
        value = self.data.get(name)
        if value is None or (isinstance(value, (str, int)) and not isinstance(value, bool)):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        raise self._bad(name, _("text, a number, a list of texts or null"))

    def each(self, name: str, read: Callable[[_Reader], Any]) -> list[Any]:
        return [
            read(_Reader(item, f"{self.what}, {name} {i}"))
            for i, item in enumerate(self.items(name), start=1)
        ]


def _contact(r: _Reader) -> Contact:
    return Contact(r.text("name"), r.text("email"), r.text("phone"), r.text("role"))


def _change(r: _Reader) -> Change:
    at = r.moment("at")
    assert at is not None
    return Change(
        at,
        r.text("who"),
        r.text("field", required=True),
        r.history_value("old"),
        r.history_value("new"),
    )


def ticket_in(data: object, tz: tzinfo, what: str = N_("the ticket")) -> Ticket:
    """A ticket from its schema object (its ``ref`` and ``company`` as the export numbered
    them); follow-up dates read in the desk's zone ``tz``.

    Raises:
        SchemaError: naming the field that cannot be read.
    """
    from helpdesk.services.network_schema import read_ticket_network  # it reads this module

    r = _Reader(data, what)
    created, updated = r.moment("created"), r.moment("updated")
    assert created is not None and updated is not None

    def followup(f: _Reader) -> FollowUp:
        made = f.moment("created")
        assert made is not None
        try:
            due = when_from_iso(f.text("due", required=True), tz)
        except InvalidValue:
            raise f._bad("due", _("an ISO 8601 date, or date and time")) from None
        return FollowUp(
            id=f.number("id") or 0,
            due=due,
            note=f.text("note"),
            who=f.text("who"),
            created=made,
            done_at=f.moment("done_at", optional=True),
            result=f.text("result"),
            cancelled=bool(f.flag("cancelled")),
        )

    def note(n: _Reader) -> Note:
        at = n.moment("at")
        assert at is not None
        return Note(at, n.text("who"), n.text("text"))

    def link(x: _Reader) -> Link:
        kind = x.choice("kind", LinkKind)
        if kind is None:
            raise x._bad("kind", _("a link kind"))
        return Link(kind, x.number("ref") or 0)

    company = r.data.get("company")
    ticket = Ticket(
        uid=r.text("uid", required=True),
        created=created,
        updated=updated,
        subject=r.text("subject", required=True),
        ref=r.number("ref", optional=True) or 0,
        channel=r.choice("channel", Channel, Channel.OTHER) or Channel.OTHER,
        company_id=company if isinstance(company, int) and not isinstance(company, bool) else None,
        contact=_contact(_Reader(r.data.get("contact") or {}, f"{what}, contact")),
        description=r.text("description"),
        topics=r.texts("topics"),
        priority=r.choice("priority", Priority, Priority.NORMAL) or Priority.NORMAL,
        status=r.choice("status", Status, Status.NEW) or Status.NEW,
        assignee=r.optional_text("assignee") or None,
        tags=r.texts("tags"),
        followups=r.each("followups", followup),
        notes=r.each("notes", note),
        history=r.each("history", _change),
        links=r.each("links", link),
        outcome=r.choice("outcome", Outcome),
        outcome_note=r.text("outcome_note"),
        triaged_at=r.moment("triaged_at", optional=True),
        closed_at=r.moment("closed_at", optional=True),
        external_id=r.optional_text("external_id") or None,
    )
    read_ticket_network(r, ticket)
    return ticket


def company_in(data: object, what: str = N_("the company")) -> Company:
    """A company from its schema object, with the number the export gave it.

    Raises:
        SchemaError: naming the field that cannot be read.
    """
    r = _Reader(data, what)
    return Company(
        name=r.text("name", required=True),
        id=r.number("id") or 0,
        vat=r.optional_text("vat") or None,
        kind=r.choice("kind", CompanyKind, CompanyKind.OTHER) or CompanyKind.OTHER,
        size=r.choice("size", CompanySize),
        ateco=r.text("ateco"),
        s3_area=r.text("s3_area"),
        town=r.text("town"),
        province=r.text("province"),
        contacts=r.each("contacts", _contact),
        privacy_consent=r.day("consent_date"),
        notes=r.text("notes"),
        consent=r.flag("consent", None),
        history=r.each("history", _change),
        forgotten=r.day("forgotten"),
    )


def line_company_in(data: object, what: str) -> Company | None:
    """The company of a JSON Lines ticket (see :func:`ticket_line`), None when it has none."""
    if data is None:
        return None
    r = _Reader(data, what)
    return Company(
        id=r.number("id", optional=True) or 0,
        name=r.text("name"),
        vat=r.optional_text("vat") or None,
        kind=r.choice("kind", CompanyKind, CompanyKind.OTHER) or CompanyKind.OTHER,
        size=r.choice("size", CompanySize),
        ateco=r.text("ateco"),
        town=r.text("town"),
        province=r.text("province"),
    )


def adviser_in(data: object, what: str = N_("the adviser")) -> Adviser:
    """An adviser from its schema object."""
    r = _Reader(data, what)
    return Adviser(
        r.text("key", required=True),
        r.text("name", required=True),
        r.text("email"),
        r.texts("topics"),
        bool(r.flag("active", True)),
    )


def topic_in(data: object, what: str = N_("the topic")) -> Topic:
    """A topic from its schema object."""
    r = _Reader(data, what)
    return Topic(
        r.text("key", required=True),
        r.text("label_en", required=True),
        r.text("label_it"),
        r.texts("keywords"),
        bool(r.flag("active", True)),
    )


def webinar_in(data: object, what: str = N_("the webinar")) -> Webinar:
    """A webinar from its schema object, enrolments numbered as in the export."""
    r = _Reader(data, what)
    start = r.moment("start")
    assert start is not None

    def enrolment(e: _Reader) -> Enrolment:
        enrolled = e.moment("enrolled")
        assert enrolled is not None
        status = e.choice("status", EnrolmentStatus)
        if status is None:
            raise e._bad("status", _("an enrolment status"))
        return Enrolment(
            ref=e.number("ref") or 0,
            status=status,
            enrolled=enrolled,
            changed=e.moment("changed", optional=True) or enrolled,
            who=e.text("who"),
            company_id=e.number("company", optional=True),
            queue=e.number("queue", optional=True),
            second_seat=bool(e.flag("second_seat")),
        )

    return Webinar(
        title=r.text("title", required=True),
        start=start,
        duration=r.number("duration") or 0,
        capacity=r.number("capacity") or 0,
        id=r.number("id") or 0,
        topics=r.texts("topics"),
        speaker=r.text("speaker"),
        link=r.text("link"),
        place=r.text("place"),
        description=r.text("description"),
        status=r.choice("status", WebinarStatus, WebinarStatus.SCHEDULED)
        or WebinarStatus.SCHEDULED,
        series=r.text("series"),
        rule=r.text("rule"),
        created=r.moment("created", optional=True),
        enrolments=r.each("enrolments", enrolment),
    )


def call_in(data: object, what: str = N_("the call")) -> Call:
    """A grant call from its schema object, applications numbered as in the export.

    Raises:
        SchemaError: naming the field that cannot be read.
    """
    r = _Reader(data, what)
    opens, closes = r.moment("opens"), r.moment("closes")
    assert opens is not None and closes is not None
    funder = r.choice("funder", Funder)
    if funder is None:
        raise r._bad("funder", _("a kind of funder"))
    rules = _Reader(r.data.get("eligibility") or {}, f"{what}, eligibility")

    def stage(x: _Reader) -> Stage:
        found = x.choice("stage", Stage)
        if found is None:
            raise x._bad("stage", _("an application stage"))
        return found

    def step(x: _Reader) -> Step:
        at = x.moment("at")
        assert at is not None
        return Step(stage(x), at, x.text("who"), x.number("amount", optional=True))

    def application(x: _Reader) -> Application:
        steps = x.each("steps", step)
        if not steps:
            raise x._bad("steps", _("a list of at least one step"))
        return Application(
            ref=x.number("ref") or 0,
            stage=stage(x),
            steps=steps,
            company_id=x.number("company", optional=True),
            amount=x.number("amount", optional=True),
            followup=x.number("followup", optional=True),
        )

    def choices(name: str, enum: type[E]) -> list[E]:
        try:
            return [enum(value) for value in rules.texts(name)]
        except ValueError:
            allowed = ", ".join(str(m.value) for m in enum)
            raise rules._bad(name, _("a list of {allowed}").format(allowed=allowed)) from None

    return Call(
        title=r.text("title", required=True),
        funder=funder,
        opens=opens,
        closes=closes,
        id=r.number("id") or 0,
        funder_name=r.text("funder_name"),
        link=r.text("link"),
        budget=r.number("budget", optional=True),
        max_per_company=r.number("max_per_company", optional=True),
        eligibility=Eligibility(
            kinds=choices("kinds", CompanyKind),
            sizes=choices("sizes", CompanySize),
            provinces=rules.texts("provinces"),
            ateco=rules.texts("ateco"),
            topics=rules.texts("topics"),
        ),
        ranked=r.moment("ranked", optional=True),
        notes=r.text("notes"),
        created=r.moment("created", optional=True),
        applications=r.each("applications", application),
    )


#: The desk's settings an export carries, each with what it must be.
DESK_SETTINGS: dict[str, tuple[str, Callable[[object], bool]]] = {
    "deadline_followup_days": (
        N_("a whole number of working days from 0 to 60"),
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 60,
    ),
}


def desk_settings_in(data: object, what: str = N_("the desk settings")) -> dict[str, Any]:
    """The desk's settings from their schema object; settings this version does not know are
    ignored, as fields are.

    Raises:
        SchemaError: naming the setting that cannot be read.
    """
    r = _Reader(data if data is not None else {}, what)
    settings = {}
    for key, (expected, valid) in DESK_SETTINGS.items():
        value = r.data.get(key)
        if value is None:
            continue
        if not valid(value):
            raise r._bad(key, _(expected))
        settings[key] = value
    return settings


#: How an error names one object of an export's part, by the part's key.
_EXPORT_PARTS = {
    "companies": N_("company {position} of the export"),
    "advisers": N_("adviser {position} of the export"),
    "topics": N_("topic {position} of the export"),
    "webinars": N_("webinar {position} of the export"),
    "calls": N_("call {position} of the export"),
    "partners": N_("partner {position} of the export"),
    "referrals": N_("referral {position} of the export"),
    "programmes": N_("programme {position} of the export"),
}


# -- into the import's pipeline -------------------------------------------------------------


def stored_ticket(data: object, what: str) -> dict[str, Any]:
    """A schema ticket checked and given the form the import builds tickets from, with its
    ``ref`` and its company's number in the export.

    Raises:
        SchemaError: naming the field that cannot be read.
    """
    from helpdesk.store import records

    ticket = ticket_in(data, UTC, what)
    record = records.ticket_to_record(ticket)
    record["ref"] = ticket.ref
    return record


def stored_line(data: Mapping[str, Any], what: str) -> dict[str, Any]:
    """A JSON Lines ticket (:func:`ticket_line`) in the form the import builds tickets from,
    its company as ``company_name``, ``company_vat`` and the rest of what identifies it."""
    record = stored_ticket({**data, "company": None}, what)
    company = line_company_in(data.get("company"), f"{what}, company")
    if company is not None:
        if company.id:
            record["company_line_id"] = company.id
        record["company_name"] = company.name
        if company.vat:
            record["company_vat"] = company.vat
        record["company_fields"] = {
            "kind": company.kind.value,
            "size": company.size.value if company.size else None,
            "ateco": company.ateco,
            "town": company.town,
            "province": company.province,
        }
    return record


def stored_parts(parts: Mapping[str, list[Any]]) -> tuple[dict[str, list[Any]], list[str]]:
    """An export document's companies, advisers, topics, webinars, calls, partners, referrals,
    programmes and desk settings (``desk_settings``: a list of the one settings object) in the
    form the import reads them, and why any of them could not be read (those are left out).
    """
    from helpdesk.services import network_schema as ns  # it reads this module
    from helpdesk.store import call_records, records
    from helpdesk.store import network_records as nr

    errors: list[str] = []
    out: dict[str, list[Any]] = {"companies": [], "advisers": [], "topics": [], "webinars": []}

    def convert(key: str, read: Callable[[object, str], Any], write: Callable[[Any], Any]) -> None:
        for position, data in enumerate(parts.get(key, []), start=1):
            try:
                what = _(_EXPORT_PARTS[key]).format(position=position)
                out[key].append(write(read(data, what)))
            except SchemaError as error:
                errors.append(error.message)

    convert("companies", company_in, lambda c: {"id": c.id, **records.company_to_record(c)})
    convert("advisers", adviser_in, records.adviser_to_record)
    convert("topics", topic_in, records.topic_to_record)
    convert("webinars", webinar_in, lambda w: {"id": w.id, **records.webinar_to_record(w)})
    out["calls"] = []
    convert("calls", call_in, lambda c: {"id": c.id, **call_records.call_to_record(c)})
    out.update(partners=[], referrals=[], programmes=[])
    convert("partners", ns.partner_in, lambda p: {"id": p.id, **nr.partner_to_record(p)})
    convert("referrals", ns.referral_in, lambda x: {"id": x.id, **nr.referral_to_record(x)})
    convert("programmes", ns.programme_in, nr.programme_to_record)
    try:
        out["desk_settings"] = [desk_settings_in(parts.get("desk_settings", [None])[0])]
    except SchemaError as error:
        out["desk_settings"] = [{}]
        errors.append(error.message)
    return out, errors
