"""Sharing a long piece of an import's work between this process and a forked child, on two
cores: checking the rows of a large file, and reading a large CSV file's two parts.

The child inherits everything (caches, open files) but changes nothing this process can see and
writes nothing but its results, so a child that fails in any way leaves its part to be worked
out here, as it would have been without it; so does a machine that cannot fork. The README's
benchmarks give what it saves.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


#: Fewer items than this are worked through in one process: forking costs more than it saves.
SHARED_FROM = 2000

#: The share of the items this process works through, the child the rest. A little over half:
#: the child also writes its results down and this process reads them afterwards, and the
#: child's first touches of the memory it shares with this one copy it.
OWN_SHARE = 0.53


def worth_two_processes(count: int) -> bool:
    """Whether ``count`` items are worth sharing between two processes here: enough of them, a
    machine with more than one core, and no other thread (a fork copies their locks in
    whatever state they are in)."""
    return count >= SHARED_FROM and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1


def work_in_two_processes(
    items: Sequence[T],
    work: Callable[[Sequence[T]], list[R]],
    encode: Callable[[list[R]], bytes],
    decode: Callable[[bytes, Sequence[T]], list[R]],
) -> list[R]:
    """``work(items)``, the last part done by a forked child while this process does the
    first (:data:`OWN_SHARE` of them), when :func:`worth_two_processes`.

    The child writes its results down as ``encode`` makes them and exits; ``decode`` reads them
    here, given the items they are for.
    """
    if not worth_two_processes(len(items)):
        return work(items)
    half = round(len(items) * OWN_SHARE)
    first, pieces = run_here_and_in_a_child(
        lambda: work(items[:half]),
        lambda: [work(items[half:])],
        encode,
        lambda data: decode(data, items[half:]),
    )
    return first + pieces[0]


def run_here_and_in_a_child(
    here: Callable[[], T],
    there: Callable[[], Iterable[R]],
    encode: Callable[[R], bytes],
    decode: Callable[[bytes], R],
) -> tuple[T, list[R]]:
    """``here()`` in this process while a forked child works out the pieces ``there()`` gives.

    The child writes each piece down as ``encode`` makes it; once done with ``here()``, this
    process reads each with ``decode`` as soon as it is written, so that the pieces it would
    otherwise wait for are read while the child works on the last ones. A child that fails,
    or a machine that cannot fork, leaves ``there()`` to be worked out here.
    """
    import tempfile  # only here: most imports are too short to share

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
