"""The sample publication in posts/ builds clean with MkDocs and ProperDocs, shows every
foundation feature, and the build never touches posts/."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from datetime import datetime

import pytest

import harness
from soapbox.core.content import Author, ContentSettings, parse_post

NOW = "2026-11-22T12:00:00+00:00"
PINNED = datetime.fromisoformat(NOW)
POSTS = harness.REPO / "posts"


def sample_posts():
    """The sample's own front matter, read with the core (so the tests follow the content)."""
    settings = ContentSettings(
        authors={"maren": Author("maren", "Maren Okafor")}, default_author="maren"
    )
    posts = []
    for path in sorted(POSTS.rglob("*.md")):
        post, _ = parse_post(
            path.relative_to(POSTS).as_posix(), path.read_text(encoding="utf-8"), settings
        )
        assert post is not None, path
        posts.append(post)
    return posts


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    before = harness.snapshot_tree(POSTS)
    result = harness.build(
        harness.REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample") / "site", now=NOW
    )
    result.assert_ok()
    result.posts_unchanged = harness.snapshot_tree(POSTS) == before
    return result


def test_sample_builds_strict_with_zero_warnings_and_leaves_posts_alone(sample):
    assert [line for line in sample.output.splitlines() if "WARNING" in line] == []
    assert sample.posts_unchanged
    assert not (harness.REPO / "posts" / "site").exists()


def test_sample_has_the_content_the_issue_asks_for():
    posts = sample_posts()
    articles = [p for p in posts if p.is_article]
    assert len(articles) >= 12
    assert {p.type for p in articles} == {"rant", "case-study", "speaker"}
    assert len({p.date.year for p in articles}) >= 3
    assert sum(p.draft for p in posts) == 1
    assert sum(p.is_scheduled(PINNED) for p in posts) == 1
    series = [p for p in posts if p.series]
    assert len(series) == 2 and len({p.series.name for p in series}) == 1
    assert {"about.md", "hire-me.md", "index.md"} <= {p.src_uri for p in posts}


def test_every_public_article_has_a_page_and_hidden_ones_leave_no_trace(sample):
    everything = "\n".join(p.read_text(encoding="utf-8") for p in sample.site.rglob("*.html"))
    everything += sample.text("sitemap.xml") + sample.text("search/search_index.json")
    for post in sample_posts():
        hidden = post.draft or post.is_scheduled(PINNED)
        if hidden:
            assert not sample.path(post.url).exists(), post.src_uri
            assert post.title not in everything, post.src_uri
            assert post.url not in sample.text("sitemap.xml")
        else:
            page = sample.html(post.url)
            # The speaker page (soapbox/speaker.html) is headed by the speaker's name.
            title = "Maren Okafor" if post.src_uri == "hire-me.md" else post.title
            assert page.select_one("h1").get_text(strip=True) == title, post.src_uri


def test_sample_log_names_the_scheduled_post(sample):
    assert re.search(
        r"soapbox: Next scheduled post: '.+' \(posts/.+\.md\) goes live on 2027-02-16",
        sample.output,
    )


def test_home_type_indexes_archive_and_hire_me(sample):
    home = sample.html("")
    assert home.select_one("h1").get_text(strip=True) == "Maren Okafor"
    assert len(home.select("#featured ~ .sb-grid .sb-card")) == 3
    for key in ("rant", "case-study", "speaker"):
        assert home.select_one(f"#latest-{key}") is not None
    assert [a.get_text(strip=True) for a in home.select(".md-tabs__link")][:5] == [
        "Home",
        "Rants",
        "Case studies",
        "Speaking",
        "Archive",
    ]
    rants = sample.html("rants/")
    assert rants.select_one(".sb-pager__status").get_text() == "Page 1 of 2"
    assert sample.path("rants/page/2/").exists()
    assert sample.path("archive/2023/").exists() and sample.path("archive/2026/").exists()
    assert sample.html("hire-me/").select_one(".sb-announce") is None  # no bar pointing at itself
    assert sample.html("about/").select_one(".sb-announce")["href"] == "../hire-me/"


def test_a_post_with_image_credit_series_and_footer_follow_links(sample):
    part_one = next(p for p in sample_posts() if p.series and p.series.part == 1)
    page = sample.html(part_one.url)
    assert page.select_one(".sb-kicker__series").get_text() == "The Discovery Call · Part 1 of 2"
    with_image = next(p for p in sample_posts() if p.image and not p.draft)
    page = sample.html(with_image.url)
    figure = page.select_one(".sb-figure")
    assert figure.img["alt"] == with_image.image_alt
    assert figure.figcaption.get_text() == with_image.image_credit
    assert (sample.path(with_image.url).parent / figure.img["src"]).resolve().is_file()
    social = [a["href"] for a in page.select(".md-social a")]
    assert "https://www.linkedin.com/in/example" in social


def test_properdocs_builds_the_sample_too(tmp_path):
    result = harness.build(
        harness.REPO / "mkdocs.yml", tmp_path / "site", now=NOW, tool="properdocs"
    )
    result.assert_ok()
    assert [line for line in result.output.splitlines() if "WARNING" in line] == []
    assert result.html("").select_one("h1").get_text(strip=True) == "Maren Okafor"
    assert result.path("rants/").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mkdocs_serve_previews_drafts_with_a_banner(tmp_path):
    posts = {
        "rants/visible.md": "---\ntitle: Visible\ndate: 2024-01-02\n---\nText.\n",
        "rants/wip.md": "---\ntitle: Work In Progress\ndate: 2024-02-02\ndraft: true\n---\nText.\n",
        "rants/later.md": "---\ntitle: Later Post\ndate: 2030-01-01\n---\nText.\n",
    }
    config = harness.write_site(tmp_path / "src", posts)
    port = _free_port()
    env = {**os.environ, **harness.QUIET_ENV, "SOURCE_DATE_EPOCH": harness.source_date_epoch(NOW)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "-f",
            str(config),
            "-a",
            f"127.0.0.1:{port}",
            "--no-livereload",
        ],
        cwd=config.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/wip/", timeout=2) as response:
                    draft = response.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "mkdocs serve did not answer within 60 s"
                time.sleep(0.2)
        assert "<strong>Draft.</strong>" in draft
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/later/", timeout=5) as response:
            assert "<strong>Scheduled for January 1, 2030.</strong>" in response.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/rants/", timeout=5) as response:
            listing = response.read().decode()
        assert "Work In Progress" in listing and "Later Post" in listing
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert (
        "soapbox: the preview also shows 1 draft(s) and 1 scheduled post(s); a build leaves them "
        "out" in output
    )
