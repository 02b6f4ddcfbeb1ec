"""The desk: every use case, grouped, over one store, clock and acting adviser."""

from __future__ import annotations

from helpdesk.dates import Clock
from helpdesk.services.companies import CompanyService
from helpdesk.services.context import Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.followups import FollowUpService
from helpdesk.services.tickets import TicketService
from helpdesk.store import Store


class Desk:
    """The services a front end talks to.

    Attributes:
        tickets: Log, triage and work tickets; search them.
        companies: Find, create and show companies.
        directory: Advisers and topics.
        followups: Schedule, complete and move follow-ups; the agenda.

    Args:
        store: Where records live.
        clock: The time (frozen in tests).
        actor: Key of the adviser making changes.
    """

    def __init__(self, store: Store, clock: Clock, actor: str) -> None:
        self.ctx = Context(store, clock, actor)
        self.directory = DirectoryService(self.ctx)
        self.companies = CompanyService(self.ctx)
        self.tickets = TicketService(self.ctx, self.directory, self.companies)
        self.followups = FollowUpService(self.ctx, self.tickets, self.directory)

    @property
    def actor(self) -> str:
        """Key of the adviser making changes."""
        return self.ctx.actor

    @property
    def clock(self) -> Clock:
        """The desk's clock."""
        return self.ctx.clock

    def location(self) -> str:
        """Where the data lives, for messages and titles."""
        return self.ctx.store.describe()
