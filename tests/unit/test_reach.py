"""soapbox.core.reach: the AI crawler presets read back with urllib.robotparser per token,
llms.txt, fediverse handles, WebFinger, the Bluesky DID, IndexNow planning, and the options'
validation messages."""

from __future__ import annotations

import dataclasses
import json
import re
import urllib.robotparser

import pytest

from soapbox.core.reach import fediverse, indexnow, llms, robots
from soapbox.core.settings import ReachOptions, load_settings
from soapbox.core.settings_loader import SettingsError
from soapbox.mkdocs.config import SoapboxConfig

BASE = (
    "# Written by Soapbox.\nUser-agent: *\nDisallow: /drafts/\n\n"
    "Sitemap: https://s.test/sitemap.xml\n"
)
URL = "https://s.test/an-article/"
ALL_AI = robots.TRAINING + robots.SEARCH + robots.USER


def _parse(text: str) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(text.splitlines())
    return parser


@pytest.mark.parametrize(
    ("preset", "denied"),
    [
        ("", ()),
        ("allow-all", ()),
        ("search-only", robots.TRAINING),
        ("none", ALL_AI),
    ],
)
def test_presets_per_token(preset, denied):
    text = robots.with_groups(BASE, preset)
    parser = _parse(text)
    for token in ALL_AI:
        assert parser.can_fetch(token, URL) is (token not in denied), (preset, token)
    for token in ("Googlebot", "Bingbot", "DuckDuckBot"):  # classic search engines: never named
        assert parser.can_fetch(token, URL), (preset, token)
        assert not parser.can_fetch(token, "https://s.test/drafts/x/")
    assert parser.site_maps() == ["https://s.test/sitemap.xml"]
    assert text.rstrip().endswith("Sitemap: https://s.test/sitemap.xml")


def test_groups_are_labelled_and_token_lists_are_disjoint():
    assert len(set(ALL_AI)) == len(ALL_AI)
    text = robots.groups("none")
    assert "# Training\nUser-agent: GPTBot" in text
    assert "# AI search\nUser-agent: OAI-SearchBot" in text
    assert "# User-triggered\nUser-agent: ChatGPT-User" in text
    for token in ("GPTBot", "ClaudeBot", "CCBot", "Google-Extended", "Applebot-Extended",
                  "meta-externalagent", "Bytespider"):  # fmt: skip
        assert token in robots.TRAINING
    assert {"OAI-SearchBot", "Claude-SearchBot", "PerplexityBot"} <= set(robots.SEARCH)
    assert {"ChatGPT-User", "Claude-User", "Perplexity-User"} <= set(robots.USER)


def test_with_groups_is_idempotent_and_switches_presets():
    once = robots.with_groups(BASE, "none")
    assert robots.with_groups(once, "none") == once
    switched = robots.with_groups(once, "search-only")
    assert switched == robots.with_groups(BASE, "search-only")
    assert _parse(switched).can_fetch("ChatGPT-User", URL)


def test_fresh_robots_txt_without_seo():
    parser = _parse(robots.fresh("none", ["/private/"]))
    assert not parser.can_fetch("GPTBot", URL) and parser.can_fetch("Googlebot", URL)
    assert not parser.can_fetch("Googlebot", "https://s.test/private/x")
    assert robots.validate_preset("search-only") is None
    assert "'some' is not a preset; use one of 'allow-all'" in robots.validate_preset("some")


def test_llms_txt_format_and_hostile_text():
    text = llms.llms_txt(
        "Maren\nOkafor",
        "Sales,\n  bluntly.",
        [
            ("Articles", [llms.Entry("A [bracket] title", "https://s.test/a (1)/", "One\ntwo")]),
            ("Empty", []),
            ("Topics", [llms.Entry("Pricing", "https://s.test/topics/pricing/")]),
        ],
    )
    assert text == (
        "# Maren Okafor\n\n> Sales, bluntly.\n\n## Articles\n\n"
        "- [A \\[bracket\\] title](https://s.test/a%20%281%29/): One two\n\n"
        "## Topics\n\n- [Pricing](https://s.test/topics/pricing/)\n"
    )


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("@maren@mastodon.example", None),
        ("@Maren_O@social.example.org", None),
        ("maren@mastodon.example", "is not a fediverse handle; write it as '@name@server'"),
        ("@maren", "is not a fediverse handle"),
        ("@ma ren@mastodon.example", "'ma ren' is not a valid account name"),
        ('@maren@mastodon.example"><script>', "is not a server's domain name"),
        ("@maren@localhost", "'localhost' is not a server's domain name"),
    ],
)
def test_parse_account(value, problem):
    account, found = fediverse.parse_account(value)
    if problem is None:
        assert found is None and account is not None and account.handle == value
    else:
        assert account is None and problem in found and value in found


