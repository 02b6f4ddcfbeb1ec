"""Follow-up commands: ``followup add|done|move|cancel|list``, ``agenda`` and ``when``."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk.cli.output import Format, emit_csv, emit_json, paged, say, show
from helpdesk.cli.state import pager_allowed, reader, state, writer
from helpdesk.dates import FrozenClock, SystemClock, parse_when
from helpdesk.i18n import _
from helpdesk.services.exchange import entry_json, followup_json
from helpdesk.services.identity import my_key

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
RefArg = Annotated[str, typer.Argument(help="Ticket reference, e.g. 42.", show_default=False)]
WhenArg = Annotated[
    str,
    typer.Argument(
        help="When: tomorrow, dopodomani, +3d, tra tre giorni, next friday, lunedì mattina, "
        "stasera, venerdì alle 15, 18/03/2027, 12 marzo, eom…",
        show_default=False,
    ),
]

AllowPastOpt = Annotated[
    bool,
    typer.Option(
        "--allow-past",
        help="Confirm a due date in the past (refused otherwise: it would be overdue at once).",
    ),
]

followups = typer.Typer(
    help="Follow-ups: promises to get back to a business.", no_args_is_help=True
)

#: Columns of ``followup list --format csv``.
CSV_COLUMNS = ("ref", "id", "due", "who", "note", "subject", "company_name", "status")


def register(app: typer.Typer) -> None:
    """Add ``followup``, ``agenda`` and ``when`` to ``app``."""
    app.add_typer(followups, name="followup")
    app.command("agenda")(agenda)
    app.command("when")(when)


@followups.command("add")
def add(
    ctx: typer.Context,
    ref: RefArg,
    due: WhenArg,
    note: Annotated[str, typer.Argument(help="What to do then.")] = "",
    who: Annotated[
        str | None,
        typer.Option(
            "--who",
            help="Adviser it belongs to. Default: the ticket's assignee, else you.",
            show_default=False,
        ),
    ] = None,
    allow_past: AllowPastOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Schedule a follow-up; prints the date it resolved to.

    A date without a year is the next such day ("12 marzo" in December is next March); a date
    in the past is refused unless --allow-past confirms it.
    """
    ticket, followup = writer(ctx).followups.add(ref, due, note, who=who, allow_past=allow_past)
    if fmt is Format.JSON:
        emit_json({"ref": ticket.ref, **followup_json(followup)})
        return
    say(
        (f"#{ticket.ref}", "bold"),
        " ",
        _("follow-up {number} due {due} ({who})").format(
            number=followup.id, due=followup.due.describe(), who=followup.who
        ),
    )


@followups.command("done")
def done(
    ctx: typer.Context,
    ref: RefArg,
    number: Annotated[
        int | None,
        typer.Argument(help="Follow-up number; default the soonest pending.", show_default=False),
    ] = None,
    result: Annotated[str, typer.Option("--result", "-r", help="What came of it.")] = "",
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Mark a follow-up done."""
    ticket, followup = writer(ctx).followups.done(ref, number, result)
    if fmt is Format.JSON:
        emit_json({"ref": ticket.ref, **followup_json(followup)})
        return
    say((f"#{ticket.ref}", "bold"), " ", _("follow-up {number} done").format(number=followup.id))


@followups.command("move")
def move(
    ctx: typer.Context,
    ref: RefArg,
    number: Annotated[int, typer.Argument(help="Follow-up number.", show_default=False)],
    due: WhenArg,
    allow_past: AllowPastOpt = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Reschedule a pending follow-up (into the past only with --allow-past)."""
    ticket, followup = writer(ctx).followups.move(ref, number, due, allow_past=allow_past)
    if fmt is Format.JSON:
        emit_json({"ref": ticket.ref, **followup_json(followup)})
        return
    say(
        (f"#{ticket.ref}", "bold"),
        " ",
        _("follow-up {number} now due {due}").format(
            number=followup.id, due=followup.due.describe()
        ),
    )


@followups.command("cancel")
def cancel(
    ctx: typer.Context,
    ref: RefArg,
    number: Annotated[int, typer.Argument(help="Follow-up number.", show_default=False)],
) -> None:
    """Cancel a pending follow-up (kept in the record as cancelled)."""
    ticket, followup = writer(ctx).followups.cancel(ref, number)
    say(
        (f"#{ticket.ref}", "bold"),
        " ",
        _("follow-up {number} cancelled").format(number=followup.id),
    )


@followups.command("list")
def list_(
    ctx: typer.Context,
    mine: Annotated[bool, typer.Option("--mine", help="Only yours.")] = False,
    adviser: Annotated[
        str | None, typer.Option("--adviser", "-a", help="Only this adviser's.", show_default=False)
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue ones.")] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List pending follow-ups, soonest first."""
    desk = reader(ctx)
    who = my_key(desk) if mine else adviser
    if who is not None and not mine:
        who = desk.directory.adviser(who).key
    entries = desk.followups.pending(adviser=who, overdue_only=overdue)
    if fmt is Format.JSON:
        emit_json([entry_json(e) for e in entries])
    elif fmt is Format.CSV:
        emit_csv((entry_json(e) for e in entries), CSV_COLUMNS)
    elif not entries:
        say((_("No pending follow-ups."), "dim"))
    else:
        from helpdesk.render.agenda import followups_table

        with paged(pager_allowed(ctx)):
            show(followups_table(entries, desk.clock.today()))


def agenda(
    ctx: typer.Context,
    adviser: Annotated[
        str | None,
        typer.Option("--adviser", "-a", help="One adviser's agenda.", show_default=False),
    ] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Your own agenda.")] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Follow-ups overdue, due today, this week and later, for the desk or one adviser."""
    desk = reader(ctx)
    who = my_key(desk) if mine else adviser
    result = desk.followups.agenda(who)
    if fmt is not Format.TABLE:
        rows = [
            {"section": title.lower().replace(" ", "_"), **entry_json(e)}
            for title, entries in result.sections()
            for e in entries
        ]
        if fmt is Format.JSON:
            emit_json(rows)
        else:
            emit_csv(rows, ("section", *CSV_COLUMNS))
        return
    from helpdesk.render.agenda import agenda_view
    from helpdesk.render.calls import deadlines_view
    from helpdesk.services.calls import AGENDA_DAYS

    calls = desk.calls.upcoming_deadlines(AGENDA_DAYS)
    with paged(pager_allowed(ctx)):
        show(agenda_view(result, who=who))
        show(deadlines_view(calls, desk.clock.now(), desk.clock.tz, AGENDA_DAYS))


def when(
    ctx: typer.Context,
    expression: Annotated[
        list[str], typer.Argument(help="A date as you would type it.", show_default=False)
    ],
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Pretend today is this ISO date (to check an expression).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show what a date expression resolves to as a follow-up date, without changing anything."""
    settings = state(ctx).settings
    clock = FrozenClock(today, settings.timezone) if today else SystemClock(settings.timezone)
    resolved = parse_when(" ".join(expression), clock, ahead=True)
    say((resolved.describe(), "bold"), ("  " + resolved.to_iso(), "dim"))
