"""Checking every row of a file, a long file's on two cores, and what the two processes send
each other: the candidates and problems of the rows one of them checked.

:mod:`helpdesk.services.importing.checks` checks one row; this module runs the checks over
the whole file (:func:`check_rows`), with :mod:`helpdesk.services.importing.two_processes`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

import orjson

from helpdesk.domain.enums import Channel, CompanyKind, CompanySize, Outcome, Priority, Status
from helpdesk.domain.models import Change, Contact, Ticket
from helpdesk.domain.programmes import Service
from helpdesk.domain.programmes import Source as Src
from helpdesk.domain.satisfaction import Satisfaction
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.importing.checks import Candidate, Problem
from helpdesk.services.importing.sources import Misread, Source, SourceRow
from helpdesk.services.importing.two_processes import (
    run_here_and_in_a_child,
    work_in_two_processes,
)

Checked = tuple[Candidate | None, list[Problem]]
"""What checking a row gives: its candidate, or every problem it has."""


def check_rows(
    check: Callable[[SourceRow], Checked],
    source: Source,
    progress: Callable[[int, int], None] | None = None,
) -> list[Checked]:
    """``check`` applied to every row of ``source``, in order; for a long file of tabular rows
    (whose companies are drafts), on two cores.

    The two parts of a large CSV file left unread (``source.first`` and ``source.rest``) are
    each read by the process that checks them, and their rows become ``source.rows``; those of
    the rest are numbered, and without their cells, which :meth:`Source.cells_of` gives back
    when they are rejected (and to all of them, should they be checked again).
    ``progress(done, total)`` is told every thousand rows how far this process has got, as a
    share of about all of them (the other process, if any, keeps the same pace).

    Raises:
        InvalidValue: for a part of the file that is not valid CSV, or not text in its
            encoding.
    """
    here = os.getpid()
    source.cells_of(source.rows)
    total = source.size_hint()

    def work(part: Sequence[SourceRow]) -> list[Checked]:
        checked = []
        share = total / max(len(part), 1)
        for done, row in enumerate(part, start=1):
            checked.append(check(row))
            if progress is not None and done % 1000 == 0 and os.getpid() == here:
                progress(min(round(done * share), total), total)
        return checked

    if source.records:
        return work(source.rows)
    first, rest = source.first, source.rest
    if first is None or rest is None:
        return work_in_two_processes(source.rows, work, _sent, _received)

    def the_rest() -> Iterator[tuple[list[SourceRow], list[Checked]]]:
        later = rest.rows()
        for start in range(0, len(later), _ROWS_A_PIECE):
            part = later[start : start + _ROWS_A_PIECE]
            yield part, work(part)

    try:
        # The first part is read here once the other process has started on the rest: its
        # rows are then this process's own, not pages shared with the other.
        checked, pieces = run_here_and_in_a_child(
            lambda: work(first.rows(until=rest)), the_rest, _sent_rows, _got_rows
        )
    except Misread:
        source.read_here()  # the rows counted before the rest were not its first part's
        return work_in_two_processes(source.rows, work, _sent, _received)
    rows = first.rows()
    for later, more in pieces:
        rows += later
        checked += more
    source.rows, source.first, source.rest, source.read_elsewhere = rows, None, None, rest
    return checked


#: Rows of the rest of a file sent back at a time: this process reads those already checked
#: while the other checks the last ones.
_ROWS_A_PIECE = 500


def _sent_rows(read: tuple[list[SourceRow], list[Checked]]) -> bytes:
    # The rest's rows as numbers, then what checking them gave.
    rows, checked = read
    numbers = orjson.dumps([(row.number, row.line) for row in rows])
    return len(numbers).to_bytes(8, "big") + numbers + _sent(checked)


def _got_rows(data: bytes) -> tuple[list[SourceRow], list[Checked]]:
    size = int.from_bytes(data[:8], "big")
    rows = [SourceRow(number, line) for number, line in orjson.loads(data[8 : 8 + size])]
    return rows, _received(data[8 + size :], rows)


def _sent(checked: list[Checked]) -> bytes:
    # What a process checking part of the rows writes down: a candidate's ticket, company
    # draft and flags (its row is known from elsewhere), or the row's problems. Only tabular
    # rows are checked so, whose company is a draft or nothing.
    wire: list[Any] = []
    for candidate, problems in checked:
        if candidate is None:
            wire.append([[p.unit, p.row, p.line, p.column, p.reason] for p in problems])
            continue
        draft = candidate.company
        if draft is not None and not isinstance(draft, CompanyDraft):
            raise TypeError("only a company draft is sent between processes")
        company: list[Any] | None = None
        if draft is not None:
            company = [draft.name, draft.vat, draft.kind, draft.size, draft.town]
            company += [draft.province, draft.ateco, draft.contacts]
        wire.append(
            (
                _ticket_sent(candidate.ticket),
                company,
                candidate.dated,
                candidate.keyed,
                candidate.warnings,
            )
        )
    return orjson.dumps(wire)


def _ticket_sent(ticket: Ticket) -> dict[str, Any]:
    # A new ticket of a tabular row, its fields by name (orjson writes the enums' values and
    # the times in ISO 8601); such a ticket has no reference, company, notes, follow-ups or
    # links yet.
    if ticket.ref or ticket.company_id is not None or ticket.notes or ticket.followups:
        raise TypeError("only a new ticket of a tabular row is sent between processes")
    if ticket.links:
        raise TypeError("only a new ticket of a tabular row is sent between processes")
    fields = {name: getattr(ticket, name) for name in _TICKET_FIELDS}
    fields["history"] = [(c.at, c.who, c.field, c.old, c.new) for c in ticket.history]
    return fields


#: The fields of a new ticket of a tabular row sent between processes, besides its history.
_TICKET_FIELDS = (
    "uid",
    "created",
    "updated",
    "subject",
    "channel",
    "contact",
    "description",
    "topics",
    "priority",
    "status",
    "assignee",
    "tags",
    "outcome",
    "outcome_note",
    "triaged_at",
    "closed_at",
    "external_id",
    "service",
    "source",
    "programme",
    "satisfaction",
)


class _Moments(dict[str, datetime]):
    """Times read back by their text, each text once: the rows of one import share their
    moments (now, the history's stamp), which stay one object as they were in the sender."""

    def __missing__(self, text: str) -> datetime:
        moment = self[text] = datetime.fromisoformat(text)
        return moment


def _ticket_received(fields: dict[str, Any], moments: _Moments) -> Ticket:
    def moment(text: str | None) -> datetime | None:
        return None if text is None else moments[text]

    answer = fields["satisfaction"]
    return Ticket(
        uid=fields["uid"],
        created=moments[fields["created"]],
        updated=moments[fields["updated"]],
        subject=fields["subject"],
        channel=_CHANNEL_OF[fields["channel"]],
        contact=Contact(**fields["contact"]),
        description=fields["description"],
        topics=fields["topics"],
        priority=_PRIORITY_OF[fields["priority"]],
        status=_STATUS_OF[fields["status"]],
        assignee=fields["assignee"],
        tags=fields["tags"],
        history=[
            Change(moments[at], who, name, old, new)
            for at, who, name, old, new in fields["history"]
        ],
        outcome=_OUTCOME_OF[fields["outcome"]] if fields["outcome"] else None,
        outcome_note=fields["outcome_note"],
        triaged_at=moment(fields["triaged_at"]),
        closed_at=moment(fields["closed_at"]),
        external_id=fields["external_id"],
        service=Service(fields["service"]) if fields["service"] else None,
        source=Src(fields["source"]) if fields["source"] else None,
        programme=fields["programme"],
        satisfaction=None
        if answer is None
        else Satisfaction(answer["score"], moments[answer["at"]], answer["who"], answer["comment"]),
    )


#: Members by value, for what the other process wrote down: a dict lookup rather than a call
#: of the enum for each of thousands of rows.
_KIND_OF = {kind.value: kind for kind in CompanyKind}
_SIZE_OF = {size.value: size for size in CompanySize}
_CHANNEL_OF = {channel.value: channel for channel in Channel}
_PRIORITY_OF = {priority.value: priority for priority in Priority}
_STATUS_OF = {status.value: status for status in Status}
_OUTCOME_OF = {outcome.value: outcome for outcome in Outcome}


def _received(data: bytes, rows: Sequence[SourceRow]) -> list[Checked]:
    checked: list[Checked] = []
    moments = _Moments()
    for row, sent in zip(rows, orjson.loads(data), strict=True):
        if not isinstance(sent[0], dict):  # problems, each a list; a candidate's ticket first
            checked.append((None, [Problem(*fields) for fields in sent]))
            continue
        fields, company, dated, keyed, warnings = sent
        draft = None
        if company is not None:
            name, vat, kind, size, town, province, ateco, contacts = company
            draft = CompanyDraft(
                name,
                vat,
                kind and _KIND_OF[kind],
                size and _SIZE_OF[size],
                town,
                province,
                ateco,
                [Contact(**c) for c in contacts],
            )
        ticket = _ticket_received(fields, moments)
        checked.append((Candidate(row, ticket, draft, dated, keyed, warnings=warnings), []))
    return checked
