"""Tests of the ``helpdesk webinar`` commands, run in-process with Typer's ``CliRunner``.

Each test runs in an empty temporary folder on a fresh desk of the store the tests run on
(``isolated_env``) with ``HELPDESK_ADVISER=ms``. The CLI's desk is opened through the one factory
with a frozen clock (Friday 20 November 2026, 10:00 in Europe/Rome) that a test can move, since
attendance depends on the time. Output is read at 300 columns so nothing is cut; stored values are
read back through the services.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import desk_is_set_up
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.domain.webinars import EnrolmentStatus, WebinarStatus
from helpdesk.services import factory
from helpdesk.services.desk import Desk

runner = CliRunner()


@pytest.fixture
def clock(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FrozenClock]:
    """The frozen clock every command of the test runs on."""
    frozen = FrozenClock("2026-11-20 10:00")
    real = factory.open_desk

    def open_frozen(settings: Settings, *, clock: object = None, create: bool = True) -> Desk:
        return real(settings, clock=frozen, create=create)

    monkeypatch.setattr(factory, "open_desk", open_frozen)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    yield frozen


def desk(clock: FrozenClock) -> Desk:
    """The desk the commands wrote, for reading back."""
    return factory.open_desk(Settings.from_env(), clock=clock)


def run(*args: str) -> Result:
    """Invoke ``helpdesk ARGS`` in-process, 300 columns wide."""
    return runner.invoke(app, list(args), env={"COLUMNS": "300"})


def ok(*args: str) -> str:
    """Invoke, insist on success with nothing on stderr, return stdout."""
    result = run(*args)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert result.stderr == ""
    return result.stdout


def refused(*args: str, code: int = 1) -> str:
    """Invoke, insist on exit ``code`` and one ``error:`` line on stderr; return the message."""
    result = run(*args)
    assert result.exit_code == code, (result.stdout, result.stderr, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0].removeprefix("error: ")


def lines(text: str) -> list[str]:
    """Output lines without Rich's right padding."""
    return [line.rstrip() for line in text.splitlines()]


def tickets() -> None:
    """#1, #2 Forno d'Oro (ecommerce); #3 Caffè Nerò (ecommerce, marketing); #4 no company
    (grants)."""
    ok("add", "Vendere online il pane", "-c", "Forno d'Oro", "-t", "ecommerce")
    ok("add", "Negozio online per i dolci", "-c", "Forno d'Oro", "-t", "ecommerce")
    ok("add", "Sito e social per il bar", "-c", "Caffè Nerò", "-t", "ecommerce,marketing")
    ok("add", "Bando voucher", "-t", "grants")


def one(
    start: str = "2026-12-01 10:00", capacity: str = "2", *extra: str, title: str = "E-commerce"
) -> None:
    """Add one e-commerce session."""
    ok(
        "webinar",
        "add",
        title,
        "--start",
        start,
        "--duration",
        "90",
        "--capacity",
        capacity,
        "--topic",
        "ecommerce",
        *extra,
    )


# -- add ------------------------------------------------------------------------------------------


def test_add_one_session(clock: FrozenClock) -> None:
    out = ok(
        "webinar",
        "add",
        "E-commerce in una settimana",
        "--start",
        "1/12/2026 10:00",
        "--duration",
        "90",
        "--capacity",
        "30",
        "--topic",
        "ecommerce",
        "--speaker",
        "Marta Sala",
        "--link",
        "https://meet.example.org/ecom",
        "--description",
        "Aprire un negozio online in sette giorni.",
    )

    assert lines(out) == [
        "added webinar 1 E-commerce in una settimana · Tue 1 Dec 2026 10:00–11:30 · 30 seats"
    ]
    webinar = desk(clock).webinars.get(1)
    assert (webinar.title, webinar.start.isoformat(), webinar.duration, webinar.capacity) == (
        "E-commerce in una settimana",
        "2026-12-01T10:00:00+01:00",
        90,
        30,
    )
    assert (webinar.topics, webinar.speaker, webinar.link, webinar.place) == (
        ["ecommerce"],
        "Marta Sala",
        "https://meet.example.org/ecom",
        "",
    )
    assert webinar.description == "Aprire un negozio online in sette giorni."


