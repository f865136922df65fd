"""Adapter of the render cache (`core/render_cache.py`) to MkDocs 1.6's `Page.render`.

`use(page, ...)` (from `on_pre_page`) gives one page object its own `render`, which looks the
page's final Markdown up in the cache (after every plugin's `on_page_markdown`, since MkDocs calls
`render` after them) and either restores what `Page.render` sets (`content`, `toc`, the title
from the first heading, `present_anchor_ids`, `links_to_anchors`) and replays the log lines the
conversion wrote (so `--strict` counts the same warnings), or calls MkDocs' own `render` with a
file list that records every lookup, and stores the result. The instance attribute is removed
again as soon as the page is rendered: nothing global is patched.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..core import render_cache as core
from ..core.workers import CONVERTED

ENGINES = ("mkdocs", "properdocs")  # MkDocs 1.6 and its fork build the same plugin


class Ahead(Protocol):
    """What converts pages ahead of the build (`mkdocs/workers.py`), as the cache calls it."""

    def setup(self, setting: int) -> None: ...
    def before(self, page: Page) -> int | None: ...
    def start(self, page: Page, config: MkDocsConfig, files: Files, store: Any) -> None: ...


class RenderCache:
    """Per build: the part of the key every page shares, and the store (None: cache off)."""

    def __init__(self, workers: Ahead) -> None:
        self.store: core.Store | None = None
        self.build_key = ""
        self.off_reason = ""
        self.workers = workers

    def setup(
        self,
        config: MkDocsConfig,
        folder: Path,
        *,
        enabled: bool,
        workers: int = 1,
        retain: bool = False,
    ) -> None:
        """`workers`: the `performance.workers` option (0: one worker process per core, 1: none),
        which converts pages the cache misses in forked processes. `retain` (`mkdocs serve`):
        the entries this build uses stay in memory for the next build."""
        recent = self.store.now if self.store is not None and retain else None
        self.store, self.build_key, self.off_reason = None, "", ""
        self.workers.setup(workers)
        if not enabled:
            self.off_reason = "performance.render_cache is off"
            return
        extensions = config.markdown_extensions
        self.off_reason = core.off_reason(extensions)
        if self.off_reason:
            return
        validation = config.validation.links
        try:
            self.build_key = core.build_key(
                extensions,
                config.mdx_configs,
                [
                    int(validation.not_found),
                    int(validation.absolute_links),
                    int(validation.unrecognized_links),
                    bool(config.use_directory_urls),
                    *(
                        logging.getLogger(f"{engine}.structure.pages").getEffectiveLevel()
                        for engine in ENGINES
                    ),
                ],
            )
        except core.UnstableConfig as exc:
            self.off_reason = (
                f"the Markdown configuration holds an object without a stable text ({exc})"
            )
            return
        self.store = core.Store(folder, (recent or {}) if retain else None)

    def use(self, page: Page) -> None:
        """Route this page's next `render` through the cache."""
        if self.store is None:
            return
        original = page.render  # the bound method of the class

        def render(config: MkDocsConfig, files: Files) -> None:
            del page.render  # back to the class's method: one call only
            self._render(page, original, config, files)

        page.render = render  # type: ignore[method-assign]

    def _render(
        self,
        page: Page,
        original: Callable[[MkDocsConfig, Files], None],
        config: MkDocsConfig,
        files: Files,
    ) -> None:
        store = self.store
        assert store is not None and page.markdown is not None
        file = page.file
        key = core.digest(
            self.build_key,
            _engine(page),
            file.src_uri,
            file.url,
            str(file.inclusion.is_excluded()),
            page.markdown,
        )
        by_worker = self.workers.before(page)  # a worker's page: wait until it is in the store
        rendered, find = store.get(key), _finder(files)
        if rendered is not None and core.lookups_hold(rendered.lookups, lambda p: _found(find(p))):
            if by_worker == CONVERTED:
                store.misses += 1  # converted in this build, by a worker
            else:
                store.hits += 1
            _restore(page, rendered, find)
            return
        store.misses += 1
        self.workers.start(page, config, files, store)  # the first miss: start the workers
        recorder = core.RecordingFiles(files, _found)
        with core.LogCapture(_engine(page)) as logs:
            original(config, cast(Files, recorder))
        store.put(key, core.record(page, recorder.lookups, logs.lines))


def _engine(page: Page) -> str:
    """The package whose `Page` this is: its logger is where the page's warnings go (MkDocs'
    and ProperDocs' loggers do not propagate to the root logger)."""
    return type(page).__module__.partition(".")[0]


def _found(file: File | None) -> core.Found:
    if file is None:
        return None
    return (file.src_uri, file.url, file.inclusion.is_excluded())


def _finder(files: Files) -> Callable[[str], File | None]:
    """`files.get_file_from_path`, without working out the same path's normal form again."""
    if type(files) is not Files:  # another engine's, or a subclass: its own lookup
        return files.get_file_from_path
    return lambda path: files.src_uris.get(core.posix_path(path))


def _restore(page: Page, rendered: core.Rendered, find: Callable[[str], File | None]) -> None:
    """Set what `Page.render` sets, as it sets it, and replay its log lines."""
    for line in rendered.logs:
        logging.getLogger(line.logger).log(line.level, line.message)
    page.content = rendered.html
    get_toc = importlib.import_module(f"{_engine(page)}.structure.toc").get_toc
    page.toc = get_toc([core.toc_token(entry) for entry in rendered.toc])
    page._title_from_render = rendered.title
    page.present_anchor_ids = set(rendered.anchors)
    if rendered.has_links:
        links: dict[File, dict[str, str]] = {}
        for src_uri, anchor, written in rendered.links_to_anchors:
            target = find(src_uri)
            if target is not None:
                links.setdefault(target, {})[anchor] = written
        page.links_to_anchors = links
