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

import hashlib
import html
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image, features

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


def _attributes(tag: str) -> list[tuple[str, str]]:
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.attrs


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


def publish(variant: Variant, site_dir: Path, folder: str = "assets/images") -> str:
    """Copy a cached variant into the site; returns its site-relative path."""
    relative = f"{folder}/{variant.path.name}"
    target = site_dir / relative
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(variant.path, target)
    return relative
