"""Topics an import brings -> vocabulary entries, added to mkdocs.yml without losing a comment.

Categories and tags become topics. A name the site's vocabulary already knows (by slug, title or
synonym, see `core.topics`) is left alone; every other name becomes a topic whose title is its
first spelling and whose other spellings are synonyms, so `--strict` builds stay clean. The
entries go into a clearly marked block right under `vocabulary:` (text, not a YAML round trip:
every comment and the author's formatting stay as they are).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from ..topics import Vocabulary
from ..urls import slugify

BEGIN = "# --- topics added by `soapbox import` (edit them freely) ---"
END = "# --- end of topics added by `soapbox import` ---"
_TOPICS_KEY = re.compile(r"^(?P<indent>[ \t]*)topics:[ \t]*(?:#.*)?$")
_VOCABULARY_KEY = re.compile(r"^(?P<indent>[ \t]*)vocabulary:[ \t]*(?:#.*)?$")


@dataclass(frozen=True, slots=True)
class NewTopic:
    slug: str
    title: str
    synonyms: tuple[str, ...] = ()


def new_topics(names: Iterable[str], vocabulary: Vocabulary | None) -> list[NewTopic]:
    """The names the vocabulary does not know, one topic per slug, in first-seen order."""
    spellings: dict[str, list[str]] = {}
    for name in names:
        if vocabulary is not None and vocabulary.resolve(name) is not None:
            continue
        slug = slugify(name)
        if not slug:
            continue
        forms = spellings.setdefault(slug, [])
        if name not in forms:
            forms.append(name)
    topics = []
    for slug, forms in spellings.items():
        title = forms[0]
        topics.append(NewTopic(slug, title, tuple(forms[1:])))
    return topics


def vocabulary_block(topics: Iterable[NewTopic], indent: str) -> list[str]:
    lines = [f"{indent}{BEGIN}"]
    for topic in topics:
        entry: dict = {"title": topic.title}
        if topic.synonyms:
            entry["synonyms"] = list(topic.synonyms)
        dumped = yaml.safe_dump(
            {topic.slug: entry}, allow_unicode=True, sort_keys=False, default_flow_style=None
        )
        lines += [f"{indent}{line}" for line in dumped.splitlines()]
    lines.append(f"{indent}{END}")
    return lines


def add_to_config(text: str, topics: list[NewTopic]) -> str | None:
    """mkdocs.yml's text with `topics` added under `topics: vocabulary:`; None when that key
    cannot be found in block style (the caller prints the entries to paste by hand)."""
    if not topics:
        return text
    lines = text.splitlines(keepends=True)
    topics_indent: str | None = None
    for index, line in enumerate(lines):
        bare = line.rstrip("\r\n")
        found = _TOPICS_KEY.match(bare)
        if found:
            topics_indent = found.group("indent")
            continue
        vocabulary = _VOCABULARY_KEY.match(bare)
        if vocabulary and topics_indent is not None:
            own = vocabulary.group("indent")
            if len(own) <= len(topics_indent):
                continue
            child = own + "  "
            for following in lines[index + 1 :]:
                stripped = following.strip()
                if stripped and not stripped.startswith("#"):
                    width = len(following) - len(following.lstrip())
                    if width > len(own):
                        child = following[:width]
                    break
            newline = "\r\n" if line.endswith("\r\n") else "\n"
            block = [item + newline for item in vocabulary_block(topics, child)]
            if not line.endswith(("\n", "\r")):
                lines[index] = line + newline
            return "".join(lines[: index + 1] + block + lines[index + 1 :])
    return None
