"""The plugin's `on_files` work: `plan` reads the posts through MkDocs' files and asks the core
for the whole site plan (`core.plan_site`); `apply` maps that plan onto MkDocs' `Files`. `soapbox
check` calls `plan` too, so it reports exactly what a build would. Also the one place that says
the river's log lines (once per `mkdocs serve` session) and writes files after the build."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.content import ContentType
from ..core.errorpage import error_page
from ..core.files import write_files
from ..core.kept import Shelf, keep_across_builds
from ..core.plan import page_markdown, read_posts, said_once, summary_lines, url_of
from ..core.plan_feed_files import feed_files
from ..core.plan_site import STYLESHEET, SitePlan, Sources, plan_site
from ..core.plan_views import error_urls, site_nav
from ..core.problems import ContentError, Problem, Severity
from ..core.publication import Publication, publish
from ..core.redirects import clash_message, write_redirects
from ..core.samples import configured_sample_values
from . import links as links_feature
from . import reach as reach_feature
from . import search as search_feature
from . import seo as seo_feature
from .context import shelf, site_context

log = get_plugin_logger(__name__)
PACKAGE = Path(__file__).resolve().parents[1]
_SAID_IN_SERVE: set[str] = set()  # what this `mkdocs serve` session has already logged


def plan(
    plugin: Any, files: Files, config: MkDocsConfig, *, now: datetime, preview: bool
) -> tuple[Publication, list[Problem]]:
    """Read and validate every post and plan every page the build generates, without changing
    `files`; the plan is stored on `plugin` (the SoapboxPlugin, whose state this fills)."""
    settings = plugin.settings
    keep_across_builds(plugin.is_serve)  # another build follows in this process only then
    posts, problems = _read_posts(plugin, files)
    publication = publish(posts, now, preview=preview, types=settings.types)
    site = plugin.plan_of = plan_site(
        plugin.config, settings, site_context(config), publication, _sources(files),
        now=now, command=plugin.command, is_serve=plugin.is_serve,
        config_file=str(Path(config.config_file_path or "mkdocs.yml").resolve()),
        site_author=config.site_author or "", site_description=config.site_description or "",
        provisional=plugin.provisional, shelf=partial(shelf, plugin),
    )  # fmt: skip
    plugin.generated = site.pages
    plugin.topics, plugin.feeds = site.topics, site.feeds
    plugin.speaking, plugin.aggregator = site.speaking, site.river
    problems += site.problems + _said_once(site, plugin.command)
    problems += configured_sample_values(
        plugin.config, site.speaking, site_url=config.site_url, config_file=plugin.config_file,
        display_root=settings.display_root, docs_dir=config.docs_dir,
    )  # fmt: skip
    # Last: SEO reads every generated page (titles for the duplicate check).
    plugin.seo = seo_feature.plan(
        plugin.config.seo, publication, site.pages, files, config, settings=settings,
        is_serve=plugin.is_serve, speaking=site.speaking,
    )  # fmt: skip
    return publication, problems + plugin.seo.problems


def configure(config: MkDocsConfig, engagement_script: str) -> None:
    """Our templates sit between the author's custom_dir (which wins) and Material's; the
    stylesheet and the engagement script on every page (speaker.css is linked by the speaker
    templates only: no render-blocking CSS elsewhere)."""
    if config.theme.name != "material":
        raise PluginError(
            f"soapbox: theme '{config.theme.name}' is not supported; set 'theme: name: "
            "material' in mkdocs.yml (Soapbox's templates extend mkdocs-material)"
        )
    config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE / "templates"))
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if engagement_script not in [str(script) for script in config.extra_javascript]:
        script = ExtraScriptValue(engagement_script)
        script.defer = True  # runs once the page is parsed: never delays the first paint
        config.extra_javascript.append(script)


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
    """Log the river's lines and return its problems: errors always; under `mkdocs serve` the
    rest once per session (every rebuild reads the same snapshot)."""

    lines, problems = said_once(
        site.river.log, site.river.problems, serve=command == "serve", said=_SAID_IN_SERVE
    )
    for line in lines:
        log.info(line)
    return problems


def _read_posts(plugin: Any, files: Files) -> tuple[list, list[Problem]]:
    known = frozenset(f.src_uri for f in files)
    plugin.provisional = []
    pages = [file for file in files.documentation_pages() if file.generated_by is None]
    sources = [(file.src_uri, lambda file=file: file.content_string) for file in pages]
    return read_posts(sources, plugin.settings, known, plugin.provisional)


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


def settle(plugin: Any, files: Files, config: MkDocsConfig, *, now: datetime) -> None:
    """Once the plan is applied: which configured links the pages may print (and their check),
    the addresses left out of the build (links to them are unlinked), reach, the log's summary."""
    publication = plugin.publication
    known = {p.url for p in publication.posts.values()} | set(map(url_of, plugin.generated))
    plugin.show_hire_me, plugin.links = links_feature.plan(plugin.config, known)
    excluded = files.documentation_pages(inclusion=lambda lvl: lvl is InclusionLevel.EXCLUDED)
    plugin.unpublished_urls = frozenset(file.url for file in excluded)
    plugin.reach = reach_feature.plan(
        plugin.config, config, files, publication, plugin.topics.pages,
        show_hire_me=plugin.show_hire_me, command=plugin.command, now=now,
    )  # fmt: skip
    for line in summary_lines(publication, plugin.settings.display_root):
        log.info(line)
    plugin.search_memo = search_feature.remember(config, shelf(plugin, "search"))


