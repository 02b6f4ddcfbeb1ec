"""The grant-call applications by ticket, read from the store only when a query asks."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping

from helpdesk.domain.calls import Applied


class LazyApplications(Mapping[int, tuple[Applied, ...]]):
    """Ticket reference → its applications, built on first use: most queries never ask."""

    def __init__(self, load: Callable[[], Mapping[int, tuple[Applied, ...]]]) -> None:
        self._load = load

    @functools.cached_property
    def _index(self) -> Mapping[int, tuple[Applied, ...]]:
        return self._load()

    def __getitem__(self, ref: int) -> tuple[Applied, ...]:
        return self._index[ref]

    def __iter__(self) -> Iterator[int]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)
