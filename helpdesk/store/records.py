"""Record ↔ domain conversion: the one place that knows how records look in the file.

Records are plain JSON: datetimes as ISO 8601 strings with their offset, enums as their values,
empty optional fields left out so a large desk stays small on disk.

A ticket is stored in two records under its reference: the ticket in ``tickets``, its notes and
history in ``ticket_logs``. Lists, searches and figures read every ticket and show neither, and
notes and history are most of a ticket's bytes; kept apart, they are parsed only for the ticket
being shown or changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping, Sequence
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import Any

from helpdesk.dates import When, when_from_iso
from helpdesk.domain.enums import (
    Channel,
    CompanyKind,
    CompanySize,
    LinkKind,
    Outcome,
    Priority,
    Status,
)
from helpdesk.domain.filters import Narrowing, searchable
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
from helpdesk.domain.webinars import Enrolment, EnrolmentStatus, Webinar, WebinarStatus
from helpdesk.store.ticket_network import network_fields, read_network_fields

Record = dict[str, Any]
_fromiso = datetime.fromisoformat

TICKETS = "tickets"
TICKET_LOGS = "ticket_logs"
COMPANIES = "companies"
#: Each company's match key and VAT number (``"12":["forno d oro","01114601006"]``), derived from
#: the companies at every save by the store: finding a company by name or number is then one
#: search of the file's bytes instead of reducing every company's name. Never edited on its own.
COMPANY_KEYS = "company_keys"
#: Each ticket's company number and the folded text free-text terms look in
#: (``"42":[12,"vendere online\nvorremmo…"]``), derived from the tickets and their companies at
#: every save by the store: a search finds the tickets that can match by searching these bytes,
#: and builds only those. Never edited on its own.
TICKET_TEXTS = "ticket_texts"
#: The tables the store derives from the others.
DERIVED_TABLES = (COMPANY_KEYS, TICKET_TEXTS)
ADVISERS = "advisers"
TOPICS = "topics"
WEBINARS = "webinars"

#: The fields of a whole ticket record that are stored in ``ticket_logs``.
LOG_FIELDS = ("notes", "history")


def _iso(value: datetime | None) -> str | None:
    return _moment(value) if value is not None else None


_last_moment: tuple[datetime | None, str] = (None, "")


def _moment(value: datetime) -> str:
    # value.isoformat(), remembered for the moment a bulk change stamps every record it makes
    # with (an import, its 10,000 tickets' update and history): the last one written by
    # _stamp. Any other moment is written out without forgetting it.
    last, text = _last_moment
    return text if value is last else value.isoformat()


def _stamp(value: datetime) -> str:
    # _moment for the moments a change is stamped with (updated, history), remembered.
    global _last_moment
    last, text = _last_moment
    if value is not last:
        text = value.isoformat()
        _last_moment = (value, text)
    return text


def _dt(value: str | None) -> datetime | None:
    return _fromiso(value) if value else None


_EMPTY: tuple[object, ...] = (None, "", [], {})


def _compact(record: Record) -> Record:
    # A true value is never one of the empty ones; testing truth first spares most values the
    # four comparisons (a large import compacts tens of thousands of records).
    return {k: v for k, v in record.items() if v or v not in _EMPTY}


def contact_to_record(contact: Contact) -> Record:
    """A contact as stored: its empty fields left out as it is written (an import writes tens
    of thousands)."""
    record: Record = {}
    if contact.name:
        record["name"] = contact.name
    if contact.email:
        record["email"] = contact.email
    if contact.phone:
        record["phone"] = contact.phone
    if contact.role:
        record["role"] = contact.role
    return record


def contact_from_record(record: Record | None) -> Contact:
    """A contact from its stored form."""
    if not record:
        return Contact()
    return Contact(
        record.get("name", ""),
        record.get("email", ""),
        record.get("phone", ""),
        record.get("role", ""),
    )


def ticket_to_record(ticket: Ticket) -> Record:
    """A ticket as stored (its ``ref`` is the document id, not a field).

    Raises:
        ValueError: for a partial ticket, which would lose its notes and history.
    """
    return _ticket_record(ticket, ticket.notes, ticket.history)


def ticket_parts(ticket: Ticket) -> tuple[Record, Record]:
    """A ticket as its two stored parts, the ticket and its log (what :func:`split_log` makes
    of :func:`ticket_to_record`), each built once rather than whole and then split: an import
    saves tens of thousands of new tickets.

    Raises:
        ValueError: for a partial ticket, which would lose its notes and history.
    """
    record = _ticket_record(ticket, (), ())
    log: Record = {}
    if ticket.notes:
        log["notes"] = [_note_record(n) for n in ticket.notes]
    if ticket.history:
        log["history"] = [change_to_record(c) for c in ticket.history]
    return record, log


def _ticket_record(ticket: Ticket, notes: Sequence[Note], history: Sequence[Change]) -> Record:
    # The ticket's record with these notes and history; empty fields are left out as they are
    # written, in the record's order, rather than dropped from a whole record afterwards.
    if ticket.partial:
        raise ValueError(f"ticket #{ticket.ref} was read without its history; read it whole")
    record: Record = {}
    if ticket.uid:
        record["uid"] = ticket.uid
    record["created"] = _moment(ticket.created)
    record["updated"] = _stamp(ticket.updated)
    record["channel"] = ticket.channel.value
    if ticket.company_id is not None:
        record["company"] = ticket.company_id
    if not ticket.contact.is_empty():
        record["contact"] = contact_to_record(ticket.contact)
    if ticket.subject:
        record["subject"] = ticket.subject
    if ticket.description:
        record["description"] = ticket.description
    if ticket.topics:
        record["topics"] = list(ticket.topics)
    record["priority"] = ticket.priority.value
    record["status"] = ticket.status.value
    if ticket.assignee:
        record["assignee"] = ticket.assignee
    if ticket.tags:
        record["tags"] = list(ticket.tags)
    if ticket.followups:
        record["followups"] = [followup_to_record(f) for f in ticket.followups]
    if notes:
        record["notes"] = [_note_record(n) for n in notes]
    if history:
        record["history"] = [change_to_record(c) for c in history]
    if ticket.links:
        record["links"] = [{"kind": link.kind.value, "ref": link.ref} for link in ticket.links]
    if ticket.outcome is not None:
        record["outcome"] = ticket.outcome.value
    if ticket.outcome_note:
        record["outcome_note"] = ticket.outcome_note
    if ticket.triaged_at is not None:
        record["triaged_at"] = _moment(ticket.triaged_at)
    if ticket.closed_at is not None:
        record["closed_at"] = _moment(ticket.closed_at)
    if ticket.external_id:
        record["external_id"] = ticket.external_id
    record.update(network_fields(ticket))
    return record


def _note_record(note: Note) -> Record:
    return {"at": note.at.isoformat(), "who": note.who, "text": note.text}


def change_to_record(change: Change) -> Record:
    """One entry of a ticket's history, as stored."""
    return {
        "at": _stamp(change.at),
        "who": change.who,
        "field": change.field,
        "old": change.old,
        "new": change.new,
    }


