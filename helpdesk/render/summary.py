"""A summary drawn for people: Rich for the terminal, Markdown for funders, flat rows for CSV.

The Rich view is a headline panel over sections laid out in as many columns as the terminal
holds (three at 120 cells), each distribution a small table with a bar drawn in block characters,
so that a coordinator reads a quarter on one screen.

The CSV form is long: one ``section,key,value`` row per figure, flattened from
:func:`helpdesk.services.summary_json.summary_json` so that CSV and JSON carry the same figures:

* a plain figure: its group and name, e.g. ``tickets,received,42`` or
  ``time_to_triage,median_hours,3.5``;
* a breakdown line: the breakdown and the key, e.g. ``topic,ecommerce,12``, ``month,2020-04,9``,
  ``province,none,2``; nested lists are named by their path: ``businesses.by_kind,artisan,5``,
  ``open.ages,under_1w,3``.

Shares are left out of CSV (they are count / total); a figure that does not exist (a median
of nothing, webinars on a desk without them) is an empty value or absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich import box
from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from helpdesk.domain.enums import Channel, Choice, CompanyKind, Outcome, Status
from helpdesk.domain.numbers import format_count, format_percent
from helpdesk.i18n import N_, _, language, ngettext, pgettext
from helpdesk.render.text import literal, one_line
from helpdesk.services.summary import Breakdown, Count, Delay, Summary
from helpdesk.services.summary_labels import describe_hours
from helpdesk.services.templates import markdown_cell as md

#: Columns of the CSV form.
CSV_COLUMNS = ("section", "key", "value")

BAR_STYLE = "cyan"
ALERT_STYLE = "bold red"
_EIGHTHS = " ▏▎▍▌▋▊▉"
_SECTION_WIDTH = 36
#: Rows a distribution shows in the whole summary; the rest are gathered in one line.
_ROWS_IN_SUMMARY = 8

#: The headings the summary service gives its breakdowns, marked to be shown translated.
BREAKDOWN_TITLES = (
    N_("Topic"),
    N_("Status"),
    N_("Channel"),
    N_("Company kind"),
    N_("Province"),
    N_("Adviser"),
    N_("Month"),
    N_("Outcome of closed tickets"),
    N_("Businesses by kind"),
)

#: A breakdown's heading when it counts tickets, by its field.
TICKETS_BY = {
    "topic": N_("Tickets by topic"),
    "status": N_("Tickets by status"),
    "channel": N_("Tickets by channel"),
    "kind": N_("Tickets by company kind"),
    "province": N_("Tickets by province"),
    "adviser": N_("Tickets by adviser"),
    "month": N_("Tickets by month"),
    "outcome": N_("Tickets by outcome of closed tickets"),
}

#: Breakdowns whose keys are values of a vocabulary: their lines read as its labels.
_VOCABULARIES: dict[str, type[Choice]] = {
    "status": Status,
    "channel": Channel,
    "kind": CompanyKind,
    "outcome": Outcome,
}


# -- bits -----------------------------------------------------------------------------------------


def bar(value: float, largest: float, width: int, style: str = BAR_STYLE) -> Text:
    """A horizontal bar ``width`` cells long for ``largest``, in eighths of a cell.

    A value above zero always shows at least a sliver.
    """
    if largest <= 0 or value <= 0:
        return Text("")
    eighths = max(1, round(value / largest * width * 8))
    full, rest = divmod(eighths, 8)
    return Text("█" * full + (_EIGHTHS[rest] if rest else ""), style=style)


def percent(share: float | None) -> str:
    """``0.456`` → ``46%``; ``—`` for None."""
    return format_percent(share)


def _number(value: int | None) -> str:
    return format_count(value)


def _hours(hours: float | None) -> str:
    return describe_hours(hours, language())


def title_of(breakdown: Breakdown) -> str:
    """The breakdown's heading in the current language."""
    return _(breakdown.title) if breakdown.title else ""


def tickets_by(breakdown: Breakdown) -> str:
    """``Tickets by topic``: the heading of a breakdown of tickets, in the current language."""
    heading = TICKETS_BY.get(breakdown.field)
    if heading is not None:
        return _(heading)
    title = title_of(breakdown)
    return _("Tickets by {field}").format(field=title[:1].lower() + title[1:])


