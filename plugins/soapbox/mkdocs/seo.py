"""MkDocs glue for SEO and sharing: options -> `core.seo.Site`, each rendered page -> `PageInfo`
-> the `Head` its template prints, the social cards, `sitemap.xml` and `robots.txt`, and the
content checks. The work itself is in `soapbox.core.seo` and `soapbox.core.cards`.

Generated pages are read through what they share (`kind`, `title`, `description`, `listing`),
so a new kind of generated listing (e.g. "Around the web") gets a CollectionPage and an ItemList
without changes here: a page with a `listing` lists its posts; one with `items` (objects with a
`title` and a `link` or `url`) lists those.
"""

from __future__ import annotations

import dataclasses
import gzip
import mimetypes
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core import cards as cardlib
from ..core import seo as core
from ..core import seo_pages as pages
from ..core.content import (
    ContentSettings,
    ContentType,
    is_absolute_url,
)
from ..core.plan import SiteContext
from ..core.problems import Problem, Severity
from ..core.publication import Publication
from ..core.settings import SeoOptions
from .context import site_context

log = get_plugin_logger(__name__)

HOME = "index.md"
CARDS = "assets/cards/"


@dataclass
class Seo:
    """SEO state of one build: planned in `on_files`, filled page by page, written at the end."""

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


# --- planning ------------------------------------------------------------------------------------


def plan(
    options: SeoOptions,
    publication: Publication,
    generated: Mapping[str, Any],
    files: Files,
    config: MkDocsConfig,
    *,
    settings: ContentSettings,
    is_serve: bool,
    speaking: Any = None,
) -> Seo:
    if not options.enabled:
        return Seo()
    context = site_context(config)
    problems: list[Problem] = []
    if not context.url and not is_serve:
        problems.append(
            Problem(
                context.config_name,
                None,
                "site_url",
                "is not set, so canonical URLs, Open Graph and Twitter images, the sitemap and"
                " robots.txt cannot use absolute addresses (social networks and search engines"
                " ignore relative ones); set it to the address the site is published at",
                Severity.WARNING,
            )
        )
    colors = _colors(options, config) if options.cards.enabled else None
    site, logo_cards = _site(options, config, context, settings, speaking, colors)
    seo = Seo(
        enabled=True,
        site=site,
        rules=core.RobotsRules(
            noindex_paginated=options.robots.noindex_paginated,
            noindex_not_found=options.robots.noindex_404,
            default=options.robots.default,
        ),
        problems=problems,
        cards_enabled=options.cards.enabled,
        own_robots_txt=files.get_file_from_path("robots.txt") is not None,
        write_sitemap=options.sitemap,
        write_robots=options.robots.txt,
        disallow=tuple(options.robots.disallow),
    )
    seo.cards.update(logo_cards)
    if options.cards.enabled:
        seo.colors = colors
        seo.avatar = _avatar(options, settings, config)
        seo.cache_dir = (
            Path(config.config_file_path or "mkdocs.yml").parent / options.cards.cache_dir
        ).resolve()
        host = urlsplit(context.url).hostname or ""
        owner_named = site.author is not None and site.author.name == context.name
        seo.host_label = host if owner_named and host else context.name
    if options.checks:
        seo.problems += _check_content(publication, files, generated, site, settings)
    return seo


def _site(
    options: SeoOptions,
    config: MkDocsConfig,
    context: SiteContext,
    settings: ContentSettings,
    speaking: Any,
    colors: cardlib.Colors | None,
) -> tuple[core.Site, dict[str, cardlib.Card | cardlib.Logo]]:
    """The core's SEO view of the site, and the logo card to draw when the site has no logo."""
    links = list(context.social)
    twitter = core.twitter_handle(options.twitter) or next(
        (h for h in map(core.twitter_handle, links) if h), ""
    )
    site_author = _with_headshot(_site_author(settings, config, links, twitter), speaking)
    docs = Path(config.docs_dir)
    logo_cards: dict[str, cardlib.Card | cardlib.Logo] = {}
    logo = _logo(
        docs, (options.logo, str(config.theme.get("logo") or ""), site_author_avatar(settings))
    )
    if logo is None and colors is not None:
        dest = f"{CARDS}logo.png"
        logo_cards[dest] = cardlib.Logo(context.name, colors)
        logo = core.Image(dest, "", 512, 512, cardlib.MIME)
    default_image = None
    if options.default_image:
        width, height = pages.image_size(docs, options.default_image) or (None, None)
        default_image = core.Image(
            context.absolute(pages.asset_url(options.default_image)),
            options.default_image_alt,
            width,
            height,
            mime=mimetypes.guess_type(options.default_image)[0] or "",
        )
    site = core.Site(
        name=context.name,
        url=context.url,
        description=" ".join((config.site_description or "").split()),
        tagline=" ".join(options.tagline.split()),
        language=context.language,
        locale=core.locale_for(context.language),
        title_pattern=options.title_pattern,
        home_pattern=options.home_title_pattern,
        description_length=options.description_length,
        author=site_author,
        organization=core.Organization(options.organization, options.organization_url)
        if options.organization
        else None,
        twitter=twitter,
        default_image=default_image,
        cards=options.cards.enabled,
    )
    if logo is not None:
        site = dataclasses.replace(
            site, logo=dataclasses.replace(logo, url=site.absolute(logo.url))
        )
    return site, logo_cards


