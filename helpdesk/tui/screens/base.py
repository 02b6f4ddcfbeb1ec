"""What every screen of the app shares: typed access to the app, its desk and its index, and
showing its words anew when the language is switched."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, SelectionList, TextArea
from textual.widgets._toggle_button import ToggleButton

from helpdesk.services.desk import Desk
from helpdesk.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from helpdesk.tui.app import HelpdeskApp
    from helpdesk.tui.index import TicketIndex

ResultType = TypeVar("ResultType")


class DeskScreen(Screen[ResultType]):
    """A screen of the helpdesk app."""

    @property
    def helpdesk(self) -> HelpdeskApp:
        """The app, typed."""
        return cast("HelpdeskApp", self.app)

    @property
    def desk(self) -> Desk:
        """The services."""
        return self.helpdesk.desk

    @property
    def index(self) -> TicketIndex:
        """The tickets as the app holds them."""
        return self.helpdesk.index

    async def relabel(self) -> None:
        """Show every word in the current language (it was just switched), keeping the cursor,
        the selection and whatever else the screen holds."""
        for footer in self.query(Footer):
            # Built in the footer's own context, as Textual rebuilds it when keys change.
            footer.call_later(footer.recompose)
        self.redraw()

    def redraw(self) -> None:
        """Draw again what the screen shows from the desk (each screen says how)."""


class DeskModal(ModalScreen[ResultType]):
    """A dialog of the helpdesk app, typed by what it returns."""

    @property
    def helpdesk(self) -> HelpdeskApp:
        """The app, typed."""
        return cast("HelpdeskApp", self.app)

    @property
    def desk(self) -> Desk:
        """The services."""
        return self.helpdesk.desk

    async def relabel(self) -> None:
        """Build the dialog again in the current language (it was just switched), with every
        field as the adviser left it: text typed, choices made, the cursor's field."""
        kept = fields_of(self)
        focused = self.focused.id if self.focused is not None else None
        shown = {w.id: (w.display, set(w.classes)) for w in self.query("*") if w.id}
        await self.recompose()
        for widget in self.query("*"):
            if widget.id in shown:
                widget.display, classes = shown[widget.id]
                widget.set_classes(classes)
        restore_fields(self, kept)
        self.relabelled()
        if focused:
            found = self.query(f"#{focused}")
            if found:
                found.first().focus()

    def relabelled(self) -> None:
        """Draw again what the dialog works out from its fields (each dialog says what)."""


def fields_of(root: Widget) -> dict[str, Any]:
    """What the adviser typed or chose in each field under ``root`` that has an id."""
    kept: dict[str, Any] = {}
    for widget in root.query("*"):
        if not widget.id:
            continue
        if isinstance(widget, Input):
            kept[widget.id] = widget.value
        elif isinstance(widget, TextArea):
            kept[widget.id] = widget.text
        elif isinstance(widget, Select):
            kept[widget.id] = widget.value
        elif isinstance(widget, SelectionList):
            kept[widget.id] = list(widget.selected)
        elif isinstance(widget, ToggleButton):
            kept[widget.id] = widget.value
        elif isinstance(widget, OptionList):
            kept[widget.id] = widget.highlighted
    return kept


def restore_fields(root: Widget, kept: dict[str, Any]) -> None:
    """Put back what :func:`fields_of` found, into the fields of the same ids.

    Putting text back is not typing: the fields say nothing of it (no ``Changed`` message), so
    a dialog does not react as if the adviser had typed it again.
    """
    for widget in root.query("*"):
        if widget.id not in kept:
            continue
        value = kept[widget.id]
        if isinstance(widget, Input):
            with widget.prevent(Input.Changed):
                widget.value = value
        elif isinstance(widget, TextArea):
            with widget.prevent(TextArea.Changed):
                widget.load_text(value)
        elif isinstance(widget, Select):
            with widget.prevent(Select.Changed):
                widget.value = value
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for item in value:
                widget.select(item)
        elif isinstance(widget, ToggleButton):
            widget.value = value
        elif isinstance(widget, OptionList) and value is not None and value < widget.option_count:
            widget.highlighted = value
