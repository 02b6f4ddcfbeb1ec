"""The command server: opt-in, and a command handed to it behaves exactly as one run in its
own process, as its caller.

Real processes throughout: each test starts a server in a private runtime folder of its own
(``HELPDESK_RUNTIME_DIR``, inside the session's, checked by tests/conftest.py at the end), runs
``python -m helpdesk`` with ``HELPDESK_SERVER=require`` (which fails rather than run a command
in its own process), compares with the same command run with ``HELPDESK_SERVER=off``, and stops
the server at the end.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import resource
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from helpdesk import __version__
from helpdesk.cli.server import caller as server_caller
from helpdesk.cli.server import launch
from helpdesk.cli.server import serve as server
from helpdesk.config import Settings
from helpdesk.services.factory import open_desk
from helpdesk.services.read_ahead import forget_changed_read_ahead, read_ahead

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list"], True),
        (["--db", "x.json", "add", "Subject"], True),
        (["--db=x.json", "--as", "ms", "show", "1"], True),
        (["--version"], True),
        (["--help"], True),
        ([], False),  # the terminal UI
        (["--db", "x.json"], False),
        (["tui"], False),
        (["server", "status"], False),  # never starts a server by asking about one
        (["server", "stop"], False),
        (["--db", "tui", "list"], True),  # a value, not the command
    ],
)
def test_every_command_but_the_terminal_ui_is_served(args: list[str], expected: bool) -> None:
    assert launch.served(args) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "auto"),
        ("on", "on"),
        ("1", "on"),
        ("off", "off"),
        ("0", "off"),
        ("No", "off"),
        ("require", "require"),
    ],
)
def test_the_setting_reads_off_on_and_require(
    value: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HELPDESK_SERVER", value)
    assert launch.mode() == expected


def test_a_runtime_folder_others_can_enter_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    monkeypatch.setenv("HELPDESK_RUNTIME_DIR", str(folder))
    assert launch.runtime_dir() is None and launch.socket_path() is None
    assert launch.runtime_problem(str(folder)) == (
        f"{folder}, the folder for its socket, is open to others (mode 0755); make it private "
        f"with `chmod 700 {folder}`."
    )
    folder.chmod(0o700)
    assert launch.runtime_dir() == str(folder)
    assert launch.socket_path() == str(folder / f"server-{launch.fingerprint()}.sock")


def test_changed_code_changes_the_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "helpdesk_probe.py"
    module.write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("helpdesk_probe")
    try:
        before = server._code_stamp()
        assert (str(module), module.stat().st_mtime_ns) in before
        os.utime(module, ns=(0, module.stat().st_mtime_ns + 1_000_000))
        assert server._code_stamp() != before
    finally:
        del sys.modules["helpdesk_probe"]


def test_the_server_imports_no_terminal_ui() -> None:
    code = (
        "import sys; from helpdesk.cli.server import serve; serve.warm(); "
        "print(sorted(m for m in sys.modules if m.startswith(('textual', 'helpdesk.tui'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# -- real processes ---------------------------------------------------------------------------


@pytest.fixture
def runtime() -> Iterator[Path]:
    """A private runtime folder with a short path (socket paths are limited to ~100 bytes),
    inside the session's folder of servers."""
    base = Path(os.environ["HELPDESK_RUNTIME_DIR"]).parent
    folder = Path(tempfile.mkdtemp(prefix="t-", dir=base))
    yield folder
    helpdesk(folder, folder, "server", "stop", mode="on")
    shutil.rmtree(folder, ignore_errors=True)


def environment(runtime: Path, mode: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HELPDESK_") and k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS")
    }
    env.update(
        HELPDESK_RUNTIME_DIR=str(runtime),
        HELPDESK_ADVISER="ms",
        COLUMNS="200",
        PYTHONUTF8="1",
    )
    if mode is not None:  # None: unset, the default
        env["HELPDESK_SERVER"] = mode
    return env


