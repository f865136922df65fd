"""SEO records and the per-page basics: page kinds, the typed records (`Site`, `PageInfo`,
`Head` ...), title, description, canonical URL and robots rules. Framework-free."""

from __future__ import annotations

import dataclasses
import json
import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlsplit

from . import text as textutil
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


_HEAD_FIELDS = [f.name for f in dataclasses.fields(Head) if f.compare]
_TAG_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Tag) if f.compare))


def head_json(head: Head) -> Any:
    """Every field of the head, its tags as (attr, key, value), in one JSON text: how the
    incremental preview digests it (the encoder is C, the head the largest part of a page's
    context; the theme prints the JSON-LD with `tojson`). NotImplemented for a value JSON
    cannot hold (then it is digested field by field)."""
    fields = {name: getattr(head, name) for name in _HEAD_FIELDS}
    fields["tags"] = list(map(_TAG_FIELDS, head.tags))
    try:
        return json.dumps(fields, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        return NotImplemented
