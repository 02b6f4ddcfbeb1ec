"""Setting a desk up: ``init`` for an empty database, ``demo`` for a realistic sample one,
``upgrade`` for a PostgreSQL database's schema."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk.cli.output import say, sentence
from helpdesk.cli.state import state
from helpdesk.i18n import _, ngettext


def register(app: typer.Typer) -> None:
    """Add ``init``, ``upgrade`` and ``demo`` to ``app``."""

    @app.command("init")
    def init(
        ctx: typer.Context,
        adviser: Annotated[
            str | None,
            typer.Option(
                "--adviser",
                metavar="KEY",
                help="Register the first adviser with this short key (e.g. initials), with --name.",
                show_default=False,
            ),
        ] = None,
        name: Annotated[
            str | None,
            typer.Option(
                "--name", help="The first adviser's full name, with --adviser.", show_default=False
            ),
        ] = None,
    ) -> None:
        """Create an empty database (with the default topics) at --db, and its first adviser
        with `--adviser KEY --name "Full Name"`: only advisers change a desk.

        With a PostgreSQL database (--db postgresql://…), set its schema up and add the desk
        $HELPDESK_DESK (default: main) to it. The desk speaks the language of --lang, else the
        system's, else English (see `helpdesk language`)."""
        import os

        from helpdesk.errors import InvalidValue
        from helpdesk.i18n import SOURCE_LANGUAGE, system_language
        from helpdesk.services.factory import init_desk

        if (adviser is None) != (name is None):
            raise InvalidValue(
                _(
                    'Give the first adviser both ways: `helpdesk init --adviser KEY --name "Full '
                    'Name"` (or neither, and add one with `helpdesk adviser add`).'
                )
            )
        first = (adviser, name) if adviser is not None and name is not None else None
        cli = state(ctx)
        desk_language = cli.language_flag or system_language(os.environ) or SOURCE_LANGUAGE
        desk = init_desk(cli.settings, adviser=first)
        desk.set_language(desk_language)
        if first is None:
            say(
                (_("created {file}").format(file=desk.location()), "bold"),
                _(
                    " — it has no advisers yet, and only advisers change it: add yourself with "
                    '`helpdesk adviser add KEY "Your Name"` and act as KEY (`helpdesk --as KEY …` '
                    "or HELPDESK_ADVISER=KEY), or open `helpdesk`, which asks; then add tickets "
                    "with `helpdesk add`"
                ),
            )
            return
        (added,) = desk.directory.advisers(include_inactive=True)
        acting = desk.actor.strip().lower() == added.key
        say(
            (
                _("created {file} with adviser {key} ({name})").format(
                    file=desk.location(), key=added.key, name=added.name
                ),
                "bold",
            ),
            _(" — add tickets with `helpdesk add`")
            if acting
            else _(
                " — act as {key} (`helpdesk --as {key} …` or HELPDESK_ADVISER={key}), "
                "then add tickets with `helpdesk add`"
            ).format(key=added.key),
        )

    @app.command("upgrade")
    def upgrade(ctx: typer.Context) -> None:
        """Bring a PostgreSQL database's schema up to date (--db postgresql://…): each
        migration it lacks, in order, in its own transaction."""
        from helpdesk.services.factory import upgrade_database

        settings = state(ctx).settings
        applied = upgrade_database(settings)
        from helpdesk.services.factory import database_name

        database = (database_name(settings), "bold")
        if not applied:
            say(sentence(_("{database} is up to date."), database=database))
            return
        say(
            sentence(
                _("{database} upgraded: {migrations}"),
                database=database,
                migrations=", ".join(applied),
            )
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
        """Write a realistic demo desk (Lombard businesses, 2020–2021 and around today) to --db.

        The demo desk speaks Italian, as its advisers do (see `helpdesk language`)."""
        from helpdesk.dates import FrozenClock, SystemClock
        from helpdesk.services.demo import write_demo

        settings = state(ctx).settings
        path = settings.database_file()
        clock = FrozenClock(today, settings.timezone) if today else SystemClock(settings.timezone)
        count = write_demo(
            path,
            size=size,
            seed=seed,
            force=force,
            timezone=settings.timezone,
            today=clock.today(),
        )
        say(
            ngettext(
                "wrote {count} demo ticket to {file}", "wrote {count} demo tickets to {file}", count
            ).format(count=count, file=path)
        )
