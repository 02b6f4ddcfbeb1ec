"""A command run in-process (a test, the command server's worker) lets go of what it opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app


def open_files_under(folder: Path) -> list[str]:
    """The files under ``folder`` this process holds open (deleted ones included)."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            held.append(target)
    return held


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
@pytest.mark.parametrize(
    "args",
    [
        ["add", "Vendere online", "-d", "Pane e dolci"],
        ["note", "1", "Richiamato"],
        ["list"],
        ["show", "1"],
        ["export"],
        ["render", "reply-ecommerce", "1"],
    ],
)
def test_a_command_leaves_no_file_of_the_desk_open(
    cli: CliRunner, tmp_path: Path, args: list[str]
) -> None:
    assert cli.invoke(app, ["add", "Primo", "-t", "ecommerce"]).exit_code == 0
    result = cli.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert open_files_under(tmp_path) == []
