"""Demo data: a realistic desk for trying helpdesk out, the same every time for a seed.

The desk is a Lombard innovation hub's free advisory desk. Its history runs from March 2020 to
mid-December 2021 (:data:`DEMO_START` to :data:`DEMO_NOW`): the COVID rush to e-commerce, smart
working and crisis support in spring 2020, then grants, Industry 4.0, export and cybersecurity.
Four advisers, about ``size // 2`` companies (so that many come back with several tickets), and
``size`` tickets, each driven through the services (log, triage, status, notes, close, link,
follow-ups) with a frozen clock set to the moment of each event, so that history, ``updated`` and
``closed_at`` look as they would on a real desk. The hub's webinars of the period are there too:
a weekly series on Tuesdays in spring 2020, a monthly one on the first Thursday, single sessions
and in-person workshops, with businesses enrolled, waitlisted, cancelled, and marked attended or
no-show once each session is over.

Then the present: the day the demo is looked at, ``today``. Around it the desk keeps in touch —
follow-ups overdue, due today, this week and later, on open tickets and on businesses helped
long ago — has webinars coming up in the next weeks with registrations, and a few requests that
arrived in the last days wait in the triage inbox. The history does not depend on ``today``: two
demos built on different days (after the history) differ only around their day.

Everything random comes from one ``random.Random(seed)`` for the history and another, seeded
from it, for the present; nothing reads the real clock (the CLI passes the real today in), so the
same size, seed and today give byte-identical data.

Speed: everything runs in one outer transaction on a memory store, so the data is serialised once
however many tickets are played, with the cyclic garbage collector paused. Webinar sign-ups
of the same day are enrolled together, as the coordinator does once a day.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import accumulate
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar

from stdnum import luhn

from helpdesk.dates import (
    DEFAULT_TIMEZONE,
    FrozenClock,
    When,
    end_of_week,
    format_date,
    occurrences,
    zone,
)
from helpdesk.domain.enums import (
    Channel,
    CompanyKind,
    CompanySize,
    LinkKind,
    Outcome,
    Priority,
    Status,
)
from helpdesk.domain.models import Contact
from helpdesk.domain.text import company_key, fold
from helpdesk.domain.webinars import EnrolmentStatus
from helpdesk.errors import Conflict, InvalidValue
from helpdesk.perf import collector_paused
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.demo_calls import add_demo_calls
from helpdesk.services.demo_days import stamp_demo
from helpdesk.services.demo_network import add_demo_network
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.webinars import WebinarDraft
from helpdesk.store import open_store
from helpdesk.store.storage import Data, DeskStorage
from helpdesk.store.store import TICKETS

__all__ = ["DEMO_NOW", "DEMO_START", "build_demo", "write_demo"]

T = TypeVar("T")
E = TypeVar("E")

#: The first moment a demo ticket may be created (wall time in the desk's zone).
DEMO_START = datetime(2020, 3, 1, 8, 0)
#: The end of the demo's history: no event of 2020–2021 happens later. With no ``today`` given,
#: the demo's present is this moment and the desk's clock stands here.
DEMO_NOW = datetime(2021, 12, 15, 18, 0)

_COVID_END = date(2021, 6, 1)
#: The last moment a history event may take place.
_LIMIT = DEMO_NOW - timedelta(minutes=1)
#: When the present begins on ``today``: the desk opens at half past eight.
_OPENING = time(8, 30)


# The pools below are written as compact text tables, read once at import.


def _items(text: str) -> tuple[str, ...]:
    """Comma- or newline-separated items, trimmed."""
    return tuple(i.strip() for line in text.splitlines() for i in line.split(",") if i.strip())


def _rows(text: str) -> list[list[str]]:
    """Lines of ``|``-separated cells, trimmed; blank lines skipped."""
    return [[c.strip() for c in line.split("|")] for line in text.splitlines() if line.strip()]


def _grouped(text: str) -> dict[str, str]:
    """Lines of ``key | items``; a key repeated on the next lines carries on its items."""
    found: dict[str, str] = {}
    for key, value in _rows(text):
        found[key] = f"{found[key]}, {value}" if key in found else value
    return found


def _sections(text: str) -> dict[str, list[list[str]]]:
    """Rows of ``|``-separated cells under ``[name]`` headings."""
    found: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            current = found.setdefault(line.strip("[]"), [])
        elif line:
            current.append([c.strip() for c in line.split("|")])
    return found


def _titled(text: str) -> list[tuple[str, list[str]]]:
    """Pairs of lines: a title, then its ``|``-separated cells."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [
        (title, [c.strip() for c in cells.split("|")])
        for title, cells in zip(lines[::2], lines[1::2], strict=True)
    ]


def _bare(noun: str) -> str:
    """A noun without its indefinite article: ``"un'osteria"`` → ``"osteria"``."""
    article, _, rest = noun.partition(" ")
    if "'" in article:
        return noun.split("'", 1)[1]
    return rest if article in ("un", "uno", "una") else noun


def _weighted(text: str, parse: Callable[[str], E]) -> tuple[tuple[E, float], ...]:
    """``"phone 38, email 34"`` as ``((parse("phone"), 38.0), (parse("email"), 34.0))``."""
    pairs = (item.rsplit(" ", 1) for item in _items(text))
    return tuple((parse(name), float(weight)) for name, weight in pairs)


# --------------------------------------------------------------------------------------------------
# People

#: key, name, email, topics of expertise. The first one coordinates: she triages most tickets.
_ADVISERS = tuple(
    (key, name, f"{name.lower().replace(' ', '.')}@hub-innovazione.it", tuple(topics.split()))
    for key, name, topics in _rows("""
        ms | Marta Sala       | ecommerce marketing digital_tools training continuity
        gb | Giorgio Bonacina | grants credit continuity startups
        lf | Lucia Fumagalli  | industry40 ai_data cybersecurity maturity innovation
        ac | Andrea Cattaneo  | sustainability blockchain open_innovation export startups
    """)
)
_COORDINATORS = _weighted("ms 65, gb 35", str)

_MALE = _items("""
    Marco, Luca, Giuseppe, Giovanni, Andrea, Paolo, Alessandro, Stefano, Davide, Matteo, Francesco
    Roberto, Massimo, Fabio, Simone, Gianluca, Nicolò, Mattia, Giorgio, Emanuele, Riccardo, Pietro
    Lorenzo, Daniele, Claudio, Alberto, Federico, Ambrogio, Gabriele, Tommaso, Mosè, Ettore, Carlo
""")
_FEMALE = _items("""
    Maria, Anna, Giulia, Francesca, Chiara, Sara, Laura, Elena, Paola, Silvia, Valentina, Federica
    Alessandra, Marta, Cristina, Elisa, Roberta, Simona, Barbara, Ilaria, Noemi, Beatrice, Michela
    Lucia, Carla, Rosa, Antonella, Martina, Giorgia, Letizia, Agnese, Zoe, Irene
""")
_SURNAMES = _items("""
    Brambilla, Colombo, Ferrari, Rossi, Bianchi, Galli, Fumagalli, Cattaneo, Sala, Riva, Villa
    Mauri, Pozzi, Longoni, Mariani, Bonacina, Rusconi, Citterio, Cazzaniga, Beretta, Frigerio
    Redaelli, Crippa, Viganò, Molteni, Mapelli, Spreafico, Ratti, Sironi, Tagliabue, Valsecchi
    Airoldi, Locatelli, Rota, Pesenti, Gritti, Invernizzi, Bonfanti, Lazzari, Facchinetti, Moretti
    Zanetti, Bertoli, Gatti, Vitali, Pagani, Bassi, Barbieri, Ghezzi, Fontana, Rinaldi, Marchetti
    Esposito, Russo, Romano, D'Angelo, Dell'Acqua, D'Alessandro, De Luca, Lo Presti, Bernasconi
    Borgonovo, Galbiati, Pirovano, Perego, Parravicini, Tettamanti, Corti, Sormani, Zappa, Bossi
    Caimi, Ballabio, Mazzoleni, Cortinovis, Carminati, Belotti, Ghilardi, Ravasio, Tosi, Orsenigo
    Nicolò, Canzi, Guzzetti, Monti, Sangalli, Bergamaschi, Porta, Dall'Ora
""")
_WEBMAIL = _items("gmail.com, libero.it, hotmail.it, virgilio.it, alice.it, outlook.it, yahoo.it")
_ROLES_M = _items("""
    titolare, socio, amministratore, responsabile amministrazione, responsabile commerciale
    responsabile di produzione
""")
_ROLES_F = _items("""
    titolare, socia, amministratrice, responsabile amministrazione, responsabile commerciale
    impiegata
""")

# --------------------------------------------------------------------------------------------------
# Places: province | weight | VAT office code (the ISTAT province; firms in Monza and Brianza
# mostly carry Milan's) | towns with their phone prefixes.

_TOWNS = _grouped("""
    MI | Milano:02, Milano:02, Sesto San Giovanni:02, Legnano:0331, Rho:02
    MI | Cinisello Balsamo:02, Abbiategrasso:02, San Donato Milanese:02, Trezzo sull'Adda:02
    CO | Como:031, Como:031, Cantù:031, Erba:031, Mariano Comense:031, Olgiate Comasco:031
    CO | Menaggio:0344, Lomazzo:02, Cernobbio:031, Fino Mornasco:031
    LC | Lecco:0341, Lecco:0341, Merate:039, Calolziocorte:0341, Valmadrera:0341
    LC | Casatenovo:039, Oggiono:0341, Introbio:0341
    MB | Monza:039, Lissone:039, Seregno:0362, Desio:0362, Vimercate:039
    MB | Cesano Maderno:0362, Meda:0362
    VA | Varese:0332, Busto Arsizio:0331, Gallarate:0331, Saronno:02, Tradate:0331
    VA | Luino:0332, Laveno-Mombello:0332
    BG | Bergamo:035, Treviglio:0363, Dalmine:035, Seriate:035, Lovere:035, Albino:035
    BS | Brescia:030, Desenzano del Garda:030, Lumezzane:030, Chiari:030, Rovato:030
    BS | Salò:0365, Sirmione:030
    SO | Sondrio:0342, Morbegno:0342, Tirano:0342, Chiavenna:0343, Livigno:0342, Bormio:0342
    CR | Cremona:0372, Crema:0373, Casalmaggiore:0375
    LO | Lodi:0371, Codogno:0377, Casalpusterlengo:0377, Sant'Angelo Lodigiano:0371
    MN | Mantova:0376, Castiglione delle Stiviere:0376, Suzzara:0376, Viadana:0375
    MN | Curtatone:0376
    PV | Pavia:0382, Vigevano:0381, Voghera:0383, Mortara:0381
""")
_PROVINCES = tuple(
    (
        code,
        float(weight),
        office,
        tuple((t.split(":")[0], t.split(":")[1]) for t in _items(_TOWNS[code])),
    )
    for code, weight, office in _rows("""
        MI | 24 | 015
        CO | 17 | 013
        LC | 13 | 097
        MB | 10 | 015
        VA |  8 | 012
        BG |  8 | 016
        BS |  7 | 017
        SO |  3 | 014
        CR |  2 | 019
        LO |  2 | 098
        MN |  2 | 020
        PV |  2 | 018
    """)
)
_PROVINCE = {p[0]: p for p in _PROVINCES}
_TOWN_PREFIX = {town: prefix for p in _PROVINCES for town, prefix in p[3]}
_TOWN_PROVINCE = {town: p[0] for p in _PROVINCES for town, _ in p[3]}
_ADJECTIVES = {
    code: _items(words)
    for code, words in _rows("""
        MI | Milanese, Ambrosiana, Olonese
        CO | Comasca, Lariana, Insubre
        LC | Lecchese, Lariana, Brianzola
        MB | Brianzola, Brianza
        VA | Varesina, Verbana, Insubre
        BG | Orobica, Bergamasca, Seriana
        BS | Bresciana, Camuna, Gardesana
        SO | Valtellinese, Alpina
        CR | Cremonese, Padana
        LO | Lodigiana, Padana
        MN | Mantovana, Virgiliana
        PV | Pavese, Lomellina, Ticinese
    """)
}

# --------------------------------------------------------------------------------------------------
# Businesses by kind: noun (as people say it) | word in the name | what they make or sell | ATECO

_TRADES = {
    CompanyKind(kind): [(noun, word, products, ateco) for noun, word, products, ateco in rows]
    for kind, rows in _sections("""
    [artisan]
    una falegnameria | Falegnameria | mobili su misura | 16.23.20
    una sartoria | Sartoria | abiti su misura | 14.13.20
    un forno | Forno | pane e focacce | 10.71.10
    un panificio | Panificio | pane e grissini | 10.71.10
    una pasticceria | Pasticceria | torte e biscotti | 10.71.20
    una bottega di ceramiche | Ceramiche | ceramiche dipinte a mano | 23.41.00
    una calzoleria | Calzoleria | scarpe fatte a mano | 15.20.10
    un'oreficeria | Oreficeria | gioielli in oro e argento | 32.12.10
    una tipografia | Tipografia | stampati e biglietti | 18.12.00
    una liuteria | Liuteria | violini e chitarre | 32.20.00
    un birrificio artigianale | Birrificio | birre artigianali | 11.05.00
    una pelletteria | Pelletteria | borse in pelle | 15.12.09
    una tappezzeria | Tappezzeria | divani e tende | 95.24.01
    una bottega di restauro | Restauro Mobili | mobili antichi restaurati | 95.24.01
    una vetreria artistica | Vetreria Artistica | vetrate decorate | 23.19.90
    [retail]
    un negozio di abbigliamento | Boutique | abbigliamento donna | 47.71.10
    una libreria | Libreria | libri | 47.61.00
    una ferramenta | Ferramenta | utensili e casalinghi | 47.52.10
    un'ottica | Ottica | occhiali | 47.78.20
    un'enoteca | Enoteca | vini del territorio | 47.25.00
    una fioreria | Fiori | fiori e piante | 47.76.10
    una gioielleria | Gioielleria | gioielli e orologi | 47.77.00
    un negozio di calzature | Calzature | scarpe | 47.72.10
    una cartoleria | Cartoleria | articoli per la scuola | 47.62.20
    un'erboristeria | Erboristeria | tisane e cosmetici naturali | 47.75.10
    una macelleria | Macelleria | carni e salumi | 47.22.00
    un negozio di alimentari | Alimentari | prodotti tipici | 47.11.40
    un negozio di giocattoli | Giocattoli | giocattoli | 47.65.00
    un negozio di biciclette | Cicli | biciclette | 47.64.10
    una profumeria | Profumeria | profumi e cosmetici | 47.75.10
    [food_service]
    un ristorante | Ristorante | i nostri piatti | 56.10.11
    una trattoria | Trattoria | i piatti della tradizione | 56.10.11
    una pizzeria | Pizzeria | pizze da asporto | 56.10.11
    un bar | Bar | colazioni e aperitivi | 56.30.00
    un caffè | Caffè | colazioni e pranzi veloci | 56.30.00
    un'osteria | Osteria | i piatti del giorno | 56.10.11
    una gelateria | Gelateria | gelati e torte gelato | 56.10.30
    un agriturismo | Agriturismo | i prodotti della cascina | 55.20.52
    un pub | Pub | birre e panini | 56.30.00
    un catering | Catering | pranzi per cerimonie | 56.21.00
    un albergo | Hotel | camere e colazioni | 55.10.00
    [sme]
    un'officina di meccanica di precisione | Meccanica di Precisione | componenti torniti | 25.62.00
    una tessitura | Tessitura | tessuti in seta | 13.20.00
    una tintoria tessile | Tintoria | tessuti tinti e finissati | 13.30.00
    un'azienda di stampaggio plastica | Stampaggio Plastica | componenti in plastica | 22.29.09
    un'azienda di minuterie metalliche | Minuterie Metalliche | minuterie metalliche | 25.94.00
    un mobilificio | Mobilificio | mobili e cucine | 31.09.90
    una cartotecnica | Cartotecnica | scatole in cartone | 17.21.00
    un'azienda di elettronica | Elettronica | schede elettroniche | 26.11.09
    un caseificio | Caseificio | formaggi | 10.51.20
    una cantina | Cantina | vini | 11.02.10
    un calzaturificio | Calzaturificio | calzature | 15.20.10
    un salumificio | Salumificio | salumi e bresaola | 10.13.00
    una carpenteria metallica | Carpenteria Metallica | strutture in acciaio | 25.11.00
    una torneria | Torneria | minuteria tornita | 25.62.00
    un'azienda di trasporti | Trasporti | servizi di trasporto | 49.41.00
    un'impresa edile | Costruzioni | ristrutturazioni | 41.20.00
    una stamperia tessile | Stamperia | tessuti stampati | 13.30.00
    [professional]
    uno studio di commercialisti | Studio Commercialista | consulenza fiscale | 69.20.11
    uno studio legale | Studio Legale | consulenza legale | 69.10.10
    uno studio di architettura | Studio di Architettura | progetti di interni | 71.11.00
    uno studio di ingegneria | Studio di Ingegneria | progettazione impianti | 71.12.10
    uno studio tecnico | Studio Tecnico | pratiche edilizie | 71.12.20
    uno studio di consulenza del lavoro | Studio Paghe | buste paga | 69.20.13
    uno studio fotografico | Studio Fotografico | servizi fotografici | 74.20.19
    un'agenzia immobiliare | Immobiliare | case in vendita e in affitto | 68.31.00
    un'agenzia di viaggi | Viaggi | viaggi organizzati | 79.11.00
    [startup]
    una startup | | un'app per prenotare servizi in negozio | 62.01.00
    una startup | | una piattaforma per il turismo lento | 63.12.00
    una startup | | tessuti ricavati da scarti agricoli | 72.19.09
    una startup | | un servizio di noleggio di bici cargo | 77.39.94
    una startup | | integratori a base di alghe | 72.19.09
    una startup | | un programma di prenotazioni per palestre | 62.01.00
    [large]
    un gruppo tessile | Tessile | tessuti per l'alta moda | 13.20.00
    un'acciaieria | Acciaierie | acciai speciali | 24.10.00
    un gruppo alimentare | Alimentare | prodotti da forno confezionati | 10.72.00
    un'azienda di componentistica auto | Componenti Auto | componenti per auto | 29.32.09
    [other]
    una cooperativa sociale | Cooperativa Sociale | servizi alla persona | 88.10.00
    un'associazione culturale | Associazione Culturale | eventi e corsi | 94.99.20
    una fondazione | Fondazione | attività museali | 91.02.00
    """).items()
}
_TRADE_BY_NOUN = {
    _bare(row[0]): (kind, *row)
    for kind, rows in reversed(_TRADES.items())
    for row in reversed(rows)
}

