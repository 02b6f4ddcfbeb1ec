"""Tests of grant calls through the service: registry, eligibility, applications, deadlines.

The desk's clock is frozen at Friday 20 November 2026, 10:00 in Europe/Rome.
"""

from __future__ import annotations

from datetime import date

import pytest

from helpdesk.dates import FrozenClock
from helpdesk.domain import calls as rules
from helpdesk.domain.calls import CallStatus, Stage
from helpdesk.errors import Conflict, InvalidDate, InvalidValue, NotFound, TransitionRefused
from helpdesk.services.calls import CallDraft, CallEdit
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft


def voucher(**changes: object) -> CallDraft:
    """A chamber's digital voucher for micro and small artisans and shops of Como and Milan."""
    draft = CallDraft(
        title="Voucher digitali I4.0",
        funder="chamber",
        funder_name="CCIAA Como-Lecco",
        opens="01/11/2026 09:00",
        closes="11/12/2026 12:00",
        budget="500.000",
        max_per_company="10.000",
        kinds=["artisan", "retail"],
        sizes=["micro", "small"],
        provinces=["CO", "MI"],
        ateco=["10", "47.91"],
        topics=["grants", "ecommerce"],
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


def ticket(
    desk: Desk,
    name: str = "Forno Verdi",
    *,
    kind: str = "artisan",
    size: str | None = "micro",
    province: str = "CO",
    ateco: str = "10.71",
    topics: tuple[str, ...] = ("grants",),
) -> int:
    """Log an open ticket for a company with these traits; return its reference."""
    company = CompanyDraft(name=name, kind=kind, size=size, province=province, ateco=ateco)
    logged = desk.tickets.log(
        TicketDraft(subject=f"Contributi per {name}", company=company, topics=list(topics))
    )
    return logged.ticket.ref


# -- the registry ---------------------------------------------------------------------------


def test_added_call_reads_back_with_amounts_in_cents_and_dates_in_the_desk_zone(desk: Desk):
    call = desk.calls.add(voucher())
    again = desk.calls.get(call.id)
    assert again.title == "Voucher digitali I4.0"
    assert again.budget == 50_000_000 and again.max_per_company == 1_000_000
    assert again.closes.isoformat() == "2026-12-11T12:00:00+01:00"
    assert [k.value for k in again.eligibility.kinds] == ["artisan", "retail"]
    assert again.eligibility.ateco == ["10", "47.91"]
    assert again.status(desk.clock.now()) is CallStatus.OPEN


def test_deadline_without_a_time_is_the_end_of_that_day(desk: Desk):
    call = desk.calls.add(voucher(closes="11/12/2026"))
    assert call.closes.isoformat() == "2026-12-11T23:59:00+01:00"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "needs a title"),
        ({"funder": "pope"}, "Funder kind 'pope' is not one of"),
        ({"kinds": ["baker"]}, "Company kind 'baker'"),
        ({"sizes": ["huge"]}, "Company size 'huge'"),
        ({"provinces": ["Narnia"]}, "'Narnia' is not an Italian province"),
        ({"ateco": ["ten"]}, "ATECO prefix 'ten'"),
        ({"topics": ["knitting"]}, "knitting"),
        ({"link": "www.example"}, "not a web address"),
        ({"budget": "lots"}, "not an amount in euro"),
        ({"closes": "01/10/2026"}, "is not after the opening"),
        ({"budget": "5.000"}, "more than the budget"),
    ],
)
def test_bad_call_is_refused_and_nothing_saved(desk: Desk, changes: dict, message: str):
    with pytest.raises(InvalidValue, match=message):
        desk.calls.add(voucher(**changes))
    assert desk.calls.calls() == []


def test_unreadable_date_is_refused(desk: Desk):
    with pytest.raises(InvalidDate):
        desk.calls.add(voucher(opens="the day after never"))


def test_status_follows_the_dates_and_the_ranking(desk: Desk, clock: FrozenClock):
    call = desk.calls.add(voucher(opens="01/12/2026", closes="11/12/2026 12:00"))
    assert call.status(clock.now()) is CallStatus.ANNOUNCED
    clock.advance(days=12)
    assert desk.calls.get(call.id).status(clock.now()) is CallStatus.OPEN
    clock.advance(days=10)
    assert desk.calls.get(call.id).status(clock.now()) is CallStatus.CLOSED
    desk.calls.edit(call.id, CallEdit(ranked="today"))
    assert desk.calls.get(call.id).status(clock.now()) is CallStatus.RANKED
    assert [c.id for c in desk.calls.calls(status="ranked")] == [call.id]


