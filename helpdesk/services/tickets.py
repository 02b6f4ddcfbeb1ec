"""Logging and working tickets: log, triage, status, notes, close, reopen, links, listing."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from helpdesk.domain import lifecycle
from helpdesk.domain.calls import application_index
from helpdesk.domain.enums import Channel, LinkKind, Outcome, Priority, Status
from helpdesk.domain.filters import FilterContext, Narrowing, compile_query, searchable_text
from helpdesk.domain.identity import Match
from helpdesk.domain.models import Company, Contact, Link, Note, Ticket, Topic
from helpdesk.domain.ordering import sort_keys, sort_names, sort_tickets
from helpdesk.domain.partners import referral_index
from helpdesk.domain.taxonomy import suggest_topics
from helpdesk.domain.webinars import Enrolment, Webinar, enrolment_index, ticket_enrolments
from helpdesk.errors import Conflict, EditConflict, InvalidValue, NotFound, TransitionRefused
from helpdesk.i18n import N_, _, message_in
from helpdesk.services.call_index import LazyApplications
from helpdesk.services.companies import CompanyDraft, CompanyService
from helpdesk.services.context import Context
from helpdesk.services.directory import DirectoryService
from helpdesk.services.enrolment_index import EnrolmentIndex, LazyEnrolled, LazyEnrolments
from helpdesk.services.referral_index import LazyReferrals
from helpdesk.services.summary_labels import status_word
from helpdesk.services.ticket_edits import (
    EDITABLE_FIELDS,
    NETWORK_FIELDS,
    check_unchanged,
    editable_value,
    text_or_none,
)
from helpdesk.services.validation import check_email, check_number
from helpdesk.store.interface import DeskCounts, TicketPage

#: The order listings use unless told otherwise: due tickets on top, then by urgency.
DEFAULT_SORT = "urgency"


@dataclass(slots=True)
class TicketDraft:
    """A ticket as typed in a form or on the command line, before it is checked and saved.

    ``topics`` left as None means: suggest them from the subject and description.
    """

    subject: str
    description: str = ""
    channel: Channel | str = Channel.OTHER
    company: CompanyDraft | None = None
    contact: Contact = field(default_factory=Contact)
    topics: list[str] | None = None
    priority: Priority | str = Priority.NORMAL
    assignee: str | None = None
    tags: list[str] = field(default_factory=list)
    created: datetime | None = None
    external_id: str | None = None
    uid: str | None = None


@dataclass(slots=True)
class TriageSuggestion:
    """Topics, priority and adviser that triage proposes for a ticket."""

    topics: list[str]
    priority: Priority
    assignee: str | None


@dataclass(slots=True)
class Logged:
    """What logging a ticket did: the ticket, its company, and whether that company is new."""

    ticket: Ticket
    company: Company | None
    company_created: bool
    topics_suggested: bool
    #: How the company was found, and where the draft disagrees with it (None: created, or
    #: given by number).
    match: Match | None = None
    #: The desk of the network whose record gave the new company its details.
    company_known_at: str | None = None


@dataclass(frozen=True, slots=True)
class HeldTickets:
    """Every ticket as :meth:`TicketService.held` read it (notes and history left out).

    Attributes:
        tickets: Every ticket, by reference.
        built: The references of the tickets built by this read: new, or changed since the
            read given to it (every ticket, on a first read).
        checksums: Each ticket's stored record's checksum with the ticket built from it,
            what the next read compares.
    """

    tickets: list[Ticket]
    built: list[int]
    checksums: Mapping[int, tuple[int, Ticket]]


class TicketService:
    """Use cases on tickets, one method each."""

    def __init__(self, ctx: Context, directory: DirectoryService, companies: CompanyService):
        self._ctx = ctx
        self._directory = directory
        self._companies = companies

    # -- reading --------------------------------------------------------------------------

    def get(self, ref: int | str) -> Ticket:
        """The ticket ``ref`` (``42`` or ``"#42"``).

        Raises:
            NotFound: when there is no such ticket.
        """
        number = parse_ref(ref)
        ticket = self._ctx.store.ticket(number)
        if ticket is None:
            raise NotFound(_("There is no ticket #{ref}.").format(ref=number))
        return ticket

    def detail(self, ref: int | str) -> TicketDetail:
        """A ticket with its company, the company's other tickets and linked tickets.

        Raises:
            NotFound: when there is no such ticket.
        """
        ticket = self.get(ref)
        store = self._ctx.store
        company = None
        related = []
        if ticket.company_id is not None:
            company = store.company(ticket.company_id)
            related = store.tickets(partial=True, company=ticket.company_id)
        related += [t for link in ticket.links if (t := store.ticket(link.ref, partial=True))]
        detail = detail_of(ticket, related, company, store.topics())
        detail.webinars = ticket_enrolments(store.webinars(), ticket.ref)
        return detail

    def all(self, *, partial: bool = False) -> list[Ticket]:
        """Every ticket, by reference: one read, no filtering or sorting (for front ends that
        hold the desk in memory); ``partial`` leaves notes and history out, as in :meth:`search`.
        """
        return self._ctx.store.tickets(partial=partial)

    def held(self, before: HeldTickets | None = None) -> HeldTickets:
        """Every ticket, as :meth:`all` with ``partial``, for a front end that holds the desk:
        a ticket whose stored record is the one ``before`` read is ``before``'s own object."""
        found = self._ctx.store.tickets_keeping_unchanged(before.checksums if before else {})
        kept = before.checksums if before else {}
        built = [ref for ref, pair in found.items() if kept.get(ref) is not pair]
        return HeldTickets([t for _, t in found.values()], built, found)

    def filter_context(self, companies: Mapping[int, Company] | None = None) -> FilterContext:
        """What the filter language needs, read once from the store (the webinar enrolments
        when a query first asks for them: most never do)."""
        store = self._ctx.store
        index = EnrolmentIndex(lambda: enrolment_index(store.webinars(), self._ctx.now()))
        return FilterContext(
            clock=self._ctx.clock,
            me=self._ctx.actor,
            topics=store.topics(),
            advisers=[a.key for a in store.advisers()],
            companies=companies if companies is not None else self._companies.by_id(),
            enrolments=LazyEnrolments(index),
            enrolled=LazyEnrolled(index),
            referrals=LazyReferrals(lambda: referral_index(store.referrals(), store.partners())),
            applications=LazyApplications(lambda: application_index(store.calls())),
        )

    def search(
        self,
        query: str = "",
        *,
        sort: str | None = None,
        limit: int | None = None,
        partial: bool = False,
        offset: int = 0,
    ) -> list[Ticket]:
        """Tickets matching a filter query, in order.

        Args:
            query: The filter language of :mod:`helpdesk.domain.filters`.
            sort: Sort keys such as ``"priority,-created"``; by default due tickets come first,
                then by urgency.
            limit: At most this many.
            partial: Read the tickets without notes and history, for a list that shows
                neither: much faster on a large desk.
            offset: Pass over this many of the ordered tickets first (the next page).

        Raises:
            InvalidFilter: for a query that cannot be read.
            InvalidValue: for an unknown sort key.
        """
        store, today = self._ctx.store, self._ctx.clock.today()
        companies = self._companies.by_id()
        keys = sort_keys(companies, today)
        names = sort_names(sort or DEFAULT_SORT, keys)
        context = self.filter_context(companies)
        stored = store.searchable_texts()
        if stored is not None:  # the texts as saved, rather than folding each ticket's again
            context = dataclasses.replace(context, text_of=_text_of(stored, context))
        compiled = compile_query(query, context)
        if compiled.narrowing.complete:  # the store may answer the whole page itself
            page = TicketPage(compiled.narrowing, tuple(names), today, offset, limit)
            answered = store.ticket_page(page, partial=partial)
            if answered is not None:
                return answered
        tickets = store.tickets(partial=partial, narrowing=compiled.narrowing)
        order = [(keys[name], descending) for name, descending in names]
        found = sort_tickets([t for t in tickets if compiled.matches(t)], order)
        return found[offset : offset + limit if limit is not None else None]

    def counts(self, queries: Sequence[str]) -> DeskCounts | None:
        """How many tickets each query matches, with the desk's total and its pending
        follow-ups overdue and due today, when the store counts them itself; None when it does
        not (a front end holding the tickets counts them) or cannot say all of a query.

        Raises:
            InvalidFilter: for a query that cannot be read.
        """
        context = self.filter_context()
        narrowings = [compile_query(query, context).narrowing for query in queries]
        return self._ctx.store.ticket_counts(narrowings, self._ctx.clock.today())

    def served_in_pages(self) -> bool:
        """Whether the store filters, orders and pages listings itself (a database server):
        a front end then asks it for each page instead of holding every ticket."""
        nothing = TicketPage(Narrowing(complete=True), (), self._ctx.clock.today(), 0, 0)
        return self._ctx.store.ticket_page(nothing, partial=True) is not None

    def matching(self, tickets: Iterable[Ticket], query: str) -> list[Ticket]:
        """The tickets among ``tickets`` (already read, by a front end that holds them) that a
        filter query matches, in their order.

        Raises:
            InvalidFilter: for a query that cannot be read.
        """
        compiled = compile_query(query, self.filter_context())
        return [t for t in tickets if compiled.matches(t)]

    def suggest_triage(self, ref: int | str) -> TriageSuggestion:
        """What triage would set on a ticket by default.

        Topics: the ticket's own, else those its text suggests. Adviser: the ticket's own,
        else the active adviser with most of those topics as expertise and least open work.
        """
        ticket = self.get(ref)
        topics = ticket.topics or self.suggest_topics(f"{ticket.subject}\n{ticket.description}")
        assignee = ticket.assignee
        if assignee is None:
            ticket.topics = topics
            assignee = self._directory.suggest_assignee(
                ticket, self._ctx.store.tickets(partial=True)
            )
        return TriageSuggestion(topics, ticket.priority, assignee)

    def suggest_topics(self, text: str) -> list[str]:
        """Topic keys suggested for a request's text."""
        return suggest_topics(text, self._ctx.store.topics())

    # -- logging --------------------------------------------------------------------------

    def log(self, draft: TicketDraft) -> Logged:
        """Check a draft and save it as a new ticket, finding or creating its company.

        Raises:
            InvalidValue: for a missing subject, a bad email, VAT number or topic.
            NotFound: for an unknown adviser.
        """
        subject = draft.subject.strip()
        if not subject:
            raise InvalidValue(_("A ticket needs a subject."))
        channel = Channel.parse(draft.channel)
        priority = Priority.parse(draft.priority)
        contact = checked_contact(draft.contact)
        topics_suggested = draft.topics is None
        if draft.topics is None:
            topics = self.suggest_topics(f"{subject}\n{draft.description}")
        else:
            topics = self._directory.topic_keys(draft.topics)
        assignee = self._directory.check_assignee(draft.assignee) if draft.assignee else None
        now = self._ctx.now()
        with self._ctx.store.transaction():
            company, created, match, known_at = (None, False, None, None)
            if draft.company is not None:
                found = self._companies.find_or_create(draft.company, contact)
                company, created, match = found.company, found.created, found.match
                known_at = found.known_at
            ticket = new_ticket(
                draft,
                now=now,
                channel=channel,
                priority=priority,
                contact=contact,
                topics=topics,
                assignee=assignee,
                company_id=company.id if company else None,
            )
            self._ctx.store.add_ticket(ticket)
        return Logged(ticket, company, created, topics_suggested, match, known_at)

    # -- working --------------------------------------------------------------------------

    def triage(
        self,
        ref: int | str,
        *,
        topics: Sequence[str] | None = None,
        priority: Priority | str | None = None,
        assignee: str | None = None,
        unassign: bool = False,
        expected: Mapping[str, object] | None = None,
        overwrite: Collection[str] = (),
    ) -> Ticket:
        """Set topics, priority and assignee; a new ticket becomes triaged.

        Args:
            ref: The ticket.
            topics: The topic keys or labels; None leaves them.
            priority: None leaves it.
            assignee: An adviser key; None leaves it unless ``unassign``.
            unassign: Clear the assignee.
            expected: What the screen showed for ``topics`` (a list of keys), ``priority``
                (its value) and ``assignee`` (a key or None) when the adviser decided: a field
                this call changes that someone else has changed since is refused (as in
                :meth:`update`) unless it is in ``overwrite``.
            overwrite: Fields to write even when someone else changed them.

        Raises:
            EditConflict: naming the fields changed meanwhile.
            InvalidValue: for an unknown topic, priority or adviser.
        """
        keys = self._directory.topic_keys(topics) if topics is not None else None
        level = Priority.parse(priority) if priority is not None else None
        who = self._directory.check_assignee(assignee) if assignee else None
        with self._ctx.store.transaction():
            ticket = self.get(ref)
            now, actor = self._ctx.now(), self._ctx.actor
            wanted: dict[str, object] = {}
            if keys is not None:
                wanted["topics"] = list(keys)
            if level is not None:
                wanted["priority"] = level.value
            if who is not None or unassign:
                wanted["assignee"] = who
            current: dict[str, object] = {
                "topics": list(ticket.topics),
                "priority": ticket.priority.value,
                "assignee": ticket.assignee,
            }
            check_unchanged(ticket.ref, wanted, current, expected, overwrite)
            if keys is not None:
                ticket.set("topics", keys, who=actor, at=now)
            if level is not None:
                ticket.set("priority", level, who=actor, at=now)
            if who is not None or unassign:
                ticket.set("assignee", who, who=actor, at=now)
            if ticket.status is Status.NEW:
                ticket.set("status", Status.TRIAGED, who=actor, at=now)
                ticket.triaged_at = now
            self._ctx.store.save_ticket(ticket)
        return ticket

    def set_status(
        self, ref: int | str, status: Status | str, *, expected: Status | None = None
    ) -> Ticket:
        """Move a ticket along its lifecycle.

        Closing needs an outcome: use :meth:`close`.

        Args:
            ref: The ticket.
            status: Where it goes.
            expected: The status the adviser saw when choosing the move; if someone else has
                moved the ticket since, the move is refused rather than undoing theirs.

        Raises:
            EditConflict: when the ticket is no longer in ``expected``.
            TransitionRefused: for a move the lifecycle does not allow.
        """
        new = Status.parse(status)
        with self._ctx.store.transaction():
            ticket = self.get(ref)
            if expected is not None and ticket.status is not expected and ticket.status is not new:
                raise EditConflict(
                    _(
                        "#{ref} was moved to {status} by someone else since you opened it (status)."
                    ).format(ref=ticket.ref, status=status_word(ticket.status.value)),
                    {"status": (expected.value, ticket.status.value, new.value)},
                )
            if new is Status.CLOSED and ticket.status is not Status.CLOSED:
                raise TransitionRefused(
                    _(
                        "#{ref} cannot go from {status} to closed; closing needs an outcome: "
                        "helpdesk close {ref} --outcome …"
                    ).format(ref=ticket.ref, status=status_word(ticket.status.value))
                )
            lifecycle.check_transition(ticket.ref, ticket.status, new)
            if ticket.status in (Status.RESOLVED, Status.CLOSED):
                return self._reopen(ticket)
            self._move(ticket, new)
            self._ctx.store.save_ticket(ticket)
        return ticket

    def add_note(self, ref: int | str, text: str) -> Ticket:
        """Add a note to a ticket.

        Raises:
            InvalidValue: for an empty note.
        """
        text = text.strip()
        if not text:
            raise InvalidValue(_("A note needs some text."))
        with self._ctx.store.transaction():
            ticket = self.get(ref)
            now = self._ctx.now()
            ticket.notes.append(Note(now, self._ctx.actor, text))
            ticket.record("note", None, _preview(text), who=self._ctx.actor, at=now)
            self._ctx.store.save_ticket(ticket)
        return ticket

    def edit(
        self,
        ref: int | str,
        *,
        subject: str | None = None,
        description: str | None = None,
        channel: Channel | str | None = None,
        contact: Contact | None = None,
        tags: Sequence[str] | None = None,
    ) -> Ticket:
        """Change what a ticket says; fields left as None stay as they are.

        Every changed field is written to the history; unchanged ones write nothing.

        Raises:
            InvalidValue: for an empty subject, an unknown channel or a bad email.
        """
        values: dict[str, object] = {}
        if subject is not None:
            if not subject.strip():
                raise InvalidValue(_("A ticket needs a subject."))
            values["subject"] = subject.strip()
        if description is not None:
            values["description"] = description.strip()
        if channel is not None:
            values["channel"] = Channel.parse(channel)
        if contact is not None:
            values["contact"] = Contact(
                contact.name.strip(),
                check_email(contact.email),
                contact.phone.strip(),
                contact.role.strip(),
            )
        if tags is not None:
            values["tags"] = [t.strip() for t in tags if t.strip()]
        with self._ctx.store.transaction():
            ticket = self.get(ref)
            now, actor = self._ctx.now(), self._ctx.actor
            for name, value in values.items():
                if name == "contact":
                    # A contact is not a plain value for the history: record it as text.
                    old = ticket.contact
                    if old != value:
                        assert isinstance(value, Contact)
                        ticket.contact = value
                        ticket.record(
                            "contact", _contact_text(old), _contact_text(value), who=actor, at=now
                        )
                else:
                    ticket.set(name, value, who=actor, at=now)
            self._ctx.store.save_ticket(ticket)
        return ticket

    def update(
        self,
        ref: int | str,
        changes: Mapping[str, object],
        *,
        expected: Mapping[str, object] | None = None,
        overwrite: Collection[str] = (),
    ) -> Ticket:
        """Write only the fields a form changed, refusing to overwrite someone else's change.

        A form that opened a ticket hands back the fields the adviser changed and the values it
        showed for them. A field that holds another value now was changed by someone else
        meanwhile: the save is refused, naming the fields, unless it is in ``overwrite`` (the
        adviser saw the other change and chose to replace it) or the other change wrote the
        same value. Fields not in ``changes`` are never written, so a save cannot revert them.

        Args:
            ref: The ticket.
            changes: New values by field: any of :data:`EDITABLE_FIELDS` (``contact.phone``
                and its siblings change one part of the contact, keeping the others).
            expected: The value each changed field held when the form opened; None checks
                nothing.
            overwrite: Fields to write even when someone else changed them.

        Raises:
            EditConflict: naming the fields changed meanwhile, with their three values.
            InvalidValue: for an unknown field, an empty subject, an unknown channel or a bad
                email.
        """
        unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
        if unknown:
            raise InvalidValue(_("Cannot edit {fields} here.").format(fields=", ".join(unknown)))
        with self._ctx.store.transaction():
            ticket = self.get(ref)
            current = {name: editable_value(ticket, name) for name in changes}
            check_unchanged(ticket.ref, changes, current, expected, overwrite)
            parts = {
                part: str(changes[f"contact.{part}"])
                for part in ("name", "email", "phone", "role")
                if f"contact.{part}" in changes
            }
            tags = changes.get("tags")
            # Nested in this transaction: nobody writes between the check and the save.
            edited = self.edit(
                ref,
                subject=text_or_none(changes.get("subject")),
                description=text_or_none(changes.get("description")),
                channel=text_or_none(changes.get("channel")),
                contact=dataclasses.replace(ticket.contact, **parts) if parts else None,
                tags=[str(t) for t in tags] if isinstance(tags, (list, tuple)) else None,
            )
            if any(name in changes for name in NETWORK_FIELDS):
                from helpdesk.services.programmes import Placing, ProgrammeService

                placing = Placing(*(text_or_none(changes.get(n)) for n in NETWORK_FIELDS))
                edited = ProgrammeService(self._ctx, self).place(ref, placing)
            return edited

    def close(
        self,
        ref: int | str,
        outcome: Outcome | str,
        note: str = "",
        *,
        cancel_followups: bool = False,
    ) -> Ticket:
        """Close a ticket with an outcome, resolving it first if it is still in progress.

        Args:
            ref: The ticket.
            outcome: What came of it.
            note: A remark on the outcome.
            cancel_followups: Cancel its pending follow-ups, each with a line in the history.
                Both fronts do so unless the adviser keeps them (``close --keep-followups``, the
                close dialog's "keep them"): left pending, they would stay overdue for ever. A
                kept follow-up counts in the agenda and the overdue figures like any other.

        Raises:
            TransitionRefused: for an already closed ticket, or an unworked one closed with an
                outcome other than duplicate or withdrawn.
        """
        result = Outcome.parse(outcome)
        with self._ctx.store.transaction():
            ticket = self.get(ref)
            now, actor = self._ctx.now(), self._ctx.actor
            # path_to_close has checked the whole path, including the shortcut it allows for
            # duplicates and withdrawn requests, so the steps are not checked one by one.
            for status in lifecycle.path_to_close(ticket.ref, ticket.status, result):
                ticket.set("status", status, who=actor, at=now)
            ticket.set("outcome", result, who=actor, at=now)
            if note.strip():
                ticket.set("outcome_note", note.strip(), who=actor, at=now)
            ticket.closed_at = now
            if cancel_followups:
                code = self._ctx.desk_language()
                due = message_in(code, N_("#{number} due {when}"))
                cancelled = message_in(code, N_("#{number} cancelled: ticket closed"))
                for followup in ticket.pending_followups():
                    followup.cancelled = True
                    ticket.record(
                        "followup",
                        due.format(number=followup.id, when=followup.due.describe(code)),
                        cancelled.format(number=followup.id),
                        who=actor,
                        at=now,
                    )
            self._ctx.store.save_ticket(ticket)
            from helpdesk.services.desk_referrals import answer_from_desk

            answer_from_desk(self._ctx, ticket)  # a ticket another desk referred: its answer
        return ticket

    def reopen(self, ref: int | str) -> Ticket:
        """Take a resolved or closed ticket back to in progress, clearing its outcome.

        Raises:
            TransitionRefused: for a ticket that is still open.
        """
        with self._ctx.store.transaction():
            ticket = self.get(ref)
            lifecycle.check_reopen(ticket.ref, ticket.status)
            self._reopen(ticket)
        return ticket

    def link(
        self, ref: int | str, other: int | str, kind: LinkKind | str = LinkKind.RELATED
    ) -> Ticket:
        """Link ticket ``ref`` to ``other``; a related link is recorded on both.

        Raises:
            InvalidValue: for a ticket linked to itself.
            Conflict: when the same link exists already.
        """
        relation = LinkKind.parse(kind)
        with self._ctx.store.transaction():
            ticket, target = self.get(ref), self.get(other)
            if ticket.ref == target.ref:
                raise InvalidValue(_("#{ref} cannot be linked to itself.").format(ref=ticket.ref))
            if any(x.ref == target.ref and x.kind is relation for x in ticket.links):
                raise Conflict(
                    _("#{ref} is already linked to #{other} ({relation}).").format(
                        ref=ticket.ref, other=target.ref, relation=relation.value
                    )
                )
            now, actor = self._ctx.now(), self._ctx.actor
            ticket.links.append(Link(relation, target.ref))
            ticket.record("link", None, f"{relation.value} #{target.ref}", who=actor, at=now)
            changed = [ticket]
            if relation is LinkKind.RELATED and not any(x.ref == ticket.ref for x in target.links):
                target.links.append(Link(LinkKind.RELATED, ticket.ref))
                target.record("link", None, f"related #{ticket.ref}", who=actor, at=now)
                changed.append(target)
            self._ctx.store.save_tickets(changed)
        return ticket

    # -- internals --------------------------------------------------------------------------

    def _move(self, ticket: Ticket, status: Status) -> None:
        lifecycle.check_transition(ticket.ref, ticket.status, status)
        now = self._ctx.now()
        ticket.set("status", status, who=self._ctx.actor, at=now)
        if status is Status.TRIAGED and ticket.triaged_at is None:
            ticket.triaged_at = now

    def _reopen(self, ticket: Ticket) -> Ticket:
        now, actor = self._ctx.now(), self._ctx.actor
        ticket.set("status", Status.IN_PROGRESS, who=actor, at=now)
        ticket.set("outcome", None, who=actor, at=now)
        ticket.set("outcome_note", "", who=actor, at=now)
        ticket.closed_at = None
        self._ctx.store.save_ticket(ticket)
        return ticket


