"""`ImportedPost`s -> Markdown files in the docs folder, through a staging folder.

1. Look at the docs folder once: which source ids were imported before (`extra: import_id:`),
   which slugs and files exist. A post imported before is skipped, an existing file is never
   overwritten, a slug used twice gets `-2`, `-3` ... with a warning naming the item.
2. Download the images each post shows (and its featured image) into `images/<slug>/` with the
   caller's fetcher (the aggregator's polite client); a failed download is a warning naming the
   post and the URL, and the post keeps the old address.
3. Write every post and image into a staging folder beside the docs folder; only when all of
   them are written are they moved in, so an import that fails half-way writes nothing.

Framework-free: the caller hands in the content settings and a fetcher.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from ..content import ContentType, excerpt_of
from ..fields import Reporter
from ..foreign_fields import normalise_alias
from ..frontmatter import split_front_matter
from ..seo import DESCRIPTION_LENGTH
from ..text import inline_text, trim
from ..urls import permalink, slug_from_filename, slugify
from .convert import comments_markdown
from .model import ImportedPost, Skipped

# (body or None, error) for one URL
Fetcher = Callable[[str], tuple[bytes | None, str]]

IMAGES_FOLDER = "images"
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\((<[^>]+>|[^)\s]+)")
_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
_MAGIC = ((b"\x89PNG", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF8", ".gif"), (b"<svg", ".svg"))


@dataclass(frozen=True)
class Target:
    """Where the imported posts go and what the site allows."""

    docs_dir: Path
    display_root: str  # how messages name the docs folder: "posts"
    types: tuple[ContentType, ...]
    default_type: str
    permalink: str = "{slug}/"
    authors: frozenset[str] = frozenset()  # declared author keys

    def type_of(self, key: str) -> ContentType:
        return next(t for t in self.types if t.key == key)


@dataclass
class Summary:
    imported: list[tuple[str, str]] = field(default_factory=list)  # (label, shown path)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    images: int = 0
    images_failed: int = 0
    redirects: int = 0
    comments: int = 0
    topics: list[str] = field(default_factory=list)  # every topic name the imported posts use
    drafts: int = 0


@dataclass(frozen=True)
class Existing:
    ids: Mapping[str, str]  # import id -> docs-relative path
    slugs: frozenset[str]
    files: frozenset[str]  # docs-relative paths of every file


def scan(docs_dir: Path) -> Existing:
    """Source ids, slugs and files already in the docs folder."""
    ids: dict[str, str] = {}
    slugs: set[str] = set()
    files: set[str] = set()
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(docs_dir).as_posix()
            files.add(rel)
            if path.suffix != ".md":
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            matter = split_front_matter(text, Reporter(rel))
            data = matter.data if matter else {}
            slug = data.get("slug")
            slugs.add(slug if isinstance(slug, str) else slug_from_filename(path.stem))
            extra = data.get("extra")
            if isinstance(extra, dict) and isinstance(extra.get("import_id"), str):
                ids[extra["import_id"]] = rel
    return Existing(ids, frozenset(slugs), frozenset(files))


def front_matter(fields: Mapping[str, Any]) -> str:
    """`---` YAML `---`: safe_dump writes every value, so quotes, colons and '#' are safe."""
    text = yaml.safe_dump(
        dict(fields), allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=None
    )
    return f"---\n{text}---\n"


def _sniff(body: bytes) -> str:
    """The image type the first bytes say, as a file suffix ("" when unknown)."""
    for magic, suffix in _MAGIC:
        if body.startswith(magic):
            return suffix
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return ".webp"
    return ""


def _image_name(url: str, body: bytes) -> str:
    """A file name for a downloaded image: the URL's own name, made safe, with a short hash of
    the URL so two images called `image.jpg` do not collide."""
    path = unquote(urlsplit(url).path)
    stem, suffix = posixpath.splitext(posixpath.basename(path))
    suffix = suffix.lower() if suffix.lower() in _IMAGE_SUFFIXES else ""
    suffix = suffix or _sniff(body) or ".img"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{(slugify(stem) or 'image')[:60]}-{digest}{suffix}"


def write_posts(
    posts: Iterable[ImportedPost],
    target: Target,
    *,
    fetch: Fetcher | None,
    staging_parent: Path,
    skipped: Iterable[Skipped] = (),
    warnings: Iterable[str] = (),
    old_site: str = "",
) -> Summary:
    """Write the posts (see the module docstring); returns what happened. Links from one
    imported post to another on `old_site` become links to the new Markdown file, which MkDocs
    checks and turns into the new address."""
    writer = _Writer(target, fetch, Summary(skipped=list(skipped), warnings=list(warnings)))
    placed = [(post, place) for post in posts if (place := writer.place(post)) is not None]
    moved = {old: place.rel for post, place in placed for old in post.aliases}
    host = urlsplit(old_site).hostname or ""
    for post, place in placed:
        writer.add(post, place, _relink(post.body, host, moved, place.folder))
    staging_parent.mkdir(parents=True, exist_ok=True)
    _commit(writer.staged, target.docs_dir, staging_parent)
    return writer.summary


@dataclass(frozen=True, slots=True)
class _Place:
    rel: str  # docs-relative path of the new file: "rants/my-post.md"
    slug: str
    folder: str  # "rants", "" for pages
    type_key: str


class _Writer:
    """One import's state: what exists, what is staged, which images were fetched."""

    def __init__(self, target: Target, fetch: Fetcher | None, summary: Summary):
        self.target = target
        self.fetch = fetch
        self.summary = summary
        self.existing = scan(target.docs_dir)
        self.slugs = set(self.existing.slugs)
        self.staged: dict[str, bytes] = {}  # docs-relative path -> content
        self.downloaded: dict[str, str | None] = {}  # url -> docs-relative path (None: failed)

    def shown(self, rel: str) -> str:
        return f"{self.target.display_root}/{rel}"

    def add(self, post: ImportedPost, place: _Place, body: str) -> None:
        body = self.localise_images(body, post, place)
        text = front_matter(self.fields(post, place, body)) + "\n" + body
        if post.comments:
            text = text.rstrip("\n") + "\n\n" + comments_markdown(post.comments)
            self.summary.comments += len(post.comments)
        self.staged[place.rel] = text.encode("utf-8")
        self.summary.imported.append((post.label, self.shown(place.rel)))
        for flag in post.flags:
            self.summary.warnings.append(f"{post.label}: {flag} ({self.shown(place.rel)})")

    def place(self, post: ImportedPost) -> _Place | None:
        """Where the post goes, or None (imported before, or the file exists)."""
        if post.import_id in self.existing.ids:
            before = self.shown(self.existing.ids[post.import_id])
            self.summary.skipped.append(Skipped(post.label, f"imported before: {before}"))
            return None
        type_key = post.type_key or self.target.default_type
        slug = post.slug or slugify(post.title) or "post"
        if slug in self.slugs:
            number = 2
            while f"{slug}-{number}" in self.slugs:
                number += 1
            self.summary.warnings.append(
                f"{post.label}: the slug '{slug}' is already used (by an existing post or an"
                f" earlier item); imported as '{slug}-{number}'"
            )
            slug = f"{slug}-{number}"
        folder = self.target.type_of(type_key).folder if type_key != "page" else ""
        rel = f"{folder}/{slug}.md" if folder else f"{slug}.md"
        if rel in self.existing.files or rel in self.staged:
            self.summary.skipped.append(
                Skipped(post.label, f"{self.shown(rel)} exists and is never overwritten")
            )
            return None
        self.slugs.add(slug)
        return _Place(rel, slug, folder, type_key)

    def image(self, url: str, post: ImportedPost, place: _Place) -> str | None:
        """The image's path relative to the post, downloading it the first time."""
        if url not in self.downloaded:
            self.downloaded[url] = _download(
                url, place.slug, post.label, self.fetch, self.staged, self.summary
            )
        path = self.downloaded[url]
        return posixpath.relpath(path, place.folder or ".") if path else None

    def localise_images(self, body: str, post: ImportedPost, place: _Place) -> str:
        for match in list(dict.fromkeys(m.group(1) for m in _MD_IMAGE.finditer(body))):
            url = match.strip("<>")
            if urlsplit(url).scheme in ("http", "https") and (
                found := self.image(url, post, place)
            ):
                body = body.replace(f"]({match}", f"]({found}")
        return body

    def fields(self, post: ImportedPost, place: _Place, body: str) -> dict[str, Any]:
        """The front matter, in a fixed order (a re-import writes the same bytes)."""
        summary, type_key = self.summary, place.type_key
        fields: dict[str, Any] = {"title": post.title}
        if post.date is not None:
            fields["date"] = post.date.isoformat(sep=" ", timespec="minutes")
        if post.updated is not None:
            fields["updated"] = post.updated.isoformat(sep=" ", timespec="minutes")
        fields["type"] = type_key
        if post.topics and type_key != "page":
            fields["topics"] = list(post.topics)
            summary.topics += list(post.topics)
        description = self.description(post, place, body)
        if description is not None:
            fields["description"] = description
        if post.image_url:
            fields["image"] = self.image(post.image_url, post, place) or post.image_url
            fields["image_alt"] = post.image_alt or post.title
        if post.author in self.target.authors:
            fields["author"] = post.author
        if post.featured:
            fields["featured"] = True
        if post.draft:
            fields["draft"] = True
            summary.drafts += 1
        aliases = [a for a in post.aliases if a != self.new_url(post, place)]
        if aliases:
            fields["aliases"] = ["/" + a for a in aliases]
            summary.redirects += len(aliases)
        fields["extra"] = {"import_id": post.import_id}
        return fields

    def description(self, post: ImportedPost, place: _Place, body: str) -> str | None:
        """The excerpt, trimmed to DESCRIPTION_LENGTH; for an article whose text does not start
        with a paragraph, its first words (None: no description). Each change is warned about."""
        description = post.description
        if not description and place.type_key != "page" and not excerpt_of(body):
            # The text starts with an image or a list: listings and search results need words.
            description = _first_words(body)
            if description:
                self.summary.warnings.append(
                    f"{post.label}: the text does not start with a paragraph; the description"
                    f" is taken from its first words, check it ({self.shown(place.rel)})"
                )
        if not description:
            return None
        trimmed = trim(description, DESCRIPTION_LENGTH)
        if post.description and trimmed != post.description:
            self.summary.warnings.append(
                f"{post.label}: the excerpt was shortened to {DESCRIPTION_LENGTH} characters"
                " for the description (search results cut longer ones)"
            )
        return trimmed

    def new_url(self, post: ImportedPost, place: _Place) -> str:
        if place.type_key == "page" or post.date is None:
            return f"{place.slug}/"
        return permalink(
            self.target.permalink, slug=place.slug,
            type_path=self.target.type_of(place.type_key).path,
            year=post.date.year, month=post.date.month, day=post.date.day,
        )  # fmt: skip