def helpdesk(
    runtime: Path,
    cwd: Path,
    *args: str,
    mode: str | None = "require",
    input: str | None = None,
    **options: Any,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "helpdesk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**environment(runtime, mode), **options.pop("env", {})},
        cwd=cwd,
        input=input,
        timeout=60,
        **options,
    )


@pytest.fixture
def started(runtime: Path, tmp_path: Path) -> Path:
    """A server started the way users start one: ``helpdesk server start``."""
    first = helpdesk(runtime, tmp_path, "server", "start", mode=None)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("started at ")
    return runtime


def server_pid(runtime: Path) -> int | None:
    """The pid of the server running in ``runtime``, from its lock file."""
    sockets = list(runtime.glob("*.sock"))
    return server.server_pid(str(sockets[0])) if sockets else None


def test_require_starts_a_server_and_waits_for_it(runtime: Path, tmp_path: Path) -> None:
    result = helpdesk(runtime, tmp_path, "--db", "desk.json", "adviser", "add", "ms", "Marta")
    assert result.returncode == 0, result.stderr
    assert server_pid(runtime)
    assert (tmp_path / "desk.json").exists()


def test_the_server_is_opt_in(runtime: Path, tmp_path: Path) -> None:
    # Unset, commands run in their own process and never start a server; nor do `server status`
    # and `server stop`, even with HELPDESK_SERVER=on.
    for args in (("--version",), ("--db", "desk.json", "adviser", "add", "ms", "Marta")):
        assert helpdesk(runtime, tmp_path, *args, mode=None).returncode == 0
    for mode in (None, "on", "require"):
        status = helpdesk(runtime, tmp_path, "server", "status", mode=mode)
        assert status.returncode == 0, status.stderr
        assert status.stdout.startswith("not running (`helpdesk server start` starts one)")
        stopped = helpdesk(runtime, tmp_path, "server", "stop", mode=mode)
        assert (stopped.returncode, stopped.stdout) == (0, "not running\n")
    assert list(runtime.iterdir()) == []
    assert server_pid(runtime) is None


def test_on_starts_a_server_in_the_background_for_the_next_command(
    runtime: Path, tmp_path: Path
) -> None:
    first = helpdesk(runtime, tmp_path, "--version", mode="on")
    assert (first.returncode, first.stdout) == (0, f"helpdesk {__version__}\n")
    deadline = time.monotonic() + 30
    while not server_pid(runtime):  # started in the background: wait for its lock
        assert time.monotonic() < deadline, "no server started within 30 seconds"
        time.sleep(0.05)
    status = helpdesk(runtime, tmp_path, "server", "status", mode="on")
    assert status.stdout.startswith("running at "), status.stdout
    assert status.stdout.endswith("HELPDESK_SERVER=on: commands start one when none runs.\n")


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
        return [int(child) for child in children.read().split()]


def _worker_of(server_pid: int, client: subprocess.Popen[str]) -> int:
    """The worker running the client's command: the server's child, once it has taken on the
    client (its standard input is then the client's)."""
    deadline = time.monotonic() + 30
    stdin = os.readlink(f"/proc/{client.pid}/fd/0")
    while True:
        for child in _children(server_pid):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{child}/fd/0") == stdin:
                    return child
        assert client.poll() is None, client.communicate()
        assert time.monotonic() < deadline, "no worker within 30 seconds"
        time.sleep(0.02)


def _ended(pid: int, seconds: float = 30) -> bool:
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([handle], [], [], seconds)[0])
    finally:
        os.close(handle)


def _with_adviser(runtime: Path, cwd: Path) -> None:
    """Create desk.json with its first adviser, ms, whom the tests act as."""
    made = helpdesk(runtime, cwd, "--db", "desk.json", "init", "--adviser", "ms", "--name", "M S")
    assert made.returncode == 0, made.stderr


