"""Tests of the status lifecycle: ``new → triaged → in_progress ⇄ waiting → resolved → closed``."""

from __future__ import annotations

import itertools

import pytest

from helpdesk.domain.enums import Outcome, Status
from helpdesk.domain.lifecycle import (
    CLOSE_UNWORKED,
    TRANSITIONS,
    check_reopen,
    check_transition,
    path_to_close,
)
from helpdesk.errors import TransitionRefused

S = Status

#: The lifecycle of DESIGN.md written out by hand, reopen included.
DESIGN_MOVES = {
    (S.NEW, S.TRIAGED),
    (S.TRIAGED, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.WAITING),
    (S.WAITING, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.RESOLVED),
    (S.WAITING, S.RESOLVED),
    (S.RESOLVED, S.CLOSED),
    (S.RESOLVED, S.IN_PROGRESS),
    (S.CLOSED, S.IN_PROGRESS),
}

PAIRS = list(itertools.product(Status, Status))


def test_transitions_are_the_lifecycle_of_the_design() -> None:
    table = {(current, new) for current, targets in TRANSITIONS.items() for new in targets}

    assert table == DESIGN_MOVES
    assert set(TRANSITIONS) == set(Status)


@pytest.mark.parametrize(("current", "new"), PAIRS, ids=lambda s: s.value)
def test_check_transition_allows_exactly_the_table(current: Status, new: Status) -> None:
    if new in TRANSITIONS[current]:
        check_transition(7, current, new)
        return
    with pytest.raises(TransitionRefused) as caught:
        check_transition(7, current, new)
    message = str(caught.value)
    if new == current:
        assert message == f"#7 is already {current.label_text}."
    else:
        options = ", ".join(s.label_text for s in sorted(TRANSITIONS[current]))
        assert message == (
            f"#7 cannot go from {current.label_text} to {new.label_text}; "
            f"from {current.label_text} it can go "
            f"to: {options}."
        )


def test_a_refusal_names_the_possible_moves() -> None:
    with pytest.raises(TransitionRefused) as caught:
        check_transition(3, S.WAITING, S.NEW)

    assert str(caught.value) == (
        "#3 cannot go from waiting to new; from waiting it can go to: in progress, resolved."
    )


def test_open_means_neither_resolved_nor_closed() -> None:
    assert [s for s in Status if s.is_open] == [S.NEW, S.TRIAGED, S.IN_PROGRESS, S.WAITING]


@pytest.mark.parametrize("outcome", list(Outcome), ids=str)
@pytest.mark.parametrize(
    ("current", "path"),
    [
        (S.IN_PROGRESS, [S.RESOLVED, S.CLOSED]),
        (S.WAITING, [S.RESOLVED, S.CLOSED]),
        (S.RESOLVED, [S.CLOSED]),
    ],
    ids=lambda v: v.value if isinstance(v, Status) else "",
)
def test_path_to_close_a_worked_ticket(
    current: Status, path: list[Status], outcome: Outcome
) -> None:
    assert path_to_close(1, current, outcome) == path


@pytest.mark.parametrize("outcome", list(Outcome), ids=str)
@pytest.mark.parametrize("current", [S.NEW, S.TRIAGED], ids=str)
def test_path_to_close_an_unworked_ticket(current: Status, outcome: Outcome) -> None:
    if outcome in CLOSE_UNWORKED:
        assert path_to_close(5, current, outcome) == [S.CLOSED]
        return
    with pytest.raises(TransitionRefused) as caught:
        path_to_close(5, current, outcome)
    assert str(caught.value) == (
        f"#5 is {current.label_text}: work on it before closing it, or close it as duplicate or "
        "withdrawn."
    )


def test_only_duplicates_and_withdrawals_close_unworked() -> None:
    assert frozenset({Outcome.DUPLICATE, Outcome.WITHDRAWN}) == CLOSE_UNWORKED


@pytest.mark.parametrize("outcome", list(Outcome), ids=str)
def test_path_to_close_a_closed_ticket_is_refused(outcome: Outcome) -> None:
    with pytest.raises(TransitionRefused, match=r"^#2 is already closed; reopen it first\.$"):
        path_to_close(2, S.CLOSED, outcome)


@pytest.mark.parametrize("current", list(Status), ids=str)
def test_check_reopen(current: Status) -> None:
    if current in (S.RESOLVED, S.CLOSED):
        check_reopen(4, current)
        return
    with pytest.raises(TransitionRefused) as caught:
        check_reopen(4, current)
    assert str(caught.value) == (
        f"#4 is {current.label_text}, not resolved or closed: nothing to reopen."
    )
