"""Related articles: for every article, the few others a reader should go to next.

Two signals, each a cosine between sparse vectors:
- topics: shared topics weighted by rarity (IDF), so two posts on a niche topic are closer than
  two posts on the topic everything carries; a topic's broader topics count at half weight;
- text: TF-IDF over the words of the title (x3), description (x2) and body.

Computed once per build through an inverted index: each document is compared only with the
documents that share one of its strongest terms, and each term's posting list is capped, so the
work grows with the number of documents times two constants, never with all pairs.
"""

from __future__ import annotations

import heapq
import json
import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import islice
from typing import TypeVar

from . import text as textutil
from .kept import Kept, Shelf, across_builds
from .render_cache import digest
from .topics import singular
from .version import package_version

TOPIC_WEIGHT = 0.6  # share of the score from topics; the rest is text similarity
ANCESTOR_WEIGHT = 0.5  # a broader topic counts this much of the topic itself
KEPT_TERMS = 60  # a document's text vector keeps its strongest terms only (its keywords)
QUERY_TERMS = 20  # strongest text terms of a document used to find its candidates
POSTINGS = 100  # documents kept per term (strongest first): bounds the work per term
MIN_SCORE = 0.08  # below this a candidate only fills the list up to `minimum`
K = TypeVar("K", str, int)  # a term or a document's position
FORMAT = 1  # bump when the ranking changes within one version: kept answers are then ignored

_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$\n?", re.DOTALL | re.MULTILINE
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "even",
        "every",
        "few",
        "for",
        "from",
        "further",
        "get",
        "gets",
        "got",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "just",
        "let's",
        "like",
        "make",
        "makes",
        "many",
        "may",
        "me",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "never",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "really",
        "said",
        "same",
        "say",
        "says",
        "she",
        "should",
        "shouldn't",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they're",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "us",
        "very",
        "was",
        "wasn't",
        "way",
        "we",
        "we're",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "won't",
        "would",
        "wouldn't",
        "yes",
        "yet",
        "you",
        "you're",
        "your",
        "yours",
        "yourself",
        "yourselves",
    ]
)


@dataclass(frozen=True, slots=True)
class Document:
    key: str  # the post's src_uri
    title: str
    description: str = ""
    body: str = ""  # markdown or plain text
    topics: tuple[str, ...] = ()  # topic slugs
    broader: tuple[str, ...] = ()  # their ancestors' slugs


def body_of(source: str) -> str:
    """A markdown file's text without its front matter and code blocks, as plain words."""
    return text_of(_FRONT_MATTER.sub("", source, count=1))


def text_of(body: str) -> str:
    """A markdown body (front matter already split off) without code blocks, as plain words."""
    return textutil.inline_text(textutil.strip_code_blocks(body))


def words(text: str) -> list[str]:
    """Lower-case content words (stopwords and one-letter words out), folded to the singular."""
    return [term for term in map(_term, _WORD.findall(text)) if term is not None]


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str | None:
    """One word as written -> its indexed form, or None for a stopword. Prose repeats its words
    (a few thousand distinct ones in a whole site), so each is folded once per build."""
    folded = word.casefold().replace("’", "'")
    return singular(folded) if len(folded) > 2 and folded not in STOPWORDS else None


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else {}


def _idf(counts: Iterable[Iterable[str]], total: int) -> dict[str, float]:
    df: Counter[str] = Counter()
    for terms in counts:
        df.update(set(terms))
    return {t: math.log((1 + total) / (1 + n)) for t, n in df.items()}


def related(
    documents: Sequence[Document], *, limit: int = 5, minimum: int = 3, shelf: Shelf | None = None
) -> dict[str, tuple[str, ...]]:
    """key -> keys of the most related documents, best first: at most `limit`; weaker matches
    (score below MIN_SCORE) only fill the list up to `minimum`. Ties go to the earlier document
    in `documents` (pass them newest first). Documents sharing nothing are never related.
    `shelf`: where the answer is kept on disk, by a digest of the question, for the next build."""
    if limit <= 0 or len(documents) < 2:
        return {d.key: () for d in documents}
    if len({d.key for d in documents}) != len(documents):
        raise ValueError("related(): every document needs its own key")
    question = (tuple(documents), limit, minimum)
    if not across_builds():
        _LAST_ANSWER.clear()
    if _LAST_ANSWER and _LAST_ANSWER[0] == question:
        return dict(_LAST_ANSWER[1])  # the same documents as the last build (a serve rebuild)
    _BAGS.new_round()
    answer = _from_shelf(shelf, documents, limit, minimum)
    _LAST_ANSWER[:] = [question, answer] if across_builds() else []
    return dict(answer)


