""" "Around the web" for one build, as plain data: which sources, the snapshot a build renders
(refreshed first when it is stale and the network is allowed), the river of posts with its
pages, topic filter and topic-page sections, the river's feeds and blogroll, and what the build
log should say about the sources' health. Engine-free: an adapter maps the result to its files,
pages and log.

    settings = RiverSettings(...)                      # the `aggregator:` options, plain
    sources, problems = sources_from(entries, ...)    # mkdocs.yml entries (+ the OPML import)
    stage = prepare_snapshot(settings, sources, now, offline=..., user_agent=...)
    river = build_river(settings, sources, stage.snapshot, now, graph=..., topic_pages=...)

`prepare_snapshot` is the only step that may touch the network (through pipeline.refresh); local
feed files (`feed: sample-feeds/x.xml`) are read on every build, offline too. `build_river` is
pure: the same snapshot and settings give the same river.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from .. import feeds as feed_writer
from ..kept import Kept
from ..plan import PageKind, PlannedPage
from ..problems import Problem, Severity
from ..publication import paginate
from ..topics import Topic, TopicGraph, Vocabulary
from . import health, local, pipeline, snapshot
from .model import Item, Snapshot, Source
from .normalise import merge, revalidate
from .opml import BlogrollEntry, read_opml, write_blogroll

PATH = "around-the-web/"
OPML = f"{PATH}blogroll.opml"
HEALTH_FILE = "aggregator-health.json"  # in the cache folder: error details stay off the site
OPTION = "soapbox.aggregator"
MIN_INTERVAL = timedelta(minutes=5)  # between two asks of one source, unless refresh says less


@dataclass(frozen=True, slots=True)
class RiverSettings:
    """The `aggregator:` options a build uses (defaults as documented)."""

    cache_dir: Path  # the snapshot's folder (`<cache_dir>/aggregator`)
    title: str = "Around the web"
    description: str = ""
    refresh_minutes: float = 60  # 0: every build
    deadline: float = 30.0
    excerpt_words: int = 60
    page_size: int = 20
    topic_items: int = 5
    feed_items: int = 30
    fail_after_days: int = 0

    @property
    def min_interval(self) -> timedelta:
        """`refresh: 0` means every build: the minimum interval never exceeds `refresh`."""
        return min(MIN_INTERVAL, timedelta(minutes=self.refresh_minutes))


@dataclass(frozen=True)
class SourceView:
    """A blog of the blogroll, as the page lists it."""

    name: str
    site_url: str
    feed_url: str  # "" for a local feed file (it has no public address)
    items: int
    topics: tuple[Topic, ...]


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
    page_urls: tuple[str, ...] = ()  # every page of the river (the filter reads them all)

    def topics_of(self, item: Item) -> tuple[Topic, ...]:
        return tuple(self.topics[s] for s in item.topics if s in self.topics)


@dataclass
class River:
    """Everything "Around the web" adds to one build."""

    view: RiverView
    items: list[Item]  # the whole river, newest first
    pages: dict[str, PlannedPage]  # src_uri -> page
    files: dict[str, bytes]  # site path -> content (feeds, blogroll)
    problems: list[Problem] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # lines for the build log (INFO)


@dataclass
class SnapshotStage:
    """The snapshot a build renders, and what getting it said."""

    snapshot: Snapshot
    fetched: bool  # the network was used
    offline: str  # why the network was not used ("" when it was allowed)
    problems: list[Problem] = field(default_factory=list)
    log: list[str] = field(default_factory=list)


# -- sources ------------------------------------------------------------------------------------


def sources_from(
    entries: Sequence[Any],  # the settings' SourceEntry records: name, feed, site, topics ...
    opml: str,
    config_file: str,
    vocabulary: Vocabulary | None,
) -> tuple[list[Source], list[Problem]]:
    """The configured sources (`entries`: the checked source records of mkdocs.yml), then the
    OPML import's (a feed listed in both keeps its mkdocs.yml settings); topic names resolved to the
    vocabulary's slugs; a `feed` that is a path (relative to mkdocs.yml) reads that file."""
    problems: list[Problem] = []
    config_name = Path(config_file).name
    base_dir = Path(config_file).parent
    sources: list[Source] = []
    for index, entry in enumerate(entries):
        topics = _resolve_topics(
            entry.topics, vocabulary, f"{OPTION}.sources[{index}].topics", config_name,
            problems, strict=True,
        )  # fmt: skip
        feed = entry.feed
        sources.append(
            Source(
                name=entry.name,
                feed_url=local.to_url(feed, base_dir) if local.looks_like_path(feed) else feed,
                site_url=entry.site,
                topics=topics,
                max_items=entry.max_items,
                max_age_days=entry.max_age_days or None,
                include=tuple(entry.include),
                exclude=tuple(entry.exclude),
            )
        )
    if opml:
        path = (base_dir / opml).resolve()
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(
                Problem(config_name, None, f"{OPTION}.opml",
                        f"cannot read '{opml}' ({exc.strerror or exc}); the path is relative to "
                        f"{config_name}",
                        Severity.ERROR)
            )  # fmt: skip
            return sources, problems
        imported = read_opml(data, label=opml)
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
    names: Iterable[str],
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
                Problem(config_name, None, where,
                        f"'{name}' is not a topic of the site{hint}; it is ignored",
                        Severity.WARNING)
            )  # fmt: skip
    return tuple(slugs)


