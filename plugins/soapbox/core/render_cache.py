"""The render cache: converted Markdown (HTML, table of contents, anchors, warnings) kept on disk.

Converting Markdown is the largest single cost of a warm build. An entry is found by a *key* that
hashes everything known before the conversion (the page's final Markdown, its source path and
URL, the Markdown extension configuration, the link-validation settings and the versions of the
code that converts). Link targets are only known during the conversion, so each entry also lists
every lookup the conversion made in the site's file list and what it found (`lookups`): the entry
is used only when every lookup finds the same thing again. A renamed or removed target, or a new
file where a link used to break, therefore re-renders the page.

Framework-free: the MkDocs adapter (`mkdocs/render_cache.py`) turns pages into these records.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from .files import atomic_write, prune_unused
from .version import package_version

#: Bump when the stored record or the way it is restored changes: old entries are then ignored.
FORMAT = 2

#: An entry no build has used is removed once it is this old.
PRUNE_AFTER_DAYS = 7.0

#: What one file-list lookup found: (src_uri, url, excluded), or None for "no such file".
Found = tuple[str, str, bool] | None


#: Extensions that put other files' text into a page: what they read is not in the key.
READS_FILES = frozenset({"pymdownx.snippets", "markdown_include.include", "mdx_include"})
VERSIONED = (
    "soapbox",
    "mkdocs",
    "properdocs",
    "markdown",
    "pymdown-extensions",
    "mkdocs-material",
    "pygments",
)  # the code that turns Markdown into HTML (Material's and pymdownx' extensions, highlighting)


class UnstableConfig(ValueError):
    """The Markdown configuration holds a value whose text changes from run to run (an object
    printed with its memory address): it cannot be part of a key, so the cache stays off."""


def stable_text(value: Any) -> str:
    """A text for `value` that is the same in every run for the same configuration: JSON with
    sorted keys; functions and classes by their qualified name; other objects by type and repr.
    Raises UnstableConfig for a repr that carries a memory address."""

    def default(obj: Any) -> Any:
        if isinstance(obj, (set, frozenset)):
            return sorted(stable_text(item) for item in obj)
        if isinstance(obj, tuple):
            return list(obj)
        name = getattr(obj, "__qualname__", None)
        module = getattr(obj, "__module__", None)
        if callable(obj) and name and module and "<" not in name:
            return f"{module}.{name}"
        text = repr(obj)
        if " at 0x" in text or "<lambda>" in text:
            raise UnstableConfig(f"{type(obj).__module__}.{type(obj).__qualname__}: {text}")
        return f"{type(obj).__module__}.{type(obj).__qualname__}:{text}"

    return json.dumps(value, sort_keys=True, default=default, ensure_ascii=False)


def digest(*parts: str) -> str:
    """sha256 of the parts, each length-prefixed so that no two lists of parts collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(f"{len(data)}:".encode())
        h.update(data)
    return h.hexdigest()


def off_reason(extensions: list[Any]) -> str:
    """Why pages converted with these Markdown extensions cannot be keyed ("": they can)."""
    if any(not isinstance(ext, str) for ext in extensions):
        # An Extension instance a plugin put there has no text that names its options.
        return "a Markdown extension is configured as an object"
    reads = sorted(READS_FILES.intersection(extensions))
    if reads:
        return f"the Markdown extension {reads[0]} includes other files"
    return ""


def build_key(extensions: list[Any], mdx_configs: Any, settings: list[Any]) -> str:
    """The part of the key every page of a build shares: the extensions and their options,
    `settings` (link validation, URL style, log levels), the versions of the converting code.
    Raises UnstableConfig when the configuration holds an object without a stable text."""
    return digest(
        str(FORMAT),
        stable_text(list(extensions)),
        stable_text(mdx_configs or {}),
        stable_text(settings),
        *(f"{name}={package_version(name, missing='')}" for name in VERSIONED),
    )


@dataclass
class TocEntry:
    title: str  # HTML, as the toc extension gives it
    id: str
    level: int
    children: list[TocEntry] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TocEntry:
        return cls(
            data["title"],
            data["id"],
            data["level"],
            [cls.from_dict(child) for child in data["children"]],
        )

    def to_dict(self) -> dict[str, Any]:
        """What `dataclasses.asdict` gives, without its deep copy of every value."""
        children = [child.to_dict() for child in self.children]
        return {"title": self.title, "id": self.id, "level": self.level, "children": children}


@dataclass
class LogLine:
    logger: str
    level: int
    message: str


