"""Tests of the fitted tables every list is drawn with."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator

import pytest
from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from helpdesk.render.tables import Column, FittedTable, cell_width, fit

COLUMNS = [
    Column("Ref", cap=5, right=True),
    Column("Company", cap=12, floor=6),
    Column("Subject"),
    Column("Status", cap=11),
]
ROWS = [
    (Text("#7", style="bold"), Text("Forno d'Oro S.r.l."), Text("Vendere online"), Text("new")),
    (
        Text("#12", style="bold"),
        Text("Caffè"),
        Text.assemble(("Bando ", "red"), "voucher digitali 2026"),
        Text("in progress", style="green"),
    ),
]


def draw(width: int, *, colour: bool = False) -> str:
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=colour,
        color_system="standard" if colour else None,
        legacy_windows=False,
    )
    console.print(FittedTable(COLUMNS, ROWS))
    return out.getvalue()


def test_columns_fit_the_width_and_long_texts_are_cut() -> None:
    assert draw(40).splitlines() == [
        "Ref Company     Subject      Status",
        "─" * 40,
        " #7 Forno d'Or… Vendere onl… new",
        "#12 Caffè       Bando vouch… in progress",
    ]
    assert draw(80).splitlines()[3] == "#12 Caffè        Bando voucher digitali 2026 in progress"


def test_a_width_too_narrow_for_the_columns_cuts_each_line_with_an_ellipsis() -> None:
    lines = draw(24).splitlines()
    rows = lines[2:]
    assert all(len(line) == 24 and line.endswith("…") for line in rows)


def test_cells_keep_their_styles_and_padding_takes_the_cell_s_style() -> None:
    drawn = draw(60, colour=True)
    assert "\x1b[1m #7\x1b[0m" in drawn  # right-aligned, the padding bold with the number
    assert "\x1b[31mBando \x1b[0m" in drawn  # a span inside a cell
    assert "\x1b[32min progress\x1b[0m" in drawn


def test_cell_width_and_fit_are_rich_s_cell_length_and_set_cell_size() -> None:
    pool = "aZ 9#«»–—’…àèé€\tß" + "日本語" + "e\u0301" + "\u200b\u200d\ufe0f" + "👍🏽👨‍👩‍👧❤️"
    texts = ["", "Forno d'Oro", "Caffè – “bar” …", "日本語の会社", "👨‍👩‍👧 famiglia", "a\tb"]
    chooser = random.Random(7)
    texts += ["".join(chooser.choices(pool, k=chooser.randint(1, 30))) for _ in range(2000)]
    for text in texts:
        assert cell_width(text) == cell_len(text), text
        assert cell_width(text) == cell_len(text), text  # again, once its characters are known
        cells = chooser.randint(0, 35)
        assert fit(text, cells) == set_cell_size(text, cells), (text, cells)
    assert fit("abc", -1) == fit("€€", -1) == ""


WIDE_ROWS = [
    (Text("#1"), Text("Caffè – Bar “Nerò”"), Text("Sito… e‑commerce 👍"), Text("new")),
    (Text("#22"), Text("日本語の会社 S.r.l."), Text("Bando — voucher 2026"), Text("closed")),
    (
        Text("#333"),
        Text("e\u0301 combinata"),
        Text.assemble(("Nota ", "red"), "lunga " * 9),
        Text(""),
    ),
]


@pytest.mark.parametrize("width", [20, 24, 40, 57, 80, 120])
def test_plain_lines_are_the_styled_lines_without_their_styles(width: int) -> None:
    def drawn(colour: bool) -> str:
        out = io.StringIO()
        console = Console(
            file=out,
            width=width,
            force_terminal=colour,
            color_system="truecolor" if colour else None,
            legacy_windows=False,
        )
        console.print(FittedTable(COLUMNS, WIDE_ROWS))
        return out.getvalue()

    plain = drawn(False)
    assert plain == Text.from_ansi(drawn(True)).plain
    assert all(cell_len(line) <= width for line in plain.splitlines())
    assert "…" in plain.splitlines()[2]


@pytest.mark.parametrize("width", [12, 20, 24, 40, 57, 80, 120])
@pytest.mark.parametrize(
    "title", [None, "Tickets", "A title far too long to fit the narrower widths"]
)
@pytest.mark.parametrize("colour", [False, True])
def test_a_table_printed_as_it_streams_is_what_rich_prints(
    width: int, title: str | None, colour: bool
) -> None:
    def console(out: io.StringIO) -> Console:
        return Console(
            file=out,
            width=width,
            force_terminal=colour,
            color_system="truecolor" if colour else None,
            legacy_windows=False,
        )

    rows = [*ROWS, *WIDE_ROWS]
    printed, streamed = io.StringIO(), io.StringIO()
    console(printed).print(FittedTable(COLUMNS, rows, title=title))
    FittedTable(COLUMNS, iter(rows), title=title).print_to(console(streamed))
    assert streamed.getvalue() == printed.getvalue()


def test_a_long_table_writes_its_first_lines_before_its_last_rows_are_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from helpdesk.render import tables

    monkeypatch.setattr(tables, "SAMPLE_ROWS", 3)
    monkeypatch.setattr(tables, "LINES_PER_WRITE", 4)
    out = io.StringIO()
    written_when_made: list[int] = []

    def rows() -> Iterator[tuple[Text, ...]]:
        for n in range(20):
            written_when_made.append(out.getvalue().count("\n"))
            subject = "Vendere online" if n < 19 else "Un oggetto assai più lungo degli altri"
            yield (Text(f"#{n}"), Text("Caffè"), Text(subject), Text("new"))

    FittedTable(COLUMNS, rows()).print_to(
        Console(file=out, width=80, color_system=None, legacy_windows=False)
    )
    lines = out.getvalue().splitlines()
    assert len(lines) == 22
    assert written_when_made[-1] >= 16  # most lines were out before the last row was made
    # Widths come from the first rows: a later, wider cell is cut to its column.
    assert lines[-1] == "#19 Caffè   Un oggetto as… new"
    assert lines[2] == " #0 Caffè   Vendere online new"


def test_a_command_writes_a_table_to_a_pipe_as_rich_would(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from helpdesk.cli import output

    table = FittedTable(COLUMNS, [*ROWS, *WIDE_ROWS], title="Tickets")
    monkeypatch.setenv("COLUMNS", "57")
    output.show(table)
    shown = capsys.readouterr().out
    printed = io.StringIO()
    Console(file=printed, width=57, color_system=None, legacy_windows=False).print(table)
    assert shown == printed.getvalue()
