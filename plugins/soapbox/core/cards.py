"""Social cards into the site: each card is drawn once (`cards_draw`) into a cache folder named by
its content hash, so an unchanged page costs one `stat` and one hard link; many new cards are
drawn in worker threads or processes, and in a build that may fork, they are drawn in a worker
process while the build renders its pages (`AHEAD`). Framework-free: no MkDocs.

The drawing lives in `cards_draw` (layout), `cards_text` (fonts, fitting) and `cards_colors`;
the names a caller needs are re-exported here.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import shutil
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from .cards_colors import Colors as Colors
from .cards_colors import brand_colors as brand_colors
from .cards_colors import parse_hex as parse_hex
from .cards_draw import HEIGHT as HEIGHT
from .cards_draw import MIME as MIME
from .cards_draw import WIDTH as WIDTH
from .cards_draw import Card as Card
from .cards_draw import Logo as Logo
from .files import atomic_write
from .workers import NICE, idle_cores, usable_cores

PARALLEL_FROM = 8  # fewer cards than this are drawn one after the other
PROCESSES_FROM = 33  # from this many cards on, worker processes (drawing text holds the GIL)


# --- the cache -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    drawn: int  # cards drawn in this run
    cached: int  # cards taken from the cache
    failed: tuple[tuple[str, str], ...] = ()  # (destination, why) of cards that could not be made


def produce(
    cards: Mapping[str, Card | Logo], site_dir: Path, cache_dir: Path, *, workers: int | None = None
) -> Outcome:
    """Write every card to `site_dir/<destination>`: from `cache_dir/<key>.png` when drawn before,
    otherwise drawn (in parallel threads when there are many) and stored in the cache first.
    A card that cannot be drawn is reported, never fatal. Cards drawn ahead are waited for first."""
    ahead = AHEAD.settle()
    cache_dir.mkdir(parents=True, exist_ok=True)
    keys = {dest: card.key() for dest, card in cards.items()}
    unique: dict[str, Card | Logo] = {key: cards[dest] for dest, key in keys.items()}
    missing = {
        key: card for key, card in unique.items() if not (cache_dir / f"{key}.png").is_file()
    }
    errors: dict[str, str] = {}
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    count = workers or min(8, usable or 1)
    items = sorted(missing.items())
    if len(items) >= PROCESSES_FROM and count > 1:
        errors = draw_in_processes(items, cache_dir, count)
    elif len(items) >= PARALLEL_FROM and count > 1:
        with ThreadPoolExecutor(max_workers=count) as pool:
            errors = _merge(pool.map(_make_one, items, [cache_dir] * len(items)))
    else:
        errors = _merge(_make_one(item, cache_dir) for item in items)

    failed = []
    for dest, key in keys.items():
        if key in errors:
            failed.append((dest, errors[key]))
            continue
        target = site_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        _place(cache_dir / f"{key}.png", target)
    drawn_ahead = len(ahead.intersection(unique))
    return Outcome(
        drawn=len(missing) - len(errors) + drawn_ahead,
        cached=len(unique) - len(missing) - drawn_ahead,
        failed=tuple(failed),
    )


def _make_one(item: tuple[str, Card | Logo], cache_dir: Path) -> tuple[str, str] | None:
    """Draw one card into the cache; (key, why) when it cannot be drawn. Module-level and with
    picklable arguments, so a worker process can run it."""
    key, card = item
    try:
        data = card.render()
    except Exception as exc:  # noqa: BLE001 - one odd title must not stop the build
        return key, f"{type(exc).__name__}: {exc}"
    atomic_write(cache_dir / f"{key}.png", data, prefix=".card-")
    return None


def _make_batch(batch: list[tuple[str, Card | Logo]], cache_dir: Path) -> list[tuple[str, str]]:
    return [failure for item in batch if (failure := _make_one(item, cache_dir)) is not None]


def _merge(results: Iterable[tuple[str, str] | None]) -> dict[str, str]:
    return dict(r for r in results if r is not None)


def draw_in_processes(
    items: list[tuple[str, Card | Logo]], cache_dir: Path, count: int
) -> dict[str, str]:
    """Draw many cards in worker processes: Pillow's text drawing holds the GIL, so threads would
    take turns. A build with no other thread running forks its workers (fast, and nothing of the
    calling script runs again); one that runs threads (`mkdocs serve`) takes them from a fork
    server, a clean single-threaded process, as forking a threaded process can deadlock. Each
    worker writes its cards atomically into the cache; the bytes do not depend on which process
    drew them. When no process can be started, the cards are drawn here, in threads."""
    batches = [items[start :: count * 4] for start in range(count * 4)]  # a few batches per worker
    batches = [b for b in batches if b]
    try:
        methods = multiprocessing.get_all_start_methods()
        single = threading.active_count() == 1
        context = multiprocessing.get_context(
            "fork" if single and "fork" in methods else "forkserver"
        )
        with ProcessPoolExecutor(
            max_workers=count, mp_context=context, initializer=keep_freed_memory
        ) as pool:
            return _merge(
                f
                for failures in pool.map(_make_batch, batches, [cache_dir] * len(batches))
                for f in failures
            )
    except (OSError, RuntimeError):  # no processes here (a sandbox, no /dev/shm) or a worker died
        pass
    with ThreadPoolExecutor(max_workers=count) as pool:
        return _merge(pool.map(_make_one, items, [cache_dir] * len(items)))


class Ahead:
    """Cards drawn beside the build: while it renders its pages (one core), the cards planned so
    far are drawn in a forked worker process (the other cores) into the cache, and `produce` at the
    end finds them there. Only a head start: `produce` still decides what goes into the site, and
    draws (and reports) whatever is missing. Nothing starts before `PARALLEL_FROM` cards are
    missing, where no core is idle (other work keeps them busy), nor where forking is unsafe (a
    process that runs threads: `mkdocs serve`)."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._planned: dict[str, Card | Logo] | None = None
        self._seen = 0  # cards of `_planned` looked at already (a dict keeps insertion order)
        self._keys: set[str] = set()  # cards missing from the cache, handed out or waiting
        self._waiting: list[tuple[str, Card | Logo]] = []
        self._cache_dir: Path | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._sent: dict[Future, list[str]] = {}  # the keys of the cards each future draws

    def feed(self, planned: dict[str, Card | Logo], cache_dir: Path) -> None:
        """Look at the cards added to `planned` since the last call; draw the missing ones."""
        if planned is not self._planned or cache_dir != self._cache_dir:
            self.settle()
            self._planned, self._cache_dir = planned, cache_dir
        new = len(planned) - self._seen
        if new <= 0:
            return
        if self._pool is None and threading.active_count() != 1:
            return  # no worker can be forked (`mkdocs serve`): `produce` does it all, once
        self._seen = len(planned)
        for dest in islice(reversed(planned), new):
            card = planned[dest]
            key = card.key()
            if key not in self._keys and not (cache_dir / f"{key}.png").is_file():
                self._keys.add(key)
                self._waiting.append((key, card))
        if len(self._waiting) < PARALLEL_FROM:
            return  # handed out in batches: one message to the worker per few cards
        if self._pool is None:
            self._pool = _forked_pool()
        if self._pool is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            # The first submit forks the workers: with the build's objects frozen, a collection in
            # a worker does not touch (and so copy) every page of memory it shares with the build.
            gc.freeze()
            try:
                future = self._pool.submit(_make_batch, list(self._waiting), cache_dir)
            finally:
                gc.unfreeze()
            self._sent[future] = [key for key, _ in self._waiting]
            self._waiting.clear()

    def settle(self) -> set[str]:
        """Wait for the cards in flight (each lands in the cache, or `produce` tries it again);
        returns the keys of those drawn."""
        drawn: set[str] = set()
        if self._pool is not None:
            # Cards not started yet are left to `produce`, whose workers run at full priority.
            self._pool.shutdown(wait=True, cancel_futures=True)
            for future, keys in self._sent.items():
                with contextlib.suppress(Exception):  # cancelled, or its worker died
                    failed = {key for key, _ in future.result()}
                    drawn.update(key for key in keys if key not in failed)
        self._reset()
        return drawn


