"""Feeds in headless Chromium: RSS and Atom opened in the browser read as a subscribe page (the XSL
stylesheet), and the subscribe page's copy buttons put a feed's address on the clipboard."""

from __future__ import annotations

import json

import pytest

import harness
from soapbox.core import feeds

NOW = "2026-11-22T12:00:00+00:00"
SITE_URL = "https://example.test/"


def article(title, date, *extra):
    lines = [f"title: {json.dumps(title)}", f"date: {date}", "type: rant", *extra]
    return "---\n" + "\n".join(lines) + "\n---\n\nSome words here.\n"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds-browser")
    config = harness.write_site(
        root / "src",
        {
            "rants/one.md": article("R&D is a <verb>", "2024-03-01", "topics: [pricing]"),
            "rants/two.md": article("Second rant", "2024-04-01", "topics: [pricing]"),
        },
        {"authors": {"ana": {"name": "Ana Ruiz"}}},
        mkdocs={"site_name": "Feed Fixture", "theme": {"name": "material", "font": False}},
    )
    result = harness.build(config, root / "site", now=NOW).assert_ok()
    # A feed without items as the writer makes it (the river before its first fetch).
    urls = {fmt: SITE_URL + "empty/" + name for fmt, name in feeds.FILENAMES.items()}
    empty = feeds.Feed(
        "Nothing Yet", SITE_URL, "A feed before its first article", urls,
        stylesheet="../assets/soapbox/feed.xsl", css="../assets/soapbox/feed.css",
    )  # fmt: skip
    (result.site / "empty").mkdir()
    (result.site / "empty" / "atom.xml").write_bytes(feeds.write_atom(empty))
    (result.site / "empty" / "feed.xml").write_bytes(feeds.write_rss(empty))
    with harness.serve(result.site) as url:
        yield url


@pytest.mark.parametrize(
    "path, label", [("feed.xml", "RSS"), ("atom.xml", "Atom"), ("topics/pricing/feed.xml", "RSS")]
)
def test_a_feed_opened_in_the_browser_explains_how_to_subscribe(page, site_url, path, label):
    page.goto(site_url + path)
    heading = page.locator("h1")
    heading.wait_for()
    expected_title = "Feed Fixture – pricing" if path.startswith("topics/") else "Feed Fixture"
    assert heading.inner_text() == expected_title
    about = page.locator("section.about")
    assert "This is a web feed: subscribe to follow new articles" in about.inner_text()
    assert f"the {label} feed of" in about.inner_text()
    assert page.locator("#feed-url").inner_text() == SITE_URL + path
    assert page.locator("li a").all_inner_texts() == ["Second rant", "R&D is a <verb>"]
    assert page.title() == f"{expected_title} ({label} feed)"
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_copy_buttons_put_the_feed_address_on_the_clipboard(page, site_url):
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/")
    )
    page.goto(site_url + "subscribe/")
    buttons = page.locator("button.sb-copy")
    assert buttons.count() == 9  # site, rants, pricing x RSS, Atom, JSON Feed
    first = buttons.first
    assert first.is_visible()  # hidden in the HTML, shown by feeds.js
    first.click()
    page.wait_for_function("document.querySelector('button.sb-copy').dataset.state === 'copied'")
    assert first.inner_text() == "Copied"
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + "feed.xml"
    assert page.locator("#sb-copy-status").inner_text() == f"Copied {SITE_URL}feed.xml"
    button = f'button.sb-copy[data-feed-url="{SITE_URL}rants/atom.xml"]'
    atom = page.locator(button)
    atom.click()
    page.wait_for_function(
        f"document.querySelector({json.dumps(button)}).dataset.state === 'copied'"
    )
    assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + "rants/atom.xml"
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_the_subscribe_page_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "subscribe/")
        assert page.locator("button.sb-copy").first.is_hidden()
        links = page.locator("a.sb-feed__url")
        assert links.count() == 9
        assert links.first.inner_text() == SITE_URL + "feed.xml"
        assert page.locator('a[href$="feeds.opml"]').is_visible()
    finally:
        context.close()


def test_rss_and_atom_previews_show_dates_in_one_format(page, site_url):
    """The RSS preview showed "01 Apr 2024" and the Atom one "2024-04-01"."""
    dates = {}
    for path in ("feed.xml", "atom.xml"):
        page.goto(site_url + path)
        page.locator("h1").wait_for()
        dates[path] = page.locator("li .date").all_inner_texts()
    assert dates["feed.xml"] == dates["atom.xml"] == ["01 Apr 2024", "01 Mar 2024"]


@pytest.mark.parametrize("path", ["feed.xml", "atom.xml"])
def test_an_empty_feed_preview_says_why_it_is_empty(page, site_url, path):
    """It showed a bare "Recent articles" heading (the river before its first fetch)."""
    page.goto(site_url + "empty/" + path)
    page.locator("h1").wait_for()
    assert page.locator("h1").inner_text() == "Nothing Yet"
    assert (
        page.locator("p.empty")
        .inner_text()
        .startswith("Nothing here yet: this feed has no articles so far.")
    )
    assert page.locator("li").count() == 0


@pytest.fixture(scope="module")
def browser_without_xslt(browser):
    """Chromium as it will be once XSLT is gone (it is being removed from Chromium)."""
    from conftest import CHROMIUM, CHROMIUM_ARGS

    chromium = browser.browser_type.launch(
        executable_path=str(CHROMIUM),
        args=[*CHROMIUM_ARGS, "--disable-features=XSLT"],
        headless=True,
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.mark.parametrize("path", ["feed.xml", "atom.xml", "topics/pricing/feed.xml"])
def test_without_xslt_a_feed_still_reads_as_a_page_styled_by_css(
    browser_without_xslt, site_url, path
):
    context = browser_without_xslt.new_context()
    try:
        page = context.new_page()
        page.goto(site_url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.localName") in ("rss", "feed")  # no XSLT
        assert page.evaluate("!!document.querySelector('xslt-warning-banner')") is False
        note = page.evaluate("getComputedStyle(document.documentElement, '::before').content")
        assert "This is a web feed: copy this page's address into your feed reader" in note
        title = "channel > title" if path.endswith("feed.xml") else "feed > title"
        style = page.evaluate(
            f"(() => {{ const s = getComputedStyle(document.querySelector('{title}'));"
            " return [s.display, s.fontSize]; })()"
        )
        assert style == ["block", "32px"]
        shown = page.evaluate(
            "[...document.querySelectorAll('item > title, entry > title')]"
            ".filter(e => getComputedStyle(e).display === 'block').map(e => e.textContent)"
        )
        assert shown == ["Second rant", "R&D is a <verb>"]
        hidden = page.evaluate(
            "[...document.querySelectorAll('item > description, entry > content, item > guid')]"
            ".every(e => getComputedStyle(e).display === 'none')"
        )
        assert hidden is True
    finally:
        context.close()
