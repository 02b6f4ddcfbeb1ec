"""The desk's two languages: Italian and English, through gettext catalogs.

Code writes its messages in English and marks them: ``_("Inbox")`` translates at once into the
current language; ``N_("Inbox")`` only marks a message kept in a constant, translated with
``_()`` where it is shown (so that switching language shows it anew); ``ngettext`` picks the
plural form. A word that reads differently by what it names (a ticket's status "closed" is
*chiusa*, a call's *chiuso*) is translated with :func:`pgettext` and a context, and kept in a
constant with ``NC_(context, message)``. The catalogs live in
``helpdesk/locale/<lang>/LC_MESSAGES/helpdesk.po`` and are compiled when the package is built
(see ``docs/translations.md``).

Which language: ``--lang``, else ``HELPDESK_LANG``, else the desk's own setting, else the
system locale (:func:`choose_language`). The fronts call :func:`set_language` once they know;
nothing below them reads the environment.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from helpdesk.i18n.catalogs import Catalog, load_catalog

#: The languages the desk speaks, by code, each named in itself.
LANGUAGES: dict[str, str] = {"it": "italiano", "en": "English"}

#: The language of the code's own messages (the catalogs' msgids).
SOURCE_LANGUAGE = "en"

_current: Catalog = load_catalog(SOURCE_LANGUAGE)


class UnknownLanguage(ValueError):
    """A language code the desk does not speak; its message is written for the user."""


def _(message: str) -> str:
    """``message`` in the current language."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it (for constants)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` things, in the current language."""
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, as it reads in ``context`` (``"ticket status"``)."""
    return _current.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` things as it reads in ``context``, translated."""
    return _current.npgettext(context, singular, plural, n)


def NC_(context: str, message: str) -> str:
    """Mark ``message`` for translation in ``context`` without translating it (for constants).

    Translate it where it is shown with ``pgettext(context, value)``, the same context.
    """
    return message


def message_in(code: str, message: str) -> str:
    """``message`` in language ``code``, whatever the current language.

    For text written once and kept (a follow-up's note, a history entry): it is written in the
    desk's language, which need not be the one on screen.
    """
    if code == _current.language:
        return _current.gettext(message)
    return _catalog_of(code).gettext(message)


def message_in_every_language(message: str) -> dict[str, str]:
    """``message`` in each language the desk speaks, by code.

    For code that recognises a text kept in the database: it may have been written in either.
    """
    return {code: message_in(code, message) for code in LANGUAGES}


@cache
def _catalog_of(code: str) -> Catalog:
    return load_catalog(code)


def language() -> str:
    """The code of the current language (``"it"`` or ``"en"``)."""
    return _current.language


def set_language(code: str) -> None:
    """Speak ``code`` from now on.

    Raises:
        UnknownLanguage: When the desk does not speak ``code``.
    """
    global _current
    code = normalise_language(code)
    if code != _current.language:
        _current = load_catalog(code)


def normalise_language(code: str) -> str:
    """``code`` as one of :data:`LANGUAGES` ("IT", "it_IT.UTF-8" and "italiano" are "it").

    Raises:
        UnknownLanguage: When it names neither language.
    """
    text = code.strip().lower()
    for key, name in LANGUAGES.items():
        if text in (key, name.lower()) or text.startswith((f"{key}_", f"{key}-", f"{key}.")):
            return key
    known = ", ".join(f"{key} ({name})" for key, name in LANGUAGES.items())
    raise UnknownLanguage(
        _("unknown language {code!r}: helpdesk speaks {known}.").format(code=code, known=known)
    )


def system_language(environ: Mapping[str, str]) -> str | None:
    """The language the system locale asks for, when it is one the desk speaks.

    Reads ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` in gettext's order; ``C`` and
    ``POSIX`` ask for none.
    """
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        for candidate in value.split(":"):
            if not candidate or candidate in ("C", "POSIX") or candidate.startswith("C."):
                continue
            try:
                return normalise_language(candidate)
            except UnknownLanguage:
                continue
        if value and variable != "LANGUAGE":
            return None  # the first locale variable that is set decides, as in gettext
    return None


def choose_language(
    *,
    flag: str | None = None,
    environ: Mapping[str, str],
    desk: str | None = None,
) -> str:
    """The language to speak: ``flag``, else ``HELPDESK_LANG``, else the desk's, else the system's.

    English when nothing asks for Italian.

    Raises:
        UnknownLanguage: When ``flag`` or ``HELPDESK_LANG`` names a language the desk does not
            speak (a desk's stored setting that is unknown is passed over).
    """
    if flag:
        return normalise_language(flag)
    if environ.get("HELPDESK_LANG"):
        return normalise_language(environ["HELPDESK_LANG"])
    if desk:
        try:
            return normalise_language(desk)
        except UnknownLanguage:
            pass
    return system_language(environ) or SOURCE_LANGUAGE


__all__ = [
    "LANGUAGES",
    "NC_",
    "N_",
    "SOURCE_LANGUAGE",
    "UnknownLanguage",
    "_",
    "choose_language",
    "language",
    "message_in",
    "message_in_every_language",
    "ngettext",
    "normalise_language",
    "npgettext",
    "pgettext",
    "set_language",
    "system_language",
]
