"""The dashboard: the summary figures for a period, with bars, and sparklines of the months."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Sparkline, Static

from helpdesk.dates import format_month
from helpdesk.i18n import N_, _
from helpdesk.render.summary import row_label, summary_view
from helpdesk.services.summary import Count, Period, Summary
from helpdesk.tui.messages import TicketsChanged
from helpdesk.tui.screens.base import DeskScreen
from helpdesk.tui.screens.dialogs import TextDialog
from helpdesk.tui.widgets.footer import Footer


class DashboardScreen(DeskScreen[None]):
    """The desk's figures: the same summary as ``helpdesk summary``, for any period."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "period", N_("Period"), tooltip=N_("The figures of a month, quarter or year")),
        Binding(
            "f", "filter", N_("Filter"), tooltip=N_("The figures of the tickets a query finds")
        ),
        Binding("escape", "back", N_("Back"), tooltip=N_("Back to the list")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._period_text = ""
        self._query = ""

    def compose(self) -> ComposeResult:
        """The widgets of the dialog."""
        yield Static(id="dashboard-title", classes="screen-title")
        with VerticalScroll(id="dashboard"):
            with Horizontal(classes="figure-row"):
                with Vertical():
                    yield Static(id="spark-received-label")
                    yield Sparkline([], id="spark-received")
                with Vertical():
                    yield Static(id="spark-open-label")
                    yield Sparkline([], id="spark-closed")
            yield Static(id="summary-body")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Fill the dialog and put the cursor where work starts."""
        self._draw()
        self.query_one("#dashboard", VerticalScroll).focus()

    def _period(self) -> Period | None:
        text = self._period_text.strip()
        return self.helpdesk.act(lambda: self.desk.summary.period(text or None))

    def _draw(self) -> None:
        period = self._period()
        if period is None:
            self._period_text = ""
            return
        held = self.helpdesk.index.all_tickets()  # the app holds every ticket: none read again
        summary = self.helpdesk.act(
            lambda: self.desk.summary.compute(period, self._query, held=held)
        )
        if summary is None:
            self._query = ""
            return
        title = Text.assemble((_("Dashboard"), "bold"), (" · ", "dim"), period.describe())
        if self._query:
            title.append_text(Text.assemble((" · " + _("filter") + " ", "dim"), Text(self._query)))
        self.query_one("#dashboard-title", Static).update(title)
        self._sparklines(summary)
        self.query_one("#summary-body", Static).update(summary_view(summary))

    def _sparklines(self, summary: Summary) -> None:
        months = summary.breakdown("month").rows
        outcome = summary.breakdown("status")
        received = [float(r.count) for r in months]
        self.query_one("#spark-received", Sparkline).data = received or [0.0]
        first = _month_text(months[0]) if months else ""
        last = _month_text(months[-1]) if months else ""
        self.query_one("#spark-received-label", Static).update(
            Text.assemble(
                (_("Tickets received by month") + " ", "bold"),
                (f"{first} – {last}" if months else _("no tickets"), "dim"),
            )
        )
        # The statuses as a second sparkline: the shape of the lifecycle now.
        self.query_one("#spark-closed", Sparkline).data = [float(r.count) for r in outcome.rows]
        self.query_one("#spark-open-label", Static).update(
            Text.assemble(
                (_("By status") + " ", "bold"),
                (" → ".join(row_label("status", r) for r in outcome.rows), "dim"),
            )
        )

    def redraw(self) -> None:
        """Draw the figures again."""
        self._draw()

    def on_tickets_changed(self, event: TicketsChanged) -> None:
        """The figures follow the desk."""
        self._draw()

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)

    def action_period(self) -> None:
        """Choose the period: 2020-Q2, 2021, 2020-03… (empty: all time)."""

        def typed(text: str | None) -> None:
            if text is None:
                return
            self._period_text = text
            self._draw()

        self.app.push_screen(
            TextDialog(
                lambda: _("Period (empty for all time)"),
                placeholder=_("2020-Q2, 2021, 2020-03, march 2020"),
                required=False,
                initial=self._period_text,
            ),
            typed,
        )

    def action_filter(self) -> None:
        """Limit the figures to tickets matching a filter query."""

        def typed(text: str | None) -> None:
            if text is None:
                return
            self._query = text
            self._draw()

        self.app.push_screen(
            TextDialog(
                lambda: _("Filter (empty for every ticket)"),
                placeholder=_("topic:ecommerce province:CO"),
                required=False,
                initial=self._query,
            ),
            typed,
        )


def _month_text(row: Count) -> str:
    """A month of the breakdown (key ``2020-04``) as the desk writes months: ``apr 2020``."""
    year, _dash, month = row.key.partition("-")
    if year.isdigit() and month.isdigit():
        return format_month(int(year), int(month))
    return row_label("month", row)
