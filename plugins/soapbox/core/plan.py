"""The publication's plan as data: the site's context and the pages Soapbox generates.

Framework-free: an engine adapter (the MkDocs plugin today) turns this plan into its own files,
page contexts and log lines. Everything here is decided from the settings and the published
posts, so the plan of a site can be built, inspected and tested without any engine installed.

- `SiteContext`: the site-wide facts every feature needs (URL, name, language, social links,
  the config file's name), built once per build and passed, never re-derived.
- `PageKind` and `PlannedPage`: one contract for a generated page (kind, source path, URL,
  title, description, template and the data its template prints).
- `plan_pages`: home (when the author wrote none), one paginated listing per content type, the
  archive and one paginated listing per year.
- `home_view`, `default_nav`, `page_markdown`: what the home template shows, the navigation of
  a site that declares none, and the front matter of a generated page's virtual source.
"""

from __future__ import annotations

import functools
import html
import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import yaml

from .content import ContentSettings, ContentType, Post, parse_post, provisional_post
from .kept import Kept
from .problems import Problem, Severity
from .publication import ListingPage, Publication, paginate
from .urls import absolute_url

HOME = "index.md"
ARCHIVE = "archive/index.md"


class PageKind(StrEnum):
    """What a generated page is. A StrEnum: templates compare it with plain strings."""

    HOME = "home"
    LISTING = "listing"
    ARCHIVE = "archive"
    TOPICS = "topics"
    TOPIC = "topic"
    SUBSCRIBE = "subscribe"
    RIVER = "around-the-web"
    TALK = "talk"
    APPEARANCES = "appearances"
    THANKS = "thanks"
    NOT_FOUND = "404"


#: The template of each kind (the 404 page is the theme's own `404.html`, not a generated file).
TEMPLATES: dict[str, str] = {
    PageKind.HOME: "soapbox/home.html",
    PageKind.LISTING: "soapbox/listing.html",
    PageKind.ARCHIVE: "soapbox/archive.html",
    PageKind.TOPICS: "soapbox/topics.html",
    PageKind.TOPIC: "soapbox/topic.html",
    PageKind.SUBSCRIBE: "soapbox/subscribe.html",
    PageKind.RIVER: "soapbox/around-the-web.html",
    PageKind.TALK: "soapbox/talk.html",
    PageKind.APPEARANCES: "soapbox/appearances.html",
    PageKind.THANKS: "soapbox/thanks.html",
    PageKind.NOT_FOUND: "404.html",
}


@dataclass(frozen=True, slots=True)
class SiteContext:
    """Site-wide facts, built once per build from the engine's configuration."""

    url: str  # absolute with a trailing slash, or "" when the site has none
    name: str
    language: str = "en"
    social: tuple[str, ...] = ()  # links of the author's profiles elsewhere
    config_name: str = "mkdocs.yml"  # how problems name the configuration file

    def absolute(self, path: str) -> str:
        """A site-relative path as an absolute URL (see `urls.absolute_url`)."""
        return absolute_url(self.url, path)


@dataclass(frozen=True)
class PlannedPage:
    """A page Soapbox adds to the site, whatever feature plans it: what it shows, not how.

    `data` holds what a kind's template prints besides (a topic page's topic and ancestors, a
    talk, the subscribe page's feeds ...). Templates and the SEO record read it as attributes
    (`soapbox.page.topic`); Python code reads `page.data[...]`, so mypy still checks the rest."""

    kind: PageKind
    title: str
    description: str = ""
    listing: ListingPage | None = None  # the page of a paginated listing it shows, if any
    content_type: ContentType | None = None
    year: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    template: str = ""  # "" -> the kind's template

    def __post_init__(self) -> None:
        if not self.template:
            object.__setattr__(self, "template", TEMPLATES[self.kind])

    @property
    def is_file(self) -> bool:
        """False for the 404 page: the theme renders it from its own template."""
        return self.kind is not PageKind.NOT_FOUND

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            data = self.__dict__.get("data")
            if data is None or name.startswith("__") or name not in data:
                raise AttributeError(name)
            return data[name]


def url_of(src_uri: str) -> str:
    """`rants/page/2/index.md` -> `rants/page/2/`; `index.md` -> ``."""
    return posixpath.dirname(src_uri) + "/" if "/" in src_uri else ""


