"""Tests of the default topic taxonomy, topic suggestions and reading topic names."""

from __future__ import annotations

import dataclasses

import pytest

from helpdesk.domain.models import Topic
from helpdesk.domain.taxonomy import DEFAULT_TOPICS, resolve_topic, suggest_topics

#: DESIGN.md section 2, in its order: key, English label, Italian label.
EXPECTED = [
    ("ecommerce", "E-commerce", "E-commerce"),
    ("grants", "Grants and funding", "Bandi e contributi"),
    ("marketing", "Digital marketing and social media", "Marketing digitale e social"),
    ("digital_tools", "Digital tools and remote work", "Strumenti digitali e lavoro agile"),
    ("maturity", "Digital maturity assessment", "Valutazione della maturità digitale"),
    ("industry40", "Industry 4.0 and industrial IoT", "Industria 4.0 e IoT industriale"),
    ("ai_data", "AI and data", "Intelligenza artificiale e dati"),
    ("cybersecurity", "Cybersecurity", "Sicurezza informatica"),
    ("blockchain", "Blockchain", "Blockchain"),
    ("sustainability", "Circular economy and sustainability", "Economia circolare e sostenibilità"),
    ("export", "Internationalisation and export", "Internazionalizzazione ed export"),
    ("credit", "Access to credit", "Accesso al credito"),
    (
        "innovation",
        "Innovation projects and technology transfer",
        "Progetti di innovazione e trasferimento tecnologico",
    ),
    ("startups", "Startups and incubation", "Startup e incubazione"),
    ("training", "Training", "Formazione"),
    ("open_innovation", "Partner search and open innovation", "Ricerca partner e open innovation"),
    ("continuity", "Business continuity and crisis support", "Continuità aziendale e crisi"),
    ("other", "Other", "Altro"),
]


def test_default_taxonomy_has_the_eighteen_topics_of_the_design() -> None:
    assert [(t.key, t.label_en, t.label_it) for t in DEFAULT_TOPICS] == EXPECTED
    assert len({t.key for t in DEFAULT_TOPICS}) == 18


def test_every_default_topic_but_other_has_keywords_and_is_active() -> None:
    assert all(t.active for t in DEFAULT_TOPICS)
    assert [t.key for t in DEFAULT_TOPICS if not t.keywords] == ["other"]


def test_topic_label_by_language() -> None:
    grants = DEFAULT_TOPICS[1]

    assert grants.label() == "Grants and funding"
    assert grants.label("it") == "Bandi e contributi"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Vorremmo aprire un negozio online su Shopify per vendere i nostri formaggi",
            ["ecommerce"],
        ),
        ("We want to sell online through the Amazon marketplace", ["ecommerce"]),
        ("Informazioni sul bando voucher digitali della Regione Lombardia", ["grants"]),
        ("Contributi a fondo perduto per l'acquisto di macchinari 4.0", ["grants", "industry40"]),
        ("Abbiamo subito un attacco RANSOMWARE: tutti i file sono cifrati", ["cybersecurity"]),
        ("Phishing emails and a password policy for our staff", ["cybersecurity"]),
        ("Come aumentare la visibilità su Instagram e Facebook?", ["marketing"]),
        ("Serve un gestionale in cloud e la fatturazione elettronica", ["digital_tools"]),
        ("Vogliamo esportare in Germania e partecipare a una fiera", ["export"]),
        ("Richiesta di prestito con il fondo di garanzia per la liquidità", ["credit"]),
        ("Corso di formazione sull'intelligenza artificiale", ["training", "ai_data"]),
        ("Startup innovativa cerca incubatore e investitori", ["startups"]),
        ("Vorremmo ridurre i rifiuti e passare al fotovoltaico", ["sustainability"]),
        ("Test di maturità digitale (SELFI4.0)", ["maturity"]),
        ("Chiusura per lockdown, cassa integrazione e ristori", ["continuity"]),
        ("Tracciabilità della filiera con la blockchain", ["blockchain"]),
        ("Sensori IoT sulle linee e manutenzione predittiva", ["industry40"]),
        ("Cerchiamo fornitori e partner per un consorzio", ["open_innovation"]),
        ("Looking for a university lab to build a prototype", ["innovation"]),
        ("Buongiorno, vorrei fissare un appuntamento", []),
        ("", []),
    ],
)
def test_suggest_topics_for_realistic_requests(text: str, expected: list[str]) -> None:
    assert suggest_topics(text, DEFAULT_TOPICS) == expected


