"""Programmes and a ticket's place in them: service offered, who sent the business, programme.

A ticket's service, source and programme are set with ``add``/``edit`` options or the edit
form and written to its history like any field. A programme must be on the desk's list
(``programme add``) before a ticket is counted under it, so a typo never starts a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from helpdesk.dates import parse_when
from helpdesk.domain.models import Ticket
from helpdesk.domain.programmes import Programme, Service, Source, check_programme_key
from helpdesk.errors import InvalidValue, NotFound
from helpdesk.i18n import _
from helpdesk.services.context import Context
from helpdesk.services.tickets import TicketService

#: What clears a field: ``--service none``.
CLEAR = ("", "none", "-")


@dataclass(slots=True)
class Placing:
    """A ticket's service, source and programme as typed, checked by :meth:`check`.

    ``None`` leaves a field as it is; an empty string or ``none`` clears it.
    """

    service: str | None = None
    source: str | None = None
    programme: str | None = None

    def is_empty(self) -> bool:
        """Nothing to change."""
        return self.service is None and self.source is None and self.programme is None


class ProgrammeService:
    """The desk's programmes, and placing tickets in them."""

    def __init__(self, ctx: Context, tickets: TicketService) -> None:
        self._ctx = ctx
        self._tickets = tickets

    def programmes(self) -> list[Programme]:
        """Every programme, in the order they were added."""
        return self._ctx.store.programmes()

    def get(self, key: str) -> Programme:
        """A programme by key (case ignored).

        Raises:
            NotFound: naming the programmes there are.
        """
        folded = key.strip().lower()
        for programme in self.programmes():
            if programme.key == folded:
                return programme
        known = ", ".join(p.key for p in self.programmes()) or _("none yet")
        raise NotFound(
            _(
                "No programme {key!r} (known: {known}); add it with `helpdesk programme add`."
            ).format(key=key, known=known)
        )

    def add(
        self,
        key: str,
        name: str,
        *,
        funders: list[str] | None = None,
        start: str | None = None,
        end: str | None = None,
    ) -> Programme:
        """Add a programme, or change the one with that key.

        Raises:
            InvalidValue: for a bad key, an empty name, unreadable dates or an end before start.
        """
        if not name.strip():
            raise InvalidValue(_("A programme needs a name, e.g. 'Sportello 2020'."))
        first = self._day(start) if start else None
        last = self._day(end) if end else None
        if first and last and last < first:
            raise InvalidValue(_("A programme cannot end before it starts."))
        programme = Programme(
            key=check_programme_key(key),
            name=" ".join(name.split()),
            funders=[" ".join(f.split()) for f in funders or [] if f.strip()],
            start=first,
            end=last,
        )
        self._ctx.store.save_programme(programme)
        return programme

    def check(self, placing: Placing) -> dict[str, object]:
        """The fields to set, checked; nothing written.

        Raises:
            InvalidValue: for an unknown service or source.
            NotFound: for a programme not on the desk's list.
        """
        values: dict[str, object] = {}
        if placing.service is not None:
            text = placing.service.strip().lower()
            values["service"] = None if text in CLEAR else Service.parse(text)
        if placing.source is not None:
            text = placing.source.strip().lower()
            values["source"] = None if text in CLEAR else Source.parse(text)
        if placing.programme is not None:
            text = placing.programme.strip().lower()
            values["programme"] = None if text in CLEAR else self.get(text).key
        return values

    def place(self, ref: int | str, placing: Placing) -> Ticket:
        """Set a ticket's service, source and programme, each change in its history.

        Raises:
            InvalidValue, NotFound: as :meth:`check`, or for an unknown ticket.
        """
        values = self.check(placing)
        with self._ctx.store.transaction():
            ticket = self._tickets.get(ref)
            now, actor = self._ctx.now(), self._ctx.actor
            changed = [ticket.set(name, value, who=actor, at=now) for name, value in values.items()]
            if any(changed):
                self._ctx.store.save_ticket(ticket)
        return ticket

    def _day(self, text: str) -> date:
        return parse_when(text, self._ctx.clock).day
