"""What a date expression resolves to: a day, perhaps a time, in a zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from helpdesk.dates.formatting import format_day, format_time, to_iso


@dataclass(frozen=True, slots=True)
class When:
    """What an expression resolved to.

    Attributes:
        day: The calendar day.
        time: The wall-clock time in ``tz``, or ``None`` when only a date was given.
        tz: The zone the time is read in.
    """

    day: date
    time: time | None
    tz: tzinfo

    @property
    def at(self) -> datetime:
        """The aware moment: the day at its time, or at 00:00 when there is none (for ordering)."""
        wall = time(0) if self.time is None else self.time
        return datetime.combine(self.day, wall, tzinfo=self.tz)

    def describe(self, language: str | None = None) -> str:
        """Return an unambiguous rendering, like ``"Fri 27 Nov 2026 15:00"``
        (``"ven 27 nov 2026 15:00"`` in Italian).

        Args:
            language: The language to write it in; the current one by default.

        Returns:
            Weekday, day, month and year, followed by the time when there is one.
        """
        text = format_day(self.day, language)
        if self.time is None:
            return text
        return f"{text} {format_time(self.time)}"

    def to_iso(self) -> str:
        """Return the form to store: ``"2026-11-27"`` or ``"2026-11-27T15:00:00+01:00"``.

        Returns:
            The ISO date, or the ISO date and time with its UTC offset; :func:`when_from_iso`
            reads it back.
        """
        if self.time is None:
            return self.day.isoformat()
        return to_iso(self.at)
