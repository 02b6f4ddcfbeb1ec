"""Small things that add up: the filter bar keeps the last good list and wraps its message, and
every screen works at 80×24 as at 120×40."""

from __future__ import annotations

from test_tui import app_for, listed, plain, screen_text, type_text
from test_tui_data import run_async
from textual.widgets import Static

from helpdesk.dates import FrozenClock
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft
from helpdesk.tui.index import COLUMNS
from helpdesk.tui.screens.main import MainScreen
from helpdesk.tui.widgets.filter_bar import FilterBar
from helpdesk.tui.widgets.ticket_list import layout


@run_async
async def test_a_bad_filter_keeps_the_last_good_list_and_wraps_its_message(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        before = listed(app)
        assert len(before) == 5  # +open
        await pilot.press("slash", "end")
        for bad in (" status:opne", " prio:hihg"):
            await type_text(pilot, bad)
            await pilot.pause()
            assert listed(app) == before, bad
            status = app.screen.query_one("#filter-status", Static)
            assert status.size.height > 1  # the message wraps rather than running off
            text = " ".join(screen_text(app).split())
            assert "not one of" in text or "fields are" in text
            for _ in bad:
                await pilot.press("backspace")
        await pilot.pause()
        bar = app.screen.query_one(FilterBar)
        assert not bar.has_class("-invalid")
        assert app.screen.query_one("#filter-status", Static).size.height == 1
        assert listed(app) == before


# -- every screen at 80×24 ------------------------------------------------------------------------


def test_list_columns_never_overlap_and_the_subject_keeps_room() -> None:
    for width in range(40, 201):
        widths = layout(width, 4)
        used = 1 + sum(w + 1 for w in widths if w)
        assert used <= max(width, 1 + 5 + 17 + 12), width
        subject = widths[[c.key for c in COLUMNS].index("subject")]
        assert subject >= 16, width
    # At 120 columns, with or without the views, every column shows.
    assert all(layout(120 - 24, 4)) and all(layout(120, 4))


@run_async
async def test_main_screen_at_80x24(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        # The header keeps its figures, who acts and the time.
        assert "overdue" in lines[0] and "as ms" in lines[0] and "20 Nov 2026 10:00" in lines[0]
        # The footer ends with the palette key and nothing after it.
        assert lines[-1].rstrip().endswith("^p palette")
        # Company, subject and status each start where their heading does: no overlap.
        heading = next(line for line in lines if " Subject " in line)
        row = next(line for line in lines if "#2 " in line)
        status = heading.index("Status")
        assert row[status - 1] == " " and row[status:].startswith("in progress")
        subject = heading.index("Subject")
        assert row[subject - 1] == " " and row[subject:].startswith("Bando")
        # Topic views read whole, in their short labels.
        assert "Grants " in screen_text(app) and "Grants and …" not in screen_text(app)


@run_async
async def test_agenda_and_webinars_keep_their_key_columns_at_80x24(seeded: Desk) -> None:
    desk = seeded
    desk.webinars.enrol(1, [1])
    app = app_for(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        text = screen_text(app)
        overdue = next(line for line in text.splitlines() if "#2 " in line)
        assert "18 Nov 2026" in overdue and " gb " in overdue and "Check" in overdue
        assert "Officina" in overdue and "Bando" in overdue
        await pilot.press("escape", "w")
        session = next(line for line in screen_text(app).splitlines() if "E-commerce" in line)
        assert "1/2" in session and "scheduled" in session and "1 Dec 2026" in session


# -- small things ---------------------------------------------------------------------------------


@run_async
async def test_header_clock_ticks_with_the_desk_clock(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        clocks = [t for t in screen._timers if t.name == "clock"]
        assert clocks and clocks[0]._interval <= 60
        assert "20 Nov 2026 10:00" in screen_text(app).splitlines()[0]
        clock = desk.clock
        assert isinstance(clock, FrozenClock)
        clock.advance(minutes=7)
        screen.tick_clock()
        await pilot.pause()
        assert "20 Nov 2026 10:07" in screen_text(app).splitlines()[0]


@run_async
async def test_a_ticket_logged_a_moment_ago_is_now_not_minus_one_minute(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        clock = desk.clock
        assert isinstance(clock, FrozenClock)
        clock.advance(minutes=3)  # the index read the clock three minutes ago
        logged = desk.tickets.log(TicketDraft("Appena arrivato", "", topics=[]))
        app.saved([logged.ticket])
        await pilot.pause()
        row = next(line for line in screen_text(app).splitlines() if "Appena arrivato" in line)
        assert "-" not in row.split("Appena")[0]
        assert "now" in row


@run_async
async def test_list_shows_topic_labels_and_sort_labels_say_what_they_do(seeded: Desk) -> None:
    desk = seeded
    app = app_for(desk)
    async with app.run_test(size=(120, 40)) as pilot:
        row = next(line for line in screen_text(app).splitlines() if "#5 " in line)
        assert "Credit" in row and "credit" not in row
        # urgency → ref → age: the age order says which end comes first.
        await pilot.press("s", "s")
        status = app.screen.query_one("#filter-status", Static)
        assert "by age, oldest first" in plain(status)
        refs = listed(app)
        created = [desk.tickets.get(r).created for r in refs]
        assert created == sorted(created)
        await pilot.press("S")
        assert "by age, newest first" in plain(status)


def test_a_companys_other_tickets_are_listed_once(seeded: Desk) -> None:
    desk = seeded
    desk.tickets.link(6, 1, "follow_on")  # #1 is Pasticceria Rossi's too
    detail = desk.tickets.detail(6)
    assert [t.ref for t in detail.company_tickets] == [1]
