"""Ticket commands: add, list, show, triage, status, note, close, reopen, link."""

from __future__ import annotations

import re
import sys
from typing import Annotated

import typer

from helpdesk.cli.filtering import FilterCommand, query_from_args
from helpdesk.cli.output import (
    Format,
    emit_csv,
    emit_json,
    paged,
    say,
    show,
    tickets_counted,
    warn,
)
from helpdesk.cli.output import note as notice
from helpdesk.cli.state import pager_allowed, reader, state, writer
from helpdesk.domain.enums import Channel, LinkKind, Outcome, Priority, Status
from helpdesk.domain.models import Contact, Ticket
from helpdesk.domain.privacy import parse_consent
from helpdesk.i18n import _, ngettext
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.exchange import ticket_json
from helpdesk.services.programmes import Placing
from helpdesk.services.tickets import TicketDraft

#: Columns of ``list --format csv``.
CSV_COLUMNS = (
    "ref",
    "created",
    "status",
    "priority",
    "channel",
    "company_name",
    "company_vat",
    "subject",
    "topics",
    "assignee",
    "tags",
    "outcome",
)

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
RefArg = Annotated[
    str, typer.Argument(help="Ticket reference, e.g. 42 or #42.", show_default=False)
]


def _print_ticket(desk: Desk, ticket: Ticket, fmt: Format, message: str) -> None:
    if fmt is Format.JSON:
        emit_json(ticket_json(ticket, desk.companies.by_id()))
    elif fmt is Format.CSV:
        emit_csv([ticket_json(ticket, desk.companies.by_id())], CSV_COLUMNS)
    else:
        say((f"#{ticket.ref}", "bold"), " ", message)


def _text_or_stdin(value: str) -> str:
    if value == "-":
        return sys.stdin.read()
    return value


