"""Setting a desk up: ``init`` for an empty database, ``demo`` for a realistic sample one."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk.cli.output import say
from helpdesk.cli.state import state


def register(app: typer.Typer) -> None:
    """Add ``init`` and ``demo`` to ``app``."""

    @app.command("init")
    def init(ctx: typer.Context) -> None:
        """Create an empty database (with the default topics) at --db."""
        from helpdesk.services.factory import init_desk

        desk = init_desk(state(ctx).settings)
        say(
            "created ",
            (desk.location(), "bold"),
            " — add advisers with `helpdesk adviser add`, then tickets with `helpdesk add`",
        )

    @app.command("demo")
    def demo(
        ctx: typer.Context,
        size: Annotated[
            int, typer.Option("--size", min=1, max=1_000_000, help="Number of tickets.")
        ] = 100,
        seed: Annotated[
            int, typer.Option("--seed", help="Random seed: the same seed gives the same desk.")
        ] = 2020,
        force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
        today: Annotated[
            str | None,
            typer.Option(
                "--today",
                metavar="YYYY-MM-DD",
                help=(
                    "The day the demo's follow-ups and upcoming webinars are placed around "
                    "(default: today), to write the same file again later."
                ),
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Write a realistic demo desk (Lombard businesses, 2020–2021 and around today) to --db."""
        from helpdesk.dates import FrozenClock, SystemClock
        from helpdesk.services.demo import write_demo

        settings = state(ctx).settings
        path = settings.db
        clock = FrozenClock(today, settings.timezone) if today else SystemClock(settings.timezone)
        count = write_demo(
            path,
            size=size,
            seed=seed,
            force=force,
            timezone=settings.timezone,
            today=clock.today(),
        )
        say(f"wrote {count} demo tickets to ", (str(path), "bold"))
