"""Tests of the import service: checking rows, all or nothing, duplicates, companies, one write.

Most tests run on the in-memory desk of ``conftest.py`` (acting adviser ``ms``, advisers ``ms``
and ``gb``, clock frozen on Friday 20 November 2026, 10:00 in Europe/Rome); the ones about the
database file (unchanged bytes, one write, backups) run on a file desk in ``tmp_path``. Files
come from ``tests/data`` or are written inline, so every byte a test depends on is visible.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from helpdesk.config import Settings
from helpdesk.dates import FrozenClock
from helpdesk.domain.enums import Channel, CompanyKind, Outcome, Priority, Status
from helpdesk.domain.models import Contact, Ticket
from helpdesk.errors import InvalidValue
from helpdesk.services.companies import CompanyDraft
from helpdesk.services.desk import Desk
from helpdesk.services.factory import open_desk
from helpdesk.services.importing import service as import_service
from helpdesk.services.importing.service import ImportOptions, ImportReport, rejects_file
from helpdesk.services.importing.sources import Source, read_source
from helpdesk.services.tickets import TicketDraft
from helpdesk.store import records

DATA = Path(__file__).parent / "data"
ROME = ZoneInfo("Europe/Rome")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ROME)

#: Valid partite IVA (check digit verified by python-stdnum).
VAT_FORNO = "02114140292"
VAT_CAFFE = "00803110154"
VAT_OFFICINA = "01234560017"
VAT_OTHER = "09876540130"

EXCEL = (DATA / "excel_it.csv").read_bytes()


def source_of(content: str | bytes, name: str = "requests.csv", **options: Any) -> Source:
    """A source read from ``content`` as if it were the file ``name``."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return read_source(data, name, **options)


def run(
    desk: Desk,
    content: str | bytes,
    name: str = "requests.csv",
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    mapping: dict[str, str] | None = None,
    **read: Any,
) -> ImportReport:
    """Import ``content`` into ``desk``."""
    options = ImportOptions(mapping or {}, skip_invalid=skip_invalid, dry_run=dry_run)
    return desk.imports.run(source_of(content, name, **read), options)


def counts(report: ImportReport) -> tuple[int, int, int, int, int]:
    """(read, created, updated, duplicates, rejected)."""
    return report.read, report.created, report.updated, report.duplicates, report.rejected


def problems(report: ImportReport) -> list[str]:
    return [str(p) for p in report.problems]


def tickets(desk: Desk) -> list[Ticket]:
    return desk.ctx.store.tickets()


def company_names(desk: Desk) -> list[str]:
    return [c.name for c in desk.ctx.store.companies()]


@pytest.fixture
def file_desk(tmp_path: Path, clock: FrozenClock) -> Desk:
    """A desk over ``tmp_path/tickets.json`` (created, with advisers ms and gb)."""
    desk = open_desk(Settings(db=tmp_path / "tickets.json", adviser="ms"), clock=clock)
    desk.directory.add_adviser("ms", "Marta Sala", topics=["ecommerce", "marketing"])
    desk.directory.add_adviser("gb", "Giulio Bassi", topics=["grants", "credit"])
    return desk


def snapshot(path: Path) -> tuple[bytes, int, int]:
    """What must not change on a refused import: the bytes, mtime and inode."""
    st = path.stat()
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


# -- Italian Excel: the file the issue names ------------------------------------------------------


def test_an_italian_excel_csv_imports_with_no_options(desk: Desk) -> None:
    report = run(desk, EXCEL, "excel_it.csv")

    assert counts(report) == (4, 4, 0, 0, 0)
    assert report.companies_created == 3
    assert report.problems == []
    assert report.written is True
    assert report.warnings == [
        "ignored column 'Colonna vuota': not a known field (map with --map COLUMN=FIELD)."
    ]
    first, second, third, fourth = tickets(desk)
    assert first.external_id == "WF-001"
    assert first.created == datetime(2020, 3, 18, 9, 15, tzinfo=ROME)
    assert first.subject == "Vendere online"
    assert first.description == "Vorremmo aprire un negozio online.\nAvete contatti?"
    assert first.topics == ["ecommerce"]
    assert (first.channel, first.priority, first.status) == (
        Channel.PHONE,
        Priority.HIGH,
        Status.NEW,
    )
    assert first.contact == Contact("Mario Rossi", "mario@fornodoro.it", "031 123456", "")
    assert second.description == (
        'Chiediamo informazioni sui bandi regionali\nper le consegne a domicilio.\n"Grazie"'
    )
    assert (second.channel, second.status, second.assignee) == (
        Channel.EMAIL,
        Status.IN_PROGRESS,
        "ms",
    )
    assert second.topics == ["grants"]
    assert third.subject == "Social media"
    assert third.created == datetime(2020, 3, 20, 0, 0, tzinfo=ROME)
    assert (third.status, third.outcome, third.assignee) == (Status.CLOSED, Outcome.ADVISED, "gb")
    assert third.topics == ["marketing"]
    assert fourth.subject == (
        "Vogliamo sensori IoT sulle presse per raccogliere i dati di produzione in tempo…"
    )
    assert fourth.topics == ["industry40", "ai_data"]
    assert fourth.channel is Channel.WALK_IN