_KINDS = _weighted(
    "artisan 22, retail 20, food_service 20, sme 18, professional 10, startup 7, large 1.5, "
    "other 1.5",
    CompanyKind,
)
_SIZES = {
    CompanyKind(kind): _weighted(sizes, CompanySize)
    for kind, sizes in _rows("""
        artisan      | micro 85, small 15
        retail       | micro 85, small 15
        food_service | micro 75, small 25
        sme          | small 60, medium 35, micro 5
        professional | micro 90, small 10
        startup      | micro 85, small 15
        large        | large 100
        other        | micro 60, small 40
    """)
}
_FANCY = _items("""
    Al Duomo, La Pergola, Il Portico, Il Glicine, La Lanterna, Al Vecchio Mulino, Il Gabbiano
    La Rosa dei Venti, Al Lago, Il Castagno, La Vigna, Sant'Anna, Bellavista, L'Oca Bianca
    Belvedere, Al Ponte, La Stazione, Centrale, Dell'Angelo, Il Cantuccio, La Ghiacciaia
    Il Cortile, La Corte, Al Campanile, L'Approdo, Il Tiglio, La Darsena, San Fedele, Il Gelso
    Le Due Torri, La Filanda, Il Torchio, Al Castello, La Cascina, Il Melograno, Al Borgo
""")
_BRAND_HEADS = _items("""
    Lario, Nuvola, Orbita, Pixel, Kiwi, Zefiro, Vela, Alpe, Brio, Quark, Mosaico, Rondine, Seta
    Fenice, Tessera, Levante, Ortica, Ciano, Dedalo, Agri, Geo, Eco, Iride, Mirtillo, Onda
    Polaris, Sestante, Tramontana
""")
_BRAND_TAILS = _items(
    "tech, ly, wave, mind, works, bit, box, logic, ware, go, loop, dot, sense, hive, next, way"
)

#: Hand-picked businesses used first, so that every demo shows them: name | town | trade | size.
#: The trade is a noun of the table above, which gives the kind, products and ATECO code.
_NOTABLE = _rows("""
    Caffè "Al Duomo" | Como | caffè | micro
    Forno d'Oro S.r.l. | Cantù | forno | small
    Falegnameria Brambilla & Figli s.n.c. | Lissone | falegnameria | micro
    Trattoria Nerò | Lecco | trattoria | micro
    Sartoria «La Forbice d'Argento» | Milano | sartoria | micro
    Ceramiche Verbano di Pozzi Elena | Laveno-Mombello | bottega di ceramiche | micro
    Tessitura Serica Lariana S.p.A. | Como | gruppo tessile | large
    Meccanica di Precisione Orobica S.r.l. | Dalmine | officina di meccanica di precisione | medium
    Officine Meccaniche Valsassina S.r.l. | Introbio | torneria | small
    Stamperia Tessile Comasca S.r.l. | Fino Mornasco | stamperia tessile | medium
    Pasticceria Sant'Ambrogio | Milano | pasticceria | micro
    Gelateria "Il Gelato dell'Isola" | Sirmione | gelateria | micro
    Osteria dell'Adda | Lodi | osteria | micro
    Ferramenta Colombo & C. s.a.s. | Monza | ferramenta | micro
    Libreria "Il Segnalibro" | Varese | libreria | micro
    Enoteca Valtellinese di Rossi Marco | Sondrio | enoteca | micro
    Salumificio Valchiavenna S.r.l. | Chiavenna | salumificio | small
    Studio Associato Bianchi Galli | Bergamo | studio di commercialisti | micro
    Arch. Chiara Fontana | Brescia | studio di architettura | micro
    Ottica Mauri | Erba | ottica | micro
    Agriturismo La Cascina dei Gelsi | Curtatone | agriturismo | small
    Liuteria Cremonese Bassi | Cremona | liuteria | micro
    Calzaturificio Vigevanese S.r.l. | Vigevano | calzaturificio | small
    Risotteria «La Lomellina» | Mortara | ristorante | micro
    Cooperativa Sociale "Il Girasole" | Monza | cooperativa sociale | small
    Acciaierie Valtrompia S.p.A. | Lumezzane | acciaieria | large
    Pizzeria D'Angelo | Seregno | pizzeria | micro
    Tipografia Sala s.n.c. | Lecco | tipografia | micro
    Fiori & Piante Ghezzi | Saronno | fioreria | micro
    Hotel Bellavista sul Lago | Menaggio | albergo | small
    Mobilificio Brianteo Cazzaniga S.r.l. | Meda | mobilificio | small
    Caseificio Lodigiano Soc. Coop. | Codogno | caseificio | small
    Birrificio Artigianale "La Ghisa" | Varese | birrificio artigianale | micro
    L'Angolo del Caffè | Brescia | bar | micro
    Erboristeria L'Albero di Sambuco | Crema | erboristeria | micro
    Verdeseta S.r.l. Società Benefit | Como | startup | micro
    Orbitawave S.r.l. | Milano | startup | micro
    Macelleria Locatelli | Treviglio | macelleria | micro
""")

# --------------------------------------------------------------------------------------------------
# When and how requests arrive

#: Tickets per month (relative): the spring 2020 rush, the November 2020 lockdown, quiet Augusts.
_MONTHS = _weighted(
    """
    2020-03 14, 2020-04 16, 2020-05 12, 2020-06 7, 2020-07 5, 2020-08 2, 2020-09 5, 2020-10 6
    2020-11 7.5, 2020-12 4, 2021-01 4, 2021-02 5, 2021-03 6, 2021-04 5, 2021-05 5, 2021-06 5
    2021-07 4, 2021-08 1.5, 2021-09 5, 2021-10 6, 2021-11 6, 2021-12 5
    """,
    lambda ym: (int(ym[:4]), int(ym[5:])),
)

#: Topic weights in spring 2020, the rest of 2020, and 2021.
_TOPIC_WEIGHTS = {
    key: (float(a), float(b), float(c))
    for key, a, b, c in (
        line.split()
        for line in _items("""
            ecommerce 26 12 7, grants 6 16 18, marketing 9 9 7, digital_tools 16 7 4
            maturity 1 5 7, industry40 2 6 10, ai_data 1 2 5, cybersecurity 3 5 8
            blockchain 0.3 1 2, sustainability 1 3 6, export 2 5 8, credit 9 6 4
            innovation 2 4 6, startups 2 4 5, training 6 7 6, open_innovation 1 3 4
            continuity 22 12 3, other 1.5 1.5 1.5
        """)
    )
}
_KIND_TOPIC_FACTORS = {
    CompanyKind(kind): dict(_weighted(factors, str))
    for kind, factors in _grouped("""
        artisan      | ecommerce 1.3, marketing 1.3, industry40 0.3, ai_data 0.3, startups 0.1
        retail       | ecommerce 1.8, marketing 1.5, industry40 0.05, ai_data 0.3, export 0.3
        retail       | startups 0.1, innovation 0.3
        food_service | ecommerce 1.4, continuity 1.6, marketing 1.3, industry40 0.05, export 0.2
        food_service | blockchain 0.3, startups 0.1, innovation 0.3, ai_data 0.2
        sme          | industry40 3, export 2, ai_data 2, cybersecurity 1.5, ecommerce 0.5
        sme          | startups 0.05, sustainability 1.5, open_innovation 1.5
        professional | digital_tools 2, cybersecurity 2, industry40 0.05, export 0.3
        professional | ecommerce 0.3, startups 0.2
        startup      | startups 6, innovation 2, grants 1.5, continuity 0.4, open_innovation 2
        startup      | credit 0.5
        large        | industry40 3, ai_data 3, open_innovation 3, ecommerce 0.3, startups 0.5
        large        | continuity 0.5, credit 0.2, sustainability 2
        other        | industry40 0.05, export 0.2
    """).items()
}
#: Channels in spring 2020 (no walk-ins: the desk was closed), and later.
_CHANNELS = (
    _weighted("phone 38, email 34, web 24, event 2, other 2", Channel),
    _weighted("phone 27, email 30, web 28, walk_in 7, event 6, other 2", Channel),
)
_PRIORITIES = _weighted("low 14, normal 62, high 19, urgent 5", Priority)
_PRIORITIES_CRISIS = _weighted("low 3, normal 40, high 37, urgent 20", Priority)

#: Final status by age in days at the demo's end: up to so many days | weights.
_STATUS_BY_AGE = tuple(
    (float(days), _weighted(weights, Status))
    for days, weights in _rows("""
        1     | new 70, triaged 20, in_progress 10
        4     | new 35, triaged 25, in_progress 25, waiting 10, resolved 5
        14    | new 8, triaged 15, in_progress 32, waiting 22, resolved 13, closed 10
        45    | triaged 3, in_progress 20, waiting 22, resolved 20, closed 35
        120   | in_progress 6, waiting 10, resolved 9, closed 75
        10000 | in_progress 1, waiting 2.5, resolved 1, closed 95.5
    """)
)
_OUTCOMES = {
    group: _weighted(weights, Outcome)
    for group, weights in _grouped("""
        grants    | advised 25, grant_applied 45, not_eligible 18, no_response 7, withdrawn 5
        ecommerce | advised 45, referred 22, trained 15, project_started 10, no_response 6
        ecommerce | withdrawn 2
        training  | trained 65, advised 20, no_response 10, withdrawn 5
        project   | project_started 30, referred 28, advised 25, grant_applied 10
        project   | no_response 5, withdrawn 2
        money     | advised 50, referred 25, grant_applied 15, no_response 7, withdrawn 3
        startups  | advised 35, referred 25, project_started 15, grant_applied 15, no_response 10
        other     | referred 50, advised 40, withdrawn 10
        default   | advised 55, referred 18, trained 10, project_started 5, no_response 9
        default   | withdrawn 3
    """).items()
}
_OUTCOME_GROUP = {
    "industry40": "project",
    "ai_data": "project",
    "innovation": "project",
    "blockchain": "project",
    "open_innovation": "project",
    "continuity": "money",
    "credit": "money",
}

# --------------------------------------------------------------------------------------------------
# What people write. Every body carries keywords of its topic, so that suggestions find it;
# ``{slots}`` are filled per ticket.


@dataclass(frozen=True, slots=True)
class _Texts:
    """A topic's requests as (subject, body) pairs; ``covid`` ones only until June 2021."""

    pairs: tuple[tuple[str, str], ...]
    english: tuple[tuple[str, str], ...] = ()
    covid: tuple[tuple[str, str], ...] = ()


#: Subjects people write when they do not say what they want; the body then tells.
_VAGUE_SUBJECTS = _items("""
    Richiesta di informazioni, Richiesta appuntamento, Domanda per lo sportello, Info
    Richiesta di consulenza, Contatto dal sito, Buongiorno, Richiesta di essere ricontattati
""")

