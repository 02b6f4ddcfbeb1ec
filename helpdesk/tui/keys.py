"""What a key does, in the current language, wherever it is listed: footer, ``?`` and palette.

Bindings are class attributes, built once at import: their descriptions and tooltips hold the
English words (marked for the catalogs) and are translated here, when shown.
"""

from __future__ import annotations

import re

from textual.binding import Binding

from helpdesk.i18n import N_, NC_, _, pgettext

#: Textual's own words for the keys it adds itself, for the catalogs.
TEXTUAL_KEYS = (N_("palette"), N_("Open the command palette"))

#: The keys Textual names with an English word (as its footer writes them), for the catalogs.
KEY_NAMES = frozenset(
    {
        NC_("keyboard key", "space"),
        NC_("keyboard key", "enter"),
        NC_("keyboard key", "esc"),
        NC_("keyboard key", "tab"),
        NC_("keyboard key", "shift"),
        NC_("keyboard key", "ctrl"),
        NC_("keyboard key", "del"),
        NC_("keyboard key", "home"),
        NC_("keyboard key", "end"),
        NC_("keyboard key", "pgup"),
        NC_("keyboard key", "pgdn"),
    }
)


def key_display(display: str) -> str:
    """A key as Textual writes it (``space``, ``shift+tab``, ``^p``) in the current language.

    Each part named with a word is translated (``spazio``, ``maiusc+tab``); symbols and letters
    stay as they are.
    """
    parts = display.split("+") if "+" in display.strip("+") else [display]
    return "+".join(
        pgettext("keyboard key", part.lower()) if part.lower() in KEY_NAMES else part
        for part in parts
    )


def keys_in_words(keys: str) -> str:
    """Keys separated by spaces (``pgup pgdn  home end``), each in the current language."""
    return re.sub(r"\S+", lambda found: key_display(found.group()), keys)


def binding_description(binding: Binding) -> str:
    """The key's short name: ``Filter``, ``Filtra``; a view key says which view it shows."""
    if binding.action.startswith("view("):
        return _("View: {view}").format(view=pgettext("ticket view", binding.description))
    return _(binding.description)


def binding_tooltip(binding: Binding) -> str:
    """What the key does, in a sentence ("" when the binding says nothing more)."""
    return _(binding.tooltip) if binding.tooltip else ""


def is_textuals_own(binding: Binding, node: object) -> bool:
    """Whether ``binding`` is one Textual itself gives ``node`` (moving the cursor, focus, copy).

    Their words are Textual's, in English: the command palette leaves them out, and ``?`` says
    what they do in the desk's words.
    """
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("textual."):
            continue
        for declared in cls.__dict__.get("BINDINGS", ()):
            if isinstance(declared, Binding):
                keys, action = declared.key, declared.action
            else:
                keys, action = declared[0], declared[1]
            if action == binding.action and binding.key in keys.split(","):
                return True
    return False
