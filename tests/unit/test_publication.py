"""What a build publishes: drafts, scheduled posts, listings, pagination, series, collisions."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from soapbox.core.content import DEFAULT_TYPES, Post, Series
from soapbox.core.publication import (
    build_now,
    check_collection,
    paginate,
    publish,
    reserved_url_conflicts,
)
from soapbox.core.text import first_paragraph, format_date, inline_text, trim, word_count

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def post(name: str, days_ago: float, type_: str = "rant", **extra) -> Post:
    return Post(
        src_uri=f"{name}.md", title=name.title(), type=type_, date=NOW - timedelta(days=days_ago),
        slug=name, url=f"{name}/", **extra,
    )  # fmt: skip


def test_a_build_leaves_out_drafts_and_future_posts_and_names_the_next_one():
    posts = [
        post("old", 30),
        post("draft", 10, draft=True),
        post("soon", -2),
        post("later", -40),
        post("case", 5, "case-study"),
        post("about", 0, "page"),
    ]
    pub = publish(posts, NOW, preview=False, types=DEFAULT_TYPES)
    assert [p.src_uri for p in pub.articles] == ["case.md", "old.md"]
    assert pub.excluded == {"draft.md": "draft", "soon.md": "scheduled", "later.md": "scheduled"}
    assert set(pub.posts) == {"old.md", "case.md", "about.md"}
    assert pub.next_scheduled.src_uri == "soon.md"
    assert pub.previews == {}
    assert list(pub.by_type) == ["case-study", "rant"]


def test_the_preview_shows_drafts_and_scheduled_posts_marked():
    posts = [post("old", 30), post("draft", 10, draft=True), post("soon", -2)]
    pub = publish(posts, NOW, preview=True, types=DEFAULT_TYPES)
    assert [p.src_uri for p in pub.articles] == ["soon.md", "draft.md", "old.md"]
    assert set(pub.posts) == {"old.md", "draft.md", "soon.md"}
    assert pub.previews == {"draft.md": "draft", "soon.md": "scheduled"}
    assert pub.excluded == {}


def test_a_post_dated_exactly_now_is_published():
    pub = publish([post("now", 0)], NOW, preview=False, types=DEFAULT_TYPES)
    assert list(pub.posts) == ["now.md"]


def test_order_is_newest_first_and_stable_for_equal_dates():
    posts = [post("b", 1), post("a", 1), post("c", 0)]
    pub = publish(posts, NOW, preview=False, types=DEFAULT_TYPES)
    assert [p.slug for p in pub.articles] == ["c", "a", "b"]
    older, newer = pub.neighbours["a.md"]
    assert (older.slug, newer.slug) == ("b", "c")
    assert pub.neighbours["c.md"] == (pub.posts["a.md"], None)


def test_archive_groups_by_year_newest_first():
    posts = [post("x", 400), post("y", 10), post("z", 800)]
    pub = publish(posts, NOW, preview=False, types=DEFAULT_TYPES)
    assert list(pub.by_year) == [2026, 2025, 2024]


def test_series_parts_are_ordered_and_only_published_parts_count():
    posts = [
        post("p2", 5, series=Series("Call", 2)),
        post("p1", 9, series=Series("Call", 1)),
        post("p3", -5, series=Series("Call", 3)),
    ]
    pub = publish(posts, NOW, preview=False, types=DEFAULT_TYPES)
    assert [p.slug for p in pub.series["Call"]] == ["p1", "p2"]
    assert pub.series_of(pub.posts["p2.md"]) == pub.series["Call"]


@pytest.mark.parametrize(
    ("count", "size", "expected"),
    [
        (0, 10, [("rants/", 0, None, None)]),
        (10, 10, [("rants/", 10, None, None)]),
        (
            11,
            5,
            [
                ("rants/", 5, None, "rants/page/2/"),
                ("rants/page/2/", 5, "rants/", "rants/page/3/"),
                ("rants/page/3/", 1, "rants/page/2/", None),
            ],
        ),
    ],
)
def test_pagination(count, size, expected):
    items = [post(f"p{i}", i) for i in range(count)]
    pages = paginate(items, size, "rants/")
    assert [(p.url, len(p.items), p.prev_url, p.next_url) for p in pages] == expected
    assert [p.src_uri for p in pages] == [f"{url}index.md" for url, *_ in expected]
    assert all(p.total == len(expected) for p in pages)


def test_collisions_between_posts_and_with_generated_pages():
    a = post("a", 1)
    b = Post(src_uri="z/b.md", title="B", type="rant", date=NOW, slug="a", url="a/")
    s1 = post("s1", 3, series=Series("Call", 1))
    s2 = post("s2", 2, series=Series("call", 1))
    problems = [str(p) for p in check_collection([a, b, s1, s2], "posts")]
    assert problems == [
        "posts/s2.md: series: part 1 of 'call' is already posts/s1.md; give each part its own "
        "number",
        "posts/z/b.md: slug: gives the URL '/a/', which posts/a.md already has; set a different"
        " 'slug:' in one of them",
    ]
    archive = post("archive", 1)
    reserved = reserved_url_conflicts(
        [archive], {"archive/": "the generated page 'Archive'"}, "posts"
    )
    assert [str(p) for p in reserved] == [
        "posts/archive.md: slug: gives the URL '/archive/', which is reserved for the generated"
        " page 'Archive'; set another 'slug:'"
    ]


def test_build_now_is_pinned_by_source_date_epoch():
    assert build_now({"SOURCE_DATE_EPOCH": "1700000000"}) == datetime(
        2023, 11, 14, 22, 13, 20, tzinfo=UTC
    )
    assert abs(build_now({}) - datetime.now(UTC)) < timedelta(seconds=5)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH='soon' is not a Unix timestamp"):
        build_now({"SOURCE_DATE_EPOCH": "soon"})


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "## Heading\n\nFirst **para** with [a link](x.md).\nSecond line.\n\nNext.",
            "First para with a link. Second line.",
        ),
        ("> quote\n\n- list\n\n```\ncode\n```\n\nReal one.", "Real one."),
        ("<div>html</div>\n\nText &amp; more", "Text & more"),
        ("", ""),
    ],
)
def test_first_paragraph(markdown, expected):
    assert first_paragraph(markdown) == expected


def test_text_helpers():
    assert inline_text("![img](x.png) *a* `b` [c][ref] <b>d</b>{: .x}") == "img a b c d"
    assert word_count("One two\n\n```\nnot counted here\n```\nthree's four-five") == 4
    assert trim("word " * 50, 30) == "word word word word word word…"
    assert trim("short", 30) == "short"
    assert format_date(datetime(2024, 3, 5), "%B %-d, %Y") == "March 5, 2024"


def test_core_imports_neither_mkdocs_nor_an_http_client():
    """The core must move to another engine untouched: no MkDocs, no network (fetch aside)."""
    core = Path(__file__).resolve().parents[2] / "plugins" / "soapbox" / "core"
    forbidden_packages = {"mkdocs", "properdocs", "requests", "httpx", "aiohttp", "urllib3"}
    forbidden_modules = {"http.client", "urllib.request"}
    offenders = []
    files = sorted(core.rglob("*.py"))
    assert files, "no core modules found"
    for path in files:
        if path.parent.name == "aggregator" and path.name == "transport.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in forbidden_packages or name in forbidden_modules
            ]
    assert offenders == []
