"""Per-page SEO data: the `<title>`, meta description, canonical URL, robots rules, Open Graph and
Twitter tags, one JSON-LD `@graph`, the sitemap and robots.txt, and the content checks that keep
them good (alt text, description length, duplicate titles, one `h1`).

Typed records in, plain data out: the templates only print what `head()` returns (escaped), the
MkDocs glue (`soapbox.mkdocs.seo`) only converts pages to `PageInfo`. Framework-free: no MkDocs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from . import text as textutil
from .problems import Problem, Severity
from .urls import absolute_url

DEFAULT_TITLE_PATTERN = "{page} – {site}"
DEFAULT_HOME_PATTERN = "{site} – {tagline}"
DESCRIPTION_LENGTH = 155
HEADLINE_LENGTH = 110  # Google's limit for an Article headline


class Kind(StrEnum):
    """What a page is for search engines and social networks: decides og:type and the JSON-LD
    page node. A StrEnum, so templates and JSON compare and print it as its value."""

    HOME = "home"
    ARTICLE = "article"
    PAGE = "page"
    PROFILE = "profile"
    COLLECTION = "collection"
    NOT_FOUND = "not-found"


HOME, ARTICLE, PAGE, PROFILE, COLLECTION, NOT_FOUND = Kind

ROBOTS_WORDS = {
    "all",
    "index",
    "follow",
    "noindex",
    "nofollow",
    "none",
    "noarchive",
    "nosnippet",
    "noimageindex",
    "notranslate",
    "indexifembedded",
    "nocache",
}
ROBOTS_VALUED = {"max-snippet", "max-image-preview", "max-video-preview", "unavailable_after"}

# Locales for og:locale when the theme's language has no region (Open Graph wants ll_CC).
LOCALES = {
    "en": "en_US",
    "de": "de_DE",
    "fr": "fr_FR",
    "es": "es_ES",
    "it": "it_IT",
    "pt": "pt_PT",
    "nl": "nl_NL",
    "sv": "sv_SE",
    "da": "da_DK",
    "nb": "nb_NO",
    "no": "nb_NO",
    "fi": "fi_FI",
    "pl": "pl_PL",
    "cs": "cs_CZ",
    "ja": "ja_JP",
    "zh": "zh_CN",
    "ko": "ko_KR",
    "ru": "ru_RU",
    "uk": "uk_UA",
    "tr": "tr_TR",
    "ar": "ar_AR",
    "he": "he_IL",
    "el": "el_GR",
    "hu": "hu_HU",
}


# --- the records ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Image:
    url: str  # absolute when the site has a URL
    alt: str = ""
    width: int | None = None
    height: int | None = None
    mime: str = ""


@dataclass(frozen=True, slots=True)
class Person:
    key: str  # the author's key in mkdocs.yml: part of the node's @id
    name: str
    url: str = ""  # site-relative or absolute: the profile page
    image: str = ""
    description: str = ""
    same_as: tuple[str, ...] = ()  # absolute profile URLs (LinkedIn, Mastodon ...)
    twitter: str = ""  # "@handle"


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    url: str = ""
    logo: str = ""
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Site:
    name: str
    url: str = ""  # absolute with a trailing slash; "" when mkdocs.yml has no site_url
    description: str = ""
    tagline: str = ""
    language: str = "en"
    locale: str = "en_US"
    title_pattern: str = DEFAULT_TITLE_PATTERN
    home_pattern: str = DEFAULT_HOME_PATTERN
    description_length: int = DESCRIPTION_LENGTH
    author: Person | None = None  # the site's owner: publisher unless an organization is set
    organization: Organization | None = None
    twitter: str = ""  # "@handle" of the site (twitter:site)
    default_image: Image | None = None
    logo: Image | None = None  # the publisher's logo (JSON-LD): the organization's or the site's
    cards: bool = True  # twitter:card summary_large_image needs an image; summary otherwise

    def absolute(self, url: str) -> str:
        """Site-relative -> absolute (see `urls.absolute_url`)."""
        return absolute_url(self.url, url)

    @property
    def id(self) -> str:
        return self.absolute("") + "#website"

    def person_id(self, person: Person) -> str:
        return self.absolute("") + f"#/schema/person/{quote(person.key, safe='')}"

    @property
    def organization_id(self) -> str:
        return self.absolute("") + "#/schema/organization"


@dataclass(frozen=True, slots=True)
class Crumb:
    name: str
    url: str  # site-relative


@dataclass(frozen=True, slots=True)
class Entry:
    """One member of a listing's ItemList: a page of this site, a page elsewhere, or a node of
    this page's graph (`ref`, e.g. an Event)."""

    name: str
    url: str = ""
    ref: str = ""