def _import_from_stdin(runtime: Path, cwd: Path, mode: str | None, **options: Any) -> Any:
    _with_adviser(runtime, cwd)
    return subprocess.Popen(
        [sys.executable, "-m", "helpdesk", "--db", "desk.json", "import", "-", "--format", "csv"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(runtime, mode),
        cwd=cwd,
        **options,
    )


def test_server_start_makes_commands_served_without_the_setting(
    started: Path, tmp_path: Path
) -> None:
    pid = server_pid(started)
    assert pid
    client = _import_from_stdin(started, tmp_path, None)
    worker = _worker_of(pid, client)
    _, stderr = client.communicate("subject\nVendere online\n", timeout=60)
    assert client.returncode == 0, stderr
    assert _ended(worker)
    again = helpdesk(started, tmp_path, "server", "start", mode=None)
    assert again.stdout.startswith("already running at ")


def test_a_served_command_runs_with_the_callers_limits_priority_and_groups(
    started: Path, tmp_path: Path
) -> None:
    pid = server_pid(started)
    assert pid
    as_root = os.geteuid() == 0

    def like_a_limited_shell() -> None:
        os.nice(3)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
        resource.setrlimit(resource.RLIMIT_NOFILE, (200, 200))
        if as_root:  # only root may change its groups: here, the client's differ
            os.setgroups([4242, 4343])

    client = _import_from_stdin(started, tmp_path, "require", preexec_fn=like_a_limited_shell)
    worker = _worker_of(pid, client)
    try:
        assert os.getpriority(os.PRIO_PROCESS, worker) == os.getpriority(
            os.PRIO_PROCESS, client.pid
        )
        assert os.getpriority(os.PRIO_PROCESS, worker) != os.getpriority(os.PRIO_PROCESS, pid)
        for limit in (resource.RLIMIT_FSIZE, resource.RLIMIT_NOFILE):
            assert resource.prlimit(worker, limit) == resource.prlimit(client.pid, limit)
        assert resource.prlimit(worker, resource.RLIMIT_FSIZE) == (1 << 20, 1 << 20)
        if as_root:
            groups = Path(f"/proc/{worker}/status").read_text().split("Groups:")[1].split("\n")[0]
            assert groups.split() == ["4242", "4343"]
    finally:
        _, stderr = client.communicate("subject\nVendere online\n", timeout=60)
    assert client.returncode == 0, stderr


def test_a_served_command_obeys_the_callers_file_size_limit(started: Path, tmp_path: Path) -> None:
    rows = "subject;description\n" + "".join(f"Richiesta {i};{'testo ' * 40}\n" for i in range(60))
    base = ("--db", "desk.json")
    assert helpdesk(started, tmp_path, *base, "adviser", "add", "ms", "Marta").returncode == 0
    assert helpdesk(started, tmp_path, *base, "import", "-", input=rows).returncode == 0

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    endings = []
    for mode, name in (("require", "served.json"), ("off", "alone.json")):
        done = helpdesk(
            started, tmp_path, *base, "export", "--output", name, mode=mode, preexec_fn=small_files
        )
        endings.append((done.returncode, done.stderr.replace(name, "OUT")))
        assert not (tmp_path / name).exists()
    assert endings[0] == endings[1]
    assert endings[0][0] == 1 and "too large" in endings[0][1].lower(), endings


def test_a_client_killed_takes_its_command_along(started: Path, tmp_path: Path) -> None:
    pid = server_pid(started)
    assert pid
    client = _import_from_stdin(started, tmp_path, "require")
    before = (tmp_path / "desk.json").read_bytes()
    worker = _worker_of(pid, client)
    assert client.stdin is not None
    client.stdin.write("subject\nVendere online\n")
    client.stdin.flush()

    client.kill()  # SIGKILL: it cannot pass anything on
    client.wait(timeout=30)

    assert _ended(worker), "the worker outlived its client"
    client.stdin.close()  # had the worker lived, it would now read the end and import
    assert (tmp_path / "desk.json").read_bytes() == before
    assert server_pid(started) == pid  # the server itself goes on


def test_the_first_command_after_a_code_change_is_served(runtime: Path, tmp_path: Path) -> None:
    # A copy of the package, so that changing its code changes no other test's server.
    copy = tmp_path / "code"
    shutil.copytree(
        ROOT / "helpdesk", copy / "helpdesk", ignore=shutil.ignore_patterns("__pycache__")
    )
    env = {"env": {"PYTHONPATH": str(copy)}}
    work = tmp_path / "work"
    work.mkdir()
    try:
        _serve_after_a_code_change(runtime, work, copy, env)
    finally:
        helpdesk(runtime, work, "server", "stop", mode=None, **env)


def _serve_after_a_code_change(runtime: Path, work: Path, copy: Path, env: dict[str, Any]) -> None:
    started = helpdesk(runtime, work, "server", "start", mode=None, **env)
    assert started.returncode == 0, started.stderr
    first = server_pid(runtime)
    assert first  # serving from the copy:
    assert f"PYTHONPATH={copy}".encode() in Path(f"/proc/{first}/environ").read_bytes()
    assert helpdesk(runtime, work, "--version", **env).returncode == 0

    module = copy / "helpdesk" / "cli" / "output.py"
    stamp = module.stat().st_mtime_ns + 1_000_000_000
    os.utime(module, ns=(stamp, stamp))
    served = helpdesk(runtime, work, "--db", "desk.json", "adviser", "add", "ms", "M", **env)

    assert served.returncode == 0, served.stderr
    assert _ended(first)
    second = server_pid(runtime)
    assert second and second != first
    assert len(list(runtime.glob("*.sock"))) == 1


def test_the_socket_is_removed_when_the_server_stops(started: Path, tmp_path: Path) -> None:
    [socket_file] = started.glob("*.sock")
    stopped = helpdesk(started, tmp_path, "server", "stop", mode="off")
    assert (stopped.returncode, stopped.stdout) == (0, "stopped\n")
    assert not socket_file.exists()

    again = helpdesk(started, tmp_path, "server", "start", mode=None)
    assert again.returncode == 0, again.stderr
    pid = server_pid(started)
    assert pid and socket_file.exists()
    os.kill(pid, signal.SIGTERM)
    assert _ended(pid)
    assert not socket_file.exists()


def test_a_runtime_folder_open_to_others_is_said_once(tmp_path: Path) -> None:
    base = Path(os.environ["HELPDESK_RUNTIME_DIR"]).parent
    marks = Path(tempfile.mkdtemp(prefix="x-", dir=base))  # where "said once" is remembered
    shared = Path(tempfile.mkdtemp(prefix="s-", dir=base))
    shared.chmod(0o755)
    env = {"env": {"XDG_RUNTIME_DIR": str(marks)}}
    said = (
        f"warning: the command server is not used: {shared}, the folder for its socket, is "
        f"open to others (mode 0755); make it private with `chmod 700 {shared}`. Commands "
        "run in their own process meanwhile.\n"
    )
    try:
        first = helpdesk(shared, tmp_path, "--version", mode="on", **env)
        second = helpdesk(shared, tmp_path, "--version", mode="on", **env)
        assert (first.returncode, first.stderr) == (0, said)
        assert (second.returncode, second.stderr) == (0, "")
        refused = helpdesk(shared, tmp_path, "--version", mode="require", **env)
        assert refused.returncode == 1, (refused.stderr, refused.args)
        assert "is open to others (mode 0755)" in refused.stderr
        start = helpdesk(shared, tmp_path, "server", "start", mode=None, **env)
        assert start.returncode == 1
        assert start.stderr.startswith("error: cannot start a command server: ")
        status = helpdesk(shared, tmp_path, "server", "status", mode=None, **env)
        assert status.stdout.startswith(f"not running: {shared}, the folder for its socket")
        assert [p.name for p in shared.iterdir()] == []
    finally:
        shutil.rmtree(shared, ignore_errors=True)
        shutil.rmtree(marks, ignore_errors=True)


def _without_capabilities(groups: list[int]) -> tuple[list[str], Any]:
    """A command prefix and a pre-exec function that run a process as root stripped of every
    capability (so file permissions and group membership bind it as they bind any user),
    with ``groups`` as its supplementary groups."""
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"], lambda: os.setgroups(groups)


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="needs root and setpriv, to run processes with other groups and no privileges",
)
def test_a_caller_without_the_servers_groups_is_not_served(runtime: Path, tmp_path: Path) -> None:
    # The server runs with a group that gives access to a database; the caller no longer has
    # it: served, it would read the database through the server's group.
    group = 4711
    folder = tmp_path / "shared"
    folder.mkdir()
    made = helpdesk(runtime, folder, "--db", "desk.json", "adviser", "add", "ms", "M", mode="off")
    assert made.returncode == 0, made.stderr
    database = folder / "desk.json"
    os.chown(database, 65534, group)
    database.chmod(0o640)

    def run(mode: str | None, groups: list[int], *args: str) -> subprocess.CompletedProcess[str]:
        prefix, preexec = _without_capabilities(groups)
        return subprocess.run(
            [*prefix, sys.executable, "-m", "helpdesk", *args],
            capture_output=True,
            text=True,
            env=environment(runtime, mode),
            cwd=folder,
            preexec_fn=preexec,
            timeout=60,
        )

    try:
        start = run(None, [group], "server", "start")
        assert start.returncode == 0, start.stderr
        served = run("require", [group], "--db", str(database), "list")
        assert served.returncode == 0, served.stderr

        refused = run("require", [], "--db", str(database), "list")
        assert refused.returncode == 1, (refused.stderr, refused.args)
        assert refused.stderr.startswith(
            "error: HELPDESK_SERVER=require, but the command server was started with other "
            "groups than this process has"
        )
        unset, off = (run(mode, [], "--db", str(database), "list") for mode in (None, "off"))
        assert (unset.returncode, unset.stderr) == (off.returncode, off.stderr)
        assert unset.returncode == 1
        assert unset.stderr == f"error: Cannot read {database}: Permission denied.\n"
    finally:
        run(None, [group], "server", "stop")


