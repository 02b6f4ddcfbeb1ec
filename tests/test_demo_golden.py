"""The demo desk is the same data for the same size, seed and day, however its code is arranged.

The digests below were recorded from the desk the demo built before its code became a package with
its corpus in data files, with the grant calls and the network parts added, and again when a
referral's expected answer began to skip national holidays as a call's deadline does and the
applications still in the works went to open requests only, and when the demo desk began to speak
Italian (its language setting) and to write its history in Italian. A change that alters them
changes what the demo builds, and records them again on purpose.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib.resources import files

import pytest

from helpdesk.services.demo import build_demo

GOLDEN = [
    (7, 100, date(2026, 12, 7), "542455214cfe923ec6431af2ddb0b0a4812a4168f48a20384ce669e1715989ff"),
    (
        2020,
        300,
        date(2026, 12, 7),
        "74beacc61d0e05e1123ca2f18905cc2df891bfd229a88b4e32b220aa9f86664a",
    ),
    (11, 60, date(2027, 6, 30), "e68ad32f9e31079bb2a9fde9bfabe1b5efd5a10c0cd4ee1d8f58936c6311d889"),
    (3, 120, None, "2c8ae70df7201a114ac29a63b78863e055d149cc729351e5bd3c254a8cae173c"),
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
