"""The header: the desk's pulse (new, due today, overdue, open), who is acting, and when."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from helpdesk.dates import format_datetime
from helpdesk.domain.numbers import format_count
from helpdesk.i18n import _, npgettext
from helpdesk.render.text import literal
from helpdesk.tui.index import Pulse

#: How often the main screen redraws the header's clock, in seconds (it shows minutes).
CLOCK_INTERVAL = 10.0


class PulseHeader(Static):
    """One line across the top of the main screen.

    On a narrow screen the parts that matter least give way first, so the figures, who is
    acting and the time always show: the database's path, then the total of tickets, then the
    spaces and words that are only there to read well.
    """

    _pulse: Pulse | None = None
    _actor = ""
    _where = ""
    _now: datetime | None = None

    def show(self, pulse: Pulse, *, actor: str, where: str, now: datetime) -> None:
        """Draw the figures."""
        self._pulse, self._actor, self._where = pulse, actor, where
        self.tick(now)

    def tick(self, now: datetime) -> None:
        """Draw the figures again with the time ``now`` (the clock moved on)."""
        self._now = now
        self._draw()

    def on_resize(self) -> None:
        """Fit the line to the new width."""
        self._draw()

    def _draw(self) -> None:
        if self._pulse is None or self._now is None:
            return
        width = self.content_size.width or 120
        fits = ((True, True, False), (False, True, False), (False, False, False))
        for where, total, compact in (*fits, (False, False, True)):
            line = self._line(where=where, total=total, compact=compact)
            if line.cell_len <= width:
                break
        self.update(line, layout=False)

    def _line(self, *, where: bool, total: bool, compact: bool) -> Text:
        pulse, now = self._pulse, self._now
        assert pulse is not None and now is not None

        def figure(count: int, label: str, style: str) -> Text:
            return Text.assemble(
                (f" {format_count(count)} ", f"{style} reverse" if count else "dim"),
                (f" {label}" + (" " if compact else "  "), "" if count else "dim"),
            )

        return Text.assemble(
            ("" if compact else "helpdesk ", "bold"),
            literal(self._where, "dim") if where else "",
            ("  ", "") if where else "",
            # Translators: the header's figures: new tickets, follow-ups due today, overdue
            # follow-ups, open tickets; then "of 1,234" tickets in all, and "as" who acts.
            figure(pulse.new, npgettext("header figure", "new", "new", pulse.new), "bold cyan"),
            figure(
                pulse.due_today,
                _("today")
                if compact
                else npgettext("header figure", "due today", "due today", pulse.due_today),
                "bold yellow",
            ),
            figure(
                pulse.overdue,
                npgettext("header figure", "overdue", "overdue", pulse.overdue),
                "bold red",
            ),
            figure(
                pulse.open, npgettext("header figure", "open", "open", pulse.open), "bold green"
            ),
            (_("of {total}").format(total=format_count(pulse.total)) + "  ", "dim")
            if total
            else "",
            (_("as") + " ", "dim"),
            literal(self._actor, "bold"),
            ("  ", ""),
            (format_datetime(now, now.tzinfo) if now.tzinfo else "", "dim"),
        )
