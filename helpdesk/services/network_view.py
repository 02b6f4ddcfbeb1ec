"""The network seen whole: every desk of a PostgreSQL database at once (``--desk all``).

Each hub is a desk of one database. A network-wide command opens every desk as the adviser
would open each alone, asks each the same question, and puts the answers together: a listing
merges each desk's own page (filtered, ordered and cut by its server) in the order asked, so
its paging holds across desks; the businesses are gathered by VAT number. The filter language
means on each desk what it means there alone (``assignee:me`` names the same adviser's key on
every desk). The figures for the whole network live in :mod:`helpdesk.services.network_summary`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from helpdesk.domain.models import Company, Ticket
from helpdesk.domain.ordering import SortKey, sort_keys, sort_names
from helpdesk.domain.text import company_key
from helpdesk.errors import HelpdeskError, InvalidFilter, NotFound
from helpdesk.i18n import N_, _, message_in
from helpdesk.services.tickets import DEFAULT_SORT

if TYPE_CHECKING:
    from helpdesk.services.desk import Desk
    from helpdesk.services.dossier import Dossier
    from helpdesk.store.postgres.desks import DeskOverview

#: What ``--desk`` names to mean every desk of the database.
ALL_DESKS = "all"

#: The heading of each desk's part of a network dossier.
DESK_HEADING = N_("Desk {desk}")


class OneDeskOnly(HelpdeskError):
    """A command that works on one desk was asked for the whole network, or the database holds
    one desk only (a file)."""

    exit_code = 2


def one_desk_only(command: str, desks: Sequence[str]) -> OneDeskOnly:
    """The refusal of ``--desk all`` for ``command``, naming the desks to choose from."""
    if not desks:
        return OneDeskOnly(
            _(
                "--desk all is for a PostgreSQL database's network of desks; a database file "
                "holds one desk: leave --desk out."
            )
        )
    return OneDeskOnly(
        _("{command} works on one desk: give --desk NAME; the desks here: {desks}.").format(
            command=command, desks=", ".join(desks)
        )
    )


@dataclass(frozen=True, slots=True)
class DeskTicket:
    """A ticket of the network, with the desk that holds it."""

    desk: str
    ticket: Ticket


@dataclass(slots=True)
class NetworkCompany:
    """A business as the network knows it: once per VAT number (else per name).

    Attributes:
        name: Its name (as the first desk that knows it writes it).
        vat: Its VAT number, when one desk has it.
        known_by: Each desk that knows it → its record there.
        tickets: Each desk that knows it → its tickets there.
    """

    name: str
    vat: str | None
    known_by: dict[str, Company] = field(default_factory=dict)
    tickets: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Its tickets on every desk."""
        return sum(self.tickets.values())


