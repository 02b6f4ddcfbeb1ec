"""The footer of every screen, showing only the keys that fit whole.

Textual's footer lays every key out in one row and lets those that do not fit run under the
command palette's key, cut mid-word on a narrow terminal. This one hides the keys that would
not fit whole, last first; they stay listed by ``?`` and found in the palette.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from helpdesk.i18n import _


class Footer(TextualFooter):
    """A compact-capable footer whose keys always end whole before the palette key, each
    described in the current language."""

    def compose(self) -> ComposeResult:
        """Textual's keys, described in the current language, fitted once they are laid out."""
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else ""
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = _(widget.tooltip)
            yield widget
        self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        """Textual's keys again (the screen's keys changed), fitted again."""
        await super().recompose()
        self._fit()

    def on_resize(self) -> None:
        """Fit the keys again to the new width."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        keys = [k for k in self.query(FooterKey) if not k.has_class("-command-palette")]
        palette = [k for k in self.query(FooterKey) if k.has_class("-command-palette")]
        room = (self.size.width or self.app.size.width) - sum(_width(k) + 1 for k in palette)
        used, fits = 0, True
        for key in keys:
            width = _width(key)
            fits = fits and used + width <= room
            key.display = fits
            used += width


def _width(key: FooterKey) -> int:
    """The cells a compact key takes: the key, a space, its description, a space."""
    return len(key.key_display) + len(key.description) + 2