def test_add_weekly_series_across_the_clock_change(clock: FrozenClock) -> None:
    out = ok(
        "webinar",
        "add",
        "Smart working",
        "--start",
        "2026-03-17 10:00",
        "--repeat",
        "weekly",
        "--byweekday",
        "TU",
        "--count",
        "3",
        "--place",
        "Como, sala 2",
        "--format",
        "json",
    )

    data = json.loads(out)
    assert [(w["id"], w["start"]) for w in data] == [
        (1, "2026-03-17T10:00:00+01:00"),
        (2, "2026-03-24T10:00:00+01:00"),
        (3, "2026-03-31T10:00:00+02:00"),
    ]
    assert {w["rule"] for w in data} == {"FREQ=WEEKLY;BYDAY=TU;COUNT=3"}
    assert len({w["series"] for w in data}) == 1
    assert [w.start.isoformat() for w in desk(clock).webinars.sessions()] == [
        "2026-03-17T10:00:00+01:00",
        "2026-03-24T10:00:00+01:00",
        "2026-03-31T10:00:00+02:00",
    ]


def test_add_series_prints_the_sessions(clock: FrozenClock) -> None:
    out = ok(
        "webinar",
        "add",
        "Bandi del mese",
        "--start",
        "2026-12-01 15:00",
        "--topic",
        "grants",
        "--repeat",
        "monthly",
        "--byweekday",
        "TH",
        "--bysetpos",
        "1",
        "--until",
        "31/03/2027",
    )

    assert lines(out)[0] == (
        "added a series of 4 sessions (webinars 1–4) · FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1;"
        "UNTIL=20270331"
    )
    assert [line.split()[:5] for line in lines(out)[3:]] == [
        ["1", "Thu", "3", "Dec", "2026"],
        ["2", "Thu", "7", "Jan", "2027"],
        ["3", "Thu", "4", "Feb", "2027"],
        ["4", "Thu", "4", "Mar", "2027"],
    ]


def test_add_series_from_a_written_rule(clock: FrozenClock) -> None:
    out = ok(
        "webinar",
        "add",
        "Sicurezza",
        "--start",
        "2026-12-01 10:00",
        "--rrule",
        "FREQ=WEEKLY;INTERVAL=2;COUNT=2",
        "-f",
        "csv",
    )

    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["id"], r["start"], r["seats_left"]) for r in rows] == [
        ("1", "2026-12-01T10:00:00+01:00", "30"),
        ("2", "2026-12-15T10:00:00+01:00", "30"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--start", "1/12/2026"], '"1/12/2026" has no time of day;'),
        (["--start", "presto"], 'Cannot read "presto" as a date;'),
        (
            ["--start", "1/12/2026 10:00", "--repeat", "weekly"],
            "A series needs an end: --count N or --until DATE.",
        ),
        (
            ["--start", "1/12/2026 10:00", "--repeat", "weekly", "--count", "2", "--until", "eoy"],
            "Give --count or --until to end a series, not both.",
        ),
        (
            ["--start", "1/12/2026 10:00", "--count", "2"],
            "--byweekday, --bysetpos, --count, --until and --interval need --repeat",
        ),
        (
            ["--start", "1/12/2026 10:00", "--rrule", "FREQ=WEEKLY", "--repeat", "weekly"],
            "Give either --rrule or --repeat with its options, not both.",
        ),
        (
            ["--start", "1/12/2026 10:00", "--rrule", "FREQ=WEEKLY"],
            'The repeat rule "FREQ=WEEKLY" repeats more than 200 times;',
        ),
        (
            ["--start", "1/12/2026 10:00", "--repeat", "weekly", "-n", "2", "--byweekday", "xx"],
            "'xx' is not a weekday;",
        ),
        (["--start", "1/12/2026 10:00", "--link", "www.x.it"], "The link 'www.x.it' is not a"),
        (["--start", "1/12/2026 10:00", "--topic", "cucina"], "Unknown topic 'cucina';"),
    ],
)
def test_add_errors(clock: FrozenClock, args: list[str], message: str) -> None:
    assert refused("webinar", "add", "Titolo", *args).startswith(message)
    assert not Path("tickets.json").exists() or desk(clock).webinars.sessions() == []


