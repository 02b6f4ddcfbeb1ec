"""What every command shares: the settings from global options, and the desk opened lazily."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from helpdesk.config import Settings

if TYPE_CHECKING:  # the desk's services are imported when a command opens it
    from helpdesk.services.desk import Desk


@dataclass(slots=True)
class CliState:
    """Carried in the Typer context object.

    Attributes:
        settings: From ``--db``, ``--as`` and the environment.
        pager: Whether long output may go through a pager (not with ``--no-pager``).
        language_flag: The language ``--lang`` asked for, if it did.
    """

    settings: Settings
    pager: bool = True
    language_flag: str | None = None
    _desks: dict[bool, Desk] = field(default_factory=dict)

    def desk(self, *, create: bool = True) -> Desk:
        """The desk; reading commands pass ``create=False`` so a missing file is an error."""
        if create and False in self._desks:
            return self._desks[False]  # it was read, so it exists: nothing left to create
        if create not in self._desks:
            from helpdesk.services.factory import open_desk

            desk = open_desk(self.settings, create=create)
            if desk.notices:
                from helpdesk.cli.output import note

                for notice in desk.notices:
                    note(notice)
            self._desks[create] = desk
        return self._desks[create]

    def desk_language(self) -> str | None:
        """The language the desk is set to speak, or None (no desk yet, or one not readable)."""
        from helpdesk.errors import HelpdeskError

        try:
            return self.desk(create=False).language()
        except HelpdeskError:
            # Not kept: the command opens the desk itself and says what is wrong, or creates it.
            failed = self._desks.pop(False, None)
            if failed is not None:
                failed.close()
            return None

    def close(self) -> None:
        """Let go of every desk this invocation opened (run when the command ends)."""
        for desk in self._desks.values():
            desk.close()
        self._desks.clear()


def state(ctx: typer.Context) -> CliState:
    """The shared state of this invocation."""
    root = ctx.find_root()
    assert isinstance(root.obj, CliState)
    return root.obj


def pager_allowed(ctx: typer.Context) -> bool:
    """Whether this invocation may show long output through a pager (no ``--no-pager``)."""
    return state(ctx).pager


def reader(ctx: typer.Context) -> Desk:
    """The desk for a command that only reads: a missing database is reported, not created."""
    return state(ctx).desk(create=False)


def writer(ctx: typer.Context, *, identity: bool = True) -> Desk:
    """The desk for a command that changes things: a missing database is created.

    With ``identity`` (the default) the acting user must be one of the desk's advisers, so
    that nothing is stamped with an unknown name; the refusal names the commands that fix it.
    ``adviser add`` (how you become one) and the terminal UI (which asks) pass False.
    """
    desk = state(ctx).desk(create=True)
    if identity:
        from helpdesk.services.identity import check_actor

        check_actor(desk)
    return desk
