"""The writers' lock: one holder at a time across processes and threads, reentrant for its own."""

from __future__ import annotations

import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpdesk.store.lock import LockTimeout, WritersLock

#: A process that takes the lock, says so on stdout, and lets go when its stdin closes.
HOLDER = """
import sys
from pathlib import Path
from helpdesk.store.lock import WritersLock
lock = WritersLock(Path(sys.argv[1]), timeout=5)
lock.acquire()
print("held", flush=True)
sys.stdin.read()
lock.release()
"""


def test_a_lock_held_by_another_process_is_waited_for_then_taken(tmp_path: Path) -> None:
    path = tmp_path / ".tickets.json.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(LockTimeout):
            WritersLock(path, timeout=0.1).acquire()

        waiter = WritersLock(path, timeout=30)
        taken = threading.Event()

        def wait_then_take() -> None:
            waiter.acquire()
            taken.set()
            waiter.release()

        thread = threading.Thread(target=wait_then_take)
        thread.start()
        assert not taken.is_set()
        assert holder.stdin is not None
        holder.stdin.close()  # the holder lets go and exits
        thread.join(timeout=30)
        assert taken.is_set()
    finally:
        holder.wait(timeout=30)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_lock_is_reentrant_and_free_only_after_the_last_release(tmp_path: Path) -> None:
    path = tmp_path / ".lock"
    lock, other = WritersLock(path, timeout=0.05), WritersLock(path, timeout=0.05)
    lock.acquire()
    lock.acquire()
    lock.release()
    with pytest.raises(LockTimeout):
        other.acquire()
    lock.release()
    other.acquire()
    other.release()


def test_threads_of_one_process_wait_for_each_other(tmp_path: Path) -> None:
    lock = WritersLock(tmp_path / ".lock", timeout=0.05)
    lock.acquire()
    failures: list[BaseException] = []

    def try_it() -> None:
        try:
            lock.acquire()
        except LockTimeout as failure:
            failures.append(failure)

    thread = threading.Thread(target=try_it)
    thread.start()
    thread.join(timeout=30)
    lock.release()
    assert len(failures) == 1
    lock.acquire()
    lock.release()