def test_add_usage_errors_exit_2(clock: FrozenClock) -> None:
    assert "Missing option '--start'" in refused("webinar", "add", "Titolo", code=2)
    assert "'fortnightly' is not one of" in refused(
        "webinar", "add", "T", "--start", "1/12/2026 10:00", "--repeat", "fortnightly", code=2
    )
    assert "0 is not in the range x>=1" in refused(
        "webinar", "add", "T", "--start", "1/12/2026 10:00", "--capacity", "0", code=2
    )


# -- list and show --------------------------------------------------------------------------------


def test_list_upcoming_and_by_topic(clock: FrozenClock) -> None:
    one("2026-12-10 10:00", title="Dopo")
    one("2026-10-01 10:00", title="Prima")
    ok("webinar", "add", "Bandi", "--start", "2026-12-01 10:00", "-t", "grants")

    every = lines(ok("webinar", "list"))
    upcoming = lines(ok("webinar", "list", "--upcoming"))
    grants = json.loads(ok("webinar", "list", "--topic", "bandi", "--format", "json"))

    assert [line.split()[0] for line in every[2:-1]] == ["2", "3", "1"]
    assert every[-1] == "3 sessions"
    assert every[2].split() == [
        "2",
        "Thu",
        "1",
        "Oct",
        "2026",
        "10:00–11:30",
        "Prima",
        "E-commerce",  # the topic's label; JSON keeps the key
        "0/2",
        "awaiting",
        "attendance",
    ]
    assert [line.split()[0] for line in upcoming[2:-1]] == ["3", "1"]
    assert [(w["id"], w["title"]) for w in grants] == [(3, "Bandi")]


def test_list_csv_and_empty(clock: FrozenClock) -> None:
    if not desk_is_set_up():
        ok("init")
    assert lines(ok("webinar", "list")) == ["No webinars match."]
    one(capacity="1")
    tickets()
    ok("webinar", "enrol", "1", "1", "3")

    rows = list(csv.DictReader(io.StringIO(ok("webinar", "list", "-f", "csv"))))

    assert [
        (r["id"], r["title"], r["capacity"], r["seats_taken"], r["waiting_list"], r["status"])
        for r in rows
    ] == [("1", "E-commerce", "1", "1", "3", "scheduled")]
    assert refused("webinar", "list", "--topic", "cucina").startswith("Unknown topic 'cucina';")


def test_show_tells_who_is_in_who_waits_and_who_came(clock: FrozenClock) -> None:
    tickets()
    one(capacity="1", title="E-commerce in una settimana")
    ok("webinar", "enrol", "1", "1", "3", "4")

    out = lines(ok("webinar", "show", "1"))

    assert out[0] == "Webinar 1  E-commerce in una settimana"
    assert out[1] == (
        "scheduled  Tue 1 Dec 2026 10:00–11:30  90 min  seats 1/1  full — waiting list 2"
    )
    registered = out.index("Registered (1/1)")
    assert [" ".join(line.split()) for line in out[registered + 1 : registered + 4]] == [
        "Ref Company Subject Since",
        "─" * len(out[registered + 2]),
        "#1 Forno d'Oro Vendere online il pane 20 Nov 2026 10:00",
    ]
    waiting = out.index("Waiting list (2)")
    assert [" ".join(line.split()) for line in out[waiting + 3 : waiting + 5]] == [
        "1. #3 Caffè Nerò Sito e social per il bar 20 Nov 2026 10:00",
        "2. #4 — Bando voucher 20 Nov 2026 10:00",
    ]
    assert "Attended (0)  nobody" not in out

    clock.set("2026-12-01 11:00")
    ok("webinar", "attend", "1", "1", "4")
    held = lines(ok("webinar", "show", "1"))
    # #4 came from the waiting list: two came for the one seat.
    assert held[1] == "held  Tue 1 Dec 2026 10:00–11:30  90 min  seats 2/1"
    attended = held.index("Attended (2)")
    assert [held[attended + 3].split()[0], held[attended + 4].split()[0]] == ["#1", "#4"]
    assert "No-show (0)  nobody" in held
    assert "Waiting list (1)" in held


