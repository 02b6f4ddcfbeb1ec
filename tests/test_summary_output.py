"""Every output of a summary: the Rich view, Markdown, CSV rows and JSON, and ``helpdesk summary``.

The figures come from the hand-made desk of ``test_summary_desk.py`` (2020-Q2: 7 tickets). The
command-line tests run ``helpdesk`` in-process through ``CliRunner`` on a copy of that desk in the
store the tests run on (a database file in an empty folder, or a PostgreSQL desk); the command
reads the real clock, so they check figures that do not move with it (counts, breakdowns, response
times).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import into_test_store
from rich.console import Console
from test_summary_desk import build_known_desk, write_known_database
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app
from helpdesk.dates import FrozenClock
from helpdesk.render.summary import (
    CSV_COLUMNS,
    BarChart,
    bar,
    breakdown_markdown,
    breakdown_report,
    breakdown_report_markdown,
    summary_markdown,
    summary_rows,
    summary_view,
)
from helpdesk.services.call_figures import grants_rows
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.impact import impact_rows
from helpdesk.services.summary import Count, Summary
from helpdesk.services.summary_json import breakdown_json, summary_json

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def known() -> Desk:
    clock = FrozenClock("2020-03-01 09:00")
    return build_known_desk(memory_desk(clock, actor="ms"), clock)


@pytest.fixture(scope="module")
def q2(known: Desk) -> Summary:
    return known.summary.compute(known.summary.period("2020-Q2"))


@pytest.fixture(scope="module")
def known_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-made desk in a database file (copied by each CLI test)."""
    return write_known_database(tmp_path_factory.mktemp("known"))


@pytest.fixture
def db(known_file: Path, isolated_env: Path) -> Path:
    """A copy of the hand-made database as ``tickets.json`` in the test's empty folder."""
    target = isolated_env / "tickets.json"
    shutil.copyfile(known_file, target)
    into_test_store(target)
    return target


def text_of(renderable: object, width: int = 120) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def run(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": "120"})


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert result.stderr == ""
    return result


# -- bars ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "largest", "width", "expected"),
    [
        (10, 10, 4, "████"),
        (5, 10, 4, "██"),
        (1, 10, 4, "▍"),  # 3.2 eighths → 3
        (1, 1000, 4, "▏"),  # tiny but not zero: a sliver
        (0, 10, 4, ""),
        (3, 0, 4, ""),
    ],
)
def test_bar_draws_eighths_of_a_cell(value: int, largest: int, width: int, expected: str) -> None:
    assert bar(value, largest, width).plain == expected


def test_a_narrow_bar_chart_cuts_labels_and_bars_but_never_counts_or_shares() -> None:
    chart = BarChart(
        [
            Count("a", "A label much longer than the room it has", 8, 0.8),
            Count("b", "Short", 2, 0.2),
        ],
        title="Topic",
        bar_width=10,
    )
    lines = text_of(chart, width=30).splitlines()

    assert lines[0].rstrip() == "Topic"
    assert all(len(line) <= 30 for line in lines)
    assert lines[1] == "A label much long… 8 ████  80%"
    assert lines[2] == "Short              2 █     20%"  # 2/8 of 4 cells
    assert text_of(chart, width=50).splitlines()[1] == (
        "A label much longer than the ro… 8 ██████████  80%"
    )


def test_gathered_others_get_no_bar(known: Desk) -> None:
    summary = known.summary.compute(known.summary.period("2020-Q2"))
    text = text_of(breakdown_report(summary, "topic"))

    assert "No topic" in text
    from helpdesk.render.summary import breakdown_view

    chart = text_of(breakdown_view(summary.breakdown("topic"), limit=3, bar_width=8))
    # ecommerce and grants shown; industry40 (2), digital_tools (1) and none (1) gathered.
    assert chart.splitlines()[-1].split() == ["3", "others", "4", "57%"]


# -- the Rich view ---------------------------------------------------------------------------------


