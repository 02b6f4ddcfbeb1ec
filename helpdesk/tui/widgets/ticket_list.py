"""The ticket list: a table drawn line by line, only the rows on screen.

Built on Textual's line API (a :class:`~textual.scroll_view.ScrollView` whose virtual height is
the number of rows) rather than a DataTable, which measures every cell of every row: this list
draws only the rows on screen, however many tickets there are. Each row's strip is built once
from the index's cells and kept until the tickets change, the width changes or the theme does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from helpdesk.domain.enums import Priority, Status
from helpdesk.domain.models import Ticket
from helpdesk.i18n import N_, _
from helpdesk.render.styles import DUE_TODAY_STYLE, OVERDUE_STYLE, PRIORITY_STYLE, STATUS_STYLE
from helpdesk.tui.index import COLUMNS, Column, TicketIndex

#: Rich styles for the style names the index gives each cell.
CELL_STYLES: dict[str, Style] = {
    "": Style(),
    "ref": Style(bold=True),
    "dim": Style(dim=True),
    "overdue": Style.parse(OVERDUE_STYLE),
    "due": Style.parse(DUE_TODAY_STYLE),
    **{f"priority-{p.value}": Style.parse(PRIORITY_STYLE[p] or "none") for p in Priority},
    **{f"status-{s.value}": Style.parse(STATUS_STYLE[s]) for s in Status},
}

_MARK = "●"
_CACHE_LIMIT = 4000

#: Rows from the last one at which the list asks for more: the next page is in before the
#: cursor, moved a row at a time, gets there.
NEAR_END = 20


#: Columns given up, in this order, when the list is too narrow for all of them: the subject
#: is never given up, and keeps the most room.
DROP_ORDER: tuple[str, ...] = ("topics", "age", "assignee", "priority", "due", "company")

#: The least width of each shared column while it is shown.
MIN_WIDTHS: dict[str, int] = {"company": 10, "subject": 16, "topics": 10}


def widest(vocabulary: type[Status] | type[Priority]) -> int:
    """The cells the longest label of ``vocabulary`` takes in the current language."""
    return max(cell_len(member.label_text) for member in vocabulary)


def layout(width: int, ref_width: int) -> list[int]:
    """Each column's width for a list ``width`` cells wide; 0 for a column not shown.

    Fixed columns keep their width (status and priority as wide as their longest word in the
    current language); company, subject and topics share what is left (subject the most), each
    at least :data:`MIN_WIDTHS`. When that does not fit, columns are given up in
    :data:`DROP_ORDER`, so the subject always has room and no column runs into another.
    """
    shown = [c.key for c in COLUMNS]
    fixed = {c.key: (ref_width if c.key == "ref" else c.width) for c in COLUMNS}
    fixed["status"] = max(fixed["status"], widest(Status))
    fixed["priority"] = max(fixed["priority"], widest(Priority))
    room = 0
    for drop in (None, *DROP_ORDER):
        if drop is not None:
            shown.remove(drop)
        # One cell for the selection mark, one after each column.
        room = width - 1 - len(shown) - sum(fixed[k] for k in shown if fixed[k])
        if room >= sum(MIN_WIDTHS[k] for k in shown if k in MIN_WIDTHS):
            break
    room = max(room, MIN_WIDTHS["subject"])
    company = min(max(room * 27 // 100, MIN_WIDTHS["company"]), 30) if "company" in shown else 0
    topics = min(max(room * 18 // 100, MIN_WIDTHS["topics"]), 24) if "topics" in shown else 0
    flexible = {"company": company, "subject": room - company - topics, "topics": topics}
    return [flexible.get(k, fixed[k]) if k in shown else 0 for k in fixed]


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` cut with … or padded to exactly ``width`` cells."""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    padding = " " * (width - length)
    return padding + text if right else text + padding


