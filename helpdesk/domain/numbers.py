"""Numbers, shares and euros written for people, in the current language.

Italian writes ``1.234,5`` and ``1.234,50 €``; English ``1,234.5`` and ``€1,234.50``. The
Italian forms (and any language but English) come from Babel's locale data, loaded on first
use; English, the language of the code, is written with Python's own grouping, which is the
same, so that a command printing numbers in English does not load Babel (a test checks they
agree). Whole euros are written without cents.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from helpdesk.i18n import language as current_language


def format_number(value: float | Decimal, decimals: int = 0, language: str | None = None) -> str:
    """``value`` grouped by thousands with ``decimals`` digits after the point: ``1,234.5``
    (``1.234,5`` in Italian).

    Args:
        value: The number.
        decimals: Digits after the decimal mark (trailing zeros kept).
        language: The language to write it in; the current one by default.
    """
    code = language or current_language()
    if code == "en":
        return f"{value:,.{decimals}f}"
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=code)


def format_count(value: int | None, language: str | None = None) -> str:
    """A whole number grouped by thousands (``12,345``, ``12.345``); ``—`` for None."""
    return "—" if value is None else format_number(value, 0, language)


def format_percent(share: float | None, language: str | None = None) -> str:
    """``0.456`` → ``46%`` (the same in Italian); ``—`` for None."""
    if share is None:
        return "—"
    return _percent_pattern(language or current_language()).format(
        format_number(share * 100, 0, language)
    )


def format_euros(cents: int | None, language: str | None = None) -> str:
    """An amount in cents as euros: ``€12,000.50`` or ``€12,000`` for whole euros
    (``12.000,50 €``, ``12.000 €`` in Italian); empty for None."""
    if cents is None:
        return ""
    code = language or current_language()
    whole = cents % 100 == 0
    if code == "en":
        sign = "-" if cents < 0 else ""
        amount = abs(cents) / 100
        return f"{sign}€{amount:,.0f}" if whole else f"{sign}€{amount:,.2f}"
    from babel.numbers import format_currency

    pattern = _currency_pattern(code)
    if whole:
        pattern = pattern.replace(".00", "")
    text = format_currency(
        Decimal(cents) / 100, "EUR", format=pattern, currency_digits=False, locale=code
    )
    return text.replace("\xa0", " ")


@cache
def _currency_pattern(language: str) -> str:
    from babel import Locale

    pattern = Locale.parse(language).currency_formats["standard"].pattern
    return str(pattern).split(";")[0]


@cache
def _percent_pattern(language: str) -> str:
    """``{}%`` or ``{} %``: where the language puts the percent sign."""
    if language == "en":
        return "{}%"
    from babel.numbers import format_percent

    return format_percent(0.5, locale=language).replace("\xa0", " ").replace("50", "{}", 1)