def test_a_served_command_prints_and_exits_as_one_run_on_its_own(
    started: Path, tmp_path: Path
) -> None:
    served = tmp_path / "served"
    alone = tmp_path / "alone"
    for folder, mode in ((served, "require"), (alone, "off")):
        folder.mkdir()
        steps = [
            ("--db", "desk.json", "adviser", "add", "ms", "Marta Sala"),
            (
                "--db",
                "desk.json",
                "add",
                "Vendere online",
                "-c",
                "Caffè «Nerò» [/]",
                "-t",
                "ecommerce",
            ),
            ("--db", "desk.json", "note", "1", "Richiamato"),
            ("--db", "desk.json", "show", "1"),
            ("--db", "desk.json", "list", "--format", "csv"),
            ("--db", "desk.json", "show", "99"),  # refused: exit 1, one line on stderr
            ("--db", "desk.json", "list", "--bogus"),  # bad usage: exit 2
        ]
        results = [helpdesk(started, folder, *step, mode=mode) for step in steps]
        (folder / "results.json").write_bytes(
            orjson.dumps([(r.returncode, r.stdout, r.stderr) for r in results])
        )
    # The two runs are a moment apart: times of day are compared as their shape.
    ours = orjson.loads(_timeless((served / "results.json").read_bytes()))
    theirs = orjson.loads(_timeless((alone / "results.json").read_bytes()))
    assert [code for code, _, _ in ours] == [0, 0, 0, 0, 0, 1, 2]
    assert ours == theirs
    assert "Caffè «Nerò» [/]" in ours[3][1]
    # The relative --db was the client's folder's, and the note is the client's adviser's.
    notes = orjson.loads((served / "desk.json").read_bytes())["ticket_logs"]["1"]["notes"]
    assert [(n["text"], n["who"]) for n in notes] == [("Richiamato", "ms")]


