"""Reply and report templates: finding, naming, rendering, the sandbox and its error messages.

Shipped templates are rendered for every ticket of a demo desk (``build_demo(size=60)``) and for
the hand-made desk of ``test_summary_desk.py`` (which has a ticket with no company, no adviser
and no topic, and an upcoming webinar); strict undefined variables make any slip an error.
"""

from __future__ import annotations

import os
import re
import stat
from importlib.metadata import PathDistribution
from pathlib import Path

import pytest
from test_summary_desk import build_known_desk

from helpdesk.dates import FrozenClock
from helpdesk.errors import Conflict, InvalidValue, NotFound
from helpdesk.services.desk import Desk
from helpdesk.services.factory import memory_desk
from helpdesk.services.templates import (
    COMPANY,
    LANGUAGES,
    REPORT,
    SHIPPED,
    TICKET,
    USER,
    TemplateError,
    TemplateService,
    front_matter,
    installed_folder,
    markdown_cell,
    shipped_folder,
    write_output,
)

ROOT = Path(__file__).resolve().parent.parent

SHIPPED_TEMPLATES = {
    "call-presentation": TICKET,
    "company-dossier": COMPANY,
    "followup-checkin": TICKET,
    "quarterly-report": REPORT,
    "reply-digital-tools": TICKET,
    "reply-ecommerce": TICKET,
    "reply-grants": TICKET,
    "reply-industry40": TICKET,
    "webinar-invitation": TICKET,
}
TICKET_TEMPLATES = [name for name, kind in SHIPPED_TEMPLATES.items() if kind == TICKET]


@pytest.fixture(scope="module")
def demo() -> Desk:
    from helpdesk.services.demo import build_demo

    return build_demo(size=60)


@pytest.fixture(scope="module")
def known() -> Desk:
    clock = FrozenClock("2020-03-01 09:00")
    return build_known_desk(memory_desk(clock, actor="ms"), clock)


def with_folder(desk: Desk, folder: Path | None) -> TemplateService:
    """The desk's template service with a user folder."""
    return TemplateService(
        desk.ctx,
        desk.tickets,
        desk.directory,
        desk.summary,
        user_folder=folder,
        webinars=desk.webinars.sessions,
    )


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- finding -----------------------------------------------------------------------------------


def test_the_shipped_folder_is_the_projects_templates_folder() -> None:
    assert shipped_folder() == ROOT / "templates"


def test_every_shipped_template_is_listed_in_english_and_italian(known: Desk) -> None:
    infos = known.templates.list()

    assert {i.name: i.kind for i in infos} == SHIPPED_TEMPLATES
    for info in infos:
        assert info.languages == ["en", "it"], info.name
        assert info.origin == SHIPPED
        assert info.description, info.name
        assert {f.path.parent for f in info.files.values()} == {ROOT / "templates"}


def test_partials_are_not_listed(known: Desk) -> None:
    assert (ROOT / "templates" / "_signature.en.md.j2").is_file()
    assert not any(i.name.startswith("_") for i in known.templates.list())


def test_descriptions_come_from_the_front_matter(known: Desk) -> None:
    info = known.templates.get("reply-ecommerce")

    assert info.description == "First reply to a business that wants to sell online (e-commerce)."
    assert info.files["it"].description.startswith("Prima risposta")


def test_front_matter_reads_keys_and_continued_lines() -> None:
    text = "{#-\ndescription: One line\n  and its continuation.\nKind: report\n-#}\nbody"

    assert front_matter(text) == {"description": "One line and its continuation.", "kind": "report"}
    assert front_matter("no comment here {# later #}") == {}


def test_a_user_file_replaces_the_shipped_one_of_the_same_name(known: Desk, tmp_path: Path) -> None:
    write(tmp_path, "reply-ecommerce.en.md.j2", "{# description: Ours #}Ciao {{ ticket.ref }}\n")
    service = with_folder(known, tmp_path)
    info = service.get("reply-ecommerce")

    assert info.files["en"].origin == USER
    assert info.files["it"].origin == SHIPPED
    assert info.origin == "user (en), shipped"
    assert info.description == "Ours"
    assert service.render("reply-ecommerce", 2).text == "Ciao 2\n"
    assert service.render("reply-ecommerce", 2, language="it").text.startswith("Oggetto:")


