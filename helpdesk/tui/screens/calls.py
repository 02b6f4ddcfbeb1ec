"""Grant calls (bandi): the Bandi screen, and a ticket's applications from the ticket screen."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from helpdesk.domain.calls import STAGE_MOVES, Call, Stage
from helpdesk.domain.models import Ticket
from helpdesk.i18n import N_, _, ngettext
from helpdesk.render.calls import (
    call_view,
    candidates_view,
    days_left_text,
    stage_text,
    status_text,
)
from helpdesk.render.text import literal, one_line
from helpdesk.render.webinars import moment_text
from helpdesk.services.calls import AGENDA_DAYS, Stepped
from helpdesk.services.desk import Desk
from helpdesk.tui.messages import TicketsChanged
from helpdesk.tui.screens.base import DeskScreen
from helpdesk.tui.screens.dialogs import ChoiceDialog, TextDialog
from helpdesk.tui.widgets.footer import Footer

# -- from a ticket --------------------------------------------------------------------------------


def calls_section(desk: Desk, ticket: Ticket) -> RenderableType | None:
    """The ticket's applications and the open calls its business is eligible for, for the
    ticket screen; None when there is neither."""
    pairs = desk.calls.for_ticket(ticket.ref)
    match = desk.calls.match(ticket.ref)
    applied = {call.id for call, _application in pairs}
    lines: list[RenderableType] = []
    tz = desk.clock.tz
    now = desk.clock.now()
    for call, application in pairs:
        lines.append(
            Text.assemble(
                (_("call {id}").format(id=call.id) + " ", "bold"),
                one_line(call.title, 50),
                "  ",
                stage_text(application),
                ("  " + _("closes") + " ", "dim"),
                moment_text(call.closes, tz),
            )
        )
    for judged in match.eligible:
        if judged.call.id in applied:
            continue
        lines.append(
            Text.assemble(
                (_("call {id}").format(id=judged.call.id) + " ", "bold"),
                one_line(judged.call.title, 50),
                ("  " + _("eligible, not applied") + "  ", "green"),
                days_left_text(judged.call, now),
            )
        )
    for judged in match.near_misses:
        lines.append(
            Text.assemble(
                (_("call {id}").format(id=judged.call.id) + " ", "bold dim"),
                one_line(judged.call.title, 50, "dim"),
                "  ",
                literal(
                    _("not eligible: {reasons}").format(reasons="; ".join(judged.reasons)),
                    "yellow",
                ),
            )
        )
    if not lines:
        return None
    heading = Text.assemble(
        (_("Grant calls"), "bold underline"), ("  " + _("g: apply or next step"), "dim")
    )
    return Group(Text(""), heading, *lines)


def work_on_calls(screen: DeskScreen[None], ref: int) -> None:
    """Offer every move open to the ticket: apply to an eligible open call, or move an
    application to any stage its current one allows; funded asks for the amount."""
    app = screen.helpdesk
    desk = screen.desk
    found = app.act(lambda: (desk.calls.for_ticket(ref), desk.calls.match(ref)))
    if found is None:
        return
    pairs, match = found
    applied = {call.id for call, _application in pairs}
    choices: list[tuple[str, Text | str]] = []
    for call, application in pairs:
        for stage in STAGE_MOVES[application.stage]:
            choices.append(
                (
                    f"step:{call.id}:{stage.value}",
                    Text.assemble(
                        (_("call {id}").format(id=call.id) + " ", "bold"),
                        one_line(call.title, 40),
                        "  ",
                        stage_text(application),
                        " → ",
                        (stage.label_text, "bold"),
                    ),
                )
            )
    for judged in match.eligible:
        if judged.call.id not in applied:
            choices.append(
                (
                    f"apply:{judged.call.id}",
                    Text.assemble(
                        (_("apply to") + " ", "green"),
                        (_("call {id}").format(id=judged.call.id) + " ", "bold"),
                        one_line(judged.call.title, 40),
                        "  ",
                        days_left_text(judged.call, desk.clock.now()),
                    ),
                )
            )
    if not choices:
        app.say(
            _("#{ref}: no open call it is eligible for, and no application to move.").format(
                ref=ref
            )
        )
        return

    def done(result: Stepped | None) -> None:
        if result is None:
            return
        app.saved([result.ticket])
        stage = result.application.stage.label_text
        if result.before:
            stage = f"{result.before.label_text} → {stage}"
        said = _("#{ref} call {id}: {stage}").format(ref=ref, id=result.call.id, stage=stage)
        if result.followup:
            said += " " + _("(deadline follow-up {number})").format(number=result.followup)
        app.say(said)

    def funded(call_id: int) -> None:
        def with_amount(amount: str | None) -> None:
            if amount is not None:
                done(app.act(lambda: desk.calls.step(ref, call_id, Stage.FUNDED, amount=amount)))

        app.push_screen(
            TextDialog(
                lambda: _("Amount granted to #{ref} by call {id}").format(ref=ref, id=call_id),
                placeholder="8.500,00",
            ),
            with_amount,
        )

    def picked(value: str | None) -> None:
        if value is None:
            return
        parts = value.split(":")
        if parts[0] == "apply":
            done(app.act(lambda: desk.calls.apply(ref, int(parts[1]))))
            return
        call_id, stage = int(parts[1]), Stage(parts[2])
        if stage is Stage.FUNDED:
            funded(call_id)
            return
        done(app.act(lambda: desk.calls.step(ref, call_id, stage)))

    app.push_screen(
        ChoiceDialog(
            lambda: _("Grant calls for #{ref}: apply, or move an application").format(ref=ref),
            choices,
            hint=_("enter does it · esc cancels"),
        ),
        picked,
    )


# -- in the agenda -------------------------------------------------------------------------------


def deadline_options(desk: Desk) -> list[Option]:
    """The agenda's call deadlines: open calls closing in the next four weeks, as lines that
    cannot be picked; none at all (not even a heading) when no deadline is near."""
    calls = desk.calls.upcoming_deadlines(AGENDA_DAYS)
    if not calls:
        return []
    now, tz = desk.clock.now(), desk.clock.tz
    options = [
        Option(
            Text.assemble(
                (_("Call deadlines, next {days} days").format(days=AGENDA_DAYS), "bold"),
                (f"  {len(calls)}", "dim"),
            ),
            id="section:calls",
            disabled=True,
        )
    ]
    for call in calls:
        applying = sum(1 for a in call.applications if a.stage.applying)
        options.append(
            Option(
                Text.assemble(
                    "  ",
                    moment_text(call.closes, tz).ljust(24),
                    days_left_text(call, now),
                    "  ",
                    (_("call {id}").format(id=call.id) + " ", "bold"),
                    one_line(call.title, 50),
                    ("  " + _("{count} to submit").format(count=applying), "yellow")
                    if applying
                    else "",
                ),
                disabled=True,
            )
        )
    return options


# -- the Bandi screen -----------------------------------------------------------------------------


class CallsScreen(DeskScreen[None]):
    """The grant calls: open ones with days left (or all); the highlighted one below, with its
    applications by stage and the businesses eligible for it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "toggle_open", N_("Open / all"), tooltip=N_("Open calls only, or every call")),
        Binding(
            "i",
            "toggle_ineligible",
            N_("Ineligible"),
            tooltip=N_("Show the ineligible, with why"),
        ),
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the list")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._open_only = True
        self._show_ineligible = False
        self._calls: list[Call] = []

    def compose(self) -> ComposeResult:
        """The widgets of the screen."""
        yield Static(id="calls-title", classes="screen-title")
        yield OptionList(id="call-list")
        with VerticalScroll(id="call-detail"):
            yield Static(id="call-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fill the screen and put the cursor on the list."""
        self._draw()
        self.query_one("#call-list", OptionList).focus()

    def _draw(self) -> None:
        found = self.helpdesk.act(
            lambda: self.desk.calls.calls(status="open" if self._open_only else None)
        )
        if found is None:
            return
        self._calls = found
        listing = self.query_one("#call-list", OptionList)
        keep = listing.highlighted_option.id if listing.highlighted_option else None
        count = len(found)
        if self._open_only:
            which = ngettext("{count} open call", "{count} open calls", count)
        else:
            which = ngettext("{count} call in all", "{count} calls in all", count)
        self.query_one("#calls-title", Static).update(
            Text.assemble((_("Bandi"), "bold"), (" · " + which.format(count=count), "dim"))
        )
        options = [Option(self._line(c), id=str(c.id)) for c in found]
        listing.set_options(options)
        ids = [o.id for o in options]
        if not options:
            self.query_one("#call-body", Static).update(
                Text(_("No call. u shows every call."), style="dim")
            )
            return
        listing.highlighted = ids.index(keep) if keep in ids else 0
        self._show(self._current())

    def _line(self, call: Call) -> Text:
        clock = self.helpdesk.clock
        now = clock.now()
        title = one_line(call.title, 40)
        title.pad_right(40 - title.cell_len)
        left = days_left_text(call, now)
        left.pad_right(14 - left.cell_len)
        applying = sum(1 for a in call.applications if a.stage.applying)
        line = Text.assemble(
            (f"{call.id:>4} ", "bold"),
            title,
            " ",
            status_text(call, now),
            "  ",
            moment_text(call.closes, clock.tz).ljust(22),
            left,
            (
                "  "
                + ngettext(
                    "{count} application", "{count} applications", len(call.applications)
                ).format(count=len(call.applications)),
                "dim",
            )
            if call.applications
            else "",
            (", " + _("{count} to submit").format(count=applying), "yellow") if applying else "",
        )
        line.truncate(max(self.app.size.width - 4, 40), overflow="ellipsis")
        return line

    def _current(self) -> Call | None:
        option = self.query_one("#call-list", OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        return next((c for c in self._calls if str(c.id) == option.id), None)

    def _show(self, call: Call | None) -> None:
        body = self.query_one("#call-body", Static)
        if call is None:
            body.update("")
            return
        clock = self.helpdesk.clock
        candidates = self.helpdesk.act(lambda: self.desk.calls.candidates(call.id))
        parts: list[RenderableType] = [call_view(call, clock.now(), clock.tz, self.index.companies)]
        if candidates is not None:
            parts += [
                Text(""),
                Text(_("Candidates"), style="bold underline"),
                candidates_view(
                    candidates,
                    show_ineligible=self._show_ineligible,
                    hint=_("i shows them with the reasons."),
                ),
            ]
        body.update(Group(*parts))

    @on(OptionList.OptionHighlighted, "#call-list")
    def _highlighted(self) -> None:
        self._show(self._current())

    def redraw(self) -> None:
        """Draw the calls again."""
        self._draw()

    def on_tickets_changed(self, event: TicketsChanged) -> None:
        """Applications and candidates may have changed."""
        self._draw()

    # -- keys -------------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_toggle_open(self) -> None:
        """Open calls only, or every call."""
        self._open_only = not self._open_only
        self._draw()

    def action_toggle_ineligible(self) -> None:
        """Show or hide the ineligible candidates and their reasons."""
        self._show_ineligible = not self._show_ineligible
        self._show(self._current())
