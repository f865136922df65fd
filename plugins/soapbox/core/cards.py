"""Social cards: a 1200x630 PNG per page (title, label, author, site) in the site's colours.

Drawn offline with Pillow and the fonts shipped in `soapbox/assets/fonts/` (no download, ever).
Each card is named by the hash of everything that shows on it plus the drawing code's version,
so a cache folder of earlier cards makes an unchanged page cost one `stat` and one hard link.
Framework-free: no MkDocs.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import struct
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from .files import atomic_write

WIDTH, HEIGHT = 1200, 630
MIME = "image/png"
#: Bump when the drawing changes: every cached card is drawn again.
VERSION = "2"
FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
TITLE_FONT = FONTS / "InterDisplay-Bold.otf"
TEXT_FONT = FONTS / "Inter-SemiBold.otf"
FALLBACK_FONT = FONTS / "DejaVuSans-Bold.ttf"  # Arabic, Hebrew, Armenian, more Cyrillic ...
PARALLEL_FROM = 8  # fewer cards than this are drawn one after the other
PROCESSES_FROM = 33  # from this many cards on, worker processes (drawing text holds the GIL)

# Material for MkDocs' palette names -> its `--md-primary-fg-color` / `--md-accent-fg-color`.
MATERIAL_PRIMARY = {
    "red": "#ef5552", "pink": "#e92063", "purple": "#ab47bd", "deep purple": "#7e56c2",
    "indigo": "#4051b5", "blue": "#2094f3", "light blue": "#02a6f2", "cyan": "#00bdd6",
    "teal": "#009485", "green": "#4cae4f", "light green": "#8bc34b", "lime": "#cbdc38",
    "yellow": "#ffec3d", "amber": "#ffc105", "orange": "#ffa724", "deep orange": "#ff6e42",
    "brown": "#795649", "grey": "#757575", "blue grey": "#546d78", "black": "#161514",
    "white": "#ffffff",
}  # fmt: skip
MATERIAL_ACCENT = {
    "red": "#ff1a47", "pink": "#f50056", "purple": "#df41fb", "deep purple": "#7c4dff",
    "indigo": "#526cfe", "blue": "#4287ff", "light blue": "#0091eb", "cyan": "#00bad6",
    "teal": "#00bda4", "green": "#00c753", "light green": "#63de17", "lime": "#b0eb00",
    "yellow": "#ffd500", "amber": "#ffaa00", "orange": "#ff9100", "deep orange": "#ff6e42",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Colors:
    background: str  # "#rrggbb"
    foreground: str
    accent: str  # the label and the bottom bar


@dataclass(frozen=True, slots=True)
class Card:
    """Everything a card shows. Plain text; nothing here is markup."""

    title: str
    site: str  # the site's name, bottom right
    label: str = ""  # "Rant", "Topic", "Talk" ... above the title
    author: str = ""  # bottom left
    colors: Colors = Colors("#1b1d24", "#ffffff", "#ff6e42")
    avatar: str = ""  # path of a local portrait drawn in a circle beside the author

    def key(self) -> str:
        """The content hash: the cache file's name."""
        digest = hashlib.sha256()
        for part in (VERSION, self.title, self.site, self.label, self.author, *self.colors_tuple()):
            digest.update(part.encode("utf-8") + b"\0")
        for path in (
            TITLE_FONT,
            TEXT_FONT,
            FALLBACK_FONT,
            *([Path(self.avatar)] if self.avatar else []),
        ):
            digest.update(_file_stamp(path).encode("utf-8") + b"\0")
        return digest.hexdigest()[:32]

    def colors_tuple(self) -> tuple[str, str, str]:
        return (self.colors.background, self.colors.foreground, self.colors.accent)

    def render(self) -> bytes:
        return render(self)


