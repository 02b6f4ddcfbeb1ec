"""The hub's network drawn with Rich: partners, suggestions and referrals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from helpdesk.dates import format_date
from helpdesk.domain.models import Ticket
from helpdesk.domain.partners import Partner, Ranked, Referral, ReferralState
from helpdesk.render.tables import Column, FittedTable
from helpdesk.render.text import literal, one_line
from helpdesk.services.referrals import ReferralEntry

REFERRAL_STYLE: dict[ReferralState, str] = {
    ReferralState.SENT: "cyan",
    ReferralState.ACKNOWLEDGED: "cyan",
    ReferralState.ANSWERED: "green",
    ReferralState.PROJECT_STARTED: "bold green",
    ReferralState.DECLINED: "dim",
    ReferralState.NO_ANSWER: "red",
}

PARTNER_COLUMNS = (
    Column("#", 4, right=True),
    Column("Name"),
    Column("Kind", 28, floor=12),
    Column("Topics", 30, floor=10),
    Column("Answer in", 9, right=True),
)


def partners_table(partners: Sequence[Partner]) -> FittedTable:
    """The register, one partner a line; those no longer active dimmed."""
    rows = []
    for p in partners:
        style = "" if p.active else "dim"
        rows.append(
            (
                Text(str(p.id), style="bold"),
                one_line(p.name + ("" if p.active else " (inactive)"), style=style),
                Text(p.kind.label_text, style=style or "cyan"),
                literal(", ".join(p.topics), "dim"),
                Text(f"{p.answer_days}d" if p.answer_days else "default", style="dim"),
            )
        )
    return FittedTable(PARTNER_COLUMNS, rows)


def partner_view(partner: Partner, referrals: Sequence[ReferralEntry], today: date) -> Group:
    """One partner: who they are, who to talk to, and the tickets referred to them."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    facts.add_row("Kind", partner.kind.label_text)
    facts.add_row("Topics", literal(", ".join(partner.topics) or "-"))
    if partner.competences:
        facts.add_row("Competences", literal(", ".join(partner.competences)))
    days = partner.answer_days
    facts.add_row("Answers in", f"{days} working days" if days else "the desk's default")
    for person in partner.people:
        facts.add_row(
            "Contact", literal(" · ".join(x for x in (person.name, person.role, person.email) if x))
        )
    if partner.notes:
        facts.add_row("Notes", literal(partner.notes))
    if not partner.active:
        facts.add_row("Active", "no: the desk no longer refers to it")
    parts: list[RenderableType] = [Text(f"{partner.id}  {partner.name}", style="bold"), facts]
    if referrals:
        parts.append(Text(""))
        parts.append(referrals_table(referrals, today))
    return Group(*parts)


SUGGEST_COLUMNS = (
    Column("#", 4, right=True),
    Column("Partner"),
    Column("Kind", 28, floor=12),
    Column("Why", 40, floor=12),
)


def suggestions_table(ranked: Sequence[Ranked]) -> FittedTable:
    """Partners suggested for a ticket, the best first, with the reason."""
    rows = [
        (
            Text(str(r.partner.id), style="bold"),
            one_line(r.partner.name),
            Text(r.partner.kind.label_text, style="cyan"),
            literal(r.reason, "dim"),
        )
        for r in ranked
    ]
    return FittedTable(SUGGEST_COLUMNS, rows)


def referral_state_text(referral: Referral, today: date) -> Text:
    """The state, coloured; a late one says so in bold red."""
    if referral.is_late(today):
        return Text(f"{referral.state.label_text}, late", style="bold red")
    return Text(referral.state.label_text, style=REFERRAL_STYLE[referral.state])


REFERRAL_COLUMNS = (
    Column("R", 4, right=True),
    Column("Ticket", 6, right=True),
    Column("Partner", 28, floor=10),
    Column("State", 20, floor=8),
    Column("Sent", 11, floor=11),
    Column("Expected", 11, floor=11),
    Column("Company / subject"),
)


def referrals_table(entries: Sequence[ReferralEntry], today: date) -> FittedTable:
    """Referrals, one a line: to whom, where they stand, when the answer is due."""
    rows = [
        (
            Text(str(e.referral.id), style="bold"),
            Text(f"#{e.ticket.ref}"),
            one_line(e.partner.name),
            referral_state_text(e.referral, today),
            Text(format_date(e.referral.sent.date())),
            Text(
                format_date(e.referral.expected),
                style="red" if e.is_late(today) else "",
            ),
            one_line(e.ticket.subject, style="dim"),
        )
        for e in entries
    ]
    return FittedTable(REFERRAL_COLUMNS, rows)


def referral_steps(entry: ReferralEntry, today: date) -> Text:
    """One referral and its steps on a line each, for the ticket screen and ``show``."""
    r = entry.referral
    text = Text()
    text.append(f"R{r.id} ", style="bold")
    text.append(entry.partner.name)
    text.append("  ")
    text.append_text(referral_state_text(r, today))
    if r.state.waiting:
        text.append(f"  answer expected {format_date(r.expected)}", style="dim")
    if r.amount:
        text.append(f"  € {r.amount:,}".replace(",", "."), style="green")
    for step in r.steps:
        text.append("\n    ")
        text.append(f"{format_date(step.at.date())} ", style="dim")
        text.append(step.state.label_text)
        text.append(f" ({step.who})", style="dim")
        if step.note:
            text.append(f": {step.note}", style="italic")
    return text


def network_lines(ticket: Ticket, referrals: Sequence[ReferralEntry], today: date) -> list[Text]:
    """What ``show`` adds under a ticket: its service, source, programme, satisfaction and
    referrals with their steps; nothing when none is set."""
    lines: list[Text] = []
    facts = []
    if ticket.service is not None:
        facts.append(f"service {ticket.service.label_text.lower()}")
    if ticket.source is not None:
        facts.append(f"source {ticket.source.label_text.lower()}")
    if ticket.programme:
        facts.append(f"programme {ticket.programme}")
    if ticket.satisfaction is not None:
        said = f": {ticket.satisfaction.comment}" if ticket.satisfaction.comment else ""
        facts.append(f"satisfaction {ticket.satisfaction.score}/5{said}")
    if facts:
        lines.append(literal(" · ".join(facts), "dim"))
    if referrals:
        lines.append(Text("Referrals", style="bold underline"))
        lines.extend(referral_steps(e, today) for e in referrals)
    return lines