def _timeless(raw: bytes) -> bytes:
    return re.sub(rb"\d\d:\d\d(:\d\d(\.\d+)?)?", b"hh:mm", raw)


def test_a_served_command_reads_the_clients_standard_input(started: Path, tmp_path: Path) -> None:
    rows = "subject;company;provincia\nVendere online;Forno d'Oro;CO\nBandi;Bottega Verde;LC\n"
    _with_adviser(started, tmp_path)
    result = helpdesk(started, tmp_path, "--db", "desk.json", "import", "-", input=rows)
    assert result.returncode == 0, result.stderr
    listed = helpdesk(started, tmp_path, "--db", "desk.json", "list", "--format", "json")
    assert sorted(t["subject"] for t in orjson.loads(listed.stdout)) == ["Bandi", "Vendere online"]


#: System call numbers of read and recvfrom, where /proc/PID/syscall tells them.
_SYSCALLS = {"x86_64": (0, 45), "aarch64": (63, 207)}


def _in_call(pid: int, number: int, fd: int | None = None) -> bool:
    """Whether ``pid`` is blocked in system call ``number`` (on descriptor ``fd``)."""
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return fields[:1] == [str(number)] and (fd is None or int(fields[1], 16) == fd)


def _wait_until_reading_stdin(client: subprocess.Popen[str], runtime: Path | None) -> None:
    """Wait until the command reads its standard input: the client itself, or (served, when
    ``runtime`` holds the server) its worker while the client waits for the exit code."""
    calls = _SYSCALLS.get(os.uname().machine)
    if calls is None:  # not told here: give the command time to start
        time.sleep(2)
        return
    read, receive = calls
    deadline = time.monotonic() + 30
    while True:
        assert client.poll() is None, client.communicate()
        assert time.monotonic() < deadline, "the command did not start reading within 30 s"
        if runtime is None:
            if _in_call(client.pid, read, 0):
                return
        else:
            pid = server_pid(runtime)
            worker = _worker_of(pid, client) if pid else None
            if worker and _in_call(worker, read, 0) and _in_call(client.pid, receive):
                return
        time.sleep(0.02)


