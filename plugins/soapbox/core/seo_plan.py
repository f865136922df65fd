"""SEO of one build, decided in the core: the plan (the site's record, robots rules, the look of
its cards, the content checks), each page's head with the social card it shows and its sitemap
entry, and the files written at the end (`sitemap.xml`, its `.gz`, `robots.txt`). The engine
adapter converts its pages and configuration into the plain data these functions take and hands
their results back to the engine. Framework-free.
"""

from __future__ import annotations

import gzip
import io
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import cards as cardlib
from . import seo as core
from .content import ContentSettings, ContentType
from .kept import Kept
from .plan import HOME, SiteContext, url_of
from .problems import Problem, Severity
from .publication import Publication
from .seo_lint import BodyFacts
from .seo_pages import PageRef, generated_title, lastmod, page_info
from .seo_site import CARDS, SiteFacts, card_avatar, card_colors, host_label, site_record

NOT_FOUND_SRC = "404.md"


@dataclass
class SeoPlan:
    """SEO state of one build: planned once, filled page by page, written at the end."""

    enabled: bool = False
    site: core.Site | None = None
    rules: core.RobotsRules = field(default_factory=core.RobotsRules)
    problems: list[Problem] = field(default_factory=list)
    cards_enabled: bool = False
    colors: cardlib.Colors | None = None
    avatar: str = ""  # absolute path of the card portrait
    host_label: str = ""  # what the card's corner says: the site's name, or its host
    cache_dir: Path | None = None
    own_robots_txt: bool = False  # the posts folder has its own robots.txt: it wins
    write_sitemap: bool = True
    write_robots: bool = True
    disallow: tuple[str, ...] = ()
    cards: dict[str, cardlib.Card | cardlib.Logo] = field(default_factory=dict)  # site path -> card
    # Cards that noindex pages point to instead of a card of their own (page 1's, the home page's):
    # drawn only when that page did not plan the card itself (e.g. it has its own image).
    shared_cards: dict[str, cardlib.Card] = field(default_factory=dict)
    sitemap: dict[str, core.SitemapEntry] = field(default_factory=dict)  # absolute URL -> entry

    def wanted_cards(self) -> dict[str, cardlib.Card | cardlib.Logo]:
        """Every card to draw: a page's own card wins over a stand-in for it."""
        return {**self.shared_cards, **self.cards}


@dataclass(frozen=True)
class BuildFacts:
    """What the engine knows about this build that SEO depends on."""

    is_serve: bool = False
    own_robots_txt: bool = False  # the posts folder has a robots.txt of its own
    config_dir: Path = Path(".")  # the cards' cache folder is relative to it


# --- planning ------------------------------------------------------------------------------------


def plan(
    options: Any,
    publication: Publication,
    generated: Mapping[str, Any],
    context: SiteContext,
    facts: SiteFacts,
    build: BuildFacts,
    *,
    settings: ContentSettings,
    speaking: Any = None,
) -> SeoPlan:
    """The SEO plan of a build; `options` are the SEO options (attribute access)."""
    if not options.enabled:
        return SeoPlan()
    problems = [] if context.url or build.is_serve else [_no_site_url(context)]
    colors = card_colors(options, facts.theme) if options.cards.enabled else None
    site, logo_cards = site_record(options, context, facts, settings, speaking, colors)
    seo = SeoPlan(
        enabled=True,
        site=site,
        rules=core.RobotsRules(
            noindex_paginated=options.robots.noindex_paginated,
            noindex_not_found=options.robots.noindex_404,
            default=options.robots.default,
        ),
        problems=problems,
        cards_enabled=options.cards.enabled,
        own_robots_txt=build.own_robots_txt,
        write_sitemap=options.sitemap,
        write_robots=options.robots.txt,
        disallow=tuple(options.robots.disallow),
    )
    seo.cards.update(logo_cards)
    if options.cards.enabled:
        seo.colors = colors
        seo.avatar = card_avatar(options, settings, facts.docs)
        seo.cache_dir = (build.config_dir / options.cards.cache_dir).resolve()
        seo.host_label = host_label(site, context)
    if options.checks:
        seo.problems += check_content(publication, generated, site, settings)
    return seo


