"""Who asks and what they write: companies, contacts, and each ticket's basics and texts."""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from stdnum import luhn

from helpdesk.domain.enums import (
    Channel,
    CompanyKind,
    CompanySize,
    Priority,
    Status,
)
from helpdesk.domain.models import Contact
from helpdesk.domain.text import company_key, fold
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.demo.corpus import (
    ADJECTIVES,
    ADVISERS,
    BANDI,
    BRAND_HEADS,
    BRAND_TAILS,
    CHANNELS,
    CLOSERS,
    COVID_END,
    DEMO_NOW,
    EVENTS,
    FANCY,
    FEMALE,
    KIND_TOPIC_FACTORS,
    KINDS,
    MALE,
    MONTHS,
    NOTABLE,
    OPENERS,
    PRIORITIES,
    PRIORITIES_CRISIS,
    PROVINCE,
    PROVINCES,
    REFERRALS,
    REFERRALS_DEFAULT,
    REFERRERS,
    ROLES_F,
    ROLES_M,
    SIZES,
    SLOTS_FIXED,
    STATUS_BY_AGE,
    SURNAMES,
    TEXTS,
    TOPIC_WEIGHTS,
    TOWN_PREFIX,
    TOWN_PROVINCE,
    TRADE_BY_NOUN,
    TRADES,
    VAGUE_SUBJECTS,
    WEBINARS,
    WEBMAIL,
    WEEKDAYS_IT,
    T,
    bare_noun,
)
from helpdesk.services.demo.model import (
    Company,
    Ticket,
    ascii_only,
    capitalised,
    period_of,
    slug_of,
    workday_before,
)


