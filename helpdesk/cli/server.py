"""The command server: the desk's code imported once, a forked worker per command.

:mod:`helpdesk.cli.launch` says why and how a command reaches it. The server itself is small:
it imports every module a command may need (never the terminal UI's), builds every command's
parameters, freezes what it built so the workers' collectors leave it alone, then waits on its
socket. For each connection it forks; the worker takes over the client's standard streams,
folder, environment, arguments and umask, answers with its pid, runs the command through the
same entry point as a process of its own would, and sends back the exit code.

Each worker opens the database as any process does, so the store's lock, atomic writes and
re-reads are untouched. When a worker ends, the server reads its database ahead
(:func:`helpdesk.services.factory.read_ahead`); the next worker takes that copy only while the
file on disk is exactly the file read (inode, size, modification time), else reads it itself.
One server runs per socket (a lock file beside it says which is alive); it stops after
:data:`~helpdesk.cli.launch.IDLE_SECONDS` without a command, when ``helpdesk server stop``
asks, or when a file of helpdesk's code changes, so a worker never runs stale code.

Run as ``python -m helpdesk.cli.server SOCKET`` by the launcher; not a command of its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import importlib
import io
import marshal
import os
import pkgutil
import signal
import socket
import sys
import time
from collections.abc import Iterable
from typing import Any

import typer

import helpdesk
from helpdesk.cli import launch
from helpdesk.cli.output import say
from helpdesk.config import Settings
from helpdesk.services.factory import read_ahead

#: Modules that commands import only when they need them; the server imports them up front.
LATER_IMPORTS = (
    "csv",
    "dateutil.parser",
    "dateutil.relativedelta",
    "dateutil.rrule",
    "filelock",
    "jinja2",
    "jinja2.sandbox",
    "rich.box",
    "rich.panel",
    "rich.progress",
    "rich.table",
    "stdnum.it.iva",
)

#: Packages of helpdesk never imported by the server: the terminal UI and its Textual.
NOT_SERVED = ("helpdesk.tui",)

#: The request's first four bytes give its length; anything longer is not ours.
MAX_REQUEST = 4 << 20


def warm() -> None:
    """Import what commands use and build every command, as a first command would."""
    _import_tree(helpdesk.__path__, "helpdesk.")
    for name in LATER_IMPORTS:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    from helpdesk.cli.main import COMMANDS, app

    group = typer.main.get_group(app)
    for name in COMMANDS:
        group.get_command(typer.Context(group), name)
    _ROOT.append(group)
    gc.collect()
    gc.freeze()  # what the workers inherit is never collected, nor copied by collecting


def _import_tree(path: Iterable[str], prefix: str) -> None:
    # pkgutil.walk_packages would import the terminal UI's packages to look inside them.
    for module in pkgutil.iter_modules(path, prefix):
        if module.name.startswith(NOT_SERVED) or module.name == "helpdesk.__main__":
            continue
        imported = importlib.import_module(module.name)
        if module.ispkg:
            _import_tree(imported.__path__, f"{module.name}.")


#: The root command built by :func:`warm`, which workers run.
_ROOT: list[Any] = []


def serve(path: str) -> None:
    """Answer commands on the socket at ``path`` until idle, stale or asked to stop."""
    if launch.socket_path() != path:
        return  # started by a client this interpreter cannot stand in for
    guard = _only_server(path)
    if guard is None:
        return  # another server is answering already
    os.chdir("/")
    if sys.path and sys.path[0] == os.getcwd():
        del sys.path[0]
    warm()
    code = _code_stamp()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # left by a server that died: the lock says none is alive
    listener.bind(path)
    listener.listen(16)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    workers: dict[int, str | None] = {}  # pid → the database its command opens
    last = time.monotonic()
    try:
        while True:
            # While workers run, wake often to read their databases ahead once they end.
            idle = launch.IDLE_SECONDS - (time.monotonic() - last)
            listener.settimeout(0.02 if workers else max(idle, 0.001))
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                _reap(workers)
                if not workers and time.monotonic() - last >= launch.IDLE_SECONDS:
                    return
                continue
            last = time.monotonic()
            try:
                stopping = _code_stamp() != code or _asked_to_stop(connection)
                request, fds = (None, []) if stopping else _receive(connection)
            except (OSError, ValueError, EOFError, TypeError):
                # Said nothing in time, or nothing of ours: nothing has run.
                with contextlib.suppress(OSError):
                    connection.sendall(launch._INT.pack(0))
                connection.close()
                continue
            if stopping or request is None:
                with contextlib.suppress(OSError):
                    connection.sendall(launch._INT.pack(0))  # the client runs it itself
                connection.close()
                return
            connection.settimeout(None)
            pid = os.fork()
            if pid == 0:
                listener.close()
                os.close(guard)
                _work(connection, request, fds)  # never returns
            for fd in fds:
                os.close(fd)
            connection.close()
            workers[pid] = database_of(request)
    finally:
        with contextlib.suppress(OSError):
            if os.stat(path).st_ino == os.fstat(listener.fileno()).st_ino:
                os.unlink(path)
        listener.close()


def _reap(workers: dict[int, str | None]) -> None:
    """Collect the workers that ended, then read their databases ahead for the next command."""
    ended = []
    for pid in list(workers):
        try:
            done = os.waitpid(pid, os.WNOHANG)[0] == pid
        except ChildProcessError:
            done = True  # no longer ours to wait for
        if done:
            ended.append(workers.pop(pid))
    for database in dict.fromkeys(d for d in ended if d):
        read_ahead(database)


def database_of(request: dict[str, Any]) -> str | None:
    """The database file a request's command opens: ``--db``, else ``HELPDESK_DB``, else
    ``tickets.json``, in the client's folder (the rules of :class:`helpdesk.config.Settings`)."""
    given = launch.global_option(request["argv"][1:], "--db")
    try:
        settings = Settings.from_env(request["env"], db=given)
    except (KeyError, TypeError):
        return None
    return os.path.join(request["cwd"], settings.db)


