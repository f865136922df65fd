"""The rules of issue 16: feed order within equal or missing dates, identity-based de-duplication,
the encoding choice when the server and the document disagree, JSON Feed's double-escaped HTML,
oversized feeds read up to the cap, and feed discovery (RSS 1.0 links, UTF-16 pages)."""

from __future__ import annotations

import codecs
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from harness import FEEDS_CORPUS
from soapbox.core.aggregator import jsonfeed
from soapbox.core.aggregator.discover import discover_feed, looks_like_html
from soapbox.core.aggregator.model import FetchResult, Item, ParsedFeed, RawEntry, Source
from soapbox.core.aggregator.normalise import merge, to_items
from soapbox.core.aggregator.parse import parse_feed

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FEED = "https://blog.example.com/feed.xml"
SOURCE = Source("Example Blog", FEED, "https://blog.example.com/", max_items=5, max_age_days=None)


def raw(name: str, *, published: datetime | None = None, **changes: object) -> RawEntry:
    entry = RawEntry(
        guid=name,
        link=f"https://blog.example.com/{name}/",
        title=f"The post called {name}",
        title_type="text",
        content_html=f"<p>Words of {name}.</p>",
        author="",
        published=published,
        updated=None,
    )
    return replace(entry, **changes)  # type: ignore[arg-type]


def to(entries: list[RawEntry], source: Source = SOURCE, **kw: object) -> list[Item]:
    parsed = ParsedFeed("Example", "https://blog.example.com/", tuple(entries))
    first_seen = kw.pop("first_seen", {})
    return to_items(parsed, source, first_seen=first_seen, now=kw.pop("now", NOW))  # type: ignore[arg-type]


# --- order ---------------------------------------------------------------------------------------

# Ids whose alphabetical order is the reverse of the feed's: sorting by id would keep the oldest.
NAMES = ["zulu", "yankee", "xray", "whiskey", "victor", "uniform", "tango", "sierra"]


def test_undated_entries_keep_the_feeds_order_and_the_newest_survive():
    got = to([raw(n) for n in NAMES])
    assert [i.id for i in got] == NAMES[:5]


def test_entries_sharing_one_date_keep_the_feeds_order():
    same = NOW - timedelta(days=2)
    got = to([raw(n, published=same) for n in NAMES])
    assert [i.id for i in got] == NAMES[:5]


def test_the_feeds_dates_still_decide_when_they_differ():
    entries = [raw(n, published=NOW - timedelta(days=i)) for i, n in enumerate(NAMES)]
    entries.reverse()  # oldest first in the document: the dates say otherwise
    assert [i.id for i in to(entries)] == NAMES[:5]


def test_undated_entries_never_push_newer_dated_ones_out():
    # an archive feed: five dated recent posts, then old posts without dates
    dated = [raw(f"new-{n}", published=NOW - timedelta(days=n)) for n in range(1, 6)]
    undated = [raw(f"old-{n}") for n in range(1, 6)]
    got = to(dated + undated)
    assert [i.id for i in got] == [f"new-{n}" for n in range(1, 6)]
    # shown with their first-seen time, but never ranked above the dated posts before them
    both = to(dated[:2] + undated[:1], replace(SOURCE, max_items=10))
    assert [i.id for i in both] == ["new-1", "new-2", "old-1"]
    assert both[2].date_estimated and both[2].published == NOW


def test_the_river_keeps_undated_items_below_their_newer_neighbours():
    a = Source("A", "https://a.example/feed", "https://a.example/", max_items=10, max_age_days=None)
    b = Source("B", "https://b.example/feed", "https://b.example/", max_items=10, max_age_days=None)
    items_a = to(
        [
            raw("a-new", published=NOW - timedelta(days=5)),
            raw("a-old", link="https://a.example/o/"),
        ],
        a,
    )
    items_b = to([raw("b-1", published=NOW - timedelta(days=1), link="https://b.example/1/")], b)
    river = merge({a.feed_url: items_a, b.feed_url: items_b})
    assert [i.id for i in river] == ["b-1", "a-new", "a-old"]


def test_the_river_keeps_each_feeds_order_among_equal_dates():
    same = NOW - timedelta(days=1)
    a = Source("A", "https://a.example/feed", "https://a.example/", max_items=10, max_age_days=None)
    items_a = to([raw(n, published=same, link=f"https://a.example/{n}/") for n in NAMES[:4]], a)
    assert [i.id for i in merge({a.feed_url: items_a})] == NAMES[:4]


# --- de-duplication ------------------------------------------------------------------------------


