"""The filter language shared by the CLI and the TUI's filter bar.

A query is a list of terms, all of which must hold::

    status:open topic:ecommerce assignee:ms priority:high,urgent due:today company:rossi
    province:CO +overdue -unassigned not channel:phone "free text" forno

* ``field:value`` — a field test; ``a,b`` means either; quotes allow spaces: ``company:"d'oro"``.
* ``field.before:DATE`` / ``field.after:DATE`` — date ranges (``after`` includes the day, ``before``
  excludes it); a date is anything :func:`helpdesk.dates.parse_when` reads: ``eow``, ``-1w``…
* ``+tag`` / ``-tag`` — a virtual tag holds / does not hold (``+overdue``, ``-unassigned``).
* ``not TERM`` or ``-field:value`` — negation.
* ``"…"`` — quotes group words; inside them ``\\"`` is a quote and ``\\\\`` a backslash.
* anything else — free text, matched case- and accent-blind in subject, description and company.

:func:`compile_query` turns a query into a predicate over tickets and a :class:`Narrowing`
that a store can test on its records before building tickets from them; :func:`compile_filter`
gives the predicate alone. Both raise :class:`~helpdesk.errors.InvalidFilter` pointing at the
offending token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from helpdesk.dates import Clock, parse_when
from helpdesk.domain import filter_words as words
from helpdesk.domain.calls import APPLYING, Applied
from helpdesk.domain.enums import Channel, Choice, CompanyKind, Outcome, Priority, Status
from helpdesk.domain.filter_tokens import Token, tokenize
from helpdesk.domain.models import Company, Ticket, Topic
from helpdesk.domain.partners import Referred
from helpdesk.domain.programmes import Service, Source
from helpdesk.domain.taxonomy import resolve_topic
from helpdesk.domain.text import fold
from helpdesk.domain.vocabulary import nearest, parse_choice, typed_word
from helpdesk.errors import InvalidDate, InvalidFilter, InvalidValue
from helpdesk.i18n import N_, _, language

Predicate = Callable[[Ticket], bool]


@dataclass(frozen=True, slots=True)
class Narrowing:
    """What every ticket a query matches holds in its plain fields: a test a store can run on
    its stored records before building tickets from them, which is most of the cost of a search
    over a large desk. It may let through tickets the query does not match (the query's
    predicate decides); it never keeps out one that the query matches.

    Attributes:
        one_of: A field → the values one of which it holds: ``status``, ``priority``, ``channel``
            and ``outcome`` (by value, None for no outcome), ``assignee`` (a key, or None),
            ``ref``.
        any_topic: Sets of topic keys: the ticket has a topic from each.
        words: Folded texts that all appear in the ticket's :func:`searchable` text.
        pending_followup: The ticket has a follow-up neither done nor cancelled.
        due_before: When set, one of those pending follow-ups is due before this day.
        complete: It says all the query says: a ticket it lets through is one the query
            matches, so a store may order and page what it finds without the predicate.
    """

    one_of: Mapping[str, frozenset[object]] = field(default_factory=dict)
    any_topic: tuple[frozenset[str], ...] = ()
    words: tuple[str, ...] = ()
    pending_followup: bool = False
    complete: bool = False
    due_before: date | None = None

    def __and__(self, other: Narrowing) -> Narrowing:
        """What a ticket matching both terms holds."""
        one_of = dict(self.one_of)
        for name, values in other.one_of.items():
            one_of[name] = one_of[name] & values if name in one_of else values
        return Narrowing(
            one_of,
            self.any_topic + other.any_topic,
            self.words + other.words,
            self.pending_followup or other.pending_followup,
            self.complete and other.complete,
            min((d for d in (self.due_before, other.due_before) if d), default=None),
        )

    def __bool__(self) -> bool:
        """Whether it keeps anything out at all."""
        return bool(self.one_of or self.any_topic or self.words or self.pending_followup)


#: The narrowing of a ticket with a pending follow-up (the agenda's, ``+overdue``'s).
WITH_PENDING_FOLLOWUP = Narrowing(pending_followup=True)


#: The narrowing of a term that says nothing of the plain fields.
ANYTHING = Narrowing()


@dataclass(frozen=True, slots=True)
class Term:
    """A compiled term: its predicate and its narrowing."""

    matches: Predicate
    narrowing: Narrowing = ANYTHING

    def negated(self) -> Term:
        """The term's opposite, which narrows nothing: ``not status:open`` holds any status
        but the open ones, and the plain fields alone cannot tell which tickets that keeps."""
        matches = self.matches
        return Term(lambda ticket: not matches(ticket))


@dataclass(frozen=True, slots=True)
class Query:
    """A compiled query: the predicate that decides, and what the store may test first."""

    matches: Predicate
    narrowing: Narrowing


@dataclass(slots=True)
class FilterContext:
    """What a query needs to know beyond the ticket itself.

    Attributes:
        clock: Today, for date terms.
        me: The acting adviser's key, for ``assignee:me`` and ``+mine``.
        topics: The taxonomy, to read topic names in either language.
        advisers: Known adviser keys.
        companies: Companies by id, for company, province and kind terms.
        text_of: The folded text free-text terms search in; the TUI passes a cached one.
        enrolments: Ticket reference → ids of the webinars it has a live (not cancelled)
            enrolment in, for ``webinar:ID``.
        enrolled: References registered or waitlisted for an upcoming webinar, for
            ``+enrolled``.
        referrals: Ticket reference → its referrals to partners, for ``partner:X`` and
            ``+referred``.
        applications: Ticket reference → its applications to grant calls, for ``bando:ID``,
            ``+applying`` and ``deadline``.
    """

    clock: Clock
    me: str = ""
    topics: Sequence[Topic] = ()
    advisers: Iterable[str] = ()
    companies: Mapping[int, Company] = field(default_factory=dict)
    text_of: Callable[[Ticket], str] | None = None
    enrolments: Mapping[int, frozenset[int]] = field(default_factory=dict)
    enrolled: AbstractSet[int] = frozenset()
    referrals: Mapping[int, tuple[Referred, ...]] = field(default_factory=dict)
    applications: Mapping[int, tuple[Applied, ...]] = field(default_factory=dict)

    def company(self, ticket: Ticket) -> Company | None:
        """The ticket's company, if known."""
        return self.companies.get(ticket.company_id) if ticket.company_id is not None else None

    def search_text(self, ticket: Ticket) -> str:
        """The folded text that free-text terms look in."""
        if self.text_of is not None:
            return self.text_of(ticket)
        return searchable_text(ticket, self.company(ticket))


