"""The CLI's help in the desk's language.

Commands keep their help in English, as written in their docstrings and options; once the
language is known, :func:`localize` swaps every help text of a command (its options' too) for
the translation, remembering the English so a later switch translates from the source again.
:func:`help_texts` lists the same texts for the catalogs (``helpdesk.i18n.extract``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import typer

from helpdesk.i18n import _

if TYPE_CHECKING:  # typer's vendored click, for annotations only
    from typer._click import Command

#: The attributes of a command, and of each of its parameters, that users read.
_COMMAND_TEXTS = ("help", "short_help", "epilog")
_PARAMETER_TEXTS = ("help",)
_SOURCE = "_helpdesk_english"


def localize(command: Command) -> Command:
    """``command`` (and its parameters) with every help text in the current language."""
    _translate(command, _COMMAND_TEXTS)
    for parameter in command.params:
        _translate(parameter, _PARAMETER_TEXTS)
    return command


def _translate(holder: Any, names: tuple[str, ...]) -> None:
    source: dict[str, str] = holder.__dict__.setdefault(_SOURCE, {})
    for name in names:
        if name not in source:
            value = getattr(holder, name, None)
            if not isinstance(value, str) or not value:
                continue
            source[name] = value
        setattr(holder, name, _(source[name]))


def walk(command: Command, path: str = "helpdesk") -> Iterator[tuple[str, Command]]:
    """Every command under ``command`` (itself first), each with its full name."""
    yield path, command
    list_commands = getattr(command, "list_commands", None)
    if list_commands is None:
        return
    ctx = typer.Context(command)
    for name in list_commands(ctx):
        child = command.get_command(ctx, name)  # type: ignore[attr-defined]
        if child is not None:
            yield from walk(child, f"{path} {name}")


def help_texts() -> Iterator[tuple[str, str]]:
    """Every help text the CLI shows, in English, with the command (and option) it belongs to."""
    from helpdesk.cli.main import app

    for path, command in walk(typer.main.get_group(app)):
        source = command.__dict__.get(_SOURCE, {})
        for name in _COMMAND_TEXTS:
            text = source.get(name) or getattr(command, name, None)
            if isinstance(text, str) and text:
                yield text, path
        for parameter in command.params:
            psource = parameter.__dict__.get(_SOURCE, {})
            text = psource.get("help") or getattr(parameter, "help", None)
            if isinstance(text, str) and text:
                yield text, f"{path} {parameter.name}"
