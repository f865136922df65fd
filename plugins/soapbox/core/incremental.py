"""Incremental preview: a page whose template inputs did not change since the last serve build is
not rendered again; its kept output is printed instead.

A page's *fingerprint* digests everything its template is given (the context: the page's HTML,
toc, meta, title, URL, the nav, the config, Soapbox's view data) with one exception: the site's
posts are large and shared by every page, so a post inside the context counts only by its
identity (its `src_uri`, a *ref*). Which posts a page actually shows is recorded while its
template renders (every post the template reads an attribute of, or gets from an attribute), and
the page is kept with the digest of each of those posts. The next build reuses the kept output
only when the fingerprint is the same *and* every post it showed digests the same. A body edit
therefore renders the edited post and the few pages that show that post (listings, topic pages,
neighbours), not the 1,000 others.

Some shared records are large and change with almost any edit, yet a page shows little of them
(the topics of each post, the speaker's calls to action by post, which posts are previews). Such
a *watched* record counts in the fingerprint only by its name; a page depends on the attributes
its templates read of it, and on the keys it looks up in a map among them (`Watched`). A template
must read a watched record attribute by attribute: one handed whole to a filter written in Python
would not be seen (the templates Soapbox ships never do; `tests/unit/test_incremental.py` checks).

Anything the digest cannot read for sure (an object of an unknown kind, a cycle) makes the page
render as usual: the fast path is only taken when it is provably the same output.

Framework-free: the MkDocs adapter (`mkdocs/incremental.py`) projects MkDocs' objects (pages,
nav, config) onto plain values and wraps the template environment.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from .images import Images
from .images import formats as image_formats
from .links import LinkCheck
from .markup import fix_material_markup
from .page_cache import FORMAT, Entry, Finished, Store
from .render_cache import LogCapture, digest, stable_text
from .version import package_version

#: Dataclass fields that hold the build's clock: left out when no template names them (under
#: `mkdocs serve` without SOURCE_DATE_EPOCH the clock differs in every build).
CLOCK_FIELDS = frozenset({"now"})
#: What a theme's templates are written in (icons and assets are not templates).
TEMPLATE_SUFFIXES = frozenset({".html", ".xml", ".j2", ".jinja", ".jinja2", ".txt"})


_JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def named_in_code(text: str, name: str) -> bool:
    """Whether the templates' code (inside `{{ }}` and `{% %}`) names `name`: prose such as "right
    now" in a template's text does not put the build's clock into every page's fingerprint. A
    string literal that holds the word counts too, which errs on the safe side (nothing kept)."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    return any(word.search(code.group()) for code in _JINJA_CODE.finditer(text))


def names_variable(text: str, name: str) -> bool:
    """Whether the templates' code names `name` as a variable (not only as an attribute, such
    as `nav_item.pages`): MkDocs' list of every page, in every page's context, counts in no
    fingerprint when no template reads it. A string literal that holds the word counts too."""
    word = re.compile(rf"(?<![.\w]){re.escape(name)}\b")
    return any(word.search(code.group()) for code in _JINJA_CODE.finditer(text))


class Unhashable(Exception):
    """A value in a template's context has no digest this module can vouch for."""


Project = Callable[[Any], Any]  # framework object -> plain value (or NotImplemented)
RefOf = Callable[[Any], str | None]  # object -> its identity when it is a shared record (by type)
WatchedOf = Callable[[Any], str | None]  # object -> its name when it is a watched record (by type)
#: object -> (its name, the attributes of it that are watched) when only some are: the object is
#: digested as usual (its projection leaves those attributes out), what a page reads of them is
#: recorded (a nav entry's front matter)
PartsOf = Callable[[Any], tuple[str, frozenset[str]] | None]

#: What a watched record's reads are recorded under (a post's src_uri never starts with NUL).
WATCHED = "\0w\0"
_MISSING = object()
#: A watched map's truthiness (`{% if page.meta %}`): recorded instead of the whole map.
NONEMPTY = object()


