"""What planning, the feeds and the search index keep on disk between builds changes nothing but
the time: after each edit, a build that reuses them (related articles, each article's feed HTML,
each page's search entries) writes byte-for-byte the site a clean build with nothing kept
writes, and a build that finds a damaged value computes it again.

The in-process side (the same plugin instances building again under `mkdocs serve`) is
`test_incremental.py`'s: it compares every file of the site, the search index included.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import harness
from harness import article

NOW = "2026-01-15T12:00:00+00:00"
POSTS = {
    "index.md": "---\ntitle: Ana Ruiz\ntype: page\n---\nI write about pricing & discovery.\n",
    "rants/one.md": article(
        "Rant one", "2025-05-01", "rant", "topics: [pricing]",
        body="Prices are a habit.\n\n## Why it matters\n\nBecause <em>buyers</em> decide.\n\n"
        "![A chart](chart.png)\n\n[Relative](../case-studies/two.md#numbers)",
    ),
    "case-studies/two.md": article(
        "Case two", "2025-06-01", "case-study", "topics: [discovery]", "tags: [money]",
        body="What the team changed.\n\n## Numbers\n\n- one\n- two\n",
    ),
    "rants/chart.png": "not really a picture",
    "rants/three.md": article("Rant three", "2025-07-01", "rant", "search:\n  boost: 2"),
}  # fmt: skip
PLUGIN = {"feeds": {"content": "full"}}
KEPT = ["search/search_index.json", "feed.xml", "feed.json", "atom.xml"]


def _kept_files(site: Path) -> dict[str, str]:
    """Every file of the built site (the pages show related articles)."""
    found = harness.snapshot_tree(site)
    assert set(KEPT) <= set(found), sorted(found)
    return found


class Sites:
    """One site edited step by step, built with its cache folder kept (warm), and each step also
    built from a fresh copy with the render and page caches off (clean: nothing read from disk)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp, self.posts, self.search, self.step = tmp, dict(POSTS), {}, 0

    def _write(self, root: Path, *, kept: bool) -> Path:
        plugin = {**PLUGIN, "performance": {"render_cache": kept, "page_cache": kept}}
        search = {"search": self.search} if self.search else "search"
        mkdocs = {"plugins": [search, {"soapbox": plugin}]}
        return harness.write_site(root, self.posts, plugin, mkdocs)

    def same(self) -> int:
        """Build both; the number of pages whose search entries the warm build reused."""
        self.step += 1
        warm_src = self.tmp / "warm"
        if (warm_src / "posts").exists():
            shutil.rmtree(warm_src / "posts")  # deleted posts go; the cache folder stays
        warm_cfg = self._write(warm_src, kept=True)
        clean_cfg = self._write(self.tmp / f"clean{self.step}", kept=False)
        warm = harness.build(warm_cfg, self.tmp / f"warm-site{self.step}", now=NOW).assert_ok()
        clean = harness.build(clean_cfg, self.tmp / f"clean-site{self.step}", now=NOW).assert_ok()
        warm_files, clean_files = _kept_files(warm.site), _kept_files(clean.site)
        assert sorted(warm_files) == sorted(clean_files)
        assert [k for k in warm_files if warm_files[k] != clean_files[k]] == []
        assert not (self.tmp / f"clean{self.step}" / ".cache" / "soapbox" / "render").exists()
        assert _reused(clean.output) == 0  # one build per process: nothing to reuse
        return _reused(warm.output)


def _reused(output: str) -> int:
    found = re.search(r"search index: (\d+) pages' entries reused", output)
    assert found, output
    return int(found[1])


def test_kept_search_entries_and_feed_html_give_what_a_clean_build_gives(tmp_path):
    sites = Sites(tmp_path)
    assert sites.same() == 0
    cache = tmp_path / "warm" / ".cache" / "soapbox" / "render"
    pages = len(list((cache / "search").glob("*/*.json")))  # the entries were kept
    assert pages > 5
    assert len(list((cache / "feeds").glob("*/*.json"))) == 3  # each article's feed HTML
    assert len(list((cache / "related").glob("*/*.json"))) == 1  # the last answer only
    assert sites.same() == pages  # nothing changed: every page's entries come from disk
    sites.posts["rants/one.md"] = sites.posts["rants/one.md"].replace("decide", "decide, fast")
    assert 0 < sites.same() < pages  # a body
    sites.posts["case-studies/two.md"] = sites.posts["case-studies/two.md"].replace(
        '"Case two"', '"Case two, retold"'
    )
    sites.same()  # a title
    sites.posts["case-studies/two.md"] = sites.posts["case-studies/two.md"].replace(
        "tags: [money]", "tags: [money, time]"
    )
    sites.same()  # a tag (the indexer copies tags into the entries)
    sites.posts["rants/three.md"] = sites.posts["rants/three.md"].replace("boost: 2", "boost: 3")
    sites.same()  # a search boost
    for entry in [p for name in ("feeds", "search", "related") for p in cache.glob(f"{name}/*/*")]:
        entry.write_text("[{", encoding="utf-8")  # damaged values are misses
    assert sites.same() == 0
    sites.search = {"separator": "[\\s\\-.]+"}
    assert sites.same() == 0  # the search plugin's options changed


def test_the_kept_search_entries_match_the_index_of_the_page(tmp_path):
    config = harness.write_site(tmp_path / "src", POSTS, PLUGIN)
    first = harness.build(config, tmp_path / "one", now=NOW).assert_ok()
    index = json.loads((first.site / "search" / "search_index.json").read_text("utf-8"))
    kept = [
        entry
        for path in (tmp_path / "src" / ".cache" / "soapbox" / "render" / "search").glob("*/*.json")
        for entry in json.loads(path.read_text("utf-8"))
    ]
    locations = {e["location"] for e in index["docs"]}
    assert kept and {e["location"] for e in kept} <= locations
    assert any(e["location"].startswith("two/") and e.get("tags") == ["money"] for e in kept)
