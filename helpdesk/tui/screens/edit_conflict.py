"""The question asked when a save would overwrite what someone else changed meanwhile."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from helpdesk.errors import EditConflict
from helpdesk.i18n import N_, _
from helpdesk.render.text import one_line
from helpdesk.tui.screens.base import DeskModal

#: The answers, as the dialog returns them.
MINE, THEIRS = "mine", "theirs"


class EditConflictDialog(DeskModal[str | None]):
    """Each field changed by someone else: as it was, as it is now, as this save would write it.

    Returns ``"mine"`` (overwrite those fields), ``"theirs"`` (keep their values, save the
    rest), or None (back to the form, nothing saved).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", N_("Back to the form"))]

    def __init__(self, conflict: EditConflict) -> None:
        super().__init__()
        self._conflict = conflict

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        table = Table(box=None, expand=True, padding=(0, 1))
        headings = (_("field"), _("when you opened it"), _("now (someone else)"), _("yours"))
        for number, heading in enumerate(headings):
            table.add_column(heading, style="bold" if number == 0 else "", ratio=1)
        for name, (opened, now, mine) in self._conflict.fields.items():
            table.add_row(
                name.replace(".", " "),
                one_line(str(opened), 30),
                one_line(str(now), 30, "yellow"),
                one_line(str(mine), 30, "green"),
            )
        with Vertical(classes="dialog"):
            yield Static(Text(self._conflict.message), classes="title")
            yield Static(table, id="conflicts")
            yield Static(
                Text(
                    _("esc goes back to the form; nothing is saved until you choose"), style="dim"
                ),
                classes="hint",
            )
            yield Horizontal(
                Button(_("Back to the form"), id="back"),
                Button(_("Keep theirs"), id="theirs"),
                Button(_("Overwrite with mine"), id="mine", variant="warning"),
                classes="buttons",
            )

    def on_mount(self) -> None:
        """Start on the safe choice."""
        self.query_one("#back", Button).focus()

    def action_back(self) -> None:
        """Back to the form, with everything typed."""
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id if event.button.id in (MINE, THEIRS) else None)
