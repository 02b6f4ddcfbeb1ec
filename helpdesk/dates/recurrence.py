"""Repeating sessions: RFC 5545 recurrence rules expanded on wall-clock times."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, tzinfo

from helpdesk.dates.formatting import format_day, format_time, zone_name
from helpdesk.dates.parsing import checked_date, checked_time
from helpdesk.errors import InvalidDate

#: The frequencies a recurrence may have: sessions repeat at most daily.
_RULE_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_RULE_UNTIL_PATTERN = r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:T(?P<time>\d{6})(?P<utc>Z)?)?"
_RULE_EXAMPLE = '"FREQ=WEEKLY;BYDAY=TU;COUNT=6"'


def occurrences(rule: str, start: datetime, *, limit: int = 200) -> list[datetime]:
    """Expand an RFC 5545 recurrence rule from a first wall-clock start.

    The rule is expanded on wall-clock times in ``start``'s zone and each occurrence is then
    placed in that zone, so a session weekly on Tuesday at 10:00 stays at 10:00 across a
    daylight-saving change (its UTC offset changes instead). As in dateutil, ``start`` sets the
    time of day and where the rule begins; it is itself an occurrence only when it matches the
    rule (``FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1`` from a Tuesday begins on the next first Thursday).

    ``UNTIL`` may be a day (``20261231``, which includes that whole day), a wall-clock time in the
    zone (``20261231T120000``) or a UTC time (``20261231T110000Z``).

    Args:
        rule: The RRULE value, such as ``"FREQ=WEEKLY;BYDAY=TU;COUNT=6"``, with or without a
            leading ``RRULE:``. The frequency is DAILY, WEEKLY, MONTHLY or YEARLY.
        start: The first moment, aware; its zone is the zone the rule is expanded in.
        limit: The most occurrences accepted.

    Returns:
        The occurrences in order, aware, in ``start``'s zone; empty when the rule ends before
        its first occurrence.

    Raises:
        InvalidDate: If the rule cannot be read, has both COUNT and UNTIL, repeats more than
            ``limit`` times (or never ends), or falls on a wall time skipped when the clocks go
            forward.
        ValueError: If ``start`` is naive; that is a bug in the caller, not bad input.
    """
    tz = start.tzinfo
    if tz is None or start.utcoffset() is None:
        raise ValueError(f"occurrences needs an aware start, got {start!r}")
    raw = " ".join(rule.split())
    body = re.sub(r"(?i)^rrule:\s*", "", raw).strip().rstrip(";")
    if not body:
        raise InvalidDate(f"No repeat rule given; try {_RULE_EXAMPLE}.")
    parts: list[str] = []
    until: datetime | None = None
    names: set[str] = set()
    for part in body.split(";"):
        name, sep, value = part.strip().partition("=")
        name = name.strip().upper()
        if not sep or not name or not value.strip():
            raise InvalidDate(
                f'Cannot read the repeat rule "{raw}": "{part.strip()}" is not NAME=VALUE; '
                f"try {_RULE_EXAMPLE}."
            )
        if name in names:
            raise InvalidDate(f'Cannot read the repeat rule "{raw}": {name} is given twice.')
        names.add(name)
        if name == "UNTIL":
            until = _rule_until(value.strip(), raw, tz)
        else:
            parts.append(f"{name}={value.strip().upper()}")
    frequency = next((p.partition("=")[2] for p in parts if p.startswith("FREQ=")), None)
    if frequency is None:
        raise InvalidDate(f'The repeat rule "{raw}" needs a FREQ; try {_RULE_EXAMPLE}.')
    if frequency not in _RULE_FREQUENCIES:
        raise InvalidDate(
            f'The repeat rule "{raw}" has FREQ={frequency}; use one of '
            f"{', '.join(_RULE_FREQUENCIES)}."
        )
    if until is not None and "COUNT" in names:
        raise InvalidDate(f'The repeat rule "{raw}" has both COUNT and UNTIL; give only one.')
    # Imported here: only creating a series needs it.
    from dateutil.rrule import rrulestr

    wall_start = start.replace(tzinfo=None, fold=0)
    try:
        recurrence = rrulestr(";".join(parts), dtstart=wall_start)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise InvalidDate(
            f'Cannot read the repeat rule "{raw}" ({error}); try {_RULE_EXAMPLE}.'
        ) from None
    found: list[datetime] = []
    try:
        for wall in recurrence:
            if until is not None and wall > until:
                break
            if len(found) == limit:
                raise InvalidDate(
                    f'The repeat rule "{raw}" repeats more than {limit} times; end it sooner '
                    "with COUNT or UNTIL."
                )
            moment = datetime.combine(wall.date(), wall.time(), tzinfo=tz)
            if moment.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
                raise InvalidDate(
                    f'The repeat rule "{raw}" falls on {format_time(wall.time())} on '
                    f"{format_day(wall)}, a time skipped in "
                    f"{zone_name(tz)} when the clocks go forward; choose another time."
                )
            found.append(moment)
    except (ValueError, OverflowError) as error:
        raise InvalidDate(f'Cannot expand the repeat rule "{raw}" ({error}).') from None
    return found


def _rule_until(value: str, raw: str, tz: tzinfo) -> datetime:
    """The last wall-clock moment (naive, in ``tz``) that an UNTIL value allows."""
    match = re.fullmatch(_RULE_UNTIL_PATTERN, value.upper())
    if match is None:
        raise InvalidDate(
            f'Cannot read UNTIL={value} in the repeat rule "{raw}"; use a day such as '
            "UNTIL=20261231 or a UTC time such as UNTIL=20261231T230000Z."
        )
    day = checked_date(match, f"UNTIL={value}")
    if match["time"] is None:
        return datetime.combine(day, time(23, 59, 59))
    digits = match["time"]
    wall = checked_time(digits[:2], digits[2:4], digits[4:], None, f"UNTIL={value}")
    moment = datetime.combine(day, wall)
    if match["utc"]:
        moment = moment.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)
    return moment
