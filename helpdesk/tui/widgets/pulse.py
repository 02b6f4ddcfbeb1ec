"""The header: the desk's pulse (new, due today, overdue, open), who is acting, and when."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from helpdesk.dates import format_datetime
from helpdesk.render.text import literal
from helpdesk.tui.index import Pulse


class PulseHeader(Static):
    """One line across the top of the main screen."""

    def show(self, pulse: Pulse, *, actor: str, where: str, now: datetime) -> None:
        """Draw the figures."""

        def figure(count: int, label: str, style: str) -> Text:
            return Text.assemble(
                (f" {count:,} ", f"{style} reverse" if count else "dim"),
                (f" {label}  ", "" if count else "dim"),
            )

        self.update(
            Text.assemble(
                ("helpdesk ", "bold"),
                literal(where, "dim"),
                ("  ", ""),
                figure(pulse.new, "new", "bold cyan"),
                figure(pulse.due_today, "due today", "bold yellow"),
                figure(pulse.overdue, "overdue", "bold red"),
                figure(pulse.open, "open", "bold green"),
                (f"of {pulse.total:,}  ", "dim"),
                ("as ", "dim"),
                literal(actor, "bold"),
                ("  ", ""),
                (format_datetime(now, now.tzinfo) if now.tzinfo else "", "dim"),
            ),
            layout=False,
        )
