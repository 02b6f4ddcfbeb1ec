"""The one way user text becomes something Rich or Textual draws: literally."""

from __future__ import annotations

import re

from rich.text import Text

#: Control characters a terminal acts on: C0 but tab and newline, DEL, and C1 (U+0080–U+009F,
#: which many terminals read as ESC + a letter: U+009B starts a control sequence).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: What each of them is shown as: the replacement character, visibly not the text's own.
SHOWN_INSTEAD = "\ufffd"


def for_terminal(text: str) -> str:
    """``text`` with every control character a terminal would act on replaced by U+FFFD.

    The one place where user text is made harmless for a terminal: escape sequences (colours,
    cursor moves, OSC 52 writing the clipboard, window titles), bells, backspaces and carriage
    returns that overwrite what was printed. Tab and newline stay; a CR before a newline goes
    (Windows line ends print as one line break). Text going to a file or a pipe stays exact;
    only what reaches a terminal passes through here.
    """
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(SHOWN_INSTEAD, text.replace("\r\n", "\n"))


def literal(text: object, style: str = "") -> Text:
    """User text as a Rich :class:`~rich.text.Text`, never parsed as markup.

    ``[bold]``, ``[/]``, ``[link=…]`` and ``[@click=…]`` come out exactly as typed; terminal
    control characters are replaced so they cannot move the cursor.

    Args:
        text: Anything; ``None`` becomes an empty text.
        style: A style of ours (never from user input) for the whole text.
    """
    raw = "" if text is None else str(text)
    return Text(for_terminal(raw), style=style)


def one_line(text: object, width: int | None = None, style: str = "") -> Text:
    """User text on one line (line breaks become spaces), optionally cut to ``width`` with …."""
    flat = " ".join(("" if text is None else str(text)).split())
    if width is not None and len(flat) > width:
        flat = flat[: max(width - 1, 0)] + "…"
    return literal(flat, style)


def join(parts: list[Text], separator: str = " ") -> Text:
    """Join texts with a plain separator."""
    return Text(separator).join(parts)
