"""The status lifecycle: ``new → triaged → in_progress ⇄ waiting → resolved → closed``.

``reopen`` takes a resolved or closed ticket back to ``in_progress``. Any other move is refused
with a message that says which moves are possible from where the ticket stands.
"""

from __future__ import annotations

from helpdesk.domain.enums import Outcome, Status
from helpdesk.errors import TransitionRefused
from helpdesk.i18n import _

S = Status

#: Every status a ticket may move to from each status; ``reopen`` is the way back from the end.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.NEW: frozenset({S.TRIAGED}),
    S.TRIAGED: frozenset({S.IN_PROGRESS}),
    S.IN_PROGRESS: frozenset({S.WAITING, S.RESOLVED}),
    S.WAITING: frozenset({S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset({S.IN_PROGRESS}),
}

#: Outcomes that may close a ticket nobody has worked on (a duplicate or a withdrawn request).
CLOSE_UNWORKED = frozenset({Outcome.DUPLICATE, Outcome.WITHDRAWN})


def check_transition(ref: int, current: Status, new: Status) -> None:
    """Refuse a move the lifecycle does not allow.

    Raises:
        TransitionRefused: naming the ticket, the move and the moves that are allowed.
    """
    if new == current:
        raise TransitionRefused(
            _("#{ref} is already {status}.").format(ref=ref, status=current.label_text)
        )
    allowed = TRANSITIONS[current]
    if new not in allowed:
        options = ", ".join(s.label_text for s in sorted(allowed))
        raise TransitionRefused(
            _(
                "#{ref} cannot go from {current} to {new}; from {current} it can go to: {options}."
            ).format(ref=ref, current=current.label_text, new=new.label_text, options=options)
        )


def path_to_close(ref: int, current: Status, outcome: Outcome) -> list[Status]:
    """The statuses a ticket passes through when it is closed with ``outcome``.

    A worked ticket (in progress, waiting or resolved) is resolved, if it is not yet, then
    closed. A new or triaged ticket can be closed only as a duplicate or withdrawn.

    Raises:
        TransitionRefused: when the ticket is already closed, or unworked with another outcome.
    """
    if current == S.CLOSED:
        raise TransitionRefused(_("#{ref} is already closed; reopen it first.").format(ref=ref))
    if current == S.RESOLVED:
        return [S.CLOSED]
    if current in (S.IN_PROGRESS, S.WAITING):
        return [S.RESOLVED, S.CLOSED]
    if outcome in CLOSE_UNWORKED:
        return [S.CLOSED]
    raise TransitionRefused(
        _(
            "#{ref} is {status}: work on it before closing it, or close it as {duplicate} or "
            "{withdrawn}."
        ).format(ref=ref, status=current.label_text, **_unworked_outcomes())
    )


def closing_outcomes(current: Status) -> tuple[list[Outcome], str]:
    """The outcomes a ticket in ``current`` may be closed with, and why the list is short.

    Returns:
        Every outcome for a worked ticket; only duplicate and withdrawn for a new or triaged
        one, with the reason to show; none for a closed ticket, with the way out.
    """
    if current == S.CLOSED:
        return [], _("It is already closed; reopen it first.")
    if current in (S.NEW, S.TRIAGED):
        return [o for o in Outcome if o in CLOSE_UNWORKED], _(
            "It is {status}: nobody has worked on it, so it closes only as {duplicate} or "
            "{withdrawn}."
        ).format(status=current.label_text, **_unworked_outcomes())
    return list(Outcome), ""


def check_reopen(ref: int, current: Status) -> None:
    """Refuse to reopen a ticket that is still open."""
    if current.is_open:
        raise TransitionRefused(
            _("#{ref} is {status}, not resolved or closed: nothing to reopen.").format(
                ref=ref, status=current.label_text
            )
        )


def _unworked_outcomes() -> dict[str, str]:
    """The outcomes that close an unworked ticket, by name, for the messages that list them."""
    return {
        "duplicate": Outcome.DUPLICATE.label_text,
        "withdrawn": Outcome.WITHDRAWN.label_text,
    }