def test_unknown_call_is_not_found(desk: Desk):
    with pytest.raises(NotFound, match="There is no call 9"):
        desk.calls.get(9)
    with pytest.raises(InvalidValue, match="not a call number"):
        desk.calls.get("nine")


# -- eligibility ----------------------------------------------------------------------------


def test_eligible_business_has_no_reason(desk: Desk):
    desk.calls.add(voucher())
    match = desk.calls.match(ticket(desk))
    assert [j.call.title for j in match.eligible] == ["Voucher digitali I4.0"]
    assert match.near_misses == []


@pytest.mark.parametrize(
    ("traits", "reason"),
    [
        ({"kind": "sme"}, "kind sme not eligible (eligible: artisan, retail)"),
        ({"size": "medium"}, "size medium not eligible (eligible: micro, small)"),
        ({"size": None}, "size unknown (eligible: micro, small)"),
        ({"province": "LC"}, "province LC not eligible (eligible: CO, MI)"),
        ({"province": ""}, "province unknown (eligible: CO, MI)"),
        ({"ateco": "56.10"}, "ATECO 56.10 not in 10, 47.91"),
        ({"ateco": "47.19"}, "ATECO 47.19 not in 10, 47.91"),
        ({"ateco": ""}, "ATECO code unknown (needs 10, 47.91)"),
        ({"topics": ("marketing",)}, "topics marketing not among grants, ecommerce"),
    ],
)
def test_each_criterion_makes_a_near_miss_with_its_reason(desk: Desk, traits: dict, reason: str):
    desk.calls.add(voucher())
    match = desk.calls.match(ticket(desk, **traits))
    assert match.eligible == []
    assert [j.reasons for j in match.near_misses] == [[reason]]


def test_every_failed_criterion_is_said_not_only_the_first(desk: Desk):
    desk.calls.add(voucher())
    match = desk.calls.match(ticket(desk, kind="food_service", province="LC", ateco="56.10"))
    assert match.near_misses[0].reasons == [
        "kind food_service not eligible (eligible: artisan, retail)",
        "province LC not eligible (eligible: CO, MI)",
        "ATECO 56.10 not in 10, 47.91",
    ]


def test_ateco_prefix_matches_with_or_without_dots(desk: Desk):
    desk.calls.add(voucher(ateco=["47.91"]))
    assert desk.calls.match(ticket(desk, "Negozio", ateco="47.91.10")).eligible
    assert desk.calls.match(ticket(desk, "Bottega", ateco="479110")).eligible


def test_ticket_without_company_misses_a_call_with_company_criteria(desk: Desk):
    desk.calls.add(voucher())
    ref = desk.tickets.log(TicketDraft(subject="Bandi?", topics=["grants"])).ticket.ref
    assert desk.calls.match(ref).near_misses[0].reasons == ["no company on the request"]


def test_call_open_to_all_matches_any_ticket(desk: Desk):
    desk.calls.add(CallDraft("Credito d'imposta 4.0", "ministry", "01/01/2026", "31/12/2026"))
    ref = desk.tickets.log(TicketDraft(subject="Bandi?", topics=["other"])).ticket.ref
    assert len(desk.calls.match(ref).eligible) == 1


def test_closed_and_announced_calls_are_reasons_in_the_pure_rule(desk: Desk, clock: FrozenClock):
    closed = desk.calls.add(voucher(opens="01/02/2021", closes="12/03/2021 12:00"))
    later = desk.calls.add(voucher(opens="01/02/2027", closes="12/03/2027 12:00"))
    now = clock.now()
    assert rules.eligibility_reasons(closed, None, None, now) == [
        "call closed on 12/03/2021",
        "no company on the request",
    ]
    assert rules.eligibility_reasons(later, None, None, now)[0] == "call opens on 01/02/2027"
    ref = ticket(desk)
    assert desk.calls.match(ref).eligible == [] and desk.calls.match(ref).near_misses == []


