"""Link helpers of the core: the site path a link leads to, and dropping links to drafts."""

from __future__ import annotations

import pytest

from soapbox.core.text import unlink
from soapbox.core.urls import site_path


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
