"""A Jekyll, Hugo or Material-blog posts folder -> `ImportedPost`s.

Where the posts are: `PATH/_posts` (Jekyll), `PATH/content/posts` or `PATH/content/post` (Hugo),
`PATH/docs/blog/posts` (Material's blog plugin), or PATH itself. Each Markdown file's YAML front
matter is read with Soapbox's own reader and mapped: title (or the first `# heading`), date (or
the `YYYY-MM-DD-` of a Jekyll file name; Material's `date: {created: ...}`), `draft:` /
`published: false`, tags, categories and topics, description / excerpt / summary, slug, and
permalink / redirect_from / aliases as old addresses. The body is kept as written; template code
Soapbox cannot run (Liquid `{% %}` `{{ }}`, Hugo shortcodes `{{< >}}` `{{% %}}`) is flagged with
its line so the author can replace it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..fields import Reporter, parse_datetime
from ..foreign_fields import normalise_alias
from ..frontmatter import FrontMatter, split_front_matter
from ..text import first_heading
from ..urls import slug_from_filename, slugify
from .model import ImportedPost, ImportFailed, ReadResult, Skipped

LAYOUTS = ("_posts", "content/posts", "content/post", "docs/blog/posts", "blog/posts")
_JEKYLL_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")
_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}")
_SUFFIXES = (".md", ".markdown")


def posts_folder(path: Path) -> Path:
    for layout in LAYOUTS:
        candidate = path / layout
        if candidate.is_dir():
            return candidate
    return path


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [
            " ".join(str(v).split())
            for v in value
            if isinstance(v, (str, int, float)) and str(v).strip()
        ]
    return []


def _date(data: dict, stem: str, tz: ZoneInfo) -> datetime | None:
    value = data.get("date")
    if isinstance(value, dict):  # Material's blog: date: {created: ..., updated: ...}
        value = value.get("created")
    if value is not None:
        moment, problem = parse_datetime(value, tz)
        if moment is not None and not problem:
            return moment
    named = _JEKYLL_DATE.match(stem)
    if named:
        moment, _ = parse_datetime(named.group(1), tz)
        return moment
    return None


def _updated(data: dict, tz: ZoneInfo) -> datetime | None:
    """`updated:` / `lastmod:` / `last_modified_at:`, or Material's `date: {updated: ...}`."""
    value = data.get("date")
    candidates = [value.get("updated") if isinstance(value, dict) else None]
    candidates += [data.get(k) for k in ("updated", "lastmod", "last_modified_at")]
    for candidate in candidates:
        if candidate is not None:
            moment, problem = parse_datetime(candidate, tz)
            if moment is not None and not problem:
                return moment
    return None


def _flags(body: str, first_line: int) -> list[str]:
    """Template code in the body, by the file's own line numbers."""
    lines = [
        str(number)
        for number, line in enumerate(body.splitlines(), start=first_line)
        if _TEMPLATE_CODE.search(line)
    ]
    if not lines:
        return []
    shown = ", ".join(lines[:8]) + (" ..." if len(lines) > 8 else "")
    return [
        f"template code Soapbox does not run (Liquid or Hugo shortcodes) on line(s) {shown};"
        " replace it with Markdown"
    ]


_TypeFor = Callable[[str, tuple[str, ...]], str | None]


def read_folder(
    path: Path,
    *,
    timezone: ZoneInfo,
    type_for: _TypeFor | None = None,
) -> ReadResult:
    folder = posts_folder(path)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in _SUFFIXES)
    if not files:
        raise ImportFailed(
            f"{path}: no Markdown posts found (looked in {', '.join(LAYOUTS)} and the folder"
            " itself)"
        )
    result = ReadResult()
    for file in files:
        read = _read_file(file, folder, timezone, type_for)
        if isinstance(read, Skipped):
            result.skipped.append(read)
        else:
            result.posts.append(read)
    return result