def test_show_json_and_csv(clock: FrozenClock) -> None:
    tickets()
    one(capacity="1")
    ok("webinar", "enrol", "1", "3", "1")

    data = json.loads(ok("webinar", "show", "1", "--format", "json"))
    rows = list(csv.DictReader(io.StringIO(ok("webinar", "show", "1", "--format", "csv"))))

    assert (data["id"], data["seats_taken"], data["seats_left"], data["waiting_list"]) == (
        1,
        1,
        0,
        [1],
    )
    assert [(e["ref"], e["status"], e["company_name"]) for e in data["enrolments"]] == [
        (3, "registered", "Caffè Nerò"),
        (1, "waitlisted", "Forno d'Oro"),
    ]
    assert [(r["webinar"], r["ref"], r["status"], r["queue"], r["subject"]) for r in rows] == [
        ("1", "3", "registered", "", "Sito e social per il bar"),
        ("1", "1", "waitlisted", "1", "Vendere online il pane"),
    ]


def test_show_errors(clock: FrozenClock) -> None:
    one()
    assert refused("webinar", "show", "7") == "There is no webinar 7."
    assert refused("webinar", "show", "sette") == (
        "'sette' is not a webinar number; use a number such as 3."
    )


@pytest.mark.files_only("a database file that does not exist")
def test_reading_commands_do_not_create_a_database(clock: FrozenClock) -> None:
    message = refused("webinar", "list")

    assert "tickets.json" in message
    assert not Path("tickets.json").exists()


# -- enrol and cancel-enrolment -------------------------------------------------------------------


def test_enrol_registers_then_waitlists(clock: FrozenClock) -> None:
    tickets()
    one(capacity="1")

    out = lines(ok("webinar", "enrol", "1", "1", "#3"))
    more = lines(ok("webinar", "enrol", "1", "4"))

    assert out == [
        "#1 registered for webinar 1",
        "#3 waitlisted for webinar 1 (full): 1 in line",
        "webinar 1: 1/1 registered, 1 waiting",
    ]
    assert more == [
        "#4 waitlisted for webinar 1 (full): 2 in line",
        "webinar 1: 1/1 registered, 2 waiting",
    ]
    stored = desk(clock).webinars.get(1)
    assert [(e.ref, e.status) for e in stored.enrolments] == [
        (1, EnrolmentStatus.REGISTERED),
        (3, EnrolmentStatus.WAITLISTED),
        (4, EnrolmentStatus.WAITLISTED),
    ]
    assert desk(clock).tickets.get(3).history[-1].new == (
        "webinar 1 “E-commerce” 1 Dec 2026 10:00: waitlisted"
    )


def test_enrol_invite_second_seat_and_json(clock: FrozenClock) -> None:
    tickets()
    one(capacity="5")

    invited = lines(ok("webinar", "enrol", "1", "1", "--invite"))
    upgraded = lines(ok("webinar", "enrol", "1", "1"))
    second = json.loads(ok("webinar", "enrol", "1", "2", "--allow-second-seat", "--format", "json"))

    assert invited == ["#1 invited to webinar 1", "webinar 1: 0/5 registered, 0 waiting"]
    assert upgraded == [
        "#1 registered for webinar 1 (was invited)",
        "webinar 1: 1/5 registered, 0 waiting",
    ]
    assert [
        (e["webinar"], e["ref"], e["status"], e["second_seat"], e["before"]) for e in second
    ] == [(1, 2, "registered", True, None)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "1"], "#1 is already registered for webinar 1 “E-commerce”."),
        (
            ["1", "2"],
            "#2's company is already registered for webinar 1 “E-commerce” through #1; use "
            "--allow-second-seat to give it another place.",
        ),
        (["1", "3", "3"], "#3 is given twice."),
        (["1", "9"], "There is no ticket #9."),
        (["5", "3"], "There is no webinar 5."),
        (["2", "3"], "Webinar 2 “E-commerce” has already started."),
    ],
)
def test_enrol_errors(clock: FrozenClock, args: list[str], message: str) -> None:
    tickets()
    one(capacity="5")
    one("2026-11-20 09:30")
    ok("webinar", "enrol", "1", "1")

    assert refused("webinar", "enrol", *args) == message
    assert [e.ref for e in desk(clock).webinars.get(1).enrolments] == [1]


