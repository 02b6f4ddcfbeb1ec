"""The webinar form: a new session, or a session's time, seats, place, link and speaker changed.

Opened from the webinars screen (``n`` new, ``E`` edit the highlighted one). The form hands
what was typed to the screen's save function; a refusal (a start in the past, fewer seats than
businesses registered, a link that is no web address) is shown in the form, which stays open
with everything as typed. Editing saves only the fields that were changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from helpdesk.domain.webinars import Webinar
from helpdesk.errors import HelpdeskError, InvalidValue
from helpdesk.i18n import N_, _
from helpdesk.render.text import literal
from helpdesk.tui.screens.dialogs import Dialog, dialog_buttons

#: The form's text fields: id, label, placeholder.
FIELDS = (
    ("title", N_("Title"), N_("e.g. E-commerce in una settimana")),
    ("start", N_("Start — date and time"), N_("e.g. 12/01/2027 10:00, martedì alle 10")),
    ("duration", N_("Length in minutes"), "60"),
    ("capacity", N_("Seats"), "30"),
    ("topics", N_("Topics — keys or labels, comma-separated"), N_("e.g. ecommerce, marketing")),
    ("speaker", N_("Speaker"), N_("who speaks")),
    ("link", N_("Link (online)"), "https://…"),
    ("place", N_("Place (in person)"), N_("e.g. Sala Volta, ComoNExT")),
)


class WebinarForm(Dialog[Webinar | None]):
    """A session's fields; returns the session saved, or None when cancelled.

    Args:
        save: Called with the fields typed (all of them for a new session, only the changed
            ones when editing); returns the session saved, or raises a refusal to show.
        webinar: The session to edit; None for a new one.
        start_text: How to show the session's start in the form (``12/01/2027 10:00``).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]

    def __init__(
        self,
        save: Callable[[dict[str, str]], Webinar],
        webinar: Webinar | None = None,
        start_text: str = "",
    ) -> None:
        super().__init__()
        self._save = save
        self._webinar = webinar
        self._initial = self._values_of(webinar, start_text) if webinar else {}

    @staticmethod
    def _values_of(webinar: Webinar, start_text: str) -> dict[str, str]:
        return {
            "title": webinar.title,
            "start": start_text,
            "duration": str(webinar.duration),
            "capacity": str(webinar.capacity),
            "topics": ", ".join(webinar.topics),
            "speaker": webinar.speaker,
            "link": webinar.link,
            "place": webinar.place,
        }

    def compose(self) -> ComposeResult:
        """The fields, the message line and the buttons."""
        w = self._webinar
        title = _("Edit webinar {id}").format(id=w.id) if w else _("New webinar session")
        with Vertical(classes="dialog", id="webinar-form"):
            yield Static(literal(title), classes="title")
            with VerticalScroll(id="webinar-form-fields"):
                for field, label, placeholder in FIELDS:
                    yield Label(_(label))
                    yield Input(
                        compact=True,
                        value=self._initial.get(field, ""),
                        placeholder=_(placeholder),
                        id=f"webinar-{field}",
                    )
            yield Static("", id="webinar-form-error", classes="error -empty")
            hint = _("ctrl+s saves · esc cancels")
            if w:
                more = _("more seats go to the waiting list in order; nobody loses a seat")
                hint += f" · {more}"
            yield Static(Text(hint, style="dim"), classes="hint")
            yield dialog_buttons()

    def on_mount(self) -> None:
        """Start on the first field."""
        self.query_one("#webinar-title", Input).focus()

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    def typed(self) -> dict[str, str]:
        """Every field as typed, by name."""
        return {f: self.query_one(f"#webinar-{f}", Input).value for f, _, _ in FIELDS}

    def changed(self) -> dict[str, str]:
        """The fields that differ from the session's (every non-empty one for a new session)."""
        typed = self.typed()
        if self._webinar is None:
            return {f: v for f, v in typed.items() if v.strip()}
        return {f: v for f, v in typed.items() if v.strip() != self._initial.get(f, "").strip()}

    def action_save(self) -> None:
        """Save through the screen; on a refusal say why and keep everything as typed."""
        changes = self.changed()
        if self._webinar is not None and not changes:
            self.dismiss(None)
            return
        try:
            if self._webinar is None and not changes.get("start", "").strip():
                raise InvalidValue(_("A session needs a start: a date and a time."))
            saved = self._save(changes)
        except HelpdeskError as error:
            message = self.query_one("#webinar-form-error", Static)
            message.update(literal(error.message))
            message.remove_class("-empty")
            return
        self.dismiss(saved)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()


def number_field(name: str, text: str) -> int:
    """A whole number typed in the form, or a refusal naming the field."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()):
        raise InvalidValue(
            _("{field} should be a whole number, not {value!r}.").format(field=name, value=value)
        )
    return int(value)
