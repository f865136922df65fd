"""An old address, opened in Chromium, lands on the post that moved (meta refresh, no script)."""

from __future__ import annotations

import harness

NOW = "2026-11-22T12:00:00+00:00"


def test_every_old_url_lands_on_the_new_page(page, serve, tmp_path):
    posts = {
        "rants/moved.md": harness.article(
            "Moved",
            "2024-03-12",
            "rant",
            "permalink: /2019/05/moved/",
            "aliases: [/blog/moved.html, /p/17/]",
        ),
        "index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
    }
    theme = {"theme": {"name": "material", "font": False}}  # no font CDN: nothing leaves 127.0.0.1
    config = harness.write_site(tmp_path / "src", posts, mkdocs=theme)
    result = harness.build(config, tmp_path / "site", now=NOW).assert_ok()
    base = serve(result.site)
    for old in ("2019/05/moved/", "blog/moved.html", "p/17/"):
        page.goto(base + old)
        page.wait_for_url(base + "moved/")
        assert page.locator("h1").first.inner_text() == "Moved"
    assert page.console_errors == []
    assert page.blocked_requests == []
