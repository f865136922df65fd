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


def test_new_post_is_a_draft_then_placeholders_warn_then_it_builds_at_the_printed_url(
    tmp_path, soapbox
):
    """The authoring loop: `soapbox new` writes a draft; published with the skeleton's text still
    in it, every placeholder line is a warning (file:line); with the author's text it builds."""
    config = make_site(tmp_path, {"index.md": "# Home\n"})
    title = 'Why "discounts" fail: a rant #1'
    code, out, err = soapbox(
        "new", title, "--type", "rant", "--topics", "pricing, negotiation,", "-f", config
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Created posts/rants/why-discounts-fail-a-rant-1.md",
        "URL: https://example.test/why-discounts-fail-a-rant-1/",
        "Draft: 'mkdocs serve' previews it; builds leave it out until you replace the placeholder"
        " text and delete the line 'draft: true'.",
    ]
    path = tmp_path / "site/posts/rants/why-discounts-fail-a-rant-1.md"
    written = path.read_text(encoding="utf-8")
    assert written.startswith(
        "---\n"
        "title: 'Why \"discounts\" fail: a rant #1'\n"
        "date: 2026-11-22 13:00\n"
        "type: rant\n"
        "topics: [pricing, negotiation]\n"
        "# description: One or two sentences for listings, search results and link previews.\n"
        "draft: true\n"
        "---\n\n"
    )
    code, out, _ = soapbox("check", "--strict", "-f", config)
    assert code == 0
    assert out.endswith(
        "soapbox check: 2 files, 0 errors, 0 warnings; 0 published, 0 scheduled, 1 draft\n"
    )

    published = written.replace("draft: true\n", "")
    path.write_text(published, encoding="utf-8")
    code, out, _ = soapbox("check", "--strict", "-f", config)
    assert code == 1
    lines = published.splitlines()
    placeholders = [
        f"posts/rants/why-discounts-fail-a-rant-1.md:{number}: the text still holds the"
        f" placeholder '{text}' from 'soapbox new'; write your own text, or mark the post"
        " 'draft: true' until it is ready"
        for number, text in enumerate(lines, start=1)
        if text and not text.startswith(("#", "-", "title", "date", "type", "topics"))
    ]
    assert len(placeholders) == 3
    assert [line for line in out.splitlines() if "placeholder" in line] == placeholders
    assert harness.build(Path(config), tmp_path / "strict", now=NOW).returncode == 1

    path.write_text(
        published.split("---\n\n")[0] + "---\n\nDiscounts teach buyers to wait.\n",
        encoding="utf-8",
    )
    code, out, _ = soapbox("check", "--strict", "-f", config)
    assert code == 0, out
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
