"""Copies that keep a desk safe: backups, the previous version, and taking one of them back.

A backup is written as the database is (a temporary file in the same folder, fsync, rename,
readable by its owner only), then read back and checked: a backup that is there is whole. A
process killed while writing one leaves only a temporary, which the store sweeps and which
never counts as a backup. Rotation runs only after a backup was written and checked, so the
newest good copy is never among those it removes.

A restore checks the copy it takes back, keeps the file it replaces aside (never deletes it),
writes the copy in its place under the writers' lock, and checks what it wrote.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from helpdesk.errors import NotFound, StoreError
from helpdesk.files import (
    backups_folder,
    previous_name,
    read_whole,
    set_aside_prefix,
    write_atomically,
)
from helpdesk.i18n import _
from helpdesk.store import layout
from helpdesk.store.layout import META_TABLE

#: How many backups are kept beside a database; older ones are removed.
KEEP_BACKUPS = 5

#: The tables whose record ids are ticket numbers, and those whose ids are companies'.
_TICKET_TABLES = ("tickets", "ticket_logs", "ticket_texts")
_COMPANY_TABLES = ("companies", "company_keys")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What checking one file found.

    Attributes:
        path: The file checked.
        sound: Whether it can be read as it is.
        problem: Why not, for the user (empty when sound).
        tickets: How many tickets it holds, when sound.
        checksums: Whether its checksums were verified (False for a file laid out by hand).
    """

    path: Path
    sound: bool
    problem: str = ""
    tickets: int = 0
    checksums: bool = False


def damage_message(name: str, path: Path, damage: layout.Damaged) -> str:
    """The message for a database whose checksums do not hold: where, and the way back."""
    return _(
        "{name} is damaged: {damage} does not match its checksum. Nothing was "
        "read from it or written to it. {ways_back}"
    ).format(name=name, damage=describe_damage(damage), ways_back=ways_back(path))


def describe_damage(damage: layout.Damaged) -> str:
    """The damaged table and the records its lines hold, in words."""
    if damage.table == META_TABLE:
        return _("the file's first line (the _meta table: format, schema and checksums)")
    where = _("the {table} table").format(table=damage.table)
    if damage.ids is None:
        return where
    first, last = damage.ids
    if damage.table in _TICKET_TABLES:
        span = (_("ticket #{first}") if first == last else _("tickets #{first} to #{last}")).format(
            first=first, last=last
        )
        mark = "#"
    elif damage.table in _COMPANY_TABLES:
        span = (_("company {first}") if first == last else _("companies {first} to {last}")).format(
            first=first, last=last
        )
        mark = ""
    else:
        span = (_("record {first}") if first == last else _("records {first} to {last}")).format(
            first=first, last=last
        )
        mark = ""
    if damage.missing:
        which = ", ".join(f"{mark}{n}" for n in damage.missing)
        span += _("; the line of {which} is gone").format(which=which)
    if damage.unreadable:
        which = ", ".join(f"{mark}{n}" for n in damage.unreadable)
        span += _("; the line of {which} is not JSON").format(which=which)
    return f"{where} ({span})"


def ways_back(path: Path) -> str:
    """Where the copies that can be taken back are, and the commands that do it."""
    return _(
        "The previous version is kept as {previous} and backups in {folder}/ "
        "beside it: `helpdesk check` says what is wrong, `helpdesk restore` "
        "lists them and takes one back."
    ).format(previous=previous_name(path).name, folder=backups_folder(path).name)


def check_bytes(raw: bytes, name: str) -> layout.Data:
    """The data of a database file's bytes, every checksum verified.

    Raises:
        StoreError: saying why the bytes are not a readable desk.
    """
    from helpdesk.store.storage import parse, schema_of

    if not raw.strip():
        raise StoreError(_("{name} is empty, not a helpdesk database.").format(name=name))
    data = parse(raw, name)
    schema_of(data, name)
    return data