# Slots: {un_attivita} "una sartoria", {la_nostra_attivita} "la nostra sartoria" (or "il nostro
# albergo"), {prodotti}, {citta}, {piattaforma}, {social}, {bando}, {investimento}, {importo},
# {paese}, {argomento}, {n}.
_TEXTS: dict[str, _Texts] = {
    "ecommerce": _Texts(
        pairs=(
            (
                "Aprire un negozio online per {la_nostra_attivita}",
                "Siamo {un_attivita} di {citta} e vorremmo vendere online {prodotti}. Non abbiamo "
                "mai avuto un e-commerce: meglio un negozio online nostro o un marketplace come "
                "Amazon o Etsy?",
            ),
            (
                "Informazioni su {piattaforma} per vendere online",
                "Ci hanno proposto {piattaforma} per aprire uno shop online. Quanto costa gestirlo "
                "e come si organizzano spedizioni, resi e pagamenti online?",
            ),
            (
                "Da sito vetrina a e-commerce",
                "Abbiamo già un sito vetrina; vorremmo trasformarlo in e-commerce con WooCommerce. "
                "Ci serve un parere su costi, tempi e obblighi per la vendita online.",
            ),
            (
                "Catalogo online e ordini da fuori provincia",
                "Vorremmo mettere {prodotti} in un catalogo online e ricevere ordini anche da "
                "fuori provincia. Quali piattaforme di e-commerce consigliate a una realtà piccola "
                "come la nostra?",
            ),
            (
                "Vendere su Amazon",
                "Un cliente ci ha consigliato di vendere {prodotti} su Amazon. Come funziona il "
                "marketplace, quali commissioni si pagano e chi gestisce le consegne?",
            ),
        ),
        english=(
            (
                "Help setting up an online shop",
                "We would like to sell {prodotti} online. Should we start with Shopify or a "
                "marketplace such as Amazon? Any advice on online payments is welcome.",
            ),
        ),
        covid=(
            (
                "Consegne a domicilio e ordini online",
                "Con il lockdown siamo fermi. I clienti ci chiedono le consegne a domicilio: "
                "vorremmo raccogliere gli ordini con un catalogo online e WhatsApp, ma non "
                "sappiamo come gestire i pagamenti online.",
            ),
            (
                "E-commerce in pochi giorni?",
                "Vendiamo {prodotti} solo in negozio e adesso non possiamo aprire. Si riesce a "
                "partire con un negozio online in pochi giorni? Ci basterebbe una vendita online "
                "semplice, con consegne in zona.",
            ),
            (
                "Delivery per {la_nostra_attivita}",
                "Da quando siamo chiusi lavoriamo solo con il delivery. Conviene appoggiarsi alle "
                "app di consegne o fare un nostro shop online con i pagamenti online?",
            ),
        ),
    ),
    "grants": _Texts(
        pairs=(
            (
                "Informazioni sul {bando}",
                "Vorremmo partecipare al {bando} per {investimento}. Siamo {un_attivita} di "
                "{citta}: rientriamo tra i beneficiari del bando? Quali spese sono ammissibili?",
            ),
            (
                "Contributi a fondo perduto per {investimento}",
                "Il commercialista ci ha parlato di contributi a fondo perduto per "
                "{investimento}. Potete aiutarci a capire quale bando fa al caso nostro e come "
                "presentare la domanda?",
            ),
            (
                "Voucher digitalizzazione: siamo ammissibili?",
                "Abbiamo letto del voucher per la digitalizzazione della Camera di Commercio. "
                "Vorremmo usarlo per {investimento}: il contributo copre metà della spesa, fino a "
                "{importo} euro?",
            ),
            (
                "Domanda per il {bando}: dichiarazione de minimis",
                "Ci serve una mano con la domanda per il {bando}: la piattaforma di Regione "
                "Lombardia ci chiede la dichiarazione de minimis e non sappiamo cosa indicare.",
            ),
            (
                "Agevolazioni per {investimento}",
                "Esistono agevolazioni o incentivi per {investimento}? Stiamo valutando "
                "l'investimento entro fine anno e vorremmo sapere se c'è un bando aperto.",
            ),
            (
                "Scadenza del {bando}",
                "Quando chiude il {bando}? Abbiamo un preventivo di {importo} euro e vorremmo "
                "sapere se facciamo in tempo a chiedere il contributo.",
            ),
        ),
        english=(
            (
                "Funding for our project",
                "Are there grants or funding programmes in Lombardy for {investimento}? We read "
                "about a regional bando but the documents are only in Italian.",
            ),
        ),
    ),
    "marketing": _Texts(
        pairs=(
            (
                "Come usare {social} per {la_nostra_attivita}",
                "Abbiamo una pagina {social} ma la aggiorniamo poco. Vorremmo capire come usare "
                "i social per far conoscere {prodotti} e quanto investire in pubblicità.",
            ),
            (
                "Sito web poco visibile su Google",
                "Il nostro sito web non compare su Google. Ci hanno proposto un pacchetto SEO a "
                "{importo} euro l'anno: è una cifra sensata?",
            ),
            (
                "Newsletter e marketing digitale",
                "Vorremmo lanciare una newsletter per i clienti e curare meglio il brand. Da dove "
                "partire con il marketing digitale per {un_attivita}?",
            ),
            (
                "Recensioni negative: come rispondere?",
                "Su Google e TripAdvisor abbiamo alcune recensioni negative. Come rispondere senza "
                "peggiorare le cose? Vorremmo anche più visibilità sui social.",
            ),
            (
                "Pubblicità su Facebook e Google Ads",
                "Vorremmo provare la pubblicità su Facebook e Google Ads con un budget piccolo. "
                "Meglio affidarsi a un'agenzia di marketing o fare da soli?",
            ),
        ),
        english=(
            (
                "Social media advice",
                "We post on Instagram and Facebook but get few customers from social media. Can "
                "you review our marketing and suggest how to spend a small advertising budget?",
            ),
        ),
    ),
    "digital_tools": _Texts(
        pairs=(
            (
                "Smart working per i nostri {n} collaboratori",
                "Metà dell'ufficio lavora da casa. Ci serve un consiglio su come organizzare lo "
                "smart working: accesso ai file in cloud, videoconferenze con Teams o Zoom, "
                "portatili da configurare.",
            ),
            (
                "Gestionale in cloud: quale scegliere?",
                "Usiamo ancora fogli Excel per ordini e magazzino. Vorremmo passare a un "
                "gestionale in cloud adatto a {un_attivita}: ci potete indicare qualche software "
                "e i costi?",
            ),
            (
                "Firma digitale, SPID e PEC",
                "Dobbiamo fare la firma digitale e lo SPID per il titolare e attivare una PEC "
                "aziendale. Potete spiegarci la procedura?",
            ),
            (
                "Un CRM per gestire i contatti",
                "Vorremmo un CRM semplice per tenere traccia di clienti e preventivi, magari con "
                "un'app sul telefono. Che software usano le aziende come la nostra?",
            ),
            (
                "Fatturazione elettronica e gestionale",
                "La fatturazione elettronica ci porta via molto tempo. Esistono strumenti "
                "digitali che la collegano al gestionale?",
            ),
        ),
        english=(
            (
                "Remote work tools",
                "Our team of {n} needs to work remotely. Which cloud software do you recommend "
                "for file sharing and video calls: Teams, Zoom or something else?",
            ),
        ),
        covid=(
            (
                "Smart working da lunedì",
                "Da lunedì siamo tutti in smart working per l'emergenza. Non abbiamo mai usato "
                "Teams né Zoom: ci aiutate a scegliere uno strumento per le videoconferenze e a "
                "mettere i documenti in cloud?",
            ),
        ),
    ),
    "maturity": _Texts(
        pairs=(
            (
                "Test di maturità digitale",
                "Abbiamo visto il test di maturità digitale SELFI4.0 sul vostro sito. Possiamo "
                "farlo con un consulente e discutere insieme i risultati?",
            ),
            (
                "Check-up digitale dell'azienda",
                "Prima di investire vorremmo un check-up della nostra maturità digitale. Come "
                "funziona l'assessment e quanto dura?",
            ),
            (
                "Richiesta assessment digitale per il voucher",
                "Per il voucher ci chiedono un assessment della maturità digitale. Come si "
                "prenota l'incontro di autovalutazione?",
            ),
            (
                "Da dove cominciare con il digitale?",
                "Siamo {un_attivita} con {n} persone e non sappiamo da dove cominciare. Un test "
                "di maturità digitale ci aiuterebbe a capire le priorità?",
            ),
        ),
        english=(
            (
                "Digital maturity assessment",
                "We would like a digital maturity assessment of our company before planning "
                "investments. Is the self-assessment free?",
            ),
        ),
    ),
    "industry40": _Texts(
        pairs=(
            (
                "Interconnessione macchinari per Industria 4.0",
                "Abbiamo acquistato un nuovo macchinario a controllo numerico e dobbiamo "
                "dimostrare l'interconnessione per l'Industria 4.0. Il PLC va collegato al "
                "gestionale: ci serve un consulente.",
            ),
            (
                "Sensori IoT sulle linee di produzione",
                "Vorremmo mettere sensori IoT sulle macchine per raccogliere i dati di "
                "produzione. È un progetto da Industria 4.0? Che costi dobbiamo aspettarci?",
            ),
            (
                "Manutenzione predittiva e MES",
                "Le fermate macchina ci costano molto. Ci interessano la manutenzione predittiva "
                "e un sistema MES per la produzione di {prodotti}: potete metterci in contatto "
                "con chi lo fa?",
            ),
            (
                "Robot collaborativo in reparto",
                "Stiamo valutando un robot collaborativo per l'automazione di una parte della "
                "produzione di {prodotti}. Vorremmo una visita in azienda.",
            ),
            (
                "Stampa 3D per la produzione",
                "Vorremmo usare la stampa 3D per le attrezzature di reparto. Ha senso per una "
                "manifattura piccola come la nostra?",
            ),
        ),
        english=(
            (
                "Industry 4.0 machinery",
                "We bought new machinery and need to connect it to our ERP to qualify for the "
                "Industry 4.0 tax benefits. Can you recommend an integrator? We use IoT sensors.",
            ),
        ),
    ),
    "ai_data": _Texts(
        pairs=(
            (
                "Intelligenza artificiale per le previsioni di vendita",
                "Abbiamo anni di dati aziendali su ordini e magazzino. Vorremmo usarli per fare "
                "previsioni di vendita: l'intelligenza artificiale può aiutarci?",
            ),
            (
                "Dashboard sui dati aziendali",
                "Ci servirebbe una dashboard di business intelligence per vedere margini e "
                "vendite in tempo reale. Da dove si parte con i dati aziendali?",
            ),
            (
                "Chatbot per il servizio clienti",
                "Ci interessa un chatbot sul sito per rispondere alle domande frequenti dei "
                "clienti. È una soluzione di intelligenza artificiale adatta a una piccola "
                "impresa?",
            ),
            (
                "Analisi dei dati di produzione",
                "Vorremmo capire se il machine learning può ridurre gli scarti partendo "
                "dall'analisi dei dati delle macchine.",
            ),
        ),
        english=(
            (
                "Using AI on our sales data",
                "We have several years of sales data and would like to try machine learning for "
                "demand forecasting. Could you suggest a partner for a small pilot with a "
                "dashboard?",
            ),
        ),
    ),
    "cybersecurity": _Texts(
        pairs=(
            (
                "URGENTE: attacco informatico, file cifrati",
                "Stamattina i computer dell'ufficio mostrano una richiesta di riscatto: sembra un "
                "ransomware. Non abbiamo un backup recente. Cosa dobbiamo fare subito?",
            ),
            (
                "Email di phishing: richiesta di cambio IBAN",
                "Ci è arrivata un'email che sembrava di un cliente e chiedeva di cambiare IBAN: "
                "probabilmente phishing. Vorremmo capire come proteggerci, è una truffa "
                "frequente?",
            ),
            (
                "Sicurezza informatica: da dove partire?",
                "Vorremmo una verifica della sicurezza informatica: firewall, antivirus, password "
                "condivise. Siamo {n} persone e nessuno si occupa di IT.",
            ),
            (
                "GDPR e privacy per il sito",
                "Dobbiamo adeguare sito e archivio clienti al GDPR. Ci serve un parere sulla "
                "privacy e sulla conservazione dei dati dei clienti.",
            ),
            (
                "Backup dei dati e password",
                "Facciamo i backup su una chiavetta una volta al mese. Dopo l'attacco subito da "
                "un collega vorremmo mettere in sicurezza dati e password.",
            ),
        ),
        english=(
            (
                "Phishing attack",
                "One of our staff clicked a phishing link and we fear malware on the network. "
                "What should we do, and who can check our security?",
            ),
        ),
    ),
    "blockchain": _Texts(
        pairs=(
            (
                "Blockchain per la tracciabilità della filiera",
                "Vorremmo garantire la tracciabilità di {prodotti} dalla materia prima al "
                "cliente. Ci hanno parlato di blockchain: è una soluzione sensata per noi?",
            ),
            (
                "Notarizzazione dei certificati su blockchain",
                "Un cliente ci chiede la notarizzazione dei certificati di origine su blockchain. "
                "Come funziona e quanto costa?",
            ),
            (
                "NFT per pezzi unici",
                "Ci incuriosiscono gli NFT per certificare pezzi unici. È una strada seria o una "
                "moda passeggera?",
            ),
            (
                "Smart contract per i pagamenti",
                "Stiamo valutando degli smart contract per automatizzare i pagamenti. Esistono "
                "progetti pilota su blockchain a cui partecipare?",
            ),
        ),
        english=(
            (
                "Blockchain traceability",
                "We are exploring blockchain for the traceability of {prodotti}. Is there a "
                "pilot we could join?",
            ),
        ),
    ),
    "sustainability": _Texts(
        pairs=(
            (
                "Packaging sostenibile",
                "Vorremmo sostituire la plastica con un packaging sostenibile per {prodotti}. "
                "Conoscete fornitori di imballaggi compostabili?",
            ),
            (
                "Impianto fotovoltaico e consumi di energia",
                "Il costo dell'energia è salito molto e stiamo valutando un impianto fotovoltaico "
                "sul tetto. Come si calcola il ritorno dell'investimento?",
            ),
            (
                "Economia circolare: recupero degli scarti",
                "Produciamo molti scarti di lavorazione e vorremmo avviare un progetto di "
                "economia circolare per il recupero dei rifiuti.",
            ),
            (
                "Bilancio di sostenibilità richiesto dai clienti",
                "Un grande cliente ci chiede dati ESG e sulle emissioni di CO2. Come si prepara "
                "un primo bilancio di sostenibilità?",
            ),
        ),
        english=(
            (
                "Sustainability report",
                "A customer asks for our carbon emissions and an ESG report. Where should a "
                "small company start with sustainability?",
            ),
        ),
    ),
    "export": _Texts(
        pairs=(
            (
                "Esportare in {paese}",
                "Vorremmo iniziare a esportare {prodotti} in {paese}. Ci servono contatti con "
                "importatori e informazioni sui servizi di ICE e SIMEST per l'export.",
            ),
            (
                "Fiere internazionali",
                "Per trovare clienti all'estero pensavamo alle fiere di settore. Quali fiere "
                "internazionali consigliate e ci sono aiuti per lo stand?",
            ),
            (
                "Dogana: spedizioni bloccate",
                "Le spedizioni verso {paese} si bloccano in dogana. Chi può aiutarci con le "
                "pratiche per esportare?",
            ),
            (
                "Temporary export manager",
                "Stiamo valutando un temporary export manager per aprire nuovi mercati esteri. "
                "Come si sceglie e quanto costa?",
            ),
        ),
        english=(
            (
                "Exporting to {paese}",
                "We would like to export {prodotti} to {paese}. Can you help with customs "
                "procedures and finding distributors in foreign markets?",
            ),
        ),
        covid=(
            (
                "Fiere annullate: come trovare clienti all'estero?",
                "Con le fiere annullate cerchiamo alternative per trovare clienti all'estero: "
                "fiere virtuali, B2B online, agenti in {paese}? Vorremmo continuare a esportare.",
            ),
        ),
    ),
    "credit": _Texts(
        pairs=(
            (
                "Prestito con il Fondo di Garanzia",
                "La banca ci propone un prestito con la garanzia del Fondo di Garanzia. Conviene? "
                "Quali documenti servono?",
            ),
            (
                "Richiesta di prestito per {investimento}",
                "Vorremmo un prestito per {investimento} ma la banca chiede garanzie. Un confidi "
                "può aiutarci ad accedere al credito?",
            ),
            (
                "Leasing o mutuo?",
                "Ci interessa un leasing per il nuovo furgone: meglio il leasing o un mutuo in "
                "banca?",
            ),
            (
                "Liquidità per le materie prime",
                "Abbiamo bisogno di liquidità per pagare le materie prime prima degli incassi. "
                "Che strumenti di credito ci sono oltre al fido in banca?",
            ),
        ),
        english=(
            (
                "Bank loan",
                "Our bank offered a loan with a state guarantee. Could you help us compare it "
                "with leasing? We need liquidity for new equipment.",
            ),
        ),
        covid=(
            (
                "Moratoria sul mutuo",
                "Abbiamo un mutuo sui locali e gli incassi sono fermi: possiamo chiedere la "
                "moratoria? Ci serve liquidità per i prossimi mesi.",
            ),
            (
                "Prestito garantito fino a 25.000 euro",
                "La banca ci ha parlato del prestito da 25.000 euro con garanzia statale. Come si "
                "fa la richiesta e in quanto tempo arriva la liquidità?",
            ),
        ),
    ),
    "innovation": _Texts(
        pairs=(
            (
                "Brevettare un nuovo prodotto",
                "Abbiamo sviluppato un nuovo prodotto e vorremmo capire se è brevettabile. Potete "
                "aiutarci con la ricerca di anteriorità prima del brevetto?",
            ),
            (
                "Collaborazione con l'università per un prototipo",
                "Cerchiamo un laboratorio universitario per testare un prototipo. Avete contatti "
                "con il Politecnico o con l'università di Pavia?",
            ),
            (
                "Progetto di ricerca e sviluppo",
                "Vogliamo avviare un progetto di ricerca e sviluppo su un nuovo materiale per "
                "{prodotti}. Esiste un servizio di trasferimento tecnologico?",
            ),
            (
                "Innovazione di processo",
                "Abbiamo un'idea di innovazione di processo ma ci manca la parte tecnica: "
                "un'università o un laboratorio potrebbe affiancarci?",
            ),
        ),
        english=(
            (
                "Technology transfer",
                "We are looking for a university lab to help develop a prototype of a new "
                "product. How does technology transfer work here?",
            ),
        ),
    ),
    "startups": _Texts(
        pairs=(
            (
                "Business plan per la nostra startup",
                "Siamo due soci e stiamo lanciando {prodotti}. Ci servirebbe un confronto sul "
                "business plan prima di incontrare gli investitori.",
            ),
            (
                "Incubatore e programmi di accelerazione",
                "Vorremmo entrare in un incubatore o in un acceleratore. Quali programmi ci sono "
                "in Lombardia per una startup e quali sono i requisiti?",
            ),
            (
                "Cerchiamo investitori per il round seed",
                "Stiamo preparando il pitch per un round seed. Potete darci un parere e "
                "indicarci qualche fondo di venture capital?",
            ),
            (
                "Iscrizione come startup innovativa",
                "Come si fa l'iscrizione alla sezione speciale delle startup innovative? Abbiamo "
                "appena costituito la nuova impresa.",
            ),
            (
                "Crowdfunding per la prima produzione",
                "Pensiamo a una campagna di crowdfunding per finanziare la prima produzione. Vale "
                "la pena per una startup appena nata?",
            ),
        ),
        english=(
            (
                "Startup incubation",
                "We are two founders from abroad building {prodotti}. Is there an incubator or "
                "accelerator programme we can apply to, and can you review our pitch for "
                "investors?",
            ),
            (
                "Seed round",
                "We are preparing a seed round for our startup and would welcome feedback on the "
                "business plan.",
            ),
        ),
    ),
    "training": _Texts(
        pairs=(
            (
                "Webinar su {argomento}",
                "Avete in programma webinar su {argomento}? Vorremmo iscrivere due dipendenti.",
            ),
            (
                "Corso di formazione per i dipendenti",
                "Cerchiamo un corso per migliorare le competenze digitali dei dipendenti: "
                "{argomento} e strumenti di base.",
            ),
            (
                "Altri corsi dopo il webinar",
                "Ho partecipato al vostro ultimo webinar, molto utile. Ci sono altri corsi di "
                "formazione sullo stesso tema?",
            ),
            (
                "Workshop per il personale",
                "Vorremmo organizzare un workshop di formazione per il personale su {argomento}. "
                "Fate anche corsi in azienda?",
            ),
        ),
        english=(
            (
                "Training for our employees",
                "Do you run training courses in English? Our employees would like to learn the "
                "basics of {argomento}.",
            ),
        ),
    ),
    "open_innovation": _Texts(
        pairs=(
            (
                "Cerchiamo un partner tecnologico",
                "Cerchiamo un partner tecnologico per sviluppare una nuova linea di {prodotti}. "
                "Potete segnalarci aziende del vostro network?",
            ),
            (
                "Rete di imprese o consorzio?",
                "Un'azienda di {citta} ci ha proposto di costituire una rete di imprese o un "
                "consorzio. Quali vantaggi ci sono?",
            ),
            (
                "Call di open innovation",
                "Parteciperemmo volentieri alle call di open innovation delle grandi aziende: "
                "come funzionano e come si trovano i partner?",
            ),
            (
                "Nuovi fornitori in Lombardia",
                "Cerchiamo fornitori in Lombardia per alcune lavorazioni. Avete un servizio di "
                "matchmaking tra aziende?",
            ),
        ),
        english=(
            (
                "Looking for partners",
                "We are looking for industrial partners for an open innovation project. Can your "
                "network introduce us to suppliers?",
            ),
        ),
    ),
    "continuity": _Texts(
        pairs=(
            (
                "Crisi e continuità aziendale",
                "Il fatturato è crollato e temiamo una crisi seria. Potete aiutarci a fare il "
                "punto sulla continuità aziendale?",
            ),
            (
                "Piano di continuità aziendale",
                "Vorremmo preparare un piano di continuità per le emergenze: cosa succede se si "
                "ferma il fornitore principale?",
            ),
            (
                "Caro bollette: rischio di chiusura",
                "Con le bollette di quest'anno rischiamo la chiusura. Ci sono misure per le "
                "imprese in crisi come {la_nostra_attivita}?",
            ),
        ),
        english=(
            (
                "Crisis support",
                "Our business is in crisis after the closure of our main customer. Is there any "
                "support for business continuity?",
            ),
        ),
        covid=(
            (
                "Chiusura per DPCM: cosa possiamo fare?",
                "Con l'ultimo DPCM dobbiamo restare chiusi. Vorremmo capire a quali ristori "
                "abbiamo diritto e come fare domanda.",
            ),
            (
                "Cassa integrazione per i collaboratori",
                "L'emergenza Covid ci ha fermato gli ordini. Ci serve un orientamento su cassa "
                "integrazione e misure per la crisi.",
            ),
            (
                "Riapertura e sanificazione dei locali",
                "Stiamo preparando la ripartenza: regole per la sanificazione, ingressi "
                "contingentati, distanze. Dove troviamo indicazioni chiare per "
                "{la_nostra_attivita}?",
            ),
            (
                "Ristori per {la_nostra_attivita}",
                "Siamo chiusi dal lockdown di marzo. Esistono contributi per la ripartenza o "
                "ristori per chi come noi ha perso gran parte dell'incasso?",
            ),
        ),
    ),
    "other": _Texts(
        pairs=(
            (
                "Richiesta di visura camerale",
                "Buongiorno, ci serve una visura camerale aggiornata. A chi dobbiamo chiederla?",
            ),
            (
                "Orari dello sportello",
                "Vorrei sapere gli orari dello sportello e se serve un appuntamento.",
            ),
            (
                "Cambio di sede legale",
                "Dobbiamo comunicare il cambio di sede legale: a chi dobbiamo rivolgerci?",
            ),
            (
                "Diritto annuale",
                "Vorrei parlare con qualcuno per una pratica di diritto annuale.",
            ),
        ),
    ),
}

_SLOTS_FIXED = {
    key: _items(values)
    for key, values in _grouped("""
        piattaforma  | Shopify, WooCommerce, Amazon, Etsy, eBay, PrestaShop
        social       | Instagram, Facebook, TikTok, LinkedIn
        paese        | Germania, Francia, Svizzera, Stati Uniti, Giappone, Emirati Arabi, Canada
        paese        | Regno Unito, Austria, Cina, Paesi Bassi
        argomento    | social media, e-commerce, sicurezza informatica, Excel, marketing digitale
        argomento    | fatturazione elettronica, gestionale in cloud
        investimento | un nuovo sito e-commerce, un gestionale in cloud, un impianto fotovoltaico
        investimento | un macchinario a controllo numerico, la formazione del personale
        investimento | la partecipazione a una fiera all'estero, la sicurezza informatica
        investimento | il rinnovo dei locali, un nuovo furgone
        importo      | 2.500, 5.000, 8.000, 10.000, 15.000, 25.000, 40.000
    """).items()
}
# Regional and national programmes people asked about: in 2020, in 2021, and later on.
_BANDI = (
    _items("""
        bando E-commerce 2020 di Regione Lombardia, bando Safe Working di Regione Lombardia
        Voucher Digitali I4.0 della Camera di Commercio, bando Faber
        bando Archè per le nuove imprese, bando SI4.0 2020
    """),
    _items("""
        bando SI4.0 2021, Voucher Digitali I4.0 2021, bando Faber 2021, bando Brevetti 2021
        bando Export Business Manager, bando Nuova Sabatini
        contributo a fondo perduto del Decreto Sostegni
    """),
    _items("""
        Voucher Digitali I4.0 della Camera di Commercio, bando Nuova Sabatini, bando Faber
        bando Export Business Manager, bando Brevetti di Regione Lombardia
        credito d'imposta Transizione 4.0
    """),
)


@dataclass(frozen=True, slots=True)
class _Course:
    """A webinar of the hub's catalogue and the months it ran in (``room``: in person)."""

    title: str
    topics: tuple[str, ...]
    first: date
    last: date
    minutes: int
    where: str


def _month(text: str) -> date:
    return date.fromisoformat(f"{text}-01")


