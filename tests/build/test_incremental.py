"""The incremental preview changes nothing but the time: under `mkdocs serve` (the same plugin
instances build again after each save), the site after each edit in a list an author makes is
byte-for-byte the site a fresh serve process builds from the same files.

Both sides run `serve_driver.py`, which builds as `mkdocs serve` does (preview URL, drafts shown,
one site folder cleaned before each build): the incremental side builds every step in one
process, the clean side builds each step in a new process.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import harness
from harness import article

NOW = "2026-01-15T12:00:00+00:00"
AUTHORS = {"ana": {"name": "Ana Ruiz", "url": "about/"}}
PLUGIN = {"authors": AUTHORS, "content": {"permalink": "{year}/{slug}/"}}
POSTS = {
    "index.md": "---\ntitle: Ana Ruiz\ntype: page\n---\nI write about pricing & discovery.\n",
    "about.md": (
        "---\ntitle: About\n---\n# About\n\nRead [the rant](rants/one.md#why-it-matters), "
        "[the case](case-studies/two.md) and [the draft](rants/three.md).\n\n## Contact\n\n"
        "Write to me.\n"
    ),
    "rants/one.md": article(
        "Rant one", "2025-05-01", "rant", "topics: [pricing]",
        body="Prices are a habit.\n\n## Why it matters\n\nBecause <em>buyers</em> decide.\n\n"
        "See [the case](../case-studies/two.md#numbers) and [about](../about.md#contact).",
    ),
    "case-studies/two.md": article(
        "Case two", "2025-06-01", "case-study", "topics: [discovery]",
        body="What the team changed.\n\n## Numbers\n\n- one\n- two\n",
    ),
    "rants/three.md": article("Rant three", "2025-07-01", "rant", "draft: true", body="Later."),
    "rants/five.md": article("Rant five", "2024-02-01", "rant", "topics: [pricing]", body="Old."),
    "rants/six.md": article("Rant six", "2023-03-01", "rant", body="Older still."),
    "hire-me.md": (
        "---\ntitle: Hire me\nspeaker:\n  name: Ana Ruiz\n  talks:\n"
        "    - {title: Price Is a Feeling, abstract: Discounts are a habit., topics: [pricing]}\n"
        "  appearances:\n"
        "    - {date: 2027-05-01, event: Future Summit, city: Leeds, talk: price-is-a-feeling}\n"
        "  booking: {provider: url, endpoint: 'https://forms.example.test/in'}\n---\nBook me.\n"
    ),
}  # fmt: skip


def _steps(tmp: Path) -> list[tuple[str, Path]]:
    """Each edit as a full copy of the site's files, in order."""
    posts, mkdocs, steps = dict(POSTS), {}, []

    def step(name: str) -> None:
        folder = tmp / "steps" / f"{len(steps):02d}"
        harness.write_site(folder, posts, PLUGIN, mkdocs)
        steps.append((name, folder))

    step("first build")
    step("no change")
    posts["rants/one.md"] = posts["rants/one.md"].replace("decide", "decide, fast")
    step("a body")
    posts["case-studies/two.md"] = posts["case-studies/two.md"].replace("Case two", "Case 2")
    step("a title")
    posts["rants/one.md"] = posts["rants/one.md"].replace("[pricing]", "[pricing, discovery]")
    step("a topic")
    posts["rants/one.md"] = posts["rants/one.md"].replace("2025-05-01", "2024-05-01")
    step("a date")
    posts["rants/four.md"] = article("Rant four", "2025-08-01", "rant", body="New [one](one.md).")
    step("a new post")
    del posts["rants/six.md"]
    step("a deleted post")
    posts["rants/three.md"] = posts["rants/three.md"].replace("draft: true\n", "")
    step("a draft published")
    # the speaker's view is watched: each page counts the calls to action and dates it shows
    posts["hire-me.md"] = posts["hire-me.md"].replace("[pricing]", "[discovery]")
    step("a talk's topic")
    posts["hire-me.md"] = posts["hire-me.md"].replace(
        "Future Summit, city: Leeds", "Summit, city: York"
    )
    step("an appearance")
    # a nav entry's front matter counts by the keys a template reads (Material: its icon)
    posts["hire-me.md"] = posts["hire-me.md"].replace(
        "title: Hire me\n", "title: Hire me\nicon: material/microphone\n"
    )
    step("a nav page's icon")
    mkdocs["markdown_extensions"] = [{"toc": {"permalink": True}}, "admonition"]
    step("an edited mkdocs.yml")
    return steps


