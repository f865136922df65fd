"""MkDocs glue for SEO and sharing: MkDocs' configuration, files and pages become the plain data
of `soapbox.core.seo_plan` (which decides everything), and its results go back to MkDocs: each
page's head, the social cards, `sitemap.xml` and `robots.txt` in the site folder, log lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core import cards, seo_plan
from ..core import seo as core
from ..core.content import ContentSettings, ContentType
from ..core.publication import Publication
from ..core.seo_pages import PageRef
from ..core.seo_site import SiteFacts, palette_theme
from ..core.settings import SeoOptions
from .context import site_context

log = get_plugin_logger(__name__)

Seo = seo_plan.SeoPlan  # the plugin keeps one per build
not_found_head = seo_plan.not_found_head


def plan(
    options: SeoOptions,
    publication: Publication,
    generated: Mapping[str, Any],
    files: Files,
    config: MkDocsConfig,
    *,
    settings: ContentSettings,
    is_serve: bool,
    speaking: Any = None,
) -> Seo:
    theme = palette_theme(str(config.theme.get("logo") or ""), config.theme.get("palette"))
    facts = SiteFacts(
        config.site_description or "", config.site_author or "", Path(config.docs_dir), theme
    )
    build = seo_plan.BuildFacts(
        is_serve=is_serve,
        own_robots_txt=files.get_file_from_path("robots.txt") is not None,
        config_dir=Path(config.config_file_path or "mkdocs.yml").parent,
    )
    return seo_plan.plan(
        options, publication, generated, site_context(config), facts, build,
        settings=settings, speaking=speaking,
    )  # fmt: skip


def page_head(
    seo: Seo, page: Page, view: Mapping[str, Any], *, publication: Publication,
    settings: ContentSettings, types: Mapping[str, ContentType], config: MkDocsConfig,
    speaking: Any = None, topics_title: str = "Topics",
) -> core.Head | None:  # fmt: skip
    """The head of one page; also plans its social card and its sitemap entry."""
    where = PageRef(page.file.src_uri, page.url, page.title or "")
    inputs = seo_plan.PageInputs(
        publication, settings, types, Path(config.docs_dir), speaking, topics_title
    )
    return seo_plan.page_head(seo, where, view, inputs)


def write(seo: Seo, config: MkDocsConfig, *, now: datetime | None = None) -> None:
    """Social cards, the sitemap (and its .gz) and robots.txt into the site folder."""
    if not seo.enabled:
        return
    site_dir = Path(config.site_dir)
    wanted = seo.wanted_cards()
    if wanted and seo.cache_dir is not None:
        outcome = cards.produce(wanted, site_dir, seo.cache_dir)
        summary, warnings = seo_plan.card_messages(outcome, seo.cache_dir)
        log.info(summary)
        for warning in warnings:
            log.warning(warning)
    # MkDocs wrote a sitemap when the theme has the template: Soapbox's replaces it.
    has_sitemap = (site_dir / "sitemap.xml").is_file()
    for name, data in seo_plan.site_files(seo, has_sitemap=has_sitemap, now=now).items():
        (site_dir / name).write_bytes(data)