@dataclass(frozen=True, slots=True)
class Logo:
    """A square monogram (the initials of `name`) for the JSON-LD publisher logo when the site
    has no logo of its own."""

    name: str
    colors: Colors = Colors("#1b1d24", "#ffffff", "#ff6e42")
    size: int = 512

    def key(self) -> str:
        digest = hashlib.sha256()
        for part in (
            VERSION,
            "logo",
            self.name,
            str(self.size),
            self.colors.background,
            self.colors.accent,
        ):
            digest.update(part.encode("utf-8") + b"\0")
        digest.update(_file_stamp(TITLE_FONT).encode("utf-8"))
        return digest.hexdigest()[:32]

    def render(self) -> bytes:
        import io

        from PIL import Image, ImageDraw

        bg = parse_hex(self.colors.background) or (0, 0, 0)
        accent = parse_hex(self.colors.accent) or (255, 255, 255)
        fg = (
            (255, 255, 255)
            if contrast((255, 255, 255), accent) >= contrast((17, 17, 17), accent)
            else (17, 17, 17)
        )
        image = Image.new("RGB", (self.size, self.size), bg)
        canvas = ImageDraw.Draw(image)
        pad = self.size // 10
        canvas.ellipse([pad, pad, self.size - pad, self.size - pad], fill=accent)
        text, font_path = printable(initials(self.name), (TITLE_FONT, FALLBACK_FONT))
        if text:
            font = _font(font_path, int(self.size * (0.34 if len(text) > 1 else 0.42)))
            canvas.text((self.size / 2, self.size / 2), text, font=font, fill=fg, anchor="mm")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()


