"""Privacy commands (GDPR): the report of personal data idle too long, and forgetting it."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk.cli.output import (
    Format,
    ask,
    companies_counted,
    emit_csv,
    emit_json,
    say,
    show,
    tickets_counted,
)
from helpdesk.cli.state import reader, writer
from helpdesk.i18n import _

YesOpt = Annotated[
    bool, typer.Option("--yes", "-y", help="Do it without asking (needed when not at a terminal).")
]

privacy = typer.Typer(help="Personal data under the GDPR.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``privacy`` group to ``app``."""
    app.add_typer(privacy, name="privacy")


@privacy.command("report")
def privacy_report(
    ctx: typer.Context,
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than", help="Idle for this long: 24m (months), 2y, 8w, 90d.", show_default=True
        ),
    ] = "24m",
    forget: Annotated[
        bool,
        typer.Option("--forget", help="Then forget (anonymise) what the report lists."),
    ] = False,
    yes: YesOpt = False,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
) -> None:
    """List personal data with no activity for a period; --forget anonymises it.

    Listed: companies whose tickets and history are all older, tickets without a company that
    name a person.

    With --forget, the list is shown first (the dry run), then anonymised after --yes or a
    yes at the terminal. Figures stay; nothing is deleted.
    """
    from helpdesk.domain.privacy import parse_period

    period = parse_period(older_than)
    desk = writer(ctx) if forget else reader(ctx)
    found = desk.privacy.idle(period)
    rows = [
        {
            "company": i.company.id if i.company else None,
            "ticket": i.ticket.ref if i.ticket else None,
            "name": i.label(),
            "last_activity": i.last.isoformat() if i.last.year > 1 else None,
            "contacts": i.contacts,
            "tickets": i.tickets,
        }
        for i in found
    ]
    if fmt is Format.JSON:
        emit_json(rows)
    elif fmt is Format.CSV:
        emit_csv(rows, ("company", "ticket", "name", "last_activity", "contacts", "tickets"))
    elif found:
        from helpdesk.render.company_edits import idle_table

        show(idle_table(found))
        say(
            (
                _("{count} with no activity in {period}").format(
                    count=len(found), period=period.text
                ),
                "dim",
            )
        )
    else:
        say((_("no personal data idle for {period}").format(period=period.text), "dim"))
    if not forget or not found:
        return
    ask(_("Forget the personal data of these {count}?").format(count=len(found)), yes)
    done = desk.privacy.forget_idle(period)
    say(
        _("forgot the personal data of {companies} and {tickets}; figures kept").format(
            companies=companies_counted(len(done.companies)),
            tickets=tickets_counted(len(done.tickets)),
        )
    )
    if done.backup:
        say((_("backup before forgetting: "), "dim"), done.backup)
