"""Any RSS, Atom or JSON feed (or a saved feed file) -> `ImportedPost`s.

Wix, Squarespace, Ghost, Medium, Substack and Blogger all publish one; most carry the full text
(`content:encoded`, Atom `content`, JSON Feed `content_html`), some only a summary, which is then
what the post gets. The bytes come from the aggregator's fetch stage (polite, bounded, a web page
instead of a feed named as such) and are read by its parse stage (feedparser behind a hardened
boundary, JSON Feed by its own reader); nothing here touches the network or XML directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from ..aggregator.fetch import Limits, fetch
from ..aggregator.model import FetchResult, RawEntry
from ..aggregator.parse import parse_feed
from ..aggregator.sanitize import plain_text
from ..foreign_fields import normalise_alias
from ..urls import slugify
from .convert import html_to_markdown
from .model import ImportedPost, ImportFailed, ReadResult, Skipped

MAX_ENTRIES = 10_000
FEED_LIMIT_BYTES = 50 * 1024 * 1024  # an export of a whole blog is bigger than a feed
_WXR = re.compile(rb"xmlns:wp=\"http://wordpress\.org/export/")
_GHOST_EXPORT = re.compile(rb'^\s*\{\s*"db"\s*:')
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html)[\s>]", re.I)


def _load(source: str, now: datetime, user_agent: str) -> FetchResult:
    if source.startswith(("http://", "https://")):
        result = fetch(
            source, now=now, user_agent=user_agent,
            limits=Limits.for_deadline(60.0, max_bytes=FEED_LIMIT_BYTES),
        )  # fmt: skip
        if result.error:
            raise ImportFailed(result.error)
        return result
    path = Path(source)
    if not path.is_file():
        raise ImportFailed(
            f"{source}: no such file; pass the feed's URL (https://...) or a saved file"
        )
    body = path.read_bytes()
    if _HTML_START.match(body[:4096]):
        raise ImportFailed(
            f"{source}: is a web page (HTML), not a feed; save the blog's RSS, Atom or JSON feed"
            " (often /feed, /rss or /feed.xml) instead"
        )
    if _WXR.search(body[:8192]):
        raise ImportFailed(
            f"{source}: is a WordPress export (also what Squarespace exports); import it with"
            f" 'soapbox import wordpress {source}' to keep drafts, pages and comments"
        )
    if _GHOST_EXPORT.match(body[:1024]):
        raise ImportFailed(
            f"{source}: is Ghost's JSON backup, which Soapbox does not read; import the blog's"
            " feed instead (https://your-blog/rss/): it carries the full text of each post"
        )
    return FetchResult(feed_url=source, final_url="", status=200, body=body)


def read_feed(
    source: str,
    *,
    now: datetime,
    user_agent: str,
    type_for: Callable[[str, tuple[str, ...]], str | None] | None = None,
) -> ReadResult:
    """Every entry of the feed as a post; entries without a title, text or date are skipped."""
    parsed = parse_feed(_load(source, now, user_agent), max_entries=MAX_ENTRIES)
    if parsed.error:
        raise ImportFailed(parsed.error)
    if not parsed.entries:
        raise ImportFailed(f"{source}: the feed has no entries; nothing to import")
    result = ReadResult(site_url=parsed.site_url, warnings=list(parsed.warnings))
    # Old addresses are kept only on the blog's own host: a FeedBurner or tracking link in
    # front of the post is not an address anyone linked to.
    home = urlsplit(parsed.site_url).hostname or ""
    for number, entry in enumerate(parsed.entries, start=1):
        read = _read_entry(number, entry, home, type_for)
        if isinstance(read, Skipped):
            result.skipped.append(read)
        else:
            result.posts.append(read)
    return result


def _read_entry(
    number: int,
    entry: RawEntry,
    home: str,
    type_for: Callable[[str, tuple[str, ...]], str | None] | None,
) -> ImportedPost | Skipped:
    """One feed entry -> the post, or why it is skipped (no title, date, text or id)."""
    title = plain_text(entry.title, entry.title_type)
    label = f"entry {number} '{title or '(untitled)'}'"
    if not title:
        return Skipped(label, "has no title")
    date = entry.published or entry.updated
    if date is None:
        return Skipped(label, "has no date; add the post by hand")
    body, flags = html_to_markdown(entry.content_html, entry.base_url)
    if not body.strip():
        return Skipped(label, "has no text in the feed")
    key = entry.guid or entry.link
    if not key:
        return Skipped(label, "has neither an id nor a link to recognise it by")
    slug, aliases = _old_address(entry.link, home)
    categories = tuple(c for c in entry.categories if c.strip())
    return ImportedPost(
        import_id=f"feed:{urlsplit(key).netloc or 'feed'}:{key}",
        label=label, title=title, date=date, body=body,
        type_key=type_for("post", categories) if type_for else None,
        slug=slug or slugify(title), topics=categories, categories=categories,
        author=entry.author, image_url=entry.image, image_alt=title if entry.image else "",
        aliases=aliases, flags=tuple(flags),
    )  # fmt: skip


def _old_address(link: str, home: str) -> tuple[str, tuple[str, ...]]:
    """The slug its old address suggests and that address as an alias, for a link on the blog's
    own host ("", () otherwise)."""
    if not link or (home and urlsplit(link).hostname != home):
        return "", ()
    path, _ = normalise_alias(link)
    if not path:
        return "", ()
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return slugify(last.rsplit(".", 1)[0] if "." in last else last), (path,)
