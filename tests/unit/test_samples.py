"""The sample site's values are caught on any other site (core/samples.py)."""

from __future__ import annotations

from types import SimpleNamespace

from soapbox.core.problems import Severity
from soapbox.core.samples import (
    SAMPLE_SITE_URL,
    SAMPLE_VALUES,
    configured_sample_values,
    line_of,
    sample_value_problems,
)

GISCUS_REPO = ("mkdocs.yml", "maren-example/site-comments")


def test_each_sample_value_on_another_site_is_a_warning_naming_the_option():
    values = {s.option: ("mkdocs.yml", s.value) for s in SAMPLE_VALUES}
    problems = sample_value_problems(values, "https://ana.example.org/")
    assert {p.field for p in problems} == {s.option for s in SAMPLE_VALUES}
    assert all(p.severity is Severity.WARNING for p in problems)
    first = str(problems[0])
    assert first.startswith("mkdocs.yml: engagement.comments.repo: 'maren-example/site-comments'")
    assert "https://giscus.app" in first and "comments: {enabled: false}" in first


def test_the_old_third_party_newsletter_form_is_caught_too():
    old = "https://buttondown.com/api/emails/embed-subscribe/maren-example"
    (problem,) = sample_value_problems(
        {"engagement.newsletter.action": ("mkdocs.yml", f"  {old} ")}, None
    )
    assert problem.field == "engagement.newsletter.action"
    assert "e-mail addresses would not reach you" in problem.message


def test_the_sample_site_itself_and_own_values_pass():
    assert sample_value_problems({"engagement.comments.repo": GISCUS_REPO}, SAMPLE_SITE_URL) == []
    assert (
        sample_value_problems(
            {"engagement.comments.repo": GISCUS_REPO}, "https://maren.example.com"
        )
        == []
    )
    own = {
        "engagement.comments.repo": ("mkdocs.yml", "ana/comments"),
        "speaker.booking.email": ("posts/hire-me.md", ""),
        "engagement.newsletter.action": ("mkdocs.yml", "https://newsletter.example/maren/x"),
    }
    assert sample_value_problems(own, "https://ana.example.org/") == []


def test_a_copy_served_from_this_machine_only_is_not_warned():
    values = {"speaker.booking.email": ("posts/hire-me.md", "bookings@example.com")}
    for url in ("http://127.0.0.1:8123/", "http://localhost:8000/", "http://[::1]:9000/"):
        assert sample_value_problems(values, url) == [], url
    assert sample_value_problems(values, "https://ana.example.org/")


def test_configured_values_are_found_with_their_line(tmp_path):
    config = tmp_path / "mkdocs.yml"
    value = next(s.value for s in SAMPLE_VALUES if s.option == "engagement.comments.repo")
    config.write_text(f"site_name: Ana\nplugins:\n  - soapbox:\n      repo: {value}\n")
    comments = SimpleNamespace(enabled=True, repo=value, repo_id="R_own", category_id="C_own")
    options = SimpleNamespace(
        engagement=SimpleNamespace(comments=comments, newsletter=SimpleNamespace(enabled=False))
    )
    [problem] = configured_sample_values(
        options, None, site_url="https://ana.example.org/", config_file=str(config),
        display_root="posts", docs_dir=str(tmp_path / "posts"),
    )  # fmt: skip
    assert (problem.path, problem.line, problem.field) == (
        "mkdocs.yml",
        4,
        "engagement.comments.repo",
    )
    assert line_of(tmp_path / "missing.yml", value) is None and line_of(None, value) is None