def test_ctrl_c_reaches_the_command(started: Path, tmp_path: Path) -> None:
    # An import from standard input that never ends waits until it is interrupted: served or
    # not, it ends the same way, having written nothing.
    endings = []
    _with_adviser(started, tmp_path)
    before = (tmp_path / "desk.json").read_bytes()
    for mode in ("require", "off"):
        client = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "helpdesk",
                "--db",
                "desk.json",
                "import",
                "-",
                "--format",
                "csv",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(started, mode),
            cwd=tmp_path,
            # As from a terminal, whatever started the tests: a shell's background job, for
            # one, leaves its children ignoring ctrl+c, and a process of its own would too.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        assert client.stdin is not None
        client.stdin.write("subject\nVendere online\n")
        client.stdin.flush()
        _wait_until_reading_stdin(client, started if mode == "require" else None)
        client.send_signal(signal.SIGINT)
        _, stderr = client.communicate(timeout=30)
        endings.append((client.returncode, stderr))
    assert endings[0] == endings[1]
    assert endings[0][0] == 130
    assert (tmp_path / "desk.json").read_bytes() == before


def _wait_until_read_ahead(runtime: Path, db: Path) -> None:
    """Wait until the server holds the database as it is now open: it has read it ahead. Where
    /proc does not tell, the test goes on at once (it then checks less, never wrongly)."""
    if not Path("/proc/self/fd").exists():
        return
    inode = db.stat().st_ino
    deadline = time.monotonic() + 30
    while True:
        pid = server_pid(runtime)
        assert pid, "the server stopped"
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                with contextlib.suppress(OSError):
                    if os.stat(f"/proc/{pid}/fd/{fd}").st_ino == inode:
                        return
        assert time.monotonic() < deadline, "the server did not read the database ahead in 30 s"
        time.sleep(0.02)


