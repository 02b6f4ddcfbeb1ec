"""The impact funnel: what came of the requests a period (and a programme) brought.

Of the requests selected (created in the period, matching the summary's filter, e.g.
``programme:desk2020``), each stage counts those that got at least that far:

- **requests**: every request selected;
- **advised**: worked on (in progress, waiting, resolved, or closed with an outcome other than
  duplicate or withdrawn);
- **referred**: passed on to a partner of the network (a referral, or the outcome *referred*);
- **answered**: a partner answered (answered, project started or declined);
- **project or grant**: a referral became a project, the ticket closed as *project started*, or
  an application to a grant call was funded.

Each stage's rate is against the stage before it, and the last also against the requests.
Euros are the amounts of projects started that were recorded, plus the grants funded.
Satisfaction is counted over the selected requests that are resolved or closed: how many
answered (the response rate) and their average score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from helpdesk.domain.calls import Call, Stage
from helpdesk.domain.enums import Outcome, Status
from helpdesk.domain.lifecycle import CLOSE_UNWORKED
from helpdesk.domain.models import Ticket
from helpdesk.domain.partners import ANSWERED_OR_LATER, Referral, ReferralState
from helpdesk.i18n import NC_, pgettext

WORKED = frozenset({Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED})

#: The funnel's stages in order: key and label, translated in the context "funnel stage" (the
#: stage "Advised" counts requests that were given advice, not the outcome of that name).
STAGES: tuple[tuple[str, str], ...] = (
    ("requests", NC_("funnel stage", "Requests")),
    ("advised", NC_("funnel stage", "Advised")),
    ("referred", NC_("funnel stage", "Referred to a partner")),
    ("answered", NC_("funnel stage", "Answered by the partner")),
    ("outcome", NC_("funnel stage", "Project started or grant obtained")),
)


@dataclass(frozen=True, slots=True)
class FunnelStage:
    """One stage: how many got that far, and the share of the stage before."""

    key: str
    label: str
    count: int
    rate: float | None


@dataclass(slots=True)
class SatisfactionFigures:
    """Scores of the finished requests.

    Attributes:
        finished: Selected requests resolved or closed.
        answers: Of those, how many gave a score.
        average: Their average score (1–5), None with no answers.
        scores: How many gave each score, 1 to 5.
    """

    finished: int = 0
    answers: int = 0
    average: float | None = None
    scores: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 6), 0))

    @property
    def response_rate(self) -> float | None:
        """Answers over finished requests; None when none is finished."""
        return self.answers / self.finished if self.finished else None


@dataclass(slots=True)
class Impact:
    """The funnel, its euros and satisfaction.

    Attributes:
        stages: The stages of :data:`STAGES`, in order.
        overall: Requests that reached the last stage, over all requests.
        euros: Euros of projects started and grants funded, where recorded; 0 when none.
        grants_funded: Requests with a funded grant application; None when the desk has no
            grant calls.
        satisfaction: Scores of the finished requests.
    """

    stages: list[FunnelStage]
    overall: float | None
    euros: int
    grants_funded: int | None
    satisfaction: SatisfactionFigures

    def stage(self, key: str) -> FunnelStage:
        """One stage by key."""
        return next(s for s in self.stages if s.key == key)


def funded_by_ticket(calls: Iterable[Call]) -> dict[int, int]:
    """Ticket reference → whole euros funded, for tickets with a funded grant application."""
    funded: dict[int, int] = {}
    for call in calls:
        for application in call.applications:
            if application.stage is Stage.FUNDED:
                euros = (application.amount or 0) // 100
                funded[application.ref] = funded.get(application.ref, 0) + euros
    return funded


def was_advised(ticket: Ticket) -> bool:
    """Worked on: see the module's description."""
    if ticket.status in WORKED:
        return True
    return ticket.status is Status.CLOSED and ticket.outcome not in CLOSE_UNWORKED


