"""The render cache changes nothing but the time: after each edit in a list an author makes, a
build that reuses the cache writes byte-for-byte the site a clean build without the cache writes,
and a `--strict` build fails the same way. The same holds for pages converted in worker processes
(`performance.workers`): a cold build with workers writes what one process alone writes.

Which files may differ between two clean builds: none. The harness pins the build clock
(SOURCE_DATE_EPOCH), which is what the dates in the sitemap, feeds and the gzip header of
`sitemap.xml.gz` read; the first test proves it, so the comparison excludes no file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

import harness
from harness import article

NOW = "2026-01-15T12:00:00+00:00"
AUTHORS = {"ana": {"name": "Ana Ruiz", "url": "about/"}}
# {year} in the permalink: a date edit moves the article, so a page that links to it must be
# converted again (its link's URL changes although its own Markdown does not).
PLUGIN = {"authors": AUTHORS, "content": {"permalink": "{year}/{slug}/"}}
POSTS = {
    "index.md": "---\ntitle: Ana Ruiz\ntype: page\n---\nI write about pricing & discovery.\n",
    "about.md": (
        "---\ntitle: About\n---\n# About\n\nRead [the rant](rants/one.md#why-it-matters), "
        "[the case](case-studies/two.md) and [the draft](rants/three.md).\n\n## Contact\n\n"
        "Write to me.\n"
    ),
    "rants/one.md": article(
        "Rant one",
        "2025-05-01",
        "rant",
        "topics: [pricing]",
        body="Prices are a habit.\n\n## Why it matters\n\nBecause <em>buyers</em> decide.\n\n"
        "### Detail\n\n"
        "See [the case](../case-studies/two.md#numbers) and [about](../about.md#contact).",
    ),
    "case-studies/two.md": article(
        "Case two",
        "2025-06-01",
        "case-study",
        "topics: [discovery]",
        body="What the team changed.\n\n## Numbers\n\n- one\n- two\n\n"
        "!!! note\n    An admonition.\n",
    ),
    "rants/three.md": article("Rant three", "2025-07-01", "rant", "draft: true", body="Later."),
}


def _write(root: Path, posts: dict[str, str], *, cache: bool, mkdocs: dict | None = None) -> Path:
    plugin = {**PLUGIN, "performance": {"render_cache": cache}}
    return harness.write_site(root, posts, plugin, mkdocs)


def _tree(site: Path) -> dict[str, str]:
    return harness.snapshot_tree(site)


def _diff(warm: dict[str, str], clean: dict[str, str]) -> list[str]:
    return sorted(k for k in set(warm) | set(clean) if warm.get(k) != clean.get(k))


def _lines(output: str, level: str) -> list[str]:
    return sorted(line for line in output.splitlines() if line.startswith(level))


def _reused(output: str) -> tuple[int, int]:
    found = re.search(r"render cache: (\d+) pages reused, (\d+) converted", output)
    assert found, output
    return int(found[1]), int(found[2])


class Sites:
    """One site edited step by step and built with its cache kept (warm), and for each step a
    fresh copy built from nothing with the cache off (clean)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.posts = dict(POSTS)
        self.mkdocs: dict = {}
        self.step = 0

    def build(self, *, strict: bool = True) -> tuple[harness.BuildResult, harness.BuildResult]:
        self.step += 1
        warm_src = self.tmp / "warm"
        docs = warm_src / "posts"
        if docs.exists():
            shutil.rmtree(docs)  # deleted posts go; the cache folder stays
        warm_cfg = _write(warm_src, self.posts, cache=True, mkdocs=self.mkdocs)
        clean_cfg = _write(
            self.tmp / f"clean{self.step}", self.posts, cache=False, mkdocs=self.mkdocs
        )
        warm = harness.build(warm_cfg, self.tmp / f"warm-site{self.step}", now=NOW, strict=strict)
        clean = harness.build(
            clean_cfg, self.tmp / f"clean-site{self.step}", now=NOW, strict=strict
        )
        return warm, clean

    def same(self, *, strict: bool = True) -> tuple[int, int]:
        warm, clean = self.build(strict=strict)
        warm.assert_ok()
        clean.assert_ok()
        assert _diff(_tree(warm.site), _tree(clean.site)) == []
        # The log lines the conversion wrote are replayed (INFO and WARNING alike).
        assert _lines(warm.output, "WARNING") == _lines(clean.output, "WARNING")
        assert [line for line in _lines(warm.output, "INFO") if "Doc file" in line] == [
            line for line in _lines(clean.output, "INFO") if "Doc file" in line
        ]
        assert "render cache" not in clean.output
        return _reused(warm.output)


