"""Soapbox's scripts keep working when a site turns on Material's `navigation.instant`: pages
reached by an instant (XHR) navigation get their behaviour too, not only the first page loaded.
Material swaps only the page's content in and announces every new page on its `document$`
observable: a script that a page's template loads, or that binds once at load time, would leave
the next page's buttons dead. Soapbox loads its scripts on every page and binds each page once.

Material only navigates instantly to URLs listed in sitemap.xml, matched on scheme, host and
port: the fixture's site_url names the exact port it is served on."""

from __future__ import annotations

import json

import pytest
import yaml

import aggregator_sites
import harness
from feedserver import FeedServer

NOW = "2026-11-22T12:00:00+00:00"


def article(title, date, *extra):
    lines = [f"title: {json.dumps(title)}", f"date: {date}", "type: rant", *extra]
    return "---\n" + "\n".join(lines) + "\n---\n\nSome words here.\n"


HIRE_ME = """---
title: Hire me
speaker:
  name: Ana Ruiz
  talks:
    - {title: Price Is a Feeling, abstract: Discounts are a habit., topics: [pricing]}
  reel: {youtube: Xk3pQ9vLr2A, title: Reel, poster: images/ana.png}
  booking: {provider: mailto, email: ana@example.com}
---
Why book me.
"""

# Counts the listeners each element gets, before any script of the page runs.
COUNT_LISTENERS = """(() => {
  const counts = new WeakMap();
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    const mine = counts.get(this) || {};
    mine[type] = (mine[type] || 0) + 1;
    counts.set(this, mine);
    return add.call(this, type, listener, options);
  };
  window.__listeners = (element, type) => (counts.get(element) || {})[type] || 0;
})();"""


def _serve_site(tmp_path_factory, engagement):
    """Two rants, a hire-me page and the subscribe page, built with instant navigation on."""
    root = tmp_path_factory.mktemp("instant")
    port = harness.free_port()
    config = harness.write_site(
        root / "src",
        {
            "rants/one.md": article("First rant", "2024-03-01", "topics: [pricing]"),
            "rants/two.md": article("Second rant", "2024-04-01", "topics: [pricing]"),
            "hire-me.md": HIRE_ME,
        },
        {"authors": {"ana": {"name": "Ana Ruiz"}}, "engagement": engagement},
        mkdocs={
            "site_name": "Instant Fixture",
            "site_url": f"http://127.0.0.1:{port}/",
            "theme": {"name": "material", "font": False, "features": ["navigation.instant"]},
        },
    )
    (root / "src" / "posts" / "images").mkdir()
    (root / "src" / "posts" / "images" / "ana.png").write_bytes(
        (harness.REPO / "posts" / "images" / "speaker-headshot.png").read_bytes()
    )  # the reel's poster
    result = harness.build(config, root / "site", now=NOW).assert_ok()
    return harness.serve(result.site, port=port)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    with _serve_site(tmp_path_factory, {"share": {"networks": ["email", "copy"]}}) as url:
        yield url


@pytest.fixture(scope="module")
def comments_url(tmp_path_factory):
    giscus = {
        "enabled": True,
        "repo": "ana-example/comments",
        "repo_id": "R_kgDOFixture",
        "category": "Comments",
        "category_id": "DIC_kwDOFixture",
    }
    with _serve_site(tmp_path_factory, {"comments": giscus}) as url:
        yield url


# A click on a same-site link, as Material itself issues one when it navigates (its `st`).
CLICK = """(href) => {
  const link = document.createElement("a");
  link.href = href;
  document.body.appendChild(link);
  link.click();
  link.remove();
}"""


def _instant_visit(page, site_url, path, title, *, start=True):
    """Load the home page (unless `start` is false: stay on the page in view), then follow a
    link to `path`: Material swaps the page in place (the window's marker survives, which a full
    page load would wipe out)."""
    if start:
        page.goto(site_url)
        page.wait_for_load_state("networkidle")  # Material reads sitemap.xml to know its pages
        page.evaluate("window.__soapboxMarker = 1")
    page.evaluate(CLICK, site_url + path)
    page.wait_for_function(f"document.title.startsWith({json.dumps(title)})")
    assert page.evaluate("window.__soapboxMarker") == 1, "the click was a full page load"


