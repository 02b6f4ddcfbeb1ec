"""Tests of the database file's layout: one record per line, records parsed when read.

Every laid-out file must be plain JSON with the same content; a file that is not byte-for-byte
what was written must be read whole, never trusted line by line.
"""

from __future__ import annotations

import random
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import orjson
import pytest

from helpdesk.domain.models import Ticket
from helpdesk.store import layout, open_store
from helpdesk.store.backups import Verdict, check_file
from helpdesk.store.layout import Records

STAMP = {"1": {"format": "helpdesk", "schema": 2}}

#: Values that could confuse a line reader if they were written raw.
AWKWARD = [
    "two\nlines",
    'a "quoted" word',
    "\n}\n},\n",
    '"1":{"x":1},',
    "Caffè Nerò — ☕",
    "back\\slash",
    "",
]


def sample() -> dict[str, Any]:
    return {
        "_meta": {"1": dict(STAMP["1"])},
        "topics": {"1": {"key": "ecommerce"}, "2": {"key": "grants"}},
        "empty": {},
        "tickets": {
            str(i): {"subject": text, "n": i, "tags": [text], "nested": {"k": [1, {"v": text}]}}
            for i, text in enumerate(AWKWARD, start=1)
        },
    }


def without_checksum(data: dict[str, Any]) -> dict[str, Any]:
    """The data without what a save adds to the stamp: the checksums and the tables' places."""
    added = ("checksum", "tables", "header_checksum")
    stamp = {k: v for k, v in data["_meta"]["1"].items() if k not in added}
    return {**data, "_meta": {"1": stamp}}


def plain(data: dict[str, Any]) -> dict[str, Any]:
    return {name: dict(table) for name, table in data.items()}


def test_a_laid_out_file_is_plain_json_with_one_record_per_line() -> None:
    raw = layout.dumps(sample())
    assert without_checksum(orjson.loads(raw)) == sample()
    lines = raw.decode().split("\n")
    assert lines[0].startswith('{"_meta":{"1":{"format":"helpdesk","schema":2,"checksum":')
    assert lines[1:5] == ['"topics":{', '"1":{"key":"ecommerce"},', '"2":{"key":"grants"}', "},"]
    assert lines[5:7] == ['"empty":{', "},"]
    ticket_lines = [line for line in lines if line.startswith('"') and '"subject"' in line]
    assert len(ticket_lines) == len(AWKWARD)  # newlines in values are escaped, never raw
    assert lines[-2:] == ["}", "}"]


def test_reading_back_gives_the_same_records_lazily() -> None:
    data = layout.load(layout.dumps(sample()))
    assert all(isinstance(data[name], Records) for name in ("topics", "empty", "tickets"))
    assert plain(data) == sample()
    assert list(data["tickets"]) == [str(i) for i in range(1, len(AWKWARD) + 1)]
    assert len(data["empty"]) == 0 and "1" not in data["empty"]
    assert "3" in data["tickets"] and "99" not in data["tickets"]
    with pytest.raises(KeyError):
        data["tickets"]["99"]
    assert data["tickets"].get("99") is None


def test_a_change_is_made_by_assigning_the_record() -> None:
    data = layout.load(layout.dumps(sample()))
    tickets = data["tickets"]
    first = tickets["1"]
    assert first == tickets["1"] and first is not tickets["1"]  # parsed afresh each time
    first["subject"] = "changed in place"
    assert tickets["1"]["subject"] == "two\nlines"  # not saved: not assigned
    tickets["1"] = first
    assert tickets["1"]["subject"] == "changed in place"


