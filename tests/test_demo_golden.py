"""The demo desk is the same data for the same size, seed and day, however its code is arranged.

The digests below were recorded from the desk the demo built before its code became a package with
its corpus in data files (with the grant calls part added); a change that alters them changes what
the demo builds, and records them again on purpose.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib.resources import files

import pytest

from helpdesk.services.demo import build_demo

GOLDEN = [
    (7, 100, date(2026, 12, 7), "c2c1131900861cae218a65b4008037228384209645f66e213436e739a4fdc5b4"),
    (
        2020,
        300,
        date(2026, 12, 7),
        "d2562d9891aaee7851ac9a9105bb82f3863e8f46fc24b9f2549e408280ed2bc8",
    ),
    (11, 60, date(2027, 6, 30), "ff8ebf9b034b54e94a2dd047baceedaad5278b62c8fa71b1d147c828574a8c59"),
    (3, 120, None, "d3df5e7ea416f12239881e48919632d045aa10d6d56a30cc6a891f437502d886"),
]


def digest(size: int, seed: int, today: date | None) -> str:
    desk = build_demo(size=size, seed=seed, today=today)
    data = desk.ctx.store.storage.read()
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize(("seed", "size", "today", "expected"), GOLDEN)
def test_the_demo_builds_the_recorded_desk(
    seed: int, size: int, today: date | None, expected: str
) -> None:
    assert digest(size, seed, today) == expected


def test_a_different_seed_builds_a_different_desk() -> None:
    """A control: the digest tells desks apart, so the test above can fail."""
    assert digest(100, 8, date(2026, 12, 7)) != GOLDEN[0][3]


def test_the_corpus_files_ship_inside_the_package() -> None:
    data = files("helpdesk.services.demo").joinpath("data")
    names = {entry.name for entry in data.iterdir()}
    assert {"texts.json", "notes.json", "followups.json", "webinars.json", "trades.txt"} <= names
    texts = json.loads(data.joinpath("texts.json").read_text("utf-8"))
    assert "ecommerce" in texts["texts"] and texts["texts"]["ecommerce"]["pairs"]
