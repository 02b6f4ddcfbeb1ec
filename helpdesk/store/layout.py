"""How a database file is laid out: JSON, one record per line, read a record at a time.

The first line (the header) says where each table's lines lie and holds their checksums, so
that a table is found without searching, a record is parsed only when read, and a save copies
the bytes of the records that did not change. A checksum that does not hold raises
:class:`Damaged`, naming the table and the records its lines hold. The format and its
invariants are described in ``docs/file-format.md``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import ItemsView, Iterable, Iterator, Mapping, MutableMapping
from typing import Any

import orjson

from helpdesk.memory import collector_paused

Record = dict[str, Any]
Data = dict[str, MutableMapping[str, Any]]

META_TABLE = "_meta"
_HEAD = b'{"_meta":'
_CHECKSUM = "checksum"
_TABLES = "tables"
_HEADER_CHECKSUM = "header_checksum"
#: The keys a file's stamp may hold; any other there means the first line was changed.
_STAMP_KEYS = frozenset({"format", "schema", _CHECKSUM, _TABLES, _HEADER_CHECKSUM})
#: Keys that only a file laid out by :func:`dump` carries.
_CHECKSUM_KEYS = frozenset({_CHECKSUM, _TABLES, _HEADER_CHECKSUM})


class Damaged(ValueError):
    """A file that carries checksums, one of which does not hold.

    Args:
        table: The table where the damage lies (``_meta`` for the first line, the stamp).
        ids: The first and last record ids its lines hold, when any can be read.
        unreadable: Ids of the records whose lines are not JSON any more.
        missing: Ids of the records whose lines are gone, when the stamp tells which.
    """

    def __init__(
        self,
        table: str,
        ids: tuple[int, int] | None = None,
        unreadable: list[int] | None = None,
        missing: list[int] | None = None,
    ) -> None:
        super().__init__(f"the {table} table does not match its checksum")
        self.table = table
        self.ids = ids
        self.unreadable = unreadable or []
        self.missing = missing or []


#: A table read a record at a time is searched for each one's line this many times; then its
#: lines are listed once, which costs what a few searches of a long table do.
SEARCHES_BEFORE_LISTING = 8


class Records(MutableMapping[str, Any]):
    """One table of a file in this layout: its records parsed each time one is read.

    Reading a record parses it afresh, so a change is made by assigning the record again
    (``table[id] = record``), as the store always does; changing a record read from here in
    place changes nothing. Assigned records are kept as given and serialised on save; the
    others are copied from the file's bytes as they were. Until something needs the whole
    table, a record added under a new id above every other (as TinyDB numbers them) is kept
    apart, and a record assigned again is kept beside the place of its line, found by a search:
    adding a ticket or changing one never lists the table's lines.

    Args:
        raw: The file's bytes.
        start: Where the table's first record line starts.
        end: Where its last record line ends (``start`` when the table is empty).
        count: How many records the lines hold, when the file says so.
        top: The highest numeric id among them, when the file says so.
    """

    __slots__ = (
        "_added",
        "_count",
        "_crc",
        "_deleted",
        "_end",
        "_entries",
        "_places",
        "_raw",
        "_replaced",
        "_searches",
        "_start",
        "_top",
    )

    def __init__(
        self,
        raw: bytes,
        start: int,
        end: int,
        count: int | None = None,
        top: int | None = None,
        crc: int | None = None,
    ) -> None:
        self._raw = memoryview(raw)
        self._start = start
        self._end = end
        self._count = count
        # An empty table's records are all added above its top, as if it were 0.
        self._top = 0 if count == 0 and top is None else top
        self._crc = crc
        #: id → the record's line as (start, end, where the value starts), or the new record.
        self._entries: dict[str, tuple[int, int, int] | Record] | None = None
        #: Records added above the top id before the lines were listed.
        self._added: dict[str, Record] = {}
        #: Records assigned again before the lines were listed, by id.
        self._replaced: dict[str, Record] = {}
        #: Where the lines found by a search lie, by id (see :meth:`_line_of`).
        self._places: dict[str, tuple[int, int, int] | None] = {}
        #: Ids removed since the file was read.
        self._deleted: set[str] = set()
        #: Records found by searching for their line: after a few, the lines are listed.
        self._searches = 0

    def _index(self) -> dict[str, tuple[int, int, int] | Record]:
        # Built on first use: a command that never reads this table never pays for it.
        if self._entries is None:
            raw = self._raw.obj
            assert isinstance(raw, bytes)
            entries: dict[str, tuple[int, int, int] | Record] = {}
            find = raw.find
            position, end = self._start, self._end
            while position < end:
                line_end = find(b"\n", position, end)
                if line_end < 0:
                    line_end = end
                key_end = find(b'"', position + 1)
                last = line_end - 1 if raw[line_end - 1] == 44 else line_end  # 44: ","
                entries[raw[position + 1 : key_end].decode()] = (position, last, key_end + 2)
                position = line_end + 1
            entries.update(self._replaced)  # in their lines' places: their ids are listed
            entries.update(self._added)
            self._added, self._replaced, self._places = {}, {}, {}
            self._entries = entries
            if self._top == 0:
                self._top = None  # perhaps an empty table's stand-in: counted when asked for
            return entries
        return self._entries

    def __getitem__(self, key: str) -> Any:
        entries = self._entries
        if entries is None:
            if key in self._added:
                return self._added[key]
            if key in self._replaced:
                return self._replaced[key]
            if self._searchable(key):
                place = self._line_of(key)  # one record: find its line, not list them all
                if place is None:
                    raise KeyError(key)
                return orjson.loads(self._raw[place[2] : place[1]])
            entries = self._index()
        value = entries[key]
        if type(value) is tuple:
            return orjson.loads(self._raw[value[2] : value[1]])
        return value

    def items(self) -> _Items:
        """Every (id, record), in file order, read a line at a time."""
        return _Items(self)

    def _every_item(self) -> Iterator[tuple[str, Any]]:
        # What iterating the ItemsView would give, without a lookup of each key in turn.
        raw = self._raw
        loads = orjson.loads
        for key, value in self._index().items():
            yield key, (loads(raw[value[2] : value[1]]) if type(value) is tuple else value)

    def __setitem__(self, key: str, value: Any) -> None:
        number = _number(key)
        if self._entries is not None:
            if number is not None and self._top is not None and number > self._top:
                self._top = number
            self._entries[key] = value
            return
        if key in self._added or key in self._replaced:
            (self._added if key in self._added else self._replaced)[key] = value
            return
        if self._count is not None and self._top is not None and number and number > self._top:
            self._count += 1
            self._top = number
            self._added[key] = value
            return
        if self._searchable(key) and self._line_of(key) is not None:
            self._replaced[key] = value  # written in its line's place, the others untouched
            return
        self._index()  # a new id below the top: listed, to keep the lines in order
        self[key] = value

    def __delitem__(self, key: str) -> None:
        del self._index()[key]
        self._deleted.add(key)
        if self._top is not None and _number(key) == self._top:
            self._top = None  # the highest id is gone: counted again when asked for

    def __iter__(self) -> Iterator[str]:
        return iter(self._index())

    def __len__(self) -> int:
        if self._entries is None and self._count is not None:
            return self._count
        return len(self._index())

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False  # ids are strings, as in JSON
        if key in self._added or key in self._replaced:
            return True
        if self._entries is None and self._searchable(key):
            return self._line_of(key) is not None
        return key in self._index()

    def _searchable(self, key: str) -> bool:
        # Whether to find the key's line by a search (or remember it) rather than list them.
        return key in self._places or self._searches < SEARCHES_BEFORE_LISTING

    def _line_of(self, key: str) -> tuple[int, int, int] | None:
        # A raw newline only ever ends a record line (newlines in values are escaped), so
        # '\n"id":' is found exactly where the record's line starts. A line once found (or
        # not) is remembered: the bytes do not change.
        if key in self._places:
            return self._places[key]
        place = self._places[key] = self._search(key)
        return place

    def _search(self, key: str, after: int | None = None) -> tuple[int, int, int] | None:
        if after is None:  # a search from the top, of those that lead to a listing
            self._searches += 1
            after = self._start - 1
        raw = self._raw.obj
        assert isinstance(raw, bytes)
        encoded = orjson.dumps(key)
        if b"\\" in encoded or self._end <= self._start:
            return None
        at = raw.find(b"\n" + encoded + b":", after, self._end)
        if at < 0:
            return None
        return self._place(at + 1, len(encoded) - 2)

    def _place(self, start: int, key_length: int) -> tuple[int, int, int]:
        # Where the line starting at ``start`` lies: (start, end before its comma, where its
        # value starts, past '"id":').
        raw = self._raw.obj
        assert isinstance(raw, bytes)
        line_end = raw.find(b"\n", start, self._end)
        if line_end < 0:
            line_end = self._end
        last = line_end - 1 if raw[line_end - 1] == 44 else line_end  # 44: ","
        return (start, last, start + key_length + 3)

    def locate(self, keys: Iterable[str]) -> None:
        """Find the lines of ``keys`` in one sweep of the file's bytes, each search starting
        where the last one found its line: for keys in the order of the file (as ascending ids
        are), reading their records then costs neither a search each nor a listing. The sweep
        stops at a key it does not find after the last (out of order, or not in the table), so
        that it never reads the bytes more than once; the keys left are found when read."""
        if self._entries is not None:
            return
        at = self._start - 1
        for key in keys:
            if key in self._places or key in self._added or key in self._replaced:
                continue
            place = self._search(key, after=at)
            if place is None:
                return
            self._places[key] = place
            at = place[1]  # at the comma, or the end: the next line's newline is after it

    def changes(self) -> tuple[dict[str, Record], set[str]]:
        """The records assigned or added since the file was read, and the ids removed."""
        if self._entries is None:
            return {**self._replaced, **self._added}, set(self._deleted)
        assigned: dict[str, Record] = {
            k: v for k, v in self._entries.items() if not isinstance(v, tuple)
        }
        return assigned, self._deleted - assigned.keys()

    def pristine(self) -> bool:
        """Whether the table is exactly as the file holds it: nothing assigned or removed."""
        assigned, deleted = self.changes()
        return not assigned and not deleted

    def find(self, needle: bytes) -> str | None:
        """The id of the first record line holding ``needle``, by a search of the file's bytes.

        Only for a :meth:`pristine` table (what changed since the file was read is not in the
        bytes), and only for a needle that cannot straddle two lines (no newline in it).
        """
        found = self.find_all(needle, first=True)
        return found[0] if found else None

    def find_all(self, needle: bytes, *, first: bool = False) -> list[str]:
        """The ids of the record lines holding ``needle``, in file order (see :meth:`find`)."""
        raw = self._raw.obj
        assert isinstance(raw, bytes)
        find, start, end = raw.find, self._start, self._end
        ids = []
        at = find(needle, start, end)
        while at >= 0:
            line = raw.rfind(b"\n", start, at) + 1 or start
            key_end = find(b'"', line + 1)
            ids.append(key := raw[line + 1 : key_end].decode())
            if self._entries is None:  # found, so that reading it needs no search
                self._places.setdefault(key, self._place(line, key_end - line - 1))
            next_line = find(b"\n", at, end)
            if first or next_line < 0:
                break
            at = find(needle, next_line + 1, end)
        return ids

    def checksum(self, pieces: list[bytes | memoryview]) -> int:
        """The CRC-32 of the table's lines, given as :meth:`chunks` made them: continued from
        the one the file gave when the lines read are all still there, in their places."""
        if self._crc is not None and self._entries is None and not self._replaced:
            # The lines read are the first piece, the added ones follow.
            return _checksum(pieces[1:] if self._end > self._start else pieces, self._crc)
        return _checksum(pieces)

    def top(self) -> int | None:
        """The highest numeric id in the table (None when it has none), without listing the
        lines when the file said what it was."""
        if self._entries is None and self._top is not None:
            return self._top if self._count else None
        if self._top is None:
            self._top = _top(self._index())  # kept up to date from here on
        return self._top if self._index() else None

    def chunks(self) -> list[bytes | memoryview]:
        """The table's record lines (``"id":{…}``) joined by ``,\\n``, as pieces to write one
        after the other: runs of unchanged records are slices of the file's bytes."""
        raw = self._raw
        if self._entries is None:  # never listed: the lines are as they were, then the added
            pieces: list[bytes | memoryview] = []
            at = self._start
            for key in sorted(self._replaced, key=lambda k: self._places[k] or (0,)):
                place = self._places[key]
                assert place is not None
                if place[0] > at:
                    pieces.append(raw[at : place[0]])
                pieces.append(_line(key, self._replaced[key]))
                at = place[1]  # the separator after the line, if any, is kept
            if self._end > at:
                pieces.append(raw[at : self._end])
            if self._added:
                added = _separated(_lines(self._added))
                pieces += [_SEPARATOR, *added] if pieces else added
            return pieces
        pieces = []
        run_start = run_end = -1
        for key, value in self._entries.items():
            if type(value) is tuple and value[0] == run_end + 2:
                run_end = value[1]  # the next line of an unchanged run
                continue
            if run_start >= 0:
                pieces += [raw[run_start:run_end], b",\n"]
                run_start = run_end = -1
            if type(value) is tuple:
                run_start, run_end = value[0], value[1]
            else:
                pieces += [_line(key, value), b",\n"]
        if run_start >= 0:
            pieces.append(raw[run_start:run_end])
        elif pieces:
            pieces.pop()  # the separator after the last line
        return pieces