def test_a_user_folder_adds_templates(known: Desk, tmp_path: Path) -> None:
    write(tmp_path, "thanks.md.j2", "{#- kind: ticket -#}\nGrazie, {{ company.name }}!\n")
    write(tmp_path, "board-report.en.md.j2", "Received: {{ summary.received }}\n")
    service = with_folder(known, tmp_path)
    infos = {i.name: i for i in service.list()}

    assert (infos["thanks"].kind, infos["thanks"].languages, infos["thanks"].origin) == (
        TICKET,
        ["*"],
        USER,
    )
    assert infos["board-report"].kind == REPORT  # from its name
    assert service.render("thanks", 3, language="it").text == "Grazie, Bar Centrale!\n"
    period = known.summary.period("2020-Q2")
    assert service.render("board-report", period=period).text == "Received: 7\n"


def test_a_missing_user_folder_is_reported(known: Desk, tmp_path: Path) -> None:
    service = with_folder(known, tmp_path / "nowhere")

    with pytest.raises(NotFound, match=r"templates folder .*nowhere does not exist"):
        service.list()


def test_a_badly_named_user_file_is_reported(known: Desk, tmp_path: Path) -> None:
    write(tmp_path, "no extension.j2", "x")

    with pytest.raises(TemplateError, match=r"no extension\.j2: a template's file name should be"):
        with_folder(known, tmp_path).list()


def test_an_installed_copy_is_found_through_the_distributions_file_list(tmp_path: Path) -> None:
    # A wheel's data files land in <prefix>/share/helpdesk/templates; RECORD lists them
    # relative to site-packages.
    site = tmp_path / "lib" / "python3" / "site-packages"
    info = site / "helpdesk-0.1.0.dist-info"
    info.mkdir(parents=True)
    shared = tmp_path / "share" / "helpdesk" / "templates"
    write(shared, "reply-ecommerce.en.md.j2", "x")
    (info / "RECORD").write_text(
        "helpdesk/__init__.py,,\n../../../share/helpdesk/templates/reply-ecommerce.en.md.j2,,\n",
        encoding="utf-8",
    )
    (info / "METADATA").write_text("Name: helpdesk\nVersion: 0.1.0\n", encoding="utf-8")

    assert installed_folder(PathDistribution(info)) == shared.resolve()


def test_no_installed_copy_gives_none(tmp_path: Path) -> None:
    info = tmp_path / "helpdesk-0.1.0.dist-info"
    info.mkdir()
    (info / "RECORD").write_text("helpdesk/__init__.py,,\n", encoding="utf-8")

    assert installed_folder(PathDistribution(info)) is None


# -- names and languages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        ("reply-grants", None, ("reply-grants.en.md.j2", "en")),
        ("reply-grants", "it", ("reply-grants.it.md.j2", "it")),
        ("reply-grants.it", None, ("reply-grants.it.md.j2", "it")),
        ("reply-grants.it.md.j2", None, ("reply-grants.it.md.j2", "it")),
        ("  reply-grants.en ", "en", ("reply-grants.en.md.j2", "en")),
    ],
)
def test_the_language_comes_from_lang_or_the_names_suffix(
    known: Desk, name: str, language: str | None, expected: tuple[str, str]
) -> None:
    file, lang = known.templates.pick(name, language)

    assert (file.filename, lang) == expected


def test_a_suffix_and_a_different_lang_are_refused(known: Desk) -> None:
    with pytest.raises(
        InvalidValue, match=re.escape("reply-grants.it is the Italian version; --lang says en")
    ):
        known.templates.pick("reply-grants.it", "en")


def test_an_unknown_language_is_refused(known: Desk) -> None:
    with pytest.raises(InvalidValue, match="Language 'fr' is not one of: en, it"):
        known.templates.pick("reply-grants", "fr")


def test_a_missing_language_version_says_which_exist(known: Desk, tmp_path: Path) -> None:
    write(tmp_path, "only-it.it.md.j2", "ciao\n")
    service = with_folder(known, tmp_path)

    assert service.pick("only-it")[1] == "it"  # the only language there is
    with pytest.raises(InvalidValue, match=r"only-it has no English version \(languages: it\)"):
        service.pick("only-it", "en")


