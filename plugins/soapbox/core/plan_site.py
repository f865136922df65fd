"""The whole publication planned at once: from the settings, the published posts and what the
engine knows about the author's files, every generated page (home, listings, archives, topics,
subscribe, the river, talks, appearances, thanks, 404) under the one `PlannedPage` contract, every
feature's view and problems, the extra files (topics.json, OPML, ICS, bios, the river's feeds) and
the package assets the pages need. Framework-free: `plan_site` runs with no engine installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .content import ContentSettings, Post
from .feed_plan import Feeds, FeedSettings, plan_feeds
from .kept import Shelf
from .plan import HOME, PageKind, PlannedPage, SiteContext, plan_pages, url_of
from .plan_feed_files import ASSETS as FEED_ASSETS
from .plan_feed_files import XSL, ImageFile, images, opml_files
from .plan_river import Aggregator, head_links, plan_river
from .plan_views import taken_addresses
from .problems import Problem
from .publication import Publication, check_collection, reserved_url_conflicts
from .redirects import Redirect, plan_redirects
from .speaker import SpeakerSettings
from .speaker.site import Speaking, folder, plan_speaking
from .topic_plan import Topics, TopicSettings, plan_topics, vocabulary_from

STYLESHEET = "assets/soapbox/soapbox.css"
ENGAGEMENT_SCRIPT = "assets/soapbox/engagement.js"
RIVER_SCRIPT = "assets/soapbox/around-the-web.js"
SPEAKER_ASSETS = {
    "assets/soapbox/speaker.css": "speaker.css",  # every page: the call to action sits on articles
    "assets/soapbox/booking.js": "booking.js",
}
TOPICS_JSON = "topics.json"


@dataclass(frozen=True)
class Sources:
    """What the engine knows about the author's files (the posts are read already)."""

    known: frozenset[str]  # every file's path in the posts folder
    read: Callable[[str], str]  # a file's text by path ("" when there is none)
    image: ImageFile  # an image's site-relative URL and size by path
    static: tuple[tuple[str, str], ...] = ()  # (site path, source path) of files that are not pages


@dataclass
class SitePlan:
    """One build's plan: what the adapter maps onto its files, page contexts and log."""

    publication: Publication
    pages: dict[str, PlannedPage] = field(default_factory=dict)  # src_uri -> generated page
    topics: Topics = field(default_factory=Topics)
    feeds: Feeds = field(default_factory=Feeds)
    speaking: Speaking = field(default_factory=Speaking)
    river: Aggregator = field(default_factory=Aggregator)
    files: dict[str, str | bytes] = field(default_factory=dict)  # site path -> content
    assets: dict[str, str] = field(default_factory=dict)  # site path -> file under assets/
    redirects: list[Redirect] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_found: PlannedPage = field(
        default_factory=lambda: PlannedPage(PageKind.NOT_FOUND, "Page not found")
    )


def plan_site(
    options: Any,  # the plugin's options (content, listings, topics, feeds, speaker, aggregator)
    settings: ContentSettings,
    site: SiteContext,
    publication: Publication,
    sources: Sources,
    *,
    now: datetime,
    command: str,
    config_file: str,  # absolute
    is_serve: bool = False,
    site_author: str = "",
    site_description: str = "",
    provisional: Iterable[Post] = (),
    shelf: Callable[[str], Shelf | None] = lambda name: None,  # a named folder kept on disk
) -> SitePlan:
    """Every page, view, file and problem of one build. The river's problems and log lines are
    left in `plan.river` (the adapter says each once per `mkdocs serve` session)."""
    root = settings.display_root
    described = {k: o.description for k, o in options.content.types.items() if o.description}
    plan = SitePlan(publication)
    plan.pages = plan_pages(
        publication, settings.types, site_name=site.name, has_home=HOME in sources.known,
        page_size=options.listings.page_size, archive=options.listings.archive,
        type_descriptions=described,
    )  # fmt: skip
    # Each folder keeps its last answer only: `mkdocs serve` (which shows drafts) and a build
    # ask about different articles, and would otherwise throw out each other's answer.
    related = shelf("related-serve" if is_serve else "related")
    plan.topics = _topics(options, publication, site, sources, root, related)
    plan.feeds = _feeds(
        options.feeds, publication, settings, site, sources, described, plan, site_description
    )
    plan.speaking = _speaking(options, publication, settings, site, sources, plan.topics, is_serve)
    plan.river = plan_river(
        options.aggregator, options.topics, site, site_author=site_author,
        config_file=config_file, now=now, command=command, topics_view=plan.topics.view,
        topic_pages=plan.topics.pages, feed_stylesheet=XSL if plan.feeds.pages else "",
    )  # fmt: skip
    plan.feeds.page_links.update(head_links(plan.river, plan.feeds.site_links))
    for feature in (plan.topics, plan.feeds, plan.speaking):
        plan.pages.update(feature.pages)
        plan.problems += feature.problems
    plan.pages.update(plan.river.pages)
    _files(plan, options, site)
    _check_addresses(plan, list(provisional), sources, root)
    return plan


