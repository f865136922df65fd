"""Real `mkdocs build --strict` runs: the site, type and topic feeds in RSS, Atom and JSON Feed,
autodiscovery, the subscribe page and feeds.opml, checked against the posts and against the W3C
Feed Validation Service's rules that apply to us (each assertion names the rule)."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import feedparser
import lxml.etree
import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"
SITE = "https://example.test/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 120  # size is what matters: 128 bytes
HOSTILE_TITLE = "R&D <script>alert(1)</script> ]]> \x07 🚀"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "media": "http://search.yahoo.com/mrss/",
}
RFC2822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r" \d{4} \d\d:\d\d(:\d\d)? ([+-]\d\d[03]0|GMT|UT|Z)$"
)
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
# The validator's SecurityRisk list: elements feed HTML must not contain.
UNSAFE = re.compile(
    r"<(script|style|iframe|object|embed|applet|svg|form)\b|\son\w+=|\sstyle=", re.I
)


def article(title, date, type_="rant", *extra, body="Some words here."):
    lines = [
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"date: {date}",
        f"type: {type_}",
        *extra,
    ]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


POSTS = {
    "rants/oldest.md": article("Oldest rant", "2024-01-05 08:00", "rant", "topics: [pricing]"),
    "rants/hostile.md": article(
        HOSTILE_TITLE,
        "2024-07-01 09:30",
        "rant",
        'topics: ["R&D", "<b>bold</b>"]',
        'description: "Less & more <i>"',
        body="See [the case](../case-studies/win.md), ![chart](../images/pic.png)"
        " and [a section](#more).\n\n## More\n\n<script>alert(1)</script>\n\nText with ]]> inside.",
    ),
    "rants/newest.md": article(
        "Newest rant",
        "2024-11-20 18:00",
        "rant",
        "topics: [pricing]",
        "image: ../images/pic.png",
        "image_alt: A chart",
        "updated: 2024-12-01 10:00",
    ),
    "case-studies/win.md": article("A win", "2024-03-10", "case-study", "topics: [pricing, R&D]"),
    "case-studies/second.md": article("Second win", "2024-09-09", "case-study"),
    "rants/draft.md": article(
        "Secret draft", "2024-05-05", "rant", "draft: true", "topics: [pricing]"
    ),
    "rants/later.md": article("Scheduled rant", "2027-01-01", "rant", "topics: [pricing]"),
    "about.md": "# About\n\nHello.\n",
}
OPTIONS = {
    "authors": {"ana": {"name": "Ana Ruiz", "url": "about/"}},
    "content": {"timezone": "Europe/Berlin"},
    "feeds": {
        "items": 4,
        "email_signup_url": "https://buttondown.test/ana",
        "email_signup_label": "Get it by email",
    },
}
PUBLIC_NEWEST_FIRST = ["newest", "second", "hostile", "win", "oldest"]  # by date
URL_OF = {name: f"{name}/" for name in PUBLIC_NEWEST_FIRST}
FEEDS = {  # folder -> the public articles it carries (before the item limit)
    "": PUBLIC_NEWEST_FIRST,
    "rants/": ["newest", "hostile", "oldest"],
    "case-studies/": ["second", "win"],
    "topics/pricing/": ["newest", "win", "oldest"],
    "topics/r-and-d/": ["hostile", "win"],
    "topics/b-bold-b/": ["hostile"],  # a topic named "<b>bold</b>" is a topic like any other
}


def write_posts(root):
    config = harness.write_site(root, POSTS, OPTIONS)
    (root / "posts" / "images").mkdir(exist_ok=True)
    (root / "posts" / "images" / "pic.png").write_bytes(PNG)
    return config


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds")
    config = write_posts(root / "src")
    before = harness.snapshot_tree(root / "src" / "posts")
    first = harness.build(config, root / "one", now=NOW).assert_ok()
    second = harness.build(config, root / "two", now=NOW).assert_ok()
    assert harness.snapshot_tree(root / "src" / "posts") == before, "the build wrote into posts/"
    return first, second


@pytest.fixture(scope="module")
def site(built):
    return built[0]


def all_feed_files(site):
    return sorted(
        p for p in site.site.rglob("*") if p.name in ("feed.xml", "atom.xml", "feed.json")
    )


def rss(site, folder=""):
    return lxml.etree.fromstring(site.path(folder + "feed.xml").read_bytes())


def atom(site, folder=""):
    return lxml.etree.fromstring(site.path(folder + "atom.xml").read_bytes())


def test_every_feed_exists_and_parses_strictly(site):
    files = all_feed_files(site)
    expected = {
        f"{folder}{name}" for folder in FEEDS for name in ("feed.xml", "atom.xml", "feed.json")
    }
    assert {p.relative_to(site.site).as_posix() for p in files} == expected
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".json":
            document = json.loads(data)
            assert document["version"] == "https://jsonfeed.org/version/1.1"
            assert document["title"] and isinstance(document["items"], list)
            for entry in document["items"]:
                assert entry["id"] and (entry.get("content_html") or entry.get("content_text"))
            continue
        lxml.etree.fromstring(data)  # strict XML: raises on any well-formedness error
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if path.name == "feed.xml" else "atom10")


def test_items_order_count_and_guids_match_the_posts(site):
    for folder, slugs in FEEDS.items():
        expected = [SITE + URL_OF[s] for s in slugs[:4]]  # feeds: items: 4
        channel = rss(site, folder).find("channel")
        assert [i.findtext("guid") for i in channel.findall("item")] == expected, folder
        assert [
            e.findtext("atom:id", namespaces=NS)
            for e in atom(site, folder).findall("atom:entry", NS)
        ] == expected
        document = json.loads(site.path(folder + "feed.json").read_bytes())
        assert [i["id"] for i in document["items"]] == expected


def test_drafts_and_scheduled_posts_never_appear(site):
    for path in all_feed_files(site) + [site.path("feeds.opml"), site.path("subscribe/")]:
        text = path.read_text(encoding="utf-8")
        assert "Secret draft" not in text and "Scheduled rant" not in text, path
        assert "/draft/" not in text and "/later/" not in text, path


def test_dates_come_from_front_matter_with_the_site_offset(site):
    channel = rss(site).find("channel")
    newest = channel.find("item")
    assert newest.findtext("pubDate") == "Wed, 20 Nov 2024 18:00:00 +0100"
    # The feed's own date is its newest item's (updated Dec 1), not the build time.
    assert channel.findtext("lastBuildDate") == "Sun, 01 Dec 2024 10:00:00 +0100"
    hostile = channel.findall("item")[2]
    assert hostile.findtext("pubDate") == "Mon, 01 Jul 2024 09:30:00 +0200"  # summer time
    feed = atom(site)
    assert feed.findtext("atom:updated", namespaces=NS) == "2024-12-01T10:00:00+01:00"
    entry = feed.find("atom:entry", NS)
    assert entry.findtext("atom:published", namespaces=NS) == "2024-11-20T18:00:00+01:00"
    assert entry.findtext("atom:updated", namespaces=NS) == "2024-12-01T10:00:00+01:00"
    document = json.loads(site.path("feed.json").read_bytes())
    assert document["items"][0]["date_published"] == "2024-11-20T18:00:00+01:00"
    assert document["items"][0]["date_modified"] == "2024-12-01T10:00:00+01:00"


def test_date_only_posts_keep_their_date_for_readers_from_utc_minus_10_to_plus_12(site):
    """`date: 2024-03-10` was stamped 00:00 Berlin, which a reader in UTC or the Americas lists
    on 9 March; it is stamped 11:00 UTC (12:00 in Berlin's winter) in every format."""
    items = {i.findtext("link"): i for i in rss(site).iter("item")}
    assert items[f"{SITE}win/"].findtext("pubDate") == "Sun, 10 Mar 2024 12:00:00 +0100"
    assert items[f"{SITE}second/"].findtext("pubDate") == "Mon, 09 Sep 2024 13:00:00 +0200"
    entries = {
        e.findtext("atom:id", namespaces=NS): e for e in atom(site).iterfind("atom:entry", NS)
    }
    published = entries[f"{SITE}win/"].findtext("atom:published", namespaces=NS)
    assert published == "2024-03-10T12:00:00+01:00"
    document = {i["id"]: i for i in json.loads(site.path("feed.json").read_bytes())["items"]}
    assert document[f"{SITE}second/"]["date_published"] == "2024-09-09T13:00:00+02:00"
    for entry in feedparser.parse(site.path("feed.xml").read_bytes()).entries:
        if entry.link == f"{SITE}win/":
            assert entry.published_parsed[:3] == (2024, 3, 10)  # in UTC, as readers compute


def test_author_links_point_to_the_author_page_at_the_site_root(site):
    """`url: about/` is the site's about page: it was resolved against each article
    (`…/newest/about/`, a 404) in Atom and JSON Feed."""
    for folder in FEEDS:
        for entry in atom(site, folder).iterfind("atom:entry", NS):
            assert entry.findtext("atom:author/atom:uri", namespaces=NS) == f"{SITE}about/"
        document = json.loads(site.path(folder + "feed.json").read_bytes())
        for entry in document["items"]:
            assert entry["authors"] == [{"name": "Ana Ruiz", "url": f"{SITE}about/"}]
    assert site.path("about/").exists()


def test_the_date_only_time_option_and_its_error(tmp_path):
    write_posts(tmp_path / "src")
    options = {**OPTIONS, "feeds": {"date_only_time": "07:30"}}
    config = harness.write_site(tmp_path / "src", {}, options)
    result = harness.build(config, tmp_path / "out", now=NOW).assert_ok()
    items = {i.findtext("link"): i for i in rss(result).iter("item")}
    assert items[f"{SITE}win/"].findtext("pubDate") == "Sun, 10 Mar 2024 07:30:00 +0100"
    newest = items[f"{SITE}newest/"]
    assert newest.findtext("pubDate") == "Wed, 20 Nov 2024 18:00:00 +0100"  # its own time stays

    bad = {**OPTIONS, "feeds": {"date_only_time": "noon"}}
    config = harness.write_site(tmp_path / "src", {}, bad)
    result = harness.build(config, tmp_path / "bad", now=NOW)
    assert not result.ok
    assert "date_only_time" in result.output
    assert "'noon' is not a time of day; write it as HH:MM, e.g. '12:00'" in result.output


def test_validator_rules_for_rss(site):
    """W3C Feed Validation Service, RSS Advisory Board profile."""
    for folder in FEEDS:
        channel = rss(site, folder).find("channel")
        # MissingAtomSelfLink / SelfDoesntMatchLocation: the self link is the file's own URL.
        self_link = channel.find("atom:link[@rel='self']", NS)
        assert self_link.get("href") == f"{SITE}{folder}feed.xml"
        assert self_link.get("type") == "application/rss+xml"
        # Required channel elements, absolute link.
        assert channel.findtext("title") and channel.findtext("description")
        assert channel.findtext("link") == SITE + folder
        assert RFC2822.match(channel.findtext("lastBuildDate"))  # InvalidRFC2822Date
        for item in channel.findall("item"):
            # MissingGuid; a permalink GUID must be the item's absolute URL.
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "true" and guid.text == item.findtext("link")
            assert guid.text.startswith(SITE)
            # InvalidRFC2822Date: four-digit year, offset ending in 00 or 30.
            assert RFC2822.match(item.findtext("pubDate"))
            # InvalidContact: RSS <author> must be an e-mail address; names go in dc:creator.
            assert item.find("author") is None
            assert item.findtext("dc:creator", namespaces=NS) == "Ana Ruiz"
            content = item.findtext("content:encoded", namespaces=NS)
            assert_clean_html(content)
            # At most one enclosure per item (DuplicateEnclosure).
            assert len(item.findall("enclosure")) <= 1


def test_validator_rules_for_atom(site):
    """W3C Feed Validation Service, RFC 4287."""
    for folder in FEEDS:
        feed = atom(site, folder)
        assert (
            feed.find("atom:link[@rel='self']", NS).get("href") == f"{SITE}{folder}atom.xml"
        )  # MissingSelf
        assert feed.find("atom:link[@rel='alternate']", NS).get("href") == SITE + folder
        assert feed.findtext("atom:id", namespaces=NS) and feed.findtext(
            "atom:title", namespaces=NS
        )
        assert RFC3339.match(feed.findtext("atom:updated", namespaces=NS))  # InvalidRFC3339Date
        assert feed.findtext("atom:author/atom:name", namespaces=NS)  # MissingAuthor
        ids = [e.findtext("atom:id", namespaces=NS) for e in feed.findall("atom:entry", NS)]
        assert len(ids) == len(set(ids))  # DuplicateEntries
        for entry in feed.findall("atom:entry", NS):
            for child in ("atom:published", "atom:updated"):
                assert RFC3339.match(entry.findtext(child, namespaces=NS))
            content = entry.find("atom:content", NS)
            assert content.get("type") == "html"
            assert_clean_html(content.text)


def assert_clean_html(content: str) -> None:
    # ContainsRelRef: every <a href> / <img src> is absolute (the validator's own patterns).
    refs = re.findall(r'<a\s+href="(.*?)"', content) + re.findall(
        r'<img\s+[^>]*src="(.*?)"', content
    )
    relative = [r for r in refs if not re.match(r"\w+:", r)]
    assert relative == [], relative
    # SecurityRisk / SecurityRiskAttr / DangerousStyleAttr.
    assert not UNSAFE.search(content), UNSAFE.search(content)
    # BadCharacters: no C1 controls, no U+FFFD.
    assert not re.search("[\x80-\x9f\ufffd]", content)


def test_hostile_front_matter_survives_intact_and_escaped(site):
    expected_title = HOSTILE_TITLE.replace("\x07", "")
    parsed = feedparser.parse(site.path("feed.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link == SITE + "hostile/")
    assert entry.title == expected_title
    assert [t.term for t in entry.tags] == ["R&D", "<b>bold</b>"]
    # RSS description is HTML: the text was escaped once more for it, so "<i>" shows as text.
    assert entry.summary == "Less &amp; more &lt;i&gt;"
    body = entry.content[0].value
    assert f'<a href="{SITE}win/">the case</a>' in body
    assert f'src="{SITE}images/pic.png"' in body
    assert f'<a href="{SITE}hostile/#more">a section</a>' in body
    assert "Text with ]]&gt; inside." in body
    assert "<script" not in body and "alert(1)" not in body
    atom_entry = next(
        e
        for e in feedparser.parse(site.path("atom.xml").read_bytes()).entries
        if e.id == SITE + "hostile/"
    )
    assert atom_entry.title == expected_title
    assert [(t.term, t.label) for t in atom_entry.tags] == [
        ("r-and-d", "R&D"),
        ("b-bold-b", "<b>bold</b>"),
    ]
    document = json.loads(site.path("feed.json").read_bytes())
    item = next(i for i in document["items"] if i["id"] == SITE + "hostile/")
    assert item["title"] == expected_title and item["tags"] == ["R&D", "<b>bold</b>"]


def test_post_image_is_the_enclosure_with_its_real_size(site):
    channel = rss(site).find("channel")
    newest = channel.find("item")
    enclosure = newest.find("enclosure")
    assert enclosure.attrib == {
        "url": f"{SITE}images/pic.png",
        "length": str(len(PNG)),
        "type": "image/png",
    }
    media = newest.find("media:content", NS)
    assert media.get("url") == f"{SITE}images/pic.png" and media.get("medium") == "image"
    entry = atom(site).find("atom:entry", NS)
    assert entry.find("atom:link[@rel='enclosure']", NS).get("length") == str(len(PNG))
    assert (
        json.loads(site.path("feed.json").read_bytes())["items"][0]["image"]
        == f"{SITE}images/pic.png"
    )
    assert all(i.find("enclosure") is None for i in channel.findall("item")[1:])


def test_two_builds_give_byte_identical_feeds(built):
    first, second = built
    names = [p.relative_to(first.site) for p in all_feed_files(first)] + [
        first.path("feeds.opml").relative_to(first.site)
    ]
    for name in names:
        assert (first.site / name).read_bytes() == (second.site / name).read_bytes(), name


def test_feeds_point_browsers_to_the_stylesheet(site):
    for folder, href in (
        ("", "assets/soapbox/feed.xsl"),
        ("topics/pricing/", "../../assets/soapbox/feed.xsl"),
    ):
        for name in ("feed.xml", "atom.xml"):
            lines = site.path(folder + name).read_text(encoding="utf-8").splitlines()
            assert lines[1] == f'<?xml-stylesheet type="text/xsl" href="{href}"?>'
    lxml.etree.fromstring(site.path("assets/soapbox/feed.xsl").read_bytes())


def test_autodiscovery_links_in_every_head(site):
    def alternates(page):
        base = SITE + page
        return [
            (" ".join(link["rel"]), link["type"], urljoin(base, link["href"]))
            for link in site.html(page).select("head link[rel~=alternate]")
            if link.get("type", "").endswith(("rss+xml", "atom+xml", "feed+json"))
        ]

    def of(folder, rel="alternate feed"):
        return [
            (rel, "application/rss+xml", f"{SITE}{folder}feed.xml"),
            (rel, "application/atom+xml", f"{SITE}{folder}atom.xml"),
            (rel, "application/feed+json", f"{SITE}{folder}feed.json"),
        ]

    site_feeds = of("", "alternate")
    for page in ("", "about/", "archive/", "subscribe/"):
        assert alternates(page) == site_feeds, page
    assert alternates("win/") == site_feeds + of("case-studies/") + of("topics/pricing/") + of(
        "topics/r-and-d/"
    )
    assert alternates("topics/pricing/") == site_feeds + of("topics/pricing/")
    assert alternates("rants/") == site_feeds + of("rants/")
    # mkdocs-material fetches sitemap.xml next to every exact rel="alternate": only the site feeds
    # have that rel, and they sit beside the real sitemap.
    for page in ("", "win/", "topics/pricing/"):
        exact = [
            urljoin(SITE + page, link["href"])
            for link in site.html(page).find_all("link")
            if link.get("rel") == ["alternate"]
        ]
        assert {urljoin(href, "sitemap.xml") for href in exact} == {SITE + "sitemap.xml"}
    titles = [
        link["title"]
        for link in site.html("hostile/").select('head link[type="application/rss+xml"]')
    ]
    assert titles == [
        "Fixture (RSS)",
        "Fixture – Rants (RSS)",
        "Fixture – R&D (RSS)",
        "Fixture – <b>bold</b> (RSS)",
    ]


def test_subscribe_page_offers_every_feed_the_opml_and_email(site):
    soup = site.html("subscribe/")
    urls = [a["href"] for a in soup.select("a.sb-feed__url")]
    expected = [
        f"{SITE}{folder}{name}"
        for folder in FEEDS
        for name in ("feed.xml", "atom.xml", "feed.json")
    ]
    assert sorted(urls) == sorted(expected)
    assert [b["data-feed-url"] for b in soup.select("button.sb-copy")] == urls
    assert all(b.has_attr("hidden") for b in soup.select("button.sb-copy"))  # shown by feeds.js
    assert soup.select_one('a[href="../feeds.opml"]') is not None
    email = soup.select_one('a[href="https://buttondown.test/ana"]')
    assert email is not None and email.get_text(strip=True) == "Get it by email"
    assert soup.select_one('script[src$="assets/soapbox/feeds.js"]') is not None
    nav = [a.get_text(strip=True) for a in site.html("").select(".md-nav--primary a.md-nav__link")]
    assert "Subscribe" in nav


def opml_feeds(site, name):
    opml = lxml.etree.fromstring(site.path(name).read_bytes())
    return [o.get("xmlUrl") for o in opml.iter("outline") if o.get("xmlUrl")]


def test_the_one_click_opml_holds_only_feeds_that_do_not_overlap(site):
    """It held 18 overlapping feeds (everything, each type, each topic): newsboat, which keeps an
    article once, showed the site feed empty; other readers showed each article 3-5 times."""
    assert opml_feeds(site, "feeds.opml") == [f"{SITE}feed.xml"]
    assert opml_feeds(site, "feeds-by-type.opml") == [
        f"{SITE}rants/feed.xml",
        f"{SITE}case-studies/feed.xml",
    ]
    assert sorted(opml_feeds(site, "feeds-by-topic.opml")) == sorted(
        f"{SITE}{folder}feed.xml" for folder in FEEDS if folder.startswith("topics/")
    )
    soup = site.html("subscribe/")
    first = soup.select_one("main h2")
    assert first.get_text(strip=True) == "Everything in one feed"
    section = first.find_parent("section")
    assert [a["href"] for a in section.select("a.sb-feed__url")] == [
        f"{SITE}feed.xml",
        f"{SITE}atom.xml",
        f"{SITE}feed.json",
    ]
    assert section.select_one('a.md-button[download][href="../feeds.opml"]') is not None
    parts = soup.select_one("section.sb-subscribe__parts")
    assert parts.select_one('a[download][href="../feeds-by-type.opml"]') is not None
    assert parts.select_one('a[download][href="../feeds-by-topic.opml"]') is not None
    assert "instead of" in parts.get_text(" ", strip=True)


def test_summary_mode_rss_only_and_feeds_off(tmp_path):
    write_posts(tmp_path / "src")
    options = {**OPTIONS, "feeds": {"content": "summary", "formats": ["rss"], "items": 1}}
    config = harness.write_site(tmp_path / "src", {}, options)  # same posts, other options
    result = harness.build(config, tmp_path / "out", now=NOW).assert_ok()
    assert not result.path("atom.xml").exists() and not result.path("feed.json").exists()
    item = rss(result).find("channel/item")
    assert len(rss(result).findall("channel/item")) == 1
    assert item.findtext("content:encoded", namespaces=NS) == (
        f'<p>Some words here.</p><p><a href="{SITE}newest/">Read the whole article</a></p>'
    )
    heads = [link["type"] for link in result.html("").select('head link[rel="alternate"]')]
    assert heads.count("application/rss+xml") == 1 and "application/atom+xml" not in heads

    write_posts(tmp_path / "off")
    config = harness.write_site(tmp_path / "off", {}, {**OPTIONS, "feeds": {"enabled": False}})
    result = harness.build(config, tmp_path / "out-off", now=NOW).assert_ok()
    assert all_feed_files(result) == []
    assert not result.path("subscribe/").exists() and not result.path("feeds.opml").exists()


def test_a_site_without_site_url_is_told_why_it_has_no_feeds(tmp_path):
    config = harness.write_site(tmp_path / "src", POSTS, OPTIONS, {"site_url": None})
    result = harness.build(config, tmp_path / "out", now=NOW, strict=False).assert_ok()
    assert (
        "WARNING -  soapbox: mkdocs.yml: site_url: is not set, so Soapbox writes no feeds"
        " (feed readers only follow absolute links)"
    ) in result.output
    assert all_feed_files(result) == []