def _no_watched(value: Any) -> str | None:
    return None


def _no_parts(value: Any) -> tuple[str, frozenset[str]] | None:
    return None


def watched_ref(name: str, attribute: str, key: Any = _MISSING) -> str:
    """The ref of `attribute` of the watched record `name`, or of one `key` of it (a map): a
    key that is neither text nor a whole number stands for the whole attribute."""
    ref = f"{WATCHED}{name}\0{attribute}"
    if key is NONEMPTY:
        return f"{ref}\0b"
    if type(key) is str:
        return f"{ref}\0s{key}"
    if type(key) is int:
        return f"{ref}\0i{key}"
    return ref


def _watched_target(ref: str) -> tuple[str, str, Any]:
    """(name, attribute, key or _MISSING) of a watched ref."""
    name, attribute, *rest = ref[len(WATCHED) :].split("\0", 2)
    if not rest:
        return name, attribute, _MISSING
    key = rest[0]
    if key == "b":
        return name, attribute, NONEMPTY
    return name, attribute, key[1:] if key[0] == "s" else int(key[1:])


def _text(kind: str, data: str) -> bytes:
    raw = data.encode("utf-8", "surrogatepass")
    return f"{kind}{len(raw)}:".encode() + raw


def _string(value: str) -> bytes:
    return _text("s", value)


def _scalar(value: Any) -> bytes:
    return _text("p", repr(value))


def _moment(value: date | time) -> bytes:
    return _text("d", value.isoformat())


#: A container's parts up to this many bytes stand in its digest as they are; longer, hashed.
SHORT = 96


def _seal(tag: bytes, data: bytes) -> bytes:
    """A container's parts (each self-delimiting) as one self-delimiting part."""
    if len(data) <= SHORT:
        return tag + str(len(data)).encode() + b":" + data
    return tag + b"#" + hashlib.sha256(data).digest()


