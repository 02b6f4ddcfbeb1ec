"""Small dialogs, each a modal screen typed by what it returns (None when cancelled)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Mount
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from helpdesk.dates import When
from helpdesk.errors import HelpdeskError
from helpdesk.i18n import N_, _
from helpdesk.render.text import literal
from helpdesk.tui.screens.base import DeskModal, DeskScreen

R = TypeVar("R")

#: What a dialog shows, or how to word it when it is shown: a callable is asked again when the
#: language is switched with the dialog open, so its title and hints follow.
Wording = str | Callable[[], str]


def worded(text: Wording) -> str:
    """The text of a :data:`Wording`, in the current language."""
    return text() if callable(text) else text


#: Examples of what the date field reads, shown under it (each language's own examples).
WHEN_EXAMPLES = N_("tomorrow · next friday · +3d · 2w · 18/03/2021 · venerdì alle 15")


def dialog_buttons(save: str = "") -> Horizontal:
    """Cancel and Save (or another word, translated), right-aligned."""
    return Horizontal(
        Button(_("Cancel"), id="cancel"),
        Button(save or _("Save"), id="save", variant="primary"),
        classes="buttons",
    )


class DiscardDialog(DeskModal[bool]):
    """Asked before a dialog with unsaved text closes: True discards, False keeps editing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "keep", N_("Keep editing"))]

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog confirm"):
            yield Static(Text(_("Discard what you typed?")), classes="title")
            yield Static(Text(_("esc keeps editing"), style="dim"), classes="hint")
            yield Horizontal(
                Button(_("Keep editing"), id="keep", variant="primary"),
                Button(_("Discard"), id="discard", variant="error"),
                classes="buttons",
            )

    def on_mount(self) -> None:
        """Start on the safe choice."""
        self.query_one("#keep", Button).focus()

    def action_keep(self) -> None:
        """Back to the dialog, text kept."""
        self.dismiss(False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "discard")


class Dialog(DeskModal[R]):
    """A dialog: escape cancels, ctrl+s saves; a Cancel button and a Save button.

    Cancelling (escape or the Cancel button) a dialog whose text fields differ from what they
    held when it opened asks first, so what the adviser typed is never lost by a stray key.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]

    _opening_text: dict[str, str] | None = None

    #: Saves the result before the dialog closes; returns None when saved, else the refusal,
    #: which the dialog shows while it stays open with everything typed. None: the dialog
    #: returns its result and the screen that opened it saves.
    submit: Callable[[Any], str | None] | None = None

    def finish(self, result: R) -> None:
        """Close with ``result``, once :attr:`submit` (when set) has saved it."""
        if self.submit is not None:
            refusal = self.submit(result)
            if refusal is not None:
                self.show_refusal(refusal)
                return
        self.dismiss(result)

    def show_refusal(self, message: str) -> None:
        """Say, inside the dialog, why what was typed was not saved."""
        found = self.query("#refusal")
        if found:
            refusal = found.first(Static)
        else:
            refusal = Static(id="refusal", classes="error")
            buttons = self.query(".buttons")
            container = self.query_one(".dialog")
            if buttons:
                container.mount(refusal, before=buttons.first())
            else:
                container.mount(refusal)
        refusal.update(literal(message))

    @on(Mount)
    def _mounted(self) -> None:
        # After the subclass's on_mount has filled the fields: what "nothing typed" means.
        self.call_after_refresh(self._remember_text)

    def _remember_text(self) -> None:
        self._opening_text = self.typed_text()

    def typed_text(self) -> dict[str, str]:
        """The text of every field the adviser can type in, by widget (for "unsaved text")."""
        texts: dict[str, str] = {}
        for number, widget in enumerate(self.query("Input, TextArea")):
            key = widget.id or f"field-{number}"
            if isinstance(widget, TextArea):
                texts[key] = widget.text
            elif isinstance(widget, Input):
                texts[key] = widget.value
        return texts

    def has_unsaved_text(self) -> bool:
        """Whether a text field differs from what it held when the dialog opened."""
        if self._opening_text is None:
            return False
        return self.typed_text() != self._opening_text

    def action_cancel(self) -> None:
        """Close without a result; ask first when there is typed text to lose."""
        if not self.has_unsaved_text():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardDialog(), answered)

    def action_save(self) -> None:
        """Close with the result, if it is complete."""

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()


# -- a date, shown resolved as it is typed --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FollowUpPlan:
    """A follow-up as typed in the dialog.

    Attributes:
        when: The resolved due date.
        note: What to do then.
        allow_past: The adviser confirmed a date in the past.
    """

    when: When
    note: str
    allow_past: bool = False


class WhenDialog(Dialog[FollowUpPlan | None]):
    """A due date typed as people say it, resolved as it is typed; Save only when it reads.

    Returns a :class:`FollowUpPlan`, or None.

    Args:
        title: What the dialog is for.
        resolve: Reads an expression (``desk.followups.when``); raises on one it cannot read.
        with_note: Ask for a note too (not when rescheduling).
        initial: The expression to start with.
    """

    def __init__(
        self,
        title: Wording,
        resolve: Callable[[str], When],
        *,
        with_note: bool = True,
        initial: str = "",
    ) -> None:
        super().__init__()
        self._title = title
        self._resolve = resolve
        self._with_note = with_note
        self._initial = initial
        self._when: When | None = None
        self._past_confirmed = False

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            yield Static(literal(worded(self._title)), classes="title")
            yield Input(
                compact=True,
                value=self._initial,
                placeholder=_("when? e.g. next friday"),
                id="when",
            )
            yield Static(Text(_(WHEN_EXAMPLES), style="dim"), id="resolved", classes="resolved")
            if self._with_note:
                yield Input(
                    compact=True, placeholder=_("note: what to do then (optional)"), id="note"
                )
            yield dialog_buttons()

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
        self._check(self._initial)

    def relabelled(self) -> None:
        """Say again what the date reads as, in the current language."""
        self._check(self.query_one("#when", Input).value)

    @on(Input.Changed, "#when")
    def _changed(self, event: Input.Changed) -> None:
        self._check(event.value)

    def _check(self, text: str) -> None:
        shown = self.query_one("#resolved", Static)
        self._when = None
        self._past_confirmed = False
        shown.remove_class("-good", "-bad")
        if not text.strip():
            shown.update(Text(_(WHEN_EXAMPLES), style="dim"))
        else:
            try:
                self._when = self._resolve(text)
            except HelpdeskError as error:
                shown.add_class("-bad")
                shown.update(literal(error.message))
            else:
                shown.add_class("-good")
                shown.update(Text.assemble("→ ", (self._when.describe(), "bold")))
        self.query_one("#save", Button).disabled = self._when is None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "when" and self._with_note and self._when is not None:
            self.query_one("#note", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        """Return the plan when the date reads."""
        if self._when is None:
            self.query_one("#when", Input).focus()
            return
        from helpdesk.services.followup_dates import is_past

        past = is_past(self._when, self.helpdesk.clock.now())
        if past and not self._past_confirmed:
            # Never in the past without a confirmation: say so, and save on the second ctrl+s.
            self._past_confirmed = True
            shown = self.query_one("#resolved", Static)
            shown.remove_class("-good")
            shown.add_class("-bad")
            warning = _(
                "{when} is in the past: it would be overdue at once. Save again to confirm, "
                "or change the date."
            )
            before, _field, after = warning.partition("{when}")
            shown.update(Text.assemble("→ ", before, (self._when.describe(), "bold"), after))
            return
        note = self.query_one("#note", Input).value if self._with_note else ""
        self.finish(FollowUpPlan(self._when, note.strip(), allow_past=past))


# -- free text ------------------------------------------------------------------------------------


class TextDialog(Dialog[str | None]):
    """A note, a result, a comment: one line or several. Returns the text, or None.

    Args:
        title: What the text is for.
        placeholder: A hint inside the field.
        multiline: A text area (ctrl+s saves) rather than one line (enter saves).
        required: Refuse an empty text.
        initial: The text to start with.
    """

    def __init__(
        self,
        title: Wording,
        *,
        placeholder: Wording = "",
        multiline: bool = False,
        required: bool = True,
        initial: str = "",
    ) -> None:
        super().__init__()
        self._title = title
        self._placeholder = placeholder
        self._multiline = multiline
        self._required = required
        self._initial = initial

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            yield Static(literal(worded(self._title)), classes="title")
            if self._multiline:
                area = TextArea(self._initial, id="text", soft_wrap=True, show_line_numbers=False)
                yield area
                yield Static(Text(_("ctrl+s saves · esc cancels"), style="dim"), classes="hint")
            else:
                yield Input(
                    compact=True,
                    value=self._initial,
                    placeholder=worded(self._placeholder),
                    id="text",
                )
            yield Static("", id="text-error", classes="error -empty")
            yield dialog_buttons()

    def _text(self) -> str:
        if self._multiline:
            return self.query_one("#text", TextArea).text
        return self.query_one("#text", Input).value

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Return the text, unless one is required and none was typed."""
        text = self._text().strip()
        if self._required and not text:
            error = self.query_one("#text-error", Static)
            error.update(Text(_("Type something first (esc cancels).")))
            error.remove_class("-empty")
            return
        self.finish(text)


