"""``helpdesk check`` and ``helpdesk restore``: is the desk's file sound, and taking a copy back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from helpdesk.cli.output import emit_json, say, tickets_counted
from helpdesk.cli.state import state
from helpdesk.errors import StoreError
from helpdesk.i18n import _

if TYPE_CHECKING:
    from helpdesk.services.integrity import FileState


def register(app: typer.Typer) -> None:
    """Add ``check`` and ``restore`` to ``app``."""

    @app.command("check")
    def check(
        ctx: typer.Context,
        as_json: Annotated[
            bool, typer.Option("--json", help="Report as JSON for scripts.")
        ] = False,
    ) -> None:
        """Read the database whole and verify every checksum and record; exit 1 if damaged.

        Also says which copies (the previous version, the backups) are sound, for restore.
        """
        from helpdesk.services.integrity import check_desk

        found = check_desk(state(ctx).settings.database_file())
        if as_json:
            emit_json(
                {
                    "database": _as_json(found.database),
                    "copies": [_as_json(copy) for copy in found.copies],
                }
            )
            if not found.database.sound:
                raise typer.Exit(1)
            return
        if not found.database.sound:
            _list_copies(found.copies)
            raise StoreError(found.database.problem)
        if found.database.checksums:
            message = _("{file} is sound: {tickets}, every record read, checksums verified.")
        else:
            message = _(
                "{file} is sound: {tickets}, every record read, no checksums to verify "
                "(laid out by hand)."
            )
        say(
            message.format(
                file=found.database.name, tickets=tickets_counted(found.database.tickets)
            )
        )
        _list_copies(found.copies)

    @app.command("restore")
    def restore(
        ctx: typer.Context,
        which: Annotated[
            str | None,
            typer.Argument(
                help="previous (the version before the last write), or a backup's name as "
                "listed (its start is enough). Without it: list what can be taken back.",
                show_default=False,
            ),
        ] = None,
        force: Annotated[
            bool,
            typer.Option("--force", help="Restore even when the database is sound."),
        ] = False,
    ) -> None:
        """Take back the previous version or a backup; the file replaced is kept aside.

        The copy is verified before it is taken back, and the database after.
        """
        from helpdesk.services.integrity import copies_of, restore_desk

        db = state(ctx).settings.database_file()
        if which is None:
            copies = copies_of(db)
            if not db.exists():
                say(_("{file} does not exist.").format(file=db))
            else:
                from helpdesk.services.integrity import check_desk

                if check_desk(db).database.sound:
                    say(_("{file} is sound.").format(file=db))
                else:
                    say(_("{file} is DAMAGED.").format(file=db))
            if not copies:
                say(_("There is no previous version and no backup to take back."))
                return
            _list_copies(copies)
            say(_("Take one back with `helpdesk restore NAME` (or `helpdesk restore previous`)."))
            return
        name, aside = restore_desk(db, which, force=force)
        if aside:
            message = _(
                "restored {file} from {copy} (verified); the file it replaced is kept as {aside}"
            )
        else:
            message = _("restored {file} from {copy} (verified)")
        say(message.format(file=db, copy=name, aside=aside))


def _list_copies(copies: list[FileState]) -> None:
    if not copies:
        return
    say(_("Copies that can be taken back, newest first:"))
    for copy in copies:
        when = copy.written.strftime("%Y-%m-%d %H:%M UTC") if copy.written else "?"
        if copy.sound:
            verdict = _("sound, {tickets}").format(tickets=tickets_counted(copy.tickets))
        else:
            verdict = _("DAMAGED, cannot be used")
        say("  ", (copy.name, "bold"), f"  {when}  {verdict}")


def _as_json(found: FileState) -> dict[str, object]:
    from dataclasses import asdict

    data = asdict(found)
    data["written"] = found.written.isoformat() if found.written else None
    return data