class TicketList(ScrollView, can_focus=True):
    """A sortable, selectable list of tickets that draws only what is visible.

    The first line is the column headings (click one to sort by it); below it one line per
    ticket. The screen gives it the tickets to show (:meth:`show`) and the sort to mark
    (:meth:`mark_sort`); it tells the screen what the adviser did through its messages.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", N_("Up"), show=False, system=True),
        Binding("down,j", "cursor(1)", N_("Down"), show=False, system=True),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, system=True),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, system=True),
        Binding("home", "edge(0)", N_("First"), show=False, system=True),
        Binding("end", "edge(1)", N_("Last"), show=False, system=True),
        Binding("enter", "open", N_("Open"), tooltip=N_("Open the ticket")),
        Binding(
            "space", "toggle_selection", N_("Select"), tooltip=N_("Select for a bulk change (b)")
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "ticket-list--header",
        "ticket-list--cursor",
        "ticket-list--selected",
        "ticket-list--empty",
    }

    class TicketHighlighted(Message):
        """The cursor moved onto a ticket (or the list became empty: ``ref`` is None)."""

        def __init__(self, ref: int | None) -> None:
            self.ref = ref
            super().__init__()

    class TicketOpened(Message):
        """The adviser asked to open a ticket (enter, or a double click)."""

        def __init__(self, ref: int) -> None:
            self.ref = ref
            super().__init__()

    class HeadingClicked(Message):
        """A column heading was clicked: the screen sorts by it."""

        def __init__(self, column: str) -> None:
            self.column = column
            super().__init__()

    class NearEnd(Message):
        """The cursor or the scroll came near the last row, and there are more tickets than
        the rows shown (:meth:`show` with ``more``): the screen fetches the next ones."""

    class SelectionChanged(Message):
        """Tickets were selected or unselected (space)."""

        def __init__(self, refs: frozenset[int]) -> None:
            self.refs = refs
            super().__init__()

    def __init__(
        self,
        index: TicketIndex,
        *,
        empty: str = N_("No tickets match."),
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._index = index
        self._tickets: Sequence[Ticket] = ()
        self._rows: dict[int, int] | None = None
        self._cursor = 0
        self._selected: set[int] = set()
        self._sort = "urgency"
        self._descending = False
        self._empty = empty
        self._strips: dict[int, Strip] = {}
        self._strip_key: tuple[int, int] = (-1, -1)
        self._styles: dict[str, Style] | None = None
        self._widths: list[int] = []
        self._more = False

    # -- what the screen tells it -------------------------------------------------------------

    @property
    def tickets(self) -> Sequence[Ticket]:
        """The tickets shown, in order."""
        return self._tickets

    @property
    def selected(self) -> frozenset[int]:
        """References of the selected tickets."""
        return frozenset(self._selected)

    @property
    def cursor_ref(self) -> int | None:
        """The reference of the ticket under the cursor."""
        if 0 <= self._cursor < len(self._tickets):
            return self._tickets[self._cursor].ref
        return None

    @property
    def cursor_row(self) -> int:
        """The cursor's row (0 is the first ticket)."""
        return self._cursor

    def show(
        self, tickets: Sequence[Ticket], *, keep: int | None = None, more: bool = False
    ) -> None:
        """Show these tickets, keeping the cursor on ticket ``keep`` when it is among them.

        Args:
            tickets: The tickets, in order.
            keep: A reference to keep the cursor on; else the cursor stays on its row.
            more: Other tickets follow these: :class:`NearEnd` is posted when the cursor or
                the scroll comes near the last row.
        """
        self._more = more
        self._tickets = tickets
        self._rows = None
        if self._selected:
            self._selected &= {t.ref for t in tickets}
        row = self._cursor
        if keep is not None:
            found = self.row_of(keep)
            row = found if found is not None else row
        self._cursor = max(0, min(row, len(tickets) - 1))
        self.virtual_size = Size(0, len(tickets) + 1)
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.TicketHighlighted(self.cursor_ref))
        self._check_near_end()

    def extend(self, tickets: Sequence[Ticket], *, more: bool) -> None:
        """Show ``tickets``, the rows shown followed by the next ones, the cursor, scroll and
        selection left where they are."""
        self._tickets, self._rows, self._more = tickets, None, more
        self.virtual_size = Size(0, len(tickets) + 1)
        self.refresh()
        self._check_near_end()

    def _check_near_end(self) -> None:
        bottom = max(self._cursor, int(self.scroll_offset.y) + self._visible_rows())
        if self._more and bottom >= len(self._tickets) - NEAR_END:
            self.post_message(self.NearEnd())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolled: ask for more rows when near the last one."""
        super().watch_scroll_y(old_value, new_value)
        self._check_near_end()

    def mark_sort(self, sort: str, descending: bool) -> None:
        """Mark the heading of the column the list is sorted by."""
        self._sort, self._descending = sort, descending
        self.refresh_line(0)

    def row_of(self, ref: int) -> int | None:
        """The row of ticket ``ref``, if shown."""
        if self._rows is None:
            self._rows = {t.ref: i for i, t in enumerate(self._tickets)}
        return self._rows.get(ref)

    def move_to(self, ref: int) -> bool:
        """Put the cursor on ticket ``ref``; False when it is not in the list."""
        row = self.row_of(ref)
        if row is None:
            return False
        self._move(row)
        return True

    def clear_selection(self) -> None:
        """Unselect every ticket."""
        if self._selected:
            self._selected.clear()
            self.refresh()
            self.post_message(self.SelectionChanged(frozenset()))

    # -- keys and mouse ------------------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        """Move the cursor by ``step`` rows."""
        self._move(self._cursor + step)

    def action_page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        self._move(self._cursor + direction * max(self._visible_rows() - 1, 1))

    def action_edge(self, end: int) -> None:
        """Move to the first (0) or the last (1) ticket."""
        self._move(len(self._tickets) - 1 if end else 0)

    def action_open(self) -> None:
        """Ask for the ticket under the cursor to be opened."""
        ref = self.cursor_ref
        if ref is not None:
            self.post_message(self.TicketOpened(ref))

    def action_toggle_selection(self) -> None:
        """Select or unselect the ticket under the cursor, then move down."""
        ref = self.cursor_ref
        if ref is None:
            return
        self._selected.symmetric_difference_update({ref})
        self._refresh_row(self._cursor)
        self.post_message(self.SelectionChanged(frozenset(self._selected)))
        self._move(self._cursor + 1)

    def on_click(self, event: events.Click) -> None:
        """Sort by a clicked heading; put the cursor on a clicked row, open it on a double click."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self._column_at(offset.x)
            if column is not None:
                self.post_message(self.HeadingClicked(column.key))
            return
        row = int(self.scroll_offset.y) + offset.y - 1
        if 0 <= row < len(self._tickets):
            self._move(row)
            if event.chain >= 2:
                self.action_open()

    def _column_at(self, x: int) -> Column | None:
        left = 1
        for column, width in zip(COLUMNS, self._widths, strict=False):
            if not width:
                continue
            if left <= x < left + width + 1:
                return column
            left += width + 1
        return None

    def _move(self, row: int) -> None:
        if not self._tickets:
            return
        row = max(0, min(row, len(self._tickets) - 1))
        if row == self._cursor:
            return
        old, self._cursor = self._cursor, row
        self._refresh_row(old)
        self._refresh_row(row)
        self._scroll_to_cursor()
        self.post_message(self.TicketHighlighted(self.cursor_ref))
        self._check_near_end()

    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_offset.y)
        rows = self._visible_rows()
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False)
        elif self._cursor >= top + rows:
            self.scroll_to(y=self._cursor - rows + 1, animate=False)

    def _refresh_row(self, row: int) -> None:
        # Row r sits on line r + 1 of the virtual canvas (line 0 is the heading).
        self.refresh_line(row + 1)

    # -- drawing ---------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """The theme or the CSS changed: every cached strip is stale."""
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            self._styles = {
                "base": self.rich_style,
                "header": self.get_component_rich_style("ticket-list--header"),
                "cursor": self.get_component_rich_style("ticket-list--cursor"),
                "selected": self.get_component_rich_style("ticket-list--selected"),
                "empty": self.get_component_rich_style("ticket-list--empty"),
            }
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the widget: the heading, or one ticket."""
        width = self.scrollable_content_region.width
        key = (width, self._index.generation)
        if key != self._strip_key:
            self._strip_key = key
            self._strips.clear()
            ref_width = len(str(self._index.highest_ref())) + 1
            self._widths = layout(width, max(ref_width, 4))
        if y == 0:
            return self._heading(width)
        row = int(self.scroll_offset.y) + y - 1
        if row >= len(self._tickets):
            if row == 0:
                empty = f" {_(self._empty)}"
                return Strip([Segment(fit(empty, width), self._style("empty"))])
            return Strip.blank(width, self._style("base"))
        ticket = self._tickets[row]
        selected = ticket.ref in self._selected
        if row == self._cursor and self.has_focus_within:
            return self._row(ticket, width, "cursor", selected)
        if row == self._cursor or selected:
            return self._row(ticket, width, "selected", selected)
        strip = self._strips.get(ticket.ref)
        if strip is None:
            if len(self._strips) > _CACHE_LIMIT:
                self._strips.clear()
            strip = self._strips[ticket.ref] = self._row(ticket, width, "base", False)
        return strip

    def _row(self, ticket: Ticket, width: int, variant: str, selected: bool) -> Strip:
        row_style = self._style(variant)
        on_top = variant == "cursor"
        segments = [Segment(_MARK if selected else " ", row_style)]
        cells = self._index.cells(ticket)
        for (text, name), column, cell_width in zip(cells, COLUMNS, self._widths, strict=True):
            if not cell_width:
                continue
            cell_style = CELL_STYLES.get(name) or Style()
            style = cell_style + row_style if on_top else row_style + cell_style
            segments.append(Segment(fit(text, cell_width, column.right), style))
            segments.append(Segment(" ", row_style))
        return Strip(segments).adjust_cell_length(width, row_style)

    def _heading(self, width: int) -> Strip:
        style = self._style("header")
        segments = [Segment(" ", style)]
        for column, cell_width in zip(COLUMNS, self._widths, strict=True):
            if not cell_width:
                continue
            title = _(column.title)
            if column.key == self._sort:
                title += " ▼" if self._descending else " ▲"
            segments.append(Segment(fit(title, cell_width, column.right), style))
            segments.append(Segment(" ", style))
        return Strip(segments).adjust_cell_length(width, style)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The list's natural height: one line per ticket and the heading."""
        return len(self._tickets) + 1
