"""A table of stored records seen by number, each record converted when first looked up."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

V = TypeVar("V")


class Numbered(Mapping[int, V]):
    """A stored table by document number, each record made into a ``V`` the first time it is
    looked up (and kept)."""

    def __init__(self, raw: Mapping[str, Any], make: Callable[[Any, int], V]) -> None:
        self._raw = raw
        self._make = make
        self._made: dict[int, V] = {}

    def __getitem__(self, id: int) -> V:
        made = self._made.get(id)
        if made is None:
            made = self._made[id] = self._make(self._raw[str(id)], id)
        return made

    def get(self, id: int, default: Any = None) -> Any:
        """The value for ``id``, else ``default`` (without the KeyError the mixin raises)."""
        made = self._made.get(id)
        if made is not None:
            return made
        record = self._raw.get(str(id))
        if record is None:
            return default
        made = self._made[id] = self._make(record, id)
        return made

    def __iter__(self) -> Iterator[int]:
        return (int(key) for key in self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, id: object) -> bool:
        return isinstance(id, int) and str(id) in self._raw
