"""Property-based tests (hypothesis): slugs, the front-matter reader and the feed writers hold
their promises for any input, not only for the examples the other tests chose."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import feedparser
import lxml.etree
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soapbox.core import feeds
from soapbox.core.content import Author, ContentSettings, parse_post
from soapbox.core.feeds import Feed, FeedItem
from soapbox.core.urls import is_valid_slug, slugify

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SITE = "https://example.test/"

# Text as authors type it: any printable character of any script, emoji, quotes, markup.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=60
)


# --- slugs --------------------------------------------------------------------------------------


@SETTINGS
@given(TEXT)
def test_slugify_is_idempotent_and_url_safe(text):
    slug = slugify(text)
    assert slugify(slug) == slug
    assert slug == slug.lower() or not slug.isascii()
    assert not any(ch.isspace() or ch in "/?#%&'\"<>\\" for ch in slug), slug
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug


@SETTINGS
@given(st.text(alphabet=st.characters(max_codepoint=127, blacklist_categories=("Cc",))))
def test_an_ascii_title_gives_a_valid_slug_or_none(text):
    slug = slugify(text)
    assert slug == "" or is_valid_slug(slug), slug


# --- the front-matter reader ---------------------------------------------------------------------

CONTENT = ContentSettings(authors={"ana": Author("ana", "Ana")}, default_author="ana")


def _collapsed(value: str) -> str:
    return " ".join(value.split())


@SETTINGS
@given(title=TEXT.filter(lambda t: t.strip()), description=TEXT.filter(lambda t: t.strip()))
def test_yaml_written_title_and_description_read_back_unchanged(title, description):
    matter = {"title": title, "description": description, "date": "2024-03-12", "type": "rant"}
    source = "---\n" + yaml.safe_dump(matter, allow_unicode=True) + "---\n\nBody text.\n"
    post, problems = parse_post("rants/p.md", source, CONTENT)
    assert post is not None, problems
    assert post.title == _collapsed(title)
    assert post.description == description.strip()


@SETTINGS
@given(
    topics=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz- ", min_size=1, max_size=20).filter(
            lambda t: t.strip(" -")
        ),
        max_size=5,
    )
)
def test_yaml_written_lists_read_back_in_order(topics):
    matter = {"title": "T", "date": "2024-03-12", "type": "rant", "topics": topics}
    source = "---\n" + yaml.safe_dump(matter, allow_unicode=True) + "---\n\nBody.\n"
    post, problems = parse_post("rants/p.md", source, CONTENT)
    assert post is not None, problems
    # Read in order, each once.
    assert list(post.topics) == list(dict.fromkeys(" ".join(t.split()) for t in topics))


# --- the feed writers -> feedparser ---------------------------------------------------------------


def _feed(title: str, summary: str) -> Feed:
    item = FeedItem(
        id=SITE + "p/",
        url=SITE + "p/",
        title=title,
        published=datetime(2024, 3, 12, 9, 30, tzinfo=UTC),
        summary=summary,
        content_html="<p>Body</p>",
    )
    return Feed(
        title="Site",
        home_url=SITE,
        description="A site",
        urls={fmt: SITE + name for fmt, name in feeds.FILENAMES.items()},
        items=(item,),
    )


@SETTINGS
@given(title=TEXT, summary=TEXT)
def test_atom_and_json_feeds_carry_any_text_back_unchanged(title, summary):
    feed = _feed(title, summary)
    body = feeds.write_atom(feed)
    atom = feedparser.parse(body)
    assert not atom.bozo, atom.get("bozo_exception")
    assert len(atom.entries) == 1
    # The exact text, read by a strict XML parser (feedparser "repairs" text that looks like
    # mis-decoded UTF-8, such as "Â¡", so it is not the judge of exactness).
    entry = lxml.etree.fromstring(body).find("{http://www.w3.org/2005/Atom}entry")
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == title
    data = json.loads(feeds.write_json(feed))
    assert data["items"][0]["title"] == title
    assert data["items"][0]["summary"] == summary


@SETTINGS
@given(title=TEXT, summary=TEXT)
def test_rss_always_parses_and_keeps_the_text(title, summary):
    body = feeds.write_rss(_feed(title, summary))
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 1
    assert parsed.entries[0].link == SITE + "p/"
    assert lxml.etree.fromstring(body).findtext("channel/item/title") == title
