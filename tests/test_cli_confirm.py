"""Questions asked at the terminal before a change: in the adviser's language, no by default."""

from __future__ import annotations

import io

import pytest
import typer

from helpdesk.cli import output
from helpdesk.i18n import set_language


def answering(monkeypatch: pytest.MonkeyPatch, *replies: str) -> list[str]:
    """Make the terminal answer ``replies`` in turn; returns the prompts it was shown."""
    asked: list[str] = []
    queue = list(replies)

    def prompt(text: str, **_options: object) -> str:
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(typer, "prompt", prompt)
    monkeypatch.setattr(output, "console", lambda stderr=False: _Console())
    return asked


class _Console:
    def print(self, *_parts: object, **_options: object) -> None:
        pass


@pytest.mark.parametrize("reply", ["y", "yes", "Y", "s", "sì", "Si", "SÌ"])
def test_yes_in_either_language(monkeypatch: pytest.MonkeyPatch, reply: str) -> None:
    answering(monkeypatch, reply)
    assert output.agrees("Forget them?") is True


@pytest.mark.parametrize("reply", ["", "n", "no", "NO"])
def test_no_is_the_default(monkeypatch: pytest.MonkeyPatch, reply: str) -> None:
    answering(monkeypatch, reply)
    assert output.agrees("Forget them?") is False


def test_anything_else_is_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = answering(monkeypatch, "maybe", "forse", "s")
    assert output.agrees("Forget them?") is True
    assert len(asked) == 3


def test_the_choices_are_said_in_the_language_spoken(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = answering(monkeypatch, "", "")
    output.agrees("Forget them?")
    set_language("it")
    output.agrees("Dimenticarli?")
    assert asked == ["Forget them? [y/N]", "Dimenticarli? [s/N]"]


def test_ask_at_a_terminal_stops_on_no(monkeypatch: pytest.MonkeyPatch) -> None:
    answering(monkeypatch, "n")
    terminal = io.StringIO()
    monkeypatch.setattr(terminal, "isatty", lambda: True)
    monkeypatch.setattr("sys.stdin", terminal)
    monkeypatch.setattr(output, "say", lambda *_parts: None)
    with pytest.raises(typer.Exit) as stopped:
        output.ask("Forget them?", yes=False)
    assert stopped.value.exit_code == 1
