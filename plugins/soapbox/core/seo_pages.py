"""The SEO record of every page, decided from the plan: what a page is (home, article, profile,
collection ...), its breadcrumbs, its entries, its author, image and dates, and the label of its
social card. Framework-free: the engine adapter hands in where the page is (`PageRef`) and what
it shows (the view its template gets); `soapbox.core.seo` turns the record into head tags and
JSON-LD.

Generated pages are read through what they share (`kind`, `title`, `description`, `listing`),
so a new kind of generated listing gets a CollectionPage and an ItemList without changes here:
a page with a `listing` lists its posts; one with `items` (objects with a `title` and a `link` or
`url`) lists those.
"""

from __future__ import annotations

import dataclasses
import html
import mimetypes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import seo as core
from .content import Author, ContentSettings, ContentType, Post
from .plan import HOME
from .publication import ListingPage, Publication
from .speaker import Appearance, event_jsonld
from .urls import is_web_url


@dataclass(frozen=True, slots=True)
class PageRef:
    """Where a page is, as the engine placed it: its source path, its URL and its title."""

    src_uri: str
    url: str
    title: str = ""


# Card labels of generated pages by kind; a listing of a content type shows its plural.
LABELS = {
    "archive": "Archive",
    "topics": "Topics",
    "topic": "Topic",
    "talk": "Talk",
    "appearances": "Speaking",
    "subscribe": "Subscribe",
    "thanks": "",
    "home": "",
}


def person(author: Author, *, same_as: Iterable[str] = (), twitter: str = "") -> core.Person:
    return core.Person(
        key=author.key,
        name=author.name,
        url=author.url,
        image=asset_url(author.avatar) if author.avatar else "",
        description=" ".join(author.bio.split()),
        same_as=tuple(dict.fromkeys(u for u in same_as if is_web_url(u))),
        twitter=twitter,
    )


def asset_url(path: str) -> str:
    """A path relative to the posts folder is the same path in the site; URLs pass unchanged."""
    return path if is_web_url(path) or not path else path.lstrip("/")


def image_size(docs: Path, src: str) -> tuple[int, int] | None:
    if not src or is_web_url(src):
        return None
    try:
        from PIL import Image, UnidentifiedImageError

        with Image.open(docs / src.lstrip("/")) as image:
            return image.size
    except (OSError, ValueError, ImportError, UnidentifiedImageError):
        return None


def generated_title(generated: Any) -> str:
    """A generated page's title in search results and shares. A talk often shares its title with
    the article it grew from: "Talk: ..." keeps the two apart."""
    if getattr(generated, "kind", "") == "talk":
        return f"Talk: {generated.title}"
    return generated.title


@dataclass(frozen=True)
class PageContext:
    """What every page's record is decided from (built once per build by the adapter)."""

    publication: Publication
    settings: ContentSettings
    types: Mapping[str, ContentType]
    docs: Path  # the posts folder, for image sizes
    speaking: Any  # the speaker feature's plan (its `view` and `page_src`), or None
    topics_title: str
    site: core.Site


def page_info(
    where: PageRef,
    view: Mapping[str, Any],
    publication: Publication,
    settings: ContentSettings,
    types: Mapping[str, ContentType],
    docs: Path,
    speaking: Any,
    topics_title: str,
    site: core.Site,
) -> tuple[core.PageInfo, str]:
    """The SEO record of one page (and the label of its social card), from what the page shows:
    a post, a generated page (read through what every generated page shares), or neither."""
    ctx = PageContext(publication, settings, types, docs, speaking, topics_title, site)
    url = "" if where.url in ("", "./", ".", "index.html") else where.url
    post: Post | None = view.get("post")
    if post is not None:
        return _post_info(ctx, where.src_uri, url, post, view)
    generated = view.get("page")
    if generated is None:  # a page Soapbox knows nothing about (another plugin's)
        return core.PageInfo(url=url, title=html.unescape(where.title), kind=core.PAGE), ""
    return _generated_info(ctx, url, generated)


