"""Real `mkdocs build --strict` runs of small fixture sites: validation in the build log, drafts,
scheduled posts, listings, pagination, archive, URLs, escaping."""

from __future__ import annotations

import json
import re

import pytest

import harness

article = harness.article

NOW = "2026-11-22T12:00:00+00:00"
AUTHORS = {
    "authors": {"ana": {"name": "Ana Ruiz", "bio": "writes about pricing.", "url": "about/"}}
}


def site(tmp_path, posts, plugin=None, mkdocs=None, *, now=NOW, strict=True):
    # The author's profile link (`url: about/`) must lead to a page: a strict build fails on a
    # link Soapbox prints from mkdocs.yml that does not resolve.
    posts = {"about.md": "---\ntitle: About\n---\nAbout Ana.\n", **posts}
    config = harness.write_site(tmp_path / "src", posts, {**AUTHORS, **(plugin or {})}, mkdocs)
    return harness.build(config, tmp_path / "out", now=now, strict=strict)


def all_text(result) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in result.site.rglob("*")
        if p.suffix in {".html", ".xml", ".json", ".txt"}
    )


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("WARNING")]


def test_broken_posts_stop_the_build_with_every_problem_named(tmp_path):
    posts = {
        "rants/good.md": article("Good", "2024-01-02"),
        "rants/colon.md": "---\ntitle: Broken: colon\ndate: 2024-01-02\n---\nText\n",
        "rants/bad-date.md": article("Bad date", "2024-02-30"),
        "rants/who.md": article("Who", "2024-01-03", "rant", "author: bob"),
        "rants/kind.md": article("Kind", "2024-01-03", "opinion"),
    }
    result = site(tmp_path, posts)
    assert result.returncode == 1
    assert "4 problems in your content must be fixed before the site can build:" in result.output
    for expected in [
        "posts/rants/colon.md:2: front matter: is not valid YAML (mapping values are not allowed "
        "here)",
        "posts/rants/bad-date.md:3: date: '2024-02-30' is not a real date (day is out of range for "
        "month); fix the day or month",
        "posts/rants/who.md:5: author: unknown author 'bob'; use one of the keys declared in "
        "mkdocs.yml: ana",
        "posts/rants/kind.md:4: type: unknown type 'opinion'; use one of rant, case-study, "
        "speaker, page",
    ]:
        assert expected in result.output
    assert not (result.site / "index.html").exists()


def test_warnings_fail_strict_builds_and_pass_normal_ones(tmp_path):
    posts = {"rants/typo.md": article("Typo", "2024-01-02", "rant", "topcis: [pricing]")}
    expected = (
        "WARNING -  soapbox: posts/rants/typo.md:5: topcis: is not a field Soapbox knows (did you"
        " mean 'topics'?); fix the spelling or remove it (custom data goes under 'extra:')"
    )
    strict = site(tmp_path / "strict", posts)
    assert strict.returncode == 1
    assert expected in strict.output
    relaxed = site(tmp_path / "relaxed", posts, strict=False)
    relaxed.assert_ok()
    assert warnings(relaxed.output) == [expected]


def test_wrong_config_values_name_the_option(tmp_path):
    result = site(tmp_path, {"a.md": "# A\n"}, {"content": {"timezone": "Mars/Olympus"}})
    assert result.returncode == 1
    assert (
        "unknown time zone 'Mars/Olympus'; use an IANA name like 'Europe/Berlin'" in result.output
    )
    result = site(tmp_path / "2", {"a.md": "# A\n"}, {"listings": {"page_size": 0}})
    assert result.returncode == 1
    assert "must be a whole number of at least 1, got 0" in result.output
    result = site(tmp_path / "3", {"a.md": "# A\n"}, {"content": {"permalink": "{title}/"}})
    assert (
        "'{title}/' unknown placeholder {title}; use {slug}, {type}, {year}, {month}, {day}"
        in result.output
    )


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    """One site with every listing feature; built once for the tests below."""
    tmp_path = tmp_path_factory.mktemp("blog")
    posts = {
        "index.md": "---\ntitle: Ana Ruiz\ntype: page\n---\nI write about pricing.\n",
        "about.md": "---\ntitle: About\n---\nAbout Ana.\n",
        "hire-me.md": "---\ntitle: Hire me\n---\nBook a talk.\n",
        "case-studies/one.md": article("Case one", "2025-05-01", "case-study", "featured: true"),
        "draft.md": article("Secret Draft Title", "2025-01-01", "rant", "draft: true"),
        "future.md": article("Future Scheduled Title", "2027-02-16 09:00", "rant"),
        "series-1.md": article(
            "Call part one", "2024-06-01", "speaker", 'series: {name: "The Call", part: 1}'
        ),
        "series-2.md": article(
            "Call part two", "2024-07-01", "speaker", 'series: {name: "The Call", part: 2}'
        ),
        "linked.md": article(
            "Links",
            "2023-03-01",
            "rant",
            body="See [the draft](draft.md) and [one](case-studies/one.md).",
        ),
    }
    for n in range(1, 6):
        posts[f"rants/r{n}.md"] = article(
            f"Rant number {n}", f"2025-0{n}-10", "rant", "topics: [pricing]"
        )
    theme = {"name": "material", "features": ["navigation.tabs"]}
    result = site(
        tmp_path, posts, {"listings": {"page_size": 2, "home_recent": 2}}, {"theme": theme}
    )
    result.assert_ok()
    result.source = tmp_path / "src"
    return result


