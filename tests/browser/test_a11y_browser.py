"""Keyboard and touch access on every page type of the sample, in headless Chromium: a skip link
first in the tab order that lands on the content (Material writes one only for pages whose
markdown has headings, so home, hire-me and topic pages had none), and touch targets at least
24 px apart on a phone (the hero buttons touched)."""

from __future__ import annotations

import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"
PAGES = [
    "", "hire-me/", "topics/pricing/", "topics/", "stop-demoing/", "subscribe/", "appearances/",
    "archive/", "rants/", "about/",
]  # fmt: skip


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    result = harness.build(
        harness.REPO / "mkdocs.yml", tmp_path_factory.mktemp("a11y") / "site", now=NOW
    ).assert_ok()
    with harness.serve(result.site) as url:
        yield result, url


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_one_skip_link_to_an_existing_target(sample, path):
    result, _ = sample
    soup = result.html(path)
    links = soup.select("a.md-skip:not([hidden])")  # a hidden one waits for instant navigation
    assert len(links) == 1, path
    target = links[0]["href"].split("#", 1)[1]
    assert soup.find(id=target) is not None, (path, target)


@pytest.mark.parametrize("path", ["", "hire-me/", "topics/pricing/"])
def test_the_first_tab_offers_the_skip_link_and_enter_lands_on_the_content(page, sample, path):
    _, url = sample
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url + path)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "md-skip" in focused
    assert page.evaluate("document.activeElement.getBoundingClientRect().width") > 0  # shown
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.md-content')"), path
    assert page.console_errors == []


def test_check_availability_is_two_tabs_away_on_hire_me(page, sample):
    """It took 15 Tab presses to reach the booking button."""
    _, url = sample
    page.goto(url + "hire-me/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    presses = 0
    while presses < 5:
        page.keyboard.press("Tab")
        presses += 1
        if page.evaluate("document.activeElement.textContent.trim()") == "Check availability":
            break
    assert presses <= 2


@pytest.mark.parametrize(
    ("path", "selector"), [("", ".sb-hero__actions"), ("hire-me/", ".sbs-hero__actions")]
)
def test_hero_buttons_are_24px_apart_on_a_phone(page, sample, path, selector):
    _, url = sample
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url + path)
    boxes = page.eval_on_selector_all(
        f"{selector} a.md-button",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })",
    )
    assert len(boxes) >= 2
    for (l1, t1, r1, b1), (l2, t2, r2, b2) in zip(boxes, boxes[1:], strict=False):
        apart = max(l2 - r1, l1 - r2, t2 - b1, t1 - b2)  # the gap along whichever axis separates
        assert apart >= 24, (path, boxes)
