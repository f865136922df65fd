"""Topic planning from the publication: the topic graph of the published articles, related
reading, the generated topic pages (the index and one paginated listing per topic in use) and
`topics.json`. Framework-free: the engine adapter turns the options into a `Vocabulary` and adds
the planned pages and the JSON as files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from urllib.parse import urljoin

from .content import Post
from .kept import Kept, Shelf
from .plan import PageKind, PlannedPage
from .problems import Problem
from .publication import Publication, paginate
from .related import Document, body_of, related, text_of
from .topics import (
    TOPICS_PATH,
    IndexEntry,
    Topic,
    TopicGraph,
    Vocabulary,
    build_graph,
    build_vocabulary,
    suggest_topics,
    title_from_slug,
)

INDEX = f"{TOPICS_PATH}index.md"


def vocabulary_from(options: Any, config_file: str) -> tuple[Vocabulary, list[Problem]]:
    """The declared vocabulary of the `topics:` options (whitespace normalised), checked."""
    topics = [
        Topic(
            slug=str(key),
            title=" ".join((entry.title or title_from_slug(str(key))).split()),
            description=" ".join(entry.description.split()),
            parent=entry.parent,
            synonyms=tuple(" ".join(s.split()) for s in entry.synonyms),
            plurals=entry.plurals,
        )
        for key, entry in options.vocabulary.items()
    ]
    return build_vocabulary(topics, strict=options.strict, config_file=config_file)


@dataclass(frozen=True)
class TopicSettings:
    """The topic options that decide the plan (the engine's config classes hold them)."""

    title: str
    description: str
    related: int  # related articles per post; 0 turns them off
    suggest: bool  # name the topics an untagged article's text matches
    page_size: int


@dataclass(frozen=True)
class TopicsView:
    """What templates read as `soapbox.topics`."""

    graph: TopicGraph
    index_url: str | None  # None when no topic has an article
    index_title: str
    of_post: Mapping[str, tuple[Topic, ...]]  # src_uri -> its topics that have a page
    related: Mapping[str, tuple[Post, ...]]  # src_uri -> related articles, best first


@dataclass
class Topics:
    """The result of planning topics for one build."""

    view: TopicsView | None = None
    pages: dict[str, PlannedPage] = field(default_factory=dict)  # src_uri -> page
    problems: list[Problem] = field(default_factory=list)
    json: str = ""


def plan_topics(
    options: TopicSettings,
    vocabulary: Vocabulary,
    publication: Publication,
    *,
    display_root: str,
    site_url: str,
    read_source: Callable[[Post], str],
    shelf: Shelf | None = None,  # where related articles are kept between builds
) -> Topics:
    """The topics of one build. `read_source` gives a post's file text when the post does not
    carry the front matter it was read from (it normally does: the file is not read again)."""
    problems: list[Problem] = []
    articles = publication.articles
    graph, found = build_graph(vocabulary, articles, display_root=display_root)
    problems += found

    bodies: dict[str, str] = {}
    untagged = [p for p in articles if not p.topics]
    wanted = articles if options.related else (untagged if options.suggest else [])
    _TEXTS.new_round()
    for post in wanted:
        bodies[post.src_uri] = _text(post, read_source)
    if options.suggest:
        problems += suggest_topics(
            ((p, bodies.get(p.src_uri, "")) for p in untagged),
            vocabulary,
            display_root=display_root,
        )

    by_key = {p.src_uri: p for p in articles}
    documents = [
        Document(
            key=post.src_uri,
            title=post.title,
            description=post.description,
            body=bodies.get(post.src_uri, post.summary),
            topics=tuple(t.slug for t in graph.of_post.get(post.src_uri, ())),
            broader=tuple(
                {
                    a.slug: None
                    for t in graph.of_post.get(post.src_uri, ())
                    for a in graph.ancestors(t.slug)
                }
            ),
        )
        for post in articles
    ]
    ranked = related(documents, limit=options.related, shelf=shelf)
    related_posts = {key: tuple(by_key[k] for k in keys) for key, keys in ranked.items()}

    pages = _pages(graph, options, options.page_size)
    view = TopicsView(
        graph=graph,
        index_url=TOPICS_PATH if INDEX in pages else None,
        index_title=options.title,
        of_post={
            k: tuple(t for t in v if graph.articles.get(t.slug)) for k, v in graph.of_post.items()
        },
        related=related_posts,
    )
    return Topics(view, pages, problems, topics_json(graph, site_url))


def _text(post: Post, read_source: Callable[[Post], str]) -> str:
    """A post's words for suggestions and related reading, from the body read with the post."""
    if post.source is not None:
        body = post.source.body
        return _TEXTS.value(body, lambda: text_of(body))
    return body_of(read_source(post))


_TEXTS: Kept[str, str] = Kept()  # a body's words, kept across `mkdocs serve` rebuilds


def _pages(graph: TopicGraph, options: TopicSettings, page_size: int) -> dict[str, PlannedPage]:
    in_use = graph.in_use()
    if not in_use:
        return {}
    pages: dict[str, PlannedPage] = {
        INDEX: PlannedPage(
            PageKind.TOPICS, options.title, options.description, data={"sections": graph.index()}
        )
    }

    def entries(slugs) -> tuple[IndexEntry, ...]:
        return tuple(IndexEntry(graph.topics[s], graph.count(s), 1) for s in slugs)

    for topic in in_use:
        count = graph.count(topic.slug)
        description = topic.description or (
            f"{count} {'article' if count == 1 else 'articles'} on {topic.title.lower()}."
        )
        for listing in paginate(list(graph.articles[topic.slug]), page_size, topic.url):
            title = topic.title if listing.number == 1 else f"{topic.title} – page {listing.number}"
            pages[listing.src_uri] = PlannedPage(
                PageKind.TOPIC,
                title,
                description,
                listing=listing,
                data={
                    "topic": topic,
                    "count": count,
                    "ancestors": tuple(reversed(graph.ancestors(topic.slug))),  # broadest first
                    "children": entries(graph.children.get(topic.slug, ())),
                    "related": entries(graph.related.get(topic.slug, ())),
                },
            )
    return pages


def topics_json(graph: TopicGraph, site_url: str) -> str:
    """Every topic with a page: slug, title, url, description, parent, synonyms and its posts
    (url, title, date; newest first). URLs are absolute when `site_url` is set. The text is
    `json.dumps(..., indent=2)` of the whole; each topic's part is kept under `mkdocs serve` by
    everything it prints (an edit changes the parts of the edited post's topics only)."""
    _CHUNKS.new_round()
    dates: dict[str, str | None] = {}  # a date's text: one instant in two offsets prints twice

    def post_key(post: Post) -> tuple[str, str, str | None]:
        if post.src_uri not in dates:
            dates[post.src_uri] = post.date.isoformat() if post.date else None
        return post.url, post.title, dates[post.src_uri]

    urls: dict[str, str] = {}  # an article is listed under each of its topics: joined once

    def entry(post: Post) -> dict[str, Any]:
        if post.src_uri not in urls:
            urls[post.src_uri] = urljoin(site_url, post.url) if site_url else post.url
        return {"url": urls[post.src_uri], "title": post.title, "date": dates[post.src_uri]}

    chunks = []
    for topic in graph.in_use():
        posts = graph.articles[topic.slug]
        has_parent = bool(topic.parent and graph.articles.get(topic.parent))
        key = (site_url, topic, has_parent, tuple(map(post_key, posts)))
        chunks.append(
            _CHUNKS.value(key, partial(_topic_json, topic, has_parent, posts, entry, site_url))
        )
    if not chunks:
        return '{\n  "version": 1,\n  "topics": []\n}\n'
    # What indent=2 prints for an item of a list two levels deep: its own lines, indented by 4.
    # (JSON strings never hold a raw newline: only the layout's newlines are replaced.)
    items = ",\n    ".join(chunk.replace("\n", "\n    ") for chunk in chunks)
    return '{\n  "version": 1,\n  "topics": [\n    ' + items + "\n  ]\n}\n"


#: Under `mkdocs serve`: each topic's part of topics.json, by everything it prints.
_CHUNKS: Kept[tuple, str] = Kept()


def _topic_json(
    topic: Topic,
    has_parent: bool,
    posts: tuple[Post, ...],
    entry: Callable[[Post], dict[str, Any]],
    site_url: str,
) -> str:
    data = {
        "slug": topic.slug,
        "title": topic.title,
        "url": urljoin(site_url, topic.url) if site_url else topic.url,
        "description": topic.description,
        "parent": topic.parent if has_parent else None,
        "synonyms": list(topic.synonyms),
        "count": len(posts),
        "posts": [entry(p) for p in posts],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
