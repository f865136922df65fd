"""MkDocs glue for "Around the web": options -> sources, the snapshot (refreshed first when it is
stale and the network is allowed), the river page(s), a section per topic page, the aggregated
feeds, the OPML blogroll and the health report. The work itself is in `soapbox.core.aggregator`;
this module converts at the boundary and plans virtual files.

When does a build fetch? Only `mkdocs build` / `gh-deploy` (never `serve`, never `soapbox check`),
only when the network is allowed (no `aggregator.offline`, no SOAPBOX_OFFLINE=1), only when the
snapshot is older than `refresh` minutes (or lacks a configured source), and then under one
overall `deadline`. Everything else renders the snapshot as it is; without one the page still
builds and says the sources have not been reached yet.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core import feeds as feed_writer
from ..core.aggregator import health, pipeline, snapshot
from ..core.aggregator.fetch import user_agent
from ..core.aggregator.model import Item, Snapshot, Source
from ..core.aggregator.normalise import merge, revalidate
from ..core.aggregator.opml import BlogrollEntry, read_opml, write_blogroll
from ..core.problems import Problem, Severity
from ..core.publication import ListingPage, paginate
from ..core.topics import Topic, Vocabulary, build_vocabulary
from .config import AggregatorOptions

log = get_plugin_logger(__name__)

PATH = "around-the-web/"
INDEX = f"{PATH}index.md"
OPML = f"{PATH}blogroll.opml"
SCRIPT = "assets/soapbox/around-the-web.js"
HEALTH_FILE = "aggregator-health.json"  # in the cache folder: error details stay off the site
TEMPLATES = {"around-the-web": "soapbox/around-the-web.html"}
FETCH_COMMANDS = frozenset({"build", "gh-deploy"})
OPTION = "soapbox.aggregator"


@dataclass(frozen=True)
class SourceView:
    """A blog of the blogroll, as the page lists it."""

    name: str
    site_url: str
    feed_url: str
    items: int
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class RiverPage:
    """A page of the river; read by `generated_markdown` and the templates like `Generated`."""

    title: str
    description: str
    river: ListingPage  # one page of the river: its items are `Item`s, not posts
    kind: str = "around-the-web"
    listing: None = None  # what code shared with `Generated` looks for (a listing holds posts)
    content_type: None = None
    year: None = None

    @property
    def items(self) -> tuple[Item, ...]:
        """The page's posts from other blogs (the SEO collection lists their titles and links)."""
        return self.river.items


@dataclass(frozen=True)
class RiverView:
    """What templates read as `soapbox.around_the_web`."""

    title: str
    url: str  # site-relative
    last_reached: datetime | None  # newest successful fetch of any source; None: never reached
    sources: tuple[SourceView, ...]
    topics: Mapping[str, Topic]  # slug -> topic with a page (chips link there)
    filter_topics: tuple[tuple[Topic, int], ...]  # topics in the river with how many posts
    by_topic: Mapping[str, tuple[Item, ...]]  # topic slug -> its posts for the topic page section
    feed_links: tuple[feed_writer.FeedLink, ...]
    opml_url: str
    offline_reason: str = ""

    def topics_of(self, item: Item) -> tuple[Topic, ...]:
        return tuple(self.topics[s] for s in item.topics if s in self.topics)


@dataclass
class Aggregator:
    """The result of planning "Around the web" for one build."""

    view: RiverView | None = None
    pages: dict[str, RiverPage] = field(default_factory=dict)
    files: dict[str, str | bytes] = field(default_factory=dict)  # dest path -> content
    problems: list[Problem] = field(default_factory=list)
    head_links: tuple = ()  # feeds.HeadLink of the river's feeds


# -- sources ------------------------------------------------------------------------------------


