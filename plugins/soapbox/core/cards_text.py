"""Text on social cards: which shipped font can show a text (from its `cmap`), the text's
direction, and fitting it into lines of a given width (word wrap, the title's size). Fonts are
opened once per thread (FreeType faces are not safe to share between threads). Framework-free.
"""

from __future__ import annotations

import struct
import threading
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
TITLE_FONT = FONTS / "InterDisplay-Bold.otf"
TEXT_FONT = FONTS / "Inter-SemiBold.otf"
FALLBACK_FONT = FONTS / "DejaVuSans-Bold.ttf"  # Arabic, Hebrew, Armenian, more Cyrillic ...


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


# --- layout -------------------------------------------------------------------------------------

MARGIN = 80
TITLE_SIZES = (76, 70, 64, 58, 52)
TITLE_LINES = 4


def _layout_engine():
    from PIL import ImageFont, features

    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


_local = threading.local()  # FreeType faces are not safe to share between threads


def load_font(path: Path, size: int) -> Any:
    from PIL import ImageFont

    fonts = _local.__dict__.setdefault("fonts", {})
    if (path, size) not in fonts:
        fonts[path, size] = ImageFont.truetype(str(path), size, layout_engine=_layout_engine())
    return fonts[path, size]


def direction(text: str) -> str | None:
    from PIL import ImageFont

    if _layout_engine() != ImageFont.Layout.RAQM:
        return None
    return "rtl" if is_rtl(text) else "ltr"


def text_width(font, text: str) -> float:
    return font.getlength(text, direction=direction(text))


def wrap(text: str, font, width: float, max_lines: int) -> tuple[list[str], bool]:
    """Greedy word wrap to `width` pixels; a word wider than a line is split between characters.
    Returns the lines (at most `max_lines`, the last ending in an ellipsis when text was cut) and
    whether everything fit."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(font, candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while text_width(font, word) > width:  # one very long word: break it
            low, high = 1, len(word) - 1  # the longest head that fits: binary search
            while low < high:
                middle = (low + high + 1) // 2
                if text_width(font, word[:middle]) <= width:
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
    while last and text_width(font, last + "…") > width:
        last = last[:-1].rstrip()
    kept[-1] = (last.rstrip(" ,;:.-–—") + "…") if last else "…"
    return kept, False


def fit(draw_text: str, font_path: Path, width: float) -> tuple[Any, list[str]]:
    for size in TITLE_SIZES:
        font = load_font(font_path, size)
        lines, complete = wrap(
            draw_text, font, width, TITLE_LINES if size == TITLE_SIZES[-1] else TITLE_LINES - 1
        )
        if complete:
            return font, lines
    return font, lines


def one_line(text: str, font, width: float) -> str:
    lines, _ = wrap(text, font, width, 1)
    return lines[0] if lines else ""
