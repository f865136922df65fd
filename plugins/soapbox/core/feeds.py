"""Feeds out: RSS 2.0, Atom 1.0 and JSON Feed 1.1 from small typed records, as bytes.

Framework-free: the MkDocs adapter (`soapbox.mkdocs.feeds`) turns posts and rendered pages into
`FeedItem`s; this module only writes. XML is built with ElementTree, so every string is escaped by
the library; characters XML cannot carry (and the C1 controls feed validators flag) are removed
from every string first. Output depends only on the input: dates come from the items (the feed's
own date is its newest item's), never from the clock, so two builds give byte-identical files.

What the W3C Feed Validation Service checks and these writers honour: `atom:link rel="self"` in
RSS, authors as `dc:creator` (RSS `author` must be an e-mail address), permalink GUIDs, RFC 822
dates with a four-digit year and a numeric offset, RFC 3339 dates in Atom, absolute links in HTML
content, no elements or attributes it calls a security risk (`script`, `style`, `on*` ...).
"""

from __future__ import annotations

import functools
import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from email.utils import format_datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .urls import is_web_url

FORMATS = ("rss", "atom", "json")
FILENAMES = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
MIME_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}
FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
GENERATOR = "Soapbox"

NS_ATOM = "http://www.w3.org/2005/Atom"
NS_CONTENT = "http://purl.org/rss/1.0/modules/content/"
NS_DC = "http://purl.org/dc/elements/1.1/"
NS_MEDIA = "http://search.yahoo.com/mrss/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

# XML 1.0 forbids C0 controls other than tab/LF/CR, lone surrogates, U+FFFE and U+FFFF; validators
# also flag C1 controls (U+0080-U+009F) and U+FFFD. None of them carries meaning in an article.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffd\ufffe\uffff]")


@functools.lru_cache(maxsize=1 << 13)  # an article's text is in several feeds, in three formats
def clean(text: str) -> str:
    """`text` without the characters XML cannot carry or validators flag."""
    return _ILLEGAL.sub("", text)


# -- records --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    url: str = ""  # absolute


@dataclass(frozen=True, slots=True)
class Category:
    term: str  # stable identifier (a topic's slug)
    label: str  # what readers show (a topic's title)


@dataclass(frozen=True, slots=True)
class Image:
    url: str  # absolute
    mime_type: str = ""  # "image/png"; empty when unknown
    length: int = 0  # bytes; 0 when unknown (a remote image): no RSS enclosure then
    alt: str = ""


@dataclass(frozen=True, slots=True)
class FeedItem:
    id: str  # permanent absolute URL of the article: GUID / Atom id / JSON Feed id
    url: str  # absolute
    title: str
    published: datetime  # aware
    updated: datetime | None = None  # aware
    summary: str = ""  # plain text
    content_html: str = ""  # HTML with absolute links (see `feed_html`)
    author: Person | None = None
    categories: tuple[Category, ...] = ()
    image: Image | None = None

    @property
    def modified(self) -> datetime:
        return self.updated if self.updated and self.updated > self.published else self.published


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    home_url: str  # absolute URL of the page this feed follows (the site, a type index, a topic)
    description: str
    urls: dict[str, str]  # format -> absolute URL of this feed in that format (self links)
    items: tuple[FeedItem, ...] = ()  # newest first
    language: str = ""
    author: Person | None = None  # used where an item names none (Atom requires one)
    stylesheet: str = ""  # href of the XSL that makes RSS/Atom readable in a browser
    icon: str = ""  # absolute URL
    created: datetime | None = None  # the feed's date while it has no item (see `updated_or_epoch`)
    css: str = ""  # href of a CSS stylesheet for browsers without XSLT (written after the XSL)

    @property
    def updated(self) -> datetime | None:
        """The newest date of any item: a feed's date comes from its content, not the clock."""
        return max((item.modified for item in self.items), default=None)

    @property
    def updated_or_epoch(self) -> datetime:
        """Atom requires `<updated>` even in a feed without entries (an aggregated river before
        its first fetch): then `created`, else the Unix epoch, never the clock, so that two builds
        still give the same bytes."""
        return self.updated or self.created or EPOCH


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# -- dates ----------------------------------------------------------------------------------------


