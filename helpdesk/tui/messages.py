"""Messages that more than one screen handles."""

from __future__ import annotations

from textual.message import Message


class TicketsChanged(Message):
    """Tickets changed: by this app (``refs`` names them) or elsewhere (``refs`` is None).

    The app posts it to every screen on the stack; each redraws what it shows, keeping its
    cursor where it was.
    """

    def __init__(self, refs: frozenset[int] | None) -> None:
        self.refs = refs
        super().__init__()


class DeskChangedElsewhere(Message):
    """Someone else committed a change to the desk: posted from the store's listening thread
    (PostgreSQL's notifications), so the app looks at once rather than at its next poll."""
