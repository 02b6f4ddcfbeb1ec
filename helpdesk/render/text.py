"""The one way user text becomes something Rich or Textual draws: literally."""

from __future__ import annotations

from rich.text import Text

#: Control characters other than newline and tab would move the cursor or ring the bell.
_CONTROL = {c: "\ufffd" for c in range(32) if c not in (9, 10)} | {127: "\ufffd"}


def literal(text: object, style: str = "") -> Text:
    """User text as a Rich :class:`~rich.text.Text`, never parsed as markup.

    ``[bold]``, ``[/]``, ``[link=…]`` and ``[@click=…]`` come out exactly as typed; terminal
    control characters are replaced so they cannot move the cursor.

    Args:
        text: Anything; ``None`` becomes an empty text.
        style: A style of ours (never from user input) for the whole text.
    """
    raw = "" if text is None else str(text)
    return Text(raw.translate(_CONTROL), style=style)


def one_line(text: object, width: int | None = None, style: str = "") -> Text:
    """User text on one line (line breaks become spaces), optionally cut to ``width`` with …."""
    flat = " ".join(("" if text is None else str(text)).split())
    if width is not None and len(flat) > width:
        flat = flat[: max(width - 1, 0)] + "…"
    return literal(flat, style)


def join(parts: list[Text], separator: str = " ") -> Text:
    """Join texts with a plain separator."""
    return Text(separator).join(parts)