def test_changes_are_saved_and_untouched_records_copied_byte_for_byte() -> None:
    raw = layout.dumps(sample())
    data = layout.load(raw)
    data["tickets"]["2"] = {"subject": "replaced"}
    data["tickets"]["100"] = {"subject": "added"}
    del data["tickets"]["4"]
    data["new_table"] = {"1": {"x": 1}}
    saved = layout.dumps(data)

    expected = sample()
    expected["tickets"]["2"] = {"subject": "replaced"}
    expected["tickets"]["100"] = {"subject": "added"}
    del expected["tickets"]["4"]
    expected["new_table"] = {"1": {"x": 1}}
    assert without_checksum(orjson.loads(saved)) == expected
    again = layout.load(saved)
    assert isinstance(again["tickets"], Records)  # still laid out: read lazily next time
    assert plain(again) == expected
    assert list(again["tickets"]) == ["1", "2", "3", "5", "6", "7", "100"]
    for key in ("1", "3", "5"):
        line = b'"' + key.encode() + b'":' + orjson.dumps(sample()["tickets"][key])
        assert line in saved
    topics = raw[raw.index(b'"topics"') : raw.index(b'"empty"')]
    assert topics in saved  # a table never read is copied as it was


def test_a_file_changed_outside_is_refused_naming_the_table() -> None:
    raw = layout.dumps(sample())
    edited = raw.replace(b'"key":"grants"', b'"key":"GRANTS"')
    assert edited != raw
    with pytest.raises(layout.Damaged) as refused:
        layout.load(edited)
    assert refused.value.table == "topics" and refused.value.ids == (1, 2)


def test_a_file_with_checksums_laid_out_anew_is_refused() -> None:
    indented = orjson.dumps(orjson.loads(layout.dumps(sample())), option=orjson.OPT_INDENT_2)
    with pytest.raises(layout.Damaged) as refused:
        layout.load(indented)
    assert refused.value.table == "_meta"


@pytest.mark.parametrize(
    "raw",
    [
        orjson.dumps(sample(), option=orjson.OPT_INDENT_2),
        orjson.dumps(sample()),
        b'{"_meta":{"1":{"format":"helpdesk"}},\n' + orjson.dumps(sample())[1:],
    ],
    ids=["indented", "one-line", "no-checksum"],
)
def test_files_not_laid_out_here_are_read_whole(raw: bytes) -> None:
    data = layout.load(raw)
    assert all(not isinstance(table, Records) for table in data.values())
    assert without_checksum(plain(data))["tickets"] == sample()["tickets"]


def test_a_damaged_laid_out_file_is_an_error_not_a_partial_read() -> None:
    raw = layout.dumps(sample())
    damaged = raw.replace(b'"subject":"a \\"quoted\\" word"', b'"subject":"a "broken" word"')
    assert damaged != raw
    with pytest.raises(layout.Damaged) as refused:
        layout.load(damaged)
    assert refused.value.table == "tickets"


def test_data_with_no_other_table_or_no_stamp_is_plain_json() -> None:
    assert layout.dumps({"_meta": STAMP}) == orjson.dumps({"_meta": STAMP})
    assert layout.load(layout.dumps({"_meta": STAMP})) == {"_meta": STAMP}
    assert orjson.loads(layout.dumps({"tickets": {"1": {"a": 1}}})) == {"tickets": {"1": {"a": 1}}}


def test_the_first_line_says_where_each_table_lies_and_how_many_records_it_holds() -> None:
    data = sample()
    data["tickets"]["40"] = {"subject": "a later id"}
    raw = layout.dumps(data)
    places = orjson.loads(raw)["_meta"]["1"]["tables"]
    assert list(places) == ["topics", "empty", "tickets"]
    body = raw[raw.index(b"\n") + 1 :]
    around = body
    for name, (start, end, count, top, crc) in places.items():
        lines = body[start:end]
        expected = b",\n".join(
            orjson.dumps(key) + b":" + orjson.dumps(record) for key, record in data[name].items()
        )
        assert lines == expected
        assert count == len(data[name])
        assert top == max((int(key) for key in data[name]), default=None)
        assert crc == zlib.crc32(lines)
        around = around.replace(lines, b"", 1)
    assert places["tickets"][3] == 40 and places["empty"][2:4] == [0, None]
    assert orjson.loads(raw)["_meta"]["1"]["checksum"] == zlib.crc32(around)  # names, braces


