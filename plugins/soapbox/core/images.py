"""Responsive images: smaller WebP (and AVIF, where Pillow writes it) copies of every local image a
page shows, and `<img>` tags that offer them.

Framework-free. `Variants.of(path)` makes (or finds in the cache) the copies of one image at a few
widths no larger than the original; `rewrite(html, ...)` turns each local `<img>` of a finished page
into a `<picture>` with an AVIF and a WebP `srcset`, gives it its real `width`/`height` when the
template did not, and makes the first image of the page eager with `fetchpriority="high"` (it is
most likely the largest paint) and every other one lazy. The original file stays the `src`, so
feed readers, old browsers and the social cards keep working.

A copy that is not smaller than the original file is not offered (flat illustrations are often
smaller as PNG). Copies are cached by the image's content (`<cache>/<sha256>-<width>.<format>`),
so an unchanged image is encoded once, not on every build.
"""

from __future__ import annotations

import functools
import hashlib
import html
import posixpath
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from PIL import Image, features

CACHE = ".cache/soapbox/images"  # relative to the configuration file's folder

WIDTHS = (480, 960, 1440)  # phones, tablets and 2x phones, wide screens
QUALITY = {"webp": 80, "avif": 55}
RASTER = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})
MIME = {"avif": "image/avif", "webp": "image/webp"}
VERSION = "1"  # part of every cache key: bump when the encoding settings change


def formats() -> tuple[str, ...]:
    """AVIF first when this Pillow can write it, then WebP."""
    return (("avif",) if features.check("avif") else ()) + ("webp",)


@dataclass(frozen=True, slots=True)
class Variant:
    width: int
    height: int
    format: str  # "avif" | "webp"
    path: Path  # in the cache


@dataclass(frozen=True, slots=True)
class Variants:
    width: int  # the original's
    height: int
    variants: tuple[Variant, ...]

    @classmethod
    def of(cls, source: Path, cache: Path, widths: tuple[int, ...] = WIDTHS) -> Variants:
        """The copies of `source`, made into `cache` unless they are there already."""
        data = source.read_bytes()
        digest = hashlib.sha256(data + VERSION.encode()).hexdigest()[:20]
        with Image.open(source) as image:
            width, height = image.size
            animated = getattr(image, "is_animated", False)
            targets = sorted({w for w in widths if w < width} | {width})
            made: list[Variant] = []
            if animated:  # an animated GIF keeps its one file
                return cls(width, height, ())
            cache.mkdir(parents=True, exist_ok=True)
            for fmt in formats():
                for target in targets:
                    tall = max(1, round(height * target / width))
                    path = cache / f"{digest}-{target}.{fmt}"
                    if not path.exists():
                        copy = image.convert("RGBA" if _has_alpha(image) else "RGB")
                        if target != width:
                            copy = copy.resize((target, tall), Image.Resampling.LANCZOS)
                        partial = path.with_suffix(f".{fmt}.part")
                        copy.save(partial, format=fmt.upper(), quality=QUALITY[fmt])
                        partial.replace(path)  # never a half-written file under the final name
                    made.append(Variant(target, tall, fmt, path))
        # A copy no smaller than the original file is never offered: flat illustrations are often
        # smaller as PNG than as WebP or AVIF.
        smaller = tuple(v for v in made if v.path.stat().st_size < len(data))
        return cls(width, height, smaller)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


