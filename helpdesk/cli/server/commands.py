"""``helpdesk server status|start|stop``: the command server seen from the command line.

These always run in the caller's own process (:data:`~helpdesk.cli.server.launch.LOCAL_COMMANDS`),
so that asking about a server never starts one.
"""

from __future__ import annotations

import os

import typer

from helpdesk.cli.output import error, say
from helpdesk.cli.server import launch
from helpdesk.cli.server.serve import server_pid, stop
from helpdesk.i18n import _, ngettext


def register(app: typer.Typer) -> None:
    """Add ``server status``, ``server start`` and ``server stop``."""
    group = typer.Typer(
        help="The command server that keeps commands quick; opt-in (see HELPDESK_SERVER in the "
        "README).",
        no_args_is_help=True,
    )
    app.add_typer(group, name="server")

    @group.command("status")
    def status() -> None:
        """Say whether a command server is running, where, and whether commands use it."""
        folder = launch.runtime_folder()
        problem = launch.runtime_problem(folder, create=False)
        path = launch.socket_path(create=False)
        pid = server_pid(path) if path is not None else None
        if pid is not None and path is not None:
            say(
                _("running at {path} (pid {pid}; stops after {idle} without a command)").format(
                    path=path, pid=pid, idle=_idle()
                )
            )
        elif problem is not None and os.path.lexists(folder):
            say(_("not running: {problem}").format(problem=problem))
        else:
            say(_("not running (`helpdesk server start` starts one)"))
        setting = launch.mode()
        if setting == "off":
            say(_("HELPDESK_SERVER=off: commands here run in their own process."))
        elif setting in ("on", "require"):
            say(
                _("HELPDESK_SERVER={setting}: commands start one when none runs.").format(
                    setting=setting
                )
            )

    @group.command("start")
    def start() -> None:
        """Start a command server, which serves every command until it stops (after 15 minutes
        without a command, or `helpdesk server stop`)."""
        folder = launch.runtime_folder()
        problem = launch.runtime_problem(folder)
        if problem is not None:
            error(_("cannot start a command server: {problem}").format(problem=problem))
            raise typer.Exit(1)
        path = launch.socket_path()
        assert path is not None
        pid = server_pid(path)
        if pid is not None:
            say(_("already running at {path} (pid {pid})").format(path=path, pid=pid))
            return
        if not launch.start_server(path, wait=True) or server_pid(path) is None:
            error(_("the command server did not start at {path}.").format(path=path))
            raise typer.Exit(1)
        say(
            _("started at {path} (pid {pid}; stops after {idle} without a command)").format(
                path=path, pid=server_pid(path), idle=_idle()
            )
        )

    @group.command("stop")
    def stop_command() -> None:
        """Stop the command server; commands then run in their own process."""
        say(_("stopped") if stop() else _("not running"))


def _idle() -> str:
    minutes = launch.IDLE_SECONDS // 60
    return ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)
