"""A small desk for the terminal UI's tests, the same every time (no tests here).

Friday 20 November 2026, 10:00 in Europe/Rome; the acting adviser is ``ms`` (e-commerce and
marketing); ``gb`` knows grants and credit.

| ref | company | subject | status | follow-up |
|---|---|---|---|---|
| 1 | Pasticceria Rossi | Vendere online i nostri dolci | new | |
| 2 | Officina Meccanica Bassi S.r.l. | Bando digitalizzazione | in progress (gb, high) | 18 Nov |
| 3 | Trattoria Da Gino | Social media per il ristorante | waiting (ms) | today |
| 4 | Studio Verdi | Consulenza cybersecurity | closed (advised) | |
| 5 | Falegnameria Conti | Credito per nuovi macchinari | in progress (gb) | 25 Nov |
| 6 | Pasticceria Rossi | Sito web e prenotazioni | new | |

Webinar 1: "E-commerce in una settimana", Tue 1 Dec 2026 10:00, two seats, on e-commerce.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from helpdesk.dates import FrozenClock
from helpdesk.domain.models import Contact
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.webinars import WebinarDraft

NOW = "2026-11-20 10:00"


def frozen() -> FrozenClock:
    """The tests' clock."""
    return FrozenClock(NOW)


def staff(desk: Desk) -> Desk:
    """Add the two advisers."""
    desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce", "marketing"])
    desk.directory.add_adviser("gb", "Giulio Bassi", topics=["grants", "credit"])
    return desk


def log(desk: Desk, subject: str, company: str, *, description: str = "", days: int = 0) -> int:
    """Log a ticket created ``days`` ago; returns its reference."""
    clock = desk.clock
    assert isinstance(clock, FrozenClock)
    draft = TicketDraft(
        subject,
        description,
        "phone",
        company=CompanyDraft(name=company, province="CO"),
        contact=Contact("Mario Rossi", "mario@example.it", "031 123456"),
        created=clock.now() - timedelta(days=days, hours=days),
    )
    return desk.tickets.log(draft).ticket.ref


def seed(desk: Desk) -> Desk:
    """The tickets and the webinar of the module's table."""
    staff(desk)
    a = log(
        desk,
        "Vendere online i nostri dolci",
        "Pasticceria Rossi",
        description="Vorremmo aprire un negozio online per vendere le torte.",
        days=1,
    )
    b = log(
        desk,
        "Bando digitalizzazione",
        "Officina Meccanica Bassi S.r.l.",
        description="Un bando regionale per digitalizzare l'officina?",
        days=20,
    )
    c = log(
        desk,
        "Social media per il ristorante",
        "Trattoria Da Gino",
        description="Vorremmo più clienti da Instagram.",
        days=9,
    )
    d = log(desk, "Consulenza cybersecurity", "Studio Verdi", days=40)
    e = log(
        desk,
        "Credito per nuovi macchinari",
        "Falegnameria Conti",
        description="Finanziamento per un nuovo pantografo.",
        days=5,
    )
    log(desk, "Sito web e prenotazioni", "Pasticceria Rossi", days=0)
    desk.tickets.triage(b, priority="high", assignee="gb")
    desk.tickets.set_status(b, "in_progress")
    desk.followups.add(b, "18/11/2026", "Check the application form", allow_past=True)
    desk.tickets.triage(c, assignee="ms")
    desk.tickets.set_status(c, "in_progress")
    desk.tickets.set_status(c, "waiting")
    desk.followups.add(c, "today", "Call back about the Instagram plan")
    desk.tickets.triage(d, topics=["cybersecurity"], assignee="ms")
    desk.tickets.set_status(d, "in_progress")
    desk.tickets.close(d, "advised")
    desk.tickets.triage(e, topics=["credit"], assignee="gb")
    desk.tickets.set_status(e, "in_progress")
    desk.followups.add(e, "25/11/2026", "Bank's answer")
    desk.webinars.add(
        WebinarDraft(
            "E-commerce in una settimana", "1/12/2026 10:00", capacity=2, topics=["ecommerce"]
        )
    )
    assert a == 1
    return desk


def seeded_desk() -> Desk:
    """An in-memory desk holding the module's tickets."""
    return seed(memory_desk(frozen(), actor="ms"))


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an ``async def`` test in its own event loop (fixtures are passed through)."""

    @functools.wraps(test)
    def runner(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return runner