def _forked_pool() -> ProcessPoolExecutor | None:
    count = min(usable_cores() - 1, idle_cores())  # the build's own process keeps one core
    if count < 1 or threading.active_count() != 1:
        return None  # no idle core: nothing to overlap; threads: forking is unsafe
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_ahead_worker)
    except (OSError, RuntimeError):
        return None


#: The build's cards drawn ahead (one build at a time per process).
AHEAD = Ahead()


def _ahead_worker() -> None:
    """A worker drawing ahead yields to the build's own process (which every page waits for)."""
    keep_freed_memory()
    with contextlib.suppress(OSError):
        os.nice(NICE)


def keep_freed_memory() -> None:
    """In a process that draws cards: keep the memory freed after one card for the next, instead
    of handing it back to the system and faulting it in again (about 6 ms of system time per card,
    a third of its cost). glibc's malloc only; elsewhere nothing changes."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None)
        libc.mallopt(-1, 512 << 20)  # M_TRIM_THRESHOLD: give back only above 512 MB free
        libc.mallopt(-3, 64 << 20)  # M_MMAP_THRESHOLD: image buffers from the heap, not mmap


def _place(cached: Path, target: Path) -> None:
    """Put a cached card into the site: nothing when the same file is there already, else a hard
    link (no copy: the cache and the site are usually on one disk), else a copy. Cache files are
    only ever replaced, never written in place, so a link in the site cannot change later."""
    try:
        if os.path.samefile(cached, target):
            return
    except OSError:
        pass
    temp = target.with_name(f".{target.name}.tmp")
    temp.unlink(missing_ok=True)
    try:
        try:
            os.link(cached, temp)
        except OSError:  # another file system, or links not allowed: copy
            shutil.copyfile(cached, temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
