"""soapbox.core.reach.plan: what reach adds to a build, decided from plain data (no MkDocs): head
links, each author's handle, the identity files, llms.txt, the robots.txt groups and the
mentions each article shows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from soapbox.core.plan import SiteContext
from soapbox.core.publication import publish
from soapbox.core.reach import mentions
from soapbox.core.reach import plan as reach

SITE = SiteContext("https://maren.test/", "Maren <Okafor> & Co")
NOW = datetime(2026, 3, 1, tzinfo=UTC)
EMPTY = publish([], NOW, preview=False, types=())


def options(**reach_values: object) -> SimpleNamespace:
    values: dict[str, object] = dict(
        ai_crawlers="", rel_me=[], webmention="", webfinger="", webfinger_actor="",
        atproto_did="", indexnow_key="", llms_txt=False, mentions="",
    )  # fmt: skip
    values.update(reach_values)
    return SimpleNamespace(
        reach=SimpleNamespace(**values),
        seo=SimpleNamespace(robots=SimpleNamespace(disallow=["/drafts/"])),
        authors={"maren": SimpleNamespace(fediverse="@maren@social.test"), "guest": SimpleNamespace(fediverse="")},
        hire_me=SimpleNamespace(enabled=True, url="/hire-me/", label="Hire me", text="Workshops"),
    )  # fmt: skip


def test_head_links_handles_and_identity_files():
    planned = reach.plan(
        options(
            rel_me=["https://social.test/@maren", " https://gh.test/maren "],
            webmention="https://webmention.test/maren/webmention",
            webfinger="@maren@maren.test",
            atproto_did="did:plc:abcdefghijklmnopqrstuvwx",
            indexnow_key="0123abcd",
        ),
        SITE, "", EMPTY, {}, show_hire_me=False,
    )  # fmt: skip
    assert planned.creators == {"maren": "@maren@social.test"}
    assert [(link.rel, link.href) for link in planned.links] == [
        ("me", "https://social.test/@maren"),
        ("me", "https://gh.test/maren"),
        ("webmention", "https://webmention.test/maren/webmention"),
    ]
    assert set(planned.files) == {reach.WEBFINGER, reach.ATPROTO_DID, "0123abcd.txt"}
    assert json.loads(planned.files[reach.WEBFINGER])["subject"] == "acct:maren@maren.test"
    assert planned.notes == []


def test_llms_txt_needs_a_site_url_and_lists_the_hire_me_page():
    planned = reach.plan(options(llms_txt=True), SITE, "Sales.", EMPTY, {}, show_hire_me=True)
    text = planned.files["llms.txt"]
    assert text.startswith("# Maren <Okafor> & Co") and "https://maren.test/hire-me/" in text
    hidden = reach.plan(options(llms_txt=True), SITE, "", EMPTY, {}, show_hire_me=False)
    assert "hire-me" not in hidden.files["llms.txt"]
    no_url = reach.plan(
        options(llms_txt=True), SiteContext("", "S"), "", EMPTY, {}, show_hire_me=True
    )
    assert "llms.txt" not in no_url.files and "site_url is not set" in no_url.notes[0]


@pytest.mark.parametrize(
    ("own", "written", "expected", "warning"),
    [
        (False, "User-agent: *\nDisallow:\n", "GPTBot", ""),  # the SEO file gets the groups
        (False, None, "Disallow: /drafts/", ""),  # no SEO file: a fresh one
        (True, None, None, "has its own robots.txt"),  # the author's own wins
    ],
)
def test_robots_txt_gets_the_ai_crawler_groups(own, written, expected, warning):
    planned = reach.Reach(ai_crawlers="search-only", own_robots_txt=own, disallow=("/drafts/",))
    text, why = reach.robots_txt(planned, written)
    assert (text is None) if expected is None else (expected in text)
    assert (warning in why) if warning else why == ""
    assert reach.robots_txt(reach.Reach(), "User-agent: *\n") == (None, "")


def test_an_article_shows_the_mentions_of_its_own_address(tmp_path):
    found = mentions.Mention(
        mentions.normalise("https://maren.test/stop-demoing/"),
        "https://blog.test/reply", "Ana", "https://blog.test/", "replied", "2026-02-01", "Yes!",
    )  # fmt: skip
    mentions.save([found], tmp_path, NOW)
    received, note = reach.received_mentions(
        "https://api.test/mentions?token=secret", tmp_path, may_fetch=False, now=NOW, user_agent="t"
    )
    assert note == ""  # the snapshot was read without a problem
    planned = reach.Reach(site=SITE, received=received, creators={"maren": "@maren@social.test"})
    post = SimpleNamespace(is_article=True, author="maren", url="stop-demoing/")
    view = reach.page_view(planned, post)  # type: ignore[arg-type]
    assert view["creator"] == "@maren@social.test" and view["mentions"] == [found]
    assert reach.page_view(planned, None) == {"links": [], "creator": "", "mentions": []}
