"""The summary's figures, each checked on the hand-made desk of ``test_summary_desk.py``.

Every expected number below can be worked out from the table in that module's docstring; the
comments show the working.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from test_summary_desk import NOW, build_known_desk

from helpdesk.dates import FrozenClock
from helpdesk.errors import InvalidDate, InvalidFilter, InvalidValue
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.summary import BREAKDOWNS, Period, Summary, percentile
from helpdesk.services.summary_json import breakdown_json, summary_json
from helpdesk.services.summary_labels import describe_hours, label_of, month_label

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture(scope="module")
def known() -> Desk:
    """The hand-made desk, its clock at 10 July 2020 12:00."""
    clock = FrozenClock("2020-03-01 09:00")
    return build_known_desk(memory_desk(clock, actor="ms"), clock)


@pytest.fixture(scope="module")
def q2(known: Desk) -> Summary:
    """Its summary for 2020-Q2, no filter."""
    return known.summary.compute(known.summary.period("2020-Q2"))


def rows(summary: Summary, name: str) -> list[tuple[str, int]]:
    return [(r.key, r.count) for r in summary.breakdown(name).rows]


# -- period -----------------------------------------------------------------------------------


def test_a_quarter_runs_from_its_first_day_to_the_next_quarter(known: Desk) -> None:
    period = known.summary.period("2020-Q2")

    assert period == Period(
        datetime(2020, 4, 1, tzinfo=ROME), datetime(2020, 7, 1, tzinfo=ROME), "2020-Q2"
    )
    assert (period.first_day.isoformat(), period.last_day.isoformat()) == (  # type: ignore[union-attr]
        "2020-04-01",
        "2020-06-30",
    )
    assert period.describe() == "2020-Q2 (1 Apr 2020 – 30 Jun 2020)"


def test_since_and_until_include_both_days(known: Desk) -> None:
    period = known.summary.period(since="01/04/2020", until="30/06/2020")

    assert (period.start, period.end) == (
        datetime(2020, 4, 1, tzinfo=ROME),
        datetime(2020, 7, 1, tzinfo=ROME),
    )
    assert period.label == "1 Apr 2020 – 30 Jun 2020"
    assert known.summary.compute(period).received == 7


def test_since_alone_and_until_alone_are_open_ended(known: Desk) -> None:
    since = known.summary.period(since="2020-06-29")
    until = known.summary.period(until="2020-03-31")

    assert (since.label, since.end) == ("since 29 Jun 2020", None)
    assert (until.label, until.start) == ("until 31 Mar 2020", None)
    assert known.summary.compute(since).received == 3  # #7, #8, #9
    assert known.summary.compute(until).received == 1  # #1


def test_no_period_is_all_time(known: Desk) -> None:
    summary = known.summary.compute(known.summary.period())

    assert summary.period.label == "all time"
    assert summary.received == 9
    assert [r.key for r in summary.breakdown("month").rows] == [
        "2020-03",
        "2020-04",
        "2020-05",
        "2020-06",
        "2020-07",
    ]


def test_a_period_and_since_together_are_refused(known: Desk) -> None:
    with pytest.raises(InvalidValue, match="either a period or --since/--until"):
        known.summary.period("2020-Q2", since="2020-04-01")


def test_a_start_after_the_end_is_refused(known: Desk) -> None:
    with pytest.raises(InvalidValue, match="starts on 1 May 2020, after it ends on 1 Apr 2020"):
        known.summary.period(since="2020-05-01", until="2020-04-01")


def test_an_unreadable_period_says_so(known: Desk) -> None:
    with pytest.raises(InvalidDate, match="Q5"):
        known.summary.period("2020-Q5")


def test_the_last_minute_of_the_period_is_in_and_the_next_midnight_is_out(q2: Summary) -> None:
    # #8 at 23:30 on 30 June counts; #9 at 00:00 on 1 July does not.
    assert q2.received == 7
    assert rows(q2, "month")[-1] == ("2020-06", 3)


# -- breakdowns --------------------------------------------------------------------------------


def test_breakdowns_come_in_their_fixed_order(q2: Summary) -> None:
    assert list(q2.breakdowns) == list(BREAKDOWNS)


def test_by_topic_counts_a_ticket_under_each_of_its_topics(q2: Summary) -> None:
    # #4 has grants and ecommerce; #6 has none; ties sorted by key, "none" last.
    assert rows(q2, "topic") == [
        ("ecommerce", 2),
        ("grants", 2),
        ("industry40", 2),
        ("digital_tools", 1),
        ("none", 1),
    ]
    topic = q2.breakdown("topic")
    assert (topic.rows[1].label, topic.rows[1].label_it) == (
        "Grants and funding",
        "Bandi e contributi",
    )
    assert topic.rows[0].share == pytest.approx(2 / 7)


def test_by_status_lists_the_whole_lifecycle(q2: Summary) -> None:
    assert rows(q2, "status") == [
        ("new", 1),
        ("triaged", 4),
        ("in_progress", 0),
        ("waiting", 0),
        ("resolved", 0),
        ("closed", 2),
    ]


def test_by_channel(q2: Summary) -> None:
    assert rows(q2, "channel") == [("email", 2), ("phone", 2), ("web", 2), ("walk_in", 1)]
    assert [r.label for r in q2.breakdown("channel").rows] == [
        "Email",
        "Phone",
        "Web form",
        "Walk-in",
    ]


def test_by_company_kind_counts_tickets_without_a_company_as_none(q2: Summary) -> None:
    assert rows(q2, "kind") == [
        ("food_service", 2),
        ("sme", 2),
        ("artisan", 1),
        ("professional", 1),
        ("none", 1),
    ]


def test_by_province_puts_missing_provinces_under_none(q2: Summary) -> None:
    # Studio Verdi has no province and #6 has no company.
    assert rows(q2, "province") == [("LC", 2), ("MI", 2), ("CO", 1), ("none", 2)]
    assert q2.breakdown("province").rows[-1].label == "Unknown"


def test_by_adviser_names_them_and_counts_the_unassigned(q2: Summary) -> None:
    assert rows(q2, "adviser") == [("ms", 3), ("gb", 2), ("none", 2)]
    assert [r.label for r in q2.breakdown("adviser").rows] == [
        "Marta Sala",
        "Giulio Bassi",
        "Unassigned",
    ]


def test_by_month_lists_every_month_of_the_period_even_empty_ones(known: Desk) -> None:
    summary = known.summary.compute(known.summary.period("2020"))
    months = rows(summary, "month")

    assert len(months) == 12
    assert months[:7] == [
        ("2020-01", 0),
        ("2020-02", 0),
        ("2020-03", 1),
        ("2020-04", 2),
        ("2020-05", 2),
        ("2020-06", 3),
        ("2020-07", 1),
    ]
    assert (
        summary.breakdown("month").rows[3].label,
        summary.breakdown("month").rows[3].label_it,
    ) == (
        "Apr 2020",
        "aprile 2020",
    )


def test_by_outcome_counts_closed_tickets_and_shares_are_of_them(q2: Summary) -> None:
    outcome = q2.breakdown("outcome")

    assert rows(q2, "outcome") == [("advised", 1), ("grant_applied", 1)]
    assert (outcome.total, outcome.rows[0].share) == (2, 0.5)
    assert q2.closed == 2


def test_an_unknown_breakdown_lists_the_known_ones(q2: Summary) -> None:
    with pytest.raises(InvalidValue, match="no breakdown by 'colour'; use one of: topic, status"):
        q2.breakdown("colour")


# -- businesses ---------------------------------------------------------------------------------


def test_businesses_served_first_contact_and_returning(q2: Summary) -> None:
    b = q2.businesses
    # Served: Forno, Bar, Studio, Meccanica. Forno had #1 before the quarter (returning, not a
    # first contact); Bar and Meccanica came twice within it (returning, first contact); Studio
    # came once (first contact only).
    assert (b.served, b.first_contact, b.returning, b.tickets_without_company) == (4, 3, 3, 1)
    assert [(r.key, r.count) for r in b.by_kind.rows] == [
        ("artisan", 1),
        ("food_service", 1),
        ("professional", 1),
        ("sme", 1),
    ]


def test_an_earlier_ticket_makes_a_business_returning_even_outside_the_filter(known: Desk) -> None:
    # topic:ecommerce selects #2 (Forno) and #4 (Bar); Forno's earlier #1 is about marketing.
    summary = known.summary.compute(known.summary.period("2020-Q2"), "topic:ecommerce")
    b = summary.businesses

    assert summary.received == 2
    assert (b.served, b.first_contact, b.returning) == (2, 1, 1)


@pytest.mark.parametrize("query", ["", "topic:ecommerce", "forno", "status:open +due"])
@pytest.mark.parametrize("period", ["2020-Q2", None])
def test_tickets_held_by_the_caller_give_the_same_figures(
    known: Desk, query: str, period: str | None
) -> None:
    chosen = known.summary.period(period)
    held = known.tickets.all(partial=True)

    assert known.summary.compute(chosen, query, held=held) == known.summary.compute(chosen, query)


def test_only_the_tickets_held_are_counted(known: Desk) -> None:
    held = known.tickets.all(partial=True)[:2]

    assert known.summary.compute(held=held).received == 2
    assert known.summary.compute().received > 2


# -- response times -------------------------------------------------------------------------------


def test_time_to_triage_median_and_90th_percentile_by_nearest_rank(q2: Summary) -> None:
    # Delays 1, 2, 3, 4, 5, 10 hours: median at rank ceil(3) = 3h, p90 at rank ceil(5.4) = 10h.
    # #8 was never triaged and is open: waiting.
    t = q2.triage
    assert (t.measured, t.waiting, t.median_hours, t.p90_hours) == (6, 1, 3.0, 10.0)


def test_time_to_first_followup(q2: Summary) -> None:
    # #2 +25h, #3 +50h, #7 +100h (cancelled later, still the first contact planned):
    # median rank ceil(1.5) = 2 → 50h, p90 rank ceil(2.7) = 3 → 100h. Open without one: #6, #8.
    f = q2.first_followup
    assert (f.measured, f.waiting, f.median_hours, f.p90_hours) == (3, 2, 50.0, 100.0)


def test_no_measurement_gives_no_median(known: Desk) -> None:
    summary = known.summary.compute(known.summary.period("2020-Q2"), "ref:8")

    assert (summary.triage.measured, summary.triage.median_hours, summary.triage.p90_hours) == (
        0,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("values", "p", "expected"),
    [
        ([], 50, None),
        ([7.0], 90, 7.0),
        ([4, 1, 3, 2], 50, 2),  # even count: the lower middle value
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9),  # 0.9 * 10 is not quite 9 in floats
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 91, 10),
        ([5, 1, 3], 100, 5),
        ([5, 1, 3], 1, 1),
    ],
)
def test_percentile_is_nearest_rank(values: list[float], p: int, expected: float | None) -> None:
    assert percentile(values, p) == expected


# -- open tickets and follow-ups ------------------------------------------------------------------


def test_open_tickets_and_their_ages(q2: Summary) -> None:
    # Open on 10 July 12:00: #2 (100 days), #3 (91), #6 (25), #7 (11), #8 (9).
    o = q2.open
    assert (o.count, o.median_age_days, o.oldest_age_days) == (5, 25, 100)
    assert [(r.key, r.count) for r in o.ages] == [
        ("under_1w", 0),
        ("1w_4w", 3),
        ("4w_13w", 0),
        ("over_13w", 2),  # 91 days is 13 weeks exactly
    ]


def test_followups_done_pending_overdue_cancelled(q2: Summary) -> None:
    f = q2.followups
    # On the quarter's tickets: #2 done, #3 pending since 13 Apr (overdue), #7 cancelled. Done
    # within the quarter: #2's and #1's (a March ticket followed up on 5 May).
    assert (f.total, f.done, f.pending, f.overdue, f.cancelled) == (3, 1, 1, 1, 1)
    assert (f.tickets_with_followup, f.done_in_period) == (3, 2)


def test_overdue_is_measured_against_today(known: Desk) -> None:
    clock = known.clock
    assert isinstance(clock, FrozenClock)
    clock.set("2020-04-13 09:00")  # #3's follow-up is due today: not overdue yet
    try:
        summary = known.summary.compute(known.summary.period("2020-Q2"))
    finally:
        clock.set(NOW)

    assert (summary.followups.pending, summary.followups.overdue) == (1, 0)


# -- webinars ------------------------------------------------------------------------------------


def test_webinars_held_seats_enrolled_attended_and_rates(q2: Summary) -> None:
    # W1 (10 seats: #2 attended, #3 no-show) and W2 (5 seats: #4 registered, #5 attended) were
    # held in the quarter; W4 was cancelled; W3 is in July; W5 is upcoming.
    w = q2.webinars
    assert w is not None
    assert (w.held, w.seats, w.enrolled, w.attended, w.upcoming) == (2, 15, 4, 2, 1)
    assert (w.fill_rate, w.attendance_rate) == (pytest.approx(4 / 15), 0.5)


def test_webinars_ignore_the_ticket_filter(known: Desk) -> None:
    summary = known.summary.compute(known.summary.period("2020-Q2"), "topic:industry40")

    assert summary.webinars is not None and summary.webinars.held == 2


def test_a_quarter_without_sessions_has_no_rates(known: Desk) -> None:
    summary = known.summary.compute(known.summary.period("2020-Q1"))

    assert summary.webinars is not None
    assert (
        summary.webinars.held,
        summary.webinars.fill_rate,
        summary.webinars.attendance_rate,
    ) == (
        0,
        None,
        None,
    )


# -- filter ---------------------------------------------------------------------------------------


def test_the_filter_narrows_every_ticket_figure(known: Desk) -> None:
    summary = known.summary.compute(known.summary.period("2020-Q2"), "topic:grants")

    assert summary.query == "topic:grants"
    assert summary.received == 2  # #3 and #4
    assert rows(summary, "adviser") == [("gb", 2)]
    assert (summary.triage.median_hours, summary.triage.p90_hours) == (2.0, 3.0)
    assert (summary.followups.total, summary.followups.overdue) == (1, 1)


def test_a_bad_filter_points_at_the_token(known: Desk) -> None:
    with pytest.raises(InvalidFilter):
        known.summary.compute(Period(), "priority:whenever")


def test_an_empty_desk_gives_zeros_not_errors() -> None:
    desk = memory_desk(FrozenClock("2020-07-10 12:00"))
    summary = desk.summary.compute(desk.summary.period("2020-Q2"))

    assert summary.received == 0
    assert [r.count for r in summary.breakdown("month").rows] == [0, 0, 0]
    assert summary.breakdown("topic").rows == []
    assert summary.open.median_age_days is None
    assert summary_json(summary)["time_to_triage"]["median_hours"] is None


# -- the plain form -------------------------------------------------------------------------------


def test_summary_json_carries_every_figure(q2: Summary) -> None:
    data = summary_json(q2)

    assert data["period"] == {
        "label": "2020-Q2",
        "first_day": "2020-04-01",
        "last_day": "2020-06-30",
    }
    assert data["tickets"] == {"received": 7, "closed": 2}
    assert data["businesses"]["returning"] == 3
    assert data["time_to_triage"] == {
        "measured": 6,
        "waiting": 1,
        "median_hours": 3.0,
        "p90_hours": 10.0,
    }
    assert data["webinars"]["fill_rate"] == 0.2667
    assert data["breakdowns"]["topic"][0] == {
        "key": "ecommerce",
        "label": "E-commerce",
        "count": 2,
        "share": 0.2857,
    }
    assert list(data["breakdowns"]) == list(BREAKDOWNS)


def test_breakdown_json_is_one_breakdown_with_its_period(q2: Summary) -> None:
    data = breakdown_json(q2, "adviser")

    assert data["by"] == "adviser"
    assert data["total"] == 7
    assert [(r["key"], r["count"]) for r in data["rows"]] == [("ms", 3), ("gb", 2), ("none", 2)]
    assert data["period"]["label"] == "2020-Q2"


# -- labels ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "language", "expected"),
    [
        (None, "en", "—"),
        (0.75, "en", "45m"),
        (3.5, "en", "3h 30m"),
        (26, "en", "26h"),
        (48, "en", "2d"),
        (50.4, "en", "2d 2h"),
        (50.4, "it", "2g 2h"),
    ],
)
def test_describe_hours(hours: float | None, language: str, expected: str) -> None:
    assert describe_hours(hours, language) == expected


def test_labels_in_english_and_italian() -> None:
    assert (label_of("grant_applied"), label_of("grant_applied", "it")) == (
        "Grant applied for",
        "Domanda presentata",
    )
    assert label_of("unknown_key") == "unknown_key"
    assert (month_label("2020-12"), month_label("2020-12", "it")) == ("Dec 2020", "dicembre 2020")
