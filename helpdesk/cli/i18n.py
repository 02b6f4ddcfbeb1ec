"""The CLI's help in the desk's language.

Commands keep their help in English, as written in their docstrings and options; once the
language is known, :func:`localize` swaps every help text of a command (its options' too) for
the translation, remembering the English so a later switch translates from the source again.
:func:`help_texts` lists the same texts for the catalogs (``helpdesk.i18n.extract``).
Typer's and Click's own words (headings, usage errors) follow the language too: :func:`speak`.
"""

from __future__ import annotations

import copy
import functools
import re
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import typer

from helpdesk.i18n import N_, NC_, SOURCE_LANGUAGE, _, language, pgettext, set_language

if TYPE_CHECKING:  # typer's vendored click, for annotations only
    from typer._click import Command

#: The attributes of a command, and of each of its parameters, that users read.
_COMMAND_TEXTS = ("help", "short_help", "epilog")
_PARAMETER_TEXTS = ("help",)
#: Click's placeholders in a usage line (``[OPTIONS]``, ``COMMAND [ARGS]...``).
_USAGE_WORDS = ("options_metavar", "subcommand_metavar")
_SOURCE = "_helpdesk_english"
#: Marks a parameter type whose name help leaves out (see :func:`_without_type_name`).
_QUIET = "_helpdesk_quiet"


def localize(command: Command) -> Command:
    """``command`` (and its parameters) with every help text in the current language."""
    _translate(command, _COMMAND_TEXTS + _USAGE_WORDS)
    for name in _COMMAND_TEXTS:
        text = getattr(command, name, None)
        if isinstance(text, str):
            setattr(command, name, reflowed(text))
    command.context_class = HelpInLanguage
    for parameter in command.params:
        _translate(parameter, _PARAMETER_TEXTS)
        if parameter.param_type_name == "argument":
            _name_argument(parameter)
            if parameter.type.name in _VALUE_WORDS:
                parameter.type = _without_type_name(parameter.type)
        elif not getattr(parameter, "is_flag", False):
            _name_value(parameter)
    return command


#: The context an argument's name is translated in (``ref`` is ``rif``, ``FILE|-`` is ``FILE|-``).
ARGUMENT = "command-line argument"


def _name_argument(parameter: Any) -> None:
    # An argument is shown by its name (or the metavar it was given): in the usage line and
    # the arguments' panel. Italian gives it an Italian name; English leaves Typer's own way.
    source: dict[str, str | None] = parameter.__dict__.setdefault(_SOURCE, {})
    if "metavar" not in source:
        source["metavar"] = parameter.metavar
    english = source["metavar"] or parameter.name or ""
    spoken = pgettext(ARGUMENT, english)
    parameter.metavar = source["metavar"] if spoken == english else spoken


#: What help shows for the value of an option that names none, by its type: a word, where
#: Typer would show the type's name (``<str>``).
_VALUE_WORDS = {
    "str": NC_("command-line argument", "TEXT"),
    "int": NC_("command-line argument", "N"),
    "int range": NC_("command-line argument", "N"),
    "float": NC_("command-line argument", "N"),
    "path": NC_("command-line argument", "PATH"),
}


def _name_value(parameter: Any) -> None:
    source: dict[str, str | None] = parameter.__dict__.setdefault(_SOURCE, {})
    if "metavar" not in source:
        source["metavar"] = parameter.metavar
    word = source["metavar"] or _VALUE_WORDS.get(parameter.type.name)
    if word is not None:
        parameter.metavar = pgettext(ARGUMENT, word)


def _without_type_name(kind: Any) -> Any:
    """A copy of parameter type ``kind`` that help does not name: an argument's own name says
    what it is, where Typer would add the type's (``<str>``)."""
    if getattr(kind, _QUIET, False):
        return kind
    quiet = copy.copy(kind)
    quiet.__class__ = _quiet_class(kind.__class__)
    return quiet


@functools.cache
def _quiet_class(kind: type) -> type:
    def get_metavar(self: Any, param: Any, ctx: Any) -> str:
        return ""

    return type(kind.__name__, (kind,), {"get_metavar": get_metavar, _QUIET: True})


def _translate(holder: Any, names: tuple[str, ...]) -> None:
    source: dict[str, str] = holder.__dict__.setdefault(_SOURCE, {})
    for name in names:
        if name not in source:
            value = getattr(holder, name, None)
            if not isinstance(value, str) or not value:
                continue
            source[name] = value
        setattr(holder, name, _(source[name]))


def reflowed(text: str) -> str:
    """``text`` with each paragraph's lines joined: help is written wrapped to the source's
    width, and Typer's help screens keep single line breaks, so a paragraph would break at the
    source's width as well as the terminal's. Paragraphs stay apart."""
    return "\n\n".join(
        " ".join(line.strip() for line in p.splitlines()) for p in text.split("\n\n")
    )


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


def argument_names() -> Iterator[tuple[str, str]]:
    """Every argument's name as help shows it (its metavar, else its name), and every option's
    own metavar, in English, with the command it belongs to: translated in the :data:`ARGUMENT`
    context."""
    from helpdesk.cli.main import app

    for path, command in walk(typer.main.get_group(app)):
        for parameter in command.params:
            source = parameter.__dict__.get(_SOURCE, {})
            english = source.get("metavar", parameter.metavar)
            if parameter.param_type_name == "argument":
                english = english or parameter.name
            if english:
                yield english, path


# Typer's and Click's own words -------------------------------------------------------------
#
# Typer's help screens take their headings and notes from constants of ``typer.rich_utils``
# (documented there as the way to change them); the click inside Typer writes its usage line
# and its usage errors in English with no catalog of its own. The English is marked here, so
# the catalogs carry it, and :func:`speak` puts the current language's words in place.