def initials(name: str) -> str:
    """ "Maren Okafor" -> "MO"; one word -> its first letter; at most two letters."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return ""
    picked = [words[0], words[-1]] if len(words) > 1 else words[:1]
    return "".join(w[0] for w in picked).upper()


def _file_stamp(path: Path) -> str:
    """Name, size and content hash of a file (fonts, avatar): a changed file changes the key.
    Hashed once per build for each version of the file, not once per card."""
    try:
        info = path.stat()
    except OSError:
        return f"{path.name}:missing"
    return _content_stamp(path, info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=64)
def _content_stamp(path: Path, size: int, mtime_ns: int) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return f"{path.name}:missing"
    return f"{path.name}:{len(data)}:{hashlib.sha256(data).hexdigest()[:16]}"


# --- colours -------------------------------------------------------------------------------------


def parse_hex(value: str) -> tuple[int, int, int] | None:
    """`#rgb` or `#rrggbb` -> (r, g, b); None when it is not a hex colour."""
    text = value.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        return None
    try:
        return tuple(int(text[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return None


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=False))  # type: ignore[return-value]


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance, 0 (black) .. 1 (white)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def brand_colors(
    primary: str = "", accent: str = "", *, background: str = "", foreground: str = ""
) -> Colors:
    """Card colours from Material palette names ("deep orange") or hex values; explicit
    `background`/`foreground` win. By default the background is a very dark shade of the primary
    colour, the text white and the label the primary colour itself (the accent when the primary
    is too dark or too pale to stand out)."""
    main = _color(primary, MATERIAL_PRIMARY) or parse_hex(MATERIAL_PRIMARY["indigo"])
    second = _color(accent, MATERIAL_ACCENT) or _color(accent, MATERIAL_PRIMARY)
    assert main is not None
    bg = parse_hex(background) if background else _mix(main, (10, 10, 14), 0.86)
    assert bg is not None
    fg = parse_hex(foreground) if foreground else None
    if fg is None:
        fg = (
            (255, 255, 255)
            if contrast((255, 255, 255), bg) >= contrast((17, 17, 17), bg)
            else (17, 17, 17)
        )
    label = main
    if (
        contrast(label, bg) < 2.2
        and second is not None
        and contrast(second, bg) > contrast(label, bg)
    ):
        label = second
    if contrast(label, bg) < 2.2:
        label = _mix(label, fg, 0.45)
    return Colors(to_hex(bg), to_hex(fg), to_hex(label))


def _color(value: str, names: dict[str, str]) -> tuple[int, int, int] | None:
    if not value:
        return None
    named = names.get(" ".join(value.lower().replace("-", " ").split()))
    return parse_hex(named or value)


# --- fonts and text ------------------------------------------------------------------------------


@cache
def coverage(path: Path) -> frozenset[int]:
    """The code points a TrueType/OpenType font has glyphs for, from its `cmap` table (formats 4
    and 12). Lets a card pick a font that can show a title instead of drawing empty boxes."""
    data = path.read_bytes()
    (tables,) = struct.unpack_from(">H", data, 4)
    cmap = None
    for index in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if tag == b"cmap":
            cmap = offset
    if cmap is None:
        return frozenset()
    points: set[int] = set()
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
        if platform not in (0, 3):
            continue
        start = cmap + offset
        (fmt,) = struct.unpack_from(">H", data, start)
        if fmt == 4:
            (length,) = struct.unpack_from(">H", data, start + 2)
            segments = struct.unpack_from(">H", data, start + 6)[0] // 2
            ends = struct.unpack_from(f">{segments}H", data, start + 14)
            starts = struct.unpack_from(f">{segments}H", data, start + 16 + 2 * segments)
            for first, last in zip(starts, ends, strict=False):
                if first != 0xFFFF:
                    points.update(range(first, last + 1))
        elif fmt == 12:
            (groups,) = struct.unpack_from(">I", data, start + 12)
            for group in range(groups):
                first, last, _ = struct.unpack_from(">III", data, start + 16 + 12 * group)
                points.update(range(first, last + 1))
    return frozenset(points)


_INVISIBLE = {
    "Mn",
    "Me",
    "Cf",
}  # marks and format characters (ZWJ, variation selectors) draw nothing alone


def printable(text: str, fonts: Iterable[Path]) -> tuple[str, Path]:
    """The text as the best of `fonts` can draw it: the first font that has every character,
    else the one missing the fewest; characters it lacks (emoji, symbols) are left out so the
    card shows no empty boxes."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    candidates = list(fonts)
    wanted = [ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in _INVISIBLE]
    best, best_missing = candidates[0], None
    for font in candidates:
        have = coverage(font)
        missing = sum(1 for ch in wanted if ord(ch) not in have)
        if best_missing is None or missing < best_missing:
            best, best_missing = font, missing
        if missing == 0:
            break
    have = coverage(best)
    kept = "".join(
        ch
        for ch in text
        if ch.isspace() or ord(ch) in have or unicodedata.category(ch) in ("Mn", "Me")
    )
    return " ".join(kept.split()), best


def is_rtl(text: str) -> bool:
    """True when the first strongly directional character reads right to left."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


# --- drawing -------------------------------------------------------------------------------------

MARGIN = 80
TITLE_SIZES = (76, 70, 64, 58, 52)
TITLE_LINES = 4


def _layout_engine():
    from PIL import ImageFont, features

    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


_local = threading.local()  # FreeType faces are not safe to share between threads


def _font(path: Path, size: int) -> Any:
    from PIL import ImageFont

    fonts = _local.__dict__.setdefault("fonts", {})
    if (path, size) not in fonts:
        fonts[path, size] = ImageFont.truetype(str(path), size, layout_engine=_layout_engine())
    return fonts[path, size]


def _direction(text: str) -> str | None:
    from PIL import ImageFont

    if _layout_engine() != ImageFont.Layout.RAQM:
        return None
    return "rtl" if is_rtl(text) else "ltr"


def _width(font, text: str) -> float:
    return font.getlength(text, direction=_direction(text))


def wrap(text: str, font, width: float, max_lines: int) -> tuple[list[str], bool]:
    """Greedy word wrap to `width` pixels; a word wider than a line is split between characters.
    Returns the lines (at most `max_lines`, the last ending in an ellipsis when text was cut) and
    whether everything fit."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(font, candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while _width(font, word) > width:  # one very long word: break it
            low, high = 1, len(word) - 1  # the longest head that fits: binary search
            while low < high:
                middle = (low + high + 1) // 2
                if _width(font, word[:middle]) <= width:
                    low = middle
                else:
                    high = middle - 1
            cut = low
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines, True
    kept = lines[:max_lines]
    last = kept[-1]
    while last and _width(font, last + "…") > width:
        last = last[:-1].rstrip()
    kept[-1] = (last.rstrip(" ,;:.-–—") + "…") if last else "…"
    return kept, False


