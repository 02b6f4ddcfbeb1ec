"""Shared fixtures: a frozen clock and an in-memory desk with two advisers."""

from __future__ import annotations

import pytest

from helpdesk.dates import FrozenClock
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk


@pytest.fixture
def clock() -> FrozenClock:
    """Friday 20 November 2026, 10:00 in Europe/Rome."""
    return FrozenClock("2026-11-20 10:00")


@pytest.fixture
def desk(clock: FrozenClock) -> Desk:
    """An in-memory desk acting as ``ms``, with advisers ``ms`` and ``gb``."""
    desk = memory_desk(clock, actor="ms")
    desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce", "marketing"])
    desk.directory.add_adviser("gb", "Giulio Bassi", topics=["grants", "credit"])
    return desk
