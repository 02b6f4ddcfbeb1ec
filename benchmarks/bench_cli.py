"""Whole-command benchmark: helpdesk against Taskwarrior 2.6, and against the file format's floor.

Run by hand (not by pytest)::

    python benchmarks/bench_cli.py                      # 1,000 and 10,000 tickets
    python benchmarks/bench_cli.py --sizes 1000 10000 100000 --runs 5

For each size it builds a realistic desk with ``helpdesk demo --size N`` (cached under
``benchmarks/out/``) and loads the same tickets into Taskwarrior as tasks (project = first
topic, description = subject, one annotation per note; every task pending, because helpdesk
reads every ticket, open or closed, while Taskwarrior would read only pending ones). It times
every command as a whole process, median of ``--runs`` runs after one warm-up, alternating the
two tools run by run, and prints per command: helpdesk's median, its peak memory, the like
Taskwarrior command's median and the ratio helpdesk/Taskwarrior, and the floor the file format
sets (parse, or parse + serialise + fsync for commands that write). The first row times
start-up alone (``helpdesk --version`` against ``task --version``): the part of every command
that no file format sets. Taskwarrior is installed with apt-get when missing.

helpdesk runs as users run it: its first command starts the command server in the background
(see ``helpdesk/cli/server/launch.py``), which runs the commands after it; the benchmark waits for the
server once before timing, in a runtime folder of its own, and stops it at the end.
``--no-server`` times every command in a process of its own instead. Peak memory is always
that of a command run in its own process, since a served command's memory is its worker's,
not the client's that GNU time sees.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import orjson

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
HELPDESK = [sys.executable, "-m", "helpdesk"]


@dataclass
class Case:
    """One helpdesk command, its like Taskwarrior command (if any) and the floor it is held to."""

    name: str
    helpdesk: Callable[[Path], list[str]]
    task: Callable[[], list[str]] | None = None
    writes: bool = False
    fresh_db: bool = False  # run against an empty database (imports)
    floor: bool = True  # held to the file format's floor (start-up is not)


@dataclass
class Result:
    """Medians in seconds, peak memory in MiB."""

    ours: list[float] = field(default_factory=list)
    theirs: list[float] = field(default_factory=list)
    peak_mib: float = 0.0


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Run a command; return wall seconds and peak resident memory in MiB (GNU time)."""
    report = cwd / ".time"
    command = ["/usr/bin/time", "-q", "-f", "%M", "-o", str(report), *argv]
    start = time.perf_counter()
    done = subprocess.run(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{done.stderr.decode()[-2000:]}")
    peak_kib = float(report.read_text().split()[-1])
    return elapsed, peak_kib / 1024


def ensure_taskwarrior() -> None:
    """Install Taskwarrior 2.6 from Debian's packages when it is missing."""
    if shutil.which("task"):
        return
    print("Taskwarrior is missing: installing Debian's package taskwarrior…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "taskwarrior"], check=True)


def build_desk(size: int) -> Path:
    """A demo desk of ``size`` tickets, built once and cached."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"desk-{size}.json"
    if not path.exists():
        print(f"building a {size:,}-ticket desk…", flush=True)
        # Looked at yesterday: every ticket lies in the past, so its CSV imports at any hour.
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        subprocess.run(
            [*HELPDESK, "--db", str(path), "demo", "--size", str(size), "--today", yesterday],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def build_csv(db: Path, size: int) -> Path:
    """The desk's tickets exported as CSV, the file the import cases read."""
    path = OUT / f"desk-{size}.csv"
    if not path.exists():
        subprocess.run(
            [*HELPDESK, "--db", str(db), "export", "--format", "csv", "--output", str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return path


def build_tasks(db: Path, size: int) -> Path:
    """The same tickets as Taskwarrior tasks, in ``task import`` JSON."""
    path = OUT / f"tasks-{size}.json"
    if path.exists():
        return path
    data = orjson.loads(db.read_bytes())
    logs = data.get("ticket_logs", {})
    tasks = []
    for key, record in data["tickets"].items():
        closed = False  # see the module docstring: the same volume of data on both sides
        entry = record["created"][:19].replace("-", "").replace(":", "") + "Z"
        task = {
            "uuid": f"{record['uid'][:8]}-{record['uid'][8:12]}-{record['uid'][12:16]}-"
            f"{record['uid'][16:20]}-{record['uid'][20:]}",
            "description": record["subject"],
            "project": (record.get("topics") or ["other"])[0],
            "status": "completed" if closed else "pending",
            "entry": entry,
            "annotations": [
                {"entry": entry, "description": n["text"][:200]}
                for n in logs.get(key, {}).get("notes", [])
            ],
        }
        if closed:
            task["end"] = entry
        tasks.append(task)
    path.write_bytes(orjson.dumps(tasks))
    return path


def empty_desk(desk: Path, target: Path, env: dict[str, str]) -> Path:
    """A database with the desk's advisers and no ticket: what a nightly import lands in."""
    advisers = orjson.loads(desk.read_bytes()).get("advisers", {}).values()
    for adviser in advisers:
        subprocess.run(
            [
                *HELPDESK,
                "--db",
                str(target),
                "adviser",
                "add",
                adviser["key"],
                adviser["name"],
                "--topic",
                ",".join(adviser["topics"]),
            ],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return target


def task_env(root: Path) -> dict[str, str]:
    """Environment for an isolated Taskwarrior with no prompts and no hooks."""
    root.mkdir(parents=True, exist_ok=True)
    rc = root / "taskrc"
    rc.write_text(
        "confirmation=no\nverbose=nothing\nhooks=off\nnews.version=2.6.2\nrecurrence=off\ngc=on\n"
    )
    (root / "data").mkdir(exist_ok=True)
    return {**os.environ, "TASKRC": str(rc), "TASKDATA": str(root / "data")}


def floors(db: Path) -> tuple[float, float]:
    """Seconds to parse the database file, and to serialise it and fsync it (medians)."""
    raw = db.read_bytes()
    parse, write = [], []
    for _ in range(5):
        gc.disable()
        start = time.perf_counter()
        data = orjson.loads(db.read_bytes())
        parse.append(time.perf_counter() - start)
        gc.enable()
        start = time.perf_counter()
        with tempfile.NamedTemporaryFile(dir=OUT, delete=True) as handle:
            handle.write(orjson.dumps(data))
            handle.flush()
            os.fsync(handle.fileno())
        write.append(time.perf_counter() - start)
        del data
    del raw
    return statistics.median(parse), statistics.median(write)


def cases(word: str, topic: str) -> list[Case]:
    """Every command timed, with its like Taskwarrior command where there is one."""

    def db(argv: list[str]) -> Callable[[Path], list[str]]:
        return lambda path: [*HELPDESK, "--db", str(path), *argv]

    return [
        Case("start-up (--version)", db(["--version"]), lambda: ["task", "--version"], floor=False),
        Case(
            "add",
            db(
                [
                    "add",
                    "Vendere online",
                    "-c",
                    "Forno Benchmark",
                    "-d",
                    "Vorremmo aprire un negozio online",
                ]
            ),
            lambda: ["task", "add", "Vendere online", "project:ecommerce"],
            writes=True,
        ),
        Case(
            "note",
            db(["note", "1", "Richiamato, inviato il bando"]),
            lambda: ["task", "1", "annotate", "Richiamato, inviato il bando"],
            writes=True,
        ),
        Case("followup add", db(["followup", "add", "1", "+3d", "Richiamare"]), writes=True),
        Case(
            "list status+topic",
            db(["list", "status:open", f"topic:{topic}"]),
            lambda: ["task", f"project:{topic}", "list"],
        ),
        Case("list text search", db(["list", "--all", word]), lambda: ["task", f"/{word}/", "all"]),
        Case("show", db(["show", "1"])),
        Case("agenda", db(["agenda"])),
        Case("summary", db(["summary"])),
        Case("export", db(["export", "--format", "json"])),
    ]


def search_word(tasks: Path) -> str:
    """A word people would search for: the commonest of five letters or more in the subjects,
    so that both tools find something (Taskwarrior fails a search that finds nothing)."""
    counts = Counter(
        word
        for task in orjson.loads(tasks.read_bytes())
        for word in re.findall(r"[a-z]{5,}", task["description"].lower())
    )
    return counts.most_common(1)[0][0]


def wait_for_server(env: dict[str, str], cwd: Path) -> None:
    """Start the command server as a user does (it is opt-in), which waits until it answers."""
    started = subprocess.run([*HELPDESK, "server", "start"], env=env, cwd=cwd, capture_output=True)
    if started.returncode:
        raise SystemExit(f"the command server did not start: {started.stderr.decode()}")


def run_size(size: int, runs: int, server: bool) -> None:
    """Build the data for one size, time every case, print the table."""
    desk = build_desk(size)
    csv_file = build_csv(desk, size)
    tasks = build_tasks(desk, size)
    word = search_word(tasks)
    parse, write = floors(desk)
    print(
        f"\n== {size:,} tickets · {desk.stat().st_size / 2**20:.1f} MiB · parse floor "
        f"{parse * 1000:.0f} ms · serialise+fsync {write * 1000:.0f} ms · searching {word!r}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        ours = root / "tickets.json"
        shutil.copy(desk, ours)
        env_task = task_env(root / "tw")
        subprocess.run(
            ["task", "import", str(tasks)],
            env=env_task,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Bytecode is cached as it would be on an installed desk.
        env_ours = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("HELPDESK_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env_ours["HELPDESK_ADVISER"] = "ms"
        env_ours["HELPDESK_RUNTIME_DIR"] = str(root / "run")
        (root / "run").mkdir(mode=0o700)
        env_alone = {**env_ours, "HELPDESK_SERVER": "off"}
        if server:
            wait_for_server(env_ours, root)
            env_ours = {**env_ours, "HELPDESK_SERVER": "require"}  # served, or say why not
        else:
            env_ours = env_alone
        empty = empty_desk(desk, root / "advisers-only.json", env_ours)
        print_row(("command", "helpdesk", "peak MiB", "floor", "x floor", "taskwarrior", "ratio"))
        all_cases = [
            *cases(word, "ecommerce"),
            Case(
                "import csv",
                lambda p: [*HELPDESK, "--db", str(p), "import", str(csv_file)],
                lambda: ["task", "import", str(tasks)],
                writes=True,
                fresh_db=True,
            ),
        ]
        for case in all_cases:
            result = Result()
            for attempt in range(runs + 1):
                target = ours
                if case.fresh_db:
                    target = root / "empty.json"
                    shutil.copy(empty, target)
                    fresh_tw = root / f"tw-{attempt}"
                    shutil.rmtree(fresh_tw, ignore_errors=True)
                    fresh_tw.mkdir()
                    env_theirs = task_env(fresh_tw)
                else:
                    env_theirs = env_task
                elapsed, peak = timed(case.helpdesk(target), env_ours, root)
                if attempt:
                    result.ours.append(elapsed)
                    result.peak_mib = max(result.peak_mib, peak)
                if server and attempt == runs:  # the memory of the command, not of the client
                    if case.fresh_db:
                        shutil.copy(empty, target)
                    _, peak = timed(case.helpdesk(target), env_alone, root)
                    result.peak_mib = peak
                if case.task is not None:
                    theirs, _ = timed(case.task(), env_theirs, root)
                    if attempt:
                        result.theirs.append(theirs)
            mine = statistics.median(result.ours)
            floor = parse + write if case.writes and not case.fresh_db else parse
            if case.fresh_db:
                floor = write
            other = statistics.median(result.theirs) if result.theirs else None
            print_row(
                (
                    case.name,
                    f"{mine * 1000:.0f} ms",
                    f"{result.peak_mib:.0f}",
                    f"{floor * 1000:.0f} ms" if case.floor else "—",
                    f"{mine / floor:.2f}" if case.floor else "—",
                    f"{other * 1000:.0f} ms" if other else "—",
                    f"{mine / other:.2f}" if other else "—",
                )
            )
        if server:
            subprocess.run([*HELPDESK, "server", "stop"], env=env_alone, capture_output=True)


#: Column widths of the printed table; rows are printed as each command is done.
WIDTHS = (22, 10, 9, 9, 8, 12, 7)


def print_row(row: tuple[str, ...]) -> None:
    """One row of the table, aligned, printed at once."""
    cells = [
        cell.ljust(w) if i == 0 else cell.rjust(w)
        for i, (cell, w) in enumerate(zip(row, WIDTHS, strict=True))
    ]
    print("  ".join(cells), flush=True)


def main() -> None:
    """Parse the options and run every size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--no-server",
        action="store_true",
        help="run every helpdesk command in a process of its own (HELPDESK_SERVER=off)",
    )
    options = parser.parse_args()
    ensure_taskwarrior()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(HERE.parent / "helpdesk")],
        check=True,
        stdout=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )
    print(
        json.dumps(
            {
                "python": sys.version.split()[0],
                "cpus": os.cpu_count(),
                "server": not options.no_server,
            }
        )
    )
    for size in options.sizes:
        run_size(size, options.runs, server=not options.no_server)


if __name__ == "__main__":
    main()
