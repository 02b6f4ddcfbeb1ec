"""Commands on the desk's directory: advisers, topics and companies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text
from typer.core import TyperGroup

from helpdesk.cli.output import Format, companies_counted, emit_csv, emit_json, say, show
from helpdesk.cli.state import reader, state, writer
from helpdesk.i18n import _, pgettext
from helpdesk.render.text import literal, one_line
from helpdesk.services.exchange import adviser_json, company_json, ticket_json, topic_json

if TYPE_CHECKING:  # typer's vendored click, for annotations only
    from typer._click import Command, Context

FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]

advisers = typer.Typer(help="The desk's advisers.", no_args_is_help=True)
topics = typer.Typer(help="The topic taxonomy.", no_args_is_help=True)


class _CompanyGroup(TyperGroup):
    """The ``company`` group: list and show here, the commands that change companies in
    :mod:`helpdesk.cli.company_edits`, built only when one of them is run."""

    def list_commands(self, ctx: Context) -> list[str]:
        """Every command's name, once each, without building the others."""
        return list(dict.fromkeys([*super().list_commands(ctx), *CHANGES, "dossier"]))

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The named command, built from its module the first time it is asked for."""
        if cmd_name == "dossier" and cmd_name not in self.commands:
            from helpdesk.cli.dossier import company_dossier

            holder = typer.Typer()
            holder.command("dossier")(company_dossier)
            holder.command("_")(lambda: None)  # two commands, so that it is built as a group
            self.commands["dossier"] = typer.main.get_group(holder).commands["dossier"]
        if cmd_name in CHANGES and cmd_name not in self.commands:
            from helpdesk.cli import company_edits

            holder = typer.Typer()
            company_edits.register(holder)
            for name, command in typer.main.get_group(holder).commands.items():
                self.commands.setdefault(name, command)
        return super().get_command(ctx, cmd_name)


#: The ``company`` commands of :mod:`helpdesk.cli.company_edits`.
CHANGES = ("edit", "consent", "duplicates", "merge", "forget")

companies = typer.Typer(
    cls=_CompanyGroup,
    help="Companies: timelines, edits, consent, likely duplicates, merges, forgetting.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add the ``adviser``, ``topic`` and ``company`` groups to ``app``."""
    app.add_typer(advisers, name="adviser")
    app.add_typer(topics, name="topic")
    app.add_typer(companies, name="company")


# -- advisers -------------------------------------------------------------------------------


@advisers.command("add")
def adviser_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Short key, e.g. initials: ms.", show_default=False)],
    name: Annotated[str, typer.Argument(help="Full name.", show_default=False)],
    email: Annotated[str, typer.Option("--email", help="Email address.")] = "",
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            "-t",
            help="Topic of expertise (repeatable or comma-separated).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Add an adviser (also how you become one: `helpdesk --as KEY adviser add KEY "Name"`)."""
    desk = writer(ctx, identity=False)
    keys = [p for v in topic or [] for p in v.split(",")]
    adviser = desk.directory.add_adviser(key, name, email=email, topics=keys)
    if fmt is Format.JSON:
        emit_json(adviser_json(adviser))
    else:
        say(_("added adviser {key} ({name})").format(key=adviser.key, name=adviser.name))


@advisers.command("list")
def adviser_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include inactive advisers.")] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List advisers with their expertise and open load."""
    desk = reader(ctx)
    found = desk.directory.advisers(include_inactive=all_)
    if fmt is Format.JSON:
        emit_json([adviser_json(a) for a in found])
        return
    if fmt is Format.CSV:
        emit_csv((adviser_json(a) for a in found), ("key", "name", "email", "topics", "active"))
        return
    load = desk.directory.open_load()
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in (_("Key"), _("Name"), _("Email"), _("Topics")):
        table.add_column(column)
    # Translators: the column of how many open tickets each adviser has.
    table.add_column(pgettext("open tickets", "Open"), justify="right")
    for a in found:
        table.add_row(
            literal(a.key, "bold"),
            literal(a.name if a.active else _("{name} (inactive)").format(name=a.name)),
            literal(a.email),
            literal(", ".join(a.topics), "dim"),
            Text(str(load[a.key])),
        )
    show(table)


