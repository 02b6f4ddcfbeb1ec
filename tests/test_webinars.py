"""Tests of webinars: series expansion, the catalogue, capacity and the waiting list, double
enrolment, attendance timing, suggestions, demand, the filter terms and the ticket view.

Everything runs on the in-memory desk of ``conftest.py`` (acting adviser ``ms``) with the clock
frozen on Friday 20 November 2026, 10:00 in Europe/Rome. The ``shop`` fixture logs these tickets:

== ================= ===================== ======================
#  company           topics                status
== ================= ===================== ======================
1  Forno d'Oro  (1)  ecommerce             new
2  Forno d'Oro  (1)  ecommerce             new
3  Caffè Nerò   (2)  ecommerce, marketing  new
4  Rossi        (3)  grants                new
5  —                 ecommerce             new
6  Sartoria     (4)  ecommerce             closed
== ================= ===================== ======================
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from helpdesk.dates import FrozenClock, occurrences
from helpdesk.domain import webinars as rules
from helpdesk.domain.enums import Outcome
from helpdesk.domain.webinars import (
    Enrolment,
    EnrolmentStatus,
    Webinar,
    WebinarStatus,
    enrolment_index,
)
from helpdesk.errors import Conflict, InvalidDate, InvalidValue, NotFound
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.exchange import webinar_json
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.webinars import AFTER_WEBINAR_NOTE, WebinarDraft, weekday_code
from helpdesk.store import records

ROME = ZoneInfo("Europe/Rome")

FORNO = CompanyDraft("Forno d'Oro S.r.l.", town="Como", province="CO")
CAFFE = CompanyDraft("Caffè Nerò snc", town="Lecco", province="LC")
ROSSI = CompanyDraft("Rossi Meccanica SpA", town="Milano", province="MI")
SARTORIA = CompanyDraft("Sartoria Bianchi", town="Varese", province="VA")


def rome(*parts: int) -> datetime:
    """An aware moment in Europe/Rome."""
    return datetime(*parts, tzinfo=ROME)  # type: ignore[misc]


@pytest.fixture
def shop(desk: Desk) -> Desk:
    """The six tickets of the module docstring."""
    rows = [
        ("Vendere online il pane", FORNO, ["ecommerce"]),
        ("Negozio online per i dolci", FORNO, ["ecommerce"]),
        ("Sito e social per il bar", CAFFE, ["ecommerce", "marketing"]),
        ("Bando voucher digitali", ROSSI, ["grants"]),
        ("Aprire un e-shop", None, ["ecommerce"]),
        ("Vendita online di abiti", SARTORIA, ["ecommerce"]),
    ]
    for subject, company, topics in rows:
        desk.tickets.log(TicketDraft(subject, company=company, topics=topics))
    desk.tickets.close(6, Outcome.WITHDRAWN)
    return desk


def session(
    desk: Desk,
    start: str = "01/12/2026 10:00",
    *,
    capacity: int = 2,
    topics: tuple[str, ...] = ("ecommerce",),
    title: str = "E-commerce in una settimana",
) -> Webinar:
    """Add one session and return it."""
    [webinar] = desk.webinars.add(
        WebinarDraft(title, start, duration=90, capacity=capacity, topics=list(topics))
    )
    return webinar


def statuses(desk: Desk, webinar_id: int) -> list[tuple[int, str]]:
    """(ref, status) of each enrolment, as stored, in the order they were made."""
    webinar = desk.webinars.get(webinar_id)
    return [(e.ref, e.status.value) for e in webinar.enrolments]


def webinar_history(desk: Desk, ref: int) -> list[tuple[object, object]]:
    """(old, new) of the ticket's webinar history entries."""
    return [(c.old, c.new) for c in desk.tickets.get(ref).history if c.field == "webinar"]


# -- dates.occurrences ----------------------------------------------------------------------------


def test_weekly_series_keeps_ten_o_clock_across_the_march_clock_change() -> None:
    starts = occurrences("FREQ=WEEKLY;BYDAY=TU;COUNT=4", rome(2026, 3, 17, 10, 0))

    assert [s.isoformat() for s in starts] == [
        "2026-03-17T10:00:00+01:00",
        "2026-03-24T10:00:00+01:00",
        "2026-03-31T10:00:00+02:00",
        "2026-04-07T10:00:00+02:00",
    ]
    assert all(s.tzinfo is ROME for s in starts)


def test_weekly_series_keeps_ten_o_clock_across_the_october_clock_change() -> None:
    starts = occurrences("RRULE:FREQ=WEEKLY;COUNT=2", rome(2026, 10, 20, 10, 0))

    assert [s.isoformat() for s in starts] == [
        "2026-10-20T10:00:00+02:00",
        "2026-10-27T10:00:00+01:00",
    ]
    # The same wall time is a different elapsed interval: a week plus an hour.
    elapsed = starts[1].astimezone(UTC) - starts[0].astimezone(UTC)
    assert elapsed.total_seconds() == 7 * 86400 + 3600


def test_first_thursday_of_the_month_until_a_day_includes_that_day() -> None:
    starts = occurrences(
        "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1;UNTIL=20270204", rome(2026, 10, 1, 15, 30)
    )

    assert [s.isoformat() for s in starts] == [
        "2026-10-01T15:30:00+02:00",
        "2026-11-05T15:30:00+01:00",
        "2026-12-03T15:30:00+01:00",
        "2027-01-07T15:30:00+01:00",
        "2027-02-04T15:30:00+01:00",
    ]


