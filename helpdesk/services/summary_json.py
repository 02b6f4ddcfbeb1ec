"""The summary's one plain form: what ``--format json`` prints, CSV flattens and report
templates read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from helpdesk.services.call_figures import grants_json
from helpdesk.services.impact import impact_json
from helpdesk.services.summary import Count, Delay, Summary, Webinars


def summary_json(summary: Summary) -> dict[str, Any]:
    """The summary as plain data: what ``--format json`` prints and CSV flattens.

    Hours are rounded to 0.01, shares and rates to 0.0001; dates are ISO.
    """
    p = summary.period
    return {
        "period": {
            "label": p.label,
            "first_day": p.first_day.isoformat() if p.first_day else None,
            "last_day": p.last_day.isoformat() if p.last_day else None,
        },
        "filter": {"query": summary.query},
        "tickets": {"received": summary.received, "closed": summary.closed},
        "businesses": {
            "served": summary.businesses.served,
            "first_contact": summary.businesses.first_contact,
            "returning": summary.businesses.returning,
            "tickets_without_company": summary.businesses.tickets_without_company,
            "by_kind": _rows_json(summary.businesses.by_kind.rows),
        },
        "time_to_triage": _delay_json(summary.triage),
        "time_to_first_followup": _delay_json(summary.first_followup),
        "open": {
            "count": summary.open.count,
            "median_age_days": summary.open.median_age_days,
            "oldest_age_days": summary.open.oldest_age_days,
            "ages": _rows_json(summary.open.ages),
        },
        "followups": {
            "total": summary.followups.total,
            "done": summary.followups.done,
            "pending": summary.followups.pending,
            "overdue": summary.followups.overdue,
            "cancelled": summary.followups.cancelled,
            "tickets_with_followup": summary.followups.tickets_with_followup,
            "done_in_period": summary.followups.done_in_period,
        },
        "webinars": _webinars_json(summary.webinars),
        "impact": impact_json(summary.impact),
        "grants": grants_json(summary.grants),
        "breakdowns": {name: _rows_json(b.rows) for name, b in summary.breakdowns.items()},
    }


def breakdown_json(summary: Summary, name: str) -> dict[str, Any]:
    """One breakdown as plain data, with its period and filter (``--by NAME --format json``).

    Raises:
        InvalidValue: for an unknown breakdown.
    """
    breakdown = summary.breakdown(name)
    whole = summary_json(summary)
    return {
        "period": whole["period"],
        "filter": whole["filter"],
        "by": name,
        "total": breakdown.total,
        "rows": _rows_json(breakdown.rows),
    }


def _rows_json(rows: Iterable[Count]) -> list[dict[str, Any]]:
    return [
        {"key": r.key, "label": r.label, "count": r.count, "share": round(r.share, 4)} for r in rows
    ]


def _delay_json(delay: Delay) -> dict[str, Any]:
    return {
        "measured": delay.measured,
        "waiting": delay.waiting,
        "median_hours": _round(delay.median_hours, 2),
        "p90_hours": _round(delay.p90_hours, 2),
    }


def _webinars_json(webinars: Webinars | None) -> dict[str, Any] | None:
    if webinars is None:
        return None
    return {
        "held": webinars.held,
        "seats": webinars.seats,
        "enrolled": webinars.enrolled,
        "attended": webinars.attended,
        "fill_rate": _round(webinars.fill_rate, 4),
        "attendance_rate": _round(webinars.attendance_rate, 4),
        "upcoming": webinars.upcoming,
    }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
