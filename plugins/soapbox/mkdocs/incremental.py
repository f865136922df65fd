"""Adapter of the incremental preview (`core/incremental.py`) to MkDocs 1.6.

Under `mkdocs serve` only, `install` (from `on_env`) routes the page templates of the build's
Jinja environment through the session: a page whose context and shown posts are unchanged
since the last build prints its kept output. This module says what MkDocs' objects (pages, nav,
config) amount to as plain values, and which records are posts. Other plugins'
`on_page_context` and `on_post_page` still run for every page.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..core import incremental as core
from ..core.content import Post

log = logging.getLogger("mkdocs.plugins.soapbox")


def _ref(value: Any) -> str | None:
    return value.src_uri if isinstance(value, Post) else None


def _link(page: Any) -> Any:
    if page is None:
        return None
    return {"title": page.title, "url": page.url, "src": page.file.src_uri, "meta": page.meta,
            "home": page.is_homepage, "canonical": page.canonical_url}  # fmt: skip


def _project(value: Any) -> Any:
    """MkDocs' objects as plain values: pages as nav entries (the page being rendered is
    digested whole by `_current`), without `active`, which follows from the current page."""
    if isinstance(value, Page):
        return _link(value)
    if isinstance(value, Section):
        return {"title": value.title, "children": value.children}
    if isinstance(value, Link):
        return {"title": value.title, "url": value.url}
    if isinstance(value, Navigation):
        return {"items": value.items, "home": _link(value.homepage)}
    if isinstance(value, File):
        return (value.src_uri, value.dest_uri, value.url)
    if isinstance(value, TableOfContents):
        return list(value)
    if isinstance(value, AnchorLink):
        return (value.title, value.id, value.level, value.url, value.children)
    if isinstance(value, MkDocsConfig):
        return "the config (its file is part of the build key)"
    return NotImplemented


def _current(page: Any) -> Any:
    if not isinstance(page, Page):
        return None
    return {
        **_link(page), "content": page.content, "toc": page.toc, "edit": page.edit_url,
        "abs": page.abs_url, "prev": _link(page.previous_page), "next": _link(page.next_page),
        "ancestors": [section.title for section in page.ancestors],
    }  # fmt: skip


class Incremental(core.Session):
    """Kept page outputs across the builds of one `mkdocs serve` session."""

    def __init__(self) -> None:
        super().__init__(_project, _ref, _current)

    def install(self, env: Any, config: MkDocsConfig, *, serve: bool) -> None:
        if not serve:
            return
        path = config.config_file_path
        config_text = Path(path).read_text(encoding="utf-8") if path else repr(dict(config))
        self.begin(config.theme.dirs, config_text, str(config.site_url), str(config.docs_dir))
        core.wrap(env, self)

    def finish(self) -> None:
        for n, line in enumerate(self.summary()):
            log.log(logging.INFO if n == 0 else logging.DEBUG, line)