def test_start_that_does_not_match_the_rule_is_not_a_session() -> None:
    # Tuesday 1 December: the first Thursday after it is the 3rd.
    starts = occurrences("FREQ=WEEKLY;BYDAY=TH;COUNT=2", rome(2026, 12, 1, 10, 0))

    assert [s.isoformat() for s in starts] == [
        "2026-12-03T10:00:00+01:00",
        "2026-12-10T10:00:00+01:00",
    ]


def test_until_in_utc_is_read_as_that_instant() -> None:
    # 09:00Z on 31 March is 11:00 in Rome, after the 10:00 session: it is included.
    included = occurrences("FREQ=WEEKLY;UNTIL=20260331T090000Z", rome(2026, 3, 24, 10, 0))
    # 07:00Z is 09:00 in Rome, before it: it is not.
    excluded = occurrences("FREQ=WEEKLY;UNTIL=20260331T070000Z", rome(2026, 3, 24, 10, 0))

    assert [s.day for s in included] == [24, 31]
    assert [s.day for s in excluded] == [24]


def test_rule_ending_before_its_first_occurrence_gives_nothing() -> None:
    assert occurrences("FREQ=WEEKLY;UNTIL=20260101", rome(2026, 3, 17, 10, 0)) == []


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("", 'No repeat rule given; try "FREQ=WEEKLY;BYDAY=TU;COUNT=6".'),
        ("BYDAY=TU;COUNT=2", 'The repeat rule "BYDAY=TU;COUNT=2" needs a FREQ; try'),
        (
            "FREQ=HOURLY;COUNT=2",
            'The repeat rule "FREQ=HOURLY;COUNT=2" has FREQ=HOURLY; use one of DAILY, WEEKLY, '
            "MONTHLY, YEARLY.",
        ),
        (
            "FREQ=WEEKLY;COUNT=2;UNTIL=20261231",
            'The repeat rule "FREQ=WEEKLY;COUNT=2;UNTIL=20261231" has both COUNT and UNTIL; '
            "give only one.",
        ),
        (
            "FREQ=WEEKLY",
            'The repeat rule "FREQ=WEEKLY" repeats more than 200 times; end it sooner with '
            "COUNT or UNTIL.",
        ),
        (
            "FREQ=WEEKLY;BYDAY=XX;COUNT=2",
            "Cannot read the repeat rule \"FREQ=WEEKLY;BYDAY=XX;COUNT=2\" (invalid 'BYDAY': XX)",
        ),
        ("weekly", 'Cannot read the repeat rule "weekly": "weekly" is not NAME=VALUE;'),
        ("FREQ=WEEKLY;COUNT=2;COUNT=3", "COUNT is given twice."),
        ("FREQ=WEEKLY;UNTIL=2026-12-31", "Cannot read UNTIL=2026-12-31 in the repeat rule"),
        ("FREQ=WEEKLY;UNTIL=20260231", "February 2026 has 28 days."),
    ],
)
def test_unreadable_rules_are_refused_saying_why(rule: str, message: str) -> None:
    with pytest.raises(InvalidDate) as caught:
        occurrences(rule, rome(2026, 3, 17, 10, 0))

    assert message in str(caught.value)


def test_rule_falling_on_a_skipped_wall_time_is_refused() -> None:
    with pytest.raises(InvalidDate) as caught:
        occurrences("FREQ=DAILY;COUNT=3", rome(2026, 3, 28, 2, 30))

    assert str(caught.value) == (
        'The repeat rule "FREQ=DAILY;COUNT=3" falls on 02:30 on Sun 29 Mar 2026, a time skipped '
        "in Europe/Rome when the clocks go forward; choose another time."
    )


def test_limit_caps_the_occurrences() -> None:
    assert len(occurrences("FREQ=DAILY;COUNT=5", rome(2026, 1, 1, 9, 0), limit=5)) == 5
    with pytest.raises(InvalidDate, match="repeats more than 4 times"):
        occurrences("FREQ=DAILY;COUNT=5", rome(2026, 1, 1, 9, 0), limit=4)


def test_naive_start_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware start"):
        occurrences("FREQ=DAILY;COUNT=2", datetime(2026, 1, 1, 9, 0))


# -- the catalogue --------------------------------------------------------------------------------


def test_add_one_session_stores_every_field(desk: Desk, clock: FrozenClock) -> None:
    [webinar] = desk.webinars.add(
        WebinarDraft(
            "  Bandi   regionali 2027 ",
            "1/12/2026 15:00",
            duration=60,
            capacity=25,
            topics=["bandi", "E-commerce"],
            speaker=" Giulio Bassi ",
            link="https://meet.example.org/bandi",
            place="Como, via Roma 1",
            description="I bandi aperti.",
        )
    )

    stored = desk.webinars.get(webinar.id)
    assert stored == webinar
    assert (stored.id, stored.title, stored.duration, stored.capacity) == (
        1,
        "Bandi regionali 2027",
        60,
        25,
    )
    assert stored.start == rome(2026, 12, 1, 15, 0)
    assert stored.start.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert stored.end == rome(2026, 12, 1, 16, 0)
    assert stored.topics == ["grants", "ecommerce"]
    assert (stored.speaker, stored.link, stored.place, stored.description) == (
        "Giulio Bassi",
        "https://meet.example.org/bandi",
        "Como, via Roma 1",
        "I bandi aperti.",
    )
    assert stored.status is WebinarStatus.SCHEDULED
    assert (stored.series, stored.rule, stored.enrolments) == ("", "", [])
    assert stored.created == clock.now()


