"""Social cards into the site: each card is drawn once (`cards_draw`) into a cache folder named by
its content hash, so an unchanged page costs one `stat` and one hard link; many new cards are
drawn in worker threads or processes. Framework-free: no MkDocs.

The drawing lives in `cards_draw` (layout), `cards_text` (fonts, fitting) and `cards_colors`;
the names a caller needs are re-exported here.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
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
    A card that cannot be drawn is reported, never fatal."""
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
    return Outcome(
        drawn=len(missing) - len(errors), cached=len(unique) - len(missing), failed=tuple(failed)
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
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            return _merge(
                f
                for failures in pool.map(_make_batch, batches, [cache_dir] * len(batches))
                for f in failures
            )
    except (OSError, RuntimeError):  # no processes here (a sandbox, no /dev/shm) or a worker died
        pass
    with ThreadPoolExecutor(max_workers=count) as pool:
        return _merge(pool.map(_make_one, items, [cache_dir] * len(items)))


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
