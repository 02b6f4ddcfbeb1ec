"""The ticket screen: everything about one ticket, and a key for everything done to it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar, TypeVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from helpdesk.domain import lifecycle
from helpdesk.domain.enums import Status
from helpdesk.domain.lifecycle import closing_outcomes
from helpdesk.domain.models import Ticket
from helpdesk.errors import EditConflict, HelpdeskError
from helpdesk.i18n import N_, _
from helpdesk.render.styles import PRIORITY_STYLE, STATUS_STYLE
from helpdesk.render.text import literal
from helpdesk.tui.messages import TicketsChanged
from helpdesk.tui.screens.base import DeskScreen
from helpdesk.tui.screens.dialogs import (
    ChoiceDialog,
    FollowUpPlan,
    TextDialog,
    WhenDialog,
    complete_followup,
)
from helpdesk.tui.screens.edit_conflict import MINE, EditConflictDialog
from helpdesk.tui.screens.ticket_dialogs import CloseDialog, Closing, LinkDialog, LinkPlan
from helpdesk.tui.widgets.footer import Footer
from helpdesk.tui.widgets.preview import TicketPreview

R = TypeVar("R")


class TicketScreen(DeskScreen[None]):
    """One ticket in full.

    Args:
        ref: The ticket.
        around: The references of the list it was opened from, for previous and next.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the list")),
        Binding("e", "edit", N_("Edit"), tooltip=N_("Subject, description, channel, contact")),
        Binding("t", "triage", N_("Triage"), tooltip=N_("Topics, priority and adviser, suggested")),
        Binding("s", "status", N_("Status"), tooltip=N_("Move along the lifecycle")),
        Binding("n", "note", N_("Note"), tooltip=N_("Add a note")),
        Binding("f", "followup", N_("Follow-up"), tooltip=N_("Schedule a follow-up")),
        Binding("d", "followup_done", N_("Done"), tooltip=N_("Mark a follow-up done")),
        Binding("w", "enrol", N_("Enrol"), tooltip=N_("Enrol in a suggested webinar")),
        # Out of the footer, which is full at 120 columns: the referrals section names them.
        Binding(
            "p", "refer", N_("Refer"), show=False, tooltip=N_("Refer to a partner of the network")
        ),
        Binding(
            "m", "referral_step", N_("Referral step"), show=False, tooltip=N_("Move a referral on")
        ),
        # Out of the footer, which is full at 120 columns: the grant section names the key.
        Binding(
            "g",
            "calls",
            N_("Grant calls"),
            show=False,
            tooltip=N_("Apply to a grant call, or its next step"),
        ),
        Binding("c", "close", N_("Close"), tooltip=N_("Close with an outcome")),
        Binding("o", "reopen", N_("Reopen"), tooltip=N_("Back to in progress")),
        Binding("l", "link", N_("Link"), tooltip=N_("Link to another ticket")),
        Binding("r", "reply", N_("Reply"), tooltip=N_("Reply from a template, copied")),
        Binding(
            "b",
            "company",
            N_("Company"),
            show=False,
            tooltip=N_("The business: contacts, edit, consent, merge"),
        ),
        Binding(
            "left_square_bracket",
            "step(-1)",
            N_("Previous"),
            key_display="[",
            show=False,
            tooltip=N_("The previous ticket of the list"),
        ),
        Binding(
            "right_square_bracket",
            "step(1)",
            N_("Next"),
            key_display="]",
            show=False,
            tooltip=N_("The next ticket of the list"),
        ),
    ]

    def __init__(self, ref: int, around: Sequence[int] = ()) -> None:
        super().__init__()
        self.ref = ref
        self._around = list(around)

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        yield Static(id="glance")
        yield TicketPreview(id="ticket-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
        self._draw()
        self.query_one(TicketPreview).focus()

    @property
    def ticket(self) -> Ticket | None:
        """The ticket as the app holds it."""
        return self.index.get(self.ref)

    # -- drawing -----------------------------------------------------------------------------------

    def _draw(self) -> None:
        ticket = self.ticket
        glance = self.query_one("#glance", Static)
        body = self.query_one(TicketPreview)
        clock = self.helpdesk.clock
        if ticket is None:
            glance.update(
                Text(_("#{ref} is not in the database.").format(ref=self.ref), style="bold red")
            )
            body.show(None, clock.now(), clock.tz)
            return
        glance.update(self._glance(ticket))
        body.show(self.index.detail(self.ref), clock.now(), clock.tz, self._extra(ticket))
        self.refresh_bindings()

    def _glance(self, ticket: Ticket) -> Text:
        company = self.index.company_of(ticket)
        contact = ticket.contact
        reach = "  ".join(x for x in (contact.name, contact.phone, contact.email) if x)
        line = Text.assemble(
            (f"#{ticket.ref} ", "bold"),
            (f" {ticket.status.label_text} ", f"{STATUS_STYLE[ticket.status]} reverse"),
            " ",
            (f" {ticket.priority.label_text} ", f"{PRIORITY_STYLE[ticket.priority]} reverse"),
            "  ",
            literal(company.name if company else _("no company"), "bold"),
            ("  ·  ", "dim"),
            literal(reach or _("no contact"), "" if reach else "dim"),
            ("  ·  ", "dim"),
            (_("assignee") + " ", "dim"),
            literal(ticket.assignee or _("nobody")),
        )
        line.truncate(max(self.size.width - 2, 20), overflow="ellipsis")
        return line

    def _extra(self, ticket: Ticket) -> RenderableType | None:
        """Webinar enrolments, grant calls and referrals, when the ticket has them."""
        from helpdesk.tui.screens.calls import calls_section
        from helpdesk.tui.screens.partners import referrals_section
        from helpdesk.tui.screens.webinars import enrolments_section

        try:
            parts = [
                enrolments_section(self.desk, ticket),
                calls_section(self.desk, ticket),
                referrals_section(self.desk, ticket),
            ]
        except HelpdeskError:
            return None  # the ticket went meanwhile: the next refresh says so
        shown = [p for p in parts if p is not None]
        return Group(*shown) if shown else None

    def redraw(self) -> None:
        """Draw the ticket again."""
        self._draw()

    def on_tickets_changed(self, event: TicketsChanged) -> None:
        """Redraw when this ticket (or everything) changed."""
        if event.refs is None or self.ref in event.refs:
            self._draw()

    # -- doing things -----------------------------------------------------------------------------

    def _do(self, call: Callable[[], Ticket], done: str) -> None:
        """Run a change on this ticket; on success take it in and say so (``done`` is the
        sentence, translated, with ``{ref}`` for the ticket)."""
        ticket = self.helpdesk.act(call)
        if ticket is not None:
            self.helpdesk.saved([ticket])
            self.helpdesk.say(done.format(ref=ticket.ref))

    def _save(self, call: Callable[[], Ticket], done: str) -> str | None:
        """Run a change for a dialog: None when saved (and said, ``done`` as in :meth:`_do`),
        else the refusal to show."""
        try:
            ticket = self._attempt(call)
        except HelpdeskError as error:
            return error.message
        self.helpdesk.saved([ticket])
        self.helpdesk.say(done.format(ref=ticket.ref))
        return None

    def _attempt(self, call: Callable[[], R]) -> R:
        """Run a change for a dialog that shows its own refusals: raises what the desk refused
        (rather than notifying it), so the dialog stays open with what was typed."""
        refusals: list[HelpdeskError] = []

        def run() -> R | None:
            try:
                return call()
            except HelpdeskError as error:
                refusals.append(error)
                return None

        result = self.helpdesk.act(run)
        if result is None:
            raise refusals[0] if refusals else HelpdeskError(_("Not saved."))
        return result

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_step(self, step: int) -> None:
        """Show the previous or next ticket of the list this one was opened from."""
        if self.ref not in self._around:
            return
        at = self._around.index(self.ref) + step
        if 0 <= at < len(self._around):
            self.ref = self._around[at]
            self._draw()

    def action_edit(self) -> None:
        """Edit subject, description, channel and contact."""
        from helpdesk.tui.screens.new_ticket import TicketForm

        ticket = self.ticket
        if ticket is None:
            return

        def update(
            changes: Mapping[str, object], expected: Mapping[str, object], overwrite: frozenset[str]
        ) -> None:
            saved = self._attempt(
                lambda: self.desk.tickets.update(
                    self.ref, changes, expected=expected, overwrite=overwrite
                )
            )
            self.helpdesk.saved([saved])
            self.helpdesk.say(_("#{ref} saved").format(ref=saved.ref))

        self.app.push_screen(TicketForm(editing=ticket, update=update))

    def action_triage(self) -> None:
        """Topics, priority and adviser, suggested."""
        from helpdesk.tui.screens.triage import TriageScreen

        self.app.push_screen(TriageScreen([self.ref], single=True))

    def action_status(self) -> None:
        """Move the ticket along its lifecycle."""
        ticket = self.ticket
        if ticket is None:
            return
        moves = sorted(
            (s for s in lifecycle.TRANSITIONS[ticket.status] if s is not Status.CLOSED),
            key=list(Status).index,
        )
        if not moves:
            self.helpdesk.say(
                _("#{ref} is {status}: use c to close.").format(
                    ref=ticket.ref, status=ticket.status.label_text
                )
            )
            return
        choices = [(s.value, Text(s.label_text, style=STATUS_STYLE[s])) for s in moves]

        seen = ticket.status

        def move(value: str, expected: Status | None) -> None:
            try:
                moved = self._attempt(
                    lambda: self.desk.tickets.set_status(self.ref, value, expected=expected)
                )
            except EditConflict as conflict:
                clash = conflict
                self.app.push_screen(
                    EditConflictDialog(clash),
                    lambda answer: move(value, None) if answer == MINE else None,
                )
                return
            except HelpdeskError as error:
                self.helpdesk.report(error)
                return
            self.helpdesk.saved([moved])
            self.helpdesk.say(
                _("#{ref} is now {status}").format(ref=moved.ref, status=Status(value).label_text)
            )

        def chosen(value: str | None) -> None:
            if value is not None:
                move(value, seen)

        self.app.push_screen(
            ChoiceDialog(
                lambda: _("#{ref} is {status}: move it to").format(
                    ref=ticket.ref, status=ticket.status.label_text
                ),
                choices,
                hint=_("closing needs an outcome: esc, then c"),
            ),
            chosen,
        )

    def action_note(self) -> None:
        """Add a note; a refusal is shown in the dialog, which keeps the text."""

        def save(text: str) -> str | None:
            return self._save(lambda: self.desk.tickets.add_note(self.ref, text), _("#{ref} noted"))

        dialog = TextDialog(
            lambda: _("Note on #{ref}").format(ref=self.ref),
            multiline=True,
            placeholder=_("what happened"),
        )
        dialog.submit = save
        self.app.push_screen(dialog)

    def action_followup(self) -> None:
        """Schedule a follow-up; the date is shown resolved as it is typed."""

        def save(plan: FollowUpPlan) -> str | None:
            try:
                ticket, followup = self._attempt(
                    lambda: self.desk.followups.add(
                        self.ref, plan.when, plan.note, allow_past=plan.allow_past
                    )
                )
            except HelpdeskError as error:
                return error.message
            self.helpdesk.saved([ticket])
            self.helpdesk.say(
                _("#{ref}: follow-up due {when}").format(
                    ref=ticket.ref, when=followup.due.describe()
                )
            )
            return None

        dialog = WhenDialog(
            lambda: _("Follow-up on #{ref}").format(ref=self.ref), self.desk.followups.when
        )
        dialog.submit = save
        self.app.push_screen(dialog)

    def action_followup_done(self) -> None:
        """Mark a pending follow-up done, with what came of it."""
        ticket = self.ticket
        if ticket is None:
            return
        pending = ticket.pending_followups()
        if not pending:
            self.helpdesk.say(_("#{ref} has no pending follow-up.").format(ref=ticket.ref))
            return

        if len(pending) == 1:
            complete_followup(self, self.ref, pending[0].id)
            return
        choices = [
            (
                str(f.id),
                Text.assemble((f"{f.id}. ", "dim"), f.due.describe(), "  ", literal(f.note)),
            )
            for f in pending
        ]
        self.app.push_screen(
            ChoiceDialog(lambda: _("Which follow-up is done?"), choices),
            lambda value: complete_followup(self, self.ref, int(value)) if value else None,
        )

    def action_close(self) -> None:
        """Close with an outcome."""

        ticket = self.desk.tickets.get(self.ref)
        outcomes, why = closing_outcomes(ticket.status)
        if not outcomes:
            self.helpdesk.say(f"#{ticket.ref}: {why}")
            return

        def close(plan: Closing) -> str | None:
            try:
                closed = self._attempt(
                    lambda: self.desk.tickets.close(
                        self.ref,
                        plan.outcome,
                        plan.note,
                        cancel_followups=not plan.keep_followups,
                    )
                )
            except HelpdeskError as error:
                return error.message
            self.helpdesk.saved([closed])
            return None

        def closed(plan: Closing | None) -> None:
            if plan is not None:
                self.helpdesk.say(
                    _("#{ref} closed ({outcome})").format(
                        ref=self.ref, outcome=plan.outcome.label_text
                    )
                )

        dialog = CloseDialog(
            outcomes,
            why=why,
            pending_followups=len(ticket.pending_followups()),
            close=close,
        )
        self.app.push_screen(dialog, closed)

    def action_reopen(self) -> None:
        """Take a resolved or closed ticket back to in progress."""
        self._do(lambda: self.desk.tickets.reopen(self.ref), _("#{ref} reopened"))

    def action_link(self) -> None:
        """Link to another ticket; a refusal is shown in the dialog, which keeps the text."""

        def save(plan: LinkPlan) -> str | None:
            def link() -> tuple[Ticket, Ticket]:
                ticket = self.desk.tickets.link(self.ref, plan.other, plan.kind)
                # A related link is written on both tickets: take the other one in too.
                return ticket, self.desk.tickets.get(plan.other)

            try:
                both = self._attempt(link)
            except HelpdeskError as error:
                return error.message
            self.helpdesk.saved(both)
            self.helpdesk.say(
                _("#{ref} linked to #{other}").format(ref=self.ref, other=both[1].ref)
            )
            return None

        dialog = LinkDialog()
        dialog.submit = save
        self.app.push_screen(dialog)

    def action_enrol(self) -> None:
        """Enrol the ticket's business in a suggested webinar."""
        from helpdesk.tui.screens.webinars import enrol_ticket

        enrol_ticket(self, self.ref)

    def action_refer(self) -> None:
        """Refer the ticket's business to a partner, those covering its topics first."""
        from helpdesk.tui.screens.partners import refer_ticket

        refer_ticket(self, self.ref)

    def action_referral_step(self) -> None:
        """Move one of the ticket's referrals on: acknowledged, answered, project started…"""
        from helpdesk.tui.screens.partners import step_referral

        step_referral(self, self.ref)

    def action_calls(self) -> None:
        """Apply the ticket's business to an eligible call, or move an application on."""
        from helpdesk.tui.screens.calls import work_on_calls

        work_on_calls(self, self.ref)

    def action_reply(self) -> None:
        """Render a reply template for this ticket, show it, copy it to the clipboard."""
        from helpdesk.tui.screens.reply import reply_to

        reply_to(self, self.ref)

    def action_company(self) -> None:
        """Open the ticket's company: its contacts, edit, consent, merge."""
        from helpdesk.tui.screens.company import CompanyScreen

        ticket = self.ticket
        if ticket is None or ticket.company_id is None:
            self.helpdesk.say(_("This ticket has no company."))
            return
        self.app.push_screen(CompanyScreen(ticket.company_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what does not apply to the ticket as it stands; hide missing services."""
        if action == "enrol":
            return hasattr(self.desk, "webinars")
        if action == "reply":
            return hasattr(self.desk, "templates")
        ticket = self.ticket
        if ticket is None:
            return True
        if action == "reopen":
            return None if ticket.is_open else True
        if action in ("close", "status"):
            return True if ticket.status is not Status.CLOSED else None
        if action == "followup_done":
            return True if ticket.pending_followups() else None
        return True