def test_add_series_across_the_clock_change_makes_one_webinar_per_session(desk: Desk) -> None:
    added = desk.webinars.add(
        WebinarDraft(
            "Strumenti per lo smart working",
            "2026-03-17 10:00",
            capacity=12,
            topics=["digital_tools"],
            rule="FREQ=WEEKLY;BYDAY=TU;COUNT=3",
        )
    )

    stored = [desk.webinars.get(w.id) for w in added]
    assert [w.id for w in stored] == [1, 2, 3]
    assert [w.start.isoformat() for w in stored] == [
        "2026-03-17T10:00:00+01:00",
        "2026-03-24T10:00:00+01:00",
        "2026-03-31T10:00:00+02:00",
    ]
    assert len({w.series for w in stored}) == 1
    assert stored[0].series != ""
    assert {w.rule for w in stored} == {"FREQ=WEEKLY;BYDAY=TU;COUNT=3"}
    assert {(w.title, w.capacity) for w in stored} == {("Strumenti per lo smart working", 12)}
    assert [w.id for w in desk.webinars.detail(2).series] == [1, 2, 3]


@pytest.mark.parametrize(
    ("draft", "error", "message"),
    [
        (WebinarDraft(" ", "1/12/2026 10:00"), InvalidValue, "A webinar needs a title."),
        (
            WebinarDraft("T", "1/12/2026"),
            InvalidValue,
            '"1/12/2026" has no time of day; give the start as "01/12/2026 10:00", say.',
        ),
        (
            WebinarDraft("T", "prima o poi"),
            InvalidDate,
            'Cannot read "prima o poi" as a date;',
        ),
        (
            WebinarDraft("T", "1/12/2026 10:00", duration=0),
            InvalidValue,
            "A webinar lasts from 1 to 1440 minutes, not 0.",
        ),
        (
            WebinarDraft("T", "1/12/2026 10:00", capacity=0),
            InvalidValue,
            "A webinar needs at least one seat, not 0.",
        ),
        (
            WebinarDraft("T", "1/12/2026 10:00", link="meet.example.org"),
            InvalidValue,
            "The link 'meet.example.org' is not a web address; give one starting with https://.",
        ),
        (
            WebinarDraft("T", "1/12/2026 10:00", topics=["cucina"]),
            InvalidValue,
            "Unknown topic 'cucina'; topics are: ecommerce,",
        ),
        (
            WebinarDraft("T", "1/12/2026 10:00", rule="FREQ=WEEKLY;UNTIL=20261101"),
            InvalidValue,
            'The repeat rule "FREQ=WEEKLY;UNTIL=20261101" gives no session from 1 Dec 2026 10:00.',
        ),
    ],
)
def test_add_refuses_bad_drafts_and_saves_nothing(
    desk: Desk, draft: WebinarDraft, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        desk.webinars.add(draft)

    assert str(caught.value).startswith(message)
    assert desk.ctx.store.webinars() == []


def test_repeat_rule_from_readable_options(desk: Desk) -> None:
    rule = desk.webinars.repeat_rule

    assert rule("weekly", byweekday=["TU"], count=6) == "FREQ=WEEKLY;BYDAY=TU;COUNT=6"
    assert (
        rule("monthly", byweekday=["thursday"], bysetpos=1, count=6)
        == "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1;COUNT=6"
    )
    assert (
        rule("weekly", byweekday=["martedì", "gio"], interval=2, until="31/03/2027")
        == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270331"
    )
    assert rule("monthly", byweekday=["-1fr"], count=3) == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3"
    assert rule(rrule="  FREQ=WEEKLY;COUNT=2 ") == "FREQ=WEEKLY;COUNT=2"
    assert rule() is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"repeat": "weekly"}, "A series needs an end: --count N or --until DATE."),
        (
            {"repeat": "weekly", "count": 2, "until": "31/12/2026"},
            "Give --count or --until to end a series, not both.",
        ),
        (
            {"repeat": "weekly", "rrule": "FREQ=WEEKLY;COUNT=2"},
            "Give either --rrule or --repeat with its options, not both.",
        ),
        (
            {"count": 3},
            "--byweekday, --bysetpos, --count, --until and --interval need --repeat "
            "(daily, weekly, monthly or yearly).",
        ),
        ({"repeat": "fortnightly", "count": 2}, "Repeat 'fortnightly' is not one of: daily,"),
        (
            {"repeat": "weekly", "count": 2, "byweekday": ["tusday"]},
            "'tusday' is not a weekday; use MO, TU, WE, TH, FR, SA, SU or a name such as tuesday.",
        ),
        (
            {"repeat": "monthly", "count": 2, "bysetpos": 0},
            "--bysetpos counts from 1 (first) or -1 (last), not 0.",
        ),
        ({"repeat": "weekly", "count": 201}, "A series has from 1 to 200 sessions, not 201."),
        (
            {"repeat": "weekly", "count": 2, "interval": 0},
            "--interval is a number of periods from 1 up, not 0.",
        ),
    ],
)
def test_repeat_rule_refuses_options_that_make_no_rule(
    desk: Desk, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        desk.webinars.repeat_rule(**kwargs)  # type: ignore[arg-type]

    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "code"),
    [("TU", "TU"), ("tue", "TU"), ("Venerdì", "FR"), ("1TH", "1TH"), ("-1 sun", "-1SU")],
)
def test_weekday_codes(text: str, code: str) -> None:
    assert weekday_code(text) == code


