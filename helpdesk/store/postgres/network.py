"""The network in one database: partners shared between desks, referrals into another desk.

A mixin of :class:`~helpdesk.store.postgres.store.PostgresStore`. A desk's partners are the
numbers ``partner_numbers`` gives it (schema 5): its own partners under their own numbers, and
the partners other desks share under numbers of its own, each record kept once by the desk it
belongs to. Another desk of the database is reached through :meth:`network_desk`: a store of
that desk on the same connection, so that what it writes commits with the change here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import tzinfo
from typing import Any, Protocol

import psycopg
from psycopg.types.json import Jsonb

from helpdesk.domain.partners import Partner, Referral
from helpdesk.errors import NotFound
from helpdesk.i18n import _
from helpdesk.store import network_records as nr
from helpdesk.store.interface import DeskStore, Network
from helpdesk.store.postgres.rows import REFERRAL_COLUMNS, referral_row
from helpdesk.store.postgres.statements import insert_rows, update_rows


class _Store(Protocol):
    url: str
    desk: str
    tz: tzinfo

    @property
    def desk_id(self) -> int: ...
    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[Any]: ...
    def _writing(self) -> AbstractContextManager[psycopg.Connection]: ...
    def _connection(self) -> psycopg.Connection: ...
    def _next_ids(self, kind: str, count: int) -> list[int]: ...
    def _sibling(self, desk: str) -> Any: ...


#: A desk's partners: its own and those shared with it, by the desk's numbers. The desk the
#: partner belongs to is named when it is another; a partner standing for this desk is left out.
_PARTNERS = """
SELECT n.id, p.record, CASE WHEN n.owner_desk_id <> n.desk_id THEN d.name ELSE '' END
FROM partner_numbers n
JOIN partners p ON p.desk_id = n.owner_desk_id AND p.id = n.partner_id
JOIN desks d ON d.id = n.owner_desk_id
JOIN desks here ON here.id = n.desk_id
WHERE n.desk_id = %s
  AND (n.owner_desk_id = n.desk_id OR p.for_desk IS DISTINCT FROM here.name)
ORDER BY n.id
"""

#: Shared partners a desk has no number for yet (``%(desk)s`` NULL: every desk's).
_UNLINKED = """
SELECT d.id, p.desk_id, p.id
FROM desks d JOIN partners p ON p.shared AND p.desk_id <> d.id
WHERE (%(desk)s::integer IS NULL OR d.id = %(desk)s::integer)
  AND NOT EXISTS (SELECT 1 FROM partner_numbers n
                  WHERE n.desk_id = d.id AND n.owner_desk_id = p.desk_id AND n.partner_id = p.id)
ORDER BY d.id, p.desk_id, p.id
"""

_ELSEWHERE = """
SELECT d.name, r.id, r.ticket_ref
FROM referrals r
JOIN partner_numbers n ON n.desk_id = r.desk_id AND n.id = r.partner_id
JOIN desks d ON d.id = r.desk_id
WHERE n.owner_desk_id = %s AND n.partner_id = %s AND n.desk_id <> n.owner_desk_id
ORDER BY d.name, r.id
"""

PARTNER_COLUMNS = ("name", "shared", "for_desk", "record")


def partner_row(partner: Partner) -> tuple[Any, ...]:
    """A partner's row, without its desk and number."""
    record = nr.partner_to_record(partner)
    return (partner.name, partner.shared, partner.for_desk or None, Jsonb(record))


def link_shared_partners(conn: psycopg.Connection, desk: int | None = None) -> None:
    """Give every desk (or desk ``desk``) a number of its own for each partner another desk
    shares and it has no number for, from its partner counter. Run inside a transaction."""
    for seer, owner, partner in conn.execute(_UNLINKED, {"desk": desk}).fetchall():
        (number,) = conn.execute(
            """
            INSERT INTO desk_counters (desk_id, kind, last_id) VALUES (%s, 'partners', 1)
            ON CONFLICT (desk_id, kind) DO UPDATE SET last_id = desk_counters.last_id + 1
            RETURNING last_id
            """,
            (seer,),
        ).fetchone() or (1,)
        conn.execute(
            "INSERT INTO partner_numbers (desk_id, id, owner_desk_id, partner_id) "
            "VALUES (%s, %s, %s, %s)",
            (seer, number, owner, partner),
        )


