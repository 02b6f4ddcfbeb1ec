"""What the services and the store say, in Italian and in English.

Each service raises its errors with a message built when it is raised, in the language the
desk speaks at that moment; summaries name their rows and headings in it too. The English
messages stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpdesk.errors import DatabaseMissing, HelpdeskError
from helpdesk.i18n import set_language
from helpdesk.services.desk import Desk
from helpdesk.services.export_schema import ticket_in
from helpdesk.services.summary_labels import describe_hours, label_of, month_label
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.validation import check_vat
from helpdesk.services.webinar_series import weekday_code
from helpdesk.store import layout
from helpdesk.store.backups import check_desk, describe_damage


def _new_ticket(desk: Desk) -> int:
    return desk.tickets.log(TicketDraft("Vendere online")).ticket.ref


def _rate_an_open_ticket(desk: Desk) -> Any:
    return desk.satisfaction.record(_new_ticket(desk), 5)


def _follow_up_nothing(desk: Desk) -> Any:
    return desk.followups.done(_new_ticket(desk))


#: A failing call per service, with its whole message in Italian and in English.
FAILURES: dict[str, tuple[Callable[[Desk], Any], str, str]] = {
    "tickets": (
        lambda desk: desk.tickets.get(999),
        "Non esiste la richiesta #999.",
        "There is no ticket #999.",
    ),
    "companies": (
        lambda desk: desk.companies.get("Zzqx"),
        "Nessuna impresa corrisponde a 'Zzqx'.",
        "No company matches 'Zzqx'.",
    ),
    "followups": (
        _follow_up_nothing,
        "La richiesta #1 non ha richiami in sospeso.",
        "#1 has no pending follow-up.",
    ),
    "webinars": (
        lambda desk: desk.webinars.get(9),
        "Non esiste il webinar 9.",
        "There is no webinar 9.",
    ),
    "calls": (
        lambda desk: desk.calls.get(9),
        "Non esiste il bando 9; `bando list` li elenca.",
        "There is no call 9; `bando list` shows them.",
    ),
    "partners": (
        lambda desk: desk.partners.get("Zzqx"),
        "Nessun partner 'Zzqx'. Vedere `helpdesk partner list`.",
        "No partner 'Zzqx'. See `helpdesk partner list`.",
    ),
    "referrals": (
        lambda desk: desk.referrals.get(9),
        "Nessuna segnalazione 9. Vedere `helpdesk referral list`.",
        "No referral 9. See `helpdesk referral list`.",
    ),
    "programmes": (
        lambda desk: desk.programmes.add("s20", "Sportello", start="2020-03-01", end="2020-01-01"),
        "Un programma non può finire prima di iniziare.",
        "A programme cannot end before it starts.",
    ),
    "privacy": (
        lambda desk: desk.privacy.forget_contact("zzqx@example.org"),
        "Nessun referente 'zzqx@example.org': non è stato dimenticato nulla.",
        "No contact 'zzqx@example.org': nothing was forgotten.",
    ),
    "satisfaction": (
        _rate_an_open_ticket,
        "La richiesta #1 è nuova: il gradimento si registra alla chiusura o dopo.",
        "#1 is new: satisfaction is recorded at or after closing.",
    ),
    "directory": (
        lambda desk: desk.directory.adviser("zz"),
        "Non esiste il consulente 'zz'; i consulenti sono: gb, ms.",
        "There is no adviser 'zz'; advisers are: gb, ms.",
    ),
    "exports": (
        lambda desk: desk.exports.export(fmt="xml"),
        "Formato di esportazione sconosciuto 'xml'; usare json, jsonl o csv.",
        "Unknown export format 'xml'; use json, jsonl or csv.",
    ),
    "summary": (
        lambda desk: desk.summary.period("2020-Q1", since="1/1/2020"),
        "Indicare un periodo oppure --since/--until, non entrambi.",
        "Give either a period or --since/--until, not both.",
    ),
    "templates": (
        lambda desk: desk.templates.pick("reply-ecommerce", "de"),
        "La lingua 'de' non è tra: en, it.",
        "Language 'de' is not one of: en, it.",
    ),
    "validation": (
        lambda desk: check_vat("00743110158"),
        "La partita IVA '00743110158' non è valida: la cifra di controllo è errata.",
        "VAT number '00743110158' is not valid: its check digit is wrong.",
    ),
    "webinar series": (
        lambda desk: weekday_code("xyz"),
        "'xyz' non è un giorno della settimana; usare MO, TU, WE, TH, FR, SA, SU o un nome "
        "come martedì.",
        "'xyz' is not a weekday; use MO, TU, WE, TH, FR, SA, SU or a name such as tuesday.",
    ),
    "export schema": (
        lambda desk: ticket_in([], desk.clock.tz),
        "la richiesta: non è un oggetto JSON.",
        "the ticket is not a JSON object.",
    ),
}


def _message(desk: Desk, failing: Callable[[Desk], Any]) -> str:
    with pytest.raises(HelpdeskError) as raised:
        failing(desk)
    return raised.value.message


@pytest.mark.parametrize("service", FAILURES)
@pytest.mark.parametrize("code", ["it", "en"])
def test_each_service_refuses_in_the_desks_language(desk: Desk, service: str, code: str) -> None:
    failing, italian, english = FAILURES[service]
    set_language(code)
    assert _message(desk, failing) == (italian if code == "it" else english)


@pytest.mark.parametrize(
    ("code", "one", "two"),
    [
        (
            "it",
            "Tema sconosciuto 'zzqx'; i temi sono:",
            "Temi sconosciuti 'zzqx', 'qqzz'; i temi sono:",
        ),
        ("en", "Unknown topic 'zzqx'; topics are:", "Unknown topics 'zzqx', 'qqzz'; topics are:"),
    ],
)
def test_a_message_about_several_things_takes_their_number(
    desk: Desk, code: str, one: str, two: str
) -> None:
    set_language(code)
    assert _message(desk, lambda d: d.directory.topic_keys(["zzqx"])).startswith(one)
    assert _message(desk, lambda d: d.directory.topic_keys(["zzqx", "qqzz"])).startswith(two)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("it", "la tabella tickets (richieste da #1 a #50; manca la riga di #17)"),
        ("en", "the tickets table (tickets #1 to #50; the line of #17 is gone)"),
    ],
)
def test_a_damaged_database_is_described_in_the_desks_language(code: str, expected: str) -> None:
    set_language(code)
    assert describe_damage(layout.Damaged("tickets", (1, 50), missing=[17])) == expected


def test_a_missing_database_is_reported_in_italian(tmp_path: Path, italian: None) -> None:
    with pytest.raises(DatabaseMissing, match=r"^Nessun archivio in .*zzqx\.json\.$"):
        check_desk(tmp_path / "zzqx.json")


def test_summary_labels_use_the_glossary_in_italian_and_stay_in_english() -> None:
    assert [label_of(k, "it") for k in ("triaged", "in_progress", "closed")] == [
        "Presa in carico",
        "In lavorazione",
        "Chiusa",
    ]
    assert [label_of(k, "it") for k in ("advised", "referred", "artisan", "walk_in")] == [
        "Consulenza fornita",
        "Segnalata a un partner",
        "Artigiana",
        "Di persona",
    ]
    assert [label_of(k, "en") for k in ("triaged", "advised", "walk_in")] == [
        "Triaged",
        "Advised",
        "Walk-in",
    ]
    assert (month_label("2020-05", "it"), month_label("2020-05", "en")) == (
        "maggio 2020",
        "May 2020",
    )


def test_summary_labels_follow_the_current_language_when_none_is_given(italian: None) -> None:
    assert label_of("grant_applied") == "Domanda presentata"
    assert describe_hours(50.4) == "2g 2h"
    assert month_label("2020-12") == "dicembre 2020"
    set_language("en")
    assert (label_of("grant_applied"), describe_hours(50.4)) == ("Grant applied for", "2d 2h")


@pytest.mark.parametrize(
    ("code", "title", "none", "period", "stage"),
    [
        ("it", "Esito delle richieste chiuse", "Nessun tema", "tutto il periodo", "Richieste"),
        ("en", "Outcome of closed tickets", "No topic", "all time", "Requests"),
    ],
)
def test_a_summary_names_its_headings_in_the_desks_language(
    desk: Desk, code: str, title: str, none: str, period: str, stage: str
) -> None:
    desk.tickets.log(TicketDraft("Zzqx", topics=[]))
    set_language(code)
    summary = desk.summary.compute()
    assert summary.breakdowns["outcome"].title == title
    assert summary.period.describe() == period
    topic = summary.breakdowns["topic"]
    # Rows carry both languages: a report template is written in one of them.
    assert (topic.rows[-1].label, topic.rows[-1].label_it) == ("No topic", "Nessun tema")
    assert none in (topic.rows[-1].label, topic.rows[-1].label_it)
    assert summary.impact is not None and summary.impact.stages[0].label == stage


#: Common English words that must not appear in an Italian message (outside user data).
ENGLISH_WORDS = {
    "the", "and", "with", "ticket", "open", "closed", "due", "not", "none", "of", "to", "no",
    "is", "has", "there", "company", "call", "follow", "up", "give", "use",
}  # fmt: skip


def test_no_english_word_is_left_in_the_italian_messages(desk: Desk, italian: None) -> None:
    said = [_message(desk, failing) for failing, _it, _en in FAILURES.values()]
    said += [_message(desk, lambda d: d.directory.topic_keys(["zzqx", "qqzz"]))]
    said += [describe_damage(layout.Damaged("companies", (3, 3), unreadable=[3]))]
    summary = desk.summary.compute()
    said += [b.title for b in summary.breakdowns.values()]
    said += [row.label_it for b in summary.breakdowns.values() for row in b.rows]
    said += [row.label_it for row in summary.open.ages]
    for text in said:
        # Commands, options, quoted input and keys (``open_innovation``) are an interface, not
        # text: left out.
        shown = re.sub(r"`[^`]*`|--[a-z-]+|'[^']*'|\w*_\w*", " ", text.lower())
        words = re.findall(r"[a-zà-ù]+", shown)
        assert not ENGLISH_WORDS & set(words), text