def rfc822(moment: datetime) -> str:
    """`Tue, 14 Mar 2023 09:30:00 +0100`: English names, four-digit year, numeric offset.

    Offsets that are not whole or half hours (+05:45) are written in UTC instead: the W3C validator
    only accepts offsets ending in 00 or 30 without a warning. The instant is the same.
    """
    if moment.tzinfo is None:
        raise ValueError(f"feed dates must be timezone-aware, got {moment.isoformat()}")
    offset = moment.utcoffset()
    assert offset is not None
    if (offset.total_seconds() // 60) % 30:
        moment = moment.astimezone(UTC)
    return format_datetime(moment.replace(microsecond=0))


def rfc3339(moment: datetime) -> str:
    """`2023-03-14T09:30:00+01:00`."""
    if moment.tzinfo is None:
        raise ValueError(f"feed dates must be timezone-aware, got {moment.isoformat()}")
    return moment.isoformat(timespec="seconds")


# The one hour in which every reader from UTC-10 to UTC+12 sees the same calendar date is 10:00 to
# 12:00 UTC: a post dated only by its day is stamped in the middle of it (in the site's own zone).
DATE_ONLY_UTC = time(11, 0)


def date_only(moment: datetime, at: time | None = None) -> datetime:
    """A post dated by its day alone (`date: 2024-09-22`, read as midnight in the site's zone)
    stamped at a time of that day, so that feed readers in other zones list it on the same date:
    at `at` in the site's zone when given (the `feeds: date_only_time` option), else at 11:00 UTC
    (13:00 in Berlin's summer), the same calendar date from UTC-10 to UTC+12. A moment with a time
    of day other than midnight is the author's own and is returned unchanged."""
    if moment.tzinfo is None:
        raise ValueError(f"feed dates must be timezone-aware, got {moment.isoformat()}")
    if (moment.hour, moment.minute, moment.second, moment.microsecond) != (0, 0, 0, 0):
        return moment
    if at is not None:
        return datetime.combine(moment.date(), at.replace(tzinfo=None), moment.tzinfo)
    middle = datetime.combine(moment.date(), DATE_ONLY_UTC, UTC)
    return middle.astimezone(moment.tzinfo)


# -- HTML for feed readers ------------------------------------------------------------------------

_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "action", "longdesc", "usemap"})
# Dropped with everything inside them: code that runs, styles that restyle a reader, embeds, and
# markup the validator does not accept inside feed HTML.
_DROP_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "applet", "frame", "frameset", "noframes",
     "svg", "math", "template", "head", "title"}
)  # fmt: skip
# Dropped, their content kept.
_DROP_TAG = frozenset({"html", "body", "meta", "link", "base", "form", "input", "button", "select",
                       "textarea", "option", "optgroup", "dialog", "slot"})  # fmt: skip
_VOID = frozenset(
    {"area", "br", "col", "hr", "img", "source", "track", "wbr", "input", "meta", "link", "base"}
)


def absolute_url(value: str, base_url: str) -> str:
    """A URL from an attribute made absolute against `base_url` (absolute ones are kept)."""
    value = value.strip()
    if not value or urlsplit(value).scheme:
        return value
    return urljoin(base_url, value)


def absolute_srcset(value: str, base_url: str) -> str:
    """`a.png 1x, b.png 2x` with every candidate's URL absolute."""
    candidates = []
    for candidate in value.split(","):
        parts = candidate.strip().split(None, 1)
        if parts:
            parts[0] = absolute_url(parts[0], base_url)
            candidates.append(" ".join(parts))
    return ", ".join(candidates)


class _FeedHTML(HTMLParser):
    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.out: list[str] = []
        self.skipping: list[str] = []  # open elements whose content is dropped

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and not closed and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _DROP_WITH_CONTENT:
            if not closed and tag not in _VOID:
                self.skipping.append(tag)
            return
        classes = dict(attrs).get("class") or ""
        if tag == "a" and "headerlink" in classes.split():  # Material's "¶" after each heading
            self.skipping.append(tag)
            return
        if tag in _DROP_TAG:
            return
        written = []
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on") or name in ("style", "role") or name.startswith("aria-"):
                continue
            value = clean(value or "")
            if name in _URL_ATTRIBUTES:
                value = absolute_url(value, self.base_url)
            elif name == "srcset":
                value = absolute_srcset(value, self.base_url)
            written.append(f' {name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(written)}>")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _DROP_WITH_CONTENT or tag in _DROP_TAG or tag in _VOID:
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(clean(data), quote=False))

    # Comments, doctypes and processing instructions are dropped.


@functools.lru_cache(maxsize=8192)  # serve rebuilds ask again for every unchanged article
def feed_html(markup: str, base_url: str) -> str:
    """Article HTML as feed readers should get it: every relative `href`/`src`/`srcset` absolute
    against `base_url` (the article's own URL), no scripts, styles, embeds or event handlers, no
    heading permalinks, no comments, no characters XML cannot carry."""
    parser = _FeedHTML(base_url)
    parser.feed(markup)
    parser.close()
    return "".join(parser.out).strip()


