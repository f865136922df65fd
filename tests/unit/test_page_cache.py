"""The page cache's store: entries come back as they were written, a damaged or foreign entry is
a miss, and pruning removes only old entries no build used."""

from __future__ import annotations

import os
import time

from soapbox.core.links import LinkCheck
from soapbox.core.page_cache import SUFFIX, Entry, Finished, Store


def _entry() -> Entry:
    finished = Finished(
        "key", "<html>done ünïcode</html>", ["hire-me/"], [["a.png", "x/", [10, 5, []]]]
    )
    return Entry("fp", {"rants/one.md": "d1", "gone.md": None}, "<html>raw</html>", finished)


def test_an_entry_comes_back_as_it_was_written(tmp_path):
    store = Store(tmp_path)
    name = store.name("build", "main.html", "rants/one/")
    store.save(name, _entry())
    assert Store(tmp_path).load(name) == _entry()
    assert store.written == 1


def test_the_name_depends_on_the_build_the_template_and_the_page(tmp_path):
    store = Store(tmp_path)
    names = {
        store.name("build", "main.html", "a/"),
        store.name("serve", "main.html", "a/"),
        store.name("build", "post.html", "a/"),
        store.name("build", "main.html", "b/"),
    }
    assert len(names) == 4


def test_a_damaged_or_foreign_entry_is_a_miss(tmp_path):
    store = Store(tmp_path)
    name = store.name("build", "main.html", "a/")
    store.save(name, _entry())
    path = next(tmp_path.glob(f"*/*{SUFFIX}"))
    path.write_bytes(b"not zlib")
    assert store.load(name) is None
    assert Entry.from_bytes(b"") is None
    assert store.load(store.name("build", "main.html", "never/")) is None


def test_prune_removes_old_entries_no_build_used(tmp_path):
    old = Store(tmp_path)
    kept_name, gone_name, new_name = (old.name("b", "t", url) for url in ("k/", "g/", "n/"))
    for name in (kept_name, gone_name, new_name):
        old.save(name, _entry())
    long_ago = time.time() - 30 * 86400
    for path in tmp_path.glob(f"*/*{SUFFIX}"):
        if path.parent.name + path.name.removesuffix(SUFFIX) != new_name:
            os.utime(path, (long_ago, long_ago))
    build = Store(tmp_path)
    assert build.load(kept_name) is not None  # used by this build
    assert build.prune(now=time.time()) == 1
    assert build.load(kept_name) is not None
    assert build.load(new_name) is not None  # unused but recent
    assert build.load(gone_name) is None


def test_link_findings_replayed_count_as_a_scan_does():
    targets = {"hire-me/": "hire_me.url", "talks/": "speaker.url"}
    scanned, replayed = LinkCheck(targets), LinkCheck(targets)
    html = (
        '<a href="../../hire-me/">x</a> <a href="../../hire-me/">y</a> <a href="../../talks/">z</a>'
    )
    found = scanned.scan(html, "rants/one/", "docs/rants/one.md")
    assert found == ["hire-me/", "talks/"]
    replayed.add(found, "docs/rants/one.md")
    replayed.add(["gone/"], "docs/rants/one.md")  # a target this build no longer checks
    assert replayed.seen == scanned.seen
