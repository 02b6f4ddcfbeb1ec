"""Text the services keep in the database is written in the desk's language, and read in either.

A follow-up's note and a ticket's history are the desk's own text from the moment they are
written: an Italian desk keeps "Risposta attesa da …", not "Answer expected from …". The code
that recognises such a note later (a referral's waiting follow-up renumbered on import, a
call's deadline note compared with the deadline) reads it in both languages, so a desk that
changes language in between keeps working.
"""

from __future__ import annotations

import pytest

from helpdesk.dates import FrozenClock
from helpdesk.i18n import language, set_language
from helpdesk.services.calls import CallDraft, CallEdit
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.importing.service import ImportOptions
from helpdesk.services.importing.sources import read_source
from helpdesk.services.partners import PartnerDraft
from helpdesk.services.referrals import ReferralService
from helpdesk.services.tickets import TicketDraft
from helpdesk.services.webinars import AFTER_WEBINAR_NOTE


def history(desk: Desk, ref: int, field: str) -> list[tuple[str | None, str | None]]:
    return [(h.old, h.new) for h in desk.tickets.get(ref).history if h.field == field]


#: What a follow-up's life writes in its ticket's history, in each language.
FOLLOWUP_HISTORY = {
    "it": [
        (None, "#1 scadenza ven 27 nov 2026: Richiamare"),
        ("#1 scadenza ven 27 nov 2026", "#1 scadenza lun 30 nov 2026"),
        ("#1 scadenza lun 30 nov 2026: Richiamare", "#1 fatto: Inviato il preventivo"),
        (None, "#2 scadenza mar 1 dic 2026"),
        ("#2 scadenza mar 1 dic 2026", "#2 annullato"),
        (None, "#3 scadenza mer 2 dic 2026"),
        ("#3 scadenza mer 2 dic 2026", "#3 annullato: richiesta chiusa"),
    ],
    "en": [
        (None, "#1 due Fri 27 Nov 2026: Richiamare"),
        ("#1 due Fri 27 Nov 2026", "#1 due Mon 30 Nov 2026"),
        ("#1 due Mon 30 Nov 2026: Richiamare", "#1 done: Inviato il preventivo"),
        (None, "#2 due Tue 1 Dec 2026"),
        ("#2 due Tue 1 Dec 2026", "#2 cancelled"),
        (None, "#3 due Wed 2 Dec 2026"),
        ("#3 due Wed 2 Dec 2026", "#3 cancelled: ticket closed"),
    ],
}


@pytest.mark.parametrize(("desk_language", "screen"), [("it", "en"), ("en", "it")])
def test_follow_up_history_is_written_in_the_desks_language_not_the_screens(
    desk: Desk, desk_language: str, screen: str
) -> None:
    desk.set_language(desk_language)
    set_language(screen)
    ref = desk.tickets.log(TicketDraft("Sito nuovo")).ticket.ref
    desk.followups.add(ref, "2026-11-27", "Richiamare")
    desk.followups.move(ref, 1, "2026-11-30")
    desk.followups.done(ref, 1, "Inviato il preventivo")
    desk.followups.add(ref, "2026-12-01")
    desk.followups.cancel(ref, 2)
    desk.followups.add(ref, "2026-12-02")
    desk.tickets.set_status(ref, "triaged")
    desk.tickets.set_status(ref, "in_progress")
    desk.tickets.close(ref, "advised", cancel_followups=True)
    assert history(desk, ref, "followup") == FOLLOWUP_HISTORY[desk_language]
    assert language() == screen


def test_a_desk_without_a_language_writes_in_the_one_it_is_spoken_in(
    desk: Desk, italian: None
) -> None:
    assert desk.language() is None
    ref = desk.tickets.log(TicketDraft("Sito nuovo")).ticket.ref
    desk.followups.add(ref, "2026-11-27")
    assert history(desk, ref, "followup") == [(None, "#1 scadenza ven 27 nov 2026")]


@pytest.fixture
def partner(desk: Desk) -> int:
    return desk.partners.add(PartnerDraft("Competence Center MADE", "competence_center")).id


@pytest.mark.parametrize(
    ("code", "note"),
    [
        ("it", "Risposta attesa da Competence Center MADE (segnalazione {id})"),
        ("en", "Answer expected from Competence Center MADE (referral {id})"),
    ],
)
def test_a_referrals_waiting_note_is_in_the_desks_language_and_read_in_both(
    desk: Desk, partner: int, code: str, note: str
) -> None:
    desk.set_language(code)
    ref = desk.tickets.log(TicketDraft("Robot di confezionamento")).ticket.ref
    referral = desk.referrals.refer(ref, partner)
    [followup] = desk.tickets.get(ref).pending_followups()
    assert followup.note == note.format(id=referral.id)
    assert ReferralService.is_followup_note(followup.note, referral.id)
    assert not ReferralService.is_followup_note(followup.note, referral.id + 1)
    assert not ReferralService.is_followup_note("Richiamare il titolare", referral.id)


