"""Satisfaction: the business's 1–5 score and comment, recorded at or after closing.

Recorded by an adviser (``satisfaction TICKET SCORE``) or imported from a survey tool's file
(ticket reference and score, comment optional), read with the ticket import's reader and all or
nothing: every bad row is reported and nothing is written unless all are good. A new answer
replaces an earlier one, and the history keeps both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpdesk.domain.models import Ticket
from helpdesk.domain.satisfaction import Satisfaction, check_score
from helpdesk.domain.text import fold
from helpdesk.errors import HelpdeskError, InvalidValue, TransitionRefused
from helpdesk.i18n import _
from helpdesk.services.context import Context
from helpdesk.services.importing.sources import plain, read_source
from helpdesk.services.summary_labels import status_word
from helpdesk.services.tickets import TicketService

#: Headers (folded) naming each column of a survey file.
HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("ref", "ticket", "reference", "riferimento", "pratica", "id"),
    "score": ("score", "punteggio", "voto", "rating", "valutazione"),
    "comment": ("comment", "commento", "note", "feedback", "osservazioni"),
}


@dataclass(slots=True)
class SurveyImport:
    """What a survey import found and did."""

    recorded: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    dry_run: bool = False


class SatisfactionService:
    """Recording what businesses thought of the desk."""

    def __init__(self, ctx: Context, tickets: TicketService) -> None:
        self._ctx = ctx
        self._tickets = tickets

    def record(
        self, ref: int | str, score: int | str, comment: str = "", *, who: str | None = None
    ) -> Ticket:
        """Record a ticket's score and comment.

        Raises:
            InvalidValue: for a score that is not 1 to 5.
            TransitionRefused: for a ticket still open (the answer comes at or after closing).
        """
        value = check_score(score)
        with self._ctx.store.transaction():
            ticket = self._tickets.get(ref)
            self._answer(ticket, value, comment, who or self._ctx.actor)
            self._ctx.store.save_ticket(ticket)
        return ticket

    def import_survey(self, data: bytes, name: str, *, dry_run: bool = False) -> SurveyImport:
        """Record the answers of a survey tool's CSV, JSON or JSON Lines file, all or nothing.

        Raises:
            InvalidValue: for a file that cannot be read, or has no reference or score column.
        """
        source = read_source(data, name)
        source.read_here()
        columns = _map_headers(source.headers)
        missing = [f for f in ("ref", "score") if f not in columns]
        if missing:
            known = ", ".join(f"{f} ({'/'.join(HEADERS[f][:3])})" for f in missing)
            raise InvalidValue(
                _("{file} has no column for: {known}.").format(file=source.name, known=known)
            )
        result = SurveyImport(dry_run=dry_run)
        with self._ctx.store.transaction():
            changed: dict[int, Ticket] = {}
            for row in source.rows:
                if row.error:
                    result.problems.append(
                        _("row {row}: {problem}").format(row=row.number, problem=row.error)
                    )
                    continue
                cells = {
                    f: plain(row.values[i]) if i < len(row.values) else ""
                    for f, i in columns.items()
                }
                try:
                    score = check_score(cells["score"])
                    ticket = changed.get(_ref(cells["ref"])) or self._tickets.get(cells["ref"])
                    self._answer(ticket, score, cells.get("comment", ""), "survey")
                except HelpdeskError as error:
                    result.problems.append(
                        _("row {row}: {problem}").format(row=row.number, problem=error.message)
                    )
                    continue
                changed[ticket.ref] = ticket
                result.recorded.append(ticket.ref)
            if result.problems or dry_run:
                return result
            self._ctx.store.save_tickets(list(changed.values()))
        return result

    def _answer(self, ticket: Ticket, score: int, comment: str, who: str) -> None:
        if ticket.is_open:
            raise TransitionRefused(
                _("#{ref} is {status}: satisfaction is recorded at or after closing.").format(
                    ref=ticket.ref, status=status_word(ticket.status.value)
                )
            )
        now = self._ctx.now()
        old = ticket.satisfaction
        ticket.satisfaction = Satisfaction(score, now, who, " ".join(comment.split()))
        said = f"{score}/5" + (f": {ticket.satisfaction.comment}" if comment.strip() else "")
        ticket.record(
            "satisfaction", f"{old.score}/5" if old else None, said, who=self._ctx.actor, at=now
        )


def _ref(text: str) -> int:
    digits = str(text).strip().lstrip("#")
    return int(digits) if digits.isdigit() else -1


def _map_headers(headers: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = fold(str(header).strip()).replace("_", " ")
        for name, aliases in HEADERS.items():
            if name not in columns and (key == name or key in aliases):
                columns[name] = index
                break
    return columns
