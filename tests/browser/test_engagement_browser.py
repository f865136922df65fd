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


def test_blocked_comments_say_why_and_link_to_the_discussion(page, site_url):
    """When giscus could not load, the block said "press the button" with no button, no error."""
    page.add_init_script("window.IntersectionObserver = undefined")
    page.goto(site_url + "stop-demoing/")
    fallback = page.locator(".sb-comments__fallback")
    assert fallback.is_hidden()
    page.locator(".sb-comments__load").click()  # giscus.app is blocked: the page fixture aborts it
    fallback.wait_for(state="visible")
    assert page.locator(".sb-comments__load").count() == 0
    assert page.locator(".sb-comments__note").is_hidden()  # no "press the button" without one
    assert page.locator(".sb-comments__reason").inner_text() == (
        "The comments could not load: giscus.app did not answer"
        " (offline, or blocked by a content blocker)."
    )
    link = page.locator(".sb-comments__link")
    assert link.get_attribute("href") == (
        "https://github.com/maren-example/site-comments/discussions"
        "?discussions_q=%2Fstop-demoing%2F"
    )
    assert any(url.startswith("https://giscus.app/client.js") for url in page.blocked_requests)


def test_giscus_reporting_wrong_ids_shows_its_error_and_the_link(page, site_url):
    """giscus loads but its iframe reports an error (wrong repository or category ids): the
    reason is shown. client.js and the widget are played by the test, from giscus's origin."""
    client = """
      var frame = document.createElement('iframe');
      frame.className = 'giscus-frame';
      frame.src = 'https://giscus.app/widget?origin=' + encodeURIComponent(location.href);
      document.currentScript.insertAdjacentElement('afterend', frame);
    """
    widget = """<!doctype html><title>giscus</title><script>
      var error = 'Unable to create discussion: repository not found';
      parent.postMessage({giscus: {error: error}}, '*');
    </script>"""

    def fulfil(route):
        if route.request.url.startswith("https://giscus.app/client.js"):
            route.fulfill(status=200, content_type="text/javascript", body=client)
        else:
            route.fulfill(status=200, content_type="text/html", body=widget)

    page.route("https://giscus.app/**", fulfil)
    page.goto(site_url + "stop-demoing/")
    page.locator("#comments").scroll_into_view_if_needed()  # loads as a reader reaches it
    fallback = page.locator(".sb-comments__fallback")
    fallback.wait_for(state="visible")
    assert page.locator(".sb-comments__reason").inner_text() == (
        "The comments could not load: giscus reports"
        " \u201cUnable to create discussion: repository not found\u201d."
    )
    assert page.locator("iframe.giscus-frame").is_hidden()
    assert page.console_errors == []


def test_a_discussion_not_yet_started_is_not_an_error(page, site_url):
    widget = """<!doctype html><script>
      parent.postMessage({giscus: {error: 'Discussion not found'}}, '*');
      parent.postMessage({giscus: {discussion: {totalCommentCount: 0}}}, '*');
    </script>"""
    client = """
      var frame = document.createElement('iframe');
      frame.className = 'giscus-frame';
      frame.src = 'https://giscus.app/widget';
      document.currentScript.insertAdjacentElement('afterend', frame);
    """
    page.route(
        "https://giscus.app/**",
        lambda route: route.fulfill(
            status=200,
            content_type="text/javascript" if "client.js" in route.request.url else "text/html",
            body=client if "client.js" in route.request.url else widget,
        ),
    )
    # Counts giscus's messages; registered before engagement.js, so once the second arrives the
    # page has handled the first ("Discussion not found") completely.
    page.add_init_script(
        "window.sbMessages = 0; addEventListener('message', e => { if (e.data && e.data.giscus)"
        " window.sbMessages += 1; });"
    )
    page.goto(site_url + "stop-demoing/")
    page.locator("#comments").scroll_into_view_if_needed()
    page.wait_for_function("window.sbMessages === 2")
    assert page.locator(".sb-comments__fallback").is_hidden()
    assert page.locator("iframe.giscus-frame").is_visible()


def test_without_javascript_the_discussion_is_a_link(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
        page.goto(site_url + "stop-demoing/")
        link = page.locator("#comments noscript a, #comments a[href$='/discussions']").first
        assert link.get_attribute("href") == (
            "https://github.com/maren-example/site-comments/discussions"
        )
    finally:
        context.close()