#: The hub's catalogue, 2020–2021: each title, then its topics (the main one first) | the first
#: and last month it ran | minutes | where (zoom, teams, or room: a workshop in person).
_CATALOGUE = {
    title: _Course(title, tuple(topics.split()), _month(first), _month(last), int(minutes), where)
    for title, (topics, first, last, minutes, where) in _titled("""
    E-commerce in una settimana
        ecommerce marketing | 2020-03 | 2021-12 | 90 | zoom
    Vendere online in 10 giorni
        ecommerce | 2020-03 | 2020-12 | 60 | zoom
    Smart working: strumenti e sicurezza
        digital_tools cybersecurity | 2020-03 | 2021-12 | 60 | teams
    Consegne a domicilio per bar e ristoranti
        ecommerce continuity | 2020-04 | 2020-12 | 60 | zoom
    Liquidità e moratorie: cosa fare subito
        credit continuity grants | 2020-04 | 2021-03 | 60 | teams
    Riaprire in sicurezza
        continuity | 2020-04 | 2021-05 | 60 | zoom
    Instagram per le botteghe
        marketing ecommerce | 2020-05 | 2021-12 | 60 | zoom
    Bandi regionali per la digitalizzazione
        grants digital_tools | 2020-06 | 2021-12 | 90 | teams
    Marketing sui social
        marketing | 2020-09 | 2021-12 | 90 | zoom
    Industria 4.0: il piano Transizione
        industry40 grants | 2020-09 | 2021-12 | 90 | teams
    Dall'idea alla startup
        startups innovation | 2020-09 | 2021-12 | 90 | zoom
    Laboratorio: fotografare i prodotti per il negozio online
        ecommerce marketing | 2020-09 | 2021-12 | 180 | room
    Cybersecurity per le piccole imprese
        cybersecurity | 2020-10 | 2021-12 | 60 | zoom
    Quanto è digitale la tua impresa? Il test SELFI4.0
        maturity industry40 | 2020-10 | 2021-12 | 60 | teams
    Formazione 4.0: il credito d'imposta
        training grants | 2020-10 | 2021-12 | 60 | teams
    Export digitale
        export ecommerce | 2021-01 | 2021-12 | 90 | zoom
    Brevetti e trasferimento tecnologico
        innovation open_innovation | 2021-02 | 2021-12 | 60 | teams
    Economia circolare in pratica
        sustainability | 2021-03 | 2021-12 | 60 | teams
    Open innovation: lavorare con le grandi imprese
        open_innovation startups | 2021-03 | 2021-12 | 60 | teams
    Dati e intelligenza artificiale per le PMI
        ai_data | 2021-04 | 2021-12 | 60 | zoom
    Blockchain per la tracciabilità
        blockchain | 2021-05 | 2021-12 | 60 | zoom
    Laboratorio: backup e password in pratica
        cybersecurity digital_tools | 2021-06 | 2021-12 | 180 | room
    """)
}
#: The two series, as (course, first session, repeat rule with ``{n}`` sessions): weekly on
#: Tuesdays at 10 through the spring 2020 lockdown, and monthly on the first Thursday (never in
#: August) from the autumn.
_WEEKLY = (
    _Course(
        "Il martedì digitale: lavorare e vendere a distanza",
        ("digital_tools", "ecommerce", "continuity"),
        date(2020, 3, 1),
        date(2020, 5, 31),
        60,
        "zoom",
    ),
    datetime(2020, 3, 24, 10, 0),
    "FREQ=WEEKLY;BYDAY=TU;COUNT={n}",
)
_MONTHLY = (
    _Course(
        "Il giovedì dei bandi",
        ("grants", "credit"),
        date(2020, 10, 1),
        date(2021, 12, 31),
        60,
        "teams",
    ),
    datetime(2020, 10, 1, 17, 30),
    "FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,7,9,10,11,12;BYDAY=TH;BYSETPOS=1;COUNT={n}",
)
#: Months when workshops in person could not be held (lockdowns).
_NO_ROOM = (date(2020, 3, 1), date(2020, 8, 31)), (date(2020, 11, 1), date(2021, 5, 31))
_DESCRIPTIONS = {
    "E-commerce in una settimana": (
        "Dalla scelta della piattaforma ai pagamenti online, dalle spedizioni ai resi: come aprire "
        "un negozio online in pochi giorni."
    ),
    "Vendere online in 10 giorni": (
        "Marketplace o negozio proprio? I primi passi per vendere online, con esempi di botteghe "
        "del territorio."
    ),
    "Smart working: strumenti e sicurezza": (
        "Videoconferenze, file in cloud, accesso remoto e le regole di sicurezza per lavorare da "
        "casa."
    ),
    "Consegne a domicilio per bar e ristoranti": (
        "Ordini online, app di delivery e consegne in proprio: costi, regole e buone pratiche."
    ),
    "Liquidità e moratorie: cosa fare subito": (
        "Moratorie, garanzie del Fondo Centrale e contributi a fondo perduto: le misure per la "
        "liquidità delle imprese."
    ),
    "Riaprire in sicurezza": "Protocolli, sanificazione e organizzazione per riaprire l'attività.",
    "Instagram per le botteghe": (
        "Profilo aziendale, foto dei prodotti, storie e vendita tramite Instagram Shopping."
    ),
    "Bandi regionali per la digitalizzazione": (
        "I bandi aperti di Regione Lombardia e delle Camere di Commercio: chi può partecipare, "
        "spese ammissibili, scadenze."
    ),
    "Marketing sui social": (
        "Piano editoriale, pubblicità a pagamento e misurazione dei risultati su Facebook, "
        "Instagram e LinkedIn."
    ),
    "Industria 4.0: il piano Transizione": (
        "Crediti d'imposta per beni strumentali 4.0, interconnessione e perizie: come funziona il "
        "piano Transizione."
    ),
    "Dall'idea alla startup": (
        "Business plan, forma societaria, incubatori e primi finanziamenti per le nuove imprese."
    ),
    "Laboratorio: fotografare i prodotti per il negozio online": (
        "Laboratorio in presenza: luce, sfondi e smartphone per foto di prodotto che vendono. "
        "Portate due o tre prodotti."
    ),
    "Cybersecurity per le piccole imprese": (
        "Phishing, ransomware, backup e password: le minacce più comuni e come difendersi senza "
        "grandi investimenti."
    ),
    "Quanto è digitale la tua impresa? Il test SELFI4.0": (
        "Il questionario di autovalutazione della maturità digitale, compilato insieme, e come "
        "leggere il report."
    ),
    "Formazione 4.0: il credito d'imposta": (
        "Il credito d'imposta per la formazione del personale sulle tecnologie 4.0: requisiti e "
        "documenti."
    ),
    "Export digitale": (
        "Marketplace internazionali, fiere virtuali e i servizi di ICE e SPRINT per vendere "
        "all'estero."
    ),
    "Brevetti e trasferimento tecnologico": (
        "Quando brevettare, come collaborare con le università e i contributi per i brevetti."
    ),
    "Economia circolare in pratica": (
        "Riduzione degli scarti, riuso dei materiali, efficienza energetica e i relativi incentivi."
    ),
    "Open innovation: lavorare con le grandi imprese": (
        "Call, challenge e programmi di open innovation: come proporsi e cosa aspettarsi."
    ),
    "Dati e intelligenza artificiale per le PMI": (
        "Dai fogli Excel ai primi modelli predittivi: casi concreti di piccole imprese lombarde."
    ),
    "Blockchain per la tracciabilità": (
        "Tracciare la filiera con la blockchain: costi, limiti e progetti pilota nel settore "
        "alimentare."
    ),
    "Laboratorio: backup e password in pratica": (
        "Laboratorio in presenza: configuriamo insieme backup, gestore di password e doppia "
        "autenticazione. Portate il portatile."
    ),
    "Il martedì digitale: lavorare e vendere a distanza": (
        "Ogni martedì mattina, durante l'emergenza: strumenti per lavorare da casa, vendere "
        "online e tenere aperta l'attività."
    ),
    "Il giovedì dei bandi": (
        "Il primo giovedì del mese: i bandi e i contributi aperti per le imprese lombarde, con "
        "domande e risposte."
    ),
}
#: Who speaks on each topic: main topic | name (role).
_SPEAKERS = {
    topic: _items(names)
    for topic, names in _grouped("""
    ecommerce       | Elena Brambilla (consulente e-commerce)
    ecommerce       | Paolo Riva (web agency della rete)
    marketing       | Chiara Longoni (social media manager)
    marketing       | Valentina Pirovano (marketing digitale)
    digital_tools   | Stefano Perego (consulente IT)
    digital_tools   | Marta Sala (Hub Innovazione)
    cybersecurity   | Davide Mauri (esperto di sicurezza informatica)
    cybersecurity   | Ilaria Sormani (consulente privacy)
    grants          | Francesca Valsecchi (Camera di Commercio)
    grants          | Giorgio Bonacina (Hub Innovazione)
    credit          | Roberto Cazzaniga (confidi del territorio)
    credit          | Giorgio Bonacina (Hub Innovazione)
    continuity      | Simona Galbiati (consulente del lavoro)
    continuity      | Giorgio Bonacina (Hub Innovazione)
    industry40      | Alberto Redaelli (Competence Center MADE)
    industry40      | Lucia Fumagalli (Hub Innovazione)
    maturity        | Lucia Fumagalli (Hub Innovazione)
    ai_data         | Matteo Sironi (data scientist)
    ai_data         | Lucia Fumagalli (Hub Innovazione)
    export          | Silvia Airoldi (esperta di export digitale)
    export          | Andrea Cattaneo (Hub Innovazione)
    sustainability  | Laura Frigerio (esperta di economia circolare)
    sustainability  | Andrea Cattaneo (Hub Innovazione)
    blockchain      | Federico Tettamanti (sviluppatore blockchain)
    startups        | Irene Galbiati (incubatore della rete)
    startups        | Andrea Cattaneo (Hub Innovazione)
    innovation      | Carlo Mapelli (Politecnico di Milano)
    open_innovation | Andrea Cattaneo (Hub Innovazione)
    training        | Marta Sala (Hub Innovazione)
""").items()
}
_ROOMS = (
    "Hub Innovazione, sala Lario – via Dante 12, Como",
    "Hub Innovazione, sala Resegone – corso Matteotti 8, Lecco",
    "Spazio eventi della Camera di Commercio – via Meravigli 9, Milano",
)
_ONLINE_SEATS = (20, 25, 30, 40, 50, 60)
_ROOM_SEATS = (15, 18, 20)
_SESSION_TIMES = (time(10), time(11), time(14, 30), time(17), time(18))
#: The webinars the tickets' texts mention: main topic, the first month it ran, the title.
_WEBINARS = [(c.topics[0], c.first, c.title) for c in _CATALOGUE.values() if c.where != "room"]
_EVENTS = _items("""
    SMAU Milano, Digital Day Como, Open Day dell'hub, incontro con Confartigianato
    incontro con Confcommercio, evento della Camera di Commercio
""")
_REFERRERS = _items("""
    Confartigianato, Confcommercio, CNA, Confesercenti, un collega della Camera di Commercio
    il Comune di {citta}
""")
_WEEKDAYS_IT = _items("lunedì, martedì, mercoledì, giovedì, venerdì")

_OPENERS = (
    "Buongiorno,",
    "Salve,",
    "Gentili signori,",
    "Buonasera,",
    "Spett.le sportello,",
    "Buongiorno a tutti,",
)
_CLOSERS = (
    "Grazie mille,\n{nome}",
    "Cordiali saluti\n{nome_completo}\n{azienda}",
    "Resto in attesa di un riscontro.\n{nome_completo}",
    "Grazie per l'aiuto!\n{nome}",
    "Saluti,\n{nome_completo} – {azienda}\nTel. {telefono}",
)

_NOTES_FIRST = (
    "Chiamato {nome}: fissata videochiamata per {giorno} alle {ora}.",
    "Risposto via email con una prima indicazione e la scheda del servizio.",
    "Videochiamata di {durata} minuti con {nome}; raccolte le informazioni sull'azienda.",
    "Primo incontro con il titolare: situazione chiara, procediamo.",
    "Mandato un messaggio WhatsApp a {nome}: ci sentiamo {giorno}.",
)
_NOTES_WAITING = (
    "In attesa dei documenti richiesti (visura e ultimo bilancio).",
    "Aspettiamo il preventivo del fornitore per completare la valutazione.",
    "Il cliente deve confrontarsi con il commercialista; lo ricontatto tra una settimana.",
    "In attesa di risposta del cliente alla nostra proposta.",
)
_NOTES_WAITING_TOPIC = {
    "grants": "In attesa dell'apertura dello sportello del {bando}.",
    "credit": "Attendiamo la risposta della banca.",
    "innovation": "Aspettiamo il parere dell'università sul prototipo.",
    "export": "In attesa dei contatti dall'ufficio ICE.",
}
_NOTES_RESUME = (
    "Ricevuti i documenti, riprendo la pratica.",
    "Il cliente si è fatto risentire: procediamo.",
    "Arrivato il preventivo: {importo} € + IVA.",
)
_NOTES_TOPIC: dict[str, tuple[str, ...]] = {
    "ecommerce": (
        "Presentate le alternative (sito proprio, Shopify, marketplace): il cliente "
        "propende per {piattaforma}.",
        "Inviata la guida su spedizioni, resi e pagamenti online.",
        "Segnalato il webinar «{webinar}».",
    ),
    "grants": (
        "Verificati i requisiti del {bando}: l'azienda è ammissibile.",
        "Preparato con il cliente l'elenco delle spese ammissibili (circa {importo} €).",
        "Controllata la posizione de minimis sul Registro nazionale aiuti.",
    ),
    "marketing": (
        "Analizzati profilo {social} e sito: suggerito un piano editoriale di tre mesi.",
        "Consigliato di rispondere a tutte le recensioni e di aggiornare la scheda Google.",
    ),
    "digital_tools": (
        "Mostrata una demo di Teams e di Google Workspace.",
        "Confrontati tre gestionali in cloud; inviata tabella con i costi.",
        "Spiegata la procedura per SPID e firma digitale.",
    ),
    "maturity": (
        "Compilato insieme il questionario SELFI4.0: punteggio {punteggio} su 5.",
        "Restituito il report di maturità digitale con le priorità.",
    ),
    "industry40": (
        "Visita in azienda: {n} macchine, nessuna interconnessa.",
        "Coinvolto un system integrator per la stima dei costi di interconnessione.",
    ),
    "ai_data": (
        "Esaminato un estratto dei dati di vendita: qualità sufficiente per una prima analisi.",
        "Proposto un progetto pilota di tre mesi.",
    ),
    "cybersecurity": (
        "Inviata checklist di sicurezza di base (backup, password, aggiornamenti).",
        "Organizzato un incontro con un esperto di sicurezza della rete.",
        "Consigliato di non pagare riscatti e di denunciare alla Polizia Postale.",
    ),
    "blockchain": (
        "Spiegati costi e limiti della blockchain per la tracciabilità.",
        "Segnalato un progetto pilota di notarizzazione nel settore.",
    ),
    "sustainability": (
        "Segnalati gli incentivi per il fotovoltaico e la diagnosi energetica.",
        "Suggerito un primo calcolo dell'impronta di carbonio con un partner.",
    ),
    "export": (
        "Inviati i contatti dell'ufficio ICE per {paese}.",
        "Valutato il potenziale in {paese}: consigliata una ricerca di mercato.",
    ),
    "credit": (
        "Simulato il piano di ammortamento del prestito.",
        "Messo in contatto con il confidi per la garanzia.",
    ),
    "innovation": (
        "Contattato l'ufficio di trasferimento tecnologico del Politecnico.",
        "Consigliata una ricerca di anteriorità prima del deposito del brevetto.",
    ),
    "startups": (
        "Rivisto il business plan: manca l'analisi della concorrenza.",
        "Segnalata la call dell'acceleratore in scadenza.",
    ),
    "training": (
        "Iscritto {nome} al webinar «{webinar}».",
        "Inviato il calendario dei corsi del trimestre.",
    ),
    "open_innovation": (
        "Individuati tre potenziali partner nella rete.",
        "Presentata la call di open innovation in corso.",
    ),
    "continuity": (
        "Verificati i requisiti per le misure di sostegno: codice ATECO {ateco}.",
        "Spiegate le misure su cassa integrazione e moratorie.",
        "Inviato il protocollo per la riapertura in sicurezza.",
    ),
    "other": ("Girata la richiesta all'ufficio competente della Camera di Commercio.",),
}
_REFERRALS: dict[str, tuple[str, ...]] = {
    "ecommerce": ("una web agency della rete", "il Digital Innovation Hub Lombardia"),
    "industry40": ("il Competence Center MADE", "un system integrator della rete"),
    "credit": ("un confidi del territorio", "lo sportello credito della Camera di Commercio"),
    "continuity": ("lo sportello credito della Camera di Commercio", "l'associazione di categoria"),
    "export": ("lo sportello SPRINT Lombardia", "l'ufficio ICE"),
    "innovation": (
        "il Politecnico di Milano",
        "l'Università dell'Insubria",
        "l'Università di Pavia",
    ),
    "cybersecurity": ("un partner specializzato in sicurezza", "la Polizia Postale"),
    "startups": ("un incubatore della rete", "un acceleratore di Milano"),
    "other": ("l'ufficio Registro Imprese", "l'associazione di categoria"),
}
_REFERRALS_DEFAULT = (
    "un partner della rete",
    "un consulente della rete",
    "il Digital Innovation Hub Lombardia",
)
_OUTCOME_NOTES: dict[Outcome, tuple[str, ...]] = {
    Outcome.ADVISED: (
        "Fornite indicazioni e materiali; il cliente procede in autonomia.",
        "Risposto a tutte le domande; nessun altro intervento necessario.",
        "Consulenza conclusa in due incontri.",
    ),
    Outcome.REFERRED: (
        "Messo in contatto con {referral}.",
        "Fissato un incontro tra il cliente e {referral}.",
    ),
    Outcome.GRANT_APPLIED: (
        "Domanda presentata sul {bando}; protocollo ricevuto.",
        "Domanda inviata per una spesa di {importo} €.",
    ),
    Outcome.PROJECT_STARTED: (
        "Avviato il progetto con {referral}.",
        "Firmato l'incarico; primo stato di avanzamento tra tre mesi.",
    ),
    Outcome.TRAINED: (
        "Partecipato al webinar «{webinar}».",
        "Seguito il corso base; attestato inviato.",
    ),
    Outcome.NOT_ELIGIBLE: (
        "Non ammissibile: codice ATECO {ateco} escluso.",
        "Non ammissibile: spesa minima non raggiunta.",
        "Non ammissibile: l'impresa non è attiva da almeno un anno.",
    ),
    Outcome.NO_RESPONSE: (
        "Nessun riscontro dopo tre tentativi di contatto.",
        "Il cliente non ha più risposto a email e telefonate.",
    ),
    Outcome.WITHDRAWN: (
        "Il cliente ha rinunciato: progetto rinviato.",
        "Il cliente ha trovato una soluzione da solo.",
    ),
}


# --------------------------------------------------------------------------------------------------
# Follow-ups: what advisers promise, and what came of it


@dataclass(frozen=True, slots=True)
class _Promise:
    """A kind of follow-up: its notes, what came of it, and how far ahead it is set.

    Attributes:
        notes: What to do then.
        results: What came of it on the day.
        early: What came of it when the matter settled before the day (documents arriving, the
            ticket closing); empty when such a follow-up is cancelled instead.
        days: The least and most days ahead it is due.
        timed: How often it has a time of day (a call booked at 15:00).
    """

    notes: tuple[str, ...]
    results: tuple[str, ...]
    early: tuple[str, ...] = ()
    days: tuple[int, int] = (2, 8)
    timed: float = 0.2


