"""The network from the command line and the terminal UI: ``partner share|unshare``, ``partner
add --desk``, referrals into another desk's inbox, what a desk moved out keeps, a file desk's
refusals, and the receiving desk's screen taking the new ticket in at once.

Each test has a database of its own with the desks hub-01 and hub-02 (see tests/test_network.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from postgres import Server
from test_network import Network, log, network_of
from test_tui_data import run_async
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app
from helpdesk.dates import FrozenClock
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.partners import PartnerDraft
from helpdesk.store.postgres import PostgresStore
from helpdesk.tui.app import make_app
from helpdesk.tui.screens.partners import PartnersScreen
from helpdesk.tui.widgets.ticket_list import TicketList


@pytest.fixture
def net(pg_server: Server, clock: FrozenClock) -> Iterator[Network]:
    """Two desks in a database of their own."""
    network = network_of(pg_server.create_database(), clock)
    yield network
    network.one.close()
    network.two.close()


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A runner in an empty folder with no database chosen, acting as ``ms``."""
    for name in ("HELPDESK_DB", "HELPDESK_DESK", "HELPDESK_TZ", "HELPDESK_TEMPLATES", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def on(run: CliRunner, net: Network, desk: str, *args: str) -> Result:
    """A command on one desk of the network, acting as its adviser."""
    adviser = "ms" if desk == "hub-01" else "gb"
    return run.invoke(app, ["--db", net.url, "--desk", desk, "--as", adviser, *args])


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def test_share_list_refer_and_unshare_from_the_command_line(run: CliRunner, net: Network) -> None:
    ok(
        on(
            run,
            net,
            "hub-01",
            "partner",
            "add",
            "Made Competence Center",
            "-k",
            "competence_center",
        )
    )
    assert "Made" not in ok(on(run, net, "hub-02", "partner", "list"))

    said = ok(on(run, net, "hub-01", "partner", "share", "made competence center"))
    assert "shared partner 1 Made Competence Center" in said

    listed = ok(on(run, net, "hub-02", "partner", "list"))
    assert "Made Competence Center" in listed and "desk hub-01" in listed
    assert "shared" in ok(on(run, net, "hub-01", "partner", "list"))
    rows = json.loads(ok(on(run, net, "hub-02", "partner", "list", "-f", "json")))
    assert [(r["id"], r["desk"]) for r in rows] == [(1, "hub-01")]

    refused = on(run, net, "hub-02", "partner", "edit", "1", "--notes", "nostro")
    assert refused.exit_code == 1
    assert "belongs to the desk hub-01" in refused.output and "Traceback" not in refused.output

    ref = log(net.two, "Robot collaborativo")
    ok(on(run, net, "hub-02", "refer", str(ref), "Made Competence Center"))
    refused = on(run, net, "hub-01", "partner", "unshare", "1")
    assert refused.exit_code == 1
    assert f"hub-02 referral 1 (#{ref})" in refused.output


def test_a_referral_to_another_desk_lands_in_its_list_and_its_status_comes_back(
    run: CliRunner, net: Network
) -> None:
    said = ok(on(run, net, "hub-01", "partner", "add", "--desk", "hub-02"))
    assert "added partner 1 Desk hub-02" in said
    ref = log(net.one, "Bando voucher digitali", topics=["grants"])

    ok(on(run, net, "hub-01", "refer", str(ref), "desk hub-02", "-n", "Seguite voi"))

    inbox = ok(on(run, net, "hub-02", "list", "status:new"))
    assert "Bando voucher digitali" in inbox
    shown = ok(on(run, net, "hub-02", "show", "1"))
    assert f"Referred by the desk hub-01 (request {ref}): Seguite voi" in shown
    listed = ok(on(run, net, "hub-01", "referral", "list"))
    assert "hub-02 #1 new" in listed
    rows = json.loads(ok(on(run, net, "hub-01", "referral", "list", "-f", "json")))
    assert (rows[0]["desk"], rows[0]["desk_ref"], rows[0]["desk_status"]) == ("hub-02", 1, "new")

    ok(on(run, net, "hub-02", "close", "1", "--outcome", "withdrawn"))
    rows = json.loads(ok(on(run, net, "hub-01", "referral", "list", "-f", "json")))
    assert (rows[0]["state"], rows[0]["desk_status"]) == ("answered", "closed")


def test_a_desk_moved_out_keeps_the_shared_partners_it_referred_to(
    run: CliRunner, net: Network, tmp_path: Path
) -> None:
    ok(on(run, net, "hub-01", "partner", "add", "Made", "-k", "competence_center"))
    ok(on(run, net, "hub-01", "partner", "add", "Polimi", "-k", "university"))
    ok(on(run, net, "hub-01", "partner", "share", "Made"))
    ok(on(run, net, "hub-01", "partner", "share", "Polimi"))
    ok(on(run, net, "hub-02", "partner", "add", "Camera", "-k", "chamber"))
    ref = log(net.two, "Robot")
    ok(on(run, net, "hub-02", "refer", str(ref), "Made"))
    moved = tmp_path / "hub-02.json"

    ok(on(run, net, "hub-02", "migrate", net.url, str(moved)))

    partners = json.loads(
        ok(run.invoke(app, ["--db", str(moved), "partner", "list", "-f", "json"]))
    )
    assert [(p["id"], p["name"], p.get("desk")) for p in partners] == [
        (3, "Camera", None),  # hub-02 numbered the two shared partners first
        (1, "Made", None),
    ]
    referrals = json.loads(
        ok(run.invoke(app, ["--db", str(moved), "referral", "list", "-f", "json"]))
    )
    assert [(r["partner"], r["partner_name"]) for r in referrals] == [(1, "Made")]
    exported = json.loads(ok(on(run, net, "hub-02", "export", "-f", "json")))
    assert [p["name"] for p in exported["partners"]] == ["Made", "Camera"]  # by number


def test_a_file_desk_refuses_sharing_and_desk_partners_with_exit_status_2(run: CliRunner) -> None:
    ok(run.invoke(app, ["adviser", "add", "ms", "Marta Sala"]))
    ok(run.invoke(app, ["partner", "add", "Made", "-k", "competence_center"]))
    for args in (["partner", "share", "Made"], ["partner", "add", "--desk", "hub-02"]):
        refused = run.invoke(app, args)
        assert refused.exit_code == 2, refused.output
        assert "PostgreSQL" in refused.output and "Traceback" not in refused.output
    assert "shared" not in ok(run.invoke(app, ["partner", "list"]))


def test_a_partner_needs_a_kind_unless_it_stands_for_a_desk(run: CliRunner) -> None:
    ok(run.invoke(app, ["adviser", "add", "ms", "Marta Sala"]))
    refused = run.invoke(app, ["partner", "add", "Made"])
    assert refused.exit_code == 1 and "needs a kind" in refused.output


def test_sharing_in_a_process_of_its_own(net: Network, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
    env["HELPDESK_ADVISER"] = "ms"
    command = [sys.executable, "-m", "helpdesk", "--db", net.url, "--desk", "hub-01"]
    subprocess.run(
        [*command, "partner", "add", "Made", "-k", "competence_center"],
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [*command, "partner", "share", "Made"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "shared partner 1 Made" in done.stdout
    assert [p.desk for p in net.two.partners.partners()] == ["hub-01"]


@run_async
async def test_the_receiving_desks_screen_shows_the_referred_ticket_at_once(
    pg_server: Server, clock: FrozenClock
) -> None:
    net = network_of(pg_server.create_database(), clock)
    sender = Desk(PostgresStore(net.url, desk="hub-01", tz=clock.tz), clock, "ms")
    partner = sender.partners.add(PartnerDraft("", "", desk="hub-02"))
    ref = log(sender, "Bando per la digitalizzazione")
    # Polled once an hour: only the server's notification can bring the ticket in time.
    app_two = make_app(net.two, watch_interval=3600)
    async with app_two.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = app_two.screen.query_one(TicketList)
        assert shown.tickets == []
        sender.referrals.refer(ref, partner.id)
        for _ in range(500):  # until the notification has come and been taken in
            if shown.tickets:
                break
            await pilot.pause(0.01)
        assert [t.subject for t in shown.tickets] == ["Bando per la digitalizzazione"]
    sender.close()
    net.one.close()
    net.two.close()


@run_async
async def test_s_on_the_partners_screen_shares_the_partner_and_a_file_desk_offers_no_s(
    pg_server: Server, clock: FrozenClock
) -> None:
    net = network_of(pg_server.create_database(), clock)
    net.one.partners.add(PartnerDraft("Made", "competence_center"))
    app_one = make_app(net.one, watch_interval=3600)
    async with app_one.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app_one.screen, PartnersScreen)
        assert "Sharing" in [c.title for c in app_one.get_system_commands(app_one.screen)]
        await pilot.press("s")
        await pilot.pause()
        assert net.one.partners.get("Made").shared
        assert [(p.name, p.desk) for p in net.two.partners.partners()] == [("Made", "hub-01")]
        await pilot.press("s")
        await pilot.pause()
        assert not net.one.partners.get("Made").shared
    net.one.close()
    net.two.close()

    alone = memory_desk(clock, actor="ms")
    alone.directory.add_adviser("ms", "Marta Sala")
    alone.partners.add(PartnerDraft("Made", "competence_center"))
    app_alone = make_app(alone, watch_interval=3600)
    async with app_alone.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app_alone.screen, PartnersScreen)
        assert "Sharing" not in [c.title for c in app_alone.get_system_commands(app_alone.screen)]
        await pilot.press("s")
        await pilot.pause()
        assert not alone.partners.get("Made").shared
