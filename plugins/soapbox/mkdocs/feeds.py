"""MkDocs glue for feeds: which feeds the site has (site, each content type, each topic), the
links every page's head gets, the subscribe page, `feeds.opml`, and writing the feed files.

Feeds carry the rendered article HTML, which exists only after `on_page_content`; the plugin hands
each public article's HTML to `Feeds.capture` and calls `write` in `on_post_build`. The writing
itself is `soapbox.core.feeds`; this module converts posts to `FeedItem`s at the boundary.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core import feeds as core
from ..core.content import Author, ContentType, Post
from ..core.feed_plan import (
    OPML,
    SUBSCRIBE,
    Feeds,
    FeedSet,
    FeedSettings,
    HeadLink,
    head_links,
    plan_feeds,
)
from ..core.publication import Publication
from ..core.urls import slugify
from .config import FeedsOptions
from .context import site_context

PACKAGE = Path(__file__).resolve().parents[1]
XSL = "assets/soapbox/feed.xsl"
CSS = "assets/soapbox/feed.css"  # the same preview for browsers without XSLT
SCRIPT = "assets/soapbox/feeds.js"
STYLES = "assets/soapbox/feeds.css"
ASSETS = {XSL: "feed.xsl", CSS: "feed.css", SCRIPT: "feeds.js", STYLES: "feeds.css"}


def plan(
    options: FeedsOptions,
    publication: Publication,
    files: Files,
    config: MkDocsConfig,
    *,
    types: tuple[ContentType, ...],
    type_descriptions: Mapping[str, str],
    topics_view: Any,  # soapbox.mkdocs.topics.TopicsView | None
    topic_pages: Mapping[str, object],
) -> Feeds:
    if not options.enabled:
        return Feeds()
    settings = FeedSettings(
        formats=tuple(dict.fromkeys(options.formats)),
        items=options.items,
        title=options.title,
        email_signup_url=options.email_signup_url,
        email_signup_label=options.email_signup_label,
    )
    context = site_context(config)
    feeds = plan_feeds(
        settings,
        context,
        publication,
        description=config.site_description or "",
        types=types,
        type_descriptions=type_descriptions,
        topics_view=topics_view,
        topic_pages=topic_pages,
    )
    if feeds.sets:
        public = [p for p in publication.articles if p.src_uri not in publication.previews]
        feeds.images = _images(public, files, context.url)
    return feeds


def _images(posts: list[Post], files: Files, site_url: str) -> dict[str, core.Image]:
    images: dict[str, core.Image] = {}
    for post in posts:
        if not post.image:
            continue
        if post.image_src is None:  # a full URL: size unknown, so no RSS enclosure
            mime = mimetypes.guess_type(post.image)[0] or ""
            images[post.src_uri] = core.Image(post.image, mime, 0, post.image_alt)
            continue
        file = files.get_file_from_path(post.image_src)
        if file is None or file.abs_src_path is None:
            continue  # the content check already warned about the missing image
        mime = mimetypes.guess_type(file.src_uri)[0] or ""
        length = os.path.getsize(file.abs_src_path)
        images[post.src_uri] = core.Image(urljoin(site_url, file.url), mime, length, post.image_alt)
    return images


def add_files(
    feeds: Feeds, files: Files, config: MkDocsConfig, river: tuple[core.FeedLink, ...] = ()
) -> None:
    """The feed stylesheets, the subscribe page's script and styles, `feeds.opml` (the site feed
    and `river`, the Around the web feed) and the per-type and per-topic OPML files."""
    if not feeds.pages:
        return
    for dest, name in ASSETS.items():
        files.append(File.generated(config, dest, abs_src_path=str(PACKAGE / "assets" / name)))
    everything = core.subscription_opml(
        config.site_name, feeds.everything, core.preferred(river), feeds.newest
    )
    files.append(File.generated(config, OPML, content=everything))
    for name, content in feeds.opml.items():
        files.append(File.generated(config, name, content=content))


def write(
    feeds: Feeds,
    options: FeedsOptions,
    config: MkDocsConfig,
    *,
    authors: Mapping[str, Author],
    topics_view,  # soapbox.mkdocs.topics.TopicsView | None
) -> int:
    """Write every feed into `config.site_dir`; returns how many files were written."""
    if not feeds.sets:
        return 0
    site_url = config.site_url or ""
    language = str(config.theme.get("language") or "")
    site_author = config.site_author or ""
    items: dict[str, core.FeedItem] = {}

    def item(post: Post) -> core.FeedItem:
        if post.src_uri not in items:
            items[post.src_uri] = _item(post, feeds, options, site_url, authors, topics_view)
        return items[post.src_uri]

    written = 0
    site_dir = Path(config.site_dir)
    for feed_set in feeds.sets:
        feed_items = tuple(item(p) for p in feed_set.posts[: options.items])
        feed = core.Feed(
            title=feed_set.title,
            home_url=feed_set.home_url,
            description=feed_set.description,
            urls={link.format: link.url for link in feed_set.links},
            items=feed_items,
            language=language,
            author=core.Person(site_author or config.site_name, site_url),
            stylesheet=posixpath.relpath(XSL, feed_set.path or "."),
            css=posixpath.relpath(CSS, feed_set.path or "."),
        )
        for link in feed_set.links:
            target = site_dir / feed_set.path / core.FILENAMES[link.format]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(core.write(feed, link.format))
            written += 1
    return written


def _item(
    post: Post,
    feeds: Feeds,
    options: FeedsOptions,
    site_url: str,
    authors: Mapping[str, Author],
    topics_view,
) -> core.FeedItem:
    url = urljoin(site_url, post.url)
    author = authors.get(post.author or "")
    person = None
    if author is not None:
        # `url: about/` is the site's about page, not a folder under the article.
        person = core.Person(author.name, urljoin(site_url, author.url) if author.url else "")
    if topics_view is not None:
        categories = tuple(
            core.Category(t.slug, t.title) for t in topics_view.of_post.get(post.src_uri, ())
        )
    else:
        categories = tuple(core.Category(slugify(name) or name, name) for name in post.topics)
    rendered = feeds.html.get(post.src_uri)
    if options.content == "full" and rendered is not None:
        content = core.feed_html(rendered, url)
    else:
        content = core.summary_html(post.excerpt, url)
    assert post.date is not None  # articles have dates
    return core.FeedItem(
        id=url,
        url=url,
        title=post.title,
        published=core.date_only(post.date, options.date_only_time),
        updated=core.date_only(post.updated, options.date_only_time) if post.updated else None,
        summary=post.excerpt,
        content_html=content,
        author=person,
        categories=categories,
        image=feeds.images.get(post.src_uri),
    )


__all__ = ["OPML", "SUBSCRIBE", "FeedSet", "Feeds", "HeadLink", "head_links"]