#: After the first answer: getting back to the business.
_CALLBACK = _Promise(
    notes=(
        "Richiamare {nome} tra una settimana",
        "Sentire {nome} per un aggiornamento",
        "Inviare a {nome} il materiale promesso",
        "Videochiamata con {nome}",
        "Fare il punto con {nome} dopo il primo incontro",
    ),
    results=(
        "Sentito {nome}: procede come concordato.",
        "Inviato il materiale; {nome} ringrazia e ci aggiorna.",
        "Fatto il punto: restano da chiarire i costi.",
        "{nome} non risponde; lasciato un messaggio in segreteria.",
        "Parlato con il titolare: decide entro fine mese.",
    ),
    early=(
        "Sentito {nome} prima del previsto: tutto chiarito.",
        "{nome} ha richiamato lui: risposto a tutto.",
    ),
    timed=0.3,
)
#: While waiting on the business.
_CHASE = _Promise(
    notes=(
        "Sollecitare i documenti mancanti",
        "Verificare se è arrivato il preventivo",
        "Sentire se il commercialista ha risposto",
    ),
    results=(
        "Sollecitato via email; in attesa di risposta.",
        "Sollecitato {nome} al telefono: manda tutto entro la settimana.",
    ),
    early=("Documenti arrivati, si riparte.", "Ricevuto quanto richiesto."),
    days=(5, 12),
)
#: After closing, by outcome (or ``ecommerce`` for a business helped to sell online).
_AFTERWARDS: dict[Outcome | str, _Promise] = {
    Outcome.GRANT_APPLIED: _Promise(
        notes=("Verificare esito del {bando}", "Controllare la graduatoria del {bando}"),
        results=(
            "Domanda ammessa: contributo concesso.",
            "Graduatoria pubblicata: domanda ammessa e finanziata.",
            "Domanda ammessa ma non finanziata per esaurimento fondi.",
            "Contributo concesso; avviata la rendicontazione.",
        ),
        days=(45, 110),
    ),
    Outcome.REFERRED: _Promise(
        notes=("Sentire com'è andato l'incontro con {referral}",),
        results=(
            "Incontro fatto: il cliente è soddisfatto.",
            "Incontro fatto; valutano un progetto insieme.",
            "L'incontro è saltato; {nome} li ricontatta direttamente.",
        ),
        days=(10, 25),
    ),
    Outcome.PROJECT_STARTED: _Promise(
        notes=("Stato di avanzamento del progetto", "Primo SAL del progetto con {referral}"),
        results=(
            "Primo SAL positivo: il progetto procede nei tempi.",
            "Progetto in ritardo di un mese, nessun problema grave.",
        ),
        days=(60, 100),
    ),
    "ecommerce": _Promise(
        notes=("Sentire come va il negozio online", "Verificare i primi ordini online"),
        results=(
            "Negozio online attivo: arrivano i primi ordini.",
            "Vendite online ancora poche; consigliato il webinar sul marketing.",
            "Il negozio online non è ancora partito: risentirsi più avanti.",
        ),
        days=(30, 60),
    ),
}
#: What came of the follow-up the desk adds after a webinar.
_AFTER_WEBINAR = (
    "Sentito dopo il webinar: vuole approfondire con una consulenza.",
    "Inviate le slide del webinar e i contatti utili.",
    "Dopo il webinar ha deciso di partire: fissato un incontro.",
    "Nessuna domanda dopo il webinar; ci risentiamo più avanti.",
)
_FOLLOWUP_TIMES = tuple(
    time.fromisoformat(t) for t in _items("09:30, 10:00, 11:00, 14:30, 15:00, 16:00, 16:30, 17:00")
)
#: Keeping in touch around today: on open tickets by status, and on businesses helped before.
_KEEP_OPEN = {
    Status.TRIAGED: ("Primo contatto con {nome}", "Chiamare {nome} per capire la richiesta"),
    Status.IN_PROGRESS: (
        "Richiamare {nome} per fare il punto",
        "Videochiamata con {nome}",
        "Inviare a {nome} la proposta",
    ),
    Status.WAITING: (
        "Sollecitare i documenti mancanti",
        "Verificare se è arrivato il preventivo",
        "Sentire {nome}: ci sono novità?",
    ),
}
_KEEP_OPEN_TOPIC = {
    "grants": "Preparare con {nome} la domanda per il {bando}",
    "ecommerce": "Rivedere con {nome} le schede prodotto del negozio online",
    "export": "Mandare a {nome} i contatti ICE per {paese}",
    "credit": "Sentire {nome}: ha risposto la banca?",
}
_KEEP_CLOSED = (
    "Check-in: come va dopo la consulenza? Nuove esigenze?",
    "Check-in: nuovo bando regionale per la digitalizzazione",
    "Segnalare a {nome} il nuovo voucher digitale della Camera di Commercio",
    "Invitare {nome} ai prossimi webinar dell'hub",
)
_KEEP_CLOSED_TOPIC = {
    "ecommerce": ("Sentire come va il negozio online", "Check-in: come vanno le vendite online?"),
    "grants": (
        "Check-in: nuovo bando regionale",
        "Chiedere se il contributo del {bando} è stato liquidato",
    ),
    "marketing": ("Sentire come vanno i social dopo il piano editoriale",),
    "export": ("Sentire com'è andata in {paese}",),
    "industry40": ("Chiedere com'è andata l'interconnessione delle macchine",),
    "startups": ("Sentire {nome}: com'è andata la raccolta di capitali?",),
    "cybersecurity": ("Check-in: promemoria su backup e aggiornamenti",),
}


# --------------------------------------------------------------------------------------------------
# Public API


def build_demo(
    *,
    size: int = 100,
    seed: int = 2020,
    timezone: str = DEFAULT_TIMEZONE,
    today: date | None = None,
) -> Desk:
    """A realistic desk in memory, deterministic for a given size, seed and today.

    The desk holds four advisers, about ``size // 2`` companies across Lombardy and exactly
    ``size`` tickets. Almost all of them were created between :data:`DEMO_START` and
    :data:`DEMO_NOW`, each worked through the services so its history is complete, with the
    follow-ups made and kept along the way and the hub's webinars of the period; a few arrived in
    the days before ``today`` and wait to be triaged. Around ``today`` the desk has follow-ups
    pending (overdue, due today, this week, later) and webinars coming up in the next six weeks.
    Its clock is frozen at half past eight on ``today`` (at :data:`DEMO_NOW` when that is later)
    and its acting adviser is the coordinator, ``ms``.

    Args:
        size: How many tickets.
        seed: Seed of the random generators; the same size, seed and today give the same data.
        timezone: IANA name of the desk's zone; events happen at office hours there.
        today: The day the demo is looked at, :data:`DEMO_NOW`'s day or later. None means
            :data:`DEMO_NOW`'s day, so that the result never depends on the real clock; the CLI
            passes the real today.

    Returns:
        The desk, held in memory.

    Raises:
        InvalidValue: For a negative size, or a today before the end of the history.
        InvalidDate: For an unknown time zone.
    """
    return _build(size=size, seed=seed, timezone=timezone, today=today)


def write_demo(
    path: str | PathLike[str],
    *,
    size: int = 100,
    seed: int = 2020,
    force: bool = False,
    timezone: str = DEFAULT_TIMEZONE,
    today: date | None = None,
) -> int:
    """Write the demo desk to a new database file.

    The desk is built in memory and written once, through the file store, so the file is
    written atomically and readable by its owner only. With ``force`` an existing helpdesk
    database is first copied to its backups folder and then replaced.

    Args:
        path: The database file to create.
        size: How many tickets.
        seed: Seed of the random generators (see :func:`build_demo`).
        force: Replace the file if it exists.
        timezone: IANA name of the desk's zone.
        today: The day the demo is looked at (see :func:`build_demo`).

    Returns:
        The number of tickets written.

    Raises:
        Conflict: When the file exists and ``force`` is not set; the file is left unchanged.
        StoreError: When the file exists but is not a helpdesk database, or cannot be written.
        InvalidValue: For a negative size, or a today before the end of the history.
    """
    target = Path(path)
    if target.exists() and not force:
        raise _exists(target)
    desk = build_demo(size=size, seed=seed, timezone=timezone, today=today)
    data = _data(desk.ctx.store.storage)
    day = DEMO_NOW.date() if today is None else today
    stamp_demo(data, size=size, seed=seed, timezone=timezone, today=day)
    store = open_store(target)
    with store.transaction():
        # Checked again under the lock: another process may have created the file meanwhile.
        if target.exists():
            if not force:
                raise _exists(target)
            store.backup("before-demo")
        store.storage.write(data)
    return len(data.get(TICKETS, {}))


def _data(storage: DeskStorage) -> Data:
    return storage.read()


def _exists(path: Path) -> Conflict:
    return Conflict(
        f"{path} already exists and was left unchanged; use --force to replace it with demo data."
    )


# --------------------------------------------------------------------------------------------------
# The plan: everything decided up front with the one random generator


#: A planned event: when, who acts, what, and its argument.
_Event = tuple[datetime, str, str, Any]


@dataclass(slots=True, eq=False)
class _Company:
    name: str
    vat: str
    kind: CompanyKind
    size: CompanySize
    town: str
    province: str
    ateco: str
    noun: str
    products: str
    family: str
    domain: str
    weight: float
    english: bool = False
    contacts: list[Contact] = field(default_factory=list)
    draft: CompanyDraft | None = None
    id: int = 0


@dataclass(slots=True)
class _Triage:
    priority: Priority
    assignee: str
    secondary: bool


@dataclass(slots=True, eq=False)
class _Ticket:
    created: datetime
    company: _Company
    seq: int
    topic: str = "other"
    channel: Channel = Channel.OTHER
    contact: Contact = field(default_factory=Contact)
    subject: str = ""
    description: str = ""
    priority: Priority = Priority.NORMAL
    tags: list[str] = field(default_factory=list)
    english: bool = False
    logged_by: str = "ms"
    log_assignee: str | None = None
    log_priority: Priority = Priority.NORMAL
    final: Status = Status.CLOSED
    duplicate_of: _Ticket | None = None
    follows: _Ticket | None = None
    uid: str = ""
    slots: dict[str, str] = field(default_factory=dict)
    #: (when, who, what, argument), in order.
    events: list[_Event] = field(default_factory=list)
    ref: int = 0
    #: The last moment it may be created (arrivals of the present come up to today).
    latest: datetime = DEMO_NOW - timedelta(minutes=30)
    #: Arrived in the days before today, for the triage inbox.
    recent: bool = False
    assignee: str | None = None
    triaged_at: datetime | None = None
    outcome: Outcome | None = None
    #: Webinar enrolments planned for it.
    seats: int = 0
    #: The topics suggested when it was logged.
    suggested: list[str] = field(default_factory=list)

    @property
    def last(self) -> datetime:
        """The moment of its last planned event."""
        return self.events[-1][0] if self.events else self.created


@dataclass(slots=True, eq=False)
class _FollowUp:
    """A follow-up to schedule; ``id`` is its number on the ticket, known once it is added."""

    day: date
    wall: time | None
    note: str
    who: str
    id: int = 0


@dataclass(slots=True, eq=False)
class _Session:
    """A webinar session to add, with what its attendance will be decided from.

    Attributes:
        came: For each enrolled ticket, a draw from [0, 1): whether its business comes depends on
            where its enrolment stands when the session is over.
        after: How many of those who came get a follow-up "after the webinar".
        made: Those follow-ups once added: (ticket reference, follow-up number, owner).
    """

    course: _Course
    start: datetime
    capacity: int
    speaker: str
    link: str
    place: str
    host: str
    created: datetime
    series: str = ""
    rule: str = ""
    id: int = 0
    came: dict[_Ticket, float] = field(default_factory=dict)
    after: int = 0
    made: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.course.minutes)


@dataclass(slots=True)
class _Plan:
    """Everything to play: tickets in order of arrival, and the desk's webinar events."""

    tickets: list[_Ticket]
    events: list[_Event]


