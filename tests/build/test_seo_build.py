"""Real `mkdocs build --strict` runs checking what search engines and social networks read: the
head of every page type field by field, one JSON-LD graph per page, the sitemap, robots.txt, the
social cards (and that an unchanged rebuild draws none), and the content checks."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

import harness

NOW = "2026-11-22T12:00:00+00:00"
SITE = "https://example.test/"
HOSTILE = 'R&D "quoted" <script>alert(1)</script> </script> 🎤 שלום'
PNG = (harness.REPO / "posts" / "images" / "speaker-headshot.png").read_bytes()

HIRE_ME = """---
title: Hire me
description: Keynotes and workshops on pricing and cold calling, with dates and booking.
speaker:
  name: Ana Ruiz
  tagline: Pricing keynote speaker
  headshots: [{image: images/ana.png, alt: "Ana, smiling"}]
  bios:
    short: >-
      Ana Ruiz trains sales teams on pricing and negotiation and speaks at sales kickoffs across
      Europe and North America. Her workshops replace discount habits with trades, and her keynotes
      show leaders what buyers need to hear before they sign, in plain words and real numbers.
  talks:
    - title: Price Is a Feeling
      abstract: Discounts are a habit, and habits can be changed by a team in one quarter.
      formats: [keynote]
      topics: [pricing]
  appearances:
    - {date: 2025-05-01, event: Past Summit, city: Leeds, talk: price-is-a-feeling}
    - {date: "2027-02-24 14:00", timezone: America/Chicago, event: RevOps Con, city: Chicago,
       country: US, talk: price-is-a-feeling, url: "https://revops.example.test/"}
    - {date: 2027-05-12, event: Online Week, virtual: true, url: "https://week.example.test/"}
  booking: {provider: mailto, email: ana@example.com}
---
Why book me.
"""


def post(
    title: str,
    date: str,
    type_: str = "rant",
    *extra: str,
    body: str = "A first paragraph that says what the article argues.",
) -> str:
    return harness.article(title, date, type_, *extra, body=body)


POSTS = {
    "index.md": "---\ntitle: Ana Ruiz\n---\nWelcome to the site.\n",
    "about.md": "---\ntitle: About Ana\ndescription: Who Ana is and what she works on.\n---\nAna "
    "trains teams.\n",
    "hire-me.md": HIRE_ME,
    "rants/stop.md": post(
        HOSTILE,
        "2024-03-12 09:30",
        "rant",
        "updated: 2024-05-01",
        "topics: [Pricing, Discovery]",
        "description: Why demos & discounts lose deals.",
        "image: ../images/ana.png",
        "image_alt: Ana on stage",
    ),
    "rants/second.md": post("Second rant", "2024-02-01", "rant", "topics: [Pricing]"),
    "rants/third.md": post("Third rant", "2024-01-01", "rant", "topics: [Discovery]"),
    "case-studies/crossposted.md": post(
        "Cross-posted study",
        "2023-06-01",
        "case-study",
        "canonical: https://medium.example.test/study-1",
        "topics: [Pricing]",
    ),
    "speaking/summit.md": post("Summit notes", "2025-05-02", "speaker", "topics: [Discovery]"),
    "rants/draft.md": post("A draft", "2024-01-05", "rant", "draft: true"),
    "rants/later.md": post("Scheduled", "2027-01-01", "rant"),
    "private.md": "---\ntitle: Private notes\nnoindex: true\n---\nNot for search engines.\n",
}
PLUGIN = {
    "authors": {"ana": {"name": "Ana Ruiz", "bio": "trains sales teams.", "url": "about/"}},
    "listings": {"page_size": 2},
    "content": {"timezone": "Europe/Berlin"},
    "seo": {"tagline": "Pricing keynotes", "cards": {"avatar": "images/ana.png"}},
}
MKDOCS = {
    "site_description": "Sharp writing on pricing.",
    "theme": {"name": "material", "font": False, "palette": {"primary": "teal", "accent": "amber"}},
    "extra": {
        "social": [
            {"icon": "fontawesome/brands/x-twitter", "link": "https://x.com/anaruiz"},
            {"icon": "fontawesome/brands/linkedin", "link": "https://www.linkedin.com/in/ana"},
        ]
    },
}


def make(
    tmp_path: Path,
    posts: dict | None = None,
    plugin: dict | None = None,
    mkdocs: dict | None = None,
) -> Path:
    config = harness.write_site(
        tmp_path / "src", posts or POSTS, plugin or PLUGIN, mkdocs or MKDOCS
    )
    (tmp_path / "src" / "posts" / "images").mkdir(exist_ok=True)
    (tmp_path / "src" / "posts" / "images" / "ana.png").write_bytes(PNG)
    return config


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("seo")
    config = make(tmp_path)
    result = harness.build(config, tmp_path / "out", now=NOW).assert_ok()
    result.config = config
    result.root = tmp_path
    return result


def head_of(built, path: str) -> dict:
    """The SEO fields of one page's head, parsed from the HTML."""
    page = built.html(path)
    meta: dict[str, list[str]] = {}
    for tag in page.head.select("meta[property], meta[name]"):
        meta.setdefault(tag.get("property") or tag["name"], []).append(tag["content"])
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1, f"{path}: {len(scripts)} JSON-LD scripts"
    canonical = page.head.select('link[rel="canonical"]')
    assert len(canonical) <= 1 and len(page.select("title")) == 1
    return {
        "title": page.title.string,
        "canonical": canonical[0]["href"] if canonical else None,
        "meta": meta,
        "graph": json.loads(scripts[0].string)["@graph"],
        "prev": [link["href"] for link in page.head.select('link[rel="prev"]')],
        "next": [link["href"] for link in page.head.select('link[rel="next"]')],
        "feeds": [link["href"] for link in page.head.select('link[rel~="alternate"]')],
    }


