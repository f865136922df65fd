"""Front matter other generators use (Jekyll, Hugo, WordPress, Material's blog): read as
Soapbox's own fields, each with a note, never silently dropped and never a strict-build warning."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from soapbox.core.content import ContentSettings, excerpt_of, parse_post
from soapbox.core.foreign_fields import normalise_alias
from soapbox.core.problems import Severity

SETTINGS = ContentSettings(timezone=ZoneInfo("Europe/Berlin"))


def doc(*lines: str, body: str = "Body text.\n") -> str:
    return (
        "---\ntitle: Old post\ndate: 2019-05-04\ntype: rant\n" + "\n".join(lines) + "\n---\n" + body
    )


def parse(source: str, src_uri: str = "rants/old-post.md"):
    return parse_post(src_uri, source, SETTINGS)


def test_tags_and_categories_are_topics_merged_without_duplicates():
    post, problems = parse(
        doc(
            "topics: [Pricing]",
            "tags: [pricing, Cold calls]",
            "categories: [Field notes, cold calls]",
        )
    )
    assert post is not None
    assert post.topics == ("Pricing", "Cold calls", "Field notes")
    assert [(p.severity, p.field) for p in problems] == [
        (Severity.NOTE, "tags"),
        (Severity.NOTE, "categories"),
    ]
    assert str(problems[1]) == (
        "posts/rants/old-post.md:7: categories: read as topics (Soapbox's field is 'topics:';"
        " both may be used)"
    )


def test_a_tags_string_is_split_like_other_generators_do():
    post, _ = parse(doc("tags: pricing negotiation"))
    assert post is not None and post.topics == ("pricing", "negotiation")
    post, _ = parse(doc('tags: "cold calls, pricing"'))
    assert post is not None and post.topics == ("cold calls", "pricing")


@pytest.mark.parametrize("key", ["excerpt", "summary"])
def test_excerpt_and_summary_are_the_description(key):
    post, problems = parse(doc(f"{key}: A short teaser."))
    assert post is not None and post.description == "A short teaser."
    assert [p.message for p in problems] == [
        "read as the description (Soapbox's field is 'description:')"
    ]


def test_description_wins_over_excerpt_and_says_so():
    post, problems = parse(doc("description: Mine.", "excerpt: Theirs."))
    assert post is not None and post.description == "Mine."
    assert problems[0].severity is Severity.NOTE and "ignored" in problems[0].message


def test_permalink_path_gives_slug_and_an_alias():
    post, problems = parse(doc("permalink: /2019/05/my-first-post/"))
    assert post is not None
    assert post.slug == "my-first-post"
    assert post.url == "my-first-post/"
    assert post.aliases == ("2019/05/my-first-post/",)
    assert problems[0].message == (
        "read as the slug 'my-first-post' and the old address '/2019/05/my-first-post/', which"
        " redirects to the new one"
    )


def test_permalink_pattern_is_ignored_with_a_note():
    post, problems = parse(doc("permalink: /:year/:title/"))
    assert post is not None and post.slug == "old-post" and post.aliases == ()
    assert problems[0].severity is Severity.NOTE and "is a pattern" in problems[0].message


def test_redirect_from_and_aliases_become_aliases_but_not_the_posts_own_url():
    post, problems = parse(
        doc(
            "redirect_from: [/blog/old-post.html, https://old.example/2019/old-post]",
            "aliases: [/old-post/, /archive/17/]",
        )
    )
    assert post is not None
    assert post.aliases == ("blog/old-post.html", "2019/old-post/", "archive/17/")
    assert [p.field for p in problems] == ["redirect_from"]  # aliases is Soapbox's own field


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/a/b/", ("a/b/", None)),
        ("a/b", ("a/b/", None)),
        ("/page.html", ("page.html", None)),
        ("https://old.example/x/y", ("x/y/", None)),
        ("/2019/%D0%BF%D1%80%D0%B8/", ("2019/при/", None)),
        ("/a/%2e%2e/b/", (None, "'/a/%2e%2e/b/' must not contain")),
        ("/?p=12", (None, "'/?p=12' has a '?' or '#' part")),
        ("/a/../b/", (None, "'/a/../b/' must not contain")),
        ("/", (None, "'/' is the home page")),
        ("javascript:alert(1)", (None, "'javascript:alert(1)' is not a path")),
        (12, (None, "every old path must be text")),
    ],
)
def test_old_paths_are_normalised_or_refused(value, expected):
    path, problem = normalise_alias(value)
    assert path == expected[0]
    assert (problem or "").startswith(expected[1] or "")
    assert (problem is None) == (expected[1] is None)


def test_bad_alias_is_an_error_naming_the_field():
    post, problems = parse(doc("aliases: [/ok/, /?p=3]"))
    assert post is None
    assert str(problems[0]).startswith("posts/rants/old-post.md:5: aliases: '/?p=3' has a '?'")


@pytest.mark.parametrize(
    ("key", "hint"),
    [("category", "categories"), ("tag", "tags"), ("redirects", "aliases"), ("lastmod", "updated")],
)
def test_unknown_keys_point_at_the_field_other_generators_mean(key, hint):
    post, problems = parse(doc(f"{key}: x"))
    assert problems[0].severity is Severity.WARNING
    assert f"(did you mean '{hint}'?)" in problems[0].message


def test_more_marker_ends_the_excerpt():
    body = "First paragraph.\n\nSecond *one*.\n\n<!-- more -->\n\nThe rest of the article.\n"
    post, problems = parse(doc(body=body))
    assert problems == []
    assert post is not None and post.summary == "First paragraph. Second one."
    assert excerpt_of("Only one.\n\nAnother.\n") == "Only one."
    assert excerpt_of("```\n<!-- more -->\n```\n\nText.\n") == "Text."


def test_check_prints_one_note_per_foreign_field_and_strict_still_passes(tmp_path, soapbox):
    import harness

    config = harness.write_site(
        tmp_path / "site",
        {
            "rants/old.md": harness.article(
                "Old", "2019-05-04", "rant", "tags: [pricing]", "redirect_from: [/old/]"
            )
        },
    )
    code, out, _ = soapbox("check", "--strict", "-f", str(config))
    assert code == 0, out
    assert "Notes (2, fields from other generators and how Soapbox reads them):" in out
    assert "posts/rants/old.md:5: tags: read as topics" in out
    assert "posts/rants/old.md:6: redirect_from: read as 'aliases:'" in out
    assert "0 warnings" in out
