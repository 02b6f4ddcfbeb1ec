"""Checks on fields people type: numbers, emails, VAT numbers, province codes."""

from __future__ import annotations

import re

from helpdesk.errors import InvalidValue

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[A-Za-z]{2,}$")
_PROVINCE = re.compile(r"^[A-Z]{2}$")


def check_number(value: int | str, refusal: str) -> int:
    """A positive number from ``3``, ``"3"`` or ``"#3"``.

    Raises:
        InvalidValue: with ``refusal`` for anything else.
    """
    if isinstance(value, int):
        number = value
    else:
        text = value.strip().lstrip("#")
        if not (text.isascii() and text.isdigit()):
            raise InvalidValue(refusal)
        number = int(text)
    if number <= 0:
        raise InvalidValue(refusal)
    return number


def check_email(email: str) -> str:
    """Return ``email`` stripped, or raise when it cannot be an address."""
    email = email.strip()
    if email and not _EMAIL.match(email):
        raise InvalidValue(f"{email!r} is not an email address.")
    return email


def check_vat(vat: str) -> str:
    """Return an Italian VAT number (partita IVA) in its 11-digit form, or raise.

    Spaces, dots and an ``IT`` prefix are accepted; the check digit is verified.
    """
    from stdnum.exceptions import ValidationError
    from stdnum.it import iva

    raw = vat.strip()
    number = raw[2:] if raw[:2].upper() == "IT" else raw
    number = number.replace(".", "").replace(" ", "")
    try:
        return str(iva.validate(number))
    except ValidationError as error:
        reason = {
            "InvalidChecksum": "its check digit is wrong",
            "InvalidLength": "it must have 11 digits",
            "InvalidFormat": "it must be digits only",
            "InvalidComponent": "its office code does not exist",
        }.get(type(error).__name__, str(error).rstrip("."))
        raise InvalidValue(f"VAT number {raw!r} is not valid: {reason}.") from None


def check_province(code: str) -> str:
    """Return a province code upper-cased (``co`` → ``CO``), or raise if it is not two letters."""
    code = code.strip().upper()
    if code and not _PROVINCE.match(code):
        raise InvalidValue(f"Province {code!r} should be a two-letter code such as CO, LC or MI.")
    return code