@advisers.command("deactivate")
def adviser_deactivate(ctx: typer.Context, key: str) -> None:
    """Mark an adviser inactive: no new tickets are assigned to them."""
    adviser = writer(ctx).directory.set_adviser_active(key, False)
    say(_("adviser {key} is inactive").format(key=adviser.key))


@advisers.command("activate")
def adviser_activate(ctx: typer.Context, key: str) -> None:
    """Mark an adviser active again."""
    adviser = writer(ctx).directory.set_adviser_active(key, True)
    say(_("adviser {key} is active").format(key=adviser.key))


# -- topics ---------------------------------------------------------------------------------


@topics.command("list")
def topic_list(ctx: typer.Context, fmt: FormatOpt = Format.TABLE) -> None:
    """List the topics: keys, English and Italian labels."""
    found = reader(ctx).directory.topics()
    if fmt is Format.JSON:
        emit_json([topic_json(t) for t in found])
    elif fmt is Format.CSV:
        emit_csv((topic_json(t) for t in found), ("key", "label_en", "label_it", "keywords"))
    else:
        from helpdesk.render.tickets import topics_table

        show(topics_table(found))


@topics.command("add")
def topic_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Stable key, e.g. tourism.", show_default=False)],
    label: Annotated[str, typer.Argument(help="English label.", show_default=False)],
    italian: Annotated[str, typer.Option("--it", help="Italian label.")] = "",
    keyword: Annotated[
        list[str] | None,
        typer.Option(
            "--keyword",
            "-k",
            help="A keyword that "
            "suggests the topic (repeatable; Italian or English; end with * for a "
            "prefix).",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Add a topic to the taxonomy."""
    topic = writer(ctx).directory.add_topic(key, label, italian, keyword or [])
    if fmt is Format.JSON:
        emit_json(topic_json(topic))
    else:
        say(
            _("added topic {key} ({english} / {italian})").format(
                key=topic.key, english=topic.label_en, italian=topic.label_it
            )
        )


# -- companies ------------------------------------------------------------------------------


@companies.command("list")
def company_list(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(help="Part of a name, VAT number, town or province.")
    ] = "",
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List companies, with how many tickets each has.

    With --desk all, each business of the network once (by VAT number, else name), with the
    desks that know it."""
    if state(ctx).network_wide:
        from helpdesk.cli.network import list_network_companies

        list_network_companies(ctx, query, fmt)
        return
    desk = reader(ctx)
    found = desk.companies.list(query)
    if fmt is Format.JSON:
        emit_json([company_json(c) for c in found])
        return
    if fmt is Format.CSV:
        emit_csv(
            (company_json(c) for c in found),
            ("id", "name", "vat", "kind", "size", "town", "province", "ateco"),
        )
        return
    counts = desk.companies.ticket_counts()
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    # Translators: narrow column headings: number, name, VAT number, kind, town, province.
    table.add_column(_("No."), justify="right", no_wrap=True)
    table.add_column(_("Name"))
    for column in (_("VAT"), _("Kind"), _("Town"), _("Prov.")):
        table.add_column(column, no_wrap=True)
    table.add_column(_("Tickets"), justify="right", no_wrap=True)
    for c in found:
        table.add_row(
            Text(str(c.id), style="dim"),
            one_line(c.name),
            literal(c.vat or ""),
            Text(c.kind.label_text),
            literal(c.town),
            literal(c.province),
            Text(str(counts.get(c.id, 0))),
        )
    show(table)
    say((companies_counted(len(found)), "dim"))


@companies.command("show")
def company_show(
    ctx: typer.Context,
    key: Annotated[
        str, typer.Argument(help="Company number, VAT number or name.", show_default=False)
    ],
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Show a company and its timeline: every ticket it opened."""
    desk = reader(ctx)
    timeline = desk.companies.timeline(key)
    if fmt is Format.JSON:
        by_id = {timeline.company.id: timeline.company}
        emit_json(
            {
                **company_json(timeline.company),
                "tickets": [ticket_json(t, by_id) for t in timeline.tickets],
            }
        )
        return
    if fmt is Format.CSV:
        # The timeline's tickets, one row each, in the columns of `list --format csv`.
        from helpdesk.cli.tickets import CSV_COLUMNS

        by_id = {timeline.company.id: timeline.company}
        emit_csv((ticket_json(t, by_id) for t in timeline.tickets), CSV_COLUMNS)
        return
    from helpdesk.render.companies import company_view

    show(company_view(timeline, desk.clock.now()))
