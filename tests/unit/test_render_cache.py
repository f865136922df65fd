"""The render cache's store and keys (core/render_cache.py): stable keys, atomic entries, damaged
entries read as misses, pruning of what a build did not use."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import time
from pathlib import PurePath

import pytest

from soapbox.core import render_cache as rc


def _rendered(html: str = "<p>x</p>") -> rc.Rendered:
    return rc.Rendered(
        html=html,
        title="A <b>title</b> & more",
        toc=[rc.TocEntry("Why", "why", 2, [rc.TocEntry("Détail ✓", "detail", 3)])],
        anchors=["detail", "why"],
        links_to_anchors=[("about.md", "contact", "../about.md#contact")],
        has_links=True,
        lookups=[("about.md", ("about.md", "about/", False)), ("gone.md", None)],
        logs=[rc.LogLine("mkdocs.structure.pages", 30, "Doc file 'a.md' contains a link")],
    )


def test_an_entry_comes_back_as_it_was_stored(tmp_path):
    store = rc.Store(tmp_path)
    store.put("ab" * 32, _rendered())
    assert rc.Store(tmp_path).get("ab" * 32) == _rendered()
    assert [p.name for p in tmp_path.rglob("*") if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": 2}', '{"format": 1, "html": ""}'])
def test_a_damaged_or_old_entry_is_a_miss(tmp_path, text):
    store = rc.Store(tmp_path)
    key = "cd" * 32
    store.put(key, _rendered())
    next(tmp_path.rglob("*.json")).write_text(text, encoding="utf-8")
    assert store.get(key) is None
    assert rc.Store(tmp_path).get("ef" * 32) is None  # never stored


def test_prune_removes_only_old_entries_the_build_did_not_use(tmp_path):
    old = rc.Store(tmp_path)
    for n in (1, 2, 3):
        old.put(f"0{n}" * 32, _rendered(f"entry {n}"))
    week = 7 * 86400
    for path in tmp_path.glob("*/*.json"):
        if not path.parent.name.startswith("03"):
            os.utime(path, (path.stat().st_mtime - week - 60,) * 2)  # written over a week ago
    build = rc.Store(tmp_path)
    assert build.get("02" * 32) is not None
    assert build.prune(now=time.time()) == 1  # 01: old and unused; 03: unused but recent
    assert build.get("01" * 32) is None
    assert build.get("02" * 32) is not None and build.get("03" * 32) is not None


def test_lookups_must_all_find_the_same_file_again():
    found = {"about.md": ("about.md", "about/", False)}
    entry = _rendered()
    assert rc.lookups_hold(entry.lookups, found.get)
    assert not rc.lookups_hold(entry.lookups, {"about.md": ("about.md", "me/", False)}.get)
    assert not rc.lookups_hold(entry.lookups, {**found, "gone.md": ("gone.md", "gone/", False)}.get)
    assert not rc.lookups_hold(entry.lookups, {"about.md": ("about.md", "about/", True)}.get)


def test_keys_are_stable_and_parts_do_not_run_together():
    assert rc.digest("ab", "c") != rc.digest("a", "bc")
    config = {"toc": {"permalink": True, "slugify": functools.partial}, "b": {1, 2}}
    assert rc.stable_text(config) == rc.stable_text(dict(reversed(config.items())))
    assert "functools.partial" in rc.stable_text(config)


def test_an_object_printed_with_its_address_turns_the_cache_off():
    with pytest.raises(rc.UnstableConfig):
        rc.stable_text({"format": object()})
    with pytest.raises(rc.UnstableConfig):
        rc.stable_text({"format": lambda text: text})


def test_extension_objects_and_file_includes_keep_the_cache_off():
    assert rc.off_reason(["toc", "admonition"]) == ""
    assert rc.off_reason(["toc", object()]) == "a Markdown extension is configured as an object"
    assert rc.off_reason(["mdx_include", "pymdownx.snippets"]) == (
        "the Markdown extension mdx_include includes other files"
    )


def test_the_build_key_follows_extensions_options_and_settings():
    key = rc.build_key(["toc"], {"toc": {"permalink": True}}, [1, 2])
    assert key == rc.build_key(["toc"], {"toc": {"permalink": True}}, [1, 2])
    assert key != rc.build_key(["toc"], {"toc": {"permalink": False}}, [1, 2])
    assert key != rc.build_key(["toc", "tables"], {"toc": {"permalink": True}}, [1, 2])
    assert key != rc.build_key(["toc"], {"toc": {"permalink": True}}, [1, 3])
    assert rc.build_key(["toc"], None, []) == rc.build_key(["toc"], {}, [])
    with pytest.raises(rc.UnstableConfig):
        rc.build_key(["toc"], {"toc": {"slugify": object()}}, [])


def test_finish_prunes_unless_dirty_and_says_what_the_cache_did(tmp_path):
    store = rc.Store(tmp_path)
    store.hits, store.misses = 4, 1
    line = "render cache: 4 pages reused, 1 converted, 0 old entries removed"
    assert rc.finish(store, dirty=True, now=time.time()) == line
    assert rc.finish(store, dirty=False, now=time.time()) == line


def test_a_serve_session_keeps_the_entries_a_build_used_in_memory_for_the_next(tmp_path):
    """`recent`: what the build before used (read or written) is found without the disk; the
    next build keeps only what this one used; without `recent` nothing is kept."""
    first = rc.Store(tmp_path, {})
    first.put("aa" * 32, _rendered("<p>a</p>"))
    first.put("bb" * 32, _rendered("<p>b</p>"))
    for path in tmp_path.rglob("*.json"):
        path.unlink()  # from now on only memory can answer
    second = rc.Store(tmp_path, first.now)
    assert second.get("aa" * 32) == _rendered("<p>a</p>")
    assert second.get("cc" * 32) is None
    assert second.now is not None and list(second.now) == ["aa" * 32]
    assert second.used == {"aa" * 32, "cc" * 32}  # kept from pruning as before
    third = rc.Store(tmp_path, second.now)
    assert third.get("bb" * 32) is None  # the build before did not use it
    plain = rc.Store(tmp_path)
    plain.put("dd" * 32, _rendered())
    assert plain.now is None and plain.recent is None


def test_posix_path_is_the_file_lists_key():
    for path in ["a/b.md", "a//b.md", "./a/b.md", "a/./b.md", "a/b.md/", "", "../a.md"]:
        assert rc.posix_path(path) == PurePath(path).as_posix()


def test_an_entry_is_stored_as_asdict_gives_it():
    rendered = _rendered()
    rendered.logs.append(rc.LogLine("root", 20, 'a "quoted" line'))
    expected = {"format": rc.FORMAT, **dataclasses.asdict(rendered)}
    assert rendered.to_json() == json.dumps(expected, ensure_ascii=False)
