"""The speaker's part of the site plan: the hire-me page's view, a page per talk, the appearances
and thank-you pages, `appearances.ics`, the downloadable bios and the "Book me to speak on this"
queries of every article and topic. Framework-free: the engine adapter reads the hire-me page's
file and hands its text over."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from ..plan import PageKind, PlannedPage, SiteContext
from ..problems import Problem
from ..publication import Publication
from ..urls import slugify
from .booking import BookingForm, booking_form, booking_queries
from .calendar import appearances_ics
from .jsonld import profile_jsonld
from .model import Speaker, SpeakerSettings
from .reading import needs_provider_warning, parse_speaker, read_speaker
from .schedule import Schedule, split_appearances, when

CALENDAR = "appearances.ics"
PAGE_TEMPLATE = "soapbox/speaker.html"  # the hire-me page itself (written, not generated)


@dataclass(frozen=True)
class SpeakerView:
    """What templates read as `soapbox.speaker`."""

    speaker: Speaker
    schedule: Schedule
    form: BookingForm
    page_url: str  # the hire-me page, site-relative: "hire-me/"
    thanks_url: str  # site-relative: "hire-me/thanks/"
    appearances_url: str
    calendar_url: str | None  # "appearances.ics" when published
    bio_files: Mapping[str, str]  # length -> site-relative .txt
    jsonld: Mapping[str, Any]
    cta_label: str
    when: Mapping[str, str]  # appearance key -> its date as shown
    cta: Mapping[str, str]  # post src_uri -> "?talk=..." / "?topic=..." ("" links without a query)
    topic_cta: Mapping[str, str]  # topic slug -> query


@dataclass
class Speaking:
    """The result of planning the speaker pages for one build."""

    view: SpeakerView | None = None
    pages: dict[str, PlannedPage] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # dest uri -> text content
    page_src: str | None = None  # the markdown file shown with the speaker template

    def template_of(self, src_uri: str) -> str | None:
        """The template of the speaker page itself (a written page, not a generated one)."""
        return PAGE_TEMPLATE if self.view is not None and src_uri == self.page_src else None


def folder(path: str) -> str:
    return path.strip("/") + "/"


def plan_speaking(
    options: Any,  # the speaker options: page, *_path, calendar, call_to_action(_label)
    publication: Publication,
    source: str,
    settings: SpeakerSettings,
    site: SiteContext,
    *,
    is_serve: bool,
    date_format: str = "%B %-d, %Y",
    topics: Any = None,  # a TopicsView or None
) -> Speaking:
    """The speaker's pages, files and view from the hire-me page's text (`source`)."""
    post = publication.posts.get(options.page)
    if post is None:
        return Speaking()
    # the post's own reading of the file (read once); the raw text only if it has none
    speaker, problems = (
        read_speaker(options.page, post.source, settings)
        if post.source is not None
        else parse_speaker(options.page, source, settings)
    )
    if speaker is None:
        return Speaking(problems=problems)
    if not is_serve and (warning := needs_provider_warning(speaker, settings.display_root)):
        problems.append(warning)
    schedule = split_appearances(speaker.appearances, publication.now, settings.timezone)
    page_url = post.url
    thanks_url = f"{page_url}thanks/"
    appearances_url = folder(options.appearances_path)
    form = booking_form(
        speaker,
        thanks_url=urljoin(site.url, thanks_url) if site.url else thanks_url,
        thanks_page=thanks_url,
        today=publication.now.astimezone(settings.timezone).date(),
    )
    canonical, titles = _topic_names(topics)
    cta, topic_cta = (
        _calls_to_action(speaker, publication, topics, canonical)
        if options.call_to_action
        else ({}, {})
    )
    jsonld = profile_jsonld(
        speaker, schedule, page_url=page_url, site_url=site.url, same_as=list(site.social),
        knows_about=[titles.get(canonical(t), t) for t in speaker.topics],
    )  # fmt: skip
    files, bio_files = _files(speaker, page_url)
    calendar_url = None
    if options.calendar:
        calendar_url = CALENDAR
        files[CALENDAR] = appearances_ics(
            speaker, schedule, now=publication.now, site_url=site.url, site_name=site.name
        )
    view = SpeakerView(
        speaker=speaker, schedule=schedule, form=form, page_url=page_url, thanks_url=thanks_url,
        appearances_url=appearances_url, calendar_url=calendar_url, bio_files=bio_files,
        jsonld=jsonld, cta_label=options.call_to_action_label,
        when={a.key: when(a, date_format) for a in speaker.appearances},
        cta=cta, topic_cta=topic_cta,
    )  # fmt: skip
    return Speaking(view, _pages(speaker, view), problems, files, options.page)


def _pages(speaker: Speaker, view: SpeakerView) -> dict[str, PlannedPage]:
    pages = {
        f"{talk.url}index.md": PlannedPage(
            PageKind.TALK, talk.title, talk.summary, data={"talk": talk}
        )
        for talk in speaker.talks
    }
    pages[f"{view.appearances_url}index.md"] = PlannedPage(
        PageKind.APPEARANCES,
        "Appearances",
        f"Where {speaker.name} speaks next, and where {speaker.name} has spoken.",
    )
    pages[f"{view.thanks_url}index.md"] = PlannedPage(PageKind.THANKS, "Thank you")
    return pages


def _files(speaker: Speaker, page_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """The downloadable bios (dest -> text) and their addresses by length."""
    files: dict[str, str] = {}
    bio_files: dict[str, str] = {}
    stem = slugify(speaker.name) or "speaker"
    for bio in speaker.bios:
        path = f"{page_url}{stem}-bio-{bio.length}.txt"
        bio_files[bio.length] = path
        files[path] = f"{speaker.name}\n\n{bio.text}\n"
    return files, bio_files


def _calls_to_action(
    speaker: Speaker, publication: Publication, topics: Any, canonical: Callable[[str], str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The booking link's query for every article (by src_uri) and every topic page (by slug):
    the talk that shares a topic, else the topic itself."""
    cta: dict[str, str] = {}
    topic_cta: dict[str, str] = {}
    of_post = getattr(topics, "of_post", None) or {}
    queries: dict[tuple[str, ...], str] = {}  # many articles share their topics with others
    booking_query = booking_queries(speaker, canonical=canonical)

    def query(names: tuple[str, ...]) -> str:
        found = queries.get(names)
        if found is None:
            found = queries[names] = booking_query(names)
        return found

    for article in publication.articles:
        names = tuple(t.title for t in of_post.get(article.src_uri, ())) or tuple(article.topics)
        cta[article.src_uri] = query(names)
    graph = getattr(topics, "graph", None)
    for topic in graph.topics.values() if graph is not None else ():
        topic_cta[topic.slug] = query((topic.title,))
    return cta, topic_cta


def _topic_names(topics: Any) -> tuple[Callable[[str], str], dict[str, str]]:
    """Map every spelling of a site topic (slug, title, synonyms) to one key, so a talk about
    "cold calls" matches posts on "Cold calling"; and key -> the topic's title."""
    graph = getattr(topics, "graph", None)
    names: dict[str, str] = {}
    titles: dict[str, str] = {}
    for topic in graph.topics.values() if graph is not None else ():
        for name in getattr(topic, "names", (topic.slug, topic.title)):
            names.setdefault(slugify(name), topic.slug)
        titles[topic.slug] = topic.title

    @functools.cache  # a few dozen names, asked for once per article
    def canonical(name: str) -> str:
        key = slugify(name)
        return names.get(key, key)

    return canonical, titles
