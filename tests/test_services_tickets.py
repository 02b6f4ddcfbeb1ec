"""Tests of the ticket use cases: log, triage, status, notes, close, reopen, links, get, search.

Everything runs on the in-memory desk of ``conftest.py`` (acting adviser ``ms``, advisers ``ms``
and ``gb``) with the clock frozen on Friday 20 November 2026, 10:00 in Europe/Rome.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpdesk.dates import FrozenClock, parse_when
from helpdesk.domain.enums import Channel, LinkKind, Outcome, Priority, Status
from helpdesk.domain.lifecycle import TRANSITIONS
from helpdesk.domain.models import Contact, FollowUp, Link, Note, Ticket
from helpdesk.errors import Conflict, InvalidValue, NotFound, TransitionRefused
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import Logged, TicketDraft

ROME = ZoneInfo("Europe/Rome")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ROME)

#: Valid partite IVA (check digit verified by python-stdnum).
VAT_FORNO = "02114140292"
VAT_ROSSI = "00803110154"


def log(desk: Desk, subject: str = "Richiesta di informazioni", **fields: object) -> Logged:
    """Log a ticket with explicit (empty) topics unless told otherwise."""
    fields.setdefault("topics", [])
    return desk.tickets.log(TicketDraft(subject, **fields))  # type: ignore[arg-type]


def changes(ticket: Ticket) -> list[tuple[str, str, object, object]]:
    """The ticket's history as (field, who, old, new)."""
    return [(c.field, c.who, c.old, c.new) for c in ticket.history]


#: The moves that bring a new ticket to each status.
PATH_TO: dict[Status, list[Status]] = {
    Status.NEW: [],
    Status.TRIAGED: [Status.TRIAGED],
    Status.IN_PROGRESS: [Status.TRIAGED, Status.IN_PROGRESS],
    Status.WAITING: [Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING],
    Status.RESOLVED: [Status.TRIAGED, Status.IN_PROGRESS, Status.RESOLVED],
}


def ticket_in(desk: Desk, status: Status) -> Ticket:
    """A new ticket moved to ``status`` through the services."""
    ref = log(desk).ticket.ref
    for step in PATH_TO[Status.IN_PROGRESS if status is Status.CLOSED else status]:
        desk.tickets.set_status(ref, step)
    if status is Status.CLOSED:
        desk.tickets.close(ref, Outcome.ADVISED, "Consigli dati al telefono")
    ticket = desk.tickets.get(ref)
    assert ticket.status is status
    return ticket


def company_count(desk: Desk) -> int:
    return len(desk.ctx.store.companies())


# -- log: numbering, time, fields ---------------------------------------------------------------


def test_log_numbers_tickets_one_two_three(desk: Desk) -> None:
    refs = [log(desk, f"Richiesta {n}").ticket.ref for n in range(1, 4)]

    assert refs == [1, 2, 3]
    assert desk.ctx.store.ticket_count() == 3
    assert desk.tickets.get(2).subject == "Richiesta 2"


def test_log_stamps_created_and_updated_from_the_injected_clock(
    desk: Desk, clock: FrozenClock
) -> None:
    first = log(desk).ticket
    clock.advance(hours=2, minutes=15)
    second = log(desk).ticket

    assert first.created == first.updated == NOW
    assert second.created == datetime(2026, 11, 20, 12, 15, tzinfo=ROME)
    assert desk.tickets.get(1).created == NOW
    assert desk.tickets.get(2).created == datetime(2026, 11, 20, 12, 15, tzinfo=ROME)


def test_log_keeps_an_explicit_creation_time(desk: Desk) -> None:
    when = datetime(2020, 3, 18, 14, 35, tzinfo=ROME)

    ticket = log(desk, created=when).ticket

    assert ticket.created == when
    assert ticket.updated == NOW


def test_log_normalises_the_typed_fields(desk: Desk) -> None:
    logged = log(
        desk,
        "  Vendere online  ",
        description="  Vorrei aprire un negozio.  ",
        channel="walk-in",
        priority="HIGH",
        assignee="GB",
        tags=[" covid ", "", "promo"],
        contact=Contact(" Anna Rossi ", " anna@fornodoro.it ", " 031 123456 ", " titolare "),
    )
    ticket = desk.tickets.get(logged.ticket.ref)

    assert ticket.subject == "Vendere online"
    assert ticket.description == "Vorrei aprire un negozio."
    assert ticket.channel is Channel.WALK_IN
    assert ticket.priority is Priority.HIGH
    assert ticket.assignee == "gb"
    assert ticket.tags == ["covid", "promo"]
    assert ticket.contact == Contact("Anna Rossi", "anna@fornodoro.it", "031 123456", "titolare")
    assert ticket.status is Status.NEW
    assert ticket.company_id is None
    assert ticket.history == []
    assert logged.company is None
    assert logged.company_created is False


# -- log: companies -------------------------------------------------------------------------