def sources_from(
    options: AggregatorOptions, config_file: str, vocabulary: Vocabulary | None
) -> tuple[list[Source], list[Problem]]:
    """The configured sources, then those of the OPML import (a feed listed in both keeps its
    mkdocs.yml settings); topic names resolved to the vocabulary's slugs."""
    problems: list[Problem] = []
    config_name = Path(config_file).name
    sources: list[Source] = []
    for index, entry in enumerate(options.sources):
        topics = _resolve_topics(
            entry["topics"],
            vocabulary,
            f"{OPTION}.sources[{index}].topics",
            config_name,
            problems,
            strict=True,
        )
        sources.append(
            Source(
                name=entry["name"],
                feed_url=entry["feed"],
                site_url=entry["site"],
                topics=topics,
                max_items=entry["max_items"],
                max_age_days=entry["max_age_days"] or None,
                include=tuple(entry["include"]),
                exclude=tuple(entry["exclude"]),
            )
        )
    if options.opml:
        path = (Path(config_file).parent / options.opml).resolve()
        shown = options.opml
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(
                Problem(config_name, None, f"{OPTION}.opml",
                        f"cannot read '{shown}' ({exc.strerror or exc}); the path is relative to {config_name}",
                        Severity.ERROR)
            )  # fmt: skip
            return sources, problems
        imported = read_opml(data, label=shown)
        if imported.error:
            problems.append(
                Problem(config_name, None, f"{OPTION}.opml", imported.error, Severity.ERROR)
            )
        for message in imported.problems:
            problems.append(Problem(config_name, None, f"{OPTION}.opml", message, Severity.WARNING))
        known = {s.feed_url for s in sources}
        for source in imported.sources:
            if source.feed_url in known:
                continue
            topics = _resolve_topics(
                source.topics, vocabulary, "", config_name, problems, strict=False
            )
            sources.append(replace(source, topics=topics))
            known.add(source.feed_url)
    return sources, problems


def _resolve_topics(
    names,
    vocabulary: Vocabulary | None,
    where: str,
    config_name: str,
    problems: list[Problem],
    *,
    strict: bool,
) -> tuple[str, ...]:
    slugs: list[str] = []
    for name in names:
        topic = vocabulary.resolve(name) if vocabulary else None
        if topic is not None:
            if topic.slug not in slugs:
                slugs.append(topic.slug)
        elif strict:  # a hint written in mkdocs.yml; OPML folders ("Tech", "Misc") are only tried
            close = vocabulary.closest(name) if vocabulary else None
            hint = f" (did you mean '{close.slug}'?)" if close else ""
            problems.append(
                Problem(
                    config_name,
                    None,
                    where,
                    f"'{name}' is not a topic of the site{hint}; it is ignored",
                    Severity.WARNING,
                )
            )
    return tuple(slugs)


def configured_sources(
    options: AggregatorOptions, topics_options, config_file: str
) -> tuple[list[Source], list[Problem]]:
    """The sources a build (and `soapbox fetch`) uses: hints resolved against the declared
    vocabulary, so both compute the same sources."""
    vocabulary = None
    if topics_options.enabled and topics_options.vocabulary:
        from .topics import vocabulary_from

        vocabulary, _ = vocabulary_from(
            topics_options, Path(config_file).name
        )  # the topics feature reports its problems
    return sources_from(options, config_file, vocabulary)