def test_sessions_in_order_upcoming_only_and_by_topic(desk: Desk) -> None:
    later = session(desk, "10/12/2026 10:00", topics=("grants",))
    soon = session(desk, "01/12/2026 10:00")
    past = session(desk, "01/10/2026 10:00")
    cancelled = session(desk, "05/12/2026 10:00")
    desk.webinars.cancel(cancelled.id)

    assert [w.id for w in desk.webinars.sessions()] == [
        past.id,
        soon.id,
        cancelled.id,
        later.id,
    ]
    assert [w.id for w in desk.webinars.sessions(upcoming=True)] == [soon.id, later.id]
    assert [w.id for w in desk.webinars.sessions(topic="bandi")] == [later.id]
    with pytest.raises(InvalidValue, match="Unknown topic 'cucina'"):
        desk.webinars.sessions(topic="cucina")


def test_get_unknown_or_malformed_webinar(desk: Desk) -> None:
    with pytest.raises(NotFound, match=r"^There is no webinar 9\.$"):
        desk.webinars.get(9)
    with pytest.raises(
        InvalidValue, match=r"^'tre' is not a webinar number; use a number such as 3\.$"
    ):
        desk.webinars.get("tre")


# -- capacity, the waiting list and promotion -----------------------------------------------------


def test_registration_beyond_capacity_goes_to_the_waiting_list_in_order(shop: Desk) -> None:
    webinar = session(shop, capacity=2)

    _, done = shop.webinars.enrol(webinar.id, [1, 3, 5])
    _, more = shop.webinars.enrol(webinar.id, ["#4"])

    assert [(e.ticket.ref, e.enrolment.status, e.before) for e in done + more] == [
        (1, EnrolmentStatus.REGISTERED, None),
        (3, EnrolmentStatus.REGISTERED, None),
        (5, EnrolmentStatus.WAITLISTED, None),
        (4, EnrolmentStatus.WAITLISTED, None),
    ]
    stored = shop.webinars.get(webinar.id)
    assert (stored.seats_taken, stored.seats_left, stored.full) == (2, 0, True)
    assert [e.ref for e in stored.waiting_list()] == [5, 4]
    assert [e.queue for e in stored.waiting_list()] == [1, 2]
    assert [e.company_id for e in stored.enrolments] == [1, 2, None, 3]


def test_cancellation_promotes_the_first_on_the_waiting_list(
    shop: Desk, clock: FrozenClock
) -> None:
    webinar = session(shop, capacity=2)
    shop.webinars.enrol(webinar.id, [1, 3, 5, 4])
    clock.advance(hours=1)

    result = shop.webinars.cancel_enrolment(webinar.id, 3)

    assert (result.ticket.ref, result.enrolment.status) == (3, EnrolmentStatus.CANCELLED)
    assert [(t.ref, e.status) for t, e in result.promoted] == [(5, EnrolmentStatus.REGISTERED)]
    assert statuses(shop, webinar.id) == [
        (1, "registered"),
        (3, "cancelled"),
        (5, "registered"),
        (4, "waitlisted"),
    ]
    stored = shop.webinars.get(webinar.id)
    assert [e.ref for e in stored.waiting_list()] == [4]
    promoted = stored.enrolment(5)
    assert promoted is not None
    assert (promoted.changed, promoted.queue) == (clock.now(), None)
    assert webinar_history(shop, 3)[-1] == ("webinar 1: registered", "webinar 1: cancelled")
    assert webinar_history(shop, 5)[-1] == (
        "webinar 1: waitlisted",
        "webinar 1: registered (promoted from the waiting list)",
    )


def test_cancelling_a_waitlisted_place_promotes_nobody(shop: Desk) -> None:
    webinar = session(shop, capacity=1)
    shop.webinars.enrol(webinar.id, [1, 3, 5])

    result = shop.webinars.cancel_enrolment(webinar.id, 3)

    assert result.promoted == []
    assert statuses(shop, webinar.id) == [(1, "registered"), (3, "cancelled"), (5, "waitlisted")]
    assert [e.ref for e in shop.webinars.get(webinar.id).waiting_list()] == [5]


def test_re_enrolling_after_cancelling_joins_the_end_of_the_waiting_list(shop: Desk) -> None:
    webinar = session(shop, capacity=1)
    shop.webinars.enrol(webinar.id, [1, 3, 5])
    shop.webinars.cancel_enrolment(webinar.id, 3)

    _, [again] = shop.webinars.enrol(webinar.id, [3])

    assert (again.enrolment.status, again.before) == (
        EnrolmentStatus.WAITLISTED,
        EnrolmentStatus.CANCELLED,
    )
    stored = shop.webinars.get(webinar.id)
    assert [(e.ref, e.queue) for e in stored.waiting_list()] == [(5, 2), (3, 3)]
    assert len(stored.enrolments) == 3


def test_no_promotion_once_the_session_has_started(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop, capacity=1)
    shop.webinars.enrol(webinar.id, [1, 3])
    clock.set("2026-12-01 10:05")

    result = shop.webinars.cancel_enrolment(webinar.id, 1)

    assert result.promoted == []
    assert statuses(shop, webinar.id) == [(1, "cancelled"), (3, "waitlisted")]


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        ([], "#3 is not enrolled in webinar 1 “E-commerce in una settimana”."),
        (["cancel"], "#3's enrolment in webinar 1 “E-commerce in una settimana” is already "),
    ],
)
def test_cancel_enrolment_refusals(shop: Desk, prepare: list[str], message: str) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1])
    if prepare:
        shop.webinars.enrol(webinar.id, [3])
        shop.webinars.cancel_enrolment(webinar.id, 3)

    with pytest.raises(InvalidValue) as caught:
        shop.webinars.cancel_enrolment(webinar.id, 3)

    assert str(caught.value).startswith(message)


