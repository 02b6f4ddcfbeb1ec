"""Dialogs about a ticket's fields: topics, closing, a link, and bulk changes to a selection."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import (
    Input,
    OptionList,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from helpdesk.domain.enums import LinkKind, Outcome, Priority
from helpdesk.domain.models import Adviser, Topic
from helpdesk.i18n import N_, _, language, ngettext
from helpdesk.render.text import literal
from helpdesk.tui.screens.dialogs import Dialog, dialog_buttons
from helpdesk.tui.widgets.toggles import RadioChoice, TickList

# -- several topics -------------------------------------------------------------------------------


class TopicsDialog(Dialog[list[str] | None]):
    """Tick topics (space), save with enter or ctrl+s. Returns the keys, or None.

    Args:
        topics: The taxonomy.
        chosen: Keys ticked to start with.
        suggested: Keys to mark as suggested.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s,enter", "save", N_("Save"), priority=True),
    ]

    def __init__(
        self, topics: Sequence[Topic], chosen: Sequence[str], suggested: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self._topics = [t for t in topics if t.active or t.key in chosen]
        self._chosen = list(chosen)
        self._suggested = set(suggested)

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            yield Static(Text(_("Topics")), classes="title")
            suggested = "  " + _("suggested")
            yield TickList[str](
                *(
                    Selection(
                        Text.assemble(
                            literal(t.label(language())),
                            (suggested if t.key in self._suggested else "", "italic dim"),
                        ),
                        t.key,
                        t.key in self._chosen,
                    )
                    for t in self._topics
                ),
                id="topics",
            )
            yield Static(Text(_("space ticks · enter saves · esc cancels"), style="dim"))

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
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
        keep_followups: Keep its pending follow-ups rather than cancel them.
    """

    outcome: Outcome
    note: str
    keep_followups: bool = False


class CloseDialog(Dialog[Closing | None]):
    """Pick the outcome, add a remark, say what becomes of pending follow-ups, save.

    Only the outcomes the ticket's status allows are offered (with the reason when the list is
    short). Saving runs ``close``; a refusal is shown in the dialog, which stays open with what
    was typed. Tab goes outcome → remark → follow-ups → Cancel → Close ticket.

    Returns the :class:`Closing` that was saved, or None.

    Args:
        outcomes: The outcomes to offer.
        why: Why some outcomes are missing, shown under the title ("" when all are offered).
        pending_followups: How many follow-ups are pending: when any, the dialog asks whether
            to cancel or keep them.
        close: Closes the ticket; returns None when done, else the refusal to show.
    """

    def __init__(
        self,
        outcomes: Sequence[Outcome],
        *,
        why: str = "",
        pending_followups: int = 0,
        close: Callable[[Closing], str | None],
    ) -> None:
        super().__init__()
        self._outcomes = list(outcomes)
        self._why = why
        self._pending = pending_followups
        self._close = close

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            yield Static(Text(_("Close with outcome")), classes="title")
            if self._why:
                yield Static(Text(self._why, style="dim"), id="why", classes="hint")
            yield OptionList(
                *(Option(o.label_text, id=o.value) for o in self._outcomes),
                id="outcome",
            )
            yield Input(compact=True, placeholder=_("remark on the outcome (optional)"), id="note")
            if self._pending:
                count = self._pending
                pending = ngettext(
                    "{count} pending follow-up:", "{count} pending follow-ups:", count
                ).format(count=count)
                yield Static(Text(pending), classes="hint")
                with RadioSet(id="followups"):
                    cancel = _("cancel them ({count})").format(count=count)
                    yield RadioChoice(cancel, value=True, id="cancel-f")
                    yield RadioChoice(_("keep them in the agenda"), id="keep-f")
            yield Static("", id="close-error", classes="error -empty")
            yield dialog_buttons(_("Close ticket"))

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
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

    def _keep_followups(self) -> bool:
        if not self._pending:
            return False
        return self.query_one("#keep-f", RadioChoice).value

    def action_save(self) -> None:
        """Close the ticket with the outcome highlighted and the remark; on a refusal, say it
        here and keep everything typed."""
        option = self.query_one("#outcome", OptionList).highlighted_option
        if option is None or option.id is None:
            return
        note = self.query_one("#note", Input).value.strip()
        closing = Closing(Outcome(option.id), note, self._keep_followups())
        refusal = self._close(closing)
        if refusal is None:
            self.dismiss(closing)
            return
        error = self.query_one("#close-error", Static)
        error.update(literal(refusal))
        error.remove_class("-empty")


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
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            yield Static(Text(_("Link to another ticket")), classes="title")
            yield Input(compact=True, placeholder=_("other ticket, e.g. 42"), id="other")
            yield OptionList(*(Option(k.label_text, id=k.value) for k in LinkKind), id="kind")
            yield dialog_buttons(_("Link"))

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
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
        self.finish(LinkPlan(other, LinkKind(option.id)))


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
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            title = ngettext(
                "Change {count} selected ticket (a new one becomes triaged)",
                "Change {count} selected tickets (new ones become triaged)",
                self._count,
            ).format(count=self._count)
            yield Static(Text(title), classes="title")
            yield Static(Text(_("Topics (none ticked: leave as they are)"), style="dim"))
            code = language()
            yield TickList[str](
                *(Selection(literal(t.label(code)), t.key) for t in self._topics), id="topics"
            )
            yield Static(Text(_("Priority"), style="dim"))
            yield OptionList(
                Option(_("leave as it is"), id=_KEEP),
                *(Option(p.label_text, id=p.value) for p in Priority),
                id="priority",
            )
            yield Static(Text(_("Adviser"), style="dim"))
            yield OptionList(
                Option(_("leave as it is"), id=_KEEP),
                *(
                    Option(Text.assemble((a.key, "bold"), " ", literal(a.name)), id=a.key)
                    for a in self._advisers
                ),
                id="assignee",
            )
            yield dialog_buttons(_("Apply"))

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
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
