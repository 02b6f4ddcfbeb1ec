"""Reading import files into rows: the format, the encoding, the CSV dialect, the row numbers.

CSV (delimiter detected among ``,`` ``;`` and tab; UTF-8 with or without a BOM, UTF-16 with a
BOM, or the encoding given; quoted cells with line breaks; CRLF or LF), JSON (an array of
objects, or a helpdesk export) and JSON Lines. Nothing here knows what the columns mean: see
:mod:`helpdesk.services.importing.columns` and :mod:`helpdesk.services.importing.service`.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, NoReturn

import orjson

from helpdesk.domain.csv_cells import unescape_formula
from helpdesk.errors import InvalidValue
from helpdesk.i18n import _, ngettext
from helpdesk.services.export_schema import (
    SCHEMA_VERSION,
    SchemaError,
    stored_parts,
    stored_ticket,
)
from helpdesk.services.importing.two_processes import worth_two_processes

#: What a helpdesk export says it is.
EXPORT_FORMAT = "helpdesk-export"

#: The export schema this code writes, and the newest it reads (docs/export-schema.md).
EXPORT_VERSION = SCHEMA_VERSION

_FORMATS = ("csv", "json", "jsonl")

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

_DELIMITERS = ",;\t"

_RECORD_KEYS = ("ref", "uid", "updated")


@dataclass(slots=True)
class SourceRow:
    """One record of the file, as read.

    Attributes:
        number: The row as people count it: a spreadsheet row (header is row 1), a JSON record
            (from 1) or a JSON Lines line.
        line: The physical line the record starts on; 0 when lines mean nothing (JSON arrays).
        values: The cells, in header order (tabular rows).
        record: The object itself (JSON and JSON Lines).
        error: Why the row could not be read at all, if it could not.
    """

    number: int
    line: int
    values: list[Any] = field(default_factory=list)
    record: Any = None
    error: str = ""


@dataclass(slots=True)
class Source:
    """A file read into rows, with what is needed to write its rejects back in kind.

    Attributes:
        name: The file's name for messages (``-`` is ``standard input``).
        format: ``csv``, ``json`` or ``jsonl``.
        headers: Column names as in the file (tabular rows).
        rows: The data rows; for a large CSV file, once its two parts are read.
        unit: How problems name a row: ``row``, ``record`` or ``line``.
        records: Rows are helpdesk ticket records, imported losslessly.
        document: The rest of a helpdesk export: companies, advisers, topics.
        delimiter: The CSV delimiter.
        bom: The file started with a byte-order mark.
        newline: The line ending the file used.
        first: The first part of a large CSV file, left unread (see :class:`Part`).
        rest: The rest of it, left unread.
        read_elsewhere: The rest once the other checking process read it, for the cells of
            its rows that are rejected.
    """

    name: str
    format: str
    headers: list[str] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)
    unit: str = "row"
    records: bool = False
    document: dict[str, Any] | None = None
    delimiter: str = ","
    bom: bool = False
    newline: str = "\r\n"
    first: Part | None = None
    rest: Part | None = None
    read_elsewhere: Part | None = None

    def size_hint(self) -> int:
        """How many rows the file holds: those read, and about as many as its unread parts."""
        unread = [part.estimate for part in (self.first, self.rest) if part is not None]
        return len(self.rows) + sum(unread)

    def read_here(self) -> None:
        """Read the parts of a large CSV file left unread (``check_rows`` reads them on two
        cores), here, into :attr:`rows`.

        Raises:
            InvalidValue: for lines that are not valid CSV, or not text in the encoding.
        """
        first, rest = self.first, self.rest
        if first is None or rest is None:
            return
        try:
            self.rows = [*first.rows(until=rest), *rest.rows()]
        except Misread:
            whole = _read_csv_whole(
                first.data, first.codec, first.name, first.encoding, first.delimiter
            )
            self.rows = whole.rows
        self.first = self.rest = None

    def cells_of(self, rows: list[SourceRow]) -> None:
        """Give rows that another process read (the rest, once ``check_rows`` had it read
        there), which came back with only their numbers, their cells again."""
        if self.read_elsewhere is None or all(row.values for row in rows):
            return
        read = {row.number: row for row in self.read_elsewhere.rows()}
        for row in rows:
            if not row.values and row.number in read:
                row.values = read[row.number].values


class Misread(InvalidValue):
    """The first part of a large CSV file did not end where the quotes in its bytes said a
    record ends: a quote inside an unquoted cell (an inch mark), or a fault. The file is
    then read whole, as one part, which names the fault if there is one."""


@dataclass(slots=True)
class Part:
    """A stretch of a large CSV file's lines, left unread by :func:`read_source`: the first
    part (from the file's start, header and all) and the rest (from a line break outside
    any quoted cell past :data:`OWN_PART` of the bytes) are each read by the process that
    checks them (see ``check_rows``), so that a file is read on two cores as it is checked.
    The rows of the rest come back to this process with their numbers only; those rejected
    get their cells from :meth:`Source.cells_of`.

    Attributes:
        data: The file's bytes; the part is ``data[start:end]``.
        start: Where it starts: 0, or a line break outside any quoted cell.
        end: Where it ends.
        codec: What its lines are decoded with (the first line of the file with the BOM).
        encoding: The encoding asked for, for messages.
        delimiter: The CSV delimiter.
        name: The file's name for messages.
        header: The file's header, for the rest (the first part reads it).
        number: The records before it (the header and blank ones included), as counted from
            the quotes of the bytes before it; reading the first part confirms the count.
        line: The lines before it.
        estimate: About how many rows it holds.
    """

    data: bytes = field(repr=False)
    start: int
    end: int
    codec: str
    encoding: str | None
    delimiter: str
    name: str
    header: list[str] | None
    number: int
    line: int
    estimate: int
    _read: list[SourceRow] | None = field(default=None, repr=False, compare=False)

    def rows(self, until: Part | None = None) -> list[SourceRow]:
        """The part's rows, numbered as a reading of the whole file numbers them (kept once
        read, here).

        Args:
            until: The part that follows this one, whose numbering this part's reading
                must bear out.

        Raises:
            InvalidValue: for lines that are not valid CSV, or not text in the encoding;
                ``Misread`` when the part does not end a record where ``until`` starts.
        """
        if self._read is not None:
            return self._read
        lines = self.data[self.start : self.end].splitlines(keepends=True)
        codec = self.codec.removesuffix("-sig")
        at = _Reading(self.header, self.number, self.line)
        try:
            decoded = (
                _decoded_from_start(lines, self.codec)
                if self.start == 0
                else _decoded(lines, codec)
            )
            rows = _csv_rows(decoded, self.delimiter, self.name, at)
        except UnicodeDecodeError:
            _not_text(self.data, self.name, self.encoding, codec)
        except InvalidValue as error:
            if until is None:
                raise
            raise Misread(error.message) from None
        if until is not None and (at.number, at.line) != (until.number, until.line):
            raise Misread(
                _("{file}: the first part of the file did not end a record.").format(file=self.name)
            )
        self._read = rows
        return rows


def read_source(
    data: bytes,
    name: str,
    *,
    fmt: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Source:
    """Read a file's bytes into rows; a large CSV file's dialect and header only, its rows
    left in two parts that ``check_rows`` reads on two cores (or :meth:`Source.read_here`).

    Args:
        data: The file's content.
        name: The file's path (for the extension and messages), or ``-`` for standard input.
        fmt: ``csv``, ``json`` or ``jsonl``; default from the extension, else from the content.
        encoding: The text encoding; default UTF-8 with or without a BOM (or UTF-16 with one).
        delimiter: The CSV delimiter; default detected among ``,`` ``;`` and tab.

    Raises:
        InvalidValue: for an empty file, bytes that are not in the encoding, malformed CSV or
            JSON, or a JSON document that holds no rows (in the parts of a large CSV file,
            when they are read).
    """
    label = "standard input" if name == "-" else name
    if fmt is not None and fmt not in _FORMATS:
        raise InvalidValue(
            _("Unknown import format {format!r}; use csv, json or jsonl.").format(format=fmt)
        )
    if delimiter is not None and len(delimiter) != 1:
        raise InvalidValue(
            _("The CSV delimiter must be one character, not {delimiter!r}.").format(
                delimiter=delimiter
            )
        )
    codec = _codec(data, encoding)
    if fmt is None and name != "-":
        fmt = _EXTENSIONS.get(PurePath(name).suffix.lower())
    if fmt == "csv" and codec in _LINE_CODECS and data.strip():
        return _read_csv_lines(data, codec, label, encoding, delimiter)
    text, bom = decode(data, label, encoding)
    if not text.strip():
        raise InvalidValue(_("{file} is empty: there is nothing to import.").format(file=label))
    if fmt is None:
        fmt = _sniff_format(text)
    if fmt == "csv":
        source = _read_csv(io.StringIO(text, newline=""), text, label, delimiter)[0]
    elif fmt == "json":
        source = _read_json(text, label)
    else:
        source = _read_jsonl(text, label)
    source.bom = bom
    return source


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, bool]:
    """The file's text, and whether it began with a byte-order mark.

    Raises:
        InvalidValue: naming the file and the first bad byte, with the option to try.
    """
    codec = _codec(data, encoding)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        where = _where(data, error, codec)
        if codec == "utf-8-sig":
            message = _(
                "{file} is not UTF-8 text ({where}); if it was saved by Excel on Windows, "
                "import it with --encoding cp1252."
            )
        else:
            message = _("{file} is not {encoding} text ({where}).")
        raise InvalidValue(
            message.format(file=name, encoding=encoding or codec, where=where)
        ) from None
    return text.removeprefix("\ufeff"), _has_bom(data)


def _where(data: bytes, error: UnicodeDecodeError, codec: str) -> str:
    """The bytes that would not decode and where they are: the offset in the file (from 1),
    the line and the character in that line, both counted in the text decoded before them."""
    # The UTF-8-with-BOM codec counts its positions after the BOM it has taken off.
    shift = len(codecs.BOM_UTF8) if codec == "utf-8-sig" and data.startswith(codecs.BOM_UTF8) else 0
    start, end = error.start + shift, error.end + shift
    bad = data[start : min(end, start + 4)]
    shown = " ".join(f"0x{byte:02x}" for byte in bad)
    before = data[:start].decode(codec, errors="replace").removeprefix("\ufeff")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return ngettext(
        "byte {shown} on line {line}, character {column}, at byte {offset} of the file",
        "bytes {shown} on line {line}, character {column}, at byte {offset} of the file",
        len(bad),
    ).format(shown=shown, line=line, column=column, offset=start + 1)


def _codec(data: bytes, encoding: str | None) -> str:
    # The codec that decodes the file: the encoding given (UTF-8 then with or without a BOM),
    # else UTF-16 after its BOM, else UTF-8 with or without one.
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise InvalidValue(
                _("Unknown encoding {encoding!r}; try utf-8, cp1252 or latin-1.").format(
                    encoding=encoding
                )
            ) from None
        return "utf-8-sig" if codec == "utf-8" else codec
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def _has_bom(data: bytes) -> bool:
    return data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _sniff_format(text: str) -> str:
    start = text.lstrip()[:1]
    if start == "[":
        return "json"
    if start == "{":
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            return "jsonl"
        return "json" if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT else "jsonl"
    return "csv"


def sniff_delimiter(text: str) -> str:
    """The CSV delimiter among ``,`` ``;`` and tab.

    :class:`csv.Sniffer` decides on a sample; its answer is kept only when the header line holds
    that delimiter (or holds none of them), else the delimiter most frequent in the header line
    wins. A file whose header holds none of them is one column.
    """
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    if sum(1 for d in _DELIMITERS if counts[d]) == 1:
        return best  # what the rule below gives whatever the sniffer says: no need to ask it
    sample = text[:_SAMPLE]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed and (counts[sniffed] or not counts[best]):
        return sniffed
    return best if counts[best] else ","


@contextmanager
def _field_limit() -> Iterator[None]:
    # Descriptions pasted from emails can exceed csv's default 128 KiB per cell.
    previous = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


#: Encodings in which every CR or LF byte is a line break, whatever comes before it: a CSV file
#: in one of them is decoded a line at a time as the reader takes lines, never whole (the whole
#: text and a reader's copy of it cost several times the file's size in memory).
_LINE_CODECS = frozenset({"utf-8-sig", "cp1252", "iso8859-1", "iso8859-15", "ascii"})

#: The characters of text that :func:`sniff_delimiter` looks at, at most.
_SAMPLE = 16384


def _read_csv_lines(
    data: bytes, codec: str, name: str, encoding: str | None, delimiter: str | None
) -> Source:
    # What _read_csv makes of the whole text, from the file's lines: bytes split where
    # universal newlines split text (CR, LF, CRLF), each line decoded when the reader takes it.
    # A large file is opened only (its dialect, its header), its rows left in two parts for
    # the processes that check them (see Part) to read.
    estimate = data.count(b"\n")
    split = (
        _split_point(data, round(len(data) * OWN_PART)) if worth_two_processes(estimate) else None
    )
    source = None
    if split is not None:
        try:
            source = _opened(data, split, codec, name, encoding, delimiter)
        except (InvalidValue, UnicodeDecodeError):
            source = None  # a fault that reading the whole file names
    if source is None:
        source = _read_csv_whole(data, codec, name, encoding, delimiter)
    if not source.headers and not source.rows and not data.decode(codec).strip():
        raise InvalidValue(_("{file} is empty: there is nothing to import.").format(file=name))
    source.bom = _has_bom(data)
    return source


def _read_csv_whole(
    data: bytes, codec: str, name: str, encoding: str | None, delimiter: str | None
) -> Source:
    # The file's rows, all read here.
    lines = data.splitlines(keepends=True)
    rest = codec.removesuffix("-sig")  # the BOM is only ever at the start of the first line
    try:
        decoded = _decoded_from_start(lines, codec)
        head = _head(decoded)
        source = _read_csv(itertools.chain(head, decoded), "".join(head), name, delimiter)[0]
    except UnicodeDecodeError:
        _not_text(data, name, encoding, rest)
    return source


def _head(decoded: Iterator[str]) -> list[str]:
    # The first lines taken from ``decoded``: what the delimiter and line ending are told from
    # (more than the sample, and the text up to its first LF); the others are left in it.
    head: list[str] = []
    size, seen_lf = 0, False
    while (size <= _SAMPLE or not seen_lf) and (line := next(decoded, None)) is not None:
        head.append(line)
        size, seen_lf = size + len(line), seen_lf or line.endswith("\n")
    return head


def _opened(
    data: bytes, split: int, codec: str, name: str, encoding: str | None, delimiter: str | None
) -> Source | None:
    # A large file's dialect and header, from its first lines, and its two parts, unread;
    # None when the header is not among those lines, or a lone CR breaks lines.
    if data.count(b"\r", 0, split) != data.count(b"\r\n", 0, split):
        return None
    # Lines enough for _head to take as it takes them from the whole file: whole lines of
    # more than the sample's characters (of four bytes at most).
    stop = data.find(b"\n", 4 * _SAMPLE)
    opening = data[: split if stop < 0 else min(stop + 1, split)].splitlines(True)
    head = _head(_decoded_from_start(opening, codec))
    text = "".join(head)
    source = Source(name, "csv", delimiter=delimiter or sniff_delimiter(text))
    first_end = text.find("\n")
    source.newline = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
    # The header is the first record with a cell that is not blank; read up to it only.
    reader = csv.reader(head, delimiter=source.delimiter, strict=True)
    with _field_limit():
        try:
            header = next((c for c in reader if any(c) and not "".join(c).isspace()), None)
        except csv.Error:
            return None  # a header longer than the first lines, or a fault in it
    if header is None:
        return None
    source.headers = [unescape_formula(cell).strip() for cell in header]
    number, line = _records_and_lines(data, split)
    rows_before = number - 1
    rows_after = round(rows_before * (len(data) - split) / split)
    part = functools.partial(Part, data, codec=codec, encoding=encoding, name=name)
    source.first = part(
        0, split, delimiter=source.delimiter, header=None, number=0, line=0, estimate=rows_before
    )
    source.rest = part(
        split,
        len(data),
        delimiter=source.delimiter,
        header=source.headers,
        number=number,
        line=line,
        estimate=rows_after,
    )
    return source


#: A quoted cell: what a line break inside does not end a record.
_QUOTED = re.compile(rb'"[^"]*"')


def _records_and_lines(data: bytes, end: int) -> tuple[int, int]:
    # The records and lines of data[:end], which ends with a line break (LF or CRLF): a
    # record ends at every line break outside a quoted cell. A quote inside an unquoted cell
    # makes this miscount, which reading the part finds out (see Part.rows).
    lines = data.count(b"\n", 0, end)
    inside = sum(data.count(b"\n", m.start(), m.end()) for m in _QUOTED.finditer(data, 0, end))
    return lines - inside, lines


def _decoded(lines: Iterable[bytes], codec: str) -> Iterator[str]:
    return map(functools.partial(bytes.decode, encoding=codec), lines)


def _decoded_from_start(lines: list[bytes], codec: str) -> Iterator[str]:
    # The file's lines from its first, each decoded as it is taken: the first with ``codec``
    # and without its BOM, the others without looking for one.
    if not lines:
        return iter(())
    first = lines[0].decode(codec).removeprefix("\ufeff")
    rest = _decoded(itertools.islice(lines, 1, None), codec.removesuffix("-sig"))
    return itertools.chain([first], rest)


def _not_text(data: bytes, name: str, encoding: str | None, codec: str) -> NoReturn:
    # A line of ``data`` would not decode: said as decoding the whole file says it, where.
    decode(data, name, encoding)
    raise InvalidValue(_("{file} is not {encoding} text.").format(file=name, encoding=codec))


#: The share of a large CSV file's bytes read and checked here while the other process reads
#: and checks the rest. A little over half: this process also reads what the other found.
OWN_PART = 0.55

#: Line breaks looked at past the first part of a file for one outside any quoted cell.
_SPLIT_TRIES = 200


def _split_point(data: bytes, start: int) -> int | None:
    # The end of a line at or after ``start`` with an even number of quotes before it: where
    # a file quoted as CSV quotes is between two records (the first part's reading checks
    # it). None when there is none close by, or the part before would hold less than the
    # sample the delimiter is told from.
    if start < 4 * _SAMPLE:
        return None
    at = data.find(b"\n", start)
    quotes = data.count(b'"', 0, at + 1)
    for _attempt in range(_SPLIT_TRIES):
        if at < 0 or at + 1 >= len(data):
            return None
        if quotes % 2 == 0:
            return at + 1
        following = data.find(b"\n", at + 1)
        quotes += data.count(b'"', at + 1, following + 1)
        at = following
    return None


@dataclass(slots=True)
class _Reading:
    """Where a reading of a CSV file is: its header, the records and the lines read so far."""

    header: list[str] | None = None
    number: int = 0
    line: int = 0


def _read_csv(
    lines: Iterable[str], opening: str, name: str, delimiter: str | None
) -> tuple[Source, _Reading]:
    # The rows of a CSV file read as ``lines`` (with their line breaks), whose text begins
    # with ``opening``: more than _SAMPLE characters of it and up to its first LF, or all.
    delim = delimiter or sniff_delimiter(opening)
    first_end = opening.find("\n")
    newline = "\r\n" if first_end > 0 and opening[first_end - 1] == "\r" else "\n"
    source = Source(name, "csv", delimiter=delim, newline=newline)
    at = _Reading()
    source.rows = _csv_rows(lines, delim, name, at)
    source.headers = at.header or []
    return source, at


def _csv_rows(lines: Iterable[str], delimiter: str, name: str, at: _Reading) -> list[SourceRow]:
    # The rows in ``lines``, numbered on from ``at``, which is moved on past them.
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    rows = []
    header, number, previous_line = at.header, at.number, at.line
    with _field_limit():
        try:
            for cells in reader:
                start = previous_line + 1
                previous_line = at.line + reader.line_num
                number += 1
                joined = "".join(cells)
                if not joined or joined.isspace():
                    continue  # a blank record: no cell holds anything but spaces
                if "'" in joined:  # perhaps a cell quoted against formulas (domain.csv_cells)
                    cells = [unescape_formula(cell) for cell in cells]
                if header is None:
                    header = [cell.strip() for cell in cells]
                    continue
                row = SourceRow(number, start, cells)
                if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                    row.error = _(
                        "The row has {cells} cells but the header has {headers}; is a cell "
                        "holding the delimiter missing its quotes?"
                    ).format(cells=len(cells), headers=len(header))
                rows.append(row)
        except csv.Error as error:
            raise InvalidValue(
                _("{file} is not valid CSV near line {line}: {error}.").format(
                    file=name, line=at.line + reader.line_num, error=error
                )
            ) from None
    at.header, at.number, at.line = header, number, previous_line
    return rows


def _read_json(text: str, name: str) -> Source:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise InvalidValue(
            _("{file} is not valid JSON: {error} (line {line}, column {column}).").format(
                file=name, error=error.msg, line=error.lineno, column=error.colno
            )
        ) from None
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT:
        return _read_export(data, name)
    if not isinstance(data, list):
        raise InvalidValue(
            _(
                "{file} holds a JSON {kind}; an import needs an array of objects, one per "
                "ticket, or a helpdesk export."
            ).format(file=name, kind=type(data).__name__)
        )
    source = Source(name, "json", unit="record")
    source.rows = [SourceRow(i, 0, record=obj) for i, obj in enumerate(data, start=1)]
    return _tabulate(source)


def _read_export(data: dict[str, Any], name: str) -> Source:
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise InvalidValue(
            _("{file} is a helpdesk export without a valid version.").format(file=name)
        )
    if version > EXPORT_VERSION:
        raise InvalidValue(
            _(
                "{file} is a helpdesk export of version {version}; this helpdesk reads up to "
                "version {latest}. Upgrade helpdesk to import it."
            ).format(file=name, version=version, latest=EXPORT_VERSION)
        )
    parts = {}
    for key in (
        *("tickets", "companies", "advisers", "topics", "webinars", "calls"),
        *("partners", "referrals", "programmes"),
    ):
        part = data.get(key, [])
        if not isinstance(part, list):
            raise InvalidValue(
                _("{file} is a helpdesk export whose {key!r} is not a list.").format(
                    file=name, key=key
                )
            )
        parts[key] = part
    settings = data.get("desk_settings")
    if settings is not None and not isinstance(settings, dict):
        raise InvalidValue(
            _("{file} is a helpdesk export whose 'desk_settings' is not an object.").format(
                file=name
            )
        )
    parts["desk_settings"] = [settings]
    if version < SCHEMA_VERSION:  # version 1: the records as the store kept them then
        source = Source(name, "json", unit="record", records=True, document=parts)
        source.rows = [SourceRow(i, 0, record=obj) for i, obj in enumerate(parts["tickets"], 1)]
        return source
    document, errors = stored_parts(parts)
    source = Source(name, "json", unit="record", records=True, document=document)
    document["errors"] = errors
    for number, obj in enumerate(parts["tickets"], 1):
        try:
            source.rows.append(SourceRow(number, 0, record=stored_ticket(obj, "the ticket")))
        except SchemaError as error:
            source.rows.append(SourceRow(number, 0, record=obj, error=error.message))
    return source


def _read_jsonl(text: str, name: str) -> Source:
    source = Source(name, "jsonl", unit="line")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            source.rows.append(
                SourceRow(
                    number,
                    number,
                    record=line,
                    error=_("Not valid JSON: {error}.").format(error=error.msg),
                )
            )
            continue
        source.rows.append(SourceRow(number, number, record=obj))
    return _tabulate(source)


def _tabulate(source: Source) -> Source:
    """Decide whether JSON objects are ticket records or flat rows, and lay flat rows out."""
    first = next((r.record for r in source.rows if isinstance(r.record, dict)), None)
    if first is not None and all(key in first for key in _RECORD_KEYS):
        source.records = True
        return source
    headers: dict[str, None] = {}
    for row in source.rows:
        if isinstance(row.record, dict):
            headers.update(dict.fromkeys(row.record))
    source.headers = list(headers)
    for row in source.rows:
        if row.error:
            continue
        if isinstance(row.record, dict):
            row.values = [row.record.get(h) for h in source.headers]
        else:
            row.error = _("The record is a JSON {kind}, not an object.").format(
                kind=json_kind(row.record)
            )
    return source


def json_kind(value: Any) -> str:
    """What JSON calls the type of ``value``, for messages."""
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return "boolean" if isinstance(value, bool) else "number"


def plain(value: Any) -> str:
    """A JSON value as cell text: lists joined with ``;``, objects as JSON, null as empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ";".join(plain(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return orjson.dumps(value).decode()
    return str(value)
