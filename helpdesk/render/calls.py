"""Grant calls drawn with Rich: the registry, one call at a glance, matches and candidates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from helpdesk.domain.calls import (
    Application,
    Call,
    CallStatus,
    Eligibility,
    Stage,
    format_euros,
)
from helpdesk.domain.models import Company
from helpdesk.i18n import N_, _, ngettext, pgettext
from helpdesk.render.tables import Column, FittedTable
from helpdesk.render.text import literal, one_line
from helpdesk.render.webinars import moment_text
from helpdesk.services.call_figures import GrantRow, Grants
from helpdesk.services.calls import Candidates, Match

CALL_STYLE: dict[CallStatus, str] = {
    CallStatus.ANNOUNCED: "cyan",
    CallStatus.OPEN: "bold green",
    CallStatus.CLOSED: "dim",
    CallStatus.RANKED: "magenta",
}

STAGE_STYLE: dict[Stage, str] = {
    Stage.INTERESTED: "cyan",
    Stage.PREPARING: "yellow",
    Stage.SUBMITTED: "bold",
    Stage.ADMITTED: "green",
    Stage.NOT_ADMITTED: "red",
    Stage.FUNDED: "bold green",
    Stage.WITHDRAWN: "dim",
}


def status_text(call: Call, now: datetime) -> Text:
    """The call's status, coloured."""
    status = call.status(now)
    return Text(status.label_text, style=CALL_STYLE[status])


def stage_text(application: Application) -> Text:
    """The application's stage, coloured, with the amount once funded."""
    text = Text(application.stage.label_text, style=STAGE_STYLE[application.stage])
    if application.amount is not None:
        text.append(f" {format_euros(application.amount)}")
    return text


def days_left_text(call: Call, now: datetime) -> Text:
    """``3 days left`` (red within a week), ``last day``, or nothing once closed."""
    if not call.is_open(now):
        return Text("")
    left = call.days_left(now)
    if left == 0:
        return Text(_("last day"), style="bold red")
    style = "bold red" if left <= 7 else ("yellow" if left <= 21 else "")
    text = ngettext("{count} day left", "{count} days left", left).format(count=left)
    return Text(text, style=style)


def eligibility_text(rules: Eligibility) -> Text:
    """Who may apply, one criterion after the other; ``anyone`` when there is none."""
    parts = []
    if rules.kinds:
        parts.append(_("kinds {list}").format(list=", ".join(k.label_text for k in rules.kinds)))
    if rules.sizes:
        parts.append(_("sizes {list}").format(list=", ".join(s.label_text for s in rules.sizes)))
    if rules.provinces:
        parts.append(_("provinces {list}").format(list=", ".join(rules.provinces)))
    if rules.ateco:
        parts.append(_("ATECO {list}").format(list=", ".join(rules.ateco)))
    if rules.topics:
        parts.append(_("topics {list}").format(list=", ".join(rules.topics)))
    return literal("; ".join(parts) or _("anyone"))


CALL_COLUMNS = (
    Column(N_("ID"), 4, right=True),
    Column(N_("Title")),
    Column(N_("Funder"), 22, floor=8),
    Column(N_("Status"), 9),
    Column(N_("Closes"), 22, floor=16),
    Column(N_("Left"), 14, floor=6),
    Column(N_("Max"), 12, right=True, floor=6),
    Column(N_("Apps"), 4, right=True),
)


def calls_table(
    calls: Sequence[Call], now: datetime, tz: tzinfo, *, title: str | None = None
) -> FittedTable:
    """The registry: number, title, funder, status, deadline, days left, maximum, applications."""
    rows = [
        (
            Text(str(c.id), style="bold"),
            one_line(c.title),
            one_line(c.funder_text, style="dim"),
            status_text(c, now),
            Text(moment_text(c.closes, tz)),
            days_left_text(c, now),
            Text(format_euros(c.max_per_company)),
            Text(str(len(c.applications)) if c.applications else ""),
        )
        for c in calls
    ]
    return FittedTable(CALL_COLUMNS, rows, title=title)


def call_view(
    call: Call, now: datetime, tz: tzinfo, companies: Mapping[int, Company]
) -> RenderableType:
    """One call at a glance: dates, money, who may apply, and its applications by stage."""
    parts: list[RenderableType] = [
        Text.assemble(
            (_("Call {id}").format(id=call.id) + "  ", "dim"), literal(call.title, "bold")
        ),
        Text.assemble(
            status_text(call, now),
            "  ",
            (_("funder") + " ", "dim"),
            literal(f"{call.funder_text} ({call.funder.label_text})"),
        ),
        Text.assemble(
            (_("opens") + " ", "dim"),
            moment_text(call.opens, tz),
            ("  " + _("closes") + " ", "dim"),
            moment_text(call.closes, tz),
            "  ",
            days_left_text(call, now),
        ),
        Text.assemble(
            (_("budget") + " ", "dim"),
            format_euros(call.budget) or "—",
            ("  " + _("max per company") + " ", "dim"),
            format_euros(call.max_per_company) or "—",
        ),
        Text.assemble((_("eligible:") + " ", "dim"), eligibility_text(call.eligibility)),
    ]
    if call.link:
        parts.append(Text.assemble((_("link") + " ", "dim"), literal(call.link)))
    if call.ranked is not None:
        parts.append(
            Text.assemble((_("ranking published") + " ", "dim"), moment_text(call.ranked, tz))
        )
    if call.notes:
        parts.append(literal(call.notes))
    parts.append(applications_table(call, companies, tz))
    return Group(*parts)


