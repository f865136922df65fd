"""Around the web, built for real: sources on a local feed server (hostile, corpus, JSON Feed,
unparseable, 404, an OPML import), then the page, the topic sections, the aggregated feeds, the
blogroll, the health report, offline builds from the snapshot, without a snapshot, with a corrupt
one, `fail_after_days`, option mistakes and `mkdocs serve` (which never fetches)."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest

import aggregator_sites as fixture
import harness
from feedserver import FeedServer

OFFLINE = {"SOAPBOX_OFFLINE": "1"}
ONLINE = {
    "SOAPBOX_OFFLINE": "0"
}  # harness builds are offline unless told (here: a 127.0.0.1 server)
ACTIVE_TAGS = (
    "script",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "button",
    "style",
    "svg",
    "math",
    "img",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One networked build of the fixture site, then the server stops (later builds are offline)."""
    root = tmp_path_factory.mktemp("atw")
    with FeedServer() as server:
        urls = fixture.serve_sources(server)
        config = fixture.site(root / "site", urls)
        result = harness.build(config, root / "out", now=fixture.NOW, env=ONLINE).assert_ok()
        requested = {r.path for r in server.requests()}
    return {"root": root, "config": config, "result": result, "urls": urls, "requested": requested}


def river(result: harness.BuildResult, rel: str = "around-the-web/"):
    return result.html(rel).select_one("#sb-web-list")


def test_the_build_fetched_every_source(built):
    assert built["requested"] == {
        "/hostile.xml",
        "/cold.xml",
        "/fireball.xml",
        "/inessential.json",
        "/broken.xml",
        "/gone.xml",
    }
    output = built["result"].output
    assert "Around the web: asked 6 of 6 sources" in output and "0 deferred" in output
    assert re.search(
        r"Around the web: 6 sources, \d+ items, 2 failing, 0 never fetched; sources last reached 2026-11-22 12:00 UTC",
        output,
    )
    assert f"Broken Blog is failing: {built['urls']['broken']}" in output
    assert f"Gone Blog is failing: {built['urls']['gone']}" in output and "404" in output


def test_river_page_items_with_attribution(built):
    result = built["result"]
    page = result.html("around-the-web/")
    assert page.select_one("h1").get_text() == "Around the web"
    reached = page.select_one(".sb-web__reached")
    assert "Sources last reached:" in reached.get_text() and reached.time["datetime"].startswith(
        "2026-11-22T12:00"
    )
    items = river(result).select("article.sb-web-item")
    assert len(items) == 6  # page_size
    sources = {a.get_text() for a in river(result).select(".sb-web-item__source")}
    assert 'Pricing <b>"Weekly"</b> & Co' in sources  # the configured name, as text
    for item in items:
        title_link = item.select_one(".sb-web-item__title a")
        assert title_link["href"].startswith("http") and title_link["rel"] == [
            "nofollow",
            "noopener",
            "ugc",
        ]
        assert item.select_one("time")["datetime"]
        for link in item.select("a[href^=http]"):
            if "/topics/" not in link["href"]:
                assert link["rel"] == ["nofollow", "noopener", "ugc"], link
    # newest first: the future-dated entry was clamped to the fetch time
    # (an undated entry shows when it was first seen, but ranks below the dated post before it
    # in its own feed: it never pushes newer posts out)
    dates = [i.select_one("time")["datetime"] for i in items if not i.select_one("time[title]")]
    assert dates == sorted(dates, reverse=True) and dates[0].startswith("2026-11-22T12:00")
    assert result.path("around-the-web/page/2/").is_file()


def test_relative_links_resolve_against_the_feed(built):
    hostile = [
        i
        for i in river(built["result"]).select("article")
        if "Pricing" in i.select_one(".sb-web-item__source").get_text()
    ]
    base = built["urls"]["hostile"].rsplit("/", 1)[0]
    assert hostile and all(
        i.select_one(".sb-web-item__title a")["href"].startswith(f"{base}/posts/") for i in hostile
    )
    excerpt_links = [a["href"] for i in hostile for a in i.select(".sb-web-item__excerpt a")]
    assert f"{base}/pricing/guide/" in excerpt_links


