"""The hub's network drawn with Rich: partners, suggestions and referrals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from helpdesk.dates import format_date
from helpdesk.domain.models import Ticket
from helpdesk.domain.numbers import format_euros
from helpdesk.domain.partners import Partner, Ranked, Referral, ReferralState
from helpdesk.i18n import N_, _, ngettext
from helpdesk.render.tables import Column, FittedTable
from helpdesk.render.text import literal, one_line
from helpdesk.render.topics import topics_text
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
    Column(N_("#"), 4, right=True),
    Column(N_("Name")),
    Column(N_("Kind"), 28, floor=12),
    Column(N_("Topics"), 30, floor=10),
    Column(N_("Answer in"), 9, right=True),
)


def partners_table(
    partners: Sequence[Partner], topic_names: Mapping[str, str] | None = None
) -> FittedTable:
    """The register, one partner a line; those no longer active dimmed. Topics read as
    ``topic_names`` labels them (their keys without it)."""
    rows = []
    for p in partners:
        style = "" if p.active else "dim"
        name = one_line(p.name + ("" if p.active else " " + _("(inactive)")), style=style)
        network = network_mark(p)
        if network:
            name.append("  " + network, style="dim")
        rows.append(
            (
                Text(str(p.id), style="bold"),
                name,
                Text(p.kind.label_text, style=style or "cyan"),
                literal(topics_text(p.topics, topic_names or {}), "dim"),
                Text(
                    _("{days}d").format(days=p.answer_days) if p.answer_days else _("default"),
                    style="dim",
                ),
            )
        )
    return FittedTable(PARTNER_COLUMNS, rows)


def network_mark(partner: Partner) -> str:
    """What the network makes of a partner, in a few words: whose it is when another desk's,
    shared when the desk shares it, the desk it stands for; "" for a plain partner."""
    marks = []
    if partner.desk:
        marks.append(_("desk {desk}").format(desk=partner.desk))
    elif partner.shared:
        marks.append(_("shared"))
    if partner.for_desk:
        marks.append(_("to the inbox of {desk}").format(desk=partner.for_desk))
    return " · ".join(marks)


def partner_view(
    partner: Partner,
    referrals: Sequence[ReferralEntry],
    today: date,
    topic_names: Mapping[str, str] | None = None,
) -> Group:
    """One partner: who they are, who to talk to, and the tickets referred to them (topics as
    ``topic_names`` labels them)."""
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    facts.add_row(_("Kind"), partner.kind.label_text)
    facts.add_row(_("Topics"), literal(topics_text(partner.topics, topic_names or {}) or "-"))
    if partner.competences:
        facts.add_row(_("Competences"), literal(", ".join(partner.competences)))
    days = partner.answer_days
    answers = (
        ngettext("{count} working day", "{count} working days", days).format(count=days)
        if days
        else _("the desk's default")
    )
    facts.add_row(_("Answers in"), answers)
    for person in partner.people:
        facts.add_row(
            _("Contact"),
            literal(" · ".join(x for x in (person.name, person.role, person.email) if x)),
        )
    if partner.notes:
        facts.add_row(_("Notes"), literal(partner.notes))
    if not partner.active:
        facts.add_row(_("Active"), _("no: the desk no longer refers to it"))
    if partner.desk:
        facts.add_row(
            _("Network"),
            _("shared by the desk {desk}, which alone changes it").format(desk=partner.desk),
        )
    elif partner.shared:
        facts.add_row(_("Network"), _("shared with every desk of the network"))
    if partner.for_desk:
        facts.add_row(
            _("Desk"),
            _("{desk}: a referral puts a new ticket in its inbox").format(desk=partner.for_desk),
        )
    parts: list[RenderableType] = [Text(f"{partner.id}  {partner.name}", style="bold"), facts]
    if referrals:
        parts.append(Text(""))
        parts.append(referrals_table(referrals, today))
    return Group(*parts)


SUGGEST_COLUMNS = (
    Column(N_("#"), 4, right=True),
    Column(N_("Partner")),
    Column(N_("Kind"), 28, floor=12),
    Column(N_("Why"), 40, floor=12),
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
        late = _("{state}, late").format(state=referral.state.label_text)
        return Text(late, style="bold red")
    return Text(referral.state.label_text, style=REFERRAL_STYLE[referral.state])


REFERRAL_COLUMNS = (
    Column(N_("R"), 4, right=True),
    Column(N_("Ticket"), 6, right=True),
    Column(N_("Partner"), 28, floor=10),
    Column(N_("State"), 20, floor=8),
    Column(N_("Sent"), 11, floor=11),
    Column(N_("Expected"), 11, floor=11),
    Column(N_("Company / subject")),
)


def referrals_table(entries: Sequence[ReferralEntry], today: date) -> FittedTable:
    """Referrals, one a line: to whom, where they stand, when the answer is due."""
    rows = [
        (
            Text(str(e.referral.id), style="bold"),
            Text(f"#{e.ticket.ref}"),
            one_line(e.partner.name),
            referral_state_text(e.referral, today).append(there_text(e), style="dim"),
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


def there_text(entry: ReferralEntry) -> str:
    """Where the ticket the referral put in another desk's inbox stands (`` · hub-02 #5
    new``); "" for a referral to a partner that is no desk."""
    r = entry.referral
    if not r.desk or r.desk_ref is None:
        return ""
    status = entry.there.label_text if entry.there is not None else "?"
    return f" · {r.desk} #{r.desk_ref} {status}"


def referral_steps(entry: ReferralEntry, today: date) -> Text:
    """One referral and its steps on a line each, for the ticket screen and ``show``."""
    r = entry.referral
    text = Text()
    text.append(f"R{r.id} ", style="bold")
    text.append(entry.partner.name)
    text.append("  ")
    text.append_text(referral_state_text(r, today))
    text.append(there_text(entry), style="dim")
    if r.state.waiting:
        expected = _("answer expected {date}").format(date=format_date(r.expected))
        text.append("  " + expected, style="dim")
    if r.amount:
        text.append("  " + format_euros(r.amount * 100), style="green")
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
        facts.append(_("service {name}").format(name=ticket.service.label_text.lower()))
    if ticket.source is not None:
        facts.append(_("source {name}").format(name=ticket.source.label_text.lower()))
    if ticket.programme:
        facts.append(_("programme {key}").format(key=ticket.programme))
    if ticket.satisfaction is not None:
        said = f": {ticket.satisfaction.comment}" if ticket.satisfaction.comment else ""
        score = _("satisfaction {score}/5").format(score=ticket.satisfaction.score)
        facts.append(score + said)
    if facts:
        lines.append(literal(" · ".join(facts), "dim"))
    if referrals:
        lines.append(Text(_("Referrals"), style="bold underline"))
        lines.extend(referral_steps(e, today) for e in referrals)
    return lines
