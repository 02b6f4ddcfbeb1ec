"""Labels of the vocabularies, dates, numbers and the shared views, in Italian and in English.

The views are drawn from the hand-made desk of ``test_summary_desk.py``, whose user data are
Italian, so that an English word in the Italian output is one the code forgot to translate.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date, time, timedelta
from enum import StrEnum
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from rich.console import Console
from test_summary_desk import build_known_desk

from helpdesk.dates import FrozenClock, When, format_date, format_datetime, relative_day
from helpdesk.dates.formatting import (
    MONTH_ABBR,
    MONTH_NAMES,
    WEEKDAY_ABBR,
    calendar_names,
    format_age,
    format_day,
)
from helpdesk.domain.calls import CallStatus, Funder, Stage
from helpdesk.domain.enums import (
    Channel,
    Choice,
    CompanyKind,
    CompanySize,
    LinkKind,
    Outcome,
    Priority,
    Status,
)
from helpdesk.domain.lifecycle import check_transition
from helpdesk.domain.numbers import format_count, format_euros, format_number, format_percent
from helpdesk.domain.partners import PartnerKind, ReferralState
from helpdesk.domain.programmes import Service, Source
from helpdesk.domain.webinars import EnrolmentStatus, Repeat, WebinarStatus
from helpdesk.errors import InvalidValue, TransitionRefused
from helpdesk.i18n import set_language
from helpdesk.i18n.catalogs import catalog_path
from helpdesk.render.agenda import agenda_view
from helpdesk.render.summary import summary_markdown, summary_view
from helpdesk.render.tickets import ticket_table, ticket_view
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk

ROOT = Path(__file__).resolve().parent.parent

VOCABULARIES: list[type[Choice]] = [
    Channel,
    Priority,
    Status,
    Outcome,
    CompanyKind,
    CompanySize,
    LinkKind,
    Funder,
    CallStatus,
    Stage,
    PartnerKind,
    ReferralState,
    Service,
    Source,
    WebinarStatus,
    EnrolmentStatus,
    Repeat,
]

#: Words that give away an English message left untranslated in the Italian output.
ENGLISH_WORDS = {
    "the",
    "and",
    "with",
    "ticket",
    "tickets",
    "open",
    "closed",
    "due",
    "not",
    "none",
    "of",
    "to",
    "nobody",
    "overdue",
    "today",
    "follow-up",
    "follow-ups",
    "status",
    "new",
    "triaged",
    "waiting",
    "resolved",
}


def english_words(text: str) -> set[str]:
    """The words of :data:`ENGLISH_WORDS` found in ``text`` (case ignored)."""
    return {w for w in re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower()) if w in ENGLISH_WORDS}


def text_of(renderable: object, width: int = 140) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


# -- labels ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "italian", "english"),
    [
        (Status.NEW, "nuova", "new"),
        (Status.TRIAGED, "presa in carico", "triaged"),
        (Status.IN_PROGRESS, "in lavorazione", "in progress"),
        (Status.CLOSED, "chiusa", "closed"),
        (CallStatus.CLOSED, "chiuso", "closed"),
        (Outcome.ADVISED, "consulenza fornita", "advised"),
        (Outcome.REFERRED, "segnalata a un partner", "referred"),
        (CompanyKind.SME, "PMI", "SME"),
        (CompanyKind.LARGE, "grande impresa", "large"),
        (CompanySize.LARGE, "grande", "large"),
        (Channel.WALK_IN, "di persona", "walk-in"),
        (Channel.EMAIL, "e-mail", "email"),
        (Priority.HIGH, "alta", "high"),
        (EnrolmentStatus.CANCELLED, "annullata", "cancelled"),
        (WebinarStatus.CANCELLED, "annullato", "cancelled"),
        (EnrolmentStatus.NO_SHOW, "assente", "no-show"),
        (Funder.EU, "Unione europea", "European Union"),
    ],
)
@pytest.mark.parametrize("code", ["it", "en"])
def test_a_value_reads_as_its_label_in_the_current_language(
    code: str, value: StrEnum, italian: str, english: str
) -> None:
    set_language(code)
    assert value.label_text == (italian if code == "it" else english)  # type: ignore[attr-defined]


def test_every_label_of_every_vocabulary_has_its_italian() -> None:
    with catalog_path("it").open("rb") as source:
        catalog = read_po(source, locale="it")
    for vocabulary in VOCABULARIES:
        context = vocabulary.label_context()
        assert context, vocabulary
        for member in vocabulary:
            english = vocabulary.english_labels().get(member)
            assert english, member
            message = catalog.get(english, context=context)
            assert message is not None and message.string, (vocabulary.__name__, member)


def test_a_refused_value_names_the_vocabulary_in_italian_and_lists_the_keys(italian) -> None:
    with pytest.raises(InvalidValue) as caught:
        Priority.parse("altissima")
    assert str(caught.value) == (
        "Priorità: 'altissima' non è tra i valori ammessi: low, normal, high, urgent."
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "it",
            "La richiesta #3 non può passare da «in attesa» a «nuova»; da «in attesa» può "
            "passare a: in lavorazione, risolta.",
        ),
        (
            "en",
            "#3 cannot go from waiting to new; from waiting it can go to: in progress, resolved.",
        ),
    ],
)
def test_a_refused_move_is_said_in_the_current_language(code: str, message: str) -> None:
    set_language(code)
    with pytest.raises(TransitionRefused) as caught:
        check_transition(3, Status.WAITING, Status.NEW)
    assert str(caught.value) == message


# -- dates ----------------------------------------------------------------------------------------

FRIDAY = date(2026, 12, 11)


@pytest.mark.parametrize(
    ("code", "day", "with_weekday", "moment", "when"),
    [
        ("it", "11 dic 2026", "ven 11 dic 2026", "11 dic 2026 15:30", "ven 11 dic 2026 15:30"),
        ("en", "11 Dec 2026", "Fri 11 Dec 2026", "11 Dec 2026 15:30", "Fri 11 Dec 2026 15:30"),
    ],
)
def test_dates_are_written_in_the_current_language(
    code: str, day: str, with_weekday: str, moment: str, when: str
) -> None:
    set_language(code)
    clock = FrozenClock("2026-12-11 15:30")
    assert format_date(FRIDAY) == day
    assert format_day(FRIDAY) == with_weekday
    assert format_datetime(clock.now(), clock.tz) == moment
    assert When(FRIDAY, time(15, 30), clock.tz).describe() == when


def test_a_date_can_be_written_in_a_language_other_than_the_current_one() -> None:
    assert format_day(FRIDAY, "it") == "ven 11 dic 2026"
    assert format_date(date(2020, 3, 18), "it") == "18 mar 2020"


def test_the_english_names_are_babels_own() -> None:
    """English skips Babel to start quickly; its names must still be what Babel would give."""
    from babel.dates import get_day_names, get_month_names

    days = get_day_names("abbreviated", locale="en")
    assert tuple(days[i] for i in range(7)) == WEEKDAY_ABBR
    assert tuple(get_month_names("abbreviated", locale="en")[m] for m in range(1, 13)) == MONTH_ABBR
    assert tuple(get_month_names("wide", locale="en")[m] for m in range(1, 13)) == MONTH_NAMES
    assert calendar_names("it")[1][11] == "dic"


@pytest.mark.parametrize(
    ("offset", "italian", "english"),
    [
        (0, "oggi", "today"),
        (1, "domani", "tomorrow"),
        (-1, "ieri", "yesterday"),
        (3, "tra 3 giorni", "in 3 days"),
        (-3, "3 giorni fa", "3 days ago"),
    ],
)
@pytest.mark.parametrize("code", ["it", "en"])
def test_days_are_said_relative_to_today(
    code: str, offset: int, italian: str, english: str
) -> None:
    set_language(code)
    text = relative_day(FRIDAY + timedelta(days=offset), FRIDAY)
    assert text == (italian if code == "it" else english)


@pytest.mark.parametrize(
    ("delta", "italian", "english"),
    [
        (timedelta(seconds=30), "ora", "now"),
        (timedelta(minutes=5), "5min", "5m"),
        (timedelta(days=2), "2g", "2d"),
        (timedelta(weeks=3), "3sett", "3w"),
        (timedelta(days=400), "1a", "1y"),
    ],
)
@pytest.mark.parametrize("code", ["it", "en"])
def test_ages_are_compact_in_both_languages(
    code: str, delta: timedelta, italian: str, english: str
) -> None:
    set_language(code)
    assert format_age(delta) == (italian if code == "it" else english)


# -- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "number", "count", "euros", "whole", "share"),
    [
        ("it", "1.234,5", "1.234.567", "1.234,50 €", "12.000 €", "46%"),
        ("en", "1,234.5", "1,234,567", "€1,234.50", "€12,000", "46%"),
    ],
)
def test_numbers_and_euros_are_written_in_the_current_language(
    code: str, number: str, count: str, euros: str, whole: str, share: str
) -> None:
    set_language(code)
    assert format_number(1234.5, 1) == number
    assert format_count(1_234_567) == count
    assert format_euros(123_450) == euros
    assert format_euros(1_200_000) == whole
    assert format_percent(0.456) == share
    assert format_count(None) == format_percent(None) == "—"
    assert format_euros(None) == ""


def test_english_numbers_are_babels_own() -> None:
    from babel.numbers import format_currency, format_decimal

    assert format_number(1234567.25, 2, "en") == format_decimal(1234567.25, locale="en")
    assert format_euros(123_450, "en") == format_currency(1234.5, "EUR", locale="en")
    assert format_euros(-525, "en") == format_currency(-5.25, "EUR", locale="en")


# -- the shared views, drawn in Italian ---------------------------------------------------------


@pytest.fixture(scope="module")
def known() -> Desk:
    clock = FrozenClock("2020-03-01 09:00")
    return build_known_desk(memory_desk(clock, actor="ms"), clock)


def views(desk: Desk) -> dict[str, str]:
    """The ticket list, one ticket, the agenda and the summary (Rich and Markdown) as text."""
    now = desk.clock.now()
    tickets = desk.tickets.search("")
    companies = desk.companies.by_id()
    summary = desk.summary.compute(desk.summary.period("2020-Q2"))
    show = text_of(ticket_view(desk.tickets.detail(2), now, desk.clock.tz))
    return {
        "list": text_of(ticket_table(tickets, companies, now)),
        # The history holds what each change wrote at the time, data like the notes.
        "show": show.split("Storico")[0] if "Storico" in show else show,
        "agenda": text_of(agenda_view(desk.followups.agenda())),
        "summary": text_of(summary_view(summary)),
        "markdown": summary_markdown(summary),
    }


def test_the_views_speak_italian_with_no_english_word(known: Desk, italian) -> None:
    drawn = views(known)
    for name, text in drawn.items():
        assert english_words(text) == set(), (name, text)
    assert "Stato" in drawn["list"] and "Richiamo" in drawn["list"]
    assert "Oggetto" in drawn["list"] and "Impresa" in drawn["list"]
    assert "Richiami" in drawn["show"] and "assegnatario" in drawn["show"]
    assert drawn["agenda"].startswith("Agenda · tutto lo sportello · ")
    assert "Tempi di risposta" in drawn["summary"] and "Richiami" in drawn["summary"]
    assert "# Riepilogo dello sportello: 2020-Q2 (1 apr 2020 – 30 giu 2020)" in drawn["markdown"]
    assert "## Richieste per tema" in drawn["markdown"]
    assert "| Presa in carico |" in drawn["markdown"] or "| Nuova |" in drawn["markdown"]


def test_the_views_still_speak_english(known: Desk) -> None:
    drawn = views(known)
    assert "Status" in drawn["list"] and "Follow-up" in drawn["list"]
    assert drawn["agenda"].startswith("Agenda · whole desk · ")
    assert "Response times" in drawn["summary"]
    assert "# Desk summary: 2020-Q2 (1 Apr 2020 – 30 Jun 2020)" in drawn["markdown"]
    assert "## Tickets by topic" in drawn["markdown"]


def test_json_keys_and_status_values_do_not_change_with_the_language(known: Desk, italian) -> None:
    from helpdesk.services.summary_json import summary_json

    data = summary_json(known.summary.compute(known.summary.period("2020-Q2")))
    assert "breakdowns" in data and "status" in data["breakdowns"]
    keys = {row["key"] for row in data["breakdowns"]["status"]}
    assert keys <= {s.value for s in Status}


def test_listing_tickets_in_english_loads_no_babel(tmp_path: Path) -> None:
    """English dates and numbers are written without Babel, so a list starts as quickly as
    before there were two languages."""
    script = (
        "import sys\n"
        "from helpdesk.cli.main import app\n"
        "try:\n"
        "    app(['--lang', 'en', 'list'], standalone_mode=False)\n"
        "finally:\n"
        "    print('babel.numbers' in sys.modules or 'babel.dates' in sys.modules)\n"
    )
    shutil_db = ROOT / "tickets.json"
    env = {"HELPDESK_DB": str(shutil_db), "COLUMNS": "120", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
