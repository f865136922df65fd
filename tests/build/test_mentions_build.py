"""Mentions in real builds, from a webmention.io-style JSON API on 127.0.0.1: shown under the
article, hostile ones made harmless, and the last good mentions kept when the API fails, answers
garbage or sends too much; a build without the option shows no section."""

from __future__ import annotations

import json

from feedserver import FeedServer, respond, status
from harness import article, build, write_site

NOW = "2026-03-01T12:00:00+00:00"
TARGET = "https://example.test/stop-demoing/"
POSTS = {
    "stop-demoing.md": article("Stop demoing", "2026-01-10", "rant", body="Ask first."),
    "other.md": article("Other", "2026-01-11", "rant", body="Nothing here."),
}


def payload(*entries: dict) -> bytes:
    return json.dumps({"type": "feed", "children": list(entries)}).encode()


GOOD = payload(
    {
        "author": {"name": "Ada Lovelace", "url": "https://ada.example/"},
        "url": "https://ada.example/notes/1",
        "published": "2026-02-01T10:00:00Z",
        "wm-target": TARGET,
        "wm-property": "in-reply-to",
        "content": {"text": "Asking first & listening <is> the job."},
    },
    {
        "author": {"name": "<script>alert('name')</script>Eve", "url": "javascript:alert(1)"},
        "url": "https://eve.example/post",
        "wm-target": TARGET,
        "wm-property": "mention-of",
        "content": {"html": "<img src=x onerror=alert(2)><b>bold</b> <script>alert(3)</script>"},
    },
    {"author": {"name": "Mallory"}, "url": "javascript:alert(4)", "wm-target": TARGET},
)


def json_route(body: bytes):
    def handle(handler) -> None:
        respond(handler, 200, body, {"Content-Type": "application/json"})

    return handle


def _build(root, api: str | None, env: dict[str, str] | None = None):
    plugin = {"reach": {"mentions": api}} if api else {}
    config = write_site(root, POSTS, plugin)
    return build(config, root / "site", now=NOW, env=env).assert_ok()


def _section(result):
    return result.html("stop-demoing/index.html").select_one("section.sb-mentions")


def test_mentions_are_shown_safely_and_survive_a_failing_api(tmp_path):
    with FeedServer() as server:
        api = server.route("/api/mentions.jf2", json_route(GOOD)) + "?token=SECRET"
        first = _build(tmp_path, api, env={"SOAPBOX_OFFLINE": "0"})
        assert "Mentions: fetched 2 mention(s)" in first.output
        assert "SECRET" not in first.output
        section = _section(first)
        assert section is not None and section.h2.get_text() == "Mentions"
        items = section.select("li")
        assert len(items) == 2
        ada = items[0]
        assert ada.select_one("a.p-author")["href"] == "https://ada.example/"
        assert ada.select_one("a.p-author")["rel"] == ["nofollow", "noopener", "ugc"]
        assert ada.select_one(".sb-mentions__excerpt").get_text() == (
            "Asking first & listening <is> the job."
        )
        assert ada.select_one("a.u-url")["href"] == "https://ada.example/notes/1"
        eve = items[1]
        assert eve.select_one(".p-author").name == "span"  # its javascript: link is gone
        assert eve.select_one(".p-author").get_text() == "Eve"
        assert eve.select_one(".sb-mentions__excerpt").get_text() == "bold"
        html = str(section)
        assert "<script" not in html and "javascript:" not in html and "onerror" not in html
        assert _section(first).find_parent("body") is not None
        assert first.html("other/index.html").select_one("section.sb-mentions") is None

        # The API fails, answers garbage, sends too much: the build passes, the mentions stay.
        for route in (
            status(500),
            json_route(b"<html>not json</html>"),
            json_route(b'{"children": [' + b'{"x": "' + b"a" * (3 * 1024 * 1024) + b'"}]}'),
        ):
            server.route("/api/mentions.jf2", route)
            again = _build(tmp_path, api, env={"SOAPBOX_OFFLINE": "0"})
            assert "the last 2 mention(s) stay" in again.output
            assert "SECRET" not in again.output
            assert len(_section(again).select("li")) == 2

        # Offline (the harness's default) builds from the snapshot without asking the API.
        asked = len(server.requests("/api/mentions.jf2"))
        offline = _build(tmp_path, api)
        assert len(server.requests("/api/mentions.jf2")) == asked
        assert len(_section(offline).select("li")) == 2


def test_no_option_no_section_and_no_request(tmp_path):
    result = _build(tmp_path, None, env={"SOAPBOX_OFFLINE": "0"})
    assert _section(result) is None
    assert "Mentions" not in result.output
