"""Time ``helpdesk import`` of large CSV files into an empty database, as a whole process.

Run by hand (not collected by pytest)::

    python benchmarks/bench_import.py                 # 10,000 and 100,000 rows, median of 3
    python benchmarks/bench_import.py --rows 10000 --runs 5

Each run imports a generated Italian-Excel-style CSV (``;``, BOM, CRLF, day-first dates,
accented names, a multi-line cell every tenth row, one company for every four rows) into a fresh
database in a temporary folder, with the two advisers the rows name. The time is the wall-clock
time of the ``helpdesk import`` process, from start to exit; the figure is the median.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = (
    "ID richiesta;Data richiesta;Ragione sociale;Partita IVA;Comune;Provincia;Referente;"
    "E-mail;Telefono;Tema;Oggetto;Descrizione;Canale;Priorità;Stato;Consulente"
)
TOWNS = [("Como", "CO"), ("Cantù", "CO"), ("Lecco", "LC"), ("Milano", "MI"), ("Monza", "MB")]
TOPICS = ["e-commerce", "bandi", "marketing", "industria 4.0", "formazione", "export"]
NAMES = ["Forno", "Caffè", "Officina", "Sartoria", "Ferramenta", "Studio", "Pasticceria"]
SURNAMES = ["Rossi", "Bianchi", "Nerò", "Brambilla", "Colombo", "D'Angelo", "Galli"]


def vat_number(n: int) -> str:
    """A valid partita IVA built from ``n`` (office code 001, Luhn check digit)."""
    base = f"{1_000_000 + n % 9_000_000:07d}001"
    total = 0
    for i, ch in enumerate(base):
        digit = int(ch)
        if i % 2 == 1:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return base + str((10 - total % 10) % 10)


def make_csv(path: Path, rows: int, seed: int = 2020) -> None:
    """Write ``rows`` requests in Italian Excel's CSV dialect."""
    rng = random.Random(seed)
    lines = [HEADER]
    companies = max(1, rows // 4)
    for i in range(rows):
        c = rng.randrange(companies)
        town, province = TOWNS[c % len(TOWNS)]
        name = f"{NAMES[c % len(NAMES)]} {SURNAMES[c % len(SURNAMES)]} {c} S.r.l."
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        description = f"Richiesta numero {i} su {TOPICS[i % len(TOPICS)]}"
        if i % 10 == 0:
            description = f'"{description}\nSeconda riga; con ""virgolette"""'
        lines.append(
            ";".join(
                [
                    f"WF-{i:06d}",
                    f"{day:02d}/{month:02d}/2020 {9 + i % 8:02d}:{i % 60:02d}",
                    name,
                    vat_number(c),
                    town,
                    province,
                    f"Referente {c}",
                    f"info{c}@azienda{c}.it",
                    "031 123456",
                    TOPICS[i % len(TOPICS)],
                    f"Richiesta {i}",
                    description,
                    "telefono" if i % 2 else "email",
                    "alta" if i % 7 == 0 else "normale",
                    "nuovo",
                    "ms" if i % 3 == 0 else "",
                ]
            )
        )
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")


def helpdesk() -> list[str]:
    """The command to run: the helpdesk script beside this Python, else ``python -m``."""
    script = Path(sys.executable).with_name("helpdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "helpdesk"]


def run_once(folder: Path, csv_path: Path, run: int) -> float:
    """Import ``csv_path`` into a fresh database; returns the process's wall time."""
    db = folder / f"{csv_path.stem}-run{run}.json"
    env = {**os.environ, "HELPDESK_DB": str(db), "HELPDESK_ADVISER": "ms"}
    for key, name in (("ms", "Marta Sala"), ("gb", "Giulio Bassi")):
        subprocess.run(
            [*helpdesk(), "adviser", "add", key, name], env=env, check=True, capture_output=True
        )
    start = time.perf_counter()
    done = subprocess.run(
        [*helpdesk(), "import", str(csv_path)], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed


def main() -> None:
    """Generate, import, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="rows (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median)")
    args = parser.parse_args()
    sizes = args.rows or [10_000, 100_000]
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        for rows in sizes:
            csv_path = folder / f"requests-{rows}.csv"
            make_csv(csv_path, rows)
            times = [run_once(folder, csv_path, run) for run in range(args.runs)]
            size = csv_path.stat().st_size / 1e6
            print(
                f"{rows:>7,} rows ({size:.1f} MB CSV): median {statistics.median(times):.2f} s "
                f"(runs: {', '.join(f'{t:.2f}' for t in times)})",
                flush=True,
            )


if __name__ == "__main__":
    main()
