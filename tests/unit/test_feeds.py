"""soapbox.core.feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 writers, dates, HTML for feed readers."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import feedparser
import lxml.etree
import pytest

from soapbox.core import feeds
from soapbox.core.feeds import Category, Feed, FeedItem, Image, Person

BERLIN = ZoneInfo("Europe/Berlin")
SITE = "https://example.test/"

# The W3C Feed Validation Service's date patterns (feedvalidator/validators.py): RFC 2822 with a
# four-digit year and an offset ending in 00 or 30, and RFC 3339 with a mandatory offset.
RFC2822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" \d{4} \d\d:\d\d(:\d\d)? ([+-]\d\d[03]0|GMT|UT|Z)$"
)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|[+-]\d\d:\d\d)$")

HOSTILE = [
    "R&D",
    "<script>alert('x')</script>",
    "]]> end of CDATA",
    "bell\x07 null\x00 escape\x1b c1\x85 noncharacter\ufffe",
    "emoji 🚀🔥 and RTL مرحبا",
    "quotes \" and ' and &amp; literally",
]


def item(n: int = 1, **changes) -> FeedItem:
    url = f"{SITE}post-{n}/"
    values = dict(
        id=url,
        url=url,
        title=f"Post {n}",
        published=datetime(2024, 3, n, 9, 30, tzinfo=BERLIN),
        summary=f"Summary {n}",
        content_html=f"<p>Body {n}</p>",
        author=Person("Ana Ruiz", f"{SITE}about/"),
        categories=(Category("pricing", "Pricing"),),
    )
    values.update(changes)
    return FeedItem(**values)


def feed(*items: FeedItem, **changes) -> Feed:
    values = dict(
        title="Fixture",
        home_url=SITE,
        description="A site",
        urls={fmt: SITE + name for fmt, name in feeds.FILENAMES.items()},
        items=items or (item(),),
        language="en",
        author=Person("Fixture", SITE),
        stylesheet="assets/soapbox/feed.xsl",
    )
    values.update(changes)
    return Feed(**values)


def parse_all(document: Feed) -> dict[str, object]:
    """Every format parsed back: strict XML and feedparser for RSS/Atom, json for JSON Feed."""
    parsed = {}
    for fmt in ("rss", "atom"):
        data = feeds.write(document, fmt)
        lxml.etree.fromstring(data)  # strict: raises on anything not well-formed
        result = feedparser.parse(data)
        assert not result.bozo, (fmt, result.get("bozo_exception"))
        parsed[fmt] = result
    parsed["json"] = json.loads(feeds.write(document, "json"))
    return parsed


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_titles_topics_summaries_and_content_give_valid_feeds(text):
    hostile = item(
        title=text,
        summary=text,
        content_html=feeds.feed_html(f"<p>{text}</p><p>{feeds.html.escape(text)}</p>", SITE),
        categories=(Category("x", text),),
        author=Person(text),
    )
    parsed = parse_all(feed(hostile, title=text, description=text))
    expected = feeds.clean(text)
    assert parsed["rss"].entries[0].title == expected
    assert parsed["atom"].entries[0].title == expected
    assert parsed["json"]["items"][0]["title"] == expected
    assert parsed["rss"].feed.title == expected
    assert [t.term for t in parsed["atom"].entries[0].tags] == ["x"]
    assert parsed["atom"].entries[0].tags[0].label == expected
    assert parsed["json"]["items"][0]["tags"] == [expected]
    assert parsed["rss"].entries[0].author == expected  # dc:creator
    for fmt in ("rss", "atom"):
        assert "<script" not in parsed[fmt].entries[0].content[0].value


@pytest.mark.parametrize(
    "raw, kept",
    [
        ("a\x00b\x08c\x0bd\x0ce\x1ff", "abcdef"),
        ("tab\tnewline\ncr\r", "tab\tnewline\ncr\r"),
        ("c1\x80\x9f", "c1"),
        ("\ud800lone surrogate", "lone surrogate"),
        ("\ufffd\ufffe\uffff", ""),
        ("émoji 🚀", "émoji 🚀"),
    ],
)
def test_clean_removes_what_xml_cannot_carry(raw, kept):
    assert feeds.clean(raw) == kept


@pytest.mark.parametrize(
    "moment, rss, atom",
    [
        (
            datetime(2024, 1, 15, 9, 30, tzinfo=BERLIN),
            "Mon, 15 Jan 2024 09:30:00 +0100",
            "2024-01-15T09:30:00+01:00",
        ),
        (
            datetime(2024, 7, 1, 0, 0, tzinfo=BERLIN),
            "Mon, 01 Jul 2024 00:00:00 +0200",
            "2024-07-01T00:00:00+02:00",
        ),
        (
            datetime(2024, 11, 5, 23, 59, 59, tzinfo=ZoneInfo("America/New_York")),
            "Tue, 05 Nov 2024 23:59:59 -0500",
            "2024-11-05T23:59:59-05:00",
        ),
        (
            datetime(2024, 2, 29, 12, 0, tzinfo=UTC),
            "Thu, 29 Feb 2024 12:00:00 +0000",
            "2024-02-29T12:00:00+00:00",
        ),
        (
            datetime(2024, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Kolkata")),
            "Fri, 01 Mar 2024 10:00:00 +0530",
            "2024-03-01T10:00:00+05:30",
        ),
        # +05:45 is valid RFC 822 but the validator warns: RSS gets the same instant in UTC.
        (
            datetime(2024, 3, 1, 10, 0, tzinfo=ZoneInfo("Asia/Kathmandu")),
            "Fri, 01 Mar 2024 04:15:00 +0000",
            "2024-03-01T10:00:00+05:45",
        ),
        (
            datetime(2024, 3, 1, 10, 0, 0, 123456, tzinfo=timezone(timedelta(hours=-3))),
            "Fri, 01 Mar 2024 10:00:00 -0300",
            "2024-03-01T10:00:00-03:00",
        ),
    ],
)
def test_dates_carry_their_offset(moment, rss, atom):
    assert feeds.rfc822(moment) == rss
    assert RFC2822.match(rss)
    assert feeds.rfc3339(moment) == atom
    assert RFC3339.match(atom)


def test_naive_dates_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        feeds.rfc822(datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        feeds.rfc3339(datetime(2024, 1, 1))


BASE = "https://example.test/blog/my-post/"


@pytest.mark.parametrize(
    "markup, expected",
    [
        ('<a href="../other/">x</a>', '<a href="https://example.test/blog/other/">x</a>'),
        ('<a href="/about/">x</a>', '<a href="https://example.test/about/">x</a>'),
        ('<a href="#part-2">x</a>', '<a href="https://example.test/blog/my-post/#part-2">x</a>'),
        (
            '<a href="?q=1&amp;r=2">x</a>',
            '<a href="https://example.test/blog/my-post/?q=1&amp;r=2">x</a>',
        ),
        ('<a href="https://other.test/a">x</a>', '<a href="https://other.test/a">x</a>'),
        ('<a href="mailto:me@example.test">x</a>', '<a href="mailto:me@example.test">x</a>'),
        (
            '<img src="pic.png" alt="A &amp; B">',
            '<img src="https://example.test/blog/my-post/pic.png" alt="A &amp; B">',
        ),
        (
            '<img src="a.png" srcset="a.png 1x, ../b.png 2x,/c.png 3x">',
            '<img src="https://example.test/blog/my-post/a.png"'
            ' srcset="https://example.test/blog/my-post/a.png 1x,'
            ' https://example.test/blog/b.png 2x, https://example.test/c.png 3x">',
        ),
        (
            '<video poster="p.jpg"></video>',
            '<video poster="https://example.test/blog/my-post/p.jpg"></video>',
        ),
        (
            "<p>1 &lt; 2 &amp; <code>&lt;b&gt;</code></p>",
            "<p>1 &lt; 2 &amp; <code>&lt;b&gt;</code></p>",
        ),
        # What feed readers must not run or what the validator flags as a security risk:
        ('<p onclick="x()" style="color:red" aria-hidden="true" role="note">t</p>', "<p>t</p>"),
        ("<p>a</p><script>alert('<p>')</script><style>p{}</style><p>b</p>", "<p>a</p><p>b</p>"),
        ('<iframe src="https://x.test/"></iframe><p>after</p>', "<p>after</p>"),
        (
            '<span class="twemoji"><svg viewBox="0 0 1 1"><path d="M0"/></svg></span>',
            '<span class="twemoji"></span>',
        ),
        (
            '<h2 id="why">Why<a class="headerlink" href="#why" title="Permanent link">¶</a></h2>',
            '<h2 id="why">Why</h2>',
        ),
        ("<!-- note --><p>x</p>", "<p>x</p>"),
        ("<p>bell\x07</p>", "<p>bell</p>"),
    ],
)
def test_feed_html_makes_links_absolute_and_content_safe(markup, expected):
    assert feeds.feed_html(markup, BASE) == expected


def test_no_relative_references_survive():
    """The validator's ContainsRelRef check: every <a href> and <img src> starts with a scheme."""
    html = feeds.feed_html(
        '<p><a href="x/">a</a> <a href="#y">b</a> <img src="../z.png"></p>', BASE
    )
    refs = re.findall(r'<(?:a|img)\s[^>]*(?:href|src)="([^"]*)"', html)
    assert refs and all(re.match(r"\w+:", ref) for ref in refs)