def test_posts_of_one_blog_sharing_a_title_are_distinct():
    weekly = [
        raw(f"w{n}", title="Weekly links for sellers", published=NOW - timedelta(days=7 * n))
        for n in range(1, 4)
    ]
    got = to(weekly)
    river = merge({FEED: got})
    assert len(got) == 3 and len(river) == 3


def test_same_title_across_sources_merges_only_with_the_same_content():
    a = Source("A", "https://a.example/feed", "https://a.example/", max_items=10, max_age_days=None)
    b = Source("B", "https://b.example/feed", "https://b.example/", max_items=10, max_age_days=None)
    text = "<p>Discounting late in the quarter teaches buyers to wait.</p>"
    original = raw("o", title="Why discounting kills deals", content_html=text,
                   link="https://a.example/why/", published=NOW - timedelta(days=3))  # fmt: skip
    copy = raw("c", title="Why Discounting Kills Deals!", content_html=text,
               link="https://b.example/copy/", published=NOW - timedelta(days=1))  # fmt: skip
    other = raw("x", title="Why discounting kills deals", content_html="<p>Another text.</p>",
                link="https://b.example/other/", published=NOW - timedelta(days=2))  # fmt: skip
    river = merge({a.feed_url: to([original], a), b.feed_url: to([copy, other], b)})
    assert sorted(i.id for i in river) == ["o", "x"]


def test_entries_with_neither_link_nor_title_are_deduplicated_by_content():
    a = Source("A", "https://a.example/feed", "https://a.example/", max_items=10, max_age_days=None)
    b = Source("B", "https://b.example/feed", "https://b.example/", max_items=10, max_age_days=None)
    bare = RawEntry("", "", "", "text", "<p>Noted.</p>", "", NOW - timedelta(days=1), None)
    within = to([bare, replace(bare, published=NOW - timedelta(days=2))], a)
    assert len(within) == 1
    river = merge({a.feed_url: within, b.feed_url: to([bare], b)})
    assert len(river) == 1 and river[0].source == a.feed_url


def test_identity_still_merges_a_post_under_another_title():
    a = Source("A", "https://a.example/feed", "https://a.example/", max_items=10, max_age_days=None)
    b = Source("B", "https://b.example/feed", "https://b.example/", max_items=10, max_age_days=None)
    one = raw("p", link="https://a.example/post/?utm_source=rss", published=NOW - timedelta(days=2))
    two = raw("q", title="Something else entirely", link="https://www.a.example/post",
              published=NOW - timedelta(days=1))  # fmt: skip
    river = merge({a.feed_url: to([one], a), b.feed_url: to([two], b)})
    assert [i.id for i in river] == ["p"]


# --- encodings -----------------------------------------------------------------------------------


def fetched(body: bytes, content_type: str = "", url: str = FEED) -> FetchResult:
    return FetchResult(url, url, 200, body, {"content-type": content_type} if content_type else {})


@pytest.mark.parametrize(
    "name,title_part",
    [
        ("rss2-windows-1251-cyrillic-news.xml", "В Бузулуке главные стройплощадки"),
        ("rss2-gb2312-chinese-slash-dates.xml", "建国35周年纪念"),
    ],
)
def test_a_correct_declaration_beats_a_wrong_header(name, title_part):
    body = (FEEDS_CORPUS / name).read_bytes()
    parsed = parse_feed(fetched(body, "text/xml; charset=iso-8859-1"))
    assert any(title_part in e.title for e in parsed.entries)
    assert any("iso-8859-1" in w and "read it as" in w for w in parsed.warnings)


def test_shift_jis_served_as_latin1_is_read_as_declared():
    title = "記事投稿が反映されない件について"
    body = (
        '<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel><title>ブログ</title>'
        f"<item><title>{title}</title><link>https://b.example/1</link></item></channel></rss>"
    ).encode("shift_jis")
    parsed = parse_feed(fetched(body, "application/rss+xml; charset=ISO-8859-1"))
    assert parsed.entries[0].title == title and parsed.title == "ブログ"
    assert parsed.warnings and "Shift_JIS" in parsed.warnings[0]


def test_the_header_wins_when_only_it_decodes_cleanly():
    # declares utf-8, is Latin-1, served as iso-8859-1: the header is right
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xe9</title>'
        "<item><title>Cr\xe8me</title><link>https://b.example/1</link></item></channel></rss>"
    ).encode("latin-1")
    parsed = parse_feed(fetched(body, "text/xml; charset=iso-8859-1"))
    assert parsed.entries[0].title == "Crème"
    assert parsed.warnings and "utf-8" in parsed.warnings[0]


