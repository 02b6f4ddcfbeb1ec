"""The webinar enrolments the filter language asks of tickets, read from the store on first use
(most queries never ask)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Set


class EnrolmentIndex:
    """The webinar enrolments by ticket, read from the store on first use."""

    def __init__(self, load: Callable[[], tuple[Mapping[int, frozenset[int]], frozenset[int]]]):
        self._load = load

    @functools.cached_property
    def index(self) -> tuple[Mapping[int, frozenset[int]], frozenset[int]]:
        """Live enrolments by reference, and the references enrolled in an upcoming session."""
        return self._load()


class LazyEnrolments(Mapping[int, frozenset[int]]):
    """Ticket reference → the webinars it has a live enrolment in, read on first use."""

    def __init__(self, index: EnrolmentIndex) -> None:
        self._index = index

    def __getitem__(self, ref: int) -> frozenset[int]:
        return self._index.index[0][ref]

    def __iter__(self) -> Iterator[int]:
        return iter(self._index.index[0])

    def __len__(self) -> int:
        return len(self._index.index[0])


class LazyEnrolled(Set[int]):
    """The references registered or waitlisted for an upcoming webinar, read on first use."""

    def __init__(self, index: EnrolmentIndex) -> None:
        self._index = index

    def __contains__(self, ref: object) -> bool:
        return ref in self._index.index[1]

    def __iter__(self) -> Iterator[int]:
        return iter(self._index.index[1])

    def __len__(self) -> int:
        return len(self._index.index[1])