def test_enrol_needs_a_ticket(clock: FrozenClock) -> None:
    one()
    assert "Missing argument 'REF...'" in refused("webinar", "enrol", "1", code=2)


def test_cancel_enrolment_promotes_the_first_waiting(clock: FrozenClock) -> None:
    tickets()
    one(capacity="1")
    ok("webinar", "enrol", "1", "1", "3", "4")

    out = lines(ok("webinar", "cancel-enrolment", "1", "1"))

    assert out == [
        "#1 enrolment in webinar 1 cancelled",
        "#3 promoted from the waiting list: registered",
        "webinar 1: 1/1 registered, 1 waiting",
    ]
    stored = desk(clock).webinars.get(1)
    assert [(e.ref, e.status) for e in stored.enrolments] == [
        (1, EnrolmentStatus.CANCELLED),
        (3, EnrolmentStatus.REGISTERED),
        (4, EnrolmentStatus.WAITLISTED),
    ]
    data = json.loads(ok("webinar", "cancel-enrolment", "1", "4", "-f", "json"))
    assert (data["webinar"], data["cancelled"]["ref"], data["promoted"]) == (1, 4, [])


def test_cancel_enrolment_errors(clock: FrozenClock) -> None:
    tickets()
    one()
    ok("webinar", "enrol", "1", "1")

    assert refused("webinar", "cancel-enrolment", "1", "3") == (
        "#3 is not enrolled in webinar 1 “E-commerce”."
    )
    ok("webinar", "cancel-enrolment", "1", "1")
    assert refused("webinar", "cancel-enrolment", "1", "1") == (
        "#1's enrolment in webinar 1 “E-commerce” is already cancelled."
    )
    assert refused("webinar", "cancel-enrolment", "2", "1") == "There is no webinar 2."


# -- attend and cancel ----------------------------------------------------------------------------


def test_attend_is_refused_before_the_session_starts(clock: FrozenClock) -> None:
    tickets()
    one()
    ok("webinar", "enrol", "1", "1")

    assert refused("webinar", "attend", "1", "1") == (
        "Webinar 1 “E-commerce” has not started yet; attendance can be marked once it has."
    )
    assert desk(clock).webinars.get(1).status is WebinarStatus.SCHEDULED


def test_attend_marks_attended_and_no_show_with_follow_ups(clock: FrozenClock) -> None:
    tickets()
    one(capacity="2")
    ok("webinar", "enrol", "1", "1", "3", "4")
    clock.set("2026-12-01 11:45")

    out = lines(ok("webinar", "attend", "1", "1", "4", "--no-show", "3", "--followup", "+1w"))

    assert out == [
        "#1 attended",
        "#4 attended (was waitlisted)",
        "#3 no-show",
        "#1 follow-up 1 due Tue 8 Dec 2026",
        "#4 follow-up 1 due Tue 8 Dec 2026",
        "webinar 1 held: 2 attended, 1 no-show",
    ]
    d = desk(clock)
    assert d.webinars.get(1).status is WebinarStatus.HELD
    assert [(f.note, f.due.day.isoformat()) for f in d.tickets.get(4).followups] == [
        ("After the webinar: next steps", "2026-12-08")
    ]
    assert d.tickets.get(3).followups == []


def test_attend_json_and_someone_not_enrolled(clock: FrozenClock) -> None:
    tickets()
    one()
    clock.set("2026-12-01 10:00")

    data = json.loads(ok("webinar", "attend", "1", "2", "--format", "json"))
    text = lines(ok("webinar", "attend", "1", "3"))

    assert (data["webinar"], data["status"], data["followups"]) == (1, "held", [])
    assert [(m["ref"], m["status"], m["before"]) for m in data["marked"]] == [(2, "attended", None)]
    assert text == ["#3 attended (was not enrolled)", "webinar 1 held: 2 attended, 0 no-show"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "--no-show", "4"], "#4 is not enrolled in webinar 1 “E-commerce”, so it cannot"),
        (["1", "1", "--no-show", "1"], "#1 cannot be both attended and a no-show."),
        (["1"], "Give at least one ticket."),
        (["1", "1", "--followup", "mai"], 'Cannot read "mai" as a date;'),
        (["2", "1"], "There is no webinar 2."),
    ],
)
def test_attend_errors(clock: FrozenClock, args: list[str], message: str) -> None:
    tickets()
    one()
    ok("webinar", "enrol", "1", "1")
    clock.set("2026-12-01 12:00")

    assert refused("webinar", "attend", *args).startswith(message)
    assert desk(clock).webinars.get(1).status is WebinarStatus.SCHEDULED


