"""Grant figures on a hand-made desk whose answers are known, through the service and the CLI.

Three calls in the first half of 2021; four businesses apply; steps are dated by moving a frozen
clock: 10 Jan applications, 20 Jan submissions, 15 Feb rankings, 20 Mar and 10 Apr fundings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.services import factory
from helpdesk.services.call_figures import grants_json
from helpdesk.services.calls import CallDraft
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.tickets import TicketDraft


def build(desk: Desk, clock: FrozenClock) -> None:
    """The hand-made desk (clock starting on 10 January 2021)."""
    desk.directory.add_adviser("ms", "Marta Sala")
    region = desk.calls.add(
        CallDraft("Bando e-commerce", "region", "1/1/2021", "31/3/2021 12:00",
                  funder_name="Regione Lombardia", max_per_company="10.000")
    )  # fmt: skip
    chamber = desk.calls.add(
        CallDraft("Voucher digitali I4.0", "chamber", "1/1/2021", "28/2/2021 12:00",
                  funder_name="CCIAA Como-Lecco", max_per_company="5.000")
    )  # fmt: skip
    eu = desk.calls.add(CallDraft("Digital Europe SME", "eu", "1/1/2021", "30/6/2021"))
    refs = [
        desk.tickets.log(
            TicketDraft(subject=f"Bandi {n}", company=CompanyDraft(name=f"Impresa {n}"))
        ).ticket.ref
        for n in range(1, 5)
    ]
    t1, t2, t3, t4 = refs
    for ref, call in ((t1, region), (t2, region), (t3, chamber), (t4, eu)):
        desk.calls.apply(ref, call.id)
    clock.advance(days=10)  # 20 Jan
    for ref, call in ((t1, region), (t2, region), (t3, chamber)):
        desk.calls.step(ref, call.id, "submitted")
    clock.advance(days=26)  # 15 Feb
    desk.calls.step(t1, region.id, "admitted")
    desk.calls.step(t2, region.id, "not_admitted")
    desk.calls.step(t3, chamber.id, "admitted")
    clock.advance(days=33)  # 20 Mar
    desk.calls.step(t3, chamber.id, "funded", amount="4.500,50")
    clock.advance(days=21)  # 10 Apr
    desk.calls.step(t1, region.id, "funded", amount="8.000")


@pytest.fixture
def hand_made() -> Desk:
    clock = FrozenClock("2021-01-10 10:00")
    desk = factory.memory_desk(clock, actor="ms")
    build(desk, clock)
    return desk


def figures(desk: Desk, period: str | None, query: str = "") -> dict:
    summary = desk.summary.compute(desk.summary.period(period) if period else None, query)
    data = grants_json(summary.grants)
    assert data is not None
    return data


def test_first_quarter_counts_each_stage_reached_in_it(hand_made: Desk):
    data = figures(hand_made, "2021-Q1")
    assert data["total"] == {
        "key": "total",
        "label": "All calls",
        "started": 4,
        "submitted": 3,
        "admitted": 2,
        "funded": 1,
        "euros": 4500.5,
    }
    by_funder = {r["key"]: r for r in data["by_funder"]}
    assert list(by_funder) == ["CCIAA Como-Lecco", "Regione Lombardia", "European Union"]
    assert (
        by_funder["Regione Lombardia"]["submitted"],
        by_funder["Regione Lombardia"]["admitted"],
    ) == (2, 1)
    assert by_funder["European Union"]["started"] == 1
    assert by_funder["European Union"]["submitted"] == 0
    assert [r["label"] for r in data["by_call"]] == [
        "Voucher digitali I4.0",
        "Bando e-commerce",
        "Digital Europe SME",
    ]


def test_second_quarter_has_only_the_later_funding(hand_made: Desk):
    data = figures(hand_made, "2021-Q2")
    assert data["total"]["funded"] == 1 and data["total"]["euros"] == 8000
    assert data["total"]["submitted"] == 0
    assert [r["key"] for r in data["by_funder"]] == ["Regione Lombardia"]


def test_all_time_and_a_filter(hand_made: Desk):
    assert figures(hand_made, None)["total"]["euros"] == 12500.5
    only_first = figures(hand_made, None, "ref:1")
    assert only_first["total"]["funded"] == 1 and only_first["total"]["euros"] == 8000
    assert only_first["total"]["started"] == 1


runner = CliRunner()


@pytest.fixture
def cli_desk(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    clock = FrozenClock("2021-01-10 10:00")
    real = factory.open_desk

    def open_frozen(settings: Settings, *, clock: object = None, create: bool = True) -> Desk:
        return real(settings, clock=frozen, create=create)

    frozen = clock
    monkeypatch.setattr(factory, "open_desk", open_frozen)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    build(factory.open_desk(Settings.from_env()), clock)
    yield


@pytest.mark.usefixtures("cli_desk")
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_summary_shows_the_grant_figures_in_every_format(fmt: str):
    result = runner.invoke(
        app, ["summary", "--period", "2021-Q1", "-f", fmt], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "table":
        assert "Grants" in out and "€4,500.50" in out and "CCIAA Como-Lecco" in out
    elif fmt == "markdown":
        assert "## Grants" in out
        assert "| CCIAA Como-Lecco | 1 | 1 | 1 | 1 | €4,500.50 |" in out
        assert "| All calls | 4 | 3 | 2 | 1 | €4,500.50 |" in out
    elif fmt == "csv":
        assert "grants.total,submitted,3" in out
        assert "grants.by_funder.Regione Lombardia,admitted,1" in out
    else:
        assert '"euros": 4500.5' in out


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "| CCIAA Como-Lecco | 1 | 1 | 1 | 1 | €4,500.50 |"),
        ("it", "| **Totale** | 4 | 3 | 2 | 1 | 4.500,50 € |"),
    ],
)
def test_quarterly_report_has_the_grant_table(hand_made: Desk, language: str, line: str):
    period = hand_made.summary.period("2021-Q1")
    text = hand_made.templates.render("quarterly-report", period=period, language=language).text
    assert line in text
