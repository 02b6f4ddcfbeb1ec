"""The demo's corpus: people, places, businesses, what they write, the hub's webinars.

The words live in data files under ``data/`` (text tables and JSON); this module reads them once,
at import, into the pools the planner draws from.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib.resources import files
from typing import Any, TypeVar

from helpdesk.domain.enums import (
    Channel,
    CompanyKind,
    CompanySize,
    Outcome,
    Priority,
    Status,
)

T = TypeVar("T")
E = TypeVar("E")

#: The first moment a demo ticket may be created (wall time in the desk's zone).
DEMO_START = datetime(2020, 3, 1, 8, 0)
#: The end of the demo's history: no event of 2020–2021 happens later. With no ``today`` given,
#: the demo's present is this moment and the desk's clock stands here.
DEMO_NOW = datetime(2021, 12, 15, 18, 0)

COVID_END = date(2021, 6, 1)
#: The last moment a history event may take place.
LIMIT = DEMO_NOW - timedelta(minutes=1)
#: When the present begins on ``today``: the desk opens at half past eight.
OPENING = time(8, 30)


# The pools are data files in ``data/``: compact text tables (read by the helpers below) and JSON
# for what people write. JSON arrays are read as tuples, as the pools are never changed.


def read_table(name: str) -> str:
    """The text of the table ``data/<name>.txt``."""
    return files("helpdesk.services.demo").joinpath("data", f"{name}.txt").read_text("utf-8")


def _read_json(name: str) -> dict[str, Any]:
    """The object of ``data/<name>.json``, its arrays as tuples."""
    text = files("helpdesk.services.demo").joinpath("data", f"{name}.json").read_text("utf-8")
    found: dict[str, Any] = _frozen(json.loads(text))
    return found


def _frozen(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _outcome_or_word(key: str) -> Outcome | str:
    """An outcome by its value, or the word itself for the keys that are not outcomes."""
    try:
        return Outcome(key)
    except ValueError:
        return key


_TEXT_DATA = _read_json("texts")
_NOTE_DATA = _read_json("notes")
_FOLLOWUP_DATA = _read_json("followups")
_WEBINAR_DATA = _read_json("webinars")


def split_items(text: str) -> tuple[str, ...]:
    """Comma- or newline-separated items, trimmed."""
    return tuple(i.strip() for line in text.splitlines() for i in line.split(",") if i.strip())


def split_rows(text: str) -> list[list[str]]:
    """Lines of ``|``-separated cells, trimmed; blank lines skipped."""
    return [[c.strip() for c in line.split("|")] for line in text.splitlines() if line.strip()]


def _grouped(text: str) -> dict[str, str]:
    """Lines of ``key | items``; a key repeated on the next lines carries on its items."""
    found: dict[str, str] = {}
    for key, value in split_rows(text):
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


def bare_noun(noun: str) -> str:
    """A noun without its indefinite article: ``"un'osteria"`` → ``"osteria"``."""
    article, _, rest = noun.partition(" ")
    if "'" in article:
        return noun.split("'", 1)[1]
    return rest if article in ("un", "uno", "una") else noun


def _weighted(text: str, parse: Callable[[str], E]) -> tuple[tuple[E, float], ...]:
    """``"phone 38, email 34"`` as ``((parse("phone"), 38.0), (parse("email"), 34.0))``."""
    pairs = (item.rsplit(" ", 1) for item in split_items(text))
    return tuple((parse(name), float(weight)) for name, weight in pairs)


# --------------------------------------------------------------------------------------------------
# People

#: key, name, email, topics of expertise. The first one coordinates: she triages most tickets.
ADVISERS = tuple(
    (key, name, f"{name.lower().replace(' ', '.')}@hub-innovazione.it", tuple(topics.split()))
    for key, name, topics in split_rows(read_table("advisers"))
)
COORDINATORS = _weighted("ms 65, gb 35", str)

MALE = split_items(read_table("male"))
FEMALE = split_items(read_table("female"))
SURNAMES = split_items(read_table("surnames"))
WEBMAIL = split_items(
    "gmail.com, libero.it, hotmail.it, virgilio.it, alice.it, outlook.it, yahoo.it"
)
ROLES_M = split_items(read_table("roles_m"))
ROLES_F = split_items(read_table("roles_f"))

# --------------------------------------------------------------------------------------------------
# Places: province | weight | VAT office code (the ISTAT province; firms in Monza and Brianza
# mostly carry Milan's) | towns with their phone prefixes.

TOWNS = _grouped(read_table("towns"))
PROVINCES = tuple(
    (
        code,
        float(weight),
        office,
        tuple((t.split(":")[0], t.split(":")[1]) for t in split_items(TOWNS[code])),
    )
    for code, weight, office in split_rows(read_table("provinces"))
)
PROVINCE = {p[0]: p for p in PROVINCES}
TOWN_PREFIX = {town: prefix for p in PROVINCES for town, prefix in p[3]}
TOWN_PROVINCE = {town: p[0] for p in PROVINCES for town, _ in p[3]}
ADJECTIVES = {code: split_items(words) for code, words in split_rows(read_table("adjectives"))}

# --------------------------------------------------------------------------------------------------
# Businesses by kind: noun (as people say it) | word in the name | what they make or sell | ATECO

TRADES = {
    CompanyKind(kind): [(noun, word, products, ateco) for noun, word, products, ateco in rows]
    for kind, rows in _sections(read_table("trades")).items()
}
TRADE_BY_NOUN = {
    bare_noun(row[0]): (kind, *row)
    for kind, rows in reversed(TRADES.items())
    for row in reversed(rows)
}

KINDS = _weighted(
    "artisan 22, retail 20, food_service 20, sme 18, professional 10, startup 7, large 1.5, "
    "other 1.5",
    CompanyKind,
)
SIZES = {
    CompanyKind(kind): _weighted(sizes, CompanySize)
    for kind, sizes in split_rows(read_table("sizes"))
}
FANCY = split_items(read_table("fancy"))
BRAND_HEADS = split_items(read_table("brand_heads"))
BRAND_TAILS = split_items(
    "tech, ly, wave, mind, works, bit, box, logic, ware, go, loop, dot, sense, hive, next, way"
)

#: Hand-picked businesses used first, so that every demo shows them: name | town | trade | size.
#: The trade is a noun of the table above, which gives the kind, products and ATECO code.
NOTABLE = split_rows(read_table("notable"))

# --------------------------------------------------------------------------------------------------
# When and how requests arrive

#: Tickets per month (relative): the spring 2020 rush, the November 2020 lockdown, quiet Augusts.
MONTHS = _weighted(
    """
    2020-03 14, 2020-04 16, 2020-05 12, 2020-06 7, 2020-07 5, 2020-08 2, 2020-09 5, 2020-10 6
    2020-11 7.5, 2020-12 4, 2021-01 4, 2021-02 5, 2021-03 6, 2021-04 5, 2021-05 5, 2021-06 5
    2021-07 4, 2021-08 1.5, 2021-09 5, 2021-10 6, 2021-11 6, 2021-12 5
    """,
    lambda ym: (int(ym[:4]), int(ym[5:])),
)

#: Topic weights in spring 2020, the rest of 2020, and 2021.
TOPIC_WEIGHTS = {
    key: (float(a), float(b), float(c))
    for key, a, b, c in (line.split() for line in split_items(read_table("topic_weights")))
}
KIND_TOPIC_FACTORS = {
    CompanyKind(kind): dict(_weighted(factors, str))
    for kind, factors in _grouped(read_table("kind_topic_factors")).items()
}
#: Channels in spring 2020 (no walk-ins: the desk was closed), and later.
CHANNELS = (
    _weighted("phone 38, email 34, web 24, event 2, other 2", Channel),
    _weighted("phone 27, email 30, web 28, walk_in 7, event 6, other 2", Channel),
)
PRIORITIES = _weighted("low 14, normal 62, high 19, urgent 5", Priority)
PRIORITIES_CRISIS = _weighted("low 3, normal 40, high 37, urgent 20", Priority)

#: Final status by age in days at the demo's end: up to so many days | weights.
STATUS_BY_AGE = tuple(
    (float(days), _weighted(weights, Status))
    for days, weights in split_rows(read_table("status_by_age"))
)
OUTCOMES = {
    group: _weighted(weights, Outcome)
    for group, weights in _grouped(read_table("outcomes")).items()
}
OUTCOME_GROUP = {
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
class Texts:
    """A topic's requests as (subject, body) pairs; ``covid`` ones only until June 2021."""

    pairs: tuple[tuple[str, str], ...]
    english: tuple[tuple[str, str], ...] = ()
    covid: tuple[tuple[str, str], ...] = ()


