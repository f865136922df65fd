"""Reach adapter: hands the core's robots, llms.txt, fediverse and IndexNow pieces to MkDocs.

`plan` runs once per build (after the publication and topics are planned); `write` puts the
files into the site folder after MkDocs (and the SEO feature's robots.txt) wrote theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files

from ..core.aggregator import pipeline
from ..core.aggregator.fetch import user_agent
from ..core.content import Post
from ..core.publication import Publication
from ..core.reach import fediverse, indexnow, llms, mentions, robots
from .context import FETCH_COMMANDS, soapbox_version

log = get_plugin_logger(__name__)

WEBFINGER = ".well-known/webfinger"
ATPROTO_DID = ".well-known/atproto-did"


@dataclass(frozen=True)
class HeadLink:
    rel: str
    href: str


@dataclass
class Reach:
    """The result of planning reach for one build."""

    links: list[HeadLink] = field(default_factory=list)  # <link> in every page's head
    creators: dict[str, str] = field(default_factory=dict)  # author key -> @name@server
    files: dict[str, str] = field(default_factory=dict)  # path in the site -> text
    ai_crawlers: str = ""
    own_robots_txt: bool = False
    disallow: tuple[str, ...] = ()
    site_url: str = ""
    received: dict[str, list[mentions.Mention]] = field(default_factory=dict)  # by target URL


def plan(
    options: Any,
    config: MkDocsConfig,
    files: Files,
    publication: Publication,
    topic_pages: dict[str, Any],
    *,
    show_hire_me: bool,
    command: str = "build",
    now: datetime | None = None,
) -> Reach:
    """Everything reach adds to this build; `options` is the plugin's whole config."""
    reach_options = options.reach
    reach = Reach(
        site_url=config.site_url or "",
        ai_crawlers=reach_options.ai_crawlers.strip(),
        own_robots_txt=files.get_file_from_path("robots.txt") is not None,
        disallow=tuple(options.seo.robots.disallow),
    )
    me = list(reach_options.rel_me)
    for key, author in options.authors.items():
        account, _ = fediverse.parse_account(author.fediverse) if author.fediverse else (None, "")
        if account is not None:
            reach.creators[str(key)] = account.handle
            me.append(account.profile_url)
    reach.links += [HeadLink("me", url) for url in dict.fromkeys(u.strip() for u in me)]
    if reach_options.webmention:
        reach.links.append(HeadLink("webmention", reach_options.webmention.strip()))
    if reach_options.webfinger:
        account, _ = fediverse.parse_account(reach_options.webfinger)
        assert account is not None  # validated with the config
        reach.files[WEBFINGER] = fediverse.webfinger(
            account, actor_url=reach_options.webfinger_actor.strip()
        )
    if reach_options.atproto_did:
        reach.files[ATPROTO_DID] = fediverse.atproto_did(reach_options.atproto_did)
    if reach_options.indexnow_key:
        path, text = indexnow.key_file(reach_options.indexnow_key.strip())
        reach.files[path] = text
    if reach_options.llms_txt:
        if config.site_url:
            reach.files["llms.txt"] = _llms_txt(
                options, config, publication, topic_pages, show_hire_me=show_hire_me
            )
        else:
            log.warning(
                "reach: llms_txt is on but site_url is not set in mkdocs.yml; llms.txt lists"
                " absolute addresses, so it is not written. Set site_url (e.g. https://example.com/)."
            )
    if reach_options.mentions:
        reach.received = _mentions(options, config, command=command, now=now)
    return reach


MENTIONS_DEADLINE = 10.0  # seconds the build may wait for the mentions API


def _mentions(
    options: Any, config: MkDocsConfig, *, command: str, now: datetime | None
) -> dict[str, list[mentions.Mention]]:
    """Fetch when a build may (as the aggregator: not serve, not offline), else the snapshot."""
    config_dir = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    cache = config_dir / options.aggregator.cache_dir
    offline = pipeline.offline_reason(options.aggregator.offline)
    if command in FETCH_COMMANDS and not offline and now is not None:
        result = mentions.refresh(
            options.reach.mentions.strip(), cache, now, deadline=MENTIONS_DEADLINE,
            user_agent=user_agent(soapbox_version(), config.site_url or ""),
        )  # fmt: skip
        if result.ok:
            log.info(f"Mentions: {result.message}")
        else:
            log.info(f"Mentions: {result.message}")  # never fails a strict build
        found = result.mentions
    else:
        found, problem = mentions.load(cache)
        if problem:
            log.info(f"Mentions: {problem}")
    return mentions.by_target(found)


def _llms_txt(
    options: Any,
    config: MkDocsConfig,
    publication: Publication,
    topic_pages: dict[str, Any],
    *,
    show_hire_me: bool,
) -> str:
    site = config.site_url or ""
    articles = [
        llms.Entry(p.title, urljoin(site, p.url), p.excerpt)
        for p in publication.articles
        if not p.noindex
    ]
    topics = [
        llms.Entry(page.title, urljoin(site, page.topic.url), page.description)
        for page in topic_pages.values()
        if page.kind == "topic"
        and page.topic is not None
        and (page.listing is None or page.listing.number == 1)
    ]
    hire: list[llms.Entry] = []
    if show_hire_me and options.hire_me.enabled:
        url = options.hire_me.url
        page = next((p for p in publication.posts.values() if p.url == url.strip("/") + "/"), None)
        title = page.title if page else options.hire_me.label
        description = (page.excerpt if page else "") or options.hire_me.text
        hire.append(llms.Entry(title, urljoin(site, url), description))
    return llms.llms_txt(
        config.site_name,
        config.site_description or "",
        [("Hire me", hire), ("Articles", articles), ("Topics", topics)],
    )


def page_view(reach: Reach, post: Post | None) -> dict[str, Any]:
    """What templates read as `soapbox.reach`: head links, the article author's handle and the
    mentions the article received."""
    creator, received = "", []
    if post is not None and post.is_article:
        creator = reach.creators.get(post.author or "", "")
        if reach.received and reach.site_url:
            received = reach.received.get(mentions.normalise(urljoin(reach.site_url, post.url)), [])
    return {"links": reach.links, "creator": creator, "mentions": received}


def write(reach: Reach, site_dir: str) -> None:
    root = Path(site_dir)
    for path, text in reach.files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if reach.ai_crawlers:
        _write_robots(reach, root / "robots.txt")


def _write_robots(reach: Reach, target: Path) -> None:
    if reach.own_robots_txt:
        log.warning(
            f"reach: ai_crawlers is '{reach.ai_crawlers}' but the posts folder has its own"
            " robots.txt, which wins; add the crawler groups there or remove it"
        )
        return
    if target.exists():  # written by the SEO feature this build: keep its rules and sitemap
        target.write_text(
            robots.with_groups(target.read_text(encoding="utf-8"), reach.ai_crawlers),
            encoding="utf-8",
        )
    else:
        target.write_text(robots.fresh(reach.ai_crawlers, reach.disallow), encoding="utf-8")