class RequestPlanner:
    """Decides every company, ticket and event from one random generator.

    Args:
        rng: The generator.
        sharing: Another planner whose company names and VAT numbers this one must not reuse.
    """

    def __init__(self, rng: random.Random, sharing: RequestPlanner | None = None) -> None:
        self.rng = rng
        self._names: set[str] = sharing._names if sharing else set()
        self._vats: set[str] = sharing._vats if sharing else set()
        self._cum: dict[Any, tuple[Sequence[Any], list[float]]] = {}
        self._experts = {
            topic: [a[0] for a in ADVISERS if topic in a[3]] for topic in TOPIC_WEIGHTS
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

    def companies(self, count: int) -> list[Company]:
        notable = list(NOTABLE)
        self.rng.shuffle(notable)
        found: list[Company] = []
        for row in notable[:count]:
            found.append(self._notable(*row))
        while len(found) < count:
            found.append(self._company())
        return found

    def _province(self) -> str:
        return self.pick("province", [(p[0], p[1]) for p in PROVINCES])

    def _vat(self, province: str) -> str:
        while True:
            body = f"{self.rng.randrange(1, 10_000_000):07d}{PROVINCE[province][2]}"
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

    def _notable(self, name: str, town: str, trade: str, size: str) -> Company:
        kind, noun, _word, products, ateco = TRADE_BY_NOUN[trade]
        province = TOWN_PROVINCE[town]
        self._claim(name)
        family = next((s for s in SURNAMES if s in name.split()), "")
        return self._finish(
            name, kind, CompanySize(size), town, province, ateco, noun, products, family
        )

    def _company(self) -> Company:
        kind = self.pick("kind", KINDS)
        noun, word, products, ateco = self.choice(TRADES[kind])
        province = self._province()
        town = self.choice(PROVINCE[province][3])[0]
        size = self.pick(("size", kind), SIZES[kind])
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
        surname, first = choice(SURNAMES), choice(MALE + FEMALE)
        other = choice(SURNAMES)
        fancy = choice(FANCY)
        adjective = choice(ADJECTIVES[province])
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
            brand = choice(BRAND_HEADS) + choice(BRAND_TAILS)
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
    ) -> Company:
        # Newly formed startups often have no VAT number yet: they are found by name.
        vat = "" if kind is CompanyKind.STARTUP and self.chance(0.2) else self._vat(province)
        slug = slug_of(name)
        english = kind in (CompanyKind.STARTUP, CompanyKind.LARGE) and self.chance(0.15)
        company = Company(
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

    def _contact(self, company: Company) -> Contact:
        female = self.chance(0.48)
        first = self.choice(FEMALE if female else MALE)
        last = company.family if company.family and self.chance(0.7) else self.choice(SURNAMES)
        local_first = ascii_only(first)
        local_last = ascii_only(last)
        roll = self.rng.random()
        small = company.kind in (CompanyKind.ARTISAN, CompanyKind.FOOD_SERVICE, CompanyKind.RETAIL)
        if small and roll < 0.2:
            year = self.rng.randrange(60, 99)
            email = f"{local_first}.{local_last}{year}@{self.choice(WEBMAIL)}"
        elif small and roll < 0.45:
            email = f"{local_first}{local_last}@{self.choice(WEBMAIL)}"
        elif roll < 0.7:
            email = f"{local_first}.{local_last}@{company.domain}"
        elif roll < 0.85:
            email = f"{local_first[0]}.{local_last}@{company.domain}"
        else:
            email = f"{self.choice(('info', 'amministrazione', 'ufficio'))}@{company.domain}"
        phone = self._phone(company.town) if self.chance(0.55) else self._mobile()
        role = self.choice(ROLES_F if female else ROLES_M)
        if company.kind is CompanyKind.STARTUP:
            role = self.choice(("CEO", "co-founder", "CTO"))
        return Contact(f"{first} {last}", email, phone, role)

    def _phone(self, town: str) -> str:
        prefix = TOWN_PREFIX[town]
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
        year, month = self.pick("month", MONTHS)
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        if (year, month) == (DEMO_NOW.year, DEMO_NOW.month):
            last = DEMO_NOW.day
        day = date(year, month, self.rng.randint(1, last))
        minute = self.rng.randrange(7 * 60, 23 * 60)
        moment = datetime.combine(day, time(minute // 60, minute % 60))
        return min(moment, DEMO_NOW - timedelta(minutes=30))

    def ticket_basics(self, t: Ticket) -> None:
        period = period_of(t.created)
        weights = TOPIC_WEIGHTS
        factors = KIND_TOPIC_FACTORS.get(t.company.kind, {})
        t.topic = self.pick(
            ("topic", period, t.company.kind),
            [(k, w[period] * factors.get(k, 1.0)) for k, w in weights.items()],
        )

    def ticket_details(self, t: Ticket) -> None:
        """Channel, time of day, contact, priority and language, once the topic is known."""
        period = period_of(t.created)
        t.english = t.company.english or self.chance(0.02)
        channel = self.pick(("channel", min(period, 1)), CHANNELS[min(period, 1)])
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
        t.priority = self.pick(("priority", crisis), PRIORITIES_CRISIS if crisis else PRIORITIES)
        if channel in (Channel.PHONE, Channel.WALK_IN):
            t.logged_by = self.choice([a[0] for a in ADVISERS])
            t.log_priority = t.priority
            if self.chance(0.3):
                t.log_assignee = t.logged_by
        else:
            t.logged_by = "ms"
            t.log_priority = Priority.NORMAL
        t.uid = uuid.UUID(int=self.rng.getrandbits(128), version=4).hex

    def working_moment(self, day: date) -> datetime:
        """An office moment on ``day`` or the working day before it."""
        day = workday_before(day)
        minute = self.rng.randrange(8 * 60 + 30, 18 * 60)
        return datetime.combine(day, time(minute // 60, minute % 60))

    def _office_time(self, moment: datetime) -> datetime:
        day = moment.date()
        while day.weekday() >= 5:
            day += timedelta(days=1)
        minute = self.rng.randrange(8 * 60 + 30, 18 * 60)
        return datetime.combine(day, time(minute // 60, minute % 60))

    def texts(self, t: Ticket) -> None:
        company = t.company
        covid = t.created.date() < COVID_END
        first = t.contact.name.split()[0]
        feminine = company.noun.startswith(("una ", "un'"))
        slots = {
            "un_attivita": company.noun,
            "la_nostra_attivita": ("la nostra " if feminine else "il nostro ")
            + bare_noun(company.noun),
            "prodotti": company.products,
            "citta": company.town,
            "azienda": company.name,
            "nome": first,
            "nome_completo": t.contact.name,
            "telefono": t.contact.phone,
            "n": str(self.rng.choice((3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 40))),
            "bando": self.choice(BANDI[min(t.created.year - 2020, 2)]),
            "webinar": self._webinar(t),
            "giorno": self.choice(WEEKDAYS_IT),
            "ora": self.choice(("9:30", "10:00", "11:00", "14:30", "15:00", "16:30", "17:00")),
            "durata": self.choice(("20", "30", "45", "60")),
            "punteggio": self.choice(("1,5", "2", "2,5", "3", "3,5")),
            "ateco": company.ateco,
        }
        for key, values in SLOTS_FIXED.items():
            slots[key] = self.choice(values)
        topic = t.topic
        slots["referral"] = self.choice(REFERRALS.get(topic, REFERRALS_DEFAULT))
        t.slots = slots
        texts = TEXTS[topic]
        if t.english and texts.english:
            subject, body = self.choice(texts.english)
        else:
            t.english = False
            pairs = texts.pairs
            if covid and texts.covid:
                pairs = texts.covid if self.chance(0.5) else pairs + texts.covid
            subject, body = self.choice(pairs)
            if self.chance(0.15):
                subject = self.choice(VAGUE_SUBJECTS)
        t.subject = capitalised(subject.format_map(slots))
        t.description = self._frame(t, body.format_map(slots), slots)
        if "subito" in body:
            t.priority = Priority.URGENT
        t.tags = self._tags(t, covid)

    def _webinar(self, t: Ticket) -> str:
        """A webinar already running when the ticket came in, on its topic if there is one."""
        held = [(topic, title) for topic, start, title in WEBINARS if start <= t.created.date()]
        on_topic = [title for topic, title in held if topic == t.topic]
        return self.choice(on_topic or [title for _, title in held])

    def _frame(self, t: Ticket, body: str, slots: dict[str, str]) -> str:
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
            return f"Contatto raccolto a {self.choice(EVENTS)}. {body}"
        if channel is Channel.OTHER:
            return f"Segnalato da {self.choice(REFERRERS).format_map(slots)}. {body}"
        if channel is Channel.WEB and self.chance(0.4):
            return body
        closer = self.choice(CLOSERS).format_map(slots)
        return f"{self.choice(OPENERS)}\n\n{body}\n\n{closer}"

    def _tags(self, t: Ticket, covid: bool) -> list[str]:
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

    def final_status(self, t: Ticket) -> Status:
        age = (DEMO_NOW - t.created).total_seconds() / 86_400
        for limit, weights in STATUS_BY_AGE:
            if age < limit:
                return self.pick(("status", limit), weights)
        return Status.CLOSED

    def assignee(self, t: Ticket) -> str:
        experts = self._experts.get(t.topic) or []
        if t.log_assignee and (t.log_assignee in experts or self.chance(0.5)):
            return t.log_assignee
        if not experts or self.chance(0.12):
            return self.choice([a[0] for a in ADVISERS])
        return self.choice(experts)