def test_candidates_list_open_tickets_and_companies_with_reasons(desk: Desk):
    call = desk.calls.add(voucher())
    good = ticket(desk, "Forno Verdi")
    bad = ticket(desk, "Trattoria Lario", kind="food_service", province="LC", ateco="56.10")
    closed = ticket(desk, "Sarto Bianchi")
    desk.tickets.close(closed, "withdrawn")
    found = desk.calls.candidates(call.id)
    by_ref = {c.ticket.ref: c for c in found.tickets if c.ticket}
    assert set(by_ref) == {good, bad}
    assert by_ref[good].eligible
    assert "province LC not eligible (eligible: CO, MI)" in by_ref[bad].reasons
    assert [c.company.name for c in found.companies if c.company] == ["Sarto Bianchi"]
    assert found.companies[0].eligible


# -- applications ---------------------------------------------------------------------------


def test_every_step_is_recorded_with_date_and_who_in_the_ticket_history(
    desk: Desk, clock: FrozenClock
):
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    desk.calls.apply(ref, call.id)
    for stage in ("preparing", "submitted", "admitted"):
        clock.advance(days=1)
        desk.calls.step(ref, call.id, stage)
    clock.advance(days=30)
    done = desk.calls.step(ref, call.id, "funded", amount="8.500,50")
    application = done.application
    assert application.stage is Stage.FUNDED and application.amount == 850_050
    assert [s.stage.value for s in application.steps] == [
        "interested",
        "preparing",
        "submitted",
        "admitted",
        "funded",
    ]
    assert all(s.who == "ms" for s in application.steps)
    assert application.steps[-1].at == clock.now()
    entries = [c for c in desk.tickets.get(ref).history if c.field == "call"]
    assert entries[0].new == f"call {call.id} “Voucher digitali I4.0”: interested"
    assert entries[-1].old == f"call {call.id}: admitted"
    assert entries[-1].new == f"call {call.id} “Voucher digitali I4.0”: funded €8,500.50"
    assert desk.calls.for_ticket(ref)[0][1].stage is Stage.FUNDED


@pytest.mark.parametrize(
    ("path", "refused", "message"),
    [
        (
            (),
            "admitted",
            "cannot go from interested to admitted; from interested it can go to: "
            "preparing, submitted, withdrawn",
        ),
        (("preparing",), "interested", "cannot go from preparing to interested"),
        (("submitted",), "preparing", "cannot go from submitted to preparing"),
        (("submitted",), "funded", "cannot go from submitted to funded"),
        (("submitted", "not_admitted"), "admitted", "is not admitted: it is finished"),
        (("withdrawn",), "preparing", "is withdrawn: it is finished"),
        (("preparing",), "preparing", "is already preparing"),
    ],
)
def test_refused_moves_say_why_and_change_nothing(
    desk: Desk, path: tuple[str, ...], refused: str, message: str
):
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    desk.calls.apply(ref, call.id)
    for stage in path:
        desk.calls.step(ref, call.id, stage)
    before = desk.calls.get(call.id).application(ref)
    with pytest.raises(TransitionRefused, match=message):
        desk.calls.step(ref, call.id, refused)
    assert desk.calls.get(call.id).application(ref) == before


def test_funded_needs_an_amount_within_the_maximum(desk: Desk):
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    desk.calls.apply(ref, call.id)
    desk.calls.step(ref, call.id, "submitted")
    desk.calls.step(ref, call.id, "admitted")
    with pytest.raises(InvalidValue, match="needs an amount"):
        desk.calls.step(ref, call.id, "funded")
    with pytest.raises(InvalidValue, match=r"more than call 1 “Voucher digitali I4\.0”'s maximum"):
        desk.calls.step(ref, call.id, "funded", amount="12.000")
    with pytest.raises(InvalidValue, match="only when the application is funded"):
        desk.calls.step(ref, call.id, "withdrawn", amount=100)
    assert desk.calls.get(call.id).application(ref).stage is Stage.ADMITTED


def test_ineligible_application_is_refused_with_reasons_unless_forced(desk: Desk):
    call = desk.calls.add(voucher())
    ref = ticket(desk, province="LC")
    with pytest.raises(Conflict, match=r"province LC not eligible.*--force"):
        desk.calls.apply(ref, call.id)
    assert desk.calls.get(call.id).applications == []
    desk.calls.apply(ref, call.id, force=True)
    assert "not eligible: province LC" in desk.tickets.get(ref).history[-2].new