def older(raw: bytes, *, places: bool) -> bytes:
    """``raw`` as an earlier version laid it out: one checksum of everything after the first
    line, and each table's place without its checksum, or no places at all."""
    head, body = raw.split(b"\n", 1)
    stamp = orjson.loads(head[len(b'{"_meta":') : -1])
    del stamp["1"]["header_checksum"]  # earlier versions had none
    if places:
        stamp["1"]["tables"] = {name: p[:4] for name, p in stamp["1"]["tables"].items()}
    else:
        del stamp["1"]["tables"]
    stamp["1"]["checksum"] = zlib.crc32(body)
    return b'{"_meta":' + orjson.dumps(stamp) + b",\n" + body


@pytest.mark.parametrize("places", [True, False], ids=["placed", "not-placed"])
def test_a_file_laid_out_by_an_earlier_version_still_reads_lazily(places: bool) -> None:
    data = layout.load(older(layout.dumps(sample()), places=places))
    assert all(isinstance(data[name], Records) for name in ("topics", "empty", "tickets"))
    assert plain(data) == sample()
    data["tickets"]["8"] = {"subject": "eight"}
    again = layout.load(layout.dumps(data))
    assert again["tickets"]["8"] == {"subject": "eight"} and len(again["tickets"]) == 8
    assert all(
        len(p) == 5 for p in orjson.loads(layout.dumps(again))["_meta"]["1"]["tables"].values()
    )


def _desk_of(path: Path, count: int) -> None:
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    open_store(path).add_tickets(
        Ticket(uid=uuid4().hex, created=now, updated=now, subject=f"old {n}", description="x" * 500)
        for n in range(1, count + 1)
    )


def _damaged_at(path: Path, text: bytes, instead: bytes) -> Verdict:
    raw = path.read_bytes()
    assert raw.count(text) == 1
    path.write_bytes(raw.replace(text, instead))
    return check_file(path)


@pytest.mark.parametrize(
    "where", [b'"subject":"old 2"', b'"subject":"old 150"', b'"subject":"new"']
)
def test_a_table_that_only_gained_records_is_checksummed_whole(
    tmp_path: Path, where: bytes
) -> None:
    # A save checksums only what the table gained; the file's checksums must still cover every
    # line, old ones included, so damage anywhere in the table is found.
    db = tmp_path / "tickets.json"
    _desk_of(db, 200)
    store = open_store(db)
    now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    store.add_ticket(Ticket(uid=uuid4().hex, created=now, updated=now, subject="new"))
    sound = check_file(db)
    assert (sound.sound, sound.checksums, sound.tickets) == (True, True, 201)
    assert [t.subject for t in open_store(db).tickets()][-1] == "new"

    damaged = _damaged_at(db, where, where[:-1] + b'!"')
    assert not damaged.sound
    assert "tickets" in damaged.problem


def test_a_table_changed_in_place_is_checksummed_again() -> None:
    saved = layout.load(layout.dumps(sample()))
    saved["tickets"]["3"] = {"subject": "changed"}
    again = layout.load(layout.dumps(saved))
    assert isinstance(again["tickets"], Records) and again["tickets"]["3"] == {"subject": "changed"}


@pytest.mark.parametrize("where", [b'"old 3"', b'"changed"', b'"old 1999"'])
def test_a_table_changed_in_place_is_checksummed_whole_again(tmp_path: Path, where: bytes) -> None:
    db = tmp_path / "tickets.json"
    _desk_of(db, 2000)
    store = open_store(db)
    ticket = store.ticket(1000)
    assert ticket is not None
    ticket.subject = "changed"
    store.save_ticket(ticket)
    sound = check_file(db)
    assert (sound.sound, sound.checksums, sound.tickets) == (True, True, 2000)
    assert open_store(db).ticket(1000).subject == "changed"  # type: ignore[union-attr]

    damaged = _damaged_at(db, where, where[:-1] + b'!"')
    assert not damaged.sound
    assert "tickets" in damaged.problem


