"""MkDocs glue for the site search: Material's search plugin indexes a page whose inputs are
unchanged from the entries it made last time (`remember`; `soapbox.core.search_memo`), and after
it wrote `search/search_index.json`, add what it cannot see (talks, appearances, the hire-me page's
talks and showreel, article descriptions) and each article's topics (`soapbox.core.search`)."""

from __future__ import annotations

import platform
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from ..core import search as core
from ..core.kept import Shelf
from ..core.publication import Publication
from ..core.search_memo import EntryMemo, page_key, setup_key, toc_items
from ..core.version import package_version

INDEX = "search/search_index.json"
log = get_plugin_logger(__name__)


def remember(config: MkDocsConfig, shelf: Shelf | None) -> EntryMemo | None:
    """Let Material's search plugin reuse each unchanged page's entries (None when the plugin is
    off, is not exactly Material's, or segments Chinese with jieba: then it indexes alone)."""
    try:
        from material.plugins.search import plugin as material  # type: ignore[import-untyped]
    except ImportError:
        return None
    plugins = [p for p in config.plugins.values() if type(p) is material.SearchPlugin]
    index: Any = getattr(plugins[0], "search_index", None) if len(plugins) == 1 else None
    if type(index) is not material.SearchIndex or material.jieba is not None:
        return None
    indexing = (index.add_entry_from_context, index.create_entry_for_section, material.Parser)
    if any(getattr(part, "__module__", "") != material.__name__ for part in indexing):
        return None  # replaced by someone: its entries may depend on more than the key says
    versions = [f"material={package_version('mkdocs-material')}", platform.python_version()]
    setup = setup_key(dict(plugins[0].config), versions)
    if setup is None:
        return None
    memo = EntryMemo(shelf)
    add = index.add_entry_from_context

    def add_entry_from_context(page: Any) -> None:
        key = page_key(
            setup, url=page.url, title=str(page.title), meta=page.meta,
            content=page.content or "", toc=toc_items(page.toc),
        )  # fmt: skip
        kept = memo.entries(key) if key is not None else None
        if kept is not None:
            index.entries.extend(kept)
            return
        start = len(index.entries)
        add(page)
        if key is not None:
            memo.keep(key, index.entries[start:])

    index.add_entry_from_context = add_entry_from_context
    return memo


def prune(memo: EntryMemo | None, *, dirty: bool) -> None:
    """After a build: old entries no page asked for leave the disk (not after `--dirty`, which
    skips unchanged pages)."""
    if memo is not None:
        log.info(memo.finish(dirty=dirty, now=time.time()))


def write(
    config: MkDocsConfig,
    publication: Publication,
    speaker_view: Any,  # the speaker feature's view (speaker, schedule, page URLs), or None
    topics_of: Mapping[str, Iterable[Any]] | None = None,  # post src_uri -> its Topics
) -> bool:
    """Rewrite the index in `config.site_dir`; False when there is none (search plugin off)."""
    return core.rewrite(Path(config.site_dir) / INDEX, publication, speaker_view, topics_of)
