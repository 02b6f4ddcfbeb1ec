"""The demo desk stays current: an untouched demo made around an earlier day is remade around today.

A demo desk is written with a stamp: the size, seed, time zone and day it was made around, and a
fingerprint of its records. Its history (2020–2021) does not depend on that day; only the present
around it does (new requests to triage, follow-ups overdue and due today, upcoming webinars). When
a desk whose stamp says it was made around an earlier day is opened, and its records still match
the fingerprint (nobody has changed anything in it), it is remade around today with the same size
and seed: the previous file is backed up first, the stamp records the remake, and the opener is
told in one line. A demo anyone has changed is never remade: from the first change it is that
desk's own data.
"""

from __future__ import annotations

import zlib
from datetime import date
from typing import Any

import orjson

from helpdesk.dates import format_date
from helpdesk.errors import HelpdeskError
from helpdesk.i18n import _
from helpdesk.services.desk import Desk
from helpdesk.store.interface import Tables as Data
from helpdesk.store.records import DERIVED_TABLES

#: The table that holds the demo's stamp (one record, id "1").
DEMO_TABLE = "demo"
_META_TABLE = "_meta"


def fingerprint(data: Data) -> int:
    """A CRC-32 of every table of records, so that any change to the desk changes it.

    The format stamp, the demo's own stamp and the tables derived from the records (rebuilt
    at will) are left out.
    """
    skipped = {_META_TABLE, DEMO_TABLE, *DERIVED_TABLES}
    tables = {
        name: {key: record for key, record in table.items()}
        for name, table in data.items()
        if name not in skipped
    }
    return zlib.crc32(orjson.dumps(tables, option=orjson.OPT_SORT_KEYS))


def stamp_demo(data: Data, *, size: int, seed: int, timezone: str, today: date) -> None:
    """Write the demo's stamp into ``data``: how it was made and its records' fingerprint."""
    earlier = demo_stamp(data)
    remade = list(earlier.get("remade", [])) if earlier else []
    data[DEMO_TABLE] = {
        "1": {
            "size": size,
            "seed": seed,
            "timezone": timezone,
            "today": today.isoformat(),
            "fingerprint": fingerprint(data),
            "remade": remade,
        }
    }


def demo_stamp(data: Data | None) -> dict[str, Any] | None:
    """The demo's stamp in ``data``, or None for a desk that is no demo."""
    table = data.get(DEMO_TABLE) if data else None
    record = table.get("1") if table else None
    return dict(record) if isinstance(record, dict) else None


def made_around(desk: Desk) -> date | None:
    """The day a demo desk was last made around, or None for a desk that is no demo."""
    stamp = demo_stamp(desk.ctx.store.read_tables())
    return date.fromisoformat(stamp["today"]) if stamp else None


def refresh_demo(desk: Desk) -> str | None:
    """Remake an untouched demo desk around today; say so, or return None when nothing was done.

    Nothing is done to a desk that is no demo, to a demo made around today or later, to a
    demo whose records no longer match its fingerprint (someone has changed it), or to a file
    that cannot be read (left for the command to report).

    Raises:
        HelpdeskError: when the demo cannot be remade or written; it is left as it was.
    """
    store = desk.ctx.store
    try:
        stale = _looks_stale(desk, store.read_tables())
    except HelpdeskError:
        return None  # a file that cannot be read is reported by whatever reads it next
    if not stale:
        return None
    today = desk.clock.today()
    with store.transaction():
        data = store.read_tables()
        if not _looks_stale(desk, data):  # another process remade it meanwhile
            return None
        stamp = demo_stamp(data)
        assert stamp is not None
        if fingerprint(data) != stamp.get("fingerprint"):
            return None
        from helpdesk.services.demo import build_demo

        before = date.fromisoformat(stamp["today"])
        fresh = build_demo(
            size=int(stamp["size"]),
            seed=int(stamp["seed"]),
            timezone=str(stamp["timezone"]),
            today=today,
        )
        new = fresh.ctx.store.read_tables()
        stamp_demo(
            new,
            size=int(stamp["size"]),
            seed=int(stamp["seed"]),
            timezone=str(stamp["timezone"]),
            today=today,
        )
        record = new[DEMO_TABLE]["1"]
        record["remade"] = [
            *stamp.get("remade", []),
            {"from": before.isoformat(), "to": today.isoformat(), "at": desk.ctx.now().isoformat()},
        ]
        backup = store.backup("before-demo-days")
        store.write_tables(new)
    if backup:
        return _(
            "This demo desk was made around {made} and nobody had changed it: remade around "
            "today, {today}, with the same seed; the previous file is in {backup}."
        ).format(made=format_date(before), today=format_date(today), backup=backup)
    return _(
        "This demo desk was made around {made} and nobody had changed it: remade around "
        "today, {today}, with the same seed."
    ).format(made=format_date(before), today=format_date(today))


def _looks_stale(desk: Desk, data: Data | None) -> bool:
    stamp = demo_stamp(data)
    if not stamp or "today" not in stamp:
        return False
    try:
        return date.fromisoformat(stamp["today"]) < desk.clock.today()
    except (TypeError, ValueError):
        return False