def summary_html(summary: str, url: str) -> str:
    """The `summary` content mode: the excerpt and a link to the whole article."""
    text = html.escape(clean(summary), quote=False)
    link = f'<p><a href="{html.escape(url, quote=True)}">Read the whole article</a></p>'
    return f"<p>{text}</p>{link}" if text else link


# -- writers --------------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None, /, **attrib: str) -> ET.Element:
    """A child element; every text and attribute value cleaned, ElementTree escapes them."""
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrib.items()})
    if text is not None:
        element.text = clean(text)
    return element


def _xml_document(root: ET.Element, stylesheet: str, css: str = "") -> bytes:
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    # A processing instruction's pseudo-attributes are not escaped by ElementTree. Browsers apply
    # the XSL where they have XSLT; without it (Chromium is removing it) they style with the CSS.
    if stylesheet:
        href = html.escape(clean(stylesheet), quote=True)
        head += f'<?xml-stylesheet type="text/xsl" href="{href}"?>\n'
    if css:
        href = html.escape(clean(css), quote=True)
        head += f'<?xml-stylesheet type="text/css" href="{href}"?>\n'
    ET.indent(root, space="  ")
    return (head + ET.tostring(root, encoding="unicode") + "\n").encode("utf-8")


def write_rss(feed: Feed) -> bytes:
    """RSS 2.0 with the content, Dublin Core, Atom and Media RSS extensions."""
    root = ET.Element(
        "rss",
        {
            "version": "2.0",
            "xmlns:atom": NS_ATOM,
            "xmlns:content": NS_CONTENT,
            "xmlns:dc": NS_DC,
            "xmlns:media": NS_MEDIA,
        },
    )
    channel = _sub(root, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", feed.home_url)
    _sub(channel, "description", feed.description or feed.title)
    _sub(channel, "atom:link", href=feed.urls["rss"], rel="self", type=MIME_TYPES["rss"])
    if feed.language:
        _sub(channel, "language", feed.language)
    if feed.updated is not None:
        _sub(channel, "lastBuildDate", rfc822(feed.updated))
    _sub(channel, "generator", GENERATOR)
    if feed.icon:
        image = _sub(channel, "image")
        _sub(image, "url", feed.icon)
        _sub(image, "title", feed.title)
        _sub(image, "link", feed.home_url)
    for item in feed.items:
        entry = _sub(channel, "item")
        _sub(entry, "title", item.title)
        _sub(entry, "link", item.url)
        # The validator rejects isPermaLink="true" on a guid that is not a URL (a `tag:` id).
        _sub(entry, "guid", item.id, isPermaLink="true" if is_web_url(item.id) else "false")
        _sub(entry, "pubDate", rfc822(item.published))
        author = item.author or feed.author
        if author is not None:
            _sub(entry, "dc:creator", author.name)
        if item.summary:
            # RSS readers treat description as HTML: plain text is escaped once more for them.
            _sub(entry, "description", html.escape(item.summary, quote=False))
        if item.content_html:
            _sub(entry, "content:encoded", item.content_html)
        for category in item.categories:
            _sub(entry, "category", category.label)
        if item.image is not None:
            if item.image.length > 0 and item.image.mime_type:
                _sub(
                    entry,
                    "enclosure",
                    url=item.image.url,
                    length=str(item.image.length),
                    type=item.image.mime_type,
                )
            media = {"url": item.image.url, "medium": "image"}
            if item.image.mime_type:
                media["type"] = item.image.mime_type
            if item.image.length > 0:
                media["fileSize"] = str(item.image.length)
            content = _sub(entry, "media:content", **media)
            if item.image.alt:
                _sub(content, "media:description", item.image.alt, type="plain")
    return _xml_document(root, feed.stylesheet, feed.css)


def _atom_person(parent: ET.Element, tag: str, person: Person) -> None:
    element = _sub(parent, tag)
    _sub(element, "name", person.name)
    if person.url:
        _sub(element, "uri", person.url)


def write_atom(feed: Feed) -> bytes:
    """Atom 1.0 (RFC 4287)."""
    attrib = {"xmlns": NS_ATOM}
    if feed.language:
        attrib["xml:lang"] = feed.language
    root = ET.Element("feed", attrib)
    _sub(root, "id", feed.urls["atom"])
    _sub(root, "title", feed.title)
    if feed.description:
        _sub(root, "subtitle", feed.description)
    _sub(root, "link", rel="self", type=MIME_TYPES["atom"], href=feed.urls["atom"])
    _sub(root, "link", rel="alternate", type="text/html", href=feed.home_url)
    _sub(root, "updated", rfc3339(feed.updated_or_epoch))  # required, also without entries
    if feed.author is not None:
        _atom_person(root, "author", feed.author)
    _sub(root, "generator", GENERATOR)
    if feed.icon:
        _sub(root, "icon", feed.icon)
    for item in feed.items:
        entry = _sub(root, "entry")
        _sub(entry, "id", item.id)
        _sub(entry, "title", item.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=item.url)
        _sub(entry, "published", rfc3339(item.published))
        _sub(entry, "updated", rfc3339(item.modified))
        if item.author is not None:
            _atom_person(entry, "author", item.author)
        for category in item.categories:
            _sub(entry, "category", term=category.term, label=category.label)
        if item.image is not None and item.image.length > 0 and item.image.mime_type:
            _sub(
                entry, "link", rel="enclosure", type=item.image.mime_type,
                length=str(item.image.length), href=item.image.url,
            )  # fmt: skip
        if item.summary:
            _sub(entry, "summary", item.summary)
        if item.content_html:
            _sub(entry, "content", item.content_html, type="html")
    return _xml_document(root, feed.stylesheet, feed.css)


def _json_clean(value):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {k: _json_clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_clean(v) for v in value]
    return value


def write_json(feed: Feed) -> bytes:
    """JSON Feed 1.1."""
    document: dict = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.urls["json"],
    }
    if feed.description:
        document["description"] = feed.description
    if feed.icon:
        document["icon"] = feed.icon
    if feed.author is not None:
        document["authors"] = [_json_person(feed.author)]
    if feed.language:
        document["language"] = feed.language
    items = []
    for item in feed.items:
        entry: dict = {"id": item.id, "url": item.url, "title": item.title}
        entry["content_html"] = item.content_html or summary_html(item.summary, item.url)
        if item.summary:
            entry["summary"] = item.summary
        if item.image is not None:
            entry["image"] = item.image.url
        entry["date_published"] = rfc3339(item.published)
        if item.modified != item.published:
            entry["date_modified"] = rfc3339(item.modified)
        if item.author is not None:
            entry["authors"] = [_json_person(item.author)]
        if item.categories:
            entry["tags"] = [c.label for c in item.categories]
        items.append(entry)
    document["items"] = items
    text = json.dumps(_json_clean(document), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def _json_person(person: Person) -> dict:
    return {"name": person.name, **({"url": person.url} if person.url else {})}


WRITERS = {"rss": write_rss, "atom": write_atom, "json": write_json}


def write(feed: Feed, fmt: str) -> bytes:
    return WRITERS[fmt](feed)


# -- OPML -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed of the site in one format, as pages and OPML list it."""

    title: str
    format: str  # "rss" | "atom" | "json"
    url: str  # absolute
    home_url: str = ""

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]

    @property
    def format_name(self) -> str:
        return FORMAT_NAMES[self.format]


