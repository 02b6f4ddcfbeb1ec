"""The writers' lock of a database file: one process (and one thread) writes at a time.

An advisory ``flock`` on a lock file beside the database, the same mechanism the command server
uses for its own lock. It is written here rather than taken from a package because every
command that writes (``add``, ``note``) pays for importing whatever it uses, and the lock
needs no more than the operating system offers.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path

#: Seconds between attempts while another process holds the lock: short at first (most
#: writes take a few milliseconds), then no more often than this.
LONGEST_PAUSE = 0.05


class LockTimeout(Exception):
    """The lock was not had within the time allowed."""


class WritersLock:
    """A reentrant lock held across processes through ``flock`` on ``path``.

    Args:
        path: The lock file, created (owner-only) when missing; it is left in place when the
            lock is released, so that every process locks the same file.
        timeout: Seconds :meth:`acquire` waits for another holder before giving up.
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._threads = threading.RLock()  # threads of this process wait for each other here
        self._fd: int | None = None
        self._depth = 0

    def acquire(self) -> None:
        """Take the lock, waiting up to :attr:`timeout` seconds.

        Raises:
            LockTimeout: Another process or thread held it all that time.
            OSError: The lock file cannot be opened or locked.
        """
        deadline = time.monotonic() + self.timeout
        if not self._threads.acquire(timeout=max(self.timeout, 0)):
            raise LockTimeout(str(self.path))
        try:
            if self._depth == 0:
                self._fd = self._locked_file(deadline)
            self._depth += 1
        except BaseException:
            self._threads.release()
            raise

    def release(self) -> None:
        """Let go of one :meth:`acquire`; the file is unlocked when the last one is let go."""
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        self._threads.release()

    def _locked_file(self, deadline: float) -> int:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        pause = 0.002
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise LockTimeout(str(self.path)) from None
            except BaseException:
                os.close(fd)
                raise
            time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
            pause = min(pause * 2, LONGEST_PAUSE)