# -- the snapshot -------------------------------------------------------------------------------


def prepare_snapshot(
    settings: RiverSettings,
    sources: Sequence[Source],
    now: datetime,
    *,
    offline: str,
    user_agent: str,
) -> SnapshotStage:
    """The snapshot to render. Local feed files are read on every build; the network is used only
    when `offline` is "" and the snapshot is older than `refresh` (or lacks a source), then under
    the overall deadline. Problems with the snapshot file become warnings; a permanent redirect
    found in this run is a warning once (the health report keeps it)."""
    now = now.astimezone(UTC)
    cache = settings.cache_dir
    current, warnings = snapshot.load(cache)
    stage = SnapshotStage(current, False, offline)
    files = [s for s in sources if local.is_local(s.feed_url)]
    remote = [s for s in sources if not local.is_local(s.feed_url)]
    if files:
        report = pipeline.refresh(
            files, cache, _files_read_at(files, now), user_agent=user_agent,
            excerpt_words=settings.excerpt_words,
            force=True, configured=sources, mark_fetched=not remote,
        )  # fmt: skip
        stage.snapshot, warnings = report.snapshot, warnings + report.warnings
    interval = timedelta(minutes=settings.refresh_minutes)
    if remote and not offline and pipeline.needs_refresh(stage.snapshot, now, interval, remote):
        report = pipeline.refresh(
            remote, cache, now, user_agent=user_agent, deadline_s=settings.deadline,
            excerpt_words=settings.excerpt_words, min_interval=settings.min_interval,
            configured=sources,
        )  # fmt: skip
        stage.snapshot, warnings, stage.fetched = report.snapshot, warnings + report.warnings, True
        asked = len(remote) - report.count(pipeline.DEFERRED)
        stage.log.append(
            f"Around the web: asked {asked} of {len(remote)} sources in {report.elapsed:.1f} s:"
            f" {report.count(pipeline.OK) + report.count(pipeline.NOT_MODIFIED)} ok"
            f" ({report.count(pipeline.NOT_MODIFIED)} not modified), "
            f"{report.count(pipeline.FAILED)} failed,"
            f" {report.count(pipeline.SKIPPED)} over the deadline, "
            f"{report.count(pipeline.DEFERRED)} deferred"
            " (asked recently, told to wait, or gone)"
        )
        for outcome in report.outcomes:
            if "moved permanently" in outcome.note:
                note = outcome.note[outcome.note.index("moved permanently") :]
                stage.problems.append(
                    Problem(
                        OPTION,
                        None,
                        "sources",
                        f"{outcome.name}: the feed {note}",
                        Severity.WARNING,
                    )
                )
    for warning in warnings:
        stage.problems.append(Problem(_shown(cache), None, None, warning, Severity.WARNING))
    return stage


# -- the river ----------------------------------------------------------------------------------


