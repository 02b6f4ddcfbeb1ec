"""The demo desk's grant calls: 2020–2021 and around the day it is looked at, with applications
at every stage, their histories in order and their deadline follow-ups where they belong."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from helpdesk.domain.calls import CallStatus, Stage, eligibility_reasons
from helpdesk.services.demo import DEMO_NOW, build_demo
from helpdesk.services.desk import Desk

SIZE = 240


@pytest.fixture(scope="module", params=[date(2026, 11, 25), date(2027, 11, 25)])
def lively(request: pytest.FixtureRequest) -> Desk:
    return build_demo(size=SIZE, seed=2020, today=request.param)


def test_calls_of_the_history_and_around_today(lively: Desk):
    now = lively.clock.now()
    calls = lively.calls.calls()
    years = Counter(c.opens.year for c in calls)
    assert years[2020] >= 3 and years[2021] >= 2
    statuses = Counter(c.status(now) for c in calls)
    assert statuses[CallStatus.RANKED] >= 2 and statuses[CallStatus.OPEN] >= 2
    assert statuses[CallStatus.ANNOUNCED] == 1
    funders = {c.funder.value for c in calls}
    assert {"region", "chamber", "ministry", "eu"} <= funders
    titles = " ".join(c.title for c in calls)
    assert "Voucher digitali I4.0" in titles and "E-commerce" in titles
    assert "Transizione 4.0" in titles
    assert lively.calls.upcoming_deadlines(), "a deadline falls in the agenda's weeks"


def test_applications_at_every_stage_and_eligible(lively: Desk):
    calls = lively.calls.calls()
    stages = Counter(a.stage for c in calls for a in c.applications)
    assert set(stages) == set(Stage)
    companies = lively.ctx.store.companies_by_id()
    for call in calls:
        for application in call.applications:
            ticket = lively.tickets.get(application.ref)
            company = companies.get(ticket.company_id) if ticket.company_id else None
            assert not eligibility_reasons(
                call, company, ticket.topics, call.opens, check_dates=False
            )
            if application.stage is Stage.FUNDED:
                assert application.amount and application.amount <= (call.max_per_company or 10**12)


def test_applying_ones_have_their_deadline_follow_up_the_rest_none(lively: Desk):
    today = lively.clock.today()
    for call in lively.calls.calls():
        for application in call.applications:
            ticket = lively.tickets.get(application.ref)
            pending = [
                f
                for f in ticket.pending_followups()
                if f.note.startswith(f"Bando {call.id} ")  # the demo desk writes Italian
            ]
            if application.stage.applying:
                assert [f.id for f in pending] == [application.followup]
                # due N working days before the deadline, or the day it was made if later;
                # some are overdue by now, as on a real desk
                due = pending[0].due.day
                assert pending[
                    0
                ].created.date() <= due <= call.closes.date() and due >= today - timedelta(days=13)
            else:
                assert pending == []


def test_histories_stay_in_order_and_the_history_ignores_today():
    one = build_demo(size=120, seed=5, today=date(2026, 11, 23))
    other = build_demo(size=120, seed=5, today=date(2031, 3, 4))
    end = DEMO_NOW.replace(tzinfo=one.clock.tz)

    def applications(desk: Desk) -> list[tuple]:
        return [
            (c.title, a.ref, [(s.stage, s.at, s.amount) for s in a.steps if s.at <= end])
            for c in desk.calls.calls()
            if c.opens <= end
            for a in c.applications
        ]

    assert applications(one) == applications(other)
    for ticket in one.ctx.store.tickets():
        moments = [c.at for c in ticket.history]
        assert moments == sorted(moments)
        assert [f.id for f in ticket.followups] == list(range(1, len(ticket.followups) + 1))
