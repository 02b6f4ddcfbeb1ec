"""The demo's network: partners, programmes, referrals in every state (one late), satisfaction
scores, and a dossier rendered for a demo company in both languages, Markdown and HTML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.domain.partners import ReferralState
from helpdesk.errors import InvalidValue
from helpdesk.services.demo import build_demo
from helpdesk.services.desk import Desk
from helpdesk.services.dossier import company_dossier, markdown_to_html


@pytest.fixture(scope="module")
def demo() -> Desk:
    """The shipped demo looked at on a later day."""
    return build_demo(today=date(2026, 11, 25))


def test_the_demo_has_a_network_with_referrals_in_every_state(demo: Desk) -> None:
    assert len(demo.partners.partners()) >= 8
    assert {p.key for p in demo.programmes.programmes()} == {"desk2020", "desk2021"}
    states = {r.state for r in demo.ctx.store.referrals()}
    assert states == set(ReferralState)
    assert demo.referrals.entries(late=True)
    assert all(t.programme for t in demo.ctx.store.tickets(partial=True))


def test_the_demo_has_satisfaction_scores_and_a_funnel(demo: Desk) -> None:
    impact = demo.summary.compute().impact
    assert impact is not None
    assert impact.satisfaction.answers > 10 and impact.satisfaction.average is not None
    counts = [s.count for s in impact.stages]
    assert counts[0] > counts[1] > counts[2] > counts[3] > 0 and counts[4] > 0
    assert impact.euros > 0


def test_a_dossier_for_a_demo_company(demo: Desk) -> None:
    referred = demo.ctx.store.referrals()[0]
    ticket = demo.tickets.get(referred.ref)
    assert ticket.company_id is not None
    company = demo.companies.get(ticket.company_id)
    english = company_dossier(demo, company.id).text
    assert english.startswith(f"# {company.name}")
    assert "## Requests and advice" in english and f"#{ticket.ref} {ticket.subject}" in english
    partner = demo.partners.get(referred.partner).name
    assert "## Referrals to partners" in english and partner in english
    italian = company_dossier(demo, company.id, "it").text
    assert "## Invii ai partner della rete" in italian and partner in italian
    page = markdown_to_html(english, company.name)
    assert page.startswith("<!DOCTYPE html>") and "<h2>Referrals to partners</h2>" in page
    assert "<table>" in page


def test_html_escapes_what_the_template_wrote() -> None:
    page = markdown_to_html("# <script>alert(1)</script>\n\n- **a & b**\n", "x")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<li><strong>a &amp; b</strong></li>" in page


@pytest.mark.files_only("the demo writes a database file")
def test_company_dossier_from_the_command_line(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = isolated_env / "demo.json"
    runner = CliRunner()
    monkeypatch.setenv("HELPDESK_DB", str(db))
    assert runner.invoke(app, ["demo"]).exit_code == 0
    out = isolated_env / "dossier.html"
    done = runner.invoke(app, ["company", "dossier", "11", "--output", str(out), "--lang", "it"])
    assert done.exit_code == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert "<h2>Profilo</h2>" in page and "<h2>Richieste e consulenze</h2>" in page
    again = runner.invoke(app, ["company", "dossier", "11", "--output", str(out)])
    assert again.exit_code != 0 and "exists" in again.stderr  # never overwritten silently
    bad = runner.invoke(app, ["company", "dossier", "11", "--output", "dossier.pdf"])
    assert bad.exit_code != 0 and "Markdown (.md) or HTML (.html)" in bad.stderr
    assert not (isolated_env / "dossier.pdf").exists()
    markdown = runner.invoke(app, ["company", "dossier", "11"])
    assert markdown.exit_code == 0 and "## Profile" in markdown.stdout
    report = runner.invoke(app, ["render", "company-dossier"])
    assert report.exit_code != 0 and "company dossier NAME" in report.stderr


def test_output_format_refuses_other_names() -> None:
    from helpdesk.services.dossier import output_format

    assert output_format(Path("a.HTML")) == ".html"
    with pytest.raises(InvalidValue):
        output_format(Path("a.txt"))
