"""``helpdesk tui``: the terminal UI (also what ``helpdesk`` alone opens)."""

from __future__ import annotations

import typer

from helpdesk.cli.state import state, writer
from helpdesk.i18n import _


def open_tui(ctx: typer.Context) -> None:
    """Open the terminal UI on the chosen database (Textual is imported only here)."""
    from helpdesk.tui.app import run

    state(ctx).refuse_network(_("The terminal UI"))
    run(writer(ctx, identity=False))  # the terminal UI asks who you are itself


def register(app: typer.Typer) -> None:
    """Add the ``tui`` command."""

    @app.command("tui")
    def tui(ctx: typer.Context) -> None:
        """Open the terminal UI."""
        open_tui(ctx)
