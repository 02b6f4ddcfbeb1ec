"""Checking a desk's file and taking a good copy of it back: ``helpdesk check`` and ``restore``.

The store refuses a database whose checksums do not hold; these are the way out. A check reads
the database whole and says what is wrong, and which copies (the previous version, the backups)
are sound; a restore takes one of those back, keeping the file it replaces aside.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from helpdesk.store import backups


@dataclass(frozen=True, slots=True)
class FileState:
    """One file as a check found it.

    Attributes:
        name: The file's name (a copy's, within its folder) or the database's path as given.
        sound: Whether it can be read as it is.
        problem: Why not (empty when sound).
        tickets: How many tickets it holds, when sound.
        checksums: Whether its checksums were verified (False for a file laid out by hand).
        written: When it was last written (UTC), if known.
    """

    name: str
    sound: bool
    problem: str
    tickets: int
    checksums: bool
    written: datetime | None


@dataclass(frozen=True, slots=True)
class DeskCheck:
    """A database checked, with the copies that could be taken back, newest first."""

    database: FileState
    copies: list[FileState]


def _state(verdict: backups.Verdict, name: str | None = None) -> FileState:
    try:
        written = datetime.fromtimestamp(verdict.path.stat().st_mtime, UTC)
    except OSError:
        written = None
    return FileState(
        name or verdict.path.name,
        verdict.sound,
        verdict.problem,
        verdict.tickets,
        verdict.checksums,
        written,
    )


def check_desk(path: Path) -> DeskCheck:
    """Read the database at ``path`` whole, every checksum and record, and its copies.

    Raises:
        DatabaseMissing: when there is no database at ``path``.
    """
    database, copies = backups.check_desk(path)
    return DeskCheck(_state(database, str(path)), [_state(copy) for copy in copies])


def copies_of(path: Path) -> list[FileState]:
    """The copies of the database at ``path`` that could be taken back, each checked, newest
    first; also when the database itself is gone."""
    resolved = Path(os.path.realpath(path))
    return [_state(backups.check_file(copy)) for copy in backups.copies_of(resolved)]


def restore_desk(path: Path, which: str, *, force: bool = False) -> tuple[str, str | None]:
    """Take back the copy named ``which`` (``previous`` or a backup's name) as the database.

    The copy is checked first, and what is written after; the file replaced is kept aside.

    Returns:
        The copy's name, and the name the replaced file is kept under (None if there was none).

    Raises:
        NotFound: when no copy answers to ``which``.
        StoreError: when the copy is not sound, or the database is sound and ``force`` is not
            given.
    """
    copy, aside = backups.restore(path, which, force=force)
    return copy.name, aside.name if aside is not None else None