def checked_contact(contact: Contact) -> Contact:
    """A contact as typed, trimmed, with its email checked.

    Raises:
        InvalidValue: for an email that cannot be an address.
    """
    return Contact(
        contact.name.strip(),
        check_email(contact.email),
        contact.phone.strip(),
        contact.role.strip(),
    )


def new_uid() -> str:
    """A new ticket's uid: a random UUID's 32 hexadecimal digits."""
    return uuid.uuid4().hex


def new_ticket(
    draft: TicketDraft,
    *,
    now: datetime,
    channel: Channel,
    priority: Priority,
    contact: Contact,
    topics: list[str],
    assignee: str | None,
    company_id: int | None = None,
    uid: str | None = None,
) -> Ticket:
    """Build a new, unsaved ticket from a draft whose fields have been checked.

    The rules every new ticket follows, whether logged or imported: a fresh uid unless one is
    given, created when the draft says (else now), updated now, subject, description and tags
    trimmed, empty tags dropped.

    Args:
        draft: The draft; its subject, description, tags, creation time and external id are used.
        now: The current time.
        channel: The checked channel.
        priority: The checked priority.
        contact: The checked contact (see :func:`checked_contact`).
        topics: Topic keys.
        assignee: An adviser's key, checked, or None.
        company_id: The company's number, when it is already known.
        uid: A uid to keep (an imported ticket's); a new one otherwise.
    """
    return Ticket(
        uid=uid or draft.uid or new_uid(),
        created=draft.created or now,
        updated=now,
        subject=draft.subject.strip(),
        channel=channel,
        company_id=company_id,
        contact=contact,
        description=draft.description.strip(),
        topics=topics,
        priority=priority,
        assignee=assignee,
        tags=[t.strip() for t in draft.tags if t.strip()],
        external_id=draft.external_id,
    )


