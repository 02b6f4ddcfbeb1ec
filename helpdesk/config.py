"""Settings and where things live, each overridable from the environment.

Nothing below the edges reads the environment: the CLI builds a :class:`Settings` once and hands
it to the factory, and tests build their own so they never touch a real database.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from helpdesk.dates import DEFAULT_TIMEZONE

#: The database used when neither ``--db`` nor ``HELPDESK_DB`` says otherwise.
DEFAULT_DB = "tickets.json"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run of the desk needs to know about its surroundings.

    Attributes:
        db: The database file (``--db``, else ``HELPDESK_DB``, else ``tickets.json`` here).
        adviser: Key of the adviser acting (``--as``, else ``HELPDESK_ADVISER``, else the OS
            user name); every change is stamped with it.
        timezone: The desk's time zone for dates typed and shown (``HELPDESK_TZ``).
        templates: An extra folder of reply and report templates (``HELPDESK_TEMPLATES``).
    """

    db: Path
    adviser: str
    timezone: str = DEFAULT_TIMEZONE
    templates: Path | None = None

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        db: str | os.PathLike[str] | None = None,
        adviser: str | None = None,
        templates: str | os.PathLike[str] | None = None,
    ) -> Settings:
        """Settings from explicit values, falling back on the environment, then defaults."""
        env = os.environ if environ is None else environ
        templates = templates or env.get("HELPDESK_TEMPLATES") or None
        return cls(
            db=Path(db or env.get("HELPDESK_DB") or DEFAULT_DB),
            adviser=(adviser or env.get("HELPDESK_ADVISER") or _os_user()).strip(),
            timezone=env.get("HELPDESK_TZ") or DEFAULT_TIMEZONE,
            templates=Path(templates) if templates else None,
        )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, as in some containers
        return "desk"