def node(graph: list[dict], kind: str) -> dict:
    found = [
        n
        for n in graph
        if n["@type"] == kind or (isinstance(n["@type"], list) and kind in n["@type"])
    ]
    assert len(found) == 1, f"{len(found)} {kind} nodes"
    return found[0]


def references(value) -> set[str]:
    if isinstance(value, dict):
        found = {value["@id"]} if set(value) == {"@id"} else set()
        return found.union(*(references(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(references(v) for v in value)) if value else set()
    return set()


PAGES = [
    "",
    "about/",
    "hire-me/",
    "stop/",
    "second/",
    "crossposted/",
    "summit/",
    "rants/",
    "rants/page/2/",
    "case-studies/",
    "speaking/",
    "archive/",
    "archive/2024/",
    "topics/",
    "topics/pricing/",
    "subscribe/",
    "talks/price-is-a-feeling/",
    "appearances/",
    "private/",
    "hire-me/thanks/",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_complete_head_and_one_graph_that_links_up(built, path):
    head = head_of(built, path)
    url = SITE + path
    assert head["canonical"] == (
        url if path != "crossposted/" else "https://medium.example.test/study-1"
    )
    meta = head["meta"]
    assert len(meta["description"]) == 1 and 0 < len(meta["description"][0]) <= 155
    assert meta["og:url"] == [head["canonical"]] and meta["og:site_name"] == ["Fixture"]
    assert meta["og:locale"] == ["en_US"] and meta["twitter:card"] == ["summary_large_image"]
    assert (
        meta["og:title"] == meta["twitter:title"]
        and meta["og:description"] == meta["twitter:description"]
    )
    assert meta["og:image"][0].startswith(SITE) and meta["og:image"] == meta["twitter:image"]
    assert meta["og:image:alt"] and meta["og:image:alt"] == meta["twitter:image:alt"]
    assert meta["twitter:site"] == ["@anaruiz"]
    assert any(href.endswith("feed.xml") for href in head["feeds"])  # feed autodiscovery stays
    graph = head["graph"]
    ids = [n["@id"] for n in graph if "@id" in n]
    assert len(ids) == len(set(ids)) and references(graph) <= set(ids)
    website = node(graph, "WebSite")
    assert website["url"] == SITE and website["publisher"] == {"@id": SITE + "#/schema/person/ana"}
    person = node(graph, "Person")
    assert person["name"] == "Ana Ruiz" and person["sameAs"] == [
        "https://x.com/anaruiz",
        "https://www.linkedin.com/in/ana",
    ]
    assert person["logo"] == {
        "@type": "ImageObject",
        "url": SITE + "assets/cards/logo.png",
        "width": 512,
        "height": 512,
    }
    page_nodes = [n for n in graph if n.get("@id") == url]
    assert (
        len(page_nodes) == 1
        and page_nodes[0]["url"] == url
        and page_nodes[0]["isPartOf"] == {"@id": website["@id"]}
    )
    if path:
        crumbs = node(graph, "BreadcrumbList")["itemListElement"]
        assert crumbs[0]["item"] == SITE and crumbs[-1]["item"] == url
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))


def test_home_page(built):
    head = head_of(built, "")
    assert head["title"] == "Fixture – Pricing keynotes"
    assert head["meta"]["og:type"] == ["website"] and head["meta"]["description"] == [
        "Welcome to the site."
    ]
    assert node(head["graph"], "WebPage")["about"] == {"@id": SITE + "#/schema/person/ana"}
    assert "robots" not in head["meta"]


def test_article_head_field_by_field(built):
    head = head_of(built, "stop/")
    meta = head["meta"]
    assert head["title"] == f"{HOSTILE} – Fixture"
    assert meta["description"] == ["Why demos & discounts lose deals."]
    assert meta["og:type"] == ["article"] and meta["og:title"] == [HOSTILE]
    assert meta["article:published_time"] == ["2024-03-12T09:30:00+01:00"]
    assert meta["article:modified_time"] == ["2024-05-01T00:00:00+02:00"]
    assert meta["article:tag"] == ["Pricing", "Discovery"] and meta["article:section"] == ["Rant"]
    assert meta["article:author"] == [SITE + "about/"]
    assert meta["og:image"] == [SITE + "images/ana.png"]  # front matter image wins over the card
    assert meta["og:image:alt"] == ["Ana on stage"] and meta["twitter:creator"] == ["@anaruiz"]
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == (
        ["640"],
        ["640"],
        ["image/png"],
    )
    article = node(head["graph"], "BlogPosting")
    # Google's recommended Article properties, and the ones the issue lists.
    assert (
        article["headline"] == HOSTILE
        and article["description"] == "Why demos & discounts lose deals."
    )
    assert article["image"] == [{"@id": SITE + "stop/#primaryimage"}]
    assert node(head["graph"], "ImageObject")["url"] == SITE + "images/ana.png"
    assert article["datePublished"] == "2024-03-12T09:30:00+01:00"
    assert article["dateModified"] == "2024-05-01T00:00:00+02:00"
    assert article["author"] == [
        {
            "@type": "Person",
            "@id": SITE + "#/schema/person/ana",
            "name": "Ana Ruiz",
            "url": SITE + "about/",
        }
    ]
    assert article["publisher"] == {
        "@type": ["Person", "Organization"],
        "@id": SITE + "#/schema/person/ana",
        "name": "Ana Ruiz",
        "url": SITE + "about/",
        "logo": {
            "@type": "ImageObject",
            "url": SITE + "assets/cards/logo.png",
            "width": 512,
            "height": 512,
        },
    }
    assert article["keywords"] == ["Pricing", "Discovery"] and article["wordCount"] == 9
    assert article["mainEntityOfPage"] == {"@id": SITE + "stop/"} and article["inLanguage"] == "en"
    crumbs = [
        (c["name"], c["item"]) for c in node(head["graph"], "BreadcrumbList")["itemListElement"]
    ]
    assert crumbs == [("Home", SITE), ("Rants", SITE + "rants/"), (HOSTILE, SITE + "stop/")]
    raw = built.text("stop/")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S).group(1)
    assert "<script>" not in script and "</script" not in script