@dataclass(frozen=True)
class PageInfo:
    """What the SEO core needs to know about one page."""

    url: str  # site-relative: "" (home), "stop-demoing/", "rants/page/2/"
    title: str  # plain text
    kind: Kind = PAGE
    description: str = ""  # written for the purpose (front matter, topic description ...)
    text: str = ""  # the page's first paragraph: the description when none was written
    canonical: str | None = None  # front matter: the original of a cross-posted article
    robots: str | None = None  # front matter `robots:` (validated), wins over every rule
    noindex: bool = False  # front matter `noindex: true`, or the page's nature (thank-you page)
    page_number: int = 1  # listings: 2, 3 ... are noindex by default
    prev_url: str | None = None  # listings: the neighbouring pages (site-relative)
    next_url: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    author: Person | None = None
    topics: tuple[str, ...] = ()  # names, for article:tag and keywords
    section: str = ""  # article:section: the content type's label
    words: int = 0
    image: Image | None = None  # front matter image, or the social card
    crumbs: tuple[Crumb, ...] = ()  # between the home page and this page, broadest first
    items: tuple[Entry, ...] = ()  # what a collection lists
    nodes: tuple[Mapping[str, Any], ...] = ()  # more graph nodes (speaker profile, events)


@dataclass(frozen=True)
class RobotsRules:
    noindex_paginated: bool = True  # page 2, 3 ... of listings: noindex, follow
    noindex_not_found: bool = True
    default: str = ""  # e.g. "max-image-preview:large" on every indexable page


@dataclass(frozen=True, slots=True)
class Tag:
    """`<meta {attr}="{key}" content="{value}">`: Open Graph uses property=, the rest name=."""

    attr: str
    key: str
    value: str


@dataclass(frozen=True)
class Head:
    title: str
    description: str
    canonical: str  # "" when unknown (no site_url)
    robots: str  # "" when the page is indexable with no special rule
    tags: tuple[Tag, ...]
    jsonld: Mapping[str, Any]
    author: str = ""  # <meta name="author">
    prev_url: str = ""  # absolute, listings only
    next_url: str = ""

    @property
    def indexable(self) -> bool:
        words = {w.strip().split(":")[0] for w in self.robots.lower().split(",")}
        return not words & {"noindex", "none"}


# --- title, description, canonical, robots -------------------------------------------------------


def page_title(page: PageInfo, site: Site) -> str:
    """`<title>`: "{page} – {site}"; the home page is the site's name and tagline."""
    if page.kind == HOME:
        if not site.tagline:
            return site.name
        return _fill(
            site.home_pattern, site=site.name, tagline=site.tagline, page=page.title or site.name
        )
    title = page.title or site.name
    if title == site.name:
        return title
    return _fill(site.title_pattern, page=title, site=site.name, tagline=site.tagline)


def _fill(pattern: str, **values: str) -> str:
    return re.sub(r"{(page|site|tagline)}", lambda m: values[m.group(1)], pattern)


def validate_title_pattern(pattern: str) -> str | None:
    """None when usable, else what is wrong (used by the option's validation)."""
    unknown = [
        f for f in re.findall(r"{([^{}]*)}", pattern) if f not in ("page", "site", "tagline")
    ]
    if unknown:
        return f"unknown placeholder {{{unknown[0]}}}; use {{page}}, {{site}} and {{tagline}}"
    return None