@pytest.mark.parametrize("part", ["lines", "names"])
def test_a_change_to_any_byte_fails_the_check(part: str) -> None:
    raw = layout.dumps(sample())
    edited = (
        raw.replace(b'"key":"grants"', b'"key":"grantz"')
        if part == "lines"
        else raw.replace(b'"topics":{', b'"topicz":{')
    )
    assert edited != raw
    with pytest.raises(layout.Damaged) as refused:
        layout.load(edited)
    assert refused.value.table == "topics"


def test_a_record_added_above_the_top_id_leaves_the_other_lines_unread() -> None:
    raw = layout.dumps(sample())
    tickets = layout.load(raw)["tickets"]
    assert isinstance(tickets, Records)
    assert len(tickets) == len(AWKWARD) and tickets.top() == len(AWKWARD)
    tickets["8"] = {"subject": "eight"}
    tickets["9"] = {"subject": "nine"}
    tickets["9"] = {"subject": "nine, again"}
    assert len(tickets) == 9 and tickets.top() == 9
    assert tickets["9"] == {"subject": "nine, again"} and "8" in tickets
    (first,) = layout.load(raw)["tickets"].chunks()
    pieces = tickets.chunks()
    assert pieces[0] == first and isinstance(pieces[0], memoryview) and pieces[0].obj is raw
    assert b"".join(pieces[1:]) == b',\n"8":{"subject":"eight"},\n"9":{"subject":"nine, again"}'
    assert list(tickets) == [*(str(i) for i in range(1, 8)), "8", "9"]  # listed: in file order


def test_random_changes_round_trip() -> None:
    """Many rounds of random changes, each saved and read back, against a plain dict."""
    rng = random.Random(8)
    expected = sample()
    data: dict[str, Any] = layout.load(layout.dumps(expected))
    for _ in range(400):
        table = rng.choice(["topics", "empty", "tickets", "more"])
        # Mostly known ids; sometimes the next one above all, as TinyDB numbers new records.
        top = max((int(k) for k in expected.get(table, {})), default=0)
        key = str(top + 1 if rng.random() < 0.3 else rng.randint(1, 12))
        action = rng.random()
        expected.setdefault(table, {})
        target = data.setdefault(table, {})
        if action < 0.6:
            value = {"v": rng.choice(AWKWARD), "n": rng.random()}
            expected[table][key] = value
            target[key] = value
        elif key in expected[table]:
            del expected[table][key]
            del target[key]
        if rng.random() < 0.2:
            assert len(target) == len(expected[table])
            assert (key in target) == (key in expected[table])
        if rng.random() < 0.3:
            raw = layout.dumps(data)
            assert without_checksum(orjson.loads(raw)) == expected
            data = layout.load(raw)
    assert without_checksum(plain(data)) == expected


def test_ids_that_need_escapes_are_written_as_plain_json() -> None:
    data = sample()
    data["odd"] = {'a "quoted" id': {"x": 1}}
    raw = layout.dumps(data)
    assert raw == orjson.dumps(data)
    assert layout.load(raw)["odd"] == {'a "quoted" id': {"x": 1}}


def test_an_added_id_that_needs_escapes_writes_the_file_as_plain_json() -> None:
    data = layout.load(layout.dumps(sample()))
    data["tickets"]["9"] = {"subject": "nine"}
    data["tickets"]['a "quoted" id'] = {"subject": "odd"}
    raw = layout.dumps(data)
    assert raw == orjson.dumps({name: dict(table) for name, table in data.items()})
    assert layout.load(raw)["tickets"]['a "quoted" id'] == {"subject": "odd"}