def report(problems: list[Problem], *, serve: bool) -> list[Problem]:
    """Log the warnings; stop the build on errors, except under `mkdocs serve`, whose live
    preview shows them in the browser instead of the old pages (returned)."""
    for problem in problems:
        if problem.severity is Severity.WARNING:
            log.warning(str(problem))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors and not serve:
        raise PluginError(str(ContentError(errors)))
    if errors:
        log.error(str(ContentError(errors)))
    return errors


def finish(plugin: Any, config: MkDocsConfig) -> None:
    """After the build: the search index's additions, the feeds, SEO and reach files, the
    redirects and, under `mkdocs serve`, the errors at the addresses of the files that have them."""
    publication, root = plugin.publication, plugin.settings.display_root
    if publication is not None:
        topics_of = plugin.topics.view.of_post if plugin.topics.view is not None else None
        search_feature.write(config, publication, plugin.speaking.view, topics_of)
    _write_feeds(plugin, config, shelf(plugin, "feeds"))
    seo_feature.write(plugin.seo, config, now=publication.now if publication else None)
    own = Path(config.docs_dir) / "_redirects"  # the author's own, kept above ours
    clashes = write_redirects(
        config.site_dir, plugin.plan_of.redirects, config.site_url or "",
        use_directory_urls=config.use_directory_urls,
        existing=own.read_text(encoding="utf-8") if own.is_file() else "",
    )  # fmt: skip
    for clash in clashes:
        log.warning(clash_message(clash, root))
    reach_feature.write(plugin.reach, config.site_dir)  # after robots.txt
    search_feature.prune(getattr(plugin, "search_memo", None), dirty=plugin.dirty)
    if plugin.serve_problems:
        page = error_page(plugin.serve_problems)
        urls = error_urls(plugin.serve_problems, plugin.provisional, plugin.last_urls, root)
        write_files(config.site_dir, {f"{url}index.html": page for url in urls}, keep=True)


def _write_feeds(plugin: Any, config: MkDocsConfig, kept: Shelf | None) -> None:
    write_files(config.site_dir, feed_files(
        plugin.feeds, plugin.config.feeds, site_context(config), authors=plugin.settings.authors,
        site_author=config.site_author or "", topics_view=plugin.topics.view, shelf=kept,
    ))  # fmt: skip


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
