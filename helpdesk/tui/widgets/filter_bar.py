"""The filter bar: the filter language typed live, a bad token marked where it stands."""

from __future__ import annotations

from typing import ClassVar

from rich.highlighter import Highlighter
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from helpdesk.errors import InvalidFilter
from helpdesk.i18n import N_, _
from helpdesk.render.text import literal

PLACEHOLDER = N_(
    'filter: status:open topic:ecommerce assignee:me +overdue "free text"   (? for help)'
)


class _BadToken(Highlighter):
    """Marks the span of the token the filter language could not read."""

    span: tuple[int, int] | None = None

    def highlight(self, text: Text) -> None:
        if self.span is not None:
            start, end = self.span
            text.stylize("bold red reverse", start, max(end, start + 1))


class FilterBar(Vertical):
    """An input for the filter language and a line under it: the count, or what is wrong.

    A bad query leaves the list as it was; the bar marks the token at fault and says why, the
    message wrapped over as many lines as it needs.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", N_("Back to list"), show=False),
        Binding("down", "leave", N_("Back to list"), show=False),
    ]

    class QueryEdited(Message):
        """The query text changed (every keystroke)."""

        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    class Left(Message):
        """The adviser is done typing (enter, escape or down): back to the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._marker = _BadToken()

    def compose(self) -> ComposeResult:
        """The widgets of the bar."""
        yield Input(placeholder=_(PLACEHOLDER), highlighter=self._marker, id="query")
        yield Static(id="filter-status")

    @property
    def text(self) -> str:
        """The query as typed."""
        return self.query_one("#query", Input).value

    def set_query(self, query: str) -> None:
        """Replace the query (a view was chosen); the bar reports it as edited."""
        field = self.query_one("#query", Input)
        field.value = query
        field.cursor_position = len(query)

    def relabel(self) -> None:
        """Word the hint in the empty field in the current language."""
        self.query_one("#query", Input).placeholder = _(PLACEHOLDER)

    def focus_input(self) -> None:
        """Put the cursor in the query."""
        self.query_one("#query", Input).focus()

    def show_error(self, error: InvalidFilter) -> None:
        """Mark the bad token and say what is wrong; the list keeps what it showed."""
        self._marker.span = (error.start, error.end)
        self.query_one("#query", Input).refresh()
        self.add_class("-invalid")
        status = self.query_one("#filter-status", Static)
        # The whole message, wrapped to the bar's width (the bar grows to hold it).
        line = Text.assemble(("✗ ", "bold red"), literal(error.message, "red"))
        status.update(line)
        status.tooltip = literal(error.message)

    def show_status(self, status: Text) -> None:
        """Clear any error and show a status line (how many tickets, the order)."""
        if self._marker.span is not None:
            self._marker.span = None
            self.query_one("#query", Input).refresh()
        was_invalid = self.has_class("-invalid")
        self.remove_class("-invalid")
        line = self.query_one("#filter-status", Static)
        # Back to one line: a new layout only when an error had made the bar taller.
        line.update(status, layout=was_invalid)
        line.tooltip = None

    def on_input_changed(self, event: Input.Changed) -> None:
        """Report every edit."""
        event.stop()
        self.post_message(self.QueryEdited(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: back to the list."""
        event.stop()
        self.post_message(self.Left())

    def action_leave(self) -> None:
        """Back to the list."""
        self.post_message(self.Left())