@dataclass(frozen=True)
class Outline:
    title: str
    links: tuple[FeedLink, ...] = field(default_factory=tuple)


def write_opml(title: str, groups: Iterable[Outline], date: datetime | None = None) -> bytes:
    """OPML 2.0 for one-click import: one outline per group, one RSS feed per entry; a group
    without a title puts its feeds straight into the body (readers file them under no folder)."""
    root = ET.Element("opml", {"version": "2.0"})
    head = _sub(root, "head")
    _sub(head, "title", title)
    if date is not None:
        _sub(head, "dateCreated", rfc822(date))
    body = _sub(root, "body")
    for group in groups:
        outline = (
            _sub(body, "outline", text=group.title, title=group.title) if group.title else body
        )
        for link in group.links:
            attrib = {"type": "rss", "text": link.title, "title": link.title, "xmlUrl": link.url}
            if link.home_url:
                attrib["htmlUrl"] = link.home_url
            _sub(outline, "outline", **attrib)
    return _xml_document(root, "")


# The one-click file holds only feeds that share no item: a reader that keeps each article once
# (newsboat) would show the overlapping ones empty, and one that does not would show each article
# three to five times. The per-type and per-topic feeds, which overlap "everything" and each other,
# get files of their own for readers who want only part of the site.
OPML_EVERYTHING = "feeds.opml"
OPML_TYPES = "feeds-by-type.opml"
OPML_TOPICS = "feeds-by-topic.opml"


def subscription_opml(
    site_name: str,
    everything: FeedLink | None,
    river: FeedLink | None = None,
    date: datetime | None = None,
) -> bytes:
    """`feeds.opml`: the site's feed of everything and, when there is one, the Around the web
    feed (foreign articles, so no overlap), flat in the body."""
    links = tuple(link for link in (everything, river) if link is not None)
    return write_opml(f"{site_name}: every new article", [Outline("", links)], date)


def preferred(links: Iterable[FeedLink]) -> FeedLink | None:
    """The link OPML should carry: RSS when the site writes it (every reader reads it)."""
    links = tuple(links)
    return next((link for link in links if link.format == "rss"), links[0] if links else None)
