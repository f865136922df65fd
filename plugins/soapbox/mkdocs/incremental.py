"""Adapter of the incremental preview and the page cache (`core/incremental.py`) and of the
compiled templates (`core/template_cache.py`) to MkDocs 1.6 and Jinja: `install` (from `on_env`)
routes the page templates of the build's Jinja environment through the session. This module
says what MkDocs' objects (pages, nav, config) amount to as plain values, and which records are
posts. Other plugins' `on_page_context` and `on_post_page` still run for every page."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..core import incremental as core
from ..core import page_cache, plan_views, template_cache
from ..core.content import Post
from ..core.images import Images
from ..core.links import LinkCheck, page_name
from ..core.render_cache import UnstableConfig
from ..core.seo_records import Head, head_json

log = logging.getLogger("mkdocs.plugins.soapbox")


def _ref(value: Any) -> str | None:
    return value.src_uri if isinstance(value, Post) else None


def _link(page: Any) -> Any:
    if page is None:
        return None
    return {"title": page.title, "url": page.url, "src": page.file.src_uri,
            "home": page.is_homepage, "canonical": page.canonical_url}  # fmt: skip


def _parts(value: Any, meta: frozenset[str] = frozenset({"meta"})) -> Any:
    """A page in the nav counts with its front matter only by what a template reads of it."""
    return (f"page:{value.file.src_uri}", meta) if isinstance(value, Page) else None


def _project(value: Any) -> Any:
    """MkDocs' objects as plain values: pages as nav entries (the page being rendered is
    digested whole by `_current`), without `active`, which follows from the current page. The
    SEO head as its JSON text."""
    if isinstance(value, Page):
        return _link(value)
    if isinstance(value, Head):
        return head_json(value)
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
        **_link(page), "meta": page.meta, "content": page.content, "toc": page.toc,
        "edit": page.edit_url, "abs": page.abs_url, "prev": _link(page.previous_page),
        "next": _link(page.next_page), "ancestors": [s.title for s in page.ancestors],
    }  # fmt: skip


class Compiled(BytecodeCache):
    """Jinja's bytecode cache over `core.template_cache.Compiled`: kept across builds."""

    def __init__(self) -> None:
        self.store = template_cache.Compiled()

    def attach(self, env: Any, folder: Path | None) -> None:
        self.store.attach(template_cache.namespace(env), folder)
        env.bytecode_cache = self

    def load_bytecode(self, bucket: Bucket) -> None:
        if (data := self.store.get(bucket.key)) is not None:
            try:
                bucket.bytecode_from_string(data)  # Jinja checks the source's checksum
            except (EOFError, ValueError, TypeError):
                bucket.reset()  # a damaged file: compiled again

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store.put(bucket.key, bucket.bytecode_to_string())


class Incremental(core.Session):
    """Kept page outputs: across the builds of one `mkdocs serve` session (in memory) and, with
    the page cache, across processes (on disk)."""

    def __init__(self) -> None:
        super().__init__(_project, _ref, _current, plan_views.watched_name, _parts)

    def install(
        self, env: Any, config: MkDocsConfig, *, command: str, preview: bool, folder: Path | None
    ) -> None:
        """Route `env`'s page templates through the session: under `mkdocs serve` when
        `preview` (the incremental preview) is on, in other builds when `folder` (the page
        cache's) is given; `folder` also keeps the preview's outputs on disk."""
        serve = command == "serve"
        if (serve and not preview) or (not serve and folder is None):
            self.end()  # `incremental_preview: false` rules out kept pages under serve
            return
        store = None
        try:
            facts = build_facts(config, command)
            store = page_cache.Store(folder) if folder is not None else None
        except UnstableConfig as exc:
            log.info(
                f"page cache off: the configuration holds an object without a stable text ({exc})"
            )
            if not serve:
                self.end()
                return
            facts = [repr(dict(config))]
        # MkDocs renders its sitemap.xml on its own (it lists `pages`), never into a page
        standalone = [name for name in config.theme.static_templates if name.endswith(".xml")]
        self.begin(config.theme.dirs, *facts, store=store, retain=serve, standalone=standalone)
        core.wrap(env, self)

    def finish(self, *, dirty: bool) -> None:
        for n, line in enumerate(self.summary()):
            log.log(logging.INFO if n == 0 else logging.DEBUG, line)
        if self.store is not None and not dirty:  # --dirty skipped pages: their entries stay
            self.store.prune(now=time.time())
        self.end()


def build_facts(config: MkDocsConfig, command: str) -> list[str]:
    """What every page's output depends on besides its context and its templates' text
    (`core.build_facts`), with the config as loaded (`!ENV`, `INHERIT` resolved) and as the
    plugins left it. Raises UnstableConfig when the config holds an object without a stable text."""
    path = config.config_file_path
    config_text = Path(path).read_text(encoding="utf-8") if path else ""
    theme = {**dict(config.theme), "dirs": list(config.theme.dirs)}
    return core.build_facts(command, config_text, config, theme, config.site_url, config.docs_dir)


def finish_page(
    session: Incremental, output: str, page: Page, images: Images, links: LinkCheck, root: str
) -> str:
    """Soapbox's post-page work on `output`, or its kept result (`core.finish_output`)."""
    generated = page.file.generated_by is not None
    name = page_name(root, page.file.src_uri, page.url, generated=generated)
    return core.finish_output(session, output, page.url, name, images, links)
