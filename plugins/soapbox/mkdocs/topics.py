"""MkDocs glue for topics: options -> vocabulary, the publication -> topic graph, related articles,
the generated topic pages and `topics.json`. The work itself is in `soapbox.core.topics` and
`soapbox.core.related`; this module only converts at the boundary and plans the virtual files."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.content import Post
from ..core.problems import Problem
from ..core.publication import Publication
from ..core.settings import TopicsOptions
from ..core.topic_plan import INDEX, TopicPage, Topics, TopicSettings, TopicsView, plan_topics
from ..core.topics import (
    Topic,
    Vocabulary,
    build_vocabulary,
    title_from_slug,
)

JSON = "topics.json"


def vocabulary_from(options: TopicsOptions, config_file: str) -> tuple[Vocabulary, list[Problem]]:
    topics = [
        Topic(
            slug=str(key),
            title=" ".join((entry.title or title_from_slug(str(key))).split()),
            description=" ".join(entry.description.split()),
            parent=entry.parent,
            synonyms=tuple(" ".join(s.split()) for s in entry.synonyms),
            plurals=entry.plurals,
        )
        for key, entry in options.vocabulary.items()
    ]
    return build_vocabulary(topics, strict=options.strict, config_file=config_file)


def plan(
    options: TopicsOptions,
    publication: Publication,
    files: Files,
    config: MkDocsConfig,
    *,
    display_root: str,
    page_size: int,
) -> Topics:
    if not options.enabled:
        return Topics()
    config_file = Path(config.config_file_path or "mkdocs.yml").name
    vocabulary, problems = vocabulary_from(options, config_file)
    settings = TopicSettings(
        title=options.title,
        description=options.description,
        related=options.related,
        suggest=options.suggest,
        page_size=page_size,
    )

    def read_source(post: Post) -> str:
        file = files.get_file_from_path(post.src_uri)
        return file.content_string if file is not None else ""

    topics = plan_topics(
        settings,
        vocabulary,
        publication,
        display_root=display_root,
        site_url=config.site_url or "",
        read_source=read_source,
    )
    topics.problems[:0] = problems
    return topics


def add_files(topics: Topics, files: Files, config: MkDocsConfig) -> None:
    """`topics.json` beside the site's pages (written only when some topic has a page)."""
    if topics.view is not None and topics.view.index_url is not None:
        files.append(File.generated(config, JSON, content=topics.json))


__all__ = ["INDEX", "JSON", "TopicPage", "Topics", "TopicsView", "add_files", "plan"]
