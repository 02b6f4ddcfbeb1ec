"""The shipped demo works on any day: an untouched demo is remade around today when opened.

Checked on a copy of the repository's own ``tickets.json``, opened with the clock at the day it
was made around (+0), the next days and a weekend, a month later (+30), and on to a year later
(+365): each time there are new tickets to triage, follow-ups overdue and due today, and
upcoming sessions on every main topic.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.domain.enums import Status
from helpdesk.services import factory
from helpdesk.services.demo import write_demo
from helpdesk.services.demo_days import DEMO_TABLE, made_around

SHIPPED = Path(__file__).resolve().parent.parent / "tickets.json"
MAIN_TOPICS = ("ecommerce", "grants", "digital_tools", "industry40")


def shipped_day() -> date:
    """The day the shipped demo was made around, from its stamp."""
    stamp = orjson.loads(SHIPPED.read_bytes())[DEMO_TABLE]["1"]
    return date.fromisoformat(stamp["today"])


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "tickets.json"
    shutil.copyfile(SHIPPED, target)
    return target


def at(day: date, hour: str = "09:00") -> FrozenClock:
    return FrozenClock(f"{day.isoformat()} {hour}")


def test_the_shipped_demo_is_a_stamped_demo_of_100_tickets() -> None:
    data = orjson.loads(SHIPPED.read_bytes())
    stamp = data[DEMO_TABLE]["1"]
    assert (stamp["size"], stamp["seed"]) == (100, 2020)
    assert len(data["tickets"]) == 100


@pytest.mark.parametrize("days", [0, 1, 5, 6, 30, 100, 200, 365])
def test_the_shipped_demo_is_lively_on_any_day(copy: Path, days: int) -> None:
    today = shipped_day() + timedelta(days=days)
    before = copy.read_bytes()
    desk = factory.open_desk(Settings(db=copy, adviser="ms"), clock=at(today))
    if days == 0:
        assert desk.notices == []
        assert copy.read_bytes() == before  # nothing to do: never written
    else:
        (notice,) = desk.notices
        assert notice.startswith("This demo desk was made around ")
        assert f"remade around today, {today.day} " in notice
        assert list((copy.parent / ".tickets.json.backups").iterdir())
    assert made_around(desk) == today
    assert desk.ctx.store.ticket_count() == 100

    inbox = [t for t in desk.tickets.all() if t.status is Status.NEW]
    recent = [t for t in inbox if today - timedelta(days=10) <= t.created.date() <= today]
    assert len(recent) >= 3

    agenda = desk.followups.agenda()
    assert agenda.overdue and agenda.due_today

    upcoming = desk.webinars.sessions(upcoming=True)
    for topic in MAIN_TOPICS:
        assert any(topic in w.topics for w in upcoming), topic
    ecommerce = [w for w in upcoming if "ecommerce" in w.topics]
    assert any(not w.full for w in ecommerce)


def test_the_same_day_gives_the_same_desk(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    shutil.copyfile(SHIPPED, first)
    shutil.copyfile(SHIPPED, second)
    day = shipped_day() + timedelta(days=30)
    for path in (first, second):
        factory.open_desk(Settings(db=path, adviser="ms"), clock=at(day))
    one, two = orjson.loads(first.read_bytes()), orjson.loads(second.read_bytes())
    for data in (one, two):
        data[DEMO_TABLE]["1"]["remade"][-1].pop("at")
        data.pop("_meta")
    assert one == two


def test_a_demo_someone_changed_is_never_remade(copy: Path) -> None:
    today = shipped_day()
    desk = factory.open_desk(Settings(db=copy, adviser="ms"), clock=at(today))
    ref = desk.tickets.all()[0].ref
    desk.tickets.add_note(ref, "Richiamato")
    changed = copy.read_bytes()
    later = factory.open_desk(Settings(db=copy, adviser="ms"), clock=at(today + timedelta(30)))
    assert later.notices == []
    assert copy.read_bytes() == changed
    assert made_around(later) == today


def test_a_desk_that_is_no_demo_is_never_remade(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    desk = factory.open_desk(Settings(db=path, adviser="ms"), clock=at(date(2026, 12, 7)))
    desk.directory.add_adviser("ms", "Marta Sala")
    written = path.read_bytes()
    again = factory.open_desk(Settings(db=path, adviser="ms"), clock=at(date(2027, 12, 7)))
    assert again.notices == [] and made_around(again) is None
    assert path.read_bytes() == written


def test_the_demo_command_stamps_what_it_writes(tmp_path: Path) -> None:
    path = tmp_path / "demo.json"
    write_demo(path, size=20, seed=3, today=date(2026, 12, 7))
    stamp = orjson.loads(path.read_bytes())[DEMO_TABLE]["1"]
    assert (stamp["size"], stamp["seed"], stamp["today"], stamp["remade"]) == (
        20,
        3,
        "2026-12-07",
        [],
    )


def test_the_cli_says_it_remade_the_demo_once(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = at(shipped_day() + timedelta(days=30))
    real = factory.open_desk
    monkeypatch.setattr(
        factory,
        "open_desk",
        lambda settings, clock_=None, create=True, **_: real(settings, clock=clock, create=create),
    )
    runner = CliRunner()
    env = {"HELPDESK_DB": str(copy), "HELPDESK_ADVISER": "ms", "COLUMNS": "200"}
    first = runner.invoke(app, ["list"], env=env)
    assert first.exit_code == 0, first.stderr
    assert first.stderr.startswith("note: This demo desk was made around ")
    assert "status" not in first.stderr
    second = runner.invoke(app, ["list"], env=env)
    assert (second.exit_code, second.stderr) == (0, "")


def test_a_demo_that_cannot_be_written_is_shown_as_it_is(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpdesk.errors import StoreError
    from helpdesk.store.storage import FileStorage

    def refuse(self: FileStorage, data: object) -> None:
        raise StoreError(f"{copy} is read-only.")

    monkeypatch.setattr(FileStorage, "write", refuse)
    before = copy.read_bytes()
    desk = factory.open_desk(
        Settings(db=copy, adviser="ms"), clock=at(shipped_day() + timedelta(days=30))
    )
    (notice,) = desk.notices
    assert notice == f"This demo desk could not be remade around today: {copy} is read-only."
    assert made_around(desk) == shipped_day()
    assert copy.read_bytes() == before