_MD_LINK = re.compile(r"\]\((https?://[^)\s]+)\)")


def _relink(body: str, host: str, moved: Mapping[str, str], folder: str) -> str:
    """`](https://old-host/2019/05/x/)` -> `](../rants/x.md)` for every imported post."""
    if not host or not moved:
        return body

    def swap(match: re.Match) -> str:
        url = match.group(1)
        address, _, fragment = url.partition("#")
        if urlsplit(address).hostname != host:
            return match.group(0)
        path, _ = normalise_alias(address)
        if path is None or path not in moved:
            return match.group(0)
        relative = posixpath.relpath(moved[path], folder or ".")
        return f"]({relative}{'#' + fragment if fragment else ''})"

    return _MD_LINK.sub(swap, body)


def _first_words(body: str) -> str:
    """Plain text of the prose lines of a Markdown body (no images, headings, code or HTML)."""
    prose = [
        line.strip().lstrip("-*+> ").strip()
        for line in body.split("<!-- more -->", 1)[0].splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "![", "<", "|", "```", "    "))
    ]
    return inline_text(" ".join(prose))


def _download(
    url: str,
    slug: str,
    label: str,
    fetch: Fetcher | None,
    staged: dict[str, bytes],
    summary: Summary,
) -> str | None:
    if fetch is None:
        return None
    body, error = fetch(url)
    if body is None or error:
        summary.images_failed += 1
        summary.warnings.append(
            f"{label}: the image {url} could not be downloaded ({error or 'no data'}); the post"
            " keeps the old address: download it by hand into the images folder"
        )
        return None
    rel = f"{IMAGES_FOLDER}/{slug}/{_image_name(url, body)}"
    staged[rel] = body
    summary.images += 1
    return rel


def _commit(staged: Mapping[str, bytes], docs_dir: Path, staging_parent: Path) -> None:
    """Write everything into a staging folder, then move it into the docs folder."""
    if not staged:
        return
    staging = Path(tempfile.mkdtemp(prefix=".soapbox-import-", dir=staging_parent))
    try:
        for rel, content in staged.items():
            path = staging.joinpath(*rel.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        for rel in sorted(staged):
            final = docs_dir.joinpath(*rel.split("/"))
            if final.exists():
                continue  # checked before; a file that appeared meanwhile is never overwritten
            final.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(staging.joinpath(*rel.split("/"))), str(final))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
