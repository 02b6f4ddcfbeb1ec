"""Tables that fit the terminal: every column takes what it needs within a cap, one column
(the subject, say) takes the rest, and columns that may shrink give way on a narrow screen.

Rich's own column collapsing drops whole columns when cells cannot wrap; a list of tickets is
more use with every column present and the long texts cut with an ellipsis.

A long table streams: its columns' widths are set by its first :data:`SAMPLE_ROWS` rows, and
each line is written as its row comes, so that the first screen of ten thousand rows shows at
once and the rows are never all held as text. A cell after the sample that is wider than its
column is cut with an ellipsis, as a narrow terminal cuts it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from rich.cells import cell_len, get_character_cell_size, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text

from helpdesk.i18n import _, pgettext

#: Rows measured to set a table's column widths; the rows after them are fitted to those.
SAMPLE_ROWS = 1000

#: Lines written at a time when a table streams.
LINES_PER_WRITE = 256


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a :class:`FittedTable`.

    Attributes:
        header: Its heading in English, marked with ``N_``; drawn in the current language.
        cap: The most it takes; None for the one column that takes the remaining width.
        floor: The least it shrinks to on a narrow terminal; equal to ``cap`` when it must
            not shrink.
        right: Right-align it (numbers).
        context: The context its heading is translated in, for a word that reads two ways
            (``NC_("open tickets", "Open")``); none by default.
    """

    header: str
    cap: int | None = None
    floor: int | None = None
    right: bool = False
    context: str = ""

    @property
    def title(self) -> str:
        """The heading in the current language (in ``context`` when it has one)."""
        if not self.header:
            return ""
        return pgettext(self.context, self.header) if self.context else _(self.header)