def test_excel_companies_are_matched_by_name_and_vat_padded_back(desk: Desk) -> None:
    run(desk, EXCEL, "excel_it.csv")

    forno, caffe, officina = desk.ctx.store.companies()
    assert (forno.name, forno.vat, forno.town, forno.province) == (
        "Forno d'Oro S.r.l.",
        VAT_FORNO,
        "Cantù",
        "CO",
    )
    # "803110154": Excel dropped the leading zeros; padded back because it then checks out.
    assert (caffe.name, caffe.vat, caffe.province) == (
        "Caffè Nerò di Bianchi & C. s.n.c.",
        VAT_CAFFE,
        "LC",
    )
    assert officina.vat == VAT_OFFICINA
    # "FORNO D’ORO srl" (typographic apostrophe, no dots) is the same company as row 2's.
    assert [t.company_id for t in tickets(desk)] == [forno.id, caffe.id, forno.id, officina.id]
    assert forno.contacts == [Contact("Mario Rossi", "mario@fornodoro.it", "031 123456", "")]


def test_imported_tickets_get_one_history_entry_and_keep_their_creation_time(desk: Desk) -> None:
    run(desk, EXCEL, "excel_it.csv")

    for ticket, row in zip(tickets(desk), (2, 3, 4, 5), strict=True):
        assert [(c.field, c.who, c.at, c.old, c.new) for c in ticket.history] == [
            ("imported", "ms", NOW, None, f"excel_it.csv row {row}")
        ]
        assert ticket.updated == NOW
    assert tickets(desk)[0].created == datetime(2020, 3, 18, 9, 15, tzinfo=ROME)


def test_an_imported_row_is_stored_as_the_ticket_it_becomes_would_be(desk: Desk) -> None:
    # The import builds its records from the cells, without a Ticket: what it stores must be
    # what the store writes of the ticket read back, every field filled.
    content = (
        "uid,external_id,created,channel,subject,description,topics,priority,status,assignee,"
        "tags,company,vat,contact_name,contact_email,contact_phone,contact_role,outcome,"
        "outcome_note,triaged,closed\n"
        "a1b2,WF-7,18/03/2020 9:05,telefono,Sito nuovo,Vorremmo vendere online,ecommerce,alta,"
        "closed,ms,fiera;2020,Forno Rossi,"
        + VAT_FORNO
        + ",Anna Rossi,anna@forno.it,031 1234,titolare,advised,Fatto,19/03/2020 10:00,"
        "01/04/2020 12:00\n"
        "c3d4,,,,,Una riga sola,,,,,,,,,,,,,,,\n"
    )

    report = run(desk, content)

    assert report.created == 2
    store = desk.ctx.store
    stored = dict(store.ticket_records(store.ticket_refs()))
    assert len(stored) == 2
    for ref, record in stored.items():
        ticket = store.ticket(ref)
        assert ticket is not None
        assert records.ticket_to_record(ticket) == record
    first = stored[min(stored)]
    assert first["contact"] == {
        "name": "Anna Rossi",
        "email": "anna@forno.it",
        "phone": "031 1234",
        "role": "titolare",
    }
    assert (first["external_id"], first["outcome_note"], first["tags"]) == (
        "WF-7",
        "Fatto",
        ["fiera", "2020"],
    )


def test_a_row_after_a_multi_line_cell_names_its_row_and_its_line(desk: Desk) -> None:
    content = EXCEL.replace(b";MB;", b";Monza Alta;")

    report = run(desk, content, "excel_it.csv")

    assert problems(report) == [
        "row 5 (line 8), Provincia: 'Monza Alta' is not an Italian province: give its two-letter "
        "code (CO, MI, MB…) or its name (Como, Milano, Monza e Brianza). Did you mean MB (Monza "
        "e della Brianza)?"
    ]
    assert report.refused is True
    assert tickets(desk) == []


# -- every kind of problem, with its row ----------------------------------------------------------


def test_every_problem_of_every_row_is_reported_in_file_order(desk: Desk) -> None:
    report = run(desk, (DATA / "bad_rows.csv").read_bytes(), "bad_rows.csv")

    assert problems(report) == [
        'row 3, created: "31/02/2020" is not a date: February 2020 has 29 days.',
        "row 3, vat: VAT number '123' is not valid: it must have 11 digits.",
        "row 3, province: 'BE' is not an Italian province: give its two-letter code (CO, MI, "
        "MB…) or its name (Como, Milano, Monza e Brianza). Did you mean BG (Bergamo), BL "
        "(Belluno), BN (Benevento)?",
        "row 3, contact_email: 'bad-email' is not an email address.",
        "row 3, assignee: There is no adviser 'zz'; advisers are: gb, ms.",
        "row 3, status: Status 'opened' is not one of: new, triaged, in_progress, waiting, "
        "resolved, closed.",
        "row 3, priority: Priority 'altissima' is not one of: low, normal, high, urgent.",
        "row 4, outcome: An outcome is only for resolved or closed tickets, not new.",
        "row 4, subject: A ticket needs a subject or a description.",
        'row 5, created: The date "01/01/2099" is in the future.',
        "row 6, status: A closed ticket needs an outcome.",
    ]
    assert counts(report) == (6, 0, 0, 0, 4)
    assert report.refused is True
    assert report.written is False
    assert tickets(desk) == []
    assert company_names(desk) == []


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("created", "2020-13-01", '"2020-13-01" is not a date: there is no month 13.'),
        (
            "triaged",
            "ieri",
            'Cannot read "ieri" as a date and time; expected ISO 8601 like '
            '"2020-03-18T14:35:00+01:00" or day first like "18/03/2020 14:35".',
        ),
        ("closed", "2020-03-19", "A closing date is only for closed tickets, not new."),
        ("vat", "02114140293", "VAT number '02114140293' is not valid: its check digit is wrong."),
        ("size", "enorme", "Company size 'enorme' is not one of: micro, small, medium, large."),
        (
            "outcome",
            "boh",
            "Outcome 'boh' is not one of: advised, referred, grant_applied, "
            "project_started, trained, not_eligible, no_response, withdrawn, duplicate.",
        ),
        ("uid", "a b", "'a b' is not a uid: it has up to 64 characters, no spaces."),
    ],
)
def test_each_field_check_names_its_column_and_row(
    desk: Desk, header: str, value: str, expected: str
) -> None:
    content = f"subject,company,{header}\nFine,Rossi,\nProblem,Rossi,{value}\n"

    report = run(desk, content)

    assert problems(report) == [f"row 3, {header}: {expected}"]


