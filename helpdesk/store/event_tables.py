"""The store's tables of the desk's events and calls: webinar sessions with their enrolments,
grant calls with their applications.

A mixin of :class:`~helpdesk.store.store.Store`, like :mod:`helpdesk.store.network`: it uses the
store's tables and transactions only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

from helpdesk.domain.calls import Call
from helpdesk.domain.webinars import Webinar
from helpdesk.store import call_records, records
from helpdesk.store.call_records import CALLS
from helpdesk.store.records import WEBINARS


class _Tables(Protocol):
    def _raw(self, table: str) -> Mapping[str, Any]: ...
    def _table(self, name: str) -> Any: ...
    def transaction(self) -> AbstractContextManager[None]: ...
    def add_webinars(self, webinars: Iterable[Webinar]) -> list[Webinar]: ...
    def save_webinars(self, webinars: Iterable[Webinar]) -> None: ...


class EventTables:
    """Webinars and grant calls, read and written through the store's tables."""

    # -- webinars -----------------------------------------------------------------------------

    def webinars(self: _Tables) -> list[Webinar]:
        """Every webinar session with its enrolments, in the order they were added."""
        raw = self._raw(WEBINARS)
        return [records.webinar_from_record(r, int(k)) for k, r in raw.items()]

    def webinar(self: _Tables, id: int) -> Webinar | None:
        """The webinar with number ``id``, if there is one."""
        record = self._raw(WEBINARS).get(str(id))
        return records.webinar_from_record(record, id) if record is not None else None

    def add_webinar(self: _Tables, webinar: Webinar) -> Webinar:
        """Save a new webinar and give it its number."""
        return self.add_webinars([webinar])[0]

    def add_webinars(self: _Tables, webinars: Iterable[Webinar]) -> list[Webinar]:
        """Save many new webinars (a series) in one write."""
        batch = list(webinars)
        with self.transaction():
            ids = self._table(WEBINARS).insert_multiple(records.webinar_to_record(w) for w in batch)
        for webinar, id in zip(batch, ids, strict=True):
            webinar.id = id
        return batch

    def save_webinar(self: _Tables, webinar: Webinar) -> None:
        """Write back a changed webinar."""
        self.save_webinars([webinar])

    def save_webinars(self: _Tables, webinars: Iterable[Webinar]) -> None:
        """Write back many changed webinars in one write."""
        with self.transaction():
            self._table(WEBINARS).replace_documents(
                {w.id: records.webinar_to_record(w) for w in webinars}
            )

    # -- grant calls --------------------------------------------------------------------------

    def calls(self: _Tables) -> list[Call]:
        """Every grant call with its applications, in the order they were added."""
        return [call_records.call_from_record(r, int(k)) for k, r in self._raw(CALLS).items()]

    def call(self: _Tables, id: int) -> Call | None:
        """The call with number ``id``, if there is one."""
        record = self._raw(CALLS).get(str(id))
        return call_records.call_from_record(record, id) if record is not None else None

    def add_calls(self: _Tables, calls: Iterable[Call]) -> list[Call]:
        """Save new calls in one write and give them their numbers."""
        batch = list(calls)
        with self.transaction():
            ids = self._table(CALLS).insert_multiple(call_records.call_to_record(c) for c in batch)
        for call, id in zip(batch, ids, strict=True):
            call.id = id
        return batch

    def save_calls(self: _Tables, calls: Iterable[Call]) -> None:
        """Write back changed calls in one write."""
        with self.transaction():
            self._table(CALLS).replace_documents(
                {c.id: call_records.call_to_record(c) for c in calls}
            )
