"""A small reader for JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).

feedparser 6 does not read JSON Feed, so this turns a decoded JSON document into the same
`ParsedFeed` the XML path produces. Tolerant where real feeds are sloppy (a missing `version`, an
`author` object in a 1.1 feed, dates without seconds), strict where it matters: anything that is not
an object with an `items` list is not a feed, and one malformed item is skipped with a warning,
never the whole feed.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from html import unescape
from urllib.parse import urljoin

from .model import ParsedFeed, RawEntry

_MAX_DEPTH_HINT = "a JSON Feed is an object with a 'version' and an 'items' list"


def looks_like_json(body: bytes, content_type: str) -> bool:
    """JSON Feed is recognised by its media type or by a document that starts with `{`."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in ("application/feed+json", "application/json") or media.endswith("+json"):
        return True
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


def parse_date(value: object) -> datetime | None:
    """RFC 3339 (what the spec requires), tolerating a `Z`, a missing time or missing seconds."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("z", "Z")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _author(item: Mapping, feed: Mapping) -> str:
    for holder in (item, feed):
        authors = holder.get("authors")
        if isinstance(authors, list):
            names = [_text(a.get("name")) for a in authors if isinstance(a, Mapping)]
            names = [n for n in names if n.strip()]
            if names:
                return ", ".join(names)
        author = holder.get("author")  # JSON Feed 1.0 (and 1.1 feeds that still use it)
        if isinstance(author, Mapping) and _text(author.get("name")).strip():
            return _text(author.get("name"))
    return ""


def _url(value: object, base: str) -> str:
    text = _text(value).strip()
    return urljoin(base, text) if text else ""


def parse(text: str, base_url: str, *, max_entries: int = 200) -> ParsedFeed:
    """A decoded JSON Feed document -> ParsedFeed. Never raises."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return ParsedFeed(
            "", "", (), error=f"{base_url}: not valid JSON ({exc}); {_MAX_DEPTH_HINT}"
        )
    return _from_document(document, base_url, max_entries)


_ITEMS = re.compile(r'"items"\s*:\s*\[')


def parse_partial(text: str, base_url: str, note: str, *, max_entries: int = 200) -> ParsedFeed:
    """A JSON Feed cut off at the byte cap: the top-level fields before `items` and every item
    that arrived whole, with `note` as a warning. Never raises."""
    start = _ITEMS.search(text)
    if start is None:
        return ParsedFeed("", "", (), error=f"{note}, but no complete item arrived before it")
    head: object = {}
    with contextlib.suppress(ValueError, RecursionError):
        head = json.loads(text[: start.start()].rstrip().rstrip(",") + "}")
    decoder = json.JSONDecoder()
    items: list[object] = []
    position = start.end()
    while len(items) < max_entries:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            break
        try:
            item, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            break  # the item the cap cut in two
        items.append(item)
    if not items:
        return ParsedFeed("", "", (), error=f"{note}, but no complete item arrived before it")
    document = dict(head) if isinstance(head, dict) else {}
    document["items"] = items
    parsed = _from_document(document, base_url, max_entries)
    return ParsedFeed(
        parsed.title, parsed.site_url, parsed.entries,
        (f"{note} ({len(items)} items)", *parsed.warnings), parsed.error,
    )  # fmt: skip


def _from_document(document: object, base_url: str, max_entries: int) -> ParsedFeed:
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        return ParsedFeed(
            "", "", (), error=f"{base_url}: JSON but not a JSON Feed; {_MAX_DEPTH_HINT}"
        )
    warnings: list[str] = []
    version = _text(document.get("version"))
    if not version.startswith("https://jsonfeed.org/version/"):
        warnings.append(
            f"{base_url}: JSON Feed without a known 'version' ({version or 'none'}); read as 1.1"
        )
    site_url = _url(document.get("home_page_url"), base_url)
    entries: list[RawEntry] = []
    items = document["items"]
    for index, item in enumerate(items[:max_entries]):
        try:
            entries.append(_entry(item, document, base_url))
        except (TypeError, ValueError, AttributeError) as exc:
            warnings.append(f"{base_url}: skipped item {index + 1} ({exc})")
    if len(items) > max_entries:
        warnings.append(f"{base_url}: {len(items)} items; only the first {max_entries} were read")
    return ParsedFeed(_text(document.get("title")), site_url, tuple(entries), tuple(warnings))


def _entry(item: object, feed: Mapping, base_url: str) -> RawEntry:
    if not isinstance(item, Mapping):
        raise TypeError(f"an item must be an object, not {type(item).__name__}")
    identifier = item.get("id")
    guid = (
        str(identifier).strip()
        if isinstance(identifier, (str, int)) and not isinstance(identifier, bool)
        else ""
    )
    base = _url(item.get("url"), base_url) or base_url
    link = _url(item.get("url"), base_url) or _url(item.get("external_url"), base_url)
    html = _text(item.get("content_html"))
    plain = _text(item.get("content_text")) or _text(item.get("summary"))
    if html.strip() and double_escaped(html):
        # `content_html` escaped twice shows its tags as text: the plain text is the better
        # representation; without one, the HTML unescaped once is what the publisher meant.
        html = "" if plain.strip() else unescape(html)
    if not html.strip():
        html = "".join(f"<p>{_escape(p)}</p>" for p in plain.split("\n\n") if p.strip())
    tags = item.get("tags")
    categories = (
        tuple(t.strip() for t in tags if isinstance(t, str) and t.strip())
        if isinstance(tags, list)
        else ()
    )
    return RawEntry(
        guid=guid,
        link=link,
        title=_text(item.get("title")),
        title_type="text",
        content_html=html,
        author=_author(item, feed),
        published=parse_date(item.get("date_published")),
        updated=parse_date(item.get("date_modified")),
        categories=categories,
        image=_url(item.get("image"), base) or _url(item.get("banner_image"), base),
        base_url=base,
    )


_VISIBLE_MARKUP = re.compile(
    r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>|&(?:lt|gt|amp|quot|#\d+|#x[\da-f]+);", re.I
)


def double_escaped(html: str) -> bool:
    """True when HTML, once rendered, would show tags or entities as text (`&lt;p&gt;`)."""
    visible = unescape(re.sub(r"<[^<>]*>", " ", html))
    return bool(_VISIBLE_MARKUP.search(visible))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
