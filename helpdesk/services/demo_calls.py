"""The demo desk's grant calls: the calls Lombard businesses applied to in 2020–2021, and a few
around the day the demo is looked at, with applications at every stage.

Worked through the calls service with the demo's frozen clock moved to each step's moment, so
every application has its dated steps, its ticket's history and its deadline follow-ups, as a
desk that lived through them would. Deterministic: the same desk and present give the same
calls and applications.

Historic applications all got past preparation (submitted, ranked, funded or withdrawn), so no
deadline follow-up of the history is left pending; around the present, some are still
interested or preparing, with their follow-ups due before the deadlines to come.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from helpdesk.dates import FrozenClock
from helpdesk.domain.calls import Call, Stage, eligibility_reasons
from helpdesk.domain.models import Company, HistoryValue, Ticket
from helpdesk.errors import HelpdeskError
from helpdesk.services.calls import CallDraft, CallEdit
from helpdesk.services.desk import Desk

#: Every province of Lombardy.
LOMBARDY = ["BG", "BS", "CO", "CR", "LC", "LO", "MN", "MI", "MB", "PV", "SO", "VA"]

S = Stage


@dataclass(frozen=True, slots=True)
class _Historic:
    """A call of 2020–2021, its ranking day, and the paths its applications took."""

    draft: CallDraft
    ranked: str | None
    paths: tuple[tuple[Stage, ...], ...]
    amounts: tuple[str, ...] = ()


_FUNDED = (S.PREPARING, S.SUBMITTED, S.ADMITTED, S.FUNDED)
_REFUSED = (S.PREPARING, S.SUBMITTED, S.NOT_ADMITTED)
_GAVE_UP = (S.PREPARING, S.WITHDRAWN)

HISTORIC = (
    _Historic(
        CallDraft(
            "Bando E-commerce 2020: contributi per l'avvio del commercio elettronico",
            "region",
            "18/05/2020 10:00",
            "15/07/2020 12:00",
            funder_name="Regione Lombardia",
            link="https://www.bandi.regione.lombardia.it/",
            budget="12.500.000",
            max_per_company="10.000",
            kinds=["retail", "artisan", "food_service", "sme"],
            provinces=LOMBARDY,
            topics=["ecommerce", "grants", "marketing"],
            notes="Contributo a fondo perduto del 50% delle spese per piattaforme e marketplace.",
        ),
        "15/10/2020",
        (_FUNDED, _FUNDED, _FUNDED, _REFUSED, _GAVE_UP, (S.SUBMITTED, S.NOT_ADMITTED)),
        ("7.500", "10.000", "4.850,50"),
    ),
    _Historic(
        CallDraft(
            "Voucher digitali I4.0 2020",
            "chamber",
            "01/06/2020 09:00",
            "30/09/2020 16:00",
            funder_name="CCIAA Como-Lecco",
            link="https://www.comolecco.camcom.it/",
            budget="800.000",
            max_per_company="5.000",
            sizes=["micro", "small", "medium"],
            provinces=["CO", "LC"],
        ),
        "10/12/2020",
        (_FUNDED, _FUNDED, _REFUSED, (S.SUBMITTED, S.WITHDRAWN)),
        ("5.000", "3.200"),
    ),
    _Historic(
        CallDraft(
            "Credito d'imposta Transizione 4.0: beni strumentali",
            "ministry",
            "16/11/2020",
            "31/12/2021 23:59",
            funder_name="Ministero dello Sviluppo Economico",
            link="https://www.mise.gov.it/",
            kinds=["sme", "artisan", "startup", "large"],
            topics=["industry40", "grants", "innovation"],
            notes="Credito d'imposta sugli investimenti in beni 4.0: si matura, senza graduatoria.",
        ),
        None,
        ((S.PREPARING, S.SUBMITTED, S.ADMITTED, S.FUNDED), (S.SUBMITTED, S.ADMITTED, S.FUNDED)),
        ("24.000", "12.600"),
    ),
    _Historic(
        CallDraft(
            "Voucher digitali I4.0 2021",
            "chamber",
            "15/03/2021 09:00",
            "31/05/2021 12:00",
            funder_name="CCIAA Milano Monza Brianza Lodi",
            link="https://www.milomb.camcom.it/",
            budget="1.500.000",
            max_per_company="10.000",
            provinces=["MI", "MB", "LO"],
        ),
        "01/09/2021",
        (_FUNDED, _REFUSED, _GAVE_UP),
        ("8.000",),
    ),
    _Historic(
        CallDraft(
            "Digital Europe: European Digital Innovation Hubs, call for SMEs",
            "eu",
            "01/09/2021",
            "30/11/2021 17:00",
            funder_name="European Commission",
            link="https://digital-strategy.ec.europa.eu/",
            max_per_company="60.000",
            kinds=["sme", "startup"],
            topics=["ai_data", "industry40", "innovation", "grants"],
        ),
        None,
        ((S.PREPARING, S.SUBMITTED, S.ADMITTED), (S.PREPARING, S.SUBMITTED)),
    ),
)


def add_demo_calls(desk: Desk, present: datetime, seed: int = 2020) -> list[Call]:
    """Add the demo's calls and applications to a demo desk whose history is played.

    Applications are played after the demo's whole history, so each applying ticket's history
    and follow-ups are then put back in time order (see :func:`_keep_histories_in_order`): the
    history stays the same whatever day the demo is looked at.

    Args:
        desk: The demo desk; its clock must be a :class:`FrozenClock` (it is moved and left at
            ``present``).
        present: The moment the demo is looked at (naive, in the desk's zone).
        seed: Seed of the choice of tickets.
    """
    clock = desk.clock
    assert isinstance(clock, FrozenClock)
    rng = random.Random(seed)
    tickets = sorted(desk.ctx.store.tickets(), key=lambda t: t.created)
    companies = desk.ctx.store.companies_by_id()
    used: set[int] = set()
    calls = []
    clock.set(datetime(2020, 5, 4, 9, 0))
    for historic in HISTORIC:
        call = desk.calls.add(historic.draft)
        calls.append(call)
        _apply_all(
            desk,
            call,
            historic.paths,
            historic.amounts,
            tickets,
            companies,
            used,
            rng,
            until=present,
        )
        if historic.ranked:
            desk.calls.edit(call.id, CallEdit(ranked=historic.ranked))
    calls += _around(desk, present, tickets, companies, used, rng)
    clock.set(present)
    _keep_histories_in_order(desk, used)
    return calls


def _keep_histories_in_order(desk: Desk, refs: set[int]) -> None:
    """Put each applying ticket's history and follow-ups back in time order.

    A historic application is played after the demo's whole history, the events around the
    present included, so its history entries and follow-ups are put back where they belong in
    time; follow-ups are numbered again in the order they were made (the history's and the
    applications' references follow), so the history does not depend on the present.
    """
    calls = desk.ctx.store.calls()
    changed = []
    for ref in sorted(refs):
        ticket = desk.ctx.store.ticket(ref)
        if ticket is None:
            continue
        followups = sorted(ticket.followups, key=lambda f: (f.created, f.id))
        numbers = {f.id: new for new, f in enumerate(followups, start=1)}
        history = sorted(ticket.history, key=lambda c: c.at)
        last = max([ticket.updated, *(c.at for c in history)])
        if followups == ticket.followups and history == ticket.history and last == ticket.updated:
            continue
        ticket.updated = last
        for followup in followups:
            followup.id = numbers[followup.id]
        for change in history:
            if change.field == "followup":
                change.old = _renumbered(change.old, numbers)
                change.new = _renumbered(change.new, numbers)
        ticket.followups = followups
        ticket.history = history
        changed.append(ticket)
        for call in calls:
            application = call.application(ref)
            if application is not None and application.followup is not None:
                application.followup = numbers[application.followup]
    if changed:
        desk.ctx.store.save_tickets(changed)
        desk.ctx.store.save_calls(calls)


def _renumbered(value: HistoryValue, numbers: dict[int, int]) -> HistoryValue:
    """``"#3 due …"`` with the follow-up's new number."""
    if not isinstance(value, str):
        return value
    match = re.match(r"#(\d+)\b", value)
    if match is None or int(match.group(1)) not in numbers:
        return value
    return f"#{numbers[int(match.group(1))]}{value[match.end() :]}"


def _apply_all(
    desk: Desk,
    call: Call,
    paths: Sequence[tuple[Stage, ...]],
    amounts: Sequence[str],
    tickets: list[Ticket],
    companies: Mapping[int, Company],
    used: set[int],
    rng: random.Random,
    *,
    until: datetime | None = None,
) -> None:
    """Apply one eligible ticket per path, the first step after the ticket's last change."""
    clock = desk.clock
    assert isinstance(clock, FrozenClock)
    tz = clock.tz
    opens = call.opens
    last_day = call.closes - timedelta(days=6)
    candidates = [
        t
        for t in tickets
        if t.ref not in used
        and t.created < last_day
        and not eligibility_reasons(
            call, _company(companies, t), t.topics, call.opens, check_dates=False
        )
    ]
    rng.shuffle(candidates)
    funded = iter(amounts)
    for path, ticket in zip(paths, candidates, strict=False):
        used.add(ticket.ref)
        start = max(ticket.created.astimezone(tz), opens) + timedelta(days=rng.randint(1, 6))
        start = _office(min(start, last_day))
        clock.set(start)
        try:
            desk.calls.apply(ticket.ref, call.id)
            moment = start
            for stage in path:
                if stage in (S.ADMITTED, S.NOT_ADMITTED, S.FUNDED):
                    moment = max(moment, call.closes) + timedelta(days=rng.randint(20, 60))
                elif stage is S.SUBMITTED:
                    moment = min(moment + timedelta(days=rng.randint(3, 12)), call.closes)
                    moment -= timedelta(hours=rng.randint(1, 6))
                else:
                    moment = moment + timedelta(days=rng.randint(1, 4))
                moment = _office(moment)
                if until is not None and moment.replace(tzinfo=None) >= until.replace(tzinfo=None):
                    break
                clock.set(moment)
                amount = next(funded, "5.000") if stage is S.FUNDED else None
                desk.calls.step(ticket.ref, call.id, stage, amount=amount)
        except HelpdeskError:
            continue  # a path that does not fit this ticket's dates is left where it got


def _around(
    desk: Desk,
    present: datetime,
    tickets: list[Ticket],
    companies: Mapping[int, Company],
    used: set[int],
    rng: random.Random,
) -> list[Call]:
    """Calls open around the present, with applications still interested or preparing."""
    clock = desk.clock
    assert isinstance(clock, FrozenClock)
    day = present.date()
    year = day.year

    def at(days: int, hour: int = 12) -> str:
        moment = datetime.combine(day + timedelta(days=days), time(hour))
        return f"{moment:%d/%m/%Y %H:%M}"

    drafts = [
        CallDraft(
            f"Bando Digitalizzazione PMI {year}",
            "region",
            at(-40, 10),
            at(8),
            funder_name="Regione Lombardia",
            budget="6.000.000",
            max_per_company="20.000",
            kinds=["sme", "artisan", "retail", "food_service"],
            sizes=["micro", "small", "medium"],
            provinces=LOMBARDY,
        ),
        CallDraft(
            f"Voucher digitali I4.0 {year}",
            "chamber",
            at(-20, 9),
            at(4, 16),
            funder_name="CCIAA Como-Lecco",
            budget="900.000",
            max_per_company="10.000",
            sizes=["micro", "small", "medium"],
            provinces=["CO", "LC"],
        ),
        CallDraft(
            f"E-commerce per l'export {year + 1}",
            "region",
            at(14, 10),
            at(75),
            funder_name="Regione Lombardia",
            max_per_company="15.000",
            topics=["ecommerce", "export", "grants"],
        ),
        CallDraft(
            f"EIC Accelerator {year + 1}: first cut-off",
            "eu",
            at(-60, 9),
            at(35, 17),
            funder_name="European Innovation Council",
            max_per_company="2.500.000",
            kinds=["startup", "sme"],
        ),
    ]
    clock.set(datetime.combine(day - timedelta(days=70), time(9)))
    calls = [desk.calls.add(d) for d in drafts]
    since = present - timedelta(days=12)
    made = [t for t in tickets if t.created.astimezone(clock.tz).replace(tzinfo=None) < since]
    paths = ((S.PREPARING,), (), (S.PREPARING, S.SUBMITTED), (S.PREPARING,))
    for call in (calls[0], calls[1]):
        ready = [
            t
            for t in made
            if t.ref not in used
            and t.is_open
            and not eligibility_reasons(
                call, _company(companies, t), t.topics, call.opens, check_dates=False
            )
        ]
        # Only open requests: a business applying now is one the desk is working with (a closed
        # ticket would hold a deadline follow-up nobody works on).
        rng.shuffle(ready)
        for path, ticket in zip(paths, ready, strict=False):
            used.add(ticket.ref)
            moment = _office(since + timedelta(days=rng.randint(0, 5)))
            clock.set(moment)
            desk.calls.apply(ticket.ref, call.id)
            for stage in path:
                moment = _office(moment + timedelta(days=rng.randint(1, 3)))
                if moment >= present:
                    break
                clock.set(moment)
                desk.calls.step(ticket.ref, call.id, stage)
    return calls


def _office(moment: datetime) -> datetime:
    """The moment moved to office hours on a weekday (10:00 to 17:00)."""
    day: date = moment.date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    hour = min(max(moment.hour, 10), 17)
    result = datetime.combine(day, time(hour, moment.minute))
    return result.replace(tzinfo=moment.tzinfo) if moment.tzinfo else result


def _company(companies: Mapping[int, Company], ticket: Ticket) -> Company | None:
    return companies.get(ticket.company_id) if ticket.company_id is not None else None
