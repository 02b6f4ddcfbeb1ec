"""Finding and loading the compiled catalogs.

A built package carries ``helpdesk.mo`` next to each ``helpdesk.po``. In a working copy whose
``.po`` is newer than its ``.mo`` (or has none), the ``.po`` is compiled on first use and the
``.mo`` written when the folder allows, so an edited translation shows at once.
"""

from __future__ import annotations

import gettext
import io
import os
from dataclasses import dataclass
from pathlib import Path

#: Where the catalogs live: ``<lang>/LC_MESSAGES/helpdesk.po``.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "helpdesk"


@dataclass(frozen=True, slots=True)
class Catalog:
    """One language's translations."""

    language: str
    translations: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        """``message`` translated, or itself when the catalog lacks it."""
        return self.translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` as it reads in ``context``, translated."""
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """The plural form for ``n`` as it reads in ``context``, translated."""
        return self.translations.npgettext(context, singular, plural, n)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form for ``n``, translated."""
        return self.translations.ngettext(singular, plural, n)


def catalog_path(language: str, suffix: str = ".po") -> Path:
    """The catalog file of ``language`` (``.po`` source or ``.mo`` compiled)."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def load_catalog(language: str) -> Catalog:
    """The catalog of ``language``; messages pass through untranslated when it has none."""
    po, mo = catalog_path(language), catalog_path(language, ".mo")
    try:
        if po.exists() and (not mo.exists() or _mtime(mo) < _mtime(po)):
            compiled = compile_catalog(po, mo)
        else:
            compiled = mo.read_bytes()
    except OSError:
        return Catalog(language, gettext.NullTranslations())
    return Catalog(language, gettext.GNUTranslations(io.BytesIO(compiled)))


def compile_catalog(po: Path, mo: Path) -> bytes:
    """Compile ``po`` into ``mo`` (kept in memory only if ``mo`` cannot be written).

    Fuzzy entries are left out, as ``msgfmt`` does: a translation marked as needing review is
    not shown.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    data = buffer.getvalue()
    temporary = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, mo)
    except OSError:
        temporary.unlink(missing_ok=True)
    return data


def _mtime(path: Path) -> float:
    return path.stat().st_mtime
