"""The hub's network: ``partner add|edit|list|show|import|suggest``, ``refer`` and
``referral list|step|expect``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from helpdesk.cli.inputs import read_input, refuse_bad_rows
from helpdesk.cli.output import Format, emit_csv, emit_json, say, show
from helpdesk.cli.state import reader, writer
from helpdesk.domain.models import Contact
from helpdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from helpdesk.services.referrals import ReferralEntry

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
PartnerArg = Annotated[
    str, typer.Argument(help="Partner number or name, e.g. 3 or 'CCIAA Como'.", show_default=False)
]
RefArg = Annotated[
    str, typer.Argument(help="Ticket reference, e.g. 42 or #42.", show_default=False)
]
ReferralArg = Annotated[str, typer.Argument(help="Referral number, e.g. 3.", show_default=False)]
KINDS = "dih, competence_center, cluster, chamber, association, university, bank, resident, hub"
STATES = "acknowledged, answered, project_started, declined, no_answer"

partners = typer.Typer(
    help="Partners of the hub's network: register, import, and which suit a ticket.",
    no_args_is_help=True,
)
referrals = typer.Typer(
    help="Referrals to partners: where each stands, and which answers are late.",
    no_args_is_help=True,
)

#: Columns of ``referral list --format csv``.
REFERRAL_COLUMNS = (
    "id",
    "ref",
    "partner",
    "partner_name",
    "state",
    "sent",
    "expected",
    "late",
    "amount",
    "note",
)


def register(app: typer.Typer) -> None:
    """Add the ``partner`` and ``referral`` groups and the ``refer`` command to ``app``."""
    app.add_typer(partners, name="partner")
    app.command("refer")(refer)
    app.add_typer(referrals, name="referral")


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


TopicsOpt = Annotated[
    list[str] | None,
    typer.Option("--topic", "-t", help="Topic it covers (repeat, or comma-separated)."),
]
CompetenceOpt = Annotated[
    list[str] | None, typer.Option("--competence", help="What it does, in a few words (repeat).")
]
DaysOpt = Annotated[
    str | None,
    typer.Option(
        "--answer-days",
        help="Working days it usually takes to answer (default 10).",
        show_default=False,
    ),
]
ContactOpt = Annotated[str, typer.Option("--contact", help="A contact person's name.")]
EmailOpt = Annotated[str, typer.Option("--email", help="The contact person's email.")]
PhoneOpt = Annotated[str, typer.Option("--phone", help="The contact person's phone.")]


@partners.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="The partner's name (with --desk: default 'Desk NAME').", show_default=False
        ),
    ] = "",
    kind: Annotated[
        str,
        typer.Option(
            "--kind", "-k", help=f"One of: {KINDS} (with --desk: default hub).", show_default=False
        ),
    ] = "",
    topic: TopicsOpt = None,
    competence: CompetenceOpt = None,
    answer_days: DaysOpt = None,
    contact: ContactOpt = "",
    email: EmailOpt = "",
    phone: PhoneOpt = "",
    notes: Annotated[str, typer.Option("--notes", help="Anything else.")] = "",
    to_desk: Annotated[
        str,
        typer.Option(
            "--desk",
            help="Another desk of the PostgreSQL database it stands for: a referral to it puts "
            "a new ticket in that desk's inbox.",
            show_default=False,
        ),
    ] = "",
) -> None:
    """Register a partner the desk refers businesses to (or another desk of the network)."""
    from helpdesk.services.partners import PartnerDraft

    desk = writer(ctx)
    partner = desk.partners.add(
        PartnerDraft(
            name,
            kind,
            topics=_split(topic),
            competences=competence or [],
            people=[Contact(name=contact, email=email, phone=phone)],
            answer_days=answer_days,
            notes=notes,
            desk=to_desk,
        )
    )
    say(_("added partner {number} {name}").format(number=partner.id, name=partner.name))


@partners.command("edit")
def edit(
    ctx: typer.Context,
    partner: PartnerArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=f"One of: {KINDS}.")] = None,
    topic: TopicsOpt = None,
    competence: CompetenceOpt = None,
    answer_days: DaysOpt = None,
    contact: ContactOpt = "",
    email: EmailOpt = "",
    phone: PhoneOpt = "",
    notes: Annotated[str | None, typer.Option("--notes", help="New notes.")] = None,
    active: Annotated[
        bool | None,
        typer.Option("--active/--inactive", help="Whether the desk still refers to it."),
    ] = None,
) -> None:
    """Change a partner: topics and competences given replace the old; a contact is added."""
    from helpdesk.services.partners import PartnerEdit

    desk = writer(ctx)
    changed = desk.partners.edit(
        partner,
        PartnerEdit(
            name=name,
            kind=kind,
            topics=_split(topic) if topic else None,
            competences=competence or None,
            person=Contact(name=contact, email=email, phone=phone),
            answer_days=answer_days,
            notes=notes,
            active=active,
        ),
    )
    say(_("changed partner {number} {name}").format(number=changed.id, name=changed.name))


@partners.command("share")
def share(ctx: typer.Context, partner: PartnerArg) -> None:
    """Share one of the desk's partners with every desk of the PostgreSQL database: each lists
    it and may refer to it; only this desk changes it."""
    changed = writer(ctx).partners.share(partner)
    say(
        _("shared partner {number} {name} with the network's desks").format(
            number=changed.id, name=changed.name
        )
    )


@partners.command("unshare")
def unshare(ctx: typer.Context, partner: PartnerArg) -> None:
    """Stop sharing a partner; refused while other desks' referrals name it (they are listed)."""
    changed = writer(ctx).partners.share(partner, False)
    say(
        _("partner {number} {name} is this desk's alone again").format(
            number=changed.id, name=changed.name
        )
    )


