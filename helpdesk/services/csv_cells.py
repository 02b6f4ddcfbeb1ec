"""Writing CSV rows that a spreadsheet cannot run and that read back as they were written.

Every CSV helpdesk writes goes through :class:`CsvWriter`: text cells are quoted against
formulas as :mod:`helpdesk.domain.csv_cells` says, and a row holding a carriage return is
written with every cell in quotes. Python's writer quotes a cell for a line feed, but not for a
lone carriage return when rows end with a line feed; such a cell would end the row for any
reader that takes a carriage return for a line break (the import does, as spreadsheets do).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from helpdesk.domain.csv_cells import escape_formula

#: First characters of a cell that may need a quote in front (see escape_formula).
_MAY_NEED_QUOTE = frozenset("'=+-@\t\r")


class CsvWriter:
    """A :func:`csv.writer` over ``out`` (same keyword arguments) for rows of any values."""

    def __init__(self, out: Any, **dialect: Any) -> None:
        self._minimal = csv.writer(out, **dialect)
        self._quoted = csv.writer(out, **{**dialect, "quoting": csv.QUOTE_ALL})

    def writerow(self, cells: Iterable[Any]) -> None:
        """Write one row; text cells are quoted against formulas."""
        row = [
            escape_formula(cell) if isinstance(cell, str) and cell[:1] in _MAY_NEED_QUOTE else cell
            for cell in cells
        ]
        if any(isinstance(cell, str) and "\r" in cell for cell in row):
            self._quoted.writerow(row)
        else:
            self._minimal.writerow(row)