def _post_info(
    ctx: PageContext, src_uri: str, url: str, post: Post, view: Mapping[str, Any]
) -> tuple[core.PageInfo, str]:
    site = ctx.site
    author = author_person(view.get("author"), site)
    of_post = getattr(view.get("topics"), "of_post", {}) or {}
    common: dict[str, Any] = dict(
        url=url,
        title=post.title,
        description=post.description,
        text=post.summary,
        canonical=post.canonical,
        robots=post.robots,
        noindex=post.noindex,
        author=author,
        image=front_matter_image(post, site, ctx.docs),
        published=post.date,
        modified=post.updated,
    )
    if src_uri == HOME:
        return core.PageInfo(kind=core.HOME, **common), ""
    if post.is_article:
        content_type = ctx.types.get(post.type)
        crumbs: tuple[core.Crumb, ...] = ()
        if content_type and content_type.listed:
            crumbs = (core.Crumb(content_type.plural, content_type.path),)
        label = content_type.label if content_type else ""
        topic_names = tuple(t.title for t in of_post.get(src_uri, ())) or post.topics
        info = core.PageInfo(
            kind=core.ARTICLE,
            topics=topic_names,
            section=label,
            words=post.words,
            crumbs=crumbs,
            **common,
        )
        return info, label
    speaker_view = getattr(ctx.speaking, "view", None)
    if speaker_view is not None and src_uri == getattr(ctx.speaking, "page_src", None):
        nodes = speaker_nodes(speaker_view, site, speaker_view.schedule.upcoming)
        common["author"] = author or site.author
        return core.PageInfo(kind=core.PROFILE, nodes=tuple(nodes), **common), "Speaker"
    for candidate in ctx.settings.authors.values():
        if candidate.url and same_page(candidate.url, url):
            common["author"] = author_person(candidate, site)
            return core.PageInfo(kind=core.PROFILE, **common), "About"
    common["author"] = author if author else site.author
    return core.PageInfo(kind=core.PAGE, **common), ""


def _generated_info(ctx: PageContext, url: str, generated: Any) -> tuple[core.PageInfo, str]:
    kind = getattr(generated, "kind", "")
    title = generated_title(generated)
    description = getattr(generated, "description", "") or ""
    base: dict[str, Any] = dict(
        url=url, title=title, description=description, author=ctx.site.author
    )
    if kind == "home":
        return core.PageInfo(kind=core.HOME, **base), ""
    listing = listing_of(generated)
    label, trail = _label_and_trail(ctx, kind, generated, listing)
    extra = _generated_extra(ctx, kind, generated, listing)
    if not label and extra.get("kind") == core.COLLECTION and kind not in LABELS:
        label = title
    return core.PageInfo(crumbs=tuple(trail), **base, **extra), label


def _label_and_trail(
    ctx: PageContext, kind: str, generated: Any, listing: ListingPage | None
) -> tuple[str, list[core.Crumb]]:
    """The card label and the breadcrumbs of a generated page."""
    content_type = getattr(generated, "content_type", None)
    year = getattr(generated, "year", None)
    speaker_view = getattr(ctx.speaking, "view", None)
    label = LABELS.get(kind, "")
    trail: list[core.Crumb] = []
    if content_type is not None:
        label = content_type.plural
        trail = [core.Crumb(content_type.plural, content_type.path)]
    elif year is not None:
        label = "Archive"
        trail = [core.Crumb("Archive", "archive/"), core.Crumb(str(year), f"archive/{year}/")]
    elif kind == "topic":
        trail = [core.Crumb(ctx.topics_title, "topics/")]
        trail += [core.Crumb(a.title, a.url) for a in generated.ancestors]
        if listing is not None and listing.number > 1:
            trail.append(core.Crumb(generated.topic.title, generated.topic.url))
    elif kind in ("talk", "thanks") and speaker_view is not None:
        page_url = speaker_view.page_url
        trail = [core.Crumb(title_of(ctx.publication, page_url, "Speaker"), page_url)]
    if trail and listing is not None and listing.number == 1 and kind != "topic":
        trail = trail[:-1]  # page 1 of a listing is the listing itself
    return label, trail


def _generated_extra(
    ctx: PageContext, kind: str, generated: Any, listing: ListingPage | None
) -> dict[str, Any]:
    """What a generated page is (a collection and its entries, or a page) and its extra nodes."""
    speaker_view = getattr(ctx.speaking, "view", None)
    if listing is not None:
        return dict(
            kind=core.COLLECTION,
            page_number=listing.number,
            prev_url=listing.prev_url,
            next_url=listing.next_url,
            items=list_entries(listing.items),
        )
    if kind == "archive":
        years = ctx.publication.by_year
        return dict(
            kind=core.COLLECTION, items=tuple(core.Entry(str(y), f"archive/{y}/") for y in years)
        )
    if kind == "topics":
        topics = [e.topic for section in generated.sections for e in section.entries]
        return dict(kind=core.COLLECTION, items=tuple(core.Entry(t.title, t.url) for t in topics))
    if kind == "appearances" and speaker_view is not None:
        nodes = events(speaker_view, ctx.site, speaker_view.schedule.upcoming)
        items = tuple(core.Entry(n["name"], ref=n["@id"]) for n in nodes)
        return dict(kind=core.COLLECTION, nodes=tuple(nodes), items=items)
    if kind == "talk" and speaker_view is not None:
        slug = generated.talk.slug
        upcoming = tuple(a for a in speaker_view.schedule.upcoming if a.talk == slug)
        return dict(kind=core.PAGE, nodes=tuple(events(speaker_view, ctx.site, upcoming)))
    if kind == "thanks":
        return dict(kind=core.PAGE, noindex=True)
    shown = getattr(generated, "items", None)
    if shown is not None and not isinstance(shown, (str, bytes)):
        return dict(kind=core.COLLECTION, items=list_entries(shown))
    return dict(kind=core.PAGE)


