"""How many tickets each company has, as the store counts them (``company list``'s column):
the same figures as counting the desk's tickets, on both stores."""

from __future__ import annotations

from collections import Counter

from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft


def test_company_ticket_counts_match_the_tickets(desk: Desk) -> None:
    for subject, company in [
        ("Vendere online", "Forno d'Oro"),
        ("Un bando", "Rossi Impianti"),
        ("Sito nuovo", "Forno d'Oro"),
        ("Senza impresa", None),
        ("Di nuovo", "Forno d'Oro"),
    ]:
        draft = CompanyDraft(company) if company else None
        desk.tickets.log(TicketDraft(subject, company=draft))
    desk.companies.find_or_create(CompanyDraft("Bar Centrale"))  # a company without tickets

    counted = desk.ctx.store.company_ticket_counts()

    by_tickets = Counter(t.company_id for t in desk.ctx.store.tickets() if t.company_id)
    assert dict(counted) == dict(by_tickets)
    names = {c.name: c.id for c in desk.companies.list()}
    assert dict(counted) == {names["Forno d'Oro"]: 3, names["Rossi Impianti"]: 1}
    assert desk.companies.ticket_counts() == dict(counted)


def test_company_ticket_counts_follow_a_ticket_moved_to_another_company(desk: Desk) -> None:
    desk.tickets.log(TicketDraft("Vendere online", company=CompanyDraft("Forno d'Oro")))
    ticket = desk.tickets.log(TicketDraft("Un bando", company=CompanyDraft("Forno d'Oro"))).ticket
    other = desk.companies.find_or_create(CompanyDraft("Rossi Impianti")).company
    ticket.company_id = other.id
    desk.ctx.store.save_ticket(ticket)

    assert dict(desk.ctx.store.company_ticket_counts()) == {1: 1, other.id: 1}
