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
from helpdesk.tui.screens.base import DeskModal

#: Keys every list understands, which the footer leaves out.
MOVING = (
    ("↑ ↓  j k", "move"),
    ("PgUp PgDn  Home End", "move a page, to the ends"),
    ("Tab  Shift+Tab", "next, previous field or pane"),
    ("ctrl+p", "command palette: every action by name"),
    ("ctrl+q", "quit"),
)


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
        Binding("escape,question_mark,q", "dismiss", "Close", key_display="esc"),
    ]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self._under = under

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        with Vertical(classes="dialog"):
            yield Static(Text(f"Keys · {self._title()}"), classes="title")
            with VerticalScroll(id="help-body"):
                yield Static(self._body())
            yield Static(Text("esc to close · ctrl+p finds any action by name"), classes="hint")

    def _title(self) -> str:
        name = type(self._under).__name__.removesuffix("Screen")
        return {"Main": "tickets", "Ticket": "one ticket"}.get(name, name.lower())

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
                views.append(binding.description.removeprefix("View: "))
                continue
            if binding.action not in _our_actions(active.node):
                # Textual's own scrolling and focus keys: summed up in MOVING below.
                continue
            seen.add(binding.action)
            display = binding.key_display or self.app.get_key_display(binding) or key
            what = Text(binding.description, style="" if active.enabled else "dim")
            if binding.tooltip:
                what.append(f"  {binding.tooltip}", style="dim")
            keys.add_row(display, what)
        if views:
            keys.add_row(f"1 … {len(views)}", Text("Views: " + ", ".join(views)))
        for moving, meaning in MOVING:
            keys.add_row(moving, Text(meaning, style="dim"))
        parts: list[RenderableType] = [keys]
        if type(self._under).__name__ == "MainScreen":
            parts += [Text(""), Text("The filter language (all terms must hold)", style="bold")]
            terms = Table.grid(padding=(0, 2))
            terms.add_column(style="bold", no_wrap=True)
            terms.add_column()
            for term, meaning in filter_help():
                terms.add_row(term, Text(meaning))
            parts.append(terms)
        return Group(*parts)
