"""The demo desk is the same data for the same size, seed and day, however its code is arranged.

The digests below were recorded from the desk the demo built before its code became a package with
its corpus in data files, with the grant calls and the network parts added, and again when a
referral's expected answer began to skip national holidays as a call's deadline does and the
applications still in the works went to open requests only, when the demo desk began to speak
Italian (its language setting), and when euros in its history came to be written as English writes
them (€8,500). A change that alters them changes what the demo builds, and records them again on
purpose.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib.resources import files

import pytest

from helpdesk.services.demo import build_demo

GOLDEN = [
    (7, 100, date(2026, 12, 7), "4da6ae28cd393379eaf080c4158669c7eec8dd78aa1ee6f1aa33289d5205805c"),
    (
        2020,
        300,
        date(2026, 12, 7),
        "7200a7aea2694e799b21ef2aad5a8c8a0209f118801278a58d0657faf97e8d94",
    ),
    (11, 60, date(2027, 6, 30), "9489b8a45c874cd77d5cee7c7b8c9e3fe657a99b91fa788d67b6396ed304581a"),
    (3, 120, None, "7f73d1251430ec16d01c4503f5fe068698722a58c8bd014f69f25aeb482ddbd4"),
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