def test_two_clean_builds_write_the_same_bytes(tmp_path):
    config = _write(tmp_path / "src", POSTS, cache=False)
    one = harness.build(config, tmp_path / "one", now=NOW).assert_ok()
    two = harness.build(config, tmp_path / "two", now=NOW).assert_ok()
    assert _tree(one.site)  # a real site, not two empty folders
    assert _diff(_tree(one.site), _tree(two.site)) == []


def test_a_warm_build_after_each_edit_writes_what_a_clean_build_writes(tmp_path):
    sites = Sites(tmp_path)
    reused, converted = sites.same()  # the cache is empty: everything converts
    assert reused == 0 and converted > 5
    # The replayed INFO line: about.md links to a draft, left out of the build.
    warm, _ = sites.build()
    assert "contains a link to 'rants/three.md' which is excluded" in warm.output
    assert _reused(warm.output)[1] == 0  # nothing changed: nothing converts

    sites.posts["rants/one.md"] = sites.posts["rants/one.md"].replace("decide", "decide, fast")
    reused, converted = sites.same()  # a body
    assert converted >= 1 and reused > 5

    sites.posts["case-studies/two.md"] = sites.posts["case-studies/two.md"].replace(
        '"Case two"', '"Case two, retold"'
    )
    # A title lives in front matter: the page's Markdown is unchanged, the templates print it.
    assert sites.same()[0] > 5  # a title

    sites.posts["rants/one.md"] = sites.posts["rants/one.md"].replace(
        "topics: [pricing]", "topics: [pricing, discovery]"
    )
    sites.same()  # a topic

    # A date that moves the article to another year: about.md's Markdown is unchanged, but its
    # link to the article now resolves to another URL, so it converts again.
    sites.posts["rants/one.md"] = sites.posts["rants/one.md"].replace(
        "date: 2025-05-01", "date: 2024-05-01"
    )
    sites.same()
    about = (tmp_path / f"warm-site{sites.step}" / "about" / "index.html").read_text("utf-8")
    assert "../2024/one/#why-it-matters" in about

    sites.posts["rants/four.md"] = article(
        "Rant four", "2025-08-01", "rant", body="New [one](one.md)."
    )
    assert sites.same()[1] >= 1  # a new post

    del sites.posts["case-studies/two.md"]
    sites.posts["about.md"] = sites.posts["about.md"].replace(
        "[the case](case-studies/two.md) ", ""
    )
    sites.posts["rants/one.md"] = sites.posts["rants/one.md"].replace(
        "See [the case](../case-studies/two.md#numbers) and", "See"
    )
    sites.same()  # a deleted post

    sites.posts["rants/three.md"] = sites.posts["rants/three.md"].replace("draft: true\n", "")
    sites.same()  # a draft published: the link to it in about.md now resolves
    about = (tmp_path / f"warm-site{sites.step}" / "about" / "index.html").read_text("utf-8")
    assert 'href="../2025/three/"' in about

    sites.mkdocs = {"markdown_extensions": [{"toc": {"permalink": True}}, "admonition"]}
    reused, converted = sites.same()  # an edited mkdocs.yml: other extensions, other HTML
    assert reused == 0
    about = (tmp_path / f"warm-site{sites.step}" / "about" / "index.html").read_text("utf-8")
    assert 'class="headerlink"' in about


def test_a_renamed_link_target_fails_strict_the_same_way_warm_and_clean(tmp_path):
    sites = Sites(tmp_path)
    sites.same()
    sites.posts["case-studies/two-renamed.md"] = sites.posts.pop("case-studies/two.md")
    warm, clean = sites.build()  # about.md and one.md now link to a file that is gone
    assert warm.returncode != 0 and clean.returncode != 0
    warnings = _lines(warm.output, "WARNING")
    assert any("case-studies/two.md" in line for line in warnings), warm.output
    assert warnings == _lines(clean.output, "WARNING")
    # The same edit, built without --strict: the same site, broken links and all.
    loose_warm, loose_clean = sites.build(strict=False)
    loose_warm.assert_ok()
    loose_clean.assert_ok()
    assert _diff(_tree(loose_warm.site), _tree(loose_clean.site)) == []
    assert _lines(loose_warm.output, "WARNING") == _lines(loose_clean.output, "WARNING")
    assert _reused(loose_warm.output)[0] > 0  # the pages that link nowhere new were reused


