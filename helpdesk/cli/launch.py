"""The ``helpdesk`` program: hand the command to a warm command server, or run it here.

Starting Python and importing Typer, Rich and the desk's services costs more than most commands
spend on their work. So, like Mercurial's ``chg``, a command is handed to a *command server*
(:mod:`helpdesk.cli.server`) that has imported all of that once: it forks a worker per command,
and the worker runs the command exactly as this process would have, on this process's standard
streams (passed over the socket), in its folder, with its environment, arguments and umask. What
the worker prints is what the user sees; its exit code is this process's exit code; ``ctrl+c``
is passed on to it. The store's rules (lock, atomic write, re-read on change) are the same in a
worker as anywhere: what the server keeps between commands is imported code and the last
database it read ahead, which a worker takes only while the file is unchanged.

When no server is running, the command runs here as it always did, and a server is started in
the background for the next command; it stops by itself after :data:`IDLE_SECONDS` without a
command, or as soon as helpdesk's code changes. ``HELPDESK_SERVER=off`` never uses one (the
tests set it); ``HELPDESK_SERVER=require`` fails rather than run a command here, to check that
one is used. ``helpdesk server status`` and ``helpdesk server stop`` look after it.

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

#: Commands run in the terminal UI's process instead: it takes the terminal over.
LOCAL_COMMANDS = frozenset({"tui"})

#: Global options that take a value (``--db PATH``): the command name comes after them.
_VALUED_OPTIONS = frozenset({"--db", "--as", "--templates"})

#: The size of the integers exchanged after the request: the worker's pid, then the exit code.
_INT = struct.Struct("!i")


def main() -> None:
    """Console-script entry point: the command's exit code is the process's."""
    code = relay(sys.argv[1:])
    if code is None:
        from helpdesk.cli.main import main as run_here

        run_here()
    else:
        # Nothing of ours to tidy: skip the interpreter's teardown, a tenth of what is left.
        sys.stderr.flush()
        os._exit(code)


def mode() -> str:
    """``on`` (the default), ``off`` or ``require``, from ``HELPDESK_SERVER``."""
    value = os.environ.get("HELPDESK_SERVER", "").strip().lower()
    if value in {"off", "0", "no", "false"}:
        return "off"
    return "require" if value == "require" else "on"


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
        if setting == "require":
            _fail("HELPDESK_SERVER=require, but this command is not run by the server.")
        return None
    path = socket_path()
    if path is None:
        if setting == "require":
            _fail("HELPDESK_SERVER=require, but there is no private folder for its socket.")
        return None
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        connection.connect(path)
        pid = _send_request(connection, args)
    except OSError:
        pid = None
    if pid is None:
        connection.close()
        if setting == "require":
            _fail(f"HELPDESK_SERVER=require, but no command server answers at {path}.")
        start_server(path)
        return None
    return _wait_for(connection, pid)


def _send_request(connection: _socket.socket, args: list[str]) -> int | None:
    """Send the command; the worker's pid, or None when the server turned it down."""
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
    pid = _read_int(connection)
    return pid if pid else None  # 0: the server is stale or stopping and ran nothing


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


def start_server(path: str) -> None:
    """Start a server for ``path`` in the background, detached from this terminal; a server
    that finds another one already serving stops at once."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        os.posix_spawn(
            sys.executable,
            [sys.executable, "-m", "helpdesk.cli.server", path],
            dict(os.environ),
            file_actions=[(os.POSIX_SPAWN_DUP2, devnull, fd) for fd in (0, 1, 2)],
            setsid=True,
        )
    except OSError:
        pass  # no server then: every command runs in its own process, as without one
    finally:
        os.close(devnull)


def runtime_dir() -> str | None:
    """The private folder that holds the servers' sockets, made if missing; None when there
    is no folder that only this user can enter."""
    folder = os.environ.get("HELPDESK_RUNTIME_DIR")
    if not folder:
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        folder = f"{runtime}/helpdesk" if runtime else f"/tmp/helpdesk-{os.getuid()}"
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return None
    try:
        st = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return None  # someone else's, or open to others: their socket could not be trusted
    return folder


def socket_path() -> str | None:
    """The socket of the server for this interpreter, this helpdesk and this user."""
    folder = runtime_dir()
    return os.path.join(folder, f"server-{fingerprint()}.sock") if folder else None


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
