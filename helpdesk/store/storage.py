"""The storages under TinyDB: a JSON file that never loses a ticket, and memory for tests.

TinyDB's storage seam is three methods (``read``, ``write``, ``close``); ours adds
``transaction()``, which every read-modify-write runs inside: under the writers' lock, the file
read again if it changed on disk, and written once, atomically, when the transaction ends (an
exception inside writes nothing). A file that is damaged, not ours, newer than this code, not a
regular file, or read-only (for writes) is refused with one clear message and never written.
Backups are :mod:`helpdesk.store.backups`' business, the layout :mod:`helpdesk.store.layout`'s;
the format and what reader and writer guarantee are in ``docs/file-format.md``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import threading
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from helpdesk.errors import StoreError
from helpdesk.files import (
    lock_name,
    protect_database,
    read_whole,
    temporaries_of,
    write_atomically,
)
from helpdesk.i18n import _
from helpdesk.store import backups, layout
from helpdesk.store.backups import KEEP_BACKUPS as KEEP_BACKUPS
from helpdesk.store.layout import META_TABLE, Data
from helpdesk.store.lock import LockTimeout, WritersLock
from helpdesk.store.records import drop_derived_tables, split_ticket_logs

FORMAT = "helpdesk"
SCHEMA_VERSION = 3

#: Migration steps: ``MIGRATIONS[n]`` turns schema ``n`` data into schema ``n + 1`` in place. A
#: step changes a record by assigning it (``table[id] = record``): the tables of a laid-out file
#: parse each record afresh when read, so a record changed where it lies is not kept.
MIGRATIONS: dict[int, Callable[[Data], None]] = {1: split_ticket_logs, 2: drop_derived_tables}

#: Seconds to wait for another process's write before giving up.
LOCK_TIMEOUT = 15.0

#: Database files already read and checked, by absolute path: their stamp (modification time,
#: size, inode), the open file (which keeps the inode from being reused), and the data. Filled
#: by :func:`read_ahead` in the command server, whose workers inherit it; a storage takes an entry
#: instead of reading the file only while the file on disk has exactly that stamp, the rule by
#: which any storage decides that a file it read is still the file.
_READ_AHEAD: dict[str, tuple[tuple[int, int, int], BinaryIO, Data]] = {}


#: The stamps of files :func:`read_ahead` read and did not keep, so that it reads them again
#: only once they change.
_NOT_KEPT: dict[str, tuple[int, int, int]] = {}


def read_ahead(path: str | os.PathLike[str]) -> None:
    """Read and check the database at ``path`` now, for a process forked later to use.

    Only a file laid out by helpdesk at the current schema is kept (its records stay unparsed
    bytes); anything else, a missing file included, is left for the reader to deal with as
    usual. A file already kept with the same stamp is not read again.
    """
    key = os.path.realpath(path)  # as a storage names it: a link is its target
    try:
        st = os.stat(key)
    except OSError:
        _READ_AHEAD.pop(key, None)
        return
    if not stat.S_ISREG(st.st_mode):
        return  # the reader refuses it
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    if (key in _READ_AHEAD and _READ_AHEAD[key][0] == stamp) or _NOT_KEPT.get(key) == stamp:
        return  # kept already, or refused as it is: not read again until it changes
    # Only the last database read is kept: a server for several desks holds one at a time.
    for other in list(_READ_AHEAD):
        _READ_AHEAD.pop(other)[1].close()
    _NOT_KEPT.clear()
    try:
        read = read_whole(Path(key))
    except OSError:
        return
    handle, st, raw = read
    try:
        data = layout.load_laid_out(raw)
        if data is not None and schema_of(data, key) == SCHEMA_VERSION:
            _READ_AHEAD[key] = ((st.st_mtime_ns, st.st_size, st.st_ino), handle, data)
            return
    except (OSError, ValueError, StoreError):
        pass  # the reader will say what is wrong with it
    handle.close()
    _NOT_KEPT[key] = stamp


def forget_changed_read_ahead() -> None:
    """Close and drop what :func:`read_ahead` kept of a file no longer on disk as it was read."""
    for key, (stamp, handle, _data) in list(_READ_AHEAD.items()):
        try:
            st = os.stat(key)
            unchanged = (st.st_mtime_ns, st.st_size, st.st_ino) == stamp
        except OSError:
            unchanged = False
        if not unchanged:
            del _READ_AHEAD[key]
            handle.close()


def _take_read_ahead(path: Path, stamp: tuple[int, int, int]) -> tuple[BinaryIO, Data] | None:
    # The data read ahead of this file if it is still the file; taken once, by one storage.
    entry = _READ_AHEAD.pop(os.path.realpath(path), None)
    if entry is None:
        return None
    if entry[0] != stamp:
        entry[1].close()
        return None
    return entry[1], entry[2]


def new_data() -> Data:
    """The contents of an empty database of the current schema."""
    return {META_TABLE: {"1": {"format": FORMAT, "schema": SCHEMA_VERSION}}}


def schema_of(data: object, name: str) -> int:
    """The schema version of parsed file contents, or a StoreError saying why they are not ours."""
    meta = data.get(META_TABLE) if isinstance(data, dict) else None
    record = meta.get("1") if isinstance(meta, dict) else None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise StoreError(
            _("{name} is not a helpdesk database; it was left untouched.").format(name=name)
        )
    schema = record.get("schema")
    if (
        not isinstance(schema, int)
        or isinstance(schema, bool)
        or schema < 1
        or any(v not in MIGRATIONS for v in range(schema, SCHEMA_VERSION))
    ):
        raise StoreError(
            _("{name} has no valid schema version; it was left untouched.").format(name=name)
        )
    if schema > SCHEMA_VERSION:
        raise StoreError(
            _(
                "{name} was written by a newer helpdesk (schema {schema}; this one reads "
                "up to {newest}); upgrade helpdesk to open it. The file was left "
                "untouched."
            ).format(name=name, schema=schema, newest=SCHEMA_VERSION)
        )
    return schema


def migrate(data: Data, schema: int) -> None:
    """Bring ``data`` from ``schema`` up to :data:`SCHEMA_VERSION`, step by step, in place."""
    for version in range(schema, SCHEMA_VERSION):
        MIGRATIONS[version](data)
    data[META_TABLE]["1"]["schema"] = SCHEMA_VERSION


class DeskStorage:
    """A storage for TinyDB (``read``, ``write``, ``close``), and what the store needs beyond.

    Not derived from TinyDB's ``Storage``: its tables are mappings rather than dicts (a file's
    tables parse their records on demand, see :mod:`helpdesk.store.layout`), and TinyDB only
    ever uses them as mappings.
    """

    #: Increases each time the data is replaced by a fresh read, so caches know to drop.
    generation: int = 0

    def read(self) -> Data:
        """The data; ours are never empty (a new database holds its format stamp)."""
        raise NotImplementedError

    def write(self, data: Data) -> None:
        """Accept new data; only legal inside a transaction."""
        raise NotImplementedError

    def close(self) -> None:
        """Release what the storage holds."""

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Hold the data for a read-modify-write; writes inside are saved once, at the end."""
        raise NotImplementedError

    def backup(self, reason: str) -> Path | None:
        """Keep a copy of the data as it is now, before a risky change; returns where, if a file."""
        return None

    def describe(self) -> str:
        """A name for messages: the file's path, or ``memory``."""
        return "memory"

    def version(self) -> Hashable:
        """A token that changes whenever committed data changes, cheap enough to poll."""
        raise NotImplementedError


