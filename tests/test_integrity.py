"""The store's promises under damage and careless paths: refusals, check, restore, backups.

Through the CLI (``CliRunner``, in an empty folder whose ``tickets.json`` is the desk), the
store itself, and real processes where a command could hang.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import Result
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.store import open_store
from helpdesk.store.storage import FileStorage

pytestmark = [
    pytest.mark.usefixtures("isolated_env"),
    pytest.mark.files_only("the file store's bytes, checksums, backups, locks and restore"),
]

DB = Path("tickets.json")
PREVIOUS = Path(".tickets.json.previous")
runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": "300", "HELPDESK_ADVISER": "ms"})


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def desk() -> Path:
    """A desk of three tickets, one with a note, in ``tickets.json``."""
    ok("adviser", "add", "ms", "Marta Sala")
    ok("add", "Vendere online", "-c", "Forno Verdi")
    ok("add", "Bando digitale", "-c", "Bottega Blu")
    ok("add", "Sito nuovo", "-c", "Caffè Nerò")
    ok("note", "2", "richiamare giovedì")
    return DB


def sound(path: Path) -> bool:
    from helpdesk.store import backups  # not at the top: run against earlier code, it fails here

    return backups.check_file(path).sound


def backups_of(path: Path) -> list[Path]:
    from helpdesk.store import backups

    return backups.backups_of(path)


def flip_bit_in(path: Path, text: bytes) -> None:
    raw = path.read_bytes()
    at = raw.index(text) + len(text)  # the byte after it
    path.write_bytes(raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :])


def refused(*args: str) -> str:
    before = DB.read_bytes()
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert DB.read_bytes() == before  # left untouched
    return result.stderr


# -- 1. damage is refused, named, and never made permanent ----------------------------------


def test_a_flipped_bit_in_a_subject_stops_reads_and_writes_naming_table_and_tickets(
    desk: Path,
) -> None:
    flip_bit_in(DB, b"Vendere onlin")  # "Vendere onlind": JSON still
    for command in (["show", "1"], ["list"], ["add", "Altro"], ["note", "1", "x"]):
        message = refused(*command)
        assert "tickets.json is damaged: the tickets table (tickets #1 to #3)" in message
        assert ".tickets.json.previous" in message and ".tickets.json.backups/" in message
        assert "helpdesk restore" in message
    assert b"Vendere onlind" in DB.read_bytes()  # never rewritten with fresh checksums


def test_a_record_line_deleted_in_the_middle_is_refused(desk: Path) -> None:
    lines = DB.read_bytes().split(b"\n")
    (gone,) = [n for n, line in enumerate(lines) if b"Bando digitale" in line and b'"2":' in line]
    DB.write_bytes(b"\n".join(lines[:gone] + lines[gone + 1 :]))
    assert "damaged: the tickets table (tickets #1 to #3; the line of #2 is gone)" in refused(
        "show", "1"
    )


def test_a_record_line_that_is_no_longer_json_is_named(desk: Path) -> None:
    raw = DB.read_bytes()
    at = raw.index(b'"3":{"uid"') + len(b'"3":')
    DB.write_bytes(raw[:at] + b"[" + raw[at + 1 :])
    assert "the tickets table (tickets #1 to #3; the line of #3 is not JSON)" in refused("list")


def test_a_file_laid_out_by_hand_is_read_whole_only_without_checksums(desk: Path) -> None:
    data = orjson.loads(DB.read_bytes())
    DB.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    assert "first line (the _meta table" in refused("show", "1")
    for key in ("checksum", "tables", "header_checksum"):
        del data["_meta"]["1"][key]
    DB.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))
    assert "Vendere online" in ok("show", "1").stdout
    ok("add", "Dopo la modifica a mano")  # laid out again, with checksums
    assert "checksums verified" in ok("check").stdout


def test_check_says_sound_or_names_the_damage(desk: Path) -> None:
    result = ok("check")
    assert "tickets.json is sound: 3 tickets, every record read, checksums verified" in (
        result.stdout
    )
    assert ".tickets.json.previous" in result.stdout
    flip_bit_in(DB, b"Bottega Bl")
    result = run("check")
    assert result.exit_code == 1
    assert "the companies table (companies 1 to 3)" in result.stderr
    assert ".tickets.json.previous" in result.stdout and "sound" in result.stdout
    as_json = run("check", "--json")
    assert as_json.exit_code == 1
    report = orjson.loads(as_json.stdout)
    assert report["database"]["sound"] is False and report["copies"][0]["sound"] is True


def test_restore_lists_the_copies_and_takes_the_previous_version_back(desk: Path) -> None:
    previous = PREVIOUS.read_bytes()
    flip_bit_in(DB, b"Sito nuov")
    damaged = DB.read_bytes()
    listing = ok("restore").stdout
    assert "tickets.json is DAMAGED" in listing and ".tickets.json.previous" in listing
    result = ok("restore", "previous")
    assert "restored tickets.json from .tickets.json.previous (verified)" in result.stdout
    assert DB.read_bytes() == previous
    (aside,) = Path().glob("tickets.json.set-aside-*")
    assert aside.read_bytes() == damaged  # kept, not deleted
    assert "is sound" in ok("check").stdout
    assert "Vendere online" in ok("show", "1").stdout


def test_restore_takes_a_backup_back_and_refuses_a_damaged_copy_or_a_sound_desk(
    desk: Path,
) -> None:
    backup = Path(open_store(DB).backup("before-test") or "")
    ok("add", "Dopo il backup")
    assert "Add --force" in run("restore", backup.name).stderr  # the desk is sound
    ok("restore", backup.name[:12], "--force")
    assert "Dopo il backup" not in ok("list").stdout
    flip_bit_in(backup, b"Vendere onlin")
    flip_bit_in(DB, b"Vendere onlin")
    result = run("restore", backup.name)
    assert result.exit_code == 1 and "cannot be taken back" in result.stderr
    assert "No backup named" in run("restore", "nothing-like-it").stderr


# -- 3. backups are whole, private, and rotation keeps the good ones ----------------------------


def test_a_backup_is_private_whole_and_checked(desk: Path) -> None:
    os.umask(0o022)
    backup = Path(open_store(DB).backup("import") or "")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert backup.read_bytes() == DB.read_bytes()
    assert sound(backup)


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no handler cleans up."""


