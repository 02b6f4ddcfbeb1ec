"""The side bar of views: each a filter query, each with its count."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from helpdesk.domain.numbers import format_count
from helpdesk.i18n import pgettext
from helpdesk.render.text import literal
from helpdesk.render.topics import SHORT_WIDTH
from helpdesk.tui.index import FIXED_VIEWS, View

#: Width of the label part of a line (a short topic label fits); the count takes the rest.
LABEL_WIDTH = SHORT_WIDTH


class ViewList(OptionList):
    """The views down the side of the main screen, with their counts.

    Choosing one (enter, a click, or its number key on the main screen) puts its query in the
    filter bar.
    """

    class ViewChosen(Message):
        """The adviser chose a view."""

        def __init__(self, view: View) -> None:
            self.view = view
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._views: list[View] = []
        self._shown: list[tuple[str, str, int, bool]] = []

    def show(self, views: Sequence[View], counts: Mapping[str, int], current: str | None) -> None:
        """Show the views with their counts, the current one marked (redrawing only changes)."""
        fixed = {v.key for v in FIXED_VIEWS}
        lines = [
            (
                v.key,
                pgettext("ticket view", v.label) if v.key in fixed else v.label,
                counts.get(v.key, 0),
                v.key == current,
            )
            for v in views
        ]
        if [v.key for v in views] != [v.key for v in self._views]:
            self._views = list(views)
            self._shown = lines
            highlighted = self.highlighted
            self.set_options(
                Option(self._prompt(i, line), id=line[0]) for i, line in enumerate(lines)
            )
            if highlighted is not None:
                self.highlighted = min(highlighted, len(views) - 1)
            return
        for i, (line, before) in enumerate(zip(lines, self._shown, strict=True)):
            if line != before:
                self.replace_option_prompt_at_index(i, self._prompt(i, line))
        self._shown = lines

    def _prompt(self, number: int, line: tuple[str, str, int, bool]) -> Text:
        _key, label, count, current = line
        key = f"{number + 1} " if number < len(FIXED_VIEWS) else "  "
        if len(label) > LABEL_WIDTH:
            label = label[: LABEL_WIDTH - 1] + "…"
        return Text.assemble(
            (key, "dim"),
            literal(label.ljust(LABEL_WIDTH), "bold" if current else ""),
            (format_count(count).rjust(6), "bold" if current else "dim"),
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Report the chosen view."""
        event.stop()
        self.post_message(self.ViewChosen(self._views[event.option_index]))
