"""Topics in the core: normalisation, the vocabulary, the graph and its hierarchy, unknown topics,
suggestions, classification, related articles and hostile topic names."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from soapbox.core.content import Post
from soapbox.core.problems import Severity
from soapbox.core.related import Document, body_of, related
from soapbox.core.topics import (
    Topic,
    Vocabulary,
    _fallback_slug,
    build_graph,
    build_vocabulary,
    classify,
    match_key,
    number_variants,
    suggest_topics,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SAFE_SLUG = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")  # letters/digits of any script, joined by '-'

VOCABULARY = [
    Topic("prospecting", "Prospecting", "Finding buyers."),
    Topic(
        "cold-calling", "Cold calling", "The phone.", parent="prospecting", synonyms=("cold calls",)
    ),
    Topic("buyers-journey", "Buyer's journey", parent=None),
    Topic("negotiation", "Negotiation", synonyms=("negotiating",)),
    Topic("pricing", "Pricing", synonyms=("discounting",)),
    Topic("news", "News", plurals=False),
]


def vocab(strict: bool = False) -> Vocabulary:
    vocabulary, problems = build_vocabulary(VOCABULARY, strict=strict)
    assert problems == []
    return vocabulary


def post(name: str, days_ago: float, topics=(), **extra) -> Post:
    return Post(
        src_uri=f"{name}.md",
        title=name.replace("-", " ").title(),
        type="rant",
        date=NOW - timedelta(days=days_ago),
        topics=tuple(topics),
        slug=name,
        url=f"{name}/",
        **extra,
    )


# -- normalisation
# ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Cold Calling", "cold calling"),
        ("cold-calling", "cold calling"),
        ("  COLD   calling!! ", "cold calling"),
        ("cold_calling", "cold calling"),
        ("Buyer's Journey", "buyer journey"),
        ("buyer’s journey", "buyer journey"),
        ("BUYER'S JOURNEY", "buyer journey"),
        ("The Buyer'S Side", "the buyer side"),
        ("Buyer Journey", "buyer journey"),
        ("R&D", "r and d"),
        ("C++", "c plus plus"),
        ("<b>", "b"),
        ("Négociation", "negociation"),
        ("Переговоры", "переговоры"),
        ("🎤", "🎤"),
    ],
)
def test_match_key_ignores_case_spacing_punctuation_and_possessives(name, key):
    assert match_key(name) == key


@pytest.mark.parametrize(
    ("key", "variants"),
    [
        ("cold call", {"cold calls"}),
        ("cold calls", {"cold call"}),
        ("story", {"stories"}),
        ("stories", {"story"}),
        ("box", {"boxes"}),
        ("business", {"businesses"}),
        ("переговоры", set()),
    ],
)
def test_number_variants_of_the_last_word(key, variants):
    assert number_variants(key) == variants


@pytest.mark.parametrize(
    ("spelling", "slug"),
    [
        ("Cold Calling", "cold-calling"),
        ("cold-calling", "cold-calling"),
        ("cold calls", "cold-calling"),  # synonym
        ("Cold call", "cold-calling"),  # singular of the synonym
        ("COLD CALLINGS", "cold-calling"),  # plural of the title
        ("buyer's journey", "buyers-journey"),
        ("Buyer Journey", "buyers-journey"),
        ("buyers-journey", "buyers-journey"),
        ("Buyer's journeys", "buyers-journey"),
        ("Negotiating", "negotiation"),
        ("negotiations", "negotiation"),
        ("Discounting", "pricing"),
        ("news", "news"),
        ("new", None),  # plurals: false
        ("cold", None),
        ("pricing strategy", None),
    ],
)
def test_vocabulary_resolves_every_spelling_to_one_topic(spelling, slug):
    topic = vocab().resolve(spelling)
    assert (topic.slug if topic else None) == slug


@pytest.mark.parametrize(
    ("topics", "expected"),
    [
        (
            [Topic("R&D", "R&D")],
            "mkdocs.yml: topics.vocabulary.R&D: 'R&D' is not a slug; use 'r-and-d' as the key and "
            "put"
            " the display name in 'title:'",
        ),
        (
            [Topic("cold-calling", "Cold calling", parent="prospectin"), Topic("prospecting", "P")],
            "mkdocs.yml: topics.vocabulary.cold-calling.parent: 'prospectin' is not a topic of the"
            " vocabulary (did you mean 'prospecting'?)",
        ),
        (
            [Topic("a", "A", parent="b"), Topic("b", "B", parent="a")],
            "mkdocs.yml: topics.vocabulary.a.parent: makes a loop: a -> b -> a",
        ),
        (
            [Topic("pricing", "Pricing", synonyms=("discounts",)), Topic("discounts", "Discounts")],
            "mkdocs.yml: topics.vocabulary.discounts.synonyms: 'discounts' already names the topic"
            " 'pricing'; keep it in one topic only",
        ),
    ],
)
def test_vocabulary_mistakes_name_the_option_and_the_fix(topics, expected):
    _, problems = build_vocabulary(topics)
    assert str(problems[0]) == expected
    assert problems[0].severity is Severity.ERROR


def test_a_plural_two_topics_would_share_matches_neither():
    vocabulary, problems = build_vocabulary(
        [Topic("call", "Call"), Topic("calls-team", "Team", synonyms=("call",))]
    )
    assert [str(p) for p in problems] == [
        "mkdocs.yml: topics.vocabulary.calls-team.synonyms: 'call' already names the topic 'call';"
        " keep it in one topic only"
    ]
    vocabulary, problems = build_vocabulary(
        [Topic("sale", "Sale", plurals=True), Topic("sales", "Sales")]
    )
    assert problems == []
    assert vocabulary.resolve("sales").slug == "sales"  # the explicit spelling wins over a plural
    assert vocabulary.resolve("sale").slug == "sale"


# -- the graph
# ---------------------------------------------------------------------------------------


def test_graph_merges_spellings_and_keeps_newest_first():
    articles = [
        post("c", 1, ["cold calls"]),
        post("b", 2, ["cold-calling", "Pricing"]),
        post("a", 3, ["Cold Calling"]),
    ]
    graph, problems = build_graph(vocab(), articles)
    assert problems == []
    assert [p.slug for p in graph.articles["cold-calling"]] == ["c", "b", "a"]
    assert [t.slug for t in graph.of_post["b.md"]] == ["cold-calling", "pricing"]
    assert {t.slug for t in graph.in_use()} == {"prospecting", "cold-calling", "pricing"}
    assert graph.count("negotiation") == 0  # declared but unused: no page


def test_hierarchy_parent_collects_its_subtopics_articles():
    articles = [
        post("call", 1, ["cold calling"]),
        post("prospect", 2, ["prospecting"]),
        post("price", 3, ["pricing"]),
    ]
    graph, _ = build_graph(vocab(), articles)
    assert [p.slug for p in graph.articles["prospecting"]] == ["call", "prospect"]
    assert graph.children == {"prospecting": ("cold-calling",)}
    assert [t.slug for t in graph.ancestors("cold-calling")] == ["prospecting"]
    sections = graph.index()
    assert [(s.topic.slug if s.topic else None, s.count) for s in sections] == [
        ("prospecting", 2),
        (None, 1),
    ]
    assert [(e.topic.slug, e.count, e.depth) for e in sections[0].entries] == [
        ("cold-calling", 1, 1)
    ]
    assert [e.topic.slug for e in sections[1].entries] == ["pricing"]


def test_related_topics_share_articles_and_leave_out_parent_and_children():
    articles = [
        post("a", 1, ["cold calling", "pricing"]),
        post("b", 2, ["cold calling", "pricing", "negotiation"]),
        post("c", 3, ["prospecting", "negotiation"]),
    ]
    graph, _ = build_graph(vocab(), articles)
    assert graph.related["cold-calling"] == ("pricing", "negotiation")
    assert "cold-calling" not in graph.related["prospecting"]


def test_topics_json_is_the_one_shot_dump_before_and_after_an_edit_under_serve():
    """topics.json is put together from each topic's part: its text is exactly what one
    `json.dumps(..., indent=2)` of the whole prints (hostile text included), and after an edit
    the parts kept from the build before give what a new process writes."""
    import json
    from dataclasses import replace

    from soapbox.core.kept import keep_across_builds
    from soapbox.core.topic_plan import topics_json

    hostile = 'A "quoted" \\ title\u2028with a line separator, <b>&amp;</b> 🎤'
    articles = [
        post("one", 1, ["cold calls", "pricing"], description="x"),
        replace(post("two", 2, ["Cold calling", "Negotiation"]), title=hostile),
        post("three", 3, ["free topic \u00e9", "news"]),
    ]

    def written(posts: list[Post], keep: bool) -> str:
        keep_across_builds(keep)
        try:
            return topics_json(build_graph(vocab(), posts)[0], "https://example.test/")
        finally:
            keep_across_builds(True)

    first = written(articles, keep=True)
    assert first == json.dumps(json.loads(first), ensure_ascii=False, indent=2) + "\n"
    assert hostile in json.loads(first)["topics"][0]["posts"][1]["title"]
    edited = [articles[0], replace(articles[1], title="Two, renamed"), articles[2]]
    assert written(edited, keep=True) == written(edited, keep=False) != first
    assert written([], keep=True) == '{\n  "version": 1,\n  "topics": []\n}\n'


def test_unknown_topic_warns_with_the_closest_known_one_and_still_gets_a_page():
    graph, problems = build_graph(
        vocab(), [post("a", 1, ["cold caling", "Growth Hacking"])], display_root="posts"
    )
    assert [str(p) for p in problems] == [
        "posts/a.md: topics: unknown topic 'cold caling' (did you mean 'cold-calling', Cold "
        "calling?);"
        " fix the spelling, or add 'cold-caling' to topics -> vocabulary in mkdocs.yml",
        "posts/a.md: topics: unknown topic 'Growth Hacking'; fix the spelling, or add "
        "'growth-hacking'"
        " to topics -> vocabulary in mkdocs.yml",
    ]
    assert all(p.severity is Severity.WARNING for p in problems)
    assert [t.title for t in graph.of_post["a.md"]] == ["cold caling", "Growth Hacking"]
    assert not graph.topics["growth-hacking"].declared


def test_strict_vocabulary_is_an_allow_list():
    graph, problems = build_graph(
        vocab(strict=True), [post("a", 1, ["cold calling", "Growth Hacking"])]
    )
    assert [(p.severity, p.message) for p in problems] == [
        (
            Severity.ERROR,
            "unknown topic 'Growth Hacking'; use a topic of the vocabulary; topics.strict allows "
            "no others",
        )
    ]
    assert [t.slug for t in graph.of_post["a.md"]] == ["cold-calling"]
    assert "growth-hacking" not in graph.topics


def test_without_a_vocabulary_topics_work_and_take_the_first_spelling():
    articles = [
        post("new", 1, ["PRICING", "Sales Leadership"]),
        post("old", 9, ["pricing"]),
        post("mid", 5, ["sales-leadership"]),
    ]
    graph, problems = build_graph(Vocabulary(), articles)
    assert problems == []
    assert {s: t.title for s, t in graph.topics.items()} == {
        "pricing": "pricing",
        "sales-leadership": "sales-leadership",
    }
    assert graph.count("pricing") == 2 and graph.count("sales-leadership") == 2


HOSTILE = [
    "R&D",
    "C++",
    "C",
    "<b>bold</b>",
    "🎤",
    "🚀",
    "Переговоры",
    "日本語",
    '"quoted" & <script>',
    "R and D",
]


def test_hostile_names_get_safe_unique_deterministic_slugs():
    articles = [post(f"p{i}", i, [name]) for i, name in enumerate(HOSTILE)]
    graph, _ = build_graph(Vocabulary(), articles)
    slugs = {name: graph.of_post[f"p{i}.md"][0].slug for i, name in enumerate(HOSTILE)}
    assert slugs["R&D"] == slugs["R and D"] == "r-and-d"  # one topic, two spellings
    assert graph.topics["r-and-d"].title == "R and D"  # the first spelling seen (oldest post)
    assert len(graph.topics) == len(HOSTILE) - 1
    assert slugs["C++"] == "c-plus-plus" and slugs["C"] == "c"
    assert slugs["<b>bold</b>"] == "b-bold-b"
    assert slugs['"quoted" & <script>'] == "quoted-and-script"
    assert slugs["Переговоры"] == "переговоры" and slugs["日本語"] == "日本語"
    assert slugs["🎤"] != slugs["🚀"] and slugs["🎤"].startswith("topic-")
    assert all(SAFE_SLUG.match(slug) for slug in slugs.values()), slugs
    again, _ = build_graph(Vocabulary(), list(reversed(articles)))
    assert {t.slug for t in again.topics.values()} == set(slugs.values())


def test_a_slug_collision_is_disambiguated_deterministically():
    taken = _fallback_slug("🎤")
    vocabulary, _ = build_vocabulary([Topic(taken, "Already there")])
    graph, _ = build_graph(vocabulary, [post("a", 1, ["🎤", taken])])
    assert [t.slug for t in graph.of_post["a.md"]] == [f"{taken}-2", taken]


# -- suggestions and classification
# ---------------------------------------------------------------------


def test_posts_without_topics_get_the_best_matching_ones_suggested():
    bare = post("phones", 1)
    body = (
        "Cold calls still work. Most cold calls die in ten seconds; discounting will not save a"
        " cold call."
    )
    problems = suggest_topics([(bare, body), (post("empty", 2), "Nothing relevant here.")], vocab())
    assert [str(p) for p in problems] == [
        "posts/phones.md: topics: has no topics; its text matches Cold calling best: add 'topics: "
        "[cold-calling]'",
        "posts/empty.md: topics: has no topics and its text matches none of the vocabulary; add"
        " 'topics: [...]' so readers find it from a topic page",
    ]
    assert suggest_topics([(bare, body)], Vocabulary()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cold calls are back. A good cold call opener beats any sequence.", ["cold-calling"]),
        (
            "Negotiating on price: discounting, pricing pages and negotiation tactics.",
            ["negotiation", "pricing"],
        ),
        ("A keynote about nothing in particular.", []),
        ("Calling someone cold is rude.", []),  # the words, not the phrase
        ("", []),
    ],
)
def test_classify_any_text(text, expected):
    assert classify(text, VOCABULARY) == expected


# -- related articles
# ----------------------------------------------------------------------------------

CORPUS = [
    Document(
        "call-1",
        "Cold calling openers that work",
        "The first ten seconds of a phone call.",
        "Dial, opener, permission, voicemail, gatekeeper, phone.",
        ("cold-calling",),
        ("prospecting",),
    ),
    Document(
        "price-1",
        "Raising prices without churn",
        "A pricing change across accounts.",
        "Price increase, renewal, discount, margin, packaging.",
        ("pricing",),
    ),
    Document(
        "call-2",
        "Voicemail and the gatekeeper",
        "What to say when a phone call goes to voicemail.",
        "Phone, voicemail, gatekeeper, opener, dial, callback.",
        ("cold-calling",),
        ("prospecting",),
    ),
    Document(
        "hire-1",
        "Hiring an SDR",
        "Interview questions for sales development hires.",
        "Interview, hiring, onboarding, ramp, quota.",
        ("hiring",),
    ),
    Document(
        "price-2",
        "The discount is not a closing technique",
        "Why discounting trains buyers to wait.",
        "Discount, margin, price, renewal, quarter end.",
        ("pricing", "negotiation"),
    ),
    Document(
        "neg-1",
        "Procurement wants a discount",
        "Negotiation with procurement teams.",
        "Negotiation, procurement, discount, terms, trade.",
        ("negotiation",),
    ),
]


def test_related_articles_rank_the_obvious_match_first():
    ranked = related(CORPUS, limit=3, minimum=1)
    assert ranked["call-1"][0] == "call-2"
    assert ranked["call-2"][0] == "call-1"
    assert ranked["price-1"][0] == "price-2"
    assert ranked["neg-1"][0] == "price-2"  # shares the topic and the words
    assert "hire-1" not in ranked["call-1"]
    assert ranked["hire-1"] == ()  # shares nothing with anyone
    assert all(key not in found for key, found in ranked.items())


def test_related_keeps_between_minimum_and_limit_and_is_deterministic():
    docs = [
        Document(f"d{i}", f"Pricing note {i}", body="price discount margin", topics=("pricing",))
        for i in range(9)
    ]
    ranked = related(docs, limit=5, minimum=3)
    assert all(3 <= len(found) <= 5 for found in ranked.values())
    assert ranked == related(docs, limit=5, minimum=3)
    assert related(docs, limit=0) == {d.key: () for d in docs}
    with pytest.raises(ValueError, match="its own key"):
        related([docs[0], docs[0]])


def test_related_ranks_a_large_corpus_through_the_index():
    """2,000 documents through the inverted index (its speed is the benchmark's business, issue
    10: tests never assert on wall time)."""
    words = [f"term{i}" for i in range(3000)]
    docs = [
        Document(
            f"d{i}",
            f"{words[i % 3000]} {words[(i * 7) % 3000]}",
            body=" ".join(words[(i * 13 + k * 17) % 3000] for k in range(150)),
            topics=(f"t{i % 40}",),
        )
        for i in range(2000)
    ]
    ranked = related(docs)
    assert len(ranked) == 2000
    assert all(len(found) <= 5 and key not in found for key, found in ranked.items())


def test_body_of_drops_front_matter_and_code():
    source = "---\ntitle: T\ntopics: [x]\n---\n\nSome **bold** words.\n\n```\ncode here\n```\n"
    assert body_of(source) == "Some bold words."
    assert body_of("No front matter.") == "No front matter."