def test_a_save_writes_unchanged_records_as_slices_of_what_was_read() -> None:
    raw = layout.dumps(sample())
    data = layout.load(raw)
    data["tickets"]["3"] = {"subject": "changed"}
    chunks = layout.dump(data)
    shared = [c for c in chunks if isinstance(c, memoryview) and c.obj is raw]
    assert sum(len(c) for c in shared) > len(raw) // 2  # most of the file, never copied
    assert without_checksum(orjson.loads(b"".join(chunks)))["tickets"]["3"] == {
        "subject": "changed"
    }


def test_chunks_are_written_in_order_small_ones_gathered(tmp_path: Any) -> None:
    from helpdesk.files import write_atomically

    big = bytes(range(256)) * 8192  # 2 MiB: written on its own
    chunks: list[bytes | memoryview] = [b"a" * 10, memoryview(big)[5:], b"b", *[b"c" * 999] * 3000]
    target = tmp_path / "out.bin"
    write_atomically(target, chunks)
    assert target.read_bytes() == b"".join(chunks)
    write_atomically(target, [])
    assert target.read_bytes() == b""


def test_gathered_joins_small_chunks_and_passes_large_ones_through() -> None:
    from helpdesk.files import gathered

    big = memoryview(b"x" * 100)
    chunks: list[bytes | memoryview] = [b"ab", b"cd", b"e" * 7, big, b"f", b"g" * 20, b"h"]
    pieces = list(gathered(chunks, size=10))
    assert b"".join(pieces) == b"".join(chunks)
    # 2+2+7 reach the size together; the large chunk is not copied; the tail is flushed.
    assert [bytes(p) for p in pieces] == [b"abcd" + b"e" * 7, b"x" * 100, b"f", b"g" * 20, b"h"]
    assert pieces[1] is big
    assert list(gathered([], size=10)) == []


def test_one_record_is_read_without_listing_the_table() -> None:
    data = sample()
    data["tickets"].update({"10": {"subject": "ten"}, "11": {"subject": "eleven"}})
    tickets = layout.load(layout.dumps(data))["tickets"]
    assert isinstance(tickets, Records)
    for key, record in data["tickets"].items():
        assert tickets[key] == record and key in tickets
    assert "12" not in tickets and "0" not in tickets and 1 not in tickets
    with pytest.raises(KeyError):
        tickets["12"]
    assert tickets.get('"1"') is None
    assert tickets.changes() == ({}, set()) and tickets.pristine()
    empty = layout.load(layout.dumps(data))["empty"]
    assert "1" not in empty and empty.get("1") is None


def test_a_needle_is_found_in_the_first_line_holding_it() -> None:
    data = sample()
    table = layout.load(layout.dumps(data))["tickets"]
    assert isinstance(table, Records)
    assert table.find(b'"n":3,') == "3"
    assert table.find(b'"n":1,') == "1"
    assert table.find(b"nowhere") is None
    table["2"] = {"changed": True}
    assert not table.pristine() and table.changes() == ({"2": {"changed": True}}, set())


def test_a_table_read_record_by_record_is_listed_after_a_few_searches() -> None:
    data = sample()
    data["tickets"].update({str(n): {"n": n} for n in range(8, 20)})
    tickets = layout.load(layout.dumps(data))["tickets"]
    assert isinstance(tickets, Records)
    keys = list(data["tickets"])
    # The first few are each found by their line, the rest once the lines are listed: every
    # record reads back the same either way, and again once found.
    for key in [*keys[: layout.SEARCHES_BEFORE_LISTING], *reversed(keys)]:
        assert tickets[key] == data["tickets"][key]
        assert tickets[key] == data["tickets"][key] and key in tickets
    assert "99" not in tickets and tickets.get("99") is None
    assert list(tickets) == keys and len(tickets) == len(keys)


