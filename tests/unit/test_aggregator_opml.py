"""OPML import (hardened) and the blogroll export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import feedparser
import pytest

from soapbox.core.aggregator.opml import BlogrollEntry, read_opml, write_blogroll

FEEDLY_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Maren subscriptions in feedly Cloud</title></head>
  <body>
    <outline text="Sales" title="Sales">
      <outline type="rss" text="Sales Blog" title="Sales Blog &amp; Co" xmlUrl="https://sales.example/feed/" htmlUrl="https://sales.example/"/>
      <outline text="Pricing folder">
        <outline type="rss" text="Price Intelligently" xmlUrl="https://pricing.example/rss" category="/Sales/Pricing,negotiation"/>
      </outline>
    </outline>
    <outline type="rss" text="Leadership Weekly" xmlurl="https://lead.example/atom.xml"/>
    <outline type="rss" text="Again" xmlUrl="https://sales.example/feed/"/>
    <outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>
    <outline type="rss" text="" xmlUrl="https://noname.example/feed"/>
  </body>
</opml>"""


def test_import_reads_nested_outlines_and_categories():
    result = read_opml(FEEDLY_EXPORT, label="subscriptions.opml")
    assert not result.error
    assert [(s.name, s.feed_url, s.site_url, s.topics) for s in result.sources] == [
        ("Sales Blog & Co", "https://sales.example/feed/", "https://sales.example/", ("Sales",)),
        (
            "Price Intelligently",
            "https://pricing.example/rss",
            "",
            ("Sales", "Pricing folder", "Pricing", "negotiation"),
        ),
        ("Leadership Weekly", "https://lead.example/atom.xml", "", ()),
        ("noname.example", "https://noname.example/feed", "", ()),
    ]
    assert len(result.problems) == 2
    assert "line 12" in result.problems[0] and "listed twice" in result.problems[0]
    assert (
        "subscriptions.opml, line 13" in result.problems[1]
        and "not an http(s) address" in result.problems[1]
    )


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml><body><outline text="&x;" xmlUrl="https://a.example/"/></body></opml>',
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="https://a.example/"/></body></opml>',
        b'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "https://evil.example/opml.dtd"><opml><body/></opml>',
    ],
)
def test_doctypes_are_refused(document):
    result = read_opml(document, label="feeds.opml")
    assert result.sources == [] and "feeds.opml: has a DOCTYPE" in result.error


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"<opml><body><outline xmlUrl='https://a.example/'></body>", "not well-formed XML"),
        (b"", "not well-formed XML"),
        (b"<opml><body><outline text='folder only'/></body></opml>", None),
    ],
)
def test_broken_or_empty_files(document, message):
    result = read_opml(document, label="x.opml")
    if message:
        assert result.error.startswith("x.opml: line") and message in result.error
    else:
        assert not result.error and "lists no feeds" in result.problems[0]


def test_blogroll_round_trips_and_escapes():
    entries = [
        BlogrollEntry(
            'Tom & "Jerry" <Sales>',
            "https://a.example/feed?x=1&y=2",
            "https://a.example/",
            "Pricing, Negotiation",
        ),
        BlogrollEntry("Second", "https://b.example/rss"),
    ]
    data = write_blogroll(
        "Maren Okafor: blogroll",
        entries,
        date=datetime(2026, 11, 22, tzinfo=UTC),
        owner="Maren",
    )
    root = ET.fromstring(data)
    assert root.find("head/title").text == "Maren Okafor: blogroll"
    assert root.find("head/dateCreated").text == "Sun, 22 Nov 2026 00:00:00 +0000"
    outlines = root.findall("body/outline")
    assert outlines[0].get("text") == 'Tom & "Jerry" <Sales>'
    assert outlines[0].get("xmlUrl") == "https://a.example/feed?x=1&y=2"
    assert (
        outlines[0].get("category") == "Pricing, Negotiation" and outlines[1].get("htmlUrl") is None
    )
    again = read_opml(data)
    assert [s.feed_url for s in again.sources] == [
        "https://a.example/feed?x=1&y=2",
        "https://b.example/rss",
    ]
    assert feedparser.parse(data).get("version") == ""  # an OPML file, not a feed
