"""What every service shares: the store, the clock and who is acting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.dates import Clock
from helpdesk.store.interface import DeskStore


@dataclass(slots=True)
class Context:
    """The surroundings of a use case.

    Attributes:
        store: Where records live.
        clock: The time, injected so tests can freeze it.
        actor: Key of the adviser making changes; history records it.
    """

    store: DeskStore
    clock: Clock
    actor: str

    def now(self) -> datetime:
        """The current time in the desk's zone."""
        return self.clock.now()
