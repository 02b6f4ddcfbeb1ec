"""Grant call commands: ``bando add|edit|list|show|import``, ``bando match|candidates``,
``bando apply|step|applications`` and ``bando settings``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from helpdesk.cli.inputs import read_input, refuse_bad_rows
from helpdesk.cli.output import Format, emit_csv, emit_json, say, show
from helpdesk.cli.state import reader, writer
from helpdesk.domain.calls import Stage, format_euros
from helpdesk.errors import InvalidValue
from helpdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from helpdesk.domain.calls import Call
    from helpdesk.services.calls import Stepped
    from helpdesk.services.desk import Desk

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
IdArg = Annotated[str, typer.Argument(help="Call number, e.g. 3.", show_default=False)]
RefArg = Annotated[
    str, typer.Argument(help="Ticket reference, e.g. 42 or #42.", show_default=False)
]


bandi = typer.Typer(
    help="Grant calls (bandi): the registry, who is eligible and why not, applications and "
    "their deadlines.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``bando`` group to ``app``."""
    app.add_typer(bandi, name="bando")


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


Kinds = Annotated[
    list[str] | None,
    typer.Option(
        "--kind", help="Eligible company kind (repeatable or comma-separated).", show_default=False
    ),
]
Sizes = Annotated[
    list[str] | None,
    typer.Option(
        "--size", help="Eligible company size: micro, small, medium, large.", show_default=False
    ),
]
Provinces = Annotated[
    list[str] | None,
    typer.Option("--province", help="Eligible province code, e.g. CO,LC,MI.", show_default=False),
]
Ateco = Annotated[
    list[str] | None,
    typer.Option(
        "--ateco", help="Eligible ATECO code prefix, e.g. 10 or 47.91.", show_default=False
    ),
]
Topics = Annotated[
    list[str] | None,
    typer.Option(
        "--topic", "-t", help="Topic the request must touch (key or label).", show_default=False
    ),
]


@bandi.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The call's title.", show_default=False)],
    funder: Annotated[
        str,
        typer.Option("--funder", help="Funder kind: region, chamber, ministry, eu, bank, other."),
    ] = "other",
    funder_name: Annotated[
        str, typer.Option("--funder-name", help='Who pays, e.g. "Regione Lombardia".')
    ] = "",
    opens: Annotated[
        str, typer.Option("--opens", help='When it opens, e.g. "1/3/2021 10:00" or today.')
    ] = "today",
    closes: Annotated[
        str,
        typer.Option(
            "--closes",
            help='The deadline, e.g. "12/03/2021 12:00"; a day alone means 23:59 that day.',
            show_default=False,
        ),
    ] = "",
    budget: Annotated[str, typer.Option("--budget", help="Whole budget in euro.")] = "",
    max_per_company: Annotated[
        str, typer.Option("--max", help="Most one company can get, in euro (12.000,50).")
    ] = "",
    link: Annotated[str, typer.Option("--link", help="The call's page (https://…).")] = "",
    kind: Kinds = None,
    size: Sizes = None,
    province: Provinces = None,
    ateco: Ateco = None,
    topic: Topics = None,
    notes: Annotated[str, typer.Option("--notes", help="Free remarks.")] = "",
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Add a grant call to the registry."""
    from helpdesk.services.calls import CallDraft

    desk = writer(ctx)
    if not closes.strip():
        raise InvalidValue(_('A call needs its deadline: give --closes "12/03/2021 12:00".'))
    call = desk.calls.add(
        CallDraft(
            title=title,
            funder=funder,
            opens=opens,
            closes=closes,
            funder_name=funder_name,
            link=link,
            budget=budget or None,
            max_per_company=max_per_company or None,
            kinds=_split(kind) or [],
            sizes=_split(size) or [],
            provinces=_split(province) or [],
            ateco=_split(ateco) or [],
            topics=_split(topic) or [],
            notes=notes,
        )
    )
    if _emit(desk, [call], fmt):
        return
    from helpdesk.render.webinars import moment_text

    say(
        _("added call {number} {title} · closes {closes}").format(
            number=call.id, title=call.title, closes=moment_text(call.closes, desk.clock.tz)
        )
    )


@bandi.command("edit")
def edit(
    ctx: typer.Context,
    id: IdArg,
    title: Annotated[str | None, typer.Option("--title", show_default=False)] = None,
    funder: Annotated[str | None, typer.Option("--funder", show_default=False)] = None,
    funder_name: Annotated[str | None, typer.Option("--funder-name", show_default=False)] = None,
    opens: Annotated[str | None, typer.Option("--opens", show_default=False)] = None,
    closes: Annotated[
        str | None,
        typer.Option(
            "--closes",
            help="A new deadline: unfinished applications' follow-ups move with it.",
            show_default=False,
        ),
    ] = None,
    budget: Annotated[str | None, typer.Option("--budget", show_default=False)] = None,
    max_per_company: Annotated[str | None, typer.Option("--max", show_default=False)] = None,
    link: Annotated[str | None, typer.Option("--link", show_default=False)] = None,
    kind: Kinds = None,
    size: Sizes = None,
    province: Provinces = None,
    ateco: Ateco = None,
    topic: Topics = None,
    notes: Annotated[str | None, typer.Option("--notes", show_default=False)] = None,
    ranked: Annotated[
        str | None,
        typer.Option("--ranked", help="The day the ranking was published.", show_default=False),
    ] = None,
) -> None:
    """Change a call; give an empty value (--province "") to clear a criterion."""
    from helpdesk.services.calls import CallEdit

    desk = writer(ctx)
    call, moved = desk.calls.edit(
        id,
        CallEdit(
            title=title,
            funder=funder,
            funder_name=funder_name,
            link=link,
            opens=opens,
            closes=closes,
            budget=budget,
            max_per_company=max_per_company,
            kinds=_split(kind),
            sizes=_split(size),
            provinces=_split(province),
            ateco=_split(ateco),
            topics=_split(topic),
            notes=notes,
            ranked=ranked,
        ),
    )
    say(_("changed call {number} {title}").format(number=call.id, title=call.title))
    for entry in moved:
        say("  ", _deadline_followup(entry, with_ref=True))


@bandi.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option("--status", help="announced, open, closed or ranked.", show_default=False),
    ] = None,
    funder: Annotated[
        str | None, typer.Option("--funder", help="Only this funder kind.", show_default=False)
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List calls, the soonest deadline first."""
    desk = reader(ctx)
    found = desk.calls.calls(status=status, funder=funder)
    if _emit(desk, found, fmt):
        return
    from helpdesk.render.calls import calls_table

    if not found:
        say(_("No call.") if status is None else _("No {status} call.").format(status=status))
        return
    show(calls_table(found, desk.clock.now(), desk.clock.tz))