def number_own_partners(conn: psycopg.Connection, desk: int) -> None:
    """Give the desk's own partners their own numbers in ``partner_numbers`` (after they are
    written whole). Run inside a transaction."""
    conn.execute(
        "INSERT INTO partner_numbers (desk_id, id, owner_desk_id, partner_id) "
        "SELECT desk_id, id, desk_id, id FROM partners WHERE desk_id = %s "
        "ON CONFLICT DO NOTHING",
        (desk,),
    )


def link_referrals_to_desks(conn: psycopg.Connection, desk: int) -> None:
    """Fill the desk's referrals' link to the ticket they put in another desk's inbox, from
    their records, where that desk and ticket are in the database. Run inside a transaction."""
    conn.execute(
        """
        UPDATE referrals r SET to_desk_id = d.id, to_ticket_ref = (r.record ->> 'desk_ref')::int
        FROM desks d
        WHERE r.desk_id = %s AND d.name = r.record ->> 'desk' AND d.id <> r.desk_id
          AND EXISTS (SELECT 1 FROM tickets t
                      WHERE t.desk_id = d.id AND t.ref = (r.record ->> 'desk_ref')::int)
        """,
        (desk,),
    )


def shared_partner_copies(conn: psycopg.Connection, desk: int) -> dict[str, Any]:
    """The records of the other desks' partners the desk's referrals name, by the desk's
    numbers, as the desk's own (not shared): what a desk moved out of the database keeps."""
    rows = conn.execute(
        """
        SELECT n.id, p.record FROM partner_numbers n
        JOIN partners p ON p.desk_id = n.owner_desk_id AND p.id = n.partner_id
        WHERE n.desk_id = %s AND n.owner_desk_id <> n.desk_id
          AND EXISTS (SELECT 1 FROM referrals r WHERE r.desk_id = n.desk_id AND r.partner_id = n.id)
        ORDER BY n.id
        """,
        (desk,),
    ).fetchall()
    return {str(id): {k: v for k, v in record.items() if k != "shared"} for id, record in rows}