def _fit(draw_text: str, font_path: Path, width: float) -> tuple[Any, list[str]]:
    for size in TITLE_SIZES:
        font = _font(font_path, size)
        lines, complete = wrap(
            draw_text, font, width, TITLE_LINES if size == TITLE_SIZES[-1] else TITLE_LINES - 1
        )
        if complete:
            return font, lines
    return font, lines


def _one_line(text: str, font, width: float) -> str:
    lines, _ = wrap(text, font, width, 1)
    return lines[0] if lines else ""


def draw(card: Card):
    """The card as a Pillow image (RGB, 1200x630)."""
    from PIL import Image, ImageDraw

    colors = tuple(parse_hex(c) or (0, 0, 0) for c in card.colors_tuple())
    bg, fg, accent = colors
    muted = _mix(fg, bg, 0.38)
    image = Image.new("RGB", (WIDTH, HEIGHT), bg)
    canvas = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN

    # A quiet diagonal band of the accent colour, top right, and the bar along the bottom edge.
    canvas.polygon([(WIDTH - 330, 0), (WIDTH, 0), (WIDTH, 330)], fill=band_color(bg, accent))
    canvas.rectangle([0, HEIGHT - 14, WIDTH, HEIGHT], fill=accent)

    y = MARGIN - 8
    label, label_font_path = printable(card.label.upper(), (TEXT_FONT, FALLBACK_FONT))
    if label:
        font = _font(label_font_path, 26)
        label = _one_line(label, font, inner - 48)
        pill_w = _width(font, label) + 44
        canvas.rounded_rectangle([MARGIN, y, MARGIN + pill_w, y + 48], radius=24, fill=accent)
        on_accent = (
            (255, 255, 255)
            if contrast((255, 255, 255), accent) >= contrast((17, 17, 17), accent)
            else (17, 17, 17)
        )
        canvas.text(
            (MARGIN + 22, y + 24),
            label,
            font=font,
            fill=on_accent,
            anchor="lm",
            direction=_direction(label),
        )
    y += 48 + 40

    title, title_font_path = printable(card.title, (TITLE_FONT, FALLBACK_FONT))
    if not title:
        title, title_font_path = printable(card.site, (TITLE_FONT, FALLBACK_FONT))
    font, lines = _fit(title, title_font_path, inner)
    size = font.size
    leading = round(size * 1.16)
    rtl = is_rtl(title)
    for line in lines:
        x = MARGIN + inner - _width(font, line) if rtl else MARGIN
        canvas.text((x, y), line, font=font, fill=fg, direction=_direction(line))
        y += leading

    # Footer: avatar and author on the left, the site's name on the right.
    base = HEIGHT - MARGIN - 12
    x = MARGIN
    if card.avatar:
        portrait = _avatar(card.avatar, 72)
        if portrait is not None:
            image.paste(portrait, (x, base - 60), portrait)
            x += 72 + 22
    site, site_font_path = printable(card.site, (TEXT_FONT, FALLBACK_FONT))
    site_font = _font(site_font_path, 28)
    site = _one_line(site, site_font, inner * 0.45)
    author, author_font_path = printable(card.author, (TEXT_FONT, FALLBACK_FONT))
    if author:
        author_font = _font(author_font_path, 30)
        author = _one_line(author, author_font, inner * 0.5 - (x - MARGIN))
        canvas.text(
            (x, base - 24),
            author,
            font=author_font,
            fill=fg,
            anchor="lm",
            direction=_direction(author),
        )
    if site and site != author:
        canvas.text(
            (WIDTH - MARGIN, base - 24),
            site,
            font=site_font,
            fill=muted,
            anchor="rm",
            direction=_direction(site),
        )
    return image