def check_file(path: Path, name: str | None = None) -> Verdict:
    """Read the file at ``path`` and check it whole: its checksums, its stamp, every record."""
    shown = name or str(path)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return Verdict(path, False, _("{name} is not a regular file.").format(name=shown))
        handle, _st, raw = read_whole(path)
        handle.close()
        data = check_bytes(raw, shown)
        for table in data.values():
            for _record in table.values():
                pass  # every record parses: a file without checksums has nothing else to say
    except StoreError as failure:
        return Verdict(path, False, failure.message)
    except OSError as failure:
        return Verdict(
            path,
            False,
            _("Cannot read {name}: {error}.").format(name=shown, error=failure.strerror or failure),
        )
    except ValueError as failure:
        return Verdict(
            path,
            False,
            _("{name} has a record that is not valid JSON ({error}).").format(
                name=shown, error=failure
            ),
        )
    return Verdict(path, True, tickets=len(data.get("tickets", {})), checksums=_laid_out(raw))


def _laid_out(raw: bytes) -> bool:
    try:
        return layout.load_laid_out(raw) is not None
    except ValueError:
        return False


def write_backup(path: Path, reason: str) -> Path | None:
    """Copy the database at ``path`` into its backups folder, check the copy, then rotate.

    Returns:
        The backup's path, or None when there is no database yet.

    Raises:
        StoreError: when the copy cannot be written or does not read back as the database.
    """
    if not path.exists():
        return None
    handle, _st, raw = read_whole(path)
    handle.close()
    folder = backups_folder(path)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as failure:
        raise StoreError(
            _("Cannot make {folder}: {error}.").format(
                folder=folder, error=failure.strerror or failure
            )
        ) from None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    slug = "".join(c if c.isalnum() else "-" for c in reason)[:30]
    target = folder / f"{stamp}-{slug}.json"
    check_bytes(raw, str(path))  # never a backup of damage
    write_atomically(target, raw, new_mode=0o600, error=StoreError, guard=False)
    try:
        same = target.read_bytes() == raw
    except OSError:
        same = False
    if not same:
        target.unlink(missing_ok=True)
        raise StoreError(
            _("The backup of {path} did not read back as written; nothing changed.").format(
                path=path
            )
        )
    # Older backups go only once five newer ones are whole: one cut short (by a kill under
    # an earlier version) never counts, so the newest good ones are never pushed out.
    whole = 0
    for copy in backups_of(path):
        if whole >= KEEP_BACKUPS and copy != target:
            copy.unlink(missing_ok=True)
        elif copy == target or _whole(copy):
            whole += 1
    return target


def _whole(copy: Path) -> bool:
    # Whether a copy is as long as its first line says, that line's checksum holding; a copy
    # of an earlier layout has its checksums checked instead. Reads the first line only.
    try:
        with open(copy, "rb") as handle:
            head = handle.readline(1 << 20)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return False
    expected = layout.whole_size(head)
    if expected is not None:
        return size == expected
    try:
        check_bytes(copy.read_bytes(), str(copy))
    except (OSError, StoreError, ValueError):
        return False
    return True


def backups_of(path: Path) -> list[Path]:
    """The database's backups, newest first (temporaries of a killed backup are not ones)."""
    folder = backups_folder(path)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(
        (folder / name for name in names if name.endswith(".json") and not name.startswith(".")),
        reverse=True,
    )


def sweep_backup_temporaries(path: Path) -> None:
    """Remove what backups killed mid-write left in the backups folder (the database's own
    folder: whatever is named as a temporary of a backup there is one)."""
    folder = backups_folder(path)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if _BACKUP_TEMPORARY.fullmatch(name):
            with contextlib.suppress(OSError):
                (folder / name).unlink()


_BACKUP_TEMPORARY = re.compile(r"\..+\.json\.[0-9]+\.[0-9a-f]{8}\.tmp")