def record_checksums(table: Mapping[str, Any]) -> dict[str, int]:
    """The CRC-32 of each record as its line holds it, by id: equal checksums, equal records.

    A record read from a laid-out file is checksummed where its bytes lie; one assigned since,
    or held in a plain table, as it will be written. A reader that keeps what it built from
    each record compares these to rebuild only the records that changed.
    """
    crc32, dumps = zlib.crc32, orjson.dumps
    if not isinstance(table, Records):
        return {key: crc32(dumps(record)) for key, record in table.items()}
    raw = table._raw
    return {
        key: crc32(raw[value[2] : value[1]]) if type(value) is tuple else crc32(dumps(value))
        for key, value in table._index().items()
    }


class _Items(ItemsView[str, Any]):
    """The items of :class:`Records`, as :meth:`Records.items` reads them."""

    _mapping: Records

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return self._mapping._every_item()


def _number(key: str) -> int | None:
    return int(key) if key.isdigit() and key.isascii() else None


def _top(keys: Iterable[str]) -> int | None:
    # The numbers among the keys, as _number reads them, without a call per key.
    return max(map(int, filter(str.isascii, filter(str.isdigit, keys))), default=None)


def dump(data: Data) -> list[bytes | memoryview]:
    """The file's contents for ``data``, laid out one record per line with the checksum first.

    Returned as chunks to be written one after the other: records that did not change are
    slices of the bytes they were read from, so a large file is never copied whole in memory.
    """
    tables = [(name, table) for name, table in data.items() if name != META_TABLE]
    meta = {key: dict(record) for key, record in data.get(META_TABLE, {}).items()}
    if not tables or "1" not in meta:
        return [_plain(data)]
    try:
        body, places, checksum = _body(tables)
    except _KeyNeedsEscapes:
        return [_plain(data)]
    stamp = meta["1"]
    for key in _CHECKSUM_KEYS:
        stamp.pop(key, None)
    stamp[_CHECKSUM] = checksum
    stamp[_TABLES] = places
    stamp[_HEADER_CHECKSUM] = zlib.crc32(orjson.dumps(meta))
    return [_HEAD + orjson.dumps(meta) + b",\n", *body]