def test_attendance_cannot_be_cancelled(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1])
    clock.set("2026-12-01 11:00")
    shop.webinars.attend(webinar.id, [1])

    with pytest.raises(InvalidValue) as caught:
        shop.webinars.cancel_enrolment(webinar.id, 1)

    assert str(caught.value) == (
        "#1 is marked attended for webinar 1 “E-commerce in una settimana”; attendance cannot "
        "be cancelled."
    )


# -- double enrolment -----------------------------------------------------------------------------


def test_the_same_ticket_cannot_enrol_twice(shop: Desk) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1])

    with pytest.raises(Conflict) as caught:
        shop.webinars.enrol(webinar.id, [1])

    assert str(caught.value) == (
        "#1 is already registered for webinar 1 “E-commerce in una settimana”."
    )


def test_the_same_company_cannot_hold_two_seats_unless_asked(shop: Desk) -> None:
    webinar = session(shop, capacity=5)
    shop.webinars.enrol(webinar.id, [1])

    with pytest.raises(Conflict) as caught:
        shop.webinars.enrol(webinar.id, [2])

    assert str(caught.value) == (
        "#2's company is already registered for webinar 1 “E-commerce in una settimana” "
        "through #1; use --allow-second-seat to give it another place."
    )
    _, [second] = shop.webinars.enrol(webinar.id, [2], allow_second_seat=True)
    assert (second.enrolment.status, second.enrolment.second_seat) == (
        EnrolmentStatus.REGISTERED,
        True,
    )
    assert shop.webinars.get(webinar.id).seats_taken == 2


def test_a_company_waiting_for_a_seat_also_holds_its_place(shop: Desk) -> None:
    webinar = session(shop, capacity=1)
    shop.webinars.enrol(webinar.id, [3, 1])  # Forno (#1) is waitlisted

    with pytest.raises(Conflict, match=r"already waitlisted for .* through #1;"):
        shop.webinars.enrol(webinar.id, [2])


def test_a_cancelled_seat_frees_the_company(shop: Desk) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1])
    shop.webinars.cancel_enrolment(webinar.id, 1)

    _, [entry] = shop.webinars.enrol(webinar.id, [2])

    assert (entry.enrolment.status, entry.enrolment.second_seat) == (
        EnrolmentStatus.REGISTERED,
        False,
    )


def test_tickets_without_a_company_never_clash(desk: Desk) -> None:
    for subject in ("Primo", "Secondo"):
        desk.tickets.log(TicketDraft(subject, topics=["ecommerce"]))
    webinar = session(desk)

    _, done = desk.webinars.enrol(webinar.id, [1, 2])

    assert [(e.enrolment.status, e.enrolment.company_id) for e in done] == [
        (EnrolmentStatus.REGISTERED, None),
        (EnrolmentStatus.REGISTERED, None),
    ]


def test_enrolment_is_all_or_nothing(shop: Desk) -> None:
    webinar = session(shop, capacity=5)
    shop.webinars.enrol(webinar.id, [1])
    history_before = shop.tickets.get(3).history

    with pytest.raises(Conflict):
        shop.webinars.enrol(webinar.id, [3, 2])  # #2 clashes with #1's company

    assert statuses(shop, webinar.id) == [(1, "registered")]
    assert shop.tickets.get(3).history == history_before


@pytest.mark.parametrize(
    ("refs", "error", "message"),
    [
        ([1, "#1"], InvalidValue, "#1 is given twice."),
        ([], InvalidValue, "Give at least one ticket."),
        ([1, 99], NotFound, "There is no ticket #99."),
        (["uno"], InvalidValue, "'uno' is not a ticket reference; use a number such as 42 or #42."),
    ],
)
def test_enrol_refuses_bad_references(
    shop: Desk, refs: list[int | str], error: type[Exception], message: str
) -> None:
    webinar = session(shop)

    with pytest.raises(error) as caught:
        shop.webinars.enrol(webinar.id, refs)

    assert str(caught.value) == message
    assert statuses(shop, webinar.id) == []


def test_enrolling_is_recorded_in_the_ticket_history(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop, capacity=1)

    shop.webinars.enrol(webinar.id, [1, 3])

    first = shop.tickets.get(1).history[-1]
    assert (first.field, first.who, first.at, first.old, first.new) == (
        "webinar",
        "ms",
        clock.now(),
        None,
        "webinar 1 “E-commerce in una settimana” 1 Dec 2026 10:00: registered",
    )
    assert webinar_history(shop, 3) == [
        (None, "webinar 1 “E-commerce in una settimana” 1 Dec 2026 10:00: waitlisted")
    ]
    enrolment = shop.webinars.get(webinar.id).enrolment(1)
    assert enrolment is not None
    assert (enrolment.who, enrolment.enrolled, enrolment.changed) == (
        "ms",
        clock.now(),
        clock.now(),
    )


def test_invited_takes_no_seat_and_enrolling_upgrades_it(shop: Desk) -> None:
    webinar = session(shop, capacity=1)

    shop.webinars.enrol(webinar.id, [1, 3], invite=True)
    assert shop.webinars.get(webinar.id).seats_left == 1
    with pytest.raises(Conflict, match=r"^#1 is already invited for webinar 1 "):
        shop.webinars.enrol(webinar.id, [1], invite=True)

    _, done = shop.webinars.enrol(webinar.id, [3, 1])

    assert [(e.ticket.ref, e.enrolment.status, e.before) for e in done] == [
        (3, EnrolmentStatus.REGISTERED, EnrolmentStatus.INVITED),
        (1, EnrolmentStatus.WAITLISTED, EnrolmentStatus.INVITED),
    ]
    assert webinar_history(shop, 3)[-1] == ("webinar 1: invited", "webinar 1: registered")
    assert len(shop.webinars.get(webinar.id).enrolments) == 2