def copies_of(path: Path) -> list[Path]:
    """What can be taken back: the previous version when there is one, then the backups."""
    previous = previous_name(path)
    return ([previous] if previous.exists() else []) + backups_of(path)


def choose_copy(path: Path, which: str) -> Path:
    """The copy named ``which``: ``previous``, a backup's file name (or its start), or a path.

    Raises:
        NotFound: when no copy answers to it.
    """
    if which == "previous":
        previous = previous_name(path)
        if not previous.exists():
            raise NotFound(
                _("{path} has no previous version yet ({previous}).").format(
                    path=path, previous=previous.name
                )
            )
        return previous
    matches = [b for b in backups_of(path) if b.name == which or b.name.startswith(which)]
    if len(matches) == 1 or (matches and matches[0].name == which):
        return matches[0]
    if len(matches) > 1:
        raise NotFound(
            _("{which!r} names {count} backups; give more of the name.").format(
                which=which, count=len(matches)
            )
        )
    given = Path(which)
    if given.is_file():
        return given
    raise NotFound(
        _("No backup named {which!r} for {path}; `helpdesk restore` lists those there are.").format(
            which=which, path=path
        )
    )


def restore_copy(
    path: Path, copy: Path, name: str, *, force: bool = False
) -> tuple[Path | None, bool]:
    """Take ``copy`` back as the database at ``path``; the caller holds the writers' lock.

    The copy is checked first; the file it replaces is kept aside as ``NAME.set-aside-STAMP``
    (a second name for it, so the database is never missing meanwhile); what is written is
    checked again.

    Returns:
        Where the file replaced was kept (None when there was none), and whether it was sound.

    Raises:
        StoreError: when the copy is not sound, or the database is sound and ``force`` not given.
    """
    verdict = check_file(copy)
    if not verdict.sound:
        raise StoreError(
            _("{copy} cannot be taken back: {problem}").format(copy=copy, problem=verdict.problem)
        )
    raw = copy.read_bytes()
    current = check_file(path, name) if path.exists() else None
    if current is not None and current.sound and not force:
        raise StoreError(
            _(
                "{name} is sound; taking {copy} back would set aside every change made "
                "since it was written. Add --force to do it anyway."
            ).format(name=name, copy=copy.name)
        )
    aside = None
    if current is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = path.with_name(f"{set_aside_prefix(path)}{stamp}")
        try:
            os.link(path, aside)
        except OSError:
            write_atomically(aside, path.read_bytes(), error=StoreError, guard=False)
    write_atomically(path, raw, new_mode=0o600, error=StoreError, guard=False)
    if not check_file(path, name).sound:
        raise StoreError(
            _("{name} did not read back as {copy} after the restore.").format(
                name=name, copy=copy.name
            )
        )
    return aside, bool(current and current.sound)


def check_desk(given: Path) -> tuple[Verdict, list[Verdict]]:
    """The database at ``given`` checked whole, and each copy that could be taken back.

    Raises:
        DatabaseMissing: when there is no file at ``given``.
    """
    from helpdesk.errors import DatabaseMissing

    path = Path(os.path.realpath(given))
    if not os.path.lexists(given):
        raise DatabaseMissing(_("No database at {path}.").format(path=given))
    return check_file(path, str(given)), [check_file(copy) for copy in copies_of(path)]


def restore(given: Path, which: str, *, force: bool = False) -> tuple[Path, Path | None]:
    """Take the copy named ``which`` back as the database at ``given``, under the writers'
    lock (see :func:`restore_copy`).

    Returns:
        The copy taken back, and where the file it replaced was kept.
    """
    from helpdesk.store.storage import FileStorage

    storage = FileStorage(given, create=False)
    copy = choose_copy(storage.path, which)
    with storage.hold_lock():
        aside, _sound = restore_copy(storage.path, copy, str(given), force=force)
    storage.close()
    return copy, aside