def change_from_record(record: Record) -> Change:
    """One entry of a history from its stored form."""
    return Change(
        _fromiso(record["at"]),
        record["who"],
        record["field"],
        record.get("old"),
        record.get("new"),
    )


def split_log(record: Record) -> tuple[Record, Record]:
    """A whole ticket record as its two stored parts: the ticket, and its log (notes and
    history; empty when it has neither)."""
    log = {name: record[name] for name in LOG_FIELDS if name in record}
    if not log:
        return record, log
    rest = record.copy()
    for name in log:
        del rest[name]
    return rest, log


def joined(record: Record, log: Record | None) -> Record:
    """A whole ticket record from its two stored parts."""
    return {**record, **log} if log else record


def split_ticket_logs(data: MutableMapping[str, MutableMapping[str, Any]]) -> None:
    """Schema 1 to 2: move every ticket's notes and history into ``ticket_logs``."""
    tickets = data.get(TICKETS, {})
    logs = data.setdefault(TICKET_LOGS, {})
    for key in list(tickets):
        record, log = split_log(tickets[key])
        if log:
            tickets[key] = record
            logs[key] = log


def drop_derived_tables(data: MutableMapping[str, MutableMapping[str, Any]]) -> None:
    """Schema 2 to 3: the company keys and ticket texts are derived from the other tables at
    every save (see :data:`DERIVED_TABLES`); whatever a schema 2 file holds under those names
    is not theirs, and the next save derives them. Schema 3 exists so that a helpdesk that does
    not keep them up to date refuses the file rather than leave them stale."""
    for name in DERIVED_TABLES:
        data.pop(name, None)