def test_log_creates_the_company_on_first_mention(desk: Desk) -> None:
    logged = log(desk, company=CompanyDraft("Forno d'Oro S.r.l.", vat=VAT_FORNO))

    assert logged.company_created is True
    assert logged.company is not None
    assert logged.company.id == 1
    assert logged.ticket.company_id == 1
    stored = desk.companies.get(1)
    assert stored.name == "Forno d'Oro S.r.l."
    assert stored.vat == VAT_FORNO


@pytest.mark.parametrize(
    "draft",
    [
        CompanyDraft("", vat=f"IT {VAT_FORNO[:5]} {VAT_FORNO[5:8]} {VAT_FORNO[8:]}"),
        CompanyDraft("forno d'oro", vat=f"it{VAT_FORNO}"),
        CompanyDraft("FORNO D’ORO srl"),
        CompanyDraft("forno d'oro"),
        CompanyDraft("Forno D'Oro S.R.L."),
    ],
    ids=[
        "vat-with-IT-and-spaces",
        "vat-lowercase-it",
        "name-typographic-quote",
        "name-bare",
        "name-upper-dotted",
    ],
)
def test_log_finds_the_company_again_instead_of_duplicating_it(
    desk: Desk, draft: CompanyDraft
) -> None:
    log(desk, company=CompanyDraft("Forno d'Oro S.r.l.", vat=VAT_FORNO))

    logged = log(desk, "Secondo contatto", company=draft)

    assert logged.company_created is False
    assert logged.company is not None
    assert logged.company.id == 1
    assert logged.ticket.company_id == 1
    assert company_count(desk) == 1
    assert desk.companies.get(1).name == "Forno d'Oro S.r.l."


def test_log_fills_the_blanks_of_a_known_company_but_keeps_what_it_had(desk: Desk) -> None:
    log(desk, company=CompanyDraft("Forno d'Oro S.r.l.", town="Como", kind="retail"))

    logged = log(
        desk,
        company=CompanyDraft("FORNO D’ORO srl", town="como", province="co", kind="artisan"),
    )

    company = desk.companies.get(1)
    assert company.town == "Como"
    assert company.province == "CO"
    assert company.kind.value == "retail"
    assert company_count(desk) == 1
    assert logged.match is not None
    assert logged.match.by.value == "name"
    assert [(d.field, d.row, d.company) for d in logged.match.disagreements] == [
        ("kind", "artisan", "retail")
    ]


def test_log_adds_each_contact_to_the_company_once(desk: Desk) -> None:
    forno = CompanyDraft("Forno d'Oro S.r.l.")
    log(desk, company=forno, contact=Contact("Anna Rossi", "anna@fornodoro.it"))
    log(desk, company=forno, contact=Contact("ANNA ROSSI"))
    log(desk, company=forno, contact=Contact("A. Rossi", "Anna@FornoDoro.it"))
    log(desk, company=forno, contact=Contact("Luca Bianchi", "luca@fornodoro.it"))
    log(desk, company=forno)

    contacts = desk.companies.get(1).contacts
    assert contacts == [
        Contact("Anna Rossi", "anna@fornodoro.it"),
        Contact("Luca Bianchi", "luca@fornodoro.it"),
    ]


def test_log_with_a_vat_number_only_for_an_unknown_company_is_refused(desk: Desk) -> None:
    with pytest.raises(InvalidValue, match=f"No company has VAT number {VAT_ROSSI}; give its name"):
        log(desk, company=CompanyDraft("", vat=VAT_ROSSI))

    assert desk.ctx.store.ticket_count() == 0
    assert company_count(desk) == 0


def test_log_accepts_a_vat_number_written_with_dots(desk: Desk) -> None:
    # validation.check_vat promises "Spaces, dots and an IT prefix are accepted".
    dotted = f"{VAT_FORNO[:3]}.{VAT_FORNO[3:6]}.{VAT_FORNO[6:9]}.{VAT_FORNO[9:]}"

    logged = log(desk, company=CompanyDraft("Forno d'Oro S.r.l.", vat=dotted))

    assert logged.company is not None
    assert logged.company.vat == VAT_FORNO


# -- log: refusals save nothing ---------------------------------------------------------------


def _deactivate_gb(desk: Desk) -> None:
    desk.directory.set_adviser_active("gb", False)