def test_undated_entry_gets_its_first_seen_time(built):
    items = river(built["result"]).select("article")
    estimated = [i for i in items if i.select_one("time").get("title")]
    assert (
        len(estimated) == 1 and "Negotiation & pricing" in estimated[0].select_one("h2").get_text()
    )


@pytest.mark.parametrize(
    "rel", ["around-the-web/", "around-the-web/page/2/", "topics/pricing/", "topics/cold-calling/"]
)
def test_hostile_feed_puts_no_active_content_on_the_page(built, rel):
    result = built["result"]
    html = result.text(rel)
    assert (
        "evil.example" not in html and "javascript:" not in html.lower() and "data:text" not in html
    )
    page = result.html(rel)
    assert "__pwned" not in page.get_text()
    for section in page.select(".sb-web-list, .sb-web-section, .sb-web-blogroll"):
        assert not section.find(ACTIVE_TAGS)
        for tag in section.find_all(True):
            assert not [
                a for a in tag.attrs if a.startswith("on") or a in ("style", "srcdoc", "formaction")
            ], tag
            for name, value in tag.attrs.items():
                if name == "href":
                    # feedparser resolves " JaVa&#x09;ScRiPt:..." as a relative path: a dead http link
                    assert urlsplit(value).scheme in ("", "http", "https"), value
                else:
                    assert "__pwned" not in str(value), tag
    for script in page.find_all("script"):
        assert not script.get("src") or not script["src"].startswith("http"), (
            script
        )  # only the site's own scripts


def test_hostile_titles_are_text(built):
    titles = [h.get_text() for h in river(built["result"]).select(".sb-web-item__title")]
    assert "Pricing power in a downturn" in titles
    assert "Discounting is a habit" in titles
    assert "Cold calls that open doors" in titles
    assert any(t.startswith("Negotiation & pricing") for t in titles)
    authors = {a.get_text() for a in river(built["result"]).select(".sb-web-item__author")}
    assert "Eve Example" in authors  # the e-mail address and the script are gone


def test_filter_and_topic_chips(built):
    page = built["result"].html("around-the-web/")
    buttons = {
        b["data-topic"]: b.get_text(" ", strip=True) for b in page.select(".sb-web-filter button")
    }
    assert (
        buttons[""] == "All" and "pricing" in buttons and buttons["pricing"].startswith("Pricing")
    )
    pricing_items = [
        a for a in page.select("article[data-topics]") if "pricing" in a["data-topics"].split()
    ]
    assert pricing_items
    chip = pricing_items[0].select_one(".sb-topics a[href*='topics/pricing/']")
    assert chip is not None and chip.get_text() == "Pricing"


def test_topic_pages_show_their_posts_from_around_the_web(built):
    result = built["result"]
    section = result.html("topics/pricing/").select_one(".sb-web-section")
    assert section.h2.get_text() == "Around the web: Pricing"
    assert len(section.select("article")) == 5  # topic_items
    cold = result.html("topics/cold-calling/").select_one(".sb-web-section")
    titles = [h.get_text() for h in cold.select("h3")]
    assert "The first ten seconds of a call" in titles  # OPML folder "Cold calling" -> topic hint
    prospecting = result.html("topics/prospecting/").select_one(".sb-web-section")
    assert (
        "The first ten seconds of a call" in prospecting.get_text()
    )  # a subtopic's posts count for the parent
    negotiation = result.html("topics/negotiation/").select_one(".sb-web-section")
    assert "Inessential" in negotiation.get_text()  # the source's topic hint


