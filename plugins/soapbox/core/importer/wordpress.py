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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pyexpat import ExpatError
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat
from zoneinfo import ZoneInfo

from ..aggregator.decode import as_utf8_xml, decode
from ..foreign_fields import normalise_alias
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


@dataclass(frozen=True)
class _Export:
    """What every item of one export is read against."""

    site_url: str
    host: str
    timezone: ZoneInfo
    now: datetime
    comments: bool
    type_for: Callable[[str, tuple[str, ...]], str | None] | None
    attachments: Mapping[str, tuple[str, str]]  # post id -> (URL, alt text)


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
    result = ReadResult(site_url=site_url)
    items = channel.findall("item")
    export = _Export(
        site_url=site_url,
        host=urlsplit(site_url).hostname or "wordpress",
        timezone=timezone,
        now=now,
        comments=comments,
        type_for=type_for,
        attachments=_attachments(items),
    )
    for item in items:
        _read_item(item, export, result)
    return result


def _attachments(items: list[Element]) -> dict[str, tuple[str, str]]:
    """Attachment post id -> (file URL, alt text): where a post's featured image points."""
    return {
        _text(item, "wp:post_id"): (
            _text(item, "wp:attachment_url") or _text(item, "guid"),
            _meta(item).get("_wp_attachment_image_alt", "") or _text(item, "title"),
        )
        for item in items
        if _text(item, "wp:post_type") == "attachment"
    }


def _read_item(item: Element, export: _Export, result: ReadResult) -> None:
    """One `<item>` into `result`: a post, a skipped item with its reason, or nothing (media)."""
    kind = _text(item, "wp:post_type")
    if kind == "attachment":
        return  # featured images and media: used through the posts that show them
    title = " ".join(_text(item, "title").split())
    what = "page" if kind == "page" else "post"
    item_label = f"{what} {_text(item, 'wp:post_id')} '{title or '(untitled)'}'"
    status = _text(item, "wp:status")
    reason = _skip_reason(item, kind, status, title)
    if reason:
        result.skipped.append(Skipped(item_label, reason))
        return
    draft = status in ("draft", "pending")
    date = wp_date(_text(item, "wp:post_date"), _text(item, "wp:post_date_gmt"), export.timezone)
    if kind == "post" and date is None:
        if not draft:
            result.skipped.append(Skipped(item_label, "has no publication date"))
            return
        date = export.now
    if status == "future" and date is not None and date <= export.now:
        result.warnings.append(
            f"{item_label}: was scheduled for {date:%Y-%m-%d %H:%M}, which has passed; it is"
            " imported as published"
        )
    result.posts.append(_post(item, export, kind, item_label, title, date, draft))


def _skip_reason(item: Element, kind: str, status: str, title: str) -> str:
    """Why a post or page is not imported ("" when it is)."""
    if kind not in ("post", "page"):
        return f"a '{kind}' item, not a post or page"
    if status in STATUS_SKIPPED:
        return STATUS_SKIPPED[status]
    if not title:
        return "has no title; give it one and export again"
    if _text(item, "wp:post_password"):
        return "password-protected on the old site (import it by hand)"
    return ""


def _categories_and_tags(item: Element) -> tuple[list[str], list[str]]:
    """The item's categories (without WordPress's "Uncategorized") and tags, as written."""
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
    return categories, tags


def _old_address(item: Element, site_url: str, draft: bool) -> tuple[str, ...]:
    """The published item's old permalink as an alias (not for drafts, nor the home page)."""
    link = _text(item, "link")
    if not link or draft:
        return ()
    path, _problem = normalise_alias(link)
    site_path = urlsplit(site_url).path.strip("/")
    return (path,) if path and path.strip("/") != site_path else ()


def _post(
    item: Element,
    export: _Export,
    kind: str,
    item_label: str,
    title: str,
    date: datetime | None,
    draft: bool,
) -> ImportedPost:
    """The ImportedPost of an item that passed every check."""
    categories, tags = _categories_and_tags(item)
    body, flags = html_to_markdown(_raw(item, "content:encoded"), export.site_url, wordpress=True)
    excerpt = " ".join(" ".join(plain_paragraphs(_raw(item, "excerpt:encoded"))).split())
    image_url, image_alt = export.attachments.get(_meta(item).get("_thumbnail_id", ""), ("", ""))
    if kind == "page":
        type_key: str | None = "page"
    else:
        type_key = export.type_for(kind, tuple(categories)) if export.type_for else None
    return ImportedPost(
        import_id=f"wordpress:{export.host}:{_text(item, 'wp:post_id')}",
        label=item_label,
        title=title,
        date=date if kind == "post" else None,
        body=body,
        type_key=type_key,
        slug=slugify(unquote(_text(item, "wp:post_name"))) or slugify(title),
        topics=tuple(dict.fromkeys([*categories, *tags])) if kind == "post" else (),
        categories=tuple(categories),
        description=excerpt,
        draft=draft,
        featured=_text(item, "wp:is_sticky") == "1",
        author=_text(item, "dc:creator"),
        image_url=image_url,
        image_alt=image_alt,
        aliases=_old_address(item, export.site_url, draft),
        comments=_comments(item, export.timezone) if export.comments else (),
        flags=tuple(flags),
    )
