"""The site search in headless Chromium over the built sample: every page a visitor may look for
is found (articles by their descriptions, topic pages, talks, the hire-me page's talks and
showreel, appearances), with English stemming ("pricing" finds "Raising Prices ...")."""

from __future__ import annotations

import json

import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    result = harness.build(
        harness.REPO / "mkdocs.yml", tmp_path_factory.mktemp("search") / "site", now=NOW
    ).assert_ok()
    with harness.serve(result.site) as url:
        yield result, url


def search(page, url: str, query: str) -> list[tuple[str, str]]:
    """The first three results as (path, title), as a visitor typing the query sees them."""
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    # The index loads in a worker; until it is ready the dialog says "Initializing search".
    page.locator(".md-search-result__meta").filter(has_text="Type to start searching").wait_for()
    box.fill(query)  # the whole query at once, then a key: Material searches on key events
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    items = page.locator(".md-search-result__item > a:first-child")  # the page, not its sections
    results = []
    for i in range(min(3, items.count())):
        link = items.nth(i)
        href = link.get_attribute("href").split("?")[0].split("#")[0]
        results.append((href.removeprefix(url), link.locator("h1").inner_text()))
    return results


def test_the_whole_description_phrase_ranks_the_article_in_the_first_three(page, sample):
    """Material searches "for*": titles starting with "forecast" outranked the article whose
    description holds the whole phrase, until descriptions were weighted like titles."""
    _, url = sample
    results = search(page, url, "free training for your competitor")
    assert "stop-demoing/" in [p for p, _ in results]


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ("conversation with the final contract", "talks/discovery-is-the-negotiation/"),  # was 11th
        ("takes apart the openers", "talks/first-eleven-seconds/"),  # was 4th
    ],
)
def test_a_phrase_of_a_talks_summary_finds_the_talk_first(page, sample, query, path):
    """A talk's summary is its description: weighted like its title, not like one more word."""
    _, url = sample
    assert [p for p, _ in search(page, url, query)][:1] == [path]


@pytest.mark.parametrize("query", ["competitor", "free training"])
def test_words_only_the_description_holds_find_the_article(page, sample, query):
    """The description under each title was not indexed: "competitor" found nothing."""
    _, url = sample
    results = search(page, url, query)
    assert ("stop-demoing/", "Stop Demoing to People Who Can't Buy") in results[:2], results
    assert page.console_errors == []


def test_pricing_finds_raising_prices_by_its_stem(page, sample):
    _, url = sample
    results = search(page, url, "pricing")
    assert "Raising Prices 18% Without Losing a Single Logo" in [t for _, t in results], results
    assert ("topics/pricing/", "Pricing") in results


def test_a_talk_title_finds_the_talk_page(page, sample):
    result, url = sample
    index = json.loads(result.path("search/search_index.json").read_bytes())
    talk = next(d for d in index["docs"] if d["location"] == "talks/first-eleven-seconds/")
    results = search(page, url, "first eleven seconds")
    assert results[0] == ("talks/first-eleven-seconds/", talk["title"])


@pytest.mark.parametrize(
    ("query", "path"), [("showreel", "hire-me/"), ("appearances", "appearances/")]
)
def test_hire_me_and_appearances_are_found(page, sample, query, path):
    _, url = sample
    assert path in [p for p, _ in search(page, url, query)]
