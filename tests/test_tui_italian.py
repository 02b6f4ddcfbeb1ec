"""The terminal UI in both languages: the day's flow in Italian and in English, the switch from
the command palette (at once, a typed draft kept), and a guard against English words left on
the Italian screens.
"""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from test_tui import SIZE, notices, plain, screen_text, type_text
from test_tui_data import run_async, seeded_desk
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets._footer import FooterKey

from helpdesk.domain.enums import Status
from helpdesk.i18n import language
from helpdesk.tui.app import HelpdeskApp, make_app
from helpdesk.tui.screens.agenda import AgendaScreen
from helpdesk.tui.screens.dashboard import DashboardScreen
from helpdesk.tui.screens.dialogs import DiscardDialog
from helpdesk.tui.screens.main import MainScreen
from helpdesk.tui.screens.new_ticket import TicketForm
from helpdesk.tui.screens.ticket import TicketScreen
from helpdesk.tui.screens.webinars import WebinarsScreen
from helpdesk.tui.widgets.filter_bar import FilterBar
from helpdesk.tui.widgets.pulse import PulseHeader
from helpdesk.tui.widgets.ticket_list import TicketList

#: What each step of the flow shows, in each language (the glossary's words for Italian).
WORDS = {
    "it": {
        "views": ["In arrivo", "Mie", "Scaduti", "Tutte aperte", "Chiuse"],
        "headings": ["Impresa", "Oggetto", "Temi", "Stato", "Richiamo"],
        "pulse": ["nuove", "scaduto", "aperte"],
        "status": "di 6 richieste",
        "cells": ["in lavorazione", "alta", "nuova", "18 nov"],
        "footer": ["Filtro", "Nuova", "Presa in carico"],
        "form": ["Nuova richiesta", "Nome del referente", "Oggetto (obbligatorio)", "Registra"],
        "logged": "#7 registrata",
        "glance": ["nuova", "normale", "Pasticceria Rossi"],
        "triaged": "#7 presa in carico",
        "agenda": ["Agenda", "richiami dello sportello", "1 scaduto", "1 oggi", "Più avanti"],
        "webinars": ["Webinar", "1 prossima sessione"],
        "dashboard": ["Cruscotto", "Richieste per mese", "Per stato"],
    },
    "en": {
        "views": ["Inbox", "Mine", "Overdue", "All open", "Closed"],
        "headings": ["Company", "Subject", "Topics", "Status", "Follow-up"],
        "pulse": ["new", "overdue", "open"],
        "status": "of 6 tickets",
        "cells": ["in progress", "high", "new", "18 Nov"],
        "footer": ["Filter", "New", "Triage"],
        "form": ["New ticket", "Contact name", "Subject (required)", "Log ticket"],
        "logged": "#7 logged",
        "glance": ["new", "normal", "Pasticceria Rossi"],
        "triaged": "#7 triaged",
        "agenda": ["Agenda", "the whole desk's follow-ups", "1 overdue", "1 today", "Later"],
        "webinars": ["Webinars", "1 upcoming session"],
        "dashboard": ["Dashboard", "Tickets received by month", "By status"],
    },
}


def app_in(code: str) -> HelpdeskApp:
    """The app over the seeded desk, speaking ``code``."""
    return make_app(seeded_desk(), watch_interval=0, language=code)


def footer_text(app: HelpdeskApp) -> str:
    """The descriptions of the keys the footer shows."""
    return " ".join(key.description for key in app.screen.query(FooterKey) if key.display)


def list_text(app: HelpdeskApp) -> str:
    """The ticket list's heading and rows as drawn."""
    listing = app.screen.query_one(TicketList)
    return "\n".join(listing.render_line(y).text for y in range(len(listing.tickets) + 1))


