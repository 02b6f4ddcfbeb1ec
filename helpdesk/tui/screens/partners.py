"""The hub's network in the terminal UI: referrals on the ticket screen (refer, move a step)
and the partners screen."""

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

from helpdesk.domain.models import Ticket
from helpdesk.domain.partners import REFERRAL_MOVES, Partner
from helpdesk.i18n import N_, _
from helpdesk.render.partners import (
    network_mark,
    partner_view,
    referral_state_text,
    referral_steps,
)
from helpdesk.render.text import literal, one_line
from helpdesk.services.desk import Desk
from helpdesk.tui.messages import TicketsChanged
from helpdesk.tui.screens.base import DeskScreen
from helpdesk.tui.screens.dialogs import ChoiceDialog, TextDialog
from helpdesk.tui.widgets.footer import Footer

# -- from a ticket --------------------------------------------------------------------------------


def referrals_section(desk: Desk, ticket: Ticket) -> RenderableType | None:
    """The ticket's referrals with their steps, for the ticket screen; None when it has none."""
    entries = desk.referrals.for_ticket(ticket.ref)
    if not entries:
        return None
    today = desk.clock.today()
    return Group(
        Text(""),
        Text.assemble(
            (_("Referrals"), "bold underline"),
            ("   " + _("p refers again · m moves a step"), "dim"),
        ),
        *(referral_steps(e, today) for e in entries),
    )


def company_referrals_section(desk: Desk, refs: list[int]) -> RenderableType | None:
    """The referrals of a company's tickets, for the company screen; None when there are none."""
    today = desk.clock.today()
    entries = [e for ref in refs for e in desk.referrals.for_ticket(ref)]
    if not entries:
        return None
    lines = Text(_("Referrals"), style="bold")
    for e in entries:
        lines.append("\n")
        lines.append_text(
            Text.assemble(
                (f"#{e.referral.ref} ", "bold"),
                one_line(e.partner.name, 40),
                "  ",
                referral_state_text(e.referral, today),
            )
        )
    return lines


def refer_ticket(screen: DeskScreen[None], ref: int) -> None:
    """Offer the partners, those covering the ticket's topics first with why; refer to the one
    picked, with a note."""
    app = screen.helpdesk
    desk = screen.desk
    found = app.act(lambda: (desk.partners.suggest(ref), desk.partners.partners()))
    if found is None:
        return
    (_ticket, ranked), everyone = found
    suggested = {r.partner.id for r in ranked}
    choices: list[tuple[str, Text | str]] = [
        (
            str(r.partner.id),
            Text.assemble(one_line(r.partner.name, 40, "bold"), "  ", (r.reason, "green")),
        )
        for r in ranked
    ]
    choices += [
        (str(p.id), Text.assemble(one_line(p.name, 40), "  ", (p.kind.label_text, "dim")))
        for p in everyone
        if p.active and p.id not in suggested
    ]
    if not choices:
        app.say(_("No partners yet: add them with `helpdesk partner add` or `partner import`."))
        return

    def noted(partner: str, note: str | None) -> None:
        if note is None:
            return
        referral = app.act(lambda: desk.referrals.refer(ref, partner, note=note))
        if referral is None:
            return
        ticket = desk.tickets.get(ref)
        app.saved([ticket])
        name = desk.partners.get(referral.partner).name
        app.say(
            _("#{ref} referred to {partner}; answer expected {date}").format(
                ref=ref, partner=name, date=f"{referral.expected:%d/%m/%Y}"
            )
        )

    def picked(value: str | None) -> None:
        if value is None:
            return
        screen.app.push_screen(
            TextDialog(
                lambda: _("What is asked of the partner (optional)"),
                placeholder=_("e.g. an inspection of the robotic line"),
                required=False,
            ),
            lambda note: noted(value, note),
        )

    app.push_screen(
        ChoiceDialog(
            lambda: _("Refer #{ref} to a partner (those covering its topics first)").format(
                ref=ref
            ),
            choices,
            hint=_("enter picks · esc cancels"),
        ),
        picked,
    )


