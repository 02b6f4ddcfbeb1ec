"""Tests of text folding, the one way typed text is matched against what the desk holds."""

from __future__ import annotations

import random
import unicodedata

import pytest

from helpdesk.domain import text as text_module
from helpdesk.domain.text import company_key, fold, folded_words, words


def reference_fold(text: str) -> str:
    """The definition: case folded, NFKD, every combining mark dropped."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Caffè Nerò", "caffe nero"),
        ("PERCHÉ così", "perche cosi"),
        ("«Forno» d’Oro", "«forno» d'oro"),
        ("Straße", "strasse"),
        ("ﬁnanza", "finanza"),
        ("Ελληνικά", "ελληνικα"),
        ("x\u034fy", "x\u034fy"),  # the grapheme joiner is not a mark
        ("plain ascii", "plain ascii"),
    ],
)
def test_fold_drops_case_and_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_agrees_with_its_definition_on_any_text() -> None:
    """The quick paths must give what the definition gives, for every script."""
    rng = random.Random(3)
    alphabet = [chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c <= 0xDFFF]
    alphabet += ["\u20d0", "\ufe20", "\U0001d167", "\u0903", "\u093c", "\u05b0"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert fold(text) == reference_fold(text), ascii(text)


def test_fold_works_character_by_character_as_its_quick_path_assumes() -> None:
    """Every character of the basic plane folds the same alone and amid other text."""
    for code in range(0x80, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        assert reference_fold(f"a{c}è«") == f"a{reference_fold(c)}e«", hex(code)


def test_the_quick_path_agrees_with_the_definition_on_the_desks_usual_text() -> None:
    rng = random.Random(5)
    frequent = list(text_module._FREQUENT)
    assert all(c.casefold() == c for c in frequent)  # what case folding leaves, as assumed
    alphabet = [*frequent * 4, *"AÀÈÉÒ Ùaz.,;\n'\"", "Straße", "ﬁ", "Ω", "\u0301", "\u2026"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert fold(text) == reference_fold(text), ascii(text)


def test_text_in_latin1_folds_as_its_definition_says() -> None:
    """The byte table's path, and the characters it leaves to the others: those folding to
    more than one character or to one beyond Latin-1, and NUL, which marks them."""
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(256)]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
        assert fold(text) == reference_fold(text), ascii(text)
    for code in range(256):
        assert fold(f"è{chr(code)}") == reference_fold(f"è{chr(code)}"), hex(code)
    assert fold("Straße à µ ½") == "strasse a μ 1⁄2"
    assert fold("caffè\0nero") == "caffe\0nero"


def test_company_key_ignores_legal_form_and_punctuation() -> None:
    assert company_key("Forno d'Oro S.r.l.") == company_key("FORNO D’ORO srl") == "forno d oro"


def test_folded_words_keep_letters_and_digits_single_spaced() -> None:
    assert folded_words("  Caffè, Nerò!  P. IVA\t2024 ") == "caffe nero p iva 2024"
    assert words("Caffè, Nerò!") == " caffe nero "
    assert folded_words("") == "" and words("") == "  "