def test_copy_link_works_on_an_article_reached_by_instant_navigation(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url[:-1])
    _instant_visit(page, site_url, "two/", "Second rant")
    button = page.locator("[data-sb-copy]")
    button.click()
    page.wait_for_function("document.querySelector('[data-sb-copy]').dataset.sbCopied === 'true'")
    assert button.inner_text() == "Link copied"
    assert page.evaluate("navigator.clipboard.readText()") == button.get_attribute("data-sb-copy")
    assert page.console_errors == []


def test_feed_copy_buttons_work_on_the_subscribe_page_reached_instantly(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url[:-1])
    _instant_visit(page, site_url, "subscribe/", "Subscribe")
    button = page.locator("button.sb-copy[data-feed-url]").first
    button.wait_for(state="visible")
    button.click()
    expected = button.get_attribute("data-feed-url")
    page.wait_for_function(
        f"navigator.clipboard.readText().then(text => text === {json.dumps(expected)})"
    )
    assert page.console_errors == []


def test_booking_form_validates_on_the_hire_me_page_reached_instantly(page, site_url):
    _instant_visit(page, site_url, "hire-me/", "Hire me")
    page.get_by_role("button", name="Send inquiry").click()
    summary = page.locator(".sbs-form__summary")
    summary.wait_for(state="visible")
    assert summary.inner_text() == "5 fields need your attention before the inquiry can be sent."
    assert page.evaluate("document.activeElement.name") == "name"
    page.locator("#bk-event_date").fill("2020-01-01")
    page.locator("#bk-event_date").blur()
    assert page.locator("#bk-event_date-error").inner_text() == (
        "This date is in the past: pick today or a later day (or leave it empty)."
    )
    assert page.url == site_url + "hire-me/"  # the browser did not submit the form
    assert page.console_errors == []


def test_every_page_is_bound_once_however_often_it_is_visited(page, site_url):
    """Visits back and forth: each visit's buttons and form get one handler each, not one more
    per earlier visit (a script run again on every visit would subscribe again)."""
    page.add_init_script(COUNT_LISTENERS)
    _instant_visit(page, site_url, "subscribe/", "Subscribe")
    for path, title in [("two/", "Second rant"), ("hire-me/", "Hire me"), ("subscribe/", "Subscribe"),
                        ("two/", "Second rant"), ("hire-me/", "Hire me")]:  # fmt: skip
        _instant_visit(page, site_url, path, title, start=False)
        if path == "subscribe/":
            page.locator("button.sb-copy[data-feed-url]").first.wait_for(state="visible")
            counts = page.evaluate(
                "[...document.querySelectorAll('button.sb-copy[data-feed-url]')]"
                ".map(b => window.__listeners(b, 'click'))"
            )
            assert counts and set(counts) == {1}, counts
        elif path == "two/":
            copy = "window.__listeners(document.querySelector('[data-sb-copy]'), 'click')"
            page.wait_for_function(f"{copy} > 0")
            assert page.evaluate(copy) == 1
    form = "window.__listeners(document.getElementById('booking-form'), 'submit')"
    page.wait_for_function(f"{form} > 0")
    assert page.evaluate(form) == 1
    assert page.evaluate("window.__soapboxMarker") == 1  # every visit was an instant one
    assert page.console_errors == []


@pytest.fixture(scope="module")
def river_url(tmp_path_factory):
    """Around the web on a site with instant navigation (the aggregator's fixture site)."""
    root = tmp_path_factory.mktemp("instant-river")
    port = harness.free_port()
    with FeedServer() as server:
        urls = aggregator_sites.serve_sources(server)
        config = aggregator_sites.site(root / "site", urls, page_size=20)  # one page
        settings = yaml.safe_load(config.read_text(encoding="utf-8"))
        settings["site_url"] = f"http://127.0.0.1:{port}/"
        settings["theme"]["features"] = ["navigation.instant"]
        config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
        harness.build(
            config, root / "out", now=aggregator_sites.NOW, env={"SOAPBOX_OFFLINE": "0"}
        ).assert_ok()
    with harness.serve(root / "out", port=port) as url:
        yield url


