"""At 80 columns every screen's footer ends cleanly: whole keys, then the palette key; the keys
left out stay in ``?`` and come back on a wider terminal."""

from __future__ import annotations

from test_tui import app_for, screen_text
from test_tui_data import run_async, seeded_desk
from textual.widgets._footer import FooterKey

from helpdesk.tui.widgets.footer import Footer

#: The keys that open each screen from the main list (none: the main list itself).
SCREENS = {"main": (), "ticket": ("enter",), "agenda": ("a",), "webinars": ("w",),
           "calls": ("g",), "dashboard": ("d",)}  # fmt: skip


def shown(app) -> list[str]:
    footer = app.screen.query_one(Footer)
    return [
        f"{k.key_display} {k.description}"
        for k in footer.query(FooterKey)
        if k.display and not k.has_class("-command-palette")
    ]


@run_async
async def test_every_footer_at_80_columns_shows_whole_keys_only() -> None:
    desk = seeded_desk()
    for name, keys in SCREENS.items():
        app = app_for(desk)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(*keys)
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1].rstrip()
            assert footer.endswith("▏^p palette"), (name, footer)
            keys_part = footer.removesuffix("▏^p palette").rstrip()
            assert keys_part == " ".join(shown(app)), (name, footer)


@run_async
async def test_keys_left_out_come_back_wider_and_stay_in_the_help() -> None:
    app = app_for(seeded_desk())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "w Webinars" not in shown(app)
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        await pilot.pause()
        assert "w Webinars" in shown(app)
        assert "w Webinars" in screen_text(app).splitlines()[-1]
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Webinars" in screen_text(app)