def test_an_unknown_template_suggests_the_closest(known: Desk) -> None:
    with pytest.raises(
        NotFound, match=re.escape("no template 'reply-ecomerce'. Did you mean reply-ecommerce?")
    ):
        known.templates.pick("reply-ecomerce")


def test_a_ticket_template_needs_a_ticket_and_a_report_refuses_one(known: Desk) -> None:
    with pytest.raises(InvalidValue, match="reply-grants is a ticket template: give a ticket"):
        known.templates.render("reply-grants")
    with pytest.raises(InvalidValue, match="quarterly-report is a report: give a period"):
        known.templates.render("quarterly-report", 3)


def test_source_is_the_file_as_written(known: Desk) -> None:
    file, text = known.templates.source("reply-industry40", "it")

    assert text == (ROOT / "templates" / "reply-industry40.it.md.j2").read_text(encoding="utf-8")
    assert file.language == "it"


# -- every shipped template renders ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", TICKET_TEMPLATES)
def test_every_ticket_template_renders_for_every_demo_ticket(
    demo: Desk, name: str, language: str
) -> None:
    for ticket in demo.ctx.store.tickets():
        text = demo.templates.render(name, ticket.ref, language=language).text
        assert ticket.subject in text, (name, ticket.ref)
        assert "None" not in text, (name, ticket.ref)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", TICKET_TEMPLATES)
@pytest.mark.parametrize("ref", [6, 7])
def test_every_ticket_template_renders_for_a_bare_ticket_and_one_with_a_webinar(
    known: Desk, name: str, language: str, ref: int
) -> None:
    # #6: no company, no assignee, no topics. #7: Meccanica, ms, industry40, webinar W5 ahead.
    text = known.templates.render(name, ref, language=language).text

    assert "None" not in text
    assert ("Meccanica Brambilla S.r.l." in text) == (ref == 7)


def test_a_reply_reads_naturally(known: Desk) -> None:
    text = known.templates.render("reply-ecommerce", 2).text

    assert text.startswith(
        "Subject: Selling online: your request #2\n\nGood morning,\n\n"
        "Thank you for contacting the Innovation Hub Business Desk on behalf of Forno Rossi "
        'on 1 Apr 2020 about "Richiesta 2".\n'
    )
    assert "Marta Sala will follow your request" in text
    assert text.endswith(
        "Kind regards,\n\nMarta Sala · marta@hub.it\n\nInnovation Hub Business Desk\n"
    )


def test_an_italian_reply_uses_italian_dates(known: Desk) -> None:
    text = known.templates.render("reply-grants", 3, language="it").text

    assert 'il 10/04/2020 per "Richiesta 3"' in text
    assert "La sua richiesta sarà seguita da Giulio Bassi." in text
    assert text.endswith("Cordiali saluti,\n\nGiulio Bassi\n\nSportello Innovazione Imprese\n")


def test_upcoming_webinars_on_the_tickets_topics_are_offered(known: Desk) -> None:
    text = known.templates.render("webinar-invitation", 7).text

    assert "**Industria 4.0 per le PMI**\n1 Sep 2020 10:00" in text
    assert "E-commerce in una settimana" not in text  # past, and another topic
    bare = known.templates.render("webinar-invitation", 6).text
    assert "The next dates are being set" in bare


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_quarterly_report_renders_for_the_demo_quarter(demo: Desk, language: str) -> None:
    period = demo.summary.period("2020-Q2")
    text = demo.templates.render("quarterly-report", period=period, language=language).text

    heading = "activity report" if language == "en" else "relazione sull'attività"
    assert text.splitlines()[0].endswith(heading)
    assert "2020-Q2" in text.splitlines()[2]
    assert text.count("|---|---:|---:|") >= 6
    assert "None" not in text