def test_article_types_and_cross_posting(built):
    for path, label in (
        ("second/", "Rant"),
        ("summit/", "Speaking"),
        ("crossposted/", "Case study"),
    ):
        head = head_of(built, path)
        assert head["meta"]["og:type"] == ["article"] and head["meta"]["article:section"] == [label]
        assert head["meta"]["og:image"] == [SITE + f"assets/cards/{path}card.png"]
        assert head["meta"]["description"] == [
            "A first paragraph that says what the article argues."
        ]
    crossposted = node(head_of(built, "crossposted/")["graph"], "BlogPosting")
    assert crossposted["sameAs"] == ["https://medium.example.test/study-1"]


def test_listings_topics_archive_and_pagination(built):
    rants = head_of(built, "rants/")
    assert rants["title"] == "Rants – Fixture" and "robots" not in rants["meta"]
    assert rants["next"] == [SITE + "rants/page/2/"] and rants["prev"] == []
    items = node(rants["graph"], "ItemList")
    assert [i["url"] for i in items["itemListElement"]] == [SITE + "stop/", SITE + "second/"]
    assert node(rants["graph"], "CollectionPage")["mainEntity"] == {"@id": items["@id"]}
    page2 = head_of(built, "rants/page/2/")
    assert page2["meta"]["robots"] == ["noindex, follow"] and page2["prev"] == [SITE + "rants/"]
    assert [c["name"] for c in node(page2["graph"], "BreadcrumbList")["itemListElement"]] == [
        "Home",
        "Rants",
        "Rants – page 2",
    ]
    topic = head_of(built, "topics/pricing/")
    assert topic["title"] == "Pricing – Fixture" and node(topic["graph"], "CollectionPage")
    assert [c["name"] for c in node(topic["graph"], "BreadcrumbList")["itemListElement"]] == [
        "Home",
        "Topics",
        "Pricing",
    ]
    topics = head_of(built, "topics/")
    assert {i["name"] for i in node(topics["graph"], "ItemList")["itemListElement"]} == {
        "Pricing",
        "Discovery",
    }
    archive = head_of(built, "archive/")
    assert [i["url"] for i in node(archive["graph"], "ItemList")["itemListElement"]][:1] == [
        SITE + "archive/2025/"
    ]
    assert node(head_of(built, "subscribe/")["graph"], "WebPage")