def test_strict_build_is_clean_and_leaves_posts_untouched(blog, tmp_path):
    assert warnings(blog.output) == []
    # Build again from the same sources and prove the second build changed nothing in posts/.
    before = harness.snapshot_tree(blog.source / "posts")
    again = harness.build(blog.source / "mkdocs.yml", tmp_path / "again", now=NOW)
    again.assert_ok()
    assert harness.snapshot_tree(blog.source / "posts") == before
    assert sorted(p.name for p in (blog.source / "posts").iterdir()) == [
        "about.md", "case-studies", "draft.md", "future.md", "hire-me.md", "index.md",
        "linked.md", "rants", "series-1.md", "series-2.md",
    ]  # fmt: skip


def test_drafts_and_scheduled_posts_leave_no_trace(blog):
    text = all_text(blog)
    for title in ("Secret Draft Title", "Future Scheduled Title"):
        assert title not in text
    assert not blog.path("draft/").exists()
    assert not blog.path("future/").exists()
    sitemap = blog.text("sitemap.xml")
    assert "draft/" not in sitemap and "future/" not in sitemap
    index = json.loads(blog.text("search/search_index.json"))
    assert not [d for d in index["docs"] if d["location"].startswith(("draft/", "future/"))]


def test_build_log_names_the_next_scheduled_post(blog):
    assert (
        "INFO    -  soapbox: Next scheduled post: 'Future Scheduled Title' (posts/future.md) goes "
        "live"
        " on 2027-02-16 09:00+00:00; left out of this build"
    ) in blog.output
    assert "soapbox: 9 articles published; left out: 1 draft(s), 1 scheduled" in blog.output
    assert (
        "INFO    -  soapbox: Scheduled: 2027-02-16 09:00+00:00  'Future Scheduled Title' "
        "(posts/future.md)"
    ) in blog.output


def test_type_index_is_paginated_newest_first(blog):
    first = blog.html("rants/")
    titles = [a.get_text(strip=True) for a in first.select(".sb-card__title a")]
    assert titles == ["Rant number 5", "Rant number 4"]
    assert first.select_one("h1").get_text() == "Rants"
    assert first.select_one(".sb-pager__status").get_text() == "Page 1 of 3"
    assert first.select_one('a[rel="next"]')["href"] == "page/2/"
    third = blog.html("rants/page/3/")
    assert [a.get_text(strip=True) for a in third.select(".sb-card__title a")] == [
        "Rant number 1",
        "Links",
    ]
    assert third.select_one('a[rel="prev"]')["href"] == "../2/"
    assert not blog.path("rants/page/4/").exists()
    assert third.select_one("title").get_text().startswith("Rants – page 3")


def test_home_shows_intro_featured_recent_and_the_call_to_action(blog):
    home = blog.html("")
    assert home.select_one("h1").get_text() == "Ana Ruiz"
    assert "I write about pricing." in home.select_one(".sb-hero__intro").get_text()
    featured = home.select_one("#featured").find_parent("section")
    assert [a.get_text() for a in featured.select(".sb-card__title a")] == ["Case one"]
    latest = home.select_one("#latest-rant").find_parent("section")
    assert [a.get_text() for a in latest.select(".sb-card__title a")] == [
        "Rant number 5",
        "Rant number 4",
    ]
    assert home.select_one("#latest-case-study") is None  # its only post is already featured
    assert home.select_one(".sb-announce")["href"] == "hire-me/"
    assert home.select_one(".sb-cta a")["href"] == "hire-me/"


def test_archive_by_year_and_per_year_pages(blog):
    archive = blog.html("archive/")
    years = [h.get_text(" ", strip=True) for h in archive.select(".sb-archive__year h2")]
    assert years == ["2025 6 articles", "2024 2 articles", "2023 1 article"]
    year = blog.html("archive/2024/")
    assert [a.get_text() for a in year.select(".sb-card__title a")] == [
        "Call part two",
        "Call part one",
    ]


def test_post_page_byline_series_neighbours_and_no_docs_navigation(blog):
    page = blog.html("series-1/")
    assert page.select_one("h1").get_text() == "Call part one"
    assert len(page.select("h1")) == 1
    byline = page.select_one(".sb-byline").get_text(" ", strip=True)
    assert "By Ana Ruiz" in byline and "June 1, 2024" in byline and "1 min read" in byline
    assert page.select_one(".sb-byline time")["datetime"] == "2024-06-01T00:00:00+00:00"
    assert page.select_one(".sb-kicker__series").get_text() == "The Call · Part 1 of 2"
    parts = page.select(".sb-series li")
    assert [li.get_text(strip=True) for li in parts] == ["Call part one", "Call part two"]
    assert parts[1].a["href"] == "../series-2/"
    assert page.select_one('.sb-more a[rel="next"]')["href"] == "../series-2/"
    assert page.select_one(".sb-cta a")["href"] == "../hire-me/"
    assert page.select_one('[data-md-type="navigation"]').has_attr("hidden")
    assert (
        page.select_one(".sb-author").get_text(" ", strip=True) == "Ana Ruiz writes about pricing."
    )