# Each case runs with gb made inactive first, so only ms is listed among the active advisers.
REFUSED_DRAFTS = [
    pytest.param(
        {"company": CompanyDraft("Nuova Ditta", vat="02114140293")},
        InvalidValue,
        "VAT number '02114140293' is not valid: its check digit is wrong.",
        id="vat-check-digit",
    ),
    pytest.param(
        {"company": CompanyDraft("Nuova Ditta", vat="0211414029")},
        InvalidValue,
        "VAT number '0211414029' is not valid: it must have 11 digits.",
        id="vat-length",
    ),
    pytest.param(
        {"contact": Contact("Anna", "anna.fornodoro.it")},
        InvalidValue,
        "'anna.fornodoro.it' is not an email address.",
        id="email",
    ),
    pytest.param(
        {"subject": "   "},
        InvalidValue,
        "A ticket needs a subject.",
        id="empty-subject",
    ),
    pytest.param(
        {"topics": ["e-commerce", "astrologia"]},
        InvalidValue,
        "Unknown topic 'astrologia'; topics are: ecommerce, grants,",
        id="unknown-topic",
    ),
    pytest.param(
        {"assignee": "zz"},
        NotFound,
        "There is no adviser 'zz'; advisers are: ms.",
        id="unknown-assignee",
    ),
    pytest.param(
        {"assignee": "gb"},
        InvalidValue,
        "Adviser gb is not active.",
        id="inactive-assignee",
    ),
    pytest.param(
        {"channel": "fax"},
        InvalidValue,
        "Channel 'fax' is not one of: phone, email, web, walk_in, event, other.",
        id="channel",
    ),
    pytest.param(
        {"priority": "asap"},
        InvalidValue,
        "Priority 'asap' is not one of: low, normal, high, urgent.",
        id="priority",
    ),
    pytest.param(
        {"company": CompanyDraft("Nuova Ditta", province="BE")},
        InvalidValue,
        "'BE' is not an Italian province",
        id="province",
    ),
]


@pytest.mark.parametrize(("fields", "error", "message"), REFUSED_DRAFTS)
def test_log_refuses_a_bad_draft_and_saves_nothing(
    desk: Desk, fields: dict[str, object], error: type[Exception], message: str
) -> None:
    log(desk, "Primo", company=CompanyDraft("Forno d'Oro S.r.l."))
    _deactivate_gb(desk)
    draft = {"subject": "Secondo", "company": CompanyDraft("Nuova Ditta Srl")} | fields
    subject = draft.pop("subject")

    with pytest.raises(error) as caught:
        log(desk, subject, **draft)  # type: ignore[arg-type]

    assert type(caught.value) is error
    assert str(caught.value).startswith(message)
    assert desk.ctx.store.ticket_count() == 1
    assert [c.name for c in desk.ctx.store.companies()] == ["Forno d'Oro S.r.l."]


def test_log_refused_on_a_bad_vat_leaves_the_known_company_untouched(desk: Desk) -> None:
    log(desk, company=CompanyDraft("Forno d'Oro S.r.l."), contact=Contact("Anna"))

    with pytest.raises(InvalidValue):
        log(
            desk,
            company=CompanyDraft("Forno d'Oro S.r.l.", vat="123", town="Como"),
            contact=Contact("Luca"),
        )

    company = desk.companies.get(1)
    assert company.town == ""
    assert company.vat is None
    assert company.contacts == [Contact("Anna")]


# -- log: topics ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "description", "expected"),
    [
        ("VENDITA ONLINE", "", ["ecommerce"]),
        ("Contributi a fondo perduto", "", ["grants"]),
        ("Richiesta", "Problemi di SICUREZZA INFORMATICA dopo un attacco", ["cybersecurity"]),
        ("We want to sell online on Amazon", "", ["ecommerce"]),
        (
            "Bando per la digitalizzazione",
            "Vorremmo anche più visibilità su Instagram",
            ["marketing", "grants"],
        ),
        ("Buongiorno", "vorrei un appuntamento", []),
    ],
)
def test_log_suggests_topics_when_none_are_given(
    desk: Desk, subject: str, description: str, expected: list[str]
) -> None:
    logged = desk.tickets.log(TicketDraft(subject, description=description))

    assert logged.topics_suggested is True
    assert logged.ticket.topics == expected
    assert desk.tickets.get(logged.ticket.ref).topics == expected


def test_log_suggestion_ignores_accents_and_case(desk: Desk) -> None:
    logged = desk.tickets.log(TicketDraft("Più VISIBILITÀ per il negozio", description="SEO"))

    assert logged.ticket.topics == ["marketing"]


def test_log_resolves_explicit_topics_given_by_label_in_either_language(desk: Desk) -> None:
    logged = log(
        desk,
        "vendita online",
        topics=["Bandi e contributi", "e-commerce", "grants", "Sicurezza informatica", " "],
    )

    assert logged.topics_suggested is False
    assert logged.ticket.topics == ["grants", "ecommerce", "cybersecurity"]


def test_log_with_an_explicit_empty_topic_list_suggests_nothing(desk: Desk) -> None:
    logged = log(desk, "vendita online", topics=[])

    assert logged.topics_suggested is False
    assert logged.ticket.topics == []


# -- triage -----------------------------------------------------------------------------------


