"""Who the site is, for search engines and shares: its `Site` record (name, description, author,
logo, default image, Twitter handle) and the look of its social cards (colours, portrait, the
corner label). Decided once per build from plain data: the site's context, the SEO options and
what the engine's theme says (its logo and palette). Framework-free.
"""

from __future__ import annotations

import dataclasses
import mimetypes
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import cards
from . import seo as core
from .content import ContentSettings
from .plan import SiteContext
from .seo_pages import asset_url, image_size, person
from .urls import is_web_url

CARDS = "assets/cards/"  # where social cards go in the site
LOGO_CARD = f"{CARDS}logo.png"  # the drawn logo of a site that has none


@dataclass(frozen=True)
class Theme:
    """What the engine's theme tells SEO: its logo (a path in the posts folder or a URL) and its
    palette (Material's `primary` and `accent` names or colours)."""

    logo: str = ""
    primary: str = ""
    accent: str = ""


@dataclass(frozen=True)
class SiteFacts:
    """The engine's site-wide facts beyond the `SiteContext`: its description, the configured
    author's name, the posts folder (for image sizes) and the theme."""

    description: str
    author: str
    docs: Path
    theme: Theme = Theme()


def palette_theme(logo: str, palette: Any) -> Theme:
    """A theme's palette as written in mkdocs.yml (one mapping, or a list of schemes: the first
    counts) and its logo, as a `Theme`."""
    if isinstance(palette, Sequence) and not isinstance(palette, str):
        palette = palette[0] if palette and isinstance(palette[0], Mapping) else {}
    if not isinstance(palette, Mapping):
        palette = {}
    return Theme(logo, str(palette.get("primary") or ""), str(palette.get("accent") or ""))


def site_record(
    options: Any,
    context: SiteContext,
    facts: SiteFacts,
    settings: ContentSettings,
    speaking: Any,
    colors: cards.Colors | None,
) -> tuple[core.Site, dict[str, cards.Logo]]:
    """The core's SEO view of the site, and the logo card to draw when the site has no logo."""
    links = list(context.social)
    twitter = core.twitter_handle(options.twitter) or next(
        (h for h in map(core.twitter_handle, links) if h), ""
    )
    author = with_headshot(site_author(settings, facts.author, links, twitter), speaking)
    logo_cards: dict[str, cards.Logo] = {}
    logo = find_logo(facts.docs, (options.logo, facts.theme.logo, default_avatar(settings)))
    if logo is None and colors is not None:
        logo_cards[LOGO_CARD] = cards.Logo(context.name, colors)
        logo = core.Image(LOGO_CARD, "", 512, 512, cards.MIME)
    site = core.Site(
        name=context.name,
        url=context.url,
        description=" ".join(facts.description.split()),
        tagline=" ".join(options.tagline.split()),
        language=context.language,
        locale=core.locale_for(context.language),
        title_pattern=options.title_pattern,
        home_pattern=options.home_title_pattern,
        description_length=options.description_length,
        author=author,
        organization=core.Organization(options.organization, options.organization_url)
        if options.organization
        else None,
        twitter=twitter,
        default_image=_default_image(options, context, facts.docs),
        cards=options.cards.enabled,
    )
    if logo is not None:
        site = dataclasses.replace(
            site, logo=dataclasses.replace(logo, url=site.absolute(logo.url))
        )
    return site, logo_cards


def _default_image(options: Any, context: SiteContext, docs: Path) -> core.Image | None:
    if not options.default_image:
        return None
    width, height = image_size(docs, options.default_image) or (None, None)
    return core.Image(
        context.absolute(asset_url(options.default_image)),
        options.default_image_alt,
        width,
        height,
        mime=mimetypes.guess_type(options.default_image)[0] or "",
    )


def with_headshot(author: core.Person | None, speaking: Any) -> core.Person | None:
    """The site's author without a portrait gets the speaker's headshot when they are one."""
    speaker = getattr(getattr(speaking, "view", None), "speaker", None)
    if author is None or author.image or speaker is None or not speaker.headshots:
        return author
    if speaker.name.casefold() != author.name.casefold():
        return author
    return dataclasses.replace(author, image=asset_url(speaker.headshots[0].src))


def find_logo(docs: Path, candidates: Iterable[str]) -> core.Image | None:
    """The first candidate that is a URL or an image in the posts folder, as the site's logo."""
    for candidate in candidates:
        if candidate and (is_web_url(candidate) or (docs / candidate.lstrip("/")).is_file()):
            width, height = image_size(docs, candidate) or (None, None)
            mime = mimetypes.guess_type(candidate)[0] or ""
            return core.Image(asset_url(candidate), "", width, height, mime)
    return None


def site_author(
    settings: ContentSettings, configured: str, links: list[str], twitter: str
) -> core.Person | None:
    """The default author (with the site's social profiles), else the engine's `site_author`."""
    author = settings.authors.get(settings.default_author or "")
    if author is not None:
        return person(author, same_as=links, twitter=twitter)
    if configured:
        same_as = tuple(u for u in links if is_web_url(u))
        return core.Person("site", configured, "", same_as=same_as)
    return None


def default_avatar(settings: ContentSettings) -> str:
    author = settings.authors.get(settings.default_author or "")
    return author.avatar if author is not None else ""


def card_colors(options: Any, theme: Theme) -> cards.Colors:
    """The cards' colours: the options' own, else derived from the theme's palette."""
    colors = options.cards.colors
    derived = cards.brand_colors(
        theme.primary or "indigo",
        theme.accent,
        background=colors.background,
        foreground=colors.foreground,
    )
    return cards.Colors(derived.background, derived.foreground, colors.accent or derived.accent)


def card_avatar(options: Any, settings: ContentSettings, docs: Path) -> str:
    """The absolute path of the cards' portrait (the option, else the default author's avatar);
    "" when it is a URL or no file."""
    path = options.cards.avatar
    if path is None:
        path = default_avatar(settings)
    if not path or is_web_url(path):
        return ""
    candidate = docs / path.lstrip("/")
    return str(candidate) if candidate.is_file() else ""


def host_label(site: core.Site, context: SiteContext) -> str:
    """What a card's corner says: the site's host when the site is named after its author (the
    name alone would repeat the byline), else the site's name."""
    host = urlsplit(context.url).hostname or ""
    owner_named = site.author is not None and site.author.name == context.name
    return host if owner_named and host else context.name