def plan_pages(
    publication: Publication,
    types: Sequence[ContentType],
    *,
    site_name: str,
    has_home: bool,
    page_size: int,
    archive: bool,
    type_descriptions: Mapping[str, str] | None = None,
) -> dict[str, PlannedPage]:
    """The core's generated pages by source path: home (unless the author wrote one), each listed
    type's paginated listing, and the archive with a paginated listing per year."""
    descriptions = type_descriptions or {}
    pages: dict[str, PlannedPage] = {}
    if not has_home:
        pages[HOME] = PlannedPage(PageKind.HOME, title=site_name)
    for content_type in types:
        posts = publication.by_type.get(content_type.key)
        if not content_type.listed or not posts:
            continue
        for listing in paginate(posts, page_size, content_type.path):
            title = content_type.plural
            if listing.number > 1:
                title = f"{content_type.plural} – page {listing.number}"
            pages[listing.src_uri] = PlannedPage(
                PageKind.LISTING,
                title,
                descriptions.get(content_type.key, ""),
                listing,
                content_type,
            )
    if archive and publication.by_year:
        pages[ARCHIVE] = PlannedPage(PageKind.ARCHIVE, "Archive")  # lists publication.by_year
        for year, posts in publication.by_year.items():
            for listing in paginate(posts, page_size, f"archive/{year}/"):
                title = f"{year}" if listing.number == 1 else f"{year} – page {listing.number}"
                pages[listing.src_uri] = PlannedPage(
                    PageKind.LISTING, title, listing=listing, year=year
                )
    return pages


def home_view(
    publication: Publication,
    types: Iterable[ContentType],
    *,
    title: str,
    featured: int,
    recent: int,
) -> dict[str, Any]:
    """The home page's sections: up to `featured` featured articles, then the `recent` newest
    articles of each listed type that are not featured already."""
    chosen = [p for p in publication.articles if p.featured][:featured]
    shown = {p.src_uri for p in chosen}
    sections: list[tuple[ContentType, list[Post]]] = []
    for content_type in types:
        posts = [p for p in publication.by_type.get(content_type.key, []) if p.src_uri not in shown]
        if content_type.listed and posts and recent:
            sections.append((content_type, posts[:recent]))
    return {"title": title, "featured": chosen, "sections": sections}


def default_nav(
    publication: Publication,
    types: Iterable[ContentType],
    sections: Iterable[tuple[str, str]],
) -> list[dict[str, str]]:
    """The navigation of a site that declares none: home, each listed type with articles, the
    generated `sections` given as (title, source path) in order, then the plain pages by title.
    Titles are escaped: the theme prints them as HTML."""
    nav: list[dict[str, str]] = [{"Home": HOME}]
    for content_type in types:
        if content_type.listed and publication.by_type.get(content_type.key):
            nav.append({html.escape(content_type.plural): f"{content_type.path}index.md"})
    nav += [{html.escape(title): src_uri} for title, src_uri in sections]
    pages = sorted(
        (p for p in publication.posts.values() if p.type == "page" and p.src_uri != HOME),
        key=lambda p: p.title.casefold(),
    )
    nav += [{html.escape(p.title): p.src_uri} for p in pages]
    return nav


def page_markdown(page: PlannedPage, template: str = "") -> str:
    """The virtual source of a generated page: front matter only (plus, on a topic's first page,
    one line for the search index). Values are escaped: the theme prints title and description
    as HTML."""
    listing = page.listing
    # A search for a topic's name should land on its page first; its description is the text
    # the search index holds (escaped: it is the author's text, not markup).
    boosted = page.kind == PageKind.TOPIC and (listing is None or listing.number == 1)
    return _page_markdown(page.title, template or page.template, page.description, boosted)


@functools.lru_cache(maxsize=4096)  # serve rebuilds ask again for every unchanged page
def _page_markdown(title: str, template: str, description: str, boosted: bool) -> str:
    meta: dict[str, Any] = {
        "title": html.escape(title),
        "template": template,
        "hide": ["navigation", "toc"],
        "search": {"exclude": True},  # listings only repeat what the articles say
    }
    body = ""
    if boosted:
        meta["search"] = {"boost": 10}
        body = html.escape(f"{title}. {description}") + "\n"
    if description:
        meta["description"] = html.escape(description)
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n" + body


def read_posts(
    sources: Iterable[tuple[str, Callable[[], str]]],
    settings: ContentSettings,
    known: frozenset[str] = frozenset(),
    provisional: list[Post] | None = None,
) -> tuple[list[Post], list[Problem]]:
    """Read every markdown file once: `sources` are (path in the posts folder, a reader of its
    text). A file that is not UTF-8 is reported and skipped; `known` are the site's files (for
    the checks of images and links). A file with errors is added to `provisional` (when given)
    as far as its URL can still be told, so that a bad date does not hide a duplicate URL."""
    posts: list[Post] = []
    problems: list[Problem] = []
    parse = _PARSED.session(settings, known)
    for src_uri, read in sources:
        try:
            source = read()
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    f"{settings.display_root}/{src_uri}",
                    None,
                    None,
                    f"is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8",
                )
            )
            continue
        post, found = parse(src_uri, source)
        problems += found
        if post is not None:
            posts.append(post)
        elif provisional is not None and (draft := provisional_post(src_uri, source, settings)):
            provisional.append(draft)
    return posts, problems


