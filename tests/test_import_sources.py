"""Tests of reading import files and mapping their headers: formats, encodings, dialects.

Pure functions over bytes: no desk, no database. What the rows then become is in
``test_import_service.py``.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest

from helpdesk.errors import InvalidValue
from helpdesk.services.importing import two_processes
from helpdesk.services.importing.columns import (
    COLUMNS,
    SYNONYMS,
    field_for,
    map_columns,
    parse_mapping,
    squash,
)
from helpdesk.services.importing.sources import Misread, Source, read_source, sniff_delimiter

DATA = Path(__file__).parent / "data"


def cells(source: Source) -> list[list[str]]:
    return [list(row.values) for row in source.rows]


def mapped(headers: list[str], mapping: dict[str, str] | None = None) -> dict[str, str]:
    """Field → header, as the file names it."""
    columns = map_columns(headers, mapping)
    return {name: headers[index] for name, index in columns.fields.items()}


# -- encodings ------------------------------------------------------------------------------------


def test_utf8_with_and_without_bom_read_the_same() -> None:
    text = "azienda;città\r\nCaffè Nerò;Cantù\r\n"

    plain = read_source(text.encode("utf-8"), "a.csv")
    bom = read_source(codecs.BOM_UTF8 + text.encode("utf-8"), "a.csv")

    assert plain.headers == bom.headers == ["azienda", "città"]
    assert cells(plain) == cells(bom) == [["Caffè Nerò", "Cantù"]]
    assert (plain.bom, bom.bom) == (False, True)


def test_a_cp1252_file_is_refused_with_the_option_to_use() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_source((DATA / "windows_cp1252.csv").read_bytes(), "windows_cp1252.csv")

    assert caught.value.message == (
        "windows_cp1252.csv is not UTF-8 text (byte 0xe0 on line 1, character 21, at byte 21 "
        "of the file); if it was saved by Excel on Windows, import it with --encoding cp1252."
    )


def test_the_encoding_given_is_honoured() -> None:
    source = read_source(
        (DATA / "windows_cp1252.csv").read_bytes(), "windows_cp1252.csv", encoding="cp1252"
    )

    assert source.headers == ["Azienda", "Oggetto", "Città"]
    assert cells(source) == [["Caffè Nerò", "Richiesta più informazioni", "Cantù"]]


def test_an_unknown_encoding_or_bytes_foreign_to_it_are_refused() -> None:
    with pytest.raises(InvalidValue, match=r"^Unknown encoding 'klingon'; try utf-8, cp1252"):
        read_source(b"a\n", "a.csv", encoding="klingon")
    with pytest.raises(InvalidValue) as caught:
        read_source(b"a\n\x81\n", "a.csv", encoding="cp1252")
    assert caught.value.message == (
        "a.csv is not cp1252 text (byte 0x81 on line 2, character 1, at byte 3 of the file)."
    )


def test_utf16_with_a_bom_is_read_as_excel_unicode_text() -> None:
    data = "subject\tazienda\r\nUno\tCaffè\r\n".encode("utf-16")

    source = read_source(data, "export.txt")

    assert (source.delimiter, source.headers, cells(source)) == (
        "\t",
        ["subject", "azienda"],
        [["Uno", "Caffè"]],
    )


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(InvalidValue, match=r"^e\.csv is empty: there is nothing to import\.$"):
        read_source(b"\xef\xbb\xbf \r\n", "e.csv")


def _as_read(source: Source) -> tuple[object, ...]:
    rows = [(r.number, r.line, r.values, r.error) for r in source.rows]
    return source.headers, rows, source.delimiter, source.newline


_LONG = "".join(f"Richiesta {i};Caffè Nerò {i}\r" for i in range(1200))  # lone CRs, > 16 KB


@pytest.mark.parametrize(
    "text",
    [
        "oggetto;azienda\r\nUno;Caffè\r\nDue;Forno\r\n",
        "oggetto,azienda\nUno,Caffè\nDue,Forno",  # no line break at the end
        "oggetto,azienda\rUno,Caffè\rDue,€ 30\r",  # an old Mac's lone CRs
        'oggetto,descrizione\r\nUno,"riga\r\naltra\nterza\rquarta"\r\n',
        "oggetto,note\nUno,pagina\x0cdue\x85e\u2028oltre\x1cfine\n",  # text's line breaks
        "\ufeffoggetto,azienda\nUno,Caffè\n",  # a second BOM after the one decoding takes
        "oggetto,azienda\n\ufeffUno,Caffè\n",  # not a BOM: a character of the text
        "oggetto;azienda\r" + _LONG + "Ultima;Bar\r\nDopo;Caffè\r\n",  # first LF far down
        "oggetto;azienda\n" + "".join(f"R{i};“Bar” {i}\n" for i in range(2000)),
        "subject\n\n ,  \nUno\n",  # blank records
    ],
)
def test_a_csv_file_reads_the_same_a_line_at_a_time_as_whole(text: str) -> None:
    # UTF-16 is decoded whole, UTF-8 a line at a time as the reader takes lines.
    by_lines = read_source(codecs.BOM_UTF8 + text.encode("utf-8"), "a.csv")
    whole = read_source(text.encode("utf-16"), "a.csv")

    assert _as_read(by_lines) == _as_read(whole)
    assert by_lines.rows and by_lines.bom


def test_a_bad_byte_far_into_a_csv_file_is_named_with_its_line() -> None:
    data = b"oggetto;azienda\n" + b"Uno;Bar\n" * 5000 + b"Due;Caff\xe8\n"

    with pytest.raises(InvalidValue) as caught:
        read_source(data, "a.csv")

    assert caught.value.message == (
        "a.csv is not UTF-8 text (byte 0xe8 on line 5002, character 9, at byte 40025 of the "
        "file); if it was saved by Excel on "
        "Windows, import it with --encoding cp1252."
    )


def test_a_csv_file_of_nothing_but_spaces_of_any_kind_is_empty() -> None:
    with pytest.raises(InvalidValue, match=r"^e\.csv is empty: there is nothing to import\.$"):
        read_source("\u00a0\u3000\n\u2003\n".encode(), "e.csv")


def _large_csv(middle: str = "", padding: int = 0) -> bytes:
    # Over 64 KiB before its middle, with quoted line breaks, blank records and rows with a
    # cell too many throughout; ``middle`` goes in the middle, ``padding`` characters at the
    # start move where the middle falls.
    rows = [f"Primo;{'x' * padding};Bar\r\n"]
    for n in range(3000):
        rows.append(f'R{n};"Buongiorno,\r\nriga {n}";Caffè Nerò {n}\r\n')
        if n % 97 == 0:
            rows.append(";;\r\n")
        if n % 501 == 0:
            rows.append(f"R{n}b;testo;Bar;oltre\r\n")
    rows.insert(len(rows) // 2, middle)
    return ("oggetto;descrizione;azienda\r\n" + "".join(rows)).encode()


def _whole(data: bytes, monkeypatch: pytest.MonkeyPatch, **options: Any) -> Source:
    with monkeypatch.context() as m:
        m.setattr(two_processes, "SHARED_FROM", 10**9)
        return read_source(data, "a.csv", **options)


def _every_row(source: Source) -> list[tuple[object, ...]]:
    # Each part read on its own, as the two processes that check them read them.
    rows = list(source.rows)
    if source.first is not None and source.rest is not None:
        rows = [*source.first.rows(until=source.rest), *source.rest.rows()]
    return [(r.number, r.line, r.values, r.error) for r in rows]


@pytest.mark.parametrize("padding", [0, 9, 21, 40])
def test_a_large_csv_file_is_left_in_two_parts_each_read_as_the_whole_file_reads(
    padding: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _large_csv(padding=padding)

    split = read_source(data, "a.csv")
    whole = _whole(data, monkeypatch)

    assert split.first is not None and split.rest is not None and split.rows == []
    assert whole.first is None and whole.rest is None
    assert 0 < split.rest.start < len(data)
    assert _every_row(split) == _every_row(whole)
    assert (split.headers, split.delimiter, split.newline) == (
        whole.headers,
        whole.delimiter,
        whole.newline,
    )
    assert abs(split.size_hint() - len(whole.rows)) < len(whole.rows) // 10
    split.read_here()
    assert (split.first, split.rest) == (None, None)
    assert _every_row(split) == _every_row(whole)


_INCH_MARK = 'Tubo 3/4";"riga uno\r\nriga due\r\nriga tre";Idraulica\r\n'


@pytest.mark.parametrize("marks", [1, 2])
def test_a_csv_file_whose_quotes_mislead_the_split_is_read_whole_here(
    marks: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An inch mark in an unquoted cell makes every quote count after it odd: the line break
    # taken for a split lies inside a quoted cell. With a second one the split falls between
    # two records again, but the quotes between the marks are paired wrongly, and the records
    # counted before the split are not those that the first part holds.
    data = _large_csv(_INCH_MARK * marks)

    source = read_source(data, "a.csv")
    assert source.first is not None and source.rest is not None
    with pytest.raises(Misread):
        source.first.rows(until=source.rest)
    source.read_here()

    assert (source.first, source.rest) == (None, None)
    assert _every_row(source) == _every_row(_whole(data, monkeypatch))


#: A header with two delimiters, whose first rows alone would say ";" and whose sample says ","
#: (see sniff_delimiter): the opening of a large file takes the sample a whole reading takes.
_SNIFFED_FROM_THE_WHOLE_SAMPLE = (
    "oggetto;descrizione,breve;azienda\r\n"
    + "a,b,c,d;e\r\n" * 8
    + "".join(f"R{n};testo, lungo {n};Bar\r\n" for n in range(6000))
).encode()


@pytest.mark.parametrize(
    ("data", "options"),
    [
        ("\ufeff".encode() + _large_csv(), {}),  # a BOM, which the first line alone holds
        (_large_csv().decode().encode("cp1252"), {"encoding": "cp1252"}),
        (b";;\r\n \r\n" + _large_csv(), {}),  # blank records before the header
        (_large_csv().replace(b";", b"\t"), {"delimiter": "\t"}),
        (_large_csv().replace(b"\r\n", b"\n"), {}),
        ("\ufeff;;\r\n".encode() + _large_csv(), {}),  # a BOM, then a blank record
        (_SNIFFED_FROM_THE_WHOLE_SAMPLE, {}),
    ],
    ids=["bom", "cp1252", "blank-first", "tab-given", "lf", "bom-blank-first", "sample"],
)
def test_every_kind_of_large_csv_file_is_read_in_two_parts_as_it_is_read_whole(
    data: bytes, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    split = read_source(data, "a.csv", **options)
    whole = _whole(data, monkeypatch, **options)

    assert split.first is not None and split.rest is not None
    assert _every_row(split) == _every_row(whole)
    assert (split.headers, split.delimiter, split.newline, split.bom) == (
        whole.headers,
        whole.delimiter,
        whole.newline,
        whole.bom,
    )


def test_a_csv_file_with_lone_carriage_returns_is_read_whole() -> None:
    # Old Mac line endings: the line breaks before the split are not counted as LFs.
    data = _large_csv().replace(b"\r\n", b"\r")

    source = read_source(data, "a.csv")

    assert source.first is None and source.rest is None
    assert len(source.rows) > 3000


def test_a_fault_in_a_part_of_a_large_csv_file_is_named_when_it_is_read() -> None:
    bad_byte = _large_csv() + b"R;testo;Caff" + b"\xe8\r\n"
    unclosed = _large_csv() + b'R;"testo;Bar\r\n'
    large = _large_csv()
    past_the_opening = large.index(b"\nR", 4 * 16384) + 1
    early = large[:past_the_opening] + b"R;testo;Caff\xe8\r\n" + large[past_the_opening:]

    source = read_source(bad_byte, "a.csv")
    assert source.rest is not None  # the fault lies in the part left to be read
    with pytest.raises(InvalidValue) as caught:
        source.rest.rows()
    lines = bad_byte.count(b"\n")
    assert caught.value.message == (
        f"a.csv is not UTF-8 text (byte 0xe8 on line {lines}, character 13, at byte "
        f"{bad_byte.index(0xE8) + 1} of the file); if it was saved by Excel on "
        "Windows, import it with --encoding cp1252."
    )
    source = read_source(unclosed, "a.csv")
    assert source.rest is not None
    with pytest.raises(InvalidValue, match=r"^a\.csv is not valid CSV near line \d+: unexpected"):
        source.rest.rows()
    source = read_source(early, "a.csv")
    assert source.first is not None
    with pytest.raises(InvalidValue) as caught:
        source.read_here()
    line = early.count(b"\n", 0, past_the_opening) + 1
    assert caught.value.message.startswith(
        f"a.csv is not UTF-8 text (byte 0xe8 on line {line}, character 13, "
        f"at byte {early.index(0xE8) + 1} of the file)"
    )


# -- CSV dialects ---------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_detected(delimiter: str) -> None:
    text = delimiter.join(["subject", "company", "town"]) + "\n"
    text += delimiter.join(["Vendere online", '"Rossi, Bianchi & C."', "Como"]) + "\n"

    source = read_source(text.encode(), "a.csv")

    assert source.delimiter == delimiter
    assert cells(source) == [["Vendere online", "Rossi, Bianchi & C.", "Como"]]


def test_the_header_line_overrules_a_sniffer_fooled_by_the_text() -> None:
    # Every data row has two commas and no semicolon inside its one quoted cell.
    text = 'oggetto;descrizione\nUno;"a, b, c"\nDue;"d, e, f"\n'

    assert sniff_delimiter(text) == ";"


def test_a_single_column_file_is_comma_separated() -> None:
    assert sniff_delimiter("subject\nUno\n") == ","


def test_a_delimiter_can_be_given() -> None:
    source = read_source(b"subject|company\nUno|Rossi\n", "a.csv", delimiter="|")

    assert cells(source) == [["Uno", "Rossi"]]


def test_rows_count_records_and_remember_their_first_line() -> None:
    text = 'subject;description\r\n\r\nUno;"a\r\nb"\r\n;\r\nDue;c\r\n'

    source = read_source(text.encode(), "a.csv")

    assert [(r.number, r.line) for r in source.rows] == [(3, 3), (5, 6)]
    assert cells(source) == [["Uno", "a\r\nb"], ["Due", "c"]]
    assert source.newline == "\r\n"


def test_a_quote_left_open_is_a_clear_error() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_source(b'subject,description\nUno,"never closed\nDue,x\n', "a.csv")

    assert caught.value.message == "a.csv is not valid CSV near line 3: unexpected end of data."


def test_the_extension_or_the_content_decides_the_format() -> None:
    jsonl = b'{"subject": "Uno"}\n{"subject": "Due"}\n'

    assert read_source(jsonl, "x.jsonl").format == "jsonl"
    assert read_source(jsonl, "-").format == "jsonl"
    assert read_source(b'[{"subject": "Uno"}]', "-").format == "json"
    assert read_source(b"subject\nUno\n", "-").format == "csv"
    assert read_source(b'{"subject": "Uno"}', "-").format == "jsonl"
    assert read_source(b"subject\nUno\n", "x.weird", fmt="csv").format == "csv"


def test_json_that_holds_no_rows_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_source(b'{"subject": "Uno"}', "x.json")
    assert caught.value.message == (
        "x.json holds a JSON dict; an import needs an array of objects, one per ticket, or a "
        "helpdesk export."
    )
    with pytest.raises(InvalidValue) as caught:
        read_source(b'[{"subject": "Uno"},\n]', "x.json")
    assert caught.value.message == (
        "x.json is not valid JSON: trailing comma is not allowed (line 1, column 20)."
    )


def test_an_export_from_a_newer_helpdesk_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        read_source(b'{"format": "helpdesk-export", "version": 9, "tickets": []}', "x.json")

    assert caught.value.message == (
        "x.json is a helpdesk export of version 9; this helpdesk reads up to version 2. "
        "Upgrade helpdesk to import it."
    )


# -- header mapping -------------------------------------------------------------------------------


def test_every_column_is_its_own_header() -> None:
    assert mapped(list(COLUMNS)) == {name: name for name in COLUMNS}


def test_no_synonym_names_two_fields() -> None:
    seen: dict[str, str] = {}
    for name, synonyms in SYNONYMS.items():
        for synonym in synonyms:
            assert seen.setdefault(squash(synonym), name) == name, synonym


def test_italian_headers_map_by_themselves() -> None:
    headers = [
        "Ragione Sociale",
        "P. IVA",
        "Nome referente",
        "Posta elettronica",
        "Cellulare",
        "Località",
        "Prov.",
        "Argomento",
        "Titolo",
        "Messaggio",
        "Data richiesta",
        "Canale",
        "PRIORITÀ",
        "Stato",
        "ID richiesta",
        "Tipo impresa",
        "Settore ATECO",
        "Assegnatario",
        "Esito",
        "Etichette",
    ]

    assert mapped(headers) == {
        "company": "Ragione Sociale",
        "vat": "P. IVA",
        "contact_name": "Nome referente",
        "contact_email": "Posta elettronica",
        "contact_phone": "Cellulare",
        "town": "Località",
        "province": "Prov.",
        "topics": "Argomento",
        "subject": "Titolo",
        "description": "Messaggio",
        "created": "Data richiesta",
        "channel": "Canale",
        "priority": "PRIORITÀ",
        "status": "Stato",
        "external_id": "ID richiesta",
        "kind": "Tipo impresa",
        "ateco": "Settore ATECO",
        "assignee": "Assegnatario",
        "outcome": "Esito",
        "tags": "Etichette",
    }


def test_english_headers_map_by_themselves() -> None:
    headers = ["Company Name", "VAT number", "Contact", "E-Mail", "Phone", "City", "Topic",
               "Title", "Message", "Timestamp", "Adviser"]  # fmt: skip

    assert mapped(headers) == {
        "company": "Company Name",
        "vat": "VAT number",
        "contact_name": "Contact",
        "contact_email": "E-Mail",
        "contact_phone": "Phone",
        "town": "City",
        "topics": "Topic",
        "subject": "Title",
        "description": "Message",
        "created": "Timestamp",
        "assignee": "Adviser",
    }


def test_two_columns_for_one_field_keep_the_stronger_and_say_so() -> None:
    columns = map_columns(["Note", "Descrizione", "Data", "Informazioni cronologiche"])

    assert {n: columns.headers[i] for n, i in columns.fields.items()} == {
        "description": "Descrizione",
        "created": "Data",
    }
    assert columns.notes == [
        "column 'Informazioni cronologiche' ignored: 'Data' already gives the created.",
        "column 'Note' ignored: 'Descrizione' already gives the description.",
    ]


def test_unknown_columns_are_listed_as_ignored() -> None:
    columns = map_columns(["Oggetto", "Colore preferito", "", "Numero scarpe"])

    assert columns.ignored == ["Colore preferito", "Numero scarpe"]


def test_an_explicit_mapping_wins_and_can_ignore_a_column() -> None:
    headers = ["Nome ditta", "Data", "Data invio", "Note"]
    mapping = parse_mapping(["Nome ditta=company", "data invio=created", "Data=-"])

    assert mapped(headers, mapping) == {
        "company": "Nome ditta",
        "created": "Data invio",
        "description": "Note",
    }


def test_a_mapping_file_is_read_and_pairs_override_it() -> None:
    document = '{"Nome ditta": "azienda", "Quando": "created", "Altro": null}'

    mapping = parse_mapping(["Quando=triaged"], document)

    assert mapping == {"Nome ditta": "azienda", "Quando": "triaged", "Altro": "-"}
    assert mapped(["Nome ditta", "Quando", "Altro"], mapping) == {
        "company": "Nome ditta",
        "triaged": "Quando",
    }


@pytest.mark.parametrize(
    ("pairs", "document", "message"),
    [
        (["company"], None, "--map 'company' should be SOURCE=FIELD, e.g. 'Nome ditta=company'."),
        (
            ["Ditta=colour"],
            None,
            "Cannot map 'Ditta' to 'colour': fields are "
            + ", ".join(COLUMNS)
            + " (or - to ignore the column).",
        ),
        ([], "[1, 2]", 'The mapping file must be a JSON object of "source column": "field" pairs.'),
        (
            [],
            "{oops",
            "The mapping file is not valid JSON: unexpected character, expected a "
            "string key (line 1).",
        ),
    ],
)
def test_a_bad_mapping_is_refused(pairs: list[str], document: str | None, message: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_mapping(pairs, document)

    assert caught.value.message == message


def test_mapping_a_column_the_file_lacks_is_refused() -> None:
    with pytest.raises(InvalidValue) as caught:
        map_columns(["Oggetto", "Azienda"], {"Ditta": "company"})

    assert caught.value.message == (
        "Cannot map 'Ditta': the file has no such column ('Oggetto', 'Azienda')."
    )


def test_field_names_are_found_from_synonyms_too() -> None:
    assert (field_for("Ragione sociale"), field_for("piva"), field_for("colore")) == (
        "company",
        "vat",
        None,
    )
