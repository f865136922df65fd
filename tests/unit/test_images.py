"""soapbox.core.images: cached WebP/AVIF copies and responsive `<img>` tags."""

from __future__ import annotations

import posixpath
import random

import pytest
from PIL import Image

from soapbox.core import images


def photo(path, width=1000, height=560):
    """A photo-like PNG (noise does not compress): WebP and AVIF are much smaller."""
    noise = random.Random(7).randbytes(width * height * 3)
    Image.frombytes("RGB", (width, height), noise).save(path)
    return path


def already_small(path):
    """An original compressed harder than Soapbox compresses (WebP at quality 1)."""
    photo(path.with_suffix(".png"), 300, 200)
    with Image.open(path.with_suffix(".png")) as image:
        image.save(path, format="WEBP", quality=1)
    return path


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")  # shared: each copy is encoded once per module


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return photo(tmp_path_factory.mktemp("img") / "photo.png")


def test_copies_at_each_smaller_width_and_the_original_width_in_every_format(big, cache):
    variants = images.Variants.of(big, cache)
    assert (variants.width, variants.height) == (1000, 560)
    expected = {(fmt, w) for fmt in images.formats() for w in (480, 960, 1000)}
    assert {(v.format, v.width) for v in variants.variants} == expected
    assert "webp" in images.formats()
    for v in variants.variants:
        with Image.open(v.path) as copy:
            assert copy.size == (v.width, v.height) and copy.format == v.format.upper()
        assert v.path.stat().st_size < big.stat().st_size


def test_copies_are_cached_by_content(big, cache):
    first = images.Variants.of(big, cache)
    stamps = {v.path: v.path.stat().st_mtime_ns for v in first.variants}
    second = images.Variants.of(big, cache)
    assert second == first
    assert {v.path: v.path.stat().st_mtime_ns for v in second.variants} == stamps  # not re-encoded
    assert not list(cache.glob("*.part"))


def test_a_copy_no_smaller_than_the_original_is_never_offered(tmp_path):
    source = already_small(tmp_path / "small.webp")
    variants = images.Variants.of(source, tmp_path / "cache")
    assert variants.variants == ()
    assert len(list((tmp_path / "cache").iterdir())) == len(images.formats())  # made, not offered
    assert (
        images.rewrite('<img src="flat.png">', lambda src: (variants, str)).count("<picture") == 0
    )
    assert 'loading="eager"' in images.rewrite('<img src="flat.png">', lambda src: (variants, str))


def test_the_first_image_is_eager_and_high_priority_the_rest_lazy(big, cache):
    variants = images.Variants.of(big, cache)
    page = (
        '<p><img src="../images/photo.png" alt="Say &quot;hi&quot; &amp; wave"></p>'
        '<img src="https://cdn.example.test/x.png" alt="" loading="eager" fetchpriority="high">'
        '<img src="../images/photo.png" alt="" width="800" height="450" loading="lazy">'
    )

    def resolve(src):
        if src.startswith("https:"):
            return None
        return variants, lambda v: f"../assets/images/{v.path.name}"

    out = images.rewrite(page, resolve)
    tags = [t for t in out.split("<") if t.startswith("img ")]
    assert 'loading="eager"' in tags[0] and 'fetchpriority="high"' in tags[0]
    assert 'width="1000" height="560"' in tags[0]  # filled in from the file
    assert 'alt="Say &quot;hi&quot; &amp; wave"' in tags[0]
    assert 'loading="lazy"' in tags[1] and "fetchpriority" not in tags[1]  # remote: lazy only
    assert 'loading="lazy"' in tags[2] and 'width="800"' in tags[2]
    assert out.count("<picture>") == 2 and "cdn.example.test/x.png" in out
    first = out.split("</picture>")[0]
    assert '<source type="image/webp" srcset="../assets/images/' in first
    assert (
        "480w" in first
        and "1000w" in first
        and 'sizes="(max-width: 1000px) 100vw, 1000px"' in first
    )
    if "avif" in images.formats():
        assert first.index("image/avif") < first.index("image/webp")  # the smaller format first


