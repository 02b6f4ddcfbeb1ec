"""Keeping the catalogs in step with the code (a tool for developers, not imported at run time).

The messages are those the code marks (``_``, ``N_``, ``ngettext``) and the help of every
command and option of the CLI, read from the commands themselves (docstrings included), so a
help text needs no marking. ``python -m helpdesk.i18n.extract`` adds new messages to every
catalog and drops the ones the code no longer has; ``--check`` only says what is out of step
(the test suite runs the same check).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from helpdesk.i18n import LANGUAGES, SOURCE_LANGUAGE
from helpdesk.i18n.catalogs import DOMAIN, catalog_path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
KEYWORDS: dict[str, Any] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NC_": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
#: A ``str.format`` field: ``{}``, ``{name}``, ``{0}``, ``{code!r}``, ``{count:,}``.
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_0-9]*(?:![rsa])?(?::[^{}]*)?)\}(?!\})")


def source_messages() -> Iterator[tuple[str | tuple[str, ...], str]]:
    """Every marked message in the package, with where it is (``file:line``)."""
    for message, where, _context in contextual_messages():
        yield message, where


def contextual_messages() -> Iterator[tuple[str | tuple[str, ...], str, str | None]]:
    """Every marked message in the package, with where it is and its context (``pgettext``)."""
    for filename, lineno, message, _comments, context in extract_from_dir(
        PACKAGE_DIR,
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        yield message, f"helpdesk/{filename}:{lineno}", context


def cli_messages() -> Iterator[tuple[str, str]]:
    """Every help text of the CLI, as its commands hold it, with the command it belongs to."""
    from helpdesk.cli.i18n import help_texts  # the CLI knows how its commands are built

    yield from help_texts()


def template() -> PoCatalog:
    """A catalog of every message the desk shows, untranslated."""
    catalog = PoCatalog(domain=DOMAIN, project="helpdesk", fuzzy=False)
    for message, where, context in contextual_messages():
        catalog.add(message, locations=[_location(where)], context=context)
    for message, where in cli_messages():
        catalog.add(message, auto_comments=[where])
    from helpdesk.cli.i18n import ARGUMENT, argument_names

    for name, where in argument_names():
        previous = catalog.get(name, ARGUMENT)
        comments = [*previous.auto_comments, where] if previous is not None else [where]
        catalog.add(name, auto_comments=comments[:1], context=ARGUMENT)
    return catalog


def problems(language: str, wanted: PoCatalog) -> list[str]:
    """What is wrong with ``language``'s catalog against the messages the code has."""
    path = catalog_path(language)
    if not path.exists():
        return [f"{path} is missing"]
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    found: list[str] = []
    have = {(message.context, _texts(message.id)) for message in catalog if message.id}
    need = {(message.context, _texts(message.id)) for message in wanted if message.id}
    found += [f"{language}: missing {_short(id, context)}" for context, id in need - have]
    found += [f"{language}: no longer used {_short(id, context)}" for context, id in have - need]
    for message in catalog:
        if not message.id or (message.context, _texts(message.id)) not in need:
            continue
        strings = _texts(message.string)
        if message.fuzzy:
            found.append(f"{language}: needs review (fuzzy) {_short(message.id)}")
        elif language != SOURCE_LANGUAGE and not all(strings):
            found.append(f"{language}: untranslated {_short(message.id)}")
        expected = set().union(*(_placeholders(text) for text in _texts(message.id)))
        for text in strings:
            if text and _placeholders(text) != expected:
                found.append(
                    f"{language}: placeholders {sorted(_placeholders(text))} "
                    f"instead of {sorted(expected)} in {_short(message.id)}"
                )
    return sorted(found)


def update(wanted: PoCatalog) -> None:
    """Bring every catalog in step with ``wanted``: new messages added, old ones dropped.

    English, the code's own language, takes each message as written unless its catalog words
    it otherwise.
    """
    for language in LANGUAGES:
        path = catalog_path(language)
        if path.exists():
            with path.open("rb") as source:
                catalog = read_po(source, locale=language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = PoCatalog(
                locale=language,
                domain=DOMAIN,
                project="helpdesk",
                version="",
                msgid_bugs_address="",
                last_translator="helpdesk",
                language_team=LANGUAGES[language],
                header_comment=f"# helpdesk's messages in {LANGUAGES[language]}.",
                fuzzy=False,
            )
        catalog.update(wanted, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == SOURCE_LANGUAGE:
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        text = io.BytesIO()
        write_po(text, catalog, width=100, no_location=True, sort_output=True)
        path.write_bytes(_without_dates(text.getvalue()))


def _without_dates(po: bytes) -> bytes:
    """The catalog without its creation and revision dates, which would change at every run."""
    return b"".join(
        line
        for line in po.splitlines(keepends=True)
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))
    )


def _placeholders(text: str) -> set[str]:
    return {match.group(1) for match in _PLACEHOLDER.finditer(text)}


def _location(where: str) -> tuple[str, int]:
    filename, _, line = where.rpartition(":")
    return filename, int(line)


def _texts(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A message's id or translation as its forms (one, or singular and plurals)."""
    if value is None:
        return ("",)
    return (value,) if isinstance(value, str) else tuple(value)


def _short(id: str | tuple[str, ...] | list[str], context: str | None = None) -> str:
    text = _texts(id)[0]
    shown = repr(text if len(text) < 70 else text[:67] + "...")
    return f"{shown} ({context})" if context else shown


def main(argv: list[str] | None = None) -> int:
    """``python -m helpdesk.i18n.extract [--check]``."""
    parser = argparse.ArgumentParser(prog="python -m helpdesk.i18n.extract", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report, change nothing")
    args = parser.parse_args(argv)
    wanted = template()
    if not args.check:
        update(wanted)
    found = [line for language in LANGUAGES for line in problems(language, wanted)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