def test_the_headline_panel_carries_the_key_figures(q2: Summary) -> None:
    text = text_of(summary_view(q2), width=160)
    head = text.splitlines()[:4]

    assert "Summary · 2020-Q2 (1 Apr 2020 – 30 Jun 2020)" in head[0]
    assert head[1].split()[1:4] == ["7", "4", "3"]  # tickets, businesses, returning
    assert " 3h " in head[1] and " 2d 2h " in head[1]  # median to triage, to follow-up
    # open now, overdue follow-ups, closed, webinars, attendance
    assert head[1].split()[7:12] == ["5", "1", "2", "2", "50%"]
    assert "tickets" in head[2] and "overdue follow-ups" in head[2]


def test_every_section_is_on_screen(q2: Summary) -> None:
    text = text_of(summary_view(q2), width=120)

    for heading in (
        "Topic",
        "Month",
        "Response times",
        "Status",
        "Open now, by age",
        "Follow-ups",
        "Channel",
        "Company kind",
        "Province",
        "Adviser",
        "Outcome of closed tickets",
        "Businesses",
        "Webinars",
    ):
        assert heading in text, heading
    assert "Grants and funding" in text and "█" in text
    assert "Apr 2020" in text
    assert "fill 27%" in text and "2 (50%)" in text


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_the_view_fits_any_width(q2: Summary, width: int) -> None:
    lines = text_of(summary_view(q2), width=width).splitlines()

    assert all(len(line.rstrip()) <= width for line in lines)


def test_the_view_uses_three_columns_at_120_and_one_at_60(q2: Summary) -> None:
    wide = text_of(summary_view(q2), width=120).splitlines()
    narrow = text_of(summary_view(q2), width=60).splitlines()

    topic_line = next(line for line in wide if line.startswith("Topic"))
    assert "Month" in topic_line and "Response times" in topic_line
    assert not any(line.startswith("Topic") and "Month" in line for line in narrow)
    assert len(wide) < 45  # a quarter on one screen


def test_user_text_in_labels_stays_literal(known: Desk) -> None:
    desk = memory_desk(FrozenClock("2020-04-01 09:00"), actor="xx")
    desk.directory.add_adviser("xx", "[bold red]Mallory[/]")
    from helpdesk.services.tickets import TicketDraft

    ref = desk.tickets.log(TicketDraft("Richiesta", topics=[])).ticket.ref
    desk.tickets.triage(ref, assignee="xx")
    summary = desk.summary.compute()

    assert "[bold red]Mallory[/]" in text_of(breakdown_report(summary, "adviser"))
    assert "\\[bold red\\]Mallory\\[/\\]" in breakdown_markdown(summary.breakdown("adviser"))


def test_the_filter_is_named_in_the_headline(known: Desk) -> None:
    summary = known.summary.compute(known.summary.period("2020-Q2"), "topic:grants")

    assert "filter: topic:grants" in text_of(summary_view(summary), width=120)


def test_a_breakdown_report_names_period_and_total(q2: Summary) -> None:
    lines = text_of(breakdown_report(q2, "adviser"), width=80).splitlines()

    assert lines[0].rstrip() == "Tickets by adviser · 2020-Q2 (1 Apr 2020 – 30 Jun 2020) · 7 in all"
    assert lines[2].split()[:4] == ["Marta", "Sala", "3", "██████████████████████████████"]


# -- Markdown ------------------------------------------------------------------------------------


def test_summary_markdown_has_a_headline_table_and_one_table_per_breakdown(q2: Summary) -> None:
    text = summary_markdown(q2)

    assert text.startswith("# Desk summary: 2020-Q2 (1 Apr 2020 – 30 Jun 2020)\n")
    assert "| Tickets received | 7 |" in text
    assert "| Median time to triage | 3h |" in text
    assert "| 90% triaged within | 10h |" in text
    assert "| Follow-ups done / pending / overdue | 1 / 1 / 1 |" in text
    assert "| Fill rate / attendance rate | 27% / 50% |" in text
    assert (
        "## Tickets by topic\n\n|  | Count | Share |\n|---|---:|---:|\n| E-commerce | 2 | 29% |"
        in text
    )
    for title in ("status", "channel", "company kind", "province", "adviser", "month"):
        assert f"## Tickets by {title}" in text
    assert "## Outcome of closed tickets" in text
    assert "## Businesses by kind" in text
    assert "## Open tickets by age" in text


