"""The built sample, served on 127.0.0.1 and read in headless Chromium as a visitor would."""

from __future__ import annotations

import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    result = harness.build(
        harness.REPO / "mkdocs.yml", tmp_path_factory.mktemp("browse") / "site", now=NOW
    )
    result.assert_ok()
    with harness.serve(result.site) as url:
        yield url


def test_home_to_article_to_series_part_two(page, site_url):
    page.goto(site_url)
    assert page.locator("h1").first.inner_text() == "Maren Okafor"
    first = page.locator("#featured ~ .sb-grid .sb-card__title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1.sb-post__title").inner_text() == title
    page.goto(site_url + "discovery-call-questions/")
    page.locator(".sb-series a").first.click()
    page.wait_for_load_state()
    assert "Part 2 of 2" in page.locator(".sb-kicker__series").inner_text()
    assert page.console_errors == []
    assert page.blocked_requests == []


def test_pagination_archive_and_call_to_action(page, site_url):
    page.goto(site_url + "rants/")
    page.get_by_role("link", name="Older →").click()
    page.wait_for_load_state()
    assert page.url == site_url + "rants/page/2/"
    assert page.locator(".sb-pager__status").inner_text() == "Page 2 of 2"
    page.goto(site_url + "archive/")
    page.get_by_role("link", name="2024", exact=True).click()
    page.wait_for_load_state()
    assert page.url == site_url + "archive/2024/"
    page.locator(".sb-announce").click()
    page.wait_for_load_state()
    assert page.url == site_url + "hire-me/"
    assert page.locator(".sb-announce").count() == 0
    assert page.console_errors == []
    assert page.blocked_requests == []


@pytest.mark.parametrize("path", ["", "stop-demoing/", "rants/", "archive/", "hire-me/"])
def test_pages_fit_a_phone_screen_without_sideways_scrolling(browser, site_url, path):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    try:
        phone = context.new_page()
        phone.goto(site_url + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path or 'home'} is {overflow}px wider than the screen"
        assert phone.locator("h1").first.is_visible()
    finally:
        context.close()


def test_site_search_finds_an_article(page, site_url):
    page.goto(site_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("procurement")  # Material listens to key events
    result = page.locator(".md-search-result__item").first
    result.wait_for()
    assert "Procurement" in result.inner_text()
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["", "rants/", "topics/cold-calling/", "stop-demoing/"])
def test_every_image_loads_at_every_depth(page, site_url, path):
    page.goto(site_url + path)
    images = page.locator("main img")
    assert images.count() > 0
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()  # lazy images load when they come into view
    page.wait_for_function("[...document.querySelectorAll('main img')].every(i => i.complete)")
    broken = page.evaluate(
        "[...document.querySelectorAll('main img')].filter(i => !i.naturalWidth).map(i => i.src)"
    )
    assert broken == []
    assert page.blocked_requests == []