#: ``--service``, ``--source`` and ``--programme`` of ``add`` and ``edit``.
ServiceOpt = Annotated[
    str | None,
    typer.Option(
        "--service",
        help="What the desk offered: orientation, advice, training, support, assessment "
        "(none clears it).",
        show_default=False,
    ),
]
SourceOpt = Annotated[
    str | None,
    typer.Option(
        "--source",
        help="Who sent the business: chamber, association, bank, website, event, "
        "word_of_mouth, hub (none clears it).",
        show_default=False,
    ),
]
ProgrammeOpt = Annotated[
    str | None,
    typer.Option(
        "--programme",
        help="The programme it counts under (see `helpdesk programme list`; none clears it).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add the ticket commands to ``app``."""

    @app.command("add")
    def add(
        ctx: typer.Context,
        subject: Annotated[
            str, typer.Argument(help="One line saying what the business asks.", show_default=False)
        ],
        description: Annotated[
            str,
            typer.Option(
                "--description", "-d", help="The request in full; - reads it from standard input."
            ),
        ] = "",
        company: Annotated[
            str,
            typer.Option(
                "--company",
                "-c",
                help="Company name (found by the identity rules, else created), its number "
                "(-c 12) or its VAT number.",
            ),
        ] = "",
        vat: Annotated[str, typer.Option("--vat", help="Company VAT number (partita IVA).")] = "",
        kind: Annotated[
            str | None,
            typer.Option(
                "--kind",
                help="Company kind for a new company: "
                "artisan, retail, food_service, professional, sme, startup, large, other.",
                show_default=False,
            ),
        ] = None,
        town: Annotated[str, typer.Option("--town", help="Company town.")] = "",
        province: Annotated[
            str, typer.Option("--province", help="Province: code or name, e.g. CO, Bergamo.")
        ] = "",
        contact: Annotated[str, typer.Option("--contact", help="Contact person's name.")] = "",
        email: Annotated[str, typer.Option("--email", help="Contact email.")] = "",
        phone: Annotated[str, typer.Option("--phone", help="Contact phone.")] = "",
        consent: Annotated[
            str | None,
            typer.Option(
                "--consent",
                help="The company's answer on consent to data processing: yes (sì) or no; "
                "recorded with today's date.",
                show_default=False,
            ),
        ] = None,
        channel: Annotated[
            Channel, typer.Option("--channel", help="How the request came.")
        ] = Channel.PHONE,
        topic: Annotated[
            list[str] | None,
            typer.Option(
                "--topic",
                "-t",
                help="Topic key or label "
                "(repeatable, or comma-separated). Default: suggested from the text.",
                show_default=False,
            ),
        ] = None,
        priority: Annotated[Priority, typer.Option("--priority", "-p")] = Priority.NORMAL,
        assignee: Annotated[
            str | None, typer.Option("--assignee", "-a", help="Adviser key.", show_default=False)
        ] = None,
        tag: Annotated[
            list[str] | None, typer.Option("--tag", help="A tag (repeatable).", show_default=False)
        ] = None,
        service: ServiceOpt = None,
        source: SourceOpt = None,
        programme: ProgrammeOpt = None,
        fmt: FormatOpt = Format.TABLE,
    ) -> None:
        """Log a new request as a ticket and print its reference."""
        desk = writer(ctx)
        placing = Placing(service, source, programme)
        desk.programmes.check(placing)  # refused before anything is written
        company_draft = None
        if not (company or vat) and (kind or town or province):
            raise typer.BadParameter(
                _("--kind, --town and --province describe a company: give --company or --vat too.")
            )
        if company or vat:
            company_draft = CompanyDraft(
                name=company,
                vat=vat,
                kind=kind,
                town=town,
                province=province,
                consent=parse_consent(consent) if consent else None,
            )
        elif consent:
            raise typer.BadParameter(_("--consent is a company's: give --company or --vat too."))
        topics = None
        if topic:
            topics = [part for value in topic for part in value.split(",")]
        logged = desk.tickets.log(
            TicketDraft(
                subject=subject,
                description=_text_or_stdin(description),
                channel=channel,
                company=company_draft,
                contact=Contact(contact, email, phone),
                topics=topics,
                priority=priority,
                assignee=assignee,
                tags=list(tag or []),
            )
        )
        t = logged.ticket
        if not placing.is_empty():
            t = desk.programmes.place(t.ref, placing)
        bits = [_("logged")]
        if logged.company_known_at is not None:
            known = _("Business already known at the desk {desk}: its details taken from there.")
            notice(known.format(desk=logged.company_known_at))
        if logged.company is not None:
            if logged.match is not None:
                found = _("for {company} (matched by {rule})")
            elif logged.company_created:
                found = _("for {company} (new company)")
            else:
                found = _("for {company}")
            bits.append(
                found.format(
                    company=logged.company.name,
                    rule=logged.match.by.label_text if logged.match else "",
                )
            )
            for disagreement in logged.match.disagreements if logged.match else ():
                warn(
                    _(
                        "{company} (#{number}) keeps its {field} {kept!r}; this ticket said "
                        "{said!r} (change it with `helpdesk company edit`)."
                    ).format(
                        company=logged.company.name,
                        number=logged.company.id,
                        field=disagreement.field,
                        kept=disagreement.company,
                        said=disagreement.row,
                    )
                )
        if t.topics:
            if logged.topics_suggested:
                bits.append(_("topics suggested: {topics}").format(topics=", ".join(t.topics)))
            else:
                bits.append(_("topics: {topics}").format(topics=", ".join(t.topics)))
        elif logged.topics_suggested:
            bits.append(_("no topic suggested"))
        _print_ticket(desk, t, fmt, " · ".join(bits))

    @app.command("list", cls=FilterCommand)
    def list_(
        ctx: typer.Context,
        query: Annotated[
            list[str] | None,
            typer.Argument(
                help='Filter, e.g. status:open topic:ecommerce assignee:me +overdue "free text". '
                "With none, open tickets.",
                show_default=False,
            ),
        ] = None,
        sort: Annotated[
            str | None,
            typer.Option(
                "--sort",
                "-s",
                help="Sort keys, e.g. "
                "priority,-created (urgency, ref, created, updated, priority, status, "
                "company, subject, assignee, due). Default: due first, then urgency.",
                show_default=False,
            ),
        ] = None,
        limit: Annotated[
            int | None,
            typer.Option(
                "--limit", "-n", min=1, show_default=False, help="Show at most this many."
            ),
        ] = None,
        offset: Annotated[
            int,
            typer.Option(
                "--offset",
                min=0,
                show_default=False,
                help="Skip this many of the sorted tickets first: the next page is --offset 50 "
                "-n 50.",
            ),
        ] = 0,
        all_: Annotated[
            bool, typer.Option("--all", help="With no filter, include resolved and closed tickets.")
        ] = False,
        fmt: FormatOpt = Format.TABLE,
    ) -> None:
        """List tickets matching a filter.

        With --desk all, the tickets of every desk of the network, each with its desk, in one
        order and paged across desks."""
        text = query_from_args(query or [])
        if not text and not all_:
            text = "+open"
        if state(ctx).network_wide:
            from helpdesk.cli.network import list_network

            list_network(ctx, text, sort=sort, limit=limit, offset=offset, fmt=fmt)
            return
        desk = reader(ctx)
        if re.search(r"(?i)(^|\s)(\+mine|assignee:me)(\s|$)", text):
            from helpdesk.services.identity import my_key

            my_key(desk)  # "mine" for a name that is no adviser's is said, not an empty list
        found = desk.tickets.search(
            text, sort=sort, limit=limit, offset=offset, partial=fmt is Format.TABLE
        )
        companies = desk.companies.by_id()
        if fmt is Format.JSON:
            emit_json([ticket_json(t, companies) for t in found])
        elif fmt is Format.CSV:
            emit_csv((ticket_json(t, companies) for t in found), CSV_COLUMNS)
        else:
            from helpdesk.render.tickets import ticket_table

            if not found:
                say((_("No tickets match."), "dim"))
                return
            with paged(pager_allowed(ctx)):
                show(ticket_table(iter(found), companies, desk.clock.now()))
                say((tickets_counted(len(found)), "dim"))

    @app.command("show")
    def show_(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
        """Show one ticket in full: company, description, follow-ups, notes, history."""
        desk = reader(ctx)
        detail = desk.tickets.detail(ref)
        if fmt is not Format.TABLE:
            _print_ticket(desk, detail.ticket, fmt, "")
            return
        from helpdesk.render.tickets import ticket_view

        show(ticket_view(detail, desk.clock.now(), desk.clock.tz))
        from helpdesk.render.partners import network_lines

        for line in network_lines(
            detail.ticket, desk.referrals.for_ticket(ref), desk.clock.today()
        ):
            show(line)

    @app.command("triage")
    def triage(
        ctx: typer.Context,
        ref: RefArg,
        topic: Annotated[
            list[str] | None,
            typer.Option(
                "--topic",
                "-t",
                help="Topic key or label (repeatable or comma-separated); replaces the topics.",
                show_default=False,
            ),
        ] = None,
        priority: Annotated[
            Priority | None, typer.Option("--priority", "-p", show_default=False)
        ] = None,
        assignee: Annotated[
            str | None,
            typer.Option("--assignee", "-a", "--to", help="Adviser key.", show_default=False),
        ] = None,
        unassign: Annotated[bool, typer.Option("--unassign", help="Remove the assignee.")] = False,
        fmt: FormatOpt = Format.TABLE,
    ) -> None:
        """Set topics, priority and assignee; a new ticket becomes triaged.

        With no option, accepts the suggestions: topics from the text and the adviser with the
        most matching expertise and the least open work.
        """
        desk = writer(ctx)
        if topic is None and priority is None and assignee is None and not unassign:
            suggestion = desk.tickets.suggest_triage(ref)
            topic = suggestion.topics or None
            assignee = suggestion.assignee
        topics_list = [p for v in topic for p in v.split(",")] if topic is not None else None
        ticket = desk.tickets.triage(
            ref, topics=topics_list, priority=priority, assignee=assignee, unassign=unassign
        )
        summary = _("triaged: topics {topics} · priority {priority} · assignee {assignee}").format(
            topics=", ".join(ticket.topics) or _("none"),
            priority=ticket.priority.label_text,
            assignee=ticket.assignee or _("nobody"),
        )
        _print_ticket(desk, ticket, fmt, summary)

    @app.command("edit")
    def edit(
        ctx: typer.Context,
        ref: RefArg,
        subject: Annotated[
            str | None, typer.Option("--subject", help="A new subject.", show_default=False)
        ] = None,
        description: Annotated[
            str | None,
            typer.Option(
                "--description",
                "-d",
                help="A new description; - reads it from standard input.",
                show_default=False,
            ),
        ] = None,
        channel: Annotated[Channel | None, typer.Option("--channel", show_default=False)] = None,
        contact: Annotated[
            str | None, typer.Option("--contact", help="Contact person's name.", show_default=False)
        ] = None,
        email: Annotated[str | None, typer.Option("--email", show_default=False)] = None,
        phone: Annotated[str | None, typer.Option("--phone", show_default=False)] = None,
        tag: Annotated[
            list[str] | None,
            typer.Option("--tag", help="Replace the tags (repeatable).", show_default=False),
        ] = None,
        service: ServiceOpt = None,
        source: SourceOpt = None,
        programme: ProgrammeOpt = None,
        fmt: FormatOpt = Format.TABLE,
    ) -> None:
        """Change what a ticket says: subject, description, channel, contact, tags, service,
        source, programme."""
        desk = writer(ctx)
        placing = Placing(service, source, programme)
        desk.programmes.check(placing)  # refused before anything is written
        # Only the fields given, each read and written in one transaction: a contact's other
        # parts (and its role) stay as they are, whoever changed them last.
        given: dict[str, object | None] = {
            "subject": subject,
            "description": None if description is None else _text_or_stdin(description),
            "channel": None if channel is None else Channel.parse(channel).value,
            "contact.name": contact,
            "contact.email": email,
            "contact.phone": phone,
            "tags": tag,
        }
        ticket = desk.tickets.update(ref, {k: v for k, v in given.items() if v is not None})
        if not placing.is_empty():
            ticket = desk.programmes.place(ticket.ref, placing)
        _print_ticket(desk, ticket, fmt, "edited")

    @app.command("status")
    def status(
        ctx: typer.Context,
        ref: RefArg,
        new: Annotated[Status, typer.Argument(help="The new status.", show_default=False)],
        fmt: FormatOpt = Format.TABLE,
    ) -> None:
        """Move a ticket: new → triaged → in_progress ⇄ waiting → resolved (then `close`)."""
        desk = writer(ctx)
        ticket = desk.tickets.set_status(ref, new)
        _print_ticket(
            desk, ticket, fmt, _("is now {status}").format(status=ticket.status.label_text)
        )

    @app.command("note")
    def note(
        ctx: typer.Context,
        ref: RefArg,
        text: Annotated[
            str,
            typer.Argument(help="The note; - reads it from standard input.", show_default=False),
        ],
        fmt: FormatOpt = Format.TABLE,
    ) -> None:
        """Add a note to a ticket."""
        desk = writer(ctx)
        ticket = desk.tickets.add_note(ref, _text_or_stdin(text))
        _print_ticket(
            desk, ticket, fmt, _("note added ({count} in all)").format(count=len(ticket.notes))
        )

    @app.command("close")
    def close(
        ctx: typer.Context,
        ref: RefArg,
        outcome: Annotated[
            Outcome, typer.Option("--outcome", "-o", help="What came of it.", show_default=False)
        ],
        note: Annotated[str, typer.Option("--note", help="A line on the outcome.")] = "",
        keep_followups: Annotated[
            bool,
            typer.Option(
                "--keep-followups",
                help="Keep its pending follow-ups (by default they are cancelled, "
                "each with a line in the history).",
            ),
        ] = False,
        fmt: FormatOpt = Format.TABLE,
    ) -> None:
        """Close a ticket with its outcome (resolving it first if needed).

        Its pending follow-ups are cancelled unless --keep-followups.
        """
        desk = writer(ctx)
        pending = {f.id for f in desk.tickets.get(ref).pending_followups()}
        ticket = desk.tickets.close(ref, outcome, note, cancel_followups=not keep_followups)
        message = _("closed: {outcome}").format(outcome=outcome.label_text)
        cancelled = sum(1 for f in ticket.followups if f.id in pending and f.cancelled)
        if cancelled:
            message += " · " + ngettext(
                "{count} pending follow-up cancelled (--keep-followups keeps them)",
                "{count} pending follow-ups cancelled (--keep-followups keeps them)",
                cancelled,
            ).format(count=cancelled)
        elif keep_followups and pending:
            message += " · " + ngettext(
                "{count} pending follow-up kept", "{count} pending follow-ups kept", len(pending)
            ).format(count=len(pending))
        _print_ticket(desk, ticket, fmt, message)

    @app.command("reopen")
    def reopen(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
        """Take a resolved or closed ticket back to in progress."""
        desk = writer(ctx)
        ticket = desk.tickets.reopen(ref)
        _print_ticket(
            desk, ticket, fmt, _("reopened: {status}").format(status=Status.IN_PROGRESS.label_text)
        )

    @app.command("link")
    def link(
        ctx: typer.Context,
        ref: RefArg,
        other: Annotated[str, typer.Argument(help="The ticket to link to.", show_default=False)],
        kind: Annotated[
            LinkKind,
            typer.Option("--kind", "-k", help="related (both ways), follow_on or duplicate_of."),
        ] = LinkKind.RELATED,
        fmt: FormatOpt = Format.TABLE,
    ) -> None:
        """Link two tickets."""
        desk = writer(ctx)
        ticket = desk.tickets.link(ref, other, kind)
        target = other.lstrip("#")
        _print_ticket(
            desk,
            ticket,
            fmt,
            _("linked to #{ref} ({kind})").format(ref=target, kind=kind.label_text),
        )