def test_aggregated_feeds_parse_back_with_links_to_the_originals(built):
    result = built["result"]
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(result.path(f"around-the-web/{name}").read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.feed.title == "Fixture – Around the web"
        assert len(parsed.entries) >= 10
        for entry in parsed.entries:
            assert (
                entry.link.startswith("http") and "example.test" not in entry.link
            )  # the original, not us
            assert "<" not in entry.title
            body = entry.get("content", [{}])[0].get("value", "") or entry.get("summary", "")
            assert (
                "<script" not in body.lower()
                and "javascript:" not in body.lower()
                and "Read the whole post" in body
            )
            assert not re.search(
                r"<(iframe|form|svg|style|object|embed|img)\b|\son\w+=", body, re.I
            ), body
    data = json.loads(result.text("around-the-web/feed.json"))
    assert data["feed_url"] == "https://example.test/around-the-web/feed.json"
    assert all(
        item["url"].startswith("http") and "example.test" not in item["url"]
        for item in data["items"]
    )
    head = [
        link
        for link in result.html("around-the-web/").select('link[rel~="alternate"]')
        if "Around the web" in link["title"]
    ]
    assert {(link["type"], link["href"]) for link in head} == {
        ("application/rss+xml", "feed.xml"),
        ("application/atom+xml", "atom.xml"),
        ("application/feed+json", "feed.json"),
    }
    subscribe = result.html("subscribe/").select_one("#around-the-web-feeds").parent
    assert "https://example.test/around-the-web/feed.xml" in subscribe.get_text()


def test_blogroll_opml_and_list(built):
    result = built["result"]
    root = ET.fromstring(result.path("around-the-web/blogroll.opml").read_bytes())
    outlines = root.findall("body/outline")
    assert [o.get("text") for o in outlines] == [
        'Pricing <b>"Weekly"</b> & Co',
        "Daring Fireball",
        "Inessential",
        "Broken Blog",
        "Gone Blog",
        "Phone Craft",
    ]
    assert (
        outlines[5].get("category") == "Cold calling"
        and outlines[5].get("htmlUrl") == "https://phone.example/"
    )
    listed = [
        li.get_text(" ", strip=True)
        for li in result.html("around-the-web/").select(".sb-web-blogroll__list li")
    ]
    assert len(listed) == 6 and listed[0].startswith('Pricing <b>"Weekly"</b> & Co')


def test_navigation_and_health_report(built):
    nav = [
        a.get_text(strip=True)
        for a in built["result"].html("index.html").select(".md-nav--primary .md-nav__link")
    ]
    assert "Around the web" in nav
    report = json.loads(
        (built["root"] / "site" / "cache" / "aggregator" / "aggregator-health.json").read_text()
    )
    by_name = {s["name"]: s for s in report["sources"]}
    assert report["summary"]["sources"] == 6 and report["summary"]["failing"] == 2
    assert (
        by_name["Gone Blog"]["status"] == "failing" and "404" in by_name["Gone Blog"]["last_error"]
    )
    assert "is not an RSS, Atom or JSON feed" in by_name["Broken Blog"]["last_error"]
    assert by_name["Phone Craft"]["items"] == 2
    assert (
        not built["result"].path("aggregator-health.json").exists()
    )  # error details stay off the site


def test_offline_build_renders_the_snapshot(built, tmp_path):
    again = harness.build(
        built["config"], tmp_path / "out", now="2026-11-22T12:30:00+00:00", env=OFFLINE
    ).assert_ok()
    assert "not fetched: SOAPBOX_OFFLINE=1" in again.output
    before = [h.get_text() for h in river(built["result"]).select("h2")]
    assert [h.get_text() for h in river(again).select("h2")] == before


def test_fresh_snapshot_is_not_refetched(built, tmp_path):
    # The server is gone; within `refresh` minutes a networked build does not even try.
    again = harness.build(
        built["config"], tmp_path / "out", now="2026-11-22T12:20:00+00:00", env=ONLINE
    ).assert_ok()
    assert "Around the web: fetched" not in again.output and "(snapshot is fresh)" in again.output


def test_no_snapshot_and_offline(tmp_path):
    config = fixture.site(
        tmp_path / "site",
        {
            k: f"http://127.0.0.1:9/{k}.xml"
            for k in ("hostile", "cold", "fireball", "json", "broken", "gone")
        },
    )
    result = harness.build(config, tmp_path / "out", now=fixture.NOW, env=OFFLINE).assert_ok()
    page = result.html("around-the-web/")
    assert "The sources have not been reached yet" in page.select_one(".sb-web__reached").get_text()
    assert not page.select("article.sb-web-item")
    assert len(page.select(".sb-web-blogroll__list li")) == 6
    assert "no source reached yet (not fetched: SOAPBOX_OFFLINE=1)" in result.output
    assert not result.html("topics/pricing/").select(".sb-web-section")
    # what to run is advice for the author, in the build log; visitors are never told
    assert "soapbox fetch" not in page.get_text() and "<code>" not in str(
        page.select_one(".sb-web__header")
    )
    assert (
        "6 sources have not been fetched yet" in result.output
        and "run 'soapbox fetch'" in result.output
    )


def test_corrupt_snapshot_is_a_warning_not_a_crash(tmp_path):
    config = fixture.site(
        tmp_path / "site",
        {
            k: f"http://127.0.0.1:9/{k}.xml"
            for k in ("hostile", "cold", "fireball", "json", "broken", "gone")
        },
    )
    folder = tmp_path / "site" / "cache" / "aggregator"
    folder.mkdir(parents=True)
    (folder / "snapshot.json").write_bytes(
        b'{"format": "soapbox-aggregator-snapshot", "version": 1, "sources": {"x": ['
    )
    result = harness.build(
        config, tmp_path / "out", now=fixture.NOW, strict=False, env=OFFLINE
    ).assert_ok()
    assert re.search(r"WARNING\s+-\s+soapbox: .*snapshot.json is corrupt", result.output)
    assert "The sources have not been reached yet" in result.text("around-the-web/")


def test_fail_after_days(built, tmp_path):
    later = harness.build(
        built["config"], tmp_path / "out", now="2026-12-05T12:00:00+00:00", env=OFFLINE,
    )  # fmt: skip
    assert later.ok  # failing for 13 days, but fail_after_days is 0 (never)
    assert "Gone Blog is failing for 13 days" in later.output
    shared_cache = str(built["root"] / "site" / "cache")  # the first build's snapshot, read only
    config = fixture.site(
        tmp_path / "site", built["urls"], fail_after_days=7, cache_dir=shared_cache
    )
    failed = harness.build(config, tmp_path / "out2", now="2026-12-05T12:00:00+00:00", env=OFFLINE)
    assert not failed.ok
    assert f"Gone Blog ({built['urls']['gone']}) has been failing for 13 days" in failed.output
    assert "soapbox.aggregator.fail_after_days" in failed.output


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ([{"name": "A", "feed": "https://a.example/feed"}, {"name": "B", "feed": "ftp://b.example/feed"}],
         "soapbox.aggregator.sources[1].feed: 'ftp://b.example/feed' is not an http(s) address"),
        ([{"name": "A"}], "soapbox.aggregator.sources[0].feed: is required"),
        ([{"name": "A", "feed": "https://a.example/f", "max_items": 0}], "soapbox.aggregator.sources[0].max_items: must be a whole number of at least 1"),
        ([{"name": "A", "feed": "https://a.example/f", "tpoics": ["x"]}], "soapbox.aggregator.sources[0].tpoics: unknown field"),
        ("https://a.example/feed", "soapbox.aggregator.sources: must be a list"),
    ],
)  # fmt: skip
def test_option_mistakes_name_the_entry_and_field(tmp_path, sources, message):
    config = harness.write_site(
        tmp_path, fixture.POSTS, plugin={"aggregator": {"sources": sources}}
    )
    result = harness.build(config, tmp_path / "out", now=fixture.NOW, env=OFFLINE)
    assert not result.ok and message in result.output


