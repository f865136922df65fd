"""Results kept across `mkdocs serve` rebuilds in one process: an equal input gives the result a
fresh computation gives, a changed input is computed again, and a round keeps only what it used."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from soapbox.core import plan
from soapbox.core import related as related_module
from soapbox.core.content import ContentSettings
from soapbox.core.kept import Kept, across_builds, keep_across_builds
from soapbox.core.related import Document, related
from soapbox.core.topics import Topic, classify


@pytest.fixture(autouse=True)
def serving():
    """As under `mkdocs serve` (a build in this process may have switched keeping off)."""
    before = across_builds()
    keep_across_builds(True)
    yield
    keep_across_builds(before)


def test_kept_computes_each_key_once_and_forgets_what_a_round_did_not_use():
    calls: list[str] = []
    kept: Kept[str, str] = Kept()

    def upper(word: str) -> str:
        calls.append(word)
        return word.upper()

    assert [kept.value(w, lambda w=w: upper(w)) for w in ("a", "b", "a")] == ["A", "B", "A"]
    kept.new_round()
    assert kept.value("a", lambda: upper("a")) == "A"  # kept from the last round
    kept.new_round()
    kept.new_round()  # "b" was not asked for in the round before: gone
    assert kept.value("b", lambda: upper("b")) == "B"
    assert calls == ["a", "b", "b"]


def _read(files: dict[str, str], settings: ContentSettings) -> list:
    sources = [(name, lambda text=text: text) for name, text in files.items()]
    posts, problems = plan.read_posts(sources, settings, frozenset(files))
    return [(p.title, p.date, p.words) for p in posts] + [str(p) for p in problems]


def test_reading_again_reuses_unchanged_files_and_rereads_edits_and_new_settings():
    files = {
        "a.md": "---\ntitle: First\ndate: 2024-03-12 10:00\ntype: rant\n---\n\nSome words.\n",
        "b.md": "---\ntitle: Second\ndate: 2024-03-13\ntype: rant\nfoo: 1\n---\n\nBody.\n",
    }
    utc = ContentSettings()
    first = _read(files, utc)
    assert [(title, words) for title, _, words in first[:2]] == [("First", 2), ("Second", 1)]
    assert len(first) == 3 and "foo" in first[2]  # the unknown field's warning
    assert _read(files, utc) == first  # the warning is given again on every read
    edited = {**files, "a.md": files["a.md"].replace("Some words.", "Three words here.")}
    assert _read(edited, utc)[0] == ("First", first[0][1], 3)
    berlin = replace(utc, timezone=ZoneInfo("Europe/Berlin"))
    assert _read(files, berlin)[0][1] != first[0][1]  # the dates read in the new time zone


def test_related_answers_an_unchanged_question_and_recomputes_an_edited_one():
    docs = [
        Document("a", "Cold calling scripts", body="call script phone prospect"),
        Document("b", "Calling prospects", body="phone call prospect list"),
        Document("c", "Pricing pages", body="price plan discount"),
        Document("d", "Discount policy", body="discount price margin"),
    ]
    first = related(docs, limit=2, minimum=1)
    assert related(docs, limit=2, minimum=1) == first
    edited = [*docs[:3], replace(docs[3], body="phone call prospect script")]
    again = related(edited, limit=2, minimum=1)
    assert again == related_module._related(edited, 2, 1) and again != first


def test_classify_indexes_the_topics_once_and_still_follows_a_changed_vocabulary():
    pricing = Topic("pricing", "Pricing", synonyms=("price",))
    calls = Topic("cold-calling", "Cold calling")
    text = "Cold calling, cold calling and the price of pricing"
    assert classify(text, [pricing, calls]) == ["cold-calling", "pricing"]
    assert classify(text, [pricing, calls]) == ["cold-calling", "pricing"]
    renamed = replace(calls, title="Phone work", slug="phone-work")
    assert classify(text, [pricing, renamed]) == ["pricing"]


def test_a_plain_build_keeps_nothing_for_a_next_build():
    keep_across_builds(False)
    calls: list[str] = []
    kept: Kept[str, str] = Kept()
    for _ in range(2):
        kept.new_round()
        assert kept.value("a", lambda: calls.append("a") or "A") == "A"
    assert calls == ["a", "a"]
