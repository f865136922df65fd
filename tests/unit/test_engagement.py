"""Share links and the comments decision."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from soapbox.core.engagement import (
    NETWORKS,
    comments_enabled,
    config_mistake,
    post_view,
    share_links,
)

URL = "https://maren.example.com/stop-demoing/"
HOSTILE = "R&D <script>alert('x')</script> \"quoted\" #1 ü 🎤 50% off?"


def test_every_network_gets_an_intent_that_carries_url_and_title_intact():
    links = {link.network: link for link in share_links(URL, HOSTILE)}
    assert list(links) == list(NETWORKS)
    linkedin = urlsplit(links["linkedin"].href)
    assert (linkedin.netloc, parse_qs(linkedin.query)) == ("www.linkedin.com", {"url": [URL]})
    x = parse_qs(urlsplit(links["x"].href).query)
    assert x == {"text": [HOSTILE], "url": [URL]}
    assert parse_qs(urlsplit(links["bluesky"].href).query) == {"text": [f"{HOSTILE} {URL}"]}
    assert parse_qs(urlsplit(links["mastodon"].href).query) == {"text": [HOSTILE], "url": [URL]}
    mail = links["email"].href
    assert mail.startswith("mailto:?subject=")
    subject, body = mail[len("mailto:?subject=") :].split("&body=")
    assert (unquote(subject), unquote(body)) == (HOSTILE, f"{HOSTILE} {URL}")
    assert links["copy"].href == ""
    for link in links.values():
        assert not set("<>\"' ") & set(link.href), link


def test_networks_can_be_chosen_and_unknown_ones_are_refused():
    assert [link.network for link in share_links(URL, "T", ["email", "x"])] == ["email", "x"]
    with pytest.raises(ValueError, match="unknown share network 'myspace'"):
        share_links(URL, "T", ["myspace"])


@pytest.mark.parametrize(
    ("setting", "type_", "expected"),
    [
        (None, "rant", True),
        (None, "speaker", False),
        (False, "rant", False),
        (True, "speaker", True),
    ],
)
def test_front_matter_overrides_the_type_default(setting, type_, expected):
    assert comments_enabled(setting, type_, ["rant", "case-study"]) is expected


# --- the options' checks and the article's view (core.engagement) -------------------------------


def _options(**parts: object) -> SimpleNamespace:
    off = SimpleNamespace(enabled=False)
    values: dict[str, object] = dict(
        comments=SimpleNamespace(enabled=False, repo="", repo_id="", category_id="", types=["rant"]),
        promo=off, newsletter=off, share=SimpleNamespace(enabled=True, networks=["x", "copy"]),
    )  # fmt: skip
    values.update(parts)
    return SimpleNamespace(**values)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({}, ""),
        (
            {"comments": SimpleNamespace(enabled=True, repo="a/b", repo_id="", category_id="x")},
            "engagement.comments.repo_id is empty",
        ),
        (
            {"promo": SimpleNamespace(enabled=True, title="Course", url="")},
            "engagement.promo needs a title and a url",
        ),
        (
            {"newsletter": SimpleNamespace(enabled=True, action="", link="")},
            "engagement.newsletter needs an action",
        ),
    ],
)
def test_config_mistake_names_the_option(parts, message):
    found = config_mistake(_options(**parts))
    assert (message in found) if message else found == ""


def test_post_view_shares_the_canonical_url_and_offers_comments_by_type():
    comments = SimpleNamespace(
        enabled=True, repo="a/b", repo_id="1", category_id="2", types=["rant"]
    )
    options = _options(comments=comments)
    post = SimpleNamespace(canonical="", title=HOSTILE, comments=None, type="rant")
    view = post_view(options, post, URL)
    assert view["url"] == URL and [s.network for s in view["share"]] == ["x", "copy"]
    assert view["comments"] is comments and view["promo"] is None and view["newsletter"] is None
    elsewhere = SimpleNamespace(
        canonical="https://elsewhere.test/a", title="A", comments=False, type="rant"
    )
    view = post_view(options, elsewhere, URL)
    assert view["url"] == "https://elsewhere.test/a" and view["comments"] is None
    assert (
        post_view(
            options, SimpleNamespace(canonical="", title="A", comments=None, type="rant"), None
        )["share"]
        == []
    )
