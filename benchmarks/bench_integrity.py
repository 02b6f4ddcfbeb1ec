"""Integrity under kills and races: SIGKILLed writing commands, and concurrent writers.

Run by hand (it takes a few minutes at the default size)::

    python benchmarks/bench_integrity.py                 # 10,000 tickets, 40 kills, 2 and 4 writers
    python benchmarks/bench_integrity.py --tickets 2000 --kills 20 --ops 10

Kills: a writing command (add, note, follow-up, edit, an import of 200 rows, which backs the
desk up first) is started on the desk and killed with SIGKILL at a random moment within the time
it takes when left alone. After each kill the desk must pass ``helpdesk check``; no ticket, note
or follow-up there before may be gone; the command's own change is there whole or not at all (an
import adds all its rows or none); no backup that is there may be damaged.

Concurrency: 2, then 4 processes write at once, each a mix of adds, imports, notes and exports,
every item with a text of its own. Afterwards each added ticket and note must be there exactly
once: the figures printed are the items lost and duplicated.

Commands run as the user runs them, each in its own process (``HELPDESK_SERVER=off``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from helpdesk.store import open_store
from helpdesk.store.backups import backups_of, check_file

ENV = {**os.environ, "HELPDESK_SERVER": "off", "HELPDESK_ADVISER": "ms"}
HELPDESK = [sys.executable, "-m", "helpdesk"]


def helpdesk(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run one command on ``db`` to its end."""
    result = subprocess.run(
        [*HELPDESK, "--db", str(db), *args], capture_output=True, text=True, env=ENV
    )
    if check and result.returncode:
        raise SystemExit(f"helpdesk {' '.join(args)} failed: {result.stderr.strip()}")
    return result


def census(db: Path) -> tuple[set[int], Counter[str], int, Counter[str]]:
    """The desk's ticket numbers, its notes' texts, its follow-ups and its subjects."""
    data = open_store(db, create=False).storage.read()
    refs = {int(ref) for ref in data["tickets"]}
    subjects: Counter[str] = Counter()
    followups = 0
    for record in data["tickets"].values():
        subjects[record.get("subject", "")] += 1
        followups += len(record.get("followups") or [])
    notes: Counter[str] = Counter()
    for log in data["ticket_logs"].values():
        notes.update(note.get("text", "") for note in log.get("notes") or [])
    return refs, notes, followups, subjects


