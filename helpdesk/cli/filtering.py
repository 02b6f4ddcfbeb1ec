"""Filter queries on the command line: negated terms that look like options, and quoting."""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand

from helpdesk.domain.filter_words import field_named, tag_named
from helpdesk.domain.filters import FIELDS, TAGS


def is_negated_term(word: str) -> bool:
    """True for ``-unassigned`` or ``-stato:chiusa``: a filter term, not an option."""
    if not word.startswith("-") or word.startswith("--") or len(word) < 2:
        return False
    name = word[1:].split(":", 1)[0].split(".", 1)[0]
    if ":" in word:
        return field_named(name, FIELDS) is not None
    return tag_named(name, TAGS) is not None


class FilterCommand(TyperCommand):
    """A command whose trailing arguments are a filter query.

    ``helpdesk list -unassigned`` would otherwise be read as the option ``-u``; negated terms
    are moved after ``--`` before options are parsed, so they reach the query untouched.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Move negated filter terms out of the options' way, then parse as usual."""
        if "--" in args:
            cut = args.index("--")
            head, tail = args[:cut], args[cut + 1 :]
        else:
            head, tail = args, []
        terms = [a for a in head if is_negated_term(a)]
        if terms:
            head = [a for a in head if not is_negated_term(a)]
            args = [*head, "--", *terms, *tail]
        return super().parse_args(ctx, args)


def query_from_args(args: list[str]) -> str:
    """Rebuild a filter query from shell words.

    Each word is a term, so a word the shell kept whole is quoted back: ``company:forno d'oro``
    (typed as ``company:"forno d'oro"``) stays one term. A word that is a query of its own is
    taken as it is: one holding double quotes (``'company:"forno d oro" +open'``), or several
    terms (``"status:open topic:ecommerce"``).
    """
    parts = []
    for arg in args:
        words = arg.split()
        if '"' in arg or len(words) < 2 or (_is_term(words[0]) and any(map(_is_term, words[1:]))):
            parts.append(arg)
            continue
        head, sep, tail = arg.partition(":")
        if sep and head and not any(c.isspace() for c in head):
            parts.append(f'{head}:"{tail}"')
        else:
            parts.append(f'"{arg}"')
    return " ".join(parts)


def _is_term(word: str) -> bool:
    name = word.lstrip("+-").split(":", 1)[0].split(".", 1)[0]
    if ":" in word:
        return field_named(name, FIELDS) is not None
    return word[:1] in "+-" and tag_named(name, TAGS) is not None