def test_a_backup_killed_midway_leaves_nothing_that_counts_as_a_backup(
    desk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import helpdesk.files

    def half_then_killed(fd: int, chunks: object) -> int:
        os.write(fd, DB.read_bytes()[:100])
        raise Killed

    with monkeypatch.context() as patched, pytest.raises(Killed):
        patched.setattr(helpdesk.files, "_write_chunks", half_then_killed)
        open_store(DB).backup("import")
    folder = Path(".tickets.json.backups")
    assert backups_of(DB) == [] and list(folder.glob("*.json")) == []
    assert len(list(folder.iterdir())) == 1  # the temporary, swept by the next write
    ok("add", "Dopo")
    assert list(folder.iterdir()) == []


def test_rotation_never_pushes_good_backups_out_for_broken_ones(desk: Path) -> None:
    store = open_store(DB)
    good = [Path(store.backup("good") or "") for _ in range(2)]
    folder = Path(".tickets.json.backups")
    for n in range(4):  # cut short by a kill under an earlier version, and newer
        (folder / f"29991231T00000{n}000000Z-import.json").write_bytes(DB.read_bytes()[:50])
    newest = Path(store.backup("import") or "")
    assert all(path.exists() for path in [*good, newest])
    for _ in range(5):
        store.backup("more")
    whole = [b for b in backups_of(DB) if sound(b)]
    assert len(whole) == 5 and not any(g.exists() for g in good)


# -- 4. no output is the database or its copies ------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "tickets.json",
        "./sub/../tickets.json",
        ".tickets.json.previous",
        ".tickets.json.lock",
        "link.json",
        "hard.json",
        ".tickets.json.backups/new.json",
    ],
)
def test_no_output_may_be_the_database_or_its_copies(desk: Path, target: str) -> None:
    Path("sub").mkdir()
    Path("link.json").symlink_to("tickets.json")
    os.link("tickets.json", "hard.json")
    open_store(DB).backup("before")
    kept = {p: p.read_bytes() for p in Path().rglob("*") if p.is_file()}
    for command in (
        ["export", "--output", target],
        ["render", "followup-checkin", "1", "--output", target, "--force"],
        [
            "import",
            str(Path(__file__).parent / "data" / "bad_rows.csv"),
            "--skip-invalid",
            "--rejects",
            target,
        ],
    ):
        result = run(*command)
        assert result.exit_code == 1, (command, result.output)
        assert "nothing was written" in result.stderr and "Traceback" not in result.output
        assert {p: p.read_bytes() for p in Path().rglob("*") if p.is_file()} == kept
    assert Path("link.json").is_symlink()


