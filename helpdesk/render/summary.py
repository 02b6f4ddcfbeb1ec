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
    return "—" if share is None else f"{share * 100:.0f}%"


def _number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _limited(rows: Sequence[Count], limit: int | None) -> list[Count]:
    if limit is None or len(rows) <= limit:
        return list(rows)
    kept, rest = list(rows[: limit - 1]), rows[limit - 1 :]
    count = sum(r.count for r in rest)
    share = sum(r.share for r in rest)
    return [*kept, Count("others", f"{len(rest)} others", count, share)]


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
            yield Text("nothing", style="dim")
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
    rows = list(breakdown.rows)
    caption = ""
    if breakdown.field == "month" and limit is not None and len(rows) > limit:
        caption = f"{len(rows) - limit} earlier months not shown"
        rows = rows[-limit:]
    else:
        rows = _limited(rows, limit)
    return BarChart(
        rows,
        title=breakdown.title if title is None else title,
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
        title="Response times",
        title_justify="left",
        title_style="bold",
        pad_edge=False,
        padding=(0, 1, 0, 0),
        show_edge=False,
        header_style="dim",
    )
    table.add_column("time to", no_wrap=True, overflow="ellipsis")
    table.add_column("median", justify="right", no_wrap=True, min_width=6)
    table.add_column("90%", justify="right", no_wrap=True, min_width=6)
    table.add_column("n", justify="right", no_wrap=True)
    table.add_column("open", justify="right", no_wrap=True)

    def line(label: str, delay: Delay) -> None:
        table.add_row(
            label,
            Text(describe_hours(delay.median_hours), style="bold"),
            describe_hours(delay.p90_hours),
            _number(delay.measured),
            Text(_number(delay.waiting), style="yellow" if delay.waiting else "dim"),
        )

    line("triage", summary.triage)
    line("follow-up", summary.first_followup)
    return table


def _businesses(summary: Summary) -> Table:
    b = summary.businesses
    facts = _facts(
        "Businesses",
        [
            ("served", Text(_number(b.served), style="bold")),
            ("first contact", _number(b.first_contact)),
            ("returning", _number(b.returning)),
            ("tickets with no company", _number(b.tickets_without_company)),
        ],
    )
    return facts


def _open(summary: Summary) -> RenderableType:
    o = summary.open
    ages = Breakdown("ages", "Open now, by age", o.count, o.ages)
    head = Text.assemble(
        (_number(o.count), "bold"),
        " open",
        (f" · oldest {o.oldest_age_days}d" if o.oldest_age_days is not None else "", "dim"),
        (f" · median {o.median_age_days}d" if o.median_age_days is not None else "", "dim"),
    )
    if not o.count:
        return Group(Text("Open now", style="bold"), head)
    return Group(breakdown_view(ages, bar_width=12), head)


def _followups(summary: Summary) -> Table:
    f = summary.followups
    with_followup = f.tickets_with_followup
    share = with_followup / summary.received if summary.received else None
    return _facts(
        "Follow-ups",
        [
            ("done", Text(_number(f.done), style="bold")),
            ("pending", _number(f.pending)),
            ("overdue", Text(_number(f.overdue), style=ALERT_STYLE if f.overdue else "")),
            ("cancelled", _number(f.cancelled)),
            ("tickets with one", f"{_number(with_followup)} ({percent(share)})"),
            ("done in the period", _number(f.done_in_period)),
        ],
    )


def _webinars(summary: Summary) -> Table:
    w = summary.webinars
    if w is None:
        return _facts("Webinars", [("", Text("no webinar records", style="dim"))])
    return _facts(
        "Webinars",
        [
            ("held", Text(_number(w.held), style="bold")),
            ("seats offered", _number(w.seats)),
            ("enrolled", f"{_number(w.enrolled)} (fill {percent(w.fill_rate)})"),
            ("attended", f"{_number(w.attended)} ({percent(w.attendance_rate)})"),
            ("upcoming", _number(w.upcoming)),
        ],
    )


