"""Real `mkdocs build --strict` runs with topics: the vocabulary merging spellings, topic pages for
exactly the topics in use, counts, pagination, chips, related reading, topics.json, drafts and
scheduled posts kept out, unknown topics and suggestions in the log, hostile names escaped."""

from __future__ import annotations

import json
import posixpath
from urllib.parse import unquote

import pytest

import harness

NOW = "2026-11-22T12:00:00+00:00"

VOCABULARY = {
    "prospecting": {"title": "Prospecting", "description": "Finding buyers worth a conversation."},
    "cold-calling": {
        "title": "Cold calling", "parent": "prospecting", "synonyms": ["cold calls"],
        "description": "The phone & the first ten seconds.",
    },
    "pricing": {"title": "Pricing", "description": "What things cost and why."},
    "negotiation": {"title": "Negotiation", "synonyms": ["negotiating"]},
    "hiring": {"title": "Hiring", "description": "Nobody writes about this yet."},
}  # fmt: skip


def article(
    title: str, date: str, topics: str | None, *extra: str, body: str = "Some words here."
) -> str:
    lines = [
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"date: {date}",
        "type: rant",
        *extra,
    ]
    if topics is not None:
        lines.append(f"topics: {topics}")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def site(tmp_path, posts, topics=None, *, strict=True, listings=None):
    plugin = {"topics": topics or {}, "listings": listings or {}}
    config = harness.write_site(tmp_path / "src", posts, plugin)
    return harness.build(config, tmp_path / "out", now=NOW, strict=strict)


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("WARNING")]


def resolve(page_url: str, href: str) -> str:
    """A relative href on the page at `page_url` (site-relative, trailing slash) -> site path."""
    return posixpath.normpath(posixpath.join(page_url, unquote(href))) + (
        "/" if href.endswith("/") else ""
    )


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("topics")
    posts = {
        "index.md": "---\ntitle: Home\ntype: page\n---\nHello.\n",
        "rants/a.md": article(
            "Openers that work", "2025-01-10", '["Cold Calling"]', body="The phone call opener."
        ),
        "rants/b.md": article(
            "Price the call",
            "2025-02-10",
            "[cold-calling, Pricing]",
            body="Pricing on a cold call.",
        ),
        "rants/c.md": article(
            "Voicemail", "2025-03-10", "[cold calls]", body="Phone voicemail and the opener."
        ),
        "rants/d.md": article(
            "Discounts", "2025-04-10", "[pricing, Negotiating]", body="Discount and price."
        ),
        "rants/e.md": article(
            "Procurement", "2025-05-10", "[negotiation]", body="Procurement and price."
        ),
        "rants/draft.md": article(
            "Secret Draft Post", "2025-06-01", "[cold calling, hiring]", "draft: true"
        ),
        "rants/later.md": article("Future Scheduled Post", "2027-01-01", "[pricing, hiring]"),
    }
    result = site(tmp_path, posts, {"vocabulary": VOCABULARY}, listings={"page_size": 2})
    result.assert_ok()
    return result


def test_strict_build_is_clean(blog):
    assert warnings(blog.output) == []


def test_topic_pages_exist_for_exactly_the_topics_in_use(blog):
    pages = sorted(p.name for p in (blog.site / "topics").iterdir() if p.is_dir())
    # prospecting has no post of its own but its subtopic has; hiring is only on a draft and a
    # scheduled post, so it gets no page.
    assert pages == ["cold-calling", "negotiation", "pricing", "prospecting"]
    assert blog.path("topics/cold-calling/page/2/").exists()
    assert not blog.path("topics/cold-calling/page/3/").exists()


def test_index_groups_by_parent_with_counts(blog):
    index = blog.html("topics/")
    assert index.select_one("h1").get_text() == "Topics"
    section = index.select_one("#topic-prospecting").find_parent("section")
    assert section.select_one("h2").get_text(" ", strip=True) == "Prospecting 3 articles"
    cards = {
        c.select_one(".sb-topic-card__title").get_text(): c for c in index.select(".sb-topic-card")
    }
    assert set(cards) == {"Cold calling", "Pricing", "Negotiation"}
    assert cards["Cold calling"].select_one(".sb-topic-card__count").get_text() == "3 articles"
    assert cards["Pricing"].select_one(".sb-topic-card__count").get_text() == "2 articles"
    assert cards["Cold calling"].a["href"] == "cold-calling/"
    assert (
        cards["Cold calling"].select_one(".sb-topic-card__text").get_text()
        == "The phone & the first ten seconds."
    )


