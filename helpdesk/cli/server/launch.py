"""The ``helpdesk`` program: run the command here, or hand it to a warm command server.

Starting Python and importing Typer, Rich and the desk's services costs more than most commands
spend on their work. A *command server* (:mod:`helpdesk.cli.server.serve`), like Mercurial's
``chg``, has imported all of that once and forks a worker per command; the worker runs the command
exactly as this process would have, on this process's standard streams (passed over the
socket), in its folder, with its environment, arguments, umask, user, groups, resource limits
and priority (:mod:`helpdesk.cli.server.caller`), or refuses to, and the command runs here.
What the worker prints is what the user sees; its exit code is this process's; ``ctrl+c`` is
passed on to it, and it dies with this process (killed, this process takes its command along).

The server is opt-in, as a background process that outlives a command would surprise:

- ``HELPDESK_SERVER`` unset: a server started with ``helpdesk server start`` is used while it
  runs; none is ever started by a command (but one that made way for new code is replaced);
- ``on``: a server is used, and started in the background when none runs;
- ``off``: never used, even when one runs;
- ``require``: the command is served or fails; a server is started, and waited for, when none
  runs or the one running made way for new code (to check that one is used).

A server stops after :data:`IDLE_SECONDS` without a command, when ``helpdesk server stop`` asks,
or as soon as helpdesk's code changes. ``helpdesk server status|start|stop`` always run here and
never start one by themselves.

This module imports only what the interpreter has loaded already or costs next to nothing
(``_socket`` rather than ``socket``, ``_signal`` rather than ``signal`` and its enums, a CRC
rather than ``hashlib``, strings rather than ``pathlib``): it is what every command pays before
anything else, and those alone took longer to import than a served command takes to run.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # signal without its enums: no stubs
import _socket
import marshal
import os
import stat
import struct
import sys
import zlib

#: A server with no command for this long stops.
IDLE_SECONDS = 15 * 60

#: Commands always run here: the terminal UI takes the terminal over, and ``server`` looks
#: after the server itself (it must never start one by asking about it).
LOCAL_COMMANDS = frozenset({"tui", "server"})

#: Seconds a command waits for a server it started under ``HELPDESK_SERVER=require``.
START_SECONDS = 30.0

#: What the server answers instead of a worker's pid: it ran nothing and is making way for
#: new code (the client starts another), or it will not act as this client (the reason follows).
STALE, REFUSED = 0, -1

#: Global options that take a value (``--db PATH``): the command name comes after them.
_VALUED_OPTIONS = frozenset({"--db", "--desk", "--as", "--templates"})

#: The size of the integers exchanged after the request: the worker's pid, then the exit code.
_INT = struct.Struct("!i")


def main() -> None:
    """Console-script entry point: the command's exit code is the process's."""
    code = relay(sys.argv[1:])
    if code is None:
        from helpdesk.cli.main import main as run_here

        run_here()
    else:
        # Nothing of ours to tidy: skip the interpreter's teardown.
        sys.stderr.flush()
        os._exit(code)


def mode() -> str:
    """``auto`` (unset: use a running server, never start one), ``on``, ``off`` or
    ``require``, from ``HELPDESK_SERVER``."""
    value = os.environ.get("HELPDESK_SERVER", "").strip().lower()
    if value in {"off", "0", "no", "false"}:
        return "off"
    if value in {"on", "1", "yes", "true"}:
        return "on"
    return "require" if value == "require" else "auto"


def served(args: list[str]) -> bool:
    """Whether this command line may be handed to a server: any command but the terminal UI."""
    for token, _ in _global_tokens(args):
        if token in {"--version", "-h", "--help"}:
            return True
    command = _command(args)
    return command is not None and command not in LOCAL_COMMANDS


def global_option(args: list[str], name: str) -> str | None:
    """The value of a global option that takes one (``--db PATH`` or ``--db=PATH``) given
    before the command, if it is."""
    for token, value in _global_tokens(args):
        if token == name:
            return value
        if token.startswith(name + "="):
            return token[len(name) + 1 :]
    return None


def _global_tokens(args: list[str]) -> list[tuple[str, str | None]]:
    # The options before the command, each with the value that follows it if it takes one.
    tokens = []
    position = 0
    while position < len(args) and args[position].startswith("-"):
        token = args[position]
        if token in _VALUED_OPTIONS:
            value = args[position + 1] if position + 1 < len(args) else None
            tokens.append((token, value))
            position += 2
        else:
            tokens.append((token, None))  # ``--db=PATH`` and flags
            position += 1
    return tokens


def _command(args: list[str]) -> str | None:
    # The first word after the global options and their values: the command.
    position = sum(2 if token in _VALUED_OPTIONS else 1 for token, _ in _global_tokens(args))
    return args[position] if position < len(args) else None


def relay(args: list[str]) -> int | None:
    """Run the command in a server's worker; its exit code, or None to run it here."""
    setting = mode()
    if setting == "off" or not served(args) or not _supported():
        if setting == "require" and _command(args) != "server":
            _fail("HELPDESK_SERVER=require, but this command is not run by the server.")
        return None
    folder = runtime_folder()
    if setting == "auto" and not os.path.lexists(folder):
        return None  # no server was ever started here
    problem = runtime_problem(folder, create=setting != "auto")
    if problem is not None:
        if setting == "require":
            _fail(f"HELPDESK_SERVER=require, but {problem}")
        if setting == "on" or "HELPDESK_RUNTIME_DIR" in os.environ:
            _warn_once(folder, problem)
        return None
    path = os.path.join(folder, f"server-{fingerprint()}.sock")
    answer = _ask(path, args)
    if answer is None and setting in ("auto", "on"):
        if setting == "on":
            start_server(path)  # for the next command; this one runs here
        return None
    if answer == STALE and setting != "require":
        start_server(path)  # the one the user started made way for new code: replaced
        return None
    if answer == STALE or answer is None:
        if not start_server(path, wait=True):
            _fail(f"HELPDESK_SERVER=require, but no command server answers at {path}.")
        answer = _ask(path, args)
        if answer is None or answer == STALE:
            _fail(f"HELPDESK_SERVER=require, but no command server answers at {path}.")
    if isinstance(answer, str):  # refused to act as this process
        if setting == "require":
            _fail(f"HELPDESK_SERVER=require, but the command server {answer}")
        return None
    if not isinstance(answer, tuple):
        return None  # not reached: under require, _fail has ended this process
    connection, pid = answer
    return _wait_for(connection, pid)