def test_a_damaged_cache_entry_is_converted_again(tmp_path):
    sites = Sites(tmp_path)
    sites.same()
    damage = ["{not json", '{"format": 2}', "", '{"format": 999}', "[]"]
    entries = sorted((tmp_path / "warm" / ".cache" / "soapbox" / "render").glob("*/*.json"))
    assert entries
    for n, entry in enumerate(entries):
        entry.write_text(damage[n % len(damage)], encoding="utf-8")
    reused, converted = sites.same()
    assert reused == 0 and converted == len(entries)


def test_an_extension_that_includes_files_turns_the_cache_off(tmp_path):
    # pymdownx.snippets pastes another file's text into the page: that file is not in the key,
    # so the cache stays off rather than serve an old copy of the snippet.
    extensions = {"markdown_extensions": [{"pymdownx.snippets": {"base_path": ["snippets"]}}]}
    posts = {**POSTS, "about.md": POSTS["about.md"] + '\n--8<-- "bio.md"\n'}
    root = tmp_path / "src"
    (root / "snippets").mkdir(parents=True)
    (root / "snippets" / "bio.md").write_text("First bio.\n", encoding="utf-8")
    config = _write(root, posts, cache=True, mkdocs=extensions)
    first = harness.build(config, tmp_path / "one", now=NOW).assert_ok()
    assert "render cache off: the Markdown extension pymdownx.snippets includes" in first.output
    (root / "snippets" / "bio.md").write_text("Second bio.\n", encoding="utf-8")
    second = harness.build(config, tmp_path / "two", now=NOW).assert_ok()
    assert "Second bio." in second.text("about/index.html")


# -- worker processes: pages the cache does not have are converted in forked workers -------------

# Enough pages that two workers and the build meet somewhere in the middle; the broken link and
# the link to a draft make the conversion log a WARNING and an INFO line, which must reach the
# build's log once, whoever converted the page.
MANY = {
    **POSTS,
    **{
        f"rants/extra-{n:02d}.md": article(
            f"Extra {n}",
            f"2024-{1 + n % 12:02d}-{1 + n % 27:02d}",
            "rant",
            f"topics: [{'pricing' if n % 2 else 'discovery'}]",
            body=f"Body {n}.\n\n## Part\n\nSee [one](one.md#why-it-matters) and [three](three.md)."
            + ("\n\nA [broken link](gone.md)." if n == 30 else ""),
        )
        for n in range(40)
    },
}
# A Markdown extension beside mkdocs.yml (`python -m mkdocs` imports from there) that cannot
# convert a page with BOOM in it, in a worker or in the build.
BOOM = """
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor


class Boom(Preprocessor):
    def run(self, lines):
        if any("BOOM" in line for line in lines):
            raise ValueError("this page cannot be converted")
        return lines


class BoomExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Boom(md), "boom", 5)


def makeExtension(**kwargs):
    return BoomExtension(**kwargs)
"""


def _workers_site(root: Path, posts: dict[str, str], workers: int, *, boom: bool = False) -> Path:
    plugin = {**PLUGIN, "performance": {"render_cache": True, "workers": workers}}
    if boom:  # few listing pages after the failing article, where the workers start
        plugin["listings"] = {"page_size": 500}
    mkdocs = {"markdown_extensions": ["boom_extension"]} if boom else None
    config = harness.write_site(root, posts, plugin, mkdocs)
    if boom:
        (root / "boom_extension.py").write_text(BOOM, encoding="utf-8")
    return config


def _converted_by_workers(output: str) -> int:
    found = re.search(r"render workers: (\d+) pages converted in (\d+) worker processes", output)
    assert found, output
    assert int(found[2]) == 2
    return int(found[1])


