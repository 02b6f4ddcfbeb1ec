"""The command server: a command handed to it behaves exactly as one run in its own process.

Real processes throughout: each test starts a server in a private runtime folder of its own
(``HELPDESK_RUNTIME_DIR``), runs ``python -m helpdesk`` with ``HELPDESK_SERVER=require`` (which
fails rather than run a command in its own process), compares with the same command run with
``HELPDESK_SERVER=off``, and stops the server at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from helpdesk.cli import launch, server

pytestmark = pytest.mark.slow


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
        (["--db", "tui", "list"], True),  # a value, not the command
    ],
)
def test_every_command_but_the_terminal_ui_is_served(args: list[str], expected: bool) -> None:
    assert launch.served(args) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", "on"), ("on", "on"), ("off", "off"), ("0", "off"), ("No", "off"), ("require", "require")],
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
        "import sys; from helpdesk.cli import server; server.warm(); "
        "print(sorted(m for m in sys.modules if m.startswith(('textual', 'helpdesk.tui'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# -- real processes ---------------------------------------------------------------------------


@pytest.fixture
def runtime() -> Iterator[Path]:
    """A private runtime folder with a short path (socket paths are limited to ~100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="hd-", dir="/tmp"))
    yield folder
    helpdesk(folder, folder, "server", "stop", mode="on")
    shutil.rmtree(folder, ignore_errors=True)


def environment(runtime: Path, mode: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HELPDESK_") and k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS")
    }
    env.update(
        HELPDESK_RUNTIME_DIR=str(runtime),
        HELPDESK_SERVER=mode,
        HELPDESK_ADVISER="ms",
        COLUMNS="200",
        PYTHONUTF8="1",
    )
    return env


def helpdesk(
    runtime: Path, cwd: Path, *args: str, mode: str = "require", input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "helpdesk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(runtime, mode),
        cwd=cwd,
        input=input,
        timeout=60,
    )


@pytest.fixture
def started(runtime: Path, tmp_path: Path) -> Path:
    """A server started the way users start one: by a first command, in the background."""
    first = helpdesk(runtime, tmp_path, "--version", mode="on")
    assert first.returncode == 0, first.stderr
    deadline = time.monotonic() + 30
    while helpdesk(runtime, tmp_path, "--version").returncode != 0:
        assert time.monotonic() < deadline, "no server answered within 30 seconds"
        time.sleep(0.2)
    return runtime


def test_without_a_server_require_fails_and_says_so(runtime: Path, tmp_path: Path) -> None:
    result = helpdesk(runtime, tmp_path, "--db", "desk.json", "list")
    assert result.returncode == 1
    assert result.stderr.startswith("error: HELPDESK_SERVER=require, but no command server")
    assert not (tmp_path / "desk.json").exists()


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
    result = helpdesk(started, tmp_path, "--db", "desk.json", "import", "-", input=rows)
    assert result.returncode == 0, result.stderr
    listed = helpdesk(started, tmp_path, "--db", "desk.json", "list", "--format", "json")
    assert sorted(t["subject"] for t in orjson.loads(listed.stdout)) == ["Bandi", "Vendere online"]


def test_ctrl_c_reaches_the_command(started: Path, tmp_path: Path) -> None:
    # An import from standard input that never ends waits until it is interrupted: served or
    # not, it ends the same way, having written nothing.
    endings = []
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
        time.sleep(2)  # the command is reading
        client.send_signal(signal.SIGINT)
        _, stderr = client.communicate(timeout=30)
        endings.append((client.returncode, stderr))
    assert endings[0] == endings[1]
    assert endings[0][0] == 130
    assert not (tmp_path / "desk.json").exists()


def test_a_change_by_a_process_of_its_own_is_seen_by_the_next_served_command(
    started: Path, tmp_path: Path
) -> None:
    # After each served command the server reads the database ahead; a write by a process
    # that is not served changes the file under it, and the next worker must read it again.
    base = ("--db", "desk.json")
    for step in (("adviser", "add", "ms", "Marta Sala"), ("add", "Uno")):
        assert helpdesk(started, tmp_path, *base, *step).returncode == 0
    time.sleep(0.5)  # read ahead
    assert helpdesk(started, tmp_path, *base, "add", "Due", mode="off").returncode == 0
    listed = helpdesk(started, tmp_path, *base, "list", "--format", "json")
    assert sorted(t["subject"] for t in orjson.loads(listed.stdout)) == ["Due", "Uno"]
    assert helpdesk(started, tmp_path, *base, "note", "2", "Richiamato").returncode == 0
    time.sleep(0.5)
    shown = helpdesk(started, tmp_path, *base, "show", "2", "--format", "json", mode="off")
    assert [n["text"] for n in orjson.loads(shown.stdout)["notes"]] == ["Richiamato"]


def test_server_stop_and_status(started: Path, tmp_path: Path) -> None:
    status = helpdesk(started, tmp_path, "server", "status")
    assert status.returncode == 0 and status.stdout.startswith("running at ")
    stopped = helpdesk(started, tmp_path, "server", "stop", mode="off")
    assert (stopped.returncode, stopped.stdout.strip()) == (0, "stopped")
    assert helpdesk(started, tmp_path, "--version").returncode == 1
    again = helpdesk(started, tmp_path, "server", "status", mode="off")
    assert again.stdout.strip() == "off: HELPDESK_SERVER=off, every command runs in its own process"
