"""The W3C feed validator's rules on the river's own feeds, end to end (issue 17): the writer's
unit tests pin the rules, these check that the built Around the web feeds follow them.

- MissingElement: an empty river (before its first fetch) still writes Atom's `<updated>`.
- InvalidPermalink: an aggregated item whose id is a `tag:` URI (Daring Fireball's are) is a
  `<guid isPermaLink="false">`, and an http(s) id keeps `isPermaLink="true"`."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import aggregator_sites as fixture
import harness
from feedserver import FeedServer

ATOM = "{http://www.w3.org/2005/Atom}"


def test_an_empty_river_still_has_the_updated_atom_requires(tmp_path):
    unreachable = {
        key: f"http://127.0.0.1:9/{key}.xml"
        for key in ("hostile", "cold", "fireball", "json", "broken", "gone")
    }
    config = fixture.site(tmp_path / "site", unreachable)
    result = harness.build(
        config, tmp_path / "out", now=fixture.NOW, env={"SOAPBOX_OFFLINE": "1"}
    ).assert_ok()
    atom = ET.fromstring(result.path("around-the-web/atom.xml").read_bytes())
    assert atom.findall(f"{ATOM}entry") == []
    assert atom.findtext(f"{ATOM}updated")  # present and not empty


def test_only_web_urls_are_permalink_guids_in_the_river_feed(tmp_path):
    with FeedServer() as server:
        config = fixture.site(tmp_path / "site", fixture.serve_sources(server))
        result = harness.build(
            config, tmp_path / "out", now=fixture.NOW, env={"SOAPBOX_OFFLINE": "0"}
        ).assert_ok()
    rss = ET.fromstring(result.path("around-the-web/feed.xml").read_bytes())
    guids = [item.find("guid") for item in rss.findall("channel/item")]
    tags = [guid for guid in guids if guid.text.startswith("tag:")]
    assert tags, "the fixture's Daring Fireball entries have tag: ids"
    assert {guid.get("isPermaLink") for guid in tags} == {"false"}
    for guid in guids:
        web = guid.text.startswith(("http://", "https://"))
        assert guid.get("isPermaLink") == ("true" if web else "false"), guid.text