class Hasher:
    """Digests of template inputs during one build. Containers and records shared by many pages
    are digested once (memo by identity; the objects are kept alive for the build)."""

    def __init__(
        self,
        project: Project,
        ref_of: RefOf,
        *,
        skip_fields: frozenset[str],
        watched_of: WatchedOf = _no_watched,
        parts_of: PartsOf = _no_parts,
    ) -> None:
        self.project = project
        self.ref_of = ref_of
        self.watched_of = watched_of
        self.parts_of = parts_of
        self.watched: dict[str, Any] = {}  # name -> the watched record of this build
        self.skip_fields = skip_fields
        self.memo: dict[int, tuple[Any, bytes]] = {}  # shared by pages: for the whole build
        self._page: dict[int, tuple[Any, bytes]] = {}  # digested for this page
        self._last: dict[int, tuple[Any, bytes]] = {}  # for the page before
        self.refs: dict[str, Any] = {}  # ref -> the record it names in this build
        self.ref_memo: dict[str, str] = {}
        self._open: set[int] = set()
        self._fields: dict[type, list[tuple[str, bytes]]] = {}  # dataclass -> fields digested
        self._texts: dict[tuple[type, tuple[str, ...]], bytes] = {}  # all-text records
        self._kinds: dict[type, Callable[[Any], bytes]] = {}  # type -> how it is digested

    def digest(self, value: Any) -> str:
        return hashlib.sha256(self._bytes(value)).hexdigest()

    def ref_digest(self, ref: str) -> str | None:
        """The full digest of the record behind `ref` (None: not in this build), or of what a
        watched ref names. Raises Unhashable when that holds a value without a digest."""
        if ref not in self.ref_memo:
            if ref.startswith(WATCHED):
                return self._watched_digest(ref)
            record = self.refs.get(ref)
            if record is None:
                return None
            self.ref_memo[ref] = hashlib.sha256(self._record(record)).hexdigest()
        return self.ref_memo[ref]

    def _watched_digest(self, ref: str) -> str | None:
        name, attribute, key = _watched_target(ref)
        record = self.watched.get(name)
        if record is None:  # never digested in this build: its reads cannot be vouched for
            raise Unhashable(f"{name}, which is not in the context")
        value = getattr(record, attribute, _MISSING)
        if key is NONEMPTY:
            value = bool(value) if value is not _MISSING else _MISSING
        elif key is not _MISSING:
            value = value.get(key, _MISSING) if isinstance(value, Mapping) else _MISSING
        data = _text("m", "missing") if value is _MISSING else self._bytes(value)
        self.ref_memo[ref] = found = hashlib.sha256(data).hexdigest()
        return found

    def _bytes(self, value: Any) -> bytes:
        handle = self._kinds.get(type(value))
        if handle is None:
            handle = self._kinds[type(value)] = self._classify(value)
        return handle(value)

    def _classify(self, value: Any) -> Callable[[Any], bytes]:
        """How the values of `value`'s type are digested, decided once per type (a `Project`
        and a `RefOf` decide by type)."""
        if value is None or isinstance(value, (bool, int, float, timedelta, enum.Enum)):
            return _scalar
        if isinstance(value, str):
            return _string
        if isinstance(value, (datetime, date, time)):
            return _moment
        if self.watched_of(value) is not None:
            return self._watched
        if self.ref_of(value) is not None:
            return self._ref
        if self.project(value) is not NotImplemented:
            return self._shared(self._projected, b"o")
        if isinstance(value, Mapping):
            return self._shared(self._mapping, b"{")
        if isinstance(value, list):
            return self._shared(self._sequence, b"[")
        if isinstance(value, tuple):
            return self._shared(self._sequence, b"(")
        if isinstance(value, (set, frozenset)):
            return self._shared(self._set, b"<")
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._shared(self._record, b"t")
        raise Unhashable(f"{type(value).__module__}.{type(value).__qualname__}")

    def _ref(self, value: Any) -> bytes:
        ref = self.ref_of(value)
        if ref is None:
            raise Unhashable(f"a {type(value).__qualname__} without its ref")
        self.refs[ref] = value
        return _text("r", ref)

    def _watched(self, value: Any) -> bytes:
        """A watched record by its name: what a page reads of it counts through its refs."""
        name = self.watched_of(value)
        if name is None:
            raise Unhashable(f"a {type(value).__qualname__} without its name")
        self.watched[name] = value
        return _text("w", f"{type(value).__qualname__}:{name}")

    def _shared(self, body: Callable[[Any], bytes], tag: bytes) -> Callable[[Any], bytes]:
        """A container's or record's digest, once per object for as long as pages share it."""

        def handle(value: Any) -> bytes:
            key = id(value)
            found = self.memo.get(key) or self._page.get(key) or self._last.get(key)
            if found is not None and found[0] is value:
                if key not in self.memo and key in self._last:  # a second page has it: shared
                    self.memo[key] = found
                return found[1]
            if key in self._open:
                raise Unhashable(f"a cycle through {type(value).__qualname__}")
            self._open.add(key)
            try:
                data = _seal(tag, body(value))
            finally:
                self._open.discard(key)
            self._page[key] = (value, data)
            return data

        return handle

    def next_page(self) -> None:
        """A new page: what only the page before last digested is let go (a page's own HTML,
        head and table of contents are not kept alive for the whole build); what two pages in
        a row digested stays for the build (the site-wide view, the nav, the posts)."""
        self._last, self._page = self._page, {}

    def _projected(self, value: Any) -> bytes:
        if (parts := self.parts_of(value)) is not None:
            self.watched[parts[0]] = value  # what a page reads of its watched parts resolves here
        return _text("o", type(value).__qualname__) + self._bytes(self.project(value))

    def _mapping(self, value: Any) -> bytes:
        part = self._bytes
        return b"".join([part(k) + part(v) for k, v in value.items()])

    def _sequence(self, value: Any) -> bytes:
        return b"".join(map(self._bytes, value))

    def _set(self, value: Any) -> bytes:
        return b"".join(sorted(map(self._bytes, value)))

    def _record(self, value: Any) -> bytes:
        """A dataclass by its type and the fields that take part in equality. A record whose
        fields are all text (a head tag, a link) is digested once per build for each distinct
        text: pages build many equal ones."""
        kind = type(value)
        names = self._fields.get(kind)
        if names is None:
            names = self._fields[kind] = [
                (f.name, _text("f", f.name))
                for f in dataclasses.fields(value)
                if f.compare and f.name not in self.skip_fields
            ]
        values = tuple(getattr(value, name) for name, _ in names)
        texts = all(type(v) is str for v in values)
        if texts and (found := self._texts.get((kind, values))) is not None:
            return found
        h = hashlib.sha256(_text("t", kind.__qualname__))
        for (_, label), field_value in zip(names, values, strict=True):
            h.update(label + self._bytes(field_value))
        data = h.digest()
        if texts:
            self._texts[(kind, values)] = data
        return data