def import_file(folder: Path, tag: str, rows: int) -> Path:
    """A CSV of ``rows`` new requests whose subjects start with ``tag``."""
    path = folder / f"{tag}.csv"
    lines = ["subject;company;town"]
    lines += [f"{tag} richiesta {n};Ditta {tag} {n % 7};Como" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def writing_command(kind: str, tag: str, folder: Path, top: int) -> list[str]:
    """The arguments of a writing command of ``kind``, its change marked with ``tag``."""
    ref = str(random.randint(1, top))
    if kind == "add":
        return ["add", f"{tag} nuova richiesta", "-c", f"Ditta {tag}"]
    if kind == "note":
        return ["note", ref, f"{tag} nota"]
    if kind == "followup":
        return ["followup", "add", ref, "+3d", f"{tag} richiamare"]
    if kind == "edit":
        return ["edit", ref, "--subject", f"{tag} oggetto cambiato"]
    return ["import", str(import_file(folder, tag, 200))]


def kills(db: Path, folder: Path, count: int, budget: float) -> dict[str, int]:
    """SIGKILL ``count`` writing commands at random moments; count what went wrong."""
    kinds = ["add", "note", "followup", "edit", "import"]
    took = {}
    for kind in kinds:  # how long each takes when left alone: the window to kill it in
        started = time.perf_counter()
        helpdesk(db, *writing_command(kind, f"warm-{kind}", folder, 100))
        took[kind] = time.perf_counter() - started
    figures = Counter(kills=0, unreadable=0, lost=0, partial_imports=0, damaged_backups=0)
    refs, notes, followups, _subjects = census(db)
    deadline = time.monotonic() + budget
    for n in range(count):
        if time.monotonic() > deadline:
            break
        kind = kinds[n % len(kinds)]
        tag = f"kill{n}"
        process = subprocess.Popen(
            [*HELPDESK, "--db", str(db), *writing_command(kind, tag, folder, max(refs))],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENV,
        )
        time.sleep(random.uniform(0, took[kind] * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        figures["kills"] += 1
        if helpdesk(db, "check", check=False).returncode:
            figures["unreadable"] += 1
            print(f"  kill {n} ({kind}): the desk does not pass check", file=sys.stderr)
            break
        now_refs, now_notes, now_followups, now_subjects = census(db)
        lost = len(refs - now_refs) + sum((notes - now_notes).values())
        lost += max(0, followups - now_followups)
        figures["lost"] += lost
        if kind == "import":
            added = sum(c for s, c in now_subjects.items() if s.startswith(f"{tag} "))
            if added not in (0, 200):
                figures["partial_imports"] += 1
        figures["damaged_backups"] += sum(not check_file(b).sound for b in backups_of(db))
        refs, notes, followups = now_refs, now_notes, now_followups
    return dict(figures)


def writers(db: Path, folder: Path, count: int, ops: int) -> dict[str, int]:
    """``count`` processes writing at once, ``ops`` commands each; count what was lost."""
    _refs, notes_before, _followups, subjects_before = census(db)
    top = max(_refs)
    expected_subjects: Counter[str] = Counter()
    expected_notes: Counter[str] = Counter()
    plans: list[list[list[str]]] = []
    for w in range(count):
        plan = []
        for n in range(ops):
            tag = f"w{count}.{w}.{n}"
            choice = n % 6
            if choice in (0, 1, 2):
                plan.append(["add", f"{tag} nuova richiesta", "-c", f"Ditta {tag}"])
                expected_subjects[f"{tag} nuova richiesta"] += 1
            elif choice == 3:
                plan.append(["import", str(import_file(folder, tag, 20))])
                expected_subjects.update(f"{tag} richiesta {r}" for r in range(20))
            elif choice == 4:
                plan.append(["note", str(random.randint(1, top)), f"{tag} nota"])
                expected_notes[f"{tag} nota"] += 1
            else:
                plan.append(["export", "--output", str(folder / f"{tag}.jsonl")])
        plans.append(plan)

    def work(plan: list[list[str]]) -> int:
        return sum(helpdesk(db, *args, check=False).returncode != 0 for args in plan)

    with ThreadPoolExecutor(count) as pool:
        failed = sum(pool.map(work, plans))
    _r, notes, _f, subjects = census(db)
    new_subjects = subjects - subjects_before
    new_notes = notes - notes_before
    lost = sum((expected_subjects - new_subjects).values())
    lost += sum((expected_notes - new_notes).values())
    duplicated = sum(max(0, new_subjects[s] - 1) for s in expected_subjects)
    duplicated += sum(max(0, new_notes[s] - 1) for s in expected_notes)
    return {
        "commands": count * ops,
        "items": sum(expected_subjects.values()) + sum(expected_notes.values()),
        "failed": failed,
        "lost": lost,
        "duplicated": duplicated,
        "unreadable": int(helpdesk(db, "check", check=False).returncode != 0),
    }


def main() -> None:
    """Build the desk, then run the kills and the writers, printing the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=40)
    parser.add_argument("--ops", type=int, default=12, help="commands per concurrent writer")
    parser.add_argument("--budget", type=float, default=150.0, help="seconds for the kills")
    parser.add_argument("--seed", type=int, default=27)
    options = parser.parse_args()
    random.seed(options.seed)
    folder = Path(tempfile.mkdtemp(prefix="bench-integrity-"))
    try:
        base = folder / "base.json"
        helpdesk(base, "demo", "--size", str(options.tickets), "--today", "2026-12-07")
        print(f"desk: {options.tickets} tickets, {base.stat().st_size / 1e6:.1f} MB")

        db = folder / "kills" / "tickets.json"
        db.parent.mkdir()
        shutil.copy(base, db)
        started = time.perf_counter()
        figures = kills(db, folder, options.kills, options.budget)
        print(f"SIGKILL ({time.perf_counter() - started:.0f} s): {figures}")

        for count in (2, 4):
            db = folder / f"writers{count}" / "tickets.json"
            db.parent.mkdir()
            shutil.copy(base, db)
            started = time.perf_counter()
            figures = writers(db, folder, count, options.ops)
            print(f"{count} writers ({time.perf_counter() - started:.0f} s): {figures}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