@bandi.command("show")
def show_(ctx: typer.Context, id: IdArg, fmt: FormatOpt = Format.TABLE) -> None:
    """Show one call: dates, money, who may apply, and its applications."""
    desk = reader(ctx)
    call = desk.calls.get(id)
    if fmt is Format.JSON:
        from helpdesk.services.call_exchange import application_json, call_json

        data = call_json(call, desk.clock.now(), desk.clock.tz)
        data["applications"] = [application_json(call, a) for a in call.applications]
        emit_json(data)
        return
    if fmt is Format.CSV:
        from helpdesk.services.call_exchange import application_json

        rows = [application_json(call, a) for a in call.applications]
        emit_csv(rows, ("call", "ref", "company", "stage", "amount"))
        return
    from helpdesk.render.calls import call_view

    show(call_view(call, desk.clock.now(), desk.clock.tz, desk.calls.companies()))


@bandi.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="CSV, JSON or JSON Lines file; - for stdin.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row, write nothing.")
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, json or jsonl (default: from the name).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import calls, all or nothing: every bad row is reported and nothing is written.

    Headers in English or Italian: title/titolo, funder/tipo ente, funder name/ente,
    opens/apertura, closes/scadenza, budget/dotazione, max per company/contributo massimo,
    kinds/tipologie, sizes/dimensioni, provinces/province, ateco/codici ateco, topics/temi,
    link, notes/note. A call already on the desk (same title and deadline) is skipped.
    """
    from helpdesk.services.call_exchange import import_calls

    data = read_input(file)
    desk = writer(ctx)
    result = import_calls(desk.calls, data, file, dry_run=dry_run, fmt=fmt)
    refuse_bad_rows(result.problems, len({p.row for p in result.problems}))
    skipped = len(result.skipped)
    if dry_run:
        message = ngettext(
            "dry run: {count} call would be added, {skipped} already on the desk; "
            "nothing was written.",
            "dry run: {count} calls would be added, {skipped} already on the desk; "
            "nothing was written.",
            result.valid,
        )
        say(message.format(count=result.valid, skipped=skipped))
        return
    added = len(result.added)
    message = ngettext(
        "imported {count} call, {skipped} already on the desk.",
        "imported {count} calls, {skipped} already on the desk.",
        added,
    )
    say(message.format(count=added, skipped=skipped))


@bandi.command("match")
def match(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
    """The open calls the ticket's business is eligible for, and near-misses with why."""
    desk = reader(ctx)
    found = desk.calls.match(ref)
    if fmt is not Format.TABLE:
        rows = [
            {
                "ref": found.ticket.ref,
                "call": j.call.id,
                "title": j.call.title,
                "closes": j.call.closes.isoformat(),
                "eligible": j.eligible,
                "reasons": j.reasons,
                "stage": j.application.stage.value if j.application else None,
            }
            for j in [*found.eligible, *found.near_misses]
        ]
        if fmt is Format.JSON:
            emit_json(rows)
        else:
            emit_csv(rows, ("ref", "call", "title", "closes", "eligible", "reasons", "stage"))
        return
    from helpdesk.render.calls import match_view

    show(match_view(found, desk.clock.now(), desk.clock.tz))