def _avatar(path: str, size: int):
    """A local portrait cropped to a circle of `size` pixels (RGBA); None when unreadable."""
    return _portrait(path, size, _file_stamp(Path(path)))


@lru_cache(
    maxsize=8
)  # one portrait on every card: read and crop once (again when the file changes)
def _portrait(path: str, size: int, stamp: str):
    from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as source:
            portrait = ImageOps.fit(source.convert("RGB"), (size * 4, size * 4))
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    mask = Image.new("L", portrait.size, 0)
    ImageDraw.Draw(mask).ellipse([0, 0, portrait.width - 1, portrait.height - 1], fill=255)
    portrait.putalpha(mask)
    return portrait.resize((size, size), Image.Resampling.LANCZOS)


def render(card: Card) -> bytes:
    """The card as PNG bytes (deterministic: the same card gives the same bytes)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    # A palette PNG: a card is flat colours plus the anti-aliased edges between them, which fit in
    # 256 colours (no pixel moves by more than ~6 %, invisible at any size). Encoding a third of the
    # bytes at zlib level 3 takes 7 ms instead of 18 ms (RGB, level 6), and the file is half the
    # size
    # (~23 KB instead of ~46 KB). `optimize=True` (level 9 + filter search) took 320 ms.
    image = draw(card)
    palette = image.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    _snap(palette, _flat_colors(card, image))
    palette.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


def band_color(bg: tuple[int, int, int], accent: tuple[int, int, int]) -> tuple[int, int, int]:
    """The quiet diagonal band: 40/255 of the accent over the background."""
    return tuple((b * 215 + a * 40 + 127) // 255 for b, a in zip(bg, accent, strict=False))  # type: ignore[return-value]


def _flat_colors(card: Card, image) -> list[tuple[tuple[int, int], tuple[int, int, int]]]:
    """The colours that fill whole areas of a card, with a pixel where each one is: the
    background, the band and the bottom bar must come out exactly as configured."""
    bg, _, accent = (parse_hex(c) or (0, 0, 0) for c in card.colors_tuple())
    return [
        ((5, 5), bg),
        ((WIDTH - 2, 2), band_color(bg, accent)),
        ((WIDTH // 2, HEIGHT - 3), accent),
    ]


def _snap(palette_image, flat: list[tuple[tuple[int, int], tuple[int, int, int]]]) -> None:
    """Give the palette entry of each flat area its exact colour. The quantiser averages the
    colours of a bucket, which can move a flat colour by a step or two."""
    entries = palette_image.getpalette() or []
    for (x, y), color in flat:
        index = palette_image.getpixel((x, y))
        if isinstance(index, int) and 3 * index + 3 <= len(entries):
            entries[3 * index : 3 * index + 3] = color
    palette_image.putpalette(entries)


# --- the cache -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    drawn: int  # cards drawn in this run
    cached: int  # cards taken from the cache
    failed: tuple[tuple[str, str], ...] = ()  # (destination, why) of cards that could not be made


def produce(
    cards: Mapping[str, Card | Logo], site_dir: Path, cache_dir: Path, *, workers: int | None = None
) -> Outcome:
    """Write every card to `site_dir/<destination>`: from `cache_dir/<key>.png` when drawn before,
    otherwise drawn (in parallel threads when there are many) and stored in the cache first.
    A card that cannot be drawn is reported, never fatal."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    keys = {dest: card.key() for dest, card in cards.items()}
    unique: dict[str, Card | Logo] = {key: cards[dest] for dest, key in keys.items()}
    missing = {
        key: card for key, card in unique.items() if not (cache_dir / f"{key}.png").is_file()
    }
    errors: dict[str, str] = {}
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    count = workers or min(8, usable or 1)
    items = sorted(missing.items())
    if len(items) >= PROCESSES_FROM and count > 1:
        errors = _draw_in_processes(items, cache_dir, count)
    elif len(items) >= PARALLEL_FROM and count > 1:
        with ThreadPoolExecutor(max_workers=count) as pool:
            errors = _merge(pool.map(_make_one, items, [cache_dir] * len(items)))
    else:
        errors = _merge(_make_one(item, cache_dir) for item in items)

    failed = []
    for dest, key in keys.items():
        if key in errors:
            failed.append((dest, errors[key]))
            continue
        target = site_dir / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        _place(cache_dir / f"{key}.png", target)
    return Outcome(
        drawn=len(missing) - len(errors), cached=len(unique) - len(missing), failed=tuple(failed)
    )