def impact_figures(
    selected: Iterable[Ticket],
    referrals: Iterable[Referral],
    grants: Mapping[int, int] | None = None,
) -> Impact:
    """The funnel for the selected requests.

    Args:
        selected: The requests of the period and filter.
        referrals: Every referral on the desk (those of other tickets are ignored).
        grants: Ticket reference → euros funded, for tickets with a funded grant application;
            None when the desk has no grant calls.
    """
    tickets = list(selected)
    refs = {t.ref for t in tickets}
    by_ticket: dict[int, list[Referral]] = {}
    for referral in referrals:
        if referral.ref in refs:
            by_ticket.setdefault(referral.ref, []).append(referral)
    funded = {ref: euros for ref, euros in (grants or {}).items() if ref in refs}

    def referred(t: Ticket) -> bool:
        return bool(by_ticket.get(t.ref)) or t.outcome is Outcome.REFERRED

    def answered(t: Ticket) -> bool:
        return any(r.reached(ANSWERED_OR_LATER) for r in by_ticket.get(t.ref, ()))

    def started(t: Ticket) -> bool:
        return (
            t.outcome is Outcome.PROJECT_STARTED
            or t.ref in funded
            or any(r.reached([ReferralState.PROJECT_STARTED]) for r in by_ticket.get(t.ref, ()))
        )

    tests: dict[str, Callable[[Ticket], bool]] = {
        "requests": lambda t: True,
        "advised": was_advised,
        "referred": referred,
        "answered": answered,
        "outcome": started,
    }
    stages: list[FunnelStage] = []
    previous: int | None = None
    for key, label in STAGES:
        count = sum(1 for t in tickets if tests[key](t))
        rate = None if previous is None else (count / previous if previous else None)
        stages.append(FunnelStage(key, pgettext("funnel stage", label), count, rate))
        previous = count
    euros = sum(
        r.amount or 0
        for rs in by_ticket.values()
        for r in rs
        if r.state is ReferralState.PROJECT_STARTED
    ) + sum(funded.values())
    last = stages[-1].count
    return Impact(
        stages=stages,
        overall=last / len(tickets) if tickets else None,
        euros=euros,
        grants_funded=len(funded) if grants is not None else None,
        satisfaction=satisfaction_figures(tickets),
    )


def satisfaction_figures(tickets: Iterable[Ticket]) -> SatisfactionFigures:
    """Scores of the resolved and closed requests among ``tickets``."""
    figures = SatisfactionFigures()
    total = 0
    for ticket in tickets:
        if ticket.is_open:
            continue
        figures.finished += 1
        if ticket.satisfaction is not None:
            figures.answers += 1
            total += ticket.satisfaction.score
            figures.scores[ticket.satisfaction.score] += 1
    if figures.answers:
        figures.average = round(total / figures.answers, 2)
    return figures


def impact_json(impact: Impact | None) -> dict[str, Any] | None:
    """The figures as ``summary --format json`` writes them."""
    if impact is None:
        return None
    s = impact.satisfaction
    return {
        "funnel": [
            {
                "stage": st.key,
                "label": st.label,
                "count": st.count,
                "rate": None if st.rate is None else round(st.rate, 4),
            }
            for st in impact.stages
        ],
        "overall": None if impact.overall is None else round(impact.overall, 4),
        "euros": impact.euros,
        "grants_funded": impact.grants_funded,
        "satisfaction": {
            "finished": s.finished,
            "answers": s.answers,
            "response_rate": None if s.response_rate is None else round(s.response_rate, 4),
            "average": s.average,
            "scores": {str(k): v for k, v in s.scores.items()},
        },
    }


def impact_rows(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The figures as ``section,key,value`` rows of ``summary --format csv``."""
    rows = []
    for st in body["funnel"]:
        rows.append({"section": "impact.funnel", "key": st["stage"], "value": st["count"]})
        rows.append({"section": "impact.rate", "key": st["stage"], "value": st["rate"]})
    for key in ("overall", "euros", "grants_funded"):
        rows.append({"section": "impact", "key": key, "value": body[key]})
    s = body["satisfaction"]
    for key in ("finished", "answers", "response_rate", "average"):
        rows.append({"section": "satisfaction", "key": key, "value": s[key]})
    for score, count in s["scores"].items():
        rows.append({"section": "satisfaction.scores", "key": score, "value": count})
    return rows
