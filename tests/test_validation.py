"""Tests of the checks on typed fields: VAT numbers against python-stdnum, whose rules they keep."""

from __future__ import annotations

import random

import pytest
from stdnum.exceptions import ValidationError
from stdnum.it import iva

from helpdesk.errors import InvalidValue
from helpdesk.services.validation import check_vat


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