@partners.command("list")
def list_(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--kind", "-k", help=f"One of: {KINDS}.")] = None,
    topic: Annotated[str | None, typer.Option("--topic", "-t", help="Covering a topic.")] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Partners by name; those the desk no longer refers to come last."""
    from helpdesk.services.partner_exchange import CSV_COLUMNS, partner_json

    desk = reader(ctx)
    found = desk.partners.partners(kind=kind, topic=topic)
    if fmt is Format.JSON:
        emit_json([partner_json(p) for p in found])
        return
    if fmt is Format.CSV:
        emit_csv((partner_json(p) for p in found), CSV_COLUMNS)
        return
    if not found:
        say(
            (_("No partners yet: add one with "), "dim"),
            ('helpdesk partner add "Name" --kind …', "bold"),
        )
        return
    from helpdesk.render.partners import partners_table
    from helpdesk.render.topics import topic_names

    names = topic_names(desk.directory.topics(include_inactive=True), short=True)
    show(partners_table(found, names))


@partners.command("show")
def show_(ctx: typer.Context, partner: PartnerArg, fmt: FormatOpt = Format.TABLE) -> None:
    """One partner: contacts, topics, and the tickets referred to them."""
    from helpdesk.services.partner_exchange import partner_json

    desk = reader(ctx)
    found = desk.partners.get(partner)
    entries = desk.referrals.entries(partner=str(found.id))
    if fmt is not Format.TABLE:
        data = {
            **partner_json(found),
            "referrals": [_referral_json(e, desk.clock.today()) for e in entries],
        }
        if fmt is Format.JSON:
            emit_json(data)
        else:
            from helpdesk.services.partner_exchange import CSV_COLUMNS

            emit_csv([data], CSV_COLUMNS)
        return
    from helpdesk.render.partners import partner_view
    from helpdesk.render.topics import topic_names

    names = topic_names(desk.directory.topics(include_inactive=True))
    show(partner_view(found, entries, desk.clock.today(), names))


@partners.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="CSV, JSON or JSON Lines file; - for stdin.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row, write nothing.")
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, json or jsonl (default: from the name).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import partners, all or nothing: every bad row is reported and nothing is written.

    Headers in English or Italian: name/nome, kind/tipo, topics/temi, competences/competenze,
    answer days/giorni risposta, contact/referente, email, phone/telefono, notes/note. A partner
    already on the desk (same name) is skipped.
    """
    from helpdesk.services.partner_exchange import import_partners

    data = read_input(file)
    desk = writer(ctx)
    result = import_partners(desk.partners, data, file, dry_run=dry_run, fmt=fmt)
    refuse_bad_rows(result.problems, len({p.row for p in result.problems}))
    skipped = len(result.skipped)
    if dry_run:
        message = ngettext(
            "dry run: {count} partner would be added, {skipped} already on the desk; "
            "nothing was written.",
            "dry run: {count} partners would be added, {skipped} already on the desk; "
            "nothing was written.",
            result.valid,
        )
        say(message.format(count=result.valid, skipped=skipped))
        return
    added = len(result.added)
    message = ngettext(
        "imported {count} partner, {skipped} already on the desk.",
        "imported {count} partners, {skipped} already on the desk.",
        added,
    )
    say(message.format(count=added, skipped=skipped))


@partners.command("suggest")
def suggest(ctx: typer.Context, ref: RefArg, fmt: FormatOpt = Format.TABLE) -> None:
    """Active partners for a ticket, those covering most of its topics first, with why."""
    desk = reader(ctx)
    ticket, ranked = desk.partners.suggest(ref)
    rows = [
        {
            "id": r.partner.id,
            "name": r.partner.name,
            "kind": r.partner.kind.value,
            "topics": list(r.topics),
            "reason": r.reason,
        }
        for r in ranked
    ]
    if fmt is Format.JSON:
        emit_json(rows)
        return
    if fmt is Format.CSV:
        emit_csv(rows, ("id", "name", "kind", "topics", "reason"))
        return
    if not ticket.topics:
        say(
            (f"#{ticket.ref}", "bold"),
            " ",
            _("has no topics to match; set them with "),
            (f"helpdesk triage {ticket.ref} --topic …", "bold"),
        )
        return
    if not ranked:
        say(
            _("No partner covers #{ref}'s topics ({topics}).").format(
                ref=ticket.ref, topics=", ".join(ticket.topics)
            )
        )
        return
    from helpdesk.render.partners import suggestions_table

    say(
        (f"#{ticket.ref}", "bold"),
        " ",
        ticket.subject,
        ("  " + _("topics {topics}").format(topics=", ".join(ticket.topics)), "dim"),
    )
    show(suggestions_table(ranked))
    say((_("refer with "), "dim"), (f"helpdesk refer {ticket.ref} PARTNER", "bold"))


def refer(
    ctx: typer.Context,
    ref: RefArg,
    partner: PartnerArg,
    note: Annotated[str, typer.Option("--note", "-n", help="What is asked of the partner.")] = "",
    expect: Annotated[
        str | None,
        typer.Option(
            "--expect",
            help="When an answer is due (default: the partner's delay, else 10 working days).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Refer a ticket's business to a partner; a follow-up waits for the answer."""
    desk = writer(ctx)
    referral = desk.referrals.refer(ref, partner, note=note, expect=expect)
    found = desk.partners.get(referral.partner)
    from helpdesk.dates import format_date

    say(
        _("referred #{ref} to {partner} (referral {number}); answer expected {day}").format(
            ref=referral.ref,
            partner=found.name,
            number=referral.id,
            day=format_date(referral.expected),
        )
    )


def _referral_json(entry: ReferralEntry, today: Any) -> dict[str, Any]:
    r = entry.referral
    return {
        "id": r.id,
        "ref": r.ref,
        "partner": r.partner,
        "partner_name": entry.partner.name,
        "state": r.state.value,
        "sent": r.sent.isoformat(),
        "expected": r.expected.isoformat(),
        "late": r.is_late(today),
        "amount": r.amount,
        "note": r.note,
        "steps": [
            {"state": s.state.value, "at": s.at.isoformat(), "who": s.who, "note": s.note}
            for s in r.steps
        ],
        **(
            {
                "desk": r.desk,
                "desk_ref": r.desk_ref,
                "desk_status": entry.there.value if entry.there else None,
            }
            if r.desk
            else {}
        ),
    }


@referrals.command("list")
def referral_list(
    ctx: typer.Context,
    pending: Annotated[
        bool, typer.Option("--pending", help="Only those waiting for the partner's answer.")
    ] = False,
    late: Annotated[
        bool, typer.Option("--late", help="Only those waiting after the expected day.")
    ] = False,
    partner: Annotated[
        str | None, typer.Option("--partner", "-p", help="Only those to this partner.")
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Referrals, the answer due soonest first; late ones in red."""
    desk = reader(ctx)
    today = desk.clock.today()
    found = desk.referrals.entries(pending=pending, late=late, partner=partner)
    if fmt is Format.JSON:
        emit_json([_referral_json(e, today) for e in found])
        return
    if fmt is Format.CSV:
        emit_csv((_referral_json(e, today) for e in found), REFERRAL_COLUMNS)
        return
    if not found:
        if late:
            nothing = _("No late referrals.")
        elif pending:
            nothing = _("No pending referrals.")
        else:
            nothing = _("No referrals.")
        say((nothing, "dim"))
        return
    from helpdesk.render.partners import referrals_table

    show(referrals_table(found, today))


@referrals.command("step")
def referral_step(
    ctx: typer.Context,
    referral: ReferralArg,
    state: Annotated[str, typer.Argument(help=f"One of: {STATES}.", show_default=False)],
    note: Annotated[str, typer.Option("--note", "-n", help="What the partner said.")] = "",
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="When it happened (default now), e.g. yesterday.", show_default=False
        ),
    ] = None,
    expect: Annotated[
        str | None,
        typer.Option(
            "--expect",
            help="A new day the answer is due (moves the follow-up).",
            show_default=False,
        ),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount", help="Euros of the project started, when known.", show_default=False
        ),
    ] = None,
) -> None:
    """Move a referral on; a move its lifecycle does not allow is refused with those that are."""
    desk = writer(ctx)
    moved = desk.referrals.step(referral, state, note=note, on=on, expect=expect, amount=amount)
    say(
        _("referral {number} (#{ref}) is now {state}").format(
            number=moved.id, ref=moved.ref, state=moved.state.label_text
        )
    )


@referrals.command("expect")
def referral_expect(
    ctx: typer.Context,
    referral: ReferralArg,
    day: Annotated[str, typer.Argument(help="When the answer is now due.", show_default=False)],
) -> None:
    """Set a new day the partner's answer is due; the waiting follow-up moves with it."""
    from helpdesk.dates import format_date

    desk = writer(ctx)
    moved = desk.referrals.expect(referral, day)
    say(
        _("referral {number} (#{ref}): answer expected {day}").format(
            number=moved.id, ref=moved.ref, day=format_date(moved.expected)
        )
    )
