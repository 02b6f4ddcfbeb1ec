"""Referrals between the desks of a network: a ticket passed into another desk's inbox.

A partner may stand for another desk of the same database (``partner add --desk hub-02``).
Referring a ticket to it puts a new ticket in that desk's inbox, in the referral's own
transaction: new, unassigned, with the business (found there by VAT number or name, else
copied), the request's subject, description and topics, and a note saying which desk sent it
and from which request. The referral keeps that ticket's reference, so the sending desk reads
where it stands; when the receiving desk closes it, the referral records the answer (the
outcome, and its note) and the follow-up that waited for it is cancelled.
"""

from __future__ import annotations

import dataclasses

from helpdesk.domain.enums import Status
from helpdesk.domain.models import Company, Note, Ticket
from helpdesk.domain.partners import Partner, Referral, ReferralState, Step
from helpdesk.domain.programmes import Source
from helpdesk.domain.text import company_key
from helpdesk.errors import HelpdeskError
from helpdesk.i18n import N_, message_in
from helpdesk.services.context import Context, desk_language
from helpdesk.services.tickets import new_uid
from helpdesk.store.interface import DeskStore

#: The note on a ticket that arrived from another desk, in the receiving desk's language.
ARRIVED_NOTE = N_("Referred by the desk {desk} (request {ref}): {note}")
ARRIVED_NOTE_BARE = N_("Referred by the desk {desk} (request {ref})")

#: The referral's answer when the receiving desk closes its ticket, in the sender's language.
ANSWER_NOTE = N_("The desk {desk} closed #{ref}: {outcome}")


def send_to_desk(ctx: Context, ticket: Ticket, partner: Partner, referral: Referral) -> int:
    """Put a new ticket for ``ticket``'s request in the inbox of the desk ``partner`` stands
    for; returns its reference there. Run inside the referral's transaction.

    Raises:
        NotFound: when the database no longer holds that desk.
    """
    other = ctx.store.network_desk(partner.for_desk)
    network = ctx.store.network()
    here = network.here if network else ""
    company_id = None
    if ticket.company_id is not None:
        company = ctx.store.company(ticket.company_id)
        if company is not None:
            company_id = _company_there(other, company)
    known = {t.key for t in other.topics()}
    now = ctx.now()
    language = desk_language(other)
    template = ARRIVED_NOTE if referral.note else ARRIVED_NOTE_BARE
    note = message_in(language, template).format(desk=here, ref=ticket.ref, note=referral.note)
    arrived = Ticket(
        uid=new_uid(),
        created=now,
        updated=now,
        subject=ticket.subject,
        channel=ticket.channel,
        company_id=company_id,
        contact=dataclasses.replace(ticket.contact),
        description=ticket.description,
        topics=[t for t in ticket.topics if t in known],
        priority=ticket.priority,
        source=Source.HUB,
        notes=[Note(now, ctx.actor, note)],
    )
    other.add_ticket(arrived)
    return arrived.ref


def _company_there(other: DeskStore, company: Company) -> int:
    # The business as the other desk knows it (same VAT number or name), else a copy of it.
    found = other.find_company(vat=company.vat or "", key=company_key(company.name))
    if found is None:
        found = other.add_company(
            dataclasses.replace(company, id=0, history=[], contacts=list(company.contacts))
        )
    return found.id


def answer_from_desk(ctx: Context, ticket: Ticket) -> None:
    """Record, on the other desk's referral that sent ``ticket`` here, the answer its closing
    gives, and cancel the follow-up that waited for it there. Run inside the closing's
    transaction; a referral already answered (or ended) is left as it is."""
    sent = ctx.store.referral_sent_here(ticket.ref)
    network = ctx.store.network()
    if sent is None or network is None:
        return
    desk, number = sent
    sender = ctx.store.network_desk(desk)
    referral = next((r for r in sender.referrals() if r.id == number), None)
    if referral is None or not referral.state.waiting:
        return
    language = desk_language(sender)
    outcome = ticket.outcome.value if ticket.outcome else Status.CLOSED.value
    said = message_in(language, ANSWER_NOTE).format(
        desk=network.here, ref=ticket.ref, outcome=outcome
    )
    if ticket.outcome_note:
        said = f"{said} ({ticket.outcome_note})"
    now = ctx.now()
    referral.steps.append(Step(ReferralState.ANSWERED, now, ctx.actor, said))
    waiting = sender.ticket(referral.ref)
    if waiting is not None:
        for followup in waiting.followups:
            if followup.id == referral.followup and followup.pending:
                followup.cancelled = True
        waiting.record(
            "referral",
            f"{referral.id} {ReferralState.SENT.value}",
            f"{referral.id} {ReferralState.ANSWERED.value} by {network.here} ({said})",
            who=ctx.actor,
            at=now,
        )
        sender.save_ticket(waiting)
    referral.followup = None
    sender.save_referrals([referral])


def status_there(ctx: Context, referral: Referral) -> Status | None:
    """The status of the ticket ``referral`` put in another desk's inbox; None when it put
    none, or the desk or ticket is not in this store (a desk moved out of the database)."""
    if not referral.desk or referral.desk_ref is None or ctx.store.network() is None:
        return None
    try:
        found = ctx.store.network_desk(referral.desk).ticket(referral.desk_ref, partial=True)
    except HelpdeskError:  # a desk gone from the database: nothing to read
        return None
    return found.status if found is not None else None
