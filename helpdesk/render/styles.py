"""Colours and labels for statuses and priorities, one table for every screen."""

from __future__ import annotations

from helpdesk.domain.enums import Priority, Status

STATUS_STYLE: dict[Status, str] = {
    Status.NEW: "bold cyan",
    Status.TRIAGED: "cyan",
    Status.IN_PROGRESS: "green",
    Status.WAITING: "yellow",
    Status.RESOLVED: "dim green",
    Status.CLOSED: "dim",
}

PRIORITY_STYLE: dict[Priority, str] = {
    Priority.LOW: "dim",
    Priority.NORMAL: "",
    Priority.HIGH: "bold yellow",
    Priority.URGENT: "bold red",
}

OVERDUE_STYLE = "bold red"
DUE_TODAY_STYLE = "bold yellow"


def status_label(status: Status) -> str:
    """The status as people read it, in the current language (``in progress``)."""
    return status.label_text
