"""What reach adds to one build, decided from plain data: the `<link>`s in every page's head
(rel="me", webmention), each author's fediverse handle, the files of the site (WebFinger, the
Bluesky handle, the IndexNow key, llms.txt), the AI-crawler groups of robots.txt and the mentions
each article received. The engine adapter hands in the options (attribute access), the site's
context and the publication, and writes the files this returns. Framework-free.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..content import Post
from ..plan import SiteContext
from ..publication import Publication
from . import fediverse, indexnow, llms, mentions, robots

WEBFINGER = ".well-known/webfinger"
ATPROTO_DID = ".well-known/atproto-did"
MENTIONS_DEADLINE = 10.0  # seconds the build may wait for the mentions API


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
    site: SiteContext = field(default_factory=lambda: SiteContext(url="", name=""))
    received: dict[str, list[mentions.Mention]] = field(default_factory=dict)  # by target URL
    notes: list[str] = field(default_factory=list)  # warnings for the build's log


def plan(
    options: Any,
    site: SiteContext,
    description: str,
    publication: Publication,
    topic_pages: Mapping[str, Any],
    *,
    show_hire_me: bool,
    own_robots_txt: bool = False,
) -> Reach:
    """Everything reach adds to this build (the mentions aside: `received_mentions`); `options`
    is the plugin's whole configuration."""
    reach_options = options.reach
    reach = Reach(
        site=site,
        ai_crawlers=reach_options.ai_crawlers.strip(),
        own_robots_txt=own_robots_txt,
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
    reach.files.update(identity_files(reach_options))
    if reach_options.llms_txt and site.url:
        hire = hire_entry(options.hire_me, publication, site) if show_hire_me else None
        reach.files["llms.txt"] = llms_txt(site, description, publication, topic_pages, hire)
    elif reach_options.llms_txt:
        reach.notes.append(
            "reach: llms_txt is on but site_url is not set in mkdocs.yml; llms.txt lists"
            " absolute addresses, so it is not written. Set site_url (e.g. https://example.com/)."
        )
    return reach


def identity_files(reach_options: Any) -> dict[str, str]:
    """The WebFinger answer, the Bluesky handle file and the IndexNow key file, when set."""
    files: dict[str, str] = {}
    if reach_options.webfinger:
        account, _ = fediverse.parse_account(reach_options.webfinger)
        assert account is not None  # validated with the config
        actor = reach_options.webfinger_actor.strip()
        files[WEBFINGER] = fediverse.webfinger(account, actor_url=actor)
    if reach_options.atproto_did:
        files[ATPROTO_DID] = fediverse.atproto_did(reach_options.atproto_did)
    if reach_options.indexnow_key:
        path, text = indexnow.key_file(reach_options.indexnow_key.strip())
        files[path] = text
    return files


def hire_entry(hire_me: Any, publication: Publication, site: SiteContext) -> llms.Entry | None:
    """The hire-me page in llms.txt: its page's title and excerpt, else the option's words."""
    if not hire_me.enabled:
        return None
    url = hire_me.url
    page = next((p for p in publication.posts.values() if p.url == url.strip("/") + "/"), None)
    title = page.title if page else hire_me.label
    description = (page.excerpt if page else "") or hire_me.text
    return llms.Entry(title, site.absolute(url), description)


def llms_txt(
    site: SiteContext,
    description: str,
    publication: Publication,
    topic_pages: Mapping[str, Any],
    hire: llms.Entry | None,
) -> str:
    """llms.txt: the hire-me page, every indexable article and every topic (page 1)."""
    articles = [
        llms.Entry(p.title, site.absolute(p.url), p.excerpt)
        for p in publication.articles
        if not p.noindex
    ]
    topics = [
        llms.Entry(page.title, site.absolute(page.topic.url), page.description)
        for page in topic_pages.values()
        if page.kind == "topic"
        and page.topic is not None
        and (page.listing is None or page.listing.number == 1)
    ]
    sections: list[tuple[str, Iterable[llms.Entry]]] = [
        ("Hire me", [hire] if hire is not None else []),
        ("Articles", articles),
        ("Topics", topics),
    ]
    return llms.llms_txt(site.name, description, sections)


def received_mentions(
    api_url: str,
    cache: Path,
    *,
    may_fetch: bool,
    now: datetime | None,
    user_agent: str,
) -> tuple[dict[str, list[mentions.Mention]], str]:
    """The mentions by target URL and a line for the log: fetched when the build may use the
    network (as the aggregator: not serve, not offline), else the last snapshot."""
    if may_fetch and now is not None:
        result = mentions.refresh(
            api_url.strip(), cache, now, deadline=MENTIONS_DEADLINE, user_agent=user_agent
        )
        found, note = result.mentions, result.message  # a failure never fails a strict build
    else:
        found, note = mentions.load(cache)
    return mentions.by_target(found), f"Mentions: {note}" if note else ""


def page_view(reach: Reach, post: Post | None) -> dict[str, Any]:
    """What templates read as `soapbox.reach`: head links, the article author's handle and the
    mentions the article received."""
    creator, received = "", []
    if post is not None and post.is_article:
        creator = reach.creators.get(post.author or "", "")
        if reach.received and reach.site.url:
            received = reach.received.get(mentions.normalise(reach.site.absolute(post.url)), [])
    return {"links": reach.links, "creator": creator, "mentions": received}


def robots_txt(reach: Reach, written: str | None) -> tuple[str | None, str]:
    """robots.txt with the AI-crawler groups (None: leave it as it is) and a warning: the SEO
    feature's file (`written`) keeps its rules and sitemap; without one, a fresh file; the posts
    folder's own robots.txt wins and is left alone."""
    if not reach.ai_crawlers:
        return None, ""
    if reach.own_robots_txt:
        return None, (
            f"reach: ai_crawlers is '{reach.ai_crawlers}' but the posts folder has its own"
            " robots.txt, which wins; add the crawler groups there or remove it"
        )
    if written is not None:
        return robots.with_groups(written, reach.ai_crawlers), ""
    return robots.fresh(reach.ai_crawlers, reach.disallow), ""
