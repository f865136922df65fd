"""Link helpers of the core: where a configured link leads, and dropping links to drafts."""

from __future__ import annotations

import pytest

from soapbox.core.text import unlink
from soapbox.core.urls import leads_somewhere, site_path

PAGES = frozenset({"", "about/", "hire-me/", "legacy/index.html", "rants/page.html"})


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("hire-me/", True),
        ("/hire-me/", True),
        ("hire-me/#form", True),
        ("legacy/", True),
        ("rants/page.html", True),
        ("https://cal.example/book", True),
        ("//cdn.example/x", True),
        ("mailto:me@example.test", True),
        ("speaking/", False),
        ("hire-me", False),
        ("", True),  # the home page
    ],
)
def test_leads_somewhere(url, expected):
    assert leads_somewhere(url, PAGES) is expected


@pytest.mark.parametrize(
    ("page", "href", "expected"),
    [
        ("rants/x/", "../y/", "rants/y/"),
        ("rants/x/", "../../draft/#part", "draft/"),
        ("", "draft/?q=1", "draft/"),
        ("a/", "/b/", "b/"),
        ("a/", "#top", None),
        ("a/", "https://example.test/draft/", None),
        ("a/", "mailto:x@example.test", None),
    ],
)
def test_site_path(page, href, expected):
    assert site_path(page, href) == expected


def test_unlink_keeps_the_text_of_dead_links_only():
    html = (
        '<p>See <a href="../draft/">the <em>next</em> part</a>, '
        '<a class="x" href="../kept/">kept</a> and <a href="../draft/#a&amp;b">again</a>.</p>'
    )
    dead = {"../draft/", "../draft/#a&b"}
    assert unlink(html, dead.__contains__) == (
        '<p>See the <em>next</em> part, <a class="x" href="../kept/">kept</a> and again.</p>'
    )
    assert unlink(html, lambda href: False) == html
