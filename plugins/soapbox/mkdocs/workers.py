"""Markdown of pages the render cache does not have, converted in forked worker processes.

At the first page the render cache misses, the build forks workers (`core/workers.py`). Each takes
pages from the back of the list MkDocs is working through and does to a page what MkDocs'
`_populate_page` does before `on_page_content`: every plugin's `on_pre_page`, `read_source`, every
plugin's `on_page_markdown`, `render`. Soapbox's `on_pre_page` routes that `render` through the
render cache, so the worker looks the page up with exactly the key the build will compute, and on
a miss converts the page and stores it. When the build reaches a page a worker took, it waits
for it and then renders it as usual: the render cache finds the worker's entry (its warnings are
replayed from it, as from any entry), and if the key the build computes is not the worker's
(another plugin's Markdown differed), it is a miss and the build converts the page itself. A
page that fails in a worker is converted again by the build, which reports the error as always.

Workers stay off where they could not repeat a page's Markdown safely: a plugin outside a known
list handles `on_pre_page`, `on_page_read_source` or `on_page_markdown` (it could write files or
count calls), the engine is not MkDocs or ProperDocs, the render cache is off, the build runs
threads (`mkdocs serve`), or `performance.workers` is 1.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core import cards
from ..core import render_cache as cache_core
from ..core import workers as core

log = get_plugin_logger(__name__)


class MarkdownWorkers:
    """Per build: the workers started at the first miss, and which page each index is."""

    def __init__(self) -> None:
        self.setup(1)

    def setup(self, setting: int) -> None:
        self.setting = setting
        self.share: core.Share | None = None
        self.tried = False  # the first miss decided whether workers run
        self.in_worker = False
        self.started = 0  # worker processes forked
        self.index: dict[str, int] = {}
        self.pages: list[Any] = []  # the files after the first miss, in the build's order
        self.work: tuple[MkDocsConfig, Files, cache_core.Store, type] | None = None

    def before(self, page: Page) -> int | None:
        """The build is about to look `page` up: wait if a worker took it. Returns the worker's
        outcome (core.CONVERTED, FOUND, FAILED), or None when the build does the page."""
        if self.share is None or self.in_worker:
            return None
        index = self.index.get(page.file.src_uri)
        if index is None:
            return None
        outcome = None if self.share.take(index) else self.share.wait(index)
        if index == self.share.size - 1:
            self._finish()
        return outcome

    def start(self, page: Page, config: MkDocsConfig, files: Files, store: Any) -> None:
        """At the first miss of the build: fork workers for the pages after `page`."""
        if self.tried or self.in_worker:
            return
        self.tried = True
        count = core.worker_count(self.setting)
        if count == 0:
            return
        reason = _unsafe(page, config)
        if reason:
            log.info(f"render workers off: {reason}")
            return
        if not core.can_fork():
            log.debug("render workers off: this process runs threads, so it cannot fork")
            return
        rest = core.items_ahead(list(files.documentation_pages()), page.file, self.setting)
        if not rest:
            return
        self.pages = rest
        self.index = {file.src_uri: n for n, file in enumerate(rest)}
        self.work = (config, files, store, type(page))
        share = core.Share(len(rest))
        self.started = share.start(count, self._convert)
        if self.started:
            self.share = share

    def _finish(self) -> None:
        assert self.share is not None
        counts = self.share.finish()
        log.info(core.summary(counts, self.started))
        self.share = None

    def _convert(self, index: int) -> int:
        """In a worker: what `_populate_page` does to a page up to `render` (render goes through
        the render cache, which stores what it converts)."""
        self.in_worker = True
        assert self.work is not None
        config, files, store, page_class = self.work
        file = self.pages[index]
        page = file.page if file.page is not None else page_class(None, file, config)
        misses = store.misses
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=files
            )
            page.render(config, files)
        finally:
            config._current_page = None
        return core.CONVERTED if store.misses > misses else core.FOUND


def _unsafe(page: Page, config: MkDocsConfig) -> str:
    """Why a worker could not repeat what the build does to a page before `render` ("": it can)."""
    return core.unsafe(
        type(page).__module__.partition(".")[0],
        lambda event: [_name(method) for method in config.plugins.events.get(event, ())],
    )


def _name(method: Any) -> str:
    owner = getattr(method, "__self__", None)
    kind = type(owner) if owner is not None else method
    return f"{kind.__module__}.{kind.__qualname__}"


def cards_ahead(seo: Any, setting: int) -> None:
    """Hand the social cards the pages rendered so far planned to `cards.AHEAD`, which draws the
    missing ones in a worker process while the build renders the rest (`on_post_page`), unless
    `performance.workers` (`setting`) is 1."""
    if setting != 1 and seo.enabled and seo.cards_enabled and seo.cache_dir is not None:
        cards.AHEAD.feed(seo.cards, seo.cache_dir)
