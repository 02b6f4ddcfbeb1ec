"""A small hand-made desk whose summary figures are known, shared by the summary and template tests.

Built through the services with a frozen clock that each step moves to a known moment
(Europe/Rome). Second quarter 2020 is the period under test; ``NOW`` is 10 July 2020, 12:00.

=====  ==================  ======================  =================  ========  =======  ==========
ref    created             company (kind, prov.)   topics             channel   triage   assignee
=====  ==================  ======================  =================  ========  =======  ==========
1      20 Mar 09:00        A Forno (artisan, CO)   marketing          email     +1h      ms
2      1 Apr 09:00         A                       ecommerce          phone     +1h      ms
3      10 Apr 09:00        B Bar (food, LC)        grants             email     +2h      gb
4      5 May 09:00         B                       grants, ecommerce  email     +3h      gb
5      20 May 09:00        C Studio (prof., none)  digital_tools      web       +4h      ms
6      15 Jun 09:00        (no company)            (none)             web       +5h      none
7      29 Jun 09:00        D Meccanica (sme, MI)   industry40         walk_in   +10h     ms
8      30 Jun 23:30        D                       industry40         phone     never    none
9      1 Jul 00:00         A                       ecommerce          phone     never    none
=====  ==================  ======================  =================  ========  =======  ==========

Tickets 2–8 fall in 2020-Q2 (8 at 23:30 on its last day, 9 at midnight just after it).
#4 is closed as grant_applied, #5 as advised. Follow-ups: #1 one done on 5 May (before-period
ticket, done in the period); #2 one made +25h, done 20 Apr; #3 one made +50h, due 13 Apr, still
pending (overdue); #7 one made +100h, cancelled. Webinars: W1 (20 Apr, 10 seats: #2 attended,
#3 no-show), W2 (10 Jun, 5 seats: #4 registered, #5 attended), W3 (5 Jul, after the quarter),
W4 (1 May, cancelled), W5 (1 Sep, upcoming, on industry40).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.factory import open_desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.webinars import WebinarDraft

NOW = "2020-07-10 12:00"

FORNO = CompanyDraft(name="Forno Rossi", kind="artisan", province="CO", town="Como")
BAR = CompanyDraft(name="Bar Centrale", kind="food_service", province="LC")
STUDIO = CompanyDraft(name="Studio Verdi", kind="professional")
MECCANICA = CompanyDraft(name="Meccanica Brambilla S.r.l.", kind="sme", province="MI")


@dataclass(frozen=True)
class Plan:
    """One ticket of the table above."""

    at: str
    company: CompanyDraft | None
    topics: list[str]
    channel: str
    triage_hours: float | None
    assignee: str | None


PLANS = [
    Plan("2020-03-20 09:00", FORNO, ["marketing"], "email", 1, "ms"),
    Plan("2020-04-01 09:00", FORNO, ["ecommerce"], "phone", 1, "ms"),
    Plan("2020-04-10 09:00", BAR, ["grants"], "email", 2, "gb"),
    Plan("2020-05-05 09:00", BAR, ["grants", "ecommerce"], "email", 3, "gb"),
    Plan("2020-05-20 09:00", STUDIO, ["digital_tools"], "web", 4, "ms"),
    Plan("2020-06-15 09:00", None, [], "web", 5, None),
    Plan("2020-06-29 09:00", MECCANICA, ["industry40"], "walk_in", 10, "ms"),
    Plan("2020-06-30 23:30", MECCANICA, ["industry40"], "phone", None, None),
    Plan("2020-07-01 00:00", FORNO, ["ecommerce"], "phone", None, None),
]


def add_people(desk: Desk) -> None:
    """The two advisers."""
    desk.directory.add_adviser("ms", "Marta Sala", email="marta@hub.it", topics=["ecommerce"])
    desk.directory.add_adviser("gb", "Giulio Bassi", topics=["grants"])


def log(desk: Desk, clock: FrozenClock, number: int) -> int:
    """Log ticket ``number`` (1-based) at its moment and triage it as planned."""
    plan = PLANS[number - 1]
    clock.set(plan.at)
    ref = desk.tickets.log(
        TicketDraft(
            f"Richiesta {number}",
            channel=plan.channel,
            company=plan.company,
            topics=plan.topics,
            description=f"Descrizione della richiesta {number}",
        )
    ).ticket.ref
    assert ref == number
    if plan.triage_hours is not None:
        clock.advance(hours=plan.triage_hours)
        desk.tickets.triage(ref, assignee=plan.assignee)
    return ref


def build_known_desk(desk: Desk, clock: FrozenClock) -> Desk:
    """Fill an empty desk with the table above; the clock ends at ``NOW``."""
    clock.set("2020-03-01 09:00")
    add_people(desk)
    w = desk.webinars
    w1 = w.add(
        WebinarDraft(
            "E-commerce in una settimana", "20/04/2020 10:00", capacity=10, topics=["ecommerce"]
        )
    )[0]
    w2 = w.add(
        WebinarDraft("Bandi per il digitale", "10/06/2020 10:00", capacity=5, topics=["grants"])
    )[0]
    w.add(WebinarDraft("Dopo il trimestre", "05/07/2020 10:00", capacity=7, topics=["ecommerce"]))
    w4 = w.add(WebinarDraft("Annullato", "01/05/2020 10:00", capacity=20, topics=["grants"]))[0]
    w.add(
        WebinarDraft(
            "Industria 4.0 per le PMI", "01/09/2020 10:00", capacity=12, topics=["industry40"]
        )
    )
    w.cancel(w4.id)

    log(desk, clock, 1)
    desk.followups.add(1, "+1w", "Richiamare")
    log(desk, clock, 2)
    clock.set("2020-04-02 10:00")  # +25h after #2 was created
    desk.followups.add(2, "+3d", "Sentire come va")
    log(desk, clock, 3)
    clock.set("2020-04-12 11:00")  # +50h after #3 was created
    desk.followups.add(3, "+1d", "Inviare il bando")
    w.enrol(w1.id, [2, 3])
    clock.set("2020-04-20 10:30")
    w.attend(w1.id, attended=[2], no_show=[3])
    clock.set("2020-04-20 16:00")
    desk.followups.done(2, result="Ha aperto il negozio")
    clock.set("2020-05-05 08:00")
    desk.followups.done(1, result="Nessuna novità")
    log(desk, clock, 4)
    desk.tickets.set_status(4, "in_progress")
    desk.tickets.close(4, "grant_applied")
    log(desk, clock, 5)
    desk.tickets.set_status(5, "in_progress")
    desk.tickets.close(5, "advised")
    w.enrol(w2.id, [4, 5])
    clock.set("2020-06-10 11:00")
    w.attend(w2.id, attended=[5])
    log(desk, clock, 6)
    log(desk, clock, 7)
    log(desk, clock, 8)
    log(desk, clock, 9)
    clock.set("2020-07-03 13:00")  # +100h after #7 was created
    desk.followups.add(7, "+2d", "Preventivo")
    desk.followups.cancel(7, 1)
    clock.set(NOW)
    return desk


def write_known_database(folder: Path) -> Path:
    """The hand-made desk written to ``folder/tickets.json``, for tests of whole commands."""
    path = folder / "tickets.json"
    clock = FrozenClock("2020-03-01 09:00")
    build_known_desk(open_desk(Settings(db=path, adviser="ms"), clock=clock), clock)
    return path
