"""What every service shares: the store, the clock and who is acting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.dates import Clock
from helpdesk.i18n import LANGUAGES, language, message_in
from helpdesk.store.interface import DeskStore

#: The desk setting that holds its language.
LANGUAGE_SETTING = "language"


def desk_language(store: DeskStore) -> str:
    """The language the desk in ``store`` is set to (see :meth:`Context.desk_language`)."""
    value = store.desk_setting(LANGUAGE_SETTING)
    return value if isinstance(value, str) and value in LANGUAGES else language()


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

    def desk_language(self) -> str:
        """The language the desk's own text is written in: its setting, else the current one.

        Notes and history entries that services write are kept as written, so they are written
        in the desk's language (an adviser who reads English on screen still writes the desk's
        records in Italian on an Italian desk).
        """
        return desk_language(self.store)

    def written(self, message: str) -> str:
        """``message`` (marked with ``N_``) in the desk's language, to be kept in the database."""
        return message_in(self.desk_language(), message)

    def now(self) -> datetime:
        """The current time in the desk's zone."""
        return self.clock.now()