def _no_site_url(context: SiteContext) -> Problem:
    return Problem(
        context.config_name,
        None,
        "site_url",
        "is not set, so canonical URLs, Open Graph and Twitter images, the sitemap and"
        " robots.txt cannot use absolute addresses (social networks and search engines"
        " ignore relative ones); set it to the address the site is published at",
        Severity.WARNING,
    )


def check_content(
    publication: Publication,
    generated: Mapping[str, Any],
    site: core.Site,
    settings: ContentSettings,
) -> list[Problem]:
    """The content checks of every post (alt text, description, one h1 ...) and the duplicate
    titles of every page, generated ones included."""
    checked: list[core.CheckedPage] = []
    titles: list[tuple[str, str, int | None]] = []
    _FACTS.new_round()
    for src_uri, page in generated.items():
        kind = core.HOME if page.kind == "home" else core.PAGE
        info = core.PageInfo(url_of(src_uri), generated_title(page), kind)
        titles.append((core.page_title(info, site), f"the generated page {info.url or '/'}", None))
    for post in sorted(publication.posts.values(), key=lambda p: p.src_uri):
        matter = post.source  # the file as the content reader read it: not read again
        if post.src_uri in publication.previews or matter is None:
            continue
        path = posixpath.join(settings.display_root, post.src_uri)
        kind = core.HOME if post.src_uri == HOME else core.PAGE
        title = core.page_title(core.PageInfo(post.url, post.title, kind), site)
        titles.append((title, path, matter.lines.get("title")))
        checked.append(
            core.CheckedPage(
                path=path,
                title=post.title,
                is_article=post.is_article,
                title_in_body=post.title_in_body,
                template_h1=post.is_article or post.src_uri == HOME or "template" in matter.data,
                description=post.description,
                description_line=matter.lines.get("description"),
                summary=post.summary,
                facts=_body_facts(matter.body, matter.body_line),
            )
        )
    length = site.description_length
    return core.check_pages(checked, description_length=length) + core.duplicate_titles(titles)


def _body_facts(body: str, first_line: int) -> BodyFacts:
    return _FACTS.value((body, first_line), lambda: core.body_facts(body, first_line))


#: A body's facts are a pure function of its text and first line: under `mkdocs serve` only the
#: saved file's body is scanned again.
_FACTS: Kept[tuple[str, int], BodyFacts] = Kept()


# --- one page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageInputs:
    """What every page's record is read from, the same for the whole build."""

    publication: Publication
    settings: ContentSettings
    types: Mapping[str, ContentType]
    docs: Path
    speaking: Any = None
    topics_title: str = "Topics"


def page_head(
    seo: SeoPlan, where: PageRef, view: Mapping[str, Any], inputs: PageInputs
) -> core.Head | None:
    """The head of one page; also plans its social card and its sitemap entry."""
    site = seo.site
    if not seo.enabled or site is None:
        return None
    info, label = page_info(
        where, view, inputs.publication, inputs.settings, inputs.types, inputs.docs,
        inputs.speaking, inputs.topics_title, site,
    )  # fmt: skip
    info = with_card(seo, info, label, share=shared_card_page(seo, info, view))
    head = core.head(info, site, seo.rules)
    if head.indexable and not view.get("preview") and where.src_uri != NOT_FOUND_SRC:
        url = site.absolute(info.url)
        stamp = lastmod(info, view, inputs.publication)
        seo.sitemap[url] = core.SitemapEntry(url, core.w3c_date(stamp))
    return head


def not_found_head(seo: SeoPlan) -> core.Head | None:
    """The head of the 404 page (a theme template, not a page of the plan)."""
    if not seo.enabled or seo.site is None:
        return None
    info = core.PageInfo(
        "404.html",
        "Page not found",
        core.NOT_FOUND,
        description=seo.site.description,
        author=seo.site.author,
    )
    share = "" if seo.rules.noindex_not_found else None  # not for search: the home page's card
    return core.head(with_card(seo, info, "", share=share), seo.site, seo.rules)