def dumps(data: Data) -> bytes:
    """:func:`dump` joined into one ``bytes``."""
    return b"".join(dump(data))


def _body(
    tables: list[tuple[str, MutableMapping[str, Any]]],
) -> tuple[list[bytes | memoryview], dict[str, list[int | None]], int]:
    # Returns the pieces; for each table where its lines start and end (counted from the end of
    # the first line), how many records it holds, its highest id and its lines' checksum; and
    # the checksum of the pieces around the lines.
    pieces: list[bytes | memoryview] = []
    places: dict[str, list[int | None]] = {}
    size = 0
    around = 0
    for name, table in tables:
        if isinstance(table, Records):
            lines, top = table.chunks(), table.top()
            crc = table.checksum(lines)
        else:
            lines, top = _separated(_lines(table)), _top(table)
            crc = _checksum(lines)
        head = b"".join(
            [b",\n" if pieces else b"", orjson.dumps(name), b":{\n" if lines else b":{"]
        )
        start = size + len(head)
        end = start + sum(map(len, lines))
        places[name] = [start, end, len(table), top, crc]
        around = zlib.crc32(b"\n}", zlib.crc32(head, around))
        pieces += [head, *lines, b"\n}"]
        size = end + 2
    pieces.append(b"\n}")
    return pieces, places, zlib.crc32(b"\n}", around)