def test_triage_sets_fields_moves_new_to_triaged_and_writes_history(
    desk: Desk, clock: FrozenClock
) -> None:
    log(desk, "Bando voucher")
    clock.advance(minutes=30)
    later = datetime(2026, 11, 20, 10, 30, tzinfo=ROME)

    desk.tickets.triage(1, topics=["bandi"], priority="high", assignee="gb")

    ticket = desk.tickets.get(1)
    assert ticket.topics == ["grants"]
    assert ticket.priority is Priority.HIGH
    assert ticket.assignee == "gb"
    assert ticket.status is Status.TRIAGED
    assert ticket.triaged_at == later
    assert ticket.updated == later
    assert changes(ticket) == [
        ("topics", "ms", [], ["grants"]),
        ("priority", "ms", "normal", "high"),
        ("assignee", "ms", None, "gb"),
        ("status", "ms", "new", "triaged"),
    ]
    assert {c.at for c in ticket.history} == {later}


def test_triage_with_unchanged_values_writes_no_history(desk: Desk, clock: FrozenClock) -> None:
    log(desk, topics=["grants"], priority="high", assignee="gb")
    desk.tickets.triage(1)
    before = desk.tickets.get(1)
    clock.advance(hours=1)

    desk.tickets.triage(1, topics=["Bandi e contributi"], priority="high", assignee="gb")

    after = desk.tickets.get(1)
    assert changes(after) == changes(before) == [("status", "ms", "new", "triaged")]
    assert after.updated == before.updated == NOW
    assert after.triaged_at == NOW


def test_triage_of_a_ticket_in_progress_keeps_its_status(desk: Desk, clock: FrozenClock) -> None:
    ref = ticket_in(desk, Status.IN_PROGRESS).ref
    clock.advance(days=1)

    desk.tickets.triage(ref, priority="urgent")

    ticket = desk.tickets.get(ref)
    assert ticket.status is Status.IN_PROGRESS
    assert ticket.triaged_at == NOW
    assert changes(ticket)[-1] == ("priority", "ms", "normal", "urgent")
    assert [c.field for c in ticket.history].count("status") == 2


def test_triage_can_unassign(desk: Desk) -> None:
    log(desk, assignee="gb")

    desk.tickets.triage(1, unassign=True)

    ticket = desk.tickets.get(1)
    assert ticket.assignee is None
    assert changes(ticket)[0] == ("assignee", "ms", "gb", None)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"topics": ["astrologia"]}, InvalidValue, "Unknown topic 'astrologia'"),
        ({"priority": "asap"}, InvalidValue, "Priority 'asap' is not one of"),
        ({"assignee": "zz"}, NotFound, "There is no adviser 'zz'"),
    ],
)
def test_triage_refuses_bad_values_and_changes_nothing(
    desk: Desk, fields: dict[str, object], error: type[Exception], message: str
) -> None:
    log(desk)

    with pytest.raises(error, match=message):
        desk.tickets.triage(1, **fields)  # type: ignore[arg-type]

    ticket = desk.tickets.get(1)
    assert ticket.status is Status.NEW
    assert ticket.history == []


# -- status -----------------------------------------------------------------------------------


def test_status_walks_the_whole_lifecycle(desk: Desk) -> None:
    log(desk)
    walk = [
        Status.TRIAGED,
        Status.IN_PROGRESS,
        Status.WAITING,
        Status.IN_PROGRESS,
        Status.WAITING,
        Status.RESOLVED,
    ]

    for status in walk:
        assert desk.tickets.set_status(1, status).status is status

    ticket = desk.tickets.get(1)
    assert ticket.status is Status.RESOLVED
    assert changes(ticket) == [
        ("status", "ms", "new", "triaged"),
        ("status", "ms", "triaged", "in_progress"),
        ("status", "ms", "in_progress", "waiting"),
        ("status", "ms", "waiting", "in_progress"),
        ("status", "ms", "in_progress", "waiting"),
        ("status", "ms", "waiting", "resolved"),
    ]
    assert ticket.triaged_at == NOW


def test_status_accepts_typed_names(desk: Desk) -> None:
    ref = ticket_in(desk, Status.TRIAGED).ref

    assert desk.tickets.set_status(f"#{ref}", "In Progress").status is Status.IN_PROGRESS


ALLOWED = [
    (current, new)
    for current in Status
    for new in sorted(TRANSITIONS[current])
    if new is not Status.CLOSED
]
REFUSED = [
    (current, new)
    for current in Status
    for new in Status
    if new != current and new not in TRANSITIONS[current]
]


@pytest.mark.parametrize(("current", "new"), ALLOWED, ids=lambda s: s.value)
def test_status_allows_each_lifecycle_move(desk: Desk, current: Status, new: Status) -> None:
    ref = ticket_in(desk, current).ref

    desk.tickets.set_status(ref, new)

    ticket = desk.tickets.get(ref)
    assert ticket.status is new
    assert ("status", "ms", current.value, new.value) in changes(ticket)


