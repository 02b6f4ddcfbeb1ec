"""The referrals by ticket, read from the store only when a query asks."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping

from helpdesk.domain.partners import Referred


class LazyReferrals(Mapping[int, tuple[Referred, ...]]):
    """Ticket reference → its referrals, built on first use: most queries never ask."""

    def __init__(self, load: Callable[[], Mapping[int, tuple[Referred, ...]]]) -> None:
        self._load = load

    @functools.cached_property
    def _index(self) -> Mapping[int, tuple[Referred, ...]]:
        return self._load()

    def __getitem__(self, ref: int) -> tuple[Referred, ...]:
        return self._index[ref]

    def __iter__(self) -> Iterator[int]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)
