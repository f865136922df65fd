"""Share links, comments, newsletter, promotion and the search index in a real build."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"
HOSTILE = "R&D <script>alert('x')</script> & \"more\""
GISCUS = {"enabled": True, "repo": "o/r", "repo_id": "R_1", "category_id": "C_1", "types": ["rant"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("engage")
    posts = {
        "rants/loud.md": f"---\ntitle: {json.dumps(HOSTILE)}\ndate: 2024-01-02\n---\nBody words.\n",
        "rants/quiet.md": "---\ntitle: Quiet\ndate: 2024-01-03\ncomments: false\n---\nBody.\n",
        "speaking/talk.md": "---\ntitle: Talk\ndate: 2024-01-04\n---\nBody.\n",
        "speaking/open.md": "---\ntitle: Open\ndate: 2024-01-05\ncomments: true\n---\nBody.\n",
        "about.md": "---\ntitle: About\n---\nAbout text.\n",
    }
    plugin = {
        "engagement": {
            "comments": GISCUS,
            "newsletter": {
                "enabled": True,
                "action": "https://buttondown.com/api/emails/embed-subscribe/x",
            },
            "promo": {"enabled": True, "types": ["speaker"], "title": "My book", "url": "about/"},
        }
    }
    config = harness.write_site(
        root / "src", posts, plugin, {"theme": {"name": "material", "font": False}}
    )
    result = harness.build(config, root / "site", now=NOW)
    result.assert_ok()
    return result


def test_comments_only_where_enabled_and_nothing_loads_until_asked(built):
    assert built.html("loud/").select_one("#comments")["data-giscus-repo"] == "o/r"
    assert built.html("quiet/").select_one("#comments") is None
    assert built.html("talk/").select_one("#comments") is None
    assert built.html("open/").select_one("#comments") is not None
    assert built.html("about/").select_one("#comments") is None
    for rel in ("loud/", "open/"):
        page = built.html(rel)
        assert not [s for s in page.select("script[src]") if "giscus" in s["src"]]
        assert not page.select("iframe")


def test_share_links_are_encoded_for_hostile_titles(built):
    page = built.html("loud/")
    links = {a.get_text(): a["href"] for a in page.select(".sb-share a")}
    assert parse_qs(urlsplit(links["X"]).query) == {
        "text": [HOSTILE],
        "url": ["https://example.test/loud/"],
    }
    assert "<script>" not in built.text("loud/").split('class="sb-share"')[1].split("</nav>")[0]
    assert page.select_one("[data-sb-copy]")["data-sb-copy"] == "https://example.test/loud/"


def test_newsletter_and_promo(built):
    form = built.html("loud/").select_one(".sb-newsletter form")
    assert form["action"] == "https://buttondown.com/api/emails/embed-subscribe/x"
    assert form.select_one("input[type=email]")["name"] == "email"
    assert built.html("loud/").select_one(".sb-promo") is None
    assert built.html("talk/").select_one(".sb-promo a")["href"] == "../about/"


def test_newsletter_signup_sits_next_to_the_feeds_on_the_subscribe_page(built):
    form = built.html("subscribe/").select_one(".sb-newsletter form")
    assert form["action"] == "https://buttondown.com/api/emails/embed-subscribe/x"


def test_search_index_has_articles_and_no_listings(built):
    docs = json.loads(built.text("search/search_index.json"))["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert {"loud/", "quiet/", "talk/", "open/"} <= locations
    assert not {"", "rants/", "speaking/", "archive/", "archive/2024/"} & locations


def test_incomplete_comment_settings_name_the_missing_option(tmp_path):
    config = harness.write_site(
        tmp_path / "src",
        {"a.md": "# A\n"},
        {"engagement": {"comments": {"enabled": True, "repo": "o/r"}}},
    )
    result = harness.build(config, tmp_path / "site", now=NOW)
    assert result.returncode == 1
    assert "soapbox: engagement.comments.repo_id is empty; comments are enabled" in result.output
