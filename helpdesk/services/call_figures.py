"""Grant figures for funders: applications submitted, admitted and funded, and euros obtained,
by funder and by call.

Definitions, so that every figure can be checked by hand:

* An application counts under a stage when it **reached** that stage within the period: its
  step to ``submitted``, ``admitted`` or ``funded`` is dated in the period. A funded application
  was admitted and submitted before, possibly in an earlier period.
* **Started** counts applications begun (interested) in the period.
* **Euros obtained** adds the amounts of the applications funded in the period.
* With a filter, only applications of tickets matching it count (whenever the ticket was made).
* **By funder** groups calls by the funder's name (its kind when it has no name); **by call**
  lists every call with an application counted, the most euros first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from helpdesk.domain.calls import Application, Call, Stage, euros
from helpdesk.i18n import _


@dataclass(slots=True)
class GrantRow:
    """The figures of one funder, one call, or all of them.

    Attributes:
        key: The funder's name or the call's number (``total`` for the whole).
        label: How it reads (the funder's name, or the call's title).
        started: Applications begun in the period.
        submitted: Applications submitted in the period.
        admitted: Applications admitted in the period.
        funded: Applications funded in the period.
        cents: Euro cents granted to them.
    """

    key: str
    label: str
    started: int = 0
    submitted: int = 0
    admitted: int = 0
    funded: int = 0
    cents: int = 0

    def is_empty(self) -> bool:
        """Nothing counted."""
        return not (self.started or self.submitted or self.admitted or self.funded)


@dataclass(slots=True)
class Grants:
    """Grant figures for a period: the whole, by funder and by call."""

    total: GrantRow = field(default_factory=lambda: GrantRow("total", _("All calls")))
    by_funder: list[GrantRow] = field(default_factory=list)
    by_call: list[GrantRow] = field(default_factory=list)


def grant_figures(
    calls: Iterable[Call],
    contains: Callable[[datetime], bool],
    refs: set[int] | None = None,
) -> Grants:
    """Count applications reaching each stage within a period.

    Args:
        calls: Every call, with its applications.
        contains: Whether a moment falls in the period.
        refs: Only applications of these tickets (a filter); None counts every one.
    """
    grants = Grants()
    funders: dict[str, GrantRow] = {}
    for call in sorted(calls, key=lambda c: c.id):
        row = GrantRow(str(call.id), call.title)
        for application in call.applications:
            if refs is not None and application.ref not in refs:
                continue
            _count(row, application, contains)
        if row.is_empty():
            continue
        grants.by_call.append(row)
        name = call.funder_text
        funder = funders.setdefault(name, GrantRow(name, name))
        for target in (funder, grants.total):
            target.started += row.started
            target.submitted += row.submitted
            target.admitted += row.admitted
            target.funded += row.funded
            target.cents += row.cents
    grants.by_funder = sorted(funders.values(), key=lambda r: (-r.cents, -r.submitted, r.key))
    grants.by_call.sort(key=lambda r: (-r.cents, -r.submitted, int(r.key)))
    return grants


def _count(row: GrantRow, application: Application, contains: Callable[[datetime], bool]) -> None:
    for step in application.steps:
        if not contains(step.at):
            continue
        if step.stage is Stage.INTERESTED:
            row.started += 1
        elif step.stage is Stage.SUBMITTED:
            row.submitted += 1
        elif step.stage is Stage.ADMITTED:
            row.admitted += 1
        elif step.stage is Stage.FUNDED:
            row.funded += 1
            row.cents += step.amount or 0


def grants_json(grants: Grants | None) -> dict[str, Any] | None:
    """The grant figures as plain data (euros as numbers), for JSON, CSV and templates."""
    if grants is None:
        return None
    return {
        "total": _row_json(grants.total),
        "by_funder": [_row_json(r) for r in grants.by_funder],
        "by_call": [_row_json(r) for r in grants.by_call],
    }


def _row_json(row: GrantRow) -> dict[str, Any]:
    amount = euros(row.cents)
    assert amount is not None
    return {
        "key": row.key,
        "label": row.label,
        "started": row.started,
        "submitted": row.submitted,
        "admitted": row.admitted,
        "funded": row.funded,
        "euros": int(amount) if amount == amount.to_integral_value() else float(amount),
    }


#: The figures each grant row has, in the order CSV lists them.
GRANT_FIGURES = ("started", "submitted", "admitted", "funded", "euros")


def grants_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The long ``section,key,value`` rows of :func:`grants_json`'s output: one row per figure,
    sections ``grants.total``, ``grants.by_funder.<name>`` and ``grants.by_call.<number>``."""
    rows = []
    groups = [("grants.total", data["total"])]
    groups += [(f"grants.by_funder.{r['key']}", r) for r in data["by_funder"]]
    groups += [(f"grants.by_call.{r['key']}", r) for r in data["by_call"]]
    for section, row in groups:
        for name in GRANT_FIGURES:
            rows.append({"section": section, "key": name, "value": row[name]})
    return rows
