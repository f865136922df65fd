"""The sample site (no reach options set): its articles are h-entries read by a real
microformats parser, and none of the optional reach files or tags appear."""

from __future__ import annotations

import mf2py
import pytest

import harness

NOW = "2026-11-01T09:00:00+00:00"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    site = tmp_path_factory.mktemp("sample-reach") / "site"
    return harness.build(harness.REPO / "mkdocs.yml", site, now=NOW).assert_ok()


def test_a_sample_article_parses_as_an_h_entry(sample):
    articles = [
        page
        for page in sorted(sample.site.glob("*/index.html"))
        if 'class="h-entry"' in page.read_text(encoding="utf-8")
    ]
    assert len(articles) >= 5
    page = articles[0]
    url = f"https://maren.example.com/{page.parent.name}/"
    parsed = mf2py.parse(doc=page.read_text(encoding="utf-8"), url=url)
    [entry] = [item for item in parsed["items"] if "h-entry" in item["type"]]
    props = entry["properties"]
    assert props["url"] == [url]
    assert props["name"][0].strip()
    assert props["published"][0][:4].isdigit()
    assert len(props["content"][0]["value"].split()) > 20
    [author] = props["author"]
    assert author["type"] == ["h-card"]
    assert author["properties"]["name"] == ["Maren Okafor"]
    assert author["properties"]["url"] == ["https://maren.example.com/about/"]


def test_sample_sets_no_reach_option(sample):
    assert not sample.path("llms.txt").exists()
    assert not sample.path(".well-known").exists()
    assert "GPTBot" not in sample.text("robots.txt")
    assert "Sitemap: https://maren.example.com/sitemap.xml" in sample.text("robots.txt")
    head = sample.html(
        next(iter(sorted(sample.site.glob("*/index.html")))).relative_to(sample.site).as_posix()
    ).head
    assert head.select_one('meta[name="fediverse:creator"]') is None
    assert head.select_one('link[rel="webmention"]') is None
    assert head.select('link[rel="me"]') == []