#: One page's output as its template printed it, what it was printed from (the fingerprint and
#: the digest of each record the template read, by ref) and, once finished, what the post-page
#: work made of it. The same record the page cache stores.
Kept = Entry


@dataclass
class Pages:
    """The kept outputs across serve builds (keyed by template name and page) and this build's
    counts."""

    kept: dict[str, Kept] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # keys this build looked up
    reused: int = 0
    rendered: int = 0
    reasons: dict[str, int] = field(default_factory=dict)  # why pages could not be kept

    def start(self) -> None:
        """A new build: outputs of pages the last build did not render (a deleted post, a page
        whose URL moved) are dropped, so a long serve session does not keep them."""
        if self.used:
            self.kept = {key: kept for key, kept in self.kept.items() if key in self.used}
        self.used = set()
        self.reused = self.rendered = 0
        self.reasons = {}

    def lookup(self, key: str, fingerprint: str, hasher: Hasher) -> str | None:
        self.used.add(key)
        kept = self.kept.get(key)
        if kept is None or kept.fingerprint != fingerprint:
            return None
        try:
            if any(hasher.ref_digest(ref) != digest for ref, digest in kept.shown.items()):
                return None
        except Unhashable:
            return None
        return kept.output

    def keep(
        self, key: str, fingerprint: str, shown: set[str], output: str, hasher: Hasher
    ) -> None:
        """Keep `output` with the digest of each ref it showed (not when one has no digest)."""
        try:
            digests = {ref: hasher.ref_digest(ref) for ref in sorted(shown)}
        except Unhashable as exc:
            self.kept.pop(key, None)
            self.reasons[f"it shows {exc}"] = self.reasons.get(f"it shows {exc}", 0) + 1
            return
        self.kept[key] = Kept(fingerprint, digests, output)


#: What a value is to the recorder (`Recorder._kind`).
_PLAIN, _RECORD, _LIST, _WATCHED, _PARTS = 0, 1, 2, 3, 4


class Watched(Mapping[Any, Any]):
    """A map read from a watched record, as a template is given it while a page renders: each
    key looked up (`[key]`, `get`, `in`) is recorded as a ref of its own; going through all of
    it (iterating, `items()`, `len`) records the whole attribute."""

    __slots__ = ("_data", "_name", "_attribute", "_shown")

    def __init__(self, data: Mapping[Any, Any], name: str, attribute: str, shown: set[str]) -> None:
        self._data, self._name, self._attribute, self._shown = data, name, attribute, shown

    def _key(self, key: Any) -> None:
        self._shown.add(watched_ref(self._name, self._attribute, key))

    def _whole(self) -> Mapping[Any, Any]:
        self._shown.add(watched_ref(self._name, self._attribute))
        return self._data

    def __getitem__(self, key: Any) -> Any:
        self._key(key)
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._key(key)
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._key(key)
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def __bool__(self) -> bool:
        self._key(NONEMPTY)
        return bool(self._data)

    def keys(self) -> Any:
        return self._whole().keys()

    def items(self) -> Any:
        return self._whole().items()

    def values(self) -> Any:
        return self._whole().values()