#: ``typer.rich_utils`` constants and the English they hold.
_RICH_WORDS: dict[str, str] = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}
_USAGE = N_("Usage:")
_HELP_OPTION = N_("Show this message and exit.")
_OPTIONS_METAVAR = N_("[OPTIONS]")
_COMMANDS_METAVAR = N_("COMMAND [ARGS]...")

#: Click's usage errors as it writes them, each with the message that says it in our words.
#: A reason (after "Invalid value for …:") is matched again against the same table.
_USAGE_ERRORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.DOTALL), message)
    for pattern, message in [
        (
            r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.*)\)",
            N_("No such option: {name} (did you mean {options}?)"),
        ),
        (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
        (
            r"No such command (?P<name>.+?)\. Did you mean (?P<suggestions>.+)\?",
            N_("No such command {name}. Did you mean {suggestions}?"),
        ),
        (r"No such command (?P<name>.+)\.", N_("No such command {name}.")),
        (r"Missing command\.", N_("Missing command.")),
        (r"Missing argument (?P<name>.+?)\.", N_("Missing argument {name}.")),
        (
            r"Missing option (?P<name>.+?)\.\s+Choose from:\s*(?P<choices>.+)",
            N_("Missing option {name}. Choose from: {choices}"),
        ),
        (r"Missing option (?P<name>.+?)\.", N_("Missing option {name}.")),
        (r"Missing parameter (?P<name>.+?)\.", N_("Missing parameter {name}.")),
        (
            r"Got unexpected extra argument(?:s|\(s\))? \((?P<arguments>.*)\)",
            N_("Got unexpected extra arguments ({arguments})."),
        ),
        (
            r"Option (?P<name>\S+) requires an argument\.",
            N_("Option {name} requires a value."),
        ),
        (
            r"Option (?P<name>\S+) does not take a value\.",
            N_("Option {name} does not take a value."),
        ),
        (
            r"Invalid value for (?P<name>.+?): (?P<reason>.*)",
            N_("Invalid value for {name}: {reason}"),
        ),
        (r"Invalid value: (?P<reason>.*)", N_("Invalid value: {reason}")),
        (
            r"(?P<value>.+) is not one of (?P<choices>.+)\.",
            N_("{value} is not one of {choices}."),
        ),
        (r"(?P<value>.+) is not a valid integer\.", N_("{value} is not a whole number.")),
        (r"(?P<value>.+) is not a valid float\.", N_("{value} is not a number.")),
        (
            r"(?P<value>.+) is not a valid boolean\..*",
            N_("{value} is neither yes nor no (true/false, 1/0)."),
        ),
        (
            r"(?P<value>.+) is not in the range (?P<range>.+)\.",
            N_("{value} is not in the range {range}."),
        ),
        (
            r"(?P<value>.+) does not match the formats (?P<formats>.+)\.",
            N_("{value} does not match the formats {formats}."),
        ),
        (r"(?:File|Path) (?P<path>.+) does not exist\.", N_("File {path} does not exist.")),
        (r"Directory (?P<path>.+) does not exist\.", N_("Folder {path} does not exist.")),
        (r"\w+ (?P<path>.+) is a directory\.", N_("{path} is a folder, not a file.")),
        (r"\w+ (?P<path>.+) is not readable\.", N_("{path} cannot be read.")),
        (r"\w+ (?P<path>.+) is not writable\.", N_("{path} cannot be written.")),
    ]
]


def speak(code: str) -> None:
    """Speak ``code`` from now on, Typer's and Click's words included.

    Raises:
        UnknownLanguage: When the desk does not speak ``code``.
    """
    set_language(code)
    if "typer.rich_utils" in sys.modules:  # else it takes them when a help screen needs it
        _put_typer_words()


def _put_typer_words() -> None:
    """Typer's help headings and notes in the current language.

    ``typer.rich_utils`` (and Rich's tables and panels with it) is imported only for a help
    screen, so a command that shows none does not pay for it.
    """
    from typer import rich_utils

    for name, english in _RICH_WORDS.items():
        setattr(rich_utils, name, _(english))


def usage_error_message(english: str) -> str:
    """A usage error of Click's, written in English, said in the current language.

    In English, and for a message Click words in a way the table does not know, Click's own
    words stay.
    """
    if language() == SOURCE_LANGUAGE:
        return english
    for pattern, message in _USAGE_ERRORS:
        found = pattern.fullmatch(english)
        if found is None:
            continue
        fields = found.groupdict()
        if "reason" in fields:
            fields["reason"] = usage_error_message(fields["reason"])
        return _(message).format(**fields)
    return english


class HelpInLanguage(typer.Context):
    """A context whose help screen says "Usage:" and "Show this message and exit." in the
    current language (Click writes both in English)."""

    def make_formatter(self) -> Any:
        """Click's formatter, with the usage line's prefix translated."""
        formatter = super().make_formatter()
        english_usage = formatter.write_usage

        def write_usage(prog: str, args: str = "", prefix: str | None = None) -> None:
            english_usage(prog, args, f"{_(_USAGE)} " if prefix is None else prefix)

        formatter.write_usage = write_usage  # type: ignore[method-assign]
        return formatter

    def get_help(self) -> str:
        """The help screen, with the help option's own help translated."""
        help_option = self.command.get_help_option(self)
        if help_option is not None:
            _translate(help_option, _PARAMETER_TEXTS)
        _put_typer_words()
        return super().get_help()
