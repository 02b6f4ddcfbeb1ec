"""Stored records as rows of the PostgreSQL schema, and a query's narrowing as SQL.

A row keeps the record whole (``record``, jsonb) beside the columns the constraints, indexes
and filter language need, each read from the record as :mod:`helpdesk.store.records` reads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import Any, TypeVar

from psycopg import sql
from psycopg.types.json import Jsonb

from helpdesk.dates import when_from_iso
from helpdesk.domain.filters import Narrowing
from helpdesk.domain.partners import Referral
from helpdesk.domain.text import company_key
from helpdesk.domain.webinars import Webinar
from helpdesk.store import network_records as nr
from helpdesk.store import records

V = TypeVar("V")

#: The ticket's columns, in the order :func:`ticket_row` gives them.
TICKET_COLUMNS = (
    "desk_id",
    "ref",
    "uid",
    "created",
    "updated",
    "status",
    "priority",
    "channel",
    "outcome",
    "assignee",
    "company_id",
    "topics",
    "search_text",
    "record",
    "log",
    "created_day",
    "next_due",
    "due_zone",
)

COMPANY_COLUMNS = ("desk_id", "id", "name", "name_key", "vat", "kind", "province", "record")


def ticket_row(
    desk: int, ref: int, record: dict[str, Any], log: dict[str, Any] | None, text: str, tz: tzinfo
) -> tuple[Any, ...]:
    """A ticket's row from its two stored parts and its folded search text; its soonest
    pending follow-up is read in the desk's zone ``tz``."""
    return (
        desk,
        ref,
        record.get("uid") or None,
        record["created"],
        record["updated"],
        record.get("status", "new"),
        record.get("priority", "normal"),
        record.get("channel", "other"),
        record.get("outcome") or None,
        record.get("assignee") or None,
        record.get("company"),
        list(record.get("topics", ())),
        text,
        Jsonb(record),
        Jsonb(log) if log else None,
        date.fromisoformat(record["created"][:10]),
        next_due(record, tz),
        getattr(tz, "key", None),
    )


def next_due(record: Mapping[str, Any], tz: tzinfo) -> datetime | None:
    """The moment of the ticket's soonest pending follow-up (midnight in ``tz`` for one due
    on a day), as :meth:`helpdesk.domain.models.Ticket.next_followup` finds it; None without."""
    moments = [
        when_from_iso(f["due"], tz).at
        for f in record.get("followups", ())
        if not f.get("done_at") and not f.get("cancelled")
    ]
    return min(moments, default=None)


def company_row(desk: int, id: int, record: dict[str, Any]) -> tuple[Any, ...]:
    """A company's row from its stored record."""
    name = record.get("name", "")
    return (
        desk,
        id,
        name,
        company_key(name),
        record.get("vat") or None,
        record.get("kind", "other"),
        record.get("province", ""),
        Jsonb(record),
    )


#: The webinar's and the referral's columns besides ``desk_id`` and ``id``, as the rows give them.
WEBINAR_COLUMNS = ("title", "start", "record")
REFERRAL_COLUMNS = ("ticket_ref", "partner_id", "record")


def webinar_row(webinar: Webinar) -> tuple[Any, ...]:
    """A webinar's row, without its desk and number."""
    return (webinar.title, webinar.start, Jsonb(records.webinar_to_record(webinar)))


def referral_row(referral: Referral) -> tuple[Any, ...]:
    """A referral's row, without its desk and number."""
    return (referral.ref, referral.partner, Jsonb(nr.referral_to_record(referral)))


def ticket_text(record: dict[str, Any], names: Mapping[int, str]) -> str:
    """The folded text free-text terms look in (as the file store derives it)."""
    return records.ticket_text(record, lambda id: names.get(id) if id is not None else None)


#: The narrowing's plain fields → the ticket's column holding the same value.
COLUMNS = {
    "status": "status",
    "priority": "priority",
    "channel": "channel",
    "outcome": "outcome",
    "assignee": "assignee",
    "ref": "ref",
}


def narrowing_sql(narrowing: Narrowing) -> tuple[list[sql.Composable], list[Any]]:
    """Conditions on the tickets' columns that every ticket a query with this narrowing
    matches meets, with their parameters: the same test as
    :func:`helpdesk.store.records.ticket_may_match`, run by the server on its indexes."""
    conditions: list[sql.Composable] = []
    params: list[Any] = []
    for name, wanted in narrowing.one_of.items():
        column = COLUMNS.get(name)
        if column is None:
            continue
        values = [_plain(v) for v in wanted if v is not None]
        test = sql.SQL("{} = ANY(%s)").format(sql.Identifier(column))
        params.append(values)
        if None in wanted:
            test = sql.SQL("({} OR {} IS NULL)").format(test, sql.Identifier(column))
        conditions.append(test)
    for keys in narrowing.any_topic:
        conditions.append(sql.SQL("topics && %s::text[]"))
        params.append(sorted(keys))
    for word in narrowing.words:
        conditions.append(sql.SQL("search_text LIKE %s"))
        params.append("%" + _like_escaped(word) + "%")
    return conditions, params


def _plain(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class LazyNumbered(Mapping[int, V]):
    """Records by number, each made into a ``V`` the first time it is looked up (and kept):
    a listing names the companies of the rows it shows, not all of them."""

    def __init__(self, raw: Mapping[int, Any], make: Callable[[Any, int], V]) -> None:
        self._raw = raw
        self._make = make
        self._made: dict[int, V] = {}

    def __getitem__(self, id: int) -> V:
        made = self._made.get(id)
        if made is None:
            made = self._made[id] = self._make(self._raw[id], id)
        return made

    def __iter__(self) -> Iterator[int]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, id: object) -> bool:
        return id in self._raw
