"""soapbox.core.plan: the generated pages, the home sections and the default navigation as data,
and the proof that the core plans the sample site with MkDocs made unimportable."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import harness
from soapbox.core import plan
from soapbox.core.content import DEFAULT_TYPES, ContentSettings, Post
from soapbox.core.problems import Problem, Severity
from soapbox.core.publication import publish

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def post(name: str, type_: str, day: int, **extra) -> Post:
    return Post(
        src_uri=f"{name}.md",
        title=extra.pop("title", name.title()),
        type=type_,
        date=datetime(2024, 3, day, tzinfo=UTC),
        slug=name,
        url=f"{name}/",
        **extra,
    )


def publication(*posts: Post):
    return publish(posts, NOW, preview=False, types=DEFAULT_TYPES)


def test_plan_pages_lists_each_type_paginated_and_the_archive_by_year():
    posts = [post(f"r{i}", "rant", i + 1) for i in range(3)] + [post("c", "case-study", 9)]
    pages = plan.plan_pages(
        publication(*posts),
        DEFAULT_TYPES,
        site_name="Site & Co",
        has_home=False,
        page_size=2,
        archive=True,
        type_descriptions={"rant": "Short pieces."},
    )
    rants = next(t for t in DEFAULT_TYPES if t.key == "rant")
    assert pages["index.md"] == plan.PlannedPage(plan.PageKind.HOME, "Site & Co")
    assert pages[f"{rants.path}index.md"].description == "Short pieces."
    assert pages[f"{rants.path}page/2/index.md"].title == f"{rants.plural} – page 2"
    assert [p.src_uri for p in pages[f"{rants.path}page/2/index.md"].listing.items] == ["r0.md"]
    assert pages["archive/index.md"].kind == "archive"  # a StrEnum compares as its value
    assert pages["archive/2024/index.md"].year == 2024
    assert "speaking/index.md" not in pages  # no speaker posts, no listing
    without = plan.plan_pages(
        publication(*posts), DEFAULT_TYPES, site_name="S", has_home=True, page_size=5, archive=False
    )
    assert "index.md" not in without and not any(k.startswith("archive/") for k in without)


def test_home_view_features_first_and_never_shows_a_post_twice():
    posts = [post("a", "rant", 1, featured=True), post("b", "rant", 2), post("c", "rant", 3)]
    view = plan.home_view(publication(*posts), DEFAULT_TYPES, title="T", featured=3, recent=5)
    assert [p.slug for p in view["featured"]] == ["a"]
    assert [[p.slug for p in ps] for _, ps in view["sections"]] == [["c", "b"]]


def test_default_nav_escapes_titles_and_orders_pages():
    posts = [post("r", "rant", 1), post("z", "page", 2, title="Zed <b>"), post("a", "page", 3)]
    nav = plan.default_nav(publication(*posts), DEFAULT_TYPES, [("Topics & more", "topics/x.md")])
    assert nav[0] == {"Home": "index.md"}
    assert {"Topics &amp; more": "topics/x.md"} in nav
    assert nav[-2:] == [{"A": "a.md"}, {"Zed &lt;b&gt;": "z.md"}]


def test_page_markdown_escapes_what_the_theme_prints_as_html():
    page = plan.PlannedPage(plan.PageKind.TOPIC, 'R&D "<x>"', "Less & more")
    text = plan.page_markdown(page, "soapbox/topic.html")
    assert "title: R&amp;D &quot;&lt;x&gt;&quot;" in text
    assert "description: Less &amp; more" in text
    assert text.endswith("R&amp;D &quot;&lt;x&gt;&quot;. Less &amp; more\n")
    assert plan.url_of("rants/page/2/index.md") == "rants/page/2/" and plan.url_of("index.md") == ""


def test_site_context_makes_absolute_urls():
    site = plan.SiteContext(url="https://example.test/blog/", name="S")
    assert site.absolute("/rants/") == "https://example.test/blog/rants/"
    assert plan.SiteContext(url="", name="S").absolute("rants/") == "/rants/"


# The whole core, imported and run with MkDocs (and the theme) unimportable: the sample's posts
# are read, published and planned by the core alone, with the options of its mkdocs.yml.
BLOCKED_RUN = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    from datetime import datetime
    from importlib.abc import MetaPathFinder
    from pathlib import Path
    from zoneinfo import ZoneInfo

    class Block(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("mkdocs", "material", "properdocs"):
                raise ModuleNotFoundError(f"blocked for this test: {name}")
            return None

    sys.meta_path.insert(0, Block())
    import soapbox.core
    for info in pkgutil.walk_packages(soapbox.core.__path__, "soapbox.core."):
        importlib.import_module(info.name)
    from soapbox.core import plan
    from soapbox.core.content import Author, ContentSettings, parse_post
    from soapbox.core.publication import publish

    import yaml
    from soapbox.core.settings import load_settings

    posts_dir = Path(sys.argv[1])
    site = yaml.safe_load((posts_dir.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    [raw] = [p["soapbox"] for p in site["plugins"] if isinstance(p, dict) and "soapbox" in p]
    options, _ = load_settings(raw)  # the sample's own options, through the core loader
    settings = ContentSettings(
        timezone=ZoneInfo(options.content.timezone),
        authors={key: Author(key, a.name) for key, a in options.authors.items()},
        default_author=next(iter(options.authors)),
    )
    posts = []
    for path in sorted(posts_dir.rglob("*.md")):
        post, problems = parse_post(
            path.relative_to(posts_dir).as_posix(), path.read_text(encoding="utf-8"), settings
        )
        assert post is not None, problems
        posts.append(post)
    now = datetime.fromisoformat(sys.argv[2])
    publication = publish(posts, now, preview=False, types=settings.types)
    pages = plan.plan_pages(
        publication, settings.types, site_name="Maren Okafor", has_home=True,
        page_size=options.listings.page_size, archive=options.listings.archive,
    )

    # The whole site: the plugin's options as plain records (the sample's mkdocs.yml over the
    # defaults), the posts folder as the files the engine would know.
    import yaml
    from types import SimpleNamespace as NS
    from soapbox.core.plan_site import Sources, plan_site

    config_file = posts_dir.parent / "mkdocs.yml"
    raw = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    mine = next(p["soapbox"] for p in raw["plugins"] if isinstance(p, dict) and "soapbox" in p)
    topic = dict(title=None, description="", parent=None, synonyms=[], plurals=True)
    source = dict(topics=[], site="", max_items=10, max_age_days=90, include=[], exclude=[])
    options = NS(
        content=NS(types={k: NS(description=v.get("description", ""))
                          for k, v in mine["content"]["types"].items()},
                   date_format="%B %-d, %Y"),
        listings=NS(page_size=5, archive=True),
        topics=NS(enabled=True, strict=False, suggest=True, related=5, title="Topics",
                  description=mine["topics"]["description"],
                  vocabulary={k: NS(**{**topic, **v})
                              for k, v in mine["topics"]["vocabulary"].items()}),
        feeds=NS(enabled=True, formats=["rss", "atom", "json"], items=20, title="Subscribe",
                 email_signup_url="", email_signup_label="Get new articles by email"),
        speaker=NS(enabled=True, page="hire-me.md", talks_path="talks/",
                   appearances_path="appearances/", calendar=True, call_to_action=True,
                   call_to_action_label="Book me to speak on this"),
        aggregator=NS(enabled=True, sources=[NS(**{**source, **s}) for s in
                      mine["aggregator"]["sources"]], opml="", refresh=60, offline=True,
                      deadline=20, cache_dir=sys.argv[3], excerpt_words=60, page_size=20,
                      topic_items=5, feed_items=30, fail_after_days=7, title="Around the web",
                      description="Posts from blogs worth reading."),
    )
    files = {p.relative_to(posts_dir).as_posix(): p for p in posts_dir.rglob("*") if p.is_file()}
    sources = Sources(
        known=frozenset(files),
        read=lambda src: files[src].read_text(encoding="utf-8") if src in files else "",
        image=lambda src: (src, files[src].stat().st_size) if src in files else None,
    )
    site = plan.SiteContext(url="https://maren.example.com/", name="Maren Okafor")
    whole = plan_site(
        options, settings, site, publication, sources, now=now, command="check",
        config_file=str(config_file),
    )
    print(json.dumps({
        "mkdocs_loaded": any(m.split(".")[0] == "mkdocs" for m in sys.modules),
        "articles": [p.url for p in publication.articles],
        "pages": {src: page.kind for src, page in pages.items()},
        "site": {plan.url_of(src): page.kind for src, page in whole.pages.items()},
        "not_found": [whole.not_found.kind, whole.not_found.is_file],
        "files": sorted(whole.files),
        "errors": [str(p) for p in whole.problems if p.severity.name == "ERROR"],
    }))
    """
)


