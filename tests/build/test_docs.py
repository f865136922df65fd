"""The documentation site (docs/): it builds --strict, every internal link and anchor resolves,
the README's links lead to files, and the configuration reference is exactly what the option
docstrings in plugins/soapbox/core/settings.py generate."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import harness
from soapbox import reference

NOW = "2026-01-15T12:00:00+00:00"
DOCS = harness.REPO / "docs"


def test_the_configuration_reference_is_generated_from_the_code():
    committed = reference.PAGE.read_text(encoding="utf-8")
    assert committed == reference.render(), (
        f"{reference.PAGE.relative_to(harness.REPO)} is out of date with the option docstrings in"
        f" plugins/soapbox/core/settings.py; regenerate it: {reference.REGENERATE}"
    )


def test_the_reference_documents_every_option_with_its_default():
    page = reference.render()
    for row in (
        "| `content.timezone` | text | `UTC` | Time zone of front matter dates without an offset;",
        '| `hire_me.enabled` | true/false | `true` | Show the "hire me" call to action. |',
        "| `feeds.formats` | list of one of `rss`, `atom`, `json` | `[rss, atom, json]` |",
        "| `aggregator.sources` | ",
        "| `authors.<key>.name` | text | — | Display name in bylines. |",
    ):
        assert row in page
    assert reference.main(["--check"]) == 0


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs") / "site"
    result = harness.build(DOCS / "mkdocs.yml", out, now=NOW).assert_ok()
    assert [line for line in result.output.splitlines() if line.startswith("WARNING")] == []
    return result


def _ids(page: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))


def test_every_internal_link_and_anchor_of_the_docs_resolves(docs_site):
    site = docs_site.site
    # 404.html links from the server's root (it is served at any depth); every other page
    # links relatively.
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    assert len(pages) >= 13
    broken = []
    checked = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for attr, url in re.findall(r'\b(href|src)="([^"]*)"', html):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:")):
                continue
            if parts.path:
                target = (page.parent / unquote(parts.path)).resolve()
                if target.is_dir():
                    target = target / "index.html"
            else:
                target = page
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {attr}={url}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in _ids(target)
            ):
                broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    assert checked > 200
    assert broken == []
    assert docs_site.path("configuration/").exists()
    assert docs_site.path("images/home.png").exists()


def test_the_readme_is_short_and_its_links_lead_to_files():
    readme = (harness.REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) < 12_000
    first_screen = readme[: readme.index("## What it is")]
    order = ["git clone", "make site", "soapbox init", "soapbox import wordpress", "make site"]
    positions = []
    start = 0
    for step in order:
        start = first_screen.index(step, start) + 1
        positions.append(start)
    assert positions == sorted(positions)
    assert ".venv/bin/soapbox" in first_screen
    links = re.findall(r"\]\(([^)\s]+)\)", readme)
    local = [link for link in links if not urlsplit(link).scheme]
    assert local
    for link in local:
        assert (harness.REPO / link.split("#")[0]).exists(), link
    png = harness.REPO / "docs/pages/images/home.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size < 100_000