def searchable_text(ticket: Ticket, company: Company | None) -> str:
    """Subject, description, company and contact of a ticket, folded for searching."""
    return searchable(
        ticket.subject, ticket.description, ticket.contact.name, company.name if company else None
    )


def searchable(subject: str, description: str, contact: str, company: str | None) -> str:
    """The text free-text terms look in, from its parts: the subject, the description, the
    contact's name and the company's name (None without a company), folded."""
    parts = (
        [subject, description, contact]
        if company is None
        else [subject, description, contact, company]
    )
    return fold("\n".join(parts))


def compile_filter(query: str, ctx: FilterContext) -> Predicate:
    """Compile a query into a predicate over tickets (see :func:`compile_query`)."""
    return compile_query(query, ctx).matches


def compile_query(query: str, ctx: FilterContext) -> Query:
    """Compile a query into a predicate over tickets and its :class:`Narrowing`.

    Args:
        query: The filter as typed; an empty query matches everything.
        ctx: What the terms need to know (today, the taxonomy, the companies…).

    Raises:
        InvalidFilter: naming the bad token, with its offsets in ``query``.
    """
    terms: list[Term] = []
    negate_next: Token | None = None
    for token in tokenize(query):
        if token.text.lower() in NEGATIONS and negate_next is None:
            negate_next = token
            continue
        try:
            term = _term(token, ctx)
        except InvalidFilter:
            raise
        except InvalidValue as error:
            raise _error(str(error), query, token) from None
        except _Bad as error:
            raise _error(error.message, query, token) from None
        if negate_next is not None:
            term = term.negated()
            negate_next = None
        terms.append(term)
    if negate_next is not None:
        raise InvalidFilter(
            _("`{word}` needs a term after it.").format(word=negate_next.text),
            query,
            negate_next.start,
            negate_next.end,
        )
    narrowing = Narrowing(complete=True)  # an empty query: every ticket, and nothing else
    for term in terms:
        narrowing &= term.narrowing
    predicates = [term.matches for term in terms]
    if not predicates:
        return Query(_always, narrowing)
    if len(predicates) == 1:
        return Query(predicates[0], narrowing)
    return Query(lambda ticket: all(p(ticket) for p in predicates), narrowing)


