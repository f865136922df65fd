"""Planning under `mkdocs serve` reuses the last build's results where an edit cannot change them
(related articles, each body's SEO facts, each river item's check, identity and topics): after
each edit in a list that touches exactly what those results are keyed on, the site a serve
session writes is byte-for-byte the site a fresh serve process writes from the same files, and
the session logs the content warnings a fresh build logs.

Both sides run `serve_driver.py` (see `test_incremental.py`): the session builds every step in
one process, the fresh side builds each step in a new process.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import harness
from harness import article

NOW = "2026-01-15T12:00:00+00:00"
FEED = "posts/feeds/blog.xml"  # under posts/: the driver copies posts/ and mkdocs.yml per step
VOCABULARY = {
    "pricing": {"title": "Pricing", "synonyms": ["price talks"]},
    "discounts": {"title": "Discounts", "parent": "pricing"},
    "discovery": {"title": "Discovery"},
}
WORDS = "buyers budget margin discount renewal procurement forecast pipeline"


def _plugin(vocabulary: dict) -> dict:
    source = {"name": "Deal Notes", "feed": FEED, "site": "https://deals.example/",
              "topics": ["discovery"], "max_age_days": None}  # fmt: skip
    return {
        "topics": {"vocabulary": vocabulary, "related": 3},
        "aggregator": {"sources": [source]},
    }


def _feed(items: list[tuple[str, str, str]]) -> str:
    """RSS with (title, category, text) items, newest first, dated before NOW."""
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>https://deals.example/{n}/</link>"
        f"<guid>https://deals.example/{n}/</guid><pubDate>{10 - n:02d} Jan 2026 09:00:00 GMT</pubDate>"
        f"<category>{escape(category)}</category><description>{escape(text)}</description></item>"
        for n, (title, category, text) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Deal Notes</title><link>https://deals.example/</link>"
        f"<description>Notes.</description>{entries}</channel></rss>"
    )


ITEMS = [
    ("Price talks that hold", "Pricing", "How to hold a price."),
    ("Asking better questions", "Questions", "Discovery starts with a question about budget."),
    ("A note on renewals", "Misc", "Renewal season."),
]


def _posts() -> dict[str, str]:
    posts = {
        "index.md": "---\ntitle: Ana Ruiz\ntype: page\n---\nI write about pricing.\n",
        FEED.removeprefix("posts/"): _feed(ITEMS),
    }
    for n in range(8):
        topics = ["pricing", "discounts", "discovery"][n % 3]
        words = " ".join(WORDS.split()[n % 4 : n % 4 + 4])
        posts[f"rants/post-{n}.md"] = article(
            f"Post {n} on {words.split()[0]}", f"2025-0{n + 1}-01", "rant",
            f"topics: [{topics}]", f"description: About {words}.",
            body=f"{words} {words}.\n\n## More\n\nThe {words.split()[-1]} again.",
        )  # fmt: skip
    return posts


def _steps(tmp: Path) -> list[tuple[str, Path]]:
    posts, vocabulary, steps = _posts(), dict(VOCABULARY), []

    def step(name: str) -> None:
        folder = tmp / "steps" / f"{len(steps):02d}"
        harness.write_site(folder, posts, _plugin(vocabulary))
        steps.append((name, folder))

    def edit(path: str, old: str, new: str) -> None:
        assert old in posts[path], (path, old)
        posts[path] = posts[path].replace(old, new, 1)

    step("first build")
    edit("rants/post-1.md", "## More", "forecast pipeline forecast pipeline renewal.\n\n## More")
    step("a body that changes related articles")
    edit("rants/post-2.md", "description: About", "description: All about forecast and")
    step("a description")
    edit("rants/post-3.md", "topics: [pricing]", "topics: [discovery, discounts]")
    step("only the topics")
    edit("rants/post-4.md", "## More", "![](chart.png)\n\n# A second title\n\n## More")
    step("an image without alt text and an h1")
    posts[FEED.removeprefix("posts/")] = _feed(
        [("New: budget questions", "Discovery", "Ask about budget first."), *ITEMS]
    )
    step("the local feed file")
    vocabulary["discounts"] = {**vocabulary["discounts"], "synonyms": ["misc"]}
    step("the vocabulary (the river is classified again)")
    posts["rants/post-9.md"] = article("Post 9", "2025-12-01", "rant", body=f"{WORDS}.")
    step("a new post")
    return steps


def _warnings(output: str) -> list[list[str]]:
    """The content warnings of each build, in order (a build's lines end with 'build N done')."""
    builds: list[list[str]] = [[]]
    for line in output.splitlines():
        if line.startswith("build ") and line.endswith(" done"):
            builds.append([])
        elif line.startswith("WARNING") and "posts/" in line:
            builds[-1].append(line)
    return builds[:-1]


def test_each_serve_rebuild_plans_what_a_fresh_serve_build_plans(tmp_path):
    steps = _steps(tmp_path)
    output, fresh = harness.serve_against_fresh(tmp_path, steps, now=NOW)
    session = _warnings(output)
    assert len(session) == len(steps), output
    for n, (name, _) in enumerate(steps):
        (fresh_warnings,) = _warnings(fresh[n])
        assert session[n] == fresh_warnings, name
    image_step = [name for name, _ in steps].index("an image without alt text and an h1")
    assert any("alt" in line for line in session[image_step]), session[image_step]
    assert not any("alt" in line for line in session[image_step - 1])
    river = (tmp_path / "inc" / str(len(steps) - 2) / "around-the-web" / "index.html").read_text()
    assert "New: budget questions" in river
