"""Responsive images in a real build: a photo in an article is offered as AVIF/WebP copies at a few
widths (files that exist, decode and have the width their `srcset` says), the first image of a
page is eager with `fetchpriority="high"`, every other one lazy, every `<img>` has its size, and
a second build reuses the cached copies."""

from __future__ import annotations

import random

import pytest
from PIL import Image

import harness

NOW = "2026-11-22T12:00:00+00:00"


def write(root):
    posts = {
        "rants/photo.md": harness.article(
            "With a photo", "2025-03-01", "rant",
            "image: ../images/photo.png", "image_alt: Noise, like a photo",
            body="Text.\n\n![A second look](../images/photo.png)\n\n![Remote](https://cdn.example.test/x.png)",
        ),
        "rants/broken.md": harness.article(
            "With a broken image", "2025-02-01", "rant", body="![Broken](../images/broken.png)"
        ),
    }  # fmt: skip
    config = harness.write_site(root, posts, {})
    (root / "posts" / "images").mkdir()
    noise = random.Random(3).randbytes(1000 * 525 * 3)
    Image.frombytes("RGB", (1000, 525), noise).save(root / "posts" / "images" / "photo.png")
    (root / "posts" / "images" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    return config


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    config = write(root / "src")
    first = harness.build(config, root / "one", now=NOW).assert_ok()
    cache = root / "src" / ".cache" / "soapbox" / "images"
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    harness.build(config, root / "two", now=NOW).assert_ok()
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps, "re-encoded"
    assert not (root / "src" / "posts" / "assets").exists()  # nothing written into posts/
    return first


def test_the_article_photo_is_offered_in_smaller_formats_and_widths(built):
    soup = built.html("photo/")
    pictures = soup.select("picture")
    assert len(pictures) == 2  # the header image and the one in the text; not the remote one
    for picture in pictures:
        types = [s["type"] for s in picture.select("source")]
        assert "image/webp" in types
        for source in picture.select("source"):
            for candidate in source["srcset"].split(", "):
                url, width = candidate.split(" ")
                path = built.site / "photo" / url
                with Image.open(path) as image:
                    assert image.width == int(width.rstrip("w"))
                    assert image.format.lower() == source["type"].split("/")[1]
                assert path.stat().st_size < built.path("images/photo.png").stat().st_size
        assert picture.select_one("img")["src"].endswith("images/photo.png")  # the original stays


def test_first_image_eager_and_high_priority_the_rest_lazy_all_sized(built):
    for page in ("photo/", "", "rants/"):
        imgs = built.html(page).select("body img")
        assert imgs, page
        assert imgs[0]["loading"] == "eager" and imgs[0]["fetchpriority"] == "high", page
        assert all(i["loading"] == "lazy" and not i.get("fetchpriority") for i in imgs[1:]), page
        assert all(
            i.get("width") and i.get("height") for i in imgs if "cdn.example" not in i["src"]
        )


def test_feeds_keep_the_original_image(built):
    feed = built.text("feed.xml")
    assert "images/photo.png" in feed and "<picture" not in feed and ".avif" not in feed


def test_an_unreadable_image_is_served_as_it_is_and_the_build_goes_on(built):
    """A file Pillow cannot read (here a truncated PNG) stopped the whole build."""
    img = built.html("broken/").select_one("article img[src$='broken.png']")
    assert img is not None and img.find_parent("picture") is None
    assert img["loading"] == "eager"