def test_workers_write_what_one_process_writes(tmp_path):
    one = _workers_site(tmp_path / "one", MANY, 1)
    three = _workers_site(tmp_path / "three", MANY, 3)  # the build and two workers
    alone = harness.build(one, tmp_path / "one-site", now=NOW, strict=False).assert_ok()
    shared = harness.build(three, tmp_path / "three-site", now=NOW, strict=False).assert_ok()
    assert "render workers" not in alone.output
    assert _converted_by_workers(shared.output) >= 1  # how many: the load decides
    assert _diff(_tree(shared.site), _tree(alone.site)) == []
    # Every page converted once in this build, by whichever process: nothing counts as reused.
    assert _reused(shared.output) == _reused(alone.output) == (0, _reused(alone.output)[1])
    warnings = _lines(shared.output, "WARNING")
    assert any("gone.md" in line for line in warnings) and len(warnings) == 1, shared.output
    assert warnings == _lines(alone.output, "WARNING")
    doc_file = [line for line in _lines(shared.output, "INFO") if "Doc file" in line]
    assert doc_file == [line for line in _lines(alone.output, "INFO") if "Doc file" in line]
    assert len(doc_file) == 40 + 1  # the extras and about.md link to the draft, once each

    # --strict fails on the same warning, with workers and without (cold caches both times).
    strict_one = _workers_site(tmp_path / "strict-one", MANY, 1)
    strict_three = _workers_site(tmp_path / "strict-three", MANY, 3)
    failed_alone = harness.build(strict_one, tmp_path / "s1", now=NOW)
    failed_shared = harness.build(strict_three, tmp_path / "s3", now=NOW)
    assert failed_alone.returncode != 0 and failed_shared.returncode != 0
    assert _lines(failed_shared.output, "WARNING") == warnings
    assert "Aborted with 1 warnings in strict mode!" in failed_shared.output
    assert "Aborted with 1 warnings in strict mode!" in failed_alone.output

    # A warm build with workers on reuses everything and starts none.
    again = harness.build(three, tmp_path / "again", now=NOW, strict=False).assert_ok()
    assert "render workers" not in again.output
    assert _reused(again.output)[1] == 0
    assert _diff(_tree(again.site), _tree(alone.site)) == []


def test_a_page_that_fails_in_a_worker_fails_the_build_with_the_same_message(tmp_path):
    # The workers start at the back of the list (a few listings, then this last article), while
    # the build works through the 150 long articles before it.
    body = "\n\n".join(f"Paragraph {n} with *some* `code` and [a link](one.md)." for n in range(60))
    posts = {
        **POSTS,
        **{
            f"rants/long-{n:03d}.md": article(f"Long {n}", "2024-03-01", "rant", body=body)
            for n in range(150)
        },
        "speaking/zz-boom.md": article("Boom", "2025-09-01", "speaker", body="Before.\n\nBOOM\n"),
    }
    one = _workers_site(tmp_path / "one", posts, 1, boom=True)
    three = _workers_site(tmp_path / "three", posts, 3, boom=True)
    alone = harness.build(one, tmp_path / "s1", now=NOW, strict=False)
    shared = harness.build(three, tmp_path / "s3", now=NOW, strict=False)
    assert alone.returncode != 0 and shared.returncode != 0
    errors = _lines(alone.output, "ERROR")
    assert errors and "Error reading page 'speaking/zz-boom.md'" in errors[0], alone.output
    assert _lines(shared.output, "ERROR") == errors
    assert shared.output.splitlines()[-1] == alone.output.splitlines()[-1]  # the exception


def _sample(root: Path, workers: int) -> Path:
    """A copy of the sample site (its own caches) with `performance.workers` set."""
    for name in ("posts", "sample-feeds"):
        shutil.copytree(harness.REPO / name, root / name)
    config = yaml.safe_load((harness.REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p["soapbox"] for p in config["plugins"] if isinstance(p, dict) and "soapbox" in p)
    plugin["performance"] = {"workers": workers}
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_the_sample_with_workers_writes_what_one_process_writes(tmp_path):
    alone = harness.build(_sample(tmp_path / "one", 1), tmp_path / "s1", now=NOW).assert_ok()
    shared = harness.build(_sample(tmp_path / "three", 3), tmp_path / "s3", now=NOW).assert_ok()
    assert _converted_by_workers(shared.output) >= 1  # how many: the load decides
    assert _diff(_tree(shared.site), _tree(alone.site)) == []
    assert _lines(shared.output, "WARNING") == _lines(alone.output, "WARNING")
