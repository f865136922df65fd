"""Topics: one vocabulary and one graph that organise every article.

A topic is identified by its *match key*: the name lower-cased, transliterated, with punctuation,
possessive "'s" and extra whitespace removed ("Cold-Calling!" and "cold calling" -> "cold calling").
The vocabulary (from the site's config) maps many keys to one topic: its slug, title, synonyms and,
where the topic allows it, the singular/plural of each ("cold call" / "cold calls").

`build_graph` reads the public articles once and returns the `TopicGraph` every feature uses: topic
pages, chips, related topics, topics.json, and later per-topic feeds. `classify` matches any text
against topics, so foreign items (feeds, the aggregator) are sorted with the same vocabulary.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .content import Post
from .problems import Problem, Severity
from .urls import slugify

TOPICS_PATH = "topics/"  # the index; a topic lives at topics/<slug>/
CONFIG_FIELD = "topics"  # how problems in the config name the option
RELATED_TOPICS = 5  # related topics shown on a topic page

_POSSESSIVE = re.compile(r"(\w)['’]s\b", re.IGNORECASE)  # "BUYER'S" too
_ASCII_WORD = re.compile(r"^[a-z]+$")


# -- normalisation --------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)  # a site spells its few dozen topics thousands of times
def match_key(name: str) -> str:
    """The identity of a topic name: "Buyer's Journey", "buyer-journey" -> "buyer journey".

    Names with no letters or digits at all (an emoji) keep their symbols, so they stay distinct.
    """
    cleaned = " ".join(unicodedata.normalize("NFKC", name).split())
    slug = slugify(_POSSESSIVE.sub(r"\1", cleaned))
    return slug.replace("-", " ") if slug else cleaned.casefold()


def singular(word: str) -> str:
    """A cheap English singular for matching ("calls" -> "call", "stories" -> "story")."""
    if len(word) <= 3 or not _ASCII_WORD.match(word):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def number_variants(key: str) -> set[str]:
    """The other grammatical number of a key's last word: "cold call" <-> "cold calls"."""
    head, _, last = key.rpartition(" ")
    if not _ASCII_WORD.match(last):
        return set()
    one = singular(last)
    if one != last:  # the key ends in a plural: add its singular
        forms = {one}
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        forms = {last[:-1] + "ies"}
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        forms = {last + "es"}
    else:
        forms = {last + "s"}
    return {f"{head} {form}" if head else form for form in forms}