def test_an_image_already_in_a_picture_keeps_its_sources():
    page = '<picture><source srcset="a.avif" type="image/avif"><img src="a.png" alt=""></picture>'
    out = images.rewrite(page, lambda src: pytest.fail("must not be resolved"))
    assert out.count("<picture>") == 1 and out.count("<source") == 1
    assert 'loading="eager"' in out


def test_images_of_a_site_resolve_relative_to_the_page_and_read_each_file_once(tmp_path):
    docs, site, cache = tmp_path / "posts", tmp_path / "site", tmp_path / "cache"
    (docs / "img").mkdir(parents=True)
    photo(docs / "img" / "chart.png")
    (docs / "img" / "broken.png").write_bytes(b"not a png")
    notes: list[str] = []
    known: dict = {}
    made = images.Images(docs, site, cache, known, note=notes.append)
    html = made.page(
        '<p><img src="../img/chart.png" alt="A"><img src="../img/broken.png"></p>', "rants/"
    )
    assert html.startswith("<p><picture>") and 'srcset="../assets/images/' in html
    assert '<img src="../img/broken.png" loading="lazy" decoding="async">' in html
    assert len(notes) == 1 and "img/broken.png is served as it is" in notes[0]
    assert made.variants("https://cdn.test/x.png", "") is None and made.variants("", "") is None
    again = images.Images(docs, site, cache, known, note=notes.append)
    again.page('<img src="/img/broken.png">', "")
    assert len(notes) == 1 and len(known) == 2  # remembered: not read (nor reported) again


def test_a_build_looks_at_each_image_once_and_the_next_build_looks_again(tmp_path, monkeypatch):
    """Pages in different folders that show one image: one look at the file per build, each
    page's own `resolved`, and its copies published once; a new `Images` (the next build) sees
    the file replaced in between."""
    docs, site, cache = tmp_path / "posts", tmp_path / "site", tmp_path / "cache"
    (docs / "img").mkdir(parents=True)
    photo(docs / "img" / "chart.png", 600, 300)
    known: dict = {}
    build = images.Images(docs, site, cache, known)
    looked: list[str] = []
    of = build._of
    monkeypatch.setattr(build, "_of", lambda path: looked.append(path) or of(path))
    one = build.page('<img src="../../img/chart.png">', "rants/one/")
    assert [r[:2] for r in build.resolved] == [["../../img/chart.png", "rants/one/"]]
    assert build.resolved[0][2][:2] == [600, 300]
    two = build.page('<img src="../img/chart.png"><img src="https://x.test/a.png">', "a/")
    assert looked == ["img/chart.png"]  # once for both pages
    assert [r[:2] for r in build.resolved] == [
        ["../img/chart.png", "a/"],
        ["https://x.test/a.png", "a/"],
    ]
    assert build.resolved[1][2] is None  # not this site's: nothing to replay
    assert 'width="600"' in one and 'width="600"' in two
    assert build.replay(build.resolved)
    photo(docs / "img" / "chart.png", 500, 250)
    assert build.replay(build.resolved)  # the same build: the same answer
    after = images.Images(docs, site, cache, known)
    assert not after.replay(build.resolved)  # the next build: replaced, so not replayed
    assert 'width="500"' in after.page('<img src="/img/chart.png">', "")


@pytest.mark.parametrize(
    "folder", ["", "rants/", "rants/one/", "a/b/c/", "assets/", "assets/images/", "assets/img/"]
)
def test_a_copys_url_is_its_path_relative_to_the_pages_folder(folder):
    name = "0123abcd-480.webp"
    expected = posixpath.relpath(f"assets/images/{name}", folder.rstrip("/") or ".")
    assert images._url_from(folder, name) == expected