def trim_description(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """At most `limit` characters, cut on a word boundary with an ellipsis."""
    return textutil.trim(text, limit)


def description(page: PageInfo, site: Site) -> str:
    """The written description, else the first paragraph, else the site's description."""
    for candidate in (page.description, page.text, site.description):
        text = " ".join((candidate or "").split())
        if text:
            return trim_description(text, site.description_length)
    return ""


def canonical_url(page: PageInfo, site: Site) -> str:
    """The front matter `canonical` (a cross-posted article's original) wins; else this page's
    absolute URL. "" without a site URL: a relative canonical says nothing."""
    if page.canonical:
        return page.canonical
    return site.absolute(page.url) if site.url else ""


def robots(page: PageInfo, rules: RobotsRules = RobotsRules()) -> str:
    """The `robots` meta content; "" for a normal indexable page."""
    if page.robots:
        return page.robots
    if page.noindex:
        return "noindex, follow"
    if page.kind == NOT_FOUND and rules.noindex_not_found:
        return "noindex, follow"
    if page.page_number > 1 and rules.noindex_paginated:
        return "noindex, follow"
    return rules.default


def validate_robots(value: str) -> str | None:
    """None when `value` is a list of robots directives Google and Bing understand, else why not."""
    for part in (p.strip() for p in value.split(",")):
        if not part:
            return (
                "has an empty directive; separate directives with one comma, like 'noindex, follow'"
            )
        name, _, argument = part.partition(":")
        name = name.strip().lower()
        if name in ROBOTS_VALUED and argument.strip():
            continue
        if name in ROBOTS_WORDS and not argument:
            continue
        known = ", ".join(sorted(ROBOTS_WORDS | {f"{v}:..." for v in ROBOTS_VALUED}))
        return f"'{part}' is not a robots directive; use {known}"
    return None


def locale_for(language: str) -> str:
    """Theme language ("en", "pt-BR") -> Open Graph locale ("en_US", "pt_BR")."""
    code = language.replace("-", "_")
    if "_" in code:
        lang, region = code.split("_", 1)
        return f"{lang.lower()}_{region.upper()}"
    return LOCALES.get(code.lower(), f"{code.lower()}_{code.upper()}" if code else "en_US")


_HANDLE = re.compile(r"^@?([A-Za-z0-9_]{1,15})$")


def twitter_handle(value: str) -> str:
    """ "@maren", "maren" or an x.com / twitter.com profile URL -> "@maren"; "" when it is none."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme in ("http", "https"):
        host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("mobile.")
        if host not in ("x.com", "twitter.com"):
            return ""
        value = parts.path.strip("/").split("/")[0]
        if value.lower() in ("intent", "share", "home", "i", "search", "hashtag"):
            return ""
    match = _HANDLE.match(value)
    return f"@{match.group(1)}" if match else ""


def w3c_date(moment: datetime | date | None) -> str:
    """Sitemap `lastmod`: the date alone when the time is midnight, else date, time and offset."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        if moment.time() == time(0, 0) or moment.tzinfo is None:
            return moment.date().isoformat()
        return moment.isoformat(timespec="seconds")
    return moment.isoformat()


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


# --- JSON-LD -------------------------------------------------------------------------------------


def person_node(person: Person, site: Site) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Person", "@id": site.person_id(person), "name": person.name}
    if person.url:
        node["url"] = site.absolute(person.url)
    if person.image:
        node["image"] = {
            "@type": "ImageObject",
            "url": site.absolute(person.image),
            "caption": person.name,
        }
    if person.description:
        # A bio written to follow the name ("trains sales teams ...") reads as a sentence with it.
        text = person.description
        node["description"] = f"{person.name} {text}" if text[:1].islower() else text
    if person.same_as:
        node["sameAs"] = list(person.same_as)
    return node


def publisher_node(site: Site) -> dict[str, Any] | None:
    """Who publishes the site: the configured organization, else the site's author as a
    Person that is also an Organization (a personal brand), so it can carry a logo."""
    logo = (
        {
            "@type": "ImageObject",
            "url": site.logo.url,
            **({"width": site.logo.width, "height": site.logo.height} if site.logo.width else {}),
        }
        if site.logo is not None
        else None
    )
    if site.organization is not None:
        org = site.organization
        node: dict[str, Any] = {
            "@type": "Organization",
            "@id": site.organization_id,
            "name": org.name,
        }
        node["url"] = site.absolute(org.url) if org.url else site.absolute("")
        if logo:
            node["logo"] = logo
        if org.same_as:
            node["sameAs"] = list(org.same_as)
        return node
    if site.author is None:
        return None
    node = person_node(site.author, site)
    node["@type"] = ["Person", "Organization"]
    if logo:
        node["logo"] = logo
    return node


def _person_ref(person: Person, site: Site) -> dict[str, Any]:
    """An author reference Google reads even without following @id: name and url inline."""
    ref: dict[str, Any] = {"@type": "Person", "@id": site.person_id(person), "name": person.name}
    if person.url:
        ref["url"] = site.absolute(person.url)
    return ref


def _image_object(image: Image, node_id: str) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "ImageObject",
        "@id": node_id,
        "url": image.url,
        "contentUrl": image.url,
    }
    if image.width and image.height:
        node["width"] = image.width
        node["height"] = image.height
    if image.alt:
        node["caption"] = image.alt
    return node


