"""Summaries: ``summary``, the figures for a period, for the desk and its funders."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from helpdesk.cli.filtering import FilterCommand, query_from_args
from helpdesk.cli.output import emit_csv, emit_json, show, write_text
from helpdesk.cli.periods import PeriodOpt, ProgrammeCut, SinceOpt, UntilOpt, programme_query
from helpdesk.cli.state import reader, state


class SummaryFormat(StrEnum):
    """Output formats of ``summary``."""

    TABLE = "table"
    MARKDOWN = "markdown"
    CSV = "csv"
    JSON = "json"


class By(StrEnum):
    """The breakdowns ``summary --by`` prints alone."""

    TOPIC = "topic"
    STATUS = "status"
    CHANNEL = "channel"
    KIND = "kind"
    PROVINCE = "province"
    ADVISER = "adviser"
    MONTH = "month"
    OUTCOME = "outcome"


def register(app: typer.Typer) -> None:
    """Add ``summary`` to ``app``."""
    app.command("summary", cls=FilterCommand)(summary)


def summary(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only tickets matching this filter, e.g. topic:grants province:CO.",
            show_default=False,
        ),
    ] = None,
    period: PeriodOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    by: Annotated[
        By | None,
        typer.Option("--by", "-b", help="Print just this breakdown, in full.", show_default=False),
    ] = None,
    fmt: Annotated[
        SummaryFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SummaryFormat.TABLE,
    programme: ProgrammeCut = None,
) -> None:
    """Figures for a period, for the desk and its funders.

    Tickets by topic, status, channel, kind, province, adviser and month; businesses served;
    time to triage and to first follow-up; open tickets; follow-ups; webinars; outcomes; the
    impact funnel (requests, advised, referred, answered, project or grant) and satisfaction.
    Tickets are picked by the day they were created; default: all of them.

    CSV is long: one section,key,value row per figure (e.g. topic,ecommerce,12), the same
    figures as JSON.

    With --desk all, the figures of the whole network (medians over every desk's tickets), and
    each desk's key figures beside them.
    """
    from helpdesk.services.summary_json import breakdown_json, summary_json

    if state(ctx).network_wide:
        from helpdesk.cli.network import network_summary

        text = query_from_args(query or [])
        if programme:  # each desk's own programme of that key
            text = f"{text} programme:{programme}".strip()
        network_summary(ctx, text, (period, since, until), by, fmt)
        return
    desk = reader(ctx)
    figures = desk.summary.compute(
        desk.summary.period(period, since=since, until=until),
        programme_query(desk, query_from_args(query or []), programme),
    )
    name = by.value if by is not None else None
    if fmt is SummaryFormat.JSON:
        emit_json(breakdown_json(figures, name) if name else summary_json(figures))
        return
    from helpdesk.render import summary as view

    if fmt is SummaryFormat.CSV:
        data = breakdown_json(figures, name) if name else summary_json(figures)
        emit_csv(view.summary_rows(data), view.CSV_COLUMNS)
    elif fmt is SummaryFormat.MARKDOWN:
        if name:
            text = view.breakdown_report_markdown(figures, name)
        else:
            text = view.summary_markdown(figures)
        write_text(text)
    else:
        show(view.breakdown_report(figures, name) if name else view.summary_view(figures))
