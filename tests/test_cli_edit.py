"""``helpdesk edit``: the command behind the TUI's edit key."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from helpdesk.cli.main import app


def test_cli_edit_changes_what_a_ticket_says(cli: CliRunner) -> None:
    result = cli.invoke(
        app,
        ["edit", "1", "--subject", "Negozio online", "--email", "mario@forno.it", "--tag", "covid"],
    )
    assert (result.exit_code, result.stdout) == (0, "#1 edited\n")
    data = json.loads(cli.invoke(app, ["show", "1", "-f", "json"]).stdout)
    assert (data["subject"], data["contact"], data["tags"]) == (
        "Negozio online",
        {"email": "mario@forno.it"},
        ["covid"],
    )
    fields = [c["field"] for c in data["history"]]
    assert fields[-3:] == ["subject", "contact", "tags"]
    bad = cli.invoke(app, ["edit", "1", "--email", "nope"])
    assert (bad.exit_code, bad.stderr) == (1, "error: 'nope' is not an email address.\n")