def test_company_details_without_a_name_or_vat_are_a_problem(desk: Desk) -> None:
    report = run(desk, "oggetto;comune;provincia\nRichiesta;Como;CO\n")

    assert problems(report) == ["row 2, comune: A company needs a name or a VAT number."]


def test_an_unknown_vat_without_a_name_cannot_make_a_company(desk: Desk) -> None:
    content = f"oggetto;partita iva\nUno;{VAT_FORNO}\n"

    report = run(desk, content)

    assert problems(report) == [
        f"row 2, partita iva: No company has VAT number {VAT_FORNO}; give its name to create it."
    ]
    assert report.rejected == 1


def test_a_vat_alone_finds_a_company_named_earlier_in_the_file(desk: Desk) -> None:
    content = f"oggetto;azienda;partita iva\nUno;Forno d'Oro;{VAT_FORNO}\nDue;;{VAT_FORNO}\n"

    report = run(desk, content)

    assert counts(report) == (2, 2, 0, 0, 0)
    assert company_names(desk) == ["Forno d'Oro"]


def test_an_inactive_adviser_may_hold_a_closed_ticket_but_not_an_open_one(desk: Desk) -> None:
    desk.directory.set_adviser_active("gb", False)
    content = (
        "subject,assignee,status,outcome\nVecchia,gb,closed,advised\nNuova,Giulio Bassi,new,\n"
    )

    report = run(desk, content)

    assert problems(report) == ["row 3, assignee: Adviser gb is not active."]


def test_a_row_with_more_cells_than_the_header_is_a_problem(desk: Desk) -> None:
    report = run(desk, "subject,company\nUno,Forno d'Oro, Srl\nDue,Rossi\n")

    assert problems(report) == [
        "row 2: The row has 3 cells but the header has 2; is a cell holding the delimiter "
        "missing its quotes?"
    ]


def test_a_missing_subject_is_the_first_line_of_the_description(desk: Desk) -> None:
    content = 'descrizione\n"\n  Buongiorno,   vorrei  informazioni\nsul bando."\n'

    run(desk, content)

    [ticket] = tickets(desk)
    assert ticket.subject == "Buongiorno, vorrei informazioni"
    assert ticket.description == "Buongiorno,   vorrei  informazioni\nsul bando."


def test_an_outcome_without_a_status_means_closed(desk: Desk) -> None:
    run(desk, "subject,esito\nFatto,progetto avviato\n")

    [ticket] = tickets(desk)
    assert (ticket.status, ticket.outcome) == (Status.CLOSED, Outcome.PROJECT_STARTED)


def test_dates_triaged_and_closed_are_kept(desk: Desk) -> None:
    content = (
        "subject,created,status,outcome,triaged,closed\n"
        "Fatto,18/03/2020 9:05,closed,trained,19/03/2020 10:00,2020-04-01T12:00:00+02:00\n"
    )

    run(desk, content)

    [ticket] = tickets(desk)
    assert ticket.created == datetime(2020, 3, 18, 9, 5, tzinfo=ROME)
    assert ticket.triaged_at == datetime(2020, 3, 19, 10, 0, tzinfo=ROME)
    assert ticket.closed_at == datetime(2020, 4, 1, 12, 0, tzinfo=ROME)


def test_topics_and_tags_split_on_semicolons_or_commas(desk: Desk) -> None:
    content = (
        "subject\ttemi\ttag\nUno\tBandi e contributi; e-commerce,formazione\tcovid, 2020;covid\n"
    )

    run(desk, content)

    [ticket] = tickets(desk)
    assert ticket.topics == ["grants", "ecommerce", "training"]
    assert ticket.tags == ["covid", "2020"]


def test_italian_values_of_every_vocabulary(desk: Desk) -> None:
    content = (
        "oggetto;canale;priorità;stato;tipologia;dimensione;azienda\n"
        "Uno;Telefono;Urgente;In attesa;Impresa artigiana;Piccola;Forno\n"
    )

    run(desk, content)

    [ticket] = tickets(desk)
    assert (ticket.channel, ticket.priority, ticket.status) == (
        Channel.PHONE,
        Priority.URGENT,
        Status.WAITING,
    )
    [company] = desk.ctx.store.companies()
    assert company.kind is CompanyKind.ARTISAN
    assert company.size is not None and company.size.value == "small"