class MemoryStorage(DeskStorage):
    """Data held in memory: the same rules as the file, without the file."""

    def __init__(self, data: Data | None = None, *, initial: Callable[[], Data] = new_data) -> None:
        self._data: Data = data if data is not None else initial()
        schema_of(self._data, "memory")
        self._lock = threading.RLock()
        self._depth = 0
        self._saved: bytes = layout.dumps(self._data)
        self._commits = 0

    def read(self) -> Data:
        """The data (the live dictionary; TinyDB writes it back through :meth:`write`)."""
        return self._data

    def write(self, data: Data) -> None:
        """Accept new data; only legal inside a transaction."""
        if not self._depth:
            raise RuntimeError("write outside a transaction")
        self._data = data

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Serialise writers; on error, restore the data as it was before."""
        with self._lock:
            self._depth += 1
            try:
                yield
            except BaseException:
                if self._depth == 1:
                    self._data = layout.load(self._saved)
                    self.generation += 1
                raise
            finally:
                self._depth -= 1
            if not self._depth:
                self._saved = layout.dumps(self._data)
                self._commits += 1

    def version(self) -> Hashable:
        """How many transactions have committed or rolled back."""
        return (self.generation, self._commits)

    def close(self) -> None:
        """Nothing to release."""


class FileStorage(DeskStorage):
    """A JSON file written atomically under a cross-process lock.

    A symbolic link to the database is written through: the file it points to is the one
    replaced, and the link stays a link.

    Args:
        path: The database file.
        create: Create the file (readable by its owner only) when it does not exist; when
            False, a missing file is an error raised on first read.
        lock_timeout: Seconds to wait for another process's write.
        initial: Makes the contents of a new database.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        lock_timeout: float = LOCK_TIMEOUT,
        initial: Callable[[], Data] = new_data,
    ) -> None:
        self.path = Path(os.path.realpath(path))
        self.name = str(path)
        protect_database(self.path)
        self._lock_timeout = lock_timeout
        self._create = create
        self._initial = initial
        self._data: Data | None = None
        self._stamp: tuple[int, int, int] | None = None
        self._depth = 0
        self._dirty = False
        # The file we last read stays open: while we hold it its inode cannot be freed and
        # reused, so a replaced file of the same size and timestamp still shows up as changed
        # (a version written in its place later is stamped later than any it held).
        self._held: BinaryIO | None = None
        self._retired: list[BinaryIO] = []

    @functools.cached_property
    def _lock(self) -> WritersLock:
        return WritersLock(lock_name(self.path), timeout=self._lock_timeout)

    # -- TinyDB's interface -------------------------------------------------------------------

    def read(self) -> Data:
        """The data, re-read first when the file changed on disk since the last read."""
        if not self._depth:
            self._refresh()
        assert self._data is not None
        return self._data

    def write(self, data: Data) -> None:
        """Accept new data, saved when the transaction ends; only legal inside one."""
        if not self._depth:
            raise RuntimeError("write outside a transaction")
        self._data = data
        self._dirty = True

    def close(self) -> None:
        """Forget the cached data and release the file."""
        self._data = None
        self._stamp = None
        if self._held is not None:
            self._held.close()
            self._held = None
        for handle in self._retired:
            handle.close()
        self._retired.clear()

    # -- transactions -------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Lock the file, bring the data up to date, and save it once at the end if changed."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        with self._locked():
            try:
                self._depth = 1
                self._sweep_temporaries()
                self._refresh(for_write=True)
                try:
                    yield
                    if self._dirty:
                        assert self._data is not None
                        self._save(self._data)
                except BaseException:
                    # The in-memory data may be half changed, or be changes the file could
                    # not take (a full disk): drop it, so that the next read is the file's.
                    self._data = None
                    self._stamp = None
                    self._dirty = False
                    raise
            finally:
                self._depth = 0
                self._dirty = False

    def hold_lock(self) -> contextlib.AbstractContextManager[None]:
        """The writers' lock, for a change made to the file whole (a restore)."""
        return self._locked()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # The writers' lock, held for the block; a lock not had is said in one message.
        folder = self.path.parent
        if not folder.is_dir():
            raise StoreError(
                _(
                    "The folder {folder} does not exist, so {name} cannot be written there. "
                    "Create it first (mkdir -m 700 {folder}) or choose another --db."
                ).format(folder=folder, name=self.name)
            )
        try:
            self._lock.acquire()
        except LockTimeout:
            raise StoreError(
                _(
                    "{name} is busy: another helpdesk process has held it for over "
                    "{seconds:g} seconds. Try again."
                ).format(name=self.name, seconds=self._lock.timeout)
            ) from None
        except OSError as error:
            raise StoreError(
                _("Cannot lock {name}: {error}.").format(
                    name=self.name, error=error.strerror or error
                )
            ) from None
        try:
            _owner_only(lock_name(self.path))  # a lock made by an earlier version may be 0644
            yield
        finally:
            self._lock.release()

    def backup(self, reason: str) -> Path | None:
        """Copy the file into the backups folder beside it, checked, keeping the last few.

        Returns:
            The copy's path, or None when there is no file yet.
        """
        self._refuse_read_only()  # a backup is taken before a write, which would be refused
        return backups.write_backup(self.path, reason)

    def describe(self) -> str:
        """The file's path as given."""
        return self.name

    def version(self) -> Hashable:
        """The file's stamp (modification time, size, inode): one ``stat``, never a read."""
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    # -- internals ----------------------------------------------------------------------------

    def _refresh(self, *, for_write: bool = False) -> None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            if not self._create:
                from helpdesk.errors import DatabaseMissing

                raise DatabaseMissing(
                    _(
                        "No database at {name}. Create one with `helpdesk init` (or `helpdesk "
                        "demo` for sample data), or point --db / HELPDESK_DB at one."
                    ).format(name=self.name)
                ) from None
            if self._data is None or self._stamp is not None:
                self._data = self._initial()
                self._stamp = None
                self.generation += 1
            if for_write:
                self._dirty = True  # the first transaction creates the file
            return
        except OSError as error:
            raise StoreError(
                _("Cannot read {name}: {error}.").format(
                    name=self.name, error=error.strerror or error
                )
            ) from None
        if not stat.S_ISREG(st.st_mode):
            raise StoreError(
                _(
                    "{name} is not a regular file (a folder, a pipe or a device); point --db "
                    "at a database file."
                ).format(name=self.name)
            )
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        if stamp == self._stamp and self._data is not None:
            return
        taken = _take_read_ahead(self.path, stamp) if _READ_AHEAD else None
        if taken is not None:
            self._hold(taken[0])
            self._data = taken[1]
            self._stamp = stamp
            self.generation += 1
            return
        self._load(for_write=for_write)

    def _load(self, *, for_write: bool) -> None:
        handle, st, raw = self._read_whole()
        if not raw.strip():
            handle.close()
            raise StoreError(
                _("{name} is empty, not a helpdesk database; it was left untouched.").format(
                    name=self.name
                )
            )
        try:
            data = parse(raw, self.name, self.path)
            schema = schema_of(data, self.name)
        except StoreError:
            handle.close()
            raise
        if schema < SCHEMA_VERSION:
            if not for_write:
                # Migrations are written back, so they run under the lock.
                handle.close()
                with self.transaction():
                    return
            self.backup(f"before-schema-{SCHEMA_VERSION}")
            migrate(data, schema)
            self._dirty = True
        self._hold(handle)
        self._data = data
        self._stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        self.generation += 1

    def _read_whole(self) -> tuple[BinaryIO, os.stat_result, bytes]:
        try:
            return read_whole(self.path)
        except OSError as error:
            raise StoreError(
                _("Cannot read {name}: {error}.").format(
                    name=self.name, error=error.strerror or error
                )
            ) from None

    def _save(self, data: Data) -> None:
        # Personal contact data: a new database is readable by its owner only. The version
        # replaced is kept beside it (see write_atomically).
        self._refuse_read_only()
        for old in self._retired:
            old.close()
        self._retired.clear()
        write_atomically(
            self.path,
            layout.dump(data),
            new_mode=0o600,
            error=StoreError,
            keep_previous=True,
            guard=False,
        )
        self._hold(open(self.path, "rb"))  # noqa: SIM115 - held open on purpose, see __init__
        assert self._held is not None
        st = os.fstat(self._held.fileno())
        self._stamp = (st.st_mtime_ns, st.st_size, st.st_ino)

    def _hold(self, handle: BinaryIO) -> None:
        for old in self._retired:
            old.close()
        self._retired.clear()
        if self._held is not None:
            # Closed at the next save or with the storage, not now: closing the last handle on
            # a replaced file frees its pages, which a command need not wait for.
            self._retired.append(self._held)
        self._held = handle

    def _refuse_read_only(self) -> None:
        # A database its owner made read-only (chmod 0444) is not written, as a read-only
        # folder is not; checked by its mode, which holds for every user, root included.
        try:
            mode = os.stat(self.path).st_mode
        except OSError:
            return
        if not mode & stat.S_IWUSR:
            raise StoreError(
                _(
                    "{name} is read-only (mode {mode:04o}); nothing was changed. Make it "
                    "writable (chmod u+w {name}) to change the desk."
                ).format(name=self.name, mode=stat.S_IMODE(mode))
            )

    def _sweep_temporaries(self) -> None:
        # Only a writer holding the lock makes temporaries, so any found now were left by a
        # process that died mid-write: this database's own, named for it and nothing else.
        for leftover in temporaries_of(self.path):
            with contextlib.suppress(OSError):
                leftover.unlink()
        backups.sweep_backup_temporaries(self.path)


def parse(raw: bytes, name: str, path: Path | None = None) -> Any:
    """Parse a database file's bytes (see :func:`helpdesk.store.layout.load`).

    Raises:
        StoreError: for bytes that are not JSON, or whose checksums do not hold, naming the
            damaged table and the way back.
    """
    where = path or Path(name)
    try:
        return layout.load(raw)
    except layout.Damaged as damage:
        raise StoreError(backups.damage_message(name, where, damage)) from None
    except orjson.JSONDecodeError as error:
        raise StoreError(
            _(
                "{name} is not valid JSON ({error} at byte {byte}); it was left "
                "untouched. {ways_back}"
            ).format(name=name, error=error.msg, byte=error.pos, ways_back=backups.ways_back(where))
        ) from None


def _owner_only(path: Path) -> None:
    # The lock file readable and writable by its owner alone, as the database is.
    with contextlib.suppress(OSError):
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
