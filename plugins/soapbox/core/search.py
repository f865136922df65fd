"""What the site search finds beyond what Material's search plugin indexes by itself.

Material indexes each page's rendered markdown. Soapbox's generated pages carry their content in
templates, and an article's description is front matter, so talk pages, the hire-me page's talks
and showreel, the appearances page and every description were unsearchable. This module turns
that data into entries of Material's `search/search_index.json` and merges them in after the
search plugin wrote the file; the site's own search box (lunr, in the browser) then finds them.

Stemming: Material's lunr client searches each term as a prefix and, with lunr's `stemmer` in the
pipeline, matches nothing for an inflected query ("pricing" found no page at all when tried in
Chromium), which is why Material leaves the stemmer out for English. So the index keeps
Material's pipeline and each article's entry also carries its topics' names: "pricing" finds
"Raising Prices ..." through its topic, as the page itself shows it.

Descriptions rank like titles: an article's description (a talk's summary) is the line printed
under its title on the page, in every listing and in link previews, so a reader who remembers a
page remembers that line. It stays in the entry's text (the result shows it) and is also a field
of its own, `description`, weighted like the title (Material reads each field's weight from the
index's `config.fields`; a weight the site sets in the search plugin's `fields` is kept). In the
text it weighed as much as one word of the body: "free training for your competitor", the
description of "Stop Demoing ...", ranked that article 6th, under three pages whose titles start
with "for" (Material searches "for*"; the stop word filter does not apply to prefix terms).
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .publication import Publication
from .speaker import FORMATS, Schedule, Speaker

DESCRIPTION = "description"  # the index field of descriptions and talk summaries


@dataclass(frozen=True, slots=True)
class SearchDoc:
    location: str  # site-relative URL, "talks/stop-demoing/"
    title: str  # plain text
    text: str  # plain text paragraphs; escaped when written
    boost: float | None = None
    description: str = ""  # plain text; its own field, weighted like the title

    def entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "location": self.location,
            "title": html.escape(self.title, quote=False),
            "text": "".join(
                f"<p>{html.escape(p, quote=False)}</p>" for p in _paragraphs(self.text)
            ),
        }
        if self.description:
            entry[DESCRIPTION] = html.escape(self.description, quote=False)
        if self.boost is not None:
            entry["boost"] = self.boost
        return entry


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def speaker_docs(
    speaker: Speaker, schedule: Schedule, *, page_url: str, appearances_url: str
) -> tuple[list[SearchDoc], dict[str, str]]:
    """Talk pages and the appearances page as entries of their own, and for the hire-me page the
    text its template shows beyond the markdown (every talk and the showreel), to add to its
    entry. Returns (entries, {location: text to add})."""
    docs: list[SearchDoc] = []
    hire_me: list[str] = []
    for talk in speaker.talks:
        about = [
            *talk.abstract,
            ", ".join(FORMATS.get(f, f) for f in talk.formats),
            ", ".join(talk.durations),
            *talk.outcomes,
            ", ".join(talk.topics),
        ]
        text = "\n\n".join(part for part in about if part)
        if talk.url:
            about_talk = f"A talk by {speaker.name}.\n\n{text}"
            docs.append(SearchDoc(talk.url, talk.title, about_talk, description=talk.summary))
        hire_me.append(f"{talk.title}. {talk.summary}")
    if speaker.reel is not None:
        hire_me.append(speaker.reel.title)
    if speaker.tagline:
        hire_me.insert(0, speaker.tagline)
    lines = []
    for heading, appearances in (("Upcoming", schedule.upcoming), ("Past", schedule.past)):
        for appearance in appearances:
            given = speaker.talk_by_slug.get(appearance.talk or "")
            parts = [appearance.event, appearance.place, given.title if given else ""]
            lines.append(f"{heading}: " + ", ".join(p for p in parts if p))
    if lines:
        docs.append(
            SearchDoc(
                appearances_url,
                "Appearances",
                f"Where {speaker.name} speaks.\n\n" + "\n\n".join(lines),
            )
        )
    return docs, {page_url: "\n\n".join(hire_me)} if hire_me else {}


def article_text(description: str, topics: Iterable[str]) -> str:
    """What an article's page shows above its body and the index did not hold."""
    names = ", ".join(topics)
    return "\n\n".join(p for p in (description, f"Topics: {names}." if names else "") if p)


def augment(
    index: Mapping[str, Any],
    docs: Iterable[SearchDoc] = (),
    additions: Mapping[str, str] | None = None,
    descriptions: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Material's search index with `docs` added (an entry at the same location is replaced),
    `additions[location]` (plain text: descriptions, topics, a page's template-only content) put
    before the text of the page's own entry, and `descriptions[location]` as the entry's
    `description` field, which the config weighs like the title (see the module's notes)."""
    result = dict(index)
    extra = {doc.location: doc.entry() for doc in docs}
    additions = additions or {}
    descriptions = descriptions or {}
    entries = [
        _completed(entry, additions.get(location, ""), descriptions.get(location, ""))
        for entry in result.get("docs") or []
        if (location := entry.get("location", "")) not in extra
    ]
    result["docs"] = entries + list(extra.values())
    if any(DESCRIPTION in entry for entry in result["docs"]):
        result["config"] = _with_description_field(result.get("config") or {})
    return result


def _completed(entry: Mapping[str, Any], addition: str, description: str) -> Mapping[str, Any]:
    """`entry` with `addition` (plain text) before its text and `description` as its field; the
    entry itself when there is neither."""
    if not (addition or description):
        return entry
    result = dict(entry)
    if addition:
        added = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in _paragraphs(addition))
        result["text"] = added + str(entry.get("text") or "")
    if description:
        result[DESCRIPTION] = html.escape(description, quote=False)
    return result


def _with_description_field(config: Mapping[str, Any]) -> dict[str, Any]:
    """The index config with a `description` field weighted like the title, unless it has one."""
    fields = dict(config.get("fields") or {})
    if DESCRIPTION not in fields:
        title = fields.get("title") or {}
        fields[DESCRIPTION] = {"boost": title.get("boost", 1000.0)}  # Material's title default
    return {**config, "fields": fields}


def rewrite(
    path: Path,
    publication: Publication,
    speaker_view: Any,  # the speaker feature's view (speaker, schedule, page URLs), or None
    topics_of: Mapping[str, Iterable[Any]] | None = None,  # post src_uri -> its Topics
) -> bool:
    """Rewrite the search index at `path` with what Material cannot see (the speaker's talks and
    appearances, articles' descriptions and topics); False when there is none (search off)."""
    if not path.is_file():
        return False
    docs: list[SearchDoc] = []
    additions: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    view = speaker_view
    if view is not None:
        docs, additions = speaker_docs(
            view.speaker,
            view.schedule,
            page_url=view.page_url,
            appearances_url=view.appearances_url,
        )
    for post in publication.articles:
        if post.src_uri in publication.previews:
            continue
        names = [t.title for t in (topics_of or {}).get(post.src_uri, ())] or list(post.topics)
        if text := article_text(post.description, names):
            additions[post.url] = text
        if post.description:
            descriptions[post.url] = post.description
    index = json.loads(path.read_text(encoding="utf-8"))
    augmented = augment(index, docs, additions, descriptions)
    path.write_text(
        json.dumps(augmented, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return True
