"""An article invites comments, sharing and subscribing with zero third-party requests until
the reader acts."""

from __future__ import annotations

import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    result = harness.build(
        harness.REPO / "mkdocs.yml", tmp_path_factory.mktemp("engage") / "site", now=NOW
    )
    result.assert_ok()
    with harness.serve(result.site) as url:
        yield url


def test_no_third_party_request_until_the_reader_scrolls_to_comments(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "stop-demoing/")
    page.wait_for_load_state("networkidle")
    assert page.blocked_requests == []
    assert page.evaluate(
        "document.querySelector('#comments').getBoundingClientRect().top > innerHeight"
    )
    with page.expect_event("requestfailed", lambda r: r.url.startswith("https://giscus.app/")):
        page.locator("#comments").scroll_into_view_if_needed()
    assert any(url.startswith("https://giscus.app/client.js") for url in page.blocked_requests)


def test_comments_load_on_click_too(page, site_url):
    page.add_init_script("window.IntersectionObserver = undefined")  # as if the browser had none
    page.goto(site_url + "stop-demoing/")
    button = page.locator(".sb-comments__load")
    button.click()
    assert (
        page.locator("#comments script[src]").get_attribute("src") == "https://giscus.app/client.js"
    )
    assert (
        page.locator("#comments script[src]").get_attribute("data-repo")
        == "maren-example/site-comments"
    )


def test_share_link_opens_the_network_with_the_article(page, site_url):
    page.goto(site_url + "stop-demoing/")
    with page.context.expect_page() as popup:
        page.locator(".sb-share a", has_text="LinkedIn").click()
    popup.value.wait_for_load_state()
    expected = "https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fmaren.example.com%2Fstop-demoing%2F"
    assert expected in page.blocked_requests


def test_copy_link_button_copies_the_canonical_url(page, site_url):
    page.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/")
    )
    page.goto(site_url + "stop-demoing/")
    page.locator("[data-sb-copy]").click()
    page.wait_for_selector("[data-sb-copied]")
    assert (
        page.evaluate("navigator.clipboard.readText()") == "https://maren.example.com/stop-demoing/"
    )
    assert page.console_errors == []


@pytest.mark.parametrize(
    ("query", "topic"), [("cold calling", "Cold calling"), ("negotiation", "Negotiation")]
)
def test_searching_a_topic_name_shows_its_topic_page_first(page, site_url, query, topic):
    page.goto(site_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query)  # Material listens to key events
    first = page.locator(".md-search-result__item").first
    first.wait_for()
    assert (
        first.locator("a")
        .first.get_attribute("href")
        .split("?")[0]
        .endswith(f"topics/{topic.lower().replace(' ', '-')}/")
    )
    assert first.locator("h1").first.inner_text() == topic
    assert page.console_errors == []
