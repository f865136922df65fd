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


def test_a_new_file_rereads_only_the_posts_whose_questions_about_files_it_answers_otherwise(
    monkeypatch,
):
    """A post is read again when a file it asked about came or went (its image), not when any
    other file did (a new post): the reading is what a new process reads."""
    files = {
        "a.md": "---\ntitle: A\ndate: 2024-03-12\ntype: rant\nimage: pic.png\n---\n\nWords.\n",
        "b.md": "---\ntitle: B\ndate: 2024-03-13\ntype: rant\n---\n\nBody.\n",
    }
    settings = ContentSettings()
    parsed: list[str] = []
    real = plan.parse_post
    monkeypatch.setattr(
        plan, "parse_post", lambda src, *args: parsed.append(src) or real(src, *args)
    )

    def read(known: set[str]) -> list[str]:
        parsed.clear()
        sources = [(name, lambda text=text: text) for name, text in files.items()]
        posts, problems = plan.read_posts(sources, settings, frozenset(known))
        return [p.title for p in posts] + [str(p) for p in problems]

    first = read({"a.md", "b.md"})
    assert any("pic.png" in line for line in first) and parsed == ["a.md", "b.md"]
    assert read({"a.md", "b.md", "c.md"}) == first and parsed == []  # a new post: nothing
    with_image = read({"a.md", "b.md", "c.md", "pic.png"})
    assert not any("pic.png" in line for line in with_image) and parsed == ["a.md"]
    read(set())
    assert parsed == ["a.md"]  # no files known: no image check (a question of its own)
    assert read({"a.md", "b.md", "c.md", "pic.png"}) == with_image
    keep_across_builds(False)  # what a new process reads (this keeps nothing, so it goes last)
    assert read({"a.md", "b.md", "c.md", "pic.png"}) == with_image


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
    assert again == _fresh(edited, 2, 1) and again != first


def _fresh(docs: list[Document], limit: int, minimum: int) -> dict[str, tuple[str, ...]]:
    """What a new process answers: nothing kept from an earlier question."""
    keep_across_builds(False)
    try:
        return related_module._related(docs, limit, minimum)
    finally:
        keep_across_builds(True)


def _fresh_vectors(docs: list[Document]) -> tuple:
    keep_across_builds(False)
    try:
        return related_module._vectors(docs)
    finally:
        keep_across_builds(True)


def test_related_after_each_edit_is_what_a_new_process_computes():
    words = [f"w{i}" for i in range(400)]
    docs = [
        Document(
            f"d{i}",
            f"{words[i]} {words[(i * 7) % 400]}",
            body=" ".join(words[(i * 13 + k * 17) % 400] for k in range(40)),
            topics=(f"t{i % 6}",),
        )
        for i in range(120)
    ]
    assert related(docs) == _fresh(docs, 5, 3)
    edits = [
        (5, dict(body=docs[5].body + " brandnew w3 w3 w3")),  # a new word, a common one more
        (9, dict(body="w1 w2")),  # most of its words gone: their idf moves
        (5, dict(title="Another title")),
        (40, dict(topics=("t1", "t2"))),
    ]
    for index, change in edits:
        related_module._vectors(docs)  # kept: the vectors before the edit
        docs[index] = replace(docs[index], **change)
        # Every weight, not only the ranking: a vector kept with a stale idf would differ.
        kept = related_module._vectors(docs)
        assert kept == _fresh_vectors(docs), change
        assert related(docs) == _fresh(docs, 5, 3), change


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


def test_related_scores_again_only_what_an_edit_can_change_and_answers_as_a_new_process(
    monkeypatch,
):
    """After each edit in a long random list (bodies, titles, descriptions, topics, a new body
    that moves many idfs), the answer is a new process's; an edit that moves no idf scores fewer
    documents than all of them. A new document changes every idf: every document is scored."""
    import random

    rng = random.Random(7)
    words = [f"w{i}" for i in range(300)]
    topics = [f"t{i}" for i in range(8)]

    def body() -> str:
        return " ".join(rng.choice(words[: rng.choice((60, 300))]) for _ in range(50))

    docs = [
        Document(f"d{i}", f"{rng.choice(words)} {rng.choice(words)}", body=body(),
                 topics=(rng.choice(topics),), broader=("all",))
        for i in range(100)
    ]  # fmt: skip
    states = [list(docs)]
    for step in range(30):
        index = rng.randrange(len(docs))
        kind = step % 5
        own = docs[index].body.split()  # words it has already: their idf stays
        change: dict = (
            {"body": docs[index].body + " " + rng.choice(own)} if kind == 0
            else {"title": f"{rng.choice(own)} {rng.choice(own)}"} if kind == 1
            else {"description": f"{rng.choice(own)} {rng.choice(words)}"} if kind == 2
            else {"topics": tuple(rng.sample(topics, rng.randint(0, 2)))} if kind == 3
            else {"body": body()}
        )  # fmt: skip
        docs[index] = replace(docs[index], **change)
        states.append(list(docs))
    states.append([Document("new", "w1 w2", body=body(), topics=("t1",)), *docs])
    fresh = [_fresh(state, 5, 3) for state in states]  # before: a fresh answer keeps nothing
    scored: list[int] = []
    real_scores = related_module._scores

    def counted(i, *args):
        scored.append(i)
        return real_scores(i, *args)

    monkeypatch.setattr(related_module, "_scores", counted)
    counts = []
    for n, state in enumerate(states):
        scored.clear()
        assert related(state) == fresh[n], n
        counts.append(len(scored))
    assert counts[0] == 100 and counts[-1] == 101
    assert sum(count < 100 for count in counts[1:-1]) >= 8, counts


def test_an_answer_from_the_shelf_under_serve_still_lets_the_first_edit_score_only_what_moved(
    tmp_path, monkeypatch
):
    from soapbox.core.kept import Shelf

    words = [f"w{i}" for i in range(200)]
    docs = [
        Document(f"d{i}", f"{words[i]} {words[(i * 3) % 200]}",
                 body=" ".join(words[(i * 11 + k * 7) % 200] for k in range(30)),
                 topics=(f"t{i % 5}",))
        for i in range(80)
    ]  # fmt: skip
    edited = [*docs[:10], replace(docs[10], body=docs[10].body + " " + words[(10 * 11) % 200]), *docs[11:]]  # fmt: skip
    expected = _fresh(edited, 5, 3)
    keep_across_builds(False)  # a build: the answer goes to the shelf
    shelf = Shelf(tmp_path / "related")
    first = related(docs, shelf=shelf)
    keep_across_builds(True)  # a new serve session: its first build finds the answer on the shelf
    monkeypatch.setattr(related_module, "_SCORED", [])
    monkeypatch.setattr(related_module, "_LAST_ANSWER", [])
    monkeypatch.setattr(related_module, "_TEXT_VECTORS", [])
    scored: list[int] = []
    real_scores = related_module._scores
    monkeypatch.setattr(
        related_module, "_scores", lambda i, *args: scored.append(i) or real_scores(i, *args)
    )
    assert related(docs, shelf=Shelf(tmp_path / "related")) == first and scored == []
    assert related(edited, shelf=Shelf(tmp_path / "related")) == expected
    assert 0 < len(scored) < len(docs)
