"""The hub's network in an import: programmes, partners and referrals of an export.

An export names a referral's ticket by the exporting desk's reference and its partner by the
exporting desk's number; the importing desk numbers both anew. A partner already on the desk
(same name, case and accents ignored) and a programme already there (same key) are kept as
they are; a referral already there (same ticket, partner and moment sent) is not added
twice. Each referral keeps the number of its answer follow-up, which its ticket brought along
with it, so an import adds no second follow-up; that follow-up's note is made to name the
referral and partner as this desk numbers and names them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from helpdesk.domain.partners import Partner, Referral
from helpdesk.domain.programmes import Programme
from helpdesk.domain.text import fold
from helpdesk.i18n import _
from helpdesk.services.context import desk_language
from helpdesk.services.importing.document import Document
from helpdesk.services.importing.renumbering import NewRef
from helpdesk.services.referrals import ReferralService
from helpdesk.store.interface import DeskStore


@dataclass(slots=True)
class NetworkPlan:
    """What an import adds to the desk's network.

    Attributes:
        programmes: Programmes the desk does not have (an export's, or those JSON Lines carry).
        partners: Partners the desk does not have, still numbered as in the export.
        partner_map: The export's partner number → the partner on this desk (or to be added).
        referrals: The export's referrals, still pointing at the export's numbers.
        referrals_to_add: How many of them the import adds (see :func:`new_referrals`).
    """

    programmes: list[Programme] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    partner_map: dict[int, Partner] = field(default_factory=dict)
    referrals: list[Referral] = field(default_factory=list)
    referrals_to_add: int = 0

    def writes_anything(self) -> bool:
        """Whether it adds anything at all."""
        return bool(self.programmes or self.partners or self.referrals)


def plan_network(store: DeskStore, document: Document, carried: list[Programme]) -> NetworkPlan:
    """What of ``document``'s network (and of the programmes JSON Lines ``carried``) the desk
    lacks."""
    plan = NetworkPlan()
    keys = {p.key for p in store.programmes()}
    for programme in [*document.programmes, *carried]:
        if programme.key not in keys:
            keys.add(programme.key)
            plan.programmes.append(programme)
    here = {fold(p.name): p for p in store.partners()}
    for partner in document.partners:
        found = here.get(fold(partner.name))
        if found is None:
            found = dataclasses.replace(partner, people=list(partner.people))
            here[fold(partner.name)] = found
            plan.partners.append(found)
        plan.partner_map[partner.id] = found
    plan.referrals = list(document.referrals)
    return plan


def new_referrals(
    plan: NetworkPlan, store: DeskStore, uid_refs: Mapping[str, int], old_uids: Mapping[int, str]
) -> int:
    """How many of the plan's referrals an import would add: not those whose ticket is neither
    in the file nor in the database, nor those the database has already. ``uid_refs`` gives
    each ticket's reference here (0 for one the import will add), ``old_uids`` each exported
    ticket's uid."""
    known = {(r.ref, r.partner, r.sent) for r in store.referrals()}
    added_partners = {id(p) for p in plan.partners}
    count = 0
    for referral in plan.referrals:
        uid = old_uids.get(referral.ref)
        partner = plan.partner_map.get(referral.partner)
        if uid is None or uid not in uid_refs or partner is None:
            continue
        ref, here = uid_refs[uid], id(partner) not in added_partners
        if ref and here and (ref, partner.id, referral.sent) in known:
            continue
        count += 1
    return count


def apply_network(store: DeskStore, plan: NetworkPlan, refs: NewRef, warnings: list[str]) -> int:
    """Write the plan, inside the import's transaction, after its tickets; the number of
    referrals added."""
    for programme in plan.programmes:
        store.save_programme(programme)
    for new in plan.partners:
        new.id = 0
    store.add_partners(plan.partners)
    known = {(r.ref, r.partner, r.sent) for r in store.referrals()}
    added = 0
    for referral in plan.referrals:
        ref = refs(referral.ref)
        partner = plan.partner_map.get(referral.partner)
        if not ref or partner is None:
            warnings.append(
                (
                    _(
                        "the referral of #{ref} was dropped: its ticket is neither in the file "
                        "nor in the database."
                    )
                    if not ref
                    else _(
                        "the referral of #{ref} was dropped: its partner is neither in the file "
                        "nor in the database."
                    )
                ).format(ref=referral.ref)
            )
            continue
        if (ref, partner.id, referral.sent) in known:
            continue
        known.add((ref, partner.id, referral.sent))
        added_referral = store.add_referral(
            dataclasses.replace(referral, id=0, ref=ref, partner=partner.id, steps=referral.steps)
        )
        _renumber_note(store, added_referral, referral.id, partner)
        added += 1
    return added


def _renumber_note(store: DeskStore, referral: Referral, old_id: int, partner: Partner) -> None:
    """The answer follow-up's note names the referral by its number and its partner by name:
    say this desk's, as a referral made here would."""
    ticket = store.ticket(referral.ref) if referral.followup is not None else None
    if ticket is None:
        return
    for followup in ticket.followups:
        if followup.id == referral.followup and ReferralService.is_followup_note(
            followup.note, old_id
        ):
            note = ReferralService.followup_note(partner, referral, desk_language(store))
            if note != followup.note:
                followup.note = note
                store.save_ticket(ticket)
            return