class _Asked:
    """The site's files as `parse_post` sees them, noting each question it asks (whether there
    are any, whether a path is one of them): a post read again stays valid while every answer
    it was given stays the same, although other files came or went."""

    def __init__(self, known: frozenset[str]) -> None:
        self.known = known
        self.asked: dict[str | None, bool] = {}  # path (None: "are there any?") -> the answer

    def __bool__(self) -> bool:
        answer = self.asked[None] = bool(self.known)
        return answer

    def __contains__(self, path: object) -> bool:
        answer = path in self.known
        if isinstance(path, str):
            self.asked[path] = answer
        return answer

    def __iter__(self) -> Iterator[str]:
        raise TypeError("parse_post may only ask whether a file is known")


#: One reading: the post (or None), its problems and the questions it asked about the files.
_Reading = tuple[Post | None, tuple[Problem, ...], tuple[tuple[str | None, bool], ...]]


class _ParsedFiles:
    """`parse_post` is a pure function of the file's path and text, the settings and the answers
    to the questions it asks about the known files. `mkdocs serve` reads every file again on
    each save, and all but the saved one are unchanged: their results of the last read are
    reused while the settings are equal and the known files answer each question as before (a
    new or deleted post changes the known files, but not whether a post's image exists)."""

    def __init__(self) -> None:
        self._settings: ContentSettings | None = None
        self._kept: Kept[tuple[str, str], _Reading] = Kept()

    def session(
        self, settings: ContentSettings, known: frozenset[str]
    ) -> Callable[[str, str], tuple[Post | None, list[Problem]]]:
        """A parser for one read of every file."""
        known = frozenset(known)
        if settings != self._settings:
            self._settings, self._kept = settings, Kept()
        self._kept.new_round()

        def compute(src_uri: str, source: str) -> _Reading:
            asked = _Asked(known)
            post, problems = parse_post(src_uri, source, settings, asked)
            return post, tuple(problems), tuple(asked.asked.items())

        def parse(src_uri: str, source: str) -> tuple[Post | None, list[Problem]]:
            key = (src_uri, source)
            post, problems, asked = self._kept.value(key, lambda: compute(src_uri, source))
            if any((bool(known) if path is None else path in known) != was for path, was in asked):
                post, problems, asked = reading = compute(src_uri, source)
                self._kept.put(key, reading)
            return post, list(problems)

        return parse


_PARSED = _ParsedFiles()


def summary_lines(publication: Publication, display_root: str) -> list[str]:
    """What the build log says about the publication: counts, previews, the scheduled posts and
    the next one to go live."""
    reasons = list(publication.excluded.values())
    lines = [
        f"{len(publication.articles)} articles published;"
        f" left out: {reasons.count('draft')} draft(s), {reasons.count('scheduled')} scheduled"
    ]
    if publication.previews:
        shown = list(publication.previews.values())
        lines.append(
            f"the preview also shows {shown.count('draft')} draft(s) and"
            f" {shown.count('scheduled')} scheduled post(s); a build leaves them out"
        )
    scheduled = [
        post
        for src, post in publication.withheld.items()
        if publication.excluded[src] == "scheduled" and post.date is not None
    ]
    for post in sorted(scheduled, key=lambda p: (p.date, p.src_uri)):
        assert post.date is not None
        lines.append(
            f"Scheduled: {post.date.isoformat(sep=' ', timespec='minutes')}  '{post.title}'"
            f" ({display_root}/{post.src_uri})"
        )
    upcoming = publication.next_scheduled
    if upcoming is not None and upcoming.date is not None:
        state = (
            "previewed" if upcoming.src_uri in publication.previews else "left out of this build"
        )
        lines.append(
            f"Next scheduled post: '{upcoming.title}' ({display_root}/{upcoming.src_uri})"
            f" goes live on {upcoming.date.isoformat(sep=' ', timespec='minutes')}; {state}"
        )
    return lines


def said_once(
    lines: Iterable[str], problems: Iterable[Problem], *, serve: bool, said: set[str]
) -> tuple[list[str], list[Problem]]:
    """The river's log lines and problems to report: errors always; under `mkdocs serve` the
    rest once per session (`said`: what the session has said so far, which this adds to)."""

    def first_time(message: str) -> bool:
        seen = serve and message in said
        if serve:
            said.add(message)
        return not seen

    shown = list(filter(first_time, lines))
    return shown, [p for p in problems if p.severity is Severity.ERROR or first_time(str(p))]