class Recorder:
    """The records a template reads while it renders (refs of the records it reads from or gets,
    and of the records in any list an attribute gives it, two levels deep), and the attributes
    it reads of watched records (`Watched`)."""

    def __init__(
        self, ref_of: RefOf, watched_of: WatchedOf = _no_watched, parts_of: PartsOf = _no_parts
    ) -> None:
        self.ref_of = ref_of
        self.watched_of = watched_of
        self.parts_of = parts_of
        self.shown: set[str] | None = None
        self._scanned: dict[int, tuple[Any, frozenset[str]]] = {}
        self._kinds: dict[type, int] = {}  # type -> what its values are (`_kind`)
        self._parts: dict[type, frozenset[str]] = {}  # type -> its watched attributes
        self.whole: Any = None  # digested whole: nothing of it is recorded

    @contextmanager
    def recording(self, whole: Any = None) -> Iterator[set[str]]:
        """Record what a template reads; `whole`: an object digested whole in the page's
        fingerprint (the page itself), whose watched parts need no recording."""
        outer, self.shown = self.shown, set()
        outer_whole, self.whole = self.whole, whole
        try:
            yield self.shown
        finally:
            self.shown, self.whole = outer, outer_whole

    def read(self, obj: Any, value: Any, name: Any = _MISSING) -> Any:
        """`obj.name` or `obj[name]` gave `value`; returns what the template is given (`value`,
        or a map of a watched record as `Watched`). The object read from counts when it is a
        record; what was read counts when it is a record or a list of them (a template loops
        over lists). A mapping read whole is not scanned: a template reads what it shows of it
        by key (through `read` again), so a page that looks up one post's related posts in the
        map of every post's does not show every post."""
        shown = self.shown
        if shown is None:
            return value
        kinds = self._kinds
        kind = kinds.get(type(obj))
        if kind is None:
            kind = self._kind(obj)
        if kind == _RECORD:
            if (ref := self.ref_of(obj)) is not None:
                shown.add(ref)
        elif (
            kind >= _WATCHED and type(name) is str and (record := self._watched_at(obj, kind, name))
        ):
            if isinstance(value, Mapping) and self.ref_of(value) is None:
                return Watched(value, record, name, shown)
            shown.add(watched_ref(record, name))
        kind = kinds.get(type(value))
        if kind is None:
            kind = self._kind(value)
        if kind == _RECORD:
            if (ref := self.ref_of(value)) is not None:
                shown.add(ref)
        elif kind == _LIST:
            shown.update(self._refs_in(value, 2))
        return value

    def _kind(self, value: Any) -> int:
        """What the values of `value`'s type are to the recorder, decided once per type (the
        hooks decide by type)."""
        if self.watched_of(value) is not None:
            kind = _WATCHED
        elif (parts := self.parts_of(value)) is not None:
            kind = _PARTS
            self._parts[type(value)] = parts[1]
        elif self.ref_of(value) is not None:
            kind = _RECORD
        elif isinstance(value, (list, tuple)):
            kind = _LIST
        else:
            kind = _PLAIN
        self._kinds[type(value)] = kind
        return kind

    def _watched_at(self, obj: Any, kind: int, attribute: str) -> str | None:
        """The name `obj`'s `attribute` is recorded under, if it is watched."""
        if kind == _WATCHED:
            return self.watched_of(obj)
        if attribute not in self._parts[type(obj)] or obj is self.whole:
            return None
        parts = self.parts_of(obj)
        return parts[0] if parts is not None else None

    def _refs_in(self, value: Any, depth: int) -> frozenset[str]:
        found = self._scanned.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        refs: set[str] = set()
        for item in value:
            ref = self.ref_of(item)
            if ref is not None:
                refs.add(ref)
            elif depth > 1 and isinstance(item, (list, tuple)):
                refs.update(self._refs_in(item, depth - 1))
        result = frozenset(refs)
        self._scanned[id(value)] = (value, result)
        return result


