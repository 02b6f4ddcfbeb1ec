"""The two languages: catalogs in step with the code, and how the language is chosen."""

from __future__ import annotations

import pytest

from helpdesk.i18n import (
    UnknownLanguage,
    _,
    choose_language,
    language,
    normalise_language,
    set_language,
    system_language,
)
from helpdesk.i18n.extract import problems, template


@pytest.fixture(scope="module")
def wanted():
    return template()


@pytest.mark.parametrize("code", ["it", "en"])
def test_every_message_the_code_shows_is_in_the_catalog(wanted, code):
    """Extraction (marked messages and every CLI help text) compared with the catalog: nothing
    missing, nothing stale, nothing fuzzy, Italian all translated, placeholders kept.
    ``python -m helpdesk.i18n.extract`` brings the catalogs in step; then translate."""
    assert problems(code, wanted) == []


def test_switching_language_translates_at_once():
    message = "unknown language {code!r}: helpdesk speaks {known}."
    set_language("it")
    assert language() == "it"
    italian = _(message)
    assert italian != message and "{code!r}" in italian
    set_language("en")
    assert _(message) == message


@pytest.mark.parametrize(
    ("text", "code"),
    [("it", "it"), ("IT", "it"), ("it_IT.UTF-8", "it"), ("italiano", "it"), ("en_GB", "en")],
)
def test_language_codes_are_read_leniently(text, code):
    assert normalise_language(text) == code


def test_an_unknown_language_is_refused_with_the_two_it_speaks():
    with pytest.raises(UnknownLanguage, match=r"'de'.*it \(italiano\), en \(English\)"):
        normalise_language("de")


def test_the_flag_wins_then_the_environment_then_the_desk_then_the_system():
    env = {"HELPDESK_LANG": "en", "LANG": "it_IT.UTF-8"}
    assert choose_language(flag="it", environ=env, desk="en") == "it"
    assert choose_language(environ=env, desk="it") == "en"
    assert choose_language(environ={"LANG": "en_US.UTF-8"}, desk="it") == "it"
    assert choose_language(environ={"LANG": "it_IT.UTF-8"}) == "it"
    assert choose_language(environ={"LANG": "C.UTF-8"}) == "en"
    assert choose_language(environ={}) == "en"


def test_an_unknown_desk_setting_is_passed_over_but_a_typed_one_is_refused():
    assert choose_language(environ={"LANG": "it_IT"}, desk="klingon") == "it"
    with pytest.raises(UnknownLanguage):
        choose_language(environ={"HELPDESK_LANG": "fr"})


def test_the_system_locale_is_read_in_gettexts_order():
    assert system_language({"LANGUAGE": "de:it", "LANG": "en_US"}) == "it"
    assert system_language({"LC_ALL": "it_IT.UTF-8", "LANG": "en_US"}) == "it"
    assert system_language({"LC_ALL": "fr_FR", "LANG": "it_IT"}) is None
    assert system_language({"LANG": "POSIX"}) is None
