"""Sort aggregated items into the site's topics, with the same vocabulary the author's posts use.

An item's topics, best first (at most `LIMIT`):
1. its own categories that name a topic of the vocabulary (by slug, title, synonym or the other
   grammatical number; "Sales / Pricing" and "sales>pricing" are tried part by part);
2. the source's topic hints (from mkdocs.yml or the OPML category): the author's word that
   everything this blog writes belongs there;
3. the topics its title (counted twice) and excerpt mention most (`soapbox.core.topics.classify`).

Items matching nothing keep no topic: they stay in the river and on no topic page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..kept import Kept
from ..topics import Vocabulary, classify
from .model import Item

LIMIT = 4
_PARTS = re.compile(r"\s*[/>|]\s*")


def category_topics(categories: Iterable[str], vocabulary: Vocabulary) -> list[str]:
    slugs: list[str] = []
    for category in categories:
        candidates = [category, *(p for p in _PARTS.split(category) if p and p != category)]
        for candidate in candidates:
            topic = vocabulary.resolve(candidate)
            if topic is not None and topic.slug not in slugs:
                slugs.append(topic.slug)
    return slugs


def topics_of(item: Item, vocabulary: Vocabulary, hints: Iterable[str] = ()) -> tuple[str, ...]:
    """The slugs of the vocabulary topics `item` belongs to (see the module docstring)."""
    if not vocabulary:
        return ()
    found = category_topics(item.categories, vocabulary)
    found += [s for s in dict.fromkeys(hints) if s in vocabulary.topics and s not in found]
    text = f"{item.title}\n{item.title}\n{item.excerpt_text}"
    found += [s for s in classify(text, vocabulary.topics.values(), limit=LIMIT) if s not in found]
    return tuple(found[:LIMIT])


class _Classified:
    """`topics_of` is a pure function of the item, the vocabulary and the hints. The river is
    classified again on every `mkdocs serve` rebuild from the same snapshot: while the vocabulary
    is equal, each item's topics of the last round are reused."""

    def __init__(self) -> None:
        self._vocabulary: Vocabulary | None = None
        self._kept: Kept[tuple[Item, tuple[str, ...]], tuple[str, ...]] = Kept()

    def session(self, vocabulary: Vocabulary) -> Callable[[Item, tuple[str, ...]], tuple[str, ...]]:
        """`topics_of` with `vocabulary`, for one river."""
        if vocabulary != self._vocabulary:
            self._vocabulary, self._kept = vocabulary, Kept()
        kept = self._kept
        kept.new_round()

        def classified(item: Item, hints: tuple[str, ...]) -> tuple[str, ...]:
            return kept.value((item, hints), lambda: topics_of(item, vocabulary, hints))

        return classified


classifier = _Classified().session