def _read_file(
    file: Path, folder: Path, timezone: ZoneInfo, type_for: _TypeFor | None
) -> ImportedPost | Skipped:
    """One Markdown file -> the post, or why it is skipped."""
    rel = file.relative_to(folder).as_posix()
    label = f"{folder.name}/{rel}"
    matter = _front_matter(file, folder, label)
    if isinstance(matter, Skipped):
        return matter
    data = matter.data
    stem = file.parent.name if file.stem == "index" else file.stem  # Hugo page bundles
    title, body = _title_and_body(data.get("title"), matter.body.lstrip("\n"))
    if not title:
        return Skipped(label, "has no title")
    date = _date(data, stem, timezone)
    if date is None:
        return Skipped(label, "has no date (front matter or YYYY-MM-DD- file name)")
    categories = _names(data.get("categories"))
    topics = list(
        dict.fromkeys([*_names(data.get("topics")), *categories, *_names(data.get("tags"))])
    )
    slug, aliases = _slug_and_aliases(data)
    image = next(
        (data[k] for k in ("image", "cover", "featured_image") if isinstance(data.get(k), str)),
        "",
    )
    flags = _flags(matter.body, matter.body_line)
    if image and not image.startswith(("http://", "https://")):
        flags.append(f"the image '{image}' is a local file: copy it into the images folder")
    return ImportedPost(
        import_id=f"folder:{folder.name}/{rel}",
        label=label, title=title, date=date, body=body, updated=_updated(data, timezone),
        type_key=type_for("post", tuple(categories)) if type_for else None,
        slug=slugify(str(slug)) or slug_from_filename(stem), topics=tuple(topics),
        categories=tuple(categories), description=" ".join(_description(data).split()),
        draft=data.get("draft") is True or data.get("published") is False,
        image_url=image if image.startswith(("http://", "https://")) else "",
        image_alt=title if image else "", aliases=tuple(aliases),
        flags=tuple(flags),
    )  # fmt: skip


def _front_matter(file: Path, folder: Path, label: str) -> FrontMatter | Skipped:
    """The file's YAML front matter and body, or why the file is not a post Soapbox can read
    (a section index, not UTF-8, TOML front matter, invalid YAML)."""
    if file.name.startswith(("_index.", "index.")) and file.parent == folder:
        return Skipped(label, "a section index, not a post")
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Skipped(
            label, f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
        )
    if text.startswith("+++"):
        return Skipped(label, "has TOML front matter (+++); convert it to YAML (---) and run again")
    report = Reporter(label)
    matter = split_front_matter(text, report)
    if matter is None:
        why = report.problems[0].message if report.problems else "unreadable front matter"
        return Skipped(label, f"front matter {why}")
    return matter


def _title_and_body(title: Any, body: str) -> tuple[str, str]:
    """The front matter's title, or else the body's first `# heading`, which then leaves the
    body (the title is written to the front matter: one h1 only)."""
    if not isinstance(title, str) or not title.strip():
        heading = first_heading(body)
        title = heading[0] if heading else ""
        if heading:
            lines = body.splitlines(keepends=True)
            body = "".join(lines[: heading[1]] + lines[heading[1] + 1 :]).lstrip("\n")
    return " ".join(str(title).split()), body


def _description(data: Mapping[str, Any]) -> str:
    """`description:`, else `excerpt:`, else `summary:` ("" when none is text)."""
    return next(
        (
            str(data[k]).strip()
            for k in ("description", "excerpt", "summary")
            if isinstance(data.get(k), str)
        ),
        "",
    )


def _slug_and_aliases(data: Mapping[str, Any]) -> tuple[str, list[str]]:
    """`slug:` (else the last segment of a `permalink:` path) and the old addresses of
    `permalink:`, `redirect_from:` and `aliases:`."""
    slug = data.get("slug") if isinstance(data.get("slug"), str) else ""
    aliases = _aliases(
        [data.get("permalink"), *_list(data.get("redirect_from")), *_list(data.get("aliases"))]
    )
    if not slug and isinstance(data.get("permalink"), str) and aliases:
        slug = slugify(aliases[0].rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0])
    return str(slug), aliases


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _aliases(values: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for value in values:
        if not isinstance(value, str) or re.search(r"[:{%]", value.split("//", 1)[-1]):
            continue  # empty, or a pattern like /:year/:title/
        path, _ = normalise_alias(value)
        if path and path not in found:
            found.append(path)
    return found
