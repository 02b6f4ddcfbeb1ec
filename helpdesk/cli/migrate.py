"""Moving a desk between a file and a PostgreSQL database: ``migrate``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from helpdesk.cli.output import companies_counted, console, say, sentence, tickets_counted
from helpdesk.cli.state import state
from helpdesk.config import Settings
from helpdesk.i18n import _, ngettext


def register(app: typer.Typer) -> None:
    """Add ``migrate`` to ``app``."""

    @app.command("migrate")
    def migrate(
        ctx: typer.Context,
        source: Annotated[
            str,
            typer.Argument(help="The desk to copy: a file, or postgresql://…", metavar="SOURCE"),
        ],
        target: Annotated[
            str,
            typer.Argument(
                help="Where it goes: a file (made when missing), or postgresql://… (set up "
                "when needed).",
                metavar="TARGET",
            ),
        ],
        replace: Annotated[
            bool,
            typer.Option(
                "--replace",
                help="Replace a target that already holds a desk's records (a file is backed "
                "up first).",
            ),
        ] = False,
    ) -> None:
        """Copy a desk from SOURCE to TARGET, file ↔ PostgreSQL, every record as it is.

        A PostgreSQL side is the desk --desk (or $HELPDESK_DESK, else main) of its database; its
        password comes from ~/.pgpass or libpq's environment, and is never shown. The target
        is written in one change.
        """
        from helpdesk.services.migrate import migrate_desk

        state(ctx).refuse_network(ctx.command_path)
        settings = state(ctx).settings
        sides = [
            Settings.from_env(
                db=side, desk=settings.desk, adviser=settings.adviser, templates=settings.templates
            )
            for side in (source, target)
        ]
        with _progress() as progress:
            done = migrate_desk(sides[0], sides[1], replace=replace, progress=progress)
        counts = {
            "tickets": tickets_counted(done.tickets),
            "companies": companies_counted(done.companies),
            "records": ngettext("{count} record", "{count} records", done.records).format(
                count=done.records
            ),
        }
        names = {"source": (done.source, "bold"), "target": (done.target, "bold")}
        if done.backup is None:
            template = _(
                "copied {tickets}, {companies} and {records} in all from {source} to {target}"
            )
            say(sentence(template, **counts, **names))
            return
        template = _(
            "copied {tickets}, {companies} and {records} in all from {source} to {target}; "
            "its former contents are in {backup}"
        )
        say(sentence(template, **counts, **names, backup=done.backup))


@contextmanager
def _progress() -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on standard error while records are written, when it is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn(_("writing"), markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        console=console(stderr=True),
        transient=True,
        auto_refresh=False,
    )
    task = bar.add_task("", total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)
        bar.refresh()

    with bar:
        yield update