def test_no_enrolment_in_a_started_or_cancelled_session(shop: Desk, clock: FrozenClock) -> None:
    started = session(shop, "20/11/2026 10:00")
    cancelled = session(shop, "01/12/2026 10:00")
    shop.webinars.cancel(cancelled.id)

    with pytest.raises(Conflict) as late:
        shop.webinars.enrol(started.id, [1])
    with pytest.raises(Conflict) as off:
        shop.webinars.enrol(cancelled.id, [1])

    assert str(late.value) == "Webinar 1 “E-commerce in una settimana” has already started."
    assert str(off.value) == "Webinar 2 “E-commerce in una settimana” is cancelled."


# -- attendance -----------------------------------------------------------------------------------


def test_attendance_is_refused_before_the_session_starts(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1])
    clock.set("2026-12-01 09:59:59")

    with pytest.raises(Conflict) as caught:
        shop.webinars.attend(webinar.id, [1])

    assert str(caught.value) == (
        "Webinar 1 “E-commerce in una settimana” has not started yet; attendance can be marked "
        "once it has."
    )
    assert statuses(shop, webinar.id) == [(1, "registered")]
    assert shop.webinars.get(webinar.id).status is WebinarStatus.SCHEDULED


def test_attendance_from_the_moment_the_session_starts(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop, capacity=2)
    shop.webinars.enrol(webinar.id, [1, 3, 5])
    clock.set("2026-12-01 10:00")

    result = shop.webinars.attend(webinar.id, [1, 5, 4], no_show=[3])

    assert [(e.ticket.ref, e.enrolment.status, e.before) for e in result.marked] == [
        (1, EnrolmentStatus.ATTENDED, EnrolmentStatus.REGISTERED),
        (5, EnrolmentStatus.ATTENDED, EnrolmentStatus.WAITLISTED),
        (4, EnrolmentStatus.ATTENDED, None),
        (3, EnrolmentStatus.NO_SHOW, EnrolmentStatus.REGISTERED),
    ]
    assert result.followups == []
    stored = shop.webinars.get(webinar.id)
    assert stored.status is WebinarStatus.HELD
    assert statuses(shop, webinar.id) == [
        (1, "attended"),
        (3, "no_show"),
        (5, "attended"),
        (4, "attended"),
    ]
    assert webinar_history(shop, 3)[-1] == ("webinar 1: registered", "webinar 1: no-show")
    assert webinar_history(shop, 4) == [
        (None, "webinar 1 “E-commerce in una settimana” 1 Dec 2026 10:00: attended")
    ]


def test_marking_attendance_can_add_a_follow_up(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1, 3])
    clock.set("2026-12-01 12:00")

    result = shop.webinars.attend(webinar.id, [1], no_show=[3], followup="+1w")

    assert [(t.ref, f.id, f.note, f.due.describe()) for t, f in result.followups] == [
        (1, 1, AFTER_WEBINAR_NOTE, "Tue 8 Dec 2026")
    ]
    [followup] = shop.tickets.get(1).followups
    assert (followup.note, followup.due.day.isoformat(), followup.who) == (
        "After the webinar: next steps",
        "2026-12-08",
        "ms",
    )
    assert shop.tickets.get(3).followups == []
    # Marked again: no second follow-up for someone already marked attended.
    again = shop.webinars.attend(webinar.id, [1], followup="+1w")
    assert again.followups == []
    assert len(shop.tickets.get(1).followups) == 1


def test_attendance_can_be_corrected(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1])
    clock.set("2026-12-01 12:00")
    shop.webinars.attend(webinar.id, no_show=[1])

    shop.webinars.attend(webinar.id, [1])

    assert statuses(shop, webinar.id) == [(1, "attended")]
    assert webinar_history(shop, 1)[-1] == ("webinar 1: no-show", "webinar 1: attended")


@pytest.mark.parametrize(
    ("attended", "no_show", "error", "message"),
    [
        ([], [5], InvalidValue, "#5 is waitlisted for webinar 1 “E-commerce in una settimana”, "),
        ([], [4], InvalidValue, "#4 is not enrolled in webinar 1 “E-commerce in una settimana”, "),
        ([1], [1], InvalidValue, "#1 cannot be both attended and a no-show."),
        ([], [], InvalidValue, "Give at least one ticket."),
        ([1, 1], [], InvalidValue, "#1 is given twice."),
        ([42], [], NotFound, "There is no ticket #42."),
    ],
)
def test_attendance_refusals_change_nothing(
    shop: Desk,
    clock: FrozenClock,
    attended: list[int],
    no_show: list[int],
    error: type[Exception],
    message: str,
) -> None:
    webinar = session(shop, capacity=1)
    shop.webinars.enrol(webinar.id, [1, 5])
    clock.set("2026-12-01 12:00")

    with pytest.raises(error) as caught:
        shop.webinars.attend(webinar.id, attended, no_show)

    assert str(caught.value).startswith(message)
    assert statuses(shop, webinar.id) == [(1, "registered"), (5, "waitlisted")]
    assert shop.webinars.get(webinar.id).status is WebinarStatus.SCHEDULED


def test_bad_follow_up_date_is_refused_before_anything_changes(
    shop: Desk, clock: FrozenClock
) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1])
    clock.set("2026-12-01 12:00")

    with pytest.raises(InvalidDate):
        shop.webinars.attend(webinar.id, [1], followup="mai")

    assert statuses(shop, webinar.id) == [(1, "registered")]