class FittedTable:
    """A table laid out at render time for the width it is drawn in.

    Args:
        columns: The columns; exactly one should have ``cap=None``.
        rows: One tuple of texts per row; an iterator is drawn once, as it goes.
        title: An optional title over the table.
        title_style: Its style.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Text]],
        *,
        title: str | None = None,
        title_style: str = "",
    ) -> None:
        self.columns = list(columns)
        self.rows = rows
        self.title = title
        self.title_style = title_style

    def widths(self, width: int) -> list[int]:
        """Each column's width for a table drawn ``width`` cells wide (set by its first
        :data:`SAMPLE_ROWS` rows)."""
        sample = islice(self.rows, SAMPLE_ROWS) if isinstance(self.rows, Iterator) else self.rows
        lengths = [[cell_width(c.plain) for c in row] for row in islice(sample, SAMPLE_ROWS)]
        return self._widths(width, lengths)

    def _widths(self, width: int, lengths: list[list[int]]) -> list[int]:
        natural = [
            max([cell_width(c.title)] + [row[i] for row in lengths])
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
        # line: every width is known, so Rich need not measure and wrap every cell and line
        # again. Each cell is measured once.
        if self.title:
            yield Text(self.title, style=self.title_style or "bold")
        for line in self.lines(options.max_width, console):
            yield from line

    def lines(self, width: int, console: Console | None) -> Iterator[list[Segment]]:
        """The header, its rule and each row, one line's segments at a time, ``width`` cells
        wide; plain text (one segment a line) when ``console`` is None or writes no colour.
        The title is not among them."""
        rows = iter(self.rows)
        sample = list(islice(rows, SAMPLE_ROWS))
        plains = [[cell.plain for cell in row] for row in sample]
        lengths = [[cell_width(plain) for plain in row] for row in plains]
        widths = self._widths(width, lengths)
        cut = sum(widths) + len(widths) - 1 > width
        styled = console is not None and console.color_system is not None
        line = self._styled_line if styled else self._plain_line
        headers = [c.title for c in self.columns]
        header_cells = [Text(h, style="bold") for h in headers]
        yield line(header_cells, headers, None, widths, width, cut, console)  # type: ignore[arg-type]
        rule = _rule(widths, width)
        if styled:
            assert console is not None
            yield [Segment(rule, console.get_style("dim")), Segment.line()]
        else:
            yield [Segment(rule + "\n")]
        for row, plain, length in zip(sample, plains, lengths, strict=True):
            yield line(row, plain, length, widths, width, cut, console)  # type: ignore[arg-type]
        del sample, plains, lengths
        for row in rows:
            plain = [cell.plain for cell in row]
            yield line(row, plain, None, widths, width, cut, console)  # type: ignore[arg-type]

    def print_to(self, console: Console) -> None:
        """Print the table on ``console`` as its rows come, a few hundred lines at a time."""
        if self.title:
            console.print(Text(self.title, style=self.title_style or "bold"))
        lines = self.lines(console.width, console)
        if console.color_system is None:
            write = console.file.write
            while chunk := list(islice(lines, LINES_PER_WRITE)):
                write("".join(segments[0].text for segments in chunk))
            console.file.flush()
            return
        while chunk := list(islice(lines, LINES_PER_WRITE)):
            console.print(_Lines(chunk), end="")

    def _plain_line(
        self,
        cells: Sequence[Text],
        plains: list[str],
        lengths: list[int] | None,
        widths: list[int],
        width: int,
        cut: bool,
        console: Console | None,
    ) -> list[Segment]:
        # With no colour to write (not a terminal), a line is one plain string.
        parts: list[str] = []
        last = len(plains) - 1
        for i, (plain, column, room) in enumerate(zip(plains, self.columns, widths, strict=True)):
            length = lengths[i] if lengths is not None else cell_width(plain)
            if length > room:
                plain = fit(plain, room - 1) + "…"  # as Text.truncate does
                length = cell_width(plain)
            gap = " " * max(0, room - length)
            if column.right:
                parts.append(gap + plain)
            else:
                parts.append(plain + gap if i < last else plain)
        text = " ".join(parts)
        if cut:
            text = fit(text, width - 1) + "…"
        return [Segment(text + "\n")]

    def _styled_line(
        self,
        cells: Sequence[Text],
        plains: list[str],
        lengths: list[int] | None,
        widths: list[int],
        width: int,
        cut: bool,
        console: Console,
    ) -> list[Segment]:
        segments: list[Segment] = []
        last = len(cells) - 1
        for i, (cell, column, room) in enumerate(zip(cells, self.columns, widths, strict=True)):
            length = lengths[i] if lengths is not None else cell_width(plains[i])
            if length > room:
                cell = cell.copy()
                cell.truncate(room, overflow="ellipsis")
                length = cell_width(cell.plain)
            gap = max(0, room - length)
            before = " " * gap if column.right else ""
            after = " " * gap if not column.right and i < last else ""
            style = console.get_style(cell.style) if cell.style else None
            if cell.spans:
                # Padding takes the cell's own style, as Text.pad_left/pad_right would give it.
                segments += [Segment(before, style), *cell.render(console), Segment(after, style)]
            else:
                segments.append(Segment(before + cell.plain + after, style))
            if i < last:
                segments.append(Segment(" "))
        if cut:
            kept = Segment.adjust_line_length(segments, width - 1, pad=False)
            segments = [*kept, Segment("…", kept[-1].style if kept else None)]
        segments.append(Segment.line())
        return segments


class _Lines:
    """Lines already laid out, handed to Rich as they are."""

    def __init__(self, lines: list[list[Segment]]) -> None:
        self._lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self._lines:
            yield from line


#: Characters known to take one cell, learnt as they are met (printable ASCII to begin with).
_ONE_CELL = set(map(chr, range(32, 127)))


def _rule(widths: list[int], width: int) -> str:
    """The line under the headers, as wide as the columns and their gaps."""
    return "─" * min(width, sum(widths) + len(widths) - 1)


def cell_width(text: str) -> int:
    """How many cells ``text`` takes on a terminal: Rich's ``cell_len``, quickly.

    Rich measures character by character any text holding a dash, a typographic apostrophe or
    an ellipsis, which Italian subjects often do. Here a text made only of characters already
    seen to take one cell is as wide as it is long.
    """
    return len(text) if _one_cell_each(text) else cell_len(text)


def fit(text: str, cells: int) -> str:
    """``text`` cut or padded with spaces to ``cells`` cells: Rich's ``set_cell_size``,
    quickly (see :func:`cell_width`); nothing for no cells."""
    if cells <= 0:
        return ""
    if not _one_cell_each(text):
        return set_cell_size(text, cells)
    return text[:cells] if len(text) >= cells else text + " " * (cells - len(text))


def _one_cell_each(text: str) -> bool:
    if text.isascii() and text.isprintable():
        return True
    if _ONE_CELL.issuperset(text):
        return True
    _ONE_CELL.update(c for c in set(text) if get_character_cell_size(c) == 1)
    return _ONE_CELL.issuperset(text)