def graph(page: PageInfo, site: Site, *, title: str, text: str) -> dict[str, Any]:
    """One `@graph` for the page: WebSite, the publisher, the page itself (WebPage, CollectionPage
    or ProfilePage), its BreadcrumbList, a BlogPosting for articles, an ItemList for collections,
    and the nodes the page brings (speaker profile, events), merged by @id."""
    url = site.absolute(page.url)
    website: dict[str, Any] = {
        "@type": "WebSite",
        "@id": site.id,
        "url": site.absolute(""),
        "name": site.name,
        "inLanguage": site.language,
    }
    if site.description:
        website["description"] = site.description
    nodes: list[dict[str, Any]] = [website]
    publisher = publisher_node(site)
    if publisher is not None:
        nodes.append(publisher)
        website["publisher"] = {"@id": publisher["@id"]}
    author = page.author
    if author is not None and (publisher is None or site.person_id(author) != publisher["@id"]):
        nodes.append(person_node(author, site))

    page_type = {PROFILE: "ProfilePage", COLLECTION: "CollectionPage"}.get(page.kind, "WebPage")
    if page.kind == NOT_FOUND:
        return {"@context": "https://schema.org", "@graph": nodes}
    webpage: dict[str, Any] = {
        "@type": page_type,
        "@id": url,
        "url": url,
        "name": title,
        "isPartOf": {"@id": site.id},
        "inLanguage": site.language,
    }
    if text:
        webpage["description"] = text
    nodes.append(webpage)
    if page.image is not None:
        image_id = f"{url}#primaryimage"
        nodes.append(_image_object(page.image, image_id))
        webpage["primaryImageOfPage"] = {"@id": image_id}
        webpage["image"] = {"@id": image_id}
    if page.published:
        webpage["datePublished"] = page.published.isoformat()
    if page.modified or page.published:
        webpage["dateModified"] = (page.modified or page.published).isoformat()  # type: ignore[union-attr]
    if page.kind == PROFILE and author is not None:
        webpage["mainEntity"] = {"@id": site.person_id(author)}
    if page.kind == HOME and publisher is not None:
        webpage["about"] = {"@id": publisher["@id"]}

    if page.kind != HOME:
        crumbs = [Crumb("Home", ""), *page.crumbs, Crumb(page.title or title, page.url)]
        webpage["breadcrumb"] = {"@id": f"{url}#breadcrumb"}
        nodes.append(
            {
                "@type": "BreadcrumbList",
                "@id": f"{url}#breadcrumb",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": n,
                        "name": crumb.name,
                        "item": site.absolute(crumb.url),
                    }
                    for n, crumb in enumerate(crumbs, 1)
                ],
            }
        )

    if page.kind == ARTICLE:
        article: dict[str, Any] = {
            "@type": "BlogPosting",
            "@id": f"{url}#article",
            "headline": textutil.trim(page.title, HEADLINE_LENGTH),
            "url": url,
            "mainEntityOfPage": {"@id": url},
            "isPartOf": {"@id": site.id},
            "inLanguage": site.language,
        }
        if text:
            article["description"] = text
        if page.image is not None:
            article["image"] = [{"@id": f"{url}#primaryimage"}]
            article["thumbnailUrl"] = page.image.url
        if page.published:
            article["datePublished"] = page.published.isoformat()
            article["dateModified"] = (page.modified or page.published).isoformat()
        if author is not None:
            article["author"] = [_person_ref(author, site)]
        if publisher is not None:
            # Inline (not just an @id): tools that do not follow references still see a name and
            # logo.
            article["publisher"] = {
                k: publisher[k] for k in ("@type", "@id", "name", "url", "logo") if k in publisher
            }
        if page.topics:
            article["keywords"] = list(page.topics)
        if page.section:
            article["articleSection"] = page.section
        if page.words:
            article["wordCount"] = page.words
        if page.canonical:
            article["sameAs"] = [page.canonical]  # the cross-posted original
        nodes.append(article)
        webpage["mainEntity"] = {"@id": article["@id"]}

    if page.items:
        elements = []
        for position, entry in enumerate(page.items, 1):
            element: dict[str, Any] = {
                "@type": "ListItem",
                "position": position,
                "name": entry.name,
            }
            if entry.ref:
                element["item"] = {"@id": entry.ref}
            else:
                element["url"] = site.absolute(entry.url)
            elements.append(element)
        item_list = {
            "@type": "ItemList",
            "@id": f"{url}#items",
            "numberOfItems": len(elements),
            "itemListOrder": "https://schema.org/ItemListOrderDescending"
            if page.kind == COLLECTION
            else None,
            "itemListElement": elements,
        }
        item_list = {k: v for k, v in item_list.items() if v is not None}
        nodes.append(item_list)
        webpage["mainEntity"] = {"@id": item_list["@id"]}

    merged = merge_nodes(nodes, page.nodes, aliases=_aliases(page.nodes, author, site))
    return {"@context": "https://schema.org", "@graph": merged}


