"""The desk: every use case, grouped, over one store, clock and acting adviser."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from helpdesk.dates import Clock
from helpdesk.i18n import LANGUAGES, normalise_language
from helpdesk.services.companies import CompanyService
from helpdesk.services.context import LANGUAGE_SETTING, Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.tickets import TicketService
from helpdesk.store.interface import SHARE_BUSINESSES_SETTING, DeskStore

if TYPE_CHECKING:
    from helpdesk.services.calls import CallService
    from helpdesk.services.company_edits import CompanyEditService
    from helpdesk.services.exports import ExportService
    from helpdesk.services.followups import FollowUpService
    from helpdesk.services.importing.service import ImportService
    from helpdesk.services.partners import PartnerService
    from helpdesk.services.privacy import PrivacyService
    from helpdesk.services.programmes import ProgrammeService
    from helpdesk.services.referrals import ReferralService
    from helpdesk.services.satisfaction import SatisfactionService
    from helpdesk.services.summary import SummaryService
    from helpdesk.services.templates import TemplateService
    from helpdesk.services.webinars import WebinarService


class Desk:
    """The services a front end talks to.

    Attributes:
        tickets: Log, triage and work tickets; search them.
        companies: Find, create and show companies.
        directory: Advisers and topics.
        followups: Schedule, complete and move follow-ups; the agenda.
        summary: Figures for a period: tickets, businesses, response times, outcomes.
        templates: Reply and report templates, listed and rendered.
        webinars: The webinar catalogue, enrolments with a waiting list, attendance, demand.
        calls: Grant calls (bandi), who is eligible, applications and their deadlines.
        imports: Import files of tickets: checked, all or nothing, never twice.
        exports: Export tickets as JSON, JSON Lines or CSV.
        partners: The hub's network: partners and which suit a ticket.
        referrals: Tickets referred to partners, and the answers awaited.
        programmes: Programmes, and a ticket's service, source and programme.
        satisfaction: Businesses' scores and comments, typed or from a survey file.
        company_edits: Edit companies and contacts, find likely duplicates, merge.
        privacy: Consent, forgetting personal data, the report of idle personal data.

    Args:
        store: Where records live.
        clock: The time (frozen in tests).
        actor: Key of the adviser making changes.
        templates: The user's templates folder, searched before the shipped one.
    """

    def __init__(
        self, store: DeskStore, clock: Clock, actor: str, templates: Path | None = None
    ) -> None:
        self.ctx = Context(store, clock, actor)
        self.directory = DirectoryService(self.ctx)
        self.companies = CompanyService(self.ctx)
        self.tickets = TicketService(self.ctx, self.directory, self.companies)
        self._templates_folder = templates
        #: One-line notices for the adviser about what opening the desk did (a demo remade).
        self.notices: list[str] = []

    def close(self) -> None:
        """Let go of the database file; a front end calls it when it is done with the desk."""
        self.ctx.store.close()

    def reader(self) -> Desk:
        """The desk for reads made from another thread (a screen's background listing): on a
        connection of its own where the store has one, so that they never run inside a change
        made here, nor see it before it commits; this desk itself where the store needs none.
        It acts as the adviser acting here when it is made (``ctx.actor`` moves each alone)."""
        store = self.ctx.store.reader()
        if store is None:
            return self
        return Desk(store, self.clock, self.actor, self._templates_folder)

    def language(self) -> str | None:
        """The language this desk is set to speak (``"it"``, ``"en"``), or None when unset."""
        value = self.ctx.store.desk_setting(LANGUAGE_SETTING)
        return value if isinstance(value, str) and value in LANGUAGES else None

    def set_language(self, code: str) -> str:
        """Make ``code`` the desk's language (for everyone who does not ask for another).

        Raises:
            UnknownLanguage: When the desk does not speak ``code``.
        """
        code = normalise_language(code)
        with self.ctx.store.transaction():
            self.ctx.store.save_desk_setting(LANGUAGE_SETTING, code)
        return code

    def shares_businesses(self) -> bool:
        """Whether this desk offers its businesses' details to the other desks of its
        PostgreSQL database (off until a desk turns it on: independent hubs agree to it)."""
        return self.ctx.store.desk_setting(SHARE_BUSINESSES_SETTING) is True

    def set_sharing(self, on: bool) -> None:
        """Offer this desk's businesses' details to the other desks of the database, or stop."""
        with self.ctx.store.transaction():
            self.ctx.store.save_desk_setting(SHARE_BUSINESSES_SETTING, on)

    # The services below are made on first use, so that a command pays at start-up only for
    # the modules it uses.

    @cached_property
    def followups(self) -> FollowUpService:
        """Schedule, complete and move follow-ups; the agenda."""
        from helpdesk.services.followups import FollowUpService

        return FollowUpService(self.ctx, self.tickets, self.directory)

    @cached_property
    def webinars(self) -> WebinarService:
        """The webinar catalogue, enrolments, attendance and demand."""
        from helpdesk.services.webinars import WebinarService

        return WebinarService(self.ctx, self.tickets, self.followups, self.directory)

    @cached_property
    def partners(self) -> PartnerService:
        """The hub's network: partners and which suit a ticket."""
        from helpdesk.services.partners import PartnerService

        return PartnerService(self.ctx, self.tickets, self.directory)

    @cached_property
    def referrals(self) -> ReferralService:
        """Tickets referred to partners, and the answers awaited."""
        from helpdesk.services.referrals import ReferralService

        return ReferralService(self.ctx, self.tickets, self.followups, self.partners)

    @cached_property
    def programmes(self) -> ProgrammeService:
        """Programmes, and a ticket's service, source and programme."""
        from helpdesk.services.programmes import ProgrammeService

        return ProgrammeService(self.ctx, self.tickets)

    @cached_property
    def satisfaction(self) -> SatisfactionService:
        """Businesses' scores and comments, typed or from a survey file."""
        from helpdesk.services.satisfaction import SatisfactionService

        return SatisfactionService(self.ctx, self.tickets)

    @cached_property
    def calls(self) -> CallService:
        """Grant calls: the registry, eligibility, applications and their deadlines."""
        from helpdesk.services.calls import CallService

        return CallService(self.ctx, self.tickets, self.followups, self.directory)

    @cached_property
    def summary(self) -> SummaryService:
        """Figures for a period."""
        from helpdesk.services.summary import SummaryService

        return SummaryService(
            self.ctx,
            self.tickets,
            self.directory,
            webinars=self.webinars.sessions,
            calls=self.ctx.store.calls,
        )

    @cached_property
    def templates(self) -> TemplateService:
        """Reply and report templates."""
        from helpdesk.services.templates import TemplateService

        return TemplateService(
            self.ctx,
            self.tickets,
            self.directory,
            self.summary,
            user_folder=self._templates_folder,
            webinars=self.webinars.sessions,
            calls=lambda ref: [j.call for j in self.calls.match(ref).eligible],
        )

    @cached_property
    def imports(self) -> ImportService:
        """Import files of tickets (made on first use: only imports pay for loading it)."""
        from helpdesk.services.importing.service import ImportService

        return ImportService(self.ctx, self.directory)

    @cached_property
    def exports(self) -> ExportService:
        """Export tickets (made on first use: only exports pay for loading it)."""
        from helpdesk.services.exports import ExportService

        return ExportService(self.ctx, self.tickets, self.companies)

    @cached_property
    def company_edits(self) -> CompanyEditService:
        """Edit companies and their contacts, find likely duplicates, merge them."""
        from helpdesk.services.company_edits import CompanyEditService

        return CompanyEditService(self.ctx, self.companies)

    @cached_property
    def privacy(self) -> PrivacyService:
        """Consent, forgetting personal data, the report of idle personal data."""
        from helpdesk.services.privacy import PrivacyService

        return PrivacyService(self.ctx, self.companies)

    @property
    def actor(self) -> str:
        """Key of the adviser making changes."""
        return self.ctx.actor

    @actor.setter
    def actor(self, key: str) -> None:
        # For a desk that follows another's adviser (a reader: see :meth:`reader`); who may
        # act at all is checked by helpdesk.services.identity.
        self.ctx.actor = key

    @property
    def clock(self) -> Clock:
        """The desk's clock."""
        return self.ctx.clock

    def location(self) -> str:
        """Where the data lives, for messages and titles."""
        return self.ctx.store.describe()

    def watch(self, on_change: Callable[[], None]) -> Callable[[], None] | None:
        """Have ``on_change`` called (from another thread) as soon as someone else changes
        the desk, where the store can tell at once (PostgreSQL); returns how to stop, or None
        when only polling :meth:`version` notices changes (a file)."""
        return self.ctx.store.watch_changes(on_change)

    def version(self) -> Hashable:
        """A token that changes whenever the data changes, here or in another process.

        Cheap enough to poll every second or two (for a file, one ``stat``, never a read):
        front ends compare it with the last one they saw to notice a colleague's change or a
        nightly import.
        """
        return self.ctx.store.version()