# -- pages ----------------------------------------------------------------------------------------

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = [(name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


@functools.lru_cache(maxsize=1 << 14)
def _attributes(tag: str) -> tuple[tuple[str, str], ...]:
    """The attributes of one `<img>` tag, in order; parsed once per process for each text (a
    listing prints the same tags as the article, and every serve build prints them again)."""
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return tuple(parser.attrs)


def _tag(name: str, attrs: list[tuple[str, str]]) -> str:
    written = "".join(f' {key}="{html.escape(value, quote=True)}"' for key, value in attrs)
    return f"<{name}{written}>"


def rewrite(
    html_text: str, resolve: Callable[[str], tuple[Variants, Callable[[Variant], str]] | None]
) -> str:
    """Every `<img>` of a page made responsive. `resolve(src)` returns the image's variants and a
    function giving each variant's URL relative to the page, or None for an image that is not
    local (it is only made lazy or eager). The first image is eager with `fetchpriority="high"`,
    the others lazy; an image already inside a `<picture>` keeps its sources."""
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        attrs = dict(_attributes(match.group(0)))
        if not attrs.get("src"):
            return match.group(0)
        before = html_text[max(0, match.start() - 200) : match.start()]
        in_picture = before.rfind("<picture") > before.rfind("</picture>")
        found = None if in_picture else resolve(attrs["src"])
        if count == 1:
            attrs["loading"] = "eager"
            attrs["fetchpriority"] = "high"
        else:
            attrs["loading"] = "lazy"
            attrs.pop("fetchpriority", None)
        attrs.setdefault("decoding", "async")
        if found is None:
            return _tag("img", list(attrs.items()))
        variants, url_of = found
        if not attrs.get("width") or not attrs.get("height"):
            attrs["width"], attrs["height"] = str(variants.width), str(variants.height)
        shown = int(attrs["width"]) if attrs["width"].isdigit() else variants.width
        sizes = f"(max-width: {shown}px) 100vw, {shown}px"
        sources = []
        for fmt in formats():
            of_format = [v for v in variants.variants if v.format == fmt]
            if of_format:
                srcset = ", ".join(f"{url_of(v)} {v.width}w" for v in of_format)
                sources.append(
                    _tag("source", [("type", MIME[fmt]), ("srcset", srcset), ("sizes", sizes)])
                )
        if not sources:
            return _tag("img", list(attrs.items()))
        return "<picture>" + "".join(sources) + _tag("img", list(attrs.items())) + "</picture>"

    return _IMG.sub(replace, html_text)


FOLDER = "assets/images"  # where the copies go in the site


def publish(variant: Variant, site_dir: Path, folder: str = FOLDER) -> str:
    """Copy a cached variant into the site; returns its site-relative path."""
    relative = f"{folder}/{variant.path.name}"
    target = site_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(variant.path, target)
    return relative


@dataclass
class Images:
    """Responsive images of one build of a site: where the originals, the site and the cache
    are, and the variants of every image met so far by (path, mtime, size), so an image shown on
    many pages (and in every rebuild of `mkdocs serve`) is read once while it does not change.

    Within one build, each image a page names is looked up (and its copies published) once, not
    once per page that shows it; a new build makes a new `Images`, which looks at the files
    again, so an image replaced between two `serve` builds is seen."""

    docs: Path
    site: Path
    cache: Path
    known: dict[tuple[str, int, int], Variants | None]
    note: Callable[[str], None] = lambda message: None  # an image served without copies
    #: Every local image the last `page` resolved: (src, the page's folder, what it found as
    #: plain values). A page whose output is kept replays these (`replay`) instead of the rewrite.
    resolved: list[list[Any]] = field(default_factory=list)
    #: This build's answers: path in the docs folder -> (variants, the same as plain values)
    _found: dict[str, tuple[Variants | None, Any]] = field(default_factory=dict, repr=False)
    _published: set[str] = field(default_factory=set, repr=False)  # copies in the site

    def page(self, output: str, page_url: str) -> str:
        """`output` (a page's HTML at site-relative `page_url`) with responsive images; what it
        resolved is in `resolved` until the next page."""
        # The folder the page's relative URLs start from: "topics/pricing/", "" for the home page.
        folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
        folder = folder.strip("/") + "/" if folder.strip("/") else ""
        resolved: list[list[Any]] = []
        self.resolved = resolved

        def url_of(variant: Variant) -> str:
            self._publish(variant)
            return _url_from(folder, variant.path.name)

        def resolve(src: str) -> tuple[Variants, Callable[[Variant], str]] | None:
            found, plain = self._lookup(src, folder)
            resolved.append([src, folder, plain])
            return (found, url_of) if found is not None else None

        return rewrite(output, resolve)

    def replay(self, resolved: list[Any]) -> bool:
        """Whether every image in `resolved` (what `page` resolved for a page's output) finds
        the same copies now; if so, the copies are published as `page` would (the page's kept
        HTML names them). False leaves the site folder as it was."""
        found = []
        for src, folder, plain in resolved:
            variants, now = self._lookup(src, folder)
            if now != plain:
                return False
            found.append(variants)
        for fmt in formats():
            for variants in found:
                for variant in variants.variants if variants is not None else ():
                    if variant.format == fmt:
                        self._publish(variant)
        return True

    def _lookup(self, src: str, folder: str) -> tuple[Variants | None, Any]:
        """`variants` of `src` from a page in `folder` and its plain values, each image file
        looked at once per build."""
        path = _local_path(src, folder)
        if path is None:
            return None, None
        found = self._found.get(path)
        if found is None:
            variants = self._of(path)
            found = self._found[path] = (variants, _plain(variants))
        return found

    def _publish(self, variant: Variant) -> str:
        """`publish` once per build and copy (the site folder is this build's)."""
        name = variant.path.name
        if name not in self._published:
            publish(variant, self.site)
            self._published.add(name)
        return f"{FOLDER}/{name}"

    def variants(self, src: str, folder: str) -> Variants | None:
        """The variants of a local raster image a page in `folder` shows; None for any other."""
        path = _local_path(src, folder)
        return None if path is None else self._of(path)

    def _of(self, path: str) -> Variants | None:
        """The variants of the file at `path` (relative to the docs folder), if it is an image."""
        source = self.docs / path
        if source.suffix.lower() not in RASTER or not source.is_file():
            return None
        stat = source.stat()
        key = (str(source), stat.st_mtime_ns, stat.st_size)
        if key not in self.known:
            try:
                self.known[key] = Variants.of(source, self.cache)
            except (OSError, ValueError, Image.DecompressionBombError) as error:
                # An image the browser may still show (or that the content check reports): it is
                # served as it is, without copies; the build goes on.
                self.note(f"images: {path} is served as it is, without smaller copies: {error}")
                self.known[key] = None
        return self.known[key]


def _url_from(folder: str, name: str) -> str:
    """The URL of the copy `name` (in FOLDER) from a page in `folder` ("rants/x/", "" for the
    home page): `posixpath.relpath(f"{FOLDER}/{name}", folder)`, with the way up from `folder`
    to FOLDER worked out once per folder (no page folder is a copy's file name)."""
    up = _up_to_copies(folder)
    return name if up == "." else f"{up}/{name}"


@functools.lru_cache(maxsize=1 << 16)
def _up_to_copies(folder: str) -> str:
    return posixpath.relpath(FOLDER, folder.rstrip("/") or ".")


@functools.lru_cache(maxsize=1 << 16)
def _local_path(src: str, folder: str) -> str | None:
    """Where the image `src` on a page in `folder` ("rants/x/") is, relative to the docs folder;
    None when it is not on this site. Only text: worked out once per process for each pair."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return unquote(urljoin("/" + folder, parts.path)).lstrip("/")


def _plain(variants: Variants | None) -> list[Any] | None:
    """`variants` as JSON values (the page cache stores them): sizes, formats, file names."""
    if variants is None:
        return None
    copies = [[v.width, v.height, v.format, v.path.name] for v in variants.variants]
    return [variants.width, variants.height, copies]
