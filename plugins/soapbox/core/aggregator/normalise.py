"""Sanitise + normalise stage: ParsedFeed -> Items of one source (`to_items`), and the river of all
sources (`merge`).

`to_items` runs when a source was fetched (its result is stored in the snapshot); `merge` runs at
render time over the snapshot, so a change of vocabulary or of the dedupe rules needs no refetch.

Identity and duplicates:
- An item's id is its GUID; without one (or with a GUID the feed reuses for another link) the
  normalised link; without either, a hash of its title and text.
- Within a source, an entry repeating a link or a GUID already seen is the same post told twice.
- Across sources, the same GUID, the same normalised link (scheme, `www.`, port, `utm_*` and other
  tracking parameters, fragment and trailing slash ignored), or the same normalised title together
  with the same text is one post (a title alone is not: one blog's "Weekly links" are many posts);
  an item with neither a link nor a title of its own is known by its text. The copy published
  first is kept (the original, not the syndicated one); ties go to the source listed first.

Order: newest first by date; equal or missing dates keep the feed's own order (first in the
document = newest). An undated item shows the time Soapbox first saw it, but ranks no higher than
the dated item before it in its feed, so an archive of undated entries never pushes newer posts out.

Dates: `published`, else `updated`; an entry with neither gets the time Soapbox first saw it
(`first_seen`, persisted in the snapshot, so it stays put across builds) and `date_estimated`;
a date in the future is clamped to the first-seen time (never after the fetch), so a feed cannot
pin itself to the top of the river.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..kept import Kept
from ..topics import Vocabulary
from .classify import classifier
from .model import Item, ParsedFeed, RawEntry, Source
from .sanitize import (
    MAX_NAME,
    MAX_TITLE,
    excerpt,
    is_private_host,
    plain_text,
    reclean_excerpt,
    safe_url,
    text_of,
    tidy_text,
)

_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok|igshid|ref_src)$",
    re.I,
)
_GOOGLE_REDIRECT_HOSTS = frozenset({"www.google.com", "google.com"})
_MAX_CATEGORIES = 12
UNTITLED = "Untitled post"


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def unwrap_redirect(url: str) -> str:
    """Google Alerts and search links wrap the real address (`google.com/url?url=...`)."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() in _GOOGLE_REDIRECT_HOSTS and parts.path == "/url":
        query = dict(parse_qsl(parts.query))
        target = safe_url(query.get("url") or query.get("q") or "")
        if target:
            return target
    return url


