"""The importer's pieces without the network or a build: HTML -> Markdown with shortcodes and
escaping, comments, WordPress dates, vocabulary entries added to mkdocs.yml text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown
import pytest
from bs4 import BeautifulSoup

from soapbox.core.importer.convert import comments_markdown, html_to_markdown
from soapbox.core.importer.model import Comment
from soapbox.core.importer.vocabulary import BEGIN, END, NewTopic, add_to_config, new_topics
from soapbox.core.importer.wordpress import wp_date
from soapbox.core.topics import Topic, build_vocabulary

BERLIN = ZoneInfo("Europe/Berlin")
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", "md_in_html"])


def test_block_editor_markup_goes_and_more_stays_once():
    source = (
        "<!-- wp:paragraph --><p>One.</p><!-- /wp:paragraph --><!--more Read on--><p>Two.</p>"
        "<!--more-->"
    )
    body, flags = html_to_markdown(source, wordpress=True)
    assert body == "One.\n\n<!-- more -->\n\nTwo.\n"
    assert flags == []


def test_caption_keeps_image_and_credit_and_other_shortcodes_are_handled():
    source = (
        '[caption id="a" width="300"]<img src="https://x.example/a.png" alt="A dog">'
        " A dog. Photo: Mo[/caption]"
        '[embed]https://v.example/1[/embed][gallery ids="1,2"][box color="red"]Kept[/box] [sic]'
    )
    body, flags = html_to_markdown(source, wordpress=True)
    assert "![A dog](https://x.example/a.png)\n\n*A dog. Photo: Mo*" in body
    assert "<https://v.example/1>" in body
    assert "A gallery from the earlier site was here" in body
    assert "Kept \\[sic\\]" in body
    assert flags == [
        "a [gallery] was replaced by a note: add its images by hand",
        "the shortcode [box] was removed (its text is kept)",
    ]


def test_text_without_paragraphs_gets_wordpress_paragraphs():
    body, _ = html_to_markdown("First.\n\nSecond line\nstill second.", wordpress=True)
    assert render(body).count("<p>") == 2


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<p onclick="alert(1)">x</p>',
        '<a href="javascript:alert(1)">x</a>',
        "<p>{: onclick=alert(1) }</p>",
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_nothing_executable_survives_conversion_and_rendering(hostile):
    body, _ = html_to_markdown(hostile, wordpress=True)
    soup = BeautifulSoup(render(body), "lxml")
    assert not soup.find_all(["script", "img", "iframe"])
    for element in soup.find_all(True):
        assert not [a for a in element.attrs if a.startswith("on")], element
        assert "javascript:" not in str(element.get("href", ""))


def test_comments_nest_escape_and_never_show_more_than_plain_text():
    when = datetime(2019, 5, 5, 10, tzinfo=UTC)
    comments = [
        Comment(
            "1",
            "",
            "Ana *bold*",
            when,
            "Hello <b>there</b> {: onclick=x }\n\nSecond [link](javascript:x)",
        ),
        Comment("2", "1", "Bo", when + timedelta(hours=1), "Reply"),
        Comment("3", "99", "Orphan", when + timedelta(hours=2), "Parent is gone"),
    ]
    text = comments_markdown(comments)
    html = render(text)
    assert html.startswith("<h2>Comments from the earlier site</h2>")
    assert "<strong>Ana *bold*</strong> · 2019-05-05" in html
    soup = BeautifulSoup(html, "lxml")
    assert not soup.find_all("a") and not soup.find_all(attrs={"onclick": True})
    assert html.count("<ul>") == 2  # Bo is a reply to Ana; the orphan is top level
    assert comments_markdown([]) == ""


@pytest.mark.parametrize(
    ("local", "gmt", "expected"),
    [
        (
            "2019-05-04 09:30:00",
            "2019-05-04 07:30:00",
            datetime(2019, 5, 4, 9, 30, tzinfo=timezone(timedelta(hours=2))),
        ),
        (
            "2019-12-04 09:30:00",
            "2019-12-04 14:30:00",
            datetime(2019, 12, 4, 9, 30, tzinfo=timezone(timedelta(hours=-5))),
        ),
        ("2019-06-01 18:00:00", "0000-00-00 00:00:00", datetime(2019, 6, 1, 18, tzinfo=BERLIN)),
        ("0000-00-00 00:00:00", "", None),
    ],
)
def test_wordpress_dates_keep_the_blogs_offset(local, gmt, expected):
    moment = wp_date(local, gmt, BERLIN)
    assert moment == expected
    if expected is not None:
        assert moment.utcoffset() == expected.utcoffset()


def test_only_unknown_topics_are_added_with_their_other_spellings():
    vocabulary, _ = build_vocabulary(
        [Topic("cold-calling", "Cold calling", synonyms=("cold calls",))]
    )
    names = ["Cold Calls", "Field notes", "field-notes", "Field Notes", "Buyer's journey"]
    assert new_topics(names, vocabulary) == [
        NewTopic("field-notes", "Field notes", ("field-notes", "Field Notes")),
        NewTopic("buyers-journey", "Buyer's journey"),
    ]


def test_vocabulary_block_goes_under_topics_vocabulary_keeping_everything_else():
    config = (
        "plugins:\n  - soapbox:\n      aggregator:\n        vocabulary: not this one\n"
        "      topics:\n        # mine\n        vocabulary:   # the site's topics\n"
        "          pricing:\n            title: Pricing\n"
    )
    changed = add_to_config(config, [NewTopic("field-notes", "Field notes", ("Field Notes",))])
    assert changed is not None
    assert changed == config.replace(
        "the site's topics\n",
        f"the site's topics\n          {BEGIN}\n"
        "          field-notes:\n            title: Field notes\n"
        "            synonyms: [Field Notes]\n"
        f"          {END}\n",
    )
    assert add_to_config("plugins: [soapbox]\n", [NewTopic("a", "A")]) is None


def test_no_comments_drops_every_comment(tmp_path):
    from soapbox.core.importer.wordpress import read_wordpress

    data = (FIXTURES / "wordpress.xml").read_bytes()
    now = datetime(2026, 11, 22, tzinfo=UTC)
    kept = read_wordpress(data, label="x.xml", timezone=BERLIN, now=now)
    dropped = read_wordpress(data, label="x.xml", timezone=BERLIN, now=now, comments=False)
    assert sum(len(p.comments) for p in kept.posts) == 3
    assert sum(len(p.comments) for p in dropped.posts) == 0


def test_a_failure_half_way_leaves_the_docs_folder_untouched(tmp_path):
    from soapbox.core.content import DEFAULT_TYPES
    from soapbox.core.importer.model import ImportedPost
    from soapbox.core.importer.writer import Target, write_posts

    docs = tmp_path / "posts"
    docs.mkdir()
    posts = [
        ImportedPost("t:1", "one", "One", datetime(2020, 1, 1, tzinfo=UTC), "Text.\n"),
        ImportedPost(
            "t:2", "two", "Two", datetime(2020, 1, 2, tzinfo=UTC), "![x](https://i.example/x.png)\n"
        ),
    ]

    def broken(url: str) -> tuple[bytes | None, str]:
        raise OSError("disk full")

    target = Target(docs, "posts", DEFAULT_TYPES, "rant")
    with pytest.raises(OSError):
        write_posts(posts, target, fetch=broken, staging_parent=tmp_path)
    assert list(docs.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["posts"]  # no staging folder left behind


def test_a_heading_1_in_foreign_html_becomes_level_2():
    body, _ = html_to_markdown("<h1>Big</h1><p>Text.</p>")
    assert body == "## Big\n\nText.\n"


def test_tracking_pixels_go_and_images_without_alt_are_flagged():
    source = (
        '<p><img src="https://feeds.feedburner.com/~r/blog/~4/abc" height="1" width="1"></p>'
        '<p><img src="https://medium.com/_/stat?event=post" alt=""></p>'
        '<p><img src="https://img.example/chart.png"></p><p>Words.</p>'
    )
    body, flags = html_to_markdown(source)
    assert body == "![](https://img.example/chart.png)\n\nWords.\n"
    assert flags == [
        "1 image(s) without alt text: describe each inside the brackets, ![What it shows](...)"
        " (the build warns until then)"
    ]
