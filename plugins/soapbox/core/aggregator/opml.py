"""OPML in and out: import the blogs an author follows from a feed reader's export, and publish
the site's blogroll as OPML for visitors to import.

Reading is hardened: expat directly, and a document type declaration (the only place entities can
be declared, so the door to "billion laughs" expansion and external entities) is refused outright;
no OPML file needs one. Only `<outline>` elements matter: each with an `xmlUrl` is a source; the
titles of the folders it sits in and its `category` attribute (comma-separated, slash-delimited
paths) become topic *names*, which the caller matches against the site's vocabulary.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit
from xml.parsers import expat

from ..feeds import clean, rfc822
from .model import Source
from .sanitize import MAX_NAME, plain_text, safe_url


class _Refused(Exception):
    pass


@dataclass
class OpmlImport:
    sources: list[Source] = field(default_factory=list)  # topics hold names, not yet slugs
    problems: list[str] = field(default_factory=list)  # each names the file and what to do
    error: str = ""  # the file could not be read at all


def _attribute(attrs: dict[str, str], name: str) -> str:
    wanted = name.lower()
    for key, value in attrs.items():
        if key.lower() == wanted:
            return value
    return ""


def read_opml(data: bytes, *, label: str = "OPML file") -> OpmlImport:
    """The sources listed in an OPML document (see the module docstring). Never raises."""
    result = OpmlImport()
    folders: list[str | None] = []  # for each open outline: its title if it is a folder
    seen: set[str] = set()
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_doctype(*_args) -> None:
        raise _Refused(
            f"{label}: has a DOCTYPE declaration; OPML needs none and Soapbox refuses them (they "
            "can"
            " expand entities or load external files). Remove the <!DOCTYPE ...> line"
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.lower() != "outline":
            return
        text = plain_text(_attribute(attrs, "title") or _attribute(attrs, "text"), limit=MAX_NAME)
        feed = _attribute(attrs, "xmlUrl").strip()
        if not feed:
            folders.append(text or None)
            return
        folders.append(None)
        url = safe_url(feed)
        line = parser.CurrentLineNumber
        if not url:
            result.problems.append(
                f"{label}, line {line}: xmlUrl '{feed[:200]}' is not an http(s) address; skipped"
            )
            return
        if url in seen:
            result.problems.append(
                f"{label}, line {line}: {url} is listed twice; the first entry is used"
            )
            return
        seen.add(url)
        names: list[str] = [f for f in folders[:-1] if f]
        for category in _attribute(attrs, "category").split(","):
            names += [part.strip() for part in category.split("/") if part.strip()]
        result.sources.append(
            Source(
                name=text or urlsplit(url).hostname or url,
                feed_url=url,
                site_url=safe_url(_attribute(attrs, "htmlUrl")),
                topics=tuple(dict.fromkeys(names)),
            )
        )

    def end(name: str) -> None:
        if name.lower() == "outline" and folders:
            folders.pop()

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        return OpmlImport(error=str(exc))
    except expat.ExpatError as exc:
        return OpmlImport(
            sources=result.sources,
            error=f"{label}: line {exc.lineno}, column {exc.offset}: not well-formed XML"
            f" ({expat.ErrorString(exc.code)}); export the OPML from your feed reader again",
        )
    if not result.sources:
        result.problems.append(f"{label}: lists no feeds (no <outline> with an xmlUrl attribute)")
    return result


@dataclass(frozen=True, slots=True)
class BlogrollEntry:
    title: str
    feed_url: str
    site_url: str = ""
    category: str = ""  # topic titles, comma-separated


def write_blogroll(
    title: str, entries: Iterable[BlogrollEntry], *, date: datetime | None = None, owner: str = ""
) -> bytes:
    """OPML 2.0 listing the blogs the site follows, for one-click import into a feed reader."""
    root = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = clean(title)
    if date is not None:
        ET.SubElement(head, "dateCreated").text = rfc822(date)
    if owner:
        ET.SubElement(head, "ownerName").text = clean(owner)
    body = ET.SubElement(root, "body")
    for entry in entries:
        attrib = {
            "type": "rss",
            "text": clean(entry.title),
            "title": clean(entry.title),
            "xmlUrl": clean(entry.feed_url),
        }
        if entry.site_url:
            attrib["htmlUrl"] = clean(entry.site_url)
        if entry.category:
            attrib["category"] = clean(entry.category)
        ET.SubElement(body, "outline", attrib)
    ET.indent(root, space="  ")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    ).encode("utf-8")
