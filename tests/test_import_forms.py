"""Imports from real Italian web forms: headers read by meaning, values worded as the form
offered them, and what a dry run says of it, in Italian and in English.

``data/google_forms_it.csv`` is a Google Forms export re-saved by Excel (``;`` separator, a
BOM, CRLF): the form's questions as headers, answers as people chose or typed them. Row 4
has a channel and a company kind the desk does not know, row 5 a topic.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from test_import_cli import desk, run

from helpdesk.domain.enums import Channel, Choice, CompanyKind
from helpdesk.domain.privacy import parse_consent
from helpdesk.domain.vocabulary import find_choice_in
from helpdesk.errors import InvalidValue
from helpdesk.i18n import set_language
from helpdesk.services.importing.columns import map_columns

pytestmark = pytest.mark.usefixtures("isolated_env")

FORM = str(Path(__file__).parent / "data" / "google_forms_it.csv")

#: The form's columns, the field each gives, and whether it is read by its meaning.
FORM_COLUMNS = [
    ("Informazioni cronologiche", "created", False),
    ("Indirizzo email", "contact_email", False),
    ("Nome e cognome", "contact_name", False),
    ("Ragione sociale dell'impresa", "company", True),
    ("Partita IVA", "vat", False),
    ("Comune sede", "town", True),
    ("Provincia", "province", False),
    ("Tipologia di impresa", "kind", False),
    ("Numero di telefono", "contact_phone", False),
    ("Di cosa avete bisogno?", "description", True),
    ("Ambiti di interesse", "topics", True),
    ("Come ci avete contattato?", "channel", True),
    ("Consenso al trattamento dei dati", "consent", False),
]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Informazioni cronologiche", "created"),
        ("Indirizzo email", "contact_email"),
        ("Nome e cognome", "contact_name"),
        ("Ragione sociale dell'impresa", "company"),
        ("RAGIONE SOCIALE DELL’IMPRESA:", "company"),
        ("Descrizione della richiesta", "description"),
        ("Di cosa avete bisogno?", "description"),
        ("Numero di telefono", "contact_phone"),
        ("Comune sede", "town"),
        ("Consenso al trattamento dei dati", "consent"),
        ("Acconsento al trattamento dei miei dati personali (GDPR)", "consent"),
        ("Tipologia di impresa", "kind"),
        ("Partita IVA dell'impresa", "vat"),
        ("Provincia sede", "province"),
        ("Numero di dipendenti", "size"),
        ("Indirizzo email del referente", "contact_email"),
        ("Cellulare del referente", "contact_phone"),
        ("Ruolo in azienda", "contact_role"),
        ("Nome azienda", "company"),
        ("Ora di completamento", "created"),
        ("Come ci avete conosciuto?", "source"),
        ("What do you need help with?", "description"),
        ("Company name", "company"),
        ("Your phone number", "contact_phone"),
    ],
)
def test_a_forms_header_maps_to_the_field_it_means(header: str, field: str) -> None:
    columns = map_columns(["Oggetto", header])
    assert columns.fields == {"subject": 0, field: 1}
    assert not columns.ignored


def test_a_header_that_means_nothing_the_desk_keeps_is_ignored() -> None:
    columns = map_columns(["Oggetto", "Punteggio", "Codice fiscale", "Indirizzo"])
    assert columns.ignored == ["Punteggio", "Codice fiscale", "Indirizzo"]


@pytest.mark.parametrize("speaking", ["it", "en"])
def test_a_header_that_could_mean_two_fields_is_refused_with_the_map_to_write(
    speaking: str,
) -> None:
    set_language(speaking)
    with pytest.raises(InvalidValue) as refused:
        map_columns(["Oggetto", "Telefono o email"])
    message = refused.value.message
    assert '--map "Telefono o email=contact_email"' in message
    assert "contact_phone" in message and '--map "Telefono o email=-"' in message
    said = "potrebbe essere" if speaking == "it" else "could mean"
    assert said in message
    # The mapping it names settles it.
    columns = map_columns(["Oggetto", "Telefono o email"], {"Telefono o email": "contact_email"})
    assert columns.fields["contact_email"] == 1


@pytest.mark.parametrize(
    ("enum", "text", "value"),
    [
        (CompanyKind, "Artigiana", "artisan"),
        (CompanyKind, "Commercio al dettaglio", "retail"),
        (CompanyKind, "Bar / ristorante", "food_service"),
        (CompanyKind, "Impresa artigiana (fino a 9 addetti)", "artisan"),
        (CompanyKind, "Studio professionale", "professional"),
        (CompanyKind, "PMI", "sme"),
        (CompanyKind, "retail", "retail"),
        (Channel, "Telefono", "phone"),
        (Channel, "E-mail", "email"),
        (Channel, "Modulo online", "web"),
        (Channel, "Di persona", "walk_in"),
        (CompanyKind, "Agriturismo", None),
        (Channel, "Piccione viaggiatore", None),
    ],
)
def test_values_worded_as_forms_offer_them_are_read(
    enum: type[Choice], text: str, value: str | None
) -> None:
    found = find_choice_in(enum, text)
    assert (found.value if found else None) == value


@pytest.mark.parametrize(
    ("answer", "consent"),
    [
        ("Sì", True),
        ("si", True),
        ("No", False),
        ("Sì, acconsento", True),
        ("Acconsento al trattamento dei dati personali", True),
        ("Ho letto l'informativa e acconsento", True),
        ("Non acconsento", False),
        ("Yes", True),
    ],
)
def test_consent_answers_are_read_as_forms_word_them(answer: str, consent: bool) -> None:
    assert parse_consent(answer) is consent


def test_a_google_forms_file_imports_with_no_options() -> None:
    result = run("import", FORM)
    assert result.exit_code == 0, (result.stdout, result.stderr)
    tickets = sorted(desk().ctx.store.tickets(), key=lambda t: t.ref)
    companies = {c.id: c for c in desk().ctx.store.companies()}
    assert [t.channel for t in tickets] == [
        Channel.PHONE,
        Channel.WEB,
        Channel.OTHER,
        Channel.EMAIL,
    ]
    assert [t.topics for t in tickets] == [
        ["ecommerce"],
        ["digital_tools", "grants"],
        ["export"],
        ["ecommerce"],  # "Astrologia" is no topic: the request's text suggests e-commerce
    ]
    kinds = [companies[t.company_id].kind for t in tickets if t.company_id is not None]
    assert kinds == [
        CompanyKind.ARTISAN,
        CompanyKind.RETAIL,
        CompanyKind.OTHER,
        CompanyKind.FOOD_SERVICE,
    ]
    assert tickets[2].tags == ["Agriturismo"]  # the kind's words, kept
    assert [companies[t.company_id].consent for t in tickets if t.company_id] == [
        True,
        True,
        False,
        True,
    ]
    assert tickets[0].created == datetime(2020, 3, 18, 9, 12, 34, tzinfo=ZoneInfo("Europe/Rome"))
    assert tickets[0].subject.startswith("Vorremmo vendere il nostro pane")
    assert companies[tickets[0].company_id].town == "Cantù"
    assert tickets[0].contact.name == "Mario Rossi"
    assert tickets[0].contact.phone == "031 123456"


def _columns_said(lines: list[str]) -> list[tuple[str, str, bool]]:
    found = []
    for line in lines:
        match = re.fullmatch(r"  (['\"])(.+)\1 → (\w+)( \(.+\))?", line)
        if match:
            found.append((match[2], match[3], match[4] is not None))
    return found


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "it",
            {
                "columns": "colonne:",
                "ignored": "  'Punteggio' ignorata",
                "meaning": "(dal significato)",
                "summary": "lette 4 · create 4 · aggiornate 0 · doppioni 0 · scartate 0 · "
                "nuove imprese 4 (prova: non è stato scritto nulla)",
                "channel": "attenzione: riga 4, Come ci avete contattato?: 'Piccione viaggiatore' "
                "non è tra i valori previsti per il campo canale: registrato come altro.",
                "kind": "attenzione: riga 4, Tipologia di impresa: 'Agriturismo' non è tra i "
                "valori previsti per il campo tipologia d'impresa: registrato come altro",
                "topic": "attenzione: riga 5, Ambiti di interesse: 'Astrologia' non è un tema "
                "dello sportello: i temi sono ecommerce, come suggerisce il testo della richiesta.",
            },
        ),
        (
            "en",
            {
                "columns": "columns:",
                "ignored": "  'Punteggio' ignored",
                "meaning": "(by meaning)",
                "summary": "read 4 · created 4 · updated 0 · duplicates 0 · rejected 0 · "
                "new companies 4 (dry run: nothing was written)",
                "channel": "warning: row 4, Come ci avete contattato?: 'Piccione viaggiatore' "
                "is not a channel the desk knows: taken as other.",
                "kind": "warning: row 4, Tipologia di impresa: 'Agriturismo' is not a company "
                "kind the desk knows: taken as other",
                "topic": "warning: row 5, Ambiti di interesse: 'Astrologia' is not a topic the "
                "desk knows: the topics are ecommerce, as the request suggests.",
            },
        ),
    ],
)
def test_a_dry_run_prints_the_mapping_it_chose_in_the_users_language(
    lang: str, words: dict[str, str]
) -> None:
    result = run("--lang", lang, "import", FORM, "--dry-run")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == words["columns"]
    assert _columns_said(lines) == FORM_COLUMNS
    meaning = [line for line in lines if line.endswith(")") and "→" in line]
    assert all(line.endswith(words["meaning"]) for line in meaning)
    assert words["ignored"] in lines
    assert lines[-1] == words["summary"]
    warnings = result.stderr.splitlines()
    assert words["channel"] in warnings
    assert any(w.startswith(words["kind"]) for w in warnings)
    assert words["topic"] in warnings
    assert not Path("tickets.json").exists() or not desk().ctx.store.tickets()


#: English words that must not appear in Italian output outside the file's own text.
ENGLISH = re.compile(
    r"\b(the|and|with|ticket|tickets|open|closed|due|not|none|of|to|no|row|rows|read|"
    r"created|warning|ignored|dry|run|written|meaning|column|columns|taken|other|topic)\b"
)


def test_the_italian_dry_run_has_no_english_words_but_field_names_and_the_files_own() -> None:
    result = run("--lang", "it", "import", FORM, "--dry-run")
    text = result.stdout + result.stderr
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "''", text)  # the file's headers and values
    text = re.sub(r"→ \w+", "→", text)  # field names are what --map takes: an interface
    text = text.replace("Come ci avete contattato?", "").replace("Tipologia di impresa", "")
    text = text.replace("Ambiti di interesse", "").replace("ecommerce", "")
    assert not ENGLISH.findall(text), text
