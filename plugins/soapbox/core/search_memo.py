"""Search entries kept between builds: Material's search plugin parses every page's HTML into
index entries on every build (the largest part of a page's context hook). Those entries depend on
nothing but the page's content, table of contents, URL, title, the three front matter keys the
indexer reads (`title`, `tags`, `search`) and the plugin's setup, so a page whose inputs are what
they were gets the entries its last indexing produced, in-process under `mkdocs serve` and from
disk (under the render cache's folder) in a new build. The adapter (`mkdocs/search.py`) decides
when the plugin is exactly the known one; anything else indexes as the plugin does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .kept import Kept, Shelf
from .render_cache import UnstableConfig, digest, stable_text

#: Bump when what is kept, or how the key is made, changes: old entries are then ignored.
FORMAT = 1

#: (id, url, children) of each table-of-contents item, the only parts the indexer reads.
TocItem = tuple[str, str, tuple["TocItem", ...]]


def toc_items(toc: Sequence[Any]) -> tuple[TocItem, ...]:
    """A page's table of contents (MkDocs' `AnchorLink`s, read by name) as the key needs it."""
    return tuple((item.id, item.url, toc_items(item.children)) for item in toc)


def setup_key(plugin_config: Any, versions: Sequence[str]) -> str | None:
    """The part of every key the whole build shares: the plugin's options and the versions of the
    code that indexes. None when an option has no stable text (then nothing is kept)."""
    try:
        return digest(str(FORMAT), stable_text(plugin_config), *versions)
    except UnstableConfig:
        return None


def page_key(
    setup: str,
    *,
    url: str,
    title: str,
    meta: Any,  # the page's front matter (a mapping)
    content: str,
    toc: tuple[TocItem, ...],
) -> str | None:
    """The key of one page's entries; None when its front matter has no stable text."""
    try:
        read = stable_text([meta.get("title"), meta.get("tags"), meta.get("search")])
    except UnstableConfig:
        return None
    return digest(setup, url, title, read, json.dumps(toc), content)


class EntryMemo:
    """The entries of each page by key: the last build's in-process, every build's on a shelf
    (None: in-process only)."""

    _kept: Kept[str, str] = Kept()  # key -> the entries as JSON, shared by one process's builds

    def __init__(self, shelf: Shelf | None) -> None:
        self.shelf = shelf
        self.hits = 0
        self._kept.new_round()

    def entries(self, key: str) -> list[dict[str, Any]] | None:
        """The entries kept for `key` (fresh objects), None when there are none."""
        text = self._kept.value(key, lambda: self._from_shelf(key))
        if self.shelf is not None:
            self.shelf.keep(key)  # found in memory or not: its file is not pruned
        if not text:
            return None
        try:
            entries = json.loads(text)
        except ValueError:
            return None  # a damaged value is a miss, never an error
        if not isinstance(entries, list):
            return None
        self.hits += 1
        return entries

    def finish(self, *, dirty: bool, now: float) -> str:
        """After a build: old entries no page asked for leave the shelf (not after `--dirty`,
        which skips unchanged pages); returns the log line."""
        if self.shelf is not None and not dirty:
            self.shelf.prune(now=now)
        return f"search index: {self.hits} pages' entries reused"

    def _from_shelf(self, key: str) -> str:
        return (self.shelf.get(key) if self.shelf is not None else None) or ""

    def keep(self, key: str, entries: Sequence[dict[str, Any]]) -> None:
        try:
            text = json.dumps(list(entries))
        except (TypeError, ValueError):
            return  # a value JSON cannot carry (the index writes it with str()): not kept
        self._kept.put(key, text)
        if self.shelf is not None:
            self.shelf.put(key, text)
