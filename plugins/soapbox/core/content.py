"""The content model: markdown files with front matter -> validated, immutable `Post` records.

MkDocs silently drops front matter it cannot parse; Soapbox reads every file itself, keeps the line
of every field, and reports each problem as `posts/<file>.md:<line>: <field>: <what to do>`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from . import text as textutil
from .fields import ARTICLE_HINT as ARTICLE_HINT
from .fields import Field
from .fields import Reporter as Reporter
from .fields import kind_of as kind_of
from .fields import parse_datetime as parse_datetime
from .fields import quoted as quoted
from .fields import suggest as suggest
from .foreign_fields import FOREIGN_FIELDS, field_hint, merge_topics, read_foreign_fields
from .frontmatter import FrontMatter as FrontMatter
from .frontmatter import node_lines as node_lines
from .frontmatter import split_front_matter as split_front_matter
from .problems import Problem, Severity
from .seo import validate_robots
from .urls import is_valid_slug, is_web_url, permalink, slug_from_filename, slugify


@dataclass(frozen=True, slots=True)
class ContentType:
    key: str  # the value of `type:` in front matter
    label: str  # "Rant"
    plural: str  # "Rants"
    path: str  # index URL, "rants/"
    folder: str  # posts in this folder default to this type, "rants"
    listed: bool = True  # has an index, appears on the home page and in the archive


DEFAULT_TYPES: tuple[ContentType, ...] = (
    ContentType("rant", "Rant", "Rants", "rants/", "rants"),
    ContentType("case-study", "Case study", "Case studies", "case-studies/", "case-studies"),
    ContentType("speaker", "Speaking", "Speaking", "speaking/", "speaking"),
    ContentType("page", "Page", "Pages", "", "", listed=False),
)


@dataclass(frozen=True, slots=True)
class Author:
    key: str
    name: str
    bio: str = ""
    url: str = ""
    avatar: str = ""


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    part: int

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True, slots=True)
class Post:
    src_uri: str  # relative to the docs folder, '/'-separated: "rants/stop-demoing.md"
    title: str
    type: str
    date: datetime | None
    updated: datetime | None = None
    topics: tuple[str, ...] = ()
    description: str = ""  # from front matter only
    summary: str = ""  # first paragraph of the body, plain text
    image: str | None = None  # as written; absolute URL or relative to the post
    image_src: str | None = None  # resolved docs-relative path of a local image
    image_alt: str = ""
    image_credit: str = ""
    author: str | None = None
    series: Series | None = None
    featured: bool = False
    draft: bool = False
    canonical: str | None = None
    slug: str = ""
    url: str = ""  # site-relative with a trailing slash: "stop-demoing/" ("" for the home page)
    words: int = 0
    title_in_body: bool = False  # the title came from the body's first `# heading`
    comments: bool | None = None  # front matter `comments:`; None = the site's default
    robots: str | None = None  # front matter `robots:`, e.g. "noindex, follow" (validated)
    noindex: bool = (
        False  # front matter `noindex: true`: keep it out of search engines and the sitemap
    )
    # old site-relative paths that redirect here ("2019/05/my-post/", "old/page.html"), from
    # `aliases:`, `redirect_from:` and a `permalink:` path (see `read_foreign_fields`)
    aliases: tuple[str, ...] = ()
    # The file as read (front matter, field lines, body): later checks reuse it, none re-reads.
    source: FrontMatter | None = field(default=None, compare=False, repr=False)

    @property
    def is_article(self) -> bool:
        return self.type != "page"

    @property
    def reading_minutes(self) -> int:
        return textutil.reading_minutes(self.words)

    @property
    def excerpt(self) -> str:
        return self.description or self.summary

    def is_scheduled(self, now: datetime) -> bool:
        return self.date is not None and self.date > now

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by title and file, so equal dates still order the same every build."""
        stamp = self.date.timestamp() if self.date else 0.0
        return (-stamp, self.title.casefold(), self.src_uri)