def test_breakdown_markdown_alone(q2: Summary) -> None:
    assert breakdown_report_markdown(q2, "channel") == (
        "# Tickets by channel\n\n"
        "_2020-Q2 (1 Apr 2020 – 30 Jun 2020) · 7 in all_\n\n"
        "|  | Count | Share |\n|---|---:|---:|\n"
        "| Email | 2 | 29% |\n| Phone | 2 | 29% |\n| Web form | 2 | 29% |\n| Walk-in | 1 | 14% |\n"
    )


# -- CSV rows --------------------------------------------------------------------------------------


def test_csv_rows_are_long_section_key_value(q2: Summary) -> None:
    flat = [(r["section"], r["key"], r["value"]) for r in summary_rows(summary_json(q2))]

    assert CSV_COLUMNS == ("section", "key", "value")
    assert flat[:5] == [
        ("period", "label", "2020-Q2"),
        ("period", "first_day", "2020-04-01"),
        ("period", "last_day", "2020-06-30"),
        ("filter", "query", ""),
        ("tickets", "received", 7),
    ]
    assert ("businesses.by_kind", "sme", 1) in flat
    assert ("time_to_triage", "p90_hours", 10.0) in flat
    assert ("open.ages", "over_13w", 2) in flat
    assert ("webinars", "attendance_rate", 0.5) in flat
    assert ("topic", "none", 1) in flat
    assert ("month", "2020-06", 3) in flat
    assert ("outcome", "grant_applied", 1) in flat


def test_csv_and_json_carry_the_same_figures(q2: Summary) -> None:
    data = summary_json(q2)
    flat = {(r["section"], r["key"]): r["value"] for r in summary_rows(data)}
    expected = {}
    for section, body in data.items():
        if section == "breakdowns":
            for name, counts in body.items():
                expected.update({(name, c["key"]): c["count"] for c in counts})
            continue
        if section == "impact":  # one row per stage, rate and satisfaction figure
            expected.update({(r["section"], r["key"]): r["value"] for r in impact_rows(body)})
            continue
        if section == "grants":  # one row per figure of each funder and call
            expected.update({(r["section"], r["key"]): r["value"] for r in grants_rows(body)})
            continue
        for key, value in body.items():
            if isinstance(value, list):
                expected.update({(f"{section}.{key}", c["key"]): c["count"] for c in value})
            else:
                expected[(section, key)] = value

    assert flat == expected
    assert len(flat) == len(summary_rows(data))  # no (section, key) twice


def test_csv_rows_of_one_breakdown(q2: Summary) -> None:
    flat = [(r["section"], r["key"], r["value"]) for r in summary_rows(breakdown_json(q2, "kind"))]

    assert flat[4:] == [
        ("kind", "food_service", 2),
        ("kind", "sme", 2),
        ("kind", "artisan", 1),
        ("kind", "professional", 1),
        ("kind", "none", 1),
    ]


def test_no_webinar_service_means_no_webinar_rows(known: Desk) -> None:
    from helpdesk.services.summary import SummaryService

    bare = SummaryService(known.ctx, known.tickets, known.directory)
    summary = bare.compute(bare.period("2020-Q2"))

    assert summary.webinars is None
    assert summary_json(summary)["webinars"] is None
    assert not any(r["section"] == "webinars" for r in summary_rows(summary_json(summary)))
    assert "no webinar records" in text_of(summary_view(summary))


# -- helpdesk summary ----------------------------------------------------------------------------


@pytest.mark.usefixtures("db")
def test_summary_json_from_the_command_line() -> None:
    data = json.loads(ok("summary", "--period", "2020-Q2", "--format", "json").stdout)

    assert data["tickets"]["received"] == 7
    assert data["time_to_triage"]["median_hours"] == 3.0
    assert data["time_to_first_followup"]["p90_hours"] == 100.0
    assert data["businesses"]["returning"] == 3
    assert data["webinars"]["held"] == 2
    assert [(r["key"], r["count"]) for r in data["breakdowns"]["province"]] == [
        ("LC", 2),
        ("MI", 2),
        ("CO", 1),
        ("none", 2),
    ]