def test_links_to_excluded_posts_do_not_break_the_build_and_nav_is_publication_style(blog):
    assert (
        "Doc file 'linked.md' contains a link to 'draft.md' which is excluded from the built site."
        in blog.output
    )
    tabs = [a.get_text(strip=True) for a in blog.html("").select(".md-tabs__link")]
    assert tabs == [
        "Home",
        "Rants",
        "Case studies",
        "Speaking",
        "Archive",
        "Topics",
        "Subscribe",
        "About",
        "Hire me",
    ]


def test_hostile_titles_are_escaped_everywhere(tmp_path):
    hostile = "R&D <script>alert('x')</script> \"quoted\" 🎤 עברית"
    posts = {
        "rants/evil.md": article(
            hostile, "2024-01-02", "rant", f"description: {json.dumps(hostile, ensure_ascii=False)}"
        ),
    }
    result = site(tmp_path, posts)
    result.assert_ok()
    for rel in ("evil/", "rants/", "", "archive/"):
        raw = result.text(rel)
        assert "<script>alert(" not in raw, rel
        assert (
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in raw
            or "&lt;script&gt;alert(&#x27;x&#x27;)" in raw
        ), rel
    page = result.html("evil/")
    assert page.select_one("h1.sb-post__title").get_text() == hostile
    assert page.select_one(".sb-dek").get_text() == hostile
    assert page.select_one("title").get_text() == f"{hostile} – Fixture"  # seo.title_pattern
    assert page.select_one('meta[name="description"]')["content"] == hostile
    assert (
        page.select_one(".md-header__topic + .md-header__topic .md-ellipsis").get_text(strip=True)
        == hostile
    )
    listing = result.html("rants/")
    assert listing.select_one(".sb-card__title a").get_text() == hostile


def test_permalink_pattern_and_slug_keep_urls_stable(tmp_path):
    posts = {
        "rants/2024-01-02-first.md": article("First", "2024-01-02"),
        "rants/renamed.md": article("Whatever the title", "2024-03-04", "rant", "slug: kept"),
    }
    result = site(tmp_path, posts, {"content": {"permalink": "{type}/{year}/{slug}/"}})
    result.assert_ok()
    assert result.path("rants/2024/first/").exists()
    assert result.path("rants/2024/kept/").exists()


def test_two_posts_on_one_url_is_an_error(tmp_path):
    posts = {
        "rants/a.md": article("A", "2024-01-02", "rant", "slug: same"),
        "case-studies/b.md": article("B", "2024-01-02", "case-study", "slug: same"),
        "archive.md": "---\ntitle: Archive clash\n---\ntext\n",
    }
    result = site(tmp_path, posts)
    assert result.returncode == 1
    assert (
        "posts/rants/a.md: slug: gives the URL '/same/', which posts/case-studies/b.md already has;"
        " set a different 'slug:' in one of them"
    ) in result.output
    assert (
        "posts/archive.md: slug: gives the URL '/archive/', which is reserved for the generated "
        "page"
        " 'Archive'; set another 'slug:'"
    ) in result.output


def test_scheduled_post_appears_once_its_date_has_come(tmp_path):
    posts = {
        "rants/soon.md": article("Tuesday Post", "2026-12-01 09:00", "rant"),
        "about.md": "---\ntitle: About\n---\nAbout Ana.\n",  # the author's profile link
    }
    config = harness.write_site(
        tmp_path / "src",
        posts,
        AUTHORS,
        {"plugins": ["search", {"soapbox": {**AUTHORS, "content": {"timezone": "Europe/Berlin"}}}]},
    )
    before = harness.build(config, tmp_path / "before", now="2026-12-01T07:59:00+00:00")
    before.assert_ok()
    assert not before.path("soon/").exists()
    assert "goes live on 2026-12-01 09:00+01:00" in before.output
    after = harness.build(config, tmp_path / "after", now="2026-12-01T08:00:00+00:00")
    after.assert_ok()
    assert after.path("soon/").exists()
    assert "Tuesday Post" in after.text("rants/")
    assert "Next scheduled post" not in after.output


def test_site_without_home_page_gets_a_generated_one(tmp_path):
    result = site(
        tmp_path,
        {"rants/a.md": article("Only rant", "2024-01-02")},
        mkdocs={"site_description": "Sharp takes."},
    )
    result.assert_ok()
    home = result.html("")
    assert home.select_one("h1").get_text() == "Fixture"
    assert home.select_one(".sb-hero__intro").get_text() == "Sharp takes."
    assert [a.get_text() for a in home.select(".sb-card__title a")] == ["Only rant"]
    assert re.search(r"<title>Fixture", result.text(""))
