"""Around the web in a real browser: a page built from a hostile feed runs none of the injected
code, loads nothing from elsewhere, logs no error, and its topic filter works."""

from __future__ import annotations

import pytest

import aggregator_sites as fixture
import harness
from feedserver import FeedServer


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("atw-browser")
    with FeedServer() as server:
        urls = fixture.serve_sources(server)
        config = fixture.site(root / "site", urls, page_size=20)
        harness.build(
            config, root / "out", now=fixture.NOW, env={"SOAPBOX_OFFLINE": "0"}
        ).assert_ok()
    with harness.serve(root / "out") as url:
        yield url


def test_no_injected_script_runs(page, site_url):
    page.add_init_script("window.__pwned = undefined;")
    page.goto(site_url + "around-the-web/")
    page.wait_for_load_state("networkidle")
    assert page.locator("article.sb-web-item").count() == 12
    assert page.evaluate("window.__pwned") is None
    assert page.console_errors == []
    assert page.blocked_requests == []  # no pixel, script, frame or font from another host
    # hover and click every excerpt link and text: handlers, had any survived, would fire now
    for element in page.locator(".sb-web-item__excerpt p").all()[:10]:
        element.hover()
    assert page.evaluate("window.__pwned") is None
    assert (
        page.evaluate(
            "document.querySelectorAll('#sb-web-list script, #sb-web-list iframe, #sb-web-list "
            "form').length"
        )
        == 0
    )


def test_topic_filter(page, site_url):
    page.goto(site_url + "around-the-web/")
    bar = page.locator(".sb-web-filter")
    assert bar.is_visible()  # shown once the script runs
    visible = page.locator("article.sb-web-item:visible")
    total = visible.count()
    page.locator(".sb-web-filter button[data-topic='cold-calling']").click()
    cold = page.locator("article.sb-web-item:visible")
    assert 0 < cold.count() < total
    for article in cold.all():
        assert "cold-calling" in article.get_attribute("data-topics").split()
    assert (
        page.locator(".sb-web-filter button[data-topic='cold-calling']").get_attribute(
            "aria-pressed"
        )
        == "true"
    )
    assert page.locator("#sb-web-status").text_content() == f"Showing {cold.count()} posts"
    page.locator(".sb-web-filter button[data-topic='']").click()
    assert page.locator("article.sb-web-item:visible").count() == total
    assert page.console_errors == []


def test_topic_page_section_runs_nothing(page, site_url):
    page.add_init_script("window.__pwned = undefined;")
    page.goto(site_url + "topics/pricing/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".sb-web-section article").count() == 5
    assert page.evaluate("window.__pwned") is None
    assert page.console_errors == [] and page.blocked_requests == []


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory):
    """The same sources, four posts a page: the river has several pages."""
    root = tmp_path_factory.mktemp("atw-paged")
    with FeedServer() as server:
        urls = fixture.serve_sources(server)
        config = fixture.site(root / "site", urls, page_size=4)
        harness.build(
            config, root / "out", now=fixture.NOW, env={"SOAPBOX_OFFLINE": "0"}
        ).assert_ok()
    with harness.serve(root / "out") as url:
        yield url, root / "out"


def test_topic_filter_covers_every_page_of_the_river(page, paged_site):
    from bs4 import BeautifulSoup

    url, out = paged_site
    files = [
        out / "around-the-web" / "index.html",
        *sorted((out / "around-the-web" / "page").glob("*/index.html")),
    ]
    assert len(files) >= 3
    everywhere = [
        article.select_one(".sb-web-item__title a")["href"]
        for path in files
        for article in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(
            "article.sb-web-item"
        )
        if "negotiation" in article["data-topics"].split()
    ]
    page.goto(url + "around-the-web/")
    on_first_page = page.locator("article.sb-web-item[data-topics~='negotiation']").count()
    assert on_first_page < len(everywhere)  # the case that matters: posts on later pages
    page.locator(".sb-web-filter button[data-topic='negotiation']").click()
    page.wait_for_function(
        "n => document.querySelectorAll('#sb-web-list article.sb-web-item:not([hidden])').length "
        "=== n",
        arg=len(everywhere),
    )
    shown = page.locator("#sb-web-list article.sb-web-item:visible .sb-web-item__title a")
    assert [
        shown.nth(i).get_attribute("href") for i in range(shown.count())
    ] == everywhere  # river order
    assert not page.locator(".sb-pager").is_visible()
    assert (
        page.locator("#sb-web-status").text_content()
        == f"Showing {len(everywhere)} posts from every page"
    )
    page.locator(".sb-web-filter button[data-topic='']").click()
    assert page.locator("#sb-web-list article.sb-web-item:visible").count() == 4
    assert page.locator(".sb-pager").is_visible()
    assert page.console_errors == [] and page.blocked_requests == []
