"""Content checks that keep the SEO data good: alt text, description length, one `h1`,
duplicate titles. Framework-free."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .problems import Problem, Severity
from .seo_records import (
    DESCRIPTION_LENGTH,
)

# --- content checks ------------------------------------------------------------------------------

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\s*(\([^)]*\)|\[[^\]]*\])")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT_ATTR = re.compile(r"\balt\s*=", re.IGNORECASE)
_ATX_H1 = re.compile(r"^ {0,3}#(?!#)\s+\S")
_SETEXT_H1 = re.compile(r"^ {0,3}=+\s*$")
_HTML_H1 = re.compile(r"<h1\b", re.IGNORECASE)
_LONE_HASH = re.compile(r"(?<!#)#(?!#)\s")  # every `# heading` has one; `## ...` do not


@dataclass(frozen=True, slots=True)
class BodyFacts:
    """What the checks read from one markdown body (line numbers are the file's)."""

    images_without_alt: tuple[tuple[int, str], ...]  # (line, the image's source)
    h1_lines: tuple[int, ...]


def body_facts(body: str, first_line: int) -> BodyFacts:
    """Scan a markdown body (outside code fences) for images without alt text and level-1
    headings (`# `, setext `===`, `<h1>`). `first_line` is the file line the body starts on."""
    if _nothing_to_report(body):
        return BodyFacts((), ())
    images: list[tuple[int, str]] = []
    h1: list[int] = []
    fence: str | None = None
    previous = ""
    for index, line in enumerate(body.splitlines()):
        number = first_line + index
        stripped = line.strip()
        marker = stripped[:3]
        if marker in ("```", "~~~"):
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            previous = ""
            continue
        if fence is not None or line.startswith(("    ", "\t")):
            previous = ""
            continue
        for match in _MD_IMAGE.finditer(line):
            if not match.group(1).strip():
                images.append((number, match.group(2).strip("()[] ").split(" ")[0]))
        for match in _HTML_IMG.finditer(line):
            if not _ALT_ATTR.search(match.group(0)):
                src = re.search(r"\bsrc\s*=\s*[\"']?([^\"'\s>]+)", match.group(0))
                images.append((number, src.group(1) if src else "<img>"))
        if _ATX_H1.match(line) or _HTML_H1.search(line):
            h1.append(number)
        elif (
            _SETEXT_H1.match(line)
            and previous.strip()
            and not previous.lstrip().startswith(("#", "-", "*", ">"))
        ):
            h1.append(number - 1)
        previous = line
    return BodyFacts(tuple(images), tuple(h1))


def _nothing_to_report(body: str) -> bool:
    """No image, no HTML, no setext underline and no `# heading` anywhere (code included): what
    every line of such a body would say is that it has nothing to report."""
    return not ("![" in body or "<" in body or "=" in body or _LONE_HASH.search(body))


@dataclass(frozen=True, slots=True)
class CheckedPage:
    """One written page for the content checks."""

    path: str  # as the author sees it: "posts/rants/x.md"
    title: str
    is_article: bool
    title_in_body: bool  # the title is the body's first `# heading` (dropped from the body)
    template_h1: bool  # the page's template prints the title as an h1 (articles, home, speaker)
    description: str
    description_line: int | None
    summary: str
    facts: BodyFacts


def check_pages(
    pages: Iterable[CheckedPage], *, description_length: int = DESCRIPTION_LENGTH
) -> list[Problem]:
    """Warnings (they fail `mkdocs build --strict`) an author can act on."""
    problems: list[Problem] = []

    def warn(page: CheckedPage, line: int | None, field_name: str | None, message: str) -> None:
        problems.append(Problem(page.path, line, field_name, message, Severity.WARNING))

    for page in pages:
        for line, src in page.facts.images_without_alt:
            warn(
                page,
                line,
                "image",
                f"'{src}' has no alt text; describe it inside the brackets, like ![What the picture"
                ' shows](...), or give an <img> alt="" if it is only decoration',
            )
        length = len(page.description)
        if length > description_length:
            warn(
                page,
                page.description_line,
                "description",
                f"is {length} characters; search results show about {description_length}, so it is "
                "cut"
                f" mid-sentence: shorten it by {length - description_length} or more",
            )
        elif page.is_article and not page.description and not page.summary.strip():
            warn(
                page,
                1,
                "description",
                "is missing and the text does not start with a paragraph to use instead; add"
                " 'description: ...' (one or two sentences, under"
                f" {description_length} characters) for search results and shared links",
            )
        h1 = list(page.facts.h1_lines)
        if page.title_in_body and h1:
            h1 = h1[1:]  # that heading is the title; the template prints it
        total = len(h1) + (1 if page.template_h1 else 0)
        if not page.template_h1 and not h1:
            total = 1  # the theme prints the title
        if total > 1:
            extra = h1[1] if not page.template_h1 and len(h1) > 1 else h1[0]
            warn(
                page,
                extra,
                "heading",
                "is a second level-1 heading (the page's title is the first); make it '## ...' so "
                "the"
                " page has one h1",
            )
    return problems


def duplicate_titles(titles: Iterable[tuple[str, str, int | None]]) -> list[Problem]:
    """(title as in <title>, where, line) of every page -> a warning for each page whose title is
    already taken: search results would show two identical titles."""
    seen: dict[str, str] = {}
    problems = []
    for title, where, line in titles:
        key = " ".join(title.casefold().split())
        if key in seen:
            problems.append(
                Problem(
                    where,
                    line,
                    "title",
                    f"'{title}' is also the title of {seen[key]}; give each page its own title so"
                    " search results can tell them apart",
                    Severity.WARNING,
                )
            )
        else:
            seen[key] = where
    return problems
