"""The new-ticket form's town and province: a province typed by name is kept whole and stored
as its official code; anything that is no province is refused before saving."""

from __future__ import annotations

from test_tui import SIZE, app_for, plain, type_text
from test_tui_data import run_async, seeded_desk
from textual.widgets import Input, Static

from helpdesk.tui.screens.main import MainScreen
from helpdesk.tui.screens.new_ticket import TicketForm


async def _new_company(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("n")
    await type_text(pilot, name)
    await pilot.press("enter")  # new company
    await pilot.press("tab")  # town


@run_async
async def test_a_province_typed_by_name_is_stored_as_its_code_with_the_town() -> None:
    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await _new_company(pilot, "Forno Verdi")
        await type_text(pilot, "Treviglio")
        await pilot.press("tab")
        await type_text(pilot, "Bergamo")
        form = app.screen
        assert form.query_one("#province", Input).value == "Bergamo"  # never cut to "Be"
        assert plain(form.query_one("#province-error", Static)) == ""
        assert plain(form.query_one("#province-resolved", Static)) == "→ BG Bergamo"
        form.query_one("#subject", Input).value = "Vendere il pane online"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    ticket = desk.tickets.get(7)
    company = desk.companies.get(ticket.company_id)
    assert (company.name, company.town, company.province) == ("Forno Verdi", "Treviglio", "BG")


@run_async
async def test_no_province_is_refused_and_the_form_keeps_what_was_typed() -> None:
    desk = seeded_desk()
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await _new_company(pilot, "Forno Verdi")
        await pilot.press("tab")
        await type_text(pilot, "BE")
        form = app.screen
        form.query_one("#subject", Input).value = "Vendere il pane online"
        await pilot.pause()
        assert "'BE' is not an Italian province" in plain(form.query_one("#province-error", Static))
        assert form.query_one("#save").disabled
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, TicketForm)
        assert form.query_one("#province", Input).value == "BE"
    assert len(desk.tickets.all()) == 6
