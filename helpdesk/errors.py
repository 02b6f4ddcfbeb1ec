"""The errors the desk raises, each carrying a message written for the user.

Only the edges (the CLI and the TUI) format these; everything below them raises.
"""

from __future__ import annotations


class HelpdeskError(Exception):
    """Base of every error the user may see.

    Args:
        message: One clear sentence for the user, naming the thing at fault.
    """

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(HelpdeskError):
    """A ticket, company, adviser, topic or webinar that does not exist."""


class InvalidValue(HelpdeskError):
    """A field whose value cannot be accepted (an email, a VAT number, a priority…)."""


class InvalidDate(InvalidValue):
    """A date or time expression that does not name one real date."""


class InvalidFilter(InvalidValue):
    """A filter query with a token that cannot be understood.

    Args:
        message: What is wrong with the token.
        query: The whole query as typed.
        start: Offset of the bad token in ``query``.
        end: Offset just past the bad token.
    """

    def __init__(self, message: str, query: str = "", start: int = 0, end: int = 0) -> None:
        super().__init__(message)
        self.query = query
        self.start = start
        self.end = end


class TransitionRefused(HelpdeskError):
    """A status change the lifecycle does not allow."""


class Conflict(HelpdeskError):
    """A change that clashes with what is already there (a duplicate, a full session…)."""


class EditConflict(Conflict):
    """A save that would overwrite fields someone else changed since the form was opened.

    Args:
        message: Which fields, for the user.
        fields: Each such field's name, with the value it held when the form opened, the value
            it holds now, and the value this save would write.
    """

    def __init__(self, message: str, fields: dict[str, tuple[object, object, object]]) -> None:
        super().__init__(message)
        self.fields = fields


class NeedsNetwork(HelpdeskError):
    """A network feature (shared partners, referrals between desks) asked of a desk that is
    alone in its store (a file): refused like a command used the wrong way (exit status 2)."""

    exit_code = 2


class StoreError(HelpdeskError):
    """The database file cannot be used: unreadable, foreign, too new, or locked."""


class DatabaseMissing(StoreError):
    """A reading command was pointed at a database file that does not exist."""
