"""Keeping Python's cyclic garbage collector off the many small objects a large desk is made
of, and sharing a long piece of work between two cores."""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    thousand rows paid more for collections than for drawing, each walking every object
    built so far. Collections still
    happen, only less often.
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
    here. See :func:`in_two_processes_piece_by_piece`, of which this is the one-piece case.
    """
    first, pieces = in_two_processes_piece_by_piece(here, lambda: [there()], encode, decode)
    return first, pieces[0]


def in_two_processes_piece_by_piece(
    here: Callable[[], T],
    there: Callable[[], Iterable[R]],
    encode: Callable[[R], bytes],
    decode: Callable[[bytes], R],
) -> tuple[T, list[R]]:
    """``here()`` in this process while a forked child works out the pieces ``there()`` gives.

    The child writes each piece down as ``encode`` makes it; once done with ``here()``, this
    process reads each with ``decode`` as soon as it is written, so that the pieces it would
    otherwise wait for are read while the child works on the last ones. The child inherits
    everything (caches, open files) but changes nothing this process can see and writes
    nothing but its pieces, so a child that fails in any way leaves ``there()`` to be worked
    out here, as it would have been without it; so does a machine that cannot fork.
    """
    import tempfile  # only here: every command imports this module

    # The pieces go to an unnamed file, which leaves nothing behind whatever happens and is
    # read at the speed of memory (a pipe passes a few kilobytes at a time), each after its
    # size; a byte on a pipe says a piece is complete, another that they all are, so they are
    # read while the child is still unmapping its memory.
    with tempfile.TemporaryFile() as results:
        try:
            done_read, done_write = os.pipe()
        except OSError:
            return here(), list(there())
        try:
            pid = os.fork()
        except OSError:
            os.close(done_read)
            os.close(done_write)
            return here(), list(there())
        if pid == 0:  # the child: its pieces, written down, then gone without running exit code
            status = 1
            try:
                for piece in there():
                    data = encode(piece)
                    results.write(len(data).to_bytes(8, "big") + data)
                    results.flush()
                    os.write(done_write, _PIECE)
                os.write(done_write, _DONE)
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
            pieces, at = [], 0
            while (said := os.read(done_read, 1)) == _PIECE:
                size = int.from_bytes(os.pread(results.fileno(), 8, at), "big")
                pieces.append(decode(os.pread(results.fileno(), size, at + 8)))
                at += 8 + size
            if said != _DONE:  # the child ended without finishing
                return first, list(there())
            return first, pieces
        finally:
            os.close(done_read)
            os.waitpid(pid, 0)


#: What the child says on the pipe: a piece is written down; every piece is.
_PIECE, _DONE = b"p", b"1"
