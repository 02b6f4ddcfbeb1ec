"""CSV cells a spreadsheet cannot take for formulas, and read back as they were written.

A spreadsheet opening a CSV file runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``), and a leading tab or carriage return can
hide such a start. As OWASP's "CSV Injection" page recommends, every CSV file helpdesk writes
puts a single quote before such a cell: the spreadsheet shows the text, not its result.

The rule, so that an export imported back gives exactly the text it was made from:

- written: a cell that begins with any number of single quotes followed by one of those
  characters gets one more single quote in front (``=1+2`` → ``'=1+2``, ``'=1+2`` → ``''=1+2``);
  every other cell is written as it is (``'ciao`` stays ``'ciao``);
- read: a cell that begins with one or more single quotes followed by one of those characters
  loses its first quote; every other cell is read as it is.

Text a spreadsheet saved the same way (a quote typed to keep ``+39 02…`` from being a number)
therefore reads as the spreadsheet shows it.
"""

from __future__ import annotations

import re

#: The characters that make a spreadsheet read a cell as a formula, or hide one.
FORMULA_STARTS = "=+-@\t\r"

_WRITTEN_ESCAPED = re.compile("'*[=+\\-@\t\r]")
_READ_ESCAPED = re.compile("'+[=+\\-@\t\r]")


def escape_formula(cell: str) -> str:
    """The cell as written to CSV: a quote in front when a spreadsheet would take it for a
    formula (see the module doc)."""
    if cell and cell[0] in "'=+-@\t\r" and _WRITTEN_ESCAPED.match(cell):
        return "'" + cell
    return cell


def unescape_formula(cell: str) -> str:
    """The cell as it was before :func:`escape_formula`: one leading quote less when one was
    added (see the module doc)."""
    if cell[:1] == "'" and _READ_ESCAPED.match(cell):
        return cell[1:]
    return cell
