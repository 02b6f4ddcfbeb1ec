"""Company commands that change companies on purpose: edit, consent, duplicates, merge, forget.

They join the ``company`` group of :mod:`helpdesk.cli.directory`, which builds them only when
one of them is run.
"""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk.cli.output import (
    Format,
    ask,
    contacts_counted,
    emit_csv,
    emit_json,
    say,
    show,
    tickets_counted,
)
from helpdesk.cli.state import reader, writer
from helpdesk.i18n import _, ngettext

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
YesOpt = Annotated[
    bool, typer.Option("--yes", "-y", help="Do it without asking (needed when not at a terminal).")
]
KeyArg = Annotated[
    str, typer.Argument(help="Company number, VAT number or name.", show_default=False)
]


def register(companies: typer.Typer) -> None:
    """Add ``edit``, ``consent``, ``duplicates``, ``merge`` and ``forget`` to ``companies``."""
    companies.command("edit")(company_edit)
    companies.command("consent")(company_consent)
    companies.command("duplicates")(company_duplicates)
    companies.command("merge")(company_merge)
    companies.command("forget")(company_forget)


def company_edit(
    ctx: typer.Context,
    key: KeyArg,
    name: Annotated[str | None, typer.Option("--name", show_default=False)] = None,
    vat: Annotated[
        str | None, typer.Option("--vat", help='VAT number; "" removes it.', show_default=False)
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", show_default=False)] = None,
    size: Annotated[str | None, typer.Option("--size", show_default=False)] = None,
    town: Annotated[str | None, typer.Option("--town", show_default=False)] = None,
    province: Annotated[str | None, typer.Option("--province", show_default=False)] = None,
    ateco: Annotated[str | None, typer.Option("--ateco", show_default=False)] = None,
    notes: Annotated[str | None, typer.Option("--notes", show_default=False)] = None,
) -> None:
    """Change a company's name, VAT, kind, size, town, province, ATECO code or notes.

    Each change is written to the company's history. A VAT number another company has is
    refused with the merge that would join them.
    """
    from helpdesk.services.company_edits import CompanyChanges

    changes = CompanyChanges(name, vat, kind, size, town, province, ateco, notes)
    company, changed = writer(ctx).company_edits.edit(key, changes)
    if changed:
        say(
            _("company {number} {name}: changed {fields}").format(
                number=company.id, name=company.name, fields=", ".join(changed)
            )
        )
    else:
        say(
            _("company {number} {name}: nothing to change").format(
                number=company.id, name=company.name
            )
        )


def company_consent(
    ctx: typer.Context,
    key: KeyArg,
    answer: Annotated[
        str, typer.Argument(help="yes (sì) or no.", show_default=False, metavar="YES|NO")
    ],
    on: Annotated[
        str | None,
        typer.Option("--on", help="The day of the answer (default: today).", show_default=False),
    ] = None,
) -> None:
    """Record a company's answer on consent to data processing, with its date."""
    from helpdesk.dates import parse_timestamp

    desk = writer(ctx)
    day = parse_timestamp(on, desk.clock.tz).date() if on else None
    company = desk.privacy.set_consent(key, answer, day)
    when = company.privacy_consent.isoformat() if company.privacy_consent else ""
    if company.consented:
        message = _("company {number} {name}: consent yes on {day}")
    else:
        message = _("company {number} {name}: consent no on {day}")
    say(message.format(number=company.id, name=company.name, day=when))


def company_duplicates(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    """List likely duplicates: same VAT, near-identical names in one place, shared email/phone.

    Merge a pair with `company merge KEEP OTHER`.
    """
    found = reader(ctx).company_edits.duplicates()
    rows = [
        {
            "first": d.first.id,
            "first_name": d.first.name,
            "second": d.second.id,
            "second_name": d.second.name,
            "reason": d.reason,
        }
        for d in found
    ]
    if fmt is Format.JSON:
        emit_json(rows)
        return
    if fmt is Format.CSV:
        emit_csv(rows, ("first", "first_name", "second", "second_name", "reason"))
        return
    from helpdesk.render.company_edits import duplicates_table

    if not found:
        say((_("no likely duplicates"), "dim"))
        return
    show(duplicates_table(found))
    say((ngettext("{count} pair", "{count} pairs", len(found)).format(count=len(found)), "dim"))


def company_merge(
    ctx: typer.Context,
    keep: Annotated[
        str, typer.Argument(help="The company to keep (number, VAT or name).", show_default=False)
    ],
    other: Annotated[
        str,
        typer.Argument(help="The company merged into it, then gone.", show_default=False),
    ],
    yes: YesOpt = False,
) -> None:
    """Merge OTHER into KEEP: tickets, contacts and enrolments move; a backup comes first.

    KEEP's blanks are filled from OTHER, KEEP's history and each moved ticket's say so, and
    OTHER is gone. Restoring the backup printed undoes the merge.
    """
    desk = writer(ctx)
    first, second = desk.companies.get(keep), desk.companies.get(other)
    ask(
        _("Merge #{other} {other_name} into #{keep} {keep_name}?").format(
            other=second.id, other_name=second.name, keep=first.id, keep_name=first.name
        ),
        yes,
    )
    merged = desk.company_edits.merge(first.id, second.id)
    say(
        _(
            "merged #{other} {other_name} into #{keep} {keep_name}: {tickets}, {contacts}, "
            "{enrolments} moved"
        ).format(
            other=merged.other.id,
            other_name=merged.other.name,
            keep=merged.company.id,
            keep_name=merged.company.name,
            tickets=tickets_counted(merged.tickets),
            contacts=contacts_counted(merged.contacts),
            enrolments=ngettext(
                "{count} enrolment", "{count} enrolments", merged.enrolments
            ).format(count=merged.enrolments),
        )
    )
    if merged.backup:
        say(
            (_("backup before the merge: "), "dim"),
            merged.backup,
            (_(" (restore it to undo)"), "dim"),
        )


def company_forget(ctx: typer.Context, key: KeyArg, yes: YesOpt = False) -> None:
    """Anonymise a company's personal data (GDPR); its figures stay, nothing is deleted.

    Name, VAT number, town, contacts, notes and every mention of them in its tickets go; its
    tickets, dates, topics, kind and province stay. A backup is taken first.
    """
    desk = writer(ctx)
    company = desk.companies.get(key)
    ask(
        _("Forget the personal data of #{number} {name}?").format(
            number=company.id, name=company.name
        ),
        yes,
    )
    done = desk.privacy.forget_company(company.id)
    say(
        _("forgot company {number}: {contacts}, {tickets} anonymised; figures kept").format(
            number=company.id,
            contacts=contacts_counted(done.contacts),
            tickets=tickets_counted(len(done.tickets)),
        )
    )
    if done.backup:
        say((_("backup before forgetting: "), "dim"), done.backup)
