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
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core import feeds as core
from ..core.content import Author, ContentType, Post
from ..core.problems import Problem, Severity
from ..core.publication import Publication
from ..core.urls import slugify
from .config import FeedsOptions

PACKAGE = Path(__file__).resolve().parents[1]
SUBSCRIBE = "subscribe/index.md"
OPML = "feeds.opml"
XSL = "assets/soapbox/feed.xsl"
SCRIPT = "assets/soapbox/feeds.js"
STYLES = "assets/soapbox/feeds.css"
ASSETS = {XSL: "feed.xsl", SCRIPT: "feeds.js", STYLES: "feeds.css"}


@dataclass(frozen=True)
class HeadLink:
    """A `<link>` in a page's head that lets browsers and feed readers discover a feed.

    mkdocs-material fetches `sitemap.xml` next to every `link[rel=alternate]` (it takes them for
    language versions): the site feeds sit beside the real sitemap, so theirs is found; type and
    topic feeds say `rel="alternate feed"`, which readers still understand and Material skips, so
    pages do not request `rants/sitemap.xml` and the like (404s) on every load.
    """

    rel: str
    mime_type: str
    title: str  # "Maren Okafor – Rants (RSS)"
    path: str  # site-relative: "rants/feed.xml"


@dataclass(frozen=True)
class FeedSet:
    """One feed of the site (everything, a content type or a topic) in every configured format."""

    key: str  # "site" | "type/<key>" | "topic/<slug>"
    title: str  # the feed's title in readers: "Maren Okafor – Rants"
    label: str  # its name on the subscribe page: "Everything", "Rants", "Pricing"
    description: str
    home_url: str  # absolute URL of the page the feed follows
    path: str  # site-relative folder of its files: "", "rants/", "topics/pricing/"
    posts: tuple[Post, ...]  # public articles, newest first (all of them; `items` cuts)
    links: tuple[core.FeedLink, ...]  # one per format, in the configured order

    def url(self, fmt: str) -> str:
        return next(link.url for link in self.links if link.format == fmt)


@dataclass(frozen=True)
class SubscribePage:
    """The generated `subscribe/` page; read by `generated_markdown` and templates like
    `Generated`."""

    title: str
    description: str
    site: FeedSet | None
    types: tuple[FeedSet, ...]
    topics: tuple[FeedSet, ...]
    opml_url: str  # site-relative
    email_signup_url: str = ""
    email_signup_label: str = ""
    kind: str = "subscribe"
    listing: None = None  # what templates shared with `Generated` look for
    content_type: None = None
    year: None = None


@dataclass
class Feeds:
    """The feeds of one build: planned in `on_files`, filled in `on_page_content`, written in
    `on_post_build`."""

    sets: tuple[FeedSet, ...] = ()
    pages: dict[str, SubscribePage] = field(default_factory=dict)  # src_uri -> generated page
    site_links: tuple[HeadLink, ...] = ()  # every page's head
    page_links: dict[str, tuple[HeadLink, ...]] = field(
        default_factory=dict
    )  # src_uri -> head links
    images: dict[str, core.Image] = field(default_factory=dict)  # post src_uri -> its image
    html: dict[str, str] = field(default_factory=dict)  # post src_uri -> rendered article HTML
    problems: list[Problem] = field(default_factory=list)
    opml: bytes = b""
    wanted: frozenset[str] = frozenset()  # src_uri of every article some feed carries as an item

    def links_for(self, src_uri: str) -> tuple[HeadLink, ...]:
        return self.page_links.get(src_uri, self.site_links)

    def capture(self, src_uri: str, html: str) -> None:
        """Keep a public article's rendered HTML for its feed items (drafts and scheduled posts
        are in no feed, so theirs is never kept)."""
        if src_uri in self.wanted:
            self.html[src_uri] = html


