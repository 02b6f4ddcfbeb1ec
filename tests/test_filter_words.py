"""The filter language in Italian and English at once, whatever language the desk speaks.

The tickets are those of ``test_filters.py``'s ``world`` (its docstring has the table): each
Italian query must select exactly what its English twin selects, in either interface language,
and messages about a bad term speak the user's language and suggest in it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_cli import ok, populated, prebuilt, run, table_refs  # noqa: F401  (fixtures)
from test_filters import matching, world  # noqa: F401  (world is a fixture)
from test_tui import SIZE, app_for, listed, plain, type_text
from test_tui_data import run_async, seeded_desk

from helpdesk.domain.filters import FIELDS, TAGS, compile_filter, filter_help
from helpdesk.errors import InvalidFilter
from helpdesk.i18n import set_language
from helpdesk.services.desk import Desk
from helpdesk.tui.widgets.filter_bar import FilterBar

# Every test runs in an empty folder with no HELPDESK_* settings from the shell: the command
# line tests' database is tickets.json there.
pytestmark = pytest.mark.usefixtures("isolated_env")

#: (Italian query, its English twin, the tickets both select).
TWINS = [
    ("stato:aperte", "status:open", [1, 2, 3, 6]),
    ("stato:aperto", "status:open", [1, 2, 3, 6]),
    ("stato:in_lavorazione", "status:in_progress", [1]),
    ('stato:"in lavorazione"', "status:in_progress", [1]),
    ('stato:"presa in carico"', "status:triaged", [6]),
    ("stato:presa_in_carico,in_attesa", "status:triaged,waiting", [2, 6]),
    ("stato:risolta,chiusa", "status:resolved,closed", [4, 5]),
    ("stato:concluse", "status:done", [4, 5]),
    ("stato:nuova", "status:new", [3]),
    ("tema:bandi", "topic:grants", [2, 5]),
    ("tema:formazione", "topic:training", [6]),
    ("priorità:alta", "priority:high", [1, 6]),
    ("priorita:alta,urgente", "priority:high,urgent", [1, 2, 6]),
    ("PRIORITÀ.sopra:normale", "priority.above:normal", [1, 2, 6]),
    ("priorità.sotto:normale", "priority.below:normal", [3]),
    ("canale:telefono", "channel:phone", [1]),
    ("canale:di_persona", "channel:walk_in", [4]),
    ("canale:e-mail", "channel:email", [2]),
    ("canale:evento,altro", "channel:event,other", [5, 6]),
    ("assegnato:me", "assignee:me", [1, 5]),
    ("assegnato:io", "assignee:me", [1, 5]),
    ("assegnato:nessuno", "assignee:none", [3, 4]),
    ("assegnatario:gb", "assignee:gb", [2, 6]),
    ("scadenza:oggi", "due:today", [2]),
    ("scadenza:domani", "due:tomorrow", [6]),
    ("scadenza:scaduti", "due:overdue", [1]),
    ("scadenza:nessuna", "due:none", [3, 4]),
    ("scadenza.prima:domani", "due.before:tomorrow", [1, 2]),
    ("scadenza.dopo:lunedì", "due.after:monday", [5]),
    ("impresa:rossi", "company:rossi", [2, 6]),
    ("provincia:CO", "province:CO", [1, 5]),
    ("comune:lecco", "town:lecco", [3]),
    ("tipologia:artigiana", "kind:artisan", [1, 5]),
    ("tipologia:ristorazione", "kind:food_service", [3]),
    ("tipo:pmi", "kind:sme", [2, 6]),
    ("esito:consulenza_fornita", "outcome:advised", [4]),
    ("etichetta:covid", "tag:covid", [1, 5]),
    ("rif:2,3", "ref:2,3", [2, 3]),
    ("creata.dopo:19/11/2026", "created.after:19/11/2026", [1, 5, 6]),
    ("creata.prima:1/11/2026", "created.before:1/11/2026", [4]),
    ("aggiornata:oggi", "updated:today", [1, 3, 6]),
    ("+aperte", "+open", [1, 2, 3, 6]),
    ("+scaduti", "+overdue", [1]),
    ("+scadute", "+overdue", [1]),
    ("+inscadenza", "+due", [1, 2]),
    ("+senzarichiamo", "+nofollowup", [3]),
    ("+nonassegnate", "+unassigned", [3, 4]),
    ("-nonassegnate +aperte", "-unassigned +open", [1, 2, 6]),
    ("+mie", "+mine", [1, 5]),
    ("non stato:chiusa", "not status:closed", [1, 2, 3, 5, 6]),
    ("-stato:chiusa", "-status:closed", [1, 2, 3, 5, 6]),
    ("stato:aperte tema:bandi assegnato:gb", "status:open topic:grants assignee:gb", [2]),
]


@pytest.mark.parametrize("speaking", ["it", "en"])
@pytest.mark.parametrize(("italian", "english", "refs"), TWINS, ids=[t[0] for t in TWINS])
def test_an_italian_query_selects_what_its_english_twin_does(
    world: Desk,  # noqa: F811
    speaking: str,
    italian: str,
    english: str,
    refs: list[int],
) -> None:
    set_language(speaking)
    assert matching(world, english) == refs
    assert matching(world, italian) == refs


def test_italian_and_english_words_mix_in_one_query(world: Desk) -> None:  # noqa: F811
    assert matching(world, "stato:aperte priority:high canale:telefono") == [1]
    assert matching(world, "status:open priorità:alta +nonassegnate") == []
    assert matching(world, "+mine stato:in_lavorazione,risolta") == [1, 5]


#: (query, bad token, Italian fragment, English fragment): messages that suggest.
SUGGESTIONS = [
    ("stato:chiusx", "stato:chiusx", "(forse intendeva chiusa?)", "(did you mean closed?)"),
    ("status:closd", "status:closd", "(forse intendeva chiusa?)", "(did you mean closed?)"),
    ("+scadti", "+scadti", "forse intendeva +scaduti?", "did you mean +overdue?"),
    ("+overdu", "+overdu", "forse intendeva +scaduti?", "did you mean +overdue?"),
    ("priorità:urgentissima", "priorità:urgentissima", "Priorità", "Priority"),
    ("canale:telefno", "canale:telefno", "forse intendeva telefono?", "did you mean phone?"),
    ("tema:bandu", "tema:bandu", "Tema 'bandu' sconosciuto", "Unknown topic 'bandu'"),
    ("sttao:aperte", "sttao:aperte", "forse intendeva stato:?", "did you mean status:?"),
    ("priorità.sopraa:alta", "priorità.sopraa:alta", "priorità.sopra", "priorità.above"),
    ("assegnato:zz", "assegnato:zz", "Consulente 'zz' sconosciuto", "Unknown adviser 'zz'"),
]


@pytest.mark.parametrize(
    ("query", "token", "italian", "english"), SUGGESTIONS, ids=[s[0] for s in SUGGESTIONS]
)
@pytest.mark.parametrize("speaking", ["it", "en"])
def test_a_bad_term_is_explained_and_a_word_suggested_in_the_users_language(
    world: Desk,  # noqa: F811
    speaking: str,
    query: str,
    token: str,
    italian: str,
    english: str,
) -> None:
    set_language(speaking)
    with pytest.raises(InvalidFilter) as caught:
        compile_filter(query, world.tickets.filter_context())
    error = caught.value
    assert query[error.start : error.end] == token
    assert (italian if speaking == "it" else english) in error.message
    assert error.message.endswith(".") and "\n" not in error.message


#: English words that must not appear in an Italian message (outside the user's own text).
ENGLISH = re.compile(
    r"\b(the|and|with|ticket|tickets|open|closed|due|not|none|of|to|no|unknown|did|you|mean|"
    r"fields|tags|topics|needs|value|takes|form|forms|quote|never)\b",
    re.IGNORECASE,
)

BAD_QUERIES = [
    "colore:rosso",
    "+boh",
    "stato:chiusx",
    "priorità:asap",
    "canale:piccione",
    "tipologia:castello",
    "esito:forse",
    "tema:astrologia",
    "assegnato:zz",
    "rif:abc",
    "stato:",
    "stato.prima:oggi",
    "creata.durante:oggi",
    'impresa:"rossi',
    "non",
    "scadenza:qualchegiorno",
    "creata.dopo:31/02/2026",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_messages_about_bad_terms_have_no_english_words_in_italian(
    world: Desk,  # noqa: F811
    italian: None,
    query: str,
) -> None:
    with pytest.raises(InvalidFilter) as caught:
        compile_filter(query, world.tickets.filter_context())
    message = caught.value.message
    typed = query.split(":", 1)[-1]
    assert not ENGLISH.findall(message.replace(query, "").replace(typed, "")), message


def test_the_help_lists_the_filter_words_of_the_users_language(italian: None) -> None:
    rows = dict(filter_help())
    assert rows["stato:aperte"].startswith("nuova, presa_in_carico, in_lavorazione, in_attesa")
    assert "+scaduti" in rows and "+senzarichiamo" in rows and "+nonassegnate" in rows
    assert rows["scadenza:oggi"] and rows["priorità:alta,urgente"].startswith("bassa, normale")
    assert "+overdue" not in rows
    meanings = " ".join(rows.values())
    assert not ENGLISH.findall(meanings.replace("ecommerce", "")), meanings
    assert len(rows) == len(FIELDS) + len(TAGS) + 3
    set_language("en")
    english = dict(filter_help())
    assert english["status:open"].startswith("new, triaged, in_progress")
    assert "+overdue" in english


def test_the_cli_reads_italian_filter_words_and_negated_italian_tags(
    populated: Path,  # noqa: F811
) -> None:
    assert sorted(table_refs(ok("list", "stato:aperte", "tema:bandi").stdout)) == [2]
    assert sorted(table_refs(ok("list", "--all", "-stato:chiusa").stdout)) == [1, 2, 4]
    assert sorted(table_refs(ok("list", "--all", "priorità:urgente").stdout)) == [4]
    assert sorted(table_refs(ok("list", "-nonassegnate").stdout)) == sorted(
        table_refs(ok("list", "-unassigned").stdout)
    )
    assert sorted(table_refs(ok("list", "-nonassegnate").stdout)) == [1, 2]
    english = ok("list", "--all", "-status:closed").stdout
    assert sorted(table_refs(english)) == [1, 2, 4]


def test_the_cli_suggests_in_italian(populated: Path) -> None:  # noqa: F811
    for lang, suggestion in (("it", "forse intendeva +scaduti?"), ("en", "did you mean +overdue?")):
        result = run("--lang", lang, "list", "+scadti")
        assert result.exit_code == 1 and result.stdout == ""
        assert suggestion in result.stderr and "Traceback" not in result.stderr


@run_async
async def test_the_filter_bar_reads_italian_words() -> None:
    set_language("it")
    app = app_for(seeded_desk())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *["backspace"] * 5)
        await type_text(pilot, "tema:ecommerce")
        english = listed(app)
        await pilot.press(*["backspace"] * len("tema:ecommerce"))
        await type_text(pilot, "tema:e-commerce stato:aperte")
        assert listed(app) == english and english
        await type_text(pilot, " +scadti")
        bar = app.screen.query_one(FilterBar)
        assert bar.has_class("-invalid")
        assert "forse intendeva +scaduti?" in plain(bar.query_one("#filter-status"))


@run_async
async def test_the_help_screen_lists_the_filter_words_in_italian() -> None:
    from rich.console import Console
    from textual.widgets import Static

    from helpdesk.tui.screens.help import HelpScreen

    set_language("it")
    app = app_for(seeded_desk())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body").query_one(Static)
        console = Console(width=200, record=True)
        console.print(body.content)
        text = console.export_text()
        for term in ("stato:aperte", "tema:bandi", "scadenza:oggi", "+scaduti", "+senzarichiamo"):
            assert term in text
        assert "né risolte né chiuse" in text
        assert "+overdue" not in text
