"""No speaker, no broken links: without a hire-me page nothing links to one, and a link Soapbox's
templates print from mkdocs.yml that leads nowhere is a warning (so a strict build fails) naming
the page, the link and the option to fix."""

from __future__ import annotations

import re

import harness
from harness import article

NOW = "2026-01-15T12:00:00+00:00"
POSTS = {
    "index.md": "---\ntitle: Ana Ruiz\ntype: page\n---\nI write about pricing.\n",
    "about.md": "---\ntitle: About\n---\nAbout Ana.\n",
    "rants/one.md": article("Rant one", "2025-05-01", "rant"),
    "case-studies/two.md": article("Case two", "2025-06-01", "case-study", "featured: true"),
}
AUTHORS = {"ana": {"name": "Ana Ruiz", "url": "about/"}}


def _build(tmp_path, posts, plugin, *, strict=True):
    config = harness.write_site(tmp_path / "src", posts, {"authors": AUTHORS, **plugin})
    return harness.build(config, tmp_path / "site", now=NOW, strict=strict)


def _hrefs_to(site, target: str) -> list[str]:
    """Every page (site-relative) holding an <a> whose href resolves to /target."""
    from soapbox.core.links import internal_target

    found = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        page_url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        html = path.read_text(encoding="utf-8")
        for href in re.findall(r'<a\b[^>]*\bhref="([^"]*)"', html):
            if internal_target(href, page_url) == target:
                found.append(rel)
    return found


def test_without_a_hire_me_page_nothing_links_to_one_and_strict_passes(tmp_path):
    result = _build(tmp_path, POSTS, {}).assert_ok()
    assert "WARNING" not in result.output
    assert "hire_me: there is no page at '/hire-me/'" in result.output  # said once, as info
    assert _hrefs_to(result.site, "hire-me/") == []
    home = result.html("")
    assert home.select_one(".sb-announce") is None  # the bar above the header
    assert home.select_one(".sb-hero .md-button") is None  # the home hero's button
    post = result.html("one/")
    assert post.select_one(".sb-cta") is None  # the box at the end of a post
    assert "Hire me" not in post.get_text()


def test_with_the_page_the_call_to_action_is_back_and_off_turns_it_off(tmp_path):
    posts = {**POSTS, "hire-me.md": "---\ntitle: Hire me\n---\nBook a talk.\n"}
    shown = _build(tmp_path / "on", posts, {}).assert_ok()
    assert shown.html("").select_one(".sb-announce")["href"] == "hire-me/"
    assert shown.html("one/").select_one(".sb-cta a")["href"] == "../hire-me/"
    off = _build(tmp_path / "off", posts, {"hire_me": {"enabled": False}}).assert_ok()
    assert off.html("").select_one(".sb-announce") is None
    assert off.html("one/").select_one(".sb-cta") is None


def test_a_configured_link_to_a_missing_page_fails_strict_naming_page_link_and_option(tmp_path):
    promo = {"enabled": True, "title": "The book", "text": "Out soon.", "url": "hire-me/",
             "label": "Get notified", "types": ["rant"]}  # fmt: skip
    plugin = {"engagement": {"promo": promo}}
    failed = _build(tmp_path / "strict", POSTS, plugin)
    assert failed.returncode != 0
    warning = next(line for line in failed.output.splitlines() if "WARNING" in line)
    assert "posts/rants/one.md: links to '/hire-me/'" in warning
    assert "'engagement.promo.url' in mkdocs.yml" in warning
    assert "Aborted with 1 warnings in strict mode" in failed.output
    # Without --strict the site builds, and the warning still says what to fix.
    relaxed = _build(tmp_path / "relaxed", POSTS, plugin, strict=False).assert_ok()
    assert "engagement.promo.url" in relaxed.output


def test_an_author_profile_link_to_a_missing_page_is_named_by_its_option(tmp_path):
    posts = {k: v for k, v in POSTS.items() if k != "about.md"}
    failed = _build(tmp_path, posts, {})
    assert failed.returncode != 0
    assert "links to '/about/'" in failed.output
    assert "'authors.ana.url' in mkdocs.yml" in failed.output
