"""Shared fixtures: a frozen clock and an in-memory desk with two advisers."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.dates import FrozenClock
from helpdesk.i18n import set_language
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk

pytest_plugins = ["postgres"]

# Every command a test runs as a process runs in that process: no test starts a command server
# or hands a command to one left running on the machine, except tests/test_server.py's own.
os.environ["HELPDESK_SERVER"] = "off"

# Tests speak English unless they ask for Italian (``--lang it``, ``HELPDESK_LANG``, the
# ``italian`` fixture): most of them read the words commands print.
os.environ["HELPDESK_LANG"] = "en"

#: Where every command server a test starts keeps its socket (tests/test_server.py makes its
#: folders in it): never the developer's own runtime folder, and checked at the end of the
#: session. Others may pass through it (0711), not list it.
SERVER_FOLDER = Path(tempfile.mkdtemp(prefix="hd-", dir="/tmp"))
SERVER_FOLDER.chmod(0o711)
os.environ["HELPDESK_RUNTIME_DIR"] = str(SERVER_FOLDER / "run")


@pytest.fixture(scope="session", autouse=True)
def no_server_left_running() -> Iterator[None]:
    """Fail the session if a command server a test started is still running at its end (and
    stop it, so that none outlives the tests)."""
    yield
    left = servers_under(SERVER_FOLDER)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(SERVER_FOLDER, ignore_errors=True)
    assert not left, f"command servers left running by the tests: {left}"


def servers_under(folder: Path) -> list[int]:
    """The pids of the command servers whose socket is in ``folder`` (their command lines say
    so; their folders may be gone already)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            args = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"helpdesk.cli.server.serve" in args and any(
            a.startswith(str(folder).encode() + b"/") for a in args
        ):
            found.append(int(entry))
    return found


