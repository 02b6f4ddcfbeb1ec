"""Files a command reads, and how an all-or-nothing import of records reports its bad rows."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from helpdesk.errors import HelpdeskError, InvalidValue, NotFound
from helpdesk.i18n import _, ngettext


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or unreadable file is one clear error."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound(_("There is no file {path}.").format(path=path)) from None
    except OSError as error:
        raise HelpdeskError(
            _("Cannot read {path}: {reason}.").format(path=path, reason=error.strerror or error)
        ) from None


def read_input(file: str) -> bytes:
    """The bytes of ``file``, or of standard input for ``-``."""
    if file == "-":
        return sys.stdin.buffer.read()
    return read_bytes(Path(file))


def refuse_bad_rows(problems: Sequence[object], rows: int, *, recorded: bool = False) -> None:
    """Print every problem on standard error and refuse the import, which wrote nothing.

    ``recorded`` says the rows were answers to record (satisfaction scores), not records to
    import.

    Raises:
        InvalidValue: when there is any problem, saying how many rows have one.
    """
    if not problems:
        return
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    if recorded:
        message = ngettext(
            "nothing was recorded: {count} row with problems.",
            "nothing was recorded: {count} rows with problems.",
            rows,
        )
    else:
        message = ngettext(
            "nothing was imported: {count} row with problems.",
            "nothing was imported: {count} rows with problems.",
            rows,
        )
    raise InvalidValue(message.format(count=rows))
