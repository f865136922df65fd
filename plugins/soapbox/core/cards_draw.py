"""Drawing social cards: a 1200x630 PNG per page (title, label, author, site) in the site's
colours, and a square monogram for a site without a logo. Drawn offline with Pillow and the fonts
shipped in `soapbox/assets/fonts/` (no download, ever). Each card knows its content hash (`key`):
everything that shows on it plus the drawing code's version and the fonts. Framework-free.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cards_colors import Colors, band_color, contrast, mix, parse_hex
from .cards_text import (
    FALLBACK_FONT,
    MARGIN,
    TEXT_FONT,
    TITLE_FONT,
    direction,
    fit,
    is_rtl,
    load_font,
    one_line,
    printable,
    text_width,
)

WIDTH, HEIGHT = 1200, 630
MIME = "image/png"
#: Bump when the drawing changes: every cached card is drawn again.
VERSION = "2"


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
            font = load_font(font_path, int(self.size * (0.34 if len(text) > 1 else 0.42)))
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


# --- drawing -------------------------------------------------------------------------------------


def draw(card: Card):
    """The card as a Pillow image (RGB, 1200x630)."""
    from PIL import Image, ImageDraw

    colors = tuple(parse_hex(c) or (0, 0, 0) for c in card.colors_tuple())
    bg, fg, accent = colors
    muted = mix(fg, bg, 0.38)
    image = Image.new("RGB", (WIDTH, HEIGHT), bg)
    canvas = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN

    # A quiet diagonal band of the accent colour, top right, and the bar along the bottom edge.
    canvas.polygon([(WIDTH - 330, 0), (WIDTH, 0), (WIDTH, 330)], fill=band_color(bg, accent))
    canvas.rectangle([0, HEIGHT - 14, WIDTH, HEIGHT], fill=accent)

    y = MARGIN - 8
    label, label_font_path = printable(card.label.upper(), (TEXT_FONT, FALLBACK_FONT))
    if label:
        font = load_font(label_font_path, 26)
        label = one_line(label, font, inner - 48)
        pill_w = text_width(font, label) + 44
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
            direction=direction(label),
        )
    y += 48 + 40

    title, title_font_path = printable(card.title, (TITLE_FONT, FALLBACK_FONT))
    if not title:
        title, title_font_path = printable(card.site, (TITLE_FONT, FALLBACK_FONT))
    font, lines = fit(title, title_font_path, inner)
    size = font.size
    leading = round(size * 1.16)
    rtl = is_rtl(title)
    for line in lines:
        x = MARGIN + inner - text_width(font, line) if rtl else MARGIN
        canvas.text((x, y), line, font=font, fill=fg, direction=direction(line))
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
    site_font = load_font(site_font_path, 28)
    site = one_line(site, site_font, inner * 0.45)
    author, author_font_path = printable(card.author, (TEXT_FONT, FALLBACK_FONT))
    if author:
        author_font = load_font(author_font_path, 30)
        author = one_line(author, author_font, inner * 0.5 - (x - MARGIN))
        canvas.text(
            (x, base - 24),
            author,
            font=author_font,
            fill=fg,
            anchor="lm",
            direction=direction(author),
        )
    if site and site != author:
        canvas.text(
            (WIDTH - MARGIN, base - 24),
            site,
            font=site_font,
            fill=muted,
            anchor="rm",
            direction=direction(site),
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
