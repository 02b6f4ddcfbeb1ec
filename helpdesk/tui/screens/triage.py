"""The triage inbox: new tickets one at a time, each suggestion taken with one key."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from helpdesk.dates import format_datetime
from helpdesk.domain.enums import Priority, Status
from helpdesk.domain.models import Ticket
from helpdesk.errors import EditConflict
from helpdesk.i18n import N_, _, ngettext
from helpdesk.render.styles import PRIORITY_STYLE
from helpdesk.render.text import literal, one_line
from helpdesk.tui.messages import TicketsChanged
from helpdesk.tui.screens.base import DeskScreen
from helpdesk.tui.screens.dialogs import ChoiceDialog
from helpdesk.tui.screens.edit_conflict import MINE, EditConflictDialog
from helpdesk.tui.screens.ticket_dialogs import TopicsDialog
from helpdesk.tui.widgets.footer import Footer

_NOBODY = "__nobody__"


@dataclasses.dataclass(slots=True)
class Plan:
    """What triage will set on the ticket on screen; starts as the suggestions.

    Attributes:
        ref: The ticket it is for.
        topics: Topic keys.
        priority: The priority.
        assignee: An adviser key, or None.
        suggested_topics: The topics suggested, to mark them.
    """

    ref: int
    topics: list[str]
    priority: Priority
    assignee: str | None
    suggested_topics: list[str]


class TriageScreen(DeskScreen[None]):
    """Triage tickets in turn: enter accepts the plan and moves on.

    Args:
        refs: The tickets to triage, in order.
        single: Triage just this one ticket, then go back (from the ticket screen).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "accept",
            N_("Accept"),
            tooltip=N_("Triage with the plan (then the next new ticket)"),
        ),
        Binding("t", "topics", N_("Topics"), tooltip=N_("Change the topics")),
        Binding("p", "priority", N_("Priority"), tooltip=N_("Change the priority")),
        Binding("a", "assignee", N_("Adviser"), tooltip=N_("Change the adviser")),
        Binding("x", "skip", N_("Skip"), tooltip=N_("Leave this one for later")),
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to where triage started")),
    ]

    def __init__(self, refs: Sequence[int], *, single: bool = False) -> None:
        super().__init__()
        self._refs = list(refs)
        self._at = 0
        self._single = single
        self._plan: Plan | None = None
        self._done = 0
        self._finished = False
        self._seen: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        yield Static(id="triage-progress", classes="screen-title")
        with VerticalScroll(id="triage-ticket"):
            yield Static(id="triage-ticket-body")
        yield Static(id="triage-plan")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
        self._start()

    @property
    def current(self) -> Ticket | None:
        """The ticket on screen."""
        while self._at < len(self._refs):
            ticket = self.index.get(self._refs[self._at])
            if ticket is not None and (self._single or ticket.status is Status.NEW):
                return ticket
            # Triaged meanwhile (by a colleague, or in the list): move on.
            self._refs.pop(self._at)
        return None

    def _start(self) -> None:
        if self._finished:
            return
        ticket = self.current
        if ticket is None:
            if not self._single:
                self.helpdesk.say(_("Inbox empty: {count} triaged.").format(count=self._done))
            self._close()
            return
        suggested = list(ticket.topics) or self.desk.tickets.suggest_topics(
            f"{ticket.subject}\n{ticket.description}"
        )
        # What the adviser sees now: a field someone else changes before enter is asked about.
        self._seen = {
            "topics": list(ticket.topics),
            "priority": ticket.priority.value,
            "assignee": ticket.assignee,
        }
        self._plan = Plan(
            ref=ticket.ref,
            topics=suggested,
            priority=ticket.priority,
            assignee=ticket.assignee or self._suggest_assignee(ticket, suggested),
            suggested_topics=suggested,
        )
        self._draw()

    def _suggest_assignee(self, ticket: Ticket, topics: list[str]) -> str | None:
        probe = dataclasses.replace(ticket, topics=topics)
        return self.desk.directory.suggest_assignee(probe, self.index.all_tickets())

    # -- drawing ----------------------------------------------------------------------------------

    def _draw(self) -> None:
        ticket, plan = self.current, self._plan
        if ticket is None or plan is None:
            return
        left = len(self._refs) - self._at
        if self._single:
            title = _("Triage")
        else:
            title = ngettext(
                "Triage inbox · {count} new to go", "Triage inbox · {count} new to go", left
            ).format(count=left)
        self.query_one("#triage-progress", Static).update(Text(title))
        company = self.index.company_of(ticket)
        clock = self.helpdesk.clock
        facts = Text.assemble(
            (f"#{ticket.ref} ", "bold"),
            literal(ticket.subject, "bold"),
            "\n",
            literal(company.name if company else _("no company"), "bold cyan"),
            ("  ·  ", "dim"),
            (ticket.channel.label_text, "dim"),
            ("  ·  ", "dim"),
            (format_datetime(ticket.created, clock.tz), "dim"),
            ("  ·  ", "dim"),
            literal(ticket.contact.name or _("no contact"), "dim"),
        )
        body = Group(facts, Text(""), literal(ticket.description or _("(no description)")))
        self.query_one("#triage-ticket-body", Static).update(body)
        self.query_one("#triage-plan", Static).update(self._plan_view(plan))
        self.query_one("#triage-ticket", VerticalScroll).scroll_home(animate=False)

    def _plan_view(self, plan: Plan) -> Table:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column()
        labels = [self.index.topic_label(k) for k in plan.topics]
        topics = Text(", ".join(labels) if labels else _("none"), style="" if labels else "dim")
        if plan.topics and plan.topics == plan.suggested_topics:
            topics.append("  " + _("suggested from the text"), style="italic dim")
        load = Counter(
            t.assignee for t in self.index.all_tickets() if t.status.is_open and t.assignee
        )
        adviser = next((a for a in self.index.advisers if a.key == plan.assignee), None)
        who = Text(_("nobody"), style="dim")
        if adviser is not None:
            shared = [self.index.topic_label(k) for k in plan.topics if k in adviser.topics]
            who = Text.assemble(
                literal(adviser.key, "bold"),
                " ",
                literal(adviser.name),
                ("  " + _("{count} open").format(count=load[adviser.key]), "dim"),
                (
                    "  " + _("knows {topics}").format(topics=", ".join(shared)) if shared else "",
                    "italic dim",
                ),
            )
        grid.add_row(_("Topics"), "t", topics)
        grid.add_row(
            _("Priority"),
            "p",
            Text(plan.priority.label_text, style=PRIORITY_STYLE[plan.priority]),
        )
        grid.add_row(_("Adviser"), "a", who)
        grid.add_row("", "", Text(""))
        if self._single:
            accept = _("accept all three")
        else:
            accept = _("accept all three, then the next new ticket")
        grid.add_row("", "enter", Text(accept, style="dim"))
        return grid

    def redraw(self) -> None:
        """Draw the ticket and the plan again."""
        self._draw()

    def on_tickets_changed(self, event: TicketsChanged) -> None:
        """A colleague may have triaged the ticket on screen: move on if so."""
        if self._finished:
            return
        ticket = self.current  # drops tickets triaged meanwhile
        if ticket is None or self._plan is None or ticket.ref != self._plan.ref:
            self._start()

    # -- keys -------------------------------------------------------------------------------------

    def action_accept(self, overwrite: frozenset[str] = frozenset()) -> None:
        """Triage the ticket with the plan, then show the next one.

        A field of the plan that someone else changed since the ticket was shown is asked
        about (keep theirs, overwrite, or back), never silently overwritten.
        """
        ticket, plan = self.current, self._plan
        if ticket is None or plan is None:
            return
        conflicts: list[EditConflict] = []

        def triage() -> Ticket | None:
            try:
                return self.desk.tickets.triage(
                    ticket.ref,
                    topics=plan.topics,
                    priority=plan.priority,
                    assignee=plan.assignee,
                    unassign=plan.assignee is None,
                    expected=self._seen,
                    overwrite=overwrite,
                )
            except EditConflict as conflict:
                conflicts.append(conflict)
                return None

        done = self.helpdesk.act(triage)
        if conflicts:
            self.app.push_screen(
                EditConflictDialog(conflicts[0]),
                lambda answer: self._resolve(conflicts[0], answer),
            )
            return
        if done is None:
            return
        self.helpdesk.saved([done])
        self._done += 1
        if done.assignee:
            said = _("#{ref} triaged to {adviser}").format(ref=done.ref, adviser=done.assignee)
        else:
            said = _("#{ref} triaged").format(ref=done.ref)
        self.helpdesk.say(said)
        if self._single:
            self._close()
            return
        self._at += 1
        self._start()

    def _resolve(self, conflict: EditConflict, answer: str | None) -> None:
        plan = self._plan
        if plan is None or answer is None:
            return
        if answer == MINE:
            self.action_accept(frozenset(conflict.fields))
            return
        # Theirs: take their values into the plan, then save the rest.
        changes: dict[str, Any] = {}
        for name, (_opened, now, _mine) in conflict.fields.items():
            self._seen[name] = now
            if name == "priority":
                changes["priority"] = Priority(str(now))
            elif name == "topics":
                changes["topics"] = list(now) if isinstance(now, list) else []
            else:
                changes["assignee"] = now
        self._plan = dataclasses.replace(plan, **changes)
        self._draw()
        self.action_accept()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No skipping when triaging one ticket."""
        return not (action == "skip" and self._single)

    def action_skip(self) -> None:
        """Leave this ticket for later and show the next one."""
        self._at += 1
        self._start()

    def action_back(self) -> None:
        """Back to where triage started."""
        self._close()

    def _close(self) -> None:
        # Changes broadcast while closing (our own triage) must not close it a second time.
        if not self._finished:
            self._finished = True
            self.dismiss(None)

    def action_topics(self) -> None:
        """Change the topics."""
        plan = self._plan
        if plan is None:
            return

        def chosen(keys: list[str] | None) -> None:
            if keys is None or self._plan is None or self.current is None:
                return
            self._plan.topics = keys
            if self.current.assignee is None:
                self._plan.assignee = self._suggest_assignee(self.current, keys)
            self._draw()

        self.app.push_screen(
            TopicsDialog(self.index.topics, plan.topics, plan.suggested_topics), chosen
        )

    def action_priority(self) -> None:
        """Change the priority."""
        plan = self._plan
        if plan is None:
            return
        choices = [(p.value, Text(p.label_text, style=PRIORITY_STYLE[p])) for p in Priority]

        def chosen(value: str | None) -> None:
            if value is not None and self._plan is not None:
                self._plan.priority = Priority(value)
                self._draw()

        self.app.push_screen(
            ChoiceDialog(lambda: _("Priority"), choices, current=plan.priority.value), chosen
        )

    def action_assignee(self) -> None:
        """Change the adviser (each shown with their open load and expertise)."""
        plan = self._plan
        if plan is None:
            return
        load = Counter(
            t.assignee for t in self.index.all_tickets() if t.status.is_open and t.assignee
        )
        choices: list[tuple[str, Text | str]] = [(_NOBODY, Text(_("nobody"), style="dim"))]
        for adviser in self.index.advisers:
            if not adviser.active:
                continue
            knows = [self.index.topic_label(k) for k in adviser.topics]
            choices.append(
                (
                    adviser.key,
                    Text.assemble(
                        literal(adviser.key.ljust(4), "bold"),
                        " ",
                        one_line(adviser.name, 24),
                        ("  " + _("{count} open").format(count=load[adviser.key]) + "  ", "dim"),
                        one_line(", ".join(knows), 50, "italic dim"),
                    ),
                )
            )

        def chosen(value: str | None) -> None:
            if value is not None and self._plan is not None:
                self._plan.assignee = None if value == _NOBODY else value
                self._draw()

        self.app.push_screen(
            ChoiceDialog(lambda: _("Adviser"), choices, current=plan.assignee or _NOBODY), chosen
        )