@dataclass
class Rendered:
    """Everything a conversion produced that the rest of the build reads."""

    html: str
    title: str | None  # the first-heading title the conversion found
    toc: list[TocEntry]
    anchors: list[str]  # ids present on the page (sorted)
    links_to_anchors: list[tuple[str, str, str]]  # (target src_uri, anchor, link as written)
    has_links: bool  # whether the engine set links_to_anchors at all (MkDocs: not when debugging)
    lookups: list[tuple[str, Found]]  # every file-list lookup, in order, and what it found
    logs: list[LogLine]  # what the conversion logged, replayed on a hit

    def to_json(self) -> str:
        """The entry as stored: the fields in order, as `dataclasses.asdict` gives them (which
        deep-copies every value first: most of the time of a cold build's writes)."""
        data = {
            "format": FORMAT,
            "html": self.html,
            "title": self.title,
            "toc": [entry.to_dict() for entry in self.toc],
            "anchors": self.anchors,
            "links_to_anchors": self.links_to_anchors,
            "has_links": self.has_links,
            "lookups": self.lookups,
            "logs": [
                {"logger": x.logger, "level": x.level, "message": x.message} for x in self.logs
            ],
        }
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Rendered | None:
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return None
            return cls(
                html=data["html"],
                title=data["title"],
                toc=[TocEntry.from_dict(entry) for entry in data["toc"]],
                anchors=list(data["anchors"]),
                links_to_anchors=[(a, b, c) for a, b, c in data["links_to_anchors"]],
                has_links=bool(data["has_links"]),
                lookups=[
                    (path, None if found is None else (found[0], found[1], bool(found[2])))
                    for path, found in data["lookups"]
                ],
                logs=[LogLine(**line) for line in data["logs"]],
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # a damaged entry is a miss, never an error


class Store:
    """One JSON file per key under `folder`; writes are atomic (temp file + rename), so a build
    that is interrupted, or two builds at once, never leave half an entry.

    `recent`: the entries the build before used, by key, kept in memory (under `mkdocs serve`,
    whose next build asks for almost all of them again); a key found there is not read from disk
    again. None: nothing is kept in memory (a plain build has no next build)."""

    def __init__(self, folder: Path, recent: dict[str, Rendered] | None = None) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self._folders: set[str] = set()  # the entry folders known to be there
        self.recent = recent
        #: This build's entries, for the next build's `recent` (None: not kept).
        self.now: dict[str, Rendered] | None = None if recent is None else {}

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key[2:]}.json"

    def get(self, key: str) -> Rendered | None:
        self.used.add(key)
        if self.recent is not None and (found := self.recent.get(key)) is not None:
            self._keep(key, found)
            return found
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        rendered = Rendered.from_json(text)
        if rendered is not None:
            self._keep(key, rendered)
        return rendered

    def _keep(self, key: str, rendered: Rendered) -> None:
        if self.now is not None:
            self.now[key] = rendered

    def put(self, key: str, rendered: Rendered) -> None:
        self.used.add(key)
        self._keep(key, rendered)
        path = self._path(key)
        try:
            if path.parent.name not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent.name)
            atomic_write(path, rendered.to_json().encode("utf-8"), prefix=".")
        except OSError:
            pass  # a full or read-only disk only costs the next build its speed

    def prune(self, *, now: float, keep_days: float = PRUNE_AFTER_DAYS) -> int:
        """Remove the entries this build did not use that were written more than `keep_days`
        ago (edited pages leave their old entry behind); returns how many. Entries of another
        kind of build (`-q`, `-v` and `mkdocs serve` keep their own where logging differs) live
        on for a while, so switching between them does not convert every page each time. Call
        only after a build that rendered every page."""
        return prune_unused(self.folder, self.used, suffix=".json", now=now, keep_days=keep_days)


def finish(store: Store, *, dirty: bool, now: float) -> str:
    """After a build: old entries leave the disk (not after `--dirty`, which skipped pages);
    returns the log line that says what the cache did."""
    removed = 0 if dirty else store.prune(now=now)
    return (
        f"render cache: {store.hits} pages reused, {store.misses} converted,"
        f" {removed} old entries removed"
    )


def lookups_hold(lookups: Iterable[tuple[str, Found]], find: Any) -> bool:
    """Whether every recorded lookup finds the same thing now (`find(path) -> Found`)."""
    return all(find(path) == found for path, found in lookups)


@functools.lru_cache(maxsize=1 << 16)
def posix_path(path: str) -> str:
    """`path` as MkDocs' file list keys its files (`PurePath(path).as_posix()`), worked out once
    per text: the pages of a site link to the same few thousand paths."""
    return PurePath(path).as_posix()


# -- what the adapter needs around `Page.render` (duck-typed: no MkDocs import) --


class RecordingFiles:
    """The site's file list as `Page.render` uses it, noting every lookup and its answer."""

    def __init__(self, files: Any, found: Callable[[Any], Found]) -> None:
        self._files, self._found = files, found
        self.lookups: list[tuple[str, Found]] = []

    def get_file_from_path(self, path: str) -> Any:
        file = self._files.get_file_from_path(path)
        self.lookups.append((path, self._found(file)))
        return file

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


class LogCapture(logging.Handler):
    """Collects what is logged while one page converts. The engine's logger does not propagate to
    the root logger, so the handler sits on both; a record seen twice is kept once."""

    def __init__(self, engine: str) -> None:
        super().__init__(level=logging.NOTSET)
        self.records: list[logging.LogRecord] = []
        self.loggers = [logging.getLogger(engine), logging.getLogger()]
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread != self.thread:
            return  # another thread's line (a worker's progress) is not this page's
        if not any(seen is record for seen in self.records):
            self.records.append(record)

    @property
    def lines(self) -> list[LogLine]:
        return [LogLine(r.name, r.levelno, r.getMessage()) for r in self.records]

    def __enter__(self) -> LogCapture:
        for logger in self.loggers:
            logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for logger in self.loggers:
            logger.removeHandler(self)


def record(page: Any, lookups: list[tuple[str, Found]], logs: list[LogLine]) -> Rendered:
    """The record of a page `Page.render` has just converted (an MkDocs page, read by name)."""
    links = [
        (target.src_uri, anchor, written)
        for target, anchors in (page.links_to_anchors or {}).items()
        for anchor, written in anchors.items()
    ]
    return Rendered(
        html=page.content or "",
        title=page._title_from_render,
        toc=[toc_entry(link) for link in page.toc],
        anchors=sorted(page.present_anchor_ids or ()),
        links_to_anchors=links,
        has_links=page.links_to_anchors is not None,
        lookups=lookups,
        logs=logs,
    )


def toc_entry(link: Any) -> TocEntry:
    return TocEntry(link.title, link.id, link.level, [toc_entry(c) for c in link.children])


def toc_token(entry: TocEntry) -> dict[str, Any]:
    return {
        "name": entry.title,
        "id": entry.id,
        "level": entry.level,
        "children": [toc_token(child) for child in entry.children],
    }