@pytest.mark.parametrize(("current", "new"), REFUSED, ids=lambda s: s.value)
def test_status_refuses_each_move_outside_the_lifecycle(
    desk: Desk, current: Status, new: Status
) -> None:
    ticket = ticket_in(desk, current)

    with pytest.raises(TransitionRefused) as caught:
        desk.tickets.set_status(ticket.ref, new)

    # The lifecycle names statuses by their labels; the ticket service's own refusal of a
    # close without an outcome still names the keys to type.
    named = (current.value, new.value) if new is Status.CLOSED else (current, new)
    names = [getattr(status, "label_text", status) for status in named]
    assert str(caught.value).startswith(f"#{ticket.ref} cannot go from {names[0]} to {names[1]}; ")
    after = desk.tickets.get(ticket.ref)
    assert after.status is current
    assert after.history == ticket.history


@pytest.mark.parametrize("current", list(Status), ids=lambda s: s.value)
def test_status_refuses_the_same_status(desk: Desk, current: Status) -> None:
    ticket = ticket_in(desk, current)

    with pytest.raises(
        TransitionRefused, match=rf"^#{ticket.ref} is already {current.label_text}\.$"
    ):
        desk.tickets.set_status(ticket.ref, current)


def test_status_closed_only_through_close(desk: Desk) -> None:
    ref = ticket_in(desk, Status.RESOLVED).ref

    with pytest.raises(TransitionRefused, match="closing needs an outcome"):
        desk.tickets.set_status(ref, Status.CLOSED)

    assert desk.tickets.get(ref).status is Status.RESOLVED


def test_status_refuses_an_unknown_status(desk: Desk) -> None:
    log(desk)

    with pytest.raises(InvalidValue, match="Status 'archived' is not one of"):
        desk.tickets.set_status(1, "archived")


def test_status_back_from_resolved_acts_as_reopen(desk: Desk) -> None:
    ref = ticket_in(desk, Status.RESOLVED).ref

    desk.tickets.set_status(ref, Status.IN_PROGRESS)

    ticket = desk.tickets.get(ref)
    assert ticket.status is Status.IN_PROGRESS
    assert ticket.outcome is None
    assert ticket.closed_at is None
    assert changes(ticket)[-1] == ("status", "ms", "resolved", "in_progress")


def test_status_back_from_closed_clears_the_outcome(desk: Desk, clock: FrozenClock) -> None:
    ref = ticket_in(desk, Status.CLOSED).ref
    clock.advance(days=2)

    desk.tickets.set_status(ref, Status.IN_PROGRESS)

    ticket = desk.tickets.get(ref)
    assert ticket.status is Status.IN_PROGRESS
    assert ticket.outcome is None
    assert ticket.outcome_note == ""
    assert ticket.closed_at is None
    assert changes(ticket)[-3:] == [
        ("status", "ms", "closed", "in_progress"),
        ("outcome", "ms", "advised", None),
        ("outcome_note", "ms", "Consigli dati al telefono", ""),
    ]


# -- notes ------------------------------------------------------------------------------------


def test_note_is_added_with_author_time_and_history(desk: Desk, clock: FrozenClock) -> None:
    log(desk)
    clock.advance(minutes=5)
    at = datetime(2026, 11, 20, 10, 5, tzinfo=ROME)

    desk.tickets.add_note("#1", "  Richiamato il titolare:\n  manda i documenti.  ")

    ticket = desk.tickets.get(1)
    assert ticket.notes == [Note(at, "ms", "Richiamato il titolare:\n  manda i documenti.")]
    assert changes(ticket) == [("note", "ms", None, "Richiamato il titolare: manda i documenti.")]
    assert ticket.updated == at


def test_note_history_shows_a_short_preview(desk: Desk) -> None:
    log(desk)
    text = "parola " * 20

    desk.tickets.add_note(1, text)

    ticket = desk.tickets.get(1)
    assert ticket.notes[0].text == text.strip()
    preview = ticket.history[0].new
    assert isinstance(preview, str)
    assert len(preview) == 60
    assert preview.endswith("…")


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_note_refuses_empty_text(desk: Desk, text: str) -> None:
    log(desk)

    with pytest.raises(InvalidValue, match=r"^A note needs some text\.$"):
        desk.tickets.add_note(1, text)

    assert desk.tickets.get(1).notes == []


def test_note_on_a_missing_ticket_is_not_found(desk: Desk) -> None:
    with pytest.raises(NotFound, match=r"^There is no ticket #7\.$"):
        desk.tickets.add_note(7, "ciao")


# -- close ------------------------------------------------------------------------------------


@pytest.mark.parametrize("current", [Status.IN_PROGRESS, Status.WAITING], ids=lambda s: s.value)
def test_close_a_worked_ticket_passes_through_resolved(
    desk: Desk, clock: FrozenClock, current: Status
) -> None:
    ref = ticket_in(desk, current).ref
    clock.advance(days=3)
    at = NOW + timedelta(days=3)

    desk.tickets.close(ref, "grant-applied", "  Domanda presentata sul bando  ")

    ticket = desk.tickets.get(ref)
    assert ticket.status is Status.CLOSED
    assert ticket.outcome is Outcome.GRANT_APPLIED
    assert ticket.outcome_note == "Domanda presentata sul bando"
    assert ticket.closed_at == at
    assert changes(ticket)[-4:] == [
        ("status", "ms", current.value, "resolved"),
        ("status", "ms", "resolved", "closed"),
        ("outcome", "ms", None, "grant_applied"),
        ("outcome_note", "ms", "", "Domanda presentata sul bando"),
    ]