def test_summary_mode_links_to_the_article():
    assert feeds.summary_html("A & B", BASE) == (
        f'<p>A &amp; B</p><p><a href="{BASE}">Read the whole article</a></p>'
    )


def test_rss_follows_the_rss_advisory_board_profile():
    image = Image(f"{SITE}images/pic.png", "image/png", 1234, "A picture")
    document = feed(item(1, image=image), item(2, updated=datetime(2024, 5, 1, tzinfo=BERLIN)))
    root = lxml.etree.fromstring(feeds.write_rss(document))
    ns = {
        "atom": feeds.NS_ATOM,
        "content": feeds.NS_CONTENT,
        "dc": feeds.NS_DC,
        "media": feeds.NS_MEDIA,
    }
    channel = root.find("channel")
    self_link = channel.find("atom:link", ns)
    assert self_link.attrib == {
        "href": f"{SITE}feed.xml",
        "rel": "self",
        "type": "application/rss+xml",
    }
    assert channel.findtext("link") == SITE
    # Feed-level date = newest item date (item 2 updated on May 1), never the clock.
    assert channel.findtext("lastBuildDate") == "Wed, 01 May 2024 00:00:00 +0200"
    entries = channel.findall("item")
    assert [e.findtext("title") for e in entries] == ["Post 1", "Post 2"]
    first = entries[0]
    assert first.find("author") is None  # RSS author must be an e-mail address
    assert first.findtext("dc:creator", namespaces=ns) == "Ana Ruiz"
    guid = first.find("guid")
    assert guid.text == first.findtext("link") == f"{SITE}post-1/"
    assert guid.get("isPermaLink") == "true"
    assert RFC2822.match(first.findtext("pubDate"))
    assert first.find("enclosure").attrib == {
        "url": image.url,
        "length": "1234",
        "type": "image/png",
    }
    media = first.find("media:content", ns)
    assert (
        media.get("url") == image.url
        and media.get("medium") == "image"
        and media.get("fileSize") == "1234"
    )
    assert first.findtext("media:content/media:description", namespaces=ns) == "A picture"
    assert first.findtext("content:encoded", namespaces=ns) == "<p>Body 1</p>"
    assert [c.text for c in first.findall("category")] == ["Pricing"]


