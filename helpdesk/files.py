"""Writing a file whole or not at all: the one implementation the store and the exports share."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from helpdesk.errors import HelpdeskError


def temporary_name(path: Path) -> Path:
    """Where the next atomic write of ``path`` puts its data first (``.NAME.PID.HEX.tmp``).

    The store sweeps leftovers of this pattern, left by a process killed mid-write.
    """
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def write_atomically(
    path: str | os.PathLike[str],
    data: bytes | Iterable[bytes | memoryview],
    *,
    new_mode: int = 0o600,
    error: type[HelpdeskError] = HelpdeskError,
) -> None:
    """Replace ``path`` with ``data``, so that a crash leaves the old file or the new one.

    The data goes to a temporary file in the same folder, is fsynced, renamed over the target,
    and the folder is fsynced so the rename itself survives a power cut.

    Args:
        path: The file to write.
        data: Its new contents, whole or as chunks written one after the other (a large
            database is written from pieces of the file it was read from, never joined).
        new_mode: Permissions of a file that did not exist; an existing file keeps its own.
        error: The error raised, naming the file, when it cannot be written.
    """
    target = Path(path)
    temporary = temporary_name(target)
    try:
        mode = os.stat(target).st_mode & 0o777
    except FileNotFoundError:
        mode = new_mode
    except OSError as failure:
        raise error(f"Cannot write {path}: {failure.strerror or failure}.") from None
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(fd, mode)
            for piece in gathered([data] if isinstance(data, bytes) else data):
                _write_all(fd, piece)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except OSError as failure:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise error(f"Cannot write {path}: {failure.strerror or failure}.") from None
    _fsync_folder(target.parent)


#: Chunks smaller than this are gathered into writes of about this size.
_GATHER = 1 << 20


def gathered(
    chunks: Iterable[bytes | memoryview], size: int = _GATHER
) -> Iterator[bytes | bytearray | memoryview]:
    """``chunks`` in the same order, small ones joined into pieces of about ``size`` bytes, so
    that writing a hundred thousand short chunks takes a few hundred writes, not as many."""
    pending = bytearray()
    for chunk in chunks:
        if len(chunk) < size:
            pending += chunk
            if len(pending) >= size:
                yield pending
                pending = bytearray()
            continue
        if pending:
            yield pending
            pending = bytearray()
        yield chunk
    if pending:
        yield pending


def _write_all(fd: int, data: bytes | bytearray | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