# Enum lookups by value through a plain dict: calling the enum class for every field of every
# record adds up on a large desk.
class _Members(dict[str, Any]):
    """An enum's members by value, looked up as fast as a dict; a value that is none of them
    is refused as calling the enum refuses it (a ValueError naming it), not as a missing key."""

    def __init__(self, enum: type[Enum]) -> None:
        super().__init__((m.value, m) for m in enum)
        self._name = enum.__name__

    def __missing__(self, value: object) -> Any:
        raise ValueError(f"{value!r} is not a valid {self._name}")


_CHANNELS = _Members(Channel)
_PRIORITIES = _Members(Priority)
_STATUSES = _Members(Status)
_KINDS = _Members(CompanyKind)
_SIZES = _Members(CompanySize)
_OUTCOMES = _Members(Outcome)
_LINK_KINDS = _Members(LinkKind)


def ticket_from_record(record: Record, ref: int, tz: tzinfo, partial: bool = False) -> Ticket:
    """A ticket from its whole record (see :func:`joined`) and reference; follow-up dates read in
    zone ``tz``.

    A partial ticket leaves notes and history out (for lists); it refuses to be stored again.
    """
    get = record.get
    created = _fromiso(record["created"])
    ticket = Ticket(
        uid=record["uid"],
        created=created,
        updated=_fromiso(record["updated"]),
        subject=record["subject"],
        ref=ref,
        channel=_CHANNELS[get("channel", "other")],
        company_id=get("company"),
        contact=contact_from_record(get("contact")),
        description=get("description", ""),
        topics=list(get("topics", ())),
        priority=_PRIORITIES[get("priority", "normal")],
        status=_STATUSES[get("status", "new")],
        assignee=get("assignee"),
        tags=list(get("tags", ())),
        followups=[followup_from_record(f, tz) for f in get("followups", ())],
        notes=[]
        if partial
        else [Note(_fromiso(n["at"]), n["who"], n["text"]) for n in get("notes", ())],
        history=[]
        if partial
        else [
            Change(_fromiso(c["at"]), c["who"], c["field"], c.get("old"), c.get("new"))
            for c in get("history", ())
        ],
        links=[Link(_LINK_KINDS[x["kind"]], x["ref"]) for x in get("links", ())],
        outcome=_OUTCOMES[record["outcome"]] if get("outcome") else None,
        outcome_note=get("outcome_note", ""),
        triaged_at=_dt(get("triaged_at")),
        closed_at=_dt(get("closed_at")),
        external_id=get("external_id"),
        partial=partial,
    )
    read_network_fields(record, ticket)
    return ticket


#: How a ticket record gives each plain field a :class:`~helpdesk.domain.filters.Narrowing` can
#: name, read as :func:`ticket_from_record` reads it (``ref`` is the record's key).
_PLAIN_FIELDS: dict[str, Callable[[Record], object]] = {
    "status": lambda r: r.get("status", "new"),
    "priority": lambda r: r.get("priority", "normal"),
    "channel": lambda r: r.get("channel", "other"),
    "outcome": lambda r: r.get("outcome") or None,
    "assignee": lambda r: r.get("assignee"),
}


