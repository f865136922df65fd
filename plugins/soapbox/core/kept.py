"""Results of pure steps kept from one build to the next in the same process.

`mkdocs serve` plans the whole site again on every save, and nearly every input is what it was
one save earlier. A `Kept` holds what a pure function returned for each input of the last round
and gives it back for an equal input; a round keeps only what it asked for, so an edited file's
old result does not pile up. Only for functions whose result depends on nothing but the key (and
whose result nobody changes afterwards).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """`value(key, compute)`: the value of the last round (or of this one) for an equal key,
    else `compute()`. `new_round()` forgets what the round before the last one did not ask for."""

    def __init__(self) -> None:
        self._last: dict[K, V] = {}
        self._now: dict[K, V] = {}

    def new_round(self) -> None:
        self._last, self._now = self._now, {}

    def value(self, key: K, compute: Callable[[], V]) -> V:
        found = self._now.get(key)
        if found is None:
            found = self._last.get(key)
            if found is None:
                found = compute()
            self._now[key] = found
        return found