def test_an_output_beside_the_database_with_a_longer_name_is_written(desk: Path) -> None:
    ok("export", "--output", "tickets.json.jsonl")
    assert Path("tickets.json.jsonl").read_bytes().count(b"\n") == 3


# -- 5. the sweep takes only this database's temporaries -------------------------------------


def test_the_sweep_leaves_other_files_temporaries_alone(desk: Path) -> None:
    others = [
        Path(".tickets.json.2025.4242.0badcafe.tmp"),  # a desk named tickets.json.2025
        Path(".tickets.json.jsonl.4242.deadbeef.tmp"),  # an export to tickets.json.jsonl
    ]
    ours = Path(".tickets.json.4242.0badcafe.tmp")
    for path in [*others, ours]:
        path.write_bytes(b"half written")
    ok("add", "Ancora")
    assert all(path.exists() for path in others) and not ours.exists()


def test_two_desks_whose_names_start_alike_lose_no_write() -> None:
    ok("adviser", "add", "ms", "Marta Sala")
    other = "tickets.json.2025"
    ok("--db", other, "adviser", "add", "ms", "Marta Sala")
    for n in range(5):
        ok("add", f"Uno {n}")
        ok("--db", other, "add", f"Due {n}")
    assert open_store(DB).ticket_count() == 5 and open_store(other).ticket_count() == 5


# -- 8. the database's own file ------------------------------------------------------------


def test_a_symlinked_database_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    Path("real").mkdir()
    Path("link.json").symlink_to("real/tickets.json")
    ok("--db", "link.json", "adviser", "add", "ms", "Marta Sala")
    ok("--db", "link.json", "add", "Vendere online")
    ok("--db", "link.json", "add", "Ancora")
    assert Path("link.json").is_symlink()
    assert open_store("real/tickets.json").ticket_count() == 2
    assert Path("real/.tickets.json.lock").exists()  # one lock, whichever name is used


def test_a_read_only_database_is_refused_for_writes_and_still_read(desk: Path) -> None:
    DB.chmod(0o444)
    message = refused("add", "Altro")
    assert "tickets.json is read-only (mode 0444)" in message and "chmod u+w" in message
    excel = str(Path(__file__).parent / "data" / "excel_it.csv")
    assert "tickets.json is read-only" in refused("import", excel, "--skip-invalid")
    assert not Path(".tickets.json.backups").exists()  # no backup taken for a refused write
    assert "Vendere online" in ok("show", "1").stdout
    assert stat.S_IMODE(DB.stat().st_mode) == 0o444


def test_the_lock_file_is_private_whatever_the_umask(desk: Path) -> None:
    os.umask(0o022)
    Path(".tickets.json.lock").unlink()
    ok("add", "Altro")
    assert stat.S_IMODE(Path(".tickets.json.lock").stat().st_mode) == 0o600
    Path(".tickets.json.lock").chmod(0o644)  # made by an earlier version
    ok("add", "Ancora")
    assert stat.S_IMODE(Path(".tickets.json.lock").stat().st_mode) == 0o600


