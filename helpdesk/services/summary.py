"""Summaries: the figures a coordinator reads at a glance and funders ask for every quarter.

Pure figures, no rendering: :class:`SummaryService` turns a :class:`Period` and an optional filter
query into a :class:`Summary`; :mod:`helpdesk.render.summary` draws it, and
:mod:`helpdesk.services.summary_json` gives the one plain form that JSON, CSV and report
templates share.

Definitions, so that every figure can be checked by hand:

* **Selected tickets** are those matching the filter (the CLI and TUI's filter language) whose
  ``created`` moment falls in the period (start included, end excluded). Every figure below is
  about the selected tickets, except where said.
* **Breakdowns** count tickets. A ticket with several topics counts once under each, so the
  topic counts may add up to more than the tickets received; shares are of the tickets received
  (of the closed tickets, for outcomes). Tickets without a company count under ``none`` for
  kind and province, unassigned tickets under ``none`` for adviser.
* **Businesses served**: distinct companies among the selected tickets. A business is
  **returning** when it had a ticket (any ticket, filter or not) created before the period's
  start, or has more than one selected ticket; **first contact** when it had no ticket before
  the period. The two overlap for a new business that came back within the period.
* **Time to triage**: ``triaged_at - created``; **time to first follow-up**: the earliest
  follow-up's ``created`` (done, pending or cancelled) minus the ticket's ``created``. Only
  tickets where the event happened are measured; ``waiting`` counts open tickets where it has not.
* **Percentiles** use the nearest-rank method: the p-th percentile of n sorted values is the
  value at rank ``ceil(p * n / 100)``. It is always an observed value, and "p % of tickets took
  at most this long" holds exactly. The median is the 50th percentile by the same rule (for an
  even count, the lower of the two middle values).
* **Open tickets** are the selected tickets still open now (not resolved, not closed), aged
  from their creation to now in whole days.
* **Follow-ups** are those on the selected tickets, in their state now: done, cancelled, pending,
  and overdue (pending, due before today). ``done_in_period`` counts follow-ups done within the
  period on any ticket matching the filter, whenever that ticket was created.
* **Webinars** are sessions that started within the period and before now, cancelled ones left
  out (a session counts as held once it has started, attendance marked or not); they ignore the
  filter. Seats are the sessions' capacity; enrolled are the enrolments holding a seat
  (registered, attended or no-show); fill rate is enrolled / seats, attendance rate is
  attended / enrolled. ``upcoming`` counts scheduled sessions not yet started, whatever the
  period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from helpdesk.dates import format_date, parse_period, parse_when, start_of_day
from helpdesk.domain.calls import Call
from helpdesk.domain.enums import Choice, CompanyKind, Status
from helpdesk.domain.models import Ticket
from helpdesk.domain.webinars import EnrolmentStatus, Webinar, WebinarStatus
from helpdesk.errors import InvalidValue
from helpdesk.i18n import N_, _
from helpdesk.services.call_figures import Grants, grant_figures
from helpdesk.services.context import Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.impact import Impact, funded_by_ticket, impact_figures
from helpdesk.services.summary_data import SummaryData
from helpdesk.services.summary_labels import NONE_LABELS, in_both, label_of, month_label
from helpdesk.services.tickets import TicketService

#: The breakdowns, in the order reports show them; ``--by`` takes one of these names.
BREAKDOWNS: tuple[str, ...] = (
    "topic",
    "status",
    "channel",
    "kind",
    "province",
    "adviser",
    "month",
    "outcome",
)

#: Headings of the breakdowns.
BREAKDOWN_TITLES: dict[str, str] = {
    "topic": N_("Topic"),
    "status": N_("Status"),
    "channel": N_("Channel"),
    "kind": N_("Company kind"),
    "province": N_("Province"),
    "adviser": N_("Adviser"),
    "month": N_("Month"),
    "outcome": N_("Outcome of closed tickets"),
}

#: The open-ticket age buckets: key, label, and the first whole day after.
AGE_BUCKETS: tuple[tuple[str, str, int | None], ...] = (
    ("under_1w", N_("under a week"), 7),
    ("1w_4w", N_("1 to 4 weeks"), 28),
    ("4w_13w", N_("4 to 13 weeks"), 91),
    ("over_13w", N_("13 weeks or more"), None),
)

NONE_KEY = "none"

# -- the figures ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """A span of time tickets are selected by, on their creation moment.

    Attributes:
        start: The first moment included, or None for no lower bound.
        end: The first moment excluded, or None for no upper bound.
        label: How people name it: ``2020-Q2``, ``since 1 Mar 2020``, ``all time``.
    """

    start: datetime | None = None
    end: datetime | None = None
    label: str = N_("all time")

    def contains(self, moment: datetime) -> bool:
        """Whether ``moment`` falls in the period (start included, end excluded)."""
        if self.start is not None and moment < self.start:
            return False
        return self.end is None or moment < self.end

    @property
    def first_day(self) -> date | None:
        """The first day of the period, if it has a start."""
        return self.start.date() if self.start is not None else None

    @property
    def last_day(self) -> date | None:
        """The last day of the period (included), if it has an end."""
        return (self.end - timedelta(days=1)).date() if self.end is not None else None

    def describe(self) -> str:
        """The label with the days it spans, e.g. ``2020-Q2 (1 Apr 2020 – 30 Jun 2020)``."""
        first, last = self.first_day, self.last_day
        if first is None or last is None:
            return _(self.label)  # "all time", "since 1 Mar 2020": the label says it all
        span = f"{format_date(first)} – {format_date(last)}"
        return span if self.label == span else f"{self.label} ({span})"


@dataclass(frozen=True, slots=True)
class Count:
    """One line of a breakdown.

    Attributes:
        key: The stable key (a topic key, a status value, ``2020-04``, ``none``…).
        label: The English label.
        count: How many.
        share: ``count`` over the breakdown's total (0 when the total is 0).
        label_it: The Italian label.
    """

    key: str
    label: str
    count: int
    share: float
    label_it: str = ""


@dataclass(frozen=True, slots=True)
class Breakdown:
    """Tickets counted by one field.

    Attributes:
        field: The breakdown's name (one of :data:`BREAKDOWNS`).
        title: Its heading.
        total: What shares are fractions of (tickets received; closed tickets for outcomes).
        rows: The counts, in the breakdown's order (by count for most; lifecycle order for
            status; calendar order, empty months included, for month).
    """

    field: str
    title: str
    total: int
    rows: list[Count]

    def get(self, key: str) -> int:
        """The count for ``key``, 0 when absent."""
        return next((row.count for row in self.rows if row.key == key), 0)

    def as_dict(self) -> dict[str, int]:
        """``{key: count}`` in order."""
        return {row.key: row.count for row in self.rows}


@dataclass(frozen=True, slots=True)
class Businesses:
    """The companies behind the selected tickets.

    Attributes:
        served: Distinct companies.
        first_contact: Of those, companies with no ticket before the period.
        returning: Of those, companies with a ticket before the period or more than one in it.
        tickets_without_company: Selected tickets that name no company.
        by_kind: Distinct companies by kind.
    """

    served: int
    first_contact: int
    returning: int
    tickets_without_company: int
    by_kind: Breakdown


@dataclass(frozen=True, slots=True)
class Delay:
    """How long tickets waited for something (triage, a first follow-up).

    Attributes:
        measured: Tickets where it happened.
        waiting: Open tickets where it has not happened yet.
        median_hours: The median delay in hours (nearest rank), None when nothing was measured.
        p90_hours: The 90th percentile in hours (nearest rank), None when nothing was measured.
    """

    measured: int
    waiting: int
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True, slots=True)
class OpenTickets:
    """Selected tickets still open now, and how old they are.

    Attributes:
        count: How many.
        median_age_days: Median age in whole days (nearest rank), None when there are none.
        oldest_age_days: The oldest one's age in whole days, None when there are none.
        ages: Counts per age bucket (:data:`AGE_BUCKETS`), every bucket present.
    """

    count: int
    median_age_days: int | None
    oldest_age_days: int | None
    ages: list[Count]


@dataclass(frozen=True, slots=True)
class FollowUps:
    """Follow-ups on the selected tickets, in their state now.

    Attributes:
        total: Every follow-up on the selected tickets.
        done: Done.
        pending: Neither done nor cancelled.
        overdue: Pending and due before today.
        cancelled: Cancelled.
        tickets_with_followup: Selected tickets with at least one follow-up.
        done_in_period: Follow-ups done within the period, on any ticket matching the filter.
    """

    total: int
    done: int
    pending: int
    overdue: int
    cancelled: int
    tickets_with_followup: int
    done_in_period: int


@dataclass(frozen=True, slots=True)
class Webinars:
    """Webinar sessions held in the period.

    Attributes:
        held: Sessions that started in the period, before now.
        seats: Their total capacity.
        enrolled: Enrolments that took a seat (registered, attended, no-show).
        attended: Enrolments marked attended.
        fill_rate: enrolled / seats (None without seats).
        attendance_rate: attended / enrolled (None without enrolments).
        upcoming: Sessions starting from now on (whatever the period).
    """

    held: int
    seats: int
    enrolled: int
    attended: int
    fill_rate: float | None
    attendance_rate: float | None
    upcoming: int = 0


@dataclass(frozen=True, slots=True)
class Summary:
    """Every figure for a period and filter.

    Attributes:
        period: The period.
        query: The filter query ("" for every ticket).
        generated: When the figures were computed.
        received: Tickets received (the selected tickets).
        breakdowns: Each breakdown by name, in :data:`BREAKDOWNS` order.
        businesses: Companies served.
        triage: Time from creation to triage.
        first_followup: Time from creation to the first follow-up.
        open: Selected tickets still open.
        followups: Follow-ups done, pending, overdue.
        webinars: Webinar figures; None when the desk has no webinar service.
        closed: Selected tickets closed (the outcomes' total).
        impact: The impact funnel and satisfaction (see :mod:`helpdesk.services.impact`).
        grants: Grant-call applications submitted, admitted, funded and euros obtained (see
            :mod:`helpdesk.services.call_figures`); None when the desk has no calls service.
    """

    period: Period
    query: str
    generated: datetime
    received: int
    breakdowns: dict[str, Breakdown]
    businesses: Businesses
    triage: Delay
    first_followup: Delay
    open: OpenTickets
    followups: FollowUps
    webinars: Webinars | None
    closed: int = 0
    impact: Impact | None = None
    grants: Grants | None = None

    def breakdown(self, name: str) -> Breakdown:
        """One breakdown by name.

        Raises:
            InvalidValue: for a name not in :data:`BREAKDOWNS`.
        """
        try:
            return self.breakdowns[name]
        except KeyError:
            raise InvalidValue(
                _("There is no breakdown by {name!r}; use one of: {breakdowns}.").format(
                    name=name, breakdowns=", ".join(BREAKDOWNS)
                )
            ) from None


# -- the service ----------------------------------------------------------------------------------

#: Where webinar sessions come from: a callable returning them all, or None for a desk without.
WebinarSource = Callable[[], Iterable[Webinar]] | None

#: Where grant calls come from, likewise.
CallSource = Callable[[], Iterable[Call]] | None


class SummaryService:
    """Computing summaries.

    Args:
        ctx: The store, clock and actor.
        tickets: For the filter language.
        directory: For adviser names and topic labels.
        webinars: Returns every webinar session (with its enrolments); None when the desk has
            no webinars, in which case :attr:`Summary.webinars` is None.
    """

    def __init__(
        self,
        ctx: Context,
        tickets: TicketService,
        directory: DirectoryService,
        webinars: WebinarSource = None,
        calls: CallSource = None,
    ) -> None:
        self._ctx = ctx
        self._tickets = tickets
        self._directory = directory
        self._webinars = webinars
        self._calls = calls

    def period(
        self, period: str | None = None, *, since: str | None = None, until: str | None = None
    ) -> Period:
        """A period from what people type.

        Args:
            period: ``2020-Q2``, ``2021``, ``2020-03``, ``march 2020``… (see
                :func:`helpdesk.dates.parse_period`).
            since: Anything :func:`helpdesk.dates.parse_when` reads; the period starts that day.
            until: Likewise; the period ends with that day (included).

        Returns:
            The period; everything when nothing is given.

        Raises:
            InvalidDate: for text that names no date or period.
            InvalidValue: for ``period`` together with ``since``/``until``, or a start after
                the end.
        """
        clock = self._ctx.clock
        if period is not None and (since is not None or until is not None):
            raise InvalidValue(_("Give either a period or --since/--until, not both."))
        if period is not None:
            start, end = parse_period(period, clock)
            return Period(start, end, " ".join(period.split()))
        if since is None and until is None:
            return Period()
        first = parse_when(since, clock).day if since is not None else None
        last = parse_when(until, clock).day if until is not None else None
        if first is not None and last is not None and first > last:
            raise InvalidValue(
                _("The period starts on {first}, after it ends on {last}.").format(
                    first=format_date(first), last=format_date(last)
                )
            )
        lower = start_of_day(first, clock.tz) if first is not None else None
        upper = start_of_day(last + timedelta(days=1), clock.tz) if last is not None else None
        if first is not None and last is not None:
            label = f"{format_date(first)} – {format_date(last)}"
        elif first is not None:
            label = _("since {date}").format(date=format_date(first))
        else:
            assert last is not None
            label = _("until {date}").format(date=format_date(last))
        return Period(lower, upper, label)

    def compute(
        self,
        period: Period | None = None,
        query: str = "",
        *,
        held: Sequence[Ticket] | None = None,
    ) -> Summary:
        """Every figure for the tickets matching ``query`` created in ``period``.

        Args:
            period: The period; all time when None.
            query: A filter query the tickets counted match.
            held: Every ticket of the desk by reference (notes and history not needed), when
                the caller holds them already, as the terminal UI does: no ticket is read again.

        Raises:
            InvalidFilter: for a query that cannot be read.
        """
        return summarise(self.data(query, held=held), period or Period(), query, self._ctx.now())

    def data(self, query: str = "", *, held: Sequence[Ticket] | None = None) -> SummaryData:
        """What the desk's figures for ``query`` are computed from (see :meth:`compute`).

        Raises:
            InvalidFilter: for a query that cannot be read.
        """
        store = self._ctx.store
        everything: Sequence[Ticket]
        if held is None:
            matching = self._tickets.search(query, sort="ref", partial=True)
            everything = store.tickets(partial=True) if query.strip() else matching
        else:
            everything = held
            matching = self._tickets.matching(held, query) if query.strip() else list(held)
        return SummaryData(
            matching=matching,
            everything=everything,
            companies=store.company_kinds_and_provinces(),
            topics=self._directory.topics(include_inactive=True),
            advisers=self._directory.advisers(include_inactive=True),
            referrals=store.referrals(),
            calls=list(self._calls()) if self._calls is not None else None,
            webinars=list(self._webinars()) if self._webinars is not None else None,
            tz=self._ctx.clock.tz,
        )


def summarise(data: SummaryData, period: Period, query: str, now: datetime) -> Summary:
    """Every figure for the tickets of ``data`` created in ``period`` (see the module's
    definitions); ``query`` is the filter ``data`` was chosen by."""
    matching, filtered = data.matching, bool(query.strip())
    selected = [t for t in matching if period.contains(t.created)]
    calls = data.calls
    return Summary(
        period=period,
        query=query.strip(),
        generated=now,
        received=len(selected),
        breakdowns=_breakdowns(selected, data, period),
        businesses=_businesses(selected, data.everything, data.companies, period),
        triage=_delay(selected, lambda t: t.triaged_at),
        first_followup=_delay(
            selected, lambda t: min((f.created for f in t.followups), default=None)
        ),
        open=_open_tickets(selected, now),
        followups=_followups(selected, matching, period, now.date()),
        webinars=webinar_figures(data.webinars, period, now) if data.webinars is not None else None,
        closed=sum(1 for t in selected if t.status is Status.CLOSED),
        impact=impact_figures(
            selected, data.referrals, funded_by_ticket(calls) if calls is not None else None
        ),
        grants=(
            grant_figures(calls, period.contains, {t.ref for t in matching} if filtered else None)
            if calls is not None
            else None
        ),
    )


def _breakdowns(
    tickets: Sequence[Ticket], data: SummaryData, period: Period
) -> dict[str, Breakdown]:
    tz, companies = data.tz, data.companies
    total = len(tickets)
    topics = {t.key: t for t in data.topics}
    advisers = {a.key: a for a in data.advisers}
    topic_counts = Counter(key for t in tickets for key in (dict.fromkeys(t.topics) or (NONE_KEY,)))
    topic_labels = {key: (topic.label_en, topic.label_it) for key, topic in topics.items()} | {
        NONE_KEY: in_both(NONE_LABELS["topic"])
    }

    adviser_labels = {key: (a.name, a.name) for key, a in advisers.items()}
    adviser_labels[NONE_KEY] = in_both(NONE_LABELS["adviser"])

    # Each company is looked up once, however many tickets it has.
    kinds: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    for company_id, count in Counter(t.company_id for t in tickets).items():
        company = companies.get(company_id) if company_id is not None else None
        if company is None:
            kinds[NONE_KEY] += count
            provinces[NONE_KEY] += count
        else:
            kind, province = company
            kinds[kind.value] += count
            provinces[province or NONE_KEY] += count
    province_labels = {NONE_KEY: in_both(NONE_LABELS["province"])}
    closed = [t for t in tickets if t.status is Status.CLOSED and t.outcome is not None]
    # Counted by (year, month) and named once each, not once per ticket.
    by_month = Counter((m.year, m.month) for m in (t.created.astimezone(tz) for t in tickets))
    months = Counter({_month_key(date(y, mo, 1)): n for (y, mo), n in by_month.items()})

    result = {
        "topic": _by_count("topic", topic_counts, total, topic_labels),
        "status": _in_order(
            "status", _by_value(Counter(t.status for t in tickets)), total, Status.values()
        ),
        "channel": _by_count("channel", _by_value(Counter(t.channel for t in tickets)), total),
        "kind": _by_count("kind", kinds, total, {NONE_KEY: in_both(NONE_LABELS["kind"])}),
        "province": _by_count("province", provinces, total, province_labels),
        "adviser": _by_count(
            "adviser",
            Counter(t.assignee or NONE_KEY for t in tickets),
            total,
            adviser_labels,
        ),
        "month": _months(months, total, period, tz),
        "outcome": _by_count(
            "outcome",
            Counter(t.outcome.value for t in closed if t.outcome is not None),
            len(closed),
        ),
    }
    return {name: result[name] for name in BREAKDOWNS}


def webinar_figures(sessions: Iterable[Webinar], period: Period, now: datetime) -> Webinars:
    """Webinar figures for the sessions that started in ``period`` before ``now``.

    Cancelled sessions count nowhere. A session that has started counts as held whether or not
    its attendance has been marked yet; its seats are its capacity, its enrolled are the
    enrolments holding a seat (registered, attended, no-show).
    """
    held = seats = enrolled = attended = upcoming = 0
    for session in sessions:
        if session.status is WebinarStatus.CANCELLED:
            continue
        if not session.started(now):
            upcoming += 1
            continue
        if not period.contains(session.start):
            continue
        held += 1
        seats += session.capacity
        enrolled += session.seats_taken
        attended += len(session.with_status(EnrolmentStatus.ATTENDED))
    return Webinars(
        held=held,
        seats=seats,
        enrolled=enrolled,
        attended=attended,
        fill_rate=enrolled / seats if seats else None,
        attendance_rate=attended / enrolled if enrolled else None,
        upcoming=upcoming,
    )


def percentile(values: Sequence[float], p: int) -> float | None:
    """The ``p``-th percentile of ``values`` by the nearest-rank method, None when empty.

    The value at rank ``ceil(p * n / 100)`` (at least 1) of the values sorted: always an observed
    value, and at least ``p`` % of the values are at most it.

    Args:
        values: The values, in any order.
        p: The percentile, 1 to 100.
    """
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, (p * len(ordered) + 99) // 100)  # integer ceil: no float rounding
    return ordered[rank - 1]


def _count(key: str, count: int, total: int, labels: Mapping[str, tuple[str, str]]) -> Count:
    en, it = labels.get(key) or (label_of(key, "en"), label_of(key, "it"))
    return Count(key, en, count, count / total if total else 0.0, it)


def _by_value(counts: Counter[Choice]) -> dict[str, int]:
    """Counts of choices by their values (counting the members themselves is quicker)."""
    return {choice.value: count for choice, count in counts.items()}


def _by_count(
    name: str,
    counts: Mapping[str, int],
    total: int,
    labels: Mapping[str, tuple[str, str]] | None = None,
) -> Breakdown:
    """Largest first, then by key; ``none`` last."""
    order = sorted(counts, key=lambda k: (k == NONE_KEY, -counts[k], k))
    rows = [_count(k, counts[k], total, labels or {}) for k in order if counts[k]]
    return Breakdown(name, _(BREAKDOWN_TITLES[name]), total, rows)


def _in_order(name: str, counts: Mapping[str, int], total: int, keys: Sequence[str]) -> Breakdown:
    """Every key in the given order, zeros included."""
    return Breakdown(
        name,
        _(BREAKDOWN_TITLES[name]),
        total,
        [_count(k, counts.get(k, 0), total, {}) for k in keys],
    )


def _months(counts: Mapping[str, int], total: int, period: Period, tz: Any) -> Breakdown:
    """Every month of the period (or from the first to the last ticket), empty ones included."""
    first = period.start.astimezone(tz).date().replace(day=1) if period.start else None
    last = period.end.astimezone(tz) - timedelta(microseconds=1) if period.end else None
    if counts:
        first = first or _month_start(min(counts))
        last_day = last.date() if last else _month_start(max(counts))
    elif first is None or last is None:
        return Breakdown("month", _(BREAKDOWN_TITLES["month"]), total, [])
    else:
        last_day = last.date()
    assert first is not None
    keys = []
    cursor = first
    while cursor <= last_day:
        keys.append(_month_key(cursor))
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    rows = [
        Count(
            k,
            month_label(k, "en"),
            counts.get(k, 0),
            counts.get(k, 0) / total if total else 0.0,
            month_label(k, "it"),
        )
        for k in keys
    ]
    return Breakdown("month", _(BREAKDOWN_TITLES["month"]), total, rows)


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_start(key: str) -> date:
    year, month = (int(part) for part in key.split("-"))
    return date(year, month, 1)


def _businesses(
    selected: Sequence[Ticket],
    everything: Sequence[Ticket],
    companies: Mapping[int, tuple[CompanyKind, str]],
    period: Period,
) -> Businesses:
    per_company = Counter(t.company_id for t in selected if t.company_id is not None)
    earlier = {
        t.company_id
        for t in everything
        if t.company_id is not None and period.start is not None and t.created < period.start
    }
    served = set(per_company)
    returning = {c for c in served if c in earlier or per_company[c] > 1}
    kinds = Counter(
        companies[c][0].value if c in companies else CompanyKind.OTHER.value for c in served
    )
    by_kind = _by_count("kind", kinds, len(served))
    return Businesses(
        served=len(served),
        first_contact=len(served - earlier),
        returning=len(returning),
        tickets_without_company=sum(1 for t in selected if t.company_id is None),
        by_kind=Breakdown("kind", _("Businesses by kind"), by_kind.total, by_kind.rows),
    )


def _delay(tickets: Sequence[Ticket], event: Callable[[Ticket], datetime | None]) -> Delay:
    hours: list[float] = []
    waiting = 0
    for ticket in tickets:
        moment = event(ticket)
        if moment is None:
            waiting += 1 if ticket.is_open else 0
            continue
        hours.append(max((moment - ticket.created).total_seconds(), 0.0) / 3600)
    return Delay(len(hours), waiting, percentile(hours, 50), percentile(hours, 90))


def _open_tickets(tickets: Sequence[Ticket], now: datetime) -> OpenTickets:
    ages = [max((now - t.created).days, 0) for t in tickets if t.is_open]
    counts: Counter[str] = Counter()
    for age in ages:
        for key, _label, below in AGE_BUCKETS:
            if below is None or age < below:
                counts[key] += 1
                break
    total = len(ages)
    buckets = [
        Count(
            key,
            in_both(label)[0],
            counts[key],
            counts[key] / total if total else 0.0,
            in_both(label)[1],
        )
        for key, label, _below in AGE_BUCKETS
    ]
    median = percentile(ages, 50)
    return OpenTickets(
        count=total,
        median_age_days=int(median) if median is not None else None,
        oldest_age_days=max(ages) if ages else None,
        ages=buckets,
    )


def _followups(
    selected: Sequence[Ticket], matching: Sequence[Ticket], period: Period, today: date
) -> FollowUps:
    done = pending = overdue = cancelled = total = 0
    for ticket in selected:
        for f in ticket.followups:
            total += 1
            if f.done_at is not None:
                done += 1
            elif f.cancelled:
                cancelled += 1
            else:
                pending += 1
                overdue += 1 if f.is_overdue(today) else 0
    done_in_period = sum(
        1
        for ticket in matching
        for f in ticket.followups
        if f.done_at is not None and period.contains(f.done_at)
    )
    return FollowUps(
        total=total,
        done=done,
        pending=pending,
        overdue=overdue,
        cancelled=cancelled,
        tickets_with_followup=sum(1 for t in selected if t.followups),
        done_in_period=done_in_period,
    )


__all__ = [
    "AGE_BUCKETS",
    "BREAKDOWNS",
    "Breakdown",
    "Businesses",
    "Count",
    "Delay",
    "FollowUps",
    "OpenTickets",
    "Period",
    "Summary",
    "SummaryData",
    "SummaryService",
    "Webinars",
    "percentile",
    "summarise",
    "webinar_figures",
]