def test_a_file_without_a_subject_or_description_column_is_refused_whole(desk: Desk) -> None:
    with pytest.raises(InvalidValue) as caught:
        run(desk, "azienda;comune\nForno;Como\n")

    assert caught.value.message == (
        "requests.csv has no subject or description column (its columns: 'azienda', 'comune'); "
        "name one with --map COLUMN=subject."
    )


# -- all or nothing, skip invalid, dry run --------------------------------------------------------


def test_a_refused_import_leaves_the_database_file_byte_for_byte(
    file_desk: Desk, tmp_path: Path, replaces: list[str]
) -> None:
    db = tmp_path / "tickets.json"
    run(file_desk, EXCEL, "excel_it.csv")
    before = snapshot(db)
    replaces.clear()

    report = run(file_desk, (DATA / "bad_rows.csv").read_bytes(), "bad_rows.csv")

    assert report.refused is True
    assert snapshot(db) == before
    assert replaces == []


def test_a_refused_import_into_a_missing_database_creates_no_file(
    tmp_path: Path, clock: FrozenClock
) -> None:
    db = tmp_path / "new.json"
    desk = open_desk(Settings(db=db, adviser="ms"), clock=clock)

    report = run(desk, f"oggetto;partita iva\nUno;{VAT_FORNO}\n")

    assert report.refused is True
    assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == []


def test_skip_invalid_imports_the_good_rows_and_lists_the_rest(desk: Desk) -> None:
    report = run(desk, (DATA / "bad_rows.csv").read_bytes(), "bad_rows.csv", skip_invalid=True)

    assert counts(report) == (6, 2, 0, 0, 4)
    assert report.refused is False
    assert report.written is True
    assert [t.external_id for t in tickets(desk)] == ["E1", "E6"]
    assert [r.number for r in report.rejected_rows] == [3, 4, 5, 6]
    assert len(report.problems) == 11


def test_the_rejects_file_holds_the_original_rows_and_their_errors(desk: Desk) -> None:
    content = "subject;created;e-mail\r\nUno;18/03/2020;ok@rossi.it\r\nDue;31/02/2020;nope\r\n"
    src = source_of(b"\xef\xbb\xbf" + content.encode())

    report = desk.imports.run(src, ImportOptions(skip_invalid=True))

    assert rejects_file(report, src).decode("utf-8") == (
        "\ufeffsubject;created;e-mail;error\r\n"
        'Due;31/02/2020;nope;"created: ""31/02/2020"" is not a date: February 2020 has 29 '
        "days.; e-mail: 'nope' is not an email address.\"\r\n"
    )


#: A served command's worker (which ends with ``os._exit``) importing a small file and a large
#: one; prints, for each, whether the source kept its rows and how many of the companies the
#: import built are still alive once it returned.
SERVED_IMPORT = """
import gc, sys
from helpdesk import memory
from helpdesk.dates import FrozenClock
from helpdesk.domain.models import Company
from helpdesk.services.factory import memory_desk
from helpdesk.services.importing import service
from helpdesk.services.importing.sources import read_source

def alive():
    gc.unfreeze()  # the import froze what it built: count it too
    gc.collect()
    return sum(isinstance(o, Company) for o in gc.get_objects())

if sys.argv[1] == "served":
    memory.skip_freeing_at_exit()
desk = memory_desk(FrozenClock("2026-11-20 10:00"), actor="ms")
desk.directory.add_adviser("ms", "Marta Sala")
for name in ("small", "large"):
    rows = "".join(f"Richiesta {n},18/03/2020,Forno {name} {n}\\n" for n in range(40))
    if name == "large":
        service.RELEASE_ROWS_FROM = 1
    before = alive()
    src = read_source(("subject,created,company\\n" + rows).encode(), name + ".csv")
    assert desk.imports.run(src).written
    print(name, bool(src.rows), alive() - before)
"""


@pytest.mark.parametrize("process", ["served", "own"])
def test_in_a_served_command_an_import_keeps_what_it_built_until_exit(process: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SERVED_IMPORT, process], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    small, large = (line.split() for line in done.stdout.splitlines())
    if process == "own":  # freed as it returns, as anywhere but a served command
        assert small == ["small", "True", "0"] and large == ["large", "False", "0"]
        return
    # Not freed row by row, company by company, before the command answers...
    assert small[:2] == ["small", "True"] and int(small[2]) >= 40
    # ...but a large import lets its rows and plan go first: the save needs the memory.
    assert large[:2] == ["large", "False"] and int(large[2]) < 40