def export_with_a_waiting_referral(clock: FrozenClock, code: str) -> bytes:
    source = memory_desk(clock, actor="ms")
    source.directory.add_adviser("ms", "Marta Sala")
    source.set_language(code)
    made = source.partners.add(PartnerDraft("Competence Center MADE", "competence_center"))
    for subject in ("Sensori IoT", "Robot di confezionamento"):
        ref = source.tickets.log(TicketDraft(subject)).ticket.ref
    source.referrals.refer(ref, made.id)
    referral = next(r for r in source.ctx.store.referrals() if r.ref == ref)
    assert referral.id == 1
    return source.exports.export("", "json").data


@pytest.mark.parametrize(("written_in", "read_by"), [("en", "it"), ("it", "en"), ("it", "it")])
def test_an_imported_referral_renames_its_note_whichever_language_wrote_it(
    clock: FrozenClock, written_in: str, read_by: str
) -> None:
    data = export_with_a_waiting_referral(clock, written_in)
    target = memory_desk(clock, actor="gb")
    target.directory.add_adviser("gb", "Giulio Bassi")
    target.set_language(read_by)
    target.partners.add(PartnerDraft("Politecnico", "university"))
    target.partners.add(PartnerDraft("competence center made", "dih"))
    target.referrals.refer(target.tickets.log(TicketDraft("Altro")).ticket.ref, "Politecnico")
    target.imports.run(read_source(data, "desk.json"), ImportOptions())
    waiting = [r for r in target.ctx.store.referrals() if r.partner != 1]
    [referral] = waiting
    assert referral.id == 2
    [followup] = target.tickets.get(referral.ref).pending_followups()
    said = {
        "it": "Risposta attesa da competence center made (segnalazione 2)",
        "en": "Answer expected from competence center made (referral 2)",
    }
    assert followup.note == said[read_by]


def voucher() -> CallDraft:
    return CallDraft(
        title="Voucher digitali I4.0",
        funder="chamber",
        opens="01/11/2026 09:00",
        closes="11/12/2026 12:00",
    )


def test_a_deadline_note_survives_the_desk_changing_language(desk: Desk) -> None:
    desk.set_language("en")
    call = desk.calls.add(voucher())
    ref = desk.tickets.log(TicketDraft("Contributi per il forno")).ticket.ref
    desk.calls.apply(ref, call.id)
    [followup] = desk.tickets.get(ref).pending_followups()
    english = f"Call {call.id} “Voucher digitali I4.0” closes 11 Dec 2026 12:00"
    assert followup.note == english + ": submit the application"

    desk.set_language("it")
    # The deadline has not moved: the English note still names it, and stays as written.
    stepped = desk.calls.step(ref, call.id, "preparing")
    assert stepped.followup == ""
    _, moved = desk.calls.edit(call.id, CallEdit(budget="100.000"))
    assert moved == []
    assert desk.tickets.get(ref).pending_followups()[0].note == followup.note

    # A new deadline is written anew, in the desk's language of now.
    _, moved = desk.calls.edit(call.id, CallEdit(closes="18/12/2026 12:00"))
    assert [m.followup for m in moved] == ["moved"]
    [followup] = desk.tickets.get(ref).pending_followups()
    assert followup.note == (
        f"Bando {call.id} “Voucher digitali I4.0”: chiude 18 dic 2026 12:00, presentare la domanda"
    )
    assert history(desk, ref, "followup")[-1] == (
        "#1 scadenza gio 3 dic 2026",
        "#1 scadenza ven 11 dic 2026",
    )


@pytest.mark.parametrize("code", ["it", "en"])
def test_the_webinars_follow_up_note_is_the_desks(desk: Desk, code: str) -> None:
    from helpdesk.i18n import message_in

    desk.set_language(code)
    assert desk.ctx.written(AFTER_WEBINAR_NOTE) == message_in(code, AFTER_WEBINAR_NOTE)
    assert (
        desk.ctx.written(AFTER_WEBINAR_NOTE)
        == {
            "it": "Dopo il webinar: prossimi passi",
            "en": "After the webinar: next steps",
        }[code]
    )
