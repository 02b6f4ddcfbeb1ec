"""Reading a column's header by its meaning, when it is not one of the headers the import knows.

Online form tools head each column with the question as it was asked: "Ragione sociale
dell'impresa", "Di cosa avete bisogno?", "Comune sede". :data:`MEANINGS` gives each field the
words, Italian and English, that say it, each with a weight: a word that names the field by
itself weighs more than one that only hints at it ("cognome" names the contact, "nome" could be
the company's name too). A header scores the weights of its words for each field
(:func:`score_header`); the best field wins when it scores at least :data:`ENOUGH` and no
other field scores as much. Words are compared folded; a word ending in ``*`` matches every
word that starts with it.
"""

from __future__ import annotations

from helpdesk.domain.text import folded_words

#: The least score that says what a column is; below it the column is ignored.
ENOUGH = 2

_LITTLE_WORDS = """a ad al ai alla alle allo agli d da dal dalla dai dalle de dei del della
    delle dello degli dell di e ed es i il in l la le lo gli nel nella nei nelle o per su sul
    sulla un una uno che cosa quale quali come vostra vostro vostri vostre tua tuo sua suo
    the of your an and or to for with what is you do"""
#: Words that say nothing of a column's meaning, dropped before headers are compared whole.
STOPWORDS = frozenset(_LITTLE_WORDS.split())

#: Each field's words, Italian and English, with how strongly each says the field.
MEANINGS: dict[str, dict[str, int]] = {
    "external_id": {"id": 2, "protocollo": 3, "codice": 1, "numero": 1},
    "created": {
        "data": 3,
        "date": 3,
        "timestamp": 4,
        "cronologic*": 4,
        "ora": 2,
        "time": 2,
        "inviat*": 2,
        "invio": 2,
        "submitted": 3,
        "compilazione": 2,
        "ricezione": 2,
        "completamento": 2,
    },
    "subject": {"oggetto": 4, "titolo": 4, "subject": 4, "title": 4, "sintesi": 3},
    "description": {
        "descri*": 4,
        "richiesta": 1,
        "request": 1,
        "bisogn*": 3,
        "esigenz*": 3,
        "need*": 3,
        "messaggio": 3,
        "message": 3,
        "aiut*": 3,
        "help": 3,
        "problema": 3,
        "dettagli": 2,
        "details": 2,
        "testo": 2,
    },
    "topics": {
        "tema": 4,
        "temi": 4,
        "topic*": 4,
        "argoment*": 4,
        "ambit*": 3,
        "area": 2,
        "aree": 2,
        "interess*": 2,
    },
    "priority": {"priorit*": 4, "urgenz*": 4},
    "status": {"stato": 4, "status": 4},
    "assignee": {
        "consulente": 4,
        "assegnat*": 4,
        "adviser": 4,
        "advisor": 4,
        "incaricat*": 3,
        "operatore": 3,
    },
    "channel": {"canale": 4, "channel": 4, "contattat*": 4},
    "company": {
        "ragione": 3,
        "sociale": 2,
        "denominazione": 4,
        "azienda": 2,
        "impresa": 2,
        "ditta": 2,
        "societa": 2,
        "company": 2,
        "business": 2,
        "organizzazione": 2,
        "organisation": 2,
        "organization": 2,
    },
    "vat": {"iva": 4, "partita": 2, "piva": 4, "vat": 4},
    "kind": {"tipologia": 3, "tipo": 3, "categoria": 3, "kind": 3, "type": 3},
    "size": {"dimension*": 4, "dipendenti": 4, "addetti": 4, "size": 4, "employees": 4},
    "town": {"comune": 4, "citta": 4, "localita": 4, "town": 4, "city": 4, "sede": 1},
    "province": {"provincia": 5, "province": 5, "prov": 4},
    "ateco": {"ateco": 5, "settore": 3, "sector": 3},
    "contact_name": {
        "nome": 1,
        "name": 1,
        "cognome": 4,
        "surname": 4,
        "referente": 2,
        "contatto": 2,
        "contact": 2,
    },
    "contact_email": {"email": 4, "mail": 4, "posta": 3, "pec": 3},
    "contact_phone": {
        "telefono": 4,
        "telefonico": 4,
        "cellulare": 4,
        "cell": 4,
        "tel": 4,
        "phone": 4,
        "mobile": 4,
    },
    "contact_role": {"ruolo": 4, "qualifica": 4, "carica": 3, "role": 4, "position": 3},
    "outcome": {"esito": 4, "outcome": 4},
    "consent": {
        "consenso": 4,
        "consent": 4,
        "privacy": 4,
        "gdpr": 4,
        "acconsent*": 4,
        "informativa": 3,
        "trattamento": 2,
    },
    "service": {"servizio": 4, "service": 4},
    "source": {
        "conosciut*": 4,
        "conoscenza": 3,
        "provenienza": 4,
        "fonte": 4,
        "segnalat*": 3,
        "source": 4,
        "heard": 3,
    },
    "programme": {"programma": 4, "programme": 4, "program": 4},
    "satisfaction": {"soddisfazione": 4, "gradimento": 4, "satisfaction": 4, "voto": 3},
}


def meaningful_words(header: str) -> tuple[str, ...]:
    """A header's words, folded, without the words that say nothing of its meaning."""
    return tuple(w for w in folded_words(header).split() if w not in STOPWORDS)


def score_header(header: str) -> list[tuple[int, str]]:
    """Each field the header's words speak of, with its score, best first.

    A word counts once for a field, with its strongest weight there.
    """
    found = meaningful_words(header)
    scores: list[tuple[int, str]] = []
    for name, vocabulary in MEANINGS.items():
        total = 0
        for word in found:
            weight = 0
            for meaning, value in vocabulary.items():
                if (
                    word.startswith(meaning[:-1]) if meaning.endswith("*") else word == meaning
                ) and value > weight:
                    weight = value
            total += weight
        if total:
            scores.append((total, name))
    scores.sort(key=lambda pair: -pair[0])
    return scores