def test_close_a_resolved_ticket_without_a_note(desk: Desk) -> None:
    ref = ticket_in(desk, Status.RESOLVED).ref
    before = len(desk.tickets.get(ref).history)

    desk.tickets.close(ref, Outcome.ADVISED)

    ticket = desk.tickets.get(ref)
    assert ticket.status is Status.CLOSED
    assert ticket.outcome_note == ""
    assert changes(ticket)[before:] == [
        ("status", "ms", "resolved", "closed"),
        ("outcome", "ms", None, "advised"),
    ]


@pytest.mark.parametrize("current", [Status.NEW, Status.TRIAGED], ids=lambda s: s.value)
@pytest.mark.parametrize("outcome", [Outcome.DUPLICATE, Outcome.WITHDRAWN], ids=str)
def test_close_an_unworked_ticket_as_duplicate_or_withdrawn(
    desk: Desk, current: Status, outcome: Outcome
) -> None:
    ref = ticket_in(desk, current).ref

    desk.tickets.close(ref, outcome)

    ticket = desk.tickets.get(ref)
    assert ticket.status is Status.CLOSED
    assert ticket.outcome is outcome
    assert ticket.closed_at == NOW
    assert changes(ticket)[-2:] == [
        ("status", "ms", current.value, "closed"),
        ("outcome", "ms", None, outcome.value),
    ]


@pytest.mark.parametrize("current", [Status.NEW, Status.TRIAGED], ids=lambda s: s.value)
def test_close_an_unworked_ticket_with_another_outcome_is_refused(
    desk: Desk, current: Status
) -> None:
    ticket = ticket_in(desk, current)

    with pytest.raises(TransitionRefused) as caught:
        desk.tickets.close(ticket.ref, "advised")

    assert str(caught.value) == (
        f"#{ticket.ref} is {current.label_text}: work on it before closing it, "
        "or close it as duplicate or withdrawn."
    )
    after = desk.tickets.get(ticket.ref)
    assert after.status is current
    assert after.outcome is None
    assert after.history == ticket.history


def test_close_an_already_closed_ticket_is_refused(desk: Desk) -> None:
    ticket = ticket_in(desk, Status.CLOSED)

    with pytest.raises(TransitionRefused, match=r"^#1 is already closed; reopen it first\.$"):
        desk.tickets.close(ticket.ref, "trained")

    after = desk.tickets.get(ticket.ref)
    assert after.outcome is Outcome.ADVISED
    assert after.history == ticket.history


def test_close_with_an_unknown_outcome_is_refused(desk: Desk) -> None:
    ref = ticket_in(desk, Status.IN_PROGRESS).ref

    with pytest.raises(InvalidValue, match="Outcome 'happy' is not one of"):
        desk.tickets.close(ref, "happy")

    assert desk.tickets.get(ref).status is Status.IN_PROGRESS


# -- reopen -----------------------------------------------------------------------------------


def test_reopen_a_closed_ticket_clears_its_outcome(desk: Desk, clock: FrozenClock) -> None:
    ref = ticket_in(desk, Status.CLOSED).ref
    clock.advance(days=10)

    returned = desk.tickets.reopen(ref)

    ticket = desk.tickets.get(ref)
    assert returned.status is ticket.status is Status.IN_PROGRESS
    assert ticket.outcome is None
    assert ticket.outcome_note == ""
    assert ticket.closed_at is None
    assert ticket.updated == NOW + timedelta(days=10)
    assert changes(ticket)[-3:] == [
        ("status", "ms", "closed", "in_progress"),
        ("outcome", "ms", "advised", None),
        ("outcome_note", "ms", "Consigli dati al telefono", ""),
    ]


def test_reopen_a_resolved_ticket(desk: Desk) -> None:
    ref = ticket_in(desk, Status.RESOLVED).ref

    desk.tickets.reopen(ref)

    ticket = desk.tickets.get(ref)
    assert ticket.status is Status.IN_PROGRESS
    assert changes(ticket)[-1] == ("status", "ms", "resolved", "in_progress")


@pytest.mark.parametrize(
    "current",
    [Status.NEW, Status.TRIAGED, Status.IN_PROGRESS, Status.WAITING],
    ids=lambda s: s.value,
)
def test_reopen_an_open_ticket_is_refused(desk: Desk, current: Status) -> None:
    ticket = ticket_in(desk, current)

    with pytest.raises(TransitionRefused) as caught:
        desk.tickets.reopen(ticket.ref)

    assert str(caught.value) == (
        f"#{ticket.ref} is {current.label_text}, not resolved or closed: nothing to reopen."
    )
    assert desk.tickets.get(ticket.ref).history == ticket.history


# -- links ------------------------------------------------------------------------------------


