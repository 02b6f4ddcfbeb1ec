"""Whole-command benchmark: helpdesk against Taskwarrior 2.6, on desks of several shapes.

Run by hand (not by pytest)::

    python benchmarks/bench_cli.py                       # every shape at 1k, 10k and 50k
    python benchmarks/bench_cli.py --quick               # every shape at 1k and 10k
    python benchmarks/bench_cli.py --shapes common --sizes 10000 --runs 5

For each shape (:mod:`desk_shapes`: mostly closed, the demo's; mostly open; long descriptions;
common words) and size it builds a desk (cached under ``benchmarks/out/``): the demo's with
``helpdesk demo --size N``, the others by importing an Italian form export of N rows. It loads
the same tickets into Taskwarrior as tasks (project = first topic, description = subject, the
ticket's description and notes as annotations, so that a text search reads the same text;
every task pending, because helpdesk reads every ticket, open or closed, while Taskwarrior
would read only pending ones).

It times every command as a whole process, median of ``--runs`` runs after one warm-up,
alternating run by run: helpdesk as its own process (``HELPDESK_SERVER=off``, the default),
helpdesk through a command server it started (``helpdesk server start``, then
``HELPDESK_SERVER=require``), and the like Taskwarrior command. It prints per command both
medians, each as a ratio to Taskwarrior's, and the peak memory of the command in its own
process. The first row times start-up alone (``--version`` against ``task --version``). The
import row (sizes up to 10,000) imports the shape's form export (for the demo's desk, one with
nine requests in ten closed) into a desk with only its advisers, against ``task import`` of the
same tasks into an empty one. Taskwarrior is installed with apt-get when missing.
"""

from __future__ import annotations

import argparse
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
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from desk_shapes import COMMON_WORD, SHAPES, make_form_csv

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
HELPDESK = [sys.executable, "-m", "helpdesk"]

#: Sizes run by default, and with ``--quick``.
SIZES = (1000, 10000, 50000)
QUICK_SIZES = (1000, 10000)

#: The largest desk whose import is timed (the issue's Italian form export of 10,000 rows).
IMPORT_UP_TO = 10000

#: Advisers of the desks built from a CSV (the rows name ms and gb).
ADVISERS = (("ms", "Marta Sala", "ecommerce"), ("gb", "Giulio Bassi", "grants"))


@dataclass
class Case:
    """One helpdesk command and its like Taskwarrior command (if any)."""

    name: str
    helpdesk: Callable[[Path], list[str]]
    task: Callable[[], list[str]] | None = None
    fresh_db: bool = False  # run against a desk with advisers only (imports)