def ticket_may_match(
    record: Record, ref: int, narrowing: Narrowing, company_name: Callable[[Any], str | None]
) -> bool:
    """Whether a ticket's stored record can match a query with this narrowing: False only when
    the ticket built from it could not. A field the narrowing names and tickets do not hold as
    such lets every record through.

    Args:
        record: The ticket's record (without notes and history: no narrowing looks there).
        ref: Its reference.
        narrowing: What the query says of the plain fields.
        company_name: The name of the company with this stored number (or None).
    """
    for name, wanted in narrowing.one_of.items():
        if name == "ref":
            if ref not in wanted:
                return False
        elif (read := _PLAIN_FIELDS.get(name)) is not None and read(record) not in wanted:
            return False
    if narrowing.any_topic:
        topics = record.get("topics", ())
        if any(keys.isdisjoint(topics) for keys in narrowing.any_topic):
            return False
    if narrowing.pending_followup and not any(
        not f.get("done_at") and not f.get("cancelled") for f in record.get("followups", ())
    ):
        return False
    if narrowing.words:
        text = ticket_text(record, company_name)
        return all(word in text for word in narrowing.words)
    return True


def tickets_by_company(stored: Iterable[Record]) -> dict[int, int]:
    """How many of the stored ticket records ``stored`` each company has, by its number."""
    counts: dict[int, int] = {}
    for record in stored:
        company = record.get("company")
        if company is not None:
            counts[company] = counts.get(company, 0) + 1
    return counts


def ticket_text(record: Record, company_name: Callable[[Any], str | None]) -> str:
    """The folded text free-text terms look in, from a ticket's stored record (see
    :func:`helpdesk.domain.filters.searchable`)."""
    contact = record.get("contact") or {}
    return searchable(
        record["subject"],
        record.get("description", ""),
        contact.get("name", ""),
        company_name(record.get("company")),
    )


def followup_to_record(f: FollowUp) -> Record:
    """A follow-up as stored."""
    return _compact(
        {
            "id": f.id,
            "due": f.due.to_iso(),
            "note": f.note,
            "who": f.who,
            "created": f.created.isoformat(),
            "done_at": _iso(f.done_at),
            "result": f.result,
            "cancelled": f.cancelled or None,
        }
    )


def followup_from_record(r: Record, tz: tzinfo) -> FollowUp:
    """A follow-up from its stored form, its due date read in the desk's zone ``tz``."""
    created = _fromiso(r["created"])
    due: When = when_from_iso(r["due"], tz)
    return FollowUp(
        id=r["id"],
        due=due,
        note=r.get("note", ""),
        who=r.get("who", ""),
        created=created,
        done_at=_dt(r.get("done_at")),
        result=r.get("result", ""),
        cancelled=bool(r.get("cancelled", False)),
    )


def company_to_record(company: Company) -> Record:
    """A company as stored (its ``id`` is the document id): its empty fields left out as it is
    written, in the record's order, as :func:`ticket_record` writes a ticket's."""
    record: Record = {}
    if company.name:
        record["name"] = company.name
    if company.vat:
        record["vat"] = company.vat
    record["kind"] = company.kind.value
    if company.size:
        record["size"] = company.size.value
    if company.ateco:
        record["ateco"] = company.ateco
    if company.s3_area:
        record["s3_area"] = company.s3_area
    if company.town:
        record["town"] = company.town
    if company.province:
        record["province"] = company.province
    if company.contacts:
        record["contacts"] = [contact_to_record(c) for c in company.contacts]
    if company.privacy_consent:
        record["privacy_consent"] = company.privacy_consent.isoformat()
    if company.notes:
        record["notes"] = company.notes
    if company.consent is not None:
        record["consent"] = company.consent
    if company.history:
        record["history"] = [change_to_record(c) for c in company.history]
    if company.forgotten:
        record["forgotten"] = company.forgotten.isoformat()
    return record