def _templates(folders: Iterable[str]) -> list[tuple[str, str]]:
    """Every template in the theme's folders (icons and assets left out), as its name relative
    to its folder and its path and text: together the build key's part, and where `Session`
    looks for the names a template could print."""
    parts = []
    for folder in folders:
        found = []
        for where, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d not in {".icons", "assets"}]  # thousands of icons
            found += [Path(where, name) for name in names if Path(name).suffix in TEMPLATE_SUFFIXES]
        for path in sorted(found):
            text = path.read_text(encoding="utf-8", errors="replace")
            parts.append((path.relative_to(folder).as_posix(), f"{path}\n{text}"))
    return parts


Current = Callable[[Any], Any]  # the context's page -> its full plain value (None: not a page)


class Session:
    """The kept page outputs across the builds of one serve session, and one build's state."""

    def __init__(
        self,
        project: Project,
        ref_of: RefOf,
        current: Current,
        watched_of: WatchedOf = _no_watched,
        parts_of: PartsOf = _no_parts,
    ) -> None:
        self.project, self.ref_of, self.current = project, ref_of, current
        self.watched_of, self.parts_of = watched_of, parts_of
        self.pages = Pages()
        self.recorder = Recorder(ref_of, watched_of, parts_of)
        self.hasher: Hasher | None = None
        self.engine = "mkdocs"  # the engine's logger: what a template logs through it
        self.build_key = ""
        self.keep_build_date = True
        self.keep_pages = True  # MkDocs' list of every page (`pages`)
        self.store: Store | None = None  # the page cache on disk (None: kept in memory only)
        self.retain = True  # keep outputs in memory for the next build (serve)
        self.pages_now: dict[str, tuple[str, str]] = {}  # URL -> (key, template) this build
        self.unsaved: list[tuple[str, Kept]] = []  # serve: entries to write after the build
        self.writer: threading.Thread | None = None  # writing the last build's entries

    def begin(
        self,
        folders: Iterable[str],
        *key_parts: str,
        store: Store | None = None,
        retain: bool = True,
        standalone: Iterable[str] = (),
    ) -> None:
        """A new build: templates from `folders`; `key_parts` (the config, the versions, the
        kind of build) are in every key. `store`: the page cache on disk; `retain`: keep each
        page's output in memory for the next build of this process; `standalone`: templates the
        engine renders on their own, never as or into a page (a sitemap)."""
        templates = _templates(folders)
        text = "\n".join(part for _, part in templates)
        clock = frozenset() if named_in_code(text, "now") else CLOCK_FIELDS
        self.hasher = Hasher(
            self.project, self.ref_of, skip_fields=clock, watched_of=self.watched_of,
            parts_of=self.parts_of,
        )  # fmt: skip
        self.recorder = Recorder(self.ref_of, self.watched_of, self.parts_of)
        # MkDocs' clock, in every context
        self.keep_build_date = named_in_code(text, "build_date_utc")
        alone = frozenset(standalone)
        in_pages = "\n".join(part for name, part in templates if name not in alone)
        self.keep_pages = names_variable(in_pages, "pages")
        self.build_key = digest(text, *key_parts)
        self.store, self.retain, self.pages_now = store, retain, {}
        if not retain:
            self.pages.kept = {}
        self.pages.start()

    def end(self) -> None:
        """No build in progress: nothing is kept or replayed until the next `begin`. Under
        serve, the entries this build made are written to disk now, in a thread, while the
        browser reloads (the next build has them in memory; the process waits for the thread
        before it exits)."""
        if self.store is not None and self.unsaved:
            self.writer = threading.Thread(
                target=_write, args=(self.store, self.unsaved, self.writer), name="page-cache"
            )
            self.writer.start()
        self.hasher, self.store, self.pages_now, self.unsaved = None, None, {}, []

    def fingerprint(self, name: str, context: dict[str, Any]) -> str | None:
        page, hasher = self.current(context.get("page")), self.hasher
        if page is None or hasher is None:
            return None
        hasher.next_page()
        if (parts := self.parts_of(context["page"])) is not None:
            hasher.watched[parts[0]] = context["page"]  # digested whole: its reads resolve too
        rest = {k: v for k, v in context.items() if k != "page"}
        if not self.keep_build_date:
            rest.pop("build_date_utc", None)
        if not self.keep_pages:
            rest.pop("pages", None)
        try:
            return digest(self.build_key, name, hasher.digest(rest), hasher.digest(page))
        except Unhashable as exc:
            self.pages.reasons[str(exc)] = self.pages.reasons.get(str(exc), 0) + 1
            return None

    def render(self, template: Any, context: dict[str, Any]) -> str:
        """What `template.render(context)` returns, from the kept output when it is the same."""
        fingerprint, hasher = self.fingerprint(template.name, context), self.hasher
        if fingerprint is None or hasher is None:
            return str(template.render(context))
        url = context["page"].url
        key = f"{template.name}\0{url}"
        self.pages_now[url] = (key, template.name)
        if self.store is not None and key not in self.pages.kept:
            entry = self.store.load(self.store.name(self.build_key, template.name, url))
            if entry is not None:
                self.pages.kept[key] = entry
        kept = self.pages.lookup(key, fingerprint, hasher)
        if kept is not None:
            self.pages.reused += 1
            return kept
        whole = context["page"]
        with self.recorder.recording(whole) as shown, LogCapture(self.engine) as logged:
            output = str(template.render(context))
        self.pages.rendered += 1
        if logged.records:  # a kept page would not say it again (and `--strict` counts it)
            self.pages.reasons["its templates log"] = (
                self.pages.reasons.get("its templates log", 0) + 1
            )
            self.pages.kept.pop(key, None)
            return output
        self.pages.keep(key, fingerprint, shown, output, hasher)
        return output

    def _entry(self, url: str, output: str) -> Kept | None:
        """This build's entry of the page at `url` when `output` is its template's output."""
        key = self.pages_now.get(url)
        entry = self.pages.kept.get(key[0]) if key is not None else None
        if entry is None or (output is not entry.output and output != entry.output):
            return None
        return entry

    def finished(self, url: str, output: str, key: str) -> Finished | None:
        """The kept post-page result of the page at `url`: only when `output` (what the post-page
        work is given) is the page's template output and `key` (what else the work reads) is
        the one it was made with."""
        entry = self._entry(url, output)
        if entry is None or entry.finished is None or entry.finished.key != key:
            return None
        return entry.finished

    def keep_finished(self, url: str, output: str, finished: Finished) -> None:
        """Keep what the post-page work made of `output` with the page's entry (and on disk)."""
        entry = self._entry(url, output)
        if entry is None:
            return
        entry.finished = finished
        if self.store is not None:
            _, template = self.pages_now[url]
            name = self.store.name(self.build_key, template, url)
            if self.retain:  # serve: after the build (`end`)
                self.unsaved.append((name, entry))
            else:
                self.store.save(name, entry)

    def release(self, url: str) -> None:
        """The page is written: outside a serve session its entry need not stay in memory."""
        if not self.retain and (key := self.pages_now.get(url)) is not None:
            self.pages.kept.pop(key[0], None)

    def summary(self) -> list[str]:
        if self.hasher is None:
            return []
        name = "incremental preview" if self.retain else "page cache"
        lines = [f"{name}: {self.pages.reused} pages kept, {self.pages.rendered} rendered again"]
        if self.store is not None:
            written = self.store.written + len(self.unsaved)
            lines[0] += f" ({self.store.loaded} read from disk, {written} written)"
        for reason, count in sorted(self.pages.reasons.items()):
            lines.append(f"{name}: {count} pages not kept: {reason}")
        return lines


