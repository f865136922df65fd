"""`soapbox import folder` (Jekyll, Hugo) and `soapbox import feed` (feeds of the shared corpus,
served from 127.0.0.1, and saved files): front matter mapped, template code flagged, feeds'
full text converted safely, bad input named, re-runs change nothing, and the result builds."""

from __future__ import annotations

import shutil

import import_sites
import pytest
import yaml

import harness

NOW = import_sites.NOW
PLUGIN = {"content": {"timezone": "Europe/Berlin"}}
THEME = {"theme": {"name": "material", "font": False}}
HOME = "---\ntitle: Home\n---\n\nWelcome.\n"


def new_site(root):
    return harness.write_site(root / "site", {"index.md": HOME}, PLUGIN, THEME)


def front(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def twice(soapbox, *argv: str) -> tuple[str, str]:
    """Import twice; the second run must leave posts/ byte-identical. Returns both outputs."""
    code, first, err = soapbox(*argv)
    assert code == 0, err
    config = argv[argv.index("-f") + 1]
    docs = harness.Path(config).parent / "posts"
    before = harness.snapshot_tree(docs)
    code, second, err = soapbox(*argv)
    assert code == 0, err
    assert harness.snapshot_tree(docs) == before
    return first, second


def test_jekyll_folder_maps_front_matter_dates_and_old_addresses(tmp_path, soapbox):
    config = new_site(tmp_path)
    source = import_sites.FIXTURES / "jekyll"
    first, second = twice(soapbox, "import", "folder", str(source), "-f", str(config))
    docs = config.parent / "posts"
    post = front(docs / "rants/first-steps-in-discovery.md")
    assert post == {
        "title": "First steps in discovery",
        "date": "2019-05-04 00:00+02:00",  # from the file name, in the site's time zone
        "type": "rant",
        "topics": ["field notes", "discovery", "questions"],
        "description": "Three questions to ask before you open a slide deck.",
        "aliases": ["/2019/05/first-steps-in-discovery.html"],
        "extra": {"import_id": "folder:_posts/2019-05-04-first-steps-in-discovery.md"},
    }
    assert "<!-- more -->" in (docs / "rants/first-steps-in-discovery.md").read_text()
    assert front(docs / "rants/a-draft-idea.md")["draft"] is True
    listening = front(docs / "rants/listening-more.md")
    assert listening["date"] == "2020-01-20 08:15+01:00"
    assert listening["aliases"] == ["/listening/"]
    assert (
        "_posts/2019-05-04-first-steps-in-discovery.md: template code Soapbox does not run"
        " (Liquid or Hugo shortcodes) on line(s) 16" in first
    )
    assert "soapbox import: 3 imported (1 as drafts), 0 skipped" in first
    assert "soapbox import: 0 imported (0 as drafts), 3 skipped" in second
    build = harness.build(config, tmp_path / "out", now=NOW).assert_ok()
    assert build.html("2019/05/first-steps-in-discovery.html").find("a")["href"] == (
        "../../first-steps-in-discovery/"
    )
    assert "Ask what made the problem urgent" not in build.text("rants/")  # after <!-- more -->


def test_hugo_folder_skips_what_it_cannot_read_and_flags_shortcodes(tmp_path, soapbox):
    config = new_site(tmp_path)
    source = import_sites.FIXTURES / "hugo"
    first, _ = twice(
        soapbox, "import", "folder", str(source), "-f", str(config), "--type", "case-study"
    )
    docs = config.parent / "posts"
    pricing = front(docs / "case-studies/pricing-without-panic.md")
    assert pricing["date"] == "2021-03-02 09:00+01:00"
    assert pricing["description"] == "Holding a price is a skill you can practise."
    assert pricing["aliases"] == ["/post/pricing-panic/"]
    assert front(docs / "case-studies/bundle-post.md")["topics"] == ["Field notes"]
    assert "posts/_index.md: a section index, not a post" in first
    assert "posts/toml-post.md: has TOML front matter (+++); convert it to YAML" in first
    assert "posts/pricing-without-panic.md: template code Soapbox does not run" in first
    harness.build(config, tmp_path / "out", now=NOW).assert_ok()


def test_a_folder_inside_the_docs_folder_or_missing_is_refused(tmp_path, soapbox):
    config = new_site(tmp_path)
    code, _, err = soapbox("import", "folder", str(config.parent / "posts"), "-f", str(config))
    assert code == 2 and "is inside the docs folder" in err
    code, _, err = soapbox("import", "folder", str(tmp_path / "nope"), "-f", str(config))
    assert code == 2 and "is not a folder" in err


@pytest.fixture(scope="module")
def corpus_url():
    with harness.serve(harness.FEEDS_CORPUS) as url:
        yield url


@pytest.mark.parametrize(
    ("name", "entries"),
    [
        ("rss2-ghost-workingsoftware-media-cdata.xml", 15),  # Ghost: scripts and iframes inside
        ("rss2-medium-hodlhodl-company-news.xml", 10),  # Medium: figures, tracking pixels
        ("atom-google-ads-developer-blog-blogger.xml", 25),  # Blogger
    ],
)
def test_feeds_become_posts_with_their_full_text_and_nothing_executable(
    tmp_path, soapbox, corpus_url, name, entries
):
    config = new_site(tmp_path)
    first, second = twice(
        soapbox, "import", "feed", corpus_url + name, "--no-images", "-f", str(config)
    )
    posts = sorted((config.parent / "posts" / "rants").glob("*.md"))
    assert len(posts) == entries
    assert f"soapbox import: {entries} imported" in first
    assert f"soapbox import: 0 imported (0 as drafts), {entries} skipped" in second
    for post in posts:
        text = post.read_text(encoding="utf-8")
        lowered = text.lower()
        assert (
            "<script" not in lowered and "<iframe" not in lowered and "javascript:" not in lowered
        )
        matter = front(post)
        assert matter["extra"]["import_id"].startswith("feed:")
        assert matter["date"][:2] in ("19", "20")


def test_a_saved_json_feed_file_imports_and_an_html_page_is_named(tmp_path, soapbox, corpus_url):
    config = new_site(tmp_path)
    saved = tmp_path / "feed.json"
    shutil.copy(harness.FEEDS_CORPUS / "jsonfeed11-german-blog-authors-language.json", saved)
    code, out, err = soapbox("import", "feed", str(saved), "--no-images", "-f", str(config))
    assert code == 0, err
    assert "imported" in out and list((config.parent / "posts" / "rants").glob("*.md"))
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html><body>A blog</body></html>", encoding="utf-8")
    code, out, err = soapbox("import", "feed", str(page), "-f", str(config))
    assert code == 1 and f"{page}: is a web page (HTML), not a feed" in err
    code, out, err = soapbox(
        "import", "feed", str(import_sites.FIXTURES / "wordpress.xml"), "-f", str(config)
    )
    assert code == 1 and "is a WordPress export" in err and "soapbox import wordpress" in err
    code, out, err = soapbox("import", "feed", corpus_url + "missing.xml", "-f", str(config))
    assert code == 1 and f"{corpus_url}missing.xml" in err and "nothing was imported" in err


def test_material_blog_folder_reads_its_date_mapping_slug_and_heading_title(tmp_path, soapbox):
    config = new_site(tmp_path)
    source = import_sites.FIXTURES / "material"
    first, _ = twice(soapbox, "import", "folder", str(source), "-f", str(config))
    post = front(config.parent / "posts/rants/hello-from-material.md")
    assert post["title"] == "Hello from Material's blog"
    assert post["date"] == "2023-01-31 00:00+01:00"
    assert post["updated"] == "2023-02-02 00:00+01:00"
    assert post["topics"] == ["Field notes"]
    assert "soapbox import: 1 imported" in first
    harness.build(config, tmp_path / "out", now=NOW).assert_ok()


def test_type_options_are_checked_against_the_sites_types(tmp_path, soapbox):
    config = str(new_site(tmp_path))
    source = str(import_sites.FIXTURES / "jekyll")
    code, _, err = soapbox("import", "folder", source, "--type", "essay", "-f", config)
    assert code == 2 and "--type 'essay' is not a content type; use one of rant," in err
    code, _, err = soapbox("import", "folder", source, "--map-category", "Notes", "-f", config)
    assert code == 2 and "--map-category 'Notes' must look like 'Category name=TYPE'" in err
    code, out, err = soapbox(
        "import", "folder", source, "--map-category", "Field Notes=case-study", "-f", config
    )
    assert code == 0, err
    assert "-> posts/case-studies/first-steps-in-discovery.md" in out
    assert "-> posts/rants/listening-more.md" in out
