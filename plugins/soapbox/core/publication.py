"""The publication of one build: which posts are public, and every listing built from them.

Built once per build from the parsed posts and read by every feature. Lookups are by key
(`src_uri`, type, year, series); nothing scans all posts per page.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from .content import ContentType, Post
from .problems import Problem, Severity


def build_now(environ: Mapping[str, str] | None = None, tz: ZoneInfo | None = None) -> datetime:
    """The "now" of a build: `SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock."""
    environ = os.environ if environ is None else environ
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            now = datetime.fromtimestamp(int(raw), tz=UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise ValueError(
                f"SOURCE_DATE_EPOCH={raw!r} is not a Unix timestamp in seconds; unset it or use"
                " e.g. SOURCE_DATE_EPOCH=$(date +%s)"
            ) from exc
    else:
        now = datetime.now(UTC)
    return now.astimezone(tz) if tz else now


@dataclass(frozen=True, slots=True)
class ListingPage:
    number: int  # 1-based
    total: int
    url: str  # site-relative, trailing slash
    src_uri: str  # the virtual markdown file behind it
    items: tuple[Post, ...]
    prev_url: str | None
    next_url: str | None


def paginate(items: list[Post], size: int, base_url: str) -> list[ListingPage]:
    """`base_url` page 1, then `base_url/page/2/` ...; an empty listing still has one page."""
    total = max(1, math.ceil(len(items) / size))
    urls = [base_url if n == 1 else f"{base_url}page/{n}/" for n in range(1, total + 1)]
    return [
        ListingPage(
            number=n,
            total=total,
            url=urls[n - 1],
            src_uri=f"{urls[n - 1]}index.md",
            items=tuple(items[(n - 1) * size : n * size]),
            prev_url=urls[n - 2] if n > 1 else None,
            next_url=urls[n] if n < total else None,
        )
        for n in range(1, total + 1)
    ]


@dataclass
class Publication:
    now: datetime
    posts: dict[str, Post]  # every post in this build (incl. previews), by src_uri
    articles: list[Post]  # public articles, newest first
    by_type: dict[str, list[Post]]
    by_year: dict[int, list[Post]]  # newest year first
    series: dict[str, list[Post]]  # series name -> parts in order
    excluded: dict[str, str]  # src_uri -> why it is not in this build
    withheld: dict[str, Post]  # the posts behind `excluded`, for tools that list them
    previews: dict[str, str]  # src_uri -> why it is only in the preview ("draft"/"scheduled")
    next_scheduled: Post | None
    neighbours: dict[str, tuple[Post | None, Post | None]] = field(default_factory=dict)

    def series_of(self, post: Post) -> list[Post]:
        return self.series.get(post.series.name, []) if post.series else []


def publish(
    posts: Iterable[Post], now: datetime, *, preview: bool, types: Iterable[ContentType]
) -> Publication:
    """Decide what this build shows. `preview` (the live server) also shows drafts and scheduled
    posts, marked; a real build leaves them out entirely."""
    listed = {t.key for t in types if t.listed}
    included: dict[str, Post] = {}
    excluded: dict[str, str] = {}
    withheld: dict[str, Post] = {}
    previews: dict[str, str] = {}
    upcoming: list[Post] = []
    for post in posts:
        reason = None
        if post.draft:
            reason = "draft"
        elif post.is_scheduled(now):
            reason = "scheduled"
            upcoming.append(post)
        if reason and not preview:
            excluded[post.src_uri] = reason
            withheld[post.src_uri] = post
            continue
        if reason:
            previews[post.src_uri] = reason
        included[post.src_uri] = post

    articles = sorted((p for p in included.values() if p.type in listed), key=lambda p: p.sort_key)
    by_type: dict[str, list[Post]] = defaultdict(list)
    by_year: dict[int, list[Post]] = defaultdict(list)
    series: dict[str, list[Post]] = defaultdict(list)
    for post in articles:
        by_type[post.type].append(post)
        by_year[post.date.year].append(post)  # type: ignore[union-attr]  # articles have dates
    for post in sorted(included.values(), key=lambda p: p.series.part if p.series else 0):
        if post.series:
            series[post.series.name].append(post)

    neighbours: dict[str, tuple[Post | None, Post | None]] = {}
    for same_type in by_type.values():
        for index, post in enumerate(same_type):  # newest first: "next" is newer
            newer = same_type[index - 1] if index > 0 else None
            older = same_type[index + 1] if index + 1 < len(same_type) else None
            neighbours[post.src_uri] = (older, newer)

    return Publication(
        now=now,
        posts=included,
        articles=articles,
        by_type=dict(by_type),
        by_year=dict(sorted(by_year.items(), reverse=True)),
        series=dict(series),
        excluded=excluded,
        withheld=withheld,
        previews=previews,
        next_scheduled=min(upcoming, key=lambda p: (p.date, p.src_uri), default=None),
        neighbours=neighbours,
    )


def check_collection(
    posts: Iterable[Post], display_root: str, *, involving: frozenset[str] | None = None
) -> list[Problem]:
    """Problems that only show across files: two posts on one URL, two posts as one series part.

    With `involving` (source paths), only the clashes in which one of those files takes part are
    reported: the check for files left out of the publication because of errors of their own,
    whose clashes with the rest would otherwise stay hidden until those errors are fixed."""
    problems: list[Problem] = []
    by_url: dict[str, Post] = {}
    by_part: dict[tuple[str, int], Post] = {}

    def clash(post: Post, other: Post) -> bool:
        return other is not post and (
            involving is None or bool(involving & {post.src_uri, other.src_uri})
        )

    for post in sorted(posts, key=lambda p: p.src_uri):
        path = f"{display_root}/{post.src_uri}"
        other = by_url.setdefault(post.url, post)
        if clash(post, other):
            problems.append(
                Problem(
                    path, None, "slug",
                    f"gives the URL '/{post.url}', which {display_root}/{other.src_uri} already"
                    " has; set a different 'slug:' in one of them",
                )
            )  # fmt: skip
        if post.series:
            key = (post.series.name.casefold(), post.series.part)
            other = by_part.setdefault(key, post)
            if clash(post, other):
                problems.append(
                    Problem(
                        path, None, "series",
                        f"part {post.series.part} of '{post.series.name}' is already"
                        f" {display_root}/{other.src_uri}; give each part its own number",
                    )
                )  # fmt: skip
    return problems


def reserved_url_conflicts(
    posts: Iterable[Post], reserved: Mapping[str, str], display_root: str
) -> list[Problem]:
    """A post whose URL is taken by a page Soapbox generates (an index, the archive ...)."""
    return [
        Problem(
            f"{display_root}/{post.src_uri}", None, "slug",
            f"gives the URL '/{post.url}', which is reserved for {reserved[post.url]}; set another"
            " 'slug:'",
            Severity.ERROR,
        )
        for post in posts
        if post.url in reserved
    ]  # fmt: skip