class NetworkView:
    """Every desk of one database, asked the same questions.

    Args:
        desks: Each desk by name, opened as a one-desk command would open it.
        overview: Returns each desk's figures (tickets, open, advisers, last change).
    """

    def __init__(
        self, desks: Mapping[str, Desk], overview: Callable[[], list[DeskOverview]]
    ) -> None:
        self.desks = dict(sorted(desks.items()))
        self._overview = overview
        self._on_close: list[Callable[[], None]] = []

    def names(self) -> list[str]:
        """The desks' names, in alphabetical order."""
        return list(self.desks)

    def overview(self) -> list[DeskOverview]:
        """Each desk with its tickets, open tickets, advisers and last change."""
        return self._overview()

    def on_close(self, then: Callable[[], None]) -> None:
        """Run ``then`` when the view is closed (to let go of what it was built from)."""
        self._on_close.append(then)

    def close(self) -> None:
        """Let go of every desk."""
        for desk in self.desks.values():
            desk.close()
        for then in self._on_close:
            then()

    # -- tickets ----------------------------------------------------------------------------

    def search(
        self,
        query: str = "",
        *,
        sort: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        partial: bool = False,
    ) -> list[DeskTicket]:
        """The tickets of every desk matching ``query``, in the order ``sort`` asks, paged.

        Each desk answers its own first ``offset + limit`` tickets (the server filters, orders
        and cuts them); these are merged in the same order, ties by desk name and then in the
        desk's own order, and the page is cut from the merge: no ticket of the network's page
        can lie beyond a desk's own first ``offset + limit``.

        Raises:
            InvalidFilter: for a query that cannot be read.
            InvalidValue: for an unknown sort key.
        """
        wanted = offset + limit if limit is not None else None
        merged: list[tuple[DeskTicket, dict[str, SortKey]]] = []
        names: list[tuple[str, bool]] = []
        refusals: list[InvalidFilter] = []
        for name, desk in self.desks.items():
            try:
                found = desk.tickets.search(query, sort=sort, limit=wanted, partial=partial)
            except InvalidFilter as refused:
                # A word that names what this desk lacks (another desk's adviser or topic)
                # finds nothing here; a query no desk can read is refused below.
                refusals.append(refused)
                continue
            today = desk.clock.today()
            names = sort_names(sort or DEFAULT_SORT, sort_keys({}, today))
            # The desk's companies are read only for an order by company name.
            by_company = any(key == "company" for key, _descending in names)
            keys = sort_keys(desk.companies.by_id() if by_company else {}, today)
            merged += [(DeskTicket(name, ticket), keys) for ticket in found]
        if refusals and len(refusals) == len(self.desks):
            raise refusals[0]
        # Stable sorts, least significant key first: equal keys keep desk-name order, then
        # each desk's own order.
        for key_name, descending in reversed(names):
            merged.sort(key=lambda item: item[1][key_name](item[0].ticket), reverse=descending)
        stop = offset + limit if limit is not None else None
        return [item for item, _keys in merged[offset:stop]]

    def companies_of(self, desk: str) -> Mapping[int, Company]:
        """The companies of one desk by number."""
        return self.desks[desk].companies.by_id()

    # -- businesses -------------------------------------------------------------------------

    def companies(self, query: str = "") -> list[NetworkCompany]:
        """Every business of the network once, by VAT number (else by name), with the desks
        that know it and its tickets on each; by name.

        Args:
            query: Words a business's name, VAT number or town must hold (as one desk's
                ``company list``).
        """
        gathered: dict[tuple[str, str], NetworkCompany] = {}
        for name, desk in self.desks.items():
            counts = desk.companies.ticket_counts()
            for company in desk.companies.list(query):
                key = ("vat", company.vat) if company.vat else ("name", company_key(company.name))
                entry = gathered.setdefault(key, NetworkCompany(company.name, company.vat))
                entry.known_by[name] = company
                entry.tickets[name] = counts.get(company.id, 0)
        return sorted(gathered.values(), key=lambda c: (company_key(c.name), c.vat or ""))

    def company(self, key: str) -> NetworkCompany:
        """The business ``key`` names (a VAT number, or a name) as the network knows it: each
        desk's record of it, found by VAT number or by name as one desk finds it.

        Raises:
            NotFound: when no desk knows it.
        """
        text = key.strip()
        digits = "".join(c for c in text if c.isdigit())
        vat = digits if len(digits) == 11 and not any(c.isalpha() for c in text) else ""
        entry: NetworkCompany | None = None
        for name, desk in self.desks.items():
            found = desk.companies.find(vat=vat) if vat else desk.companies.find(name=text)
            if found is None:
                continue
            if entry is None:
                entry = NetworkCompany(found.name, found.vat)
            entry.known_by[name] = found
            entry.tickets[name] = len(desk.ctx.store.tickets(partial=True, company=found.id))
        if entry is None:
            raise NotFound(
                _("No desk of the network knows the business {company!r}.").format(company=key)
            )
        return entry

    def dossier(self, key: str, language: str | None = None) -> Dossier:
        """A business's dossier gathered from every desk that knows it: each desk's own page
        (:func:`helpdesk.services.dossier.company_dossier`) under the desk's name, one after
        the other, in Markdown.

        Raises:
            NotFound: when no desk knows it.
        """
        from helpdesk.services.dossier import Dossier, company_dossier

        entry = self.company(key)
        parts = [f"# {entry.name}", ""]
        spoken = language
        for name, company in entry.known_by.items():
            one = company_dossier(self.desks[name], company.id, language)
            spoken = one.language
            heading = message_in(spoken, DESK_HEADING).format(desk=name)
            parts += [f"## {heading}", ""]
            lines = one.text.splitlines()
            if lines and lines[0].startswith("# "):  # the business's name: said once, on top
                lines = lines[1:]
            while lines and not lines[0].strip():
                lines = lines[1:]
            parts += [_one_level_down(line) for line in lines]
            parts.append("")
        return Dossier(entry.name, spoken or "", "\n".join(parts).rstrip() + "\n")


def tickets_by_desk(found: Iterable[DeskTicket]) -> dict[str, list[Ticket]]:
    """The tickets of a network listing grouped by their desk, each desk's in listing order."""
    grouped: dict[str, list[Ticket]] = {}
    for item in found:
        grouped.setdefault(item.desk, []).append(item.ticket)
    return grouped


def _one_level_down(line: str) -> str:
    # A desk's page goes under the desk's heading: its headings one level deeper.
    return "#" + line if line.startswith("#") else line
