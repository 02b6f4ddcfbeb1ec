"""``desk list`` and ``desk sharing``: the desks (hubs) of a PostgreSQL database, the network
seen whole, and whether a desk offers its businesses' details to the others."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from helpdesk.cli.output import Format, emit_csv, emit_json, say, show
from helpdesk.cli.state import reader, state, writer
from helpdesk.i18n import _

#: Columns of ``desk list --format csv``.
CSV_COLUMNS = ("desk", "tickets", "open", "advisers", "last_change", "shares_businesses")

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
    """List the database's desks with their tickets, open tickets, advisers, last change and
    whether each shares its businesses (whatever --desk says)."""
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
            "shares_businesses": desk.shares,
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


class Sharing(StrEnum):
    """The two answers ``desk sharing`` takes."""

    ON = "on"
    OFF = "off"


@desks.command("sharing")
def desk_sharing(
    ctx: typer.Context,
    turn: Annotated[
        Sharing | None,
        typer.Argument(
            metavar="[on|off]",
            help="on: offer this desk's businesses to the other desks; off: stop. "
            "Without it: show it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show or set whether this desk offers its businesses' details (contacts included) to the
    other desks of the database.

    Off until the desk turns it on. When it is on, another desk that logs a business by a VAT
    number this desk knows takes the business's details from here.
    """
    if state(ctx).settings.url is None:
        from helpdesk.services.network_view import OneDeskOnly

        raise OneDeskOnly(
            _(
                "Sharing businesses is between the desks of a PostgreSQL database; "
                "a database file holds one desk."
            )
        )
    if turn is None:
        if reader(ctx).shares_businesses():
            say(_("This desk offers its businesses' details to the other desks of the database."))
        else:
            say(
                _(
                    "This desk keeps its businesses' details to itself; "
                    "`helpdesk desk sharing on` offers them to the other desks of the database."
                )
            )
    elif turn is Sharing.ON:
        writer(ctx).set_sharing(True)
        say(_("This desk now offers its businesses' details to the other desks of the database."))
    else:
        writer(ctx).set_sharing(False)
        say(_("This desk no longer offers its businesses' details to the other desks."))
