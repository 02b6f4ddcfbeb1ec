"""Files a command reads, and how an all-or-nothing import of records reports its bad rows."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from helpdesk.errors import HelpdeskError, InvalidValue, NotFound


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing or unreadable file is one clear error."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"There is no file {path}.") from None
    except OSError as error:
        raise HelpdeskError(f"Cannot read {path}: {error.strerror or error}.") from None


def read_input(file: str) -> bytes:
    """The bytes of ``file``, or of standard input for ``-``."""
    if file == "-":
        return sys.stdin.buffer.read()
    return read_bytes(Path(file))


def refuse_bad_rows(problems: Sequence[object], rows: int, *, done: str = "imported") -> None:
    """Print every problem on standard error and refuse the import, which wrote nothing.

    Raises:
        InvalidValue: when there is any problem, saying how many rows have one.
    """
    if not problems:
        return
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    raise InvalidValue(f"nothing was {done}: {rows} row{'s' if rows != 1 else ''} with problems.")
