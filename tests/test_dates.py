"""Tests for helpdesk.dates: reading dates as people type them, storing and showing them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path

import pytest

from helpdesk.dates import (
    DEFAULT_TIMEZONE,
    Clock,
    FrozenClock,
    SystemClock,
    When,
    end_of_month,
    end_of_week,
    format_age,
    format_date,
    format_datetime,
    from_iso,
    parse_period,
    parse_timestamp,
    parse_when,
    start_of_day,
    to_iso,
    when_from_iso,
    zone,
)
from helpdesk.dates.parsing import _PLAIN_ISO_STAMP, _read_timestamp
from helpdesk.errors import InvalidDate

ROME = zone("Europe/Rome")

# Frozen "now"s, in Europe/Rome. Each case builds its own clock, so no test sees another's moves.
CLOCKS = {
    "wed": "2026-11-25T10:00",  # an ordinary Wednesday, winter time
    "fri": "2026-11-27T10:00",  # a Friday: "friday" must mean next week's
    "sun": "2026-11-29T12:00",  # a Sunday: "eow" is today, "sunday" is next week's
    "jan31": "2026-01-31T09:00",  # a month end (Saturday)
    "dec31": "2026-12-31T09:00",  # a year end (Thursday)
    "leap": "2028-02-29T09:00",  # a leap day (Tuesday)
    "spring": "2026-03-28T10:00",  # Saturday before clocks go forward (Sun 29 Mar, 02:00 -> 03:00)
    "autumn": "2026-10-24T10:00",  # Saturday before clocks go back (Sun 25 Oct, 03:00 -> 02:00)
}


def clock(name: str) -> FrozenClock:
    """Return a fresh frozen clock at the named moment."""
    return FrozenClock(CLOCKS[name])


# (clock, what the user types, When.to_iso() of the result)
GOOD = [
    # ISO
    ("wed", "2026-12-01", "2026-12-01"),
    ("wed", "2026-12-01 15:30", "2026-12-01T15:30:00+01:00"),
    ("wed", "2026-12-01T15:30", "2026-12-01T15:30:00+01:00"),
    ("wed", "2027-07-01T09:00", "2027-07-01T09:00:00+02:00"),
    ("wed", "2026-11-27T14:00:00Z", "2026-11-27T15:00:00+01:00"),
    ("wed", "2026-11-27T15:00:00+01:00", "2026-11-27T15:00:00+01:00"),
    # day-first numeric, year defaulting to the current one
    ("wed", "1/12", "2026-12-01"),
    ("wed", "01/12/2026", "2026-12-01"),
    ("wed", "1.12.26", "2026-12-01"),
    ("wed", "1.12", "2026-12-01"),  # a dotted pair alone is a date, not 01:12
    ("wed", "1-12-2026", "2026-12-01"),
    ("wed", "12/1", "2026-01-12"),
    ("wed", "3/4/27", "2027-04-03"),
    ("wed", "18/03/2027", "2027-03-18"),
    # month names, English and Italian
    ("wed", "1 dec", "2026-12-01"),
    ("wed", "1 december 2026", "2026-12-01"),
    ("wed", "dec 1", "2026-12-01"),
    ("wed", "Dec 1st, 2027", "2027-12-01"),
    ("wed", "1 dicembre 2026", "2026-12-01"),
    ("wed", "1 dic", "2026-12-01"),
    ("wed", "3 marzo", "2026-03-03"),
    ("wed", "mar 3", "2026-03-03"),
    ("wed", "15 AGOSTO", "2026-08-15"),
    ("wed", "1° gennaio 2027", "2027-01-01"),
    ("wed", "settembre 9", "2026-09-09"),
    # relative days
    ("wed", "today", "2026-11-25"),
    ("wed", "oggi", "2026-11-25"),
    ("wed", "tomorrow", "2026-11-26"),
    ("wed", "domani", "2026-11-26"),
    ("wed", "  Domani  ", "2026-11-26"),
    ("wed", "yesterday", "2026-11-24"),
    ("wed", "ieri", "2026-11-24"),
    ("wed", "dopodomani", "2026-11-27"),
    # offsets
    ("wed", "+3d", "2026-11-28"),
    ("wed", "+2w", "2026-12-09"),
    ("wed", "+1m", "2026-12-25"),
    ("wed", "+1y", "2027-11-25"),
    ("wed", "3d", "2026-11-28"),
    ("wed", "2w", "2026-12-09"),
    ("wed", "3 days", "2026-11-28"),
    ("wed", "1 day", "2026-11-26"),
    ("wed", "2 weeks", "2026-12-09"),
    ("wed", "1 month", "2026-12-25"),
    ("wed", "in 2 weeks", "2026-12-09"),
    ("wed", "tra 2 settimane", "2026-12-09"),
    ("wed", "fra 3 giorni", "2026-11-28"),
    ("wed", "tra 1 mese", "2026-12-25"),
    ("wed", "2 giorni", "2026-11-27"),
    ("wed", "tra una settimana", "2026-12-02"),
    ("wed", "3 days ago", "2026-11-22"),
    ("wed", "-3d", "2026-11-22"),
    ("wed", "un mese fa", "2026-10-25"),
    # weekdays: strictly after today, with or without next/prossimo
    ("wed", "friday", "2026-11-27"),
    ("wed", "fri", "2026-11-27"),
    ("wed", "venerdì", "2026-11-27"),
    ("wed", "venerdi", "2026-11-27"),
    ("wed", "VENERDÌ", "2026-11-27"),
    ("wed", "venerdi'", "2026-11-27"),
    ("wed", "ven", "2026-11-27"),
    ("wed", "next friday", "2026-11-27"),
    ("wed", "venerdì prossimo", "2026-11-27"),
    ("wed", "prossimo venerdì", "2026-11-27"),
    ("wed", "lunedì", "2026-11-30"),
    ("wed", "martedi", "2026-12-01"),
    ("wed", "mar", "2026-12-01"),
    ("wed", "mercoledì", "2026-12-02"),
    ("wed", "wednesday", "2026-12-02"),
    ("wed", "giovedì", "2026-11-26"),
    ("wed", "sabato", "2026-11-28"),
    ("wed", "domenica", "2026-11-29"),
    ("wed", "prossima domenica", "2026-11-29"),
    ("fri", "friday", "2026-12-04"),
    ("fri", "venerdì prossimo", "2026-12-04"),
    ("fri", "saturday", "2026-11-28"),
    ("sun", "sunday", "2026-12-06"),
    # period ends
    ("wed", "eow", "2026-11-29"),
    ("wed", "end of week", "2026-11-29"),
    ("wed", "fine settimana", "2026-11-29"),
    ("sun", "eow", "2026-11-29"),
    ("wed", "eom", "2026-11-30"),
    ("wed", "end of month", "2026-11-30"),
    ("wed", "fine mese", "2026-11-30"),
    ("wed", "eoy", "2026-12-31"),
    ("wed", "end of year", "2026-12-31"),
    ("wed", "fine anno", "2026-12-31"),
    # a time after a date
    ("wed", "friday 15:00", "2026-11-27T15:00:00+01:00"),
    ("wed", "friday at 15:00", "2026-11-27T15:00:00+01:00"),
    ("wed", "domani alle 9", "2026-11-26T09:00:00+01:00"),
    ("wed", "domani alle 9:30", "2026-11-26T09:30:00+01:00"),
    ("wed", "domani alle ore 9", "2026-11-26T09:00:00+01:00"),
    ("wed", "domani 9.30", "2026-11-26T09:30:00+01:00"),
    ("wed", "tomorrow 9am", "2026-11-26T09:00:00+01:00"),
    ("wed", "tomorrow 3pm", "2026-11-26T15:00:00+01:00"),
    ("wed", "tomorrow 12am", "2026-11-26T00:00:00+01:00"),
    ("wed", "tomorrow 12pm", "2026-11-26T12:00:00+01:00"),
    ("wed", "oggi alle 17", "2026-11-25T17:00:00+01:00"),
    ("wed", "+2d 10:00", "2026-11-27T10:00:00+01:00"),
    ("wed", "01/12/2026 15:30", "2026-12-01T15:30:00+01:00"),
    ("wed", "1/12 alle 9.30", "2026-12-01T09:30:00+01:00"),
    ("wed", "eom 18:00", "2026-11-30T18:00:00+01:00"),
    # a time alone is today
    ("wed", "15:00", "2026-11-25T15:00:00+01:00"),
    ("wed", "alle 15", "2026-11-25T15:00:00+01:00"),
    ("wed", "3pm", "2026-11-25T15:00:00+01:00"),
    ("wed", "at 8", "2026-11-25T08:00:00+01:00"),
    # month end: calendar months clamp to the month's last day
    ("jan31", "+1m", "2026-02-28"),
    ("jan31", "tra 1 mese", "2026-02-28"),
    ("jan31", "+2m", "2026-03-31"),
    ("jan31", "eom", "2026-01-31"),
    ("jan31", "tomorrow", "2026-02-01"),
    # year end: no silent roll into next year
    ("dec31", "tomorrow", "2027-01-01"),
    ("dec31", "1/1", "2026-01-01"),
    ("dec31", "1 gen", "2026-01-01"),
    ("dec31", "eow", "2027-01-03"),
    ("dec31", "eoy", "2026-12-31"),
    ("dec31", "+1w", "2027-01-07"),
    # leap day
    ("leap", "+1y", "2029-02-28"),
    ("leap", "29/02/2028", "2028-02-29"),
    ("leap", "29/02", "2028-02-29"),
    ("leap", "-1y", "2027-02-28"),
    ("leap", "+1m", "2028-03-29"),
    ("leap", "eom", "2028-02-29"),
    # daylight saving: wall-clock times take the offset in force on that day
    ("spring", "domani alle 9", "2026-03-29T09:00:00+02:00"),
    ("spring", "domani alle 1:59", "2026-03-29T01:59:00+01:00"),
    ("spring", "domani alle 3:00", "2026-03-29T03:00:00+02:00"),
    ("spring", "oggi alle 9", "2026-03-28T09:00:00+01:00"),
    ("autumn", "domani alle 2:30", "2026-10-25T02:30:00+02:00"),
    ("autumn", "domani alle 3:00", "2026-10-25T03:00:00+01:00"),
]


@pytest.mark.parametrize(("clock_name", "text", "expected"), GOOD)
def test_parse_when_reads(clock_name: str, text: str, expected: str) -> None:
    assert parse_when(text, clock(clock_name)).to_iso() == expected


def _cannot(text: str) -> str:
    return f'Cannot read "{text}" as a date; try "tomorrow", "next friday 15:00" or "18/03/2027".'


# (clock, what the user types, the exact error message)
BAD = [
    ("wed", "blursday", _cannot("blursday")),
    ("wed", "", 'No date given; try "tomorrow", "next friday 15:00" or "18/03/2027".'),
    ("wed", "   ", 'No date given; try "tomorrow", "next friday 15:00" or "18/03/2027".'),
    ("wed", "31/02", '"31/02" is not a date: February 2026 has 28 days.'),
    ("wed", "29/02/2027", '"29/02/2027" is not a date: February 2027 has 28 days.'),
    ("leap", "29/02/2027", '"29/02/2027" is not a date: February 2027 has 28 days.'),
    ("wed", "00/12", '"00/12" is not a date: there is no day 0.'),
    ("wed", "12/13", '"12/13" is not a date: there is no month 13.'),
    ("wed", "32/01", '"32/01" is not a date: January 2026 has 31 days.'),
    ("wed", "31 april", '"31 april" is not a date: April 2026 has 30 days.'),
    ("wed", "30 febbraio", '"30 febbraio" is not a date: February 2026 has 28 days.'),
    ("wed", "2026-02-29", '"2026-02-29" is not a date: February 2026 has 28 days.'),
    ("wed", "25:00", '"25:00" is not a valid time: hours go from 0 to 23.'),
    ("wed", "9:75", '"9:75" is not a valid time: minutes go from 0 to 59.'),
    ("wed", "domani alle 25", '"domani alle 25" is not a valid time: hours go from 0 to 23.'),
    ("wed", "13pm", '"13pm" is not a valid time: with am or pm, hours go from 1 to 12.'),
    ("wed", "next friday prossimo", _cannot("next friday prossimo")),
    ("wed", "in -3d", _cannot("in -3d")),
    ("wed", "+3 days ago", _cannot("+3 days ago")),
    ("wed", "9", _cannot("9")),
    ("wed", "2026", _cannot("2026")),
    ("wed", "tomorrow at", _cannot("tomorrow at")),
    ("wed", "friday 9:5", _cannot("friday 9:5")),
    ("wed", "3 fortnights", _cannot("3 fortnights")),
    ("wed", "1/12.2026", _cannot("1/12.2026")),
    ("wed", "+99999y", '"+99999y" is not a date the desk can handle: it is too far away.'),
    (
        "spring",
        "domani alle 2:30",
        (
            '"domani alle 2:30" is not a valid time: 02:30 is skipped on Sun 29 Mar 2026 in '
            "Europe/Rome when the clocks go forward; try 03:30."
        ),
    ),
]


@pytest.mark.parametrize(("clock_name", "text", "message"), BAD)
def test_parse_when_refuses(clock_name: str, text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_when(text, clock(clock_name))
    assert str(caught.value) == message


def test_parse_when_examples_follow_the_clock_year() -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_when("someday", FrozenClock("2030-05-05T12:00"))
    assert str(caught.value) == _cannot("someday").replace("2027", "2031")


def test_parse_when_keeps_day_time_and_zone_apart() -> None:
    when = parse_when("venerdì alle 15", clock("wed"))
    assert when == When(date(2026, 11, 27), time(15, 0), ROME)
    assert parse_when("venerdì", clock("wed")) == When(date(2026, 11, 27), None, ROME)


def test_parse_when_reads_times_in_the_clock_zone() -> None:
    tokyo = FrozenClock("2026-11-25T10:00", timezone="Asia/Tokyo")
    assert parse_when("domani alle 9", tokyo).to_iso() == "2026-11-26T09:00:00+09:00"
    # A stored instant is shown in the clock's zone: 15:00 in Rome is 23:00 in Tokyo.
    assert parse_when("2026-11-27T15:00:00+01:00", tokyo).to_iso() == "2026-11-27T23:00:00+09:00"


def test_today_comes_from_the_clock_zone_not_utc() -> None:
    # 23:30 UTC on the 25th is already the 26th in Rome.
    late = FrozenClock(datetime(2026, 11, 25, 23, 30, tzinfo=UTC))
    assert parse_when("today", late).to_iso() == "2026-11-26"


# --- When ----------------------------------------------------------------------------------------


def test_describe_date_only() -> None:
    assert When(date(2026, 11, 27), None, ROME).describe() == "Fri 27 Nov 2026"


def test_describe_with_time() -> None:
    assert When(date(2026, 11, 27), time(15, 0), ROME).describe() == "Fri 27 Nov 2026 15:00"


def test_describe_single_digit_day_and_seconds() -> None:
    assert When(date(2026, 12, 1), time(9, 5, 7), ROME).describe() == "Tue 1 Dec 2026 09:05:07"


def test_at_is_midnight_when_there_is_no_time() -> None:
    assert When(date(2026, 3, 29), None, ROME).at == datetime(2026, 3, 29, tzinfo=ROME)
    assert When(date(2026, 3, 29), None, ROME).at.utcoffset() == timedelta(hours=1)


def test_at_uses_the_offset_of_the_day() -> None:
    summer = When(date(2026, 7, 1), time(9, 0), ROME).at
    assert summer == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)


def test_to_iso_forms() -> None:
    assert When(date(2026, 11, 27), None, ROME).to_iso() == "2026-11-27"
    assert When(date(2026, 11, 27), time(15, 0), ROME).to_iso() == "2026-11-27T15:00:00+01:00"
    assert When(date(2026, 7, 27), time(15, 0), ROME).to_iso() == "2026-07-27T15:00:00+02:00"


@pytest.mark.parametrize(
    "stored",
    [
        "2026-11-27",
        "2026-11-27T15:00:00+01:00",
        "2026-07-27T08:05:00+02:00",
        "2026-10-25T02:30:00+02:00",  # first 02:30 of the night the clocks go back
        "2026-10-25T02:30:00+01:00",  # second 02:30 of that night
        "2028-02-29",
    ],
)
def test_when_iso_round_trip(stored: str) -> None:
    assert when_from_iso(stored, ROME).to_iso() == stored


def test_when_from_iso_values() -> None:
    assert when_from_iso("2026-11-27", ROME) == When(date(2026, 11, 27), None, ROME)
    assert when_from_iso("2026-11-27T15:00:00+01:00", ROME) == When(
        date(2026, 11, 27), time(15, 0), ROME
    )


def test_when_from_iso_converts_a_foreign_offset_to_the_zone() -> None:
    when = when_from_iso("2026-11-27T23:30:00+00:00", ROME)
    assert when == When(date(2026, 11, 28), time(0, 30), ROME)


def test_parsed_when_round_trips_through_storage() -> None:
    when = parse_when("domani alle 9:30", clock("spring"))
    assert when_from_iso(when.to_iso(), ROME) == when


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ("2026-02-30", '"2026-02-30" is not a date: February 2026 has 28 days.'),
        ("tomorrow", '"tomorrow" is not an ISO 8601 date and time.'),
        (
            "2026-11-27T15:00:00",
            '"2026-11-27T15:00:00" has no UTC offset, so it names no single moment.',
        ),
    ],
)
def test_when_from_iso_refuses(stored: str, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        when_from_iso(stored, ROME)
    assert str(caught.value) == message


# --- parse_timestamp ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-03-18", "2020-03-18T00:00:00+01:00"),
        ("2020-03-18T14:35", "2020-03-18T14:35:00+01:00"),
        ("2020-03-18 14:35:09", "2020-03-18T14:35:09+01:00"),
        ("2020-03-18T14:35:00Z", "2020-03-18T15:35:00+01:00"),
        ("2020-03-18T14:35:00+01:00", "2020-03-18T14:35:00+01:00"),
        ("2020-07-01T12:00:00-04:00", "2020-07-01T18:00:00+02:00"),
        ("20200318T1435", "2020-03-18T14:35:00+01:00"),
        ("18/03/2020", "2020-03-18T00:00:00+01:00"),
        ("18/03/2020 14:35", "2020-03-18T14:35:00+01:00"),
        ("18.03.2020 9:05", "2020-03-18T09:05:00+01:00"),
        ("18-03-20", "2020-03-18T00:00:00+01:00"),
        ("1/7/2020 14.35.10", "2020-07-01T14:35:10+02:00"),
        ("  18/03/2020 14:35  ", "2020-03-18T14:35:00+01:00"),
        ("2026-10-25 02:30", "2026-10-25T02:30:00+02:00"),
    ],
)
def test_parse_timestamp_reads(text: str, expected: str) -> None:
    parsed = parse_timestamp(text, ROME)
    assert parsed.tzinfo is ROME
    assert parsed.isoformat() == expected


def _unreadable_stamp(text: str) -> str:
    return (
        f'Cannot read "{text}" as a date and time; expected ISO 8601 like '
        '"2020-03-18T14:35:00+01:00" or day first like "18/03/2020 14:35".'
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", _unreadable_stamp("")),
        ("yesterday", _unreadable_stamp("yesterday")),
        ("03/18/2020", '"03/18/2020" is not a date: there is no month 18.'),
        ("31/02/2020", '"31/02/2020" is not a date: February 2020 has 29 days.'),
        ("2020-02-30", '"2020-02-30" is not a date: February 2020 has 29 days.'),
        ("18/03/2020 25:00", '"18/03/2020 25:00" is not a valid time: hours go from 0 to 23.'),
        ("2020-03-18T25:00", _unreadable_stamp("2020-03-18T25:00")),
        ("2020-03-18x14:35", _unreadable_stamp("2020-03-18x14:35")),
        ("18/03", _unreadable_stamp("18/03")),
        (
            "2026-03-29 02:30",
            (
                '"2026-03-29 02:30" is not a valid time: 02:30 is skipped on Sun 29 Mar 2026 in '
                "Europe/Rome when the clocks go forward; try 03:30."
            ),
        ),
    ],
)
def test_parse_timestamp_refuses(text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_timestamp(text, ROME)
    assert str(caught.value) == message


def _stamp_outcome(read: Callable[[str, tzinfo], datetime], text: str, tz: tzinfo) -> str:
    """What reading ``text`` gives, as text to compare: the moment and its zone, or the refusal."""
    try:
        moment = read(text, tz)
    except Exception as error:  # even a failure that is a bug must be the same on both paths
        return f"{type(error).__name__}: {error}"
    return f"{moment.isoformat()} {moment.tzinfo!r} fold={moment.fold}"


def _stamp_cases() -> list[str]:
    """Timestamps around the quick path's edges: exports' own form and its near misses."""
    days = [
        "2020-03-18",
        "2020-02-29",
        "2021-02-29",
        "2020-02-30",
        "2020-13-01",
        "2020-00-10",
        "2020-04-31",
        "2020-04-00",
        "0000-01-01",
        "0001-01-01",
        "9999-12-31",
        "2026-03-29",  # clocks go forward in Europe/Rome at 02:00
        "2026-10-25",  # clocks go back at 03:00
    ]
    times = ["00:00", "02:30", "02:59", "03:00", "14:35", "23:59", "24:00", "25:00", "12:60"]
    seconds = ["", ":00", ":09", ":59", ":60", ":07.5", ":37.728847", ":07.1234567", "."]
    offsets = ["", "Z", "z", "+01:00", "+02:00", "-04:00", "+00:00", "+0100", "+23:59", "+24:00"]
    cases = []
    for day in days:
        cases += [day, f" {day} ", f"{day}T", f"{day}x14:35"]
        for sep in ("T", " ", "t"):
            for wall in times:
                for second in seconds:
                    cases += [f"{day}{sep}{wall}{second}{offset}" for offset in offsets]
    return [
        *cases,
        "18/03/2020",
        "18/03/2020 14:35",
        "18.03.2020 9:05",
        "18-03-20",
        "29/03/2026 02:30",
        "31/02/2020",
        "20200318",
        "20200318T1435",
        "2020-3-18",
        "2020-03-18T1435",
        "2020-03-18T14",
        "2020-W12-3",
        "2020-078",
        "2020-03-18T14:35:00+01:00\n",
        "2020-03-18T14:35\n:00",
        "２０２０-03-18",
        "2020-03-18T14:35:00 +01:00",
        "",
        "yesterday",
    ]


@pytest.mark.parametrize("tz_name", ["Europe/Rome", "UTC", "America/New_York"])
def test_parse_timestamp_quick_path_reads_as_the_general_path(tz_name: str) -> None:
    # ISO text of the shape exports write skips the general path's checks; whatever it gives,
    # a moment or a refusal, must be what the general path gives for the same text.
    tz = zone(tz_name)
    diverging = [
        (text, quick, general)
        for text in _stamp_cases()
        if (quick := _stamp_outcome(parse_timestamp, text, tz))
        != (general := _stamp_outcome(_read_timestamp, text.strip(), tz))
    ]
    assert diverging == []


def test_parse_timestamp_quick_path_takes_what_exports_write() -> None:
    # The cases above must exercise the quick path, not only the general one.
    quick = [text for text in _stamp_cases() if _PLAIN_ISO_STAMP.fullmatch(text.strip())]
    assert "2020-03-18T14:35:37.728847+01:00" in quick
    assert "2026-03-29T02:30" in quick
    assert len(quick) > 1000


# --- to_iso / from_iso ----------------------------------------------------------------------------


def test_to_iso_has_offset_and_whole_seconds() -> None:
    moment = datetime(2026, 11, 27, 15, 0, 7, 999_999, tzinfo=ROME)
    assert to_iso(moment) == "2026-11-27T15:00:07+01:00"
    assert to_iso(datetime(2026, 11, 27, 14, 0, tzinfo=UTC)) == "2026-11-27T14:00:00+00:00"


def test_to_iso_refuses_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        to_iso(datetime(2026, 11, 27, 15, 0))


def test_from_iso_round_trip_keeps_the_instant_and_offset() -> None:
    moment = datetime(2026, 7, 27, 15, 0, tzinfo=ROME)
    back = from_iso(to_iso(moment))
    assert back == moment
    assert back.utcoffset() == timedelta(hours=2)


def test_from_iso_refuses_naive_and_garbage() -> None:
    with pytest.raises(InvalidDate) as naive:
        from_iso("2026-07-27T15:00:00")
    assert (
        str(naive.value) == '"2026-07-27T15:00:00" has no UTC offset, so it names no single moment.'
    )
    with pytest.raises(InvalidDate) as garbage:
        from_iso("27/07/2026")
    assert str(garbage.value) == '"27/07/2026" is not an ISO 8601 date and time.'


# --- formatting -----------------------------------------------------------------------------------


def test_format_date() -> None:
    assert format_date(date(2026, 11, 27)) == "27 Nov 2026"
    assert format_date(date(2027, 1, 3)) == "3 Jan 2027"
    assert format_date(datetime(2026, 5, 9, 23, 59, tzinfo=ROME)) == "9 May 2026"


def test_format_datetime_converts_to_the_zone() -> None:
    assert format_datetime(datetime(2026, 11, 27, 14, 0, tzinfo=UTC), ROME) == "27 Nov 2026 15:00"
    assert format_datetime(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), ROME) == "1 Jan 2027 00:30"
    assert format_datetime(datetime(2026, 7, 1, 9, 5), ROME) == "1 Jul 2026 09:05"


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(0), "now"),
        (timedelta(seconds=59), "now"),
        (timedelta(seconds=-30), "now"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=59), "5m"),
        (timedelta(minutes=59), "59m"),
        (timedelta(hours=1), "1h"),
        (timedelta(hours=3, minutes=59), "3h"),
        (timedelta(hours=23, minutes=59), "23h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=2, hours=23), "2d"),
        (timedelta(days=13), "13d"),
        (timedelta(days=14), "2w"),
        (timedelta(days=21), "3w"),
        (timedelta(days=62), "8w"),
        (timedelta(days=63), "2mo"),
        (timedelta(days=120), "4mo"),
        (timedelta(days=364), "12mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=800), "2y"),
        (timedelta(hours=-3), "-3h"),
    ],
)
def test_format_age(delta: timedelta, expected: str) -> None:
    assert format_age(delta) == expected


# --- parse_period ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2020", "2020-01-01T00:00:00+01:00", "2021-01-01T00:00:00+01:00"),
        ("2020-Q1", "2020-01-01T00:00:00+01:00", "2020-04-01T00:00:00+02:00"),
        ("2020-Q2", "2020-04-01T00:00:00+02:00", "2020-07-01T00:00:00+02:00"),
        ("2020-q4", "2020-10-01T00:00:00+02:00", "2021-01-01T00:00:00+01:00"),
        ("Q2 2020", "2020-04-01T00:00:00+02:00", "2020-07-01T00:00:00+02:00"),
        ("2020-03", "2020-03-01T00:00:00+01:00", "2020-04-01T00:00:00+02:00"),
        ("2020-12", "2020-12-01T00:00:00+01:00", "2021-01-01T00:00:00+01:00"),
        ("03/2020", "2020-03-01T00:00:00+01:00", "2020-04-01T00:00:00+02:00"),
        ("marzo 2020", "2020-03-01T00:00:00+01:00", "2020-04-01T00:00:00+02:00"),
        ("March 2020", "2020-03-01T00:00:00+01:00", "2020-04-01T00:00:00+02:00"),
        ("2020-03-18", "2020-03-18T00:00:00+01:00", "2020-03-19T00:00:00+01:00"),
        ("18/03/2020", "2020-03-18T00:00:00+01:00", "2020-03-19T00:00:00+01:00"),
        ("tomorrow", "2026-11-26T00:00:00+01:00", "2026-11-27T00:00:00+01:00"),
        ("venerdì 15:00", "2026-11-27T00:00:00+01:00", "2026-11-28T00:00:00+01:00"),
        # the day the clocks go forward is 23 hours long
        ("29/03/2026", "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"),
    ],
)
def test_parse_period_reads(text: str, start: str, end: str) -> None:
    got_start, got_end = parse_period(text, clock("wed"))
    assert (got_start.isoformat(), got_end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020-Q5", '"2020-Q5" is not a period: quarters go from Q1 to Q4.'),
        ("2020-Q0", '"2020-Q0" is not a period: quarters go from Q1 to Q4.'),
        ("2020-13", '"2020-13" is not a period: there is no month 13.'),
        ("0000", '"0000" is not a period: there is no year 0.'),
        ("31/02/2020", '"31/02/2020" is not a date: February 2020 has 29 days.'),
        (
            "last decade",
            (
                'Cannot read "last decade" as a period; try "2026", "2026-Q2", "2026-03" or '
                '"18/03/2026".'
            ),
        ),
        ("", 'No period given; try "2026", "2026-Q2", "2026-03" or "18/03/2026".'),
    ],
)
def test_parse_period_refuses(text: str, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        parse_period(text, clock("wed"))
    assert str(caught.value) == message


# --- calendar helpers -----------------------------------------------------------------------------


def test_start_of_day() -> None:
    assert start_of_day(date(2026, 3, 29), ROME).isoformat() == "2026-03-29T00:00:00+01:00"
    assert start_of_day(date(2026, 3, 30), ROME).isoformat() == "2026-03-30T00:00:00+02:00"


@pytest.mark.parametrize(
    ("day", "sunday"),
    [
        (date(2026, 11, 23), date(2026, 11, 29)),  # Monday
        (date(2026, 11, 29), date(2026, 11, 29)),  # Sunday itself
        (date(2026, 12, 31), date(2027, 1, 3)),  # across the year end
    ],
)
def test_end_of_week(day: date, sunday: date) -> None:
    assert end_of_week(day) == sunday


@pytest.mark.parametrize(
    ("day", "last"),
    [
        (date(2026, 2, 10), date(2026, 2, 28)),
        (date(2028, 2, 1), date(2028, 2, 29)),
        (date(2026, 4, 30), date(2026, 4, 30)),
        (date(2026, 12, 5), date(2026, 12, 31)),
    ],
)
def test_end_of_month(day: date, last: date) -> None:
    assert end_of_month(day) == last


# --- zones and clocks -----------------------------------------------------------------------------


def test_zone_known() -> None:
    assert str(zone("Europe/Rome")) == "Europe/Rome"
    assert zone(DEFAULT_TIMEZONE) is ROME


@pytest.mark.parametrize("name", ["Europe/Roma", "Europe", "", "../etc/passwd"])
def test_zone_unknown(name: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        zone(name)
    assert str(caught.value) == (
        f'Unknown time zone "{name}"; use an IANA name such as "Europe/Rome" or "UTC".'
    )


def test_frozen_clock_reads_iso_naive_in_its_zone() -> None:
    frozen = FrozenClock("2026-07-01T09:30")
    assert frozen.now().isoformat() == "2026-07-01T09:30:00+02:00"
    assert frozen.today() == date(2026, 7, 1)
    assert frozen.tz is ROME


def test_frozen_clock_converts_aware_moments_to_its_zone() -> None:
    frozen = FrozenClock("2026-11-25T23:30:00+00:00")
    assert frozen.now().isoformat() == "2026-11-26T00:30:00+01:00"
    assert frozen.today() == date(2026, 11, 26)


def test_frozen_clock_accepts_datetimes_and_other_zones() -> None:
    frozen = FrozenClock(datetime(2026, 11, 25, 10, 0), timezone="UTC")
    assert frozen.now() == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert str(frozen.tz) == "UTC"


def test_frozen_clock_advance_is_elapsed_time_across_clock_changes() -> None:
    frozen = FrozenClock("2026-03-28T12:00")
    assert frozen.advance(days=1).isoformat() == "2026-03-29T13:00:00+02:00"
    assert frozen.advance(hours=-1, minutes=-30).isoformat() == "2026-03-29T11:30:00+02:00"
    assert frozen.now().isoformat() == "2026-03-29T11:30:00+02:00"
    assert frozen.today() == date(2026, 3, 29)


def test_frozen_clock_set() -> None:
    frozen = FrozenClock("2026-01-01T00:00")
    frozen.set("2026-12-31T23:59")
    assert frozen.now().isoformat() == "2026-12-31T23:59:00+01:00"
    frozen.set(datetime(2027, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=-4))))
    assert frozen.now().isoformat() == "2027-06-01T14:00:00+02:00"


def test_frozen_clock_refuses_bad_moments() -> None:
    with pytest.raises(InvalidDate) as garbage:
        FrozenClock("next tuesday")
    assert str(garbage.value) == 'Cannot read "next tuesday" as an ISO 8601 date and time.'
    with pytest.raises(InvalidDate) as skipped:
        FrozenClock("2026-03-29T02:30")
    assert str(skipped.value) == (
        '"2026-03-29T02:30" is not a valid time: 02:30 is skipped on Sun 29 Mar 2026 in '
        "Europe/Rome when the clocks go forward; try 03:30."
    )


def test_frozen_clock_is_a_clock_that_parse_when_uses() -> None:
    frozen: Clock = FrozenClock("2026-11-25T10:00")
    assert parse_when("domani", frozen).to_iso() == "2026-11-26"
    assert repr(frozen) == "FrozenClock('2026-11-25T10:00:00+01:00', 'Europe/Rome')"


def test_system_clock_is_aware_and_in_its_zone() -> None:
    system = SystemClock()
    before = datetime.now(UTC)
    now = system.now()
    after = datetime.now(UTC)
    assert system.tz is ROME
    assert now.tzinfo is ROME
    assert before <= now <= after
    assert now.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert system.today() in (before.astimezone(ROME).date(), after.astimezone(ROME).date())


def test_system_clock_refuses_unknown_zone() -> None:
    with pytest.raises(InvalidDate, match='Unknown time zone "Mars/Olympus"'):
        SystemClock("Mars/Olympus")


def test_importing_dates_does_not_import_dateutil() -> None:
    # Every CLI command imports helpdesk.dates; dateutil (with calendar and locale) is loaded
    # only when an expression needs calendar months.
    code = "import sys, helpdesk.dates; print('dateutil' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.strip() == "False"
