"""A WordPress export (WXR, Tools -> Export) -> `ImportedPost`s.

Parsed with the standard library's expat and no DTD: a DOCTYPE or entity declaration is refused
(as the aggregator's OPML reader does), so nothing expands entities or loads external files.
The bytes are decoded once by the aggregator's `decode` (BOM, declaration, legacy encodings);
text that is not valid in any declared encoding is refused with the file's name.

What is read, per `<item>`:

- `wp:post_type` post and page (attachments only to find featured images; menus and the like
  are skipped with the reason);
- `wp:status`: publish -> published; draft, pending -> `draft: true`; future -> kept with its
  future date, which Soapbox schedules; private, trash, auto-draft -> skipped with the reason;
- dates: `wp:post_date` is the blog's local time and `wp:post_date_gmt` the same moment in UTC;
  their difference is the blog's offset then, so the post keeps its exact moment (drafts have
  no GMT date and take the site's time zone);
- `wp:post_name` (slug), `dc:creator` (author login), categories and tags (topics), the
  excerpt (description), `_thumbnail_id` -> the attachment's URL (featured image), `link`
  (the old address, kept as an alias), and approved comments (never e-mail addresses; pingbacks,
  spam and unapproved comments are skipped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pyexpat import ExpatError
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat
from zoneinfo import ZoneInfo

from ..aggregator.decode import as_utf8_xml, decode
from ..content import normalise_alias
from ..urls import slugify
from .convert import html_to_markdown, plain_paragraphs
from .model import Comment, ImportedPost, ImportFailed, ReadResult, Skipped

# Namespace URIs -> the prefixes WordPress writes (any WXR version: 1.0, 1.1, 1.2).
_NAMESPACES = (
    ("http://wordpress.org/export/", "wp"),
    ("http://purl.org/rss/1.0/modules/content/", "content"),
    ("http://purl.org/dc/elements/1.1/", "dc"),
)
_EXCERPT_NS = re.compile(r"^http://wordpress\.org/export/[\d.]+/excerpt/$")
_NO_DATE = "0000-00-00 00:00:00"
STATUS_SKIPPED = {
    "private": "private on the old site (not public there; import it by hand if you want it)",
    "trash": "in the trash on the old site",
    "auto-draft": "an automatic draft WordPress saved, never written",
    "inherit": "a revision",
}
UNCATEGORIZED = frozenset({"uncategorized", "uncategorised"})


class _Refused(Exception):
    pass


def _tag(name: str) -> str:
    """`http://wordpress.org/export/1.2/|post_id` -> `wp:post_id` (other namespaces: `{uri}x`)."""
    if "|" not in name:
        return name
    uri, local = name.split("|", 1)
    if _EXCERPT_NS.match(uri):
        return f"excerpt:{local}"
    for prefix_uri, prefix in _NAMESPACES:
        if uri.startswith(prefix_uri):
            return f"{prefix}:{local}"
    return f"{{{uri}}}{local}"


def parse_xml(data: bytes, label: str) -> Element:
    """Bytes -> element tree, refusing DTDs; an error names the file, line and column."""
    decoded = decode(data)
    if decoded.warning:  # the bytes are not what the file says they are
        raise ImportFailed(
            f"{label}: the text is not valid UTF-8 or in the encoding the file declares"
            f" ({decoded.warning}); export it again from WordPress"
            " (Tools -> Export), or re-save it as UTF-8"
        )
    builder = TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="|")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args: Any) -> None:
        raise _Refused(
            f"{label}: has a DOCTYPE or entity declaration; a WordPress export has none and"
            " Soapbox refuses them (they can expand entities or load files). Export it again"
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda name, attrs: builder.start(
        _tag(name), {_tag(k): v for k, v in attrs.items()}
    )
    parser.EndElementHandler = lambda name: builder.end(_tag(name))
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(as_utf8_xml(decoded.text), True)
    except _Refused as exc:
        raise ImportFailed(str(exc)) from None
    except ExpatError as exc:
        head = decoded.text.lstrip()[:200].lower()
        if head.startswith(("<!doctype html", "<html")) or "<html" in head:
            raise ImportFailed(
                f"{label}: is a web page (HTML), not a WordPress export; in WordPress use Tools ->"
                " Export -> All content and import the .xml file it downloads"
            ) from None
        raise ImportFailed(
            f"{label}:{exc.lineno}:{exc.offset + 1}: is not well-formed XML"
            f" ({expat.ErrorString(exc.code)}); the export may be cut off: export it again"
        ) from None
    root = builder.close()
    if root.tag == "html":
        raise ImportFailed(f"{label}: is a web page (HTML), not a WordPress export")
    if root.tag != "rss" or root.find("channel") is None:
        raise ImportFailed(
            f"{label}: is XML but not a WordPress export (its root is <{root.tag}>); in WordPress"
            " use Tools -> Export -> All content"
        )
    return root


def _text(element: Element, path: str) -> str:
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def _raw(element: Element, path: str) -> str:
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def _meta(item: Element) -> dict[str, str]:
    meta: dict[str, str] = {}
    for entry in item.findall("wp:postmeta"):
        key = _text(entry, "wp:meta_key")
        if key:
            meta[key] = _text(entry, "wp:meta_value")
    return meta


def wp_date(local: str, gmt: str, tz: ZoneInfo) -> datetime | None:
    """`wp:post_date` (blog time) + `wp:post_date_gmt` (UTC) -> aware datetime at the blog's
    offset of that day; without a GMT date, the local time in `tz`."""
    if not local or local.startswith("0000"):
        return None
    try:
        moment = datetime.fromisoformat(local)
    except ValueError:
        return None
    if gmt and not gmt.startswith("0000"):
        try:
            utc = datetime.fromisoformat(gmt)
        except ValueError:
            return moment.replace(tzinfo=tz)
        offset = moment - utc
        if abs(offset) <= timedelta(hours=14):
            return moment.replace(tzinfo=timezone(offset))
    return moment.replace(tzinfo=tz)


def _comments(item: Element, tz: ZoneInfo) -> tuple[Comment, ...]:
    kept: list[Comment] = []
    for node in item.findall("wp:comment"):
        if _text(node, "wp:comment_approved") != "1":
            continue  # unapproved (0), spam, trash
        if _text(node, "wp:comment_type") not in ("", "comment"):
            continue  # pingbacks and trackbacks are not readers' words
        paragraphs = plain_paragraphs(_raw(node, "wp:comment_content"))
        if not paragraphs:
            continue
        author = " ".join(_text(node, "wp:comment_author").split())
        if "@" in author and " " not in author:
            author = ""  # an e-mail address as the name: never republished
        parent = _text(node, "wp:comment_parent")
        kept.append(
            Comment(
                key=_text(node, "wp:comment_id"),
                parent="" if parent in ("", "0") else parent,
                author=author[:120],
                date=wp_date(
                    _text(node, "wp:comment_date"), _text(node, "wp:comment_date_gmt"), tz
                ),
                text="\n\n".join(paragraphs),
            )
        )
    return tuple(kept)


def read_wordpress(
    data: bytes,
    *,
    label: str,
    timezone: ZoneInfo,
    now: datetime,
    comments: bool = True,
    type_for: Callable[[str, tuple[str, ...]], str | None] | None = None,
) -> ReadResult:
    """Every post and page of the export; `type_for(post_type, categories)` chooses the content
    type (None: the writer's default)."""
    root = parse_xml(data, label)
    channel = root.find("channel")
    assert channel is not None
    site_url = _text(channel, "wp:base_blog_url") or _text(channel, "link")
    host = urlsplit(site_url).hostname or "wordpress"
    result = ReadResult(site_url=site_url)
    items = channel.findall("item")
    attachments = {
        _text(item, "wp:post_id"): (
            _text(item, "wp:attachment_url") or _text(item, "guid"),
            _meta(item).get("_wp_attachment_image_alt", "") or _text(item, "title"),
        )
        for item in items
        if _text(item, "wp:post_type") == "attachment"
    }
    for item in items:
        kind = _text(item, "wp:post_type")
        post_id = _text(item, "wp:post_id")
        title = " ".join(_text(item, "title").split())
        what = "page" if kind == "page" else "post"
        item_label = f"{what} {post_id} '{title or '(untitled)'}'"
        if kind == "attachment":
            continue  # featured images and media: used through the posts that show them
        if kind not in ("post", "page"):
            result.skipped.append(Skipped(item_label, f"a '{kind}' item, not a post or page"))
            continue
        status = _text(item, "wp:status")
        if status in STATUS_SKIPPED:
            result.skipped.append(Skipped(item_label, STATUS_SKIPPED[status]))
            continue
        if not title:
            result.skipped.append(Skipped(item_label, "has no title; give it one and export again"))
            continue
        if _text(item, "wp:post_password"):
            result.skipped.append(
                Skipped(item_label, "password-protected on the old site (import it by hand)")
            )
            continue
        date = wp_date(_text(item, "wp:post_date"), _text(item, "wp:post_date_gmt"), timezone)
        draft = status in ("draft", "pending")
        if kind == "post" and date is None:
            if not draft:
                result.skipped.append(Skipped(item_label, "has no publication date"))
                continue
            date = now
        if status == "future" and date is not None and date <= now:
            result.warnings.append(
                f"{item_label}: was scheduled for {date:%Y-%m-%d %H:%M}, which has passed; it is"
                " imported as published"
            )
        categories: list[str] = []
        tags: list[str] = []
        for node in item.findall("category"):
            name = " ".join((node.text or "").split())
            if not name:
                continue
            domain = node.get("domain", "category")
            if domain == "category" and name.casefold() not in UNCATEGORIZED:
                categories.append(name)
            elif domain == "post_tag":
                tags.append(name)
        body, flags = html_to_markdown(_raw(item, "content:encoded"), site_url, wordpress=True)
        excerpt = " ".join(" ".join(plain_paragraphs(_raw(item, "excerpt:encoded"))).split())
        meta = _meta(item)
        image_url, image_alt = attachments.get(meta.get("_thumbnail_id", ""), ("", ""))
        slug = slugify(unquote(_text(item, "wp:post_name"))) or slugify(title)
        aliases: list[str] = []
        link = _text(item, "link")
        if link and not draft:
            path, _problem = normalise_alias(link)
            site_path = urlsplit(site_url).path.strip("/")
            if path and path.strip("/") != site_path:
                aliases.append(path)
        result.posts.append(
            ImportedPost(
                import_id=f"wordpress:{host}:{post_id}",
                label=item_label,
                title=title,
                date=date if kind == "post" else None,
                body=body,
                type_key="page"
                if kind == "page"
                else (type_for(kind, tuple(categories)) if type_for else None),
                slug=slug,
                topics=tuple(dict.fromkeys([*categories, *tags])) if kind == "post" else (),
                categories=tuple(categories),
                description=excerpt,
                draft=draft,
                featured=_text(item, "wp:is_sticky") == "1",
                author=_text(item, "dc:creator"),
                image_url=image_url,
                image_alt=image_alt,
                aliases=tuple(aliases),
                comments=_comments(item, timezone) if comments else (),
                flags=tuple(flags),
            )
        )
    return result