def listing_of(generated: Any) -> ListingPage | None:
    """The page of a paginated listing a generated page shows: its `listing`, or any other field
    holding a `ListingPage` (e.g. the aggregator's river of posts from other blogs)."""
    listing = getattr(generated, "listing", None)
    if isinstance(listing, ListingPage):
        return listing
    if dataclasses.is_dataclass(generated):
        for item in dataclasses.fields(generated):
            value = getattr(generated, item.name, None)
            if isinstance(value, ListingPage):
                return value
    return None


def list_entries(items: Iterable[Any]) -> tuple[core.Entry, ...]:
    """ItemList members: posts of this site (title, url) or things elsewhere (title, link)."""
    entries = []
    for item in items:
        link = (
            getattr(item, "url", None)
            if isinstance(item, Post)
            else getattr(item, "link", "") or getattr(item, "url", "")
        )
        name = getattr(item, "title", "") or getattr(item, "name", "")
        if name and (link or isinstance(item, Post)):
            entries.append(core.Entry(str(name), str(link)))
    return tuple(entries)


def title_of(publication: Publication, url: str, default: str) -> str:
    post = next((p for p in publication.posts.values() if p.url == url), None)
    return post.title if post is not None else default


def same_page(profile_url: str, url: str) -> bool:
    if is_web_url(profile_url):
        return False
    return profile_url.strip("/") == url.strip("/")


def author_person(author: Author | None, site: core.Site) -> core.Person | None:
    if author is None:
        return None
    if site.author is not None and site.author.key == author.key:
        return site.author  # the site's owner: with the social profiles and handle
    return person(author)


def front_matter_image(post: Post, site: core.Site, docs: Path) -> core.Image | None:
    if not post.image:
        return None
    src = post.image_src or post.image
    size = image_size(docs, post.image_src or "")
    return core.Image(
        url=site.absolute(post.image if is_web_url(post.image) else src),
        alt=post.image_alt or post.title,
        width=size[0] if size else None,
        height=size[1] if size else None,
        mime=mimetypes.guess_type(urlsplit(src).path)[0] or "",
    )


def events(
    speaker_view: Any, site: core.Site, appearances: Iterable[Appearance]
) -> list[dict[str, Any]]:
    """One schema.org Event per appearance, drawn by the speaker feature's own JSON-LD builder and
    given a stable @id (its place on the appearances page), an image and its organizer."""
    events = []
    speaker = speaker_view.speaker
    base = site.absolute(speaker_view.appearances_url)
    image = site.absolute(speaker.headshots[0].src) if speaker.headshots else ""
    same = site.author is not None and site.author.name.casefold() == speaker.name.casefold()
    performer: dict[str, Any] = {
        "@type": "Person",
        "@id": site.person_id(site.author)
        if same and site.author
        else f"{site.absolute(speaker_view.page_url)}#speaker",
        "name": speaker.name,
        "url": site.absolute(speaker_view.page_url),
    }
    organizers = {}
    page = site.absolute(speaker_view.page_url)
    talks = speaker.talk_by_slug
    for appearance in appearances:
        event = {"@id": f"{base}#{appearance.key}"}
        event |= event_jsonld(
            appearance, talks.get(appearance.talk or ""), page=page, performer=dict(performer)
        )
        event.setdefault("description", f"{speaker.name} speaks at {appearance.event}.")
        organizer: dict[str, Any] = {"@type": "Organization", "name": appearance.event}
        if appearance.url:
            organizer["url"] = appearance.url
        organizers[event["@id"]] = organizer
        events.append(event)
    return core.enrich_events(events, image=image, organizers=organizers)


def speaker_nodes(
    speaker_view: Any, site: core.Site, upcoming: Iterable[Appearance]
) -> list[dict[str, Any]]:
    """The speaker page's ProfilePage and Person (from the speaker feature) and its events."""
    nodes = [n for n in speaker_view.jsonld.get("@graph", []) if n.get("@type") != "Event"]
    return nodes + events(speaker_view, site, upcoming)


def lastmod(
    info: core.PageInfo, view: Mapping[str, Any], publication: Publication
) -> datetime | None:
    """An article's `updated` or `date`; a listing's newest item; pages without dates: none."""
    if info.published is not None or info.modified is not None:
        return info.modified or info.published
    generated = view.get("page")
    listing = listing_of(generated)
    items: Iterable[Any] = ()
    if listing is not None:
        items = listing.items
    elif info.kind == core.HOME or getattr(generated, "kind", "") in ("archive", "topics"):
        items = publication.articles
    elif isinstance(generated_items := getattr(generated, "items", None), (tuple, list)):
        items = generated_items
    stamps = [
        stamp
        for item in items
        if isinstance(
            stamp := getattr(item, "updated", None)
            or getattr(item, "date", None)
            or getattr(item, "published", None),
            datetime,
        )
    ]
    return max(stamps) if stamps else None
