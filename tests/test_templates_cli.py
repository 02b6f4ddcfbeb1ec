"""``helpdesk template list|show`` and ``helpdesk render``, run in-process with ``CliRunner``.

Each test runs in an empty folder (``isolated_env``) holding a copy of the hand-made desk of
``test_summary_desk.py`` as ``tickets.json``; no ``HELPDESK_*`` variable leaks in from the shell.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import into_test_store
from test_summary_desk import write_known_database
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

BROKEN = "{#- kind: ticket -#}\nHello {{ contact.name }},\n\nabout {{ compnay.name }}\n"


@pytest.fixture(scope="module")
def known_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_known_database(tmp_path_factory.mktemp("known"))


@pytest.fixture
def db(known_file: Path, isolated_env: Path) -> Path:
    target = isolated_env / "tickets.json"
    shutil.copyfile(known_file, target)
    into_test_store(target)
    return target


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": "200", **(env or {})})


def ok(*args: str, env: dict[str, str] | None = None) -> Result:
    result = run(*args, env=env)
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert result.stderr == ""
    return result


def refused(*args: str, env: dict[str, str] | None = None) -> str:
    result = run(*args, env=env)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    return result.stderr.strip()


def user_folder(tmp: Path) -> Path:
    folder = tmp / "my-templates"
    folder.mkdir()
    (folder / "reply-ecommerce.en.md.j2").write_text(
        "{#- description: Our own e-commerce reply -#}\nCiao da noi, #{{ ticket.ref }}\n",
        encoding="utf-8",
    )
    (folder / "broken.en.md.j2").write_text(BROKEN, encoding="utf-8")
    return folder


# -- template list / show -------------------------------------------------------------------------


@pytest.mark.usefixtures("isolated_env")
def test_template_list_needs_no_database() -> None:
    lines = ok("template", "list").stdout.splitlines()

    assert lines[0].split() == ["Name", "Kind", "Languages", "Source", "Description"]
    rows = [line.rstrip().split(None, 5) for line in lines[2:]]
    assert [r[0] for r in rows] == [
        "call-presentation",
        "company-dossier",
        "followup-checkin",
        "quarterly-report",
        "reply-digital-tools",
        "reply-ecommerce",
        "reply-grants",
        "reply-industry40",
        "webinar-invitation",
    ]
    assert rows[3][:5] == ["quarterly-report", "report", "en", "it", "shipped"]
    assert rows[5][5] == "First reply to a business that wants to sell online (e-commerce)."
    assert not (Path.cwd() / "tickets.json").exists()


@pytest.mark.usefixtures("isolated_env")
def test_template_list_as_json() -> None:
    data = json.loads(ok("template", "list", "--format", "json").stdout)

    first = data[2]
    assert (first["name"], first["kind"], first["languages"], first["source"]) == (
        "followup-checkin",
        "ticket",
        ["en", "it"],
        "shipped",
    )
    assert first["files"] == [
        str(ROOT / "templates" / "followup-checkin.en.md.j2"),
        str(ROOT / "templates" / "followup-checkin.it.md.j2"),
    ]


def test_the_templates_option_adds_and_overrides(isolated_env: Path) -> None:
    folder = user_folder(isolated_env)
    data = json.loads(ok("--templates", str(folder), "template", "list", "-f", "json").stdout)
    by_name = {row["name"]: row for row in data}

    assert by_name["reply-ecommerce"]["source"] == "user (en), shipped"
    assert by_name["reply-ecommerce"]["description"] == "Our own e-commerce reply"
    assert by_name["broken"]["source"] == "user"
    assert by_name["reply-grants"]["source"] == "shipped"


def test_helpdesk_templates_environment_variable_works_like_the_option(isolated_env: Path) -> None:
    folder = user_folder(isolated_env)
    text = ok("template", "list", env={"HELPDESK_TEMPLATES": str(folder)}).stdout

    assert "broken" in text
    assert "user (en), shipped" in text


@pytest.mark.usefixtures("isolated_env")
def test_a_missing_templates_folder_is_one_line() -> None:
    message = refused("--templates", "nowhere", "template", "list")

    assert message == (
        "error: The templates folder nowhere does not exist "
        "(from --templates or HELPDESK_TEMPLATES)."
    )


@pytest.mark.usefixtures("isolated_env")
def test_template_show_prints_the_source() -> None:
    shown = ok("template", "show", "reply-grants", "--lang", "it").stdout

    assert shown == (ROOT / "templates" / "reply-grants.it.md.j2").read_text(encoding="utf-8")
    path = ok("template", "show", "reply-grants.it", "--path").stdout
    assert path == f"{ROOT / 'templates' / 'reply-grants.it.md.j2'}\n"


@pytest.mark.usefixtures("isolated_env")
def test_template_show_of_an_unknown_name_suggests_one() -> None:
    message = refused("template", "show", "reply-grant")

    assert message == (
        "error: There is no template 'reply-grant'. Did you mean reply-grants? Templates: "
        "call-presentation, company-dossier, followup-checkin, quarterly-report, "
        "reply-digital-tools, reply-ecommerce, reply-grants, reply-industry40, webinar-invitation."
    )


# -- render ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("db")
def test_render_a_reply_for_a_ticket() -> None:
    text = ok("render", "reply-industry40", "7").stdout

    assert text.startswith("Subject: Industry 4.0: your request #7\n")
    assert "on behalf of Meccanica Brambilla S.r.l. on 29 Jun 2020" in text
    assert "Marta Sala will contact you to schedule the first step." in text
    assert text.endswith("Innovation Hub Business Desk\n")


@pytest.mark.usefixtures("db")
def test_render_in_italian_by_suffix_or_option() -> None:
    by_suffix = ok("render", "followup-checkin.it", "3").stdout
    by_option = ok("render", "followup-checkin", "3", "--lang", "it").stdout

    assert by_suffix == by_option
    assert by_suffix.startswith("Oggetto: Come sta andando? La sua richiesta n. 3\n")


def test_render_a_report_into_a_file(db: Path) -> None:
    result = ok("render", "quarterly-report", "--period", "2020-Q2", "--output", "report.md")
    report = (db.parent / "report.md").read_text(encoding="utf-8")

    lines = len(report.splitlines())
    assert result.stdout == f"wrote report.md (quarterly-report.en.md.j2, {lines} lines)\n"
    assert report.startswith("# Innovation Hub Business Desk: activity report\n")
    assert "- **7** requests for advice received from **4** businesses" in report
    assert "| being taken in charge (triage) | 3h | 10h | 6 |" in report


def test_render_refuses_to_overwrite_without_force(db: Path) -> None:
    target = db.parent / "report.md"
    target.write_text("keep me\n", encoding="utf-8")

    message = refused("render", "quarterly-report", "-p", "2020-Q2", "-o", "report.md")
    assert message == "error: report.md already exists; add --force to replace it."
    assert target.read_text(encoding="utf-8") == "keep me\n"

    ok("render", "quarterly-report.it", "-p", "2020-Q2", "-o", "report.md", "--force")
    assert target.read_text(encoding="utf-8").startswith("# Sportello Innovazione Imprese")


@pytest.mark.usefixtures("db")
def test_render_a_report_with_a_filter_and_dates() -> None:
    text = ok(
        "render",
        "quarterly-report",
        "--since",
        "1/4/2020",
        "--until",
        "30/6/2020",
        "--filter",
        "topic:grants",
    ).stdout

    assert "- **Period:** 1 Apr 2020 – 30 Jun 2020\n" in text
    assert "those matching `topic:grants`" in text
    assert "- **2** requests for advice received from **1** business:" in text


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("reply-grants",), "error: reply-grants is a ticket template: give a ticket, e.g. 42."),
        (
            ("quarterly-report", "3"),
            "error: quarterly-report is a report: give a period (--period 2020-Q2), not a ticket.",
        ),
        (("reply-grants", "99"), "error: There is no ticket #99."),
        (
            ("reply-grants", "3", "--period", "2020-Q2"),
            "error: --period, --since, --until and --filter are for reports; a ticket template "
            "takes only the ticket.",
        ),
    ],
)
def test_render_refusals(args: tuple[str, ...], message: str) -> None:
    assert refused("render", *args) == message


def test_a_broken_user_template_names_its_line(db: Path) -> None:
    folder = user_folder(db.parent)

    message = refused("--templates", str(folder), "render", "broken", "3")
    assert message == "error: broken.en.md.j2, line 4: 'compnay' is undefined"


def test_a_user_template_overrides_when_rendering(db: Path) -> None:
    folder = user_folder(db.parent)

    assert ok("--templates", str(folder), "render", "reply-ecommerce", "2").stdout == (
        "Ciao da noi, #2\n"
    )
    it = ok("--templates", str(folder), "render", "reply-ecommerce", "2", "--lang", "it").stdout
    assert it.startswith("Oggetto: Vendere online")


@pytest.mark.files_only("a database file that does not exist")
@pytest.mark.usefixtures("isolated_env")
def test_render_without_a_database_says_so() -> None:
    message = refused("render", "reply-grants", "3")

    assert message.startswith("error: No database at tickets.json.")


# -- start-up ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_command_line_does_not_import_jinja_until_it_renders() -> None:
    code = (
        "import sys\n"
        "import helpdesk.cli.main\n"
        "from helpdesk.services.factory import memory_desk\n"
        "from helpdesk.dates import FrozenClock\n"
        "desk = memory_desk(FrozenClock('2020-04-01 09:00'))\n"
        "desk.summary.compute()\n"
        "desk.templates.list()\n"
        "print('jinja2' in sys.modules)\n"
        "desk.templates.render('quarterly-report')\n"
        "print('jinja2' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