@pytest.mark.parametrize("command", [["show", "1"], ["add", "Altro"]])
def test_a_fifo_as_the_database_is_refused_at_once(command: list[str]) -> None:
    os.mkfifo("pipe.json")
    result = subprocess.run(
        [sys.executable, "-m", "helpdesk", "--db", "pipe.json", *command],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "HELPDESK_ADVISER": "ms"},
    )
    assert result.returncode == 1
    assert "pipe.json is not a regular file" in result.stderr


def test_a_folder_as_the_database_is_refused() -> None:
    Path("folder.json").mkdir()
    result = run("--db", "folder.json", "show", "1")
    assert result.exit_code == 1 and "not a regular file" in result.stderr


def test_a_missing_folder_is_refused_not_created() -> None:
    result = run("--db", "new/desk/tickets.json", "adviser", "add", "ms", "Marta Sala")
    assert result.exit_code == 1
    assert "The folder" in result.stderr and "mkdir -m 700" in result.stderr
    assert not Path("new").exists()


def test_render_output_is_private_whatever_the_umask(desk: Path) -> None:
    os.umask(0o022)
    ok("render", "followup-checkin", "1", "--output", "reply.md")
    assert stat.S_IMODE(Path("reply.md").stat().st_mode) == 0o600


def test_the_storage_resolves_its_path_once() -> None:
    Path("real.json").write_bytes(b"")
    Path("alias.json").symlink_to("real.json")
    storage = FileStorage("alias.json")
    assert storage.path == Path("real.json").resolve() and storage.describe() == "alias.json"


def test_a_deleted_database_is_taken_back_from_its_previous_version(desk: Path) -> None:
    previous = PREVIOUS.read_bytes()
    DB.unlink()
    listing = ok("restore").stdout
    assert "tickets.json does not exist" in listing and ".tickets.json.previous" in listing
    assert "restored tickets.json from .tickets.json.previous" in ok("restore", "previous").stdout
    assert DB.read_bytes() == previous and not list(Path().glob("tickets.json.set-aside-*"))


KILLED_IN_BACKUP = """
import os, signal, sys
import helpdesk.files
from helpdesk.cli.main import main

def half_then_killed(fd, chunks):
    if ".backups" in os.readlink(f"/proc/self/fd/{fd}"):
        os.write(fd, b'{"_meta":')
        os.kill(os.getpid(), signal.SIGKILL)
    return real(fd, chunks)

real = helpdesk.files._write_chunks
helpdesk.files._write_chunks = half_then_killed
sys.argv = ["helpdesk", *sys.argv[1:]]
main()
"""


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc")
def test_imports_killed_while_backing_up_leave_the_good_backups_alone(desk: Path) -> None:
    rows = Path("rows.csv")

    def import_rows(n: int, *, killed: bool) -> subprocess.CompletedProcess[str]:
        rows.write_text(f"subject;company\nRichiesta {n};Ditta {n}\n", encoding="utf-8")
        code = ["-c", KILLED_IN_BACKUP] if killed else ["-m", "helpdesk"]
        return subprocess.run(
            [sys.executable, *code, "import", str(rows)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "HELPDESK_ADVISER": "ms", "HELPDESK_SERVER": "off"},
        )

    assert import_rows(0, killed=False).returncode == 0
    (first,) = backups_of(DB)
    for n in range(1, 5):
        assert import_rows(n, killed=True).returncode == -9  # SIGKILL, mid-backup
    assert backups_of(DB) == [first]  # nothing cut short counts as a backup
    assert import_rows(5, killed=False).returncode == 0
    kept = backups_of(DB)
    assert len(kept) == 2 and first in kept and all(sound(b) for b in kept)
    assert all(stat.S_IMODE(b.stat().st_mode) == 0o600 for b in kept)
    assert set(Path(".tickets.json.backups").iterdir()) == set(kept)  # temporaries swept
    assert "Richiesta 5" in ok("list").stdout and "Richiesta 3" not in ok("list").stdout
