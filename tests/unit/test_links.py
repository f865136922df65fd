"""The configured-link check of core/links.py, table-driven."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from soapbox.core.links import (
    LinkCheck,
    configured_links,
    configured_options,
    hire_me_shown,
    in_site,
    internal_target,
    page_exists,
    page_name,
    plan_links,
)


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


# --- the build's plan of configured links (core.links.plan_links and friends) ------------------


def _config(hire_url: str = "hire-me/", *, hire: bool = True, promo: str = "") -> SimpleNamespace:
    off = SimpleNamespace(enabled=False)
    return SimpleNamespace(
        hire_me=SimpleNamespace(enabled=hire, url=hire_url),
        engagement=SimpleNamespace(
            promo=SimpleNamespace(enabled=bool(promo), url=promo), newsletter=off
        ),
        feeds=SimpleNamespace(email_signup_url=""),
        authors={"maren": SimpleNamespace(url="about/"), "guest": SimpleNamespace(url="")},
    )


@pytest.mark.parametrize(
    ("config", "known", "shown", "note"),
    [
        (_config(), {"hire-me/"}, True, ""),
        (_config("https://cal.example/maren"), set(), True, ""),  # a full URL leads somewhere
        (_config(hire=False), {"hire-me/"}, False, ""),
        (_config(), set(), False, "there is no page at '/hire-me/'"),
    ],
)
def test_hire_me_is_shown_only_when_its_link_leads_somewhere(config, known, shown, note):
    show, why = hire_me_shown(config.hire_me, known)
    assert show is shown and (note in why if note else why == "")


def test_plan_links_checks_the_options_the_pages_may_print():
    show, check, note = plan_links(_config(promo="/course/"), {"hire-me/"})
    assert show and note == ""
    assert check.targets == {"hire-me/": "hire_me.url", "course/": "engagement.promo.url", "about/": "authors.maren.url"}  # fmt: skip
    hidden = configured_options(_config(), hire_me=False)
    assert "hire_me.url" not in hidden and "authors.guest.url" not in hidden


def test_page_names_and_the_built_sites_files(tmp_path):
    assert page_name("posts", "rants/a.md", "rants/a/", generated=False) == "posts/rants/a.md"
    assert page_name("posts", "x.md", "rants/page/2/", generated=True) == (
        "the generated page '/rants/page/2/'"
    )
    (tmp_path / "hire-me").mkdir()
    (tmp_path / "hire-me" / "index.html").write_text("<p>hi</p>")
    (tmp_path / "feed.xml").write_text("<rss/>")
    exists = in_site(tmp_path)
    assert exists("hire-me/") and exists("hire-me") and exists("feed.xml")
    assert not exists("") and not exists("about/") and not exists("feed.json")


def test_an_href_is_unescaped_before_it_is_resolved():
    check = LinkCheck({"hire-me/": "hire_me.url"})
    check.scan('<a href="../../hire-me/?talk=a&amp;b=&#39;c&#39;">x</a>', "rants/x/", "posts/x.md")
    assert check.seen == {"hire-me/": ["posts/x.md"]}
