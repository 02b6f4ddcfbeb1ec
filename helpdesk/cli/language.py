"""``helpdesk language``: the language the desk speaks, seen and set."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk.cli.output import say
from helpdesk.cli.state import reader, state, writer
from helpdesk.i18n import LANGUAGES, UnknownLanguage, _, language, normalise_language


def register(app: typer.Typer) -> None:
    """Add ``language`` to ``app``."""

    @app.command("language")
    def language_command(
        ctx: typer.Context,
        code: Annotated[
            str | None,
            typer.Argument(
                metavar="[it|en]",
                help="The language to set: it (italiano) or en (English). Without it: show it.",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Show or set the desk's language, spoken to everyone who asks for no other.

        --lang and HELPDESK_LANG choose a language for one command or one person; the desk's
        is used when neither does, and a new desk takes the system's (the demo desk, Italian).
        """
        import os

        from helpdesk.cli.i18n import speak

        if code is None:
            current = reader(ctx).language()
            if current is None:
                say(
                    _("The desk has no language of its own; this command speaks {name}.").format(
                        name=LANGUAGES[language()]
                    )
                )
                return
            say(_("The desk speaks {name} ({code}).").format(name=LANGUAGES[current], code=current))
            return
        try:
            code = normalise_language(code)
        except UnknownLanguage as failure:
            raise typer.BadParameter(str(failure), ctx=ctx, param_hint="'[it|en]'") from None
        chosen = writer(ctx).set_language(code)
        if not state(ctx).language_flag and not os.environ.get("HELPDESK_LANG"):
            speak(chosen)  # the desk's language is this command's too: say it in the new one
        say(_("The desk now speaks {name} ({code}).").format(name=LANGUAGES[chosen], code=chosen))
