"""Reach in real builds: robots.txt presets with the sitemap kept, llms.txt, WebFinger, the
Bluesky handle file, the IndexNow key file, rel="me", fediverse:creator, the Webmention link and
h-entry microformats; and a site that sets none of it gets none of it."""

from __future__ import annotations

import json
import urllib.robotparser

import feedparser
import mf2py
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from harness import article, build, write_site
from soapbox.core.reach import robots

NOW = "2026-03-01T12:00:00+00:00"

POSTS = {
    "index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
    "about.md": "---\ntitle: About\n---\n\nWho writes here.\n",
    "hire-me.md": (
        "---\ntitle: Book a workshop\ndescription: Keynotes & workshops for sales teams.\n"
        "---\n\nLet's talk.\n"
    ),
    "stop-demoing.md": article(
        "Stop <demoing> & start asking",
        "2026-01-10",
        "rant",
        "description: Why the demo comes last, not first.",
        "topics: [discovery]",
        "updated: 2026-02-01",
        body="The first call is for **questions**.\n\nA second paragraph.",
    ),
    "images/me.png": "",
    "priced-right.md": article(
        "Priced right",
        "2026-01-20",
        "case-study",
        "image: images/cover.png",
        "image_alt: A chart",
        "topics: [discovery]",
        body="See [who I am](about.md), [the chart](#the-chart) and"
        " ![A chart](images/cover.png).\n\n## The chart\n\nNumbers.",
    ),
}

REACH = {
    "ai_crawlers": "search-only",
    "llms_txt": True,
    "rel_me": ["https://www.linkedin.com/in/someone-example"],
    "webfinger": "@maren@mastodon.example",
    "atproto_did": "did:plc:abcdefghijklmnopqrstuvwx",
    "webmention": "https://webmention.example/example.test/webmention",
    "indexnow_key": "0123456789abcdef0123456789abcdef",
}

PLUGIN = {
    "authors": {
        "maren": {
            "name": "Maren <O'Kafor>",
            "url": "about/",
            "avatar": "images/me.png",
            "bio": "Sells things.",
            "fediverse": "@maren@mastodon.example",
        }
    },
    "topics": {"vocabulary": {"discovery": {"title": "Discovery", "description": "Asking."}}},
    "reach": REACH,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("reach")
    config = write_site(root, POSTS, PLUGIN, {"site_description": "A site about selling."})
    _png(root)
    return build(config, root / "site", now=NOW).assert_ok()


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    root = tmp_path_factory.mktemp("plain")
    plugin = {k: v for k, v in PLUGIN.items() if k != "reach"}
    plugin["authors"] = {"maren": {"name": "Maren", "url": "about/"}}
    config = write_site(root, POSTS, plugin)
    _png(root)
    return build(config, root / "site", now=NOW).assert_ok()


def _png(root) -> None:
    Image.new("RGB", (120, 63), "#c40").save(root / "posts" / "images" / "cover.png")


def _parser(text: str) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text.splitlines())
    return parser


def test_robots_txt_keeps_the_sitemap_and_shuts_out_training_crawlers(site):
    text = site.text("robots.txt")
    assert "Sitemap: https://example.test/sitemap.xml" in text.splitlines()
    parser = _parser(text)
    url = "https://example.test/stop-demoing/"
    for token in robots.TRAINING:
        assert not parser.can_fetch(token, url), token
    for token in (*robots.SEARCH, *robots.USER, "Googlebot", "Bingbot"):
        assert parser.can_fetch(token, url), token
    assert parser.site_maps() == ["https://example.test/sitemap.xml"]


def test_llms_txt_lists_hire_me_articles_and_topics(site):
    text = site.text("llms.txt")
    assert text.startswith("# Fixture\n\n> A site about selling.\n")
    assert (
        "## Hire me\n\n- [Book a workshop](https://example.test/hire-me/): Keynotes & workshops"
        in text
    )
    assert (
        "- [Stop <demoing> & start asking](https://example.test/stop-demoing/):"
        " Why the demo comes last, not first." in text
    )
    assert "- [Discovery](https://example.test/topics/discovery/): Asking." in text


def test_webfinger_and_atproto_and_indexnow_files(site):
    finger = json.loads(site.text(".well-known/webfinger"))
    assert finger["subject"] == "acct:maren@mastodon.example"
    assert "https://mastodon.example/@maren" in finger["aliases"]
    links = {link["rel"]: link for link in finger["links"]}
    assert links["self"] == {
        "rel": "self",
        "type": "application/activity+json",
        "href": "https://mastodon.example/users/maren",
    }
    assert (
        links["http://webfinger.net/rel/profile-page"]["href"] == "https://mastodon.example/@maren"
    )
    assert site.text(".well-known/atproto-did") == "did:plc:abcdefghijklmnopqrstuvwx"
    key = REACH["indexnow_key"]
    assert site.text(f"{key}.txt") == key


