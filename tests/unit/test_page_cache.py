"""The page cache's store: entries come back as they were written, a damaged or foreign entry is
a miss, and pruning removes only old entries no build used."""

from __future__ import annotations

import json
import os
import time
import zlib

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


def test_pages_with_quotes_lone_surrogates_and_no_finished_part_come_back_as_they_were():
    finished = Finished("k", '<a href="x">\ud800 "é"</a>\n', [], [])
    for entry in (
        Entry("fp", {}, '<p class="a">\n"quoted" \udcff ✓</p>', finished),
        Entry("fp", {"a.md": None}, "", None),
    ):
        assert Entry.from_bytes(entry.to_bytes()) == entry


def test_an_entry_whose_parts_do_not_add_up_is_a_miss():
    good = zlib.decompress(_entry().to_bytes())
    length, _, rest = good.partition(b"\n")
    header = json.loads(rest[: int(length)])
    broken = [
        good[:-1],  # the finished HTML cut short
        good + b"x",  # more than the header says
        b"x\n" + rest,  # no length
        length + b"\n" + rest[: int(length) - 1],  # the header cut short
        json.dumps({**header, "format": 1}).encode(),  # an entry of the JSON format before
    ]
    header["sizes"] = header["sizes"][:1]  # one text where the finished part needs two
    head = json.dumps(header).encode()
    broken.append(b"%d\n" % len(head) + head + rest[int(length) :])
    for data in broken:
        assert Entry.from_bytes(zlib.compress(data)) is None, data[:80]
