"""Material's page skeleton comes out valid and accessible (plugins/soapbox/core/markup.py and
main.html's site_nav block): the corrections apply to every page, the 404 page included."""

from __future__ import annotations

import html

import pytest

import harness
from soapbox.core.markup import fix_material_markup

NOW = "2026-11-22T12:00:00+00:00"
BODY = "Intro paragraph.\n\n## First part\n\nText.\n\n## Second part\n\nMore text.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("markup")
    posts = {
        "rants/with-toc.md": harness.article("With sections", "2026-01-02", body=BODY),
        "rants/plain.md": harness.article("No sections", "2026-01-03"),
        "about.md": "---\ntitle: About\n---\n\n# About\n\nIntro.\n\n## Part\n\nText.\n",
    }
    mkdocs = {"theme": {"name": "material", "font": False, "language": "de"}}
    config = harness.write_site(root / "src", posts, {}, mkdocs)
    result = harness.build(config, root / "site", now=NOW)
    result.assert_ok()
    return result


PAGES = ["index.html", "with-toc/index.html", "plain/index.html", "about/index.html", "404.html"]


@pytest.mark.parametrize("rel", PAGES)
def test_toggles_have_no_autocomplete_and_search_dialog_is_named(built, rel):
    page = built.html(rel)
    toggles = page.select("input.md-toggle[data-md-toggle]")
    assert {t["id"] for t in toggles} == {"__drawer", "__search"}
    assert all(not t.has_attr("autocomplete") for t in toggles)
    dialog = page.select_one('.md-search[role="dialog"]')
    assert dialog is not None
    # The theme's language (German here) names the dialog, like Material's own search box.
    search_box = page.select_one("input.md-search__input")
    assert dialog["aria-label"] == search_box["aria-label"] == "Suche"


@pytest.mark.parametrize("rel", PAGES)
def test_every_label_points_at_a_control(built, rel):
    page = built.html(rel)
    ids = {
        element["id"] for element in page.select("input[id], select[id], textarea[id], button[id]")
    }
    targets = [label["for"] for label in page.select("label[for]")]
    assert targets, rel
    assert not [t for t in targets if t not in ids], rel
    all_ids = [element["id"] for element in page.select("[id]")]
    assert len(all_ids) == len(set(all_ids)), f"{rel}: duplicate ids"


def test_article_with_sections_gets_the_toc_checkbox_once(built):
    page = built.html("with-toc/")
    assert page.select_one('label.md-nav__title[for="__toc"]') is not None
    assert len(page.select("#__toc")) == 1
    # A page in the navigation has Material's own checkbox, and no second one.
    assert len(built.html("about/").select("#__toc")) == 1


@pytest.mark.parametrize(
    "name",
    # As Material writes them: already escaped attribute values.
    ["Search", "Fil &amp; &quot;Zoek&quot;", "&lt;script&gt;", "&#39;quoted&#39;"],
)
def test_dialog_name_stays_escaped(name):
    source = (
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" '
        'autocomplete="off">'
        '<div class="md-search" data-md-component="search" role="dialog">'
        f'<input type="text" class="md-search__input" name="query" aria-label="{name}" '
        'placeholder="x">'
    )
    fixed = fix_material_markup(source)
    assert 'id="__search">' in fixed and "autocomplete" not in fixed.split("<div")[0]
    label = fixed.split('role="dialog" aria-label="')[1].split('">')[0]
    assert html.unescape(label) == html.unescape(name)
    assert "<" not in label and '"' not in label


def test_unrelated_markup_is_left_alone():
    source = (
        '<input type="checkbox" id="mine" autocomplete="off"><div class="md-search" role="dialog">'
    )
    assert fix_material_markup(source) == source