def test_related_link_is_recorded_on_both_tickets(desk: Desk) -> None:
    log(desk, "Primo")
    log(desk, "Secondo")

    desk.tickets.link(1, "#2")

    first, second = desk.tickets.get(1), desk.tickets.get(2)
    assert first.links == [Link(LinkKind.RELATED, 2)]
    assert second.links == [Link(LinkKind.RELATED, 1)]
    assert changes(first) == [("link", "ms", None, "related #2")]
    assert changes(second) == [("link", "ms", None, "related #1")]


@pytest.mark.parametrize("kind", ["follow_on", "follow-on", LinkKind.DUPLICATE_OF])
def test_directed_link_is_recorded_on_one_ticket(desk: Desk, kind: str) -> None:
    log(desk, "Primo")
    log(desk, "Secondo")

    desk.tickets.link(2, 1, kind)

    relation = LinkKind.parse(kind)
    first, second = desk.tickets.get(1), desk.tickets.get(2)
    assert second.links == [Link(relation, 1)]
    assert changes(second) == [("link", "ms", None, f"{relation.value} #1")]
    assert first.links == []
    assert first.history == []


def test_link_to_itself_is_refused(desk: Desk) -> None:
    log(desk)

    with pytest.raises(InvalidValue, match=r"^#1 cannot be linked to itself\.$"):
        desk.tickets.link(1, "#1")

    assert desk.tickets.get(1).links == []


@pytest.mark.parametrize(
    ("again", "message"),
    [
        ((1, 2), "#1 is already linked to #2 (related)."),
        ((2, 1), "#2 is already linked to #1 (related)."),
    ],
)
def test_the_same_link_twice_is_a_conflict(
    desk: Desk, again: tuple[int, int], message: str
) -> None:
    log(desk, "Primo")
    log(desk, "Secondo")
    desk.tickets.link(1, 2)

    with pytest.raises(Conflict) as caught:
        desk.tickets.link(*again)

    assert str(caught.value) == message
    assert desk.tickets.get(1).links == [Link(LinkKind.RELATED, 2)]
    assert desk.tickets.get(2).links == [Link(LinkKind.RELATED, 1)]


def test_link_to_a_missing_ticket_is_not_found(desk: Desk) -> None:
    log(desk)

    with pytest.raises(NotFound, match=r"^There is no ticket #9\.$"):
        desk.tickets.link(1, 9)

    assert desk.tickets.get(1).links == []


def test_link_with_an_unknown_kind_is_refused(desk: Desk) -> None:
    log(desk)
    log(desk)

    with pytest.raises(InvalidValue, match="Link kind 'cousin' is not one of"):
        desk.tickets.link(1, 2, "cousin")


# -- get --------------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", [2, "2", "#2", " #2 ", "002"])
def test_get_reads_a_reference(desk: Desk, ref: int | str) -> None:
    log(desk, "Primo")
    log(desk, "Secondo")

    ticket = desk.tickets.get(ref)

    assert ticket.ref == 2
    assert ticket.subject == "Secondo"


def test_get_a_missing_ticket_is_not_found(desk: Desk) -> None:
    log(desk)

    with pytest.raises(NotFound, match=r"^There is no ticket #42\.$"):
        desk.tickets.get("#42")


@pytest.mark.parametrize("ref", ["abc", "#0", "-3", "0", "", "#", "4 2", "#1.5", 0, -3])
def test_get_refuses_what_is_not_a_reference(desk: Desk, ref: int | str) -> None:
    log(desk)

    with pytest.raises(InvalidValue) as caught:
        desk.tickets.get(ref)

    assert str(caught.value) == (
        f"{ref!r} is not a ticket reference; use a number such as 42 or #42."
    )


@pytest.mark.parametrize("ref", ["²", "#³", "①"])
def test_get_refuses_unicode_digits_that_are_not_numbers(desk: Desk, ref: str) -> None:
    # str.isdigit() accepts superscripts and circled digits, which int() cannot read.
    log(desk)

    with pytest.raises(InvalidValue, match="is not a ticket reference"):
        desk.tickets.get(ref)


# -- search: order and limit ------------------------------------------------------------------


def add_followup(desk: Desk, clock: FrozenClock, ref: int, due: str, *, done: bool = False) -> None:
    """Give ticket ``ref`` a follow-up due at ``due`` (as people type it), saved directly."""
    ticket = desk.tickets.get(ref)
    ticket.followups.append(
        FollowUp(
            id=len(ticket.followups) + 1,
            due=parse_when(due, clock),
            note="Richiamare",
            who="ms",
            created=clock.now(),
            done_at=clock.now() if done else None,
        )
    )
    desk.ctx.store.save_ticket(ticket)


def refs(tickets: list[Ticket]) -> list[int]:
    return [t.ref for t in tickets]


