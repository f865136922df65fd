"""Share links and the comments decision."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from soapbox.core.engagement import NETWORKS, comments_enabled, share_links

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