def _make_one(item: tuple[str, Card | Logo], cache_dir: Path) -> tuple[str, str] | None:
    """Draw one card into the cache; (key, why) when it cannot be drawn. Module-level and with
    picklable arguments, so a worker process can run it."""
    key, card = item
    try:
        data = card.render()
    except Exception as exc:  # noqa: BLE001 - one odd title must not stop the build
        return key, f"{type(exc).__name__}: {exc}"
    _atomic_write(cache_dir / f"{key}.png", data)
    return None


def _make_batch(batch: list[tuple[str, Card | Logo]], cache_dir: Path) -> list[tuple[str, str]]:
    return [failure for item in batch if (failure := _make_one(item, cache_dir)) is not None]


def _merge(results: Iterable[tuple[str, str] | None]) -> dict[str, str]:
    return dict(r for r in results if r is not None)


def _draw_in_processes(
    items: list[tuple[str, Card | Logo]], cache_dir: Path, count: int
) -> dict[str, str]:
    """Draw many cards in worker processes: Pillow's text drawing holds the GIL, so threads would
    take turns. A build with no other thread running forks its workers (fast, and nothing of the
    calling script runs again); one that runs threads (`mkdocs serve`) takes them from a fork
    server, a clean single-threaded process, as forking a threaded process can deadlock. Each
    worker writes its cards atomically into the cache; the bytes do not depend on which process
    drew them. When no process can be started, the cards are drawn here, in threads."""
    batches = [items[start :: count * 4] for start in range(count * 4)]  # a few batches per worker
    batches = [b for b in batches if b]
    try:
        methods = multiprocessing.get_all_start_methods()
        single = threading.active_count() == 1
        context = multiprocessing.get_context(
            "fork" if single and "fork" in methods else "forkserver"
        )
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            return _merge(
                f
                for failures in pool.map(_make_batch, batches, [cache_dir] * len(batches))
                for f in failures
            )
    except (OSError, RuntimeError):  # no processes here (a sandbox, no /dev/shm) or a worker died
        pass
    with ThreadPoolExecutor(max_workers=count) as pool:
        return _merge(pool.map(_make_one, items, [cache_dir] * len(items)))


def _place(cached: Path, target: Path) -> None:
    """Put a cached card into the site: nothing when the same file is there already, else a hard
    link (no copy: the cache and the site are usually on one disk), else a copy. Cache files are
    only ever replaced, never written in place, so a link in the site cannot change later."""
    try:
        if os.path.samefile(cached, target):
            return
    except OSError:
        pass
    temp = target.with_name(f".{target.name}.tmp")
    temp.unlink(missing_ok=True)
    try:
        try:
            os.link(cached, temp)
        except OSError:  # another file system, or links not allowed: copy
            shutil.copyfile(cached, temp)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _atomic_write(path: Path, data: bytes) -> None:
    atomic_write(path, data, prefix=".card-")