def shared_card_page(seo: SeoPlan, info: core.PageInfo, view: Mapping[str, Any]) -> str | None:
    """The URL of the page whose card a page that is noindex by design shows instead of a card of
    its own: page 1 for pages 2, 3 ... of a listing; the home page for the thank-you page. None:
    the page gets its own card (an author's `noindex: true` keeps it, as the page may be shared)."""
    if info.page_number > 1 and seo.rules.noindex_paginated:
        suffix = f"page/{info.page_number}/"
        if info.url.endswith(suffix):
            return info.url.removesuffix(suffix)
    if getattr(view.get("page"), "kind", "") == "thanks":
        return ""
    return None


def with_card(
    seo: SeoPlan, info: core.PageInfo, label: str, *, share: str | None = None
) -> core.PageInfo:
    """Plan the page's social card and make it the page's image, unless it has its own. With
    `share` (a page URL), the page shows that page's card instead of drawing one of its own."""
    site = seo.site
    if info.image is not None or not seo.cards_enabled or seo.colors is None or site is None:
        return info
    title, kind, dest = info.title or site.name, info.kind, core.card_path(info.url, CARDS)
    if share == "":  # the home page's card
        dest, kind, title = core.card_path(share, CARDS), core.HOME, ""
    elif share is not None:  # page 1 of the same listing: its title, without " – page N"
        suffix = f" – page {info.page_number}"
        dest = core.card_path(share, CARDS)
        title, label = title.removesuffix(suffix), label.removesuffix(suffix)
    alt = f"{label}: {title}" if label and kind != core.HOME else title
    if kind == core.HOME:
        title = site.tagline or site.description or site.name
        label = site.name if title != site.name else ""
        alt = title
    person = info.author if info.author is not None else site.author
    card = cardlib.Card(
        title=title,
        site=seo.host_label,
        label=label,
        author=person.name if person is not None else "",
        colors=seo.colors,
        avatar=seo.avatar,
    )
    if share is None:
        seo.cards[dest] = card
    else:
        seo.shared_cards.setdefault(dest, card)
    image = core.Image(site.absolute(dest), alt, cardlib.WIDTH, cardlib.HEIGHT, cardlib.MIME)
    return core.with_image(info, image)


# --- after the build -----------------------------------------------------------------------------


def site_files(seo: SeoPlan, *, has_sitemap: bool, now: datetime | None = None) -> dict[str, bytes]:
    """The files SEO writes into the site folder after the build: the sitemap (and its .gz, with
    the build's time as its stamp) when the theme wrote one, and robots.txt unless the posts
    folder has its own."""
    files: dict[str, bytes] = {}
    if not seo.enabled or seo.site is None:
        return files
    if has_sitemap and seo.write_sitemap:
        text = core.sitemap_xml(seo.sitemap[url] for url in sorted(seo.sitemap)).encode("utf-8")
        files["sitemap.xml"] = text
        files["sitemap.xml.gz"] = gzipped(text, mtime=int(now.timestamp()) if now else 0)
    if not seo.own_robots_txt and seo.write_robots:
        sitemap_url = seo.site.absolute("sitemap.xml") if seo.site.url and has_sitemap else ""
        files["robots.txt"] = core.robots_txt(sitemap_url, seo.disallow).encode("utf-8")
    return files


def gzipped(data: bytes, *, mtime: int) -> bytes:
    """`data` gzipped reproducibly: no file name, the given stamp."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", filename="", mtime=mtime) as packed:
        packed.write(data)
    return buffer.getvalue()


def card_messages(outcome: cardlib.Outcome, cache_dir: Path) -> tuple[str, list[str]]:
    """The log lines of drawing the cards: a summary, and a warning per card that failed."""
    summary = f"social cards: {outcome.drawn} drawn, {outcome.cached} from the cache ({cache_dir})"
    warnings = [
        f"social card {dest} could not be drawn ({why}); the page shares without an image"
        for dest, why in outcome.failed
    ]
    return summary, warnings
