"""A ticket drawn in full: the main screen's preview and the body of the ticket screen."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from helpdesk.i18n import _
from helpdesk.render.tickets import ticket_view
from helpdesk.services.tickets import TicketDetail


class TicketPreview(VerticalScroll):
    """The shared Rich view of a ticket (the same as ``helpdesk show``), scrollable.

    Drawing the same ticket again (after a change) keeps the scroll position; another ticket
    starts at the top.
    """

    _ref: int | None = None

    def compose(self) -> ComposeResult:
        """One static holding the drawing."""
        yield Static(id="preview-body")

    def show(
        self,
        detail: TicketDetail | None,
        now: datetime,
        tz: tzinfo,
        extra: RenderableType | None = None,
    ) -> None:
        """Draw a ticket, or say there is none."""
        body = self.query_one("#preview-body", Static)
        if detail is None:
            self._ref = None
            body.update(Text(_("No ticket selected."), style="dim"))
            return
        view = ticket_view(detail, now, tz)
        if extra is not None:
            view = Group(view, extra)
        body.update(view)
        if detail.ticket.ref != self._ref:
            self._ref = detail.ticket.ref
            self.scroll_home(animate=False)
