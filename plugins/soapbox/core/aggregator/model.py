"""The aggregator's records: the contract between its stages.

    fetch (fetch.py over transport.py, the only network code)  -> FetchResult
    parse (parse.py: feedparser + jsonfeed.py)  -> ParsedFeed of RawEntry
    sanitize + normalise (sanitize.py, normalise.py) -> Item
    snapshot (snapshot.py: atomic on-disk cache + per-source HTTP state) -> Snapshot
    render (soapbox.mkdocs.aggregator + templates) reads a Snapshot only.

Framework-free: no MkDocs, no HTTP client here. All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Source:
    """One blog the author follows (mkdocs.yml `soapbox.aggregator.sources`, or OPML import)."""

    name: str
    feed_url: str  # http(s); the key of the source everywhere (snapshot, health report)
    site_url: str = ""  # the blog's home page; empty -> taken from the feed
    topics: tuple[str, ...] = ()  # topic hints: slugs of the site's vocabulary
    max_items: int = 10  # newest items kept from this source
    max_age_days: int | None = 90  # older items are dropped; None keeps all
    include: tuple[str, ...] = ()  # keep only items mentioning one of these (case-insensitive)
    exclude: tuple[str, ...] = ()  # drop items mentioning any of these


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one conditional GET of a source produced. Never raises: failures are data."""

    feed_url: str  # the configured URL (the source key)
    final_url: str  # after redirects; base for relative links
    status: int | None  # last HTTP status; None when no response (DNS, refused, timeout)
    body: bytes | None  # None on 304 and on errors
    headers: dict[str, str] = field(
        default_factory=dict
    )  # lower-case names (content-type, etag ...)
    not_modified: bool = False  # 304: reuse the stored items
    error: str = ""  # one line a person can act on, naming the URL; "" on success
    permanent_redirect: str = ""  # 301/308 target: the URL to put in the config
    discovered_feed: str = ""  # an HTML page came back; this is the feed it links to
    retry_after: datetime | None = None  # from Retry-After on 429/503
    etag: str = ""
    last_modified: str = ""
    elapsed: float = 0.0  # seconds
    truncated: str = ""  # the body stopped at the byte cap: the sentence saying so ("" if whole)
    fresh_until: datetime | None = None  # Cache-Control max-age / Expires: not worth asking before


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One entry as the feed says it, before sanitising. Strings are untrusted."""

    guid: str
    link: str  # resolved against xml:base / the feed URL; may still be non-http
    title: str  # may contain markup or entities (title_type says)
    title_type: str  # "text" | "html"
    content_html: str  # the fullest body the feed offers (content > summary), untrusted HTML
    author: str
    published: datetime | None
    updated: datetime | None
    categories: tuple[str, ...] = ()
    image: str = ""  # media:thumbnail / enclosure image / JSON Feed image, if any
    base_url: str = (
        ""  # base for relative URLs still in content_html (content edge: "" = the feed URL)
    )


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    site_url: str
    entries: tuple[RawEntry, ...]
    warnings: tuple[
        str, ...
    ] = ()  # survivable problems (bozo, skipped entries, charset) naming the URL
    error: str = ""  # unparseable: "" when usable


@dataclass(frozen=True, slots=True)
class Item:
    """One curated, sanitised post from another blog, ready to render. Safe by construction:
    `title`, `author`, `source_name` are plain text (templates still escape them);
    `excerpt_html` passed the nh3 allow-list; `link` is http(s)."""

    id: str  # stable dedupe key (guid, else link)
    source: str  # Source.feed_url
    source_name: str
    source_site: str
    title: str
    link: str
    author: str
    published: datetime  # clamped to the fetch time; first-seen time when the feed had none
    date_estimated: bool  # True when `published` is the first-seen time
    excerpt_html: str
    excerpt_text: str
    categories: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # slugs of the site's topics (classify)
    image: str = ""


@dataclass(slots=True)
class SourceState:
    """Everything remembered about one source between runs (JSON in the snapshot)."""

    feed_url: str
    etag: str = ""
    last_modified: str = ""
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str = ""
    failing_since: datetime | None = None  # first failure of the current run of failures
    not_before: datetime | None = (
        None  # Retry-After / backoff (the minimum interval uses last_attempt)
    )
    fetches: int = 0  # attempts answered with a feed (200) or 304
    not_modified: int = 0  # count of 304 answers (health: 304 rate = not_modified / fetches)
    failures: int = 0  # consecutive failed attempts (backoff on 429/503); 0 after a success
    errors: int = 0  # failed attempts in total
    fingerprint: str = (
        ""  # the source's settings when `items` were made; a change forces a full GET
    )
    permanent_redirect: str = ""  # remembered: later fetches ask this URL, not the configured one
    discovered_feed: str = ""
    fresh_until: datetime | None = None  # Cache-Control max-age / Expires (+ jitter)
    gone: datetime | None = None  # answered 410 Gone then: not asked again (unless forced)
    unreadable_validators: bool = False  # etag/last_modified are those of an unreadable body
    warnings: list[str] = field(default_factory=list)
    first_seen: dict[str, datetime] = field(default_factory=dict)  # item id -> first-seen time
    items: list[Item] = field(default_factory=list)  # the last good items


@dataclass(slots=True)
class Snapshot:
    fetched_at: datetime | None  # last completed refresh; None = never
    sources: dict[str, SourceState] = field(default_factory=dict)  # by feed_url