@pytest.mark.parametrize("code", ["it", "en"])
@run_async
async def test_the_days_flow_speaks_the_language_chosen(code: str) -> None:
    words = WORDS[code]
    app = app_in(code)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert language() == code
        assert isinstance(app.screen, MainScreen)
        text = screen_text(app)
        assert all(view in text for view in words["views"]), text
        heading = list_text(app).splitlines()[0]
        assert all(title in heading for title in words["headings"]), heading
        pulse = plain(app.screen.query_one(PulseHeader))
        assert all(word in pulse for word in words["pulse"]), pulse
        status = plain(app.screen.query_one("#filter-status", Static))
        assert words["status"] in status, status
        rows = list_text(app)
        assert all(cell in rows for cell in words["cells"]), rows
        assert all(key in footer_text(app) for key in words["footer"]), footer_text(app)

        # Log a call for a known company.
        await pilot.press("n")
        assert isinstance(app.screen, TicketForm)
        form_text = screen_text(app)
        assert all(label in form_text for label in words["form"]), form_text
        await type_text(pilot, "Pasticceria Rossi")
        await pilot.press("enter")
        app.screen.query_one("#subject", Input).value = "Torte su ordinazione online"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert words["logged"] in notices(app)

        # Open it and triage it with the suggestions.
        assert app.screen.query_one(TicketList).move_to(7)
        await pilot.press("enter")
        assert isinstance(app.screen, TicketScreen)
        glance = plain(app.screen.query_one("#glance", Static))
        assert all(word in glance for word in words["glance"]), glance
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.desk.tickets.get(7).status is Status.TRIAGED
        assert any(n.startswith(words["triaged"]) for n in notices(app)), notices(app)
        await pilot.press("escape")

        # The agenda, the webinars and the dashboard.
        await pilot.press("a")
        assert isinstance(app.screen, AgendaScreen)
        agenda = screen_text(app)
        assert all(word in agenda for word in words["agenda"]), agenda
        await pilot.press("escape")
        await pilot.press("w")
        assert isinstance(app.screen, WebinarsScreen)
        assert all(word in screen_text(app) for word in words["webinars"])
        await pilot.press("escape")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        dashboard = screen_text(app)
        assert all(word in dashboard for word in words["dashboard"]), dashboard