# -- one choice among several ---------------------------------------------------------------------


class ChoiceDialog(Dialog[str | None]):
    """Pick one of several values; enter or a click picks. Returns the value, or None.

    Args:
        title: What is being chosen.
        choices: Pairs of value and what to show for it.
        current: The value to start on.
        hint: A line under the choices.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self,
        title: Wording,
        choices: Sequence[tuple[str, Text | str]],
        *,
        current: str | None = None,
        hint: Wording = "",
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._current = current
        self._hint = hint

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            yield Static(literal(worded(self._title)), classes="title")
            options = [
                Option(label if isinstance(label, Text) else literal(label), id=value)
                for value, label in self._choices
            ]
            yield OptionList(*options, id="choices")
            yield Static(
                Text(worded(self._hint) or _("enter picks · esc cancels"), style="dim"),
                classes="hint",
            )

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
        choices = self.query_one("#choices", OptionList)
        values = [value for value, _ in self._choices]
        if self._current in values:
            choices.highlighted = values.index(self._current)
        elif values:
            choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


def complete_followup(screen: DeskScreen[Any], ref: int, number: int) -> None:
    """Ask what came of follow-up ``number`` of ticket ``ref``, then mark it done with that.

    A refusal (someone else completed or cancelled it meanwhile) is shown in the dialog, which
    keeps the result typed.
    """
    helpdesk = screen.helpdesk

    def save(result: str) -> str | None:
        refusals: list[str] = []

        def done_now() -> Any:
            try:
                return screen.desk.followups.done(ref, number, result)
            except HelpdeskError as error:
                refusals.append(error.message)
                return None

        done = helpdesk.act(done_now)
        if done is None:
            return refusals[0] if refusals else _("Not saved.")
        helpdesk.saved([done[0]])
        helpdesk.say(_("#{ref}: follow-up {number} done").format(ref=ref, number=number))
        return None

    dialog = TextDialog(
        lambda: _("Follow-up {number} of #{ref} done: what came of it?").format(
            number=number, ref=ref
        ),
        placeholder=lambda: _("result (optional), enter saves"),
        required=False,
    )
    dialog.submit = save
    screen.app.push_screen(dialog)
