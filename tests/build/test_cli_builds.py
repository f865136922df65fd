"""`soapbox new` and `soapbox check` against real `mkdocs build` runs: a new post is published at
the URL `new` printed, and `check` reports exactly the problems the build reports. The commands run
in-process (tests/unit/test_cli.py has the rest of their behaviour); the builds in a subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest

import harness

article = harness.article

NOW = "2026-11-22T12:00:00+00:00"  # 13:00 in Berlin
BERLIN = {"authors": {"ana": {"name": "Ana Ruiz"}}, "content": {"timezone": "Europe/Berlin"}}


@pytest.fixture(autouse=True)
def pinned_now(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", harness.source_date_epoch(NOW))


def make_site(tmp_path: Path, posts) -> str:
    return str(harness.write_site(tmp_path / "site", posts, BERLIN))


def test_new_post_passes_check_and_builds_at_the_printed_url(tmp_path, soapbox):
    config = make_site(tmp_path, {"index.md": "# Home\n"})
    title = 'Why "discounts" fail: a rant #1'
    code, out, err = soapbox(
        "new", title, "--type", "rant", "--topics", "pricing, negotiation,", "-f", config
    )
    assert (code, err) == (0, "")
    assert (
        out
        == "Created posts/rants/why-discounts-fail-a-rant-1.md\nURL: https://example.test/why-discounts-fail-a-rant-1/\n"
    )
    written = (tmp_path / "site/posts/rants/why-discounts-fail-a-rant-1.md").read_text(
        encoding="utf-8"
    )
    assert written.startswith(
        "---\n"
        "title: 'Why \"discounts\" fail: a rant #1'\n"
        "date: 2026-11-22 13:00\n"
        "type: rant\n"
        "topics: [pricing, negotiation]\n"
        "# description: One or two sentences for listings, search results and link previews.\n"
        "---\n\n"
    )
    code, out, _ = soapbox("check", "--strict", "-f", config)
    assert code == 0
    assert out.endswith(
        "soapbox check: 2 files, 0 errors, 0 warnings; 1 published, 0 scheduled, 0 drafts\n"
    )

    result = harness.build(Path(config), tmp_path / "out", now=NOW)
    result.assert_ok()
    page = result.html("why-discounts-fail-a-rant-1/")
    assert page.select_one("h1").get_text() == title
    assert page.select_one(".sb-byline time")["datetime"] == "2026-11-22T13:00:00+01:00"


def test_check_and_the_build_report_the_same_problems(tmp_path, soapbox):
    """`soapbox check` repeats the build's validation; this keeps the two from drifting apart."""
    posts = {
        "rants/colon.md": "---\ntitle: Broken: colon\ndate: 2024-01-02\n---\nText\n",
        "rants/kind.md": article("Kind", "2024-01-03", "opinion"),
        "rants/typo.md": article(
            "Typo", "2024-01-02", "rant", "topcis: [pricing]", "image: nope.png"
        ),
        "rants/a.md": article("A", "2024-01-02", "rant", "slug: same"),
        "speaking/b.md": article(
            "B", "2024-01-02", "speaker", "slug: same", 'series: {name: "S", part: 1}'
        ),
        "speaking/c.md": article("C", "2024-01-03", "speaker", 'series: {name: "S", part: 1}'),
        "archive.md": "---\ntitle: Archive clash\n---\ntext\n",
    }
    config = make_site(tmp_path, posts)
    code, out, _ = soapbox("check", "-f", config)
    assert code == 1
    checked = {line for line in out.splitlines() if line.startswith("posts/")}
    build = harness.build(Path(config), tmp_path / "out", now=NOW, strict=False)
    assert build.returncode == 1
    built = set()
    for line in build.output.splitlines():
        if line.startswith("  posts/"):  # the build's list of errors
            built.add(line.strip())
        elif line.startswith("WARNING -  soapbox: posts/"):
            built.add(line.removeprefix("WARNING -  soapbox: "))
    assert checked == built, (sorted(checked), sorted(built))
    assert len(built) == 8
