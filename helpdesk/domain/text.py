"""Text folding: the one way what people type is matched against names, keywords and labels.

Every comparison that ignores case and accents goes through :func:`fold` (or the helpers built
on it here), so ``Nerò``, ``NERO`` and ``nero`` are the same word everywhere.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_INITIAL_DOT = re.compile(r"(?<=\b[a-z])\.")
_LEGAL_FORMS = re.compile(
    r"\b(s\s*r\s*l\s*s|s\s*r\s*l|s\s*p\s*a|s\s*n\s*c|s\s*a\s*s|s\s*s|soc\s*coop|"
    r"societa\s+cooperativa|di\s+[a-z]+\s+[a-z]+\s+&\s*c|ditta|impresa\s+individuale|srls?|spa|snc|sas)\b"
)


#: The combining marks that decomposing a Latin letter leaves (U+034F, the grapheme joiner, is
#: not a mark); below U+0300 there are none.
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")
_BEYOND_LATIN = re.compile("[^\x00-\u036f]+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents: ``"Caffè Nerò"`` → ``"caffe nero"``.

    Every combining mark is dropped after NFKD decomposition, and curly single quotes become
    straight ones. Searches and imports fold every ticket's text, so plain ASCII, Latin-1 and the
    frequent accented letters of :data:`_FREQUENT` take quick paths; they give what decomposing
    gives, because folding works one character at a time.
    """
    if text.isascii():
        return text.lower()  # what case folding does to ASCII, and all that folding does
    try:
        latin = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        latin = latin.translate(_LATIN1_FOLDED)
        if b"\0" not in latin:  # else a character folds to more than one, or it holds a NUL
            return latin.decode("latin-1")
    folded = text.casefold()
    for letter, plain in _QUICK:
        if letter in folded:
            folded = folded.replace(letter, plain)
    if folded.isascii():
        return folded
    rest = folded
    for kept in _KEPT:
        if kept in rest:
            rest = rest.replace(kept, "")
    return folded if rest.isascii() else _fold_slowly(text)


def _fold_slowly(text: str) -> str:
    """:func:`fold` for any text, by decomposing all of it."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        return decomposed
    return _BEYOND_LATIN.sub(_without_marks, _LATIN_MARKS.sub("", decomposed))


def _without_marks(run: re.Match[str]) -> str:
    return "".join(c for c in run[0] if not unicodedata.combining(c))


#: Characters often met in the desk's texts, as case folding leaves them: the accented letters
#: of Italian, French, German and Spanish, curly quotes, dashes, the ellipsis.
_FREQUENT = "àèéìòùáíóúâêîôûäëïöüçñ’‘«»“”–—…€°"
#: Those that folding changes, with what it makes of them, and those it leaves as they are:
#: the quick path of :func:`fold`.
_QUICK = tuple((c, folded) for c in _FREQUENT if (folded := _fold_slowly(c)) != c)
_KEPT = "".join(c for c in _FREQUENT if _fold_slowly(c) == c)


def _latin1_folds() -> bytes:
    # Each Latin-1 character's fold, when it is one Latin-1 character, as a byte table; NUL for
    # the others (ß folds to "ss", µ to μ, ½ to "1⁄2"), so that text holding one is told apart.
    table = bytearray(256)
    for code in range(1, 256):
        folded = _fold_slowly(chr(code))
        if len(folded) == 1 and ord(folded) < 256:
            table[code] = ord(folded)
    return bytes(table)


_LATIN1_FOLDED = _latin1_folds()


def folded_words(text: str) -> str:
    """Fold ``text`` to its words, single-spaced: ``"Caffè, Nerò!"`` → ``"caffe nero"``.

    Punctuation and spacing count as one space; headers, names and vocabulary words are
    compared this way.
    """
    return _NOT_WORD.sub(" ", fold(text)).strip()


def words(text: str) -> str:
    """:func:`folded_words` with a space at each end, so that `` word `` finds whole words."""
    return f" {folded_words(text)} "


@functools.lru_cache(maxsize=1 << 14)
def company_key(name: str) -> str:
    """A company name reduced to what identifies it.

    Case, accents, punctuation, quotes and the legal form (S.r.l., SpA, s.n.c.…) are dropped, so
    ``"Forno d'Oro S.r.l."`` and ``"FORNO D’ORO srl"`` give the same key. Keys are remembered:
    an import matches each company's name, then the store keys it again as it saves it.
    """
    folded = fold(name).replace("’", "'")
    folded = _INITIAL_DOT.sub("", folded)  # "s.r.l." → "srl"
    folded = _NOT_WORD.sub(" ", folded)
    folded = _LEGAL_FORMS.sub(" ", folded)
    key = " ".join(folded.split())
    # A name made only of punctuation ("[/]") still has to match itself.
    return key or " ".join(fold(name).split())