def row_label(field: str, row: Count) -> str:
    """How a line of a breakdown reads in the current language: as the summary labelled it in
    English; in another language a status, channel, kind or outcome as its vocabulary labels it
    (the glossary's words), anything else with the summary's own translation."""
    if language() == "en":
        return row.label
    vocabulary = _VOCABULARIES.get(field)
    if vocabulary is not None and row.key in vocabulary._value2member_map_:
        label = vocabulary(row.key).label_text
        return label[:1].upper() + label[1:]
    return row.label_it or row.label


def _labelled(field: str, rows: Sequence[Count]) -> list[Count]:
    return [
        Count(r.key, row_label(field, r), r.count, r.share, r.label_it) if r.key != "others" else r
        for r in rows
    ]


def _limited(rows: Sequence[Count], limit: int | None) -> list[Count]:
    if limit is None or len(rows) <= limit:
        return list(rows)
    kept, rest = list(rows[: limit - 1]), rows[limit - 1 :]
    count = sum(r.count for r in rest)
    share = sum(r.share for r in rest)
    others = ngettext("{count} other", "{count} others", len(rest)).format(count=len(rest))
    return [*kept, Count("others", others, count, share)]


# -- Rich -----------------------------------------------------------------------------------------


class BarChart:
    """A distribution drawn as lines of label, count, bar and share, fitted to its width.

    On a narrow screen labels are cut (with …) to 18 cells, then the bar shrinks down to 4 cells,
    then labels are cut further; counts and shares are always whole.

    Args:
        rows: The counts.
        title: A heading over the chart; none when empty.
        bar_width: Cells for the longest bar when there is room.
        caption: A dim line under the chart.
    """

    def __init__(
        self, rows: Sequence[Count], *, title: str = "", bar_width: int = 16, caption: str = ""
    ) -> None:
        self.rows = list(rows)
        self.title = title
        self.bar_width = bar_width
        self.caption = caption

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title:
            yield Text(self.title, style="bold")
        if not self.rows:
            yield Text(_("nothing"), style="dim")
            return
        labels = [one_line(r.label, style="dim" if r.key in _MUTED else "") for r in self.rows]
        counts = [_number(r.count) for r in self.rows]
        count_w = max(len(c) for c in counts)
        share_w = 4
        label_natural = max(label.cell_len for label in labels)
        room = options.max_width - count_w - share_w - 3  # three single spaces between columns
        bar_w = max(4, min(self.bar_width, room - min(label_natural, 18)))
        label_w = max(1, min(label_natural, room - bar_w))
        # A gathered "others" line gets no bar: it would dwarf the lines it sums up.
        largest = max((r.count for r in self.rows if r.key != "others"), default=0)
        for label, count, row in zip(labels, counts, self.rows, strict=True):
            label.truncate(label_w, overflow="ellipsis", pad=True)
            yield Text.assemble(
                label,
                " ",
                count.rjust(count_w),
                " ",
                _bar_cell(0 if row.key == "others" else row.count, largest, bar_w),
                " ",
                (percent(row.share).rjust(share_w), "dim"),
            )
        if self.caption:
            yield Text(self.caption, style="dim")


_MUTED = ("none", "others")


def _bar_cell(value: int, largest: int, width: int) -> Text:
    cell = bar(value, largest, width)
    cell.pad_right(width - cell.cell_len)
    return cell


def breakdown_view(
    breakdown: Breakdown,
    *,
    limit: int | None = None,
    bar_width: int = 16,
    title: str | None = None,
) -> BarChart:
    """One distribution as a :class:`BarChart`.

    Args:
        breakdown: The counts.
        limit: Show at most this many lines, the rest gathered in one (months: the latest).
        bar_width: Cells for the longest bar.
        title: A heading other than the breakdown's own ("" for none).
    """
    rows = _labelled(breakdown.field, breakdown.rows)
    caption = ""
    if breakdown.field == "month" and limit is not None and len(rows) > limit:
        hidden = len(rows) - limit
        caption = ngettext(
            "{count} earlier month not shown", "{count} earlier months not shown", hidden
        ).format(count=hidden)
        rows = rows[-limit:]
    else:
        rows = _limited(rows, limit)
    return BarChart(
        rows,
        title=title_of(breakdown) if title is None else title,
        bar_width=bar_width,
        caption=caption,
    )