class NetworkRecords:
    """Partners and referrals of a desk that is one of a network's."""

    # -- partners ---------------------------------------------------------------------------

    def partners(self: _Store) -> list[Partner]:
        """The desk's partners and those other desks share, by the desk's numbers."""
        found = []
        for id, record, owner in self._rows(_PARTNERS, (self.desk_id,)):
            partner = nr.partner_from_record(record, id)
            partner.desk = owner
            found.append(partner)
        return found

    def add_partners(self: _Store, partners: Iterable[Partner]) -> list[Partner]:
        """Save new partners in one transaction and give them their numbers."""
        batch = list(partners)
        if not batch:
            return batch
        with self._writing() as conn:
            ids = self._next_ids("partners", len(batch))
            rows = [(self.desk_id, id, *partner_row(p)) for id, p in zip(ids, batch, strict=True)]
            insert_rows(conn, "partners", ("desk_id", "id", *PARTNER_COLUMNS), rows)
            number_own_partners(conn, self.desk_id)
            if any(p.shared for p in batch):
                link_shared_partners(conn)
        for partner, id in zip(batch, ids, strict=True):
            partner.id = id
        return batch

    def save_partner(self: _Store, partner: Partner) -> None:
        """Write back one of the desk's own partners."""
        row = (self.desk_id, partner.id, *partner_row(partner))
        with self._writing() as conn:
            update_rows(
                conn, "partners", ("desk_id", "id", *PARTNER_COLUMNS), ("desk_id", "id"), [row]
            )

    def share_partner(self: _Store, id: int, shared: bool) -> None:
        """Offer the desk's partner ``id`` to the other desks (each gets a number for it), or
        take it back (their numbers go; the database refuses while a referral names one)."""
        with self._writing() as conn:
            conn.execute(
                "UPDATE partners SET shared = %s, record = CASE WHEN %s "
                "THEN record || '{\"shared\": true}' ELSE record - 'shared' END "
                "WHERE desk_id = %s AND id = %s",
                (shared, shared, self.desk_id, id),
            )
            if shared:
                link_shared_partners(conn)
            else:
                conn.execute(
                    "DELETE FROM partner_numbers WHERE owner_desk_id = %s AND partner_id = %s "
                    "AND desk_id <> owner_desk_id",
                    (self.desk_id, id),
                )

    def partner_referrals_elsewhere(self: _Store, id: int) -> list[tuple[str, int, int]]:
        """The other desks' referrals to the desk's partner ``id``."""
        return [(name, rid, ref) for name, rid, ref in self._rows(_ELSEWHERE, (self.desk_id, id))]

    # -- referrals --------------------------------------------------------------------------

    def referrals(self: _Store) -> list[Referral]:
        """Every referral, oldest first."""
        rows = self._rows(
            "SELECT id, record FROM referrals WHERE desk_id = %s ORDER BY id", (self.desk_id,)
        )
        return [nr.referral_from_record(record, id) for id, record in rows]

    def add_referral(self: _Store, referral: Referral) -> Referral:
        """Save a new referral and give it its number."""
        with self._writing() as conn:
            (referral.id,) = self._next_ids("referrals", 1)
            row = (self.desk_id, referral.id, *referral_row(referral))
            insert_rows(conn, "referrals", ("desk_id", "id", *REFERRAL_COLUMNS), [row])
            if referral.desk:
                link_referrals_to_desks(conn, self.desk_id)
        return referral

    def save_referrals(self: _Store, referrals: Iterable[Referral]) -> None:
        """Write back changed referrals in one transaction."""
        batch = list(referrals)
        if not batch:
            return
        rows = [(self.desk_id, r.id, *referral_row(r)) for r in batch]
        with self._writing() as conn:
            update_rows(
                conn, "referrals", ("desk_id", "id", *REFERRAL_COLUMNS), ("desk_id", "id"), rows
            )
            if any(r.desk for r in batch):
                link_referrals_to_desks(conn, self.desk_id)

    # -- other desks ------------------------------------------------------------------------

    def network(self: _Store) -> Network | None:
        """This desk and the database's other desks."""
        rows = self._rows("SELECT name FROM desks WHERE id <> %s ORDER BY name", (self.desk_id,))
        return Network(self.desk, tuple(name for (name,) in rows))

    def network_desk(self: _Store, name: str) -> DeskStore:
        """The desk ``name`` of this database, on this store's connection.

        Raises:
            NotFound: for a desk the database does not hold, or this desk itself.
        """
        found = self._rows("SELECT 1 FROM desks WHERE name = %s", (name,))
        if not found or name == self.desk:
            others = self._rows(
                "SELECT name FROM desks WHERE id <> %s ORDER BY name", (self.desk_id,)
            )
            raise NotFound(
                _(
                    "The database holds no other desk named {desk!r}; its other desks: {desks}."
                ).format(desk=name, desks=", ".join(n for (n,) in others) or "-")
            )
        other: DeskStore = self._sibling(name)
        return other

    def referral_sent_here(self: _Store, ref: int) -> tuple[str, int] | None:
        """The desk and referral that put ticket ``ref`` in this desk's inbox, if one did."""
        found = self._rows(
            "SELECT d.name, r.id FROM referrals r JOIN desks d ON d.id = r.desk_id "
            "WHERE r.to_desk_id = %s AND r.to_ticket_ref = %s ORDER BY r.id DESC LIMIT 1",
            (self.desk_id, ref),
        )
        return (found[0][0], found[0][1]) if found else None
