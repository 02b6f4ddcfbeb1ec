"""The ``helpdesk`` command: global options, command groups, and the error edge."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from helpdesk import __version__
from helpdesk.cli.i18n import localize, speak, usage_error_message, walk
from helpdesk.cli.output import error
from helpdesk.cli.state import CliState
from helpdesk.config import Settings
from helpdesk.errors import HelpdeskError
from helpdesk.i18n import UnknownLanguage, _, choose_language, normalise_language
from helpdesk.memory import tune_for_a_command

if TYPE_CHECKING:  # typer's vendored click, for annotations only
    from typer._click import Command, Context


#: Every command, in the order ``--help`` lists them, and the module under ``helpdesk.cli``
#: whose ``register(app)`` defines it. Only the module of the command being run is imported
#: and turned into click commands: building every command's parameters from its signature
#: costs more than many commands spend on their work.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(
        ["add", "list", "show", "triage", "edit", "status", "note", "close", "reopen", "link"],
        "tickets",
    ),
    **dict.fromkeys(["agenda", "when"], "followups"),
    **dict.fromkeys(["import", "export"], "exchange"),
    **dict.fromkeys(["init", "upgrade", "demo"], "setup"),
    "language": "language",
    "tui": "tui",
    "summary": "summary",
    "render": "templates",
    "followup": "followups",
    **dict.fromkeys(["adviser", "topic", "company"], "directory"),
    "contact": "contacts",
    "privacy": "privacy",
    "template": "templates",
    "webinar": "webinars",
    **dict.fromkeys(["partner", "refer", "referral"], "partners"),
    **dict.fromkeys(["programme", "satisfaction"], "programmes"),
    "bando": "calls",
    "server": "server.commands",
    **dict.fromkeys(["check", "restore"], "integrity"),
    "migrate": "migrate",
    "desk": "desks",
}


class _Edge(TyperGroup):
    """The root command: finds its commands on demand, and turns every failure into one line on
    stderr and an exit code.

    Failures are handled here rather than around ``app()`` so that ``CliRunner`` tests see
    exactly what a user sees.
    """

    def list_commands(self, ctx: Context) -> list[str]:
        """Every command's name, without building any of them."""
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The named command, built from its module the first time it is asked for."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            for name, command in commands_of(COMMANDS[cmd_name]).items():
                self.commands.setdefault(name, command)
        found = self.commands.get(cmd_name)
        if found is not None:
            for _path, part in walk(found):
                localize(part)
        return found

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        # Usage errors are typer's vendored click exceptions; they carry exit_code 2 and
        # format_message(); matching on those keeps us off typer's private modules.
        arguments = sys.argv[1:] if args is None else list(args)
        not_text = _not_utf8(arguments)
        if not_text is not None:
            error(not_text)
            sys.exit(2)
        # The root's own help is shown before its options are read: speak the language asked
        # for on the command line or in the environment already, and for `helpdesk --help`
        # the desk's own (any other command reads it in the root callback).
        with contextlib.suppress(UnknownLanguage):
            speak(_language_before_options(arguments))
        localize(self)
        try:
            result = super().main(
                args=args,
                prog_name=prog_name or "helpdesk",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except HelpdeskError as failure:
            error(failure.message)
            sys.exit(failure.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            error(_("interrupted."))
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (``helpdesk list | head``): nothing left to say.
            sys.stderr.close()
            sys.exit(1)
        except Exception as failure:
            if hasattr(failure, "format_message") and hasattr(failure, "exit_code"):
                message = " ".join(failure.format_message().split())
                if message and not _root_callback_ran(failure):
                    # Refused before the desk's language was read (an unknown command):
                    # read it now, so the refusal speaks as the command would have.
                    with contextlib.suppress(UnknownLanguage):
                        speak(_language_before_options(arguments, desk=True))
                if message:  # a group called bare has printed its help already
                    error(_with_usage_hint(usage_error_message(message), failure))
                sys.exit(failure.exit_code)
            if os.environ.get("HELPDESK_DEBUG"):
                raise
            error(
                _(
                    "unexpected {kind}: {failure} "
                    "(set HELPDESK_DEBUG=1 to see where; please report it)."
                ).format(kind=type(failure).__name__, failure=failure)
            )
            sys.exit(70)
        code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _language_before_options(args: list[str], *, desk: bool = False) -> str:
    """The language to speak before the root's options are read.

    ``--lang`` among the root's own arguments, else ``HELPDESK_LANG``; when the root's own help
    is asked for (``-h``/``--help`` before any command), or ``desk`` says so, the desk's
    language, read from the database ``--db`` names; else the system's.

    Raises:
        UnknownLanguage: When ``--lang`` or ``HELPDESK_LANG`` names an unknown language.
    """
    flag = _root_option(args, "--lang")
    desk_language = None
    if not flag and not os.environ.get("HELPDESK_LANG") and (desk or _root_help_asked(args)):
        db = _root_option(args, "--db")
        peek = CliState(Settings.from_env(db=db))
        try:
            desk_language = peek.desk_language()
        finally:
            peek.close()
    return choose_language(flag=flag, environ=os.environ, desk=desk_language)


def _root_callback_ran(failure: Exception) -> bool:
    """Whether the root callback (which reads the desk's language) ran before ``failure``."""
    ctx = getattr(failure, "ctx", None)
    root = ctx.find_root() if ctx is not None else None
    return root is not None and isinstance(root.obj, CliState)


def _root_arguments(args: list[str]) -> list[str]:
    """The arguments before the command's name: the root's own."""
    for position, arg in enumerate(args):
        if arg in COMMANDS:
            return args[:position]
    return args


def _root_option(args: list[str], name: str) -> str | None:
    """The value of the root's option ``name`` (``--lang``, ``--db``), if given."""
    own = _root_arguments(args)
    for position, arg in enumerate(own):
        if arg.startswith(f"{name}="):
            return arg.partition("=")[2]
        if arg == name:
            return own[position + 1] if position + 1 < len(own) else None
    return None


def _root_help_asked(args: list[str]) -> bool:
    """Whether ``-h`` or ``--help`` is among the root's own arguments."""
    return any(arg in ("-h", "--help") for arg in _root_arguments(args))


def _not_utf8(args: list[str]) -> str | None:
    """What is wrong with the first argument that is not valid UTF-8 text, or None.

    Python keeps such bytes as lone surrogates, which fail much later (writing the database,
    printing); refusing them here says which argument it was, shown with its bad bytes escaped.
    """
    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raw = arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            return _(
                "argument {position} ({raw}) is not valid UTF-8 text; "
                "helpdesk takes its arguments in UTF-8."
            ).format(position=position, raw=raw)
    return None


def commands_of(module: str) -> dict[str, Command]:
    """The click commands that ``helpdesk.cli.<module>`` registers, by name."""
    holder = typer.Typer()
    importlib.import_module(f"helpdesk.cli.{module}").register(holder)
    return dict(typer.main.get_group(holder).commands)


def _with_usage_hint(message: str, failure: Exception) -> str:
    """``message`` followed by the help to read, when the failure knows its command."""
    ctx = getattr(failure, "ctx", None)
    path = getattr(ctx, "command_path", None) if ctx is not None else None
    if not path:
        return message
    return _("{message} (see `{command} --help`)").format(message=message, command=path)


app = typer.Typer(
    cls=_Edge,
    name="helpdesk",
    help=(
        "A help desk for an innovation hub's advisory desk for small businesses. "
        "With no command, opens the terminal UI."
    ),
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"helpdesk {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="FILE|URL",
            help="Database file, or a PostgreSQL database's URL (postgresql://USER@HOST/NAME; "
            "its password from ~/.pgpass or $PGPASSWORD). Default: $HELPDESK_DB, else "
            "tickets.json here.",
            show_default=False,
        ),
    ] = None,
    desk: Annotated[
        str | None,
        typer.Option(
            "--desk",
            metavar="NAME",
            help="The hub's desk in a PostgreSQL database; all: the whole network, for list, "
            "summary, company list and company dossier. Default: $HELPDESK_DESK, else main.",
            show_default=False,
        ),
    ] = None,
    adviser: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="KEY",
            help="Act as this adviser (key). Default: $HELPDESK_ADVISER, else your user name. "
            "On PostgreSQL you act as the adviser your database role names; another is refused.",
            show_default=False,
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            metavar="DIR",
            help="Your folder of reply and report templates; its files replace shipped ones of "
            "the same name. Default: $HELPDESK_TEMPLATES.",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print long listings straight to the terminal. Default: through $HELPDESK_PAGER, "
            "else $PAGER, else `less -FRX`, on a terminal only.",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language: it (italiano) or en (English). Default: $HELPDESK_LANG, else the "
            "desk's own, else the system's.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Global options, then the TUI when no command is given."""
    ctx.obj = CliState(
        Settings.from_env(db=db, desk=desk, adviser=adviser, templates=templates),
        pager=not no_pager,
        language_flag=lang,
    )
    ctx.call_on_close(ctx.obj.close)
    speak_the_desks_language(ctx.obj, lang)
    if ctx.obj.network_wide and ctx.obj.settings.url is None:
        ctx.obj.refuse_network("helpdesk")  # a file holds one desk, whatever the command
    if ctx.invoked_subcommand is not None:
        # The command was found (and its help put in words) before the desk's language was
        # read: put it in the language chosen now, for its --help and its usage errors.
        command = ctx.command.get_command(ctx, ctx.invoked_subcommand)  # type: ignore[attr-defined]
        if command is not None:
            for _path, part in walk(command):
                localize(part)
    if ctx.invoked_subcommand is None:
        from helpdesk.cli.tui import open_tui

        open_tui(ctx)


def speak_the_desks_language(state: CliState, flag: str | None) -> None:
    """Choose the language (``--lang``, ``HELPDESK_LANG``, the desk's, the system's) and use it.

    The desk's own setting is read only when neither the option nor the environment decides,
    and a desk that cannot be read is passed over here: the command itself then says why.
    """
    environ = os.environ
    desk_language = None
    if not flag and not environ.get("HELPDESK_LANG"):
        desk_language = state.desk_language()
    try:
        speak(choose_language(flag=flag, environ=environ, desk=desk_language))
    except UnknownLanguage:
        unknown = flag or environ.get("HELPDESK_LANG", "")
        # Refuse it in the language the adviser would have met without it: the desk's, else
        # the system's.
        others = {name: value for name, value in environ.items() if name != "HELPDESK_LANG"}
        speak(choose_language(environ=others, desk=desk_language or state.desk_language()))
        try:
            normalise_language(unknown)
        except UnknownLanguage as failure:
            hint = "'--lang'" if flag else "HELPDESK_LANG"
            raise typer.BadParameter(str(failure), param_hint=hint) from None


def main() -> None:
    """Console-script entry point."""
    tune_for_a_command()
    app()