def test_cancel_a_session(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1, 3])
    shop.webinars.cancel_enrolment(webinar.id, 3)

    cancelled, affected = shop.webinars.cancel(webinar.id)

    assert cancelled.status is WebinarStatus.CANCELLED
    assert shop.webinars.get(webinar.id).status is WebinarStatus.CANCELLED
    assert [t.ref for t in affected] == [1]
    assert webinar_history(shop, 1)[-1] == (
        "webinar 1: registered",
        "webinar 1: session cancelled",
    )
    with pytest.raises(Conflict, match=r"^Webinar 1 is already cancelled\.$"):
        shop.webinars.cancel(webinar.id)
    clock.set("2026-12-01 12:00")
    with pytest.raises(Conflict, match="was cancelled; no attendance to mark"):
        shop.webinars.attend(webinar.id, [1])


def test_a_held_session_cannot_be_cancelled(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1])
    clock.set("2026-12-01 12:00")
    shop.webinars.attend(webinar.id, [1])

    with pytest.raises(Conflict, match=r"^Webinar 1 is already held\.$"):
        shop.webinars.cancel(webinar.id)


# -- suggestions and demand -----------------------------------------------------------------------


def test_suggestions_are_upcoming_matching_sessions_soonest_first(shop: Desk) -> None:
    session(shop, "01/10/2026 10:00", title="Passato")  # 1: already held
    session(shop, "15/12/2026 10:00", title="Più tardi", capacity=3)  # 2
    session(shop, "01/12/2026 10:00", title="Pieno", capacity=1)  # 3
    session(shop, "25/11/2026 10:00", title="Bandi", topics=("grants",))  # 4: other topic
    off = session(shop, "26/11/2026 10:00", title="Annullato")  # 5
    session(shop, "27/11/2026 10:00", title="Già iscritto")  # 6
    session(shop, "10/12/2026 10:00", title="Invitato", topics=("marketing", "ecommerce"))  # 7
    shop.webinars.cancel(off.id)
    shop.webinars.enrol(3, [3, 5])  # full, one waiting
    shop.webinars.enrol(6, [1])
    shop.webinars.enrol(7, [1], invite=True)
    shop.webinars.enrol(2, [2], allow_second_seat=True)

    ticket, found = shop.webinars.suggest(1)

    assert ticket.ref == 1
    assert [
        (s.webinar.id, s.topics, s.seats_left, s.waiting, s.invited, s.company_ref) for s in found
    ] == [
        (3, ["ecommerce"], 0, 1, False, None),
        (7, ["ecommerce"], 2, 0, True, None),
        (2, ["ecommerce"], 2, 0, False, 2),
    ]


def test_a_ticket_without_topics_gets_no_suggestion(shop: Desk) -> None:
    shop.tickets.log(TicketDraft("Informazioni", topics=[]))
    session(shop)

    ticket, found = shop.webinars.suggest(7)

    assert (ticket.ref, found) == (7, [])


def test_demand_by_topic_against_seats_in_the_next_weeks(shop: Desk) -> None:
    session(shop, "01/12/2026 10:00", capacity=2)  # 1: ecommerce, in the window
    session(shop, "02/12/2026 10:00", capacity=5, topics=("ecommerce", "marketing"))  # 2
    session(shop, "10/02/2027 10:00", capacity=50)  # 3: beyond 8 weeks
    session(shop, "01/10/2026 10:00", capacity=40)  # 4: past
    off = session(shop, "03/12/2026 10:00", capacity=30)  # 5
    shop.webinars.cancel(off.id)
    shop.webinars.enrol(1, [1, 3, 5])  # 5 waits
    shop.webinars.enrol(2, [6])  # closed ticket: takes a seat, is no open demand

    demand = shop.webinars.demand()

    assert (demand.since.isoformat(), demand.until.isoformat(), demand.weeks) == (
        "2026-11-20T10:00:00+01:00",
        "2027-01-15T10:00:00+01:00",
        8,
    )
    rows = [
        (
            r.topic,
            r.label,
            r.open_tickets,
            r.enrolled,
            r.sessions,
            r.seats,
            r.seats_left,
            r.waitlisted,
            r.shortfall,
        )
        for r in demand.rows
    ]
    assert rows == [
        # open ecommerce #1 #2 #3 #5: #1 #3 #5 enrolled, #2 not; 4 seats left in session 2.
        ("grants", "Grants and funding", 1, 0, 0, 0, 0, 0, 1),
        ("ecommerce", "E-commerce", 4, 3, 2, 7, 4, 1, 0),
        ("marketing", "Digital marketing and social media", 1, 0, 1, 5, 4, 0, 0),
    ]


def test_demand_window_is_counted_in_whole_weeks(shop: Desk) -> None:
    session(shop, "26/11/2026 10:00", capacity=2)
    session(shop, "27/11/2026 10:00", capacity=3)  # exactly one week on: outside

    [ecommerce] = [r for r in shop.webinars.demand(weeks=1).rows if r.topic == "ecommerce"]

    assert (ecommerce.sessions, ecommerce.seats) == (1, 2)
    with pytest.raises(InvalidValue, match=r"^Demand is counted over one week or more, not 0\.$"):
        shop.webinars.demand(weeks=0)


# -- filters, the ticket view and the stored form -------------------------------------------------