def test_the_core_plans_the_sample_with_mkdocs_unimportable(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            BLOCKED_RUN,
            str(harness.REPO / "posts"),
            NOW.isoformat(),
            str(tmp_path / "cache"),  # the river's snapshot: never the sample's own cache
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["mkdocs_loaded"] is False
    assert len(result["articles"]) == 15  # what the sample publishes (see its build log)
    # The same generated pages as the real build (tests/golden holds their output).
    golden = harness.REPO / "tests" / "golden"
    assert result["pages"]["rants/page/2/index.md"] == "listing"
    assert result["pages"]["archive/index.md"] == "archive"
    assert {f"archive/{y}/index.md" for y in (2023, 2024, 2025, 2026)} <= set(result["pages"])
    for url in result["articles"][:3]:
        assert (golden / "sitemap.xml").read_text(encoding="utf-8").count(url) >= 1, url
    # Every feature's pages are planned by the core too, under the one page contract.
    site = result["site"]
    assert result["errors"] == []
    assert site["topics/"] == "topics" and site["topics/negotiation/"] == "topic"
    assert site["subscribe/"] == "subscribe"
    assert site["around-the-web/"] == "around-the-web"
    assert site["appearances/"] == "appearances" and site["hire-me/thanks/"] == "thanks"
    talks = [url for url, kind in site.items() if kind == "talk"]
    assert talks and all(url.startswith("talks/") for url in talks)
    assert result["not_found"] == ["404", False]  # the theme's 404.html, not a generated file
    assert {"topics.json", "feeds.opml", "appearances.ics"} <= set(result["files"])
    # ... at the addresses the real build publishes (tests/golden holds its sitemap and topics).
    sitemap = (golden / "sitemap.xml").read_text(encoding="utf-8")
    # The thank-you page and the listings' later pages are noindex: not in the sitemap.
    listed = {url for url, kind in site.items() if kind != "thanks" and "/page/" not in url}
    assert {url for url in listed if f"https://maren.example.com/{url}<" not in sitemap} == set()
    topics = json.loads((golden / "topics.json").read_text(encoding="utf-8"))["topics"]
    assert {t["url"].removeprefix("https://maren.example.com/") for t in topics} == {
        url for url, kind in site.items() if kind == "topic" and "/page/" not in url
    }


def test_read_posts_reads_each_file_once_and_reports_what_is_not_utf8():
    calls: list[str] = []

    def reader(name: str, text: str | None):
        def read() -> str:
            calls.append(name)
            if text is None:
                raise UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
            return text

        return read

    good = "---\ntitle: Hello\ndate: 2024-03-12\ntype: rant\n---\n\nBody.\n"
    settings = ContentSettings()
    posts, problems = plan.read_posts(
        [("a.md", reader("a.md", good)), ("b.md", reader("b.md", None))], settings
    )
    assert [p.title for p in posts] == ["Hello"] and calls == ["a.md", "b.md"]
    assert posts[0].source is not None and posts[0].source.lines["title"] == 2
    assert [str(p) for p in problems] == [
        "posts/b.md: is not UTF-8 text (invalid start byte at byte 0); save it as UTF-8"
    ]


def test_summary_lines_name_the_next_scheduled_post():
    later = dataclasses.replace(post("later", "rant", 1), date=NOW.replace(year=2027))
    lines = plan.summary_lines(publication(post("a", "rant", 2), later), "posts")
    assert lines[0] == "1 articles published; left out: 0 draft(s), 1 scheduled"
    assert lines[1].startswith("Scheduled: 2027-11-22 12:00+00:00  'Later' (posts/later.md)")
    assert lines[2].endswith("goes live on 2027-11-22 12:00+00:00; left out of this build")


def test_every_page_kind_has_a_template_and_reads_its_data_as_attributes():
    assert set(plan.TEMPLATES) == set(plan.PageKind)
    page = plan.PlannedPage(plan.PageKind.TALK, "Stop demoing", data={"talk": "the talk"})
    assert page.template == "soapbox/talk.html"
    assert page.talk == "the talk"  # what templates and the SEO record read
    assert getattr(page, "topic", None) is None  # a field of another kind is simply absent
    assert "template: soapbox/talk.html" in plan.page_markdown(page)
    assert dataclasses.replace(page, title="Other").talk == "the talk"
    assert not plan.PlannedPage(plan.PageKind.NOT_FOUND, "Page not found").is_file


def test_under_serve_the_rivers_lines_and_warnings_are_said_once_its_errors_always():
    warning = Problem("river", None, None, "a feed is slow", Severity.WARNING)
    error = Problem("river", None, None, "a feed is gone")
    said: set[str] = set()
    first = plan.said_once(["fetched 3 feeds"], [warning, error], serve=True, said=said)
    again = plan.said_once(["fetched 3 feeds"], [warning, error], serve=True, said=said)
    assert first == (["fetched 3 feeds"], [warning, error])
    assert again == ([], [error])
    build = plan.said_once(["fetched 3 feeds"], [warning], serve=False, said=said)
    assert build == (["fetched 3 feeds"], [warning])
