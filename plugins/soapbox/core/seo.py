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
    kind = og_type(page)
    image = page.image or site.default_image
    og = [
        ("og:type", kind),
        ("og:title", title),
        ("og:description", text),
        ("og:url", url),
        ("og:site_name", site.name),
        ("og:locale", site.locale),
        *_og_image(image),
        *(_article_pairs(page, site) if kind == "article" else ()),
        *(_profile_pairs(page) if kind == "profile" else ()),
    ]
    creator = page.author.twitter if page.author is not None and page.author.twitter else ""
    twitter = [
        ("twitter:card", "summary_large_image" if image is not None else "summary"),
        ("twitter:title", title),
        ("twitter:description", text),
        *(
            [("twitter:image", image.url), ("twitter:image:alt", image.alt)]
            if image is not None
            else []
        ),
        ("twitter:site", site.twitter),
        ("twitter:creator", creator or (site.twitter if kind == "article" else "")),
    ]
    return tuple(
        [Tag("property", key, value) for key, value in og if value]
        + [Tag("name", key, value) for key, value in twitter if value]
    )


Pairs = list[tuple[str, str | None]]


def _og_image(image: Image | None) -> Pairs:
    if image is None:
        return []
    return [
        ("og:image", image.url),
        ("og:image:secure_url", image.url if image.url.startswith("https://") else None),
        ("og:image:type", image.mime),
        ("og:image:width", str(image.width) if image.width else None),
        ("og:image:height", str(image.height) if image.height else None),
        ("og:image:alt", image.alt),
    ]


def _article_pairs(page: PageInfo, site: Site) -> Pairs:
    modified = page.modified or page.published
    author = page.author
    pairs: Pairs = [
        ("article:published_time", page.published.isoformat() if page.published else None),
        ("article:modified_time", modified.isoformat() if modified else None),
    ]
    if author is not None:
        pairs.append(("article:author", site.absolute(author.url) if author.url else author.name))
    pairs.append(("article:section", page.section))
    return pairs + [("article:tag", topic) for topic in page.topics]


def _profile_pairs(page: PageInfo) -> Pairs:
    if page.author is None:
        return []
    first, _, last = page.author.name.partition(" ")
    return [("profile:first_name", first), ("profile:last_name", last)]


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
