"""The configured-link check of core/links.py, table-driven."""

from __future__ import annotations

import pytest

from soapbox.core.links import LinkCheck, configured_links, internal_target, page_exists


@pytest.mark.parametrize(
    ("url", "page", "expected"),
    [
        ("hire-me/", "", "hire-me/"),
        ("../hire-me/", "rants/x/", "rants/hire-me/"),
        ("../../hire-me/", "rants/x/", "hire-me/"),
        ("/hire-me/?talk=a#booking", "rants/x/", "hire-me/"),
        ("feed.xml", "", "feed.xml"),
        ("./", "", ""),
        ("..", "a/", ""),
        ("https://example.com/hire-me/", "", None),
        ("//cdn.example.com/x", "", None),
        ("mailto:ana@example.com", "", None),
        ("#top", "a/", None),
        ("", "", None),
        ("caf%C3%A9/", "", "café/"),
    ],
)
def test_internal_target(url, page, expected):
    assert internal_target(url, page) == expected


def test_configured_links_keep_internal_ones_and_the_first_option_per_target():
    links = configured_links(
        {"hire_me.url": "hire-me/", "engagement.promo.url": "/hire-me/",
         "authors.ana.url": "https://ana.example.com/", "feeds.email_signup_url": ""}
    )  # fmt: skip
    assert links == {"hire-me/": "hire_me.url"}


def test_page_exists_for_pages_and_files():
    known = {"", "hire-me/", "feed.xml"}
    assert page_exists("hire-me/", known)
    assert page_exists("hire-me", known)
    assert page_exists("hire-me/index.html", known)
    assert page_exists("feed.xml", known)
    assert not page_exists("about/", known)


def test_the_check_names_the_first_page_the_count_and_the_option():
    check = LinkCheck({"hire-me/": "engagement.promo.url"})
    html = (
        '<a class="x" href="../hire-me/">a</a> <a href=\'../hire-me/#f\'>b</a>'
        + '<a href="/y/">c</a>'
    )
    check.scan(html, "one/", "posts/one.md")
    check.scan(html, "two/", "posts/two.md")
    check.scan('<a href="hire-me/">x</a>', "", "posts/index.md")
    problems = check.problems(lambda target: False)
    assert [str(p) for p in problems] == [
        "posts/one.md: links to '/hire-me/' (and 2 other pages), which is not a page of this"
        " site; the link comes from 'engagement.promo.url' in mkdocs.yml: create that page, point"
        " 'engagement.promo.url' at one that exists, or turn the feature off"
    ]
    assert check.problems(lambda target: True) == []


def test_the_home_page_as_a_target_and_links_from_every_depth():
    check = LinkCheck({"": "engagement.promo.url", "a/b/": "authors.ana.url"})
    check.scan('<a href="../">home</a><a href="../a/b/">b</a>', "x/", "posts/x.md")
    check.scan('<a href="../../">home</a><a href="../../a/b/">b</a>', "y/z/", "posts/y/z.md")
    check.scan('<a href="./">home</a>', "", "posts/index.md")
    assert check.seen == {
        "": ["posts/x.md", "posts/y/z.md", "posts/index.md"],
        "a/b/": ["posts/x.md", "posts/y/z.md"],
    }
    assert [p.path for p in check.problems(lambda target: target == "")] == ["posts/x.md"]
