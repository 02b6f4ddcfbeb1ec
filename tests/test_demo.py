"""The demo desk: complete, realistic, and the same for the same size, seed and today."""

from __future__ import annotations

import os
import stat
from collections import Counter
from datetime import date, datetime, time, timedelta

import orjson
import pytest
from stdnum.it import iva
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.dates import DEFAULT_TIMEZONE, end_of_week, zone
from helpdesk.domain.enums import LinkKind, Outcome, Status
from helpdesk.domain.models import Company, Ticket
from helpdesk.domain.taxonomy import suggest_topics
from helpdesk.domain.webinars import EnrolmentStatus, Webinar, WebinarStatus
from helpdesk.errors import Conflict, InvalidValue, StoreError
from helpdesk.i18n import message_in
from helpdesk.services.demo import DEMO_NOW, DEMO_START, build_demo, write_demo
from helpdesk.services.desk import Desk
from helpdesk.services.webinars import AFTER_WEBINAR_NOTE
from helpdesk.store import open_store

SIZE = 240
#: The day the demo is looked at in most tests: a Wednesday, so this week has days left.
TODAY = date(2026, 11, 25)
TZ = zone(DEFAULT_TIMEZONE)


def _data(desk: Desk) -> dict:
    data = desk.ctx.store.storage.read()
    assert data is not None
    return data


@pytest.fixture(scope="module")
def desk() -> Desk:
    return build_demo(size=SIZE, seed=2020)


@pytest.fixture(scope="module")
def tickets(desk: Desk) -> list[Ticket]:
    return desk.ctx.store.tickets()


@pytest.fixture(scope="module")
def companies(desk: Desk) -> dict[int, Company]:
    return {c.id: c for c in desk.ctx.store.companies()}


@pytest.fixture(scope="module")
def lively() -> Desk:
    """The demo looked at on :data:`TODAY`, years after its history."""
    return build_demo(size=SIZE, seed=2020, today=TODAY)


@pytest.fixture(scope="module")
def webinars(lively: Desk) -> list[Webinar]:
    return lively.webinars.sessions()


# -- determinism ------------------------------------------------------------------------------


def test_same_seed_gives_identical_data():
    first, second = build_demo(size=150, seed=11), build_demo(size=150, seed=11)
    assert _data(first) == _data(second)
    assert orjson.dumps(_data(first)) == orjson.dumps(_data(second))


def test_another_seed_gives_other_data():
    assert _data(build_demo(size=150, seed=11)) != _data(build_demo(size=150, seed=12))


# -- size -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 7, 31, SIZE])
def test_size_is_the_number_of_tickets(size):
    built = build_demo(size=size, seed=3)
    assert built.ctx.store.ticket_count() == size
    assert len(built.directory.advisers()) == 4


def test_about_half_as_many_companies_as_tickets(companies):
    assert len(companies) == SIZE // 2


def test_negative_size_is_refused():
    with pytest.raises(InvalidValue):
        build_demo(size=-1)


# -- content ----------------------------------------------------------------------------------


def test_every_status_is_present(tickets):
    assert {t.status for t in tickets} == set(Status)


def test_old_tickets_are_mostly_closed_and_recent_ones_open(tickets):
    tz = zone(DEFAULT_TIMEZONE)
    old = [t for t in tickets if t.created < datetime(2021, 6, 1, tzinfo=tz)]
    recent = [t for t in tickets if t.created > datetime(2021, 12, 1, tzinfo=tz)]
    assert sum(t.status is Status.CLOSED for t in old) > 0.85 * len(old)
    assert sum(t.is_open for t in recent) > 0.5 * len(recent)


def test_every_topic_is_used(desk, tickets):
    used = {key for t in tickets for key in t.topics}
    assert {t.key for t in desk.directory.topics()} <= used


def test_four_advisers_with_initials_and_expertise(desk, tickets):
    advisers = desk.directory.advisers()
    assert {a.key for a in advisers} == {"ms", "gb", "lf", "ac"}
    assert all(3 <= len(a.topics) <= 5 for a in advisers)
    assert {t.assignee for t in tickets if t.assignee} == {"ms", "gb", "lf", "ac"}


def test_companies_across_lombardy_with_valid_unique_vat_numbers(companies):
    assert len({c.province for c in companies.values()}) >= 6
    vats = [c.vat for c in companies.values() if c.vat]
    assert len(vats) > 0.9 * len(companies)
    assert all(iva.is_valid(v) for v in vats)
    assert len(set(vats)) == len(vats)
    assert all(c.town and c.kind and c.size and c.ateco for c in companies.values())