def _from_shelf(
    shelf: Shelf | None, documents: Sequence[Document], limit: int, minimum: int
) -> dict[str, tuple[str, ...]]:
    """The answer kept on `shelf` for exactly these documents, else computed (and kept)."""
    if shelf is None:
        return _related(documents, limit, minimum)
    fields = [[d.key, d.title, d.description, d.body, d.topics, d.broader] for d in documents]
    key = digest(str(FORMAT), package_version(), str(limit), str(minimum), json.dumps(fields))
    try:
        kept = json.loads(shelf.get(key) or "null")
    except ValueError:
        kept = None  # a damaged value is computed again
    if isinstance(kept, dict) and list(kept) == [d.key for d in documents]:
        answer = {k: tuple(v) for k, v in kept.items()}
        if across_builds():  # `mkdocs serve`: the first save then scores only what it moved
            _remember(documents, limit, minimum, answer)
    else:
        answer = _related(documents, limit, minimum)
        shelf.put(key, json.dumps(answer))
    shelf.prune(now=time.time(), keep_days=0)  # only the last answer is worth keeping
    return answer


#: Under `mkdocs serve`: the last question and its answer, and each document's word bag (an edit
#: changes one document's words, but every document's vector through the idf).
_LAST_ANSWER: list = []
_BAGS: Kept[tuple[str, str, str], Counter[str]] = Kept()
_TEXT_VECTORS: list = []  # the last build's text idf and each document's text vector


@dataclass(frozen=True)
class _Scored:
    """One build's question as `_related` saw it, and its answer: what the next build compares
    its own with, so that only the documents whose inputs changed are scored again."""

    question: tuple[tuple[str, ...], int, int]  # the keys in order, limit, minimum
    text_vectors: list[dict[str, float]]
    topic_vectors: list[dict[str, float]]
    text_index: dict[str, list[tuple[int, float]]]
    topic_index: dict[str, list[tuple[int, float]]]
    answer: dict[str, tuple[str, ...]]


_SCORED: list[_Scored] = []  # under `mkdocs serve`: the last build's


def _remember(
    documents: Sequence[Document], limit: int, minimum: int, answer: dict[str, tuple[str, ...]]
) -> None:
    """Keep what `_related` would keep for `answer` (read from the shelf: `_related`'s answer to
    exactly these documents), without scoring: the word bags, the vectors and their postings."""
    text_vectors, topic_vectors = _vectors(documents)
    question = (tuple(d.key for d in documents), limit, minimum)
    text_index, topic_index = _inverted(text_vectors), _inverted(topic_vectors)
    _SCORED[:] = [_Scored(question, text_vectors, topic_vectors, text_index, topic_index, answer)]


def _related(documents: Sequence[Document], limit: int, minimum: int) -> dict[str, tuple[str, ...]]:
    text_vectors, topic_vectors = _vectors(documents)
    text_index = _inverted(text_vectors)
    topic_index = _inverted(topic_vectors)
    question = (tuple(d.key for d in documents), limit, minimum)
    last = _SCORED[0] if _SCORED and across_builds() else None
    stale = None  # the documents to score again (None: all of them)
    if last is not None and last.question == question:
        stale = _stale(last, text_vectors, topic_vectors, text_index, topic_index)
    result: dict[str, tuple[str, ...]] = {}
    for i, doc in enumerate(documents):
        if last is not None and stale is not None and i not in stale:
            result[doc.key] = last.answer[doc.key]
            continue
        scores = _scores(i, text_vectors[i], topic_vectors[i], text_index, topic_index)
        ranked = [j for j, _ in _top(scores, limit) if scores[j] > 0]
        chosen = [j for n, j in enumerate(ranked) if n < minimum or scores[j] >= MIN_SCORE]
        result[doc.key] = tuple(documents[j].key for j in chosen)
    kept = _Scored(question, text_vectors, topic_vectors, text_index, topic_index, result)
    _SCORED[:] = [kept] if across_builds() else []
    return result


def _stale(
    last: _Scored,
    text_vectors: Sequence[dict[str, float]],
    topic_vectors: Sequence[dict[str, float]],
    text_index: Mapping[str, list[tuple[int, float]]],
    topic_index: Mapping[str, list[tuple[int, float]]],
) -> set[int]:
    """The documents (positions; the same documents in the same order as `last`) whose scores
    may differ from the last build's: a document's scores read its own vectors (the topic vector
    and the QUERY_TERMS strongest keywords, in order) and the postings of those terms, nothing
    else. A posting list changes only where a document with the term changed its vector."""
    stale: set[int] = set()
    text_terms: set[str] = set()
    topic_terms: set[str] = set()
    pairs = (
        (text_vectors, last.text_vectors, text_terms),
        (topic_vectors, last.topic_vectors, topic_terms),
    )
    for vectors, before, terms in pairs:
        for i, (now, then) in enumerate(zip(vectors, before, strict=True)):
            if now is not then and list(now.items()) != list(then.items()):
                stale.add(i)
                terms.update(now)
                terms.update(then)
    moved_text = {t for t in text_terms if text_index.get(t) != last.text_index.get(t)}
    moved_topics = {t for t in topic_terms if topic_index.get(t) != last.topic_index.get(t)}
    for i, (text, topics) in enumerate(zip(text_vectors, topic_vectors, strict=True)):
        if i in stale:
            continue
        if not moved_topics.isdisjoint(topics) or any(
            term in moved_text for term in islice(text, QUERY_TERMS)
        ):
            stale.add(i)
    return stale


