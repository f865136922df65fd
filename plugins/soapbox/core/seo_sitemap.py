"""`sitemap.xml` and `robots.txt` of the site. Framework-free."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

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