class _Planner:
    """Decides every company, ticket and event from one random generator.

    Args:
        rng: The generator.
        sharing: Another planner whose company names and VAT numbers this one must not reuse.
    """

    def __init__(self, rng: random.Random, sharing: _Planner | None = None) -> None:
        self.rng = rng
        self._names: set[str] = sharing._names if sharing else set()
        self._vats: set[str] = sharing._vats if sharing else set()
        self._cum: dict[Any, tuple[Sequence[Any], list[float]]] = {}
        self._experts = {
            topic: [a[0] for a in _ADVISERS if topic in a[3]] for topic in _TOPIC_WEIGHTS
        }

    # -- helpers ------------------------------------------------------------------------------

    def pick(self, key: Any, pairs: Sequence[tuple[T, float]]) -> T:
        """One item of ``(item, weight)`` pairs; cumulative weights cached under ``key``."""
        cached = self._cum.get(key)
        if cached is None:
            cached = ([p[0] for p in pairs], list(accumulate(p[1] for p in pairs)))
            self._cum[key] = cached
        items, cum = cached
        index = self.rng.choices(range(len(items)), cum_weights=cum)[0]
        return items[index]

    def choice(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -- companies ----------------------------------------------------------------------------

    def companies(self, count: int) -> list[_Company]:
        notable = list(_NOTABLE)
        self.rng.shuffle(notable)
        found: list[_Company] = []
        for row in notable[:count]:
            found.append(self._notable(*row))
        while len(found) < count:
            found.append(self._company())
        return found

    def _province(self) -> str:
        return self.pick("province", [(p[0], p[1]) for p in _PROVINCES])

    def _vat(self, province: str) -> str:
        while True:
            body = f"{self.rng.randrange(1, 10_000_000):07d}{_PROVINCE[province][2]}"
            vat = body + luhn.calc_check_digit(body)
            if vat not in self._vats:
                self._vats.add(vat)
                return vat

    def _claim(self, name: str) -> bool:
        key = company_key(name)
        if not key or key in self._names:
            return False
        self._names.add(key)
        return True

    def _notable(self, name: str, town: str, trade: str, size: str) -> _Company:
        kind, noun, _word, products, ateco = _TRADE_BY_NOUN[trade]
        province = _TOWN_PROVINCE[town]
        self._claim(name)
        family = next((s for s in _SURNAMES if s in name.split()), "")
        return self._finish(
            name, kind, CompanySize(size), town, province, ateco, noun, products, family
        )

    def _company(self) -> _Company:
        kind = self.pick("kind", _KINDS)
        noun, word, products, ateco = self.choice(_TRADES[kind])
        province = self._province()
        town = self.choice(_PROVINCE[province][3])[0]
        size = self.pick(("size", kind), _SIZES[kind])
        name, family = "", ""
        for _ in range(30):
            name, family = self._name(kind, word, province, town)
            if self._claim(name):
                break
        else:
            base, n = f"{name} ({town})", 2
            name = base
            while not self._claim(name):
                name, n = f"{base} {n}", n + 1
        return self._finish(name, kind, size, town, province, ateco, noun, products, family)

    def _name(self, kind: CompanyKind, word: str, province: str, town: str) -> tuple[str, str]:
        rng, choice = self.rng, self.choice
        surname, first = choice(_SURNAMES), choice(_MALE + _FEMALE)
        other = choice(_SURNAMES)
        fancy = choice(_FANCY)
        adjective = choice(_ADJECTIVES[province])
        roll = rng.random()
        forms: tuple[str, ...]
        if kind is CompanyKind.ARTISAN:
            forms = (
                f"{word} {surname}",
                f"{word} {surname} & Figli s.n.c.",
                f"{word} {surname} di {first} {surname}",
                f"{word} {adjective}",
                f'{word} "{fancy}"',
                f"{word} {surname} e {other} s.n.c.",
                f"{word} {fancy} di {surname} {first}",
            )
        elif kind is CompanyKind.RETAIL:
            forms = (
                f"{word} {surname}",
                f"{word} {fancy}",
                f"{word} {surname} & C. s.a.s.",
                f"{word} da {first}",
                f"{word} «{fancy}»",
                f"{word} {surname} S.r.l.",
            )
        elif kind is CompanyKind.FOOD_SERVICE:
            forms = (
                f"{word} {fancy}",
                f'{word} "{fancy}"',
                f"{word} da {first}",
                f"{word} {surname}",
                f"{word} «{fancy}» di {surname} {first}",
                f"{word} {fancy} s.n.c.",
            )
        elif kind is CompanyKind.SME:
            initials = "".join(rng.choice("ABCDEFGLMPRSTV") + "." for _ in range(3))
            forms = (
                f"{word} {surname} S.r.l.",
                f"{word} {adjective} S.r.l.",
                f"{surname} & {other} S.r.l.",
                f"F.lli {surname} S.r.l.",
                f"{initials} {word} S.r.l.",
                f"{word} {surname} S.p.A.",
                f"{adjective} {word} S.r.l.",
            )
        elif kind is CompanyKind.PROFESSIONAL:
            title = {
                "Studio Legale": "Avv.",
                "Studio di Architettura": "Arch.",
                "Studio di Ingegneria": "Ing.",
                "Studio Tecnico": "Geom.",
            }.get(word, "Dott.")
            forms = (
                f"{word} {surname}",
                f"Studio Associato {surname} {other}",
                f"{title} {first} {surname}",
                f"{word} {surname} & {other}",
                f"{word} {adjective}",
            )
        elif kind is CompanyKind.STARTUP:
            brand = choice(_BRAND_HEADS) + choice(_BRAND_TAILS)
            forms = (
                f"{brand} S.r.l.",
                f"{brand} S.r.l.s.",
                f"{brand} S.r.l. Società Benefit",
                f"{brand} S.r.l.",
                brand,
            )
        elif kind is CompanyKind.LARGE:
            forms = (
                f"{word} {adjective} S.p.A.",
                f"Gruppo {surname} S.p.A.",
                f"{surname} Industrie S.p.A.",
                f"{adjective} {word} S.p.A.",
            )
        else:
            forms = (f'{word} "{fancy}"', f"{word} {fancy}", f"{word} {town}")
        name = forms[int(roll * len(forms))]
        family = surname if surname in name.split() or f"{surname}," in name else ""
        return name, family

    def _finish(
        self,
        name: str,
        kind: CompanyKind,
        size: CompanySize,
        town: str,
        province: str,
        ateco: str,
        noun: str,
        products: str,
        family: str,
    ) -> _Company:
        # Newly formed startups often have no VAT number yet: they are found by name.
        vat = "" if kind is CompanyKind.STARTUP and self.chance(0.2) else self._vat(province)
        slug = _slug(name)
        english = kind in (CompanyKind.STARTUP, CompanyKind.LARGE) and self.chance(0.15)
        company = _Company(
            name=name,
            vat=vat,
            kind=kind,
            size=size,
            town=town,
            province=province,
            ateco=ateco,
            noun=noun,
            products=products,
            family=family,
            domain=f"{slug}.it",
            weight=self.rng.paretovariate(1.6),
            english=english,
        )
        company.contacts.append(self._contact(company))
        company.draft = CompanyDraft(
            name=name, vat=vat, kind=kind, size=size, town=town, province=province, ateco=ateco
        )
        return company

    def _contact(self, company: _Company) -> Contact:
        female = self.chance(0.48)
        first = self.choice(_FEMALE if female else _MALE)
        last = company.family if company.family and self.chance(0.7) else self.choice(_SURNAMES)
        local_first = _ascii(first)
        local_last = _ascii(last)
        roll = self.rng.random()
        small = company.kind in (CompanyKind.ARTISAN, CompanyKind.FOOD_SERVICE, CompanyKind.RETAIL)
        if small and roll < 0.2:
            year = self.rng.randrange(60, 99)
            email = f"{local_first}.{local_last}{year}@{self.choice(_WEBMAIL)}"
        elif small and roll < 0.45:
            email = f"{local_first}{local_last}@{self.choice(_WEBMAIL)}"
        elif roll < 0.7:
            email = f"{local_first}.{local_last}@{company.domain}"
        elif roll < 0.85:
            email = f"{local_first[0]}.{local_last}@{company.domain}"
        else:
            email = f"{self.choice(('info', 'amministrazione', 'ufficio'))}@{company.domain}"
        phone = self._phone(company.town) if self.chance(0.55) else self._mobile()
        role = self.choice(_ROLES_F if female else _ROLES_M)
        if company.kind is CompanyKind.STARTUP:
            role = self.choice(("CEO", "co-founder", "CTO"))
        return Contact(f"{first} {last}", email, phone, role)

    def _phone(self, town: str) -> str:
        prefix = _TOWN_PREFIX[town]
        digits = 10 - len(prefix)
        number = f"{self.rng.randrange(10 ** (digits - 1) * 2, 10**digits)}"
        form = self.rng.randrange(3)
        if form == 0:
            return f"{prefix} {number}"
        if form == 1:
            return f"+39 {prefix} {number}"
        return f"{prefix}/{number}"

    def _mobile(self) -> str:
        head = self.choice(
            (
                "320",
                "328",
                "329",
                "333",
                "335",
                "338",
                "339",
                "340",
                "345",
                "347",
                "348",
                "349",
                "366",
                "388",
                "392",
            )
        )
        rest = f"{self.rng.randrange(1_000_000, 10_000_000)}"
        form = self.rng.randrange(3)
        if form == 0:
            return f"+39 {head} {rest[:3]} {rest[3:]}"
        if form == 1:
            return f"{head} {rest}"
        return f"{head}{rest}"

    # -- tickets ------------------------------------------------------------------------------

    def created(self) -> datetime:
        year, month = self.pick("month", _MONTHS)
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        if (year, month) == (DEMO_NOW.year, DEMO_NOW.month):
            last = DEMO_NOW.day
        day = date(year, month, self.rng.randint(1, last))
        minute = self.rng.randrange(7 * 60, 23 * 60)
        moment = datetime.combine(day, time(minute // 60, minute % 60))
        return min(moment, DEMO_NOW - timedelta(minutes=30))

    def ticket_basics(self, t: _Ticket) -> None:
        period = _period(t.created)
        weights = _TOPIC_WEIGHTS
        factors = _KIND_TOPIC_FACTORS.get(t.company.kind, {})
        t.topic = self.pick(
            ("topic", period, t.company.kind),
            [(k, w[period] * factors.get(k, 1.0)) for k, w in weights.items()],
        )

    def ticket_details(self, t: _Ticket) -> None:
        """Channel, time of day, contact, priority and language, once the topic is known."""
        period = _period(t.created)
        t.english = t.company.english or self.chance(0.02)
        channel = self.pick(("channel", min(period, 1)), _CHANNELS[min(period, 1)])
        if t.english and channel not in (Channel.EMAIL, Channel.WEB):
            channel = Channel.EMAIL
        t.channel = channel
        office = channel in (Channel.PHONE, Channel.WALK_IN, Channel.EVENT, Channel.OTHER)
        if office or (t.created.weekday() >= 5 and self.chance(0.6)):
            t.created = self._office_time(t.created)
        if t.created > t.latest:
            # A call on Saturday is taken on Monday: for the inbox, the Friday before.
            before = t.latest.date() - timedelta(days=1)
            t.created = self.working_moment(before) if office and t.recent else t.latest
        company = t.company
        if len(company.contacts) < 3 and self.chance(0.2):
            company.contacts.append(self._contact(company))
        t.contact = company.contacts[0] if self.chance(0.75) else self.choice(company.contacts)
        crisis = t.topic == "continuity" and period == 0
        t.priority = self.pick(("priority", crisis), _PRIORITIES_CRISIS if crisis else _PRIORITIES)
        if channel in (Channel.PHONE, Channel.WALK_IN):
            t.logged_by = self.choice([a[0] for a in _ADVISERS])
            t.log_priority = t.priority
            if self.chance(0.3):
                t.log_assignee = t.logged_by
        else:
            t.logged_by = "ms"
            t.log_priority = Priority.NORMAL
        t.uid = uuid.UUID(int=self.rng.getrandbits(128), version=4).hex

    def _office_time(self, moment: datetime) -> datetime:
        day = moment.date()
        while day.weekday() >= 5:
            day += timedelta(days=1)
        minute = self.rng.randrange(8 * 60 + 30, 18 * 60)
        return datetime.combine(day, time(minute // 60, minute % 60))

    def texts(self, t: _Ticket) -> None:
        company = t.company
        covid = t.created.date() < _COVID_END
        first = t.contact.name.split()[0]
        feminine = company.noun.startswith(("una ", "un'"))
        slots = {
            "un_attivita": company.noun,
            "la_nostra_attivita": ("la nostra " if feminine else "il nostro ")
            + _bare(company.noun),
            "prodotti": company.products,
            "citta": company.town,
            "azienda": company.name,
            "nome": first,
            "nome_completo": t.contact.name,
            "telefono": t.contact.phone,
            "n": str(self.rng.choice((3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 40))),
            "bando": self.choice(_BANDI[min(t.created.year - 2020, 2)]),
            "webinar": self._webinar(t),
            "giorno": self.choice(_WEEKDAYS_IT),
            "ora": self.choice(("9:30", "10:00", "11:00", "14:30", "15:00", "16:30", "17:00")),
            "durata": self.choice(("20", "30", "45", "60")),
            "punteggio": self.choice(("1,5", "2", "2,5", "3", "3,5")),
            "ateco": company.ateco,
        }
        for key, values in _SLOTS_FIXED.items():
            slots[key] = self.choice(values)
        topic = t.topic
        slots["referral"] = self.choice(_REFERRALS.get(topic, _REFERRALS_DEFAULT))
        t.slots = slots
        texts = _TEXTS[topic]
        if t.english and texts.english:
            subject, body = self.choice(texts.english)
        else:
            t.english = False
            pairs = texts.pairs
            if covid and texts.covid:
                pairs = texts.covid if self.chance(0.5) else pairs + texts.covid
            subject, body = self.choice(pairs)
            if self.chance(0.15):
                subject = self.choice(_VAGUE_SUBJECTS)
        t.subject = _capital(subject.format_map(slots))
        t.description = self._frame(t, body.format_map(slots), slots)
        if "subito" in body:
            t.priority = Priority.URGENT
        t.tags = self._tags(t, covid)

    def _webinar(self, t: _Ticket) -> str:
        """A webinar already running when the ticket came in, on its topic if there is one."""
        held = [(topic, title) for topic, start, title in _WEBINARS if start <= t.created.date()]
        on_topic = [title for topic, title in held if topic == t.topic]
        return self.choice(on_topic or [title for _, title in held])

    def _frame(self, t: _Ticket, body: str, slots: dict[str, str]) -> str:
        if t.english:
            return f"Hello,\n\n{body}\n\nBest regards,\n{t.contact.name}"
        channel = t.channel
        if channel is Channel.PHONE:
            return (
                f"Chiama {t.contact.name} ({t.company.name}): «{body}» Richiamare al "
                f"{t.contact.phone or 'numero in anagrafica'}."
            )
        if channel is Channel.WALK_IN:
            return f"Passato allo sportello {t.contact.name}. Chiede: «{body}»"
        if channel is Channel.EVENT:
            return f"Contatto raccolto a {self.choice(_EVENTS)}. {body}"
        if channel is Channel.OTHER:
            return f"Segnalato da {self.choice(_REFERRERS).format_map(slots)}. {body}"
        if channel is Channel.WEB and self.chance(0.4):
            return body
        closer = self.choice(_CLOSERS).format_map(slots)
        return f"{self.choice(_OPENERS)}\n\n{body}\n\n{closer}"

    def _tags(self, t: _Ticket, covid: bool) -> list[str]:
        text = fold(f"{t.subject} {t.description}")
        tags: list[str] = []
        if (
            covid
            and (
                t.topic in ("continuity", "ecommerce", "digital_tools", "credit")
                or t.created.date() < date(2020, 6, 1)
            )
            and self.chance(0.7)
        ):
            tags.append("covid")
        if "ristori" in text:
            tags.append("ristori")
        if t.topic == "grants":
            if "regione lombardia" in text or ("bando" in text and self.chance(0.4)):
                tags.append("bando-regionale")
            if t.created.year == 2021 and t.created.month >= 6 and self.chance(0.3):
                tags.append("pnrr")
        if "voucher" in text:
            tags.append("voucher")
        if "credito d'imposta" in text or (t.topic == "grants" and "4.0" in text):
            tags.append("credito-imposta")
        if "webinar" in text:
            tags.append("webinar")
        if "fier" in text and t.topic == "export":
            tags.append("fiere")
        return tags

    # -- statuses and events --------------------------------------------------------------------

    def final_status(self, t: _Ticket) -> Status:
        age = (DEMO_NOW - t.created).total_seconds() / 86_400
        for limit, weights in _STATUS_BY_AGE:
            if age < limit:
                return self.pick(("status", limit), weights)
        return Status.CLOSED

    def assignee(self, t: _Ticket) -> str:
        experts = self._experts.get(t.topic) or []
        if t.log_assignee and (t.log_assignee in experts or self.chance(0.5)):
            return t.log_assignee
        if not experts or self.chance(0.12):
            return self.choice([a[0] for a in _ADVISERS])
        return self.choice(experts)

    def events(self, t: _Ticket) -> None:
        """The ticket's life after logging, up to its final status, never after the end."""
        ev: list[tuple[datetime, str, str, Any]] = []
        final = t.final
        if t.duplicate_of is not None:
            self._duplicate_events(t, ev)
        elif final is not Status.NEW:
            self._work_events(t, ev)
        t.events = _squeeze(t.created, ev)
        if t.events:
            t.triaged_at = t.events[0][0]

    def _later(self, after: datetime, mean_hours: float, cap_days: float = 60) -> datetime:
        hours = min(self.rng.expovariate(1 / mean_hours), cap_days * 24)
        return _at_work(after + timedelta(hours=hours, minutes=self.rng.randrange(5, 50)), self.rng)

    def _note(self, t: _Ticket, pool: Sequence[str]) -> str:
        return self.choice(pool).format_map(t.slots)

    def _work_events(self, t: _Ticket, ev: list[tuple[datetime, str, str, Any]]) -> None:
        final = t.final
        rush = t.created.date() < date(2020, 6, 1)
        coordinator = self.pick("coordinator", _COORDINATORS)
        who = t.assignee = self.assignee(t)
        at = self._later(t.created, 18 if rush else 6, cap_days=5)
        ev.append((at, coordinator, "triage", _Triage(t.priority, who, self.chance(0.45))))
        if t.follows is not None:
            ev.append((at + timedelta(minutes=2), coordinator, "link", LinkKind.FOLLOW_ON))
        if final is Status.TRIAGED:
            return
        at = self._later(at, 30, cap_days=10)
        ev.append((at, who, "status", Status.IN_PROGRESS))
        at = self._later(at, 2, cap_days=2)
        ev.append((at, who, "note", self._note(t, _NOTES_FIRST)))
        topic_notes = _NOTES_TOPIC.get(t.topic, ())
        waits = final is Status.WAITING or (final is not Status.IN_PROGRESS and self.chance(0.35))
        if waits:
            at = self._later(at, 72, cap_days=20)
            ev.append((at, who, "status", Status.WAITING))
            pool: Sequence[str] = _NOTES_WAITING
            if t.topic in _NOTES_WAITING_TOPIC and self.chance(0.6):
                pool = (_NOTES_WAITING_TOPIC[t.topic],)
            ev.append((at + timedelta(minutes=1), who, "note", self._note(t, pool)))
            if final is Status.WAITING:
                return
            at = self._later(at, 200, cap_days=90 if t.topic == "grants" else 40)
            ev.append((at, who, "status", Status.IN_PROGRESS))
            if self.chance(0.6):
                ev.append((at + timedelta(minutes=2), who, "note", self._note(t, _NOTES_RESUME)))
        if topic_notes and self.chance(0.7):
            at = self._later(at, 60, cap_days=15)
            ev.append((at, who, "note", self._note(t, topic_notes)))
        if final is Status.IN_PROGRESS:
            return
        at = self._later(
            at, 120 if t.topic in ("grants", "innovation", "industry40") else 60, cap_days=40
        )
        outcome = self.pick(
            ("outcome", t.topic),
            _OUTCOMES.get(_OUTCOME_GROUP.get(t.topic, t.topic), _OUTCOMES["default"]),
        )
        if outcome is Outcome.NOT_ELIGIBLE and t.topic != "grants":
            outcome = Outcome.ADVISED
        closing_note = "" if self.chance(0.2) else self._note(t, _OUTCOME_NOTES[outcome])
        if final is Status.RESOLVED or self.chance(0.5):
            ev.append((at, who, "status", Status.RESOLVED))
            if final is Status.RESOLVED:
                return
            at = self._later(at, 72, cap_days=12)
        closer = who if self.chance(0.8) else coordinator
        ev.append((at, closer, "close", (outcome, closing_note)))
        t.outcome = outcome

    def _duplicate_events(self, t: _Ticket, ev: list[tuple[datetime, str, str, Any]]) -> None:
        coordinator = self.pick("coordinator", _COORDINATORS)
        who = t.assignee = self.assignee(t)
        at = self._later(t.created, 3, cap_days=1)
        ev.append((at, coordinator, "triage", _Triage(t.priority, who, False)))
        ev.append((at + timedelta(minutes=1), coordinator, "link", LinkKind.DUPLICATE_OF))
        # Closing a new or triaged ticket is refused by the lifecycle today (see the report), so
        # the duplicate is taken in hand first, as an adviser who spots it while working would.
        at = at + timedelta(minutes=self.rng.randrange(10, 120))
        ev.append((at, who, "status", Status.IN_PROGRESS))
        ev.append((at + timedelta(minutes=3), who, "close", (Outcome.DUPLICATE, None)))
        t.outcome = Outcome.DUPLICATE

    # -- follow-ups -----------------------------------------------------------------------------

    def followups(self, t: _Ticket) -> None:
        """The follow-ups promised while the ticket was worked, each kept by the end of history.

        A call-back after the first answer, a reminder while waiting on the business, a check
        some weeks after closing; most are done with a result, some moved first, a few
        cancelled. One that would still be pending at the end of the history is not made.
        """
        who = t.assignee
        if t.duplicate_of is not None or not t.events or who is None:
            return
        found: list[_Event] = []
        settled = next(
            (
                at
                for at, _, what, arg in t.events
                if what == "close" or (what == "status" and arg is Status.RESOLVED)
            ),
            None,
        )
        first = next((at for at, _, what, _ in t.events if what == "note"), None)
        if first is not None and self.chance(0.6):
            self._promise(t, who, first + timedelta(minutes=1), _CALLBACK, settled, found)
        waiting = next(
            (at for at, _, what, arg in t.events if what == "status" and arg is Status.WAITING),
            None,
        )
        if waiting is not None and self.chance(0.55):
            resumed = next(
                (
                    at
                    for at, _, what, arg in t.events
                    if at > waiting and what == "status" and arg is Status.IN_PROGRESS
                ),
                settled,
            )
            self._promise(t, who, waiting + timedelta(minutes=2), _CHASE, resumed, found)
        closed = next((at for at, _, what, _ in t.events if what == "close"), None)
        kind = _AFTERWARDS.get(t.outcome) if t.outcome is not None else None
        if kind is None and t.topic == "ecommerce" and t.outcome in _SHOP_OUTCOMES:
            kind = _AFTERWARDS["ecommerce"]
        if closed is not None and kind is not None and self.chance(0.5):
            self._promise(t, who, closed + timedelta(minutes=2), kind, None, found)
        if found:
            t.events.extend(found)
            t.events.sort(key=_moment)

    def _promise(
        self,
        t: _Ticket,
        who: str,
        at: datetime,
        kind: _Promise,
        settled: datetime | None,
        found: list[_Event],
    ) -> None:
        day = _workday(at.date() + timedelta(days=self.rng.randint(*kind.days)))
        wall = self.choice(_FOLLOWUP_TIMES) if self.chance(kind.timed) else None
        followup = _FollowUp(day, wall, self._note(t, kind.notes), who)
        events: list[_Event] = [(at, who, "followup", followup)]
        when = self._kept(day, wall)
        early = settled - timedelta(minutes=1) if settled is not None else None
        if early is not None and at < early < when:
            if kind.early and self.chance(0.8):
                events.append((early, who, "followup_done", (followup, self._note(t, kind.early))))
            else:
                events.append((early, who, "followup_cancel", followup))
        else:
            if self.chance(0.12):
                moved = self._kept(day, wall, late=False)
                day = _workday(day + timedelta(days=self.rng.randint(2, 7)))
                events.append((moved, who, "followup_move", (followup, day, wall)))
                when = self._kept(day, wall)
            if self.chance(0.03):
                events.append((when, who, "followup_cancel", followup))
            else:
                result = self._note(t, kind.results)
                events.append((when, who, "followup_done", (followup, result)))
        if events[-1][0] <= _LIMIT:
            found.extend(events)

    def _kept(self, day: date, wall: time | None, *, late: bool = True) -> datetime:
        """When an adviser acts on a follow-up due on ``day``: on the day, or a little late."""
        if late and self.chance(0.25):
            day, wall = _workday(day + timedelta(days=self.rng.randint(1, 2))), None
        if wall is not None:
            return datetime.combine(day, wall) + timedelta(minutes=self.rng.randrange(40))
        minute = self.rng.randrange(9 * 60, 17 * 60 + 30)
        return datetime.combine(day, time(minute // 60, minute % 60))

    def working_moment(self, day: date) -> datetime:
        """An office moment on ``day`` or the working day before it."""
        day = _workday_before(day)
        minute = self.rng.randrange(8 * 60 + 30, 18 * 60)
        return datetime.combine(day, time(minute // 60, minute % 60))

    # -- the present ------------------------------------------------------------------------------

    def arrivals(
        self,
        count: int,
        newcomers: int,
        companies: Sequence[_Company],
        present: datetime,
        seq: int,
    ) -> list[_Ticket]:
        """Requests that came in over the last days, new, for the triage inbox."""
        cum = list(accumulate(c.weight for c in companies))
        found = []
        latest = present - timedelta(minutes=30)
        for i in range(count):
            if i < newcomers or not companies:
                company = self._company()
            else:
                company = companies[self.rng.choices(range(len(companies)), cum_weights=cum)[0]]
            day = present.date() - timedelta(days=self.rng.randrange(5))
            minute = self.rng.randrange(7 * 60, 23 * 60)
            created = datetime.combine(day, time(minute // 60, minute % 60))
            if created > latest:
                created = latest - timedelta(minutes=self.rng.randrange(5, 12 * 60))
            t = _Ticket(created=created, company=company, seq=seq + i, latest=latest, recent=True)
            found.append(t)
        found.sort(key=lambda t: (t.created, t.seq))
        for t in found:
            self.ticket_basics(t)
            self.ticket_details(t)
            self.texts(t)
            t.final = Status.NEW
        return found

    def keep_in_touch(
        self, t: _Ticket, kind: str, today: date, present: datetime, week: list[date]
    ) -> None:
        """One follow-up pending on ``t``, due as ``kind`` says relative to today."""
        rng = self.rng
        if kind == "overdue":
            day = _workday_before(today - timedelta(days=rng.randint(1, 10)))
            since = day - timedelta(days=rng.randint(3, 20))
        elif kind == "today":
            day, since = today, today - timedelta(days=rng.randint(1, 14))
        else:
            if kind == "week":
                day = self.choice([d for d in week if d.weekday() < 5] or week)
            else:
                day = _workday(end_of_week(today) + timedelta(days=rng.randint(1, 35)))
            since = present.date() - timedelta(days=rng.randint(1, 20))
        wall = (
            self.choice(_FOLLOWUP_TIMES) if self.chance(0.5 if kind == "today" else 0.2) else None
        )
        latest = present - timedelta(minutes=10)
        at = max(self.working_moment(since), t.last + timedelta(hours=1))
        if at >= latest:
            return
        if t.final in _KEEP_OPEN:
            pool = _KEEP_OPEN[t.final]
            if t.topic in _KEEP_OPEN_TOPIC and self.chance(0.4):
                pool = (_KEEP_OPEN_TOPIC[t.topic],)
        else:
            pool = (
                _KEEP_CLOSED_TOPIC.get(t.topic, _KEEP_CLOSED) if self.chance(0.6) else _KEEP_CLOSED
            )
        who = t.assignee or "ms"
        followup = _FollowUp(day, wall, self._note(t, pool), who)
        events: list[_Event] = [(at, who, "followup", followup)]
        if kind != "today" and self.chance(0.2):
            # Set for an earlier day, and moved on that day.
            first = _workday(at.date() + timedelta(days=rng.randint(2, 6)))
            moved = self._kept(first, None, late=False)
            if first < min(day, today) and moved < latest:
                followup.day = first
                events.append((moved, who, "followup_move", (followup, day, wall)))
        t.events.extend(events)

    # -- webinars -------------------------------------------------------------------------------

    def session(
        self, course: _Course, start: datetime, created: datetime, seats: int | None = None
    ) -> _Session:
        """A session of ``course``: its link or room, seats, speaker and hosting adviser."""
        link = place = ""
        if course.where == "room":
            place = self.choice(_ROOMS)
            capacity = self.choice(_ROOM_SEATS)
        else:
            capacity = self.choice(_ONLINE_SEATS)
            if course.where == "zoom":
                link = f"https://us02web.zoom.us/j/{self.rng.randrange(81 * 10**9, 99 * 10**9)}"
            else:
                token = f"{self.rng.getrandbits(120):030x}"
                link = (
                    f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{token}%40thread.v2/0"
                )
        topic = course.topics[0]
        speaker = self.choice(_SPEAKERS.get(topic, ("Marta Sala (Hub Innovazione)",)))
        host = (self._experts.get(topic) or ["ms"])[0]
        return _Session(course, start, seats or capacity, speaker, link, place, host, created)

    def series(
        self,
        spec: tuple[_Course, datetime, str],
        count: int,
        created: datetime | None = None,
    ) -> list[_Session]:
        """The sessions of a series of ``count``, made together from one repeat rule."""
        course, first, rule = spec
        rule = rule.format(n=count)
        starts = [m.replace(tzinfo=None) for m in occurrences(rule, first.replace(tzinfo=UTC))]
        if created is None:
            created = max(self.working_moment((first - timedelta(days=12)).date()), DEMO_START)
        head = self.session(course, starts[0], created)
        key = f"{self.rng.getrandbits(48):012x}"
        return [
            _Session(
                course,
                start,
                head.capacity,
                head.speaker,
                head.link,
                head.place,
                head.host,
                created,
                series=key,
                rule=rule,
            )
            for start in starts
        ]

    def singles(self, count: int, busy: set[date]) -> list[_Session]:
        """Single sessions of the catalogue, more of them on the topics in demand at the time.

        One is always a workshop in person, so that a small desk too has a session that fills
        up and keeps a waiting list.
        """
        if count <= 0:
            return []
        options: list[tuple[_Course, date]] = []
        weights: list[float] = []
        for course in _CATALOGUE.values():
            month = course.first
            while month <= course.last:
                shut = course.where == "room" and any(a <= month <= b for a, b in _NO_ROOM)
                if month.month != 8 and not shut:
                    options.append((course, month))
                    moment = datetime.combine(month, time())
                    weights.append(_TOPIC_WEIGHTS[course.topics[0]][_period(moment)])
                month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        # A weighted sample without replacement: the largest keys u ** (1 / w).
        keys = sorted(
            ((self.rng.random() ** (1 / w), i) for i, w in enumerate(weights)), reverse=True
        )
        chosen = [options[i] for _, i in keys[:count]]
        if count >= 2 and all(c.where != "room" for c, _ in chosen):
            # After the spring 2020 rush, when many shops had just gone online.
            lab = _CATALOGUE["Laboratorio: fotografare i prodotti per il negozio online"]
            chosen[-1] = (lab, self.choice((date(2020, 9, 1), date(2020, 10, 1))))
        sessions = []
        for course, month in sorted(chosen, key=lambda o: (o[1], o[0].title)):
            start = self._session_start(course, month, busy)
            before = start.date() - timedelta(days=self.rng.randint(14, 35))
            created = max(self.working_moment(before), DEMO_START + timedelta(hours=1))
            sessions.append(self.session(course, start, created))
        return sessions

    def _session_start(self, course: _Course, month: date, busy: set[date]) -> datetime:
        last = date(month.year + month.month // 12, month.month % 12 + 1, 1) - timedelta(days=1)
        first = max(month, DEMO_START.date() + timedelta(days=9))
        last = min(last, DEMO_NOW.date() - timedelta(days=5))
        days = [
            first + timedelta(days=n)
            for n in range((last - first).days + 1)
            if (first + timedelta(days=n)).weekday() in (1, 2, 3)
        ]
        days = [d for d in days if not _holiday(d)] or days
        day = self.choice([d for d in days if d not in busy] or days)
        busy.add(day)
        if course.where == "room":
            return datetime.combine(day, self.choice((time(9, 30), time(14, 30))))
        return datetime.combine(day, self.choice(_SESSION_TIMES))

    def upcoming_day(self, today: date, week: int, busy: set[date]) -> date:
        """A Tuesday, Wednesday or Thursday in the ``week``-th week after today.

        Over the Christmas holidays the session moves on a week or two.
        """
        days: list[date] = []
        while not days:
            days = [today + timedelta(days=7 * (week - 1) + n) for n in range(1, 8)]
            days = [d for d in days if d.weekday() in (1, 2, 3) and not _holiday(d)]
            week += 1
        day = self.choice([d for d in days if d not in busy] or days)
        busy.add(day)
        return day

    def past_sign_ups(
        self, s: _Session, pool: _Pool, events: list[_Event], *, called_off: bool
    ) -> None:
        """Who signs up for a past session, who cancels, and the attendance afterwards.

        About half the businesses with a ticket on the session's topics sign up; a popular
        session fills and keeps a short waiting list; a workshop in person has only the seats
        its room holds. A session nobody signed up for is called off.
        """
        course = s.course
        closes = s.start - timedelta(hours=2)
        off = None
        if called_off:
            off = self.working_moment((s.start - timedelta(days=2)).date())
            closes = off - timedelta(hours=1)
        since = DEMO_START  # the hub writes to every business it has helped on the topic

        def fits(t: _Ticket) -> bool:
            return (
                t.seats < 3
                and t.triaged_at is not None
                and t.triaged_at + timedelta(minutes=10) < closes
            )

        companies: set[int] = set()
        if course.where == "room":
            chosen = pool.draw(
                self.rng, course.topics, since, closes, s.capacity + 7, companies, fits
            )
            s.capacity = min(s.capacity, max(3, len(chosen) - 6))
            wanted = min(len(chosen), s.capacity + self.rng.randint(3, 4))
        else:
            demand = pool.count(course.topics, since, closes) * 0.5
            wanted = min(round(demand), s.capacity)
            if demand > s.capacity and self.chance(0.7):
                wanted += self.rng.randint(1, max(2, s.capacity // 8))
            extra = self.rng.randint(0, 2)
            chosen = pool.draw(
                self.rng, course.topics, since, closes, wanted + extra, companies, fits
            )

        def opens(t: _Ticket) -> datetime:
            assert t.triaged_at is not None  # as fits() made sure
            earliest = max(s.created + timedelta(hours=1), s.start - timedelta(days=21))
            return max(earliest, t.triaged_at + timedelta(minutes=10))

        mark = len(events)
        signed = self._sign_up(
            s,
            chosen[:wanted],
            chosen[wanted:],
            opens,
            closes,
            events,
            leaving=0.06,
        )
        if not signed or off is not None:
            if off is None:
                del events[mark:]  # invitations nobody took up: the session is called off
                off = self.working_moment((s.start - timedelta(days=2)).date())
            events.append((off, s.host, "webinar_cancel", s))
            return
        held = min(
            _at_work(s.end + timedelta(minutes=self.rng.randrange(20, 600)), self.rng), _LIMIT
        )
        events.append((held, s.host, "webinar_attend", s))
        if held + timedelta(days=12) <= _LIMIT and self.chance(0.4):
            due = held.date() + timedelta(days=7)
            for index in range(self.rng.randint(1, 3)):
                done = self._kept(due, None)
                result = self.choice(_AFTER_WEBINAR)
                events.append((done, s.host, "webinar_followup_done", (s, index, result)))
                s.after += 1

    def upcoming_sign_ups(
        self, s: _Session, fill: str, pool: _Pool, closes: datetime, events: list[_Event]
    ) -> None:
        """Registrations and invitations so far for a session after today."""
        topics = s.course.topics
        seats = s.capacity
        demand = pool.count(topics, DEMO_START, closes)
        if fill == "nearly":
            wanted = seats - 1
        elif fill == "popular":
            wanted = min(round(demand * 0.5), seats + self.rng.randint(2, 4))
        elif fill == "invited":
            wanted = min(round(demand * 0.3), round(seats * 0.3))
        else:
            wanted = min(round(demand * 0.3), round(seats * self.rng.uniform(0.3, 0.55)), seats - 3)
        extra = self.rng.randint(3, 5) if fill == "invited" else self.rng.randint(0, 2)

        def fits(t: _Ticket) -> bool:
            return t.seats < 3 and max(t.last, s.created) + timedelta(hours=1) < closes

        chosen = pool.draw(self.rng, topics, DEMO_START, closes, wanted + extra, set(), fits)
        signed = self._sign_up(
            s,
            chosen[:wanted],
            chosen[wanted:],
            lambda t: max(t.last, s.created) + timedelta(hours=1),
            closes,
            events,
            leaving=0.0 if fill == "nearly" else 0.05,
        )
        if fill == "nearly":
            s.capacity = max(2, min(seats, signed + 1))

    def _sign_up(
        self,
        s: _Session,
        chosen: Sequence[_Ticket],
        invited: Sequence[_Ticket],
        opens: Callable[[_Ticket], datetime],
        closes: datetime,
        events: list[_Event],
        *,
        leaving: float,
    ) -> int:
        """Plan enrolments between each ticket's ``opens`` and ``closes``; returns how many.

        Sign-ups of the same day are enrolled together by the coordinator (one by their own
        adviser when alone); some were invited by their adviser first, some cancel later, and
        when more signed up than there are seats one of the first cancels, freeing a seat for
        the waiting list. ``invited`` are only invited.
        """
        rng = self.rng
        signups: list[tuple[datetime, datetime, _Ticket]] = []
        for t in chosen:
            lo = opens(t)
            if lo < closes:
                signups.append((self._office(lo, closes), lo, t))
        signups.sort(key=lambda e: (e[0], e[2].seq))
        batches: list[list[tuple[datetime, datetime, _Ticket]]] = []
        for signup in signups:
            moment, lo, t = signup
            if batches and batches[-1][-1][0].date() == moment.date():
                batches[-1].append(signup)
            else:
                batches.append([signup])
            t.seats += 1
            s.came[t] = rng.random()
            if self.chance(0.12):
                invite = self._office(lo, moment)
                events.append((invite, t.assignee or "ms", "webinar_invite", (s, t)))
        enrolled: list[tuple[datetime, _Ticket]] = []
        for batch in batches:
            at = batch[-1][0]
            who = "ms" if len(batch) > 1 else batch[0][2].assignee or "ms"
            events.append((at, who, "webinar_enrol", (s, [t for _, _, t in batch])))
            enrolled += [(at, t) for _, _, t in batch]
        for t in invited:
            lo = opens(t)
            if lo < closes:
                invite = self._office(lo, closes)
                events.append((invite, t.assignee or "ms", "webinar_invite", (s, t)))
                s.came[t] = rng.random()  # now and then one comes without registering
        leavers = [(at, t) for at, t in enrolled if len(enrolled) >= 3 and self.chance(leaving)]
        if leaving and len(enrolled) > s.capacity:
            leavers.append(self.choice(enrolled[: s.capacity]))
        last = enrolled[-1][0] if enrolled else closes
        gone: set[int] = set()
        for at, t in leavers[: max(1, len(enrolled) // 3)]:
            start = max(at, last) + timedelta(minutes=1)
            if id(t) in gone or start >= closes:
                continue
            gone.add(id(t))
            events.append(
                (self._office(start, closes), t.assignee or "ms", "webinar_leave", (s, t))
            )
        return len(enrolled)

    def _office(self, lo: datetime, hi: datetime) -> datetime:
        """A moment in ``[lo, hi)``, in office hours when the span allows."""
        moment = lo + (hi - lo) * self.rng.random()
        office = _at_work(moment, self.rng)
        if office >= hi:
            office = self.working_moment(moment.date() - timedelta(days=1))
        return office if lo <= office < hi else moment


_SHOP_OUTCOMES = frozenset({Outcome.ADVISED, Outcome.TRAINED})


def _moment(event: _Event) -> datetime:
    return event[0]


def _holiday(day: date) -> bool:
    """Whether the hub is closed for Christmas (23 December to 6 January)."""
    return (day.month, day.day) >= (12, 23) or (day.month, day.day) <= (1, 6)


def _workday(day: date) -> date:
    """``day``, or the Monday after when it falls on a weekend."""
    weekday = day.weekday()
    return day + timedelta(days=7 - weekday) if weekday >= 5 else day


def _workday_before(day: date) -> date:
    """``day``, or the Friday before when it falls on a weekend."""
    weekday = day.weekday()
    return day - timedelta(days=weekday - 4) if weekday >= 5 else day


def _period(moment: datetime) -> int:
    if moment < datetime(2020, 7, 1):
        return 0
    if moment < datetime(2021, 1, 1):
        return 1
    return 2


def _at_work(moment: datetime, rng: random.Random) -> datetime:
    """The first office moment (Mon–Fri 8:30–18:30) at or after ``moment``."""
    day = moment.date()
    wall: time | None = moment.time()
    if moment.time() > time(18, 30):
        day, wall = day + timedelta(days=1), None
    elif moment.time() < time(8, 30):
        wall = None
    while day.weekday() >= 5:
        day, wall = day + timedelta(days=1), None
    if wall is None:
        minute = rng.randrange(8 * 60 + 30, 11 * 60)
        wall = time(minute // 60, minute % 60)
    return datetime.combine(day, wall)


def _squeeze(
    start: datetime, events: list[tuple[datetime, str, str, Any]]
) -> list[tuple[datetime, str, str, Any]]:
    """Compress a ticket's events into the time left before the end of the demo."""
    if not events:
        return events
    limit = DEMO_NOW - timedelta(minutes=1)
    last = events[-1][0]
    if last <= limit:
        return events
    factor = (limit - start) / (last - start)
    return [(start + (at - start) * factor, who, what, arg) for at, who, what, arg in events]


_SLUG_SKIP = frozenset(_items("di, e, del, della, dell, dei, la, il, lo, l, al, da, d, c, figli"))
_SLUG_SKIP |= frozenset(_items("societa, benefit, soc, coop, flli"))


def _slug(name: str) -> str:
    """A plausible web domain for a company: its first significant words run together."""
    words = [w for w in company_key(name).split() if w not in _SLUG_SKIP and w.isalnum()]
    slug = ""
    for word in words:
        if slug and len(slug) + len(word) > 20:
            break
        slug += word
    return slug or "azienda"


def _ascii(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isalnum())


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plan(size: int, rng: random.Random, today: date, present: datetime) -> _Plan:
    planner = _Planner(rng)
    # Drawn first, so that the history below does not depend on today.
    later = random.Random(rng.getrandbits(64))
    arriving = _recent_tickets(size)
    newcomers = arriving // 2
    duplicates = size // 250 + 1 if size >= 10 else 0
    regular = size - duplicates - arriving
    companies = planner.companies(min(regular, max(1, size // 2 - newcomers)) if regular else 0)
    tickets: list[_Ticket] = []
    if companies:
        cum = list(accumulate(c.weight for c in companies))
        for i in range(regular):
            company = (
                companies[i]
                if i < len(companies)
                else companies[rng.choices(range(len(companies)), cum_weights=cum)[0]]
            )
            tickets.append(_Ticket(created=planner.created(), company=company, seq=i))
    tickets.sort(key=lambda t: (t.created, t.seq))
    for t in tickets:
        planner.ticket_basics(t)
    _cover_topics(planner, tickets)
    for t in tickets:
        planner.ticket_details(t)
    tickets.sort(key=lambda t: (t.created, t.seq))
    tickets.extend(_duplicates(planner, tickets, duplicates))
    tickets.sort(key=lambda t: (t.created, t.seq))
    for t in tickets:
        if t.duplicate_of is None:
            planner.texts(t)
            t.final = planner.final_status(t)
        else:
            _copy_texts(t)
    _link_follow_ons(planner, tickets)
    _cover_statuses(tickets)
    for t in tickets:
        planner.events(t)
        planner.followups(t)
    events = _past_webinars(planner, tickets, size)
    # The present, from its own generator.
    now = _Planner(later, sharing=planner)
    arrivals = now.arrivals(arriving, newcomers, companies, present, len(tickets))
    events += _upcoming_webinars(now, tickets, size, today, present)
    _keep_in_touch(now, tickets, size, today, present)
    tickets.extend(arrivals)
    tickets.sort(key=lambda t: (t.created, t.seq))
    return _Plan(tickets, events)


def _recent_tickets(size: int) -> int:
    """How many requests arrived in the days before today: a few, more on a bigger desk."""
    return 0 if size < 10 else min(3 + size // 500, 30)


def _pending_followups(size: int) -> int:
    """How many follow-ups are pending around today."""
    return 0 if size < 10 else min(6 + size // 12, 500)


def _past_sessions(size: int) -> int:
    """How many webinar sessions the history holds: one per eight tickets, from 8 up to 90.

    Ninety is about one a week over the history, as much as four advisers can run.
    """
    return 0 if size < 10 else min(max(size // 8, 8), 90)


def _upcoming_sessions(size: int) -> int:
    """How many single sessions come up after today (from six on, a series of two besides)."""
    return 0 if size < 10 else min(6 + size // 200, len(_UPCOMING))


def _cover_topics(planner: _Planner, tickets: list[_Ticket]) -> None:
    """Make sure every topic of the taxonomy appears, when there are tickets enough."""
    if len(tickets) < 3 * len(_TOPIC_WEIGHTS):
        return
    counts: dict[str, int] = {}
    for t in tickets:
        counts[t.topic] = counts.get(t.topic, 0) + 1
    for topic in _TOPIC_WEIGHTS:
        if counts.get(topic):
            continue
        common = max(counts, key=lambda k: (counts[k], k))
        candidates = [t for t in tickets if t.topic == common]
        chosen = planner.choice(candidates)
        chosen.topic = topic
        counts[common] -= 1
        counts[topic] = 1


def _duplicates(planner: _Planner, tickets: list[_Ticket], count: int) -> list[_Ticket]:
    """Requests sent twice: a web form after a phone call, an email resent days later."""
    pool = [t for t in tickets if t.created < DEMO_NOW - timedelta(days=30) and t.topic != "other"]
    found: list[_Ticket] = []
    for i, index in enumerate(planner.rng.sample(range(len(pool)), min(count, len(pool)))):
        original = pool[index]
        created = original.created + timedelta(minutes=planner.rng.randrange(40, 60 * 48))
        dup = _Ticket(created=created, company=original.company, seq=len(tickets) + i)
        dup.topic = original.topic
        dup.duplicate_of = original
        dup.contact = original.contact
        dup.channel = Channel.WEB if original.channel is not Channel.WEB else Channel.EMAIL
        dup.priority = original.priority
        dup.log_priority = Priority.NORMAL
        dup.logged_by = "ms"
        dup.final = Status.CLOSED
        dup.uid = uuid.UUID(int=planner.rng.getrandbits(128), version=4).hex
        found.append(dup)
    return found


def _copy_texts(t: _Ticket) -> None:
    original = t.duplicate_of
    assert original is not None
    t.english = original.english
    t.slots = original.slots
    t.subject = f"R: {original.subject}" if t.channel is Channel.EMAIL else original.subject
    lead = (
        "I am sending again the request I made a few days ago."
        if original.english
        else "Vi riscrivo la richiesta che avevo già fatto, non so se vi è arrivata."
    )
    t.description = f"{lead}\n\n{original.description}"
    t.tags = list(original.tags)


def _link_follow_ons(planner: _Planner, tickets: list[_Ticket]) -> None:
    """Some returning companies' requests carry on from their previous one."""
    last: dict[int, _Ticket] = {}
    for t in tickets:
        key = id(t.company)
        previous = last.get(key)
        if t.duplicate_of is not None:
            continue
        if (
            previous is not None
            and t.final is not Status.NEW
            and planner.chance(0.3)
            and (t.created - previous.created).days < 400
        ):
            t.follows = previous
        last[key] = t


def _cover_statuses(tickets: list[_Ticket]) -> None:
    """Make sure every status appears, moving the most recent tickets if need be."""
    regular = [t for t in tickets if t.duplicate_of is None and t.follows is None]
    if len(regular) < 2 * len(Status):
        return
    present = {t.final for t in tickets}
    spare = [t for t in reversed(regular) if t.final is not Status.CLOSED]
    spare += [t for t in reversed(regular) if t.final is Status.CLOSED]
    counts: dict[Status, int] = {}
    for t in tickets:
        counts[t.final] = counts.get(t.final, 0) + 1
    for status in Status:
        if status in present:
            continue
        for t in spare:
            if counts[t.final] > 1:
                counts[t.final] -= 1
                t.final = status
                counts[status] = 1
                present.add(status)
                spare.remove(t)
                break


# --------------------------------------------------------------------------------------------------
# Webinars: the catalogue of the history and the sessions coming up

#: Sessions coming up after today, in this order as the desk grows: how full | in which week |
#: seats | title. ``some``: seats left; ``nearly``: one seat left; ``popular``: full, with a
#: waiting list when enough businesses want it; ``invited``: many invitations out.
_UPCOMING = _rows("""
    some    | 1 | 40 | E-commerce in una settimana
    nearly  | 2 | 20 | Laboratorio: fotografare i prodotti per il negozio online
    popular | 2 | 30 | Bandi regionali per la digitalizzazione
    invited | 3 | 50 | Cybersecurity per le piccole imprese
    some    | 4 | 60 | Industria 4.0: il piano Transizione
    some    | 3 | 40 | Smart working: strumenti e sicurezza
    some    | 4 | 40 | Marketing sui social
    some    | 5 | 30 | Export digitale
    some    | 3 | 40 | Dall'idea alla startup
    some    | 5 | 50 | Dati e intelligenza artificiale per le PMI
    some    | 6 | 25 | Economia circolare in pratica
    some    | 6 | 30 | Quanto è digitale la tua impresa? Il test SELFI4.0
    some    | 2 | 30 | Brevetti e trasferimento tecnologico
    nearly  | 5 | 18 | Laboratorio: backup e password in pratica
""")


class _Pool:
    """Worked tickets by main topic in order of arrival: the businesses a session may interest."""

    def __init__(self, tickets: Sequence[_Ticket]) -> None:
        self._by_topic: dict[str, list[_Ticket]] = {}
        for t in tickets:
            if t.duplicate_of is None and t.triaged_at is not None:
                self._by_topic.setdefault(t.topic, []).append(t)
        self._created = {key: [t.created for t in found] for key, found in self._by_topic.items()}

    def _spans(
        self, topics: Sequence[str], since: datetime, until: datetime
    ) -> list[tuple[list[_Ticket], int, int]]:
        spans = []
        for key in topics:
            created = self._created.get(key)
            if created:
                lo, hi = bisect_left(created, since), bisect_left(created, until)
                if hi > lo:
                    spans.append((self._by_topic[key], lo, hi))
        return spans

    def count(self, topics: Sequence[str], since: datetime, until: datetime) -> int:
        """How many tickets on these main topics arrived in ``[since, until)``."""
        return sum(hi - lo for _, lo, hi in self._spans(topics, since, until))

    def draw(
        self,
        rng: random.Random,
        topics: Sequence[str],
        since: datetime,
        until: datetime,
        need: int,
        companies: set[int],
        fits: Callable[[_Ticket], bool],
    ) -> list[_Ticket]:
        """Up to ``need`` tickets that fit, at random, one per company not in ``companies``."""
        spans = self._spans(topics, since, until)
        population = sum(hi - lo for _, lo, hi in spans)
        chosen: list[_Ticket] = []
        if need <= 0 or not population:
            return chosen
        stream: list[_Ticket]
        if population <= 4 * need + 20:
            stream = [t for found, lo, hi in spans for t in found[lo:hi]]
            rng.shuffle(stream)
        else:
            # A big desk: look at a random sample rather than shuffling thousands.
            stream = []
            for index in rng.sample(range(population), min(population, 6 * need + 20)):
                for found, lo, hi in spans:
                    if index < hi - lo:
                        stream.append(found[lo + index])
                        break
                    index -= hi - lo
        for t in stream:
            if len(chosen) == need:
                break
            key = id(t.company)
            if key not in companies and fits(t):
                companies.add(key)
                chosen.append(t)
        return chosen


def _past_webinars(planner: _Planner, tickets: list[_Ticket], size: int) -> list[_Event]:
    """The sessions of 2020–2021 with their sign-ups, cancellations and attendance."""
    budget = _past_sessions(size)
    if not budget:
        return []
    weekly = min(max(budget // 4, 2), 8)
    monthly = min(max(budget // 4, 2), 14)
    groups = [planner.series(_WEEKLY, weekly), planner.series(_MONTHLY, monthly)]
    busy = {s.start.date() for group in groups for s in group}
    groups += [[s] for s in planner.singles(budget - weekly - monthly, busy)]
    events: list[_Event] = [
        (group[0].created, group[0].host, "webinar_add", group) for group in groups
    ]
    pool = _Pool(tickets)
    # One session of the weekly series is called off: the speaker fell ill.
    off = groups[0][-2] if weekly >= 4 else None
    sessions = sorted((s for group in groups for s in group), key=lambda s: s.start)
    for s in sessions:
        planner.past_sign_ups(s, pool, events, called_off=s is off)
    return events


def _upcoming_webinars(
    planner: _Planner, tickets: list[_Ticket], size: int, today: date, present: datetime
) -> list[_Event]:
    """Sessions in the six weeks after today, with the registrations made so far."""
    count = _upcoming_sessions(size)
    if not count:
        return []
    busy: set[date] = set()
    groups: list[tuple[list[_Session], str]] = []
    for fill, week, seats, title in _UPCOMING[:count]:
        course = _CATALOGUE[title]
        day = planner.upcoming_day(today, int(week), busy)
        wall = time(9, 30) if course.where == "room" else planner.choice(_SESSION_TIMES)
        created = planner.working_moment(
            present.date() - timedelta(days=planner.rng.randint(8, 30))
        )
        session = planner.session(course, datetime.combine(day, wall), created, int(seats))
        groups.append(([session], fill))
    if count >= 6:
        # The monthly grants series goes on: the next two first Thursdays.
        month = (today + timedelta(days=3)).replace(day=1)
        first = month + timedelta(days=(3 - month.weekday()) % 7)
        while first <= today + timedelta(days=3) or _holiday(first):
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
            first = month + timedelta(days=(3 - month.weekday()) % 7)
        course, start, _rule = _MONTHLY
        created = planner.working_moment(
            present.date() - timedelta(days=planner.rng.randint(8, 30))
        )
        spec = (
            course,
            datetime.combine(first, start.time()),
            "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1;COUNT={n}",
        )
        groups.append((planner.series(spec, 2, created=created), "some"))
    events: list[_Event] = [
        (group[0].created, group[0].host, "webinar_add", group) for group, _ in groups
    ]
    pool = _Pool(tickets)
    closes = present - timedelta(minutes=15)
    for group, fill in groups:
        for s in group:
            planner.upcoming_sign_ups(s, fill, pool, closes, events)
    return events


def _keep_in_touch(
    planner: _Planner, tickets: list[_Ticket], size: int, today: date, present: datetime
) -> None:
    """Follow-ups pending around today: overdue, due today, this week and later.

    On open tickets, and on businesses helped before (a check-in about a new grant, how the
    online shop is going); each set by its adviser some days before, a few moved since.
    """
    count = _pending_followups(size)
    if not count:
        return
    rng = planner.rng
    working = [t for t in tickets if t.assignee and t.final in _KEEP_OPEN]
    # Businesses helped before: first those the desk already kept in touch with.
    kept: list[_Ticket] = []
    others: list[_Ticket] = []
    for t in tickets:
        if (
            t.assignee
            and t.final in (Status.RESOLVED, Status.CLOSED)
            and t.outcome not in _NOT_KEPT
        ):
            (kept if any(e[2] == "followup" for e in t.events) else others).append(t)
    # Some open tickets are left without one: those are the ones that slip.
    on_open = min(round(count * 0.55), len(working) * 7 // 10)
    on_kept = min(count - on_open, len(kept))
    on_others = min(count - on_open - on_kept, len(others))
    chosen = (
        rng.sample(working, on_open) + rng.sample(kept, on_kept) + rng.sample(others, on_others)
    )
    rng.shuffle(chosen)
    week = [today + timedelta(days=d) for d in range(1, (end_of_week(today) - today).days + 1)]
    total = len(chosen)
    kinds = ["overdue"] * max(2, round(total * 0.25)) + ["today"] * max(2, round(total * 0.15))
    if week:
        kinds += ["week"] * max(2, round(total * 0.25))
    kinds = (kinds + ["later"] * total)[:total]
    rng.shuffle(kinds)
    for t, kind in zip(chosen, kinds, strict=True):
        planner.keep_in_touch(t, kind, today, present, week)


_NOT_KEPT = frozenset({Outcome.DUPLICATE, Outcome.NO_RESPONSE, Outcome.WITHDRAWN})


# --------------------------------------------------------------------------------------------------
# Playing the plan through the services


def _play(desk: Desk, plan: _Plan, tz: tzinfo) -> None:
    """Play every event through the services in order of time, the clock set to each.

    Tickets' own events and the desk's webinar events are merged into one timeline, so that an
    enrolment or a follow-up lands in each ticket's history in its place.
    """
    clock = desk.clock
    assert isinstance(clock, FrozenClock)
    ctx = desk.ctx
    timeline: list[tuple[datetime, int, str, str, Any, _Ticket | None]] = []
    for t in plan.tickets:
        timeline.append((t.created, len(timeline), t.logged_by, "log", None, t))
        for at, who, what, arg in t.events:
            timeline.append((at, len(timeline), who, what, arg, t))
    for at, who, what, arg in plan.events:
        timeline.append((at, len(timeline), who, what, arg, None))
    timeline.sort()  # by moment, then by place in the plan (unique: nothing else is compared)
    for moment, _, who, what, arg, ticket in timeline:
        clock.set(moment.replace(tzinfo=tz))
        ctx.actor = who
        if ticket is None:
            _play_webinar(desk, what, arg, tz)
        elif what == "log":
            _log(desk, ticket)
        else:
            _play_ticket(desk, ticket, what, arg, tz)


def _log(desk: Desk, t: _Ticket) -> None:
    company = t.company
    draft = TicketDraft(
        subject=t.subject,
        description=t.description,
        channel=t.channel,
        company=company.draft,
        contact=t.contact,
        topics=None,
        priority=t.log_priority,
        assignee=t.log_assignee,
        tags=t.tags,
        uid=t.uid,  # from the seed, so that the output repeats
    )
    logged = desk.tickets.log(draft)
    assert logged.company is not None
    company.id = logged.company.id
    t.ref = logged.ticket.ref
    t.suggested = logged.ticket.topics


def _play_ticket(desk: Desk, t: _Ticket, what: str, arg: Any, tz: tzinfo) -> None:
    service, ref = desk.tickets, t.ref
    if what == "triage":
        topics = [t.topic]
        if arg.secondary and t.topic != "other":
            topics += [k for k in t.suggested if k != t.topic][:1]
        service.triage(ref, topics=topics, priority=arg.priority, assignee=arg.assignee)
    elif what == "status":
        service.set_status(ref, arg)
    elif what == "note":
        service.add_note(ref, arg)
    elif what == "link":
        target = t.follows if arg is LinkKind.FOLLOW_ON else t.duplicate_of
        assert target is not None
        service.link(ref, target.ref, arg)
    elif what == "close":
        outcome, note = arg
        if outcome is Outcome.DUPLICATE:
            assert t.duplicate_of is not None
            note = f"Richiesta doppia: è la stessa del #{t.duplicate_of.ref}."
        service.close(ref, outcome, note)
    elif what == "followup":
        _, made = desk.followups.add(
            ref, When(arg.day, arg.wall, tz), arg.note, who=arg.who, allow_past=True
        )
        arg.id = made.id
    elif what == "followup_done":
        followup, result = arg
        desk.followups.done(ref, followup.id, result)
    elif what == "followup_move":
        followup, day, wall = arg
        desk.followups.move(ref, followup.id, When(day, wall, tz), allow_past=True)
    elif what == "followup_cancel":
        desk.followups.cancel(ref, arg.id)
    else:  # pragma: no cover - a planning bug
        raise AssertionError(what)


def _play_webinar(desk: Desk, what: str, arg: Any, tz: tzinfo) -> None:
    webinars = desk.webinars
    if what == "webinar_add":
        head: _Session = arg[0]
        course = head.course
        draft = WebinarDraft(
            title=course.title,
            start=head.start.replace(tzinfo=tz),
            duration=course.minutes,
            capacity=head.capacity,
            topics=list(course.topics),
            speaker=head.speaker,
            link=head.link,
            place=head.place,
            description=_DESCRIPTIONS.get(course.title, ""),
            rule=head.rule or None,
        )
        made = webinars.add(draft)
        for webinar, session in zip(made, arg, strict=True):
            session.id = webinar.id
            webinar.series = session.series
        if head.series:
            # The service names a series at random; the demo's name comes from the seed.
            desk.ctx.store.save_webinars(made)
    elif what == "webinar_invite":
        session, t = arg
        webinars.enrol(session.id, [t.ref], invite=True)
    elif what == "webinar_enrol":
        session, group = arg
        webinars.enrol(session.id, [t.ref for t in group])
    elif what == "webinar_leave":
        session, t = arg
        webinars.cancel_enrolment(session.id, t.ref)
    elif what == "webinar_cancel":
        webinars.cancel(arg.id)
    elif what == "webinar_attend":
        _attend(desk, arg)
    elif what == "webinar_followup_done":
        session, index, result = arg
        if index < len(session.made):
            ref, number, owner = session.made[index]
            desk.ctx.actor = owner
            desk.followups.done(ref, number, result)
    else:  # pragma: no cover - a planning bug
        raise AssertionError(what)


def _attend(desk: Desk, s: _Session) -> None:
    """Mark who came: most of the registered, a few from the waiting list or only invited."""
    webinar = desk.webinars.get(s.id)
    draws = {t.ref: u for t, u in s.came.items()}
    came: list[int] = []
    missed: list[int] = []
    for e in webinar.enrolments:
        u = draws.get(e.ref, 1.0)
        if e.status is EnrolmentStatus.REGISTERED:
            (came if u < 0.8 else missed).append(e.ref)
        elif (e.status is EnrolmentStatus.WAITLISTED and u < 0.12) or (
            e.status is EnrolmentStatus.INVITED and u < 0.04
        ):
            came.append(e.ref)
    first, rest = came[: s.after], came[s.after :]
    if first:
        marked = desk.webinars.attend(s.id, first, followup="+1w")
        s.made = [(t.ref, f.id, f.who) for t, f in marked.followups]
    if rest or missed:
        desk.webinars.attend(s.id, rest, missed)


def _build(*, size: int, seed: int, timezone: str, today: date | None) -> Desk:
    if size < 0:
        raise InvalidValue(f"A demo needs zero or more tickets, not {size}.")
    day = DEMO_NOW.date() if today is None else today
    if day < DEMO_NOW.date():
        raise InvalidValue(
            f"The demo's history runs to {format_date(DEMO_NOW)}; give a today on or after it, "
            f"not {format_date(day)}."
        )
    present = max(DEMO_NOW, datetime.combine(day, _OPENING))
    tz = zone(timezone)
    clock = FrozenClock(DEMO_START, timezone)
    desk = memory_desk(clock, actor="ms")
    rng = random.Random(seed)
    with collector_paused(), desk.ctx.store.transaction():
        for key, name, email, topics in _ADVISERS:
            desk.directory.add_adviser(key, name, email=email, topics=topics)
        _play(desk, _plan(size, rng, day, present), tz)
        add_demo_calls(desk, present, seed)
        add_demo_network(desk, present, seed)
    clock.set(present)
    desk.ctx.actor = "ms"
    return desk
