"""Long listings go through a pager on a terminal, as git's do, and never into a pipe or a file.

The terminal is a real pseudo-terminal; the "pager" is a shell command that copies what it is
given to a file, so the test sees exactly what a pager would show.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from helpdesk.config import Settings
from helpdesk.services.factory import open_desk


def environment(db: Path, **extra: str) -> dict[str, str]:
    """The current environment without HELPDESK_* settings, with the database in ``db``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HELPDESK_")
        and k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS", "PAGER", "LESS")
    }
    env.update(HELPDESK_DB=str(db), HELPDESK_ADVISER="ms", COLUMNS="120", PYTHONUTF8="1")
    env.update(HELPDESK_SERVER="off", TERM="xterm-256color")
    env.update(extra)
    return env


def helpdesk(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``helpdesk ARGS`` with its output captured (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "helpdesk", *args],
        capture_output=True,
        text=True,
        env=environment(db),
        cwd=db.parent,
        timeout=120,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A desk with a few open tickets."""
    path = tmp_path / "desk.json"
    assert helpdesk(path, "init").returncode == 0
    desk = open_desk(Settings(db=path, adviser="ms"))
    desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce"])
    for n in range(5):
        assert helpdesk(path, "add", f"Vendere online {n}", "-c", f"Forno {n}").returncode == 0
    return path


def in_a_terminal(db: Path, *args: str, **env: str) -> tuple[int, str]:
    """Run ``helpdesk ARGS`` with a pseudo-terminal as its standard streams; its exit code and
    what it wrote there."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "helpdesk", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environment(db, **env),
        cwd=db.parent,
        close_fds=True,
    )
    os.close(slave)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other side is closed: the process and its pager ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


def test_a_listing_on_a_terminal_goes_through_the_pager(db: Path) -> None:
    paged = db.parent / "paged.txt"
    code, shown = in_a_terminal(db, "list", HELPDESK_PAGER=f"cat > {paged}", PAGER="false")

    assert code == 0
    text = paged.read_text()
    assert "Vendere online 4" in text and "5 tickets" in text
    assert "\x1b[" in text  # colour for the terminal behind the pager
    assert "Vendere online" not in shown


def test_pager_is_the_fallback_and_no_pager_prints_straight_to_the_terminal(db: Path) -> None:
    paged = db.parent / "paged.txt"
    code, _ = in_a_terminal(db, "list", PAGER=f"cat > {paged}")
    assert code == 0 and "Vendere online 4" in paged.read_text()
    paged.unlink()

    code, shown = in_a_terminal(db, "--no-pager", "list", PAGER=f"cat > {paged}")
    assert code == 0 and "Vendere online 4" in shown and not paged.exists()

    code, shown = in_a_terminal(db, "list", HELPDESK_PAGER="", PAGER=f"cat > {paged}")
    assert code == 0 and "Vendere online 4" in shown and not paged.exists()


def test_nothing_is_paged_when_the_output_is_not_a_terminal(db: Path) -> None:
    paged = db.parent / "paged.txt"
    result = subprocess.run(
        [sys.executable, "-m", "helpdesk", "list"],
        capture_output=True,
        text=True,
        env=environment(db, HELPDESK_PAGER=f"cat > {paged}", PAGER=f"cat > {paged}"),
        cwd=db.parent,
        timeout=60,
    )
    assert result.returncode == 0
    assert "Vendere online 4" in result.stdout and "5 tickets" in result.stdout
    assert not paged.exists()


def test_quitting_the_pager_early_ends_the_listing_quietly(tmp_path: Path) -> None:
    large = tmp_path / "demo.json"
    assert helpdesk(large, "demo", "--size", "1000").returncode == 0
    # ``head -c 1`` reads one byte and quits, as a user pressing q does, long before the
    # listing (far more than a pipe holds) is written.
    code, shown = in_a_terminal(large, "list", "--all", HELPDESK_PAGER="head -c 1 > /dev/null")
    assert code == 0
    assert "Traceback" not in shown and "error" not in shown
