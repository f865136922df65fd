"""The page cache: each page's kept output (see `incremental`) on disk, so that a warm `mkdocs
build`, and a new `mkdocs serve`, print the pages whose inputs did not change without rendering
the theme or running Soapbox's post-page work again.

An entry holds what `incremental.Kept` holds (the fingerprint of the template's context, the
digest of each post the template showed, the template's output) and, once the page is finished,
what Soapbox's post-page work made of that output (`Finished`: the finished HTML, the configured
links it prints, the images it resolved). The file of an entry is named by the digest of the
build key (templates, config, versions, the kind of build), the template and the page's URL, so
`mkdocs build` and `mkdocs serve` keep their own entries. Every digest in an entry is of plain
values (no `id()`, no `hash()`), so it means the same in every process.

Framework-free: the adapters (`mkdocs/incremental.py`) decide the key and replay the findings.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import atomic_write, prune_unused
from .render_cache import PRUNE_AFTER_DAYS, digest

#: Bump when the stored record changes: old entries are then ignored (and pruned in time).
FORMAT = 2
SUFFIX = ".page"


@dataclass
class Finished:
    """What Soapbox's post-page work made of a page's template output."""

    key: str  # digest of what the work reads besides the output (link targets, image formats)
    output: str  # the finished HTML
    links: list[str]  # configured link targets the page prints, in the order found
    images: list[Any]  # (src, folder, what it resolved to) of each local image, in order


@dataclass
class Entry:
    """One page's kept output as stored: `incremental.Kept` and its `Finished`."""

    fingerprint: str
    shown: dict[str, str | None]
    output: str
    finished: Finished | None = None

    def to_bytes(self) -> bytes:
        """The entry as stored: its small values as a JSON header, then the template output and
        the finished HTML as they are (JSON would escape every quote of two whole pages), all
        compressed."""
        texts = [self.output]
        finished = None
        if self.finished is not None:
            f = self.finished
            finished = {"key": f.key, "links": f.links, "images": f.images}
            texts.append(f.output)
        raw = [text.encode("utf-8", "surrogatepass") for text in texts]
        head = {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "shown": self.shown,
            "finished": finished,
            "sizes": [len(part) for part in raw],
        }
        header = json.dumps(head, ensure_ascii=False).encode("utf-8", "surrogatepass")
        return zlib.compress(b"".join([b"%d\n" % len(header), header, *raw]), 1)

    @classmethod
    def from_bytes(cls, raw: bytes) -> Entry | None:
        try:
            data = zlib.decompress(raw)
            length, _, rest = data.partition(b"\n")
            start = int(length)
            head = json.loads(rest[:start].decode("utf-8", "surrogatepass"))
            if not isinstance(head, dict) or head.get("format") != FORMAT:
                return None
            texts = []
            for size in head["sizes"]:
                if type(size) is not int or start + size > len(rest):
                    return None
                texts.append(rest[start : start + size].decode("utf-8", "surrogatepass"))
                start += size
            f = head["finished"]
            if start != len(rest) or len(texts) != (1 if f is None else 2):
                return None
            finished = (
                None
                if f is None
                else Finished(str(f["key"]), texts[1], list(f["links"]), list(f["images"]))
            )
            shown = {str(k): (None if v is None else str(v)) for k, v in head["shown"].items()}
            return cls(str(head["fingerprint"]), shown, texts[0], finished)
        except (ValueError, KeyError, TypeError, AttributeError, zlib.error):
            return None  # a damaged entry is a miss, never an error


@dataclass
class Store:
    """One compressed JSON file per page under `folder`; writes are atomic."""

    folder: Path
    used: set[str] = field(default_factory=set)  # file names this build read or wrote
    loaded: int = 0
    written: int = 0
    folders: set[str] = field(default_factory=set)  # entry folders known to be there

    def name(self, build_key: str, template: str, url: str) -> str:
        return digest(build_key, template, url)

    def _path(self, name: str) -> Path:
        return self.folder / name[:2] / f"{name[2:]}{SUFFIX}"

    def load(self, name: str) -> Entry | None:
        self.used.add(name)
        try:
            raw = self._path(name).read_bytes()
        except OSError:
            return None
        entry = Entry.from_bytes(raw)
        self.loaded += entry is not None
        return entry

    def save(self, name: str, entry: Entry) -> None:
        self.used.add(name)
        path = self._path(name)
        try:
            if name[:2] not in self.folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.folders.add(name[:2])
            atomic_write(path, entry.to_bytes())
            self.written += 1
        except OSError:
            pass  # a full or read-only disk only costs the next build its speed

    def prune(self, *, now: float, keep_days: float = PRUNE_AFTER_DAYS) -> int:
        """Remove the entries no build used for `keep_days` (a deleted post, a moved page, the
        entries of a build key no longer in use); returns how many. Call only after a build that
        rendered every page."""
        return prune_unused(self.folder, self.used, suffix=SUFFIX, now=now, keep_days=keep_days)
