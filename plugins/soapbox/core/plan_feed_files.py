"""The files of the site's feeds: `feeds.opml` and the per-type and per-topic OPML (planned with
the pages), and every feed in every format (written after the pages are rendered: items carry the
rendered article). Framework-free: the engine adapter puts the bytes where its output goes."""

from __future__ import annotations

import dataclasses
import json
import mimetypes
import platform
import posixpath
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urljoin

from . import feeds as core
from .content import Author, Post
from .feed_plan import OPML, Feeds
from .kept import Kept, Shelf
from .plan import SiteContext
from .render_cache import digest
from .urls import slugify
from .version import package_version

XSL = "assets/soapbox/feed.xsl"
CSS = "assets/soapbox/feed.css"  # the same preview for browsers without XSLT
#: Site path -> file name under the package's assets: the feeds' preview and the subscribe page.
ASSETS = {XSL: "feed.xsl", CSS: "feed.css", "assets/soapbox/feeds.js": "feeds.js"}
ASSETS["assets/soapbox/feeds.css"] = "feeds.css"
FEED_HTML_FORMAT = 1  # bump when what `feed_html` makes changes within one version

#: A site image by source path -> (its site-relative URL, its size in bytes), None when missing.
ImageFile = Callable[[str], "tuple[str, int] | None"]


def images(posts: Sequence[Post], image_file: ImageFile, site_url: str) -> dict[str, core.Image]:
    """The feed image (enclosure) of every post that has one."""
    found: dict[str, core.Image] = {}
    for post in posts:
        if not post.image:
            continue
        if post.image_src is None:  # a full URL: size unknown, so no RSS enclosure
            mime = mimetypes.guess_type(post.image)[0] or ""
            found[post.src_uri] = core.Image(post.image, mime, 0, post.image_alt)
        elif (file := image_file(post.image_src)) is not None:  # else: the content check warned
            url, length = file
            mime = mimetypes.guess_type(post.image_src)[0] or ""
            found[post.src_uri] = core.Image(urljoin(site_url, url), mime, length, post.image_alt)
    return found


def opml_files(feeds: Feeds, site_name: str, river: Sequence[core.FeedLink]) -> dict[str, bytes]:
    """`feeds.opml` (the site feed and `river`, the Around the web feed) and the per-type and
    per-topic OPML files."""
    if not feeds.pages:
        return {}
    everything = core.subscription_opml(
        site_name, feeds.everything, core.preferred(tuple(river)), feeds.newest
    )
    return {OPML: everything, **feeds.opml}


def feed_files(
    feeds: Feeds,
    options: Any,  # the `feeds:` options: items, content, date_only_time
    site: SiteContext,
    *,
    site_author: str,
    authors: Mapping[str, Author],
    topics_view: Any,  # TopicsView | None
    shelf: Shelf | None = None,  # where cleaned article HTML is kept between builds
) -> dict[str, bytes]:
    """Every feed of the site in every format, by site path."""
    items: dict[str, core.FeedItem] = {}
    for kept in (_CLEANED, _KEYED, _WRITTEN, _STAMPS):
        kept.new_round()
    from_shelf = _kept_feed_html(shelf) if shelf is not None else None

    def clean(markup: str, base_url: str) -> str:
        if shelf is None or from_shelf is None:
            return _CLEANED.value((markup, base_url), lambda: core.feed_html(markup, base_url))
        key, cleaned = _KEYED.value((markup, base_url), lambda: from_shelf(markup, base_url))
        shelf.keep(key)  # found in memory or not: its file is not pruned
        return cleaned

    def item(post: Post) -> core.FeedItem:
        if post.src_uri not in items:
            items[post.src_uri] = _item(post, feeds, options, site.url, authors, topics_view, clean)
        return items[post.src_uri]

    out: dict[str, bytes] = {}
    stamp = _stamper()
    for feed_set in feeds.sets:
        feed = core.Feed(
            title=feed_set.title,
            home_url=feed_set.home_url,
            description=feed_set.description,
            urls={link.format: link.url for link in feed_set.links},
            items=tuple(item(p) for p in feed_set.posts[: options.items]),
            language=site.language,
            author=core.Person(site_author or site.name, site.url),
            stylesheet=posixpath.relpath(XSL, feed_set.path or "."),
            css=posixpath.relpath(CSS, feed_set.path or "."),
        )
        for link in feed_set.links:
            out[f"{feed_set.path}{core.FILENAMES[link.format]}"] = _written(
                feed, link.format, stamp
            )
    if shelf is not None:
        shelf.prune(now=time.time())  # every feed asked for every article it shows
    return out