def test_topic_page_lists_articles_newest_first_with_title_and_description(blog):
    page = blog.html("topics/cold-calling/")
    assert page.select_one("h1").get_text() == "Cold calling"
    assert [a.get_text() for a in page.select(".sb-card__title a")] == [
        "Voicemail",
        "Price the call",
    ]
    assert page.select_one("title").get_text() == "Cold calling – Fixture"
    assert (
        page.select_one('meta[name="description"]')["content"]
        == "The phone & the first ten seconds."
    )
    assert [a["href"] for a in page.select(".sb-topic__trail a")] == ["../", "../prospecting/"]
    assert page.select_one('a[rel="next"]')["href"] == "page/2/"
    second = blog.html("topics/cold-calling/page/2/")
    assert [a.get_text() for a in second.select(".sb-card__title a")] == ["Openers that work"]
    assert second.select_one("title").get_text() == "Cold calling – page 2 – Fixture"
    related = [a.get_text() for a in page.select(".sb-topic__related a")]
    assert related == ["Pricing"]
    parent = blog.html("topics/prospecting/")
    assert [c.a.get_text() for c in parent.select(".sb-topic__children .sb-topic-card")] == [
        "Cold calling"
    ]
    # a topic without a description still gets a meta description of its own
    assert blog.html("topics/negotiation/").select_one('meta[name="description"]')["content"] == (
        "2 articles on negotiation."
    )


def test_drafts_and_scheduled_posts_never_reach_topics(blog):
    for path in (blog.site / "topics").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "Secret Draft Post" not in text and "Future Scheduled Post" not in text, path
    data = blog.text("topics.json")
    assert "Secret Draft Post" not in data and "Future Scheduled Post" not in data
    for rel in ("a/", "b/", "c/", "d/", "e/"):
        assert "Secret Draft Post" not in blog.text(
            rel
        ) and "Future Scheduled Post" not in blog.text(rel)


def test_chips_link_to_topic_pages_and_every_link_resolves(blog):
    post = blog.html("b/")
    chips = post.select(".sb-post__header .sb-chip a")
    assert [(a.get_text(), a["href"]) for a in chips] == [
        ("Cold calling", "../topics/cold-calling/"),
        ("Pricing", "../topics/pricing/"),
    ]
    listing = blog.html("rants/")
    card_chips = listing.select(".sb-card .sb-chip a")
    assert card_chips and all(a["href"].startswith("../topics/") for a in card_chips)
    checked = 0
    for page_url in (
        "b/",
        "rants/",
        "topics/",
        "topics/cold-calling/",
        "topics/cold-calling/page/2/",
    ):
        for a in blog.html(page_url).select(
            ".sb-chip a, .sb-topic-card a, .sb-related a, .sb-topic__trail a, .sb-card__title a"
        ):
            assert blog.path(resolve(page_url, a["href"])).exists(), (page_url, a["href"])
            checked += 1
    assert checked > 20


def test_related_reading_at_the_end_of_each_post(blog):
    page = blog.html("b/")
    titles = [a.get_text() for a in page.select(".sb-related__link")]
    assert 3 <= len(titles) <= 4  # 4 other public articles
    # the three sharing a topic come first; the rarer shared topic (pricing) weighs more
    assert set(titles[:3]) == {"Voicemail", "Openers that work", "Discounts"}
    # Only articles that share a topic or words are related; nothing pads the list.
    assert [a.get_text() for a in blog.html("c/").select(".sb-related__link")] == [
        "Openers that work",
        "Price the call",
    ]
    for rel in ("a/", "b/", "c/", "d/", "e/"):
        assert "Secret Draft Post" not in blog.html(rel).select_one(".sb-related").get_text()


def test_nav_has_topics_after_archive(blog):
    tabs = [a.get_text(strip=True) for a in blog.html("").select(".md-nav--primary .md-nav__link")]
    assert tabs.index("Topics") == tabs.index("Archive") + 1


def test_topics_json_for_other_tools(blog):
    data = json.loads(blog.text("topics.json"))
    topics = {t["slug"]: t for t in data["topics"]}
    assert list(topics) == ["prospecting", "cold-calling", "pricing", "negotiation"]
    cold = topics["cold-calling"]
    assert cold["title"] == "Cold calling"
    assert cold["url"] == "https://example.test/topics/cold-calling/"
    assert cold["parent"] == "prospecting"
    assert cold["description"] == "The phone & the first ten seconds."
    assert [(p["title"], p["url"], p["date"]) for p in cold["posts"]] == [
        ("Voicemail", "https://example.test/c/", "2025-03-10T00:00:00+00:00"),
        ("Price the call", "https://example.test/b/", "2025-02-10T00:00:00+00:00"),
        ("Openers that work", "https://example.test/a/", "2025-01-10T00:00:00+00:00"),
    ]
    assert topics["prospecting"]["parent"] is None and topics["prospecting"]["count"] == 3


