"""The store's tables for the hub's network: partners, referrals and programmes.

A mixin of :class:`~helpdesk.store.store.Store`, kept apart so that the store's own module
stays about tickets and companies; it uses the store's tables and transactions only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

from helpdesk.domain.partners import Partner, Referral
from helpdesk.domain.programmes import Programme
from helpdesk.errors import NeedsNetwork
from helpdesk.i18n import _
from helpdesk.store import network_records as nr
from helpdesk.store.interface import DeskStore, Network
from helpdesk.store.network_records import PARTNERS, PROGRAMMES, REFERRALS


class _Tables(Protocol):
    def _raw(self, table: str) -> Mapping[str, Any]: ...
    def _table(self, name: str) -> Any: ...
    def transaction(self) -> AbstractContextManager[None]: ...
    def _upsert_keyed(self, table: str, key: str, record: dict[str, Any]) -> None: ...
    def describe(self) -> str: ...


class NetworkTables:
    """Partners, referrals and programmes, read and written through the store's tables."""

    # -- partners ---------------------------------------------------------------------------

    def partners(self: _Tables) -> list[Partner]:
        """Every partner, in the order they were added."""
        return [nr.partner_from_record(r, int(k)) for k, r in self._raw(PARTNERS).items()]

    def add_partners(self: _Tables, partners: Iterable[Partner]) -> list[Partner]:
        """Save new partners in one write and give them their numbers."""
        batch = list(partners)
        with self.transaction():
            ids = self._table(PARTNERS).insert_multiple(nr.partner_to_record(p) for p in batch)
        for partner, id in zip(batch, ids, strict=True):
            partner.id = id
        return batch

    def save_partner(self: _Tables, partner: Partner) -> None:
        """Write back a changed partner."""
        with self.transaction():
            self._table(PARTNERS).replace_documents({partner.id: nr.partner_to_record(partner)})

    # -- referrals --------------------------------------------------------------------------

    def referrals(self: _Tables) -> list[Referral]:
        """Every referral, oldest first."""
        return [nr.referral_from_record(r, int(k)) for k, r in self._raw(REFERRALS).items()]

    def add_referral(self: _Tables, referral: Referral) -> Referral:
        """Save a new referral and give it its number."""
        with self.transaction():
            referral.id = self._table(REFERRALS).insert(nr.referral_to_record(referral))
        return referral

    def save_referrals(self: _Tables, referrals: Iterable[Referral]) -> None:
        """Write back changed referrals in one write."""
        with self.transaction():
            self._table(REFERRALS).replace_documents(
                {r.id: nr.referral_to_record(r) for r in referrals}
            )

    # -- the network: a file desk is alone ----------------------------------------------------

    def network(self) -> Network | None:
        """None: a file holds one desk, alone."""
        return None

    def share_partner(self: _Tables, id: int, shared: bool) -> None:
        """Refused: a file desk has no other desk to share with."""
        raise NeedsNetwork(needs_network(self.describe()))

    def partner_referrals_elsewhere(self, id: int) -> list[tuple[str, int, int]]:
        """None: no other desk refers to a file desk's partners."""
        return []

    def network_desk(self: _Tables, name: str) -> DeskStore:
        """Refused: a file desk has no other desk."""
        raise NeedsNetwork(needs_network(self.describe()))

    def referral_sent_here(self, ref: int) -> tuple[str, int] | None:
        """None: no other desk sends tickets into a file desk."""
        return None

    # -- programmes -------------------------------------------------------------------------

    def programmes(self: _Tables) -> list[Programme]:
        """Every programme, in the order they were added."""
        return [nr.programme_from_record(r) for r in self._raw(PROGRAMMES).values()]

    def save_programme(self: _Tables, programme: Programme) -> None:
        """Add a programme, or replace the one with the same key."""
        self._upsert_keyed(PROGRAMMES, programme.key, nr.programme_to_record(programme))


def needs_network(where: str) -> str:
    """The refusal of a network feature on a desk alone in its store, ``where``."""
    return _(
        "{where} is a desk of its own: sharing partners and referring tickets to other desks "
        "need the network's desks in one PostgreSQL database (--db postgresql://…)."
    ).format(where=where)
