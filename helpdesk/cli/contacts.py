"""Contact commands: the people of a company, added, changed, listed and forgotten."""

from __future__ import annotations

from typing import Annotated

import typer

from helpdesk.cli.output import (
    Format,
    ask,
    companies_counted,
    contacts_counted,
    emit_csv,
    emit_json,
    say,
    show,
    tickets_counted,
)
from helpdesk.cli.state import reader, writer
from helpdesk.domain.models import Contact
from helpdesk.i18n import _, ngettext

YesOpt = Annotated[
    bool, typer.Option("--yes", "-y", help="Do it without asking (needed when not at a terminal).")
]

contacts = typer.Typer(
    help="The people of a company: several per company, the first the primary one.",
    no_args_is_help=True,
)

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
KeyArg = Annotated[
    str, typer.Argument(help="Company number, VAT number or name.", show_default=False)
]
WhichArg = Annotated[
    str,
    typer.Argument(
        help="The contact: its number in `contact list` (1 is the primary), email or name.",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add the ``contact`` group to ``app``."""
    app.add_typer(contacts, name="contact")


@contacts.command("list")
def contact_list(ctx: typer.Context, company: KeyArg, fmt: FormatOpt = Format.TABLE) -> None:
    """List a company's contacts, the primary one first."""
    found = reader(ctx).companies.get(company)
    rows = [
        {"number": i, "primary": i == 1, "name": c.name, "email": c.email, "phone": c.phone,
         "role": c.role}
        for i, c in enumerate(found.contacts, start=1)
    ]  # fmt: skip
    if fmt is Format.JSON:
        emit_json(rows)
        return
    if fmt is Format.CSV:
        emit_csv(rows, ("number", "primary", "name", "email", "phone", "role"))
        return
    from rich import box
    from rich.table import Table

    from helpdesk.render.text import literal

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=None)
    # Translators: the column of contact numbers, as in `contact edit COMPANY 2`.
    table.add_column(_("No."), justify="right")
    for column in (_("Name"), _("Role"), _("Email"), _("Phone")):
        table.add_column(column)
    for row in rows:
        table.add_row(
            f"{row['number']}{' *' if row['primary'] else ''}",
            literal(row["name"]),
            literal(row["role"]),
            literal(row["email"]),
            literal(row["phone"]),
        )
    show(table)
    say(
        (
            _("{company}: {contacts}; * primary").format(
                company=found.name, contacts=contacts_counted(len(rows))
            ),
            "dim",
        )
    )


@contacts.command("add")
def contact_add(
    ctx: typer.Context,
    company: KeyArg,
    name: Annotated[str, typer.Argument(help="The person's name.", show_default=False)] = "",
    email: Annotated[str, typer.Option("--email")] = "",
    phone: Annotated[str, typer.Option("--phone")] = "",
    role: Annotated[str, typer.Option("--role", help="e.g. titolare, responsabile IT.")] = "",
    primary: Annotated[bool, typer.Option("--primary", help="Make them the primary contact.")] = (
        False
    ),
) -> None:
    """Add a person to a company (a name or an email at least)."""
    found = writer(ctx).company_edits.add_contact(
        company, Contact(name, email, phone, role), primary=primary
    )
    who = name or email
    if found.contacts[0].name == name and primary:
        message = _("added primary contact {who} to {company} (#{number})")
    else:
        message = _("added contact {who} to {company} (#{number})")
    say(message.format(who=who, company=found.name, number=found.id))


@contacts.command("edit")
def contact_edit(
    ctx: typer.Context,
    company: KeyArg,
    which: WhichArg,
    name: Annotated[str | None, typer.Option("--name", show_default=False)] = None,
    email: Annotated[str | None, typer.Option("--email", show_default=False)] = None,
    phone: Annotated[str | None, typer.Option("--phone", show_default=False)] = None,
    role: Annotated[str | None, typer.Option("--role", show_default=False)] = None,
    primary: Annotated[bool, typer.Option("--primary", help="Make them the primary contact.")] = (
        False
    ),
) -> None:
    """Change a company's contact, or make them the primary one."""
    found = writer(ctx).company_edits.edit_contact(
        company, which, name=name, email=email, phone=phone, role=role, primary=primary
    )
    say(
        _("contacts of {company} (#{number}): {contacts}").format(
            company=found.name, number=found.id, contacts=_listed(found.contacts)
        )
    )


@contacts.command("forget")
def contact_forget(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help="The person's email or name.", show_default=False)],
    company: Annotated[
        str | None,
        typer.Option("--company", "-c", help="Only at this company.", show_default=False),
    ] = None,
    yes: YesOpt = False,
) -> None:
    """Anonymise a person's data (GDPR), at one company or everywhere; nothing is deleted.

    They are taken off companies and tickets, and every mention of their name, email or phone
    in the text reads [forgotten].
    """
    if company:
        question = _("Forget {who!r} at {company}?").format(who=who, company=company)
    else:
        question = _("Forget {who!r} everywhere?").format(who=who)
    ask(question, yes)
    done = writer(ctx).privacy.forget_contact(who, company)
    mentions = ngettext("{count} mention", "{count} mentions", done.contacts)
    say(
        _("forgot {who}: {mentions} in {companies} and {tickets} anonymised").format(
            who=who,
            mentions=mentions.format(count=done.contacts),
            companies=companies_counted(len(done.companies)),
            tickets=tickets_counted(len(done.tickets)),
        )
    )


def _listed(people: list[Contact]) -> str:
    return "; ".join(p.name or p.email for p in people) or _("none")
