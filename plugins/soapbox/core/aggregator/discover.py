"""Feed discovery: is a fetched body an HTML page rather than a feed, and which feed does the page
announce? Pure functions over bytes (the fetch stage calls them; so can an importer or a check).

- `looks_like_html(body, content_type)`: a page, not a feed. The first bytes are read in the
  document's own encoding (a BOM, or the UTF-16/32 byte pattern of `<`), so a UTF-16 feed served
  as text/html is still recognised as a feed.
- `discover_feed(page, page_url, content_type)`: the feed a page links to with
  `<link rel="alternate">` (RSS, Atom, RSS 1.0/RDF, JSON Feed), as an absolute http(s) URL.
"""

from __future__ import annotations

import html.parser
import re
from urllib.parse import urljoin, urlsplit

from .decode import BOMS as _BOMS
from .decode import NO_BOM_PATTERNS as _NO_BOM_PATTERNS

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
)
_SNIFF = 64 * 1024

# --- HTML instead of a feed: detection and autodiscovery --------------------------------------

_FEED_MARKERS = re.compile(
    r"<(?:rss|feed|rdf:rdf|channel)[\s>]|\"version\"\s*:\s*\"https?://jsonfeed\.org", re.I
)
_HTML_MARKERS = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>]", re.I)
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)


def _wide_codec(head: bytes) -> str:
    """The codec a BOM or the UTF-16/32 byte pattern of `<` names ("" for ASCII-compatible
    bytes)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    for pattern, codec in _NO_BOM_PATTERNS:
        if head.startswith(pattern):
            return codec
    return ""


def _sniff_text(head: bytes) -> str:
    """The first bytes as text good enough to look for markup: UTF-16/32 (BOM or byte pattern)
    decoded as such, anything else byte for byte (every ASCII marker stays where it is)."""
    codec = _wide_codec(head)
    if codec:
        return head.decode(codec, "replace").lstrip("\ufeff")
    return head.decode("latin-1")


def looks_like_html(body: bytes, content_type: str) -> bool:
    """An HTML page, not a feed: declared as HTML or starting like one, and no feed root element
    near the top (a feed served as text/html, or with an HTML doctype in front, is still a feed;
    so is a UTF-16 feed, whose bytes hold no ASCII `<rss`)."""
    head = _sniff_text(body[:_SNIFF])
    if _FEED_MARKERS.search(head):
        return False
    declared = content_type.split(";", 1)[0].strip().lower() in (
        "text/html",
        "application/xhtml+xml",
    )
    return declared or bool(_HTML_MARKERS.search(head[:4096]))


class _LinkFinder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.base = ""
        self.feeds: list[tuple[bool, str]] = []

    def handle_starttag(self, tag, attrs):
        found = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and not self.base:
            self.base = found.get("href", "").strip()
        elif tag == "link":
            rels = found.get("rel", "").lower().split()
            kind = found.get("type", "").split(";", 1)[0].strip().lower()
            href = found.get("href", "").strip()
            if "alternate" in rels and kind in FEED_TYPES and href:
                self.feeds.append((kind == "application/json", href))  # plain JSON last
        elif tag == "body":
            raise _EndOfHead


class _EndOfHead(Exception):
    pass


def discover_feed(page: bytes, page_url: str, content_type: str = "") -> str:
    """The feed an HTML page announces with <link rel="alternate" type="application/rss+xml |
    atom+xml | feed+json">, as an absolute http(s) URL ("" when none): the first in document
    order, a plain application/json link only when nothing better is there."""
    head = page[: 512 * 1024]
    wide = _wide_codec(head)
    charset = _CHARSET.search(content_type)
    label = wide or (charset.group(1) if charset else "utf-8")
    try:
        text = head.decode(label, errors="replace")
    except LookupError:
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    finder = _LinkFinder()
    try:
        finder.feed(text)
        finder.close()
    except _EndOfHead:
        pass
    except Exception:  # noqa: BLE001 - html.parser is lenient; a pathological page finds nothing
        pass
    base = urljoin(page_url, finder.base) if finder.base else page_url
    for _, href in sorted(finder.feeds, key=lambda pair: pair[0]):  # stable: document order kept
        url = urljoin(base, href)
        if _fetchable(url):
            return url
    return ""


def _fetchable(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