def test_river_filter_works_on_around_the_web_reached_instantly(page, river_url):
    _instant_visit(page, river_url, "around-the-web/", "Around the web")
    bar = page.locator(".sb-web-filter")
    bar.wait_for(state="visible")  # hidden in the HTML, shown by the script
    total = page.locator("article.sb-web-item:visible").count()
    page.locator(".sb-web-filter button[data-topic='cold-calling']").click()
    shown = page.locator("article.sb-web-item:visible")
    assert 0 < shown.count() < total
    for item in shown.all():
        assert "cold-calling" in item.get_attribute("data-topics").split()
    assert page.locator("#sb-web-status").text_content() == f"Showing {shown.count()} posts"
    assert page.console_errors == []


SCRIPTS = """[...document.querySelectorAll("script[src*='assets/soapbox/']")].map(
  s => [new URL(s.src).pathname, s.defer, s.async]
)"""


@pytest.mark.parametrize("path", ["", "two/", "hire-me/", "subscribe/"])
def test_every_page_loads_each_soapbox_script_once_deferred(page, site_url, path):
    """Material keeps the scripts at the end of the body through instant navigation, so each page
    carries all of them; deferred, none of them delays the first paint."""
    page.goto(site_url + path)
    scripts = page.evaluate(SCRIPTS)
    assert sorted(name for name, _, _ in scripts) == [
        "/assets/soapbox/booking.js",
        "/assets/soapbox/engagement.js",
        "/assets/soapbox/feeds.js",
    ]  # no river on this site: no river script
    assert all(defer and not is_async for _, defer, is_async in scripts)
    assert page.console_errors == []


def test_a_pages_own_stylesheet_arrives_with_it_and_leaves_with_it(page, site_url):
    """speaker.css and feeds.css are linked by their pages only (no render-blocking CSS
    elsewhere); Material adds a new page's head links on an instant visit and drops them after."""
    radius = "getComputedStyle(document.documentElement).getPropertyValue('--sbs-radius').trim()"
    _instant_visit(page, site_url, "hire-me/", "Hire me")
    page.wait_for_function(f"{radius} === '0.7rem'")  # speaker.css applies
    _instant_visit(page, site_url, "subscribe/", "Subscribe", start=False)
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.sb-feeds')).listStyleType === 'none'"
    )  # feeds.css applies
    assert page.evaluate(radius) == ""  # speaker.css is gone with its page
    assert page.evaluate("window.__soapboxMarker") == 1
    assert page.console_errors == []


def test_the_call_to_action_pre_fills_the_talk_and_the_reel_plays_after_instant_visits(
    page, site_url
):
    """The article's "book this talk" link is followed instantly: the form reads the new
    address's ?talk=, and the showreel loads on a click, as on a page loaded in full."""
    _instant_visit(page, site_url, "two/", "Second rant")
    page.locator(".sbs-cta a").click()
    page.wait_for_function("document.title.startsWith('Hire me')")
    assert page.evaluate("window.__soapboxMarker") == 1, "the click was a full page load"
    assert page.url == site_url + "hire-me/?talk=price-is-a-feeling#booking"
    page.wait_for_function("document.getElementById('bk-talk').value === 'price-is-a-feeling'")
    assert page.locator("iframe").count() == 0
    page.get_by_role("link", name="Play: Reel").click()
    frame = page.locator(".sbs-video iframe")
    assert frame.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/Xk3pQ9vLr2A"
    )
    assert page.console_errors == []


# giscus played by the test, from its origin: client.js adds the widget, which reports an error.
GISCUS_CLIENT = """
  var frame = document.createElement('iframe');
  frame.className = 'giscus-frame';
  frame.src = 'https://giscus.app/widget';
  document.currentScript.insertAdjacentElement('afterend', frame);
"""
GISCUS_WIDGET = """<!doctype html><title>giscus</title><script>
  parent.postMessage({giscus: {error: 'Unable to create discussion: repository not found'}}, '*');
</script>"""


