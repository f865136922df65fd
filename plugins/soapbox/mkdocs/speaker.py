"""MkDocs glue for the speaker feature: the hire-me page's `speaker:` front matter -> the speaker
page's template, a page per talk, the appearances page, the thank-you page, `appearances.ics`,
downloadable bios, JSON-LD and the "Book me to speak on this" links. The work itself is in
`soapbox.core.speaker`; this module converts at the boundary and plans the virtual files."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..core.problems import Problem
from ..core.publication import Publication
from ..core.settings import SpeakerOptions
from ..core.speaker import (  # noqa: F401  (KEY: the plugin allows it in front matter)
    KEY,
    BookingForm,
    Schedule,
    Speaker,
    SpeakerSettings,
    Talk,
    appearances_ics,
    booking_form,
    booking_query,
    needs_provider_warning,
    parse_speaker,
    profile_jsonld,
    split_appearances,
    when,
)
from ..core.urls import slugify

PACKAGE = Path(__file__).resolve().parents[1]
STYLESHEET = "assets/soapbox/speaker.css"
SCRIPT = "assets/soapbox/booking.js"
CALENDAR = "appearances.ics"
TEMPLATES = {
    "speaker-page": "soapbox/speaker.html",
    "talk": "soapbox/talk.html",
    "appearances": "soapbox/appearances.html",
    "thanks": "soapbox/thanks.html",
}


@dataclass(frozen=True)
class SpeakerPage:
    """A generated speaker page; read by `generated_markdown` and the templates like `Generated`."""

    kind: str  # "talk" | "appearances" | "thanks"
    title: str
    description: str = ""
    talk: Talk | None = None
    listing: None = None  # what templates shared with `Generated` look for
    content_type: None = None
    year: None = None


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
    pages: dict[str, SpeakerPage] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # dest uri -> text content
    page_src: str | None = None  # the markdown file shown with the speaker template


def _folder(path: str) -> str:
    return path.strip("/") + "/"


def _calls_to_action(
    speaker: Speaker, publication: Publication, topics: Any, canonical: Callable[[str], str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The booking link's query for every article (by src_uri) and every topic page (by slug):
    the talk that shares a topic, else the topic itself."""
    cta: dict[str, str] = {}
    topic_cta: dict[str, str] = {}
    of_post = getattr(topics, "of_post", None) or {}
    for article in publication.articles:
        names = [t.title for t in of_post.get(article.src_uri, ())] or list(article.topics)
        cta[article.src_uri] = booking_query(speaker, names, canonical=canonical)
    graph = getattr(topics, "graph", None)
    for topic in graph.topics.values() if graph is not None else ():
        topic_cta[topic.slug] = booking_query(speaker, [topic.title], canonical=canonical)
    return cta, topic_cta


def plan(
    options: SpeakerOptions,
    publication: Publication,
    files: Files,
    config: MkDocsConfig,
    *,
    display_root: str,
    timezone: Any,
    is_serve: bool,
    date_format: str = "%B %-d, %Y",
    topics: Any = None,
) -> Speaking:
    if not options.enabled:
        return Speaking()
    post = publication.posts.get(options.page)
    file = files.get_file_from_path(options.page)
    if post is None or file is None:
        return Speaking()
    settings = SpeakerSettings(
        display_root=display_root,
        timezone=timezone,
        talks_path=_folder(options.talks_path),
        known_files=frozenset(f.src_uri for f in files),
    )
    speaker, problems = parse_speaker(options.page, file.content_string, settings)
    if speaker is None:
        return Speaking(problems=problems)
    if not is_serve and (warning := needs_provider_warning(speaker, display_root)):
        problems.append(warning)

    site_url = config.site_url or ""
    schedule = split_appearances(speaker.appearances, publication.now, timezone)
    page_url = post.url
    thanks_url = f"{page_url}thanks/"
    appearances_url = _folder(options.appearances_path)
    form = booking_form(
        speaker,
        thanks_url=urljoin(site_url, thanks_url) if site_url else thanks_url,
        thanks_page=thanks_url,
        today=publication.now.astimezone(timezone).date(),
    )

    canonical, titles = _topic_names(topics)
    cta, topic_cta = (
        _calls_to_action(speaker, publication, topics, canonical)
        if options.call_to_action
        else ({}, {})
    )

    same_as = [s.get("link", "") for s in (config.extra.get("social") or []) if isinstance(s, dict)]
    knows_about = [titles.get(canonical(t), t) for t in speaker.topics]
    jsonld = profile_jsonld(
        speaker,
        schedule,
        page_url=page_url,
        site_url=site_url,
        same_as=same_as,
        knows_about=knows_about,
    )

    pages: dict[str, SpeakerPage] = {}
    for talk in speaker.talks:
        pages[f"{talk.url}index.md"] = SpeakerPage("talk", talk.title, talk.summary, talk=talk)
    pages[f"{appearances_url}index.md"] = SpeakerPage(
        "appearances",
        "Appearances",
        f"Where {speaker.name} speaks next, and where {speaker.name} has spoken.",
    )
    pages[f"{thanks_url}index.md"] = SpeakerPage("thanks", "Thank you")

    out_files: dict[str, str] = {}
    stem = slugify(speaker.name) or "speaker"
    bio_files = {}
    for bio in speaker.bios:
        path = f"{page_url}{stem}-bio-{bio.length}.txt"
        bio_files[bio.length] = path
        out_files[path] = f"{speaker.name}\n\n{bio.text}\n"
    calendar_url = None
    if options.calendar:
        calendar_url = CALENDAR
        out_files[CALENDAR] = appearances_ics(
            speaker, schedule, now=publication.now, site_url=site_url, site_name=config.site_name
        )
    view = SpeakerView(
        speaker=speaker,
        schedule=schedule,
        form=form,
        page_url=page_url,
        thanks_url=thanks_url,
        appearances_url=appearances_url,
        calendar_url=calendar_url,
        bio_files=bio_files,
        jsonld=jsonld,
        cta_label=options.call_to_action_label,
        when={a.key: when(a, date_format) for a in speaker.appearances},
        cta=cta,
        topic_cta=topic_cta,
    )
    return Speaking(view, pages, problems, out_files, options.page)


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

    def canonical(name: str) -> str:
        key = slugify(name)
        return names.get(key, key)

    return canonical, titles


def add_files(speaking: Speaking, files: Files, config: MkDocsConfig) -> None:
    for dest, content in speaking.files.items():
        files.append(File.generated(config, dest, content=content))


def add_assets(files: Files, config: MkDocsConfig) -> None:
    """The stylesheet (every page: the call to action sits on articles) and the form's script."""
    for uri, name in ((STYLESHEET, "speaker.css"), (SCRIPT, "booking.js")):
        files.append(File.generated(config, uri, abs_src_path=str(PACKAGE / "assets" / name)))


def template_of(speaking: Speaking, src_uri: str) -> str | None:
    """The template of the speaker page itself (a written page, not a generated one)."""
    if speaking.view is not None and src_uri == speaking.page_src:
        return TEMPLATES["speaker-page"]
    return None