#: Subjects people write when they do not say what they want; the body then tells.
VAGUE_SUBJECTS = split_items(read_table("vague_subjects"))

# Slots: {un_attivita} "una sartoria", {la_nostra_attivita} "la nostra sartoria" (or "il nostro
# albergo"), {prodotti}, {citta}, {piattaforma}, {social}, {bando}, {investimento}, {importo},
# {paese}, {argomento}, {n}.
TEXTS = {topic: Texts(**parts) for topic, parts in _TEXT_DATA["texts"].items()}

SLOTS_FIXED = {
    key: split_items(values) for key, values in _grouped(read_table("slots_fixed")).items()
}
# Regional and national programmes people asked about: in 2020, in 2021, and later on.
BANDI = (
    split_items(read_table("bandi_2020")),
    split_items(read_table("bandi_2021")),
    split_items(read_table("bandi_later")),
)


@dataclass(frozen=True, slots=True)
class Course:
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
CATALOGUE = {
    title: Course(title, tuple(topics.split()), _month(first), _month(last), int(minutes), where)
    for title, (topics, first, last, minutes, where) in _titled(read_table("catalogue"))
}
#: The two series, as (course, first session, repeat rule with ``{n}`` sessions): weekly on
#: Tuesdays at 10 through the spring 2020 lockdown, and monthly on the first Thursday (never in
#: August) from the autumn.
WEEKLY = (
    Course(
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
MONTHLY = (
    Course(
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
NO_ROOM = (date(2020, 3, 1), date(2020, 8, 31)), (date(2020, 11, 1), date(2021, 5, 31))
DESCRIPTIONS = _WEBINAR_DATA["descriptions"]
#: Who speaks on each topic: main topic | name (role).
SPEAKERS = {topic: split_items(names) for topic, names in _grouped(read_table("speakers")).items()}
ROOMS = _WEBINAR_DATA["rooms"]
ONLINE_SEATS = (20, 25, 30, 40, 50, 60)
ROOM_SEATS = (15, 18, 20)
SESSION_TIMES = (time(10), time(11), time(14, 30), time(17), time(18))
#: The webinars the tickets' texts mention: main topic, the first month it ran, the title.
WEBINARS = [(c.topics[0], c.first, c.title) for c in CATALOGUE.values() if c.where != "room"]
EVENTS = split_items(read_table("events"))
REFERRERS = split_items(read_table("referrers"))
WEEKDAYS_IT = split_items("lunedì, martedì, mercoledì, giovedì, venerdì")

OPENERS = _NOTE_DATA["openers"]
CLOSERS = _NOTE_DATA["closers"]

NOTES_FIRST = _NOTE_DATA["notes_first"]
NOTES_WAITING = _NOTE_DATA["notes_waiting"]
NOTES_WAITING_TOPIC = _NOTE_DATA["notes_waiting_topic"]
NOTES_RESUME = _NOTE_DATA["notes_resume"]
NOTES_TOPIC = _NOTE_DATA["notes_topic"]
REFERRALS = _NOTE_DATA["referrals"]
REFERRALS_DEFAULT = _NOTE_DATA["referrals_default"]
OUTCOME_NOTES = {Outcome(k): v for k, v in _NOTE_DATA["outcome_notes"].items()}


# --------------------------------------------------------------------------------------------------
# Follow-ups: what advisers promise, and what came of it


@dataclass(frozen=True, slots=True)
class Promise:
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
CALLBACK = Promise(**_FOLLOWUP_DATA["callback"])
#: While waiting on the business.
CHASE = Promise(**_FOLLOWUP_DATA["chase"])
#: After closing, by outcome (or ``ecommerce`` for a business helped to sell online).
AFTERWARDS: dict[Outcome | str, Promise] = {
    _outcome_or_word(k): Promise(**v) for k, v in _FOLLOWUP_DATA["afterwards"].items()
}
#: What came of the follow-up the desk adds after a webinar.
AFTER_WEBINAR = _FOLLOWUP_DATA["after_webinar"]
FOLLOWUP_TIMES = tuple(
    time.fromisoformat(t)
    for t in split_items("09:30, 10:00, 11:00, 14:30, 15:00, 16:00, 16:30, 17:00")
)
#: Keeping in touch around today: on open tickets by status, and on businesses helped before.
KEEP_OPEN = {Status(k): v for k, v in _FOLLOWUP_DATA["keep_open"].items()}
KEEP_OPEN_TOPIC = _FOLLOWUP_DATA["keep_open_topic"]
KEEP_CLOSED = _FOLLOWUP_DATA["keep_closed"]
KEEP_CLOSED_TOPIC = _FOLLOWUP_DATA["keep_closed_topic"]

#: Sessions coming up after today, in this order as the desk grows: how full | in which week |
#: seats | title. ``some``: seats left; ``nearly``: one seat left; ``popular``: full, with a
#: waiting list when enough businesses want it; ``invited``: many invitations out.
UPCOMING = split_rows(read_table("upcoming"))