def _with_headshot(author: core.Person | None, speaking: Any) -> core.Person | None:
    """The site's author without a portrait gets the speaker's headshot when they are one."""
    speaker = getattr(getattr(speaking, "view", None), "speaker", None)
    if author is None or author.image or speaker is None or not speaker.headshots:
        return author
    if speaker.name.casefold() != author.name.casefold():
        return author
    return dataclasses.replace(author, image=pages.asset_url(speaker.headshots[0].src))


def _logo(docs: Path, candidates: Iterable[str]) -> core.Image | None:
    """The first candidate that is a URL or an image in the posts folder, as the site's logo."""
    for candidate in candidates:
        if candidate and (is_absolute_url(candidate) or (docs / candidate.lstrip("/")).is_file()):
            size = pages.image_size(docs, candidate)
            return core.Image(
                pages.asset_url(candidate),
                "",
                size[0] if size else None,
                size[1] if size else None,
                mimetypes.guess_type(candidate)[0] or "",
            )
    return None


def _site_author(
    settings: ContentSettings, config: MkDocsConfig, links: list[str], twitter: str
) -> core.Person | None:
    author = settings.authors.get(settings.default_author or "")
    if author is not None:
        return pages.person(author, same_as=links, twitter=twitter)
    if config.site_author:
        return core.Person(
            "site", config.site_author, "", same_as=tuple(u for u in links if is_absolute_url(u))
        )
    return None


def site_author_avatar(settings: ContentSettings) -> str:
    author = settings.authors.get(settings.default_author or "")
    return author.avatar if author is not None else ""


def _colors(options: SeoOptions, config: MkDocsConfig) -> cardlib.Colors:
    palette = config.theme.get("palette") or {}
    if isinstance(palette, list):
        palette = palette[0] if palette and isinstance(palette[0], Mapping) else {}
    colors = options.cards.colors
    derived = cardlib.brand_colors(
        str(palette.get("primary") or "indigo"),
        str(palette.get("accent") or ""),
        background=colors.background,
        foreground=colors.foreground,
    )
    return cardlib.Colors(derived.background, derived.foreground, colors.accent or derived.accent)


def _avatar(options: SeoOptions, settings: ContentSettings, config: MkDocsConfig) -> str:
    path = options.cards.avatar
    if path is None:
        author = settings.authors.get(settings.default_author or "")
        path = author.avatar if author is not None else ""
    if not path or is_absolute_url(path):
        return ""
    candidate = Path(config.docs_dir) / path.lstrip("/")
    return str(candidate) if candidate.is_file() else ""


def _check_content(
    publication: Publication,
    files: Files,
    generated: Mapping[str, Any],
    site: core.Site,
    settings: ContentSettings,
) -> list[Problem]:
    checked: list[core.CheckedPage] = []
    titles: list[tuple[str, str, int | None]] = []
    for src_uri, page in generated.items():
        info = core.PageInfo(
            pages.url_of(src_uri),
            pages.generated_title(page),
            core.HOME if page.kind == "home" else core.PAGE,
        )
        titles.append((core.page_title(info, site), f"the generated page {info.url or '/'}", None))
    for post in sorted(publication.posts.values(), key=lambda p: p.src_uri):
        if post.src_uri in publication.previews:
            continue
        matter = post.source  # the file as the content reader read it: not read again
        if matter is None:
            continue
        path = posixpath.join(settings.display_root, post.src_uri)
        kind = core.HOME if post.src_uri == HOME else core.PAGE
        title_line = matter.lines.get("title")
        titles.append(
            (core.page_title(core.PageInfo(post.url, post.title, kind), site), path, title_line)
        )
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
                facts=core.body_facts(matter.body, matter.body_line),
            )
        )
    return core.check_pages(
        checked, description_length=site.description_length
    ) + core.duplicate_titles(titles)


# --- one page ------------------------------------------------------------------------------------