def test_speaker_pages_merge_into_one_graph(built):
    hire = head_of(built, "hire-me/")
    assert hire["meta"]["og:type"] == ["profile"] and hire["meta"]["profile:first_name"] == ["Ana"]
    profile = node(hire["graph"], "ProfilePage")
    person = node(hire["graph"], "Person")
    assert profile["mainEntity"] == {"@id": person["@id"]} == {"@id": SITE + "#/schema/person/ana"}
    assert person["jobTitle"] == "Pricing keynote speaker" and person["knowsAbout"] == ["Pricing"]
    events = [n for n in hire["graph"] if n["@type"] == "Event"]
    assert [e["name"] for e in events] == [
        "RevOps Con: Price Is a Feeling",
        "Online Week",
    ]  # upcoming only
    for event in events:
        # Google's Event: required name, startDate, location; recommended description, endDate,
        # eventAttendanceMode, eventStatus, image, organizer, performer.
        for field in (
            "name",
            "startDate",
            "location",
            "description",
            "eventAttendanceMode",
            "eventStatus",
            "image",
            "organizer",
            "performer",
        ):
            assert event.get(field), (event["name"], field)
        assert event["performer"]["@id"] == person["@id"]
    assert events[1]["endDate"] == "2027-05-12" and events[0]["organizer"] == {
        "@type": "Organization",
        "name": "RevOps Con",
        "url": "https://revops.example.test/",
    }
    talk = head_of(built, "talks/price-is-a-feeling/")
    assert talk["title"] == "Talk: Price Is a Feeling – Fixture"
    assert [e["@id"] for e in talk["graph"] if e["@type"] == "Event"] == [events[0]["@id"]]
    appearances = head_of(built, "appearances/")
    listed = node(appearances["graph"], "ItemList")["itemListElement"]
    assert [i["item"] for i in listed] == [{"@id": e["@id"]} for e in events]


def test_noindex_pages_and_404(built):
    assert head_of(built, "private/")["meta"]["robots"] == ["noindex, follow"]
    assert head_of(built, "hire-me/thanks/")["meta"]["robots"] == ["noindex, follow"]
    page = built.html("404.html")
    assert page.select_one('meta[name="robots"]')["content"] == "noindex, follow"
    assert (
        page.title.string == "Page not found – Fixture"
        and page.select_one('link[rel="canonical"]') is None
    )
    assert len(page.select('script[type="application/ld+json"]')) == 1


