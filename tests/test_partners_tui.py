"""Referrals in the terminal UI, driven as an adviser drives them: p refers from the ticket
screen, m moves a referral on (every step), the ticket screen shows the steps and a late
answer, and the partners screen (P, also in the command palette) lists who owes an answer."""

from __future__ import annotations

import pytest
from test_tui import SIZE, app_for, notices, open_ticket, screen_text, type_text
from test_tui_data import run_async, seeded_desk
from textual.widgets import OptionList

from helpdesk.domain.partners import ReferralState
from helpdesk.services.desk import Desk
from helpdesk.services.partners import PartnerDraft
from helpdesk.tui.screens.partners import PartnersScreen
from helpdesk.tui.screens.ticket import TicketScreen


@pytest.fixture
def desk() -> Desk:
    """The seeded desk (ticket #1 is about e-commerce) with two partners."""
    desk = seeded_desk()
    assert "ecommerce" in desk.tickets.get(1).topics
    desk.partners.add(PartnerDraft("CCIAA Como", "chamber", topics=["grants"]))
    desk.partners.add(
        PartnerDraft("Digital Commerce Lab", "resident", topics=["ecommerce"], answer_days=3)
    )
    return desk


def choices(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The options of the open choice dialog, as text."""
    listing = app.screen.query_one("#choices", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def step(pilot, down: int = 0, note: str = "") -> None:  # type: ignore[no-untyped-def]
    """m, pick the option ``down`` lines below the first, type the note, save."""
    await pilot.press("m")
    await pilot.press(*(["down"] * down), "enter")
    await type_text(pilot, note)
    await pilot.press("enter")
    await pilot.pause()


@run_async
async def test_refer_and_every_step_to_a_project(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("p")
        offered = choices(app)
        assert "Digital Commerce Lab" in offered[0] and "covers ecommerce" in offered[0]
        assert "CCIAA Como" in offered[1]
        await pilot.press("enter")
        await type_text(pilot, "negozio online")
        await pilot.press("enter")
        await pilot.pause()
        (entry,) = desk.referrals.for_ticket(1)
        assert entry.partner.name == "Digital Commerce Lab"
        assert entry.referral.note == "negozio online"
        assert any("#1 referred to Digital Commerce Lab" in n for n in notices(app))
        assert "Referrals" in screen_text(app) and "answer expected" in screen_text(app)
        await step(pilot)  # acknowledged
        await pilot.press("m")
        assert [c.split("→ ")[-1] for c in choices(app)] == ["answered", "declined", "no answer"]
        await pilot.press("escape")
        await step(pilot, note="sopralluogo")  # answered
        await step(pilot)  # project started
        referral = desk.referrals.get(entry.referral.id)
        assert [s.state for s in referral.steps] == [
            ReferralState.SENT,
            ReferralState.ACKNOWLEDGED,
            ReferralState.ANSWERED,
            ReferralState.PROJECT_STARTED,
        ]
        assert referral.steps[2].note == "sopralluogo"
        assert "project started" in screen_text(app)
        await pilot.press("m")  # nothing left to move
        assert isinstance(app.screen, TicketScreen)
        assert any("no referral waiting" in n for n in notices(app))


@run_async
async def test_declined_and_no_answer_and_a_late_partner(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("p", "down", "enter", "enter")  # CCIAA Como, no note
        await pilot.press("p", "enter", "enter")  # Digital Commerce Lab
        await pilot.pause()
        first, second = desk.referrals.for_ticket(1)
        assert (first.partner.name, second.partner.name) == ("CCIAA Como", "Digital Commerce Lab")
        await step(pilot, down=2)  # CCIAA: sent → declined
        assert desk.referrals.get(first.referral.id).state is ReferralState.DECLINED
        await step(pilot, down=3)  # Digital Commerce Lab: sent → no answer
        assert desk.referrals.get(second.referral.id).state is ReferralState.NO_ANSWER
        assert not desk.tickets.get(1).pending_followups()


@run_async
async def test_a_late_answer_shows_on_the_ticket_and_the_partners_screen(desk: Desk) -> None:
    referral = desk.referrals.refer(1, "Digital Commerce Lab")
    desk.clock.advance(days=7)  # three working days have gone by, and more
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        assert "sent, late" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("P")
        assert isinstance(app.screen, PartnersScreen)
        text = screen_text(app)
        assert "1 answers awaited" in text and "1 late" in text
        assert "CCIAA Como" in text and "Digital Commerce Lab" in text
        await pilot.press("down")
        await pilot.pause()
        assert f"#{referral.ref}" in screen_text(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, PartnersScreen)


@run_async
async def test_the_edit_form_sets_service_source_and_programme(desk: Desk) -> None:
    from textual.widgets import Select

    from helpdesk.domain.programmes import Service, Source
    from helpdesk.tui.screens.new_ticket import TicketForm

    desk.programmes.add("desk2020", "Sportello 2020")
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, TicketForm)
        assert form.query_one("#service", Select).value == "none"
        form.query_one("#service", Select).value = "advice"
        form.query_one("#source", Select).value = "word_of_mouth"
        form.query_one("#programme", Select).value = "desk2020"
        await pilot.press("ctrl+s")
        await pilot.pause()
        ticket = desk.tickets.get(1)
        assert (ticket.service, ticket.source, ticket.programme) == (
            Service.ADVICE,
            Source.WORD_OF_MOUTH,
            "desk2020",
        )
        assert isinstance(app.screen, TicketScreen)
        await pilot.press("e")
        app.screen.query_one("#source", Select).value = "none"
        await pilot.press("ctrl+s")
        await pilot.pause()
        again = desk.tickets.get(1)
        assert again.source is None and again.service is Service.ADVICE  # only what changed


@run_async
async def test_the_dashboard_shows_the_funnel(desk: Desk) -> None:
    desk.referrals.refer(1, "Digital Commerce Lab")
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        text = screen_text(app)
        assert "Impact" in text and "Referred to a partner" in text


@run_async
async def test_the_company_screen_lists_its_referrals(desk: Desk) -> None:
    desk.referrals.refer(1, "Digital Commerce Lab")
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_ticket(pilot, 1)
        await pilot.press("b")
        await pilot.pause()
        text = screen_text(app)
        assert "Pasticceria Rossi" in text
        assert "Referrals" in text and "#1 Digital Commerce Lab  sent" in text


@run_async
async def test_the_command_palette_offers_the_partners_screen(desk: Desk) -> None:
    app = app_for(desk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Partners" in titles
        await open_ticket(pilot, 1)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Refer" in titles and "Referral step" in titles