def _drive(work: Path, out: Path, steps: list[Path]) -> str:
    return harness.drive_serve(work, out, steps, now=NOW)


def _kept(output: str) -> list[tuple[int, int]]:
    return [
        (int(m[1]), int(m[2]))
        for m in re.finditer(r"incremental preview: (\d+) pages kept, (\d+) rendered", output)
    ]


def test_each_serve_rebuild_writes_what_a_fresh_serve_build_writes(tmp_path):
    steps = _steps(tmp_path)
    output, _ = harness.serve_against_fresh(tmp_path, steps, now=NOW)
    counts = _kept(output)
    assert len(counts) == len(steps), output
    first, unchanged, body = counts[0], counts[1], counts[2]
    assert first[0] == 0 and first[1] > 5  # nothing is kept before the first build
    assert unchanged[1] == 0 and unchanged[0] == first[1]  # no edit: every page is kept
    assert body[0] > 0 and body[1] >= 1  # a body edit renders its page, keeps others
    # a topic edit and a new post change the topics and the publication every page is given,
    # but a page counts only what it reads of them (the about page shows neither)
    topic, new_post, talk, icon = counts[4], counts[6], counts[9], counts[11]
    assert topic[0] > 0 and topic[1] >= 1, topic
    assert new_post[0] > 0 and new_post[1] >= 1, new_post
    assert talk[0] > 0 and talk[1] >= 1, talk  # the speaker page is in the nav of every page
    assert icon[0] == 0, icon  # ... and every page's nav shows its icon
    assert counts[-1][0] == 0  # an edited mkdocs.yml renders every page again


def test_the_option_off_renders_every_page_on_every_save(tmp_path):
    """`performance.incremental_preview: false` (e.g. to rule it out when a page looks stale)."""
    plugin = {**PLUGIN, "performance": {"incremental_preview": False}}
    steps = []
    for n in range(2):  # the same files twice: with the preview on, the second keeps every page
        folder = tmp_path / "steps" / str(n)
        harness.write_site(folder, POSTS, plugin, {})
        steps.append(folder)
    output = _drive(tmp_path / "work", tmp_path / "out", steps)
    assert _kept(output) == [], output  # never installed: it neither keeps nor counts pages
    assert harness.snapshot_tree(tmp_path / "out" / "1") == harness.snapshot_tree(
        tmp_path / "out" / "0"
    )


# -- the page cache: kept outputs on disk, read by a build in a new process --------------------

_PAGE_CACHE = re.compile(r"page cache: (\d+) pages kept, (\d+) rendered again")


def _into(work: Path, step: Path) -> Path:
    """The files of `step` in `work` (whose caches stay), as an author's edit leaves them."""
    for name in ("posts", "overrides"):
        shutil.rmtree(work / name, ignore_errors=True)
        if (step / name).is_dir():
            shutil.copytree(step / name, work / name)
    work.mkdir(parents=True, exist_ok=True)
    shutil.copy(step / "mkdocs.yml", work / "mkdocs.yml")
    return work / "mkdocs.yml"


def _same_as_clean(tmp: Path, name: str, n: int, work: Path, step: Path) -> tuple[int, int]:
    """Build `step` in `work` (warm from the builds before) and in a new folder (empty caches);
    both sites must hold the same bytes. Returns (pages kept, rendered) of the warm build."""
    warm = harness.build(_into(work, step), tmp / f"warm{n}", now=NOW).assert_ok()
    clean = harness.build(_into(tmp / f"clean-work{n}", step), tmp / f"clean{n}", now=NOW)
    clean.assert_ok()
    harness.assert_same_files(warm.site, clean.site, name)
    found = _PAGE_CACHE.findall(warm.output)
    assert len(found) == 1, warm.output
    return int(found[0][0]), int(found[0][1])


