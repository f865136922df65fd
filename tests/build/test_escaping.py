"""Escape at output: hostile strings from front matter and config build to inert attributes.

MkDocs' Jinja does not autoescape, so every value a template prints into an attribute must be
escaped there (`|e`). The probe is the classic attribute break-out: a double quote followed by
an event handler. The harness's build-invariant checker (no `on*` attribute anywhere) runs on
this build too, so a template that forgets `|e` fails here twice."""

from __future__ import annotations

import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"
IMAGE = 'https://example.com/a.png"onerror="alert(1)'
HIRE = 'https://example.com/book"onmouseover="alert(2)'
AVATAR = 'https://example.com/me.png"onload="alert(3)'
FAVICON = 'https://example.com/icon.png"onload="alert(4)'
TITLE = 'Quotes " and <script>alert(5)</script> & friends'
ALT = 'alt" onfocus="alert(6)'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    posts = {
        "rants/probe.md": harness.article(
            TITLE,
            "2026-03-01",
            "rant",
            f"image: '{IMAGE}'",
            f"image_alt: '{ALT}'",
            "topics: [pricing]",
            "author: eve",
        ),
        "rants/other.md": harness.article(
            "Another rant", "2026-03-02", "rant", "topics: [pricing]"
        ),
    }
    plugin = {
        "authors": {
            "eve": {"name": 'Eve "the" Tester', "bio": "tests <b>things</b>.", "avatar": AVATAR}
        },
        "hire_me": {"url": HIRE, "label": 'Hire "me"', "text": "<b>now</b>"},
        "topics": {"vocabulary": {"pricing": {"title": "Pricing"}}},
    }
    mkdocs = {"theme": {"name": "material", "font": False, "favicon": FAVICON}}
    config = harness.write_site(root / "src", posts, plugin, mkdocs)
    # harness.build runs the build-invariant checker: no on* attribute may appear anywhere.
    return harness.build(config, root / "site", now=NOW).assert_ok()


PAGES = ["index.html", "rants/index.html", "topics/pricing/index.html", "probe/index.html"]


@pytest.mark.parametrize("rel", PAGES)
def test_the_image_probe_is_an_inert_attribute_value(hostile, rel):
    page = hostile.html(rel)
    images = [img for img in page.select("img") if "a.png" in img.get("src", "")]
    assert images, f"{rel}: the probe's image is not on the page"
    for img in images:
        assert img["src"] == IMAGE  # the whole string is the URL, quote included
        assert not [name for name in img.attrs if name.startswith("on")]
    assert 'a.png"onerror' not in hostile.text(rel)


@pytest.mark.parametrize("rel", PAGES)
def test_config_values_are_escaped_on_every_page(hostile, rel):
    page = hostile.html(rel)
    assert page.select_one('link[rel="icon"]')["href"] == FAVICON
    assert page.select_one("a.sb-announce")["href"] == HIRE
    for element in page.find_all(True):
        assert not [name for name in element.attrs if name.startswith("on")], (rel, element.name)


def test_the_post_prints_avatar_alt_and_title_inert(hostile):
    page = hostile.html("probe/")
    assert page.select_one("img.sb-author__avatar")["src"] == AVATAR
    figure = page.select_one(".sb-figure img")
    assert figure["alt"] == ALT and figure["src"] == IMAGE
    assert page.select_one("h1").get_text() == TITLE
    # The title's <script> is text, never an element (JSON-LD carries it \u003c-escaped).
    assert not [s for s in page.select("script") if s.get_text().strip() == "alert(5)"]
    assert "<script>alert(5)" not in hostile.text("probe/")
