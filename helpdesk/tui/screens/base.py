"""What every screen of the app shares: typed access to the app, its desk and its index."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

from helpdesk.services.desk import Desk

if TYPE_CHECKING:
    from helpdesk.tui.app import HelpdeskApp
    from helpdesk.tui.index import TicketIndex

ResultType = TypeVar("ResultType")


class DeskScreen(Screen[ResultType]):
    """A screen of the helpdesk app."""

    @property
    def helpdesk(self) -> HelpdeskApp:
        """The app, typed."""
        return cast("HelpdeskApp", self.app)

    @property
    def desk(self) -> Desk:
        """The services."""
        return self.helpdesk.desk

    @property
    def index(self) -> TicketIndex:
        """The tickets as the app holds them."""
        return self.helpdesk.index


class DeskModal(ModalScreen[ResultType]):
    """A dialog of the helpdesk app, typed by what it returns."""

    @property
    def helpdesk(self) -> HelpdeskApp:
        """The app, typed."""
        return cast("HelpdeskApp", self.app)

    @property
    def desk(self) -> Desk:
        """The services."""
        return self.helpdesk.desk
