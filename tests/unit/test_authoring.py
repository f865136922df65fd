"""Placeholders, provisional posts and conflicts hidden by errors (core/content.py), and the
serve error page (core/errorpage.py)."""

from __future__ import annotations

from html.parser import HTMLParser

from soapbox.core.content import (
    NEW_POST_BODY,
    ContentSettings,
    parse_post,
    provisional_post,
)
from soapbox.core.errorpage import error_page
from soapbox.core.problems import Problem, Severity
from soapbox.core.publication import check_collection

SETTINGS = ContentSettings()


def test_placeholder_text_in_a_published_post_is_a_warning_at_its_line():
    source = "---\ntitle: T\ndate: 2024-01-01\n---\n\n" + NEW_POST_BODY
    post, problems = parse_post("rants/t.md", source, SETTINGS)
    assert post is not None
    assert [(p.line, p.severity) for p in problems] == [
        (6, Severity.WARNING), (10, Severity.WARNING), (14, Severity.WARNING),
    ]  # fmt: skip
    assert str(problems[0]).startswith(
        "posts/rants/t.md:6: the text still holds the placeholder 'Start with the one sentence"
    )
    draft = source.replace("date: 2024-01-01\n", "date: 2024-01-01\ndraft: true\n")
    assert parse_post("rants/t.md", draft, SETTINGS)[1] == []


def test_provisional_post_of_a_file_with_errors():
    source = "---\ntitle: Bad\ndate: 2024-02-30\nslug: same\n---\nText\n"
    assert parse_post("rants/bad.md", source, SETTINGS)[0] is None
    post = provisional_post("rants/bad.md", source, SETTINGS)
    assert post is not None and (post.url, post.date) == ("same/", None)
    assert provisional_post("rants/x.md", "---\ntitle: [oops\n---\n", SETTINGS) is None
    dated = ContentSettings(permalink="{year}/{slug}/")
    assert provisional_post("rants/bad.md", source, dated) is None  # its URL needs the date
    draft = source.replace("---\nT", "draft: true\n---\nT")
    assert provisional_post("rants/d.md", draft, SETTINGS) is None  # a draft is not published


def test_hidden_conflicts_report_only_pairs_with_a_failed_file():
    good = parse_post("rants/a.md", "---\ntitle: A\ndate: 2024-01-01\nslug: same\n---\n", SETTINGS)
    other = parse_post("rants/z.md", "---\ntitle: Z\ndate: 2024-01-01\nslug: same\n---\n", SETTINGS)
    bad = provisional_post(
        "rants/m.md", "---\ntitle: M\ndate: 2024-13-01\nslug: same\n---\n", SETTINGS
    )
    assert good[0] and other[0] and bad
    everything = [good[0], other[0], bad]
    problems = check_collection(everything, "posts", involving=frozenset({bad.src_uri}))
    assert [p.path for p in problems] == ["posts/rants/m.md"]  # a-z is the plain check's
    assert check_collection([good[0], other[0]], "posts", involving=frozenset()) == []
    assert [p.path for p in check_collection([good[0], other[0]], "posts")] == ["posts/rants/z.md"]


def test_the_error_page_escapes_and_lists_every_problem():
    problems = [
        Problem("posts/<b>.md", 3, "date", "'<script>' is not a date"),
        Problem("posts/x.md", None, None, "bad & worse"),
    ]
    html = error_page(problems)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "posts/&lt;b&gt;.md:3" in html and "bad &amp; worse" in html
    assert "2 problems stop the site from building" in html
    assert html.rstrip().endswith("</body></html>")

    class Items(HTMLParser):
        count = 0

        def handle_starttag(self, tag, attrs):
            self.count += tag == "li"

    parser = Items()
    parser.feed(html)
    assert parser.count == 2