def normalise_link(url: str) -> str:
    """A comparison key for a link: `HTTPS://www.Example.com:443/a/?utm_source=x#top` and
    `http://example.com/a` are the same."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    if host.startswith("www."):
        host = host[4:]
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if port in (None, default) else f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return f"{netloc}{path}{'?' + query if query else ''}"


def normalise_title(title: str) -> str:
    """A comparison key for a title ("" when too short to identify a post)."""
    text = unicodedata.normalize("NFKC", title).casefold()
    words = re.findall(r"\w+", text)
    return " ".join(words) if len(words) >= 3 else ""


def _hash_id(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()[:24]
    return f"urn:soapbox:item:{digest}"


def _keyword_pattern(words: Iterable[str]) -> re.Pattern | None:
    cleaned = [w.strip().casefold() for w in words if w and w.strip()]
    if not cleaned:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in cleaned))


def to_items(
    parsed: ParsedFeed,
    source: Source,
    *,
    first_seen: dict[str, datetime],
    now: datetime,
    excerpt_words: int = 60,
    warnings: list[str] | None = None,
) -> list[Item]:
    """Sanitised, de-duplicated, dated, filtered Items of one source, newest first, at most
    `source.max_items`. Updates `first_seen` in place (item id -> first-seen time; ids no longer in
    the feed are forgotten) so that dates Soapbox had to supply stay stable across runs.
    Problems with single entries are appended to `warnings` (naming the feed URL); an entry that
    cannot be used is skipped, never the feed."""
    now = _utc(now)
    problems = warnings if warnings is not None else []
    private = is_private_host(source.feed_url)
    reading = _Reading(
        source=source,
        source_name=(
            plain_text(source.name, limit=MAX_NAME)
            or urlsplit(source.feed_url).hostname
            or source.feed_url
        ),
        site=(
            safe_url(source.site_url)
            or safe_url(parsed.site_url, private=private)
            or _origin(source.feed_url)
        ),
        first_seen=first_seen,
        now=now,
        excerpt_words=excerpt_words,
        private=private,
    )
    wanted = _KeywordFilter(_keyword_pattern(source.include), _keyword_pattern(source.exclude))
    items: list[Item] = []
    no_link = 0
    for index, entry in enumerate(parsed.entries):
        try:
            item = _item(entry, reading)
        except _NoLink:
            no_link += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one bad entry never drops the feed
            problems.append(
                f"{source.feed_url}: skipped entry {index + 1}: {type(exc).__name__}: {exc}"
            )
            continue
        if item is not None and wanted.keeps(item, entry):
            items.append(item)
    if no_link:
        problems.append(
            f"{source.feed_url}: {no_link} entries have no http(s) link and the feed names no site "
            "to link"
            " to instead; they were left out"
        )
    for stale in set(first_seen) - reading.current:
        del first_seen[stale]
    if source.max_age_days is not None and source.max_age_days > 0:
        cutoff = now - timedelta(days=source.max_age_days)
        items = [i for i in items if i.published >= cutoff]
    return in_feed_order(items)[: max(source.max_items, 0)]


@dataclass(frozen=True, slots=True)
class _KeywordFilter:
    """A source's `include` / `exclude` keywords, matched against an item's title, text and
    categories."""

    include: re.Pattern | None
    exclude: re.Pattern | None

    def keeps(self, item: Item, entry: RawEntry) -> bool:
        if self.include is None and self.exclude is None:
            return True
        words = " ".join(item.categories)
        haystack = f"{item.title}\n{text_of(entry.content_html)}\n{words}".casefold()
        if self.include is not None and not self.include.search(haystack):
            return False
        return not (self.exclude is not None and self.exclude.search(haystack))


@dataclass
class _Reading:
    """One source's entries being read: what every item is made with, and what was taken so far
    (links, GUIDs, ids) so that a later duplicate is left out."""

    source: Source
    source_name: str
    site: str
    first_seen: dict[str, datetime]
    now: datetime
    excerpt_words: int
    # Links to private hosts (a feed published with its development URL) are broken on a public
    # page; they are allowed only when the feed itself is served from such a host (an intranet).
    private: bool
    seen_links: set[str] = field(default_factory=set)
    seen_guids: dict[str, str] = field(default_factory=dict)
    seen_ids: set[str] = field(default_factory=set)
    current: set[str] = field(default_factory=set)  # ids in the feed now

    def take(self, identifier: str, key: str, guid: str) -> None:
        """Remember an item as taken."""
        if key:
            self.seen_links.add(key)
        if guid:
            self.seen_guids.setdefault(guid, key)
        self.seen_ids.add(identifier)
        self.current.add(identifier)


def rank_dates(items: Sequence[Item]) -> list[datetime]:
    """The date each item ranks by, for items in the feed's order: its own date, except that an
    undated item (dated by when Soapbox first saw it) never ranks above the dated item before it
    in the feed, so old undated entries cannot push newer posts out."""
    ranks: list[datetime] = []
    previous: datetime | None = None
    for item in items:
        rank = item.published
        if item.date_estimated and previous is not None:
            rank = min(rank, previous)
        ranks.append(rank)
        previous = rank
    return ranks


def in_feed_order(items: Sequence[Item]) -> list[Item]:
    """Newest first by `rank_dates`; equal (or missing) dates keep the feed's own order, first in
    the document = newest."""
    ranks = rank_dates(items)
    order = sorted(range(len(items)), key=lambda n: (-ranks[n].timestamp(), n))
    return [items[n] for n in order]


class _NoLink(Exception):
    """An entry with no http(s) link of its own and no site to link to instead."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return (
        f"{parts.scheme}://{parts.netloc}/"
        if parts.scheme in ("http", "https") and parts.netloc
        else ""
    )


def _item(entry: RawEntry, reading: _Reading) -> Item | None:
    """The entry as an Item; None for a duplicate of an entry already taken; _NoLink when there is
    nothing to link to."""
    source = reading.source
    base = safe_url(entry.base_url) or safe_url(source.feed_url)
    own_link = safe_url(unwrap_redirect(safe_url(entry.link, base)), private=reading.private)
    guid = " ".join(entry.guid.split())[:500]
    if not own_link and guid:
        # RSS permalink GUIDs are the post's address
        own_link = safe_url(guid, private=reading.private)
    key = normalise_link(own_link) if own_link else ""
    if _already_taken(reading, key, guid):
        return None
    cut = excerpt(
        entry.content_html, own_link or base, words=reading.excerpt_words, private=reading.private
    )
    title = plain_text(entry.title, entry.title_type)
    if guid and guid not in reading.seen_guids:
        identifier = guid
    elif key:
        identifier = own_link
    else:
        identifier = _hash_id(source.feed_url, title, cut.text)
    if identifier in reading.seen_ids:
        return None
    link = own_link or reading.site
    if not link:
        raise _NoLink
    reading.take(identifier, key, guid)
    published, estimated = _published(entry, identifier, reading)
    categories = tuple(
        dict.fromkeys(c for c in (plain_text(c, limit=60) for c in entry.categories) if c)
    )
    return Item(
        id=identifier,
        source=source.feed_url,
        source_name=reading.source_name,
        source_site=reading.site,
        title=title or _first_words_title(cut.text),
        link=link,
        author=plain_text(entry.author, limit=MAX_NAME),
        published=published,
        date_estimated=estimated,
        excerpt_html=cut.html,
        excerpt_text=cut.text,
        categories=categories[:_MAX_CATEGORIES],
        topics=(),
        image=safe_url(entry.image),
    )