@pytest.mark.parametrize(
    "text",
    ["VENDITA ONLINE", "vendità onlìne", "Vendita-Online!", "e-commerce", "E COMMERCE"],
)
def test_suggest_topics_ignores_case_accents_and_punctuation(text: str) -> None:
    assert suggest_topics(text, DEFAULT_TOPICS) == ["ecommerce"]


def test_suggest_topics_matches_whole_words_and_prefixes() -> None:
    # "app" is a keyword, "apprendista" is not an app; "digitaliz*"-style prefixes match words.
    assert suggest_topics("Assumere un apprendista", DEFAULT_TOPICS) == []
    assert suggest_topics("Una app per gli ordini", DEFAULT_TOPICS) == ["digital_tools"]
    assert suggest_topics("Finanziamenti agevolati", DEFAULT_TOPICS) == ["grants"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("vendere online", True),
        ("vendere pane e dolci online", True),  # up to three words between
        ("vendere pane, dolci e biscotti online", False),  # four
        ("rivendere online", False),  # a whole word, not the end of one
        ("vendere onlineshop", False),
        ("vendere e-commerce", False),
        ("online vendere", False),  # in order
        ("crediti d'imposta", True),  # a prefix keyword of two words
        ("crediti per l'impostazione", True),
        ("credito imposta", False),
    ],
)
def test_keywords_of_several_words_allow_a_few_words_between(text: str, found: bool) -> None:
    topic = Topic("t", "T", "T", keywords=["vendere online", "crediti impost*"])
    assert suggest_topics(text, [topic]) == (["t"] if found else [])


def test_suggest_topics_orders_by_hits_then_taxonomy_and_limits() -> None:
    text = "instagram facebook seo; bando; password backup phishing ransomware; export"

    assert suggest_topics(text, DEFAULT_TOPICS) == ["cybersecurity", "marketing", "grants"]
    assert suggest_topics(text, DEFAULT_TOPICS, limit=5) == [
        "cybersecurity",
        "marketing",
        "grants",
        "export",
    ]
    assert suggest_topics("bando export", DEFAULT_TOPICS) == ["grants", "export"]


def test_suggest_topics_skips_inactive_topics() -> None:
    topics = [dataclasses.replace(t, active=t.key != "ecommerce") for t in DEFAULT_TOPICS]

    assert suggest_topics("vendita online e social", topics) == ["marketing"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("grants", "grants"),
        ("GRANTS", "grants"),
        ("Bandi e contributi", "grants"),
        ("bandi", "grants"),
        ("e-commerce", "ecommerce"),
        ("e-comm", "ecommerce"),
        ("Ecommerce", "ecommerce"),
        ("Sicurezza informatica", "cybersecurity"),
        ("cyber", "cybersecurity"),
        ("Valutazione della maturita digitale", "maturity"),
        ("valutazione della MATURITÀ digitale", "maturity"),
        ("continuità", "continuity"),
        ("Continuita aziendale", "continuity"),
        ("Economia circolare e sostenibilita", "sustainability"),
        ("Industria 4.0", "industry40"),
        ("industry 4", "industry40"),
        ("AI", "ai_data"),
        ("intelligenza", "ai_data"),
        ("Formazione", "training"),
        ("altro", "other"),
        ("open_innovation", "open_innovation"),
        ("Ricerca partner", "open_innovation"),
        ("digital tools", "digital_tools"),
        ("  export  ", "export"),
    ],
)
def test_resolve_topic_by_key_label_or_prefix(text: str, key: str) -> None:
    topic = resolve_topic(text, DEFAULT_TOPICS)

    assert topic is not None
    assert topic.key == key


@pytest.mark.parametrize(
    "text",
    ["", "   ", "-", "astrologia", "in", "e", "digital", "startupper"],
)
def test_resolve_topic_refuses_unknown_or_ambiguous_names(text: str) -> None:
    assert resolve_topic(text, DEFAULT_TOPICS) is None


def test_resolve_topic_prefers_an_exact_name_over_prefixes() -> None:
    topics = [Topic("ai", "AI", "IA"), Topic("ai_data", "AI and data", "IA e dati")]

    resolved = resolve_topic("ai", topics)

    assert resolved is not None
    assert resolved.key == "ai"
