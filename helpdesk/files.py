"""Writing a file whole or not at all: the one implementation the store and the exports share."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from helpdesk.errors import HelpdeskError, InvalidValue
from helpdesk.i18n import _


def temporary_name(path: Path) -> Path:
    """Where the next atomic write of ``path`` puts its data first (``.NAME.PID.HEX.tmp``).

    The store sweeps leftovers of this pattern, left by a process killed mid-write.
    """
    return path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")


def temporaries_of(path: Path) -> list[Path]:
    """The files beside ``path`` named as :func:`temporary_name` names them for ``path``
    itself: never those of another file whose name starts the same (``NAME.2025``,
    ``NAME.jsonl``)."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9]+\.[0-9a-f]{{8}}\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    return [path.with_name(name) for name in names if pattern.fullmatch(name)]


def lock_name(path: Path) -> Path:
    """The lock file the store holds while it writes the database at ``path``."""
    return path.with_name(f".{path.name}.lock")


def backups_folder(path: Path) -> Path:
    """The folder where the database at ``path`` keeps its backups."""
    return path.with_name(f".{path.name}.backups")


def set_aside_prefix(path: Path) -> str:
    """How the names of the files a restore keeps aside (``NAME.set-aside-STAMP``) begin."""
    return f"{path.name}.set-aside-"


#: The databases this process has opened (their real paths): no output may be written over
#: them or the files that keep them safe.
_DATABASES: set[Path] = set()


def protect_database(path: Path) -> None:
    """Remember ``path`` (resolved) as a database, for :func:`refuse_database_files`."""
    _DATABASES.add(Path(os.path.realpath(path)))


def refuse_database_files(output: str | os.PathLike[str]) -> None:
    """Refuse ``output`` when writing it would replace a database this process opened, its
    previous version, its lock, a backup or a file a restore kept aside.

    The same file is recognised by device and inode, so through symbolic and hard links; a
    path that does not exist yet is compared by where it resolves to.

    Raises:
        InvalidValue: naming the output and the database file it is.
    """
    resolved = Path(os.path.realpath(output))
    try:
        st = os.stat(output)
        same = (st.st_dev, st.st_ino)
    except OSError:
        same = None
    for database in _DATABASES:
        kept = [
            (database, "the database"),
            (previous_name(database), "the database's previous version"),
            (lock_name(database), "the database's lock"),
        ]
        what = None
        for path, name in kept:
            if resolved == path:
                what = name
            elif same is not None:
                with contextlib.suppress(OSError):
                    other = os.stat(path)
                    if (other.st_dev, other.st_ino) == same:
                        what = name
        folder = backups_folder(database)
        if resolved.parent == folder or _inside(resolved, folder, same):
            what = "a backup of the database"
        elif resolved.parent == database.parent and resolved.name.startswith(
            set_aside_prefix(database)
        ):
            what = "a copy of the database kept aside"
        if what is not None:
            raise InvalidValue(
                f"{output} is {what} ({database}); writing it would replace the desk's data. "
                "Choose another file; nothing was written."
            )


def _inside(resolved: Path, folder: Path, same: tuple[int, int] | None) -> bool:
    # Whether the file is one of the backups, by its inode (a hard link made elsewhere).
    if same is None:
        return False
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    for name in names:
        with contextlib.suppress(OSError):
            st = os.stat(folder / name)
            if (st.st_dev, st.st_ino) == same:
                return True
    return False


def previous_name(path: Path) -> Path:
    """Where a file written with ``keep_previous`` keeps its version before the last write
    (``.NAME.previous``), whose place the next write takes."""
    return path.with_name(f".{path.name}.previous")


def write_atomically(
    path: str | os.PathLike[str],
    data: bytes | Iterable[bytes | memoryview],
    *,
    new_mode: int = 0o600,
    error: type[HelpdeskError] = HelpdeskError,
    keep_previous: bool = False,
    guard: bool = True,
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
        keep_previous: Keep the version replaced beside the file (:func:`previous_name`), as a
            second name of it: the file itself, untouched, never a copy.
        guard: Refuse a path that is a database's own file (see
            :func:`refuse_database_files`); only the store, writing those, passes False.
    """
    if guard:
        refuse_database_files(path)
    target = Path(path)
    temporary = temporary_name(target)
    try:
        current = os.stat(target)
    except FileNotFoundError:
        current = None
    except OSError as failure:
        raise error(_cannot_write(path, failure)) from None
    mode = new_mode if current is None else current.st_mode & 0o777
    keeper = temporary_name(target) if keep_previous and current is not None else None
    kept = False
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.fchmod(fd, mode)
            _write_chunks(fd, [data] if isinstance(data, bytes) else data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if keeper is not None:
            kept = _linked(target, keeper)
        os.replace(temporary, target)
    except OSError as failure:
        for leftover in [temporary, keeper] if kept and keeper else [temporary]:
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise error(_cannot_write(path, failure)) from None
    if kept:
        assert keeper is not None
        try:
            os.replace(keeper, previous_name(target))
        except OSError:
            with contextlib.suppress(OSError):
                keeper.unlink()
    _fsync_folder(target.parent)


def _linked(target: Path, name: Path) -> bool:
    # A second name for the current version, which becomes the previous one when the new one
    # takes its place; False where the file system has no hard links (nothing is kept then).
    try:
        os.link(target, name)
    except OSError:
        return False
    return True


def read_whole(path: Path) -> tuple[BinaryIO, os.stat_result, bytes]:
    """The file at ``path`` opened, its stamp and its bytes.

    A database is only ever replaced by a rename, never written over, so what an open file
    reads is one whole version. The handle is the caller's to close.

    Raises:
        OSError: when the file cannot be opened or read.
    """
    handle = open(path, "rb")  # noqa: SIM115 - returned open, see above
    try:
        st = os.fstat(handle.fileno())
        raw = handle.read()
    except BaseException:
        handle.close()
        raise
    return handle, st, raw


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


#: Buffers handed to one ``writev``: the system's limit, else the least POSIX allows.
_IOV_MAX = max(16, os.sysconf("SC_IOV_MAX")) if hasattr(os, "sysconf") else 16


def _write_chunks(fd: int, chunks: Iterable[bytes | memoryview]) -> int:
    # The chunks written one after the other. A list (a database's pieces, all in memory
    # already) goes as it is, many pieces to a writev where the system has one, so that a
    # table's ten thousand new lines are never copied into one piece; anything else (an export
    # made as it is written) is gathered into pieces of about a megabyte as it comes.
    if not isinstance(chunks, list) or not hasattr(os, "writev"):
        return sum(_write_all(fd, piece) for piece in gathered(chunks))
    step = _IOV_MAX
    return sum(_writev_all(fd, chunks[at : at + step]) for at in range(0, len(chunks), step))


def _writev_all(fd: int, buffers: list[bytes | memoryview]) -> int:
    total = sum(map(len, buffers))
    done = os.writev(fd, buffers)
    if done < total:  # a short write, as of a call past the 2 GiB one call may write: the rest
        for buffer in buffers:
            if done >= len(buffer):
                done -= len(buffer)
                continue
            _write_all(fd, memoryview(buffer)[done:])
            done = 0
    return total


def _write_all(fd: int, data: bytes | bytearray | memoryview) -> int:
    view = memoryview(data)
    size = len(view)
    while view:
        view = view[os.write(fd, view) :]
    return size


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _cannot_write(path: object, failure: OSError) -> str:
    """The one line that says ``path`` could not be written, and why."""
    return _("Cannot write {path}: {reason}.").format(path=path, reason=failure.strerror or failure)
