"""Work shared between the build's process and forked worker processes. Framework-free.

A list of items (pages, in the order the build handles them) is worked on from both ends: the
build's own process (the *parent*) takes items from the front as it reaches them, the workers take
them from the back, one at a time, until the two meet. When the parent reaches an item a worker has
taken, it waits until that worker reports the item done (or dies). A worker's work is only ever a
head start: whatever it leaves behind (a cache entry), the parent checks and, if it is not what it
needs, does the item itself. An item that fails in a worker is therefore done again by the parent,
which reports the error as a build without workers does.

Workers are forked, so they start with everything the parent knows (configuration, file list,
plugins) and nothing has to be pickled. Forking is only safe in a process that runs no other
thread (`can_fork`); elsewhere (`mkdocs serve`) the parent works alone.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import struct
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any

#: What a worker reports for an item: converted, found done already, or failed.
CONVERTED, FOUND, FAILED = 1, 2, 3
_MESSAGE = struct.Struct("<iB")  # item index, outcome
#: How much lower a worker's priority is than the build's. The build's own process is the one
#: every page waits for; on a busy machine its workers take what the other processes leave.
NICE = 10


def usable_cores() -> int:
    """The cores this process may run on (its affinity, where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def idle_cores() -> int:
    """Usable cores the machine's load (the last minute's average) leaves idle: a worker only
    shortens a build when it gets a core the build's own process does not use."""
    try:
        load = os.getloadavg()[0]
    except (OSError, AttributeError):
        load = 0.0
    return max(0, usable_cores() - round(load))


def worker_count(setting: int) -> int:
    """Worker processes beside the parent for the `workers` option: 0 is one per idle core on a
    machine with more than one (none when other work keeps every core busy), 1 is none (the
    parent alone), N is N - 1 (N processes in all, whatever the load)."""
    if setting == 0:
        return idle_cores() if usable_cores() > 1 else 0
    return max(0, setting - 1)


#: The engines whose pages a worker converts (MkDocs 1.6 and its fork build the same plugin).
ENGINES = ("mkdocs", "properdocs")
#: Plugins whose page hooks only change the page and the plugin in memory (a worker's copies).
SAFE_HOOKS = frozenset(
    {
        "soapbox.mkdocs.plugin.SoapboxPlugin",
        "material.plugins.meta.plugin.MetaPlugin",
        "material.plugins.tags.plugin.TagsPlugin",
        "material.plugins.typeset.plugin.TypesetPlugin",
    }
)
#: The page events a worker repeats before `render`.
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown")
AUTO_FROM = 48  # with `workers: 0`, fewer pages left than this are converted by the build alone


def unsafe(engine: str, handlers: Callable[[str], list[str]]) -> str:
    """Why a worker could not repeat what the build does to a page of `engine` before `render`
    ("": it can). `handlers(event)`: the qualified names of what handles a page event."""
    if engine not in ENGINES:
        return f"pages of {engine} are not converted in workers"
    for event in PAGE_EVENTS:
        for name in handlers(event):
            if name not in SAFE_HOOKS:
                return f"{name} handles on_{event}, which a worker cannot repeat safely"
    return ""


def items_ahead(items: list[Any], current: Any, setting: int) -> list[Any]:
    """The items after `current` (by identity) that workers take, or [] when too few are left
    to share (`setting`: the `workers` option; with 0, fewer than AUTO_FROM are not shared)."""
    position = next((n for n, item in enumerate(items) if item is current), None)
    if position is None:
        return []
    rest = items[position + 1 :]
    return rest if len(rest) >= (AUTO_FROM if setting == 0 else 1) else []


def summary(counts: dict[int, int], started: int) -> str:
    """The log line after the workers finished."""
    return (
        f"render workers: {counts[CONVERTED]} pages converted in {started} worker"
        f" processes, {counts[FOUND]} found in the cache, {counts[FAILED]} left to the build"
    )


def can_fork() -> bool:
    """Whether forking is safe here: the system has `fork`, and no other thread runs (a thread
    holding a lock at the moment of the fork leaves that lock held forever in the child)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def silence() -> None:
    """In a worker: nothing it logs or prints reaches the build's output (the parent logs what it
    needs itself). Loggers keep their levels, so what a conversion logs is still recorded by a
    handler added later (the render cache's `LogCapture`)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    loggers = [logging.getLogger()]
    loggers += [
        lg for lg in logging.root.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    for logger in loggers:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    logging.lastResort = None


class Share:
    """`size` items shared between the parent (from the front) and forked workers (from the back).

    `work(index)` runs in a worker for each item it takes and returns CONVERTED or FOUND; an
    exception counts as FAILED. The parent calls `take(index)` before each item: True means the
    item is the parent's to do; False means a worker took it, and `wait(index)` returns once it is
    done (or its worker is gone). `finish()` stops the workers and returns how many items each
    outcome had."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._context = multiprocessing.get_context("fork")
        self._lock = self._context.Lock()
        self._ends = self._context.RawArray("i", [0, size])  # [front, back]
        self._owner = self._context.RawArray("i", size)  # worker number taking each item (0: none)
        self.outcome: dict[int, int] = {}  # item -> what its worker reported
        self._live: dict[Connection, int] = {}  # the parent's end of each worker's pipe
        self._processes: list[Any] = []
        self.number = 0  # in a worker: its number (from 1); 0 in the parent

    # -- the parent ------------------------------------------------------------------------------

    def start(self, count: int, work: Callable[[int], int]) -> int:
        """Fork `count` workers; returns how many started (none where a fork fails)."""
        gc.freeze()  # objects the workers inherit stay untouched by their collector: fewer copies
        try:
            for number in range(1, count + 1):
                receive, send = self._context.Pipe(duplex=False)
                process = self._context.Process(
                    target=self._run, args=(number, send, work), daemon=True
                )
                try:
                    process.start()
                except OSError:
                    receive.close()
                    send.close()
                    break
                send.close()  # the worker holds the only writing end: its exit is an end of file
                self._live[receive] = number
                self._processes.append(process)
        finally:
            gc.unfreeze()
        return len(self._processes)

    def take(self, index: int) -> bool:
        """The parent reaches `index`: True when it is the parent's to do (no worker took it)."""
        with self._lock:
            front, back = self._ends
            if index < back:
                self._ends[0] = max(front, index + 1)
                return True
            return False

    def wait(self, index: int) -> int:
        """Wait until the worker that took `index` reports it (its outcome) or is gone (FAILED)."""
        owner = self._owner[index]
        while index not in self.outcome:
            if owner not in self._live.values():
                return FAILED
            self._read(wait(list(self._live)))
        return self.outcome[index]

    def finish(self) -> dict[int, int]:
        """No item is left to take: read the last reports, let the workers exit, and count."""
        with self._lock:
            self._ends[0] = self.size
        while self._live:
            self._read(wait(list(self._live)))
        for process in self._processes:
            process.join()
        self._processes.clear()
        counts = {CONVERTED: 0, FOUND: 0, FAILED: 0}
        for outcome in self.outcome.values():
            counts[outcome] += 1
        return counts

    def _read(self, ready: list[Any]) -> None:
        for connection in ready:
            try:
                index, outcome = _MESSAGE.unpack(connection.recv_bytes())
            except (EOFError, OSError):  # the worker exited (or died): nothing more comes
                del self._live[connection]
                connection.close()
                continue
            self.outcome[index] = outcome

    # -- a worker ----------------------------------------------------------------------------------

    def _take_back(self) -> int | None:
        with self._lock:
            front, back = self._ends
            if back - 1 < front:
                return None
            self._ends[1] = back - 1
            self._owner[back - 1] = self.number
            return back - 1

    def _run(self, number: int, send: Connection, work: Callable[[int], int]) -> None:
        self.number = number
        for connection in self._live:  # the ends earlier workers' reports go to are the parent's
            connection.close()
        self._live.clear()
        silence()
        with contextlib.suppress(OSError):
            os.nice(NICE)  # the build's own process comes first: the workers use what is left
        while (index := self._take_back()) is not None:
            try:
                outcome = work(index)
            except Exception:  # noqa: BLE001 - the parent does the item again and reports it
                outcome = FAILED
            with contextlib.suppress(OSError):
                send.send_bytes(_MESSAGE.pack(index, outcome))
        send.close()
