"""The desk's one calendar of working days: weekends and Italy's national holidays are not
working days, for a grant call's deadline follow-up and a referral's expected answer alike."""

from __future__ import annotations

from datetime import date

import pytest

from helpdesk.dates import FrozenClock
from helpdesk.dates.working_days import (
    easter_sunday,
    is_working_day,
    working_days_after,
    working_days_before,
)
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.partners import PartnerDraft
from helpdesk.services.tickets import TicketDraft


def test_easter_falls_where_the_calendar_puts_it() -> None:
    assert easter_sunday(2021) == date(2021, 4, 4)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 6),  # Easter Monday
        date(2027, 3, 29),  # Easter Monday, in March
        date(2025, 4, 25),  # Liberazione, a Friday
        date(2026, 6, 2),  # Festa della Repubblica, a Tuesday
        date(2026, 12, 8),  # Immacolata, a Tuesday
        date(2026, 12, 25),  # Natale
        date(2026, 12, 12),  # a Saturday
        date(2026, 12, 13),  # a Sunday
    ],
)
def test_holidays_and_weekends_are_not_working_days(day: date) -> None:
    assert not is_working_day(day)


def test_ordinary_weekdays_are_working_days() -> None:
    assert all(is_working_day(date(2026, 12, d)) for d in (7, 9, 10, 11, 14))
    assert is_working_day(date(2026, 4, 7))  # the Tuesday after Easter


def test_counting_skips_weekends_and_holidays_both_ways() -> None:
    # Monday 7 December 2026: Tuesday 8 is the Immacolata.
    assert working_days_after(date(2026, 12, 7), 1) == date(2026, 12, 9)
    assert working_days_after(date(2026, 12, 4), 1) == date(2026, 12, 7)  # Friday → Monday
    assert working_days_after(date(2026, 4, 3), 1) == date(2026, 4, 7)  # over Easter Monday
    assert working_days_before(date(2026, 12, 11), 5) == date(2026, 12, 3)
    assert working_days_before(date(2026, 6, 3), 1) == date(2026, 6, 1)  # over 2 June
    assert working_days_after(date(2026, 12, 12), 0) == date(2026, 12, 12)
    assert working_days_before(date(2026, 12, 11), 0) == date(2026, 12, 11)


def test_a_referral_and_a_call_count_the_same_working_days() -> None:
    """Referred on Friday 4 December 2026 with two working days to answer: Monday 7, then
    Wednesday 9 (8 December is a holiday), as a call's deadline counts them."""
    desk: Desk = memory_desk(FrozenClock("2026-12-04 10:00"), actor="ms")
    desk.directory.add_adviser("ms", "Marta Sala")
    partner = desk.partners.add(PartnerDraft("Competence Center MADE", "dih", answer_days=2))
    ref = desk.tickets.log(TicketDraft("Cobot")).ticket.ref

    referral = desk.referrals.refer(ref, partner.id)

    assert referral.expected == date(2026, 12, 9)
    assert working_days_before(referral.expected, 2) == date(2026, 12, 4)
