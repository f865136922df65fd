"""The plugin's `on_files` work in two steps: `plan` asks the core (through each feature's
adapter, which reads what only MkDocs knows) for every page, feed and file of the build, and
`apply` maps that plan onto MkDocs' `Files`. `soapbox check` calls `plan` too, so it reports
exactly what a build would."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..core.plan import HOME, page_markdown, plan_pages, read_posts, url_of
from ..core.plan_views import site_nav, taken_addresses
from ..core.problems import Problem
from ..core.publication import Publication, check_collection, publish, reserved_url_conflicts
from ..core.redirects import plan_redirects
from . import aggregator as aggregator_feature
from . import engagement
from . import feeds as feeds_feature
from . import samples as samples_feature
from . import seo as seo_feature
from . import speaker as speaker_feature
from . import topics as topics_feature

PACKAGE = Path(__file__).resolve().parents[1]
STYLESHEET = "assets/soapbox/soapbox.css"


def plan(
    plugin: Any, files: Files, config: MkDocsConfig, *, now: datetime, preview: bool
) -> tuple[Publication, list[Problem]]:
    """Read and validate every post and plan every page the build generates, without changing
    `files`; the plan is stored on `plugin` (the SoapboxPlugin, whose state this fills)."""
    options, settings, root = plugin.config, plugin.settings, plugin.settings.display_root
    posts, problems = _read_posts(plugin, files)
    publication = publish(posts, now, preview=preview, types=settings.types)
    descriptions = {k: o.description for k, o in options.content.types.items() if o.description}
    generated = plugin.generated = plan_pages(
        publication, settings.types, site_name=config.site_name,
        has_home=files.get_file_from_path(HOME) is not None,
        page_size=options.listings.page_size, archive=options.listings.archive,
        type_descriptions=descriptions,
    )  # fmt: skip
    topics = plugin.topics = topics_feature.plan(
        options.topics, publication, files, config, display_root=root,
        page_size=options.listings.page_size,
    )  # fmt: skip
    feeds = plugin.feeds = feeds_feature.plan(
        options.feeds, publication, files, config, types=settings.types,
        type_descriptions=descriptions, topics_view=topics.view, topic_pages=topics.pages,
    )  # fmt: skip
    speaking = plugin.speaking = speaker_feature.plan(
        options.speaker, publication, files, config, display_root=root,
        timezone=settings.timezone, is_serve=plugin.is_serve, topics=topics.view,
        date_format=options.content.date_format,
    )  # fmt: skip
    river = plugin.aggregator = aggregator_feature.plan(
        options.aggregator, options.topics, config, now=now, command=plugin.command,
        topics_view=topics.view, topic_pages=topics.pages,
        feed_stylesheet=feeds_feature.XSL if feeds.pages else "",
    )  # fmt: skip
    feeds.page_links.update(aggregator_feature.head_links(river, feeds.site_links))
    for feature in (topics, feeds, speaking, river):
        generated.update(feature.pages)
        problems += feature.problems
    problems += samples_feature.problems(
        options, speaking, site_url=config.site_url, config_file=plugin.config_file,
        display_root=root, docs_dir=config.docs_dir,
    )  # fmt: skip
    problems += check_collection(publication.posts.values(), root)
    provisional = plugin.provisional  # clashes of files left out for errors of their own
    problems += check_collection(
        [*publication.posts.values(), *provisional], root,
        involving=frozenset(p.src_uri for p in provisional),
    )  # fmt: skip
    reserved = {url_of(src): f"the generated page '{p.title}'" for src, p in generated.items()}
    problems += reserved_url_conflicts(publication.posts.values(), reserved, root)
    problems += reserved_url_conflicts(provisional, reserved, root)
    static = [(f.dest_uri, f.src_uri) for f in files if not _page_or_generated(f)]
    taken = taken_addresses(publication, static, reserved, root)
    plugin.redirects, found = plan_redirects(publication.posts.values(), taken, root)
    problems += found
    # Last: SEO reads every generated page (titles for the duplicate check).
    plugin.seo = seo_feature.plan(
        options.seo, publication, generated, files, config, settings=settings,
        is_serve=plugin.is_serve, speaking=speaking,
    )  # fmt: skip
    return publication, problems + plugin.seo.problems


def _page_or_generated(file: File) -> bool:
    return file.generated_by is not None or file.is_documentation_page()


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


def apply(plugin: Any, publication: Publication, files: Files, config: MkDocsConfig) -> None:
    """Put the plan into MkDocs' file list: exclusions, permalinks, generated pages, assets."""
    for src_uri in publication.excluded:
        _file(files, src_uri).inclusion = InclusionLevel.EXCLUDED
    for src_uri in publication.previews:
        _file(files, src_uri).inclusion = InclusionLevel.DRAFT
    for post in publication.posts.values():
        set_url(_file(files, post.src_uri), post.url, config)
    for src_uri, page in plugin.generated.items():
        files.append(File.generated(config, src_uri, content=page_markdown(page)))
    for uri, name in ((STYLESHEET, "soapbox.css"), (engagement.SCRIPT, "engagement.js")):
        files.append(File.generated(config, uri, abs_src_path=str(PACKAGE / "assets" / name)))
    topics_feature.add_files(plugin.topics, files, config)
    river = plugin.aggregator.view.feed_links if plugin.aggregator.view is not None else ()
    feeds_feature.add_files(plugin.feeds, files, config, river)
    for dest, content in {**plugin.speaking.files, **plugin.aggregator.files}.items():
        files.append(File.generated(config, dest, content=content))
    aggregator_feature.add_files(plugin.aggregator, files, config)
    if plugin.config.speaker.enabled:
        speaker_feature.add_assets(files, config)
    if config.nav is None:
        options = plugin.config
        config.nav = site_nav(
            publication, plugin.settings.types, plugin.generated,
            topics_title=options.topics.title, feeds_title=options.feeds.title,
            river_title=options.aggregator.title,
        )  # fmt: skip
    # Articles live in listings, not in the navigation: listing thousands of them as "not
    # included in the nav" on every build says nothing. An explicit setting is respected.
    if config.validation.nav.omitted_files == logging.INFO:
        config.validation.nav.omitted_files = logging.DEBUG


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