def _aliases(
    extra: Iterable[Mapping[str, Any]], author: Person | None, site: Site
) -> dict[str, str]:
    """A Person node brought by the page (the speaker) that names the page's author is the author:
    its @id is rewritten to the author's, so the graph holds one Person."""
    if author is None:
        return {}
    aliases = {}
    for node in extra:
        if (
            node.get("@type") == "Person"
            and str(node.get("name", "")).casefold() == author.name.casefold()
        ):
            aliases[str(node["@id"])] = site.person_id(author)
    return aliases


def merge_nodes(
    nodes: Sequence[Mapping[str, Any]],
    extra: Iterable[Mapping[str, Any]],
    *,
    aliases: Mapping[str, str] = {},
) -> list[dict[str, Any]]:
    """`nodes` plus `extra`, one node per @id: a node whose @id is already there adds the
    properties it lacks (lists are joined without repeats; the first value of a scalar wins).
    @id references are rewritten through `aliases`."""

    def rewrite(value: Any) -> Any:
        if isinstance(value, Mapping):
            out = {k: rewrite(v) for k, v in value.items()}
            if isinstance(out.get("@id"), str) and out["@id"] in aliases:
                out["@id"] = aliases[out["@id"]]
            return out
        if isinstance(value, list):
            return [rewrite(v) for v in value]
        return value

    merged: list[dict[str, Any]] = [dict(n) for n in nodes]
    by_id = {n["@id"]: n for n in merged if "@id" in n}
    for raw in extra:
        node = rewrite(dict(raw))
        node.pop("@context", None)
        node_id = node.get("@id")
        if node_id is None or node_id not in by_id:
            merged.append(node)
            if node_id is not None:
                by_id[node_id] = node
            continue
        target = by_id[node_id]
        for key, value in node.items():
            if key not in target:
                target[key] = value
            elif isinstance(target[key], list) and isinstance(value, list):
                target[key] = target[key] + [v for v in value if v not in target[key]]
    return merged


def enrich_events(
    nodes: Iterable[Mapping[str, Any]],
    *,
    image: str = "",
    organizers: Mapping[str, Mapping[str, Any]] = {},
) -> list[dict[str, Any]]:
    """Add what Google recommends for an Event and the speaker feature leaves out: an image, an
    endDate for a one-day event, and the organizer (keyed by the event's @id)."""
    out = []
    for raw in nodes:
        node = dict(raw)
        if node.get("@type") == "Event":
            if image and "image" not in node:
                node["image"] = [image]
            start = str(node.get("startDate", ""))
            if "endDate" not in node and re.fullmatch(r"\d{4}-\d{2}-\d{2}", start):
                node["endDate"] = start  # an all-day, one-day appearance
            organizer = organizers.get(str(node.get("@id", "")))
            if organizer and "organizer" not in node:
                node["organizer"] = dict(organizer)
        out.append(node)
    return out


# --- the head ------------------------------------------------------------------------------------


def head(page: PageInfo, site: Site, rules: RobotsRules = RobotsRules()) -> Head:
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


# --- sitemap and robots.txt ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str  # absolute
    lastmod: str = ""  # W3C date or datetime; "" leaves <lastmod> out