def _write(store: Store, entries: list[tuple[str, Kept]], before: threading.Thread | None) -> None:
    """Write a serve build's entries to disk, after the last build's."""
    if before is not None:
        before.join()
    for name, entry in entries:
        store.save(name, entry)


class _KeptTemplate:
    def __init__(self, template: Any, session: Session) -> None:
        self._template, self._session = template, session

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self._session.render(self._template, dict(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def wrap(env: Any, session: Session) -> None:
    """Route a Jinja environment's page templates through `session`: a template asked for by
    name alone (as MkDocs asks for a page's) renders through it; Jinja's own lookups (`extends`,
    `include`, with a parent) are left alone. Every attribute and item a compiled template reads
    goes through `getattr`/`getitem`, where the session records what it shows."""
    get_template, getattr_, getitem = env.get_template, env.getattr, env.getitem
    read = session.recorder.read

    def page_template(name: Any, parent: Any = None, globals: Any = None) -> Any:
        template = get_template(name, parent, globals)
        if parent is not None or globals is not None:
            return template
        return _KeptTemplate(template, session)

    def read_attr(obj: Any, attribute: str) -> Any:
        return read(obj, getattr_(obj, attribute), attribute)

    def read_item(obj: Any, argument: Any) -> Any:
        return read(obj, getitem(obj, argument), argument)

    env.get_template, env.getattr, env.getitem = page_template, read_attr, read_item


#: The code that renders a page's templates and finishes its HTML (filters, icons, Jinja).
VERSIONED = ("soapbox", "mkdocs", "properdocs", "mkdocs-material", "jinja2", "markupsafe", "pillow")
#: Config entries not in the key: plugin instances and hooks (their code and options are in the
#: key otherwise), and paths that do not show in a page.
UNKEYED = frozenset({"plugins", "hooks", "theme", "site_dir", "config_file_path"})


def build_facts(
    command: str,
    config_text: str,
    config: Mapping[str, Any],
    theme: Mapping[str, Any],
    site_url: Any,
    docs_dir: Any,
) -> list[str]:
    """What every page's output depends on besides its context and its templates' text: the
    config file's text and the config as the plugins left it (without UNKEYED), the kind of
    build, the versions of the code that renders, and Soapbox's own code (its template filters).
    Raises UnstableConfig when the config holds an object without a stable text."""
    values = {k: v for k, v in config.items() if k not in UNKEYED}
    return [
        str(FORMAT),
        command,
        config_text,
        stable_text(values),
        stable_text(theme),
        str(site_url),
        str(docs_dir),
        *(f"{name}={package_version(name, missing='')}" for name in VERSIONED),
        _own_code(),
    ]


@functools.cache
def _own_code() -> str:
    root = Path(__file__).resolve().parents[1]
    return digest(*(f"{p.relative_to(root)}\n{p.read_text()}" for p in sorted(root.rglob("*.py"))))


def finish_output(
    session: Session, output: str, url: str, name: str, images: Images, links: LinkCheck
) -> str:
    """Soapbox's post-page work on `output` (the link scan, responsive images, Material's
    markup fixes) for the page at `url` (`name`: how problems name it), or its kept result
    when `output` is the page's kept template output and the link targets, the image formats
    and every image it resolved are the same."""
    key = digest(links.signature, ",".join(image_formats()), name)
    kept = session.finished(url, output, key)
    if kept is not None and images.replay(kept.images):
        links.add(kept.links, name)
        session.release(url)
        return kept.output
    found = links.scan(output, url, name)
    finished = fix_material_markup(images.page(output, url))  # WebP/AVIF, eager, lazy
    session.keep_finished(url, output, Finished(key, finished, found, images.resolved))
    session.release(url)
    return finished