def _already_taken(reading: _Reading, key: str, guid: str) -> bool:
    """The entry repeats a link already taken, or a GUID already taken (with the same link)."""
    if key and key in reading.seen_links:
        return True
    return (
        bool(guid) and guid in reading.seen_guids and (not key or reading.seen_guids[guid] == key)
    )


def _published(entry: RawEntry, identifier: str, reading: _Reading) -> tuple[datetime, bool]:
    """The item's date and whether Soapbox supplied it: the entry's own, else when the item was
    first seen; a future date is pinned to when it was first seen."""
    seen_at = _utc(reading.first_seen.setdefault(identifier, reading.now))
    date = entry.published or entry.updated
    published = seen_at if date is None else _utc(date)
    if published > reading.now:
        published = min(seen_at, reading.now)
    return published, date is None


def _first_words_title(text: str) -> str:
    """A title for an untitled entry: its first twelve words, or UNTITLED."""
    words = text.rstrip("…").split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "") if words else UNTITLED


def merge(
    items_by_source: Mapping[str, Sequence[Item]],
    *,
    vocabulary: Vocabulary | None = None,
    hints: Mapping[str, Sequence[str]] | None = None,
    limit: int | None = None,
) -> list[Item]:
    """All sources' items as one river: duplicates across sources removed (see the module
    docstring), classified into the vocabulary's topics when one is given (`hints`: the source's
    topic slugs by feed URL), newest first. Each source's list is in its feed's order (as
    `to_items` stores it): among equal dates that order is kept, and an undated item ranks no
    higher than the item before it in its own feed; remaining ties go to the source listed first."""
    order = {feed_url: index for index, feed_url in enumerate(items_by_source)}
    ranked: list[tuple[datetime, int, int, Item]] = []
    for feed_url, items in items_by_source.items():
        for position, (rank, item) in enumerate(zip(rank_dates(items), items, strict=True)):
            ranked.append((rank, order[feed_url], position, item))
    # The copy published first is the original: it claims the post's keys.
    by_age = sorted(ranked, key=lambda r: (r[3].published, r[1], r[2]))
    kept: list[tuple[datetime, int, int, Item]] = []
    claimed: set[tuple[str, ...]] = set()
    classified = classifier(vocabulary) if vocabulary is not None else None
    _KEYS.new_round()
    for rank, source_index, position, item in by_age:
        keys = _KEYS.value(item, partial(_frozen_keys, item))
        if keys & claimed:
            continue
        claimed |= keys
        if classified is not None:
            hinted = tuple((hints or {}).get(item.source, ()))
            item = replace(item, topics=classified(item, hinted))
        kept.append((rank, source_index, position, item))
    kept.sort(key=lambda r: (-r[0].timestamp(), r[1], r[2]))
    river = [r[3] for r in kept]
    return river[:limit] if limit is not None else river


#: Each item's identity keys (a pure function of the item), kept across `mkdocs serve` rebuilds.
_KEYS: Kept[Item, frozenset[tuple[str, ...]]] = Kept()


def _frozen_keys(item: Item) -> frozenset[tuple[str, ...]]:
    return frozenset(identity_keys(item))


def identity_keys(item: Item) -> set[tuple[str, ...]]:
    """What makes two items one post: the same id (GUID), the same normalised link (a blog's home
    page is no post's identity), or the same title *and* the same text. A title alone is not
    enough ("Weekly links", release notes); an item with neither a link nor a title of its own is
    known by its text."""
    keys: set[tuple[str, ...]] = {("id", item.id)}
    link = normalise_link(item.link)
    own_link = bool(link) and link != normalise_link(item.source_site)
    if own_link:
        keys.add(("link", link))
    text = " ".join(unicodedata.normalize("NFKC", item.excerpt_text).casefold().split())
    digest = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:24] if text else ""
    title = normalise_title(item.title)
    if title and digest:
        keys.add(("title", title, digest))
    # No title of its own: "Untitled post", or its first words (see `_item`).
    untitled = item.title == UNTITLED or item.excerpt_text.startswith(item.title.rstrip("…"))
    if not own_link and untitled and digest:
        keys.add(("text", digest))
    return keys


def revalidate(item: Item) -> Item | None:
    """An item read back from the snapshot, held to today's rules before it is rendered: links
    http(s) only, text plain, the excerpt through the allow-list again. None when it has no
    usable link. (The snapshot is a file on disk; it may be old, edited or damaged.)"""
    link = safe_url(item.link) or safe_url(item.source_site)
    if not link:
        return None
    return replace(
        item,
        link=link,
        source_site=safe_url(item.source_site),
        title=tidy_text(item.title, limit=MAX_TITLE) or UNTITLED,
        author=tidy_text(item.author, limit=MAX_NAME),
        source_name=tidy_text(item.source_name, limit=MAX_NAME),
        excerpt_html=reclean_excerpt(item.excerpt_html),
        excerpt_text=tidy_text(item.excerpt_text, limit=5000),
        image=safe_url(item.image),
    )
