"""Tests of the checks on typed fields: VAT numbers against python-stdnum, whose rules they keep."""

from __future__ import annotations

import random

import pytest
from stdnum.exceptions import ValidationError
from stdnum.it import iva

from helpdesk.errors import InvalidValue
from helpdesk.services.validation import check_province, check_vat


def stdnum_verdict(number: str) -> str | None:
    try:
        return str(iva.validate(number))
    except ValidationError:
        return None


def our_verdict(number: str) -> str | None:
    try:
        return check_vat(number)
    except InvalidValue:
        return None


def test_every_number_is_judged_as_python_stdnum_judges_it() -> None:
    """The quick path for plain numbers must accept exactly what python-stdnum accepts."""
    rng = random.Random(11)
    offices = ["000", "001", "050", "100", "101", "119", "120", "121", "888", "999"]
    accepted = 0
    for _ in range(20_000):
        number = "".join(rng.choice("0123456789") for _ in range(11))
        if rng.random() < 0.5:
            number = number[:7] + rng.choice(offices) + number[10]
        if rng.random() < 0.05:
            number = "0000000" + number[7:]
        if rng.random() < 0.05:
            number = number[: rng.randint(8, 12)]
        assert our_verdict(number) == stdnum_verdict(number), number
        accepted += our_verdict(number) is not None
    assert accepted > 500  # valid numbers were met, not only refusals


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("02114140293", "its check digit is wrong"),
        ("0211414029", "it must have 11 digits"),
        ("0211414029x", "it must be digits only"),
        ("02114141012", "its office code does not exist"),
    ],
)
def test_a_refused_number_says_why(typed: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=f"VAT number '{typed}' is not valid: {reason}."):
        check_vat(typed)


@pytest.mark.parametrize("typed", ["02114140292", " IT 021.141.402 92 ", "it02114140292"])
def test_prefixes_spaces_and_dots_are_accepted(typed: str) -> None:
    assert check_vat(typed) == "02114140292"


# -- provinces --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("CO", "CO"),
        ("mi", "MI"),
        (" bg ", "BG"),
        ("Bergamo", "BG"),
        ("BERGAMO", "BG"),
        ("Monza e Brianza", "MB"),
        ("Monza e della Brianza", "MB"),
        ("Forlì-Cesena", "FC"),
        ("forli cesena", "FC"),
        ("L'Aquila", "AQ"),
        ("Reggio nell'Emilia", "RE"),
        ("Reggio Calabria", "RC"),
        ("Barletta-Andria-Trani", "BT"),
        ("Sud Sardegna", "SU"),
        ("", ""),
    ],
)
def test_a_province_is_its_official_code_or_name(typed: str, code: str) -> None:
    assert check_province(typed) == code


@pytest.mark.parametrize("typed", ["BE", "Be", "XX", "Bergamasca", "Lombardia", "C", "COMO1"])
def test_anything_else_is_no_province(typed: str) -> None:
    with pytest.raises(InvalidValue, match="is not an Italian province"):
        check_province(typed)


def test_the_list_has_every_province_and_metropolitan_city() -> None:
    from helpdesk.domain.provinces import PROVINCES

    assert len(PROVINCES) == 111  # 107 today, and the four Sardinian ones of 2023
    assert {"MI", "MB", "BG", "CO", "LC", "SU", "BT", "FM", "VB", "RM", "NA"} <= set(PROVINCES)
    assert all(len(code) == 2 and code.isupper() for code in PROVINCES)
