"""Old URLs keep working: aliases become redirect pages and `_redirects` in a real strict build,
outside the sitemap, the search index and the feeds; collisions stop the build naming both files."""

from __future__ import annotations

import json

import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"
POSTS = {
    "rants/new-home.md": harness.article(
        "New home",
        "2024-03-12",
        "rant",
        "permalink: /2019/05/new-home/",
        'aliases: ["/blog/new-home.html", "/old/feed.php"]',
        body="The post that moved.\n\n<!-- more -->\n\nMore text.",
    ),
    "rants/second.md": harness.article(
        "Second", "2024-03-13", "rant", "redirect_from: /2019/06/second/"
    ),
    "about.md": "---\ntitle: About\n---\n\nAbout me.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("redirects")
    config = harness.write_site(root / "src", POSTS)
    (root / "src/posts/_redirects").write_text("/from-host /about/ 302\n", encoding="utf-8")
    before = harness.snapshot_tree(root / "src/posts")
    result = harness.build(config, root / "site", now=NOW).assert_ok()
    assert harness.snapshot_tree(root / "src/posts") == before  # nothing written into posts/
    return result


def test_every_alias_is_a_noindex_redirect_page(built):
    page = built.html("2019/05/new-home/")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == (
        "0; url=../../../new-home/"
    )
    assert page.find("link", rel="canonical")["href"] == "https://example.test/new-home/"
    assert page.find("a")["href"] == "../../../new-home/"
    assert built.html("blog/new-home.html").find("a")["href"] == "../new-home/"
    assert built.html("2019/06/second/").find("a")["href"] == "../../../second/"
    assert not built.path("old/feed.php").exists()  # only _redirects can answer that one


def test_redirects_file_keeps_the_authors_lines_and_lists_every_alias(built):
    lines = built.text("_redirects").splitlines()
    assert lines[0] == "/from-host /about/ 302"
    assert [line for line in lines if line.endswith(" 301")] == [
        "/2019/05/new-home/ /new-home/ 301",
        "/2019/06/second/ /second/ 301",
        "/blog/new-home.html /new-home/ 301",
        "/old/feed.php /new-home/ 301",
    ]


def test_redirect_pages_stay_out_of_sitemap_search_and_feeds(built):
    sitemap = built.text("sitemap.xml")
    search = built.text("search/search_index.json")
    assert "2019/" not in sitemap and "new-home.html" not in sitemap
    locations = {doc["location"] for doc in json.loads(search)["docs"]}
    assert not any(loc.startswith(("2019/", "blog/")) for loc in locations)
    feeds = [p for p in built.site.rglob("*.xml") if p.name != "sitemap.xml"]
    feeds += list(built.site.rglob("feed.json"))
    assert feeds, "the site has feeds to check"
    for feed in feeds:
        assert "2019/05" not in feed.read_text(encoding="utf-8"), feed


def test_more_marker_and_permalink_shape_the_listing(built):
    listing = built.text("rants/")
    assert "The post that moved." in listing
    assert "More text." not in listing


def test_alias_on_a_real_page_or_claimed_twice_stops_the_build(tmp_path):
    posts = {
        "rants/a.md": harness.article("A", "2024-01-01", "rant", "aliases: [/about/, /gone/]"),
        "rants/b.md": harness.article("B", "2024-01-02", "rant", "aliases: [/gone/]"),
        "about.md": "---\ntitle: About\n---\n\nAbout me.\n",
    }
    result = harness.build(harness.write_site(tmp_path / "src", posts), tmp_path / "site", now=NOW)
    assert not result.ok
    assert (
        "posts/rants/a.md: aliases: the old address '/about/' is the address of posts/about.md"
        in result.output
    )
    assert (
        "posts/rants/b.md: aliases: the old address '/gone/' is also claimed by posts/rants/a.md"
        in result.output
    )