def test_italian_names_with_accents_apostrophes_and_quotes(companies):
    names = [c.name for c in companies.values()]
    assert any(set(n) & set("àèéìòù") for n in names)
    assert any("'" in n for n in names)
    assert any('"' in n or "«" in n for n in names)


def test_many_companies_come_back(tickets):
    per_company = Counter(t.company_id for t in tickets)
    assert None not in per_company
    assert sum(1 for n in per_company.values() if n >= 2) >= 20
    assert max(per_company.values()) >= 4


def test_contacts_are_filled_in(tickets):
    assert all(t.contact.name and t.contact.email and t.contact.phone for t in tickets)


def test_suggestions_find_each_tickets_main_topic(desk, tickets):
    taxonomy = desk.directory.topics()
    for t in tickets:
        if t.topics != ["other"]:
            assert t.topics[0] in suggest_topics(f"{t.subject}\n{t.description}", taxonomy), t


def test_varied_channels_priorities_and_tags(tickets):
    assert len({t.channel for t in tickets}) >= 5
    assert len({t.priority for t in tickets}) == 4
    tags = Counter(tag for t in tickets for tag in t.tags)
    assert {"covid", "voucher"} <= set(tags)


def test_spring_2020_is_the_busiest_season(tickets):
    by_month = Counter(t.created.strftime("%Y-%m") for t in tickets)
    spring = by_month["2020-03"] + by_month["2020-04"] + by_month["2020-05"]
    assert spring > 0.2 * len(tickets)


def test_closed_tickets_have_an_outcome_and_open_ones_none(tickets):
    for t in tickets:
        if t.status is Status.CLOSED:
            assert t.outcome is not None and t.closed_at is not None
        else:
            assert t.outcome is None and t.closed_at is None
    assert len({t.outcome for t in tickets if t.outcome}) >= 6


def test_worked_tickets_carry_advisers_notes(tickets):
    worked = [
        t
        for t in tickets
        if t.status not in (Status.NEW, Status.TRIAGED) and t.outcome is not Outcome.DUPLICATE
    ]
    assert all(t.notes for t in worked)
    assert all(n.who in {"ms", "gb", "lf", "ac"} for t in worked for n in t.notes)


def test_follow_ons_link_to_an_earlier_ticket_of_the_same_company(tickets):
    by_ref = {t.ref: t for t in tickets}
    follow_ons = [(t, x) for t in tickets for x in t.links if x.kind is LinkKind.FOLLOW_ON]
    assert follow_ons
    for ticket, link in follow_ons:
        earlier = by_ref[link.ref]
        assert earlier.company_id == ticket.company_id
        assert earlier.created < ticket.created


def test_a_duplicate_is_closed_as_duplicate_of_its_original(tickets):
    by_ref = {t.ref: t for t in tickets}
    duplicates = [t for t in tickets if t.outcome is Outcome.DUPLICATE]
    assert duplicates
    for t in duplicates:
        (link,) = [x for x in t.links if x.kind is LinkKind.DUPLICATE_OF]
        assert by_ref[link.ref].company_id == t.company_id
        assert f"#{link.ref}" in t.outcome_note


@pytest.mark.parametrize("looked_at", [None, TODAY])
def test_history_is_in_order_up_to_the_present(looked_at, tickets, lively):
    found = tickets if looked_at is None else lively.ctx.store.tickets()
    start = DEMO_START.replace(tzinfo=TZ)
    end = DEMO_NOW.replace(tzinfo=TZ)
    if looked_at is not None:
        end = datetime.combine(looked_at, time(8, 30), tzinfo=TZ)
    previous = start
    for t in found:
        assert t.created >= previous  # references follow the order of arrival
        previous = t.created
        moments = [t.created] + [c.at for c in t.history]
        assert sorted(moments, key=lambda m: m.timestamp()) == moments
        assert start <= moments[0] and moments[-1] <= end
        assert t.updated == moments[-1]
        assert t.created.tzinfo is not None


def test_the_history_ends_where_it_did_and_only_a_few_requests_are_recent(lively):
    tickets = lively.ctx.store.tickets()
    end = DEMO_NOW.replace(tzinfo=TZ)
    recent = [t for t in tickets if t.created > end]
    assert len(recent) == 3  # 3 + size // 500
    assert all(t.status is Status.NEW for t in recent)
    assert all(lively.clock.now() - t.created < timedelta(days=5) for t in recent)
    assert [t.ref for t in recent] == [SIZE - 2, SIZE - 1, SIZE]


