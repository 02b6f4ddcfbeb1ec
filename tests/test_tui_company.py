"""The company screen driven as an adviser drives it: from a ticket (``b``) or the palette, then
edit, contacts, consent, duplicates and merge on their keys; checked in the database."""

from __future__ import annotations

import pytest
from test_tui_data import run_async, seeded_desk
from textual.widgets import Checkbox, Input, OptionList, Static

from helpdesk.services.company_edits import CompanyChanges
from helpdesk.services.desk import Desk
from helpdesk.tui.app import HelpdeskApp, make_app
from helpdesk.tui.screens.company import CompanyScreen, ContactDialog
from helpdesk.tui.screens.ticket import TicketScreen
from helpdesk.tui.widgets.ticket_list import TicketList

SIZE = (120, 40)


@pytest.fixture
def desk() -> Desk:
    return seeded_desk()


def app_for(desk: Desk) -> HelpdeskApp:
    return make_app(desk, watch_interval=0)


def screen_text(app: HelpdeskApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*["space" if c == " " else c for c in text])


async def open_company_of(pilot, ref: int) -> None:  # type: ignore[no-untyped-def]
    assert pilot.app.screen.query_one(TicketList).move_to(ref)
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, TicketScreen)
    await pilot.press("b")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CompanyScreen)


async def pick(pilot, value: str) -> None:  # type: ignore[no-untyped-def]
    """Move the open choice list to ``value`` and pick it."""
    options = pilot.app.screen.query_one("#choices", OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index(value)
    await pilot.press("enter")
    await pilot.pause()


@run_async
async def test_a_ticket_opens_its_company_and_edit_changes_a_field(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_company_of(pilot, 1)
        assert "Pasticceria Rossi" in screen_text(app)
        assert "Consent to data processing: not asked" in screen_text(app)
        await pilot.press("e")
        await pick(pilot, "town")
        await type_text(pilot, "Cantù")
        await pilot.press("enter")
        await pilot.pause()
        company = desk.companies.get(1)
        assert company.town == "Cantù"
        assert company.history[-1].field == "town"
        assert "town" in screen_text(app) and "Cantù" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, TicketScreen)


@run_async
async def test_contacts_are_added_as_primary_and_edited(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_company_of(pilot, 1)
        await pilot.press("c")
        await pick(pilot, "+add")
        assert isinstance(app.screen, ContactDialog)
        await type_text(pilot, "Lucia Verdi")
        await pilot.press("tab")
        await type_text(pilot, "lucia@")
        await pilot.press("ctrl+s")
        await pilot.pause()
        # A bad email keeps the dialog and what was typed.
        assert isinstance(app.screen, ContactDialog)
        assert app.screen.query_one("#contact-name", Input).value == "Lucia Verdi"
        error = app.screen.query_one("#contact-error", Static)
        assert "is not an email" in str(error.render())
        await type_text(pilot, "x.it")
        app.screen.query_one("#contact-primary", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen)
        contacts = desk.companies.get(1).contacts
        assert [c.name for c in contacts] == ["Lucia Verdi", "Mario Rossi"]
        assert "Primary contact: Lucia Verdi" in screen_text(app)
        await pilot.press("c")
        await pick(pilot, "2")
        app.screen.query_one("#contact-phone", Input).value = "333 1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert desk.companies.get(1).contacts[1].phone == "333 1"


@run_async
async def test_consent_is_recorded(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_company_of(pilot, 1)
        await pilot.press("g")
        await pick(pilot, "yes")
        assert desk.companies.get(1).consent is True
        assert "Consent to data processing: yes on 20 Nov 2026" in screen_text(app)


@run_async
async def test_merge_asks_then_moves_the_tickets(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_company_of(pilot, 1)
        await pilot.press("m")
        await type_text(pilot, "Trattoria")
        await pilot.press("enter")
        await pilot.pause()
        assert "Merge #3 Trattoria Da Gino into #1" in screen_text(app)
        await pick(pilot, "cancel")
        assert len(desk.companies.list()) == 5
        await pilot.press("m")
        await type_text(pilot, "3")
        await pilot.press("enter")
        await pick(pilot, "merge")
        assert sorted(c.id for c in desk.companies.list()) == [1, 2, 4, 5]
        assert desk.tickets.get(3).company_id == 1
        assert desk.companies.get(1).history[-1].field == "merged"
        assert isinstance(app.screen, CompanyScreen)


@run_async
async def test_duplicates_offer_a_merge(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_company_of(pilot, 5)  # Falegnameria Conti: same email and phone as others
        await pilot.press("d")
        await pilot.pause()
        options = app.screen.query_one("#choices", OptionList)
        first = str(options.get_option_at_index(0).prompt)
        assert "same email mario@example.it" in first
        await pick(pilot, "1")
        await pick(pilot, "merge")
        assert desk.tickets.get(1).company_id == 5


@run_async
async def test_the_palette_opens_a_company_by_name(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        app.action_open_company()
        await pilot.pause()
        await type_text(pilot, "Falegnameria")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompanyScreen)
        assert app.screen.company_id == 5
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Company" in commands


async def fill_new_company_form(pilot, name: str, vat: str) -> None:  # type: ignore[no-untyped-def]
    from helpdesk.tui.screens.new_ticket import TicketForm

    await pilot.press("n")
    assert isinstance(pilot.app.screen, TicketForm)
    await type_text(pilot, name)
    await pilot.press("enter")  # "＋ new company"
    await type_text(pilot, vat)
    form = pilot.app.screen
    form.query_one("#contact-name", Input).value = "Anna Monti"
    form.query_one("#subject", Input).value = "Vendere il pane online"
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


@run_async
async def test_the_form_says_whose_vat_it_is_and_asks(desk: Desk) -> None:
    from helpdesk.tui.screens.new_ticket import TicketForm

    desk.company_edits.edit(1, CompanyChanges(vat="01114601006"))
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await fill_new_company_form(pilot, "Forno Verdi", "01114601006")
        assert "VAT 01114601006 belongs to Pasticceria Rossi (#1)" in screen_text(app)
        await pick(pilot, "back")
        form = app.screen
        assert isinstance(form, TicketForm)
        assert form.query_one("#subject", Input).value == "Vendere il pane online"
        assert form.query_one("#vat", Input).value == "01114601006"
        assert app.focused is not None and app.focused.id == "vat"
        assert desk.ctx.store.ticket_count() == 6
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pick(pilot, "owner")
        assert desk.ctx.store.ticket_count() == 7
        assert desk.tickets.get(7).company_id == 1
        assert [c.name for c in desk.companies.list()].count("Forno Verdi") == 0


@run_async
async def test_the_form_records_the_company_consent(desk: Desk) -> None:
    from textual.widgets import Select

    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Panificio Monti")
        await pilot.press("enter")
        form = app.screen
        form.query_one("#consent", Select).value = "no"
        form.query_one("#subject", Input).value = "Pane online"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        company = desk.companies.get("Panificio Monti")
        assert (company.consent, str(company.privacy_consent)) == (False, "2026-11-20")


@run_async
async def test_forget_asks_then_anonymises_and_keeps_the_tickets(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_company_of(pilot, 1)
        await pilot.press("x")
        await pick(pilot, "cancel")
        assert desk.companies.get(1).name == "Pasticceria Rossi"
        await pilot.press("x")
        await pick(pilot, "forget")
        company = desk.companies.get(1)
        assert (company.name, company.contacts) == ("Forgotten company 1", [])
        assert desk.tickets.get(1).contact.name == ""
        assert desk.ctx.store.ticket_count() == 6
        assert "Forgotten company 1" in screen_text(app)