def test_filter_webinar_id_and_enrolled_tag(shop: Desk, clock: FrozenClock) -> None:
    first = session(shop, capacity=1)
    second = session(shop, "10/12/2026 10:00")
    past = session(shop, "19/11/2026 10:00")
    shop.webinars.enrol(first.id, [1, 3, 5])  # #3 and #5 wait
    shop.webinars.cancel_enrolment(first.id, 5)
    shop.webinars.enrol(second.id, [4], invite=True)
    clock.set("2026-11-19 10:30")
    shop.webinars.attend(past.id, [2])
    clock.set("2026-11-20 10:00")

    def refs(query: str) -> list[int]:
        return sorted(t.ref for t in shop.tickets.search(query))

    assert refs(f"webinar:{first.id}") == [1, 3]
    assert refs(f"webinar:{second.id},{past.id}") == [2, 4]
    assert refs("webinar:99") == []
    assert refs("+enrolled") == [1, 3]
    assert refs("-enrolled") == [2, 4, 5, 6]
    with pytest.raises(InvalidValue, match="webinar: takes webinar numbers"):
        refs("webinar:primo")


def test_enrolled_tag_drops_once_the_session_starts(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop)
    shop.webinars.enrol(webinar.id, [1])
    clock.set("2026-12-01 10:00")

    assert [t.ref for t in shop.tickets.search("+enrolled")] == []
    assert [t.ref for t in shop.tickets.search(f"webinar:{webinar.id}")] == [1]


def test_nobody_jumps_the_waiting_list_even_when_a_seat_is_free() -> None:
    now = rome(2026, 11, 20, 10, 0)
    webinar = Webinar("A", rome(2026, 12, 1, 10, 0), 60, 2, id=1)
    # A seat left free with someone still waiting (as after a capacity change).
    webinar.enrolments.append(Enrolment(1, EnrolmentStatus.REGISTERED, now, now, "ms"))
    webinar.enrolments.append(Enrolment(2, EnrolmentStatus.WAITLISTED, now, now, "ms", queue=1))

    newcomer = rules.enrol(webinar, 3, None, at=now, who="ms")
    promoted = rules.promote(webinar, at=now)

    assert (newcomer.status, newcomer.queue) == (EnrolmentStatus.WAITLISTED, 2)
    assert [e.ref for e in promoted] == [2]
    assert [e.ref for e in webinar.waiting_list()] == [3]


def test_enrolment_index() -> None:
    now = rome(2026, 11, 20, 10, 0)
    upcoming = Webinar("A", rome(2026, 12, 1, 10, 0), 60, 10, id=1)
    held = Webinar("B", rome(2026, 11, 1, 10, 0), 60, 10, id=2, status=WebinarStatus.HELD)
    for webinar, ref, status in [
        (upcoming, 1, EnrolmentStatus.REGISTERED),
        (upcoming, 2, EnrolmentStatus.INVITED),
        (upcoming, 3, EnrolmentStatus.CANCELLED),
        (held, 1, EnrolmentStatus.ATTENDED),
        (held, 4, EnrolmentStatus.WAITLISTED),
    ]:
        webinar.enrolments.append(Enrolment(ref, status, now, now, "ms"))

    where, going = enrolment_index([upcoming, held], now)

    assert where == {1: frozenset({1, 2}), 2: frozenset({1}), 4: frozenset({2})}
    assert going == frozenset({1})


def test_ticket_detail_lists_its_enrolments_soonest_first(shop: Desk) -> None:
    later = session(shop, "10/12/2026 10:00")
    sooner = session(shop, "01/12/2026 10:00")
    shop.webinars.enrol(later.id, [1])
    shop.webinars.enrol(sooner.id, [1], invite=True)

    detail = shop.tickets.detail(1)

    assert [(w.id, e.status) for w, e in detail.webinars] == [
        (sooner.id, EnrolmentStatus.INVITED),
        (later.id, EnrolmentStatus.REGISTERED),
    ]
    assert [(w.id, e.ref) for w, e in shop.webinars.for_ticket(1)] == [
        (sooner.id, 1),
        (later.id, 1),
    ]
    assert shop.tickets.detail(2).webinars == []


def test_webinar_record_round_trip(shop: Desk, clock: FrozenClock) -> None:
    webinar = session(shop, capacity=1)
    shop.webinars.enrol(webinar.id, [1, 3])
    shop.webinars.enrol(webinar.id, [2], allow_second_seat=True)
    stored = shop.webinars.get(webinar.id)

    record = records.webinar_to_record(stored)

    assert records.webinar_from_record(record, stored.id) == stored
    assert record["enrolments"][1] == {
        "ref": 3,
        "company": 2,
        "status": "waitlisted",
        "enrolled": "2026-11-20T10:00:00+01:00",
        "changed": "2026-11-20T10:00:00+01:00",
        "who": "ms",
        "queue": 1,
    }
    assert record["enrolments"][2]["second_seat"] is True
    assert "link" not in record


def test_webinar_json_adds_end_seats_and_the_waiting_list(shop: Desk) -> None:
    webinar = session(shop, capacity=1)
    shop.webinars.enrol(webinar.id, [1, 3, 5])
    detail = shop.webinars.detail(webinar.id)

    data = webinar_json(detail.webinar, detail.tickets, detail.companies)

    assert (data["id"], data["end"], data["seats_taken"], data["seats_left"]) == (
        1,
        "2026-12-01T11:30:00+01:00",
        1,
        0,
    )
    assert data["waiting_list"] == [3, 5]
    assert [(e["ref"], e["subject"], e["company_name"]) for e in data["enrolments"]] == [
        (1, "Vendere online il pane", "Forno d'Oro S.r.l."),
        (3, "Sito e social per il bar", "Caffè Nerò snc"),
        (5, "Aprire un e-shop", None),
    ]


def test_stored_start_keeps_its_offset_in_utc_terms(desk: Desk) -> None:
    [summer] = desk.webinars.add(WebinarDraft("Estate", "2026-07-01 10:00"))

    assert desk.webinars.get(summer.id).start.astimezone(UTC).hour == 8
