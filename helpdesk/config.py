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

#: The desk of a PostgreSQL database used when ``HELPDESK_DESK`` does not say otherwise.
DEFAULT_DESK = "main"

#: The URL schemes that name a PostgreSQL database rather than a file.
SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(database: str | os.PathLike[str]) -> bool:
    """Whether ``database`` names a PostgreSQL database (by its URL scheme), not a file."""
    return str(database).strip().lower().startswith(SERVER_SCHEMES)


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run of the desk needs to know about its surroundings.

    Attributes:
        db: The database file (``--db``, else ``HELPDESK_DB``, else ``tickets.json`` here);
            unused when ``url`` is set.
        adviser: Key of the adviser acting (``--as``, else ``HELPDESK_ADVISER``, else the OS
            user name); every change is stamped with it.
        timezone: The desk's time zone for dates typed and shown (``HELPDESK_TZ``).
        templates: An extra folder of reply and report templates (``HELPDESK_TEMPLATES``).
        url: The PostgreSQL database's URL, when ``--db`` or ``HELPDESK_DB`` gives one
            (``postgresql://…``); libpq's environment and password file fill in the rest.
        desk: Which desk (hub) of a PostgreSQL database to work on (``--desk``, else
            ``HELPDESK_DESK``, else ``main``).
        adviser_chosen: Whether ``--as`` or ``HELPDESK_ADVISER`` named the adviser (rather
            than the OS user name standing in): a PostgreSQL desk refuses a chosen adviser
            other than its database role's.
    """

    db: Path
    adviser: str
    timezone: str = DEFAULT_TIMEZONE
    templates: Path | None = None
    url: str | None = None
    desk: str = DEFAULT_DESK
    adviser_chosen: bool = False

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        db: str | os.PathLike[str] | None = None,
        desk: str | None = None,
        adviser: str | None = None,
        templates: str | os.PathLike[str] | None = None,
    ) -> Settings:
        """Settings from explicit values, falling back on the environment, then defaults."""
        env = os.environ if environ is None else environ
        templates = templates or env.get("HELPDESK_TEMPLATES") or None
        database = db or env.get("HELPDESK_DB") or DEFAULT_DB
        server = is_server_url(database)
        chosen = (adviser or env.get("HELPDESK_ADVISER") or "").strip()
        return cls(
            db=Path(DEFAULT_DB if server else database),
            adviser=chosen or _os_user().strip(),
            timezone=env.get("HELPDESK_TZ") or DEFAULT_TIMEZONE,
            templates=Path(templates) if templates else None,
            url=str(database).strip() if server else None,
            desk=(desk or env.get("HELPDESK_DESK") or DEFAULT_DESK).strip(),
            adviser_chosen=bool(chosen),
        )

    def database_file(self) -> Path:
        """The database file, for what only a file has (its checks, backups, the demo).

        Raises:
            InvalidValue: when the database is a PostgreSQL one.
        """
        if self.url is not None:
            from helpdesk.errors import InvalidValue
            from helpdesk.i18n import _

            raise InvalidValue(
                _(
                    "This command works on a database file; --db names a PostgreSQL database "
                    "(use pg_dump for its backups, or `helpdesk migrate` to copy it to a file)."
                )
            )
        return self.db


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, as in some containers
        return "desk"
