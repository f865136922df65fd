"""The one field reader (`core.fields.Field`): a post's fields and the speaker data are read from the
same once-read front matter, and a mistake gets the same kind of message in both: file, line,
dotted field name, what to do."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from soapbox.core.content import ContentSettings, parse_post
from soapbox.core.fields import Field, Reporter
from soapbox.core.frontmatter import split_front_matter
from soapbox.core.problems import Severity
from soapbox.core.speaker import SpeakerSettings, parse_speaker
from soapbox.core.speaker.reading import read_speaker

BERLIN = ZoneInfo("Europe/Berlin")
PAGE = """---
title: Hire me
featured: "yes"
speaker:
  name: Ana Ruiz
  talks:
    - {title: Price Is a Feeling, abstract: Why.}
  appearances:
    - date: 2027-03-04
      event: SalesConf
      city: Leeds
      virtual: "yes"
  booking: {provider: mailto, email: ana@example.com}
---
Text.
"""


def test_the_speaker_is_read_from_the_posts_own_front_matter():
    valid = PAGE.replace('featured: "yes"\n', "").replace('virtual: "yes"', "virtual: true")
    post, _ = parse_post("hire-me.md", valid, ContentSettings())
    assert post is not None and post.source is not None
    settings = SpeakerSettings(timezone=BERLIN)
    from_post = read_speaker("hire-me.md", post.source, settings)
    from_text = parse_speaker("hire-me.md", valid, settings)
    assert from_post == from_text
    assert from_post[0] is not None and from_post[0].name == "Ana Ruiz"


def test_a_post_field_and_a_speaker_field_get_the_same_kind_of_message():
    _, post_problems = parse_post("hire-me.md", PAGE, ContentSettings())
    _, speaker_problems = parse_speaker("hire-me.md", PAGE, SpeakerSettings(timezone=BERLIN))
    featured = next(p for p in post_problems if p.field == "featured")
    virtual = next(p for p in speaker_problems if p.field == "speaker.appearances[1].virtual")
    message = "must be true or false (without quotes), got text 'yes'"
    assert (featured.path, featured.line, featured.message) == ("posts/hire-me.md", 3, message)
    assert (virtual.path, virtual.line, virtual.message) == ("posts/hire-me.md", 12, message)
    assert featured.severity is virtual.severity is Severity.ERROR


def _field(source: str, report: Reporter) -> Field:
    matter = split_front_matter(source, report)
    assert matter is not None
    return matter.fields(report)


def test_text_is_one_line_without_control_characters_unless_lines_are_kept():
    report = Reporter("posts/a.md")
    root = _field('---\na: "x  \\u0007y\\n z"\nb: " one\\n\\n two "\n---\n', report)
    assert root["a"].text() == "x y z"
    assert root["b"].text(keep_lines=True) == "one\n\n two"
    assert report.problems == []


def test_required_text_says_what_to_add_or_to_remove_the_line():
    report = Reporter("posts/a.md")
    root = _field("---\nempty:\nblank: '  '\nname: x\n---\n", report)
    assert root["empty"].text(required=True) == ""
    assert root["blank"].text(required=True, what="a title") == ""
    assert root["gone"].text(required=True, what="a title") == ""
    assert [(p.line, p.field, p.message) for p in report.problems] == [
        (2, "empty", "is empty; write a value or remove the line"),
        (3, "blank", "is empty; add a title"),
        (1, "gone", "is missing; add a title"),
    ]


def test_a_repeated_key_is_placed_on_its_last_line_whose_value_is_read():
    report = Reporter("posts/a.md")
    root = _field("---\nflag: 1\nflag: maybe\n---\n", report)
    assert root["flag"].flag() is False
    assert [(p.line, p.field) for p in report.problems] == [(3, "flag"), (3, "flag")]
    assert "appears twice" in report.problems[0].message
    assert report.problems[1].message.startswith("must be true or false")
