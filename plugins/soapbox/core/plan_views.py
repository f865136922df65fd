"""What the templates read as `soapbox.*`, the navigation of a site that declares none, the
front matter handed to the theme, and the settings of the content, all decided from the plan.

Framework-free: the engine adapter adds only what it alone knows (a page's canonical URL for the
share links, the reach and engagement records) and hands the dicts to its templates."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterable, Mapping, MutableMapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .aggregator.river import PATH as RIVER_PATH
from .content import DEFAULT_TYPES, Author, ContentSettings, ContentType, Post
from .feed_plan import SUBSCRIBE
from .plan import ARCHIVE, HOME, PlannedPage, default_nav, home_view, url_of
from .problems import Problem
from .publication import Publication
from .speaker.site import SpeakerView
from .topic_plan import INDEX as TOPICS_INDEX
from .topic_plan import TopicsView

#: The shared records of the site view that a page shows little of: the incremental preview
#: counts what a page's templates read of them, not all of them (`core.incremental.Watched`).
WATCHED: dict[type, str] = {
    TopicsView: "topics",
    SpeakerView: "speaker",
    Publication: "publication",
}


def watched_name(value: Any) -> str | None:
    """The name of a watched record of the site view (None: any other value)."""
    return WATCHED.get(type(value))


def site_nav(
    publication: Publication,
    types: Iterable[ContentType],
    generated: Mapping[str, PlannedPage],
    *,
    topics_title: str,
    feeds_title: str,
    river_title: str,
) -> list[dict[str, str]]:
    """The navigation of a site that declares none: the generated sections the plan holds."""
    sections = [
        ("Archive", ARCHIVE),
        (topics_title, TOPICS_INDEX),
        (feeds_title, SUBSCRIBE),
        (river_title, f"{RIVER_PATH}index.md"),
    ]
    present = [(title, src) for title, src in sections if src in generated]
    return default_nav(publication, types, present)


def site_view(
    site: Any,  # the SitePlan (its features' views)
    publication: Publication | None,
    types: Mapping[str, ContentType],
    authors: Mapping[str, Author],
    *,
    hire_me: Any,  # the hire-me options when the call to action shows, else None
    newsletter: Any,  # the newsletter options when the form is on, else None
    reach: Mapping[str, Any],
) -> dict[str, Any]:
    """What every page's template reads as `soapbox.*`. Built once per build and shared by every
    page, so the incremental preview digests it once. The topics' map of related articles is left
    out (each post's own list is its `related`, see `page_view`): a change in one post's list
    then re-renders the pages that show that post, not every page."""
    topics = site.topics.view if site else None
    return {
        "types": types,
        "authors": authors,
        "hire_me": hire_me,
        "publication": publication,
        "archive_url": url_of(ARCHIVE) if site and ARCHIVE in site.pages else None,
        "topics": dataclasses.replace(topics, related={}) if topics else None,
        "newsletter": newsletter,
        "feed_links": site.feeds.site_links if site else (),  # <link rel="alternate">: every head
        "speaker": site.speaking.view if site else None,
        "around_the_web": site.river.view if site else None,
        "reach": reach,
    }


def page_view(
    site: Mapping[str, Any],
    publication: Publication,
    types: Mapping[str, ContentType],
    generated: Mapping[str, PlannedPage],
    src_uri: str,
    *,
    home_featured: int,
    home_recent: int,
    related: Mapping[str, tuple[Post, ...]] | None = None,
) -> dict[str, Any]:
    """`site` (the site-wide parts every page reads) plus what this page shows: its post with
    its series, neighbours and related articles (`related`: every post's, best first), its
    generated page, the home page's sections."""
    view = dict(site)
    post = publication.posts.get(src_uri)
    if post is not None:
        older, newer = publication.neighbours.get(src_uri, (None, None))
        view.update(
            post=post,
            related=(related or {}).get(src_uri, ()),
            type=types[post.type],
            # A site-relative author `url` to a page the site lacks is kept: the post-build link
            # check names the option (a warning, so `--strict` fails).
            author=site["authors"].get(post.author or ""),
            series=publication.series_of(post),
            older=older,
            newer=newer,
            preview=publication.previews.get(src_uri),
        )
    page = generated.get(src_uri)
    if page is not None:
        view["page"] = page
    if src_uri == HOME:
        written = publication.posts.get(HOME)
        view["home"] = home_view(
            publication,
            types.values(),
            title=written.title if written else page.title if page else "",
            featured=home_featured,
            recent=home_recent,
        )
    return view


def page_meta(
    meta: MutableMapping[str, Any],
    post: Post | None,
    src_uri: str,
    authors: Mapping[str, Author],
    *,
    speaker_template: str | None,
) -> None:
    """The front matter the theme reads for a written page (changed in place): its template and
    what it hides. Material prints page.title and page.meta as trusted HTML (header, tabs,
    <title>, <meta>); front matter is text, so it is handed over escaped, once, here."""
    if src_uri == HOME:
        meta.setdefault("template", "soapbox/home.html")
        meta["hide"] = sorted({*meta.get("hide", []), "navigation", "toc"})
    elif post is not None:
        if post.is_article:
            meta.setdefault("template", "soapbox/post.html")
        meta["hide"] = sorted({*meta.get("hide", []), "navigation"})
        if speaker_template:
            meta.setdefault("template", speaker_template)
            meta["hide"] = sorted({*meta["hide"], "toc"})
    if post is None:
        return
    meta["title"] = html.escape(post.title)
    if post.description:
        meta["description"] = html.escape(post.description)
    author = authors.get(post.author or "")
    if author is not None:
        meta["author"] = html.escape(author.name)


def taken_addresses(
    publication: Publication,
    static_files: Iterable[tuple[str, str]],
    generated: Mapping[str, str],
    display_root: str,
) -> dict[str, str]:
    """Every address a real page or file answers, and who owns it (for alias collisions).
    `static_files` are (dest path, source path) of the author's files that are not pages."""
    taken = {dest: f"{display_root}/{src}" for dest, src in static_files}
    taken.update(generated)
    taken.update({p.url: f"{display_root}/{p.src_uri}" for p in publication.posts.values()})
    return taken


def content_settings(
    options: Any, docs_dir: str, config_path: str | None, extra_fields: frozenset[str]
) -> ContentSettings:
    """The content settings from the plugin's options (authors, content types, timezone ...).
    ValueError names the option to fix."""
    authors = {
        key: Author(key, a.name or key, a.bio, a.url, a.avatar)
        for key, a in options.authors.items()
    }
    default_author = options.default_author
    if default_author is None and len(authors) == 1:
        default_author = next(iter(authors))
    if default_author is not None and default_author not in authors:
        raise ValueError(
            f"default_author '{default_author}' is not one of the authors declared"
            f" under plugins -> soapbox -> authors ({', '.join(authors) or 'none declared'})"
        )
    docs_root = Path(docs_dir)
    config_dir = Path(config_path or ".").parent
    try:
        display_root = docs_root.relative_to(config_dir.resolve()).as_posix()
    except ValueError:
        display_root = docs_root.as_posix()
    return ContentSettings(
        timezone=ZoneInfo(options.content.timezone),
        authors=authors,
        default_author=default_author,
        permalink=options.content.permalink,
        types=_types(options.content.types),
        display_root=display_root,
        extra_fields=extra_fields,
    )


def _types(overrides_option: Mapping[str, Any]) -> tuple[ContentType, ...]:
    types = []
    overrides = dict(overrides_option)
    for content_type in DEFAULT_TYPES:
        override = overrides.pop(content_type.key, None)
        if override:
            changes = {k: v for k in ("label", "plural", "path") if (v := getattr(override, k))}
            if "path" in changes:
                changes["path"] = changes["path"].strip("/") + "/"
            content_type = dataclasses.replace(content_type, **changes)
        types.append(content_type)
    if overrides:
        raise ValueError(
            f"content.types: unknown type '{next(iter(overrides))}'; Soapbox has"
            f" {', '.join(t.key for t in DEFAULT_TYPES)}"
        )
    return tuple(types)


def error_urls(
    problems: Iterable[Problem],
    provisional: Iterable[Post],
    last_urls: Mapping[str, str],
    display_root: str,
) -> list[str]:
    """Under `mkdocs serve`, the address of each file with errors (as in the last good build,
    or as far as it can still be told): the browser that showed that post reloads into the
    errors, and out of them once the file is fixed."""
    root = display_root + "/"
    failing = {p.path.removeprefix(root) for p in problems}
    urls = {last_urls[src] for src in failing if src in last_urls}
    urls.update(p.url for p in provisional if p.src_uri in failing)
    return sorted(urls)