def test_unknown_topic_hint_and_missing_opml(tmp_path):
    config = harness.write_site(
        tmp_path, fixture.POSTS,
        plugin={"topics": {"vocabulary": fixture.VOCABULARY},
                "aggregator": {"sources": [{"name": "A", "feed": "https://a.example/f", "topics": ["prizing"]}]}},
    )  # fmt: skip
    result = harness.build(
        config, tmp_path / "out", now=fixture.NOW, env=OFFLINE, strict=False
    ).assert_ok()
    assert (
        "soapbox.aggregator.sources[0].topics: 'prizing' is not a topic of the site (did you mean "
        "'pricing'?)" in result.output
    )
    config = harness.write_site(
        tmp_path, fixture.POSTS, plugin={"aggregator": {"opml": "missing/feeds.opml"}}
    )
    result = harness.build(config, tmp_path / "out2", now=fixture.NOW, env=OFFLINE)
    assert (
        not result.ok
        and "cannot read 'missing/feeds.opml'" in result.output
        and "relative to mkdocs.yml" in result.output
    )


def test_serve_never_fetches(tmp_path):
    with FeedServer() as server:
        urls = fixture.serve_sources(server)
        config = fixture.site(tmp_path / "site", urls)
        env = {
            **os.environ,
            **harness.QUIET_ENV,
            **ONLINE,
            "SOURCE_DATE_EPOCH": harness.source_date_epoch(fixture.NOW),
        }
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", "--no-livereload"],
            cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )  # fmt: skip
        output = []
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                line = process.stdout.readline()
                if not line:
                    break
                output.append(line)
                if "Serving on" in line:
                    break
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            process.stdout.close()
        text = "".join(output)
        assert "Serving on" in text, text
        assert server.requests() == []
        assert "not fetched: mkdocs serve never fetches" in text


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_sample_site_shows_a_river_on_a_fresh_machine_without_network(tmp_path):
    """A fresh clone (no cache folder), offline: the sample's sources are local feed files, so the
    river, the topic pages' sections and the river's feeds have posts on the first build, and
    the public page never tells a visitor to run a command."""
    site = tmp_path / "clone"
    site.mkdir()
    for name in ("mkdocs.yml", "posts", "sample-feeds"):
        source = harness.REPO / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        else:
            shutil.copy(source, site / name)
    result = harness.build(
        site / "mkdocs.yml", tmp_path / "out", now="2026-11-22T00:00:00+00:00"
    ).assert_ok()
    page = result.html("around-the-web/")
    items = page.select("article.sb-web-item")
    assert len(items) >= 10, "the river is empty offline"
    names = [a.get_text() for a in page.select(".sb-web-blogroll__list li > a:first-child")]
    assert names == ["Pipeline Weather", "The Procurement Desk", "Discovery Notes"]
    assert not page.select(".sb-web-blogroll__list a[href^='file:']")  # no local path published
    assert "soapbox fetch" not in page.get_text() and "not been reached" not in page.get_text()
    assert (
        page.select_one(".sb-web__reached").get_text(strip=True).startswith("Sources last reached:")
    )
    for topic in ("negotiation", "discovery", "pipeline"):
        section = result.html(f"topics/{topic}/").select_one(".sb-web-section")
        assert section is not None and section.select("article.sb-web-item"), topic
    feed = ET.fromstring(result.path("around-the-web/feed.xml").read_bytes())
    assert len(feed.findall("channel/item")) >= 10
    assert "(not fetched: SOAPBOX_OFFLINE=1)" in result.output
    opml = ET.fromstring(result.path("around-the-web/blogroll.opml").read_bytes())
    assert opml.find("head/title").text == "Maren Okafor: Around the web"
    assert "file:" not in result.path("around-the-web/blogroll.opml").read_text()


