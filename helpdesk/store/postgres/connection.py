"""Reaching the PostgreSQL server: which databases are PostgreSQL ones, how they are named in
messages, and the connection itself.

A database is given as a libpq URL (``postgresql://adviser@db.hub.example/helpdesk``). Whatever
the URL leaves out comes from libpq's own environment (``PGHOST``, ``PGUSER``, ``PGPASSWORD``…)
and password file (``~/.pgpass``), so a password need never be typed on a command line; one that
is given in the URL is used and never shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from helpdesk.errors import StoreError
from helpdesk.i18n import _

if TYPE_CHECKING:
    import psycopg


def masked(url: str) -> str:
    """The URL without its password (and without query parameters, which may hold one), for
    messages and titles."""
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host + (f":{port}" if port else "")
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def connect(url: str) -> psycopg.Connection:
    """An autocommitting connection to the database at ``url`` (each statement its own change
    unless the store opens a transaction).

    Raises:
        StoreError: when psycopg is not installed or the server cannot be reached; the message
            names the database without its password.
    """
    try:
        import psycopg
    except ImportError:
        raise StoreError(
            _("A PostgreSQL database needs psycopg: pip install 'helpdesk[postgres]'.")
        ) from None
    try:
        conn = psycopg.connect(url, autocommit=True, application_name="helpdesk")
        # A desk's statements are short reads and writes of one desk's rows; at a million
        # tickets the planner's estimates would have the server compile a listing's query to
        # machine code first (JIT), which pays for long reports and costs a listing more than
        # it saves.
        conn.execute("SET jit = off")
        return conn
    except psycopg.Error as error:
        raise StoreError(
            _("Cannot connect to {database}: {reason}").format(
                database=masked(url), reason=_first_line(error)
            )
        ) from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