# -- the vocabulary -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    title: str
    description: str = ""
    parent: str | None = None  # slug of the broader topic
    synonyms: tuple[str, ...] = ()
    plurals: bool = True  # also match the singular/plural of the slug, title and synonyms
    declared: bool = True  # from the vocabulary (False: first seen in a post)

    @property
    def url(self) -> str:
        return f"{TOPICS_PATH}{self.slug}/"

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling the vocabulary gives: slug, title, synonyms."""
        return (self.slug, self.title, *self.synonyms)


@dataclass(frozen=True)
class Vocabulary:
    topics: Mapping[str, Topic] = field(default_factory=dict)  # by slug, in declaration order
    terms: Mapping[str, str] = field(default_factory=dict)  # match key -> slug
    strict: bool = False  # only these topics are allowed

    def __bool__(self) -> bool:
        return bool(self.topics)

    def resolve(self, name: str) -> Topic | None:
        slug = self.terms.get(match_key(name))
        return self.topics[slug] if slug is not None else None

    def closest(self, name: str) -> Topic | None:
        """The known topic whose spelling is nearest to an unknown name."""
        found = difflib.get_close_matches(match_key(name), list(self.terms), n=1, cutoff=0.6)
        return self.topics[self.terms[found[0]]] if found else None


def title_from_slug(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def build_vocabulary(
    topics: Iterable[Topic], *, strict: bool = False, config_file: str = "mkdocs.yml"
) -> tuple[Vocabulary, list[Problem]]:
    """Check the declared topics (slugs, parents, no cycles, no spelling claimed twice) and index
    every spelling. Explicit spellings win over generated plural forms; a plural form two topics
    would share matches neither."""
    problems: list[Problem] = []

    def error(slug: str, what: str, message: str) -> None:
        where = f"{CONFIG_FIELD}.vocabulary.{slug}{'.' + what if what else ''}"
        problems.append(Problem(config_file, None, where, message, Severity.ERROR))

    by_slug = _topics_with_valid_slugs(topics, error)
    _check_parents(by_slug, error)
    terms = _spellings(by_slug, error)
    _add_plural_forms(by_slug, terms)
    return Vocabulary(by_slug, terms, strict), problems


_Error = Callable[[str, str, str], None]  # (topic slug, sub-field, message)


def _topics_with_valid_slugs(topics: Iterable[Topic], error: _Error) -> dict[str, Topic]:
    """The topics by slug, leaving out (with an error) a key that is not a slug."""
    by_slug: dict[str, Topic] = {}
    for topic in topics:
        if slugify(topic.slug) != topic.slug or not topic.slug:
            error(
                topic.slug,
                "",
                f"'{topic.slug}' is not a slug; use '{slugify(topic.slug) or 'a-name'}' as the key"
                " and put the display name in 'title:'",
            )
            continue
        by_slug[topic.slug] = topic
    return by_slug


def _check_parents(by_slug: Mapping[str, Topic], error: _Error) -> None:
    """Every parent is a topic of the vocabulary, and no chain of parents loops."""
    for topic in by_slug.values():
        if topic.parent is not None and topic.parent not in by_slug:
            close = difflib.get_close_matches(topic.parent, list(by_slug), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            error(topic.slug, "parent", f"'{topic.parent}' is not a topic of the vocabulary{hint}")
    for topic in by_slug.values():
        seen = [topic.slug]
        parent = topic.parent
        while parent is not None and parent in by_slug:
            if parent in seen:
                error(topic.slug, "parent", f"makes a loop: {' -> '.join([*seen, parent])}")
                break
            seen.append(parent)
            parent = by_slug[parent].parent


def _spellings(by_slug: Mapping[str, Topic], error: _Error) -> dict[str, str]:
    """Match key -> slug for every declared spelling; a spelling claimed twice is an error."""
    terms: dict[str, str] = {}
    for topic in by_slug.values():
        for name in topic.names:
            key = match_key(name)
            owner = terms.setdefault(key, topic.slug)
            if owner != topic.slug:
                error(
                    topic.slug,
                    "synonyms",
                    f"'{name}' already names the topic '{owner}'; keep it in one topic only",
                )
    return terms


def _add_plural_forms(by_slug: Mapping[str, Topic], terms: dict[str, str]) -> None:
    """Singular/plural variants of the spellings of topics that allow them, into `terms`, unless
    a spelling already claims the variant or two topics would share it."""
    variants: dict[str, set[str]] = defaultdict(set)
    for topic in by_slug.values():
        if topic.plurals:
            for name in topic.names:
                for variant in number_variants(match_key(name)):
                    variants[variant].add(topic.slug)
    for variant, owners in variants.items():
        if variant not in terms and len(owners) == 1:
            terms[variant] = next(iter(owners))


# -- the graph ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexEntry:
    topic: Topic
    count: int  # articles on the topic or its subtopics
    depth: int  # 0 for a section's own topic, 1 for its subtopics ...


@dataclass(frozen=True, slots=True)
class IndexSection:
    """A group on the topics index: a broad topic and its subtopics, or (topic None) the rest."""

    topic: Topic | None
    count: int
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True)
class TopicGraph:
    topics: Mapping[str, Topic]  # every topic: the vocabulary's, then those first seen in posts
    articles: Mapping[str, tuple[Post, ...]]  # slug -> articles on it or a subtopic, newest first
    of_post: Mapping[str, tuple[Topic, ...]]  # src_uri -> the post's topics, in its order
    children: Mapping[str, tuple[str, ...]]  # slug -> subtopics that have articles
    related: Mapping[
        str, tuple[str, ...]
    ]  # slug -> topics sharing articles with it, strongest first

    def in_use(self) -> list[Topic]:
        """Topics with at least one article: exactly the ones that get a page."""
        return [t for t in self.topics.values() if self.articles.get(t.slug)]

    def count(self, slug: str) -> int:
        return len(self.articles.get(slug, ()))

    def ancestors(self, slug: str) -> tuple[Topic, ...]:
        """Broader topics, nearest first (the vocabulary is checked for loops)."""
        chain: list[Topic] = []
        parent = self.topics[slug].parent
        while parent is not None and parent in self.topics and len(chain) < len(self.topics):
            chain.append(self.topics[parent])
            parent = self.topics[parent].parent
        return tuple(chain)

    def index(self) -> tuple[IndexSection, ...]:
        """The topics index: each broad topic with its subtopics (depth first), then the topics
        that stand alone. Declared topics keep the vocabulary's order; others sort by title."""
        sections: list[IndexSection] = []
        alone: list[IndexEntry] = []
        for topic in self.in_use():
            if topic.parent is not None and self.articles.get(topic.parent):
                continue  # shown under its parent
            entry = IndexEntry(topic, self.count(topic.slug), 0)
            if self.children.get(topic.slug):
                sections.append(
                    IndexSection(topic, entry.count, tuple(self._subtree(topic.slug, 1)))
                )
            else:
                alone.append(entry)
        if alone:
            sections.append(IndexSection(None, sum(e.count for e in alone), tuple(alone)))
        return tuple(sections)

    def _subtree(self, slug: str, depth: int) -> Iterable[IndexEntry]:
        for child in self.children.get(slug, ()):
            yield IndexEntry(self.topics[child], self.count(child), depth)
            yield from self._subtree(child, depth + 1)