def test_serve_logs_source_failures_once_per_session(built):
    """Every rebuild of `mkdocs serve` reads the same snapshot: its news (a failing source) is
    logged once per session, not on every save."""
    config = built["config"]
    env = {
        **os.environ, **harness.QUIET_ENV, **OFFLINE,
        "SOURCE_DATE_EPOCH": harness.source_date_epoch(fixture.NOW),
    }  # fmt: skip
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    reader = threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    )  # reads until the process ends: the test never blocks on a silent server
    reader.start()
    output: list[str] = []
    post = next(p for p in sorted((config.parent / "posts").rglob("*.md")))
    original = post.read_text(encoding="utf-8")
    try:
        deadline = time.monotonic() + 120
        rebuilt = False
        while time.monotonic() < deadline and not rebuilt:
            try:
                line = lines.get(timeout=1.0)
            except queue.Empty:
                continue
            output.append(line)
            if "Serving on" in line:  # the first build is done: the author saves a file
                post.write_text(original + "\nOne more line.\n", encoding="utf-8")
            # livereload says this once the rebuild is done (MkDocs' own "Documentation built
            # in" line was missing on a rebuild once, on a loaded CI machine)
            rebuilt = "Reloading browsers" in line
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        reader.join(timeout=10)
        process.stdout.close()
        post.write_text(original, encoding="utf-8")
    text = "".join(output)
    assert "Detected file changes" in text and "Reloading browsers" in text, text
    assert text.count("articles published") == 2, text  # Soapbox planned both builds
    assert text.count("Gone Blog is failing") == 1, text
    assert text.count("Around the web: 6 sources") == 1, text