def test_a_change_by_a_process_of_its_own_is_seen_by_the_next_served_command(
    started: Path, tmp_path: Path
) -> None:
    # After each served command the server reads the database ahead; a write by a process
    # that is not served changes the file under it, and the next worker must read it again.
    base = ("--db", "desk.json")
    for step in (("adviser", "add", "ms", "Marta Sala"), ("add", "Uno")):
        assert helpdesk(started, tmp_path, *base, *step).returncode == 0
    _wait_until_read_ahead(started, tmp_path / "desk.json")
    assert helpdesk(started, tmp_path, *base, "add", "Due", mode="off").returncode == 0
    listed = helpdesk(started, tmp_path, *base, "list", "--format", "json")
    assert sorted(t["subject"] for t in orjson.loads(listed.stdout)) == ["Due", "Uno"]
    assert helpdesk(started, tmp_path, *base, "note", "2", "Richiamato").returncode == 0
    _wait_until_read_ahead(started, tmp_path / "desk.json")
    shown = helpdesk(started, tmp_path, *base, "show", "2", "--format", "json", mode="off")
    assert [n["text"] for n in orjson.loads(shown.stdout)["notes"]] == ["Richiamato"]


def test_server_stop_and_status(started: Path, tmp_path: Path) -> None:
    pid = server_pid(started)
    status = helpdesk(started, tmp_path, "server", "status")
    assert status.returncode == 0 and status.stdout.startswith("running at ")
    assert f"(pid {pid}; stops after 15 minutes without a command)" in status.stdout
    stopped = helpdesk(started, tmp_path, "server", "stop", mode="off")
    assert (stopped.returncode, stopped.stdout.strip()) == (0, "stopped")
    assert server_pid(started) is None
    again = helpdesk(started, tmp_path, "server", "status", mode="off")
    assert again.stdout == (
        "not running (`helpdesk server start` starts one)\n"
        "HELPDESK_SERVER=off: commands here run in their own process.\n"
    )


# -- acting as the caller, in this process ----------------------------------------------------


def test_a_worker_that_cannot_take_on_its_callers_groups_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The peer is this very process; the server's groups are made to differ, and changing
    # groups is refused as it is to any user but root.
    def not_allowed(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    ours = os.getgroups()
    monkeypatch.setattr(os, "getgroups", lambda: [*ours, 99999])
    monkeypatch.setattr(os, "setgroups", not_allowed)
    left, right = socket.socketpair()
    with left, right, pytest.raises(server_caller.NotTheCaller) as caught:
        server_caller.act_as_caller(left)
    assert str(caught.value).startswith("was started with other groups than this process has")


def test_a_worker_whose_caller_has_higher_limits_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    real = resource.prlimit

    def higher(pid: int, limit: int, *rest: Any) -> Any:
        if limit == resource.RLIMIT_NOFILE and not rest:
            return (soft, resource.RLIM_INFINITY)  # above this process's hard limit
        return real(pid, limit, *rest)

    def refused(limit: int, value: Any) -> None:
        raise ValueError("not allowed to raise maximum limit")

    monkeypatch.setattr(resource, "prlimit", higher)
    monkeypatch.setattr(resource, "setrlimit", refused)
    left, right = socket.socketpair()
    with left, right, pytest.raises(server_caller.NotTheCaller) as caught:
        server_caller.act_as_caller(left)
    assert str(caught.value).startswith("has lower resource limits than this process")


# -- what the server keeps read ahead ---------------------------------------------------------


def _open_files() -> list[str]:
    """What this process's descriptors point to."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            found.append(os.readlink(f"/proc/self/fd/{fd}"))
    return found


def test_the_server_keeps_only_the_last_database_and_no_deleted_file(tmp_path: Path) -> None:
    desks = [tmp_path / "uno.json", tmp_path / "due.json"]
    for path in desks:
        open_desk(Settings(db=path, adviser="ms")).directory.add_adviser("ms", "Marta Sala")
    gc.collect()  # the desks written are gone, and their open files with them
    assert not [f for f in _open_files() if f.startswith(str(tmp_path))]
    try:
        read_ahead(str(desks[0]))
        assert str(desks[0]) in _open_files()
        read_ahead(str(desks[1]))
        assert str(desks[0]) not in _open_files()  # only the last one read is kept
        assert str(desks[1]) in _open_files()

        desks[1].unlink()
        forget_changed_read_ahead()

        assert not [f for f in _open_files() if f.startswith(str(desks[1]))]
    finally:
        forget_changed_read_ahead()
