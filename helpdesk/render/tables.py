"""Tables that fit the terminal: every column takes what it needs within a cap, one column
(the subject, say) takes the rest, and columns that may shrink give way on a narrow screen.

Rich's own column collapsing drops whole columns when cells cannot wrap; a list of tickets is
more use with every column present and the long texts cut with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
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
        # Drawn line by line rather than through rich.table.Table: every width is known, and
        # Rich's table measures every cell again, which is most of the time of a long list.
        widths = self.widths(options.max_width)
        if self.title:
            yield Text(self.title, style=self.title_style or "bold")
        header = [Text(c.header, style="bold") for c in self.columns]
        yield self._line(header, widths)
        yield Text("─" * min(options.max_width, sum(widths) + len(widths) - 1), style="dim")
        for row in self.rows:
            yield self._line(row, widths)

    def _line(self, cells: Sequence[Text], widths: list[int]) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis", end="\n")
        last = len(cells) - 1
        for i, (cell, column, width) in enumerate(zip(cells, self.columns, widths, strict=True)):
            piece = cell.copy()
            piece.no_wrap = True
            if piece.cell_len > width:
                piece.truncate(width, overflow="ellipsis")
            if column.right:
                piece.pad_left(width - piece.cell_len)
            elif i < last:
                piece.pad_right(width - piece.cell_len)
            line.append_text(piece)
            if i < last:
                line.append(" ")
        return line