def _facts(title: str, facts: Iterable[tuple[str, Text | str]]) -> Table:
    table = Table(
        box=None,
        show_header=False,
        title=title,
        title_justify="left",
        title_style="bold",
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column(style="dim", no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    for label, value in facts:
        table.add_row(label, value if isinstance(value, Text) else Text(value))
    return table


def _delays(summary: Summary) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        title=_("Response times"),
        title_justify="left",
        title_style="bold",
        pad_edge=False,
        padding=(0, 1, 0, 0),
        show_edge=False,
        header_style="dim",
    )
    # Translators: column headings of the response times: "time to" triage or follow-up, the
    # median, the 90th percentile, how many were measured, how many are still waiting (open).
    table.add_column(_("time to"), no_wrap=True, overflow="ellipsis")
    table.add_column(_("median"), justify="right", no_wrap=True, min_width=6)
    table.add_column("90%", justify="right", no_wrap=True, min_width=6)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column(pgettext("still waiting", "open"), justify="right", no_wrap=True)

    def line(label: str, delay: Delay) -> None:
        table.add_row(
            label,
            Text(_hours(delay.median_hours), style="bold"),
            _hours(delay.p90_hours),
            _number(delay.measured),
            Text(_number(delay.waiting), style="yellow" if delay.waiting else "dim"),
        )

    line(_("triage"), summary.triage)
    line(_("follow-up"), summary.first_followup)
    return table


def _businesses(summary: Summary) -> Table:
    b = summary.businesses
    facts = _facts(
        _("Businesses"),
        [
            (_("served"), Text(_number(b.served), style="bold")),
            (_("first contact"), _number(b.first_contact)),
            (_("returning"), _number(b.returning)),
            (_("tickets with no company"), _number(b.tickets_without_company)),
        ],
    )
    return facts


def _open(summary: Summary) -> RenderableType:
    o = summary.open
    ages = Breakdown("ages", N_("Open now, by age"), o.count, o.ages)
    oldest, median = o.oldest_age_days, o.median_age_days
    head = Text.assemble(
        (_number(o.count), "bold"),
        " ",
        pgettext("tickets", "open"),
        (" · " + _("oldest {days}d").format(days=oldest) if oldest is not None else "", "dim"),
        (" · " + _("median {days}d").format(days=median) if median is not None else "", "dim"),
    )
    if not o.count:
        return Group(Text(_("Open now"), style="bold"), head)
    return Group(breakdown_view(ages, bar_width=12), head)


def _followups(summary: Summary) -> Table:
    f = summary.followups
    with_followup = f.tickets_with_followup
    share = with_followup / summary.received if summary.received else None
    return _facts(
        _("Follow-ups"),
        [
            (pgettext("follow-ups", "done"), Text(_number(f.done), style="bold")),
            (pgettext("follow-ups", "pending"), _number(f.pending)),
            (
                pgettext("follow-ups", "overdue"),
                Text(_number(f.overdue), style=ALERT_STYLE if f.overdue else ""),
            ),
            (pgettext("follow-ups", "cancelled"), _number(f.cancelled)),
            (_("tickets with one"), f"{_number(with_followup)} ({percent(share)})"),
            (_("done in the period"), _number(f.done_in_period)),
        ],
    )


def _webinars(summary: Summary) -> Table:
    w = summary.webinars
    if w is None:
        return _facts(_("Webinars"), [("", Text(_("no webinar records"), style="dim"))])
    return _facts(
        _("Webinars"),
        [
            (pgettext("webinars", "held"), Text(_number(w.held), style="bold")),
            (_("seats offered"), _number(w.seats)),
            (
                pgettext("webinars", "enrolled"),
                _("{count} (fill {share})").format(
                    count=_number(w.enrolled), share=percent(w.fill_rate)
                ),
            ),
            (
                pgettext("webinars", "attended"),
                f"{_number(w.attended)} ({percent(w.attendance_rate)})",
            ),
            (pgettext("webinars", "upcoming"), _number(w.upcoming)),
        ],
    )


def headline(summary: Summary) -> Panel:
    """The figures a coordinator looks at first, in a panel titled with the period."""
    o, f = summary.open, summary.followups
    stats: list[tuple[str, str, str]] = [
        (_number(summary.received), _("tickets"), ""),
        (_number(summary.businesses.served), _("businesses"), ""),
        (_number(summary.businesses.returning), _("returning"), ""),
        (_hours(summary.triage.median_hours), _("median to triage"), ""),
        (_hours(summary.first_followup.median_hours), _("median to follow-up"), ""),
        (_number(o.count), _("open now"), "bold yellow" if o.count else ""),
        (_number(f.overdue), _("overdue follow-ups"), ALERT_STYLE if f.overdue else ""),
        (_number(summary.closed), pgettext("tickets", "closed"), ""),
    ]
    if summary.webinars is not None:
        w = summary.webinars
        stats.append((_number(w.held), _("webinars"), ""))
        stats.append((percent(w.attendance_rate), _("attendance"), ""))
    cells = [
        Text.assemble((value, style or "bold cyan"), "\n", (label, "dim"))
        for value, label, style in stats
    ]
    title = Text.assemble((_("Summary"), "bold"), " · ", summary.period.describe())
    subtitle = Text.assemble(_("filter:") + " ", literal(summary.query)) if summary.query else None
    # Times are medians; the Response times section has the 90th percentiles.
    return Panel(
        Columns(cells, padding=(0, 3)),
        title=title,
        title_align="left",
        subtitle=subtitle,
        subtitle_align="left",
        box=box.ROUNDED,
        border_style="dim",
    )


@dataclass(slots=True)
class _Masonry:
    """Sections stacked in as many columns as fit, each added to the shortest column."""

    sections: list[RenderableType]
    min_width: int = _SECTION_WIDTH

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        count = max(1, min(3, (options.max_width + 2) // (self.min_width + 2)))
        width = (options.max_width - 2 * (count - 1)) // count
        columns: list[list[RenderableType]] = [[] for _column in range(count)]
        heights = [0] * count
        measure = options.update(width=width)
        for section in self.sections:
            lines = len(console.render_lines(section, measure, pad=False))
            target = heights.index(min(heights))
            if columns[target]:
                columns[target].append(Text(""))
                heights[target] += 1
            columns[target].append(section)
            heights[target] += lines
        grid = Table.grid(padding=(0, 2))
        for _column in range(count):
            grid.add_column(width=width)
        grid.add_row(*(Group(*parts) for parts in columns))
        yield grid


def summary_view(summary: Summary) -> RenderableType:
    """The whole summary: the headline, then every section, laid out to fit the terminal."""
    b = summary.breakdowns
    limit = _ROWS_IN_SUMMARY
    sections: list[RenderableType] = [
        breakdown_view(b["topic"], limit=limit, bar_width=12),
        breakdown_view(b["month"], limit=12, bar_width=12),
        _delays(summary),
        BarChart(
            _labelled("status", [r for r in b["status"].rows if r.count]),
            title=title_of(b["status"]),
            bar_width=12,
        ),
        _open(summary),
        _followups(summary),
        breakdown_view(b["channel"], limit=limit, bar_width=12),
        breakdown_view(b["kind"], limit=limit, bar_width=12),
        breakdown_view(b["province"], limit=limit, bar_width=12),
        breakdown_view(b["adviser"], limit=limit, bar_width=12),
        breakdown_view(b["outcome"], limit=limit, bar_width=12),
        _businesses(summary),
        _webinars(summary),
    ]
    if summary.impact is not None:
        from helpdesk.render.impact import impact_view

        sections.append(impact_view(summary.impact))
    if summary.grants is not None:
        from helpdesk.render.calls import grants_view

        sections.append(grants_view(summary.grants))
    return Group(headline(summary), _Masonry(sections))


def breakdown_report(summary: Summary, name: str) -> RenderableType:
    """One breakdown in full (``--by NAME``), under a line naming the period and filter."""
    breakdown = summary.breakdown(name)
    head = Text.assemble(
        (tickets_by(breakdown), "bold"),
        " · ",
        summary.period.describe(),
        (" · " + _("filter:") + " ", "dim") if summary.query else "",
        literal(summary.query) if summary.query else "",
        (" · " + _("{count} in all").format(count=_number(breakdown.total)), "dim"),
    )
    return Group(head, Text(""), breakdown_view(breakdown, title="", bar_width=30))


# -- Markdown -------------------------------------------------------------------------------------


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int]) -> str:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def breakdown_markdown(breakdown: Breakdown, *, heading: str = "##") -> str:
    """One breakdown as a Markdown section with a table."""
    if breakdown.field in ("outcome", "ages") or breakdown.title.startswith("Businesses"):
        title = title_of(breakdown)
    else:
        title = tickets_by(breakdown)
    rows = [
        (md(row_label(breakdown.field, r)), _number(r.count), percent(r.share))
        for r in breakdown.rows
    ]
    header = ("", _("Count"), _("Share"))
    body = _md_table(header, rows, right=(1, 2)) if rows else "_" + _("None.") + "_"
    return f"{heading} {title}\n\n{body}\n"


def breakdown_report_markdown(summary: Summary, name: str) -> str:
    """One breakdown as Markdown under a line naming the period and filter (``--by NAME``)."""
    breakdown = summary.breakdown(name)
    line = f"_{md(summary.period.describe())}"
    if summary.query:
        line += " · " + _("filter:") + f" {md(summary.query)}"
    line += " · " + _("{count} in all").format(count=_number(breakdown.total)) + "_"
    section = breakdown_markdown(breakdown, heading="#")
    head, _gap, body = section.partition("\n\n")
    return f"{head}\n\n{line}\n\n{body}"


def summary_markdown(summary: Summary) -> str:
    """The whole summary as Markdown: headline figures, then one table per section."""
    b, o, f = summary.businesses, summary.open, summary.followups
    period = md(summary.period.describe())
    parts = ["# " + _("Desk summary: {period}").format(period=period) + "\n"]
    if summary.query:
        parts.append(_("Filter:") + f" `{summary.query.replace('`', '')}`\n")
    headline_rows = [
        (_("Tickets received"), _number(summary.received)),
        (_("Businesses served"), _number(b.served)),
        (_("… first contact"), _number(b.first_contact)),
        (_("… returning"), _number(b.returning)),
        (_("Median time to triage"), _hours(summary.triage.median_hours)),
        (_("90% triaged within"), _hours(summary.triage.p90_hours)),
        (_("Median time to first follow-up"), _hours(summary.first_followup.median_hours)),
        (_("90% followed up within"), _hours(summary.first_followup.p90_hours)),
        (_("Still open"), _number(o.count)),
        (pgettext("tickets", "Closed"), _number(summary.closed)),
        (
            _("Follow-ups done / pending / overdue"),
            " / ".join(_number(n) for n in (f.done, f.pending, f.overdue)),
        ),
    ]
    if summary.webinars is not None:
        w = summary.webinars
        headline_rows += [
            (_("Webinars held"), _number(w.held)),
            (
                _("Seats offered / enrolled / attended"),
                " / ".join(_number(n) for n in (w.seats, w.enrolled, w.attended)),
            ),
            (
                _("Fill rate / attendance rate"),
                f"{percent(w.fill_rate)} / {percent(w.attendance_rate)}",
            ),
        ]
    figures = _md_table((_("Figure"), _("Value")), headline_rows, right=(1,))
    parts.append("## " + _("Headline") + "\n\n" + figures + "\n")
    for breakdown in summary.breakdowns.values():
        parts.append(breakdown_markdown(breakdown))
    parts.append(breakdown_markdown(b.by_kind))
    parts.append(breakdown_markdown(Breakdown("ages", N_("Open tickets by age"), o.count, o.ages)))
    if summary.impact is not None:
        from helpdesk.render.impact import impact_markdown

        parts.append(impact_markdown(summary.impact))
    if summary.grants is not None and not summary.grants.total.is_empty():
        from helpdesk.render.calls import grants_markdown

        parts.append(grants_markdown(summary.grants))
    return "\n".join(parts)


# -- CSV ------------------------------------------------------------------------------------------


def summary_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The long ``section,key,value`` rows of a summary's plain form (see the module doc).

    Args:
        data: :func:`helpdesk.services.summary_json.summary_json` or
            :func:`~helpdesk.services.summary_json.breakdown_json` output.
    """
    rows: list[dict[str, Any]] = []

    def add(section: str, key: str, value: Any) -> None:
        rows.append({"section": section, "key": key, "value": value})

    if "by" in data:  # one breakdown
        for key in ("label", "first_day", "last_day"):
            add("period", key, data["period"][key])
        add("filter", "query", data["filter"]["query"])
        for r in data["rows"]:
            add(data["by"], r["key"], r["count"])
        return rows
    for section, body in data.items():
        if body is None:
            continue
        if section == "impact":
            from helpdesk.services.impact import impact_rows

            rows.extend(impact_rows(body))
            continue
        if section == "grants":
            from helpdesk.services.call_figures import grants_rows

            rows.extend(grants_rows(body))
            continue
        if section == "breakdowns":
            for name, counts in body.items():
                for r in counts:
                    add(name, r["key"], r["count"])
            continue
        for key, value in body.items():
            if isinstance(value, list):
                for r in value:
                    add(f"{section}.{key}", r["key"], r["count"])
            else:
                add(section, key, value)
    return rows