def _ask(path: str, args: list[str]) -> tuple[_socket.socket, int] | int | str | None:
    """Hand the command to the server at ``path``: the connection and the worker's pid; or
    :data:`STALE`; or why the server will not act as this process; or None when none answers."""
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        connection.connect(path)
        pid = _send_request(connection, args)
        if pid == REFUSED:
            reason = _read_rest(connection)
            connection.close()
            return reason
    except OSError:
        connection.close()
        return None
    if pid is None or pid <= 0:
        connection.close()
        return STALE if pid == STALE else None
    return connection, pid


def _read_rest(connection: _socket.socket) -> str:
    data = b""
    while chunk := connection.recv(4096):
        data += chunk
    return data.decode("utf-8", "replace") or "will not act as this process."


def _send_request(connection: _socket.socket, args: list[str]) -> int | None:
    """Send the command; what the server answers (a worker's pid, :data:`STALE` or
    :data:`REFUSED`), or None when it closed the connection."""
    request = marshal.dumps(
        {
            "argv": ["helpdesk", *args],
            "cwd": os.getcwd(),
            "env": dict(os.environ),
            "umask": _umask(),
            "streams": [
                (s.encoding, s.errors) if s else None for s in (sys.stdin, sys.stdout, sys.stderr)
            ],
        }
    )
    # What socket.send_fds does: the three descriptors ride with the first bytes.
    rights = struct.pack("3i", 0, 1, 2)
    connection.sendmsg(
        [_INT.pack(len(request)) + request],
        [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)],
    )
    return _read_int(connection)


def _wait_for(connection: _socket.socket, pid: int) -> int:
    """Pass signals on to the worker until it sends its exit code."""
    forwarded: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        forwarded.append(signum)
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            return  # it has just ended

    for signum in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP, _signal.SIGQUIT):
        _signal.signal(signum, forward)
    try:
        code = _read_int(connection)
    except OSError:
        code = None
    if code is not None:
        return code
    if forwarded:  # ended by the signal we passed on, as a process of our own would be
        return 128 + forwarded[-1]
    sys.stderr.write("error: the command ended unexpectedly (its worker process died).\n")
    return 70


def _read_int(connection: _socket.socket) -> int | None:
    data = b""
    while len(data) < _INT.size:
        chunk = connection.recv(_INT.size - len(data))
        if not chunk:
            return None
        data += chunk
    return int(_INT.unpack(data)[0])


def start_server(path: str, *, wait: bool = False) -> bool:
    """Start a server for ``path`` in the background, detached from this terminal; a server
    that finds another one already serving stops at once.

    Args:
        path: Its socket.
        wait: Wait (up to :data:`START_SECONDS`) until it answers, or has found another that
            does, rather than return at once.

    Returns:
        Whether it was started (and, with ``wait``, a server now answers).
    """
    devnull = os.open(os.devnull, os.O_RDWR)
    ready_read, ready_write = os.pipe() if wait else (-1, -1)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, fd) for fd in (0, 1, 2)]
    argv = [sys.executable, "-m", "helpdesk.cli.server.serve", path]
    if wait:  # it writes a byte on descriptor 3 once it listens, and closes it
        actions.append((os.POSIX_SPAWN_DUP2, ready_write, 3))
        argv.append("--ready-fd=3")
    try:
        os.posix_spawn(sys.executable, argv, dict(os.environ), file_actions=actions, setsid=True)
    except OSError:
        return False  # no server then: every command runs in its own process
    finally:
        os.close(devnull)
        if wait:
            os.close(ready_write)
    if not wait:
        return True
    try:
        return _ready(ready_read) or _answers(path)
    finally:
        os.close(ready_read)


