"""Italy's provinces and metropolitan cities: their official two-letter codes and names.

The codes are the ones ISTAT and the vehicle registry use (``sigle automobilistiche``): the 107
provinces, metropolitan cities and free consortia of municipalities, plus the four Sardinian
provinces re-established by the region's law 9 of 2023 under their earlier codes (CI, VS, OG,
OT), which businesses' papers still carry. A province is found by its code or by its name,
with case, accents, apostrophes and hyphens ignored: ``bergamo`` → BG, ``Monza e Brianza`` →
MB, ``Forli Cesena`` → FC.
"""

from __future__ import annotations

import re

from helpdesk.domain.text import fold

#: Code | official name | other names people write.
_TABLE = """
AG | Agrigento
AL | Alessandria
AN | Ancona
AO | Aosta | Valle d'Aosta, Vallée d'Aoste
AP | Ascoli Piceno
AQ | L'Aquila | Aquila
AR | Arezzo
AT | Asti
AV | Avellino
BA | Bari
BG | Bergamo
BI | Biella
BL | Belluno
BN | Benevento
BO | Bologna
BR | Brindisi
BS | Brescia
BT | Barletta-Andria-Trani | Barletta Andria Trani, BAT
BZ | Bolzano | Bozen, Alto Adige, Südtirol
CA | Cagliari
CB | Campobasso
CE | Caserta
CH | Chieti
CI | Sulcis Iglesiente | Carbonia-Iglesias
CL | Caltanissetta
CN | Cuneo
CO | Como
CR | Cremona
CS | Cosenza
CT | Catania
CZ | Catanzaro
EN | Enna
FC | Forlì-Cesena | Forlì Cesena
FE | Ferrara
FG | Foggia
FI | Firenze | Florence
FM | Fermo
FR | Frosinone
GE | Genova | Genoa
GO | Gorizia
GR | Grosseto
IM | Imperia
IS | Isernia
KR | Crotone
LC | Lecco
LE | Lecce
LI | Livorno
LO | Lodi
LT | Latina
LU | Lucca
MB | Monza e della Brianza | Monza e Brianza, Monza Brianza, Monza
MC | Macerata
ME | Messina
MI | Milano | Milan
MN | Mantova | Mantua
MO | Modena
MS | Massa-Carrara | Massa Carrara, Massa e Carrara
MT | Matera
NA | Napoli | Naples
NO | Novara
NU | Nuoro
OG | Ogliastra
OR | Oristano
OT | Gallura Nord-Est Sardegna | Olbia-Tempio, Gallura
PA | Palermo
PC | Piacenza
PD | Padova | Padua
PE | Pescara
PG | Perugia
PI | Pisa
PN | Pordenone
PO | Prato
PR | Parma
PT | Pistoia
PU | Pesaro e Urbino | Pesaro-Urbino, Pesaro Urbino
PV | Pavia
PZ | Potenza
RA | Ravenna
RC | Reggio Calabria | Reggio di Calabria
RE | Reggio Emilia | Reggio nell'Emilia
RG | Ragusa
RI | Rieti
RM | Roma | Rome
RN | Rimini
RO | Rovigo
SA | Salerno
SI | Siena
SO | Sondrio
SP | La Spezia | Spezia
SR | Siracusa | Syracuse
SS | Sassari
SU | Sud Sardegna
SV | Savona
TA | Taranto
TE | Teramo
TN | Trento | Trentino
TO | Torino | Turin
TP | Trapani
TR | Terni
TS | Trieste
TV | Treviso
UD | Udine
VA | Varese
VB | Verbano-Cusio-Ossola | Verbano Cusio Ossola, VCO
VC | Vercelli
VE | Venezia | Venice
VI | Vicenza
VR | Verona
VS | Medio Campidano
VT | Viterbo
VV | Vibo Valentia
"""


def _key(text: str) -> str:
    """A name as compared: folded, with every run of other characters one space."""
    return " ".join(re.split(r"[^a-z0-9]+", fold(text))).strip()


def _parse() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    lookup: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        parts = [p.strip() for p in line.split("|")]
        code, name = parts[0], parts[1]
        names[code] = name
        others = [o.strip() for o in parts[2].split(",")] if len(parts) > 2 else []
        for written in (name, *others):
            lookup[_key(written)] = code
    return names, lookup


#: Official name by code.
PROVINCES, _BY_NAME = _parse()


def province_code(text: str) -> str | None:
    """The code of the province ``text`` names (a code or a name, any case, accents or not),
    or None when it names none. An empty text gives None too."""
    stripped = text.strip()
    if not stripped:
        return None
    upper = stripped.upper()
    if len(upper) == 2 and upper in PROVINCES:
        return upper
    return _BY_NAME.get(_key(stripped))


def province_name(code: str) -> str:
    """The official name of the province ``code`` (the code itself when unknown)."""
    return PROVINCES.get(code.upper(), code)