def _fallback_slug(key: str) -> str:
    """A slug for a name slugify cannot spell (only emoji or symbols): stable across builds."""
    return "topic-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def build_graph(
    vocabulary: Vocabulary,
    articles: Iterable[Post],
    *,
    display_root: str = "posts",
) -> tuple[TopicGraph, list[Problem]]:
    """Resolve every article's topics against the vocabulary and link it all up.

    `articles` are the public ones (`Publication.articles`, newest first): drafts and scheduled
    posts never reach a topic. Problems: unknown topics (a warning, an error when the vocabulary is
    strict) with the closest known topic.
    """
    articles = list(articles)
    problems: list[Problem] = []
    resolved, free_titles = _resolve_names(vocabulary, articles, display_root, problems)
    known = dict(vocabulary.topics)
    free_slug = _free_topic_slugs(free_titles, set(known))
    for key in sorted(free_titles, key=lambda k: (free_titles[k].casefold(), k)):
        known[free_slug[key]] = Topic(free_slug[key], free_titles[key], declared=False)
    of_post, direct = _topics_of_posts(articles, resolved, free_slug, known)
    articles_by_topic = _articles_with_subtopics(known, direct)
    children: dict[str, list[str]] = defaultdict(list)
    for topic in known.values():
        if topic.parent in known and topic.slug in articles_by_topic:
            children[topic.parent].append(topic.slug)

    graph = TopicGraph(
        topics=known,
        articles=articles_by_topic,
        of_post=of_post,
        children={k: tuple(v) for k, v in children.items()},
        related=_related_topics(known, of_post, articles_by_topic),
    )
    return graph, problems


def _resolve_names(
    vocabulary: Vocabulary, articles: list[Post], display_root: str, problems: list[Problem]
) -> tuple[dict[str, list[str | None]], dict[str, str]]:
    """Per article (src_uri), each topic name as "=slug" (a vocabulary topic), a free match key
    (a topic first seen in posts) or None (refused by a strict vocabulary); and the first
    spelling of every free key, oldest article first. Unknown names are reported."""
    free_titles: dict[str, str] = {}
    resolved: dict[str, list[str | None]] = {}
    for post in reversed(articles):
        path = f"{display_root}/{post.src_uri}"
        keys: list[str | None] = []
        for name in post.topics:
            topic = vocabulary.resolve(name)
            if topic is not None:
                keys.append("=" + topic.slug)
                continue
            key = match_key(name)
            if vocabulary:
                problems.append(_unknown_topic(path, name, key, vocabulary))
                if vocabulary.strict:
                    keys.append(None)
                    continue
            free_titles.setdefault(key, name)
            keys.append(key)
        resolved[post.src_uri] = keys
    return resolved, free_titles


def _free_topic_slugs(free_titles: Mapping[str, str], taken: set[str]) -> dict[str, str]:
    """A slug for every free topic key, numbered (-2, -3 ...) past the slugs already taken."""
    free_slug: dict[str, str] = {}
    for key in sorted(free_titles):
        base = slugify(key) or _fallback_slug(key)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        free_slug[key] = slug
    return free_slug


def _topics_of_posts(
    articles: list[Post],
    resolved: Mapping[str, list[str | None]],
    free_slug: Mapping[str, str],
    known: Mapping[str, Topic],
) -> tuple[dict[str, tuple[Topic, ...]], dict[str, list[Post]]]:
    """Each article's topics (in its order, no topic twice), and each topic's own articles."""
    of_post: dict[str, tuple[Topic, ...]] = {}
    direct: dict[str, list[Post]] = defaultdict(list)
    for post in articles:
        slugs: list[str] = []
        for ref in resolved[post.src_uri]:
            if ref is None:
                continue
            slug = ref[1:] if ref.startswith("=") else free_slug[ref]
            if slug not in slugs:
                slugs.append(slug)
        of_post[post.src_uri] = tuple(known[s] for s in slugs)
        for slug in slugs:
            direct[slug].append(post)
    return of_post, direct


def _articles_with_subtopics(
    known: Mapping[str, Topic], direct: Mapping[str, list[Post]]
) -> dict[str, tuple[Post, ...]]:
    """A topic's articles include its subtopics': "Cold calling" pieces are "Prospecting" pieces.
    Newest first; only topics with articles."""
    on_topic: dict[str, dict[str, Post]] = defaultdict(dict)
    for slug, posts in direct.items():
        chain, seen = [slug], {slug}
        parent = known[slug].parent
        while parent is not None and parent in known and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = known[parent].parent
        for ancestor in chain:
            for post in posts:
                on_topic[ancestor][post.src_uri] = post
    return {
        slug: tuple(sorted(on_topic[slug].values(), key=lambda p: p.sort_key))
        for slug in known
        if on_topic.get(slug)
    }