def test_pages_noindex_by_design_show_the_card_of_page_one_or_home(built):
    """Pages 2, 3 ... of a listing, the 404 page and the thank-you page are kept out of search
    results by design: they show an existing card instead of a card of their own."""
    page1, page2 = head_of(built, "rants/")["meta"], head_of(built, "rants/page/2/")["meta"]
    assert page2["og:image"] == page1["og:image"] == [SITE + "assets/cards/rants/card.png"]
    assert page2["og:image:alt"] == page1["og:image:alt"] == ["Rants: Rants"]
    home = head_of(built, "")["meta"]
    thanks = head_of(built, "hire-me/thanks/")["meta"]
    assert thanks["og:image"] == home["og:image"] == [SITE + "assets/cards/card.png"]
    assert thanks["og:image:alt"] == home["og:image:alt"]
    not_found = built.html("404.html").select_one('meta[property="og:image"]')["content"]
    assert not_found == SITE + "assets/cards/card.png"
    cards_dir = built.site / "assets" / "cards"
    assert (
        not (cards_dir / "rants" / "page").exists()
        and not (cards_dir / "hire-me" / "thanks").exists()
    )
    assert not (cards_dir / "404").exists() and (cards_dir / "card.png").is_file()
    # An author's `noindex: true` keeps the page's own card: it may still be shared.
    assert head_of(built, "private/")["meta"]["og:image"] == [
        SITE + "assets/cards/private/card.png"
    ]
    assert (cards_dir / "private" / "card.png").is_file()


def test_a_stand_in_card_is_drawn_when_page_one_has_none(tmp_path):
    """The home page has its own image, so it plans no card: the 404 page's stand-in is drawn."""
    posts = dict(POSTS)
    posts["index.md"] = (
        "---\ntitle: Ana Ruiz\nimage: images/ana.png\nimage_alt: Ana on stage\n---\nWelcome.\n"
    )
    result = harness.build(make(tmp_path, posts), tmp_path / "out", now=NOW).assert_ok()
    assert (
        result.html("").select_one('meta[property="og:image"]')["content"]
        == SITE + "images/ana.png"
    )
    not_found = result.html("404.html").select_one('meta[property="og:image"]')["content"]
    assert not_found == SITE + "assets/cards/card.png"
    with Image.open(result.path("assets/cards/card.png")) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_sitemap_lastmod_comes_from_front_matter_and_leaves_pages_out(built):
    root = ElementTree.fromstring(built.text("sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root
    }
    assert entries[SITE + "stop/"] == "2024-05-01"  # updated wins over date
    assert entries[SITE + "second/"] == "2024-02-01"
    assert entries[SITE + "summit/"] == "2025-05-02"
    assert entries[SITE + "rants/"] == "2024-05-01"  # the newest of its items
    assert entries[SITE] == "2025-05-02"
    assert entries[SITE + "about/"] is None  # no date: no made-up lastmod
    for left_out in ("draft/", "later/", "private/", "rants/page/2/", "hire-me/thanks/"):
        assert SITE + left_out not in entries, left_out
    assert all(loc.startswith(SITE) for loc in entries)
    assert "2026-11-22" not in built.text("sitemap.xml")  # never the build date
    assert gzip.decompress(built.path("sitemap.xml.gz").read_bytes()).decode("utf-8") == built.text(
        "sitemap.xml"
    )


def test_robots_txt_points_to_the_sitemap(built):
    text = built.text("robots.txt")
    assert "User-agent: *" in text and text.rstrip().endswith(f"Sitemap: {SITE}sitemap.xml")


def test_social_cards_exist_and_are_not_drawn_again(built, tmp_path):
    cards = sorted(built.site.joinpath("assets", "cards").rglob("card.png"))
    assert len(cards) >= 15
    for path in cards:
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), path
    referenced = {head_of(built, p)["meta"]["og:image"][0] for p in PAGES}
    for url in referenced:
        assert built.path(url.removeprefix(SITE)).is_file(), url
    assert "social cards: " in built.output and ", 0 from the cache" in built.output
    cache = built.root / "src" / ".cache" / "soapbox" / "cards"
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.png")}
    assert len(stamps) >= 15
    again = harness.build(built.config, tmp_path / "again", now=NOW).assert_ok()
    drawn = re.search(r"social cards: (\d+) drawn, (\d+) from the cache", again.output)
    assert drawn and drawn.group(1) == "0" and int(drawn.group(2)) == len(stamps)
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.png")} == stamps
    assert (
        again.path("assets/cards/second/card.png").read_bytes()
        == built.path("assets/cards/second/card.png").read_bytes()
    )