def test_head_links_and_fediverse_creator(site):
    page = site.html("stop-demoing/index.html")
    me = [link["href"] for link in page.select('link[rel="me"]')]
    assert me == ["https://www.linkedin.com/in/someone-example", "https://mastodon.example/@maren"]
    assert page.select_one('link[rel="webmention"]')["href"] == REACH["webmention"]
    assert page.select_one('meta[name="fediverse:creator"]')["content"] == "@maren@mastodon.example"
    about = site.html("about/index.html")  # a page, not an article: no creator, still rel=me
    assert about.select_one('meta[name="fediverse:creator"]') is None
    assert len(about.select('link[rel="me"]')) == 2


def test_unset_options_add_nothing(plain):
    assert not plain.path("llms.txt").exists()
    assert not plain.path(".well-known").exists()
    assert [p.name for p in plain.site.glob("*.txt")] == ["robots.txt"]
    text = plain.text("robots.txt")
    assert "AI crawlers" not in text and "GPTBot" not in text
    page = plain.html("stop-demoing/index.html")
    for selector in ('link[rel="me"]', 'link[rel="webmention"]', 'meta[name="fediverse:creator"]'):
        assert page.select_one(selector) is None, selector


def _entry(result, rel: str) -> dict:
    parsed = mf2py.parse(doc=result.text(rel), url=f"https://example.test/{rel}")
    entries = [item for item in parsed["items"] if "h-entry" in item["type"]]
    assert len(entries) == 1, parsed["items"]
    return entries[0]


def test_article_parses_as_an_h_entry_with_an_h_card_author(site):
    entry = _entry(site, "stop-demoing/index.html")["properties"]
    assert entry["name"] == ["Stop <demoing> & start asking"]
    assert entry["summary"] == ["Why the demo comes last, not first."]
    assert entry["url"] == ["https://example.test/stop-demoing/"]
    assert entry["published"][0].startswith("2026-01-10")
    assert entry["updated"][0].startswith("2026-02-01")
    assert entry["category"] == ["Discovery"]
    [content] = entry["content"]
    assert "<strong>questions</strong>" in content["html"]
    assert content["value"].startswith("The first call is for questions.")
    [author] = entry["author"]
    assert author["type"] == ["h-card"]
    assert author["properties"]["name"] == ["Maren <O'Kafor>"]
    assert author["properties"]["url"] == ["https://example.test/about/"]
    assert author["properties"]["photo"] == ["https://example.test/images/me.png"]


def test_h_entry_without_options_or_avatar(plain):
    """Microformats need no option: every article carries them; no avatar, no u-photo."""
    author = _entry(plain, "stop-demoing/index.html")["properties"]["author"][0]
    assert author["properties"]["name"] == ["Maren"]
    assert "photo" not in author["properties"]


def test_the_site_feed_is_ready_for_rss_to_email(site):
    """RSS-to-email services send feed.xml's items as they are: the whole article, every link and
    image absolute (an email has no base URL), the post's image as enclosure."""
    feed = feedparser.parse(site.path("feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    [item] = [e for e in feed.entries if e.title == "Priced right"]
    body = BeautifulSoup(item.content[0].value, "html.parser")
    links = [a["href"] for a in body.find_all("a")]
    assert "https://example.test/about/" in links
    assert "https://example.test/priced-right/#the-chart" in links
    assert [img["src"] for img in body.find_all("img")] == ["https://example.test/images/cover.png"]
    for tag in body.find_all(True):
        for attr in ("href", "src"):
            if tag.get(attr):
                assert tag[attr].startswith("https://example.test/"), tag
    [enclosure] = item.enclosures
    assert enclosure.href == "https://example.test/images/cover.png"
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == site.path("images/cover.png").stat().st_size


def test_an_own_robots_txt_wins_and_the_build_says_so(tmp_path):
    own = "User-agent: *\nDisallow: /mine/\n"
    config = write_site(tmp_path, {**POSTS, "robots.txt": own}, {"reach": {"ai_crawlers": "none"}})
    _png(tmp_path)
    strict = build(config, tmp_path / "strict", now=NOW)
    assert strict.returncode != 0
    assert "ai_crawlers is 'none' but the posts folder has its own robots.txt" in strict.output
    loose = build(config, tmp_path / "site", now=NOW, strict=False).assert_ok()
    assert loose.text("robots.txt") == own


def test_ai_crawlers_without_the_seo_robots_txt(tmp_path):
    plugin = {"reach": {"ai_crawlers": "none"}, "seo": {"robots": {"txt": False}}}
    config = write_site(tmp_path, POSTS, plugin)
    _png(tmp_path)
    parser = _parser(build(config, tmp_path / "site", now=NOW).assert_ok().text("robots.txt"))
    url = "https://example.test/stop-demoing/"
    assert not parser.can_fetch("ChatGPT-User", url) and not parser.can_fetch("GPTBot", url)
    assert parser.can_fetch("Googlebot", url)