def sources_or_raise(options: AggregatorOptions, topics_options, config_file: str) -> list[Source]:
    """For `soapbox fetch`: the sources, or ValueError naming every error."""
    sources, problems = configured_sources(options, topics_options, config_file)
    errors = [str(p) for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise ValueError("; ".join(errors))
    return sources


def soapbox_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("soapbox")
    except PackageNotFoundError:
        return "unknown"


def cache_folder(options: AggregatorOptions, config_file: str) -> Path:
    """`<cache_dir>/aggregator`, relative to mkdocs.yml: where the snapshot lives."""
    root = Path(os.path.expanduser(options.cache_dir))
    if not root.is_absolute():
        root = Path(config_file).parent / root
    return root / "aggregator"


# -- planning -----------------------------------------------------------------------------------


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
    vocabulary = _vocabulary(topics_view)
    sources, problems = configured_sources(options, topics_options, config_file)
    result = Aggregator(problems=problems)
    if any(p.severity is Severity.ERROR for p in problems):
        return result
    now = now.astimezone(UTC)
    cache = cache_folder(options, config_file)

    offline = pipeline.offline_reason(options.offline)
    if command not in FETCH_COMMANDS:
        offline = offline or (
            "mkdocs serve never fetches" if command == "serve" else "only a build fetches"
        )
    current, warnings = snapshot.load(cache)
    fetched = False
    if (
        sources
        and not offline
        and pipeline.needs_refresh(current, now, timedelta(minutes=options.refresh), sources)
    ):
        report = pipeline.refresh(
            sources, cache, now,
            user_agent=user_agent(soapbox_version(), config.site_url or ""),
            deadline_s=float(options.deadline),
            excerpt_words=options.excerpt_words,
        )  # fmt: skip
        current, warnings, fetched = report.snapshot, warnings + report.warnings, True
        log.info(
            f"Around the web: fetched {len(sources)} sources in {report.elapsed:.1f} s:"
            f" {report.count(pipeline.OK) + report.count(pipeline.NOT_MODIFIED)} ok"
            f" ({report.count(pipeline.NOT_MODIFIED)} not modified), {report.count(pipeline.FAILED)} failed,"
            f" {report.count(pipeline.SKIPPED)} over the deadline"
        )
    for warning in warnings:
        result.problems.append(Problem(_shown(cache), None, None, warning, Severity.WARNING))

    rows = health.health_rows(sources, current, now)
    _report_health(rows, current, now, cache, options, offline, fetched, result.problems)

    items_by_source = {s.feed_url: _retained(current, s, now) for s in sources}
    river = merge(
        items_by_source, vocabulary=vocabulary, hints={s.feed_url: s.topics for s in sources}
    )
    pages_topics = _topics_with_pages(topics_view, topic_pages)
    site_url = config.site_url or ""
    feed_links = _feed_links(options.title, config.site_name, site_url) if site_url else ()

    view = RiverView(
        title=options.title,
        url=PATH,
        last_reached=_last_reached(current),
        sources=tuple(
            SourceView(
                s.name,
                s.site_url or _site_of(current, s),
                s.feed_url,
                len(items_by_source[s.feed_url]),
                tuple(pages_topics[t] for t in s.topics if t in pages_topics),
            )
            for s in sources
        ),  # fmt: skip
        topics=pages_topics,
        filter_topics=_filter_topics(river, pages_topics),
        by_topic=_by_topic(river, topics_view, pages_topics, options.topic_items),
        feed_links=feed_links,
        opml_url=OPML,
        offline_reason=offline,
    )
    result.view = view
    for listing in paginate(river, options.page_size, PATH):
        title = options.title if listing.number == 1 else f"{options.title} – page {listing.number}"
        result.pages[listing.src_uri] = RiverPage(title, options.description, listing)
    result.files[OPML] = write_blogroll(
        f"{config.site_name}: {options.title}",
        [
            BlogrollEntry(s.name, s.feed_url, s.site_url, ", ".join(t.title for t in s.topics))
            for s in view.sources
        ],
        date=view.last_reached,
        owner=config.site_author or "",
    )
    if feed_links:
        feed = _feed(river[: options.feed_items], options, config, feed_links, feed_stylesheet)
        for link in feed_links:
            result.files[PATH + feed_writer.FILENAMES[link.format]] = feed_writer.write(
                feed, link.format
            )
    return result


def _vocabulary(topics_view) -> Vocabulary | None:
    if topics_view is None or not topics_view.graph.topics:
        return None
    vocabulary, _ = build_vocabulary(topics_view.graph.topics.values())  # already checked by topics
    return vocabulary


def _retained(current: Snapshot, source: Source, now: datetime) -> list[Item]:
    """The source's stored items within its limits as they are configured now (a snapshot may be
    older than the last change of max_items / max_age_days)."""
    state = current.sources.get(source.feed_url)
    if state is None:
        return []
    items = [
        checked
        for i in state.items
        if i.source == source.feed_url and (checked := revalidate(i)) is not None
    ]
    if source.max_age_days:
        items = [i for i in items if i.published >= now - timedelta(days=source.max_age_days)]
    items = [
        replace(i, source_name=source.name) if i.source_name != source.name else i for i in items
    ]
    return items[: source.max_items]


def _site_of(current: Snapshot, source: Source) -> str:
    state = current.sources.get(source.feed_url)
    return state.items[0].source_site if state and state.items else ""


def _last_reached(current: Snapshot) -> datetime | None:
    moments = [s.last_success for s in current.sources.values() if s.last_success is not None]
    return max(moments) if moments else None


def _topics_with_pages(topics_view, topic_pages: Mapping[str, object]) -> dict[str, Topic]:
    if topics_view is None:
        return {}
    with_page = {
        p.topic.slug
        for p in topic_pages.values()
        if getattr(p, "topic", None) is not None
    }
    return {slug: topic for slug, topic in topics_view.graph.topics.items() if slug in with_page}


def _filter_topics(river: list[Item], topics: Mapping[str, Topic]) -> tuple[tuple[Topic, int], ...]:
    counts: dict[str, int] = {}
    for item in river:
        for slug in item.topics:
            if slug in topics:
                counts[slug] = counts.get(slug, 0) + 1
    order = list(topics)
    return tuple(
        (topics[s], n)
        for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    )


def _by_topic(
    river: list[Item], topics_view, topics: Mapping[str, Topic], size: int
) -> dict[str, tuple[Item, ...]]:
    """Each topic page's section: posts on the topic or one of its subtopics, newest first."""
    if size <= 0 or topics_view is None:
        return {}
    graph = topics_view.graph
    found: dict[str, list[Item]] = {}
    for item in river:
        reach: dict[str, None] = {}
        for slug in item.topics:
            if slug in graph.topics:
                reach[slug] = None
                for ancestor in graph.ancestors(slug):
                    reach[ancestor.slug] = None
        for slug in reach:
            if slug in topics and len(found.setdefault(slug, [])) < size:
                found[slug].append(item)
    return {slug: tuple(items) for slug, items in found.items()}


def _feed_links(title: str, site_name: str, site_url: str) -> tuple[feed_writer.FeedLink, ...]:
    home = urljoin(site_url, PATH)
    return tuple(
        feed_writer.FeedLink(
            f"{site_name} – {title}", fmt, urljoin(home, feed_writer.FILENAMES[fmt]), home
        )
        for fmt in feed_writer.FORMATS
    )


def _feed(
    items: list[Item], options: AggregatorOptions, config: MkDocsConfig, links, stylesheet: str
) -> feed_writer.Feed:
    """The river as a feed: each item links to the original, carries only the excerpt and names
    its source; ids are the originals' so readers recognise a post they saw elsewhere."""
    site_url = config.site_url or ""
    entries = []
    for item in items:
        source_link = item.source_site or item.link
        attribution = (
            f'<p>From <a href="{_attr(source_link)}">{_text(item.source_name)}</a>'
            f"{' by ' + _text(item.author) if item.author else ''}."
            f' <a href="{_attr(item.link)}">Read the whole post</a></p>'
        )
        entries.append(
            feed_writer.FeedItem(
                id=item.id if ":" in item.id else urljoin(site_url, f"{PATH}#{_digest(item.id)}"),
                url=item.link,
                title=item.title,
                published=item.published,
                summary=item.excerpt_text,
                content_html=item.excerpt_html + attribution,
                author=feed_writer.Person(item.author or item.source_name, item.source_site),
                categories=tuple(feed_writer.Category(c, c) for c in item.topics),
            )
        )
    home = urljoin(site_url, PATH)
    return feed_writer.Feed(
        title=f"{config.site_name} – {options.title}",
        home_url=home,
        description=options.description,
        urls={link.format: link.url for link in links},
        items=tuple(entries),
        language=str(config.theme.get("language") or ""),
        author=feed_writer.Person(config.site_author or config.site_name, site_url),
        stylesheet=posixpath.relpath(stylesheet, PATH) if stylesheet else "",
    )


def _attr(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# -- health -------------------------------------------------------------------------------------


def _report_health(
    rows: list[health.SourceHealth],
    current: Snapshot,
    now: datetime,
    cache: Path,
    options: AggregatorOptions,
    offline: str,
    fetched: bool,
    problems: list[Problem],
) -> None:
    """One summary line, a warning per source needing attention, `aggregator-health.json` in the
    cache folder, and the `fail_after_days` check."""
    failing = sum(1 for r in rows if r.status == health.FAILING)
    never = sum(1 for r in rows if r.status == health.NEVER)
    reached = _last_reached(current)
    when = (
        f"sources last reached {reached:%Y-%m-%d %H:%M} UTC" if reached else "no source reached yet"
    )
    mode = "" if fetched else f" (not fetched: {offline})" if offline else " (snapshot is fresh)"
    log.info(
        f"Around the web: {len(rows)} sources, {sum(r.items for r in rows)} items, {failing} failing,"
        f" {never} never fetched; {when}{mode}"
    )
    # Another blog being down is news, not a mistake in this site: failing sources are reported in
    # the log (INFO) and keep their last items, so `mkdocs build --strict` does not fail because a
    # server somewhere is slow today. What the author can fix in mkdocs.yml (a feed that moved, a
    # web page instead of a feed) is a warning; `fail_after_days` turns long failures into errors.
    for row in rows:
        if row.status == health.FAILING:
            since = f" for {row.failing_days} days" if row.failing_days else ""
            kept = f"; showing its {row.items} last good items" if row.items else ""
            log.info(f"Around the web: {row.name} is failing{since}: {row.last_error}{kept}")
        elif row.status == health.NEVER and not offline:
            log.info(f"Around the web: {row.name} ({row.url}) has not been fetched yet")
        advice = row.advice()
        if advice:
            problems.append(
                Problem(
                    OPTION, None, "sources", f"{row.name} ({row.url}): {advice}", Severity.WARNING
                )
            )
    _write_health(cache, health.health_json(rows, current, now))
    if options.fail_after_days > 0:
        for row in health.broken_for(rows, options.fail_after_days):
            problems.append(
                Problem(
                    "Around the web", None, f"{OPTION}.fail_after_days",
                    f"{row.name} ({row.url}) has been failing for {row.failing_days} days: {row.last_error}."
                    f" Fix or remove the source in mkdocs.yml, or raise fail_after_days",
                    Severity.ERROR,
                )
            )  # fmt: skip


def _write_health(cache: Path, report: dict) -> None:
    """`aggregator-health.json` in the cache folder, replaced atomically (two builds at once each
    write their own temporary file)."""
    target = cache / HEALTH_FILE
    try:
        cache.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=".health-", suffix=".tmp", dir=cache)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.info(
            f"Around the web: could not write {target} ({exc.strerror or exc}); the build goes on"
        )


# -- files --------------------------------------------------------------------------------------


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
    from .feeds import HeadLink

    if aggregator.view is None or not aggregator.view.feed_links:
        return {}
    own = tuple(
        HeadLink(
            "alternate feed",
            link.mime_type,
            f"{link.title} ({link.format_name})",
            PATH + feed_writer.FILENAMES[link.format],
        )
        for link in aggregator.view.feed_links
    )
    return {src_uri: tuple(site_links) + own for src_uri in aggregator.pages}
