"""Adapter of the incremental preview (`core/incremental.py`) to MkDocs 1.6 and Jinja.

Under `mkdocs serve` only, `install` (from `on_env`) wraps the build's template environment:
the template MkDocs renders a page with answers `render(context)` from the page's kept output
when the context's fingerprint and the posts the page showed are unchanged, and otherwise
renders as usual while recording which posts the template reads (through the environment's
`getattr`/`getitem`, which every attribute access of a compiled template goes through). Other
plugins' `on_page_context` and `on_post_page` still run for every page.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..core import incremental as core
from ..core.content import Post
from ..core.render_cache import digest

log = logging.getLogger("mkdocs.plugins.soapbox")
TEMPLATE_SUFFIXES = frozenset({".html", ".xml", ".j2", ".jinja", ".jinja2", ".txt"})


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
        return "the config (part of the build key)"
    return NotImplemented


def _current(page: Page) -> dict[str, Any]:
    return {
        **_link(page), "content": page.content, "toc": page.toc, "edit": page.edit_url,
        "abs": page.abs_url, "prev": _link(page.previous_page), "next": _link(page.next_page),
        "ancestors": [section.title for section in page.ancestors],
    }  # fmt: skip


def _template_text(config: MkDocsConfig) -> str:
    """Every template the theme can render, concatenated (icons and assets left out)."""
    parts = []
    for folder in config.theme.dirs:
        for path in sorted(Path(folder).rglob("*")):
            skip = {".icons", "assets"}.intersection(path.relative_to(folder).parts)
            if path.suffix in TEMPLATE_SUFFIXES and not skip and path.is_file():
                parts.append(f"{path}\n{path.read_text(encoding='utf-8', errors='replace')}")
    return "\n".join(parts)


class Incremental:
    """Kept page outputs across the builds of one `mkdocs serve` session."""

    def __init__(self) -> None:
        self.pages = core.Pages()
        self.recorder = core.Recorder(_ref)
        self.hasher: core.Hasher | None = None
        self.build_key = ""
        self.keep_build_date = True

    def install(self, env: Any, config: MkDocsConfig, *, serve: bool) -> None:
        if not serve:
            return
        text = _template_text(config)
        clock = frozenset() if re.search(r"\bnow\b", text) else core.CLOCK_FIELDS
        self.hasher = core.Hasher(_project, _ref, skip_fields=clock)
        self.recorder = core.Recorder(_ref)
        self.keep_build_date = "build_date_utc" in text
        config_text = Path(config.config_file_path or "").read_text(encoding="utf-8")
        self.build_key = digest(text, config_text, str(config.site_url), str(config.docs_dir))
        self.pages.reused = self.pages.rendered = 0
        self.pages.reasons = {}
        _wrap(env, self)

    def fingerprint(self, name: str, context: dict[str, Any]) -> str | None:
        page, hasher = context.get("page"), self.hasher
        if not isinstance(page, Page) or hasher is None:
            return None
        rest = {k: v for k, v in context.items() if k != "page"}
        if not self.keep_build_date:
            rest.pop("build_date_utc", None)
        try:
            return digest(self.build_key, name, hasher.digest(rest), hasher.digest(_current(page)))
        except core.Unhashable as exc:
            self.pages.reasons[str(exc)] = self.pages.reasons.get(str(exc), 0) + 1
            return None

    def render(self, template: Any, context: dict[str, Any]) -> str:
        fingerprint = self.fingerprint(template.name, context)
        hasher = self.hasher
        if fingerprint is None or hasher is None:
            return template.render(context)
        key = f"{template.name}\0{context['page'].file.src_uri}"
        kept = self.pages.lookup(key, fingerprint, hasher)
        if kept is not None:
            self.pages.reused += 1
            return kept
        with self.recorder.recording() as shown:
            output = template.render(context)
        self.pages.rendered += 1
        self.pages.keep(key, fingerprint, shown, output, hasher)
        return output

    def finish(self) -> None:
        if self.hasher is None:
            return
        log.info(
            f"incremental preview: {self.pages.reused} pages kept,"
            f" {self.pages.rendered} rendered again"
        )
        for reason, count in sorted(self.pages.reasons.items()):
            log.debug(f"incremental preview: {count} pages not kept: {reason}")


class _KeptTemplate:
    def __init__(self, template: Any, state: Incremental) -> None:
        self._template, self._state = template, state

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self._state.render(self._template, dict(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def _wrap(env: Any, state: Incremental) -> None:
    """The page template MkDocs asks for (one argument, while a page is built) renders through
    `state`; Jinja's own lookups (`extends`, `include`: with a parent) are left alone."""
    get_template, getattr_, getitem = env.get_template, env.getattr, env.getitem
    note = state.recorder.note

    def page_template(name: Any, parent: Any = None, globals: Any = None) -> Any:
        template = get_template(name, parent, globals)
        return (
            template
            if parent is not None or globals is not None
            else _KeptTemplate(template, state)
        )

    def read_attr(obj: Any, attribute: str) -> Any:
        value = getattr_(obj, attribute)
        note(obj)
        note(value)
        return value

    def read_item(obj: Any, argument: Any) -> Any:
        value = getitem(obj, argument)
        note(obj)
        note(value)
        return value

    env.get_template, env.getattr, env.getitem = page_template, read_attr, read_item