def test_remote_images_without_a_size_get_media_but_no_enclosure():
    document = feed(item(image=Image("https://cdn.test/pic.jpg", "image/jpeg", 0)))
    root = lxml.etree.fromstring(feeds.write_rss(document))
    entry = root.find("channel/item")
    assert entry.find("enclosure") is None
    assert entry.find(f"{{{feeds.NS_MEDIA}}}content").get("url") == "https://cdn.test/pic.jpg"


def test_atom_has_the_elements_rfc_4287_requires():
    document = feed(item(1), item(2, author=None))
    ns = {"a": feeds.NS_ATOM}
    root = lxml.etree.fromstring(feeds.write_atom(document))
    assert root.findtext("a:id", namespaces=ns) == f"{SITE}atom.xml"
    assert root.find("a:link[@rel='self']", ns).get("href") == f"{SITE}atom.xml"
    assert root.findtext("a:updated", namespaces=ns) == "2024-03-02T09:30:00+01:00"
    assert (
        root.findtext("a:author/a:name", namespaces=ns) == "Fixture"
    )  # covers entries without one
    for entry in root.findall("a:entry", ns):
        for child in ("id", "title", "updated", "published"):
            assert entry.findtext(f"a:{child}", namespaces=ns)
        assert RFC3339.match(entry.findtext("a:updated", namespaces=ns))
        assert entry.find("a:content", ns).get("type") == "html"


def test_json_feed_has_its_required_fields():
    document = json.loads(feeds.write_json(feed(item(1), item(2))))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == "Fixture"
    assert document["feed_url"] == f"{SITE}feed.json"
    assert [i["id"] for i in document["items"]] == [f"{SITE}post-1/", f"{SITE}post-2/"]
    for entry in document["items"]:
        assert entry["content_html"]
        assert RFC3339.match(entry["date_published"])


def test_output_is_deterministic_and_starts_with_the_stylesheet():
    document = feed(item(1), item(2))
    for fmt in feeds.FORMATS:
        assert feeds.write(document, fmt) == feeds.write(feed(item(1), item(2)), fmt)
    for fmt in ("rss", "atom"):
        head = feeds.write(document, fmt).decode().splitlines()[:2]
        assert head == [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<?xml-stylesheet type="text/xsl" href="assets/soapbox/feed.xsl"?>',
        ]


