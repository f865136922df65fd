"""MkDocs glue for "Around the web": options -> `core.aggregator.river` -> virtual files, pages and
log lines. Every decision (which sources, when to fetch, the river, its feeds, the health policy)
is in the core; this module converts at the boundary.

When does a build fetch? Only `mkdocs build` / `gh-deploy` (never `serve`, never `soapbox check`),
only when the network is allowed (no `aggregator.offline`, no SOAPBOX_OFFLINE=1), only when the
snapshot is older than `refresh` minutes (or lacks a configured source). Local feed files are read
on every build. Under `mkdocs serve` a message about the sources is logged once per session.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core.aggregator import pipeline
from ..core.aggregator.fetch import user_agent
from ..core.aggregator.model import Source
from ..core.aggregator.river import (
    PATH,
    RiverPage,
    RiverSettings,
    RiverView,
    build_river,
    prepare_snapshot,
    sources_from,
)
from ..core.feed_plan import HeadLink
from ..core.feeds import FILENAMES
from ..core.problems import Problem, Severity
from ..core.settings import AggregatorOptions
from ..core.topics import Vocabulary, build_vocabulary
from .context import FETCH_COMMANDS, soapbox_version

log = get_plugin_logger(__name__)

INDEX = f"{PATH}index.md"
SCRIPT = "assets/soapbox/around-the-web.js"
TEMPLATES = {"around-the-web": "soapbox/around-the-web.html"}
_SAID_IN_SERVE: set[str] = set()  # what this `mkdocs serve` session has already logged


@dataclass
class Aggregator:
    """The result of planning "Around the web" for one build."""

    view: RiverView | None = None
    pages: dict[str, RiverPage] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # dest path -> content
    problems: list[Problem] = field(default_factory=list)


def configured_sources(
    options: AggregatorOptions, topics_options, config_file: str
) -> tuple[list[Source], list[Problem]]:
    """The sources a build (and `soapbox fetch`) uses: hints resolved against the declared
    vocabulary, so both compute the same sources."""
    vocabulary = None
    if topics_options.enabled and topics_options.vocabulary:
        from .topics import vocabulary_from

        # the topics feature reports the vocabulary's own problems
        vocabulary, _ = vocabulary_from(topics_options, Path(config_file).name)
    return sources_from([vars(s) for s in options.sources], options.opml, config_file, vocabulary)


def sources_or_raise(options: AggregatorOptions, topics_options, config_file: str) -> list[Source]:
    """For `soapbox fetch`: the sources, or ValueError naming every error."""
    sources, problems = configured_sources(options, topics_options, config_file)
    errors = [str(p) for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ValueError("; ".join(errors))
    return sources


def cache_folder(options: AggregatorOptions, config_file: str) -> Path:
    """`<cache_dir>/aggregator`, relative to mkdocs.yml: where the snapshot lives."""
    root = Path(os.path.expanduser(options.cache_dir))
    if not root.is_absolute():
        root = Path(config_file).parent / root
    return root / "aggregator"


def settings_from(options: AggregatorOptions, config_file: str) -> RiverSettings:
    return RiverSettings(
        cache_dir=cache_folder(options, config_file), title=options.title,
        description=options.description, refresh_minutes=options.refresh,
        deadline=float(options.deadline), excerpt_words=options.excerpt_words,
        page_size=options.page_size, topic_items=options.topic_items,
        feed_items=options.feed_items, fail_after_days=options.fail_after_days,
    )  # fmt: skip


def plan(
    options: AggregatorOptions,
    topics_options,  # TopicsOptions: the vocabulary the source hints name
    config: MkDocsConfig,
    *,
    now: datetime,
    command: str,
    topics_view,  # soapbox.mkdocs.topics.TopicsView | None
    topic_pages: Mapping[str, object],
    feed_stylesheet: str = "",
) -> Aggregator:
    if not options.enabled or not (options.sources or options.opml):
        return Aggregator()
    config_file = str(Path(config.config_file_path or "mkdocs.yml").resolve())
    sources, problems = configured_sources(options, topics_options, config_file)
    if any(p.severity is Severity.ERROR for p in problems):
        return Aggregator(problems=problems)
    settings = settings_from(options, config_file)
    offline = pipeline.offline_reason(options.offline)
    if command not in FETCH_COMMANDS:
        offline = offline or (
            "mkdocs serve never fetches" if command == "serve" else "only a build fetches"
        )
    now = now.astimezone(UTC)
    agent = user_agent(soapbox_version(), config.site_url or "")
    stage = prepare_snapshot(settings, sources, now, offline=offline, user_agent=agent)
    graph = topics_view.graph if topics_view is not None and topics_view.graph.topics else None
    river = build_river(
        settings, sources, stage.snapshot, now, graph=graph,
        topic_pages=_slugs_with_pages(topic_pages), vocabulary=_vocabulary(graph),
        site_name=config.site_name, site_url=config.site_url or "",
        site_author=config.site_author or "", language=str(config.theme.get("language") or ""),
        feed_stylesheet=feed_stylesheet, offline=offline, fetched=stage.fetched,
    )  # fmt: skip
    problems += stage.problems + river.problems
    for line in stage.log + river.log:
        if _first_time(line, command):
            log.info(line)
    problems = [p for p in problems if p.severity is Severity.ERROR or _first_time(str(p), command)]
    return Aggregator(river.view, river.pages, river.files, problems)


def _first_time(message: str, command: str) -> bool:
    """Under `mkdocs serve`, True once per message per session (every rebuild reads the same
    snapshot); always True for other commands."""
    if command != "serve":
        return True
    if message in _SAID_IN_SERVE:
        return False
    _SAID_IN_SERVE.add(message)
    return True


def _vocabulary(graph) -> Vocabulary | None:
    if graph is None:
        return None
    vocabulary, _ = build_vocabulary(graph.topics.values())  # already checked by topics
    return vocabulary


def _slugs_with_pages(topic_pages: Mapping[str, object]) -> set[str]:
    return {
        topic.slug
        for page in topic_pages.values()
        if (topic := getattr(page, "topic", None)) is not None
    }


def add_files(aggregator: Aggregator, files: Files, config: MkDocsConfig) -> None:
    """The river's feeds, the blogroll and the filter script."""
    if aggregator.view is None:
        return
    for dest, content in aggregator.files.items():
        files.append(File.generated(config, dest, content=content))
    package = Path(__file__).resolve().parents[1]
    files.append(
        File.generated(config, SCRIPT, abs_src_path=str(package / "assets" / "around-the-web.js"))
    )


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