def build_river(
    settings: RiverSettings,
    sources: Sequence[Source],
    current: Snapshot,
    now: datetime,
    *,
    graph: TopicGraph | None = None,
    topic_pages: Iterable[str] = (),
    vocabulary: Vocabulary | None = None,
    site_name: str = "",
    site_url: str = "",
    site_author: str = "",
    language: str = "",
    feed_stylesheet: str = "",
    offline: str = "",
    fetched: bool = False,
) -> River:
    """The river of `current` (pure: nothing is fetched). `graph` and `topic_pages` (slugs of the
    topics that have a page) place posts on topic pages; `vocabulary` classifies them."""
    now = now.astimezone(UTC)
    _REVALIDATED.new_round()
    items_by_source = {s.feed_url: _retained(current, s, now) for s in sources}
    river = merge(
        items_by_source, vocabulary=vocabulary, hints={s.feed_url: s.topics for s in sources}
    )
    with_page = set(topic_pages)
    topics = {slug: t for slug, t in (graph.topics.items() if graph else ()) if slug in with_page}
    links = _feed_links(settings.title, site_name, site_url) if site_url else ()
    listings = paginate(river, settings.page_size, PATH)  # type: ignore[arg-type]  # Items, not Posts
    view = RiverView(
        title=settings.title,
        url=PATH,
        last_reached=_last_reached(current),
        sources=tuple(
            SourceView(
                s.name,
                s.site_url or _site_of(current, s),
                "" if local.is_local(s.feed_url) else s.feed_url,
                len(items_by_source[s.feed_url]),
                tuple(topics[t] for t in s.topics if t in topics),
            )
            for s in sources
        ),
        topics=topics,
        filter_topics=_filter_topics(river, topics),
        by_topic=_by_topic(river, graph, topics, settings.topic_items),
        feed_links=links,
        opml_url=OPML,
        offline_reason=offline,
        page_urls=tuple(listing.url for listing in listings),
    )
    result = River(view, river, {}, {})
    for listing in listings:
        title = (
            settings.title if listing.number == 1 else f"{settings.title} – page {listing.number}"
        )
        # The river's items are `Item`s, not posts: `river` and `items` name them for the
        # template and the SEO collection; `listing` is the page of the paginated listing.
        result.pages[listing.src_uri] = PlannedPage(
            PageKind.RIVER,
            title,
            settings.description,
            listing=listing,
            data={"river": listing, "items": listing.items},
        )
    result.files[OPML] = write_blogroll(
        f"{site_name}: {settings.title}",
        [
            BlogrollEntry(s.name, s.feed_url, s.site_url, ", ".join(t.title for t in s.topics))
            for s in view.sources
            if s.feed_url  # a local feed file has no address a reader could subscribe to
        ],
        date=view.last_reached,
        owner=site_author,
    )
    if links:
        feed = river_feed(
            river[: settings.feed_items], settings, links, site_name=site_name,
            site_url=site_url, site_author=site_author, language=language,
            stylesheet=feed_stylesheet,
        )  # fmt: skip
        for link in links:
            result.files[PATH + feed_writer.FILENAMES[link.format]] = feed_writer.write(
                feed, link.format
            )
    rows = health.health_rows(sources, current, now)
    _report_health(rows, current, now, settings, offline, fetched, result)
    return result


def _retained(current: Snapshot, source: Source, now: datetime) -> list[Item]:
    """The source's stored items within its limits as they are configured now (a snapshot may be
    older than the last change of max_items / max_age_days)."""
    state = current.sources.get(source.feed_url)
    if state is None:
        return []
    items = [
        checked
        for i in state.items
        if i.source == source.feed_url
        and (checked := _REVALIDATED.value(i, partial(revalidate, i))) is not None
    ]
    if source.max_age_days:
        items = [i for i in items if i.published >= now - timedelta(days=source.max_age_days)]
    items = [
        replace(i, source_name=source.name) if i.source_name != source.name else i for i in items
    ]
    return items[: source.max_items]


#: An item read back from the snapshot, held to today's rules (a pure function of the item): under
#: `mkdocs serve` every rebuild reads the same snapshot, so each item is checked once.
_REVALIDATED: Kept[Item, Item | None] = Kept()


def _site_of(current: Snapshot, source: Source) -> str:
    state = current.sources.get(source.feed_url)
    return state.items[0].source_site if state and state.items else ""


def _files_read_at(files: list[Any], now: datetime) -> datetime:
    """When local feed files count as read: the newest change of any of them, never after `now`.
    Read on every build, they would otherwise count as reached at each build's own clock, and
    every page that shows "Around the web" would differ from one build to the next (the page
    cache could keep none of them) although the files did not change."""
    changed = []
    for source in files:
        with contextlib.suppress(OSError, ValueError):
            changed.append(local.path_of(source.feed_url).stat().st_mtime)
    if not changed:
        return now
    return min(now, datetime.fromtimestamp(max(changed), UTC).replace(microsecond=0))


def _last_reached(current: Snapshot) -> datetime | None:
    moments = [s.last_success for s in current.sources.values() if s.last_success is not None]
    return max(moments) if moments else None


def _filter_topics(river: list[Item], topics: Mapping[str, Topic]) -> tuple[tuple[Topic, int], ...]:
    counts: dict[str, int] = {}
    for item in river:
        for slug in item.topics:
            if slug in topics:
                counts[slug] = counts.get(slug, 0) + 1
    order = {slug: n for n, slug in enumerate(topics)}
    return tuple(
        (topics[s], n) for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))
    )


