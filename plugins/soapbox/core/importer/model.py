"""The importer's records: what every reader produces and what the writer reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class ImportFailed(Exception):
    """The input cannot be imported at all (malformed XML, a web page instead of a feed ...).
    The message names the file or URL and says what to do; nothing has been written."""


@dataclass(frozen=True, slots=True)
class Comment:
    """One approved reader comment, as plain text (never an e-mail address)."""

    key: str  # the source's id, for replies
    parent: str  # "" for a top-level comment
    author: str
    date: datetime | None
    text: str  # plain text, paragraphs separated by blank lines


@dataclass(frozen=True, slots=True)
class ImportedPost:
    """One post or page read from a foreign source, before it becomes a file."""

    import_id: str  # stable source id: "wordpress:old.example:42", "feed:<guid>", "folder:<path>"
    label: str  # how messages name it: "post 42 'Hello world'"
    title: str
    date: datetime | None
    body: str  # Markdown
    type_key: str | None = None  # None: the writer's default type
    slug: str = ""
    updated: datetime | None = None
    topics: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # for --map-category; also in topics
    description: str = ""
    draft: bool = False
    featured: bool = False  # WordPress "sticky": kept at the top there, featured here
    author: str = ""  # the source's author name or login
    image_url: str = ""  # featured image (absolute URL) to download
    image_alt: str = ""
    aliases: tuple[str, ...] = ()  # old site-relative paths
    comments: tuple[Comment, ...] = ()
    flags: tuple[str, ...] = ()  # things the author must look at (unconverted shortcodes ...)


@dataclass(frozen=True, slots=True)
class Skipped:
    label: str
    reason: str


@dataclass
class ReadResult:
    """A reader's output: posts, items left out with the reason, and survivable problems."""

    posts: list[ImportedPost] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    site_url: str = ""  # the old site's address, when the source says it