def test_webfinger_document():
    account, _ = fediverse.parse_account("@maren@Mastodon.Example")
    assert account is not None
    doc = json.loads(fediverse.webfinger(account))
    assert doc == {
        "subject": "acct:maren@mastodon.example",
        "aliases": ["https://mastodon.example/@maren", "https://mastodon.example/users/maren"],
        "links": [
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": "https://mastodon.example/@maren",
            },
            {
                "rel": "self",
                "type": "application/activity+json",
                "href": "https://mastodon.example/users/maren",
            },
        ],
    }
    other = json.loads(fediverse.webfinger(account, actor_url="https://mastodon.example/ap/u/7"))
    assert other["links"][1]["href"] == "https://mastodon.example/ap/u/7"


@pytest.mark.parametrize(
    ("did", "ok"),
    [
        ("did:plc:abcdefghijklmnopqrstuvwx", True),
        ("did:web:maren.example.com", True),
        ("did:plc:short", False),
        ("did:plc:ABCDEFGHIJKLMNOPQRSTUVWX", False),
        ("did:plc:abcdefghijklmnopqrstuvwx\n<script>", False),
        ("@maren.bsky.social", False),
    ],
)
def test_validate_did(did, ok):
    problem = fediverse.validate_did(did)
    assert (problem is None) is ok
    if not ok:
        assert "is not a Bluesky DID" in problem


def test_indexnow_sitemap_diff_and_submissions():
    def sitemap(entries: dict[str, str]) -> bytes:
        urls = "".join(
            f"<url><loc>{u}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>"
            for u, m in entries.items()
        )
        ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
        return f'<?xml version="1.0"?><urlset xmlns="{ns}">{urls}</urlset>'.encode()

    old = indexnow.parse_sitemap(
        sitemap({"https://s.test/a/": "2026-01-01", "https://s.test/b/": "2026-01-01"})
    )
    new = indexnow.parse_sitemap(
        sitemap(
            {
                "https://s.test/a/": "2026-01-01",
                "https://s.test/b/": "2026-02-01",
                "https://s.test/c/": "",
            }
        )
    )
    assert indexnow.changed(new, old) == ["https://s.test/b/", "https://s.test/c/"]
    assert indexnow.changed(new, None) == []
    [sub] = indexnow.submissions(
        "https://s.test/blog/", "k" * 8, ["https://s.test/b/", "https://evil.test/x"]
    )
    assert json.loads(sub.body()) == {
        "host": "s.test",
        "key": "kkkkkkkk",
        "keyLocation": "https://s.test/blog/kkkkkkkk.txt",
        "urlList": ["https://s.test/b/"],
    }
    many = [f"https://s.test/{i}/" for i in range(indexnow.MAX_URLS + 1)]
    assert [len(s.urls) for s in indexnow.submissions("https://s.test/", "k" * 8, many)] == [
        indexnow.MAX_URLS,
        1,
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not xml", "is not XML"),
        (b"<rss/>", "is not a sitemap (its root is <rss>"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><x/>', "has a DOCTYPE"),
    ],
)
def test_indexnow_rejects_what_is_not_a_sitemap(data, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        indexnow.parse_sitemap(data)


def test_indexnow_key_validation():
    assert indexnow.validate_key("0123abcd") is None
    assert "use 8 to 128 letters, digits or dashes" in indexnow.validate_key("short")
    assert indexnow.validate_key("../../etc/passwd-x") is not None


def _options(values: dict) -> list[tuple[str, str]]:
    try:
        load_settings({"reach": values})
    except SettingsError as error:
        return [(error.problem.path.removeprefix("reach."), str(error))]
    return []


def test_reach_defaults_are_all_off():
    settings, warnings = load_settings({"reach": {}})
    assert warnings == []
    assert settings.reach == ReachOptions()
    assert not any(getattr(settings.reach, f.name) for f in dataclasses.fields(ReachOptions))


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"ai_crawlers": "block"}, "ai_crawlers", "'block' is not a preset; use one of"),
        ({"webfinger": "maren"}, "webfinger", "'maren' is not a fediverse handle"),
        ({"atproto_did": "maren.bsky.social"}, "atproto_did", "is not a Bluesky DID"),
        ({"webmention": "javascript:alert(1)"}, "webmention", "of your Webmention endpoint"),
        ({"rel_me": ["https://ok.example/", "x"]}, "rel_me", "'x' is not an http(s):// URL"),
        ({"indexnow_key": "a b"}, "indexnow_key", "is not an IndexNow key"),
        ({"webfinger_actor": "http://x.example/u"}, "webfinger_actor", "https:// URL"),
    ],
)
def test_reach_option_errors(values, field, message):
    [(name, error)] = _options(values)
    assert name == field and message in error


def test_author_fediverse_is_validated():
    config = SoapboxConfig()
    config.load_dict({"authors": {"maren": {"name": "M", "fediverse": "maren@x.example"}}})
    failed, _ = config.validate()
    assert failed and "authors" in failed[0][0]
    assert "is not a fediverse handle" in str(failed[0][1])