def _word_bag(doc: Document) -> Counter[str]:
    """The document's words counted; a title word weighs 3, a description word 2."""
    bag: Counter[str] = Counter(words(doc.body))  # counted in C
    for weight, part in ((3, doc.title), (2, doc.description)):
        for word in words(part):
            bag[word] += weight
    return bag


def _vectors(
    documents: Sequence[Document],
) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """Per document, its unit text vector (the KEPT_TERMS strongest tf-idf keywords) and its unit
    topic vector (own topics, broader topics at ANCESTOR_WEIGHT)."""
    total = len(documents)
    keys = [(d.title, d.description, d.body) for d in documents]
    bags = [_BAGS.value(key, partial(_word_bag, d)) for key, d in zip(keys, documents, strict=True)]
    text_vectors = _text_vectors(keys, bags, _idf(bags, total))
    topic_idf = _idf(((*d.topics, *d.broader) for d in documents), total)
    topic_vectors: list[dict[str, float]] = []
    for doc in documents:
        topics = {t: ANCESTOR_WEIGHT * topic_idf[t] for t in doc.broader}
        topics.update({t: topic_idf[t] for t in doc.topics})
        # a topic every document carries still says something (idf 0 would erase it)
        topic_vectors.append(_unit({t: max(w, 0.05) for t, w in topics.items()}))
    return text_vectors, topic_vectors


def _text_vectors(
    keys: Sequence[tuple[str, str, str]], bags: Sequence[Counter[str]], idf: dict[str, float]
) -> list[dict[str, float]]:
    """Each document's text vector. A vector depends on the bag and the idf of the bag's terms
    only: under `mkdocs serve` an edit changes the idf of the few terms it adds or removes, so
    only the documents that have one of them are weighed again."""
    if not across_builds():
        _TEXT_VECTORS.clear()
    last_idf: dict[str, float] = _TEXT_VECTORS[0] if _TEXT_VECTORS else {}
    last: dict[tuple[str, str, str], dict[str, float]] = _TEXT_VECTORS[1] if _TEXT_VECTORS else {}
    changed = {t for t, weight in idf.items() if last_idf.get(t) != weight}
    changed.update(t for t in last_idf if t not in idf)
    kept: dict[tuple[str, str, str], dict[str, float]] = {}
    vectors: list[dict[str, float]] = []
    for key, bag in zip(keys, bags, strict=True):
        vector = last.get(key)
        if vector is None or not changed.isdisjoint(bag):
            vector = _text_vector(bag, idf)
        vectors.append(kept.setdefault(key, vector))
    _TEXT_VECTORS[:] = [idf, kept] if across_builds() else []
    return vectors


def _text_vector(bag: Counter[str], idf: Mapping[str, float]) -> dict[str, float]:
    """The unit tf-idf vector of a document's KEPT_TERMS strongest keywords."""
    weights = {t: (1 + math.log(n)) * idf[t] for t, n in bag.items() if idf[t] > 0}
    return _unit(dict(_top(weights, KEPT_TERMS)))


def _scores(
    i: int,
    text_vector: Mapping[str, float],
    topic_vector: Mapping[str, float],
    text_index: Mapping[str, list[tuple[int, float]]],
    topic_index: Mapping[str, list[tuple[int, float]]],
) -> dict[int, float]:
    """How related every other document is to document `i`: topics weigh TOPIC_WEIGHT, the
    QUERY_TERMS strongest keywords the rest."""
    scores: dict[int, float] = defaultdict(float)
    for term, topic_weight in topic_vector.items():
        share = TOPIC_WEIGHT * topic_weight
        for j, other in topic_index.get(term, ()):
            scores[j] += share * other
    for term, text_weight in list(text_vector.items())[:QUERY_TERMS]:  # strongest first
        share = (1 - TOPIC_WEIGHT) * text_weight
        for j, other in text_index.get(term, ()):
            scores[j] += share * other
    scores.pop(i, None)
    return scores


def _top(weights: Mapping[K, float], n: int) -> list[tuple[K, float]]:
    """The `n` heaviest items, heaviest first, ties by key: what sorting every item by
    (-weight, key) would give, but only the few at the cut are compared by key."""
    if len(weights) <= n:
        return sorted(weights.items(), key=lambda kw: (-kw[1], kw[0]))
    cut = heapq.nlargest(n, weights.values())[-1]
    return sorted(((k, w) for k, w in weights.items() if w >= cut), key=lambda kw: (-kw[1], kw[0]))[
        :n
    ]


def _inverted(vectors: Sequence[Mapping[str, float]]) -> dict[str, list[tuple[int, float]]]:
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term, weight in vector.items():
            index[term].append((i, weight))
    for postings in index.values():
        if len(postings) > POSTINGS:
            postings.sort(key=lambda p: (-p[1], p[0]))
            del postings[POSTINGS:]
    return index