@bandi.command("candidates")
def candidates(
    ctx: typer.Context,
    id: IdArg,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help="Show the ineligible too, with every reason.")
    ] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Open tickets and companies of the desk eligible for a call, to invite them."""
    desk = reader(ctx)
    found = desk.calls.candidates(id)
    if fmt is not Format.TABLE:
        rows = [
            {
                "ref": c.ticket.ref if c.ticket else None,
                "company": c.company.id if c.company else None,
                "company_name": c.company.name if c.company else "",
                "eligible": c.eligible,
                "reasons": c.reasons,
            }
            for c in [*found.tickets, *found.companies]
            if all_ or c.eligible
        ]
        if fmt is Format.JSON:
            emit_json(rows)
        else:
            emit_csv(rows, ("ref", "company", "company_name", "eligible", "reasons"))
        return
    from helpdesk.render.calls import candidates_view

    show(candidates_view(found, show_ineligible=all_))


@bandi.command("apply")
def apply(
    ctx: typer.Context,
    ref: RefArg,
    id: IdArg,
    force: Annotated[
        bool, typer.Option("--force", help="Record it though the business is not eligible.")
    ] = False,
) -> None:
    """Start a ticket's application to a call (interested); its deadline follow-up is added."""
    desk = writer(ctx)
    _said(desk, desk.calls.apply(ref, id, force=force))


STAGES = ", ".join(s.value for s in Stage if s is not Stage.INTERESTED)


@bandi.command("step")
def step(
    ctx: typer.Context,
    ref: RefArg,
    id: IdArg,
    stage: Annotated[str, typer.Argument(help=f"The new stage: {STAGES}.", show_default=False)],
    amount: Annotated[
        str | None,
        typer.Option("--amount", help="Euro granted, with funded (8.500,50).", show_default=False),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help='When it happened, if not now: "12/03/2021 11:00", yesterday (a day alone: noon).',
            show_default=False,
        ),
    ] = None,
) -> None:
    """Move a ticket's application to its next stage; submitting or withdrawing cancels the
    deadline follow-up."""
    desk = writer(ctx)
    _said(desk, desk.calls.step(ref, id, stage, amount=amount, on=on))


def _said(desk: Desk, done: Stepped) -> None:
    before = f"{done.before.label_text} → " if done.before else ""
    amount = done.application.amount
    say(
        (f"#{done.ticket.ref}", "bold"),
        f" {done.call.name()}: {before}",
        (done.application.stage.label_text, "bold"),
        f" {format_euros(amount)}" if amount is not None and done.before else "",
    )
    if done.followup:
        say("  ", _deadline_followup(done, with_ref=False))


def _deadline_followup(done: Stepped, *, with_ref: bool) -> str:
    """What a step did to the application's deadline follow-up, in a line."""
    ref = f"#{done.ticket.ref}: " if with_ref else ""
    if done.followup == "added":
        followup = next(f for f in done.ticket.followups if f.id == done.application.followup)
        return ref + _("deadline follow-up due {due}").format(due=followup.due.describe())
    if done.followup == "moved":
        return ref + _("deadline follow-up moved")
    if done.followup == "cancelled":
        return ref + _("deadline follow-up cancelled")
    return ref + done.followup


@bandi.command("applications")
def applications(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
    """A ticket's applications, with their stages."""
    desk = reader(ctx)
    pairs = desk.calls.for_ticket(ref)
    if fmt is not Format.TABLE:
        from helpdesk.services.call_exchange import application_json

        rows = [application_json(c, a) for c, a in pairs]
        if fmt is Format.JSON:
            emit_json(rows)
        else:
            emit_csv(rows, ("call", "ref", "company", "stage", "amount"))
        return
    from helpdesk.render.calls import ticket_calls

    show(ticket_calls(pairs, desk.clock.tz))


@bandi.command("settings")
def settings(
    ctx: typer.Context,
    followup_days: Annotated[
        int | None,
        typer.Option(
            "--followup-days",
            help="Working days before a deadline that an unfinished application's follow-up "
            "falls (default 5); pending ones move.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show or change the desk's settings for calls."""
    if followup_days is None:
        desk = reader(ctx)
        say(_deadline_days(desk.calls.deadline_days()))
        return
    desk = writer(ctx)
    days = desk.calls.set_deadline_days(followup_days)
    say(_deadline_days(days))


def _deadline_days(days: int) -> str:
    return ngettext(
        "deadline follow-ups: {count} working day before closing",
        "deadline follow-ups: {count} working days before closing",
        days,
    ).format(count=days)


def _emit(desk: Desk, found: list[Call], fmt: Format) -> bool:
    """Print calls as JSON or CSV; False when the format is a table (left to the caller)."""
    if fmt is Format.TABLE:
        return False
    from helpdesk.services.call_exchange import CSV_COLUMNS, call_json

    now, tz = desk.clock.now(), desk.clock.tz
    rows = [call_json(c, now, tz) for c in found]
    if fmt is Format.JSON:
        emit_json(rows)
    else:
        emit_csv(rows, CSV_COLUMNS)
    return True