def test_a_record_assigned_again_is_written_in_its_place_without_listing_the_table() -> None:
    raw = layout.dumps(sample())
    tickets = layout.load(raw)["tickets"]
    assert isinstance(tickets, Records)
    tickets["3"] = {"subject": "changed"}
    tickets["1"] = {"subject": "first, changed"}
    tickets["3"] = {"subject": "changed twice"}
    tickets["8"] = {"subject": "added"}
    assert tickets["3"] == {"subject": "changed twice"} and "3" in tickets
    assert len(tickets) == 8 and tickets.top() == 8
    assert tickets.changes() == (
        {
            "1": {"subject": "first, changed"},
            "3": {"subject": "changed twice"},
            "8": {"subject": "added"},
        },
        set(),
    )
    pieces = tickets.chunks()
    assert any(isinstance(p, memoryview) and p.obj is raw for p in pieces)
    expected = {**sample()["tickets"], **tickets.changes()[0]}
    again = layout.load(layout.dumps({**layout.load(raw), "tickets": tickets}))["tickets"]
    assert dict(again.items()) == expected and list(again) == list(expected)  # in file order


def test_the_top_id_follows_changes_once_the_table_is_listed() -> None:
    tickets = layout.load(layout.dumps(sample()))["tickets"]
    assert isinstance(tickets, Records)
    del tickets["2"]  # lists the lines
    assert tickets.top() == 7 and "2" not in tickets
    tickets["20"] = {"subject": "later"}
    assert tickets.top() == 20
    del tickets["20"]
    assert tickets.top() == 7
    for key in list(tickets):
        del tickets[key]
    assert tickets.top() is None


def test_records_read_in_the_files_order_are_located_in_one_sweep() -> None:
    data = sample()
    data["tickets"].update({str(n): {"n": n} for n in range(8, 60)})
    tickets = layout.load(layout.dumps(data))["tickets"]
    assert isinstance(tickets, Records)
    wanted = [str(n) for n in range(2, 60, 3)]
    tickets.locate(wanted)
    assert all(tickets[key] == data["tickets"][key] for key in wanted)
    assert tickets.changes() == ({}, set()) and len(tickets) == len(data["tickets"])
    tickets["5"] = {"n": "five"}  # written in its line's place, located or not
    again = layout.load(layout.dumps({**layout.load(layout.dumps(data)), "tickets": tickets}))
    assert dict(again["tickets"].items()) == {**data["tickets"], "5": {"n": "five"}}


def test_a_sweep_stops_at_a_key_out_of_order_and_the_rest_still_read() -> None:
    data = sample()
    data["tickets"].update({str(n): {"n": n} for n in range(8, 60)})
    tickets = layout.load(layout.dumps(data))["tickets"]
    assert isinstance(tickets, Records)
    tickets.locate(["10", "20", "5", "30", "99"])
    for key in ("10", "20", "5", "30"):
        assert tickets[key] == data["tickets"][key]
    assert tickets.get("99") is None


def test_a_needle_found_in_a_line_leaves_the_line_located() -> None:
    tickets = layout.load(layout.dumps(sample()))["tickets"]
    assert isinstance(tickets, Records)
    found = tickets.find_all(b'"n":')
    assert found == [str(i) for i in range(1, len(AWKWARD) + 1)]
    assert all(tickets[key] == sample()["tickets"][key] for key in found)
    assert tickets.find_all(b"nowhere") == []


def test_every_item_is_read_in_file_order_with_what_changed() -> None:
    data = sample()
    tickets = layout.load(layout.dumps(data))["tickets"]
    assert isinstance(tickets, Records)
    tickets["3"] = {"subject": "changed"}
    tickets["9"] = {"subject": "added"}
    expected = {**data["tickets"], "3": {"subject": "changed"}, "9": {"subject": "added"}}
    assert list(tickets.items()) == list(expected.items())
    del tickets["1"]
    del expected["1"]
    assert list(tickets.items()) == list(expected.items())
    assert ("2", expected["2"]) in tickets.items() and len(tickets.items()) == len(expected)
    empty = layout.load(layout.dumps(data))["empty"]
    assert list(empty.items()) == []