def test_other_time_zones_work():
    built = build_demo(size=40, seed=1, timezone="UTC")
    assert all(t.created.utcoffset().total_seconds() == 0 for t in built.ctx.store.tickets())


def test_clock_stands_at_the_end_of_the_demo(desk):
    assert desk.clock.now().replace(tzinfo=None) == DEMO_NOW


def test_clock_stands_at_the_opening_of_today(lively):
    assert lively.clock.now() == datetime.combine(TODAY, time(8, 30), tzinfo=TZ)
    assert lively.actor == "ms"


def test_a_today_before_the_end_of_the_history_is_refused():
    with pytest.raises(InvalidValue, match="15 Dec 2021"):
        build_demo(size=20, today=date(2021, 12, 14))


# -- follow-ups -------------------------------------------------------------------------------


def test_about_one_follow_up_per_ticket(lively):
    tickets = lively.ctx.store.tickets()
    count = sum(len(t.followups) for t in tickets)
    assert 0.8 * SIZE <= count <= 1.5 * SIZE


def test_the_history_keeps_its_follow_ups_done_moved_or_cancelled(lively):
    tickets = lively.ctx.store.tickets()
    end = DEMO_NOW.replace(tzinfo=TZ)
    old = [f for t in tickets for f in t.followups if f.created <= end]
    assert not [f for f in old if f.pending]  # nothing slips in the history
    done = [f for f in old if f.done_at is not None]
    assert len(done) > 0.7 * len(old)
    assert all(f.result and f.created < f.done_at <= end for f in done)
    assert 0 < sum(f.cancelled for f in old) < 0.25 * len(old)
    # The demo desk is Italian, and so is what it wrote: "#1 scadenza …", "fatto".
    moves = [
        c for t in tickets for c in t.history if c.field == "followup" and "scadenza" in str(c.old)
    ]
    assert [
        c for c in moves if c.at <= end and " scadenza " in str(c.new) and "fatto" not in str(c.new)
    ]
    assert {f.who for f in old} == {"ms", "gb", "lf", "ac"}
    assert any(f.due.time is not None for f in old)


def test_follow_ups_are_pending_around_today(lively):
    agenda = lively.followups.agenda()
    assert agenda.today == TODAY
    # 6 + size // 12, one per grant application still interested or preparing, and one per
    # referral waiting for a partner's answer
    applying = [a for c in lively.calls.calls() for a in c.applications if a.stage.applying]
    waiting = [r for r in lively.ctx.store.referrals() if r.followup is not None]
    assert len(agenda) == 26 + len(applying) + len(waiting)
    assert len(agenda.overdue) >= 2 and len(agenda.due_today) >= 2
    assert len(agenda.this_week) >= 2 and len(agenda.later) >= 2
    assert all(TODAY - timedelta(days=13) <= e.followup.due.day for e in agenda.overdue)
    assert any(e.followup.due.time is not None for e in agenda.due_today)
    assert all(e.followup.due.day <= end_of_week(TODAY) for e in agenda.this_week)
    advisers = {a.key for a in lively.directory.advisers()}
    end = DEMO_NOW.replace(tzinfo=TZ)
    for _, entries in agenda.sections():
        for e in entries:
            assert e.followup.who in advisers
            assert end < e.followup.created < lively.clock.now()
            assert e.followup.note
    tickets = [e.ticket for _, entries in agenda.sections() for e in entries]
    assert any(t.is_open for t in tickets)
    assert any(t.status is Status.CLOSED for t in tickets)  # keeping in touch


def test_some_open_tickets_have_no_follow_up(lively):
    open_ = [t for t in lively.ctx.store.tickets() if t.is_open]
    assert [t for t in open_ if not t.pending_followups() and t.status is not Status.NEW]
    assert [t for t in open_ if t.pending_followups()]


def test_the_same_day_with_a_default_today_keeps_the_present_in_december_2021(desk):
    agenda = desk.followups.agenda()
    assert agenda.today == DEMO_NOW.date()
    assert agenda.overdue and agenda.due_today


# -- webinars ---------------------------------------------------------------------------------


