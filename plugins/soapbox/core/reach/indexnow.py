"""IndexNow (https://www.indexnow.org): tell search engines which pages changed.

The site proves it owns its host with a key file (`/<key>.txt` holding the key); after a deploy the
URLs whose sitemap `lastmod` changed since the previous deploy are sent in one POST. This module
decides what to send; `scripts/indexnow.py` fetches and sends (the core holds no network code).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

ENDPOINT = "https://api.indexnow.org/indexnow"
MAX_URLS = 10_000  # per request, as the protocol allows
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit
_KEY = re.compile(r"^[A-Za-z0-9-]{8,128}$")
_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def validate_key(value: str) -> str | None:
    if _KEY.match(value):
        return None
    return (
        f"'{value}' is not an IndexNow key; use 8 to 128 letters, digits or dashes"
        " (e.g. the output of: python3 -c 'import uuid; print(uuid.uuid4().hex)')"
    )


def key_file(key: str) -> tuple[str, str]:
    """(path in the site, content) of the file that proves the key."""
    return f"{key}.txt", key


def parse_sitemap(data: bytes) -> dict[str, str]:
    """URL -> lastmod ("" when absent) of a sitemap. ValueError when it is not one."""
    if len(data) > MAX_SITEMAP_BYTES:
        raise ValueError(f"is larger than {MAX_SITEMAP_BYTES // 1024 // 1024} MB")
    if b"<!DOCTYPE" in data[:2048].upper():
        raise ValueError("has a DOCTYPE; a sitemap has none")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(f"is not XML ({exc})") from None
    if root.tag != f"{_NS}urlset":
        raise ValueError(f"is not a sitemap (its root is <{root.tag}>, not <urlset>)")
    entries: dict[str, str] = {}
    for url in root.iter(f"{_NS}url"):
        loc = (url.findtext(f"{_NS}loc") or "").strip()
        if loc:
            entries[loc] = (url.findtext(f"{_NS}lastmod") or "").strip()
    return entries


def changed(current: Mapping[str, str], previous: Mapping[str, str] | None) -> list[str]:
    """URLs that are new or whose lastmod differs. With no previous sitemap (first deploy, or the
    live one could not be read): none, so a first deploy does not announce the whole site."""
    if previous is None:
        return []
    return sorted(u for u, lastmod in current.items() if previous.get(u) != lastmod)


@dataclass(frozen=True, slots=True)
class Submission:
    host: str
    key: str
    key_location: str
    urls: tuple[str, ...]

    def body(self) -> bytes:
        return json.dumps(
            {
                "host": self.host,
                "key": self.key,
                "keyLocation": self.key_location,
                "urlList": list(self.urls),
            }
        ).encode("utf-8")


def submissions(site_url: str, key: str, urls: Iterable[str]) -> list[Submission]:
    """The requests for `urls` (only those on the site's host), at most MAX_URLS each."""
    parts = urlsplit(site_url)
    host = parts.netloc
    base = f"{parts.scheme}://{host}{parts.path.rstrip('/')}/"
    own = [u for u in urls if urlsplit(u).netloc == host]
    return [
        Submission(host, key, f"{base}{key}.txt", tuple(own[i : i + MAX_URLS]))
        for i in range(0, len(own), MAX_URLS)
    ]
