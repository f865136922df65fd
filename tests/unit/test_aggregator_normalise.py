"""Normalise (one source's entries -> Items), merge (the river across sources) and classify."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from harness import FEEDS_CORPUS
from soapbox.core.aggregator.classify import topics_of
from soapbox.core.aggregator.model import FetchResult, Item, ParsedFeed, RawEntry, Source
from soapbox.core.aggregator.normalise import (
    merge,
    normalise_link,
    normalise_title,
    to_items,
    unwrap_redirect,
)
from soapbox.core.aggregator.parse import parse_feed
from soapbox.core.topics import Topic, build_vocabulary

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FEED = "https://blog.example.com/feed.xml"
SOURCE = Source("Example Blog", FEED, "https://blog.example.com/", max_items=50, max_age_days=None)

CORPUS = FEEDS_CORPUS


def raw(
    n: int | str, *, published: datetime | None = NOW - timedelta(days=1), **changes
) -> RawEntry:
    base = RawEntry(
        guid=f"guid-{n}",
        link=f"https://blog.example.com/posts/{n}/",
        title=f"Post number {n} about things",
        title_type="text",
        content_html=f"<p>Body of post {n}.</p>",
        author="Ann Author",
        published=published,
        updated=None,
    )
    return replace(base, **changes)


def items(
    *entries: RawEntry,
    source: Source = SOURCE,
    first_seen: dict | None = None,
    now: datetime = NOW,
    warnings=None,
) -> list[Item]:
    parsed = ParsedFeed("Example", "https://blog.example.com/", tuple(entries))
    return to_items(
        parsed,
        source,
        first_seen={} if first_seen is None else first_seen,
        now=now,
        warnings=warnings,
    )


def test_an_item_is_sanitised_and_attributed():
    hostile = raw(
        1,
        title="<script>x()</script><b>Bold</b> claim",
        title_type="html",
        content_html='<p onclick="x()">Read <a href="/more">more</a></p><script>x()</script>',
        author="ann@example.com (Ann Author)",
    )
    [item] = items(hostile)
    assert item.title == "Bold claim"
    assert (
        item.source_name == "Example Blog"
        and item.source == FEED
        and item.source_site == "https://blog.example.com/"
    )
    assert "script" not in item.excerpt_html and "onclick" not in item.excerpt_html
    assert 'href="https://blog.example.com/more"' in item.excerpt_html
    assert item.excerpt_text == "Read more"
    assert item.id == "guid-1" and item.link == "https://blog.example.com/posts/1/"


def test_duplicates_within_a_source_are_dropped():
    entries = [
        raw(1),
        raw(1),
        raw(2, guid="guid-1"),
        raw(3, link="https://blog.example.com/posts/1/?utm_source=rss"),
    ]
    got = items(*entries)
    # the same guid with another link is another post with a broken guid: kept, identified by link
    assert [i.id for i in got] == ["guid-1", "https://blog.example.com/posts/2/"]


def test_almonitor_duplicate_guids_from_the_corpus():
    parsed = parse_feed(
        FetchResult(
            FEED,
            FEED,
            200,
            (CORPUS / "rss2-almonitor-duplicate-guids-iso-pubdate.xml").read_bytes(),
            {},
        )
    )
    got = to_items(parsed, replace(SOURCE, max_items=100), first_seen={}, now=NOW)
    assert len(parsed.entries) == 20 and len(got) == 11
    assert len({i.link for i in got}) == 11


def test_entries_without_links_or_guids_link_to_the_site():
    parsed = parse_feed(
        FetchResult(FEED, FEED, 200, (CORPUS / "rss2-1046-items-no-guids.xml").read_bytes(), {})
    )
    got = to_items(parsed, replace(SOURCE, site_url="", max_items=500), first_seen={}, now=NOW)
    distinct = {
        (e.title, e.content_html) for e in parsed.entries
    }  # two entries repeat title and text
    assert len(got) == len(distinct) == 199 and {i.link for i in got} == {
        "https://areweanticheatyet.com/"
    }
    assert len({i.id for i in got}) == 199 and all(
        i.id.startswith("urn:soapbox:item:") for i in got
    )


def test_an_entry_without_any_link_is_skipped_with_a_warning():
    warnings: list[str] = []
    source = replace(SOURCE, site_url="", feed_url="ftp://weird.example/feed")
    parsed = ParsedFeed("x", "", (raw(1, link="", guid="not-a-url"),))
    assert to_items(parsed, source, first_seen={}, now=NOW, warnings=warnings) == []
    assert warnings and "no http(s) link" in warnings[0]


def test_undated_entries_keep_their_first_seen_time_across_runs():
    first_seen: dict[str, datetime] = {}
    [first] = items(raw(1, published=None), first_seen=first_seen)
    assert first.published == NOW and first.date_estimated
    later = NOW + timedelta(hours=5)
    [again] = items(raw(1, published=None), first_seen=first_seen, now=later)
    assert again.published == NOW and again.date_estimated
    assert set(first_seen) == {"guid-1"}
    items(raw(2, published=None), first_seen=first_seen, now=later)
    assert set(first_seen) == {"guid-2"}  # ids no longer in the feed are forgotten


def test_updated_is_used_when_published_is_missing():
    [item] = items(raw(1, published=None, updated=NOW - timedelta(days=3)))
    assert item.published == NOW - timedelta(days=3) and not item.date_estimated


def test_future_dates_are_clamped_and_stay_put():
    first_seen: dict[str, datetime] = {}
    future = NOW + timedelta(days=365)
    [item] = items(raw(1, published=future), first_seen=first_seen)
    assert item.published == NOW
    [again] = items(raw(1, published=future), first_seen=first_seen, now=NOW + timedelta(hours=2))
    assert again.published == NOW


def test_retention_by_age_and_count_newest_first():
    entries = [raw(n, published=NOW - timedelta(days=n)) for n in range(1, 41)]
    got = items(*entries, source=replace(SOURCE, max_items=5, max_age_days=30))
    assert [i.id for i in got] == ["guid-1", "guid-2", "guid-3", "guid-4", "guid-5"]
    got = items(*entries, source=replace(SOURCE, max_items=100, max_age_days=30))
    assert len(got) == 30 and got[-1].id == "guid-30"
    assert (
        items(*entries, source=replace(SOURCE, max_items=100, max_age_days=None))[-1].id
        == "guid-40"
    )


def test_include_and_exclude_keywords():
    entries = [
        raw(1, title="Pricing lessons from the field"),
        raw(
            2,
            title="Our company picnic",
            content_html="<p>Sandwiches and pricing of sandwiches</p>",
        ),
        raw(3, title="Hiring SDRs", categories=("Pricing",)),
        raw(4, title="Price increases done right"),
    ]
    got = items(*entries, source=replace(SOURCE, include=("pricing",), exclude=("picnic",)))
    assert sorted(i.id for i in got) == [
        "guid-1",
        "guid-3",
    ]  # whole words: "price" is not "pricing"


def test_untitled_entries_take_their_first_words():
    [item] = items(
        raw(1, title="", content_html="<p>" + " ".join(f"w{i}" for i in range(30)) + "</p>")
    )
    assert item.title == "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11…"


def test_private_links_are_dropped_for_a_public_feed():
    got = items(raw(1, link="http://localhost:4000/post/1/", guid="http://localhost:4000/post/1/"))
    assert got[0].link == "https://blog.example.com/"  # the blog's site instead of a dev server
    local = replace(SOURCE, feed_url="http://127.0.0.1:8000/feed.xml", site_url="")
    assert (
        items(raw(1, link="http://127.0.0.1:8000/p/1/"), source=local)[0].link
        == "http://127.0.0.1:8000/p/1/"
    )


def test_google_redirects_are_unwrapped():
    wrapped = "https://www.google.com/url?rct=j&sa=t&url=https://news.example/a%3Fb%3D1&ct=ga"
    assert unwrap_redirect(wrapped) == "https://news.example/a?b=1"
    assert items(raw(1, link=wrapped))[0].link == "https://news.example/a?b=1"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("HTTPS://WWW.Example.com:443/a/?utm_source=x&utm_medium=y#top", "http://example.com/a"),
        ("https://example.com/a?id=2&fbclid=abc", "https://example.com/a/?id=2"),
    ],
)
def test_normalised_links_match(a, b):
    assert normalise_link(a) == normalise_link(b)


def test_normalised_links_keep_meaningful_differences():
    assert normalise_link("https://example.com/a?id=1") != normalise_link(
        "https://example.com/a?id=2"
    )
    assert normalise_link("https://example.com:8443/a") != normalise_link("https://example.com/a")


def test_normalised_titles():
    assert normalise_title("The Buyer’s Journey, Revisited!") == normalise_title(
        "the buyer’s journey revisited"
    )
    assert normalise_title("Weekly notes") == ""  # too short to identify a post


def make(source: str, n: int, *, days: float, **changes) -> Item:
    base = Item(
        id=f"{source}-{n}",
        source=source,
        source_name=source,
        source_site=f"https://{source}/",
        title=f"Unique title {source} {n} here",
        link=f"https://{source}/{n}",
        author="",
        published=NOW - timedelta(days=days),
        date_estimated=False,
        excerpt_html="<p>x</p>",
        excerpt_text="x",
    )
    return replace(base, **changes)


def test_merge_dedupes_across_sources_keeping_the_original():
    original = make("a.example", 1, days=3, title="Why discounting kills deals")
    syndicated = make("b.example", 1, days=1, title="Why Discounting Kills Deals!")
    same_guid = make("b.example", 2, days=2, id="a.example-1")
    same_link = make("c.example", 3, days=0.5, link="https://www.a.example/1/?utm_campaign=x")
    other = make("c.example", 4, days=0.1)
    river = merge(
        {
            "a.example": [original],
            "b.example": [syndicated, same_guid],
            "c.example": [same_link, other],
        }
    )
    assert [i.id for i in river] == ["c.example-4", "a.example-1"]


def test_merge_order_is_newest_first_and_deterministic():
    tie = NOW - timedelta(days=1)
    a = make("a.example", 1, days=1, published=tie)
    b = make("b.example", 1, days=1, published=tie)
    c = make("b.example", 2, days=0)
    for arrangement in (
        {"a.example": [a], "b.example": [b, c]},
        {"a.example": [a], "b.example": [c, b]},
    ):
        assert [i.id for i in merge(arrangement)] == ["b.example-2", "a.example-1", "b.example-1"]


def test_home_page_links_do_not_merge_posts():
    one = make("a.example", 1, days=1, link="https://a.example/")
    two = make("a.example", 2, days=2, link="https://a.example/")
    assert len(merge({"a.example": [one, two]})) == 2


def vocabulary():
    topics = [
        Topic("prospecting", "Prospecting"),
        Topic(
            "cold-calling",
            "Cold calling",
            parent="prospecting",
            synonyms=("cold calls", "outbound calls"),
        ),
        Topic("pricing", "Pricing", synonyms=("discounting",)),
        Topic("sales-leadership", "Sales leadership", synonyms=("sales management",)),
    ]
    vocab, problems = build_vocabulary(topics)
    assert not problems
    return vocab


def test_classify_by_categories_text_and_hints():
    vocab = vocabulary()
    by_category = make("a.example", 1, days=1, categories=("Sales / Pricing", "Misc"))
    assert topics_of(by_category, vocab) == ("pricing",)
    by_text = make(
        "a.example",
        2,
        days=1,
        title="Cold calls that work",
        excerpt_text="Three cold calls a day beat fifty emails.",
    )
    assert topics_of(by_text, vocab) == ("cold-calling",)
    hinted = make("a.example", 3, days=1, title="Nothing in particular")
    assert topics_of(hinted, vocab, ("sales-leadership", "not-a-topic")) == ("sales-leadership",)
    assert topics_of(make("a.example", 4, days=1, title="Gardening tips"), vocab) == ()


def test_merge_classifies_with_hints_per_source():
    vocab = vocabulary()
    river = merge(
        {
            "a.example": [make("a.example", 1, days=1, title="Discounting is a habit")],
            "b.example": [make("b.example", 1, days=2)],
        },
        vocabulary=vocab,
        hints={"b.example": ("sales-leadership",)},
    )
    assert [i.topics for i in river] == [("pricing",), ("sales-leadership",)]


def test_revalidate_holds_snapshot_items_to_todays_rules():
    from soapbox.core.aggregator.normalise import revalidate

    tampered = make(
        "a.example", 1, days=1,
        link="javascript:alert(1)",
        source_site="https://a.example/",
        title="Title\u0007 with  control",
        excerpt_html='<p onclick="x()">Hi <script>x()</script><a href="javascript:x()">link</a><img src="https://t.example/p.gif"></p>',
    )  # fmt: skip
    checked = revalidate(tampered)
    assert checked.link == "https://a.example/"  # an unusable link falls back to the blog
    assert checked.title == "Title with control"
    assert checked.excerpt_html == '<p>Hi <a rel="nofollow noopener ugc">link</a></p>'
    assert revalidate(make("a.example", 2, days=1, link="data:x", source_site="")) is None