def _error(reason: str, query: str, token: Token) -> InvalidFilter:
    bad = query[token.start : token.end]
    return InvalidFilter(
        _("In {token!r}: {reason}").format(token=bad, reason=reason), query, token.start, token.end
    )


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _always(ticket: Ticket) -> bool:
    return True


def _term(token: Token, ctx: FilterContext) -> Term:
    text = token.text
    if not text:
        return Term(_always)
    if text[0] in "+-" and ":" not in text and len(text) > 1:
        name = words.tag_named(text[1:], TAGS)
        if name is None:
            raise _Bad(words.unknown_tag(text, TAGS))
        term = TAGS[name](ctx)
        return term if text[0] == "+" else term.negated()
    if ":" in text and not text.startswith(":"):
        negated = text.startswith("-")
        typed, _sep, value = text.lstrip("-").partition(":")
        typed_name, _sep, typed_op = typed.partition(".")
        name = words.field_named(typed_name, FIELDS)
        if name is not None:
            spec = FIELDS[name]
            op = words.form_named(typed_op)
            if op not in spec.ops:
                raise _Bad(words.no_such_form(typed_name, typed_op, spec.ops))
            values = [v.strip() for v in value.split(",")] if spec.split else [value.strip()]
            values = [v for v in values if v]
            if not values:
                raise _Bad(
                    _("{field} needs a value, e.g. {example}.").format(
                        field=typed_name + ":", example=spec.typed_example()
                    )
                )
            term = spec.compile(values, op, ctx)
            return term.negated() if negated else term
        if not _looks_like_text(typed_name) and not value.startswith("//"):
            raise _Bad(words.unknown_field(typed_name, FIELDS))
    needle = fold(text)
    narrowing = Narrowing(words=(needle,), complete=True)
    return Term(lambda ticket: needle in ctx.search_text(ticket), narrowing)


#: The words that negate the term after them.
NEGATIONS = frozenset({"not", "non"})


