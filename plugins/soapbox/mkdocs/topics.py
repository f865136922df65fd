"""MkDocs glue for topics: the options and the files' text go to `soapbox.core.topic_plan`, which
plans the topic graph, related reading, the topic pages and `topics.json`; this module adds the
JSON file."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.content import Post
from ..core.publication import Publication
from ..core.topic_plan import INDEX, Topics, TopicSettings, TopicsView, plan_topics, vocabulary_from
from .config import TopicsOptions

JSON = "topics.json"


def plan(
    options: TopicsOptions, publication: Publication, files: Files, config: MkDocsConfig, *,
    display_root: str, page_size: int,
) -> Topics:  # fmt: skip
    if not options.enabled:
        return Topics()
    config_name = Path(config.config_file_path or "mkdocs.yml").name
    vocabulary, problems = vocabulary_from(options, config_name)
    settings = TopicSettings(
        title=options.title, description=options.description, related=options.related,
        suggest=options.suggest, page_size=page_size,
    )  # fmt: skip

    def read_source(post: Post) -> str:
        file = files.get_file_from_path(post.src_uri)
        return file.content_string if file is not None else ""

    topics = plan_topics(
        settings, vocabulary, publication, display_root=display_root,
        site_url=config.site_url or "", read_source=read_source,
    )  # fmt: skip
    topics.problems[:0] = problems
    return topics


def add_files(topics: Topics, files: Files, config: MkDocsConfig) -> None:
    """`topics.json` beside the site's pages (written only when some topic has a page)."""
    if topics.view is not None and topics.view.index_url is not None:
        files.append(File.generated(config, JSON, content=topics.json))


__all__ = ["INDEX", "JSON", "Topics", "TopicsView", "add_files", "plan", "vocabulary_from"]