def test_no_second_application_and_none_to_a_closed_call(desk: Desk, clock: FrozenClock):
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    desk.calls.apply(ref, call.id)
    with pytest.raises(TransitionRefused, match="already has an application"):
        desk.calls.apply(ref, call.id)
    old = desk.calls.add(voucher(opens="01/02/2021", closes="12/03/2021 12:00"))
    with pytest.raises(TransitionRefused, match="closed on 12/03/2021"):
        desk.calls.apply(ref, old.id)


def test_step_without_application_says_how_to_start_one(desk: Desk):
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    with pytest.raises(NotFound, match=f"bando apply {ref} {call.id}"):
        desk.calls.step(ref, call.id, "preparing")


# -- deadlines and follow-ups ---------------------------------------------------------------


def pending_deadline(desk: Desk, ref: int) -> list[str]:
    """The days of the ticket's pending follow-ups."""
    return [f.due.day.isoformat() for f in desk.tickets.get(ref).pending_followups()]


def test_application_gets_a_follow_up_five_working_days_before_the_deadline(desk: Desk):
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    done = desk.calls.apply(ref, call.id)
    assert done.followup == "added"
    (followup,) = desk.tickets.get(ref).pending_followups()
    assert followup.due.day == date(2026, 12, 3)  # 8 December is a holiday
    assert followup.note.startswith(f"Call {call.id} “Voucher digitali I4.0” closes")
    assert done.application.followup == followup.id
    desk.calls.step(ref, call.id, "preparing")
    assert pending_deadline(desk, ref) == ["2026-12-03"]


def test_follow_up_moves_with_the_deadline(desk: Desk):
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    desk.calls.apply(ref, call.id)
    _, moved = desk.calls.edit(call.id, CallEdit(closes="18/12/2026 12:00"))
    assert [(m.ticket.ref, m.followup) for m in moved] == [(ref, "moved")]
    assert pending_deadline(desk, ref) == ["2026-12-11"]
    assert "closes 18 Dec 2026 12:00" in desk.tickets.get(ref).pending_followups()[0].note
    history = desk.tickets.get(ref).history[-1]
    assert history.field == "followup" and "Fri 11 Dec 2026" in str(history.new)


def test_follow_up_never_falls_before_today(desk: Desk):
    call = desk.calls.add(voucher(closes="23/11/2026 12:00"))
    ref = ticket(desk)
    desk.calls.apply(ref, call.id)
    assert pending_deadline(desk, ref) == ["2026-11-20"]


@pytest.mark.parametrize("stage", ["submitted", "withdrawn"])
def test_follow_up_is_cancelled_when_submitted_or_withdrawn(desk: Desk, stage: str):
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    desk.calls.apply(ref, call.id)
    done = desk.calls.step(ref, call.id, stage)
    assert done.followup == "cancelled"
    assert pending_deadline(desk, ref) == []
    assert any(f.cancelled for f in desk.tickets.get(ref).followups)
    desk.calls.edit(call.id, CallEdit(closes="18/12/2026 12:00"))
    assert pending_deadline(desk, ref) == []


def test_desk_setting_changes_the_working_days_and_moves_pending_follow_ups(desk: Desk):
    assert desk.calls.deadline_days() == 5
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    desk.calls.apply(ref, call.id)
    desk.calls.set_deadline_days(2)
    assert desk.calls.deadline_days() == 2
    assert pending_deadline(desk, ref) == ["2026-12-09"]
    with pytest.raises(InvalidValue, match="from 0 to 60"):
        desk.calls.set_deadline_days(99)


def test_euros_parse_italian_and_plain_forms():
    assert rules.parse_euros("12.000") == 1_200_000
    assert rules.parse_euros("12.000,50") == 1_200_050
    assert rules.parse_euros("12000.5") == 1_200_050
    assert rules.parse_euros("€ 1.500") == 150_000
    assert rules.parse_euros(250) == 25_000
    assert rules.format_euros(1_200_050) == "€12,000.50"
    assert rules.format_euros(50_000_000) == "€500,000"
    assert rules.format_euros(1_200_050, "it") == "12.000,50 €"
    assert rules.format_euros(50_000_000, "it") == "500.000 €"
    with pytest.raises(InvalidValue):
        rules.parse_euros("-5")


# -- the filter language ------------------------------------------------------------------------


