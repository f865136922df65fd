"""Received Webmentions, fetched at build time from a webmention.io-style JSON API.

The same stages as the aggregator: fetch (its polite, bounded `fetch`) -> parse -> sanitise (its
nh3-based `plain_text` and `safe_url`) -> snapshot (`mentions.json` in the cache folder) -> render.
Everything kept is plain text or an http(s) URL; templates escape both, so nothing a sender writes
can run. A failed fetch or a bad answer keeps the last good snapshot; nothing breaks the build.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..aggregator import sanitize
from ..aggregator.fetch import Limits, fetch
from ..files import atomic_write

FILE_NAME = "mentions.json"
MAX_MENTIONS = 2_000  # read from one answer; the rest is ignored
MAX_PER_ARTICLE = 50  # newest first
MAX_EXCERPT = 280  # characters
MAX_BYTES = 2 * 1024 * 1024
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]*)?$")
KINDS = {
    "in-reply-to": "replied",
    "like-of": "liked",
    "repost-of": "reposted",
    "bookmark-of": "bookmarked",
    "mention-of": "mentioned",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """One received mention, sanitised: plain text and http(s) URLs only."""

    target: str  # the article's URL, normalised (see `normalise`)
    source: str  # the page that mentions it
    author: str
    author_url: str
    kind: str  # a value of KINDS
    published: str  # ISO 8601 as sent, or ""
    excerpt: str


@dataclass(frozen=True, slots=True)
class Refresh:
    mentions: list[Mention]
    message: str  # one line for the build log
    ok: bool


def normalise(url: str) -> str:
    """Compare targets without scheme, query, fragment or trailing slash differences."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", parts.netloc.lower(), path, "", ""))


def parse(data: bytes) -> list[Mention]:
    """Mentions from a jf2 feed (`{"children": [...]}`) or a plain list. ValueError when the
    answer is not that; single bad entries are skipped."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ValueError(f"is not JSON ({str(exc)[:80]})") from None
    children = document.get("children") if isinstance(document, dict) else document
    if not isinstance(children, list):
        raise ValueError('is not a list of mentions (expected {"children": [...]})')
    found = [m for entry in children[:MAX_MENTIONS] if (m := _mention(entry)) is not None]
    return found


def _text(value: object, limit: int) -> str:
    return sanitize.plain_text(value, limit=limit) if isinstance(value, str) else ""


def _mention(entry: object) -> Mention | None:
    if not isinstance(entry, dict):
        return None
    target = sanitize.safe_url(_str(entry.get("wm-target")), private=False)
    source = sanitize.safe_url(_str(entry.get("url") or entry.get("wm-source")), private=False)
    if not target or not source:
        return None
    author = entry.get("author") if isinstance(entry.get("author"), dict) else {}
    assert isinstance(author, dict)
    content = entry.get("content")
    text = ""
    if isinstance(content, dict):
        text = _text(content.get("text"), MAX_EXCERPT) or _text_html(content.get("html"))
    elif isinstance(content, str):
        text = _text(content, MAX_EXCERPT)
    kind = KINDS.get(_str(entry.get("wm-property")), "mentioned")
    published = _text(entry.get("published") or entry.get("wm-received"), 40)
    if not _ISO_DATE.match(published):
        published = ""
    return Mention(
        target=normalise(target),
        source=source,
        author=_text(author.get("name"), sanitize.MAX_NAME) or urlsplit(source).hostname or "",
        author_url=sanitize.safe_url(_str(author.get("url")), private=False),
        kind=kind,
        published=published,
        excerpt=text or _text(entry.get("name"), MAX_EXCERPT),
    )


def _text_html(value: object) -> str:
    return sanitize.plain_text(value, "html", limit=MAX_EXCERPT) if isinstance(value, str) else ""


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def by_target(mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    """Article URL (normalised) -> its mentions, newest first, at most MAX_PER_ARTICLE, each
    source once."""
    grouped: dict[str, dict[tuple[str, str], Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.target, {})[(mention.source, mention.kind)] = mention
    return {
        target: sorted(found.values(), key=lambda m: m.published, reverse=True)[:MAX_PER_ARTICLE]
        for target, found in grouped.items()
    }


# --- snapshot ---------------------------------------------------------------------------------


def load(cache_dir: str | os.PathLike) -> tuple[list[Mention], str]:
    """The last good mentions, and a warning when the snapshot exists but cannot be read."""
    path = Path(cache_dir) / FILE_NAME
    if not path.is_file():
        return [], ""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["mentions"]
        return [Mention(**{k: str(row[k]) for k in Mention.__slots__}) for row in rows], ""
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [], f"{path} cannot be read ({type(exc).__name__}); mentions start afresh"


def save(mentions: list[Mention], cache_dir: str | os.PathLike, fetched: datetime) -> Path:
    """Atomically: a crash never leaves half a snapshot."""
    folder = Path(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    payload = {"fetched": fetched.isoformat(), "mentions": [asdict(m) for m in mentions]}
    data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
    atomic_write(folder / FILE_NAME, data, prefix=".mentions-")
    return folder / FILE_NAME


def shown(url: str) -> str:
    """The API URL for logs: without its query, which often holds a token."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "…" if parts.query else "", ""))


def refresh(
    api_url: str, cache_dir: str | os.PathLike, now: datetime, *, user_agent: str, deadline: float
) -> Refresh:
    """Fetch, parse and keep the mentions; on any failure the last good snapshot stays."""
    result = fetch(
        api_url, now=now, user_agent=user_agent,
        limits=Limits.for_deadline(deadline, max_bytes=MAX_BYTES),
    )  # fmt: skip
    last, _ = load(cache_dir)
    where = shown(api_url)
    if result.error or result.body is None:
        why = result.error or f"{api_url} answered HTTP {result.status} without a body"
        why = why.replace(api_url, where)
        return Refresh(last, f"{why}; the last {len(last)} mention(s) stay", ok=False)
    try:
        mentions = parse(result.body)
    except ValueError as exc:
        return Refresh(last, f"{where} {exc}; the last {len(last)} mention(s) stay", ok=False)
    try:
        save(mentions, cache_dir, now)
    except OSError as exc:
        return Refresh(mentions, f"fetched, but {exc}; they are shown, not kept", ok=False)
    return Refresh(mentions, f"fetched {len(mentions)} mention(s) from {where}", ok=True)