def test_empty_feeds_still_have_the_updated_atom_requires_never_the_build_time():
    """W3C validator, MissingElement: an Atom feed without entries (the river before its first
    fetch) still needs `<updated>`; it is `created` when known, else the epoch, never the clock."""
    empty = Feed("T", SITE, "d", {fmt: SITE + n for fmt, n in feeds.FILENAMES.items()})
    assert empty.updated is None
    assert b"lastBuildDate" not in feeds.write_rss(empty)  # optional in RSS
    root = lxml.etree.fromstring(feeds.write_atom(empty))
    updated = root.findtext("{http://www.w3.org/2005/Atom}updated")
    assert updated == "1970-01-01T00:00:00+00:00" and RFC3339.match(updated)
    assert feeds.write_atom(empty) == feeds.write_atom(empty)
    created = dataclasses.replace(empty, created=datetime(2025, 5, 1, 8, tzinfo=BERLIN))
    root = lxml.etree.fromstring(feeds.write_atom(created))
    assert root.findtext("{http://www.w3.org/2005/Atom}updated") == "2025-05-01T08:00:00+02:00"
    assert not feedparser.parse(feeds.write_atom(empty)).bozo


@pytest.mark.parametrize(
    "guid, permalink",
    [
        ("https://example.test/post/", "true"),
        ("http://example.test/post/", "true"),
        ("tag:blog.example.org,2024:post-7", "false"),
        ("urn:uuid:1f0e4b8a-0000-4000-8000-000000000000", "false"),
        ("post-7", "false"),
        ("https:no-host", "false"),
    ],
)
def test_only_web_urls_are_permalink_guids(guid, permalink):
    """W3C validator, InvalidPermalink: `isPermaLink="true"` needs a URL; a `tag:` id is not one."""
    data = feeds.write_rss(feed(item(id=guid)))
    element = lxml.etree.fromstring(data).find("channel/item/guid")
    assert element.text == guid and element.get("isPermaLink") == permalink
    assert feedparser.parse(data).entries[0].id == guid


READER_ZONES = [timezone(timedelta(hours=h)) for h in range(-10, 13)]  # UTC-10 ... UTC+12


@pytest.mark.parametrize(
    "zone", ["Europe/Berlin", "UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Honolulu"]
)
@pytest.mark.parametrize("day", [date(2024, 9, 22), date(2024, 1, 15), date(2024, 3, 31)])
def test_a_date_only_post_has_its_date_for_every_reader_from_utc_minus_10_to_plus_12(zone, day):
    """A post dated `2024-09-22` is read as midnight in the site's zone: a reader west of it would
    list it on the 21st. Feeds stamp it at a time every reader from UTC-10 to UTC+12 agrees on."""
    midnight = datetime.combine(day, time(), ZoneInfo(zone))
    stamped = feeds.date_only(midnight)
    assert stamped.tzinfo == midnight.tzinfo  # written with the site's own offset
    for reader in READER_ZONES:
        assert stamped.astimezone(reader).date() == day, (zone, reader)
    assert feeds.date_only(midnight, time(12, 0)) == datetime.combine(day, time(12), ZoneInfo(zone))


def test_a_post_with_a_time_keeps_it():
    moment = datetime(2024, 9, 22, 18, 30, tzinfo=BERLIN)
    assert feeds.date_only(moment) is moment
    assert feeds.date_only(moment, time(12, 0)) is moment
    with pytest.raises(ValueError, match="timezone-aware"):
        feeds.date_only(datetime(2024, 9, 22))


def test_opml_of_everything_holds_the_site_and_the_river_flat():
    site = feeds.FeedLink("Site", "rss", f"{SITE}feed.xml", SITE)
    river = feeds.FeedLink("Around", "rss", f"{SITE}around-the-web/feed.xml")
    root = lxml.etree.fromstring(feeds.subscription_opml("Site", site, river))
    assert [o.get("xmlUrl") for o in root.find("body")] == [site.url, river.url]
    assert feeds.preferred([feeds.FeedLink("A", "atom", "a"), site]) is site
    assert feeds.preferred([]) is None


def test_opml_lists_every_feed():
    links = (feeds.FeedLink("All & more", "rss", f"{SITE}feed.xml", SITE),)
    data = feeds.write_opml(
        "Fixture feeds", [feeds.Outline("Everything", links)], datetime(2024, 1, 1, tzinfo=BERLIN)
    )
    root = lxml.etree.fromstring(data)
    outline = root.find("body/outline/outline")
    assert outline.attrib == {
        "type": "rss", "text": "All & more", "title": "All & more",
        "xmlUrl": f"{SITE}feed.xml", "htmlUrl": SITE,
    }  # fmt: skip
