"""Which feeds a site has, decided from the publication: one for everything, one per listed
content type and one per topic in use (each in every configured format), the `<link>`s each
page's head gets, the subscribe page and the OPML of all feeds. Framework-free: the engine's
adapter measures the images, captures the rendered HTML and writes the files
(`soapbox.core.feeds` writes the bytes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from . import feeds as core
from .content import ContentType, Post
from .plan import PageKind, PlannedPage, SiteContext
from .problems import Problem, Severity
from .publication import Publication

SUBSCRIBE = "subscribe/index.md"
OPML = core.OPML_EVERYTHING


@dataclass(frozen=True)
class FeedSettings:
    """The feed options that decide the plan (the engine's config classes hold them)."""

    formats: Sequence[str]
    items: int
    title: str
    email_signup_url: str = ""
    email_signup_label: str = ""


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


@dataclass
class Feeds:
    """The feeds of one build: planned in `on_files`, filled in `on_page_content`, written in
    `on_post_build`."""

    sets: tuple[FeedSet, ...] = ()
    pages: dict[str, PlannedPage] = field(default_factory=dict)  # src_uri -> generated page
    site_links: tuple[HeadLink, ...] = ()  # every page's head
    page_links: dict[str, tuple[HeadLink, ...]] = field(
        default_factory=dict
    )  # src_uri -> head links
    images: dict[str, core.Image] = field(default_factory=dict)  # post src_uri -> its image
    html: dict[str, str] = field(default_factory=dict)  # post src_uri -> rendered article HTML
    problems: list[Problem] = field(default_factory=list)
    opml: dict[str, bytes] = field(default_factory=dict)  # file name -> OPML (but feeds.opml)
    everything: core.FeedLink | None = None  # the site feed's entry in feeds.opml
    newest: datetime | None = None  # date of the OPML files
    wanted: frozenset[str] = frozenset()  # src_uri of every article some feed carries as an item

    def links_for(self, src_uri: str) -> tuple[HeadLink, ...]:
        return self.page_links.get(src_uri, self.site_links)

    def capture(self, src_uri: str, html: str) -> None:
        """Keep a public article's rendered HTML for its feed items (drafts and scheduled posts
        are in no feed, so theirs is never kept)."""
        if src_uri in self.wanted:
            self.html[src_uri] = html


def plan_feeds(
    options: FeedSettings,
    site_context: SiteContext,
    publication: Publication,
    *,
    description: str,
    types: tuple[ContentType, ...],
    type_descriptions: Mapping[str, str],
    topics_view: Any,  # the topics feature's view (graph, of_post), or None
    topic_pages: Mapping[str, object],
) -> Feeds:
    """The feeds of the site, the head links of every page, the subscribe page and the OPML."""
    if not site_context.url:
        problem = Problem(
            site_context.config_name,
            None,
            "site_url",
            "is not set, so Soapbox writes no feeds (feed readers only follow absolute links); set"
            " it to the address the site is published at, or turn feeds off with"
            " 'feeds: {enabled: false}' under plugins -> soapbox",
            Severity.WARNING,
        )
        return Feeds(problems=[problem])
    public = [p for p in publication.articles if p.src_uri not in publication.previews]
    maker = _SetMaker(site_context, tuple(dict.fromkeys(options.formats)))
    name = site_context.name
    site = None
    if public:
        everything = description or f"New articles from {name}."
        site = maker("site", name, "Everything", everything, "", public)
    by_type = _type_sets(maker, public, types, type_descriptions)
    by_topic = _topic_sets(maker, public, topics_view)
    sets = tuple(s for s in (site, *by_type.values(), *by_topic.values()) if s is not None)
    feeds = Feeds(
        sets=sets, wanted=frozenset(p.src_uri for s in sets for p in s.posts[: options.items])
    )
    if site is None:
        return feeds
    feeds.site_links = head_links(site, "alternate")
    feeds.page_links = _page_links(
        feeds.site_links, public, types, by_type, by_topic, topics_view, topic_pages
    )
    feeds.pages[SUBSCRIBE] = PlannedPage(
        PageKind.SUBSCRIBE,
        options.title,
        f"Follow {name} in your feed reader: everything, one content type or one topic.",
        data={
            "site": site,
            "types": tuple(by_type.values()),
            "topics": tuple(by_topic.values()),
            "opml_url": OPML,  # the site feed and Around the web, which share no article
            "types_opml_url": core.OPML_TYPES if by_type else "",
            "topics_opml_url": core.OPML_TOPICS if by_topic else "",
            "email_signup_url": options.email_signup_url,
            "email_signup_label": options.email_signup_label,
        },
    )
    # feeds.opml (written with the Around the web feed by the adapter) holds only feeds that
    # share no article; the per-type and per-topic feeds, which repeat it, get OPML files of
    # their own.
    feeds.newest = max((p.updated or p.date for p in public if p.date), default=None)
    feeds.everything = core.preferred(site.links)
    for opml_name, label, group in (
        (core.OPML_TYPES, "by type", by_type.values()),
        (core.OPML_TOPICS, "by topic", by_topic.values()),
    ):
        links = tuple(link for s in group if (link := core.preferred(s.links)) is not None)
        if links:
            outline = core.Outline(f"{name} {label}", links)
            feeds.opml[opml_name] = core.write_opml(
                f"{name}: feeds {label}", [outline], feeds.newest
            )
    return feeds


@dataclass(frozen=True)
class _SetMaker:
    """Makes a FeedSet in every configured format, its URLs absolute against the site's."""

    site: SiteContext
    formats: tuple[str, ...]

    def __call__(
        self, key: str, title: str, label: str, description: str, path: str, posts: list[Post]
    ) -> FeedSet:
        url = self.site.url
        links = tuple(
            core.FeedLink(title, fmt, urljoin(url, path + core.FILENAMES[fmt]), urljoin(url, path))
            for fmt in self.formats
        )
        return FeedSet(
            key, title, label, description, urljoin(url, path), path, tuple(posts), links
        )


def _type_sets(
    maker: _SetMaker,
    public: list[Post],
    types: Sequence[ContentType],
    type_descriptions: Mapping[str, str],
) -> dict[str, FeedSet]:
    """One feed per listed content type that has public articles."""
    name = maker.site.name
    by_type: dict[str, FeedSet] = {}
    for content_type in types:
        posts = [p for p in public if p.type == content_type.key]
        if content_type.listed and posts and content_type.path:
            description = (
                type_descriptions.get(content_type.key) or f"{content_type.plural} from {name}."
            )
            by_type[content_type.key] = maker(
                f"type/{content_type.key}",
                f"{name} – {content_type.plural}",
                content_type.plural,
                description,
                content_type.path,
                posts,
            )
    return by_type


def _topic_sets(maker: _SetMaker, public: list[Post], topics_view: Any) -> dict[str, FeedSet]:
    """One feed per topic in use that has public articles."""
    if topics_view is None:
        return {}
    name = maker.site.name
    public_keys = {p.src_uri for p in public}
    graph = topics_view.graph
    by_topic: dict[str, FeedSet] = {}
    for topic in graph.in_use():
        posts = [p for p in graph.articles.get(topic.slug, ()) if p.src_uri in public_keys]
        if posts:
            description = topic.description or f"Articles on {topic.title.lower()} from {name}."
            by_topic[topic.slug] = maker(
                f"topic/{topic.slug}",
                f"{name} – {topic.title}",
                topic.title,
                description,
                topic.url,
                posts,
            )
    return by_topic


def _page_links(
    site_links: tuple[HeadLink, ...],
    public: list[Post],
    types: Sequence[ContentType],
    by_type: Mapping[str, FeedSet],
    by_topic: Mapping[str, FeedSet],
    topics_view: Any,
    topic_pages: Mapping[str, object],
) -> dict[str, tuple[HeadLink, ...]]:
    """The feed links of each page's head: the site's, plus the article's type and topics, a
    type listing's own feed, a topic page's own feed."""
    links: dict[str, tuple[HeadLink, ...]] = {}
    of_set = {s.key: head_links(s) for s in (*by_type.values(), *by_topic.values())}
    for post in public:
        own = [by_type[post.type]] if post.type in by_type else []
        of_post = topics_view.of_post.get(post.src_uri, ()) if topics_view is not None else ()
        own += [by_topic[t.slug] for t in of_post if t.slug in by_topic]
        links[post.src_uri] = site_links + tuple(link for s in own for link in of_set[s.key])
    for content_type in types:
        if content_type.key in by_type:
            src_uri = f"{content_type.path}index.md"
            links[src_uri] = site_links + head_links(by_type[content_type.key])
    for src_uri, page in topic_pages.items():
        topic = getattr(page, "topic", None)
        if topic is not None and topic.slug in by_topic:
            links[src_uri] = site_links + head_links(by_topic[topic.slug])
    return links


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