def _by_topic(
    river: list[Item], graph: TopicGraph | None, topics: Mapping[str, Topic], size: int
) -> dict[str, tuple[Item, ...]]:
    """Each topic page's section: posts on the topic or one of its subtopics, newest first."""
    if size <= 0 or graph is None:
        return {}
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


# -- the river's feeds --------------------------------------------------------------------------


def _feed_links(title: str, site_name: str, site_url: str) -> tuple[feed_writer.FeedLink, ...]:
    home = urljoin(site_url, PATH)
    return tuple(
        feed_writer.FeedLink(
            f"{site_name} – {title}", fmt, urljoin(home, feed_writer.FILENAMES[fmt]), home
        )
        for fmt in feed_writer.FORMATS
    )


def river_feed(
    items: Sequence[Item],
    settings: RiverSettings,
    links: Sequence[feed_writer.FeedLink],
    *,
    site_name: str,
    site_url: str,
    site_author: str = "",
    language: str = "",
    stylesheet: str = "",
) -> feed_writer.Feed:
    """The river as a feed: each item links to the original, carries only the excerpt and names
    its source; ids are the originals' so readers recognise a post they saw elsewhere."""
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
    return feed_writer.Feed(
        title=f"{site_name} – {settings.title}",
        home_url=urljoin(site_url, PATH),
        description=settings.description,
        urls={link.format: link.url for link in links},
        items=tuple(entries),
        language=language,
        author=feed_writer.Person(site_author or site_name, site_url),
        stylesheet=posixpath.relpath(stylesheet, PATH) if stylesheet else "",
        # the CSS view for browsers without XSLT ships beside the XSL (as for the site's feeds)
        css=posixpath.relpath(posixpath.join(posixpath.dirname(stylesheet), "feed.css"), PATH)
        if stylesheet
        else "",
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
    settings: RiverSettings,
    offline: str,
    fetched: bool,
    result: River,
) -> None:
    """One summary line, a line per source needing attention, `aggregator-health.json` in the
    cache folder, and the `fail_after_days` check.

    Another blog being down is news, not a mistake in this site: failing sources are reported in
    the log (INFO) and keep their last items, so `mkdocs build --strict` does not fail because a
    server somewhere is slow today. What the author can fix in mkdocs.yml (a web page instead of
    a feed) is a warning; `fail_after_days` turns long failures into errors. Advice to run a
    command goes to the log, never onto the public page."""
    failing = sum(1 for r in rows if r.status == health.FAILING)
    never = [r for r in rows if r.status == health.NEVER]
    reached = _last_reached(current)
    when = (
        f"sources last reached {reached:%Y-%m-%d %H:%M} UTC" if reached else "no source reached yet"
    )
    mode = "" if fetched else f" (not fetched: {offline})" if offline else " (snapshot is fresh)"
    result.log.append(
        f"Around the web: {len(rows)} sources, {sum(r.items for r in rows)} items, {failing} "
        "failing,"
        f" {len(never)} never fetched; {when}{mode}"
    )
    for row in rows:
        if row.status == health.FAILING:
            since = f" for {row.failing_days} days" if row.failing_days else ""
            kept = f"; showing its {row.items} last good items" if row.items else ""
            result.log.append(
                f"Around the web: {row.name} is failing{since}: {row.last_error}{kept}"
            )
        if row.discovered_feed:
            result.problems.append(
                Problem(OPTION, None, "sources", f"{row.name} ({row.url}): {row.advice()}",
                        Severity.WARNING)
            )  # fmt: skip
    if never:
        names = ", ".join(r.name for r in never[:5]) + (" ..." if len(never) > 5 else "")
        result.log.append(
            f"Around the web: {len(never)} sources have not been fetched yet ({names}); run"
            " 'soapbox fetch', or build with network access (without SOAPBOX_OFFLINE=1)"
        )
    _write_health(settings.cache_dir, health.health_json(rows, current, now), result)
    if settings.fail_after_days > 0:
        for row in health.broken_for(rows, settings.fail_after_days):
            result.problems.append(
                Problem(
                    "Around the web", None, f"{OPTION}.fail_after_days",
                    f"{row.name} ({row.url}) has been failing for {row.failing_days} days: "
                    f"{row.last_error}."
                    " Fix or remove the source in mkdocs.yml, or raise fail_after_days",
                    Severity.ERROR,
                )
            )  # fmt: skip


def _write_health(cache: Path, report: dict, result: River) -> None:
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
        result.log.append(
            f"Around the web: could not write {target} ({exc.strerror or exc}); the build goes on"
        )
