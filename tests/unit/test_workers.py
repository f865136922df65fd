"""The build's process and forked workers share a list of items from both ends: each item is done
once, a worker's failure or death hands its item back to the build, and nothing hangs."""

from __future__ import annotations

import multiprocessing
import os

from soapbox.core import workers


def test_worker_count_follows_the_option_and_the_idle_cores(monkeypatch):
    monkeypatch.setattr(workers, "usable_cores", lambda: 2)
    load = [0.2]
    monkeypatch.setattr(workers.os, "getloadavg", lambda: (load[0], 0.0, 0.0))
    assert workers.worker_count(1) == 0  # the build's own process alone
    assert workers.worker_count(2) == 1  # a number is a number, whatever the load
    assert workers.worker_count(5) == 4
    assert workers.worker_count(0) == 2  # a quiet machine: one worker per core
    load[0] = 1.2
    assert workers.worker_count(0) == 1  # one core busy elsewhere
    load[0] = 3.5
    assert workers.worker_count(0) == 0 and workers.worker_count(3) == 2  # no idle core
    monkeypatch.setattr(workers, "usable_cores", lambda: 1)
    load[0] = 0.0
    assert workers.worker_count(0) == 0  # one core: nothing to share


def test_the_build_and_the_workers_take_each_item_once(tmp_path):
    size = 60
    share = workers.Share(size)
    # Set when a worker took the second-last item: workers take from the back, so by then the
    # last two items are the workers' whatever the machine's load (the build does nothing per
    # item here and would otherwise race through to them first).
    dying = multiprocessing.get_context("fork").Event()

    def work(index: int) -> int:  # runs in a worker: leaves a mark the test can see
        (tmp_path / str(index)).write_text(str(os.getpid()), encoding="utf-8")
        if index == size - 1:
            raise ValueError("this item fails in its worker")
        if index == size - 2:
            dying.set()
            os._exit(3)  # a worker that dies with its item
        return workers.CONVERTED

    assert share.start(2, work) == 2
    assert dying.wait(60)
    mine, theirs = [], {}
    for index in range(size):
        if share.take(index):
            mine.append(index)
        else:
            theirs[index] = share.wait(index)
    counts = share.finish()

    assert sorted(mine + list(theirs)) == list(range(size))  # each item once
    assert mine == list(range(len(mine)))  # the build's from the front, the workers' behind
    assert theirs[size - 1] == workers.FAILED  # raised: the build does it again
    assert theirs[size - 2] == workers.FAILED  # its worker died: the build does it again
    assert set(theirs) == {int(p.name) for p in tmp_path.iterdir()}
    assert counts[workers.CONVERTED] == len(theirs) - 2
    assert counts[workers.FAILED] == 1  # the dead worker never reported its item


def test_hooks_outside_the_known_plugins_keep_the_workers_off():
    known = "material.plugins.meta.plugin.MetaPlugin"
    assert workers.unsafe("mkdocs", lambda event: [known]) == ""
    assert workers.unsafe("zensical", lambda event: []) == (
        "pages of zensical are not converted in workers"
    )
    handlers = {"page_markdown": [known, "my.Hook"]}
    assert workers.unsafe("properdocs", lambda event: handlers.get(event, [])) == (
        "my.Hook handles on_page_markdown, which a worker cannot repeat safely"
    )


def test_the_items_after_the_current_one_are_shared_when_enough_are_left():
    items = [object() for _ in range(workers.AUTO_FROM + 2)]
    assert workers.items_ahead(items, items[0], 0) == items[1:]
    assert workers.items_ahead(items, items[2], 0) == []  # fewer than AUTO_FROM left
    assert workers.items_ahead(items, items[-2], 2) == items[-1:]
    assert workers.items_ahead(items, items[-1], 2) == []  # none left
    assert workers.items_ahead(items, object(), 2) == []  # not in the list


def test_the_summary_counts_each_outcome():
    counts = {workers.CONVERTED: 5, workers.FOUND: 2, workers.FAILED: 1}
    assert workers.summary(counts, 3) == (
        "render workers: 5 pages converted in 3 worker processes, 2 found in the cache,"
        " 1 left to the build"
    )