@dataclass(frozen=True)
class ContentSettings:
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    authors: Mapping[str, Author] = field(default_factory=dict)
    default_author: str | None = None
    permalink: str = "{slug}/"
    types: tuple[ContentType, ...] = DEFAULT_TYPES
    display_root: str = "posts"  # how messages name the docs folder
    extra_fields: frozenset[str] = frozenset()  # front matter keys other features understand

    def type_by_key(self) -> dict[str, ContentType]:
        return {t.key: t for t in self.types}


# Keys Soapbox reads, and keys MkDocs and mkdocs-material give a meaning to. Anything else is most
# likely a typo: it is reported with the closest known key.
SOAPBOX_FIELDS = (
    "title", "date", "updated", "type", "topics", "description", "image", "image_alt",
    "image_credit", "author", "series", "featured", "draft", "canonical", "slug", "robots",
    "noindex", "aliases",
)  # fmt: skip
THEME_FIELDS = (
    "template", "hide", "search", "icon", "status", "subtitle", "tags", "comments", "social",
    "extra",
)  # fmt: skip


def parse_post(
    src_uri: str,
    source: str,
    settings: ContentSettings,
    known_files: Iterable[str] | frozenset[str] = frozenset(),
) -> tuple[Post | None, list[Problem]]:
    """Read one markdown file. Returns the post (None when it has errors) and every problem
    found."""
    path = posixpath.join(settings.display_root, src_uri)
    report = Reporter(path)
    matter = split_front_matter(source, report)
    if matter is None:
        return None, report.problems
    report.lines = matter.lines
    data, fields = matter.data, matter.fields(report)
    _warn_unknown_fields(data, settings, report)
    type_key = _content_type(data, src_uri, settings, report)
    title, title_in_body = _title(fields, matter, src_uri, type_key, report)
    published, updated = _dates(fields, settings, type_key, report)
    foreign = read_foreign_fields(data, report)
    topics = merge_topics(_topics(data.get("topics"), report), foreign.topics)
    description = _text(fields, "description") or foreign.description
    image = _image_fields(fields, src_uri, known_files, report)
    author = _author(data, settings, report)
    series = _series(data.get("series"), report)
    featured = fields["featured"].flag()
    draft = fields["draft"].flag()
    comments = fields["comments"].flag() if "comments" in data else None
    canonical = _canonical(fields, report)
    robots = _robots(fields, report)
    noindex = fields["noindex"].flag()
    slug = _slug(_text(fields, "slug"), src_uri, report)
    if not draft:
        placeholder_problems(matter.body, matter.body_line, report)
    explicit_slug = "slug" in data
    if not explicit_slug and foreign.slug:
        slug, explicit_slug = foreign.slug, True

    if any(p.severity is Severity.ERROR for p in report.problems) or type_key is None:
        return None, report.problems

    content_type = settings.type_by_key()[type_key]
    url = _url(src_uri, slug, content_type, published, settings, explicit_slug=explicit_slug)
    post = Post(
        src_uri=src_uri,
        title=title or "",
        type=type_key,
        date=published,
        updated=updated,
        topics=topics,
        description=description or "",
        summary=excerpt_of(matter.body),
        image=image.value,
        image_src=image.src,
        image_alt=image.alt,
        image_credit=image.credit,
        author=author,
        series=series,
        featured=featured,
        draft=draft,
        canonical=canonical,
        slug=slug,
        url=url,
        words=textutil.word_count(matter.body),
        title_in_body=title_in_body,
        comments=comments,
        robots=robots,
        noindex=noindex,
        aliases=tuple(alias for alias in foreign.aliases if alias != url),
        source=matter,
    )
    return post, report.problems


def _text(fields: Field, key: str, *, required: bool = False) -> str | None:
    """A top-level text field as a post keeps it: None when absent or empty. `required`: written
    but empty is an error. A description keeps its line breaks."""
    value = fields[key].text(required=required and key in fields, keep_lines=key == "description")
    return value or None