def test_webinars_past_and_upcoming(lively, webinars):
    now = lively.clock.now()
    past = [w for w in webinars if w.start < now]
    upcoming = [w for w in webinars if w.start > now]
    assert len(webinars) == 39  # 240 // 8 in the history, 7 + a series of 2 coming up
    assert len(past) == 30
    assert {w.status for w in past} == {WebinarStatus.HELD, WebinarStatus.CANCELLED}
    assert all(w.status is WebinarStatus.SCHEDULED for w in upcoming)
    assert all(w.start < DEMO_NOW.replace(tzinfo=TZ) for w in past)
    assert all(w.start <= now + timedelta(weeks=6) for w in upcoming if not w.series)
    assert all(w.created is not None and w.created < w.start for w in webinars)


def test_the_catalogue_is_realistic(webinars):
    titles = {w.title for w in webinars}
    assert {"E-commerce in una settimana", "Bandi regionali per la digitalizzazione"} <= titles
    for w in webinars:
        assert w.topics and w.speaker and w.description
        assert bool(w.link) != bool(w.place)
        if w.link:
            assert w.link.startswith(("https://us02web.zoom.us/", "https://teams.microsoft.com/"))
            assert 20 <= w.capacity <= 60
        else:
            assert any(town in w.place for town in ("Como", "Lecco", "Milano"))
            assert w.capacity <= 20


def test_a_weekly_series_in_spring_2020_and_a_monthly_one_on_the_first_thursday(webinars):
    series = Counter(w.series for w in webinars if w.series)
    weekly = [w for w in webinars if w.series and w.start.year == 2020 and w.start.month <= 5]
    assert len({w.series for w in weekly}) == 1 and series[weekly[0].series] >= 4
    assert all(w.start.weekday() == 1 and w.start.hour == 10 for w in weekly)
    monthly = [w for w in webinars if w.title == "Il giovedì dei bandi"]
    assert len({w.series for w in monthly}) == 2  # the history's, and the one going on now
    assert all(w.start.weekday() == 3 and w.start.day <= 7 for w in monthly)
    assert all(w.rule for w in webinars if w.series)


def test_enrolments_in_every_state(webinars):
    states = Counter(e.status for w in webinars for e in w.enrolments)
    assert set(states) == set(EnrolmentStatus)
    upcoming = Counter(
        e.status for w in webinars if w.status is WebinarStatus.SCHEDULED for e in w.enrolments
    )
    assert {EnrolmentStatus.INVITED, EnrolmentStatus.REGISTERED} <= set(upcoming)


def test_attendance_only_on_sessions_that_started(lively, webinars):
    now = lively.clock.now()
    marked = (EnrolmentStatus.ATTENDED, EnrolmentStatus.NO_SHOW)
    for w in webinars:
        if any(e.status in marked for e in w.enrolments):
            assert w.status is WebinarStatus.HELD and w.start < now
            assert all(e.changed >= w.start for e in w.enrolments if e.status in marked)
        if w.status is WebinarStatus.HELD:
            assert w.with_status(*marked)
        if w.start > now:
            assert not w.with_status(*marked)


def test_businesses_enrol_in_sessions_on_their_topics_one_seat_each(lively, webinars):
    tickets = {t.ref: t for t in lively.ctx.store.tickets()}
    for w in webinars:
        for e in w.enrolments:
            ticket = tickets[e.ref]
            assert set(ticket.topics) & set(w.topics), (w.id, e.ref)
            assert e.company_id == ticket.company_id
        active = [e.company_id for e in w.enrolments if e.status.active]
        assert len(active) == len(set(active))
        assert w.seats_taken <= w.capacity


def test_cancellations_free_seats_for_the_waiting_list(lively):
    changes = [c for t in lively.ctx.store.tickets() for c in t.history if c.field == "webinar"]
    assert any("promoted from the waiting list" in str(c.new) for c in changes)
    assert any(str(c.new).endswith(": cancelled") for c in changes)
    assert any("session cancelled" in str(c.new) for c in changes)


def test_after_a_webinar_some_follow_ups_on_next_steps(lively):
    after = [
        f
        for t in lively.ctx.store.tickets()
        for f in t.followups
        if f.note == message_in("it", AFTER_WEBINAR_NOTE)  # the demo desk writes Italian
    ]
    assert after
    assert all(f.done_at is not None and f.result for f in after)


def test_an_upcoming_ecommerce_session_with_seats_left_and_one_nearly_full(lively):
    upcoming = lively.webinars.sessions(upcoming=True)
    shops = [w for w in upcoming if "ecommerce" in w.topics]
    assert any(w.seats_left >= 3 and w.seats_taken for w in shops)
    assert any(w.seats_left == 1 for w in upcoming)


