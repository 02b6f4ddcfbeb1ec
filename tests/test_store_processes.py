"""Tests of the database file with real processes: writing at the same time, and killed mid-write.

Each worker is ``tests/store_worker.py`` run with ``sys.executable``: it opens the store, says
``ready``, waits for a line on stdin, then adds tickets one transaction each and prints each
reference once ``add_ticket`` has returned. A printed reference is therefore a ticket whose
command had returned, and the store promises that such a ticket is never lost: not to another
process writing at the same moment, and not to a ``SIGKILL`` that lands in the middle of a write.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from uuid import uuid4
from zoneinfo import ZoneInfo

import orjson
import pytest

from helpdesk.domain.models import Ticket
from helpdesk.store import open_store

WORKER = Path(__file__).with_name("store_worker.py")
ROOT = WORKER.resolve().parent.parent
ROME = ZoneInfo("Europe/Rome")

pytestmark = pytest.mark.slow


def start_worker(db: Path, tag: str, count: int) -> subprocess.Popen[str]:
    """Start a worker adding ``count`` tickets tagged ``tag`` and wait until it is ready."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(db), tag, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line != "ready\n":
        proc.kill()
        _, err = proc.communicate(timeout=10)
        pytest.fail(f"worker {tag} did not start: {line!r}\n{err}")
    return proc


def go(proc: subprocess.Popen[str]) -> None:
    """Tell a ready worker to start adding."""
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def temporaries(folder: Path) -> list[str]:
    """Temporary files of the atomic write left in ``folder``."""
    return sorted(p.name for p in folder.glob(".tickets.json.*.tmp"))


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "tickets.json"
    per_worker = 500
    workers = {tag: start_worker(db, tag, per_worker) for tag in ("alpha", "beta")}
    for proc in workers.values():
        go(proc)

    printed: dict[str, list[int]] = {}
    for tag, proc in workers.items():
        out, err = proc.communicate(timeout=50)
        assert proc.returncode == 0, err
        printed[tag] = [int(line) for line in out.split()]

    alpha, beta = printed["alpha"], printed["beta"]
    assert len(alpha) == len(beta) == per_worker
    assert alpha == sorted(alpha) and beta == sorted(beta)
    assert set(alpha).isdisjoint(beta)
    assert sorted(alpha + beta) == list(range(1, 2 * per_worker + 1))
    # The writes really interleaved; otherwise this test proved nothing about concurrency.
    assert min(alpha) < max(beta) and min(beta) < max(alpha)

    data = orjson.loads(db.read_bytes())
    assert len(data["tickets"]) == 2 * per_worker
    tickets = open_store(db, create=False).tickets()
    assert [t.ref for t in tickets] == list(range(1, 2 * per_worker + 1))
    assert len({t.uid for t in tickets}) == 2 * per_worker
    by_ref = {t.ref: t.subject for t in tickets}
    for tag, refs in printed.items():
        assert [by_ref[ref] for ref in refs] == [f"{tag} {i}" for i in range(per_worker)]
    subjects = {t.subject for t in tickets}
    for tag in workers:
        assert {f"{tag} {i}" for i in range(per_worker)} <= subjects
    assert temporaries(tmp_path) == []


def test_killed_writer_never_loses_a_returned_ticket(tmp_path: Path) -> None:
    db = tmp_path / "tickets.json"
    now = datetime.now(ROME)
    base = 3000
    open_store(db).add_tickets(
        Ticket(
            uid=uuid4().hex,
            created=now,
            updated=now,
            subject=f"seed {i}",
            description="Vorremmo vendere online i nostri prodotti artigianali. " * 4,
            tags=["seed", "bando"],
            topics=["ecommerce", "grants"],
        )
        for i in range(base)
    )
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    rounds = 40
    known: dict[int, str] = {}  # every ticket known to be committed: ref -> subject
    returned = 0
    leftovers_seen = 0

    for round_no in range(rounds):
        tag = f"round{round_no}"
        # The kill waits for the worker to return some adds (the event, however slow the
        # machine), then lands at a random moment of the adds that follow.
        wanted = rng.choice((0, 1, 1, 2))
        delay = rng.uniform(0.0, 0.050)
        where = f"seed {seed}, round {round_no}, {wanted} adds + {delay * 1000:.0f} ms"
        proc = start_worker(db, tag, 100_000)
        go(proc)
        assert proc.stdout is not None
        early = [proc.stdout.readline() for _ in range(wanted)]
        time.sleep(delay)  # where in the next adds the kill lands, not a wait for the worker
        proc.send_signal(signal.SIGKILL)
        # Read on through the same buffered pipe: communicate() would skip what readline
        # has buffered already.
        out = proc.stdout.read()
        assert proc.stderr is not None
        err = proc.stderr.read()
        proc.wait(timeout=30)
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()
        assert proc.returncode == -signal.SIGKILL, f"{where}: {err}"
        refs = [int(line) for line in [*early, *out.split()]]
        assert len(refs) >= wanted, where
        returned += len(refs)

        data = orjson.loads(db.read_bytes())  # parses: never a half-written file
        assert data["_meta"]["1"]["format"] == "helpdesk", where
        store = open_store(db, create=False)
        tickets = {t.ref: t.subject for t in store.tickets()}
        count = len(tickets)
        assert list(tickets) == list(range(1, count + 1)), where
        for i, ref in enumerate(refs):
            assert tickets.get(ref) == f"{tag} {i}", where
        for ref, subject in known.items():
            assert tickets.get(ref) == subject, where
        # At most one more: written but killed before it could print its reference.
        before = base + len(known)
        assert count - before in (len(refs), len(refs) + 1), where
        assert [tickets[ref] for ref in range(before + 1, count + 1)] == [
            f"{tag} {i}" for i in range(count - before)
        ], where
        known.update((ref, tickets[ref]) for ref in range(before + 1, count + 1))

        # The next write removes what the killed writer left, and takes the next reference.
        leftovers_seen += bool(temporaries(tmp_path))
        check = store.add_ticket(
            Ticket(uid=uuid4().hex, created=now, updated=now, subject=f"check {round_no}")
        )
        assert check.ref == count + 1, where
        known[check.ref] = check.subject
        assert temporaries(tmp_path) == [], where

    final = open_store(db, create=False).tickets()
    assert [t.ref for t in final] == list(range(1, base + len(known) + 1))
    assert len({t.uid for t in final}) == len(final)
    assert returned > 0, f"seed {seed}: no worker ever returned from a write before its kill"
    print(f"seed {seed}: {returned} returned adds, leftovers in {leftovers_seen}/{rounds} rounds")