def test_cancel_a_session(clock: FrozenClock) -> None:
    tickets()
    one()
    one("2026-12-02 10:00")
    ok("webinar", "enrol", "1", "1", "3")

    assert lines(ok("webinar", "cancel", "1")) == ["webinar 1 cancelled; tell #1, #3"]
    assert lines(ok("webinar", "cancel", "2")) == ["webinar 2 cancelled; nobody was enrolled"]
    assert refused("webinar", "cancel", "1") == "Webinar 1 is already cancelled."
    assert desk(clock).webinars.get(1).status is WebinarStatus.CANCELLED


# -- suggest and demand ---------------------------------------------------------------------------


def test_suggest_matching_sessions_soonest_first(clock: FrozenClock) -> None:
    tickets()
    one("2026-12-15 10:00", "3", title="Più tardi")
    one("2026-12-01 10:00", "1", title="Presto")
    one("2026-10-01 10:00", title="Passato")
    ok("webinar", "add", "Bandi", "--start", "2026-12-02 10:00", "-t", "grants")
    ok("webinar", "enrol", "2", "3", "4")

    out = lines(ok("webinar", "suggest", "1"))

    assert out[0] == "#1 Vendere online il pane  topics ecommerce"
    rows = [line.split("  ") for line in out[3:-1]]
    assert [r[0].split()[0] for r in rows] == ["2", "1"]
    assert "full — waiting list 1" in out[3]
    assert "3 seats left" in out[4]
    assert out[-1] == "enrol with helpdesk webinar enrol ID 1"

    data = json.loads(ok("webinar", "suggest", "1", "-f", "json"))
    assert [(s["id"], s["seats_left"], s["waiting"], s["topics"]) for s in data] == [
        (2, 0, 1, ["ecommerce"]),
        (1, 3, 0, ["ecommerce"]),
    ]
    rows_csv = list(csv.DictReader(io.StringIO(ok("webinar", "suggest", "1", "-f", "csv"))))
    assert [(r["id"], r["company_ref"]) for r in rows_csv] == [("2", ""), ("1", "")]


def test_suggest_notes_an_invitation_and_the_companys_place(clock: FrozenClock) -> None:
    """The table notes what the TUI's enrol dialog notes too (render.webinars.suggestion_note)."""
    tickets()
    one("2026-12-01 10:00", title="Presto")
    one("2026-12-15 10:00", title="Più tardi")
    ok("webinar", "enrol", "1", "2")  # Forno d'Oro has a place through #2
    ok("webinar", "enrol", "2", "1", "--invite")

    out = lines(ok("webinar", "suggest", "1"))

    (early,) = [line for line in out if "Presto" in line]
    (late,) = [line for line in out if "Più tardi" in line]
    assert early.endswith("company has a place via #2")
    assert late.endswith("invited")


def test_suggest_without_topics_or_matches(clock: FrozenClock) -> None:
    tickets()
    ok("add", "Informazioni generali", "-t", "")

    assert lines(ok("webinar", "suggest", "5")) == [
        "#5 has no topics to match; set them with helpdesk triage 5 --topic …"
    ]
    assert lines(ok("webinar", "suggest", "4")) == [
        "No upcoming session on #4's topics (grants): add one with "
        'helpdesk webinar add "Title" --start "…" --topic grants'
    ]
    assert refused("webinar", "suggest", "9") == "There is no ticket #9."


