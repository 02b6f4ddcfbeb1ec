"""Words that read two ways are told apart, and every front reads the domain's own labels.

"Open" over a count of open tickets is *Aperte*, the key that opens one is *Apri*; a topic's
"Key" is its *Chiave*, an adviser's its *Sigla*; the funnel's stage "Advised" counts requests
given advice, the outcome of that name closes one; the short topic "Grants" is *Bandi*, the
summary's grants section *Contributi*. The CLI's messages name statuses, outcomes, priorities
and link kinds by their labels, never by their stored values.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app
from helpdesk.domain.enums import Channel, CompanyKind, LinkKind, Outcome, Priority, Status
from helpdesk.domain.identity import MatchedBy
from helpdesk.domain.models import Topic
from helpdesk.i18n import pgettext, set_language
from helpdesk.render.topics import short_topic_label
from helpdesk.services.impact import STAGES
from helpdesk.services.summary_labels import label_of

pytestmark = pytest.mark.usefixtures("isolated_env")


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result.output


def heading_of(table: str) -> list[str]:
    """The words of a table's first line that is not blank."""
    return next(line for line in table.splitlines() if line.strip()).split()


@pytest.mark.parametrize(
    ("code", "adviser_heading", "topic_key"),
    [("it", ["Sigla", "Nome", "E-mail", "Temi", "Aperte"], "Chiave"), ("en", None, "Key")],
)
def test_open_and_key_read_as_the_table_means_them(
    code: str, adviser_heading: list[str] | None, topic_key: str
) -> None:
    run("--lang", code, "adviser", "add", "ms", "Marta Sala", "-t", "ecommerce")
    run("--lang", code, "add", "Vendere online", "-a", "ms")
    advisers = run("--lang", code, "adviser", "list")
    expected = adviser_heading or ["Key", "Name", "Email", "Topics", "Open"]
    assert heading_of(advisers) == expected
    assert advisers.rstrip().splitlines()[-1].split()[-1] == "1"
    assert heading_of(run("--lang", code, "topic", "list"))[0] == topic_key


def test_the_same_english_word_has_its_own_italian_by_meaning() -> None:
    set_language("it")
    assert pgettext("open tickets", "Open") == "Aperte"
    assert pgettext("topic", "Key") == "Chiave"
    funnel = dict(STAGES)
    assert pgettext("funnel stage", funnel["advised"]) == "Con consulenza"
    assert label_of("advised") == "Consulenza fornita"
    assert label_of("advised", "en") == "Advised"
    assert label_of("triaged") == "Presa in carico"
    assert pgettext("call eligibility", "Not eligible") == "Non ammissibile"
    grants = Topic("grants", "Grants and funding", "Bandi e contributi")
    assert short_topic_label(grants) == "Bandi"
    set_language("en")
    assert short_topic_label(grants) == "Grants"


@pytest.mark.parametrize("code", ["it", "en"])
def test_a_new_topics_short_label_is_cut_at_its_and(code: str) -> None:
    set_language(code)
    topic = Topic("agrifood", "Agrifood and rural networks", "Agroalimentare e reti rurali")
    assert short_topic_label(topic) == {"it": "Agroalimentare", "en": "Agrifood"}[code]


@pytest.mark.parametrize(
    ("code", "labels"),
    [
        (
            "it",
            ["in lavorazione", "alta", "di persona", "consulenza fornita", "artigiana"],
        ),
        ("en", ["in progress", "high", "walk-in", "advised", "artisan"]),
    ],
)
def test_the_domain_gives_every_front_its_labels(code: str, labels: list[str]) -> None:
    set_language(code)
    members = [
        Status.IN_PROGRESS,
        Priority.HIGH,
        Channel.WALK_IN,
        Outcome.ADVISED,
        CompanyKind.ARTISAN,
    ]
    assert [m.label_text for m in members] == labels
    assert LinkKind.DUPLICATE_OF.label_text == {"it": "duplicato di", "en": "duplicate of"}[code]
    assert MatchedBy.VAT.label_text == {"it": "P. IVA", "en": "VAT"}[code]


@pytest.mark.parametrize(
    ("code", "said"),
    [
        (
            "it",
            [
                "#1 presa in carico: temi ecommerce · priorità urgente · assegnatario ms",
                "#1 ora è in lavorazione",
                "#1 ora è in attesa",
                "#1 chiusa: domanda presentata",
                "#1 riaperta: in lavorazione",
                "#1 collegata a #2 (seguito di)",
            ],
        ),
        (
            "en",
            [
                "#1 triaged: topics ecommerce · priority urgent · assignee ms",
                "#1 is now in progress",
                "#1 is now waiting",
                "#1 closed: grant applied",
                "#1 reopened: in progress",
                "#1 linked to #2 (follow on)",
            ],
        ),
    ],
)
def test_cli_messages_name_labels_not_stored_values(code: str, said: list[str]) -> None:
    lang = ("--lang", code)
    run(*lang, "adviser", "add", "ms", "Marta Sala")
    run(*lang, "add", "Vendere online", "-t", "ecommerce")
    run(*lang, "add", "Vendere di più")
    outputs = [
        run(*lang, "triage", "1", "--priority", "urgent", "--to", "ms"),
        run(*lang, "status", "1", "in_progress"),
        run(*lang, "status", "1", "waiting"),
        run(*lang, "close", "1", "--outcome", "grant_applied"),
        run(*lang, "reopen", "1"),
        run(*lang, "link", "1", "2", "--kind", "follow_on"),
    ]
    for output, expected in zip(outputs, said, strict=True):
        assert output.splitlines()[0] == expected
        assert not re.search(r"\b(in_progress|grant_applied|follow_on)\b", output)
