"""The plugin's `on_files` work: `plan` reads the posts through MkDocs' files and asks the core
for the whole site plan (`core.plan_site`); `apply` maps that plan onto MkDocs' `Files`. `soapbox
check` calls `plan` too, so it reports exactly what a build would. Also the one place that says
the river's log lines (once per `mkdocs serve` session) and writes files after the build."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.content import ContentType
from ..core.plan import page_markdown, read_posts
from ..core.plan_site import SitePlan, Sources, plan_site
from ..core.plan_views import site_nav
from ..core.problems import Problem, Severity
from ..core.publication import Publication, publish
from . import samples as samples_feature
from . import seo as seo_feature
from .context import site_context

log = get_plugin_logger(__name__)
PACKAGE = Path(__file__).resolve().parents[1]
_SAID_IN_SERVE: set[str] = set()  # what this `mkdocs serve` session has already logged


def plan(
    plugin: Any, files: Files, config: MkDocsConfig, *, now: datetime, preview: bool
) -> tuple[Publication, list[Problem]]:
    """Read and validate every post and plan every page the build generates, without changing
    `files`; the plan is stored on `plugin` (the SoapboxPlugin, whose state this fills)."""
    settings = plugin.settings
    posts, problems = _read_posts(plugin, files)
    publication = publish(posts, now, preview=preview, types=settings.types)
    site = plugin.plan_of = plan_site(
        plugin.config, settings, site_context(config), publication, _sources(files),
        now=now, command=plugin.command, is_serve=plugin.is_serve,
        config_file=str(Path(config.config_file_path or "mkdocs.yml").resolve()),
        site_author=config.site_author or "", site_description=config.site_description or "",
        provisional=plugin.provisional,
    )  # fmt: skip
    plugin.generated, plugin.redirects = site.pages, site.redirects
    plugin.topics, plugin.feeds = site.topics, site.feeds
    plugin.speaking, plugin.aggregator = site.speaking, site.river
    problems += site.problems + _said_once(site, plugin.command)
    problems += samples_feature.problems(
        plugin.config, site.speaking, site_url=config.site_url, config_file=plugin.config_file,
        display_root=settings.display_root, docs_dir=config.docs_dir,
    )  # fmt: skip
    # Last: SEO reads every generated page (titles for the duplicate check).
    plugin.seo = seo_feature.plan(
        plugin.config.seo, publication, site.pages, files, config, settings=settings,
        is_serve=plugin.is_serve, speaking=site.speaking,
    )  # fmt: skip
    return publication, problems + plugin.seo.problems


def _sources(files: Files) -> Sources:
    def read(src_uri: str) -> str:
        file = files.get_file_from_path(src_uri)
        return file.content_string if file is not None else ""

    def image(src_uri: str) -> tuple[str, int] | None:
        file = files.get_file_from_path(src_uri)
        if file is None or file.abs_src_path is None:
            return None
        return file.url, os.path.getsize(file.abs_src_path)

    static = tuple(
        (f.dest_uri, f.src_uri)
        for f in files
        if f.generated_by is None and not f.is_documentation_page()
    )
    return Sources(frozenset(f.src_uri for f in files), read, image, static)


def _said_once(site: SitePlan, command: str) -> list[Problem]:
    """Log the river's lines; its problems (errors always, the rest once per serve session)."""
    for line in site.river.log:
        if _first_time(line, command):
            log.info(line)
    return [
        p
        for p in site.river.problems
        if p.severity is Severity.ERROR or _first_time(str(p), command)
    ]


def _first_time(message: str, command: str) -> bool:
    """Under `mkdocs serve`, True once per message per session (every rebuild reads the same
    snapshot); always True for other commands."""
    if command != "serve":
        return True
    if message in _SAID_IN_SERVE:
        return False
    _SAID_IN_SERVE.add(message)
    return True


def _read_posts(plugin: Any, files: Files) -> tuple[list, list[Problem]]:
    known = frozenset(f.src_uri for f in files)
    plugin.provisional = []
    sources = [
        (file.src_uri, _reader(file))
        for file in files.documentation_pages()
        if file.generated_by is None
    ]
    return read_posts(sources, plugin.settings, known, plugin.provisional)


def _reader(file: File) -> Callable[[], str]:
    return lambda: file.content_string


def apply(
    site: SitePlan, options: Any, types: Sequence[ContentType], files: Files, config: MkDocsConfig
) -> None:
    """Put the plan into MkDocs' file list: exclusions, permalinks, generated pages, assets."""
    publication = site.publication
    for src_uri in publication.excluded:
        _file(files, src_uri).inclusion = InclusionLevel.EXCLUDED
    for src_uri in publication.previews:
        _file(files, src_uri).inclusion = InclusionLevel.DRAFT
    for post in publication.posts.values():
        set_url(_file(files, post.src_uri), post.url, config)
    for src_uri, page in site.pages.items():
        files.append(File.generated(config, src_uri, content=page_markdown(page)))
    for dest, name in site.assets.items():
        files.append(File.generated(config, dest, abs_src_path=str(PACKAGE / "assets" / name)))
    for dest, content in site.files.items():
        files.append(File.generated(config, dest, content=content))
    if config.nav is None:
        config.nav = site_nav(
            publication, types, site.pages,
            topics_title=options.topics.title, feeds_title=options.feeds.title,
            river_title=options.aggregator.title,
        )  # fmt: skip
    # Articles live in listings, not in the navigation: listing thousands of them as "not
    # included in the nav" on every build says nothing. An explicit setting is respected.
    if config.validation.nav.omitted_files == logging.INFO:
        config.validation.nav.omitted_files = logging.DEBUG


def write(site_dir: str, files: Mapping[str, str | bytes]) -> None:
    """Files made after the pages were rendered (the feeds), into the built site."""
    for path, content in files.items():
        target = Path(site_dir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def set_url(file: File, url: str, config: MkDocsConfig) -> None:
    """Move a post to its permalink (`url` is site-relative with a trailing slash, "" for home)."""
    file.dest_uri = f"{url}index.html"
    file.url = (url or "./") if config.use_directory_urls else f"{url}index.html"
    file.__dict__.pop("abs_dest_path", None)  # cached from the old dest_uri if anyone asked


def _file(files: Files, src_uri: str) -> File:
    """The file the publication was read from (it is in `files` by construction)."""
    file = files.get_file_from_path(src_uri)
    assert file is not None, src_uri
    return file
