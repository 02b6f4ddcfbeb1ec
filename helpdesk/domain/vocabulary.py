"""The words people type for the values of the desk's vocabularies, in English and Italian.

A status, priority, channel, outcome, company kind or size, service or source is stored by its
English value (``in_progress``), but an Italian adviser types ``in lavorazione`` and a web form
offers "Commercio al dettaglio". :func:`parse_choice` reads either, whatever language the desk
speaks, with case, accents, spaces and punctuation ignored; the filter language and imports
both go through it. :func:`typed_word` gives the word to suggest in the current language.
"""

from __future__ import annotations

from typing import TypeVar

from helpdesk.domain.enums import (
    Channel,
    Choice,
    CompanyKind,
    CompanySize,
    Outcome,
    Priority,
    Status,
)
from helpdesk.domain.programmes import Service, Source
from helpdesk.domain.text import fold, words
from helpdesk.errors import InvalidValue
from helpdesk.i18n import N_, _, language

C = TypeVar("C", bound=Choice)

#: Italian (and a few English) words accepted for the values of each vocabulary, the glossary's
#: word first: that one is suggested to an Italian adviser (:func:`typed_word`).
VALUE_WORDS: dict[type[Choice], dict[str, str]] = {
    Service: {
        "consulenza": "advice",
        "orientamento": "orientation",
        "formazione": "training",
        "supporto": "support",
        "supporto psicologico": "support",
        "continuita aziendale": "support",
        "valutazione": "assessment",
        "assessment": "assessment",
    },
    Source: {
        "camera di commercio": "chamber",
        "cciaa": "chamber",
        "associazione": "association",
        "associazione di categoria": "association",
        "banca": "bank",
        "sito web": "website",
        "sito": "website",
        "evento": "event",
        "passaparola": "word_of_mouth",
        "altro hub": "hub",
    },
    Channel: {
        "telefono": "phone",
        "telefonata": "phone",
        "tel": "phone",
        "e-mail": "email",
        "e mail": "email",
        "mail": "email",
        "posta elettronica": "email",
        "web": "web",
        "sito": "web",
        "sito web": "web",
        "modulo": "web",
        "modulo web": "web",
        "modulo online": "web",
        "form": "web",
        "online": "web",
        "di persona": "walk_in",
        "sportello": "walk_in",
        "in presenza": "walk_in",
        "evento": "event",
        "webinar": "event",
        "fiera": "event",
        "altro": "other",
    },
    Priority: {
        "bassa": "low",
        "basse": "low",
        "normale": "normal",
        "normali": "normal",
        "media": "normal",
        "alta": "high",
        "alte": "high",
        "urgente": "urgent",
        "urgenti": "urgent",
    },
    Status: {
        "nuova": "new",
        "nuove": "new",
        "nuovo": "new",
        "nuovi": "new",
        "aperto": "new",
        "aperta": "new",
        "presa in carico": "triaged",
        "prese in carico": "triaged",
        "preso in carico": "triaged",
        "smistato": "triaged",
        "smistata": "triaged",
        "assegnato": "triaged",
        "assegnata": "triaged",
        "in lavorazione": "in_progress",
        "in corso": "in_progress",
        "in attesa": "waiting",
        "sospeso": "waiting",
        "sospesa": "waiting",
        "risolta": "resolved",
        "risolte": "resolved",
        "risolto": "resolved",
        "evaso": "resolved",
        "evasa": "resolved",
        "chiusa": "closed",
        "chiuse": "closed",
        "chiuso": "closed",
    },
    Outcome: {
        "consulenza fornita": "advised",
        "consulenza": "advised",
        "informazioni fornite": "advised",
        "segnalata a un partner": "referred",
        "segnalata": "referred",
        "segnalato": "referred",
        "indirizzato": "referred",
        "indirizzata": "referred",
        "domanda presentata": "grant_applied",
        "progetto avviato": "project_started",
        "formazione svolta": "trained",
        "formazione": "trained",
        "formato": "trained",
        "non ammissibile": "not_eligible",
        "nessuna risposta": "no_response",
        "ritirata": "withdrawn",
        "ritirato": "withdrawn",
        "rinuncia": "withdrawn",
        "duplicato": "duplicate",
        "doppione": "duplicate",
    },
    CompanyKind: {
        "artigiana": "artisan",
        "artigiano": "artisan",
        "impresa artigiana": "artisan",
        "artigianato": "artisan",
        "commercio al dettaglio": "retail",
        "commercio": "retail",
        "dettaglio": "retail",
        "negozio": "retail",
        "commerciante": "retail",
        "ristorazione": "food_service",
        "bar": "food_service",
        "ristorante": "food_service",
        "bar e ristorazione": "food_service",
        "studio professionale": "professional",
        "professionista": "professional",
        "libero professionista": "professional",
        "pmi": "sme",
        "piccola e media impresa": "sme",
        "startup": "startup",
        "start up": "startup",
        "startup innovativa": "startup",
        "grande impresa": "large",
        "grande": "large",
        "altro": "other",
    },
    CompanySize: {
        "micro": "micro",
        "microimpresa": "micro",
        "piccola": "small",
        "media": "medium",
        "grande": "large",
    },
}

