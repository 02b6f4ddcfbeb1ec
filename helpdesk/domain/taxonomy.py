"""The default topic taxonomy and keyword-based topic suggestions.

Keys are stable (they are stored on tickets and typed in filters); labels and keywords can be
edited. Keywords are matched on whole words after folding case and accents, so ``contributi``
matches "Contributi" and ``e commerce`` matches "e-commerce". A keyword ending in ``*`` matches
any word starting with it (``digitaliz*`` matches "digitalizzare" and "digitalizzazione").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from helpdesk.domain.models import Topic
from helpdesk.domain.text import fold, folded_words, words

DEFAULT_TOPICS: tuple[Topic, ...] = (
    Topic(
        "ecommerce",
        "E-commerce",
        "E-commerce",
        [
            "e commerce",
            "ecommerce",
            "online shop",
            "sell online",
            "selling online",
            "marketplace",
            "amazon",
            "shopify",
            "woocommerce",
            "web shop",
            "vendere online",
            "vendita online",
            "negozio online",
            "shop online",
            "commercio elettronico",
            "consegne",
            "delivery",
            "pagamenti online",
            "online payments",
            "catalogo online",
        ],
    ),
    Topic(
        "grants",
        "Grants and funding",
        "Bandi e contributi",
        [
            "bando",
            "bandi",
            "contribut*",
            "voucher",
            "grant*",
            "funding",
            "fondo perduto",
            "finanziament*",
            "agevolazion*",
            "incentiv*",
            "credito d imposta",
            "tax credit",
            "pnrr",
            "regione lombardia",
            "horizon",
            "fesr",
            "subsid*",
            "de minimis",
        ],
    ),
    Topic(
        "marketing",
        "Digital marketing and social media",
        "Marketing digitale e social",
        [
            "social",
            "social media",
            "facebook",
            "instagram",
            "tiktok",
            "linkedin",
            "marketing",
            "seo",
            "newsletter",
            "google ads",
            "pubblicita",
            "advertising",
            "brand*",
            "sito web",
            "website",
            "visibilita",
            "recensioni",
            "reviews",
        ],
    ),
    Topic(
        "digital_tools",
        "Digital tools and remote work",
        "Strumenti digitali e lavoro agile",
        [
            "smart working",
            "lavoro agile",
            "remote work",
            "telelavoro",
            "videoconferenz*",
            "zoom",
            "teams",
            "cloud",
            "gestionale",
            "software",
            "crm",
            "fatturazione elettronica",
            "e invoicing",
            "firma digitale",
            "spid",
            "pec",
            "app",
            "digital tools",
            "strumenti digitali",
            "collaboration",
        ],
    ),
    Topic(
        "maturity",
        "Digital maturity assessment",
        "Valutazione della maturità digitale",
        [
            "maturita digitale",
            "digital maturity",
            "assessment",
            "self assessment",
            "selfi4",
            "test di maturita",
            "check up",
            "checkup",
            "autovalutazione",
            "digital readiness",
        ],
    ),
    Topic(
        "industry40",
        "Industry 4.0 and industrial IoT",
        "Industria 4.0 e IoT industriale",
        [
            "industria 4 0",
            "industry 4 0",
            "4 0",
            "iot",
            "sensor*",
            "plc",
            "mes",
            "interconnession*",
            "macchinar*",
            "machinery",
            "automazion*",
            "automation",
            "robot*",
            "manifattur*",
            "manufacturing",
            "stampa 3d",
            "3d printing",
            "digital twin",
            "manutenzione predittiva",
        ],
    ),
    Topic(
        "ai_data",
        "AI and data",
        "Intelligenza artificiale e dati",
        [
            "intelligenza artificiale",
            "artificial intelligence",
            "machine learning",
            "analisi dei dati",
            "data analysis",
            "dati aziendali",
            "analytics",
            "big data",
            "chatbot",
            "business intelligence",
            "dashboard",
            "gpt",
            "previsioni",
            "forecast*",
        ],
    ),
    Topic(
        "cybersecurity",
        "Cybersecurity",
        "Sicurezza informatica",
        [
            "cyber*",
            "sicurezza informatica",
            "security",
            "ransomware",
            "phishing",
            "virus",
            "malware",
            "password",
            "backup",
            "attacco",
            "attack",
            "gdpr",
            "privacy",
            "firewall",
            "hacker*",
            "truffa",
        ],
    ),
    Topic(
        "blockchain",
        "Blockchain",
        "Blockchain",
        [
            "blockchain",
            "nft",
            "token*",
            "smart contract*",
            "tracciabilita",
            "traceability",
            "crypto*",
            "notarizzazione",
        ],
    ),
    Topic(
        "sustainability",
        "Circular economy and sustainability",
        "Economia circolare e sostenibilità",
        [
            "economia circolare",
            "circular economy",
            "sostenibil*",
            "sustainab*",
            "esg",
            "rifiuti",
            "waste",
            "energia",
            "energy",
            "fotovoltaico",
            "solar",
            "riciclo",
            "recycl*",
            "green",
            "carbon",
            "emissioni",
            "emissions",
            "packaging",
        ],
    ),
    Topic(
        "export",
        "Internationalisation and export",
        "Internazionalizzazione ed export",
        [
            "export",
            "esportare",
            "estero",
            "abroad",
            "internazionalizzazion*",
            "international*",
            "fiera",
            "fiere",
            "trade fair",
            "dogana",
            "customs",
            "mercati esteri",
            "foreign markets",
            "ice",
            "simest",
        ],
    ),
    Topic(
        "credit",
        "Access to credit",
        "Accesso al credito",
        [
            "credito",
            "credit",
            "prestito",
            "loan",
            "banca",
            "bank",
            "mutuo",
            "liquidita",
            "liquidity",
            "garanzia",
            "guarantee",
            "fondo di garanzia",
            "confidi",
            "moratoria",
            "fido",
            "leasing",
        ],
    ),
    Topic(
        "innovation",
        "Innovation projects and technology transfer",
        "Progetti di innovazione e trasferimento tecnologico",
        [
            "innovazion*",
            "innovation",
            "trasferimento tecnologico",
            "technology transfer",
            "brevett*",
            "patent*",
            "ricerca e sviluppo",
            "r d",
            "prototip*",
            "prototyp*",
            "universita",
            "university",
            "laboratorio",
            "lab",
            "nuovo prodotto",
            "new product",
        ],
    ),
    Topic(
        "startups",
        "Startups and incubation",
        "Startup e incubazione",
        [
            "startup",
            "start up",
            "incubat*",
            "acceleratore",
            "accelerator",
            "business plan",
            "investitori",
            "investors",
            "venture",
            "seed",
            "pitch",
            "crowdfunding",
            "nuova impresa",
            "founder*",
            "spin off",
        ],
    ),
    Topic(
        "training",
        "Training",
        "Formazione",
        [
            "formazione",
            "training",
            "corso",
            "corsi",
            "course*",
            "webinar*",
            "workshop",
            "competenze",
            "skills",
            "imparare",
            "learn*",
            "academy",
            "dipendenti",
            "employees",
        ],
    ),
    Topic(
        "open_innovation",
        "Partner search and open innovation",
        "Ricerca partner e open innovation",
        [
            "partner*",
            "open innovation",
            "fornitor*",
            "supplier*",
            "collaborazion*",
            "rete",
            "network*",
            "matchmaking",
            "consorzio",
            "consortium",
        ],
    ),
    Topic(
        "continuity",
        "Business continuity and crisis support",
        "Continuità aziendale e crisi",
        [
            "crisi",
            "crisis",
            "emergenza",
            "emergency",
            "covid*",
            "lockdown",
            "chiusura",
            "closure",
            "ristori",
            "cassa integrazione",
            "continuita",
            "continuity",
            "ripartenza",
            "restart",
            "dpcm",
            "sanificazione",
        ],
    ),
    Topic("other", "Other", "Altro", []),
)


@lru_cache(maxsize=2048)
def _keyword_needle(keyword: str) -> str:
    # The haystack is folded words joined by single spaces with a space at each end, so a
    # keyword matches whole words when it is framed by spaces too, and a prefix (``vend*``)
    # when it has a space before it only.
    stripped = keyword.strip()
    folded = folded_words(stripped.rstrip("*"))
    return f" {folded}" if stripped.endswith("*") else f" {folded} "


#: How many other words may stand between the words of a keyword of several words, so that
#: "vendere online" also finds "vendere pane e dolci online", as people write.
KEYWORD_GAP = 3


@lru_cache(maxsize=2048)
def _keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    # A keyword of several words also matches with up to KEYWORD_GAP words between its words.
    needle = _keyword_needle(keyword)
    parts = needle.split()
    if len(parts) < 2:
        return None
    gap = rf" (?:\S+ ){{0,{KEYWORD_GAP}}}"
    tail = " " if needle.endswith(" ") else ""
    return re.compile(" " + gap.join(re.escape(p) for p in parts) + tail)


@lru_cache(maxsize=2048)
def _keyword_words(keyword: str) -> tuple[str, ...]:
    # Each word of a keyword of several words as its pattern finds it: framed by spaces, the
    # last one as the needle ends (a prefix has no space after it).
    needle = _keyword_needle(keyword)
    parts = needle.split()
    tail = " " if needle.endswith(" ") else ""
    return (*(f" {part} " for part in parts[:-1]), f" {parts[-1]}{tail}") if parts else ()


def _keyword_found(keyword: str, haystack: str) -> bool:
    if _keyword_needle(keyword) in haystack:
        return True
    # The pattern is compiled only when every word is there: most keywords miss one, and
    # compiling all of them was most of what suggesting topics for one request cost.
    if not all(word in haystack for word in _keyword_words(keyword)):
        return False
    pattern = _keyword_pattern(keyword)
    return pattern is not None and pattern.search(haystack) is not None


def suggest_topics(text: str, topics: Iterable[Topic], limit: int = 3) -> list[str]:
    """Topic keys whose keywords occur in ``text``, most hits first.

    Args:
        text: Subject and description of a request, in Italian or English.
        topics: The taxonomy to suggest from (inactive topics are skipped).
        limit: At most this many keys.

    Returns:
        Keys in order of the number of distinct keywords found; ties keep taxonomy order.
    """
    haystack = words(text)
    scored: list[tuple[int, int, str]] = []
    for order, topic in enumerate(topics):
        if not topic.active:
            continue
        hits = sum(1 for kw in topic.keywords if _keyword_found(kw, haystack))
        if hits:
            scored.append((-hits, order, topic.key))
    scored.sort()
    return [key for _, _, key in scored[:limit]]


def resolve_topic(text: str, topics: Sequence[Topic]) -> Topic | None:
    """The topic whose key or label (either language) matches ``text``, case- and accent-blind.

    A unique prefix of a key or label also matches, so ``e-comm`` or ``bandi`` find their topic.
    """
    wanted = _squash(text)
    if not wanted:
        return None
    for topic in topics:
        if wanted in (
            _squash(topic.key),
            _squash(topic.label_en),
            _squash(topic.label_it),
        ):
            return topic
    prefixed = [
        t
        for t in topics
        if any(_squash(name).startswith(wanted) for name in (t.key, t.label_en, t.label_it))
    ]
    return prefixed[0] if len(prefixed) == 1 else None


@lru_cache(maxsize=4096)
def _squash(text: str) -> str:
    # Remembered: resolving a name squashes every topic's key and labels, and an import
    # resolves each different topics cell of its file.
    return "".join(ch for ch in fold(text) if ch.isalnum())
