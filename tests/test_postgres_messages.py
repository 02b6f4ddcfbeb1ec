"""The PostgreSQL store's messages in both languages: setting a database up, upgrading it,
desks and their names, moving a desk with ``migrate``, and the refusals along the way.

Each case runs in Italian and English; an Italian guard checks that no common English word is
left in what an Italian adviser reads (the database's URL and file names are the user's own
and left out of it).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import psycopg
import pytest
from postgres import Server, new_desk_name
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.dates import DEFAULT_TIMEZONE, SystemClock
from helpdesk.errors import StoreError
from helpdesk.i18n import set_language
from helpdesk.services.demo import write_demo
from helpdesk.store.postgres import PostgresStore, masked, schema, upgrade_database

#: Words an Italian message must not hold (the glossary's Italian words stand for them).
ENGLISH_WORDS = {
    "the", "and", "with", "ticket", "tickets", "open", "closed", "due", "not", "none", "of",
    "to", "no", "desk", "database", "records", "companies", "copied", "holds", "already",
    "newer", "older", "is", "from", "up", "date", "set", "its", "has", "an",
}  # fmt: skip


def english_words(text: str, *user_data: str) -> set[str]:
    """The common English words in ``text`` once the user's own names are taken out."""
    for data in sorted(user_data, key=len, reverse=True):
        text = text.replace(data, " ")
    # Command lines quoted in a message are an interface: `helpdesk --db URL upgrade`.
    text = re.sub(r"`[^`]*`", " ", text)
    return {word for word in re.findall(r"[A-Za-z]+", text) if word.lower() in ENGLISH_WORDS}


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CLI runner in an empty folder acting as ``ms``, with no database chosen yet."""
    for name in ("HELPDESK_DB", "HELPDESK_DESK", "HELPDESK_TZ", "HELPDESK_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.fixture
def fresh_database(pg_server: Server) -> str:
    """The URL of a new database that helpdesk never set up."""
    return pg_server.create_database()


#: What each step of setting a database up says, by language.
SET_UP = {
    "en": {
        "no desk yet": "holds no helpdesk desk yet: set it up with `helpdesk --db URL init`.",
        "upgraded": " upgraded: {migrations}",
        "up to date": " is up to date.",
        "created": "(desk main) with adviser ms",
        "twice": "already holds the desk 'main'; it was left untouched.",
        "no such desk": "holds no desk named 'lecco'; the desks here: main (set a new one up "
        "with `helpdesk --db URL --desk lecco init`).",
        "bad name": "error: A desk's name is lower-case letters, digits, - and _ (como, "
        "lecco-2), and not 'all': not 'Como'.",
    },
    "it": {
        "no desk yet": "non contiene ancora nessuno sportello di helpdesk: crearlo con "
        "`helpdesk --db URL init`.",
        "upgraded": "archivio {url} aggiornato: {migrations}",
        "up to date": "L'archivio {url} è già aggiornato.",
        "created": "(sportello main) con il consulente ms",
        "twice": "contiene già lo sportello 'main'; non è stato toccato.",
        "no such desk": "non contiene nessuno sportello di nome 'lecco'; gli sportelli qui: "
        "main (per crearne uno nuovo: `helpdesk --db URL --desk lecco init`).",
        "bad name": "errore: Il nome di uno sportello è fatto di lettere minuscole, cifre, - e _ "
        "(como, lecco-2) e non può essere 'all': 'Como' non va bene.",
    },
}


@pytest.mark.parametrize("code", ["it", "en"])
def test_setting_a_database_up_speaks_the_desks_language(
    run: CliRunner, fresh_database: str, code: str
) -> None:
    said = SET_UP[code]
    url = masked(fresh_database)
    env = {"HELPDESK_DB": fresh_database, "HELPDESK_LANG": code}
    steps = {
        "no desk yet": run.invoke(app, ["list"], env=env),
        "upgraded": run.invoke(app, ["upgrade"], env=env),
        "up to date": run.invoke(app, ["upgrade"], env=env),
        "created": run.invoke(app, ["init", "--adviser", "ms", "--name", "Marta Sala"], env=env),
        "twice": run.invoke(app, ["init"], env=env),
        "no such desk": run.invoke(app, ["--desk", "lecco", "list"], env=env),
        "bad name": run.invoke(app, ["--desk", "Como", "init"], env=env),
    }
    names = [migration.name for migration in schema.migrations()]
    for step, result in steps.items():
        expected = said[step].format(url=url, migrations=", ".join(names))
        assert expected in result.output, (step, result.output)
        assert result.exit_code == (0 if step in ("upgraded", "up to date", "created") else 1)
        if code == "it":
            found = english_words(result.output, url, "Marta Sala", *names)
            assert found == set(), (step, result.output)


@pytest.mark.parametrize(
    ("code", "newer", "older"),
    [
        (
            "en",
            "has schema version 99, newer than this helpdesk knows; upgrade helpdesk.",
            "has an older schema (version {version}): bring it up to date with "
            "`helpdesk --db URL upgrade`.",
        ),
        (
            "it",
            "ha lo schema alla versione 99, più recente di quelle che questo helpdesk conosce; "
            "aggiornare helpdesk.",
            "ha uno schema precedente (versione {version}): aggiornarlo con "
            "`helpdesk --db URL upgrade`.",
        ),
    ],
)
def test_a_schema_of_another_version_is_refused_in_the_desks_language(
    monkeypatch: pytest.MonkeyPatch, fresh_database: str, code: str, newer: str, older: str
) -> None:
    set_language(code)
    upgrade_database(fresh_database)
    url = masked(fresh_database)
    with psycopg.connect(fresh_database, autocommit=True) as conn:
        conn.execute("INSERT INTO helpdesk_schema (version, name) VALUES (99, '0099_future.sql')")
        with pytest.raises(StoreError) as refused:
            PostgresStore(fresh_database).ticket_count()
        assert refused.value.message == f"{url} {newer}"
        with pytest.raises(StoreError) as refused_upgrade:
            upgrade_database(fresh_database)
        assert "99" in refused_upgrade.value.message
        assert ("upgrade helpdesk." if code == "en" else "aggiornare helpdesk.") in (
            refused_upgrade.value.message
        )
        conn.execute("DELETE FROM helpdesk_schema WHERE version = 99")
    # A helpdesk one version ahead of the database.
    shipped = schema.migrations()
    latest = max(m.version for m in shipped)
    ahead = schema.Migration(latest + 1, "0099_next.sql", "SELECT 1", optional=False)
    monkeypatch.setattr(schema, "migrations", lambda: [*shipped, ahead])
    with pytest.raises(StoreError) as behind:
        PostgresStore(fresh_database).ticket_count()
    older = older.format(version=latest)
    assert behind.value.message == f"{url} {older}"
    if code == "it":
        for message in (refused.value.message, refused_upgrade.value.message, older):
            assert english_words(message, url) == set(), message


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "Cannot connect to postgresql://ms@/helpdesk: "), ("it", "Impossibile collegarsi a ")],
)
def test_a_server_out_of_reach_is_one_message_in_the_desks_language(
    code: str, expected: str
) -> None:
    set_language(code)
    unreachable = "postgresql://ms:s3cret-pw@/helpdesk?host=/nonexistent&connect_timeout=1"
    with pytest.raises(StoreError) as refused:
        PostgresStore(unreachable).ticket_count()
    assert refused.value.message.startswith(expected)
    assert "postgresql://ms@/helpdesk" in refused.value.message
    assert "s3cret" not in refused.value.message


#: What ``migrate`` says, by language.
MIGRATE = {
    "en": {
        "copied": "copied 12 tickets, 6 companies and {records} records in all from sportello.json "
        "to {url} (desk {desk})\n",
        "refused": "error: {url} (desk {desk}) already holds a desk's records and was left "
        "untouched; use --replace to replace them.\n",
        "replaced": "copied 12 tickets, 6 companies and {records} records in all from {url} "
        "(desk {desk}) to sportello.json; its former contents are in ",
        "itself": "error: The source and the target are both sportello.json.\n",
        "file only": "error: This command works on a database file; --db names a PostgreSQL "
        "database",
        "server only": "error: upgrade is for a PostgreSQL database (--db postgresql://…); a "
        "database file is brought up to date when it is opened.\n",
    },
    "it": {
        "copied": "copia da sportello.json a {url} (sportello {desk}) completata: 12 richieste, "
        "6 imprese e {records} record in tutto\n",
        "refused": "errore: {url} (sportello {desk}) contiene già i dati di uno sportello e non "
        "è stato toccato; per sostituirli usare --replace.\n",
        "replaced": "copia da {url} (sportello {desk}) a sportello.json completata: 12 richieste, "
        "6 imprese e {records} record in tutto; il contenuto precedente è in ",
        "itself": "errore: L'origine e la destinazione sono entrambe sportello.json.\n",
        "file only": "errore: Questo comando lavora su un archivio in un file; --db indica un "
        "archivio PostgreSQL",
        "server only": "errore: upgrade serve per un archivio PostgreSQL (--db postgresql://…); "
        "un archivio in un file viene aggiornato quando lo si apre.\n",
    },
}


@pytest.mark.parametrize("code", ["it", "en"])
def test_migrate_speaks_the_desks_language(
    run: CliRunner, pg_database: str, tmp_path: Path, code: str
) -> None:
    said = MIGRATE[code]
    write_demo(tmp_path / "sportello.json", size=12, today=SystemClock(DEFAULT_TIMEZONE).today())
    desk = new_desk_name()
    url = masked(pg_database)
    env = {"HELPDESK_LANG": code, "HELPDESK_DESK": desk}
    steps = {
        "copied": run.invoke(app, ["migrate", "sportello.json", pg_database], env=env),
        "refused": run.invoke(app, ["migrate", "sportello.json", pg_database], env=env),
        "replaced": run.invoke(
            app, ["migrate", pg_database, "sportello.json", "--replace"], env=env
        ),
        "itself": run.invoke(app, ["migrate", "sportello.json", "sportello.json"], env=env),
        "file only": run.invoke(app, ["--db", pg_database, "check"], env=env),
        "server only": run.invoke(app, ["--db", "sportello.json", "upgrade"], env=env),
    }
    records = re.search(r"(\d+) record", steps["copied"].output)
    assert records is not None, steps["copied"].output
    for step, result in steps.items():
        expected = said[step].format(url=url, desk=desk, records=records[1])
        if step in ("copied", "refused", "itself", "server only"):
            assert result.output == expected, (step, result.output)
        else:
            assert result.output.startswith(expected), (step, result.output)
        assert result.exit_code == (0 if step in ("copied", "replaced") else 1)
        if code == "it":
            assert english_words(result.output, url, str(tmp_path), "sportello.json") == set(), (
                result.output
            )


@pytest.mark.parametrize(("code", "word"), [("it", "scrittura"), ("en", "writing")])
def test_the_migrate_progress_bar_speaks_the_desks_language(
    monkeypatch: pytest.MonkeyPatch, code: str, word: str
) -> None:
    from helpdesk.cli.migrate import _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    set_language(code)
    with _progress() as progress:
        assert progress is not None
        progress(1500, 3000)
    assert re.search(rf"{word}\b.*1500/3000", screen.getvalue()), screen.getvalue()


def test_a_sentence_keeps_its_names_styled_and_literal() -> None:
    from helpdesk.cli.output import sentence

    line = sentence(
        "copia da {source} a {target}: {count}",
        source=("[red]a.json", "bold"),
        target="b\x1b",
        count="3",
    )
    assert line.plain == "copia da [red]a.json a b\ufffd: 3"
    assert [(line.plain[s.start : s.end], s.style) for s in line.spans] == [("[red]a.json", "bold")]
