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
                "running at ",
                (path, "bold"),
                f" (pid {pid}; stops after {_idle()} without a command)",
            )
        elif problem is not None and os.path.lexists(folder):
            say(f"not running: {problem}")
        else:
            say("not running (`helpdesk server start` starts one)")
        setting = launch.mode()
        if setting == "off":
            say("HELPDESK_SERVER=off: commands here run in their own process.")
        elif setting in ("on", "require"):
            say(f"HELPDESK_SERVER={setting}: commands start one when none runs.")

    @group.command("start")
    def start() -> None:
        """Start a command server, which serves every command until it stops (after 15 minutes
        without a command, or `helpdesk server stop`)."""
        folder = launch.runtime_folder()
        problem = launch.runtime_problem(folder)
        if problem is not None:
            error(f"cannot start a command server: {problem}")
            raise typer.Exit(1)
        path = launch.socket_path()
        assert path is not None
        pid = server_pid(path)
        if pid is not None:
            say("already running at ", (path, "bold"), f" (pid {pid})")
            return
        if not launch.start_server(path, wait=True) or server_pid(path) is None:
            error(f"the command server did not start at {path}.")
            raise typer.Exit(1)
        say(
            "started at ",
            (path, "bold"),
            f" (pid {server_pid(path)}; stops after {_idle()} without a command)",
        )

    @group.command("stop")
    def stop_command() -> None:
        """Stop the command server; commands then run in their own process."""
        say("stopped" if stop() else "not running")


def _idle() -> str:
    return f"{launch.IDLE_SECONDS // 60} minutes"
