"""What the imports of the desk's own records (grant calls, partners) share: their headers mapped
by name in either language, the columns they require, and the problems of a row.

Tickets have their own, richer import (:mod:`helpdesk.services.importing.service`); these read
the same files (:func:`~helpdesk.services.importing.sources.read_source`) and keep its
all-or-nothing rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from helpdesk.domain.text import folded_words
from helpdesk.errors import InvalidValue
from helpdesk.i18n import _


@dataclass(slots=True)
class RowProblem:
    """Why one row of an import cannot be accepted.

    Attributes:
        row: The row as a spreadsheet numbers it (the header is row 1).
        field: The field at fault, or empty for the row as a whole.
        reason: What is wrong, for the user.
    """

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        if self.field:
            return _("row {row}, {field}: {reason}").format(
                row=self.row, field=self.field, reason=self.reason
            )
        return _("row {row}: {reason}").format(row=self.row, reason=self.reason)


def header_key(text: str) -> str:
    """A header as it is compared: case, accents, punctuation and spacing ignored."""
    return folded_words(str(text))


def map_headers(headers: Iterable[str], synonyms: Mapping[str, tuple[str, ...]]) -> dict[str, int]:
    """Which column holds each field: a header matches a field's name or one of its synonyms.

    The first column to match a field takes it; later ones are left out.
    """
    keys = {
        name: {header_key(name), *map(header_key, aliases)} for name, aliases in synonyms.items()
    }
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = header_key(header)
        for name, accepted in keys.items():
            if name not in columns and key in accepted:
                columns[name] = index
                break
    return columns


def require_columns(
    source_name: str,
    columns: Mapping[str, int],
    synonyms: Mapping[str, tuple[str, ...]],
    required: Iterable[str],
) -> None:
    """Refuse a file that has no column for a required field, naming the headers it may use.

    Raises:
        InvalidValue: naming every missing field with two of its accepted headers.
    """
    missing = [name for name in required if name not in columns]
    if missing:
        known = ", ".join(f"{name} ({'/'.join(synonyms[name][:2])})" for name in missing)
        raise InvalidValue(
            _("{file} has no column for: {fields}.").format(file=source_name, fields=known)
        )
