"""The command server: the desk's code imported once, a forked worker per command.

:mod:`helpdesk.cli.server.launch` says why and how a command reaches it, and when. The server itself
is small: it imports every module a command may need (never the terminal UI's), builds every
command's parameters, freezes what it built so the workers' collectors leave it alone, then
waits on its socket. For each connection it forks; the worker takes on the client's identity,
groups, limits and priority (:mod:`helpdesk.cli.server.caller`) or answers why it cannot, then
the client's standard streams, folder, environment, arguments and umask; it answers with its
pid, runs the command through the same entry point as a process of its own would, and sends
back the exit code. A worker dies with its client: a client killed before its command started
leaves nothing run, and one killed during it ends it there, as a command in its own process
would end (the store's writes are atomic, so a write is whole or not made).

Each worker opens the database as any process does, so the store's lock, atomic writes and
re-reads are untouched. When a worker ends, the server reads its database ahead
(:func:`helpdesk.services.read_ahead.read_ahead`); the next worker takes that copy only while the
file on disk is exactly the file read (inode, size, modification time), else reads it itself.
Only the last database read is kept, and let go within :data:`RECHECK_SECONDS` once its file
is replaced or deleted. One server runs per socket (a lock file beside it holds its pid); it
stops after :data:`~helpdesk.cli.server.launch.IDLE_SECONDS` without a command, when ``helpdesk
server stop`` asks, or when a file of helpdesk's code changes (so a worker never runs stale
code), removing its socket as it goes.

Run as ``python -m helpdesk.cli.server.serve SOCKET [--ready-fd=N]`` by the launcher; not a command
of its own.
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
import select
import signal
import socket
import sys
import time
from collections.abc import Iterable
from typing import Any

import typer

import helpdesk
from helpdesk.cli.server import launch
from helpdesk.cli.server.caller import NotTheCaller, act_as_caller
from helpdesk.config import Settings
from helpdesk.services.read_ahead import forget_changed_read_ahead, read_ahead

#: Modules that commands import only when they need them; the server imports them up front.
LATER_IMPORTS = (
    "csv",
    "dateutil.parser",
    "dateutil.relativedelta",
    "dateutil.rrule",
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

#: Seconds between checks, while idle, that the database read ahead is still on disk as read.
RECHECK_SECONDS = 5.0

#: Seconds a new server waits for one that is making way (for new code, or asked to stop).
MAKE_WAY_SECONDS = 15.0

#: Seconds between looks, while waiting for the lock, at whether another server now answers.
_LOCK_GLANCE = 0.2


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


def serve(path: str, ready_fd: int | None = None) -> None:
    """Answer commands on the socket at ``path`` until idle, stale or asked to stop.

    Args:
        path: The socket.
        ready_fd: A descriptor to write ``1`` on once the socket listens (then closed): how
            ``helpdesk server start`` and ``HELPDESK_SERVER=require`` know it answers.
    """
    try:
        if launch.socket_path() != path:
            return  # started by a client this interpreter cannot stand in for
        guard = _only_server(path)
        if guard is None:
            return  # another server is answering already
        _serve(path, guard, ready_fd)
    finally:
        if ready_fd is not None:
            with contextlib.suppress(OSError):
                os.close(ready_fd)


def _serve(path: str, guard: int, ready_fd: int | None) -> None:
    os.chdir("/")
    if sys.path and sys.path[0] == os.getcwd():
        del sys.path[0]
    warm()
    code = _code_stamp()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # left by a server that died: the lock says none is alive
    listener.bind(path)
    bound = os.stat(path)  # the socket file (fstat on the socket says nothing of it)
    listener.listen(16)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, lambda *_: sys.exit(0))
    if ready_fd is not None:
        with contextlib.suppress(OSError):
            os.write(ready_fd, b"1")
    workers: dict[int, str | None] = {}  # pid → the database its command opens
    last = time.monotonic()
    try:
        while True:
            # While workers run, wake often to read their databases ahead once they end.
            idle = launch.IDLE_SECONDS - (time.monotonic() - last)
            wait = 0.02 if workers else min(max(idle, 0.001), RECHECK_SECONDS)
            listener.settimeout(wait)
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                _reap(workers)
                forget_changed_read_ahead()
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
                    refusal = b"could not read the command it was sent."
                    connection.sendall(launch._INT.pack(launch.REFUSED) + refusal)
                connection.close()
                continue
            if stopping or request is None:
                # Out of the way first, so that the next command finds no socket or a new one.
                _remove_socket(path, bound)
                with contextlib.suppress(OSError):
                    connection.sendall(launch._INT.pack(launch.STALE))  # ran nothing
                connection.close()
                return
            connection.settimeout(None)
            pid = os.fork()
            if pid == 0:
                listener.close()
                os.close(guard)
                _run_for_client(connection, request, fds)  # never returns
            for fd in fds:
                os.close(fd)
            connection.close()
            workers[pid] = database_of(request)
    finally:
        _remove_socket(path, bound)
        listener.close()


def _remove_socket(path: str, bound: os.stat_result) -> None:
    """Remove the socket file, if it is still the one this server made."""
    with contextlib.suppress(OSError):
        now = os.stat(path)
        if (now.st_dev, now.st_ino) == (bound.st_dev, bound.st_ino):
            os.unlink(path)


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
    if settings.url is not None:  # a PostgreSQL database: nothing to read ahead
        return None
    return os.path.join(request["cwd"], settings.db)


def _only_server(path: str) -> int | None:
    """Hold the lock that says a server answers at ``path``, with this process's pid in it;
    None when another server holds it and answers.

    A server making way (for new code, or asked to stop) has removed its socket before it
    lets go of the lock: the lock is waited for then, so that the new server serves.
    """
    fd = os.open(_lock_of(path), os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + MAKE_WAY_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError:
            if os.path.exists(path) or time.monotonic() > deadline:
                os.close(fd)
                return None  # another server answers (or is starting and will)
        with contextlib.suppress(OSError, TimeoutError):  # a little at a time: see above
            _wait_for_lock(fd, min(_LOCK_GLANCE, deadline - time.monotonic()))
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def _wait_for_lock(fd: int, seconds: float) -> None:
    """Block until the lock is free, or ``seconds`` pass (then TimeoutError)."""

    def time_up(_signum: int, _frame: object) -> None:
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.01))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        fcntl.flock(fd, fcntl.LOCK_UN)  # taken again, with its pid, by the caller
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def _run_for_client(connection: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    """In the forked worker: act as the client, run its command, report, exit."""
    try:
        _end_with_client(connection)
        act_as_caller(connection)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        _take_on_client_environment(request)
        if _client_gone(connection):
            os._exit(1)  # killed before its command started: nothing is run
        connection.sendall(launch._INT.pack(os.getpid()))
    except NotTheCaller as refusal:
        with contextlib.suppress(OSError):
            connection.sendall(launch._INT.pack(launch.REFUSED) + str(refusal).encode())
        os._exit(1)
    except BaseException as failure:
        # Nothing has run: the client runs the command itself.
        with contextlib.suppress(BaseException):
            reason = f"could not prepare to run it ({type(failure).__name__}: {failure})."
            connection.sendall(launch._INT.pack(launch.REFUSED) + reason.encode())
        os._exit(1)
    code = 70
    try:
        code = _run_command()
    except BaseException:  # a worker must never fall back into the server's loop
        code = 70
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(OSError):
            connection.sendall(launch._INT.pack(code))
        os._exit(code)


def _end_with_client(connection: socket.socket) -> None:
    """Have the kernel end this worker as soon as its client's end of the connection closes.

    The client sends nothing after its request, so the connection becomes readable only when
    the client is gone: with ``O_ASYNC`` the kernel then sends this process ``SIGIO``, whose
    default action ends it at once, wherever it is, as the client's death would have ended a
    command run in the client's own process.
    """
    signal.signal(signal.SIGIO, signal.SIG_DFL)
    fd = connection.fileno()
    fcntl.fcntl(fd, fcntl.F_SETOWN, os.getpid())
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)


def _client_gone(connection: socket.socket) -> bool:
    """Whether the client closed its end already (it sends nothing more while it waits)."""
    readable, _, _ = select.select([connection], [], [], 0)
    return bool(readable)


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


def _take_on_client_environment(request: dict[str, Any]) -> None:
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


def _run_command() -> int:
    """Run the command through the root command, as :func:`helpdesk.cli.main.main` does."""
    from helpdesk.memory import skip_freeing_at_exit, tune_for_a_command

    tune_for_a_command()
    skip_freeing_at_exit()
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


# -- asking a running server, for ``helpdesk server`` ----------------------------------------


def stop() -> bool:
    """Ask this interpreter's server to stop, and wait until it has; whether one was running."""
    path = launch.socket_path(create=False)
    if path is None:
        return False
    pid = server_pid(path)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        try:
            connection.connect(path)
            connection.sendall(launch._INT.pack(0))
            connection.recv(launch._INT.size)
        except OSError:
            return pid is not None and _ended(pid)
    if pid is not None:
        _ended(pid)
    return True


def _ended(pid: int) -> bool:
    """Wait (a few seconds at most) for the process ``pid`` to end; whether it has."""
    try:
        handle = os.pidfd_open(pid)
    except OSError:
        return True  # gone already
    try:
        return bool(select.select([handle], [], [], MAKE_WAY_SECONDS)[0])
    finally:
        os.close(handle)


def server_pid(path: str) -> int | None:
    """The pid of the server answering at ``path``: the one holding its lock; None when none
    is alive."""
    try:
        fd = os.open(_lock_of(path), os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            return int(text) if text.isdigit() else 0  # held: a server is alive
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def running() -> bool:
    """Whether a server answers for this interpreter."""
    path = launch.socket_path(create=False)
    return path is not None and server_pid(path) is not None


def _lock_of(path: str) -> str:
    return os.path.splitext(path)[0] + ".lock"


def _main(args: list[str]) -> None:
    ready = [int(a.split("=", 1)[1]) for a in args[1:] if a.startswith("--ready-fd=")]
    serve(args[0], ready[0] if ready else None)
    os._exit(0)  # nothing to tidy: the lock goes with the process, the socket is gone already


if __name__ == "__main__":
    _main(sys.argv[1:])