APPLICATION_COLUMNS = (
    Column(N_("Ticket"), 7, right=True),
    Column(N_("Company")),
    Column(N_("Stage"), 24, floor=10),
    Column(N_("Since"), 22, floor=16),
    Column(N_("Who"), 6),
)


def applications_table(call: Call, companies: Mapping[int, Company], tz: tzinfo) -> RenderableType:
    """A call's applications, grouped by stage in the order of the stages."""
    if not call.applications:
        return Text(_("No application yet."), style="dim")
    order = {stage: i for i, stage in enumerate(Stage)}
    ordered = sorted(call.applications, key=lambda a: (order[a.stage], a.ref))
    rows = [
        (
            Text(f"#{a.ref}", style="bold"),
            one_line(_company_name(companies, a.company_id)),
            stage_text(a),
            Text(moment_text(a.changed, tz)),
            literal(a.steps[-1].who, "dim"),
        )
        for a in ordered
    ]
    return FittedTable(APPLICATION_COLUMNS, rows, title=_("Applications"))


def _company_name(companies: Mapping[int, Company], company_id: int | None) -> str:
    company = companies.get(company_id) if company_id is not None else None
    return company.name if company is not None else ""


MATCH_COLUMNS = (
    Column(N_("ID"), 4, right=True),
    Column(N_("Title")),
    Column(N_("Closes"), 22, floor=16),
    Column(N_("Left"), 14, floor=6),
    Column(N_("Applied"), 24, floor=10),
)


def _reasons_line(label: Text, reasons: list[str]) -> Text:
    """One near-miss with every reason, wrapped rather than cut: none may go unsaid."""
    return Text.assemble("  ", label, ": ", literal("; ".join(reasons), "yellow"))


def match_view(match: Match, now: datetime, tz: tzinfo) -> RenderableType:
    """The open calls for a ticket: eligible ones in a table, then near-misses each with every
    reason."""
    parts: list[RenderableType] = [
        Text.assemble(
            (f"#{match.ticket.ref} ", "bold"),
            literal(match.company.name) if match.company else Text(_("(no company)")),
        )
    ]
    if not match.eligible and not match.near_misses:
        parts.append(Text(_("No call is open."), style="dim"))
        return Group(*parts)
    if match.eligible:
        rows = [
            (
                Text(str(j.call.id), style="bold"),
                one_line(j.call.title),
                Text(moment_text(j.call.closes, tz)),
                days_left_text(j.call, now),
                stage_text(j.application) if j.application else Text("—", style="dim"),
            )
            for j in match.eligible
        ]
        parts.append(
            FittedTable(MATCH_COLUMNS, rows, title=_("Eligible"), title_style="bold green")
        )
    else:
        parts.append(Text(_("Eligible for no open call."), style="bold"))
    if match.near_misses:
        parts.append(Text(pgettext("call eligibility", "Not eligible"), style="bold yellow"))
        for j in match.near_misses:
            closes = _("(closes {when})").format(when=moment_text(j.call.closes, tz))
            label = Text.assemble(
                (_("call {id}").format(id=j.call.id) + " ", "bold"),
                literal(j.call.title),
                (" " + closes, "dim"),
            )
            parts.append(_reasons_line(label, j.reasons))
    return Group(*parts)


CANDIDATE_COLUMNS = (
    Column(N_("Ticket"), 7, right=True),
    Column(N_("Company")),
    Column(N_("Province"), 8),
    Column(N_("Kind"), 14),
)


