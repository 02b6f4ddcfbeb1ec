"""The demo desk is the same data for the same size, seed and day, however its code is arranged.

The digests below were recorded from the desk the demo built before its code became a package with
its corpus in data files, with the grant calls and the network parts added; a change that alters
them changes what the demo builds, and records them again on purpose.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib.resources import files

import pytest

from helpdesk.services.demo import build_demo

GOLDEN = [
    (7, 100, date(2026, 12, 7), "0b52877dccd9f71d5e493cf005491d13b9805e26719a8f809c6a40306176adae"),
    (
        2020,
        300,
        date(2026, 12, 7),
        "2d5d28ba910146a5433bb75675be43f78a5bbf449795d12557d955055b09db3c",
    ),
    (11, 60, date(2027, 6, 30), "f5ab4d4a72684ba418a4ae5b167bbbd661c55ee8505287b13416c73bdf1cc231"),
    (3, 120, None, "fd21e8ea1bfeba27f06fd38f272af073766884bc2ed16de64d1c310afded58aa"),
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