def test_suggest_and_enrol_past_capacity_on_a_fresh_demo():
    desk = build_demo(size=100, seed=2020, today=date(2026, 11, 23))
    tickets = desk.ctx.store.tickets()
    shop = next(
        t for t in tickets if t.topics == ["ecommerce"] and not desk.webinars.for_ticket(t.ref)
    )
    _, found = desk.webinars.suggest(shop.ref)
    assert found and all("ecommerce" in s.topics for s in found)
    assert any(s.seats_left > 1 for s in found)
    nearly = next(w for w in desk.webinars.sessions(upcoming=True) if w.seats_left == 1)
    enrolled = {e.company_id for e in nearly.enrolments if e.status.active}
    newcomers = [t for t in tickets if t.company_id not in enrolled and t.company_id is not None][
        :2
    ]
    if len({t.company_id for t in newcomers}) < 2:
        newcomers = newcomers[:1]
    _, done = desk.webinars.enrol(nearly.id, [t.ref for t in newcomers])
    assert done[0].enrolment.status is EnrolmentStatus.REGISTERED
    assert len(done) < 2 or done[1].enrolment.status is EnrolmentStatus.WAITLISTED


def test_the_demo_reads_no_clock_and_repeats_for_the_same_today():
    first = build_demo(size=120, seed=5, today=TODAY)
    second = build_demo(size=120, seed=5, today=TODAY)
    assert orjson.dumps(_data(first)) == orjson.dumps(_data(second))
    assert _data(first) != _data(build_demo(size=120, seed=5, today=TODAY + timedelta(days=1)))


def test_the_history_does_not_depend_on_today():
    def history(desk: Desk) -> list[tuple]:
        end = DEMO_NOW.replace(tzinfo=TZ)
        return [
            (
                t.ref,
                t.subject,
                t.created,
                t.status,
                [(c.at, c.field, c.new) for c in t.history if c.at <= end],
            )
            for t in desk.ctx.store.tickets()
            if t.created <= end
        ]

    one = build_demo(size=120, seed=5, today=date(2026, 11, 23))
    other = build_demo(size=120, seed=5, today=date(2031, 3, 4))
    assert history(one) == history(other)


# -- writing ----------------------------------------------------------------------------------


def test_write_demo_creates_a_private_database_the_store_opens(tmp_path, desk):
    path = tmp_path / "tickets.json"
    assert write_demo(path, size=SIZE, seed=2020) == SIZE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    store = open_store(path, create=False)
    assert store.ticket_count() == SIZE
    written = dict(store.storage.read())
    stamp = written.pop("demo")["1"]
    assert written == _data(desk)
    assert (stamp["size"], stamp["seed"], stamp["today"]) == (SIZE, 2020, "2021-12-15")


def test_write_demo_is_byte_identical_for_the_same_seed_and_today(tmp_path):
    write_demo(tmp_path / "a.json", size=80, seed=9, today=TODAY)
    write_demo(tmp_path / "b.json", size=80, seed=9, today=TODAY)
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_demo_command_takes_a_today(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "demo.json")
    args = ["--db", db, "demo", "--size", "40", "--today", "2026-11-23"]
    assert runner.invoke(app, args).stdout == f"wrote 40 demo tickets to {db}\n"
    first = (tmp_path / "demo.json").read_bytes()
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert (tmp_path / "demo.json").read_bytes() == first
    refused = runner.invoke(app, [*args[:-1], "2021-01-01", "--force"])
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: The demo's history runs to 15 Dec 2021")


def test_write_demo_refuses_an_existing_file(tmp_path):
    path = tmp_path / "tickets.json"
    path.write_bytes(b"precious data")
    with pytest.raises(Conflict):
        write_demo(path, size=20)
    assert path.read_bytes() == b"precious data"


def test_write_demo_with_force_replaces_a_database_keeping_a_backup(tmp_path):
    path = tmp_path / "tickets.json"
    write_demo(path, size=20, seed=1)
    before = path.read_bytes()
    assert write_demo(path, size=30, seed=2, force=True) == 30
    assert open_store(path).ticket_count() == 30
    backups = list((tmp_path / ".tickets.json.backups").glob("*.json"))
    assert [b.read_bytes() for b in backups] == [before]


def test_write_demo_never_overwrites_a_file_that_is_not_a_helpdesk_database(tmp_path):
    path = tmp_path / "notes.json"
    path.write_bytes(b"not json at all")
    with pytest.raises(StoreError):
        write_demo(path, size=20, force=True)
    assert path.read_bytes() == b"not json at all"
