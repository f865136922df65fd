"""The benchmark's synthetic site builds with `--strict` in all three setups it compares: Soapbox
with every feature this Soapbox has (aggregator items from the offline snapshot), plain
mkdocs-material, and Material's blog + tags plugins with mkdocs-rss-plugin."""

from __future__ import annotations

import importlib.util
import json

import pytest

import harness
from soapbox.bench import run as bench
from soapbox.bench import site as sites

NOW = sites.NOW.isoformat()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench")
    site = sites.ensure(
        sites.Spec(20), root=root, features={name: True for name in sites.available()}
    )
    if "aggregator" in sites.available():
        assert bench.prepare_aggregator(site) == 50 * 10  # every source's newest 10 items
    return site


def build(site, variant, tmp_path):
    return harness.build(
        site.configs[variant], tmp_path / variant, now=NOW, env={"SOAPBOX_OFFLINE": "1"}
    ).assert_ok()


def test_soapbox_builds_every_feature_strictly(small_site, tmp_path):
    result = build(small_site, "soapbox", tmp_path)
    topics = json.loads(result.text("topics.json"))["topics"]
    assert len(topics) >= 20
    home = result.html("")
    assert home.select("a[href]"), "the home page links to the articles"
    assert result.path("hire-me/").is_file()
    assert result.path("talks/talk-1-prospecting/").is_file()  # the speaker data made talk pages
    assert result.path("feed.xml").is_file()
    if "aggregator" in sites.available():
        river = result.html("around-the-web/")
        assert "Industry blog" in river.get_text()
    if "seo" in sites.available():
        assert list((small_site.root / ".cache" / "soapbox" / "cards").glob("*.png"))


def test_the_one_process_config_builds_what_the_soapbox_config_builds(small_site, tmp_path):
    if "soapbox-alone" not in small_site.configs:
        pytest.fail("the benchmark has no one-process config although Soapbox has workers")
    alone = build(small_site, "soapbox-alone", tmp_path)
    assert "render workers" not in alone.output
    shared = build(small_site, "soapbox", tmp_path)
    assert harness.snapshot_tree(alone.site) == harness.snapshot_tree(shared.site)


@pytest.mark.parametrize(
    ("variant", "nav_links"), [("material", (3, 3)), ("material-autonav", (23, 23))]
)
def test_plain_material_builds_the_same_markdown(small_site, tmp_path, variant, nav_links):
    result = build(small_site, variant, tmp_path)
    sources = list(small_site.docs.rglob("*.md"))
    pages = list(result.site.rglob("index.html"))
    assert len(sources) == 20 + 3 and len(pages) == len(sources)  # Material ignores `draft:`
    links = {a["href"] for a in result.html("").select("nav.md-nav--primary a.md-nav__link[href]")}
    pages_in_nav = {href for href in links if not href.startswith("#")}
    assert nav_links[0] <= len(pages_in_nav) <= nav_links[1], sorted(pages_in_nav)


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs_rss_plugin") is None,
    reason="mkdocs-rss-plugin is not installed",
)
def test_material_blog_tags_and_rss_build_the_converted_copy(small_site, tmp_path):
    result = build(small_site, "blog", tmp_path)
    assert result.path("blog/").is_file()
    assert result.path("tags/").is_file()
    posts = list((small_site.root / "blog-docs" / "blog" / "posts").rglob("*.md"))
    drafts = [p for p in posts if "\ndraft: true\n" in p.read_text(encoding="utf-8")]
    assert len(posts) == 20 and len(drafts) == 1
    rss = result.text("feed_rss_created.xml")
    assert rss.count("<item>") == 20 - len(
        drafts
    )  # the blog plugin has no scheduling: future posts show


def test_the_render_cache_changes_no_byte_of_the_benchmark_site(small_site, tmp_path):
    assert "render_cache" in sites.available()
    build(small_site, "soapbox", tmp_path / "fill")  # the cache holds every page after this
    warm = build(small_site, "soapbox", tmp_path / "warm")
    assert "render cache: 0 pages reused" not in warm.output
    off = build(small_site, "soapbox-nocache", tmp_path / "off")
    assert "render cache" not in off.output
    warm_tree, off_tree = harness.snapshot_tree(warm.site), harness.snapshot_tree(off.site)
    assert len(warm_tree) > 50
    assert (
        sorted(k for k in warm_tree.keys() | off_tree.keys() if warm_tree.get(k) != off_tree.get(k))
        == []
    )