def test_the_quarterly_report_gives_the_known_figures(known: Desk) -> None:
    period = known.summary.period("2020-Q2")
    text = known.templates.render("quarterly-report", period=period).text

    assert text.startswith(
        "# Innovation Hub Business Desk: activity report\n\n"
        "- **Period:** 2020-Q2 (1 Apr 2020 – 30 Jun 2020)\n"
        "- **Prepared on:** 10 Jul 2020\n"
    )
    assert (
        "- **7** requests for advice received from **4** businesses: 3 came to the desk for the "
        "first time and 3 came back." in text
    )
    assert "within **3h**, and nine in ten within **10h**" in text
    assert (
        "- 2 free webinars were held, offering 15 seats; 4 people enrolled and 2 attended." in text
    )
    assert "| Grants and funding | 2 | 29% |" in text
    assert "| being taken in charge (triage) | 3h | 10h | 6 |" in text
    assert "| 2 | 15 | 4 | 2 | 27% | 50% |" in text
    assert "Follow-ups: 1 done, 1 planned, 1 of them overdue." in text


def test_the_italian_report_uses_italian_labels(known: Desk) -> None:
    period = known.summary.period("2020-Q2")
    text = known.templates.render("quarterly-report", period=period, language="it").text

    assert "(dal 01/04/2020 al 30/06/2020)" in text
    assert "| Bandi e contributi | 2 | 29% |" in text
    assert "| giugno 2020 | 3 | 43% |" in text
    assert "| Ristorazione | 1 | 25% |" in text
    assert "entro **3h**, nove su dieci entro **10h**" in text


def test_the_report_takes_a_filter(known: Desk) -> None:
    period = known.summary.period("2020-Q2")
    text = known.templates.render("quarterly-report", period=period, query="topic:grants").text

    assert "- **Requests included:** those matching `topic:grants`" in text
    assert "- **2** requests for advice received from **1** business:" in text


# -- errors name the template and the line --------------------------------------------------------


BROKEN = """{#-
description: A reply with a typo.
kind: ticket
-#}
Dear {{ contact.name }},

about {{ compnay.name }}:
"""


def test_an_unknown_variable_names_the_file_and_line(known: Desk, tmp_path: Path) -> None:
    write(tmp_path, "reply-ecommerce.it.md.j2", BROKEN)
    service = with_folder(known, tmp_path)

    with pytest.raises(TemplateError) as caught:
        service.render("reply-ecommerce", 2, language="it")
    assert str(caught.value) == "reply-ecommerce.it.md.j2, line 7: 'compnay' is undefined"


def test_an_error_in_an_included_partial_names_the_partial(known: Desk, tmp_path: Path) -> None:
    write(tmp_path, "_footer.md.j2", "one\n{{ ticket.nothing_here }}\n")
    write(tmp_path, "note.md.j2", "{#- kind: ticket -#}\nhello\n{% include '_footer.md.j2' %}\n")

    with pytest.raises(TemplateError, match=r"^_footer\.md\.j2, line 2: .*nothing_here"):
        with_folder(known, tmp_path).render("note", 2)


def test_a_syntax_error_names_the_file_and_line(known: Desk, tmp_path: Path) -> None:
    write(tmp_path, "bad.en.md.j2", "line one\nline two\n{% if ticket %}\nno end\n")

    with pytest.raises(
        TemplateError, match=r"^bad\.en\.md\.j2, line 4: Unexpected end of template"
    ):
        with_folder(known, tmp_path).render("bad", 2)


def test_a_missing_include_is_named(known: Desk, tmp_path: Path) -> None:
    write(tmp_path, "inc.md.j2", "{#- kind: ticket -#}\n{% include '_nothing.md.j2' %}\n")

    with pytest.raises(
        TemplateError, match=re.escape("inc.md.j2: it includes '_nothing.md.j2', which is in")
    ):
        with_folder(known, tmp_path).render("inc", 2)


def test_a_runtime_error_names_the_line(known: Desk) -> None:
    context = known.templates.ticket_context(2)

    with pytest.raises(TemplateError, match=r"^mine, line 2: ZeroDivisionError: division by zero"):
        known.templates.render_string("ok\n{{ 1 / 0 }}\n", context, name="mine")


def test_a_none_company_is_a_clear_error_not_an_empty_string(known: Desk) -> None:
    context = known.templates.ticket_context(6)

    with pytest.raises(
        TemplateError, match="^" + re.escape("t, line 1: 'None' has no attribute 'name'")
    ):
        known.templates.render_string("{{ company.name }}", context, name="t")


