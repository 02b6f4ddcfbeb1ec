"""``company show --format csv`` prints the company's timeline as CSV, not the table."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

from helpdesk.cli.main import app


def test_company_show_as_csv(cli: CliRunner) -> None:
    for subject in ("Vendere online", "Bando digitale"):
        added = cli.invoke(app, ["add", subject, "-c", "Forno Verdi"])
        assert added.exit_code == 0, added.output
    result = cli.invoke(app, ["company", "show", "Forno Verdi", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["ref"], r["subject"]) for r in rows] == [
        ("2", "Vendere online"),
        ("3", "Bando digitale"),
    ]
    assert "│" not in result.stdout and "─" not in result.stdout