@pytest.fixture
def ranked(desk: Desk, clock: FrozenClock) -> Desk:
    """Five new tickets: #1 low, #2 urgent, #3 normal overdue, #4 high, #5 low due today.

    #6 is urgent but closed, with an overdue follow-up; #7 is low with a follow-up done yesterday;
    #8 is normal with a follow-up tomorrow.
    """
    for subject, priority in [
        ("Uno", "low"),
        ("Due", "urgent"),
        ("Tre", "normal"),
        ("Quattro", "high"),
        ("Cinque", "low"),
    ]:
        log(desk, subject, priority=priority)
    add_followup(desk, clock, 3, "yesterday")
    add_followup(desk, clock, 5, "today")
    closed = ticket_in(desk, Status.CLOSED).ref
    desk.tickets.triage(closed, priority="urgent")
    add_followup(desk, clock, closed, "-3d")
    log(desk, "Sette", priority="low")
    add_followup(desk, clock, 7, "yesterday", done=True)
    log(desk, "Otto")
    add_followup(desk, clock, 8, "tomorrow")
    return desk


def test_default_order_puts_due_tickets_on_top_then_urgency(ranked: Desk) -> None:
    # Due first (#3 overdue outranks #5 due today), then urgent, high, normal, low, closed last.
    assert refs(ranked.tickets.search()) == [3, 5, 2, 4, 8, 7, 1, 6]


def test_default_order_is_the_urgency_sort(ranked: Desk) -> None:
    assert refs(ranked.tickets.search(sort="urgency")) == refs(ranked.tickets.search())


def test_limit_takes_the_first_in_order(ranked: Desk) -> None:
    assert refs(ranked.tickets.search(limit=3)) == [3, 5, 2]
    assert refs(ranked.tickets.search(limit=0)) == []
    assert refs(ranked.tickets.search("status:open", limit=100)) == [3, 5, 2, 4, 8, 7, 1]


@pytest.fixture
def dated(desk: Desk) -> Desk:
    """Four tickets created out of order, with companies, priorities and assignees."""
    rows = [
        ("Zeta", "2026-11-10 09:00", "high", "Rossi Meccanica", "gb", "phone"),
        ("alfa", "2026-11-01 09:00", "low", "Caffè Nerò", None, "email"),
        ("Beta", "2026-11-15 09:00", "high", "Bar Sport", "ms", "web"),
        ("Èpsilon", "2026-11-05 09:00", "normal", "", "ms", "event"),
    ]
    for subject, created, priority, company, assignee, channel in rows:
        log(
            desk,
            subject,
            created=datetime.fromisoformat(created).replace(tzinfo=ROME),
            priority=priority,
            company=CompanyDraft(company) if company else None,
            assignee=assignee,
            channel=channel,
        )
    return desk


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("created", [2, 4, 1, 3]),
        ("-created", [3, 1, 4, 2]),
        ("age", [2, 4, 1, 3]),
        ("ref", [1, 2, 3, 4]),
        ("-ref", [4, 3, 2, 1]),
        ("priority", [2, 4, 1, 3]),
        ("priority,-created", [2, 4, 3, 1]),
        ("-priority,created", [1, 3, 4, 2]),
        (" -priority , -created ", [3, 1, 4, 2]),
        ("subject", [2, 3, 4, 1]),
        ("company,ref", [4, 3, 2, 1]),
        ("assignee,-ref", [2, 1, 4, 3]),
        ("channel", [2, 4, 1, 3]),
        ("PRIORITY,+Created", [2, 4, 1, 3]),
    ],
)
def test_sort_keys(dated: Desk, sort: str, expected: list[int]) -> None:
    assert refs(dated.tickets.search(sort=sort)) == expected


def test_sort_by_due_puts_tickets_with_follow_ups_first(dated: Desk, clock: FrozenClock) -> None:
    add_followup(dated, clock, 3, "+2d")
    add_followup(dated, clock, 1, "tomorrow")

    assert refs(dated.tickets.search(sort="due")) == [1, 3, 2, 4]


@pytest.mark.parametrize("sort", ["colour", "priority,colour", "-colour"])
def test_unknown_sort_key_is_refused(dated: Desk, sort: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        dated.tickets.search(sort=sort)

    assert str(caught.value).startswith("Cannot sort by 'colour'; sort keys are: urgency, ref,")


def test_search_applies_the_filter_before_sorting(dated: Desk) -> None:
    assert refs(dated.tickets.search("priority:high", sort="-created")) == [3, 1]


def test_the_same_name_with_another_vat_number_is_another_company(desk: Desk) -> None:
    first = log(desk, company=CompanyDraft("Forno d'Oro S.r.l.", vat="01114601006"))
    other = log(desk, company=CompanyDraft("Forno d'Oro srl", vat="IT 00743110157"))
    assert first.company is not None and other.company is not None
    assert (first.company_created, other.company_created) == (True, True)
    assert other.company.id != first.company.id
    # The name alone fits both: refused, never guessed.
    with pytest.raises(InvalidValue, match='2 companies are named "FORNO D\'ORO"'):
        log(desk, company=CompanyDraft("FORNO D'ORO"))
    assert company_count(desk) == 2