def sitemap_xml(entries: Iterable[SitemapEntry]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for entry in entries:
        lastmod = f"<lastmod>{xml_escape(entry.lastmod)}</lastmod>" if entry.lastmod else ""
        lines.append(f"  <url><loc>{xml_escape(entry.url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str, disallow: Iterable[str] = ()) -> str:
    lines = [
        "# Written by Soapbox. Put your own robots.txt in the posts folder to replace it.",
        "User-agent: *",
    ]
    rules = [f"Disallow: {path}" for path in disallow]
    lines += rules or ["Disallow:"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"


# --- content checks ------------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\s*(\([^)]*\)|\[[^\]]*\])")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"\balt\s*=", re.IGNORECASE)
_ATX_H1 = re.compile(r"^ {0,3}#(?!#)\s+\S")
_SETEXT_H1 = re.compile(r"^ {0,3}=+\s*$")
_HTML_H1 = re.compile(r"<h1\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """What the checks read from one markdown body (line numbers are the file's)."""

    images_without_alt: tuple[tuple[int, str], ...]  # (line, the image's source)
    h1_lines: tuple[int, ...]


def body_facts(body: str, first_line: int) -> BodyFacts:
    """Scan a markdown body (outside code fences) for images without alt text and level-1
    headings (`# `, setext `===`, `<h1>`). `first_line` is the file line the body starts on."""
    images: list[tuple[int, str]] = []
    h1: list[int] = []
    fence: str | None = None
    previous = ""
    for index, line in enumerate(body.splitlines()):
        number = first_line + index
        stripped = line.strip()
        marker = stripped[:3]
        if marker in ("```", "~~~"):
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            previous = ""
            continue
        if fence is not None or line.startswith(("    ", "\t")):
            previous = ""
            continue
        for match in _MD_IMAGE.finditer(line):
            if not match.group(1).strip():
                images.append((number, match.group(2).strip("()[] ").split(" ")[0]))
        for match in _HTML_IMG.finditer(line):
            if not _ALT_ATTR.search(match.group(0)):
                src = re.search(r"\bsrc\s*=\s*[\"']?([^\"'\s>]+)", match.group(0))
                images.append((number, src.group(1) if src else "<img>"))
        if _ATX_H1.match(line) or _HTML_H1.search(line):
            h1.append(number)
        elif (
            _SETEXT_H1.match(line)
            and previous.strip()
            and not previous.lstrip().startswith(("#", "-", "*", ">"))
        ):
            h1.append(number - 1)
        previous = line
    return BodyFacts(tuple(images), tuple(h1))


@dataclass(frozen=True, slots=True)
class CheckedPage:
    """One written page for the content checks."""

    path: str  # as the author sees it: "posts/rants/x.md"
    title: str
    is_article: bool
    title_in_body: bool  # the title is the body's first `# heading` (dropped from the body)
    template_h1: bool  # the page's template prints the title as an h1 (articles, home, speaker)
    description: str
    description_line: int | None
    summary: str
    facts: BodyFacts


def check_pages(
    pages: Iterable[CheckedPage], *, description_length: int = DESCRIPTION_LENGTH
) -> list[Problem]:
    """Warnings (they fail `mkdocs build --strict`) an author can act on."""
    problems: list[Problem] = []

    def warn(page: CheckedPage, line: int | None, field_name: str | None, message: str) -> None:
        problems.append(Problem(page.path, line, field_name, message, Severity.WARNING))

    for page in pages:
        for line, src in page.facts.images_without_alt:
            warn(
                page,
                line,
                "image",
                f"'{src}' has no alt text; describe it inside the brackets, like ![What the picture"
                ' shows](...), or give an <img> alt="" if it is only decoration',
            )
        length = len(page.description)
        if length > description_length:
            warn(
                page,
                page.description_line,
                "description",
                f"is {length} characters; search results show about {description_length}, so it is "
                "cut"
                f" mid-sentence: shorten it by {length - description_length} or more",
            )
        elif page.is_article and not page.description and not page.summary.strip():
            warn(
                page,
                1,
                "description",
                "is missing and the text does not start with a paragraph to use instead; add"
                " 'description: ...' (one or two sentences, under"
                f" {description_length} characters) for search results and shared links",
            )
        h1 = list(page.facts.h1_lines)
        if page.title_in_body and h1:
            h1 = h1[1:]  # that heading is the title; the template prints it
        total = len(h1) + (1 if page.template_h1 else 0)
        if not page.template_h1 and not h1:
            total = 1  # the theme prints the title
        if total > 1:
            extra = h1[1] if not page.template_h1 and len(h1) > 1 else h1[0]
            warn(
                page,
                extra,
                "heading",
                "is a second level-1 heading (the page's title is the first); make it '## ...' so "
                "the"
                " page has one h1",
            )
    return problems


def duplicate_titles(titles: Iterable[tuple[str, str, int | None]]) -> list[Problem]:
    """(title as in <title>, where, line) of every page -> a warning for each page whose title is
    already taken: search results would show two identical titles."""
    seen: dict[str, str] = {}
    problems = []
    for title, where, line in titles:
        key = " ".join(title.casefold().split())
        if key in seen:
            problems.append(
                Problem(
                    where,
                    line,
                    "title",
                    f"'{title}' is also the title of {seen[key]}; give each page its own title so"
                    " search results can tell them apart",
                    Severity.WARNING,
                )
            )
        else:
            seen[key] = where
    return problems


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
