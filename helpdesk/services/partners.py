"""Partners of the hub's network: the register, and which partner suits a ticket.

A partner is found by its number or its name (case and accents ignored); two
partners may not share a name. ``suggest`` ranks the active partners by how many of the ticket's
topics they cover, and says which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from helpdesk.domain.models import Contact, Ticket
from helpdesk.domain.partners import Partner, PartnerKind, Ranked, rank_partners
from helpdesk.domain.text import fold
from helpdesk.errors import Conflict, InvalidValue, NeedsNetwork, NotFound
from helpdesk.i18n import _
from helpdesk.services.context import Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.tickets import TicketService
from helpdesk.store.interface import Network
from helpdesk.store.network import needs_network

#: The kinds of partner, as typed.
KINDS = ", ".join(k.value for k in PartnerKind)


@dataclass(slots=True)
class PartnerDraft:
    """What a new partner is made of, as typed (checked when built).

    Attributes:
        name: How people call it.
        kind: A :class:`PartnerKind` value or member.
        topics: Topic keys or labels of the desk's taxonomy.
        competences: Free words for what it does.
        people: Contact people.
        answer_days: Working days it usually takes to answer.
        notes: Anything else.
        desk: Another desk of the database the partner stands for (a referral to it lands
            in that desk's inbox); its name and kind default to "Desk NAME" and hub.
    """

    name: str
    kind: str | PartnerKind
    topics: list[str] = field(default_factory=list)
    competences: list[str] = field(default_factory=list)
    people: list[Contact] = field(default_factory=list)
    answer_days: int | str | None = None
    notes: str = ""
    desk: str = ""


@dataclass(slots=True)
class PartnerEdit:
    """Changes to a partner; None leaves a field as it is.

    Attributes:
        name: New name.
        kind: New kind.
        topics: New topics (replacing the old).
        competences: New competences (replacing the old).
        person: A contact person to add.
        answer_days: New answer delay; ``""`` clears it (the desk's default applies).
        notes: New notes.
        active: Whether the desk still works with it.
    """

    name: str | None = None
    kind: str | None = None
    topics: list[str] | None = None
    competences: list[str] | None = None
    person: Contact | None = None
    answer_days: int | str | None = None
    notes: str | None = None
    active: bool | None = None


class PartnerService:
    """The register of partners and suggestions for a ticket."""

    def __init__(self, ctx: Context, tickets: TicketService, directory: DirectoryService) -> None:
        self._ctx = ctx
        self._tickets = tickets
        self._directory = directory

    def partners(self, *, kind: str | None = None, topic: str | None = None) -> list[Partner]:
        """Partners by name, those the desk stopped working with last.

        Args:
            kind: Only partners of this kind.
            topic: Only partners covering this topic (key or label).
        """
        found = self._ctx.store.partners()
        if kind:
            wanted = PartnerKind.parse(kind)
            found = [p for p in found if p.kind is wanted]
        if topic:
            key = self._directory.topic_keys([topic])[0]
            found = [p for p in found if key in p.topics]
        return sorted(found, key=lambda p: (not p.active, fold(p.name)))

    def get(self, name_or_id: int | str) -> Partner:
        """One partner by number (``3``, ``#3``) or name (case and accents ignored).

        Raises:
            NotFound: saying how to list the partners.
        """
        partners = self._ctx.store.partners()
        text = str(name_or_id).strip()
        if text.lstrip("#").isdigit():
            number = int(text.lstrip("#"))
            for partner in partners:
                if partner.id == number:
                    return partner
        for partner in partners:
            if fold(partner.name) == fold(text):
                return partner
        near = [p.name for p in partners if fold(text) in fold(p.name)]
        hint = _(" Did you mean: {names}?").format(names=", ".join(near[:3])) if near else ""
        raise NotFound(
            _("No partner {text!r}.{hint} See `helpdesk partner list`.").format(
                text=text, hint=hint
            )
        )

    def build(self, draft: PartnerDraft) -> Partner:
        """A partner from a draft, every field checked; not saved.

        Raises:
            InvalidValue: for an empty name, an unknown kind or topic, a bad answer delay.
        """
        stands_for = self._desk_of_network(draft.desk) if draft.desk.strip() else ""
        name = " ".join(draft.name.split())
        if not name and stands_for:
            name = _("Desk {desk}").format(desk=stands_for)
        if not name:
            raise InvalidValue(_("A partner needs a name."))
        kind = draft.kind or (PartnerKind.HUB if stands_for else "")
        if not kind:
            raise InvalidValue(_("A partner needs a kind: --kind {kinds}.").format(kinds=KINDS))
        return Partner(
            name=name,
            kind=PartnerKind.parse(kind) if isinstance(kind, str) else kind,
            for_desk=stands_for,
            topics=self._topics(draft.topics),
            competences=_words(draft.competences),
            people=[p for p in draft.people if not p.is_empty()],
            answer_days=answer_days(draft.answer_days),
            notes=draft.notes.strip(),
        )

    def add(self, draft: PartnerDraft) -> Partner:
        """Register a partner.

        Raises:
            InvalidValue: for a bad field (see :meth:`build`).
            Conflict: when a partner of that name exists.
        """
        return self.add_many([draft])[0]

    def add_many(self, drafts: Sequence[PartnerDraft]) -> list[Partner]:
        """Register many partners in one write, or none when any is refused."""
        with self._ctx.store.transaction():
            taken = {fold(p.name): p for p in self._ctx.store.partners()}
            built = []
            for draft in drafts:
                partner = self.build(draft)
                if fold(partner.name) in taken:
                    other = taken[fold(partner.name)]
                    raise Conflict(
                        _(
                            "Partner {name!r} exists already (number {number}); change it with "
                            "`helpdesk partner edit {number} …`."
                        ).format(name=partner.name, number=other.id)
                    )
                taken[fold(partner.name)] = partner
                built.append(partner)
            return self._ctx.store.add_partners(built)

    def edit(self, name_or_id: int | str, changes: PartnerEdit) -> Partner:
        """Change a partner.

        Raises:
            NotFound: for an unknown partner.
            InvalidValue: for a bad field.
            Conflict: for a name another partner has.
        """
        with self._ctx.store.transaction():
            partner = self.get(name_or_id)
            refuse_if_elsewhere(partner)
            if changes.name is not None:
                name = " ".join(changes.name.split())
                if not name:
                    raise InvalidValue(_("A partner needs a name."))
                for other in self._ctx.store.partners():
                    if other.id != partner.id and fold(other.name) == fold(name):
                        raise Conflict(
                            _("Partner {name!r} exists already (number {number}).").format(
                                name=name, number=other.id
                            )
                        )
                partner.name = name
            if changes.kind is not None:
                partner.kind = PartnerKind.parse(changes.kind)
            if changes.topics is not None:
                partner.topics = self._topics(changes.topics)
            if changes.competences is not None:
                partner.competences = _words(changes.competences)
            if changes.person is not None and not changes.person.is_empty():
                partner.people.append(changes.person)
            if changes.answer_days is not None:
                partner.answer_days = answer_days(changes.answer_days)
            if changes.notes is not None:
                partner.notes = changes.notes.strip()
            if changes.active is not None:
                partner.active = changes.active
            self._ctx.store.save_partner(partner)
        return partner

    def share(self, name_or_id: int | str, shared: bool = True) -> Partner:
        """Offer one of the desk's partners to every desk of the network, or take it back.

        A shared partner is one record, kept and edited by this desk; every other desk lists
        it (with this desk's name) under a number of its own and may refer to it.

        Raises:
            NeedsNetwork: on a desk alone in its store (a file).
            Conflict: for another desk's partner, one already so, or unsharing one that other
                desks' referrals name (they are listed: those referrals keep it shared).
        """
        self.network()
        with self._ctx.store.transaction():
            partner = self.get(name_or_id)
            refuse_if_elsewhere(partner)
            if partner.shared == shared:
                message = (
                    _("Partner {number} {name} is shared already.")
                    if shared
                    else _("Partner {number} {name} is not shared.")
                )
                raise Conflict(message.format(number=partner.id, name=partner.name))
            if not shared:
                uses = self._ctx.store.partner_referrals_elsewhere(partner.id)
                if uses:
                    listed = ", ".join(
                        _("{desk} referral {number} (#{ref})").format(desk=d, number=n, ref=r)
                        for d, n, r in uses
                    )
                    raise Conflict(
                        _(
                            "Partner {number} {name} stays shared: other desks referred tickets "
                            "to it ({referrals})."
                        ).format(number=partner.id, name=partner.name, referrals=listed)
                    )
            self._ctx.store.share_partner(partner.id, shared)
            partner.shared = shared
        return partner

    def in_network(self) -> bool:
        """Whether the desk is one of a network's (partners can be shared, desks referred to)."""
        return self._ctx.store.network() is not None

    def network(self) -> Network:
        """The desks of the database this desk belongs to.

        Raises:
            NeedsNetwork: on a desk alone in its store (a file).
        """
        network = self._ctx.store.network()
        if network is None:
            raise NeedsNetwork(needs_network(self._ctx.store.describe()))
        return network

    def _desk_of_network(self, name: str) -> str:
        network = self.network()
        wanted = name.strip().lower()
        if wanted not in network.others:
            raise NotFound(
                _(
                    "The database holds no other desk named {desk!r}; its other desks: {desks}."
                ).format(desk=name.strip(), desks=", ".join(network.others) or "-")
            )
        return wanted

    def suggest(self, ref: int | str) -> tuple[Ticket, list[Ranked]]:
        """Active partners for a ticket, ranked by the ticket's topics they cover.

        Raises:
            NotFound: for an unknown ticket.
        """
        ticket = self._tickets.get(ref)
        return ticket, rank_partners(ticket.topics, self.partners())

    def topic_label(self, key: str) -> str:
        """A topic's label for people."""
        for topic in self._directory.topics(include_inactive=True):
            if topic.key == key:
                return topic.label()
        return key

    def _topics(self, names: Sequence[str]) -> list[str]:
        wanted = [n for n in (x.strip() for x in names) if n]
        return list(dict.fromkeys(self._directory.topic_keys(wanted))) if wanted else []


def refuse_if_elsewhere(partner: Partner) -> None:
    """Refuse to change a partner another desk shares: only its own desk changes it.

    Raises:
        Conflict: naming the desk it belongs to.
    """
    if partner.desk:
        raise Conflict(
            _(
                "Partner {number} {name} belongs to the desk {desk}, which shares it: only that "
                "desk changes it."
            ).format(number=partner.id, name=partner.name, desk=partner.desk)
        )


def answer_days(value: int | str | None) -> int | None:
    """Working days to answer, 1–120; ``None`` or ``""`` for the desk's default.

    Raises:
        InvalidValue: for anything but a whole number in range.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        days = int(str(value).strip())
    except ValueError:
        raise InvalidValue(
            _("Answer delay {value!r} is not a number of working days, e.g. 10.").format(
                value=value
            )
        ) from None
    if not 1 <= days <= 120:
        raise InvalidValue(
            _("Answer delay {days} must be between 1 and 120 working days.").format(days=days)
        )
    return days


def _words(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(" ".join(v.split()) for v in values if v.strip()))
