"""Sample values left in a site's configuration fail a strict build (and `soapbox check
--strict`); the sample site, recognised by its site_url, keeps building strict."""

from __future__ import annotations

import harness
from harness import article

NOW = "2026-01-15T12:00:00+00:00"
POSTS = {
    "index.md": "---\ntitle: Ana Ruiz\ntype: page\n---\nI write about pricing.\n",
    "rants/one.md": article("Rant one", "2025-05-01", "rant"),
}
ENGAGEMENT = {
    "comments": {"enabled": True, "repo": "maren-example/site-comments",
                 "repo_id": "R_kgDOExample", "category_id": "DIC_kwDOExample4Cd"},
    "newsletter": {"enabled": True, "action": "https://newsletter.example/maren"},
}  # fmt: skip
HIRE_ME = """---
title: Hire me
speaker:
  name: Ana Ruiz
  booking: {provider: mailto, email: bookings@example.com}
---
Book a talk.
"""


def _site(tmp_path, site_url, posts=POSTS, engagement=ENGAGEMENT):
    return harness.write_site(
        tmp_path / "src", posts, {"engagement": engagement}, {"site_url": site_url}
    )


def test_sample_values_on_a_real_site_fail_strict_naming_option_and_fix(tmp_path, soapbox):
    config = _site(tmp_path, "https://ana.example.org/", {**POSTS, "hire-me.md": HIRE_ME})
    result = harness.build(config, tmp_path / "site", now=NOW)
    assert result.returncode != 0
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 5, result.output
    assert (
        "WARNING -  soapbox: mkdocs.yml:17: engagement.newsletter.action:"
        " 'https://newsletter.example/maren' is the sample site's signup form" in result.output
    )
    assert (
        "mkdocs.yml:13: engagement.comments.repo_id: 'R_kgDOExample' comes from the sample site"
        in result.output
    )
    assert (
        "posts/hire-me.md:5: speaker.booking.email: 'bookings@example.com' is the sample site's"
        " booking address" in result.output
    )
    # `soapbox check` reports the same, from the same plan.
    code, out, _ = soapbox("check", "--strict", "-f", str(config))
    assert code == 1
    assert "engagement.comments.repo: 'maren-example/site-comments'" in out


def test_features_that_are_off_and_the_sample_site_itself_pass(tmp_path):
    off = {"comments": {**ENGAGEMENT["comments"], "enabled": False},
           "newsletter": {**ENGAGEMENT["newsletter"], "enabled": False}}  # fmt: skip
    harness.build(
        _site(tmp_path / "off", "https://ana.example.org/", engagement=off),
        tmp_path / "off-site",
        now=NOW,
    ).assert_ok()
    harness.build(
        _site(tmp_path / "sample", "https://maren.example.com/"), tmp_path / "sample-site", now=NOW
    ).assert_ok()