def plan(
    options: FeedsOptions,
    publication: Publication,
    files: Files,
    config: MkDocsConfig,
    *,
    types: tuple[ContentType, ...],
    type_descriptions: Mapping[str, str],
    topics_view,  # soapbox.mkdocs.topics.TopicsView | None
    topic_pages: Mapping[str, object],
) -> Feeds:
    if not options.enabled:
        return Feeds()
    site_url = config.site_url or ""
    if not site_url:
        problem = Problem(
            Path(config.config_file_path or "mkdocs.yml").name,
            None,
            "site_url",
            "is not set, so Soapbox writes no feeds (feed readers only follow absolute links); set"
            " it to the address the site is published at, or turn feeds off with"
            " 'feeds: {enabled: false}' under plugins -> soapbox",
            Severity.WARNING,
        )
        return Feeds(problems=[problem])
    site_name = config.site_name
    formats = tuple(dict.fromkeys(options.formats))
    public = [p for p in publication.articles if p.src_uri not in publication.previews]
    public_keys = {p.src_uri for p in public}

    def feed_set(
        key: str, title: str, label: str, description: str, path: str, posts: list[Post]
    ) -> FeedSet:
        links = tuple(
            core.FeedLink(
                title, fmt, urljoin(site_url, path + core.FILENAMES[fmt]), urljoin(site_url, path)
            )
            for fmt in formats
        )
        return FeedSet(
            key, title, label, description, urljoin(site_url, path), path, tuple(posts), links
        )

    site = None
    if public:
        description = config.site_description or f"New articles from {site_name}."
        site = feed_set("site", site_name, "Everything", description, "", public)
    by_type: dict[str, FeedSet] = {}
    for content_type in types:
        posts = [p for p in public if p.type == content_type.key]
        if content_type.listed and posts and content_type.path:
            description = (
                type_descriptions.get(content_type.key)
                or f"{content_type.plural} from {site_name}."
            )
            by_type[content_type.key] = feed_set(
                f"type/{content_type.key}",
                f"{site_name} – {content_type.plural}",
                content_type.plural,
                description,
                content_type.path,
                posts,
            )
    by_topic: dict[str, FeedSet] = {}
    if topics_view is not None:
        graph = topics_view.graph
        for topic in graph.in_use():
            posts = [p for p in graph.articles.get(topic.slug, ()) if p.src_uri in public_keys]
            if posts:
                description = (
                    topic.description or f"Articles on {topic.title.lower()} from {site_name}."
                )
                by_topic[topic.slug] = feed_set(
                    f"topic/{topic.slug}",
                    f"{site_name} – {topic.title}",
                    topic.title,
                    description,
                    topic.url,
                    posts,
                )

    sets = tuple(s for s in (site, *by_type.values(), *by_topic.values()) if s is not None)
    feeds = Feeds(
        sets=sets, wanted=frozenset(p.src_uri for s in sets for p in s.posts[: options.items])
    )
    if site is None:
        return feeds
    feeds.site_links = site_links = head_links(site, "alternate")
    for post in public:
        own = [by_type[post.type]] if post.type in by_type else []
        of_post = topics_view.of_post.get(post.src_uri, ()) if topics_view is not None else ()
        own += [by_topic[t.slug] for t in of_post if t.slug in by_topic]
        feeds.page_links[post.src_uri] = site_links + tuple(
            link for s in own for link in head_links(s)
        )
    for content_type in types:
        if content_type.key in by_type:
            feeds.page_links[f"{content_type.path}index.md"] = site_links + head_links(
                by_type[content_type.key]
            )
    for src_uri, page in topic_pages.items():
        topic = getattr(page, "topic", None)
        if topic is not None and topic.slug in by_topic:
            feeds.page_links[src_uri] = site_links + head_links(by_topic[topic.slug])
    feeds.images = _images(public, files, site_url)
    feeds.pages[SUBSCRIBE] = SubscribePage(
        title=options.title,
        description=f"Follow {site_name} in your feed reader: everything, one content type or one "
        "topic.",
        site=site,
        types=tuple(by_type.values()),
        topics=tuple(by_topic.values()),
        opml_url=OPML,
        email_signup_url=options.email_signup_url,
        email_signup_label=options.email_signup_label,
    )
    groups = [
        core.Outline(label, tuple(s.links[0] for s in group))
        for label, group in (
            ("Everything", [site]),
            ("By type", by_type.values()),
            ("By topic", by_topic.values()),
        )
        if group
    ]
    newest = max((p.updated or p.date for p in public if p.date), default=None)
    feeds.opml = core.write_opml(f"{site_name}: all feeds", groups, newest)
    return feeds


def head_links(feed_set: FeedSet, rel: str = "alternate feed") -> tuple[HeadLink, ...]:
    return tuple(
        HeadLink(
            rel,
            link.mime_type,
            f"{link.title} ({link.format_name})",
            feed_set.path + core.FILENAMES[link.format],
        )
        for link in feed_set.links
    )


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


def add_files(feeds: Feeds, files: Files, config: MkDocsConfig) -> None:
    """The feed stylesheet, the subscribe page's script and styles, and `feeds.opml`."""
    if not feeds.pages:
        return
    for dest, name in ASSETS.items():
        files.append(File.generated(config, dest, abs_src_path=str(PACKAGE / "assets" / name)))
    files.append(File.generated(config, OPML, content=feeds.opml))


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
        person = core.Person(author.name, urljoin(url, author.url) if author.url else "")
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
        published=post.date,
        updated=post.updated,
        summary=post.excerpt,
        content_html=content,
        author=person,
        categories=categories,
        image=feeds.images.get(post.src_uri),
    )