def test_unknown_topics_and_untagged_posts_are_reported(tmp_path):
    posts = {
        "rants/typo.md": article("Typo", "2025-01-10", "[cold caling]"),
        "rants/bare.md": article(
            "Bare", "2025-01-11", None, body="Cold calls and more cold calls."
        ),
    }
    vocabulary = {"vocabulary": VOCABULARY}
    relaxed = site(tmp_path / "relaxed", posts, vocabulary, strict=False)
    relaxed.assert_ok()
    assert warnings(relaxed.output) == [
        "WARNING -  soapbox: posts/rants/typo.md: topics: unknown topic 'cold caling' (did you mean"
        " 'cold-calling', Cold calling?); fix the spelling, or add 'cold-caling' to topics -> "
        "vocabulary"
        " in mkdocs.yml",
        "WARNING -  soapbox: posts/rants/bare.md: topics: has no topics; its text matches Cold "
        "calling"
        " best: add 'topics: [cold-calling]'",
    ]
    assert relaxed.path("topics/cold-caling/").exists()  # without strict, it still works
    strict = site(tmp_path / "strict", posts, {**vocabulary, "strict": True, "suggest": False})
    assert strict.returncode == 1
    assert (
        "posts/rants/typo.md: topics: unknown topic 'cold caling' (did you mean 'cold-calling', "
        "Cold"
        " calling?); use a topic of the vocabulary; topics.strict allows no others"
    ) in strict.output


def test_vocabulary_mistakes_stop_the_build(tmp_path):
    result = site(tmp_path, {"a.md": "# A\n"}, {"vocabulary": {"R&D": {"parent": "nowhere"}}})
    assert result.returncode == 1
    assert (
        "mkdocs.yml: topics.vocabulary.R&D: 'R&D' is not a slug; use 'r-and-d' as the key and put "
        "the"
        " display name in 'title:'"
    ) in result.output


def test_hostile_topic_names_without_a_vocabulary(tmp_path):
    names = ["R&D", "C++", "<b>bold</b>", "🎤", "Переговоры", "r and d"]
    posts = {
        f"rants/p{i}.md": article(
            f"Post {i}", f"2025-0{i + 1}-01", json.dumps([name], ensure_ascii=False)
        )
        for i, name in enumerate(names)
    }
    result = site(tmp_path, posts, listings={"page_size": 1})
    result.assert_ok()
    data = json.loads(result.text("topics.json"))
    slugs = {t["title"]: t["slug"] for t in data["topics"]}
    assert slugs["R&D"] == "r-and-d" and "r and d" not in slugs  # one topic, first spelling
    assert slugs["C++"] == "c-plus-plus" and slugs["<b>bold</b>"] == "b-bold-b"
    assert slugs["Переговоры"] == "переговоры" and slugs["🎤"].startswith("topic-")
    assert len(set(slugs.values())) == len(slugs) == 5
    for slug in slugs.values():
        assert result.path(f"topics/{slug}/").exists()
    raw = result.text("topics/b-bold-b/")
    assert "<b>bold</b>" not in raw and "&lt;b&gt;bold&lt;/b&gt;" in raw
    page = result.html("topics/b-bold-b/")
    assert page.select_one("h1").get_text() == "<b>bold</b>"
    assert page.select_one("title").get_text() == "<b>bold</b> – Fixture"
    chip = result.html("p2/").select_one(".sb-chip a")
    assert chip.get_text() == "<b>bold</b>" and chip["href"] == "../topics/b-bold-b/"
    index = result.text("topics/")
    assert "<b>bold</b>" not in index
    assert result.html("topics/r-and-d/").select_one("h1").get_text() == "R&D"
    assert warnings(result.output) == []


def test_topics_can_be_switched_off(tmp_path):
    posts = {"rants/a.md": article("A", "2025-01-10", "[pricing]")}
    result = site(tmp_path, posts, {"enabled": False})
    result.assert_ok()
    assert not (result.site / "topics").exists()
    assert not (result.site / "topics.json").exists()
    assert result.html("a/").select_one(".sb-chip").get_text() == "pricing"  # a label, no link
