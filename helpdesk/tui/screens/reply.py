"""A reply from a template: picked, rendered for the ticket, shown, copied to the clipboard."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from helpdesk.i18n import LANGUAGES, N_, _
from helpdesk.render.text import literal, one_line
from helpdesk.tui.screens.base import DeskModal, DeskScreen
from helpdesk.tui.screens.dialogs import ChoiceDialog


def reply_to(screen: DeskScreen[None], ref: int) -> None:
    """Offer the ticket templates (the one for the ticket's first topic first), then render."""
    app = screen.helpdesk
    desk = screen.desk
    infos = app.act(desk.templates.list)
    if infos is None:
        return
    ticket = screen.index.get(ref)
    topics = ticket.topics if ticket else []
    wanted = [f"reply-{key.replace('_', '-')}" for key in topics]
    ticket_templates = [i for i in infos if i.kind == "ticket"]
    ticket_templates.sort(key=lambda i: (i.name not in wanted, i.name))
    choices: list[tuple[str, Text | str]] = []
    for info in ticket_templates:
        for language in info.languages:
            code = "" if language == "*" else language
            choices.append(
                (
                    f"{info.name}|{code}",
                    Text.assemble(
                        (info.name, "bold"),
                        (f"  {LANGUAGES.get(code, code or _('any language'))}", ""),
                        ("  ", ""),
                        one_line(info.files[code].description or info.description, 50, "dim"),
                    ),
                )
            )
    if not choices:
        app.say(_("No ticket templates found."))
        return

    def picked(value: str | None) -> None:
        if value is None:
            return
        name, _bar, language = value.partition("|")
        rendered = app.act(lambda: desk.templates.render(name, ref, language=language or None))
        if rendered is None:
            return
        app.copy_to_clipboard(rendered.text)
        app.push_screen(ReplyScreen(ref, name, rendered.text))
        app.say(_("Reply for #{ref} copied to the clipboard").format(ref=ref))

    app.push_screen(
        ChoiceDialog(
            lambda: _("Reply to #{ref} from a template").format(ref=ref),
            choices,
            hint=_("enter renders and copies"),
        ),
        picked,
    )


class ReplyScreen(DeskModal[None]):
    """The rendered reply, shown as text (never as markup); ``c`` copies it again.

    Args:
        ref: The ticket.
        name: The template's name.
        text: The rendered reply.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Close")),
        Binding("c", "copy", N_("Copy again")),
    ]

    def __init__(self, ref: int, name: str, text: str) -> None:
        super().__init__()
        self._ref = ref
        self._template = name
        self._text = text

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog", id="reply"):
            yield Static(
                Text.assemble(
                    _("Reply to #{ref}").format(ref=self._ref) + " · ",
                    literal(self._template, "bold"),
                ),
                classes="title",
            )
            with VerticalScroll(id="reply-body"):
                yield Static(literal(self._text))
            yield Static(
                Text(_("copied to the clipboard · c copies again · esc closes"), style="dim"),
                classes="hint",
            )

    def action_copy(self) -> None:
        """Copy the reply to the clipboard again."""
        self.app.copy_to_clipboard(self._text)
        self.app.notify(_("Copied to the clipboard"), timeout=3)