def parse_ref(ref: int | str) -> int:
    """A ticket reference from ``42``, ``"42"`` or ``"#42"``.

    Raises:
        InvalidValue: for anything that is not a positive number.
    """
    return check_number(
        ref, _("{ref!r} is not a ticket reference; use a number such as 42 or #42.").format(ref=ref)
    )


def _contact_text(contact: Contact) -> str:
    return " ".join(x for x in (contact.name, contact.email, contact.phone) if x)


def _preview(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


@dataclass(slots=True)
class TicketDetail:
    """A ticket with everything a full view shows beside it."""

    ticket: Ticket
    company: Company | None
    company_tickets: list[Ticket]
    linked: dict[int, Ticket]
    topics: dict[str, Topic]
    #: The ticket's webinar enrolments with their sessions, soonest first.
    webinars: list[tuple[Webinar, Enrolment]] = field(default_factory=list)


def detail_of(
    ticket: Ticket,
    store_tickets: Sequence[Ticket],
    company: Company | None,
    topics: Sequence[Topic],
) -> TicketDetail:
    """Gather a ticket's company timeline and linked tickets from a list of tickets.

    A ticket may come twice in ``store_tickets`` (one of the company's that is also linked):
    the timeline holds each once.
    """
    wanted = {link.ref for link in ticket.links}
    others = {
        t.ref: t
        for t in store_tickets
        if ticket.company_id is not None
        and t.company_id == ticket.company_id
        and t.ref != ticket.ref
    }.values()
    linked = {t.ref: t for t in store_tickets if t.ref in wanted}
    return TicketDetail(
        ticket, company, sorted(others, key=lambda t: t.created), linked, {t.key: t for t in topics}
    )


def _text_of(
    stored: Callable[[int], str | None], context: FilterContext
) -> Callable[[Ticket], str]:
    def text_of(ticket: Ticket) -> str:
        text = stored(ticket.ref)
        return text if text is not None else searchable_text(ticket, context.company(ticket))

    return text_of