def test_a_large_written_import_lets_its_rows_go_and_keeps_the_rejected_ones(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The save of a large import needs the memory the rows hold.
    monkeypatch.setattr(import_service, "RELEASE_ROWS_FROM", 2)
    src = source_of("subject,created\nUno,18/03/2020\nDue,31/02/2020\n")
    dry = source_of("subject,created\nTre,18/03/2020\nQuattro,19/03/2020\n")
    small = source_of("subject\nCinque\n")

    report = desk.imports.run(src, ImportOptions(skip_invalid=True))
    desk.imports.run(dry, ImportOptions(dry_run=True))
    assert desk.imports.run(small).written

    assert (report.written, report.read, src.rows) == (True, 2, [])
    assert [(r.number, r.values) for r in report.rejected_rows] == [(3, ["Due", "31/02/2020"])]
    assert len(dry.rows) == 2  # nothing written: nothing let go
    assert len(small.rows) == 1  # too few to weigh on the save: not worth the time


def test_the_rejects_file_fixed_imports_the_missing_rows(desk: Desk) -> None:
    src = source_of("subject,created\nUno,18/03/2020\nDue,31/02/2020\n")
    report = desk.imports.run(src, ImportOptions(skip_invalid=True))
    fixed = rejects_file(report, src).decode().replace("31/02/2020", "28/02/2020")

    again = run(desk, fixed)

    assert counts(again) == (1, 1, 0, 0, 0)
    assert again.warnings == [
        "ignored column 'error': not a known field (map with --map COLUMN=FIELD)."
    ]
    assert [t.subject for t in tickets(desk)] == ["Uno", "Due"]


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(
    file_desk: Desk, tmp_path: Path, replaces: list[str]
) -> None:
    db = tmp_path / "tickets.json"
    before = snapshot(db)
    replaces.clear()

    report = run(file_desk, EXCEL, "excel_it.csv", dry_run=True)

    assert counts(report) == (4, 4, 0, 0, 0)
    assert report.companies_created == 3
    assert (report.dry_run, report.written, report.refused, report.backup) == (
        True,
        False,
        False,
        None,
    )
    assert snapshot(db) == before
    assert replaces == []
    assert not (tmp_path / ".tickets.json.backups").exists()


def test_a_dry_run_with_problems_says_it_would_be_refused(desk: Desk) -> None:
    report = run(desk, (DATA / "bad_rows.csv").read_bytes(), dry_run=True)

    assert report.refused is True
    assert counts(report) == (6, 2, 0, 0, 4)
    assert tickets(desk) == []


def test_a_real_import_keeps_a_backup_first(file_desk: Desk, tmp_path: Path) -> None:
    db = tmp_path / "tickets.json"
    before = db.read_bytes()

    report = run(file_desk, EXCEL, "excel_it.csv")

    assert report.backup is not None
    backup = Path(report.backup)
    assert backup.parent == tmp_path / ".tickets.json.backups"
    assert backup.name.endswith("-before-import.json")
    assert backup.read_bytes() == before


# -- never twice ----------------------------------------------------------------------------------


def test_reimporting_the_same_file_creates_nothing(file_desk: Desk, tmp_path: Path) -> None:
    run(file_desk, EXCEL, "excel_it.csv")
    before = snapshot(tmp_path / "tickets.json")

    again = run(file_desk, EXCEL, "excel_it.csv")

    assert counts(again) == (4, 0, 0, 4, 0)
    assert again.written is False
    assert again.backup is None
    assert snapshot(tmp_path / "tickets.json") == before


def test_an_overlapping_file_imports_only_its_new_rows(desk: Desk) -> None:
    run(desk, "id,subject,company\nA1,Uno,Rossi\nA2,Due,Rossi\n")

    report = run(desk, "id,subject,company\nA2,Due (edited),Rossi\nA3,Tre,Rossi\n")

    assert counts(report) == (2, 1, 0, 1, 0)
    assert [t.subject for t in tickets(desk)] == ["Uno", "Due", "Tre"]
    assert company_names(desk) == ["Rossi"]


def test_without_an_id_the_fingerprint_finds_duplicates(desk: Desk) -> None:
    first = "data,azienda,oggetto,descrizione\n18/03/2020 9:00,Forno d'Oro,Vendere online,Ciao\n"
    run(desk, first)
    # The same request written differently: case, accents, spacing, legal form.
    header = "data,azienda,oggetto,descrizione\n"
    same = header + "18/03/2020 09:00,FORNO D'ORO SRL,VENDERE  online,ciao\n"
    later = header + "18/03/2020 9:01,Forno d'Oro,Vendere online,Ciao\n"

    assert counts(run(desk, same)) == (1, 0, 0, 1, 0)
    assert counts(run(desk, later)) == (1, 1, 0, 0, 0)


def test_a_row_without_an_id_is_compared_by_text_with_rows_that_have_one(desk: Desk) -> None:
    header = "uid,created,company,subject\n"
    run(desk, header + "u1,18/03/2020 9:00,Forno,Vendere online\n")
    # An earlier row of the same file with a uid, and a ticket already stored, both count.
    content = header + (
        "u2,19/03/2020 9:00,Forno,Un sito nuovo\n"
        ",19/03/2020 9:00,Forno,Un sito nuovo\n"
        ",18/03/2020 9:00,Forno,Vendere online\n"
    )

    assert counts(run(desk, content)) == (3, 1, 0, 2, 0)


def test_rows_with_uids_are_compared_by_uid_alone(desk: Desk) -> None:
    header = "uid,created,company,subject\n"
    run(desk, header + "u1,18/03/2020 9:00,Forno,Vendere online\n")

    report = run(desk, header + "u2,18/03/2020 9:00,Forno,Vendere online\nu1,,Forno,Altro\n")

    assert counts(report) == (2, 1, 0, 1, 0)
    assert [t.uid for t in tickets(desk)] == ["u1", "u2"]


def test_without_a_date_column_company_and_text_find_duplicates(desk: Desk) -> None:
    content = "azienda,oggetto\nForno,Vendere online\nForno,Vendere online\nRossi,Vendere online\n"

    report = run(desk, content)
    again = run(desk, content)

    assert counts(report) == (3, 2, 0, 1, 0)
    assert counts(again) == (3, 0, 0, 3, 0)


def test_a_ticket_logged_by_hand_is_found_by_its_fingerprint(desk: Desk) -> None:
    desk.tickets.log(
        TicketDraft(
            "Vendere online",
            company=CompanyDraft(name="Forno d'Oro S.r.l."),
            topics=[],
            created=datetime(2020, 3, 18, 9, 15, tzinfo=ROME),
        )
    )

    report = run(desk, "data,azienda,oggetto\n18/03/2020 09:15,Forno d'Oro,Vendere online\n")

    assert counts(report) == (1, 0, 0, 1, 0)


# -- companies ------------------------------------------------------------------------------------


def test_companies_are_matched_by_vat_then_name_and_completed(desk: Desk) -> None:
    desk.companies.find_or_create(CompanyDraft(name="Caffè Nerò", vat=VAT_CAFFE))
    desk.companies.find_or_create(CompanyDraft(name="Forno d'Oro S.r.l."))
    content = (
        "oggetto;ragione sociale;partita iva;comune;provincia;referente\n"
        f"Uno;Bar Centrale (ex Caffè Nerò);{VAT_CAFFE};Lecco;LC;Giulia\n"
        f"Due;forno d’oro;{VAT_FORNO};Cantù;CO;\n"
        "Tre;Nuova Impresa;;Como;CO;\n"
        "Quattro;NUOVA IMPRESA s.r.l.;;;;Anna\n"
    )

    report = run(desk, content)

    # A VAT number identifies: the Forno row with a VAT is not the Forno without one.
    assert counts(report) == (4, 4, 1, 0, 0)
    assert report.companies_created == 2
    caffe, forno, forno_vat, nuova = desk.ctx.store.companies()
    assert (caffe.name, caffe.town, caffe.province) == ("Caffè Nerò", "Lecco", "LC")
    assert caffe.contacts == [Contact("Giulia")]
    assert (forno.vat, forno.town) == (None, "")
    assert (forno_vat.name, forno_vat.vat, forno_vat.town) == ("forno d’oro", VAT_FORNO, "Cantù")
    assert (nuova.name, nuova.town, nuova.contacts) == ("Nuova Impresa", "Como", [Contact("Anna")])
    assert [t.company_id for t in tickets(desk)] == [caffe.id, forno_vat.id, nuova.id, nuova.id]
    assert report.matches == [
        "row 2: matched by VAT: Caffè Nerò (#1)",
        "row 5: matched by name: Nuova Impresa (new, from row 4)",
    ]
    assert (report.matched_by_vat, report.matched_by_name) == (1, 1)
    assert report.warnings == [
        "row 2 matched Caffè Nerò (#1) by VAT, but the row says name "
        "'Bar Centrale (ex Caffè Nerò)', the company 'Caffè Nerò'."
    ]


def test_a_duplicate_row_changes_no_company(desk: Desk) -> None:
    run(desk, "id,subject,company\nA1,Uno,Rossi\n")

    report = run(desk, "id,subject,company,town,contact_name\nA1,Uno,Rossi,Como,Anna\n")

    assert counts(report) == (1, 0, 0, 1, 0)
    [company] = desk.ctx.store.companies()
    assert (company.town, company.contacts) == ("", [])


# -- one write ------------------------------------------------------------------------------------


def ten_thousand_rows() -> str:
    lines = ["id;data;ragione sociale;partita iva;oggetto;descrizione;tema"]
    vats = [VAT_FORNO, VAT_CAFFE, VAT_OFFICINA, VAT_OTHER]
    for i in range(10_000):
        company = i % 40
        vat = vats[company] if company < len(vats) else ""
        lines.append(
            f"R{i};{1 + i % 28}/{1 + i % 12}/2020 10:{i % 60:02d};Impresa {company} Srl;{vat};"
            f'Richiesta {i};"Riga uno\nriga due";bandi'
        )
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.slow
def test_ten_thousand_rows_are_written_once(
    file_desk: Desk, tmp_path: Path, replaces: list[str]
) -> None:
    replaces.clear()

    report = run(file_desk, ten_thousand_rows())

    assert counts(report) == (10_000, 10_000, 0, 0, 0)
    assert report.companies_created == 40
    assert replaces == [str(tmp_path / "tickets.json")]
    assert file_desk.ctx.store.ticket_count() == 10_000


# -- JSON and JSON Lines --------------------------------------------------------------------------


def test_a_json_array_of_objects_imports(desk: Desk) -> None:
    report = run(desk, (DATA / "requests.json").read_bytes(), "requests.json")

    assert counts(report) == (2, 2, 0, 0, 0)
    first, second = tickets(desk)
    assert first.topics == ["ecommerce", "marketing"]
    assert first.tags == ["covid", "delivery"]
    assert first.created == datetime(2020, 3, 18, 9, 15, tzinfo=ROME)
    assert second.topics == ["grants", "training"]
    assert [(c.name, c.vat) for c in desk.ctx.store.companies()] == [
        ("Forno d'Oro S.r.l.", VAT_FORNO),
        ("Caffè Nerò", VAT_CAFFE),
    ]


def test_json_lines_import_the_same_and_count_lines(desk: Desk) -> None:
    report = run(desk, (DATA / "requests.jsonl").read_bytes(), "requests.jsonl")

    assert counts(report) == (2, 2, 0, 0, 0)
    assert [t.external_id for t in tickets(desk)] == ["J-1", "J-2"]


def test_bad_json_lines_and_records_are_row_problems(desk: Desk) -> None:
    content = (
        '{"subject": "Uno", "vat": "123"}\n'
        "\n"
        '{"subject": "Due",\n'
        '["not", "an", "object"]\n'
        '{"subject": {"nested": true}}\n'
    )

    report = run(desk, content, "requests.jsonl")

    assert problems(report) == [
        "line 1, vat: VAT number '123' is not valid: it must have 11 digits.",
        "line 3: Not valid JSON: unexpected end of data.",
        "line 4: The record is a JSON array, not an object.",
        "line 5, subject: A nested object cannot be imported as a value.",
        "line 5, subject: A ticket needs a subject or a description.",
    ]


def test_json_records_are_numbered_from_one(desk: Desk) -> None:
    report = run(desk, '[{"subject": "Uno"}, {"subject": "Due", "priority": "top"}]', "x.json")

    assert problems(report) == [
        "record 2, priority: Priority 'top' is not one of: low, normal, high, urgent."
    ]


def test_a_ticket_record_with_an_unknown_value_is_refused_naming_it(desk: Desk) -> None:
    stamp = '"created": "2020-03-18T09:00:00+01:00", "updated": "2020-03-18T09:00:00+01:00"'
    content = (
        f'{{"ref": 1, "uid": "a1", {stamp}, "subject": "Uno", "status": "weird"}}\n'
        f'{{"ref": 2, "uid": "b2", {stamp}, "subject": "Due", "status": "closed", '
        '"outcome": "bogus"}\n'
        f'{{"ref": 3, "uid": "c3", {stamp}, "subject": "Tre", '
        '"links": [{"kind": "x", "ref": 1}]}\n'
    )

    report = desk.imports.run(source_of(content, "tickets.jsonl"), ImportOptions())

    assert problems(report) == [
        "line 1: Not a ticket record: 'weird' is not a valid Status.",
        "line 2: Not a ticket record: 'bogus' is not a valid Outcome.",
        "line 3: Not a ticket record: 'x' is not a valid LinkKind.",
    ]


def test_rejected_ticket_records_are_written_back_as_json_lines(desk: Desk) -> None:
    content = (
        '{"ref": 1, "uid": "a1", "created": "2020-03-18T09:00:00+01:00", '
        '"updated": "2020-03-18T09:00:00+01:00", "subject": "Uno", "topics": ["nope"]}\n'
        '{"ref": 2, "uid": "b2", "updated": "2020-03-18T09:00:00+01:00", "subject": "Due"}\n'
    )
    src = source_of(content, "tickets.jsonl")

    report = desk.imports.run(src, ImportOptions(skip_invalid=True))

    assert problems(report) == [
        "line 1, topics: Unknown topic 'nope'.",
        "line 2: Not a ticket record: it has no 'created'.",
    ]
    assert rejects_file(report, src).decode().splitlines() == [
        '{"ref":1,"uid":"a1","created":"2020-03-18T09:00:00+01:00",'
        '"updated":"2020-03-18T09:00:00+01:00","subject":"Uno","topics":["nope"],'
        '"error":"topics: Unknown topic \'nope\'."}',
        '{"ref":2,"uid":"b2","updated":"2020-03-18T09:00:00+01:00","subject":"Due",'
        '"error":"Not a ticket record: it has no \'created\'."}',
    ]


def long_file(rows: int) -> str:
    """A CSV of ``rows`` requests: companies with every detail, multi-line descriptions, a bad
    row and a VAT with no company near the end (checked by the second process)."""
    lines = ["oggetto;descrizione;data;azienda;partita iva;tipo;dimensione;referente;email"]
    vats = [VAT_FORNO, VAT_CAFFE, VAT_OFFICINA]
    for n in range(rows):
        vat = vats[n % 3]
        lines.append(
            f'Richiesta {n};"Buongiorno,\nvorremmo vendere online ({n})";'
            f"{1 + n % 28:02d}/03/2020;Azienda {n % 3};{vat};artigiano;micro;"
            f"Persona {n % 7};p{n % 7}@example.it"
        )
    lines[-5] = lines[-5].replace(";artigiano;", ";agriturismo;")  # a warning, not a problem
    lines[-4] = "Quattro errori;testo;31/02/2020;Ditta;123;boh;enorme;X;non-email"
    lines[-3] = "Data sbagliata;testo;31/02/2020;;;;;;"
    lines[-2] = f"Solo IVA;testo;01/03/2020;;{VAT_OTHER};;;;"
    return "\n".join(lines) + "\n"


def test_a_fault_in_the_part_of_a_long_file_read_by_the_other_process_writes_nothing(
    file_desk: Desk,
) -> None:
    content = long_file(3000) + 'Aperta;"testo senza fine;01/03/2020\n'
    src = source_of(content)
    assert src.rest is not None
    before = file_desk.ctx.store.ticket_count()

    with pytest.raises(InvalidValue, match=r"^requests\.csv is not valid CSV near line \d+"):
        file_desk.imports.run(src, ImportOptions(skip_invalid=True))

    assert file_desk.ctx.store.ticket_count() == before


def test_a_bad_byte_in_the_part_of_a_long_file_read_here_is_named_and_writes_nothing(
    file_desk: Desk,
) -> None:
    lines = long_file(3000).encode().split(b"\n")
    lines[1001] = lines[1001].replace(b"Richiesta", b"Richiest\xe8")  # row 502, in the first part
    src = source_of(b"\n".join(lines))
    assert src.first is not None and src.rest is not None
    assert src.rest.start > len(b"\n".join(lines[:1002]))
    before = file_desk.ctx.store.ticket_count()

    with pytest.raises(InvalidValue) as caught:
        file_desk.imports.run(src, ImportOptions(skip_invalid=True))

    assert caught.value.message.startswith(
        "requests.csv is not UTF-8 text (byte 0xe8 on line 1002, character "
    )
    assert file_desk.ctx.store.ticket_count() == before


def test_a_long_file_checked_again_is_checked_whole(file_desk: Desk) -> None:
    # A dry run first, then the import: the second check has every row, cells and all.
    src = source_of(long_file(3000))

    dry = file_desk.imports.run(src, ImportOptions(skip_invalid=True, dry_run=True))
    real = file_desk.imports.run(src, ImportOptions(skip_invalid=True))

    assert counts(dry) == counts(real) == (3000, 2997, 0, 0, 3)
    assert problems(dry) == problems(real)
    assert all(row.values for row in src.rows)
    assert file_desk.ctx.store.ticket_count() == 2997


def _on_two_cores_and_on_one(
    content: str, tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[Any, ...]]:
    # The import of ``content`` shared between two processes, then in one: each time the
    # forks made, the counts, the problems, the tickets, the companies, the rejects file.
    from helpdesk.services.importing import two_processes

    forks: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    outcomes = []
    default = two_processes.SHARED_FROM
    for shared_from in (default, 10**9):
        monkeypatch.setattr(two_processes, "SHARED_FROM", shared_from)
        desk = open_desk(Settings(db=tmp_path / f"{shared_from}.json", adviser="ms"), clock=clock)
        forks.clear()
        src = source_of(content)
        report = desk.imports.run(src, ImportOptions(skip_invalid=True))
        stored = [
            (t.subject, t.description, t.created, t.company_id, t.contact, t.history[-1].new)
            for t in tickets(desk)
        ]
        companies = [
            (c.name, c.vat, c.kind, c.size, c.contacts) for c in desk.ctx.store.companies()
        ]
        rejects = rejects_file(report, src).decode()
        warnings = report.warnings
        outcomes.append(
            (len(forks), counts(report), problems(report), stored, companies, rejects, warnings)
        )
        assert (src.read_elsewhere is not None) is (shared_from == default and len(forks) == 1)
    return outcomes


def test_a_long_file_checked_on_two_cores_imports_as_it_would_on_one(
    tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpdesk.services.importing import two_processes

    rows = two_processes.SHARED_FROM + 200
    outcomes = _on_two_cores_and_on_one(long_file(rows), tmp_path, clock, monkeypatch)
    (shared, *together), (alone, *apart) = outcomes
    assert (shared, alone) == (1, 0)
    assert together == apart
    read, created, _, _, rejected = together[0]
    assert (read, created, rejected) == (rows, rows - 3, 3)
    assert len(together[1]) == 4 + 1 + 1  # every problem of each row, in the second half too
    assert {p.split(",")[0] for p in together[1][:4]} == {f"row {rows - 2} (line {2 * rows - 6})"}
    # What a row's unknown values became, told by the process that checked it.
    where = f"row {rows - 3} (line {2 * rows - 8}), tipo: 'agriturismo' is not a"
    assert [w for w in together[-1] if w.startswith(where)]
    # Row numbers and lines as counted through the whole file.
    assert together[1][4] == (
        f'row {rows - 1} (line {2 * rows - 5}), data: "31/02/2020" is not a date: '
        "February 2020 has 29 days."
    )
    assert together[1][5].startswith(
        f"row {rows} (line {2 * rows - 4}), partita iva: No company has VAT number"
    )
    # The rows rejected in the second half, the last one only once its company was looked
    # for, are written back with their cells.
    rejected_lines = together[4].splitlines()[1:]
    cells = [
        "Quattro errori;testo;31/02/2020;Ditta;123;boh;enorme;X;non-email;",
        "Data sbagliata;testo;31/02/2020;;;;;;;",
        f"Solo IVA;testo;01/03/2020;;{VAT_OTHER};;;;;",
    ]
    assert len(rejected_lines) == 3
    assert all(line.startswith(c) for line, c in zip(rejected_lines, cells, strict=True))


@pytest.mark.parametrize("marks", [1, 2])
def test_a_long_file_whose_quotes_mislead_its_split_imports_as_it_would_on_one_core(
    marks: int, tmp_path: Path, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inch marks in unquoted cells early on: the quotes counted before the split do not say
    # how many records the first part holds, which its reading finds out (one mark leaves
    # the split inside a quoted cell, two the count wrong); the other process's work is
    # dropped and the file read whole here, then checked on two cores.
    from helpdesk.services.importing import two_processes

    lines = long_file(two_processes.SHARED_FROM + 200).split("\n")
    for row in (60, 52)[:marks]:
        lines.insert(2 * row - 3, f'Tubo 3/4";Il tubo {row};02/03/2020;Idraulica;;;;;')
    outcomes = _on_two_cores_and_on_one("\n".join(lines), tmp_path, clock, monkeypatch)

    (shared, *together), (alone, *apart) = outcomes
    assert (shared, alone) == (2, 0)
    assert together == apart
    stored = together[2]
    assert [t[:2] for t in stored if t[0].startswith("Tubo")] == [
        ('Tubo 3/4"', f"Il tubo {row}") for row in sorted((60, 52)[:marks])
    ]
