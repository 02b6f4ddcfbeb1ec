"""Small dialogs, each a modal screen typed by what it returns (None when cancelled)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from helpdesk.dates import When
from helpdesk.domain.enums import LinkKind, Outcome, Priority
from helpdesk.domain.models import Adviser, Topic
from helpdesk.errors import HelpdeskError
from helpdesk.render.text import literal
from helpdesk.tui.screens.base import DeskModal

R = TypeVar("R")

#: Examples of what the date field reads, shown under it.
WHEN_EXAMPLES = "tomorrow · next friday · +3d · 2w · 18/03/2021 · venerdì alle 15"


def dialog_buttons(save: str = "Save") -> Horizontal:
    """Cancel and Save (or another word), right-aligned."""
    return Horizontal(
        Button("Cancel", id="cancel"),
        Button(save, id="save", variant="primary"),
        classes="buttons",
    )


class Dialog(DeskModal[R]):
    """A dialog: escape cancels, ctrl+s saves; a Cancel button and a Save button."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)

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
    """

    when: When
    note: str


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
        title: str,
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

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self._title), classes="title")
            yield Input(
                compact=True, value=self._initial, placeholder="when? e.g. next friday", id="when"
            )
            yield Static(Text(WHEN_EXAMPLES, style="dim"), id="resolved", classes="resolved")
            if self._with_note:
                yield Input(compact=True, placeholder="note: what to do then (optional)", id="note")
            yield dialog_buttons()

    def on_mount(self) -> None:
        self._check(self._initial)

    @on(Input.Changed, "#when")
    def _changed(self, event: Input.Changed) -> None:
        self._check(event.value)

    def _check(self, text: str) -> None:
        shown = self.query_one("#resolved", Static)
        self._when = None
        shown.remove_class("-good", "-bad")
        if not text.strip():
            shown.update(Text(WHEN_EXAMPLES, style="dim"))
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
        note = self.query_one("#note", Input).value if self._with_note else ""
        self.dismiss(FollowUpPlan(self._when, note.strip()))


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
        title: str,
        *,
        placeholder: str = "",
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
        with Vertical(classes="dialog"):
            yield Static(literal(self._title), classes="title")
            if self._multiline:
                area = TextArea(self._initial, id="text", soft_wrap=True, show_line_numbers=False)
                yield area
                yield Static(Text("ctrl+s saves · esc cancels", style="dim"), classes="hint")
            else:
                yield Input(
                    compact=True, value=self._initial, placeholder=self._placeholder, id="text"
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
            error.update(Text("Type something first (esc cancels)."))
            error.remove_class("-empty")
            return
        self.dismiss(text)


# -- one choice among several ---------------------------------------------------------------------


class ChoiceDialog(Dialog[str | None]):
    """Pick one of several values; enter or a click picks. Returns the value, or None.

    Args:
        title: What is being chosen.
        choices: Pairs of value and what to show for it.
        current: The value to start on.
        hint: A line under the choices.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, Text | str]],
        *,
        current: str | None = None,
        hint: str = "",
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._current = current
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self._title), classes="title")
            options = [
                Option(label if isinstance(label, Text) else literal(label), id=value)
                for value, label in self._choices
            ]
            yield OptionList(*options, id="choices")
            yield Static(
                Text(self._hint or "enter picks · esc cancels", style="dim"), classes="hint"
            )

    def on_mount(self) -> None:
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


# -- several topics -------------------------------------------------------------------------------


