"""Results of pure steps kept from one build to the next in the same process.

`mkdocs serve` plans the whole site again on every save, and nearly every input is what it was
one save earlier. A `Kept` holds what a pure function returned for each input of the last round
and gives it back for an equal input; a round keeps only what it asked for, so an edited file's
old result does not pile up. Only for functions whose result depends on nothing but the key (and
whose result nobody changes afterwards). A `Shelf` keeps such results on disk between builds.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

from .files import atomic_write, prune_unused
from .render_cache import PRUNE_AFTER_DAYS

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


_ACROSS_BUILDS = [True]


def keep_across_builds(on: bool) -> None:
    """Whether `Kept` values outlive a build: only worth their memory when another build follows
    in the same process (`mkdocs serve`); off, every `value` is computed."""
    _ACROSS_BUILDS[0] = on


def across_builds() -> bool:
    return _ACROSS_BUILDS[0]


class Kept(Generic[K, V]):
    """`value(key, compute)`: the value of the last round (or of this one) for an equal key,
    else `compute()`. `new_round()` forgets what the round before the last one did not ask for."""

    def __init__(self) -> None:
        self._last: dict[K, V] = {}
        self._now: dict[K, V] = {}

    def new_round(self) -> None:
        self._last, self._now = self._now, {}

    def put(self, key: K, value: V) -> None:
        if _ACROSS_BUILDS[0]:
            self._now[key] = value

    def value(self, key: K, compute: Callable[[], V]) -> V:
        if not _ACROSS_BUILDS[0]:
            self._last.clear()
            return compute()
        found = self._now.get(key)
        if found is None:
            found = self._last.get(key)
            if found is None:
                found = compute()
            self._now[key] = found
        return found


class Shelf:
    """Text values by key on disk, one file each under `folder` (`<key[:2]>/<key[2:]>.json`, the
    render cache's layout); writes are atomic (temp file + rename), so an interrupted build or two
    builds at once never leave half a value. A value that cannot be read is a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def keep(self, key: str) -> None:
        """Mark `key` used without reading it (its value was found in memory): not pruned."""
        self.used.add(key)

    def get(self, key: str) -> str | None:
        self.used.add(key)
        try:
            return self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, text: str) -> None:
        self.used.add(key)
        path = self._path(key)
        with contextlib.suppress(OSError):  # a full or read-only disk costs the next build time
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text.encode("utf-8"), prefix=".")

    def prune(self, *, now: float, keep_days: float = PRUNE_AFTER_DAYS) -> int:
        """Remove the values this build did not use that were written more than `keep_days` ago
        (an edited page leaves its old value behind); returns how many. Call only after a build
        that asked for every value it needs."""
        return prune_unused(self.folder, self.used, suffix=".json", now=now, keep_days=keep_days)
