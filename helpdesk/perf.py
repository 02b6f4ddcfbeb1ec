"""Keeping Python's cyclic garbage collector off the many small objects a large desk is made
of, and sharing a long piece of work between two cores."""

from __future__ import annotations

import gc
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block, restoring it as it was, then leave what the
    block built out of its sight.

    Parsing a large database or building thousands of records makes the collector rescan the
    growing heap again and again (it triples the load time of a large file); nothing built in
    such a block is cyclic garbage. What was built lives on (a desk's records, its tickets), so
    it is frozen afterwards: otherwise the next full collection walks all of it once more, and
    whatever allocation happens to trigger it pays. Freezing does not stop reference counting
    from freeing those objects when they are dropped.
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
    companies, a table's cells) and almost no cycles; with Python's defaults, drawing ten
    thousand rows paid for more collections than for drawing (0.8 s against 0.3 s over a
    desk of 100,000 tickets), each walking every object built so far. Collections still
    happen, only less often.
    """
    gc.set_threshold(*COMMAND_THRESHOLDS)


#: Fewer items than this are worked through in one process: forking costs more than it saves.
SHARED_FROM = 2000

#: The share of the items this process works through, the child the rest. A little over half:
#: the child also writes its results down and this process reads them afterwards, and the
#: child's first touches of the memory it shares with this one copy it. Checking an import's
#: rows, even halves left this process waiting for the child about a tenth of the time.
OWN_SHARE = 0.53


def shareable(count: int) -> bool:
    """Whether ``count`` items are worth sharing between two processes here: enough of them, a
    machine with more than one core, and no other thread (a fork copies their locks in
    whatever state they are in)."""
    return count >= SHARED_FROM and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


def in_two_processes(
    items: Sequence[T],
    work: Callable[[Sequence[T]], list[R]],
    encode: Callable[[list[R]], bytes],
    decode: Callable[[bytes, Sequence[T]], list[R]],
) -> list[R]:
    """``work(items)``, the last part done by a forked child while this process does the
    first (:data:`OWN_SHARE` of them), when :func:`shareable`.

    The child writes its results down as ``encode`` makes them and exits; ``decode`` reads them
    here, given the items they are for.
    """
    if not shareable(len(items)):
        return work(items)
    half = round(len(items) * OWN_SHARE)
    first, rest = in_two_parts(
        lambda: work(items[:half]),
        lambda: work(items[half:]),
        encode,
        lambda data: decode(data, items[half:]),
    )
    return first + rest


def in_two_parts(
    here: Callable[[], T],
    there: Callable[[], R],
    encode: Callable[[R], bytes],
    decode: Callable[[bytes], R],
) -> tuple[T, R]:
    """``here()`` in this process while a forked child works out ``there()``.

    The child writes its result down as ``encode`` makes it and exits; ``decode`` reads it
    here. The child inherits everything (caches, open files) but changes nothing this process
    can see and writes nothing but its result, so a child that fails in any way leaves
    ``there()`` to be worked out here, as it would have been without it; so does a machine
    that cannot fork.
    """
    # The result goes to an unnamed file, which leaves nothing behind whatever happens and is
    # read at the speed of memory (a pipe passes a few kilobytes at a time); one byte on a pipe
    # says it is complete, so it is read while the child is still unmapping its memory.
    with tempfile.TemporaryFile() as results:
        try:
            done_read, done_write = os.pipe()
        except OSError:
            return here(), there()
        try:
            pid = os.fork()
        except OSError:
            os.close(done_read)
            os.close(done_write)
            return here(), there()
        if pid == 0:  # the child: its part, written down, then gone without running exit code
            status = 1
            try:
                results.write(encode(there()))
                results.flush()
                os.write(done_write, b"1")
                status = 0
            finally:
                os._exit(status)
        os.close(done_write)
        try:
            try:
                first = here()
            except BaseException:
                os.kill(pid, signal.SIGKILL)  # its part is of no use now
                raise
            if os.read(done_read, 1) != b"1":  # the child ended without finishing
                return first, there()
            results.seek(0)
            return first, decode(results.read())
        finally:
            os.close(done_read)
            os.waitpid(pid, 0)
