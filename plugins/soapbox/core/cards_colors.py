"""The colours of social cards: Material's palette names, hex colours, WCAG contrast, and the
card colours derived from a theme's palette. Framework-free.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def mix(a: tuple[int, int, int], b: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
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
    bg = parse_hex(background) if background else mix(main, (10, 10, 14), 0.86)
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
        label = mix(label, fg, 0.45)
    return Colors(to_hex(bg), to_hex(fg), to_hex(label))


def _color(value: str, names: dict[str, str]) -> tuple[int, int, int] | None:
    if not value:
        return None
    named = names.get(" ".join(value.lower().replace("-", " ").split()))
    return parse_hex(named or value)


def band_color(bg: tuple[int, int, int], accent: tuple[int, int, int]) -> tuple[int, int, int]:
    """The quiet diagonal band: 40/255 of the accent over the background."""
    return tuple((b * 215 + a * 40 + 127) // 255 for b, a in zip(bg, accent, strict=False))  # type: ignore[return-value]
