"""soapbox.core.cards (and cards_draw, cards_text, cards_colors): social card images, colours, fonts, the content-hash cache."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from soapbox.core import cards, cards_colors, cards_draw, cards_text

COLORS = cards.brand_colors("deep orange", "indigo")
REPO = Path(__file__).resolve().parents[2]


def png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize(
    "title",
    [
        "Stop Demoing to People Who Can't Buy",
        '"Quotes" & <script>alert(1)</script> </script>',
        "Emoji only 🎤🔥👩‍💻",
        "🎤🔥",  # nothing drawable: the site's name stands in
        "لماذا يخسر مندوبو المبيعات الصفقات في الدقيقة الأخيرة",
        "שלום עולם: מכירות",
        "日本語のタイトル",
        "A" * 400,
        "word " * 120,
        "Zero\u200bwidth\u200djoiner\ufe0f and combining e\u0301",
        "",
    ],
)
def test_every_title_gives_a_1200x630_png(title):
    data = cards_draw.render(cards.Card(title, "Maren Okafor", "Rant", "Maren Okafor", COLORS))
    image = png(data)
    assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "P")  # a palette PNG
    rgb = image.convert("RGB")
    assert rgb.getpixel((5, 5)) == cards.parse_hex(COLORS.background)  # the background, exactly
    assert rgb.getpixel((600, 625)) == cards.parse_hex(COLORS.accent)  # the bar along the bottom


def test_cards_are_deterministic_and_keys_follow_the_content():
    card = cards.Card("Title", "Site", "Rant", "Author", COLORS)
    assert cards_draw.render(card) == cards_draw.render(card)
    assert card.key() == cards.Card("Title", "Site", "Rant", "Author", COLORS).key()
    others = [
        cards.Card("Title!", "Site", "Rant", "Author", COLORS),
        cards.Card("Title", "Site 2", "Rant", "Author", COLORS),
        cards.Card("Title", "Site", "Topic", "Author", COLORS),
        cards.Card("Title", "Site", "Rant", "Someone", COLORS),
        cards.Card("Title", "Site", "Rant", "Author", cards.brand_colors("teal")),
    ]
    assert len({card.key(), *(o.key() for o in others)}) == 6


def test_long_titles_wrap_within_the_margins_and_end_with_an_ellipsis():
    font = cards_text.load_font(cards_text.TITLE_FONT, 52)
    lines, complete = cards_text.wrap("word " * 100, font, 1040, 4)
    assert not complete and len(lines) == 4 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1040 for line in lines)
    lines, complete = cards_text.wrap("x" * 200, font, 1040, 10)  # one word wider than a line
    assert (
        complete
        and all(font.getlength(line) <= 1040 for line in lines)
        and "".join(lines) == "x" * 200
    )


def test_fonts_cover_latin_and_fall_back_for_other_scripts():
    text, font = cards_text.printable(
        "Café – “quoted”", (cards_text.TITLE_FONT, cards_text.FALLBACK_FONT)
    )
    assert (text, font) == ("Café – “quoted”", cards_text.TITLE_FONT)
    text, font = cards_text.printable(
        "مرحبا بالعالم", (cards_text.TITLE_FONT, cards_text.FALLBACK_FONT)
    )
    assert font == cards_text.FALLBACK_FONT and text == "مرحبا بالعالم"
    text, _ = cards_text.printable(
        "Launch 🚀 day", (cards_text.TITLE_FONT, cards_text.FALLBACK_FONT)
    )
    assert text == "Launch day"  # no empty box where the emoji was
    assert cards_text.is_rtl("שלום world") and not cards_text.is_rtl("Hello שלום")


def test_shipped_fonts_have_their_licences():
    fonts = REPO / "plugins" / "soapbox" / "assets" / "fonts"
    for name in ("InterDisplay-Bold.otf", "Inter-SemiBold.otf", "DejaVuSans-Bold.ttf"):
        assert (fonts / name).is_file() and cards_text.coverage(fonts / name) >= set(
            map(ord, "Aa1?")
        )
    assert "SIL OPEN FONT LICENSE Version 1.1" in (fonts / "Inter-LICENSE.txt").read_text(
        encoding="utf-8"
    )
    assert "Bitstream" in (fonts / "DejaVu-LICENSE.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("primary", "accent", "background"),
    [("deep orange", "indigo", ""), ("white", "", ""), ("black", "lime", ""), ("#123456", "", ""),
     ("indigo", "", "#fafafa"), ("nonsense", "", "")],
)  # fmt: skip
def test_brand_colours_always_read_well(primary, accent, background):
    colors = cards.brand_colors(primary, accent, background=background)
    bg, fg, label = (
        cards.parse_hex(c) for c in (colors.background, colors.foreground, colors.accent)
    )
    assert cards_colors.contrast(fg, bg) >= 4.5  # title and author: WCAG AA
    assert cards_colors.contrast(label, bg) >= 2.0  # the label pill stands out from the background


def test_material_palette_names_map_to_materials_colours():
    assert cards.brand_colors("deep orange").accent == "#ff6e42"
    assert cards.brand_colors("deep-orange").accent == "#ff6e42"
    assert cards.parse_hex("#abc") == (0xAA, 0xBB, 0xCC) and cards.parse_hex("blue") is None


def test_produce_draws_once_then_copies_from_the_cache(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    wanted = {
        f"assets/cards/p{n}/card.png": cards.Card(f"Post {n % 10}", "Site", "Rant", "A", COLORS)
        for n in range(20)
    }
    wanted["assets/cards/logo.png"] = cards.Logo("Maren Okafor", COLORS)
    first = cards.produce(wanted, site, cache)
    assert (first.drawn, first.cached, first.failed) == (
        11,
        0,
        (),
    )  # 10 distinct cards and the logo
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    second = cards.produce(wanted, site, cache)
    assert (second.drawn, second.cached) == (0, 11)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps  # nothing drawn again
    for dest in wanted:
        assert png((site / dest).read_bytes()).size in ((1200, 630), (512, 512))
    assert (site / "assets/cards/p3/card.png").read_bytes() == (
        site / "assets/cards/p13/card.png"
    ).read_bytes()


def test_a_card_that_cannot_be_drawn_is_reported_not_fatal(tmp_path, monkeypatch):
    def broken(card):
        raise ValueError("bad glyph")

    monkeypatch.setattr(cards_draw, "render", broken)
    outcome = cards.produce(
        {"a/card.png": cards.Card("T", "S", colors=COLORS)}, tmp_path / "site", tmp_path / "c"
    )
    assert (
        outcome.failed == (("a/card.png", "ValueError: bad glyph"),)
        and not (tmp_path / "site/a/card.png").exists()
    )


def test_logo_monogram():
    assert cards_draw.initials("Maren Okafor") == "MO" and cards_draw.initials("soapbox") == "S"
    assert cards_draw.initials("Jean-Luc Picard") == "JP" and cards_draw.initials("") == ""
    image = png(cards.Logo("Maren Okafor", COLORS).render())
    assert image.size == (512, 512)


def test_the_palette_png_looks_like_the_drawing():
    card = cards.Card(
        "Die Preisverhandlung: warum „Rabatte“ scheitern",
        "example.test",
        "Case study",
        "Ana",
        COLORS,
    )
    drawn = cards_draw.draw(card)
    stored = png(cards_draw.render(card)).convert("RGB")
    difference = Image.eval(ImageChops.difference(drawn, stored), lambda v: 255 if v > 24 else 0)
    assert difference.getbbox() is None  # no pixel moved by more than 24 of 255 in any channel
    for corner in ((5, 5), (1195, 5), (600, 625)):  # background, accent band, bottom bar: exact
        assert stored.getpixel(corner) == drawn.getpixel(corner)


@pytest.mark.parametrize(
    "threads", [1, 3]
)  # a plain build forks; one running threads uses a fork server
def test_many_cards_are_drawn_in_worker_processes_with_the_same_bytes(
    tmp_path, monkeypatch, threads
):
    monkeypatch.setattr(cards.threading, "active_count", lambda: threads)
    monkeypatch.setattr(cards, "ThreadPoolExecutor", None)  # no silent fallback to threads
    wanted = {
        f"p{n}/card.png": cards.Card(f"Post number {n}", "Site", "Rant", "A", COLORS)
        for n in range(40)
    }
    assert len(wanted) >= cards.PROCESSES_FROM
    started = []
    real = cards.draw_in_processes
    monkeypatch.setattr(
        cards, "draw_in_processes", lambda *a: started.append(len(a[0])) or real(*a)
    )
    outcome = cards.produce(wanted, tmp_path / "site", tmp_path / "cache", workers=2)
    assert started == [40] and (outcome.drawn, outcome.cached, outcome.failed) == (40, 0, ())
    for dest in ("p0/card.png", "p17/card.png", "p39/card.png"):
        assert (tmp_path / "site" / dest).read_bytes() == wanted[dest].render()  # as drawn here
    assert not [
        p for p in (tmp_path / "cache").iterdir() if not p.name.endswith(".png")
    ]  # no temp files


def test_cached_cards_are_linked_into_the_site_not_copied(tmp_path):
    wanted = {
        "a/card.png": cards.Card("One", "Site", colors=COLORS),
        "b/card.png": cards.Card("One", "Site", colors=COLORS),
    }
    cache, site = tmp_path / "cache", tmp_path / "site"
    cards.produce(wanted, site, cache)
    stored = cache / f"{wanted['a/card.png'].key()}.png"
    for dest in wanted:
        assert (site / dest).samefile(stored) and (site / dest).read_bytes() == stored.read_bytes()
    again = cards.produce(
        wanted, site, cache
    )  # over an existing site: nothing to do, nothing broken
    assert (again.drawn, again.cached) == (0, 1) and (site / "a/card.png").samefile(stored)
    assert sorted(p.name for p in (site / "a").iterdir()) == ["card.png"]


def test_cards_drawn_ahead_are_in_the_cache_before_produce_and_counted_as_drawn(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(cards.threading, "active_count", lambda: 1)  # a plain build: it forks
    monkeypatch.setattr(cards, "usable_cores", lambda: 2)
    monkeypatch.setattr(cards, "idle_cores", lambda: 2)  # a quiet machine
    cache, site = tmp_path / "cache", tmp_path / "site"
    planned: dict[str, cards.Card | cards.Logo] = {}
    started = []
    real = cards._forked_pool
    monkeypatch.setattr(cards, "_forked_pool", lambda: started.append(1) or real())
    for n in range(12):  # the pages render one by one, each planning its card
        planned[f"p{n}/card.png"] = cards.Card(f"Page {n % 10}", "Site", "Rant", "A", COLORS)
        cards.AHEAD.feed(planned, cache)
        assert not started or n + 1 >= cards.PARALLEL_FROM  # nothing starts for a few cards
    assert started == [1]
    first = next(iter(cards.AHEAD._sent))
    assert first.result(timeout=60) == []  # the first batch drawn ahead, without a failure
    # produce waits for the cards in flight, leaves out those not started and draws them itself
    outcome = cards.produce(planned, site, cache)
    assert (outcome.drawn, outcome.cached, outcome.failed) == (10, 0, ())
    for dest in ("p0/card.png", "p7/card.png", "p11/card.png"):
        assert (site / dest).read_bytes() == planned[dest].render()
    again = cards.produce(planned, tmp_path / "again", cache)
    assert (again.drawn, again.cached) == (0, 10)


@pytest.mark.parametrize(("threads", "idle"), [(3, 2), (1, 0)])  # mkdocs serve; a busy machine
def test_no_card_is_drawn_ahead_under_serve_or_without_an_idle_core(
    tmp_path, monkeypatch, threads, idle
):
    monkeypatch.setattr(cards.threading, "active_count", lambda: threads)
    monkeypatch.setattr(cards, "usable_cores", lambda: 2)
    monkeypatch.setattr(cards, "idle_cores", lambda: idle)
    planned = {f"p{n}/card.png": cards.Card(f"Page {n}", "Site", colors=COLORS) for n in range(9)}
    cards.AHEAD.feed(dict(planned), tmp_path / "cache")
    assert not (tmp_path / "cache").exists()
    if threads > 1:  # nothing can be forked: not even the keys are worked out ahead
        assert cards.AHEAD._keys == set() and cards.AHEAD._waiting == []
    outcome = cards.produce(planned, tmp_path / "site", tmp_path / "cache")  # draws them itself
    assert (outcome.drawn, outcome.cached, outcome.failed) == (9, 0, ())
