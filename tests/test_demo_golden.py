"""The demo desk is the same data for the same size, seed and day, however its code is arranged.

The digests below were recorded from the desk the demo built before its code became a package with
its corpus in data files, with the grant calls and the network parts added, and again when a
referral's expected answer began to skip national holidays as a call's deadline does and the
applications still in the works went to open requests only, and when the demo desk began to speak
Italian (its language setting). A change that alters them changes what the demo builds, and records
them again on purpose.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from importlib.resources import files

import pytest

from helpdesk.services.demo import build_demo

GOLDEN = [
    (7, 100, date(2026, 12, 7), "29f88f0abe838d77d6f97636647e95d93781d62632cb6f135e6fc0310b8ab49e"),
    (
        2020,
        300,
        date(2026, 12, 7),
        "86bc538b8e73f54bafac78e5d48fae03ddce603021ded0edd9deab4247f21db6",
    ),
    (11, 60, date(2027, 6, 30), "a5cb182a88f40c744a7da8d482931e3b90424aabf594cf16f124d1e8e7b66e65"),
    (3, 120, None, "d3b79401883177b4529f00a4a32374d1763e38fe968b793f89bee37f63c01266"),
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