def _unknown_topic(path: str, name: str, key: str, vocabulary: Vocabulary) -> Problem:
    close = vocabulary.closest(name)
    hint = f" (did you mean '{close.slug}', {close.title}?)" if close else ""
    if vocabulary.strict:
        fix = "use a topic of the vocabulary; topics.strict allows no others"
        severity = Severity.ERROR
    else:
        fix = (
            f"fix the spelling, or add '{slugify(key) or key}' to topics -> vocabulary"
            " in mkdocs.yml"
        )
        severity = Severity.WARNING
    return Problem(path, None, "topics", f"unknown topic '{name}'{hint}; {fix}", severity)


def _related_topics(
    topics: Mapping[str, Topic],
    of_post: Mapping[str, tuple[Topic, ...]],
    articles: Mapping[str, tuple[Post, ...]],
) -> dict[str, tuple[str, ...]]:
    """Topics that share articles, strongest (Jaccard over their articles) first. A topic's own
    parent and children are shown separately, so they are left out here."""
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for post_topics in of_post.values():
        slugs = [t.slug for t in post_topics]
        for a in slugs:
            for b in slugs:
                if a != b:
                    together[a][b] += 1
    related: dict[str, tuple[str, ...]] = {}
    for slug, counts in together.items():
        family = {topics[slug].parent, *(t.slug for t in topics.values() if t.parent == slug)}

        def strength(
            other: str, slug: str = slug, counts: Counter[str] = counts
        ) -> tuple[float, str]:
            shared = counts[other]
            union = len(articles.get(slug, ())) + len(articles.get(other, ())) - shared
            return (-(shared / union if union > 0 else 0.0), topics[other].title.casefold())

        ranked = sorted((o for o in counts if o not in family), key=strength)
        related[slug] = tuple(ranked[:RELATED_TOPICS])
    return related


# -- classification -------------------------------------------------------------------------------


def _match_tokens(text: str) -> list[str]:
    return [singular(word) for word in match_key(text).split()]


_Phrases = Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]


@lru_cache(maxsize=8)
def _phrase_index(categories: tuple[Topic, ...]) -> _Phrases:
    """First word -> (phrase, slug) of every spelling of `categories`, longest phrase first.
    The same topics classify every item of a river and every untagged post: indexed once."""
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    for topic in categories:
        phrases = {tuple(_match_tokens(name)) for name in topic.names}
        for phrase in phrases:
            if phrase:
                by_first[phrase[0]].append((phrase, topic.slug))
    for candidates in by_first.values():
        candidates.sort(key=lambda c: -len(c[0]))  # longest phrase first
    return {first: tuple(candidates) for first, candidates in by_first.items()}


def classify(
    text: str, categories: Iterable[Topic], *, limit: int = 3, min_score: int = 2
) -> list[str]:
    """The slugs of the topics `text` is most about, best first (at most `limit`).

    Counts whole-phrase mentions of every spelling of each topic (slug, title, synonyms, in either
    grammatical number); a phrase of n words scores n, so "cold calling" outweighs a stray
    "calling". One pass over the text through a first-word index: linear in its length. Usable on
    any text: posts, feed items, aggregated articles.
    """
    by_first = _phrase_index(tuple(categories))
    tokens = _match_tokens(text)
    scores: Counter[str] = Counter()
    for i, token in enumerate(tokens):
        matched: set[str] = set()
        for phrase, slug in by_first.get(token, ()):
            if slug not in matched and tuple(tokens[i : i + len(phrase)]) == phrase:
                matched.add(slug)
                scores[slug] += len(phrase)
    ranked = sorted(
        (s for s, score in scores.items() if score >= min_score), key=lambda s: (-scores[s], s)
    )
    return ranked[:limit]


def suggest_topics(
    posts_without_topics: Iterable[tuple[Post, str]],
    vocabulary: Vocabulary,
    *,
    display_root: str = "posts",
) -> list[Problem]:
    """A warning for each article without topics, naming the vocabulary topics its text (title,
    description, body) matches best."""
    problems: list[Problem] = []
    if not vocabulary:
        return problems
    for post, body in posts_without_topics:
        text = f"{post.title}\n{post.title}\n{post.description}\n{body}"
        best = classify(text, vocabulary.topics.values())
        if best:
            message = (
                "has no topics; its text matches "
                f"{', '.join(vocabulary.topics[s].title for s in best)}"
                f" best: add 'topics: [{', '.join(best)}]'"
            )
        else:
            message = (
                "has no topics and its text matches none of the vocabulary; add 'topics: [...]'"
                " so readers find it from a topic page"
            )
        problems.append(
            Problem(f"{display_root}/{post.src_uri}", None, "topics", message, Severity.WARNING)
        )
    return problems
