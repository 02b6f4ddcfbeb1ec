"""Python's memory management for a large desk and a one-command process: the cyclic garbage
collector kept off the many small objects a desk is made of, and nothing freed one object at a
time by a process about to end."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block, restoring it as it was, then leave what the
    block built out of its sight.

    Parsing a large database or building thousands of records makes the collector rescan the
    growing heap again and again; nothing built in such a block is cyclic garbage. What was
    built lives on (a desk's records, its tickets), so it is frozen afterwards: otherwise the
    next full collection walks all of it once more, and whatever allocation happens to trigger
    it pays. Freezing does not stop reference counting from freeing those objects when they
    are dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


#: Allocations between collections of the youngest generation in a command's process, and how
#: many of those make a collection of the next one (Python's defaults: 700, 10, 10).
COMMAND_THRESHOLDS = (50_000, 20, 20)


def tune_for_a_command() -> None:
    """Collect cyclic garbage less often, for a process that runs one command and exits.

    A command builds many small objects that live until it ends (a list's tickets, their
    companies, a table's cells) and almost no cycles; with Python's defaults, each of many
    collections walks every object built so far. Collections still happen, only less often.
    """
    gc.set_threshold(*COMMAND_THRESHOLDS)


#: What a process that ends with its command keeps until then (see :func:`keep_until_exit`),
#: and whether it is such a process.
_KEPT_UNTIL_EXIT: list[object] = []
_SKIPS_FREEING_AT_EXIT = [False]


def skip_freeing_at_exit() -> None:
    """Say that this process ends as soon as its one command is done, handing its memory back
    whole (a served command's worker, which ends with ``os._exit``)."""
    _SKIPS_FREEING_AT_EXIT[0] = True


def keep_until_exit(*objects: object) -> None:
    """Keep ``objects`` until the process ends, in a process that ends with its command.

    What a large command built is otherwise freed object by object as it returns, before it
    can answer (the rows, candidates and plan of a large import). Anywhere else (the terminal
    UI, a command in a process of its own, whose interpreter frees everything at its end
    anyway) nothing is kept.
    """
    if _SKIPS_FREEING_AT_EXIT[0]:
        _KEPT_UNTIL_EXIT.extend(objects)