def load(raw: bytes) -> Any:
    """Parse a file's bytes: lazily when they are laid out by :func:`dump`, else whole.

    Raises:
        orjson.JSONDecodeError: when the bytes are not JSON.
    """
    with collector_paused():
        data = _load_laid_out(raw)
        if data is not None:
            return data
        data = orjson.loads(raw)
        if _carries_checksums(data):
            # Laid out by helpdesk, then changed where no line can be found: the first line.
            raise Damaged(META_TABLE)
        return data


def whole_size(head: bytes) -> int | None:
    """The size of the whole file whose first line (newline included) is ``head``, as the
    stamp there says, when the stamp's own checksum holds; None when it cannot say (a file of
    an earlier layout, or not laid out here). Tells a file cut short without reading it."""
    if not head.startswith(_HEAD) or not head.endswith(b",\n"):
        return None
    try:
        meta = orjson.loads(head[len(_HEAD) : -2])
        record = meta["1"]
        header = record.pop(_HEADER_CHECKSUM)
        if header != zlib.crc32(orjson.dumps(meta)):
            return None
        ends = [place[1] for place in record[_TABLES].values()]
    except (orjson.JSONDecodeError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return len(head) + max(ends, default=0) + len(b"\n}\n}")


def _carries_checksums(data: Any) -> bool:
    # Whether parsed contents hold a stamp with checksums, under any table name (the name
    # of the stamp's table may be what was damaged).
    if not isinstance(data, dict):
        return False
    for table in data.values():
        if isinstance(table, dict) and len(table) == 1:
            record = next(iter(table.values()))
            if isinstance(record, dict) and not record.keys().isdisjoint(_CHECKSUM_KEYS):
                return True
    return False


def load_laid_out(raw: bytes) -> Data | None:
    """The data of a file laid out by :func:`dump` and unchanged since, read lazily; None for
    any other file (which :func:`load` parses whole)."""
    with collector_paused():
        return _load_laid_out(raw)


def _load_laid_out(raw: bytes) -> Data | None:
    if not raw.startswith(_HEAD):
        return None
    first = raw.find(b"\n")
    if first < 0 or raw[first - 1 : first] != b",":
        return None
    try:
        meta = orjson.loads(raw[len(_HEAD) : first - 1])
    except orjson.JSONDecodeError:
        return None  # parsed whole, which says what is wrong
    if not _carries_checksums({META_TABLE: meta}):
        return None
    record = meta.get("1") if isinstance(meta, dict) and len(meta) == 1 else None
    if not isinstance(record, dict) or not record.keys() <= _STAMP_KEYS:
        raise Damaged(META_TABLE)
    header = record.pop(_HEADER_CHECKSUM, None)
    if header is not None and header != zlib.crc32(orjson.dumps(meta)):
        raise Damaged(META_TABLE)
    checksum = record.pop(_CHECKSUM, None)
    places = record.pop(_TABLES, None)
    body = memoryview(raw)[first + 1 :]
    base = first + 1
    if (
        isinstance(places, dict)
        and places
        and all(isinstance(place, list) and len(place) == 5 for place in places.values())
    ):
        _check_each_table(body, places, checksum)
        data: Data = {META_TABLE: meta}
        for name, (start, end, count, top, crc) in places.items():
            data[name] = Records(raw, base + start, base + end, count, top, crc)
        return data
    if not isinstance(checksum, int) or checksum != zlib.crc32(body):
        raise Damaged(_damaged_table_of(body, places))
    data = {META_TABLE: meta}
    try:
        if isinstance(places, dict):  # written before each table had its checksum
            for name, (start, end, count, top) in places.items():
                data[name] = Records(raw, base + start, base + end, count, top)
            return data
    except (TypeError, ValueError):
        raise Damaged(META_TABLE) from None
    position, end = first + 1, len(raw)  # written before tables were placed: find them
    while position < end:
        header_end = raw.find(b"\n", position)  # the header line is "name":{
        name = orjson.loads(raw[position : header_end - 2])
        close = raw.find(b"\n}", header_end)  # record lines start with a quote, never "}"
        data[name] = Records(raw, header_end + 1, max(close, header_end + 1))
        position = close + 4  # past "\n}" and the ",\n" or "\n}" after it
    return data


def _check_each_table(body: memoryview, places: dict[str, Any], checksum: Any) -> None:
    # Each table's lines against their checksum, in file order, then what lies around them
    # against the file's checksum: the first that does not hold names the damaged table.
    try:
        ordered = sorted(places.items(), key=lambda item: item[1][0])
        around, at = 0, 0
        for name, (start, end, _count, _top, crc) in ordered:
            if not at <= start <= end <= len(body) or zlib.crc32(body[start:end]) != crc:
                raise _table_damage(name, body, start, _count, _top)
            around = zlib.crc32(body[at:start], around)
            at = end
        if zlib.crc32(body[at:], around) == checksum:
            return
    except Damaged:
        raise
    except (TypeError, ValueError):
        raise Damaged(META_TABLE) from None  # places not written here
    # What lies around the lines is known from the tables' names: each heading ("name":{),
    # each closing brace, and the file's own at the end. The first that differs is the damage.
    at = 0
    for index, (name, (start, end, *_rest)) in enumerate(ordered):
        gap = bytes(body[at:start])
        closing = b"\n}" if index else b""
        if not gap.startswith(closing):
            before = ordered[index - 1]
            raise Damaged(before[0], _ids_in(body[before[1][0] : before[1][1]]))
        heading = b"".join(
            [b",\n" if index else b"", orjson.dumps(name), b":{\n" if end > start else b":{"]
        )
        if gap[len(closing) :] != heading:
            raise Damaged(name, _ids_in(body[start:end]))
        at = end
    if ordered and bytes(body[at:]) != b"\n}\n}":
        name, (start, end, *_rest) = ordered[-1]
        raise Damaged(name, _ids_in(body[start:end]))
    raise Damaged(META_TABLE)


def _damaged_table_of(body: memoryview, places: Any) -> str:
    # For a file of an earlier layout (one checksum for everything): the first table with a
    # line that does not parse, else the stamp.
    if not isinstance(places, dict):
        return META_TABLE
    try:
        for name, place in sorted(places.items(), key=lambda item: item[1][0]):
            for line in bytes(body[place[0] : place[1]]).split(b"\n"):
                try:
                    orjson.loads(b"{" + line.removesuffix(b",") + b"}")
                except orjson.JSONDecodeError:
                    return str(name)
    except (TypeError, ValueError, IndexError):
        pass
    return META_TABLE


def _table_damage(name: str, body: memoryview, start: int, count: Any, top: Any) -> Damaged:
    # What can be told of a table whose lines fail their checksum: the ids its lines hold, those
    # whose line no longer parses, and, for a table whose ids ran from 1 to its top with none
    # removed (as a desk's tickets do), those whose line is gone. The lines are read from the
    # table's start to its closing brace, wherever the damage moved that.
    ids: list[int] = []
    unreadable: list[int] = []
    raw = bytes(body[start:]) if 0 <= start <= len(body) else b""
    for line in raw.split(b"\n"):
        if line in (b"}", b"},") or not line:
            break
        key = _ID_AT_LINE_START.match(b"\n" + line)
        try:
            orjson.loads(b"{" + line.removesuffix(b",") + b"}")
        except orjson.JSONDecodeError:
            if key:
                unreadable.append(int(key.group(1)))
            continue
        if key:
            ids.append(int(key.group(1)))
    ids += unreadable
    missing: list[int] = []
    if isinstance(top, int) and count == top and len(ids) < count:
        missing = sorted(set(range(1, top + 1)) - set(ids))[:10]
    span = (min(ids + missing), max(ids + missing)) if ids or missing else None
    return Damaged(name, span, sorted(unreadable)[:10], missing)


def _ids_in(lines: memoryview) -> tuple[int, int] | None:
    # The first and last numeric ids of the record lines in ``lines``, as far as they read.
    ids = [int(m) for m in _ID_AT_LINE_START.findall(bytes(lines))]
    return (min(ids), max(ids)) if ids else None


_ID_AT_LINE_START = re.compile(rb'(?:^|\n)"(\d+)":')


def _plain(data: Data) -> bytes:
    # Nothing but the stamp (no line to find), or no stamp at all (not ours): plain JSON.
    return orjson.dumps({name: dict(table) for name, table in data.items()})


class _KeyNeedsEscapes(Exception):
    """A record id that a line reader could not take as it is (TinyDB's ids never do)."""


#: What separates two record lines.
_SEPARATOR = b",\n"


def _lines(records: Mapping[str, Any]) -> list[bytes]:
    """Each record's line, ``"id":{…}``: the pair as orjson writes it, in one call a line.

    Raises:
        _KeyNeedsEscapes: for a key a line reader could not take as it is.
    """
    keys = "".join(records)
    if not (keys.isdigit() and keys.isascii()):  # TinyDB's ids, all tested at once
        for key in records:
            _check_key(key)
    dumps = orjson.dumps
    return [dumps({key: record})[1:-1] for key, record in records.items()]


def _line(key: str, record: Any) -> bytes:
    """One record's line (see :func:`_lines`)."""
    if not (key.isdigit() and key.isascii()):
        _check_key(key)
    return orjson.dumps({key: record})[1:-1]


def _check_key(key: str) -> None:
    # A TinyDB id has nothing to escape; any other key must not need escapes either.
    if b"\\" in orjson.dumps(key):
        raise _KeyNeedsEscapes(key)


def _separated(lines: list[bytes]) -> list[bytes | memoryview]:
    """The lines as pieces to write one after the other, separated."""
    pieces: list[bytes | memoryview] = [_SEPARATOR] * (2 * len(lines) - 1) if lines else []
    pieces[0::2] = lines
    return pieces


#: Pieces checksummed in one call, joined, when they are short: a call for each short line
#: costs more than the checksum itself. Longer runs (a file's unchanged lines) are checksummed
#: where they lie, never copied.
_CHECKSUMMED_TOGETHER = 512
_JOINED_UP_TO = 1 << 20


def _checksum(pieces: list[bytes | memoryview], crc: int = 0) -> int:
    """The CRC-32 of the pieces one after the other, continued from ``crc``."""
    step = _CHECKSUMMED_TOGETHER
    for start in range(0, len(pieces), step):
        batch = pieces[start : start + step]
        if sum(map(len, batch)) <= _JOINED_UP_TO:
            crc = zlib.crc32(b"".join(batch), crc)
            continue
        for piece in batch:
            crc = zlib.crc32(piece, crc)
    return crc
