"""Front matter other generators use (Jekyll, Hugo, WordPress exports, Material's blog), read as
Soapbox's own fields: `tags:`/`categories:` as topics, `excerpt:`/`summary:` as the description,
a `permalink:` path as the slug and an old address, `redirect_from:`/`aliases:` as old addresses.
Each one used leaves a note saying how it was read; unknown keys are pointed at the field meant."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from .fields import Reporter, kind_of, quoted, suggest
from .urls import slugify

# Keys other generators (Jekyll, Hugo, WordPress exports, Material's blog) use for things Soapbox
# has: read as Soapbox's own field, with a one-line note in `soapbox check` (read_foreign_fields).
FOREIGN_FIELDS = ("tags", "categories", "excerpt", "summary", "permalink", "redirect_from")
# Other generators' names and near-misses that spelling similarity would send to the wrong field
# or to none ("category" looks most like "series"): the field an unknown key is pointed at.
FIELD_HINTS = {
    "category": "categories", "tag": "tags", "keywords": "topics", "alias": "aliases",
    "redirects": "aliases", "redirect": "aliases", "redirect_to": "aliases",
    "old_url": "aliases", "old_urls": "aliases", "url": "slug", "lastmod": "updated",
    "last_modified_at": "updated", "modified": "updated", "publishdate": "date",
    "publish_date": "date", "pubdate": "date", "cover": "image", "cover_image": "image",
    "featured_image": "image", "thumbnail": "image", "teaser": "excerpt", "abstract": "description",
}  # fmt: skip
# ":year", "{slug}", "%postname%": a pattern, not a path
_PERMALINK_PATTERN = re.compile(r"[:{%]")


@dataclass(frozen=True, slots=True)
class ForeignFields:
    """What `tags:`, `categories:`, `excerpt:`/`summary:`, `permalink:`, `redirect_from:` and
    `aliases:` add to a post. Each one used leaves a `Severity.NOTE` saying how it was read."""

    topics: tuple[str, ...] = ()
    description: str | None = None
    slug: str | None = None
    aliases: tuple[str, ...] = ()


def field_hint(key: str, known: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for an unknown key: another generator's name first, then spelling."""
    hinted = FIELD_HINTS.get(key.lower())
    if hinted:
        return f" (did you mean '{hinted}'?)"
    return suggest(key, known)


def merge_topics(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Topics from several fields, first spelling wins, no name twice (ignoring case)."""
    seen: set[str] = set()
    merged: list[str] = []
    for name in (name for group in groups for name in group):
        if name.casefold() not in seen:
            seen.add(name.casefold())
            merged.append(name)
    return tuple(merged)


def read_foreign_fields(data: Mapping[str, Any], report: Reporter) -> ForeignFields:
    """Read the fields other generators use as Soapbox's own, with a note for each."""
    topics = _foreign_topics(data, report)
    description = _foreign_description(data, report)
    slug, aliases = _permalink(data.get("permalink"), report)
    for key in ("redirect_from", "aliases"):
        _add_aliases(key, data.get(key), aliases, report)
    return ForeignFields(tuple(topics), description, slug, tuple(aliases))


def _foreign_topics(data: Mapping[str, Any], report: Reporter) -> list[str]:
    """`tags:` and `categories:` read as topics."""
    topics: list[str] = []
    for key in ("tags", "categories"):
        if data.get(key) is not None:
            found = _topic_names(data[key], key, report)
            topics += found
            if found:
                report.note(key, "read as topics (Soapbox's field is 'topics:'; both may be used)")
    return topics


def _foreign_description(data: Mapping[str, Any], report: Reporter) -> str | None:
    """`excerpt:` or `summary:` read as the description, unless one is already set."""
    description: str | None = None
    for key in ("excerpt", "summary"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            report.error(key, f"must be text, got {kind_of(value)} {quoted(value)}")
        elif data.get("description") is not None or description is not None:
            report.note(key, "ignored: 'description:' (or another excerpt field) is already set")
        else:
            description = value.strip()
            report.note(key, "read as the description (Soapbox's field is 'description:')")
    return description


def _permalink(value: Any, report: Reporter) -> tuple[str | None, list[str]]:
    """A `permalink:` path read as the slug (its last segment) and an old address; a pattern
    (`:year`, `{slug}`) is ignored with a note."""
    if value is None:
        return None, []
    if not isinstance(value, str) or not value.strip():
        report.error("permalink", f"must be a path like /2019/05/my-post/, got {quoted(value)}")
        return None, []
    if _PERMALINK_PATTERN.search(value):
        report.note(
            "permalink",
            f"{quoted(value)} is a pattern, not a path; ignored (Soapbox's pattern is"
            " 'content: permalink:' in mkdocs.yml)",
        )
        return None, []
    path, problem = normalise_alias(value)
    if problem:
        report.error("permalink", problem)
        return None, []
    if not path:
        return None, []
    last = posixpath.splitext(path.rstrip("/").rsplit("/", 1)[-1])[0]
    slug = slugify(last) or None
    report.note(
        "permalink",
        f"read as the slug '{slug}' and the old address '/{path}', which redirects to the new one",
    )
    return slug, [path]


def _add_aliases(key: str, value: Any, aliases: list[str], report: Reporter) -> None:
    """The old paths of `redirect_from:` / `aliases:` appended to `aliases` (no path twice)."""
    if value is None:
        return
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        report.error(
            key, f"must be a list of old paths like [/2019/05/my-post/], got {kind_of(value)}"
        )
        return
    for item in items:
        path, problem = normalise_alias(item)
        if problem:
            report.error(key, problem)
        elif path and path not in aliases:
            aliases.append(path)
    if key == "redirect_from":
        report.note(key, "read as 'aliases:': each old path redirects to this post")


def _topic_names(value: Any, key: str, report: Reporter) -> list[str]:
    if isinstance(value, str):
        value = [part for part in value.split(",")] if "," in value else value.split()
        value = [part for part in value if part.strip()]
    if not isinstance(value, list):
        report.error(key, f"must be a list like [pricing, negotiation], got {kind_of(value)}")
        return []
    names: list[str] = []
    for item in value:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            report.error(
                key, f"every entry must be a word or phrase, got {kind_of(item)} {quoted(item)}"
            )
            continue
        names.append(" ".join(item.split()))
    return names


def normalise_alias(value: Any) -> tuple[str | None, str | None]:
    """An old address as a site-relative path (`2019/05/my-post/`, `old/page.html`), or
    (None, why not). A full URL keeps only its path; a path without a file extension gets a
    trailing slash."""
    if not isinstance(value, str) or not value.strip():
        return None, f"every old path must be text like /2019/05/my-post/, got {quoted(value)}"
    raw = value.strip()
    parts = urlsplit(raw)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None, f"{quoted(raw)} is not a path; write it like /2019/05/my-post/"
    if parts.query or parts.fragment:
        return None, (
            f"{quoted(raw)} has a '?' or '#' part, which a static site cannot answer; use the"
            " path alone or add the redirect at your host"
        )
    # Percent-encoded (as in a WordPress export) or not, a path names the same folder on disk.
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if any(s in (".", "..") or "\\" in s or "/" in s for s in segments):
        return None, f"{quoted(raw)} must not contain '.', '..' or '\\' segments"
    if not segments:
        return None, f"{quoted(raw)} is the home page; an old path must name a page"
    path = "/".join(segments)
    last = segments[-1]
    if "." not in last or parts.path.endswith("/"):
        path += "/"
    return path, None