def test_demand_table_json_and_csv(clock: FrozenClock) -> None:
    tickets()
    one("2026-12-01 10:00", "1")
    ok("webinar", "enrol", "1", "1", "3")

    table = lines(ok("webinar", "demand"))
    data = json.loads(ok("webinar", "demand", "--weeks", "2", "-f", "json"))
    rows = list(csv.DictReader(io.StringIO(ok("webinar", "demand", "-f", "csv"))))

    assert table[0] == (
        "Demand by topic · sessions in the next 8 weeks, Fri 20 Nov 2026 10:00 to "
        "Fri 15 Jan 2027 10:00"
    )
    # Columns: topic, label, open, enrolled, sessions, seats, left, waiting, short.
    assert [" ".join(line.split()) for line in table[1:] if "───" not in line] == [
        "Topic Label Open Enrolled Sessions Seats Left Waiting Short",
        "ecommerce E-commerce 3 2 1 1 0 1 1",
        "grants Grants and funding 1 0 0 0 0 0 1",
        "marketing Digital marketing and social media 1 0 0 0 0 0 1",
    ]
    assert (data["weeks"], data["until"]) == (2, "2026-12-04T10:00:00+01:00")
    assert data["topics"][0] == {
        "topic": "ecommerce",
        "label": "E-commerce",
        "open_tickets": 3,
        "enrolled": 2,
        "sessions": 1,
        "seats": 1,
        "seats_left": 0,
        "waitlisted": 1,
        "shortfall": 1,
    }
    assert [r["topic"] for r in rows] == ["ecommerce", "grants", "marketing"]
    assert refused("webinar", "demand", "--weeks", "0") == (
        "Demand is counted over one week or more, not 0."
    )


# -- filters and the ticket view ------------------------------------------------------------------


def test_list_filters_webinar_and_enrolled(clock: FrozenClock) -> None:
    tickets()
    one(capacity="1")
    one("2026-12-10 10:00")
    ok("webinar", "enrol", "1", "1", "3")
    ok("webinar", "enrol", "2", "4", "--invite")

    enrolled = json.loads(ok("list", "+enrolled", "-f", "json"))
    in_second = json.loads(ok("list", "webinar:2", "-f", "json"))

    assert sorted(t["ref"] for t in enrolled) == [1, 3]
    assert [t["ref"] for t in in_second] == [4]
    assert "webinar: takes webinar numbers" in refused("list", "webinar:x")


def test_ticket_show_lists_its_webinars(clock: FrozenClock) -> None:
    tickets()
    one(capacity="1")
    ok("webinar", "enrol", "1", "3", "1")

    out = lines(ok("show", "1"))

    section = out.index("Webinars")
    assert out[section + 1].split() == [
        "webinar",
        "1",
        "Tue",
        "1",
        "Dec",
        "2026",
        "10:00",
        "E-commerce",
        "waitlisted",
        "1",
        "in",
        "line",
    ]


def test_user_text_is_shown_literally(clock: FrozenClock) -> None:
    ok("webinar", "add", "[bold red]Bandi[/] 2027", "--start", "2026-12-01 10:00")

    assert "[bold red]Bandi[/] 2027" in ok("webinar", "list")
    assert lines(ok("webinar", "show", "1"))[0] == "Webinar 1  [bold red]Bandi[/] 2027"


def test_webinar_help_lists_every_command(clock: FrozenClock) -> None:
    out = ok("webinar", "--help")

    for command in (
        "add",
        "list",
        "show",
        "enrol",
        "cancel-enrolment",
        "attend",
        "cancel",
        "suggest",
        "demand",
    ):
        assert f" {command} " in out


# -- edit -----------------------------------------------------------------------------------------


def test_edit_moves_a_session_and_changes_its_place_link_and_speaker(clock: FrozenClock) -> None:
    one()
    out = ok(
        "webinar",
        "edit",
        "1",
        "--start",
        "3/12/2026 15:00",
        "--link",
        "https://meet.example.it/ecom",
        "--place",
        "Sala Volta",
        "--speaker",
        "Giulia Neri",
        "--title",
        "E-commerce per botteghe",
    )
    assert "changed webinar 1 (title, start, link, speaker, place)" in out
    w = desk(clock).webinars.get(1)
    assert (w.start.day, w.start.hour, w.speaker, w.place) == (3, 15, "Giulia Neri", "Sala Volta")
    assert w.link == "https://meet.example.it/ecom" and w.title == "E-commerce per botteghe"


