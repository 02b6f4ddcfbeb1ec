"""Pointing what an export numbers at the importing desk's numbers.

An export's webinar enrolments and call applications name tickets by the exporting desk's
references and companies by its numbers; the importing desk numbers both anew. These helpers
follow them to the new ones, and say what had to be dropped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping

from helpdesk.domain.calls import Call
from helpdesk.domain.models import Company
from helpdesk.domain.webinars import Webinar
from helpdesk.i18n import _

#: The importing desk's reference of an exported ticket, or 0 when it has none.
NewRef = Callable[[int], int]


def new_ref(uid_refs: Mapping[str, int], old_uids: Mapping[int, str], old_ref: int) -> int:
    """The reference in this database of the export's ticket ``old_ref``, or 0."""
    return uid_refs.get(old_uids.get(old_ref, ""), 0)


def _company(companies: Mapping[int, Company], old_id: int | None) -> int | None:
    company = companies.get(old_id or 0)
    return company.id if company is not None else None


def rewired_webinar(
    webinar: Webinar, refs: NewRef, companies: Mapping[int, Company], warnings: list[str]
) -> Webinar:
    """An exported webinar with its enrolments pointing at this database's tickets."""
    kept = []
    for enrolment in webinar.enrolments:
        ref = refs(enrolment.ref)
        if not ref:
            warnings.append(
                _(
                    "webinar {title!r}: the enrolment of #{ref} was dropped: that ticket is "
                    "neither in the file nor in the database."
                ).format(title=webinar.title, ref=enrolment.ref)
            )
            continue
        kept.append(
            dataclasses.replace(
                enrolment, ref=ref, company_id=_company(companies, enrolment.company_id)
            )
        )
    return dataclasses.replace(webinar, id=0, enrolments=kept)


def rewired_call(
    call: Call, refs: NewRef, companies: Mapping[int, Company], warnings: list[str]
) -> Call:
    """An exported call with its applications pointing at this database's tickets; each keeps
    the number of its deadline follow-up, which the ticket brought along with it."""
    kept = []
    for application in call.applications:
        ref = refs(application.ref)
        if not ref:
            warnings.append(
                _(
                    "call {title!r}: the application of #{ref} was dropped: that ticket is "
                    "neither in the file nor in the database."
                ).format(title=call.title, ref=application.ref)
            )
            continue
        kept.append(
            dataclasses.replace(
                application,
                ref=ref,
                company_id=_company(companies, application.company_id),
                steps=list(application.steps),
            )
        )
    return dataclasses.replace(call, id=0, applications=kept)


def new_calls(known: Iterable[Call], exported: Iterable[Call]) -> list[Call]:
    """The exported calls this database does not have: a call is the same one when its title
    and opening match (the one already here is kept as it is)."""
    here = {(c.title, c.opens) for c in known}
    return [c for c in exported if (c.title, c.opens) not in here]