# --- JSON Feed -----------------------------------------------------------------------------------


def test_json_feed_double_escaped_html_falls_back_to_the_clean_text():
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {
                "id": "1",
                "url": "https://j.example/1",
                "content_html": "&lt;p&gt;Call the &lt;b&gt;buyer&lt;/b&gt; first.&lt;/p&gt;",
                "content_text": "Call the buyer first.",
            },
            {
                "id": "2",
                "url": "https://j.example/2",
                "content_html": "&amp;lt;p&amp;gt;Twice escaped.&amp;lt;/p&amp;gt;",
                "summary": "Twice escaped, summarised.",
            },
            {"id": "3", "url": "https://j.example/3", "content_html": "<p>5 &lt; 7, fine.</p>"},
        ],
    }
    parsed = jsonfeed.parse(json.dumps(document), "https://j.example/feed.json")
    source = Source("J", "https://j.example/feed.json", max_age_days=None)
    got = {i.id: i for i in to_items(parsed, source, first_seen={}, now=NOW)}
    assert got["1"].excerpt_text == "Call the buyer first."
    assert got["2"].excerpt_text == "Twice escaped, summarised."
    assert got["3"].excerpt_text == "5 < 7, fine."
    assert "<" not in got["1"].excerpt_html.replace("<p>", "").replace("</p>", "")


# --- oversized feeds -----------------------------------------------------------------------------


def rss_items(count: int) -> bytes:
    items = "".join(
        f"<item><title>Entry {n}</title><link>https://big.example/{n}</link>"
        f"<description>{'x' * 200}</description></item>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big</title>'
        f"{items}</channel></rss>"
    ).encode()


CUT = f"{FEED} sent more than 1 MB, the limit for one feed; Soapbox read it up to the limit"


def test_a_feed_cut_at_the_byte_cap_keeps_its_complete_entries():
    body = rss_items(1000)
    cut = body[: len(body) // 3]
    result = replace(fetched(cut), truncated=CUT)
    parsed = parse_feed(result, max_entries=200)
    assert not parsed.error
    assert 150 < len(parsed.entries) <= 200
    assert [e.title for e in parsed.entries[:2]] == ["Entry 0", "Entry 1"]
    assert any(w.startswith(CUT) for w in parsed.warnings)
    assert "only the first 200" in " ".join(parsed.warnings)


def test_an_atom_feed_cut_mid_entry_keeps_the_entries_before():
    entries = "".join(
        f"<entry><id>urn:e:{n}</id><title>E{n}</title><link href='https://a.example/{n}'/>"
        f"<updated>2026-11-0{1 + n % 9}T00:00:00Z</updated></entry>"
        for n in range(50)
    )
    body = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>{entries}</feed>'.encode()
    cut = body[: body.index(b"<entry><id>urn:e:20<") + 30]
    parsed = parse_feed(replace(fetched(cut), truncated=CUT))
    assert [e.title for e in parsed.entries] == [f"E{n}" for n in range(20)]
    assert parsed.warnings == (f"{CUT} (20 entries)",)
    nothing = parse_feed(replace(fetched(body[:60]), truncated=CUT))
    assert nothing.error == f"{CUT}, but no complete entry arrived before it"


def test_a_json_feed_cut_at_the_cap_keeps_its_complete_items():
    items = [
        {"id": str(n), "url": f"https://j.example/{n}", "content_text": "t" * 100}
        for n in range(300)
    ]
    body = json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}
    ).encode()
    parsed = parse_feed(
        replace(fetched(body[: len(body) // 2], "application/feed+json"), truncated=CUT)
    )
    assert not parsed.error and 100 < len(parsed.entries) < 160
    assert parsed.entries[0].guid == "0"


# --- discovery -----------------------------------------------------------------------------------


def test_autodiscovery_accepts_rdf_feeds():
    page = b'<html><head><link rel="alternate" type="application/rdf+xml" href="/index.rdf"></head></html>'
    assert discover_feed(page, "https://r.example/") == "https://r.example/index.rdf"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_utf16_feed_served_as_html_is_a_feed(codec):
    text = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    assert not looks_like_html(bom + text.encode(codec), "text/html")
    assert not looks_like_html(text.encode(codec), "text/html")  # no BOM either


def test_a_utf16_page_is_searched_for_its_feed():
    page = '<!DOCTYPE html><html><head><link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>'
    body = codecs.BOM_UTF16_LE + page.encode("utf-16-le")
    assert looks_like_html(body, "text/html")
    assert discover_feed(body, "https://u.example/blog/") == "https://u.example/blog/atom.xml"