def _looks_like_text(name: str) -> bool:
    # "ore 9:30" or "http://…" are text, not a field named "ore" or "http".
    return not name.isalpha()


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one ``field:value`` term compiles, and what it accepts."""

    compile: Callable[[list[str], str, FilterContext], Term]
    example: str
    ops: tuple[str, ...] = ("",)
    split: bool = True
    help: str = ""
    italian_example: str = ""
    choices: type[Choice] | None = None

    def typed_example(self) -> str:
        """The example as typed in the current language."""
        return self.italian_example if language() == "it" and self.italian_example else self.example

    def meaning(self) -> str:
        """What the field takes, in the current language (its values, for a vocabulary)."""
        if self.choices is not None:
            values = ", ".join(typed_word(member) for member in self.choices)
            return _(self.help).format(values=values)
        return _(self.help)


def _choice(kind: type[Choice], values: list[str]) -> set[str]:
    return {parse_choice(kind, v).value for v in values}


def _one_of(name: str, wanted: set[Any], value: Callable[[Ticket], Any]) -> Term:
    """A term holding when ``value(ticket)`` is one of ``wanted``, the plain field ``name``."""
    return Term(lambda t: value(t) in wanted, Narrowing({name: frozenset(wanted)}, complete=True))


def _status(values: list[str], op: str, ctx: FilterContext) -> Term:
    wanted: set[str] = set()
    for value in values:
        low = fold(value)
        if low in words.OPEN_WORDS:
            wanted |= {s.value for s in Status if s.is_open}
        elif low in words.DONE_WORDS:
            wanted |= {Status.RESOLVED.value, Status.CLOSED.value}
        else:
            wanted.add(parse_choice(Status, value).value)
    return _one_of("status", wanted, lambda t: t.status.value)


def _enum_field(kind: type[Choice], attr: str) -> Callable[[list[str], str, FilterContext], Term]:
    def compile(values: list[str], op: str, ctx: FilterContext) -> Term:
        wanted = _choice(kind, values)
        return _one_of(attr, wanted, lambda t: (v := getattr(t, attr)) and v.value)

    return compile


def _topic(values: list[str], op: str, ctx: FilterContext) -> Term:
    keys: set[str] = set()
    for value in values:
        topic = resolve_topic(value, ctx.topics)
        if topic is None:
            known = ", ".join(t.key for t in ctx.topics)
            guess = nearest(value, [t.key for t in ctx.topics])
            if guess is not None:
                raise _Bad(
                    _(
                        "Unknown topic {topic!r} (did you mean {suggestion}?); topics are: {known}."
                    ).format(topic=value, suggestion=guess, known=known)
                )
            raise _Bad(
                _("Unknown topic {topic!r}; topics are: {known}.").format(topic=value, known=known)
            )
        keys.add(topic.key)
    narrowing = Narrowing(any_topic=(frozenset(keys),), complete=True)
    return Term(lambda t: not keys.isdisjoint(t.topics), narrowing)


def _assignee(values: list[str], op: str, ctx: FilterContext) -> Term:
    known = set(ctx.advisers)
    wanted: set[str | None] = set()
    for value in values:
        low = value.lower()
        if low in words.ME_WORDS:
            wanted.add(ctx.me)
        elif fold(low) in words.NOBODY_WORDS:
            wanted.add(None)
        elif known and low not in known:
            raise _Bad(
                _("Unknown adviser {adviser!r}; advisers are: {known}.").format(
                    adviser=value, known=", ".join(sorted(known))
                )
            )
        else:
            wanted.add(low)
    return _one_of("assignee", wanted, lambda t: t.assignee)


def _company(values: list[str], op: str, ctx: FilterContext) -> Term:
    needles = [fold(v) for v in values]

    def match(t: Ticket) -> bool:
        company = ctx.company(t)
        name = fold(company.name) if company else ""
        vat = (company.vat or "") if company else ""
        return any(n in name or (n.isdigit() and n in vat) for n in needles)

    return Term(match)


def _company_attr(
    attr: str, upper: bool = False
) -> Callable[[list[str], str, FilterContext], Term]:
    def compile(values: list[str], op: str, ctx: FilterContext) -> Term:
        wanted = {fold(v) for v in values}

        def match(t: Ticket) -> bool:
            company = ctx.company(t)
            return company is not None and fold(getattr(company, attr) or "") in wanted

        return Term(match)

    return compile


def _kind(values: list[str], op: str, ctx: FilterContext) -> Term:
    wanted = _choice(CompanyKind, values)

    def match(t: Ticket) -> bool:
        company = ctx.company(t)
        return company is not None and company.kind.value in wanted

    return Term(match)


def _tag(values: list[str], op: str, ctx: FilterContext) -> Term:
    wanted = {fold(v) for v in values}
    return Term(lambda t: any(fold(tag) in wanted for tag in t.tags))


def _ref(values: list[str], op: str, ctx: FilterContext) -> Term:
    try:
        refs = {int(v.lstrip("#")) for v in values}
    except ValueError:
        raise _Bad(
            _("{field} takes ticket numbers, e.g. {example}, not {value!r}.").format(
                field=words.field_word("ref") + ":",
                example=words.field_word("ref") + ":42,57",
                value=",".join(values),
            )
        ) from None
    return _one_of("ref", refs, lambda t: t.ref)


def _webinar(values: list[str], op: str, ctx: FilterContext) -> Term:
    try:
        ids = frozenset(int(v.lstrip("#")) for v in values)
    except ValueError:
        raise _Bad(
            _("webinar: takes webinar numbers, e.g. webinar:3,4, not {value!r}.").format(
                value=",".join(values)
            )
        ) from None
    return Term(lambda t: not ids.isdisjoint(ctx.enrolments.get(t.ref, ())))


def _partner(values: list[str], op: str, ctx: FilterContext) -> Term:
    """Tickets referred to a partner named by number or by a part of its name."""
    wanted = [fold(v.strip().lstrip("#")) for v in values if v.strip()]

    def named(r: Referred) -> bool:
        return any(str(r.partner) == w or w in fold(r.name) for w in wanted)

    return Term(lambda t: any(named(r) for r in ctx.referrals.get(t.ref, ())))


def _network_field(
    kind: type[Choice], attr: str
) -> Callable[[list[str], str, FilterContext], Term]:
    """``service:advice``, ``source:bank``: fields a store narrowing does not know."""

    def compile(values: list[str], op: str, ctx: FilterContext) -> Term:
        wanted = _choice(kind, values)
        return Term(lambda t: (v := getattr(t, attr)) is not None and v.value in wanted)

    return compile


def _programme(values: list[str], op: str, ctx: FilterContext) -> Term:
    wanted = {v.strip().lower() for v in values}
    return Term(lambda t: t.programme in wanted)


def _bando(values: list[str], op: str, ctx: FilterContext) -> Term:
    try:
        ids = frozenset(int(v.lstrip("#")) for v in values)
    except ValueError:
        raise _Bad(
            _("bando: takes call numbers, e.g. bando:3,4, not {value!r}.").format(
                value=",".join(values)
            )
        ) from None
    return Term(lambda t: any(a.call in ids for a in ctx.applications.get(t.ref, ())))


def _deadline(values: list[str], op: str, ctx: FilterContext) -> Term:
    """Tickets with an application still interested or preparing whose call closes on the day,
    before it (``deadline.before``) or from it (``deadline.after``)."""
    value = values[0]
    tz = ctx.clock.tz
    if op in ("before", "after"):
        moment = _moment(value, ctx)

        def within(closes: datetime) -> bool:
            return closes < moment if op == "before" else closes >= moment
    else:
        try:
            day = parse_when(value, ctx.clock).day
        except InvalidDate as error:
            raise _Bad(str(error)) from None

        def within(closes: datetime) -> bool:
            return closes.astimezone(tz).date() == day

    return Term(
        lambda t: any(
            a.stage in APPLYING and within(a.closes) for a in ctx.applications.get(t.ref, ())
        )
    )


def _moment(value: str, ctx: FilterContext) -> datetime:
    try:
        return parse_when(value, ctx.clock).at
    except InvalidDate as error:
        raise _Bad(str(error)) from None


def _date_field(attr: str) -> Callable[[list[str], str, FilterContext], Term]:
    def compile(values: list[str], op: str, ctx: FilterContext) -> Term:
        return Term(_date_predicate(attr, values[0], op, ctx))

    return compile


def _date_predicate(attr: str, value: str, op: str, ctx: FilterContext) -> Predicate:
    if op == "after":
        since = _moment(value, ctx)
        return lambda t: getattr(t, attr) is not None and getattr(t, attr) >= since
    if op == "before":
        until = _moment(value, ctx)
        return lambda t: getattr(t, attr) is not None and getattr(t, attr) < until
    day = parse_when(value, ctx.clock).day
    return lambda t: (
        getattr(t, attr) is not None and getattr(t, attr).astimezone(ctx.clock.tz).date() == day
    )


def _due(values: list[str], op: str, ctx: FilterContext) -> Term:
    return Term(_due_predicate(values[0].lower(), op, ctx))


def _due_predicate(value: str, op: str, ctx: FilterContext) -> Predicate:
    today = ctx.clock.today()
    if op == "after":
        since = _moment(value, ctx)
        return lambda t: any(f.due.at >= since for f in t.followups if f.pending)
    if op == "before":
        until = _moment(value, ctx)
        return lambda t: any(f.due.at < until for f in t.followups if f.pending)
    if fold(value) in words.OVERDUE_WORDS:
        return lambda t: any(f.is_overdue(today) for f in t.followups)
    if fold(value) in words.NEVER_WORDS:
        return lambda t: not any(f.pending for f in t.followups)
    day = parse_when(value, ctx.clock).day
    return lambda t: any(f.due.day == day for f in t.followups if f.pending)


def _priority(values: list[str], op: str, ctx: FilterContext) -> Term:
    if op in ("above", "below"):
        rank = parse_choice(Priority, values[0]).rank
        wanted = {p.value for p in Priority if (p.rank > rank if op == "above" else p.rank < rank)}
    else:
        wanted = _choice(Priority, values)
    return _one_of("priority", wanted, lambda t: t.priority.value)


#: Every ``field:value`` the language knows, with examples and a meaning for messages and help
#: (:func:`filter_help`); :mod:`helpdesk.domain.filter_words` names them in Italian.
FIELDS: dict[str, FieldSpec] = {
    "status": FieldSpec(
        _status,
        "status:open",
        help=N_("{values}; open; done"),
        italian_example="stato:aperte",
        choices=Status,
    ),
    "topic": FieldSpec(
        _topic,
        "topic:ecommerce",
        help=N_("a topic key or label, English or Italian"),
        italian_example="tema:bandi",
    ),
    "assignee": FieldSpec(
        _assignee,
        "assignee:me",
        help=N_("an adviser key, me, or none"),
        italian_example="assegnato:me",
    ),
    "priority": FieldSpec(
        _priority,
        "priority:high,urgent",
        ("", "above", "below"),
        help=N_("{values}"),
        italian_example="priorità:alta,urgente",
        choices=Priority,
    ),
    "channel": FieldSpec(
        _enum_field(Channel, "channel"),
        "channel:phone",
        help=N_("{values}"),
        italian_example="canale:telefono",
        choices=Channel,
    ),
    "outcome": FieldSpec(
        _enum_field(Outcome, "outcome"),
        "outcome:grant_applied",
        help=N_("{values}"),
        italian_example="esito:domanda_presentata",
        choices=Outcome,
    ),
    "company": FieldSpec(
        _company,
        "company:rossi",
        help=N_("part of the company name, or its VAT number"),
        italian_example="impresa:rossi",
    ),
    "province": FieldSpec(
        _company_attr("province"),
        "province:CO",
        help=N_("a province code"),
        italian_example="provincia:CO",
    ),
    "town": FieldSpec(
        _company_attr("town"),
        "town:como",
        help=N_("the company's town"),
        italian_example="comune:como",
    ),
    "kind": FieldSpec(
        _kind,
        "kind:artisan",
        help=N_("{values}"),
        italian_example="tipologia:artigiana",
        choices=CompanyKind,
    ),
    "tag": FieldSpec(_tag, "tag:covid", help=N_("a ticket tag"), italian_example="etichetta:covid"),
    "ref": FieldSpec(_ref, "ref:42", help=N_("ticket numbers"), italian_example="rif:42"),
    "webinar": FieldSpec(
        _webinar,
        "webinar:3",
        help=N_("webinar numbers: tickets enrolled in them (any status but cancelled)"),
    ),
    "partner": FieldSpec(
        _partner,
        "partner:made",
        help=N_("partner numbers or parts of names: tickets referred to them (any state)"),
    ),
    "service": FieldSpec(
        _network_field(Service, "service"),
        "service:advice",
        help=N_("{values}"),
        italian_example="servizio:consulenza",
        choices=Service,
    ),
    "source": FieldSpec(
        _network_field(Source, "source"),
        "source:chamber",
        help=N_("{values}"),
        italian_example="fonte:banca",
        choices=Source,
    ),
    "programme": FieldSpec(
        _programme,
        "programme:desk2020",
        help=N_("programme keys: tickets counted under them"),
        italian_example="programma:desk2020",
    ),
    "bando": FieldSpec(
        _bando,
        "bando:3",
        help=N_("grant call numbers: tickets with an application to them (any stage)"),
    ),
    "deadline": FieldSpec(
        _deadline,
        "deadline.before:+2w",
        ("", "after", "before"),
        split=False,
        help=N_("a date: an application still interested or preparing to a call closing then"),
        italian_example="scadenzabando.prima:+2sett",
    ),
    "created": FieldSpec(
        _date_field("created"),
        "created.after:2020-03-01",
        ("", "after", "before"),
        split=False,
        help=N_("a date: on, .after (from), .before (until)"),
        italian_example="creata.dopo:01/03/2020",
    ),
    "updated": FieldSpec(
        _date_field("updated"),
        "updated.after:-1w",
        ("", "after", "before"),
        split=False,
        help=N_("a date: on, .after (from), .before (until)"),
        italian_example="aggiornata.dopo:-1sett",
    ),
    "due": FieldSpec(
        _due,
        "due:today",
        ("", "after", "before"),
        split=False,
        help=N_("a follow-up date, overdue, or none"),
        italian_example="scadenza:oggi",
    ),
}


def _tag_unassigned(ctx: FilterContext) -> Term:
    return _one_of("assignee", {None}, lambda t: t.assignee)


def _tag_mine(ctx: FilterContext) -> Term:
    return _one_of("assignee", {ctx.me}, lambda t: t.assignee)


def _tag_open(ctx: FilterContext) -> Term:
    return _one_of("status", {s.value for s in Status if s.is_open}, lambda t: t.status.value)


def _tag_overdue(ctx: FilterContext) -> Term:
    today = ctx.clock.today()
    narrowing = Narrowing(pending_followup=True, complete=True, due_before=today)
    return Term(lambda t: any(f.is_overdue(today) for f in t.followups), narrowing)


def _tag_due(ctx: FilterContext) -> Term:
    today = ctx.clock.today()
    tomorrow = Narrowing(pending_followup=True, complete=True, due_before=today + timedelta(1))
    return Term(lambda t: any(f.is_due(today) for f in t.followups), tomorrow)


def _tag_nofollowup(ctx: FilterContext) -> Term:
    open_ = _tag_open(ctx)
    narrowing = Narrowing(open_.narrowing.one_of)  # the follow-ups are the predicate's
    return Term(lambda t: t.status.is_open and not any(f.pending for f in t.followups), narrowing)


def _tag_enrolled(ctx: FilterContext) -> Term:
    return Term(lambda t: t.ref in ctx.enrolled)


def _tag_applying(ctx: FilterContext) -> Term:
    return Term(lambda t: any(a.stage in APPLYING for a in ctx.applications.get(t.ref, ())))


#: Every ``+tag`` the language knows.
TAGS: dict[str, Callable[[FilterContext], Term]] = {
    "open": _tag_open,
    "unassigned": _tag_unassigned,
    "mine": _tag_mine,
    "due": _tag_due,
    "overdue": _tag_overdue,
    "nofollowup": _tag_nofollowup,
    "enrolled": _tag_enrolled,
    "referred": lambda ctx: Term(lambda t: bool(ctx.referrals.get(t.ref))),
    "applying": _tag_applying,
}

#: What each tag means, for help texts.
TAG_HELP: dict[str, str] = {
    "open": N_("not resolved and not closed"),
    "unassigned": N_("no adviser assigned"),
    "mine": N_("assigned to the acting adviser"),
    "due": N_("a pending follow-up due today or earlier"),
    "overdue": N_("a pending follow-up due before today"),
    "nofollowup": N_("open, with no pending follow-up: the ones that slip"),
    "enrolled": N_("registered or waitlisted for a webinar that has not started yet"),
    "referred": N_("referred to a partner of the network (any state)"),
    "applying": N_("an application to a grant call still interested or preparing"),
}


def filter_help() -> list[tuple[str, str]]:
    """Every term of the language with what it means, as typed in the current language: what
    the help screen lists (``stato:aperte`` to an Italian adviser, ``status:open`` otherwise).
    The English words are read too, whatever the language."""
    rows = [(spec.typed_example(), spec.meaning()) for spec in FIELDS.values()]
    rows += [("+" + words.tag_word(tag), _(meaning)) for tag, meaning in TAG_HELP.items()]
    rows += [
        ("-" + words.tag_word("unassigned"), _("a tag or field prefixed by - is negated")),
        (_("not TERM"), _("negation")),
        (_('forno "free text"'), _("case- and accent-blind search")),
    ]
    return rows
