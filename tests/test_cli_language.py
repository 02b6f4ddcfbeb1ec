"""The CLI in both languages: help, messages, Typer's and Click's words, and which one it speaks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from helpdesk.cli.i18n import walk
from helpdesk.cli.main import app

#: Common English words that have no business in an Italian screen, outside user data and keys.
ENGLISH_WORDS = {
    "the",
    "and",
    "with",
    "ticket",
    "tickets",
    "open",
    "closed",
    "not",
    "none",
    "of",
    "to",
    "nothing",
    "was",
    "added",
    "this",
    "message",
    "exit",
    "usage",
    "options",
    "commands",
    "arguments",
    "default",
    "required",
    "missing",
    "invalid",
    "such",
    "cannot",
    "already",
    "eligible",
    "choose",
    "from",
    "try",
    "covers",
    "is",
}


def english_words(text: str, *user_data: str) -> set[str]:
    """The common English words in ``text`` once what users type is taken out.

    Taken out: the user data given, code in backticks, metavars and choices (``<…>``, ``[…|…]``),
    option names, filter tokens (``stato:aperto``), keys glossed in Italian (``open (aperto)``)
    and default values (``[predefinito: table]``).
    """
    for data in user_data:
        text = text.replace(data, " ")
    text = re.sub(r"[│╭╮╰╯─]", " ", text)
    text = " ".join(text.split())
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\S*[-_:=.$/]\S*", " ", text)  # options, keys, filters, paths, variables
    text = re.sub(r"\b\w+ \(", " (", text)  # a key followed by its Italian gloss
    return {word for word in re.findall(r"[A-Za-z]+", text.lower()) if word in ENGLISH_WORDS}


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env=env)


def ok(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> str:
    result = run(runner, *args, env=env)
    assert result.exit_code == 0, (args, result.output)
    return result.output


@pytest.fixture
def demo_desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A small demo desk (which speaks Italian) in a temporary folder, acting as ``ms``."""
    monkeypatch.chdir(tmp_path)
    for name in ("HELPDESK_TZ", "HELPDESK_TEMPLATES", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HELPDESK_DB", str(tmp_path / "desk.json"))
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    runner = CliRunner()
    ok(runner, "demo", "--size", "30")
    return runner


def every_command() -> list[str]:
    """Every command's full name, as ``helpdesk/cli/i18n.py`` walks them."""
    return [path for path, _command in walk(typer.main.get_group(app))]


# -- help -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", every_command())
def test_every_help_screen_in_italian_carries_no_english(demo_desk: CliRunner, path: str) -> None:
    words = path.split()[1:]
    screen = ok(demo_desk, "--lang", "it", *words, "--help")
    flowing = " ".join(re.sub(r"[│╭╮╰╯─]", " ", screen).split())
    assert "Uso:" in flowing and "Opzioni" in flowing and "Mostra questo aiuto ed esce." in flowing
    assert english_words(screen, path) == set(), screen
    assert not re.search(r"<(str|int|float|path|int range)>", screen), screen


def test_help_screens_in_english_keep_typers_and_clicks_words(demo_desk: CliRunner) -> None:
    screen = ok(demo_desk, "--lang", "en", "list", "--help")
    assert "Usage: helpdesk list [OPTIONS]" in screen
    assert "Show this message and exit." in screen and "[default: table]" in screen
    assert "List tickets matching a filter." in screen
    # An option's value is named by a word, not by a Python type.
    assert re.search(r"--limit\s+-n\s+N ", screen) and re.search(r"--sort\s+-s\s+TEXT ", screen)
    assert "<str>" not in screen and "<int" not in screen


def test_the_italian_help_says_typers_words_in_italian(demo_desk: CliRunner) -> None:
    screen = ok(demo_desk, "--lang", "it", "webinar", "--help")
    assert "Uso: helpdesk webinar [OPZIONI] COMANDO [ARGOMENTI]..." in screen
    assert "Comandi" in screen and "Opzioni" in screen
    screen = ok(demo_desk, "--lang", "it", "list", "--help")
    assert "[predefinito: table]" in screen and "Argomenti" in screen
    assert "Elenca le richieste che corrispondono a un filtro." in screen
    assert re.search(r"--sort\s+-s\s+TESTO ", screen), screen


@pytest.mark.parametrize("lang", ["en", "it"])
def test_help_paragraphs_wrap_to_the_terminal_not_to_the_source(
    demo_desk: CliRunner, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    # The docstrings are wrapped at the source's width: on a wide terminal each paragraph is
    # one line, and the commands' table gives each command one line.
    monkeypatch.setenv("COLUMNS", "300")
    lines = ok(demo_desk, "--lang", lang, "init", "--help").splitlines()
    start = {"en": "With a PostgreSQL database", "it": "Con un archivio PostgreSQL"}[lang]
    end = {"en": "(see `helpdesk language`).", "it": "(vedi `helpdesk language`)."}[lang]
    paragraph = next(line for line in lines if start in line)
    assert paragraph.rstrip().endswith(end), paragraph
    listing = ok(demo_desk, "--lang", lang, "--help").splitlines()
    edit = next(i for i, line in enumerate(listing) if line.startswith("│ edit "))
    assert listing[edit + 1].startswith("│ status "), listing[edit : edit + 2]


def test_the_root_help_speaks_the_desks_language(
    demo_desk: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HELPDESK_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "Uso: helpdesk [OPZIONI]" in ok(demo_desk, "--help")
    assert "Uso: helpdesk [OPZIONI]" in ok(demo_desk, "-h")
    assert "Uso: helpdesk list" in ok(demo_desk, "list", "--help")
    assert "Usage: helpdesk [OPTIONS]" in ok(demo_desk, "--lang", "en", "--help")
    ok(demo_desk, "language", "en")
    assert "Usage: helpdesk [OPTIONS]" in ok(demo_desk, "--help")


# -- messages, in both languages ----------------------------------------------------------------


def test_the_main_commands_in_italian(demo_desk: CliRunner, tmp_path: Path) -> None:
    it = ("--lang", "it")
    added = ok(demo_desk, *it, "add", "Vendere online", "-c", "Forno Zeta", "-t", "ecommerce")
    assert re.fullmatch(
        r"#31 registrata · per Forno Zeta \(nuova impresa\) · temi: ecommerce\n", added
    )
    triaged = ok(demo_desk, *it, "triage", "31", "--priority", "high", "--to", "ms")
    assert "presa in carico: temi ecommerce · priorità alta · assegnatario ms" in triaged
    assert "ora è in lavorazione" in ok(demo_desk, *it, "status", "31", "in_progress")
    noted = ok(demo_desk, *it, "note", "31", "Richiamato il titolare")
    assert "nota aggiunta (1 in tutto)" in noted
    scheduled = ok(demo_desk, *it, "followup", "add", "31", "domani")
    assert "richiamo 1 il" in scheduled
    closed = ok(demo_desk, *it, "close", "31", "--outcome", "advised")
    assert (
        "chiusa: consulenza fornita · 1 richiamo in sospeso annullato (--keep-followups lo "
        "mantiene)" in closed
    )
    reopened = ok(demo_desk, *it, "reopen", "31")
    assert "#31 riaperta: in lavorazione" in reopened
    linked = ok(demo_desk, *it, "link", "31", "1", "--kind", "duplicate_of")
    assert "#31 collegata a #1 (duplicato di)" in linked
    listed = ok(demo_desk, *it, "list", "--all", "-n", "3")
    assert listed.rstrip().endswith("3 richieste")
    assert "Nessuna richiesta corrisponde." in ok(demo_desk, *it, "list", "nessunacorrispondenza")
    exported = ok(demo_desk, *it, "export", "-o", str(tmp_path / "out.json"))
    assert exported.startswith("esportazione di 31 richieste in ")
    checked = ok(demo_desk, *it, "check")
    assert "è integro: 31 richieste, ogni dato letto, somme di controllo verificate." in checked
    source = tmp_path / "form.csv"
    source.write_text("subject,company\nSito nuovo,Bottega Uno\n", encoding="utf-8")
    dry = ok(demo_desk, *it, "import", str(source), "--dry-run")
    assert "(prova: non è stato scritto nulla)" in dry
    for output in (added, triaged, noted, closed, reopened, linked, exported, checked):
        assert english_words(output, "Forno Zeta", str(tmp_path)) == set(), output
    for command in (
        ("agenda",),
        ("summary",),
        ("webinar", "list"),
        ("bando", "list"),
        ("partner", "list"),
        ("show", "31"),
    ):
        ok(demo_desk, *it, *command)
    assert ok(demo_desk, *it, "webinar", "list").rstrip().endswith("webinar")


def test_the_main_commands_in_english(demo_desk: CliRunner, tmp_path: Path) -> None:
    en = ("--lang", "en")
    added = ok(demo_desk, *en, "add", "Vendere online", "-c", "Forno Zeta", "-t", "ecommerce")
    assert added == "#31 logged · for Forno Zeta (new company) · topics: ecommerce\n"
    triaged = ok(demo_desk, *en, "triage", "31", "--priority", "high", "--to", "ms")
    assert "triaged: topics ecommerce · priority high · assignee ms" in triaged
    assert "is now in progress" in ok(demo_desk, *en, "status", "31", "in_progress")
    assert "note added (1 in all)" in ok(demo_desk, *en, "note", "31", "Richiamato")
    assert "follow-up 1 due" in ok(demo_desk, *en, "followup", "add", "31", "tomorrow")
    closed = ok(demo_desk, *en, "close", "31", "--outcome", "advised")
    assert "closed: advised · 1 pending follow-up cancelled (--keep-followups keeps them)" in closed
    assert ok(demo_desk, *en, "list", "--all", "-n", "3").rstrip().endswith("3 tickets")
    exported = ok(demo_desk, *en, "export", "-o", str(tmp_path / "out.json"))
    assert exported.startswith("exported 31 tickets to ")
    assert "is sound: 31 tickets, every record read" in ok(demo_desk, *en, "check")
    for command in (("agenda",), ("summary",), ("webinar", "list"), ("bando", "list")):
        ok(demo_desk, *en, *command)
    assert ok(demo_desk, *en, "webinar", "list").rstrip().endswith("sessions")


@pytest.mark.parametrize(
    ("code", "created", "wrote"),
    [
        ("it", "creato ", "scritte 5 richieste dimostrative in "),
        ("en", "created ", "wrote 5 demo tickets to "),
    ],
)
def test_init_and_demo_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str, created: str, wrote: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    runner = CliRunner()
    made = ok(
        runner, "--lang", code, "--db", "new.json", "init", "--adviser", "ms", "--name", "M S"
    )
    assert made.startswith(f"{created}new.json")
    assert ok(runner, "--lang", code, "--db", "demo.json", "demo", "--size", "5").startswith(wrote)


# -- which language -----------------------------------------------------------------------------


def test_init_stores_the_flags_language_else_the_systems_else_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    runner = CliRunner()
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    ok(runner, "--db", "system.json", "init")
    ok(runner, "--lang", "en", "--db", "flag.json", "init")
    monkeypatch.setenv("LANG", "C.UTF-8")
    ok(runner, "--db", "none.json", "init")
    seen = {
        name: ok(runner, "--lang", "en", "--db", f"{name}.json", "language")
        for name in ("system", "flag", "none")
    }
    assert seen == {
        "system": "The desk speaks italiano (it).\n",
        "flag": "The desk speaks English (en).\n",
        "none": "The desk speaks English (en).\n",
    }


def test_the_demo_desk_is_italian(demo_desk: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HELPDESK_LANG")
    monkeypatch.setenv("LANG", "C")
    assert ok(demo_desk, "language") == "Lo sportello parla italiano (it).\n"


def test_the_language_command_sets_the_desks_and_says_so_in_it(
    demo_desk: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HELPDESK_LANG")
    monkeypatch.setenv("LANG", "C")
    assert ok(demo_desk, "language", "EN") == "The desk now speaks English (en).\n"
    assert ok(demo_desk, "language") == "The desk speaks English (en).\n"
    assert ok(demo_desk, "language", "italiano") == "Ora lo sportello parla italiano (it).\n"
    refused = run(demo_desk, "language", "de")
    assert refused.exit_code == 2
    assert refused.output.count("\n") == 1 and "'de'" in refused.output
    assert ok(demo_desk, "language") == "Lo sportello parla italiano (it).\n"


def test_a_desk_without_a_language_says_what_it_speaks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpdesk.config import Settings
    from helpdesk.services.factory import init_desk

    monkeypatch.chdir(tmp_path)
    init_desk(Settings.from_env(db=tmp_path / "old.json")).close()  # made before languages
    shown = ok(CliRunner(), "--db", "old.json", "language")
    assert shown == "The desk has no language of its own; this command speaks English.\n"


def test_precedence_flag_then_environment_then_desk_then_system(
    demo_desk: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def speaks(*args: str, **env: str) -> str:
        output = ok(demo_desk, *args, "list", "--all", "-n", "1", env=env)
        return "it" if output.rstrip().endswith("1 richiesta") else "en"

    monkeypatch.delenv("HELPDESK_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert speaks() == "it"  # the demo desk's, over the system's
    assert speaks(HELPDESK_LANG="en") == "en"  # the environment, over the desk's
    assert speaks("--lang", "it", HELPDESK_LANG="en") == "it"  # the flag, over everything
    ok(demo_desk, "language", "en")
    assert speaks(LANG="it_IT.UTF-8") == "en"  # the desk's, over the system's
    assert speaks(HELPDESK_LANG="it") == "it"


@pytest.mark.parametrize(
    ("args", "env", "hint"),
    [
        (("--lang", "klingon", "list"), {}, "'--lang'"),
        (("list",), {"HELPDESK_LANG": "fr"}, "HELPDESK_LANG"),
    ],
)
def test_an_unknown_language_is_one_line_and_exit_2(
    demo_desk: CliRunner, args: tuple[str, ...], env: dict[str, str], hint: str
) -> None:
    result = run(demo_desk, *args, env=env)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert hint in result.output and "it (italiano), en (English)" in result.output


def test_an_unknown_language_is_refused_in_the_desks_language(
    demo_desk: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HELPDESK_LANG")
    for args, env in ((("--lang", "klingon", "list"), {}), (("list",), {"HELPDESK_LANG": "fr"})):
        result = run(demo_desk, *args, env=env)
        assert result.exit_code == 2
        assert result.output.startswith("errore: Valore non valido per "), result.output
        assert "sconosciuta: helpdesk parla it (italiano), en (English)" in result.output


#: Bad input of many kinds, refused by the domain's rules rather than by Click.
REFUSALS = [
    ("summary", "--period", "boh"),
    ("summary", "--period", "2026-Q7"),
    ("summary", "--period", "2026-13"),
    ("list", "--sort", "bogus"),
    ("satisfaction", "1", "9"),
    ("referral", "step", "1", "sent"),
    ("webinar", "enrol", "1", "1"),
    ("webinar", "cancel-enrolment", "1", "1"),
]


@pytest.mark.parametrize("args", REFUSALS, ids=" ".join)
def test_refusals_of_bad_input_speak_italian(demo_desk: CliRunner, args: tuple[str, ...]) -> None:
    italian = run(demo_desk, "--lang", "it", *args)
    assert italian.exit_code != 0 and italian.output.startswith("errore: "), italian.output
    assert "Traceback" not in italian.output
    assert english_words(italian.output) == set(), italian.output
    english = run(demo_desk, "--lang", "en", *args)
    assert english.exit_code == italian.exit_code and english.output.startswith("error: ")
    assert english.output != italian.output.replace("errore: ", "error: ")


def test_partner_suggestions_and_call_reasons_in_italian(demo_desk: CliRunner) -> None:
    suggested = ok(demo_desk, "--lang", "it", "partner", "suggest", "1")
    assert "covers" not in suggested
    for line in suggested.splitlines():
        if line.strip()[:1].isdigit():
            assert " segue " in line, line


@pytest.mark.parametrize(
    ("code", "reply", "dossier"),
    [("it", "Oggetto: ", "_Scheda preparata da "), ("en", "Subject: ", "_Dossier prepared by ")],
)
def test_replies_and_dossiers_follow_the_language_spoken(
    demo_desk: CliRunner, code: str, reply: str, dossier: str
) -> None:
    assert ok(demo_desk, "--lang", code, "render", "reply-ecommerce", "1").startswith(reply)
    assert dossier in ok(demo_desk, "--lang", code, "company", "dossier", "1")
    # --lang after the command still chooses the template's language.
    other = "en" if code == "it" else "it"
    chosen = ok(demo_desk, "--lang", code, "render", "reply-ecommerce", "1", "--lang", other)
    assert not chosen.startswith(reply)


def test_topic_and_company_kind_labels_in_tables_speak_italian(
    demo_desk: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    demand = ok(demo_desk, "--lang", "it", "webinar", "demand")
    assert "E-commerce" in demand or "Bandi e contributi" in demand or "Formazione" in demand
    for english in ("Grants and funding", "Digital tools and remote work", "Training", "Other"):
        assert english not in demand, demand
    listed = ok(demo_desk, "--lang", "it", "company", "list")
    kinds = ("artigiana", "commercio al dettaglio", "ristorazione", "PMI", "grande impresa")
    assert any(kind in listed for kind in kinds), listed
    for english in ("artisan", "retail", "food service", "sme", "large", "professional"):
        assert not re.search(rf"\b{english}\b", listed), listed
    assert "artisan" in ok(demo_desk, "--lang", "en", "company", "list")


@pytest.mark.parametrize(
    ("code", "words", "english"),
    [
        (
            "it",
            ["richiesta", "resoconto", "di serie", "personale (it), di serie", "Prima risposta"],
            {"ticket", "report", "shipped", "user", "first", "reply"},
        ),
        (
            "en",
            ["ticket", "report", "shipped", "user (it), shipped", "First reply"],
            {"richiesta", "resoconto", "serie", "personale", "prima", "risposta"},
        ),
    ],
)
def test_template_list_names_kinds_sources_and_descriptions_in_the_language(
    demo_desk: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    code: str,
    words: list[str],
    english: set[str],
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "reply-grants.it.md.j2").write_text(
        "{# description: Risposta dello sportello sui bandi\nkind: ticket #}\nBuongiorno",
        encoding="utf-8",
    )
    listed = ok(demo_desk, "--lang", code, "--templates", str(mine), "template", "list")
    assert all(word in listed for word in words), listed
    names_left_out = re.sub(r"\S*-\S*", " ", listed)  # template names are keys
    found = {word.lower() for word in re.findall(r"[A-Za-z]+", names_left_out)}
    assert not found & english, found & english
    rows = ok(demo_desk, "--lang", code, "template", "list", "--format", "json")
    assert {"ticket", "report"} <= {row["kind"] for row in json.loads(rows)}


@pytest.mark.parametrize(
    ("code", "started", "grants", "keys"),
    [("it", "1 gen 2020", "Bandi", {"grants", "credit"}), ("en", "1 Jan 2020", "Grants", set())],
)
def test_programmes_dates_and_topic_labels_read_as_the_desk_writes_them(
    demo_desk: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    code: str,
    started: str,
    grants: str,
    keys: set[str],
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    programmes = ok(demo_desk, "--lang", code, "programme", "list")
    assert started in programmes and "2020-01-01" not in programmes, programmes
    assert (
        json.loads(ok(demo_desk, "--lang", code, "programme", "list", "-f", "json"))[0]["start"]
        == "2020-01-01"
    )
    for listing in (("webinar", "list"), ("partner", "list"), ("partner", "show", "7")):
        shown = ok(demo_desk, "--lang", code, *listing)
        assert grants in shown, shown
        words = set(re.findall(r"[a-z_]+", shown))
        assert not words & (keys | {"digital_tools", "open_innovation"}), (listing, shown)
    webinars = json.loads(ok(demo_desk, "--lang", code, "webinar", "list", "-f", "json"))
    assert any("grants" in w["topics"] for w in webinars)


# -- Click's usage errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "italian", "english"),
    [
        (
            ("list", "--bogus"),
            "errore: L'opzione --bogus non esiste (vedere `helpdesk list --help`)",
            "error: No such option: --bogus (see `helpdesk list --help`)",
        ),
        (
            ("add",),
            "errore: Manca l'argomento 'oggetto'. (vedere `helpdesk add --help`)",
            "error: Missing argument 'subject'. (see `helpdesk add --help`)",
        ),
        (
            ("list", "-f", "xml"),
            "errore: Valore non valido per '--format' / '-f': 'xml' non è fra 'table', 'json', "
            "'csv'. (vedere `helpdesk list --help`)",
            "error: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'json', "
            "'csv'. (see `helpdesk list --help`)",
        ),
        (
            ("list", "-n", "0"),
            "errore: Valore non valido per '--limit' / '-n': 0 non è nell'intervallo x>=1. "
            "(vedere `helpdesk list --help`)",
            "error: Invalid value for '--limit' / '-n': 0 is not in the range x>=1. "
            "(see `helpdesk list --help`)",
        ),
        (
            ("show", "1", "2"),
            "errore: Argomenti in più non previsti (2). (vedere `helpdesk show --help`)",
            "error: Got unexpected extra argument(s) (2) (see `helpdesk show --help`)",
        ),
        (
            ("lsit",),
            "errore: Il comando 'lsit' non esiste. (vedere `helpdesk --help`)",
            "error: No such command 'lsit'. (see `helpdesk --help`)",
        ),
        (
            ("list", "--limit"),
            "errore: L'opzione '--limit' richiede un valore.",
            "error: Option '--limit' requires an argument.",
        ),
        (
            ("close", "1"),
            "errore: Manca l'opzione '--outcome' / '-o'. Scegliere tra: advised, referred, "
            "grant_applied, project_started, trained, not_eligible, no_response, withdrawn, "
            "duplicate (vedere `helpdesk close --help`)",
            "error: Missing option '--outcome' / '-o'. Choose from: advised, referred, "
            "grant_applied, project_started, trained, not_eligible, no_response, withdrawn, "
            "duplicate (see `helpdesk close --help`)",
        ),
    ],
)
def test_usage_errors_in_both_languages(
    demo_desk: CliRunner, args: tuple[str, ...], italian: str, english: str
) -> None:
    for code, expected in (("it", italian), ("en", english)):
        result = run(demo_desk, "--lang", code, *args)
        assert result.exit_code == 2
        assert result.output == expected + "\n"


def test_a_refusal_before_any_command_runs_speaks_the_desks_language(
    demo_desk: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HELPDESK_LANG")
    result = run(demo_desk, "lsit")
    assert result.exit_code == 2 and result.output.startswith("errore: Il comando 'lsit'")


# -- a real process, as a fresh clone is opened ----------------------------------------------------


def _environment(db: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HELPDESK_", "LC_")) and k not in ("LANG", "LANGUAGE", "COLUMNS")
    }
    env.update(HELPDESK_DB=str(db), HELPDESK_ADVISER="ms", HELPDESK_SERVER="off", COLUMNS="120")
    env.update(PYTHONUTF8="1", **extra)
    return env


def _helpdesk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "helpdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_a_demo_desk_greets_an_italian_system_in_italian(tmp_path: Path) -> None:
    db = tmp_path / "tickets.json"
    italian = _environment(db, LANG="it_IT.UTF-8")
    made = _helpdesk(italian, "demo", "--size", "20")
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("scritte 20 richieste dimostrative in ")
    shown = _helpdesk(italian, "--help")
    assert shown.returncode == 0, shown.stderr
    assert "Uso: helpdesk [OPZIONI] COMANDO [ARGOMENTI]..." in shown.stdout
    assert "Lo sportello di consulenza di un polo dell'innovazione" in shown.stdout
    assert english_words(shown.stdout) == set()
    refused = _helpdesk(italian, "list", "--bogus")
    assert (refused.returncode, refused.stderr) == (
        2,
        "errore: L'opzione --bogus non esiste (vedere `helpdesk list --help`)\n",
    )
    # The desk's language wins over the system's, either way.
    english_system = _environment(db, LANG="en_US.UTF-8")
    assert _helpdesk(english_system, "language").stdout == "Lo sportello parla italiano (it).\n"
    assert _helpdesk(english_system, "language", "en").returncode == 0
    assert "Usage: helpdesk [OPTIONS]" in _helpdesk(italian, "--help").stdout


@pytest.mark.parametrize("code", ["it", "en"])
def test_a_group_lists_each_of_its_commands_once(code: str) -> None:
    """The company group builds its changing commands on demand: once built (as putting its
    help in words does), they are still listed once."""
    result = CliRunner().invoke(app, ["--lang", code, "company", "--help"])
    assert result.exit_code == 0, result.output
    names = [
        line.split()[1]
        for line in result.output.splitlines()
        if line.startswith("│ ") and len(line.split()) > 2 and line.split()[1].isalpha()
    ]
    for name in ("list", "show", "edit", "consent", "duplicates", "merge", "forget", "dossier"):
        assert names.count(name) == 1, (name, names)


@pytest.mark.parametrize(
    ("code", "usage", "missing"),
    [
        ("it", "[OPZIONI] {rif} {testo}", "errore: Manca l'argomento 'rif'."),
        ("en", "[OPTIONS] {ref} {text}", "error: Missing argument 'ref'."),
    ],
)
def test_arguments_are_named_in_the_language_spoken(code: str, usage: str, missing: str) -> None:
    runner = CliRunner()
    shown = runner.invoke(app, ["--lang", code, "note", "--help"])
    assert usage in shown.output
    refused = runner.invoke(app, ["--lang", code, "note"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith(missing)
