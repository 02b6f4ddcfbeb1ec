"""Checks on fields people type: numbers, emails, VAT numbers, province codes."""

from __future__ import annotations

import re

from helpdesk.domain.text import fold
from helpdesk.errors import InvalidValue
from helpdesk.i18n import _

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[A-Za-z]{2,}$")


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
        raise InvalidValue(_("{email!r} is not an email address.").format(email=email))
    return email


def check_vat(vat: str) -> str:
    """Return an Italian VAT number (partita IVA) in its 11-digit form, or raise.

    Spaces, dots and an ``IT`` prefix are accepted; the check digit is verified.
    """
    raw = vat.strip()
    number = raw[2:] if raw[:2].upper() == "IT" else raw
    number = number.replace(".", "").replace(" ", "")
    if _plainly_valid(number):
        return number
    from stdnum.exceptions import ValidationError
    from stdnum.it import iva

    try:
        return str(iva.validate(number))
    except ValidationError as error:
        reason = {
            "InvalidChecksum": _("its check digit is wrong"),
            "InvalidLength": _("it must have 11 digits"),
            "InvalidFormat": _("it must be digits only"),
            "InvalidComponent": _("its office code does not exist"),
        }.get(type(error).__name__, str(error).rstrip("."))
        raise InvalidValue(
            _("VAT number {vat!r} is not valid: {reason}.").format(vat=raw, reason=reason)
        ) from None


#: Each digit doubled, its digits summed: the Luhn check's doubling.
_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def _plainly_valid(number: str) -> bool:
    """Whether ``number`` is 11 digits that python-stdnum's ``iva.validate`` accepts as they
    are, by its own rules (a taxpayer number other than zero, a known office code, the Luhn
    check digit), without its general machinery: an import checks thousands. False sends the
    number to python-stdnum, which says why it is refused or accepts it in another form."""
    if len(number) != 11 or not (number.isascii() and number.isdigit()):
        return False
    office = number[7:10]
    if number[:7] == "0000000" or not ("001" <= office <= "100" or office in _OFFICES):
        return False
    digits = [ord(c) - 48 for c in number]
    total = sum(digits[0::2]) + sum(_DOUBLED[d] for d in digits[1::2])
    return total % 10 == 0


_OFFICES = ("120", "121", "888", "999")


def check_province(text: str) -> str:
    """The official code of the province ``text`` names: a code in any case (``co`` → ``CO``)
    or a name (``Bergamo`` → ``BG``, ``Monza e Brianza`` → ``MB``; accents and case ignored).
    An empty text stays empty.

    Raises:
        InvalidValue: for anything that is no Italian province or metropolitan city, with the
            provinces whose names start the same way when there are some.
    """
    from helpdesk.domain.provinces import PROVINCES, province_code

    if not text.strip():
        return ""
    code = province_code(text)
    if code is not None:
        return code
    shown = " ".join(text.split())
    start = fold(shown)[:3]
    close = [f"{c} ({n})" for c, n in PROVINCES.items() if fold(n).startswith(start)][:5]
    hint = (
        _(" Did you mean {names}?").format(names=", ".join(close))
        if close and len(start) >= 2
        else ""
    )
    raise InvalidValue(
        _(
            "{text!r} is not an Italian province: give its two-letter code (CO, MI, "
            "MB…) or its name (Como, Milano, Monza e Brianza).{hint}"
        ).format(text=shown, hint=hint)
    )