@dataclass
class Result:
    """Times in seconds, peak memory in MiB."""

    alone: list[float] = field(default_factory=list)
    served: list[float] = field(default_factory=list)
    theirs: list[float] = field(default_factory=list)
    peak_mib: float = 0.0


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Run a command; return wall seconds and peak resident memory in MiB (GNU time)."""
    report = cwd / ".time"
    command = ["/usr/bin/time", "-q", "-f", "%M", "-o", str(report), *argv]
    start = time.perf_counter()
    done = subprocess.run(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{done.stderr.decode()[-2000:]}")
    return elapsed, float(report.read_text().split()[-1]) / 1024


def ensure_taskwarrior() -> None:
    """Install Taskwarrior 2.6 from Debian's packages when it is missing."""
    if shutil.which("task"):
        return
    print("Taskwarrior is missing: installing Debian's package taskwarrior…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "taskwarrior"], check=True)


def quiet_env() -> dict[str, str]:
    """This environment without helpdesk settings, with bytecode cached as when installed."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HELPDESK_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    return {**env, "HELPDESK_ADVISER": "ms", "HELPDESK_SERVER": "off"}


def advisers_only(target: Path, desk: Path | None) -> Path:
    """A database with the advisers of ``desk`` (or :data:`ADVISERS`) and no ticket."""
    if desk is not None:
        found = orjson.loads(desk.read_bytes()).get("advisers", {}).values()
        advisers = [(a["key"], a["name"], ",".join(a["topics"])) for a in found]
    else:
        advisers = list(ADVISERS)
    for key, name, topics in advisers:
        argv = [*HELPDESK, "--db", str(target), "adviser", "add", key, name, "--topic", topics]
        subprocess.run(argv, env=quiet_env(), check=True, stdout=subprocess.DEVNULL)
    return target


def build_desk(shape: str, size: int) -> tuple[Path, Path]:
    """The desk of ``shape`` and ``size`` and the CSV its import reads, built once, cached."""
    OUT.mkdir(exist_ok=True)
    desk, csv_file = OUT / f"{shape}-{size}.json", OUT / f"{shape}-{size}.csv"
    if desk.exists() and csv_file.exists():
        return desk, csv_file
    print(f"building the {shape} desk of {size:,} tickets…", flush=True)
    desk.unlink(missing_ok=True)
    make_form_csv(csv_file, shape, size)
    if shape == "closed":  # the demo's desk; its form export is only imported to time it
        argv = [*HELPDESK, "--db", str(desk), "demo", "--size", str(size)]
        subprocess.run(argv, check=True, env=quiet_env(), stdout=subprocess.DEVNULL)
    else:
        advisers_only(desk, None)
        argv = [*HELPDESK, "--db", str(desk), "import", str(csv_file)]
        subprocess.run(argv, check=True, env=quiet_env(), stdout=subprocess.DEVNULL)
    return desk, csv_file


def build_tasks(desk: Path) -> Path:
    """The desk's tickets as Taskwarrior tasks, in ``task import`` JSON."""
    path = desk.with_suffix(".tasks.json")
    if path.exists():
        return path
    exported = desk.with_suffix(".export.json")
    argv = [*HELPDESK, "--db", str(desk), "export", "--format", "json", "--output", str(exported)]
    subprocess.run(argv, check=True, env=quiet_env(), stdout=subprocess.DEVNULL)
    data = orjson.loads(exported.read_bytes())
    exported.unlink()
    tickets = data["tickets"] if isinstance(data, dict) else data
    tasks = []
    for n, ticket in enumerate(tickets):
        entry = re.sub(r"[-:]", "", ticket["created"][:19]) + "Z"
        texts = [ticket.get("description") or ""]
        texts += [note.get("text", "") for note in ticket.get("notes") or []]
        tasks.append(
            {
                "uuid": f"00000000-0000-4000-8000-{n:012d}",
                "description": ticket["subject"],
                "project": (ticket.get("topics") or ["other"])[0],
                "status": "pending",  # see the module docstring: the same data on both sides
                "entry": entry,
                "annotations": [{"entry": entry, "description": text} for text in texts if text],
            }
        )
    path.write_bytes(orjson.dumps(tasks))
    return path


def task_env(root: Path) -> dict[str, str]:
    """Environment for an isolated Taskwarrior with no prompts and no hooks."""
    root.mkdir(parents=True, exist_ok=True)
    rc = root / "taskrc"
    rc.write_text(
        "confirmation=no\nverbose=nothing\nhooks=off\nnews.version=2.6.2\nrecurrence=off\ngc=on\n"
        "search.case.sensitive=no\n"  # as helpdesk searches
    )
    (root / "data").mkdir(exist_ok=True)
    return {**os.environ, "TASKRC": str(rc), "TASKDATA": str(root / "data")}


def search_word(shape: str, tasks: Path) -> str:
    """The word a text search looks for: :data:`COMMON_WORD` on the common desk, else the
    commonest subject word of five letters or more (Taskwarrior fails a search finding none)."""
    if shape == "common":
        return COMMON_WORD
    counts = Counter(
        word
        for task in orjson.loads(tasks.read_bytes())
        for word in re.findall(r"[a-z]{5,}", task["description"].lower())
    )
    return counts.most_common(1)[0][0]


def rows_listed(desk: Path, argv: list[str]) -> int:
    """How many tickets ``helpdesk list ARGV`` finds."""
    out = subprocess.run(
        [*HELPDESK, "--db", str(desk), "list", *argv, "--format", "json"],
        check=True,
        env=quiet_env(),
        capture_output=True,
    ).stdout
    return len(orjson.loads(out))


def cases(desk: Path, word: str, topic: str, csv_file: Path, tasks: Path, size: int) -> list[Case]:
    """Every command timed, with its like Taskwarrior command where there is one."""

    def db(*argv: str) -> Callable[[Path], list[str]]:
        return lambda path: [*HELPDESK, "--db", str(path), *argv]

    by_topic = rows_listed(desk, ["status:open", f"topic:{topic}"])
    by_word = rows_listed(desk, ["--all", word])
    subject, company = "Vendere online", "Forno Benchmark"
    found = [
        Case("start-up (--version)", db("--version"), lambda: ["task", "--version"]),
        Case(
            "add",
            db("add", subject, "-c", company, "-d", "Vorremmo aprire un negozio online"),
            lambda: ["task", "add", subject, "project:ecommerce"],
        ),
        Case(
            "note",
            db("note", "1", "Richiamato, inviato il bando"),
            lambda: ["task", "1", "annotate", "Richiamato, inviato il bando"],
        ),
        Case("followup add", db("followup", "add", "1", "+3d", "Richiamare")),
        Case(
            f"list status:open topic:{topic} ({by_topic:,} rows)",
            db("list", "status:open", f"topic:{topic}"),
            lambda: ["task", f"project:{topic}", "list"],
        ),
        Case(
            f"list --all {word} ({by_word:,} rows)",
            db("list", "--all", word),
            lambda: ["task", f"/{word}/", "all"],
        ),
        Case("show", db("show", "1")),
        Case("agenda", db("agenda")),
        Case("summary", db("summary")),
        Case("export (JSON)", db("export", "--format", "json")),
    ]
    if size <= IMPORT_UP_TO:
        found.append(
            Case(
                f"import of the CSV ({size:,} rows)",
                db("import", str(csv_file)),
                lambda: ["task", "import", str(tasks)],
                fresh_db=True,
            )
        )
    return found


def run_shape(shape: str, size: int, runs: int) -> None:
    """Build the data for one shape and size, time every case, print the table."""
    desk, csv_file = build_desk(shape, size)
    tasks = build_tasks(desk)
    word = search_word(shape, tasks)
    print(f"\n== {shape} · {size:,} tickets · {desk.stat().st_size / 2**20:.1f} MiB", flush=True)
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
        (root / "run").mkdir(mode=0o700)
        env_alone = {**quiet_env(), "HELPDESK_RUNTIME_DIR": str(root / "run")}
        env_served = {**env_alone, "HELPDESK_SERVER": "require"}  # served, or say why not
        started = subprocess.run(
            [*HELPDESK, "server", "start"], env=env_alone, cwd=root, capture_output=True
        )
        if started.returncode:
            raise SystemExit(f"the command server did not start: {started.stderr.decode()}")
        empty = advisers_only(root / "advisers-only.json", desk)
        try:
            print_row(("command", "own process", "× TW", "server", "× TW", "Taskwarrior", "MiB"))
            for case in cases(ours, word, "ecommerce", csv_file, tasks, size):
                result = run_case(case, runs, root, ours, empty, env_alone, env_served, env_task)
                print_result(case, result)
        finally:
            subprocess.run([*HELPDESK, "server", "stop"], env=env_alone, capture_output=True)


def run_case(
    case: Case,
    runs: int,
    root: Path,
    ours: Path,
    empty: Path,
    env_alone: dict[str, str],
    env_served: dict[str, str],
    env_task: dict[str, str],
) -> Result:
    """Time one case: its own process, through the server and Taskwarrior, alternated."""
    result = Result()
    for attempt in range(runs + 1):
        for times, env in ((result.alone, env_alone), (result.served, env_served)):
            target = ours
            if case.fresh_db:
                target = root / "empty.json"
                shutil.copy(empty, target)
            elapsed, peak = timed(case.helpdesk(target), env, root)
            if attempt:
                times.append(elapsed)
                if env is env_alone:  # a served command's memory is its worker's, not seen
                    result.peak_mib = max(result.peak_mib, peak)
        if case.task is not None:
            env_theirs = env_task
            if case.fresh_db:
                fresh = root / f"tw-{attempt}"
                shutil.rmtree(fresh, ignore_errors=True)
                env_theirs = task_env(fresh)
            theirs, _ = timed(case.task(), env_theirs, root)
            if attempt:
                result.theirs.append(theirs)
    return result


def print_result(case: Case, result: Result) -> None:
    """The case's row: medians, ratios to Taskwarrior, peak memory."""
    alone, served = statistics.median(result.alone), statistics.median(result.served)
    other = statistics.median(result.theirs) if result.theirs else None
    print_row(
        (
            case.name,
            milliseconds(alone),
            f"{alone / other:.2f}" if other else "—",
            milliseconds(served),
            f"{served / other:.2f}" if other else "—",
            milliseconds(other) if other else "—",
            f"{result.peak_mib:.0f}",
        )
    )


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


#: Column widths of the printed table; rows are printed as each command is done.
WIDTHS = (44, 11, 5, 9, 5, 11, 5)


def print_row(row: tuple[str, ...]) -> None:
    """One row of the table, aligned, printed at once."""
    cells = [
        cell.ljust(w) if i == 0 else cell.rjust(w)
        for i, (cell, w) in enumerate(zip(row, WIDTHS, strict=True))
    ]
    print("  ".join(cells), flush=True)


def main() -> None:
    """Parse the options and run every shape at every size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help=f"default: {SIZES}")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} only")
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    sizes = options.sizes or (QUICK_SIZES if options.quick else SIZES)
    ensure_taskwarrior()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(HERE.parent / "helpdesk")],
        check=True,
        stdout=subprocess.DEVNULL,
        env=quiet_env(),
    )
    print(
        json.dumps({"python": sys.version.split()[0], "cpus": os.cpu_count(), "runs": options.runs})
    )
    for size in sizes:
        for shape in options.shapes:
            run_shape(shape, size, options.runs)


if __name__ == "__main__":
    main()