@run_async
async def test_the_palette_switches_language_at_once_and_keeps_the_draft() -> None:
    app = app_in("en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, TicketForm)
        await type_text(pilot, "Forno Bianchi")
        await pilot.press("enter")  # a new company
        await pilot.pause()
        form.query_one("#town", Input).value = "Treviglio"
        form.query_one("#subject", Input).value = "Vendere il pane online"
        form.query_one("#description").load_text("Pane e dolci, consegna a domicilio.")  # type: ignore[attr-defined]
        await pilot.pause()
        assert "Subject (required)" in screen_text(app)

        await pilot.press("ctrl+p")
        await type_text(pilot, "Language")
        await pilot.pause()
        assert "Language: italiano" in screen_text(app)
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause()

        assert language() == "it"
        assert app.screen is form
        text = screen_text(app)
        assert "Oggetto (obbligatorio)" in text and "Subject (required)" not in text
        assert "Partita IVA della nuova impresa (facoltativa)" in text
        assert form.query_one("#company", Input).value == "Forno Bianchi"
        assert form.query_one("#town", Input).value == "Treviglio"
        assert form.query_one("#subject", Input).value == "Vendere il pane online"
        assert form.query_one("#description").text == "Pane e dolci, consegna a domicilio."  # type: ignore[attr-defined]
        assert not form.query_one("#new-company").has_class("-hidden")
        assert "Lo sportello ora parla italiano." in notices(app)

        # The draft is still the adviser's to save; the screen beneath speaks Italian too.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        saved = app.desk.tickets.get(7)
        assert saved.subject == "Vendere il pane online"
        assert "#7 registrata" in notices(app)
        main = screen_text(app)
        assert "In arrivo" in main and "Inbox" not in main
        assert "Oggetto" in list_text(app).splitlines()[0]
        assert "Nuova" in footer_text(app)
        placeholder = app.screen.query_one(FilterBar).query_one(Input).placeholder
        assert placeholder.startswith("filtro:")

        # And back: the palette now offers English, in Italian.
        await pilot.press("ctrl+p")
        await type_text(pilot, "Lingua")
        await pilot.pause()
        assert "Lingua: English" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert language() == "en"
        assert "Inbox" in screen_text(app)


@run_async
async def test_the_palettes_own_commands_and_field_speak_italian() -> None:
    app = app_in("it")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for command in ("Esci", "Tema grafico", "Istantanea", "Impresa", "Lingua: English"):
            assert command in titles, titles
        assert "Filtro" in titles and "Presa in carico" in titles
        assert not {"Quit", "Theme", "Screenshot", "Keys", "Filter"} & set(titles), titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert "Cerca un comando…" in screen_text(app)


#: Common English words that must not be read on an Italian screen (outside user data).
ENGLISH = ("the", "and", "with", "ticket", "open", "closed", "due", "not", "none", "of", "to", "no")

#: What the seeded desk holds, typed by users: names, subjects, notes, titles, keys of advisers.
USER_DATA = (
    "Pasticceria Rossi",
    "Officina Meccanica Bassi S.r.l.",
    "Trattoria Da Gino",
    "Studio Verdi",
    "Falegnameria Conti",
    "Vendere online i nostri dolci",
    "Bando digitalizzazione",
    "Social media per il ristorante",
    "Consulenza cybersecurity",
    "Credito per nuovi macchinari",
    "Sito web e prenotazioni",
    "Check the application form",
    "Call back about the Instagram plan",
    "Bank's answer",
    "E-commerce in una settimana",
    "Mario Rossi",
)


def our_text(app: HelpdeskApp, *selectors: str) -> str:
    """The text the terminal UI itself draws on the current screen: the widgets named, the
    footer's keys, and the ticket list when there is one (user data taken out)."""
    parts = [footer_text(app)]
    for selector in selectors:
        for widget in app.screen.query(selector):
            parts.append(_drawn(widget))
    if app.screen.query(TicketList):
        parts.append(list_text(app))
    text = "\n".join(parts)
    for data in USER_DATA:
        text = text.replace(data, " ")
    return text


def _drawn(widget: Widget) -> str:
    if isinstance(widget, OptionList):
        options = (widget.get_option_at_index(i) for i in range(widget.option_count))
        return "\n".join(str(option.prompt) for option in options)
    if isinstance(widget, Input):
        return f"{widget.value} {widget.placeholder}"
    if isinstance(widget, Button):
        return str(widget.label)
    if isinstance(widget, Static):
        return plain(widget)
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


def english_words(text: str) -> set[str]:
    """The common English words found in ``text``, as whole words."""
    found = {word.lower() for word in re.findall(r"[A-Za-z]+", text)}
    return found & set(ENGLISH)


@run_async
async def test_the_italian_screens_show_no_english_words() -> None:
    app = app_in("it")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = our_text(app, PulseHeader, "#views", "#filter-status")
        query = app.screen.query_one("#query", Input)
        main += "\n" + query.placeholder + "\n" + query.value
        assert "In arrivo" in main
        assert english_words(main) == set(), main

        await pilot.press("enter")  # #2, the overdue ticket
        assert isinstance(app.screen, TicketScreen)
        assert english_words(our_text(app, "#glance")) == set()
        await pilot.press("escape")

        await pilot.press("n")
        await type_text(pilot, "rossi")
        await pilot.pause()
        form = our_text(app, "Static", "Input", "Button", "#company-matches")
        assert "Nuova richiesta" in form
        assert english_words(form) == set(), form
        await pilot.press("escape")  # what was typed is asked about: discard it
        await pilot.pause()
        assert isinstance(app.screen, DiscardDialog)
        assert english_words(our_text(app, "Static", "Button")) == set()
        await pilot.click("#discard")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

        await pilot.press("a")
        agenda = app.screen.query_one("#agenda-list", OptionList)
        headings = [
            str(agenda.get_option_at_index(i).prompt)
            for i in range(agenda.option_count)
            if agenda.get_option_at_index(i).disabled
        ]
        text = our_text(app, "#agenda-title") + "\n" + "\n".join(headings)
        assert english_words(text) == set(), text
        await pilot.press("escape")

        await pilot.press("w")
        assert english_words(our_text(app, "#webinars-title")) == set()
        await pilot.press("escape")

        await pilot.press("d")
        await pilot.pause()
        text = our_text(app, "#dashboard-title", "#spark-received-label")
        assert english_words(text) == set(), text


@pytest.mark.parametrize(
    ("code", "title", "filters", "moving"),
    [
        ("it", "Tasti · richieste", "Il linguaggio dei filtri", "tavolozza dei comandi"),
        ("en", "Keys · tickets", "The filter language", "command palette"),
    ],
)
@run_async
async def test_the_keys_screen_speaks_the_language(
    code: str, title: str, filters: str, moving: str
) -> None:
    app = app_in(code)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert title in screen_text(app)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen._body())  # the whole list, also what is scrolled out of view
        listed = console.export_text()
        assert filters in listed and moving in listed, listed