def _ready(fd: int) -> bool:
    """Whether the server started says it listens, within :data:`START_SECONDS`."""
    import select

    readable, _, _ = select.select([fd], [], [], START_SECONDS)
    return bool(readable) and os.read(fd, 1) == b"1"


def _answers(path: str) -> bool:
    # Another server may answer: the one started found it and stopped.
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:
        return False
    finally:
        connection.close()
    return True


def runtime_folder() -> str:
    """The folder that holds the servers' sockets: ``HELPDESK_RUNTIME_DIR``, else
    ``$XDG_RUNTIME_DIR/helpdesk``, else ``/tmp/helpdesk-UID``; always an absolute path."""
    folder = os.environ.get("HELPDESK_RUNTIME_DIR")
    if not folder:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        folder = f"{runtime}/helpdesk" if runtime else f"/tmp/helpdesk-{os.getuid()}"
    return os.path.abspath(folder)


def runtime_problem(folder: str, *, create: bool = True) -> str | None:
    """Why ``folder`` cannot hold a server's socket, said for the user; None when it can.

    It must be a folder of this user's that no one else can enter (mode 0700): a socket there
    hands commands to whoever listens on it. A missing folder is made so when ``create``.
    """
    if create:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError as error:
            return f"the folder for its socket, {folder}, cannot be made: {error.strerror}."
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return f"the folder for its socket, {folder}, does not exist."
    except OSError as error:
        return f"the folder for its socket, {folder}, cannot be read: {error.strerror}."
    if not stat.S_ISDIR(st.st_mode):
        return f"{folder}, the folder for its socket, is not a folder."
    if st.st_uid != os.getuid():
        return (
            f"{folder}, the folder for its socket, belongs to user {st.st_uid}, not to you "
            f"({os.getuid()}); it must be yours, mode 0700."
        )
    if st.st_mode & 0o077:
        return (
            f"{folder}, the folder for its socket, is open to others "
            f"(mode {stat.S_IMODE(st.st_mode):04o}); make it private with `chmod 700 {folder}`."
        )
    return None


def runtime_dir() -> str | None:
    """The private folder that holds the servers' sockets, made if missing; None when there
    is no folder that only this user can enter."""
    folder = runtime_folder()
    return None if runtime_problem(folder) else folder


def _warn_once(folder: str, problem: str) -> None:
    """Say once, for this folder as it is now, that the server is not used and why: the
    mark that it was said is kept in the default runtime folder, when that one is private."""
    st = os.lstat(folder) if os.path.lexists(folder) else None
    facts = repr((folder, st and (st.st_dev, st.st_ino, st.st_mode, st.st_uid)))
    default = os.environ.get("XDG_RUNTIME_DIR")
    home = f"{default}/helpdesk" if default else f"/tmp/helpdesk-{os.getuid()}"
    mark = None
    if os.path.abspath(home) != folder and runtime_problem(home) is None:
        mark = os.path.join(home, f"said-{zlib.crc32(facts.encode('utf-8', 'replace')):08x}")
        if os.path.exists(mark):
            return
    sys.stderr.write(
        f"warning: the command server is not used: {problem} "
        "Commands run in their own process meanwhile.\n"
    )
    if mark is not None:
        try:  # noqa: SIM105 - contextlib is not worth importing here
            os.close(os.open(mark, os.O_WRONLY | os.O_CREAT, 0o600))
        except OSError:
            pass


def socket_path(*, create: bool = True) -> str | None:
    """The socket of the server for this interpreter, this helpdesk and this user; None when
    its folder is not private (or missing, unless ``create``)."""
    folder = runtime_folder()
    if runtime_problem(folder, create=create) is not None:
        return None
    return os.path.join(folder, f"server-{fingerprint()}.sock")


def fingerprint() -> str:
    """What a server must share with a client to run its commands as the client would: the
    interpreter, its settings and import path, and the text encodings it chose at start-up.
    Any difference means another server."""
    facts = repr(
        (
            sys.executable,
            sys.version,
            sys.path[1:],  # the first is the script's folder, or the folder ``-m`` ran in
            tuple(sys.flags),
            sys.warnoptions,
            sys._xoptions,
            sys.getfilesystemencoding(),
            [(s.encoding, s.errors) if s else None for s in (sys.stdin, sys.stdout, sys.stderr)],
            os.getuid(),
            __file__,
        )
    )
    data = facts.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _umask() -> int:
    current = os.umask(0o077)
    os.umask(current)
    return current


def _supported() -> bool:
    return hasattr(_socket, "AF_UNIX") and hasattr(_socket, "SCM_RIGHTS") and hasattr(os, "fork")


def _fail(message: str) -> None:
    sys.stderr.write(f"error: {message}\n")
    sys.exit(1)
