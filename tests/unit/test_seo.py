"""soapbox.core.seo: titles, descriptions, canonical URLs, robots, social tags, the JSON-LD graph,
the sitemap, the content checks, and hostile titles in every tag of a rendered head."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import pytest
from bs4 import BeautifulSoup

from soapbox.core import seo
from soapbox.core.content import Author, ContentSettings, parse_post
from soapbox.core.problems import Severity

BERLIN = ZoneInfo("Europe/Berlin")
MAREN = seo.Person(
    "maren",
    "Maren Okafor",
    "about/",
    description="trains sales teams.",
    same_as=("https://www.linkedin.com/in/example",),
    twitter="@maren",
)
SITE = seo.Site(
    name="Maren Okafor",
    url="https://maren.example.com/",
    description="Blunt writing on B2B selling.",
    tagline="Sales trainer",
    author=MAREN,
    twitter="@maren",
    logo=seo.Image("https://maren.example.com/assets/cards/logo.png", "", 512, 512, "image/png"),
)
CARD = seo.Image(
    "https://maren.example.com/assets/cards/stop/card.png", "Rant: Stop", 1200, 630, "image/png"
)
ARTICLE = seo.PageInfo(
    url="stop-demoing/",
    title="Stop Demoing",
    kind=seo.ARTICLE,
    description="Why demos lose deals.",
    published=datetime(2024, 3, 12, tzinfo=BERLIN),
    modified=datetime(2024, 5, 1, 9, 30, tzinfo=BERLIN),
    author=MAREN,
    topics=("Discovery", "Pricing"),
    section="Rant",
    words=640,
    image=CARD,
    crumbs=(seo.Crumb("Rants", "rants/"),),
)
TEMPLATES = Path(__file__).resolve().parents[2] / "plugins" / "soapbox" / "templates"


# --- description trimming ------------------------------------------------------------------------

LONG = (
    "Most B2B demos go to people with no budget, no authority and no deadline, and most sales teams"
    " still log them as progress in the pipeline every single week of the quarter."
)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short and sweet.", 155, "Short and sweet."),
        ("  spaced \n  out\ttext ", 155, "spaced out text"),
        (LONG, 155, LONG[:150] + "…"),  # "...every single week" -> "...every single…"
        ("one two three four five", 12, "one two…"),
        ("Supercalifragilistic", 10, "Supercali…"),
        ("Ends with a comma, then more words", 19, "Ends with a comma…"),
        ("exactly ten", 11, "exactly ten"),
    ],
)
def test_trim_description_cuts_on_a_word_boundary(text, limit, expected):
    trimmed = seo.trim_description(text, limit)
    assert trimmed == expected
    assert len(trimmed) <= limit


def test_long_description_is_at_most_155_and_ends_on_a_whole_word():
    trimmed = seo.trim_description(LONG)
    assert len(trimmed) <= 155 and trimmed.endswith("…")
    assert LONG.startswith(trimmed[:-1]) and LONG[len(trimmed) - 1] == " "


def test_description_prefers_front_matter_then_first_paragraph_then_site():
    page = seo.PageInfo("x/", "X", description="Written.", text="First paragraph.")
    assert seo.description(page, SITE) == "Written."
    assert (
        seo.description(seo.PageInfo("x/", "X", text="First paragraph."), SITE)
        == "First paragraph."
    )
    assert seo.description(seo.PageInfo("x/", "X"), SITE) == "Blunt writing on B2B selling."


# --- title, canonical, robots --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "site", "expected"),
    [
        (seo.PageInfo("x/", "Stop Demoing"), SITE, "Stop Demoing – Maren Okafor"),
        (seo.PageInfo("", "Home", seo.HOME), SITE, "Maren Okafor – Sales trainer"),
        (seo.PageInfo("", "Home", seo.HOME), seo.Site("Maren Okafor"), "Maren Okafor"),
        (
            seo.PageInfo("x/", "Maren Okafor"),
            SITE,
            "Maren Okafor",
        ),  # no "Maren Okafor – Maren Okafor"
        (
            seo.PageInfo("x/", "Pricing"),
            seo.Site("Blog", title_pattern="{site} | {page}"),
            "Blog | Pricing",
        ),
        (
            seo.PageInfo("x/", "{site}"),
            SITE,
            "{site} – Maren Okafor",
        ),  # braces in a title stay text
    ],
)
def test_title_pattern(page, site, expected):
    assert seo.page_title(page, site) == expected


def test_title_pattern_validation_names_the_unknown_placeholder():
    assert seo.validate_title_pattern("{page} · {site}") is None
    assert "{title}" in seo.validate_title_pattern("{title} – {site}")


def test_canonical_is_absolute_and_front_matter_wins():
    assert (
        seo.canonical_url(seo.PageInfo("stop-demoing/", "S"), SITE)
        == "https://maren.example.com/stop-demoing/"
    )
    crossposted = seo.PageInfo("stop/", "S", canonical="https://medium.com/@maren/stop-123")
    assert seo.canonical_url(crossposted, SITE) == "https://medium.com/@maren/stop-123"
    assert seo.canonical_url(seo.PageInfo("x/", "X"), seo.Site("S")) == ""  # no site_url: none
    assert SITE.absolute("thémes/ä/") == "https://maren.example.com/th%C3%A9mes/%C3%A4/"


def test_canonical_front_matter_must_be_an_absolute_http_url():
    settings = ContentSettings(timezone=BERLIN, authors={"m": Author("m", "M")}, default_author="m")
    source = "---\ntitle: T\ndate: 2024-03-12\ncanonical: /relative/post\n---\nText.\n"
    post, problems = parse_post("rants/t.md", source, settings)
    assert post is None
    assert str(problems[0]) == (
        "posts/rants/t.md:4: canonical: '/relative/post' must be a full http(s) URL of the original"
        " article, like https://example.com/original-post/"
    )


@pytest.mark.parametrize(
    ("page", "rules", "expected"),
    [
        (seo.PageInfo("rants/", "Rants", seo.COLLECTION), seo.RobotsRules(), ""),
        (
            seo.PageInfo("rants/page/2/", "R", seo.COLLECTION, page_number=2),
            seo.RobotsRules(),
            "noindex, follow",
        ),
        (
            seo.PageInfo("rants/page/2/", "R", seo.COLLECTION, page_number=2),
            seo.RobotsRules(noindex_paginated=False),
            "",
        ),
        (
            seo.PageInfo("404.html", "Not found", seo.NOT_FOUND),
            seo.RobotsRules(),
            "noindex, follow",
        ),
        (seo.PageInfo("x/", "X", noindex=True), seo.RobotsRules(), "noindex, follow"),
        (
            seo.PageInfo("x/", "X", robots="noarchive"),
            seo.RobotsRules(default="max-image-preview:large"),
            "noarchive",
        ),
        (
            seo.PageInfo("x/", "X"),
            seo.RobotsRules(default="max-image-preview:large"),
            "max-image-preview:large",
        ),
    ],
)
def test_robots_rules(page, rules, expected):
    assert seo.robots(page, rules) == expected


def test_robots_front_matter_is_validated():
    assert seo.validate_robots("noindex, nofollow") is None
    assert seo.validate_robots("max-snippet:50, noarchive") is None
    assert "'no-index' is not a robots directive" in seo.validate_robots("no-index")
    settings = ContentSettings(timezone=BERLIN)
    post, problems = parse_post(
        "about.md", "---\ntitle: About\nrobots: noindex, nofolow\n---\nHi.\n", settings
    )
    assert post is None and str(problems[0]).startswith(
        "posts/about.md:3: robots: 'nofolow' is not a robots"
    )
    post, problems = parse_post(
        "about.md", "---\ntitle: About\nnoindex: true\n---\nHi.\n", settings
    )
    assert post is not None and post.noindex and problems == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("@maren", "@maren"),
        ("maren", "@maren"),
        ("https://x.com/maren", "@maren"),
        ("https://twitter.com/maren/", "@maren"),
        ("https://www.linkedin.com/in/maren", ""),
        ("https://x.com/intent/tweet", ""),
        ("not a handle!", ""),
    ],
)
def test_twitter_handle(value, expected):
    assert seo.twitter_handle(value) == expected


def test_locale_and_w3c_dates():
    assert (
        seo.locale_for("en") == "en_US"
        and seo.locale_for("pt-BR") == "pt_BR"
        and seo.locale_for("de") == "de_DE"
    )
    assert seo.w3c_date(datetime(2024, 3, 12, tzinfo=BERLIN)) == "2024-03-12"
    assert seo.w3c_date(datetime(2024, 3, 12, 9, 30, tzinfo=BERLIN)) == "2024-03-12T09:30:00+01:00"
    assert seo.w3c_date(None) == ""


# --- social tags ---------------------------------------------------------------------------------


def tags_of(head: seo.Head) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in head.tags:
        found.setdefault(tag.key, []).append(tag.value)
    return found


def test_article_open_graph_and_twitter_tags():
    head = seo.head(ARTICLE, SITE)
    tags = tags_of(head)
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == ["Stop Demoing"] and tags["twitter:title"] == ["Stop Demoing"]
    assert tags["og:description"] == ["Why demos lose deals."]
    assert tags["og:url"] == ["https://maren.example.com/stop-demoing/"]
    assert tags["og:site_name"] == ["Maren Okafor"] and tags["og:locale"] == ["en_US"]
    assert tags["og:image"] == [CARD.url] and tags["twitter:image"] == [CARD.url]
    assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
    assert tags["og:image:type"] == ["image/png"] and tags["og:image:alt"] == ["Rant: Stop"]
    assert tags["article:published_time"] == ["2024-03-12T00:00:00+01:00"]
    assert tags["article:modified_time"] == ["2024-05-01T09:30:00+02:00"]
    assert tags["article:tag"] == ["Discovery", "Pricing"]
    assert tags["article:author"] == ["https://maren.example.com/about/"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:site"] == ["@maren"] and tags["twitter:creator"] == ["@maren"]
    assert all(
        t.attr == ("property" if t.key.startswith(("og:", "article:", "profile:")) else "name")
        for t in head.tags
    )


def test_og_type_by_kind_and_summary_card_without_image():
    assert tags_of(seo.head(seo.PageInfo("about/", "About", seo.PROFILE, author=MAREN), SITE))[
        "og:type"
    ] == ["profile"]
    plain = tags_of(
        seo.head(seo.PageInfo("rants/", "Rants", seo.COLLECTION), seo.Site("S", "https://s.test/"))
    )
    assert plain["og:type"] == ["website"] and plain["twitter:card"] == ["summary"]
    assert "og:image" not in plain and "twitter:site" not in plain


def test_not_found_page_has_no_canonical_but_still_shares_well():
    head = seo.head(seo.PageInfo("404.html", "Page not found", seo.NOT_FOUND, image=CARD), SITE)
    assert head.canonical == "" and head.robots == "noindex, follow"
    tags = tags_of(head)
    assert tags["og:title"] == ["Page not found"] and tags["og:url"] == [
        "https://maren.example.com/404.html"
    ]
    assert tags["og:image"] == [CARD.url] and tags["og:type"] == ["website"]


# --- the JSON-LD graph ---------------------------------------------------------------------------


def nodes_by_type(graph: dict) -> dict[str, dict]:
    found = {}
    for node in graph["@graph"]:
        for kind in node["@type"] if isinstance(node["@type"], list) else [node["@type"]]:
            found.setdefault(kind, node)
    return found


def ids_in(value) -> set[str]:
    """Every {"@id": ...} reference (objects holding only an @id) anywhere in value."""
    found: set[str] = set()
    if isinstance(value, dict):
        if set(value) == {"@id"}:
            found.add(value["@id"])
        for item in value.values():
            found |= ids_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= ids_in(item)
    return found


def test_article_graph_links_up_and_has_googles_properties():
    graph = seo.head(ARTICLE, SITE).jsonld
    assert graph["@context"] == "https://schema.org"
    declared = [n["@id"] for n in graph["@graph"] if "@id" in n]
    assert len(declared) == len(set(declared)), "one node per @id"
    assert ids_in(graph) <= set(declared), "every reference points at a node of the graph"
    nodes = nodes_by_type(graph)
    post = nodes["BlogPosting"]
    # Google's Article: recommended author, author.name, author.url, dateModified, datePublished,
    # headline, image; plus what the issue lists.
    assert post["headline"] == "Stop Demoing" and post["description"] == "Why demos lose deals."
    assert post["author"] == [
        {
            "@type": "Person",
            "@id": SITE.person_id(MAREN),
            "name": "Maren Okafor",
            "url": "https://maren.example.com/about/",
        }
    ]
    assert (
        post["datePublished"] == "2024-03-12T00:00:00+01:00"
        and post["dateModified"] == "2024-05-01T09:30:00+02:00"
    )
    assert post["image"] == [{"@id": "https://maren.example.com/stop-demoing/#primaryimage"}]
    assert nodes["ImageObject"]["url"] == CARD.url and nodes["ImageObject"]["width"] == 1200
    assert post["keywords"] == ["Discovery", "Pricing"] and post["wordCount"] == 640
    assert post["mainEntityOfPage"] == {"@id": "https://maren.example.com/stop-demoing/"}
    assert post["inLanguage"] == "en" and post["isPartOf"] == {"@id": SITE.id}
    assert post["publisher"]["name"] == "Maren Okafor" and post["publisher"]["logo"][
        "url"
    ].endswith("logo.png")
    assert nodes["WebSite"]["publisher"] == {"@id": SITE.person_id(MAREN)}
    person = nodes["Person"]
    assert person["@type"] == ["Person", "Organization"] and person["sameAs"] == [
        "https://www.linkedin.com/in/example"
    ]
    assert person["description"] == "Maren Okafor trains sales teams."
    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", "https://maren.example.com/"),
        (2, "Rants", "https://maren.example.com/rants/"),
        (3, "Stop Demoing", "https://maren.example.com/stop-demoing/"),
    ]
    assert nodes["WebPage"]["mainEntity"] == {"@id": post["@id"]}


def test_headline_is_cut_to_110_characters():
    page = seo.PageInfo(
        "x/", "word " * 40, seo.ARTICLE, published=datetime(2024, 1, 1, tzinfo=BERLIN)
    )
    headline = nodes_by_type(seo.head(page, SITE).jsonld)["BlogPosting"]["headline"]
    assert len(headline) <= 110 and headline.endswith("…")


def test_collection_page_lists_its_items():
    page = seo.PageInfo(
        "topics/pricing/",
        "Pricing",
        seo.COLLECTION,
        description="Raising prices.",
        crumbs=(seo.Crumb("Topics", "topics/"),),
        items=(
            seo.Entry("Stop Demoing", "stop-demoing/"),
            seo.Entry("Elsewhere", "https://other.test/post"),
        ),
    )
    nodes = nodes_by_type(seo.head(page, SITE).jsonld)
    assert nodes["CollectionPage"]["mainEntity"] == {"@id": nodes["ItemList"]["@id"]}
    assert nodes["ItemList"]["numberOfItems"] == 2
    assert [e["url"] for e in nodes["ItemList"]["itemListElement"]] == [
        "https://maren.example.com/stop-demoing/",
        "https://other.test/post",
    ]


def test_organization_publisher_where_configured():
    site = seo.Site(
        "Acme Blog",
        "https://acme.test/",
        author=MAREN,
        organization=seo.Organization("Acme", "https://acme.test/"),
    )
    nodes = nodes_by_type(seo.head(ARTICLE, site).jsonld)
    assert nodes["Organization"]["name"] == "Acme" and nodes["WebSite"]["publisher"] == {
        "@id": site.organization_id
    }
    assert nodes["BlogPosting"]["publisher"]["@type"] == "Organization"
    assert nodes["Person"]["@type"] == "Person"  # the author stays a person


def test_speaker_nodes_merge_into_the_page_graph():
    """The speaker feature's ProfilePage and Person merge with the page's by @id and name."""
    url = "https://maren.example.com/hire-me/"
    speaker_graph = [
        {
            "@type": "ProfilePage",
            "@id": url,
            "url": url,
            "name": "Maren Okafor: speaker",
            "mainEntity": {"@id": url + "#speaker"},
        },
        {
            "@type": "Person",
            "@id": url + "#speaker",
            "name": "Maren Okafor",
            "jobTitle": "Keynote speaker",
            "sameAs": ["https://www.linkedin.com/in/example", "https://youtube.test/@m"],
        },
        {
            "@type": "Event",
            "@id": "https://maren.example.com/appearances/#a",
            "name": "Summit",
            "performer": {"@id": url + "#speaker"},
        },
    ]
    page = seo.PageInfo(
        "hire-me/", "Hire me", seo.PROFILE, author=MAREN, nodes=tuple(speaker_graph)
    )
    graph = seo.head(page, SITE).jsonld
    types = [n["@type"] for n in graph["@graph"]]
    assert (
        types.count("ProfilePage") == 1
        and sum("Person" in t for t in types if isinstance(t, (list, str))) == 1
    )
    nodes = nodes_by_type(graph)
    person = nodes["Person"]
    assert person["@id"] == SITE.person_id(MAREN) and person["jobTitle"] == "Keynote speaker"
    assert person["sameAs"] == ["https://www.linkedin.com/in/example", "https://youtube.test/@m"]
    assert nodes["ProfilePage"]["mainEntity"] == {"@id": SITE.person_id(MAREN)}
    assert nodes["Event"]["performer"] == {"@id": SITE.person_id(MAREN)}
    declared = {n["@id"] for n in graph["@graph"] if "@id" in n}
    assert ids_in(graph) <= declared


def test_enrich_events_adds_googles_recommended_properties():
    events = seo.enrich_events(
        [
            {"@type": "Event", "@id": "e1", "startDate": "2027-03-04"},
            {"@type": "Person", "@id": "p"},
        ],
        image="https://x.test/h.png",
        organizers={"e1": {"@type": "Organization", "name": "Summit"}},
    )
    assert events[0]["image"] == ["https://x.test/h.png"] and events[0]["endDate"] == "2027-03-04"
    assert events[0]["organizer"]["name"] == "Summit" and "image" not in events[1]


# --- hostile titles in every tag -----------------------------------------------------------------

SITE_NAME = 'Site & <b>Co</b> "quoted"'
HOSTILE = [
    "Quotes \" and ' & ampersands",
    "<script>alert(1)</script>",
    "Close </script><script>alert(2)</script>",
    "Emoji 🎤🔥 👩‍💻",
    "שלום עולם RTL مرحبا",
    "<!-- comment --> ]]> {{ jinja }}",
]


def render_head(head: seo.Head) -> BeautifulSoup:
    """The real main.html blocks rendered with a stub base: what a page prints."""
    loader = jinja2.DictLoader(
        {
            "base.html": "<html><head>{% block site_meta %}{% endblock %}{% block htmltitle %}{% "
            "endblock %}"
            "{% block extrahead %}{% endblock %}</head><body>{% block announce %}{% "
            "endblock %}</body></html>",
            "main.html": (TEMPLATES / "main.html").read_text(encoding="utf-8"),
        }
    )
    env = jinja2.Environment(loader=loader)
    env.filters["url"] = lambda value: value
    html = env.get_template("main.html").render(
        soapbox={"seo": head, "feed_links": [], "hire_me": None},
        page=None,
        config={"site_name": "S", "theme": {"favicon": "f.png", "language": "en"}, "extra": {}},
        mkdocs_version="1.6.1",
    )
    return BeautifulSoup(html, "lxml")


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_are_escaped_in_every_tag(title):
    page = seo.PageInfo(
        "x/",
        title,
        seo.ARTICLE,
        description=title,
        author=seo.Person("a", title, "a/", twitter="@a"),
        topics=(title,),
        published=datetime(2024, 1, 1, tzinfo=BERLIN),
        image=seo.Image("https://s.test/c.png", title, 1200, 630, "image/png"),
    )
    site = seo.Site(SITE_NAME, "https://s.test/", description=title, author=page.author)
    head = seo.head(page, site)
    soup = render_head(head)
    assert soup.title.string == f"{title} – {SITE_NAME}"
    assert soup.select_one('meta[name="description"]')["content"] == title
    tags = {}
    for meta in soup.select("meta[property], meta[name]"):
        tags.setdefault(meta.get("property") or meta.get("name"), []).append(meta["content"])
    assert tags["og:site_name"] == [SITE_NAME] and tags["author"] == [title]
    for key in (
        "og:title",
        "og:description",
        "og:image:alt",
        "twitter:title",
        "twitter:description",
        "twitter:image:alt",
        "article:tag",
    ):
        assert tags[key] == [title], key
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1 and len(soup.select("script")) == 1, "nothing broke out of the JSON-LD"
    raw = scripts[0].string
    assert "</" not in raw and "<script" not in raw and "<!--" not in raw
    data = json.loads(raw)
    assert nodes_by_type(data)["BlogPosting"]["headline"] == title
    assert nodes_by_type(data)["WebSite"]["name"] == SITE_NAME
    assert nodes_by_type(data)["Person"]["name"] == title


def test_template_without_seo_data_keeps_materials_head():
    loader = jinja2.DictLoader(
        {
            "base.html": "{% block site_meta %}MATERIAL{% endblock %}{% block htmltitle "
            "%}<title>M</title>{% endblock %}"
            "{% block extrahead %}{% endblock %}{% block announce %}{% endblock %}",
            "main.html": (TEMPLATES / "main.html").read_text(encoding="utf-8"),
        }
    )
    env = jinja2.Environment(loader=loader)
    env.filters["url"] = lambda value: value
    out = env.get_template("main.html").render(soapbox=None, page=None, config={})
    assert "MATERIAL" in out and "<title>M</title>" in out and "ld+json" not in out


# --- sitemap, robots.txt -------------------------------------------------------------------------


def test_sitemap_and_robots_txt():
    xml = seo.sitemap_xml(
        [seo.SitemapEntry("https://s.test/a&b/", "2024-03-12"), seo.SitemapEntry("https://s.test/")]
    )
    assert "<loc>https://s.test/a&amp;b/</loc><lastmod>2024-03-12</lastmod>" in xml
    assert "<url><loc>https://s.test/</loc></url>" in xml
    from xml.etree import ElementTree

    assert len(ElementTree.fromstring(xml)) == 2
    text = seo.robots_txt("https://s.test/sitemap.xml")
    assert "User-agent: *\nDisallow:\n" in text and text.endswith(
        "Sitemap: https://s.test/sitemap.xml\n"
    )
    assert "Disallow: /private/" in seo.robots_txt(
        "", ["/private/"]
    ) and "Sitemap" not in seo.robots_txt("")


def test_card_paths():
    assert seo.card_path("") == "assets/cards/card.png"
    assert seo.card_path("stop-demoing/") == "assets/cards/stop-demoing/card.png"
    assert seo.card_path("rants/page/2/index.html") == "assets/cards/rants/page/2/card.png"
    assert seo.card_path("about.html") == "assets/cards/about/card.png"


# --- content checks ------------------------------------------------------------------------------


def checked(body: str, **changes) -> seo.CheckedPage:
    values = dict(
        path="posts/rants/x.md",
        title="X",
        is_article=True,
        title_in_body=False,
        template_h1=True,
        description="A description that is long enough to stand in the results.",
        description_line=4,
        summary="",
        facts=seo.body_facts(body, 6),
    )
    values.update(changes)
    return seo.CheckedPage(**values)


@pytest.mark.parametrize(
    "body",
    [
        "Plain words.\n\n## A section\n\nMore words.",  # nothing to find: the quick answer
        "# A title\n\nWords.",
        "Words\n\n  #\tTabbed title",
        "Title\n=====\n",
        "Title\r===\r",
        "a\x0b# b",
        "![](chart.png)",
        "![A chart](chart.png)",
        '<IMG src="x.png">',
        "<h1>Two</h1>",
        "C# is a language and ## not a heading",
        "```\n# a comment in code\n```\n",
        "    # indented code",
    ],
)
def test_body_facts_answer_as_a_line_by_line_scan(body):
    """A body without any image, HTML, `=` or lone `#` has nothing to report (answered without a
    scan); a harmless tag at the end forces the scan, which must find the same."""
    scanned = seo.body_facts(body + "\n<span>forces the scan</span>", 6)
    assert seo.body_facts(body, 6) == scanned


def messages(*pages: seo.CheckedPage, length: int = 155) -> list[str]:
    problems = seo.check_pages(pages, description_length=length)
    assert all(p.severity is Severity.WARNING for p in problems)
    return [str(p) for p in problems]


def test_images_without_alt_text_are_reported_with_their_line():
    body = (
        "Intro.\n\n![](images/a.png)\n\n![A chart](images/b.png)\n\n```\n![](in-code.png)\n```\n"
        '<img src="c.png">\n<img src=d.png alt="">\n'
    )
    found = messages(checked(body))
    assert found == [
        "posts/rants/x.md:8: image: 'images/a.png' has no alt text; describe it inside the "
        "brackets, like"
        ' ![What the picture shows](...), or give an <img> alt="" if it is only decoration',
        "posts/rants/x.md:15: image: 'c.png' has no alt text; describe it inside the brackets, like"
        ' ![What the picture shows](...), or give an <img> alt="" if it is only decoration',
    ]


def test_description_too_long_or_missing():
    long = checked("Body.", description="x" * 170)
    assert messages(long) == [
        "posts/rants/x.md:4: description: is 170 characters; search results show about 155, so it "
        "is cut"
        " mid-sentence: shorten it by 15 or more"
    ]
    missing = checked("- a list first\n", description="", description_line=None, summary="")
    assert messages(missing)[0].startswith(
        "posts/rants/x.md:1: description: is missing and the text does not start"
    )
    fallback = checked("", description="", summary="A first paragraph.")
    assert messages(fallback) == []
    page = checked("", description="", is_article=False, summary="")
    assert messages(page) == []  # pages fall back to the site's description


@pytest.mark.parametrize(
    ("body", "changes", "line"),
    [
        ("# Second\n", {}, 6),  # the template prints the title: a body h1 is a second one
        ("# Title\n\n# Another\n", {"title_in_body": True}, 8),
        ("Intro\n\nSetext\n======\n", {}, 8),
        ("<h1>Raw</h1>\n", {}, 6),
        ("# One\n\ntext\n\n# Two\n", {"template_h1": False}, 10),
    ],
)
def test_more_than_one_h1(body, changes, line):
    assert messages(checked(body, **changes)) == [
        f"posts/rants/x.md:{line}: heading: is a second level-1 heading (the page's title is the "
        "first);"
        " make it '## ...' so the page has one h1"
    ]


@pytest.mark.parametrize(
    ("body", "changes"),
    [
        ("## Fine\n", {}),
        ("# Title\n\n## Fine\n", {"title_in_body": True}),
        ("# Only\n", {"template_h1": False}),
        ("```\n# not a heading\n```\n", {}),
        ("#hashtag is not a heading\n", {}),
    ],
)
def test_one_h1_is_fine(body, changes):
    assert messages(checked(body, **changes)) == []


def test_duplicate_titles():
    problems = seo.duplicate_titles(
        [
            ("Pricing – S", "the generated page topics/pricing/", None),
            ("Other – S", "posts/a.md", 2),
            ("pricing – s", "posts/b.md", 3),
        ]
    )
    assert [str(p) for p in problems] == [
        "posts/b.md:3: title: 'pricing – s' is also the title of the generated page "
        "topics/pricing/; give each"
        " page its own title so search results can tell them apart"
    ]
    assert problems[0].severity is Severity.WARNING
