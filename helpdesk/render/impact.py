"""The impact funnel and satisfaction drawn with Rich, and as Markdown."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from helpdesk.domain.numbers import format_count, format_euros, format_number, format_percent
from helpdesk.i18n import _, pgettext
from helpdesk.services.impact import STAGES, Impact

#: The funnel's stages as people read them, by the key the impact service gives each.
STAGE_LABELS = dict(STAGES)


def stage_label(key: str, label: str) -> str:
    """A funnel stage's label in the current language (``label`` for a stage not listed)."""
    return pgettext("funnel stage", STAGE_LABELS[key]) if key in STAGE_LABELS else label


def _percent(rate: float | None) -> str:
    return "" if rate is None else format_percent(rate)


def euros_text(amount: int) -> str:
    """Whole euros in the current language: ``€15,000``, ``15.000 €``."""
    return format_euros(amount * 100)


def _average(average: float | None) -> str:
    if average is None:
        return _("no answers yet")
    return format_number(average, 1) + "/5"


def impact_view(impact: Impact) -> RenderableType:
    """The funnel, one stage a line with its rate against the stage before, then satisfaction."""
    table = Table(title=_("Impact"), title_style="bold", box=None, padding=(0, 1))
    table.add_column(_("Stage"))
    table.add_column(_("Count"), justify="right")
    table.add_column(_("Rate"), justify="right", style="dim")
    for stage in impact.stages:
        label = stage_label(stage.key, stage.label)
        table.add_row(label, format_count(stage.count), _percent(stage.rate))
    lines: list[RenderableType] = [table]
    if impact.overall is not None:
        overall = _("From request to project: {share}").format(share=_percent(impact.overall))
        lines.append(Text(overall, style="dim"))
    if impact.euros:
        euros = _("Projects and grants: {amount}").format(amount=euros_text(impact.euros))
        lines.append(Text(euros, style="green"))
    s = impact.satisfaction
    if s.finished:
        lines.append(
            Text(
                _("Satisfaction: {average} · {answers} of {finished} answered ({share})").format(
                    average=_average(s.average),
                    answers=s.answers,
                    finished=s.finished,
                    share=_percent(s.response_rate),
                )
            )
        )
    return Group(*lines)


def impact_markdown(impact: Impact) -> str:
    """The funnel and satisfaction as Markdown, for ``summary --format md``."""
    header = f"| {_('Stage')} | {_('Count')} | {_('Rate')} |"
    lines = ["## " + _("Impact"), "", header, "|---|---:|---:|"]
    for stage in impact.stages:
        label = stage_label(stage.key, stage.label)
        lines.append(f"| {label} | {format_count(stage.count)} | {_percent(stage.rate)} |")
    lines.append("")
    if impact.overall is not None:
        lines.append(
            _("From request to project or grant: {share}.").format(share=_percent(impact.overall))
        )
    if impact.euros:
        lines.append(
            _("Projects started and grants obtained: {amount}.").format(
                amount=euros_text(impact.euros)
            )
        )
    s = impact.satisfaction
    if s.finished:
        lines.append(
            _(
                "Satisfaction: {average}, {answers} of {finished} finished requests answered "
                "({share})."
            ).format(
                average=_average(s.average),
                answers=s.answers,
                finished=s.finished,
                share=_percent(s.response_rate),
            )
        )
    lines.append("")
    return "\n".join(lines)