@pytest.fixture(autouse=True)
def store_of_each_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Record whether the test ran on a PostgreSQL server (its report's ``store`` property),
    so that the session's summary says how many tests ran on each store."""
    yield
    store = "postgres" if "pg_server" in request.fixturenames else "file"
    request.node.user_properties.append(("store", store))


#: How many tests ran on each store, from their teardown reports (workers' included).
TESTS_BY_STORE = {"postgres": 0, "file": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count the test on the store its teardown report names (see ``store_of_each_test``)."""
    if report.when == "teardown":
        for name, value in report.user_properties:
            if name == "store":
                TESTS_BY_STORE[value] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many tests ran on PostgreSQL and how many on files or memory only."""
    terminalreporter.write_line(
        f"stores: {TESTS_BY_STORE['postgres']} tests ran on PostgreSQL, "
        f"{TESTS_BY_STORE['file']} on files or memory only"
    )


#: The main screen's requests to a desk whose store pages, answered off the UI thread.
ASKING_THE_STORE = ("listing", "more")
#: Rounds of the screen settling in a row that start no request, before a Pilot goes on.
QUIET_ROUNDS = 2
#: At most this many rounds, so that a request whose answer never comes cannot hang a test.
MOST_ROUNDS = 200


@pytest.fixture(autouse=True)
def pilots_wait_for_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Pilot's start, keys and clicks wait, as they wait for the screen to take in what they
    did, for the answers the main screen asked a paging store for (PostgreSQL: see
    ``helpdesk/tui/screens/main.py``): a test then reads the list shown, never one on its way.
    A file desk asks nothing off the UI thread, so nothing changes there."""
    import sys

    if "textual.pilot" not in sys.modules:  # not a test of the terminal UI
        return
    from textual.pilot import Pilot
    from textual.worker import WorkerCancelled, WorkerFailed

    from helpdesk.tui.screens.main import MainScreen

    screen_settled = Pilot._wait_for_screen

    async def settled(self: Pilot[Any], timeout: float = 30.0) -> bool:
        # A key reaches the screen's request through a chain of messages (the input's change,
        # the filter bar's query), each posted while the one before is handled: the screen is
        # let settle until the main screen shows the answer to what it asked last and no
        # request is under way, a few rounds in a row (a bounded number of rounds, should a
        # request fail and its answer never come: the test's assertion then says so).
        quiet = rounds = 0
        done = True
        while quiet < QUIET_ROUNDS and rounds < MOST_ROUNDS:
            rounds += 1
            done = await screen_settled(self, timeout)
            asking = [
                w for w in self.app.workers if w.group in ASKING_THE_STORE and not w.is_finished
            ]
            for worker in asking:
                with contextlib.suppress(WorkerCancelled, WorkerFailed):
                    await worker.wait()
            main = next((s for s in self.app.screen_stack if isinstance(s, MainScreen)), None)
            answered = main is None or main.answered
            quiet = quiet + 1 if answered and not asking else 0
        return done

    monkeypatch.setattr(Pilot, "_wait_for_screen", settled)


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """Every test starts in English and leaves the process in English, whatever it switched to."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def italian(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Speak Italian for this test: the process, and every command it runs (``HELPDESK_LANG``)."""
    monkeypatch.setenv("HELPDESK_LANG", "it")
    set_language("it")
    yield


@pytest.fixture
def clock() -> FrozenClock:
    """Friday 20 November 2026, 10:00 in Europe/Rome."""
    return FrozenClock("2026-11-20 10:00")


@pytest.fixture
def empty_desk(request: pytest.FixtureRequest, clock: FrozenClock) -> Iterator[Desk]:
    """A new desk acting as ``ms``, with the default topics and no adviser: in memory, or
    a desk of its own in the test server's database with ``HELPDESK_TEST_STORE=postgres``."""
    from postgres import TEST_STORE, new_desk_name

    if TEST_STORE != "postgres":
        yield memory_desk(clock, actor="ms")
        return
    from helpdesk.store.postgres import set_up_desk

    url = request.getfixturevalue("pg_database")
    store = set_up_desk(url, desk=new_desk_name(), tz=clock.tz)
    yield Desk(store, clock, "ms")
    store.close()


@pytest.fixture
def desk(empty_desk: Desk) -> Desk:
    """A new desk (see ``empty_desk``) acting as ``ms``, with advisers ``ms`` and ``gb``."""
    desk = empty_desk
    desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce", "marketing"])
    desk.directory.add_adviser("gb", "Giulio Bassi", topics=["grants", "credit"])
    return desk


@pytest.fixture
def seeded(empty_desk: Desk) -> Desk:
    """The terminal UI tests' desk (``test_tui_data.seed``: advisers, tickets, a webinar) on
    the store the tests run on."""
    from test_tui_data import seed

    return seed(empty_desk)


#: Environment variables that would point a test at a real desk or change how output looks.
ISOLATED_ENV_VARS = (
    "HELPDESK_DB",
    "HELPDESK_DESK",
    "HELPDESK_ADVISER",
    "HELPDESK_TZ",
    "HELPDESK_TEMPLATES",
    "HELPDESK_DEBUG",
    "COLUMNS",
    "LINES",
    "FORCE_COLOR",
    "NO_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
)


@pytest.fixture
def isolated_env(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run in an empty ``tmp_path`` with no ``HELPDESK_*`` settings from the developer's shell,
    on a fresh desk of the store the tests run on: ``tickets.json`` in ``tmp_path``, or with
    ``HELPDESK_TEST_STORE=postgres`` a desk of its own in the test server's database
    (``HELPDESK_DB`` and ``HELPDESK_DESK`` name it).

    A test about files themselves (their bytes, backups, locks, paths) is marked
    ``@pytest.mark.files_only("why")`` and always gets ``tickets.json``.

    Not autouse (other modules rely on their own working directory); the CLI test modules use it
    with ``pytestmark = pytest.mark.usefixtures("isolated_env")`` or an autouse wrapper, so no
    test can read or write a real ``tickets.json``. The acting adviser is ``ms``. Returns the
    working directory.
    """
    for name in ISOLATED_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    # Commands that change a desk need one of its advisers: the tests act as ms.
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    monkeypatch.chdir(tmp_path)
    if request.node.get_closest_marker("files_only") is None:
        use_test_store(request, monkeypatch)
    first_adviser_ms(monkeypatch)
    return tmp_path


def use_test_store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``HELPDESK_TEST_STORE=postgres``, make the default database a new desk of its own
    in the test server's database (``HELPDESK_DB`` and ``HELPDESK_DESK``), set up as ``helpdesk
    init`` sets one up; otherwise leave it ``tickets.json`` in the current folder (made by the
    first command that writes)."""
    from postgres import TEST_STORE, new_desk_name

    if TEST_STORE != "postgres":
        return
    from helpdesk.store.postgres import set_up_desk

    url = request.getfixturevalue("pg_database")
    desk = new_desk_name()
    set_up_desk(url, desk=desk).close()
    monkeypatch.setenv("HELPDESK_DB", url)
    monkeypatch.setenv("HELPDESK_DESK", desk)


@pytest.fixture
def switch_to_new_desk(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Path], None]:
    """Make the default database another fresh desk of the store the tests run on: the file
    given, or a new desk in the test server's database with ``HELPDESK_TEST_STORE=postgres``
    (for a test that moves data from one desk to another)."""

    def switch(file: Path) -> None:
        from postgres import TEST_STORE

        if TEST_STORE == "postgres" and request.node.get_closest_marker("files_only") is None:
            use_test_store(request, monkeypatch)
        else:
            monkeypatch.setenv("HELPDESK_DB", str(file))

    return switch


def into_test_store(file: Path) -> None:
    """Move the desk a test built as ``file`` (a prebuilt database copied in) into the default
    database when that is a PostgreSQL desk (``HELPDESK_TEST_STORE=postgres``), as ``helpdesk
    migrate`` moves one, and remove the file; leave it where it is otherwise."""
    from helpdesk.config import Settings

    target = Settings.from_env()
    if target.url is None:
        return
    from helpdesk.services.migrate import migrate_desk

    migrate_desk(Settings.from_env(db=file), target, replace=True)
    file.unlink()


def desk_is_set_up() -> bool:
    """Whether the default database is set up already: a PostgreSQL test desk is (its fixture
    ran ``init``'s work), a file not written yet is not."""
    from helpdesk.config import Settings

    return Settings.from_env().url is not None


def desk_contents(file: Path = Path("tickets.json")) -> object:
    """What the default database holds, to compare before and after a command that must change
    nothing: the file's bytes (``file``), or every table of the PostgreSQL desk."""
    from helpdesk.config import Settings

    settings = Settings.from_env()
    if settings.url is None:
        return file.read_bytes()
    from helpdesk.services.factory import open_database

    store = open_database(settings, create=False)
    try:
        return {name: dict(table) for name, table in store.read_tables().items()}
    finally:
        store.close()


def first_adviser_ms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let ms act on a desk that has no adviser yet, as if ``helpdesk init --adviser ms`` had
    made it: the tests of commands need not set each new desk up, and a refused or dry-run
    command still writes nothing. Anyone else is refused as on any desk; the tests of the
    refusal itself (tests/test_first_adviser.py) do not use this."""
    from helpdesk.services import identity

    real = identity.check_actor

    def check_actor(desk: Desk) -> None:
        if desk.actor == "ms" and not desk.directory.advisers(include_inactive=True):
            return
        real(desk)

    monkeypatch.setattr(identity, "check_actor", check_actor)


@pytest.fixture
def cli(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    """A runner on a fresh database in a temporary folder, acting as ``ms``: a new file, or
    a desk of its own in the test server's database with ``HELPDESK_TEST_STORE=postgres``."""
    monkeypatch.chdir(tmp_path)
    for name in ("HELPDESK_DB", "HELPDESK_DESK", "HELPDESK_TZ", "HELPDESK_TEMPLATES", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    use_test_store(request, monkeypatch)
    monkeypatch.setenv("HELPDESK_ADVISER", "ms")
    first_adviser_ms(monkeypatch)
    runner = CliRunner()
    assert runner.invoke(app, ["adviser", "add", "ms", "Marta Sala"]).exit_code == 0
    assert runner.invoke(app, ["add", "Vendere online", "-t", "ecommerce"]).exit_code == 0
    return runner


@pytest.fixture
def replaces(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every ``os.replace`` of a database made while the test runs: one per write of it (the
    version it replaces is then renamed to be kept beside it, which writes nothing; backups,
    written as the database is, are not counted)."""
    calls: list[str] = []
    real = os.replace

    def spy(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if not str(dst).endswith(".previous") and ".backups" not in Path(dst).parent.name:
            calls.append(str(dst))
        real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    return calls
