"""Tables that fit the terminal: every column takes what it needs within a cap, one column
(the subject, say) takes the rest, and columns that may shrink give way on a narrow screen.

Rich's own column collapsing drops whole columns when cells cannot wrap; a list of tickets is
more use with every column present and the long texts cut with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a :class:`FittedTable`.

    Attributes:
        header: Its heading.
        cap: The most it takes; None for the one column that takes the remaining width.
        floor: The least it shrinks to on a narrow terminal; equal to ``cap`` when it must
            not shrink.
        right: Right-align it (numbers).
    """

    header: str
    cap: int | None = None
    floor: int | None = None
    right: bool = False


class FittedTable:
    """A table laid out at render time for the width it is drawn in.

    Args:
        columns: The columns; exactly one should have ``cap=None``.
        rows: One tuple of texts per row.
        title: An optional title over the table.
        title_style: Its style.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Text]],
        *,
        title: str | None = None,
        title_style: str = "",
    ) -> None:
        self.columns = list(columns)
        self.rows = rows
        self.title = title
        self.title_style = title_style

    def widths(self, width: int) -> list[int]:
        """Each column's width for a table drawn ``width`` cells wide."""
        natural = [
            max([len(c.header)] + [row[i].cell_len for row in self.rows])
            for i, c in enumerate(self.columns)
        ]
        widths = [
            min(n, c.cap) if c.cap is not None else 0
            for n, c in zip(natural, self.columns, strict=True)
        ]
        flex = next((i for i, c in enumerate(self.columns) if c.cap is None), None)
        separators = len(self.columns) - 1
        least_flex = min(12, natural[flex]) if flex is not None else 0
        room = width - separators - least_flex
        floors = {
            i: c.floor
            for i, c in enumerate(self.columns)
            if c.cap is not None and c.floor is not None
        }
        while sum(widths) > room:
            shrinkable = [i for i, low in floors.items() if widths[i] > low]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda i: widths[i] - floors[i])
            widths[widest] -= 1
        if flex is not None:
            widths[flex] = max(least_flex, min(natural[flex], width - sum(widths) - separators))
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Drawn as segments, line by line, rather than through rich.table.Table or a Text per
        # line: every width is known, and Rich measuring and wrapping every cell and line again
        # was most of the time of a long list (seconds for ten thousand rows).
        width = options.max_width
        widths = self.widths(width)
        if self.title:
            yield Text(self.title, style=self.title_style or "bold")
        header = [Text(c.header, style="bold") for c in self.columns]
        # Columns that could not shrink enough for the width: every line is cut.
        cut = sum(widths) + len(widths) - 1 > width
        yield from self._line(header, widths, width, cut, console)
        yield Text("─" * min(width, sum(widths) + len(widths) - 1), style="dim")
        for row in self.rows:
            yield from self._line(row, widths, width, cut, console)

    def _line(
        self, cells: Sequence[Text], widths: list[int], width: int, cut: bool, console: Console
    ) -> list[Segment]:
        # With no colour to write (not a terminal), a line is one plain segment.
        plain = console.color_system is None
        segments: list[Segment] = []
        last = len(cells) - 1
        for i, (cell, column, cell_width) in enumerate(
            zip(cells, self.columns, widths, strict=True)
        ):
            length = cell.cell_len
            if length > cell_width:
                cell = cell.copy()
                cell.truncate(cell_width, overflow="ellipsis")
                length = cell.cell_len
            gap = max(0, cell_width - length)
            before = " " * gap if column.right else ""
            after = " " * gap if not column.right and i < last else ""
            if plain:
                segments.append(Segment(before + cell.plain + after))
            elif cell.spans:
                # Padding takes the cell's own style, as Text.pad_left/pad_right would give it.
                style = console.get_style(cell.style) if cell.style else None
                segments += [Segment(before, style), *cell.render(console), Segment(after, style)]
            else:
                style = console.get_style(cell.style) if cell.style else None
                segments.append(Segment(before + cell.plain + after, style))
            if i < last:
                segments.append(Segment(" "))
        if plain:
            text = "".join(segment.text for segment in segments)
            if cut:
                text = set_cell_size(text, width - 1) + "…"
            return [Segment(text + "\n")]
        if cut:
            kept = Segment.adjust_line_length(segments, width - 1, pad=False)
            segments = [*kept, Segment("…", kept[-1].style if kept else None)]
        segments.append(Segment.line())
        return segments