def step_referral(screen: DeskScreen[None], ref: int) -> None:
    """Offer every possible next step of the ticket's unfinished referrals; take the one
    picked, with what the partner said."""
    app = screen.helpdesk
    desk = screen.desk
    entries = app.act(lambda: desk.referrals.for_ticket(ref))
    if entries is None:
        return
    choices: list[tuple[str, Text | str]] = []
    for e in entries:
        for state in REFERRAL_MOVES[e.referral.state]:
            choices.append(
                (
                    f"{e.referral.id}:{state.value}",
                    Text.assemble(
                        (f"R{e.referral.id} ", "bold"),
                        one_line(e.partner.name, 30),
                        ("  " + e.referral.state.label_text + " → ", "dim"),
                        (state.label_text, "bold"),
                    ),
                )
            )
    if not choices:
        app.say(
            _("#{ref} has no referral waiting for a step: p refers it to a partner.").format(
                ref=ref
            )
        )
        return

    def noted(value: str, note: str | None) -> None:
        if note is None:
            return
        number, state = value.split(":")
        moved = app.act(lambda: desk.referrals.step(number, state, note=note))
        if moved is None:
            return
        app.saved([desk.tickets.get(ref)])
        app.say(
            _("Referral {id} (#{ref}) is now {state}").format(
                id=moved.id, ref=ref, state=moved.state.label_text
            )
        )

    def picked(value: str | None) -> None:
        if value is None:
            return
        screen.app.push_screen(
            TextDialog(lambda: _("What the partner said (optional)"), required=False),
            lambda note: noted(value, note),
        )

    app.push_screen(
        ChoiceDialog(
            lambda: _("Move a referral of #{ref} on").format(ref=ref),
            choices,
            hint=_("enter picks · esc cancels"),
        ),
        picked,
    )


# -- the partners screen --------------------------------------------------------------------------


class PartnersScreen(DeskScreen[None]):
    """The partners of the network; the highlighted one in full below, with its referrals."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the list")),
        Binding(
            "s",
            "share",
            N_("Sharing"),
            tooltip=N_("Share the partner with the network's desks, or stop sharing it"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._partners: list[Partner] = []
        self._in_network = False

    def compose(self) -> ComposeResult:
        """The title, the list and the detail."""
        yield Static(id="partners-title", classes="screen-title")
        yield OptionList(id="partner-list")
        with VerticalScroll(id="partner-detail"):
            yield Static(id="partner-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fill the list and focus it."""
        self._in_network = bool(self.helpdesk.act(lambda: self.desk.partners.in_network()))
        self.refresh_bindings()
        self._draw()
        self.query_one("#partner-list", OptionList).focus()

    def _draw(self) -> None:
        found = self.helpdesk.act(lambda: self.desk.partners.partners())
        if found is None:
            return
        self._partners = found
        late = self.helpdesk.act(lambda: self.desk.referrals.entries(late=True)) or []
        waiting = self.helpdesk.act(lambda: self.desk.referrals.entries(pending=True)) or []
        self.query_one("#partners-title", Static).update(
            Text.assemble(
                (_("Partners"), "bold"),
                (
                    " · "
                    + _("{count} · {awaited} answers awaited").format(
                        count=len(found), awaited=len(waiting)
                    ),
                    "dim",
                ),
                (" · " + _("{count} late").format(count=len(late)) if late else "", "bold red"),
            )
        )
        listing = self.query_one("#partner-list", OptionList)
        listing.set_options(
            [
                Option(
                    Text.assemble(
                        (f"{p.id:>4} ", "bold"),
                        one_line(p.name, 40, "" if p.active else "dim"),
                        "  ",
                        (p.kind.label_text, "cyan" if p.active else "dim"),
                        "  ",
                        literal(", ".join(p.topics), "dim"),
                        ("  " + network_mark(p) if network_mark(p) else "", "dim"),
                    ),
                    id=str(p.id),
                )
                for p in found
            ]
        )
        body = self.query_one("#partner-body", Static)
        if not found:
            body.update(
                Text(_("No partners yet: `helpdesk partner add` or `partner import`."), style="dim")
            )
            return
        listing.highlighted = 0
        self._show()

    def _show(self) -> None:
        option = self.query_one("#partner-list", OptionList).highlighted_option
        partner = next((p for p in self._partners if option and str(p.id) == option.id), None)
        body = self.query_one("#partner-body", Static)
        if partner is None:
            body.update("")
            return
        entries = self.helpdesk.act(lambda: self.desk.referrals.entries(partner=str(partner.id)))
        names = {key: self.index.topic_label(key) for key in partner.topics}
        body.update(partner_view(partner, entries or [], self.helpdesk.clock.today(), names))

    @on(OptionList.OptionHighlighted, "#partner-list")
    def _highlighted(self) -> None:
        self._show()

    def redraw(self) -> None:
        """Draw the partners again."""
        self._draw()

    def on_tickets_changed(self, event: TicketsChanged) -> None:
        """Referrals may have moved."""
        self._draw()

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Sharing is offered on a desk of a network only (a file desk is alone)."""
        return self._in_network if action == "share" else True

    def action_share(self) -> None:
        """Share the highlighted partner with every desk of the network, or stop sharing it;
        another desk's partner, a file desk, or a partner others referred to say why not."""
        option = self.query_one("#partner-list", OptionList).highlighted_option
        partner = next((p for p in self._partners if option and str(p.id) == option.id), None)
        if partner is None:
            return
        shared = not partner.shared
        changed = self.helpdesk.act(lambda: self.desk.partners.share(partner.id, shared))
        if changed is None:
            return
        said = (
            _("Partner {name} is shared with the network's desks.")
            if changed.shared
            else _("Partner {name} is this desk's alone again.")
        )
        self.notify(said.format(name=changed.name))
        self._draw()