def test_comments_report_to_the_page_in_view_after_instant_visits(page, comments_url):
    """Each article reached instantly loads its comments and shows giscus's error there; the
    window keeps one message listener however many articles were visited (each visit used to
    add one, still bound to a block no longer on the page)."""

    def fulfil(route):
        script = route.request.url.startswith("https://giscus.app/client.js")
        route.fulfill(
            status=200,
            content_type="text/javascript" if script else "text/html",
            body=GISCUS_CLIENT if script else GISCUS_WIDGET,
        )

    page.route("https://giscus.app/**", fulfil)
    page.add_init_script(COUNT_LISTENERS)
    reason = (
        "The comments could not load: giscus reports"
        " \u201cUnable to create discussion: repository not found\u201d."
    )
    listeners = []
    for n, (path, title) in enumerate([("one/", "First rant"), ("two/", "Second rant"),
                                       ("one/", "First rant")]):  # fmt: skip
        _instant_visit(page, comments_url, path, title, start=n == 0)
        page.locator("#comments").scroll_into_view_if_needed()  # loads as a reader reaches it
        page.locator(".sb-comments__fallback").wait_for(state="visible")
        assert page.locator(".sb-comments__reason").inner_text() == reason
        assert page.locator(".sb-comments__link").get_attribute("href") == (
            f"https://github.com/ana-example/comments/discussions?discussions_q=%2F{path[:-1]}%2F"
        )
        listeners.append(page.evaluate("window.__listeners(window, 'message')"))
    assert listeners[0] >= 1 and len(set(listeners)) == 1, listeners
    assert page.console_errors == []


@pytest.fixture(scope="module")
def plain_url(tmp_path_factory):
    """No hire-me page, so no "hire me" bar: Soapbox's skip link sits before the header, outside
    what Material swaps in; an article with a heading gets Material's own skip link instead."""
    root = tmp_path_factory.mktemp("instant-plain")
    port = harness.free_port()
    headed = article("First rant", "2024-03-01") + "\n## A heading\n\nText.\n"
    config = harness.write_site(
        root / "src",
        {"rants/one.md": headed, "rants/two.md": article("Second rant", "2024-04-01")},
        {},
        mkdocs={
            "site_name": "Plain Fixture",
            "site_url": f"http://127.0.0.1:{port}/",
            "theme": {"name": "material", "font": False, "features": ["navigation.instant"]},
        },
    )
    result = harness.build(config, root / "site", now=NOW).assert_ok()
    with harness.serve(result.site, port=port) as url:
        yield url


# Each skip link of the page in view: where it leads, and whether that is on this page.
SKIP_LINKS = """[...document.querySelectorAll('a.md-skip:not([hidden])')].map(a => {
  const url = new URL(a.href);
  const here = url.pathname === location.pathname;
  return here && !!document.getElementById(decodeURIComponent(url.hash.slice(1)));
})"""


def test_every_page_reached_instantly_has_one_skip_link_to_its_own_content(page, plain_url):
    page.goto(plain_url + "one/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__soapboxMarker = 1")
    found = {}
    for path, title in [("", "Plain Fixture"), ("two/", "Second rant"), ("one/", "First rant")]:
        _instant_visit(page, plain_url, path, title, start=False)
        found[path] = page.evaluate(SKIP_LINKS)
    assert found == {"": [True], "two/": [True], "one/": [True]}


def test_a_site_with_the_hire_me_bar_keeps_one_skip_link_on_every_page_reached_instantly(
    page, site_url
):
    """The bar (and its skip link) is on every page but the hire-me page itself: reached by a
    click from home, the hire-me page needs the link before the header instead."""
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__soapboxMarker = 1")
    found = {}
    for path, title in [("hire-me/", "Hire me"), ("two/", "Second rant"), ("", "Instant Fixture")]:
        _instant_visit(page, site_url, path, title, start=False)
        found[path] = page.evaluate(SKIP_LINKS)
    assert found == {"hire-me/": [True], "two/": [True], "": [True]}
