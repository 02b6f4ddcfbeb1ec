"""Snapshots of the main screens at 120x40 and 80x24 with a frozen clock and the small test desk.

The same screens in Italian end in ``_it``: the English ones run in English whatever the
machine's language, the Italian ones as an Italian desk opens them.

Regenerate after a deliberate change with ``pytest tests/test_tui_snapshots.py
--snapshot-update`` and look at the SVGs under ``tests/__snapshots__/`` before committing.
"""

from __future__ import annotations

from typing import Any

from test_tui_data import seeded_desk

from helpdesk.tui.app import make_app

SIZE = (120, 40)

#: The smallest terminal every screen must work in.
SMALL = (80, 24)


def app(language: str = "en") -> Any:
    """The app over the seeded desk, not watching the (in-memory) database."""
    return make_app(seeded_desk(), watch_interval=0, language=language)


def test_main_screen(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SIZE)


def test_ticket_screen(snap_compare: Any) -> None:
    # The cursor starts on #2, the overdue ticket at the top of the list.
    assert snap_compare(app(), terminal_size=SIZE, press=["enter"])


def test_new_ticket_form(snap_compare: Any) -> None:
    keys = ["n", *"rossi"]
    assert snap_compare(app(), terminal_size=SIZE, press=keys)


def test_agenda(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SIZE, press=["a"])


def test_follow_up_dialog_resolves_as_typed(snap_compare: Any) -> None:
    keys = ["enter", "f", *"next", "space", *"friday"]
    assert snap_compare(app(), terminal_size=SIZE, press=keys)


def test_webinars(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SIZE, press=["w"])


def test_main_screen_80x24(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SMALL)


def test_ticket_screen_80x24(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SMALL, press=["enter"])


def test_new_ticket_form_80x24(snap_compare: Any) -> None:
    keys = ["n", *"rossi"]
    assert snap_compare(app(), terminal_size=SMALL, press=keys)


def test_agenda_80x24(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SMALL, press=["a"])


def test_webinars_80x24(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SMALL, press=["w"])


def test_dashboard(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SIZE, press=["d"])


# -- in Italian -----------------------------------------------------------------------------------


def test_main_screen_it(snap_compare: Any) -> None:
    assert snap_compare(app("it"), terminal_size=SIZE)


def test_ticket_screen_it(snap_compare: Any) -> None:
    assert snap_compare(app("it"), terminal_size=SIZE, press=["enter"])


def test_new_ticket_form_it(snap_compare: Any) -> None:
    assert snap_compare(app("it"), terminal_size=SIZE, press=["n", *"rossi"])


def test_agenda_it(snap_compare: Any) -> None:
    assert snap_compare(app("it"), terminal_size=SIZE, press=["a"])


def test_webinars_it(snap_compare: Any) -> None:
    assert snap_compare(app("it"), terminal_size=SIZE, press=["w"])


def test_dashboard_it(snap_compare: Any) -> None:
    assert snap_compare(app("it"), terminal_size=SIZE, press=["d"])


def test_main_screen_80x24_it(snap_compare: Any) -> None:
    assert snap_compare(app("it"), terminal_size=SMALL)


def test_new_ticket_form_80x24_it(snap_compare: Any) -> None:
    assert snap_compare(app("it"), terminal_size=SMALL, press=["n", *"rossi"])
