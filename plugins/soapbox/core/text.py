"""Plain-text views of markdown: first heading, first paragraph, word counts, trimming.

Cheap, regex-based and deliberately approximate: these feed listings and byline numbers, so a post's
excerpt is computed once from its source and never by re-rendering HTML.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable

WORDS_PER_MINUTE = 220

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_ATX_ANY = re.compile(r"^#{1,6}\s")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
_HTML_TAG = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`|~~)")
_ATTR_LIST = re.compile(r"\{:?[^}]*\}")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def strip_code_blocks(markdown: str) -> str:
    return _FENCE.sub("", markdown)


def first_heading(markdown: str) -> tuple[str, int] | None:
    """The first level-1 ATX heading as (plain text, 0-based line index), outside code fences."""
    fenced = False
    for index, line in enumerate(markdown.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            match = _HEADING.match(line)
            if match:
                return inline_text(match.group(1)), index
    return None


def inline_text(markdown: str) -> str:
    """Markdown inline syntax to plain text (links keep their text, tags and emphasis go)."""
    text = _IMAGE.sub(r"\1", markdown)
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
    text = _ATTR_LIST.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    return html.unescape(" ".join(text.split()))


def first_paragraph(markdown: str) -> str:
    """The first prose paragraph as plain text: skips headings, lists, quotes, tables, code and
    HTML."""
    paragraph: list[str] = []
    for line in strip_code_blocks(markdown).splitlines():
        stripped = line.strip()
        if not stripped:
            if paragraph:
                break
            continue
        skip = (
            _ATX_ANY.match(stripped)
            or stripped.startswith(("<", "|", ">", "!!!", "???", "---", "***", "[TOC]", "{"))
            or re.match(r"^([-*+]|\d+[.)])\s", stripped)
            or line.startswith("    ")
        )
        if skip:
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    return inline_text(" ".join(paragraph))


def word_count(markdown: str) -> int:
    return len(_WORD.findall(inline_text(strip_code_blocks(markdown))))


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def trim(text: str, limit: int) -> str:
    """Shorten to at most `limit` characters on a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if text[limit - 1] != " ":  # the cut falls inside a word: back up to the last whole one
        space = cut.rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def format_date(moment, pattern: str) -> str:
    """strftime with portable `%-d` / `%-m` (day and month without a leading zero)."""
    pattern = pattern.replace("%-d", str(moment.day)).replace("%-m", str(moment.month))
    return moment.strftime(pattern)


_HTML_LINK = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S)


def unlink(html_text: str, is_dead: Callable[[str], bool]) -> str:
    """html_text with every ``<a href>`` whose (unescaped) href ``is_dead`` replaced by its
    content: a published article may mention a draft, but must not link to a page that does
    not exist (the draft's link comes back when the draft is published)."""

    def keep_text(match: re.Match[str]) -> str:
        return match.group(2) if is_dead(html.unescape(match.group(1))) else match.group(0)

    return _HTML_LINK.sub(keep_text, html_text)


def drop_first_heading(markdown: str) -> str:
    """markdown without its first `# heading` (a post whose title came from it: the template
    prints the title in the header)."""
    heading = first_heading(markdown)
    if heading is None:
        return markdown
    lines = markdown.splitlines(keepends=True)
    del lines[heading[1]]
    return "".join(lines)
