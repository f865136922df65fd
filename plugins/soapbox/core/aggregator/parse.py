"""Parse stage: fetched bytes -> ParsedFeed (the feedparser boundary).

What happens to a body, in order:

1. JSON Feed (by media type or a leading `{`) goes to `jsonfeed.py`; everything else is XML.
2. `decode.py` decides the encoding once (BOM, header vs declaration, mislabelled UTF-8,
   undeclared legacy encodings) and the document is handed on as UTF-8 saying it is UTF-8.
3. A body the fetch stopped at the byte cap (`FetchResult.truncated`) is cut after its last
   complete entry and closed again (JSON Feed: its complete items are kept), with a warning: a
   long feed is read, never rejected for its length.
   Documents with more than `max_entries` entries are cut before the first entry too many and
   closed again, so a 10,000-entry feed costs what a 200-entry feed costs (feedparser spends
   roughly 0.2-0.6 ms per entry; nothing after the cut is parsed at all).
4. feedparser parses a *stream* (never a string: feedparser opens a string that names a local file,
   and fetches one that looks like a URL), with `content-location` set to the final URL so
   relative links and `xml:base` resolve; it never touches the network, its parser does not load
   external entities, and its own HTML sanitiser is off: nh3 (sanitize.py) is the one gate for
   foreign markup.
5. Each entry becomes a `RawEntry`; an entry that cannot be converted is skipped with a warning.

Never raises: an unreadable document is `ParsedFeed(error=...)`, a survivable one comes with
warnings naming the URL.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser

from . import jsonfeed
from .decode import as_utf8_xml, decode
from .model import FetchResult, ParsedFeed, RawEntry

_ENTRY_START = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]")
_ENTRY_END = re.compile(r"</(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>")
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_EMAIL_WITH_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_NAME_WITH_EMAIL = re.compile(r"^\s*(.+?)\s*[(<]\s*\S+@\S+\s*[)>]\s*$")
_HOST_LIKE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,24}$", re.I)
_FILE_EXTENSIONS = frozenset(
    {"html", "htm", "php", "asp", "aspx", "jsp", "xml", "rss", "atom", "json", "cgi"}
)
MAX_CONTENT_CHARS = 400_000  # longer entry bodies are cut (only an excerpt is ever shown)


def parse_feed(result: FetchResult, *, max_entries: int = 200) -> ParsedFeed:
    """Parse `result.body` (with `result.headers` and `result.final_url` as base) into entries.

    Never raises: an unparseable document gives ParsedFeed(error=...). Entries beyond
    `max_entries` (document order) are not processed."""
    url = result.final_url or result.feed_url
    body = result.body
    if not body or not body.strip():
        return ParsedFeed(
            "", "", (), error=f"{url}: the server sent an empty document; check the feed address"
        )
    content_type = result.headers.get("content-type", "")
    try:
        if jsonfeed.looks_like_json(body, content_type):
            decoded = decode(body, content_type, url=url)
            if result.truncated:
                parsed = jsonfeed.parse_partial(
                    decoded.text, url, result.truncated, max_entries=max_entries
                )
            else:
                parsed = jsonfeed.parse(decoded.text, url, max_entries=max_entries)
            return _with_warnings(parsed, [decoded.warning] if decoded.warning else [])
        return _parse_xml(body, content_type, url, max_entries, result.truncated)
    except Exception as exc:  # noqa: BLE001 - a hostile document must never stop the build
        return ParsedFeed(
            "", "", (), error=f"{url}: could not be read as a feed ({type(exc).__name__}: {exc})"
        )


def _with_warnings(parsed: ParsedFeed, extra: list[str]) -> ParsedFeed:
    if not extra:
        return parsed
    return ParsedFeed(
        parsed.title, parsed.site_url, parsed.entries, (*extra, *parsed.warnings), parsed.error
    )


def truncate_entries(text: str, max_entries: int) -> tuple[str, int]:
    """Cut an XML feed before its (max_entries + 1)-th `<item>`/`<entry>` and close the root
    again. Returns the text and how many entry starts were found (at most max_entries + 1)."""
    found = 0
    for match in _ENTRY_START.finditer(text):
        found += 1
        if found > max_entries:
            root = _root_name(text[: match.start()])
            if root is None:
                return text, found
            local = root.rpartition(":")[2]
            closing = f"</channel></{root}>" if local == "rss" else f"</{root}>"
            return text[: match.start()] + closing, found
    return text, found


def _root_name(prefix: str) -> str | None:
    position = 0
    while True:
        match = _ROOT.search(prefix, position)
        if match is None:
            return None
        before = prefix[: match.start()]
        # skip elements inside comments (a leading comment may hold example markup)
        if before.count("<!--") > before.count("-->"):
            position = match.end()
            continue
        return match.group(1)


def complete_entries(text: str) -> tuple[str, int] | None:
    """A feed cut off in the middle (at the byte cap): the text up to the end of its last complete
    `<item>`/`<entry>`, closed again, and how many entries that keeps; None when no entry ended."""
    last = None
    for match in _ENTRY_END.finditer(text):
        last = match
    if last is None:
        return None
    kept = text[: last.end()]
    root = _root_name(kept)
    if root is None:
        return None
    local = root.rpartition(":")[2]
    closing = f"</channel></{root}>" if local == "rss" else f"</{root}>"
    return kept + closing, len(_ENTRY_START.findall(kept))


def _parse_xml(
    body: bytes, content_type: str, url: str, max_entries: int, truncated: str = ""
) -> ParsedFeed:
    decoded = decode(body, content_type, url=url)
    warnings = [decoded.warning] if decoded.warning else []
    text = decoded.text
    if truncated:
        cut = complete_entries(text)
        if cut is None:
            return ParsedFeed(
                "", "", (), error=f"{truncated}, but no complete entry arrived before it"
            )
        text, kept = cut
        warnings.append(f"{truncated} ({kept} entries)")
    text, found = truncate_entries(text, max_entries)
    if found > max_entries:
        warnings.append(
            f"{url}: more than {max_entries} entries; only the first {max_entries} were read"
        )
    data = feedparser.parse(
        io.BytesIO(as_utf8_xml(text)),
        response_headers={
            "content-type": "application/xml; charset=utf-8",
            "content-location": url,
        },
        resolve_relative_uris=True,
        sanitize_html=False,
    )
    feed = data.get("feed", {})
    entries = data.get("entries", [])
    problem = data.get("bozo_exception") if data.get("bozo") else None
    if not entries and (not data.get("version") or data.get("bozo")):
        return ParsedFeed("", "", (), error=_not_a_feed(text, url, problem))
    if problem is not None:
        warnings.append(
            f"{url}: the feed is not well-formed ({_describe(problem)}); {len(entries)} entries "
            "were"
            " recovered, but some may be missing or garbled"
        )
    site_url = fix_schemeless(str(feed.get("link") or ""), url)
    raw = _raw_entries(entries[:max_entries], url, warnings)
    return ParsedFeed(str(feed.get("title") or ""), site_url, tuple(raw), tuple(warnings))


def _not_a_feed(text: str, url: str, problem: object) -> str:
    """Why a document with no entries and no feed format is not read: a web page, or XML
    feedparser does not know (with its parse error)."""
    head = text.lstrip()[:512].lower()
    if "<html" in head or head.startswith("<!doctype html"):
        return (
            f"{url}: is a web page, not a feed; put the address of its RSS or Atom feed in "
            "the config"
        )
    reason = f" ({_describe(problem)})" if problem is not None else ""
    return (
        f"{url}: is not an RSS, Atom or JSON feed Soapbox can read{reason}; check the "
        "address, or tell the blog's owner"
    )


def _raw_entries(entries: list, url: str, warnings: list[str]) -> list[RawEntry]:
    """Every entry read; one that cannot be read is skipped with a warning naming it."""
    raw: list[RawEntry] = []
    for index, entry in enumerate(entries):
        try:
            raw.append(_raw_entry(entry, url))
        except Exception as exc:  # noqa: BLE001 - one bad entry never drops the feed
            label = (
                str(entry.get("title") or entry.get("id") or "")[:80]
                if isinstance(entry, Mapping)
                else ""
            )
            warnings.append(
                f"{url}: skipped entry {index + 1}{f' ({label!r})' if label else ''}: "
                f"{type(exc).__name__}: {exc}"
            )
    return raw


def _describe(problem: object) -> str:
    text = " ".join(str(problem).split())
    text = text.replace("<unknown>:", "line ")
    return text[:200] or type(problem).__name__


def fix_schemeless(link: str, base_url: str) -> str:
    """A link like `example.com/post/` (no scheme) was resolved as a path below the feed; a
    person meant the host. Everything else is returned as it is."""
    link = link.strip()
    if not link:
        return ""
    base_dir = base_url.rsplit("/", 1)[0] + "/" if "/" in base_url else base_url
    if link.startswith(base_dir):
        rest = link[len(base_dir) :]
        head, slash, _ = rest.partition("/")
        suffix = head.rpartition(".")[2].lower()
        if (
            slash
            and _HOST_LIKE.match(head)
            and suffix not in _FILE_EXTENSIONS
            and head != urlsplit(base_url).hostname
        ):
            return "https://" + rest
    return link


def _datetime(value: object) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _author(entry: Mapping) -> str:
    raw = str(entry.get("author") or "").strip()
    for pattern in (_EMAIL_WITH_NAME, _NAME_WITH_EMAIL):  # "jo@example.com (Jo Doe)"
        match = pattern.match(raw)
        if match:
            return match.group(1).strip()
    detail = entry.get("author_detail") or {}
    name = str(detail.get("name") or raw).strip()
    if "@" in name and " " not in name:
        return ""  # an e-mail address alone: never republished
    return name


def _content(entry: Mapping) -> str:
    best = ""
    for part in entry.get("content") or ():
        value = str(part.get("value") or "")
        if "html" not in str(part.get("type") or "text/html"):
            value = _paragraphs(value)
        if len(value) > len(best):
            best = value
    if not best.strip():
        detail = entry.get("summary_detail") or {}
        value = str(entry.get("summary") or "")
        best = value if "html" in str(detail.get("type") or "text/html") else _paragraphs(value)
    return best[:MAX_CONTENT_CHARS]


def _paragraphs(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join(f"<p>{p}</p>" for p in escaped.split("\n\n") if p.strip())


def _image(entry: Mapping, base: str) -> str:
    for thumb in entry.get("media_thumbnail") or ():
        if thumb.get("url"):
            return urljoin(base, str(thumb["url"]))
    for media in entry.get("media_content") or ():
        kind = str(media.get("medium") or media.get("type") or "")
        if media.get("url") and (kind == "image" or kind.startswith("image/")):
            return urljoin(base, str(media["url"]))
    for enclosure in entry.get("enclosures") or ():
        if str(enclosure.get("type") or "").startswith("image/") and enclosure.get("href"):
            return urljoin(base, str(enclosure["href"]))
    return ""


def _raw_entry(entry: Mapping, url: str) -> RawEntry:
    plain: dict = entry if isinstance(entry, dict) else dict(entry)  # FeedParserDict is a dict
    link = fix_schemeless(_link(entry), url)
    title_type = str((entry.get("title_detail") or {}).get("type") or "text/plain")
    return RawEntry(
        guid=str(entry.get("id") or "").strip(),
        link=link,
        title=str(entry.get("title") or ""),
        title_type="html" if "html" in title_type else "text",
        content_html=_content(entry),
        author=_author(entry),
        # plain dict lookups: FeedParserDict.get("updated_parsed") falls back to the published
        # date with a DeprecationWarning; Soapbox picks between the two itself (normalise.py)
        published=_datetime(dict.get(plain, "published_parsed")),
        updated=_datetime(dict.get(plain, "updated_parsed")),
        categories=_categories(entry),
        image=_image(entry, link or url),
        base_url=link or url,
    )


def _link(entry: Mapping) -> str:
    """The entry's `link`, else its first alternate link."""
    link = str(entry.get("link") or "")
    if link:
        return link
    for candidate in entry.get("links") or ():
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return str(candidate["href"])
    return ""


def _categories(entry: Mapping) -> tuple[str, ...]:
    """The entry's tag terms (or labels), each once, in order."""
    tags = entry.get("tags") or ()
    return tuple(
        dict.fromkeys(
            c for c in (str(t.get("term") or t.get("label") or "").strip() for t in tags) if c
        )
    )