def candidates_view(
    found: Candidates,
    *,
    show_ineligible: bool = False,
    hint: str | None = None,
) -> RenderableType:
    """Who could apply: the eligible open tickets and companies in a table; with
    ``show_ineligible`` the others too, each with every reason; otherwise how many were left
    out is said, with ``hint`` on how to see them (by default, that ``--all`` does)."""
    everyone = [*found.tickets, *found.companies]
    eligible = [c for c in everyone if c.eligible]
    others = [c for c in everyone if not c.eligible]
    parts: list[RenderableType] = [
        Text.assemble(
            (_("Call {id}").format(id=found.call.id) + "  ", "dim"),
            literal(found.call.title, "bold"),
        )
    ]
    no_company = _("(no company)")
    if eligible:
        rows = [
            (
                Text(f"#{c.ticket.ref}" if c.ticket else "—", style="bold"),
                one_line(c.company.name if c.company else no_company),
                literal(c.company.province if c.company else ""),
                literal(c.company.kind.label_text if c.company else ""),
            )
            for c in eligible
        ]
        parts.append(FittedTable(CANDIDATE_COLUMNS, rows, title=_("Eligible"), title_style="bold"))
    else:
        parts.append(Text(_("Nobody eligible."), style="dim"))
    if others and show_ineligible:
        parts.append(Text(pgettext("call eligibility", "Not eligible"), style="bold yellow"))
        for c in others:
            who = f"#{c.ticket.ref} " if c.ticket else ""
            name = c.company.name if c.company else no_company
            parts.append(_reasons_line(Text.assemble((who, "bold"), literal(name)), c.reasons))
    elif others:
        hint = hint if hint is not None else _("--all shows them with the reasons.")
        text = _("{count} not eligible; {hint}").format(count=len(others), hint=hint)
        parts.append(Text(text, style="dim"))
    return Group(*parts)


TICKET_CALL_COLUMNS = (
    Column(N_("Call"), 4, right=True),
    Column(N_("Title")),
    Column(N_("Closes"), 22, floor=16),
    Column(N_("Stage"), 24, floor=10),
)


def ticket_calls(pairs: Sequence[tuple[Call, Application]], tz: tzinfo) -> RenderableType:
    """A ticket's applications: call, deadline and stage."""
    if not pairs:
        return Text(_("No application."), style="dim")
    rows = [
        (
            Text(str(call.id), style="bold"),
            one_line(call.title),
            Text(moment_text(call.closes, tz)),
            stage_text(application),
        )
        for call, application in pairs
    ]
    return FittedTable(TICKET_CALL_COLUMNS, rows)


def deadlines_view(calls: Sequence[Call], now: datetime, tz: tzinfo, days: int) -> RenderableType:
    """The agenda's call deadlines: open calls closing within ``days``, with how many
    applications are still unsubmitted."""
    title = ngettext(
        "Call deadlines, next {count} day", "Call deadlines, next {count} days", days
    ).format(count=days)
    if not calls:
        return Group(Text(""), Text.assemble((title, "bold"), ("  " + _("nothing"), "dim")))
    rows = [
        (
            Text(str(c.id), style="bold"),
            one_line(c.title),
            Text(moment_text(c.closes, tz)),
            days_left_text(c, now),
            Text(str(sum(1 for a in c.applications if a.stage.applying))),
        )
        for c in calls
    ]
    return Group(Text(""), FittedTable(DEADLINE_COLUMNS, rows, title=title, title_style="bold"))


DEADLINE_COLUMNS = (
    Column(N_("Call"), 4, right=True),
    Column(N_("Title")),
    Column(N_("Closes"), 22, floor=16),
    Column(N_("Left"), 14, floor=6),
    Column(N_("Unsubmitted"), 11, right=True),
)


# -- figures for funders ------------------------------------------------------------------------


def grants_view(grants: Grants) -> RenderableType:
    """The summary's grant section: applications by stage and euros, by funder and by call."""
    table = Table(
        box=None,
        title=_("Grants"),
        title_justify="left",
        title_style="bold",
        pad_edge=False,
        padding=(0, 1, 0, 0),
    )
    table.add_column("", no_wrap=True, overflow="ellipsis", max_width=24)
    # Translators: narrow column headings: applications submitted, admitted, funded; euros.
    for name in (_("sub"), _("adm"), _("fund"), _("euros")):
        table.add_column(name, justify="right", no_wrap=True, header_style="dim")
    if grants.total.is_empty():
        return Group(
            Text(_("Grants"), style="bold"), Text(_("no application in the period"), "dim")
        )
    for row, style in [
        (grants.total, "bold"),
        *((r, "") for r in grants.by_funder),
    ]:
        table.add_row(
            literal(_("All calls") if row is grants.total else row.label, style),
            str(row.submitted),
            str(row.admitted),
            str(row.funded),
            format_euros(row.cents or 0),
        )
    return table


def grants_markdown(grants: Grants) -> str:
    """The grant figures as a Markdown section: by funder, then by call."""
    header = (
        "| {} | "
        + " | ".join(
            (_("Started"), _("Submitted"), _("Admitted"), _("Funded"), _("Euros obtained"))
        )
        + " |"
    )
    rule = "|---|---:|---:|---:|---:|---:|"

    def line(row: GrantRow) -> str:
        label = (_("All calls") if row is grants.total else row.label).replace("|", "\\|")
        return (
            f"| {label} | {row.started} | {row.submitted} | {row.admitted} | {row.funded} | "
            f"{format_euros(row.cents or 0)} |"
        )

    parts = ["## " + _("Grants") + "\n", header.format(_("Funder")), rule]
    parts += [line(r) for r in [*grants.by_funder, grants.total]]
    parts += ["", header.format(_("Call")), rule]
    parts += [line(r) for r in grants.by_call]
    return "\n".join(parts) + "\n"
