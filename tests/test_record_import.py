"""The header mapping and column checks that the calls' and partners' imports share."""

from __future__ import annotations

import pytest

from helpdesk.errors import InvalidValue
from helpdesk.services.importing.record_columns import RowProblem, map_headers, require_columns

SYNONYMS = {
    "title": ("titolo", "nome del bando"),
    "closes": ("scadenza", "data di chiusura"),
    "funder": ("ente", "ente finanziatore"),
}


def test_headers_match_by_name_or_synonym_with_case_accents_and_punctuation_ignored() -> None:
    headers = ["Nome del bando", "SCADÈNZA", "Note", "Ente-finanziatore", "Titolo"]
    assert map_headers(headers, SYNONYMS) == {"title": 0, "closes": 1, "funder": 3}


def test_a_missing_required_column_is_named_with_the_headers_it_may_use() -> None:
    columns = map_headers(["Titolo"], SYNONYMS)
    require_columns("bandi.csv", columns, SYNONYMS, ["title"])
    with pytest.raises(InvalidValue) as refused:
        require_columns("bandi.csv", columns, SYNONYMS, ["title", "closes", "funder"])
    assert str(refused.value.message) == (
        "bandi.csv has no column for: closes (scadenza/data di chiusura), "
        "funder (ente/ente finanziatore)."
    )


def test_a_row_problem_names_its_row_and_field() -> None:
    assert str(RowProblem(4, "closes", "Not a date.")) == "row 4, closes: Not a date."
    assert str(RowProblem(7, "", "Bad line.")) == "row 7: Bad line."
