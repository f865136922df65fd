"""Hostile mentions in a real browser: the article with them loads, shows the Mentions section,
runs none of their scripts (no dialog, no error, no global set) and requests nothing remote."""

from __future__ import annotations

import json

from feedserver import FeedServer, respond
from harness import article, build, write_site

NOW = "2026-03-01T12:00:00+00:00"
TARGET = "https://example.test/stop-demoing/"

HOSTILE = [
    {
        "author": {
            "name": '<img src=x onerror="window.pwned=1">Eve',
            "url": "javascript:window.pwned=2",
        },
        "url": "https://eve.example/post",
        "wm-target": TARGET,
        "content": {
            "html": '<script>window.pwned=3</script><svg onload="window.pwned=4"></svg>'
            '<a href="javascript:window.pwned=5">click</a> plain words'
        },
    },
    {
        "author": {"name": '"><script>alert(1)</script>', "url": "https://ok.example/"},
        "url": "https://ok.example/note",
        "wm-target": TARGET,
        "content": {"text": "</p><script>alert(2)</script>"},
    },
]


def test_hostile_mentions_run_nothing(tmp_path, serve, page):
    body = json.dumps({"children": HOSTILE}).encode()
    with FeedServer() as server:
        api = server.route(
            "/mentions.jf2",
            lambda handler: respond(handler, 200, body, {"Content-Type": "application/json"}),
        )
        config = write_site(
            tmp_path,
            {"stop-demoing.md": article("Stop demoing", "2026-01-10", body="Ask first.")},
            {"reach": {"mentions": api}},
            {"theme": {"name": "material", "font": False}},  # no request to a font CDN
        )
        result = build(config, tmp_path / "site", now=NOW, env={"SOAPBOX_OFFLINE": "0"})
        result.assert_ok()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(serve(result.site) + "stop-demoing/")
    assert response is not None and response.ok
    section = page.locator("section.sb-mentions")
    assert section.is_visible()
    assert section.locator("li").count() == 2
    text = section.inner_text()
    assert "Eve" in text and "click plain words" in text and "https://ok.example/note" in text
    assert "alert" not in text and "pwned" not in text  # script bodies are dropped, not shown
    for link in section.locator("a").all():
        assert (link.get_attribute("href") or "").startswith("https://")
    assert page.evaluate("window.pwned === undefined")
    assert dialogs == []
    assert page.console_errors == []
    assert page.blocked_requests == []
