"""The figures for the whole network (``summary --desk all``): one summary over every desk's
data, and each desk's own key figures beside it.

Ticket references, company numbers and call numbers are each desk's own, so the desks' data are
put together renumbered: every ticket gets a number of the network's, its referrals and grant
applications follow it, and a business every desk knows by its VAT number is one business of
the network. The ordinary summary (:func:`helpdesk.services.summary.summarise`) then runs on the
whole: counts add up to the desks' own, and the figures that do not add up (medians,
percentiles, businesses served) are computed on the whole network's tickets, never averaged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from helpdesk.domain.calls import Call
from helpdesk.domain.enums import CompanyKind
from helpdesk.domain.models import Adviser, Ticket, Topic
from helpdesk.domain.partners import Referral
from helpdesk.domain.webinars import Webinar
from helpdesk.errors import InvalidFilter
from helpdesk.services.network_view import NetworkView
from helpdesk.services.summary import Period, Summary, summarise
from helpdesk.services.summary_data import SummaryData

#: How many desks the network summary reads at once, each on its own connection.
READERS = 3

#: The key figures of each desk in the breakdown by desk, in the order shown.
DESK_FIGURES: tuple[str, ...] = (
    "requests",
    "closed",
    "open_now",
    "businesses",
    "followups_overdue",
    "webinars_held",
    "referred",
    "grants_funded_euros",
)


@dataclass(frozen=True, slots=True)
class DeskFigures:
    """One desk's key figures for the period and filter.

    Attributes:
        desk: The desk's name.
        summary: The desk's own summary.
    """

    desk: str
    summary: Summary

    def figures(self) -> dict[str, int]:
        """The key figures by name (:data:`DESK_FIGURES`)."""
        return key_figures(self.summary)


@dataclass(frozen=True, slots=True)
class NetworkSummary:
    """The whole network's figures and each desk's.

    Attributes:
        whole: Every figure for the network, computed on every desk's data at once.
        desks: Each desk's key figures, by desk name.
    """

    whole: Summary
    desks: list[DeskFigures]


def key_figures(summary: Summary) -> dict[str, int]:
    """A summary's key figures by name (:data:`DESK_FIGURES`): requests received and closed,
    open now, businesses served, follow-ups overdue, webinars held, requests referred and
    euros of grants funded."""
    referred = summary.impact.stage("referred").count if summary.impact is not None else 0
    cents = summary.grants.total.cents if summary.grants is not None else 0
    return {
        "requests": summary.received,
        "closed": summary.closed,
        "open_now": summary.open.count,
        "businesses": summary.businesses.served,
        "followups_overdue": summary.followups.overdue,
        "webinars_held": summary.webinars.held if summary.webinars is not None else 0,
        "referred": referred,
        "grants_funded_euros": cents // 100,
    }


def network_summary(network: NetworkView, period: Period, query: str = "") -> NetworkSummary:
    """The figures of every desk of ``network`` for ``period`` and ``query``, put together.

    The filter means on each desk what it means there alone; a word naming what one desk lacks
    (another desk's adviser) selects nothing there.

    Raises:
        InvalidFilter: for a query no desk can read.
    """
    gathered: list[tuple[str, SummaryData]] = []
    refusals: list[InvalidFilter] = []
    now: datetime | None = None
    # Each desk is read on its own connection, a few at once: while one desk's rows are built
    # into tickets, the server reads the next desk's.
    with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="helpdesk-summary") as pool:
        reads = [
            (name, pool.submit(desk.summary.data, query)) for name, desk in network.desks.items()
        ]
    for (name, read), desk in zip(reads, network.desks.values(), strict=True):
        now = now or desk.clock.now()
        try:
            gathered.append((name, read.result()))
        except InvalidFilter as refused:
            refusals.append(refused)
    if refusals and len(refusals) == len(network.desks):
        raise refusals[0]
    if now is None:  # a database with no desks
        from helpdesk.dates import SystemClock

        now = SystemClock().now()
    # Each desk's own figures first: joining renumbers the tickets read here where they are.
    desks = [DeskFigures(name, summarise(data, period, query, now)) for name, data in gathered]
    whole = _joined(gathered, lambda name: network.companies_of(name))
    return NetworkSummary(whole=summarise(whole, period, query, now), desks=desks)


def network_summary_json(figures: NetworkSummary) -> dict[str, Any]:
    """The network's figures in the one-desk summary's plain form, with ``desks``: each desk's
    key figures."""
    from helpdesk.services.summary_json import summary_json

    return {
        **summary_json(figures.whole),
        "desks": [{"desk": d.desk, **d.figures()} for d in figures.desks],
    }


class _Numbering:
    """Numbers of the network for each desk's tickets, companies and calls."""

    def __init__(self) -> None:
        self.tickets: dict[tuple[str, int], int] = {}
        self.companies: dict[tuple[str, int], int] = {}
        self.by_vat: dict[str, int] = {}
        self.last_company = 0
        self.calls = 0

    def ticket(self, desk: str, ref: int) -> int:
        return self.tickets.setdefault((desk, ref), len(self.tickets) + 1)

    def company(self, desk: str, id: int | None, vat: str | None) -> int | None:
        if id is None:
            return None
        key = (desk, id)
        if key not in self.companies:
            number = self.by_vat.get(vat) if vat else None
            if number is None:
                self.last_company += 1
                number = self.last_company
                if vat:
                    self.by_vat[vat] = number
            self.companies[key] = number
        return self.companies[key]


def _joined(
    gathered: Sequence[tuple[str, SummaryData]],
    companies_of: Callable[[str], Any],
) -> SummaryData:
    """Every desk's summary data as one desk's, renumbered (see the module's description).

    The tickets are renumbered where they are rather than copied: they were read for this
    summary alone, and copying a hundred thousand of them costs more than reading them. A desk's
    data is therefore spent once joined.
    """
    numbers = _Numbering()
    matching: list[Ticket] = []
    everything: list[Ticket] = []
    kinds: dict[int, tuple[CompanyKind, str]] = {}
    topics: dict[str, Topic] = {}
    advisers: dict[str, Adviser] = {}
    referrals: list[Referral] = []
    calls: list[Call] | None = None
    webinars: list[Webinar] | None = None
    for name, data in gathered:
        known = companies_of(name)

        def company(id: int | None, desk: str = name, known: Any = known) -> int | None:
            vat = known[id].vat if id is not None and id in known else None
            return numbers.company(desk, id, vat)

        def renumber(tickets: Sequence[Ticket], desk: str = name) -> Sequence[Ticket]:
            for ticket in tickets:
                ticket.ref = numbers.ticket(desk, ticket.ref)
                ticket.company_id = company(ticket.company_id)
            return tickets

        matching += renumber(data.matching)
        if data.everything is data.matching:  # no filter: every ticket matches
            everything += data.matching
        else:
            everything += renumber(data.everything)
        for id, (kind, province) in data.companies.items():
            number = company(id)
            if number is None:
                continue
            # One business several desks know: what the first says, its blanks filled by others.
            known_kind, known_province = kinds.get(number, (CompanyKind.OTHER, ""))
            kinds[number] = (
                known_kind if known_kind is not CompanyKind.OTHER else kind,
                known_province or province,
            )
        for topic in data.topics:
            topics.setdefault(topic.key, topic)
        for adviser in data.advisers:
            advisers.setdefault(adviser.key, adviser)
        referrals += [replace(r, ref=numbers.ticket(name, r.ref)) for r in data.referrals]
        if data.calls is not None:
            calls = calls or []
            for call in data.calls:
                numbers.calls += 1
                applications = [
                    replace(a, ref=numbers.ticket(name, a.ref), company_id=company(a.company_id))
                    for a in call.applications
                ]
                calls.append(replace(call, id=numbers.calls, applications=applications))
        if data.webinars is not None:
            webinars = [*(webinars or []), *data.webinars]
    return SummaryData(
        matching=matching,
        everything=everything,
        companies=kinds,
        topics=list(topics.values()),
        advisers=list(advisers.values()),
        referrals=referrals,
        calls=calls,
        webinars=webinars,
        tz=gathered[0][1].tz if gathered else _utc(),
    )


def _utc() -> Any:
    from datetime import UTC

    return UTC
