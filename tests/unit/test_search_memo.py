"""Material's search plugin reuses a page's entries only when it is exactly Material's: the
entries a replayed page gets are the ones its own indexing made, and any other plugin indexes
alone."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import yaml
from mkdocs.config import load_config

from soapbox.core.kept import Shelf, across_builds, keep_across_builds
from soapbox.core.search_memo import EntryMemo
from soapbox.mkdocs import search as search_feature


def _config(tmp_path: Path):
    (tmp_path / "docs").mkdir(parents=True)
    site = {"site_name": "S", "theme": {"name": "material"}, "plugins": ["search"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(site), encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    return config.plugins.on_config(config)


def _page(content: str, *, title: str = "A page", meta: dict | None = None):
    toc = [SimpleNamespace(id="why", url="#why", children=[])]
    return SimpleNamespace(url="a/", title=title, meta=meta or {}, content=content, toc=toc)


CONTENT = '<h1 id="a">A page</h1><p>First words.</p><h2 id="why">Why</h2><p>Because.</p>'


def test_a_page_with_the_same_inputs_gets_the_entries_its_indexing_made(tmp_path):
    shelf = Shelf(tmp_path / "kept")
    built: list[list[dict]] = []
    for content in (CONTENT, CONTENT, CONTENT.replace("Because", "Since")):
        config = _config(tmp_path / f"site{len(built)}")
        memo = search_feature.remember(config, shelf)
        assert memo is not None
        index = config.plugins["material/search"].search_index
        index.add_entry_from_context(_page(content, meta={"tags": ["money"]}))
        built.append(index.entries)
        assert memo.hits == (1 if len(built) == 2 else 0)
    assert built[1] == built[0] and built[2] != built[0]
    assert built[0][1] == {"location": "a/#why", "title": "Why", "text": "<p>Because.</p>",
                           "tags": ["money"]}  # fmt: skip
    kept = [json.loads(p.read_text("utf-8")) for p in shelf.folder.glob("*/*.json")]
    assert sorted(map(json.dumps, kept)) == sorted(map(json.dumps, [built[0], built[2]]))


def test_a_replaced_or_subclassed_search_plugin_indexes_alone(tmp_path):
    config = _config(tmp_path / "one")
    plugin = config.plugins["material/search"]
    plugin.search_index.add_entry_from_context = lambda page: None  # someone else's indexing
    assert search_feature.remember(config, None) is None

    config = _config(tmp_path / "two")
    plugin = config.plugins["material/search"]
    material = type(plugin)
    plugin.__class__ = type("Custom", (material,), {})
    try:
        assert search_feature.remember(config, None) is None
    finally:
        plugin.__class__ = material  # MkDocs hands the same instance to the next config


def test_in_memory_only_while_serving(tmp_path):
    before = across_builds()
    try:
        for serving in (True, False):
            keep_across_builds(serving)
            for n in range(2):
                config = _config(tmp_path / f"{serving}{n}")
                memo = search_feature.remember(config, None)
                assert memo is not None
                config.plugins["material/search"].search_index.add_entry_from_context(
                    _page(CONTENT, title=f"Serving {serving}")
                )
            assert memo.hits == (1 if serving else 0)
    finally:
        keep_across_builds(before)


def test_finish_says_how_many_pages_entries_were_reused():
    memo = EntryMemo(None)
    memo.hits = 3
    assert memo.finish(dirty=False, now=0.0) == "search index: 3 pages' entries reused"