#: Under `mkdocs serve`: each article's cleaned HTML, and each feed's bytes by everything the
#: feed holds (an edit changes the few feeds that list the edited article).
_CLEANED: Kept[tuple[str, str], str] = Kept()
_KEYED: Kept[tuple[str, str], tuple[str, str]] = Kept()  # the same, with its key on the shelf
_WRITTEN: Kept[tuple, bytes] = Kept()


def _written(feed: core.Feed, fmt: str, stamp: Callable[[core.FeedItem], _Stamp]) -> bytes:
    """`core.write`, kept by everything the feed holds. Aware datetimes that name one instant in
    two offsets are equal, yet print differently: their text is part of the key too."""
    fields = {f.name: getattr(feed, f.name) for f in dataclasses.fields(feed)}
    key = tuple(
        tuple(map(stamp, value)) if name == "items"
        else tuple(value.items()) if isinstance(value, dict) else value
        for name, value in fields.items()
    )  # fmt: skip
    return _WRITTEN.value((fmt, key, str(feed.created)), lambda: core.write(feed, fmt))


class _Stamp:
    """An item in a feed's key: hashed once, and the same object for an equal item in the next
    build (`_STAMPS`), so that the keys of the many feeds that list it compare by identity."""

    __slots__ = ("_hash", "dates", "item")

    def __init__(self, item: core.FeedItem, dates: str) -> None:
        self.item, self.dates, self._hash = item, dates, hash((item, dates))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Stamp) and (self.item, self.dates) == (other.item, other.dates)


_STAMPS: Kept[tuple[core.FeedItem, str], _Stamp] = Kept()


def _stamper() -> Callable[[core.FeedItem], _Stamp]:
    """Each item's stamp, for one build's feeds (an item is one object in all of them)."""
    stamps: dict[int, _Stamp] = {}

    def stamp(item: core.FeedItem) -> _Stamp:
        found = stamps.get(id(item))
        if found is None:
            dates = f"{item.published} {item.updated}"
            found = stamps[id(item)] = _STAMPS.value((item, dates), lambda: _Stamp(item, dates))
        return found

    return stamp


def _item(
    post: Post,
    feeds: Feeds,
    options: Any,
    site_url: str,
    authors: Mapping[str, Author],
    topics_view: Any,
    clean: Callable[[str, str], str],
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
        content = clean(rendered, url)
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


def _kept_feed_html(shelf: Shelf) -> Callable[[str, str], tuple[str, str]]:
    """`feed_html` through `shelf`: an article's cleaned HTML is found by a digest of its rendered
    HTML, its URL and the versions of the code that cleans it (a damaged value is cleaned again)."""
    versions = (str(FEED_HTML_FORMAT), package_version(), platform.python_version())

    def clean(markup: str, base_url: str) -> tuple[str, str]:
        key = digest(*versions, base_url, markup)
        try:
            kept = json.loads(shelf.get(key) or "null")
        except ValueError:
            kept = None
        if isinstance(kept, str):
            return key, kept
        cleaned = core.feed_html(markup, base_url)
        shelf.put(key, json.dumps(cleaned))
        return key, cleaned

    return clean
