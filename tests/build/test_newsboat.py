"""A real feed reader reads the sample: newsboat (Debian's package; `scripts/ensure-newsboat.sh`)
imports the one-click `feeds.opml` from a local copy of the site, reloads every feed headless and
lists each public sample article exactly once, on its own date, by its author, whose link (in
Atom and JSON Feed) resolves. The sample is built with `site_url` pointing at the local server so
the reader follows real links without leaving 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import urllib.request
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import lxml.etree
import pytest
import yaml

import harness
from soapbox.core.content import Author, ContentSettings, parse_post

NOW = "2026-11-22T12:00:00+00:00"
NEWSBOAT = shutil.which("newsboat") or "/usr/bin/newsboat"
ATOM = "{http://www.w3.org/2005/Atom}"
POSTS = harness.REPO / "posts"


def public_sample_articles():
    """The sample's public articles as the core reads them: not drafts, not scheduled."""
    settings = ContentSettings(
        authors={"maren": Author("maren", "Maren Okafor")},
        default_author="maren",
        timezone=ZoneInfo("Europe/Berlin"),
    )
    now = datetime.fromisoformat(NOW)
    articles = []
    for path in sorted(POSTS.rglob("*.md")):
        post, _ = parse_post(
            path.relative_to(POSTS).as_posix(), path.read_text(encoding="utf-8"), settings
        )
        assert post is not None, path
        if post.is_article and not post.draft and post.date is not None and post.date <= now:
            articles.append(post)
    return articles


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    if not os.access(NEWSBOAT, os.X_OK):
        pytest.fail(
            f"{NEWSBOAT} is missing: run `bash scripts/ensure-newsboat.sh` (make test does)"
        )
    root = tmp_path_factory.mktemp("newsboat")
    out = root / "site"
    out.mkdir()
    with harness.serve(out) as base:
        config = yaml.safe_load((harness.REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        config["site_url"] = base
        config["docs_dir"] = str(POSTS)
        config_file = root / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        before = harness.snapshot_tree(POSTS)
        harness.build(config_file, out, now=NOW).assert_ok()
        assert harness.snapshot_tree(POSTS) == before
        home = root / "home"
        home.mkdir()
        env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin"), "LANG": "C.UTF-8"}
        files = ["-u", str(root / "urls"), "-c", str(root / "cache.db"), "-C", str(root / "config")]
        (root / "config").write_text("", encoding="utf-8")
        (root / "urls").write_text("", encoding="utf-8")

        def run(*args: str) -> str:
            proc = subprocess.run(
                [NEWSBOAT, *files, *args], env=env, cwd=root, capture_output=True, text=True,
                timeout=120, stdin=subprocess.DEVNULL,
            )  # fmt: skip
            assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
            return proc.stdout

        run("-i", str(out / "feeds.opml"))
        run("-x", "reload")
        with sqlite3.connect(root / "cache.db") as db:
            db.row_factory = sqlite3.Row
            items = [dict(row) for row in db.execute("SELECT * FROM rss_item")]
            feeds = [dict(row) for row in db.execute("SELECT * FROM rss_feed")]
        yield base, out, items, feeds, (root / "urls").read_text(encoding="utf-8")


def test_newsboat_imports_only_feeds_that_do_not_overlap(reader):
    base, _, _, feeds, urls = reader
    subscribed = [line.split()[0] for line in urls.splitlines() if line.startswith("http")]
    assert subscribed == [f"{base}feed.xml", f"{base}around-the-web/feed.xml"]
    assert {f["rssurl"] for f in feeds} == set(subscribed)


def test_newsboat_lists_each_sample_article_once_on_its_date_by_its_author(reader):
    base, _, items, _, _ = reader
    expected = sorted(public_sample_articles(), key=lambda p: p.sort_key)[:20]  # feeds: items
    assert len(expected) >= 10
    own = [i for i in items if i["feedurl"] == f"{base}feed.xml"]
    listed = [i["url"] for i in items]
    for post in expected:
        url = base + post.url
        assert listed.count(url) == 1, (url, listed.count(url))
    assert sorted(i["url"] for i in own) == sorted(base + p.url for p in expected)
    by_url = {i["url"]: i for i in own}
    for post in expected:
        item = by_url[base + post.url]
        assert item["author"] == "Maren Okafor"
        assert item["title"] == post.title
        published = datetime.fromtimestamp(item["pubDate"], UTC)
        local = post.date.timetz()
        if (local.hour, local.minute, local.second) != (0, 0, 0):
            assert published == post.date, post.url  # the author's own time, exactly
            continue
        day = post.date.date()  # dated by its day alone
        for hours in range(-10, 13):  # every reader from UTC-10 to UTC+12 sees that date
            assert published.astimezone(timezone(timedelta(hours=hours))).date() == day, post.url
    assert any(p.date.timetz().hour == 0 for p in expected)  # the case the test is about


def test_author_links_resolve_from_every_format(reader):
    base, out, _, _, _ = reader
    atom = lxml.etree.fromstring((out / "atom.xml").read_bytes())
    uris = {uri.text for uri in atom.iterfind(f"{ATOM}entry/{ATOM}author/{ATOM}uri")}
    document = json.loads((out / "feed.json").read_bytes())
    uris |= {a["url"] for item in document["items"] for a in item.get("authors", [])}
    assert uris == {f"{base}about/"}
    with urllib.request.urlopen(f"{base}about/", timeout=10) as response:
        assert response.status == 200