def company_from_record(record: Record, id: int) -> Company:
    """A company from its stored form and document id."""
    get = record.get
    consent = get("privacy_consent")
    return Company(
        name=record["name"],
        id=id,
        vat=get("vat"),
        kind=_KINDS[get("kind", "other")],
        size=_SIZES[record["size"]] if get("size") else None,
        ateco=get("ateco", ""),
        s3_area=get("s3_area", ""),
        town=get("town", ""),
        province=get("province", ""),
        contacts=[contact_from_record(c) for c in get("contacts", ())],
        privacy_consent=date.fromisoformat(consent) if consent else None,
        notes=get("notes", ""),
        consent=get("consent"),
        history=[change_from_record(c) for c in get("history", ())],
        forgotten=date.fromisoformat(forgotten) if (forgotten := get("forgotten")) else None,
    )


def company_kind_and_province(record: Record, id: int) -> tuple[CompanyKind, str]:
    """A company's kind and province from its stored form, read as :func:`company_from_record`
    reads them, without the rest."""
    return _KINDS[record.get("kind", "other")], record.get("province", "")


def adviser_to_record(adviser: Adviser) -> Record:
    """An adviser as stored."""
    return {
        "key": adviser.key,
        "name": adviser.name,
        "email": adviser.email,
        "topics": list(adviser.topics),
        "active": adviser.active,
    }


def adviser_from_record(record: Record) -> Adviser:
    """An adviser from its stored form."""
    return Adviser(
        record["key"],
        record["name"],
        record.get("email", ""),
        list(record.get("topics", ())),
        record.get("active", True),
    )


def topic_to_record(topic: Topic) -> Record:
    """A topic as stored."""
    return {
        "key": topic.key,
        "label_en": topic.label_en,
        "label_it": topic.label_it,
        "keywords": list(topic.keywords),
        "active": topic.active,
    }


def topic_from_record(record: Record) -> Topic:
    """A topic from its stored form."""
    return Topic(
        record["key"],
        record["label_en"],
        record["label_it"],
        list(record.get("keywords", ())),
        record.get("active", True),
    )


def webinar_to_record(webinar: Webinar) -> Record:
    """A webinar as stored (its ``id`` is the document id), enrolments included."""
    return _compact(
        {
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
            "created": _iso(webinar.created),
            "enrolments": [enrolment_to_record(e) for e in webinar.enrolments],
        }
    )


def webinar_from_record(record: Record, id: int) -> Webinar:
    """A webinar from its stored form and document id."""
    get = record.get
    return Webinar(
        title=record["title"],
        start=_fromiso(record["start"]),
        duration=record["duration"],
        capacity=record["capacity"],
        id=id,
        topics=list(get("topics", ())),
        speaker=get("speaker", ""),
        link=get("link", ""),
        place=get("place", ""),
        description=get("description", ""),
        status=WebinarStatus(get("status", "scheduled")),
        series=get("series", ""),
        rule=get("rule", ""),
        created=_dt(get("created")),
        enrolments=[enrolment_from_record(e) for e in get("enrolments", ())],
    )


def enrolment_to_record(enrolment: Enrolment) -> Record:
    """An enrolment as stored inside its webinar."""
    return _compact(
        {
            "ref": enrolment.ref,
            "company": enrolment.company_id,
            "status": enrolment.status.value,
            "enrolled": enrolment.enrolled.isoformat(),
            "changed": enrolment.changed.isoformat(),
            "who": enrolment.who,
            "queue": enrolment.queue,
            "second_seat": enrolment.second_seat or None,
        }
    )


def enrolment_from_record(record: Record) -> Enrolment:
    """An enrolment from its stored form."""
    enrolled = _fromiso(record["enrolled"])
    return Enrolment(
        ref=record["ref"],
        status=EnrolmentStatus(record["status"]),
        enrolled=enrolled,
        changed=_dt(record.get("changed")) or enrolled,
        who=record.get("who", ""),
        company_id=record.get("company"),
        queue=record.get("queue"),
        second_seat=bool(record.get("second_seat", False)),
    )
