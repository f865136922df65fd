""" "Around the web" in the site plan: the `aggregator:` options -> sources, the snapshot (fetched
first only by a build or deployment, when the network is allowed and the snapshot is stale), the
river's pages, files and view, and its feeds' links in the head of its pages.

Framework-free: the engine adapter passes its options and command and logs the result's lines.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .aggregator import pipeline
from .aggregator.fetch import user_agent
from .aggregator.model import Source
from .aggregator.river import PATH, RiverSettings, RiverView, build_river, prepare_snapshot
from .aggregator.river import sources_from as _sources_from
from .feed_plan import HeadLink
from .feeds import FILENAMES
from .plan import PageKind, PlannedPage, SiteContext
from .problems import Problem, Severity
from .topic_plan import vocabulary_from
from .topics import Vocabulary, build_vocabulary
from .version import package_version

INDEX = f"{PATH}index.md"

#: The commands that may reach the network: a build or a deployment, never `mkdocs serve`
#: (every save would wait on it) nor `soapbox check`.
FETCH_COMMANDS = frozenset({"build", "gh-deploy"})


@dataclass
class Aggregator:
    """The result of planning "Around the web" for one build."""

    view: RiverView | None = None
    pages: dict[str, PlannedPage] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # dest path -> content
    problems: list[Problem] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # lines for the build log (INFO)


def configured_sources(
    options: Any, topics_options: Any, config_file: str
) -> tuple[list[Source], list[Problem]]:
    """The sources a build (and `soapbox fetch`) uses: hints resolved against the declared
    vocabulary, so both compute the same sources."""
    vocabulary = None
    if topics_options.enabled and topics_options.vocabulary:
        # the topics feature reports the vocabulary's own problems
        vocabulary, _ = vocabulary_from(topics_options, Path(config_file).name)
    return _sources_from(options.sources, options.opml, config_file, vocabulary)


def sources_or_raise(options: Any, topics_options: Any, config_file: str) -> list[Source]:
    """For `soapbox fetch`: the sources, or ValueError naming every error."""
    sources, problems = configured_sources(options, topics_options, config_file)
    errors = [str(p) for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ValueError("; ".join(errors))
    return sources


def cache_folder(options: Any, config_file: str) -> Path:
    """`<cache_dir>/aggregator`, relative to mkdocs.yml: where the snapshot lives."""
    root = Path(os.path.expanduser(options.cache_dir))
    if not root.is_absolute():
        root = Path(config_file).parent / root
    return root / "aggregator"


def settings_from(options: Any, config_file: str) -> RiverSettings:
    return RiverSettings(
        cache_dir=cache_folder(options, config_file), title=options.title,
        description=options.description, refresh_minutes=options.refresh,
        deadline=float(options.deadline), excerpt_words=options.excerpt_words,
        page_size=options.page_size, topic_items=options.topic_items,
        feed_items=options.feed_items, fail_after_days=options.fail_after_days,
    )  # fmt: skip


def offline_reason(option: bool, command: str) -> str:
    """Why this build does not fetch ("" when it may)."""
    reason = pipeline.offline_reason(option)
    if command not in FETCH_COMMANDS:
        reason = reason or (
            "mkdocs serve never fetches" if command == "serve" else "only a build fetches"
        )
    return reason


def plan_river(
    options: Any,  # the `aggregator:` options
    topics_options: Any,  # the `topics:` options: the vocabulary the source hints name
    site: SiteContext,
    *,
    site_author: str,
    config_file: str,  # absolute
    now: datetime,
    command: str,
    topics_view: Any,  # TopicsView | None
    topic_pages: Mapping[str, PlannedPage],
    feed_stylesheet: str = "",
) -> Aggregator:
    """The river of one build, with the log lines and problems its sources gave."""
    if not options.enabled or not (options.sources or options.opml):
        return Aggregator()
    sources, problems = configured_sources(options, topics_options, config_file)
    if any(p.severity is Severity.ERROR for p in problems):
        return Aggregator(problems=problems)
    settings = settings_from(options, config_file)
    offline = offline_reason(options.offline, command)
    now = now.astimezone(UTC)
    agent = user_agent(package_version(), site.url)
    stage = prepare_snapshot(settings, sources, now, offline=offline, user_agent=agent)
    graph = topics_view.graph if topics_view is not None and topics_view.graph.topics else None
    with_pages = {p.data["topic"].slug for p in topic_pages.values() if p.kind is PageKind.TOPIC}
    river = build_river(
        settings, sources, stage.snapshot, now, graph=graph, topic_pages=with_pages,
        vocabulary=_vocabulary(graph), site_name=site.name, site_url=site.url,
        site_author=site_author, language=site.language,
        feed_stylesheet=feed_stylesheet, offline=offline, fetched=stage.fetched,
    )  # fmt: skip
    problems += stage.problems + river.problems
    return Aggregator(river.view, river.pages, river.files, problems, stage.log + river.log)


def _vocabulary(graph: Any) -> Vocabulary | None:
    if graph is None:
        return None
    vocabulary, _ = build_vocabulary(graph.topics.values())  # already checked by topics
    return vocabulary


def head_links(aggregator: Aggregator, site_links: tuple) -> dict[str, tuple]:
    """`<link rel="alternate">` for the river's feeds on the river's pages (src_uri -> links)."""
    if aggregator.view is None or not aggregator.view.feed_links:
        return {}
    own = tuple(
        HeadLink("alternate feed", link.mime_type, f"{link.title} ({link.format_name})",
                 PATH + FILENAMES[link.format])
        for link in aggregator.view.feed_links
    )  # fmt: skip
    return {src_uri: tuple(site_links) + own for src_uri in aggregator.pages}
