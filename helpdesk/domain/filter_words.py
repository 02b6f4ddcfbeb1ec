"""The filter language's words in English and Italian, read in both whatever the desk speaks.

:mod:`helpdesk.domain.filters` knows each field, form and tag by its English name
(``status``, ``.before``, ``+overdue``); an Italian adviser types ``stato:aperte``,
``scadenza.prima:venerdì`` or ``+scaduti``. This module says which English name each word
stands for (:func:`field_named`, :func:`form_named`, :func:`tag_named`), which words stand
for the values that are not a vocabulary's (``me``/``io``, ``none``/``nessuno``…), and how to
write each name in the current language, for suggestions and the help screen
(:func:`field_word`, :func:`tag_word`). Words are compared folded: ``priorità`` is
``priorita``.
"""

from __future__ import annotations

from typing import Any

from helpdesk.domain.text import fold
from helpdesk.domain.vocabulary import nearest
from helpdesk.i18n import _, language

#: Italian field names, the glossary's word first for each field.
ITALIAN_FIELDS: dict[str, str] = {
    "stato": "status",
    "tema": "topic",
    "temi": "topic",
    "assegnato": "assignee",
    "assegnatario": "assignee",
    "consulente": "assignee",
    "priorita": "priority",
    "canale": "channel",
    "esito": "outcome",
    "impresa": "company",
    "azienda": "company",
    "provincia": "province",
    "prov": "province",
    "comune": "town",
    "tipologia": "kind",
    "tipo": "kind",
    "etichetta": "tag",
    "rif": "ref",
    "numero": "ref",
    "servizio": "service",
    "fonte": "source",
    "programma": "programme",
    "scadenzabando": "deadline",
    "creata": "created",
    "creato": "created",
    "aggiornata": "updated",
    "aggiornato": "updated",
    "scadenza": "due",
    "richiamo": "due",
}

#: Italian names of the forms of a field (``scadenza.prima:venerdì``).
ITALIAN_FORMS: dict[str, str] = {
    "prima": "before",
    "dopo": "after",
    "sopra": "above",
    "sotto": "below",
}

#: Italian tag names, the glossary's word first for each tag.
ITALIAN_TAGS: dict[str, str] = {
    "aperte": "open",
    "aperti": "open",
    "nonassegnate": "unassigned",
    "nonassegnati": "unassigned",
    "mie": "mine",
    "miei": "mine",
    "inscadenza": "due",
    "scaduti": "overdue",
    "scadute": "overdue",
    "senzarichiamo": "nofollowup",
    "senzarichiami": "nofollowup",
    "iscritte": "enrolled",
    "iscritti": "enrolled",
    "segnalate": "referred",
    "segnalati": "referred",
    "indomanda": "applying",
}

#: ``status:`` values beyond the statuses themselves.
OPEN_WORDS = frozenset({"open", "aperte", "aperti", "aperta", "aperto"})
DONE_WORDS = frozenset({"done", "finished", "concluse", "concluso", "conclusa"})
#: ``assignee:`` values.
ME_WORDS = frozenset({"me", "io"})
NOBODY_WORDS = frozenset({"none", "nobody", "nessuno", "nessuna"})
#: ``due:`` values.
OVERDUE_WORDS = frozenset({"overdue", "scaduto", "scaduta", "scaduti", "scadute"})
NEVER_WORDS = frozenset({"none", "never", "nessuno", "nessuna", "nessun", "mai"})


def field_named(name: str, fields: dict[str, Any]) -> str | None:
    """The English name of the field ``name`` stands for (either language), or None."""
    folded = fold(name)
    if folded in fields:
        return folded
    return ITALIAN_FIELDS.get(folded)


def form_named(form: str) -> str:
    """The English name of a field's form (``prima`` is ``before``); unknown ones as typed."""
    folded = fold(form)
    return ITALIAN_FORMS.get(folded, folded)


def tag_named(name: str, tags: dict[str, Any]) -> str | None:
    """The English name of the tag ``name`` stands for (either language), or None."""
    folded = fold(name)
    if folded in tags:
        return folded
    return ITALIAN_TAGS.get(folded)


def field_word(name: str) -> str:
    """How to type the field ``name`` (English) in the current language."""
    return _first_word(ITALIAN_FIELDS, name)


def form_word(form: str) -> str:
    """How to type the form ``form`` (English) in the current language."""
    return _first_word(ITALIAN_FORMS, form)


def tag_word(name: str) -> str:
    """How to type the tag ``name`` (English) in the current language."""
    return _first_word(ITALIAN_TAGS, name)


def _first_word(italian: dict[str, str], name: str) -> str:
    if language() == "it":
        for word, english in italian.items():
            if english == name:
                return word
    return name


def field_words(fields: dict[str, Any]) -> list[str]:
    """Every field name either language knows, to suggest from."""
    return [*fields, *ITALIAN_FIELDS]


def tag_words(tags: dict[str, Any]) -> list[str]:
    """Every tag name either language knows, to suggest from."""
    return [*tags, *ITALIAN_TAGS]


def unknown_tag(text: str, tags: dict[str, Any]) -> str:
    """Why ``text`` is no tag, in the current language, suggesting the nearest one."""
    known = ", ".join("+" + tag_word(t) for t in tags)
    guess = nearest(text[1:], tag_words(tags))
    if guess is not None:
        found = tag_named(guess, tags) or guess
        return _("Unknown tag {tag!r} (did you mean {suggestion}?); tags are: {known}.").format(
            tag=text, suggestion=text[0] + tag_word(found), known=known
        )
    return _("Unknown tag {tag!r}; tags are: {known}.").format(tag=text, known=known)


def unknown_field(name: str, fields: dict[str, Any]) -> str:
    """Why ``name`` is no field, in the current language, suggesting the nearest one."""
    known = ", ".join(sorted(field_word(f) for f in fields))
    guess = nearest(name, field_words(fields))
    if guess is not None:
        found = field_named(guess, fields) or guess
        return _(
            "Unknown field {field!r} (did you mean {suggestion}?); fields are: {known}."
        ).format(field=name, suggestion=field_word(found) + ":", known=known)
    return _("Unknown field {field!r}; fields are: {known}.").format(field=name, known=known)


def no_such_form(typed_name: str, typed_op: str, ops: tuple[str, ...]) -> str:
    """Why a field has no such form, in the current language, listing those it has."""
    forms = [f"{typed_name}.{form_word(o)}" for o in ops if o]
    if not forms:
        return _("{field} has no .{form} form; forms: none.").format(
            field=typed_name, form=typed_op
        )
    return _("{field} has no .{form} form; forms: {forms}.").format(
        field=typed_name, form=typed_op, forms=", ".join(forms)
    )