def headline(summary: Summary) -> Panel:
    """The figures a coordinator looks at first, in a panel titled with the period."""
    o, f = summary.open, summary.followups
    stats: list[tuple[str, str, str]] = [
        (_number(summary.received), "tickets", ""),
        (_number(summary.businesses.served), "businesses", ""),
        (_number(summary.businesses.returning), "returning", ""),
        (describe_hours(summary.triage.median_hours), "median to triage", ""),
        (describe_hours(summary.first_followup.median_hours), "median to follow-up", ""),
        (_number(o.count), "open now", "bold yellow" if o.count else ""),
        (_number(f.overdue), "overdue follow-ups", ALERT_STYLE if f.overdue else ""),
        (_number(summary.closed), "closed", ""),
    ]
    if summary.webinars is not None:
        w = summary.webinars
        stats.append((_number(w.held), "webinars", ""))
        stats.append((percent(w.attendance_rate), "attendance", ""))
    cells = [
        Text.assemble((value, style or "bold cyan"), "\n", (label, "dim"))
        for value, label, style in stats
    ]
    title = Text.assemble(("Summary", "bold"), " · ", summary.period.describe())
    subtitle = literal(f"filter: {summary.query}") if summary.query else None
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
        columns: list[list[RenderableType]] = [[] for _ in range(count)]
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
        for _ in range(count):
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
        BarChart([r for r in b["status"].rows if r.count], title="Status", bar_width=12),
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
        (f"Tickets by {breakdown.title.lower()}", "bold"),
        " · ",
        summary.period.describe(),
        (" · filter: ", "dim") if summary.query else "",
        literal(summary.query) if summary.query else "",
        (f" · {breakdown.total} in all", "dim"),
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
    title = breakdown.title
    if breakdown.field not in ("outcome", "ages") and not title.startswith("Businesses"):
        title = f"Tickets by {title[0].lower()}{title[1:]}"
    rows = [(md(r.label), f"{r.count:,}", percent(r.share)) for r in breakdown.rows]
    body = _md_table(("", "Count", "Share"), rows, right=(1, 2)) if rows else "_None._"
    return f"{heading} {title}\n\n{body}\n"


def breakdown_report_markdown(summary: Summary, name: str) -> str:
    """One breakdown as Markdown under a line naming the period and filter (``--by NAME``)."""
    breakdown = summary.breakdown(name)
    line = f"_{md(summary.period.describe())}"
    if summary.query:
        line += f" · filter: {md(summary.query)}"
    line += f" · {breakdown.total:,} in all_"
    section = breakdown_markdown(breakdown, heading="#")
    head, _, body = section.partition("\n\n")
    return f"{head}\n\n{line}\n\n{body}"


def summary_markdown(summary: Summary) -> str:
    """The whole summary as Markdown: headline figures, then one table per section."""
    b, o, f = summary.businesses, summary.open, summary.followups
    parts = [f"# Desk summary: {md(summary.period.describe())}\n"]
    if summary.query:
        parts.append(f"Filter: `{summary.query.replace('`', '')}`\n")
    headline_rows = [
        ("Tickets received", _number(summary.received)),
        ("Businesses served", _number(b.served)),
        ("… first contact", _number(b.first_contact)),
        ("… returning", _number(b.returning)),
        ("Median time to triage", describe_hours(summary.triage.median_hours)),
        ("90% triaged within", describe_hours(summary.triage.p90_hours)),
        ("Median time to first follow-up", describe_hours(summary.first_followup.median_hours)),
        ("90% followed up within", describe_hours(summary.first_followup.p90_hours)),
        ("Still open", _number(o.count)),
        ("Closed", _number(summary.closed)),
        ("Follow-ups done / pending / overdue", f"{f.done} / {f.pending} / {f.overdue}"),
    ]
    if summary.webinars is not None:
        w = summary.webinars
        headline_rows += [
            ("Webinars held", _number(w.held)),
            ("Seats offered / enrolled / attended", f"{w.seats} / {w.enrolled} / {w.attended}"),
            (
                "Fill rate / attendance rate",
                f"{percent(w.fill_rate)} / {percent(w.attendance_rate)}",
            ),
        ]
    parts.append(
        "## Headline\n\n" + _md_table(("Figure", "Value"), headline_rows, right=(1,)) + "\n"
    )
    for breakdown in summary.breakdowns.values():
        parts.append(breakdown_markdown(breakdown))
    parts.append(breakdown_markdown(b.by_kind))
    parts.append(breakdown_markdown(Breakdown("ages", "Open tickets by age", o.count, o.ages)))
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
