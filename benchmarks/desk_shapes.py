"""Desks of several shapes for the benchmarks, as an Italian form export (CSV) to import.

- ``closed``: the demo's shape (``helpdesk demo --size N``): nine tickets in ten closed, notes,
  follow-ups and webinars; built by the demo, not here.
- ``open``: nearly every ticket open (new, triaged or in progress), a one-line description.
- ``long``: nearly every ticket open, descriptions of a few hundred words.
- ``common``: nearly every ticket open, descriptions of a few dozen words from an everyday
  vocabulary, so that a common word (``consegna``) matches most tickets.

The CSV is what a hub's web form exports and a spreadsheet saves (``;``, BOM, CRLF, day-first
dates, accented names, one company for every four requests), so that building a desk of a shape
is also an import of that file. The ``closed`` desk's file (nine requests in ten closed) is
imported only to time the import.
"""

from __future__ import annotations

import random
from pathlib import Path

SHAPES = ("closed", "open", "long", "common")

#: The word searched for on the ``common`` desk, found in most of its descriptions.
COMMON_WORD = "consegna"

HEADER = (
    "ID richiesta;Data richiesta;Ragione sociale;Partita IVA;Comune;Provincia;Referente;"
    "E-mail;Telefono;Tema;Oggetto;Descrizione;Canale;Priorità;Stato;Esito;Consulente"
)
TOWNS = [("Como", "CO"), ("Cantù", "CO"), ("Lecco", "LC"), ("Milano", "MI"), ("Monza", "MB")]
TOPICS = ["e-commerce", "bandi", "marketing", "industria 4.0", "formazione", "export"]
NAMES = ["Forno", "Caffè", "Officina", "Sartoria", "Ferramenta", "Studio", "Pasticceria"]
SURNAMES = ["Rossi", "Bianchi", "Neri", "Brambilla", "Colombo", "D'Angelo", "Galli"]
SUBJECTS = [
    "Vendere online i nostri prodotti",
    "Informazioni sul bando voucher digitali",
    "Aprire un negozio su un marketplace",
    "Formazione del personale sul gestionale",
    "Esportare in Germania e in Francia",
    "Rifare il sito e la pagina social",
    "Macchinario nuovo e credito d'imposta",
    "Fatturazione elettronica e magazzino",
]
#: An everyday vocabulary: the words people use describing a request at a front desk.
EVERYDAY = (  # noqa: SIM905 (a list of words reads best as the words)
    "vorremmo sapere come fare per avere più clienti anche fuori dalla nostra zona e capire "
    "quanto costa tempo lavoro soldi negozio prodotti ordini spedizione pagamento sito "
    "pagina telefono mail cliente fornitore magazzino prezzo offerta sconto fattura banca "
    "prestito contributo domanda scadenza documenti modulo firma ufficio orario settimana "
    "mese anno giorno mattina pomeriggio sera personale dipendenti figlio socio famiglia "
    "paese comune provincia regione camera commercio associazione consulente commercialista "
    "esperto aiuto problema idea progetto piano vendita acquisto macchina furgone "
    "laboratorio cucina pane dolci vino olio formaggio stoffa legno ferro vetro carta "
    "stampa foto video corso lezione incontro appuntamento chiamata risposta richiesta "
    "informazione bisogno possibilità"
).split()


def vat_number(n: int) -> str:
    """A valid partita IVA built from ``n`` (office code 001, Luhn check digit)."""
    base = f"{1_000_000 + n % 9_000_000:07d}001"
    total = 0
    for i, ch in enumerate(base):
        digit = int(ch)
        if i % 2 == 1:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return base + str((10 - total % 10) % 10)


def description(shape: str, i: int, rng: random.Random) -> str:
    """The description of request ``i`` on a desk of ``shape``."""
    topic = TOPICS[i % len(TOPICS)]
    if shape in ("open", "closed"):
        return f"Richiesta numero {i} su {topic}: vorremmo un appuntamento con un consulente."
    if shape == "long":
        words = rng.choices(EVERYDAY, k=rng.randint(250, 450))
        return f"Richiesta su {topic}. " + " ".join(words).capitalize() + "."
    words = rng.choices(EVERYDAY, k=rng.randint(25, 45))
    if rng.random() < 0.72:  # the common word, in most descriptions
        words.insert(rng.randrange(len(words)), COMMON_WORD)
    return " ".join(words).capitalize() + "."


def status(shape: str, i: int) -> str:
    """On the ``closed`` desk nine requests in ten closed, elsewhere one in ten; the rest new
    or in progress."""
    if (i % 10 != 0) if shape == "closed" else (i % 10 == 9):
        return "chiuso"
    return ("nuovo", "in corso")[i % 2]


def make_form_csv(path: Path, shape: str, rows: int, seed: int = 2020) -> None:
    """Write ``rows`` requests of ``shape`` as a form export saved by Italian Excel."""
    rng = random.Random(f"{seed}-{shape}")
    lines = [HEADER]
    companies = max(1, rows // 4)
    for i in range(rows):
        c = rng.randrange(companies)
        town, province = TOWNS[c % len(TOWNS)]
        name = f"{NAMES[c % len(NAMES)]} {SURNAMES[c % len(SURNAMES)]} {c} S.r.l."
        day, month, year = 1 + i % 28, 1 + (i // 28) % 12, 2021 + (i // 336) % 4
        text = description(shape, i, rng).replace('"', "'")
        lines.append(
            ";".join(
                [
                    f"WF-{i:06d}",
                    f"{day:02d}/{month:02d}/{year} {9 + i % 8:02d}:{i % 60:02d}",
                    name,
                    vat_number(c),
                    town,
                    province,
                    f"Referente {c}",
                    f"info{c}@azienda{c}.it",
                    "031 123456",
                    TOPICS[i % len(TOPICS)],
                    SUBJECTS[i % len(SUBJECTS)],
                    f'"{text}"',
                    "telefono" if i % 2 else "email",
                    "alta" if i % 7 == 0 else "normale",
                    status(shape, i),
                    "indirizzato" if status(shape, i) == "chiuso" else "",
                    ("ms", "gb", "")[i % 3],
                ]
            )
        )
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