def _topics(
    options: Any, publication: Publication, site: SiteContext, sources: Sources, root: str,
    shelf: Shelf | None,
) -> Topics:  # fmt: skip
    topics_options = options.topics
    if not topics_options.enabled:
        return Topics()
    vocabulary, problems = vocabulary_from(topics_options, site.config_name)
    settings = TopicSettings(
        title=topics_options.title, description=topics_options.description,
        related=topics_options.related, suggest=topics_options.suggest,
        page_size=options.listings.page_size,
    )  # fmt: skip
    topics = plan_topics(
        settings, vocabulary, publication, display_root=root, site_url=site.url,
        read_source=lambda post: sources.read(post.src_uri), shelf=shelf,
    )  # fmt: skip
    topics.problems[:0] = problems
    return topics


def _feeds(
    options: Any, publication: Publication, settings: ContentSettings, site: SiteContext,
    sources: Sources, described: Mapping[str, str], plan: SitePlan, description: str,
) -> Feeds:  # fmt: skip
    if not options.enabled:
        return Feeds()
    feed_settings = FeedSettings(
        formats=tuple(dict.fromkeys(options.formats)), items=options.items, title=options.title,
        email_signup_url=options.email_signup_url, email_signup_label=options.email_signup_label,
    )  # fmt: skip
    feeds = plan_feeds(
        feed_settings, site, publication, description=description,
        types=settings.types, type_descriptions=described, topics_view=plan.topics.view,
        topic_pages=plan.topics.pages,
    )  # fmt: skip
    if feeds.sets:
        public = [p for p in publication.articles if p.src_uri not in publication.previews]
        feeds.images = images(public, sources.image, site.url)
    return feeds


def _speaking(
    options: Any, publication: Publication, settings: ContentSettings, site: SiteContext,
    sources: Sources, topics: Topics, is_serve: bool,
) -> Speaking:  # fmt: skip
    speaker = options.speaker
    if not speaker.enabled or speaker.page not in publication.posts:
        return Speaking()
    speaker_settings = SpeakerSettings(
        display_root=settings.display_root, timezone=settings.timezone,
        talks_path=folder(speaker.talks_path), known_files=sources.known,
    )  # fmt: skip
    return plan_speaking(
        speaker, publication, sources.read(speaker.page), speaker_settings, site,
        is_serve=is_serve, date_format=options.content.date_format, topics=topics.view,
    )  # fmt: skip


def _files(plan: SitePlan, options: Any, site: SiteContext) -> None:
    """The extra files and the package assets the planned pages need."""
    plan.assets = {STYLESHEET: "soapbox.css", ENGAGEMENT_SCRIPT: "engagement.js"}
    view = plan.topics.view
    if view is not None and view.index_url is not None:
        plan.files[TOPICS_JSON] = plan.topics.json
    if plan.feeds.pages:
        plan.assets.update(FEED_ASSETS)
        river = plan.river.view.feed_links if plan.river.view is not None else ()
        plan.files.update(opml_files(plan.feeds, site.name, river))
    plan.files.update(plan.speaking.files)
    if plan.river.view is not None:
        plan.files.update(plan.river.files)
        plan.assets[RIVER_SCRIPT] = "around-the-web.js"
    if options.speaker.enabled:
        plan.assets.update(SPEAKER_ASSETS)


def _check_addresses(plan: SitePlan, provisional: list[Post], sources: Sources, root: str) -> None:
    """Duplicate URLs (also of files left out for errors of their own), posts on a generated
    page's address, and the redirects of every alias that does not collide."""
    posts = plan.publication.posts.values()
    plan.problems += check_collection(posts, root)
    plan.problems += check_collection(
        [*posts, *provisional], root, involving=frozenset(p.src_uri for p in provisional)
    )
    reserved = {url_of(src): f"the generated page '{p.title}'" for src, p in plan.pages.items()}
    plan.problems += reserved_url_conflicts(posts, reserved, root)
    plan.problems += reserved_url_conflicts(provisional, reserved, root)
    taken = taken_addresses(plan.publication, sources.static, reserved, root)
    plan.redirects, found = plan_redirects(posts, taken, root)
    plan.problems += found