def test_content_checks_fail_strict_with_file_line_and_fix(tmp_path):
    posts = {
        "rants/alt.md": post(
            "Alt", "2024-01-01", body="Intro paragraph.\n\n![](../images/ana.png)"
        ),
        "rants/long.md": post("Long", "2024-01-02", "rant", "description: " + "word " * 40),
        "rants/h1.md": post("Two headings", "2024-01-03", body="Intro.\n\n# A second h1"),
        "rants/same-a.md": post("Same title", "2024-01-04"),
        "rants/same-b.md": post("Same title", "2024-01-05"),
        "rants/bare.md": post("Bare", "2024-01-06", body="- only a list"),
    }
    result = harness.build(
        make(
            tmp_path,
            posts,
            {"content": {"timezone": "UTC"}},
            {"theme": {"name": "material", "font": False}},
        ),
        tmp_path / "out",
        now=NOW,
    )
    assert result.returncode != 0
    warnings = [
        line.split("soapbox: ", 1)[1]
        for line in result.output.splitlines()
        if line.startswith("WARNING") and "soapbox: " in line
    ]
    assert (
        "posts/rants/alt.md:9: image: '../images/ana.png' has no alt text; describe it inside the "
        'brackets, like ![What the picture shows](...), or give an <img> alt="" if it is only '
        "decoration" in warnings
    )
    assert (
        "posts/rants/long.md:5: description: is 199 characters; search results show about 155, so "
        "it is cut mid-sentence: shorten it by 44 or more" in warnings
    )
    assert (
        "posts/rants/h1.md:9: heading: is a second level-1 heading (the page's title is the "
        "first); make it '## ...' so the page has one h1" in warnings
    )
    assert (
        "posts/rants/same-b.md:2: title: 'Same title – Fixture' is also the title of "
        "posts/rants/same-a.md; give each page its own title so search results can tell them apart"
        in warnings
    )
    assert any(
        w.startswith(
            "posts/rants/bare.md:1: description: is missing and the text does not start with a "
            "paragraph"
        )
        for w in warnings
    )
    assert len(warnings) == 5, warnings
    relaxed = harness.build(
        make(
            tmp_path / "b",
            posts,
            {"content": {"timezone": "UTC"}, "seo": {"checks": False}},
            {"theme": {"name": "material", "font": False}},
        ),
        tmp_path / "out2",
        now=NOW,
    )
    relaxed.assert_ok()


def test_without_site_url_one_warning_and_relative_fallbacks(tmp_path):
    config = make(
        tmp_path,
        {"rants/a.md": post("A", "2024-01-01")},
        {},
        {
            "site_url": None,
            "theme": {"name": "material", "font": False},
            "plugins": ["search", {"soapbox": {"feeds": {"enabled": False}}}],
        },
    )
    result = harness.build(config, tmp_path / "out", now=NOW, strict=False).assert_ok()
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    assert (
        len(warnings) == 1 and "mkdocs.yml: site_url: is not set, so canonical URLs" in warnings[0]
    )
    head = result.html("a/")
    assert head.select_one('link[rel="canonical"]') is None
    assert head.select_one('meta[property="og:image"]')["content"] == "/assets/cards/a/card.png"
    assert "Sitemap:" not in result.text("robots.txt")


def test_an_authors_own_robots_txt_wins(tmp_path):
    posts = {
        "rants/a.md": post("A", "2024-01-01"),
        "about.md": "---\ntitle: About\n---\nAna.\n",  # the author's profile link leads here
        "robots.txt": "User-agent: *\nDisallow: /secret/\n",
    }
    result = harness.build(
        make(tmp_path, posts, {}, {"theme": {"name": "material", "font": False}}),
        tmp_path / "out",
        now=NOW,
    ).assert_ok()
    assert result.text("robots.txt") == "User-agent: *\nDisallow: /secret/\n"


def test_a_post_whose_file_name_ends_in_404_is_in_the_sitemap(tmp_path):
    """Only the site's own 404 page (posts/404.md) stays out of the sitemap, not every file
    whose name ends in '404.md'."""
    posts = {
        "index.md": POSTS["index.md"],
        "about.md": POSTS["about.md"],
        "rants/error-404.md": post("Chasing the 404", "2024-03-01", "rant"),
        "404.md": "---\ntitle: Not found\n---\nNothing here.\n",
    }
    plugin = {**PLUGIN, "hire_me": {"enabled": False}}
    result = harness.build(make(tmp_path, posts, plugin), tmp_path / "out", now=NOW).assert_ok()
    sitemap = result.text("sitemap.xml")
    assert SITE + "error-404/" in sitemap
    assert SITE + "404/" not in sitemap
