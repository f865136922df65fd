"""Slugs and permalinks: short, stable, and safe in a URL path."""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import quote, urljoin, urlsplit

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[-_]")
_NON_SLUG = re.compile(r"[\W_]+")  # "_" separates words like any punctuation
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PERMALINK_FIELDS = ("slug", "type", "year", "month", "day")


def slugify(text: str) -> str:
    """Lower-case, ASCII where a transliteration exists, words joined by '-'.

    Letters of scripts without an ASCII form (Cyrillic, Arabic, CJK ...) are kept as they are, so
    a title in any language still gets a readable slug; MkDocs percent-encodes them in links.
    """
    text = text.replace("&", " and ").replace("+", " plus ").replace("'", "").replace("’", "")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_form = decomposed.encode("ascii", "ignore").decode("ascii")
    base = ascii_form if _NON_SLUG.sub("", ascii_form) else unicodedata.normalize("NFC", text)
    return _NON_SLUG.sub("-", base.lower()).strip("-")


def slug_from_filename(stem: str) -> str:
    """`2024-03-12-stop-demoing` -> `stop-demoing`: a date prefix is not part of the URL."""
    return slugify(_DATE_PREFIX.sub("", stem)) or slugify(stem)


def is_valid_slug(value: str) -> bool:
    return bool(_SLUG.match(value))


def validate_permalink(pattern: str) -> str | None:
    """None when the pattern is usable, otherwise what is wrong with it."""
    fields = re.findall(r"{([^{}]*)}", pattern)
    unknown = [f for f in fields if f not in PERMALINK_FIELDS]
    if unknown:
        return f"unknown placeholder {{{unknown[0]}}}; use " + ", ".join(
            f"{{{f}}}" for f in PERMALINK_FIELDS
        )
    if "slug" not in fields:
        return "must contain {slug}, or two posts would share one URL"
    if pattern.startswith("/") or not pattern.endswith("/"):
        return "must be relative and end with '/', like '{slug}/' or 'posts/{year}/{slug}/'"
    return None


def permalink(pattern: str, *, slug: str, type_path: str, year: int, month: int, day: int) -> str:
    return pattern.format(
        slug=slug,
        type=type_path.strip("/"),
        year=f"{year:04d}",
        month=f"{month:02d}",
        day=f"{day:02d}",
    )


def is_web_url(value: str) -> bool:
    """An absolute http(s) URL (with a host): the one test of "a full web address" in the core."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def site_path(page_url: str, href: str) -> str | None:
    """The site-relative URL a link on the page at ``page_url`` ("rants/x/") leads to
    ("rants/y/"), without query or fragment; None for a full URL, a bare fragment or a scheme."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    joined = urljoin("/" + page_url, parts.path)
    return joined.lstrip("/")


@functools.lru_cache(maxsize=65536)  # the SEO heads ask for the same URLs on every page
def absolute_url(site_url: str, url: str) -> str:
    """A site-relative URL made absolute (percent-encoded) against the site's URL; absolute URLs
    pass unchanged. Without a site URL the result is root-relative, the best that can be done."""
    if urlsplit(url).scheme:
        return url
    path = quote(url.lstrip("/"), safe="/%:@&=+$,;~!*'()#?")
    return urljoin(site_url, path) if site_url else "/" + path