class TopicsDialog(Dialog[list[str] | None]):
    """Tick topics (space), save with enter or ctrl+s. Returns the keys, or None.

    Args:
        topics: The taxonomy.
        chosen: Keys ticked to start with.
        suggested: Keys to mark as suggested.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s,enter", "save", "Save", priority=True),
    ]

    def __init__(
        self, topics: Sequence[Topic], chosen: Sequence[str], suggested: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self._topics = [t for t in topics if t.active or t.key in chosen]
        self._chosen = list(chosen)
        self._suggested = set(suggested)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Topics"), classes="title")
            yield SelectionList[str](
                *(
                    Selection(
                        Text.assemble(
                            literal(t.label_en),
                            ("  suggested" if t.key in self._suggested else "", "italic dim"),
                        ),
                        t.key,
                        t.key in self._chosen,
                    )
                    for t in self._topics
                ),
                id="topics",
            )
            yield Static(Text("space ticks · enter saves · esc cancels", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#topics", SelectionList).focus()

    def action_save(self) -> None:
        """Return the ticked topics, in taxonomy order."""
        ticked = set(self.query_one("#topics", SelectionList).selected)
        self.dismiss([t.key for t in self._topics if t.key in ticked])


# -- closing --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Closing:
    """How a ticket is closed.

    Attributes:
        outcome: What came of it.
        note: A remark on the outcome.
    """

    outcome: Outcome
    note: str


class CloseDialog(Dialog[Closing | None]):
    """Pick the outcome, add a remark, save. Returns a :class:`Closing`, or None."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Close with outcome"), classes="title")
            yield OptionList(
                *(Option(o.value.replace("_", " "), id=o.value) for o in Outcome),
                id="outcome",
            )
            yield Input(compact=True, placeholder="remark on the outcome (optional)", id="note")
            yield dialog_buttons("Close ticket")

    def on_mount(self) -> None:
        outcome = self.query_one("#outcome", OptionList)
        outcome.highlighted = 0
        outcome.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#note", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """Return the outcome highlighted and the remark."""
        option = self.query_one("#outcome", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        note = self.query_one("#note", Input).value.strip()
        self.dismiss(Closing(Outcome.parse(option.id), note))


# -- a link ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkPlan:
    """A link to make.

    Attributes:
        other: The other ticket's reference as typed.
        kind: How the two relate.
    """

    other: str
    kind: LinkKind


class LinkDialog(Dialog[LinkPlan | None]):
    """The other ticket and how it relates. Returns a :class:`LinkPlan`, or None."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Link to another ticket"), classes="title")
            yield Input(compact=True, placeholder="other ticket, e.g. 42", id="other")
            yield OptionList(
                *(Option(k.value.replace("_", " "), id=k.value) for k in LinkKind), id="kind"
            )
            yield dialog_buttons("Link")

    def on_mount(self) -> None:
        self.query_one("#kind", OptionList).highlighted = 0

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.query_one("#kind", OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Return the link when a reference is typed."""
        other = self.query_one("#other", Input).value.strip()
        option = self.query_one("#kind", OptionList).highlighted_option
        if not other or option is None or option.id is None:
            self.query_one("#other", Input).focus()
            return
        self.dismiss(LinkPlan(other, LinkKind.parse(option.id)))


# -- bulk changes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BulkChange:
    """What to set on every selected ticket; None leaves a field as it is.

    Attributes:
        topics: Topic keys.
        priority: A priority.
        assignee: An adviser key.
    """

    topics: list[str] | None
    priority: str | None
    assignee: str | None

    def is_empty(self) -> bool:
        """Nothing to change."""
        return self.topics is None and self.priority is None and self.assignee is None


_KEEP = "__keep__"


class BulkDialog(Dialog[BulkChange | None]):
    """Topics, priority and adviser for many tickets at once (each triaged if new).

    Returns a :class:`BulkChange`, or None.

    Args:
        topics: The taxonomy.
        advisers: Who can be assigned.
        count: How many tickets are selected.
    """

    def __init__(self, topics: Sequence[Topic], advisers: Sequence[Adviser], count: int) -> None:
        super().__init__()
        self._topics = [t for t in topics if t.active]
        self._advisers = [a for a in advisers if a.active]
        self._count = count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Text(f"Change {self._count} selected tickets (new ones become triaged)"),
                classes="title",
            )
            yield Static(Text("Topics (none ticked: leave as they are)", style="dim"))
            yield SelectionList[str](
                *(Selection(literal(t.label_en), t.key) for t in self._topics), id="topics"
            )
            yield Static(Text("Priority", style="dim"))
            yield OptionList(
                Option("leave as it is", id=_KEEP),
                *(Option(p.value, id=p.value) for p in Priority),
                id="priority",
            )
            yield Static(Text("Adviser", style="dim"))
            yield OptionList(
                Option("leave as it is", id=_KEEP),
                *(
                    Option(Text.assemble((a.key, "bold"), " ", literal(a.name)), id=a.key)
                    for a in self._advisers
                ),
                id="assignee",
            )
            yield dialog_buttons("Apply")

    def on_mount(self) -> None:
        for name in ("#priority", "#assignee"):
            self.query_one(name, OptionList).highlighted = 0
        self.query_one("#topics", SelectionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        """Return the change."""
        ticked = list(self.query_one("#topics", SelectionList).selected)

        def chosen(name: str) -> str | None:
            option = self.query_one(name, OptionList).highlighted_option
            return None if option is None or option.id == _KEEP else option.id

        self.dismiss(BulkChange(ticked or None, chosen("#priority"), chosen("#assignee")))
