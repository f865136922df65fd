"""Per-page SEO data: the `<title>`, meta description, canonical URL, robots rules, Open Graph and
Twitter tags, one JSON-LD `@graph`, the sitemap and robots.txt, and the content checks that keep
them good (alt text, description length, duplicate titles, one `h1`).

Typed records in, plain data out: the templates only print what `head()` returns (escaped), the
MkDocs glue (`soapbox.mkdocs.seo`) only converts pages to `PageInfo`. Framework-free: no MkDocs.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace

from .seo_graph import (
    enrich_events as enrich_events,
)
from .seo_graph import (
    graph as graph,
)
from .seo_graph import (
    merge_nodes as merge_nodes,
)
from .seo_graph import (
    person_node as person_node,
)
from .seo_graph import (
    publisher_node as publisher_node,
)
from .seo_lint import (
    BodyFacts as BodyFacts,
)
from .seo_lint import (
    CheckedPage as CheckedPage,
)
from .seo_lint import (
    body_facts as body_facts,
)
from .seo_lint import (
    check_pages as check_pages,
)
from .seo_lint import (
    duplicate_titles as duplicate_titles,
)
from .seo_records import (
    ARTICLE as ARTICLE,
)
from .seo_records import (
    COLLECTION as COLLECTION,
)
from .seo_records import (
    DEFAULT_HOME_PATTERN as DEFAULT_HOME_PATTERN,
)
from .seo_records import (
    DEFAULT_TITLE_PATTERN as DEFAULT_TITLE_PATTERN,
)
from .seo_records import (
    DESCRIPTION_LENGTH as DESCRIPTION_LENGTH,
)
from .seo_records import (
    HEADLINE_LENGTH as HEADLINE_LENGTH,
)
from .seo_records import (
    HOME as HOME,
)
from .seo_records import (
    LOCALES as LOCALES,
)
from .seo_records import (
    NOT_FOUND as NOT_FOUND,
)
from .seo_records import (
    PAGE as PAGE,
)
from .seo_records import (
    PROFILE as PROFILE,
)
from .seo_records import (
    ROBOTS_VALUED as ROBOTS_VALUED,
)
from .seo_records import (
    ROBOTS_WORDS as ROBOTS_WORDS,
)
from .seo_records import (
    Crumb as Crumb,
)
from .seo_records import (
    Entry as Entry,
)
from .seo_records import (
    Head as Head,
)
from .seo_records import (
    Image as Image,
)
from .seo_records import (
    Kind as Kind,
)
from .seo_records import (
    Organization as Organization,
)
from .seo_records import (
    PageInfo as PageInfo,
)
from .seo_records import (
    Person as Person,
)
from .seo_records import (
    RobotsRules as RobotsRules,
)
from .seo_records import (
    Site as Site,
)
from .seo_records import (
    Tag as Tag,
)
from .seo_records import (
    canonical_url as canonical_url,
)
from .seo_records import (
    description as description,
)
from .seo_records import (
    locale_for as locale_for,
)
from .seo_records import (
    page_title as page_title,
)
from .seo_records import (
    robots as robots,
)
from .seo_records import (
    trim_description as trim_description,
)
from .seo_records import (
    twitter_handle as twitter_handle,
)
from .seo_records import (
    validate_robots as validate_robots,
)
from .seo_records import (
    validate_title_pattern as validate_title_pattern,
)
from .seo_records import (
    w3c_date as w3c_date,
)
from .seo_sitemap import (
    SitemapEntry as SitemapEntry,
)
from .seo_sitemap import (
    robots_txt as robots_txt,
)
from .seo_sitemap import (
    sitemap_xml as sitemap_xml,
)

# --- Open Graph and Twitter ----------------------------------------------------------------------


def og_type(page: PageInfo) -> str:
    return {ARTICLE: "article", PROFILE: "profile"}.get(page.kind, "website")


def social_tags(page: PageInfo, site: Site, *, title: str, text: str, url: str) -> tuple[Tag, ...]:
    """Open Graph (`property=`) and Twitter (`name=`) tags, in the order they are printed."""
    tags: list[Tag] = []

    def og(key: str, value: str | None) -> None:
        if value:
            tags.append(Tag("property", key, value))

    def tw(key: str, value: str | None) -> None:
        if value:
            tags.append(Tag("name", key, value))

    kind = og_type(page)
    og("og:type", kind)
    og("og:title", title)
    og("og:description", text)
    og("og:url", url)
    og("og:site_name", site.name)
    og("og:locale", site.locale)
    image = page.image or site.default_image
    if image is not None:
        og("og:image", image.url)
        if image.url.startswith("https://"):
            og("og:image:secure_url", image.url)
        og("og:image:type", image.mime)
        og("og:image:width", str(image.width) if image.width else None)
        og("og:image:height", str(image.height) if image.height else None)
        og("og:image:alt", image.alt)
    if kind == "article":
        og("article:published_time", page.published.isoformat() if page.published else None)
        modified = page.modified or page.published
        og("article:modified_time", modified.isoformat() if modified else None)
        if page.author is not None:
            og(
                "article:author",
                site.absolute(page.author.url) if page.author.url else page.author.name,
            )
        og("article:section", page.section)
        for topic in page.topics:
            og("article:tag", topic)
    elif kind == "profile" and page.author is not None:
        first, _, last = page.author.name.partition(" ")
        og("profile:first_name", first)
        og("profile:last_name", last)
    tw("twitter:card", "summary_large_image" if image is not None else "summary")
    tw("twitter:title", title)
    tw("twitter:description", text)
    if image is not None:
        tw("twitter:image", image.url)
        tw("twitter:image:alt", image.alt)
    tw("twitter:site", site.twitter)
    creator = page.author.twitter if page.author is not None and page.author.twitter else ""
    tw("twitter:creator", creator or (site.twitter if kind == "article" else ""))
    return tuple(tags)


# --- the head ------------------------------------------------------------------------------------


_DEFAULT_RULES = RobotsRules()


def head(page: PageInfo, site: Site, rules: RobotsRules = _DEFAULT_RULES) -> Head:
    """Everything the `<head>` of one page prints."""
    title = page_title(page, site)
    text = description(page, site)
    canonical = canonical_url(page, site)
    share_title = page.title or site.name
    if page.kind == HOME:
        share_title = title
    # The 404 page has no canonical address, but a link to a missing page shared anyway still
    # gets a title, a description and the image.
    tags = social_tags(
        page, site, title=share_title, text=text, url=canonical or site.absolute(page.url)
    )
    return Head(
        title=title,
        description=text,
        canonical="" if page.kind == NOT_FOUND else canonical,
        robots=robots(page, rules),
        tags=tags,
        jsonld=graph(page, site, title=share_title, text=text),
        author=_author_name(page, site),
        prev_url=site.absolute(page.prev_url) if page.prev_url is not None else "",
        next_url=site.absolute(page.next_url) if page.next_url is not None else "",
    )


def _author_name(page: PageInfo, site: Site) -> str:
    person = page.author or site.author
    return person.name if person is not None else ""


def card_path(url: str, folder: str = "assets/cards/") -> str:
    """Where a page's social card goes in the site: `assets/cards/<page url>card.png`."""
    clean = url.split("#", 1)[0].split("?", 1)[0]
    if clean.endswith(".html"):
        clean = posixpath.dirname(clean) + "/" if clean.endswith("index.html") else clean[:-5] + "/"
    clean = clean.lstrip("/")
    if clean and not clean.endswith("/"):
        clean += "/"
    return f"{folder}{'' if clean in ('', '/') else clean}card.png"


def with_image(page: PageInfo, image: Image | None) -> PageInfo:
    return replace(page, image=image) if image is not None else page
