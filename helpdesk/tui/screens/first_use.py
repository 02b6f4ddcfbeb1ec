"""Who are you? Asked on first use, before anything, when the acting user is not an adviser.

Every change on the desk is stamped with the adviser who made it, so the terminal UI does not
start working for a name the desk does not know: pick yourself among the advisers, or add
yourself (a short key, your user name by default, and your name). Added under your user name,
you are known on every later run; a choice among the advisers holds for this run, and the
screen says how to make it stick (``--as KEY`` or ``HELPDESK_ADVISER``).
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from helpdesk.errors import HelpdeskError
from helpdesk.i18n import N_, _
from helpdesk.render.text import literal
from helpdesk.services.identity import act_as_adviser
from helpdesk.tui.screens.base import DeskModal


class WhoAreYouScreen(DeskModal[str]):
    """Pick an adviser or add yourself; returns the key of the adviser now acting.

    It cannot be dismissed without an answer (``ctrl+q`` still quits): nothing on the desk is
    done by an unknown name.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "add_me", N_("Add me"), show=False),
        Binding("escape", "nothing", show=False),
    ]

    def compose(self) -> ComposeResult:
        """The advisers to pick from, and the fields to add yourself."""
        desk = self.desk
        with Vertical(classes="dialog", id="who-are-you"):
            yield Static(Text(_("Who are you?"), style="bold"), classes="title")
            yield Static(
                literal(
                    _(
                        "“{user}” is not an adviser of this desk, and every change is "
                        "stamped with the adviser who made it. Pick yourself (enter), or add "
                        "yourself below."
                    ).format(user=desk.actor)
                ),
                classes="hint",
            )
            advisers = desk.directory.advisers()
            yield OptionList(
                *(
                    Option(Text.assemble((f"{a.key:<6}", "bold"), literal(a.name)), id=a.key)
                    for a in advisers
                ),
                id="who-advisers",
            )
            yield Static(Text(_("New adviser"), style="bold"))
            with Horizontal(classes="who-new"):
                yield Input(
                    compact=True,
                    value=_key_like(desk.actor),
                    placeholder=_("key, e.g. initials: rb"),
                    id="who-key",
                )
                yield Input(compact=True, placeholder=_("your name"), id="who-name")
            yield Static("", id="who-error", classes="error -empty")
            yield Static(
                Text(
                    _(
                        "Added with your user name as the key, you are known from then on; "
                        "else start with `helpdesk --as KEY` or set HELPDESK_ADVISER=KEY."
                    ),
                    style="dim",
                ),
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Add me"), id="who-add", variant="primary")

    def on_mount(self) -> None:
        """Start on the list of advisers (or on the key when there is none to pick)."""
        listing = self.query_one("#who-advisers", OptionList)
        if listing.option_count:
            listing.highlighted = 0
            listing.focus()
        else:
            self.query_one("#who-key", Input).focus()

    @on(OptionList.OptionSelected, "#who-advisers")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._act_as(lambda: act_as_adviser(self.desk, str(event.option.id)).key)

    @on(Input.Submitted, "#who-key")
    def _key_typed(self) -> None:
        self.query_one("#who-name", Input).focus()

    @on(Input.Submitted, "#who-name")
    def _name_typed(self) -> None:
        self.action_add_me()

    @on(Button.Pressed, "#who-add")
    def _add_pressed(self) -> None:
        self.action_add_me()

    def action_add_me(self) -> None:
        """Add the adviser typed and act as them; the fields stay as typed on a refusal."""
        key = self.query_one("#who-key", Input).value
        name = self.query_one("#who-name", Input).value

        def add() -> str:
            adviser = self.desk.directory.add_adviser(key, name)
            return act_as_adviser(self.desk, adviser.key).key

        self._act_as(add)

    def action_nothing(self) -> None:
        """Escape does not skip the question: say why."""
        self._show_error(_("Pick yourself or add yourself first (ctrl+q quits)."))

    def _act_as(self, call: object) -> None:
        assert callable(call)
        try:
            key = call()
        except HelpdeskError as error:
            self._show_error(error.message)
            return
        self.dismiss(key)

    def _show_error(self, message: str) -> None:
        error = self.query_one("#who-error", Static)
        error.update(literal(message))
        error.remove_class("-empty")


def _key_like(name: str) -> str:
    """The user name as an adviser key when it can be one (then adding yourself sticks: the
    next run finds you by your user name), else nothing."""
    key = name.strip().lower()
    return key if re.fullmatch(r"[a-z][a-z0-9_]{0,15}", key) else ""