def _warn_unknown_fields(
    data: Mapping[str, Any], settings: ContentSettings, report: Reporter
) -> None:
    """A warning for every key that neither Soapbox, the theme, another generator's convention
    nor another feature reads: most likely a typo, pointed at the closest known key."""
    known = (
        set(SOAPBOX_FIELDS) | set(THEME_FIELDS) | set(FOREIGN_FIELDS) | set(settings.extra_fields)
    )
    for key in data:
        if key not in known:
            report.warn(
                key,
                f"is not a field Soapbox knows{field_hint(key, known) or ''}; fix the spelling or"
                " remove it (custom data goes under 'extra:')",
            )


def _title(
    fields: Field, matter: FrontMatter, src_uri: str, type_key: str | None, report: Reporter
) -> tuple[str | None, bool]:
    """The title, and whether it came from the body's first `# heading` (used when front matter
    has no `title:`); an error when neither gives one, except on the home page."""
    title = _text(fields, "title", required=True)
    if title is not None or "title" in matter.data:
        return title, False
    heading = textutil.first_heading(matter.body)
    if heading:
        return heading[0], True
    if type_key is not None and src_uri != "index.md":
        report.error(
            "title",
            "is missing; add 'title: ...' to the front matter or start the text with"
            " '# Your title'",
        )
    return None, False


def _dates(
    fields: Field, settings: ContentSettings, type_key: str | None, report: Reporter
) -> tuple[datetime | None, datetime | None]:
    """Publication and update dates; an article must have the first, and the second cannot
    come before it."""
    published = fields["date"].date(settings.timezone)
    updated = fields["updated"].date(settings.timezone)
    if type_key not in (None, "page") and published is None and "date" not in fields:
        label = settings.type_by_key()[str(type_key)].label.lower()
        report.error("date", f"is missing; a {label} needs a publication date {ARTICLE_HINT}")
    if published and updated and updated < published:
        report.warn(
            "updated", f"{updated.date()} is before the publication date {published.date()}"
        )
    return published, updated


@dataclass(frozen=True, slots=True)
class _ImageFields:
    """The front matter's image as written, its resolved local file, and its texts."""

    value: str | None
    src: str | None
    alt: str
    credit: str


def _image_fields(
    fields: Field, src_uri: str, known_files: Iterable[str], report: Reporter
) -> _ImageFields:
    """`image`, `image_alt`, `image_credit`, warning when an image has no description."""
    image = _text(fields, "image")
    src = _image(image, src_uri, known_files, report) if image else None
    alt = _text(fields, "image_alt") or ""
    credit = _text(fields, "image_credit") or ""
    if image and not alt:
        report.warn(
            "image_alt",
            "is missing; describe the image in a sentence for readers using screen readers",
            line=report.line("image"),
        )
    return _ImageFields(image, src, alt, credit)


def _canonical(fields: Field, report: Reporter) -> str | None:
    """`canonical:` when it is a full http(s) URL (an error otherwise)."""
    canonical = _text(fields, "canonical")
    if canonical and not is_web_url(canonical):
        report.error(
            "canonical",
            f"{quoted(canonical)} must be a full http(s) URL of the original article, like"
            " https://example.com/original-post/",
        )
        return None
    return canonical


def _robots(fields: Field, report: Reporter) -> str | None:
    """`robots:` when it is a valid robots directive list (an error otherwise)."""
    robots = _text(fields, "robots")
    if robots and (problem := validate_robots(robots)):
        report.error("robots", problem)
        return None
    return robots


