"""``?``: the keys of the screen beneath, the keys that work everywhere, the filter language."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from helpdesk.domain.filters import filter_help
from helpdesk.i18n import N_, _, pgettext
from helpdesk.tui.keys import binding_description, binding_tooltip, keys_in_words
from helpdesk.tui.screens.base import DeskModal

#: Keys every list understands, which the footer leaves out (keys named as Textual names them).
MOVING = (
    ("↑ ↓  j k", N_("move")),
    ("pgup pgdn  home end", N_("move a page, to the ends")),
    ("tab  shift+tab", N_("next, previous field or pane")),
    ("ctrl+p", N_("command palette: every action by name")),
    ("ctrl+q", N_("quit")),
)

#: What the title calls the screen beneath, by its class.
SCREEN_NAMES = {
    "MainScreen": N_("tickets"),
    "TicketScreen": N_("one ticket"),
    "AgendaScreen": N_("agenda"),
    "WebinarsScreen": N_("webinars"),
    "DashboardScreen": N_("dashboard"),
    "TriageScreen": N_("triage"),
    "CallsScreen": N_("grant calls"),
    "PartnersScreen": N_("partners"),
    "CompanyScreen": N_("company"),
}


def _our_actions(node: object) -> set[str]:
    """The actions bound by the helpdesk's own classes in ``node``'s ancestry."""
    actions: set[str] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("helpdesk"):
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    actions.add(binding.action)
    return actions


class HelpScreen(DeskModal[None]):
    """The keys, listed from the bindings themselves so the list is never out of date.

    Args:
        under: The screen whose keys to list.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", N_("Close"), key_display="esc"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self._under = under

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            yield Static(Text(_("Keys · {screen}").format(screen=self._title())), classes="title")
            with VerticalScroll(id="help-body"):
                yield Static(self._body())
            yield Static(Text(_("esc to close · ctrl+p finds any action by name")), classes="hint")

    def _title(self) -> str:
        name = type(self._under).__name__
        if name in SCREEN_NAMES:
            return _(SCREEN_NAMES[name])
        return name.removesuffix("Screen").lower()

    def _body(self) -> RenderableType:
        keys = Table.grid(padding=(0, 2))
        keys.add_column(style="bold", no_wrap=True, min_width=14)
        keys.add_column()
        seen: set[str] = set()
        views: list[str] = []
        for key, active in self._under.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or binding.system:
                continue
            if binding.action.startswith("view("):
                # The number keys of the views make one line.
                views.append(pgettext("ticket view", binding.description))
                continue
            if binding.action not in _our_actions(active.node):
                # Textual's own scrolling and focus keys: summed up in MOVING below.
                continue
            seen.add(binding.action)
            display = self.app.get_key_display(binding) or key
            what = Text(binding_description(binding), style="" if active.enabled else "dim")
            if binding.tooltip:
                what.append(f"  {binding_tooltip(binding)}", style="dim")
            keys.add_row(display, what)
        if views:
            views_line = _("Views: {views}").format(views=", ".join(views))
            keys.add_row(f"1 … {len(views)}", Text(views_line))
        for moving, meaning in MOVING:
            keys.add_row(keys_in_words(moving), Text(_(meaning), style="dim"))
        parts: list[RenderableType] = [keys]
        if type(self._under).__name__ == "MainScreen":
            heading = _("The filter language (all terms must hold)")
            parts += [Text(""), Text(heading, style="bold")]
            terms = Table.grid(padding=(0, 2))
            terms.add_column(style="bold", no_wrap=True)
            terms.add_column()
            for term, meaning in filter_help():
                terms.add_row(term, Text(meaning))
            parts.append(terms)
        return Group(*parts)
