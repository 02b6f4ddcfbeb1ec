"""What a key does, in the current language, wherever it is listed: footer, ``?`` and palette.

Bindings are class attributes, built once at import: their descriptions and tooltips hold the
English words (marked for the catalogs) and are translated here, when shown.
"""

from __future__ import annotations

from textual.binding import Binding

from helpdesk.i18n import N_, _, pgettext

#: Textual's own words for the keys it adds itself, for the catalogs.
TEXTUAL_KEYS = (N_("palette"), N_("Open the command palette"))


def binding_description(binding: Binding) -> str:
    """The key's short name: ``Filter``, ``Filtra``; a view key says which view it shows."""
    if binding.action.startswith("view("):
        return _("View: {view}").format(view=pgettext("ticket view", binding.description))
    return _(binding.description)


def binding_tooltip(binding: Binding) -> str:
    """What the key does, in a sentence ("" when the binding says nothing more)."""
    return _(binding.tooltip) if binding.tooltip else ""
