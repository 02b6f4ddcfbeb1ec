"""``desk list``: the desks (hubs) of a PostgreSQL database, the network seen whole."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk.cli.output import Format, emit_csv, emit_json, say, show
from helpdesk.cli.state import state
from helpdesk.i18n import _

#: Columns of ``desk list --format csv``.
CSV_COLUMNS = ("desk", "tickets", "open", "advisers", "last_change")

desks = typer.Typer(
    help="The desks (hubs) of a PostgreSQL database: each hub is a desk of the network.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``desk`` group to ``app``."""
    app.add_typer(desks, name="desk")


@desks.command("list")
def desk_list(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.TABLE,
) -> None:
    """List the database's desks with their tickets, open tickets, advisers and last change
    (whatever --desk says)."""
    from helpdesk.dates import SystemClock
    from helpdesk.services.factory import desks_overview

    cli = state(ctx)
    overview = desks_overview(cli.settings)
    rows = [
        {
            "desk": desk.name,
            "tickets": desk.tickets,
            "open": desk.open,
            "advisers": desk.advisers,
            "last_change": desk.last_change.isoformat(),
        }
        for desk in overview
    ]
    if fmt is Format.JSON:
        emit_json(rows)
    elif fmt is Format.CSV:
        emit_csv(rows, CSV_COLUMNS)
    elif not overview:
        none = _("This database has no desks yet: set one up with `helpdesk --desk NAME init`.")
        say((none, "dim"))
    else:
        from helpdesk.render.network import desks_table

        show(desks_table(overview, SystemClock(cli.settings.timezone).tz))
