"""Ticks and radio buttons whose on and off states differ by their glyph, not only by colour."""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

SelectionType = TypeVar("SelectionType")

#: What the box holds when ticked and when not.
TICKED, UNTICKED = "X", " "


class TickList(SelectionList[SelectionType]):
    """A :class:`~textual.widgets.SelectionList` drawn ``▐X▌`` when ticked and ``▐ ▌`` when not,
    so the state reads on a monochrome terminal and to colour-blind eyes."""

    def render_line(self, y: int) -> Strip:
        """The line as the selection list draws it, with the box's glyph set by its state."""
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(int(self.scroll_offset.y) + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 3:
            return strip
        glyph = TICKED if selection.value in self._selected else UNTICKED
        segments[1] = Segment(glyph, segments[1].style)
        return Strip(segments, strip.cell_length)


class RadioChoice(RadioButton):
    """A :class:`~textual.widgets.RadioButton` drawn ``▐●▌`` when chosen and ``▐ ▌`` when not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        """The glyph inside the button: a dot when chosen, a blank otherwise."""
        return "●" if self.value else " "