def _content_type(
    data: Mapping[str, Any], src_uri: str, settings: ContentSettings, report: Reporter
) -> str | None:
    types = settings.type_by_key()
    value = data.get("type")
    if value is None:
        folder = src_uri.split("/", 1)[0] if "/" in src_uri else ""
        by_folder = {t.folder: t.key for t in settings.types if t.folder}
        return by_folder.get(folder, "page")
    if not isinstance(value, str) or value.strip().lower() not in types:
        shown = value if isinstance(value, str) else kind_of(value)
        report.error(
            "type",
            f"unknown type {quoted(shown)}; use one of {', '.join(types)}"
            + suggest(str(value).strip().lower(), types),
        )
        return None
    return value.strip().lower()


def _topics(value: Any, report: Reporter) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        report.error("topics", f"must be a list like [pricing, negotiation], got {kind_of(value)}")
        return ()
    topics: list[str] = []
    seen: set[str] = set()
    for item in value:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            report.error(
                "topics",
                f"every topic must be a word or phrase, got {kind_of(item)} {quoted(item)}",
            )
            continue
        name = " ".join(item.split())
        if name.casefold() not in seen:
            seen.add(name.casefold())
            topics.append(name)
    return tuple(topics)


def _author(data: Mapping[str, Any], settings: ContentSettings, report: Reporter) -> str | None:
    value = data.get("author")
    if value is None:
        return settings.default_author
    if not isinstance(value, str) or value not in settings.authors:
        if not settings.authors:
            hint = (
                "no authors are declared; add them under plugins -> soapbox -> authors in"
                " mkdocs.yml"
            )
        else:
            hint = (
                f"use one of the keys declared in mkdocs.yml: {', '.join(sorted(settings.authors))}"
                + suggest(str(value), settings.authors)
            )
        report.error("author", f"unknown author {quoted(value)}; {hint}")
        return None
    return value


def _series(value: Any, report: Reporter) -> Series | None:
    if value is None:
        return None
    shape = "must look like 'series: {name: \"The Discovery Call\", part: 1}'"
    if not isinstance(value, dict):
        report.error("series", f"{shape}, got {kind_of(value)} {quoted(value)}")
        return None
    name, part = value.get("name"), value.get("part")
    if not isinstance(name, str) or not name.strip():
        report.error("series", f"needs a name: {shape}")
        return None
    if isinstance(part, bool) or not isinstance(part, int) or part < 1:
        report.error("series", f"part must be a whole number from 1, got {quoted(part)}: {shape}")
        return None
    unknown = sorted(set(value) - {"name", "part"})
    if unknown:
        report.warn("series", f"unknown key '{unknown[0]}'; a series has only 'name' and 'part'")
    return Series(" ".join(name.split()), part)


def _slug(value: str | None, src_uri: str, report: Reporter) -> str:
    if value is None:
        stem = posixpath.splitext(posixpath.basename(src_uri))[0]
        return slug_from_filename(stem)
    if not is_valid_slug(value):
        report.error(
            "slug",
            f"{quoted(value)} can only use a-z, 0-9 and single hyphens; try"
            f" '{slugify(value) or 'my-post'}'",
        )
    return value


def _image(image: str, src_uri: str, known_files: Iterable[str], report: Reporter) -> str | None:
    parts = urlsplit(image)
    if parts.scheme in ("http", "https"):
        return None
    if parts.scheme or image.startswith("//"):
        report.error("image", f"{quoted(image)} must be a path next to your posts or an https URL")
        return None
    if image.startswith("/"):
        resolved = image.lstrip("/")
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), image))
    if resolved.startswith("../"):
        report.error("image", f"{quoted(image)} points outside the posts folder")
        return None
    if known_files and resolved not in known_files:
        report.warn(
            "image",
            f"{quoted(image)} was not found (looked for {report.path.split('/', 1)[0]}/{resolved});"
            " the path is relative to this post",
        )
    return resolved


