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

:func:`compile_filter` turns a query into a predicate over tickets, or raises
:class:`~helpdesk.errors.InvalidFilter` pointing at the offending token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from helpdesk.dates import Clock, parse_when
from helpdesk.domain.enums import (
    Channel,
    Choice,
    CompanyKind,
    Outcome,
    Priority,
    Status,
)
from helpdesk.domain.models import Company, Ticket, Topic
from helpdesk.domain.taxonomy import resolve_topic
from helpdesk.domain.text import fold
from helpdesk.errors import InvalidDate, InvalidFilter, InvalidValue

Predicate = Callable[[Ticket], bool]


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
    """

    clock: Clock
    me: str = ""
    topics: Sequence[Topic] = ()
    advisers: Iterable[str] = ()
    companies: Mapping[int, Company] = field(default_factory=dict)
    text_of: Callable[[Ticket], str] | None = None
    enrolments: Mapping[int, frozenset[int]] = field(default_factory=dict)
    enrolled: frozenset[int] = frozenset()

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
    parts = [ticket.subject, ticket.description, ticket.contact.name]
    if company is not None:
        parts.append(company.name)
    return fold("\n".join(parts))


@dataclass(frozen=True, slots=True)
class Token:
    """One whitespace-separated piece of a query, with its place in the query."""

    text: str
    start: int
    end: int


def tokenize(query: str) -> list[Token]:
    """Split a query at spaces outside double quotes, keeping each token's offsets.

    Raises:
        InvalidFilter: for a quote that is never closed.
    """
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        start = i
        buf: list[str] = []
        while i < n and not query[i].isspace():
            if query[i] == '"':
                i += 1
                while i < n and query[i] != '"':
                    if query[i] == "\\" and i + 1 < n:  # \" and \\ inside quotes
                        i += 1
                    buf.append(query[i])
                    i += 1
                if i >= n:
                    raise InvalidFilter(
                        f"In {query[start:]!r}: a quote is never closed.", query, start, n
                    )
                i += 1
            else:
                buf.append(query[i])
                i += 1
        tokens.append(Token("".join(buf), start, i))
    return tokens


def compile_filter(query: str, ctx: FilterContext) -> Predicate:
    """Compile a query into a predicate over tickets.

    Args:
        query: The filter as typed; an empty query matches everything.
        ctx: What the terms need to know (today, the taxonomy, the companies…).

    Raises:
        InvalidFilter: naming the bad token, with its offsets in ``query``.
    """
    terms: list[Predicate] = []
    negate_next: Token | None = None
    for token in tokenize(query):
        if token.text.lower() == "not" and negate_next is None:
            negate_next = token
            continue
        try:
            predicate = _term(token, ctx)
        except InvalidFilter:
            raise
        except InvalidValue as error:
            raise _error(str(error), query, token) from None
        except _Bad as error:
            raise _error(error.message, query, token) from None
        if negate_next is not None:
            predicate = _negate(predicate)
            negate_next = None
        terms.append(predicate)
    if negate_next is not None:
        raise InvalidFilter(
            "`not` needs a term after it.", query, negate_next.start, negate_next.end
        )
    if not terms:
        return _always
    if len(terms) == 1:
        return terms[0]
    return lambda ticket: all(term(ticket) for term in terms)


def _error(reason: str, query: str, token: Token) -> InvalidFilter:
    bad = query[token.start : token.end]
    return InvalidFilter(f"In {bad!r}: {reason}", query, token.start, token.end)


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def _always(ticket: Ticket) -> bool:
    return True


def _negate(predicate: Predicate) -> Predicate:
    return lambda ticket: not predicate(ticket)


def _term(token: Token, ctx: FilterContext) -> Predicate:
    text = token.text
    if not text:
        return _always
    if text[0] in "+-" and ":" not in text and len(text) > 1:
        name = text[1:].lower()
        if name not in TAGS:
            raise _Bad(f"Unknown tag {text!r}; tags are: {', '.join('+' + t for t in TAGS)}.")
        predicate = TAGS[name](ctx)
        return predicate if text[0] == "+" else _negate(predicate)
    if ":" in text and not text.startswith(":"):
        negated = text.startswith("-")
        name, _, value = text.lstrip("-").partition(":")
        name, _, op = name.lower().partition(".")
        if name in FIELDS:
            spec = FIELDS[name]
            if op not in spec.ops:
                ops = ", ".join(f"{name}.{o}" for o in spec.ops if o) or "none"
                raise _Bad(f"{name} has no .{op} form; forms: {ops}.")
            values = [v.strip() for v in value.split(",")] if spec.split else [value.strip()]
            values = [v for v in values if v]
            if not values:
                raise _Bad(f"{name}: needs a value, e.g. {spec.example}.")
            predicate = spec.compile(values, op, ctx)
            return _negate(predicate) if negated else predicate
        if not _looks_like_text(name) and not value.startswith("//"):
            known = ", ".join(sorted(FIELDS))
            raise _Bad(f"Unknown field {name!r}; fields are: {known}.")
    needle = fold(text)
    return lambda ticket: needle in ctx.search_text(ticket)


def _looks_like_text(name: str) -> bool:
    # "ore 9:30" or "http://…" are text, not a field named "ore" or "http".
    return not name.isalpha()


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """How one ``field:value`` term compiles, and what it accepts."""

    compile: Callable[[list[str], str, FilterContext], Predicate]
    example: str
    ops: tuple[str, ...] = ("",)
    split: bool = True
    help: str = ""


def _choice(kind: type[Choice], values: list[str]) -> set[str]:
    return {kind.parse(v).value for v in values}


def _status(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    wanted: set[str] = set()
    for value in values:
        low = value.lower()
        if low == "open":
            wanted |= {s.value for s in Status if s.is_open}
        elif low in ("done", "finished"):
            wanted |= {Status.RESOLVED.value, Status.CLOSED.value}
        else:
            wanted.add(Status.parse(value).value)
    return lambda t: t.status.value in wanted


def _enum_field(
    kind: type[Choice], attr: str
) -> Callable[[list[str], str, FilterContext], Predicate]:
    def compile(values: list[str], op: str, ctx: FilterContext) -> Predicate:
        wanted = _choice(kind, values)
        return lambda t: (getattr(t, attr) or "") in wanted

    return compile


def _topic(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    keys: set[str] = set()
    for value in values:
        topic = resolve_topic(value, ctx.topics)
        if topic is None:
            known = ", ".join(t.key for t in ctx.topics)
            raise _Bad(f"Unknown topic {value!r}; topics are: {known}.")
        keys.add(topic.key)
    return lambda t: not keys.isdisjoint(t.topics)


def _assignee(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    known = set(ctx.advisers)
    wanted: set[str | None] = set()
    for value in values:
        low = value.lower()
        if low == "me":
            wanted.add(ctx.me)
        elif low in ("none", "nobody"):
            wanted.add(None)
        elif known and low not in known:
            raise _Bad(f"Unknown adviser {value!r}; advisers are: {', '.join(sorted(known))}.")
        else:
            wanted.add(low)
    return lambda t: t.assignee in wanted


def _company(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    needles = [fold(v) for v in values]

    def match(t: Ticket) -> bool:
        company = ctx.company(t)
        name = fold(company.name) if company else ""
        vat = (company.vat or "") if company else ""
        return any(n in name or (n.isdigit() and n in vat) for n in needles)

    return match


def _company_attr(
    attr: str, upper: bool = False
) -> Callable[[list[str], str, FilterContext], Predicate]:
    def compile(values: list[str], op: str, ctx: FilterContext) -> Predicate:
        wanted = {fold(v) for v in values}

        def match(t: Ticket) -> bool:
            company = ctx.company(t)
            return company is not None and fold(getattr(company, attr) or "") in wanted

        return match

    return compile


def _kind(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    wanted = _choice(CompanyKind, values)

    def match(t: Ticket) -> bool:
        company = ctx.company(t)
        return company is not None and company.kind.value in wanted

    return match


def _tag(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    wanted = {fold(v) for v in values}
    return lambda t: any(fold(tag) in wanted for tag in t.tags)


def _ref(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    try:
        refs = {int(v.lstrip("#")) for v in values}
    except ValueError:
        raise _Bad(
            f"ref: takes ticket numbers, e.g. ref:42,57, not {','.join(values)!r}."
        ) from None
    return lambda t: t.ref in refs


def _webinar(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    try:
        ids = frozenset(int(v.lstrip("#")) for v in values)
    except ValueError:
        raise _Bad(
            f"webinar: takes webinar numbers, e.g. webinar:3,4, not {','.join(values)!r}."
        ) from None
    return lambda t: not ids.isdisjoint(ctx.enrolments.get(t.ref, ()))


def _moment(value: str, ctx: FilterContext) -> datetime:
    try:
        return parse_when(value, ctx.clock).at
    except InvalidDate as error:
        raise _Bad(str(error)) from None


def _date_field(attr: str) -> Callable[[list[str], str, FilterContext], Predicate]:
    def compile(values: list[str], op: str, ctx: FilterContext) -> Predicate:
        value = values[0]
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

    return compile


def _due(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    value = values[0].lower()
    today = ctx.clock.today()
    if op == "after":
        since = _moment(value, ctx)
        return lambda t: any(f.due.at >= since for f in t.followups if f.pending)
    if op == "before":
        until = _moment(value, ctx)
        return lambda t: any(f.due.at < until for f in t.followups if f.pending)
    if value == "overdue":
        return lambda t: any(f.due.day < today for f in t.followups if f.pending)
    if value in ("none", "never"):
        return lambda t: not any(f.pending for f in t.followups)
    day = parse_when(value, ctx.clock).day
    return lambda t: any(f.due.day == day for f in t.followups if f.pending)


def _priority(values: list[str], op: str, ctx: FilterContext) -> Predicate:
    if op in ("above", "below"):
        rank = Priority.parse(values[0]).rank
        if op == "above":
            return lambda t: t.priority.rank > rank
        return lambda t: t.priority.rank < rank
    wanted = _choice(Priority, values)
    return lambda t: t.priority.value in wanted


#: Every ``field:value`` the language knows, with an example for messages and help.
FIELDS: dict[str, FieldSpec] = {
    "status": FieldSpec(
        _status,
        "status:open",
        help="new, triaged, in_progress, waiting, resolved, closed; open; done",
    ),
    "topic": FieldSpec(_topic, "topic:ecommerce", help="a topic key or label, English or Italian"),
    "assignee": FieldSpec(_assignee, "assignee:me", help="an adviser key, me, or none"),
    "priority": FieldSpec(
        _priority,
        "priority:high,urgent",
        ("", "above", "below"),
        help="low, normal, high, urgent",
    ),
    "channel": FieldSpec(
        _enum_field(Channel, "channel"),
        "channel:phone",
        help=", ".join(Channel.values()),
    ),
    "outcome": FieldSpec(
        _enum_field(Outcome, "outcome"),
        "outcome:grant_applied",
        help=", ".join(Outcome.values()),
    ),
    "company": FieldSpec(
        _company, "company:rossi", help="part of the company name, or its VAT number"
    ),
    "province": FieldSpec(_company_attr("province"), "province:CO", help="a province code"),
    "town": FieldSpec(_company_attr("town"), "town:como", help="the company's town"),
    "kind": FieldSpec(_kind, "kind:artisan", help=", ".join(CompanyKind.values())),
    "tag": FieldSpec(_tag, "tag:covid", help="a ticket tag"),
    "ref": FieldSpec(_ref, "ref:42", help="ticket numbers"),
    "webinar": FieldSpec(
        _webinar,
        "webinar:3",
        help="webinar numbers: tickets enrolled in them (any status but cancelled)",
    ),
    "created": FieldSpec(
        _date_field("created"),
        "created.after:2020-03-01",
        ("", "after", "before"),
        split=False,
        help="a date: on, .after (from), .before (until)",
    ),
    "updated": FieldSpec(
        _date_field("updated"),
        "updated.after:-1w",
        ("", "after", "before"),
        split=False,
        help="a date: on, .after (from), .before (until)",
    ),
    "due": FieldSpec(
        _due,
        "due:today",
        ("", "after", "before"),
        split=False,
        help="a follow-up date, overdue, or none",
    ),
}


def _tag_unassigned(ctx: FilterContext) -> Predicate:
    return lambda t: t.assignee is None


def _tag_mine(ctx: FilterContext) -> Predicate:
    return lambda t: t.assignee == ctx.me


def _tag_open(ctx: FilterContext) -> Predicate:
    return lambda t: t.status.is_open


def _tag_overdue(ctx: FilterContext) -> Predicate:
    today = ctx.clock.today()
    return lambda t: any(f.due.day < today for f in t.followups if f.pending)


def _tag_due(ctx: FilterContext) -> Predicate:
    today = ctx.clock.today()
    return lambda t: any(f.due.day <= today for f in t.followups if f.pending)


def _tag_nofollowup(ctx: FilterContext) -> Predicate:
    return lambda t: t.status.is_open and not any(f.pending for f in t.followups)


def _tag_enrolled(ctx: FilterContext) -> Predicate:
    return lambda t: t.ref in ctx.enrolled


#: Every ``+tag`` the language knows.
TAGS: dict[str, Callable[[FilterContext], Predicate]] = {
    "open": _tag_open,
    "unassigned": _tag_unassigned,
    "mine": _tag_mine,
    "due": _tag_due,
    "overdue": _tag_overdue,
    "nofollowup": _tag_nofollowup,
    "enrolled": _tag_enrolled,
}

#: What each tag means, for help texts.
TAG_HELP: dict[str, str] = {
    "open": "not resolved and not closed",
    "unassigned": "no adviser assigned",
    "mine": "assigned to the acting adviser",
    "due": "a pending follow-up due today or earlier",
    "overdue": "a pending follow-up due before today",
    "nofollowup": "open, with no pending follow-up: the ones that slip",
    "enrolled": "registered or waitlisted for a webinar that has not started yet",
}
