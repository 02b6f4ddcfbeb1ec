"""Options that choose the tickets of a period or a programme, shared by ``summary`` and
``render``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from helpdesk.services.desk import Desk

PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="A year, quarter or month: 2021, 2020-Q2, 2020-03, 'march 2020'.",
        show_default=False,
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since", help="From this day on: 01/03/2020, 2020-03-01, -30d…", show_default=False
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", help="Up to and including this day.", show_default=False),
]
#: ``--programme`` of ``summary`` and ``render``: the figures of one programme's tickets.
ProgrammeCut = Annotated[
    str | None,
    typer.Option(
        "--programme",
        help="Only tickets counted under this programme (see `helpdesk programme list`).",
        show_default=False,
    ),
]


def programme_query(desk: Desk, query: str, programme: str | None) -> str:
    """The query with ``programme:KEY`` added, once the programme is known to exist."""
    if not programme:
        return query
    key = desk.programmes.get(programme).key
    return f"{query} programme:{key}".strip()