def _url(
    src_uri: str,
    slug: str,
    content_type: ContentType,
    published: datetime | None,
    settings: ContentSettings,
    *,
    explicit_slug: bool,
) -> str:
    if src_uri == "index.md":
        return ""
    if content_type.key == "page" or published is None:
        if explicit_slug:
            return f"{slug}/"
        stem = posixpath.splitext(src_uri)[0]
        if posixpath.basename(stem) in ("index", "README"):
            stem = posixpath.dirname(stem)
        return f"{stem}/" if stem else ""
    return permalink(
        settings.permalink,
        slug=slug,
        type_path=content_type.path,
        year=published.year,
        month=published.month,
        day=published.day,
    )


# --- the authoring loop ---------------------------------------------------------------------------

#: The body `soapbox new` writes: each line is a placeholder the author replaces. A published
#: post that still holds one is a warning (`placeholder_problems`).
NEW_POST_BODY = (
    "Start with the one sentence you want readers to remember.\n\n"
    "## The point\n\n"
    "Make it, with one example from the field.\n\n"
    "## What to do instead\n\n"
    "Give the reader something to try this week.\n"
)
PLACEHOLDER_LINES = frozenset(
    line
    for line in NEW_POST_BODY.splitlines()
    if line.strip() and not line.startswith("#")  # the headings may well stay
)


def placeholder_problems(body: str, body_line: int, report: Reporter) -> None:
    """Warn about every line of `soapbox new`'s skeleton text still in the body, at its line."""
    for index, line in enumerate(body.splitlines()):
        if line.strip() in PLACEHOLDER_LINES:
            report.warn(
                None,
                f"the text still holds the placeholder {quoted(line.strip())} from 'soapbox new';"
                " write your own text, or mark the post 'draft: true' until it is ready",
                line=body_line + index,
            )


def provisional_post(src_uri: str, source: str, settings: ContentSettings) -> Post | None:
    """For a file with errors (which `parse_post` leaves out): the post as far as its URL and
    series part can still be told, so that a bad date does not hide a duplicate URL. None when
    not even that is known (unreadable front matter, unknown type, a date-based permalink with a
    bad date) or when the file is a draft."""
    scratch = Reporter(posixpath.join(settings.display_root, src_uri))
    matter = split_front_matter(source, scratch)
    if matter is None:
        return None
    data = matter.data
    if data.get("draft") is True:
        return None
    type_key = _content_type(data, src_uri, settings, scratch)
    if type_key is None:
        return None
    content_type = settings.type_by_key()[type_key]
    raw_slug = data.get("slug")
    explicit = isinstance(raw_slug, str) and is_valid_slug(raw_slug)
    slug = (
        raw_slug
        if explicit and isinstance(raw_slug, str)
        else slug_from_filename(posixpath.splitext(posixpath.basename(src_uri))[0])
    )
    published, problem = (
        parse_datetime(data["date"], settings.timezone)
        if data.get("date") is not None
        else (None, None)
    )
    dated = any(f"{{{part}}}" in settings.permalink for part in ("year", "month", "day"))
    if type_key != "page" and published is None and dated:
        return None
    url = _url(src_uri, slug, content_type, published, settings, explicit_slug=explicit)
    title = data.get("title")
    return Post(
        src_uri=src_uri,
        title=" ".join(title.split()) if isinstance(title, str) else "",
        type=type_key,
        date=published if problem is None else None,
        slug=slug,
        url=url,
        series=_series(data.get("series"), scratch),
    )


# --- the listing excerpt ----------------------------------------------------------------------

MORE_MARKER = re.compile(r"^[ \t]*<!--\s*more\s*-->[ \t]*$", re.MULTILINE | re.IGNORECASE)


def excerpt_of(body: str) -> str:
    """The listing excerpt: everything before `<!-- more -->` as plain text, or the first
    paragraph when there is no marker."""
    marker = MORE_MARKER.search(textutil.strip_code_blocks(body))
    if marker is None:
        return textutil.first_paragraph(body)
    head = textutil.strip_code_blocks(body)[: marker.start()]
    paragraphs = (textutil.first_paragraph(block) for block in re.split(r"\n[ \t]*\n", head))
    return " ".join(p for p in paragraphs if p)