def _only_server(path: str) -> int | None:
    """Hold the lock that says a server answers at ``path``; None when another holds it."""
    fd = os.open(_lock_of(path), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _code_stamp() -> list[tuple[str, int]]:
    """Every loaded helpdesk module's file and modification time: changed code, new server."""
    stamps = []
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and name.startswith("helpdesk"):
            try:
                stamps.append((file, os.stat(file).st_mtime_ns))
            except OSError:
                stamps.append((file, -1))
    return sorted(stamps)


def _asked_to_stop(connection: socket.socket) -> bool:
    """Peek at the request: ``helpdesk server stop`` sends a request of length zero."""
    connection.settimeout(5.0)  # a client says at once what it wants
    head = connection.recv(launch._INT.size, socket.MSG_PEEK)
    return head == launch._INT.pack(0)


def _work(connection: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    """In the forked worker: become the client's process, run its command, report, exit."""
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        _become(request)
        connection.sendall(launch._INT.pack(os.getpid()))
    except BaseException:
        # Nothing has run: a pid of 0 tells the client to run the command itself.
        with contextlib.suppress(OSError):
            connection.sendall(launch._INT.pack(0))
        os._exit(1)
    code = 70
    try:
        code = _run()
    except BaseException:  # a worker must never fall back into the server's loop
        code = 70
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            connection.sendall(launch._INT.pack(code))
        os._exit(code)


def _receive(connection: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """The request and the client's three standard streams (as descriptors of our own)."""
    message, fds, _flags, _address = socket.recv_fds(connection, 65536, 3)
    try:
        if len(fds) != 3 or len(message) < launch._INT.size:
            raise ConnectionError("a request without its streams")
        (length,) = launch._INT.unpack(message[: launch._INT.size])
        if not 0 < length <= MAX_REQUEST:
            raise ConnectionError("a request of an impossible length")
        body = bytearray(message[launch._INT.size :])
        while len(body) < length:
            chunk = connection.recv(length - len(body))
            if not chunk:
                raise ConnectionError("a request cut short")
            body += chunk
        request = marshal.loads(bytes(body))
        if not isinstance(request, dict):
            raise ConnectionError("a request that is not ours")
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    return request, fds


def _become(request: dict[str, Any]) -> None:
    """Take on the client's environment, folder, umask, arguments, streams and signals."""
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    sys.argv = list(request["argv"])
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.stdin, sys.stdout, sys.stderr = (
        _stream(fd, shape) for fd, shape in enumerate(request["streams"])
    )


def _stream(fd: int, shape: tuple[str, str] | None) -> Any:
    """A text stream on ``fd`` made as Python makes its standard streams at start-up."""
    if shape is None:
        return None
    encoding, errors = shape
    raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
    interactive = raw.isatty()
    buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
    return io.TextIOWrapper(
        buffered,
        encoding=encoding,
        errors=errors,
        line_buffering=interactive or fd == 2,
        write_through=fd == 2,
    )


def _run() -> int:
    """Run the command through the root command, as :func:`helpdesk.cli.main.main` does."""
    from helpdesk.perf import ends_with_its_command, tune_for_a_command

    tune_for_a_command()
    ends_with_its_command()
    try:
        _ROOT[0].main(sys.argv[1:], prog_name="helpdesk")
    except SystemExit as done:
        return _exit_code(done.code)
    return 0


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


# -- the ``helpdesk server`` commands --------------------------------------------------------


def stop() -> bool:
    """Ask this interpreter's server to stop; whether one was running."""
    path = launch.socket_path()
    if path is None:
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.connect(path)
            connection.sendall(launch._INT.pack(0))
            connection.recv(launch._INT.size)
        except OSError:
            return False
    return True


def running() -> bool:
    """Whether a server answers for this interpreter."""
    path = launch.socket_path()
    if path is None:
        return False
    try:
        fd = os.open(_lock_of(path), os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True  # held: a server is alive
    finally:
        os.close(fd)
    return False


def _lock_of(path: str) -> str:
    return os.path.splitext(path)[0] + ".lock"


def register(app: typer.Typer) -> None:
    """Add ``server status`` and ``server stop``."""
    group = typer.Typer(
        help="The command server that keeps commands quick (see HELPDESK_SERVER in the README).",
        no_args_is_help=True,
    )
    app.add_typer(group, name="server")

    @group.command("status")
    def status() -> None:
        """Say whether a command server is running, and where its socket is."""
        path = launch.socket_path()
        if launch.mode() == "off":
            say("off: HELPDESK_SERVER=off, every command runs in its own process")
        elif running():
            say("running at ", (path or "", "bold"), f" (stops after {_idle()} without a command)")
        else:
            say("not running: the next command starts one")

    @group.command("stop")
    def stop_command() -> None:
        """Stop the command server; the next command runs on its own and starts a new one."""
        say("stopped" if stop() else "not running")


def _idle() -> str:
    return f"{launch.IDLE_SECONDS // 60} minutes"


if __name__ == "__main__":
    serve(sys.argv[1])
