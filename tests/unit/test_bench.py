"""The benchmark's synthetic site is deterministic and shaped like a real one, and the report
turns measurements into the right table rows and target verdicts (no timing is asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

import harness
from soapbox.bench import run as bench
from soapbox.bench import site as sites
from soapbox.core.content import ContentSettings, parse_post
from soapbox.core.topics import Topic, build_vocabulary


def generate(root: Path, posts: int = 20, seed: int = 2026) -> Path:
    sites.generate(sites.Spec(posts, seed=seed), root)
    return root


def test_same_parameters_give_byte_identical_sites(tmp_path):
    first = harness.snapshot_tree(generate(tmp_path / "a"))
    second = harness.snapshot_tree(generate(tmp_path / "b"))
    assert first == second
    assert (
        len([p for p in first if p.startswith("docs/") and p.endswith(".md")]) == 20 + 3
    )  # + home, about, hire-me


def test_another_seed_gives_another_site(tmp_path):
    first = harness.snapshot_tree(generate(tmp_path / "a", seed=1))
    second = harness.snapshot_tree(generate(tmp_path / "b", seed=2))
    assert first != second


def test_cache_key_changes_with_every_parameter():
    keys = {
        sites.Spec(20).key,
        sites.Spec(21).key,
        sites.Spec(20, seed=3).key,
        sites.Spec(20, sources=5).key,
    }
    assert len(keys) == 4


def test_posts_are_realistic_articles_soapbox_accepts(tmp_path):
    root = generate(tmp_path / "site", posts=40)
    settings = ContentSettings(
        display_root="docs", authors={sites.AUTHOR: None}, extra_fields=frozenset({"speaker"})
    )
    files = sorted((root / "docs").rglob("*.md"))
    known = frozenset(
        p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*") if p.is_file()
    )
    types, words, linked, imaged = set(), [], 0, 0
    for path in files:
        src_uri = path.relative_to(root / "docs").as_posix()
        source = path.read_text(encoding="utf-8")
        post, problems = parse_post(src_uri, source, settings, known)
        assert post is not None, problems
        assert not problems, problems
        if post.is_article:
            types.add(post.type)
            words.append(post.words)
            linked += ".md)" in source
            imaged += "](../images/" in source
    assert types == {"rant", "case-study", "speaker"}
    assert min(words) >= 700 and max(words) <= 1800, (min(words), max(words))
    assert linked >= 30 and imaged >= 5


def test_vocabulary_has_sixty_topics_with_synonyms_and_parents():
    topics = [
        Topic(slug, title, parent=parent, synonyms=syn) for slug, title, parent, syn in sites.TOPICS
    ]
    vocabulary, problems = build_vocabulary(topics, strict=True)
    assert not problems
    assert len(vocabulary.topics) == 60
    assert sum(1 for t in topics if t.parent) == 48
    assert all(t.synonyms for t in topics)


def test_hire_me_page_carries_speaker_data_like_the_sample(tmp_path):
    root = generate(tmp_path / "site")
    text = (root / "docs" / "hire-me.md").read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
    sample = yaml.safe_load(
        (harness.REPO / "posts" / "hire-me.md")
        .read_text(encoding="utf-8")
        .split("\n---\n", 1)[0][4:]
    )
    assert set(data["speaker"]) == set(sample["speaker"])
    assert len(data["speaker"]["talks"]) == 8 and len(data["speaker"]["appearances"]) == 40


def test_blog_copy_has_what_materials_blog_plugin_needs(tmp_path):
    root = generate(tmp_path / "site")
    posts = sorted((root / "blog-docs" / "blog" / "posts").rglob("*.md"))
    assert len(posts) == 20
    for path in posts:
        text = path.read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))
        assert "created" in front["date"] and front["tags"] and front["categories"]
        assert not set(front) & set(sites.SOAPBOX_ONLY)
        assert "<!-- more -->" in text
    assert (root / "blog-docs" / "tags.md").read_text().count("<!-- material/tags -->") == 1


def test_aggregator_sources_are_valid_rss(tmp_path):
    import feedparser

    root = generate(tmp_path / "site")
    feeds = sorted((root / "sources").glob("*.xml"))
    assert len(feeds) == 50
    parsed = feedparser.parse(feeds[0].read_bytes())
    assert not parsed.bozo and len(parsed.entries) == 20


def test_feature_switches_shape_the_plugin_options():
    assert "seo" not in sites.soapbox_options({})
    on = sites.soapbox_options({"seo": True, "aggregator": True})
    assert on["seo"]["cards"]["enabled"] is True
    assert len(on["aggregator"]["sources"]) == 50
    off = sites.soapbox_options({"seo": False, "aggregator": False})
    assert off["seo"] == {"enabled": False} and "aggregator" not in off
    # The one-process config differs from the Soapbox config only in `performance.workers`.
    features = {"seo": True, "render_cache": True}
    alone = sites.alone_options(features)
    assert alone["performance"] == {"render_cache": True, "workers": 1}
    assert {k: v for k, v in alone.items() if k != "performance"} == {
        k: v for k, v in sites.soapbox_options(features).items() if k != "performance"
    }


# --- measuring and reporting ---------------------------------------------------------------------


def test_measure_reports_the_child_alone(tmp_path):
    code = (
        "x = [0] * 20_000_000\nimport time\nt = time.process_time()\n"
        "while time.process_time() - t < 0.2: pass"
    )
    m = bench.measure([sys.executable, "-c", code], cwd=tmp_path, log=tmp_path / "log", env={})
    assert m.cpu >= 0.2
    assert m.wall >= m.cpu * 0.5
    assert 150 <= m.peak_mb < 1000  # 20 million list slots are 160 MB


def test_measure_names_the_log_of_a_failed_build(tmp_path):
    with pytest.raises(bench.BuildFailed, match="exit code 3; last lines of .*log.*\n  boom"):
        bench.measure(
            [sys.executable, "-c", "print('boom'); raise SystemExit(3)"],
            cwd=tmp_path,
            log=tmp_path / "log",
            env={},
        )


def result(
    setup: str, posts: int, wall: float, cpu: float | None = None, peak: float = 200
) -> bench.Result:
    return bench.Result(
        setup, posts, pages=posts, runs=[bench.Measurement(wall, cpu or wall, peak)]
    )


def verdicts(results) -> dict[str, tuple[str, str]]:
    return {
        c.target.split(":")[0].split(" ≤")[0]: (c.verdict, c.value) for c in bench.checks(results)
    }


def test_targets_pass_and_fail_on_the_ratios():
    results = [
        result("soapbox-cold", 1000, 12.0),
        result("soapbox", 1000, 10.0),
        result("material", 1000, 10.5),
        result("blog", 1000, 40.0),
        result("soapbox", 5000, 56.0, peak=1500),
    ]
    found = bench.checks(results)
    assert [c.verdict for c in found] == ["PASS", "PASS", "FAIL", "FAIL", "PASS", "PASS"]
    assert found[0].value == "0.95× wall (0.95× CPU)"
    assert found[2].value.startswith("5.60× wall")
    assert found[3].value == "1500 MB at 5,000 posts"
    assert "cold: Soapbox ≤ 1.5× plain Material" in found[4].target
    assert found[4].value == "1.14× wall (1.14× CPU)"


def test_warm_above_plain_material_fails_and_cold_above_one_and_a_half_fails():
    results = [
        result("soapbox-cold", 1000, 16.0),
        result("soapbox", 1000, 10.5),
        result("material", 1000, 10.0),
    ]
    found = bench.checks(results)
    assert (found[0].verdict, found[0].value) == ("FAIL", "1.05× wall (1.05× CPU)")
    assert (found[4].verdict, found[4].value) == ("FAIL", "1.60× wall (1.60× CPU)")


def test_cold_cards_compare_with_the_warm_build_that_converts_every_page_too():
    # A cold run also empties the render cache: the card target reads against the warm build
    # without the render cache, and the saving of the cache is printed on its own line.
    results = [
        result("soapbox-cold", 1000, 12.0),
        result("soapbox", 1000, 6.0, cpu=5.0),
        result("soapbox-nocache", 1000, 10.0),
        result("material", 1000, 9.5),
    ]
    cold = next(c for c in bench.checks(results) if "cold social cards" in c.target)
    assert (cold.verdict, cold.value) == ("PASS", "1.20× wall (1.20× CPU)")
    assert bench.render_cache_lines(results) == [
        "Render and page caches, 1,000 posts: the warm build takes 0.60× the wall time"
        " (0.50× the CPU time) of the same build without it"
    ]
    assert bench.render_cache_lines(results[:2]) == []


def test_the_saving_of_the_worker_processes_is_printed_on_its_own_line():
    results = [
        result("soapbox-cold", 1000, 14.0, cpu=20.0),
        result("soapbox-cold-alone", 1000, 20.0),
        result("soapbox", 1000, 10.0),
    ]
    assert bench.workers_lines(results) == [
        "Worker processes, 1,000 posts: the cold build takes 0.70× the wall time (1.00× the CPU"
        " time) of the same build in one process (workers: 1)"
    ]
    assert bench.workers_lines([results[0], results[2]]) == []
    assert bench.SETUP_TITLES["soapbox-cold-alone"] == "Soapbox, cold, one process"


def test_targets_without_their_measurements_are_not_applicable():
    found = bench.checks([result("soapbox", 100, 1.0)])
    assert [c.verdict for c in found] == ["n/a", "n/a", "n/a", "PASS", "n/a", "n/a"]
    assert "needs --sizes with 1000" in found[0].value
    assert found[3].value == "200 MB at 100 posts (not 5,000)"


def test_table_shows_medians_ratios_and_what_was_not_measured():
    runs = [bench.Measurement(w, w, 100) for w in (3.0, 1.0, 2.0)]
    results = [
        bench.Result("soapbox", 100, pages=200, runs=runs),
        result("material", 100, 1.0),
        bench.Result("blog", 100, error="not installed: mkdocs_rss_plugin"),
    ]
    text = bench.table(results, 3)
    soapbox_row = next(line for line in text.splitlines() if line.startswith("| Soapbox"))
    assert [c.strip() for c in soapbox_row.strip("|").split("|")] == [
        "Soapbox, warm caches",
        "100",
        "200",
        "2.00",
        "2.00",
        "100",
        "100",
        "2.00",
        "2.00",
    ]
    assert "Material blog+tags+rss, 100 posts: not installed: mkdocs_rss_plugin" in text


def test_sizes_option_rejects_nonsense():
    import argparse

    assert bench._sizes("100,1_000") == (100, 1000)
    for bad in ("", "ten", "0,100"):
        with pytest.raises(argparse.ArgumentTypeError):
            bench._sizes(bad)
