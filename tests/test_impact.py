"""The impact funnel on a hand-made desk whose answers are known: through the service, the
summary's JSON, CSV and Markdown, and ``summary --programme`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.render.summary import summary_markdown, summary_rows
from helpdesk.services import factory
from helpdesk.services.desk import Desk
from helpdesk.services.partners import PartnerDraft
from helpdesk.services.programmes import Placing
from helpdesk.services.summary_json import summary_json
from helpdesk.services.tickets import TicketDraft


def build(desk: Desk) -> None:
    """Six requests under desk2020 and one outside it.

    1 closed as a duplicate (not advised, answered no survey); 2 in progress; 3 referred, no
    answer yet; 4 referred, answered, declined; 5 referred, answered, project of € 20.000;
    6 closed as project started without a referral, scored 4; 7 outside the programme,
    referred and started.
    """
    desk.programmes.add("desk2020", "Sportello 2020", funders=["CCIAA Como"])
    desk.partners.add(PartnerDraft("Made", "competence_center", topics=["industry40"]))

    def ticket(subject: str, *, programme: str | None = "desk2020", worked: bool = True) -> int:
        ref = desk.tickets.log(TicketDraft(subject, topics=["industry40"])).ticket.ref
        if programme:
            desk.programmes.place(ref, Placing(programme=programme))
        if worked:
            desk.tickets.triage(ref, assignee="ms")
            desk.tickets.set_status(ref, "in_progress")
        return ref

    desk.tickets.close(ticket("Doppione", worked=False), "duplicate")
    ticket("In corso")
    desk.referrals.refer(ticket("Inviato"), "Made")
    declined = desk.referrals.refer(ticket("Rifiutato"), "Made")
    desk.referrals.step(declined.id, "answered")
    desk.referrals.step(declined.id, "declined")
    started = desk.referrals.refer(ticket("Progetto"), "Made")
    desk.referrals.step(started.id, "answered")
    desk.referrals.step(started.id, "project_started", amount=20000)
    sixth = ticket("Da solo")
    desk.tickets.close(sixth, "project_started")
    desk.satisfaction.record(sixth, 4, "utile")
    outside = desk.referrals.refer(ticket("Fuori", programme=None), "Made")
    desk.referrals.step(outside.id, "answered")
    desk.referrals.step(outside.id, "project_started", amount=5000)


@pytest.fixture
def handmade(desk: Desk) -> Desk:
    build(desk)
    return desk


def test_the_funnel_of_a_programme(handmade: Desk) -> None:
    summary = handmade.summary.compute(handmade.summary.period("2026-Q4"), "programme:desk2020")
    impact = summary.impact
    assert impact is not None
    assert [(s.key, s.count) for s in impact.stages] == [
        ("requests", 6),
        ("advised", 5),
        ("referred", 3),
        ("answered", 2),
        ("outcome", 2),
    ]
    assert [s.rate for s in impact.stages] == [None, 5 / 6, 3 / 5, 2 / 3, 1.0]
    assert impact.overall == 2 / 6
    assert impact.euros == 20000
    s = impact.satisfaction
    assert (s.finished, s.answers, s.average, s.response_rate) == (2, 1, 4.0, 0.5)


def test_the_whole_desk_counts_the_ticket_outside_the_programme(handmade: Desk) -> None:
    impact = handmade.summary.compute(handmade.summary.period("2026-Q4")).impact
    assert impact is not None
    assert [s.count for s in impact.stages] == [7, 6, 4, 3, 3]
    assert impact.euros == 25000


def test_every_format_carries_the_funnel(handmade: Desk) -> None:
    summary = handmade.summary.compute(handmade.summary.period("2026-Q4"), "programme:desk2020")
    data = summary_json(summary)
    assert [st["count"] for st in data["impact"]["funnel"]] == [6, 5, 3, 2, 2]
    assert data["impact"]["satisfaction"]["response_rate"] == 0.5
    rows = {(r["section"], r["key"]): r["value"] for r in summary_rows(data)}
    assert rows[("impact.funnel", "referred")] == 3
    assert rows[("impact", "euros")] == 20000
    assert rows[("satisfaction", "average")] == 4.0
    markdown = summary_markdown(summary)
    assert "| Referred to a partner | 3 | 60% |" in markdown
    assert "€20,000" in markdown and "Satisfaction: 4.0/5" in markdown


def test_summary_and_report_cut_by_programme_on_the_command_line(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = FrozenClock("2026-11-20 10:00")
    real = factory.open_desk

    def open_frozen(settings: Settings, *, clock: object = None, create: bool = True) -> Desk:
        return real(settings, clock=frozen, create=create)

    monkeypatch.setattr(factory, "open_desk", open_frozen)
    desk = factory.open_desk(Settings.from_env())
    desk.directory.add_adviser("ms", "Marta Sala")
    desk.ctx.actor = "ms"
    build(desk)
    runner = CliRunner()
    result = runner.invoke(
        app, ["summary", "--period", "2026-Q4", "--programme", "desk2020", "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    funnel = json.loads(result.stdout)["impact"]["funnel"]
    assert [st["count"] for st in funnel] == [6, 5, 3, 2, 2]
    table = runner.invoke(app, ["summary", "--programme", "desk2020"], env={"COLUMNS": "200"})
    assert "Referred to a partner" in table.stdout
    report = runner.invoke(
        app, ["render", "quarterly-report", "--period", "2026-Q4", "--programme", "desk2020"]
    )
    assert report.exit_code == 0, report.stderr
    assert "€ 20,000" in report.stdout and "programme:desk2020" in report.stdout
    assert "| Referred to a partner | 3 | 60% |" in report.stdout
    unknown = runner.invoke(app, ["summary", "--programme", "nope"])
    assert unknown.exit_code != 0 and "No programme 'nope'" in unknown.stderr


def test_the_italian_report_has_the_funnel(handmade: Desk) -> None:
    period = handmade.summary.period("2026-Q4")
    text = handmade.templates.render(
        "quarterly-report", None, period=period, query="programme:desk2020", language="it"
    ).text
    assert "## Risultati" in text
    assert "| Inviate a un partner | 3 | 60% |" in text
    assert "€ 20.000" in text and "in media **4/5**" in text


def test_a_funded_grant_counts_as_an_outcome_with_its_euros(handmade: Desk) -> None:
    from helpdesk.services.calls import CallDraft

    call = handmade.calls.add(CallDraft("Credito 4.0", "ministry", "01/01/2026", "31/12/2026"))
    handmade.calls.apply(2, call.id, force=True)  # "In corso": worked on, never referred
    for stage in ("submitted", "admitted"):
        handmade.calls.step(2, call.id, stage)
    handmade.calls.step(2, call.id, "funded", amount="12.000")
    impact = handmade.summary.compute(
        handmade.summary.period("2026-Q4"), "programme:desk2020"
    ).impact
    assert impact is not None
    assert [s.count for s in impact.stages] == [6, 5, 3, 2, 3]
    assert impact.euros == 32000 and impact.grants_funded == 1