@pytest.mark.usefixtures("db")
def test_summary_csv_from_the_command_line_matches_its_json() -> None:
    as_json = json.loads(ok("summary", "--period", "2020-Q2", "-f", "json").stdout)
    text = ok("summary", "--period", "2020-Q2", "-f", "csv").stdout
    table = list(csv.DictReader(io.StringIO(text)))

    assert text.splitlines()[0] == "section,key,value"
    assert [(r["section"], r["key"], r["value"]) for r in table] == [
        (r["section"], r["key"], "" if r["value"] is None else str(r["value"]))
        for r in summary_rows(as_json)
    ]
    assert ("topic", "grants", "2") in {(r["section"], r["key"], r["value"]) for r in table}


@pytest.mark.usefixtures("db")
def test_summary_markdown_from_the_command_line() -> None:
    text = ok("summary", "--period", "2020-Q2", "-f", "markdown").stdout

    assert text.startswith("# Desk summary: 2020-Q2")
    assert "| Tickets received | 7 |" in text


@pytest.mark.usefixtures("db")
def test_summary_table_from_the_command_line() -> None:
    text = ok("summary", "--period", "2020-Q2").stdout

    assert "Summary · 2020-Q2 (1 Apr 2020 – 30 Jun 2020)" in text
    assert "Response times" in text
    assert "\x1b[" not in text


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("json", '"rows": [\n    {\n      "key": "gb",'),
        ("csv", "section,key,value\nperiod,label,2020-Q2\n"),
        ("markdown", "# Tickets by adviser\n\n_2020-Q2"),
        ("table", "Tickets by adviser · 2020-Q2"),
    ],
)
def test_summary_by_one_breakdown_in_every_format(fmt: str, expected: str) -> None:
    text = ok("summary", "topic:grants", "--period", "2020-Q2", "--by", "adviser", "-f", fmt).stdout

    assert expected in text
    assert "Marta Sala" not in text  # topic:grants holds only gb's tickets


@pytest.mark.usefixtures("db")
def test_summary_since_until_and_filter_words() -> None:
    data = json.loads(
        ok(
            "summary",
            "--since",
            "01/05/2020",
            "--until",
            "31/05/2020",
            "topic:grants",
            "-f",
            "json",
        ).stdout
    )

    assert data["period"] == {
        "label": "1 May 2020 – 31 May 2020",
        "first_day": "2020-05-01",
        "last_day": "2020-05-31",
    }
    assert data["filter"]["query"] == "topic:grants"
    assert data["tickets"]["received"] == 1


@pytest.mark.usefixtures("db")
def test_summary_of_everything_by_default() -> None:
    data = json.loads(ok("summary", "-f", "json").stdout)

    assert (data["period"]["label"], data["tickets"]["received"]) == ("all time", 9)


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "2020-Q9"), "quarters go from Q1 to Q4"),
        (("--period", "2020", "--since", "2020-01-01"), "either a period or --since/--until"),
        (("status:sideways",), "sideways"),
    ],
)
def test_summary_refusals_are_one_line(args: tuple[str, ...], message: str) -> None:
    result = run("summary", *args)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.usefixtures("db")
def test_summary_by_an_unknown_field_is_a_usage_error() -> None:
    result = run("summary", "--by", "colour")

    assert result.exit_code == 2
    assert "colour" in result.stderr


@pytest.mark.files_only("a database file that does not exist")
@pytest.mark.usefixtures("isolated_env")
def test_summary_without_a_database_says_so() -> None:
    result = run("summary")

    assert result.exit_code == 1
    assert "No database at tickets.json" in result.stderr


@pytest.mark.slow
def test_summary_piped_to_a_file_has_no_colour_codes(db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    env.pop("FORCE_COLOR", None)
    # The test's own desk: the file in ``cwd``, or the PostgreSQL desk the fixture named.
    env.update({k: os.environ[k] for k in ("HELPDESK_DB", "HELPDESK_DESK") if k in os.environ})
    env.update(PYTHONUTF8="1", TERM="xterm-256color")
    done = subprocess.run(
        [sys.executable, "-m", "helpdesk", "summary", "--period", "2020-Q2"],
        capture_output=True,
        text=True,
        env=env,
        cwd=db.parent,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert "Summary · 2020-Q2" in done.stdout
    assert "█" in done.stdout
    assert "\x1b[" not in done.stdout