def test_a_build_in_a_new_process_with_a_warm_page_cache_writes_what_a_clean_build_writes(
    tmp_path,
):
    """`mkdocs build` after each edit, each in a new process that finds the page cache the build
    before it left, writes what a build with empty caches writes."""
    work = tmp_path / "work"
    counts = [
        _same_as_clean(tmp_path, name, n, work, folder)
        for n, (name, folder) in enumerate(_steps(tmp_path))
    ]
    first, unchanged, body = counts[0], counts[1], counts[2]
    assert first[0] == 0 and first[1] > 5  # nothing is on disk before the first build
    assert unchanged == (first[1], 0)  # no edit: every page is printed from the cache
    assert body[0] > 0 and body[1] >= 1  # a body edit renders its page, keeps others
    # a topic edit and a new post change the topics and the publication every page is given,
    # but a page counts only what it reads of them (the about page shows neither)
    topic, new_post, talk, icon = counts[4], counts[6], counts[9], counts[11]
    assert topic[0] > 0 and topic[1] >= 1, topic
    assert new_post[0] > 0 and new_post[1] >= 1, new_post
    assert talk[0] > 0 and talk[1] >= 1, talk  # the speaker page is in the nav of every page
    assert icon[0] == 0, icon  # ... and every page's nav shows its icon
    assert counts[-1][0] == 0  # an edited mkdocs.yml renders every page again


def test_builds_at_different_times_keep_pages(tmp_path):
    """Without SOURCE_DATE_EPOCH every build has its own clock: pages whose output does not show
    it are kept all the same (the sample theme's text says "right now", which is not the clock),
    and the second build writes what a clean build at its time writes."""
    site = harness.write_site(tmp_path / "work", POSTS, PLUGIN, {})
    harness.build(site, tmp_path / "first", now=NOW).assert_ok()
    later = "2026-01-15T13:30:00+00:00"
    warm = harness.build(site, tmp_path / "warm", now=later).assert_ok()
    clean_site = harness.write_site(tmp_path / "clean-work", POSTS, PLUGIN, {})
    clean = harness.build(clean_site, tmp_path / "clean", now=later).assert_ok()
    mine, fresh = harness.snapshot_tree(warm.site), harness.snapshot_tree(clean.site)
    assert sorted(k for k in set(mine) | set(fresh) if mine.get(k) != fresh.get(k)) == []
    ((kept, rendered),) = ((int(a), int(b)) for a, b in _PAGE_CACHE.findall(warm.output))
    assert kept > rendered  # most pages do not show the time of the build


def _png(path: Path, size: tuple[int, int], color: str) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)


def test_a_changed_override_template_and_a_changed_image_are_seen(tmp_path):
    """What a page's context does not hold but its output shows: a theme override
    (`custom_dir`) and the image files next to a post (their sizes and smaller copies)."""
    posts = {
        **POSTS,
        "rants/one.md": POSTS["rants/one.md"] + "\n\n![A chart](chart.png)\n",
    }
    mkdocs = {"theme": {"name": "material", "custom_dir": "overrides"}}
    work, steps = tmp_path / "work", []
    for n, (banner, size) in enumerate(
        [
            ("First banner", (1200, 600)),
            ("Second banner", (1200, 600)),
            ("Second banner", (900, 900)),
        ]
    ):
        folder = tmp_path / "steps" / str(n)
        harness.write_site(folder, posts, PLUGIN, mkdocs)
        override = folder / "overrides" / "main.html"
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(
            '{% extends "base.html" %}\n{% block announce %}' + banner + "{% endblock %}\n",
            encoding="utf-8",
        )
        _png(folder / "posts" / "rants" / "chart.png", size, "#336699")
        steps.append(folder)
    kept = [_same_as_clean(tmp_path, f"step {n}", n, work, step) for n, step in enumerate(steps)]
    assert kept[1][0] == 0  # the override is in every page: every page renders again
    assert "Second banner" in (tmp_path / "warm1" / "index.html").read_text(encoding="utf-8")
    shown = [p for p in (tmp_path / "warm2").rglob("*.html") if "A chart" in p.read_text("utf-8")]
    assert shown and all('width="900" height="900"' in p.read_text("utf-8") for p in shown)


