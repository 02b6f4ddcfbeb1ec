"""What every command shares: the settings from global options, and the desk opened lazily."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer

from helpdesk.config import Settings
from helpdesk.services.desk import Desk


@dataclass(slots=True)
class CliState:
    """Carried in the Typer context object.

    Attributes:
        settings: From ``--db``, ``--as`` and the environment.
    """

    settings: Settings
    _desks: dict[bool, Desk] = field(default_factory=dict)

    def desk(self, *, create: bool = True) -> Desk:
        """The desk; reading commands pass ``create=False`` so a missing file is an error."""
        if create not in self._desks:
            from helpdesk.services.factory import open_desk

            desk = open_desk(self.settings, create=create)
            if desk.notices:
                from helpdesk.cli.output import note

                for notice in desk.notices:
                    note(notice)
            self._desks[create] = desk
        return self._desks[create]

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