def test_filters_bando_applying_and_deadline(desk: Desk):
    soon = desk.calls.add(voucher(closes="30/11/2026 12:00"))
    later = desk.calls.add(voucher(title="Bando e-commerce", closes="31/01/2027 12:00"))
    preparing = ticket(desk, "Forno Verdi")
    submitted = ticket(desk, "Pasticceria Neri")
    later_one = ticket(desk, "Negozio Blu")
    ticket(desk, "Nessuno")
    desk.calls.apply(preparing, soon.id)
    desk.calls.step(preparing, soon.id, "preparing")
    desk.calls.apply(submitted, soon.id)
    desk.calls.step(submitted, soon.id, "submitted")
    desk.calls.apply(later_one, later.id)

    def refs(query: str) -> list[int]:
        return sorted(t.ref for t in desk.tickets.search(query))

    assert refs(f"bando:{soon.id}") == [preparing, submitted]
    assert refs(f"bando:{soon.id},{later.id}") == [preparing, submitted, later_one]
    assert refs("+applying") == [preparing, later_one]
    assert refs("-applying") == sorted({1, 2, 3, 4} - {preparing, later_one})
    assert refs("deadline.before:+2w") == [preparing]
    assert refs("deadline.after:+2w") == [later_one]
    assert refs("deadline:30/11/2026") == [preparing]
    with pytest.raises(InvalidValue, match="bando: takes call numbers"):
        desk.tickets.search("bando:voucher")


# -- the reply template ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("it", ["Scadenza: **", "Contributo massimo per impresa: 10.000 €", "province di CO, MI"]),
        ("en", ["Deadline: **", "Maximum grant per company: €10,000", "based in CO, MI"]),
    ],
)
def test_call_presentation_presents_the_eligible_calls(desk: Desk, language: str, says: list):
    desk.calls.add(voucher())
    desk.calls.add(voucher(title="Solo Lecco", provinces=["LC"]))
    ref = ticket(desk)
    text = desk.templates.render("call-presentation", ref, language=language).text
    assert "Voucher digitali I4.0" in text and "Solo Lecco" not in text
    assert "11/12/2026 12:00" in text or "11 Dec 2026 12:00" in text
    for part in says:
        assert part in text


def test_call_presentation_without_an_eligible_call_says_so(desk: Desk):
    desk.calls.add(voucher(provinces=["LC"]))
    text = desk.templates.render("call-presentation", ticket(desk), language="en").text
    assert "no open call your business is eligible for" in text


def test_a_step_recorded_late_keeps_the_day_it_happened(desk: Desk, clock: FrozenClock):
    call = desk.calls.add(voucher())
    ref = ticket(desk)
    desk.calls.apply(ref, call.id)
    clock.advance(days=3)
    done = desk.calls.step(ref, call.id, "submitted", on="21/11/2026 18:30")
    assert done.application.steps[-1].at.isoformat() == "2026-11-21T18:30:00+01:00"
    entry = desk.tickets.get(ref).history[-2]
    assert entry.at == clock.now() and entry.new.endswith("submitted on 21 Nov 2026 18:30")
    with pytest.raises(InvalidValue, match="once it happened"):
        desk.calls.step(ref, call.id, "admitted", on="tomorrow")
    with pytest.raises(InvalidValue, match="last step was on 21 Nov 2026 18:30"):
        desk.calls.step(ref, call.id, "admitted", on="21/11/2026 09:00")
    assert (
        desk.calls.step(ref, call.id, "admitted", on="22/11/2026")
        .application.steps[-1]
        .at.isoformat()
        == "2026-11-22T12:00:00+01:00"
    )


def test_near_miss_reasons_speak_italian(desk: Desk, italian: None):
    desk.calls.add(voucher())
    match = desk.calls.match(ticket(desk, kind="food_service", province="LC", ateco="56.10"))
    assert match.near_misses[0].reasons == [
        "tipologia food_service non ammessa (ammesse: artisan, retail)",
        "provincia LC non ammessa (ammesse: CO, MI)",
        "ATECO 56.10 non tra 10, 47.91",
    ]
    closed = desk.calls.add(voucher(opens="01/02/2021", closes="12/03/2021 12:00"))
    assert rules.eligibility_reasons(closed, None, None, desk.clock.now()) == [
        "bando chiuso il 12/03/2021",
        "nessuna impresa nella richiesta",
    ]
