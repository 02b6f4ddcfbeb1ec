"""What every command shares: the settings from global options, and the desk opened lazily."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from helpdesk.config import Settings

if TYPE_CHECKING:  # the desk's services are imported when a command opens it
    from helpdesk.services.desk import Desk
    from helpdesk.services.network_view import NetworkView

#: What ``--desk`` names to mean every desk of the database.
ALL_DESKS = "all"


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
    _network: list[NetworkView] = field(default_factory=list)

    @property
    def network_wide(self) -> bool:
        """Whether ``--desk all`` asked for every desk of the database."""
        return self.settings.desk == ALL_DESKS

    def network(self) -> NetworkView:
        """Every desk of the database, for a network-wide command (``--desk all``).

        Raises:
            OneDeskOnly: on a database file, which holds one desk.
        """
        if not self._network:
            from helpdesk.services.factory import open_network

            self._network.append(open_network(self.settings))
        return self._network[0]

    def refuse_network(self, command: str) -> None:
        """Refuse ``--desk all`` for ``command``, which works on one desk, naming the desks.

        Raises:
            OneDeskOnly: when ``--desk all`` was given.
        """
        if self.network_wide:
            from helpdesk.services.factory import desk_names
            from helpdesk.services.network_view import one_desk_only

            raise one_desk_only(command, desk_names(self.settings))

    def desk(self, *, create: bool = True) -> Desk:
        """The desk; reading commands pass ``create=False`` so a missing file is an error."""
        self.refuse_network("helpdesk")
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

        if self.network_wide:
            return self._network_language()
        try:
            return self.desk(create=False).language()
        except HelpdeskError:
            # Not kept: the command opens the desk itself and says what is wrong, or creates it.
            failed = self._desks.pop(False, None)
            if failed is not None:
                failed.close()
            return None

    def _network_language(self) -> str | None:
        # The network speaks its first desk's language (the desks of a network share one).
        from helpdesk.errors import HelpdeskError

        try:
            desks = list(self.network().desks.values())
        except HelpdeskError:
            return None
        return desks[0].language() if desks else None

    def close(self) -> None:
        """Let go of every desk this invocation opened (run when the command ends)."""
        for desk in self._desks.values():
            desk.close()
        self._desks.clear()
        for network in self._network:
            network.close()
        self._network.clear()


def state(ctx: typer.Context) -> CliState:
    """The shared state of this invocation."""
    root = ctx.find_root()
    assert isinstance(root.obj, CliState)
    return root.obj


def pager_allowed(ctx: typer.Context) -> bool:
    """Whether this invocation may show long output through a pager (no ``--no-pager``)."""
    return state(ctx).pager


def reader(ctx: typer.Context) -> Desk:
    """The desk for a command that only reads: a missing database is reported, not created.

    Raises:
        OneDeskOnly: for ``--desk all`` (the command works on one desk).
    """
    state(ctx).refuse_network(ctx.command_path)
    return state(ctx).desk(create=False)


def writer(ctx: typer.Context, *, identity: bool = True) -> Desk:
    """The desk for a command that changes things: a missing database is created.

    With ``identity`` (the default) the acting user must be one of the desk's advisers, so
    that nothing is stamped with an unknown name; the refusal names the commands that fix it.
    ``adviser add`` (how you become one) and the terminal UI (which asks) pass False.
    """
    state(ctx).refuse_network(ctx.command_path)
    desk = state(ctx).desk(create=True)
    if identity:
        from helpdesk.services.identity import check_actor

        check_actor(desk)
    return desk
