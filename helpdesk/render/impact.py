"""The impact funnel and satisfaction drawn with Rich, and as Markdown."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from helpdesk.services.impact import Impact


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{rate:.0%}"


def euros_text(amount: int) -> str:
    """``€ 15.000``, the Italian way."""
    return "€ " + f"{amount:,}".replace(",", ".")


def impact_view(impact: Impact) -> RenderableType:
    """The funnel, one stage a line with its rate against the stage before, then satisfaction."""
    table = Table(title="Impact", title_style="bold", box=None, padding=(0, 1))
    table.add_column("Stage")
    table.add_column("Count", justify="right")
    table.add_column("Rate", justify="right", style="dim")
    for stage in impact.stages:
        table.add_row(stage.label, str(stage.count), _percent(stage.rate))
    lines: list[RenderableType] = [table]
    if impact.overall is not None:
        lines.append(Text(f"From request to project: {_percent(impact.overall)}", style="dim"))
    if impact.euros:
        lines.append(Text(f"Projects and grants: {euros_text(impact.euros)}", style="green"))
    s = impact.satisfaction
    if s.finished:
        average = f"{s.average:.1f}/5" if s.average is not None else "no answers yet"
        lines.append(
            Text(
                f"Satisfaction: {average} · {s.answers} of {s.finished} answered "
                f"({_percent(s.response_rate)})"
            )
        )
    return Group(*lines)


def impact_markdown(impact: Impact) -> str:
    """The funnel and satisfaction as Markdown, for ``summary --format md``."""
    lines = ["## Impact", "", "| Stage | Count | Rate |", "|---|---:|---:|"]
    for stage in impact.stages:
        lines.append(f"| {stage.label} | {stage.count} | {_percent(stage.rate)} |")
    lines.append("")
    if impact.overall is not None:
        lines.append(f"From request to project or grant: {_percent(impact.overall)}.")
    if impact.euros:
        lines.append(f"Projects started and grants obtained: {euros_text(impact.euros)}.")
    s = impact.satisfaction
    if s.finished:
        average = f"{s.average:.1f}/5" if s.average is not None else "no answers yet"
        lines.append(
            f"Satisfaction: {average}, {s.answers} of {s.finished} finished requests answered "
            f"({_percent(s.response_rate)})."
        )
    lines.append("")
    return "\n".join(lines)