def page_head(
    seo: Seo,
    page: Page,
    view: Mapping[str, Any],
    *,
    publication: Publication,
    settings: ContentSettings,
    types: Mapping[str, ContentType],
    config: MkDocsConfig,
    speaking: Any = None,
    topics_title: str = "Topics",
) -> core.Head | None:
    """The head of one page; also plans its social card and its sitemap entry."""
    if not seo.enabled or seo.site is None:
        return None
    site = seo.site
    where = pages.PageRef(page.file.src_uri, page.url, page.title or "")
    docs = Path(config.docs_dir)
    info, label = pages.page_info(
        where, view, publication, settings, types, docs, speaking, topics_title, site
    )
    info = _with_card(seo, info, label, share=_shared_card_page(seo, info, view))
    head = core.head(info, site, seo.rules)
    if head.indexable and not view.get("preview") and page.file.src_uri != "404.md":
        seo.sitemap[site.absolute(info.url)] = core.SitemapEntry(
            site.absolute(info.url), core.w3c_date(pages.lastmod(info, view, publication))
        )
    return head


def not_found_head(seo: Seo) -> core.Head | None:
    if not seo.enabled or seo.site is None:
        return None
    info = core.PageInfo(
        "404.html",
        "Page not found",
        core.NOT_FOUND,
        description=seo.site.description,
        author=seo.site.author,
    )
    share = (
        "" if seo.rules.noindex_not_found else None
    )  # not for search results: the home page's card
    return core.head(_with_card(seo, info, "", share=share), seo.site, seo.rules)


def _shared_card_page(seo: Seo, info: core.PageInfo, view: Mapping[str, Any]) -> str | None:
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


def _with_card(
    seo: Seo, info: core.PageInfo, label: str, *, share: str | None = None
) -> core.PageInfo:
    """Plan the page's social card and make it the page's image, unless it has its own. With
    `share` (a page URL), the page shows that page's card instead of drawing one of its own."""
    site = seo.site
    if info.image is not None or not seo.cards_enabled or seo.colors is None or site is None:
        return info
    title = info.title or site.name
    if share is not None:
        dest = core.card_path(share, CARDS)
        if share == "":  # the home page's card
            info_kind, title = core.HOME, ""
        else:  # page 1 of the same listing: its title, without " – page N"
            info_kind, suffix = info.kind, f" – page {info.page_number}"
            title, label = title.removesuffix(suffix), label.removesuffix(suffix)
    else:
        dest, info_kind = core.card_path(info.url, CARDS), info.kind
    alt_title = title
    if info_kind == core.HOME:
        title = site.tagline or site.description or site.name
        label = site.name if title != site.name else ""
    author = (
        info.author.name if info.author is not None else (site.author.name if site.author else "")
    )
    card = cardlib.Card(
        title=title,
        site=seo.host_label,
        label=label,
        author=author,
        colors=seo.colors,
        avatar=seo.avatar,
    )
    if share is None:
        seo.cards[dest] = card
    else:
        seo.shared_cards.setdefault(dest, card)
    alt = f"{label}: {alt_title}" if label and info_kind != core.HOME else title
    return core.with_image(
        info, core.Image(site.absolute(dest), alt, cardlib.WIDTH, cardlib.HEIGHT, cardlib.MIME)
    )


# --- after the build -----------------------------------------------------------------------------


def write(seo: Seo, config: MkDocsConfig, *, now: datetime | None = None) -> None:
    """Social cards, the sitemap (and its .gz) and robots.txt into the site folder."""
    if not seo.enabled or seo.site is None:
        return
    site_dir = Path(config.site_dir)
    wanted = {**seo.shared_cards, **seo.cards}  # a page's own card wins over a stand-in for it
    if wanted and seo.cache_dir is not None:
        outcome = cardlib.produce(wanted, site_dir, seo.cache_dir)
        log.info(
            f"social cards: {outcome.drawn} drawn, {outcome.cached} from the cache "
            f"({seo.cache_dir})"
        )
        for dest, why in outcome.failed:
            log.warning(
                f"social card {dest} could not be drawn ({why}); the page shares without an image"
            )
    has_sitemap = (
        site_dir / "sitemap.xml"
    ).is_file()  # MkDocs wrote one (the theme has the template)
    if has_sitemap and seo.write_sitemap:
        entries = [seo.sitemap[url] for url in sorted(seo.sitemap)]
        text = core.sitemap_xml(entries)
        (site_dir / "sitemap.xml").write_text(text, encoding="utf-8")
        mtime = int(now.timestamp()) if now is not None else 0
        with (
            open(site_dir / "sitemap.xml.gz", "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=mtime) as packed,
        ):
            packed.write(text.encode("utf-8"))
    if not seo.own_robots_txt and seo.write_robots:
        sitemap_url = seo.site.absolute("sitemap.xml") if seo.site.url and has_sitemap else ""
        (site_dir / "robots.txt").write_text(
            core.robots_txt(sitemap_url, seo.disallow), encoding="utf-8"
        )
