"""MkDocs glue for the site search: after Material's search plugin wrote
`search/search_index.json`, add what it cannot see (talks, appearances, the hire-me page's talks
and showreel, article descriptions) and each article's topics. The decisions are in
`soapbox.core.search`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from ..core import search as core
from ..core.publication import Publication

INDEX = "search/search_index.json"


def write(
    config: MkDocsConfig,
    publication: Publication,
    speaker_view: Any,  # the speaker feature's view (speaker, schedule, page URLs), or None
    topics_of: Mapping[str, Iterable[Any]] | None = None,  # post src_uri -> its Topics
) -> bool:
    """Rewrite the index in `config.site_dir`; False when there is none (search plugin off)."""
    path = Path(config.site_dir) / INDEX
    if not path.is_file():
        return False
    docs: list[core.SearchDoc] = []
    additions: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    view = speaker_view
    if view is not None:
        docs, additions = core.speaker_docs(
            view.speaker,
            view.schedule,
            page_url=view.page_url,
            appearances_url=view.appearances_url,
        )
    for post in publication.articles:
        if post.src_uri in publication.previews:
            continue
        names = [t.title for t in (topics_of or {}).get(post.src_uri, ())] or list(post.topics)
        if text := core.article_text(post.description, names):
            additions[post.url] = text
        if post.description:
            descriptions[post.url] = post.description
    index = json.loads(path.read_text(encoding="utf-8"))
    augmented = core.augment(index, docs, additions, descriptions)
    path.write_text(
        json.dumps(augmented, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return True