# -- the sandbox ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "refused"),
    [
        ("{{ ticket.__class__.__mro__ }}", "'__class__' of 'Ticket'"),
        ("{{ ''.__class__.__subclasses__() }}", "'__class__' of 'str'"),
        ("{{ ticket.pending_followups.__func__ }}", "'__func__' of 'method'"),
        ("{{ format_date.__globals__ }}", "is undefined"),
        ("{{ ticket.tags.append('x') }}", "'append' of 'list'"),
        ("{{ ticket.set('subject', 'hacked', who='x', at=now) }}", "'set' of 'Ticket'"),
        ("{{ company.contacts.clear() }}", "'clear' of 'list'"),
        ("{{ (ticket.topics | list).__len__() }}", "'__len__' of 'list'"),
    ],
)
def test_the_sandbox_refuses_attribute_tricks(known: Desk, source: str, refused: str) -> None:
    context = known.templates.ticket_context(2)
    before = known.tickets.get(2)

    with pytest.raises(TemplateError) as caught:
        known.templates.render_string(f"first line\n{source}\n", context, name="trick.md.j2")
    message = str(caught.value)
    assert message.startswith("trick.md.j2, line 2: ")
    assert refused in message
    assert known.tickets.get(2) == before


def test_a_refusal_says_why(known: Desk) -> None:
    context = known.templates.ticket_context(2)

    with pytest.raises(TemplateError) as caught:
        known.templates.render_string("{{ ticket.__class__ }}", context, name="t")
    assert str(caught.value) == (
        "t, line 1: refused: access to attribute '__class__' of 'Ticket' object is unsafe. "
        "Templates cannot reach Python internals or change records."
    )


# -- filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "language", "expected"),
    [
        ("{{ ticket.created | format_date }}", "en", "1 Apr 2020"),
        ("{{ ticket.created | format_date }}", "it", "01/04/2020"),
        ("{{ ticket.created | format_date('it') }}", "en", "01/04/2020"),
        ("{{ ticket.created | format_datetime }}", "en", "1 Apr 2020 09:00"),
        ("{{ ticket.created | format_datetime }}", "it", "01/04/2020 09:00"),
        ("{{ 1234567 | number }}", "en", "1,234,567"),
        ("{{ 1234567 | number }}", "it", "1.234.567"),
        ("{{ 2.5 | number }}", "it", "2,5"),
        ("{{ 0.456 | percent }}", "en", "46%"),
        ("{{ none | percent }}", "en", "—"),
        ("{{ 50.4 | duration }}", "it", "2g 2h"),
        ("{{ 'food_service' | label }}", "it", "Ristorazione"),
        ("{{ ticket.status | label }}", "en", "Triaged"),
        ("{{ '2020-05' | label }}", "it", "maggio 2020"),
        ("{{ 'ecommerce' | topic_label }}", "it", "E-commerce"),
        ("{{ 'grants' | topic_label }}", "it", "Bandi e contributi"),
        ("{{ 'a|b*c' | md }}", "en", "a\\|b\\*c"),
    ],
)
def test_filters(known: Desk, source: str, language: str, expected: str) -> None:
    context = known.templates.ticket_context(2, language)

    assert known.templates.render_string(source, context) == expected


def test_markdown_cell_flattens_and_escapes() -> None:
    assert markdown_cell("Bar | Ristorante\n*Da Gino*") == "Bar \\| Ristorante \\*Da Gino\\*"


# -- writing reports -------------------------------------------------------------------------------


def test_write_output_writes_atomically_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "report.md"

    write_output(target, "first\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600  # the desk's data: its owner's only
    with pytest.raises(
        Conflict, match=re.escape("report.md already exists; add --force to replace it")
    ):
        write_output(target, "second\n")
    assert target.read_text(encoding="utf-8") == "first\n"
    write_output(target, "second\n", force=True)
    assert target.read_text(encoding="utf-8") == "second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left


def test_write_output_needs_an_existing_folder_and_a_file_name(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        write_output(tmp_path / "missing" / "report.md", "x")
    with pytest.raises(InvalidValue, match="is a folder"):
        write_output(tmp_path, "x")
