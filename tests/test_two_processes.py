"""Tests of sharing a long piece of an import's work between two processes
(:mod:`helpdesk.services.importing.two_processes`)."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import orjson
import pytest

from helpdesk.services.importing import two_processes
from helpdesk.services.importing.two_processes import (
    run_here_and_in_a_child,
    work_in_two_processes,
)

ITEMS = list(range(two_processes.SHARED_FROM + 1))


def worked_by(items: Sequence[int]) -> list[list[int]]:
    """Each item with the process that worked on it."""
    return [[item, os.getpid()] for item in items]


def sent(results: list[list[int]]) -> bytes:
    return orjson.dumps(results)


def received(data: bytes, items: Sequence[int]) -> list[list[int]]:
    results = orjson.loads(data)
    assert [r[0] for r in results] == list(items)  # given the items the results are for
    return results


def test_the_last_part_is_worked_by_another_process_and_the_order_kept() -> None:
    results = work_in_two_processes(ITEMS, worked_by, sent, received)
    assert [item for item, _ in results] == ITEMS
    half = round(len(ITEMS) * two_processes.OWN_SHARE)
    assert len(ITEMS) // 2 < half < len(ITEMS)
    assert {pid for _, pid in results[:half]} == {os.getpid()}
    (child,) = {pid for _, pid in results[half:]}
    assert child != os.getpid()


def test_a_few_items_are_worked_here() -> None:
    few = ITEMS[: two_processes.SHARED_FROM - 1]
    assert {pid for _, pid in work_in_two_processes(few, worked_by, sent, received)} == {
        os.getpid()
    }


def test_nothing_is_forked_beside_another_thread() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        results = work_in_two_processes(ITEMS, worked_by, sent, received)
    finally:
        stop.set()
        other.join()
    assert {pid for _, pid in results} == {os.getpid()}


def test_a_child_that_fails_leaves_its_half_to_this_process() -> None:
    here = os.getpid()

    def fails_elsewhere(results: list[list[int]]) -> bytes:
        if os.getpid() != here:
            raise RuntimeError("the child cannot send")
        return sent(results)

    results = work_in_two_processes(ITEMS, worked_by, fails_elsewhere, received)
    assert results == [[item, here] for item in ITEMS]


def test_a_failure_here_is_raised_and_the_child_reaped() -> None:
    here = os.getpid()

    def fails_here(items: Sequence[int]) -> list[list[int]]:
        if os.getpid() == here:
            raise ValueError("this half failed")
        return worked_by(items)

    with pytest.raises(ValueError, match="this half failed"):
        work_in_two_processes(ITEMS, fails_here, sent, received)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_one_core_works_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    results = work_in_two_processes(ITEMS, worked_by, sent, received)
    assert {pid for _, pid in results} == {os.getpid()}


def test_pieces_worked_out_elsewhere_come_back_in_order() -> None:
    def pieces() -> Any:
        for start in range(0, 50, 10):
            yield worked_by(range(start, start + 10))

    mine, theirs = run_here_and_in_a_child(
        lambda: worked_by(range(3)), pieces, orjson.dumps, orjson.loads
    )

    assert mine == worked_by(range(3))
    assert [item for piece in theirs for item, _ in piece] == list(range(50))
    (child,) = {pid for piece in theirs for _, pid in piece}
    assert child != os.getpid()


def test_a_child_that_fails_after_some_pieces_leaves_them_all_to_this_process() -> None:
    here = os.getpid()

    def pieces() -> Any:
        for start in range(0, 50, 10):
            if start == 30 and os.getpid() != here:
                os._exit(3)  # killed while working: two pieces sent, the rest never
            yield worked_by(range(start, start + 10))

    _, theirs = run_here_and_in_a_child(lambda: [], pieces, orjson.dumps, orjson.loads)

    assert [item for piece in theirs for item, _ in piece] == list(range(50))
    assert {pid for piece in theirs for _, pid in piece} == {here}