def test_a_new_serve_process_starts_warm_from_the_page_cache(tmp_path):
    """The preview's kept outputs are on disk: a new `mkdocs serve` of the same files prints
    every page from there, and writes what the first process wrote."""
    folder = tmp_path / "steps" / "0"
    harness.write_site(folder, POSTS, PLUGIN, {})
    first = _kept(_drive(tmp_path / "work", tmp_path / "one", [folder]))
    again = _kept(_drive(tmp_path / "work", tmp_path / "two", [folder]))
    assert first[0][0] == 0 and first[0][1] > 5
    assert again == [(first[0][1], 0)]  # the new process renders no page
    assert harness.snapshot_tree(tmp_path / "two" / "0") == harness.snapshot_tree(
        tmp_path / "one" / "0"
    )


def _builds(output: str) -> list[str]:
    """The serve driver's log cut into one part per build."""
    return re.split(r"^INFO - Documentation built in .*$", output, flags=re.MULTILINE)[:-1]


def test_images_and_link_targets_changed_between_serve_builds_are_seen(tmp_path):
    """Within one serve build an image is looked at once however many pages show it, and the
    render cache keeps the entries it used in memory for the next build; neither may outlive
    the build: an image replaced (a new size, then new pixels at the same size) and a link
    target renamed between two saves show as a fresh serve process shows them."""
    posts = {
        **POSTS,
        "rants/one.md": POSTS["rants/one.md"] + "\n\n![A chart](chart.png)\n",
        "about.md": POSTS["about.md"] + "\n![Shared](img/shared.png)\n",
        "case-studies/two.md": POSTS["case-studies/two.md"] + "\n![Shared](../img/shared.png)\n",
    }
    images = [  # (chart, shared) for each save
        (((1200, 600), "#336699"), ((800, 400), "#aa3300")),
        (((900, 900), "#336699"), ((800, 400), "#aa3300")),
        (((900, 900), "#336699"), ((800, 400), "#00aa33")),
        (((900, 900), "#336699"), ((800, 400), "#00aa33")),
    ]
    steps = []
    for n, (chart, shared) in enumerate(images):
        if n == 3:  # about.md and one.md now link to a file that is gone
            posts["case-studies/renamed.md"] = posts.pop("case-studies/two.md")
        folder = tmp_path / "steps" / str(n)
        harness.write_site(folder, posts, PLUGIN, {})
        _png(folder / "posts" / "rants" / "chart.png", *chart)
        _png(folder / "posts" / "img" / "shared.png", *shared)
        steps.append(folder)
    session = _builds(_drive(tmp_path / "work", tmp_path / "inc", steps))
    assert len(session) == len(steps)
    copies = []
    for n, step in enumerate(steps):
        fresh = _builds(_drive(tmp_path / f"clean-work{n}", tmp_path / f"clean{n}", [step]))
        mine = harness.snapshot_tree(tmp_path / "inc" / str(n))
        assert mine == harness.snapshot_tree(tmp_path / f"clean{n}" / "0"), f"step {n}"
        warnings = [line for line in session[n].splitlines() if line.startswith("WARNING")]
        assert warnings == [line for line in fresh[0].splitlines() if line.startswith("WARNING")]
        copies.append(sorted(k for k in mine if k.startswith("assets/images/")))
        assert ("render cache: 0 pages reused" in session[n]) == (n == 0), session[n]
    chart = (tmp_path / "inc" / "1" / "2025" / "one" / "index.html").read_text("utf-8")
    assert 'width="900" height="900"' in chart
    assert copies[1] != copies[0] and copies[2] != copies[1]  # new pixels: new copies
    assert any("case-studies/two.md" in line for line in session[3].splitlines()), session[3]
