"""The content model: parsing, defaults and every validation message, verbatim."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from soapbox.core.content import Author, ContentSettings, parse_post
from soapbox.core.problems import ContentError, Problem, Severity

BERLIN = ZoneInfo("Europe/Berlin")
SETTINGS = ContentSettings(
    timezone=BERLIN,
    authors={"maren": Author("maren", "Maren Okafor"), "sam": Author("sam", "Sam Lee")},
    default_author="maren",
)
GOOD = """---
title: Stop Demoing
date: 2024-03-12
type: rant
topics: [discovery, Pricing]
---

A demo is not discovery. It is a tour.

## Why
More text here.
"""


def parse(source: str, src_uri: str = "rants/stop-demoing.md", settings=SETTINGS, known=()):
    return parse_post(src_uri, source, settings, frozenset(known))


def messages(source: str, **kwargs) -> list[str]:
    return [str(p) for p in parse(source, **kwargs)[1]]


def doc(*lines: str, body: str = "Body text.\n") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def test_a_good_post_has_every_field_normalised():
    post, problems = parse(GOOD)
    assert problems == []
    assert post.title == "Stop Demoing"
    assert post.type == "rant"
    assert post.date == datetime(2024, 3, 12, tzinfo=BERLIN)
    assert post.date.utcoffset() is not None
    assert post.topics == ("discovery", "Pricing")
    assert post.author == "maren"
    assert post.slug == "stop-demoing"
    assert post.url == "stop-demoing/"
    assert post.summary == "A demo is not discovery. It is a tour."
    assert post.excerpt == post.summary
    assert post.words == 13
    assert post.reading_minutes == 1
    assert not post.draft and not post.featured


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-12", datetime(2024, 3, 12, 0, 0, tzinfo=BERLIN)),
        ("2024-03-12 09:30", datetime(2024, 3, 12, 9, 30, tzinfo=BERLIN)),
        ('"2024-03-12T09:30:00Z"', datetime(2024, 3, 12, 10, 30, tzinfo=BERLIN)),
        ("2024-07-01T09:30:00+02:00", datetime(2024, 7, 1, 9, 30, tzinfo=BERLIN)),
    ],
)
def test_dates_become_aware_datetimes_in_the_site_time_zone(value, expected):
    post, problems = parse(doc("title: T", f"date: {value}", "type: rant"))
    assert problems == []
    assert post.date == expected
    assert post.date.tzinfo == BERLIN


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ("title: T", "date: 2024-02-30", "type: rant"),
            "posts/rants/stop-demoing.md:3: date: '2024-02-30' is not a real date (day is out of"
            " range for month); fix the day or month",
        ),
        (
            ("title: T", "date: 2024-13-01", "type: rant"),
            "posts/rants/stop-demoing.md:3: date: '2024-13-01' is not a real date (month is not in"
            " 1..12); fix the day or month",
        ),
        (
            ("title: T", "date: next tuesday", "type: rant"),
            "posts/rants/stop-demoing.md:3: date: 'next tuesday' is not a date; write it like"
            " 2024-03-12 or 2024-03-12 09:30",
        ),
        (
            ("title: T", "date: 2024", "type: rant"),
            "posts/rants/stop-demoing.md:3: date: expected a date like 2024-03-12 or 2024-03-12"
            " 09:30, got number '2024'",
        ),
        (
            ("title: T", "type: rant"),
            "posts/rants/stop-demoing.md:1: date: is missing; a rant needs a publication date like"
            " 2024-03-12 or 2024-03-12 09:30",
        ),
        (
            ("title: T", "date: 2024-03-12", "type: opinion"),
            "posts/rants/stop-demoing.md:4: type: unknown type 'opinion'; use one of rant,"
            " case-study, speaker, page",
        ),
        (
            ("title: T", "date: 2024-03-12", "type: casestudy"),
            "posts/rants/stop-demoing.md:4: type: unknown type 'casestudy'; use one of rant,"
            " case-study, speaker, page (did you mean 'case-study'?)",
        ),
        (
            ("title: T", "date: 2024-03-12", "author: marne"),
            "posts/rants/stop-demoing.md:4: author: unknown author 'marne'; use one of the keys"
            " declared in mkdocs.yml: maren, sam (did you mean 'maren'?)",
        ),
        (
            ("title: T", "date: 2024-03-12", "draft: yes please"),
            "posts/rants/stop-demoing.md:4: draft: must be true or false (without quotes), got"
            " text 'yes please'",
        ),
        (
            ("title: T", "date: 2024-03-12", "featured: 'true'"),
            "posts/rants/stop-demoing.md:4: featured: must be true or false (without quotes), got"
            " text 'true'",
        ),
        (
            ("title: [a, b]", "date: 2024-03-12"),
            "posts/rants/stop-demoing.md:2: title: must be text, got list '['a', 'b']'",
        ),
        (
            ("title: T", "date: 2024-03-12", "topics: {a: 1}"),
            "posts/rants/stop-demoing.md:4: topics: must be a list like [pricing, negotiation],"
            " got mapping",
        ),
        (
            ("title: T", "date: 2024-03-12", "topics: [pricing, [nested]]"),
            "posts/rants/stop-demoing.md:4: topics: every topic must be a word or phrase, got list"
            " '['nested']'",
        ),
        (
            ("title: T", "date: 2024-03-12", "series: The Discovery Call"),
            "posts/rants/stop-demoing.md:4: series: must look like 'series: {name: \"The Discovery"
            " Call\", part: 1}', got text 'The Discovery Call'",
        ),
        (
            ("title: T", "date: 2024-03-12", "series: {name: X, part: 0}"),
            "posts/rants/stop-demoing.md:4: series: part must be a whole number from 1, got '0':"
            " must look like 'series: {name: \"The Discovery Call\", part: 1}'",
        ),
        (
            ("title: T", "date: 2024-03-12", "canonical: example.com/post"),
            "posts/rants/stop-demoing.md:4: canonical: 'example.com/post' must be a full http(s)"
            " URL of the original article, like https://example.com/original-post/",
        ),
        (
            ("title: T", "date: 2024-03-12", "slug: Stop Demoing!"),
            "posts/rants/stop-demoing.md:4: slug: 'Stop Demoing!' can only use a-z, 0-9 and single"
            " hyphens; try 'stop-demoing'",
        ),
        (
            ("title: T", "date: 2024-03-12", "image: javascript:alert(1)"),
            "posts/rants/stop-demoing.md:4: image: 'javascript:alert(1)' must be a path next to"
            " your posts or an https URL",
        ),
        (
            ("title: T", "date: 2024-03-12", "image: ../../etc/passwd", "image_alt: x"),
            "posts/rants/stop-demoing.md:4: image: '../../etc/passwd' points outside the posts"
            " folder",
        ),
        (
            ("title: T", "date: 2024-03-12", "title: again"),
            "posts/rants/stop-demoing.md:4: title: appears twice (first on line 2); the last value"
            " wins, delete one",
        ),
        (
            ("title:", "date: 2024-03-12"),
            "posts/rants/stop-demoing.md:2: title: is empty; write a value or remove the line",
        ),
    ],
)
def test_each_error_names_file_line_field_and_fix(lines, expected):
    found = messages(doc(*lines))
    assert expected in found, found


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ("title: T", "date: 2024-03-12", "topcis: [pricing]"),
            "posts/rants/stop-demoing.md:4: topcis: is not a field Soapbox knows (did you mean"
            " 'topics'?); fix the spelling or remove it (custom data goes under 'extra:')",
        ),
        (
            ("title: T", "date: 2024-03-12", "mood: grumpy"),
            "posts/rants/stop-demoing.md:4: mood: is not a field Soapbox knows; fix the spelling or"
            " remove it (custom data goes under 'extra:')",
        ),
        (
            ("title: T", "date: 2024-03-12", "updated: 2024-03-01"),
            "posts/rants/stop-demoing.md:4: updated: 2024-03-01 is before the publication date"
            " 2024-03-12",
        ),
        (
            ("title: T", "date: 2024-03-12", "image: pic.png"),
            "posts/rants/stop-demoing.md:4: image_alt: is missing; describe the image in a sentence"
            " for readers using screen readers",
        ),
        (
            ("title: T", "date: 2024-03-12", "image: ../img/nope.png", "image_alt: A stage"),
            "posts/rants/stop-demoing.md:4: image: '../img/nope.png' was not found (looked for"
            " posts/img/nope.png); the path is relative to this post",
        ),
        (
            ("title: T", "date: 2024-03-12", "series: {name: X, part: 1, of: 3}"),
            "posts/rants/stop-demoing.md:4: series: unknown key 'of'; a series has only 'name' and"
            " 'part'",
        ),
    ],
)
def test_warnings_keep_the_post_and_name_the_fix(lines, expected):
    post, problems = parse(doc(*lines), known={"img/real.png"})
    assert post is not None
    assert [p.severity for p in problems] == [Severity.WARNING] * len(problems)
    assert expected in [str(p) for p in problems]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "---\ntitle: Broken: colon\ndate: 2024-03-12\n---\nBody\n",
            "posts/rants/stop-demoing.md:2: front matter: is not valid YAML (mapping values are not"
            " allowed here); check quotes and indentation, and put values that contain ': ' or "
            "start"
            " with a quote, '[' or '{' inside double quotes",
        ),
        (
            "---\ntitle: T\ndate: 2024-03-12\ntopics: [a, b\n---\nBody\n",
            "posts/rants/stop-demoing.md:5: front matter: is not valid YAML (expected ',' or ']',"
            " but got '<stream end>'); check quotes and indentation, and put values that contain"
            " ': ' or start with a quote, '[' or '{' inside double quotes",
        ),
        (
            "---\ntitle: T\ndate: 2024-03-12\nBody without a closing line\n",
            "posts/rants/stop-demoing.md:1: front matter: starts with '---' on line 1 but never"
            " ends; add a line with just '---' after the last field",
        ),
        (
            "---\n- a\n- b\n---\nBody\n",
            "posts/rants/stop-demoing.md:2: front matter: must be a list of 'field: value' lines,"
            " not a list",
        ),
        (
            "No front matter and no heading.\n",
            "posts/rants/stop-demoing.md:1: title: is missing; add 'title: ...' to the front matter"
            " or start the text with '# Your title'",
        ),
    ],
)
def test_broken_front_matter_is_reported_not_dropped(source, expected):
    post, problems = parse(source)
    assert post is None
    assert expected in [str(p) for p in problems]


def test_all_problems_of_a_file_are_collected_together():
    source = doc("title: T", "date: 2024-02-30", "type: opinion", "author: nobody", "draft: maybe")
    found = messages(source)
    fields = [m.split(": ")[1] for m in found]
    assert fields == ["type", "date", "author", "draft"]


def test_content_error_lists_every_problem_one_per_line():
    problems = [
        Problem("posts/a.md", 3, "date", "bad"),
        Problem("posts/b.md", 2, "type", "worse"),
    ]
    text = str(ContentError(problems))
    assert text.splitlines() == [
        "2 problems in your content must be fixed before the site can build:",
        "  posts/a.md:3: date: bad",
        "  posts/b.md:2: type: worse",
    ]


def test_title_falls_back_to_the_first_heading_outside_code():
    source = doc("date: 2024-03-12", body="```\n# not this\n```\n\n# The *Real* Title\n\nText.\n")
    post, problems = parse(source)
    assert problems == []
    assert post.title == "The Real Title"
    assert post.title_in_body


def test_type_defaults_to_the_folder_then_to_page():
    assert (
        parse(doc("title: T", "date: 2024-03-12"), src_uri="case-studies/x.md")[0].type
        == "case-study"
    )
    assert parse(doc("title: T", "date: 2024-03-12"), src_uri="speaking/x.md")[0].type == "speaker"
    about, problems = parse(doc("title: About"), src_uri="about.md")
    assert problems == []
    assert (about.type, about.url, about.date) == ("page", "about/", None)


def test_urls_follow_the_pattern_and_survive_title_and_date_changes():
    settings = ContentSettings(timezone=BERLIN, permalink="{slug}/")
    first = parse(doc("title: One", "date: 2024-03-12"), settings=settings)[0]
    second = parse(doc("title: Renamed", "date: 2025-01-01"), settings=settings)[0]
    assert first.url == second.url == "stop-demoing/"
    custom = parse(doc("title: T", "date: 2024-03-12", "slug: demos"), settings=settings)[0]
    assert custom.url == "demos/"
    dated = ContentSettings(timezone=BERLIN, permalink="{type}/{year}/{month}/{slug}/")
    assert (
        parse(doc("title: T", "date: 2024-03-02"), settings=dated)[0].url
        == "rants/2024/03/stop-demoing/"
    )
    assert (
        parse(doc("title: T", "date: 2024-03-02"), src_uri="rants/2024-03-02-hot-take.md")[0].slug
        == "hot-take"
    )


def test_home_page_and_series_and_defaults():
    home = parse(doc("title: Maren"), src_uri="index.md")[0]
    assert home.url == "" and home.type == "page"
    post = parse(
        doc("title: T", "date: 2024-03-12", "series: {name: ' The  Call ', part: 2}", "author: sam")
    )[0]
    assert (post.series.name, post.series.part, post.series.slug) == ("The Call", 2, "the-call")
    assert post.author == "sam"


def test_no_authors_declared_explains_where_to_declare_them():
    settings = ContentSettings(timezone=BERLIN)
    found = messages(doc("title: T", "date: 2024-03-12", "author: maren"), settings=settings)
    assert found == [
        "posts/rants/stop-demoing.md:4: author: unknown author 'maren'; no authors are declared;"
        " add them under plugins -> soapbox -> authors in mkdocs.yml"
    ]


HOSTILE = [
    "R&D <script>alert('x')</script>",
    "Quotes \"double\" and 'single'",
    "Emoji 🎤🔥 and ünïcödé",
    "עברית ومرحبا right-to-left",
    "]]> --> <!-- &amp;",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_strings_are_kept_verbatim_for_output_escaping(title):
    quoted = json.dumps(title, ensure_ascii=False)
    source = f"---\ntitle: {quoted}\ndescription: {quoted}\ndate: 2024-03-12\n---\nBody\n"
    post, problems = parse(source)
    assert problems == []
    assert post.title == title
    assert post.description == title
    assert post.slug == "stop-demoing"
