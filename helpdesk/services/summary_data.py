"""What a summary is computed from: one desk's tickets and records, or several desks' put
together (see :mod:`helpdesk.services.network_summary`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from helpdesk.domain.calls import Call
from helpdesk.domain.enums import CompanyKind
from helpdesk.domain.models import Adviser, Ticket, Topic
from helpdesk.domain.partners import Referral
from helpdesk.domain.webinars import Webinar


@dataclass(frozen=True, slots=True)
class SummaryData:
    """What a summary is computed from: one desk's, or several desks' put together.

    Attributes:
        matching: The tickets matching the filter, by reference (any period).
        everything: Every ticket (``matching`` itself when there is no filter).
        companies: Each company's kind and province, by number.
        topics, advisers: For the breakdowns' labels.
        referrals: Every referral.
        calls, webinars: Every grant call and webinar session; None for a desk without.
        tz: The zone months are counted in.
    """

    matching: Sequence[Ticket]
    everything: Sequence[Ticket]
    companies: Mapping[int, tuple[CompanyKind, str]]
    topics: Sequence[Topic]
    advisers: Sequence[Adviser]
    referrals: Sequence[Referral]
    calls: Sequence[Call] | None
    webinars: Sequence[Webinar] | None
    tz: tzinfo