def test_edit_raising_capacity_promotes_the_waiting_list_in_order(clock: FrozenClock) -> None:
    tickets()
    one(capacity="1")
    ok("webinar", "enrol", "1", "1", "3", "4")
    out = ok("webinar", "edit", "1", "--capacity", "2")
    assert "#3 moves up from the waiting list to a seat" in out
    w = desk(clock).webinars.get(1)
    statuses = {e.ref: e.status for e in w.enrolments}
    assert statuses == {
        1: EnrolmentStatus.REGISTERED,
        3: EnrolmentStatus.REGISTERED,
        4: EnrolmentStatus.WAITLISTED,
    }
    history = desk(clock).tickets.get(3).history
    assert "promoted" in history[-1].new


def test_edit_lowering_capacity_below_the_registered_is_refused(clock: FrozenClock) -> None:
    tickets()
    one(capacity="3")
    ok("webinar", "enrol", "1", "1", "3")
    message = refused("webinar", "edit", "1", "--capacity", "1")
    assert message.startswith(
        "Webinar 1 has 2 businesses registered; its capacity cannot go below 2"
    )
    assert "helpdesk webinar cancel-enrolment 1 REF" in message
    w = desk(clock).webinars.get(1)
    assert w.capacity == 3 and w.seats_taken == 2
    ok("webinar", "edit", "1", "--capacity", "2")
    assert desk(clock).webinars.get(1).capacity == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Nothing to change: give --start"),
        (["--start", "1/11/2026 10:00"], "A session cannot be moved into the past"),
        (["--link", "meet"], "is not a web address"),
        (["--capacity", "0"], "at least one seat"),
        (["--title", "  "], "A webinar needs a title."),
    ],
)
def test_edit_errors_change_nothing(clock: FrozenClock, args: list[str], message: str) -> None:
    one()
    before = desk(clock).webinars.get(1)
    assert message in refused("webinar", "edit", "1", *args)
    assert desk(clock).webinars.get(1) == before


def test_edit_refuses_a_new_time_once_begun_and_a_cancelled_session(clock: FrozenClock) -> None:
    one()
    one("2026-12-02 10:00")
    clock.set("2026-12-01 10:30")
    assert "has begun" in refused("webinar", "edit", "1", "--start", "4/12/2026 10:00")
    ok("webinar", "edit", "1", "--speaker", "Marco Bassi")
    ok("webinar", "cancel", "2")
    assert "cancelled" in refused("webinar", "edit", "2", "--speaker", "X")


def test_an_ended_session_awaits_its_attendance_in_list_and_show(clock: FrozenClock) -> None:
    one()
    one("2026-12-10 10:00")
    clock.set("2026-12-01 12:00")
    listing = ok("webinar", "list")
    first, second = [line for line in lines(listing) if "E-commerce" in line]
    assert "awaiting attendance" in first and "scheduled" not in first
    assert "scheduled" in second
    assert "awaiting attendance" in ok("webinar", "show", "1")
    states = [
        (w["id"], w["status"], w["state"]) for w in json.loads(ok("webinar", "list", "-f", "json"))
    ]
    assert states == [(1, "scheduled", "awaiting attendance"), (2, "scheduled", "scheduled")]
    assert "awaiting attendance" in ok("webinar", "list", "-f", "csv")
    clock.set("2026-12-01 10:30")
    assert "in progress" in ok("webinar", "show", "1")


def test_a_ticket_shows_its_ended_session_awaiting_attendance(clock: FrozenClock) -> None:
    tickets()
    one()
    ok("webinar", "enrol", "1", "1")
    assert "awaiting attendance" not in ok("show", "1")
    clock.set("2026-12-01 12:00")
    assert "session ended: awaiting attendance" in ok("show", "1")
    ok("webinar", "attend", "1", "1")
    assert "awaiting attendance" not in ok("show", "1")


def test_a_start_without_a_year_is_the_next_such_day(clock: FrozenClock) -> None:
    ok("webinar", "add", "Bandi", "--start", "12/03 10:00", "-t", "grants")
    start = desk(clock).webinars.get(1).start
    assert (start.year, start.month, start.day) == (2027, 3, 12)
