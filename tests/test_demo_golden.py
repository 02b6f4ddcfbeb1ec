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
    (7, 100, date(2026, 12, 7), "afee503c467b44a8b5153035fc3b8531a83b223ec6de6063ccbb5725c8b26846"),
    (
        2020,
        300,
        date(2026, 12, 7),
        "3e282abf98cad7110f85c0d740b2bb355b4a7b36606bd02a190336f89047e3c8",
    ),
    (11, 60, date(2027, 6, 30), "a73b198dc6b142a8b517824bc38bc38ae924d6cd5b19d06c98e7a309208a00b4"),
    (3, 120, None, "f69db4da567c52f8cc86ad66902e57e423ab362f128849c0e6e7cde4c2043e42"),
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
