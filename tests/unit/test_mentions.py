"""soapbox.core.reach.mentions: hostile Webmention payloads reduced to plain text and http(s)
URLs, grouping by article, and the snapshot that keeps the last good mentions."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from soapbox.core.reach import mentions

TARGET = "https://s.example/an-article/"


def entry(**fields) -> dict:
    base = {
        "type": "entry",
        "author": {"type": "card", "name": "Ada", "url": "https://ada.example/"},
        "url": "https://ada.example/reply/1",
        "published": "2026-02-01T10:00:00+00:00",
        "wm-target": TARGET,
        "wm-property": "in-reply-to",
        "content": {"text": "Good point."},
    }
    base.update(fields)
    return base


def parse(*entries: object) -> list[mentions.Mention]:
    return mentions.parse(json.dumps({"type": "feed", "children": list(entries)}).encode())


def test_a_reply_is_read():
    [m] = parse(entry())
    assert m == mentions.Mention(
        target="https://s.example/an-article",
        source="https://ada.example/reply/1",
        author="Ada",
        author_url="https://ada.example/",
        kind="replied",
        published="2026-02-01T10:00:00+00:00",
        excerpt="Good point.",
    )


def test_hostile_entries_lose_scripts_and_unsafe_links():
    found = parse(
        entry(
            author={
                "name": "<img src=x onerror=alert(1)>Eve<script>alert(2)</script>",
                "url": "javascript:alert(3)",
            },
            content={"html": "<p>Hi <script>alert(4)</script><a href='javascript:x'>there</a></p>"},
            published="<script>",
        ),  # fmt: skip
        entry(url="javascript:alert(5)"),  # no usable source: dropped
        entry(**{"wm-target": "data:text/html,<script>"}),  # no usable target: dropped
        entry(url="http://127.0.0.1/internal"),  # a private address: dropped
        "not an object",
        entry(author="a string", content=["a list"], **{"wm-property": "<b>"}),
    )
    assert len(found) == 2
    eve, odd = found
    assert eve.author == "Eve" and eve.author_url == "" and eve.published == ""
    assert eve.excerpt == "Hi there"
    for value in (eve.author, eve.excerpt, eve.source):
        assert "<" not in value and "script" not in value and "javascript" not in value
    assert odd.author == "ada.example" and odd.excerpt == "" and odd.kind == "mentioned"


def test_huge_payloads_are_bounded():
    long_text = "word " * 100_000
    many = [entry(url=f"https://ada.example/r/{i}") for i in range(mentions.MAX_MENTIONS + 10)]
    found = parse(entry(content={"text": long_text}), *many)
    assert len(found) == mentions.MAX_MENTIONS
    assert len(found[0].excerpt) <= mentions.MAX_EXCERPT
    grouped = mentions.by_target(found)
    assert len(grouped["https://s.example/an-article"]) == mentions.MAX_PER_ARTICLE
    with pytest.raises(ValueError, match="is not JSON"):
        mentions.parse(b"[" * 100_000)  # nesting deep enough to exhaust the parser
    with pytest.raises(ValueError, match="is not a list of mentions"):
        mentions.parse(b'{"children": "x"}')


def test_grouping_normalises_targets_and_keeps_each_source_once():
    found = parse(
        entry(published="2026-01-01"),
        entry(**{"wm-target": "http://S.example/an-article?utm=1#top"}, published="2026-01-01"),
        entry(url="https://bob.example/", published="2026-03-01", **{"wm-property": "like-of"}),
    )
    [(target, listed)] = mentions.by_target(found).items()
    assert target == mentions.normalise(TARGET)
    assert [(m.source, m.kind) for m in listed] == [
        ("https://bob.example/", "liked"),
        ("https://ada.example/reply/1", "replied"),
    ]


def test_snapshot_round_trip_and_corrupt_file(tmp_path):
    found = parse(entry())
    mentions.save(found, tmp_path, datetime(2026, 2, 2, tzinfo=UTC))
    assert mentions.load(tmp_path) == (found, "")
    (tmp_path / mentions.FILE_NAME).write_text("{broken", encoding="utf-8")
    loaded, problem = mentions.load(tmp_path)
    assert loaded == [] and "cannot be read" in problem
    assert mentions.load(tmp_path / "missing") == ([], "")


def test_api_token_stays_out_of_the_log():
    assert mentions.shown("https://wm.example/api/mentions.jf2?domain=d&token=SECRET") == (
        "https://wm.example/api/mentions.jf2?…"
    )