@run_async
async def test_a_note_being_written_keeps_its_text_and_its_title_follows_the_switch() -> None:
    app = app_in("en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # #2
        await pilot.press("n")
        await pilot.pause()
        note = app.screen
        await type_text(pilot, "Chiamato il titolare")
        assert "Note on #2" in screen_text(app)
        app.switch_language("it")
        for _ in range(3):
            await pilot.pause()
        assert app.screen is note
        text = screen_text(app)
        assert "Nota su #2" in text and "ctrl+s salva · esc annulla" in text, text
        assert note.query_one("#text").text == "Chiamato il titolare"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.desk.tickets.get(2).notes[-1].text == "Chiamato il titolare"
        assert "nota aggiunta a #2" in notices(app)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("it", ["stato:nuova", "+mie +aperte", "+inscadenza", "+scaduti", "stato:in_attesa"]),
        ("en", ["status:new", "+mine +open", "+due", "+overdue", "status:waiting"]),
    ],
)
@run_async
async def test_the_views_filter_in_the_advisers_words(code: str, words: list[str]) -> None:
    app = app_in(code)
    shown: dict[str, list[int]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        query = app.screen.query_one("#query", Input)
        assert query.value == ("+aperte" if code == "it" else "+open")
        for number, typed in enumerate(words, start=1):
            await pilot.press(str(number))
            await pilot.pause()
            assert query.value == typed
            shown[typed] = [t.ref for t in app.screen.query_one(TicketList).tickets]
    # The same views as in English: the Italian words filter alike.
    english = app_in("en")
    async with english.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for number, typed in enumerate(words, start=1):
            await pilot.press(str(number))
            await pilot.pause()
            assert [t.ref for t in english.screen.query_one(TicketList).tickets] == shown[typed]


#: Words of Textual's own keys (cursor, focus, copy), English whatever the language.
TEXTUAL_WORDS = {"focus", "next", "previous", "copy", "selected", "cursor", "move", "go", "app"}


@run_async
async def test_the_palette_offers_no_english_on_any_screen() -> None:
    app = app_in("it")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screens = []
        for keys in ((), ("enter",), ("escape", "n")):
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            screens.append(type(app.screen).__name__)
            commands = list(app.get_system_commands(app.screen))
            text = "\n".join(f"{c.title} {c.help}" for c in commands)
            found = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
            assert found & (set(ENGLISH) | TEXTUAL_WORDS) == set(), (screens[-1], text)
            assert "Esci" in [c.title for c in commands]
        assert screens == ["MainScreen", "TicketScreen", "TicketForm"]


@pytest.mark.parametrize(
    ("code", "space", "moving", "english"),
    [
        ("it", "spazio", "maiusc+tab", {"space", "shift", "enter", "home", "end", "pgup"}),
        ("en", "space", "shift+tab", {"spazio", "maiusc", "invio", "inizio", "fine"}),
    ],
)
@run_async
async def test_keys_are_named_in_the_language_in_footer_and_keys_screen(
    code: str, space: str, moving: str, english: set[str]
) -> None:
    app = app_in(code)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer_keys = [key.key_display for key in app.screen.query(FooterKey)]
        assert space in footer_keys, footer_keys
        assert "^p" in footer_keys
        assert not english & set(footer_keys), footer_keys
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen._body())
        listed = console.export_text()
        key_column = {line.split("  ")[0].strip() for line in listed.splitlines()}
        assert space in key_column and moving in listed, listed
        words = {w for line in key_column for w in re.findall(r"[a-z]+", line)}
        assert not english & words, key_column


@pytest.mark.parametrize(
    ("code", "months", "statuses"),
    [
        ("it", r"[a-z]{3} \d{4} – [a-z]{3} \d{4}", "Nuova → Presa in carico → In lavorazione"),
        ("en", r"[A-Z][a-z]{2} \d{4} – [A-Z][a-z]{2} \d{4}", "New → Triaged → In progress"),
    ],
)
@run_async
async def test_the_dashboards_sparklines_name_months_and_statuses_in_the_language(
    code: str, months: str, statuses: str
) -> None:
    app = app_in(code)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        received = plain(app.screen.query_one("#spark-received-label", Static))
        assert re.search(months, received), received
        by_status = plain(app.screen.query_one("#spark-open-label", Static))
        assert statuses in by_status, by_status
        if code == "it":
            assert english_words(received + by_status) == set(), received + by_status