#: What each vocabulary is called in messages.
VOCABULARY_NAMES: dict[type[Choice], str] = {
    Service: N_("service"),
    Source: N_("source"),
    Channel: N_("channel"),
    Priority: N_("priority"),
    Status: N_("status"),
    Outcome: N_("outcome"),
    CompanyKind: N_("company kind"),
    CompanySize: N_("company size"),
}


def squash(text: str) -> str:
    """``text`` folded to its letters and digits: ``"In lavorazione"`` → ``"inlavorazione"``."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


_WORDS: dict[type[Choice], dict[str, str]] = {}


def _words_of(enum: type[Choice]) -> dict[str, str]:
    """Every word, squashed, that names a value of ``enum``: its values, names and words."""
    found = _WORDS.get(enum)
    if found is None:
        found = {}
        for word, value in VALUE_WORDS.get(enum, {}).items():
            found.setdefault(squash(word), value)
        for member in enum:
            found[squash(member.value)] = member.value
            found.setdefault(squash(member.name), member.value)
        _WORDS[enum] = found
    return found


def find_choice(enum: type[C], text: str) -> C | None:
    """The member of ``enum`` that ``text`` names in English or Italian, or None."""
    if isinstance(text, enum):
        return text
    value = _words_of(enum).get(squash(text))
    return None if value is None else enum(value)


def parse_choice(enum: type[C], text: str) -> C:
    """The member of ``enum`` that ``text`` names in English or Italian.

    Raises:
        InvalidValue: In the current language, listing the values as the user would type them
            and suggesting the nearest one.
    """
    found = find_choice(enum, text)
    if found is None:
        raise InvalidValue(unknown_choice_message(enum, text))
    return found


def typed_word(member: Choice) -> str:
    """How to type ``member`` in the current language: ``in_lavorazione``, ``in_progress``."""
    if language() != "it":
        return member.value
    for word, value in VALUE_WORDS.get(type(member), {}).items():
        if value == member.value:
            return word.replace(" ", "_")
    return member.value


def nearest(text: str, candidates: list[str]) -> str | None:
    """The candidate closest to ``text`` as typed, when one is close enough to suggest."""
    import difflib  # only when a message suggests a word

    by_squash = {squash(c): c for c in candidates}
    close = difflib.get_close_matches(squash(text), list(by_squash), n=1, cutoff=0.75)
    return by_squash[close[0]] if close else None


def unknown_choice_message(enum: type[Choice], text: str) -> str:
    """Why ``text`` is not a value of ``enum``, in the current language, with a suggestion."""
    shown = [typed_word(member) for member in enum]
    everything = shown + list(VALUE_WORDS.get(enum, {})) + [m.value for m in enum]
    guess = nearest(text, everything)
    what = _(VOCABULARY_NAMES.get(enum, enum.label()))
    what = what[:1].upper() + what[1:]
    choices = ", ".join(shown)
    if guess is not None:
        suggestion = typed_word(enum(_words_of(enum)[squash(guess)]))
        return _("{what} {value!r} is not one of: {choices} (did you mean {suggestion}?).").format(
            what=what, value=text.strip(), choices=choices, suggestion=suggestion
        )
    return _("{what} {value!r} is not one of: {choices}.").format(
        what=what, value=text.strip(), choices=choices
    )


def find_choice_in(enum: type[C], text: str) -> C | None:
    """The member of ``enum`` that ``text`` names, or whose words it holds, as web forms offer
    them ("Bar / ristorante", "Impresa artigiana (fino a 9 addetti)"); None when it names
    none, or holds the words of two.

    Whole words are matched, the longest first; for vocabularies where a word in a sentence
    cannot turn the meaning around (channels, kinds of company, services, sources).
    """
    found = find_choice(enum, text)
    if found is not None:
        return found
    haystack = words(text)
    best: list[tuple[int, str]] = []
    for word, value in [*VALUE_WORDS.get(enum, {}).items(), *((m.value, m.value) for m in enum)]:
        needle = words(word.replace("_", " "))
        if needle.strip() and needle in haystack:
            best.append((len(needle), value))
    if not best:
        return None
    best.sort(reverse=True)
    longest = [value for size, value in best if size == best[0][0]]
    return enum(longest[0]) if len(set(longest)) == 1 else None
