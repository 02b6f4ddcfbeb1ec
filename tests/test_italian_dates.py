"""Dates as Italians write them, typed at the desk and found in imported files.

The clock is the suite's: Friday 20 November 2026, 10:00 in Europe/Rome.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from helpdesk.dates import FrozenClock, parse_timestamp, parse_when
from helpdesk.errors import InvalidDate
from helpdesk.i18n import set_language

ROME = ZoneInfo("Europe/Rome")


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("18 marzo 2020", date(2020, 3, 18), None),
        ("18/03/2020 9.12", date(2020, 3, 18), time(9, 12)),
        ("18/03/2020 09:12", date(2020, 3, 18), time(9, 12)),
        ("ven 11 dic", date(2026, 12, 11), None),
        ("Ven 11 dic 2026", date(2026, 12, 11), None),
        ("venerdì 11 dicembre", date(2026, 12, 11), None),
        ("venerdi' 11 dicembre 2026 alle 15", date(2026, 12, 11), time(15)),
        ("il 18 dicembre", date(2026, 12, 18), None),
        ("l'11 dicembre", date(2026, 12, 11), None),
        ("venerdì", date(2026, 11, 27), None),
        ("domani", date(2026, 11, 21), None),
        ("dopodomani", date(2026, 11, 22), None),
        ("tra 3 giorni", date(2026, 11, 23), None),
        ("fra una settimana", date(2026, 11, 27), None),
        ("lunedì prossimo", date(2026, 11, 23), None),
        ("prossimo lunedì", date(2026, 11, 23), None),
        ("lunedì mattina", date(2026, 11, 23), time(9)),
        ("fri 11 dec", date(2026, 12, 11), None),
        ("mar 10", date(2026, 3, 10), None),  # March: a month name comes with its day
    ],
)
def test_dates_typed_as_italians_write_them(
    clock: FrozenClock, text: str, day: date, at: time | None
) -> None:
    when = parse_when(text, clock)
    assert (when.day, when.time) == (day, at)


def test_a_date_without_a_year_read_ahead_is_the_next_one(clock: FrozenClock) -> None:
    assert parse_when("il 18 marzo", clock).day == date(2026, 3, 18)
    assert parse_when("il 18 marzo", clock, ahead=True).day == date(2027, 3, 18)


@pytest.mark.parametrize(
    ("speaking", "message"),
    [
        ("it", '"gio 11 dic 2026" non è una data: 11 dicembre 2026 cade di venerdì.'),
        ("en", '"gio 11 dic 2026" is not a date: 11 December 2026 is a Friday.'),
    ],
)
def test_a_weekday_that_is_not_the_dates_own_is_refused(
    clock: FrozenClock, speaking: str, message: str
) -> None:
    set_language(speaking)
    with pytest.raises(InvalidDate) as refused:
        parse_when("gio 11 dic 2026", clock)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("speaking", "text", "message"),
    [
        ("it", "31/02/2026", '"31/02/2026" non è una data: febbraio 2026 ha 28 giorni.'),
        ("en", "31/02/2026", '"31/02/2026" is not a date: February 2026 has 28 days.'),
        ("it", "domani 25:00", '"domani 25:00" non è un orario valido: le ore vanno da 0 a 23.'),
        ("it", "boh", 'Impossibile leggere "boh" come data; provare con "domani", '),
        ("en", "boh", 'Cannot read "boh" as a date; try "tomorrow", '),
    ],
)
def test_messages_about_dates_speak_the_users_language(
    clock: FrozenClock, speaking: str, text: str, message: str
) -> None:
    set_language(speaking)
    with pytest.raises(InvalidDate) as refused:
        parse_when(text, clock)
    assert refused.value.message.startswith(message)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("18 marzo 2020", datetime(2020, 3, 18, tzinfo=ROME)),
        ("18 marzo 2020 9.12", datetime(2020, 3, 18, 9, 12, tzinfo=ROME)),
        ("18 Marzo 2020 ore 9.12", datetime(2020, 3, 18, 9, 12, tzinfo=ROME)),
        ("mer 18 mar 2020, 09:12", datetime(2020, 3, 18, 9, 12, tzinfo=ROME)),
        ("18/03/2020 9.12.34", datetime(2020, 3, 18, 9, 12, 34, tzinfo=ROME)),
        ("18/03/2020 09:12", datetime(2020, 3, 18, 9, 12, tzinfo=ROME)),
    ],
)
def test_imported_dates_as_italian_forms_write_them(text: str, moment: datetime) -> None:
    assert parse_timestamp(text, ROME) == moment


def test_an_imported_date_with_its_month_named_still_needs_its_year() -> None:
    with pytest.raises(InvalidDate, match="Cannot read"):
        parse_timestamp("18 marzo", ROME)
    with pytest.raises(InvalidDate, match="is a Wednesday"):
        parse_timestamp("gio 18 marzo 2020", ROME)
