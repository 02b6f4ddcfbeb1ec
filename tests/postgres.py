"""A throwaway PostgreSQL server for the tests, started from the machine's PostgreSQL binaries.

Each pytest process (each xdist worker) starts its own server in a temporary folder, listening
on a unix socket in that folder only, with one database holding the schema; each test that asks
for a PostgreSQL desk gets a desk of its own in it (desks are how one database holds many hubs),
and a test that needs a database of its own creates one. The server is stopped, and its folder
removed, when the session ends.

PostgreSQL refuses to run as root: as root, the folder is given to the ``postgres`` user and
the server run as that user through ``runuser``.

``HELPDESK_TEST_STORE`` chooses the store the shared fixtures build: ``file`` (the default) or
``postgres``. The tests of the PostgreSQL store itself always run; when the binaries are missing
they fail saying so (``.ci/run`` installs them), unless ``HELPDESK_TEST_STORE=file`` opts out
on a machine without PostgreSQL, where they are skipped with that reason.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

#: The store the shared fixtures build, from ``HELPDESK_TEST_STORE``.
TEST_STORE = os.environ.get("HELPDESK_TEST_STORE", "file").strip().lower() or "file"
if TEST_STORE not in ("file", "postgres"):
    raise pytest.UsageError(f"HELPDESK_TEST_STORE is file or postgres, not {TEST_STORE!r}")

#: Why the PostgreSQL tests cannot run here, when they cannot.
MISSING_HINT = (
    "PostgreSQL's server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin "
    "or HELPDESK_PG_BIN: install postgresql-15 (apt-get install postgresql-15), or set "
    "HELPDESK_TEST_STORE=file to leave the PostgreSQL tests out on this machine."
)


def binaries() -> Path | None:
    """The folder of PostgreSQL's server binaries, newest version first; None when missing."""
    given = os.environ.get("HELPDESK_PG_BIN")
    candidates = [given] if given else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _version(folder: str) -> int:
    try:
        return int(Path(folder).parent.name.split(".")[0])
    except ValueError:
        return 0


class Server:
    """A PostgreSQL server in a temporary folder, reached on its unix socket.

    Args:
        bin: The folder of its binaries.
        settings: More of the server's settings (``-c name=value …``), after the tests' own.
    """

    def __init__(self, bin: Path, settings: str = "") -> None:
        self.bin = bin
        self.settings = settings
        self.folder = Path(tempfile.mkdtemp(prefix="hd-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        self._names = itertools.count(1)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            if shutil.which("runuser") is None:
                raise RuntimeError("PostgreSQL refuses root, and runuser is missing")
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode:
            raise RuntimeError(f"{' '.join(args[:1])} failed: {result.stderr or result.stdout}")
        return result

    def start(self) -> None:
        """Create the cluster and start the server; returns once it accepts connections."""
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = (
            f"-k {self.folder} -p {self.port} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB "
            "-c max_connections=60"
        )
        if self.settings:
            options += f" {self.settings}"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        with contextlib.suppress(RuntimeError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def add_role_with_password(self, role: str, password: str) -> None:
        """A login role that must give its password (every other role is trusted)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
            conn.execute(f'GRANT ALL ON DATABASE helpdesk TO "{role}"')
            conn.execute(f'GRANT pg_read_all_data, pg_write_all_data TO "{role}"')
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"local all {role} scram-sha-256\n" + hba.read_text())
        self._run("pg_ctl", "-D", str(self.data), "reload")
        # The server reads the file again on its own time: wait until the role is asked.
        for _ in range(500):
            try:
                psycopg.connect(self.url("helpdesk").replace("postgres@", f"{role}@")).close()
            except psycopg.OperationalError:
                return
        raise RuntimeError(f"the server never asked {role} for a password")

    def url(self, database: str) -> str:
        """The URL of a database of this server (its superuser, its socket)."""
        return f"postgresql://postgres@/{database}?host={self.folder}&port={self.port}"

    def create_database(self, name: str | None = None) -> str:
        """A new, empty database; returns its URL."""
        import psycopg

        name = name or f"db{next(self._names)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _free_port() -> int:
    # The socket's file name carries the port: a port no other server here uses.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """This process's PostgreSQL server (started on first use, stopped at the session's end)."""
    bin = binaries()
    if bin is None:
        if "HELPDESK_TEST_STORE" in os.environ and TEST_STORE == "file":
            pytest.skip("HELPDESK_TEST_STORE=file: the PostgreSQL tests are left out")
        pytest.fail(MISSING_HINT, pytrace=False)
    server = Server(bin)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_database(pg_server: Server) -> str:
    """The URL of this process's database, its schema applied (desks are added per test)."""
    from helpdesk.store.postgres import upgrade_database

    url = pg_server.create_database("helpdesk")
    upgrade_database(url)
    return url


_desks = itertools.count(1)


def new_desk_name() -> str:
    """A desk name no other test of this process uses."""
    return f"t{os.getpid()}-{next(_desks)}"
