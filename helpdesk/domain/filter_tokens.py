"""Splitting a filter query into its terms, each with its place in the query.

Kept apart from :mod:`helpdesk.domain.filters`, which compiles the terms: this is only about
spaces and quotes, and each token keeps its offsets so that an error can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk.errors import InvalidFilter
from helpdesk.i18n import _


@dataclass(frozen=True, slots=True)
class Token:
    """One whitespace-separated piece of a query, with its place in the query."""

    text: str
    start: int
    end: int


def tokenize(query: str) -> list[Token]:
    """Split a query at spaces outside double quotes, keeping each token's offsets.

    Raises:
        InvalidFilter: for a quote that is never closed.
    """
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        start = i
        buf: list[str] = []
        while i < n and not query[i].isspace():
            if query[i] == '"':
                i += 1
                while i < n and query[i] != '"':
                    if query[i] == "\\" and i + 1 < n:  # \" and \\ inside quotes
                        i += 1
                    buf.append(query[i])
                    i += 1
                if i >= n:
                    raise InvalidFilter(
                        _("In {text!r}: a quote is never closed.").format(text=query[start:]),
                        query,
                        start,
                        n,
                    )
                i += 1
            else:
                buf.append(query[i])
                i += 1
        tokens.append(Token("".join(buf), start, i))
    return tokens
