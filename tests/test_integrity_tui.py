"""A desk damaged while the terminal UI has it open: the UI says so, keeps what it showed, and
neither reads the damage nor writes over it."""

from __future__ import annotations

from pathlib import Path

from test_tui_data import frozen, run_async, seed

from helpdesk.config import Settings
from helpdesk.services.factory import open_desk
from helpdesk.tui.app import HelpdeskApp, make_app
from helpdesk.tui.widgets.ticket_list import TicketList


def notices(app: HelpdeskApp) -> list[str]:
    return [n.message for n in app._notifications]


@run_async
async def test_damage_found_while_open_is_reported_and_never_saved_over(tmp_path: Path) -> None:
    db = tmp_path / "desk.json"
    desk = seed(open_desk(Settings(db=db, adviser="ms"), clock=frozen()))
    app = make_app(desk, watch_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = [t.ref for t in app.screen.query_one(TicketList).tickets]
        raw = db.read_bytes()
        at = raw.index(b'"subject":"') + len(b'"subject":"')
        db.write_bytes(raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :])
        damaged = db.read_bytes()
        app.check_for_changes()  # what the watch timer does
        await pilot.pause()
        assert any("is damaged: the tickets table" in n for n in notices(app))
        assert [t.ref for t in app.screen.query_one(TicketList).tickets] == shown
        assert app.act(lambda: desk.tickets.add_note(shown[0], "una nota")) is None  # refused
        assert db.read_bytes() == damaged
