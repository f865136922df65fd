"""soapbox.core.seo_site and seo_plan: the SEO decisions of a build taken from plain data (no
MkDocs): the theme's palette, the site's record and logo, which card each page shows, and the
files written at the end."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from soapbox.core import cards, seo, seo_plan, seo_site
from soapbox.core.content import Author, ContentSettings
from soapbox.core.plan import SiteContext

COLORS = cards.Colors("#101010", "#ffffff", "#ff6e42")
SITE = seo.Site(
    "Maren Okafor",
    "https://maren.test/",
    description="Sales, said plainly.",
    tagline="Stop demoing, start selling",
    author=seo.Person("maren", "Maren Okafor"),
)


def options(**overrides: object) -> SimpleNamespace:
    """The SEO options as the adapter hands them in (attribute access), at their defaults."""
    values: dict[str, object] = dict(
        enabled=True,
        twitter="",
        logo="",
        tagline="",
        title_pattern=seo.DEFAULT_TITLE_PATTERN,
        home_title_pattern=seo.DEFAULT_HOME_PATTERN,
        description_length=seo.DESCRIPTION_LENGTH,
        organization="",
        organization_url="",
        default_image="",
        default_image_alt="",
        sitemap=True,
        checks=False,
        robots=SimpleNamespace(
            noindex_paginated=True, noindex_404=True, default="", txt=True, disallow=[]
        ),
        cards=SimpleNamespace(
            enabled=True,
            avatar=None,
            cache_dir=".cache/cards",
            colors=SimpleNamespace(background="", foreground="", accent=""),
        ),
    )
    values.update(overrides)
    return SimpleNamespace(**values)


@pytest.mark.parametrize(
    ("palette", "expected"),
    [
        ({"primary": "deep orange", "accent": "indigo"}, ("deep orange", "indigo")),
        ([{"scheme": "default", "primary": "teal"}, {"scheme": "slate"}], ("teal", "")),
        (None, ("", "")),
        (["not a mapping"], ("", "")),
        ("red", ("", "")),
    ],
)
def test_palette_theme_reads_one_scheme_or_the_first_of_several(palette, expected):
    theme = seo_site.palette_theme("logo.png", palette)
    assert (theme.logo, theme.primary, theme.accent) == ("logo.png", *expected)


def test_card_colors_default_to_indigo_and_the_options_accent_wins():
    plain = seo_site.card_colors(options(), seo_site.Theme())
    assert plain == seo_site.card_colors(options(), seo_site.Theme(primary="indigo"))
    accent = SimpleNamespace(background="", foreground="", accent="#00ff00")
    own = options(cards=SimpleNamespace(colors=accent))
    assert seo_site.card_colors(own, seo_site.Theme()).accent == "#00ff00"


@pytest.mark.parametrize(
    ("name", "author", "expected"),
    [
        ("Maren Okafor", "Maren Okafor", "maren.test"),  # named after its owner: the host
        ("Plain Selling", "Maren Okafor", "Plain Selling"),
        ("Maren Okafor", None, "Maren Okafor"),
    ],
)
def test_the_cards_corner_says_the_host_only_when_the_site_is_named_after_its_author(
    name, author, expected
):
    site = seo.Site(name, "https://maren.test/", author=seo.Person("m", author) if author else None)
    assert seo_site.host_label(site, SiteContext("https://maren.test/", name)) == expected


def _facts(docs: Path, logo: str = "") -> seo_site.SiteFacts:
    return seo_site.SiteFacts("A site  about\nselling.", "", docs, seo_site.Theme(logo=logo))


def test_a_site_without_a_logo_gets_a_drawn_monogram_and_a_theme_logo_wins(tmp_path):
    context = SiteContext("https://s.test/", 'Ann "<O>" & Co')
    settings = ContentSettings()
    site, logos = seo_site.site_record(options(), context, _facts(tmp_path), settings, None, COLORS)
    assert list(logos) == [seo_site.LOGO_CARD] and logos[seo_site.LOGO_CARD].name == context.name
    assert site.logo is not None and site.logo.url == f"https://s.test/{seo_site.LOGO_CARD}"
    assert site.description == "A site about selling."

    Image.new("RGB", (40, 20)).save(tmp_path / "logo.png")
    facts = _facts(tmp_path, "/logo.png")
    site, logos = seo_site.site_record(options(), context, facts, settings, None, COLORS)
    assert logos == {}
    assert site.logo is not None
    assert (site.logo.url, site.logo.width, site.logo.height) == ("https://s.test/logo.png", 40, 20)


def test_the_site_author_is_the_default_author_else_the_configured_name():
    maren = Author("maren", "Maren Okafor", "trains sales teams", "about/", "")
    settings = ContentSettings(authors={"maren": maren}, default_author="maren")
    links = ["https://social.test/@maren", "relative/"]
    person = seo_site.site_author(settings, "Someone Else", links, "@maren")
    assert person is not None
    assert (person.name, person.same_as, person.twitter) == (
        "Maren Okafor",
        ("https://social.test/@maren",),
        "@maren",
    )
    fallback = seo_site.site_author(ContentSettings(), "Someone Else", links, "")
    assert fallback is not None and fallback.name == "Someone Else"
    assert seo_site.site_author(ContentSettings(), "", links, "") is None


def _plan(**overrides: object) -> seo_plan.SeoPlan:
    values: dict[str, object] = dict(
        enabled=True, site=SITE, cards_enabled=True, colors=COLORS, host_label="maren.test"
    )
    values.update(overrides)
    return seo_plan.SeoPlan(**values)  # type: ignore[arg-type]


def test_each_page_gets_its_own_card_page_two_shows_page_ones():
    plan = _plan()
    info = seo.PageInfo("rants/", "Rants", seo.COLLECTION)
    shown = seo_plan.with_card(plan, info, "Rants")
    assert (
        shown.image is not None
        and shown.image.url == "https://maren.test/assets/cards/rants/card.png"
    )
    assert plan.cards["assets/cards/rants/card.png"].title == "Rants"

    second = seo.PageInfo("rants/page/2/", "Rants – page 2", seo.COLLECTION, page_number=2)
    share = seo_plan.shared_card_page(plan, second, {})
    assert share == "rants/"
    shown = seo_plan.with_card(plan, second, "Rants – page 2", share=share)
    assert shown.image is not None and shown.image.url.endswith("/assets/cards/rants/card.png")
    assert shown.image.alt == "Rants: Rants"
    assert "assets/cards/rants/page/2/card.png" not in plan.wanted_cards()


def test_a_page_with_its_own_image_or_with_cards_off_plans_no_card():
    image = seo.Image("https://maren.test/a.png", "A chart")
    info = seo.PageInfo("a/", "A", seo.ARTICLE, image=image)
    plan = _plan()
    assert seo_plan.with_card(plan, info, "Rant") is info and plan.cards == {}
    off = _plan(cards_enabled=False)
    assert seo_plan.with_card(off, seo.PageInfo("b/", "B"), "").image is None


def test_the_404_page_shows_the_home_pages_card_with_the_tagline():
    plan = _plan()
    head = seo_plan.not_found_head(plan)
    assert head is not None and head.canonical == ""
    card = plan.shared_cards["assets/cards/card.png"]
    assert (card.title, card.label) == ("Stop demoing, start selling", "Maren Okafor")
    assert seo_plan.not_found_head(seo_plan.SeoPlan()) is None


def test_site_files_sitemap_gz_and_robots():
    plan = _plan(disallow=("/drafts/",))
    for url in ("https://maren.test/b/?x=1&y=2", "https://maren.test/a/"):
        plan.sitemap[url] = seo.SitemapEntry(url, "2026-01-02")
    now = datetime(2026, 1, 2, tzinfo=UTC)
    files = seo_plan.site_files(plan, has_sitemap=True, now=now)
    text = files["sitemap.xml"].decode()
    assert text.index("/a/") < text.index("/b/") and "x=1&amp;y=2" in text
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
    assert (
        files["sitemap.xml.gz"]
        == seo_plan.site_files(plan, has_sitemap=True, now=now)["sitemap.xml.gz"]
    )  # reproducible
    robots = files["robots.txt"].decode()
    assert "Disallow: /drafts/" in robots and "Sitemap: https://maren.test/sitemap.xml" in robots

    without = seo_plan.site_files(plan, has_sitemap=False)
    assert set(without) == {"robots.txt"} and "Sitemap:" not in without["robots.txt"].decode()
    assert seo_plan.site_files(_plan(own_robots_txt=True), has_sitemap=False) == {}
    assert seo_plan.site_files(seo_plan.SeoPlan(), has_sitemap=True) == {}


def test_card_messages_name_the_cache_and_each_failed_card():
    outcome = cards.Outcome(2, 3, (("assets/cards/x/card.png", "ValueError: bad"),))
    summary, warnings = seo_plan.card_messages(outcome, Path("/c"))
    assert summary == "social cards: 2 drawn, 3 from the cache (/c)"
    assert warnings == [
        "social card assets/cards/x/card.png could not be drawn (ValueError: bad); the page"
        " shares without an image"
    ]
