"""The template sandbox's bounds: files inside the templates folder only, and renderings
bounded in time, memory and output, each refusal naming the template."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.dates import FrozenClock
from helpdesk.services import template_sandbox
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.templates import TemplateError, TemplateService
from helpdesk.services.tickets import TicketDraft


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    mine = tmp_path / "mine"
    mine.mkdir()
    return mine


@pytest.fixture
def desk(clock: FrozenClock, folder: Path) -> Desk:
    desk = memory_desk(clock, actor="ms")
    desk.directory.add_adviser("ms", "Marta Sala")
    desk.tickets.log(TicketDraft(subject="Vendere online"))
    return desk


def templates(desk: Desk, folder: Path) -> TemplateService:
    return TemplateService(desk.ctx, desk.tickets, desk.directory, desk.summary, user_folder=folder)


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text("{#- kind: ticket -#}\n" + text, encoding="utf-8")


# -- files --------------------------------------------------------------------------------------


def test_a_link_leading_outside_the_folder_is_refused(desk: Desk, folder: Path) -> None:
    secret = folder.parent / "secret.txt"
    secret.write_text("root:x:0:0:segreto\n")
    (folder / "leak.md.j2").symlink_to(secret)
    service = templates(desk, folder)

    assert "leak" not in [info.name for info in service.list()]
    with pytest.raises(TemplateError) as caught:
        service.render("leak", 1)
    assert caught.value.message.startswith("leak.md.j2 leads outside the templates folder")
    assert "segreto" not in caught.value.message


def test_an_include_of_a_link_leading_outside_is_refused(desk: Desk, folder: Path) -> None:
    (folder / "_passwd.j2").symlink_to("/etc/passwd")
    write(folder, "sneaky.md.j2", "{% include '_passwd.j2' %}\n")
    service = templates(desk, folder)

    with pytest.raises(TemplateError) as caught:
        service.render("sneaky", 1)
    assert "_passwd.j2 leads outside the templates folder" in caught.value.message
    assert caught.value.message.startswith("sneaky.md.j2")
    assert "root:" not in caught.value.message


def test_a_link_to_a_file_inside_the_folder_and_a_fifo(desk: Desk, folder: Path) -> None:
    write(folder, "hello.md.j2", "Ciao {{ ticket.subject }}\n")
    (folder / "salve.md.j2").symlink_to(folder / "hello.md.j2")
    os.mkfifo(folder / "_pipe.j2")
    write(folder, "piped.md.j2", "{% include '_pipe.j2' %}\n")
    service = templates(desk, folder)

    assert service.render("salve", 1).text == "Ciao Vendere online\n"
    with pytest.raises(TemplateError, match=r"_pipe\.j2 is not a regular file"):
        service.render("piped", 1)  # refused, not waited on


# -- bounds -------------------------------------------------------------------------------------


def test_loops_that_run_too_long_are_stopped_naming_the_template_and_line(
    desk: Desk, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_sandbox, "TIME_LIMIT", 0.5)
    write(
        folder,
        "forever.md.j2",
        "Ciao\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
    )
    started = time.monotonic()

    with pytest.raises(TemplateError) as caught:
        templates(desk, folder).render("forever", 1)

    assert time.monotonic() - started < 5
    assert caught.value.message.startswith("forever.md.j2, line 3: stopped after 0.5 seconds")


@pytest.mark.parametrize(
    "expression",
    [
        "'a' * 10**10",
        "'a' * 10000000000",
        "'a' | center(10000000000)",
        "'%0999999999999d' % 1",
        "'a'.ljust(10000000000)",
    ],
)
def test_a_template_that_would_fill_the_memory_is_stopped(
    desk: Desk, folder: Path, expression: str
) -> None:
    write(folder, "huge.md.j2", "Ciao\n{{ " + expression + " }}\n")

    with pytest.raises(TemplateError) as caught:
        templates(desk, folder).render("huge", 1)

    assert caught.value.message.startswith("huge.md.j2")
    assert "stopped" in caught.value.message or "memory" in caught.value.message.lower()


def test_a_template_that_writes_too_much_is_stopped(
    desk: Desk, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_sandbox, "OUTPUT_LIMIT", 1 << 20)
    write(folder, "long.md.j2", "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}\n")

    with pytest.raises(TemplateError) as caught:
        templates(desk, folder).render("long", 1)

    assert caught.value.message == (
        "long.md.j2: stopped: its output passed 1 MB, more than a template may write."
    )


def test_the_command_line_says_which_template_was_stopped(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_sandbox, "TIME_LIMIT", 0.5)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    mine = isolated_env / "mine"
    mine.mkdir()
    write(mine, "loop.md.j2", "{% for a in range(99999) %}{% for b in range(99999) %}"
          "{% endfor %}{% endfor %}")  # fmt: skip
    runner = CliRunner()
    for args in (["adviser", "add", "ms", "Marta Sala"], ["add", "Vendere online"]):
        assert runner.invoke(app, args).exit_code == 0

    result = runner.invoke(app, ["--templates", str(mine), "render", "loop", "1"])

    assert result.exit_code == 1
    assert result.stderr.startswith("error: loop.md.j2, line 2: stopped after 0.5 seconds")
    assert result.stdout == ""
